"""The dask engine: partitioned cleaning and embedding on a LocalCluster give what the local run gives."""

from __future__ import annotations

import sqlite3
from contextlib import closing

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


def test_a_frame_smaller_than_a_partition_is_still_cleaned_on_every_worker(engine, tickets, monkeypatch):
    """One part per worker at least: 300 tickets with partition_rows 5,000 on 2 workers -> 2 tasks."""
    key = b"k" * 32
    part = tickets.iloc[:300]
    sent = []
    original = engine.client.map

    def spy(func, *iterables, **kwargs):
        sent.append([len(list(it)) for it in iterables][0])
        return original(func, *iterables, **kwargs)

    monkeypatch.setattr(engine, "partition_rows", 5_000)
    monkeypatch.setattr(engine.client, "map", spy)
    remote = engine.clean(part, pii_key=key)
    assert sent == [2]
    pd.testing.assert_frame_equal(remote, clean_frame(part, pii_key=key))


def test_clean_cache_stays_with_the_client_and_only_new_texts_go_to_the_cluster(engine, tickets, tmp_path,
                                                                                monkeypatch):
    """With a cache_dir (as run() passes it): the first call cleans on the cluster and fills the
    client's clean.sqlite; a later call sends only the texts the cache lacks; the frame is the one the
    local engine makes, in input order."""
    from vocmine.run.stages import clean as local_clean

    key = b"k" * 32
    sent = []
    original = engine._clean_remote

    def spy(client, frame, kwargs, collect=False):
        sent.append((len(frame), collect))
        return original(client, frame, kwargs, collect)

    monkeypatch.setattr(engine, "_clean_remote", spy)
    first = tickets.iloc[:300]
    got = engine.clean(first, pii_key=key, cache_dir=tmp_path / "dask")
    assert sent == [(300, True)] and (tmp_path / "dask" / "clean.sqlite").exists()
    pd.testing.assert_frame_equal(got, local_clean(first, pii_key=key, cache_dir=tmp_path / "local"))
    sent.clear()
    again = engine.clean(first, pii_key=key, cache_dir=tmp_path / "dask")
    assert sent == []  # every text from the cache, nothing sent
    pd.testing.assert_frame_equal(again, got)
    more = pd.concat([tickets.iloc[300:340], tickets.iloc[:300]])  # new rows first: order must hold
    new_texts = set(tickets.iloc[300:340]["text"]) - set(first["text"])
    mixed = engine.clean(more, pii_key=key, cache_dir=tmp_path / "dask")
    assert len(sent) == 1 and sent[0][0] == int(more["text"].isin(new_texts).sum()) > 0
    pd.testing.assert_frame_equal(mixed, clean_frame(more, pii_key=key))


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
        with DaskEngine(scheduler="tcp://127.0.0.1:9", connect_timeout=2):
            pass
    with pytest.raises(ConfigError, match="not a dask scheduler address"):
        with DaskEngine(scheduler="no port here"):
            pass
    for bad in ({"n_workers": 0}, {"partition_rows": -1}, {"connect_timeout": 0}, {"scheduler": " "}):
        with pytest.raises(ConfigError, match=next(iter(bad)) if "scheduler" not in bad else "scheduler address"):
            DaskEngine(**bad)


def test_an_engine_entered_by_the_caller_stays_open_across_inner_blocks(engine):
    client = engine.client
    with engine:  # what run() does with an engine the caller already holds
        assert engine.client is client
    assert engine.client is client and client.status == "running"


# ----------------------------------------------------------------------------- the engine inside run()


class RecordingDaskEngine(DaskEngine):
    """The dask engine, recording what it sent to the cluster and the cluster it ran."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.cleaned_rows: list[int] = []
        self.embedded: list[int] = []
        self.clusters: list = []

    def _start(self):
        super()._start()
        self.clusters.append(self._cluster)

    def _clean_remote(self, client, tickets, kwargs, collect=False):
        self.cleaned_rows.append(len(tickets))  # rows sent to the workers
        return super()._clean_remote(client, tickets, kwargs, collect)

    def encode(self, embedder, texts):
        self.embedded.append(len(texts))
        return super().encode(embedder, texts)


@pytest.fixture(scope="module")
def sample_runs(tmp_path_factory, sample_dir):
    """The bundled sample through run(): the local engine, then the dask engine on a LocalCluster of
    2 worker processes; same inputs, same pseudonym key, each in its own output folder."""
    from vocmine.run.pipeline import run
    from vocmine.run.stages import LocalEngine

    runs = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("VOCMINE_PII_KEY", "dask-vs-local-test-key-0123456789")
        for name, eng in (("local", LocalEngine()), ("dask", RecordingDaskEngine(n_workers=2))):
            out = tmp_path_factory.mktemp(f"sample-{name}")
            runs[name] = (run(tickets=sample_dir / "tickets.csv", customers=sample_dir / "customers.csv",
                              out_dir=out, languages=("pt",), seed=7, engine=eng), eng)
    return runs


def test_dask_run_of_the_sample_writes_the_same_tables_as_the_local_run(sample_runs):
    (local, _), (dask, _) = sample_runs["local"], sample_runs["dask"]
    assert local.period == dask.period
    lt = {p.name: p.read_bytes() for p in sorted((local.published / "tables").glob("*.csv"))}
    dt = {p.name: p.read_bytes() for p in sorted((dask.published / "tables").glob("*.csv"))}
    assert len(lt) >= 10 and "product_topics.csv" in lt and "topic_catalogue.csv" in lt
    assert sorted(dt) == sorted(lt)
    differ = [name for name in lt if dt[name] != lt[name]]
    assert not differ, f"tables differ between the local and the dask engine: {differ}"


def test_dask_run_cleaned_and_embedded_on_the_cluster_and_closed_it(sample_runs):
    (dask, eng) = sample_runs["dask"]
    n_tickets = sum(r["rows_accepted"] for r in dask.manifest["row_accounting"])
    assert n_tickets > 5000 and eng.cleaned_rows == [n_tickets]  # the whole export (no cache yet) on the cluster
    assert eng.embedded and sum(eng.embedded) > n_tickets // 2  # the history's distinct texts, on the cluster
    assert len(eng.clusters) == 1  # one cluster for the whole run ...
    assert eng.client is None and eng.clusters[0].status.name == "closed"  # ... closed at its end
    with closing(sqlite3.connect(dask.out_dir / "state" / "clean.sqlite")) as db:  # filled by the workers
        assert db.execute("SELECT count(*) FROM clean").fetchone()[0] > n_tickets // 2
    assert dask.manifest["parameters"]["engine"] == "dask" and "scheduler" not in dask.manifest["parameters"]
    assert sample_runs["local"][0].manifest["parameters"]["engine"] == "local"


def test_a_failing_run_closes_its_cluster(tmp_path, sample_dir):
    from vocmine.exceptions import InputError
    from vocmine.run.pipeline import run

    class Failing(RecordingDaskEngine):
        def ingest(self, *args, **kwargs):
            assert self.client is not None  # the cluster is up when the stages start
            raise InputError("planted ingest failure")

    eng = Failing(n_workers=1)
    with pytest.raises(InputError, match="planted"):
        run(tickets=sample_dir / "tickets.csv", out_dir=tmp_path / "out", engine=eng)
    assert eng.client is None and eng.clusters and eng.clusters[0].status.name == "closed"


# ----------------------------------------------------------------------------- the CLI flags


def _parse(*argv):
    from vocmine.cli import build_parser

    return build_parser().parse_args(["run", "--sample", *argv])


def test_engine_flags_parse_and_check():
    from vocmine.run.command import make_engine
    from vocmine.run.config import engine_options
    from vocmine.run.stages import LocalEngine

    args = _parse()
    assert (args.engine, args.scheduler, args.dask_workers) == ("local", None, None)
    assert engine_options(args.engine, args.scheduler, args.dask_workers) == {"engine": "local"}
    assert type(make_engine("local")) is LocalEngine
    args = _parse("--engine", "dask", "--scheduler", "tcp://10.0.0.5:8786")
    opts = engine_options(args.engine, args.scheduler, args.dask_workers)
    assert opts == {"engine": "dask", "scheduler": "tcp://10.0.0.5:8786"}
    eng = make_engine(**opts)
    assert isinstance(eng, DaskEngine) and eng.scheduler == "tcp://10.0.0.5:8786" and eng.client is None
    args = _parse("--engine", "dask", "--dask-workers", "3")
    eng = make_engine(**engine_options(args.engine, args.scheduler, args.dask_workers))
    assert eng.n_workers == 3 and eng.scheduler is None and eng.client is None  # nothing started yet
    assert engine_options("dask") == {"engine": "dask", "n_workers": 2}
    with pytest.raises(SystemExit):
        _parse("--engine", "spark")
    with pytest.raises(ConfigError, match="--scheduler only applies with --engine dask"):
        engine_options("local", "tcp://h:8786")
    with pytest.raises(ConfigError, match="--dask-workers only applies with --engine dask"):
        engine_options("local", None, 2)
    with pytest.raises(ConfigError, match="drop one"):
        engine_options("dask", "tcp://h:8786", 2)
    with pytest.raises(ConfigError, match="--dask-workers must be >= 1"):
        engine_options("dask", None, 0)


def test_scheduler_without_dask_engine_fails_before_touching_the_output(tmp_path, capsys):
    from vocmine.cli import EXIT_ERROR, main

    out = tmp_path / "out"
    assert main(["run", "--sample", "--scheduler", "tcp://127.0.0.1:8786", "--out", str(out)]) == EXIT_ERROR
    err = capsys.readouterr().err
    assert "--scheduler only applies with --engine dask" in err
    assert not out.exists()


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("listener", ["nothing", "silent"])
def test_unreachable_scheduler_fails_fast_naming_the_address(tmp_path, capsys, monkeypatch, listener):
    """Nothing listening (refused), or a port that accepts and never answers: both fail within the
    connect timeout, naming the address; no output is published."""
    import socket
    import time

    import vocmine.distributed as dist
    from vocmine.cli import EXIT_ERROR, main

    monkeypatch.setattr(dist, "CONNECT_TIMEOUT", 2.0)
    sock = None
    if listener == "silent":
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        sock.listen(5)
        port = sock.getsockname()[1]
    else:
        port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    t0 = time.monotonic()
    try:
        code = main(["run", "--sample", "--engine", "dask", "--scheduler", address, "--out", str(tmp_path / "o")])
    finally:
        if sock is not None:
            sock.close()
    elapsed = time.monotonic() - t0
    err = capsys.readouterr().err
    assert code == EXIT_ERROR, err
    assert f"cannot reach the dask scheduler at {address} within 2 s" in err
    assert elapsed < 15, elapsed  # the 2 s timeout, not distributed's 30 s default nor a hang
    assert not list((tmp_path / "o").glob("20*"))  # nothing published


def test_a_worker_with_another_embedder_version_refuses_to_embed():
    from vocmine.distributed import _encode_on_worker

    emb = TfidfSVDEmbedder(n_components=2, min_df=1).fit(["boleto atrasado", "card declined", "pix fora"])
    assert _encode_on_worker(emb, ["boleto"], emb.fingerprint).shape == (1, 2)
    with pytest.raises(ConfigError, match="same package versions"):
        _encode_on_worker(emb, ["boleto"], emb.fingerprint + ":other-version")
