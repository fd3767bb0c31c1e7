"""``vocmine run``: the command's entry point (its arguments are in :mod:`vocmine.run.config`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from vocmine.exceptions import ConfigError
from vocmine.run.config import DEFAULT_PARAMS, SAMPLE_DIR, engine_options


def run_command(args: argparse.Namespace) -> int:
    """Entry point of ``vocmine run``; returns the exit code."""
    from vocmine.run.pipeline import run

    engine = make_engine(**engine_options(getattr(args, "engine", "local"), getattr(args, "scheduler", None),
                                          getattr(args, "dask_workers", None)))
    if args.sample:
        tickets: list[Path] = [SAMPLE_DIR / "tickets.csv"]
        customers: Path | None = SAMPLE_DIR / "customers.csv"
    else:
        tickets = [Path(p) for p in args.tickets]
        customers = Path(args.customers) if args.customers else None
    if not tickets:
        raise ConfigError("give ticket export file(s) or --sample")
    params = {name: getattr(args, name) for name in DEFAULT_PARAMS}
    result = run(tickets=tickets, customers=customers, period=args.period, out_dir=args.out, store=args.store,
                 languages=tuple(x.strip() for x in args.languages.split(",") if x.strip()),
                 jira_language=args.jira_language, seed=args.seed,
                 mode=args.mode, backfill=args.backfill, params=params, preset=args.preset, timeout=args.timeout,
                 column_map=args.column_map, dayfirst=args.dayfirst, timezone=args.timezone,
                 csat_scale=args.csat_scale, engine=engine, progress=_on_terminal())
    from vocmine.ingest.validate import print_safely

    lines = [f"  {row['source_file']}: {row['rows_read']} read, {row['rows_accepted']} accepted, "
             f"{row['rows_quarantined']} quarantined, {row.get('values_quarantined', 0)} value(s) removed"
             for row in result.manifest.get("row_accounting", [])]
    if result.manifest.get("quarantine_file"):
        lines.append(f"  why each was quarantined: {result.manifest['quarantine_file']}")
    lines += [f"  note: {note}" for note in result.manifest.get("ingest_notes", [])]
    lines.append(f"published {', '.join(result.periods)} under {result.out_dir}/ (store {result.store})")
    lines += [f"  {key}: {value:.1f} s" for key, value in result.manifest.get("timings", {}).items()]
    print_safely("\n".join(lines))  # published already: a closed pipe (| head) is not a failure
    return 0


def make_engine(engine: str = "local", **options: Any) -> Any:
    """The engine named by ``vocmine run --engine`` (options from :func:`engine_options`); the dask
    engine's cluster starts only when the run enters it."""
    if engine == "dask":
        from vocmine.distributed import DaskEngine

        return DaskEngine(**options)
    from vocmine.run.stages import LocalEngine

    return LocalEngine()


def _on_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False
