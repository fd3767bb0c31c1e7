"""Saving and loading a fitted :class:`~vocmine.clustering.model.TopicModel` (a mixin of it)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from vocmine.exceptions import InputError

if TYPE_CHECKING:
    from vocmine.clustering.model import TopicModel

__all__ = ["PersistMixin"]

_FORMAT = 1


class PersistMixin:
    """``save`` and ``load`` (see :meth:`save` for what is kept)."""

    def save(self, path: str | os.PathLike) -> Path:
        """Write the fitted model to directory ``path`` (``model.joblib`` + ``model.json``).

        The BERTopic object and the per-document training results are not saved (the BERTopic
        pickle holds the UMAP graph, 30 MB for 10k documents, and needs identical library versions);
        what is saved — centroids, keywords, labels and the fitted embedder — is what ``transform``
        needs. No ticket text is saved except the redacted representative tickets.
        """
        self._check_fitted()
        import joblib

        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        state = {k: v for k, v in self.__dict__.items()
                 if k not in ("bertopic_", "labels_", "probabilities_", "_cache_obj", "umap_model", "hdbscan_model",
                              "vectorizer_model", "embedder")}
        tmp = path / ".model.joblib.tmp"
        joblib.dump({"format": _FORMAT, "state": state}, tmp)
        os.replace(tmp, path / "model.joblib")
        meta = {"format": _FORMAT, "embedder": getattr(self.embedder_, "name", type(self.embedder_).__name__),
                "n_topics": len(self.topic_ids_), "min_similarity": self.min_similarity_, "seed": self.seed,
                "merge_similarity": getattr(self, "merge_similarity_", None),
                "over_split_share": getattr(self, "over_split_share_", None)}
        (path / "model.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
        # what was kept out of the topic words, for a reader (phrases and counts; no name, no ticket)
        self.noise_report().to_csv(path / "noise.csv", index=False)
        return path

    @classmethod
    def load(cls, path: str | os.PathLike, *, cache_dir: str | os.PathLike | None = None) -> TopicModel:
        """Read a model written by :meth:`save`."""
        import joblib

        f = Path(path) / "model.joblib"
        if not f.exists():
            raise InputError(f"no saved topic model at {f}")
        blob = joblib.load(f)
        if blob.get("format") != _FORMAT:
            raise InputError(f"{f}: model format {blob.get('format')!r}, expected {_FORMAT}")
        model = cls.__new__(cls)
        defaults = cls().__dict__
        model.__dict__.update(defaults)
        model.__dict__.update(blob["state"])
        model.embedder = model.embedder_
        model.cache_dir = cache_dir if cache_dir is not None else model.cache_dir
        model.bertopic_ = None
        return model
