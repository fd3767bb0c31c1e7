"""Run configuration: where things are, the notebooks published, the parameters every notebook
gets (``DEFAULT_PARAMS``, recorded in the manifest) and the ``vocmine run`` arguments.

Nothing heavy is imported here (the CLI imports this module to build its parser).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import os
from pathlib import Path
from typing import Any

from vocmine.exceptions import ConfigError

REPO_DIR = Path(__file__).resolve().parents[2]
SAMPLE_DIR = REPO_DIR / "data" / "sample"
NOTEBOOK_DIR = REPO_DIR / "notebooks"
CACHE_DIR = REPO_DIR / ".vocmine-cache"

#: notebook file -> (published stem, per language?)
NOTEBOOKS: dict[str, tuple[str, bool]] = {
    "02_product_brief.ipynb": ("product_brief", True),
    "03_recurrence_brief.ipynb": ("recurrence_brief", True),
    "01_explore_tickets.ipynb": ("explore_tickets", False),
}

#: parameters passed to every notebook (and recorded in the manifest)
DEFAULT_PARAMS: dict[str, Any] = {
    "top_n": 8,
    "min_sample_size": 30,
    "repeat_window_days": 7,
    "churn_window_days": 90,
    "sla_first_response_hours": 24.0,
    "sla_resolution_hours": 72.0,
    "fcr_days": 7,
    "csat_window_months": 3,
    "deflection_share_low": 0.3,
    "deflection_share_high": 0.6,
    "curation": "",  # YAML of topic names, merges and hidden topics (vocmine.analysis.curation); "" = none
}


#: values of ``vocmine run --engine``
ENGINES = ("local", "dask")
#: LocalCluster worker processes of ``--engine dask`` without ``--scheduler``
DASK_WORKERS = 2


def engine_options(engine: str = "local", scheduler: str | None = None,
                   dask_workers: int | None = None) -> dict[str, Any]:
    """The checked engine options of ``vocmine run`` (``--engine``, ``--scheduler``,
    ``--dask-workers``): ``{"engine": name}`` plus ``scheduler`` or ``n_workers`` for dask.
    :class:`ConfigError` for an option that does not apply or a bad value."""
    if engine not in ENGINES:
        raise ConfigError(f"--engine must be one of {', '.join(ENGINES)}, got {engine!r}")
    if scheduler is not None and not str(scheduler).strip():
        raise ConfigError("--scheduler needs an address like tcp://host:8786, got an empty value")
    if engine != "dask":
        given = [flag for flag, value in (("--scheduler", scheduler), ("--dask-workers", dask_workers))
                 if value is not None]
        if given:
            verb = "applies" if len(given) == 1 else "apply"
            raise ConfigError(f"{' and '.join(given)} only {verb} with --engine dask (the engine is {engine!r}): "
                              f"add --engine dask")
        return {"engine": engine}
    if scheduler is not None and dask_workers is not None:
        raise ConfigError("--dask-workers sizes the LocalCluster started without --scheduler; an existing "
                          f"scheduler ({scheduler}) has its own workers: drop one of the two")
    if dask_workers is not None and dask_workers < 1:
        raise ConfigError(f"--dask-workers must be >= 1, got {dask_workers}")
    if scheduler is not None:
        return {"engine": engine, "scheduler": str(scheduler).strip()}
    return {"engine": engine, "n_workers": DASK_WORKERS if dask_workers is None else dask_workers}


def merge_params(params: dict[str, Any] | None) -> dict[str, Any]:
    """``DEFAULT_PARAMS`` updated by ``params``; :class:`ConfigError` naming any unknown parameter."""
    merged = {**DEFAULT_PARAMS, **(params or {})}
    unknown = set(merged) - set(DEFAULT_PARAMS)
    if unknown:
        raise ConfigError(f"unknown run parameter(s) {sorted(unknown)}; known: {sorted(DEFAULT_PARAMS)}")
    return merged


def check_period(period: str) -> str:
    try:
        _dt.datetime.strptime(period, "%Y-%m")
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"period must look like YYYY-MM, got {period!r}") from exc
    return period


def as_paths(value: Any) -> list[Path]:
    if value is None:
        return []
    if isinstance(value, str | os.PathLike):
        return [Path(value)]
    return [Path(v) for v in value]


def add_run_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``vocmine run``."""
    parser.add_argument("tickets", nargs="*", help="ticket export file(s)")
    parser.add_argument("--customers", help="customer table (churn)")
    parser.add_argument("--sample", action="store_true", help="use the bundled data/sample export")
    parser.add_argument("--period", help="month to report, YYYY-MM (default: last whole month in the data)")
    parser.add_argument("--out", default="reports", help="reports folder (default: reports)")
    parser.add_argument("--store", help="history store file (default: <out>/history.duckdb)")
    parser.add_argument("--languages", default="pt,en", help="brief languages, comma separated (pt,en)")
    parser.add_argument("--jira-language", default="pt", help="language of tables/jira_issues.csv (default pt)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--mode", default="auto", help="topic mode: auto, fit or transform")
    parser.add_argument("--backfill", action="store_true", help="run and publish every month up to --period")
    from vocmine.cli import add_input_arguments

    add_input_arguments(parser)  # --preset --column-map --dayfirst/--monthfirst --timezone --csat-scale
    parser.add_argument("--timeout", type=int, default=900, help="per-cell notebook timeout in seconds")
    parser.add_argument("--engine", choices=ENGINES, default="local",
                        help="local (default): every stage in this process; dask: cleaning and embedding on a "
                             "dask cluster (docs/running.md, Dask)")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="with --engine dask: address of a running dask scheduler (tcp://host:8786); "
                             "default: a LocalCluster on this machine")
    parser.add_argument("--dask-workers", type=int, metavar="N",
                        help=f"with --engine dask and no --scheduler: LocalCluster worker processes "
                             f"(default {DASK_WORKERS})")
    for name, value in DEFAULT_PARAMS.items():
        parser.add_argument("--" + name.replace("_", "-"), type=type(value), default=value, dest=name,
                            help=f"default {value}")
