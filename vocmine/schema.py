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
RAW_TEXT_COLUMNS = (TEXT, TEXT_RAW)  # columns that may hold unredacted text

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
