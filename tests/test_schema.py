"""vocmine.schema: constants, require_columns and the pandera contracts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from vocmine import schema as S
from vocmine.exceptions import SchemaError


def _frame(n: int = 2) -> pd.DataFrame:
    frame = pd.DataFrame({
        S.TICKET_ID: pd.array([f"t{i}" for i in range(n)], dtype="string"),
        S.CREATED_AT: pd.Series(pd.date_range("2024-01-01", periods=n, tz="UTC")).astype(S.UTC_DTYPE),
        S.TEXT: pd.array(["hello"] * n, dtype="string"),
    })
    for c in S.TICKET_STRING_COLUMNS:
        frame[c] = pd.array([None] * n, dtype="string")
    for c in (S.FIRST_RESPONSE_AT, S.SOLVED_AT):
        frame[c] = pd.Series(pd.NaT, index=frame.index, dtype=S.UTC_DTYPE)
    for c in S.TICKET_FLOAT_COLUMNS:
        frame[c] = np.nan
    frame[S.REOPENS] = pd.array([0] * n, dtype="Int64")
    frame[S.EXTRA] = pd.array(["{}"] * n, dtype="string")
    frame[S.SOURCE_FILE] = pd.array(["f.csv"] * n, dtype="string")
    frame[S.SOURCE_ROW] = np.arange(1, n + 1, dtype="int64")
    return frame


def test_constants_are_consistent():
    assert S.TICKET_REQUIRED == ("ticket_id", "created_at", "text")
    assert set(S.TICKET_REQUIRED) <= set(S.TICKET_COLUMNS)
    assert S.CSAT in S.TICKET_FLOAT_COLUMNS and S.REOPENS in S.TICKET_INT_COLUMNS
    assert S.TICKET_FRAME_COLUMNS[-4:] == ("extra", "source_file", "source_row", "source_line")


def test_require_columns_lists_missing_and_found():
    with pytest.raises(SchemaError, match=r"\['text'\].*found columns: \['ticket_id', 'created_at'\]"):
        S.require_columns(pd.DataFrame(columns=["ticket_id", "created_at"]), S.TICKET_REQUIRED)


def test_valid_frame_passes():
    frame = _frame()
    assert S.validate_ticket_frame(frame) is frame
    assert len(S.row_failures(frame, S.ticket_schema())) == 0


def test_row_failures_collect_every_problem_lazily():
    frame = _frame(4)
    frame.loc[0, S.CSAT] = 1.5
    frame.loc[1, S.HANDLE_MINUTES] = -2.0
    frame.loc[2, S.TEXT] = "   "
    frame.loc[3, S.CREATED_AT] = pd.NaT
    frame.loc[3, S.REOPENS] = -1
    failures = S.row_failures(frame, S.ticket_schema())
    got = sorted(zip(failures["index"], failures["column"], failures["reason"]))
    assert got == [
        (0, "csat", "csat outside 0..1 after normalisation"),
        (1, "handle_minutes", "handle_minutes is negative"),
        (2, "text", "text is missing: subject and body are both blank"),
        (3, "created_at", "created_at is missing"),
        (3, "reopens", "reopens is negative"),
    ]
    with pytest.raises(SchemaError, match="row 4: created_at is missing"):
        S.validate_ticket_frame(frame)


def test_wrong_dtype_is_a_contract_error():
    frame = _frame()
    frame[S.CREATED_AT] = frame[S.CREATED_AT].dt.tz_localize(None)  # naive times break the contract
    with pytest.raises(SchemaError, match="created_at"):
        S.row_failures(frame, S.ticket_schema())


def test_customer_schema():
    frame = pd.DataFrame({
        "customer_id": pd.array(["a", ""], dtype="string"),
        "churned_at": pd.Series([pd.NaT, pd.NaT], dtype=S.UTC_DTYPE),
        "plan": pd.array(["x", None], dtype="string"),
        "mrr": [10.0, -1.0],
        "signup_at": pd.Series([pd.NaT, pd.NaT], dtype=S.UTC_DTYPE),
    })
    failures = S.row_failures(frame, S.customer_schema())
    assert sorted(failures["reason"]) == ["customer_id is empty", "mrr is negative"]
