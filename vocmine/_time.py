"""Periods and month boundaries in the configured time zone (one copy for the whole package).

Timestamps are stored in UTC (TicketFrame contract); a *period* is a calendar month
``'YYYY-MM'`` in the report's time zone. A ticket created at 22:00 on 31 January in
São Paulo (01:00 UTC on 1 February) belongs to January when the zone is
``America/Sao_Paulo``, and to February when the zone is UTC.

The zone is an IANA name (``America/Sao_Paulo``), ``UTC``, or a fixed offset written
``UTC-03:00`` / ``-03:00`` (what :func:`vocmine.ingest.read_tickets` reports when every
timestamp of an export carries the same offset).
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

from vocmine.exceptions import ConfigError

DEFAULT_TIMEZONE = "UTC"
_OFFSET = re.compile(r"^(?:UTC|GMT)?\s*([+-])(\d{1,2}):?(\d{2})?$", re.IGNORECASE)


def tzinfo(zone: str | None) -> _dt.tzinfo:
    """``tzinfo`` of an IANA name, ``UTC`` or a fixed offset; :class:`ConfigError` naming the value otherwise."""
    if zone is None or str(zone).strip().upper() in ("", "UTC", "Z", "GMT"):
        return _dt.UTC
    zone = str(zone).strip()
    m = _OFFSET.match(zone)
    if m:
        sign = -1 if m.group(1) == "-" else 1
        hours, minutes = int(m.group(2)), int(m.group(3) or 0)
        if hours > 14 or minutes > 59:
            raise ConfigError(f"time zone {zone!r}: offset out of range (expected -14:00..+14:00)")
        return _dt.timezone(sign * _dt.timedelta(hours=hours, minutes=minutes))
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(f"unknown time zone {zone!r}; use an IANA name such as 'America/Sao_Paulo', "
                          f"'UTC' or a fixed offset such as 'UTC-03:00'") from exc


def check_zone(zone: str | None) -> str:
    """The zone name, checked (see :func:`tzinfo`); None and blank mean UTC."""
    tzinfo(zone)
    return str(zone).strip() if zone and str(zone).strip() else DEFAULT_TIMEZONE


def local_times(created_at: Any, zone: str | None = None) -> Any:
    """Timestamps (Series or values; naive ones are UTC) as a Series in ``zone``."""
    import pandas as pd

    ts = pd.to_datetime(pd.Series(created_at), utc=True)
    return ts.dt.tz_convert(tzinfo(zone))


def period_of(created_at: Any, zone: str | None = None) -> Any:
    """``'YYYY-MM'`` of each timestamp in ``zone`` (NaN for missing ones), index kept."""
    import pandas as pd

    series = created_at if isinstance(created_at, pd.Series) else pd.Series(created_at)
    local = local_times(series, zone)
    out = local.dt.strftime("%Y-%m")
    out.index = series.index
    return out


def month_bounds(period: str, zone: str | None = None) -> tuple[Any, Any]:
    """``[start, end)`` of the month ``period`` in ``zone``, as UTC timestamps."""
    import pandas as pd

    try:
        start = _dt.datetime.strptime(period, "%Y-%m")
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"period must look like YYYY-MM, got {period!r}") from exc
    end = _dt.datetime(start.year + (start.month == 12), start.month % 12 + 1, 1)
    tz = tzinfo(zone)
    return (pd.Timestamp(start.replace(tzinfo=tz)).tz_convert("UTC"),
            pd.Timestamp(end.replace(tzinfo=tz)).tz_convert("UTC"))


def shift_period(period: str, months: int) -> str:
    """``period`` moved by ``months`` (``shift_period('2024-01', -1) == '2023-12'``)."""
    year, month = (int(x) for x in period.split("-"))
    index = year * 12 + (month - 1) + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def last_whole_period(created_at: Any, zone: str | None = None, *, slack_days: float = 3.0) -> str | None:
    """The last month, in ``zone``, that holds tickets and that the data covers to (nearly) its end.

    The month of the latest ticket counts when that ticket is within ``slack_days`` of the
    month's end; otherwise the month before. When that month holds no ticket (a gap in the
    export), the latest earlier month that does. None when there is no timestamp at all.
    """
    import pandas as pd

    ts = pd.to_datetime(pd.Series(created_at), utc=True).dropna()
    if ts.empty:
        return None
    periods = set(period_of(ts, zone).dropna())
    last = ts.max()
    month = period_of(pd.Series([last]), zone).iloc[0]
    _, end = month_bounds(month, zone)
    candidate = month if end - last <= pd.Timedelta(days=slack_days) else shift_period(month, -1)
    earlier = sorted(p for p in periods if p <= candidate)
    return earlier[-1] if earlier else None
