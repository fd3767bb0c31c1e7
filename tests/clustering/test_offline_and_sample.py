"""Default embedder offline, embedding cache, and the sample export (planted reasons, emerging topic)."""

from __future__ import annotations

import socket

import numpy as np
import pandas as pd
import pytest
from clustering_helpers import make_tickets

from vocmine.clustering import EmbeddingCache, TopicModel, cluster_scores, topics_for_period


class _Counting:
    name = "counting"
    fingerprint = "counting:v1"

    def __init__(self):
        self.seen = 0

    def encode(self, texts):
        self.seen += len(texts)
        return np.array([[len(t), t.count("a") + 1.0] for t in texts], dtype=np.float32)


def test_embedding_cache_reuses_vectors_and_stores_no_text(tmp_path):
    emb = _Counting()
    texts = ["boleto atrasado", "login falhou", "boleto atrasado"]
    first = EmbeddingCache(tmp_path).encode(emb, texts)
    assert emb.seen == 2  # duplicates encoded once
    again = EmbeddingCache(tmp_path).encode(emb, texts + ["novo texto"])  # fresh object: from disk
    assert emb.seen == 3
    assert np.array_equal(again[:3], first)
    blobs = b"".join(p.read_bytes() for p in tmp_path.rglob("*.npz"))
    assert b"boleto" not in blobs and b"login" not in blobs


@pytest.mark.slow
def test_default_embedder_never_touches_the_network(monkeypatch, tmp_path):
    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    frame = make_tickets(15)
    m = TopicModel(seed=0, cache_dir=tmp_path).fit(frame["text_model"].tolist(),
                                                   languages=frame["language"].tolist())
    topics, _ = m.transform(frame["text_model"].tolist()[:20], languages=frame["language"].tolist()[:20])
    assert m.embedder_.name == "use-multilingual-v3"
    assert cluster_scores(frame["reason"], m.labels_)["nmi"] >= 0.8
    assert len(topics) == 20


@pytest.fixture(scope="session")
def clean_sample(sample_dir):
    from vocmine.ingest import read_tickets
    from vocmine.text import clean_frame

    frame = clean_frame(read_tickets(sample_dir / "tickets.csv").frame)
    truth = pd.read_csv(sample_dir / "truth_tickets.csv")[["ticket_id", "reason"]]
    return frame.drop(columns=["text_raw"]).merge(truth, on="ticket_id")


@pytest.fixture(scope="session")
def sample_cache(tmp_path_factory):
    return tmp_path_factory.mktemp("embedding-cache")


@pytest.mark.slow
def test_sample_planted_reasons_recovered(clean_sample, sample_cache):
    f = clean_sample
    m = TopicModel(seed=0, cache_dir=sample_cache).fit(f["text_model"].tolist(), lemmas=f["text_lemmas"].tolist(),
                                                       languages=f["language"].tolist(),
                                                       display=f["text_display"].tolist())
    s = cluster_scores(f["reason"], m.labels_)
    assert s["nmi"] >= 0.85, s
    # clusters follow the reason, not the language
    assert cluster_scores(f["language"], m.labels_)["nmi"] < 0.1


@pytest.mark.slow
def test_sample_emerging_reason_is_a_new_topic(clean_sample, sample_cache, sample_dir, tmp_path):
    import json

    emerging = json.loads((sample_dir / "truth.json").read_text())["emerging"]
    f = clean_sample
    r1 = topics_for_period(f, state_dir=tmp_path, period="2026-07", cache_dir=sample_cache)
    assert r1.mode == "fit"
    a1 = r1.assignments.merge(f[["ticket_id", "reason"]], on="ticket_id")
    assert cluster_scores(a1["reason"], a1["topic_id"])["nmi"] >= 0.8
    r2 = topics_for_period(f, state_dir=tmp_path, period="2026-08", mode="transform", cache_dir=sample_cache)
    # one new topic: the reason's PT and EN halves are found apart and joined (as alike as the
    # language halves of a fitted topic), the agent-note and chat-header clusters already there in
    # every month are not new
    assert len(r2.new_topics) == 1, r2.new_topics
    a2 = r2.assignments.merge(f[["ticket_id", "reason"]], on="ticket_id")
    new = a2[a2["topic_id"].isin(r2.new_topics)]
    # the new topics are the emerging reason, and hold most of its tickets
    assert new["reason"].isin(emerging).mean() >= 0.9
    planted = a2[a2["reason"].isin(emerging)]
    assert planted["topic_id"].isin(r2.new_topics).mean() >= 0.8
    status = r2.changes.set_index("topic_id")["status"]
    assert all(status[t] == "new" for t in r2.new_topics)
    # old tickets keep their topic ids
    before = r1.assignments.set_index("ticket_id")["topic_id"]
    after = a2.set_index("ticket_id")["topic_id"]
    assert (after.loc[before.index] == before).all()
    assert not (set(r2.new_topics) & set(r1.catalogue["topic_id"]))
