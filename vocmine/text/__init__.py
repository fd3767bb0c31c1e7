"""Text cleaning for tickets: PII redaction, help-desk noise removal, language id, lemmas.

Steps are plain ``f(text, *, opts) -> str`` functions in modules named for verbs (textacy habit):
:mod:`~vocmine.text.remove` (html, quoted_replies, signatures, greetings, disclaimers, boilerplate,
auto_replies), :mod:`~vocmine.text.replace` (PII: emails, phones, cpfs, cnpjs, cards, ceps, ssns, ips,
urls, pix_keys, names, extra_patterns; wrappers over the detectors of :mod:`vocmine.text.pii`) and
:mod:`~vocmine.text.normalize` (mojibake, unicode, whitespace, accents). :func:`make_pipeline`
composes them; :func:`clean_frame` cleans a whole TicketFrame (and withholds a ticket that still trips
the PII guard, pseudonymises personal identifiers). :func:`redact` / :func:`find_pii` are the PII
entry points; the guard every writer uses is :mod:`vocmine._io`.
spaCy and py3langid are imported only when lemmas or languages are computed.
"""

from __future__ import annotations

from vocmine.text import normalize, remove, replace
from vocmine.text.frame import clean_frame, clean_texts
from vocmine.text.language import detect_language, detect_languages
from vocmine.text.lemmas import lemmatize
from vocmine.text.pii import PII_KINDS, PIIMatch, find_pii, redact
from vocmine.text.pipeline import MODEL_MAX_CHARS, Pipeline, display_pipeline, make_pipeline, model_text
from vocmine.text.stopwords import SUPPORT_STOPWORDS, stopwords


def clean(text: str, *, extra_pii_patterns=None) -> str:
    """``text_display`` for one text (redacted, noise removed); builds the pipeline each call."""
    return display_pipeline(extra_pii_patterns=extra_pii_patterns)(text)


__all__ = [
    "normalize", "remove", "replace", "clean", "clean_frame", "clean_texts", "detect_language",
    "detect_languages", "lemmatize", "PII_KINDS", "PIIMatch", "find_pii", "redact", "MODEL_MAX_CHARS",
    "Pipeline", "display_pipeline", "make_pipeline", "model_text", "SUPPORT_STOPWORDS", "stopwords",
]
