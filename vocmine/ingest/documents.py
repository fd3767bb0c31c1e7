"""JSON, JSON Lines and XLSX readers (see :mod:`vocmine.ingest.readers` for the rules)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd

from vocmine.exceptions import InputError
from vocmine.ingest.rawtable import RawTable, ReadProblem, cell_to_str, frame_from_records, read_bytes, unique_headers

JSON_LIST_KEYS = ("tickets", "conversations", "data", "customers", "results", "items", "records")
MAX_JSON_DEPTH = 20


def _flatten(records: list[dict]) -> tuple[list[dict], list[str]]:
    """Records with nested objects flattened to dotted keys; columns in first-seen order."""
    if not any(isinstance(v, dict) for r in records for v in r.values()):  # flat already: fast path
        return records, list(dict.fromkeys(k for r in records for k in r))  # JSON keys are str
    flat = pd.json_normalize(records, sep=".", max_level=None)
    columns = [str(c) for c in flat.columns]
    return flat.to_dict("records"), columns


def json_depth(value: object, limit: int = MAX_JSON_DEPTH) -> int:
    """Nesting depth of a parsed JSON value (a flat object is 1), counted without recursion and
    stopping once past ``limit``."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        if deepest > limit:
            return deepest
        stack.extend((c, depth + 1) for c in children if isinstance(c, dict | list))
    return deepest


def _loads(text: str | bytes, path: Path, where: str = "") -> object:
    try:
        return json.loads(text)
    except RecursionError as exc:
        raise InputError(f"{path}{where}: JSON nested too deeply to read (more than about "
                         f"{sys.getrecursionlimit()} levels); a ticket export is at most a few levels deep") from exc


def _records_table(path: Path, items: list[tuple[int, int | None, object]], problems: list[ReadProblem]) -> RawTable:
    """Table of the JSON objects among ``(row, line, value)``; the others become read problems."""
    good, rows, lines = [], [], []
    for row, line, rec in items:
        if not isinstance(rec, dict):
            problems.append(ReadProblem(row, line, "<record>", type(rec).__name__,
                                        "JSON record is not an object" if line is None else "JSON line is not an object"))
            continue
        depth = json_depth(rec)
        if depth > MAX_JSON_DEPTH:
            problems.append(ReadProblem(row, line, "<record>", f"depth > {MAX_JSON_DEPTH}",
                                        f"JSON record nested more than {MAX_JSON_DEPTH} levels deep; "
                                        f"not a ticket (flatten or remove it)"))
            continue
        good.append(rec)
        rows.append(row)
        lines.append(line)
    try:
        flat, columns = _flatten(good) if good else ([], [])
        frame = frame_from_records(flat, columns)
    except RecursionError as exc:  # pragma: no cover - depth is bounded above
        raise InputError(f"{path}: JSON nested too deeply to flatten") from exc
    return RawTable(path, frame, rows, lines, problems, encoding="utf-8")


def read_json(path: Path) -> RawTable:
    data = read_bytes(path)
    try:
        payload = _loads(data.decode("utf-8-sig"), path)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}: is not valid JSON: {exc}") from exc
    if isinstance(payload, dict):
        for key in JSON_LIST_KEYS:
            if isinstance(payload.get(key), list):
                payload = payload[key]
                break
        else:
            raise InputError(
                f"{path}: JSON object holds no list of records under any of {list(JSON_LIST_KEYS)}; "
                f"found keys {list(payload)[:20]}")
    if not isinstance(payload, list):
        raise InputError(f"{path}: JSON must be an array of records or an object holding one")
    if not payload:
        raise InputError(f"{path}: the file is empty (the JSON list holds no records)")
    return _records_table(path, [(i, None, rec) for i, rec in enumerate(payload, start=1)], [])


def read_jsonl(path: Path) -> RawTable:
    data = read_bytes(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: JSON Lines must be UTF-8: {exc}") from exc
    items, problems = [], []
    data_row = 0
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        data_row += 1
        try:
            rec = _loads(line, path, f" line {lineno}")
        except json.JSONDecodeError as exc:
            problems.append(ReadProblem(data_row, lineno, "<record>", line[:40], f"not valid JSON: {exc.msg}"))
            continue
        except InputError as exc:
            problems.append(ReadProblem(data_row, lineno, "<record>", line[:40], str(exc).split(": ", 1)[-1]))
            continue
        items.append((data_row, lineno, rec))
    if data_row == 0:
        raise InputError(f"{path}: the file is empty (no JSON lines)")
    return _records_table(path, items, problems)


def _sheet_table(path: Path, ws, label: str | None) -> RawTable | None:
    header = None
    records, rows, lines = [], [], []
    data_row = 0
    for sheet_row, values in enumerate(ws.iter_rows(values_only=True), start=1):
        cells = [cell_to_str(v) for v in values]
        if all(c is None for c in cells):
            continue
        if header is None:
            header = unique_headers([c or "" for c in cells])
            continue
        data_row += 1
        cells = (cells + [None] * len(header))[: len(header)]
        records.append(cells)
        rows.append(data_row)
        lines.append(sheet_row)
    if header is None:
        return None
    return RawTable(path, pd.DataFrame(records, columns=header, dtype=object), rows, lines, label=label)


def read_xlsx_sheets(path: Path) -> list[RawTable]:
    """Every sheet whose header is that of the most data rows (same names, any order and case; a cover
    sheet before the data is left out), one table each (labelled ``file.xlsx#Sheet`` when there are several); a note names the sheets
    left out. Raises :class:`InputError` when no sheet holds a header."""
    import openpyxl

    from vocmine.ingest.presets import norm

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zipfile.BadZipFile, KeyError, InvalidFileException...
        raise InputError(f"{path}: cannot be read as an XLSX workbook: {exc}") from exc
    tables: list[tuple[str, RawTable]] = []
    try:
        for ws in wb.worksheets:
            table = _sheet_table(path, ws, None)
            if table is not None:
                tables.append((ws.title, table))
    finally:
        wb.close()
    if not tables:
        raise InputError(f"{path}: every worksheet is empty (no header row)")
    # the header of the most data rows (summed over the sheets sharing it): a cover or filter sheet
    # before the data ("Exportado em ...", two rows) is left out; ties go to the first sheet
    keys = [tuple(sorted(norm(c) for c in tb.frame.columns)) for _, tb in tables]
    rows: dict[tuple[str, ...], int] = {}
    for k, (_, tb) in zip(keys, tables, strict=True):
        rows[k] = rows.get(k, 0) + len(tb.frame)
    key = max(rows, key=lambda k: (rows[k], -keys.index(k)))
    same = [(t, tb) for k, (t, tb) in zip(keys, tables, strict=True) if k == key]
    other = [t for k, (t, _) in zip(keys, tables, strict=True) if k != key]
    notes = []
    if len(same) > 1:
        for title, tb in same:
            tb.label = f"{path}#{title}"
        notes.append(f"{path}: read {len(same)} sheets with the same header: {[t for t, _ in same]}")
    else:
        notes.append(f"{path}: read sheet {same[0][0]!r}" + ("" if other else " (the only sheet with data)"))
    if other:
        notes.append(f"{path}: sheet(s) {other} left out: their header differs from sheet {same[0][0]!r}'s")
    same[0][1].notes.extend(notes)
    return [tb for _, tb in same]


def read_xlsx(path: Path) -> RawTable:
    """The first sheet with a header (see :func:`read_xlsx_sheets` for every matching sheet)."""
    tables = read_xlsx_sheets(path)
    first = tables[0]
    first.label = None
    if len(tables) > 1:
        first.notes = [f"{path}: read the first sheet only; {len(tables) - 1} other sheet(s) have the same header"]
    return first
