"""Interval helpers against values computed by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from vocmine.exceptions import ConfigError
from vocmine.impact import (
    bh_qvalues,
    cluster_bootstrap_counts,
    cluster_bootstrap_means,
    katz_rr,
    percentile_interval,
    wilson_interval,
)

Z = 1.959963984540054


def test_wilson_3_of_10_matches_the_formula():
    p, n = 0.3, 10
    centre = (p + Z**2 / (2 * n)) / (1 + Z**2 / n)
    half = Z * math.sqrt(p * (1 - p) / n + Z**2 / (4 * n**2)) / (1 + Z**2 / n)
    lo, hi = wilson_interval(3, 10)
    assert float(lo) == pytest.approx(centre - half, abs=1e-9)
    assert float(hi) == pytest.approx(centre + half, abs=1e-9)
    assert (round(float(lo), 4), round(float(hi), 4)) == (0.1078, 0.6032)


def test_wilson_vectorised_and_empty_is_nan():
    lo, hi = wilson_interval([0, 5, 0], [10, 5, 0])
    assert lo[0] == pytest.approx(0.0, abs=1e-12) and 0.2 < hi[0] < 0.35
    assert hi[1] == pytest.approx(1.0) and lo[1] < 1.0
    assert np.isnan(lo[2]) and np.isnan(hi[2])
    with pytest.raises(ConfigError):
        wilson_interval(1, 2, alpha=1.5)


def test_bh_on_a_known_vector_with_nan():
    # sorted 0.005, 0.01, 0.03, 0.04 (m=4): p*m/rank = .02, .02, .04, .04 (already monotone)
    q = bh_qvalues([0.01, np.nan, 0.04, 0.03, 0.005])
    assert np.isnan(q[1])
    np.testing.assert_allclose(q[[0, 2, 3, 4]], [0.02, 0.04, 0.04, 0.02])
    # step-up monotonicity: 0.04*3/2=.06 would exceed the next q (.05), so it is lowered to .05
    np.testing.assert_allclose(bh_qvalues([0.01, 0.04, 0.05]), [0.03, 0.05, 0.05])
    assert np.isnan(bh_qvalues([np.nan, np.nan])).all()


def test_katz_rr_on_a_2x2_table():
    rr, lo, hi = katz_rr(20, 100, 10, 100)
    se = math.sqrt(1 / 20 - 1 / 100 + 1 / 10 - 1 / 100)
    assert float(rr) == pytest.approx(2.0)
    assert float(lo) == pytest.approx(2 * math.exp(-Z * se))
    assert float(hi) == pytest.approx(2 * math.exp(Z * se))
    assert (round(float(lo), 3), round(float(hi), 3)) == (0.987, 4.054)


def test_katz_rr_zero_cell_uses_haldane_and_empty_group_is_nan():
    rr, lo, hi = katz_rr([0, 3], [10, 0], [5, 5], [10, 10])
    # (0.5/11) / (5.5/11)
    assert rr[0] == pytest.approx(0.5 / 5.5) and np.isfinite(lo[0]) and np.isfinite(hi[0])
    assert np.isnan(rr[1])


def test_cluster_counts_are_multinomial_draws():
    rng = np.random.default_rng(0)
    w = cluster_bootstrap_counts(50, 400, rng)
    assert w.shape == (400, 50)
    assert (w.sum(axis=1) == 50).all()
    assert w.mean() == pytest.approx(1.0)
    assert w.var() == pytest.approx(1 - 1 / 50, rel=0.1)  # multinomial variance n*p*(1-p)


def test_cluster_bootstrap_widens_the_interval_for_clustered_data():
    """Ten identical tickets per customer carry the information of one: the customer
    bootstrap must be about sqrt(10) wider than a ticket-level bootstrap."""
    rng = np.random.default_rng(1)
    per_customer = rng.normal(size=200)
    sums = np.column_stack([per_customer * 10, np.full(200, 5.0)])  # group 0 = topic, group 1 = rest
    counts = np.column_stack([np.full(200, 10.0), np.full(200, 10.0)])
    gm, rm, share = cluster_bootstrap_means(sums, counts, n_boot=1000, seed=0)
    by_cust = np.std(gm[:, 0])
    tick_sums = np.repeat(per_customer, 10)[:, None]
    gm_t, _, _ = cluster_bootstrap_means(
        np.column_stack([tick_sums, np.zeros((2000, 1))]),
        np.column_stack([np.ones((2000, 1)), np.zeros((2000, 1))]),
        n_boot=1000,
        seed=0,
    )
    by_ticket = np.std(gm_t[:, 0])
    assert by_cust / by_ticket == pytest.approx(math.sqrt(10), rel=0.2)
    assert np.allclose(rm[:, 0], 0.5)  # the rest is constant 0.5
    assert np.allclose(share[:, 0], 0.5)


def test_bootstrap_chunks_give_the_same_answer_as_one_block():
    rng = np.random.default_rng(3)
    sums, counts = rng.random((30, 4)), rng.integers(1, 4, (30, 4)).astype(float)
    a = cluster_bootstrap_means(sums, counts, n_boot=300, seed=5, max_cells=10**9)
    b = cluster_bootstrap_means(sums, counts, n_boot=300, seed=5, max_cells=30 * 7)
    assert b[0].shape == (300, 4)
    # chunking changes the random stream, not the distribution: compare moments
    assert np.nanmean(a[0]) == pytest.approx(np.nanmean(b[0]), rel=0.02)
    lo, hi = percentile_interval(np.arange(1001.0)[:, None])
    assert (lo[0], hi[0]) == (25.0, 975.0)


def test_wild_cluster_statistic_is_the_cluster_robust_t_of_a_dummy_regression():
    import statsmodels.api as sm

    from vocmine.impact import wild_cluster_pvalues

    rng = np.random.default_rng(12)
    n, n_cl = 600, 120
    g = rng.integers(0, n_cl, n)
    k = rng.integers(0, 3, n)
    y = rng.normal(size=n) + rng.normal(size=n_cl)[g] + 0.3 * (k == 1)
    t_obs, p = wild_cluster_pvalues(y, g, k, 3, n_boot=999, seed=0)
    for j in range(3):
        x = sm.add_constant((k == j).astype(float))
        res = sm.OLS(y, x).fit(cov_type="cluster", cov_kwds={"groups": g, "use_correction": False})
        n_g = len(np.unique(g))
        assert t_obs[j] == pytest.approx(res.tvalues[1] / math.sqrt(n_g / (n_g - 1)), rel=1e-6)
    # with 120 clusters of similar size the bootstrap-t p-value is close to the normal one
    np.testing.assert_allclose(p, 2 * stats.norm.sf(np.abs(t_obs)), atol=0.04)
    assert ((p >= 1 / 1000) & (p <= 1)).all()
    # degenerate inputs give NaN, not errors
    t1, p1 = wild_cluster_pvalues(y, np.zeros(n, dtype=int), k, 3)
    assert np.isnan(t1).all() and np.isnan(p1).all()
    t2, p2 = wild_cluster_pvalues(y, g, np.zeros(n, dtype=int), 2)
    assert np.isnan(p2).all()
