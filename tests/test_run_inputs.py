"""One real `vocmine run` on a small export that exercises the input options end to end.

The export (built from the bundled sample) has headers no alias knows, so it needs --column-map; one
ticket is dated 2031; it holds June and the first days of August, so the month before the newest is
empty; and --min-sample-size is above any topic's size. Expected: the run publishes June (the last whole
month holding tickets), months are cut at -03:00 (the offset the export's timestamps carry), the 2031
ticket is quarantined, and the brief says what cannot be measured.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from vocmine._time import period_of

REPO = Path(__file__).resolve().parents[1]
RENAME = {"ticket_id": "Ref", "created_at": "Opened", "subject": "Headline", "body": "Details", "customer_id": "Client",
          "csat": "Happiness", "handle_minutes": "Effort", "first_response_at": "Replied", "solved_at": "Finished"}


@pytest.fixture(scope="module")
def run_out(tmp_path_factory, sample_dir):
    tmp = tmp_path_factory.mktemp("run_inputs")
    d = pd.read_csv(sample_dir / "tickets.csv", dtype=str, keep_default_na=False)
    month, day = d["created_at"].str[:7], d["created_at"].str[8:10].astype(int)
    keep = d[(month == "2026-06") | ((month == "2026-08") & (day <= 10))].copy()
    future = keep.iloc[[0]].assign(ticket_id="T-FUTURE", created_at="2031-07-01T10:00:00-03:00")
    export = tmp / "export.csv"
    pd.concat([keep, future])[list(RENAME)].rename(columns=RENAME).to_csv(export, index=False)
    cmap = tmp / "map.yaml"
    cmap.write_text("".join(f"{k}: {v}\n" for k, v in RENAME.items() if k != "csat")
                    + "csat: {column: Happiness, scale: '1-5'}\n", encoding="utf-8")
    out = tmp / "reports"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    proc = subprocess.run([sys.executable, "-m", "vocmine", "run", str(export), "--column-map", str(cmap),
                           "--out", str(out), "--min-sample-size", "5000", "--languages", "en"],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=1200)
    return {"proc": proc, "out": out, "keep": keep, "export": export, "cmap": cmap}


def test_run_with_column_map_publishes_the_last_month_with_tickets(run_out):
    proc = run_out["proc"]
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr
    assert "published 2026-06 under" in proc.stdout          # July is empty, August partial: June
    manifest = json.loads((run_out["out"] / "2026-06" / "manifest.json").read_text())
    acc = manifest["row_accounting"]
    assert [(r["rows_read"], r["rows_accepted"], r["rows_quarantined"]) for r in acc] == \
        [(len(run_out["keep"]) + 1, len(run_out["keep"]), 1)]   # the 2031 ticket
    assert manifest["parameters"]["timezone"] == "UTC-03:00"


def test_months_are_cut_in_the_exports_zone(run_out):
    keep = run_out["keep"]
    created = pd.to_datetime(keep["created_at"], utc=True, format="ISO8601")
    june_local = int((period_of(created, "UTC-03:00") == "2026-06").sum())
    june_utc = int((period_of(created) == "2026-06").sum())
    assert june_local > june_utc       # the evening of 30 June in São Paulo is July in UTC
    con = duckdb.connect(str(run_out["out"] / "history.duckdb"), read_only=True)
    try:
        stored = con.sql("SELECT period, count(*) AS n FROM tickets GROUP BY period").fetchall()
    finally:
        con.close()
    assert dict(stored) == {"2026-06": june_local}


def test_thin_month_brief_says_what_is_missing(run_out):
    md = (run_out["out"] / "2026-06" / "product_brief.en.md").read_text(encoding="utf-8")
    assert "no topic reached the minimum sample of 5,000 observations" in md
    assert "\u201c–\u201d" not in md


def test_the_run_says_why_rows_were_quarantined_and_which_month_it_left_out(run_out):
    proc = run_out["proc"]
    manifest = json.loads((run_out["out"] / "2026-06" / "manifest.json").read_text())
    # the quarantine entries are written where the summary and the manifest point
    q_file = Path(manifest["quarantine_file"])
    assert f"why each was quarantined: {manifest['quarantine_file']}" in proc.stdout
    # how the export was read is said too: the column map's CSAT scale, the columns kept in extra
    csat_note = next(n for n in manifest["ingest_notes"] if "csat 'Happiness'" in n)
    assert "scale 1-5 (given by the column map)" in csat_note and f"  note: {csat_note}" in proc.stdout
    q = pd.read_csv(q_file if q_file.is_absolute() else REPO / q_file, dtype=str, keep_default_na=False)
    # one row (the 2031 ticket), named by the export's file, row and own column names; each of its
    # problems is an entry, and none claims the ticket was kept
    assert q["source_file"].str.endswith("export.csv").all() and q["row"].nunique() == 1
    assert (q["action"] == "row").all() and not q["reason"].str.contains("ticket kept").any()
    future = q[q["column"] == "Opened"]
    assert future["value"].tolist() == ["2031-07-01T10:00:00-03:00"]
    assert "is in the future" in future["reason"].iloc[0]
    # August is in the export but not whole: the run says so rather than dropping it without a word
    aug = run_out["keep"]["created_at"].str[:7].eq("2026-08").sum()
    assert "period 2026-06: the export's latest month, 2026-08, ends on 2026-08-" in proc.stderr
    assert f"this run leaves its {aug:,} ticket(s) out of the store (pass --period 2026-08" in proc.stderr
    assert manifest["period_note"].startswith("period 2026-06: the export's latest month, 2026-08")
