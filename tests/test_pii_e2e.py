"""Issue 13 end to end: the sample export with the formats that used to leak planted in August tickets
(text, customer ids, agent, product, an unknown personal column) goes through `vocmine run`; no planted
value reaches any published file, the run's log or the history store, and the run exits 0."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from test_pii_planted import PLANTED

REPO = Path(__file__).resolve().parents[1]
IDS = {"529.982.247-25": "cpf", "ana.planted@example.com": "email", "+55 11 98765-4321": "phone"}
AGENT = "Josefina Planted"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def planted_run(tmp_path_factory, sample_dir):
    tmp = tmp_path_factory.mktemp("pii-e2e")
    tickets = pd.read_csv(sample_dir / "tickets.csv", dtype=str, keep_default_na=False)
    tickets["cliente_cpf"] = ""
    rows = []
    for i, (value, sentence) in enumerate(PLANTED.items()):
        base = tickets.iloc[-1 - i].to_dict()
        cust = list(IDS)[i % len(IDS)]
        rows.append({**base, "ticket_id": f"P{i:04d}", "created_at": f"2026-08-{10 + i % 15:02d}T10:00:00-03:00",
                     "subject": "Preciso de ajuda", "body": sentence, "customer_id": cust, "agent": AGENT,
                     "product": f"app (tel {list(IDS)[2]})", "cliente_cpf": "52998224725"})
    export = pd.concat([tickets, pd.DataFrame(rows)], ignore_index=True)
    path = tmp / "tickets.csv"
    export.to_csv(path, index=False)
    out = tmp / "reports"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    proc = subprocess.run([sys.executable, "-m", "vocmine", "run", str(path), "--customers",
                           str(sample_dir / "customers.csv"), "--period", "2026-08", "--out", str(out)],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=1500)
    return {"proc": proc, "out": out}


def test_run_exits_zero_and_counts_withheld(planted_run):
    proc = planted_run["proc"]
    assert proc.returncode == 0, proc.stderr[-3000:]
    manifest = json.loads((planted_run["out"] / "2026-08" / "manifest.json").read_text())
    assert isinstance(manifest["pii_withheld"], int) and manifest["pii_withheld"] >= 0


def test_no_planted_value_in_published_files_log_or_store(planted_run):
    values = list(PLANTED) + list(IDS) + ["52998224725", AGENT, "98765-4321"]
    needles = [v.lower() for v in values] + ["".join(c for c in v if c.isdigit()) for v in values
                                            if sum(c.isdigit() for c in v) >= 8]
    out = planted_run["out"]
    texts = {"stdout+stderr": planted_run["proc"].stdout + planted_run["proc"].stderr}
    for p in out.rglob("*"):
        if p.is_file() and p.suffix in (".html", ".md", ".csv", ".ipynb", ".json", ".txt", ".log"):
            texts[str(p.relative_to(out))] = p.read_text(errors="replace")
    con = duckdb.connect(str(out / "history.duckdb"), read_only=True)
    try:
        for (table,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall():
            rows = con.execute(f"SELECT CAST(COLUMNS(*) AS VARCHAR) FROM {table}").fetchall()
            texts[f"store:{table}"] = "\n".join(map(str, rows))
    finally:
        con.close()
    assert len(texts) > 15
    leaks = []
    for where, text in texts.items():
        low = text.lower()
        digits_only = "".join(c for c in low if c.isdigit() or c in "\n ,")
        for v in needles:
            if v.isdigit():
                if any(tok == v for tok in digits_only.replace(",", " ").split()):
                    leaks.append((where, v))
            elif v in low:
                leaks.append((where, v))
    assert not leaks, leaks[:10]
