"""`vocmine ...` commands: a thin front over the package functions."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from vocmine import __version__
from vocmine.exceptions import VocmineError


def _cmd_sample(args: argparse.Namespace) -> int:
    from vocmine.sample import write_sample

    summary = write_sample(Path(args.out), seed=args.seed)
    for key, value in summary.items():
        print(f"{key}: {value}")
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    from vocmine.ingest import validate_command

    return validate_command(
        [Path(p) for p in args.exports],
        preset=args.preset,
        column_map=Path(args.column_map) if args.column_map else None,
        customers=Path(args.customers) if args.customers else None,
        quarantine=Path(args.quarantine) if args.quarantine else None,
        dayfirst=args.dayfirst,
        timezone=args.timezone,
    )


def _cmd_run(args: argparse.Namespace) -> int:
    from vocmine.runner import run_command

    return run_command(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="vocmine", description=__doc__)
    parser.add_argument("--version", action="version", version=f"vocmine {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("sample", help="write the seeded bilingual sample export")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--out", default="data/sample")
    p.set_defaults(func=_cmd_sample)

    p = sub.add_parser("validate", help="read exports, print the row accounting, write the quarantine")
    p.add_argument("exports", nargs="+", help="ticket export files (csv, parquet, json, jsonl, xlsx)")
    p.add_argument("--preset", default="auto", help="generic, zendesk, freshdesk, intercom or auto")
    p.add_argument("--column-map", help="YAML column map for the generic preset")
    p.add_argument("--customers", help="customers table to validate as well")
    p.add_argument("--quarantine", help="where to write the quarantine CSV (default: beside the first export)")
    p.add_argument("--dayfirst", action="store_true", default=None, help="parse ambiguous dates day first")
    p.add_argument("--timezone", default=None, help="time zone of naive timestamps (default UTC)")
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser("run", help="monthly run: clean, topics, impact, recurrence, notebooks, briefs")
    from vocmine.runner import add_run_arguments  # runner imports nothing heavy at module level

    add_run_arguments(p)
    p.set_defaults(func=_cmd_run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except VocmineError as exc:
        print(f"vocmine: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
