"""Chronic versus spike topics (monthly shape) and incident-like bursts (daily counts)."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from vocmine.exceptions import ConfigError
from vocmine.recurrence._common import customer_keys, period_labels, utc_times
from vocmine.schema import CREATED_AT, OUTLIER_TOPIC, TOPIC_ID, require_columns

CLASSES = ("chronic", "emerging", "spike", "sporadic")


def chronic_topics(
    tickets: pd.DataFrame,
    *,
    topic_col: str = TOPIC_ID,
    period: str = "M",
    min_months: int = 3,
    chronic_share: float = 0.75,
    chronic_cv: float = 1.0,
    spike_share: float = 0.5,
    min_spike_tickets: int = 5,
    recent_months: int = 2,
    growth: float = 2.0,
    include_outlier: bool = False,
) -> pd.DataFrame:
    """Classify each topic by the shape of its monthly volume.

    Months are UTC periods from the first to the last month present in ``tickets`` (all topics),
    zero-filled, so a topic absent in a month counts as 0 there. The rule, applied in order:

    1. ``emerging``: the span has more than ``recent_months`` months and either the topic
       appears only in the last ``recent_months`` months (new), or its mean volume there is
       >= ``growth`` x its mean volume in the earlier months (rising; this wins over chronic:
       a steady topic that doubled is news);
    2. ``chronic``: the observed span has >= ``min_months`` months, the topic is present in
       >= ``chronic_share`` of them and the coefficient of variation of its monthly volume is
       <= ``chronic_cv`` (there every month, steady);
    3. ``spike``: a single month holds >= ``spike_share`` of the topic's tickets and at least
       ``min_spike_tickets`` tickets (a burst, then quiet);
    4. ``sporadic``: anything else (appears now and then).

    The outlier topic is left out unless ``include_outlier``.

    Columns (one row per topic, largest first): ``topic``, ``tickets``, ``months_total`` (months
    in the span), ``months_present``, ``share_months`` (= present / total), ``mean_monthly``,
    ``cv`` (std / mean of monthly volume, population std, zero months included),
    ``peak_period``, ``peak_share`` (peak month / tickets), ``recent_mean`` and
    ``earlier_mean`` (mean monthly volume in the last ``recent_months`` months and before),
    ``first_period``, ``last_period``, ``classification``.
    """
    require_columns(tickets, [CREATED_AT, topic_col], what="tickets")
    cols = ["topic", "tickets", "months_total", "months_present", "share_months", "mean_monthly", "cv",
            "peak_period", "peak_share", "recent_mean", "earlier_mean", "first_period", "last_period",
            "classification"]
    if tickets.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in cols})
    per = period_labels(utc_times(tickets), period)
    df = pd.DataFrame({"topic": tickets[topic_col].to_numpy(), "period": per.to_numpy()})
    df = df.dropna(subset=["topic"])
    if not include_outlier:
        df = df[df["topic"] != OUTLIER_TOPIC]
    if df.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in cols})
    p = pd.PeriodIndex(per, freq=period)
    span = pd.period_range(p.min(), p.max(), freq=period).astype(str)
    counts = df.groupby(["topic", "period"]).size().unstack(fill_value=0).reindex(columns=span, fill_value=0)
    m = counts.to_numpy(dtype=float)
    total = m.sum(axis=1)
    n_months = m.shape[1]
    mean = m.mean(axis=1)
    cv = np.where(mean > 0, m.std(axis=1) / np.where(mean > 0, mean, 1), np.nan)
    present = (m > 0).sum(axis=1)
    peak = m.argmax(axis=1)
    recent = min(recent_months, n_months)
    recent_mean = m[:, n_months - recent:].mean(axis=1)
    earlier = m[:, :n_months - recent]
    earlier_mean = earlier.mean(axis=1) if earlier.shape[1] else np.full(len(m), np.nan)
    nz = m > 0
    first = nz.argmax(axis=1)
    last = n_months - 1 - nz[:, ::-1].argmax(axis=1)

    share = present / n_months
    cls = np.full(len(m), "sporadic", dtype=object)
    is_chronic = (n_months >= min_months) & (share >= chronic_share) & (cv <= chronic_cv)
    has_earlier = n_months > recent_months
    with np.errstate(invalid="ignore", divide="ignore"):
        is_new = has_earlier & (first >= n_months - recent)
        rising = has_earlier & (earlier_mean > 0) & (recent_mean >= growth * earlier_mean)
    is_emerging = is_new | rising
    is_chronic = is_chronic & ~is_emerging
    peak_count = m.max(axis=1)
    is_spike = ~is_chronic & ~is_emerging & (peak_count >= spike_share * total) & (peak_count >= min_spike_tickets)
    cls[is_chronic] = "chronic"
    cls[is_emerging] = "emerging"
    cls[is_spike] = "spike"
    span_arr = np.asarray(span)
    out = pd.DataFrame({
        "topic": counts.index.to_numpy(), "tickets": total.astype(np.int64), "months_total": n_months,
        "months_present": present.astype(np.int64), "share_months": share, "mean_monthly": mean, "cv": cv,
        "peak_period": span_arr[peak], "peak_share": m.max(axis=1) / total, "recent_mean": recent_mean,
        "earlier_mean": earlier_mean, "first_period": span_arr[first], "last_period": span_arr[last],
        "classification": cls,
    })
    out = out.sort_values(["tickets", "topic"], ascending=[False, True], kind="stable").reset_index(drop=True)
    out.attrs.update(period=period, min_months=min_months, chronic_share=chronic_share, chronic_cv=chronic_cv,
                     spike_share=spike_share, recent_months=recent_months, growth=growth)
    return out[cols]


def incident_spikes(
    tickets: pd.DataFrame,
    *,
    topic_col: str = TOPIC_ID,
    window_days: int = 3,
    baseline_days: int = 28,
    min_tickets: int = 10,
    min_customers: int = 5,
    min_ratio: float = 3.0,
    alpha: float = 1e-5,
    min_rate: float = 0.1,
    include_outlier: bool = False,
    gap_days: int = 7,
) -> pd.DataFrame:
    """Incident-like bursts: many tickets from distinct customers in a few days on one topic.

    Daily UTC counts per topic are zero-filled over the whole date range. Every window of 1 to
    ``window_days`` consecutive days is tested (a one-day mass incident is not diluted by quiet
    neighbours); a window's **baseline** daily rate is the mean count over the observed days among
    the ``baseline_days`` days before it (when fewer than half of those days are observed, the
    topic's median daily count over the observed days is used instead, which is robust to the burst
    itself), floored at ``min_rate`` tickets/day. A day is observed unless it lies in a run of at
    least ``gap_days`` days without any ticket (any topic, outliers included): such a run is a month
    missing from the history (an export that ended mid-month, the next one starting with the month
    after), not quiet days; counted as zeros, it made the first days after it a "spike" of the
    topic's ordinary volume. A window is flagged when

    * its count >= ``min_tickets``,
    * count >= ``min_ratio`` x expected (expected = baseline x window_days), and
    * the Poisson upper tail P(X >= count | expected) < ``alpha`` (default 1e-5: about
      20 topics x 180 days x 3 window lengths = 10^4 tests, so ~0.1 false alarm per run).

    Overlapping or touching flagged windows of a topic merge into one episode, trimmed to its hot
    days (daily count >= max(1, ``min_ratio`` x baseline)); an episode is kept when
    it involves >= ``min_customers`` distinct customers (missing ids are not counted); without a
    ``customer_id`` column every ticket counts as a distinct customer.

    Columns (one row per episode, strongest first): ``topic``, ``start``, ``end`` (UTC dates of the
    first and last day of the episode), ``days``, ``n_tickets``, ``n_customers``,
    ``baseline_per_day`` (lowest baseline rate over the episode's flagged windows), ``expected`` (baseline
    x days), ``ratio`` (n_tickets / expected), ``peak_day``, ``peak_count``, ``p_value``
    (smallest window p-value).
    """
    from scipy.stats import poisson

    if window_days < 1 or baseline_days < 1:
        raise ConfigError("window_days and baseline_days must be >= 1")
    require_columns(tickets, [CREATED_AT, topic_col], what="tickets")
    cols = ["topic", "start", "end", "days", "n_tickets", "n_customers", "baseline_per_day", "expected",
            "ratio", "peak_day", "peak_count", "p_value"]
    empty = pd.DataFrame({c: pd.Series(dtype=object) for c in cols})
    if tickets.empty:
        return empty
    ts = utc_times(tickets)
    day = ts.dt.tz_convert("UTC").dt.floor("D")
    has_customers = "customer_id" in tickets.columns
    df = pd.DataFrame({"topic": tickets[topic_col].to_numpy(), "day": day.to_numpy(),
                       "customer": customer_keys(tickets).to_numpy() if has_customers
                       else np.arange(len(tickets)).astype(str)})
    df = df.dropna(subset=["topic"])
    if not include_outlier:
        df = df[df["topic"] != OUTLIER_TOPIC]
    if df.empty:
        return empty
    days = pd.date_range(df["day"].min(), df["day"].max(), freq="D")
    counts = df.groupby(["topic", "day"]).size().unstack(fill_value=0).reindex(columns=days, fill_value=0)
    m = counts.to_numpy(dtype=float)
    n_days = m.shape[1]
    csum = np.concatenate([np.zeros((len(m), 1)), m.cumsum(axis=1)], axis=1)
    end_idx = np.arange(n_days)
    # observed days: not inside a run of >= gap_days days without any ticket at all
    total = pd.Series(1, index=day.to_numpy()).groupby(level=0).sum().reindex(days, fill_value=0).to_numpy()
    observed = np.ones(n_days, dtype=bool)
    run_start = None
    for i, busy in enumerate(np.append(total > 0, True)):
        if not busy and run_start is None:
            run_start = i
        elif busy and run_start is not None:
            if i - run_start >= gap_days:
                observed[run_start:i] = False
            run_start = None
    ocsum = np.concatenate([[0.0], observed.astype(float).cumsum()])
    median_rate = np.median(m[:, observed], axis=1, keepdims=True)
    # flagged windows of every length 1..window_days: (topic row, start day, end day, baseline, p)
    hits = []
    for length in range(1, window_days + 1):
        w_start = end_idx - length + 1
        ok = w_start >= 0
        e_i, s_i = end_idx[ok], w_start[ok]
        win = csum[:, e_i + 1] - csum[:, s_i]
        b_start = np.maximum(s_i - baseline_days, 0)
        b_len = ocsum[s_i] - ocsum[b_start]  # observed days of the baseline window
        base = (csum[:, s_i] - csum[:, b_start]) / np.maximum(b_len, 1)
        base = np.where(b_len >= baseline_days / 2, base, median_rate)
        base = np.maximum(base, min_rate)
        expected = base * length
        pval = poisson.sf(win - 1, expected)
        flag = (win >= min_tickets) & (win >= min_ratio * expected) & (pval < alpha)
        for ti, j in zip(*np.nonzero(flag)):
            hits.append((ti, s_i[j], e_i[j], base[ti, j], pval[ti, j]))

    rows = []
    hits.sort()
    for ti, group in itertools.groupby(hits, key=lambda h: h[0]):
        group = sorted(group, key=lambda h: (h[1], h[2]))
        episodes = []  # merge flagged windows that overlap or touch
        for h in group:
            if episodes and h[1] <= episodes[-1][1] + 1:
                episodes[-1][1] = max(episodes[-1][1], h[2])
                episodes[-1][2].append(h)
            else:
                episodes.append([h[1], h[2], [h]])
        topic = counts.index[ti]
        sub = df[df["topic"] == topic]
        for s, e, members in episodes:
            b = float(min(h[3] for h in members))
            # trim to the hot days: daily count >= max(1, min_ratio x baseline)
            seg = m[ti, s:e + 1]
            hot = np.flatnonzero(seg >= max(1.0, min_ratio * b))
            if not len(hot):
                hot = np.flatnonzero(seg)
            s2, e2 = s + hot[0], s + hot[-1]
            d0, d1 = days[s2], days[e2]
            in_ep = sub[(sub["day"] >= d0) & (sub["day"] <= d1)]
            n_cust = in_ep["customer"].dropna().nunique()
            if n_cust < min_customers:
                continue
            n_t = int(m[ti, s2:e2 + 1].sum())
            ndays = int(e2 - s2 + 1)
            peak = s2 + int(np.argmax(m[ti, s2:e2 + 1]))
            rows.append({"topic": topic, "start": d0, "end": d1, "days": ndays, "n_tickets": n_t,
                         "n_customers": int(n_cust), "baseline_per_day": b, "expected": b * ndays,
                         "ratio": n_t / (b * ndays), "peak_day": days[peak], "peak_count": int(m[ti, peak]),
                         "p_value": float(min(h[4] for h in members))})
    if not rows:
        return empty
    out = pd.DataFrame(rows).sort_values(["ratio", "n_tickets"], ascending=[False, False], kind="stable")
    out.attrs.update(window_days=window_days, baseline_days=baseline_days, min_tickets=min_tickets,
                     min_customers=min_customers, min_ratio=min_ratio, alpha=alpha)
    return out[cols].reset_index(drop=True)
