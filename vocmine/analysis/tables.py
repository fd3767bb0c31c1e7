"""The language-neutral CSV tables a run publishes, from the period analyses."""

from __future__ import annotations

from typing import Any

import pandas as pd

from vocmine.analysis.product import product_analysis
from vocmine.analysis.recurrence import recurrence_analysis
from vocmine.schema import TOPIC_ID

__all__ = ["brief_tables"]


def brief_tables(data: Any, **params: Any) -> dict[str, pd.DataFrame]:
    """Language-neutral tables published as CSV (name → frame), deterministic for equal inputs."""
    prod = product_analysis(data, **params)
    rec = recurrence_analysis(data, **params)
    out = {
        "product_topics": prod["topics"],
        "product_emerging": prod["emerging"],
        "product_improved": prod["improved"],
        "product_decisions": prod["decisions"],
        "kpi_monthly": rec["kpis"],
        "repeat_overall": rec["overall"],
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
