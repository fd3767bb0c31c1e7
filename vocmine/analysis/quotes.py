"""Quoted examples a product manager can read: no help-desk boilerplate, no channel header naming a person.

A brief quotes the redacted ``text_display`` of tickets (topic examples, repeat chains, duplicate
groups, the Jira export). Help desks put their own text into that field: a subject line made of the
channel and the customer's first name ("Chat - Caio", "Conversa com Ana", "WhatsApp: [PHONE]") and
template sentences inserted into every ticket ("Seu chamado foi registrado. Nossa equipe
responderá em breve."). :func:`readable_quotes` writes ``text_quote`` without both for the tickets a
period's briefs can quote (the period and the ``months`` before it, which covers repeat chains that
began earlier); every quote is taken from that column (:func:`quote_column`):

- a first line that is only a channel header (:data:`CHANNEL_HEADER`, at most 60 characters);
- every sentence, chat turn or form field (:func:`vocmine.clustering.boilerplate.segments`) found,
  after case and punctuation are folded, in at least ``max(min_docs, min_share × n)`` of those
  tickets **and** spread over topics (in ``min_topics``+ topics, none holding more than half of
  them): a template, not what several customers of one topic write alike ("Boleto não gera" stays).

Segments made only of redaction masks ("[CPF]") stay. A text made only of such parts is kept as it was. Nothing is added: the result is a sub-string
sequence of an already redacted text, so this step cannot leak what redaction removed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

import pandas as pd

from vocmine.schema import TEXT_DISPLAY, TOPIC_ID

__all__ = ["CHANNEL_HEADER", "TEXT_QUOTE", "cross_topic_segments", "drop_channel_header", "quote_column",
           "readable_quote", "readable_quotes"]

#: the column quotes are taken from (added by :func:`readable_quotes`; analyses still read ``text_display``)
TEXT_QUOTE = "text_quote"
# a segment made only of redaction masks ("[CPF]", "[PHONE] [EMAIL]") says what the customer gave: kept
_MASKS_ONLY = re.compile(r"(?:\[[A-Z_]+\][\s,;.]*)+")

#: a first line that names only the channel (and maybe a person or a masked phone): help-desk made
CHANNEL_HEADER = re.compile(
    r"(?:nov[ao]\s+|new\s+)?(?:chat|conversa|conversation|whatsapp|liga[çc][ãa]o|call|atendimento|phone|callback"
    r"|inbound call|retorno de liga[çc][ãa]o)"
    r"(?:\s+(?:via\s+)?(?:whatsapp|chat|telef[ôo]nico|recebida|support|conversation))?"
    r"(?:\s*(?:[-–:]|\b(?:com|with|de|from|iniciad[oa] pelo|started from)\b)\s*[^\n]*)?",
    re.IGNORECASE,
)
_HEADER_CHARS = 60


def drop_channel_header(text: str) -> str:
    """``text`` without a first line that is a channel header ("Chat - Caio", "WhatsApp: [PHONE]",
    "Conversa com Ana", "Call from [PHONE]"); a subject about the channel ("WhatsApp não conecta") stays."""
    text = str(text)
    first, sep, rest = text.lstrip().partition("\n")
    line = first.strip()
    if sep and rest.strip() and len(line) <= _HEADER_CHARS and CHANNEL_HEADER.fullmatch(line):
        return rest.lstrip("\n")
    return text


def cross_topic_segments(texts: Sequence[str], topics: Sequence[int], *, min_share: float = 0.001,
                         min_docs: int = 5, min_topics: int = 3, max_topic_share: float = 0.5,
                         segmented: Sequence[Sequence[str]] | None = None) -> frozenset[str]:
    """Normalised segments in at least ``max(min_docs, min_share × n)`` texts spread over topics: in at
    least ``min_topics`` topics, with no topic holding more than ``max_topic_share`` of them (a
    sentence most of whose tickets share one topic is that topic's content, not a template).
    ``segmented``: each text's segments when the caller has them (else computed here)."""
    from vocmine.clustering.boilerplate import segment_key, segments

    docs: dict[str, int] = defaultdict(int)
    spread: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    if segmented is None:
        segmented = [segments(text) for text in texts]
    for segs, topic in zip(segmented, topics, strict=True):
        for key in {segment_key(s) for s in segs}:
            if key:
                docs[key] += 1
                spread[key][int(topic)] += 1
    threshold = max(min_docs, min_share * len(texts))
    return frozenset(k for k, n in docs.items() if n >= threshold and len(spread[k]) >= min_topics
                     and max(spread[k].values()) <= max_topic_share * n)


def quote_column(frame: pd.DataFrame) -> str:
    """``text_quote`` when ``frame`` has it, else ``text_display``."""
    return TEXT_QUOTE if TEXT_QUOTE in frame.columns else TEXT_DISPLAY


_BLANK_LINES = re.compile(r"[ \t]+\n|\n{3,}")


def readable_quote(text: str, boilerplate: frozenset[str], *, segs: Sequence[str] | None = None) -> str:
    """``text`` without its channel header and its ``boilerplate`` segments (kept whole when nothing
    else would be left). ``segs``: the segments of ``drop_channel_header(text)`` when known."""
    from vocmine.clustering.boilerplate import segment_key, segments

    out = drop_channel_header(text)
    for seg in segments(out) if segs is None else segs:
        if segment_key(seg) in boilerplate and not _MASKS_ONLY.fullmatch(seg):
            out = out.replace(seg, "", 1)
    out = _BLANK_LINES.sub(lambda m: "\n" if m.group().startswith((" ", "\t")) else "\n\n", out)
    out = re.sub(r"[ \t]{2,}", " ", out).strip()
    return out if re.search(r"\w", out) else str(text)


def readable_quotes(tickets: pd.DataFrame, period: str, *, months: int = 2) -> pd.DataFrame:
    """``tickets`` with a ``text_quote`` column: ``text_display`` made quotable (module doc) for the
    tickets of ``period`` and the ``months`` before it, ``text_display`` as it is for older ones.
    Frames without ``text_display`` or ``period`` are returned as they are. Analyses keep reading
    ``text_display`` (a help-center question or a how-to share is measured on what was written)."""
    if TEXT_DISPLAY not in tickets.columns or "period" not in tickets.columns or tickets.empty:
        return tickets
    first = (pd.Period(period, freq="M") - months).strftime("%Y-%m")
    window = (tickets["period"].astype(str) >= first) & (tickets["period"].astype(str) <= period)
    window &= tickets[TEXT_DISPLAY].notna()
    out = tickets.copy()
    out[TEXT_QUOTE] = out[TEXT_DISPLAY]
    if not window.any():
        return out
    texts = tickets.loc[window, TEXT_DISPLAY].astype(str).tolist()
    topics = (tickets.loc[window, TOPIC_ID].fillna(-1).astype(int).tolist() if TOPIC_ID in tickets.columns
              else [0] * len(texts))
    from vocmine.clustering.boilerplate import segments

    # each text segmented once, header dropped, for both the count and the quote (a header line is
    # dropped from the quote whatever the count says, so leaving it out of the count changes no quote)
    segmented = [segments(drop_channel_header(t)) for t in texts]
    boilerplate = cross_topic_segments(texts, topics, segmented=segmented)
    out.loc[window, TEXT_QUOTE] = [readable_quote(t, boilerplate, segs=g) for t, g in zip(texts, segmented)]
    return out
