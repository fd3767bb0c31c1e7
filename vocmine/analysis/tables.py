"""The language-neutral CSV tables a run publishes, from the period analyses."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from vocmine.analysis.product import product_analysis
from vocmine.analysis.recurrence import recurrence_analysis
from vocmine.schema import TOPIC_ID

__all__ = ["PeriodTables", "brief_tables", "period_analysis", "product_overview", "recurrence_overview",
           "topic_catalogue"]


class PeriodTables(dict):
    """A period's tables (name → frame, as :func:`brief_tables`) with what they were cut from:
    ``analyses`` (``"product"`` and ``"recurrence"``: the objects the briefs render) and ``data``
    (the :class:`~vocmine.run.data.PeriodData` read). Text, charts and CSVs all come from one object."""

    analyses: dict[str, Any]
    data: Any


def period_analysis(data: Any, **params: Any) -> PeriodTables:
    """The period's analyses computed once, and the tables cut from them (:class:`PeriodTables`)."""
    prod = product_analysis(data, **params)
    rec = recurrence_analysis(data, **params)
    out = PeriodTables(brief_tables(data, product=prod, recurrence=rec, **params))
    out.analyses, out.data = {"product": prod, "recurrence": rec}, data
    return out


def brief_tables(data: Any, *, product: dict[str, Any] | None = None, recurrence: dict[str, Any] | None = None,
                 **params: Any) -> dict[str, pd.DataFrame]:
    """Language-neutral tables published as CSV (name → frame), deterministic for equal inputs.
    ``product`` / ``recurrence``: the period's analyses when already computed (else computed here)."""
    prod = product if product is not None else product_analysis(data, **params)
    rec = recurrence if recurrence is not None else recurrence_analysis(data, **params)
    out = {
        "product_topics": prod["topics"],
        "product_emerging": prod["emerging"],
        "product_improved": prod["improved"],
        "product_decisions": _decision_items(prod["decisions"]),
        "product_overview": product_overview(prod),
        "topic_catalogue": topic_catalogue(data),
        "kpi_monthly": rec["kpis"],
        "repeat_overall": rec["overall"],
        "recurrence_overview": recurrence_overview(rec),
        "repeat_by_topic": rec["by_topic"],
        "repeat_chains": rec["chains"],
        "duplicate_groups": rec["duplicates"],
        "incident_spikes": rec["spikes"],
        "chronic_topics": rec["chronic"],
        "deflection_candidates": rec["deflection"],
        "help_center_questions": pd.DataFrame(
            [{TOPIC_ID: k, "language": lang, "rank": i + 1, "question": q}
             for lang, by_topic in rec["questions"].items() for k, qs in by_topic.items() for i, q in enumerate(qs)],
            columns=[TOPIC_ID, "language", "rank", "question"]),
    }
    return {k: _round(v) for k, v in out.items()}


def _round(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for col in out.columns:
        if pd.api.types.is_float_dtype(out[col]):
            out[col] = out[col].round(6)
    return out.reset_index(drop=True)


def _measures(rows: dict[str, Any]) -> pd.DataFrame:
    out = []
    for k, v in rows.items():
        if isinstance(v, bool) or v is None:
            continue
        if isinstance(v, int | float | np.integer | np.floating):
            out.append({"measure": k, "value": float(v)})
    return pd.DataFrame(out, columns=["measure", "value"])


def _decision_items(dec: pd.DataFrame) -> pd.DataFrame:
    """``product_decisions`` with the totals the box states per item (topics sharing a retention item add up)."""
    if dec.empty:
        return dec.assign(item_n_tickets=pd.Series(dtype=float), item_handle_hours=pd.Series(dtype=float))
    g = dec.groupby("item")
    return dec.assign(item_n_tickets=g["n_tickets"].transform("sum"), item_handle_hours=g["handle_hours"].transform("sum"))


def product_overview(prod: dict[str, Any]) -> pd.DataFrame:
    """The period's headline figures and the method's constants the product brief states, one row each
    (``measure``, ``value``): every number of the brief's text has a table behind it."""
    from vocmine.analysis.decisions import PRIORITY_WEIGHTS, SLA_GAP
    from vocmine.stats import ALPHA, MIN_RATIO, NEW_RATIO

    rows: dict[str, Any] = dict(prod["meta"])
    rows.update({"alpha": ALPHA, "ci_level": 0.95, "growing_min_ratio": MIN_RATIO, "new_min_ratio": NEW_RATIO,
                 "sla_gap": SLA_GAP, "score_component_max": 1.0,
                 **{f"priority_weight_{k}": v for k, v in PRIORITY_WEIGHTS.items()},
                 "n_top_topics": len(prod["top"]), "n_decisions": int(prod["decisions"]["item"].nunique())
                 if len(prod["decisions"]) else 0,
                 "n_top_csat_flagged": int(prod["top"]["csat_flag"].astype(bool).sum()) if len(prod["top"]) else 0,
                 "n_top_churn_flagged": int(prod["top"]["churn_flag"].astype(bool).sum()) if len(prod["top"]) else 0})
    if len(prod["top"]):
        top = prod["top"]
        rows["n_top_csat_higher"] = int(((top["csat_diff"] > 0) & (top["csat_q"] < ALPHA)).sum())
    return _measures(rows)


def recurrence_overview(rec: dict[str, Any]) -> pd.DataFrame:
    """The recurrence brief's headline figures (month-over-month repeat contacts, summed savings ranges)
    and the constants its methods note states (``measure``, ``value``)."""
    import inspect

    from vocmine.recurrence.chronic import chronic_topics, incident_spikes
    from vocmine.recurrence.duplicates import near_duplicates

    def default(fn: Any, name: str) -> Any:
        return inspect.signature(fn).parameters[name].default

    mom, meta, defl = rec["mom"], rec["meta"], rec["deflection"]
    rows: dict[str, Any] = {k: v for k, v in meta.items() if k != "assumptions"}
    rows.update({k: v for k, v in mom.items()})
    now, prev = mom.get("repeat_tickets"), mom.get("repeat_tickets_previous")
    if now is not None and prev is not None:
        rows["repeat_tickets_change"] = now - prev
        rows["repeat_tickets_change_pct"] = (now - prev) / prev if prev else np.nan
    if len(defl):
        for col in ("tickets_low", "tickets_high", "hours_low", "hours_high"):
            if col in defl:
                rows[f"deflection_{col}_total"] = float(defl[col].sum())
        rows["n_deflection_topics"] = len(defl)
    rows.update({"ci_level": 0.95, "duplicate_similarity": default(near_duplicates, "threshold"),
                 "spike_window_days": default(incident_spikes, "window_days"),
                 "spike_min_ratio": default(incident_spikes, "min_ratio"),
                 "chronic_share": default(chronic_topics, "chronic_share"), "savings_months": 3})
    return _measures(rows)


def topic_catalogue(data: Any) -> pd.DataFrame:
    """The period's topic catalogue as the briefs name it (curation applied): topic_id, label, label_pt,
    label_en, size, first_seen, last_seen. Keywords stay in the store (they may hold names)."""
    cols = [TOPIC_ID, "label", "label_pt", "label_en", "size", "first_seen", "last_seen"]
    cat = data.catalogue
    if cat is None or cat.empty:
        return pd.DataFrame(columns=cols)
    return cat.reindex(columns=cols).sort_values(TOPIC_ID, kind="mergesort")
