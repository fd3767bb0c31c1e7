"""Recurrence on the sample export (planted truth) and on the real Olist subset."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from vocmine.recurrence import (
    ALL,
    chronic_topics,
    duplicate_groups,
    find_repeats,
    incident_spikes,
    near_duplicates,
    repeat_summary,
    top_chains,
)


@pytest.mark.real_data
def test_olist_repeat_customers_are_found(olist_tickets):
    t = olist_tickets
    assert len(t) == 8225
    per_customer = t.groupby("customer_id").size()
    multi = set(per_customer[per_customer >= 2].index)
    assert len(multi) == 147                     # SOURCE.md: 147 customers have >= 2 reviews
    # one pseudo-topic and an unbounded window: every customer with >= 2 reviews has a repeat
    r = find_repeats(t.assign(all="all"), topic_col="all", window_days=10_000, double_submit_minutes=None)
    assert set(r.loc[r["is_repeat"], "customer_id"]) == multi
    assert r["is_repeat"].sum() == (per_customer[per_customer >= 2] - 1).sum()
    # a 30-day window finds a subset; summary and chains are consistent
    r30 = find_repeats(t, window_days=30)
    s = repeat_summary(r30, t)
    total = s[(s["topic"] == ALL) & (s["period"] == ALL)].iloc[0]
    assert total["tickets"] == 8225 and 0 < total["repeat_tickets"] <= r["is_repeat"].sum()
    chains = top_chains(r30, t, n=5)
    assert (chains["n_tickets"] >= 2).all()
    assert chronic_topics(t)["classification"].isin(["chronic", "emerging", "spike", "sporadic"]).all()


def _pairs(groups: pd.Series) -> set[tuple[int, int]]:
    out = set()
    for _, idx in groups[groups.notna() & (groups.astype(str) != "") & (groups.astype(str) != "-1")].groupby(
            groups).groups.items():
        out.update(itertools.combinations(sorted(idx), 2))
    return out


@pytest.mark.slow
def test_sample_planted_repeats_precision_recall(sample_tickets, sample_repeat_reasons):
    t = sample_tickets
    r = find_repeats(t, window_days=7)
    truth = t["planted_repeat"].astype(str).str.lower().isin(["true", "1"]).to_numpy()
    pred = r["is_repeat"].to_numpy()
    tp = (pred & truth).sum()
    precision, recall = tp / max(pred.sum(), 1), tp / max(truth.sum(), 1)
    # the generator plants follow-ups on every reason (~40% on the repeat reasons, ~4% elsewhere);
    # unplanted "false positives" are natural same-customer, same-reason tickets within 7 days,
    # i.e. repeats by definition that the generator did not mark
    scope = t["reason"].isin(sample_repeat_reasons).to_numpy()
    tp_s = (pred & truth & scope).sum()
    print(f"planted repeats, all reasons: precision {precision:.3f} recall {recall:.3f} "
          f"(tp {tp}, predicted {pred.sum()}, planted {truth.sum()}); repeat reasons only: precision "
          f"{tp_s / max((pred & scope).sum(), 1):.3f} recall {tp_s / max((truth & scope).sum(), 1):.3f}; "
          f"double submits {r['is_double_submit'].sum()}")
    assert precision >= 0.9 and recall >= 0.9
    s = repeat_summary(r, t)
    rates = s[s["period"] == ALL].set_index("topic")["repeat_rate"]
    for reason in sample_repeat_reasons:       # planted ~40% vs ~4% elsewhere
        assert rates[reason] > 0.25
    others = rates.drop([*sample_repeat_reasons, ALL])
    assert (others < 0.15).all()


@pytest.mark.slow
def test_sample_planted_duplicates_are_grouped(sample_tickets):
    t = sample_tickets.reset_index(drop=True)
    d = near_duplicates(t, text_col="text_model")
    truth = _pairs(t["dup_group"])
    found = _pairs(d["dup_group"].where(d["dup_group"] >= 0))
    kind = t["dup_group"].astype(str).str[0]
    tp = len(truth & found)
    precision = tp / max(len(found), 1)
    recall = tp / max(len(truth), 1)
    per_kind = {}
    for k, name in (("M", "mass incident"), ("X", "double submit"), ("F", "forwarded thread")):
        tk = {p for p in truth if kind[p[0]] == k}
        per_kind[name] = (len(tk & found) / max(len(tk), 1), len(tk))
    print(f"planted duplicate pairs: precision {precision:.3f} recall {recall:.3f} "
          f"(tp {tp}, found {len(found)}, planted {len(truth)}); recall by kind "
          + ", ".join(f"{k} {v:.3f} of {n}" for k, (v, n) in per_kind.items()))
    # forwarded threads are near copies only in the raw text: the cleaner strips the forwarded
    # (quoted) part from text_model; find_repeats links them instead (same customer, days later)
    assert per_kind["mass incident"][0] >= 0.9 and per_kind["double submit"][0] >= 0.9
    assert precision >= 0.9 and recall >= 0.9
    g = duplicate_groups(t, d)
    assert set(g["kind"]) <= {"exact", "near"} and (g["size"] >= 2).all()
    assert np.isfinite(g["span_hours"]).all()
    assert (g["n_customers"] >= 1).all()


def test_sample_mass_incidents_and_emerging_topic(sample_tickets):
    t = sample_tickets
    spikes = incident_spikes(t)
    mass = t[t["dup_group"].astype(str).str.startswith("M")]
    incidents = mass.groupby("dup_group").agg(reason=("reason", "first"), at=("created_at", "min"))
    for row in incidents.itertuples():
        day = row.at.floor("D")
        hit = spikes[(spikes["topic"] == row.reason) & (spikes["start"] <= day) & (spikes["end"] >= day)]
        assert len(hit) == 1, f"mass incident {row.Index} ({row.reason}, {day.date()}) not found"
    planted_days = {(r.reason, r.at.floor("D")) for r in incidents.itertuples()}
    others = [r for r in spikes.itertuples()
              if not any(r.topic == reason and r.start <= d <= r.end for reason, d in planted_days)]
    # besides the planted incidents only the launch of the emerging topic (and at most one more) bursts
    assert len([r for r in others if r.topic != "scheduled_pix"]) <= 1
    chronic = chronic_topics(t).set_index("topic")["classification"]
    assert chronic["scheduled_pix"] == "emerging"
    assert (chronic.drop("scheduled_pix") == "chronic").mean() >= 0.8
