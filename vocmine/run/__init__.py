"""The monthly run as a package of stages (DESIGN.md §2).

=================  ===========================================================================
``config``         paths, published notebooks, ``DEFAULT_PARAMS``, ``vocmine run`` arguments
``stages``         ingest, clean, topics, analysis, notebooks as plain functions; the engine
                   protocol and :class:`LocalEngine` (the default) that runs them
``history``        the month loop: topics per month, written into the history store
``notebooks``      Papermill execution (kernel environment, two kernels at a time)
``period``         one period: tables, notebooks, export, manifest into staging, then publish
``publish``        atomic publish, stale-folder repair, the output folder's lock
``manifest``       the manifest (inputs' sha256, parameters, versions, code revision)
``data``           the notebooks' data API: :func:`load_period`, :func:`sample_store`
``progress``       one log line per stage, a tqdm bar on a terminal
``pipeline``       :func:`run`, the whole run; ``command``: ``vocmine run``
=================  ===========================================================================

Nothing heavy is imported here. ``vocmine.run(...)`` keeps working as the function once this
package is imported (the package is callable and forwards to :func:`vocmine.run.pipeline.run`).
"""

from __future__ import annotations

import sys
import types
from typing import Any

from vocmine.run.config import DEFAULT_PARAMS, NOTEBOOKS
from vocmine.run.data import PeriodData, load_period, sample_store
from vocmine.run.pipeline import RunResult
from vocmine.run.pipeline import run as run_pipeline
from vocmine.run.stages import Engine, LocalEngine

__all__ = ["DEFAULT_PARAMS", "NOTEBOOKS", "Engine", "LocalEngine", "PeriodData", "RunResult", "load_period",
           "run_pipeline", "sample_store"]


class _CallableRunPackage(types.ModuleType):
    """``vocmine.run`` names both this package and the public function: importing the package makes
    it the attribute of ``vocmine``, so the package forwards calls to the function."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return run_pipeline(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableRunPackage
