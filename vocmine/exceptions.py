"""One exception root for everything vocmine raises on purpose.

Messages name the file, row, column and value involved and what was expected,
so a user can fix the input without reading the code.
"""

from __future__ import annotations


class VocmineError(Exception):
    """Root of every error vocmine raises deliberately."""


class SchemaError(VocmineError):
    """A frame or an export does not match its contract (missing column, wrong type)."""


class InputError(VocmineError):
    """An input file cannot be read (missing, unknown format, undecodable)."""


class ConfigError(VocmineError):
    """A parameter, preset or column map is invalid."""


class NotFittedError(VocmineError):
    """A model method that needs a fitted model was called before ``fit``."""


class MissingDependencyError(VocmineError, ImportError):
    """An optional dependency is not installed; the message names the install command."""


class RunError(VocmineError):
    """A monthly run failed; previous reports are left untouched."""


class PIILeakError(VocmineError):
    """A writer was asked to write raw (unredacted) text or a detected PII value."""
