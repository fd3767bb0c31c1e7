"""Re-running a month hands the topic stage the ids the store shows for that month too: a topic born
in it keeps its id when the re-run refits (tests/clustering/test_state_flow.py checks the matching)."""

from __future__ import annotations

import runner_standins
from vocmine import runner


class Recording(runner_standins.StandinEngine):
    def __init__(self) -> None:
        super().__init__()
        self.stored = []

    def assign_topics(self, history, **kwargs):
        self.stored.append(kwargs["stored"])
        return super().assign_topics(history, **kwargs)


def test_a_rerun_passes_the_rebuilt_months_stored_topics(tmp_path):
    (tmp_path / "tickets.csv").write_text("stand-in export\n")
    engine = Recording()
    for _ in range(2):
        runner.run(tickets=tmp_path / "tickets.csv", out_dir=tmp_path / "reports", period="2026-06",
                   languages=("en",), seed=7, engine=engine)
    first, second = engine.stored
    assert first is None  # nothing stored yet
    rebuilt = second[second["period"] == "2026-06"]
    assert len(rebuilt) and set(second.columns) == {"ticket_id", "period", "topic_id"}
