"""Each reader: encodings, delimiters, quoted newlines, formats; row and line numbers kept."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from vocmine.exceptions import InputError
from vocmine.ingest import read_tickets
from vocmine.ingest.readers import detect_delimiter, read_raw

HEADER = "ticket_id,created_at,subject,body,csat\n"
ROWS = ("1,2024-03-01T10:00:00Z,Boleto,não chegou o boleto,5\n"
        "2,2024-03-02T11:30:00-03:00,Café,\"preço\nerrado\",1\n")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_csv_encodings_decode_accents(write, books, encoding):
    path = write(f"t_{encoding}.csv", HEADER + ROWS, encoding)
    result = read_tickets(path)
    books(result)
    assert list(result.frame["ticket_id"]) == ["1", "2"]
    assert result.frame.loc[0, "text"] == "Boleto\n\nnão chegou o boleto"
    assert result.frame.loc[1, "text"] == "Café\n\npreço\nerrado"
    raw = read_raw(path)
    assert raw.encoding == encoding
    assert "ticket_id" in raw.frame.columns  # the BOM never sticks to the first header


def test_csv_quoted_newline_keeps_physical_lines(write, books):
    path = write("t.csv", HEADER + ROWS + "3,2024-03-03T00:00:00Z,Last,row,4\n")
    result = read_tickets(path)
    books(result)
    assert list(result.frame["source_row"]) == [1, 2, 3]
    assert list(result.frame["source_line"]) == [2, 3, 5]  # row 2 spans lines 3-4


@pytest.mark.parametrize("delim", [";", "\t", "|"])
def test_csv_delimiters_detected(write, books, delim):
    text = (HEADER + ROWS).replace(",", delim).replace("não chegou o boleto", "não chegou, o boleto")
    path = write("t.csv", text)
    result = read_tickets(path)
    books(result)
    assert read_raw(path).delimiter == delim
    assert result.frame.loc[0, "text"] == "Boleto\n\nnão chegou, o boleto"
    assert result.frame["csat"].tolist() == [1.0, 0.0]


def test_detect_delimiter_prefers_consistent_split():
    # commas inside the text must not beat the real delimiter
    text = "a;b;c\n1;x, y, z;3\n2;p, q;4\n"
    assert detect_delimiter(text) == ";"


def test_csv_record_with_too_many_fields_is_quarantined(write, books):
    path = write("t.csv", HEADER + "1,2024-03-01T10:00:00Z,S,B,5\n2,2024-03-01T10:00:00Z,S,B,5,extra,junk\n")
    result = read_tickets(path)
    books(result)
    assert result.accounting.loc[0, "rows_read"] == 2
    q = result.quarantine
    assert q.loc[0, "row"] == 2 and q.loc[0, "line"] == 3
    assert "7 fields" in q.loc[0, "reason"]


def test_parquet(tmp_path, books):
    frame = pd.DataFrame({
        "ticket_id": [10, 11],
        "created_at": pd.to_datetime(["2024-03-01 10:00", "2024-03-02 12:00"]).tz_localize("UTC"),
        "subject": ["A", None],
        "body": ["corpo", "only body"],
        "csat": [4.0, float("nan")],
        "handle_minutes": [3.5, 7.0],
    })
    path = tmp_path / "t.parquet"
    frame.to_parquet(path)
    result = read_tickets(path)
    books(result)
    out = result.frame
    assert list(out["ticket_id"]) == ["10", "11"]  # integers read as strings, no '.0'
    assert out.loc[1, "text"] == "only body"
    assert out.loc[0, "created_at"] == pd.Timestamp("2024-03-01 10:00", tz="UTC")
    assert out["handle_minutes"].tolist() == [3.5, 7.0]
    assert out.loc[0, "csat"] == pytest.approx(0.75) and pd.isna(out.loc[1, "csat"])
    assert out["source_line"].isna().all()


def _records():
    return [
        {"ticket_id": "a1", "created_at": "2024-05-01T08:00:00Z", "subject": "Pix", "body": "falhou",
         "meta": {"plan": "pro"}},
        {"ticket_id": "a2", "created_at": "2024-05-02T08:00:00Z", "subject": "", "body": "oi"},
    ]


def test_json_array(tmp_path, books):
    path = tmp_path / "t.json"
    path.write_text(json.dumps(_records()), encoding="utf-8")
    result = read_tickets(path)
    books(result)
    assert list(result.frame["ticket_id"]) == ["a1", "a2"]
    assert result.frame.loc[1, "text"] == "oi"
    assert json.loads(result.frame.loc[0, "extra"]) == {"meta.plan": "pro"}  # nested flattened with dots


@pytest.mark.parametrize("key", ["tickets", "conversations", "data"])
def test_json_object_with_list(tmp_path, books, key):
    path = tmp_path / "t.json"
    path.write_text(json.dumps({"count": 2, key: _records()}), encoding="utf-8")
    result = read_tickets(path)
    books(result)
    assert len(result.frame) == 2


def test_json_object_without_list_is_input_error(tmp_path):
    path = tmp_path / "t.json"
    path.write_text(json.dumps({"rows": 3}), encoding="utf-8")
    with pytest.raises(InputError, match="t.json"):
        read_tickets(path)


def test_jsonl_with_bad_line(tmp_path, books):
    lines = [json.dumps(r) for r in _records()]
    path = tmp_path / "t.jsonl"
    path.write_text(lines[0] + "\n\n{not json\n" + lines[1] + "\n", encoding="utf-8")
    result = read_tickets(path)
    books(result)
    assert result.accounting.loc[0, "rows_read"] == 3
    assert list(result.frame["source_line"]) == [1, 4]
    q = result.quarantine
    assert (q["row"].tolist(), q["line"].tolist()) == ([2], [3])
    assert "not valid JSON" in q.loc[0, "reason"]


def test_xlsx(tmp_path, books):
    import openpyxl
    import datetime as dt

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Número", "Data de abertura", "Assunto", "Descrição", "Nota"])
    ws.append([101, dt.datetime(2024, 2, 3, 9, 30), "Entrega", "atrasou", 5])
    ws.append([None, None, None, None, None])  # blank sheet row: skipped, not a record
    ws.append([102, "13/02/2024 10:00", "Troca", None, 2])
    path = tmp_path / "t.xlsx"
    wb.save(path)
    cmap = {"ticket_id": "Número", "created_at": "Data de abertura", "text": ["Assunto", "Descrição"],
            "csat": {"column": "Nota", "scale": "1-5"}, "timezone": "America/Sao_Paulo"}
    result = read_tickets(path, column_map=cmap)
    books(result)
    out = result.frame
    assert list(out["ticket_id"]) == ["101", "102"]
    assert list(out["source_line"]) == [2, 4]  # sheet rows
    # naive Excel datetime read in São Paulo (UTC-3)
    assert out.loc[0, "created_at"] == pd.Timestamp("2024-02-03 12:30", tz="UTC")
    assert out.loc[1, "created_at"] == pd.Timestamp("2024-02-13 13:00", tz="UTC")
    assert out["csat"].tolist() == [1.0, 0.25]


def test_xlsx_cover_sheet_before_the_data_is_left_out(tmp_path, books):
    """A help desk's report workbook starts with a cover ("Exportado em ...") or filter sheet: the
    sheet read is the one with the most data rows, and a title named by an alias is read with the
    message no alias names ("Mensagem do cliente"), not alone."""
    import openpyxl

    wb = openpyxl.Workbook()
    cover = wb.active
    cover.title = "Capa"
    cover.append(["Relatório de chamados"])
    cover.append(["Exportado em 01/12/2026"])
    data = wb.create_sheet("Chamados")
    data.append(["Protocolo", "Criado em", "Título", "Mensagem do cliente", "Avaliação do atendimento"])
    data.append(["2026001", "02/03/2026 10:00", "Entrega", "O pedido não chegou até hoje e ninguém responde",
                 "Muito insatisfeito"])
    data.append(["2026002", "03/03/2026 11:00", None, "Produto veio quebrado, quero trocar o quanto antes",
                 "Satisfeito"])
    data.append(["2026003", "04/03/2026 12:00", "Elogio", "Chegou antes do prazo, tudo certo com a compra", None])
    path = tmp_path / "relatorio.xlsx"
    wb.save(path)
    result = read_tickets(path)
    books(result)
    out = result.frame
    assert out["ticket_id"].tolist() == ["2026001", "2026002", "2026003"]
    assert out.loc[0, "text"].startswith("Entrega") and "não chegou" in out.loc[0, "text"]
    assert out.loc[1, "text"].startswith("Produto veio quebrado")
    assert out["csat"].tolist()[:2] == [0.0, 0.75]
    assert any("'Capa'" in n and "left out" in n for n in result.notes)


def test_unreadable_and_missing_files(tmp_path):
    bad = tmp_path / "broken.xlsx"
    bad.write_bytes(b"this is not a zip")
    with pytest.raises(InputError, match="broken.xlsx"):
        read_tickets(bad)
    badpq = tmp_path / "broken.parquet"
    badpq.write_bytes(b"PAR1 nope")
    with pytest.raises(InputError, match="broken.parquet"):
        read_tickets(badpq)
    with pytest.raises(InputError, match="nothere.csv"):
        read_tickets(tmp_path / "nothere.csv")
    odd = tmp_path / "t.docx"
    odd.write_text("x")
    with pytest.raises(InputError, match="unknown export format"):
        read_tickets(odd)


def test_empty_file_is_input_error(write):
    with pytest.raises(InputError, match="empty"):
        read_tickets(write("empty.csv", ""))
    with pytest.raises(InputError, match="empty"):
        read_tickets(write("blank.csv", "\n\n  \n"))


def test_header_only_file_gives_empty_frame(write, books):
    result = read_tickets(write("h.csv", HEADER))
    books(result)
    assert len(result.frame) == 0 and len(result.quarantine) == 0
    assert result.accounting.loc[0, ["rows_read", "rows_accepted", "rows_quarantined"]].tolist() == [0, 0, 0]
    assert str(result.frame["created_at"].dtype) == "datetime64[ns, UTC]"
    assert any("header only" in n for n in result.notes)


def test_latin1_bytes_undefined_in_cp1252_still_decode(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(HEADER.encode() + "1,2024-03-01T10:00:00Z,Ação,x\x81y,5\n".encode("latin-1"))
    result = read_tickets(path)
    assert result.frame.loc[0, "text"].startswith("Ação")


def test_several_files_keep_their_own_rows(write, books):
    a = write("a.csv", HEADER + ROWS)
    b = write("b.jsonl", json.dumps({"ticket_id": "9", "created_at": "2024-01-01", "body": "x"}) + "\n")
    result = read_tickets([a, b])
    books(result)
    assert result.accounting["source_file"].tolist() == [str(a), str(b)]
    assert result.frame["source_file"].tolist() == [str(a), str(a), str(b)]
    assert result.frame["source_row"].tolist() == [1, 2, 1]


def test_gzip_csv_and_bad_gzip(tmp_path, books):
    import gzip

    path = tmp_path / "t.csv.gz"
    path.write_bytes(gzip.compress((HEADER + ROWS).encode("cp1252")))
    result = read_tickets(path)
    books(result)
    assert result.frame.loc[1, "text"] == "Café\n\npreço\nerrado"
    broken = tmp_path / "b.csv.gz"
    broken.write_bytes(b"not gzip at all")
    with pytest.raises(InputError, match="b.csv.gz"):
        read_tickets(broken)
    xz = tmp_path / "t.xlsx.gz"
    xz.write_bytes(gzip.compress(b"x"))
    with pytest.raises(InputError, match="only gzip-compressed CSV"):
        read_tickets(xz)


def test_summary_reports_accounting_and_reasons(write):
    path = write("t.csv", HEADER + ROWS + "3,never,a,b,5\n")
    result = read_tickets(path)
    text = result.summary()
    assert text.startswith("tickets: 3 read, 2 accepted, 1 quarantined")
    assert "TOTAL" in text and "unparseable date in created_at" in text
    assert (result.rows_read, result.rows_accepted, result.rows_quarantined) == (3, 2, 1)
    assert str(result) == text


def test_long_field_and_delimiter_only_rows(write, books):
    import csv

    body = "x" * 300_000  # beyond the csv module's default field limit
    path = write("t.csv", HEADER + f"1,2024-01-01T00:00:00Z,s,{body},5\n,,,,\n2,2024-01-01T00:00:00Z,s,b,5\n")
    limit = csv.field_size_limit()
    result = read_tickets(path)
    books(result)
    assert csv.field_size_limit() == limit  # no global state left changed
    assert len(result.frame.loc[0, "text"]) == 300_003
    assert result.frame["source_row"].tolist() == [1, 2]  # the ',,,,' line is not a record


def test_excel_sep_hint_line(write, books):
    path = write("t.csv", "sep=;\n" + (HEADER + ROWS).replace(",", ";"), "cp1252")
    result = read_tickets(path)
    books(result)
    assert read_raw(path).delimiter == ";"
    assert result.frame["ticket_id"].tolist() == ["1", "2"]
    assert result.frame["source_line"].tolist() == [3, 4]  # physical lines count the hint line


def test_empty_json_and_jsonl_are_input_errors(tmp_path):
    for name, text in [("a.json", "[]"), ("b.json", '{"tickets": []}'), ("c.jsonl", "\n\n"), ("d.json", "{oops")]:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        with pytest.raises(InputError, match=name):
            read_tickets(path)


def test_utf16_tab_export_and_crlf(tmp_path, books):
    # Excel's "Unicode text": UTF-16 with BOM, tab-separated, CRLF line ends
    text = (HEADER + ROWS).replace(",", "\t").replace("\n", "\r\n")
    path = tmp_path / "t.txt"
    path.write_bytes(text.encode("utf-16"))
    result = read_tickets(path)
    books(result)
    raw = read_raw(path)
    assert (raw.encoding, raw.delimiter) == ("utf-16", "\t")
    assert result.frame.loc[0, "text"] == "Boleto\n\nnão chegou o boleto"
    assert result.frame["source_line"].tolist() == [2, 3]
