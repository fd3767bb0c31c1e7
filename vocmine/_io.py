"""Writing safely: atomic writes, CSV cell neutralising and the one PII guard every writer uses
(ingest's quarantine, the history store, the brief writers).

The guard has two levels:

* **structural**: a frame that carries a raw text column (``text``, ``text_raw``, ``extra``) about to
  be written is refused with :class:`~vocmine.exceptions.PIILeakError` (:func:`check_raw_columns`).
  That is a bug in the caller, never a property of one ticket, so it stops the run.
* **per text**: :func:`screen_texts` runs the detector on **each text on its own** (never a join: a
  value can look assembled from the end of one ticket and the start of the next) and returns which
  texts trip it and with which kinds. Callers withhold those texts (:data:`WITHHELD`) and log the
  ticket id and kinds, never the value, so one bad ticket never stops a month.

:func:`guard_pii` checks one finished document (a brief, a JSON manifest) before it is written and
raises when it holds a personal value; documents are built from texts that already passed the
per-text guard, so a hit there is a bug upstream.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from vocmine.exceptions import PIILeakError

__all__ = [
    "WITHHELD", "atomic_write_bytes", "neutralise_csv_cell", "neutralise_frame", "find_pii_values", "pii_kinds",
    "guard_pii", "check_raw_columns", "screen_texts", "withhold_texts",
]

log = logging.getLogger("vocmine")

# what a withheld text becomes (a placeholder: text_model and lemmas drop it)
WITHHELD = "[WITHHELD]"

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_DATA_URI = re.compile(r"data:image/[a-z+]+;base64,[A-Za-z0-9+/=]+")


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> Path:
    """Write ``data`` to a temporary sibling and rename it over ``path`` (readers never see half a file)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return path


def neutralise_csv_cell(value: Any) -> Any:
    """Prefix a string that a spreadsheet would evaluate (``= + - @``, tab, CR) with ``'``."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def neutralise_frame(frame: Any) -> Any:
    """Copy of ``frame`` with every string cell (and column name) neutralised."""
    import pandas as pd

    out = frame.copy()
    for col in out.columns:
        s = out[col]
        if s.dtype == object or pd.api.types.is_string_dtype(s):
            out[col] = s.map(neutralise_csv_cell, na_action="ignore")
    out.columns = [neutralise_csv_cell(str(c)) for c in out.columns]
    return out


# ----------------------------------------------------------------- the guard


def _matches(text: str) -> list:
    from vocmine.text.pii import find_pii

    if "data:image/" in text:
        text = _DATA_URI.sub(" ", text)
    return [(m, text) for m in find_pii(text)]


def find_pii_values(text: str) -> list[str]:
    """Personal values detected in ``text`` (embedded base64 images are skipped). For messages that
    must not echo them, use :func:`pii_kinds`."""
    return [t[m.start:m.end] for m, t in _matches(text)]


def pii_kinds(text: str) -> list[str]:
    """Sorted distinct kinds of personal value detected in ``text`` (``[]`` when clean)."""
    if not text:
        return []
    return sorted({m.kind for m, _ in _matches(text)})


def guard_pii(text: str, *, where: str) -> str:
    """Return ``text`` unchanged, or raise :class:`PIILeakError` naming ``where`` and the kinds found
    (never the values)."""
    found = _matches(text)
    if found:
        kinds = sorted({m.kind for m, _ in found})
        raise PIILeakError(f"refusing to write {where}: {len(found)} personal value(s) detected (kinds: {kinds})")
    return text


def check_raw_columns(columns: Iterable[Any], *, where: str) -> None:
    """Raise :class:`PIILeakError` when a raw text column (``text``, ``text_raw``, ``extra``) is about
    to be written: a structural leak, which stops the run."""
    from vocmine.schema import RAW_TEXT_COLUMNS

    bad = [c for c in columns if c in RAW_TEXT_COLUMNS]
    if bad:
        raise PIILeakError(f"refusing to write {where}: raw text column(s) {bad}")


def _kinds_chunk(texts: Sequence[str]) -> list[tuple[str, ...]]:
    return [tuple(pii_kinds(t)) for t in texts]


def screen_texts(values: Sequence[Any], *, n_process: int = 1) -> dict[int, tuple[str, ...]]:
    """``{position: kinds}`` for the texts in ``values`` that trip the guard, each text checked on its
    own (identical texts once). Missing values and non-strings other than text are skipped.
    ``n_process``: processes for long lists (-1: one per core; :func:`vocmine._parallel.map_chunks`)."""
    from vocmine._parallel import map_chunks

    distinct: dict[str, int] = {}
    for v in values:
        if isinstance(v, str) and v:
            distinct.setdefault(v, len(distinct))
    kinds = map_chunks(_kinds_chunk, list(distinct), n_process=n_process)
    out: dict[int, tuple[str, ...]] = {}
    for i, v in enumerate(values):
        if isinstance(v, str) and v and kinds[distinct[v]]:
            out[i] = kinds[distinct[v]]
    return out


def withhold_texts(frame: Any, columns: Sequence[str], *, id_col: str = "ticket_id", where: str = "",
                   blank: Sequence[str] = (), passed: Sequence[bool] | None = None, n_process: int = 1) -> Any:
    """Copy of ``frame`` in which every row whose ``columns`` trip the guard has those columns replaced
    by :data:`WITHHELD` (and the ``blank`` columns by ``""``); each is logged by id and kinds (never
    the value). The copy's ``attrs["pii_withheld"]`` holds ``{id: kinds}`` of the rows withheld here.
    ``passed``: per row, True when these very texts already passed this guard (a cleaned-text cache
    hit); those rows are not screened again. ``n_process``: as :func:`screen_texts`."""
    out = frame.copy()
    flagged: dict[int, set[str]] = {}
    for col in columns:
        if col not in out.columns:
            continue
        values = out[col].tolist()
        if passed is not None:
            values = [None if ok else v for v, ok in zip(values, passed, strict=True)]
        for pos, kinds in screen_texts(values, n_process=n_process).items():
            flagged.setdefault(pos, set()).update(kinds)
    withheld: dict[str, list[str]] = {}
    if flagged:
        rows = sorted(flagged)
        for col in columns:
            if col in out.columns:
                out.iloc[rows, out.columns.get_loc(col)] = "" if col in blank else WITHHELD
        for col in blank:
            if col in out.columns and col not in columns:
                out.iloc[rows, out.columns.get_loc(col)] = ""
        ids = out[id_col].tolist() if id_col in out.columns else list(out.index)
        for pos in rows:
            key = str(ids[pos])
            withheld[key] = sorted(flagged[pos])
            log.warning("PII guard%s: ticket %s withheld (kinds: %s)", f" ({where})" if where else "", key,
                        ", ".join(withheld[key]))
    out.attrs = {**frame.attrs, "pii_withheld": withheld}
    return out
