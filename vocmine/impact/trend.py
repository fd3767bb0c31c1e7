"""Month-over-month trend of topic measures, tidy and ready to plot."""

from __future__ import annotations

import numpy as np
import pandas as pd

from vocmine.exceptions import ConfigError
from vocmine.impact._common import month_of
from vocmine.schema import CREATED_AT, CSAT, CUSTOMER_ID, TOPIC_ID, require_columns

__all__ = ["trend", "TREND_MEASURES", "repeat_flags"]

TREND_MEASURES = ("volume", "share", "csat_mean", "dissatisfied_share", "repeat_rate")


def repeat_flags(tickets: pd.DataFrame, *, topic_col: str = TOPIC_ID, repeat_days: float = 7) -> pd.Series:
    """Per ticket: 1.0 when the same customer filed a ticket on the same topic within
    ``repeat_days`` *before* it (a repeat contact), 0.0 otherwise, NaN without customer/topic."""
    created = pd.to_datetime(tickets[CREATED_AT], utc=True)
    cust = tickets[CUSTOMER_ID] if CUSTOMER_ID in tickets.columns else pd.Series(pd.NA, index=tickets.index)
    d = pd.DataFrame(
        {"c": cust.astype("string"), "t": tickets[topic_col], "ts": created, "pos": np.arange(len(tickets))}
    )
    out = np.full(len(tickets), np.nan)
    d = d[d["c"].notna() & d["t"].notna()].sort_values(["c", "t", "ts", "pos"], kind="stable")
    same_prev = ((d["c"].shift(1) == d["c"]) & (d["t"].shift(1) == d["t"])).fillna(False).to_numpy(dtype=bool)
    gap = (d["ts"] - d["ts"].shift(1)) <= pd.Timedelta(days=repeat_days)
    out[d["pos"].to_numpy()] = (same_prev & gap.fillna(False).to_numpy(dtype=bool)).astype(float)
    return pd.Series(out, index=tickets.index, name="repeat")


def trend(
    tickets: pd.DataFrame,
    *,
    topic_col: str = TOPIC_ID,
    measures=TREND_MEASURES,
    period: str = "M",
    repeat_days: float = 7,
    dissatisfied_below: float = 0.5,
    tz: str = "UTC",
) -> pd.DataFrame:
    """Each measure per topic per period with the change from the previous period.

    Periods follow the calendar of ``tz`` (default UTC).
    Every topic gets every period between the first and last period of the export
    (missing periods have volume 0 and share 0; means are NaN there). Tickets with a
    missing topic count in the period totals (share denominator) but get no row.

    Measures (any subset of TREND_MEASURES):
        volume              tickets created in the topic and period.
        share               volume / all tickets created in the period.
        csat_mean           mean normalised CSAT (0..1) of the rated tickets (needs ``csat``).
        dissatisfied_share  share of rated tickets with csat < ``dissatisfied_below``.
        repeat_rate         share of tickets (with a customer) preceded by a ticket of the
                            same customer on the same topic within ``repeat_days``
                            (see :func:`repeat_flags`).

    Returns a tidy frame sorted by topic, measure, period, columns:
        <topic_col>   topic value.
        period        'YYYY-MM' for months (pandas period string otherwise).
        measure       the measure name.
        value         the measure's value (float; NaN when undefined).
        change        value − previous period's value (NaN for the first period or when
                      either is NaN).
        pct_change    change / |previous value| (NaN when the previous value is 0 or NaN).
    """
    measures = tuple(measures)
    bad = [m for m in measures if m not in TREND_MEASURES]
    if bad:
        raise ConfigError(f"unknown measure(s) {bad}; choose from {list(TREND_MEASURES)}")
    require_columns(tickets, [topic_col, CREATED_AT], what="tickets")
    if any(m in ("csat_mean", "dissatisfied_share") for m in measures):
        require_columns(tickets, [CSAT], what="tickets (csat measures)")
    created = pd.to_datetime(tickets[CREATED_AT], utc=True)
    per = month_of(created, period, tz)
    w = pd.DataFrame({"topic": tickets[topic_col].to_numpy(), "period": per.to_numpy()})
    if CSAT in tickets.columns:
        cs = pd.to_numeric(tickets[CSAT], errors="coerce").to_numpy(dtype=float)
        w["csat"] = cs
        w["dis"] = np.where(np.isnan(cs), np.nan, (cs < dissatisfied_below).astype(float))
    if "repeat_rate" in measures:
        w["repeat"] = repeat_flags(tickets, topic_col=topic_col, repeat_days=repeat_days).to_numpy()
    totals = w.groupby("period").size()
    t = w[w["topic"].notna()]
    if t.empty:
        return pd.DataFrame(columns=[topic_col, "period", "measure", "value", "change", "pct_change"])
    p_min, p_max = pd.Period(per.min(), freq=period), pd.Period(per.max(), freq=period)
    periods = pd.period_range(p_min, p_max, freq=period).astype(str)
    topics = pd.unique(t["topic"])
    grid = pd.MultiIndex.from_product([topics, periods], names=["topic", "period"])
    g = t.groupby(["topic", "period"])
    values = {}
    vol = g.size().reindex(grid, fill_value=0).astype(float)
    if "volume" in measures:
        values["volume"] = vol
    if "share" in measures:
        den = totals.reindex(grid.get_level_values("period")).fillna(0).to_numpy()
        with np.errstate(divide="ignore", invalid="ignore"):
            values["share"] = pd.Series(
                np.where(den > 0, vol.to_numpy() / np.where(den > 0, den, 1), np.nan), index=grid
            )
    if "csat_mean" in measures:
        values["csat_mean"] = g["csat"].mean().reindex(grid)
    if "dissatisfied_share" in measures:
        values["dissatisfied_share"] = g["dis"].mean().reindex(grid)
    if "repeat_rate" in measures:
        values["repeat_rate"] = g["repeat"].mean().reindex(grid)
    frames = []
    for m in measures:
        s = values[m].astype(float)
        f = s.rename("value").reset_index()
        f["measure"] = m
        frames.append(f)
    out = pd.concat(frames, ignore_index=True)
    try:
        out = out.sort_values(["topic", "measure", "period"], kind="stable", ignore_index=True)
    except TypeError:
        out = out.sort_values(["measure", "period"], kind="stable", ignore_index=True)
    prev = out.groupby(["topic", "measure"], sort=False)["value"].shift(1)
    out["change"] = out["value"] - prev
    with np.errstate(divide="ignore", invalid="ignore"):
        out["pct_change"] = np.where((prev.abs() > 0), out["change"] / prev.abs(), np.nan)
    out = out.rename(columns={"topic": topic_col})
    out.attrs.update(topic_col=topic_col, period=period, tz=tz, repeat_days=repeat_days)
    return out[[topic_col, "period", "measure", "value", "change", "pct_change"]]
