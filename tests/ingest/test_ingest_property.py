"""Property: whatever the cells hold, reading never crashes on a row and the books balance."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vocmine.ingest import read_tickets

CELL = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12),
    st.sampled_from(["", " ", "2024-01-02T03:04:05Z", "31/12/2023 10:00", "12/31/2023", "-5", "1,5", "\"", "a\nb",
                     "1700000000", "=cmd", "x@y.com"]),
)
ROW = st.tuples(CELL, CELL, CELL, CELL, CELL, CELL)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(ROW, max_size=8), delimiter=st.sampled_from([",", ";", "\t"]))
def test_books_always_balance(rows, delimiter):
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    writer.writerow(["ticket_id", "created_at", "subject", "body", "handle_minutes", "reopens"])
    writer.writerows(rows)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "t.csv"
        path.write_text(buf.getvalue(), encoding="utf-8")
        result = read_tickets(path)
    acc = result.accounting.iloc[0]
    assert acc["rows_read"] == acc["rows_accepted"] + acc["rows_quarantined"]
    assert acc["rows_accepted"] == len(result.frame)
    assert result.frame["ticket_id"].is_unique
    assert (result.frame["handle_minutes"].dropna() >= 0).all()
    assert result.frame["created_at"].notna().all() and (result.frame["text"].str.strip() != "").all()
