"""TopicModel: reproducibility, order invariance, persistence, duplicates, size rule, labels."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from clustering_helpers import fast_model, make_tickets

from vocmine.clustering import TopicModel, cluster_scores, min_topic_size_for
from vocmine.exceptions import ConfigError, NotFittedError
from vocmine.schema import OUTLIER_TOPIC


def _fit(frame, **kw):
    return fast_model(**kw).fit(frame["text_model"].tolist(), lemmas=frame["text_lemmas"].tolist(),
                                languages=frame["language"].tolist(), display=frame["text_display"].tolist())


def test_recovers_planted_topics(tickets):
    m = _fit(tickets)
    s = cluster_scores(tickets["reason"], m.labels_)
    assert s["nmi"] >= 0.9 and s["ari"] >= 0.9, s
    # clusters follow meaning, not language
    assert cluster_scores(tickets["language"], m.labels_)["nmi"] < 0.1


def test_same_input_and_seed_give_identical_assignments(tickets):
    a, b = _fit(tickets), _fit(tickets)
    assert np.array_equal(a.labels_, b.labels_)
    assert np.allclose(a.centroids_, b.centroids_)
    assert a.keywords_ == b.keywords_


def test_shuffled_input_gives_same_partition(tickets):
    base = _fit(tickets)
    order = np.random.default_rng(1).permutation(len(tickets))
    shuffled = tickets.iloc[order].reset_index(drop=True)
    m = _fit(shuffled)
    back = np.empty(len(order), dtype=int)
    back[order] = m.labels_
    assert cluster_scores(base.labels_, back)["ari"] >= 0.9


def test_save_load_round_trip_gives_identical_transform(tickets, tmp_path):
    m = _fit(tickets)
    new = make_tickets(5, months=("2026-04",), seed=3)
    before = m.transform(new["text_model"].tolist(), languages=new["language"].tolist())
    m.save(tmp_path / "model")
    loaded = TopicModel.load(tmp_path / "model")
    after = loaded.transform(new["text_model"].tolist(), languages=new["language"].tolist())
    assert np.array_equal(before[0], after[0])
    assert np.allclose(before[1], after[1])
    assert loaded.labels_text_ == m.labels_text_


def test_history_vectors_assign_like_transform(tickets):
    # a monthly run embeds the history once and assigns it several times from those vectors: the
    # topics must be transform's, with and without the fit's own labels, across batch borders
    m = _fit(tickets, batch_size=37)
    new = make_tickets(5, months=("2026-04",), seed=3)
    docs = tickets["text_model"].tolist() + new["text_model"].tolist()
    langs = tickets["language"].tolist() + new["language"].tolist()
    vec = m.history_vectors(docs, languages=langs)
    assert vec.shape == (len(docs), m.centroids_.shape[1])
    got = {}
    for keep in (True, False):
        want = m.transform(docs, languages=langs, keep_known=keep)
        got[keep] = m.assign_vectors(vec, docs if keep else None, keep_known=keep)
        assert np.array_equal(want[0], got[keep][0]) and np.array_equal(want[1], got[keep][1])
    # some fitted texts sit at a topic border, where the fit's label and the nearest centroid differ
    assert (got[True][0] != got[False][0]).any()
    sub = np.arange(3, len(docs), 4)
    want = m.transform([docs[i] for i in sub], languages=[langs[i] for i in sub])
    got = m.assign_vectors(vec[sub], [docs[i] for i in sub])
    assert np.array_equal(want[0], got[0]) and np.array_equal(want[1], got[1])


def test_history_vectors_skip_preparing_texts_prepared_before(tickets, tmp_path, monkeypatch):
    # a monthly run reads the whole history again: texts this model prepared in an earlier run are
    # found by their raw-text key, their vectors are the same, and only the new month is prepared
    m = _fit(tickets, batch_size=37, cache_dir=tmp_path / "cache")
    new = make_tickets(5, months=("2026-04",), seed=3)
    old_docs, old_langs = tickets["text_model"].tolist(), tickets["language"].tolist()
    docs, langs = old_docs + new["text_model"].tolist(), old_langs + new["language"].tolist()
    plain = np.vstack([m.transform_vectors(docs[s:s + 37], languages=langs[s:s + 37]) for s in range(0, len(docs), 37)])
    assert list((tmp_path / "cache" / "prepared").rglob("*.npz"))  # the fit recorded keys only: raw -> prepared
    first = m.history_vectors(old_docs, languages=old_langs)
    assert np.array_equal(first, plain[:len(old_docs)])

    later = TopicModel.load(m.save(tmp_path / "model"), cache_dir=tmp_path / "cache")  # the next run
    prepared = []
    real = later._prep
    monkeypatch.setattr(later, "_prep", lambda texts: (prepared.extend(texts), real(texts))[1])
    again = later.history_vectors(docs, languages=langs)
    assert np.array_equal(again, plain)
    seen = set(old_docs)
    assert len(prepared) == sum(d not in seen for d in docs) < len(docs) / 2  # the new month's texts only
    # another preparation (other boilerplate learnt at fit) does not reuse those keys
    later.boilerplate_ = frozenset({"a segment nobody wrote"})
    assert later._prep_namespace() != m._prep_namespace()


WORDLESS = ["aaaaaaaaaaaa", ".", "???", "XXXX XXXX", "------------", "kkkkkkk", "1234 5678", "[Editado pelo Reclame Aqui]"]


def test_texts_without_words_form_no_topic(tickets, tmp_path):
    # a real export holds bodies of filler, masks or punctuation only ("aaaa", "XXXX", "."): they
    # have nothing to say; clustered, they made a topic of their own labelled "topic 36"
    junk = [f"{w} {'!' * (i % 5)}" for i in range(40) for w in WORDLESS[i % len(WORDLESS):][:1]]
    frame = pd.concat([tickets, pd.DataFrame({"text_model": junk, "text_lemmas": "", "language": "pt",
                                              "text_display": junk})], ignore_index=True)
    m = _fit(frame, cache_dir=tmp_path / "cache")
    n = len(tickets)
    assert m.wordless_ == len(set(junk))
    assert (m.labels_[n:] == OUTLIER_TOPIC).all()
    assert m.outlier_share_ == float(np.mean(m.labels_[:n] == OUTLIER_TOPIC))  # of the texts with words
    assert cluster_scores(tickets["reason"], m.labels_[:n])["nmi"] >= 0.9
    assert all(m.keywords_[t] for t in m.topic_ids_)
    assert not [lab for lab in m.labels_text_.values() if lab.startswith("topic ")]
    # later months: no topic takes them, by transform or from the history's vectors
    t, p = m.transform(junk[:8], languages=["en"] * 8, keep_known=False)
    assert (t == OUTLIER_TOPIC).all() and (p == 0).all()
    docs = tickets["text_model"].tolist()[:50] + junk
    vec = m.history_vectors(docs, languages=["pt"] * len(docs))
    assert not vec[50:].any() and np.linalg.norm(vec[:50], axis=1).min() > 0.99
    t, _ = m.assign_vectors(vec, keep_known=False)
    assert (t[50:] == OUTLIER_TOPIC).all() and (t[:50] != OUTLIER_TOPIC).mean() > 0.9
    again = TopicModel.load(m.save(tmp_path / "model"), cache_dir=tmp_path / "cache").history_vectors(
        docs, languages=["pt"] * len(docs))  # prepared keys from the cache: the same zero vectors
    assert np.array_equal(again, vec)


def test_saved_model_keeps_no_rare_ticket_words(tickets, tmp_path):
    # a word used once (a name or id that survived redaction) must not be persisted
    frame = tickets.copy()
    frame.loc[5, ["text_model", "text_lemmas"]] = frame.loc[5, "text_model"] + " zzsecretzz"
    m = _fit(frame)
    m.save(tmp_path / "model")
    blob = b"".join(p.read_bytes() for p in (tmp_path / "model").iterdir())
    reps = " ".join(sum(m.representative_docs_.values(), []))
    assert "zzsecretzz" not in reps
    assert b"zzsecretzz" not in blob


def test_transform_before_fit_raises():
    with pytest.raises(NotFittedError):
        fast_model().transform(["x"])


def test_duplicates_are_collapsed_and_counted(tickets):
    dup = pd.concat([tickets, tickets.iloc[:30]], ignore_index=True)  # 30 exact repeats
    m = _fit(dup)
    assert m.n_duplicates_ >= 30
    # each duplicate gets the topic of its original, and sizes count every copy
    assert np.array_equal(m.labels_[len(tickets):], m.labels_[:30])
    assert sum(m.topic_sizes_.values()) + int((m.labels_ == OUTLIER_TOPIC).sum()) == len(dup)
    for t in m.topic_ids_:
        assert m.topic_sizes_[t] == int((m.labels_ == t).sum())


def test_min_topic_size_rule():
    assert min_topic_size_for(100) == 10
    assert min_topic_size_for(10_003) == 25
    assert min_topic_size_for(7_332) == 18
    assert min_topic_size_for(1_000_000) == 100
    m = _fit(make_tickets(20, months=("2026-01",)), min_topic_size=None)
    assert m.min_topic_size_ == 10
    assert _fit(make_tickets(20, months=("2026-01",)), min_topic_size=15).min_topic_size_ == 15


def test_fit_on_sample_assigns_the_rest(tickets):
    m = _fit(tickets, max_fit_docs=200, batch_size=50, min_topic_size=15)
    assert len(m.labels_) == len(tickets)
    s = cluster_scores(tickets["reason"], m.labels_)
    assert s["nmi"] >= 0.85, s


def test_readable_topics(tickets):
    m = _fit(tickets)
    info = m.topic_info()
    assert list(info.columns) == ["topic_id", "label", "label_pt", "label_en", "size", "keywords", "keywords_pt",
                                  "keywords_en", "representative_docs"]
    by_reason = pd.crosstab(m.labels_, tickets["reason"]).idxmax(axis=1)
    boleto = int(by_reason[by_reason == "boleto"].index[0])
    row = info.set_index("topic_id").loc[boleto]
    assert "boleto" in row["label"]
    assert " · " in row["label"]
    assert any("boleto" in k for k in row["keywords_pt"]) and any("boleto" in k for k in row["keywords_en"])
    assert row["representative_docs"] and all("boleto" in d for d in row["representative_docs"])
    h = m.hierarchy()
    assert len(h) == len(m.topic_ids_) - 1
    assert sorted(h.iloc[-1]["topics"]) == sorted(m.topic_ids_)


def test_outliers_reduced_and_share_reported(tickets):
    import hdbscan

    noisy = pd.concat([tickets, make_tickets(1, months=("2026-01",), seed=9).assign(
        text_model=lambda f: ["zebra quantum violin " + str(i) for i in range(len(f))])], ignore_index=True)
    m = _fit(noisy, hdbscan_model=hdbscan.HDBSCAN(min_cluster_size=10), min_similarity=0.5)
    assert 0.0 <= m.outlier_share_ < 0.2
    assert m.outlier_share_ == pytest.approx(float(np.mean(m.labels_ == OUTLIER_TOPIC)))


class _LookupEmbedder:
    """Documents are names of prepared vectors (``"d17"`` → row 17): lets a test set the geometry."""

    name = "test-lookup"

    def __init__(self, vectors):
        self.vectors = vectors
        self.fingerprint = f"lookup:{len(vectors)}"

    def encode(self, texts):
        return self.vectors[[int(t[1:]) for t in texts]]


class _KMeansSplitter:
    """Clusterer that always cuts into ``k`` pieces, however many groups the data has."""

    def __init__(self, k):
        self.k = k

    def fit(self, x, y=None):
        from sklearn.cluster import KMeans

        self.labels_ = KMeans(self.k, n_init=3, random_state=0).fit_predict(x)
        return self


def _geometry_fit(groups: int, spread: float, k: int, **kw):
    """``groups`` well-apart directions in 64-d, 80 documents each, Gaussian ``spread`` around them,
    cut into ``k`` clusters; fitted with language centring off so the geometry is what the test set."""
    from sklearn.decomposition import PCA

    rng = np.random.default_rng(0)
    centres = np.linalg.qr(rng.normal(size=(64, groups)))[0].T  # orthonormal: group centroids ~0 apart
    truth = np.repeat(np.arange(groups), 80)
    vec = centres[truth] + spread * rng.normal(size=(len(truth), 64)) / 8
    vec /= np.linalg.norm(vec, axis=1, keepdims=True)
    docs = [f"d{i}" for i in range(len(vec))]
    m = TopicModel(embedder=_LookupEmbedder(vec), umap_model=PCA(n_components=8, random_state=0),
                   hdbscan_model=_KMeansSplitter(k), center_languages=False, strip_boilerplate=False,
                   lowercase=False, min_topic_size=10, seed=0, **kw).fit(docs)
    return m, truth


def test_auto_merge_rejoins_an_over_split_corpus():
    # 3 diffuse groups cut into 12 pieces: each piece is closer to its siblings than to its documents
    m, truth = _geometry_fit(groups=3, spread=2.0, k=12)
    assert m.over_split_share_["*"] > 0.6
    assert m.merge_similarity_["*"] < 0.75
    assert len(m.topic_ids_) == 3
    assert cluster_scores(truth, m.labels_)["ari"] > 0.9
    # the fixed 0.75 threshold leaves most fragments apart
    fixed, _ = _geometry_fit(groups=3, spread=2.0, k=12, merge_similarity=0.75)
    assert fixed.merge_similarity_ == {"*": 0.75} and len(fixed.topic_ids_) >= 9


def test_auto_merge_keeps_separate_topics_apart():
    # 12 compact groups cut into 12: nothing is over-split, the 0.75 cap stays and nothing merges
    m, truth = _geometry_fit(groups=12, spread=0.3, k=12)
    assert m.over_split_share_["*"] <= 0.6
    assert m.merge_similarity_ == {"*": 0.75}
    assert len(m.topic_ids_) == 12
    assert cluster_scores(truth, m.labels_)["ari"] > 0.95


def test_merge_does_not_chain_topics_into_one():
    # five topics on an arc, 20 to 30 degrees apart: each is like the next (cos 30 = 0.87 > 0.82) but
    # the ends are unlike (cos 105 = -0.26). Single linkage made one topic of all five; centroid
    # linkage joins neighbours only while the merged centroid is still like the next one.
    from vocmine.clustering.merge import merge_near

    angles = np.radians([0, 20, 50, 75, 105])
    emb = np.stack([np.cos(angles), np.sin(angles)], axis=1).repeat(10, axis=0)
    topics = np.arange(5).repeat(10)
    merged, n = merge_near(emb, topics, np.ones(len(emb)), [0, 1, 2, 3, 4], np.full(5, 0.82))
    groups = {tuple(sorted(set(topics[merged == g].tolist()))) for g in set(merged.tolist())}
    assert groups == {(0, 1), (2, 3), (4,)} and n == 2
    # a merged topic keeps the smallest id; nothing above the threshold: nothing moves
    assert set(merged.tolist()) == {0, 2, 4}
    same, none = merge_near(emb, topics, np.ones(len(emb)), [0, 1, 2, 3, 4], np.full(5, 0.95))
    assert none == 0 and (same == topics).all()


def test_merge_similarity_rejects_unknown_words():
    from vocmine.exceptions import ConfigError

    with pytest.raises(ConfigError, match="merge_similarity"):
        _geometry_fit(groups=3, spread=2.0, k=6, merge_similarity="always")


class _FixedLabels:
    """Clusterer returning labels the test prepared (documents are fitted in input order)."""

    def __init__(self, labels):
        self.labels = np.asarray(labels)

    def fit(self, x, y=None):
        assert len(x) == len(self.labels)
        self.labels_ = self.labels
        return self


def _two_language_fit(languages):
    """PT: 3 diffuse themes, each cut into 4 fragments. EN: 6 crisp intents, left whole, that share
    a common direction (centroid similarity 0.64: related, but well apart for their cohesion)."""
    from sklearn.cluster import KMeans
    from sklearn.decomposition import PCA

    rng = np.random.default_rng(1)
    dirs = np.linalg.qr(rng.normal(size=(64, 10)))[0].T
    centres = dirs[:9].copy()
    centres[3:] = 0.8 * dirs[9] + 0.6 * dirs[3:9]
    truth = np.repeat(np.arange(9), 80)
    spread = np.where(truth < 3, 2.5, 0.3)[:, None]
    vec = centres[truth] + spread * rng.normal(size=(len(truth), 64)) / 8
    vec /= np.linalg.norm(vec, axis=1, keepdims=True)
    cut = truth.copy()
    for g in range(3):
        m = truth == g
        cut[m] = 100 + 4 * g + KMeans(4, n_init=3, random_state=0).fit_predict(vec[m])
    langs = np.where(truth < 3, "pt", "en").tolist() if languages else None
    m = TopicModel(embedder=_LookupEmbedder(vec), umap_model=PCA(n_components=8, random_state=0),
                   hdbscan_model=_FixedLabels(cut), center_languages=False, strip_boilerplate=False,
                   lowercase=False, min_topic_size=10, seed=0).fit([f"d{i}" for i in range(len(vec))],
                                                                    languages=langs)
    return m, truth


def test_auto_merge_decides_per_language():
    m, truth = _two_language_fit(languages=True)
    assert m.over_split_share_["pt"] > 0.6 >= m.over_split_share_["en"]
    assert m.merge_similarity_["pt"] < 0.75 == m.merge_similarity_["en"]
    assert len(set(m.labels_[truth >= 3].tolist())) == 6  # the EN intents stay apart
    assert len(set(m.labels_[truth < 3].tolist())) < 12  # the PT fragments merge
    assert cluster_scores(truth, m.labels_)["ari"] > 0.95
    # one corpus-wide decision lowers the threshold for everyone and the EN intents collapse
    whole, _ = _two_language_fit(languages=False)
    assert len(set(whole.labels_[truth >= 3].tolist())) < 6


def test_davies_bouldin_matches_scikit_learn():
    from sklearn.metrics import davies_bouldin_score

    from vocmine.clustering.cluster import davies_bouldin

    rng = np.random.default_rng(0)
    x = rng.normal(size=(300, 8)).astype(np.float32)
    t = rng.integers(0, 5, 300)
    x[t == 1] += 3.0
    assert davies_bouldin(x, t) == pytest.approx(davies_bouldin_score(x, t), abs=1e-4)
    # outliers are left out, and one topic has no index
    t_out = t.copy()
    t_out[:20] = OUTLIER_TOPIC
    keep = t_out != OUTLIER_TOPIC
    assert davies_bouldin(x, t_out) == pytest.approx(davies_bouldin_score(x[keep], t_out[keep]), abs=1e-4)
    assert davies_bouldin(x, np.zeros(300, dtype=int)) == float("inf")


def test_silhouette_is_scikit_learns_without_blas_and_sampled_with_a_seed():
    from sklearn.metrics import silhouette_score

    from vocmine.clustering.cluster import silhouette

    rng = np.random.default_rng(3)
    x = rng.normal(size=(900, 5))
    t = rng.integers(0, 6, 900)
    x[t == 2] += 3.0
    t[:4] = OUTLIER_TOPIC
    t[7] = 40  # a topic of one row scores 0, as in scikit-learn
    keep = t != OUTLIER_TOPIC
    assert silhouette(x, t) == pytest.approx(silhouette_score(x[keep], t[keep]), abs=1e-4)
    assert silhouette(x, t, max_points=300, seed=1) == silhouette(x, t, max_points=300, seed=1)
    assert silhouette(x, np.zeros(900, dtype=int)) == -1.0


def test_topic_size_choice_screens_by_davies_bouldin_then_follows_the_silhouette():
    from vocmine.clustering.cluster import SIZE_DB_TOLERANCE, SIZE_SILHOUETTE_GAIN, choose_size

    # masked bitext as measured: the index keeps the smallest size, the silhouette climbs
    masked = {10: (2.183, 0.602), 15: (2.302, 0.634), 20: (2.340, 0.702), 25: (2.316, 0.751)}
    assert choose_size(masked) == 25
    # RePro: a size whose index is far above the lowest never wins, whatever its silhouette
    repro = {13: (3.999, -0.149), 20: (4.512, 0.393), 26: (4.426, 0.193), 32: (4.903, 0.459)}
    assert choose_size(repro) == 13
    # a larger size needs the whole silhouette gain; near-ties keep the smaller one
    tie = {25: (2.481, 0.5874), 38: (2.50, 0.5874 + SIZE_SILHOUETTE_GAIN * 0.9)}
    assert choose_size(tie) == 25
    assert choose_size({25: (2.481, 0.5), 38: (2.481 * SIZE_DB_TOLERANCE, 0.5 + SIZE_SILHOUETTE_GAIN)}) == 38
    assert choose_size({25: (2.481, 0.5), 38: (2.481 * SIZE_DB_TOLERANCE * 1.01, 0.9)}) == 25
    assert choose_size({18: (3.2, 0.70), 36: (3.0, 0.60)}) == 18  # the smallest eligible size starts
    # a size cutting the corpus into a catch-all and crumbs is left out while another size is not:
    # here its index is the lowest and its silhouette the highest (5,000 B2W reviews, measured: size 18
    # cut them in two topics, 68% in one; size 12 gave 17 topics, the largest 23%)
    b2w = {12: (4.409, 0.340, 0.23), 18: (4.239, 0.413, 0.68), 24: (4.239, 0.413, 0.68), 30: (5.218, 0.409, 0.27)}
    assert choose_size({k: v[:2] for k, v in b2w.items()}) == 18
    assert choose_size(b2w) == 12
    assert choose_size({12: (4.4, 0.3, 0.6), 18: (4.2, 0.4, 0.7)}) == 18  # every size a catch-all: as before


def test_auto_topic_size_is_a_fixed_size_fit_at_the_size_it_chose(tickets):
    from vocmine.clustering.cluster import choose_size, size_candidates

    assert size_candidates(10, 1000) == [10, 15, 20, 25, 30, 40, 50]
    assert size_candidates(10, 90) == [10, 15, 20, 25, 30, 40]
    assert size_candidates(10, 35) == [10, 15]  # each size must leave room for two topics
    kw = {"umap_model": None}  # the size is chosen on the real reducer (one reduction for every size)
    auto = _fit(tickets, min_topic_size="auto", **kw)
    tried = auto.min_topic_sizes_tried_
    base = min_topic_size_for(len(set(tickets["text_model"])))
    assert list(tried) == size_candidates(base, len(set(tickets["text_model"])))
    assert auto.min_topic_size_ in tried
    # the rule (cluster.choose_size) on the scores the fit recorded
    sil = auto.size_silhouettes_
    assert list(sil) == list(tried) and all(-1 <= v <= 1 for v in sil.values())
    big = auto.size_largest_shares_
    assert list(big) == list(tried) and all(0 < v <= 1 for v in big.values())
    assert auto.min_topic_size_ == choose_size({k: (tried[k], sil[k], big[k]) for k in tried})
    fixed = _fit(tickets, min_topic_size=auto.min_topic_size_, **kw)
    assert np.array_equal(auto.labels_, fixed.labels_) and fixed.min_topic_sizes_tried_ == {}
    with pytest.raises(ConfigError):
        _fit(tickets, min_topic_size="large")


def test_language_halves_similarity_is_the_least_alike_halves_of_a_fitted_topic(tickets):
    m = _fit(tickets)
    docs, lang = tickets["text_model"].tolist(), tickets["language"].to_numpy()
    vec = m.history_vectors(docs, languages=lang.tolist())
    labels = np.asarray(m.labels_)
    sims = []
    for t in m.topic_ids_:
        halves = [(labels == t) & (lang == code) for code in ("pt", "en")]
        if all(h.sum() >= 10 for h in halves):
            c = [vec[h].sum(0) / np.linalg.norm(vec[h].sum(0)) for h in halves]
            sims.append(float(c[0] @ c[1]))
    assert len(sims) >= 3  # every planted reason is one topic holding both languages
    assert m.language_halves_similarity_ == pytest.approx(min(sims), abs=1e-3)
    # one language only: no evidence of how alike two halves are
    en = tickets[tickets["language"] == "en"]
    assert _fit(en).language_halves_similarity_ is None


def test_topic_words_from_a_bounded_sample_stay_the_topics_words(tickets, monkeypatch):
    # large corpora read their topic words from a per-topic sample (topics.words_sample): the labels
    # stay those of every text, and the topics, their sizes and the representative tickets do not move
    from vocmine.clustering import topics as topics_mod

    full = _fit(tickets)
    monkeypatch.setattr(topics_mod, "WORDS_MAX_DOCS", len(tickets) // 3)
    monkeypatch.setattr(topics_mod, "WORDS_MIN_PER_TOPIC", 20)
    part = _fit(tickets)
    assert np.array_equal(full.labels_, part.labels_) and full.topic_sizes_ == part.topic_sizes_
    assert full.representative_docs_ == part.representative_docs_
    # (a third of this small corpus: the words move, they stay the topic's; 100,000 e-mail tickets
    # read through 30,000: bench/topics.md, "Topic words from a bounded sample")
    for t in full.topic_ids_:
        words = [{w for k in m.keywords_[t][:5] for w in k.split()} for m in (full, part)]
        assert len(words[0] & words[1]) >= 2, (t, full.keywords_[t], part.keywords_[t])
