"""The topic catalogue (TopicFrame): one row per topic ever seen, ids stable across months.

Columns: ``topic_id`` (int), ``label`` (str, in the topic's majority language), ``label_pt``,
``label_en`` (str: from the topic's Portuguese / English tickets; the other language's label
followed by " (en)" / " (pt)" when a topic has too few tickets in that language), ``keywords``, ``keywords_pt``, ``keywords_en``
(lists of str), ``size`` (tickets assigned in the history passed to the last run), ``centroid``
(list of float, L2-normalised, in the embedding space of the state's embedder; saved as Parquet
by :mod:`vocmine.clustering.state`, never as JSON text),
``first_seen``, ``last_seen`` (periods 'YYYY-MM' with at least one ticket; ``None`` if none yet).
Topics that vanish stay in the catalogue, so their ids are never reused.
"""

from __future__ import annotations


import numpy as np
import pandas as pd

from vocmine.schema import OUTLIER_TOPIC

__all__ = ["CATALOGUE_COLUMNS", "build_catalogue", "empty_catalogue"]

CATALOGUE_COLUMNS = ["topic_id", "label", "label_pt", "label_en", "keywords", "keywords_pt", "keywords_en", "size",
                     "centroid", "first_seen", "last_seen"]


def empty_catalogue() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in CATALOGUE_COLUMNS}).astype({"topic_id": int})


def build_catalogue(model, topics: np.ndarray, periods: pd.Series, *,
                    previous: pd.DataFrame | None = None) -> pd.DataFrame:
    """Catalogue for ``model`` given the topic of each history ticket and its period.

    ``previous`` (the saved catalogue) contributes earlier ``first_seen``/``last_seen`` values and
    the rows of topics the model no longer has (kept with ``size`` 0).
    """
    topics = np.asarray(topics)
    per = pd.Series(np.asarray(periods, dtype=object))
    prev = previous.set_index("topic_id") if previous is not None and len(previous) else None
    rows = []
    labels_pt, labels_en = model.labels_pt_, model.labels_en_
    for i, t in enumerate(model.topic_ids_):
        m = topics == t
        seen = sorted(p for p in per[m].dropna().unique())
        first, last = (seen[0], seen[-1]) if seen else (None, None)
        if prev is not None and t in prev.index:
            pf, pl = prev.at[t, "first_seen"], prev.at[t, "last_seen"]
            first = min([x for x in (first, pf) if isinstance(x, str)], default=None)
            last = max([x for x in (last, pl) if isinstance(x, str)], default=None)
        rows.append({"topic_id": int(t), "label": model.labels_text_.get(t, ""),
                     "label_pt": labels_pt.get(t, ""), "label_en": labels_en.get(t, ""),
                     "keywords": list(model.keywords_.get(t, [])), "keywords_pt": list(model.keywords_pt_.get(t, [])),
                     "keywords_en": list(model.keywords_en_.get(t, [])), "size": int(m.sum()),
                     "centroid": [float(v) for v in model.centroids_[i]], "first_seen": first, "last_seen": last})
    if prev is not None:
        for t, r in prev.iterrows():
            if int(t) not in model.topic_ids_ and int(t) != OUTLIER_TOPIC:
                row = {c: r[c] if c in r.index else r["label"] for c in CATALOGUE_COLUMNS if c != "topic_id"}
                rows.append({"topic_id": int(t), **row, "size": 0})
    frame = pd.DataFrame(rows, columns=CATALOGUE_COLUMNS) if rows else empty_catalogue()
    return frame.sort_values("topic_id", kind="stable").reset_index(drop=True)
