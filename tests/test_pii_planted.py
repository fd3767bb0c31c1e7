"""Issue 13: values in the formats that used to leak, planted in tickets and in structured fields,
never reach the history store or a written table; no ticket stops the month."""

from __future__ import annotations

import json

import duckdb
import pandas as pd

from vocmine.briefs.writers import write_csv
from vocmine.schema import RAW_TEXT_COLUMNS
from vocmine.store import HistoryStore
from vocmine.text import clean_frame

PLANTED = {  # value -> sentence it is planted in
    "251 239 370 48": "Meu CPF é 251 239 370 48, não consigo pagar o boleto",
    "600.869.934.37": "cpf 600.869.934.37 cadastrado errado",
    "529. 982. 247 - 25": "CPF: 529. 982. 247 - 25 (titular)",
    "529982247\n25": "segue meu cpf 529982247\n25 obrigado",
    "11 222 333 0001 81": "CNPJ 11 222 333 0001 81 da empresa",
    "11222333000181": "favor emitir NF para 11222333000181",
    "12ABC34501DE35": "Please invoice 12ABC34501DE35 for the order",
    "fe80::1ff:fe23:4567:890a": "my device IP is fe80::1ff:fe23:4567:890a and it drops",
    "Carla Mendes": "Oi, aqui é Carla Mendes, meu cartão não passa",
    "Ana Cristina Souza": "Me chamo Ana Cristina Souza e quero cancelar",
    "(85) 98708-6568": "celular (85) 98708-6568. No dia 14.04.2022 liguei",
    "+55 11 98765-4321": "whatsapp +55 11 98765-4321",
}


def test_planted_values_never_stored_or_written(tmp_path, monkeypatch):
    monkeypatch.setenv("VOCMINE_PII_KEY", "planted")
    n = len(PLANTED)
    frame = pd.DataFrame({
        "ticket_id": [f"T{i:03d}" for i in range(n)],
        "created_at": pd.Timestamp("2026-03-05", tz="UTC"),
        "text": list(PLANTED.values()),
        "customer_id": ["529.982.247-25", "ana@example.com", "11987654321"] + [f"C{i}" for i in range(n - 3)],
        "agent": ["Bruno Matos"] * n,
        "product": ["app (tel 11 98765-4321)"] + ["app"] * (n - 1),
        "extra": [json.dumps({"cliente_cpf": "52998224725"})] * n,
    })
    out = clean_frame(frame, n_process=1)
    assert not out["pii_withheld"].any()
    tickets = out.drop(columns=[c for c in RAW_TEXT_COLUMNS if c in out.columns]).assign(topic_id=0, topic_label="x")
    customers = pd.DataFrame({"customer_id": ["52998224725", "ANA@example.com", "C0"]})
    store = HistoryStore(tmp_path / "h.duckdb")
    store.write_period("2026-03", tickets=tickets, customers=customers)
    write_csv(tickets[["ticket_id", "customer_id", "agent", "product", "text_display", "text_model"]],
              tmp_path / "tickets.csv")
    con = duckdb.connect(str(tmp_path / "h.duckdb"), read_only=True)
    rows = [r for t in ("tickets", "customers") for r in con.execute(f"SELECT CAST(COLUMNS(*) AS VARCHAR) FROM {t}").fetchall()]
    dumped = "\n".join(map(str, rows))
    con.close()
    blob = dumped + (tmp_path / "tickets.csv").read_text()
    digits = "".join(c for c in blob if c.isdigit() or c == "\n")
    values = list(PLANTED) + ["529.982.247-25", "52998224725", "ana@example.com", "11987654321", "Bruno Matos",
                              "98765-4321"]
    leaks = [v for v in values if v.lower() in blob.lower()
             or (sum(c.isdigit() for c in v) >= 8 and "".join(c for c in v if c.isdigit()) in digits)]
    assert not leaks
    assert set(store.read_customers()["customer_id"]) & set(store.read_tickets()["customer_id"])  # joins hold
