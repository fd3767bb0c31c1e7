"""Helpers for the ingest tests: tiny exports written into tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest


def _assert_books_balance(result) -> None:
    acc = result.accounting
    assert (acc["rows_read"] == acc["rows_accepted"] + acc["rows_quarantined"]).all()
    assert int(acc["rows_accepted"].sum()) == len(result.frame)
    q = result.quarantine
    if len(q):
        rows = q[q["action"] == "row"]
        quarantined_rows = rows.groupby(["source_file", "row"]).ngroups
        assert quarantined_rows == int(acc["rows_quarantined"].sum())
        values = q[q["action"] == "value"]
        assert len(values) == int(acc["values_quarantined"].sum())
        # a value entry belongs to an accepted ticket: never to a row also left out
        assert not set(zip(values["source_file"], values["row"])) & set(zip(rows["source_file"], rows["row"]))
        assert q["reason"].str.len().gt(0).all()


@pytest.fixture
def write(tmp_path: Path):
    """write(name, text, encoding='utf-8') -> Path"""

    def _write(name: str, text: str, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        return path

    return _write


@pytest.fixture
def books():
    """books(result): assert rows read = accepted + quarantined, per file and against the frames."""
    return _assert_books_balance
