"""chronic_topics / incident_spikes on synthetic monthly and daily shapes."""

from __future__ import annotations

import numpy as np
import pandas as pd

from vocmine.recurrence import chronic_topics, incident_spikes
from vocmine.schema import OUTLIER_TOPIC


def monthly(counts_by_topic):
    """counts_by_topic: {topic: [count per month from 2024-01]}"""
    rows = []
    for topic, counts in counts_by_topic.items():
        for m, c in enumerate(counts):
            for k in range(c):
                rows.append((topic, pd.Timestamp(2024, m + 1, 1 + k % 27, tz="UTC")))
    df = pd.DataFrame(rows, columns=["topic_id", "created_at"])
    df["ticket_id"] = [f"t{i}" for i in range(len(df))]
    return df


def test_classification_rule():
    t = monthly({
        "steady": [20, 22, 19, 21, 20, 23],
        "burst": [0, 1, 40, 1, 0, 0],
        "new": [0, 0, 0, 0, 5, 9],
        "rising": [2, 2, 2, 2, 8, 10],
        "rare": [1, 0, 2, 0, 1, 0],
        OUTLIER_TOPIC: [50, 50, 50, 50, 50, 50],
    })
    c = chronic_topics(t).set_index("topic")
    assert c.loc["steady", "classification"] == "chronic"
    assert c.loc["burst", "classification"] == "spike"
    assert c.loc["new", "classification"] == "emerging"
    assert c.loc["rising", "classification"] == "emerging"
    assert c.loc["rare", "classification"] == "sporadic"
    assert OUTLIER_TOPIC not in c.index
    assert c.loc["steady", "months_present"] == 6 and c.loc["new", "months_present"] == 2
    assert c.loc["burst", "peak_period"] == "2024-03"
    assert c.loc["steady", "cv"] < 0.1
    assert OUTLIER_TOPIC in chronic_topics(t, include_outlier=True)["topic"].tolist()


def test_chronic_empty_and_single():
    assert chronic_topics(monthly({})[["topic_id", "created_at"]]).empty
    one = chronic_topics(monthly({"x": [1]}))
    assert one.loc[0, "months_total"] == 1 and one.loc[0, "classification"] == "sporadic"


def _daily(rng, topic, start, days, rate):
    rows = []
    for d in range(days):
        for _ in range(rng.poisson(rate)):
            rows.append((topic, pd.Timestamp(start, tz="UTC") + pd.Timedelta(days=d, hours=int(rng.integers(0, 24)))))
    return rows


def test_incident_spike_found_with_dates_and_customers():
    rng = np.random.default_rng(0)
    rows = _daily(rng, "pix", "2024-01-01", 90, 2) + _daily(rng, "login", "2024-01-01", 90, 1)
    burst = [("pix", pd.Timestamp("2024-02-15T00:00Z") + pd.Timedelta(hours=int(h))) for h in rng.integers(0, 48, 40)]
    df = pd.DataFrame(rows + burst, columns=["topic_id", "created_at"])
    df["ticket_id"] = [f"t{i}" for i in range(len(df))]
    df["customer_id"] = [f"c{i}" for i in range(len(df))]
    s = incident_spikes(df)
    assert len(s) == 1
    ep = s.iloc[0]
    assert ep["topic"] == "pix"
    assert ep["start"] <= pd.Timestamp("2024-02-15", tz="UTC") <= ep["end"] <= pd.Timestamp("2024-02-18", tz="UTC")
    assert ep["n_tickets"] >= 40 and ep["n_customers"] >= 40
    assert 1.0 <= ep["baseline_per_day"] <= 3.5
    # the same burst from a single customer is not incident-like
    df2 = df.copy()
    df2.loc[len(rows):, "customer_id"] = "bot"
    df2.loc[: len(rows) - 1, "customer_id"] = None
    assert incident_spikes(df2).empty


def test_a_month_missing_from_the_history_is_not_quiet_days_before_a_spike():
    # 60 days at the topic's usual volume, a month with no ticket at all (the export that held it
    # ended mid-month and the next began with the month after), then the usual volume again:
    # counted as zeros, the month made the first days after it a "spike" (real export, 33 tickets
    # in 8 days against 0.8 expected)
    rng = np.random.default_rng(3)
    rows = (_daily(rng, "entrega", "2024-03-01", 60, 3) + _daily(rng, "login", "2024-03-01", 60, 2)
            + _daily(rng, "entrega", "2024-05-30", 20, 3) + _daily(rng, "login", "2024-05-30", 20, 2))
    df = pd.DataFrame(rows, columns=["topic_id", "created_at"])
    df["ticket_id"] = [f"t{i}" for i in range(len(df))]
    assert incident_spikes(df).empty
    assert not incident_spikes(df, gap_days=10_000).empty  # the gap read as quiet days: the false spike
    # a real burst after the gap is still one
    burst = [("entrega", pd.Timestamp("2024-06-05T00:00Z") + pd.Timedelta(hours=int(h))) for h in rng.integers(0, 48, 40)]
    df2 = pd.DataFrame(rows + burst, columns=["topic_id", "created_at"])
    df2["ticket_id"] = [f"t{i}" for i in range(len(df2))]
    s = incident_spikes(df2)
    assert len(s) == 1 and s.iloc[0]["topic"] == "entrega"
    assert pd.Timestamp("2024-06-04", tz="UTC") <= s.iloc[0]["start"] <= pd.Timestamp("2024-06-06", tz="UTC")


def test_incident_spikes_empty():
    df = pd.DataFrame({"ticket_id": [], "created_at": pd.to_datetime([], utc=True), "topic_id": []})
    assert incident_spikes(df).empty
