"""Jira export (issue 15): one row per decision-box topic, Jira importer columns, JSON = CSV, no PII."""

from __future__ import annotations

import csv
import json

import pandas as pd
import pytest

from synth import period_data
from vocmine.analysis import brief_tables
from vocmine.briefs.jira import CSV_NAME, JSON_NAME, REQUIRED_COLUMNS, write_jira
from vocmine.exceptions import PIILeakError


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    data = period_data("2026-08")
    tables = brief_tables(data)
    out = tmp_path_factory.mktemp("jira")
    write_jira(tables, data, out, lang="en")
    with open(out / CSV_NAME, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    return {"data": data, "tables": tables, "header": rows[0], "rows": rows[1:],
            "json": json.loads((out / JSON_NAME).read_text(encoding="utf-8"))}


def test_one_row_per_decision_topic_with_jira_columns(exported):
    header, rows = exported["header"], exported["rows"]
    assert set(REQUIRED_COLUMNS) <= set(header) and header[0] == "Summary"
    assert all(len(r) == len(header) for r in rows)
    dec = exported["tables"]["product_decisions"]
    assert len(dec) > 0
    assert [int(r[header.index("Topic id")]) for r in rows] == [int(t) for t in dec["topic_id"]]
    # Jira's importer takes several labels as repeated "Labels" columns; labels hold no spaces
    label_cols = [i for i, h in enumerate(header) if h == "Labels"]
    assert len(label_cols) >= 2
    for r in rows:
        labels = [r[i] for i in label_cols if r[i]]
        assert "vocmine" in labels and all(" " not in x for x in labels)
    # the header has no punctuation besides the separators (the importer's requirement)
    assert all(h.replace(" ", "").isalnum() for h in header)


def test_numbers_and_quotes_come_from_tables_and_redacted_text(exported):
    header, rows, data = exported["header"], exported["rows"], exported["data"]
    topics = exported["tables"]["product_topics"].set_index("topic_id")
    current = data.current
    for r in rows:
        tid = int(r[header.index("Topic id")])
        assert int(r[header.index("Volume")]) == topics.loc[tid, "n_tickets"]
        if pd.notna(topics.loc[tid, "churn_rr"]):
            assert float(r[header.index("Churn rate ratio")]) == pytest.approx(topics.loc[tid, "churn_rr"])
        desc = r[header.index("Description")]
        assert "Evidence" in desc
        quotes = [line[3:-1].rstrip("…") for line in desc.splitlines() if line.startswith("- \u201c")]
        assert quotes, desc
        shown = current.loc[current["topic_id"] == tid, "text_display"].map(lambda s: " ".join(str(s).split()))
        for q in quotes:
            assert shown.str.startswith(q).any(), q  # a prefix of a redacted text of that topic


def test_mrr_at_risk_is_active_customers_mrr(tmp_path):
    from dataclasses import replace

    from vocmine.briefs.jira import jira_issues

    data = period_data("2026-08")
    customers = data.customers.assign(mrr=[float(10 + i) for i in range(len(data.customers))])
    data = replace(data, customers=customers)
    issues = jira_issues(brief_tables(data), data, lang="en")
    end = pd.Timestamp("2026-08-31 23:59:59", tz="UTC")
    active = customers[customers["churned_at"].isna() | (customers["churned_at"] > end)].set_index("customer_id")["mrr"]
    for _, r in issues.iterrows():
        ids = data.current.loc[data.current["topic_id"] == r["Topic id"], "customer_id"].unique()
        assert r["MRR at risk"] == pytest.approx(active.reindex(ids).dropna().sum())
        assert r["MRR at risk"] > 0


def test_json_matches_csv(exported):
    header, rows, js = exported["header"], exported["rows"], exported["json"]
    assert len(js) == len(rows)
    label_cols = [i for i, h in enumerate(header) if h == "Labels"]
    for rec, r in zip(js, rows, strict=True):
        assert rec["Labels"] == [r[i] for i in label_cols if r[i]]
        for i, h in enumerate(header):
            if h == "Labels":
                continue
            v = rec[h]
            assert ("" if v is None else str(v)) == r[i], h


def test_raw_text_and_pii_never_reach_the_export(tmp_path):
    data = period_data("2026-08")
    tables = brief_tables(data)
    top = int(tables["product_decisions"]["topic_id"].iloc[0])
    # a redacted text that still carries an e-mail (a redaction miss) must stop the writer, not be exported
    tickets = data.tickets.copy()
    idx = tickets.index[(tickets["topic_id"] == top) & (tickets["period"] == data.period)]
    tickets.loc[idx, "text_display"] = "please write to fulano.tal@example.com about the boleto"
    tickets.loc[idx, "topic_prob"] = 9.0
    tickets["text"] = "RAW fulano.tal@example.com"  # a raw column is never read
    from dataclasses import replace

    with pytest.raises(PIILeakError):
        write_jira(tables, replace(data, tickets=tickets), tmp_path, lang="pt")
    assert not (tmp_path / CSV_NAME).exists()
    write_jira(tables, data.__class__(**{**data.__dict__, "tickets": data.tickets.assign(text="RAW x")}), tmp_path,
               lang="pt")
    assert "RAW" not in (tmp_path / CSV_NAME).read_text(encoding="utf-8")
