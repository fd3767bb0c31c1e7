"""Topic centroids after clustering, and the merge of near-identical topics.

Functions of the fit's embeddings (``emb``, L2-normalised rows), its topic per row (``topics``,
``OUTLIER_TOPIC`` for none) and each row's weight (``w``: duplicates counted); used by
:meth:`vocmine.clustering.model.TopicModel.fit` for every candidate topic size.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from vocmine.clustering.embedders import l2_normalise
from vocmine.schema import OUTLIER_TOPIC

__all__ = ["MERGE_SIMILARITY", "OVER_SPLIT_SHARE", "HALF_MIN_DOCS", "HALF_MIN_TOPICS", "centroids",
           "own_similarity", "halves_similarity", "merge_thresholds", "merge_near"]

#: topics whose centroids are more similar than this are merged (``merge_similarity="auto"`` cap)
MERGE_SIMILARITY = 0.75
#: a corpus is over-split when more than this share of its topics is closer to a neighbouring
#: topic than its own documents are to it (``merge_similarity="auto"``)
OVER_SPLIT_SHARE = 0.6
#: a topic counts as holding both languages with this many documents of each, and a fit measures how
#: alike the two halves of one topic can be from at least HALF_MIN_TOPICS such topics
HALF_MIN_DOCS = 10
HALF_MIN_TOPICS = 3


def centroids(emb: np.ndarray, topics: np.ndarray, w: np.ndarray) -> tuple[list[int], np.ndarray]:
    """``(topic ids sorted, their weighted L2-normalised centroids)``; outliers have none."""
    ids = sorted(int(t) for t in set(topics.tolist()) if t != OUTLIER_TOPIC)
    if not ids:
        return [], np.zeros((0, emb.shape[1]), dtype=np.float32)
    cents = np.stack([(emb[topics == t] * w[topics == t, None]).sum(0) for t in ids])
    return ids, l2_normalise(cents)


def own_similarity(emb: np.ndarray, topics: np.ndarray, ids: Sequence[int], cents: np.ndarray) -> np.ndarray:
    """Each row's similarity to its own topic's centroid, clipped to 0..1 (0 for outliers)."""
    sims = np.zeros(len(emb))
    for i, t in enumerate(ids):
        m = topics == t
        sims[m] = emb[m] @ cents[i]
    return np.clip(sims, 0.0, 1.0)


def halves_similarity(emb: np.ndarray, topics: np.ndarray, w: np.ndarray,
                      languages: Sequence[str] | None) -> float | None:
    """How alike the language halves of one fitted topic can be: the lowest centroid similarity
    between the PT and EN tickets of a topic holding at least ``HALF_MIN_DOCS`` of each (None
    with fewer than ``HALF_MIN_TOPICS`` such topics: no evidence). New topics found in a later
    month use it to join a PT and an EN cluster of one new reason (``language_halves_similarity_``)."""
    if languages is None:
        return None
    lang = np.asarray([str(x) for x in languages], dtype=object)
    halves = []
    for code in ("pt", "en"):
        m = lang == code
        n_docs = pd.Series(topics[m]).value_counts()
        halves.append({t: c for t, c in zip(*centroids(emb[m], topics[m], w[m]))
                       if n_docs.get(t, 0) >= HALF_MIN_DOCS})
    out = [float(halves[0][t] @ halves[1][t]) for t in halves[0] if t in halves[1]]
    return round(min(out), 4) if len(out) >= HALF_MIN_TOPICS else None


def merge_thresholds(emb: np.ndarray, topics: np.ndarray, w: np.ndarray, ids: list[int], cents: np.ndarray,
                     sims: np.ndarray, languages: Sequence[str] | None, setting
                     ) -> tuple[np.ndarray | None, dict | None, dict | None]:
    """Per-topic centroid similarity above which a topic merges, for ``setting`` (the model's
    ``merge_similarity``: a number, ``"auto"`` or None): ``(thresholds, merge_similarity_,
    over_split_share_)``, the last two ``{language group: value}`` (``"*"`` without languages).

    With ``"auto"`` the over-split test runs per language group (topics by their majority
    language), so a diffuse PT half of a corpus is merged while a crisp EN half is not; a pair
    merges above the larger of its two thresholds."""
    if setting is None or not ids:
        return None, None, None
    if setting != "auto":
        return np.full(len(ids), float(setting)), {"*": float(setting)}, None
    thresholds = np.full(len(ids), MERGE_SIMILARITY)
    if languages is None:
        group = np.full(len(ids), "*", dtype=object)
    else:
        # majority language, duplicates counted; ties → alphabetical (sorted columns, first max)
        lang = np.asarray([str(x) for x in languages], dtype=object)
        weight = pd.Series(w).groupby([topics, lang]).sum().unstack(fill_value=0.0)
        group = weight.loc[ids].idxmax(axis=1).to_numpy(dtype=object)
    others = np.where(np.eye(len(ids), dtype=bool), -np.inf, sims)
    nearest = others.max(axis=1) if len(ids) > 1 else np.full(len(ids), -1.0)
    cohesion = np.array([float(np.average(emb[topics == t] @ cents[k], weights=w[topics == t]))
                         for k, t in enumerate(ids)])
    chosen, shares = {}, {}
    for g in sorted(set(group.tolist())):
        m = group == g
        share = float(np.mean(nearest[m] > cohesion[m]))
        shares[g] = share
        if m.sum() >= 3 and share > OVER_SPLIT_SHARE:
            thresholds[m] = min(MERGE_SIMILARITY, float(np.median(cohesion[m])))
        chosen[g] = float(thresholds[m][0])
    return thresholds, chosen, shares


def merge_near(emb: np.ndarray, topics: np.ndarray, w: np.ndarray, ids: list[int], thresholds: np.ndarray
               ) -> tuple[np.ndarray, int]:
    """Centroid linkage: while some pair of topics has centroids more similar than the larger of
    their two thresholds, the most similar such pair becomes one topic whose centroid is that of
    all its documents (weighted by ``w``), and its threshold the larger of the two. Returns
    ``(topics with merged ids, number of topics merged away)``; a merged topic keeps its smallest id.

    Single linkage (merge every pair above the threshold, transitively) chained the topics of a
    diffuse corpus into one: 91% of 6,000 B2W product reviews in one topic at the lowered threshold
    of an over-split corpus, 57% of 4,113 Olist reviews (``bench/topics.md``). Here a merged topic's
    centroid moves to the middle of its documents, so a chain of topics each like the next does
    not become one unless their centroids are alike."""
    k = len(ids)
    if k < 2:
        return topics, 0
    sums = np.stack([(emb[topics == t] * w[topics == t, None]).sum(0) for t in ids]).astype(np.float64)

    def unit(v: np.ndarray) -> np.ndarray:
        n = np.linalg.norm(v, axis=-1, keepdims=True)
        return v / np.where(n > 0, n, 1.0)

    cents = unit(sums)
    sims = cents @ cents.T
    np.fill_diagonal(sims, -np.inf)
    thr = np.asarray(thresholds, dtype=np.float64).copy()
    owner = np.arange(k)
    alive = np.ones(k, dtype=bool)
    while True:
        ok = (sims > np.maximum(thr[:, None], thr[None, :])) & alive[:, None] & alive[None, :]
        if not ok.any():
            break
        i, j = sorted(np.unravel_index(int(np.argmax(np.where(ok, sims, -np.inf))), sims.shape))
        sums[i] += sums[j]
        thr[i] = max(thr[i], thr[j])
        alive[j] = False
        owner[owner == j] = i
        cents[i] = unit(sums[i])
        row = cents @ cents[i]
        row[i] = -np.inf
        sims[i, :] = row
        sims[:, i] = row
    remap = {ids[a]: ids[int(owner[a])] for a in range(k)}
    merged = int((owner != np.arange(k)).sum())
    return np.array([remap.get(int(t), int(t)) for t in topics]), merged
