"""Judge values one at a time: date order, impossible times and durations, future tickets.

Rules (documented in ``vocmine/ingest/README.md``):

* **Date order** (``dd/mm`` vs ``mm/dd``) is decided per file from every date value: a first
  number above 12 means day first, a second number above 12 means month first. When no value
  decides (every day is 01..12), other evidence is weighed, and the note always says which:
  the order under which the dates span far less time (10 tickets read as 1..10 August rather
  than January..October), else the export's locale (Portuguese headers or a Brazilian time
  zone: day first), else month first. ``--dayfirst`` / ``--monthfirst`` override everything.
* **Per value** (the ticket is kept, the value removed and quarantined with its reason):
  ``first_response_at`` or ``solved_at`` before ``created_at`` or after the observation end
  (now + 1 day); ``handle_minutes`` negative or above a week; ``wait_minutes`` negative or above
  a year.
* **Per ticket**: ``created_at`` after the observation end, or more than a year after every
  other ticket (a typo such as 2031 in a 2024 export), is quarantined: a month cannot be
  reported from a ticket that has not happened.
"""

from __future__ import annotations

import datetime as _dt
import re

import numpy as np
import pandas as pd

_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})\b")
_PT_HEADER = re.compile(
    r"\b(data|assunto|descri[cç][aã]o|n[uú]mero|cliente|abertura|criad[oa]|resolvid[oa]|fechad[oa]|nota|"
    r"avalia[cç][aã]o|protocolo|chamado|mensagem|situa[cç][aã]o|prioridade|produto|atendente|equipe|"
    r"resposta|cria[cç][aã]o|fechamento|resolu[cç][aã]o)\b", re.IGNORECASE)
_DAY_FIRST_ZONES = re.compile(r"^(America/(Sao_Paulo|Fortaleza|Recife|Bahia|Belem|Maceio|Manaus|Cuiaba|"
                              r"Campo_Grande|Porto_Velho|Boa_Vista|Rio_Branco|Noronha|Araguaina|Santarem|"
                              r"Eirunepe|Argentina/.*|Buenos_Aires|Montevideo|Santiago|Bogota|Lima|Mexico_City)"
                              r"|Europe/.*|Brazil/.*)$")

HANDLE_MAX_MINUTES = 7 * 24 * 60.0     # a week of agent time on one ticket
WAIT_MAX_MINUTES = 365 * 24 * 60.0     # a year of waiting
FUTURE_SLACK = pd.Timedelta(days=1)
ISOLATED_GAP = pd.Timedelta(days=366)


def _pairs(values: pd.Series) -> list[tuple[int, int, int]]:
    out = []
    for v in values.dropna().tolist():
        m = _DMY.match(str(v).strip())
        if m:
            year = int(m.group(3))
            out.append((int(m.group(1)), int(m.group(2)), year + 2000 if year < 100 else year))
    return out


def _span_days(pairs: list[tuple[int, int, int]], dayfirst: bool) -> float | None:
    dates = []
    for a, b, y in pairs:
        day, month = (a, b) if dayfirst else (b, a)
        try:
            dates.append(_dt.date(y, month, day))
        except ValueError:
            continue
    if len(dates) < 2:
        return None
    return float((max(dates) - min(dates)).days)


def decide_date_order(values: pd.Series, *, columns: list[str], timezone: str | None) -> tuple[bool, str]:
    """``(dayfirst, why)`` for the ``a/b/yyyy`` values of one file (pooled over its date columns)."""
    pairs = _pairs(values)
    if not pairs:
        return False, ""
    day_ev = sum(a > 12 for a, _, _ in pairs)
    month_ev = sum(b > 12 for _, b, _ in pairs)
    if day_ev and not month_ev:
        return True, f"day first: {day_ev} value(s) have a first number above 12"
    if month_ev and not day_ev:
        return False, f"month first: {month_ev} value(s) have a second number above 12"
    if day_ev and month_ev:
        return True, (f"ambiguous: {day_ev} value(s) need day first and {month_ev} month first; read day first, "
                      f"the others are quarantined (pass --dayfirst or --monthfirst to choose)")
    span_d, span_m = _span_days(pairs, True), _span_days(pairs, False)
    if span_d is not None and span_m is not None:
        if span_m >= 4 * span_d and span_m - span_d >= 60:
            return True, (f"day first: no day above 12, and read day first the dates span {span_d:.0f} days "
                          f"against {span_m:.0f} month first (pass --monthfirst to override)")
        if span_d >= 4 * span_m and span_d - span_m >= 60:
            return False, (f"month first: no day above 12, and read month first the dates span {span_m:.0f} days "
                           f"against {span_d:.0f} day first (pass --dayfirst to override)")
    pt = [c for c in columns if _PT_HEADER.search(str(c))]
    if pt:
        return True, (f"day first: no value decides the order; the headers are Portuguese ({pt[:3]}) and Brazilian "
                      f"exports write dd/mm/yyyy (pass --monthfirst to override)")
    if timezone and _DAY_FIRST_ZONES.match(timezone):
        return True, (f"day first: no value decides the order; the time zone {timezone} writes dd/mm/yyyy "
                      f"(pass --monthfirst to override)")
    return False, ("month first: no value decides the order and nothing suggests day first "
                   "(pass --dayfirst to override)")


def _fmt(ts) -> str:
    return pd.Timestamp(ts).floor("s").isoformat() if not pd.isna(ts) else ""


def time_order_problems(created: pd.Series, later: pd.Series, name: str, now: pd.Timestamp) -> pd.Series:
    """Reason per row where ``later`` (first response or solve time) is before ``created`` or after
    ``now`` + 1 day; '' elsewhere."""
    reason = pd.Series("", index=later.index, dtype=object)
    before = (later < created).fillna(False).to_numpy(dtype=bool)
    future = (later > now + FUTURE_SLACK).fillna(False).to_numpy(dtype=bool)
    for i in np.flatnonzero(before):
        reason.iloc[i] = (f"{name} {_fmt(later.iloc[i])} is before created_at {_fmt(created.iloc[i])}; "
                          f"value removed, ticket kept")
    for i in np.flatnonzero(future & ~before):
        reason.iloc[i] = f"{name} {_fmt(later.iloc[i])} is in the future (after {_fmt(now + FUTURE_SLACK)}); " \
                         f"value removed, ticket kept"
    return reason


def duration_problems(minutes: pd.Series, name: str, limit: float) -> pd.Series:
    """Reason per row where ``minutes`` is negative or above ``limit``; '' elsewhere."""
    reason = pd.Series("", index=minutes.index, dtype=object)
    neg = (minutes < 0).to_numpy(dtype=bool)
    big = (minutes > limit).to_numpy(dtype=bool)
    reason[neg] = f"{name} is negative; value removed, ticket kept"
    reason[big] = (f"{name} above {limit / 1440:g} day(s) of minutes is not plausible; "
                   f"value removed, ticket kept")
    return reason


def future_created(created: pd.Series, now: pd.Timestamp) -> pd.Series:
    """Reason per row whose ``created_at`` is after ``now`` + 1 day, or more than a year after every
    other ticket of the export (at most 1% of rows, so a real gap is not mistaken); '' elsewhere."""
    reason = pd.Series("", index=created.index, dtype=object)
    limit = now + FUTURE_SLACK
    future = (created > limit).fillna(False).to_numpy(dtype=bool)
    for i in np.flatnonzero(future):
        reason.iloc[i] = (f"created_at {_fmt(created.iloc[i])} is in the future (after {_fmt(limit)}): "
                          f"a typo in the year? fix the date in the export")
    rest = created[~future].dropna().sort_values()
    budget = max(1, len(rest) // 100)
    if len(rest) >= 10:
        values = rest.to_numpy()
        cut = None
        for k in range(1, budget + 1):   # the k latest tickets, separated from the others by a year or more
            if pd.Timedelta(values[-k] - values[-k - 1]) > ISOLATED_GAP:
                cut = values[-k]
        if cut is not None:
            latest_rest = rest[rest < cut].max()
            for label in rest.index[rest.to_numpy() >= cut]:
                reason[label] = (f"created_at {_fmt(created[label])} is more than a year after every other ticket "
                                 f"(latest {_fmt(latest_rest)}): a typo in the year? fix the date in the export")
    return reason


def detect_offset(values: pd.Series) -> str | None:
    """``'UTC-03:00'`` when most present timestamps (at least half) carry a non-zero UTC offset and at
    least 95% of those carry that same one. Values written in UTC (``Z``, ``+00:00``) say nothing
    about the team's zone and are ignored; naive values count against."""
    present = values.dropna().astype(str).str.strip()
    if present.empty:
        return None
    found = present.str.extract(r"([+-])(\d{2}):?(\d{2})$").dropna()
    offsets = (found[0] + found[1] + ":" + found[2])
    offsets = offsets[~offsets.isin(["+00:00", "-00:00"])]
    if len(offsets) < 0.5 * len(present):
        return None
    top = offsets.value_counts()
    if top.iloc[0] >= 0.95 * len(offsets):
        return f"UTC{top.index[0]}"
    return None
