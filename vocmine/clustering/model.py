"""TopicModel: BERTopic with scikit-learn habits, offline, seeded, and fit for monthly runs.

Pipeline (each part injectable): embed (cached on disk) → reduce (:class:`KnnUMAP`) → cluster
(:class:`HdbscanWard`) → BERTopic bookkeeping → outlier reduction by centroid similarity →
merge of near-identical topics → c-TF-IDF keywords, labels, representative tickets.

BERTopic is always given precomputed embeddings and an embedding backend wrapping our embedder,
so it never looks for a model on the hub. New documents are assigned by cosine similarity to the
topic centroids in embedding space (what BERTopic's safetensors mode does), so a saved model is
small: centroids, keywords and the (fitted) embedder, stored with joblib.

This module fits; the fitted model's other methods come from mixins: assigning documents and
their vectors (:mod:`vocmine.clustering.assign`), topic words, labels, tree, later topics
(:mod:`vocmine.clustering.topics`) and save/load (:mod:`vocmine.clustering.persist`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from vocmine.clustering.assign import EMBED_GROUP_BATCHES, Ahead, AssignMixin, _as_list, prepared_groups
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
from vocmine.clustering.labels import topic_stopwords
from vocmine.clustering.merge import (
    centroids,
    halves_similarity,
    merge_near,
    merge_thresholds,
    own_similarity,
)
from vocmine.clustering.persist import PersistMixin
from vocmine.clustering.reduce import KnnUMAP, PrecomputedReduction
from vocmine.clustering.topics import TopicsMixin
from vocmine.exceptions import ConfigError, InputError, NotFittedError
from vocmine.schema import OUTLIER_TOPIC
from vocmine.text.remove import masks as _masks

__all__ = ["TopicModel"]

#: a prepared text without a single letter ("", ".", "???", "1234", a text of masks such as "aaaa" or
#: "XXXX" only) says nothing about a topic: it is prepared as "", gets a zero vector and no topic
_LETTER = re.compile(r"[^\W\d_]")


class TopicModel(AssignMixin, TopicsMixin, PersistMixin):
    """Topic model for support tickets.

    Parameters (keyword-only):
        embedder: object with ``encode``/``fingerprint`` (``None`` → :func:`default_embedder`).
        umap_model: reducer with ``fit``/``embedding_`` or ``fit_transform`` (``None`` → KnnUMAP).
        hdbscan_model: clusterer with ``fit``/``labels_`` (``None`` → HdbscanWard).
        vectorizer_model: CountVectorizer for BERTopic's own c-TF-IDF (``None`` → words+bigrams).
        min_topic_size: ``"auto"`` (default) chooses among the base size (:func:`min_topic_size_for`:
            0.25% of unique docs, 10..100) and 1.5, 2, 2.5, 3, 4 and 5 times it
            (:data:`~vocmine.clustering.cluster.SIZE_FACTORS`): one reduction, clustered at
            each size, each size's final topics (merged, outliers reassigned) scored by their
            Davies-Bouldin index over the embeddings and their silhouette in the reduced space, and
            :func:`~vocmine.clustering.cluster.choose_size` keeps, among the sizes whose index is
            near the lowest and whose largest topic is not a catch-all (more than half the
            documents), the one the silhouette prefers (ignored when ``umap_model`` or
            ``hdbscan_model`` is injected); scores in ``min_topic_sizes_tried_`` (index),
            ``size_silhouettes_`` and ``size_largest_shares_``. ``None``: the base size; a number: that size. Measured
            (``bench/topics.md``): it keeps the base size on banking77, RePro and their held-out or
            mixed sets and coarsens the synthetic bitext intents (89 → 22 topics, ARI 0.451 → 0.633;
            against its 11 categories 0.182 → 0.618), masked bitext (92 → 32 topics, ARI 0.506 →
            0.710) and the sample (27 → 20 topics, ARI 0.788 → 0.895).
        seed: seeds every random step.
        reduce_outliers: assign noise documents to the nearest topic centroid when similar enough.
        min_similarity: cosine similarity below which a document stays unassigned (fit outliers,
            ``transform``); ``None`` → the 1st percentile of fitted documents' similarity to their
            own centroid.
        merge_similarity: topics whose centroids are more similar than this are merged (centroid
            linkage, :func:`~vocmine.clustering.merge.merge_near`; ``None`` disables). ``"auto"`` (default) merges above
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
    ``outlier_share_``, ``n_duplicates_``, ``wordless_`` (texts of the fit sample without a letter
    once masks and boilerplate are out: left out of the clustering, no topic), ``merge_similarity_`` ({language group: threshold
    used}), ``over_split_share_`` ({language group: share of topics closer to a neighbour than to
    their documents, before merging}; ``"auto"`` only), ``n_merged_``, ``min_topic_size_`` (the size used),
    ``min_topic_sizes_tried_`` ({size: Davies-Bouldin index}; empty when the size was fixed), ``size_silhouettes_``, ``size_largest_shares_`` ({size: share of
    the documents in its largest topic}), ``min_similarity_``,
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
        return [t if _LETTER.search(t) else "" for t in texts]

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

        if self.strip_boilerplate:
            from vocmine.clustering.boilerplate import frequent_segments

            self.boilerplate_ = frequent_segments(uniques)
        prepped = self._prep(fit_texts)
        worded = np.array([bool(p) for p in prepped])
        u_worded = np.ones(n_u, dtype=bool)  # unique texts with words once prepared
        if 2 <= worded.sum() < len(worded):  # texts without words are not clustered (step 5: no topic)
            u_worded[fit_idx[~worded]] = False
            fit_idx = fit_idx[worded]
            fit_texts = [t for t, k in zip(fit_texts, worded) if k]
            prepped = [p for p, k in zip(prepped, worded) if k]
        self.wordless_ = int(len(worded) - worded.sum())  # of the fit sample
        done_prep = (list(fit_idx), list(prepped))  # unique indices and prepared texts, for later months
        u_lang = [str(languages[first[i]]) for i in range(n_u)] if languages is not None else None
        fit_lang = [u_lang[i] for i in fit_idx] if u_lang is not None else None

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

        # the unique texts left out of the fit sample (and its texts without words) are prepared and
        # embedded in a thread while the sample is clustered (steps 3-4 leave a core idle), at most two
        # groups of EMBED_GROUP_BATCHES batches ahead; step 5 assigns them
        rest = np.setdiff1d(np.arange(n_u), fit_idx)
        group = self.batch_size * EMBED_GROUP_BATCHES
        groups = [rest[g:g + group] for g in range(0, len(rest), group)]

        def embedded_rest() -> Iterator[tuple[np.ndarray, list[str], np.ndarray]]:
            texts = [[uniques[i] for i in g] for g in groups]
            for grp, prepped_grp in zip(groups, prepared_groups(self._prep, texts)):
                langs = [u_lang[i] for i in grp] if u_lang is not None else None
                yield grp, prepped_grp, self._vectors(prepped_grp, langs)

        with Ahead(embedded_rest, depth=2) as ahead:
            c_docs = [(lemmas[first[i]] if lemmas is not None else _masks(uniques[i])) for i in fit_idx]
            w_fit = counts[fit_idx]
            topics = self._fit_topics(emb_fit, c_docs, w_fit, fit_lang)
            self.language_halves_similarity_ = halves_similarity(emb_fit, topics, w_fit, fit_lang)

            # 5. assign the unique texts left out of the fit sample, in batches
            u_topics = np.full(n_u, OUTLIER_TOPIC)
            u_sims = np.zeros(n_u)
            u_topics[fit_idx] = topics
            u_sims[fit_idx] = own_similarity(emb_fit, topics, self.topic_ids_, self.centroids_)
            for grp, prepped_grp, vec_grp in ahead:
                done_prep[0].extend(grp)
                done_prep[1].extend(prepped_grp)
                u_worded[grp] &= np.array([bool(p) for p in prepped_grp], dtype=bool)
                for s in range(0, len(grp), self.batch_size):  # assigned in the batches transform uses
                    part = grp[s:s + self.batch_size]
                    t, p = self._assign(vec_grp[s:s + self.batch_size], self.min_similarity_)
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
        # of the texts with words (those without have no topic by design; a month's share is measured alike)
        said = u_worded[codes]
        self.outlier_share_ = float(np.mean(self.labels_[said] == OUTLIER_TOPIC)) if said.any() else 1.0
        self._describe(u_topics, u_sims, counts, uniques, first, lemmas, languages, display)
        return self

    def _fit_topics(self, emb_fit: np.ndarray, c_docs: list[str], w_fit: np.ndarray,
                    fit_lang: Sequence[str] | None) -> np.ndarray:
        """Steps 3-4 of :meth:`fit` on the (centred) sample vectors: the topic of each sample text."""
        auto = isinstance(self.min_topic_size, str)
        base = min_topic_size_for(len(c_docs)) if auto or not self.min_topic_size else int(self.min_topic_size)
        reducer = self.umap_model if self.umap_model is not None else KnnUMAP(seed=self.seed)
        # min_topic_size="auto": the reduction is computed once and each candidate size clusters it;
        # cluster.choose_size picks among the final partitions (Davies-Bouldin screen, then silhouette)
        choose = auto and self.hdbscan_model is None and self.umap_model is None
        sizes = size_candidates(base, len(c_docs)) if choose else [int(base)]
        tried: dict[int, tuple[float, float]] = {}
        if len(sizes) > 1:
            red = np.asarray(reducer.fit_transform(emb_fit))
            reducer = PrecomputedReduction(red)
            for mts in sizes:
                # (per candidate) the clusterer BERTopic would be given, on the same reduction (its
                # topics are these clusters renamed by size); centroids, outlier reduction, merge;
                # scored on the final topics. Only the size kept goes through BERTopic (step 3):
                # its topic words for the others would be made and thrown away.
                raw = np.asarray(self._clusterer(mts).fit(red).labels_, dtype=int)
                final = self._finish_clusters(emb_fit, raw, w_fit, fit_lang)
                per_topic = pd.Series(w_fit[final != OUTLIER_TOPIC]).groupby(final[final != OUTLIER_TOPIC]).sum()
                largest = float(per_topic.max() / w_fit.sum()) if len(per_topic) else 1.0
                tried[mts] = (davies_bouldin(emb_fit, final), silhouette(red, final, seed=self.seed), round(largest, 4))
        mts = choose_size(tried) if tried else sizes[0]
        # 3. BERTopic with everything injected (never BERTopic() bare: it would try the hub)
        self.bertopic_, topics = self._cluster(emb_fit, c_docs, reducer, mts)
        self.min_topic_size_ = int(mts)
        self.min_topic_sizes_tried_ = {int(k): float(v[0]) for k, v in tried.items()}
        self.size_silhouettes_ = {int(k): float(v[1]) for k, v in tried.items()}
        self.size_largest_shares_ = {int(k): float(v[2]) for k, v in tried.items()}
        # 4. centroids in embedding space, outlier reduction, merge of near-identical topics
        return self._finish_clusters(emb_fit, topics, w_fit, fit_lang)

    def _clusterer(self, mts: int):
        """The clusterer BERTopic is given for minimum topic size ``mts``."""
        return self.hdbscan_model if self.hdbscan_model is not None else HdbscanWard(min_cluster_size=mts,
                                                                                     seed=self.seed)

    def _cluster(self, emb_fit: np.ndarray, c_docs: list[str], reducer, mts: int):
        """BERTopic fitted with ``reducer`` and a clusterer of minimum size ``mts``: (model, topics)."""
        clusterer = self._clusterer(mts)
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
            topics, self.n_merged_ = merge_near(emb, topics, w, ids, thresholds)
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

    def fit_transform(self, docs: Sequence[str], **kwargs) -> tuple[np.ndarray, np.ndarray]:
        """``fit(docs, **kwargs)`` then the fitted ``(labels_, probabilities_)``."""
        self.fit(docs, **kwargs)
        return self.labels_, self.probabilities_
