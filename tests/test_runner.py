"""Runner: staging + atomic publish, failure keeps the previous reports, SIGKILL safety, determinism.

The ingest/clean/topic steps are replaced by stand-ins (tests/runner_standins.py: synthetic tickets,
true reasons as topics) so these tests exercise the runner, notebooks, export and writers quickly;
tests/test_e2e_run.py runs the real pipeline on the sample export.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pandas as pd
import pytest

import runner_standins
from vocmine import runner
from vocmine.exceptions import ConfigError, InputError, RunError
from vocmine.store import HistoryStore

RAW_PII = "fulano.tal@example.com"  # planted in the stand-in raw text only
TESTS = Path(__file__).resolve().parent


def _tree_digest(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _trivial_notebooks(folder: Path, *, fail: str | None = None, sleep: float = 0.0) -> Path:
    """Fast notebooks with the runner's names; ``fail`` names one that raises, ``sleep`` slows 02."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in runner.NOTEBOOKS:
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        p = nbformat.v4.new_code_cell('store_path = ""\nperiod = ""\nlang = "en"\ntop_n = 8')
        p.metadata["tags"] = ["parameters"]
        body = ("from IPython.display import display\nfrom vocmine.briefs.blocks import Heading\n"
                "display(Heading('brief ' + period + ' ' + lang, level=1))")
        if name == fail:
            body += "\nraise ValueError('planted failure, customer ana.souza@example.com')"
        if sleep and name.startswith("02"):
            body = f"import time\ntime.sleep({sleep})\n" + body
        nb.cells = [p, nbformat.v4.new_code_cell(body)]
        nbformat.write(nb, str(folder / name))
    return folder


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    d = tmp_path_factory.mktemp("inputs")
    (d / "tickets.csv").write_text("stand-in export\n")
    return d / "tickets.csv"


@pytest.fixture(scope="module")
def published(tmp_path_factory, inputs):
    out = tmp_path_factory.mktemp("reports")
    return runner.run(tickets=inputs, out_dir=out, languages=("pt", "en"), seed=7, engine=runner_standins.engine())


def test_run_publishes_briefs_tables_notebooks_manifest(published):
    d = published.published
    assert d.name == "2026-08" and d.is_dir()
    for stem in ("product_brief", "recurrence_brief"):
        for lang in ("pt", "en"):
            assert (d / f"{stem}.{lang}.html").stat().st_size > 1000
            assert (d / f"{stem}.{lang}.md").stat().st_size > 200
    assert {p.name for p in (d / "notebooks").iterdir()} == {
        "01_explore_tickets.ipynb", "02_product_brief.pt.ipynb", "02_product_brief.en.ipynb",
        "03_recurrence_brief.pt.ipynb", "03_recurrence_brief.en.ipynb"}
    # every notebook, the exploration included, was handed the run's saved analyses (never published)
    for nb_path in (d / "notebooks").iterdir():
        injected = next(c for c in nbformat.read(str(nb_path), as_version=4).cells
                        if "injected-parameters" in c.metadata.get("tags", []))
        assert re.search(r'analysis_dir = ".+\.analysis"', injected.source), nb_path.name
    assert not list(d.rglob(".analysis"))
    tables = {p.stem for p in (d / "tables").glob("*.csv")}
    assert {"product_topics", "repeat_by_topic", "deflection_candidates", "repeat_chains"} <= tables
    manifest = json.loads((d / "manifest.json").read_text())
    assert manifest["period"] == "2026-08" and manifest["seed"] == 7
    assert manifest["inputs"][0]["sha256"] == hashlib.sha256(b"stand-in export\n").hexdigest()
    assert manifest["row_accounting"][0]["rows_read"] == manifest["row_accounting"][0]["rows_accepted"]
    assert manifest["parameters"]["top_n"] == 8 and "pandas" in manifest["versions"]
    assert manifest["timings"]["notebooks"] > 0
    assert not list(published.out_dir.glob(".staging-*"))
    # briefs follow their language
    pt = (d / "product_brief.pt.html").read_text()
    en = (d / "product_brief.en.html").read_text()
    assert "Brief de melhoria de produto" in pt and "agosto de 2026" in pt
    assert "Product-improvement brief" in en and "August 2026" in en
    # the planted CSAT topic, churn topic and the new topic are reported
    assert "boleto duplicado" in en and "cancelamento de plano" in en and "pix fora do ar" in en
    assert "associated with" in en and "causes" not in en.replace("does not show that the topic causes them", "")


def test_no_raw_text_or_pii_anywhere(published):
    files = [p for p in published.out_dir.rglob("*") if p.is_file() and p.suffix != ".png"]
    assert files
    for p in files:
        assert RAW_PII.encode() not in p.read_bytes(), p
    store = HistoryStore(published.store)
    cols = set(store.read_tickets().columns)
    assert "text" not in cols and "text_raw" not in cols


def test_published_html_and_markdown_are_inert(published):
    for p in published.published.glob("*.html"):
        html = p.read_text()
        assert "<script" not in html.lower() and "onerror=alert" not in html.replace("onerror=alert(1)&gt;", "")
        assert "<img src=x" not in html
    html = (published.published / "product_brief.en.html").read_text()
    assert "&lt;img src=x onerror=alert(1)&gt;" in html  # the planted example is shown, as text
    for p in published.published.glob("*.md"):
        md = p.read_text()
        assert "<script" not in md and "<img" not in md


def test_csv_cells_are_neutralised(published):
    for p in (published.published / "tables").glob("*.csv"):
        df = pd.read_csv(p, dtype=str, keep_default_na=False)
        for col in df.columns:
            assert not df[col].str.match(r"^[=+@]").any(), (p.name, col)


def test_failed_notebook_keeps_previous_reports(published, tmp_path, inputs):
    before = _tree_digest(published.published)
    nbs = _trivial_notebooks(tmp_path / "nbs", fail="03_recurrence_brief.ipynb")
    with pytest.raises(RunError) as err:
        runner.run(tickets=inputs, out_dir=published.out_dir, languages=("en",), notebook_dir=nbs,
                   engine=runner_standins.engine())
    # the cell, the exception, the kernel's traceback and where the failed notebook is; no e-mail, no colour codes
    msg = str(err.value)
    assert re.search(r"03_recurrence_brief\.ipynb failed in cell \[\d+\]: ValueError: planted failure", msg), msg
    assert "raise ValueError" in msg and "\x1b[" not in msg and "ana.souza@example.com" not in msg
    assert re.search(r"details in \S+2026-08\.failed-\d{8}T\d{6}", msg), msg
    assert _tree_digest(published.published) == before
    failed = sorted(published.out_dir.glob("2026-08.failed-*"))
    assert failed, "the failed run keeps its notebooks in a clearly named folder"
    err_nb = failed[-1] / "notebooks" / "03_recurrence_brief.en.ipynb"
    assert "planted failure" in err_nb.read_text()
    assert "planted failure" in (failed[-1] / "error.txt").read_text()
    assert not list(published.out_dir.glob(".staging-*"))


class _BurningAnalysis(runner_standins.StandinEngine):
    def analysis(self, store_path, period, params):
        raise RuntimeError("disk on fire")


def test_failing_step_keeps_previous_reports(published, inputs):
    before = _tree_digest(published.published)
    with pytest.raises(RunError, match="disk on fire"):
        runner.run(tickets=inputs, out_dir=published.out_dir, languages=("en",), engine=_BurningAnalysis())
    assert _tree_digest(published.published) == before


@pytest.mark.slow
def test_sigkill_during_notebooks_keeps_previous_reports(published, tmp_path, inputs):
    before = _tree_digest(published.published)
    nbs = _trivial_notebooks(tmp_path / "slow", sleep=60)
    script = (
        "import sys; sys.path.insert(0, %r); import runner_standins, vocmine.runner as r\n"
        "r.run(tickets=%r, out_dir=%r, languages=('en',), notebook_dir=%r, engine=runner_standins.engine())\n"
    ) % (str(TESTS), str(inputs), str(published.out_dir), str(nbs))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS.parent), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.Popen([sys.executable, "-c", script], env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 120
        staging = None
        while time.time() < deadline and proc.poll() is None:
            found = list(published.out_dir.glob(f".staging-2026-08-{proc.pid}/tables/*.csv"))
            if found:
                staging = found[0].parents[1]
                break
            time.sleep(0.2)
        assert staging is not None, "the run never reached the notebooks"
        time.sleep(2)  # inside notebook execution
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert _tree_digest(published.published) == before
    assert runner.clean_stale(published.out_dir) == [staging]


def test_same_inputs_same_tables_and_rerun_replaces(published, tmp_path, inputs):
    nbs = _trivial_notebooks(tmp_path / "nbs")
    out = tmp_path / "again"
    runner.run(tickets=inputs, out_dir=out, languages=("en",), seed=7, notebook_dir=nbs,
               engine=runner_standins.engine())
    counts = HistoryStore(out / "history.duckdb").counts()
    runner.run(tickets=inputs, out_dir=out, languages=("en",), seed=7, notebook_dir=nbs,
               engine=runner_standins.engine())
    assert HistoryStore(out / "history.duckdb").counts() == counts  # replaced, not duplicated
    # every table, jira_issues.csv included: its language is --jira-language, not the briefs rendered
    first = {p.name: p.read_bytes() for p in (published.published / "tables").glob("*.csv")}
    second = {p.name: p.read_bytes() for p in (out / "2026-08" / "tables").glob("*.csv")}
    assert "jira_issues.csv" in first and first == second


def test_default_period_and_parameters(inputs, tmp_path):
    ts = pd.Series(pd.to_datetime(["2026-07-02 00:00", "2026-08-31 22:00", "2026-09-01 02:00"], utc=True))
    assert runner.last_whole_month(ts) == "2026-08"
    assert runner.last_whole_month(ts.iloc[:2]) == "2026-08"
    with pytest.raises(InputError, match="no whole month"):  # July holds no ticket: nothing whole to report
        runner.last_whole_month(pd.Series(pd.to_datetime(["2026-08-14 10:00"], utc=True)))
    with pytest.raises(ConfigError):
        runner.run(tickets=inputs, out_dir=tmp_path, params={"nope": 1})
    with pytest.raises(ConfigError):
        runner.run(tickets=inputs, out_dir=tmp_path, languages=("fr",))


def test_cli_arguments():
    import argparse

    parser = argparse.ArgumentParser()
    runner.add_run_arguments(parser)
    args = parser.parse_args(["--sample", "--period", "2026-08", "--top-n", "5", "--languages", "en"])
    assert args.sample and args.period == "2026-08" and args.top_n == 5 and args.languages == "en"
    assert args.churn_window_days == 90 and args.repeat_window_days == 7


@pytest.mark.browser
def test_html_briefs_render_in_chromium(published, tmp_path):
    from browser_check import check_pages, require_chromium

    require_chromium()
    pages = sorted(published.published.glob("*.html"))
    assert len(pages) == 4
    for r in check_pages(pages, tmp_path / "shots"):
        assert r["errors"] == [], r
        assert r["foreign"] == [], r
        assert len(r["headings"]) >= 5 and r["img_widths"] and all(w > 0 for w in r["img_widths"]), r
        assert r["shot"].stat().st_size > 10_000


def test_backfill_publishes_every_month_in_order(tmp_path, inputs):
    nbs = _trivial_notebooks(tmp_path / "nbs")
    out = tmp_path / "bf"
    result = runner.run(tickets=inputs, out_dir=out, period="2026-06", backfill=True, languages=("en",),
                        notebook_dir=nbs, engine=runner_standins.engine())
    assert result.periods == ["2026-05", "2026-06"]
    assert sorted(p.name for p in out.iterdir() if p.is_dir() and p.name.startswith("20")) == ["2026-05", "2026-06"]
    assert HistoryStore(out / "history.duckdb").periods() == ["2026-05", "2026-06"]
    assert "brief 2026-05 en" in (out / "2026-05" / "product_brief.en.html").read_text()


def test_relative_out_dir_works(tmp_path, monkeypatch, inputs):
    """Kernels run inside the staging folder: the store path they get must not be relative."""
    nbs = _trivial_notebooks(tmp_path / "nbs")
    for name in runner.NOTEBOOKS:  # make the trivial notebooks open the store they are given
        nb = nbformat.read(str(nbs / name), as_version=4)
        nb.cells[1].source = "from vocmine.runner import load_period\nload_period(store_path, period)\n" + nb.cells[1].source
        nbformat.write(nb, str(nbs / name))
    monkeypatch.chdir(tmp_path)
    result = runner.run(tickets=inputs, out_dir="rel", languages=("en",), notebook_dir=nbs,
                        engine=runner_standins.engine())
    assert (tmp_path / "rel" / "2026-08" / "product_brief.en.html").exists() and result.periods == ["2026-08"]


def test_kernels_start_in_staging_without_moving_the_process(tmp_path, inputs):
    nbs = _trivial_notebooks(tmp_path / "nbs")
    for name in runner.NOTEBOOKS:
        nb = nbformat.read(str(nbs / name), as_version=4)
        nb.cells[1].source = "import os\nassert '.staging-' in os.getcwd(), os.getcwd()\n" + nb.cells[1].source
        nbformat.write(nb, str(nbs / name))
    before = os.getcwd()
    runner.run(tickets=inputs, out_dir=tmp_path / "cwd", languages=("en",), notebook_dir=nbs,
               engine=runner_standins.engine())
    assert os.getcwd() == before


def test_each_stage_logs_one_line_and_kernels_stay_quiet(tmp_path, inputs, caplog, capfd):
    """One line per stage (counts and seconds, never ticket text); the kernels print nothing on stderr
    (no TCP-transport warning, no "KeyboardInterrupt caught in kernel" at shutdown)."""
    nbs = _trivial_notebooks(tmp_path / "nbs")
    engine = runner_standins.engine()
    with caplog.at_level(logging.INFO, logger="vocmine"):
        runner.run(tickets=inputs, out_dir=tmp_path / "out", languages=("en",), notebook_dir=nbs, engine=engine)
    lines = [r.getMessage() for r in caplog.records if r.name == "vocmine.run"]
    assert [line.split(":")[0] for line in lines] == [
        "stage ingest", "stage clean", "period 2026-08", "stage topics", "stage analysis 2026-08",
        "stage notebooks 2026-08", "stage publish 2026-08"], lines
    # the sample's September is not whole: the line saying so replaces no stage line
    assert lines.pop(2).startswith("period 2026-08: the export's latest month, 2026-09, ends on 2026-09-")
    n = len(engine.raw)
    assert re.fullmatch(rf"stage clean: {n:,} tickets, \d+\.\d s", lines[1]), lines[1]
    assert re.fullmatch(rf"stage ingest: {n:,} tickets, 0 quarantined, \d+\.\d s", lines[0]), lines[0]
    assert re.fullmatch(r"stage notebooks 2026-08: 3 notebooks, \d+\.\d s", lines[4]), lines[4]
    assert re.fullmatch(r"stage analysis 2026-08: \d+ tables, \d+\.\d s", lines[3]), lines[3]
    assert RAW_PII not in "\n".join(lines) and "contato" not in "\n".join(lines)
    err = capfd.readouterr().err  # the kernels' own stderr (file descriptor 2) included
    assert "IPKernelApp" not in err and "KeyboardInterrupt" not in err and "WARNING" not in err, err[-2000:]


def test_progress_bar_counts_stages(caplog):
    from vocmine.run.progress import Progress

    out = io.StringIO()
    bar = Progress(bar=True, total=1, file=out)
    bar.expect(1)
    with caplog.at_level(logging.INFO, logger="vocmine"):
        with bar.stage("clean") as said:
            said.count(1480, "ticket")
        with bar.stage("topics") as said:
            said.count(1, "topic")
    bar.close()
    assert "stage topics" in out.getvalue() and "2/2 stages" in out.getvalue()
    assert [r.getMessage().rsplit(",", 1)[0] for r in caplog.records] == ["stage clean: 1,480 tickets",
                                                                          "stage topics: 1 topic"]


def test_cli_logs_to_stderr_only_while_a_command_runs(capsys):
    from vocmine.cli import _logging_to_stderr

    log = logging.getLogger("vocmine.run")
    with _logging_to_stderr():
        log.info("stage clean: 3 tickets, 0.1 s")
        logging.getLogger("vocmine").warning("something degraded")
    log.info("not shown")
    err = capsys.readouterr().err
    assert err == "stage clean: 3 tickets, 0.1 s\nvocmine: warning: something degraded\n"
    assert [type(h) for h in logging.getLogger("vocmine").handlers] == [logging.NullHandler]


class _PlantedAnalysis(runner_standins.StandinEngine):
    """The analysis stage's object carries a label no computation would produce."""

    def analysis(self, store_path, period, params):
        tables = super().analysis(store_path, period, params)
        for an in tables.analyses.values():
            for names in (an.get("names") or {}).values():  # each brief's topic names
                names.update({k: str(v).replace("boleto duplicado", "PLANTED LABEL 42") for k, v in names.items()})
            for frame in an.values():
                if isinstance(frame, pd.DataFrame) and "label" in frame.columns:
                    frame["label"] = frame["label"].astype(str).str.replace("boleto duplicado", "PLANTED LABEL 42")
        return tables


def test_notebooks_render_the_analysis_the_tables_were_cut_from(tmp_path, inputs):
    """Computed once (issue 15): the briefs show what the analysis stage computed, not a recomputation;
    the saved analyses are never published."""
    res = runner.run(tickets=inputs, out_dir=tmp_path / "out", languages=("en",), engine=_PlantedAnalysis())
    md = (res.published / "product_brief.en.md").read_text()
    assert "PLANTED LABEL 42" in md  # a recomputation in the notebook could not produce it
    assert not [p for p in res.out_dir.rglob("*.pkl")] and not list(res.out_dir.rglob(".analysis"))
