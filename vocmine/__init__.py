"""vocmine: mine support tickets for the voice of the customer.

The public API is imported lazily so that ``import vocmine`` stays fast and
never pulls BERTopic, spaCy or Papermill until they are used.
"""

from __future__ import annotations

import importlib
import logging
import os
from typing import Any

__version__ = "0.1.0"

# the library logs on "vocmine" and never configures logging; the CLI adds the handler
logging.getLogger("vocmine").addHandler(logging.NullHandler())

# UMAP's layout is numba code compiled with fastmath for the host CPU: AVX-512 and AVX2 machines sum
# in different orders and the same export gets other topics. Compiled for the generic x86-64 target,
# the layout (and every table after it) is the same on any CPU; a user's own NUMBA_CPU_NAME wins.
# Set before numba is imported (vocmine.clustering.reduce repeats it if numba came first).
os.environ.setdefault("NUMBA_CPU_NAME", "generic")

# public name -> module that defines it
_API = {
    "VocmineError": "vocmine.exceptions",
    "read_tickets": "vocmine.ingest",
    "read_customers": "vocmine.ingest",
    "clean_frame": "vocmine.text",
    "TopicModel": "vocmine.clustering",
    "csat_by_topic": "vocmine.impact",
    "churn_by_topic": "vocmine.impact",
    "kpis_by_topic": "vocmine.impact",
    "rank_topics": "vocmine.impact",
    "find_repeats": "vocmine.recurrence",
    "near_duplicates": "vocmine.recurrence",
    "run": "vocmine.runner",
}

__all__ = ["__version__", *_API]


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'vocmine' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
