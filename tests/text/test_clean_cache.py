"""The cleaned-text cache: a monthly run cleans only texts no earlier run cleaned (issue 16)."""

from __future__ import annotations

import sqlite3

import pandas as pd

import vocmine.text.frame as fr
from vocmine.schema import TEXT
from vocmine.text import clean_frame
from vocmine.text.cache import CleanCache

TEXTS = ["Olá, o boleto não compensou até hoje. Meu CPF é 123.456.789-09, podem verificar?",
         "The app crashes when I open the sales screen. Call me at +1 415 555 0134.",
         "o app trava no login desde ontem", "Olá, o boleto não compensou até hoje. Meu CPF é 123.456.789-09, podem verificar?",
         "Quero cancelar o plano", ""]


def _frame(texts):
    return pd.DataFrame({"ticket_id": [f"T{i}" for i in range(len(texts))], TEXT: texts,
                         "customer_id": ["ana@example.com"] * len(texts)})


def test_a_second_run_cleans_nothing_and_gets_the_same_frame(tmp_path, monkeypatch):
    cleaned: list[str] = []
    real = fr._clean_detect
    monkeypatch.setattr(fr, "_clean_detect", lambda texts, **kw: (cleaned.extend(texts), real(texts, **kw))[1])
    plain = clean_frame(_frame(TEXTS), n_process=1, pii_key=b"k" * 32)
    cleaned.clear()
    with CleanCache(tmp_path / "clean.sqlite", b"k" * 32) as cache:
        first = clean_frame(_frame(TEXTS), n_process=1, pii_key=b"k" * 32, cache=cache)
        assert len(cleaned) == 5 and cache.misses == 5  # distinct texts
    cleaned.clear()
    with CleanCache(tmp_path / "clean.sqlite", b"k" * 32) as cache:
        second = clean_frame(_frame(TEXTS + ["texto novo do mês"]), n_process=1, pii_key=b"k" * 32, cache=cache)
        assert cleaned == ["texto novo do mês"] and cache.hits == 5
    pd.testing.assert_frame_equal(first, plain)
    pd.testing.assert_frame_equal(second.iloc[:len(TEXTS)], plain)
    # no raw text, no personal value, only keyed digests and the redacted texts
    raw = (tmp_path / "clean.sqlite").read_bytes()
    assert b"123.456.789-09" not in raw and b"555 0134" not in raw and b"[CPF]" in raw
    # another key (another installation) finds nothing
    with CleanCache(tmp_path / "clean.sqlite", b"x" * 32) as other:
        assert other.get_texts(TEXTS[:1]) == [None]


def test_a_withheld_text_is_never_cached(tmp_path, monkeypatch):
    import vocmine.text.pipeline as pl

    # a detector miss: only the guard stands between the value and disk
    monkeypatch.setattr(pl, "redact_compiled", lambda text, compiled: text)
    monkeypatch.setattr(fr, "redact_compiled", lambda text, compiled: text)
    texts = ["boleto não compensou", "meu email é maria.silva@example.com", "app trava no login"]
    with CleanCache(tmp_path / "clean.sqlite", b"k" * 32) as cache:
        out = clean_frame(_frame(texts), n_process=1, pii_key=b"k" * 32, cache=cache)
        assert out["pii_withheld"].tolist() == [False, True, False]
        assert cache.get_texts(texts)[1] is None and cache.get_texts(texts)[0] is not None
    assert b"maria.silva" not in (tmp_path / "clean.sqlite").read_bytes()


def test_changed_cleaning_code_empties_the_cache(tmp_path, monkeypatch):
    with CleanCache(tmp_path / "c.sqlite", b"k" * 32) as cache:
        cache.put_texts([("a", "a", "a", None)])
    import vocmine.text.cache as cm

    monkeypatch.setattr(cm, "cleaning_fingerprint", lambda: "another version")
    with CleanCache(tmp_path / "c.sqlite", b"k" * 32) as cache:
        assert cache.get_texts(["a"]) == [None]
    con = sqlite3.connect(tmp_path / "c.sqlite")
    assert con.execute("SELECT count(*) FROM clean").fetchone() == (0,)
