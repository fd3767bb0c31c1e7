"""churn_by_topic: the 2×2 table by hand, window rules, confounding by ticket volume, separation."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from impact_helpers import END, confounded_churn, utc
from scipy import stats

from vocmine.exceptions import ConfigError, SchemaError
from vocmine.impact import churn_by_topic
from vocmine.schema import OUTLIER_TOPIC

START = utc("2025-06-01")  # the hand frames' export starts well before every window


def hand_frames():
    churn_day = utc("2026-05-01")
    cust = pd.DataFrame(
        {
            "customer_id": [f"c{i}" for i in range(1, 14)],
            "churned_at": [
                churn_day,
                churn_day,
                pd.NaT,
                pd.NaT,
                churn_day,
                pd.NaT,
                pd.NaT,
                pd.NaT,
                pd.NaT,
                pd.NaT,
                pd.NaT,
                pd.NaT,
                utc("2026-09-01"),
            ],  # c13 churns after the observation end
            "signup_at": [utc("2025-01-01")] * 10
            + [END - pd.Timedelta(days=30), utc("2025-01-01"), utc("2025-01-01")],
            "plan": ["a", "b"] * 6 + ["a"],
        }
    )
    rows = [
        ("c1", "A", churn_day - pd.Timedelta(days=10)),
        ("c2", "A", churn_day - pd.Timedelta(days=80)),
        ("c2", "A", churn_day + pd.Timedelta(days=5)),  # after churn: outside the window
        ("c3", "A", END - pd.Timedelta(days=1)),
        ("c4", "A", END - pd.Timedelta(days=60)),
        ("c5", "B", churn_day - pd.Timedelta(days=3)),
        ("c6", "B", END - pd.Timedelta(days=5)),
        ("c11", "A", END - pd.Timedelta(days=2)),  # excluded: signed up 30 days ago
        ("c12", "A", END - pd.Timedelta(days=120)),  # too old: not exposed
        ("c13", OUTLIER_TOPIC, END - pd.Timedelta(days=2)),
        ("zz", "A", END - pd.Timedelta(days=2)),  # unknown customer: ignored
    ]
    tickets = pd.DataFrame(rows, columns=["customer_id", "topic", "created_at"])
    return tickets, cust


def test_two_by_two_by_hand():
    tickets, cust = hand_frames()
    out = churn_by_topic(
        tickets,
        cust,
        topic_col="topic",
        observation_end=END,
        observation_start=START,
        min_customers=2,
        covariates=(),
    )
    assert out.attrs["n_excluded_short_window"] == 1
    assert out.attrs["n_customers"] == 12 and out.attrs["n_churned"] == 3
    assert out.attrs["n_unknown_customers"] == 1
    a = out.set_index("topic").loc["A"]
    # exposed c1..c4 (2 churned); unexposed c5..c10, c12, c13 (1 churned: c5)
    assert (a.n_exposed, a.churned_exposed, a.n_unexposed, a.churned_unexposed) == (4, 2, 8, 1)
    assert a.churn_rate_exposed == pytest.approx(0.5) and a.churn_rate_unexposed == pytest.approx(1 / 8)
    assert a.rr == pytest.approx(4.0)
    se = math.sqrt(1 / 2 - 1 / 4 + 1 / 1 - 1 / 8)
    assert a.rr_lo == pytest.approx(4 * math.exp(-1.959964 * se), rel=1e-5)
    assert a.rr_hi == pytest.approx(4 * math.exp(1.959964 * se), rel=1e-5)
    assert a.p_value == pytest.approx(stats.fisher_exact([[2, 2], [1, 7]])[1])
    assert a.tested and a.reason_not_tested == ""
    b = out.set_index("topic").loc["B"]
    assert (b.n_exposed, b.churned_exposed) == (2, 1)
    o = out.set_index("topic").loc[OUTLIER_TOPIC]
    assert not o.tested and "outlier" in o.reason_not_tested and np.isnan(o.p_value)


def test_windows_starting_before_the_export_are_excluded():
    tickets, cust = hand_frames()
    # default start = earliest ticket (c2's, 2026-02-10): churners of 2026-05-01 have a window
    # from 2026-01-31, partly unobserved -> c1, c2, c5 excluded (c11 already excluded as short)
    out = churn_by_topic(
        tickets, cust, topic_col="topic", observation_end=END, min_customers=2, covariates=()
    )
    assert out.attrs["n_excluded_before_data"] == 3 and out.attrs["n_excluded_short_window"] == 1
    assert out.attrs["observation_start"] == utc("2026-02-10") and out.attrs["n_churned"] == 0
    a = out.set_index("topic").loc["A"]
    assert (a.n_exposed, a.churned_exposed) == (2, 0)  # c3 and c4 remain


def test_min_customers_and_min_observation_days():
    tickets, cust = hand_frames()
    out = churn_by_topic(
        tickets,
        cust,
        topic_col="topic",
        observation_end=END,
        observation_start=START,
        min_customers=5,
        covariates=(),
    )
    assert not out.tested.any()
    assert out.reason_not_tested.str.contains("below min_customers").sum() == 2
    # signup 2025-01-01: churners (reference 2026-05-01) have 485 days, the others 545 days
    out = churn_by_topic(
        tickets,
        cust,
        topic_col="topic",
        observation_end=END,
        observation_start=START,
        min_observation_days=500,
        covariates=(),
    )
    assert out.attrs["n_excluded_short_window"] == 4  # c1, c2, c5 (485 < 500) and c11 (30 days)
    assert out.attrs["n_churned"] == 0
    with pytest.raises(ConfigError):
        churn_by_topic(tickets, cust, topic_col="topic", window_days=0)
    with pytest.raises(SchemaError):
        churn_by_topic(tickets.drop(columns="customer_id"), cust, topic_col="topic")


def test_boolean_churn_flag_is_accepted():
    tickets, cust = hand_frames()
    flags = cust.assign(churned=cust.churned_at.notna() & (cust.churned_at <= END)).drop(columns="churned_at")
    out = churn_by_topic(
        tickets,
        flags,
        topic_col="topic",
        observation_end=END,
        observation_start=START,
        min_customers=2,
        covariates=(),
    )
    # every reference date is now END (window from 2026-04-01): c1's ticket (04-21) is in, c2's (02-10) is
    # out but c2's ticket after "churn" (05-06) now counts; c3 and c4 as before
    a = out.set_index("topic").loc["A"]
    assert (a.n_exposed, a.churned_exposed) == (4, 2)
    assert out.attrs["observation_end"] == END


def test_confounding_by_ticket_volume_is_removed_by_adjustment(capsys):
    tickets, customers = confounded_churn(np.random.default_rng(11))
    out = churn_by_topic(tickets, customers, observation_end=END).set_index("topic_id")
    r = out.loc[0]
    with capsys.disabled():
        print(
            f"\n[impact] confounded topic 0: RR {r.rr:.2f} [{r.rr_lo:.2f}, {r.rr_hi:.2f}] q={r.q_value:.2g}; "
            f"adjusted OR {r.adj_or:.2f} [{r.adj_or_lo:.2f}, {r.adj_or_hi:.2f}] q={r.adj_q_value:.2g}"
        )
    assert r.rr > 1.5 and r.rr_lo > 1 and r.q_value < 1e-6 and r.flag_unadjusted
    assert r.adj_or_lo <= 1 <= r.adj_or_hi
    rr_log = math.log(r.rr)
    assert abs(math.log(r.adj_or)) <= 0.3 * rr_log
    assert not r.flag
    assert out.attrs["covariates_used"] == ["plan_pro"]


def test_planted_churn_topic_is_flagged_after_adjustment():
    rng = np.random.default_rng(5)
    tickets, customers = confounded_churn(rng)
    # topic 3 exposure now doubles the odds of churn: re-draw churn for exposed customers
    ref = customers.churned_at.fillna(END)
    t = tickets.merge(pd.DataFrame({"customer_id": customers.customer_id, "ref": ref}), on="customer_id")
    in_win = (t.created_at <= t.ref) & (t.created_at > t.ref - pd.Timedelta(days=90))
    exposed = set(t.loc[in_win & (t.topic_id == 3), "customer_id"])
    extra = (
        customers.customer_id.isin(exposed) & customers.churned_at.isna() & (rng.random(len(customers)) < 0.3)
    )
    customers.loc[extra, "churned_at"] = END  # churned at the end: exposure window unchanged
    out = churn_by_topic(tickets, customers, observation_end=END).set_index("topic_id")
    assert out.loc[3, "flag"] and out.loc[3, "adj_or_lo"] > 1
    assert out.flag.sum() == 1


def test_separation_is_reported_not_raised():
    rng = np.random.default_rng(3)
    n = 200
    churned_at = pd.Series([END] * 40 + [pd.NaT] * (n - 40), dtype="datetime64[ns, UTC]")  # 40 churn ...
    cust = pd.DataFrame(
        {"customer_id": [f"c{i}" for i in range(n)], "churned_at": churned_at, "signup_at": utc("2024-01-01")}
    )
    rows = [(f"c{i}", "Z", END - pd.Timedelta(days=3)) for i in range(40)]  # ... and all of them raised Z
    rows += [(f"c{i}", "Y", END - pd.Timedelta(days=int(rng.integers(1, 80)))) for i in range(n)]
    tickets = pd.DataFrame(rows, columns=["customer_id", "topic_id", "created_at"])
    out = churn_by_topic(tickets, cust, observation_end=END, observation_start=START, covariates=())
    out = out.set_index("topic_id")
    z = out.loc["Z"]
    assert z.tested and z.rr > 10
    assert z.adj_note != "" and np.isnan(z.adj_or_lo) and np.isnan(z.adj_p_value)
    assert np.isnan(z.adj_or) or z.adj_or > 1
    assert not out.loc["Y"].tested and out.loc["Y"].reason_not_tested == "everyone exposed"


@pytest.mark.slow
def test_churn_null_flag_rate_is_controlled(capsys):
    """100 seeded replicates × 10 topics with no topic effect (churn follows ticket volume):
    the adjusted test's family-wise flag rate stays near 0.05; the unadjusted one is shown
    for contrast (it flags volume, not topics)."""
    from impact_helpers import null_churn

    rng = np.random.default_rng(99)
    reps, adj_any, raw_any = 100, 0, 0
    for _ in range(reps):
        tickets, customers = null_churn(rng)
        out = churn_by_topic(tickets, customers, observation_end=END)
        adj_any += bool((out.adj_q_value < 0.05).any())
        raw_any += bool((out.q_value < 0.05).any())
    with capsys.disabled():
        print(
            f"\n[impact] churn global null, {reps} reps x 10 topics: "
            f"adjusted any q<0.05 in {adj_any}/{reps}; "
            f"unadjusted {raw_any}/{reps}"
        )
    assert adj_any / reps <= 0.05 + 2.5 * np.sqrt(0.05 * 0.95 / reps)
    assert raw_any > adj_any


def test_channel_covariate_uses_each_customers_modal_channel():
    tickets, cust = hand_frames()
    tickets["channel"] = [
        "chat",
        "email",
        "email",
        "chat",
        "phone",
        "phone",
        "chat",
        "chat",
        "chat",
        "chat",
        "chat",
    ]
    out = churn_by_topic(
        tickets,
        cust,
        topic_col="topic",
        observation_end=END,
        min_customers=2,
        covariates=("plan", "channel", "not_a_column"),
    )
    used = out.attrs["covariates_used"]
    assert "plan_b" in used and any(u.startswith("channel_") for u in used)
    assert not any(u.startswith("not_a_column") for u in used)
    assert out.attrs["covariates_missing"] == ["not_a_column"]
    # tiny table: the fit may fall back, but it never raises and always explains itself
    a = out.set_index("topic").loc["A"]
    assert np.isfinite(a.adj_or) or a.adj_note != ""
