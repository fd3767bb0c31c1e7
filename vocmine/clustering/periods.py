"""Monthly entry point: topics for one period with ids that persist across months.

``topics_for_period`` takes the cleaned tickets of the **history up to and including** ``period``
(the runner passes every month so far; later months are ignored) and the state directory of
previous runs:

* ``mode="fit"``: refit on the history; topics are matched to the saved catalogue ids by centroid
  similarity (``linear_sum_assignment``; the old topics' centroids are recomputed in the new
  model's space from the history tickets the old model assigns to them), unmatched topics get new
  ids, the previous embedder is reused so the space stays comparable.
* ``mode="transform"``: assign with the saved model; the period's tickets are also clustered on
  their own (UMAP + HDBSCAN); a cluster unlike every known topic (centroid similarity below the
  alignment threshold) whose tickets sit closer to it than to any known topic becomes a new topic
  with a new id, and the period's tickets nearest to it move there (history keeps its topics).
* ``mode="auto"``: ``fit`` when ``state_dir`` holds no model, else ``transform``.

State written to ``state_dir``: ``model/`` (:meth:`TopicModel.save`), ``catalogue.json``
(TopicFrame records) and ``state.json`` (last period, mode, embedder fingerprint).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from vocmine.clustering.align import DEFAULT_ALIGN_SIMILARITY, align_topics
from vocmine.clustering.cache import default_cache_dir
from vocmine.clustering.catalogue import build_catalogue, load_catalogue, save_catalogue
from vocmine.clustering.cluster import min_topic_size_for
from vocmine.clustering.embedders import l2_normalise
from vocmine.clustering.labels import ctfidf_keywords, representative_docs, topic_stopwords
from vocmine.clustering.model import TopicModel
from vocmine.exceptions import ConfigError
from vocmine.schema import (CREATED_AT, LANGUAGE, TEXT_DISPLAY, TEXT_LEMMAS, TEXT_MODEL, TICKET_ID,
                            TOPIC_ID, TOPIC_LABEL, require_columns)

__all__ = ["TopicResult", "topics_for_period", "period_of", "topic_changes", "CHANGE_COLUMNS"]

TOPIC_PROB = "topic_prob"
PERIOD = "period"
CHANGE_COLUMNS = ["topic_id", "label", "status", "n_period", "n_previous", "change"]
ASSIGNMENT_COLUMNS = [TICKET_ID, PERIOD, TOPIC_ID, TOPIC_LABEL, TOPIC_PROB]


@dataclass
class TopicResult:
    """What :func:`topics_for_period` returns.

    ``assignments``: one row per ticket of the history up to ``period``: ``ticket_id``, ``period``
    ('YYYY-MM'), ``topic_id`` (-1 = unassigned), ``topic_label``, ``topic_prob`` (cosine similarity
    to the topic centroid, 0..1).
    ``catalogue``: the TopicFrame (see :mod:`vocmine.clustering.catalogue`).
    ``changes``: ``topic_id, label, status`` (new, growing, shrinking, stable, vanished),
    ``n_period`` (tickets in ``period``), ``n_previous`` (tickets in the month before),
    ``change`` (relative change, NaN when ``n_previous`` is 0); topics with no ticket in either
    month and the unassigned topic are left out.
    ``model``: the fitted :class:`TopicModel`; ``mode``: "fit" or "transform" (what ran).
    """

    assignments: pd.DataFrame
    catalogue: pd.DataFrame
    changes: pd.DataFrame
    model: TopicModel
    mode: str
    period: str
    new_topics: list[int] = field(default_factory=list)


def period_of(created_at: pd.Series) -> pd.Series:
    """'YYYY-MM' of each timestamp in UTC (naive timestamps are taken as UTC)."""
    ts = pd.to_datetime(created_at, utc=True)
    return ts.dt.strftime("%Y-%m")


def _previous_period(period: str) -> str:
    return (pd.Period(period, freq="M") - 1).strftime("%Y-%m")


def topic_changes(topics: np.ndarray, periods: pd.Series, period: str, catalogue: pd.DataFrame, *,
                  new_ids: set[int] | None = None, min_abs: int = 5, min_rel: float = 0.3) -> pd.DataFrame:
    """Status of each catalogue topic in ``period`` against the month before.

    ``new``: created by this run (``new_ids``) or first seen in ``period``; ``vanished``: tickets
    last month, none now; ``growing``/``shrinking``: the count moved by at least
    ``max(min_abs, min_rel × n_previous)``; else ``stable``. Columns: :data:`CHANGE_COLUMNS`.
    """
    topics = np.asarray(topics)
    per = np.asarray(periods, dtype=object)
    prev = _previous_period(period)
    now_counts = pd.Series(topics[per == period]).value_counts()
    prev_counts = pd.Series(topics[per == prev]).value_counts()
    rows = []
    for r in catalogue.itertuples(index=False):
        t = int(r.topic_id)
        n_now, n_prev = int(now_counts.get(t, 0)), int(prev_counts.get(t, 0))
        if n_now == 0 and n_prev == 0:
            continue
        diff = n_now - n_prev
        if n_now > 0 and ((new_ids is not None and t in new_ids) or r.first_seen == period):
            status = "new"
        elif n_now == 0:
            status = "vanished"
        elif diff >= max(min_abs, min_rel * n_prev):
            status = "growing"
        elif -diff >= max(min_abs, min_rel * n_prev):
            status = "shrinking"
        else:
            status = "stable"
        rows.append({"topic_id": t, "label": r.label, "status": status, "n_period": n_now, "n_previous": n_prev,
                     "change": (diff / n_prev) if n_prev else float("nan")})
    frame = pd.DataFrame(rows, columns=CHANGE_COLUMNS)
    return frame.sort_values(["n_period", "topic_id"], ascending=[False, True], kind="stable").reset_index(drop=True)


def _column(frame: pd.DataFrame, name: str, fallback: str | None = None) -> list | None:
    if name in frame.columns:
        return frame[name].astype(object).where(frame[name].notna(), "").astype(str).tolist()
    if fallback is not None and fallback in frame.columns:
        return frame[fallback].astype(object).where(frame[fallback].notna(), "").astype(str).tolist()
    return None


def _discover_new_topics(model: TopicModel, docs, lemmas, languages, display, in_period: np.ndarray,
                         sims: np.ndarray, *, seed: int, novelty_similarity: float = DEFAULT_ALIGN_SIMILARITY
                         ) -> list[int]:
    """Cluster the period's tickets on their own (exact-kNN UMAP + HDBSCAN); a cluster whose centroid
    is less similar than ``novelty_similarity`` to every known topic, and whose tickets mostly sit
    closer to it than to any known topic, becomes a new topic. Returns the new ids."""
    import hdbscan

    from vocmine.clustering.reduce import KnnUMAP

    cand = np.flatnonzero(in_period)
    n_period = int(in_period.sum())
    min_size = max(10, model.min_topic_size_, min_topic_size_for(n_period))
    if len(cand) < min_size:
        return []
    cand_docs = [docs[i] for i in cand]
    cand_lang = [languages[i] for i in cand] if languages is not None else None
    vec = model.transform_vectors(cand_docs, languages=cand_lang)
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
    for c in sorted(accepted):
        for k in sorted(accepted):
            if k < c and k in accepted and c in accepted and float(accepted[k] @ accepted[c]) >= merge_at:
                labels[labels == c] = k
                accepted.pop(c)
                accepted[k] = l2_normalise(vec[labels == k].mean(axis=0, keepdims=True))[0]
                break
    # keywords: c-TF-IDF of the new clusters against the period's tickets in their known topics
    per_docs = np.flatnonzero(in_period)
    t_known, _ = model.transform([docs[i] for i in per_docs],
                                 languages=[languages[i] for i in per_docs] if languages is not None else None)
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
    :class:`TopicResult` for what comes back. Writes the model and catalogue under ``state_dir``.
    ``model_params`` are extra :class:`TopicModel` keyword arguments for a fit (e.g. an injected
    ``umap_model`` or ``min_topic_size``).
    """
    if mode not in ("auto", "fit", "transform"):
        raise ConfigError(f"mode={mode!r}; expected 'auto', 'fit' or 'transform'")
    try:
        pd.Period(period, freq="M")
    except (ValueError, TypeError) as exc:
        raise ConfigError(f"period={period!r}; expected 'YYYY-MM'") from exc
    require_columns(tickets, [TICKET_ID, CREATED_AT, TEXT_MODEL], what="tickets for topics_for_period")
    state_dir = Path(state_dir)
    model_dir, cat_path, state_path = state_dir / "model", state_dir / "catalogue.json", state_dir / "state.json"
    cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    has_model = (model_dir / "model.joblib").exists()
    if mode == "auto":
        mode = "transform" if has_model else "fit"
    if mode == "transform" and not has_model:
        raise ConfigError(f"mode='transform' needs a saved model in {model_dir}; run mode='fit' first")

    per_all = period_of(tickets[CREATED_AT])
    hist = tickets.loc[(per_all <= period).to_numpy()].reset_index(drop=True)
    per = per_all[(per_all <= period).to_numpy()].reset_index(drop=True)
    docs = _column(hist, TEXT_MODEL)
    lemmas = _column(hist, TEXT_LEMMAS)
    languages = _column(hist, LANGUAGE)
    display = _column(hist, TEXT_DISPLAY)
    previous = load_catalogue(cat_path) if cat_path.exists() else None
    old_model = TopicModel.load(model_dir, cache_dir=cache_dir) if has_model else None
    new_ids: list[int] = []

    if mode == "fit":
        emb = embedder if embedder is not None else (old_model.embedder_ if old_model is not None else None)
        model = TopicModel(embedder=emb, seed=seed, cache_dir=cache_dir, **(model_params or {}))
        model.fit(docs, lemmas=lemmas, languages=languages, display=display)
        if previous is not None and len(previous):
            vec = model.transform_vectors(docs, languages=languages)
            old_topics, _ = old_model.transform(docs, languages=languages) if old_model is not None else (None, None)
            old_ids, old_cents = [], []
            for t in previous["topic_id"].astype(int):
                if old_topics is not None and (old_topics == t).any():
                    old_ids.append(t)
                    old_cents.append(l2_normalise(vec[old_topics == t].mean(axis=0, keepdims=True))[0])
            mapping = align_topics(old_ids, np.array(old_cents).reshape(len(old_ids), -1), model.topic_ids_,
                                   model.centroids_, threshold=DEFAULT_ALIGN_SIMILARITY,
                                   next_id=int(previous["topic_id"].max()) + 1)
            model.renumber(mapping)
            new_ids = [t for t in model.topic_ids_ if t not in set(previous["topic_id"].astype(int))]
        topics, probs = model.labels_, model.probabilities_
    else:
        model = old_model
        topics, probs = model.transform(docs, languages=languages)
        in_period = (per == period).to_numpy()
        new_ids = _discover_new_topics(model, docs, lemmas, languages, display, in_period, probs, seed=seed)
        if new_ids:  # only the period's tickets may move to a new topic: history keeps its ids
            idx = np.flatnonzero(in_period)
            t_new, p_new = model.transform([docs[i] for i in idx],
                                           languages=[languages[i] for i in idx] if languages is not None else None)
            topics, probs = np.asarray(topics).copy(), np.asarray(probs).copy()
            topics[idx], probs[idx] = t_new, p_new
            for t in new_ids:  # sizes of topics found now: tickets assigned to them in the history
                model.topic_sizes_[t] = int((topics == t).sum())

    catalogue = build_catalogue(model, topics, per, previous=previous)
    changes = topic_changes(topics, per, period, catalogue, new_ids=set(new_ids))
    labels = [model.labels_text_.get(int(t), f"topic {t}") for t in topics]
    assignments = pd.DataFrame({TICKET_ID: hist[TICKET_ID].to_numpy(), PERIOD: per.to_numpy(),
                                TOPIC_ID: np.asarray(topics, dtype=int), TOPIC_LABEL: labels,
                                TOPIC_PROB: np.round(np.asarray(probs, dtype=float), 4)}, columns=ASSIGNMENT_COLUMNS)

    state_dir.mkdir(parents=True, exist_ok=True)
    model.save(model_dir)
    save_catalogue(catalogue, cat_path)
    state = {"period": period, "mode": mode, "embedder": model.embedder_.fingerprint, "n_topics": len(model.topic_ids_),
             "new_topics": [int(t) for t in new_ids]}
    tmp = state_path.with_name(".state.json.tmp")
    tmp.write_text(json.dumps(state, indent=2), encoding="utf-8")
    os.replace(tmp, state_path)
    return TopicResult(assignments=assignments, catalogue=catalogue, changes=changes, model=model, mode=mode,
                       period=period, new_topics=[int(t) for t in new_ids])
