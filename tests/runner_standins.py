"""Stand-in stages for runner tests (synthetic frames; true reasons as topics), swapped in through
the run's engine interface (:class:`vocmine.run.stages.LocalEngine`)."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

import pandas as pd

from vocmine.run.stages import LocalEngine

sys.path.insert(0, str(Path(__file__).parent / "briefs"))
from synth import synthetic  # noqa: E402


class StandinEngine(LocalEngine):
    """Ingest, clean and topics replaced by stand-ins; analysis and notebooks are the real ones."""

    name = "stand-in"

    def __init__(self, seed: int = 0) -> None:
        df, customers, catalogue, changes = synthetic(seed)
        raw = df.drop(columns=["period", "topic_id", "topic_label", "topic_prob"]).copy()
        raw["text"] = raw["text_display"] + " contato: fulano.tal@example.com"  # raw text with PII: never written
        self.raw, self.customers, self.catalogue, self.changes = raw, customers, catalogue, changes
        self.accounting = pd.DataFrame({"source_file": ["tickets.csv"], "rows_read": [len(raw)],
                                        "rows_accepted": [len(raw)], "rows_quarantined": [0]})
        self.truth = df[["ticket_id", "topic_id", "topic_label", "topic_prob"]]

    def ingest(self, ticket_paths, customer_path, **read_options):
        return self.raw.copy(), self.customers.copy(), self.accounting

    def clean(self, tickets, *, pii_key=None, cache_dir=None):
        return tickets.assign(text_raw=tickets["text"])

    def assign_topics(self, history, *, period, build, stored, previous_catalogue, state_dir, refit, seed):
        truth, changes, catalogue = self.truth, self.changes, self.catalogue
        a = truth[truth["ticket_id"].isin(history["ticket_id"])].reset_index(drop=True)
        a = a.assign(period=pd.to_datetime(history.set_index("ticket_id").loc[a["ticket_id"], "created_at"],
                                           utc=True).dt.strftime("%Y-%m").to_numpy())
        present = set(a["topic_id"])
        ch = changes[changes["topic_id"].isin(present)].assign(status=lambda d: d["status"].where(
            d["topic_id"] != 5, "new"))
        return SimpleNamespace(assignments=a, catalogue=catalogue[catalogue["topic_id"].isin(present)],
                               changes={p: ch for p in build}, reassigned_periods=[], mode="fit", reason="",
                               version="stand-in", new_topics=[5])


def engine(seed: int = 0) -> StandinEngine:
    return StandinEngine(seed)
