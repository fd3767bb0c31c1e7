"""Detectors for contact data: e-mail, URL, PIX random key, IP (v4 and v6), phone and CEP.
Each is ``text -> iterator of (start, end)``.

Phones: a compiled regex finds candidates (optional ``+CC``, optional ``(DDD)``, digit groups) and
``phonenumbers`` decides. A number that is valid for Brazil (or the US, for ``3-3-4`` shapes) as a
personal line (mobile, fixed, VoIP) is a phone; business lines that are valid as toll-free, shared
cost or premium rate (``0800 ...``, ``4004-0001``, ``4020 7813``) are company numbers and stay unless a
phone word and no service word (SAC, central, atendimento, customer service...) is next to them. An
invalid number is a phone only with strong evidence: an explicit ``+CC`` or ``(DDD)``, or a phone
word right before it (``tel``, ``celular``, ``whatsapp``, ``phone``...). Local numbers without an area
code cannot be validated: a ``9xxxx-xxxx`` mobile shape is a phone, any other 8-9 digit number needs a
phone word (so lot numbers such as ``5490-3780`` stay). Dates (``14.04.2022``, ``08-03-2018``,
``2024-06-03``) are never phones, and a number right after an order word (``pedido``, ``protocolo``,
``code``, ``lote``...) is not a phone unless a phone word or an explicit format is there too.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator

import phonenumbers as _pn

from vocmine.text.pii import _patterns as P
from vocmine.text.pii.ids import order_number
from vocmine.text.pii.spans import Island, Span, digits, scan

__all__ = ["find_emails", "find_urls", "find_pix_keys", "find_ips", "find_phones", "find_ceps", "trim_url"]

_PT = _pn.PhoneNumberType
_BUSINESS = frozenset({_PT.TOLL_FREE, _PT.PREMIUM_RATE, _PT.SHARED_COST, _PT.UAN})


def find_emails(text: str) -> Iterator[Span]:
    at = text.find("@")
    last_end, n = 0, len(text)
    while at != -1:  # search a window around each "@" instead of the whole text
        if at >= last_end:
            m = P.EMAIL_RE.search(text, max(last_end, at - 64), min(n, at + 256))
            if m is not None and m.start() <= at < m.end():
                yield m.span()
                last_end = m.end()
        at = text.find("@", at + 1)


def trim_url(url: str) -> str:
    while url and url[-1] in ".,;:!?'\"":
        url = url[:-1]
    while url.endswith(")") and url.count("(") < url.count(")"):
        url = url[:-1]
    return url


def find_urls(text: str) -> Iterator[Span]:
    if "://" not in text and "www." not in text.lower():
        return
    for m in P.URL_RE.finditer(text):
        url = trim_url(m.group())
        if len(url) > 4:
            yield m.start(), m.start() + len(url)


def find_pix_keys(text: str) -> Iterator[Span]:
    if "-" not in text or not P.UUID_GATE(text):
        return
    for m in P.UUID_RE.finditer(text):
        yield m.span()


def find_ips(text: str, isl: list[Island] | None = None) -> Iterator[Span]:
    """IPv4 (not after a version word) and IPv6 (any form ``ipaddress`` accepts: ``fe80::1``...)."""
    if ":" in text and P.IPV6_GATE(text):
        for m in P.IPV6_RE.finditer(text):
            cand = m.group()
            if cand.count(":") < 2 or not any(c.isalnum() for c in cand):
                continue
            try:
                ipaddress.IPv6Address(cand)
            except ValueError:
                continue
            yield m.span()
    if not P.HAS_DIGIT(text):
        return
    for m in scan(P.IPV4_RE, text, isl, 4):
        try:
            ipaddress.IPv4Address(m.group())
        except ValueError:
            continue
        if P.VERSION_CTX.search(text, max(0, m.start() - 12), m.start()):
            continue
        yield m.span()


def _parse(number: str, region: str | None):
    try:
        return _pn.parse(number, region)
    except _pn.NumberParseException:
        return None


def _verdict(num) -> bool | None:
    """True: a valid personal line; False: a valid business line; None: not a valid number."""
    if num is None or not _pn.is_valid_number(num):
        return None
    return _pn.number_type(num) not in _BUSINESS


def _possible(num) -> bool:
    return num is not None and _pn.is_possible_number(num)


def is_phone(cand: str, *, has_ctx: bool, order_ctx: bool, business_ctx: bool = False) -> bool:
    """Whether the candidate ``cand`` (digits, separators, optional ``+CC`` and ``(DDD)``) is a phone."""
    d = digits(cand)
    n = len(d)
    if n < 8 or n > 15 or P.DATE_IN.search(cand):
        return False
    groups = P.GROUP_SEP.split(cand)
    sizes = [len(g) for g in groups]
    if len(groups) == 2 and P.YEAR.fullmatch(groups[0]) and P.YEAR.fullmatch(groups[1]):
        return False  # "2023-2024"
    if cand.startswith("+"):
        num = _parse(cand, None)
        v = _verdict(num)
        if v is False and has_ctx and not business_ctx:
            return True
        return v if v is not None else _possible(num)
    paren = "(" in cand
    if "x" in cand or "X" in cand:  # 0xx65 8139-2432: an explicit area code
        paren = True
        cand = cand[cand.lower().index("x") + 2:].strip()
        d = digits(cand)
        n = len(d)
        groups = P.GROUP_SEP.split(cand)
        sizes = [len(g) for g in groups]
    if order_ctx and not has_ctx and not paren:
        return False
    if len(groups) > 1 and sizes[-1] < 4 and not has_ctx:
        return False  # "999 256 082 74": no numbering plan ends in a 2-3 digit group; a CPF shape
    if n <= 9 and not paren:  # local number, no area code: nothing to validate against
        if n == 9 and d[0] == "9" and len(groups) >= 2:
            return True  # 98765-4321 / 9 8765-4321: mobile shape
        return has_ctx and (not business_ctx or _business_local(d) is not True)
    if len(groups) == 1 and d[0] == "0" and not has_ctx:
        return False  # a bare run opening with 0 reads as a reference more often than as 0 + DDD + number
    us_shape = sizes[-3:] == [3, 3, 4] and (n == 10 or d[0] == "1") or paren and n == 10 and cand.find(")") >= 4
    num = _parse(cand, "US" if us_shape else "BR")
    v = _verdict(num)
    if v is None and n in (12, 13) and d.startswith("55"):
        v = _verdict(_parse("+" + d, None))
    if v is False and has_ctx and not business_ctx:
        return True  # "WhatsApp 4004-1975": a phone word and no SAC/central word
    if v is not None:
        return v
    return (paren or has_ctx) and _possible(num)


def _business_local(d: str) -> bool | None:
    """True for 8-digit Brazilian national business numbers (4004-xxxx, 3003-xxxx...)."""
    if len(d) != 8:
        return None
    return _verdict(_parse(d, "BR")) is False


def find_phones(text: str, isl: list[Island] | None = None) -> Iterator[Span]:
    found: list[Span] = []
    for m in scan(P.PHONE_RE, text, isl, 8):
        cand = m.group()
        n = sum(c.isdigit() for c in cand)
        if n < 8 or n > 15:
            continue
        lo = max(0, m.start() - 40)
        window = text[lo:m.start()]
        if found and found[-1][1] > lo:  # an earlier phone in the window reads as its placeholder would
            parts, pos = [], lo
            for s, e in found:
                if e > lo:
                    parts.append(text[pos:max(s, lo)])
                    pos = e
            parts.append(text[pos:m.start()])
            window = "".join(parts)
        if P.CEP_BEFORE.search(window):
            continue
        # a phone word before, or another phone just before ("(31) 3762-3624 / 99987-0782", "... ou ...")
        has_ctx = bool(P.PHONE_CTX.search(window)) or bool(found and m.start() - found[-1][1] <= 25)
        order_ctx = bool(P.ORDER_CTX.search(window))
        business_ctx = bool(P.BUSINESS_CTX.search(window) or P.BUSINESS_CTX.search(text, m.end(), m.end() + 24))
        if is_phone(cand, has_ctx=has_ctx, order_ctx=order_ctx, business_ctx=business_ctx):
            found.append(m.span())
            yield m.span()


def find_ceps(text: str, isl: list[Island] | None = None) -> Iterator[Span]:
    """CEPs (``01310-100``, ``01310100``, ``01.310-100``) with ``CEP``/address context or a UF within
    60 characters before; a bare 8-digit number right after an order word stays."""
    for m in scan(P.CEP_RE, text, isl, 8):
        window = text[max(0, m.start() - 60):m.start()]
        if not (P.CEP_CTX.search(window) or P.UF_ONLY.search(window)):
            continue
        if m.group().isdigit() and order_number(text, m.start(), r"\bcep\b|zip|postal"):
            continue
        yield m.span()
