"""Ingest: read support exports (CSV, Parquet, JSON, JSONL, XLSX; Zendesk, Freshdesk, Intercom or
generic columns), validate them at the boundary and account for every row.

>>> result = read_tickets("data/sample/tickets.csv")          # doctest: +SKIP
>>> result.frame            # validated TicketFrame (see vocmine.schema)
>>> result.quarantine       # one row per problem: source_file, row, line, column, value, reason
>>> result.accounting       # per file: rows_read = rows_accepted + rows_quarantined
>>> print(result.summary())

Rules and the column-map format are documented in ``vocmine/ingest/README.md``.
"""

from __future__ import annotations

from vocmine.ingest.column_map import load_column_map
from vocmine.ingest.customers import read_customers
from vocmine.ingest.presets import PRESETS, detect_preset
from vocmine.ingest.quarantine import QUARANTINE_COLUMNS, write_quarantine
from vocmine.ingest.result import IngestResult
from vocmine.ingest.tickets import read_tickets
from vocmine.ingest.validate import validate_command

__all__ = [
    "IngestResult",
    "PRESETS",
    "QUARANTINE_COLUMNS",
    "detect_preset",
    "load_column_map",
    "read_customers",
    "read_tickets",
    "validate_command",
    "write_quarantine",
]
