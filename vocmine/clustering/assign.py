"""What a fitted :class:`~vocmine.clustering.model.TopicModel` does with documents: assign them
to its topics (``transform``, ``assign_vectors``) and give their vectors (``transform_vectors``,
``history_vectors``, which finds the texts it prepared before by key in the on-disk cache).

A mixin of :class:`~vocmine.clustering.model.TopicModel`: it uses the model's fitted attributes and
its helpers (``_prep``, ``embed``, ``_cache``), and holds the vector helpers the fit uses too
(``_vectors``, ``_center``, ``_nearest``, ``_assign``).
"""

from __future__ import annotations

import json
import queue
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import numpy as np

from vocmine.clustering.cache import EmbeddingCache
from vocmine.clustering.embedders import l2_normalise, nonzero_rows
from vocmine.exceptions import ConfigError
from vocmine.schema import OUTLIER_TOPIC

__all__ = ["AssignMixin", "EMBED_GROUP_BATCHES", "Ahead", "prepared_groups"]

#: texts are prepared and embedded this many assignment batches (``batch_size``) at a time: each
#: embedding call ends with one worker idle while the other finishes its last chunk, so fewer,
#: larger calls keep both busy (a vector does not depend on the texts embedded with it)
EMBED_GROUP_BATCHES = 4


def prepared_groups(prep, groups: Sequence[Sequence[str]]) -> Iterator[list[str]]:
    """``prep(group)`` for each of ``groups``, in order, the next group prepared in a thread while the
    caller embeds the current one (the embedding waits on its worker processes, so the preparation,
    pure Python, runs meanwhile instead of leaving them idle)."""
    if len(groups) < 2:
        yield from (prep(g) for g in groups)
        return
    with Ahead(lambda: (prep(g) for g in groups), depth=1) as ahead:
        yield from ahead


class Ahead:
    """The items of ``produce()`` computed in a thread, at most ``depth`` ahead of the consumer.

    The fit embeds the texts left out of its sample this way while it clusters the sample: the
    clustering leaves a core idle and the encoder's worker processes take it. Iterate once; an
    exception of the producer is raised in the consumer; :meth:`close` (or leaving the ``with``
    block) stops the producer after the item it is computing.
    """

    _END = object()

    def __init__(self, produce: Callable[[], Iterator], depth: int = 2):
        self._queue: queue.Queue = queue.Queue(maxsize=max(1, depth))
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(produce,), name="vocmine-ahead", daemon=True)
        self._thread.start()

    def _put(self, item) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def _run(self, produce) -> None:
        items = None
        try:
            items = produce()
            for item in items:
                if not self._put((None, item)):
                    return
            self._put((None, self._END))
        except BaseException as exc:  # noqa: BLE001 - raised in the consumer
            self._put((exc, None))
        finally:
            close = getattr(items, "close", None)
            if close is not None:
                close()

    def __iter__(self) -> Iterator:
        while True:
            exc, item = self._queue.get()
            if exc is not None:
                raise exc
            if item is self._END:
                return
            yield item

    def close(self) -> None:
        self._stop.set()
        self._thread.join()

    def __enter__(self) -> Ahead:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _as_list(values, n: int, what: str) -> list | None:
    if values is None:
        return None
    values = list(values)
    if len(values) != n:
        raise ConfigError(f"{what} has {len(values)} entries but docs has {n}; expected one per document")
    return values


class AssignMixin:
    """``transform`` and the vectors it compares with the centroids (see the module doc)."""

    def transform(self, docs: Sequence[str], *, languages: Sequence[str] | None = None, keep_known: bool = True
                  ) -> tuple[np.ndarray, np.ndarray]:
        """Assign ``docs`` to the fitted topics: ``(topics, similarities)``; -1 below ``min_similarity_``.

        Pass ``languages`` when the model was fitted with them (per-language centring). Texts seen at
        fit keep the topic the fit gave them unless ``keep_known=False`` (then every text is assigned
        by the same nearest-centroid rule, which is what month-to-month counts are compared on)."""
        self._check_fitted()
        docs = [str(d) for d in docs]
        languages = _as_list(languages, len(docs), "languages")
        topics = np.full(len(docs), OUTLIER_TOPIC, dtype=int)
        sims = np.zeros(len(docs))
        for s in range(0, len(docs), self.batch_size):
            vec = self.transform_vectors(docs[s:s + self.batch_size],
                                         languages=languages[s:s + self.batch_size] if languages else None)
            t, p = self._assign(vec, self.min_similarity_)
            topics[s:s + len(t)] = t
            sims[s:s + len(t)] = p
        if keep_known:
            self._keep_known(topics, docs)
        return topics, sims

    def assign_vectors(self, vectors: np.ndarray, docs: Sequence[str] | None = None, *, keep_known: bool = True
                       ) -> tuple[np.ndarray, np.ndarray]:
        """What :meth:`transform` gives for ``docs``, from their :meth:`transform_vectors` computed once
        (a monthly run assigns the history several times: before and after new topics, with and without
        the fit's own labels, and embeds it once). ``docs`` are needed for ``keep_known``."""
        self._check_fitted()
        vectors = np.asarray(vectors)
        topics = np.full(len(vectors), OUTLIER_TOPIC, dtype=int)
        sims = np.zeros(len(vectors))
        for s in range(0, len(vectors), self.batch_size):  # the batches transform uses: same sums
            t, p = self._assign(vectors[s:s + self.batch_size], self.min_similarity_)
            topics[s:s + len(t)] = t
            sims[s:s + len(t)] = p
        if keep_known and docs is not None:
            if len(docs) != len(vectors):
                raise ConfigError(f"assign_vectors: {len(vectors)} vectors for {len(docs)} docs")
            self._keep_known(topics, [str(d) for d in docs])
        return topics, sims

    def history_vectors(self, docs: Sequence[str], *, languages: Sequence[str] | None = None) -> np.ndarray:
        """:meth:`transform_vectors` of ``docs``, stacked. With an on-disk cache, a text this model
        prepared before (same preparation: :meth:`_prep_namespace`) is looked up by its raw-text
        key and not prepared again; the others are prepared and embedded in :meth:`transform`'s
        batches. The vectors are the same either way (row-wise normalising and centring)."""
        self._check_fitted()
        docs = [str(d) for d in docs]
        languages = _as_list(languages, len(docs), "languages")
        if not docs:
            return np.zeros((0, self.centroids_.shape[1]), dtype=np.float32)
        cache, emb = self._keyed_cache(), self.embedder_
        if cache is None:
            return np.vstack([self.transform_vectors(docs[s:s + self.batch_size],
                                                     languages=languages[s:s + self.batch_size] if languages else None)
                              for s in range(0, len(docs), self.batch_size)])
        from vocmine.clustering.cache import text_key

        namespace = self._prep_namespace()
        known = cache.prepared(namespace)
        raw = [text_key(d) for d in docs]
        vecs = cache.vectors(emb, [known.get(k) for k in raw])
        todo: dict[str, list[int]] = {}  # raw key -> its rows: each distinct text prepared once
        for i, v in enumerate(vecs):
            if v is None:
                todo.setdefault(raw[i], []).append(i)
        new_raw, new_prepared = list(todo), []
        group = self.batch_size * EMBED_GROUP_BATCHES
        parts = [new_raw[s:s + group] for s in range(0, len(new_raw), group)]
        texts = [[docs[todo[k][0]] for k in part] for part in parts]
        for part, prepped in zip(parts, prepared_groups(self._prep, texts)):
            for k, p, v in zip(part, prepped, cache.encode(emb, prepped)):
                for i in todo[k]:
                    vecs[i] = v
                new_prepared.append(text_key(p))
        cache.add_prepared(namespace, new_raw, new_prepared)
        out = self._center(l2_normalise(np.stack(vecs).astype(np.float32, copy=False)), languages)
        # a text prepared as "" (no words) gets the zero vector _vectors gives it
        empty_key = text_key("")
        prepared_of = dict(zip(new_raw, new_prepared))
        empty = [i for i, k in enumerate(raw) if (known.get(k) or prepared_of.get(k)) == empty_key]
        if empty:
            out[empty] = 0.0
        return out

    def _vectors(self, texts: Sequence[str], languages: Sequence[str] | None) -> np.ndarray:
        """Embeddings of prepared ``texts``, centred by language with the means learnt at fit; a
        text with nothing to say (prepared as "") gets a zero vector, which no topic takes."""
        vec = self._center(self.embed(texts), languages)
        empty = [i for i, t in enumerate(texts) if not t]
        if empty:
            vec[empty] = 0.0
        return vec

    def _center(self, emb: np.ndarray, languages: Sequence[str] | None) -> np.ndarray:
        means = getattr(self, "language_means_", None)
        if not means:
            return emb
        if languages is None:
            return l2_normalise(emb - means["*"])
        lang = np.asarray([str(x) for x in languages])
        out = emb.copy()
        for code in np.unique(lang):
            out[lang == code] -= means.get(code, means["*"])
        return l2_normalise(out)

    def _nearest(self, emb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if len(self.topic_ids_) == 0:
            return np.full(len(emb), OUTLIER_TOPIC), np.zeros(len(emb))
        sims = emb @ self.centroids_.T
        best = np.argmax(sims, axis=1)
        return np.asarray(self.topic_ids_)[best], sims[np.arange(len(emb)), best]

    def _assign(self, emb: np.ndarray, threshold: float) -> tuple[np.ndarray, np.ndarray]:
        topics, sims = self._nearest(emb)
        # a zero vector (a text without words) is no topic's, whatever the threshold
        topics = np.where((sims >= threshold) & nonzero_rows(emb), topics, OUTLIER_TOPIC)
        return topics.astype(int), np.clip(sims, 0.0, 1.0)

    def _keyed_cache(self) -> EmbeddingCache | None:
        """The on-disk cache when prepared texts can be found by raw-text key (one embedder, not
        :class:`CombinedEmbedder` blocks); else None."""
        cache = self._cache()
        return cache if cache.cache_dir is not None and not hasattr(self.embedder_, "parts") else None

    def _prep_namespace(self) -> str:
        """What :meth:`_prep` depends on: the boilerplate learnt at fit, the flags, and the code of
        the mask and boilerplate removal (any change to them starts a new namespace)."""
        import hashlib

        from vocmine.clustering import boilerplate, model
        from vocmine.text import remove

        h = hashlib.sha256()
        h.update(json.dumps([sorted(getattr(self, "boilerplate_", None) or []), bool(self.strip_boilerplate),
                             bool(self.lowercase)]).encode())
        for mod in (remove, boilerplate, model):  # model: where _prep lives
            h.update(Path(mod.__file__).read_bytes())
        return h.hexdigest()

    def _keep_known(self, topics: np.ndarray, docs: Sequence[str]) -> None:
        """Texts seen at fit keep the topic they were given (stable history across months)."""
        known = getattr(self, "known_", None)
        if not known:
            return
        from vocmine.clustering.cache import text_key

        valid = set(self.topic_ids_)
        for i, d in enumerate(docs):
            t = known.get(text_key(d))
            if t is not None and t in valid:
                topics[i] = t

    def transform_vectors(self, docs: Sequence[str], *, languages: Sequence[str] | None = None) -> np.ndarray:
        """The vectors ``transform`` compares with ``centroids_`` (prepared, embedded, centred)."""
        self._check_fitted()
        return self._vectors(self._prep(docs), languages)
