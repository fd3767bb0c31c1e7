"""Deflection potential: which topics a help-center article, a bot or a product fix could remove,
and the questions such an article should answer."""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
import pandas as pd

from vocmine.exceptions import ConfigError, SchemaError
from vocmine.recurrence._common import display_column, period_labels, utc_times
from vocmine.schema import CREATED_AT, OUTLIER_TOPIC, TEXT_DISPLAY, TICKET_ID, TOPIC_ID, require_columns

HANDLE_MINUTES = "handle_minutes"

# how-to phrasing, Portuguese (with and without accents, common slang) and English
HOWTO = re.compile(
    r"(?:\bcomo\s+(?:fa[cç]o|fazer|posso|eu|que|altero|alterar|mudo|mudar|troco|trocar|configur|cancel|"
    r"emito|emitir|gero|gerar|acesso|acessar|consigo|vejo|ver)\b|\bonde\s+(?:fica|vejo|encontro|acho|est[aá]|"
    r"posso|consigo)\b|\b[eé]\s+poss[ií]vel\b|\bd[aá]\s+pra\b|\btem\s+como\b|\bqual\s+(?:o|a)\s+"
    r"(?:passo|caminho|prazo|procedimento)\b|\bpasso\s+a\s+passo\b|\bhow\s+(?:do|can|to|should|does)\b|"
    r"\bwhere\s+(?:can|do|is|are|should)\b|\bis\s+(?:it|there)\s+(?:possible|a\s+way)\b|"
    r"\bcan\s+i\b|\bwhat\s+(?:is|are)\s+the\s+steps\b|\bstep\s+by\s+step\b)",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_QUESTION_END = re.compile(r"\?\s*$")
_PLACEHOLDER_ONLY = re.compile(r"^[\W\d_]*$")

DEFAULT_WEIGHTS = {"howto": 0.4, "repeat": 0.25, "short": 0.2, "stable": 0.15}


def howto_share(texts: pd.Series) -> float:
    """Share of texts with how-to phrasing (see ``HOWTO``); NaN for no texts."""
    if len(texts) == 0:
        return float("nan")
    return float(texts.fillna("").astype(str).str.contains(HOWTO).mean())


def _select_months(per: pd.Series, months) -> pd.Series:
    """Boolean mask of rows in the requested months (None = all, int = last N months, list = those)."""
    if months is None:
        return pd.Series(True, index=per.index)
    if isinstance(months, int):
        if months < 1:
            raise ConfigError(f"months must be >= 1, got {months}")
        keep = sorted(per.unique())[-months:]
        return per.isin(keep)
    if isinstance(months, str):
        months = [months]
    return per.isin(list(months))


def deflection_candidates(
    tickets: pd.DataFrame,
    repeats: pd.DataFrame | None = None,
    *,
    topic_col: str = TOPIC_ID,
    text_col: str = TEXT_DISPLAY,
    months: int | Iterable[str] | None = None,
    share_range: tuple[float, float] = (0.2, 0.5),
    weights: dict[str, float] | None = None,
    repeat_ref: float = 0.3,
    min_tickets: int = 10,
    min_score: float = 0.4,
    include_outlier: bool = False,
) -> pd.DataFrame:
    """Self-service score per topic and the tickets and agent hours a month it could save.

    **Score** in [0, 1], a weighted mean (``weights``, default ``DEFAULT_WEIGHTS``) of four
    components, each in [0, 1]:

    - ``howto``: share of the topic's tickets with how-to phrasing in ``text_col`` ("como faço",
      "onde vejo", "é possível", "how do I", "where can I", "is it possible", ...);
    - ``repeat``: repeat rate from ``repeats`` (:func:`find_repeats`) divided by ``repeat_ref``,
      capped at 1 (0 when ``repeats`` is None);
    - ``short``: ``1 - median handle / (2 x median handle of all tickets)``, clipped to [0, 1]
      (short tickets are simple answers);
    - ``stable``: ``1 / (1 + cv)`` of handle minutes (similar tickets get similar answers).

    **Savings** are a range, never a point: ``tickets_per_month`` (tickets in the selected
    ``months`` / number of those months) x a plausible deflected share from ``share_range``;
    hours = deflected tickets x mean handle minutes / 60. ``share_range`` is an assumption, not a
    measurement; the text of every assumption is in the ``assumptions`` column and in
    ``attrs["assumptions"]``. ``months`` is None (all tickets; the number of months is the elapsed
    span first to last ticket in months of 30.44 days, rounded to 0.1, at least 1, so a few hours
    that spill into the next UTC month do not count as a month), an int (last N UTC months
    present) or a list of 'YYYY-MM' periods (the number of months is then those present).

    ``suggested_action``: ``"help-center article"`` when how-to share >= 0.3, else ``"product fix"``
    when the repeat rate >= ``repeat_ref`` (people come back: the answer does not solve it), else
    ``"bot / macro"`` when ``short`` and ``stable`` are both >= 0.5, else ``"review"``.

    Columns (one row per topic with >= ``min_tickets`` tickets, highest score first):
    ``topic``, ``tickets``, ``months``, ``tickets_per_month``, ``median_handle_minutes``,
    ``mean_handle_minutes``, ``cv_handle``, ``howto_share``, ``repeat_rate``, ``score_howto``,
    ``score_repeat``, ``score_short``, ``score_stable``, ``score``, ``is_candidate``
    (score >= ``min_score``), ``suggested_action``, ``tickets_low``, ``tickets_high``
    (deflectable tickets a month), ``hours_low``, ``hours_high`` (agent hours a month),
    ``assumptions``.
    """
    lo_share, hi_share = share_range
    if not 0 <= lo_share <= hi_share <= 1:
        raise ConfigError(f"share_range must satisfy 0 <= low <= high <= 1, got {share_range!r}")
    w = dict(DEFAULT_WEIGHTS if weights is None else weights)
    if set(w) != set(DEFAULT_WEIGHTS) or sum(w.values()) <= 0:
        raise ConfigError(f"weights must have keys {sorted(DEFAULT_WEIGHTS)} with a positive sum, got {w!r}")
    require_columns(tickets, [TICKET_ID, CREATED_AT, topic_col], what="tickets")
    texts = display_column(tickets, text_col)
    per = period_labels(utc_times(tickets), "M") if len(tickets) else pd.Series([], dtype="str")
    handle = (tickets[HANDLE_MINUTES].astype(float) if HANDLE_MINUTES in tickets.columns
              else pd.Series(np.nan, index=tickets.index))
    df = pd.DataFrame({"ticket_id": tickets[TICKET_ID].astype(str).to_numpy(),
                       "topic": tickets[topic_col].to_numpy(), "period": per.to_numpy(),
                       "handle": handle.to_numpy(), "howto": texts.fillna("").str.contains(HOWTO).to_numpy()})
    if repeats is not None:
        require_columns(repeats, [TICKET_ID, "is_repeat"], what="repeats")
        rep = pd.Series(repeats["is_repeat"].astype(bool).to_numpy(), index=repeats[TICKET_ID].astype(str))
        df["repeat"] = df["ticket_id"].map(rep).astype(float)
    else:
        df["repeat"] = np.nan
    df = df[_select_months(df["period"], months).to_numpy()]
    if months is None and len(df):  # elapsed span: a few hours spilling into a next UTC month are no month
        ts = utc_times(tickets)
        n_months = max(1.0, round((ts.max() - ts.min()) / pd.Timedelta(days=365.25 / 12), 1))
    else:
        n_months = df["period"].nunique()
    assumptions = (
        f"deflectable share {lo_share:.0%}-{hi_share:.0%} of a topic's tickets (assumed, not measured); "
        f"volume = tickets / {n_months:g} month(s) observed; hours = deflected tickets x mean handle "
        "minutes / 60; handle time as recorded (unknown handle time counts as 0 hours); a product fix may "
        "remove more, an article less for customers who do not search"
    )
    df = df.dropna(subset=["topic"])
    if not include_outlier:
        df = df[df["topic"] != OUTLIER_TOPIC]
    overall_median = float(np.nanmedian(df["handle"])) if df["handle"].notna().any() else float("nan")
    g = df.groupby("topic", sort=True)
    out = g.agg(tickets=("ticket_id", "size"), median_handle_minutes=("handle", "median"),
                mean_handle_minutes=("handle", "mean"), sd_handle=("handle", "std"),
                howto_share=("howto", "mean"), repeat_rate=("repeat", "mean")).reset_index()
    out = out[out["tickets"] >= min_tickets].copy()
    out["months"] = n_months
    out["tickets_per_month"] = out["tickets"] / max(n_months, 1)
    out["cv_handle"] = out["sd_handle"] / out["mean_handle_minutes"].where(out["mean_handle_minutes"] > 0)
    out["score_howto"] = out["howto_share"].astype(float).clip(0, 1)
    out["score_repeat"] = (out["repeat_rate"].astype(float) / repeat_ref).clip(0, 1).fillna(0.0)
    if overall_median == overall_median and overall_median > 0:
        out["score_short"] = (1 - out["median_handle_minutes"] / (2 * overall_median)).clip(0, 1).fillna(0.0)
    else:
        out["score_short"] = 0.0
    out["score_stable"] = (1 / (1 + out["cv_handle"])).fillna(0.0).clip(0, 1)
    total_w = sum(w.values())
    out["score"] = sum(w[k] * out[f"score_{k}"] for k in DEFAULT_WEIGHTS) / total_w
    out["is_candidate"] = out["score"] >= min_score
    action = np.full(len(out), "review", dtype=object)
    bot = (out["score_short"] >= 0.5) & (out["score_stable"] >= 0.5)
    action[bot.to_numpy()] = "bot / macro"
    action[(out["repeat_rate"].fillna(0) >= repeat_ref).to_numpy()] = "product fix"
    action[(out["howto_share"] >= 0.3).to_numpy()] = "help-center article"
    out["suggested_action"] = action
    mean_h = out["mean_handle_minutes"].fillna(0.0)
    out["tickets_low"] = out["tickets_per_month"] * lo_share
    out["tickets_high"] = out["tickets_per_month"] * hi_share
    out["hours_low"] = out["tickets_low"] * mean_h / 60
    out["hours_high"] = out["tickets_high"] * mean_h / 60
    out["assumptions"] = assumptions
    cols = ["topic", "tickets", "months", "tickets_per_month", "median_handle_minutes", "mean_handle_minutes",
            "cv_handle", "howto_share", "repeat_rate", "score_howto", "score_repeat", "score_short",
            "score_stable", "score", "is_candidate", "suggested_action", "tickets_low", "tickets_high",
            "hours_low", "hours_high", "assumptions"]
    out = out.sort_values(["score", "tickets"], ascending=[False, False], kind="stable")
    out = out[cols].reset_index(drop=True)
    out.attrs.update(assumptions=assumptions, share_range=share_range, weights=w, months=n_months)
    return out


def _sentences(text: str) -> list[str]:
    return [s.strip(" \t-•*>\"'") for s in _SENTENCE.split(text) if s and s.strip()]


def top_questions(
    tickets: pd.DataFrame,
    topic,
    *,
    topic_col: str = TOPIC_ID,
    text_col: str = TEXT_DISPLAY,
    n: int = 5,
    min_words: int = 3,
    max_words: int = 40,
) -> pd.DataFrame:
    """The questions a help-center article on ``topic`` should answer, from redacted text.

    Sentences of ``text_col`` (must be redacted: raw text columns are refused) from the topic's
    tickets are kept when they look like questions (end with "?" or have how-to phrasing) and have
    ``min_words``..``max_words`` words. Near-identical sentences are deduplicated (case, accents
    kept, punctuation and spaces normalised). Each distinct question is scored by its TF-IDF
    cosine to the centroid of all questions (centrality) x log(1 + tickets asking it); the top
    ``n`` are returned, best first.

    Columns: ``rank`` (1..n), ``question`` (redacted sentence), ``n_tickets`` (tickets with that
    sentence), ``centrality`` (cosine to the centroid, 0..1), ``example_ticket_id``.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    require_columns(tickets, [TICKET_ID, topic_col], what="tickets")
    if text_col not in tickets.columns:
        display_column(tickets, text_col)  # raises for raw columns
        raise SchemaError(f"tickets has no column {text_col!r}; run vocmine.text.clean_frame first")
    cols = ["rank", "question", "n_tickets", "centrality", "example_ticket_id"]
    sub = tickets[tickets[topic_col] == topic]
    texts = display_column(sub, text_col).fillna("")
    rows = []
    for tid, text in zip(sub[TICKET_ID].astype(str), texts):
        for s in _sentences(text):
            words = s.split()
            if not (min_words <= len(words) <= max_words) or _PLACEHOLDER_ONLY.match(s):
                continue
            if _QUESTION_END.search(s) or HOWTO.search(s):
                rows.append((tid, s))
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in cols})
    q = pd.DataFrame(rows, columns=["ticket_id", "question"])
    q["key"] = q["question"].str.casefold().str.replace(r"[^\w\s]", " ", regex=True).str.split().str.join(" ")
    grouped = q.groupby("key", sort=False).agg(question=("question", "first"),
                                              n_tickets=("ticket_id", "nunique"),
                                              example_ticket_id=("ticket_id", "first")).reset_index()
    try:
        x = TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2)).fit_transform(grouped["key"])
    except ValueError:
        grouped["centrality"] = 0.0
    else:
        weights = grouped["n_tickets"].to_numpy(dtype=float)
        centroid = normalize(np.asarray(x.T @ weights).reshape(1, -1))
        grouped["centrality"] = np.asarray(x @ centroid.T).ravel()
    grouped["_score"] = grouped["centrality"] * np.log1p(grouped["n_tickets"])
    grouped = grouped.sort_values(["_score", "n_tickets", "question"], ascending=[False, False, True],
                                  kind="stable").head(n)
    grouped["rank"] = np.arange(1, len(grouped) + 1)
    return grouped[cols].reset_index(drop=True)
