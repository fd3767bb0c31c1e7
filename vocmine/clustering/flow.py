"""Topics month after month: fit on the history, transform new months, refit when the model no longer explains them.

:func:`assign_period` is what a monthly run calls. Given the cleaned tickets of the history up to
``period`` (every month the run knows, from the export and from the history store) and what the
store already holds (``stored``: ticket → topic id of months already published):

* **fit** (no saved state, nothing stored): one :class:`TopicModel` fitted on the whole history (a
  seeded sample of at most ``max_fit_docs`` unique texts when large) assigns every month. A first
  month of two tickets is assigned, never fitted on its own.
* **transform** (a saved state): stored tickets keep their ids; tickets of the new month(s) are
  assigned to the saved topics. The new months' tickets and every earlier ticket no topic explains
  (-1) are **pooled across months**; a cluster in that pool unlike every known topic, and *new* by
  the count test over the whole history (counted with its centroid among the topics), becomes a new
  topic, and its tickets move there in every month. A cluster that was already there in earlier
  months is not added (see :func:`vocmine.clustering.periods._discover_new_topics`).
* **refit**: asked for (``refit=True``), or needed: a store without a saved state (lost or never
  cached), or a month whose unexplained share exceeds ``refit_unexplained`` (and twice the fit's).
  The model is fitted again on the whole history and its topics take the ids of the stored topics
  they overlap most (Hungarian matching on shared tickets); past months are re-assigned and listed
  in ``reassigned_periods`` so the caller rewrites them: every trend then compares one topic
  definition. The reason is in ``reason``.

Words to keep out of topic words (the company's, its products' and the site's names, which
:func:`~vocmine.clustering.surface.spread_terms` finds on its own only when they are in most topics)
are configured in ``<state_dir>/stop_words.txt`` (one a line, ``#`` comments; ``vocmine run`` keeps
its state in ``<out>/state/``) or the ``VOCMINE_STOP_WORDS`` environment variable (comma separated),
or passed as ``model_params={"stop_words": [...]}``; they apply at the next fit or refit, and to the
words of new topics found in a transformed month. The saved model's ``noise.csv`` lists what was
kept out (boilerplate phrases with their document counts, spread terms, stop words).

Statuses (new, growing, shrinking, vanished, stable) come from :func:`vocmine.stats.volume_changes`
on these assignments: a count test against each topic's own history, never a comparison of ids.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from vocmine.clustering.catalogue import build_catalogue
from vocmine.clustering.embedders import nonzero_rows
from vocmine.clustering.model import TopicModel
from vocmine.clustering.state import load_state, save_state
from vocmine.exceptions import ConfigError
from vocmine.schema import (CREATED_AT, LANGUAGE, OUTLIER_TOPIC, TEXT_DISPLAY, TEXT_LEMMAS, TEXT_MODEL, TICKET_ID,
                            TOPIC_ID, TOPIC_LABEL, require_columns)

__all__ = ["FlowResult", "assign_period", "match_ids", "configured_stop_words", "REFIT_UNEXPLAINED",
           "ASSIGNMENT_COLUMNS", "STOP_WORDS_FILE", "STOP_WORDS_ENV"]

log = logging.getLogger("vocmine")

PERIOD = "period"
TOPIC_PROB = "topic_prob"
ASSIGNMENT_COLUMNS = [TICKET_ID, PERIOD, TOPIC_ID, TOPIC_LABEL, TOPIC_PROB]
#: refit when more than this share of a month's tickets fits no topic (and twice the share at fit)
REFIT_UNEXPLAINED = 0.2
#: a refitted topic takes a stored id when at least this share of its stored tickets had that id
MATCH_SHARE = 0.5


#: configured stop words: a file in the state folder, one word or phrase a line ...
STOP_WORDS_FILE = "stop_words.txt"
#: ... and/or this environment variable, comma separated
STOP_WORDS_ENV = "VOCMINE_STOP_WORDS"


def configured_stop_words(state_dir: str | Path | None) -> list[str]:
    """Words kept out of topic words: ``<state_dir>/stop_words.txt`` plus ``$VOCMINE_STOP_WORDS``."""
    import os

    words: list[str] = []
    f = Path(state_dir) / STOP_WORDS_FILE if state_dir is not None else None
    if f is not None and f.is_file():
        for line in f.read_text(encoding="utf-8").splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                words.append(line)
    words += [w.strip() for w in os.environ.get(STOP_WORDS_ENV, "").split(",") if w.strip()]
    return list(dict.fromkeys(words))


@dataclass
class FlowResult:
    """What :func:`assign_period` returns.

    ``assignments``: one row per history ticket up to ``period`` (:data:`ASSIGNMENT_COLUMNS`);
    ``catalogue``: the TopicFrame; ``changes``: {period: status frame} for each period in ``build``
    and ``reassigned_periods`` (:func:`vocmine.stats.volume_changes`); ``mode``: fit, refit or
    transform; ``reason``: why a refit happened; ``new_topics``: ids created by this call;
    ``reassigned_periods``: stored periods whose assignments changed (the caller rewrites them);
    ``version``: the state version written.
    """

    assignments: pd.DataFrame
    catalogue: pd.DataFrame
    changes: dict[str, pd.DataFrame]
    model: TopicModel
    mode: str
    period: str
    reason: str = ""
    new_topics: list[int] = field(default_factory=list)
    reassigned_periods: list[str] = field(default_factory=list)
    version: str = ""


def _column(frame: pd.DataFrame, name: str) -> list | None:
    if name not in frame.columns:
        return None
    return frame[name].astype(object).where(frame[name].notna(), "").astype(str).tolist()


def _stored_topics(stored: pd.DataFrame | None, ids: np.ndarray,
                   build: list[str]) -> tuple[pd.Series | None, pd.Series | None]:
    """``(kept, replaced)``: ticket id -> stored topic id of the history's tickets in the months this
    call keeps and in the months it rebuilds (``build``; None when there are none). Kept ids stay the
    tickets' topics; replaced ones only help a refit match its topics to the ids users saw."""
    if stored is None or not len(stored):
        return None, None
    s = stored.assign(**{TICKET_ID: stored[TICKET_ID].astype(str)}).drop_duplicates(TICKET_ID, keep="last")
    s = s[s[TICKET_ID].isin(ids)]
    rebuilt = (s[PERIOD].astype(str).isin(build) if PERIOD in s.columns
               else pd.Series(False, index=s.index)).to_numpy()
    out = []
    for part in (s[~rebuilt], s[rebuilt]):
        series = pd.Series(part[TOPIC_ID].astype(int).to_numpy(), index=part[TICKET_ID].to_numpy())
        out.append(series if len(series) else None)
    return out[0], out[1]


def match_ids(new_topics: np.ndarray, old_topics: np.ndarray, *, next_id: int,
              min_share: float = MATCH_SHARE) -> dict[int, int]:
    """Map each new topic id to the old id whose tickets it shares most (one-to-one, Hungarian on
    shared-ticket counts; kept when the old id holds at least ``min_share`` of the new topic's
    tickets that had an old topic, or the new topic holds at least ``min_share`` of the old topic's).
    Unmatched new topics get ids counting up from ``next_id``. The outlier topic maps to itself."""
    from scipy.optimize import linear_sum_assignment

    new_topics, old_topics = np.asarray(new_topics, dtype=int), np.asarray(old_topics, dtype=int)
    new_ids = sorted(set(new_topics.tolist()) - {OUTLIER_TOPIC})
    old_ids = sorted(set(old_topics.tolist()) - {OUTLIER_TOPIC})
    mapping: dict[int, int] = {OUTLIER_TOPIC: OUTLIER_TOPIC}
    if new_ids and old_ids:
        both = (new_topics != OUTLIER_TOPIC) & (old_topics != OUTLIER_TOPIC)
        table = pd.crosstab(new_topics[both], old_topics[both]).reindex(index=new_ids, columns=old_ids, fill_value=0)
        overlap = table.to_numpy(dtype=float)
        rows, cols = linear_sum_assignment(-overlap)
        row_tot, col_tot = overlap.sum(axis=1), overlap.sum(axis=0)
        for r, c in zip(rows, cols):
            o = overlap[r, c]
            if o > 0 and (o >= min_share * row_tot[r] or o >= min_share * col_tot[c]):
                mapping[new_ids[r]] = old_ids[c]
    nxt = next_id
    for t in new_ids:
        if t not in mapping:
            mapping[t] = nxt
            nxt += 1
    return mapping


def _changes(topics: np.ndarray, per: np.ndarray, period: str, labels: dict[int, str]) -> pd.DataFrame:
    from vocmine.stats import volume_changes

    known = per <= period
    t, p = topics[known], per[known]
    counts = pd.crosstab(t, p)
    counts = counts.drop(index=OUTLIER_TOPIC, errors="ignore")
    totals = pd.Series(p).value_counts()
    return volume_changes(counts, totals, period, labels=labels)


def assign_period(history: pd.DataFrame, *, period: str, state_dir: str | Path, build: list[str] | None = None,
                  stored: pd.DataFrame | None = None, previous_catalogue: pd.DataFrame | None = None,
                  refit: bool = False, seed: int = 0, embedder=None, cache_dir: str | Path | None = None,
                  model_params: dict | None = None, refit_unexplained: float = REFIT_UNEXPLAINED) -> FlowResult:
    """Assign topics to every history ticket up to ``period`` and save the state (see the module doc).

    ``history``: cleaned tickets (``ticket_id``, ``created_at``, ``text_model``; ``text_lemmas``,
    ``text_display``, ``language`` used when present; a ``period`` column, when complete, gives the
    months in the run's time zone) of every month up to ``period``; later months
    are ignored. ``build``: the periods this call (re)builds (default ``[period]``); the state starts
    from the version standing before the earliest of them, so re-running a month gives what its first
    run gave. ``stored``: ``ticket_id``, ``topic_id`` of tickets already stored for months outside
    ``build`` (None: no store; then a saved state's model decides those tickets). ``previous_catalogue``:
    the stored catalogue, used when there is no saved state.
    """
    from vocmine.clustering.periods import _discover_new_topics, period_of

    require_columns(history, [TICKET_ID, CREATED_AT, TEXT_MODEL], what="tickets for assign_period")
    build = sorted(set(build or [period]))
    if max(build) != period:
        raise ConfigError(f"build={build}: the last period built must be period={period!r}")
    state_dir = Path(state_dir)
    # the run's months (cut in its time zone) when the caller set them, else UTC months
    per_all = (history[PERIOD].astype(str) if PERIOD in history.columns and history[PERIOD].notna().all()
               else period_of(history[CREATED_AT]))
    keep = (per_all <= period).to_numpy()
    hist = history.loc[keep].reset_index(drop=True)
    per = per_all[keep].to_numpy(dtype=object)
    docs, lemmas = _column(hist, TEXT_MODEL), _column(hist, TEXT_LEMMAS)
    languages, display = _column(hist, LANGUAGE), _column(hist, TEXT_DISPLAY)
    ids = hist[TICKET_ID].astype(str).to_numpy()

    stop_words = configured_stop_words(state_dir)
    if stop_words:
        model_params = {**(model_params or {})}
        model_params["stop_words"] = list(dict.fromkeys([*(model_params.get("stop_words") or []), *stop_words]))
    state = load_state(state_dir, before=build[0], cache_dir=cache_dir)
    stored_ids, replaced_ids = _stored_topics(stored, ids, build)
    mode, reason = "transform", ""
    if state is None:
        mode = "fit" if stored_ids is None else "refit"
        if mode == "refit":
            reason = (f"no topic state stands before {build[0]} in {state_dir} while the history store holds "
                      f"earlier months: refitted on the history, ids re-matched to the stored topics")
    elif refit:
        mode, reason = "refit", "refit requested"

    new_ids: list[int] = []
    if mode == "transform":
        model = state.model
        if stop_words:  # the words of topics found from now on leave them out too
            model.stop_words = list(dict.fromkeys([*(model.stop_words or []), *model_params["stop_words"]]))
        # the history is embedded (from the cache: only the new month is encoded) and prepared once;
        # every assignment below is a product with the centroids of these vectors
        vec = model.history_vectors(docs, languages=languages)
        topics, probs = model.assign_vectors(vec, docs)
        topics, probs = np.asarray(topics, dtype=int).copy(), np.asarray(probs, dtype=float).copy()
        if stored_ids is not None:
            pos = pd.Series(np.arange(len(ids)), index=ids)
            known = pos.reindex(stored_ids.index).to_numpy()
            topics[known] = stored_ids.to_numpy()
        # look for new topics among the months built and every earlier ticket no topic explains
        pool = (topics == OUTLIER_TOPIC) | np.isin(per, build)
        new_ids = _discover_new_topics(model, docs, lemmas, languages, display, pool, probs, seed=seed, vectors=vec,
                                       periods=per, build=build)
        if new_ids:
            idx = np.flatnonzero(pool)
            t_new, p_new = model.assign_vectors(vec[idx], [docs[i] for i in idx])
            moved = np.isin(t_new, new_ids)
            topics[idx[moved]], probs[idx[moved]] = t_new[moved], p_new[moved]
            for t in new_ids:
                model.topic_sizes_[t] = int((topics == t).sum())
        now = np.isin(per, build)
        # of the month's tickets with words: a text without any (zero vector) has no topic by design
        said = (per == period) & nonzero_rows(vec)
        unexplained = float(np.mean(topics[said] == OUTLIER_TOPIC)) if said.any() else 0.0
        fit_share = float(getattr(model, "outlier_share_", 0.0))
        if unexplained > max(refit_unexplained, 2 * fit_share) and now.any():
            mode = "refit"
            reason = (f"{unexplained:.0%} of {period}'s tickets fit no topic (at fit: {fit_share:.0%}): "
                      f"refitted on the history")
            new_ids = []
    if mode in ("fit", "refit"):
        emb = embedder if embedder is not None else (state.model.embedder_ if state is not None else None)
        model = TopicModel(embedder=emb, seed=seed, cache_dir=cache_dir, **(model_params or {}))
        model.fit(docs, lemmas=lemmas, languages=languages, display=display)
        topics, probs = np.asarray(model.labels_, dtype=int), np.asarray(model.probabilities_, dtype=float)
        if mode == "refit":
            if stored_ids is not None or replaced_ids is not None:
                # the ids the store shows: of the months kept and of the months rebuilt (a topic born
                # in the month re-run has tickets there only)
                known = pd.concat([x for x in (stored_ids, replaced_ids) if x is not None])
                old = pd.Series(ids).map(known).fillna(OUTLIER_TOPIC).astype(int).to_numpy()
            else:
                old, _ = state.model.transform(docs, languages=languages)
            prev_ids = set(previous_catalogue["topic_id"].astype(int)) if previous_catalogue is not None else set()
            if state is not None:
                prev_ids |= set(state.catalogue["topic_id"].astype(int))
            next_id = max(prev_ids | set(np.asarray(old).tolist()) | {-1}) + 1
            mapping = match_ids(topics, np.asarray(old), next_id=next_id)
            model.renumber(mapping)
            topics = np.array([mapping.get(int(t), int(t)) for t in topics], dtype=int)
            new_ids = sorted(set(topics.tolist()) - prev_ids - set(np.asarray(old).tolist()) - {OUTLIER_TOPIC})
            log.warning("topics refitted for %s: %s", period, reason)

    # counts are compared like with like: in a transformed month every ticket is assigned by nearest
    # centroid, so the history it is tested against is counted with the same rule (fit labels come from
    # the clusterer and differ from it at the topics' borders: up to half the topics "grew" on null data)
    counted = topics
    if mode == "transform":
        counted, _ = model.assign_vectors(vec, keep_known=False)
        counted = np.asarray(counted, dtype=int)

    reassigned: list[str] = []
    if stored_ids is not None:
        pos = pd.Series(np.arange(len(ids)), index=ids)
        at = pos.reindex(stored_ids.index).to_numpy()
        changed = topics[at] != stored_ids.to_numpy()
        reassigned = sorted(set(per[at[changed]].tolist()) - set(build))

    previous = state.catalogue if state is not None else previous_catalogue
    catalogue = build_catalogue(model, topics, pd.Series(per), previous=previous)
    labels = {int(t): model.labels_text_.get(int(t), f"topic {t}") for t in set(topics.tolist())}
    cat_labels = dict(zip(catalogue["topic_id"].astype(int), catalogue["label"].astype(str)))
    changes = {p: _changes(counted, per, p, cat_labels) for p in sorted(set(build) | set(reassigned))}
    assignments = pd.DataFrame({TICKET_ID: hist[TICKET_ID].to_numpy(), PERIOD: per,
                                TOPIC_ID: topics, TOPIC_LABEL: [labels[int(t)] for t in topics],
                                TOPIC_PROB: np.round(probs, 4)}, columns=ASSIGNMENT_COLUMNS)
    fitted_on = [str(min(per)), str(max(per))] if len(per) else []
    version = save_state(state_dir, period=period, model=model, catalogue=catalogue, mode=mode,
                         parent=state.meta["version"] if state is not None else None,
                         info={"reason": reason, "history": fitted_on, "new_topics": [int(t) for t in new_ids],
                               "build": build, "reassigned_periods": reassigned})
    return FlowResult(assignments=assignments, catalogue=catalogue, changes=changes, model=model, mode=mode,
                      period=period, reason=reason, new_topics=[int(t) for t in new_ids],
                      reassigned_periods=reassigned, version=version)
