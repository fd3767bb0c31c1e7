"""`vocmine ...` commands: a thin front over the package functions.

Exit codes (every command):

====  ======================================================================================
0     done; every row accepted
1     done, but some rows or values were quarantined (``validate``; see the quarantine file)
2     a vocmine error: bad input file, bad option or column map, unwritable output path,
      another run holding the output folder's lock (the message says what to do)
3     ``vocmine run`` failed after it started (a notebook or a stage); the previously
      published reports are untouched and the failed attempt is kept as ``<period>.failed-*``
4     an internal error (a bug): the traceback is printed, please report it
130   interrupted (Ctrl-C)
====  ======================================================================================
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import sys
import traceback
from collections.abc import Iterator, Sequence
from pathlib import Path

from vocmine import __version__
from vocmine.exceptions import RunError, VocmineError

EXIT_OK, EXIT_QUARANTINED, EXIT_ERROR, EXIT_RUN_FAILED, EXIT_BUG, EXIT_INTERRUPTED = 0, 1, 2, 3, 4, 130


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
        csat_scale=args.csat_scale,
    )


def _cmd_run(args: argparse.Namespace) -> int:
    from vocmine.runner import run_command

    return run_command(args)


def add_input_arguments(parser: argparse.ArgumentParser) -> None:
    """How to read an export: shared by ``validate`` and ``run``."""
    parser.add_argument("--preset", default="auto", help="generic, zendesk, freshdesk, intercom or auto (default)")
    parser.add_argument("--column-map", help="YAML column map (export column per field, formats, scale, zone)")
    order = parser.add_mutually_exclusive_group()
    order.add_argument("--dayfirst", action="store_true", default=None, dest="dayfirst",
                       help="read ambiguous dates as dd/mm/yyyy (default: decided per file and noted)")
    order.add_argument("--monthfirst", action="store_false", default=None, dest="dayfirst",
                       help="read ambiguous dates as mm/dd/yyyy")
    parser.add_argument("--timezone", default=None,
                        help="time zone of timestamps without an offset, and the zone months are cut in "
                             "(IANA name, e.g. America/Sao_Paulo; default: the column map's, else UTC)")
    parser.add_argument("--csat-scale", default=None,
                        help="CSAT scale, e.g. 1-5, 0-10 or good_bad (default: the preset's or the column "
                             "map's, else inferred from the bulk of the values)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="vocmine", description=__doc__.split("\n\n")[0],
                                     epilog="exit codes: 0 ok, 1 rows or values quarantined, 2 vocmine error "
                                            "(input, option, path, lock), 3 run failed (previous reports kept), "
                                            "4 internal error (bug)")
    parser.add_argument("--version", action="version", version=f"vocmine {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("sample", help="write the seeded bilingual sample export")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--out", default="data/sample")
    p.set_defaults(func=_cmd_sample)

    p = sub.add_parser("validate", help="read exports, print the row accounting, write the quarantine")
    p.add_argument("exports", nargs="+", help="ticket export files (csv, parquet, json, jsonl, xlsx)")
    add_input_arguments(p)
    p.add_argument("--customers", help="customers table to validate as well")
    p.add_argument("--quarantine", help="where to write the quarantine CSV (default: beside the first export)")
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser("run", help="monthly run: clean, topics, impact, recurrence, notebooks, briefs")
    from vocmine.runner import add_run_arguments  # runner imports nothing heavy at module level

    add_run_arguments(p)
    p.set_defaults(func=_cmd_run)
    return parser


class _Formatter(logging.Formatter):
    """Progress and notes as plain lines; warnings and errors prefixed like the CLI's own messages."""

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        return text if record.levelno < logging.WARNING else f"vocmine: {record.levelname.lower()}: {text}"


@contextlib.contextmanager
def _logging_to_stderr() -> Iterator[None]:
    """For the command's duration, the ``vocmine`` logger writes INFO and above to stderr: one line per
    stage of a run (through tqdm on a terminal, so lines do not break the progress bar)."""
    logger = logging.getLogger("vocmine")
    try:
        terminal = sys.stderr.isatty()
    except (AttributeError, ValueError):
        terminal = False
    if terminal:
        from vocmine.run.progress import TqdmHandler

        handler: logging.Handler = TqdmHandler(sys.stderr)
    else:
        handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Formatter("%(message)s"))
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def _error(message: str) -> None:
    try:
        print(message, file=sys.stderr, flush=True)
    except (BrokenPipeError, OSError, ValueError):
        pass


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)  # usage errors exit 2 (argparse)
    try:
        with _logging_to_stderr():
            return int(args.func(args) or 0)
    except RunError as exc:
        _error(f"vocmine: run failed: {exc}")
        return EXIT_RUN_FAILED
    except VocmineError as exc:
        _error(f"vocmine: error: {exc}")
        return EXIT_ERROR
    except BrokenPipeError:
        from vocmine.ingest.validate import silence_stdout

        silence_stdout()
        _error("vocmine: error: the output pipe was closed before the command finished")
        return EXIT_ERROR
    except KeyboardInterrupt:
        _error("vocmine: interrupted")
        return EXIT_INTERRUPTED
    except Exception:  # a bug: keep the traceback, say so, never exit 1 (which means "rows quarantined")
        _error(traceback.format_exc().rstrip())
        _error("vocmine: internal error (a bug, not your input): please report the traceback above")
        return EXIT_BUG


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
