"""Every notebook runs under Papermill on small parameters against a small history store."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import nbformat
import pytest

from vocmine import runner
from vocmine.briefs.blocks import META_KEY
from vocmine.store import HistoryStore

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "briefs"))
from synth import synthetic  # noqa: E402

NOTEBOOKS = sorted((runner.NOTEBOOK_DIR).glob("*.ipynb"))


def test_notebooks_exist_with_values_only_parameters_cell():
    assert [p.name for p in NOTEBOOKS] == ["01_explore_tickets.ipynb", "02_product_brief.ipynb",
                                           "03_recurrence_brief.ipynb"]
    for path in NOTEBOOKS:
        nb = nbformat.read(str(path), as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert "parameters" in code[0].metadata.get("tags", []), path.name
        tree = ast.parse(code[0].source)
        names = set()
        for node in tree.body:
            assert isinstance(node, ast.Assign), f"{path.name}: parameters cell holds only assignments"
            ast.literal_eval(node.value)  # values only
            names.add(node.targets[0].id)
        assert {"store_path", "period", "lang", "top_n", "min_sample_size", "repeat_window_days",
                "churn_window_days", "sla_first_response_hours"} <= names
        assert set(runner.DEFAULT_PARAMS) <= names, path.name
        from papermill.translators import PythonTranslator

        parsed = {p.name for p in PythonTranslator.inspect({"source": code[0].source})}
        assert parsed == names, f"{path.name}: papermill cannot parse {sorted(names - parsed)}"
        assert all(not c.outputs for c in code), f"{path.name} is committed with outputs"
        # no business logic in notebooks: they call vocmine and display
        body = "\n".join(c.source for c in code[1:])
        assert "groupby" not in body and "merge(" not in body


@pytest.fixture(scope="module")
def small_store(tmp_path_factory):
    df, customers, catalogue, changes = synthetic(seed=1, n_per_month=150)
    store = HistoryStore(tmp_path_factory.mktemp("store") / "history.duckdb")
    for period, month in df.groupby("period"):
        store.write_period(period, tickets=month, catalogue=catalogue, changes=changes, customers=customers,
                           run={"run_id": "t", "params": {"accounting": [{"source_file": "t.csv", "rows_read": 1,
                                                                          "rows_accepted": 1, "rows_quarantined": 0}]}})
    return store


@pytest.mark.slow
def test_every_notebook_runs_with_papermill(small_store, tmp_path):
    jobs = []
    for i, src in enumerate(NOTEBOOKS):
        lang = ("pt", "en")[i % 2]
        jobs.append((src, tmp_path / src.name, {"store_path": str(small_store.path), "period": "2026-07",
                                                 "lang": lang, "top_n": 3, "min_sample_size": 10,
                                                 "repeat_window_days": 5, "churn_window_days": 60}))
    runner.execute_all(jobs, cwd=tmp_path)
    for src, dst, params in jobs:
        nb = nbformat.read(str(dst), as_version=4)
        outs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
        assert not [o for o in outs if o.get("output_type") == "error"], src.name
        kinds = [o.get("metadata", {}).get(META_KEY, {}).get("block") for o in outs]
        assert kinds.count("figure") >= 1 and kinds.count("heading") >= 3, src.name
        html = "".join("".join(o["data"].get("text/html", "")) for o in outs if "data" in o)
        month = "julho de 2026" if params["lang"] == "pt" else "July 2026"
        assert month in html, src.name
