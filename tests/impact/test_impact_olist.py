"""End to end on the real Olist subset (skipped when ../shared/data/real is absent)."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from vocmine.impact import churn_by_topic, csat_by_topic, kpis_by_topic, rank_topics, trend

pytestmark = [pytest.mark.real_data, pytest.mark.slow]


@pytest.fixture(scope="module")
def olist(real_data_dir, repo_dir):
    data = real_data_dir / "olist_subset"
    if not (data / "olist_order_reviews_dataset.csv.gz").exists():
        pytest.skip(f"olist subset not found in {data}")
    spec = importlib.util.spec_from_file_location(
        "bench_impact_olist", repo_dir / "bench" / "bench_impact_olist.py"
    )
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    return bench, bench.load_olist(data)


def test_olist_mapping(olist):
    _, d = olist
    t = d["tickets"]
    assert len(t) == 8225 and t.ticket_id.is_unique  # SOURCE.md: 8,225 reviews
    assert t.customer_id.nunique() <= 8016
    assert set(np.unique(t.csat.dropna())) <= {0.0, 0.25, 0.5, 0.75, 1.0}
    assert str(t.created_at.dt.tz) == "UTC"
    assert not {"text", "review_comment_message"} & set(t.columns)  # review text is never loaded
    c = d["churn_customers"]
    assert c.customer_id.is_unique and c.churned.dtype == bool and 0.9 < c.churned.mean() < 1.0


def test_olist_end_to_end(olist):
    bench, d = olist
    t = d["tickets"]
    csat = csat_by_topic(t, n_boot=600)
    assert csat.tested.sum() >= 20
    tested = csat[csat.tested]
    assert (tested.csat_mean_lo <= tested.csat_mean).all() and (tested.csat_mean <= tested.csat_mean_hi).all()
    # orders that never got an item (canceled / unavailable) are the clearest CSAT sink
    assert csat.set_index("topic_id").loc["(no item)", "flag"]
    churn = churn_by_topic(
        d["churn_tickets"],
        d["churn_customers"],
        window_days=d["churn_window_days"],
        observation_end=d["observation_end"],
        observation_start=d["observation_start"],
        covariates=(),
    )
    assert churn.attrs["n_customers"] == len(d["churn_customers"])
    assert churn.tested.sum() >= 10
    assert churn.loc[churn.tested, "adj_note"].map(lambda s: s == "" or "ridge" in s).all()
    kpis = kpis_by_topic(t, tz=bench.LOCAL_TZ)
    assert kpis.n_tickets.sum() == len(t)
    ranked = rank_topics(csat, churn, kpis)
    assert ranked["rank"].notna().sum() == (ranked.n_tickets >= 30).sum()
    tr = trend(t, measures=("volume", "csat_mean"), tz=bench.LOCAL_TZ)
    assert tr.period.nunique() == kpis.period.nunique()


def test_bench_prints_the_table(olist, real_data_dir, capsys):
    bench, _ = olist
    assert bench.main([str(real_data_dir / "olist_subset"), "--n-boot", "600"]) == 0
    out = capsys.readouterr().out
    for heading in ("CSAT by category", "Retention after the first order", "Ranking (top 15", "(no item)"):
        assert heading in out
