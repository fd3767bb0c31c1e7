"""Tables for the normalisation steps."""

from __future__ import annotations

import pytest

from vocmine.text import normalize

MOJIBAKE = [
    ("NÃ£o consigo acessar minha conta", "Não consigo acessar minha conta"),
    ("cobranÃ§a duplicada no cartÃ£o", "cobrança duplicada no cartão"),
    ("itâ€™s broken", "it’s broken"),
    ("Não consigo", "Não consigo"),
    ("plain ascii", "plain ascii"),
]
UNICODE = [
    ("Na\u0303o", "Não"),  # NFD -> NFC
    ("a\u00a0b\u200bc\ufeff", "a bc"),
    ("linha1\r\nlinha2\rlinha3", "linha1\nlinha2\nlinha3"),
    ("tab\tfica", "tab\tfica"),
]
WHITESPACE = [
    ("  a \t b  \n\n\n\n c  \n", "a b\n\nc"),
    ("x \n y", "x\ny"),
    ("", ""),
]
ACCENTS = [
    ("ação Você está", "acao Voce esta"),
    ("naïve café", "naive cafe"),
    ("ascii", "ascii"),
]


@pytest.mark.parametrize(("step", "table"), [
    (normalize.mojibake, MOJIBAKE), (normalize.unicode, UNICODE), (normalize.whitespace, WHITESPACE),
    (normalize.accents, ACCENTS),
], ids=lambda v: getattr(v, "__name__", ""))
def test_normalize_tables(step, table):
    wrong = [(text_in, step(text_in), text_out) for text_in, text_out in table if step(text_in) != text_out]
    assert not wrong, "\n".join(f"{i!r} -> {got!r}, expected {exp!r}" for i, got, exp in wrong)


def test_whitespace_single_line():
    assert normalize.whitespace("a\n\n b \t c", keep_lines=False) == "a b c"
