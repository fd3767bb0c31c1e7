"""Dimension reduction for clustering: UMAP on an exact k-nearest-neighbour graph.

UMAP's own neighbour search (pynndescent) spends about 40 s compiling with numba in every fresh
process on more than 4,096 documents. Passing UMAP an exact cosine kNN graph computed with numpy
(blocked matrix products, about 2 s for 10k × 512) skips pynndescent entirely: a fresh fit of 10k
documents takes 8 s instead of 45-60 s (bench/topics.md). ``transform`` of new documents is not
offered: :class:`~vocmine.clustering.model.TopicModel` assigns new documents by similarity to topic
centroids in embedding space.
"""

from __future__ import annotations

import os

import numpy as np

from vocmine.exceptions import ConfigError

__all__ = ["exact_knn", "KnnUMAP", "PrecomputedReduction", "portable_numba"]


def portable_numba() -> str:
    """Compile numba code (UMAP's layout) for the generic CPU target, so topics do not depend on the CPU.

    ``import vocmine`` sets ``NUMBA_CPU_NAME=generic`` unless the user set it; this repeats it on
    numba's configuration when numba was imported first (a notebook that imported umap before
    vocmine). Returns the CPU name numba compiles for.
    """
    import sys

    name = os.environ.setdefault("NUMBA_CPU_NAME", "generic")
    config = getattr(sys.modules.get("numba.core.config"), "__dict__", None)
    if config is not None and config.get("CPU_NAME") is None:
        config["CPU_NAME"] = name
        if name == "generic":
            config["CPU_FEATURES"] = ""
    return name


_UMAP_MODULES = ("umap.umap_", "umap.layouts", "umap.utils", "umap.sparse", "umap.distances")
_cached: list[bool] = []


def cache_umap_jit() -> int:
    """Keep UMAP's numba functions compiled on disk (numba's own cache), so a fresh process loads them
    instead of compiling them again: about 10 s of every run's topic stage went to compiling the same
    functions (``fuzzy_simplicial_set``'s helpers are not cached by UMAP itself). Numba keys its cache
    by the CPU target (generic, see :func:`portable_numba`) and the source, and falls back to compiling
    when the cache cannot be written. Returns how many functions were switched to caching (once per process)."""
    if _cached:
        return 0
    import importlib

    from numba.core.dispatcher import Dispatcher

    n = 0
    for name in _UMAP_MODULES:
        try:
            mod = importlib.import_module(name)
        except ImportError:
            continue
        for obj in vars(mod).values():
            if isinstance(obj, Dispatcher) and getattr(obj, "_cache", None) is not None \
                    and type(obj._cache).__name__ == "NullCache":
                try:
                    obj.enable_caching()
                    n += 1
                except (RuntimeError, OSError):  # no writable cache location: compile as before
                    pass
    _cached.append(True)
    return n


def exact_knn(x: np.ndarray, k: int, *, block: int = 512) -> tuple[np.ndarray, np.ndarray]:
    """Exact cosine kNN of L2-normalised rows (each row is its own first neighbour).

    Returns ``(indices, distances)`` of shape (n, k), sorted by increasing distance. Similarities are
    computed in float64, so neighbour order does not depend on the BLAS kernel or thread count (float32
    products differ by ~1e-7 between them, enough to swap near-tied neighbours).

    Rows are done ``block`` at a time (a row's result does not depend on the block): each block
    allocates three (block, n) arrays, and at 17,000 rows blocks of 2,048 spent much of their time
    getting fresh memory from the system (8.4, 5.7 and 6.6 s in three runs against 4.2-4.6 s with
    blocks of 512; `/tmp` script, same indices and distances).
    """
    x = np.asarray(x, dtype=np.float64)
    n = len(x)
    k = min(k, n)
    idx = np.empty((n, k), dtype=np.int64)
    dist = np.empty((n, k), dtype=np.float32)
    for s in range(0, n, block):
        sims = x[s:s + block] @ x.T
        rows = np.arange(len(sims))
        sims[rows, rows + s] = 2.0  # self first, even among exact duplicates
        part = np.argpartition(-sims, k - 1, axis=1)[:, :k] if k < n else np.tile(np.arange(n), (len(sims), 1))
        vals = np.take_along_axis(sims, part, 1)
        order = np.argsort(-vals, axis=1, kind="stable")
        idx[s:s + block] = np.take_along_axis(part, order, 1)
        dist[s:s + block] = 1.0 - np.take_along_axis(vals, order, 1)
    dist[:, 0] = 0.0
    return idx, np.clip(dist, 0.0, 2.0)


class KnnUMAP:
    """UMAP (cosine, ``min_dist=0``) fed with an exact kNN graph; seeded and deterministic.

    Falls back to returning the input when there are too few documents for a neighbour graph.
    Fitted attribute: ``embedding_``.
    """

    def __init__(self, *, n_neighbors: int = 15, n_components: int = 5, min_dist: float = 0.0,
                 n_epochs: int | None = None, seed: int = 0):
        self.n_neighbors = n_neighbors
        self.n_components = n_components
        self.min_dist = min_dist
        self.n_epochs = n_epochs
        self.seed = seed

    def fit(self, x: np.ndarray, y=None) -> KnnUMAP:
        x = np.asarray(x, dtype=np.float32)
        self._fit_input = x
        n = len(x)
        if n <= max(self.n_neighbors + 1, self.n_components + 2):
            self.embedding_ = x
            return self
        portable_numba()
        from umap import UMAP

        cache_umap_jit()

        nn = min(self.n_neighbors, n - 1)
        idx, dist = exact_knn(x, nn)
        self.umap_ = UMAP(n_neighbors=nn, n_components=self.n_components, min_dist=self.min_dist,
                          metric="cosine", random_state=self.seed, n_epochs=self.n_epochs,
                          precomputed_knn=(idx, dist, None), n_jobs=1)
        import warnings

        from threadpoolctl import threadpool_limits

        # one BLAS thread: UMAP's spectral initialisation (eigsh) differs by ~1e-11 between one and two
        # threads, and its optimisation turns that into another layout: the sample's topics moved by up
        # to 5 tickets under OPENBLAS_NUM_THREADS=1, which importing dask.distributed sets in the process
        # environment (so in every run a test suite or a notebook starts after it). The eigensolver
        # takes 0.1 s on 7,000 documents; the layout itself is numba
        with warnings.catch_warnings(), threadpool_limits(1, user_api="blas"):
            warnings.simplefilter("ignore", UserWarning)  # "transform unavailable" / "n_jobs overridden"
            self.embedding_ = self.umap_.fit_transform(x).astype(np.float32)
        return self

    def fit_transform(self, x: np.ndarray, y=None) -> np.ndarray:
        return self.fit(x, y).embedding_

    def transform(self, x: np.ndarray) -> np.ndarray:
        """The fitted layout of the training documents (BERTopic asks for them once more after ``fit``);
        any other input is refused: new documents are assigned by centroid in embedding space."""
        fitted = getattr(self, "_fit_input", None)
        if fitted is not None and np.shape(x) == fitted.shape and np.array_equal(np.asarray(x, dtype=np.float32), fitted):
            return self.embedding_
        raise ConfigError("KnnUMAP cannot transform new documents; TopicModel.transform assigns by centroid")


class PrecomputedReduction:
    """A reducer whose output was computed once (the fit tries several topic sizes on one reduction)."""

    def __init__(self, embedding: np.ndarray):
        self.embedding_ = embedding

    def fit(self, x, y=None):
        return self

    def transform(self, x):
        if len(x) != len(self.embedding_):
            raise ConfigError(f"precomputed reduction holds {len(self.embedding_)} rows, got {len(x)}")
        return self.embedding_

    def fit_transform(self, x, y=None):
        return self.transform(x)
