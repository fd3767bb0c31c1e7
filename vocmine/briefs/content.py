"""Brief content: analysis frames for a period (impact + recurrence) and the blocks of each brief.

Three layers, each a plain function:

* ``*_analysis(data, ...)`` call :mod:`vocmine.impact` / :mod:`vocmine.recurrence` on a
  :class:`~vocmine.runner.PeriodData` and return a dict of tidy, language-neutral frames;
* :func:`brief_tables` flattens both analyses into the CSV tables the run publishes;
* ``*_brief(analysis, lang=...)`` turn an analysis into a list of display blocks
  (:mod:`vocmine.briefs.blocks`) with labels and numbers in ``pt`` or ``en`` and charts from
  :mod:`vocmine.briefs.plots`.

Wording rule: topics are *associated with* lower CSAT or more churn, never said to cause it.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from vocmine.briefs import i18n
from vocmine.briefs.blocks import Block, BulletList, FigureBlock, Heading, Note, Paragraph, Table
from vocmine.briefs.i18n import fmt_int, fmt_interval, fmt_number, fmt_pct, fmt_q, t
from vocmine.schema import OUTLIER_TOPIC, TEXT_DISPLAY, TEXT_MODEL, TOPIC_ID, TOPIC_LABEL

ALL = "__all__"
EXAMPLE_CHARS = 220


# ============================================================================ helpers


def _period_end(period: str) -> pd.Timestamp:
    return (pd.Period(period, "M") + 1).to_timestamp().tz_localize("UTC") - pd.Timedelta(seconds=1)


def _previous(period: str) -> str:
    return str(pd.Period(period, "M") - 1)


def topic_names(data: Any, lang: str | None = None) -> dict[int, str]:
    """topic_id → human-readable label: the catalogue's ``label_<lang>`` (words of that language's
    tickets) when ``lang`` is given and the catalogue has it, else its ``label``, else the tickets'
    most frequent label."""
    names: dict[int, str] = {}
    cat = data.catalogue
    if cat is not None and not cat.empty:
        col = f"label_{lang}" if lang and f"label_{lang}" in cat.columns else "label"
        for tid, label in zip(cat[TOPIC_ID], cat[col], strict=False):
            if isinstance(label, str) and label:
                names[int(tid)] = label
    tickets = data.tickets
    if TOPIC_LABEL in tickets.columns:
        for tid, grp in tickets.dropna(subset=[TOPIC_LABEL]).groupby(TOPIC_ID):
            names.setdefault(int(tid), str(grp[TOPIC_LABEL].mode().iloc[0]))
    names[OUTLIER_TOPIC] = names.get(OUTLIER_TOPIC, "outlier")
    return names


_ID_COLUMNS = (TOPIC_ID, "topic", "topic_mode")


def localised(an: dict[str, Any], lang: str) -> dict[str, Any]:
    """``an`` with every frame's ``label`` in ``lang`` (from ``an["names"][lang]``, keyed by the frame's
    topic id column); analyses without per-language names come back unchanged."""
    names = (an.get("names") or {}).get(lang)
    if not names:
        return an
    out = dict(an)
    for key, value in an.items():
        if isinstance(value, pd.DataFrame) and "label" in value.columns:
            col = next((c for c in _ID_COLUMNS if c in value.columns), None)
            if col is not None:
                ids = pd.to_numeric(value[col], errors="coerce")
                out[key] = value.assign(label=[names.get(int(i), lab) if pd.notna(i) else lab
                                               for i, lab in zip(ids, value["label"], strict=True)])
    return out


def _keywords(data: Any, lang: str) -> dict[int, str]:
    cat = data.catalogue
    out: dict[int, str] = {}
    if cat is None or cat.empty:
        return out
    for _, row in cat.iterrows():
        kws = row.get(f"keywords_{lang}") or row.get("keywords") or []
        if isinstance(kws, str):
            kws = [kws]
        out[int(row[TOPIC_ID])] = ", ".join(str(k) for k in list(kws)[:6])
    return out


def _owners(tickets: pd.DataFrame) -> dict[int, str]:
    """Most frequent ``product`` per topic (ties: alphabetical), when the export has one."""
    if "product" not in tickets.columns:
        return {}
    df = tickets.dropna(subset=["product"])
    out = {}
    for tid, grp in df.groupby(TOPIC_ID):
        counts = grp["product"].astype(str).value_counts()
        top = counts[counts == counts.max()].index
        out[int(tid)] = sorted(top)[0]
    return out


def _examples(tickets: pd.DataFrame, topic: int, n: int = 3) -> list[str]:
    """``n`` short redacted examples of a topic (most typical first: highest topic_prob)."""
    if TEXT_DISPLAY not in tickets.columns:
        return []
    df = tickets[(tickets[TOPIC_ID] == topic) & tickets[TEXT_DISPLAY].notna()].copy()
    if df.empty:
        return []
    df["_prob"] = df["topic_prob"] if "topic_prob" in df.columns else 0.0
    df["_len"] = df[TEXT_DISPLAY].str.len()
    df = df[df["_len"] >= 20] if (df["_len"] >= 20).any() else df
    df = df.sort_values(["_prob", "ticket_id"], ascending=[False, True], kind="mergesort")
    out, seen = [], set()
    for text in df[TEXT_DISPLAY]:
        one = " ".join(str(text).split())
        short = one if len(one) <= EXAMPLE_CHARS else one[: EXAMPLE_CHARS - 1].rsplit(" ", 1)[0] + "…"
        if short.lower() not in seen:
            out.append(short)
            seen.add(short.lower())
        if len(out) == n:
            break
    return out


# ============================================================================ product analysis


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
        ``topics``: one row per topic of the period, ordered for the brief (topics with a
        significant CSAT or churn association first, then by ``rank_topics`` score), columns
        topic_id, label, owner, rank, score, n_tickets, n_previous, volume_change, status,
        csat_n, csat_mean, csat_diff, csat_diff_lo, csat_diff_hi, csat_q, csat_flag,
        churn_exposed, churn_rate_exposed, churn_rate_unexposed, churn_diff, churn_rr,
        churn_rr_lo, churn_rr_hi, churn_adj_or, churn_adj_or_lo, churn_adj_or_hi, churn_q,
        churn_flag, handle_minutes_mean, frt_hours_median, resolution_hours_median,
        sla_breach_rate, reopen_rate, fcr_rate;
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
    sla = {k: float(sla_first_response_hours) for k in ("urgent", "high", "normal", "low")}
    base_sla = getattr(impact, "DEFAULT_SLA_TARGETS", None)
    if isinstance(base_sla, dict) and base_sla:
        # keep the package's per-priority ratios, scaled so "normal" matches the parameter
        ref = float(base_sla.get("normal", next(iter(base_sla.values()))))
        sla = {k: float(v) * float(sla_first_response_hours) / ref for k, v in base_sla.items()}

    first_csat_month = str(pd.Period(period, "M") - (max(1, int(csat_window_months)) - 1))
    csat_tickets = history[(history["period"] >= first_csat_month) & (history["period"] <= period)]
    csat = impact.csat_by_topic(csat_tickets, topic_col=TOPIC_ID, min_n=min_sample_size, seed=seed)
    churn = None
    if data.customers is not None and not data.customers.empty and "customer_id" in history.columns:
        churn = impact.churn_by_topic(history, data.customers, topic_col=TOPIC_ID, window_days=churn_window_days,
                                      observation_end=_period_end(period), min_customers=min_sample_size)
    kpis_all = impact.kpis_by_topic(history, topic_col=TOPIC_ID, sla_targets=sla, fcr_days=fcr_days,
                                    period_end=_period_end(period))
    kpis = kpis_all[kpis_all["period"] == period]
    ranking = impact.rank_topics(csat, churn, kpis, min_n=min_sample_size)

    df = ranking.set_index(TOPIC_ID)
    c = csat.set_index(TOPIC_ID)
    df["csat_n"] = c["n_rated"]
    df["csat_mean"] = c["csat_mean"]
    df["csat_diff"] = c["diff"]
    df["csat_diff_lo"] = c["diff_lo"]
    df["csat_diff_hi"] = c["diff_hi"]
    df["csat_q"] = c["q_value"]
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
                "reopen_rate", "fcr_rate"):
        df[col] = k[col] if col in k.columns else np.nan
    prev_counts = history[history["period"] == _previous(period)].groupby(TOPIC_ID).size()
    df["n_previous"] = prev_counts.reindex(df.index).fillna(0).astype(int)
    df["volume_change"] = df["n_tickets"] - df["n_previous"]
    changes = data.changes.set_index(TOPIC_ID) if data.changes is not None and not data.changes.empty else None
    df["status"] = changes["status"].reindex(df.index) if changes is not None else pd.NA
    owners = _owners(current)
    df["owner"] = [owners.get(int(i), pd.NA) for i in df.index]
    df["label"] = [names.get(int(i), str(i)) for i in df.index]
    df = df.reset_index()
    for col in ("churn_exposed", "churn_rate_exposed", "churn_rate_unexposed", "churn_diff", "churn_rr", "churn_rr_lo",
                "churn_rr_hi", "churn_adj_or", "churn_adj_or_lo", "churn_adj_or_hi", "churn_q"):
        if col not in df.columns:
            df[col] = np.nan
    df["flagged"] = df["csat_flag"].astype(bool) | df["churn_flag"].astype(bool)
    df["_ranked"] = df["rank"].notna()
    df = df.sort_values(["_ranked", "flagged", "score", "n_tickets", TOPIC_ID],
                        ascending=[False, False, False, False, True], kind="mergesort")
    cols = [TOPIC_ID, "label", "owner", "rank", "score", "flagged", "n_tickets", "n_previous", "volume_change",
            "status", "csat_n", "csat_mean", "csat_diff", "csat_diff_lo", "csat_diff_hi", "csat_q", "csat_flag",
            "churn_exposed", "churn_rate_exposed", "churn_rate_unexposed", "churn_diff", "churn_rr", "churn_rr_lo",
            "churn_rr_hi", "churn_adj_or", "churn_adj_or_lo", "churn_adj_or_hi", "churn_q", "churn_flag",
            "handle_minutes_mean", "frt_hours_median", "resolution_hours_median", "sla_breach_rate", "reopen_rate",
            "fcr_rate"]
    topics = df[cols].reset_index(drop=True)
    top = topics[topics["rank"].notna()].head(top_n).reset_index(drop=True)

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
    examples = {int(i): _examples(current, int(i)) for i in top_ids}
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
        "n_topics": int((topics[TOPIC_ID] != OUTLIER_TOPIC).sum()),
        "n_outlier": int((current[TOPIC_ID] == OUTLIER_TOPIC).sum()),
        "min_sample_size": int(min_sample_size),
        "churn_window_days": int(churn_window_days),
        "n_csat_tested": int(csat["tested"].sum()) if "tested" in csat else 0,
        "n_churn_tested": int(churn["tested"].sum()) if churn is not None and "tested" in churn else 0,
        "sla_first_response_hours": float(sla_first_response_hours),
        "has_product": "product" in current.columns and current["product"].notna().any(),
    }
    return {"names": {lang: topic_names(data, lang) for lang in ("pt", "en")},
            "topics": topics, "top": top, "emerging": emerging, "improved": improved, "trend": trend_frame,
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


# ============================================================================ recurrence analysis


def recurrence_analysis(
    data: Any,
    *,
    top_n: int = 8,
    repeat_window_days: int = 7,
    deflection_share_low: float = 0.3,
    deflection_share_high: float = 0.6,
    min_sample_size: int = 30,
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
        ``meta``.
    """
    from vocmine import recurrence as rec

    period = data.period
    history = data.tickets.reset_index(drop=True)
    current = history[history["period"] == period]
    names = topic_names(data)
    label = lambda i: names.get(int(i), str(i)) if not (isinstance(i, str) and i == ALL) else ALL  # noqa: E731

    repeats = rec.find_repeats(history, topic_col=TOPIC_ID, window_days=repeat_window_days)
    summary = rec.repeat_summary(repeats, history, topic_col=TOPIC_ID)
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

    chains = rec.top_chains(repeats, history, n=max(50, top_n * 5))
    p_start, p_end = _period_end(_previous(period)), _period_end(period)
    chains = chains[(pd.to_datetime(chains["last_at"], utc=True) > p_start)
                    & (pd.to_datetime(chains["last_at"], utc=True) <= p_end)].head(top_n).copy()
    chains["label"] = chains["topic"].map(label)

    dups = pd.DataFrame()
    if TEXT_MODEL in current.columns and len(current) > 1:
        dups = rec.duplicate_groups(current.reset_index(drop=True), topic_col=TOPIC_ID).head(top_n).copy()
        dups["label"] = dups["topic_mode"].map(lambda v: label(v) if pd.notna(v) else pd.NA)
    spikes = rec.incident_spikes(history, topic_col=TOPIC_ID)
    if not spikes.empty:
        s_start, s_end = pd.to_datetime(spikes["start"], utc=True), pd.to_datetime(spikes["end"], utc=True)
        spikes = spikes[(s_end > p_start) & (s_start <= p_end)].head(top_n).copy()
        spikes["label"] = spikes["topic"].map(label)
    chronic = rec.chronic_topics(history, topic_col=TOPIC_ID)
    chronic = chronic[chronic["classification"] == "chronic"].head(top_n).copy()
    chronic["label"] = chronic["topic"].map(label)

    defl = rec.deflection_candidates(history, repeats, topic_col=TOPIC_ID, months=3,
                                     share_range=(deflection_share_low, deflection_share_high),
                                     min_tickets=max(10, min_sample_size // 3))
    defl = defl[defl["topic"].astype(int) != OUTLIER_TOPIC]
    assumptions = str(defl.attrs.get("assumptions", "")) if hasattr(defl, "attrs") else ""
    defl = defl[defl["is_candidate"]].head(top_n).copy() if "is_candidate" in defl else defl.head(top_n).copy()
    defl["label"] = defl["topic"].map(label)
    questions = {}
    for tid in defl["topic"].head(3):
        q = rec.top_questions(history[history["period"] >= str(pd.Period(period, "M") - 2)], tid,
                              topic_col=TOPIC_ID, n=5)
        questions[int(tid)] = list(q["question"])

    now = overall[overall["period"] == period]
    before = overall[overall["period"] == _previous(period)]
    mom = {
        "repeat_tickets": int(now["repeat_tickets"].sum()) if not now.empty else 0,
        "repeat_tickets_previous": int(before["repeat_tickets"].sum()) if not before.empty else None,
        "repeat_rate": float(now["repeat_rate"].iloc[0]) if not now.empty else np.nan,
        "repeat_rate_low": float(now["repeat_rate_low"].iloc[0]) if not now.empty else np.nan,
        "repeat_rate_high": float(now["repeat_rate_high"].iloc[0]) if not now.empty else np.nan,
        "repeat_rate_previous": float(before["repeat_rate"].iloc[0]) if not before.empty else np.nan,
        "repeat_hours": float(now["repeat_hours"].sum()) if not now.empty else 0.0,
    }
    meta = {"period": period, "n_tickets": int(len(current)), "window_days": int(repeat_window_days),
            "share_low": float(deflection_share_low), "share_high": float(deflection_share_high),
            "assumptions": assumptions}
    return {"names": {lang: topic_names(data, lang) for lang in ("pt", "en")},
            "overall": overall, "by_topic": by_topic, "trend": trend, "chains": chains, "duplicates": dups,
            "spikes": spikes, "chronic": chronic, "deflection": defl, "questions": questions, "mom": mom,
            "meta": meta}


# ============================================================================ CSV tables


def brief_tables(data: Any, **params: Any) -> dict[str, pd.DataFrame]:
    """Language-neutral tables published as CSV (name → frame), deterministic for equal inputs."""
    prod = product_analysis(data, **params)
    rec = recurrence_analysis(data, **params)
    out = {
        "product_topics": prod["topics"],
        "product_emerging": prod["emerging"],
        "product_improved": prod["improved"],
        "repeat_overall": rec["overall"],
        "repeat_by_topic": rec["by_topic"],
        "repeat_chains": rec["chains"],
        "duplicate_groups": rec["duplicates"],
        "incident_spikes": rec["spikes"],
        "chronic_topics": rec["chronic"],
        "deflection_candidates": rec["deflection"],
        "help_center_questions": pd.DataFrame(
            [{TOPIC_ID: k, "rank": i + 1, "question": q} for k, qs in rec["questions"].items()
             for i, q in enumerate(qs)], columns=[TOPIC_ID, "rank", "question"]),
    }
    return {k: _round(v) for k, v in out.items()}


def _round(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for col in out.columns:
        if pd.api.types.is_float_dtype(out[col]):
            out[col] = out[col].round(6)
    return out.reset_index(drop=True)


# ============================================================================ blocks: product brief


def _csat_text(row: pd.Series, lang: str) -> str:
    if pd.isna(row["csat_diff"]):
        return t("not_available", lang)
    s = f"{i18n.fmt_points(row['csat_diff'], lang)} {fmt_interval(row['csat_diff_lo'], row['csat_diff_hi'], lang)}"
    if pd.notna(row["csat_q"]):
        s += f", q {fmt_q(row['csat_q'], lang)}"
    return s


def _churn_text(row: pd.Series, lang: str) -> str:
    if pd.isna(row.get("churn_rr")):
        return t("not_available", lang)
    rate = f"{fmt_pct(row['churn_rate_exposed'], lang)} vs {fmt_pct(row['churn_rate_unexposed'], lang)}"
    rr = (f"RR {fmt_number(row['churn_rr'], lang, 2)} [{fmt_number(row['churn_rr_lo'], lang, 2)}"
          f"{'; ' if lang == 'pt' else ', '}{fmt_number(row['churn_rr_hi'], lang, 2)}]")
    orr = ""
    if pd.notna(row.get("churn_adj_or")):
        orr = (f", OR aj. {fmt_number(row['churn_adj_or'], lang, 2)}" if lang == "pt"
               else f", adj. OR {fmt_number(row['churn_adj_or'], lang, 2)}")
        if pd.notna(row.get("churn_q")):
            orr += f", q {fmt_q(row['churn_q'], lang)}"
    return f"{rate} ({rr}{orr})"


def _trend_text(row: pd.Series, lang: str) -> str:
    arrow = "↑" if row["volume_change"] > 0 else ("↓" if row["volume_change"] < 0 else "→")
    s = f"{arrow} {fmt_number(row['volume_change'], lang, 0, signed=True)} vs {fmt_int(row['n_previous'], lang)}"
    if isinstance(row.get("status"), str) and row["status"]:
        s += f" ({i18n.status_label(row['status'], lang)})"
    return s


_SUMMARY = {
    "pt": ("Em {month}, {n} tickets foram agrupados em {k} temas. {csat_part}{churn_part}"
           "O tema de maior impacto foi \u201c{top}\u201d ({top_n} tickets). {emerging_part}"),
    "en": ("In {month}, {n} tickets were grouped into {k} topics. {csat_part}{churn_part}"
           "The highest-impact topic was \u201c{top}\u201d ({top_n} tickets). {emerging_part}"),
}


_THIN = {  # no topic reached the minimum sample size: say what is missing instead of ranking "–"
    "pt": ("Em {month}, {n} tickets foram agrupados em {k} temas, mas nenhum tema chegou ao mínimo de {m} "
           "observações: não há ranking de impacto nem efeito de CSAT ou churn medido neste mês (são precisos "
           "pelo menos {m} tickets por tema). Volumes, exemplos e indicadores abaixo continuam válidos."),
    "en": ("In {month}, {n} tickets were grouped into {k} topics, but no topic reached the minimum sample of {m} "
           "observations: there is no impact ranking and no CSAT or churn effect measured this month (that needs "
           "at least {m} tickets per topic). The volumes, examples and KPIs below still hold."),
}


def _summary(an: dict[str, Any], lang: str) -> str:
    meta, top = an["meta"], an["top"]
    if not len(top):
        return _THIN[lang].format(month=i18n.month_name(meta["period"], lang), n=fmt_int(meta["n_tickets"], lang),
                                  k=fmt_int(meta["n_topics"], lang), m=fmt_int(meta["min_sample_size"], lang))
    csat_flag = top[top["csat_flag"].astype(bool)]
    churn_flag = top[top["churn_flag"].astype(bool)]
    names = lambda df: ", ".join(f"\u201c{x}\u201d" for x in df["label"].head(3))  # noqa: E731
    if lang == "pt":
        csat_part = (f"{len(csat_flag)} tema(s) estão associados a CSAT mais baixo ({names(csat_flag)}). "
                     if len(csat_flag) else "Nenhum tema teve CSAT significativamente mais baixo. ")
        churn_part = (f"{len(churn_flag)} tema(s) estão associados a mais churn ({names(churn_flag)}). "
                      if len(churn_flag) else "Nenhum tema teve associação significativa com churn. ")
        emerging_part = (f"Temas novos neste mês: {names(an['emerging'])}." if len(an["emerging"])
                         else "Nenhum tema novo neste mês.")
    else:
        csat_part = (f"{len(csat_flag)} topic(s) are associated with lower CSAT ({names(csat_flag)}). "
                     if len(csat_flag) else "No topic had a significantly lower CSAT. ")
        churn_part = (f"{len(churn_flag)} topic(s) are associated with more churn ({names(churn_flag)}). "
                      if len(churn_flag) else "No topic had a significant churn association. ")
        emerging_part = (f"New topics this month: {names(an['emerging'])}." if len(an["emerging"])
                         else "No new topic this month.")
    return _SUMMARY[lang].format(
        month=i18n.month_name(meta["period"], lang), n=fmt_int(meta["n_tickets"], lang),
        k=fmt_int(meta["n_topics"], lang), csat_part=csat_part, churn_part=churn_part,
        top=top["label"].iloc[0] if len(top) else "–", top_n=fmt_int(top["n_tickets"].iloc[0] if len(top) else 0, lang),
        emerging_part=emerging_part)


def product_brief(an: dict[str, Any], *, lang: str) -> list[Block]:
    """Blocks of the product-improvement brief in ``lang``."""
    from vocmine.briefs import plots

    i18n.check_language(lang)
    an = localised(an, lang)
    meta, top = an["meta"], an["top"]
    month = i18n.month_name(meta["period"], lang)
    blocks: list[Block] = [Heading(t("product_title", lang, month=month), level=1),
                           Heading(t("summary", lang)), Paragraph(_summary(an, lang))]

    blocks.append(Heading(t("top_topics", lang)))
    overview = pd.DataFrame({
        "#": range(1, len(top) + 1),
        t("topic", lang): top["label"],
        t("volume", lang): [fmt_int(v, lang) for v in top["n_tickets"]],
        t("trend", lang): [_trend_text(r, lang) for _, r in top.iterrows()],
        t("csat_diff", lang): [_csat_text(r, lang) for _, r in top.iterrows()],
        t("churn_assoc", lang): [_churn_text(r, lang) for _, r in top.iterrows()],
    })
    if meta["has_product"]:
        overview[t("owner", lang)] = top["owner"].fillna("–").to_numpy()
    blocks.append(Table(overview))
    if top["csat_diff"].notna().any():
        fig = plots.interval_bars(top.assign(label=top["label"]), label="label", value="csat_diff", low="csat_diff_lo",
                                  high="csat_diff_hi", xlabel=t("csat_axis", lang), lang=lang)
        blocks.append(FigureBlock(fig, alt=t("csat_axis", lang)))
    if top["churn_diff"].notna().any():
        ch = top.assign(churn_lo=np.nan, churn_hi=np.nan)
        # interval of the rate difference from the RR interval (rate_unexposed × (RR − 1))
        ch["churn_lo"] = top["churn_rate_unexposed"] * (top["churn_rr_lo"] - 1)
        ch["churn_hi"] = top["churn_rate_unexposed"] * (top["churn_rr_hi"] - 1)
        fig = plots.interval_bars(ch, label="label", value="churn_diff", low="churn_lo", high="churn_hi",
                                  xlabel=t("churn_axis", lang), lang=lang, worse="high")
        blocks.append(FigureBlock(fig, alt=t("churn_axis", lang)))
    if not an["trend"].empty:
        fig = plots.trend_lines(an["trend"], period="period", value="n_tickets", group="label",
                                ylabel=t("tickets_axis", lang), lang=lang, highlight=meta["period"])
        blocks.append(FigureBlock(fig, alt=t("tickets_axis", lang)))

    for i, (_, row) in enumerate(top.iterrows(), start=1):
        blocks.append(Heading(f"{i}. {row['label']}", level=3))
        facts = [
            f"{t('volume', lang)}: {fmt_int(row['n_tickets'], lang)} — {t('trend', lang)}: {_trend_text(row, lang)}",
            f"{t('csat_diff', lang)}: {_csat_text(row, lang)} (n = {fmt_int(row['csat_n'], lang)})",
            f"{t('churn_assoc', lang)}: {_churn_text(row, lang)}",
            f"{t('kpis', lang)}: {t('handle_time', lang)} {fmt_number(row['handle_minutes_mean'], lang, 1)}; "
            f"{t('first_response', lang)} {fmt_number(row['frt_hours_median'], lang, 1)}; "
            f"{t('resolution', lang)} {fmt_number(row['resolution_hours_median'], lang, 1)}; "
            f"{t('reopen_rate', lang)} {fmt_pct(row['reopen_rate'], lang)}; "
            f"{t('fcr', lang)} {fmt_pct(row['fcr_rate'], lang)}",
        ]
        if meta["has_product"] and pd.notna(row["owner"]):
            facts.append(f"{t('owner', lang)}: {row['owner']}")
        blocks.append(BulletList(facts))
        ex = an["examples"].get(int(row[TOPIC_ID]), [])
        if ex:
            blocks.append(Paragraph("", strong=t("examples", lang)))
            blocks.append(BulletList([f"\u201c{e}\u201d" for e in ex]))

    blocks.append(Heading(t("emerging", lang)))
    em = an["emerging"]
    if em.empty:
        blocks.append(Paragraph(t("none", lang)))
    else:
        items = []
        for _, row in em.iterrows():
            owner = f" — {t('owner', lang)}: {row['owner']}" if pd.notna(row.get("owner")) else ""
            items.append(f"{row['label']}: {fmt_int(row['n_tickets'], lang)} {t('tickets', lang).lower()}{owner}")
        blocks.append(BulletList(items))
        for _, row in em.head(3).iterrows():
            ex = an["examples"].get(int(row[TOPIC_ID]), [])
            if ex:
                blocks.append(Paragraph(f"\u201c{ex[0]}\u201d", strong=f"{row['label']}:"))

    blocks.append(Heading(t("improved", lang)))
    imp = an["improved"]
    if imp.empty:
        blocks.append(Paragraph(t("none", lang)))
    else:
        blocks.append(Table(pd.DataFrame({
            t("topic", lang): imp["label"],
            t("this_month", lang): [fmt_int(v, lang) for v in imp["n_tickets"]],
            t("previous", lang): [fmt_int(v, lang) for v in imp["n_previous"]],
            t("change", lang): [fmt_pct(v, lang, signed=True) for v in imp["volume_change_pct"]],
            "CSAT Δ": [i18n.fmt_points(v, lang) for v in imp["csat_change"]],
        })))

    blocks.append(Heading(t("methods", lang)))
    blocks.append(Note(_methods_product(meta, lang)))
    return blocks


def _methods_product(meta: dict[str, Any], lang: str) -> str:
    n, r = fmt_int(meta["n_tickets"], lang), fmt_int(meta["n_rated"], lang)
    if lang == "pt":
        return (f"{n} tickets no mês; {fmt_int(meta['n_outlier'], lang)} sem tema. CSAT: {r} tickets avaliados nos "
                f"{meta['csat_months']} meses desde {i18n.month_name(meta['csat_from'], lang)} (média geral "
                f"{fmt_pct(meta['overall_csat'], lang)} na escala 0–100%); a diferença de CSAT compara "
                "o tema com todos os demais tickets avaliados (IC 95% por bootstrap reamostrando clientes). Churn: "
                f"{fmt_int(meta['n_customers'], lang)} clientes, {fmt_int(meta['n_churned'], lang)} cancelaram; um "
                f"cliente está exposto ao tema se abriu ticket nele nos {meta['churn_window_days']} dias antes do "
                "cancelamento ou do fim da observação; RR com IC de Katz e OR ajustado pelo volume de tickets do cliente. "
                f"Temas testados só com pelo menos {meta['min_sample_size']} observações; valores q de "
                "Benjamini–Hochberg entre todos os temas testados (q < 0,05 = significativo). \u201cAssociado\u201d "
                "significa que clientes/tickets do tema tiveram resultados piores: não demonstra que o tema causa a "
                "perda. Intervalos e volumes são estimativas.")
    return (f"{n} tickets this month; {fmt_int(meta['n_outlier'], lang)} fit no topic. CSAT: {r} rated tickets in the "
            f"{meta['csat_months']} months since {i18n.month_name(meta['csat_from'], lang)} (overall mean "
            f"{fmt_pct(meta['overall_csat'], lang)} on a 0–100% scale); the CSAT difference compares the "
            "topic with every other rated ticket (95% CI from a bootstrap resampling customers). Churn: "
            f"{fmt_int(meta['n_customers'], lang)} customers, {fmt_int(meta['n_churned'], lang)} churned; a customer is "
            f"exposed to a topic when they filed a ticket in it within {meta['churn_window_days']} days before churning "
            "or the end of observation; relative risk with a Katz CI and an odds ratio adjusted for the customer's ticket "
            f"count. Topics are tested only with at least {meta['min_sample_size']} observations; Benjamini–Hochberg "
            "q-values across all tested topics (q < 0.05 = significant). \u201cAssociated\u201d means customers or tickets "
            "in the topic had worse outcomes: it does not show that the topic causes them. Intervals and volumes are "
            "estimates.")


# ============================================================================ blocks: recurrence brief


def recurrence_brief(an: dict[str, Any], *, lang: str) -> list[Block]:
    """Blocks of the recurring-ticket reduction brief in ``lang``."""
    from vocmine.briefs import plots

    i18n.check_language(lang)
    an = localised(an, lang)
    meta, mom = an["meta"], an["mom"]
    month = i18n.month_name(meta["period"], lang)
    blocks: list[Block] = [Heading(t("recurrence_title", lang, month=month), level=1), Heading(t("summary", lang))]
    rate = fmt_pct(mom["repeat_rate"], lang)
    ci = fmt_interval(mom["repeat_rate_low"], mom["repeat_rate_high"], lang, scale=100).replace("+", "")
    prev = fmt_pct(mom["repeat_rate_previous"], lang)
    top = an["by_topic"].head(3)
    names = ", ".join(f"\u201c{x}\u201d" for x in top["label"])
    defl = an["deflection"]
    if lang == "pt":
        text = (f"Em {month}, {fmt_int(mom['repeat_tickets'], lang)} tickets foram recontatos (o mesmo cliente voltou "
                f"sobre o mesmo tema em até {meta['window_days']} dias): taxa de {rate} {ci}, contra {prev} no mês "
                f"anterior, consumindo {fmt_number(mom['repeat_hours'], lang, 0)} horas de agente. Os temas com mais "
                f"recontatos são {names or '–'}.")
        if len(defl):
            text += (f" {len(defl)} tema(s) são candidatos a autoatendimento, com potencial de "
                     f"{fmt_int(defl['tickets_low'].sum(), lang)}–{fmt_int(defl['tickets_high'].sum(), lang)} tickets "
                     f"e {fmt_number(defl['hours_low'].sum(), lang, 0)}–{fmt_number(defl['hours_high'].sum(), lang, 0)} "
                     "horas de agente por mês.")
    else:
        text = (f"In {month}, {fmt_int(mom['repeat_tickets'], lang)} tickets were repeat contacts (the same customer "
                f"came back on the same topic within {meta['window_days']} days): a rate of {rate} {ci}, against {prev} "
                f"the month before, costing {fmt_number(mom['repeat_hours'], lang, 0)} agent hours. The topics with the "
                f"most repeat contacts are {names or '–'}.")
        if len(defl):
            text += (f" {len(defl)} topic(s) are self-service candidates that could remove "
                     f"{fmt_int(defl['tickets_low'].sum(), lang)}–{fmt_int(defl['tickets_high'].sum(), lang)} tickets "
                     f"and {fmt_number(defl['hours_low'].sum(), lang, 0)}–{fmt_number(defl['hours_high'].sum(), lang, 0)} "
                     "agent hours a month.")
    blocks.append(Paragraph(text))

    blocks.append(Heading(t("repeat_rate", lang)))
    ov = an["overall"]
    if not ov.empty:
        fig = plots.trend_lines(ov.assign(rate=ov["repeat_rate"] * 100), period="period", value="rate", group=None,
                                ylabel=t("repeat_axis", lang), lang=lang, decimals=1, highlight=meta["period"])
        blocks.append(FigureBlock(fig, alt=t("repeat_axis", lang)))
    blocks.append(Heading(t("repeat_by_topic", lang)))
    bt = an["by_topic"].head(10)
    if bt.empty:
        blocks.append(Paragraph(t("none", lang)))
    else:
        fig = plots.interval_bars(bt, label="label", value="repeat_rate", low="repeat_rate_low",
                                  high="repeat_rate_high", xlabel=t("repeat_axis", lang), lang=lang, worse="high")
        blocks.append(FigureBlock(fig, alt=t("repeat_by_topic", lang)))
        blocks.append(Table(pd.DataFrame({
            t("topic", lang): bt["label"],
            t("tickets", lang): [fmt_int(v, lang) for v in bt["tickets"]],
            t("repeat_contacts", lang): [fmt_int(v, lang) for v in bt["repeat_tickets"]],
            t("repeat_rate", lang): [f"{fmt_pct(r, lang)} {fmt_interval(lo, hi, lang).replace('+', '')}"
                                     for r, lo, hi in zip(bt["repeat_rate"], bt["repeat_rate_low"],
                                                          bt["repeat_rate_high"], strict=True)],
            t("change", lang): [i18n.fmt_points(v, lang) for v in bt["repeat_rate_change"]],
            t("agent_hours", lang): [fmt_number(v, lang, 1) for v in bt["repeat_hours"]],
        })))
    if not an["trend"].empty:
        tr = an["trend"].assign(rate=an["trend"]["repeat_rate"] * 100)
        fig = plots.trend_lines(tr, period="period", value="rate", group="label", ylabel=t("repeat_axis", lang),
                                lang=lang, decimals=0, highlight=meta["period"])
        blocks.append(FigureBlock(fig, alt=t("repeat_axis", lang)))

    blocks.append(Heading(t("top_chains", lang)))
    ch = an["chains"]
    if ch.empty:
        blocks.append(Paragraph(t("none", lang)))
    else:
        blocks.append(Table(pd.DataFrame({
            t("topic", lang): ch["label"],
            t("chain_length", lang): [fmt_int(v, lang) for v in ch["n_tickets"]],
            t("span_days", lang): [fmt_number(v, lang, 1) for v in ch["span_days"]],
            t("agent_hours", lang): [fmt_number(v, lang, 1) for v in ch["hours"]],
            t("example", lang): [_short(x) for x in ch["example"]],
        })))

    blocks.append(Heading(t("duplicates", lang)))
    du = an["duplicates"]
    if du is None or du.empty:
        blocks.append(Paragraph(t("none", lang)))
    else:
        blocks.append(Table(pd.DataFrame({
            t("topic", lang): du["label"].fillna("–"),
            t("group_size", lang): [fmt_int(v, lang) for v in du["size"]],
            t("customers", lang): [fmt_int(v, lang) for v in du["n_customers"]],
            t("example", lang): [_short(x) for x in du["example"]],
        })))
    blocks.append(Heading(t("spikes", lang)))
    sp = an["spikes"]
    if sp is None or sp.empty:
        blocks.append(Paragraph(t("none", lang)))
    else:
        blocks.append(Table(pd.DataFrame({
            t("topic", lang): sp["label"],
            t("date", lang): [f"{pd.Timestamp(a):%Y-%m-%d} → {pd.Timestamp(b):%Y-%m-%d}"
                              for a, b in zip(sp["start"], sp["end"], strict=True)],
            t("observed", lang): [fmt_int(v, lang) for v in sp["n_tickets"]],
            t("expected", lang): [fmt_number(v, lang, 1) for v in sp["expected"]],
            t("customers", lang): [fmt_int(v, lang) for v in sp["n_customers"]],
        })))
    blocks.append(Heading(t("chronic", lang)))
    cr = an["chronic"]
    if cr.empty:
        blocks.append(Paragraph(t("none", lang)))
    else:
        blocks.append(Table(pd.DataFrame({
            t("topic", lang): cr["label"],
            t("tickets", lang): [fmt_int(v, lang) for v in cr["tickets"]],
            t("months_active", lang): [f"{int(a)}/{int(b)}" for a, b in zip(cr["months_present"], cr["months_total"],
                                                                            strict=True)],
            t("tickets_axis", lang): [fmt_number(v, lang, 1) for v in cr["mean_monthly"]],
        })))

    blocks.append(Heading(t("deflection", lang)))
    if defl.empty:
        blocks.append(Paragraph(t("none", lang)))
    else:
        blocks.append(Table(pd.DataFrame({
            t("topic", lang): defl["label"],
            t("tickets_axis", lang): [fmt_number(v, lang, 0) for v in defl["tickets_per_month"]],
            t("tickets_removed", lang): [f"{fmt_number(a, lang, 0)}–{fmt_number(b, lang, 0)}"
                                         for a, b in zip(defl["tickets_low"], defl["tickets_high"], strict=True)],
            t("hours_saved", lang): [f"{fmt_number(a, lang, 1)}–{fmt_number(b, lang, 1)}"
                                     for a, b in zip(defl["hours_low"], defl["hours_high"], strict=True)],
            "Score": [fmt_number(v, lang, 2) for v in defl["score"]],
        })))
        blocks.append(Paragraph(_assumptions(meta, lang), strong=t("assumptions", lang) + ":"))
        blocks.append(Heading(t("questions", lang), level=3))
        for tid, qs in an["questions"].items():
            lab = defl.loc[defl["topic"].astype(int) == tid, "label"]
            blocks.append(Paragraph("", strong=str(lab.iloc[0]) if len(lab) else str(tid)))
            blocks.append(BulletList(qs) if qs else Paragraph(t("none", lang)))

    blocks.append(Heading(t("mom_change", lang)))
    prev_n = mom["repeat_tickets_previous"]
    if prev_n is None:
        blocks.append(Paragraph(t("none", lang)))
    else:
        delta = mom["repeat_tickets"] - prev_n
        pct = delta / prev_n if prev_n else np.nan
        blocks.append(Paragraph(
            f"{t('this_month', lang)}: {fmt_int(mom['repeat_tickets'], lang)}; {t('previous', lang)}: "
            f"{fmt_int(prev_n, lang)}; {t('change', lang)}: {fmt_number(delta, lang, 0, signed=True)} "
            f"({fmt_pct(pct, lang, signed=True)})."))
    blocks.append(Heading(t("methods", lang)))
    blocks.append(Note(_methods_recurrence(meta, lang)))
    return blocks


def _short(text: Any, n: int = 160) -> str:
    if text is None or (isinstance(text, float) and np.isnan(text)) or text is pd.NA:
        return "–"
    one = " ".join(str(text).split())
    return one if len(one) <= n else one[: n - 1].rsplit(" ", 1)[0] + "…"


def _assumptions(meta: dict[str, Any], lang: str) -> str:
    lo, hi = fmt_pct(meta["share_low"], lang, 0), fmt_pct(meta["share_high"], lang, 0)
    if lang == "pt":
        return (f"entre {lo} e {hi} dos tickets do tema seriam resolvidos por autoatendimento (premissa, não medição); "
                "volume = média mensal dos últimos 3 meses; horas = tickets evitados × TMA médio do tema.")
    return (f"between {lo} and {hi} of the topic's tickets would be solved by self-service (an assumption, not a "
            "measurement); volume = monthly mean of the last 3 months; hours = avoided tickets × the topic's mean "
            "handle time.")


def _methods_recurrence(meta: dict[str, Any], lang: str) -> str:
    if lang == "pt":
        return (f"Recontato: ticket do mesmo cliente sobre o mesmo tema até {meta['window_days']} dias depois de outro; "
                "taxa com intervalo de Wilson 95%. Cadeias ligam recontatos sucessivos ao primeiro contato. "
                "Quase-duplicados: similaridade MinHash ≥ 0,8 entre textos anonimizados. Picos: janelas de 3 dias com "
                "volume ≥ 3× a linha de base (teste de Poisson). Temas crônicos: presentes em ≥ 75% dos meses com volume "
                "estável. Economias são faixas baseadas nas premissas indicadas, não previsões.")
    return (f"Repeat contact: a ticket from the same customer on the same topic within {meta['window_days']} days of "
            "another; rate with a 95% Wilson interval. Chains link successive repeats to the first contact. "
            "Near-duplicates: MinHash similarity ≥ 0.8 between redacted texts. Spikes: 3-day windows with volume ≥ 3× "
            "the baseline (Poisson test). Chronic topics: present in ≥ 75% of months with a steady volume. Savings are "
            "ranges from the stated assumptions, not forecasts.")


# ============================================================================ exploration


def exploration(data: Any, *, top_n: int = 8, **_ignored: Any) -> dict[str, Any]:
    """Frames for the analysts' exploration notebook.

    ``accounting`` (rows read/accepted/quarantined per file), ``volumes`` (tickets per month and
    channel), ``languages`` (tickets per month and language), ``topics`` (topic_id, label,
    keywords, n_tickets, share this month), ``examples`` (topic_id → redacted examples).
    """
    history, period = data.tickets, data.period
    current = history[history["period"] == period]
    names = topic_names(data)
    vol = history.groupby("period").size().rename("n_tickets").reset_index()
    chan = (history.assign(channel=history["channel"].fillna("unknown") if "channel" in history else "unknown")
            .groupby(["period", "channel"]).size().rename("n_tickets").reset_index())
    langs = (history.assign(language=history["language"].fillna("unknown") if "language" in history else "unknown")
             .groupby(["period", "language"]).size().rename("n_tickets").reset_index())
    sizes = current.groupby(TOPIC_ID).size().sort_values(ascending=False)
    topics = pd.DataFrame({TOPIC_ID: sizes.index.astype(int), "label": [names.get(int(i), str(i)) for i in sizes.index],
                           "n_tickets": sizes.to_numpy(), "share": (sizes / max(1, len(current))).to_numpy()})
    examples = {int(i): _examples(current, int(i)) for i in topics[TOPIC_ID].head(top_n)}
    return {"accounting": data.accounting, "volumes": vol, "channels": chan, "languages": langs, "topics": topics,
            "examples": examples, "period": period}


def exploration_blocks(ex: dict[str, Any], *, lang: str, top_n: int = 8) -> list[Block]:
    """Blocks of the exploration notebook (data quality, volumes, languages, topic map, drill-down)."""
    from vocmine.briefs import plots

    month = i18n.month_name(ex["period"], lang)
    blocks: list[Block] = [Heading(t("explore_title", lang, month=month), level=1), Heading(t("data_quality", lang))]
    acc = ex["accounting"]
    if acc is not None and not acc.empty:
        cols = [c for c in ("source_file", "file", "path", "rows_read", "rows_accepted", "rows_quarantined")
                if c in acc.columns]
        shown = acc[cols].copy()
        for c in ("rows_read", "rows_accepted", "rows_quarantined"):
            if c in shown:
                shown[c] = [fmt_int(v, lang) for v in shown[c]]
        shown = shown.rename(columns={"rows_read": t("rows_read", lang), "rows_accepted": t("rows_accepted", lang),
                                      "rows_quarantined": t("rows_quarantined", lang)})
        blocks.append(Table(shown))
    else:
        blocks.append(Paragraph(t("not_available", lang)))
    blocks.append(Heading(t("volumes", lang)))
    blocks.append(FigureBlock(plots.trend_lines(ex["channels"], period="period", value="n_tickets", group="channel",
                                                ylabel=t("tickets_axis", lang), lang=lang, highlight=ex["period"]),
                              alt=t("volumes", lang)))
    blocks.append(Heading(t("language_mix", lang)))
    blocks.append(FigureBlock(plots.trend_lines(ex["languages"], period="period", value="n_tickets", group="language",
                                                ylabel=t("tickets_axis", lang), lang=lang), alt=t("language_mix", lang)))
    blocks.append(Heading(t("topic_map", lang)))
    tp = ex["topics"][ex["topics"][TOPIC_ID] != OUTLIER_TOPIC].head(20)
    blocks.append(FigureBlock(plots.bars(tp, label="label", value="n_tickets", xlabel=t("volume_axis", lang), lang=lang),
                              alt=t("topic_map", lang)))
    blocks.append(Table(pd.DataFrame({
        "id": tp[TOPIC_ID], t("topic", lang): tp["label"], t("tickets", lang): [fmt_int(v, lang) for v in tp["n_tickets"]],
        t("share", lang): [fmt_pct(v, lang) for v in tp["share"]]})))
    blocks.append(Heading(t("drilldown", lang)))
    for tid in list(ex["examples"])[:top_n]:
        lab = ex["topics"].loc[ex["topics"][TOPIC_ID] == tid, "label"]
        blocks.append(Heading(str(lab.iloc[0]) if len(lab) else str(tid), level=3))
        blocks.append(BulletList([f"\u201c{e}\u201d" for e in ex["examples"][tid]] or [t("none", lang)]))
    return blocks
