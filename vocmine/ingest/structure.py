"""Structure checks of a CSV read: quotes that swallow the records that follow.

One stray ``"`` at the start of a field (``501,"Broken text,2024-01-05,...``) makes the csv
module read every following line into that field until the next quote: "501 read, 501
accepted" for a 1,000-row file, with 499 tickets glued into one ticket's text. A field that
holds a line break followed by a line shaped like the file's records (as many fields as the
header, a first field shaped like the other records' first fields) is that accident, not a
multi-line body. :func:`swallowed_line` finds the first such line of a record; the reader
quarantines the damaged record and reads again from there.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter

_LETTERS = re.compile(r"[^\W\d_]+")
_DIGITS = re.compile(r"\d+")
_SNIFF = 200


def shape(value: str) -> str:
    """``'T-1042'`` -> ``'a-9'``: letters and digit runs collapsed, punctuation kept."""
    return _DIGITS.sub("9", _LETTERS.sub("a", value.strip()))


class RecordShape:
    """What the file's records look like: header width and the usual shapes of the first field."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.first_shapes: Counter[str] = Counter()
        self.seen = 0

    def learn(self, record: list[str]) -> None:
        if self.seen < _SNIFF and record and len(record) == self.width:
            self.first_shapes[shape(record[0])] += 1
            self.seen += 1

    def matches(self, fields: list[str]) -> bool:
        if self.width < 2 or len(fields) != self.width:
            return False
        if not self.first_shapes:
            return True
        key = shape(fields[0])
        return bool(key) and self.first_shapes[key] >= max(1, 0.2 * self.seen)


def swallowed_line(raw_lines: list[str], delim: str, shape_of: RecordShape) -> int | None:
    """Index (>= 1) of the first line of a record's physical lines that is itself a record, else None."""
    if len(raw_lines) < 2 or shape_of.width < 2:
        return None
    need = shape_of.width - 1  # a line parsed into `width` fields holds at least this many delimiters
    for k in range(1, len(raw_lines)):
        line = raw_lines[k]
        if line.count(delim) < need or not line.strip():  # cannot be a record: not parsed (most body lines)
            continue
        try:
            fields = next(csv.reader(io.StringIO(line.rstrip("\r\n"), newline=""), delimiter=delim), [])
        except csv.Error:
            continue
        if shape_of.matches(fields):
            return k
    return None
