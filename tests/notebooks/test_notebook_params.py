"""Unknown notebook parameters are an error naming them (vocmine.analysis.params), in every notebook."""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import pytest

from vocmine import runner
from vocmine.analysis import explore
from vocmine.analysis.params import allowed_parameters, check_parameters
from vocmine.exceptions import ConfigError

NOTEBOOKS = sorted(runner.NOTEBOOK_DIR.glob("*.ipynb"))


def _namespace(**extra):
    ns = {"In": [""], "Out": {}, "get_ipython": lambda: None, "exit": None, "quit": None, "_": None, "_i1": "x",
          "__name__": "__main__", "check_parameters": check_parameters, "explore": explore, "Path": Path,
          "store_path": "", "period": "", "lang": "en", **dict(runner.DEFAULT_PARAMS)}
    ns.update(extra)
    return ns


def test_known_parameters_pass_and_the_run_parameters_come_back():
    got = check_parameters(_namespace(top_n=3))
    assert got == {**runner.DEFAULT_PARAMS, "top_n": 3}
    assert check_parameters(_namespace(pm={"run_uuid": "x"}))  # papermill's own name


def test_unknown_parameters_are_named():
    with pytest.raises(ConfigError, match=r"unknown notebook parameter\(s\): min_sample, top_nn \(known: "):
        check_parameters(_namespace(top_nn=3, min_sample=5))
    with pytest.raises(ConfigError, match="channel"):
        check_parameters(_namespace(channel="email"))  # a filter of the exploration notebook only
    assert check_parameters(_namespace(channel="email"), extra=explore.FILTER_PARAMS)


def test_known_names_are_read_from_default_params_not_copied(monkeypatch):
    monkeypatch.setitem(runner.DEFAULT_PARAMS, "curation", "")
    assert "curation" in allowed_parameters()
    assert check_parameters(_namespace(curation="topics.yaml"))["curation"] == "topics.yaml"
    monkeypatch.delitem(runner.DEFAULT_PARAMS, "fcr_days")
    with pytest.raises(ConfigError, match="fcr_days"):
        check_parameters(_namespace(fcr_days=7))


def test_every_notebook_checks_its_parameters_right_after_the_parameters_cell():
    assert len(NOTEBOOKS) == 3
    for path in NOTEBOOKS:
        nb = nbformat.read(str(path), as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert "parameters" in code[0].metadata.get("tags", [])
        assert "check_parameters(globals()" in code[1].source, path.name
        # nothing but imports and the check in that cell: no variable is defined before the check runs
        lines = [ln for ln in code[1].source.splitlines() if ln.strip() and not ln.startswith("#")]
        assert all(ln.startswith(("from ", "import ", "check_parameters(")) for ln in lines), path.name


def test_the_exploration_notebook_declares_each_filter_as_a_parameter():
    nb = nbformat.read(str(runner.NOTEBOOK_DIR / "01_explore_tickets.ipynb"), as_version=4)
    from papermill.translators import PythonTranslator

    names = {p.name for p in PythonTranslator.inspect({"source": nb.cells[1].source})}
    assert set(explore.FILTER_PARAMS) <= names
    assert names <= allowed_parameters(explore.FILTER_PARAMS)


@pytest.mark.slow
def test_papermill_with_an_unknown_parameter_fails_naming_it(tmp_path):
    """Each notebook stops at the check, before reading any store, with ConfigError naming the parameter."""
    jobs = [(src, tmp_path / src.name, {"store_path": str(tmp_path / "none.duckdb"), "period": "2026-07",
                                         "lang": "en", "top_nn": 3}) for src in NOTEBOOKS]
    for src, dst, params in jobs:
        with pytest.raises(Exception) as info:
            runner.execute_all([(src, dst, params)], cwd=tmp_path)
        assert "ConfigError" in str(info.value), (src.name, str(info.value)[:300])
        nb = nbformat.read(str(dst), as_version=4)
        errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
        assert len(errors) == 1 and errors[0]["ename"] == "ConfigError" and "top_nn" in errors[0]["evalue"]
        failed = next(c for c in nb.cells if any(o.get("output_type") == "error" for o in c.get("outputs", [])))
        assert "check_parameters(globals()" in failed.source


@pytest.mark.slow
def test_exploration_notebook_applies_its_filters(tmp_path):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "briefs"))
    from synth import synthetic
    from vocmine.store import HistoryStore

    df, customers, catalogue, changes = synthetic(seed=1, n_per_month=120)
    store = HistoryStore(tmp_path / "history.duckdb")
    for period, month in df.groupby("period"):
        store.write_period(period, tickets=month, catalogue=catalogue, changes=changes, customers=customers,
                           run={"run_id": "t", "params": {}})
    src = runner.NOTEBOOK_DIR / "01_explore_tickets.ipynb"
    dst = tmp_path / "explore.ipynb"
    runner.execute_all([(src, dst, {"store_path": str(store.path), "period": "2026-07", "lang": "en",
                                    "channel": "chat", "since": "2026-05"})], cwd=tmp_path)
    nb = nbformat.read(str(dst), as_version=4)
    html = "".join("".join(o["data"].get("text/html", "")) for c in nb.cells for o in c.get("outputs", [])
                   if "data" in o)
    assert "Filters applied: since = 2026-05; channel = chat." in html
    last = nb.cells[-1].outputs[0]["data"]["text/html"]
    assert "text_display" in "".join(last) and "chat" in "".join(last) and "email" not in "".join(last)


@pytest.mark.slow
def test_exploration_notebook_renders_the_period_the_run_saved(tmp_path):
    """With ``analysis_dir`` (as `vocmine run` passes it) the exploration renders the period data the run's
    analysis stage read, not the store again; a copy saved for another period is refused."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "briefs"))
    from synth import synthetic
    from vocmine.analysis.saved import save_analyses
    from vocmine.run.data import load_period
    from vocmine.store import HistoryStore

    df, customers, catalogue, changes = synthetic(seed=1, n_per_month=120)
    store = HistoryStore(tmp_path / "history.duckdb")
    for period, month in df.groupby("period"):
        store.write_period(period, tickets=month, catalogue=catalogue, changes=changes, customers=customers,
                           run={"run_id": "t", "params": {}})
    data = load_period(store.path, "2026-07", sample_fallback=False)
    data.tickets["text_display"] = "saved by the run " + data.tickets["ticket_id"].astype(str)
    folder = save_analyses({"period_data": data}, tmp_path / ".analysis", period="2026-07", params={"curation": ""})
    src = runner.NOTEBOOK_DIR / "01_explore_tickets.ipynb"
    params = {"store_path": str(store.path), "period": "2026-07", "lang": "en", "analysis_dir": str(folder)}
    runner.execute_all([(src, tmp_path / "explore.ipynb", params)], cwd=tmp_path)
    nb = nbformat.read(str(tmp_path / "explore.ipynb"), as_version=4)
    last = "".join(nb.cells[-1].outputs[0]["data"]["text/html"])
    assert "saved by the run" in last
    with pytest.raises(Exception, match="holds the analysis of 2026-07, not of 2026-06"):
        runner.execute_all([(src, tmp_path / "explore6.ipynb", {**params, "period": "2026-06"})], cwd=tmp_path)
