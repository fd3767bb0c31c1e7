"""On-disk embedding cache keyed by text content and embedder fingerprint.

Layout: ``<cache_dir>/embeddings/<sha256(fingerprint)[:16]>/<sha256(keys)[:16]>.npz``; each shard
holds ``keys`` (sha1 of each text) and ``vectors``. A call loads the shards of its embedder, encodes
only the texts it has not seen and writes them as one new shard, so a monthly run that adds a month
to the history only embeds the new month. Vectors are derived from redacted model text; the texts
themselves are never written.

The default directory is ``$VOCMINE_CACHE_DIR`` or ``.vocmine-cache`` in the working directory
(git-ignored).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

__all__ = ["EmbeddingCache", "default_cache_dir", "text_key"]


def default_cache_dir() -> Path:
    return Path(os.environ.get("VOCMINE_CACHE_DIR", ".vocmine-cache"))


def _encode(embedder, texts: list[str]) -> np.ndarray:
    """``embedder.encode(texts)``, on a cluster when one is in effect (:mod:`vocmine.distributed`)."""
    from vocmine.distributed import embedding_map

    cluster = embedding_map()
    if cluster is not None and texts:
        return cluster(embedder, texts)
    return np.asarray(embedder.encode(texts), dtype=np.float32)


def text_key(text: str) -> str:
    return hashlib.sha1(str(text).encode("utf-8")).hexdigest()


def _read_shards(d: Path, *names: str):
    """The arrays ``names`` of each ``.npz`` shard in ``d`` (sorted; none when ``d`` is missing).
    A torn shard is skipped: what it held is recomputed, not trusted."""
    for shard in sorted(d.glob("*.npz")) if d.is_dir() else []:
        try:
            with np.load(shard, allow_pickle=False) as z:
                arrays = [z[n] for n in names]
        except (OSError, ValueError, KeyError):
            continue
        yield arrays


def _write_shard(d: Path, named_by: Sequence[str], /, **arrays: np.ndarray) -> None:
    """One ``.npz`` shard of ``arrays`` in ``d``, named by the keys ``named_by``, written atomically."""
    d.mkdir(parents=True, exist_ok=True)
    name = hashlib.sha256("".join(named_by).encode()).hexdigest()[:16]
    tmp = d / f".{name}.tmp.npz"
    np.savez(tmp, **arrays)
    os.replace(tmp, d / f"{name}.npz")


class EmbeddingCache:
    """Per-text embedding cache. ``EmbeddingCache(None)`` is a no-op pass-through.

    ``hits_`` and ``misses_`` count texts served from disk and encoded since construction.
    """

    def __init__(self, cache_dir: str | os.PathLike | None = None):
        self.cache_dir = Path(cache_dir) if cache_dir is not None else None
        self.hits_ = 0
        self.misses_ = 0
        self._memory: dict[str, dict[str, np.ndarray]] = {}
        self._aliases: dict[str, dict[str, str]] = {}

    def _dir(self, fingerprint: str) -> Path:
        assert self.cache_dir is not None
        return self.cache_dir / "embeddings" / hashlib.sha256(fingerprint.encode()).hexdigest()[:16]

    def _load(self, fingerprint: str) -> dict[str, np.ndarray]:
        if fingerprint in self._memory:
            return self._memory[fingerprint]
        table: dict[str, np.ndarray] = {}
        if self.cache_dir is not None:
            for keys, vectors in _read_shards(self._dir(fingerprint), "keys", "vectors"):
                for k, v in zip(keys, vectors):
                    table[str(k)] = v
        self._memory[fingerprint] = table
        return table

    def vectors(self, embedder, keys: Sequence[str | None]) -> list[np.ndarray | None]:
        """The cached vectors of ``embedder`` for text ``keys`` (:func:`text_key`); None where a key
        is None or not cached."""
        table = self._load(embedder.fingerprint)
        return [table.get(k) if k is not None else None for k in keys]

    def prepared(self, namespace: str) -> dict[str, str]:
        """``{raw text key: prepared text key}`` recorded by :meth:`add_prepared` under
        ``namespace`` (a model's preparation fingerprint): a caller that prepared a text before
        finds its vector without preparing it again. Keys only, no text."""
        if namespace in self._aliases:
            return self._aliases[namespace]
        table: dict[str, str] = {}
        if self.cache_dir is not None:
            for raw, prepared in _read_shards(self._alias_dir(namespace), "raw", "prepared"):
                table.update(zip(raw.tolist(), prepared.tolist()))
        self._aliases[namespace] = table
        return table

    def add_prepared(self, namespace: str, raw_keys: Sequence[str], prepared_keys: Sequence[str]) -> None:
        """Record that the texts of ``raw_keys`` prepare to the texts of ``prepared_keys`` (one shard)."""
        table = self.prepared(namespace)
        new = [(r, p) for r, p in zip(raw_keys, prepared_keys) if table.get(r) != p]
        if not new or self.cache_dir is None:
            return
        table.update(new)
        raw, prepared = zip(*new)
        _write_shard(self._alias_dir(namespace), raw, raw=np.array(raw), prepared=np.array(prepared))

    def _alias_dir(self, namespace: str) -> Path:
        assert self.cache_dir is not None
        return self.cache_dir / "prepared" / hashlib.sha256(namespace.encode()).hexdigest()[:16]

    def encode(self, embedder, texts: Sequence[str]) -> np.ndarray:
        """``embedder.encode(texts)``, served from the cache where possible."""
        texts = [str(t) for t in texts]
        if self.cache_dir is None:
            self.misses_ += len(texts)
            return _encode(embedder, texts)
        fp = embedder.fingerprint
        table = self._load(fp)
        keys = [text_key(t) for t in texts]
        missing: dict[str, str] = {}
        for k, t in zip(keys, texts):
            if k not in table and k not in missing:
                missing[k] = t
        self.hits_ += len(texts) - sum(1 for k in keys if k in missing)
        self.misses_ += sum(1 for k in keys if k in missing)
        if missing:
            new_keys = list(missing)
            vecs = _encode(embedder, [missing[k] for k in new_keys])
            for k, v in zip(new_keys, vecs):
                table[k] = v
            _write_shard(self._dir(fp), new_keys, keys=np.array(new_keys), vectors=vecs)
        if not texts:
            return np.asarray(embedder.encode([]), dtype=np.float32)
        return np.stack([table[k] for k in keys]).astype(np.float32, copy=False)
