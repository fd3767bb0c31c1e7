"""Per-item work on CPU cores: :func:`map_chunks` cuts a list into chunks and maps a function over
them in forked worker processes, or runs it in-process when the list is short.

Only for pure per-item functions (a result depends on its item alone, never on the chunk), so the
result is the same with 1 or N processes. Forking costs about 20 ms on a 2-core machine and the
children inherit what the parent loaded (regexes, spaCy tables), so a few thousand texts per process
already pay. Callers inside a daemonic process (a dask worker) pass ``n_process=1``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from typing import Any

from vocmine.exceptions import ConfigError

__all__ = ["MIN_ITEMS_PER_PROCESS", "map_chunks", "processes"]

#: below this many items per process the work runs in-process
MIN_ITEMS_PER_PROCESS = 2_000


def processes(n_process: int) -> int:
    """``n_process`` checked (``-1``: one per core)."""
    n = (os.cpu_count() or 1) if n_process == -1 else n_process
    if not isinstance(n, int) or n < 1:
        raise ConfigError(f"n_process must be >= 1 or -1 (all cores), got {n_process}")
    return n


def map_chunks(fn: Callable[..., Sequence[Any]], items: Sequence[Any], *args: Any, n_process: int = -1,
               min_per_process: int | None = None) -> list[Any]:
    """``fn(items, *args)`` as one list, computed over chunks of ``items`` (``fn(chunk, *args)`` returns
    one result per item, in order) in ``n_process`` forked processes when there are at least
    ``min_per_process`` (default :data:`MIN_ITEMS_PER_PROCESS`) items per process, else in this process.
    ``fn`` must be a module-level function."""
    n = processes(n_process)
    min_per_process = MIN_ITEMS_PER_PROCESS if min_per_process is None else min_per_process
    if n == 1 or len(items) < n * min_per_process:
        return list(fn(items, *args))
    size = -(-len(items) // (n * 4))  # four chunks per process: a slow chunk does not hold the others up
    chunks = [items[i:i + size] for i in range(0, len(items), size)]
    out: list[Any] = []
    with ProcessPoolExecutor(max_workers=n, mp_context=get_context("fork")) as pool:
        for part in pool.map(fn, chunks, *([a] * len(chunks) for a in args)):
            out.extend(part)
    return out
