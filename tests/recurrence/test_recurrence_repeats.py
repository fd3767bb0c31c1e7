"""find_repeats / repeat_summary / top_chains on small hand-made frames."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from vocmine.exceptions import PIILeakError, SchemaError
from vocmine.recurrence import ALL, find_repeats, repeat_summary, repeat_summary_windows, top_chains
from vocmine.schema import OUTLIER_TOPIC


def frame(rows):
    """rows: (ticket_id, created_at, customer_id, topic[, handle_minutes[, text]])"""
    cols = ["ticket_id", "created_at", "customer_id", "topic_id", "handle_minutes", "text_display"]
    full = [tuple(r) + (10.0, f"texto {r[0]}")[len(r) - 4:] for r in rows]
    df = pd.DataFrame(full, columns=cols)
    df["created_at"] = pd.to_datetime(df["created_at"], utc=True, format="ISO8601")
    return df


def by_id(rep):
    return rep.set_index("ticket_id")


def test_window_boundary_is_inclusive_in_elapsed_time():
    t = frame([
        ("a", "2024-01-01T00:00:00Z", "c1", 1),
        ("b", "2024-01-08T00:00:00Z", "c1", 1),          # exactly 7 days after a: repeat
        ("c", "2024-01-15T00:00:01Z", "c1", 1),          # 7 days + 1 s after b: new chain
    ])
    r = by_id(find_repeats(t, topic_col="topic_id", window_days=7))
    assert r.loc["b", "is_repeat"] and r.loc["b", "prev_ticket_id"] == "a"
    assert r.loc["b", "days_since_prev"] == pytest.approx(7.0)
    assert not r.loc["c", "is_repeat"] and pd.isna(r.loc["c", "prev_ticket_id"])
    assert r.loc["c", "chain_id"] == "c" and r.loc["c", "chain_position"] == 1
    assert list(r["chain_size"]) == [2, 2, 1]


def test_chain_of_repeats_and_other_topic_and_customer():
    t = frame([
        ("a", "2024-01-01T00:00:00Z", "c1", 1),
        ("b", "2024-01-05T00:00:00Z", "c1", 1),
        ("c", "2024-01-11T00:00:00Z", "c1", 1),   # 6 days after b, 10 after a: stays in chain
        ("d", "2024-01-02T00:00:00Z", "c1", 2),   # other topic
        ("e", "2024-01-02T00:00:00Z", "c2", 1),   # other customer
    ])
    r = by_id(find_repeats(t, window_days=7))
    assert r.loc["c", "prev_ticket_id"] == "b"
    assert r.loc[["a", "b", "c"], "chain_id"].tolist() == ["a", "a", "a"]
    assert r.loc[["a", "b", "c"], "chain_position"].tolist() == [1, 2, 3]
    assert r.loc["c", "chain_size"] == 3
    assert not r.loc["d", "is_repeat"] and not r.loc["e", "is_repeat"]
    assert r.loc["b", "match"] == "topic"


def test_ties_on_equal_timestamps_are_ordered_by_ticket_id():
    t = frame([
        ("t2", "2024-03-01T12:00:00Z", "c1", 1),
        ("t1", "2024-03-01T12:00:00Z", "c1", 1),
    ])
    for _ in range(2):
        r = by_id(find_repeats(t))
        assert not r.loc["t1", "is_repeat"]
        assert r.loc["t2", "is_repeat"] and r.loc["t2", "prev_ticket_id"] == "t1"
        assert r.loc["t2", "days_since_prev"] == 0.0
        t = t.iloc[::-1].reset_index(drop=True)   # input order must not matter


def test_missing_and_blank_customer_ids_never_match():
    t = frame([
        ("a", "2024-01-01T00:00:00Z", None, 1),
        ("b", "2024-01-01T01:00:00Z", None, 1),
        ("c", "2024-01-01T02:00:00Z", "", 1),
        ("d", "2024-01-01T03:00:00Z", "  ", 1),
    ])
    r = find_repeats(t)
    assert not r["is_repeat"].any()
    assert r["customer_id"].isna().all()
    assert (r["chain_size"] == 1).all()


def test_same_instant_in_different_offsets_is_the_same_time():
    t = pd.DataFrame({
        "ticket_id": ["a", "b"],
        # 2024-01-01 21:00 in São Paulo (-03:00) == 2024-01-02 00:00 UTC; b is 7 days later in +02:00
        "created_at": ["2024-01-01T21:00:00-03:00", "2024-01-09T02:00:00+02:00"],
        "customer_id": ["c1", "c1"], "topic_id": [5, 5],
    })
    r = by_id(find_repeats(t, window_days=7))
    assert r.loc["b", "is_repeat"]
    assert r.loc["b", "days_since_prev"] == pytest.approx(7.0)
    assert str(r["created_at"].dt.tz) == "UTC"
    assert r.loc["a", "created_at"] == pd.Timestamp("2024-01-02T00:00:00Z")


def test_outlier_topic_never_matches_by_topic():
    t = frame([
        ("a", "2024-01-01T00:00:00Z", "c1", OUTLIER_TOPIC),
        ("b", "2024-01-02T00:00:00Z", "c1", OUTLIER_TOPIC),
    ])
    assert not find_repeats(t)["is_repeat"].any()


def test_text_similarity_matches_across_topics():
    t = frame([
        ("a", "2024-01-01T00:00:00Z", "c1", 1, 10.0, "meu boleto pago nao foi baixado ainda"),
        ("b", "2024-01-03T00:00:00Z", "c1", 2, 10.0, "meu boleto pago nao foi baixado ainda!!"),
        ("c", "2024-01-04T00:00:00Z", "c1", 3, 10.0, "quero cancelar minha assinatura hoje"),
    ])
    plain = by_id(find_repeats(t))
    assert not plain["is_repeat"].any()
    r = by_id(find_repeats(t, text_col="text_display", text_similarity=0.8))
    assert r.loc["b", "is_repeat"] and r.loc["b", "match"] == "text" and r.loc["b", "prev_ticket_id"] == "a"
    assert not r.loc["c", "is_repeat"]


def test_empty_and_single_ticket_frames():
    empty = frame([("a", "2024-01-01T00:00:00Z", "c1", 1)]).iloc[:0]
    r = find_repeats(empty)
    assert r.empty and "chain_id" in r.columns
    s = repeat_summary(r, empty)
    assert s.empty and "repeat_rate" in s.columns
    assert top_chains(r, empty).empty
    one = frame([("a", "2024-01-01T00:00:00Z", "c1", 1)])
    r1 = find_repeats(one)
    assert r1.loc[0, "chain_id"] == "a" and not r1.loc[0, "is_repeat"]
    s1 = repeat_summary(r1, one)
    overall = s1[(s1["topic"] == ALL) & (s1["period"] == ALL)].iloc[0]
    assert overall["tickets"] == 1 and overall["repeat_rate"] == 0 and overall["fcr"] == 1.0


def test_duplicate_ticket_ids_are_rejected():
    t = frame([("a", "2024-01-01T00:00:00Z", "c1", 1), ("a", "2024-01-02T00:00:00Z", "c1", 1)])
    with pytest.raises(SchemaError, match="unique"):
        find_repeats(t)


def test_repeat_summary_counts_rates_and_fcr():
    t = frame([
        ("a", "2024-01-01T00:00:00Z", "c1", 1, 30.0),
        ("b", "2024-01-03T00:00:00Z", "c1", 1, 60.0),
        ("c", "2024-01-04T00:00:00Z", "c1", 1, 30.0),
        ("d", "2024-01-10T00:00:00Z", "c2", 1, 10.0),
        ("e", "2024-02-20T00:00:00Z", "c3", 2, 10.0),
        ("f", "2024-02-21T00:00:00Z", "c3", 2, 90.0),
    ])
    r = find_repeats(t)
    s = repeat_summary(r, t)
    cell = s[(s["topic"] == 1) & (s["period"] == "2024-01")].iloc[0]
    assert cell["tickets"] == 4 and cell["repeat_tickets"] == 2
    assert cell["repeat_rate"] == pytest.approx(0.5)
    assert cell["repeat_rate_low"] < 0.5 < cell["repeat_rate_high"]
    assert cell["first_contacts"] == 2 and cell["chains"] == 1 and cell["extra_tickets"] == 2
    assert cell["fcr"] == pytest.approx(0.5)
    assert cell["customers_affected"] == 1
    assert cell["repeat_hours"] == pytest.approx(1.5)
    assert cell["complete"]
    feb = s[(s["topic"] == 2) & (s["period"] == "2024-02")].iloc[0]
    assert not feb["complete"]                      # data ends 1 day after the last ticket
    total = s[(s["topic"] == ALL) & (s["period"] == ALL)].iloc[0]
    assert total["tickets"] == 6 and total["repeat_tickets"] == 3 and total["chains"] == 2
    assert total["repeat_hours"] == pytest.approx((60 + 30 + 90) / 60)
    assert (s["window_days"] == 7).all()


def test_repeat_summary_windows_stacks_7_and_30_days():
    t = frame([
        ("a", "2024-01-01T00:00:00Z", "c1", 1),
        ("b", "2024-01-21T00:00:00Z", "c1", 1),      # 20 days later: repeat only at 30 days
    ])
    s = repeat_summary_windows(t, windows=(7, 30))
    tot = s[(s["topic"] == ALL) & (s["period"] == ALL)].set_index("window_days")
    assert tot.loc[7, "repeat_tickets"] == 0 and tot.loc[30, "repeat_tickets"] == 1


def test_top_chains_quotes_redacted_first_text_and_refuses_raw():
    t = frame([
        ("a", "2024-01-01T00:00:00Z", "c1", 1, 10.0, "primeiro [EMAIL]"),
        ("b", "2024-01-02T00:00:00Z", "c1", 1, 20.0, "segundo"),
        ("c", "2024-01-03T00:00:00Z", "c1", 1, 30.0, "terceiro"),
        ("d", "2024-01-01T00:00:00Z", "c2", 2, 10.0, "outro"),
        ("e", "2024-01-01T05:00:00Z", "c2", 2, 10.0, "outro de novo"),
        ("f", "2024-01-01T00:00:00Z", "c3", 3, 10.0, "sozinho"),
    ])
    r = find_repeats(t)
    top = top_chains(r, t, n=10)
    assert top["chain_id"].tolist() == ["a", "d"]
    first = top.iloc[0]
    assert first["n_tickets"] == 3 and first["example"] == "primeiro [EMAIL]" and first["customer_id"] == "c1"
    assert first["span_days"] == pytest.approx(2.0) and first["hours"] == pytest.approx(1.0)
    assert len(top_chains(r, t, n=1)) == 1
    with pytest.raises(PIILeakError):
        top_chains(r, t.assign(text="raw"), display_col="text")


def test_chain_ids_match_a_brute_force_reference():
    rng = np.random.default_rng(3)
    n = 300
    t = pd.DataFrame({
        "ticket_id": [f"t{i:03d}" for i in range(n)],
        "created_at": pd.Timestamp("2024-01-01", tz="UTC") + pd.to_timedelta(rng.integers(0, 60 * 24, n) * 60.0 * 30, unit="s"),
        "customer_id": rng.choice(["c1", "c2", "c3", "c4", None], n),
        "topic_id": rng.integers(0, 3, n),
    })
    r = find_repeats(t, window_days=2).set_index("ticket_id")
    srt = t.sort_values(["created_at", "ticket_id"])
    last = {}
    for row in srt.itertuples():
        key = (row.customer_id, row.topic_id)
        expected_prev = None
        if not pd.isna(row.customer_id) and key in last:
            p = last[key]
            if row.created_at - p.created_at <= pd.Timedelta(days=2):
                expected_prev = p.ticket_id
        if not pd.isna(row.customer_id):
            last[key] = row
        got = r.loc[row.ticket_id, "prev_ticket_id"]
        assert (pd.isna(got) and expected_prev is None) or got == expected_prev


def test_double_submits_are_not_repeats_and_keep_the_chain():
    t = frame([
        ("a", "2024-01-01T10:00:00Z", "c1", 1, 10.0, "Boleto  pago não baixou"),
        ("b", "2024-01-01T10:02:00Z", "c1", 1, 10.0, "boleto pago não baixou"),    # double submit of a
        ("c", "2024-01-03T10:00:00Z", "c1", 1, 10.0, "ainda nao resolveram o boleto"),
        ("d", "2024-01-03T12:00:00Z", "c1", 1, 10.0, "ainda nao resolveram o boleto"),  # 2 h later: a repeat
        ("e", "2024-01-01T10:01:00Z", "c2", 1, 10.0, "boleto pago não baixou"),    # other customer
        ("f", "2024-01-05T10:00:00Z", "c3", 1, 10.0, ""),
        ("g", "2024-01-05T10:00:00Z", "c3", 1, 10.0, ""),                          # empty texts: a repeat
    ])
    r = by_id(find_repeats(t, window_days=7))
    assert r.loc["b", "is_double_submit"] and not r.loc["b", "is_repeat"]
    assert r.loc["b", "match"] == "double_submit" and r.loc["b", "prev_ticket_id"] == "a"
    assert r.loc["b", "chain_id"] == "a" and r.loc["b", "chain_position"] == 1
    assert r.loc["c", "is_repeat"] and r.loc["c", "prev_ticket_id"] == "a"   # b never matches later tickets
    assert r.loc["d", "is_repeat"] and not r.loc["d", "is_double_submit"]
    assert r.loc["a", "chain_size"] == 3                                      # a, c, d (b excluded)
    assert not r.loc["e", "is_double_submit"]
    assert r.loc["g", "is_repeat"] and not r.loc["g", "is_double_submit"]
    s = repeat_summary(find_repeats(t), t)
    cell = s[(s["topic"] == 1) & (s["period"] == "2024-01")].iloc[0]
    assert cell["double_submits"] == 1 and cell["repeat_tickets"] == 3 and cell["first_contacts"] == 3
    off = by_id(find_repeats(t, double_submit_minutes=None))
    assert not off["is_double_submit"].any() and off.loc["b", "is_repeat"]


def test_result_is_invariant_to_row_order_and_time_zone():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    row = st.tuples(st.integers(0, 20 * 24), st.sampled_from(["c1", "c2", "c3", None]), st.integers(0, 2))

    @settings(max_examples=40, deadline=None)
    @given(st.lists(row, min_size=0, max_size=25), st.randoms(use_true_random=False))
    def check(rows, rnd):
        t = pd.DataFrame({
            "ticket_id": [f"t{i:02d}" for i in range(len(rows))],
            "created_at": pd.to_datetime([pd.Timestamp("2024-03-01T00:00Z") + pd.Timedelta(hours=h) for h, _, _ in rows],
                                         utc=True),
            "customer_id": pd.array([c for _, c, _ in rows], dtype="str"),
            "topic_id": [k for _, _, k in rows],
        })
        base = find_repeats(t, window_days=3).set_index("ticket_id").sort_index()
        order = list(range(len(t)))
        rnd.shuffle(order)
        moved = t.iloc[order].assign(created_at=t["created_at"].iloc[order].dt.tz_convert("America/Sao_Paulo"))
        other = find_repeats(moved, window_days=3).set_index("ticket_id").sort_index()
        pd.testing.assert_frame_equal(base, other)
        rep = base[base["is_repeat"]]
        prev = base.loc[rep["prev_ticket_id"]]
        assert (prev["customer_id"].to_numpy() == rep["customer_id"].to_numpy()).all()
        assert ((rep["days_since_prev"] >= 0) & (rep["days_since_prev"] <= 3)).all()
        assert (base.groupby("chain_id").size() == base.groupby("chain_id")["chain_size"].first()).all()

    check()
