"""Partitioned cleaning and embedding on ``dask.distributed`` (``vocmine run --engine dask``).

Cleaning and embedding are per-ticket: a ticket's cleaned columns and its vector do not depend on the
other tickets of its batch (:func:`vocmine.text.clean_frame` cleans each text on its own; the USE pass
runs in float64 and is rounded to float32, :mod:`vocmine.clustering.use64`). So both can run as
partitioned tasks on a cluster and give exactly what the local run gives. The topic fit stays in the
driver process (it is fitted once, on the history); transform and new-topic discovery assign by
cosine to the topic centroids, per ticket, after the embeddings come back.

:class:`DaskEngine` is an engine of :func:`vocmine.run.pipeline.run` (a
:class:`~vocmine.run.stages.LocalEngine` whose ``clean`` runs partitioned on the cluster and whose
``assign_topics`` sends every embedding-cache miss to the cluster; ingest, the topic fit, analysis and
notebooks stay in this process). ``run()`` enters it when the run starts and leaves it at the end, also
on error. By hand::

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
import copy
import logging
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from vocmine.exceptions import ConfigError, RunError, VocmineError
from vocmine.run.stages import LocalEngine

__all__ = ["DaskEngine", "embedding_map", "chunked", "CONNECT_TIMEOUT"]

log = logging.getLogger("vocmine")

#: seconds to wait for a scheduler (and for its first worker) before giving up
CONNECT_TIMEOUT = 10.0

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


def _worker_threads() -> int:
    """Threads of the worker this runs on (1 outside a worker)."""
    try:
        from distributed import get_worker

        return max(int(get_worker().state.nthreads), 1)
    except (ImportError, ValueError, AttributeError):
        return 1


def _encode_on_worker(embedder: Any, texts: list[str], client_fingerprint: str | None = None) -> np.ndarray:
    """Runs on a worker: reuse the embedder loaded there (weights load once per worker process).
    ``client_fingerprint``: the embedder's fingerprint on the client; the fingerprint names the
    model's package version as installed here, so a worker with another version refuses to embed
    (its vectors would not match the cache nor the saved topics)."""
    fp = embedder.fingerprint
    if client_fingerprint is not None and fp != client_fingerprint:
        raise ConfigError(f"this dask worker's embedder is {fp}, the client's {client_fingerprint}: install the "
                          f"same package versions on the workers as on the client")
    if fp not in _WORKER_EMBEDDERS and hasattr(embedder, "threads"):
        embedder = copy.copy(embedder)  # BLAS threads of the worker, not the client's (same vectors)
        embedder.threads = _worker_threads()
    local = _WORKER_EMBEDDERS.setdefault(fp, embedder)
    return np.asarray(local.encode(texts), dtype=np.float32)


class _CollectingCache:
    """A :class:`~vocmine.text.cache.CleanCache` stand-in on a worker: serves nothing and keeps what
    :func:`~vocmine.text.clean_frame` would store (only guard-passed results), for the client's cache."""

    def __init__(self) -> None:
        self.texts: list[tuple] = []
        self.lemmas: list[tuple] = []

    def get_texts(self, texts: Sequence[str]) -> list[None]:
        return [None] * len(texts)

    def get_lemmas(self, pairs: Sequence[tuple[str, str]]) -> list[None]:
        return [None] * len(pairs)

    def put_texts(self, rows: Any) -> None:
        self.texts.extend(rows)

    def put_lemmas(self, rows: Any) -> None:
        self.lemmas.extend(rows)


def _clean_part(part: pd.DataFrame, kwargs: dict, collect: bool = False) -> tuple[pd.DataFrame, list, list]:
    from vocmine.text import clean_frame

    cache = _CollectingCache() if collect else None
    out = clean_frame(part, n_process=1, cache=cache, **kwargs)
    out.attrs = {"pii_withheld": dict(out.attrs.get("pii_withheld", {}))}
    return out, (cache.texts if cache else []), (cache.lemmas if cache else [])


def _probe_scheduler(address: str, timeout: float) -> str:
    """The ``type`` a dask server at ``address`` says it is (``Scheduler``), asked within ``timeout``
    seconds in a thread of its own (so a caller's running event loop, a notebook's, is not needed).
    Raises ``TimeoutError`` when nothing answers in time, ``OSError`` when the connection fails and
    ``ValueError`` for a malformed address."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from distributed.comm import connect, parse_address
    from distributed.security import Security

    parse_address(address)  # ValueError for a malformed address, before any waiting
    args = Security().get_connection_args("client")  # tls:// settings from the dask config, as the Client

    async def ask() -> Any:
        comm = await connect(address, timeout=timeout, **args)
        try:
            await comm.write({"op": "identity", "reply": True})
            return await comm.read()
        finally:
            comm.abort()

    async def bounded() -> Any:
        return await asyncio.wait_for(ask(), timeout)

    with ThreadPoolExecutor(max_workers=1) as pool:
        answer = pool.submit(asyncio.run, bounded()).result()
    if not isinstance(answer, dict) or "type" not in answer:
        raise OSError(f"the server at {address} did not answer like a dask scheduler")
    return str(answer["type"])


def _worker_version() -> str:
    import vocmine

    return vocmine.__version__


class DaskEngine(LocalEngine):
    """Cleaning and embedding as partitioned tasks on a dask cluster (see the module doc).

    ``scheduler``: address of a running scheduler (``tcp://host:8786``); ``None`` starts a
    ``LocalCluster`` with ``n_workers`` single-threaded worker processes (closed on exit).
    ``partition_rows``: at most this many tickets per cleaning task (a frame is cut in at least one
    part per worker); ``embed_batch``: texts per embedding task; ``connect_timeout``: seconds to reach
    the scheduler and to see a worker there (default :data:`CONNECT_TIMEOUT`). Entering an engine
    already entered only counts (the outer ``with`` closes it), so a caller may hold one cluster across
    several runs.
    """

    name = "dask"

    def __init__(self, scheduler: str | None = None, *, n_workers: int = 2, partition_rows: int = 5_000,
                 embed_batch: int = 2_000, connect_timeout: float | None = None):
        if scheduler is not None and (not isinstance(scheduler, str) or not scheduler.strip()):
            raise ConfigError(f"dask scheduler address must be a non-empty string like tcp://host:8786, "
                              f"got {scheduler!r}")
        for what, value in (("n_workers", n_workers), ("partition_rows", partition_rows),
                            ("embed_batch", embed_batch)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ConfigError(f"DaskEngine {what} must be a whole number >= 1, got {value!r}")
        connect_timeout = CONNECT_TIMEOUT if connect_timeout is None else connect_timeout
        if isinstance(connect_timeout, bool) or not isinstance(connect_timeout, int | float) or connect_timeout <= 0:
            raise ConfigError(f"DaskEngine connect_timeout must be > 0 seconds, got {connect_timeout!r}")
        self.scheduler = scheduler.strip() if scheduler else None
        self.n_workers = n_workers
        self.partition_rows = partition_rows
        self.embed_batch = embed_batch
        self.connect_timeout = float(connect_timeout)
        self.client = None
        self._cluster = None
        self._depth = 0

    def __repr__(self) -> str:
        where = self.scheduler or f"LocalCluster({self.n_workers} workers)"
        return f"DaskEngine({where})"

    # ------------------------------------------------------------------ lifecycle
    def __enter__(self) -> DaskEngine:
        if self._depth == 0:
            self._start()
        self._depth += 1
        return self

    def __exit__(self, *exc: Any) -> None:
        self._depth = max(self._depth - 1, 0)
        if self._depth == 0:
            self._close()

    def _start(self) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:  # pragma: no cover - dask is a default dependency
            raise ConfigError("--engine dask needs the 'distributed' package (pip install distributed)") from exc
        try:
            if self.scheduler:
                self.client = self._connect(Client)
            else:
                self.client = self._local_cluster(LocalCluster, Client)
            self._check_workers()
        except BaseException:
            self._close()
            raise
        log.info("dask engine: %s, %d workers", self.scheduler or "LocalCluster",
                 len(self.client.scheduler_info().get("workers", {})))

    def _local_cluster(self, cluster_cls: Any, client_cls: Any) -> Any:
        try:
            with warnings.catch_warnings():  # its status HTTP server moves to a free port when 8787 is taken
                warnings.filterwarnings("ignore", message=r"Port \d+ is already in use", category=UserWarning)
                self._cluster = cluster_cls(n_workers=self.n_workers, threads_per_worker=1, processes=True,
                                            dashboard_address=None, silence_logs=logging.ERROR)
            return client_cls(self._cluster)
        except Exception as exc:
            raise RunError(f"could not start a dask LocalCluster of {self.n_workers} worker process(es) "
                           f"({type(exc).__name__}: {exc}); a Python script that runs it must start from an "
                           f"`if __name__ == '__main__':` block (workers are spawned processes)") from exc

    def _connect(self, client_cls: Any) -> Any:
        """A client of the scheduler at ``self.scheduler``: first a bounded probe (``distributed``'s
        own connect waits without end on a port that accepts and never answers), then the client."""
        where = self.scheduler
        try:
            kind = _probe_scheduler(where, self.connect_timeout)
            if kind != "Scheduler":
                raise ConfigError(f"{where} answers as a dask {kind}, not a scheduler: pass the scheduler's "
                                  f"address (tcp://host:8786) to --scheduler")
            return client_cls(where, timeout=f"{self.connect_timeout}s")
        except ConfigError:
            raise
        except (ValueError, TypeError) as exc:
            raise ConfigError(f"--scheduler {where!r} is not a dask scheduler address like tcp://host:8786 "
                              f"({type(exc).__name__}: {exc})") from exc
        except Exception as exc:  # refused, timed out, or something that is not a dask scheduler answered
            raise ConfigError(f"cannot reach the dask scheduler at {where} within {self.connect_timeout:g} s "
                              f"({type(exc).__name__}: {str(exc)[:200] or 'no answer'}); check --scheduler "
                              f"(tcp://host:8786) and that a dask scheduler is listening there") from exc

    def _check_workers(self) -> None:
        """At least one worker within ``connect_timeout``, every worker on this vocmine version."""
        from vocmine import __version__

        where = self.scheduler or "the LocalCluster"
        try:
            self.client.wait_for_workers(1, timeout=self.connect_timeout)
        except (OSError, TimeoutError) as exc:
            raise ConfigError(f"the dask scheduler at {where} has no worker after {self.connect_timeout:g} s: "
                              f"start workers (dask worker {self.scheduler or 'ADDRESS'}) or check the "
                              f"cluster") from exc
        try:
            versions = self.client.run(_worker_version)
        except Exception as exc:  # a worker without vocmine cannot unpickle the function
            raise ConfigError(f"the workers of the dask scheduler at {where} cannot run vocmine "
                              f"({type(exc).__name__}: {exc}); install vocmine {__version__} on every "
                              f"worker") from exc
        wrong = {w: v for w, v in versions.items() if v != __version__}
        if wrong:
            raise ConfigError(f"dask workers at {where} run another vocmine version than this one ({__version__}): "
                              f"{wrong}; install the same version on every worker")

    def _close(self) -> None:
        for what, obj in (("client", self.client), ("cluster", self._cluster)):
            if obj is None:
                continue
            try:
                obj.close()
            except Exception as exc:  # closing must not hide the run's own error
                log.warning("dask engine: closing the %s failed: %s: %s", what, type(exc).__name__, exc)
        self.client = self._cluster = None

    def _require_client(self) -> Any:
        if self.client is None:
            raise ConfigError("DaskEngine used outside its 'with' block (run() enters it for you)")
        return self.client

    # ------------------------------------------------------------------ stages
    def clean(self, tickets: pd.DataFrame, *, pii_key: bytes | None = None, cache_dir: Any = None,
              **kwargs: Any) -> pd.DataFrame:
        """:func:`vocmine.text.clean_frame` on row partitions (at least one per worker, at most
        ``partition_rows`` rows each), run on the cluster and gathered in input order.

        ``cache_dir`` (with a ``pii_key``), as :func:`vocmine.run.stages.clean`: the clean cache
        ``<cache_dir>/clean.sqlite`` stays with the client. Rows whose text it holds are cleaned here
        from it (look-ups only); the others go to the cluster, and what the workers cleaned and the PII
        guard passed is added to it, so the next run sends only its new texts.
        """
        from vocmine.text import clean_frame
        from vocmine.text.frame import settle_short_languages

        client = self._require_client()
        kwargs = {**kwargs, "pii_key": pii_key}
        if len(tickets) == 0:
            return clean_frame(tickets, **kwargs)
        from vocmine.text.cache import CleanCache
        from vocmine.text.frame import _as_text

        if cache_dir is None or pii_key is None or not CleanCache.serves(
                extra_pii_patterns=kwargs.get("extra_pii_patterns"), max_model_chars=kwargs.get("max_model_chars")):
            out = self._clean_remote(client, tickets, kwargs)[0]
            # the short texts' languages decided on the whole frame, as the local engine's one clean_frame call does
            return settle_short_languages(out, tickets, default_language=kwargs.get("default_language", "other"))
        from vocmine.schema import TEXT

        with CleanCache(Path(cache_dir) / "clean.sqlite", pii_key) as cache:
            values = [_as_text(v) for v in tickets[kwargs.get("text_col", TEXT)].tolist()]
            uniq = list(dict.fromkeys(values))
            held = {t for t, c in zip(uniq, cache.get_texts(uniq), strict=True) if c is not None}
            known = np.fromiter((v in held for v in values), dtype=bool, count=len(values))
            pieces: list[pd.DataFrame] = []
            rows: list[np.ndarray] = []
            if known.any():
                pieces.append(clean_frame(tickets[known], cache=cache, **kwargs))
                rows.append(np.flatnonzero(known))
            if not known.all():
                fresh, texts, lemmas = self._clean_remote(client, tickets[~known], kwargs, collect=True)
                cache.put_texts(texts)
                cache.put_lemmas(lemmas)
                pieces.append(fresh)
                rows.append(np.flatnonzero(~known))
        out = pd.concat(pieces) if len(pieces) > 1 else pieces[0]
        if len(pieces) > 1:
            out = out.iloc[np.argsort(np.concatenate(rows), kind="stable")]
        withheld: dict = {}
        for piece in pieces:
            withheld.update(piece.attrs.get("pii_withheld", {}))
        out.attrs = {**tickets.attrs, "pii_withheld": withheld}
        return settle_short_languages(out, tickets, default_language=kwargs.get("default_language", "other"))

    def _clean_remote(self, client: Any, tickets: pd.DataFrame, kwargs: dict,
                      collect: bool = False) -> tuple[pd.DataFrame, list, list]:
        """``tickets`` cleaned on the cluster, in input order; with ``collect``, also the clean-cache
        rows the workers produced (texts, lemmas)."""
        workers = max(len(client.scheduler_info().get("workers", {})), 1)
        size = min(self.partition_rows, -(-len(tickets) // workers))
        parts = [tickets.iloc[s] for s in chunked(len(tickets), size)]
        remote = client.scatter(parts)  # data moves once, not inside the task graph
        futures = client.map(_clean_part, remote, [kwargs] * len(parts), [collect] * len(parts), pure=False)
        try:
            done = client.gather(futures)
        except VocmineError:
            raise
        except Exception as exc:  # a lost worker, a worker without vocmine, ...
            raise RunError(f"cleaning on the dask cluster ({self.scheduler or 'LocalCluster'}) failed: "
                           f"{type(exc).__name__}: {exc}") from exc
        frames = [d[0] for d in done]
        out = pd.concat(frames)
        withheld: dict = {}
        for f in frames:
            withheld.update(f.attrs.get("pii_withheld", {}))
        out.attrs = {**tickets.attrs, "pii_withheld": withheld}
        return out, [r for d in done for r in d[1]], [r for d in done for r in d[2]]

    def assign_topics(self, history: Any, **kwargs: Any) -> Any:
        """The local topic stage (fit on a bounded sample here, in this process), its embedding-cache
        misses embedded on the cluster."""
        with self.embedding():
            return super().assign_topics(history, **kwargs)

    def encode(self, embedder: Any, texts: Sequence[str]) -> np.ndarray:
        """``embedder.encode(texts)`` as tasks of ``embed_batch`` texts, stacked in input order."""
        client = self._require_client()
        texts = [str(t) for t in texts]
        if not texts:
            return np.asarray(embedder.encode([]), dtype=np.float32)
        parts = [texts[s] for s in chunked(len(texts), self.embed_batch)]
        [remote] = client.scatter([embedder], broadcast=True)
        fp = embedder.fingerprint
        futures = client.map(_encode_on_worker, [remote] * len(parts), parts, [fp] * len(parts), pure=False)
        return np.vstack(client.gather(futures)).astype(np.float32, copy=False)

    @contextlib.contextmanager
    def embedding(self) -> Iterator[DaskEngine]:
        """Within the block, embedding-cache misses are embedded on the cluster."""
        self._require_client()
        _EMBED_MAP.append(self.encode)
        try:
            yield self
        finally:
            _EMBED_MAP.remove(self.encode)
