"""End to end: `vocmine run --sample` for 2026-08, judged from the published files against the planted truth.

One run (module fixture, a subprocess of the real CLI) is shared by every assertion. Topics are mapped to
planted reasons by majority vote of the truth labels of their tickets.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from browser_check import artifacts_dir, check_layout, check_pages, layout_problems, require_chromium

PERIOD = "2026-08"
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def e2e(tmp_path_factory, sample_dir):
    out = tmp_path_factory.mktemp("e2e") / "reports"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    proc = subprocess.run([sys.executable, "-m", "vocmine", "run", "--sample", "--out", str(out)],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=1500)
    assert proc.returncode == 0, proc.stderr[-4000:]
    truth = json.loads((sample_dir / "truth.json").read_text())
    labels = pd.read_csv(sample_dir / "truth_tickets.csv", dtype=str)[["ticket_id", "reason"]]
    con = duckdb.connect(str(out / "history.duckdb"), read_only=True)
    try:
        tickets = con.sql("SELECT ticket_id, topic_id FROM tickets").to_arrow_table().to_pandas()
    finally:
        con.close()
    m = tickets.merge(labels, on="ticket_id", how="inner")
    votes = m.groupby(["topic_id", "reason"]).size().rename("n").reset_index()
    votes = votes.sort_values(["topic_id", "n", "reason"], ascending=[True, False, True])
    topic_reason = votes.drop_duplicates("topic_id").set_index("topic_id")["reason"].to_dict()
    topic_reason.pop(-1, None)
    return {"out": out, "dir": out / PERIOD, "truth": truth, "topic_reason": topic_reason, "stdout": proc.stdout,
            "stderr": proc.stderr}


def _contains_token(text: str, value: str) -> bool:
    """``value`` stands in ``text`` as a token of its own: not glued to a letter or digit, and not
    the digits after a decimal point or before one (``0.12345678`` holds no 8-digit CEP), so a float
    in a table or a model file cannot match a planted number by chance."""
    edge = r"(?<![0-9A-Za-z])(?<![0-9][.,])" + re.escape(value) + r"(?![0-9A-Za-z])(?![.,][0-9])"
    return re.search(edge, text) is not None


def _reasons(frame: pd.DataFrame, topic_reason: dict, col: str = "topic_id") -> list[str]:
    return [topic_reason.get(int(t), "?") for t in frame[col]]


def test_published_layout(e2e):
    d = e2e["dir"]
    for stem in ("product_brief", "recurrence_brief"):
        for lang in ("pt", "en"):
            assert (d / f"{stem}.{lang}.html").exists() and (d / f"{stem}.{lang}.md").exists()
    manifest = json.loads((d / "manifest.json").read_text())
    assert manifest["period"] == PERIOD
    acc = manifest["row_accounting"]
    assert sum(r["rows_read"] for r in acc) == sum(r["rows_accepted"] + r["rows_quarantined"] for r in acc)


def test_stderr_has_one_line_per_stage_and_no_kernel_noise(e2e):
    """Not a terminal: one plain line per stage (no bar), and nothing from the notebook kernels."""
    lines = e2e["stderr"].splitlines()
    noise = [line for line in lines if "IPKernelApp" in line or "WARNING" in line or "ERROR" in line
             or "KeyboardInterrupt" in line]
    assert not noise, noise
    stages = [line.split(":")[0] for line in lines if line.startswith("stage ")]
    assert stages == ["stage ingest", "stage clean", "stage topics", f"stage analysis {PERIOD}",
                      f"stage notebooks {PERIOD}", f"stage publish {PERIOD}"], e2e["stderr"][-3000:]
    assert "\r" not in e2e["stderr"]  # no progress bar redrawn into a log file
    assert any(re.fullmatch(r"stage clean: [\d,]+ tickets, \d+\.\d s", line) for line in lines)


def test_planted_csat_and_churn_reasons_top_the_product_brief(e2e):
    topics = pd.read_csv(e2e["dir"] / "tables" / "product_topics.csv")
    ranked = topics[topics["rank"].notna()]
    planted = set(e2e["truth"]["csat_deficit"]) | set(e2e["truth"]["churn"])
    top = _reasons(ranked.head(len(planted) + 2), e2e["topic_reason"])
    missing = planted - set(top)
    assert not missing, f"planted {sorted(missing)} not in the brief's top {len(top)}: {top}"
    # flagged with the right direction
    flagged = ranked[ranked["csat_flag"].astype(bool)]
    assert set(e2e["truth"]["csat_deficit"]) <= set(_reasons(flagged, e2e["topic_reason"]))
    churned = ranked[ranked["churn_flag"].astype(bool)]
    assert set(e2e["truth"]["churn"]) <= set(_reasons(churned, e2e["topic_reason"]))
    # and each brief shows them in its top-topics table, under the label made from its own language's tickets
    con = duckdb.connect(str(e2e["out"] / "history.duckdb"), read_only=True)
    try:
        cat = con.execute("SELECT topic_id, label_pt, label_en FROM topic_catalogue WHERE period = ?",
                          [PERIOD]).fetchdf().set_index("topic_id")
    finally:
        con.close()
    for lang in ("en", "pt"):
        html = (e2e["dir"] / f"product_brief.{lang}.html").read_text()
        table = re.split(r"<table\b[^>]*>", html, maxsplit=1)[1].split("</table>", 1)[0]  # "Top topics by impact"
        for tid in ranked.head(len(planted))["topic_id"]:
            label = cat.loc[int(tid), f"label_{lang}"]
            assert re.sub(r"\s+", " ", str(label)) in re.sub(r"\s+", " ", table.replace("&amp;", "&")), (lang, label)


def test_planted_repeat_reasons_top_the_recurrence_brief(e2e):
    by_topic = pd.read_csv(e2e["dir"] / "tables" / "repeat_by_topic.csv")
    planted = set(e2e["truth"]["repeat"])
    top = _reasons(by_topic.head(len(planted) + 1), e2e["topic_reason"])
    assert planted <= set(top), top


def test_emerging_reason_reported_as_new(e2e):
    emerging = pd.read_csv(e2e["dir"] / "tables" / "product_emerging.csv")
    assert set(e2e["truth"]["emerging"]) <= set(_reasons(emerging, e2e["topic_reason"])), emerging
    md = (e2e["dir"] / "product_brief.en.md").read_text()
    section = md.split("## Emerging topics this month", 1)[1].split("\n## ", 1)[0]
    assert str(emerging["label"].iloc[0]).split()[0] in section


def test_no_planted_pii_in_any_published_file_or_store(e2e, sample_dir):
    pii = pd.read_csv(sample_dir / "truth_pii.csv", dtype=str, keep_default_na=False)
    values = sorted({v for v in pii["value"] if len(v) >= 5}, key=len, reverse=True)
    assert len(values) > 100
    images = re.compile(r"data:image/png;base64,[A-Za-z0-9+/=]+|\"image/png\": \"[A-Za-z0-9+/=\\n]+\"")
    files = [p for p in e2e["out"].rglob("*") if p.is_file() and p.suffix in (".html", ".md", ".csv", ".ipynb",
                                                                              ".json", ".txt")]
    assert len(files) >= 15
    for p in files:
        text = images.sub("", p.read_text(errors="replace"))
        hits = [v for v in values if _contains_token(text, v)]
        assert not hits, f"{p.relative_to(e2e['out'])} holds {len(hits)} planted PII value(s)"
    # the store: every text column of every table, checked per ticket for that ticket's planted values
    con = duckdb.connect(str(e2e["out"] / "history.duckdb"), read_only=True)
    try:
        stored = con.sql("SELECT * FROM tickets").to_arrow_table().to_pandas()
        other = [con.sql(f"SELECT * FROM {t}").to_arrow_table().to_pandas() for t in
                 ("topic_catalogue", "topic_changes", "monthly_aggregates", "customers", "runs")]
    finally:
        con.close()
    assert "text_raw" not in stored.columns and "text" not in stored.columns
    text_cols = [c for c in stored.columns if c != "ticket_id"
                 and (stored[c].dtype == object or pd.api.types.is_string_dtype(stored[c]))]
    joined = stored.set_index("ticket_id")[text_cols].astype(object).fillna("").astype(str).agg(" ".join, axis=1)
    leaks = [(t, v) for t, v in zip(pii["ticket_id"], pii["value"], strict=True)
             if len(v) >= 5 and t in joined.index and _contains_token(joined[t], v)]
    assert not leaks, f"{len(leaks)} planted PII values stored"
    small = " ".join(f.astype(str).to_csv() for f in other)
    assert not [v for v in values if _contains_token(small, v)]


def test_quotes_hold_no_help_desk_template_or_chat_header(e2e):
    """The sample's help desk inserts template sentences and "Chat - {first name}" subjects (issue 15)."""
    from vocmine.sample.reasons_en import HELPDESK_BOILERPLATE as EN
    from vocmine.sample.reasons_pt import HELPDESK_BOILERPLATE as PT

    templates = [t.rstrip(".") for t in PT + EN if "##" not in t]
    header = re.compile(r"(?:^|[|\u201c] ?)(?:Chat - |Chat com |Chat with |Conversa com )[A-ZÀ-Ý]")
    found = []
    for p in [*e2e["dir"].glob("*_brief.*.md"), e2e["dir"] / "tables" / "jira_issues.csv",
              *(e2e["dir"] / "tables").glob("repeat_*.csv"), e2e["dir"] / "tables" / "duplicate_groups.csv"]:
        text = p.read_text(encoding="utf-8")
        found += [(p.name, t) for t in templates if t in text]
        found += [(p.name, m.group()) for line in text.splitlines() for m in [header.search(line)] if m]
    assert not found, found


def test_fresh_run_reproduces_the_committed_sample_tables(e2e):
    """reports/sample is what `make briefs` publishes: a fresh run gives the same tables, byte for byte."""
    committed = REPO / "reports" / "sample" / "tables"
    names = sorted(p.name for p in [*committed.glob("*.csv"), *committed.glob("*.json")])
    assert len(names) >= 10 and "jira_issues.json" in names
    assert sorted(p.name for p in [*(e2e["dir"] / "tables").glob("*.csv"), *(e2e["dir"] / "tables").glob("*.json")]) == names
    differ = [n for n in names if (committed / n).read_bytes() != (e2e["dir"] / "tables" / n).read_bytes()]
    assert not differ, f"tables differ from reports/sample: {differ} (regenerate reports/sample with `make briefs`)"


@pytest.mark.browser
def test_real_briefs_render_in_chromium(e2e, tmp_path):
    require_chromium()
    pages = sorted(e2e["dir"].glob("*.html"))
    for r in check_pages(pages, tmp_path / "shots"):
        assert r["errors"] == [] and r["foreign"] == [], r
        assert len(r["headings"]) >= 6, r
        assert len(r["img_widths"]) >= 2 and all(w > 0 for w in r["img_widths"]), r


def test_real_briefs_readable_at_1280_and_390_px(e2e):
    """No element wider than the screen, no table column cut or unlabelled, no text under 10 px (chart
    text measured as shown); full-page screenshots kept under test-artifacts/e2e_layout/<width>/."""
    require_chromium()
    pages = sorted(e2e["dir"].glob("*.html"))
    results = check_layout(pages, artifacts_dir("e2e_layout"))
    assert len(results) == 2 * len(pages) >= 8
    for r in results:
        assert layout_problems(r) == {}, (r["page"], r["width"], layout_problems(r))
        assert r["charts"] and r["tables"], r["page"]
        assert all(c["phone"] == (r["width"] == 390) for c in r["charts"]), r["charts"]


def test_every_number_in_the_briefs_has_a_table_behind_it(e2e):
    """Agreement by construction (issue 15): each number quoted in the four Markdown briefs is a value of the
    published tables after the same rounding (tests/brief_numbers.py)."""
    import brief_numbers as bn

    traced = 0
    for md in sorted(e2e["dir"].glob("*_brief.*.md")):
        found = bn.check_brief(md)
        bad = bn.unmatched(found)
        assert not bad, f"{md.name}: " + "; ".join(f"line {q.line}: {q.raw} in {q.context[:90]!r}" for q in bad[:8])
        traced += len(found)
    assert traced >= 800, traced


@pytest.mark.parametrize("lang", ["pt", "en"])
def test_a_mutated_headline_number_is_caught(e2e, lang):
    """The month's ticket count and the first decision's tickets, each raised by 3, no longer trace to a table."""
    import brief_numbers as bn

    md_path = e2e["dir"] / f"product_brief.{lang}.md"
    text, tables = md_path.read_text(encoding="utf-8"), e2e["dir"] / "tables"
    found = bn.quoted_numbers(text, lang, tables)
    overview = pd.read_csv(tables / "product_overview.csv").set_index("measure")["value"]
    decisions = pd.read_csv(tables / "product_decisions.csv")
    picks = [next(i for i, q in enumerate(found) if q.value == overview["n_tickets"] and q.unit == ""),
             next(i for i, q in enumerate(found) if q.value == decisions["item_n_tickets"].iloc[0] and q.unit == "")]
    for i in picks:
        mutated = bn.mutate(text, lang, tables, i)
        assert mutated is not None and mutated != text
        assert bn.unmatched(bn.check_text(mutated, lang, tables, brief="product")), found[i].context


def test_jira_export_round_trips(e2e):
    import csv

    tables = e2e["dir"] / "tables"
    with open(tables / "jira_issues.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    header, body = rows[0], rows[1:]
    assert {"Summary", "Description", "Labels", "Volume", "Trend", "CSAT difference", "Churn rate ratio",
            "MRR at risk", "Owner"} <= set(header)
    decisions = pd.read_csv(tables / "product_decisions.csv")
    assert [int(r[header.index("Topic id")]) for r in body] == decisions["topic_id"].tolist()
    js = json.loads((tables / "jira_issues.json").read_text(encoding="utf-8"))
    assert [j["Summary"] for j in js] == [r[0] for r in body]
    assert all(float(r[header.index("MRR at risk")]) > 0 for r in body)  # the sample has a customer table
    first = body[0][header.index("Description")]
    assert "\u201c" in first  # redacted quotes


# --- last in this module: the re-run republishes 2026-08 (English only) into the same folder ---

def _rerun(e2e):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    proc = subprocess.run([sys.executable, "-m", "vocmine", "run", "--sample", "--period", PERIOD, "--languages", "en",
                           "--out", str(e2e["out"])], cwd=REPO, env=env, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-4000:]


@pytest.fixture(scope="module")
def rerun(e2e):
    """Re-run 2026-08 into the same folder (last in this module: it republishes the month)."""
    con = duckdb.connect(str(e2e["out"] / "history.duckdb"), read_only=True)
    try:
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in ("tickets", "monthly_aggregates")}
    finally:
        con.close()
    before = {p.name: p.read_bytes() for p in (e2e["dir"] / "tables").glob("*.csv")}
    _rerun(e2e)
    after = {p.name: p.read_bytes() for p in (e2e["dir"] / "tables").glob("*.csv")}
    return {"counts": counts, "before": before, "after": after}


def test_rerun_replaces_the_month_and_keeps_its_conclusions(e2e, rerun):
    con = duckdb.connect(str(e2e["out"] / "history.duckdb"), read_only=True)
    try:
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in ("tickets", "monthly_aggregates")}
        tickets = con.sql("SELECT ticket_id, topic_id FROM tickets").to_arrow_table().to_pandas()
    finally:
        con.close()
    assert counts["tickets"] == rerun["counts"]["tickets"]  # replaced, not duplicated
    labels = pd.read_csv(REPO / "data" / "sample" / "truth_tickets.csv", dtype=str)[["ticket_id", "reason"]]
    m = tickets.merge(labels, on="ticket_id")
    votes = m.groupby(["topic_id", "reason"]).size().rename("n").reset_index()
    votes = votes.sort_values(["topic_id", "n", "reason"], ascending=[True, False, True])
    topic_reason = votes.drop_duplicates("topic_id").set_index("topic_id")["reason"].to_dict()
    topics = pd.read_csv(e2e["dir"] / "tables" / "product_topics.csv")
    planted = set(e2e["truth"]["csat_deficit"]) | set(e2e["truth"]["churn"])
    assert planted <= set(_reasons(topics[topics["rank"].notna()].head(len(planted) + 2), topic_reason))
    assert rerun["before"].keys() == rerun["after"].keys() and len(rerun["after"]) >= 8


def test_rerun_of_the_same_month_gives_identical_tables(rerun):
    changed = [name for name in rerun["before"] if rerun["before"][name] != rerun["after"][name]]
    assert not changed, f"tables differ after a re-run: {changed}"
