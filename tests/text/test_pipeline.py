"""Whole-pipeline tests on real-looking e-mails (Gmail, Outlook, mobile; PT and EN): the output keeps
exactly the customer's words, with PII replaced."""

from __future__ import annotations

import functools

import pytest

from vocmine.exceptions import ConfigError
from vocmine.text import clean, make_pipeline, model_text, normalize, remove, replace
from vocmine.text.pipeline import MODEL_MAX_CHARS, Pipeline, display_pipeline

GMAIL_PT = """Cobrança duplicada

Olá, bom dia!

Fui cobrado duas vezes no cartão 4111 1111 1111 1111 este mês. Meu CPF é 529.982.247-25.
Podem estornar?

Att,
Maria Souza
(11) 98765-4321

Em seg., 3 de jun. de 2024 às 10:02, Suporte Loja <suporte@loja.com.br> escreveu:
> Olá Maria,
> recebemos sua solicitação.
"""
GMAIL_PT_OUT = """Cobrança duplicada

Fui cobrado duas vezes no cartão [CARD] este mês. Meu CPF é [CPF].
Podem estornar?"""

GMAIL_EN_HTML = """<div dir="ltr"><div>Hi team,</div><div><br></div><div>The CSV export has been failing since \
the 2.3.1 update. My account is john.doe@acme.com.</div><div><br></div><div>Thanks,</div><div>John</div></div>\
<br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Mon, Jun 3, 2024 at 10:02 AM Support &lt;\
support@app.io&gt; wrote:<br></div><blockquote class="gmail_quote">Please try again.</blockquote></div>"""
GMAIL_EN_OUT = """The CSV export has been failing since the 2.3.1 update. My account is [EMAIL]."""

OUTLOOK_PT = """RE: Segunda via do boleto

Prezados,

Ainda não recebi a segunda via do boleto do pedido 98765432. Meu telefone é +55 21 2345-6789.

Atenciosamente,
João Pereira
Financeiro | ACME Ltda | CNPJ 11.222.333/0001-81

Esta mensagem pode conter informação confidencial. Se você não for o destinatário, apague-a.

________________________________
De: Suporte <suporte@loja.com.br>
Enviado: terça-feira, 4 de junho de 2024 09:10
Para: João Pereira
Assunto: Segunda via do boleto
"""
OUTLOOK_PT_OUT = """RE: Segunda via do boleto

Ainda não recebi a segunda via do boleto do pedido 98765432. Meu telefone é [PHONE]."""

OUTLOOK_EN = """Refund not received

Dear Support,

I returned the item on 03/06/2024 and the refund of $1,234.56 has not arrived.
You can reach me at (555) 123-4567.

Best regards,
Jane Smith

This e-mail and any attachments are confidential and intended solely for the addressee.

-----Original Message-----
From: Support <support@shop.com>
Sent: Monday, June 3, 2024 10:02 AM
To: Jane Smith
Subject: Your return
"""
OUTLOOK_EN_OUT = """Refund not received

I returned the item on 03/06/2024 and the refund of $1,234.56 has not arrived.
You can reach me at [PHONE]."""

MOBILE_PT = """App trava

Oi

o app trava qdo abro o extrato, já reinstalei. meu zap 11987654321

Enviado do meu iPhone"""
MOBILE_PT_OUT = """App trava

o app trava qdo abro o extrato, já reinstalei. meu zap [PHONE]"""

MOBILE_EN = """Can't login

hey, can't log in since yesterday, reset link https://app.example.com/reset?token=abc123 doesn't work

Sent from my Android"""
MOBILE_EN_OUT = """Can't login

can't log in since yesterday, reset link [URL:app.example.com] doesn't work"""

ZENDESK_PT = """##- Digite sua resposta acima desta linha -##
Meu pedido chegou quebrado, quero trocar.
Enviado do meu Samsung Galaxy"""
ZENDESK_PT_OUT = "Meu pedido chegou quebrado, quero trocar."

MOJIBAKE_PT = "NÃ£o consigo acessar minha conta, o cÃ³digo nÃ£o chega no e-mail maria@x.com.br"
MOJIBAKE_PT_OUT = "Não consigo acessar minha conta, o código não chega no e-mail [EMAIL]"

CASES = [
    ("gmail_pt", GMAIL_PT, GMAIL_PT_OUT), ("gmail_en_html", GMAIL_EN_HTML, GMAIL_EN_OUT),
    ("outlook_pt", OUTLOOK_PT, OUTLOOK_PT_OUT), ("outlook_en", OUTLOOK_EN, OUTLOOK_EN_OUT),
    ("mobile_pt", MOBILE_PT, MOBILE_PT_OUT), ("mobile_en", MOBILE_EN, MOBILE_EN_OUT),
    ("zendesk_pt", ZENDESK_PT, ZENDESK_PT_OUT), ("mojibake_pt", MOJIBAKE_PT, MOJIBAKE_PT_OUT),
    ("greeting_only", "Oi", "Oi"), ("signature_only", "Atenciosamente,\nMaria", "Atenciosamente,\nMaria"),
    ("empty", "", ""),
]


@pytest.mark.parametrize(("name", "text_in", "text_out"), CASES, ids=[c[0] for c in CASES])
def test_display_pipeline_keeps_customer_words(name, text_in, text_out):
    assert clean(text_in) == text_out


def test_extra_patterns_win_over_phones():
    text = "Pedido PED-11987654321 atrasado, meu cel (11) 98765-4321"
    assert clean(text, extra_pii_patterns={"order": r"PED-\d+"}) == "Pedido [ORDER] atrasado, meu cel [PHONE]"


def test_model_text():
    assert model_text("Meu CPF [CPF] e\n\no site [URL:loja.com] não abrem") == "Meu CPF e o site não abrem"
    long = "palavra " * 500
    out = model_text(long)
    assert len(out) <= MODEL_MAX_CHARS and out.endswith("palavra")
    assert model_text("") == ""
    assert model_text("ab" * 1500, max_chars=100) == "ab" * 50
    # masks go (a run of one letter is one of them), the display keeps them
    assert model_text("x" * 3000, max_chars=100) == ""
    assert model_text("On XX/XX/2019 I paid XXXX [Editado pelo Reclame Aqui] to {{Bank}}") == "On I paid to"


def test_make_pipeline_composes_in_order():
    pipe = make_pipeline(remove.html, replace.emails, (normalize.whitespace, {"keep_lines": False}))
    assert isinstance(pipe, Pipeline) and len(pipe) == 3
    assert pipe("<p>Oi</p><p>mail a@b.com</p>") == "Oi mail [EMAIL]"
    assert "remove.html" in repr(pipe) and "normalize.whitespace" in repr(pipe)
    order = make_pipeline(lambda t: t + "a", lambda t: t + "b")
    assert order("") == "ab"
    assert isinstance(pipe.steps[2], functools.partial)


def test_make_pipeline_rejects_bad_steps():
    with pytest.raises(ConfigError):
        make_pipeline("not a step")
    with pytest.raises(ConfigError):
        make_pipeline((normalize.whitespace, "keep_lines"))


def test_kept_signature_lines_are_redacted():
    # a contact line that is not a sign-off block is kept, and redacted
    pipe = display_pipeline()
    out = pipe("Problema no app.\nMaria - maria@x.com - (11) 98765-4321 - CPF 52998224725")
    assert out == "Problema no app.\nMaria - [EMAIL] - [PHONE] - CPF [CPF]"
