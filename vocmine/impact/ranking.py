"""One impact score per topic combining volume, CSAT points lost and churn association."""

from __future__ import annotations

import numpy as np
import pandas as pd

from vocmine.exceptions import ConfigError
from vocmine.impact._common import REASON_OUTLIER, is_outlier
from vocmine.schema import TOPIC_ID

__all__ = ["rank_topics", "DEFAULT_WEIGHTS"]

DEFAULT_WEIGHTS = {"volume": 1.0, "csat": 1.0, "churn": 1.0}


def _topic_col(*frames) -> str:
    for f in frames:
        if f is not None and f.attrs.get("topic_col"):
            return f.attrs["topic_col"]
    for f in frames:
        if f is not None and TOPIC_ID in f.columns:
            return TOPIC_ID
    raise ConfigError(
        "cannot tell the topic column: pass frames returned by csat_by_topic/churn_by_topic/kpis_by_topic"
    )


def _unit_max(x: pd.Series) -> pd.Series:
    """x / max(x) over positive values, 0 where x <= 0 or NaN."""
    x = x.fillna(0.0).clip(lower=0.0)
    top = x.max()
    return x / top if top > 0 else x * 0.0


def rank_topics(
    csat: pd.DataFrame | None,
    churn: pd.DataFrame | None,
    kpis: pd.DataFrame | None,
    *,
    min_n: int = 30,
    weights: dict[str, float] | None = None,
) -> pd.DataFrame:
    """Rank topics by impact. **This docstring is the single definition of the score.**

    Inputs are the frames returned by :func:`csat_by_topic`, :func:`churn_by_topic` and
    :func:`kpis_by_topic` (any may be ``None``; its component is then 0).

    Eligibility: a topic is ranked only when it is not the outlier topic and has at least
    ``min_n`` tickets (n_tickets summed over the KPI periods, else csat's n_tickets).

    Components, each in [0, 1] and computed over the eligible topics only:
        volume  = n_tickets / max n_tickets.
        csat    = csat_points_lost / max csat_points_lost, counted only when csat's
                  ``flag`` is True (significantly lower CSAT, BH q < alpha); else 0.
        churn   = log(adj_or) / max log(adj_or), counted only when churn's ``flag`` is True
                  (adjusted OR > 1 at BH q < alpha); else 0.
    score = Σ weights[k] · component[k] (default weights volume 1, csat 1, churn 1), so a
    topic that is the biggest, costs the most CSAT and has the strongest churn association
    scores 3. Non-significant effects add nothing: volume alone orders the rest. Ties
    are broken by n_tickets. ``rank`` is 1 for the highest score.

    Returns one row per topic seen in any input, columns:
        <topic_col>        topic value.
        n_tickets          tickets in the topic.
        csat_points_lost   from csat (NaN when absent).
        csat_flag          csat's flag (False when absent).
        churn_adj_or       adjusted odds ratio from churn (NaN when absent).
        churn_flag         churn's flag (False when absent).
        volume_component, csat_component, churn_component   the components above (NaN
                           when not ranked).
        score              weighted sum (NaN when not ranked).
        rank               1 = highest impact; NaN when not ranked.
        why_not_ranked     '' when ranked, else the reason (outlier topic / below min_n).
    Sorted by rank, then unranked topics.
    """
    w = {**DEFAULT_WEIGHTS, **(weights or {})}
    unknown = set(w) - set(DEFAULT_WEIGHTS)
    if unknown:
        raise ConfigError(f"unknown weight(s) {sorted(unknown)}; expected keys {sorted(DEFAULT_WEIGHTS)}")
    col = _topic_col(csat, churn, kpis)
    parts = []
    if kpis is not None:
        parts.append(kpis.groupby(col, sort=False)["n_tickets"].sum().rename("n_tickets"))
    if csat is not None:
        c = csat.set_index(col)
        if kpis is None:
            parts.append(c["n_tickets"])
        parts += [c["csat_points_lost"], c["flag"].rename("csat_flag")]
    if churn is not None:
        h = churn.set_index(col)
        parts += [h["adj_or"].rename("churn_adj_or"), h["flag"].rename("churn_flag")]
    if not parts:
        raise ConfigError("rank_topics needs at least one of csat, churn, kpis")
    df = pd.concat(parts, axis=1)
    df.index.name = col
    for name, default in (("n_tickets", 0), ("csat_points_lost", np.nan), ("churn_adj_or", np.nan)):
        if name not in df:
            df[name] = default
    df["n_tickets"] = df["n_tickets"].fillna(0).astype(int)
    for name in ("csat_flag", "churn_flag"):
        df[name] = df[name].astype("boolean").fillna(False).astype(bool) if name in df else False

    outlier = is_outlier(df.index.to_numpy())
    small = df["n_tickets"].to_numpy() < min_n
    eligible = ~outlier & ~small
    e = df[eligible]
    comp = pd.DataFrame(
        index=df.index, columns=["volume_component", "csat_component", "churn_component"], dtype=float
    )
    comp.loc[eligible, "volume_component"] = _unit_max(e["n_tickets"].astype(float)).to_numpy()
    comp.loc[eligible, "csat_component"] = _unit_max(
        e["csat_points_lost"].where(e["csat_flag"], 0.0)
    ).to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        log_or = np.log(e["churn_adj_or"].astype(float))
    comp.loc[eligible, "churn_component"] = _unit_max(log_or.where(e["churn_flag"], 0.0)).to_numpy()
    df = df.join(comp)
    df["score"] = (
        w["volume"] * df["volume_component"]
        + w["csat"] * df["csat_component"]
        + w["churn"] * df["churn_component"]
    )
    order = df[eligible].sort_values(["score", "n_tickets"], ascending=False, kind="stable").index
    df["rank"] = np.nan
    df.loc[order, "rank"] = np.arange(1, len(order) + 1, dtype=float)
    df["why_not_ranked"] = np.where(
        outlier,
        REASON_OUTLIER,
        np.where(small, [f"below min_n ({k} tickets < {min_n})" for k in df["n_tickets"]], ""),
    )
    df["why_not_ranked"] = df["why_not_ranked"].astype(object)
    df = df.reset_index()
    df = pd.concat([df[df["rank"].notna()].sort_values("rank"), df[df["rank"].isna()]], ignore_index=True)
    df.attrs.update(topic_col=col, weights=w, min_n=min_n)
    cols = [
        col,
        "n_tickets",
        "csat_points_lost",
        "csat_flag",
        "churn_adj_or",
        "churn_flag",
        "volume_component",
        "csat_component",
        "churn_component",
        "score",
        "rank",
        "why_not_ranked",
    ]
    return df[cols]
