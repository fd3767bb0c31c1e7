"""PII detection and redaction, one package with imports flowing one way:

``_patterns`` (compiled regexes) -> ``spans`` (span bookkeeping) -> ``ids`` / ``contact`` / ``names``
(detectors) -> ``detect`` (:func:`find_pii`, :func:`redact`) -> ``pseudo`` (keyed hashes of personal
identifiers and personal-data columns). :mod:`vocmine.text.replace` wraps the detectors as
``str -> str`` steps; nothing here imports it.
"""

from __future__ import annotations

from vocmine.text.pii._patterns import PLACEHOLDER_RE
from vocmine.text.pii.detect import DETECTORS, PII_KINDS, PIIMatch, find_pii, redact

__all__ = ["PIIMatch", "find_pii", "redact", "PII_KINDS", "DETECTORS", "PLACEHOLDER_RE"]
