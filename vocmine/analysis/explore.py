"""Frames for the analysts' exploration notebook."""

from __future__ import annotations

from typing import Any

import pandas as pd

from vocmine.analysis._common import _examples, topic_names
from vocmine.schema import TOPIC_ID

__all__ = ["exploration"]


def exploration(data: Any, *, top_n: int = 8, **_ignored: Any) -> dict[str, Any]:
    """Frames for the analysts' exploration notebook.

    ``accounting`` (rows read/accepted/quarantined per file), ``volumes`` (tickets per month and
    channel), ``languages`` (tickets per month and language), ``topics`` (topic_id, label,
    keywords, n_tickets, share this month), ``examples`` (topic_id → redacted examples).
    """
    history, period = data.tickets, data.period
    current = history[history["period"] == period]
    names = topic_names(data)
    vol = history.groupby("period").size().rename("n_tickets").reset_index()
    chan = (history.assign(channel=history["channel"].fillna("unknown") if "channel" in history else "unknown")
            .groupby(["period", "channel"]).size().rename("n_tickets").reset_index())
    langs = (history.assign(language=history["language"].fillna("unknown") if "language" in history else "unknown")
             .groupby(["period", "language"]).size().rename("n_tickets").reset_index())
    sizes = current.groupby(TOPIC_ID).size().sort_values(ascending=False)
    topics = pd.DataFrame({TOPIC_ID: sizes.index.astype(int), "label": [names.get(int(i), str(i)) for i in sizes.index],
                           "n_tickets": sizes.to_numpy(), "share": (sizes / max(1, len(current))).to_numpy()})
    examples = {int(i): _examples(current, int(i)) for i in topics[TOPIC_ID].head(top_n)}
    return {"accounting": data.accounting, "volumes": vol, "channels": chan, "languages": langs, "topics": topics,
            "examples": examples, "period": period}
