"""Curation file (issue 15): topic names, merges and hidden topics, applied to every output and kept across months.

The two-month run uses the runner stand-ins (tests/runner_standins.py: synthetic tickets, true reasons as
topics 0-4) with the real notebooks in English only, so it stays cheap; tests/test_e2e_run.py runs the real
pipeline.
"""

from __future__ import annotations

import csv
import hashlib
import json
import sys
from pathlib import Path

import pandas as pd
import pytest

import runner_standins
from vocmine import runner
from vocmine.analysis import brief_tables
from vocmine.analysis.curation import apply_curation, check_known, load_curation
from vocmine.exceptions import ConfigError

sys.path.insert(0, str(Path(__file__).parent / "briefs"))
from synth import period_data  # noqa: E402

import brief_numbers  # noqa: E402

CURATION = """\
# topic 1 gets a name, topic 3 is reported as part of 4, topic 2 is hidden
names:
  1: Login locked out
  4: {pt: Entrega e exportação, en: Delivery and export}
merges:
  4: [3]
hide: [2]
"""


@pytest.fixture()
def curation_file(tmp_path):
    p = tmp_path / "curation.yaml"
    p.write_text(CURATION, encoding="utf-8")
    return p


# ----------------------------------------------------------------------------- the file


@pytest.mark.parametrize("text, key", [
    ("names: [1, 2\n", "not valid"),                                # bad YAML
    ("- 1\n- 2\n", "top level"),                                    # not a mapping
    ("rename:\n  1: x\n", "'rename'"),                              # unknown key
    ("names:\n  abc: x\n", "names.abc"),                            # not an id
    ("names:\n  1: ''\n", "names.1"),                               # empty name
    ("names:\n  1: {fr: x}\n", "names.1.fr"),                       # unknown language
    ("merges:\n  4: [3]\n  5: [3]\n", "merges.5"),                  # merged twice
    ("merges:\n  4: [3]\n  3: [2]\n", "merges.3"),                  # merged into a merged topic
    ("merges:\n  4: [3]\nhide: [3]\n", "hide"),                     # hiding a merged topic
    ("hide: [-1]\n", "hide"),                                       # the unassigned topic
])
def test_bad_file_names_file_and_key(tmp_path, text, key):
    p = tmp_path / "cur.yaml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_curation(p)
    assert str(p) in str(err.value) and key in str(err.value)


def test_unknown_topic_id_names_file_and_key(curation_file):
    cur = load_curation(curation_file)
    check_known(cur, {0, 1, 2, 3, 4})
    with pytest.raises(ConfigError) as err:
        check_known(cur, {0, 1, 2, 4})
    assert str(curation_file) in str(err.value) and "merges.4" in str(err.value) and "3" in str(err.value)
    assert load_curation("").empty and load_curation(None).empty


def test_apply_renames_merges_hides_and_recounts(curation_file):
    data = period_data("2026-08")
    cur = load_curation(curation_file)
    out = apply_curation(data, cur)
    now, before = out.current, data.current
    assert set(now["topic_id"]) == {-1, 0, 1, 4, 5}
    assert (now["topic_id"] == 4).sum() == before["topic_id"].isin([3, 4]).sum()
    assert (now["topic_id"] == -1).sum() == before["topic_id"].isin([-1, 2]).sum()
    assert len(now) == len(before)  # totals unchanged: hidden tickets still count
    cat = out.catalogue.set_index("topic_id")
    assert sorted(cat.index) == [0, 1, 4, 5] and cat.loc[1, "label"] == "Login locked out"
    assert cat.loc[4, "label_en"] == "Delivery and export" and cat.loc[4, "label_pt"] == "Entrega e exportação"
    assert set(out.changes["topic_id"]) <= {0, 1, 4, 5}  # the count test ran on the curated topics
    n4 = out.changes.set_index("topic_id").loc[4, "n_period"]
    assert n4 == (now["topic_id"] == 4).sum()
    assert data.current["topic_id"].isin([2, 3]).any()  # the input is not modified


# ----------------------------------------------------------------------------- two months through the runner


@pytest.fixture(scope="module")
def two_months(tmp_path_factory):
    d = tmp_path_factory.mktemp("curation-run")
    (d / "tickets.csv").write_text("stand-in export\n")
    cur = d / "curation.yaml"
    cur.write_text(CURATION, encoding="utf-8")
    result = runner.run(tickets=d / "tickets.csv", out_dir=d / "reports", period="2026-06", backfill=True,
                        languages=("en",), seed=7, params={"curation": str(cur)}, engine=runner_standins.engine())
    return result, cur


def test_run_applies_curation_to_every_month_and_output(two_months):
    result, cur = two_months
    assert result.periods == ["2026-05", "2026-06"]
    data = {p: runner.load_period(result.store, p, sample_fallback=False) for p in result.periods}
    for period in result.periods:
        d = result.out_dir / period
        topics = pd.read_csv(d / "tables" / "product_topics.csv")
        raw = data[period].current
        assert 2 not in set(topics["topic_id"]) and 3 not in set(topics["topic_id"])
        n4 = topics.set_index("topic_id").loc[4, "n_tickets"]
        assert n4 == raw["topic_id"].isin([3, 4]).sum()  # merged counts, every month
        assert topics.set_index("topic_id").loc[1, "label"] == "Login locked out"
        cat = pd.read_csv(d / "tables" / "topic_catalogue.csv").set_index("topic_id")
        assert sorted(cat.index) == [0, 1, 4] and cat.loc[4, "label_en"] == "Delivery and export"
        md = (d / "product_brief.en.md").read_text(encoding="utf-8")
        assert "Login locked out" in md and "Delivery and export" in md
        assert "login bloqueado ·" not in md and "| login bloqueado |" not in md
        # the brief's numbers are the curated tables' numbers
        found = brief_numbers.check_brief(d / "product_brief.en.md")
        assert found and not brief_numbers.unmatched(found), [q.raw for q in brief_numbers.unmatched(found)][:10]
        with open(d / "tables" / "jira_issues.csv", newline="", encoding="utf-8") as fh:
            rows = list(csv.reader(fh))
        ids = [int(r[rows[0].index("Topic id")]) for r in rows[1:]]
        assert not {2, 3} & set(ids)
        manifest = json.loads((d / "manifest.json").read_text())
        assert manifest["curation"]["sha256"] == hashlib.sha256(cur.read_bytes()).hexdigest()
        assert manifest["parameters"]["curation"].endswith("curation.yaml")


def test_run_with_unknown_topic_id_fails_naming_file_and_key(tmp_path):
    (tmp_path / "tickets.csv").write_text("stand-in export\n")
    cur = tmp_path / "cur.yaml"
    cur.write_text("names:\n  99: Nowhere\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        runner.run(tickets=tmp_path / "tickets.csv", out_dir=tmp_path / "out", period="2026-05",
                   languages=("en",), params={"curation": str(cur)}, engine=runner_standins.engine())
    assert str(cur) in str(err.value) and "names.99" in str(err.value)
    assert not (tmp_path / "out" / "2026-05").exists()


def test_tables_read_the_curated_period(curation_file):
    tables = brief_tables(apply_curation(period_data("2026-08"), load_curation(curation_file)))
    assert not {2, 3} & set(tables["product_topics"]["topic_id"])
    assert tables["topic_catalogue"].set_index("topic_id").loc[1, "label"] == "Login locked out"
