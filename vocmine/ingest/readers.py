"""Read export files into an all-string table, keeping where every row came from.

Every reader returns a :class:`RawTable`: a DataFrame whose cells are ``str`` or ``None``
(nothing is parsed yet), the 1-based data row of each record, the physical line where the
format has one (CSV: first line of the record; JSONL: the line; XLSX: the sheet row), and
row-level read problems (a CSV record with more fields than the header, a JSONL line that
is not JSON) that the caller sends to the quarantine.

Formats: ``.csv``/``.tsv``/``.txt`` (UTF-8, UTF-8 with BOM, UTF-16 with BOM, else cp1252,
else latin-1; delimiter detected among ``, ; TAB |``; quoted newlines), ``.parquet``,
``.json`` (an array of records or an object holding one under ``tickets``,
``conversations``, ``data``, ``customers``, ``results`` or ``items``; nested objects are
flattened with dots, e.g. ``source.body``), ``.jsonl``/``.ndjson`` and ``.xlsx`` (every sheet
whose header matches the first sheet's is read, each as its own source ``file.xlsx#Sheet``;
the other sheets are named in a note). CSV, JSON and JSONL may be gzip-compressed
(``tickets.csv.gz``).

Limits (each a clear :class:`InputError`, never a ``MemoryError`` or ``RecursionError``): a file
or its decompressed content above :data:`MAX_INPUT_BYTES` (1 GiB; environment variable
``VOCMINE_MAX_INPUT_MB``), JSON nested deeper than Python can parse; a JSON record nested more than
:data:`MAX_JSON_DEPTH` levels is quarantined. UTF-16 without a byte-order mark is recognised from
its zero bytes. A CSV quote that is opened and never closed where it should be swallows the
records that follow into one field: the reader finds record-shaped lines inside a field,
quarantines the damaged record (file, line, how to fix it) and reads the swallowed records again.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import json
import math
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from vocmine.exceptions import InputError
from vocmine.ingest.structure import RecordShape, swallowed_line

DELIMITERS = (",", ";", "\t", "|")
JSON_LIST_KEYS = ("tickets", "conversations", "data", "customers", "results", "items", "records")
_SNIFF_RECORDS = 50
_SEP_HINT = re.compile(r"sep=([,;\t|])\r?\n")
MAX_INPUT_BYTES = 1 << 30
MAX_JSON_DEPTH = 20


def max_input_bytes() -> int:
    """Largest file (or decompressed content) read, in bytes: ``VOCMINE_MAX_INPUT_MB`` or 1 GiB."""
    import os

    value = os.environ.get("VOCMINE_MAX_INPUT_MB")
    if value:
        try:
            return int(float(value) * (1 << 20))
        except ValueError:
            pass
    return MAX_INPUT_BYTES


@dataclass
class ReadProblem:
    """A record that could not be read into the table (it still counts as a read row)."""

    row: int
    line: int | None
    column: str
    value: str
    reason: str


@dataclass
class RawTable:
    path: Path
    frame: pd.DataFrame                  # object columns, str or None
    rows: list[int]                      # 1-based data row per frame row
    lines: list[int | None]              # physical line per frame row (None when unknown)
    problems: list[ReadProblem] = field(default_factory=list)
    encoding: str | None = None
    delimiter: str | None = None
    notes: list[str] = field(default_factory=list)
    label: str | None = None             # "file.xlsx#Sheet" when a workbook gives several tables

    @property
    def source(self) -> str:
        """Name of this table in the quarantine and the accounting."""
        return self.label or str(self.path)

    @property
    def rows_read(self) -> int:
        return len(self.frame) + len(self.problems)


# --------------------------------------------------------------------------- helpers

def cell_to_str(value: object) -> str | None:
    """One cell as text: None/NaN/empty -> None, integral floats without '.0', datetimes ISO."""
    if value is None:
        return None
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, (pd.Timestamp, _dt.datetime, _dt.date)):
        if pd.isna(value):
            return None
        return value.isoformat()
    if isinstance(value, (list, dict, tuple)):
        return json.dumps(value, ensure_ascii=False, default=str)
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if hasattr(value, "tolist"):  # numpy scalars and arrays
        return cell_to_str(value.tolist())
    return str(value)


def _frame_from_records(records: list[dict], columns: list[str]) -> pd.DataFrame:
    data = {c: [cell_to_str(r.get(c)) for r in records] for c in columns}
    return pd.DataFrame(data, columns=columns, dtype=object)


def _unique_headers(header: list[str]) -> list[str]:
    """Strip names, name blanks ``column_N`` and make duplicates unique (``Tags``, ``Tags.2``)."""
    seen: dict[str, int] = {}
    out = []
    for i, name in enumerate(header):
        name = (name or "").strip().lstrip("\ufeff") or f"column_{i + 1}"
        if name in seen:
            seen[name] += 1
            name = f"{name}.{seen[name]}"
        else:
            seen[name] = 1
        out.append(name)
    return out


# --------------------------------------------------------------------------- CSV

def decode_bytes(data: bytes, path: Path) -> tuple[str, str]:
    """Decode with BOM detection, then strict UTF-8, then cp1252, then latin-1 (never fails)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise InputError(f"{path}: has a UTF-16 byte-order mark but does not decode: {exc}") from exc
    utf16 = sniff_utf16(data)
    if utf16 is not None:
        try:
            return data.decode(utf16), f"{utf16} (no byte-order mark; detected from its zero bytes)"
        except UnicodeDecodeError as exc:
            raise InputError(f"{path}: looks like {utf16} without a byte-order mark but does not decode "
                             f"({exc}); re-save it as UTF-8") from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def sniff_utf16(data: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` when the first KiB has zero bytes at every other position
    (ASCII text in UTF-16 without a byte-order mark), else None."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    sample = sample[: len(sample) - len(sample) % 2]
    half = len(sample) // 2
    even_zero = sample[0::2].count(0) / half
    odd_zero = sample[1::2].count(0) / half
    if odd_zero > 0.6 and even_zero < 0.05:
        return "utf-16-le"
    if even_zero > 0.6 and odd_zero < 0.05:
        return "utf-16-be"
    return None


def detect_delimiter(text: str) -> str:
    """Pick the delimiter among ``, ; TAB |`` whose first records agree best with the header.

    Each candidate parses the first records with the csv module; the score is the share of
    records whose field count equals the header's, then the header width. A candidate that
    leaves the header as one field is only chosen when nothing else splits it.
    """
    sample = text[: 256 * 1024]
    best, best_score = ",", (-1.0, 0)
    for delim in DELIMITERS:
        reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delim)
        try:
            records = []
            for rec in reader:
                if rec:
                    records.append(rec)
                if len(records) > _SNIFF_RECORDS:
                    break
        except csv.Error:
            continue
        if not records:
            continue
        width = len(records[0])
        if width < 2:
            score = (-0.5, 1)
        else:
            body = records[1:-1] if len(records) > 2 else records[1:]  # last one may be cut
            agree = sum(len(r) == width for r in body) / len(body) if body else 1.0
            score = (agree, width)
        if score > best_score:
            best, best_score = delim, score
    return best


def _read_bytes(path: Path) -> bytes:
    """File content; ``*.gz`` is decompressed (``tickets.csv.gz`` reads as a CSV), in chunks and
    never beyond :func:`max_input_bytes` (a gzip bomb is an error, not a ``MemoryError``)."""
    import gzip
    import zlib

    limit = max_input_bytes()
    try:
        size = path.stat().st_size
        if size > limit:
            raise InputError(f"{path}: is {size / (1 << 20):.1f} MiB, above the {limit / (1 << 20):g} MiB input "
                             f"limit; split the export by month or raise VOCMINE_MAX_INPUT_MB")
        if path.suffix.lower() != ".gz":
            return path.read_bytes()
        chunks, total = [], 0
        with gzip.open(path, "rb") as fh:
            while True:
                chunk = fh.read(1 << 20)
                if not chunk:
                    break
                total += len(chunk)
                if total > limit:
                    raise InputError(
                        f"{path}: decompresses to more than {limit / (1 << 20):g} MiB (from {size / (1 << 20):.1f} "
                        f"MiB compressed); stopped reading. A real export this large should be split by month; "
                        f"otherwise raise VOCMINE_MAX_INPUT_MB")
                chunks.append(chunk)
        return b"".join(chunks)
    except InputError:
        raise
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise InputError(f"{path}: is not a valid gzip file: {exc}") from exc
    except MemoryError as exc:
        raise InputError(f"{path}: does not fit in memory; split the export by month") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot be read: {exc}") from exc


def read_csv(path: Path) -> RawTable:
    data = _read_bytes(path)
    text, encoding = decode_bytes(data, path)
    if not text.strip():
        raise InputError(f"{path}: the file is empty (no header row)")
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, len(text) + 1))  # a long body is a value, not an error; restored below
    hint = _SEP_HINT.match(text)  # Excel's "sep=;" first line
    try:
        if hint:
            return _parse_csv(path, text, hint.group(1), encoding, skip_first=True)
        return _parse_csv(path, text, detect_delimiter(text), encoding)
    finally:
        csv.field_size_limit(limit)


def _parse_csv(path: Path, text: str, delim: str, encoding: str, *, skip_first: bool = False) -> RawTable:
    """Records of ``text``; a record whose field swallowed record-shaped lines is quarantined (file,
    line, fix) and reading restarts at the first swallowed line, so the records it hid are kept."""
    physical = io.StringIO(text, newline="").readlines()
    header: list[str] | None = None
    shape_of: RecordShape | None = None
    records: list[list[str]] = []
    rows: list[int] = []
    lines: list[int | None] = []
    problems: list[ReadProblem] = []
    notes: list[str] = []
    data_row = 0
    base = 0                       # physical lines before the text the current reader reads
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    prev_line = 0
    while True:
        restart = None
        try:
            for rec in reader:
                start = base + prev_line + 1
                prev_line = reader.line_num
                end = base + prev_line
                if skip_first:
                    skip_first = False
                    continue
                if not any(c.strip() for c in rec):  # blank line or only delimiters: not a record
                    continue
                if header is None:
                    header = _unique_headers(rec)
                    shape_of = RecordShape(len(header))
                    continue
                data_row += 1
                if end > start and any("\n" in c or "\r" in c for c in rec):
                    k = swallowed_line(physical[start - 1:end], delim, shape_of)
                    if k is not None:
                        problems.append(ReadProblem(
                            data_row, start, "<record>", physical[start - 1][:40],
                            f"a quote opened on line {start} runs over {end - start} line(s) and swallowed "
                            f"record-shaped line(s) from line {start + k}; this record is quarantined and the "
                            f"following lines are read again. Fix: double the quote (\"\") inside a quoted "
                            f"field, or remove it"))
                        notes.append(f"{path}: line {start}: a stray quote swallowed lines {start + k}..{end}; "
                                     f"record quarantined, lines {start + k}.. read again (fix the quote in the "
                                     f"export)")
                        restart = start + k - 1   # 0-based index of the first swallowed line
                        break
                if len(rec) > len(header) and any(c.strip() for c in rec[len(header):]):
                    problems.append(ReadProblem(
                        data_row, start, "<record>", f"{len(rec)} fields",
                        f"record has {len(rec)} fields but the header has {len(header)} "
                        f"(delimiter {delim!r}; unbalanced quotes?)"))
                    continue
                shape_of.learn(rec)
                rec = [c or None for c in rec[: len(header)]]  # blanks-only cells are stripped by the parsers
                rec += [None] * (len(header) - len(rec))
                records.append(rec)
                rows.append(data_row)
                lines.append(start)
        except csv.Error as exc:
            raise InputError(f"{path}: CSV cannot be parsed near line {base + prev_line + 1}: {exc}") from exc
        if restart is None:
            break
        base, prev_line = restart, 0
        reader = csv.reader(io.StringIO("".join(physical[restart:]), newline=""), delimiter=delim)
    if header is None:
        raise InputError(f"{path}: the file holds no header row")
    nonblank = sum(1 for ln in physical if ln.strip())
    if records and nonblank > 4 * (len(records) + len(problems) + 1):
        notes.append(f"{path}: {len(records) + len(problems)} record(s) from {nonblank} non-blank lines: bodies "
                     f"span many lines; check the quotes if tickets look merged")
    frame = pd.DataFrame(records, columns=header, dtype=object)
    return RawTable(path, frame, rows, lines, problems, encoding=encoding, delimiter=delim, notes=notes)


# --------------------------------------------------------------------------- JSON

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
        frame = _frame_from_records(flat, columns)
    except RecursionError as exc:  # pragma: no cover - depth is bounded above
        raise InputError(f"{path}: JSON nested too deeply to flatten") from exc
    return RawTable(path, frame, rows, lines, problems, encoding="utf-8")


def read_json(path: Path) -> RawTable:
    data = _read_bytes(path)
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
    data = _read_bytes(path)
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


# --------------------------------------------------------------------------- Parquet / XLSX

def read_parquet(path: Path) -> RawTable:
    try:
        frame = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises many types for a broken file
        raise InputError(f"{path}: cannot be read as Parquet: {exc}") from exc
    out = pd.DataFrame({str(c): [cell_to_str(v) for v in frame[c].tolist()] for c in frame.columns},
                       dtype=object)
    if len(frame.columns) == 0:
        raise InputError(f"{path}: Parquet file has no columns")
    n = len(out)
    return RawTable(path, out, list(range(1, n + 1)), [None] * n)


def _sheet_table(path: Path, ws, label: str | None) -> RawTable | None:
    header = None
    records, rows, lines = [], [], []
    data_row = 0
    for sheet_row, values in enumerate(ws.iter_rows(values_only=True), start=1):
        cells = [cell_to_str(v) for v in values]
        if all(c is None for c in cells):
            continue
        if header is None:
            header = _unique_headers([c or "" for c in cells])
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
    """Every sheet whose header equals the first non-empty sheet's (same names, any order and case),
    one table each (labelled ``file.xlsx#Sheet`` when there are several); a note names the sheets
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
    key = sorted(norm(c) for c in tables[0][1].frame.columns)
    same = [(t, tb) for t, tb in tables if sorted(norm(c) for c in tb.frame.columns) == key]
    other = [t for t, tb in tables if sorted(norm(c) for c in tb.frame.columns) != key]
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


READERS = {
    ".csv": read_csv, ".tsv": read_csv, ".txt": read_csv,
    ".parquet": read_parquet, ".pq": read_parquet,
    ".json": read_json, ".jsonl": read_jsonl, ".ndjson": read_jsonl,
    ".xlsx": read_xlsx, ".xlsm": read_xlsx,
}


def read_tables(path: str | Path) -> list[RawTable]:
    """Like :func:`read_raw`, but every matching sheet of a workbook (one table each)."""
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm") and path.is_file():
        return read_xlsx_sheets(path)
    return [read_raw(path)]


def read_raw(path: str | Path) -> RawTable:
    """Read one export file as strings; raise :class:`InputError` naming the file if it cannot be read."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: file not found")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, expected an export file")
    suffix = path.suffix.lower()
    if suffix == ".gz":
        suffix = Path(path.stem).suffix.lower()
        if suffix not in (".csv", ".tsv", ".txt", ".json", ".jsonl", ".ndjson"):
            raise InputError(f"{path}: only gzip-compressed CSV, JSON and JSONL are supported; "
                             f"decompress {suffix or 'it'} first")
    reader = READERS.get(suffix)
    if reader is None:
        raise InputError(f"{path}: unknown export format {suffix!r}; expected one of {sorted(READERS)}")
    return reader(path)
