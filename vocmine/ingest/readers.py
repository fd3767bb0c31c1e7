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
import io
import re
from pathlib import Path

import pandas as pd

from vocmine.exceptions import InputError
from vocmine.ingest.documents import (JSON_LIST_KEYS, MAX_JSON_DEPTH, json_depth, read_json, read_jsonl,  # noqa: F401
                                      read_xlsx, read_xlsx_sheets)
from vocmine.ingest.rawtable import (MAX_INPUT_BYTES, RawTable, ReadProblem, cell_to_str,  # noqa: F401
                                     max_input_bytes, read_bytes, unique_headers)
from vocmine.ingest.structure import RecordShape, swallowed_line

DELIMITERS = (",", ";", "\t", "|")
_SNIFF_RECORDS = 50
_SEP_HINT = re.compile(r"sep=([,;\t|])\r?\n")


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


def read_csv(path: Path) -> RawTable:
    data = read_bytes(path)
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
                    header = unique_headers(rec)
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
        notes.append(f"{path}: {len(records) + len(problems)} record(s) over {nonblank} non-blank lines: bodies with "
                     f"line breaks; no field holds a record-shaped line (quotes checked)")
    frame = pd.DataFrame(records, columns=header, dtype=object)
    return RawTable(path, frame, rows, lines, problems, encoding=encoding, delimiter=delim, notes=notes)


# --------------------------------------------------------------------------- Parquet

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
