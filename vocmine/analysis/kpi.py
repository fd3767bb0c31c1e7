"""The support lead's monthly KPI page: one row per month, every ticket pooled (no topic)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from vocmine.analysis._common import _period_end

__all__ = ["KPI_COLUMNS", "kpi_monthly", "sla_targets"]

#: columns of :func:`kpi_monthly`, in order (published as ``tables/kpi_monthly.csv``)
KPI_COLUMNS = ["period", "n_tickets", "volume_change_pct", "n_sla_evaluated", "sla_breach_rate",
               "n_resolution_sla_evaluated", "resolution_sla_breach_rate", "frt_hours_median",
               "resolution_hours_median", "wait_minutes_mean", "handle_minutes_mean", "handle_hours_total",
               "backlog_end", "n_fcr_evaluated", "fcr_rate", "reopen_rate", "n_rated", "csat_mean", "repeat_rate",
               "sla_first_response_hours", "sla_resolution_hours"]


def sla_targets(first_response_hours: float) -> dict[str, float]:
    """First-response targets per priority: the package's per-priority ratios
    (:data:`vocmine.impact.kpis.DEFAULT_SLA_TARGETS`) scaled so ``normal`` is ``first_response_hours``."""
    from vocmine.impact.kpis import DEFAULT_SLA_TARGETS

    ref = float(DEFAULT_SLA_TARGETS["normal"])
    return {k: float(v) * float(first_response_hours) / ref for k, v in DEFAULT_SLA_TARGETS.items()}


def kpi_monthly(history: pd.DataFrame, period: str, *, months: int = 6, sla_first_response_hours: float = 24.0,
                sla_resolution_hours: float = 72.0, fcr_days: float = 7,
                repeat: pd.DataFrame | None = None) -> pd.DataFrame:
    """KPIs per month for the ``months`` months ending with ``period`` (fewer when the history is
    shorter), oldest first, columns :data:`KPI_COLUMNS`:

    ``n_tickets`` (volume) and ``volume_change_pct`` (vs the month before, NaN for the first month
    of the history); ``sla_breach_rate`` (first response later than the priority's target, see
    :func:`sla_targets`; ``n_sla_evaluated`` tickets with a known outcome) and
    ``resolution_sla_breach_rate`` (solved later than ``sla_resolution_hours``, or unsolved past
    it); ``frt_hours_median``, ``resolution_hours_median``; ``wait_minutes_mean`` (TME, customer
    wait) and ``handle_minutes_mean`` (TMA, handle time), ``handle_hours_total``; ``backlog_end``
    (open tickets at the month's end); ``fcr_rate`` (neither reopened nor followed by a same-topic
    ticket of the customer within ``fcr_days``) and ``reopen_rate``; ``csat_mean`` over
    ``n_rated`` rated tickets (0..1); ``repeat_rate`` from ``repeat`` (the recurrence analysis'
    ``overall`` frame; NaN without customer ids). The two SLA targets are repeated on every row.
    Each month's as-of time is the end of ``period`` (the report's month), so clocks of earlier
    months are complete. NaN = the export lacks the column a KPI needs.
    """
    from vocmine.impact.kpis import kpis_by_month

    last = pd.Period(period, "M")
    first = str(last - (max(1, int(months)) - 1))
    upto = history[history["period"].astype(str) <= period]
    if upto.empty:
        return pd.DataFrame(columns=KPI_COLUMNS)
    k = kpis_by_month(upto, sla_targets=sla_targets(sla_first_response_hours), fcr_days=fcr_days,
                      period_end=_period_end(period), resolution_target_hours=sla_resolution_hours,
                      period_col="period" if "period" in upto.columns else None)
    k = k.sort_values("period").reset_index(drop=True)
    k["volume_change_pct"] = k["n_tickets"].astype(float).pct_change()
    prev_period = (pd.PeriodIndex(k["period"], freq="M") - 1).astype(str)
    k.loc[k["period"].shift(1).to_numpy() != prev_period.to_numpy(), "volume_change_pct"] = np.nan  # a gap
    if "csat" in upto.columns:
        rated = upto.assign(_c=pd.to_numeric(upto["csat"], errors="coerce")).dropna(subset=["_c"])
        cs = rated.groupby("period")["_c"].agg(["size", "mean"])
        k["n_rated"] = k["period"].map(cs["size"]).fillna(0).astype(int)
        k["csat_mean"] = k["period"].map(cs["mean"])
    else:
        k["n_rated"], k["csat_mean"] = 0, np.nan
    if repeat is not None and not repeat.empty:
        k["repeat_rate"] = k["period"].map(repeat.set_index("period")["repeat_rate"]).astype(float)
    else:
        k["repeat_rate"] = np.nan
    k["sla_first_response_hours"] = float(sla_first_response_hours)
    k["sla_resolution_hours"] = float(sla_resolution_hours)
    k = k[k["period"] >= first]
    return k[KPI_COLUMNS].reset_index(drop=True)
