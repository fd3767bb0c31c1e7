"""Detectors for document and card numbers: CPF, CNPJ (numeric and the 2026 alphanumeric format),
payment cards and US SSNs. Each is ``text -> iterator of (start, end)``; check digits decide.

CPF and CNPJ are found in any separator style people type: ``529.982.247-25``, ``529 982 247 25``,
``529. 982. 247 - 25``, ``600.869.934.37``, ``529982247\\n25`` (a line break between groups). A
chain of digit groups is cut into windows that hold 11 (CPF) or 14 (CNPJ) digits and whose group
boundaries fall where the canonical format puts them (CPF after 3, 6, 9 digits; CNPJ after 2, 5, 8,
12), so dates, phones and money never line up; ``stdnum.br`` then checks the digits. A valid
check-digit match is redacted whatever word precedes it ("protocolo", "invoice"): an order number
that happens to be a valid CPF is redacted too (1 in 100 random 11-digit numbers), which is the safe
side. The canonical punctuation (``ddd.ddd.ddd-dd``, ``dd.ddd.ddd/dddd-dd``) is redacted even with
bad check digits: a mistyped document number still identifies someone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from stdnum.br import cnpj as _cnpj
from stdnum.br import cpf as _cpf

from vocmine.text.pii import _patterns as P
from vocmine.text.pii.spans import Island, Span, digits, islands, luhn, scan

__all__ = ["find_cpfs", "find_cnpjs", "find_cards", "find_ssns", "order_number"]

_CPF_CUTS = frozenset({3, 6, 9})
_CNPJ_CUTS = frozenset({2, 5, 8, 12})
_NOT_BEFORE_ID = frozenset(".,/-_")
_KIND_WORDS: dict[str, re.Pattern] = {}


def order_number(text: str, start: int, kind_words: str) -> bool:
    """True when an order/protocol word sits right before ``start`` and no ``kind_words`` word does."""
    lo = max(0, start - 40)
    if not P.ORDER_CTX.search(text, lo, start):
        return False
    rx = _KIND_WORDS.get(kind_words)
    if rx is None:
        rx = _KIND_WORDS[kind_words] = re.compile(rf"(?<!\[)(?:{kind_words})", re.IGNORECASE)
    return not rx.search(text, lo, start)


def _window(groups: list[Span], i: int, size: int, cuts: frozenset[int]) -> int:
    """Index of the last group of the window starting at group ``i`` holding exactly ``size`` digits
    with every inner boundary in ``cuts``, or -1."""
    acc = 0
    for j in range(i, len(groups)):
        acc += groups[j][1] - groups[j][0]
        if acc == size:
            return j
        if acc > size or acc not in cuts:
            return -1
    return -1


def _chains(text: str) -> Iterator[list[Span]]:
    for m in P.DIGIT_CHAIN_RE.finditer(text):
        if m.end() - m.start() < 11:
            continue
        groups = [g.span() for g in P.GROUP_RE.finditer(text, m.start(), m.end())]
        if sum(e - s for s, e in groups) >= 11:
            yield groups


def _doc_numbers(text: str) -> Iterator[tuple[str, int, int]]:
    """``(kind, start, end)`` of numeric CPFs and CNPJs in any separator style (left to right)."""
    n = len(text)
    for groups in _chains(text):
        i = 0
        while i < len(groups):
            hit = None
            for kind, size, cuts in (("cnpj", 14, _CNPJ_CUTS), ("cpf", 11, _CPF_CUTS)):
                j = _window(groups, i, size, cuts)
                if j < 0:
                    continue
                s, e = groups[i][0], groups[j][1]
                if e < n and (text[e].isalnum() or text[e] == "_"):
                    continue
                if s and (text[s - 1].isalnum() or text[s - 1] == "_"):
                    continue
                raw = text[s:e]
                d = digits(raw)
                if len(set(d)) == 1:
                    continue
                if kind == "cnpj":
                    ok = _cnpj.is_valid(d) or bool(P.CNPJ_CANON_RE.fullmatch(raw))
                else:
                    ok = _cpf.is_valid(d) or bool(P.CPF_CANON_RE.fullmatch(raw))
                if ok:
                    hit = (kind, s, e, j)
                    break
            if hit is None:
                i += 1
                continue
            yield hit[:3]
            i = hit[3] + 1


def find_cpfs(text: str, isl: list[Island] | None = None) -> Iterator[Span]:
    """Valid CPFs in any separator style, and canonically formatted ones with bad check digits."""
    for kind, s, e in _doc_numbers(text):
        if kind == "cpf":
            yield s, e


def _boundary_before(text: str, start: int) -> bool:
    if start == 0:
        return True
    c = text[start - 1]
    return not (c.isalnum() or c in _NOT_BEFORE_ID)


def find_cnpjs(text: str, isl: list[Island] | None = None) -> Iterator[Span]:
    """CNPJs: numeric in any separator style (check digits or the canonical format decide) and the
    alphanumeric 2026 format (``12.ABC.345/01DE-35`` or bare ``12ABC34501DE35``; check digits decide;
    an all-letter root needs the word CNPJ within 40 characters)."""
    for kind, s, e in _doc_numbers(text):
        if kind == "cnpj":
            yield s, e
    cands: list[Span] = []
    if "/" in text:  # alphanumeric (and numeric) found from the "/XXXX-DD" tail
        for m in P.CNPJ_TAIL.finditer(text):
            for width in range(14, 7, -1):
                lo = m.start() - width
                if lo < 0 or not P.CNPJ_HEAD.fullmatch(text, lo, m.start()) or not _boundary_before(text, lo):
                    continue
                cands.append((lo, m.end()))
                break
    cands += [(m.end() - 14, m.end()) for m in P.BARE_ALNUM_RE.finditer(text)]
    for s, e in cands:
        raw = "".join(c for c in text[s:e] if c.isalnum()).upper()
        if len(raw) != 14 or raw.isdigit() or not _cnpj.is_valid(raw):
            continue
        if any(c.isdigit() for c in raw[:12]) or P.CNPJ_CTX(text, max(0, s - 40), s):
            yield s, e


def find_cards(text: str, isl: list[Island] | None = None) -> Iterator[Span]:
    """Luhn-valid card numbers (13-19 digits starting 2-6, grouped by 4 or bare); a bare number right
    after an order word is an order number unless a card word is there too."""
    isl = islands(text) if isl is None else isl
    for m in scan(P.CARD_GROUPED_RE, text, isl, 14):
        if luhn(digits(m.group())):
            yield m.span()
    for m in scan(P.BARE_RE, text, isl, 13):
        cand = m.group()
        n = len(cand)
        if not (15 <= n <= 19 and cand[0] in "23456" or n == 13 and cand[0] == "4" or n == 14 and cand[:2] in ("30", "36", "38")):
            continue
        if luhn(cand) and not order_number(text, m.start(), "card|cart[aã]o|cr[eé]dito|d[eé]bito"):
            yield m.span()


def find_ssns(text: str, isl: list[Island] | None = None) -> Iterator[Span]:
    """US SSNs ``123-45-6789`` (not area 000/666/9xx); bare 9 digits only right after ``SSN``."""
    isl = islands(text) if isl is None else isl
    if "-" in text:
        for m in scan(P.SSN_RE, text, isl, 9):
            area = m.group()[:3]
            if area not in ("000", "666") and area[0] != "9":
                yield m.span()
    if not P.SSN_WORD(text):
        return
    for m in scan(P.SSN_BARE_RE, text, isl, 9):
        if P.SSN_CTX.search(text, max(0, m.start() - 30), m.start()):
            yield m.span()
