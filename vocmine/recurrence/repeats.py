"""Repeat contacts: the same customer coming back about the same thing within a few days.

Rules (shared by every function here):

* Times are compared in UTC and windows are **elapsed time**: ``window_days=7`` means
  ``0 <= later - earlier <= 7 * 24 h`` (inclusive at exactly the boundary; one second more
  is not a repeat). Offsets in the export (``-03:00``, ``+00:00``) do not matter: the same
  instant written in two offsets is the same time. No calendar-day or DST arithmetic.
* Order is ``(created_at, ticket_id)``: two tickets with the same timestamp are ordered by
  ticket id (string order), so the later id is the repeat of the earlier one (gap 0 days).
* Missing, empty or blank customer ids never match anything (not even each other).
* The outlier topic (``OUTLIER_TOPIC``) and a missing topic never match by topic (they
  are not a topic); they can still match by text when ``text_col`` is given.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from vocmine.exceptions import ConfigError
from vocmine.impact.intervals import wilson_interval
from vocmine.recurrence._common import (
    ALL,
    NS_PER_DAY,
    customer_keys,
    display_column,
    epoch_ns,
    period_labels,
    ticket_ids,
    utc_times,
)
from vocmine.schema import (
    CREATED_AT,
    CUSTOMER_ID,
    OUTLIER_TOPIC,
    TEXT_DISPLAY,
    TEXT_MODEL,
    TICKET_ID,
    TOPIC_ID,
    require_columns,
)

HANDLE_MINUTES = "handle_minutes"

REPEAT_COLUMNS = (
    TICKET_ID, CUSTOMER_ID, "topic", CREATED_AT, "is_repeat", "prev_ticket_id", "match",
    "days_since_prev", "chain_id", "chain_position", "chain_size",
)


def _topic_codes(topic: pd.Series) -> np.ndarray:
    """Integer code per topic; -1 for missing and for the outlier topic (never matches)."""
    codes, _ = pd.factorize(topic.astype(object), use_na_sentinel=True)
    codes = np.asarray(codes, dtype=np.int64)
    outlier = (topic.astype(object) == OUTLIER_TOPIC).to_numpy(dtype=bool)
    codes[outlier] = -1
    return codes


def _same_topic_prev(cust: np.ndarray, topic: np.ndarray, t: np.ndarray, rank: np.ndarray,
                     window_ns: int) -> np.ndarray:
    """Index of the previous ticket of the same customer and topic within the window, else -1."""
    n = len(t)
    prev = np.full(n, -1, dtype=np.int64)
    ok = (cust >= 0) & (topic >= 0)
    idx = np.flatnonzero(ok)
    if len(idx) < 2:
        return prev
    order = idx[np.lexsort((rank[idx], topic[idx], cust[idx]))]
    a, b = order[:-1], order[1:]
    link = (cust[a] == cust[b]) & (topic[a] == topic[b]) & (t[b] - t[a] <= window_ns)
    prev[b[link]] = a[link]
    return prev


def _text_prev(cust: np.ndarray, t: np.ndarray, rank: np.ndarray, texts: pd.Series, window_ns: int,
               threshold: float, max_lag: int) -> tuple[np.ndarray, np.ndarray]:
    """Most recent earlier ticket of the same customer within the window whose TF-IDF cosine >= threshold.

    Returns (prev index or -1, cosine of that pair or NaN). Only the ``max_lag`` most recent
    earlier tickets of the customer are compared (bounds the work for bot-like customers).
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    n = len(t)
    prev = np.full(n, -1, dtype=np.int64)
    best_cos = np.full(n, np.nan)
    idx = np.flatnonzero(cust >= 0)
    if len(idx) < 2:
        return prev, best_cos
    order = idx[np.lexsort((rank[idx], cust[idx]))]
    pairs_a, pairs_b = [], []
    for k in range(1, max_lag + 1):
        if len(order) <= k:
            break
        a, b = order[:-k], order[k:]
        valid = (cust[a] == cust[b]) & (t[b] - t[a] <= window_ns)
        if not valid.any():
            break
        pairs_a.append(a[valid])
        pairs_b.append(b[valid])
    if not pairs_a:
        return prev, best_cos
    pa, pb = np.concatenate(pairs_a), np.concatenate(pairs_b)
    involved = np.unique(np.concatenate([pa, pb]))
    docs = texts.iloc[involved].fillna("").astype(str).tolist()
    try:
        matrix = TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2), min_df=1).fit_transform(docs)
    except ValueError:  # empty vocabulary (all texts empty)
        return prev, best_cos
    pos = np.full(n, -1, dtype=np.int64)
    pos[involved] = np.arange(len(involved))
    cos = np.asarray(matrix[pos[pa]].multiply(matrix[pos[pb]]).sum(axis=1)).ravel()
    keep = cos >= threshold
    pa, pb, cos = pa[keep], pb[keep], cos[keep]
    if len(pa):
        # most recent similar earlier ticket: largest rank of a per b
        o = np.lexsort((rank[pa], pb))
        pa, pb, cos = pa[o], pb[o], cos[o]
        last = np.r_[pb[1:] != pb[:-1], True]
        prev[pb[last]] = pa[last]
        best_cos[pb[last]] = cos[last]
    return prev, best_cos


def _chains(parent: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Root index and depth (0 = root) of each node of a forest given parent pointers (-1 = root)."""
    n = len(parent)
    p = np.where(parent >= 0, parent, np.arange(n))
    d = (parent >= 0).astype(np.int64)
    while True:
        pp = p[p]
        if np.array_equal(pp, p):
            break
        d = d + d[p]
        p = pp
    return p, d


def find_repeats(
    tickets: pd.DataFrame,
    *,
    topic_col: str = TOPIC_ID,
    window_days: float = 7,
    text_col: str | None = None,
    text_similarity: float = 0.8,
    max_lag: int = 20,
    double_submit_minutes: float | None = 60,
) -> pd.DataFrame:
    """Flag repeat contacts and link them into chains.

    A ticket is a **repeat** when the same customer opened another ticket on the same topic
    within ``window_days`` **before** it (elapsed time, inclusive, see the module docstring).
    With ``text_col`` (e.g. ``"text_model"``), a ticket is also a repeat when an earlier
    ticket of the same customer within the window, on any topic, has a TF-IDF cosine
    similarity (word 1-2 grams, sublinear tf) >= ``text_similarity``; only the ``max_lag``
    most recent earlier tickets of the customer are compared. The previous ticket is the most
    recent same-topic one when there is one, else the most recent similar one.

    **Double submits** are not repeats: a ticket whose text is identical (after normalisation,
    :func:`~vocmine.recurrence.duplicate_key`) to an earlier ticket of the same customer at most
    ``double_submit_minutes`` before it is the same contact sent twice (a double click, a form
    resent). It gets ``is_double_submit = True``, ``is_repeat = False``, ``match =
    "double_submit"``, the original as ``prev_ticket_id``, and the original's chain and position;
    it does not count in ``chain_size`` and never matches later tickets. The text compared is
    ``text_col`` when given, else ``text_model`` or ``text_display`` when present; without any
    text column (or with ``double_submit_minutes=None``) nothing is a double submit; empty texts never are.

    **Chains** follow ``prev_ticket_id`` links back to a first contact: a repeat of a repeat
    stays in the same chain as long as each gap is within the window. With text matching a
    chain may branch (two repeats of one ticket); ``chain_position`` is then the depth.

    Returns one row per input ticket, in input order (index 0..n-1), with columns:

    - ``ticket_id`` (str)
    - ``customer_id`` (str or <NA>; blank ids become <NA>)
    - ``topic``: the value of ``tickets[topic_col]``
    - ``created_at``: UTC timestamp
    - ``is_repeat`` (bool)
    - ``prev_ticket_id`` (str or <NA>): the ticket this one repeats
    - ``match`` (str or <NA>): ``"topic"``, ``"text"`` or ``"double_submit"``: how the previous
      ticket was matched
    - ``is_double_submit`` (bool)
    - ``days_since_prev`` (float, elapsed days to ``prev_ticket_id``; NaN when there is none)
    - ``chain_id`` (str): ticket id of the chain's first contact (a lone ticket is its own chain)
    - ``chain_position`` (int): 1 for the first contact, 2 for its repeat, ...
    - ``chain_size`` (int): contacts in the chain, double submits excluded (1 = no repeat followed)

    ``attrs`` records ``window_days``, ``topic_col``, ``text_col`` and ``text_similarity``.
    """
    if window_days < 0:
        raise ConfigError(f"window_days must be >= 0, got {window_days!r}")
    cols = [TICKET_ID, CREATED_AT, topic_col] + ([text_col] if text_col else [])
    require_columns(tickets, cols, what="tickets")
    n = len(tickets)
    ids = ticket_ids(tickets)
    ts = utc_times(tickets) if n else pd.Series([], dtype="datetime64[ns, UTC]")
    t = epoch_ns(ts) if n else np.zeros(0, dtype=np.int64)
    cust_s = customer_keys(tickets)
    cust = np.asarray(pd.factorize(cust_s.astype(object), use_na_sentinel=True)[0], dtype=np.int64)
    topic = _topic_codes(tickets[topic_col])
    window_ns = int(round(window_days * NS_PER_DAY))

    # global order (created_at, ticket_id) as a rank: ties broken by ticket id
    rank = np.empty(n, dtype=np.int64)
    rank[np.lexsort((ids.astype(str), t))] = np.arange(n)

    # double submits: same customer, identical text, within double_submit_minutes
    dprev = np.full(n, -1, dtype=np.int64)
    dcol = text_col or next((c for c in (TEXT_MODEL, TEXT_DISPLAY) if c in tickets.columns), None)
    if dcol and double_submit_minutes is not None and n:
        from vocmine.recurrence.duplicates import duplicate_key

        key = np.asarray(pd.factorize(duplicate_key(tickets[dcol]))[0], dtype=np.int64)
        key[tickets[dcol].fillna("").astype(str).str.strip().eq("").to_numpy()] = -1  # empty: no evidence
        dprev = _same_topic_prev(cust, key, t, rank, int(round(double_submit_minutes * 60 * 10**9)))
    dbl = dprev >= 0
    link_cust = np.where(dbl, -1, cust)

    prev = _same_topic_prev(link_cust, topic, t, rank, window_ns)
    match = np.where(prev >= 0, "topic", None).astype(object)
    if text_col and n:
        tprev, _ = _text_prev(link_cust, t, rank, tickets[text_col], window_ns, text_similarity, max_lag)
        use = (prev < 0) & (tprev >= 0)
        prev[use] = tprev[use]
        match[use] = "text"

    root, depth = _chains(prev)
    if dbl.any():  # a double submit takes the chain and position of its original
        orig = np.where(dbl, dprev, np.arange(n))
        while dbl[orig].any():
            orig = np.where(dbl[orig], dprev[orig], orig)
        root, depth = root[orig], depth[orig]
        prev = np.where(dbl, dprev, prev)
        match[dbl] = "double_submit"
    size = np.bincount(root[~dbl], minlength=n)[root] if n else np.zeros(0, dtype=np.int64)
    linked = prev >= 0
    is_rep = linked & ~dbl
    days = np.full(n, np.nan)
    days[linked] = (t[linked] - t[prev[linked]]) / NS_PER_DAY
    prev_ids = np.where(linked, ids[np.where(linked, prev, 0)] if n else ids, None)

    out = pd.DataFrame({
        TICKET_ID: pd.array(ids, dtype="str"),
        CUSTOMER_ID: cust_s.to_numpy(),
        "topic": tickets[topic_col].to_numpy(),
        CREATED_AT: ts.to_numpy() if n else ts,
        "is_repeat": is_rep,
        "prev_ticket_id": pd.array(prev_ids, dtype="str"),
        "match": pd.array(match, dtype="str"),
        "is_double_submit": dbl,
        "days_since_prev": days,
        "chain_id": pd.array(ids[root] if n else ids, dtype="str"),
        "chain_position": (depth + 1).astype(np.int64),
        "chain_size": size.astype(np.int64),
    })
    out[CUSTOMER_ID] = out[CUSTOMER_ID].astype("str")
    out[CREATED_AT] = pd.to_datetime(out[CREATED_AT], utc=True)
    out.attrs.update(window_days=window_days, topic_col=topic_col, text_col=text_col,
                     text_similarity=text_similarity, double_submit_minutes=double_submit_minutes)
    return out


def _cell_stats(df: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    g = df.groupby(keys, sort=True, dropna=False, observed=True)
    out = g.agg(
        tickets=(TICKET_ID, "size"),
        repeat_tickets=("is_repeat", "sum"),
        double_submits=("_dbl", "sum"),
        first_contacts=("_first", "sum"),
        chains=("_chain_start", "sum"),
        extra_tickets=("_extra", "sum"),
        customers_affected=("_rep_customer", "nunique"),
        repeat_hours=("_rep_hours", "sum"),
        last_at=(CREATED_AT, "max"),
    ).reset_index()
    return out


def repeat_summary(
    repeats: pd.DataFrame,
    tickets: pd.DataFrame | None = None,
    *,
    topic_col: str = TOPIC_ID,
    period: str = "M",
    overall: bool = True,
) -> pd.DataFrame:
    """Repeat-contact figures per topic and period (from :func:`find_repeats` output).

    ``tickets`` (optional) supplies ``handle_minutes`` for the hours column (joined on
    ``ticket_id``); ``topic_col`` is used only when ``repeats`` has no ``topic`` column.
    With ``overall=True`` the frame also has rows with ``topic == "__all__"`` (all topics),
    ``period == "__all__"`` (whole range) and both; the ``topic`` column is then of object dtype.

    Columns (one row per topic x period):

    - ``topic``, ``period`` ('YYYY-MM' for ``period="M"``: the tickets' ``period`` column when they carry one, else UTC)
    - ``window_days``: the repeat window used by ``find_repeats``
    - ``tickets``: tickets created in the cell
    - ``repeat_tickets``: tickets in the cell that are repeats (each one is an extra contact)
    - ``repeat_rate`` = repeat_tickets / tickets, with ``repeat_rate_low`` / ``repeat_rate_high``
      (Wilson 95% interval, statsmodels)
    - ``double_submits``: tickets in the cell that are double submits (same contact sent twice)
    - ``first_contacts``: tickets in the cell that are neither repeats nor double submits
    - ``chains``: first contacts in the cell followed by at least one repeat
    - ``extra_tickets``: repeats caused by those first contacts (sum of chain size - 1; the
      repeats may fall in later periods)
    - ``customers_affected``: distinct customers with a repeat ticket in the cell
    - ``repeat_hours``: agent hours spent on the cell's repeat tickets (handle_minutes / 60;
      0 when handle time is unknown)
    - ``fcr`` first-contact resolution = 1 - chains / first_contacts, with ``fcr_low`` /
      ``fcr_high`` (Wilson 95%)
    - ``complete`` (bool): every ticket in the cell had a full repeat window of observed time
      after it (last ticket of the cell + window <= last ticket in the data); when False,
      ``fcr`` is biased upwards and ``extra_tickets`` downwards (repeats may still come).
    """
    df = repeats.copy()
    require_columns(df, [TICKET_ID, CREATED_AT, "is_repeat", "chain_position", "chain_size"],
                    what="repeats")
    if "topic" not in df.columns:
        df["topic"] = df[topic_col]
    window = repeats.attrs.get("window_days", np.nan)
    hours = pd.Series(0.0, index=df.index)
    if tickets is not None and HANDLE_MINUTES in tickets.columns:
        hm = tickets.set_index(tickets[TICKET_ID].astype(str))[HANDLE_MINUTES].astype(float)
        hours = df[TICKET_ID].astype(str).map(hm).fillna(0.0).astype(float) / 60.0
    df[CREATED_AT] = pd.to_datetime(df[CREATED_AT], utc=True)
    df["period"] = period_labels(df[CREATED_AT], period) if len(df) else pd.Series([], dtype="str")
    if period == "M" and tickets is not None and "period" in tickets.columns and len(df):
        # the run's months (cut in its time zone) when the tickets carry them, as every other table
        own = tickets.set_index(tickets[TICKET_ID].astype(str))["period"]
        own = own[~own.index.duplicated(keep="last")]
        mapped = df[TICKET_ID].astype(str).map(own)
        df["period"] = mapped.where(mapped.notna(), df["period"]).astype(str)
    dbl = df["is_double_submit"].astype(bool) if "is_double_submit" in df.columns else False
    df["_dbl"] = dbl
    df["_first"] = ~df["is_repeat"].astype(bool) & ~dbl
    df["_chain_start"] = df["_first"] & (df["chain_size"] > 1)
    df["_extra"] = np.where(df["_first"], df["chain_size"] - 1, 0)
    df["_rep_customer"] = df[CUSTOMER_ID].where(df["is_repeat"].astype(bool))
    df["_rep_hours"] = np.where(df["is_repeat"].astype(bool), hours, 0.0)

    parts = [_cell_stats(df, ["topic", "period"])]
    if overall:
        d2 = df.assign(topic=ALL)
        parts.append(_cell_stats(d2, ["topic", "period"]))
        parts.append(_cell_stats(df.assign(period=ALL), ["topic", "period"]))
        parts.append(_cell_stats(d2.assign(period=ALL), ["topic", "period"]))
        parts = [p.astype({"topic": object}) for p in parts]
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()

    end = df[CREATED_AT].max() if len(df) else pd.NaT
    if len(out):
        last_first = out["last_at"]
        out["complete"] = (last_first + pd.Timedelta(days=float(window) if window == window else 0)) <= end
    else:
        out["complete"] = pd.Series([], dtype=bool)
    out["repeat_rate"] = out["repeat_tickets"] / out["tickets"].where(out["tickets"] > 0)
    out["repeat_rate_low"], out["repeat_rate_high"] = wilson_interval(out["repeat_tickets"], out["tickets"])
    out["fcr"] = 1 - out["chains"] / out["first_contacts"].where(out["first_contacts"] > 0)
    lo, hi = wilson_interval(out["first_contacts"] - out["chains"], out["first_contacts"])
    out["fcr_low"], out["fcr_high"] = lo, hi
    out.insert(2, "window_days", window)
    cols = ["topic", "period", "window_days", "tickets", "repeat_tickets", "repeat_rate", "repeat_rate_low",
            "repeat_rate_high", "double_submits", "first_contacts", "chains", "extra_tickets",
            "customers_affected",
            "repeat_hours", "fcr", "fcr_low", "fcr_high", "complete"]
    out = out[cols]
    for c in ("tickets", "repeat_tickets", "double_submits", "first_contacts", "chains", "extra_tickets",
              "customers_affected"):
        out[c] = out[c].astype(np.int64)
    out.attrs.update(repeats.attrs)
    return out


def repeat_summary_windows(
    tickets: pd.DataFrame,
    *,
    topic_col: str = TOPIC_ID,
    windows: Sequence[float] = (7, 30),
    period: str = "M",
    overall: bool = True,
    **find_kwargs,
) -> pd.DataFrame:
    """:func:`repeat_summary` for several repeat windows, stacked (tidy, long format).

    Runs :func:`find_repeats` once per window (extra keyword arguments go to it) and
    concatenates the summaries; the ``window_days`` column tells them apart (7-day rows
    first). Columns are those of :func:`repeat_summary`.
    """
    frames = []
    for w in windows:
        reps = find_repeats(tickets, topic_col=topic_col, window_days=w, **find_kwargs)
        frames.append(repeat_summary(reps, tickets, topic_col=topic_col, period=period, overall=overall))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def top_chains(
    repeats: pd.DataFrame,
    tickets: pd.DataFrame,
    *,
    n: int = 10,
    display_col: str = TEXT_DISPLAY,
) -> pd.DataFrame:
    """The longest repeat chains, for the brief.

    Only chains with at least two contacts (``chain_size`` >= 2; ``n_tickets`` also counts double
    submits); ordered by ``n_tickets`` (desc), ``hours`` (desc),
    ``first_at`` and ``chain_id``. The quoted text is the **redacted** ``text_display`` of the
    chain's first ticket (raw text columns are refused; <NA> when the column is absent).

    Columns: ``chain_id`` (ticket id of the first contact), ``topic`` (of the first contact),
    ``customer_id``, ``n_tickets``, ``first_at``, ``last_at`` (UTC), ``span_days`` (elapsed
    days first to last), ``hours`` (agent hours on the whole chain, NaN-safe sum of
    handle_minutes / 60), ``example`` (redacted text of the first ticket; never named like the raw
    ``text`` column).
    """
    require_columns(repeats, [TICKET_ID, CREATED_AT, "chain_id", "chain_size", "chain_position"],
                    what="repeats")
    require_columns(tickets, [TICKET_ID], what="tickets")
    text = display_column(tickets, display_col)
    text.index = tickets[TICKET_ID].astype(str)
    hm = (tickets[HANDLE_MINUTES].astype(float) if HANDLE_MINUTES in tickets.columns
          else pd.Series(np.nan, index=tickets.index))
    hm.index = tickets[TICKET_ID].astype(str)
    df = repeats[repeats["chain_size"] > 1].copy()
    df["_hours"] = df[TICKET_ID].astype(str).map(hm).astype(float).fillna(0.0) / 60.0
    agg = df.groupby("chain_id", sort=False).agg(
        n_tickets=(TICKET_ID, "size"), first_at=(CREATED_AT, "min"), last_at=(CREATED_AT, "max"),
        hours=("_hours", "sum"))
    first = df["chain_position"] == 1
    if "is_double_submit" in df.columns:
        first &= ~df["is_double_submit"].astype(bool)
    roots = df[first].set_index("chain_id")
    agg["topic"] = roots["topic"].reindex(agg.index)
    agg["customer_id"] = roots[CUSTOMER_ID].reindex(agg.index)
    agg["span_days"] = (agg["last_at"] - agg["first_at"]) / pd.Timedelta(days=1)
    agg = agg.reset_index()
    agg["example"] = agg["chain_id"].map(text).astype("str")
    agg = agg.sort_values(["n_tickets", "hours", "first_at", "chain_id"],
                          ascending=[False, False, True, True], kind="stable").head(n)
    cols = ["chain_id", "topic", "customer_id", "n_tickets", "first_at", "last_at", "span_days", "hours",
            "example"]
    return agg[cols].reset_index(drop=True)
