"""Detectors for what identifies a person without a check digit: street addresses (Brazilian and US)
and the RG number. Each is ``text -> iterator of (start, end)``. (Bank agency and account numbers are
left as they are: tests/text/test_pii_labelled.py keeps them among the lookalikes.)

* Brazilian address: a street type (rua, avenida, av., travessa, alameda, estrada, rodovia, praça...),
  its name and the house number, with a complement (apto, bloco, casa, sala...). The name must be
  written as a name (capitalised words, connectors such as ``das`` allowed) or the number must follow
  a comma or ``nº``: "Rua das Flores 123", "rua das flores, 123", "Av. Paulista, nº 1000 apto 12";
  not "fiquei na rua por 2 horas".
* US address: house number, capitalised street name and a street suffix (Street, Ave, Rd, Blvd...),
  a unit (Apt, Suite, #), then ", City, ST 12345"; and ``P.O. Box 123``.
* RG: the digits after ``RG``, ``R.G.``, ``registro geral`` or ``identidade`` (5 or more). Only the
  number is replaced: "meu RG [RG] foi recusado" still says what happened.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from vocmine.text.pii.spans import Island, Span

__all__ = ["find_addresses", "find_rgs"]

_BR_TYPE = (r"(?:rua|r\.|avenida|av\.?|travessa|tv\.|alameda|al\.|estrada|est\.|rodovia|rod\.|pra[çc]a|p[çc]a\.|"
            r"largo|viela|servid[ãa]o)")
_CONNECT = r"(?:d[aeo]s?|e|of|del?)"
_COMPLEMENT = (r"(?:\s*[-,]?\s*(?:apto?\.?|apartamento|casa|bloco|bl\.?|sala|cj\.?|conjunto|lote|lt\.?|quadra|qd\.?|"
               r"andar|fundos)\s*[\w-]{0,6})*")
_NUMBER = r"\d{1,5}[A-Za-z]?(?![\d/.,]\d)"
# name as a name: capitalised words and connectors
_BR_TITLED = re.compile(
    rf"(?<![\w\[])(?i:{_BR_TYPE})\s+(?:(?:[A-ZÀ-Ý0-9][\wÀ-ÿ'.-]*|{_CONNECT})\s+){{0,6}}?"
    rf"(?:[A-ZÀ-Ý][\wÀ-ÿ'.-]*)(?:\s*,)?\s*(?:n[º°o.]\s*)?{_NUMBER}(?i:{_COMPLEMENT})")
# any spelling, the number after a comma or nº
_BR_COMMA = re.compile(
    rf"(?<![\w\[])(?i:{_BR_TYPE}\s+(?:[\wÀ-ÿ'.-]+\s+){{0,6}}?[\wÀ-ÿ'.-]+\s*(?:,\s*(?:n[º°o.]\s*)?|n[º°o.]\s*)"
    rf"{_NUMBER}{_COMPLEMENT})")
_US_SUFFIX = (r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Drive|Dr|Lane|Ln|Court|Ct|Way|Place|Pl|Terrace|"
              r"Ter|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Square|Sq|Trail|Trl|Loop|Pike)")
_US = re.compile(
    rf"(?<![\w\[$.,])\d{{1,6}}[A-Za-z]?\s+(?:[NSEW]\.?\s+)?(?:[A-Z][\w'.-]*\s+|\d{{1,3}}(?:st|nd|rd|th)\s+){{1,4}}{_US_SUFFIX}\b\.?"
    r"(?:,?\s*(?:Apt|Apartment|Suite|Ste|Unit|#)\.?\s*#?[\w-]{1,6})?"
    r"(?:,\s*[A-Z][A-Za-z.]*(?:\s+[A-Z][A-Za-z.]*){0,3},?\s+[A-Z]{2}(?:\s+\d{5}(?:-\d{4})?)?(?!\w))?")
_PO_BOX = re.compile(r"(?<!\w)(?i:p\.?\s?o\.?\s*box|caixa postal)\s*#?\s*\d{1,8}(?!\w)")

_RG = re.compile(r"(?<![\w\[])(?i:rg|r\.g\.|registro geral|identidade)\s*(?i:n[º°o.]*\s*)?:?\s*"
                 r"(\d{1,2}\.?\d{3}\.?\d{3}-?[\dxX]|\d{5,10}(?:-[\dxX])?)(?![\w])")


def find_addresses(text: str, isl: list[Island] | None = None) -> Iterator[Span]:
    """Street addresses and P.O. boxes (see the module docstring)."""
    for rx in (_BR_TITLED, _BR_COMMA, _US, _PO_BOX):
        for m in rx.finditer(text):
            yield m.span()


def find_rgs(text: str, isl: list[Island] | None = None) -> Iterator[Span]:
    """The number after ``RG`` or ``identidade`` (5 digits or more)."""
    for m in _RG.finditer(text):
        if sum(ch.isdigit() for ch in m.group(1)) >= 5:
            yield m.span(1)
