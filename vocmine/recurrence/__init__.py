"""Recurrence mining: repeat contacts, near-duplicate tickets, chronic topics, deflection potential.

Every function is pure and returns a tidy DataFrame whose columns are documented in its docstring.
Rows with ``topic == ALL`` ("__all__") are overall rows.
"""

from __future__ import annotations

from vocmine.recurrence._common import ALL
from vocmine.recurrence.chronic import chronic_topics, incident_spikes
from vocmine.recurrence.deflection import deflection_candidates, howto_share, top_questions
from vocmine.recurrence.duplicates import (
    collapse_duplicates,
    duplicate_groups,
    duplicate_key,
    near_duplicates,
)
from vocmine.recurrence.repeats import find_repeats, repeat_summary, repeat_summary_windows, top_chains

__all__ = [
    "ALL",
    "chronic_topics",
    "collapse_duplicates",
    "deflection_candidates",
    "duplicate_groups",
    "duplicate_key",
    "find_repeats",
    "howto_share",
    "incident_spikes",
    "near_duplicates",
    "repeat_summary",
    "repeat_summary_windows",
    "top_chains",
    "top_questions",
]
