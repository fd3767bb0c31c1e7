"""What every reader returns (:class:`RawTable`), and the shared pieces: bounded file reads, cells as text.

A :class:`RawTable` is a DataFrame whose cells are ``str`` or ``None`` (nothing parsed yet), the
1-based data row of each record, the physical line where the format has one, and row-level read
problems that the caller sends to the quarantine.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from vocmine.exceptions import InputError

MAX_INPUT_BYTES = 1 << 30


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


def frame_from_records(records: list[dict], columns: list[str]) -> pd.DataFrame:
    data = {c: [cell_to_str(r.get(c)) for r in records] for c in columns}
    return pd.DataFrame(data, columns=columns, dtype=object)


def unique_headers(header: list[str]) -> list[str]:
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



def read_bytes(path: Path) -> bytes:
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
