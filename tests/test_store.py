"""History store: append per period, replace on re-run, never raw text."""

from __future__ import annotations

import pandas as pd
import pytest

from vocmine.exceptions import InputError, PIILeakError
from vocmine.store import HistoryStore, monthly_aggregates


def _tickets(period: str, n: int = 6, offset: int = 0) -> pd.DataFrame:
    start = pd.Timestamp(f"{period}-03", tz="UTC")
    return pd.DataFrame({
        "ticket_id": [f"T{offset + i:04d}" for i in range(n)],
        "created_at": [start + pd.Timedelta(hours=5 * i) for i in range(n)],
        "customer_id": [f"C{i % 3}" for i in range(n)],
        "product": ["billing"] * (n - 1) + ["app"],
        "csat": [1.0, 0.0, 0.5, None, 1.0, 0.25][:n],
        "reopens": [0, 1, 0, 2, 0, 0][:n],
        "handle_minutes": [10.0] * n,
        "topic_id": [0, 0, 1, 1, -1, 0][:n],
        "topic_label": ["boleto", "boleto", "login", "login", "outlier", "boleto"][:n],
        "text_display": ["meu boleto [CPF] venceu"] * n,
    })


def _catalogue() -> pd.DataFrame:
    return pd.DataFrame({"topic_id": [0, 1], "label": ["boleto", "login"], "keywords": [["boleto", "pix"], ["senha"]],
                         "size": [3, 2], "first_seen": ["2026-03", "2026-03"], "last_seen": ["2026-04", "2026-04"],
                         "centroid": [[0.1, 0.2], [0.3, 0.4]]})


def test_write_read_and_rerun_replaces(tmp_path):
    store = HistoryStore(tmp_path / "h.duckdb")
    assert store.periods() == []
    store.write_period("2026-03", tickets=_tickets("2026-03"), catalogue=_catalogue(),
                       customers=pd.DataFrame({"customer_id": ["C0", "C1"], "churned_at": [None, "2026-05-01"]}),
                       run={"run_id": "r1", "seed": 7, "status": "ok", "params": {"top_n": 5}})
    store.write_period("2026-04", tickets=_tickets("2026-04", offset=100), catalogue=_catalogue())
    assert store.periods() == ["2026-03", "2026-04"]
    before = store.counts()
    assert before["tickets"] == 12
    # re-running a month replaces it
    store.write_period("2026-04", tickets=_tickets("2026-04", n=4, offset=100), catalogue=_catalogue())
    after = store.counts()
    assert after["tickets"] == 10 and after["topic_catalogue"] == 4
    t = store.read_tickets(until="2026-03")
    assert len(t) == 6 and set(t["period"]) == {"2026-03"}
    assert str(t["created_at"].dt.tz) == "UTC"
    assert t["topic_id"].dtype == "int64"
    cat = store.read_catalogue("2026-04")
    # centroids stay in the binary topic state (clustering.state): the store keeps no float arrays as text
    assert cat.loc[0, "keywords"] == ["boleto", "pix"] and cat.loc[1, "centroid"] == []
    cust = store.read_customers()
    assert list(cust["customer_id"]) == ["C0", "C1"] and cust["churned_at"].isna().sum() == 1
    runs = store.read_runs()
    assert runs.loc[0, "run_id"] == "r1" and '"top_n": 5' in runs.loc[0, "params"]
    agg = store.read_aggregates()
    assert set(agg["period"]) == {"2026-03", "2026-04"}
    assert agg.groupby("period")["share"].sum().round(6).eq(1.0).all()


def test_refuses_raw_text_and_withholds_unredacted(tmp_path, caplog):
    store = HistoryStore(tmp_path / "h.duckdb")
    with pytest.raises(PIILeakError):  # a raw column is a structural leak: it still stops the run
        store.write_period("2026-03", tickets=_tickets("2026-03").assign(text_raw="x"))
    with pytest.raises(PIILeakError):
        store.write_period("2026-03", tickets=_tickets("2026-03").assign(extra='{"a": 1}'))
    assert not store.exists() or store.counts()["tickets"] == 0
    # one unredacted ticket no longer stops the month (issue 13): it is withheld, logged and counted
    leaky = _tickets("2026-03")
    leaky.loc[2, "text_display"] = "me liga, meu email é maria.silva@example.com"
    with caplog.at_level("WARNING", logger="vocmine"):
        written = store.write_period("2026-03", tickets=leaky)
    assert written["tickets"] == 6 and written["pii_withheld"] == 1
    t = store.read_tickets().set_index("ticket_id")
    assert t.loc["T0002", "text_display"] == "[WITHHELD]" and t.loc["T0001", "text_display"] == "meu boleto [CPF] venceu"
    assert "T0002" in caplog.text and "email" in caplog.text and "maria.silva" not in caplog.text


def test_texts_are_checked_one_by_one(tmp_path):
    # joined with a newline these two read as "... 720200)\nComplaint track order 00123842" (a CEP once)
    t = _tickets("2026-03", n=2)
    t["text_display"] = ["(pedido 720200)", "Complaint track order 00123842 SP"]
    written = HistoryStore(tmp_path / "h.duckdb").write_period("2026-03", tickets=t)
    assert written["pii_withheld"] == 0


def test_personal_ids_pseudonymised_and_joins_hold(tmp_path, monkeypatch):
    monkeypatch.setenv("VOCMINE_PII_KEY", "test-key")
    store = HistoryStore(tmp_path / "h.duckdb")
    t = _tickets("2026-03", n=3)
    t["customer_id"] = ["529.982.247-25", "ana@example.com", "C7"]
    t["agent"] = ["Bruno Matos", "Ana Lima", None]
    t["product"] = ["app (cel 11 98765-4321)", "billing", "app"]
    cust = pd.DataFrame({"customer_id": ["52998224725", "ANA@example.com", "C7"], "churned_at": [None, None, None]})
    store.write_period("2026-03", tickets=t, customers=cust)
    got = store.read_tickets()
    ids = got["customer_id"].tolist()
    assert ids[0].startswith("anon-") and ids[1].startswith("anon-") and ids[2] == "C7"
    assert set(store.read_customers()["customer_id"]) == set(ids)  # same pseudonym on both sides
    assert got["agent"].str.startswith("agent-").sum() == 2 and "Bruno" not in " ".join(got["agent"].dropna())
    assert got.loc[0, "product"] == "app (cel [PHONE])"


def test_failed_write_rolls_back(tmp_path, monkeypatch):
    store = HistoryStore(tmp_path / "h.duckdb")
    store.write_period("2026-03", tickets=_tickets("2026-03"))
    calls = {"n": 0}
    orig = HistoryStore._insert

    def flaky(con, name, frame):
        calls["n"] += 1
        if name == "monthly_aggregates":
            raise RuntimeError("disk full")
        return orig(con, name, frame)

    monkeypatch.setattr(HistoryStore, "_insert", staticmethod(flaky))
    with pytest.raises(RuntimeError):
        store.write_period("2026-03", tickets=_tickets("2026-03", n=2))
    monkeypatch.undo()
    assert store.counts()["tickets"] == 6  # previous content intact


def test_read_missing_store_raises(tmp_path):
    with pytest.raises(InputError):
        HistoryStore(tmp_path / "nope.duckdb").read_tickets()


def test_monthly_aggregates_values():
    agg = monthly_aggregates(_tickets("2026-03").assign(period="2026-03"))
    row = agg.set_index("topic_id").loc[0]
    assert row["tickets"] == 3 and row["csat_n"] == 3
    assert row["csat_mean"] == pytest.approx((1.0 + 0.0 + 0.25) / 3)
    assert row["reopen_rate"] == pytest.approx(1 / 3)
