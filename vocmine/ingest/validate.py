"""``vocmine validate``: read exports, write the quarantine, print the accounting.

Exit codes (shared by every ``vocmine`` command, see :mod:`vocmine.cli`): 0 every row accepted,
1 some rows or values quarantined, 2 a vocmine error (bad input, bad option, unwritable path).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pandas as pd

from vocmine.ingest.customers import read_customers
from vocmine.ingest.quarantine import write_quarantine
from vocmine.ingest.tickets import read_tickets

EXIT_OK, EXIT_QUARANTINED = 0, 1


def default_quarantine_path(first_export: Path) -> Path:
    return first_export.with_name(f"{first_export.stem}.quarantine.csv")


def print_safely(text: str) -> bool:
    """Print ``text``; False (and stdout silenced) when the reader went away (``vocmine validate | head``)."""
    try:
        print(text, flush=True)
        return True
    except BrokenPipeError:
        silence_stdout()
        return False


def silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush raises no second BrokenPipeError."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # pytest's captured stdout has no real descriptor
        pass


def validate_command(exports: list[Path], *, preset: str = "auto", column_map: Path | None = None,
                     customers: Path | None = None, quarantine: Path | None = None,
                     dayfirst: bool | None = None, timezone: str | None = None,
                     csat_scale: str | None = None) -> int:
    """Write the quarantine CSV (always, so a stale one never lingers), then print the row
    accounting per file and totals. Returns 0 when every row and value was accepted, 1 when
    some were quarantined; :class:`~vocmine.exceptions.VocmineError` propagates for fatal
    problems (the CLI exits 2). A closed output pipe only stops the printing."""
    results = [read_tickets(exports, preset=preset, column_map=column_map, dayfirst=dayfirst, timezone=timezone,
                            csat_scale=csat_scale)]
    if customers is not None:
        results.append(read_customers(customers, dayfirst=dayfirst, timezone=timezone))
    target = Path(quarantine) if quarantine is not None else default_quarantine_path(Path(exports[0]))
    combined = pd.concat([r.quarantine for r in results], ignore_index=True)
    write_quarantine(combined, target)
    quarantined = sum(r.rows_quarantined for r in results)
    values = sum(getattr(r, "values_quarantined", 0) for r in results)
    text = "\n\n".join(r.summary() for r in results)
    text += (f"\n\nquarantine: {len(combined)} problem(s): {quarantined} row(s) left out, {values} value(s) removed "
             f"from accepted rows; written to {target}")
    print_safely(text)
    return EXIT_OK if quarantined == 0 and values == 0 else EXIT_QUARANTINED
