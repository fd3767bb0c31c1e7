"""What a read returns: the validated frame, the quarantine and the row accounting."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

ACCOUNTING_COLUMNS = ("source_file", "rows_read", "rows_accepted", "rows_quarantined", "values_quarantined")


@dataclass
class IngestResult:
    """Result of :func:`~vocmine.ingest.read_tickets` / :func:`~vocmine.ingest.read_customers`.

    ``frame``: the validated TicketFrame or CustomerFrame (canonical columns and dtypes,
    ``source_file``/``source_row``/``source_line`` kept). ``quarantine``: one row per problem
    (``source_file, row, line, column, value, reason``; values masked). ``accounting``: one row
    per source file (``source_file, rows_read, rows_accepted, rows_quarantined``), where
    ``rows_read == rows_accepted + rows_quarantined`` always holds; ``values_quarantined``
    counts values removed from accepted rows (the quarantine's ``action == "value"`` entries).
    ``notes``: what was detected or decided (preset, encoding, delimiter, sheets, date order and
    why, CSAT scale and its evidence, columns dropped as personal data, columns kept in
    ``extra``). ``timezone``: the zone months are cut in (the one given for naive timestamps,
    else the UTC offset most created_at values carry, else UTC).
    """

    frame: pd.DataFrame
    quarantine: pd.DataFrame
    accounting: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    kind: str = "tickets"
    timezone: str = "UTC"

    @property
    def rows_read(self) -> int:
        return int(self.accounting["rows_read"].sum())

    @property
    def rows_accepted(self) -> int:
        return int(self.accounting["rows_accepted"].sum())

    @property
    def rows_quarantined(self) -> int:
        return int(self.accounting["rows_quarantined"].sum())

    @property
    def values_quarantined(self) -> int:
        if "values_quarantined" not in self.accounting:
            return 0
        return int(self.accounting["values_quarantined"].sum())

    def accounting_table(self) -> str:
        """Plain-text table per file plus a TOTAL line."""
        cols = [c for c in ACCOUNTING_COLUMNS if c in self.accounting]
        rows = [tuple(str(v) for v in r) for r in self.accounting[cols].itertuples(index=False)]
        total = ("TOTAL", str(self.rows_read), str(self.rows_accepted), str(self.rows_quarantined),
                 str(self.values_quarantined))
        rows.append(total[: len(cols)])
        header = ("file", "read", "accepted", "quarantined", "values removed")[: len(cols)]
        widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
        fmt = lambda r: "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))  # noqa: E731
        return "\n".join([fmt(header)] + [fmt(r) for r in rows])

    def summary(self) -> str:
        lines = [f"{self.kind}: {self.rows_read} read, {self.rows_accepted} accepted, "
                 f"{self.rows_quarantined} quarantined"
                 + (f" ({self.values_quarantined} value(s) removed from accepted rows)" if self.values_quarantined
                    else ""), self.accounting_table()]
        if len(self.quarantine):
            kinds = (self.quarantine["reason"]
                     .str.replace(r"kept row \d+( of \S+)?", "kept row N", regex=True)
                     .str.replace(r"^csat .+? (outside|is not)", r"csat <value> \1", regex=True)
                     .str.replace(r"^(\w+) \S+ is (before|in the future|more than)", r"\1 <time> is \2", regex=True)
                     .str.replace(r"(before created_at|after|latest) \d{4}-\d\d-\d\d[T ][\d:.+-]+", r"\1 <time>",
                                  regex=True)
                     .str.replace(r"record has \d+ fields", "record has N fields", regex=True))
            counts = kinds.value_counts()
            lines.append("problems by reason:")
            lines += [f"  {n:>6}  {reason}" for reason, n in counts.head(15).items()]
        lines += [f"note: {n}" for n in self.notes]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()
