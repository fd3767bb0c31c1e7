"""kpis_by_topic on a hand-made frame: SLA, median/p90, backlog, FCR, TMA/TME, shares."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from impact_helpers import utc

from vocmine.impact import first_contact_resolved, kpis_by_topic

NAT = pd.NaT


def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "ticket_id": list("abcdef"),
            "topic_id": [1, 1, 1, 2, 2, 1],
            "customer_id": ["x", "x", "y", "z", None, "y"],
            "created_at": [
                utc("2026-01-01"),
                utc("2026-01-05"),
                utc("2026-01-20"),
                utc("2026-02-01"),
                utc("2026-02-02"),
                utc("2026-02-09"),
            ],
            "first_response_at": [
                utc("2026-01-01 02:00"),
                utc("2026-01-05 00:30"),
                NAT,
                utc("2026-02-02"),
                utc("2026-02-02 01:00"),
                utc("2026-02-09 00:10"),
            ],
            "solved_at": [
                utc("2026-01-02"),
                NAT,
                utc("2026-02-10"),
                utc("2026-02-03"),
                NAT,
                utc("2026-02-09 06:00"),
            ],
            "status": ["solved", "open", "solved", "solved", "closed", "solved"],
            "priority": ["high", "urgent", "low", "normal", "URGENT", "vip"],
            "channel": ["email", "chat", "email", None, "chat", "email"],
            "reopens": pd.array([0, 1, None, 0, 0, 2], dtype="Int64"),
            "handle_minutes": [10.0, 20.0, 30.0, 40.0, 50.0, np.nan],
            "wait_minutes": [5.0, np.nan, 7.0, 1.0, 3.0, 2.0],
        }
    )


def test_kpis_by_hand():
    out = kpis_by_topic(frame()).set_index(["topic_id", "period"])
    assert list(out.index) == [(1, "2026-01"), (1, "2026-02"), (2, "2026-02")]
    jan = out.loc[(1, "2026-01")]
    assert jan.n_tickets == 3 and jan.share == 1.0
    assert (jan.n_channel_email, jan.n_channel_chat, jan.n_channel_unknown) == (2, 1, 0)
    assert jan.frt_hours_median == pytest.approx(1.25)  # 2.0 h and 0.5 h
    assert jan.frt_hours_p90 == pytest.approx(0.5 + 0.9 * 1.5)  # linear interpolation
    assert jan.resolution_hours_median == pytest.approx((24 + 21 * 24) / 2)
    # a: high 2h <= 4h ok; b: urgent 0.5h ok; c: low, unanswered, 21 days > 48h -> breach
    assert jan.n_sla_evaluated == 3 and jan.sla_breach_rate == pytest.approx(1 / 3)
    assert jan.reopen_rate == pytest.approx(0.5)  # a: 0, b: 1, c: unknown
    # a is followed by b (same customer, topic, 4 days) -> not FCR; b was reopened -> not FCR;
    # c is followed by f after 20 days -> FCR
    assert jan.n_fcr_evaluated == 3 and jan.fcr_rate == pytest.approx(1 / 3)
    assert jan.handle_minutes_total == 60 and jan.handle_hours_total == 1 and jan.handle_minutes_mean == 20
    assert jan.wait_minutes_mean == pytest.approx(6.0)
    # backlog at 2026-01-31 end: b (never solved) and c (solved 02-10)
    assert jan.backlog_end == 2
    feb2 = out.loc[(2, "2026-02")]
    assert feb2.share == pytest.approx(2 / 3) and feb2.n_channel_unknown == 1
    # d: normal 24h not > 24h; e: 'URGENT' 1h not > 1h
    assert feb2.sla_breach_rate == 0.0
    # as-of = 2026-02-10 (latest timestamp): d + 7 days = 02-08 <= as-of -> evaluated; e has no customer
    assert feb2.n_fcr_evaluated == 1 and feb2.fcr_rate == 1.0
    # backlog: e is unsolved but its status is closed -> not counted
    assert feb2.backlog_end == 0
    feb1 = out.loc[(1, "2026-02")]
    assert np.isnan(feb1.sla_breach_rate) and feb1.n_sla_evaluated == 0  # 'vip' has no target
    assert feb1.backlog_end == 1  # b is still open at the as-of time
    assert feb1.n_fcr_evaluated == 0  # f + 7 days is after the as-of time: censored (reopened or not)


def test_custom_targets_and_as_of():
    out = kpis_by_topic(frame(), sla_targets={"urgent": 0.25, "vip": 1}, period_end="2026-03-31")
    jan = out.set_index(["topic_id", "period"]).loc[(1, "2026-01")]
    assert jan.n_sla_evaluated == 1 and jan.sla_breach_rate == 1.0  # b: 0.5h > 0.25h
    feb1 = out.set_index(["topic_id", "period"]).loc[(1, "2026-02")]
    assert feb1.sla_breach_rate == 0.0  # f: 10 min <= 1h
    assert feb1.n_fcr_evaluated == 1 and feb1.fcr_rate == 0.0  # f reopened


def test_first_contact_resolution_flags():
    f = first_contact_resolved(frame(), fcr_days=7, as_of="2026-12-31")
    assert f.tolist()[:4] == [0.0, 1.0, 1.0, 1.0] and np.isnan(f.iloc[4]) and f.iloc[5] == 1.0
    f30 = first_contact_resolved(frame(), fcr_days=30, as_of="2026-12-31")
    assert f30.iloc[2] == 0.0  # c is followed by f within 30 days


def test_missing_optional_columns_give_nan_not_errors():
    slim = frame()[["ticket_id", "topic_id", "created_at"]]
    out = kpis_by_topic(slim)
    assert out.n_tickets.sum() == 6
    assert (
        out[["frt_hours_median", "sla_breach_rate", "reopen_rate", "fcr_rate", "wait_minutes_mean"]]
        .isna()
        .all()
        .all()
    )
    assert (out.backlog_end == out.groupby("topic_id").n_tickets.cumsum()).all()  # nothing is solved


def test_backlog_matches_a_direct_count_on_random_data():
    rng = np.random.default_rng(8)
    n = 400
    created = utc("2026-01-01") + pd.to_timedelta(rng.uniform(0, 150, n), unit="D")
    solved = created + pd.to_timedelta(rng.exponential(20, n), unit="D")
    solved = solved.where(rng.random(n) > 0.2)  # 20% never solved
    df = pd.DataFrame(
        {
            "topic_id": rng.integers(0, 3, n),
            "created_at": created,
            "solved_at": solved,
            "status": np.where(rng.random(n) < 0.1, "closed", "open"),
        }
    )
    df.loc[5, "solved_at"] = df.loc[5, "created_at"] - pd.Timedelta(days=3)  # bad row: solved before created
    as_of = utc("2026-05-15")
    out = kpis_by_topic(df, period_end=as_of)
    for row in out.itertuples():
        end = min(pd.Period(row.period, freq="M").end_time.tz_localize("UTC"), as_of)
        t = df[df.topic_id == row.topic_id]
        open_ = (t.created_at <= end) & ~(t.solved_at <= end) & ~(t.solved_at.isna() & (t.status == "closed"))
        assert row.backlog_end == int(open_.sum()), row


def test_fcr_never_exceeds_the_share_not_reopened():
    out = kpis_by_topic(frame(), period_end="2026-12-31")
    assert (out["fcr_rate"] <= 1 - out["reopen_rate"].fillna(0) + 1e-12).all()


def test_resolution_target_changes_the_resolution_breach():
    none = kpis_by_topic(frame())
    assert none["resolution_sla_breach_rate"].isna().all() and (none["n_resolution_sla_evaluated"] == 0).all()
    wide = kpis_by_topic(frame(), resolution_target_hours=24 * 40).set_index(["topic_id", "period"])
    tight = kpis_by_topic(frame(), resolution_target_hours=30).set_index(["topic_id", "period"])
    # jan: a solved in 24h, b unsolved (36 days old at the as-of time 02-10), c solved in 21 days
    assert tight.loc[(1, "2026-01"), "n_resolution_sla_evaluated"] == 3
    assert tight.loc[(1, "2026-01"), "resolution_sla_breach_rate"] == pytest.approx(2 / 3)  # b and c
    assert wide.loc[(1, "2026-01"), "n_resolution_sla_evaluated"] == 2  # b's 40-day clock still runs
    assert wide.loc[(1, "2026-01"), "resolution_sla_breach_rate"] == 0.0
    # feb, topic 2: d solved in 2 days; e unsolved but closed -> not evaluated
    assert tight.loc[(2, "2026-02"), "n_resolution_sla_evaluated"] == 1
    assert tight.loc[(2, "2026-02"), "resolution_sla_breach_rate"] == 1.0
    with pytest.raises(Exception, match="resolution_target_hours"):
        kpis_by_topic(frame(), resolution_target_hours=0)


def test_kpis_by_month_pools_topics():
    from vocmine.impact.kpis import kpis_by_month

    out = kpis_by_month(frame(), period_end="2026-12-31").set_index("period")
    assert list(out.index) == ["2026-01", "2026-02"]
    assert out.loc["2026-02", "n_tickets"] == 3 and out.loc["2026-02", "share"] == 1.0
    assert out.loc["2026-01", "backlog_end"] == 2
    assert "topic_id" not in out.columns


def test_fcr_without_customer_ids_is_unknown_not_zero():
    slim = frame().assign(customer_id=None)
    out = kpis_by_topic(slim, period_end="2026-12-31")
    assert (out["n_fcr_evaluated"] == 0).all() and out["fcr_rate"].isna().all()


def test_period_col_labels_are_used_as_given():
    f = frame().assign(period=["2026-01", "2026-01", "2026-02", "2026-02", "2026-02", "2026-02"])
    out = kpis_by_topic(f, period_col="period").set_index(["topic_id", "period"])
    assert out.loc[(1, "2026-01"), "n_tickets"] == 2 and out.loc[(1, "2026-02"), "n_tickets"] == 2


def test_an_export_without_response_or_resolution_times_has_no_sla_outcome():
    """Without any first_response_at (or solved_at) in the export, an unanswered ticket past its target
    is not a breach: the outcome is unknown (a CRM export without those columns read 100% breached)."""
    f = frame().drop(columns=["first_response_at", "solved_at"])
    out = kpis_by_topic(f, resolution_target_hours=72).set_index(["topic_id", "period"])
    assert out["n_sla_evaluated"].eq(0).all() and out["sla_breach_rate"].isna().all()
    assert out["n_resolution_sla_evaluated"].eq(0).all() and out["resolution_sla_breach_rate"].isna().all()
    # the column there but never filled: the same
    f = frame().assign(first_response_at=pd.NaT)
    assert kpis_by_topic(f)["sla_breach_rate"].isna().all()
    # one answered ticket in the export: the unanswered ones past their target count again
    assert kpis_by_topic(frame()).set_index(["topic_id", "period"]).loc[(1, "2026-01"), "sla_breach_rate"] > 0


@pytest.mark.parametrize("status", ["Encerrado", "Finalizado", "Concluído", "Resolvida", "Completed"])
def test_a_closed_status_in_other_words_is_not_backlog(status):
    """An unsolved ticket without solved_at whose status says it is done is not counted as backlog."""
    f = frame()
    f.loc[f["ticket_id"] == "e", "status"] = status
    feb2 = kpis_by_topic(f).set_index(["topic_id", "period"]).loc[(2, "2026-02")]
    assert feb2.backlog_end == 0
    f.loc[f["ticket_id"] == "e", "status"] = "Aguardando cliente"
    assert kpis_by_topic(f).set_index(["topic_id", "period"]).loc[(2, "2026-02")].backlog_end == 1


def test_priorities_in_other_words_and_no_priority_get_a_target():
    """'Alta', 'Urgente', 'P3' are levels; a ticket without a priority gets the normal target, so an
    export without the column still has a first-response SLA (before: nothing was evaluated)."""
    f = frame()
    words = {"high": "Alta", "urgent": "Urgente", "normal": "P3", "low": "Baixa"}
    f["priority"] = f["priority"].map(lambda p: words.get(str(p).lower(), p) if isinstance(p, str) else p)
    pd.testing.assert_frame_equal(kpis_by_topic(f), kpis_by_topic(frame()))
    out = kpis_by_topic(frame().drop(columns=["priority"]))
    assert out["n_sla_evaluated"].sum() > 0
    # every ticket on the normal (24 h) target: c (low, unanswered 21 days) is still a breach
    jan = out.set_index(["topic_id", "period"]).loc[(1, "2026-01")]
    assert jan.n_sla_evaluated == 3 and jan.sla_breach_rate == pytest.approx(1 / 3)
