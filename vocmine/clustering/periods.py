"""The monthly entry point for one period: :func:`topics_for_period` (a front over
:func:`vocmine.clustering.flow.assign_period`, without a history store) and the discovery of new
topics among tickets no topic explains.

``topics_for_period`` takes the cleaned tickets of the **history up to and including** ``period``
and the state directory of previous runs:

* ``mode="auto"``: fit on the whole history when ``state_dir`` holds no state standing before
  ``period``, else assign with the saved model (tickets no topic explains are pooled across months
  and may form a new topic); a month the model no longer explains triggers a refit.
* ``mode="fit"``: refit on the history; topics take the ids of the saved topics they share most
  tickets with.
* ``mode="transform"``: needs a saved state.

The state (model, catalogue, state.json) is written as one versioned unit
(:mod:`vocmine.clustering.state`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from vocmine.clustering.align import DEFAULT_ALIGN_SIMILARITY
from vocmine.clustering.cache import default_cache_dir
from vocmine.clustering.cluster import min_topic_size_for
from vocmine.clustering.embedders import l2_normalise, nonzero_rows
from vocmine.clustering.labels import representative_docs
from vocmine.clustering.model import TopicModel
from vocmine.exceptions import ConfigError
from vocmine.schema import CREATED_AT, TEXT_MODEL, TICKET_ID, require_columns
from vocmine.stats import CHANGE_COLUMNS

log = logging.getLogger(__name__)

__all__ = ["TopicResult", "topics_for_period", "period_of", "CHANGE_COLUMNS"]


@dataclass
class TopicResult:
    """What :func:`topics_for_period` returns.

    ``assignments``: one row per ticket of the history up to ``period``: ``ticket_id``, ``period``
    ('YYYY-MM'), ``topic_id`` (-1 = unassigned), ``topic_label``, ``topic_prob`` (cosine similarity
    to the topic centroid, 0..1).
    ``catalogue``: the TopicFrame (see :mod:`vocmine.clustering.catalogue`).
    ``changes``: :func:`vocmine.stats.volume_changes` for ``period`` (status new, growing,
    shrinking, vanished, stable or no_history, decided by a count test against the topic's history).
    ``model``: the fitted :class:`TopicModel`; ``mode``: "fit", "refit" or "transform" (what ran).
    """

    assignments: pd.DataFrame
    catalogue: pd.DataFrame
    changes: pd.DataFrame
    model: TopicModel
    mode: str
    period: str
    new_topics: list[int] = field(default_factory=list)


def period_of(created_at: pd.Series) -> pd.Series:
    """'YYYY-MM' of each timestamp in UTC (naive timestamps are taken as UTC); a run cuts months in
    its own zone with :func:`vocmine._time.period_of`."""
    from vocmine._time import period_of as _period_of

    return _period_of(created_at, "UTC")


def _emerging(model: TopicModel, vectors: np.ndarray, known_sims: np.ndarray, centroids: np.ndarray,
              periods: np.ndarray, build) -> np.ndarray:
    """For each candidate centroid: would its topic be ``new`` in one of the ``build`` periods?

    Every history ticket is counted the way a transformed month counts it (nearest centroid among
    the known topics and the candidates, at least the model's ``min_similarity_``), and each
    candidate's month counts get the count test of :func:`vocmine.stats.volume_changes`; a month
    with no earlier month (``no_history``) cannot refute it. ``known_sims``: each ticket's similarity
    to its nearest known topic (what :meth:`~TopicModel.assign_vectors` gave the caller)."""
    from vocmine.stats import volume_changes

    periods = np.asarray(periods, dtype=object)
    n_c = len(centroids)
    win = np.full(len(vectors), -1)
    for s in range(0, len(vectors), model.batch_size):
        cand = vectors[s:s + model.batch_size] @ centroids.T
        best = cand.argmax(axis=1)
        top = cand[np.arange(len(cand)), best]
        beat = top >= model.min_similarity_
        if len(model.topic_ids_):
            beat &= top > known_sims[s:s + len(cand)]
        win[s:s + len(cand)] = np.where(beat, best, -1)
    totals = pd.Series(periods).value_counts()
    counts = pd.crosstab(win, periods).reindex(index=range(n_c), columns=totals.index, fill_value=0)
    ok = np.zeros(n_c, dtype=bool)
    for p in build:
        st = volume_changes(counts, totals, str(p)).set_index("topic_id")["status"]
        ok |= np.array([st.get(j, "") in ("new", "no_history") for j in range(n_c)])
    return ok


def _discover_new_topics(model: TopicModel, docs, lemmas, languages, display, in_period: np.ndarray,
                         sims: np.ndarray, *, vectors: np.ndarray, seed: int,
                         novelty_similarity: float = DEFAULT_ALIGN_SIMILARITY,
                         periods: np.ndarray | None = None, build=()) -> list[int]:
    """Cluster the period's tickets on their own (exact-kNN UMAP + HDBSCAN); a cluster whose centroid
    is less similar than ``novelty_similarity`` to every known topic, and whose tickets mostly sit
    closer to it than to any known topic, becomes a new topic. Returns the new ids. ``vectors``: the
    model's :meth:`~TopicModel.history_vectors` of ``docs`` (the caller's, not recomputed); ``sims``:
    each doc's similarity to its nearest known topic (from :meth:`~TopicModel.assign_vectors`).

    With ``periods`` (each doc's 'YYYY-MM') and ``build`` (the periods being built), a candidate must
    also be **new** by the count test (:func:`_emerging`): a cluster that was already there in the
    earlier months, only left out by the fit, is not a new topic. On the sample that is what the
    agent-note template ("Summary: ... / ...") and chat headers form, at every month's rate; they
    stay where they were (unassigned, or in their topics) and the next refit decides them."""
    import hdbscan

    from vocmine.clustering.reduce import KnnUMAP

    cand = np.flatnonzero(in_period)
    n_period = int(in_period.sum())
    cand = cand[nonzero_rows(vectors[cand])]  # texts without words: no topic
    min_size = max(10, model.min_topic_size_, min_topic_size_for(n_period))
    if len(cand) < min_size:
        return []
    vec = vectors[cand]
    red = KnnUMAP(seed=seed).fit_transform(vec) if len(cand) > 30 else vec
    labels = hdbscan.HDBSCAN(min_cluster_size=min_size, allow_single_cluster=True).fit(red).labels_
    accepted: dict[int, np.ndarray] = {}
    for c in sorted(set(labels.tolist()) - {-1}):
        m = labels == c
        cent = l2_normalise(vec[m].mean(axis=0, keepdims=True))[0]
        nearest_known = float((model.centroids_ @ cent).max()) if len(model.topic_ids_) else 0.0
        own = vec[m] @ cent
        known = (vec[m] @ model.centroids_.T).max(axis=1)
        # a new topic: unlike every known topic (as different as two topics the alignment keeps
        # apart) and most of its tickets sit closer to it than to any known topic
        if m.sum() >= min_size and nearest_known < novelty_similarity and float(np.mean(own > known)) >= 0.8:
            accepted[c] = cent
    if not accepted:
        return []
    # new clusters as alike as topics the model merges at fit (e.g. PT and EN halves) become one
    # (the strictest of the per-language thresholds; models saved before they existed: their number)
    merge_at = getattr(model, "merge_similarity_", None)
    if isinstance(merge_at, dict):
        merge_at = max(merge_at.values())
    if merge_at is None:
        merge_at = model.merge_similarity if isinstance(model.merge_similarity, (int, float)) else 1.01
    # a PT and an EN cluster of one new reason: each the other's nearest new cluster, and as alike as
    # the language halves of a topic the fit kept whole (its lowest; None: no such evidence)
    halves = getattr(model, "language_halves_similarity_", None)
    cross: set[tuple[int, int]] = set()
    if halves is not None and languages is not None and len(accepted) > 1:
        order = sorted(accepted)
        major = {c: pd.Series([str(languages[i]) for i in cand[labels == c]]).value_counts().index[0] for c in order}
        cents = np.stack([accepted[c] for c in order])
        sim = cents @ cents.T
        np.fill_diagonal(sim, -np.inf)
        best = {c: order[int(sim[i].argmax())] for i, c in enumerate(order)}
        cross = {(k, c) for k in order for c in order
                 if k < c and best[k] == c and best[c] == k and {major[k], major[c]} == {"pt", "en"}
                 and float(accepted[k] @ accepted[c]) >= min(halves, merge_at)}
    for c in sorted(accepted):
        for k in sorted(accepted):
            if k < c and k in accepted and c in accepted and (
                    float(accepted[k] @ accepted[c]) >= merge_at or (k, c) in cross):
                labels[labels == c] = k
                accepted.pop(c)
                accepted[k] = l2_normalise(vec[labels == k].mean(axis=0, keepdims=True))[0]
                break
    if periods is not None and len(build):
        order = sorted(accepted)
        new = _emerging(model, vectors, sims, np.stack([accepted[c] for c in order]), periods, build)
        for c, keep in zip(order, new):
            if not keep:
                log.info("a cluster of %d unexplained tickets unlike every topic was already there before %s "
                         "(not new by the count test): not added as a topic", int((labels == c).sum()), min(build))
                accepted.pop(c)
                labels[labels == c] = -1
        if not accepted:
            return []
    # keywords: c-TF-IDF of the new clusters against the period's tickets in their known topics
    per_docs = np.flatnonzero(in_period)
    t_known, _ = model.assign_vectors(vectors[per_docs], [docs[i] for i in per_docs])
    tag = {int(i): int(t) for i, t in zip(per_docs, t_known)}
    base = 10_000_000
    for c in accepted:
        for i in cand[labels == c]:
            tag[int(i)] = base + c
    keys = sorted(tag)
    tags = np.array([tag[i] for i in keys])
    # the same words and rules as the fitted topics (surface forms, no masks, names or spread terms)
    from vocmine.clustering.words import describe_topics

    def pick(values):
        return [values[i] for i in keys] if values is not None else None

    words = describe_topics(pick(docs), tags, lemmas=pick(lemmas), languages=pick(languages), display=pick(display),
                            top_n=model.top_n_words, stop_words=getattr(model, "stop_words", None) or ())
    kw_new = {c: words.keywords.get(base + c, []) for c in accepted}
    kw_lang = {code: {c: kw.get(base + c, []) for c in accepted}
               for code, kw in (("pt", words.keywords_pt), ("en", words.keywords_en))} if languages is not None else {}
    reps = {}
    if display is not None:
        for c in accepted:
            idx = cand[labels == c]
            r = representative_docs([display[i] for i in idx], [c] * len(idx), vec[labels == c] @ accepted[c])
            reps[c] = r.get(c, [])
    order = sorted(accepted)
    return model.add_topics(np.stack([accepted[c] for c in order]), {c: kw_new[c] for c in order},
                            sizes={c: int((labels == c).sum()) for c in order},
                            keywords_pt=kw_lang.get("pt"), keywords_en=kw_lang.get("en"), representative=reps)


def topics_for_period(tickets: pd.DataFrame, *, state_dir: Path, period: str, mode: str = "auto", seed: int = 0,
                      embedder=None, cache_dir: Path | None = None,
                      model_params: dict | None = None) -> TopicResult:
    """Topics for ``period`` ('YYYY-MM') from the cleaned ``tickets`` of the history up to it.

    ``tickets`` needs ``ticket_id``, ``created_at``, ``text_model``; ``text_lemmas``,
    ``text_display`` and ``language`` are used when present. ``cache_dir`` defaults to
    ``$VOCMINE_CACHE_DIR`` or ``.vocmine-cache``. See the module docstring for the modes and
    :class:`TopicResult` for what comes back. Writes a state version under ``state_dir``.
    ``model_params`` are extra :class:`TopicModel` keyword arguments for a fit (e.g. an injected
    ``umap_model`` or ``min_topic_size``).
    """
    from vocmine.clustering.flow import assign_period
    from vocmine.clustering.state import version_before

    if mode not in ("auto", "fit", "transform"):
        raise ConfigError(f"mode={mode!r}; expected 'auto', 'fit' or 'transform'")
    try:
        pd.Period(period, freq="M")
    except (ValueError, TypeError) as exc:
        raise ConfigError(f"period={period!r}; expected 'YYYY-MM'") from exc
    require_columns(tickets, [TICKET_ID, CREATED_AT, TEXT_MODEL], what="tickets for topics_for_period")
    cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    has_state = version_before(state_dir, period) is not None
    if mode == "transform" and not has_state:
        raise ConfigError(f"mode='transform' needs a saved topic state in {state_dir} standing before {period}; "
                          f"run mode='fit' first")
    res = assign_period(tickets, period=period, state_dir=state_dir, refit=(mode == "fit" and has_state),
                        seed=seed, embedder=embedder, cache_dir=cache_dir, model_params=model_params)
    return TopicResult(assignments=res.assignments, catalogue=res.catalogue, changes=res.changes[period],
                       model=res.model, mode=res.mode, period=period, new_topics=res.new_topics)
