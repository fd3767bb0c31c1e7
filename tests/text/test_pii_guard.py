"""Issue 13: the guard checks each text on its own and withholds a ticket instead of stopping a run;
identifiers and structured fields are protected in the cleaning stage."""

from __future__ import annotations

import json
import logging

import pandas as pd
import pytest

from vocmine._io import WITHHELD, check_raw_columns, screen_texts
from vocmine.exceptions import PIILeakError
from vocmine.schema import TEXT, TEXT_DISPLAY, TEXT_LEMMAS, TEXT_MODEL
from vocmine.text import clean_frame
from vocmine.text.pii.fields import personal_column, protect_customers, protect_fields, pseudonym


def test_screen_texts_checks_each_text_alone():
    texts = ["(pedido 720200)", "Complaint track order 00123842 SP", "mail ana@x.com.br", None, "", "ok"]
    assert screen_texts(texts) == {2: ("email",)}


def test_structural_leak_still_raises():
    with pytest.raises(PIILeakError, match="text_raw"):
        check_raw_columns(["ticket_id", "text_raw"], where="x.csv")
    check_raw_columns(["ticket_id", "text_display"], where="x.csv")


def test_clean_frame_withholds_a_ticket_the_redactor_missed(monkeypatch, caplog):
    import vocmine.text.frame as fr
    import vocmine.text.pipeline as pl

    # simulate a detector miss: redaction does nothing, so only the guard stands between the value and disk
    monkeypatch.setattr(pl, "redact_compiled", lambda text, compiled: text)
    monkeypatch.setattr(fr, "redact_compiled", lambda text, compiled: text)
    frame = pd.DataFrame({"ticket_id": ["T1", "T2", "T3"],
                          TEXT: ["boleto não compensou", "meu email é maria.silva@example.com", "app trava no login"]})
    with caplog.at_level(logging.WARNING, logger="vocmine"):
        out = clean_frame(frame, n_process=1, pii_key="k")
    assert out["pii_withheld"].tolist() == [False, True, False]
    assert out.loc[1, "pii_withheld_kinds"] == "email" and out.loc[0, "pii_withheld_kinds"] == ""
    assert out.loc[1, TEXT_DISPLAY] == WITHHELD and out.loc[1, TEXT_MODEL] == "" and out.loc[1, TEXT_LEMMAS] == ""
    assert out.loc[0, TEXT_DISPLAY] == "boleto não compensou"
    assert out.attrs["pii_withheld"] == {"T2": ["email"]}
    assert "T2" in caplog.text and "email" in caplog.text and "maria.silva" not in caplog.text


def test_clean_frame_protects_ids_and_fields():
    frame = pd.DataFrame({
        "ticket_id": ["T1", "T2", "T3"],
        TEXT: ["oi", "hello", "olá"],
        "customer_id": ["529.982.247-25", "ana@example.com", "C00042"],
        "agent": ["Bruno Matos", "Bruno Matos", None],
        "product": ["app", "app 11 98765-4321 (whatsapp 11 98765-4321)", None],
        "group": ["Pagamentos", "me chamo Ana Souza", "x"],
        "Telefone": ["(11) 98765-4321", None, "21 2345-6789"],
        "extra": [json.dumps({"cliente_cpf": "52998224725", "nota": "cpf 529.982.247-25"}), None, "not json ana@x.com"],
    })
    out = clean_frame(frame, n_process=1, pii_key="secret")
    cpf_id = pseudonym("52998224725", key="secret")
    assert out["customer_id"].tolist() == [cpf_id, pseudonym("ana@example.com", key="secret"), "C00042"]
    assert out.loc[0, "agent"] == out.loc[1, "agent"] and out.loc[0, "agent"].startswith("agent-")
    assert pd.isna(out.loc[2, "agent"])
    assert out.loc[1, "product"] == "app [PHONE] (whatsapp [PHONE])" and out.loc[1, "group"] == "me chamo [NAME]"
    assert out["Telefone"].dropna().str.startswith("anon-").all()
    extra = json.loads(out.loc[0, "extra"])
    assert extra == {"cliente_cpf": cpf_id, "nota": "cpf [CPF]"}
    assert out.loc[2, "extra"] == "not json [EMAIL]"
    # the customers table gets the same pseudonym, so tickets and customers still join
    cust = protect_customers(pd.DataFrame({"customer_id": ["52998224725", "C00042"]}), key="secret")
    assert set(cust["customer_id"]) <= set(out["customer_id"])
    # idempotent: protecting twice changes nothing
    again = protect_fields(out, key="secret")
    pd.testing.assert_frame_equal(again, out)


@pytest.mark.parametrize(("name", "personal"), [
    ("cliente_cpf", True), ("E-mail", True), ("email_address", True), ("Telefone", True), ("celular", True),
    ("documento", True), ("RG", True), ("nome", True), ("customerName", True), ("endereço", True),
    ("address", True), ("plan", False), ("mrr", False), ("channel", False), ("region", False), ("tags", False),
])
def test_personal_column_names(name, personal):
    assert personal_column(name) is personal


def test_pseudonym_is_keyed_and_normalised():
    assert pseudonym("529.982.247-25", key="a") == pseudonym("52998224725", key="a")
    assert pseudonym("52998224725", key="a") != pseudonym("52998224725", key="b")
    assert pseudonym("Ana@Example.com", key="a") == pseudonym("ana@example.com", key="a")
    p = pseudonym("x", key="a")
    assert pseudonym(p, key="b") == p and pseudonym(None) is None


def test_protect_fields_keeps_missing_values():
    frame = pd.DataFrame({"customer_id": pd.Series(["ana@x.com", None, "C1"], dtype="string"),
                          "agent": pd.Series([None, "Ana", None], dtype="str"),
                          "product": pd.Series(["app", None, "cel 11 98765-4321"], dtype="string")})
    out = protect_fields(frame, key="k")
    assert out["customer_id"].isna().tolist() == [False, True, False] and out.loc[2, "customer_id"] == "C1"
    assert out["agent"].isna().tolist() == [True, False, True]
    assert out.loc[2, "product"] == "cel [PHONE]" and pd.isna(out.loc[1, "product"])
