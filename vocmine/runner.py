"""Entry point kept for notebooks, the CLI and scripts: the run lives in :mod:`vocmine.run`.

``from vocmine.runner import load_period, run, DEFAULT_PARAMS, ...`` keeps working; stages are
swapped through an engine (``run(..., engine=...)``, see :mod:`vocmine.run.stages`), not by
replacing names here.
"""

from __future__ import annotations

from vocmine.exceptions import RunError
from vocmine.run.command import run_command
from vocmine.run.config import (
    CACHE_DIR,
    DEFAULT_PARAMS,
    NOTEBOOK_DIR,
    NOTEBOOKS,
    REPO_DIR,
    SAMPLE_DIR,
    add_run_arguments,
    as_paths,
    check_period,
    merge_params,
)
from vocmine.run.data import PeriodData, load_period, sample_store
from vocmine.run.history import build_history
from vocmine.run.manifest import code_revision, package_versions, portable_path, sha256_file
from vocmine.run.notebooks import execute_all, execute_notebook, kernel_env
from vocmine.run.period import publish_period
from vocmine.run.pipeline import RunResult, run
from vocmine.run.publish import LOCK_NAME, clean_stale, output_lock, publish
from vocmine.run.stages import Engine, LocalEngine, last_whole_month, period_column, pii_key_for
from vocmine.run.stages import ingest as _ingest  # noqa: F401 - earlier private names, for scripts that call them
from vocmine.run.stages import period_column as _period_column  # noqa: F401 - (replacing them swaps nothing)

__all__ = [
    "CACHE_DIR", "DEFAULT_PARAMS", "LOCK_NAME", "NOTEBOOKS", "NOTEBOOK_DIR", "REPO_DIR", "SAMPLE_DIR", "Engine",
    "LocalEngine", "PeriodData", "RunError", "RunResult", "add_run_arguments", "as_paths", "build_history",
    "check_period", "clean_stale", "code_revision", "execute_all", "execute_notebook", "kernel_env",
    "last_whole_month", "load_period", "merge_params", "output_lock", "package_versions", "pii_key_for",
    "portable_path", "publish", "publish_period", "run", "run_command", "sample_store", "sha256_file",
]
