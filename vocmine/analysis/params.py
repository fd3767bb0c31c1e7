"""Notebook parameters: an unknown name is an error, never silently ignored.

Papermill injects parameters as plain assignments in a cell after the notebook's ``parameters``
cell; a misspelt name (``top_nn=3``) would just create an unused variable and the brief would be
computed with the default. Every notebook therefore calls, right after its parameters::

    from vocmine.analysis.params import check_parameters
    check_parameters(globals())

which raises :class:`~vocmine.exceptions.ConfigError` naming each unknown parameter. The known
names are read at call time: the run parameters :data:`vocmine.runner.DEFAULT_PARAMS` (whatever
they hold, never a copy), the notebooks' own :data:`NOTEBOOK_PARAMS`, papermill's own
:data:`PAPERMILL_PARAMS`, and the ``extra`` names a notebook declares (the exploration filters).
"""

from __future__ import annotations

import types
from collections.abc import Iterable, Mapping
from typing import Any

from vocmine.exceptions import ConfigError

__all__ = ["NOTEBOOK_PARAMS", "PAPERMILL_PARAMS", "allowed_parameters", "check_parameters"]

#: parameters every notebook has besides the run parameters
NOTEBOOK_PARAMS = frozenset({"store_path", "period", "lang", "analysis_dir"})
#: names papermill itself may define (``pm``: its built-in parameters, used in path templates)
PAPERMILL_PARAMS = frozenset({"pm"})
#: names IPython puts in a kernel's namespace
_IPYTHON_NAMES = frozenset({"In", "Out", "get_ipython", "exit", "quit", "open"})


def allowed_parameters(extra: Iterable[str] = ()) -> frozenset[str]:
    """Every parameter name a notebook accepts: the runner's ``DEFAULT_PARAMS`` keys (read now),
    :data:`NOTEBOOK_PARAMS`, :data:`PAPERMILL_PARAMS` and ``extra``."""
    from vocmine.runner import DEFAULT_PARAMS

    return frozenset(DEFAULT_PARAMS) | NOTEBOOK_PARAMS | PAPERMILL_PARAMS | frozenset(extra)


def _is_parameter(name: str, value: Any) -> bool:
    """A notebook variable that can be a parameter: public, not IPython's, not a module, class or function
    (the cell that calls the check may import it)."""
    if name.startswith("_") or name in _IPYTHON_NAMES:
        return False
    return not (isinstance(value, types.ModuleType | type) or callable(value))


def check_parameters(namespace: Mapping[str, Any], *, extra: Iterable[str] = ()) -> dict[str, Any]:
    """Raise :class:`ConfigError` when ``namespace`` (a notebook's ``globals()`` right after its
    parameters and papermill's injected cell) holds a variable that is not a known parameter
    (see :func:`allowed_parameters`); the message names the unknown parameters and lists the
    known ones. Returns the run parameters found, ``name → value`` (keys of ``DEFAULT_PARAMS``)."""
    from vocmine.runner import DEFAULT_PARAMS

    allowed = allowed_parameters(extra)
    unknown = sorted(name for name, value in namespace.items() if _is_parameter(name, value) and name not in allowed)
    if unknown:
        raise ConfigError(f"unknown notebook parameter(s): {', '.join(unknown)} (known: {', '.join(sorted(allowed))})")
    return {name: namespace[name] for name in DEFAULT_PARAMS if name in namespace}
