"""Clustering quality against gold labels (used by tests and ``bench/bench_topics.py``)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from vocmine.schema import OUTLIER_TOPIC

__all__ = ["cluster_scores"]


def cluster_scores(truth: Sequence, topics: Sequence[int]) -> dict[str, float]:
    """NMI and ARI of ``topics`` against ``truth``, counting every document: unassigned documents
    (topic -1) form one cluster of their own. Also ``unassigned`` (share of -1) and ``n_topics``
    (distinct topics other than -1)."""
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    t = np.asarray(topics)
    y = pd.factorize(pd.Series(list(truth), dtype=object))[0]
    return {
        "nmi": float(normalized_mutual_info_score(y, t)),
        "ari": float(adjusted_rand_score(y, t)),
        "unassigned": float(np.mean(t == OUTLIER_TOPIC)),
        "n_topics": int(len(set(t.tolist()) - {OUTLIER_TOPIC})),
    }
