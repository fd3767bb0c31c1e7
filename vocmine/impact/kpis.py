"""Support KPIs per topic and period: volume, response/resolution times, SLA, FCR, TMA, TME, backlog."""

from __future__ import annotations

import numpy as np
import pandas as pd

from vocmine.exceptions import ConfigError
from vocmine.impact._common import as_utc, data_end, month_of
from vocmine.schema import (
    CHANNEL,
    CREATED_AT,
    CUSTOMER_ID,
    FIRST_RESPONSE_AT,
    HANDLE_MINUTES,
    PRIORITY,
    REOPENS,
    SOLVED_AT,
    STATUS,
    TOPIC_ID,
    WAIT_MINUTES,
    require_columns,
)

__all__ = ["DEFAULT_SLA_TARGETS", "first_contact_resolved", "kpis_by_month", "kpis_by_topic"]

#: First-response targets in hours per priority (case-insensitive match on ``priority``).
DEFAULT_SLA_TARGETS = {"urgent": 1.0, "high": 4.0, "normal": 24.0, "low": 48.0}
#: priority values as exports write them -> the level of DEFAULT_SLA_TARGETS; a ticket without a
#: priority gets the normal target, one whose priority none of these names (``vip``) no target
PRIORITY_LEVELS = {
    **dict.fromkeys(("urgent", "urgente", "critical", "crítica", "critica", "crítico", "critico", "emergency",
                     "highest", "blocker", "p1", "sev1", "sev 1", "1 - urgent", "1 - critical"), "urgent"),
    **dict.fromkeys(("high", "alta", "alto", "p2", "sev2", "sev 2", "major", "2 - high"), "high"),
    **dict.fromkeys(("normal", "medium", "média", "media", "médio", "medio", "moderate", "moderada", "p3", "sev3",
                     "sev 3", "3 - moderate", "3 - medium"), "normal"),
    **dict.fromkeys(("low", "baixa", "baixo", "lowest", "minor", "p4", "p5", "sev4", "sev 4", "4 - low"), "low"),
}
_KPI_COLUMNS = (
    "n_tickets",
    "share",
    "frt_hours_median",
    "frt_hours_p90",
    "resolution_hours_median",
    "resolution_hours_p90",
    "n_sla_evaluated",
    "sla_breach_rate",
    "n_resolution_sla_evaluated",
    "resolution_sla_breach_rate",
    "reopen_rate",
    "n_fcr_evaluated",
    "fcr_rate",
    "handle_minutes_total",
    "handle_minutes_mean",
    "wait_minutes_mean",
    "handle_hours_total",
    "backlog_end",
)
_SOLVED_STATUSES = {"solved", "closed", "resolved", "completed", "done", "resolvido", "resolvida", "fechado",
                    "fechada", "encerrado", "encerrada", "finalizado", "finalizada", "concluído", "concluido",
                    "concluída", "concluida", "solucionado", "solucionada"}


def first_contact_resolved(
    tickets: pd.DataFrame, *, topic_col: str = TOPIC_ID, fcr_days: float = 7, as_of=None
) -> pd.Series:
    """Per ticket: True when the same customer filed no other ticket on the same topic within
    ``fcr_days`` after it (first-contact resolution); float Series with 1.0/0.0.

    NaN (not evaluable) when the ticket has no customer or topic, or when its follow-up
    window ends after ``as_of`` (default: the latest timestamp in the export) and no
    follow-up has been seen yet (right-censored).
    """
    created = pd.to_datetime(tickets[CREATED_AT], utc=True)
    as_of = as_utc(as_of, date_means_end_of_day=True) if as_of is not None else data_end(tickets)
    horizon = pd.Timedelta(days=fcr_days)
    cust = tickets[CUSTOMER_ID] if CUSTOMER_ID in tickets.columns else pd.Series(pd.NA, index=tickets.index)
    df = pd.DataFrame(
        {"c": cust.astype("string"), "t": tickets[topic_col], "ts": created, "pos": np.arange(len(tickets))}
    )
    result = np.full(len(tickets), np.nan)
    ok = df["c"].notna() & df["t"].notna()
    d = df[ok].sort_values(["c", "t", "ts", "pos"], kind="stable")
    same_next = (d["c"].shift(-1) == d["c"]) & (d["t"].shift(-1) == d["t"])
    gap = d["ts"].shift(-1) - d["ts"]
    repeat = same_next.fillna(False).to_numpy(dtype=bool) & (gap <= horizon).fillna(False).to_numpy(
        dtype=bool
    )
    censored = (~repeat) & ((d["ts"] + horizon) > as_of).to_numpy(dtype=bool)
    vals = np.where(repeat, 0.0, 1.0)
    vals[censored] = np.nan
    result[d["pos"].to_numpy()] = vals
    return pd.Series(result, index=tickets.index, name="fcr")


def _hours(later: pd.Series, earlier: pd.Series) -> pd.Series:
    return (later - earlier).dt.total_seconds() / 3600.0


def _p90(s: pd.Series) -> float:
    s = s.dropna()
    return float(np.quantile(s, 0.9)) if len(s) else np.nan


def kpis_by_topic(
    tickets: pd.DataFrame,
    *,
    topic_col: str = TOPIC_ID,
    period: str = "M",
    sla_targets: dict[str, float] | None = None,
    fcr_days: float = 7,
    period_end=None,
    tz: str = "UTC",
    resolution_target_hours: float | None = None,
    period_col: str | None = None,
) -> pd.DataFrame:
    """Support KPIs per topic and period (calendar month by default).

    Periods follow the calendar of ``tz`` (default UTC; e.g. ``"America/Sao_Paulo"`` so that
    a ticket at 22:00 on 31 August local time counts in August, not in September).
    ``period_col`` names a column that already holds each ticket's period label (e.g. the run's
    ``period``, cut in the run's time zone): it is used as is instead of recomputing months from
    ``created_at``, so counts agree with every other table of the run (backlog snapshots are
    still taken at the end of each labelled month in ``tz``).
    Columns that a KPI needs but the export lacks give NaN for that KPI; nothing fails.
    ``period_end`` is the as-of time (default: the latest timestamp in the export; a bare
    date means the end of that day, UTC): it
    clips the last backlog snapshot and decides which tickets are still inside their SLA
    or FCR clock. Quantiles are numpy's linear-interpolation quantiles (p90 of
    [1..10] = 9.1). Tickets with a missing topic get no row.

    Returns one row per (topic, period) with at least one ticket created in it, columns:
        <topic_col>               topic value.
        period                    'YYYY-MM' (or the pandas period string for ``period``).
        n_tickets                 tickets created in the topic and period.
        share                     n_tickets / all tickets created in the period (all topics).
        n_channel_<name>          tickets per channel value (one column per channel seen,
                                  lower-cased; 'n_channel_unknown' for missing); only when
                                  the export has ``channel``.
        frt_hours_median, frt_hours_p90    first response time (first_response_at −
                                  created_at) in hours over tickets that got a response.
        resolution_hours_median, resolution_hours_p90   solved_at − created_at in hours
                                  over solved tickets.
        n_sla_evaluated           tickets whose SLA outcome is known (responded, or
                                  unanswered past the target at period_end). The target is
                                  the priority's: a key of ``sla_targets``, else the level an
                                  export's word names (:data:`PRIORITY_LEVELS`: ``Alta``,
                                  ``P1``, ``Critical``...); no priority: the normal target; a
                                  word none names: no target (not evaluated).
        sla_breach_rate           share of n_sla_evaluated whose first response came later
                                  than the target for its priority (``sla_targets``: hours
                                  per priority, default DEFAULT_SLA_TARGETS), unanswered
                                  tickets past the target counting as breached (when the
                                  export records first responses at all; else NaN).
        n_resolution_sla_evaluated  tickets whose resolution outcome against
                                  ``resolution_target_hours`` is known (solved, or unsolved past
                                  the target at period_end); 0 when no target is given.
        resolution_sla_breach_rate  share of those solved later than ``resolution_target_hours``
                                  (one target for every priority), unsolved tickets past the
                                  target counting as breached (when the export records
                                  solved_at at all); NaN without a target or without solved_at.
        reopen_rate               share of tickets with reopens > 0 (among known values).
        n_fcr_evaluated           tickets with a known first-contact-resolution outcome.
        fcr_rate                  share of those resolved on first contact: not reopened
                                  (reopens > 0 is never a first-contact resolution, so FCR
                                  cannot contradict the reopen rate) and no other ticket from
                                  the same customer on the same topic within ``fcr_days`` after
                                  (see :func:`first_contact_resolved`). Tickets whose follow-up
                                  is unknown (no customer, censored window) are not evaluated,
                                  reopened or not, so the rate is never a share of reopened
                                  tickets alone.
        handle_minutes_total      sum of handle_minutes (TMA total), minutes.
        handle_hours_total        the same in hours.
        handle_minutes_mean       mean handle time per ticket with a value (TMA), minutes.
        wait_minutes_mean         mean customer wait time (TME) in minutes, when the export
                                  has ``wait_minutes``.
        backlog_end               tickets in the topic created by the end of the period
                                  (or period_end if earlier) and not solved by then (solved_at
                                  missing or later; a ticket without solved_at whose status is
                                  solved/closed is not counted).
    """
    require_columns(tickets, [topic_col, CREATED_AT], what="tickets")
    targets = {str(k).lower(): float(v) for k, v in (sla_targets or DEFAULT_SLA_TARGETS).items()}
    if fcr_days <= 0:
        raise ConfigError(f"fcr_days must be > 0, got {fcr_days!r}")
    as_of = as_utc(period_end, date_means_end_of_day=True) if period_end is not None else data_end(tickets)
    t = tickets[tickets[topic_col].notna()]
    if t.empty:
        return pd.DataFrame(columns=[topic_col, "period", *_KPI_COLUMNS])
    created = pd.to_datetime(t[CREATED_AT], utc=True)
    nat = pd.Series(pd.NaT, index=t.index, dtype="datetime64[ns, UTC]")
    first = pd.to_datetime(t[FIRST_RESPONSE_AT], utc=True) if FIRST_RESPONSE_AT in t else nat
    solved = pd.to_datetime(t[SOLVED_AT], utc=True) if SOLVED_AT in t else nat

    labels = t[period_col].astype(str) if period_col is not None else month_of(created, period, tz)
    w = pd.DataFrame({"topic": t[topic_col].to_numpy(), "period": labels.to_numpy()}, index=t.index)
    w["frt"] = _hours(first, created)
    w["res"] = _hours(solved, created)
    # SLA
    # a custom target's own key first, then the export's word for a level, else the normal target
    words = (t[PRIORITY].astype("string").str.strip().str.lower() if PRIORITY in t.columns
             else pd.Series(pd.NA, index=t.index, dtype="string"))
    levels = words.map(lambda w: (w if w in targets else PRIORITY_LEVELS.get(w)) if isinstance(w, str) and w
                       else "normal")
    target_h = levels.map(targets).astype(float)
    elapsed = _hours(pd.Series(as_of, index=t.index), created)
    breach = pd.Series(np.nan, index=t.index)
    answered = first.notna() & target_h.notna()
    breach[answered] = (w["frt"][answered] > target_h[answered]).astype(float)
    # unanswered past the target is a breach only when the export records first responses at all: without
    # any first_response_at (no column, or never filled) the outcome is unknown, not 100% breached
    open_past = first.isna() & target_h.notna() & (elapsed > target_h) & bool(first.notna().any())
    breach[open_past] = 1.0
    w["breach"] = breach
    res_breach = pd.Series(np.nan, index=t.index)
    if resolution_target_hours is not None:
        if not float(resolution_target_hours) > 0:
            raise ConfigError(f"resolution_target_hours must be > 0, got {resolution_target_hours!r}")
        target_r = float(resolution_target_hours)
        solved_known = solved.notna()
        res_breach[solved_known] = (w["res"][solved_known] > target_r).astype(float)
        closed_untimed = (
            t[STATUS].astype("string").str.lower().isin(_SOLVED_STATUSES).fillna(False)
            if STATUS in t.columns
            else pd.Series(False, index=t.index)
        )
        if solved_known.any():  # likewise, no solved_at anywhere: resolution times unknown, not breached
            res_breach[~solved_known & ~closed_untimed & (elapsed > target_r)] = 1.0
    w["res_breach"] = res_breach
    if REOPENS in t.columns:
        r = pd.to_numeric(t[REOPENS], errors="coerce")
        w["reopened"] = (r > 0).astype(float).where(r.notna())
    else:
        w["reopened"] = np.nan
    w["fcr"] = first_contact_resolved(t, topic_col=topic_col, fcr_days=fcr_days, as_of=as_of)
    # a reopened ticket was not resolved on first contact; tickets whose repeat outcome is unknown
    # (no customer, censored) stay unknown, so FCR is never a share of reopened tickets only
    w.loc[(w["reopened"] == 1.0) & w["fcr"].notna(), "fcr"] = 0.0
    w["handle"] = pd.to_numeric(t[HANDLE_MINUTES], errors="coerce") if HANDLE_MINUTES in t else np.nan
    w["wait"] = pd.to_numeric(t[WAIT_MINUTES], errors="coerce") if WAIT_MINUTES in t else np.nan

    g = w.groupby(["topic", "period"], sort=True)
    out = pd.DataFrame(
        {
            "n_tickets": g.size(),
            "frt_hours_median": g["frt"].median(),
            "frt_hours_p90": g["frt"].agg(_p90),
            "resolution_hours_median": g["res"].median(),
            "resolution_hours_p90": g["res"].agg(_p90),
            "n_sla_evaluated": g["breach"].count(),
            "sla_breach_rate": g["breach"].mean(),
            "n_resolution_sla_evaluated": g["res_breach"].count(),
            "resolution_sla_breach_rate": g["res_breach"].mean(),
            "reopen_rate": g["reopened"].mean(),
            "n_fcr_evaluated": g["fcr"].count(),
            "fcr_rate": g["fcr"].mean(),
            "handle_minutes_total": g["handle"].sum(min_count=1),
            "handle_minutes_mean": g["handle"].mean(),
            "wait_minutes_mean": g["wait"].mean(),
        }
    )
    out["handle_hours_total"] = out["handle_minutes_total"] / 60.0
    per_period = w.groupby("period").size()
    out["share"] = out["n_tickets"] / per_period.reindex(out.index.get_level_values("period")).to_numpy()
    if CHANNEL in t.columns:
        ch = t[CHANNEL].astype("string").str.lower().fillna("unknown")
        counts = pd.crosstab([w["topic"], w["period"]], ch.to_numpy())
        counts.columns = [f"n_channel_{c}" for c in counts.columns]
        out = out.join(counts)
    # backlog at period end
    status_solved = (
        t[STATUS].astype("string").str.lower().isin(_SOLVED_STATUSES).fillna(False)
        if STATUS in t.columns
        else pd.Series(False, index=t.index)
    )
    # backlog(e) = #created <= e − #solved_at <= e − #(solved status without solved_at, created <= e)
    no_time_solved = (solved.isna() & status_solved).to_numpy()
    topic_vals = w["topic"].to_numpy()
    created_ns = created.to_numpy(dtype="datetime64[ns]")
    solved_ns = solved.to_numpy(dtype="datetime64[ns]")
    has_solved = ~np.isnat(solved_ns)
    solved_ns[has_solved] = np.maximum(
        solved_ns[has_solved], created_ns[has_solved]
    )  # bad data: solved < created
    ends = (
        pd.DatetimeIndex(
            [
                min(pd.Period(per, freq=period).end_time.tz_localize(tz).tz_convert("UTC"), as_of)
                for per in out.index.get_level_values("period")
            ]
        )
        .tz_convert("UTC")
        .tz_localize(None)
    )
    ends = ends.to_numpy(dtype="datetime64[ns]")
    backlog = np.zeros(len(out), dtype=int)
    row_topics = out.index.get_level_values("topic")
    for topic in pd.unique(row_topics):
        rows = np.flatnonzero(row_topics == topic)
        m = topic_vals == topic
        c = np.sort(created_ns[m])
        sv = np.sort(solved_ns[m & has_solved])
        c_nts = np.sort(created_ns[m & no_time_solved])
        e = ends[rows]
        backlog[rows] = (
            np.searchsorted(c, e, side="right")
            - np.searchsorted(sv, e, side="right")
            - np.searchsorted(c_nts, e, side="right")
        )
    out["backlog_end"] = backlog
    out = out.reset_index().rename(columns={"topic": topic_col})
    out.attrs.update(
        topic_col=topic_col, period=period, tz=tz, as_of=as_of, sla_targets=targets, fcr_days=fcr_days,
        resolution_target_hours=resolution_target_hours,
    )
    front = [topic_col, "period", "n_tickets", "share"]
    chan = [c for c in out.columns if c.startswith("n_channel_")]
    rest = [c for c in out.columns if c not in front and c not in chan]
    return out[front + chan + rest]


def kpis_by_month(tickets: pd.DataFrame, **kwargs) -> pd.DataFrame:
    """The KPIs of :func:`kpis_by_topic` over every ticket, one row per month (topic ignored):
    what a support lead reports. Same keyword arguments (except ``topic_col``) and columns, minus
    the topic column; ``share`` is 1. Tickets without a topic count here too."""
    if "topic_col" in kwargs:
        raise ConfigError("kpis_by_month takes no topic_col: it pools every ticket of the month")
    out = kpis_by_topic(tickets.assign(_all_topics=0), topic_col="_all_topics", **kwargs)
    return out.drop(columns="_all_topics").reset_index(drop=True)
