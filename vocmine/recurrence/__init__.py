"""Recurrence mining: repeat contacts, near-duplicate tickets, chronic topics, deflection potential.

Every function is pure and returns a tidy DataFrame whose columns are documented in its docstring.
Rows with ``topic == ALL`` ("__all__") are overall rows. Quoted text always comes from the
redacted ``text_display`` column (raw text columns are refused with ``PIILeakError``).

Typical use on a cleaned, topic-assigned TicketFrame ``t``::

    reps = find_repeats(t, topic_col="topic_id", window_days=7)      # per ticket
    summary = repeat_summary_windows(t, windows=(7, 30))             # per topic x month x window
    chains = top_chains(reps, t, n=10)                               # for the brief
    dups = near_duplicates(t, text_col="text_model")                 # per ticket
    groups = duplicate_groups(t, dups)                               # per group
    shape = chronic_topics(t)                                        # per topic
    bursts = incident_spikes(t)                                      # per episode
    savings = deflection_candidates(t, reps, months=3)               # per topic, ranges
    questions = top_questions(t, savings.loc[0, "topic"], n=5)

For topic fitting, ``collapse_duplicates(frame, "text_model")`` returns the distinct texts, the
inverse index and the counts (fit once per distinct text, expand labels with ``labels[inverse]``).
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
