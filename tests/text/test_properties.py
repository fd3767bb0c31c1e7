"""Property tests: every step and the whole pipeline never raise and are idempotent, on arbitrary
unicode, help-desk-like text, empty strings and a 1 MB string."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from vocmine.text import model_text, normalize, redact, remove, replace
from vocmine.text.pipeline import display_pipeline

PIPE = display_pipeline()
STEPS = [
    remove.html, remove.quoted_replies, remove.signatures, remove.greetings, remove.disclaimers,
    remove.boilerplate, remove.auto_replies, remove.chat_transcripts, remove.form_fields,
    replace.emails, replace.phones, replace.cpfs, replace.cnpjs, replace.cards, replace.ceps, replace.ssns,
    replace.ips, replace.urls, replace.pix_keys,
    normalize.mojibake, normalize.unicode, normalize.whitespace, normalize.accents,
    redact, PIPE, model_text,
]
IDS = [f"{getattr(s, '__module__', '').rsplit('.', 1)[-1]}.{getattr(s, '__name__', 'pipeline')}" for s in STEPS]

# fragments that exercise the regexes far more often than random unicode does
FRAGMENTS = [
    "Olá,", "Oi", "Bom dia!", "Hi team,", "Att,", "Atenciosamente", "Sent from my iPhone", "Enviado do meu iPhone",
    "\n", "\n\n", " ", "> ", "-----Original Message-----", "De: a\nEnviado: b", "On Mon, Jun 3, 2024 at 10:02 AM X wrote:",
    "Em seg., 3 de jun. de 2024 às 10:02, X escreveu:", "<p>", "</p>", "<br>", "&amp;", "&lt;b&gt;", "<blockquote>",
    "529.982.247-25", "52998224725", "11.222.333/0001-81", "4111 1111 1111 1111", "(11) 98765-4321", "+55",
    "joao@x.com", "https://www.x.com/a?b=1", "CEP 01310-100", "123-45-6789", "10.0.0.1", "fe80::1",
    "123e4567-e89b-12d3-a456-426614174000", "R$ 1.234,56", "03/06/2024", "#123456", "pedido", "NÃ£o", "Ã§",
    "Esta mensagem pode conter informação confidencial.", "##- Digite sua resposta acima desta linha -##",
    "[CPF]", "[URL:x.com]", "[10:02] Bot: ", "[10:03] Ana: ", "Nome: ", "E-mail: ", "Mensagem:", "---------- Forwarded message ---------\n", "From: a\n", "Maria\n", "1", "-", ".", "9", "0", "\u00a0", "\u200b", "e\u0301", "\r\n",
]
helpdesk = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=25).map("".join)
anything = st.one_of(st.text(max_size=300), helpdesk)

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("step", STEPS, ids=IDS)
@SETTINGS
@given(text=anything)
# found by hypothesis: a reply-above marker with nothing above it, then words, then another marker
@example(text="##Digite sua resposta acima desta linha\nE\n##Digite sua resposta acima desta linha")
@example(text="ALO.ALO.ALO.ALO.ALO.0")  # more stacked greetings than the old 4-pass bound
@example(text="ALO.\xa0ALO.0")  # a non-breaking space between two greetings
def test_never_raises_and_idempotent(step, text):
    once = step(text)
    assert isinstance(once, str)
    assert step(once) == once


@pytest.mark.parametrize("step", STEPS, ids=IDS)
def test_empty_and_huge(step):
    assert step("") == ""
    block = ("Olá, meu CPF é 529.982.247-25 e o pedido #123456 de R$ 1.234,56 não chegou.\n"
             "Att,\nMaria (11) 98765-4321 <p>x</p> NÃ£o " * 200)
    huge = (block * (1_000_000 // len(block) + 1))[:1_000_000]
    out = step(huge)
    assert isinstance(out, str) and len(out) <= 2 * len(huge)


@SETTINGS
@given(text=anything)
def test_redaction_leaves_no_pii_in_display(text):
    out = PIPE(text)
    again = redact(out)
    assert again == out
