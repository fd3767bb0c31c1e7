"""trend (tidy month-over-month) and rank_topics (eligibility, significance-only components)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from impact_helpers import utc

from vocmine.exceptions import ConfigError
from vocmine.impact import rank_topics, repeat_flags, trend
from vocmine.schema import OUTLIER_TOPIC


def trend_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "topic_id": ["a", "a", "a", "b", "a", "b", None],
            "customer_id": ["x", "x", "y", "z", "x", "z", "q"],
            "created_at": [
                utc("2026-01-03"),
                utc("2026-01-05"),
                utc("2026-01-20"),
                utc("2026-01-21"),
                utc("2026-03-02"),
                utc("2026-03-03"),
                utc("2026-03-04"),
            ],
            "csat": [0.0, 0.5, 1.0, np.nan, 0.75, 1.0, 0.0],
        }
    )


def test_trend_values_changes_and_gap_months():
    out = trend(trend_frame())
    assert list(out.columns) == ["topic_id", "period", "measure", "value", "change", "pct_change"]
    vol = out[(out.topic_id == "a") & (out.measure == "volume")].set_index("period")
    assert vol.value.tolist() == [3.0, 0.0, 1.0]  # February is filled with 0
    assert np.isnan(vol.loc["2026-01", "change"])
    assert vol.loc["2026-02", "change"] == -3 and vol.loc["2026-02", "pct_change"] == pytest.approx(-1.0)
    assert vol.loc["2026-03", "change"] == 1 and np.isnan(vol.loc["2026-03", "pct_change"])  # from 0
    share = out[(out.topic_id == "a") & (out.measure == "share")].set_index("period").value
    assert share["2026-01"] == pytest.approx(3 / 4) and share["2026-03"] == pytest.approx(1 / 3)
    cs = out[(out.topic_id == "a") & (out.measure == "csat_mean")].set_index("period").value
    assert cs["2026-01"] == pytest.approx(0.5) and np.isnan(cs["2026-02"]) and cs["2026-03"] == 0.75
    dis = out[(out.topic_id == "a") & (out.measure == "dissatisfied_share")].set_index("period").value
    assert dis["2026-01"] == pytest.approx(1 / 3)
    rep = out[(out.topic_id == "a") & (out.measure == "repeat_rate")].set_index("period").value
    assert rep["2026-01"] == pytest.approx(1 / 3)  # x's 2nd ticket 2 days after the 1st
    assert rep["2026-03"] == 0.0  # 56 days later: not a repeat
    assert set(out.topic_id) == {"a", "b"}


def test_trend_subset_and_errors():
    out = trend(trend_frame().drop(columns="csat"), measures=("volume",))
    assert set(out.measure) == {"volume"} and len(out) == 2 * 3
    with pytest.raises(ConfigError):
        trend(trend_frame(), measures=("nps",))
    r = repeat_flags(trend_frame(), repeat_days=60)
    assert r.tolist()[:6] == [0.0, 1.0, 0.0, 0.0, 1.0, 1.0]  # z: 41 days apart
    assert np.isnan(r.iloc[6])  # no topic


def fake_inputs():
    topics = [1, 2, 3, 4, OUTLIER_TOPIC]
    csat = pd.DataFrame(
        {
            "topic_id": topics,
            "n_tickets": [500, 200, 100, 10, 900],
            "csat_points_lost": [0.001, 0.02, 0.01, 0.05, 0.03],
            "flag": [False, True, True, False, False],
        }
    )
    csat.attrs["topic_col"] = "topic_id"
    churn = pd.DataFrame(
        {"topic_id": topics, "adj_or": [1.2, 1.0, 2.0, 5.0, 3.0], "flag": [False, False, True, True, False]}
    )
    kpis = pd.DataFrame(
        {
            "topic_id": [1, 1, 2, 3, 4, OUTLIER_TOPIC],
            "period": ["2026-01", "2026-02"] + ["2026-01"] * 4,
            "n_tickets": [250, 250, 200, 100, 10, 900],
        }
    )
    return csat, churn, kpis


def test_rank_components_and_eligibility():
    out = rank_topics(*fake_inputs()).set_index("topic_id")
    assert np.isnan(out.loc[OUTLIER_TOPIC, "rank"]) and "outlier" in out.loc[OUTLIER_TOPIC, "why_not_ranked"]
    assert np.isnan(out.loc[4, "rank"]) and "below min_n" in out.loc[4, "why_not_ranked"]
    assert np.isnan(out.loc[4, "score"])
    # volume: 500, 200, 100 -> 1, .4, .2; csat (flag only): 0, .02, .01 -> 0, 1, .5;
    # churn (flag only, topic 4 is below min_n): log 2 -> 0, 0, 1
    np.testing.assert_allclose(out.loc[[1, 2, 3], "volume_component"], [1, 0.4, 0.2])
    np.testing.assert_allclose(out.loc[[1, 2, 3], "csat_component"], [0, 1, 0.5])
    np.testing.assert_allclose(out.loc[[1, 2, 3], "churn_component"], [0, 0, 1])
    np.testing.assert_allclose(out.loc[[1, 2, 3], "score"], [1.0, 1.4, 1.7])
    assert out.loc[[3, 2, 1], "rank"].tolist() == [1.0, 2.0, 3.0]
    assert out.loc[1, "why_not_ranked"] == ""
    # weights change the order; volume only -> biggest first
    vol = rank_topics(*fake_inputs(), weights={"csat": 0, "churn": 0}).set_index("topic_id")
    assert vol.loc[[1, 2, 3], "rank"].tolist() == [1.0, 2.0, 3.0]
    with pytest.raises(ConfigError):
        rank_topics(*fake_inputs(), weights={"nps": 1})


def test_rank_with_missing_inputs():
    csat, churn, kpis = fake_inputs()
    out = rank_topics(csat, None, None, min_n=150).set_index("topic_id")
    assert out.loc[[1, 2], "rank"].tolist() == [2.0, 1.0]  # 2: .4 + 1 = 1.4 beats 1: 1.0
    assert np.isnan(out.loc[3, "rank"]) and (out.churn_component.fillna(0) == 0).all()
    with pytest.raises(ConfigError):
        rank_topics(None, None, None)
