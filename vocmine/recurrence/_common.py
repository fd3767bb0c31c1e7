"""Small helpers shared by the recurrence modules (times, customer keys, periods, Wilson intervals)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from vocmine.exceptions import PIILeakError, SchemaError
from vocmine.schema import CREATED_AT, CUSTOMER_ID, RAW_TEXT_COLUMNS, TICKET_ID

ALL = "__all__"  # the value of `topic` / `period` in overall rows
NS_PER_DAY = 86_400 * 10**9


def utc_times(frame: pd.DataFrame, column: str = CREATED_AT) -> pd.Series:
    """``frame[column]`` as tz-aware UTC timestamps; naive values are taken as UTC.

    Raises :class:`SchemaError` naming the rows whose time is missing or unparseable.
    """
    values = frame[column]
    if isinstance(values.dtype, pd.DatetimeTZDtype) or pd.api.types.is_datetime64_dtype(values.dtype):
        ts = pd.to_datetime(values, utc=True)
    else:  # strings: ISO 8601 with or without offsets (mixed within the column is fine)
        ts = pd.to_datetime(values, utc=True, errors="coerce", format="ISO8601")
    bad = np.flatnonzero(ts.isna().to_numpy())
    if len(bad):
        rows = bad[:10].tolist()
        raise SchemaError(
            f"column {column!r} has {len(bad)} missing/unparseable time(s) at row position(s) {rows}; "
            "expected tz-aware UTC timestamps"
        )
    return ts


def epoch_ns(ts: pd.Series) -> np.ndarray:
    """Elapsed nanoseconds since the epoch (int64) for a tz-aware series; independent of its offset."""
    return ts.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy(dtype="datetime64[ns]").view("int64")


def period_labels(ts: pd.Series, period: str = "M") -> pd.Series:
    """UTC period of each timestamp as a string ('YYYY-MM' for months, 'YYYY-MM-DD' for days...)."""
    naive = ts.dt.tz_convert("UTC").dt.tz_localize(None)
    return naive.dt.to_period(period).astype(str)


def customer_keys(frame: pd.DataFrame, column: str = CUSTOMER_ID) -> pd.Series:
    """Customer ids as strings; missing, empty or blank ids become <NA> (they never match anything)."""
    if column not in frame.columns:
        return pd.Series(pd.NA, index=frame.index, dtype="str")
    s = frame[column].astype("str")
    s = s.str.strip()
    return s.mask(s.isna() | (s == ""))


def ticket_ids(frame: pd.DataFrame) -> np.ndarray:
    """Ticket ids as a str numpy array; raises :class:`SchemaError` on duplicates or missing ids."""
    ids = frame[TICKET_ID]
    if ids.isna().any():
        rows = np.flatnonzero(ids.isna().to_numpy())[:10].tolist()
        raise SchemaError(f"column {TICKET_ID!r} is missing at row position(s) {rows}")
    ids = ids.astype(str)
    dup = ids.duplicated(keep=False)
    if dup.any():
        vals = ids[dup].unique()[:5].tolist()
        raise SchemaError(f"column {TICKET_ID!r} must be unique; duplicated value(s) {vals}")
    return ids.to_numpy(dtype=object)


def display_column(frame: pd.DataFrame, column: str) -> pd.Series:
    """The redacted text column to quote; refuses raw text columns and fills <NA> when absent."""
    if column in RAW_TEXT_COLUMNS:
        raise PIILeakError(
            f"refusing to quote column {column!r}: it holds raw, unredacted text; use 'text_display'"
        )
    if column not in frame.columns:
        return pd.Series(pd.NA, index=frame.index, dtype="str")
    return frame[column].astype("str")
