"""Bad rows go to the quarantine with file, row, line, column, masked value and reason."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from vocmine.exceptions import SchemaError
from vocmine.ingest import QUARANTINE_COLUMNS, read_tickets, write_quarantine
from vocmine.ingest.quarantine import mask_pii, safe_value

HEADER = "ticket_id,created_at,subject,body,csat,handle_minutes,reopens\n"


def _q(result) -> list[tuple]:
    q = result.quarantine
    return list(zip(q["row"].tolist(), q["column"].tolist(), q["reason"].tolist()))


def test_bad_dates_blank_ids_and_missing_text(write, books):
    text = HEADER + (
        "1,2024-01-01T00:00:00Z,ok,fine,5,1,0\n"
        "2,31/02/2024 10:00,s,b,5,1,0\n"        # no 31 February
        ",2024-01-02T00:00:00Z,s,b,5,1,0\n"     # blank id
        "4,,s,b,5,1,0\n"                        # missing date
        "5,2024-01-03T00:00:00Z,,,5,1,0\n"      # neither subject nor body
        "6,yesterday-ish,s,b,5,1,0\n"
    )
    result = read_tickets(write("t.csv", text))
    books(result)
    assert result.frame["ticket_id"].tolist() == ["1"]
    got = _q(result)
    assert (2, "created_at", got[0][2]) == got[0] and "unparseable date" in got[0][2]
    assert (3, "ticket_id", "ticket_id is empty") in got
    assert (4, "created_at", "created_at is missing") in got
    assert (5, "subject+body", "text is missing: subject and body are both blank") in got
    assert any(r == 6 and c == "created_at" for r, c, _ in got)
    assert result.quarantine["line"].tolist() == [r + 1 for r in result.quarantine["row"].tolist()]
    assert list(result.quarantine.columns) == list(QUARANTINE_COLUMNS)


def test_every_problem_of_a_row_is_listed_once(write, books):
    text = HEADER + "7,not a date,s,b,9,-3,-1\n" + "8,2024-01-01T00:00:00Z,s,b,1,1,0\n"
    result = read_tickets(write("t.csv", text), column_map={"csat": {"column": "csat", "scale": "1-5"}})
    books(result)
    got = _q(result)
    assert [c for _, c, _ in got] == ["created_at", "csat", "handle_minutes", "reopens"]
    assert {r for r, _, _ in got} == {1}
    assert result.accounting.loc[0, "rows_quarantined"] == 1
    assert "csat 9 outside scale 1-5" in got[1][2]
    assert result.quarantine.loc[result.quarantine["column"] == "handle_minutes", "value"].item() == "-3"


def test_duplicate_ids_keep_last_occurrence(write, books):
    text = HEADER + (
        "1,2024-01-01T00:00:00Z,first,version,5,1,0\n"
        "2,2024-01-01T00:00:00Z,other,ticket,5,1,0\n"
        "1,2024-01-02T00:00:00Z,second,version,4,1,0\n"
        "1,bad,third,version,4,1,0\n"   # invalid rows never win a duplicate contest
    )
    result = read_tickets(write("t.csv", text))
    books(result)
    out = result.frame.set_index("ticket_id")
    assert out.loc["1", "text"] == "second\n\nversion" and out.loc["1", "source_row"] == 3
    dup = result.quarantine[result.quarantine["reason"].str.startswith("duplicate")]
    assert dup["row"].tolist() == [1] and dup["reason"].item() == "duplicate ticket_id; kept row 3"


def test_duplicate_across_files_names_the_kept_file(write, books):
    a = write("a.csv", HEADER + "1,2024-01-01T00:00:00Z,old,x,5,1,0\n")
    b = write("b.csv", HEADER + "1,2024-02-01T00:00:00Z,new,x,5,1,0\n")
    result = read_tickets([a, b])
    books(result)
    assert result.frame["source_file"].tolist() == [str(b)]
    assert result.quarantine["reason"].item() == f"duplicate ticket_id; kept row 1 of {b}"


def test_csat_out_of_inferred_scale_is_a_value_problem(write, books):
    rows = "".join(f"{i},2024-01-01T00:00:00Z,s,b,{v},1,0\n" for i, v in enumerate([1, 2, 3, 4, 5, 50], 1))
    result = read_tickets(write("t.csv", HEADER + rows))
    books(result)
    assert result.frame["csat"].tolist()[:5] == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert pd.isna(result.frame["csat"].iloc[5])  # ticket 6 kept without a CSAT
    assert _q(result) == [(6, "csat", "csat 50 outside scale 1-5; value removed, ticket kept")]
    assert result.quarantine["action"].tolist() == ["value"] and result.rows_quarantined == 0


def test_missing_required_column_lists_found_and_closest(write):
    # neither guessable (vocmine.ingest.guess): the ids repeat and the dates are not dates
    path = write("t.csv", "tiket_id,date_created,subject\n1,soon,x\n1,later,y\n")
    with pytest.raises(SchemaError) as err:
        read_tickets(path)
    msg = str(err.value)
    assert "t.csv" in msg and "ticket_id" in msg and "created_at" in msg
    assert "Found columns: ['tiket_id', 'date_created', 'subject']" in msg
    assert "closest found: ['tiket_id']" in msg
    assert "closest found: ['date_created']" in msg


def test_column_map_naming_absent_column_is_schema_error(write):
    path = write("t.csv", HEADER + "1,2024-01-01T00:00:00Z,s,b,5,1,0\n")
    with pytest.raises(SchemaError, match="'Nota'.*not in the file"):
        read_tickets(path, column_map={"csat": "Nota"})


def test_extra_columns_kept_as_json(write, books):
    import json

    text = "ticket_id,created_at,body,Plano,Região,vazio\n1,2024-01-01T00:00:00Z,b,Pro,Sul,\n"
    result = read_tickets(write("t.csv", text))
    books(result)
    assert json.loads(result.frame.loc[0, "extra"]) == {"Plano": "Pro", "Região": "Sul"}
    assert any("kept in extra" in n for n in result.notes)


def test_pii_in_quarantined_values_never_reaches_the_file(write, tmp_path, books):
    text = HEADER + (
        "1,ligar para maria.silva@gmail.com ou (11) 98765-4321,s,b,5,1,0\n"
        "2,CPF 123.456.789-09,s,b,5,1,0\n"
        "3,cartão 4111 1111 1111 1111,s,b,5,1,0\n"
    )
    result = read_tickets(write("t.csv", text))
    books(result)
    assert result.rows_quarantined == 3
    path = write_quarantine(result, tmp_path / "q.csv")
    content = path.read_text(encoding="utf-8")
    for secret in ("maria.silva", "gmail.com", "98765", "4321", "123.456.789-09", "4111 1111"):
        assert secret not in content
    assert "<email>" in content and "<phone>" in content and "<cpf>" in content and "<card>" in content
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert [r["row"] for r in rows] == ["1", "2", "3"]


def test_text_like_values_redacted_and_truncated():
    long = "Olá, sou o cliente joao@ex.com e meu telefone é 11 91234-5678; " + "x" * 200
    shown = safe_value(long, text_like=True)
    assert "joao@ex.com" not in shown and "91234" not in shown
    assert len(shown) <= 40
    assert safe_value(None) == "" and safe_value("  2024-13-45  ") == "  2024-13-45  "
    assert mask_pii("data 2024-01-31 10:00") == "data 2024-01-31 10:00"  # dates are not phones


def test_write_quarantine_neutralises_formulas(tmp_path):
    frame = pd.DataFrame({"source_file": ["f.csv"] * 4, "row": [1, 2, 3, 4], "line": [2, 3, 4, 5],
                          "column": ["x"] * 4, "value": ["=HYPERLINK(\"http://x\")", "+1", "@SUM(A1)", "-2"],
                          "reason": ["r"] * 4})
    path = write_quarantine(frame, tmp_path / "sub" / "q.csv")
    values = [r["value"] for r in csv.DictReader(path.open(encoding="utf-8"))]
    assert values == ["'=HYPERLINK(\"http://x\")", "'+1", "'@SUM(A1)", "'-2"]


def test_nothing_crashes_on_garbage_rows(write, books):
    text = HEADER + "\x00,\x01,\"unterminated\n" + "2,2024-01-01T00:00:00Z,ok,ok,5,1,0\n"
    result = read_tickets(write("t.csv", text))
    books(result)
    assert result.rows_read == result.rows_accepted + result.rows_quarantined


def test_a_quarantined_rows_value_problems_do_not_say_the_ticket_was_kept(tmp_path):
    from vocmine.ingest import read_tickets

    path = tmp_path / "t.csv"
    path.write_text("ticket_id,created_at,body,csat,solved_at\n"
                    "A1,2026-05-02T10:00:00Z,ok,4,2026-05-02T11:00:00Z\n"
                    "A2,2031-05-02T10:00:00Z,typo in the year,4,2026-05-03T10:00:00Z\n", encoding="utf-8")
    res = read_tickets([str(path)])
    q = res.quarantine
    assert res.frame["ticket_id"].tolist() == ["A1"]
    assert set(q["row"].astype(int)) == {2}
    solved = q[q["column"] == "solved_at"]
    assert len(solved) == 1 and solved["reason"].iloc[0].endswith("is before created_at 2031-05-02T10:00:00+00:00; "
                                                                   "the row is quarantined")
    assert not q["reason"].str.contains("ticket kept").any()
