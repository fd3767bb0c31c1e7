"""The period's analyses handed from the run's ``analysis`` stage to its notebooks.

``vocmine run`` computes each period's analyses once (:func:`vocmine.analysis.tables.period_analysis`),
writes the tables from them, and saves them with :func:`save_analyses` into the staging folder
(``.analysis/``, removed before publishing). Each brief notebook gets that folder as its
``analysis_dir`` parameter and renders the saved object (:func:`load_analysis`), so its text and
charts come from the very object the CSV tables were cut from. The exploration notebook gets the
same folder and reads ``period_data`` there: the :class:`~vocmine.run.data.PeriodData` the tables were
computed from (quotes included), instead of reading the store and making the quotes again (on
117,000 e-mail tickets the notebook stage went from 14.4 to 8.5 s, the tables stage from 15.6 to 16.5
s for the extra file). A notebook run on its own (JupyterLab, nbval) has
``analysis_dir = ""``, or a folder that no longer exists, and computes or reads everything itself.

The files are pickles written by the same run, in a folder only that run writes; a file whose
period or parameters differ from the notebook's is refused (:class:`~vocmine.exceptions.ConfigError`).
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from vocmine.exceptions import ConfigError

__all__ = ["ANALYSIS_DIR", "load_analysis", "save_analyses"]

#: the folder, inside a period's staging folder, that holds its saved analyses
ANALYSIS_DIR = ".analysis"
_FORMAT = 1


def save_analyses(analyses: Mapping[str, Any], folder: str | os.PathLike, *, period: str,
                  params: Mapping[str, Any]) -> Path:
    """Write each analysis (``name → object``) to ``folder/<name>.pkl`` with its period and parameters."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, obj in analyses.items():
        with open(folder / f"{name}.pkl", "wb") as fh:
            pickle.dump({"format": _FORMAT, "period": period, "params": dict(params), "analysis": obj}, fh,
                        protocol=pickle.HIGHEST_PROTOCOL)
    return folder


def load_analysis(folder: str | os.PathLike | None, name: str, *, period: str | None = None,
                  params: Mapping[str, Any] | None = None) -> Any:
    """The analysis ``name`` saved in ``folder`` by this run, or None when ``folder`` is empty or holds none.

    ``period`` and ``params`` (the notebook's): each one given must equal what the analysis was
    computed with (parameters compared on the names both have), else :class:`ConfigError`.
    """
    if not folder:
        return None
    path = Path(folder) / f"{name}.pkl"
    if not path.exists():
        return None
    with open(path, "rb") as fh:
        saved = pickle.load(fh)  # noqa: S301 - written by this run into its own staging folder
    if not isinstance(saved, dict) or saved.get("format") != _FORMAT:
        raise ConfigError(f"{path} is not an analysis saved by this version of vocmine")
    if period and saved["period"] != period:
        raise ConfigError(f"{path} holds the analysis of {saved['period']}, not of {period}")
    differ = sorted(k for k in (params or {}) if k in saved["params"] and saved["params"][k] != params[k])
    if differ:
        raise ConfigError(f"{path} was computed with other parameter values: "
                          + ", ".join(f"{k}={saved['params'][k]!r} (notebook: {params[k]!r})" for k in differ))
    return saved["analysis"]
