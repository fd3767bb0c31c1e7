"""Helpers shared by the period analyses: period arithmetic, topic names per language, owners, examples."""

from __future__ import annotations

from typing import Any

import pandas as pd

from vocmine.schema import OUTLIER_TOPIC, TOPIC_ID, TOPIC_LABEL

__all__ = ["has_customers", "has_handle_time", "ALL", "EXAMPLE_CHARS", "localised", "topic_names"]

ALL = "__all__"
EXAMPLE_CHARS = 220


# ============================================================================ helpers


def _period_end(period: str) -> pd.Timestamp:
    return (pd.Period(period, "M") + 1).to_timestamp().tz_localize("UTC") - pd.Timedelta(seconds=1)


def _previous(period: str) -> str:
    return str(pd.Period(period, "M") - 1)


def has_customers(tickets: pd.DataFrame) -> bool:
    """True when the export carries at least one customer id (repeat rates and churn need them)."""
    if "customer_id" not in tickets.columns:
        return False
    ids = tickets["customer_id"].astype("string").str.strip()
    return bool((ids.notna() & (ids != "")).any())


def has_handle_time(tickets: pd.DataFrame) -> bool:
    """True when at least one ticket has a handle time (``handle_minutes``): agent hours are then
    measured; without any they are unknown, not zero, and the briefs leave them out."""
    if "handle_minutes" not in tickets.columns:
        return False
    return bool(pd.to_numeric(tickets["handle_minutes"], errors="coerce").notna().any())


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
    """``n`` short redacted examples of a topic (most typical first: highest topic_prob), from
    ``text_quote`` when present (:mod:`vocmine.analysis.quotes`), else ``text_display``."""
    from vocmine.analysis.quotes import quote_column

    col = quote_column(tickets)
    if col not in tickets.columns:
        return []
    df = tickets[(tickets[TOPIC_ID] == topic) & tickets[col].notna()].copy()
    if df.empty:
        return []
    df["_prob"] = df["topic_prob"] if "topic_prob" in df.columns else 0.0
    df["_len"] = df[col].str.len()
    df = df[df["_len"] >= 20] if (df["_len"] >= 20).any() else df
    df = df.sort_values(["_prob", "ticket_id"], ascending=[False, True], kind="mergesort")
    out, seen = [], set()
    for text in df[col]:
        one = " ".join(str(text).split())
        short = one if len(one) <= EXAMPLE_CHARS else one[: EXAMPLE_CHARS - 1].rsplit(" ", 1)[0] + "…"
        if short.lower() not in seen:
            out.append(short)
            seen.add(short.lower())
        if len(out) == n:
            break
    return out
