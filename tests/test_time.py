"""vocmine._time: months cut in the configured zone; the runner's default period skips empty months."""

from __future__ import annotations

import argparse

import pandas as pd
import pytest

import vocmine.runner as runner
from vocmine._time import last_whole_period, month_bounds, period_of, shift_period, tzinfo
from vocmine.exceptions import ConfigError, InputError


def _ts(*values: str) -> pd.Series:
    return pd.Series(pd.to_datetime(list(values), utc=True))


def test_sao_paulo_evening_of_the_last_day_stays_in_its_month():
    ts = _ts("2024-01-31T23:30:00Z", "2024-02-01T01:00:00Z", "2024-02-01T03:00:00Z")
    assert period_of(ts).tolist() == ["2024-01", "2024-02", "2024-02"]                       # UTC
    assert period_of(ts, "America/Sao_Paulo").tolist() == ["2024-01", "2024-01", "2024-02"]  # 22:00 on 31 Jan
    assert period_of(ts, "UTC-03:00").tolist() == ["2024-01", "2024-01", "2024-02"]
    assert period_of(ts, "+05:30").tolist() == ["2024-02", "2024-02", "2024-02"]


def test_period_of_keeps_the_index_and_missing_values():
    ts = pd.Series(pd.to_datetime(["2024-03-05", None], utc=True), index=[10, 11])
    out = period_of(ts, "America/Sao_Paulo")
    assert out.index.tolist() == [10, 11] and out.iloc[0] == "2024-03" and pd.isna(out.iloc[1])


def test_month_bounds_in_a_zone():
    start, end = month_bounds("2024-01", "America/Sao_Paulo")
    assert start == pd.Timestamp("2024-01-01T03:00:00Z") and end == pd.Timestamp("2024-02-01T03:00:00Z")
    assert month_bounds("2024-12")[1] == pd.Timestamp("2025-01-01T00:00:00Z")
    with pytest.raises(ConfigError, match="YYYY-MM"):
        month_bounds("2024/01")


def test_shift_period_across_years():
    assert shift_period("2024-01", -1) == "2023-12" and shift_period("2023-12", 13) == "2025-01"


@pytest.mark.parametrize("zone", ["Mars/Olympus", "UTC+99:00", "not a zone"])
def test_unknown_zone_is_a_config_error(zone):
    with pytest.raises(ConfigError, match="time zone"):
        tzinfo(zone)


def test_default_period_skips_an_empty_month_before_the_newest():
    # tickets in May and July only; July is partial -> June would be the candidate, but it is empty
    ts = _ts("2024-05-03T10:00:00Z", "2024-05-20T10:00:00Z", "2024-07-10T10:00:00Z")
    assert last_whole_period(ts) == "2024-05"
    assert runner.last_whole_month(ts) == "2024-05"


def test_default_period_uses_the_zone_for_the_last_day():
    # 02:00 UTC on 1 September is 23:00 on 31 August in São Paulo: August is whole there
    ts = _ts("2024-07-10T10:00:00Z", "2024-08-15T10:00:00Z", "2024-09-01T02:00:00Z")
    assert last_whole_period(ts, "America/Sao_Paulo") == "2024-08"
    assert last_whole_period(ts) == "2024-08"     # UTC: September has 1 ticket, not whole -> August


def test_no_whole_month_is_a_clear_error():
    with pytest.raises(InputError, match="no whole month.*--period"):
        runner.last_whole_month(_ts("2024-08-14T10:00:00Z"))
    with pytest.raises(InputError, match="no ticket has a creation date"):
        runner.last_whole_month(pd.Series(pd.to_datetime([None], utc=True)))


def test_period_column_prefers_the_runs_period_column():
    frame = pd.DataFrame({"created_at": pd.to_datetime(["2024-02-01T01:00:00Z"], utc=True)})
    assert runner._period_column(frame).tolist() == ["2024-02"]
    assert runner._period_column(frame, "America/Sao_Paulo").tolist() == ["2024-01"]
    frame["period"] = ["2024-01"]
    assert runner._period_column(frame).tolist() == ["2024-01"]


def test_run_takes_validates_input_options():
    parser = argparse.ArgumentParser()
    runner.add_run_arguments(parser)
    args = parser.parse_args(["t.csv", "--column-map", "map.yaml", "--monthfirst", "--timezone", "America/Sao_Paulo",
                              "--csat-scale", "1-5", "--preset", "generic"])
    assert (args.column_map, args.dayfirst, args.timezone, args.csat_scale, args.preset) == \
        ("map.yaml", False, "America/Sao_Paulo", "1-5", "generic")
    assert parser.parse_args(["t.csv", "--dayfirst"]).dayfirst is True
    assert parser.parse_args(["t.csv"]).dayfirst is None
    with pytest.raises(SystemExit):
        parser.parse_args(["t.csv", "--dayfirst", "--monthfirst"])


def test_ingest_passes_the_options_and_the_zone(tmp_path):
    export = tmp_path / "t.csv"
    export.write_text("Num;Quando;Texto;Nota\n1;05/03/2024 22:30;oi;5\n2;06/03/2024 10:00;ola;9\n", encoding="utf-8")
    cmap = tmp_path / "map.yaml"
    cmap.write_text("ticket_id: Num\ncreated_at: Quando\ntext: Texto\ncsat: Nota\n", encoding="utf-8")
    frame, customers, accounting = runner._ingest([export], None, column_map=cmap, dayfirst=True,
                                                 timezone="America/Sao_Paulo", csat_scale="1-10")
    assert frame.attrs["timezone"] == "America/Sao_Paulo" and customers is None
    assert frame["created_at"].tolist()[0] == pd.Timestamp("2024-03-06T01:30:00Z")
    assert frame["csat"].tolist() == pytest.approx([4 / 9, 8 / 9])  # 1-10 as given, not the 1-5 a 5 and 9 suggest
    assert any("given by --csat-scale" in n for n in accounting.attrs["notes"])


def test_a_later_month_left_out_by_the_default_period_is_told():
    from vocmine.run.pipeline import partial_month_note

    ts = _ts("2024-05-03T10:00:00Z", "2024-05-20T10:00:00Z", "2024-07-10T10:00:00Z", "2024-07-12T09:00:00Z")
    months = period_of(ts)
    note = partial_month_note(ts, months, "2024-05", "UTC")
    assert note == ("period 2024-05: the export's latest month, 2024-07, ends on 2024-07-12 and is not whole; "
                    "this run leaves its 2 ticket(s) out of the store (pass --period 2024-07 to report it now)")
    assert partial_month_note(ts.iloc[:2], months.iloc[:2], "2024-05", "UTC") is None


def test_a_month_missing_between_the_history_and_the_period_is_told():
    from vocmine.run.pipeline import history_gap_note

    stored = {"2024-01", "2024-02", "2024-03", "2024-04"}
    note = history_gap_note(stored, ["2024-06"], "2024-06")
    assert note is not None and note.startswith("period 2024-06: no ticket for 2024-05 in the store or in this export")
    assert "2024-05, 2024-06" not in note
    assert "2024-05, 2024-06, 2024-07" in history_gap_note(stored, ["2024-08"], "2024-08")
    assert history_gap_note(stored, ["2024-05"], "2024-05") is None  # the next month: no gap
    assert history_gap_note(set(), ["2024-03", "2024-05"], "2024-05") is not None  # a gap inside one export
    assert history_gap_note(set(), ["2024-05"], "2024-05") is None
