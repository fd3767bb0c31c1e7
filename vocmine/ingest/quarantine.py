"""Quarantine entries: one per problem, with a masked value; the CSV writer.

A quarantined value may be a customer's free text, an e-mail used as an id, or a phone
number typed into a date field. Values are masked *when the entry is made*, so raw personal
data never sits in the quarantine frame, let alone the file: e-mails, CPF/CNPJ, phone and
card-like numbers are replaced by ``<email>``, ``<cpf>``... Text-like columns (subject,
body, text) additionally go through ``vocmine.text.redact`` when it is importable and are
cut to 40 characters; every value is cut to 80.
"""

from __future__ import annotations

import contextlib
import csv
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from vocmine._io import neutralise_csv_cell

QUARANTINE_COLUMNS = ("source_file", "row", "line", "column", "value", "reason", "action")
#: ``action``: ``row`` (the whole row is left out of the TicketFrame) or ``value`` (only this value
#: is removed: the ticket is kept with the field empty)
ROW, VALUE = "row", "value"
TEXT_LIMIT = 40
VALUE_LIMIT = 80

_MASKS = (
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "<email>"),
    (re.compile(r"\b\d{2}\.?\d{3}\.?\d{3}/?\d{4}-?\d{2}\b"), "<cnpj>"),
    (re.compile(r"\b\d{3}\.?\d{3}\.?\d{3}-?\d{2}\b"), "<cpf>"),
    (re.compile(r"\b(?:\d[ -]?){13,19}\b"), "<card>"),
    (re.compile(r"(?:\+?\d{1,3}[\s.-]?)?\(?\b\d{2}\)?[\s.-]?9?\d{4}[\s.-]?\d{4}\b"), "<phone>"),
    (re.compile(r"\d{9,}"), "<number>"),
)


def mask_pii(value: str) -> str:
    """Replace e-mail, CPF/CNPJ, card, phone and long digit runs (own regexes, no imports)."""
    for pattern, token in _MASKS:
        value = pattern.sub(token, value)
    return value


def _redact_text(value: str) -> str:
    try:
        from vocmine.text import redact  # built by the text engineer; optional here
    except ImportError:
        redact = None
    if redact is not None:
        try:
            value = redact(value)
        except Exception:  # a redactor bug must not leak the value: fall back to our masks
            pass
    return mask_pii(value)


def safe_value(value: object, *, text_like: bool = False) -> str:
    """The quarantine form of a raw value: masked, truncated, '' for missing."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    text = str(value)
    if text_like:
        text = _redact_text(text)
        limit = TEXT_LIMIT
    else:
        text = mask_pii(text)
        limit = VALUE_LIMIT
    text = text.replace("\r", " ").replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class Problem:
    source_file: str
    row: int
    line: int | None
    column: str
    value: str
    reason: str
    action: str = ROW


def problems_frame(problems: list[Problem]) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "source_file": pd.array([p.source_file for p in problems], dtype="string"),
            "row": pd.array([p.row for p in problems], dtype="Int64"),
            "line": pd.array([p.line for p in problems], dtype="Int64"),
            "column": pd.array([p.column for p in problems], dtype="string"),
            "value": pd.array([p.value for p in problems], dtype="string"),
            "reason": pd.array([p.reason for p in problems], dtype="string"),
            "action": pd.array([p.action for p in problems], dtype="string"),
        },
        columns=list(QUARANTINE_COLUMNS),
    )
    return frame.sort_values(["source_file", "row", "column"], kind="stable").reset_index(drop=True)


def write_quarantine(result, path: str | Path) -> Path:
    """Write the quarantine (of an ``IngestResult`` or a quarantine DataFrame) as UTF-8 CSV.

    Formula-like cells (starting with ``= + - @``) are prefixed with ``'``; values were
    already masked when the entries were made. Returns the path written. A folder that cannot be
    written (read-only, full disk, missing permission) is an :class:`InputError` saying so.
    """
    frame = result.quarantine if hasattr(result, "quarantine") else result
    missing = [c for c in QUARANTINE_COLUMNS if c not in frame.columns and c != "action"]
    if missing:
        from vocmine.exceptions import SchemaError

        raise SchemaError(f"quarantine frame is missing column(s) {missing}; found {list(frame.columns)}")
    from vocmine.ingest.writable import os_error

    path = Path(path)
    if "action" not in frame.columns:
        frame = frame.assign(action=ROW)
    out = frame[list(QUARANTINE_COLUMNS)].astype(object).where(frame[list(QUARANTINE_COLUMNS)].notna(), "")
    out = out.map(neutralise_csv_cell)  # the one CSV rule of vocmine.briefs.writers
    tmp = path.with_name(path.name + ".tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        out.to_csv(tmp, index=False, encoding="utf-8", quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        tmp.replace(path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise os_error(exc, path, "write the quarantine to") from exc
    return path
