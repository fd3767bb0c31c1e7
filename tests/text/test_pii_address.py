"""Street addresses (Brazilian and US) and RG numbers are redacted; ordinary sentences with a street
word and a number are not (vocmine.text.pii.address)."""

from __future__ import annotations

import pytest

from vocmine.text.pii import find_pii, redact

ADDRESSES = [
    ("O novo endereço é Rua Bahia, 567.", "Rua Bahia, 567", "[ADDRESS]"),
    ("moro na Rua das Flores 123 - Centro", "Rua das Flores 123", "[ADDRESS]"),
    ("entregar na av. paulista, 1000 apto 12 bloco b por favor", "1000", "[ADDRESS]"),
    ("o novo endereco e rua marechal deodoro, 1504. segue", "deodoro, 1504", "[ADDRESS]"),
    ("Avenida Presidente Vargas, nº 3131, sala 1504", "Vargas", "[ADDRESS]"),
    ("Travessa São José 45", "45", "[ADDRESS]"),
    ("I live at 1234 Elm Street, Springfield, IL 62704.", "1234 Elm Street, Springfield, IL 62704", "[ADDRESS]"),
    ("Ship it to 221B Baker Street please", "221B", "[ADDRESS]"),
    ("My address is 77 W 3rd Ave Apt 5C, New York, NY 10011", "Apt 5C", "[ADDRESS]"),
    ("mail it to P.O. Box 4432, thanks", "4432", "[ADDRESS]"),
    ("meu RG 12.345.678-9 foi recusado", "12.345.678-9", "meu RG [RG] foi recusado"),
    ("identidade nº 4567890 emitida em SP", "4567890", "[RG]"),
]


@pytest.mark.parametrize("text, secret, expected", ADDRESSES)
def test_addresses_and_rg_are_redacted(text, secret, expected):
    out = redact(text)
    assert secret not in out and expected in out, out
    assert find_pii(out) == []


NOT_PII = [
    "fiquei na rua por 2 horas esperando o entregador",
    "a avenida estava fechada e o pedido 123456 atrasou 3 dias",
    "I waited 2 hours on the street for the courier",
    "we have 3 Main offices",
    "o boleto de R$ 1.250,00 venceu em 10/05/2024",
    "the org 12345 account was suspended",
    "versão 2.3.1 do app",
]


@pytest.mark.parametrize("text", NOT_PII)
def test_a_street_word_and_a_number_are_not_an_address(text):
    assert redact(text) == text
