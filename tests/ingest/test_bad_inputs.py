"""Bad-input suite: malformed exports through ``read_tickets`` and ``vocmine validate``.

Every case checks the same promises: no traceback, the exit code says what happened (0 ok,
1 rows or values quarantined, 2 vocmine error), every row is accounted for (read = accepted +
quarantined, per file), every quarantined value carries its reason, and every decision
(scale, date order, sheet, encoding, stray quote) is noted.
"""

from __future__ import annotations

import gzip
import re
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from vocmine.cli import main
from vocmine.exceptions import VocmineError
from vocmine.ingest import read_tickets

NOW = "2026-12-01T00:00:00Z"
HEADER = "ticket_id,created_at,subject,body,csat\n"


def rows_csv(n: int, *, csat: Callable[[int], str] = lambda i: str(i % 5 + 1),
             date: Callable[[int], str] = lambda i: f"2024-03-{i % 28 + 1:02d}T10:00:00Z") -> str:
    return HEADER + "".join(f"{i},{date(i)},Subject {i},body of ticket {i},{csat(i)}\n" for i in range(1, n + 1))


@dataclass
class Case:
    """``build(tmp) -> [paths]``; ``kwargs`` for read_tickets (and their CLI flags); ``check(result)``
    asserts the case's own facts; ``code`` the exit code of ``vocmine validate``; ``error`` a regex the
    error message must match when the input is fatal (then ``code`` is 2)."""

    build: Callable[[Path], list[Path]]
    code: int
    check: Callable | None = None
    kwargs: dict = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)
    error: str | None = None
    env: dict = field(default_factory=dict)


def _w(name: str, text: str | bytes, encoding: str = "utf-8") -> Callable[[Path], list[Path]]:
    def build(tmp: Path) -> list[Path]:
        path = tmp / name
        path.write_bytes(text if isinstance(text, bytes) else text.encode(encoding))
        return [path]
    return build


def _notes(result, *needles: str) -> None:
    text = "\n".join(result.notes)
    for needle in needles:
        assert needle in text, f"{needle!r} not in notes:\n{text}"


def _q(result, action: str | None = None) -> pd.DataFrame:
    q = result.quarantine
    return q if action is None else q[q["action"] == action]


# ----------------------------------------------------------------------------- builders


def _stray_quote(tmp: Path) -> list[Path]:
    lines = rows_csv(1000).splitlines(keepends=True)
    lines[501] = lines[501].replace("Subject 501", '"Subject 501')   # record 501: a quote that never closes
    path = tmp / "stray.csv"
    path.write_text("".join(lines), encoding="utf-8")
    return [path]


def _stray_quote_then_quoted(tmp: Path) -> list[Path]:
    text = (HEADER + "1,2024-03-01T10:00:00Z,a,b,5\n2,2024-03-02T10:00:00Z,\"bad,b,5\n"
            "3,2024-03-03T10:00:00Z,c,d,4\n4,2024-03-04T10:00:00Z,e,\"quoted, with comma\",3\n"
            "5,2024-03-05T10:00:00Z,f,g,2\n")
    return _w("stray2.csv", text)(tmp)


def _multiline_bodies(tmp: Path) -> list[Path]:
    text = HEADER + "".join(f'{i},2024-03-0{i}T10:00:00Z,s,"Hi,\nI paid twice, see below.\nThanks, Ana",5\n'
                            for i in range(1, 6))
    return _w("multiline.csv", text)(tmp)


def _xlsx(tmp: Path, sheets: dict[str, list[list]], name: str = "t.xlsx") -> list[Path]:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for r in rows:
            ws.append(r)
    path = tmp / name
    wb.save(path)
    return [path]


XL_HEAD = ["ticket_id", "created_at", "subject", "body"]


def _xl_rows(start: int, n: int) -> list[list]:
    return [[str(i), f"2024-03-{i % 28 + 1:02d}T10:00:00Z", "s", f"b{i}"] for i in range(start, start + n)]


def _gzip_bomb(tmp: Path) -> list[Path]:
    path = tmp / "bomb.csv.gz"
    with gzip.open(path, "wb", compresslevel=9) as fh:
        fh.write(HEADER.encode())
        fh.write(b"1,2024-03-01T10:00:00Z,a," + b"x" * (3 << 20) + b",5\n")
    return [path]


def _deep_json(tmp: Path) -> list[Path]:
    path = tmp / "deep.json"
    path.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    return [path]


def _record_nested(tmp: Path) -> list[Path]:
    deep: object = "x"
    for _ in range(30):
        deep = {"k": deep}
    recs = [{"ticket_id": "1", "created_at": "2024-03-01T10:00:00Z", "body": "fine"},
            {"ticket_id": "2", "created_at": "2024-03-02T10:00:00Z", "body": "deep", "meta": deep}]
    return _w("nested.json", json.dumps(recs))(tmp)


def _jsonl_deep_line(tmp: Path) -> list[Path]:
    good = json.dumps({"ticket_id": "1", "created_at": "2024-03-01T10:00:00Z", "body": "ok"})
    return _w("deep.jsonl", good + "\n" + "[" * 100_000 + "]" * 100_000 + "\n")(tmp)


def _ro_quarantine(tmp: Path) -> list[Path]:
    (tmp / "blocker").write_text("a file where a folder should be")
    return _w("ok.csv", rows_csv(3))(tmp)


# ----------------------------------------------------------------------------- checks


def _check_stray(result):
    assert result.rows_read == 1000 and result.rows_accepted == 999 and result.rows_quarantined == 1
    q = _q(result, "row")
    assert q["row"].tolist() == [501] and q["line"].tolist() == [502]
    assert "quote" in q["reason"].item() and "Fix" in q["reason"].item()
    assert result.frame["ticket_id"].tolist()[-1] == "1000" and result.frame["text"].str.len().max() < 60
    _notes(result, "stray quote swallowed lines 503..")


def _check_stray2(result):
    assert result.frame["ticket_id"].tolist() == ["1", "3", "4", "5"]
    assert result.frame.set_index("ticket_id").loc["4", "text"] == "e\n\nquoted, with comma"
    assert _q(result, "row")["row"].tolist() == [2]


def _check_multiline(result):
    assert result.rows_accepted == 5 and not len(result.quarantine)
    assert result.frame["text"].str.contains("I paid twice").all()


def _csat_bulk(bad: str, n: int = 200):
    return rows_csv(n, csat=lambda i: bad if i == 77 else str(i % 5 + 1))


def _check_one_csat(value: str):
    def check(result):
        assert result.rows_accepted == 200 and result.rows_quarantined == 0
        q = _q(result, "value")
        assert q["row"].tolist() == [77] and q["column"].tolist() == ["csat"] and q["value"].tolist() == [value]
        assert "1-5" in q["reason"].item() and "ticket kept" in q["reason"].item()
        _notes(result, "scale 1-5 (inferred from 199 of 200 value(s) (1..5)")
        assert np.isnan(result.frame.set_index("ticket_id").loc["77", "csat"])
        assert result.frame["csat"].mean() == pytest.approx(0.5, abs=0.01)  # not rescaled to 1-10
    return check


def _check_zero_on_ten(result):
    assert not len(result.quarantine)
    _notes(result, "scale 0-10")


def _check_scale_given(result):
    assert not len(result.quarantine)
    _notes(result, "scale 1-10 (given by --csat-scale)")
    assert result.frame.set_index("ticket_id").loc["77", "csat"] == pytest.approx(5 / 9)


def _br_dates(tmp: Path) -> list[Path]:
    text = "Número;Data de abertura;Assunto;Descrição\n" + "".join(
        f"{i};{i:02d}/08/2024 10:00;Boleto;não chegou {i}\n" for i in range(1, 11))
    return _w("br.csv", text)(tmp)


def _check_br(result):
    assert result.frame["created_at"].dt.strftime("%Y-%m-%d").tolist() == [f"2024-08-{i:02d}" for i in range(1, 11)]
    _notes(result, "dates read day first: no day above 12, and read day first the dates span 9 days")


def _check_br_forced(result):
    assert result.frame["created_at"].dt.month.tolist() == list(range(1, 11))
    _notes(result, "month first (given by --dayfirst/--monthfirst)")


def _check_locale(result):
    assert result.frame["created_at"].dt.strftime("%m-%d").tolist() == ["02-01", "01-02"]
    _notes(result, "the headers are Portuguese")


def _check_zone_dayfirst(result):
    assert result.frame["created_at"].dt.tz_convert("America/Sao_Paulo").dt.strftime("%m-%d").tolist() == \
        ["02-01", "01-02"]
    _notes(result, "the time zone America/Sao_Paulo writes dd/mm/yyyy")


def _check_us_span(result):
    assert result.frame["created_at"].dt.strftime("%m-%d").tolist() == [f"08-{i:02d}" for i in range(1, 11)]
    _notes(result, "dates read month first: no day above 12, and read month first the dates span 9 days")


def _check_mixed_order(result):
    assert result.rows_quarantined == 1
    _notes(result, "ambiguous: 1 value(s) need day first and 1 month first")


def _times(created: str, **extra: str) -> str:
    """Two tickets: 1 is fine, 2 has ``created`` and the ``extra`` columns' values (blank for 1)."""
    rows = (["ticket_id", "created_at", "body", *extra],
            ["1", "2024-03-10T10:00:00Z", "fine", *[""] * len(extra)],
            ["2", created, "odd", *extra.values()])
    return "\n".join(",".join(r) for r in rows) + "\n"


def _value_problem(column: str, reason: str, *, row: int = 2):
    def check(result):
        assert result.rows_accepted == result.rows_read and result.rows_quarantined == 0
        q = _q(result, "value")
        assert len(q) == 1 and q["row"].item() == row and q["column"].item() == column
        assert reason in q["reason"].item() and "ticket kept" in q["reason"].item()
    return check


def _row_problem(column: str, reason: str, *, row: int = 2):
    def check(result):
        q = _q(result, "row")
        assert q["row"].tolist() == [row] and q["column"].tolist() == [column]
        assert reason in q["reason"].item()
    return check


def _check_future_ticket(result):
    _row_problem("created_at", "is in the future")(result)
    assert result.frame["created_at"].max() < pd.Timestamp(NOW)


def _check_isolated(result):
    q = _q(result, "row")
    assert q["row"].tolist() == [50] and "more than a year after every other ticket" in q["reason"].item()


def _check_offset_zone(result):
    assert result.timezone == "UTC-03:00"
    _notes(result, "months are cut in UTC-03:00 (the offset most created_at values carry)")


def _check_two_sheets(result):
    assert result.rows_read == 7 and result.rows_accepted == 7
    assert {s.split("#")[1] for s in result.accounting["source_file"]} == {"March", "April"}
    _notes(result, "read 2 sheets with the same header: ['March', 'April']")


def _check_other_sheet(result):
    assert result.rows_read == 3
    _notes(result, "sheet(s) ['Summary'] left out: their header differs")


def _check_second_sheet(result):
    assert result.rows_read == 2
    _notes(result, "read sheet 'Data'")


def _check_nested_record(result):
    assert result.frame["ticket_id"].tolist() == ["1"]
    assert "nested more than 20 levels" in _q(result, "row")["reason"].item()


def _check_jsonl_deep(result):
    assert result.frame["ticket_id"].tolist() == ["1"]
    q = _q(result, "row")
    assert q["line"].tolist() == [2] and "nested too deeply" in q["reason"].item()


def _check_utf16(endian: str):
    def check(result):
        assert result.frame["text"].tolist()[0] == "Café\n\npreço errado"
        _notes(result, f"encoding utf-16-{endian} (no byte-order mark; detected from its zero bytes)")
    return check


UTF16_TEXT = "ticket_id,created_at,subject,body\n1,2024-03-01T10:00:00Z,Café,preço errado\n"


CASES: dict[str, Case] = {
    # --- CSV structure
    "stray quote swallows 499 records": Case(_stray_quote, 1, _check_stray),
    "stray quote up to a later quoted field": Case(_stray_quote_then_quoted, 1, _check_stray2),
    "multi-line bodies are not a stray quote": Case(_multiline_bodies, 0, _check_multiline),
    "record with more fields than the header": Case(_w("wide.csv", HEADER + "1,2024-03-01T10:00:00Z,a,b,5,extra\n"
                                                        "2,2024-03-02T10:00:00Z,a,b,5\n"), 1,
                                                    _row_problem("<record>", "record has 6 fields", row=1)),
    "semicolons and decimal commas": Case(_w("semi.csv", "ticket_id;created_at;body;handle_minutes\n"
                                             "1;2024-03-01T10:00:00Z;a;\"12,5\"\n"), 0,
                                          lambda r: r.frame["handle_minutes"].tolist() == [12.5] or pytest.fail()),
    "excel sep= line": Case(_w("sep.csv", "sep=;\nticket_id;created_at;body\n1;2024-03-01T10:00:00Z;a\n"), 0,
                            lambda r: _notes(r, "delimiter ';'")),
    "empty file": Case(_w("empty.csv", ""), 2, error=r"empty\.csv: the file is empty"),
    "blank lines only": Case(_w("blank.csv", "\n\n  \n"), 2, error="the file is empty"),
    "header only": Case(_w("header.csv", HEADER), 0, lambda r: _notes(r, "header only, no data rows")),
    "blank lines between records": Case(_w("gaps.csv", rows_csv(2).replace("\n2,", "\n\n\n2,")), 0,
                                        lambda r: r.frame["source_line"].tolist() == [2, 5] or pytest.fail()),
    "cp1252 encoding": Case(_w("cp.csv", UTF16_TEXT, "cp1252"), 0, lambda r: _notes(r, "encoding cp1252")),
    "utf-16-le without BOM": Case(_w("u16le.csv", UTF16_TEXT, "utf-16-le"), 0, _check_utf16("le")),
    "utf-16-be without BOM": Case(_w("u16be.csv", UTF16_TEXT, "utf-16-be"), 0, _check_utf16("be")),
    "utf-16 with BOM": Case(_w("u16.csv", UTF16_TEXT, "utf-16"), 0, lambda r: _notes(r, "encoding utf-16")),
    "utf-8 with BOM": Case(_w("bom.csv", UTF16_TEXT, "utf-8-sig"), 0,
                           lambda r: r.frame["ticket_id"].tolist() == ["1"] or pytest.fail()),
    "missing required columns": Case(_w("nocols.csv", "foo,bar\n1,2\n"), 2,
                                     error=r"missing required column.*--column-map"),
    "duplicate ticket ids": Case(_w("dup.csv", rows_csv(2) + "1,2024-03-09T10:00:00Z,again,body,3\n"), 1,
                                 _row_problem("ticket_id", "duplicate ticket_id; kept row 3", row=1)),
    # --- CSAT
    "one 6 in a 1-5 column": Case(_w("c6.csv", _csat_bulk("6")), 1, _check_one_csat("6")),
    "one 4.5 in a 1-5 column": Case(_w("c45.csv", _csat_bulk("4.5")), 1, _check_one_csat("4.5")),
    "one 0 in a 1-5 column": Case(_w("c0.csv", _csat_bulk("0")), 1, _check_one_csat("0")),
    "one -1 in a 1-5 column": Case(_w("cm1.csv", _csat_bulk("-1")), 1, _check_one_csat("-1")),
    "one 50 in a 1-5 column": Case(_w("c50.csv", _csat_bulk("50")), 1, _check_one_csat("50")),
    "one word in a 1-5 column": Case(_w("cw.csv", _csat_bulk("great")), 1,
                                     _value_problem("csat", "not a number or a known rating label", row=77)),
    "a 0 on a 0-10 column": Case(_w("c010.csv", rows_csv(200, csat=lambda i: str(i % 11))), 0, _check_zero_on_ten),
    "--csat-scale overrides the inference": Case(_w("cs.csv", _csat_bulk("6")), 0, _check_scale_given,
                                                  {"csat_scale": "1-10"}, ["--csat-scale", "1-10"]),
    "unknown --csat-scale": Case(_w("cu.csv", rows_csv(3)), 2, kwargs={"csat_scale": "stars"},
                                 flags=["--csat-scale", "stars"], error="unknown scale 'stars'"),
    "ambiguous 0/1 column": Case(_w("c01.csv", rows_csv(30, csat=lambda i: str(i % 2))), 2,
                                 error=r"cannot infer the CSAT scale.*--csat-scale"),
    "no rating at all": Case(_w("cnone.csv", rows_csv(3, csat=lambda i: "")), 0,
                             lambda r: r.frame["csat"].isna().all() or pytest.fail()),
    # --- dates
    "Brazilian dates all in days 01-10": Case(_br_dates, 0, _check_br),
    "--monthfirst overrides the evidence": Case(_br_dates, 0, _check_br_forced, {"dayfirst": False}, ["--monthfirst"]),
    "undecided dates, Portuguese headers": Case(
        _w("pt.csv", "protocolo,data,mensagem\n1,01/02/2024,a\n2,02/01/2024,b\n"), 0, _check_locale),
    "undecided dates, Brazilian zone": Case(
        _w("tz.csv", "ticket_id,created_at,body\n1,01/02/2024 10:00,a\n2,02/01/2024 10:00,b\n"), 0,
        _check_zone_dayfirst, {"timezone": "America/Sao_Paulo"}, ["--timezone", "America/Sao_Paulo"]),
    "US dates all in days 01-10": Case(
        _w("us.csv", "ticket_id,created_at,body\n" + "".join(f"{i},08/{i:02d}/2024,b\n" for i in range(1, 11))), 0,
        _check_us_span),
    "dates needing both orders": Case(
        _w("mixed.csv", "ticket_id,created_at,body\n1,25/04/2024,a\n2,04/25/2024,b\n3,01/01/2024,c\n"), 1,
        _check_mixed_order),
    "unparseable created_at": Case(_w("bad.csv", _times("yesterday")), 1,
                                   _row_problem("created_at", "unparseable date in created_at")),
    "created_at in year 1800": Case(_w("old.csv", _times("1800-01-01T00:00:00Z")), 1,
                                    _row_problem("created_at", "unparseable date")),
    "ticket dated 2031": Case(_w("future.csv", _times("2031-07-01T10:00:00Z")), 1, _check_future_ticket),
    "ticket years ahead of the rest": Case(
        _w("ahead.csv", rows_csv(49) + "50,2026-06-01T10:00:00Z,late,typo,3\n"), 1, _check_isolated),
    "solved_at before created_at": Case(_w("s.csv", _times("2024-03-10T10:00:00Z", solved_at="2024-03-01T00:00:00Z")),
                                        1, _value_problem("solved_at", "is before created_at")),
    "first_response_at before created_at": Case(
        _w("f.csv", _times("2024-03-10T10:00:00Z", first_response_at="2024-02-20T00:00:00Z")), 1,
        _value_problem("first_response_at", "is before created_at")),
    "solved_at in the future": Case(_w("sf.csv", _times("2024-03-10T10:00:00Z", solved_at="2031-01-01T00:00:00Z")),
                                    1, _value_problem("solved_at", "is in the future")),
    "unparseable solved_at": Case(_w("su.csv", _times("2024-03-10T10:00:00Z", solved_at="soon")), 1,
                                  _value_problem("solved_at", "unparseable date in solved_at")),
    "handle_minutes of 1e9": Case(_w("h.csv", _times("2024-03-10T10:00:00Z", handle_minutes="1e9")), 1,
                                  _value_problem("handle_minutes", "not plausible")),
    "negative handle_minutes": Case(_w("hn.csv", _times("2024-03-10T10:00:00Z", handle_minutes="-5")), 1,
                                    _value_problem("handle_minutes", "is negative")),
    "handle_minutes not a number": Case(_w("hx.csv", _times("2024-03-10T10:00:00Z", handle_minutes="abc")), 1,
                                        _value_problem("handle_minutes", "not a number")),
    "wait_minutes of ten years": Case(_w("wm.csv", _times("2024-03-10T10:00:00Z", wait_minutes="5256000")), 1,
                                      _value_problem("wait_minutes", "not plausible")),
    "reopens -1": Case(_w("ro.csv", _times("2024-03-10T10:00:00Z", reopens="-1")), 1,
                       _value_problem("reopens", "whole number of at least 0")),
    "reopens 2.5": Case(_w("r25.csv", _times("2024-03-10T10:00:00Z", reopens="2.5")), 1,
                        _value_problem("reopens", "whole number")),
    "unix seconds": Case(_w("unix.csv", "ticket_id,created_at,body\n1,1709287200,a\n2,1709373600,b\n"), 0,
                         lambda r: _notes(r, "unix seconds detected")),
    "offset timestamps choose the month zone": Case(
        _w("off.csv", "ticket_id,created_at,body\n1,2024-03-31T22:00:00-03:00,a\n2,2024-03-01T10:00:00-03:00,b\n"), 0,
        lambda r: _check_offset_zone(r)),
    "unknown time zone": Case(_w("tzx.csv", rows_csv(2)), 2, kwargs={"timezone": "Mars/Olympus"},
                              flags=["--timezone", "Mars/Olympus"], error="unknown time zone 'Mars/Olympus'"),
    # --- XLSX
    "tickets on two sheets": Case(lambda t: _xlsx(t, {"March": [XL_HEAD, *_xl_rows(1, 4)],
                                                      "April": [XL_HEAD, *_xl_rows(5, 3)]}), 0, _check_two_sheets),
    "a summary sheet is left out": Case(lambda t: _xlsx(t, {"Tickets": [XL_HEAD, *_xl_rows(1, 3)],
                                                            "Summary": [["month", "count"], ["2024-03", 3]]}), 0,
                                        _check_other_sheet),
    "first sheet empty": Case(lambda t: _xlsx(t, {"Cover": [], "Data": [XL_HEAD, *_xl_rows(1, 2)]}), 0,
                              _check_second_sheet),
    "corrupt workbook": Case(_w("broken.xlsx", b"PK\x03\x04 not really a zip"), 2, error="cannot be read as an XLSX"),
    # --- JSON
    "JSON nested 200k deep": Case(_deep_json, 2, error=r"deep\.json: JSON nested too deeply"),
    "one JSON record nested 30 deep": Case(_record_nested, 1, _check_nested_record),
    "JSONL line nested 100k deep": Case(_jsonl_deep_line, 1, _check_jsonl_deep),
    "JSONL line that is not JSON": Case(
        _w("bad.jsonl", '{"ticket_id": "1", "created_at": "2024-03-01T10:00:00Z", "body": "a"}\n{oops\n'), 1,
        _row_problem("<record>", "not valid JSON")),
    "JSON object without a record list": Case(_w("obj.json", '{"meta": 1}'), 2, error="holds no list of records"),
    "JSON record that is not an object": Case(
        _w("mixed.json", '[{"ticket_id": "1", "created_at": "2024-03-01T10:00:00Z", "body": "a"}, 42]'), 1,
        _row_problem("<record>", "JSON record is not an object")),
    # --- compression and files
    "gzip bomb": Case(_gzip_bomb, 2, env={"VOCMINE_MAX_INPUT_MB": "1"}, error=r"decompresses to more than 1 MiB"),
    "file above the input limit": Case(_w("big.csv", rows_csv(20_000)), 2, env={"VOCMINE_MAX_INPUT_MB": "0.5"},
                                       error=r"above the 0\.5 MiB input limit"),
    "corrupt gzip": Case(_w("bad.csv.gz", b"\x1f\x8b\x08\x00garbage"), 2, error="is not a valid gzip file"),
    "gzip of a workbook": Case(_w("t.xlsx.gz", gzip.compress(b"x")), 2, error="only gzip-compressed CSV"),
    "unknown extension": Case(_w("t.pdf", b"%PDF"), 2, error="unknown export format '.pdf'"),
    "missing file": Case(lambda t: [t / "absent.csv"], 2, error="absent.csv: file not found"),
    "directory instead of a file": Case(lambda t: [t], 2, error="is a directory"),
    "unknown preset": Case(_w("p.csv", rows_csv(2)), 2, kwargs={"preset": "salesforce"},
                           flags=["--preset", "salesforce"], error="unknown preset 'salesforce'"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input(name, tmp_path, capsys, monkeypatch, books):
    case = CASES[name]
    for key, value in case.env.items():
        monkeypatch.setenv(key, value)
    paths = case.build(tmp_path)
    quarantine = tmp_path / "out" / "quarantine.csv"
    code = main(["validate", *map(str, paths), "--quarantine", str(quarantine), *case.flags])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert code == case.code, (out, err)
    if case.error is not None:
        assert err.startswith("vocmine: error: ")
        assert re.search(case.error, err), err
        with pytest.raises(VocmineError):
            read_tickets(paths, now=NOW, **case.kwargs)
        return
    assert err == ""
    result = read_tickets(paths, now=NOW, **case.kwargs)
    books(result)
    written = pd.read_csv(quarantine, dtype=str, keep_default_na=False)
    assert len(written) == len(result.quarantine)
    assert (written["reason"].str.len() > 0).all()            # every quarantined value with its reason
    assert set(written["action"]) <= {"row", "value"}
    assert "months are cut in" in "\n".join(result.notes)     # the zone decision is always noted
    if case.check is not None:
        case.check(result)


def test_suite_has_at_least_50_cases():
    assert len(CASES) >= 50


def test_unwritable_quarantine_is_a_clear_error(tmp_path, capsys):
    paths = _ro_quarantine(tmp_path)
    code = main(["validate", str(paths[0]), "--quarantine", str(tmp_path / "blocker" / "q.csv")])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    assert "cannot write the quarantine to" in err and "a part of the path is a file" in err


def test_read_only_quarantine_folder_is_named(tmp_path, capsys, monkeypatch):
    import errno

    paths = _w("ok.csv", rows_csv(3))(tmp_path)

    def refuse(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system", str(tmp_path / "ro"))

    monkeypatch.setattr(pd.DataFrame, "to_csv", refuse)
    code = main(["validate", str(paths[0]), "--quarantine", str(tmp_path / "ro" / "q.csv")])
    err = capsys.readouterr().err
    assert code == 2 and "the file system is read-only" in err and "Traceback" not in err


def test_full_disk_quarantine_says_so(tmp_path, capsys, monkeypatch):
    import errno

    paths = _w("ok.csv", rows_csv(3))(tmp_path)

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pd.DataFrame, "to_csv", full)
    assert main(["validate", str(paths[0]), "--quarantine", str(tmp_path / "q.csv")]) == 2
    assert "the disk is full" in capsys.readouterr().err
    assert not (tmp_path / "q.csv.tmp").exists()


def test_internal_error_exits_4_with_traceback(tmp_path, capsys, monkeypatch):
    import vocmine.ingest.validate as validate

    def bug(*args, **kwargs):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(validate, "read_tickets", bug)
    paths = _w("ok.csv", rows_csv(3))(tmp_path)
    assert main(["validate", str(paths[0])]) == 4
    err = capsys.readouterr().err
    assert "Traceback" in err and "internal error (a bug, not your input)" in err


def test_broken_pipe_keeps_the_quarantine(tmp_path):
    """``vocmine validate big.csv | head -1``: no traceback, the quarantine is still written."""
    import subprocess
    import sys

    lines = rows_csv(3000, csat=lambda i: "9" if i % 500 == 0 else str(i % 5 + 1)).splitlines(keepends=True)
    path = tmp_path / "big.csv"
    path.write_text("".join(lines), encoding="utf-8")
    quarantine = tmp_path / "q.csv"
    repo = Path(__file__).resolve().parents[2]
    cmd = (f"{sys.executable} -m vocmine validate {path} --quarantine {quarantine} --csat-scale 1-5 | head -c 10; "
           f"echo; exit ${{PIPESTATUS[0]}}")
    proc = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, timeout=120,
                          env={"PYTHONPATH": str(repo), "PATH": "/usr/bin:/bin"}, cwd=tmp_path)
    assert "Traceback" not in proc.stderr and "BrokenPipe" not in proc.stderr
    assert proc.returncode in (0, 1)
    assert quarantine.exists() and len(pd.read_csv(quarantine)) == 6


def test_value_only_quarantine_exits_1(tmp_path, capsys):
    paths = _w("v.csv", _csat_bulk("6"))(tmp_path)
    assert main(["validate", str(paths[0]), "--quarantine", str(tmp_path / "q.csv")]) == 1
    out = capsys.readouterr().out
    assert "1 value(s) removed from accepted rows" in out and "200 read, 200 accepted, 0 quarantined" in out
