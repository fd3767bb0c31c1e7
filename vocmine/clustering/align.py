"""Match topics of a refitted model to the ids of a saved catalogue so ids persist across months."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from vocmine.clustering.embedders import l2_normalise

__all__ = ["align_topics", "DEFAULT_ALIGN_SIMILARITY"]

# Same-reason centroids of two fits on overlapping months: 0.83-1.0 (a topic split in two by a refit: the
# larger half 0.83, the other 0.76); distinct reasons on the sample export: at most 0.73.
DEFAULT_ALIGN_SIMILARITY = 0.8


def align_topics(old_ids: Sequence[int], old_centroids: np.ndarray, new_ids: Sequence[int],
                 new_centroids: np.ndarray, *, threshold: float = DEFAULT_ALIGN_SIMILARITY,
                 next_id: int | None = None) -> dict[int, int]:
    """Map every new topic id to a catalogue id.

    Pairs are chosen by maximum total cosine similarity (``scipy.optimize.linear_sum_assignment``)
    and kept when their similarity is at least ``threshold``; a new topic without a match gets a
    fresh id counting up from ``next_id`` (default: one above the largest old id), in the order of
    ``new_ids``. Returns ``{new_id: catalogue_id}`` (one-to-one).
    """
    from scipy.optimize import linear_sum_assignment

    old_ids, new_ids = [int(t) for t in old_ids], [int(t) for t in new_ids]
    mapping: dict[int, int] = {}
    if old_ids and new_ids:
        sims = l2_normalise(np.asarray(new_centroids)) @ l2_normalise(np.asarray(old_centroids)).T
        rows, cols = linear_sum_assignment(-sims)
        for r, c in zip(rows, cols):
            if sims[r, c] >= threshold:
                mapping[new_ids[r]] = old_ids[c]
    nxt = next_id if next_id is not None else max(old_ids, default=-1) + 1
    for t in new_ids:
        if t not in mapping:
            mapping[t] = nxt
            nxt += 1
    return mapping
