"""``vocmine validate``: read exports, print the accounting, write the quarantine."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from vocmine.ingest.customers import read_customers
from vocmine.ingest.quarantine import write_quarantine
from vocmine.ingest.tickets import read_tickets


def default_quarantine_path(first_export: Path) -> Path:
    return first_export.with_name(f"{first_export.stem}.quarantine.csv")


def validate_command(exports: list[Path], *, preset: str = "auto", column_map: Path | None = None,
                     customers: Path | None = None, quarantine: Path | None = None,
                     dayfirst: bool | None = None, timezone: str | None = None) -> int:
    """Print the row accounting per file and totals; write the quarantine CSV (always, so a
    stale one never lingers). Returns 0 when every row was accepted, 1 when some were
    quarantined; :class:`~vocmine.exceptions.VocmineError` propagates for fatal problems."""
    results = [read_tickets(exports, preset=preset, column_map=column_map, dayfirst=dayfirst, timezone=timezone)]
    if customers is not None:
        results.append(read_customers(customers, dayfirst=dayfirst, timezone=timezone))
    for result in results:
        print(result.summary())
        print()
    target = Path(quarantine) if quarantine is not None else default_quarantine_path(Path(exports[0]))
    combined = pd.concat([r.quarantine for r in results], ignore_index=True)
    write_quarantine(combined, target)
    quarantined = sum(r.rows_quarantined for r in results)
    print(f"quarantine: {len(combined)} problem(s) in {quarantined} row(s) written to {target}")
    return 0 if quarantined == 0 else 1
