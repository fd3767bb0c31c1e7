"""The dask engine: partitioned cleaning and embedding on a LocalCluster give what the local run gives."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("distributed")

from vocmine.clustering.cache import EmbeddingCache  # noqa: E402
from vocmine.clustering.embedders import TfidfSVDEmbedder, default_embedder  # noqa: E402
from vocmine.distributed import DaskEngine, chunked, embedding_map  # noqa: E402
from vocmine.exceptions import ConfigError  # noqa: E402
from vocmine.ingest import read_tickets  # noqa: E402
from vocmine.text import clean_frame  # noqa: E402


@pytest.fixture(scope="module")
def engine():
    with DaskEngine(n_workers=2, partition_rows=250, embed_batch=97) as eng:
        yield eng


@pytest.fixture(scope="module")
def tickets(sample_dir) -> pd.DataFrame:
    frame = read_tickets([str(sample_dir / "tickets.csv")]).frame
    return frame.iloc[:900].copy()


def test_chunks_cover_every_row_once():
    cuts = chunked(10, 3)
    assert [(s.start, s.stop) for s in cuts] == [(0, 3), (3, 6), (6, 9), (9, 10)]
    assert chunked(0, 3) == []


def test_partitioned_cleaning_equals_local_cleaning(engine, tickets):
    key = b"k" * 32
    local = clean_frame(tickets, pii_key=key)
    remote = engine.clean(tickets, pii_key=key)
    assert len(tickets) > engine.partition_rows * 3  # really partitioned
    pd.testing.assert_frame_equal(remote, local)
    assert remote.attrs["pii_withheld"] == local.attrs.get("pii_withheld", {})


def test_cluster_embeddings_equal_local_ones_whatever_the_batches(engine, tickets):
    texts = clean_frame(tickets.iloc[:300], pii_key=b"k" * 32)["text_model"].tolist()
    emb = default_embedder()
    local = emb.encode(texts)
    remote = engine.encode(emb, texts)
    assert remote.shape == local.shape and remote.dtype == np.float32
    assert np.array_equal(remote, local)


def test_embedding_cache_misses_go_to_the_cluster_inside_the_block(engine, tmp_path):
    texts = [f"pedido {i} não chegou, quero reembolso" for i in range(150)] + ["card payment failed"] * 3
    emb = TfidfSVDEmbedder(n_components=8, min_df=1).fit(texts)
    calls = []
    original = engine.encode

    def spy(e, t):
        calls.append(len(t))
        return original(e, t)

    engine.encode = spy
    try:
        with engine.embedding():
            assert embedding_map() is not None
            remote = EmbeddingCache(tmp_path / "a").encode(emb, texts)
        assert embedding_map() is None
    finally:
        del engine.encode
    assert calls == [151]  # the distinct texts, once
    local = EmbeddingCache(tmp_path / "b").encode(emb, texts)
    assert np.array_equal(remote, local)


def test_engine_outside_its_block_and_unreachable_scheduler_are_clear_errors(tickets):
    with pytest.raises(ConfigError, match="outside"):
        DaskEngine().clean(tickets)
    with pytest.raises(ConfigError, match="cannot reach the dask scheduler at tcp://127.0.0.1:9"):
        with DaskEngine(scheduler="tcp://127.0.0.1:9"):
            pass
