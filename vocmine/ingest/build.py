"""Shared machinery of the ticket and customer readers: resolve columns, parse, quarantine, account."""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from vocmine import schema as S
from vocmine.exceptions import InputError, SchemaError
from vocmine.ingest.presets import PII_HEADER, Source, norm
from vocmine.ingest.quarantine import ROW, VALUE, Problem, problems_frame, safe_value
from vocmine.ingest.readers import RawTable
from vocmine.ingest.result import ACCOUNTING_COLUMNS, IngestResult

_EMAIL = re.compile(r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$")


def as_paths(paths) -> list[Path]:
    if isinstance(paths, (str, Path)):
        return [Path(paths)]
    out = [Path(p) for p in paths]
    if not out:
        raise InputError("no export file given")
    return out


def header_index(columns: Sequence[str]) -> dict[str, str]:
    index: dict[str, str] = {}
    for c in columns:
        index.setdefault(norm(c), c)
    return index


def closest(candidates: Sequence[str], columns: Sequence[str]) -> list[str]:
    """Export columns resembling any candidate name (difflib on normalised names)."""
    index = header_index(columns)
    found: list[str] = []
    for cand in candidates:
        for hit in difflib.get_close_matches(norm(cand), list(index), n=2, cutoff=0.6):
            if index[hit] not in found:
                found.append(index[hit])
    return found


def missing_error(path: Path, preset: str, missing: dict[str, Sequence[str]], columns: Sequence[str]) -> SchemaError:
    parts = []
    for fld, tried in missing.items():
        near = closest(tried, columns)
        parts.append(f"{fld} (looked for {list(tried)[:8]}; closest found: {near or 'none'})")
    return SchemaError(
        f"{path}: missing required column(s) for preset {preset!r}: " + "; ".join(parts)
        + f". Found columns: {list(columns)}. Map them with a column map (--column-map), "
          f"e.g. {{{next(iter(missing))}: <column name>}}.")


def hash_email(value: str) -> str:
    """Stable pseudonymous id for an e-mail: ``email:`` + 16 hex digits of sha256(lower-cased)."""
    return "email:" + hashlib.sha256(value.strip().lower().encode("utf-8")).hexdigest()[:16]


def _json_pluck(value: str | None, mode: str) -> str | None:
    if value is None:
        return None
    if not value.startswith(("[", "{")):
        return value  # a plain cell (CSV tags "refund billing"), not JSON
    try:
        data = json.loads(value)
    except (json.JSONDecodeError, TypeError):
        return value
    if isinstance(data, dict):  # {"type": "contact.list", "contacts": [...]} style
        lists = [v for v in data.values() if isinstance(v, list)]
        data = lists[0] if lists else [data]
    if not isinstance(data, list):
        return str(data)
    if mode == "first_id":
        for item in data:
            if isinstance(item, dict) and item.get("id") is not None:
                return str(item["id"])
            if isinstance(item, (str, int)):
                return str(item)
        return None
    names = [str(item.get("name")) if isinstance(item, dict) else str(item) for item in data]
    names = [n for n in names if n and n != "None"]
    return ", ".join(names) if names else None


def strings(raw: pd.Series, source: Source | None = None) -> pd.Series:
    """Stripped strings (``string`` dtype, <NA> for blanks) with the source's json/hash transform."""
    values = [(v.strip() or None) if isinstance(v, str) else None for v in raw.tolist()]
    if source is not None and source.json:
        values = [_json_pluck(v, source.json) for v in values]
    if source is not None and source.hash:
        values = [hash_email(v) if v is not None else None for v in values]
    return pd.Series(pd.array(values, dtype="string"), index=raw.index)


#: a customer id column holding CPF/CNPJ numbers
_DOC_HEADER = re.compile(r"(?<![^\W\d_])(?:cpf|cnpj|documento)(?![^\W\d_])", re.IGNORECASE)  # cpf_cliente too


def _document(value: str | None) -> str | None:
    """A CPF or CNPJ written bare (or with its leading zeros lost to a spreadsheet) in its usual shape,
    000.000.000-00 or 00.000.000/0000-00, so cleaning pseudonymises it whatever its check digits."""
    if value is None or re.search(r"[^\d\s./-]", value):
        return value
    d = re.sub(r"\D", "", value)
    if len(d) in (9, 10, 11):
        d = d.zfill(11)
        return f"{d[:3]}.{d[3:6]}.{d[6:9]}-{d[9:]}"
    if len(d) in (12, 13, 14):
        d = d.zfill(14)
        return f"{d[:2]}.{d[2:5]}.{d[5:8]}/{d[8:12]}-{d[12:]}"
    return value


def ids(raw: pd.Series, source: Source | None = None) -> pd.Series:
    """Like :func:`strings`, and any value shaped like an e-mail is hashed (never kept as is). From a
    column named like a CPF/CNPJ, the numbers are written in the document's shape (:func:`_document`)."""
    out = strings(raw, source)
    if _DOC_HEADER.search(str(raw.name or "")):
        out = pd.Series(pd.array([_document(v) if isinstance(v, str) else None for v in out.tolist()],
                                 dtype="string"), index=out.index)
    mask = out.str.contains("@", regex=False).fillna(False).astype(bool)
    if mask.any():
        mask &= out.fillna("").str.match(_EMAIL).astype(bool)
    if mask.any():
        out = out.copy()
        out[mask] = [hash_email(v) for v in out[mask].tolist()]
    return out


def extra_json(frame: pd.DataFrame, columns: Sequence[str]) -> pd.Series:
    """One JSON object string per row holding the non-blank values of ``columns``."""
    if not columns:
        return pd.Series(pd.array(["{}"] * len(frame), dtype="string"), index=frame.index)
    sub = frame[list(columns)]
    records = sub.to_dict("records")
    out = [json.dumps({k: v for k, v in r.items() if isinstance(v, str) and v.strip()}, ensure_ascii=False)
           for r in records]
    return pd.Series(pd.array(out, dtype="string"), index=frame.index)


def dropped_columns(columns: Sequence[str], used: set[str], pii: frozenset[str], drop: Sequence[str]) -> list[str]:
    drop_keys = {norm(d) for d in drop} | set(pii)
    return [c for c in columns if c not in used and (norm(c) in drop_keys or PII_HEADER.search(c))]


class Collector:
    """Problems keyed by global row position, plus where each position came from.

    ``problems`` leave the whole row out; ``values`` only remove one value (the ticket is kept
    unless a row problem also hits it).
    """

    def __init__(self) -> None:
        self.problems: dict[int, list[Problem]] = defaultdict(list)
        self.values: dict[int, list[Problem]] = defaultdict(list)
        self.read_problems: list[Problem] = []
        self.origin: dict[int, tuple[str, int, int | None]] = {}
        self.reported: set[tuple[int, str]] = set()

    def register(self, table: RawTable, offset: int) -> pd.Index:
        name = table.source
        for i, (row, line) in enumerate(zip(table.rows, table.lines)):
            self.origin[offset + i] = (name, row, line)
        for p in table.problems:
            # a broken record's value may hold free text: redact and cut like text
            self.read_problems.append(Problem(name, p.row, p.line, p.column, safe_value(p.value, text_like=True),
                                              p.reason))
        return pd.RangeIndex(offset, offset + len(table.frame))

    def add(self, pos: int, field: str, label: str, value: object, reason: str, *, text_like: bool = False) -> None:
        if (pos, field) in self.reported:
            return
        self.reported.add((pos, field))
        name, row, line = self.origin[pos]
        self.problems[pos].append(Problem(name, row, line, label, safe_value(value, text_like=text_like), reason))

    def add_mask(self, mask: pd.Series, field: str, label: str, raw: pd.Series, reason, *,
                 text_like: bool = False) -> None:
        """Record a row problem for every True in ``mask``; ``reason`` is a str or a Series of str."""
        for pos in mask.index[mask.to_numpy(dtype=bool)]:
            why = reason if isinstance(reason, str) else reason[pos]
            self.add(int(pos), field, label, raw.get(pos), why, text_like=text_like)

    def add_values(self, mask: pd.Series, field: str, label: str, raw: pd.Series, reason) -> None:
        """Record a value problem (value removed, ticket kept) for every True in ``mask``."""
        for pos in mask.index[mask.to_numpy(dtype=bool)]:
            pos = int(pos)
            if (pos, field) in self.reported:
                continue
            self.reported.add((pos, field))
            why = reason if isinstance(reason, str) else reason[pos]
            name, row, line = self.origin[pos]
            self.values[pos].append(Problem(name, row, line, label, safe_value(raw.get(pos)), why, VALUE))


#: the end of a value problem's reason, untrue when the row is quarantined for another problem
_KEPT = re.compile(r"[;,]\s*value removed, ticket kept$")


def finish(kind: str, tables: list[RawTable], offsets: list[int], typed: pd.DataFrame, col: Collector,
           *, key: str, raw_key: pd.Series, notes: list[str], columns: Sequence[str], timezone: str = "UTC"
           ) -> IngestResult:
    """Drop duplicate keys (last occurrence wins), quarantine, account, and check the books."""
    bad = set(col.problems)
    clean = typed.index[~typed.index.isin(list(bad))]
    keys = typed.loc[clean, key].str.strip()
    dup = keys.duplicated(keep="last") & keys.notna()
    if dup.any():
        last_pos = {k: pos for pos, k in zip(keys.index, keys.tolist())}
        for pos in keys.index[dup.to_numpy()]:
            kept = last_pos[keys[pos]]
            kname, krow, _ = col.origin[kept]
            where = f"row {krow}" if kname == col.origin[pos][0] else f"row {krow} of {kname}"
            col.add(int(pos), key, key, raw_key.get(pos), f"duplicate {key}; kept {where}")
    bad = set(col.problems)
    accepted = typed.loc[~typed.index.isin(list(bad))]

    entries = list(col.read_problems)
    for pos in sorted(bad | set(col.values)):
        if pos in bad:  # the row is left out: its value problems are part of why (the ticket is not kept)
            entries += col.problems[pos] + [Problem(p.source_file, p.row, p.line, p.column, p.value,
                                                    _KEPT.sub("; the row is quarantined", p.reason), ROW)
                                            for p in col.values.get(pos, [])]
        else:
            entries += col.values[pos]
    quarantine = problems_frame(entries)
    acc_rows = []
    for table, offset in zip(tables, offsets):
        positions = range(offset, offset + len(table.frame))
        quarantined = len(table.problems) + sum(1 for p in positions if p in bad)
        kept = len(table.frame) - sum(1 for p in positions if p in bad)
        values = sum(len(col.values[p]) for p in positions if p in col.values and p not in bad)
        if table.rows_read != kept + quarantined:  # a promise, so code (``assert`` vanishes under python -O)
            raise SchemaError(f"row accounting broken for {table.source}: {table.rows_read} read != {kept} accepted "
                              f"+ {quarantined} quarantined (a vocmine bug: please report it)")
        acc_rows.append((table.source, table.rows_read, kept, quarantined, values))
    accounting = pd.DataFrame(acc_rows, columns=list(ACCOUNTING_COLUMNS))
    frame = accepted[list(columns)].reset_index(drop=True)
    if len(frame) != int(accounting["rows_accepted"].sum()):
        raise SchemaError(f"row accounting broken: {len(frame)} rows in the frame, "
                          f"{int(accounting['rows_accepted'].sum())} accepted (a vocmine bug: please report it)")
    return IngestResult(frame=frame, quarantine=quarantine, accounting=accounting, notes=notes, kind=kind,
                        timezone=timezone)


def meta_columns(table: RawTable, index: pd.Index) -> dict[str, pd.Series]:
    return {
        S.SOURCE_FILE: pd.Series(pd.array([table.source] * len(index), dtype="string"), index=index),
        S.SOURCE_ROW: pd.Series(np.asarray(table.rows, dtype="int64"), index=index),
        S.SOURCE_LINE: pd.Series(pd.array(table.lines, dtype="Int64"), index=index),
    }
