"""Papermill execution of the notebooks: the kernels' environment, one notebook, a batch on two
kernels at a time.

Kernels run quietly: the kernel process's own stdout and stderr go to ``/dev/null`` (its log: the
TCP-transport warning each kernel prints on start, the "KeyboardInterrupt caught in kernel" and
tornado's "Uncaught exception in ZMQStream callback" when jupyter_client interrupts it at shutdown).
What the cells print is unaffected (it travels over the kernel's messages into the notebook), and a
cell's error or a dead kernel still fails the run with its message."""

from __future__ import annotations

import contextlib
import logging
import os
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from vocmine.exceptions import RunError
from vocmine.run.config import REPO_DIR

log = logging.getLogger(__name__)

#: command-line arguments of every kernel: its log off (belt and braces: its streams go to /dev/null)
KERNEL_ARGS: tuple[str, ...] = ("--IPKernelApp.log_level=CRITICAL",)


def quiet_kernel_manager() -> type:
    """nbclient's kernel manager, with the kernel process's stdout and stderr sent to ``/dev/null``."""
    import subprocess

    from jupyter_client.manager import AsyncKernelManager

    class QuietKernelManager(AsyncKernelManager):
        async def start_kernel(self, **kw: Any) -> None:
            kw.setdefault("stdout", subprocess.DEVNULL)
            kw.setdefault("stderr", subprocess.DEVNULL)
            await super().start_kernel(**kw)

    return QuietKernelManager


@contextlib.contextmanager
def kernel_env() -> Iterator[None]:
    """Environment for notebook kernels: no ``MPLBACKEND`` (Agg drops inline plots, STACK_NOTES) and this
    checkout on ``PYTHONPATH`` (kernels import it even when the package is not installed)."""
    saved = {k: os.environ.get(k) for k in ("MPLBACKEND", "PYTHONPATH")}
    os.environ.pop("MPLBACKEND", None)
    os.environ["PYTHONPATH"] = os.pathsep.join([str(REPO_DIR)] + ([saved["PYTHONPATH"]] if saved["PYTHONPATH"] else []))
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


#: seconds a kernel may take to answer its first message (papermill's default, 60, was missed once by a
#: kernel starting beside a busy one on 2 cores)
START_TIMEOUT = 180
#: attempts of one notebook when its kernel fails to start (a cell's error is never retried)
START_ATTEMPTS = 3
_START_FAILURE = re.compile(r"Kernel didn't respond|Kernel died before replying to kernel_info")


def kernel_start_failed(exc: BaseException) -> bool:
    """Whether ``exc`` is a kernel that did not start (no cell ran), as opposed to a cell's error."""
    return getattr(exc, "ename", None) is None and bool(_START_FAILURE.search(str(exc)))


def execute_notebook(src: Path, dst: Path, parameters: dict[str, Any], *, cwd: Path, timeout: int = 900,
                     attempts: int = START_ATTEMPTS) -> Path:
    """Execute ``src`` with Papermill (kernel ``python3`` of this interpreter) into ``dst``.

    A kernel that does not answer within :data:`START_TIMEOUT` seconds is started again, up to
    ``attempts`` times in all (a notebook's kernel start is transient; the month's work is not).
    Call inside :func:`kernel_env`. Raises :class:`RunError` when a cell fails; ``dst`` then holds
    the notebook with its error.
    """
    import papermill as pm

    for attempt in range(1, attempts + 1):
        try:
            # the kernel starts in ``cwd`` (nbclient's resources path); papermill's own ``cwd=`` would chdir
            # the whole process, which is not safe with two notebooks running in threads
            pm.execute_notebook(str(src), str(dst), parameters=parameters, kernel_name="python3",
                                progress_bar=False, log_output=False, request_save_on_cell_execute=False,
                                execution_timeout=timeout, start_timeout=START_TIMEOUT,
                                resources={"metadata": {"path": str(Path(cwd).resolve())}},
                                extra_arguments=list(KERNEL_ARGS),  # a fresh list: nbclient appends to it
                                kernel_manager_class=quiet_kernel_manager())
            return dst
        except Exception as exc:  # papermill raises PapermillExecutionError with the cell's error
            if attempt < attempts and kernel_start_failed(exc):
                log.warning("notebook %s: kernel did not start (%s); starting it again (attempt %d of %d)",
                            src.name, exc, attempt + 1, attempts)
                continue
            raise RunError(notebook_error(src, exc)) from exc
    raise AssertionError("unreachable")  # pragma: no cover


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def notebook_error(src: Path, exc: BaseException, *, frames: int = 12) -> str:
    """What failed in a notebook, for the person running it: the cell, the exception and the last
    ``frames`` lines of the kernel's traceback (colour codes removed), with personal data redacted
    (:func:`vocmine.text.pii.detect.redact`: an exception can quote a ticket's value)."""
    from vocmine.text.pii.detect import redact

    ename, evalue = getattr(exc, "ename", None), getattr(exc, "evalue", None)
    if ename is None:
        return redact(f"notebook {src.name} failed: {type(exc).__name__}: {exc}")
    cell = getattr(exc, "exec_count", None) or getattr(exc, "cell_index", "?")
    lines = [_ANSI.sub("", line) for part in (getattr(exc, "traceback", None) or []) for line in str(part).splitlines()]
    tail = [line for line in lines if line.strip()][-frames:]
    return redact(f"notebook {src.name} failed in cell [{cell}]: {ename}: {evalue}" + "".join("\n  " + t for t in tail))


def execute_all(jobs: Sequence[tuple[Path, Path, dict[str, Any]]], *, cwd: Path, timeout: int = 900,
                workers: int | None = None) -> None:
    """Execute ``(src, dst, parameters)`` jobs, two kernels at a time on a multi-core machine.

    Every job runs to its end; the first failure (in job order) is then raised as :class:`RunError`.
    """
    from concurrent.futures import ThreadPoolExecutor

    workers = workers or max(1, min(2, os.cpu_count() or 1))
    with kernel_env(), ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(execute_notebook, src, dst, params, cwd=cwd, timeout=timeout)
                   for src, dst, params in jobs]
        errors = [f.exception() for f in futures]
    for err in errors:
        if err is not None:
            raise err
