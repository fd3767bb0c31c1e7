"""Topic state written as one unit, and the month flow: fit on the history, refit that keeps ids,
pooled new topics, honest statuses (synthetic corpus, injected fast parts)."""

from __future__ import annotations

import errno
import json

import numpy as np
import pandas as pd
import pytest
from clustering_helpers import NEW_TOPIC, TOPICS, TranslatingEmbedder, make_tickets
from sklearn.decomposition import PCA

from vocmine.clustering import flow as flow_mod
from vocmine.clustering import state as state_mod
from vocmine.clustering.evaluate import cluster_scores
from vocmine.clustering.flow import assign_period, match_ids
from vocmine.clustering.state import StateError, current_version, load_state, version_before


def _params():
    return {"umap_model": PCA(n_components=5, random_state=0), "min_topic_size": 30}


def _fit(frame, state_dir, period, **kw):
    kw.setdefault("embedder", TranslatingEmbedder())
    return assign_period(frame, period=period, state_dir=state_dir, cache_dir=state_dir / "cache",
                         model_params=_params(), **kw)


def _majority(assignments, frame):
    a = assignments.merge(frame[["ticket_id", "reason"]], on="ticket_id")
    return a.groupby("reason")["topic_id"].agg(lambda s: s.value_counts().index[0]).to_dict()


def test_state_versions_chain_and_rewind(tmp_path):
    frame = make_tickets(40, months=("2026-01", "2026-02", "2026-03"))
    r1 = _fit(frame[frame["created_at"] < "2026-03-01"], tmp_path, "2026-02")
    r2 = _fit(frame, tmp_path, "2026-03")
    assert (r1.mode, r2.mode) == ("fit", "transform")
    assert current_version(tmp_path) == r2.version
    meta = json.loads((tmp_path / "versions" / r2.version / "state.json").read_text())
    assert meta["parent"] == r1.version and meta["period"] == "2026-03"
    # re-running March starts from February's version; re-running February from nothing
    assert version_before(tmp_path, "2026-03") == r1.version
    assert version_before(tmp_path, "2026-02") is None
    assert version_before(tmp_path, "2026-04") == r2.version
    # no float arrays as JSON text anywhere in the state
    for p in (tmp_path / "versions").rglob("*.json"):
        assert "[0." not in p.read_text() and "[-0." not in p.read_text(), p
    loaded = load_state(tmp_path)
    assert list(loaded.catalogue["topic_id"]) == list(r2.catalogue["topic_id"])
    assert np.allclose(np.stack(loaded.catalogue["centroid"]), np.stack(r2.catalogue["centroid"]))


def test_pieces_that_do_not_belong_together_are_refused(tmp_path):
    frame = make_tickets(40, months=("2026-01", "2026-02"))
    r = _fit(frame, tmp_path, "2026-02")
    cat = tmp_path / "versions" / r.version / "catalogue.parquet"
    other = make_tickets(40, months=("2026-01",), topics={"boleto": TOPICS["boleto"]}, seed=3)
    state_mod.write_catalogue_file(_fit(other, tmp_path / "other", "2026-01").catalogue, cat)
    with pytest.raises(StateError, match="catalogue.parquet does not belong"):
        load_state(tmp_path)
    (cat).unlink()
    with pytest.raises(StateError, match="catalogue.parquet is missing"):
        load_state(tmp_path)


def test_old_layout_state_names_the_fix(tmp_path):
    (tmp_path / "model").mkdir()
    (tmp_path / "state.json").write_text(json.dumps({"period": "2026-01"}))
    with pytest.raises(StateError, match="--refit"):
        load_state(tmp_path)


@pytest.mark.parametrize("where", ["model", "catalogue"])
def test_fault_during_state_write_keeps_previous_state_and_next_run_equals_uninterrupted(tmp_path, monkeypatch,
                                                                                         where):
    frame = make_tickets(40, months=("2026-01", "2026-02", "2026-03"))
    first = frame[frame["created_at"] < "2026-03-01"]
    clean = tmp_path / "clean"
    _fit(first, clean, "2026-02")
    expected = _fit(frame, clean, "2026-03")

    broken = tmp_path / "broken"
    r1 = _fit(first, broken, "2026-02")

    def disk_full(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")

    if where == "model":
        monkeypatch.setattr(flow_mod.TopicModel, "save", disk_full)
    else:
        monkeypatch.setattr(state_mod, "write_catalogue_file", disk_full)
    with pytest.raises(OSError, match="No space"):
        _fit(frame, broken, "2026-03")
    monkeypatch.undo()
    assert current_version(broken) == r1.version  # the previous state, complete
    assert [p.name for p in (broken / "versions").iterdir() if p.name.startswith(".")] == []
    again = _fit(frame, broken, "2026-03")
    pd.testing.assert_frame_equal(again.assignments, expected.assignments)
    pd.testing.assert_frame_equal(again.changes["2026-03"], expected.changes["2026-03"])


def test_thin_first_month_is_assigned_not_fitted(tmp_path):
    """A first month of one ticket: the first run fits on the whole history, like a single fit."""
    full = make_tickets(40, months=("2026-02", "2026-03", "2026-04"))
    one = make_tickets(1, months=("2026-01",), topics={"login": TOPICS["login"]}, id_prefix="F")
    frame = pd.concat([one, full], ignore_index=True)
    r = _fit(frame, tmp_path, "2026-04", build=["2026-01", "2026-02", "2026-03", "2026-04"])
    assert r.mode == "fit"
    a = r.assignments.merge(frame[["ticket_id", "reason"]], on="ticket_id")
    assert cluster_scores(a["reason"], a["topic_id"])["nmi"] >= 0.8
    assert a["topic_id"].nunique() >= len(TOPICS)
    assert set(r.changes) == {"2026-01", "2026-02", "2026-03", "2026-04"}
    assert (r.changes["2026-01"]["status"] == "no_history").all()


def test_store_without_state_refits_with_ids_rematched(tmp_path):
    frame = make_tickets(40, months=("2026-01", "2026-02", "2026-03"))
    first = frame[frame["created_at"] < "2026-03-01"]
    r1 = _fit(first, tmp_path / "s1", "2026-02")
    stored = r1.assignments[["ticket_id", "period", "topic_id"]]
    # the state folder is lost (not cached by CI), the store is there
    r2 = _fit(frame, tmp_path / "lost", "2026-03", stored=stored, previous_catalogue=r1.catalogue,
              embedder=TranslatingEmbedder(), seed=3)
    assert r2.mode == "refit" and "no topic state" in r2.reason
    assert _majority(r2.assignments, frame) == _majority(r1.assignments, first)
    st = r2.changes["2026-03"].set_index("topic_id")["status"]
    assert not set(st) & {"new", "vanished"}  # a renamed topic is never new, an old one never vanished


def test_rerun_of_the_first_month_keeps_the_ids_of_topics_born_in_it(tmp_path):
    """A first run builds every month; re-running its last month refits (no state stands before it)
    and must give the month's topics the ids it gave them, a topic with tickets in that month only
    included (before: matched on the other months' tickets only, it got a fresh id and its old id
    was left with 0 tickets; found on the sample once its two earlier tickets moved)."""
    old = make_tickets(40, months=("2026-01", "2026-02", "2026-03"))
    burst = make_tickets(45, months=("2026-03",), topics={NEW_TOPIC[0]: NEW_TOPIC[1]}, seed=4, id_prefix="N")
    frame = pd.concat([old, burst], ignore_index=True)
    r1 = _fit(frame, tmp_path, "2026-03", build=["2026-01", "2026-02", "2026-03"])
    born = r1.assignments[r1.assignments["ticket_id"].str.startswith("N")]["topic_id"].value_counts().index[0]
    assert born != -1 and not (r1.assignments.loc[~r1.assignments["ticket_id"].str.startswith("N"),
                                                  "topic_id"] == born).mean() > 0.1
    r2 = _fit(frame, tmp_path, "2026-03", stored=r1.assignments[["ticket_id", "period", "topic_id"]],
              previous_catalogue=r1.catalogue)
    assert r2.mode == "refit"
    a1, a2 = (r.assignments.set_index("ticket_id")["topic_id"] for r in (r1, r2))
    assert (a1.reindex(a2.index) == a2).mean() > 0.95
    assert born in set(a2[a2.index.str.startswith("N")])


def test_explicit_refit_never_reports_a_renamed_topic_as_new_or_improved(tmp_path):
    frame = make_tickets(40, months=("2026-01", "2026-02", "2026-03", "2026-04"))
    first = frame[frame["created_at"] < "2026-04-01"]
    r0 = _fit(first, tmp_path, "2026-03")
    r = _fit(frame.sample(frac=1.0, random_state=1), tmp_path, "2026-04", refit=True, seed=5)
    assert r.mode == "refit"
    assert _majority(r.assignments, frame) == _majority(r0.assignments, first)
    # a refit may split a topic and give the smaller half a new id: its count has history, no claim
    st = r.changes["2026-04"]
    assert set(st["status"]) == {"stable"}, st


def test_new_topic_pooled_across_months_is_judged_by_its_history(tmp_path):
    """Tickets of an unknown topic spread evenly over the months: not a new topic (the fit left it
    out; a refit decides it), and never called new. The same topic arriving in one month only: new."""
    old = make_tickets(40, months=("2026-01", "2026-02"))
    _fit(old, tmp_path / "even", "2026-02")
    _fit(old, tmp_path / "burst", "2026-02")
    later = make_tickets(40, months=("2026-03",), seed=2, id_prefix="M")
    topics = {NEW_TOPIC[0]: NEW_TOPIC[1]}
    burst = make_tickets(45, months=("2026-03",), topics=topics, seed=4, id_prefix="N")
    r = _fit(pd.concat([old, later, burst], ignore_index=True), tmp_path / "burst", "2026-03",
             embedder=None)
    st = r.changes["2026-03"].set_index("topic_id")["status"]
    assert len(r.new_topics) == 1 and st[r.new_topics[0]] == "new"
    # even: the unknown topic's tickets were already there in January and February (unexplained)
    even = make_tickets(15, months=("2026-01", "2026-02", "2026-03"), topics=topics, seed=5, id_prefix="E")
    frame = pd.concat([old, later, even], ignore_index=True)
    r2 = _fit(frame, tmp_path / "even", "2026-03", embedder=None)
    assert r2.mode == "transform" and r2.new_topics == []
    st2 = r2.changes["2026-03"].set_index("topic_id")["status"]
    assert not set(st2) & {"new"}


def test_a_month_of_bodies_without_words_is_no_new_topic(tmp_path):
    """A form that sent filler or masked bodies for a month ("aaaa", "XXXX", "."): 60 such tickets
    arrive together, yet they say nothing: no topic, no new topic, no claim about them."""
    old = make_tickets(40, months=("2026-01", "2026-02"))
    _fit(old, tmp_path, "2026-02", embedder=None)
    later = make_tickets(40, months=("2026-03",), seed=2, id_prefix="M")
    junk = later.iloc[:60].copy() if len(later) >= 60 else pd.concat([later] * 2).iloc[:60].copy()
    junk["ticket_id"] = [f"J{i:04d}" for i in range(60)]
    fill = ["aaaaaaaa", "XXXX XXXX XXXX", ".", "???", "kkkkkkkkk", "---"]
    for col in ("text_model", "text_display"):
        junk[col] = [fill[i % len(fill)] + " " + "!" * (i % 4) for i in range(60)]
    junk["text_lemmas"] = ""
    r = _fit(pd.concat([old, later, junk], ignore_index=True), tmp_path, "2026-03", embedder=None)
    assert r.mode == "transform" and r.new_topics == []
    got = r.assignments.set_index("ticket_id")["topic_id"]
    assert (got[junk["ticket_id"]] == -1).all()
    assert (got[later["ticket_id"]] != -1).mean() > 0.9


def test_transformed_month_embeds_each_history_text_once(tmp_path, monkeypatch):
    """A monthly run prepares and embeds (through the cache) each history text at most once:
    assignment, new-topic discovery (which finds a topic here) and the counted labels share one
    pass, and the texts the fit prepared are found by their raw-text key, not prepared again."""
    from vocmine.clustering.model import TopicModel

    old = make_tickets(40, months=("2026-01", "2026-02"))
    _fit(old, tmp_path, "2026-02")
    burst = make_tickets(45, months=("2026-03",), topics={NEW_TOPIC[0]: NEW_TOPIC[1]}, seed=4, id_prefix="N")
    month = pd.concat([make_tickets(40, months=("2026-03",), seed=2, id_prefix="M"), burst], ignore_index=True)
    frame = pd.concat([old, month], ignore_index=True)
    seen: list[str] = []
    prep = TopicModel._prep

    def counting(self, docs):
        seen.extend(docs)
        return prep(self, docs)

    monkeypatch.setattr(TopicModel, "_prep", counting)
    r = _fit(frame, tmp_path, "2026-03")
    assert r.mode == "transform" and len(r.new_topics) == 1
    fitted = set(old["text_model"])
    assert len(seen) == len(set(seen)) == len(set(month["text_model"]) - fitted)


def test_match_ids_follows_shared_tickets():
    old = np.array([5, 5, 5, 7, 7, 7, 9, 9, -1])
    new = np.array([0, 0, 0, 1, 1, 1, 2, 2, 3])
    m = match_ids(new, old, next_id=10)
    assert m[0] == 5 and m[1] == 7 and m[2] == 9 and m[3] == 10 and m[-1] == -1
    # a permutation keeps every id
    assert match_ids(np.array([2, 2, 0, 0, 1]), np.array([4, 4, 6, 6, 8]), next_id=9) == {-1: -1, 2: 4, 0: 6, 1: 8}
