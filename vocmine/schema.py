"""Frame contracts shared by every stage (see DESIGN.md section 3).

This module is the single place where column names live. Stages import the
constants instead of repeating string literals.

TicketFrame (one row per ticket, times tz-aware UTC):
    ticket_id         str, unique after ingest
    created_at        datetime64[ns, UTC]
    text              str, subject and body joined ("subject\\n\\nbody"); raw, may hold PII
    customer_id       str or <NA>
    channel, status, priority, product, group, agent, tags   str or <NA>
    first_response_at, solved_at                             datetime64[ns, UTC] or NaT
    handle_minutes    float (agent handle time, TMA)
    wait_minutes      float (customer wait time, TME) when the export has it
    reopens           Int64
    csat              float in [0, 1] (normalised), NaN when not rated
    csat_raw          str, the value as exported
    language          str ('pt', 'en', 'other') when the export has it
    extra             str (JSON object of unknown export columns), never dropped
    source_file, source_row   where the row came from (row = 1-based data row)
    source_line       Int64: physical line where the CSV record starts (JSONL line, XLSX sheet
                      row); <NA> for JSON and Parquet

Validation: :func:`ticket_schema` / :func:`customer_schema` (pandera, built lazily) and
:func:`row_failures` (lazy validation -> one row per failing index/column with the quarantine
reason). ``vocmine.ingest`` validates every export at the boundary with them;
:func:`validate_ticket_frame` checks a TicketFrame built elsewhere.

After ``vocmine.text.clean_frame`` the frame carries ``text_raw`` (the original
``text``, never written anywhere), ``text_display`` (redacted, readable),
``text_model`` (redacted, normalised for embeddings), ``text_lemmas``
(space-joined lemmas without stop words, for c-TF-IDF) and ``language``.

After topic assignment: ``topic_id`` (int, ``OUTLIER_TOPIC`` = -1 for tickets
that fit no topic) and ``topic_label`` (str).

CustomerFrame: customer_id (str), churned_at (UTC or NaT), plan (str),
mrr (float), signup_at (UTC).

TopicFrame (the catalogue): topic_id, label, keywords (list of str),
keywords_pt, keywords_en, size, first_seen, last_seen (period strings
'YYYY-MM'), centroid (list of float).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from vocmine.exceptions import SchemaError

OUTLIER_TOPIC = -1

# --- TicketFrame -----------------------------------------------------------
TICKET_ID = "ticket_id"
CREATED_AT = "created_at"
TEXT = "text"
CUSTOMER_ID = "customer_id"
CHANNEL = "channel"
STATUS = "status"
PRIORITY = "priority"
PRODUCT = "product"
GROUP = "group"
AGENT = "agent"
TAGS = "tags"
FIRST_RESPONSE_AT = "first_response_at"
SOLVED_AT = "solved_at"
HANDLE_MINUTES = "handle_minutes"
WAIT_MINUTES = "wait_minutes"
REOPENS = "reopens"
CSAT = "csat"
CSAT_RAW = "csat_raw"
EXTRA = "extra"
SOURCE_FILE = "source_file"
SOURCE_ROW = "source_row"
SOURCE_LINE = "source_line"      # physical line (CSV/JSONL) or sheet row (XLSX) when known

TICKET_REQUIRED = (TICKET_ID, CREATED_AT, TEXT)
TICKET_STRING_COLUMNS = ("customer_id", "channel", "status", "priority", "product", "group", "agent", "tags",
                         "csat_raw", "language")
TICKET_TIME_COLUMNS = ("created_at", "first_response_at", "solved_at")
TICKET_FLOAT_COLUMNS = ("handle_minutes", "wait_minutes", "csat")
TICKET_INT_COLUMNS = ("reopens",)
TICKET_META_COLUMNS = ("extra", "source_file", "source_row")
TICKET_OPTIONAL = tuple(
    c for c in TICKET_STRING_COLUMNS + TICKET_TIME_COLUMNS + TICKET_FLOAT_COLUMNS + TICKET_INT_COLUMNS
    if c not in TICKET_REQUIRED
)
TICKET_COLUMNS = TICKET_REQUIRED + TICKET_OPTIONAL

# --- text columns after cleaning -------------------------------------------
TEXT_RAW = "text_raw"            # never leaves the process
TEXT_DISPLAY = "text_display"    # redacted, readable: what briefs quote
TEXT_MODEL = "text_model"        # redacted, normalised: embeddings
TEXT_LEMMAS = "text_lemmas"      # lemmas without stop words: c-TF-IDF
LANGUAGE = "language"
# columns that may hold unredacted text: never written anywhere (``extra`` keeps raw export values)
RAW_TEXT_COLUMNS = (TEXT, TEXT_RAW, EXTRA)

# --- topics -------------------------------------------------------------------
TOPIC_ID = "topic_id"
TOPIC_LABEL = "topic_label"

# --- CustomerFrame ----------------------------------------------------------
CUSTOMER_REQUIRED = (CUSTOMER_ID,)
CUSTOMER_COLUMNS = ("customer_id", "churned_at", "plan", "mrr", "signup_at")


def require_columns(frame: pd.DataFrame, columns: Iterable[str], *, what: str = "frame") -> None:
    """Raise :class:`SchemaError` listing every missing column and what was found."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise SchemaError(
            f"{what} is missing required column(s) {missing}; found columns: {list(frame.columns)}"
        )


# --- pandera schemas (validation at the boundary) ---------------------------
# Built lazily: pandera costs about a second to import and most stages never need it.
TICKET_FRAME_COLUMNS = TICKET_COLUMNS + (EXTRA, SOURCE_FILE, SOURCE_ROW, SOURCE_LINE)
CUSTOMER_FRAME_COLUMNS = CUSTOMER_COLUMNS + (SOURCE_FILE, SOURCE_ROW, SOURCE_LINE)  # + extra
UTC_DTYPE = "datetime64[ns, UTC]"

# reason recorded in the quarantine when a pandera check fails: (column, check) -> reason
NOT_NULL_REASONS = {
    TICKET_ID: "ticket_id is empty",
    CREATED_AT: "created_at is missing",
    TEXT: "text is missing: subject and body are both blank",
    CUSTOMER_ID: "customer_id is empty",
}


def ticket_schema():
    """pandera ``DataFrameSchema`` of a validated TicketFrame (row-level checks carry the
    quarantine reason as their ``error``). Extra columns are allowed (``strict=False``)."""
    import pandera.pandas as pa

    def nonblank(reason: str):
        return pa.Check(lambda s: s.str.strip().str.len() > 0, element_wise=False, error=reason)

    def ge0(column: str):
        return pa.Check.ge(0, error=f"{column} is negative")

    string = pa.Column("string", nullable=True)
    time = pa.Column(UTC_DTYPE, nullable=True)
    columns = {
        TICKET_ID: pa.Column("string", nonblank(NOT_NULL_REASONS[TICKET_ID]), nullable=False),
        CREATED_AT: pa.Column(UTC_DTYPE, nullable=False),
        TEXT: pa.Column("string", nonblank(NOT_NULL_REASONS[TEXT]), nullable=False),
        **{c: string for c in TICKET_STRING_COLUMNS},
        FIRST_RESPONSE_AT: time,
        SOLVED_AT: time,
        HANDLE_MINUTES: pa.Column("float64", ge0(HANDLE_MINUTES), nullable=True),
        WAIT_MINUTES: pa.Column("float64", ge0(WAIT_MINUTES), nullable=True),
        REOPENS: pa.Column("Int64", ge0(REOPENS), nullable=True),
        CSAT: pa.Column("float64", pa.Check.in_range(0.0, 1.0, error="csat outside 0..1 after normalisation"),
                        nullable=True),
        EXTRA: pa.Column("string", nullable=False),
        SOURCE_FILE: pa.Column("string", nullable=False),
        SOURCE_ROW: pa.Column("int64", pa.Check.ge(1), nullable=False),
    }
    return pa.DataFrameSchema(columns, strict=False, ordered=False, name="TicketFrame")


def customer_schema():
    """pandera ``DataFrameSchema`` of a validated CustomerFrame."""
    import pandera.pandas as pa

    return pa.DataFrameSchema({
        CUSTOMER_ID: pa.Column("string", pa.Check(lambda s: s.str.strip().str.len() > 0,
                                                  error=NOT_NULL_REASONS[CUSTOMER_ID]), nullable=False),
        "churned_at": pa.Column(UTC_DTYPE, nullable=True),
        "plan": pa.Column("string", nullable=True),
        "mrr": pa.Column("float64", pa.Check.ge(0, error="mrr is negative"), nullable=True),
        "signup_at": pa.Column(UTC_DTYPE, nullable=True),
    }, strict=False, name="CustomerFrame")


def row_failures(frame: pd.DataFrame, schema) -> pd.DataFrame:
    """Validate lazily; return one row per failing (index, column) with the reason.

    Columns: ``index`` (the frame's index label), ``column``, ``reason``. Column-level
    failures (missing column, wrong dtype) are contract violations by the caller and raise
    :class:`SchemaError` listing all of them.
    """
    import pandera.errors as pe

    try:
        schema.validate(frame, lazy=True)
    except pe.SchemaErrors as err:
        cases = err.failure_cases
        frame_level = cases[cases["index"].isna()]
        if len(frame_level):
            details = "; ".join(f"{r.column}: {r.check} ({r.failure_case})" for r in frame_level.itertuples())
            raise SchemaError(f"{schema.name} violates its contract: {details}") from None
        reasons = [
            NOT_NULL_REASONS.get(col, f"{col} is missing") if check == "not_nullable" else str(check)
            for col, check in zip(cases["column"], cases["check"])
        ]
        return pd.DataFrame({"index": cases["index"].tolist(), "column": cases["column"].tolist(),
                             "reason": reasons})
    return pd.DataFrame({"index": [], "column": [], "reason": []})


def validate_ticket_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Check a TicketFrame built elsewhere (tests, other stages) against :func:`ticket_schema`.

    Returns ``frame`` unchanged when valid; raises :class:`SchemaError` naming every failing
    row (``source_row`` when present) and reason otherwise.
    """
    require_columns(frame, TICKET_REQUIRED, what="TicketFrame")
    failures = row_failures(frame, ticket_schema())
    if len(failures):
        rows = frame[SOURCE_ROW] if SOURCE_ROW in frame.columns else pd.Series(frame.index, index=frame.index)
        lines = [f"row {rows.get(i, i)}: {r}" for i, r in zip(failures["index"], failures["reason"])]
        raise SchemaError(f"TicketFrame has {len(failures)} invalid value(s): " + "; ".join(lines[:20])
                          + (" ..." if len(lines) > 20 else ""))
    return frame
