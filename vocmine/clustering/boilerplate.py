"""Corpus-level boilerplate removal before embedding.

Help-desk exports repeat the same segments across unrelated tickets: chat-bot greetings
("Vendix Bot: Olá! Sou a assistente virtual..."), web-form field labels, sign-offs ("Fico no
aguardo", "Waiting for your answer"), complaint stock phrases. A sentence embedding averages them
into every ticket, and clusters then form by *format* (chat, WhatsApp, form) instead of by reason.

:func:`strip_frequent_segments` splits each text into segments (sentences, chat turns, form
fields), counts in how many documents each normalised segment occurs, and drops segments found in
at least ``min_share`` of the documents (and at least ``min_docs``). A text whose segments are
all frequent is kept whole. Pure function: texts in, texts out; nothing is written.

Measured on the sample export (bench/topics.md): NMI against the planted reasons 0.72 → 0.81.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

__all__ = ["segments", "frequent_segments", "strip_frequent_segments"]

_SPLIT = re.compile(r"(?<=[.!?…])\s+|\s*\[\d{1,2}:\d{2}(?::\d{2})?\]\s*|\s+-\s+|\s*[\"“”]\s*|\s*\n\s*")
_SPEAKER = re.compile(r"^[\w .'’-]{1,30}:\s+")
_NORM = re.compile(r"\W+")


def segments(text: str) -> list[str]:
    """Sentences, chat turns and quoted parts of ``text`` (speaker prefixes removed)."""
    out = []
    for s in _SPLIT.split(str(text)):
        if s and s.strip():
            out.append(_SPEAKER.sub("", s.strip()))
    return [s for s in out if s]


def _key(segment: str) -> str:
    return _NORM.sub(" ", segment.lower()).strip()


def frequent_segments(texts: Sequence[str], *, min_share: float = 0.005, min_docs: int = 5) -> frozenset[str]:
    """Normalised segments occurring in at least ``max(min_docs, min_share × n)`` documents."""
    counts: Counter[str] = Counter()
    for t in texts:
        counts.update({_key(s) for s in segments(t)})
    threshold = max(min_docs, min_share * len(texts))
    return frozenset(k for k, n in counts.items() if k and n >= threshold)


def strip_frequent_segments(texts: Sequence[str], *, frequent: frozenset[str] | None = None,
                            min_share: float = 0.005, min_docs: int = 5) -> list[str]:
    """``texts`` without their frequent segments (see module doc); ``frequent`` reuses a fitted set."""
    texts = [str(t) for t in texts]
    if frequent is None:
        frequent = frequent_segments(texts, min_share=min_share, min_docs=min_docs)
    out = []
    for t in texts:
        segs = segments(t)
        kept = [s for s in segs if _key(s) not in frequent]
        out.append(" ".join(kept) if kept else " ".join(segs) or t)
    return out
