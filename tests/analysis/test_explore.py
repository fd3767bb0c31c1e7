"""filter_tickets and the Exploration object on a synthetic history (tests/briefs/synth.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

from vocmine.analysis.explore import FILTER_PARAMS, Exploration, exploration, filter_tickets, parse_filter
from vocmine.exceptions import ConfigError

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "briefs"))
from synth import period_data  # noqa: E402


@pytest.fixture(scope="module")
def data():
    return period_data("2026-08")


def test_parse_filter_values():
    assert parse_filter(None) is None and parse_filter("") is None and parse_filter(" , ") is None
    assert parse_filter([]) is None
    assert parse_filter("email, chat") == ["email", "chat"]
    assert parse_filter(["email"]) == ["email"] and parse_filter(3) == [3]


def test_each_filter_keeps_exactly_the_matching_rows(data):
    t = data.tickets.assign(language=["en" if i % 3 == 0 else "pt" for i in range(len(data.tickets))])
    cases = {
        "channel": ("email", t["channel"] == "email"),
        "product": ("Billing, reports", t["product"].isin(["billing", "reports"])),
        "language": ("en", t["language"] == "en"),
        "topic": ("0,2", t["topic_id"].isin([0, 2])),
    }
    for name, (value, expected) in cases.items():
        got = filter_tickets(t, **{name: value})
        assert 0 < len(got) < len(t), name
        assert got.index.equals(t.index[expected.to_numpy()]), name
    # filters combine with AND
    both = filter_tickets(t, channel="email", language="en")
    assert both.index.equals(t.index[((t["channel"] == "email") & (t["language"] == "en")).to_numpy()])
    # topic labels work like ids
    label = t.loc[t["topic_id"] == 2, "topic_label"].iloc[0]
    assert filter_tickets(t, topic=label).index.equals(filter_tickets(t, topic=2).index)


def test_period_filters(data):
    t = data.tickets
    months = sorted(t["period"].unique())
    assert list(filter_tickets(t, period="2026-08")["period"].unique()) == ["2026-08"]
    rng = filter_tickets(t, period=(months[1], months[-2]))
    assert sorted(rng["period"].unique()) == months[1:-1]
    assert sorted(filter_tickets(t, period=(None, months[0]))["period"].unique()) == [months[0]]
    assert sorted(filter_tickets(t, period=f"{months[0]},{months[2]}")["period"].unique()) == [months[0], months[2]]
    with pytest.raises(ConfigError, match="period"):
        filter_tickets(t, period="August")


def test_plan_comes_from_the_customers_table(data):
    t, c = data.tickets, data.customers
    plan = sorted(c["plan"].dropna().unique())[0]
    ids = set(c.loc[c["plan"] == plan, "customer_id"])
    got = filter_tickets(t, customers=c, plan=plan.upper())
    assert len(got) and set(got["customer_id"]) <= ids
    assert len(got) == t["customer_id"].isin(ids).sum()
    with pytest.raises(ConfigError, match="plan.*customers table"):
        filter_tickets(t, plan=plan)


def test_typos_and_missing_columns_are_named(data):
    t = data.tickets
    with pytest.raises(ConfigError, match=r"channel='emial'.*values present: chat, email"):
        filter_tickets(t, channel="emial")
    with pytest.raises(ConfigError, match="topic=999"):
        filter_tickets(t, topic="999")
    with pytest.raises(ConfigError, match="no 'product' column"):
        filter_tickets(t.drop(columns=["product"]), product="billing")
    assert filter_tickets(t).index.equals(t.index)  # no filter: every row


def test_exploration_object_on_filtered_tickets(data):
    ex = exploration(data, top_n=3, channel="chat", since="2026-06", min_sample_size=30)
    assert isinstance(ex, Exploration) and ex.period == "2026-08"
    assert ex.filters == {"channel": "chat", "since": "2026-06"}
    assert set(ex.tickets["channel"]) == {"chat"}
    assert sorted(ex.tickets["period"].unique()) == ["2026-06", "2026-07", "2026-08"]
    cur = data.current[data.current["channel"] == "chat"]
    assert int(ex.topics["n_tickets"].sum()) == len(cur) == len(ex.current)
    assert ex.topics["n_tickets"].is_monotonic_decreasing and abs(ex.topics["share"].sum() - 1) < 1e-9
    assert list(ex.volumes["n_tickets"]) == [len(ex.tickets[ex.tickets["period"] == p]) for p in ex.volumes["period"]]
    assert set(ex.channels["channel"]) == {"chat"}
    assert len(ex.examples) == 3
    tid = int(ex.topics["topic_id"].iloc[0])
    drill = ex.drill(tid, n=4)
    assert len(drill) == 4 and "text_display" in drill and "text_model" not in drill
    assert set(drill["ticket_id"]) <= set(cur.loc[cur["topic_id"] == tid, "ticket_id"])
    assert ex["topics"] is ex.topics  # dictionary style kept for older notebooks
    with pytest.raises(KeyError):
        ex["nope"]
    assert FILTER_PARAMS == ("since", "channel", "product", "plan", "language", "topic")
    unfiltered = exploration(data, top_n=3)
    assert unfiltered.filters == {} and len(unfiltered.current) == len(data.current)
    assert isinstance(unfiltered.volumes, pd.DataFrame)
