"""Stand-in pipeline steps for runner tests (synthetic frames; true reasons as topics)."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

import pandas as pd

sys.path.insert(0, str(Path(__file__).parent / "briefs"))
from synth import synthetic  # noqa: E402


def install(monkeypatch_or_module, seed: int = 0) -> None:
    """Replace runner._ingest/_clean/_assign_topics by stand-ins (monkeypatch or a module)."""
    import vocmine.runner as runner

    df, customers, catalogue, changes = synthetic(seed)
    raw = df.drop(columns=["period", "topic_id", "topic_label", "topic_prob"]).copy()
    raw["text"] = raw["text_display"] + " contato: fulano.tal@example.com"  # raw text with PII: must never be written
    accounting = pd.DataFrame({"source_file": ["tickets.csv"], "rows_read": [len(raw)], "rows_accepted": [len(raw)],
                               "rows_quarantined": [0]})
    truth = df[["ticket_id", "topic_id", "topic_label", "topic_prob"]]

    def _ingest(paths, customer_path, *, preset="auto", **_read_options):
        return raw.copy(), customers.copy(), accounting

    def _clean(frame, *, pii_key=None):
        return frame.assign(text_raw=frame["text"])

    def _assign_topics(history, *, period, build, stored, previous_catalogue, state_dir, refit, seed):
        a = truth[truth["ticket_id"].isin(history["ticket_id"])].reset_index(drop=True)
        a = a.assign(period=pd.to_datetime(history.set_index("ticket_id").loc[a["ticket_id"], "created_at"],
                                           utc=True).dt.strftime("%Y-%m").to_numpy())
        present = set(a["topic_id"])
        ch = changes[changes["topic_id"].isin(present)].assign(status=lambda d: d["status"].where(
            d["topic_id"] != 5, "new"))
        return SimpleNamespace(assignments=a, catalogue=catalogue[catalogue["topic_id"].isin(present)],
                               changes={p: ch for p in build}, reassigned_periods=[], mode="fit", reason="",
                               version="stand-in", new_topics=[5])

    target = monkeypatch_or_module
    if hasattr(target, "setattr") and not isinstance(target, type(runner)):
        target.setattr(runner, "_ingest", _ingest)
        target.setattr(runner, "_clean", _clean)
        target.setattr(runner, "_assign_topics", _assign_topics)
    else:
        runner._ingest, runner._clean, runner._assign_topics = _ingest, _clean, _assign_topics
