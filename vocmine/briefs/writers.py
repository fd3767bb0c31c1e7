"""Safe writers: the only functions in ``vocmine.briefs`` that touch disk.

Every text value that reaches a file goes through one of these:

* :func:`escape_html` / :func:`escape_markdown` make ticket text inert
  (``<script>`` shows as text, Markdown syntax is not interpreted);
* :func:`neutralise_csv_cell` prefixes cells starting with ``= + - @`` (and tab / CR)
  with an apostrophe so spreadsheets do not evaluate them as formulas;
* :func:`guard_pii` (from :mod:`vocmine._io`, the one guard shared with ingest and
  the store) is the last line of defence: a document in which
  ``vocmine.text.find_pii`` detects a personal value is **refused**
  (:class:`~vocmine.exceptions.PIILeakError`), never written. Briefs only quote
  ``text_display`` (redacted, and screened per ticket in ``clean_frame``), so a hit
  means a bug upstream. CSV cells are checked one by one (never the joined file),
  and frames that carry the raw text columns (``text``/``text_raw``/``extra``) are
  refused outright.

Executed notebooks are scrubbed (:func:`scrub_notebook`): text outputs are passed
through ``vocmine.text.redact`` and streams/errors cut to their redacted form before
the guard runs.
"""

from __future__ import annotations

import base64
import html
import json
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from vocmine._io import (
    atomic_write_bytes,
    check_raw_columns,
    find_pii_values,
    guard_pii,
    neutralise_csv_cell,
    neutralise_frame,
    screen_texts,
)
from vocmine.exceptions import PIILeakError

__all__ = [
    "escape_html",
    "escape_markdown",
    "neutralise_csv_cell",
    "neutralise_frame",
    "find_pii_values",
    "guard_pii",
    "write_text",
    "write_html",
    "write_markdown",
    "write_csv",
    "write_json",
    "write_notebook",
    "scrub_notebook",
    "write_png",
]

# ----------------------------------------------------------------- escaping

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]|~>])")
_MD_LINE_START = re.compile(r"^(\s*)([#+\-=])")
_MD_ORDERED = re.compile(r"^(\s*\d+)([.)])")


def escape_html(value: Any) -> str:
    """Return ``value`` as text safe inside HTML element content and quoted attributes."""
    return html.escape("" if value is None else str(value), quote=True)


def escape_markdown(value: Any, *, inline: bool = True, line_start: bool = True) -> str:
    """Return ``value`` as inert Markdown text.

    ``&``, ``<`` and ``>`` become HTML entities (Markdown renderers pass raw HTML
    through), every Markdown control character is backslash-escaped, and with
    ``inline=True`` line breaks become spaces so a value cannot open a new block
    (heading, list, table row).
    """
    text = "" if value is None else str(value)
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    # block syntax only counts at the start of a line: headings, list items, setext underlines, "1."
    lines = text.split("\n")
    text = "\n".join(_MD_ORDERED.sub(r"\1\\\2", _MD_LINE_START.sub(r"\1\\\2", line))
                     if (i > 0 or line_start) else line for i, line in enumerate(lines))
    # '>' was backslash-escaped above; an entity is safer for renderers that ignore '\>'.
    text = text.replace("\\>", "&gt;")
    if inline:
        text = re.sub(r"\s*[\r\n]+\s*", " ", text)
    return text


# ----------------------------------------------------------------- PII guard (vocmine._io)


def _check_frame_columns(frame: pd.DataFrame, where: str) -> None:
    check_raw_columns(frame.columns, where=where)


def _guard_cells(frame: pd.DataFrame, where: str) -> None:
    """Each string cell checked on its own (a join of rows could assemble a value from two cells)."""
    for col in frame.columns:
        s = frame[col]
        if not (s.dtype == object or pd.api.types.is_string_dtype(s)):
            continue
        hits = screen_texts(s.tolist())
        if hits:
            kinds = sorted({k for ks in hits.values() for k in ks})
            raise PIILeakError(f"refusing to write {where}: column {col!r} rows {sorted(hits)[:5]} hold personal "
                               f"value(s) (kinds: {kinds})")
    guard_pii(" ".join(str(c) for c in frame.columns), where=f"{where} (header)")


# ----------------------------------------------------------------- writers


def _atomic_write_bytes(path: Path, data: bytes) -> Path:
    return atomic_write_bytes(path, data)


def write_text(text: str, path: str | os.PathLike, *, guard: bool = True) -> Path:
    """Write UTF-8 text (``\\n`` newlines) after the PII guard."""
    if guard:
        guard_pii(text, where=str(path))
    return _atomic_write_bytes(Path(path), text.encode("utf-8"))


def write_html(document: str, path: str | os.PathLike) -> Path:
    """Write a finished HTML document (already escaped by its builder) after the PII guard."""
    return write_text(document, path)


def write_markdown(document: str, path: str | os.PathLike) -> Path:
    """Write a finished Markdown document after the PII guard."""
    return write_text(document, path)


def write_csv(frame: pd.DataFrame, path: str | os.PathLike) -> Path:
    """Write ``frame`` as CSV: no index, formula cells neutralised, raw text refused, PII guard.

    The output is deterministic for equal frames (same bytes), so two runs on the
    same inputs can be compared with ``cmp``.
    """
    _check_frame_columns(frame, str(path))
    _guard_cells(frame, str(path))
    text = neutralise_frame(frame).to_csv(index=False, lineterminator="\n")
    return write_text(text, path, guard=False)


def write_json(obj: Any, path: str | os.PathLike) -> Path:
    """Write ``obj`` as indented, key-sorted JSON after the PII guard."""
    text = json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False, default=str) + "\n"
    return write_text(text, path)


def write_png(data: bytes, path: str | os.PathLike) -> Path:
    """Write PNG bytes (no text to guard)."""
    return _atomic_write_bytes(Path(path), data)


def _redact(text: str) -> str:
    from vocmine.text.pii import redact

    return redact(text)


def _scrub_value(value: Any) -> Any:
    if isinstance(value, str):
        return _redact(value)
    if isinstance(value, list):
        return [_scrub_value(v) for v in value]
    return value


def scrub_notebook(nb: Any) -> Any:
    """Redact every text output of an executed notebook in place and return it.

    Images are kept; ``text/*`` and ``application/json`` outputs, streams and error
    tracebacks are passed through the redactor. Cell sources are left as they are
    (they hold parameters and calls, never ticket text).
    """
    for cell in nb.get("cells", []):
        for out in cell.get("outputs", []) or []:
            if "text" in out:
                out["text"] = _scrub_value(out["text"])
            if "traceback" in out:
                out["traceback"] = _scrub_value(out["traceback"])
            if "evalue" in out:
                out["evalue"] = _scrub_value(out["evalue"])
            data = out.get("data") or {}
            for mime in list(data):
                if mime.startswith("text/") or mime == "application/json":
                    data[mime] = _scrub_value(data[mime])
    return nb


def write_notebook(nb: Any, path: str | os.PathLike) -> Path:
    """Scrub ``nb`` (see :func:`scrub_notebook`), run the PII guard and write it (nbformat v4)."""
    import nbformat

    scrub_notebook(nb)
    text = nbformat.writes(nb)
    return write_text(text, path)


def iter_text_files(root: str | os.PathLike, suffixes: Iterable[str] = (".html", ".md", ".csv", ".json",
                                                                       ".ipynb")) -> list[Path]:
    """Every published text file under ``root`` (sorted), for audits and tests."""
    root = Path(root)
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in tuple(suffixes))


def png_data_uri(data: bytes) -> str:
    """``data:image/png;base64,...`` for inline embedding (no external request)."""
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii")
