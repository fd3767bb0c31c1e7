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

__all__ = ["HdbscanWard", "min_topic_size_for", "size_candidates", "davies_bouldin", "silhouette", "choose_size",
           "fit_bertopic"]

WARD_MAX_DOCS = 12_000  # Ward needs n²/2 distances; above this KMeans with the same k is used


def min_topic_size_for(n_docs: int) -> int:
    """Minimum topic size derived from the corpus size: 0.25% of documents, clipped to [10, 100].

    10,000 documents → 25 (tuned on banking77 train; 15 over-splits, 40 under-splits).
    """
    return int(min(100, max(10, round(0.0025 * n_docs))))


#: candidate minimum topic sizes, as multiples of :func:`min_topic_size_for` (fit chooses among them).
#: Up to 2.5x until 2026-12-07; the coarser sizes let a corpus whose topics separate better at a
#: coarser grain say so: bitext 39 -> 22 topics (27 intents: ARI 0.697 -> 0.633; its 11 categories:
#: 0.383 -> 0.618), the sample 24 -> 20 (18 reasons: 0.823 -> 0.895); no other set moved (bench/topics.md)
SIZE_FACTORS = (1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0)
#: the sizes whose Davies-Bouldin index (embedding space) is within this factor of the lowest are
#: eligible; the others partition the tickets clearly worse. Measured bounds with SIZE_FACTORS
#: (bench/topics.md): bitext needs 1.025 to reach its size 55, masked bitext 1.061 to reach its size
#: 25 (32 topics for 27 intents, ARI 0.506 -> 0.710); from 1.085 masked bitext's size 40 gets in (20
#: topics, ARI 0.572), from 1.107 RePro's size 26 (16 topics, ARI 0.095). Tuned on these sets
SIZE_DB_TOLERANCE = 1.08
#: among the eligible sizes, from the smallest up, a larger one is chosen when the silhouette of its
#: topics in the reduced space (the space HDBSCAN clusters) is at least this much higher
#: (masked bitext: 0.602, 0.634, 0.702, 0.751 for sizes 10-25; banking77's best ARI keeps 0.587
#: against 0.593 at twice the size)
SIZE_SILHOUETTE_GAIN = 0.015
#: a size whose largest topic holds more than this share of the documents is left out of the
#: choice while another size's largest topic does not (a catch-all is not a topic)
SIZE_CATCH_ALL_SHARE = 0.5


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


def silhouette(x: np.ndarray, topics: np.ndarray, *, max_points: int = 4000, seed: int = 0) -> float:
    """Mean silhouette (Euclidean) of ``topics`` over the rows of ``x`` (outliers left out; a
    seeded sample of ``max_points`` rows on larger sets; -1 with fewer than two topics), in float64
    without BLAS so that the size it helps choose does not move with the CPU; rounded to 4 decimals.
    A topic of one row scores 0, as in scikit-learn."""
    keep = np.flatnonzero(topics != OUTLIER_TOPIC)
    if len(np.unique(topics[keep])) < 2:
        return -1.0
    if len(keep) > max_points:
        keep = np.sort(np.random.default_rng(seed).choice(keep, size=max_points, replace=False))
    order = keep[np.argsort(topics[keep], kind="stable")]  # rows grouped by topic
    x, t = np.asarray(x, dtype=np.float64)[order], topics[order]
    ids, starts, sizes = np.unique(t, return_index=True, return_counts=True)
    pos = np.searchsorted(ids, t)
    out = np.empty(len(x))
    for s in range(0, len(x), 256):
        d = np.sqrt(((x[s:s + 256, None, :] - x[None, :, :]) ** 2).sum(axis=-1))
        mean = np.add.reduceat(d, starts, axis=1)  # (rows, topics): summed distances
        own = pos[s:s + 256]
        rows = np.arange(len(own))
        a = mean[rows, own] / np.maximum(sizes[own] - 1, 1)
        mean /= sizes
        mean[rows, own] = np.inf
        b = mean.min(axis=1)
        out[s:s + 256] = np.where(sizes[own] > 1, (b - a) / np.maximum(np.maximum(a, b), 1e-300), 0.0)
    return round(float(out.mean()), 4)


def choose_size(scores: dict[int, tuple[float, ...]]) -> int:
    """The minimum topic size to keep from ``{size: (Davies-Bouldin index, silhouette in the reduced
    space[, share of the documents in the largest topic])}``: sizes whose largest topic holds more
    than :data:`SIZE_CATCH_ALL_SHARE` are left out while some size's does not; among the rest, the
    sizes within :data:`SIZE_DB_TOLERANCE` of the lowest index are eligible and the smallest is
    kept, replaced by a larger one each time that one's silhouette is :data:`SIZE_SILHOUETTE_GAIN`
    higher.

    Davies-Bouldin over the embeddings alone kept the smallest size on masked bitext (92 topics
    for 27 intents, ARI 0.522; size 25: 32 topics, 0.744) and the silhouette alone chose 3 topics
    on RePro; together they keep what each got right. Both also favour a corpus cut in two: on
    5,000 B2W product reviews the size whose HDBSCAN found 2 topics (68% of the reviews in one) had
    the lowest index and the highest silhouette of the eligible sizes, hence the catch-all screen
    (bench/topics.md)."""
    whole = {m: v for m, v in scores.items() if len(v) < 3 or v[2] <= SIZE_CATCH_ALL_SHARE}
    scores = whole or scores
    lowest = min(v[0] for v in scores.values())
    eligible = [m for m in sorted(scores) if scores[m][0] <= SIZE_DB_TOLERANCE * lowest]
    best = eligible[0]
    for m in eligible[1:]:
        if scores[m][1] >= scores[best][1] + SIZE_SILHOUETTE_GAIN:
            best = m
    return best


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
