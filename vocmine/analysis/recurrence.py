"""Recurrence analysis of a period: repeat contacts, chains, duplicates, spikes, chronic topics, deflection."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from vocmine.analysis._common import ALL, _period_end, _previous, has_customers, has_handle_time, topic_names
from vocmine.analysis.quotes import quote_column
from vocmine.schema import OUTLIER_TOPIC, TEXT_MODEL, TOPIC_ID

__all__ = ["distinct_questions", "period_spikes", "recurrence_analysis"]

_LANGS = ("pt", "en")


def _question_key(text: str) -> str:
    import unicodedata

    plain = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return " ".join("".join(c if c.isalnum() else " " for c in plain).split())


def distinct_questions(questions: list[str], *, n: int = 5, similarity: float = 0.85) -> list[str]:
    """The first ``n`` questions that are not a variant of an earlier one: case, accents, punctuation
    and small typos ignored (difflib ratio >= ``similarity`` on the normalised text)."""
    from difflib import SequenceMatcher

    kept: list[str] = []
    keys: list[str] = []
    for q in questions:
        key = _question_key(q)
        if not key or any(SequenceMatcher(None, key, k).ratio() >= similarity for k in keys):
            continue
        kept.append(q)
        keys.append(key)
        if len(kept) == n:
            break
    return kept


def period_spikes(history: pd.DataFrame, period: str) -> pd.DataFrame:
    """Incident spikes (:func:`vocmine.recurrence.incident_spikes`) overlapping ``period``, strongest
    first, with a ``basis`` column: ``"customers"`` (episodes need distinct customers) or, when the
    export has no customer ids, ``"volume"`` (every ticket counts as its own customer, so a surge is
    judged on ticket volume alone; ``n_customers`` is then NaN, not a count)."""
    from vocmine import recurrence as rec

    by_customers = has_customers(history)
    frame = history if by_customers else history.drop(columns=["customer_id"], errors="ignore")
    spikes = rec.incident_spikes(frame.reset_index(drop=True), topic_col=TOPIC_ID)
    if not spikes.empty:
        p_start, p_end = _period_end(_previous(period)), _period_end(period)
        s_start, s_end = pd.to_datetime(spikes["start"], utc=True), pd.to_datetime(spikes["end"], utc=True)
        spikes = spikes[(s_end > p_start) & (s_start <= p_end)].copy()
    spikes = spikes.reset_index(drop=True)
    spikes["basis"] = "customers" if by_customers else "volume"
    if not by_customers:
        spikes["n_customers"] = np.nan
    return spikes


def recurrence_analysis(
    data: Any,
    *,
    top_n: int = 8,
    repeat_window_days: int = 7,
    deflection_share_low: float = 0.3,
    deflection_share_high: float = 0.6,
    min_sample_size: int = 30,
    sla_first_response_hours: float = 24.0,
    sla_resolution_hours: float = 72.0,
    fcr_days: float = 7,
    kpi_months: int = 6,
    **_ignored: Any,
) -> dict[str, Any]:
    """Recurrence frames for the recurring-ticket brief of ``data.period``.

    Returns a dict:
        ``overall``: repeat rate per month (all topics): period, tickets, repeat_tickets,
        repeat_rate, repeat_rate_low, repeat_rate_high, repeat_hours;
        ``by_topic``: this month's repeat rate per topic (with Wilson interval, previous month
        rate and change), largest number of repeat tickets first;
        ``trend``: monthly repeat rate of the top topics; ``chains``: top repeat chains active
        this month; ``duplicates``: near-duplicate groups this month; ``spikes``: incident
        spikes overlapping this month; ``chronic``: chronic topics; ``deflection``: self-service
        candidates with ticket and hour ranges; ``questions``: topic_id → questions a
        help-center article should answer; ``mom``: month-over-month change of repeat tickets;
        ``kpis``: the support lead's KPIs per month (:func:`vocmine.analysis.kpi.kpi_monthly`);
    ``meta`` (``has_customers`` False when the export has no customer ids: repeat rates, chains
    and the repeat-rate trend are then empty/NaN, never 0, and spikes are judged on volume).
    """
    from vocmine import recurrence as rec
    from vocmine.analysis.kpi import kpi_monthly

    period = data.period
    history = data.tickets.reset_index(drop=True)
    current = history[history["period"] == period]
    names = topic_names(data)
    label = lambda i: names.get(int(i), str(i)) if not (isinstance(i, str) and i == ALL) else ALL  # noqa: E731

    customers_known = has_customers(history)
    repeats = rec.find_repeats(history, topic_col=TOPIC_ID, window_days=repeat_window_days)
    summary = rec.repeat_summary(repeats, history, topic_col=TOPIC_ID)
    if not customers_known:  # no customer ids: a repeat cannot be seen, so there is no rate (not 0)
        summary = summary[summary["topic"].astype(str) == ALL].copy()
        for col in ("repeat_tickets", "repeat_rate", "repeat_rate_low", "repeat_rate_high", "repeat_hours"):
            summary[col] = np.nan
    overall = summary[(summary["topic"].astype(str) == ALL) & (summary["period"] != ALL)].copy()
    overall = overall[["period", "tickets", "repeat_tickets", "repeat_rate", "repeat_rate_low", "repeat_rate_high",
                       "repeat_hours"]].sort_values("period").reset_index(drop=True)

    per_topic = summary[(summary["topic"].astype(str) != ALL) & (summary["period"] != ALL)].copy()
    per_topic[TOPIC_ID] = per_topic["topic"].astype(int)
    per_topic = per_topic[per_topic[TOPIC_ID] != OUTLIER_TOPIC]
    cur = per_topic[per_topic["period"] == period].set_index(TOPIC_ID)
    prev = per_topic[per_topic["period"] == _previous(period)].set_index(TOPIC_ID)
    by_topic = pd.DataFrame({
        TOPIC_ID: cur.index.astype(int),
        "label": [label(i) for i in cur.index],
        "tickets": cur["tickets"].to_numpy(),
        "repeat_tickets": cur["repeat_tickets"].to_numpy(),
        "repeat_rate": cur["repeat_rate"].to_numpy(),
        "repeat_rate_low": cur["repeat_rate_low"].to_numpy(),
        "repeat_rate_high": cur["repeat_rate_high"].to_numpy(),
        "repeat_hours": cur["repeat_hours"].to_numpy(),
        "repeat_rate_previous": prev["repeat_rate"].reindex(cur.index).to_numpy(),
    })
    by_topic["repeat_rate_change"] = by_topic["repeat_rate"] - by_topic["repeat_rate_previous"]
    by_topic = by_topic[by_topic["tickets"] >= max(5, min_sample_size // 3)]
    by_topic = by_topic.sort_values(["repeat_tickets", "repeat_rate", TOPIC_ID], ascending=[False, False, True],
                                    kind="mergesort").reset_index(drop=True)
    top_ids = list(by_topic[TOPIC_ID].head(5))
    trend = per_topic[per_topic[TOPIC_ID].isin(top_ids)][[TOPIC_ID, "period", "repeat_rate", "repeat_tickets"]].copy()
    trend["label"] = trend[TOPIC_ID].map(label)

    chains = rec.top_chains(repeats, history, n=max(50, top_n * 5), display_col=quote_column(history))
    if not customers_known:
        chains = chains.head(0)
    p_start, p_end = _period_end(_previous(period)), _period_end(period)
    chains = chains[(pd.to_datetime(chains["last_at"], utc=True) > p_start)
                    & (pd.to_datetime(chains["last_at"], utc=True) <= p_end)].head(top_n).copy()
    chains["label"] = chains["topic"].map(label)

    dups = pd.DataFrame()
    if TEXT_MODEL in current.columns and len(current) > 1:
        dups = rec.duplicate_groups(current.reset_index(drop=True), topic_col=TOPIC_ID,
                                    display_col=quote_column(current)).head(top_n).copy()
        dups["label"] = dups["topic_mode"].map(lambda v: label(v) if pd.notna(v) else pd.NA)
    spikes = period_spikes(history, period).head(top_n).copy()
    spikes["label"] = spikes["topic"].map(label) if len(spikes) else pd.Series(dtype=object)
    chronic = rec.chronic_topics(history, topic_col=TOPIC_ID)
    chronic = chronic[chronic["classification"] == "chronic"].head(top_n).copy()
    chronic["label"] = chronic["topic"].map(label)

    defl = rec.deflection_candidates(history, repeats if customers_known else None, topic_col=TOPIC_ID, months=3,
                                     share_range=(deflection_share_low, deflection_share_high),
                                     min_tickets=max(10, min_sample_size // 3))
    defl = defl[defl["topic"].astype(int) != OUTLIER_TOPIC]
    assumptions = str(defl.attrs.get("assumptions", "")) if hasattr(defl, "attrs") else ""
    defl = defl[defl["is_candidate"]].head(top_n).copy() if "is_candidate" in defl else defl.head(top_n).copy()
    defl["label"] = defl["topic"].map(label)
    # questions per brief language: from that language's tickets only (all tickets when the export
    # has no language column); the same topic's questions are never mixed across languages
    questions: dict[str, dict[int, list[str]]] = {lang: {} for lang in _LANGS}
    recent = history[history["period"] >= str(pd.Period(period, "M") - 2)]
    for tid in defl["topic"].head(3):
        for lang in _LANGS:
            subset = recent[recent["language"] == lang] if "language" in recent.columns else recent
            q = rec.top_questions(subset, tid, topic_col=TOPIC_ID, n=15) if len(subset) else pd.DataFrame(
                {"question": []})
            questions[lang][int(tid)] = distinct_questions(list(q["question"]), n=5)

    kpis = kpi_monthly(history, period, months=kpi_months, sla_first_response_hours=sla_first_response_hours,
                       sla_resolution_hours=sla_resolution_hours, fcr_days=fcr_days, repeat=overall)
    now = overall[overall["period"] == period]
    before = overall[overall["period"] == _previous(period)]
    mom = {
        "repeat_tickets": int(now["repeat_tickets"].sum()) if customers_known and not now.empty else None,
        "repeat_tickets_previous": (int(before["repeat_tickets"].sum()) if customers_known and not before.empty
                                    else None),
        "repeat_rate": float(now["repeat_rate"].iloc[0]) if not now.empty else np.nan,
        "repeat_rate_low": float(now["repeat_rate_low"].iloc[0]) if not now.empty else np.nan,
        "repeat_rate_high": float(now["repeat_rate_high"].iloc[0]) if not now.empty else np.nan,
        "repeat_rate_previous": float(before["repeat_rate"].iloc[0]) if not before.empty else np.nan,
        "repeat_hours": float(now["repeat_hours"].sum()) if customers_known and not now.empty else np.nan,
    }
    meta = {"period": period, "n_tickets": int(len(current)), "window_days": int(repeat_window_days),
            "share_low": float(deflection_share_low), "share_high": float(deflection_share_high),
            "assumptions": assumptions, "has_customers": customers_known, "has_handle_time": has_handle_time(current),
            "spike_basis": "customers" if customers_known else "volume"}
    return {"names": {lang: topic_names(data, lang) for lang in ("pt", "en")},
            "overall": overall, "by_topic": by_topic, "trend": trend, "chains": chains, "duplicates": dups,
            "spikes": spikes, "chronic": chronic, "deflection": defl, "questions": questions, "mom": mom,
            "kpis": kpis, "meta": meta}
