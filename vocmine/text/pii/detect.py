"""PII redaction as one call: :func:`redact` (every detector in priority order) and :func:`find_pii`
(where the PII is, for the guard in :mod:`vocmine._io` before anything touches disk).

Priority (earlier wins when two detections overlap): extra patterns, URL, e-mail, PIX key, CNPJ,
CPF, card, IP, SSN, RG, street address, phone, CEP, name. All detectors run on the same input text, overlaps are
resolved, then each span is replaced once.

Idempotence is a property of :func:`redact`, not a hope: a detector's decision may depend on its
neighbourhood (a phone word 20 characters back, a placeholder that shortened the text), so
:func:`redact` repeats until :func:`find_pii` finds nothing in its own output (usually one pass,
at most :data:`MAX_PASSES`). Placeholders contain no digits and no name, so every pass removes at
least one value and the loop ends; ``redact(redact(x)) == redact(x)`` and ``find_pii(redact(x)) ==
[]`` follow. If the bound is ever hit, the text still trips the guard and is withheld downstream.

Why regexes + python-stdnum + phonenumbers and not Presidio: Presidio has no Brazilian recognisers
(CPF, CNPJ, CEP, PIX), pulls spaCy/transformer models that cannot be downloaded offline, and is an
order of magnitude slower per ticket. CPF, CNPJ and cards carry check digits and phone numbers have
numbering plans, so a compiled regex finds candidates and a validator decides.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import NamedTuple
from urllib.parse import urlsplit

from vocmine.exceptions import ConfigError
from vocmine.text.pii import _patterns as P
from vocmine.text.pii.address import find_addresses, find_rgs
from vocmine.text.pii.contact import find_ceps, find_emails, find_ips, find_phones, find_pix_keys, find_urls
from vocmine.text.pii.ids import find_cards, find_cnpjs, find_cpfs, find_ssns
from vocmine.text.pii.names import find_names
from vocmine.text.pii.spans import Span, Taken, islands, mask, scan

__all__ = ["PIIMatch", "find_pii", "redact", "PII_KINDS", "DETECTORS", "MAX_PASSES", "url_placeholder",
           "compile_extra", "find_extra", "protected_spans", "redact_compiled"]

MAX_PASSES = 6

# kind -> (placeholder, detector, takes islands); priority order: earlier wins overlaps
DETECTORS: dict[str, tuple[str, Callable[..., Iterator[Span]], bool]] = {
    "url": ("[URL]", find_urls, False),
    "email": ("[EMAIL]", find_emails, False),
    "pix_key": ("[PIX_KEY]", find_pix_keys, False),
    "cnpj": ("[CNPJ]", find_cnpjs, True),
    "cpf": ("[CPF]", find_cpfs, True),
    "card": ("[CARD]", find_cards, True),
    "ip": ("[IP]", find_ips, True),
    "ssn": ("[SSN]", find_ssns, True),
    "rg": ("[RG]", find_rgs, True),
    "address": ("[ADDRESS]", find_addresses, True),
    "phone": ("[PHONE]", find_phones, True),
    "cep": ("[CEP]", find_ceps, True),
    "name": ("[NAME]", find_names, False),
}
PII_KINDS = tuple(DETECTORS)
# detectors that need a digit (and so islands) before anything can match
_NEEDS_ISLANDS = frozenset({"card", "ssn", "phone", "cep"})


class PIIMatch(NamedTuple):
    """One detected PII value: ``kind`` (``email``, ``cpf``, ... or an extra pattern's lowercase name)
    and its ``[start, end)`` offsets in the text. The value itself is deliberately not carried."""

    kind: str
    start: int
    end: int


def protected_spans(text: str, isl=None) -> list[Span]:
    """Spans that are never PII (boleto and utility payment lines)."""
    if len(text) < 44:
        return []
    return [m.span() for m in scan(P.PROTECTED_RE, text, isl, 44)]


def _spans(text: str, compiled_extra) -> list[PIIMatch]:
    found: list[PIIMatch] = []
    taken = Taken()
    work = text
    new: list[Span] = []
    for name, s, e in find_extra(text, compiled_extra):
        if taken.claim(s, e):
            found.append(PIIMatch(name.lower(), s, e))
            new.append((s, e))
    if new:
        work = mask(work, new)
    if not P.MAYBE_PII(work):
        return found
    has_digit = bool(P.HAS_DIGIT(work))
    isl = islands(work) if has_digit else []
    for s, e in protected_spans(work, isl):
        taken.claim(s, e)
    for kind, (_, finder, numeric) in DETECTORS.items():
        if numeric:
            if kind in _NEEDS_ISLANDS:
                if isl is None:
                    isl = islands(work)
                if not isl:
                    continue
            elif not has_digit and kind != "ip":  # IPv6 may be all letters ("fe::ab")
                continue
            matches = finder(work, isl)
        else:
            matches = finder(work)
        new = []
        for s, e in matches:
            if taken.claim(s, e):
                found.append(PIIMatch(kind, s, e))
                new.append((s, e))
        if new:  # later detectors see the placeholder's boundaries, as a second pass would
            work = mask(work, new)
            isl = None
    found.sort(key=lambda m: m.start)
    return found


def find_pii(text: str, *, extra_patterns: Mapping[str, str | re.Pattern] | None = None) -> list[PIIMatch]:
    """Every PII value in ``text`` as :class:`PIIMatch` (kind, start, end), sorted by start.

    The guard calls this on every text before it is written; an empty list means nothing was found.
    """
    if not text:
        return []
    return _spans(text, compile_extra(extra_patterns))


def redact(text: str, *, extra_patterns: Mapping[str, str | re.Pattern] | None = None) -> str:
    """Replace every PII value with its typed placeholder (``[EMAIL]``, ``[CPF]``, ``[URL:host]``...).

    ``extra_patterns`` is ``{name: regex}`` (e.g. ``{"order": r"#\\d{6,}"}`` -> ``[ORDER]``); they are
    applied with the highest priority so a configured order number is never taken for a phone.
    The result is a fixed point: ``find_pii(redact(x)) == []`` (see the module docstring).
    """
    if not text:
        return text
    return redact_compiled(text, compile_extra(extra_patterns))


def _replace_once(text: str, matches: list[PIIMatch]) -> str:
    out, pos = [], 0
    for m in matches:
        out.append(text[pos:m.start])
        if m.kind == "url":
            out.append(url_placeholder(text[m.start:m.end]))
        elif m.kind in DETECTORS:
            out.append(DETECTORS[m.kind][0])
        else:
            out.append(f"[{m.kind.upper()}]")
        pos = m.end
    out.append(text[pos:])
    return "".join(out)


def redact_compiled(text: str, compiled_extra) -> str:
    """:func:`redact` with already compiled extra patterns (the pipeline compiles them once)."""
    for _ in range(MAX_PASSES):
        matches = _spans(text, compiled_extra)
        if not matches:
            break
        text = _replace_once(text, matches)
    return text


def url_placeholder(url: str) -> str:
    """``[URL:host]`` keeping only the host (no user, port, path, query); ``[URL]`` if the host is odd."""
    if "://" not in url:
        url = "http://" + url
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        host = ""
    if host.startswith("www."):
        host = host[4:]
    if not P.HOST_OK.fullmatch(host) or P.LONG_DIGITS.search(host) or len(host) > 100:
        return "[URL]"
    return f"[URL:{host}]"


_NAME_RE = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


def compile_extra(patterns: Mapping[str, str | re.Pattern] | None) -> list[tuple[str, re.Pattern]]:
    """Validate ``{name: regex}`` and compile it; raise :class:`ConfigError` naming the bad entry."""
    out: list[tuple[str, re.Pattern]] = []
    for name, pattern in (patterns or {}).items():
        if not isinstance(name, str) or not _NAME_RE.fullmatch(name):
            raise ConfigError(f"extra PII pattern name {name!r} must match [A-Za-z][A-Za-z0-9_]*")
        try:
            rx = pattern if isinstance(pattern, re.Pattern) else re.compile(pattern)
        except (re.error, TypeError) as exc:
            raise ConfigError(f"extra PII pattern {name!r}={pattern!r} is not a valid regex: {exc}") from exc
        if rx.search(""):
            raise ConfigError(f"extra PII pattern {name!r}={pattern!r} matches the empty string")
        out.append((name.upper(), rx))
    return out


def find_extra(text: str, compiled: list[tuple[str, re.Pattern]]) -> Iterator[tuple[str, int, int]]:
    for name, rx in compiled:
        for m in rx.finditer(text):
            if m.end() > m.start():
                yield name, m.start(), m.end()
