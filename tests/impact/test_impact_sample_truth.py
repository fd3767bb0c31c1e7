"""The sample export's planted truth, with the true ``reason`` as the topic."""

from __future__ import annotations

import pytest
from impact_helpers import load_sample

from vocmine.impact import churn_by_topic, csat_by_topic, kpis_by_topic, rank_topics, trend

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def sample(sample_dir):
    if not (sample_dir / "truth.json").exists():
        pytest.fail("data/sample/truth.json not generated yet (`vocmine sample --seed 7 --out data/sample`)")  # the sample is committed: its absence is a defect, not a skip
    return load_sample(sample_dir)


@pytest.fixture(scope="module")
def csat(sample):
    tickets, _, _ = sample
    return csat_by_topic(tickets, topic_col="reason")


@pytest.fixture(scope="module")
def churn(sample):
    tickets, customers, truth = sample
    return churn_by_topic(tickets, customers, topic_col="reason", observation_end=truth["observation_end"])


def test_csat_deficit_reasons_flagged_neutral_not(sample, csat):
    _, _, truth = sample
    flagged = set(csat.loc[csat.flag, "reason"])
    assert flagged == set(truth["csat_deficit"])
    c = csat.set_index("reason")
    assert (c.loc[truth["csat_deficit"], "q_value"] < 0.05).all()
    assert (c.loc[truth["csat_deficit"], "diff_hi"] < 0).all()
    assert not c.loc[truth["neutral"], "flag"].any()
    # about 2.43 vs 4.19 on the 1-5 scale -> deficit of ~0.44 on 0..1; points lost positive
    assert (c.loc[truth["csat_deficit"], "diff"] < -0.3).all()
    assert (c.loc[truth["csat_deficit"], "csat_points_lost_lo"] > 0).all()


def test_churn_reasons_flagged_after_adjustment_neutral_and_repeat_not(sample, churn, capsys):
    _, _, truth = sample
    h = churn.set_index("reason")
    with capsys.disabled():
        print(
            "\n[impact] sample churn (adjusted OR, q):",
            {
                r: (round(float(h.loc[r, "adj_or"]), 2), float(f"{h.loc[r, 'adj_q_value']:.2g}"))
                for r in truth["churn"] + truth["repeat"]
            },
            f"excluded: short window {churn.attrs['n_excluded_short_window']}, "
            f"window before the export {churn.attrs['n_excluded_before_data']}",
        )
    assert set(h.index[h.flag]) == set(truth["churn"])
    assert (h.loc[truth["churn"], "adj_q_value"] < 0.05).all() and (
        h.loc[truth["churn"], "q_value"] < 0.05
    ).all()
    assert not h.loc[truth["neutral"], "flag"].any()
    # the repeat reasons look risky before adjustment (heavy filers churn more) but not after
    assert (h.loc[truth["repeat"], "rr"] > 1.3).all()
    assert not h.loc[truth["repeat"], "flag"].any()
    assert churn.attrs["n_excluded_short_window"] > 0


def test_kpis_rank_and_trend_run_on_the_sample(sample, csat, churn):
    tickets, _, truth = sample
    utc_months = kpis_by_topic(tickets, topic_col="reason")
    # the export is in -03:00: evening tickets of 31 August fall in September on the UTC calendar
    assert set(utc_months.period) == set(truth["months"]) | {"2026-09"}
    kpis = kpis_by_topic(tickets, topic_col="reason", tz="America/Sao_Paulo")
    assert kpis.n_tickets.sum() == tickets.reason.notna().sum()
    assert set(kpis.period) == set(truth["months"])
    assert kpis.sla_breach_rate.between(0, 1).all() and (kpis.backlog_end >= 0).all()
    ranked = rank_topics(csat, churn, kpis)
    top4 = set(ranked.reason.head(4))
    assert top4 == set(truth["csat_deficit"]) | set(truth["churn"])
    tr = trend(tickets, topic_col="reason", tz="America/Sao_Paulo")
    vol = tr[(tr.measure == "volume") & (tr.reason == truth["emerging"][0])].set_index("period").value
    assert vol.drop("2026-08").sum() == 0 and vol["2026-08"] > 100
    rep = tr[(tr.measure == "repeat_rate")].groupby("reason").value.mean()
    assert rep[truth["repeat"]].min() > 2 * rep[truth["neutral"]].max()
    # planted repeat contacts show up as lower first-contact resolution
    fcr = (
        kpis.assign(w=kpis.fcr_rate * kpis.n_fcr_evaluated).groupby("reason")[["w", "n_fcr_evaluated"]].sum()
    )
    fcr = fcr.w / fcr.n_fcr_evaluated
    assert fcr[truth["repeat"]].max() < fcr[truth["neutral"]].min()
