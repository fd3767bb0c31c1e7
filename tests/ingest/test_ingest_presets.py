"""Vendor presets (Zendesk, Freshdesk, Intercom), the generic preset and YAML column maps."""

from __future__ import annotations

import hashlib
import json

import numpy as np
import pandas as pd
import pytest

from vocmine.exceptions import ConfigError
from vocmine.ingest import detect_preset, read_tickets

ZENDESK = (
    "Id,Subject,Description,Requester,Requester id,Requester email,Created at,Solved at,"
    "First reply time in minutes,Full resolution time in minutes,Group,Assignee,Priority,Status,Tags,Via,"
    "Satisfaction Score,Reopens,Organization\n"
    "501,Refund,I want my money back,Ana Souza,9001,ana@example.com,2024-04-01 09:00,2024-04-01 12:00,"
    "30,180,Billing,Bob,High,solved,refund billing,Email,Good,0,Acme\n"
    "502,Crash,App crashes on login,Carl Lima,9002,carl@example.com,2024-04-02 10:00,,"
    "45,,Tech,Eve,Low,open,crash,Web form,Bad,2,Acme\n"
    "503,Question,,Dan,9003,dan@example.com,2024-04-03 11:00,2024-04-03 11:30,"
    "5,30,Tech,Eve,Normal,solved,,Chat,Offered,0,\n"
    "504,Other,Body,Fay,9004,fay@example.com,2024-04-04 11:00,,,,Tech,Eve,Normal,open,,Chat,Unoffered,,\n"
    "505,Weird,Body,Gil,9005,gil@example.com,2024-04-05 11:00,,,,Tech,Eve,Normal,open,,Chat,Excellent,,\n"
)


def test_zendesk_preset(write, books):
    path = write("zendesk.csv", ZENDESK)
    result = read_tickets(path, timezone="America/Sao_Paulo")
    books(result)
    assert any("preset zendesk (detected)" in n for n in result.notes)
    out = result.frame.set_index("ticket_id")
    assert list(out.index) == ["501", "502", "503", "504", "505"]  # 505 kept, its unknown rating removed
    assert out.loc["501", "text"] == "Refund\n\nI want my money back"
    assert out.loc["503", "text"] == "Question"  # empty description dropped, no dangling separator
    assert out.loc["501", "customer_id"] == "9001"
    assert out.loc["501", "created_at"] == pd.Timestamp("2024-04-01 12:00", tz="UTC")  # naive, São Paulo
    assert out.loc["501", "solved_at"] == pd.Timestamp("2024-04-01 15:00", tz="UTC")
    assert out.loc["501", "first_response_at"] == pd.Timestamp("2024-04-01 12:30", tz="UTC")
    assert out.loc["501", "wait_minutes"] == 30.0
    assert out.loc["501", "handle_minutes"] == 180.0
    assert out.loc["502", "reopens"] == 2
    assert (out.loc["501", "agent"], out.loc["501", "group"], out.loc["501", "channel"]) == ("Bob", "Billing", "Email")
    # good = 1, bad = 0, offered / unoffered = not rated (NaN, not an error), raw kept
    assert out["csat"].tolist()[:2] == [1.0, 0.0]
    assert np.isnan(out.loc["503", "csat"]) and np.isnan(out.loc["504", "csat"])
    assert out["csat_raw"].tolist() == ["Good", "Bad", "Offered", "Unoffered", "Excellent"]
    # an unknown rating label is a value problem: the ticket stays, without a CSAT
    q = result.quarantine
    assert q["row"].tolist() == [5] and q.loc[0, "column"] == "Satisfaction Score"
    assert "Excellent" in q.loc[0, "reason"] and q.loc[0, "action"] == "value"
    assert np.isnan(out.loc["505", "csat"])
    # personal columns never reach the frame, not even through extra
    for row_extra in out["extra"]:
        extra = json.loads(row_extra)
        assert "Requester email" not in extra and "Requester" not in extra
    assert json.loads(out.loc["501", "extra"]) == {"Organization": "Acme"}
    assert not out.apply(lambda col: col.astype(str).str.contains("@example.com")).any().any()


def test_zendesk_email_only_requester_is_hashed(write, books):
    text = ("Id,Subject,Description,Requester email,Created at,Satisfaction Score,Via,Assignee\n"
            "7,Hi,There,Ana@Example.com,2024-04-01T09:00:00Z,good,Email,Bob\n")
    result = read_tickets(write("z.csv", text), preset="zendesk")
    books(result)
    expected = "email:" + hashlib.sha256(b"ana@example.com").hexdigest()[:16]
    assert result.frame.loc[0, "customer_id"] == expected
    assert "Example" not in result.frame.loc[0, "extra"]


FRESHDESK = (
    "Ticket ID,Subject,Description,Status,Priority,Source,Type,Agent,Group,Created time,Resolved time,"
    "Initial response time,First response time (in hrs),Time tracked,Customer interactions,"
    "Satisfaction survey rating,Contact ID,Full name,Email\n"
    "11,Nota fiscal,Não recebi a nota,Closed,Medium,Email,Question,Rita,Fiscal,2024-06-01 08:00:00,"
    "2024-06-01 10:00:00,2024-06-01 08:30:00,0.5,00:45,2,Extremely Happy,C-1,Maria Silva,maria@x.com.br\n"
    "12,Pagamento,Cartão recusado,Open,High,Portal,Incident,Rui,Pagamentos,2024-06-02 09:00:00,,,,"
    ",1,Neutral,C-2,João,joao@x.com.br\n"
    "13,Login,Senha,Open,Low,Chat,Incident,Rui,Tech,2024-06-03 09:00:00,,,,,1,Unhappy,C-3,Zé,ze@x.com.br\n"
)


def test_freshdesk_preset(write, books):
    result = read_tickets(write("freshdesk.csv", FRESHDESK))
    books(result)
    assert any("preset freshdesk (detected)" in n for n in result.notes)
    out = result.frame.set_index("ticket_id")
    assert out.loc["11", "text"] == "Nota fiscal\n\nNão recebi a nota"
    assert out.loc["11", "customer_id"] == "C-1"
    assert out.loc["11", "channel"] == "Email" and out.loc["11", "product"] == "Question"
    assert out.loc["11", "first_response_at"] == pd.Timestamp("2024-06-01 08:30", tz="UTC")
    assert out.loc["11", "solved_at"] == pd.Timestamp("2024-06-01 10:00", tz="UTC")
    assert out.loc["11", "wait_minutes"] == 30.0      # 0.5 hours
    assert out.loc["11", "handle_minutes"] == 45.0    # hh:mm clock
    # five-point labels on 1..5: extremely happy 1, neutral 0.5, unhappy 0.25
    assert out["csat"].tolist() == [1.0, 0.5, 0.25]
    assert json.loads(out.loc["11", "extra"]) == {"Customer interactions": "2"}
    assert len(result.quarantine) == 0


def _intercom_payload():
    def conv(cid, created, rating, body):
        return {
            "type": "conversation", "id": cid, "created_at": created, "updated_at": created + 50,
            "source": {"type": "conversation", "delivered_as": "customer_initiated", "subject": "",
                       "body": body, "author": {"type": "user", "id": "u1", "email": "pii@example.com",
                                                "name": "Pat"}},
            "contacts": {"type": "contact.list", "contacts": [{"type": "contact", "id": f"ct-{cid}"}]},
            "admin_assignee_id": 814, "team_assignee_id": 5, "state": "closed", "read": True,
            "conversation_rating": {"rating": rating, "remark": None},
            "statistics": {"time_to_admin_reply": 600, "median_time_to_reply": 300,
                           "first_admin_reply_at": created + 600, "last_close_at": created + 3600,
                           "count_reopens": 1},
            "tags": {"type": "tag.list", "tags": [{"type": "tag", "name": "billing"}, {"type": "tag", "name": "pix"}]},
        }

    return {"type": "conversation.list", "conversations": [
        conv("1001", 1_700_000_000, 5, "<p>Pix não caiu</p>"),
        conv("1002", 1_700_086_400, None, "<p>Where is my invoice?</p>"),
        conv("1003", 1_700_172_800, 2, "<p>App slow</p>"),
    ]}


def test_intercom_preset_json(tmp_path, books):
    path = tmp_path / "intercom.json"
    path.write_text(json.dumps(_intercom_payload()), encoding="utf-8")
    result = read_tickets(path)
    books(result)
    assert any("preset intercom (detected)" in n for n in result.notes)
    out = result.frame.set_index("ticket_id")
    assert out.loc["1001", "created_at"] == pd.Timestamp(1_700_000_000, unit="s", tz="UTC")
    assert out.loc["1001", "first_response_at"] == pd.Timestamp(1_700_000_600, unit="s", tz="UTC")
    assert out.loc["1001", "solved_at"] == pd.Timestamp(1_700_003_600, unit="s", tz="UTC")
    assert out.loc["1001", "text"] == "<p>Pix não caiu</p>"  # empty subject dropped
    assert out.loc["1001", "customer_id"] == "ct-1001"
    assert out.loc["1001", "tags"] == "billing, pix"
    assert (out.loc["1001", "agent"], out.loc["1001", "group"], out.loc["1001", "status"]) == ("814", "5", "closed")
    assert out.loc["1001", "wait_minutes"] == 10.0
    assert out.loc["1001", "reopens"] == 1
    assert out.loc["1001", "csat"] == 1.0 and np.isnan(out.loc["1002", "csat"]) and out.loc["1003", "csat"] == 0.25
    extra = json.loads(out.loc["1001", "extra"])
    assert extra["statistics.median_time_to_reply"] == "300"
    assert not any("email" in k or "author.name" in k for k in extra)


def test_intercom_jsonl_same_result(tmp_path, books):
    path = tmp_path / "intercom.jsonl"
    path.write_text("\n".join(json.dumps(c) for c in _intercom_payload()["conversations"]), encoding="utf-8")
    result = read_tickets(path, preset="intercom")
    books(result)
    assert result.frame["ticket_id"].tolist() == ["1001", "1002", "1003"]


BR = ("Número;Data de abertura;Assunto;Descrição;Nota;Canal;Observação interna;CPF\n"
      "A-1;05/03/2024 14:30;Boleto;Não consigo emitir;5;WhatsApp;vip;123.456.789-09\n"
      "A-2;07/03/2024 09:00;Entrega;;1;Email;;\n"
      "A-3;02/04/2024 23:15;;Produto veio quebrado;3;Chat;;\n")

BR_MAP = """\
# column map for the Brazilian helpdesk export
ticket_id: "Número"
created_at: "Data de abertura"
text: ["Assunto", "Descrição"]
csat: {column: "Nota", scale: "1-5"}
channel: Canal
dayfirst: true
timezone: "America/Sao_Paulo"
drop: [CPF]
"""


def test_generic_yaml_map_dayfirst_and_timezone(write, books):
    path = write("export_br.csv", BR)
    cmap = write("map.yml", BR_MAP)
    result = read_tickets(path, column_map=cmap)
    books(result)
    out = result.frame.set_index("ticket_id")
    # 05/03 is 5 March (day first), 14:30 in São Paulo (UTC-3) is 17:30 UTC
    assert out.loc["A-1", "created_at"] == pd.Timestamp("2024-03-05 17:30", tz="UTC")
    assert out.loc["A-3", "created_at"] == pd.Timestamp("2024-04-03 02:15", tz="UTC")
    assert out.loc["A-2", "text"] == "Entrega" and out.loc["A-3", "text"] == "Produto veio quebrado"
    assert out["csat"].tolist() == [1.0, 0.0, 0.5]
    assert out["csat_raw"].tolist() == ["5", "1", "3"]
    assert out.loc["A-1", "channel"] == "WhatsApp"
    assert json.loads(out.loc["A-1", "extra"]) == {"Observação interna": "vip"}  # CPF dropped, not kept
    assert any("CPF" in n and "dropped" in n for n in result.notes)


def test_dayfirst_detected_without_map(write, books):
    text = ("ticket_id,created_at,body\n1,03/04/2024 10:00,a\n2,25/04/2024 10:00,b\n")
    result = read_tickets(write("t.csv", text))
    books(result)
    assert result.frame["created_at"].dt.strftime("%Y-%m-%d").tolist() == ["2024-04-03", "2024-04-25"]
    assert any("dates read day first: 1 value(s) have a first number above 12" in n for n in result.notes)
    # dayfirst=False forces month first: 25/04 becomes unparseable and is quarantined
    forced = read_tickets(write("t.csv", text), dayfirst=False)
    books(forced)
    assert forced.frame["created_at"].dt.strftime("%Y-%m-%d").tolist() == ["2024-03-04"]
    assert forced.quarantine["row"].tolist() == [2]


def test_generic_aliases_portuguese(write, books):
    text = "protocolo,data de abertura,assunto,mensagem,nota,tma\nP1,2024-01-02T03:04:05Z,Oi,Tudo,10,12,5\n"
    text = text.replace(",12,5", ",\"12,5\"")
    result = read_tickets(write("t.csv", text))
    books(result)
    row = result.frame.iloc[0]
    assert row["ticket_id"] == "P1" and row["text"] == "Oi\n\nTudo"
    assert row["handle_minutes"] == 12.5  # decimal comma
    assert row["csat"] == 1.0             # 10 on the inferred 1-10 scale


def test_generic_headers_with_units_scales_and_longer_names(write, books):
    """Real exports name the same fields with a unit or scale in the header ("Handle time (min)", "TMA
    (s)", "CSAT (1-5)") or a longer name ("Satisfaction Score"): read, with the unit and scale the
    header says, and each said in a note. Before, they went to ``extra`` and the briefs had no CSAT."""
    text = ("Ticket ID,Created at (UTC),Subject,Description,Satisfaction Score,Handle time (min),Wait time in seconds\n"
            "1,2024-01-02T03:04:05Z,Hi,Card fee,4,12.5,90\n"
            "2,2024-01-03T03:04:05Z,Hi,Card lost,2,3,30\n")
    result = read_tickets(write("en.csv", text))
    books(result)
    f = result.frame.set_index("ticket_id")
    assert f["csat"].tolist() == [0.75, 0.25]  # 1-5 inferred
    assert f["handle_minutes"].tolist() == [12.5, 3.0]
    assert f["wait_minutes"].tolist() == [1.5, 0.5]  # seconds, from the header
    assert f.loc["1", "created_at"] == pd.Timestamp("2024-01-02 03:04:05", tz="UTC")
    assert json.loads(f.loc["1", "extra"]) == {}
    assert any("wait_minutes read from column 'Wait time in seconds' in seconds" in n for n in result.notes)
    # what it could not find is said, with the way to name it
    assert any("no column for customer_id, first_response_at, solved_at; the briefs leave out" in n
               and "customer_id: <column>" in n for n in result.notes)
    pt = ("Protocolo,Data,Relato,CSAT (0 a 10),TMA (s)\n"
          "P1,2024-01-02T03:04:05Z,Cartão bloqueado,5,600\n")
    f = read_tickets(write("pt.csv", pt)).frame.iloc[0]
    assert f["csat"] == 0.5 and f["handle_minutes"] == 10.0  # scale 0-10 and seconds from the header
    # a column named like a field but without its unit is not taken for it: "Handle" is a user name
    f = read_tickets(write("h.csv", "id,created_at,text,Handle\n1,2024-01-02,Oi,@ana\n")).frame.iloc[0]
    assert pd.isna(f["handle_minutes"]) and json.loads(f["extra"]) == {"Handle": "@ana"}


def test_generic_customer_email_is_the_hashed_customer_id(write, books):
    """Without a customer id column, the customer's e-mail identifies them, hashed (repeat contacts
    and churn need it); with one, the id wins and the e-mail is dropped as personal data."""
    text = "id,created_at,text,Customer Email\n1,2024-01-02,Oi,Ana@Example.com\n2,2024-01-03,Oi,ana@example.com\n"
    result = read_tickets(write("e.csv", text))
    books(result)
    expected = "email:" + hashlib.sha256(b"ana@example.com").hexdigest()[:16]
    assert result.frame["customer_id"].tolist() == [expected, expected]
    assert not result.frame.apply(lambda c: c.astype(str).str.contains("example", case=False)).any().any()
    both = "id,created_at,text,customer_id,E-mail\n1,2024-01-02,Oi,C1,ana@example.com\n"
    f = read_tickets(write("b.csv", both)).frame.iloc[0]
    assert f["customer_id"] == "C1" and "example" not in f["extra"]


def test_column_map_errors(write):
    path = write("t.csv", BR)
    with pytest.raises(ConfigError, match="did you mean 'ticket_id'"):
        read_tickets(path, column_map={"tiket_id": "Número"})
    with pytest.raises(ConfigError, match="unknown time zone"):
        read_tickets(path, column_map={"timezone": "Mars/Olympus"})
    with pytest.raises(ConfigError, match="unknown preset"):
        read_tickets(path, preset="salesforce")
    with pytest.raises(ConfigError, match="only 'text' takes a list"):
        read_tickets(path, column_map={"ticket_id": ["Número", "x"]})


def test_detect_preset_headers():
    assert detect_preset(["Id", "Subject", "Requester id", "Created at", "Satisfaction Score", "Via"]) == "zendesk"
    assert detect_preset(["Ticket ID", "Subject", "Created time", "Resolved time", "Contact ID"]) == "freshdesk"
    assert detect_preset(["id", "created_at", "source.body", "admin_assignee_id", "state"]) == "intercom"
    assert detect_preset(["ticket_id", "created_at", "subject", "body", "status"]) == "generic"


def test_vendor_preset_with_map_override(write, books):
    text = ZENDESK.replace("Satisfaction Score", "CSAT nota").replace(",Good,", ",5,").replace(",Bad,", ",1,")
    text = text.replace(",Offered,", ",,").replace(",Unoffered,", ",,").replace(",Excellent,", ",3,")
    cmap = {"csat": {"column": "CSAT nota", "scale": "1-5"}, "product": "Organization"}
    result = read_tickets(write("z.csv", text), preset="zendesk", column_map=cmap)
    books(result)
    out = result.frame.set_index("ticket_id")
    assert out["csat"].fillna(-1).tolist() == [1.0, 0.0, -1, -1, 0.5]  # blanks are not rated
    assert out.loc["501", "product"] == "Acme"
    assert "Organization" not in out.loc["501", "extra"]


@pytest.mark.real_data
def test_real_olist_reviews_with_column_map(real_data_dir, books):
    path = real_data_dir / "olist_subset" / "olist_order_reviews_dataset.csv.gz"
    if not path.exists():
        pytest.skip("olist subset absent")
    cmap = {"ticket_id": "review_id", "created_at": "review_creation_date",
            "text": ["review_comment_title", "review_comment_message"],
            "csat": {"column": "review_score", "scale": "1-5"}, "solved_at": "review_answer_timestamp",
            "timezone": "America/Sao_Paulo"}
    result = read_tickets(path, column_map=cmap)
    books(result)
    assert result.rows_read == 8225  # documented in SOURCE.md
    reasons = set(result.quarantine["reason"])
    assert reasons <= {"text is missing: subject and body are both blank"} | {
        r for r in reasons if r.startswith("duplicate ticket_id; kept row")}
    out = result.frame
    assert out["ticket_id"].is_unique
    assert set(out["csat"].unique()) <= {0.0, 0.25, 0.5, 0.75, 1.0}
    assert (out["solved_at"] >= out["created_at"]).mean() > 0.99
    assert out["created_at"].min() >= pd.Timestamp("2016-01-01", tz="UTC")


def test_zendesk_api_json(tmp_path, books):
    tickets = [
        {"id": 35436, "subject": "Help, my printer is on fire!", "description": "The fire is very colorful.",
         "requester_id": 20978392, "submitter_id": 76872, "assignee_id": 235323, "organization_id": 509974,
         "group_id": 98738, "status": "open", "priority": "high", "tags": ["enterprise", "other_tag"],
         "via": {"channel": "web"}, "created_at": "2009-07-20T22:55:29Z",
         "satisfaction_rating": {"score": "good", "comment": "Great support!"}},
        {"id": 35437, "subject": "Pix", "description": "", "requester_id": 1, "status": "solved",
         "tags": [], "via": {"channel": "email"}, "created_at": "2009-07-21T10:00:00Z",
         "satisfaction_rating": {"score": "unoffered"}},
    ]
    path = tmp_path / "zendesk_api.json"
    path.write_text(json.dumps({"tickets": tickets, "count": 2}), encoding="utf-8")
    result = read_tickets(path)
    books(result)
    assert any("preset zendesk (detected)" in n for n in result.notes)
    out = result.frame.set_index("ticket_id")
    assert out.loc["35436", "text"] == "Help, my printer is on fire!\n\nThe fire is very colorful."
    assert out.loc["35436", "tags"] == "enterprise, other_tag" and pd.isna(out.loc["35437", "tags"])
    assert (out.loc["35436", "channel"], out.loc["35436", "agent"], out.loc["35436", "customer_id"]) == (
        "web", "235323", "20978392")
    assert out.loc["35436", "csat"] == 1.0 and np.isnan(out.loc["35437", "csat"])
    assert json.loads(out.loc["35436", "extra"])["satisfaction_rating.comment"] == "Great support!"


def test_a_cpf_column_identifies_the_customer_and_becomes_a_keyed_pseudonym(tmp_path):
    """A Brazilian help desk's export often has no customer id but the customer's CPF: it is the id
    (repeat contacts need one), written the same whatever its spelling, and pseudonymised by cleaning
    whatever its check digits. 'Canal de Atendimento' / 'Situação do Chamado' are channel and status."""
    from vocmine.ingest import read_customers
    from vocmine.text import clean_frame
    from vocmine.text.pii.fields import protect_customers, pseudonym

    text = ("Nº do Chamado;Data de Abertura;Descrição;CPF do Cliente;Canal de Atendimento;Situação do Chamado\n"
            "#1;02/03/2026 10:00;O boleto não compensou;529.982.247-25;WhatsApp;Resolvido\n"
            "#2;03/03/2026 11:00;Ainda sem resposta do boleto;52998224725;E-mail;Aberto\n"
            "#3;04/03/2026 12:00;App trava no login;367.744.329-36;Chat;Fechado\n"
            "#4;05/03/2026 13:00;Quero cancelar;1234567890;Telefone;Fechado\n")
    path = tmp_path / "chamados.csv"
    path.write_bytes(text.encode("cp1252"))
    frame = read_tickets(path).frame
    assert frame["customer_id"].tolist() == ["529.982.247-25", "529.982.247-25", "367.744.329-36",
                                             "012.345.678-90"]  # the spreadsheet's lost leading zero back
    assert frame["channel"].tolist() == ["WhatsApp", "E-mail", "Chat", "Telefone"]
    assert frame["status"].notna().all()
    cleaned = clean_frame(frame, n_process=1, pii_key="secret")
    ids = cleaned["customer_id"].tolist()
    assert all(i.startswith("anon-") for i in ids) and ids[0] == ids[1] and len(set(ids)) == 3
    # the customers table, keyed by CPF too, joins on the same pseudonym
    (tmp_path / "clientes.csv").write_text("cpf_cliente;Plano\n52998224725;Pro\n1234567890;Free\n", encoding="utf-8")
    cust = protect_customers(read_customers(tmp_path / "clientes.csv").frame, key="secret")
    assert set(cust["customer_id"]) == {ids[0], ids[3]} and ids[0] == pseudonym("52998224725", key="secret")


def test_salesforce_cases_and_hubspot_tickets_headers(write, books):
    """Two big CRMs' default exports are read without a column map: when the case was opened and
    closed, its origin, the contact (a hashed e-mail, or the contact's id), subject before description;
    the contact's name is dropped as personal data."""
    sf = ("Case Number,Subject,Description,Status,Priority,Case Origin,Date/Time Opened,Date/Time Closed,"
          "Contact Email,Account Name\n"
          "00001001,Card not working,My card was declined at the shop,Closed,High,Phone,03/14/2026 09:15 AM,"
          "03/14/2026 01:20 PM,ana@example.com,Acme Ltd\n"
          "00001002,Refund,I still have not received my refund,New,Low,Email,03/20/2026 04:00 PM,,bob@example.com,"
          "Globex\n")
    result = read_tickets(write("cases.csv", sf))
    books(result)
    f = result.frame
    assert f["ticket_id"].tolist() == ["00001001", "00001002"]
    assert f.loc[0, "created_at"] == pd.Timestamp("2026-03-14 09:15", tz="UTC")
    assert f.loc[0, "solved_at"] == pd.Timestamp("2026-03-14 13:20", tz="UTC") and pd.isna(f.loc[1, "solved_at"])
    assert f["channel"].tolist() == ["Phone", "Email"]
    assert f.loc[0, "text"].startswith("Card not working") and "declined" in f.loc[0, "text"]
    assert f["customer_id"].str.startswith("email:").all() and "ana@example.com" not in f.to_csv()
    hs = ("Ticket ID,Ticket name,Ticket description,Create date,Close date,Ticket status,Pipeline,Source,Priority,"
          "Associated Contact,Associated Contact IDs\n"
          "5001,Login issue,I cannot log in since the update,2026-03-02 10:00,2026-03-02 12:00,Closed,Support,"
          "Chat,HIGH,Ana Souza,100123\n"
          "5002,Fees,Why was I charged twice this month,2026-03-03 11:00,,New,Support,Email,LOW,Bob Lima,100124\n")
    result = read_tickets(write("hubspot.csv", hs))
    books(result)
    f = result.frame
    assert f["customer_id"].tolist() == ["100123", "100124"] and f["channel"].tolist() == ["Chat", "Email"]
    assert f.loc[0, "solved_at"] == pd.Timestamp("2026-03-02 12:00", tz="UTC")
    assert f.loc[1, "text"].startswith("Fees") and "charged twice" in f.loc[1, "text"]
    assert "Ana Souza" not in f.to_csv() and any("Associated Contact" in n and "dropped" in n for n in result.notes)
