"""Topics with BERTopic: embedders, TopicModel, the topic catalogue and the monthly entry point.

Public API (imported lazily so ``import vocmine.clustering`` stays light):
``TopicModel``, ``topics_for_period``, ``TopicResult``, ``default_embedder``, ``USEEmbedder``,
``TfidfSVDEmbedder``, ``CombinedEmbedder``, ``E5Embedder``, ``SentenceTransformerEmbedder``,
``EmbeddingCache``, ``cluster_scores``, ``align_topics``.
"""

from __future__ import annotations

import importlib
from typing import Any

_API = {
    "TopicModel": "vocmine.clustering.model",
    "topics_for_period": "vocmine.clustering.periods",
    "TopicResult": "vocmine.clustering.periods",
    "default_embedder": "vocmine.clustering.embedders",
    "USEEmbedder": "vocmine.clustering.embedders",
    "TfidfSVDEmbedder": "vocmine.clustering.embedders",
    "CombinedEmbedder": "vocmine.clustering.embedders",
    "E5Embedder": "vocmine.clustering.embedders",
    "SentenceTransformerEmbedder": "vocmine.clustering.embedders",
    "EmbeddingCache": "vocmine.clustering.cache",
    "cluster_scores": "vocmine.clustering.evaluate",
    "align_topics": "vocmine.clustering.align",
    "KnnUMAP": "vocmine.clustering.reduce",
    "HdbscanWard": "vocmine.clustering.cluster",
    "min_topic_size_for": "vocmine.clustering.cluster",
}

__all__ = list(_API)


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'vocmine.clustering' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
