"""Partitioned cleaning and embedding on ``dask.distributed`` (``vocmine run --engine dask``).

Cleaning and embedding are per-ticket: a ticket's cleaned columns and its vector do not depend on the
other tickets of its batch (:func:`vocmine.text.clean_frame` cleans each text on its own; the USE pass
runs in float64 and is rounded to float32, :mod:`vocmine.clustering.use64`). So both can run as
partitioned tasks on a cluster and give exactly what the local run gives. The topic fit stays in the
driver process (it is fitted once, on the history); transform and new-topic discovery assign by
cosine to the topic centroids, per ticket, after the embeddings come back.

Use::

    with DaskEngine(scheduler=None) as engine:          # None: a LocalCluster on this machine
        cleaned = engine.clean(tickets, pii_key=key)     # partitions cleaned on the workers
        with engine.embedding():                         # every cache miss is embedded on the workers
            ...assign topics as usual...

``scheduler`` is the address of an existing cluster (``tcp://host:8786``), for example one started
by dask-kubernetes or dask-jobqueue; its workers need vocmine and the same package versions (the
embedder's fingerprint names its model and version, and a worker refuses a different one).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
import pandas as pd

from vocmine.exceptions import ConfigError

__all__ = ["DaskEngine", "embedding_map", "chunked"]

log = logging.getLogger("vocmine")

#: the current map used by :class:`~vocmine.clustering.cache.EmbeddingCache` for its misses
_EMBED_MAP: list[Any] = []

#: embedders already loaded in this (worker) process, by fingerprint
_WORKER_EMBEDDERS: dict[str, Any] = {}


def chunked(n: int, size: int) -> list[slice]:
    """``[0:size], [size:2 size], ...`` covering ``range(n)``."""
    return [slice(i, min(i + size, n)) for i in range(0, n, max(int(size), 1))]


def embedding_map() -> Any:
    """The embedding map in effect (``None``: embed in this process)."""
    return _EMBED_MAP[-1] if _EMBED_MAP else None


def _encode_on_worker(embedder: Any, texts: list[str]) -> np.ndarray:
    """Runs on a worker: reuse the embedder loaded there (weights load once per worker process)."""
    fp = embedder.fingerprint
    local = _WORKER_EMBEDDERS.setdefault(fp, embedder)
    if local.fingerprint != fp:  # pragma: no cover - defensive
        raise ConfigError(f"worker embedder {local.fingerprint} differs from the driver's {fp}")
    return np.asarray(local.encode(texts), dtype=np.float32)


def _clean_part(part: pd.DataFrame, kwargs: dict) -> pd.DataFrame:
    from vocmine.text import clean_frame

    out = clean_frame(part, n_process=1, **kwargs)
    out.attrs = {"pii_withheld": dict(out.attrs.get("pii_withheld", {}))}
    return out


class DaskEngine:
    """Cleaning and embedding as partitioned tasks on a dask cluster (see the module doc).

    ``scheduler``: address of a running scheduler; ``None`` starts a ``LocalCluster`` with
    ``n_workers`` single-threaded worker processes (closed on exit). ``partition_rows``: tickets per
    cleaning task; ``embed_batch``: texts per embedding task.
    """

    def __init__(self, scheduler: str | None = None, *, n_workers: int = 2, partition_rows: int = 5_000,
                 embed_batch: int = 2_000):
        self.scheduler = scheduler
        self.n_workers = n_workers
        self.partition_rows = partition_rows
        self.embed_batch = embed_batch
        self.client = None
        self._cluster = None

    # ------------------------------------------------------------------ lifecycle
    def __enter__(self) -> DaskEngine:
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:  # pragma: no cover - dask is a default dependency
            raise ConfigError("--engine dask needs the 'distributed' package (pip install distributed)") from exc
        if self.scheduler:
            try:
                self.client = Client(self.scheduler, timeout="30s")
            except OSError as exc:
                raise ConfigError(f"cannot reach the dask scheduler at {self.scheduler}: {exc}") from exc
        else:
            self._cluster = LocalCluster(n_workers=self.n_workers, threads_per_worker=1, processes=True,
                                         dashboard_address=None, silence_logs=logging.ERROR)
            self.client = Client(self._cluster)
        log.info("dask engine: %s, %d workers", self.scheduler or "LocalCluster",
                 len(self.client.scheduler_info().get("workers", {})))
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.client is not None:
            self.client.close()
        if self._cluster is not None:
            self._cluster.close()
        self.client = self._cluster = None

    # ------------------------------------------------------------------ stages
    def clean(self, tickets: pd.DataFrame, **kwargs: Any) -> pd.DataFrame:
        """:func:`vocmine.text.clean_frame` on row partitions, gathered in input order."""
        from vocmine.text import clean_frame

        if self.client is None:
            raise ConfigError("DaskEngine used outside its 'with' block")
        if len(tickets) <= self.partition_rows:
            return clean_frame(tickets, **kwargs)
        parts = [tickets.iloc[s] for s in chunked(len(tickets), self.partition_rows)]
        futures = self.client.map(_clean_part, parts, [kwargs] * len(parts), pure=False)
        done = self.client.gather(futures)
        out = pd.concat(done)
        withheld: dict = {}
        for d in done:
            withheld.update(d.attrs.get("pii_withheld", {}))
        out.attrs = {**tickets.attrs, "pii_withheld": withheld}
        return out

    def encode(self, embedder: Any, texts: Sequence[str]) -> np.ndarray:
        """``embedder.encode(texts)`` as tasks of ``embed_batch`` texts, stacked in input order."""
        if self.client is None:
            raise ConfigError("DaskEngine used outside its 'with' block")
        texts = [str(t) for t in texts]
        if not texts:
            return np.asarray(embedder.encode([]), dtype=np.float32)
        parts = [texts[s] for s in chunked(len(texts), self.embed_batch)]
        [remote] = self.client.scatter([embedder], broadcast=True)
        futures = self.client.map(_encode_on_worker, [remote] * len(parts), parts, pure=False)
        return np.vstack(self.client.gather(futures)).astype(np.float32, copy=False)

    @contextlib.contextmanager
    def embedding(self) -> Iterator[DaskEngine]:
        """Within the block, embedding-cache misses are embedded on the cluster."""
        _EMBED_MAP.append(self.encode)
        try:
            yield self
        finally:
            _EMBED_MAP.remove(self.encode)
