"""Clusterers with ``fit(X) -> self`` and ``labels_`` (what BERTopic accepts as ``hdbscan_model``).

:class:`HdbscanWard` is the default: HDBSCAN on the reduced space *estimates how many topics there
are* (``min_cluster_size`` derived from the corpus size), then Ward agglomerative clustering with
that many clusters partitions every document. HDBSCAN alone leaves 15-20% of short support texts
as noise and its clusters are ragged (banking77 train, USE + UMAP: NMI 0.69 / ARI 0.16-0.26, and
0.73-0.74 / 0.33-0.40 after reassigning the noise); Ward with the HDBSCAN count keeps HDBSCAN's
data-driven number of topics and gives compact clusters (NMI 0.76 / ARI 0.45-0.47; see
bench/topics.md). The true number of topics is never used.
"""

from __future__ import annotations

import numpy as np

from vocmine.schema import OUTLIER_TOPIC

__all__ = ["HdbscanWard", "min_topic_size_for", "size_candidates", "davies_bouldin", "fit_bertopic"]

WARD_MAX_DOCS = 12_000  # Ward needs n²/2 distances; above this KMeans with the same k is used


def min_topic_size_for(n_docs: int) -> int:
    """Minimum topic size derived from the corpus size: 0.25% of documents, clipped to [10, 100].

    10,000 documents → 25 (tuned on banking77 train; 15 over-splits, 40 under-splits).
    """
    return int(min(100, max(10, round(0.0025 * n_docs))))


#: candidate minimum topic sizes, as multiples of :func:`min_topic_size_for` (fit chooses among them)
SIZE_FACTORS = (1.0, 1.5, 2.0, 2.5)
#: a larger minimum topic size is chosen only when its Davies-Bouldin index is below this share of the best so far
SIZE_GAIN = 0.99


def size_candidates(base: int, n_docs: int) -> list[int]:
    """Minimum topic sizes tried at fit: ``base`` and its multiples, each leaving room for two topics."""
    out = []
    for f in SIZE_FACTORS:
        m = round(base * f)
        if m not in out and (m == base or 2 * m <= n_docs):
            out.append(m)
    return out


def davies_bouldin(emb: np.ndarray, topics: np.ndarray) -> float:
    """Davies-Bouldin index (lower: tighter, better separated topics) of ``topics`` over ``emb``
    (float64, outliers left out; ``inf`` with fewer than two topics). Computed here, without BLAS,
    so that the choice it drives does not move with the CPU; rounded to 4 decimals."""
    keep = topics != OUTLIER_TOPIC
    x, t = np.asarray(emb, dtype=np.float64)[keep], topics[keep]
    ids = np.unique(t)
    if len(ids) < 2:
        return float("inf")
    cents = np.stack([x[t == k].mean(axis=0) for k in ids])
    scatter = np.array([np.sqrt(((x[t == k] - cents[i]) ** 2).sum(axis=1)).mean() for i, k in enumerate(ids)])
    dist = np.stack([np.sqrt(((cents - c) ** 2).sum(axis=1)) for c in cents])
    np.fill_diagonal(dist, np.inf)
    ratio = (scatter[:, None] + scatter[None, :]) / dist
    return round(float(ratio.max(axis=1).mean()), 4)


class HdbscanWard:
    """HDBSCAN to count topics, then Ward (or KMeans above ``WARD_MAX_DOCS``) with that count.

    Fitted attributes: ``labels_`` (no -1: every document gets a cluster), ``n_clusters_``,
    ``hdbscan_labels_`` (the HDBSCAN result, -1 = noise).
    """

    def __init__(self, *, min_cluster_size: int = 25, min_samples: int | None = None,
                 max_clusters: int | None = None, seed: int = 0):
        self.min_cluster_size = min_cluster_size
        self.min_samples = min_samples
        self.max_clusters = max_clusters
        self.seed = seed

    def fit(self, x: np.ndarray, y=None) -> HdbscanWard:
        import hdbscan
        from sklearn.cluster import AgglomerativeClustering, KMeans

        x = np.asarray(x, dtype=np.float64)
        n = len(x)
        if n < 2:
            self.labels_ = np.zeros(n, dtype=int)
            self.hdbscan_labels_ = self.labels_.copy()
            self.n_clusters_ = n
            return self
        mcs = max(2, min(self.min_cluster_size, n))
        hl = hdbscan.HDBSCAN(min_cluster_size=mcs, min_samples=self.min_samples).fit(x).labels_
        self.hdbscan_labels_ = np.asarray(hl)
        k = len(set(hl.tolist()) - {-1})
        k = max(1, k)
        if self.max_clusters:
            k = min(k, self.max_clusters)
        k = min(k, n)
        if k == 1:
            labels = np.zeros(n, dtype=int)
        elif n <= WARD_MAX_DOCS:
            labels = AgglomerativeClustering(n_clusters=k, linkage="ward").fit_predict(x)
        else:
            labels = KMeans(n_clusters=k, n_init=3, random_state=self.seed).fit_predict(x)
        self.labels_ = np.asarray(labels, dtype=int)
        self.n_clusters_ = k
        return self

    def fit_predict(self, x: np.ndarray, y=None) -> np.ndarray:
        return self.fit(x).labels_


def fit_bertopic(embed, emb: np.ndarray, docs: list[str], *, reducer, clusterer, vectorizer,
                 min_topic_size: int, top_n_words: int):
    """BERTopic fitted on precomputed ``emb`` with every part injected (never ``BERTopic()`` bare:
    it would look for a model on the hub; ``embed`` answers its embedding calls):
    ``(model, topics)``. A corpus BERTopic cannot build a vocabulary from (tiny, or stop words
    only) is still clustered: ``(model, the clusterer's labels)``."""
    from bertopic import BERTopic
    from bertopic.backend import BaseEmbedder

    class _Backend(BaseEmbedder):
        def embed(self, documents, verbose=False):
            return embed(list(documents))

    bt = BERTopic(embedding_model=_Backend(), umap_model=reducer, hdbscan_model=clusterer,
                  vectorizer_model=vectorizer, min_topic_size=min_topic_size, top_n_words=top_n_words,
                  calculate_probabilities=False, verbose=False)
    try:
        topics, _ = bt.fit_transform(docs, embeddings=emb)
    except ValueError:
        reducer.fit(emb)
        red = getattr(reducer, "embedding_", None)
        clusterer.fit(red if red is not None else emb)
        topics = clusterer.labels_
    return bt, np.asarray(topics, dtype=int)
