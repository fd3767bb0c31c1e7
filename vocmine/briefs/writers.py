"""Safe writers: the only functions in ``vocmine.briefs`` that touch disk.

Every text value that reaches a file goes through one of these:

* :func:`escape_html` / :func:`escape_markdown` make ticket text inert
  (``<script>`` shows as text, Markdown syntax is not interpreted);
* :func:`neutralise_csv_cell` prefixes cells starting with ``= + - @`` (and tab / CR)
  with an apostrophe so spreadsheets do not evaluate them as formulas;
* :func:`guard_pii` is the last line of defence: a file in which
  ``vocmine.text.find_pii`` detects a personal value is **refused**
  (:class:`~vocmine.exceptions.PIILeakError`), never written. Briefs only quote
  ``text_display`` (already redacted), so a hit means a bug upstream and the run
  must fail rather than publish. Frames that carry the raw text columns
  (``text``/``text_raw``) are refused outright.

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
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from vocmine.exceptions import PIILeakError
from vocmine.schema import RAW_TEXT_COLUMNS

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
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_DATA_URI = re.compile(r"data:image/[a-z+]+;base64,[A-Za-z0-9+/=]+")


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


def neutralise_csv_cell(value: Any) -> Any:
    """Prefix a string that a spreadsheet would evaluate (``= + - @``, tab, CR) with ``'``."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Copy of ``frame`` with every string cell (and column name) neutralised."""
    out = frame.copy()
    for col in out.columns:
        s = out[col]
        if s.dtype == object or pd.api.types.is_string_dtype(s):
            out[col] = s.map(neutralise_csv_cell, na_action="ignore")
    out.columns = [neutralise_csv_cell(str(c)) for c in out.columns]
    return out


# ----------------------------------------------------------------- PII guard

_FALLBACK_PII = [
    re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"),                      # e-mail
    re.compile(r"\b\d{3}\.\d{3}\.\d{3}-\d{2}\b"),                  # CPF
    re.compile(r"\b\d{2}\.\d{3}\.\d{3}/\d{4}-\d{2}\b"),            # CNPJ
    re.compile(r"(?:\+?55\s?)?(?:\(?\d{2}\)?\s?)?9?\d{4}-\d{4}\b"),  # BR phone
]


def _match_value(match: Any) -> str:
    for attr in ("value", "text", "match"):
        v = getattr(match, attr, None)
        if isinstance(v, str):
            return v
    if isinstance(match, Mapping):
        for key in ("value", "text"):
            if isinstance(match.get(key), str):
                return match[key]
    if isinstance(match, tuple) and match and isinstance(match[-1], str):
        return match[-1]
    if isinstance(match, re.Match):
        return match.group(0)
    return str(match)


def find_pii_values(text: str) -> list[str]:
    """Personal values detected in ``text`` (``vocmine.text.find_pii``; small regex fallback).

    Embedded base64 images (``data:image/...;base64,...``) are skipped.
    """
    text = _DATA_URI.sub(" ", text)
    try:
        from vocmine.text import find_pii
    except ImportError:  # text stage not installed yet: minimal fallback
        return [m.group(0) for rx in _FALLBACK_PII for m in rx.finditer(text)]
    out = []
    for m in find_pii(text):
        start, end = getattr(m, "start", None), getattr(m, "end", None)
        out.append(text[start:end] if isinstance(start, int) and isinstance(end, int) else _match_value(m))
    return out


def guard_pii(text: str, *, where: str) -> str:
    """Return ``text`` unchanged, or raise :class:`PIILeakError` naming ``where`` and the kinds found."""
    found = find_pii_values(text)
    if found:
        # never echo the value itself: only how many and a masked hint
        hints = sorted({f"{v[:2]}…({len(v)} chars)" for v in found})[:5]
        raise PIILeakError(f"refusing to write {where}: {len(found)} personal value(s) detected {hints}")
    return text


def _check_frame_columns(frame: pd.DataFrame, where: str) -> None:
    bad = [c for c in frame.columns if c in RAW_TEXT_COLUMNS]
    if bad:
        raise PIILeakError(f"refusing to write {where}: frame holds raw text column(s) {bad}")


# ----------------------------------------------------------------- writers


def _atomic_write_bytes(path: Path, data: bytes) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return path


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
    text = neutralise_frame(frame).to_csv(index=False, lineterminator="\n")
    return write_text(text, path)


def write_json(obj: Any, path: str | os.PathLike) -> Path:
    """Write ``obj`` as indented, key-sorted JSON after the PII guard."""
    text = json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False, default=str) + "\n"
    return write_text(text, path)


def write_png(data: bytes, path: str | os.PathLike) -> Path:
    """Write PNG bytes (no text to guard)."""
    return _atomic_write_bytes(Path(path), data)


def _redact(text: str) -> str:
    try:
        from vocmine.text import redact
    except ImportError:
        out = text
        for rx in _FALLBACK_PII:
            out = rx.sub("[PII]", out)
        return out
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
