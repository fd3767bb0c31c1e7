"""Churn association per topic, measured per customer and adjusted for ticket volume."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from vocmine.exceptions import ConfigError
from vocmine.impact._common import REASON_OUTLIER, as_utc, is_outlier, sorted_topics
from vocmine.impact.intervals import bh_qvalues, katz_rr
from vocmine.schema import CHANNEL, CREATED_AT, CUSTOMER_ID, TOPIC_ID, require_columns

CHURNED_AT = "churned_at"
CHURNED = "churned"
SIGNUP_AT = "signup_at"

__all__ = ["churn_by_topic"]


def _customer_table(customers: pd.DataFrame, obs_end: pd.Timestamp) -> pd.DataFrame:
    cust = customers.drop_duplicates(CUSTOMER_ID).copy()
    cust = cust[cust[CUSTOMER_ID].notna()]
    cust[CUSTOMER_ID] = cust[CUSTOMER_ID].astype("string")
    if CHURNED_AT in cust.columns:
        churned_at = pd.to_datetime(cust[CHURNED_AT], utc=True)
        churned = churned_at.notna() & (churned_at <= obs_end)
        ref = churned_at.where(churned, obs_end)
    elif CHURNED in cust.columns:  # boolean flag observed at obs_end
        churned = cust[CHURNED].fillna(False).astype(bool)
        ref = pd.Series(obs_end, index=cust.index)
    else:
        raise ConfigError(
            f"customers needs '{CHURNED_AT}' (or a boolean '{CHURNED}'); found {list(customers.columns)}"
        )
    cust["_churned"] = churned.to_numpy(dtype=bool)
    cust["_ref"] = pd.to_datetime(ref, utc=True)
    return cust


def _fit_adjusted(y: np.ndarray, X: np.ndarray, alpha: float) -> tuple[float, float, float, float, str]:
    """Adjusted OR of column 1 of X (after the constant): (or, lo, hi, p, note)."""
    import statsmodels.api as sm
    from scipy.stats import norm
    from statsmodels.tools.sm_exceptions import PerfectSeparationError

    note = ""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = sm.Logit(y, X).fit(method="newton", maxiter=100, disp=0)
        converged = bool(res.mle_retvals.get("converged", False))
        beta, se = float(res.params[1]), float(res.bse[1])
        if converged and np.isfinite(se) and se < 20:  # se >= 20 on a log-odds scale = quasi-separation
            z = norm.ppf(1 - alpha / 2)
            p = float(res.pvalues[1])
            return float(np.exp(beta)), float(np.exp(beta - z * se)), float(np.exp(beta + z * se)), p, note
        note = "maximum likelihood did not converge (separation?)"
    except (PerfectSeparationError, np.linalg.LinAlgError, ValueError) as exc:
        note = f"maximum likelihood failed ({type(exc).__name__}: separation?)"
    # fallback: ridge-penalised point estimate (no valid interval or p-value)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = sm.GLM(y, X, family=sm.families.Binomial()).fit_regularized(alpha=1e-2, L1_wt=0.0)
        return (
            float(np.exp(res.params[1])),
            np.nan,
            np.nan,
            np.nan,
            note + "; ridge-penalised estimate, no CI",
        )
    except Exception as exc:  # noqa: BLE001 - report instead of crashing one topic
        return np.nan, np.nan, np.nan, np.nan, note + f"; penalised fit failed too ({type(exc).__name__})"


def _covariate_dummies(
    cust: pd.DataFrame, win: pd.DataFrame, covariates
) -> tuple[np.ndarray, list[str], list[str]]:
    blocks, names, missing = [], [], []
    for cov in covariates or ():
        if cov in cust.columns:
            values = cust[cov].astype("string").fillna("(missing)")
        elif cov == CHANNEL and CHANNEL in win.columns:
            modal = (
                win.dropna(subset=[CHANNEL])
                .groupby(CUSTOMER_ID)[CHANNEL]
                .agg(lambda s: s.value_counts().index[0])
            )
            values = cust[CUSTOMER_ID].map(modal).astype("string").fillna("(no ticket)")
        else:
            missing.append(cov)  # requested but not present: skipped, listed in attrs
            continue
        d = pd.get_dummies(values, prefix=cov, drop_first=True, dtype=float)
        d = d.loc[:, d.std() > 0]
        blocks.append(d.to_numpy())
        names.extend(d.columns.tolist())
    if not blocks:
        return np.empty((len(cust), 0)), names, missing
    return np.hstack(blocks), names, missing


def churn_by_topic(
    tickets: pd.DataFrame,
    customers: pd.DataFrame,
    *,
    topic_col: str = TOPIC_ID,
    window_days: int = 90,
    observation_end=None,
    min_customers: int = 30,
    min_observation_days: int | None = None,
    observation_start=None,
    covariates=("plan",),
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Churn rate of customers exposed to each topic vs not, raw and adjusted for ticket volume.

    Unit of analysis: the **customer** (rows of ``customers`` with a ``customer_id``).
    Reference date: ``churned_at`` for customers who churned by ``observation_end``,
    else ``observation_end`` (default: the latest ``created_at`` in ``tickets``; a bare date
    such as ``"2026-08-31"`` means the end of that day, UTC). With a
    boolean ``churned`` column instead, every reference date is ``observation_end``.
    A customer is **exposed** to a topic when they have at least one ticket in it in the
    window ``(reference − window_days, reference]``. Customers signed up less than
    ``max(window_days, min_observation_days)`` days before their reference date are
    excluded (their window is incomplete) and counted in ``attrs``; so are customers whose
    window starts before ``observation_start`` (default: the earliest ``created_at`` in
    ``tickets``), because their exposure cannot be seen: otherwise early churners would look
    unexposed and bias every comparison. Tickets of customers
    absent from ``customers`` are ignored (counted in ``attrs``).

    Statistics (a topic is tested when it is not the outlier topic and has at least
    ``min_customers`` exposed customers):
        * relative risk (exposed vs unexposed churn rate), Katz log interval
          (0.5 added to each cell when a churn count is zero), two-sided Fisher exact p,
          Benjamini–Hochberg q across tested topics;
        * adjusted odds ratio from a logistic regression (statsmodels ``Logit``)
          ``churned ~ 1 + exposed + log1p(tickets in window)`` + dummies of each requested
          covariate present (a customer column such as ``plan``, or ``channel`` = the
          customer's most frequent ticket channel in the window), Wald 95% interval and p,
          BH q across tested topics. When maximum likelihood fails or does not converge
          (separation), a ridge-penalised GLM gives the point estimate, the interval and
          p are NaN and ``adj_note`` says why.
    These are associations ("customers who raised topic X churned more"), never causes.
    Known limits: only the ticket count is adjusted for (other differences between filers
    remain); a topic that appeared only in the last weeks before ``observation_end`` has had
    no time to be followed by churn and looks protective (OR < 1); ``flag`` only ever reports
    OR > 1, so no "lowers churn" claim is produced.

    Returns one row per topic, columns:
        <topic_col>             topic value.
        n_exposed               eligible customers with a ticket in the topic in their window.
        n_unexposed             eligible customers without one.
        churned_exposed         churners among the exposed.
        churned_unexposed       churners among the unexposed.
        churn_rate_exposed      churned_exposed / n_exposed.
        churn_rate_unexposed    churned_unexposed / n_unexposed.
        rr, rr_lo, rr_hi        relative risk and Katz interval.
        p_value                 Fisher exact two-sided p of the 2×2 table (NaN if not tested).
        q_value                 BH q of p_value across tested topics.
        adj_or, adj_or_lo, adj_or_hi  adjusted odds ratio of exposure and its Wald interval.
        adj_p_value             Wald p of the adjusted log-OR.
        adj_q_value             BH q of adj_p_value across tested topics.
        adj_note                '' or why the adjusted fit fell back / failed.
        tested                  True when the topic was tested.
        flag_unadjusted         tested, q_value < alpha and rr > 1.
        flag                    tested, adj_q_value < alpha and adj_or > 1: exposure to the
                                topic is associated with more churn beyond ticket volume.
        reason_not_tested       '' or why not tested (outlier / below min_customers).

    ``attrs``: n_customers (eligible), n_churned, n_excluded_short_window,
    n_excluded_before_data (window starts before the export), observation_start,
    n_unknown_customers (ticket customers absent from ``customers``), observation_end,
    window_days, covariates_used (dummy column names), covariates_missing (requested but
    absent), topic_col, alpha.
    """
    from scipy.stats import fisher_exact  # lazy: scipy.stats is slow to import

    require_columns(tickets, [topic_col, CREATED_AT, CUSTOMER_ID], what="tickets")
    require_columns(customers, [CUSTOMER_ID], what="customers")
    if window_days <= 0:
        raise ConfigError(f"window_days must be > 0, got {window_days!r}")
    if not 0 < alpha < 1:
        raise ConfigError(f"alpha must be in (0, 1), got {alpha!r}")
    created = pd.to_datetime(tickets[CREATED_AT], utc=True)
    obs_end = (
        as_utc(observation_end, date_means_end_of_day=True) if observation_end is not None else created.max()
    )
    cust = _customer_table(customers, obs_end)

    # exclude customers whose observation window is too short
    min_days = max(window_days, min_observation_days or 0)
    if SIGNUP_AT in cust.columns:
        signup = pd.to_datetime(cust[SIGNUP_AT], utc=True)
        short = (signup.notna() & ((cust["_ref"] - signup) < pd.Timedelta(days=min_days))).to_numpy()
    else:
        short = np.zeros(len(cust), dtype=bool)
    n_short = int(short.sum())
    # exclude customers whose window starts before the export does (exposure unobservable)
    data_start = as_utc(observation_start) if observation_start is not None else created.min()
    before = (~short) & (cust["_ref"] - pd.Timedelta(days=window_days) < data_start).to_numpy()
    n_before = int(before.sum())
    cust = cust.loc[~(short | before)].reset_index(drop=True)

    t = pd.DataFrame(
        {
            CUSTOMER_ID: tickets[CUSTOMER_ID].astype("string"),
            "_topic": tickets[topic_col],
            "_created": created,
        }
    )
    if CHANNEL in tickets.columns:
        t[CHANNEL] = tickets[CHANNEL]
    t = t[t[CUSTOMER_ID].notna()]
    known = t[CUSTOMER_ID].isin(set(customers[CUSTOMER_ID].dropna().astype(str)))
    n_unknown = int(t.loc[~known, CUSTOMER_ID].nunique())
    t = t.merge(cust[[CUSTOMER_ID, "_ref"]], on=CUSTOMER_ID, how="inner")
    in_win = (t["_created"] <= t["_ref"]) & (t["_created"] > t["_ref"] - pd.Timedelta(days=window_days))
    win = t.loc[in_win]

    cust_index = pd.Index(cust[CUSTOMER_ID])
    ci = cust_index.get_indexer(win[CUSTOMER_ID])
    total = np.bincount(ci, minlength=len(cust)).astype(float)
    y = cust["_churned"].to_numpy(dtype=float)
    topics = sorted_topics(tickets[topic_col])
    ti = pd.Index(topics).get_indexer(win["_topic"])
    ok = ti >= 0
    exposed_mat = np.zeros((len(cust), len(topics)), dtype=bool)
    exposed_mat[ci[ok], ti[ok]] = True

    cov_X, cov_names, cov_missing = _covariate_dummies(cust, win, covariates)
    base_X = np.column_stack([np.ones(len(cust)), np.log1p(total), cov_X])

    n1 = exposed_mat.sum(0)
    n0 = len(cust) - n1
    a = (exposed_mat & (y[:, None] == 1)).sum(0)
    c = int(y.sum()) - a
    rr, rr_lo, rr_hi = katz_rr(a, n1, c, n0, alpha=alpha)
    outlier = is_outlier(topics)
    small = n1 < min_customers
    tested = ~outlier & ~small & (n0 > 0)

    p = np.full(len(topics), np.nan)
    adj = np.full((len(topics), 4), np.nan)
    notes = [""] * len(topics)
    for j in np.flatnonzero(tested):
        p[j] = fisher_exact([[a[j], n1[j] - a[j]], [c[j], n0[j] - c[j]]])[1]
        if y.min() == y.max():
            notes[j] = "no variation in churn"
            continue
        X = np.column_stack([base_X[:, :1], exposed_mat[:, j].astype(float), base_X[:, 1:]])
        *adj[j], notes[j] = _fit_adjusted(y, X, alpha)
    q = bh_qvalues(p)
    adj_q = bh_qvalues(adj[:, 3])
    reason = [
        REASON_OUTLIER
        if o
        else (
            f"below min_customers ({int(k)} exposed < {min_customers})"
            if s
            else ("everyone exposed" if not tt else "")
        )
        for o, s, k, tt in zip(outlier, small, n1, tested, strict=True)
    ]
    with np.errstate(divide="ignore", invalid="ignore"):
        rate1, rate0 = a / n1, c / n0
    out = pd.DataFrame(
        {
            topic_col: topics,
            "n_exposed": n1.astype(int),
            "n_unexposed": n0.astype(int),
            "churned_exposed": a.astype(int),
            "churned_unexposed": np.asarray(c).astype(int),
            "churn_rate_exposed": rate1,
            "churn_rate_unexposed": rate0,
            "rr": rr,
            "rr_lo": rr_lo,
            "rr_hi": rr_hi,
            "p_value": p,
            "q_value": q,
            "adj_or": adj[:, 0],
            "adj_or_lo": adj[:, 1],
            "adj_or_hi": adj[:, 2],
            "adj_p_value": adj[:, 3],
            "adj_q_value": adj_q,
            "adj_note": pd.Series(notes, dtype=object),
            "tested": tested,
            "flag_unadjusted": tested & (q < alpha) & (rr > 1),
            "flag": tested & (adj_q < alpha) & (adj[:, 0] > 1),
            "reason_not_tested": pd.Series(reason, dtype=object),
        }
    )
    out.attrs.update(
        n_customers=len(cust),
        n_churned=int(y.sum()),
        n_excluded_short_window=n_short,
        n_excluded_before_data=n_before,
        observation_start=data_start,
        n_unknown_customers=n_unknown,
        observation_end=obs_end,
        window_days=window_days,
        covariates_used=cov_names,
        covariates_missing=cov_missing,
        topic_col=topic_col,
        alpha=alpha,
    )
    return out
