"""Count tests behind "new", "growing", "shrinking" (vocmine.stats.volume_changes)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from vocmine.stats import CLAIM_STATUSES, volume_changes

MONTHS = ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"]


def _frame(counts: np.ndarray, unassigned: np.ndarray | None = None):
    c = pd.DataFrame(counts, index=range(counts.shape[0]), columns=MONTHS)
    tot = c.sum(axis=0) + (0 if unassigned is None else unassigned)
    return c, pd.Series(tot, index=MONTHS)


def test_null_data_false_alarm_rate_is_controlled():
    """Topic shares constant over six months, month volumes varying: a claim in at most ~5% of replicates."""
    rng = np.random.default_rng(0)
    shares = rng.dirichlet(np.full(30, 1.0))
    any_claim = 0
    reps = 300
    for _ in range(reps):
        volumes = rng.integers(800, 2500, size=len(MONTHS))
        counts = np.stack([rng.multinomial(v, shares) for v in volumes], axis=1)
        c, t = _frame(counts)
        st = volume_changes(c, t, MONTHS[-1])
        any_claim += bool(st["status"].isin(CLAIM_STATUSES).any())
    assert any_claim / reps <= 0.07, any_claim / reps


def test_volume_growth_is_not_topic_growth():
    """Every topic doubles because the month's volume doubled: no claim (volume is the exposure)."""
    base = np.array([[100] * 5 + [200], [50] * 5 + [100], [20] * 5 + [40]])
    c, t = _frame(base)
    st = volume_changes(c, t, MONTHS[-1])
    assert set(st["status"]) == {"stable"}


def test_growth_new_shrink_vanish():
    rows = np.array([
        [100, 100, 100, 100, 100, 100],  # stable
        [30, 30, 30, 30, 30, 90],  # growing 3x
        [0, 0, 0, 0, 1, 60],  # new
        [80, 80, 80, 80, 80, 20],  # shrinking
        [40, 40, 40, 40, 40, 0],  # vanished
        [2, 3, 2, 3, 2, 4],  # small: no claim either way
    ])
    c, t = _frame(rows, unassigned=np.full(6, 300))
    st = volume_changes(c, t, MONTHS[-1], labels={1: "x"}).set_index("topic_id")
    assert st["status"].to_dict() == {0: "stable", 1: "growing", 2: "new", 3: "shrinking", 4: "vanished",
                                      5: "stable"}
    assert st.loc[1, "label"] == "x" and 2.5 < st.loc[1, "rate_ratio"] < 3.5
    assert st.loc[2, "q_value"] < 0.001 and st.loc[0, "q_value"] > 0.05


def test_first_month_makes_no_claim():
    c = pd.DataFrame({"2026-01": [10, 0]}, index=[0, 1])
    st = volume_changes(c, pd.Series({"2026-01": 10}), "2026-01")
    assert list(st["status"]) == ["no_history"]


def test_overdispersed_history_widens_the_test():
    """+60% is 'growing' for a topic with a steady history, not for one that swings ±60% every month."""
    swing = np.array([[40, 160, 40, 160, 100, 160], [500] * 6, [300] * 6])
    steady = np.array([[100, 100, 100, 100, 100, 160], [500] * 6, [300] * 6])
    s1 = volume_changes(*_frame(swing), MONTHS[-1]).set_index("topic_id")
    s2 = volume_changes(*_frame(steady), MONTHS[-1]).set_index("topic_id")
    assert s2.loc[0, "status"] == "growing"
    assert s1.loc[0, "status"] == "stable"
    assert s1.attrs["dispersion"] > 5 and s2.attrs["dispersion"] == 1.0
