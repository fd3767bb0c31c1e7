"""Span bookkeeping shared by the detectors: islands, claimed spans, masking and replacement.

A span is a ``(start, end)`` pair of offsets in the text being scanned (end excluded).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator

from vocmine.text.pii._patterns import DEL_DIGITS, ISLAND_RE, NON_DIGIT

Span = tuple[int, int]
Island = tuple[int, int, int]  # lo, hi, number of digits

__all__ = ["Span", "Island", "Taken", "islands", "scan", "mask", "merge", "apply_spans", "digits", "luhn"]


def islands(text: str) -> list[Island]:
    """``(lo, hi, n_digits)`` windows of ``text`` that can hold a numeric identifier: runs of digits and
    separators with at least 4 digits. Each window ends one character after the run so the detectors'
    look-aheads see what follows; look-behinds see the whole text."""
    out: list[Island] = []
    n = len(text)
    for m in ISLAND_RE.finditer(text):
        s = m.group()
        if len(s) < 4:
            continue
        nd = len(s) - len(s.translate(DEL_DIGITS))
        if nd >= 4:
            out.append((m.start(), min(n, m.end() + 1), nd))
    return out


def scan(rx: re.Pattern, text: str, isl: list[Island] | None, min_digits: int) -> Iterator[re.Match]:
    """``rx.finditer`` restricted to the islands holding at least ``min_digits`` digits."""
    for lo, hi, nd in islands(text) if isl is None else isl:
        if nd >= min_digits:
            yield from rx.finditer(text, lo, hi)


class Taken:
    """Sorted, non-overlapping claimed spans with O(log n) overlap checks."""

    __slots__ = ("starts", "ends")

    def __init__(self, spans: Iterable[Span] = ()) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for s, e in spans:
            self.claim(s, e)

    def claim(self, s: int, e: int) -> bool:
        """Claim ``[s, e)``; False (and nothing claimed) when it overlaps a claimed span."""
        i = bisect_right(self.starts, s)
        if i and self.ends[i - 1] > s:
            return False
        if i < len(self.starts) and self.starts[i] < e:
            return False
        self.starts.insert(i, s)
        self.ends.insert(i, e)
        return True


def mask(text: str, spans: Iterable[Span]) -> str:
    """``text`` with each span replaced by a same-length ``[XXX]`` stand-in for its placeholder, so the
    next detectors see the boundaries they will see after redaction (offsets unchanged)."""
    out, pos = [], 0
    for s, e in sorted(spans):
        out.append(text[pos:s])
        out.append("[" + "X" * (e - s - 2) + "]" if e - s >= 2 else "X")
        pos = e
    out.append(text[pos:])
    return "".join(out)


def merge(spans: Iterable[Span]) -> list[Span]:
    """Sorted, non-overlapping spans (overlapping ones are joined)."""
    taken: list[Span] = []
    for s, e in sorted(set(spans)):
        if taken and s < taken[-1][1]:
            if e > taken[-1][1]:
                taken[-1] = (taken[-1][0], e)
            continue
        taken.append((s, e))
    return taken


def apply_spans(text: str, spans: list[Span], repl: str | Callable[[str], str]) -> str:
    """``text`` with each (sorted, disjoint) span replaced by ``repl`` (or ``repl(value)``)."""
    if not spans:
        return text
    out, pos = [], 0
    for start, end in spans:
        out.append(text[pos:start])
        out.append(repl(text[start:end]) if callable(repl) else repl)
        pos = end
    out.append(text[pos:])
    return "".join(out)


def digits(s: str) -> str:
    return NON_DIGIT.sub("", s)


def luhn(number: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = ord(ch) - 48
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0
