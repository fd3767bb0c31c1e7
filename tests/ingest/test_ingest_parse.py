"""Parsers: timestamps to UTC, day-first detection, numbers, durations, CSAT scales."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from vocmine.exceptions import ConfigError
from vocmine.ingest.csat import normalise_csat
from vocmine.ingest.parse import detect_dayfirst, parse_duration_minutes, parse_ints, parse_numbers, parse_times


def _s(*values):
    return pd.Series(list(values), dtype=object)


def test_times_with_offsets_and_naive_values():
    parsed, bad, _ = parse_times(_s("2024-03-01T10:00:00-03:00", "2024-03-01T13:00:00Z", "2024-03-01 14:00:00 +0100",
                                    "2024-03-01 10:00", None, "  "), timezone="America/Sao_Paulo")
    assert str(parsed.dtype) == "datetime64[ns, UTC]"
    assert parsed.iloc[:4].tolist() == [pd.Timestamp("2024-03-01 13:00", tz="UTC")] * 4
    assert parsed.iloc[4:].isna().all() and not bad.any()  # blanks are missing, not errors


def test_naive_default_is_utc_and_dst_gap_shifts_forward():
    parsed, bad, _ = parse_times(_s("2024-07-01 12:00"))
    assert parsed.iloc[0] == pd.Timestamp("2024-07-01 12:00", tz="UTC")
    # 2024-03-31 01:30 does not exist in Lisbon (01:00 -> 02:00): shifted forward to 02:00 WEST, not lost
    parsed, bad, _ = parse_times(_s("2024-03-31 01:30", "2024-10-27 01:30"), timezone="Europe/Lisbon")
    assert not bad.any()
    assert parsed.iloc[0] == pd.Timestamp("2024-03-31 01:00", tz="UTC")
    assert parsed.iloc[1] == pd.Timestamp("2024-10-27 01:30", tz="UTC")  # repeated hour: standard time


def test_unix_seconds_and_milliseconds_detected():
    parsed, bad, note = parse_times(_s("1700000000", "1700000600", None))
    assert note == "unix seconds detected" and not bad.any()
    assert parsed.iloc[1] == pd.Timestamp("2023-11-14 22:23:20", tz="UTC")
    parsed, _, note = parse_times(_s("1700000000000"))
    assert note == "unix milliseconds detected" and parsed.iloc[0] == pd.Timestamp(1_700_000_000, unit="s", tz="UTC")
    parsed, bad, _ = parse_times(_s("1700000000", "soon"), fmt="unix")
    assert bad.tolist() == [False, True]


def test_explicit_format_and_day_first():
    parsed, bad, _ = parse_times(_s("01.02.2024 08h00", "x"), fmt="%d.%m.%Y %Hh%M", timezone="America/Sao_Paulo")
    assert parsed.iloc[0] == pd.Timestamp("2024-02-01 11:00", tz="UTC") and bad.tolist() == [False, True]
    parsed, bad, _ = parse_times(_s("02/01/2024", "2024-01-05"), dayfirst=True)
    assert parsed.dt.strftime("%m-%d").tolist() == ["01-02", "01-05"]  # ISO stays year-month-day


@pytest.mark.parametrize("values, expected", [
    (["13/01/2024", "01/02/2024"], True),
    (["01/13/2024", "02/01/2024"], False),
    (["01/02/2024", "03/04/2024"], None),
    (["2024-01-13"], None),
])
def test_detect_dayfirst(values, expected):
    assert detect_dayfirst(_s(*values)) is expected


def test_numbers_decimal_comma():
    values, bad = parse_numbers(_s("1.234,5", "1,234.5", "4,5", "7", " 3.25 ", "abc", None, "inf"))
    assert values.iloc[:5].tolist() == [1234.5, 1234.5, 4.5, 7.0, 3.25]
    assert bad.tolist() == [False] * 5 + [True, False, True]


def test_durations_and_ints():
    minutes, bad = parse_duration_minutes(_s("01:30", "00:00:30", "90", "x"), unit="seconds")
    assert minutes.iloc[:3].tolist() == [90.0, 0.5, 1.5] and bad.tolist() == [False, False, False, True]
    ints, bad = parse_ints(_s("2", "2.0", "2.5", None))
    assert ints.tolist()[:2] == [2, 2] and bad.tolist() == [False, False, True, False]
    assert str(ints.dtype) == "Int64"
    # a number past int64 is a failure of that value, not a crash of the whole file
    ints, bad = parse_ints(_s("1E100", "-1E19", "9007199254740992", "3"))
    assert bad.tolist() == [True, True, False, False]
    assert ints.isna().tolist() == [True, True, False, False] and int(ints.iloc[3]) == 3


@pytest.mark.parametrize("values, scale, expected", [
    (["1", "3", "5"], "1-5", [0.0, 0.5, 1.0]),
    (["1", "10"], "1-10", [0.0, 1.0]),
    (["0", "5", "10"], "0-10", [0.0, 0.5, 1.0]),
    (["0", "1", "2"], "0-2", [0.0, 0.5, 1.0]),
    (["good", "Bad", "offered", "unoffered", "Good with comment"], "good_bad", [1.0, 0.0, None, None, 1.0]),
    (["4,5"], "1-5", [0.875]),
])
def test_csat_explicit_scales(values, scale, expected):
    csat, bad, _, used = normalise_csat(_s(*values), scale=scale)
    assert not bad.any()
    assert [None if np.isnan(v) else pytest.approx(v) for v in csat] == expected


@pytest.mark.parametrize("values, inferred", [
    (["1", "2", "5"], "1-5"), (["1", "4"], "1-5"), (["3", "9"], "1-10"), (["0", "7"], "0-10"),
    (["0", "2", "1"], "0-2"), (["0.2", "0.9"], "0-1"), (["Awesome", "Not Good"], "0-2"),
    (["extremely happy", "unhappy"], "1-5"), (["good", "bad", "unoffered"], "good_bad"),
    (["Muito satisfeito", "Insatisfeito", "Neutro"], "1-5"), (["Very satisfied", "Dissatisfied"], "1-5"),
    (["Péssimo", "Ruim", "Regular", "Bom", "Ótimo"], "1-5"), (["Bom", "Ruim"], "good_bad"),
])
def test_csat_inferred_scale(values, inferred):
    _, bad, _, used = normalise_csat(_s(*values), column="Nota")
    assert used == inferred and not bad.any()


@pytest.mark.parametrize("values", [["0", "1"], ["1", "2"], ["0", "4"], ["1.5", "3.5"]])
def test_csat_ambiguous_scale_names_the_column(values):
    with pytest.raises(ConfigError, match="'Nota'.*scale: '1-5'"):
        normalise_csat(_s(*values), column="Nota")


def test_csat_out_of_scale_and_unknown_labels_are_row_problems():
    csat, bad, reason, _ = normalise_csat(_s("5", "6", "meh", "-1", None), scale="1-5", column="Nota")
    assert bad.tolist() == [False, True, True, True, False]
    assert reason[1] == "csat 6 outside scale 1-5" and "'meh'" in reason[2]
    assert csat.iloc[0] == 1.0 and csat.iloc[1:].isna().all()
    with pytest.raises(ConfigError, match="unknown scale"):
        normalise_csat(_s("1"), scale="stars")


@pytest.mark.parametrize("spelling", ["1 - 5", "1..5", "1 to 5", "1.0-5.0"])
def test_csat_scale_spellings(spelling):
    csat, bad, _, used = normalise_csat(_s("1", "5", "7"), scale=spelling)
    assert used == "1-5" and csat.iloc[:2].tolist() == [0.0, 1.0] and bad.tolist() == [False, False, True]


def test_csat_survey_and_quality_labels_keep_their_order():
    sat, bad, _, _ = normalise_csat(_s("Muito satisfeito", "Satisfeito", "Neutro", "Insatisfeito", "Muito insatisfeito"),
                                    column="Avaliação")
    assert sat.tolist() == [1.0, 0.75, 0.5, 0.25, 0.0] and not bad.any()
    q, bad, _, _ = normalise_csat(_s("Ótimo", "Bom", "Regular", "Ruim", "Péssimo"), column="Avaliação")
    assert q.tolist() == [1.0, 0.75, 0.5, 0.25, 0.0] and not bad.any()


@pytest.mark.parametrize("values, expected, scale", [
    (["4/5", "5/5", "1/5"], [0.75, 1.0, 0.0], "1-5"),
    (["8/10", "10/10", "0/10"], [0.8, 1.0, 0.0], "0-10"),
    (["80%", "100%", "20%"], [0.8, 1.0, 0.2], "0-100"),
    (["★★★★", "★", "★★★★★"], [0.75, 0.0, 1.0], "1-5"),
    (["5 - Muito satisfeito", "1 - Muito insatisfeito", "3 - Neutro"], [1.0, 0.0, 0.5], "1-5"),
])
def test_csat_as_surveys_spell_it(values, expected, scale):
    """Ratings exported as a fraction, a percentage, stars or a numbered label are read as their number."""
    csat, bad, _, used = normalise_csat(_s(*values), column="CSAT")
    assert csat.tolist() == pytest.approx(expected) and not bad.any() and used == scale


def test_dates_with_portuguese_month_names_and_excel_serials():
    """'15 de abril de 2026', '15/abr/2026' and Excel's serial day numbers (a date column an export
    wrote as numbers) are dates, read in the export's time zone like any naive time."""
    from vocmine.ingest.parse import parse_times

    got, bad, _ = parse_times(_s("01 de março de 2026 10:00", "15/abr/2026", "3 set 2026", "Out 5, 2026"),
                              timezone="America/Sao_Paulo")
    assert not bad.any()
    assert got.tolist() == [pd.Timestamp("2026-03-01 13:00", tz="UTC"), pd.Timestamp("2026-04-15 03:00", tz="UTC"),
                            pd.Timestamp("2026-09-03 03:00", tz="UTC"), pd.Timestamp("2026-10-05 03:00", tz="UTC")]
    got, bad, note = parse_times(_s("45351.4375", "45352"))
    assert not bad.any() and "Excel" in note
    assert got.tolist() == [pd.Timestamp("2024-02-29 10:30", tz="UTC"), pd.Timestamp("2024-03-01", tz="UTC")]


def test_durations_written_with_their_units():
    """Handle and wait times exported as '15 min', '1h 20min', '2 horas e 5 minutos', ISO 8601 or a
    printed timedelta are minutes; words that are not a duration stay failures."""
    got, bad = parse_duration_minutes(_s("15 min", "1h 20min", "2 horas e 5 minutos", "45s", "PT1H30M",
                                         "1 day 02:00:00", "3 dias", "5 macacos", "10 min extra"))
    assert got.tolist()[:7] == pytest.approx([15.0, 80.0, 125.0, 0.75, 90.0, 1560.0, 4320.0])
    assert bad.tolist() == [False] * 7 + [True, True]
