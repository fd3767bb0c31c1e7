"""TopicModel: BERTopic with scikit-learn habits, offline, seeded, and fit for monthly runs.

Pipeline (each part injectable): embed (cached on disk) → reduce (:class:`KnnUMAP`) → cluster
(:class:`HdbscanWard`) → BERTopic bookkeeping → outlier reduction by centroid similarity →
merge of near-identical topics → c-TF-IDF keywords, labels, representative tickets.

BERTopic is always given precomputed embeddings and an embedding backend wrapping our embedder,
so it never looks for a model on the hub. New documents are assigned by cosine similarity to the
topic centroids in embedding space (what BERTopic's safetensors mode does), so a saved model is
small: centroids, keywords and the (fitted) embedder, stored with joblib.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from vocmine.clustering.cache import EmbeddingCache
from vocmine.clustering.cluster import (
    HdbscanWard,
    choose_size,
    davies_bouldin,
    fit_bertopic,
    min_topic_size_for,
    silhouette,
    size_candidates,
)
from vocmine.clustering.embedders import default_embedder, l2_normalise
from vocmine.clustering.labels import make_label, representative_docs, topic_stopwords
from vocmine.clustering.merge import (
    centroids,
    halves_similarity,
    merge_near,
    merge_thresholds,
    own_similarity,
)
from vocmine.clustering.reduce import KnnUMAP, PrecomputedReduction
from vocmine.exceptions import ConfigError, InputError, NotFittedError
from vocmine.schema import OUTLIER_TOPIC
from vocmine.text.remove import masks as _masks

__all__ = ["TopicModel"]

_FORMAT = 1

#: a frequent segment is kept out of topic words (c-TF-IDF) too when it is found in at least this
#: share of the topics and in at least BOILERPLATE_MIN_TOPICS of them (sample: stock phrases
#: ("fico no aguardo", "can you check") are in 15-21 of 25 topics, a reason's stock phrasing
#: ("podem desativar o 2fa temporariamente") in 2-5)
BOILERPLATE_TOPIC_SHARE = 1 / 3
BOILERPLATE_MIN_TOPICS = 3


def _as_list(values, n: int, what: str) -> list | None:
    if values is None:
        return None
    values = list(values)
    if len(values) != n:
        raise ConfigError(f"{what} has {len(values)} entries but docs has {n}; expected one per document")
    return values


class TopicModel:
    """Topic model for support tickets.

    Parameters (keyword-only):
        embedder: object with ``encode``/``fingerprint`` (``None`` → :func:`default_embedder`).
        umap_model: reducer with ``fit``/``embedding_`` or ``fit_transform`` (``None`` → KnnUMAP).
        hdbscan_model: clusterer with ``fit``/``labels_`` (``None`` → HdbscanWard).
        vectorizer_model: CountVectorizer for BERTopic's own c-TF-IDF (``None`` → words+bigrams).
        min_topic_size: ``"auto"`` (default) chooses among the base size (:func:`min_topic_size_for`:
            0.25% of unique docs, 10..100) and 1.5, 2 and 2.5 times it: one reduction, clustered at
            each size, each size's final topics (merged, outliers reassigned) scored by their
            Davies-Bouldin index over the embeddings and their silhouette in the reduced space, and
            :func:`~vocmine.clustering.cluster.choose_size` keeps, among the sizes whose index is
            near the lowest, the one the silhouette prefers (ignored when ``umap_model`` or
            ``hdbscan_model`` is injected); scores in ``min_topic_sizes_tried_`` (index) and
            ``size_silhouettes_``. ``None``: the base size; a number: that size. Measured
            (``bench/topics.md``): it keeps the base size on banking77, RePro and their held-out or
            mixed sets and coarsens the synthetic bitext intents (89 → 39 topics, ARI 0.451 → 0.697)
            and masked bitext (92 → 32 topics, ARI 0.506 → 0.710).
        seed: seeds every random step.
        reduce_outliers: assign noise documents to the nearest topic centroid when similar enough.
        min_similarity: cosine similarity below which a document stays unassigned (fit outliers,
            ``transform``); ``None`` → the 1st percentile of fitted documents' similarity to their
            own centroid.
        merge_similarity: topics whose centroids are more similar than this are merged (single
            linkage; ``None`` disables). ``"auto"`` (default) merges above
            :data:`~vocmine.clustering.merge.MERGE_SIMILARITY` (0.75), lowered to the median topic cohesion (mean similarity
            of a topic's documents to its centroid) of a language group whose topics are
            over-split: more than :data:`~vocmine.clustering.merge.OVER_SPLIT_SHARE` of them are closer to a neighbouring
            topic than their own documents are to them (topics grouped by majority language, all
            one group without ``languages``; a pair merges above the larger of its two
            thresholds). Measured with the default embedder (``bench/topics.md``): 0.75 joins the PT and EN halves of a reason on the sample export
            and costs banking77 little; 0.7 over-merges banking77. Product reviews (RePro, B2W,
            Olist: 73–77% of topics over-split; support sets 18–47%) come out as 60–70 fragments
            at 0.75; merged at their cohesion (0.43 on RePro) they give ~25 topics and the share
            of over-split topics falls to 8–22%, the level of the support sets.
        max_fit_docs: fit on a seeded sample of at most this many unique documents, assign the rest.
        batch_size: documents per batch when assigning.
        cache_dir: embedding cache directory (``None`` → no cache).
        top_n_words: keywords kept per topic.
        strip_boilerplate: drop segments repeated across many tickets before embedding
            (:mod:`vocmine.clustering.boilerplate`; the set learnt at fit is reused by ``transform``),
            and those also found in many topics before c-TF-IDF; :meth:`noise_report` lists them.
            Masks (``XXXX``, ``***``, ``{{...}}``) never reach the embedder or c-TF-IDF.
        lowercase: lower-case texts before embedding (upper-case tickets otherwise cluster together).
        stop_words: extra words kept out of keywords and labels (the company's and its products'
            names; terms spread over most topics are found and dropped on their own).
        center_languages: subtract each language's mean embedding (learnt at fit) so that PT and
            EN tickets about the same thing meet; without ``languages`` the overall mean is used.

    Fitted attributes: ``labels_`` (topic per input document), ``probabilities_`` (similarity to
    the assigned centroid, 0..1), ``topic_ids_``, ``centroids_`` (k × d, L2-normalised),
    ``topic_sizes_`` (documents per topic, duplicates counted), ``keywords_``, ``keywords_pt_``,
    ``keywords_en_``, ``labels_text_`` (topic → label), ``representative_docs_``,
    ``outlier_share_``, ``n_duplicates_``, ``merge_similarity_`` ({language group: threshold
    used}), ``over_split_share_`` ({language group: share of topics closer to a neighbour than to
    their documents, before merging}; ``"auto"`` only), ``n_merged_``, ``min_topic_size_`` (the size used),
    ``min_topic_sizes_tried_`` ({size: Davies-Bouldin index}; empty when the size was fixed), ``size_silhouettes_``, ``min_similarity_``,
    ``novelty_similarity_`` (10th percentile of fitted similarities), ``language_halves_similarity_``
    (the lowest PT-EN half similarity of a fitted topic holding both, or None), ``language_means_``, ``bertopic_``
    (the fitted BERTopic object; not saved).
    """

    def __init__(self, *, embedder=None, umap_model=None, hdbscan_model=None, vectorizer_model=None,
                 min_topic_size: int | str | None = "auto", seed: int = 0, reduce_outliers: bool = True,
                 min_similarity: float | None = None, merge_similarity: float | str | None = "auto",
                 max_fit_docs: int = 20_000, batch_size: int = 5_000,
                 cache_dir: str | os.PathLike | None = None, top_n_words: int = 10,
                 strip_boilerplate: bool = True, lowercase: bool = True, center_languages: bool = True,
                 stop_words: Sequence[str] | None = None):
        self.embedder = embedder
        self.umap_model = umap_model
        self.hdbscan_model = hdbscan_model
        self.vectorizer_model = vectorizer_model
        self.min_topic_size = min_topic_size
        self.seed = seed
        self.reduce_outliers = reduce_outliers
        self.min_similarity = min_similarity
        self.merge_similarity = merge_similarity
        self.max_fit_docs = max_fit_docs
        self.batch_size = batch_size
        self.cache_dir = cache_dir
        self.top_n_words = top_n_words
        self.strip_boilerplate = strip_boilerplate
        self.lowercase = lowercase
        self.center_languages = center_languages
        self.stop_words = stop_words

    # ------------------------------------------------------------------ helpers
    def _check_fitted(self) -> None:
        if not hasattr(self, "centroids_"):
            raise NotFittedError("TopicModel is not fitted: call fit() or TopicModel.load() first")

    def _cache(self) -> EmbeddingCache:
        if getattr(self, "_cache_obj", None) is None or self._cache_obj.cache_dir != (
                Path(self.cache_dir) if self.cache_dir is not None else None):
            self._cache_obj = EmbeddingCache(self.cache_dir)
        return self._cache_obj

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """L2-normalised embeddings of ``texts`` with the model's embedder (through the cache)."""
        emb = self.embedder_
        texts = [str(t) for t in texts]
        if hasattr(emb, "parts"):  # CombinedEmbedder: cache each block separately
            return emb.encode(texts, cache=self._cache())
        return l2_normalise(self._cache().encode(emb, texts))

    def _prep(self, texts: Sequence[str]) -> list[str]:
        from vocmine.clustering.boilerplate import strip_frequent_segments

        texts = [_masks(str(t)) for t in texts]  # text_model has none left; raw text given directly may
        if self.strip_boilerplate and getattr(self, "boilerplate_", None):
            texts = strip_frequent_segments(texts, frequent=self.boilerplate_)
        if self.lowercase:
            texts = [t.lower() for t in texts]
        return texts

    def _vectors(self, texts: Sequence[str], languages: Sequence[str] | None) -> np.ndarray:
        """Embeddings of prepared ``texts``, centred by language with the means learnt at fit."""
        return self._center(self.embed(texts), languages)

    def _center(self, emb: np.ndarray, languages: Sequence[str] | None) -> np.ndarray:
        means = getattr(self, "language_means_", None)
        if not means:
            return emb
        if languages is None:
            return l2_normalise(emb - means["*"])
        lang = np.asarray([str(x) for x in languages])
        out = emb.copy()
        for code in np.unique(lang):
            out[lang == code] -= means.get(code, means["*"])
        return l2_normalise(out)

    def _nearest(self, emb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if len(self.topic_ids_) == 0:
            return np.full(len(emb), OUTLIER_TOPIC), np.zeros(len(emb))
        sims = emb @ self.centroids_.T
        best = np.argmax(sims, axis=1)
        return np.asarray(self.topic_ids_)[best], sims[np.arange(len(emb)), best]

    def _assign(self, emb: np.ndarray, threshold: float) -> tuple[np.ndarray, np.ndarray]:
        topics, sims = self._nearest(emb)
        topics = np.where(sims >= threshold, topics, OUTLIER_TOPIC)
        return topics.astype(int), np.clip(sims, 0.0, 1.0)

    # ------------------------------------------------------------------ fit
    def fit(self, docs: Sequence[str], *, lemmas: Sequence[str] | None = None,
            languages: Sequence[str] | None = None, display: Sequence[str] | None = None) -> TopicModel:
        """Fit on ``docs`` (model text). ``lemmas`` feed c-TF-IDF (default: lower-cased docs),
        ``languages`` give per-language keywords, ``display`` (redacted) gives representative tickets.
        Returns ``self``."""
        if isinstance(self.merge_similarity, str) and self.merge_similarity != "auto":
            raise ConfigError(f"merge_similarity={self.merge_similarity!r}: expected a number, 'auto' or None")
        if isinstance(self.min_topic_size, str) and self.min_topic_size != "auto":
            raise ConfigError(f"min_topic_size={self.min_topic_size!r}: expected a number, 'auto' or None")
        docs = [("" if d is None or (isinstance(d, float) and np.isnan(d)) else str(d)) for d in docs]
        n = len(docs)
        if n == 0:
            raise InputError("TopicModel.fit got no documents")
        lemmas = _as_list(lemmas, n, "lemmas")
        languages = _as_list(languages, n, "languages")
        display = _as_list(display, n, "display")

        # 1. collapse exact duplicates; every unique text carries its count as a weight
        codes, uniques = pd.factorize(pd.Series(docs, dtype=object), sort=False)
        uniques = [str(u) for u in uniques]
        counts = np.bincount(codes, minlength=len(uniques)).astype(float)
        first = np.full(len(uniques), -1)
        first[codes[::-1]] = np.arange(n)[::-1]
        self.n_duplicates_ = int(n - len(uniques))

        # 2. fit on a seeded sample of unique texts when the corpus is large
        rng = np.random.default_rng(self.seed)
        n_u = len(uniques)
        if n_u > self.max_fit_docs:
            fit_idx = np.sort(rng.choice(n_u, size=self.max_fit_docs, replace=False))
        else:
            fit_idx = np.arange(n_u)
        fit_texts = [uniques[i] for i in fit_idx]

        u_lang = [str(languages[first[i]]) for i in range(n_u)] if languages is not None else None
        fit_lang = [u_lang[i] for i in fit_idx] if u_lang is not None else None
        if self.strip_boilerplate:
            from vocmine.clustering.boilerplate import frequent_segments

            self.boilerplate_ = frequent_segments(uniques)
        prepped = self._prep(fit_texts)
        done_prep = (list(fit_idx), list(prepped))  # unique indices and prepared texts, for later months

        self.embedder_ = self.embedder if self.embedder is not None else default_embedder(seed=self.seed)
        if hasattr(self.embedder_, "fit") and not getattr(self.embedder_, "is_fitted", True):
            self.embedder_.fit(prepped)
        self.language_means_ = {}
        emb_fit = self.embed(prepped)
        if self.center_languages:
            self.language_means_["*"] = emb_fit.mean(axis=0)
            if fit_lang is not None:
                lang = np.asarray(fit_lang)
                for code in np.unique(lang):
                    self.language_means_[code] = emb_fit[lang == code].mean(axis=0)
            emb_fit = self._center(emb_fit, fit_lang)

        auto = isinstance(self.min_topic_size, str)
        base = min_topic_size_for(len(fit_texts)) if auto or not self.min_topic_size else int(self.min_topic_size)
        reducer = self.umap_model if self.umap_model is not None else KnnUMAP(seed=self.seed)
        # min_topic_size="auto": the reduction is computed once and each candidate size clusters it;
        # the final partition with the lowest Davies-Bouldin index wins
        choose = auto and self.hdbscan_model is None and self.umap_model is None
        sizes = size_candidates(base, len(fit_texts)) if choose else [int(base)]
        if len(sizes) > 1:
            red = np.asarray(reducer.fit_transform(emb_fit))
            reducer = PrecomputedReduction(red)

        # 3. BERTopic with everything injected (never BERTopic() bare: it would try the hub)
        c_docs = [(lemmas[first[i]] if lemmas is not None else _masks(uniques[i])) for i in fit_idx]
        w_fit = counts[fit_idx]
        tried: dict[int, tuple[float, float]] = {}
        fits: dict[int, tuple] = {}
        for mts in sizes:
            bt, raw = self._cluster(emb_fit, c_docs, reducer, mts)
            fits[mts] = (bt, raw)
            if len(sizes) > 1:
                # 4. (per candidate) centroids, outlier reduction, merge; scored on the final topics
                final = self._finish_clusters(emb_fit, raw, w_fit, fit_lang)
                tried[mts] = (davies_bouldin(emb_fit, final), silhouette(red, final, seed=self.seed))
        mts = choose_size(tried) if tried else sizes[0]
        self.bertopic_, topics = fits[mts]
        self.min_topic_size_ = int(mts)
        self.min_topic_sizes_tried_ = {int(k): float(v[0]) for k, v in tried.items()}
        self.size_silhouettes_ = {int(k): float(v[1]) for k, v in tried.items()}

        # 4. centroids in embedding space, outlier reduction, merge of near-identical topics
        topics = self._finish_clusters(emb_fit, topics, w_fit, fit_lang)

        self.language_halves_similarity_ = halves_similarity(emb_fit, topics, w_fit, fit_lang)

        # 5. assign the unique texts left out of the fit sample, in batches
        u_topics = np.full(n_u, OUTLIER_TOPIC)
        u_sims = np.zeros(n_u)
        u_topics[fit_idx] = topics
        u_sims[fit_idx] = own_similarity(emb_fit, topics, self.topic_ids_, self.centroids_)
        rest = np.setdiff1d(np.arange(n_u), fit_idx)
        for s in range(0, len(rest), self.batch_size):
            part = rest[s:s + self.batch_size]
            prepped_part = self._prep([uniques[i] for i in part])
            done_prep[0].extend(part)
            done_prep[1].extend(prepped_part)
            vec = self._vectors(prepped_part, [u_lang[i] for i in part] if u_lang is not None else None)
            t, p = self._assign(vec, self.min_similarity_)
            u_topics[part] = t
            u_sims[part] = p

        # 6. per-document results, sizes with duplicates, readable topics
        from vocmine.clustering.cache import text_key

        u_keys = [text_key(u) for u in uniques]
        self.known_ = {k: int(t) for k, t in zip(u_keys, u_topics)}  # sha1 → topic, no text kept
        keyed = self._keyed_cache()
        if keyed is not None:  # history_vectors finds these texts without preparing them
            keyed.add_prepared(self._prep_namespace(), [u_keys[i] for i in done_prep[0]],
                               [text_key(t) for t in done_prep[1]])
        self.labels_ = u_topics[codes].astype(int)
        self.probabilities_ = np.clip(u_sims[codes], 0.0, 1.0)
        self.outlier_share_ = float(np.mean(self.labels_ == OUTLIER_TOPIC))
        self._describe(u_topics, u_sims, counts, uniques, first, lemmas, languages, display)
        return self

    def _cluster(self, emb_fit: np.ndarray, c_docs: list[str], reducer, mts: int):
        """BERTopic fitted with ``reducer`` and a clusterer of minimum size ``mts``: (model, topics)."""
        clusterer = self.hdbscan_model if self.hdbscan_model is not None else HdbscanWard(
            min_cluster_size=mts, seed=self.seed)
        vectorizer = self.vectorizer_model
        if vectorizer is None:
            from sklearn.feature_extraction.text import CountVectorizer

            vectorizer = CountVectorizer(stop_words=sorted(topic_stopwords()), ngram_range=(1, 2),
                                         min_df=2 if len(c_docs) >= 200 else 1)
        return fit_bertopic(self.embed, emb_fit, c_docs, reducer=reducer, clusterer=clusterer,
                            vectorizer=vectorizer, min_topic_size=mts, top_n_words=self.top_n_words)

    def _finish_clusters(self, emb: np.ndarray, topics: np.ndarray, w: np.ndarray,
                         languages: Sequence[str] | None = None) -> np.ndarray:
        """Centroids, merge of near-identical topics (:mod:`vocmine.clustering.merge`), outlier
        reduction and renumbering by size; sets the model's topics and similarity thresholds."""
        ids, cents = centroids(emb, topics, w)
        sims = cents @ cents.T
        thresholds, self.merge_similarity_, self.over_split_share_ = merge_thresholds(
            emb, topics, w, ids, cents, sims, languages, self.merge_similarity)
        self.n_merged_ = 0
        if thresholds is not None and len(ids) > 1:
            topics, self.n_merged_ = merge_near(topics, ids, sims, thresholds)
            ids, cents = centroids(emb, topics, w)
        self.topic_ids_, self.centroids_ = ids, cents
        own = own_similarity(emb, topics, ids, cents)
        assigned = topics != OUTLIER_TOPIC
        if self.min_similarity is not None:
            self.min_similarity_ = float(self.min_similarity)
        elif assigned.any():
            self.min_similarity_ = float(np.percentile(own[assigned], 1))
        else:
            self.min_similarity_ = 0.0
        # documents less similar to their topic than 90% of the fitted ones are novelty candidates
        self.novelty_similarity_ = float(np.percentile(own[assigned], 10)) if assigned.any() else 0.0
        if self.reduce_outliers and (~assigned).any() and ids:
            t, _ = self._assign(emb[~assigned], self.min_similarity_)
            topics = topics.copy()
            topics[~assigned] = t
            ids, cents = centroids(emb, topics, w)
            self.topic_ids_, self.centroids_ = ids, cents
        # renumber by size (duplicates counted): 0 is the largest topic
        sizes = {t: float(w[topics == t].sum()) for t in ids}
        order = sorted(ids, key=lambda t: (-sizes[t], t))
        renum = {t: i for i, t in enumerate(order)}
        topics = np.array([renum.get(int(t), OUTLIER_TOPIC) for t in topics], dtype=int)
        self.topic_ids_ = list(range(len(order)))
        self.centroids_ = cents[[ids.index(t) for t in order]] if order else cents
        return topics

    def _describe(self, u_topics, u_sims, counts, uniques, first, lemmas, languages, display) -> None:
        """Keywords, labels (overall, PT, EN) and representative tickets (:mod:`vocmine.clustering.words`).

        Extra stop words (e.g. the company's and its products' names) come from the ``stop_words``
        attribute when set (any case)."""
        from vocmine.clustering.boilerplate import boilerplate_report, segment_topics
        from vocmine.clustering.words import describe_topics

        ids = self.topic_ids_
        n = len(uniques)
        self.topic_sizes_ = {t: int(counts[u_topics == t].sum()) for t in ids}
        u_lang = [str(languages[first[i]]) for i in range(n)] if languages is not None else None
        u_disp = [display[first[i]] for i in range(n)] if display is not None else None
        # c-TF-IDF sees no masks and no boilerplate: the frequent segments found in many topics
        masked = [_masks(u) for u in uniques]
        texts = masked
        u_lemmas = [lemmas[first[i]] for i in range(n)] if lemmas is not None else None
        frequent = getattr(self, "boilerplate_", None) if self.strip_boilerplate else None
        seen = segment_topics(masked, u_topics, counts, frequent or frozenset())
        spread = frozenset(k for k, (_, n_topics) in seen.items()
                           if n_topics >= max(BOILERPLATE_MIN_TOPICS, BOILERPLATE_TOPIC_SHARE * len(ids)))
        if spread:
            from vocmine.clustering.boilerplate import strip_frequent_lemmas, strip_frequent_segments

            if u_lemmas is not None:
                u_lemmas = strip_frequent_lemmas(u_lemmas, texts, u_lang, spread)
            texts = strip_frequent_segments(texts, frequent=spread)
        seen_words = {w for k in seen for w in k.split()}
        words = describe_topics(
            texts, u_topics, lemmas=u_lemmas, weights=counts, languages=u_lang, display=u_disp,
            top_n=self.top_n_words, min_df=2 if n >= 500 else 1, stop_words=self.stop_words or (),
            name_words=seen_words if u_disp is not None else ())
        # the segments' name-like words come from the same pass over the redacted texts
        self.boilerplate_report_ = boilerplate_report(seen, spread, u_disp if u_disp is not None else masked,
                                                      names=words.other_names if u_disp is not None else None)
        self.keywords_ = {t: words.keywords.get(t, []) for t in ids}
        self.keywords_pt_ = {t: words.keywords_pt.get(t, []) for t in ids}
        self.keywords_en_ = {t: words.keywords_en.get(t, []) for t in ids}
        self.labels_text_ = {t: words.labels.get(t) or make_label([], topic_id=t) for t in ids}
        self.labels_text_[OUTLIER_TOPIC] = make_label([], topic_id=OUTLIER_TOPIC)
        self.removed_terms_ = dict(words.removed)  # corpus-wide terms only: no names, no one-off words
        self.removed_counts_ = dict(words.removed_counts)
        self.spread_terms_ = dict(words.spread)
        self.n_name_words_ = len(words.names)  # how many words read as names (the words are not kept)
        self.surface_ = dict(words.surface)
        disp = [display[first[i]] for i in range(n)] if display is not None else None
        self.representative_docs_ = (representative_docs(disp, u_topics, u_sims) if disp is not None
                                     else {t: [] for t in ids})

    def noise_report(self) -> pd.DataFrame:
        """What the fit kept out of the topic model, one row per phrase or term: ``kind``
        (``"boilerplate"``: a sentence, chat turn or form field repeated verbatim in many tickets
        (:data:`vocmine.clustering.boilerplate.MIN_DOCS`, ``MIN_SHARE``) of many topics (at least
        :data:`BOILERPLATE_TOPIC_SHARE` of them and :data:`BOILERPLATE_MIN_TOPICS`), removed before
        embedding and c-TF-IDF; ``"repeated"``: such a segment found in fewer topics (a stock
        phrasing of one reason), removed before embedding only; ``"spread"``: a term found in a
        large share of the tickets of most topics, e.g. a brand; ``"stop word"``: configured;
        ``"mask"``), ``phrase``, ``documents`` and ``topics`` (segments only), and the removal counts by reason
        (``kind="count"``, including names and lemmas nobody wrote, whose words are never listed)."""
        self._check_fitted()
        rows = [{"kind": kind, "phrase": k, "documents": d, "topics": t}
                for k, d, t, kind in getattr(self, "boilerplate_report_", [])]
        rows += [{"kind": why, "phrase": term, "documents": None, "topics": None}
                 for term, why in sorted(getattr(self, "removed_terms_", {}).items())]
        rows += [{"kind": "count", "phrase": why, "documents": n, "topics": None}
                 for why, n in sorted(getattr(self, "removed_counts_", {}).items())]
        return pd.DataFrame(rows, columns=["kind", "phrase", "documents", "topics"])

    # ------------------------------------------------------------------ use
    def transform(self, docs: Sequence[str], *, languages: Sequence[str] | None = None, keep_known: bool = True
                  ) -> tuple[np.ndarray, np.ndarray]:
        """Assign ``docs`` to the fitted topics: ``(topics, similarities)``; -1 below ``min_similarity_``.

        Pass ``languages`` when the model was fitted with them (per-language centring). Texts seen at
        fit keep the topic the fit gave them unless ``keep_known=False`` (then every text is assigned
        by the same nearest-centroid rule, which is what month-to-month counts are compared on)."""
        self._check_fitted()
        docs = [str(d) for d in docs]
        languages = _as_list(languages, len(docs), "languages")
        topics = np.full(len(docs), OUTLIER_TOPIC, dtype=int)
        sims = np.zeros(len(docs))
        for s in range(0, len(docs), self.batch_size):
            vec = self.transform_vectors(docs[s:s + self.batch_size],
                                         languages=languages[s:s + self.batch_size] if languages else None)
            t, p = self._assign(vec, self.min_similarity_)
            topics[s:s + len(t)] = t
            sims[s:s + len(t)] = p
        if keep_known:
            self._keep_known(topics, docs)
        return topics, sims

    def assign_vectors(self, vectors: np.ndarray, docs: Sequence[str] | None = None, *, keep_known: bool = True
                       ) -> tuple[np.ndarray, np.ndarray]:
        """What :meth:`transform` gives for ``docs``, from their :meth:`transform_vectors` computed once
        (a monthly run assigns the history several times: before and after new topics, with and without
        the fit's own labels, and embeds it once). ``docs`` are needed for ``keep_known``."""
        self._check_fitted()
        vectors = np.asarray(vectors)
        topics = np.full(len(vectors), OUTLIER_TOPIC, dtype=int)
        sims = np.zeros(len(vectors))
        for s in range(0, len(vectors), self.batch_size):  # the batches transform uses: same sums
            t, p = self._assign(vectors[s:s + self.batch_size], self.min_similarity_)
            topics[s:s + len(t)] = t
            sims[s:s + len(t)] = p
        if keep_known and docs is not None:
            if len(docs) != len(vectors):
                raise ConfigError(f"assign_vectors: {len(vectors)} vectors for {len(docs)} docs")
            self._keep_known(topics, [str(d) for d in docs])
        return topics, sims

    def history_vectors(self, docs: Sequence[str], *, languages: Sequence[str] | None = None) -> np.ndarray:
        """:meth:`transform_vectors` of ``docs``, stacked. With an on-disk cache, a text this model
        prepared before (same preparation: :meth:`_prep_namespace`) is looked up by its raw-text
        key and not prepared again; the others are prepared and embedded in :meth:`transform`'s
        batches. The vectors are the same either way (row-wise normalising and centring)."""
        self._check_fitted()
        docs = [str(d) for d in docs]
        languages = _as_list(languages, len(docs), "languages")
        if not docs:
            return np.zeros((0, self.centroids_.shape[1]), dtype=np.float32)
        cache, emb = self._keyed_cache(), self.embedder_
        if cache is None:
            return np.vstack([self.transform_vectors(docs[s:s + self.batch_size],
                                                     languages=languages[s:s + self.batch_size] if languages else None)
                              for s in range(0, len(docs), self.batch_size)])
        from vocmine.clustering.cache import text_key

        namespace = self._prep_namespace()
        known = cache.prepared(namespace)
        raw = [text_key(d) for d in docs]
        vecs = cache.vectors(emb, [known.get(k) for k in raw])
        todo: dict[str, list[int]] = {}  # raw key -> its rows: each distinct text prepared once
        for i, v in enumerate(vecs):
            if v is None:
                todo.setdefault(raw[i], []).append(i)
        new_raw, new_prepared = list(todo), []
        for s in range(0, len(new_raw), self.batch_size):
            part = new_raw[s:s + self.batch_size]
            prepped = self._prep([docs[todo[k][0]] for k in part])
            for k, p, v in zip(part, prepped, cache.encode(emb, prepped)):
                for i in todo[k]:
                    vecs[i] = v
                new_prepared.append(text_key(p))
        cache.add_prepared(namespace, new_raw, new_prepared)
        return self._center(l2_normalise(np.stack(vecs).astype(np.float32, copy=False)), languages)

    def _keyed_cache(self) -> EmbeddingCache | None:
        """The on-disk cache when prepared texts can be found by raw-text key (one embedder, not
        :class:`CombinedEmbedder` blocks); else None."""
        cache = self._cache()
        return cache if cache.cache_dir is not None and not hasattr(self.embedder_, "parts") else None

    def _prep_namespace(self) -> str:
        """What :meth:`_prep` depends on: the boilerplate learnt at fit, the flags, and the code of
        the mask and boilerplate removal (any change to them starts a new namespace)."""
        import hashlib

        from vocmine.clustering import boilerplate
        from vocmine.text import remove

        h = hashlib.sha256()
        h.update(json.dumps([sorted(getattr(self, "boilerplate_", None) or []), bool(self.strip_boilerplate),
                             bool(self.lowercase)]).encode())
        for mod in (remove, boilerplate):
            h.update(Path(mod.__file__).read_bytes())
        h.update(Path(__file__).read_bytes())
        return h.hexdigest()

    def _keep_known(self, topics: np.ndarray, docs: Sequence[str]) -> None:
        """Texts seen at fit keep the topic they were given (stable history across months)."""
        known = getattr(self, "known_", None)
        if not known:
            return
        from vocmine.clustering.cache import text_key

        valid = set(self.topic_ids_)
        for i, d in enumerate(docs):
            t = known.get(text_key(d))
            if t is not None and t in valid:
                topics[i] = t

    def transform_vectors(self, docs: Sequence[str], *, languages: Sequence[str] | None = None) -> np.ndarray:
        """The vectors ``transform`` compares with ``centroids_`` (prepared, embedded, centred)."""
        self._check_fitted()
        return self._vectors(self._prep(docs), languages)

    def fit_transform(self, docs: Sequence[str], **kwargs) -> tuple[np.ndarray, np.ndarray]:
        """``fit(docs, **kwargs)`` then the fitted ``(labels_, probabilities_)``."""
        self.fit(docs, **kwargs)
        return self.labels_, self.probabilities_

    def label(self, topic_id: int, lang: str | None = None) -> str:
        """The topic's label: in its majority language (``lang=None``), or in ``'pt'`` / ``'en'``
        (from that language's tickets; the other language's label, marked, when it has too few)."""
        self._check_fitted()
        if lang is None:
            return self.labels_text_.get(int(topic_id), f"topic {topic_id}")
        if lang not in ("pt", "en"):
            raise ConfigError(f"label lang={lang!r}: expected 'pt', 'en' or None")
        labels = self.labels_pt_ if lang == "pt" else self.labels_en_
        return labels.get(int(topic_id), f"topic {topic_id}")

    @property
    def labels_pt_(self) -> dict[int, str]:
        """``{topic: label}`` from each topic's Portuguese tickets (English label + " (en)" when a
        topic has too few). Derived from ``keywords_pt_``/``keywords_en_``, so it follows ``renumber``."""
        from vocmine.clustering.words import language_labels

        self._check_fitted()
        return language_labels("pt", self.keywords_pt_, self.keywords_en_, self.labels_text_)

    @property
    def labels_en_(self) -> dict[int, str]:
        """``{topic: label}`` from each topic's English tickets (see :attr:`labels_pt_`)."""
        from vocmine.clustering.words import language_labels

        self._check_fitted()
        return language_labels("en", self.keywords_pt_, self.keywords_en_, self.labels_text_)

    def topic_info(self) -> pd.DataFrame:
        """One row per topic: ``topic_id, label, label_pt, label_en, size, keywords, keywords_pt,
        keywords_en, representative_docs`` (display texts, redacted), sorted by topic id."""
        self._check_fitted()
        pt, en = self.labels_pt_, self.labels_en_
        rows = [{"topic_id": t, "label": self.labels_text_.get(t, ""), "label_pt": pt.get(t, ""),
                 "label_en": en.get(t, ""), "size": self.topic_sizes_.get(t, 0),
                 "keywords": list(self.keywords_.get(t, [])), "keywords_pt": list(self.keywords_pt_.get(t, [])),
                 "keywords_en": list(self.keywords_en_.get(t, [])),
                 "representative_docs": list(self.representative_docs_.get(t, []))} for t in self.topic_ids_]
        return pd.DataFrame(rows, columns=["topic_id", "label", "label_pt", "label_en", "size", "keywords",
                                           "keywords_pt", "keywords_en", "representative_docs"])

    def hierarchy(self) -> pd.DataFrame:
        """Agglomerative merge tree over topic centroids (average linkage, cosine distance).

        Columns: ``parent`` (new node id, numbered after the topics), ``left``, ``right``,
        ``distance`` (1 - cosine similarity), ``topics`` (list of leaf topic ids under ``parent``).
        """
        self._check_fitted()
        from scipy.cluster.hierarchy import linkage

        k = len(self.topic_ids_)
        if k < 2:
            return pd.DataFrame(columns=["parent", "left", "right", "distance", "topics"])
        z = linkage(self.centroids_.astype(np.float64), method="average", metric="cosine")
        members = {i: [self.topic_ids_[i]] for i in range(k)}
        rows = []
        for i, (a, b, d, _) in enumerate(z):
            node = k + i
            members[node] = members[int(a)] + members[int(b)]
            rows.append({"parent": node, "left": int(a), "right": int(b), "distance": float(d),
                         "topics": sorted(members[node])})
        return pd.DataFrame(rows)

    # ------------------------------------------------------------------ topics added later
    def add_topics(self, centroids: np.ndarray, keywords: dict[int, list[str]], *,
                   sizes: dict[int, int] | None = None, keywords_pt=None, keywords_en=None,
                   representative: dict[int, list[str]] | None = None) -> list[int]:
        """Append new topics (e.g. found among a month's unassigned tickets); returns their ids in order.

        ``keywords*`` are shown with the surface forms learnt at fit and without masks, removed terms
        and configured stop words (:func:`vocmine.clustering.words.clean_terms`); names are filtered
        where the keywords are made (:func:`vocmine.clustering.words.describe_topics`, from that
        month's display texts), since a fitted model keeps no name. Labels follow the fitted topics' rules: the
        majority language's words for ``label``, each language's own for ``labels_pt_``/``labels_en_``."""
        from vocmine.clustering.words import clean_terms

        self._check_fitted()
        opts = {"surface": getattr(self, "surface_", None), "removed": getattr(self, "removed_terms_", None),
                 "stop_words": self.stop_words or ()}
        start = max(self.topic_ids_, default=-1) + 1
        new_ids = []
        for j, key in enumerate(sorted(keywords)):
            t = start + j
            new_ids.append(t)
            self.keywords_[t] = clean_terms(keywords[key], **opts)
            self.keywords_pt_[t] = clean_terms((keywords_pt or {}).get(key, []), **opts)
            self.keywords_en_[t] = clean_terms((keywords_en or {}).get(key, []), **opts)
            own = max((self.keywords_pt_[t], self.keywords_en_[t]), key=len)
            self.labels_text_[t] = make_label(own or self.keywords_[t], topic_id=t)
            self.topic_sizes_[t] = int((sizes or {}).get(key, 0))
            self.representative_docs_[t] = list((representative or {}).get(key, []))
        if new_ids:
            self.centroids_ = l2_normalise(np.vstack([self.centroids_, np.asarray(centroids, dtype=np.float32)]))
            self.topic_ids_ = list(self.topic_ids_) + new_ids
        return new_ids

    def renumber(self, mapping: dict[int, int]) -> TopicModel:
        """Rename topic ids (``old → new``), e.g. to the ids of a saved catalogue. Returns ``self``."""
        self._check_fitted()
        m = {int(k): int(v) for k, v in mapping.items()}
        m[OUTLIER_TOPIC] = OUTLIER_TOPIC
        if len(set(m.values())) != len(m):
            raise ConfigError(f"renumber mapping is not one-to-one: {mapping}")
        self.topic_ids_ = [m.get(t, t) for t in self.topic_ids_]
        for attr in ("keywords_", "keywords_pt_", "keywords_en_", "labels_text_", "topic_sizes_",
                     "representative_docs_"):
            setattr(self, attr, {m.get(k, k): v for k, v in getattr(self, attr).items()})
        if hasattr(self, "labels_"):
            self.labels_ = np.array([m.get(int(t), int(t)) for t in self.labels_], dtype=int)
        if getattr(self, "known_", None):
            self.known_ = {k: m.get(v, v) for k, v in self.known_.items()}
        return self

    # ------------------------------------------------------------------ persistence
    def save(self, path: str | os.PathLike) -> Path:
        """Write the fitted model to directory ``path`` (``model.joblib`` + ``model.json``).

        The BERTopic object and the per-document training results are not saved (the BERTopic
        pickle holds the UMAP graph, 30 MB for 10k documents, and needs identical library versions);
        what is saved — centroids, keywords, labels and the fitted embedder — is what ``transform``
        needs. No ticket text is saved except the redacted representative tickets.
        """
        self._check_fitted()
        import joblib

        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        state = {k: v for k, v in self.__dict__.items()
                 if k not in ("bertopic_", "labels_", "probabilities_", "_cache_obj", "umap_model", "hdbscan_model",
                              "vectorizer_model", "embedder")}
        tmp = path / ".model.joblib.tmp"
        joblib.dump({"format": _FORMAT, "state": state}, tmp)
        os.replace(tmp, path / "model.joblib")
        meta = {"format": _FORMAT, "embedder": getattr(self.embedder_, "name", type(self.embedder_).__name__),
                "n_topics": len(self.topic_ids_), "min_similarity": self.min_similarity_, "seed": self.seed,
                "merge_similarity": getattr(self, "merge_similarity_", None),
                "over_split_share": getattr(self, "over_split_share_", None)}
        (path / "model.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
        # what was kept out of the topic words, for a reader (phrases and counts; no name, no ticket)
        self.noise_report().to_csv(path / "noise.csv", index=False)
        return path

    @classmethod
    def load(cls, path: str | os.PathLike, *, cache_dir: str | os.PathLike | None = None) -> TopicModel:
        """Read a model written by :meth:`save`."""
        import joblib

        f = Path(path) / "model.joblib"
        if not f.exists():
            raise InputError(f"no saved topic model at {f}")
        blob = joblib.load(f)
        if blob.get("format") != _FORMAT:
            raise InputError(f"{f}: model format {blob.get('format')!r}, expected {_FORMAT}")
        model = cls.__new__(cls)
        defaults = cls().__dict__
        model.__dict__.update(defaults)
        model.__dict__.update(blob["state"])
        model.embedder = model.embedder_
        model.cache_dir = cache_dir if cache_dir is not None else model.cache_dir
        model.bertopic_ = None
        return model
