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
flattened with dots, e.g. ``source.body``), ``.jsonl``/``.ndjson`` and ``.xlsx`` (first sheet).
CSV, JSON and JSONL may be gzip-compressed (``tickets.csv.gz``).
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from vocmine.exceptions import InputError

DELIMITERS = (",", ";", "\t", "|")
JSON_LIST_KEYS = ("tickets", "conversations", "data", "customers", "results", "items", "records")
_SNIFF_RECORDS = 50
_SEP_HINT = re.compile(r"sep=([,;\t|])\r?\n")


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
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


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
    """File content; ``*.gz`` is decompressed (``tickets.csv.gz`` reads as a CSV)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot be read: {exc}") from exc
    if path.suffix.lower() == ".gz":
        import gzip

        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise InputError(f"{path}: is not a valid gzip file: {exc}") from exc
    return data


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
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    header: list[str] | None = None
    records: list[list[str]] = []
    rows: list[int] = []
    lines: list[int | None] = []
    problems: list[ReadProblem] = []
    prev_line = 0
    data_row = 0
    try:
        for rec in reader:
            start = prev_line + 1
            prev_line = reader.line_num
            if skip_first:
                skip_first = False
                continue
            if not any(c.strip() for c in rec):  # blank line or only delimiters: not a record
                continue
            if header is None:
                header = _unique_headers(rec)
                continue
            data_row += 1
            if len(rec) > len(header) and any(c.strip() for c in rec[len(header):]):
                problems.append(ReadProblem(
                    data_row, start, "<record>", f"{len(rec)} fields",
                    f"record has {len(rec)} fields but the header has {len(header)} "
                    f"(delimiter {delim!r}; unbalanced quotes?)"))
                continue
            rec = [c or None for c in rec[: len(header)]]  # blanks-only cells are stripped by the parsers
            rec += [None] * (len(header) - len(rec))
            records.append(rec)
            rows.append(data_row)
            lines.append(start)
    except csv.Error as exc:
        raise InputError(f"{path}: CSV cannot be parsed near line {prev_line + 1}: {exc}") from exc
    assert header is not None
    frame = pd.DataFrame(records, columns=header, dtype=object)
    return RawTable(path, frame, rows, lines, problems, encoding=encoding, delimiter=delim)


# --------------------------------------------------------------------------- JSON

def _flatten(records: list[dict]) -> tuple[list[dict], list[str]]:
    """Records with nested objects flattened to dotted keys; columns in first-seen order."""
    if not any(isinstance(v, dict) for r in records for v in r.values()):  # flat already: fast path
        return records, list(dict.fromkeys(k for r in records for k in r))  # JSON keys are str
    flat = pd.json_normalize(records, sep=".", max_level=None)
    columns = [str(c) for c in flat.columns]
    return flat.to_dict("records"), columns


def read_json(path: Path) -> RawTable:
    data = _read_bytes(path)
    try:
        payload = json.loads(data.decode("utf-8-sig"))
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
    problems: list[ReadProblem] = []
    good: list[dict] = []
    rows: list[int] = []
    for i, rec in enumerate(payload, start=1):
        if isinstance(rec, dict):
            good.append(rec)
            rows.append(i)
        else:
            problems.append(ReadProblem(i, None, "<record>", type(rec).__name__,
                                        "JSON record is not an object"))
    flat, columns = _flatten(good) if good else ([], [])
    return RawTable(path, _frame_from_records(flat, columns), rows, [None] * len(rows), problems,
                    encoding="utf-8")


def read_jsonl(path: Path) -> RawTable:
    data = _read_bytes(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: JSON Lines must be UTF-8: {exc}") from exc
    good, rows, lines, problems = [], [], [], []
    data_row = 0
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        data_row += 1
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(ReadProblem(data_row, lineno, "<record>", line[:40], f"not valid JSON: {exc.msg}"))
            continue
        if not isinstance(rec, dict):
            problems.append(ReadProblem(data_row, lineno, "<record>", type(rec).__name__,
                                        "JSON line is not an object"))
            continue
        good.append(rec)
        rows.append(data_row)
        lines.append(lineno)
    if data_row == 0:
        raise InputError(f"{path}: the file is empty (no JSON lines)")
    flat, columns = _flatten(good) if good else ([], [])
    return RawTable(path, _frame_from_records(flat, columns), rows, lines, problems, encoding="utf-8")


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


def read_xlsx(path: Path) -> RawTable:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zipfile.BadZipFile, KeyError, InvalidFileException...
        raise InputError(f"{path}: cannot be read as an XLSX workbook: {exc}") from exc
    try:
        ws = wb.worksheets[0]
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
    finally:
        wb.close()
    if header is None:
        raise InputError(f"{path}: the first worksheet is empty (no header row)")
    return RawTable(path, pd.DataFrame(records, columns=header, dtype=object), rows, lines)


READERS = {
    ".csv": read_csv, ".tsv": read_csv, ".txt": read_csv,
    ".parquet": read_parquet, ".pq": read_parquet,
    ".json": read_json, ".jsonl": read_jsonl, ".ndjson": read_jsonl,
    ".xlsx": read_xlsx, ".xlsm": read_xlsx,
}


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
