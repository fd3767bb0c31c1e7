"""Parse string columns into typed ones, reporting which non-blank values failed.

Every parser takes an object Series of ``str``/``None`` and returns the typed Series plus a
boolean mask of values that were present but could not be parsed (the caller quarantines
those rows; a blank value is never a failure, it is simply missing).

Rules (documented in ``vocmine/ingest/README.md``):

* **Timestamps** become ``datetime64[ns, UTC]``. A value with an offset (``Z``, ``-03:00``,
  ``+0100``) is converted; a naive value is read in ``timezone`` (default UTC; a repeated
  hour at a DST change is read as standard time, a skipped hour is shifted forward). A
  column whose present values are all numbers between 1e8 and 1e10 is read as unix seconds
  (1e11 to 1e13: unix milliseconds; 20,000 to 80,000: Excel serial day numbers, read in
  ``timezone``). Portuguese month names and abbreviations are read as English ones
  (``15 de abril de 2026``, ``15/abr/2026``). ``dd/mm/yyyy`` vs ``mm/dd/yyyy``: ``dayfirst=True`` or
  ``False`` forces the order; ``None`` detects it per column: day first when some value has
  a first number above 12 and no value has a second number above 12; month first in the
  opposite case; when no value decides, month first (pandas' default), unless the caller's
  default says otherwise. Values that decide both ways make the column ambiguous: every
  value is parsed day first and the detection note says so.
* **Numbers** accept a decimal comma: with both ``.`` and ``,`` the last one is the decimal
  separator (``1.234,5`` and ``1,234.5`` are 1234.5); a lone comma is decimal (``4,5``).
* **Durations** accept numbers (in the column's unit: minutes, seconds or hours),
  ``hh:mm`` / ``hh:mm:ss`` and durations written with their units (``15 min``, ``1h 20min``,
  ``2 horas e 5 minutos``, ISO 8601 ``PT1H30M``, ``1 day 02:00:00``); the result is minutes.
"""

from __future__ import annotations

import re
import warnings

import numpy as np
import pandas as pd

UTC_NS = "datetime64[ns, UTC]"

_OFFSET = re.compile(r"(?:[Zz]|[+-]\d{2}:?\d{2}|\s(?:UTC|GMT|utc|gmt))$")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)?\s*(?:[Zz]|[+-]\d{2}:?\d{2})?$")
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})\b")
_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
#: Portuguese month names and abbreviations -> English ones ("15 de abril de 2026", "15/abr/2026")
_PT_MONTHS = {"janeiro": "Jan", "fevereiro": "Feb", "março": "Mar", "marco": "Mar", "abril": "Apr", "maio": "May",
              "junho": "Jun", "julho": "Jul", "agosto": "Aug", "setembro": "Sep", "outubro": "Oct",
              "novembro": "Nov", "dezembro": "Dec", "fev": "Feb", "abr": "Apr", "mai": "May", "ago": "Aug",
              "set": "Sep", "out": "Oct", "dez": "Dec"}
_PT_MONTH = re.compile(r"(?<![^\W\d_])(" + "|".join(sorted(_PT_MONTHS, key=len, reverse=True)) + r")\.?(?![^\W\d_])",
                       re.IGNORECASE)
_PT_DE = re.compile(r"(?<=\d)\s+de\s+(?=[A-Za-z])|(?<=[A-Za-z])\s+de\s+(?=\d)", re.IGNORECASE)
#: Excel's serial day numbers (1954-10-03 .. 2119-01-09): a date column an export wrote as numbers
_EXCEL_DAYS = (20_000, 80_000)
_CLOCK = re.compile(r"^(\d+):([0-5]?\d)(?::([0-5]?\d))?$")


def _clean(raw: pd.Series) -> pd.Series:
    values = [(v.strip() or None) if isinstance(v, str) else None for v in raw.tolist()]
    return pd.Series(values, index=raw.index, dtype=object)


def _arrow(values: pd.Series) -> pd.Series:
    """Same strings on pyarrow storage: its regex kernels are much faster than Python's."""
    return values.astype("string[pyarrow]")


def detect_dayfirst(raw: pd.Series) -> bool | None:
    """True/False when the ``a/b/yyyy`` values decide the order, None when they do not.

    Raises nothing; when both orders are evidenced (values invalid either way) it returns True
    and the bad values fail later.
    """
    firsts, seconds = [], []
    for v in raw.dropna().tolist():
        m = _DMY.match(v)
        if m:
            firsts.append(int(m.group(1)))
            seconds.append(int(m.group(2)))
    if not firsts:
        return None
    day_first_evidence = any(a > 12 for a in firsts)
    month_first_evidence = any(b > 12 for b in seconds)
    if day_first_evidence and not month_first_evidence:
        return True
    if month_first_evidence and not day_first_evidence:
        return False
    if day_first_evidence and month_first_evidence:
        return True
    return None


def _to_utc(values: pd.Series, *, timezone: str, dayfirst: bool, aware: bool) -> pd.Series:
    """Parse one homogeneous group (all aware or all naive); failures are NaT."""
    if values.empty:
        return pd.Series([], index=values.index, dtype=UTC_NS)
    iso = _arrow(values).str.match(_ISO.pattern).to_numpy(dtype=bool)
    parsed = pd.Series(pd.NaT, index=values.index, dtype="datetime64[us, UTC]" if aware else "datetime64[us]")
    if iso.any():  # ISO is year first whatever ``dayfirst`` says (dateutil would swap month and day)
        parsed[iso] = pd.to_datetime(values[iso], format="ISO8601", errors="coerce", utc=aware).astype(parsed.dtype)
    if (~iso).any():
        other = values[~iso]
        with warnings.catch_warnings():  # "could not infer format": expected for messy exports
            warnings.simplefilter("ignore", UserWarning)
            guess = pd.to_datetime(other, dayfirst=dayfirst, errors="coerce", utc=aware, format=None)
        retry = guess.isna().to_numpy()
        if retry.any():
            again = [_parse_one(v, dayfirst=dayfirst, aware=aware) for v in other[retry].tolist()]
            guess = guess.astype(object)
            guess[retry] = again
            guess = pd.to_datetime(guess, utc=aware, errors="coerce")
        parsed[~iso] = guess.astype(parsed.dtype)
    if not aware:
        ser = pd.Series(pd.DatetimeIndex(parsed), index=values.index)
        if getattr(ser.dt, "tz", None) is None:
            ser = ser.dt.tz_localize(timezone, ambiguous=np.zeros(len(ser), dtype=bool),
                                     nonexistent="shift_forward")
        parsed = ser
    return bounded(pd.Series(parsed, index=values.index))


EARLIEST = pd.Timestamp("1900-01-01", tz="UTC")
LATEST = pd.Timestamp("2200-01-01", tz="UTC")


def bounded(times: pd.Series) -> pd.Series:
    """Tz-aware times of any resolution -> ``datetime64[ns, UTC]``; outside 1900..2200 -> NaT.

    pandas parses years 1..9999 at microsecond resolution; nanoseconds only reach 1677..2262,
    and a ticket dated outside 1900..2200 is a typo, not a date (it is reported as unparseable).
    """
    times = times.dt.tz_convert("UTC")
    ok = (times >= EARLIEST) & (times < LATEST)
    return times.where(ok).astype(UTC_NS)


def _parse_one(value: str, *, dayfirst: bool, aware: bool):
    m = _DMY.match(value)
    if m and int(m.group(2) if dayfirst else m.group(1)) > 12:
        return pd.NaT  # contradicts the date order: dateutil would silently swap day and month
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            ts = pd.to_datetime(value, dayfirst=dayfirst, utc=aware)
    except (ValueError, TypeError, OverflowError):
        return pd.NaT
    if not aware and ts.tzinfo is not None:
        return pd.NaT  # a naive group cannot hold an aware value
    return ts


def parse_times(raw: pd.Series, *, dayfirst: bool | None = None, timezone: str = "UTC",
                fmt: str | None = None) -> tuple[pd.Series, pd.Series, str | None]:
    """Parse a string column to UTC.

    ``fmt``: None (detect), ``"unix"`` (seconds), ``"unix_ms"``, or a ``strftime`` format
    (values read in ``timezone`` unless the format has ``%z``).
    Returns ``(parsed, bad, note)``: ``note`` says what was detected (unix, day first), or None.
    """
    s = _clean(raw)
    present = s.notna()
    out = pd.Series(pd.NaT, index=s.index, dtype="datetime64[us, UTC]")
    note = None
    if not present.any():
        return out.astype(UTC_NS), present & False, None
    vals = s[present]
    arrow = _arrow(vals)
    numeric = arrow.str.match(_NUMBER.pattern).astype(bool)
    if fmt is None and numeric.all():
        nums = pd.to_numeric(vals, errors="coerce")
        if nums.between(1e8, 1e10).all():
            fmt, note = "unix", "unix seconds detected"
        elif nums.between(1e11, 1e13).all():
            fmt, note = "unix_ms", "unix milliseconds detected"
        elif nums.between(*_EXCEL_DAYS).all():
            fmt, note = "excel", "Excel serial day numbers detected"
    if fmt == "excel":  # days since 1899-12-30, read in the timezone like any naive time
        nums = pd.to_numeric(vals.where(numeric), errors="coerce")
        parsed = (pd.Timestamp("1899-12-30") + pd.to_timedelta(nums, unit="D")).dt.round("s")
        parsed = parsed.dt.tz_localize(timezone, ambiguous=np.zeros(len(parsed), dtype=bool),
                                       nonexistent="shift_forward")
        out[present] = parsed.dt.tz_convert("UTC").astype(out.dtype)
    elif fmt in ("unix", "unix_ms"):
        nums = pd.to_numeric(vals.where(numeric), errors="coerce")
        limit = 1e11 if fmt == "unix" else 1e14  # beyond year 5000: not a timestamp
        nums = nums.where(nums.abs() < limit)
        parsed = pd.to_datetime(nums, unit="s" if fmt == "unix" else "ms", utc=True, errors="coerce")
        out[present] = parsed.astype(out.dtype)
    elif fmt:
        aware = "%z" in fmt or "%Z" in fmt
        parsed = pd.to_datetime(vals, format=fmt, errors="coerce", utc=aware)
        if not aware:
            parsed = parsed.dt.tz_localize(timezone, ambiguous=np.zeros(len(parsed), dtype=bool),
                                           nonexistent="shift_forward")
        out[present] = parsed.dt.tz_convert("UTC").astype(out.dtype)
    else:
        worded = arrow.str.contains(r"[^\W\d_]", regex=True).astype(bool)
        if worded.any():  # Portuguese month names read as English ones
            vals = vals.copy()
            vals[worded] = [_PT_MONTH.sub(lambda m: _PT_MONTHS[m.group(1).lower()], _PT_DE.sub(" ", v))
                            for v in vals[worded].tolist()]
        if dayfirst is None:
            detected = detect_dayfirst(vals)
            if detected is not None:
                note = "day first detected" if detected else "month first detected"
            dayfirst = bool(detected)
        has_offset = arrow.str.contains(_OFFSET.pattern).astype(bool)
        for aware in (True, False):
            group = vals[has_offset == aware]
            if len(group):
                out[group.index] = _to_utc(group, timezone=timezone, dayfirst=dayfirst, aware=aware)
    out = bounded(out)
    bad = present & out.isna()
    return out, bad, note


def _number(value: str) -> float:
    v = value.replace(" ", "").replace("\u00a0", "")
    if "," in v and "." in v:
        if v.rfind(",") > v.rfind("."):
            v = v.replace(".", "").replace(",", ".")
        else:
            v = v.replace(",", "")
    elif "," in v:
        v = v.replace(",", ".") if v.count(",") == 1 else v.replace(",", "")
    try:
        return float(v)
    except ValueError:
        return float("nan")


def parse_numbers(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Floats with decimal-comma support; returns ``(values, bad)``."""
    s = _clean(raw)
    out = pd.to_numeric(s, errors="coerce").astype("float64")  # fast path: plain numbers
    slow = s.notna() & out.isna()
    if slow.any():
        out[slow] = [_number(v) for v in s[slow].tolist()]
    out[~np.isfinite(out)] = np.nan
    return out, s.notna() & out.isna()


_UNIT_TO_MINUTES = {"minutes": 1.0, "minute": 1.0, "min": 1.0, "seconds": 1 / 60, "second": 1 / 60,
                    "sec": 1 / 60, "s": 1 / 60, "hours": 60.0, "hour": 60.0, "h": 60.0}


_PER_UNIT = {"d": 1440.0, "h": 60.0, "m": 1.0, "s": 1 / 60}
_WORD_UNIT = re.compile(
    r"(\d+(?:[.,]\d+)?)\s*(d|dias?|days?|h|hrs?|hours?|horas?|m|mins?|minutes?|minutos?|s|secs?|seconds?|segundos?)"
    r"(?![^\W\d_])\s*(?:,|e|and)?\s*", re.IGNORECASE)
_ISO_DURATION = re.compile(r"P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?",
                  re.IGNORECASE)
_DAYS_CLOCK = re.compile(r"(\d+)\s*(?:days?|dias?)\s*,?\s*(\d+):(\d{2})(?::(\d{2})(?:\.\d+)?)?", re.IGNORECASE)


def _worded_minutes(value: str) -> float:
    """Minutes of a duration written with units ("15 min", "1h 20min", "2 horas e 5 minutos"), in ISO
    8601 ("PT1H30M") or as pandas prints a timedelta ("1 day 02:00:00"); NaN otherwise."""
    v = value.strip()
    m = _DAYS_CLOCK.fullmatch(v)
    if m:
        return int(m.group(1)) * 1440 + int(m.group(2)) * 60 + int(m.group(3)) + int(m.group(4) or 0) / 60
    m = _ISO_DURATION.fullmatch(v)
    if m and any(m.groups()):
        d, h, mi, sec = (float(g) if g else 0.0 for g in m.groups())
        return d * 1440 + h * 60 + mi + sec / 60
    total, end = 0.0, 0
    for m in _WORD_UNIT.finditer(v):
        if m.start() != end:
            return float("nan")
        total += float(m.group(1).replace(",", ".")) * _PER_UNIT[m.group(2)[0].lower()]
        end = m.end()
    return total if end and end == len(v) else float("nan")


def parse_duration_minutes(raw: pd.Series, *, unit: str = "minutes") -> tuple[pd.Series, pd.Series]:
    """Durations in minutes from numbers in ``unit``, ``hh:mm[:ss]`` clocks, or durations written with
    their units (:func:`_worded_minutes`)."""
    factor = _UNIT_TO_MINUTES[unit]
    s = _clean(raw)
    fast = pd.to_numeric(s, errors="coerce").astype("float64") * factor
    out = []
    for v, f in zip(s.tolist(), fast.tolist()):
        if v is None or f == f:  # missing, or already parsed by the fast path (f == f: not NaN)
            out.append(f)
            continue
        m = _CLOCK.match(v)
        if m:
            h, mi, sec = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
            out.append(h * 60 + mi + sec / 60)
        else:
            n = _number(v) * factor
            out.append(n if n == n else _worded_minutes(v))
    values = pd.Series(out, index=s.index, dtype="float64")
    values[~np.isfinite(values)] = np.nan
    return values, s.notna() & values.isna()


def parse_ints(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Nullable integers (``Int64``); non-integral numbers and numbers past int64 (``1E100``) are failures."""
    values, bad = parse_numbers(raw)
    # 2**63 itself is a float64 that does not fit; every float below it does
    integral = values.isna() | ((values == np.round(values)) & (values.abs() < 2.0 ** 63))
    bad = bad | ~integral
    values = values.where(integral)
    return values.round().astype("Int64"), bad
