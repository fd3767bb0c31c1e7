"""Publishing faults: a kill between the two renames, later failing runs, concurrent runs, a full disk.

The previous published month must never go missing once a later run has started, and two runs on one
output folder must never both publish.
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest

import vocmine.runner as runner
from vocmine.cli import main
from vocmine.exceptions import ConfigError, InputError

REPO = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": str(REPO)}


def _published(out: Path, period: str, version: str) -> Path:
    final = out / period
    final.mkdir(parents=True)
    (final / "manifest.json").write_text(f'{{"version": "{version}"}}', encoding="utf-8")
    return final


def _staging(out: Path, period: str, pid: int, version: str) -> Path:
    staging = out / f".staging-{period}-{pid}"
    staging.mkdir(parents=True)
    (staging / "manifest.json").write_text(f'{{"version": "{version}"}}', encoding="utf-8")
    return staging


def _kill_between_renames(out: Path, period: str) -> int:
    """A real process runs ``publish`` and dies (``os._exit``) right after its first rename."""
    script = textwrap.dedent(f"""
        import os
        import vocmine.runner as r
        from pathlib import Path
        out = Path({str(out)!r})
        staging = out / f".staging-{period}-{{os.getpid()}}"
        staging.mkdir()
        (staging / "manifest.json").write_text('{{"version": "v2"}}')
        real, calls = os.replace, []
        def dying_replace(src, dst):
            calls.append(src)
            if len(calls) == 2:
                os._exit(9)  # killed between the renames: no except, no finally
            real(src, dst)
        os.replace = dying_replace
        print(os.getpid(), flush=True)
        r.publish(staging, out / {period!r})
    """)
    proc = subprocess.run([sys.executable, "-c", script], env=ENV, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 9, proc.stderr
    return int(proc.stdout.split()[0])


def _version(path: Path) -> str:
    return (path / "manifest.json").read_text(encoding="utf-8").split('"')[3]


def test_kill_between_renames_then_failing_runs_then_good_run(tmp_path):
    out = tmp_path / "reports"
    _published(out, "2024-03", "v1")
    pid = _kill_between_renames(out, "2024-03")
    old = out / f".old-2024-03-{pid}"
    assert not (out / "2024-03").exists() and _version(old) == "v1"      # the state a kill leaves
    assert (out / f".staging-2024-03-{pid}").exists()

    # 1. a run with a mistyped path fails before touching the folder: nothing is deleted
    with pytest.raises(InputError, match="does not exist"):
        runner.run(tickets=[tmp_path / "tickets-typo.csv"], out_dir=out)
    assert _version(old) == "v1"
    assert main(["run", str(tmp_path / "tickets-typo.csv"), "--out", str(out)]) == 2
    assert _version(old) == "v1"

    # 2. a run that fails after it started: the previous version is restored first
    export = tmp_path / "tickets.csv"
    export.write_text("ticket_id,created_at,body\n1,2024-03-01T10:00:00Z,a\n", encoding="utf-8")

    class FailingIngest(runner.LocalEngine):
        def ingest(self, *args, **kwargs):
            raise InputError("ingest broke")

    with pytest.raises(InputError, match="ingest broke"):
        runner.run(tickets=[export], out_dir=out, engine=FailingIngest())
    assert _version(out / "2024-03") == "v1"
    assert not old.exists() and not (out / f".staging-2024-03-{pid}").exists()

    # 3. a good publish replaces it; never a moment without a published month afterwards
    staging = _staging(out, "2024-03", os.getpid(), "v3")
    runner.publish(staging, out / "2024-03")
    assert _version(out / "2024-03") == "v3"
    assert not list(out.glob(".old-*")) and not list(out.glob(".staging-*"))


def test_clean_stale_keeps_the_newer_version_when_both_exist(tmp_path):
    out = tmp_path
    _published(out, "2024-03", "v2")
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    pid = int(dead.stdout)
    old = out / f".old-2024-03-{pid}"
    old.mkdir()
    (old / "manifest.json").write_text('{"version": "v1"}')
    assert runner.clean_stale(out) == [old]
    assert _version(out / "2024-03") == "v2"


def test_clean_stale_leaves_a_live_runs_folders_alone(tmp_path):
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        staging = _staging(tmp_path, "2024-03", sleeper.pid, "v2")
        old = tmp_path / f".old-2024-04-{sleeper.pid}"
        old.mkdir()
        assert runner.clean_stale(tmp_path) == []
        assert staging.exists() and old.exists() and not (tmp_path / "2024-04").exists()
    finally:
        sleeper.kill()
        sleeper.wait()


def test_second_run_on_the_same_folder_fails_naming_the_lock_and_pid(tmp_path):
    out = tmp_path / "reports"
    out.mkdir()
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys, time
            from pathlib import Path
            from vocmine.runner import output_lock
            with output_lock(Path({str(out)!r})):
                print("held", flush=True)
                time.sleep(60)
        """)], env=ENV, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        export = tmp_path / "tickets.csv"
        export.write_text("ticket_id,created_at,body\n1,2024-03-01T10:00:00Z,a\n", encoding="utf-8")
        with pytest.raises(ConfigError) as err:
            runner.run(tickets=[export], out_dir=out)
        msg = str(err.value)
        assert f"pid {holder.pid}" in msg and str(out / ".vocmine.lock") in msg
        assert not list(out.glob(".staging-*")) and not list(out.glob("2024-*"))  # nothing published
    finally:
        holder.kill()
        holder.wait()
    # a killed holder never leaves the lock held (an OS lock, not a file's existence)
    with runner.output_lock(out) as lock:
        assert lock.read_text().strip() == str(os.getpid())


def test_lock_in_one_process_blocks_a_second_holder(tmp_path):
    with runner.output_lock(tmp_path):
        with pytest.raises(ConfigError, match=rf"pid {os.getpid()}\b.*\.vocmine\.lock"):
            with runner.output_lock(tmp_path):
                pass
    with runner.output_lock(tmp_path):  # released on exit
        pass


def test_unwritable_output_folder_is_a_clear_error(tmp_path, capsys):
    (tmp_path / "blocker").write_text("a file")
    export = tmp_path / "tickets.csv"
    export.write_text("ticket_id,created_at,body\n1,2024-03-01T10:00:00Z,a\n", encoding="utf-8")
    assert main(["run", str(export), "--out", str(tmp_path / "blocker" / "reports")]) == 2
    err = capsys.readouterr().err
    assert "cannot create the output folder" in err and "Traceback" not in err


def test_full_disk_in_the_store_is_reported_as_such(tmp_path, monkeypatch):
    from vocmine.store import HistoryStore

    store = HistoryStore(tmp_path / "history.duckdb")
    tickets = pd.DataFrame({"ticket_id": ["1"], "created_at": pd.to_datetime(["2024-03-01"], utc=True),
                            "topic_id": [0], "text_display": ["a"], "text_model": ["a"]})
    store.write_period("2024-03", tickets=tickets)

    def disk_full(con, name, frame):  # DuckDB ends the transaction itself on an I/O error
        con.execute("COMMIT")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(HistoryStore, "_insert", staticmethod(disk_full))
    with pytest.raises(OSError) as err:
        store.write_period("2024-04", tickets=tickets.assign(ticket_id=["2"]))
    assert err.value.errno == errno.ENOSPC and "no transaction is active" not in str(err.value)
    from vocmine.ingest.writable import is_disk_full

    assert is_disk_full(err.value)


def test_sigkilled_run_holder_releases_the_lock(tmp_path):
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import time; from pathlib import Path; from vocmine.runner import output_lock\n"
                               f"with output_lock(Path({str(tmp_path)!r})):\n print('held', flush=True); time.sleep(60)"],
        env=ENV, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    time.sleep(0.1)
    with runner.output_lock(tmp_path):
        pass


def test_full_disk_while_publishing_says_the_disk_is_full(tmp_path):
    out = tmp_path / "reports"
    _published(out, "2024-03", "v1")

    class FullDisk(runner.LocalEngine):
        def analysis(self, store_path, period, params):
            raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(runner.RunError, match=r"the disk is full: OSError.*previous .*2024-03 left untouched"):
        runner.publish_period(period="2024-03", out_dir=out, store_path=tmp_path / "h.duckdb", languages=("en",),
                              params={}, notebook_dir=tmp_path, manifest={"versions": {}}, timings={}, timeout=10,
                              engine=FullDisk())
    assert _version(out / "2024-03") == "v1"
