"""Required columns an export names its own way (no preset alias): found from the header's words and
checked on the values (vocmine.ingest.guess)."""

from __future__ import annotations

import pandas as pd
import pytest

from vocmine.exceptions import SchemaError
from vocmine.ingest import read_tickets

# the header of the US consumer-complaint database (CFPB), two rows
CFPB = ("Date received,Product,Sub-product,Issue,Sub-issue,Consumer complaint narrative,Company public response,"
        "Company,State,ZIP code,Tags,Consumer consent provided?,Submitted via,Date sent to company,"
        "Company response to consumer,Timely response?,Consumer disputed?,Complaint ID\n"
        "03/14/25,Credit card,Store credit card,Fees or interest,,I was charged a late fee of {$35.00} on XX/XX/2025 "
        "although I paid on time.,Company has responded,BANK CORP,CA,902XX,,Consent provided,Web,03/15/25,"
        "Closed with explanation,Yes,N/A,8123456\n"
        "03/20/25,Checking or savings account,Checking account,Managing an account,,My account XXXX was frozen "
        "without notice and I cannot pay rent.,,BANK CORP,TX,733XX,Servicemember,Consent provided,Web,03/20/25,"
        "In progress,Yes,N/A,8123999\n")


def test_a_complaint_export_without_aliases_is_read_from_its_headers_words(write, books):
    result = read_tickets(write("complaints.csv", CFPB))
    books(result)
    f = result.frame.set_index("ticket_id")
    assert list(f.index) == ["8123456", "8123999"]
    assert f.loc["8123456", "text"].startswith("I was charged a late fee")  # the narrative, not the issue
    assert f.loc["8123999", "created_at"] == pd.Timestamp("2025-03-20", tz="UTC")  # received, not sent
    notes = " | ".join(result.notes)
    assert "text read from column 'Consumer complaint narrative'" in notes
    assert "created_at read from column 'Date received'" in notes
    assert "ticket_id read from column 'Complaint ID'" in notes
    # the consumer's State (CA, TX) is a region, not the ticket's status
    assert f["status"].isna().all() if "status" in f.columns else True
    assert "column 'State' holds two-letter region codes" in notes
    assert '"State": "CA"' in f.loc["8123456", "extra"]


def test_a_brazilian_complaint_export(write, books):
    text = ("Protocolo,Data da reclamação,Título,Relato,Nota do consumidor,Cidade\n"
            "RA-1,05/03/2025,Cobrança indevida,Fui cobrado duas vezes pela mesma compra no cartão.,2,Recife\n"
            "RA-2,28/03/2025,Entrega,O pedido não chegou e ninguém responde meus e-mails.,0,Natal\n")
    result = read_tickets(write("ra.csv", text))
    books(result)
    f = result.frame.set_index("ticket_id")
    # the title is the subject alias; the account itself is found by its header word
    assert f.loc["RA-1", "text"] == "Cobrança indevida\n\nFui cobrado duas vezes pela mesma compra no cartão."
    assert f.loc["RA-2", "created_at"] == pd.Timestamp("2025-03-28", tz="UTC")


def test_a_date_column_is_not_guessed_when_two_could_be_it(write):
    """Two date columns, neither saying it is the start: no guess (the error lists both)."""
    text = "Complaint ID,Date A,Date B,Narrative\n1,2025-01-02,2025-01-03,The card was blocked at the store.\n"
    with pytest.raises(SchemaError, match="missing required column.*created_at"):
        read_tickets(write("two.csv", text))


def test_what_is_not_an_id_date_or_text_is_not_taken_for_one(write):
    """A customer id is not a ticket id, a resolution date not a creation date, a code shared by
    tickets not an id, a short comment not a text."""
    text = ("Customer ID,Resolution date,Reason code,Agent comment,Ticket notes\n"
            "C1,2025-01-02,AB,ok,The app crashes when I open my invoices.\n"
            "C2,2025-01-03,AB,done,Payment failed twice with the same card.\n")
    with pytest.raises(SchemaError) as err:
        read_tickets(write("no.csv", text))
    assert "ticket_id" in str(err.value) and "created_at" in str(err.value) and "text" in str(err.value)


def _store_reviews(n: int = 120) -> str:
    """A store's review export shaped like Olist's: a review id repeated once (one review covering two
    orders), an order id, a 1-5 score, a title that is mostly blank, a message that is sometimes
    blank, the creation date and the store's answer time."""
    rows = ["review_id,order_id,review_score,review_comment_title,review_comment_message,"
            "review_creation_date,review_answer_timestamp"]
    for i in range(n):
        rid = "r0" if i == 1 else f"r{i}"
        title = "Recomendo" if i % 10 == 0 else ""
        message = "" if i % 10 == 0 else ("Produto chegou antes do prazo, muito bom." if i % 2 else
                                           "Não recebi o pedido e ninguém responde.")
        rows.append(f'{rid},o{i},{1 + i % 5},{title},"{message}",2018-0{1 + i % 3}-1{i % 9} 00:00:00,'
                    f"2018-0{1 + i % 3}-1{i % 9} 12:00:00")
    return "\n".join(rows) + "\n"


def test_a_store_review_export_gives_id_date_text_title_and_score(write, books):
    result = read_tickets(write("reviews.csv", _store_reviews()))
    books(result)
    f = result.frame.set_index("ticket_id")
    notes = " | ".join(result.notes)
    # an id with one repeated value is still the id (the ingest keeps the last of the two)
    assert "ticket_id read from column 'review_id'" in notes and "119 distinct of 120" in notes
    assert "created_at read from column 'review_creation_date'" in notes  # not the answer's time
    # a review with a title and no message keeps its title as its text
    assert f.loc["r10", "text"] == "Recomendo"
    assert f.loc["r11", "text"] == "Produto chegou antes do prazo, muito bom."
    # the score no alias names is the CSAT, read on its 1-5 scale
    assert "csat read from column 'review_score'" in notes
    assert f.loc["r4", "csat"] == pytest.approx(1.0) and f.loc["r5", "csat"] == pytest.approx(0.0)


def test_a_score_that_is_not_satisfaction_is_not_the_csat(write):
    """A priority or NPS column is not the CSAT; two satisfaction-like scores: neither, said in a note."""
    text = ("Complaint ID,Date received,Narrative,Priority score,NPS\n"
            "1,2025-01-02,The card was blocked at the store.,3,9\n"
            "2,2025-01-03,Payment failed twice with the same card.,1,4\n")
    result = read_tickets(write("p.csv", text))
    assert "csat" not in result.frame.columns or result.frame["csat"].isna().all()
    text = ("Complaint ID,Date received,Narrative,Rating,Agent score x\n"
            "1,2025-01-02,The card was blocked at the store.,3,4\n"
            "2,2025-01-03,Payment failed twice with the same card.,1,5\n")
    # "Agent score" names another entity: Rating alone is the score
    result = read_tickets(write("r.csv", text))
    assert result.frame["csat"].notna().all()
    text = ("Complaint ID,Date received,Narrative,Review score,Delivery rating\n"
            "1,2025-01-02,The card was blocked at the store.,3,4\n"
            "2,2025-01-03,Payment failed twice with the same card.,1,5\n")
    result = read_tickets(write("two.csv", text))
    assert "csat" not in result.frame.columns or result.frame["csat"].isna().all()
    assert any("csat: not guessed, several columns may hold it" in n for n in result.notes)
