"""A cache of cleaned texts, so a monthly run cleans only the texts it has not cleaned before.

Every run reads the whole export (history included) and cleaning is its second-largest cost after
embedding (45 s of a 195 s incremental month on 117,000 e-mail-length tickets). Cleaning a text is
a pure function of the text and of the cleaning code, so :class:`CleanCache` keeps, per distinct raw
text, what :func:`vocmine.text.frame.clean_frame` derived from it: ``text_display``, ``text_model``,
the detected language (or none) and the lemmas of ``text_model`` in each language they were made in.

Privacy: a text is looked up by ``HMAC-SHA256(pii key, text)`` (never the text, nor a plain hash
that a dictionary of CPFs could reverse), and only results that passed the PII guard are written:
a text whose cleaned form was withheld is cleaned again in every run. The values are the redacted
texts the history store already holds.

Validity: the cache file records a fingerprint of the cleaning code (every ``vocmine/text`` source
file and the guard in ``vocmine/_io.py``) and of spaCy and its installed pipelines; on any difference
it is emptied before use. A cached text passed the guard when it was stored, so it is not screened again.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path

__all__ = ["CleanCache", "cleaning_fingerprint"]

_CHUNK = 900  # host parameters per query (SQLite's historical limit is 999)


def cleaning_fingerprint() -> str:
    """Digest of the cleaning code and the lemmatisers: a change to either empties the cache."""
    from importlib import metadata

    from vocmine.text.lemmas import TRAINED_PIPELINES

    h = hashlib.sha256()
    root = Path(__file__).resolve().parent
    for p in [*sorted(root.rglob("*.py")), root.parent / "_io.py"]:  # cleaning, PII detection, the guard
        h.update(str(p.relative_to(root.parent)).encode() + b"\0" + p.read_bytes() + b"\0")
    for dist in ("spacy", *TRAINED_PIPELINES.values()):
        try:
            h.update(f"{dist}={metadata.version(dist)}\0".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{dist}=-\0".encode())
    return h.hexdigest()


class CleanCache:
    """``path``: SQLite file (created); ``key``: the run's PII key (bytes or str)."""

    @staticmethod
    def serves(*, extra_pii_patterns: object = None, max_model_chars: int | None = None) -> bool:
        """Whether cleaning with these options may use the cache: only the default cleaning (extra PII
        patterns or another model-text length change what a text cleans to)."""
        from vocmine.text.pipeline import MODEL_MAX_CHARS

        return not extra_pii_patterns and (max_model_chars is None or max_model_chars == MODEL_MAX_CHARS)

    def __init__(self, path: str | os.PathLike, key: bytes | str) -> None:
        self.path = Path(path)
        self._key = key.encode() if isinstance(key, str) else bytes(key)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(self.path))
        self._db.executescript(
            "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT);"
            "CREATE TABLE IF NOT EXISTS clean (k BLOB PRIMARY KEY, display TEXT, model TEXT, lang TEXT);"
            "CREATE TABLE IF NOT EXISTS lemmas (k BLOB PRIMARY KEY, lemmas TEXT);")
        fp = cleaning_fingerprint()
        row = self._db.execute("SELECT value FROM meta WHERE name = 'fingerprint'").fetchone()
        if row is None or row[0] != fp:
            self._db.executescript("DELETE FROM clean; DELETE FROM lemmas;")
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('fingerprint', ?)", (fp,))
            self._db.commit()
        self.hits = self.misses = 0

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> CleanCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _k(self, *parts: str) -> bytes:
        return hmac.new(self._key, "\x1f".join(parts).encode("utf-8", "surrogatepass"), hashlib.sha256).digest()

    def _get(self, table: str, cols: str, keys: list[bytes]) -> dict[bytes, tuple]:
        out: dict[bytes, tuple] = {}
        for i in range(0, len(keys), _CHUNK):
            part = keys[i:i + _CHUNK]
            q = f"SELECT k, {cols} FROM {table} WHERE k IN ({','.join('?' * len(part))})"
            out.update((row[0], row[1:]) for row in self._db.execute(q, part))
        return out

    def get_texts(self, texts: Sequence[str]) -> list[tuple[str, str, str | None] | None]:
        """Per text, ``(display, model, detected language or None)`` when cached, else None."""
        keys = [self._k(t) for t in texts]
        found = self._get("clean", "display, model, lang", keys)
        out = [found.get(k) for k in keys]
        n = sum(v is not None for v in out)
        self.hits += n
        self.misses += len(out) - n
        return [None if v is None else (v[0], v[1], v[2] or None) for v in out]

    def put_texts(self, rows: Iterable[tuple[str, str, str, str | None]]) -> None:
        """``(raw text, display, model, detected language or None)``, each already through the PII guard."""
        self._db.executemany("INSERT OR REPLACE INTO clean VALUES (?, ?, ?, ?)",
                             [(self._k(t), d, m, lang or "") for t, d, m, lang in rows])
        self._db.commit()

    def get_lemmas(self, pairs: Sequence[tuple[str, str]]) -> list[str | None]:
        """Per ``(language, model text)``, its lemmas when cached, else None."""
        keys = [self._k(lang, m) for lang, m in pairs]
        found = self._get("lemmas", "lemmas", keys)
        return [found[k][0] if k in found else None for k in keys]

    def put_lemmas(self, rows: Iterable[tuple[str, str, str]]) -> None:
        """``(language, model text, lemmas)``."""
        self._db.executemany("INSERT OR REPLACE INTO lemmas VALUES (?, ?)",
                             [(self._k(lang, m), lem) for lang, m, lem in rows])
        self._db.commit()
