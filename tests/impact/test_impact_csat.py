"""csat_by_topic: hand-computed values, flags, clustering-aware calibration under the null."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from impact_helpers import SCORES, null_csat_tickets

from vocmine.exceptions import ConfigError, SchemaError
from vocmine.impact import csat_by_topic
from vocmine.schema import OUTLIER_TOPIC


def tiny() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "topic_id": [1, 1, 1, 2, 2, 2, 2, 3, OUTLIER_TOPIC],
            "customer_id": ["a", "a", "b", "c", "d", "e", "f", "g", "h"],
            "csat": [0.0, 0.25, 1.0, 1.0, 1.0, 0.75, 0.5, np.nan, 0.5],
        }
    )


def test_tiny_frame_matches_hand_values():
    out = csat_by_topic(tiny(), min_n=3, n_boot=200).set_index("topic_id")
    overall = (0 + 0.25 + 1 + 1 + 1 + 0.75 + 0.5 + 0.5) / 8  # 0.625
    a_mean, a_rest = 1.25 / 3, (5.0 - 1.25) / 5  # 0.41667, 0.75
    assert out.attrs["overall_mean"] == pytest.approx(overall)
    r = out.loc[1]
    assert (r.n_tickets, r.n_rated, r.n_customers) == (3, 3, 2)
    assert r.csat_mean == pytest.approx(a_mean)
    assert r.csat_mean_rest == pytest.approx(a_rest)
    assert r["diff"] == pytest.approx(a_mean - a_rest)
    assert r.share_of_rated == pytest.approx(3 / 8)
    assert r.csat_points_lost == pytest.approx(3 / 8 * (a_rest - a_mean))  # 0.125
    assert r.leave_out_impact == pytest.approx(a_rest - overall)  # 0.125 as well
    assert r.dissatisfied_share == pytest.approx(2 / 3)  # 0.0 and 0.25 are < 0.5
    assert r.csat_mean_lo <= r.csat_mean <= r.csat_mean_hi
    # topic 2 is better than the rest: negative points lost, never flagged
    assert out.loc[2, "csat_points_lost"] < 0 and not out.loc[2, "flag"]
    # topic 3 has no rating; outlier reported but not tested
    assert out.loc[3, "n_rated"] == 0 and "below min_n" in out.loc[3, "reason_not_tested"]
    assert np.isnan(out.loc[3, "csat_mean"]) and np.isnan(out.loc[3, "p_value"])
    assert not out.loc[OUTLIER_TOPIC, "tested"] and "outlier" in out.loc[OUTLIER_TOPIC, "reason_not_tested"]
    assert np.isnan(out.loc[OUTLIER_TOPIC, "q_value"])
    assert out.loc[1, "reason_not_tested"] == ""


def test_points_lost_equals_leave_one_out_and_sums_to_total_gap():
    rng = np.random.default_rng(4)
    df = null_csat_tickets(rng, n_topics=6)
    out = csat_by_topic(df, n_boot=200)
    np.testing.assert_allclose(out.csat_points_lost, out.leave_out_impact, atol=1e-12)
    # recompute one topic directly
    t = df[df.topic_id == 2].csat.dropna()
    rest = df[df.topic_id != 2].csat.dropna()
    share = len(t) / df.csat.notna().sum()
    row = out.set_index("topic_id").loc[2]
    assert row.csat_points_lost == pytest.approx(share * (rest.mean() - t.mean()))
    assert row.dissatisfied_share == pytest.approx((t < 0.5).mean())


def test_planted_deficit_is_flagged_and_result_is_reproducible():
    rng = np.random.default_rng(7)
    df = null_csat_tickets(rng, n_topics=10, n_customers=1500, n_tickets=5000, home_share=0.2)
    bad = df.topic_id == 3
    df.loc[bad, "csat"] = rng.choice(SCORES, bad.sum(), p=[0.4, 0.25, 0.15, 0.1, 0.1])
    a = csat_by_topic(df, seed=1, n_boot=500)
    b = csat_by_topic(df, seed=1, n_boot=500)
    pd.testing.assert_frame_equal(a, b)
    assert a.loc[a.flag, "topic_id"].tolist() == [3]
    row = a.set_index("topic_id").loc[3]
    assert row.p_value == pytest.approx(1 / 501)  # every wild-bootstrap t* is smaller: the floor
    assert row.diff_hi < 0 and row.q_value < 0.05 and row.csat_points_lost_lo > 0


def test_bad_inputs_raise_vocmine_errors():
    with pytest.raises(SchemaError):
        csat_by_topic(tiny().drop(columns="csat"))
    bad = tiny()
    bad.loc[0, "csat"] = 4.0  # raw 1-5 value, not normalised
    with pytest.raises(ConfigError, match="normalised"):
        csat_by_topic(bad)


def test_tickets_without_customer_are_their_own_cluster_and_string_topics_work():
    df = tiny().assign(topic_id=lambda d: d.topic_id.map({1: "billing", 2: "login", 3: "api", -1: -1}))
    df.loc[0, "customer_id"] = None
    out = csat_by_topic(df, topic_col="topic_id", min_n=3, n_boot=200)
    assert set(out.topic_id) == {"billing", "login", "api", -1}
    assert out.set_index("topic_id").loc["billing", "n_customers"] == 3


def _welch_vs_rest(y, topic, n_topics, stats):
    """Ticket-level Welch t-test of each topic vs the rest (ignores customers), vectorised."""
    ok = ~np.isnan(y)
    y, topic = y[ok], topic[ok]
    n = np.bincount(topic, minlength=n_topics).astype(float)
    s1 = np.bincount(topic, weights=y, minlength=n_topics)
    s2 = np.bincount(topic, weights=y**2, minlength=n_topics)
    n_r, s1_r, s2_r = len(y) - n, y.sum() - s1, (y**2).sum() - s2
    m, m_r = s1 / n, s1_r / n_r
    v, v_r = (s2 - n * m**2) / (n - 1), (s2_r - n_r * m_r**2) / (n_r - 1)
    return stats.ttest_ind_from_stats(m, np.sqrt(v), n, m_r, np.sqrt(v_r), n_r, equal_var=False).pvalue


@pytest.mark.slow
def test_global_null_family_wise_flag_rate_is_controlled(capsys):
    """200 seeded replicates × 20 topics, no topic effect, customers (1500, 2 tickets each on
    average) partly clustered on a home topic with a CSAT level of their own. BH at q < 0.05
    promises FDR ≤ 0.05, i.e. under the global null the share of replicates with any flag is
    ≤ 0.05 (+ Monte Carlo error, SE ≈ 0.015). A naive ticket-level Welch test is printed for
    contrast (it ignores the clustering)."""
    from scipy import stats

    from vocmine.impact import bh_qvalues

    rng = np.random.default_rng(2026)
    reps, any_flag, flagged, naive_any = 200, 0, 0, 0
    for _ in range(reps):
        df = null_csat_tickets(rng, n_customers=1500, home_share=0.5)
        out = csat_by_topic(df, n_boot=999, seed=int(rng.integers(1 << 30)))
        any_flag += bool((out.q_value < 0.05).any())
        flagged += int((out.q_value < 0.05).sum())
        naive = _welch_vs_rest(df.csat.to_numpy(), df.topic_id.to_numpy(), 20, stats)
        naive_any += bool((bh_qvalues(naive) < 0.05).any())
    share = any_flag / reps
    with capsys.disabled():
        print(
            f"\n[impact] global null, 200 reps x 20 topics: wild cluster bootstrap "
            f"{any_flag}/{reps} replicates "
            f"with any q<0.05 (share {share:.3f}; {flagged}/{reps * 20} tests); "
            f"naive Welch {naive_any}/{reps}"
        )
    assert share <= 0.05 + 2.5 * np.sqrt(0.05 * 0.95 / reps)
    assert naive_any / reps > share  # the clustering is real: ignoring it over-flags


def test_too_few_resamples_for_the_family_warns():
    df = null_csat_tickets(np.random.default_rng(0), n_topics=20)
    with pytest.warns(UserWarning, match="n_boot"):
        csat_by_topic(df, n_boot=200)
