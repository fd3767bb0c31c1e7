"""Same answer everywhere (cache states, BLAS threads) and a thin first month on real text.

Both use the default USE embedder and reducer (slow). The real-text test builds an export from
../shared/data/real (skips when absent): a first month of one ticket, then three months of about 800
each (banking77 requests and B2W reviews).
"""

from __future__ import annotations

import gzip

import numpy as np
import pandas as pd
import pytest
from threadpoolctl import threadpool_limits

from vocmine.clustering import EmbeddingCache, TopicModel, default_embedder
from vocmine.clustering.evaluate import cluster_scores
from vocmine.clustering.flow import assign_period

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def sample_frame(sample_dir):
    from vocmine.ingest import read_tickets
    from vocmine.text import clean_frame

    frame = read_tickets(sample_dir / "tickets.csv").frame
    frame = frame.sort_values("created_at", kind="stable").iloc[::3].reset_index(drop=True)  # every month, ~1/3
    return clean_frame(frame).drop(columns=["text_raw"])


def _run(frame, tmp, cache, months):
    r = assign_period(frame, period=months[-1], build=months, state_dir=tmp, cache_dir=cache, seed=7)
    return r.assignments, r.changes[months[-1]], r.catalogue.drop(columns=["centroid"])


def test_same_tables_whatever_the_cache_and_threads(sample_frame, tmp_path):
    months = sorted(pd.to_datetime(sample_frame["created_at"], utc=True).dt.strftime("%Y-%m").unique())
    base = _run(sample_frame, tmp_path / "a", tmp_path / "cache-a", months)  # empty cache
    warm = _run(sample_frame, tmp_path / "b", tmp_path / "cache-a", months)  # the same cache, warm
    # a cache warmed by another export: other texts (and batches) already encoded
    mix = [t.lower() + " extra" for t in sample_frame["text_model"].iloc[::2]]
    mix += sample_frame["text_model"].str.lower().iloc[::5].tolist()  # some of the same texts, other batches
    EmbeddingCache(tmp_path / "cache-c").encode(default_embedder(), mix[::-1])
    other_cache = _run(sample_frame, tmp_path / "c", tmp_path / "cache-c", months)
    with threadpool_limits(limits=1):
        one_thread = _run(sample_frame, tmp_path / "d", tmp_path / "cache-d", months)
    for got in (warm, other_cache, one_thread):
        for a, b in zip(base, got):
            pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True))
    assert base[0]["topic_id"].nunique() >= 5


def _support_texts(real_data_dir, n):
    """Real support requests with many intents: banking77 (EN) and B2W reviews (PT), half each."""
    b = pd.read_csv(real_data_dir / "banking77" / "train.csv.gz")["text"].astype(str).drop_duplicates()
    with gzip.open(real_data_dir / "b2w_rating_balanced" / "b2w_rating_balanced.csv.gz", "rt", encoding="utf-8") as f:
        r = pd.read_csv(f, nrows=4 * n)["review_text"].dropna().astype(str)
    r = r[r.str.len() > 40].drop_duplicates()
    return b.sample(n // 2, random_state=0).tolist() + r.head(n - n // 2).tolist()


@pytest.mark.real_data
def test_thin_first_month_real_export_matches_a_single_fit(real_data_dir, tmp_path):
    from vocmine.text import clean_frame

    texts = _support_texts(real_data_dir, 2401)
    rng = np.random.default_rng(0)
    months = ["2026-01"] + ["2026-02", "2026-03", "2026-04"]
    month_of = ["2026-01"] + list(rng.choice(months[1:], size=len(texts) - 1))
    days = rng.integers(1, 28, size=len(texts))
    raw = pd.DataFrame({"ticket_id": [f"R{i:05d}" for i in range(len(texts))],
                        "created_at": pd.to_datetime([f"{m}-{d:02d} 12:00" for m, d in zip(month_of, days)], utc=True),
                        "text": texts})
    frame = clean_frame(raw).drop(columns=["text_raw"])
    r = assign_period(frame, period="2026-04", build=months, state_dir=tmp_path / "s", cache_dir=tmp_path / "c",
                      seed=7)
    assert r.mode == "fit"
    single = TopicModel(seed=7, cache_dir=tmp_path / "c").fit(
        frame["text_model"].tolist(), lemmas=frame["text_lemmas"].tolist(), languages=frame["language"].tolist())
    last = (r.assignments["period"] == "2026-04").to_numpy()
    flow_topics = r.assignments["topic_id"].to_numpy()[last]
    single_topics = single.labels_[last]
    assert cluster_scores(single_topics, flow_topics)["nmi"] >= 0.8
    k_flow, k_single = len(set(flow_topics) - {-1}), len(set(single_topics) - {-1})
    assert abs(k_flow - k_single) <= 0.3 * k_single, (k_flow, k_single)
    assert k_flow >= 10  # a thin first month no longer collapses the history into a few topics
