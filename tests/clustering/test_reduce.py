"""KnnUMAP hands back its layout only for the documents it was fitted on."""

from __future__ import annotations

import numpy as np
import pytest

from vocmine.clustering.embedders import l2_normalise
from vocmine.clustering.reduce import KnnUMAP, exact_knn
from vocmine.exceptions import ConfigError


def test_transform_is_the_fitted_layout_for_training_data_only():
    rng = np.random.default_rng(0)
    x = l2_normalise(rng.normal(size=(60, 16)))
    r = KnnUMAP(n_neighbors=5, n_components=2, n_epochs=20, seed=0).fit(x)
    assert np.array_equal(r.transform(x.copy()), r.embedding_)
    other = l2_normalise(rng.normal(size=(60, 16)))  # same row count, other documents
    with pytest.raises(ConfigError):
        r.transform(other)


def test_exact_knn_is_independent_of_block_size():
    rng = np.random.default_rng(1)
    x = l2_normalise(rng.normal(size=(300, 32)))
    a = exact_knn(x, 10, block=7)
    b = exact_knn(x, 10, block=2048)
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])
    assert (a[0][:, 0] == np.arange(300)).all()


def _numba_cpu(code: str, **env: str) -> str:
    import os
    import subprocess
    import sys

    base = {k: v for k, v in os.environ.items() if k != "NUMBA_CPU_NAME"}
    out = subprocess.run([sys.executable, "-c", code], env={**base, **env}, capture_output=True, text=True,
                         timeout=120, check=True)
    return out.stdout.strip()


def test_umap_layout_is_compiled_for_the_generic_cpu_whatever_the_import_order():
    """Topics must not depend on the CPU (AVX-512 and AVX2 sum the fastmath layout in different orders)."""
    after = "import vocmine, numba; print(numba.config.CPU_NAME, repr(numba.config.CPU_FEATURES))"
    assert _numba_cpu(after) == "generic ''"
    # numba imported first (a notebook that imported umap before vocmine): the reducer fixes its config
    first = ("import numba; from vocmine.clustering.reduce import portable_numba; portable_numba(); "
             "print(numba.config.CPU_NAME, repr(numba.config.CPU_FEATURES))")
    assert _numba_cpu(first) == "generic ''"
    # a user's own choice wins
    assert _numba_cpu(after, NUMBA_CPU_NAME="haswell").split()[0] == "haswell"


def test_umap_functions_are_loaded_from_numba_cache_in_a_second_process():
    """A fresh process loads UMAP's compiled functions instead of compiling them again (~5-10 s per run)."""
    code = ("import numpy as np; from vocmine.clustering.reduce import KnnUMAP; import umap.umap_ as u\n"
            "x = np.random.default_rng(0).normal(size=(300, 16)).astype(np.float32)\n"
            "x /= np.linalg.norm(x, axis=1, keepdims=True); KnnUMAP(seed=1, n_epochs=20).fit_transform(x)\n"
            "print(sum(u.smooth_knn_dist.stats.cache_hits.values()), sum(u.smooth_knn_dist.stats.cache_misses.values()))")
    _numba_cpu(code)  # compiles and writes the cache (or finds it written by an earlier run)
    hits, misses = map(int, _numba_cpu(code).split())
    assert hits >= 1 and misses == 0


def test_umap_layout_runs_on_one_blas_thread_whatever_the_process_has(monkeypatch):
    """UMAP's spectral initialisation differs by ~1e-11 between one and two BLAS threads and its
    optimisation turns that into another layout; importing dask.distributed sets
    OPENBLAS_NUM_THREADS=1 in the environment of every later run. The layout is therefore computed
    on one BLAS thread, whatever the caller allows."""
    import umap
    from threadpoolctl import threadpool_info, threadpool_limits

    seen = []
    real = umap.UMAP.fit_transform

    def spy(self, x, *args, **kwargs):
        seen.append({p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"})
        return real(self, x, *args, **kwargs)

    monkeypatch.setattr(umap.UMAP, "fit_transform", spy)
    rng = np.random.default_rng(0)
    x = np.vstack([rng.normal(c, 0.1, size=(60, 8)) for c in range(3)]).astype(np.float32)
    layouts = []
    for n in (1, 2):
        with threadpool_limits(n, user_api="blas"):
            layouts.append(KnnUMAP(n_neighbors=10, seed=0).fit_transform(x))
    assert seen == [{1}, {1}]
    np.testing.assert_array_equal(layouts[0], layouts[1])
