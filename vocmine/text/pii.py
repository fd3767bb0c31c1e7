"""PII redaction as one call: :func:`redact` (all replace steps in priority order) and
:func:`find_pii` (where the PII is, for writers' last-line guard before anything touches disk).

Priority (earlier wins when two detections overlap): extra patterns, URL, e-mail, PIX key, CNPJ,
CPF, card, IP, SSN, phone, CEP. All detectors run on the same input text, overlaps are resolved,
then each span is replaced once, so the result never depends on replacement side effects and
``redact(redact(x)) == redact(x)``. See :mod:`vocmine.text.replace` for each kind's rules and why
python-stdnum + compiled regexes were chosen over Presidio.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping
from typing import NamedTuple

from vocmine.text import replace as _r

__all__ = ["PIIMatch", "find_pii", "redact", "PII_KINDS"]

PII_KINDS = tuple(_r.DETECTORS)
_MAYBE_PII = re.compile(r"[\d@]|://|www\.", re.IGNORECASE).search


class PIIMatch(NamedTuple):
    """One detected PII value: ``kind`` (``email``, ``cpf``, ... or an extra pattern's lowercase name)
    and its ``[start, end)`` offsets in the text. The value itself is deliberately not carried."""

    kind: str
    start: int
    end: int


class _Taken:
    """Sorted, non-overlapping claimed spans with O(log n) overlap checks."""

    __slots__ = ("starts", "ends")

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def claim(self, s: int, e: int) -> bool:
        i = bisect_right(self.starts, s)
        if i and self.ends[i - 1] > s:
            return False
        if i < len(self.starts) and self.starts[i] < e:
            return False
        self.starts.insert(i, s)
        self.ends.insert(i, e)
        return True


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each span replaced by a same-length ``[XXX]`` stand-in for its placeholder, so the
    next detectors see the boundaries they will see after redaction (offsets unchanged)."""
    out, pos = [], 0
    for s, e in sorted(spans):
        out.append(text[pos:s])
        out.append("[" + "X" * (e - s - 2) + "]" if e - s >= 2 else "X")
        pos = e
    out.append(text[pos:])
    return "".join(out)


def _spans(text: str, compiled_extra) -> list[PIIMatch]:
    found: list[PIIMatch] = []
    taken = _Taken()
    work = text
    new: list[tuple[int, int]] = []
    for name, s, e in _r.find_extra(text, compiled_extra):
        if taken.claim(s, e):
            found.append(PIIMatch(name.lower(), s, e))
            new.append((s, e))
    if new:
        work = _mask(work, new)
    if _MAYBE_PII(work):
        isl = _r.islands(work) if _r._HAS_DIGIT(work) else []
        for s, e in _r.protected_spans(work, isl):
            taken.claim(s, e)
        for kind, (_, finder, numeric) in _r.DETECTORS.items():
            if numeric:
                if isl is None:
                    isl = _r.islands(work)
                if kind != "cnpj" and not isl:
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
                work = _mask(work, new)
                isl = None
    found.sort(key=lambda m: m.start)
    return found


def find_pii(text: str, *, extra_patterns: Mapping[str, str | re.Pattern] | None = None) -> list[PIIMatch]:
    """Every PII value in ``text`` as :class:`PIIMatch` (kind, start, end), sorted by start.

    Writers call this on any free text before writing it; an empty list means nothing was found.
    """
    if not text:
        return []
    return _spans(text, _r.compile_extra(extra_patterns))


def redact(text: str, *, extra_patterns: Mapping[str, str | re.Pattern] | None = None) -> str:
    """Replace every PII value with its typed placeholder (``[EMAIL]``, ``[CPF]``, ``[URL:host]``...).

    ``extra_patterns`` is ``{name: regex}`` (e.g. ``{"order": r"#\\d{5,}"}`` -> ``[ORDER]``); they are
    applied with the highest priority so a configured order number is never taken for a phone.
    """
    if not text:
        return text
    return _redact_compiled(text, _r.compile_extra(extra_patterns))


def _redact_compiled(text: str, compiled_extra) -> str:
    matches = _spans(text, compiled_extra)
    if not matches:
        return text
    out, pos = [], 0
    for m in matches:
        out.append(text[pos:m.start])
        if m.kind == "url":
            out.append(_r.url_placeholder(text[m.start:m.end]))
        elif m.kind in _r.DETECTORS:
            out.append(_r.DETECTORS[m.kind][0])
        else:
            out.append(f"[{m.kind.upper()}]")
        pos = m.end
    out.append(text[pos:])
    return "".join(out)
