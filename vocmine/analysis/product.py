"""Product analysis of a period: impact (CSAT, churn, KPIs) per topic, emerging and improved topics.

Pure frames, computed once per period; the briefs (:mod:`vocmine.briefs.content`) only word and plot them.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from vocmine.analysis._common import _examples, _owners, _period_end, _previous, has_customers, has_handle_time, topic_names
from vocmine.analysis.decisions import decisions, priority
from vocmine.analysis.kpi import sla_targets
from vocmine.schema import OUTLIER_TOPIC, TOPIC_ID

__all__ = ["product_analysis"]


def product_analysis(
    data: Any,
    *,
    top_n: int = 8,
    min_sample_size: int = 30,
    churn_window_days: int = 90,
    sla_first_response_hours: float = 24.0,
    sla_resolution_hours: float = 72.0,
    fcr_days: float = 7,
    csat_window_months: int = 3,
    seed: int = 0,
    **_ignored: Any,
) -> dict[str, Any]:
    """Impact frames for the product brief of ``data.period``.

    Volumes and KPIs are the month's; the CSAT comparison uses the ``csat_window_months`` months
    ending with ``period`` (a month holds too few ratings per topic to test; the window is
    printed in the methods note); churn uses every customer with the exposure window before
    churn or the end of ``period``.

    Returns a dict:
        ``topics``: one row per topic of the period, ordered for the brief: ``actionable`` topics
        (count-test news, an incident spike, or a significant CSAT or churn association) first,
        then the rest, each group by ``priority`` (:func:`vocmine.analysis.decisions.priority`:
        the ``rank_topics`` impact score plus the weight of news, incident spikes and SLA
        problems), columns
        topic_id, label, owner, rank, score, priority, actionable, news, spike, sla_problem, flagged, n_tickets,
        share (of the month's tickets), n_previous, volume_change, status, rate_ratio and
        change_q (count test of the month's volume against the topic's history), n_expected (the
        tickets the topic's history rate gives at this month's volume: what ``status`` compares the
        month with, not the month before), spike_tickets,
        spike_expected (incident spikes this month), csat_points_lost,
        csat_n, csat_mean, csat_diff, csat_diff_lo, csat_diff_hi, csat_q, csat_flag,
        churn_exposed, churn_rate_exposed, churn_rate_unexposed, churn_diff, churn_rr,
        churn_rr_lo, churn_rr_hi, churn_adj_or, churn_adj_or_lo, churn_adj_or_hi, churn_q,
        churn_flag, handle_minutes_mean, frt_hours_median, resolution_hours_median,
        sla_breach_rate, resolution_sla_breach_rate, reopen_rate, fcr_rate, wait_minutes_mean,
        handle_hours_total;
        ``decisions``: at most three topics to act on (:func:`vocmine.analysis.decisions.decisions`);
        ``spikes``: incident spikes overlapping the month (``basis`` customers or volume);
        ``top``: the first ``top_n`` rows of ``topics`` (ranked ones only);
        ``emerging``: topics new this period (status ``new``) with their volume;
        ``improved``: topics whose CSAT rose or volume fell clearly vs the previous month;
        ``trend``: monthly volume of the top topics (topic_id, label, period, n_tickets);
        ``examples``: topic_id → list of redacted examples; plus ``meta`` (sample sizes etc.).
    """
    from vocmine import impact

    period = data.period
    history = data.tickets
    current = history[history["period"] == period]
    names = topic_names(data)
    sla = sla_targets(sla_first_response_hours)

    first_csat_month = str(pd.Period(period, "M") - (max(1, int(csat_window_months)) - 1))
    csat_tickets = history[(history["period"] >= first_csat_month) & (history["period"] <= period)]
    csat = impact.csat_by_topic(csat_tickets, topic_col=TOPIC_ID, min_n=min_sample_size, seed=seed)
    churn = None
    if data.customers is not None and not data.customers.empty and has_customers(history):
        churn = impact.churn_by_topic(history, data.customers, topic_col=TOPIC_ID, window_days=churn_window_days,
                                      observation_end=_period_end(period), min_customers=min_sample_size)
    kpis_all = impact.kpis_by_topic(history, topic_col=TOPIC_ID, sla_targets=sla, fcr_days=fcr_days,
                                    period_end=_period_end(period), resolution_target_hours=sla_resolution_hours,
                                    period_col="period")
    kpis = kpis_all[kpis_all["period"] == period]
    month_kpis = impact.kpis_by_topic(current.assign(_all=0), topic_col="_all", sla_targets=sla, fcr_days=fcr_days,
                                      period_end=_period_end(period), resolution_target_hours=sla_resolution_hours,
                                      period_col="period")
    month_breach = float(month_kpis["sla_breach_rate"].iloc[0]) if len(month_kpis) else np.nan
    ranking = impact.rank_topics(csat, churn, kpis, min_n=min_sample_size)

    df = ranking.set_index(TOPIC_ID)
    c = csat.set_index(TOPIC_ID)
    df["csat_n"] = c["n_rated"]
    df["csat_mean"] = c["csat_mean"]
    df["csat_diff"] = c["diff"]
    df["csat_diff_lo"] = c["diff_lo"]
    df["csat_diff_hi"] = c["diff_hi"]
    df["csat_q"] = c["q_value"]
    df["csat_points_lost"] = c["csat_points_lost"]
    if churn is not None:
        h = churn.set_index(TOPIC_ID)
        df["churn_exposed"] = h["n_exposed"]
        df["churn_rate_exposed"] = h["churn_rate_exposed"]
        df["churn_rate_unexposed"] = h["churn_rate_unexposed"]
        df["churn_diff"] = h["churn_rate_exposed"] - h["churn_rate_unexposed"]
        for col in ("rr", "rr_lo", "rr_hi", "adj_or", "adj_or_lo", "adj_or_hi"):
            df[f"churn_{col}"] = h[col]
        df["churn_q"] = h["adj_q_value"]
    k = kpis.set_index(TOPIC_ID)
    for col in ("handle_minutes_mean", "frt_hours_median", "resolution_hours_median", "sla_breach_rate",
                "resolution_sla_breach_rate", "reopen_rate", "fcr_rate", "wait_minutes_mean", "handle_hours_total"):
        df[col] = k[col] if col in k.columns else np.nan
    prev = _previous(period)
    prev_counts = history[history["period"] == prev].groupby(TOPIC_ID).size()
    if len(prev_counts) or not (history["period"] < prev).any():
        df["n_previous"] = prev_counts.reindex(df.index).fillna(0).astype(int)
    else:  # no ticket at all in the month before while earlier months have some: missing, not zero
        df["n_previous"] = pd.array([pd.NA] * len(df), dtype="Int64")
    df["volume_change"] = df["n_tickets"] - df["n_previous"]
    changes = data.changes.set_index(TOPIC_ID) if data.changes is not None and not data.changes.empty else None
    df["status"] = changes["status"].reindex(df.index) if changes is not None else pd.NA
    for src, dst in (("rate_ratio", "rate_ratio"), ("q_value", "change_q")):
        df[dst] = (changes[src].reindex(df.index).astype(float) if changes is not None and src in changes
                   else np.nan)
    # rate_ratio = this month's share / the history's share, so the history's share of this month's
    # volume is n / rate_ratio (0 when the topic had no ticket in the history: ratio inf)
    ratio = df["rate_ratio"].where(df["rate_ratio"] > 0)
    df["n_expected"] = df["n_tickets"] / ratio
    df["share"] = df["n_tickets"] / max(1, len(current))
    from vocmine.analysis.recurrence import period_spikes

    spikes = period_spikes(history, period)
    if len(spikes):
        sp = spikes.assign(_t=spikes["topic"].astype(int)).groupby("_t")[["n_tickets", "expected"]].sum()
        df["spike_tickets"] = sp["n_tickets"].reindex(df.index).fillna(0).astype(int)
        df["spike_expected"] = sp["expected"].reindex(df.index).astype(float)
    else:
        df["spike_tickets"], df["spike_expected"] = 0, np.nan
    owners = _owners(current)
    df["owner"] = [owners.get(int(i), pd.NA) for i in df.index]
    df["label"] = [names.get(int(i), str(i)) for i in df.index]
    df = df.reset_index()
    for col in ("churn_exposed", "churn_rate_exposed", "churn_rate_unexposed", "churn_diff", "churn_rr", "churn_rr_lo",
                "churn_rr_hi", "churn_adj_or", "churn_adj_or_lo", "churn_adj_or_hi", "churn_q"):
        if col not in df.columns:
            df[col] = np.nan
    df["flagged"] = df["csat_flag"].astype(bool) | df["churn_flag"].astype(bool)
    df = priority(df, month_sla_breach=month_breach)
    df["_ranked"] = df["rank"].notna()
    # topics with something to act on (count-test news, a spike, a significant CSAT or churn
    # association) first, then the rest; each group by priority
    df["actionable"] = df["flagged"] | df["news"] | df["spike"]
    df = df.sort_values(["_ranked", "actionable", "priority", "n_tickets", TOPIC_ID],
                        ascending=[False, False, False, False, True], kind="mergesort")
    cols = [TOPIC_ID, "label", "owner", "rank", "score", "priority", "actionable", "news", "spike", "sla_problem", "flagged",
            "n_tickets", "share", "n_previous", "volume_change", "status", "rate_ratio", "change_q", "n_expected", "spike_tickets",
            "spike_expected", "csat_points_lost", "csat_n", "csat_mean", "csat_diff", "csat_diff_lo", "csat_diff_hi", "csat_q", "csat_flag",
            "churn_exposed", "churn_rate_exposed", "churn_rate_unexposed", "churn_diff", "churn_rr", "churn_rr_lo",
            "churn_rr_hi", "churn_adj_or", "churn_adj_or_lo", "churn_adj_or_hi", "churn_q", "churn_flag",
            "handle_minutes_mean", "frt_hours_median", "resolution_hours_median", "sla_breach_rate",
            "resolution_sla_breach_rate", "reopen_rate", "fcr_rate", "wait_minutes_mean", "handle_hours_total"]
    topics = df[cols].reset_index(drop=True)
    top = topics[topics["rank"].notna()].head(top_n).reset_index(drop=True)
    todo = decisions(topics, n=3)
    spikes = spikes.assign(label=[names.get(int(i), str(i)) for i in spikes["topic"]]) if len(spikes) else spikes

    emerging = pd.DataFrame(columns=[TOPIC_ID, "label", "n_tickets", "owner"])
    new_ids: list[int] = []
    if changes is not None:
        new_ids += [int(i) for i in changes.index[changes["status"] == "new"]]
    # "new" is the count test's word only (vocmine.stats.volume_changes): a topic first seen this
    # month by a refit, or with too few tickets to tell, is not claimed as new
    new_ids = sorted({i for i in new_ids if i != OUTLIER_TOPIC and i in set(current[TOPIC_ID].astype(int))})
    if new_ids:
        sizes = current.groupby(TOPIC_ID).size()
        emerging = pd.DataFrame({TOPIC_ID: new_ids, "label": [names.get(i, str(i)) for i in new_ids],
                                 "n_tickets": [int(sizes.get(i, 0)) for i in new_ids],
                                 "owner": [owners.get(i, pd.NA) for i in new_ids]})
        emerging = emerging.sort_values(["n_tickets", TOPIC_ID], ascending=[False, True], kind="mergesort")
        emerging = emerging.reset_index(drop=True)

    tr = impact.trend(history, topic_col=TOPIC_ID, measures=("volume", "csat_mean"))
    status = changes["status"] if changes is not None else pd.Series(dtype=object)
    improved = _improved(tr, period, names, min_sample_size, current, status)
    top_ids = list(top[TOPIC_ID])
    vol = tr[(tr["measure"] == "volume") & tr[TOPIC_ID].isin(top_ids[:5])]
    trend_frame = vol.rename(columns={"value": "n_tickets"})[[TOPIC_ID, "period", "n_tickets"]].copy()
    trend_frame["label"] = trend_frame[TOPIC_ID].map(lambda i: names.get(int(i), str(i)))
    examples = {int(i): _examples(current, int(i)) for i in [*top_ids, *todo[TOPIC_ID]]}
    for i in emerging[TOPIC_ID]:
        examples.setdefault(int(i), _examples(current, int(i)))
    meta = {
        "period": period,
        "n_tickets": int(len(current)),
        "n_rated": int(csat.attrs.get("n_rated", csat_tickets["csat"].notna().sum() if "csat" in csat_tickets else 0)),
        "csat_months": int(csat_tickets["period"].nunique()),
        "csat_from": first_csat_month,
        "overall_csat": float(csat.attrs.get("overall_mean", np.nan)),
        "n_customers": int(churn.attrs.get("n_customers", 0)) if churn is not None else 0,
        "n_churned": int(churn.attrs.get("n_churned", 0)) if churn is not None else 0,
        # the topics this month's tickets are in (a thin month can be in fewer than the catalogue holds)
        "n_topics": int(current.loc[current[TOPIC_ID] != OUTLIER_TOPIC, TOPIC_ID].nunique()),
        "n_outlier": int((current[TOPIC_ID] == OUTLIER_TOPIC).sum()),
        "min_sample_size": int(min_sample_size),
        "churn_window_days": int(churn_window_days),
        "n_csat_tested": int(csat["tested"].sum()) if "tested" in csat else 0,
        "n_churn_tested": int(churn["tested"].sum()) if churn is not None and "tested" in churn else 0,
        "sla_first_response_hours": float(sla_first_response_hours),
        "sla_resolution_hours": float(sla_resolution_hours),
        "month_sla_breach": month_breach,
        "has_customers": has_customers(history),
        "has_handle_time": has_handle_time(current),
        "spike_basis": "customers" if has_customers(history) else "volume",
        "has_product": "product" in current.columns and current["product"].notna().any(),
    }
    return {"names": {lang: topic_names(data, lang) for lang in ("pt", "en")},
            "topics": topics, "top": top, "decisions": todo, "spikes": spikes, "emerging": emerging, "improved": improved, "trend": trend_frame,
            "examples": examples, "meta": meta}


def _improved(tr: pd.DataFrame, period: str, names: dict[int, str], min_n: int, current: pd.DataFrame,
              status: pd.Series) -> pd.DataFrame:
    """Topics whose CSAT rose by >= 5 points (both months rated >= min_n) or whose volume the count
    test calls shrinking (``status``: topic id -> status of the change table, the one threshold every
    table shares)."""
    cur = tr[tr["period"] == period]
    vol = cur[cur["measure"] == "volume"].set_index(TOPIC_ID)
    cs = cur[cur["measure"] == "csat_mean"].set_index(TOPIC_ID)
    prev = tr[(tr["period"] == _previous(period)) & (tr["measure"] == "volume")].set_index(TOPIC_ID)["value"]
    rows = []
    for tid in vol.index:
        if int(tid) == OUTLIER_TOPIC:
            continue
        v_now, v_prev = float(vol.loc[tid, "value"]), float(prev.get(tid, np.nan))
        d_csat = float(cs.loc[tid, "change"]) if tid in cs.index else np.nan
        volume_fell = status.get(tid) in ("shrinking", "vanished")
        rated = current[(current[TOPIC_ID] == tid)]["csat"].notna().sum() if "csat" in current else 0
        csat_rose = rated >= min_n and not np.isnan(d_csat) and d_csat >= 0.05
        if volume_fell or csat_rose:
            rows.append({TOPIC_ID: int(tid), "label": names.get(int(tid), str(tid)), "n_tickets": int(v_now),
                         "n_previous": int(v_prev) if not np.isnan(v_prev) else 0,
                         "volume_change_pct": (v_now - v_prev) / v_prev if v_prev else np.nan, "csat_change": d_csat})
    out = pd.DataFrame(rows, columns=[TOPIC_ID, "label", "n_tickets", "n_previous", "volume_change_pct", "csat_change"])
    return out.sort_values(["volume_change_pct", TOPIC_ID], kind="mergesort").reset_index(drop=True)
