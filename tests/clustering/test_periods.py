"""Catalogue alignment and the month-to-month flow of topics_for_period (synthetic, fast)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from clustering_helpers import NEW_TOPIC, TOPICS, TranslatingEmbedder, make_tickets
from sklearn.decomposition import PCA

from vocmine.clustering import align_topics, topics_for_period
from vocmine.clustering.catalogue import CATALOGUE_COLUMNS
from vocmine.clustering.state import load_state
from vocmine.exceptions import ConfigError, SchemaError


def _params():
    return {"umap_model": PCA(n_components=5, random_state=0), "min_topic_size": 30}


def _reason_to_topic(result, frame) -> dict[str, int]:
    a = result.assignments.merge(frame[["ticket_id", "reason"]], on="ticket_id")
    return a.groupby("reason")["topic_id"].agg(lambda s: s.value_counts().index[0]).to_dict()


def test_align_topics_restores_ids_of_a_permuted_refit():
    rng = np.random.default_rng(0)
    old = rng.normal(size=(5, 16))
    perm = [3, 0, 4, 1, 2]
    new = old[perm] + rng.normal(scale=0.01, size=(5, 16))
    mapping = align_topics([10, 11, 12, 13, 14], old, [0, 1, 2, 3, 4], new, threshold=0.9)
    assert mapping == {i: 10 + perm[i] for i in range(5)}
    # a topic unlike any old one gets a fresh id above the old ones
    extra = np.vstack([new, rng.normal(size=(1, 16))])
    mapping = align_topics([10, 11, 12, 13, 14], old, [0, 1, 2, 3, 4, 5], extra, threshold=0.9)
    assert mapping[5] == 15 and len(set(mapping.values())) == 6


def test_refit_keeps_catalogue_ids(tmp_path):
    hist = make_tickets(40, months=("2026-01", "2026-02"))
    r1 = topics_for_period(hist, state_dir=tmp_path, period="2026-02", mode="fit", embedder=TranslatingEmbedder(),
                           cache_dir=tmp_path / "cache", model_params=_params())
    ids1 = _reason_to_topic(r1, hist)
    assert len(set(ids1.values())) == 4
    # a refit on more months, rows in another order and another seed: topics may come out permuted
    more = make_tickets(40, months=("2026-01", "2026-02", "2026-03"), seed=5, id_prefix="U")
    more = more.sample(frac=1.0, random_state=3).reset_index(drop=True)
    r2 = topics_for_period(more, state_dir=tmp_path, period="2026-03", mode="fit", seed=1,
                           cache_dir=tmp_path / "cache", model_params=_params())
    assert r2.mode == "refit"  # a fit over a saved state is a refit: ids re-matched
    assert _reason_to_topic(r2, more) == ids1
    # a refit may split a reason in two: the larger half keeps the id, the other one is new
    assert all(t not in ids1.values() for t in r2.new_topics)
    cat = load_state(tmp_path).catalogue.set_index("topic_id")
    assert list(cat.reset_index().columns) == CATALOGUE_COLUMNS
    assert set(ids1.values()) <= set(cat.index)
    assert (cat.loc[list(ids1.values()), "first_seen"] == "2026-01").all()
    assert (cat.loc[list(ids1.values()), "last_seen"] == "2026-03").all()


def test_month_flow_reports_planted_new_topic_and_keeps_old_ids(tmp_path):
    old = make_tickets(40, months=("2026-01", "2026-02", "2026-03"))
    topics = dict(TOPICS)
    topics[NEW_TOPIC[0]] = NEW_TOPIC[1]
    last = make_tickets(40, months=("2026-04",), topics=topics, seed=11, id_prefix="N")
    frame = pd.concat([old, last], ignore_index=True)

    r1 = topics_for_period(frame, state_dir=tmp_path, period="2026-03", embedder=TranslatingEmbedder(),
                           cache_dir=tmp_path / "cache", model_params=_params())
    assert r1.mode == "fit" and len(r1.assignments) == len(old)  # later months are ignored
    before = r1.assignments.set_index("ticket_id")["topic_id"]
    ids = _reason_to_topic(r1, frame)

    r2 = topics_for_period(frame, state_dir=tmp_path, period="2026-04", cache_dir=tmp_path / "cache")
    assert r2.mode == "transform"
    assert len(r2.new_topics) == 1
    new_id = r2.new_topics[0]
    a = r2.assignments.merge(frame[["ticket_id", "reason"]], on="ticket_id")
    planted = a[a["reason"] == NEW_TOPIC[0]]
    assert (planted["topic_id"] == new_id).mean() >= 0.9
    assert (a.loc[a["topic_id"] == new_id, "reason"] == NEW_TOPIC[0]).mean() >= 0.9
    # old tickets keep their topics and old reasons keep their ids
    after = a.set_index("ticket_id")["topic_id"]
    assert (after.loc[before.index] == before).all()
    month4 = a[a["period"] == "2026-04"]
    for reason, t in ids.items():
        assert (month4.loc[month4["reason"] == reason, "topic_id"] == t).mean() >= 0.9
    ch = r2.changes.set_index("topic_id")
    assert ch.loc[new_id, "status"] == "new" and ch.loc[new_id, "n_period"] >= 36
    assert set(ch["status"]) <= {"new", "growing", "shrinking", "stable", "vanished"}
    assert new_id in set(r2.catalogue["topic_id"])
    assert r2.catalogue.set_index("topic_id").loc[new_id, "first_seen"] == "2026-04"
    assert "pix" in r2.catalogue.set_index("topic_id").loc[new_id, "label"]


def test_changes_statuses(tmp_path):
    frame = make_tickets(40, months=("2026-01", "2026-02"))
    # next month: boleto triples, refund disappears
    nxt = make_tickets(40, months=("2026-03",), seed=2, id_prefix="M")
    nxt = pd.concat([nxt[nxt["reason"] != "refund"],
                     make_tickets(80, months=("2026-03",), seed=4, id_prefix="B",
                                  topics={"boleto": TOPICS["boleto"]})], ignore_index=True)
    topics_for_period(frame, state_dir=tmp_path, period="2026-02", embedder=TranslatingEmbedder(),
                      cache_dir=tmp_path / "cache", model_params=_params())
    full = pd.concat([frame, nxt], ignore_index=True)
    r = topics_for_period(full, state_dir=tmp_path, period="2026-03", mode="transform", cache_dir=tmp_path / "cache")
    ids = _reason_to_topic(r, full)
    st = r.changes.set_index("topic_id")["status"]
    assert st[ids["boleto"]] == "growing"
    assert st[ids["refund"]] == "vanished"
    assert st[ids["login"]] == "stable"


def test_bad_arguments(tmp_path, tickets):
    with pytest.raises(ConfigError):
        topics_for_period(tickets, state_dir=tmp_path, period="2026-13x")
    with pytest.raises(ConfigError):
        topics_for_period(tickets, state_dir=tmp_path, period="2026-03", mode="transform")
    with pytest.raises(SchemaError):
        topics_for_period(tickets.drop(columns=["text_model"]), state_dir=tmp_path, period="2026-03")
