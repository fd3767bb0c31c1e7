"""Small helpers shared by the impact modules (not public)."""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pandas as pd

from vocmine.exceptions import ConfigError
from vocmine.schema import CREATED_AT, CUSTOMER_ID, FIRST_RESPONSE_AT, OUTLIER_TOPIC, SOLVED_AT

REASON_OUTLIER = "outlier topic (never tested or ranked)"


def is_outlier(values) -> np.ndarray:
    """True where a topic value is the outlier topic (-1, as int or string)."""
    s = pd.Series(values)
    out = np.zeros(len(s), dtype=bool)
    num = pd.to_numeric(s, errors="coerce")
    out |= (num == OUTLIER_TOPIC).fillna(False).to_numpy(dtype=bool)
    return out


def sorted_topics(values: pd.Series) -> list:
    """Distinct non-missing topic values, sorted (numbers numerically, else as strings)."""
    uniq = pd.unique(values.dropna())
    try:
        return sorted(uniq.tolist())
    except TypeError:
        return sorted(uniq.tolist(), key=str)


def cluster_codes(tickets: pd.DataFrame) -> np.ndarray:
    """Integer cluster id per ticket: the customer, or the ticket itself when unknown."""
    n = len(tickets)
    if CUSTOMER_ID not in tickets.columns:
        return np.arange(n)
    cust = tickets[CUSTOMER_ID]
    codes, _ = pd.factorize(cust, use_na_sentinel=True)
    missing = codes < 0
    if missing.any():
        codes = codes.copy()
        base = codes.max() + 1 if (~missing).any() else 0
        codes[missing] = base + np.arange(int(missing.sum()))
    return codes


def month_of(times: pd.Series, period: str = "M", tz: str = "UTC") -> pd.Series:
    """Period label ('YYYY-MM' for months) of tz-aware timestamps, on the calendar of ``tz``, as str."""
    t = pd.to_datetime(times, utc=True)
    return t.dt.tz_convert(tz).dt.tz_localize(None).dt.to_period(period).astype(str)


def as_utc(value, *, date_means_end_of_day: bool = False) -> pd.Timestamp | None:
    """A UTC timestamp; naive values are taken as UTC. With ``date_means_end_of_day``, a bare
    date ('2026-08-31' or a ``datetime.date``) means the last instant of that day."""
    if value is None:
        return None
    bare_date = (isinstance(value, str) and len(value.strip()) == 10) or (
        isinstance(value, date) and not isinstance(value, datetime)
    )
    ts = pd.Timestamp(value)
    if bare_date and date_means_end_of_day:
        ts = ts + pd.Timedelta(days=1) - pd.Timedelta(1, unit="ns")
    return ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")


def check_positive(name: str, value) -> None:
    if value is None or not value > 0:
        raise ConfigError(f"{name} must be > 0, got {value!r}")


def data_end(tickets: pd.DataFrame) -> pd.Timestamp:
    """Latest timestamp seen in the export (created, first response or solved)."""
    cols = [c for c in (CREATED_AT, FIRST_RESPONSE_AT, SOLVED_AT) if c in tickets.columns]
    return max(pd.to_datetime(tickets[c], utc=True).max() for c in cols)
