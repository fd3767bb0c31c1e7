"""A notebook whose kernel fails to start is started again; a cell's error is not retried."""

from __future__ import annotations

from pathlib import Path

import papermill as pm
import pytest
from papermill.exceptions import PapermillExecutionError

from vocmine.exceptions import RunError
from vocmine.run import notebooks


class Flaky:
    """Stand-in for ``papermill.execute_notebook``: raises the queued errors, then writes ``dst``."""

    def __init__(self, *errors: BaseException) -> None:
        self.errors = list(errors)
        self.calls: list[dict] = []

    def __call__(self, src, dst, **kw):
        self.calls.append(kw)
        if self.errors:
            raise self.errors.pop(0)
        Path(dst).write_text("{}")


def _cell_error() -> PapermillExecutionError:
    return PapermillExecutionError(cell_index=3, exec_count=4, source="1/0", ename="ZeroDivisionError",
                                   evalue="division by zero", traceback=["ZeroDivisionError: division by zero"])


def test_a_kernel_that_did_not_start_is_started_again(tmp_path, monkeypatch):
    flaky = Flaky(RuntimeError("Kernel didn't respond in 60 seconds"),
                  RuntimeError("Kernel died before replying to kernel_info"))
    monkeypatch.setattr(pm, "execute_notebook", flaky)
    dst = notebooks.execute_notebook(tmp_path / "a.ipynb", tmp_path / "out.ipynb", {}, cwd=tmp_path)
    assert dst.read_text() == "{}"
    assert len(flaky.calls) == 3
    assert all(c["start_timeout"] == notebooks.START_TIMEOUT for c in flaky.calls)


def test_a_kernel_that_never_starts_fails_the_run_after_the_attempts(tmp_path, monkeypatch):
    flaky = Flaky(*[RuntimeError("Kernel didn't respond in 180 seconds")] * 5)
    monkeypatch.setattr(pm, "execute_notebook", flaky)
    with pytest.raises(RunError, match="a.ipynb failed: RuntimeError: Kernel didn't respond"):
        notebooks.execute_notebook(tmp_path / "a.ipynb", tmp_path / "out.ipynb", {}, cwd=tmp_path, attempts=2)
    assert len(flaky.calls) == 2


@pytest.mark.parametrize("error", [_cell_error(), RuntimeError("disk full")])
def test_a_cell_error_or_other_failure_is_not_retried(tmp_path, monkeypatch, error):
    flaky = Flaky(error)
    monkeypatch.setattr(pm, "execute_notebook", flaky)
    with pytest.raises(RunError):
        notebooks.execute_notebook(tmp_path / "a.ipynb", tmp_path / "out.ipynb", {}, cwd=tmp_path)
    assert len(flaky.calls) == 1
    assert not notebooks.kernel_start_failed(error)
