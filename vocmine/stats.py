"""Count tests for the claims a brief makes about a topic's volume: new, growing, shrinking, vanished.

DESIGN.md §5: "new", "growing", "shrinking" and "improved" are claims, decided by a count test against
the topic's own history with the month's volume as exposure, controlled across topics, with one
threshold shared by every table, chart and sentence.

:func:`volume_changes` compares each topic's count in a month with its counts in the months before
(at most ``history_months``) given every month's total ticket volume. Conditional on the topic's
total over those months, its count in the month is binomial with the month's share of the volume
(two Poisson rates compared with exposure). Month-to-month variation beyond Poisson is measured on the
history itself (quasi-Poisson dispersion pooled over topics) and widens the test. p-values are
Benjamini–Hochberg adjusted over every topic tested in the month. A claim needs q < ``alpha`` **and**
a rate ratio of at least ``min_ratio`` (or at most its inverse): with a large volume a 5% drift is
significant but says nothing a product manager should act on.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["volume_changes", "CHANGE_COLUMNS", "ALPHA", "MIN_RATIO", "NEW_RATIO", "CLAIM_STATUSES"]

#: the one threshold every table, chart and sentence shares
ALPHA = 0.05
#: smallest rate ratio (month vs history, volume-adjusted) called growing (its inverse: shrinking)
MIN_RATIO = 1.5
#: a growing topic whose rate is at least this many times its history rate is "new"
NEW_RATIO = 10.0
#: statuses that are claims (the others: "stable", "no_history")
CLAIM_STATUSES = ("new", "growing", "shrinking", "vanished")

CHANGE_COLUMNS = ["topic_id", "label", "status", "n_period", "n_previous", "change", "n_history", "history_months",
                  "expected", "rate_ratio", "p_value", "q_value"]


def _binom_two_sided(k: int, n: int, p: float) -> float:
    from scipy.stats import binomtest

    if n == 0:
        return 1.0
    return float(binomtest(int(k), int(n), float(min(max(p, 0.0), 1.0))).pvalue)


def _dispersion(hist: np.ndarray, totals: np.ndarray) -> float:
    """Pooled quasi-Poisson dispersion of the topics' monthly counts in the history (>= 1)."""
    if hist.shape[1] < 2 or totals.sum() == 0:
        return 1.0
    share = totals / totals.sum()
    row = hist.sum(axis=1)
    keep = row >= 10  # small topics say little about dispersion
    if not keep.any():
        return 1.0
    exp = row[keep, None] * share[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        chi2 = np.where(exp > 0, (hist[keep] - exp) ** 2 / exp, 0.0).sum()
    df = keep.sum() * (hist.shape[1] - 1)
    return float(max(1.0, chi2 / df)) if df else 1.0


def volume_changes(counts: pd.DataFrame, totals: pd.Series, period: str, *, labels: dict | None = None,
                   history_months: int = 6, alpha: float = ALPHA, min_ratio: float = MIN_RATIO,
                   new_ratio: float = NEW_RATIO, min_count: int = 5) -> pd.DataFrame:
    """Status of each topic in ``period`` against its own history.

    ``counts``: topic ids × periods ('YYYY-MM') ticket counts (the unassigned topic -1 excluded);
    ``totals``: every ticket of each period (unassigned included), the exposure. The history is the
    at most ``history_months`` periods before ``period`` with any ticket.

    Statuses: ``new`` (growing and at least ``new_ratio`` times its history rate, or absent from it),
    ``growing`` / ``shrinking`` (q < ``alpha`` and rate ratio ≥ ``min_ratio`` / ≤ 1/``min_ratio``),
    ``vanished`` (shrinking to zero), ``stable`` (no claim), ``no_history`` (no earlier month: no
    claim possible). A claim also needs ``min_count`` tickets in the larger of the two sides.

    Columns (:data:`CHANGE_COLUMNS`): ``n_period``, ``n_previous`` (the month before; 0 when empty),
    ``change`` (relative change against the month before, NaN when it had none), ``n_history`` (tickets
    in the history window), ``history_months``, ``expected`` (tickets expected this month at the
    history rate and this month's volume), ``rate_ratio``, ``p_value``, ``q_value``.
    """
    from vocmine.impact.intervals import bh_qvalues

    labels = labels or {}
    counts = counts.copy()
    counts.columns = [str(c) for c in counts.columns]
    totals = totals.copy()
    totals.index = [str(i) for i in totals.index]
    earlier = sorted(p for p in totals.index if p < period and totals[p] > 0)[-history_months:]
    prev = (pd.Period(period, freq="M") - 1).strftime("%Y-%m")
    n_now_total = float(totals.get(period, 0))
    c_now = counts[period] if period in counts.columns else pd.Series(0, index=counts.index)
    hist = counts.reindex(columns=earlier, fill_value=0).to_numpy(dtype=float)
    h_tot = totals.reindex(earlier).to_numpy(dtype=float)
    m_total = float(h_tot.sum())
    phi = _dispersion(hist, h_tot)
    rows = []
    for i, t in enumerate(counts.index):
        y = int(c_now.get(t, 0))
        y_hist = int(hist[i].sum()) if len(earlier) else 0
        n_prev = int(counts.at[t, prev]) if prev in counts.columns else 0
        if y == 0 and y_hist == 0:
            continue
        row = {"topic_id": int(t), "label": labels.get(int(t), ""), "n_period": y, "n_previous": n_prev,
               "change": (y - n_prev) / n_prev if n_prev else float("nan"), "n_history": y_hist,
               "history_months": len(earlier), "expected": float("nan"), "rate_ratio": float("nan"),
               "p_value": float("nan"), "q_value": float("nan"), "status": "no_history"}
        if m_total > 0 and n_now_total > 0:
            pi0 = n_now_total / (n_now_total + m_total)
            n = y + y_hist
            row["expected"] = n * pi0
            rate_now, rate_hist = y / n_now_total, y_hist / m_total
            row["rate_ratio"] = rate_now / rate_hist if rate_hist > 0 else float("inf")
            if phi <= 1.0:
                p = _binom_two_sided(y, n, pi0)
            else:  # quasi-binomial: the same test on counts shrunk by the dispersion
                from scipy.stats import norm

                z = max(abs(y - n * pi0) - 0.5, 0.0) / np.sqrt(phi * n * pi0 * (1 - pi0)) if 0 < pi0 < 1 else 0.0
                p = float(2 * norm.sf(z))
            row["p_value"] = p
        rows.append(row)
    frame = pd.DataFrame(rows, columns=CHANGE_COLUMNS)
    tested = frame["p_value"].notna()
    if tested.any():
        frame.loc[tested, "q_value"] = bh_qvalues(frame.loc[tested, "p_value"].to_numpy())
        for k in np.flatnonzero(tested.to_numpy()):
            r = frame.iloc[k]
            big_enough = max(r["n_period"], r["expected"]) >= min_count
            if not (r["q_value"] < alpha and big_enough):
                status = "stable"
            elif r["rate_ratio"] >= min_ratio:
                status = "new" if r["rate_ratio"] >= new_ratio else "growing"
            elif r["rate_ratio"] <= 1.0 / min_ratio:
                status = "vanished" if r["n_period"] == 0 else "shrinking"
            else:
                status = "stable"
            frame.iat[k, frame.columns.get_loc("status")] = status
    frame.attrs["dispersion"] = phi
    frame.attrs["history"] = earlier
    return frame.sort_values(["n_period", "topic_id"], ascending=[False, True], kind="stable").reset_index(drop=True)
