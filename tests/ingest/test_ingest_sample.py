"""The bundled sample reads as generic with values equal to a plain pandas reading."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from vocmine import schema as S
from vocmine.ingest import read_customers, read_tickets


@pytest.fixture(scope="module")
def sample(repo_dir):
    tickets = repo_dir / "data" / "sample" / "tickets.csv"
    if not tickets.exists():
        pytest.fail("data/sample is not generated yet")  # the sample is committed: its absence is a defect, not a skip
    return tickets.parent


def test_sample_tickets_match_plain_pandas(sample, books):
    result = read_tickets(sample / "tickets.csv", preset="auto")
    books(result)
    assert any("preset generic (detected)" in n for n in result.notes)
    out = result.frame.set_index(S.TICKET_ID)
    assert list(result.frame.columns) == list(S.TICKET_FRAME_COLUMNS)
    raw = pd.read_csv(sample / "tickets.csv", dtype=str, keep_default_na=False).set_index("ticket_id")
    assert len(raw) == result.rows_read
    raw = raw.loc[out.index]
    for col in S.TICKET_TIME_COLUMNS:
        ref = pd.to_datetime(raw[col].replace("", None), utc=True, format="ISO8601")
        assert ((ref == out[col]) | (ref.isna() & out[col].isna())).all(), col
    assert np.allclose((pd.to_numeric(raw["csat"].replace("", None)) - 1) / 4, out["csat"], equal_nan=True)
    for col in ("handle_minutes", "wait_minutes"):
        assert np.allclose(pd.to_numeric(raw[col].replace("", None)), out[col], equal_nan=True)
    assert (pd.to_numeric(raw["reopens"]).astype("Int64") == out["reopens"]).all()
    expected = ["\n\n".join(p for p in (s.strip(), b.strip()) if p) for s, b in zip(raw["subject"], raw["body"])]
    assert out["text"].tolist() == expected
    # every quarantined row is one the sample planted as empty
    for row in result.quarantine["row"]:
        assert result.quarantine.loc[result.quarantine["row"] == row, "reason"].str.contains("text is missing").all()


def test_sample_customers(sample, books):
    result = read_customers(sample / "customers.csv")
    books(result)
    raw = pd.read_csv(sample / "customers.csv", dtype=str, keep_default_na=False)
    assert result.rows_accepted == len(raw) and result.frame["customer_id"].is_unique
    churned = raw["churned_at"] != ""
    assert int(result.frame["churned_at"].notna().sum()) == int(churned.sum())
    assert np.allclose(result.frame["mrr"], pd.to_numeric(raw["mrr"]))
