"""read_customers: CustomerFrame, boolean churn with an observation date, quarantine."""

from __future__ import annotations

import hashlib
import json

import pandas as pd
import pytest

from vocmine.exceptions import ConfigError, SchemaError
from vocmine.ingest import read_customers


def test_customers_generic(write, books):
    text = ("customer_id,plan,mrr,signup_at,churned_at,Segmento\n"
            "C1,basic,49.90,2021-12-10,,PME\n"
            "C2,pro,\"R$ 1.299,90\",2022-01-05,2024-03-01T12:00:00-03:00,\n"
            "C3,pro,-5,2022-01-05,,\n"
            ",pro,5,2022-01-05,,\n"
            "C1,plus,59.90,2021-12-10,,PME\n")
    result = read_customers(write("customers.csv", text))
    books(result)
    out = result.frame.set_index("customer_id")
    assert list(out.index) == ["C2", "C1"]
    assert out.loc["C1", "plan"] == "plus" and out.loc["C1", "mrr"] == 59.9  # last duplicate kept
    assert out.loc["C2", "mrr"] == 1299.9
    assert out.loc["C2", "churned_at"] == pd.Timestamp("2024-03-01 15:00", tz="UTC")
    assert pd.isna(out.loc["C1", "churned_at"])
    assert out.loc["C1", "signup_at"] == pd.Timestamp("2021-12-10", tz="UTC")
    assert str(result.frame["churned_at"].dtype) == "datetime64[ns, UTC]"
    assert json.loads(out.loc["C1", "extra"]) == {"Segmento": "PME"}
    reasons = dict(zip(result.quarantine["row"], result.quarantine["reason"]))
    assert reasons == {1: "duplicate customer_id; kept row 5", 3: "mrr is negative", 4: "customer_id is empty"}


def test_boolean_churn_with_observation_date(write, books):
    text = ("id_cliente,plano,cancelou,E-mail\n"
            "a@x.com,basic,sim,a@x.com\nK2,pro,não,k2@x.com\nK3,pro,talvez,\n")
    path = write("c.csv", text)
    with pytest.raises(ConfigError, match="observed_at"):
        read_customers(path)
    result = read_customers(path, column_map={"observed_at": {"date": "2024-06-30"}})
    books(result)
    out = result.frame.set_index("customer_id")
    hashed = "email:" + hashlib.sha256(b"a@x.com").hexdigest()[:16]  # e-mail ids are hashed
    assert list(out.index) == [hashed, "K2"]
    assert out.loc[hashed, "churned_at"] == pd.Timestamp("2024-06-30", tz="UTC")
    assert pd.isna(out.loc["K2", "churned_at"])
    assert result.quarantine["reason"].tolist() == ["cancelou is not true/false"]
    assert "E-mail" not in out.loc["K2", "extra"] and "k2@x.com" not in out.loc["K2", "extra"]


def test_boolean_churn_with_observed_at_column(write, books):
    text = "customer_id,churned,snapshot_date\nA,true,31/05/2024\nB,false,31/05/2024\n"
    result = read_customers(write("c.csv", text))
    books(result)
    assert result.frame["churned_at"].tolist()[0] == pd.Timestamp("2024-05-31", tz="UTC")
    assert pd.isna(result.frame["churned_at"].tolist()[1])


def test_customers_missing_id_column(write):
    with pytest.raises(SchemaError, match="customer_id.*closest found: \\['custmer'\\]"):
        read_customers(write("c.csv", "custmer,plan\nA,pro\n"))


def test_customers_column_map(write, books):
    text = "Código;Assinatura;Valor mensal;Desde\nX1;Pro;10,5;02/01/2023\n"
    cmap = {"customer_id": "Código", "plan": "Assinatura", "mrr": "Valor mensal", "signup_at": "Desde",
            "dayfirst": True, "timezone": "America/Sao_Paulo"}
    result = read_customers(write("c.csv", text), column_map=cmap)
    books(result)
    row = result.frame.iloc[0]
    assert (row["customer_id"], row["plan"], row["mrr"]) == ("X1", "Pro", 10.5)
    assert row["signup_at"] == pd.Timestamp("2023-01-02 03:00", tz="UTC")
