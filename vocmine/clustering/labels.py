"""Readable topics: c-TF-IDF keywords (overall and per language), short labels, representative tickets.

c-TF-IDF is BERTopic's own ``ClassTfidfTransformer`` on the topics' class documents (the documents
of each topic joined: ``tf`` is each term's weighted count in the class divided by the class total and
``idf = log(1 + A / f_term)`` with ``A`` the mean class size in terms and ``f_term`` the term's
total count). Duplicate tickets count with their weight. Terms are words and bigrams over lemmas
(``text_lemmas``) when given, else lower-cased model text, without PT+EN+support stop words.

:func:`ctfidf_scores` is the scoring; :mod:`vocmine.clustering.words` turns its best terms into the
keywords and labels a reader sees (surface forms, no masks, names or corpus-wide terms);
:func:`ctfidf_keywords` is the plain term list.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from vocmine.schema import OUTLIER_TOPIC

__all__ = ["topic_stopwords", "ctfidf_scores", "ctfidf_keywords", "make_label", "representative_docs"]

_TOKEN = r"(?u)\b[^\W\d_][^\W_]{1,}\b"  # words of 2+ chars starting with a letter
_PLACEHOLDER = re.compile(r"\[[A-Z_]+\]")

# Used only if vocmine.text.stopwords is unavailable.
_FALLBACK = frozenset("""
a o as os um uma uns umas de do da dos das em no na nos nas por pelo pela para pra com sem que se
nao não sim e ou mas mais muito muita ja já eu tu ele ela nós nos vos eles elas meu minha meus minhas seu
sua seus suas esse essa isso este esta isto aquele aquela aquilo foi ser ter estar está esta estou tem
como quando onde porque qual quais ao aos à às é era são sou vou vai ainda também tambem só so
olá ola oi obrigado obrigada bom boa dia tarde noite favor preciso gostaria atendimento ajuda cliente
the a an and or but if of to in on at for with from by is are was were be been am i me my we our you your
he she it its they them their this that these those there here not no yes do does did have has had can
could would should will just also please thanks thank hello hi dear regards help need want issue problem
""".split())


def topic_stopwords(lang: str = "all") -> frozenset[str]:
    """PT+EN+support stop words (``vocmine.text.stopwords`` when available), plus the word pieces
    the c-TF-IDF tokenizer makes of them ("we'll" → "we", "ll") so the list stays consistent."""
    try:
        from vocmine.text.stopwords import stopwords
    except ImportError:  # pragma: no cover - text package not installed yet
        words = _FALLBACK
    else:
        words = stopwords(lang if lang in ("pt", "en") else "all")
    pieces = {p.lower() for w in words for p in re.findall(r"(?u)\b\w\w+\b", w)}
    return frozenset(words | pieces)


def _vectorizer(stop: frozenset[str], min_df: int):
    from sklearn.feature_extraction.text import CountVectorizer

    return CountVectorizer(token_pattern=_TOKEN, lowercase=True, stop_words=sorted(stop), ngram_range=(1, 2),
                           min_df=min_df, dtype=np.float64)


def ctfidf_scores(texts: Sequence[str], topics: Sequence[int], *, weights: Sequence[float] | None = None,
                  min_df: int = 1, stop: frozenset[str] | None = None):
    """``(ids, terms, score, counts, weights)``: c-TF-IDF ``score`` (topics ``ids`` × ``terms``), the
    document-term ``counts`` and the document weights; ``None`` when there is no topic or no term."""
    from scipy import sparse

    topics = np.asarray(topics)
    ids = sorted(int(t) for t in set(topics.tolist()) if t != OUTLIER_TOPIC)
    if not ids:
        return None
    texts = [_PLACEHOLDER.sub(" ", str(t)) for t in texts]
    w = np.ones(len(texts)) if weights is None else np.asarray(weights, dtype=float)
    stop = topic_stopwords() if stop is None else stop
    vec = _vectorizer(stop, min_df)
    try:
        counts = vec.fit_transform(texts)
    except ValueError:  # empty vocabulary
        return None
    pos = {t: i for i, t in enumerate(ids)}
    rows = np.array([pos.get(int(t), -1) for t in topics])
    keep = rows >= 0
    member = sparse.csr_matrix((w[keep], (rows[keep], np.flatnonzero(keep))), shape=(len(ids), len(texts)))
    from bertopic.vectorizers import ClassTfidfTransformer

    tf = sparse.csr_matrix(member @ counts)
    if tf.shape[1] == 1:
        # one term (a language's few one-word tickets): BERTopic's idf turns into a scalar that scipy
        # cannot put on a diagonal; the term twice gives its scores (a single term ranks alone anyway)
        tf2 = sparse.csr_matrix(sparse.hstack([tf, tf]))
        score = ClassTfidfTransformer().fit(tf2).transform(tf2)[:, :1]
    else:
        score = ClassTfidfTransformer().fit(tf).transform(tf)  # BERTopic's own c-TF-IDF
    return ids, vec.get_feature_names_out(), np.asarray(score.todense()), counts, w


def ctfidf_keywords(texts: Sequence[str], topics: Sequence[int], *, weights: Sequence[float] | None = None,
                    top_n: int = 10, min_df: int = 1, stop: frozenset[str] | None = None) -> dict[int, list[str]]:
    """Top ``top_n`` c-TF-IDF terms per topic (outlier topic excluded), best first.

    Returns ``{topic_id: [term, ...]}``; topics whose texts have no usable term get ``[]``.
    """
    topics = np.asarray(topics)
    ids = sorted(int(t) for t in set(topics.tolist()) if t != OUTLIER_TOPIC)
    out: dict[int, list[str]] = {t: [] for t in ids}
    res = ctfidf_scores(texts, topics, weights=weights, min_df=min_df, stop=stop)
    if res is None:
        return out
    ids, terms, score, _, _ = res
    for i, t in enumerate(ids):
        row = score[i]
        order = np.argsort(-row, kind="stable")[: top_n * 3]
        chosen: list[str] = []
        for j in order:
            if row[j] <= 0:
                break
            term = str(terms[j])
            # skip a unigram already inside a chosen bigram, and vice versa, for a readable list
            if any(term in c.split() or c in term.split() for c in chosen):
                continue
            chosen.append(term)
            if len(chosen) == top_n:
                break
        out[t] = chosen
    return out


def make_label(keywords: Sequence[str], *, n: int = 3, topic_id: int | None = None) -> str:
    """Short human label: the first ``n`` keywords joined by " · " (e.g. "boleto · pagamento · pix")."""
    if topic_id == OUTLIER_TOPIC:
        return "(unassigned)"
    words = [k for k in keywords if k][:n]
    if not words:
        return f"topic {topic_id}" if topic_id is not None else "(no keywords)"
    return " · ".join(words)


def representative_docs(display: Sequence[str], topics: Sequence[int], similarity: Sequence[float], *,
                        n: int = 3, max_chars: int = 300) -> dict[int, list[str]]:
    """Up to ``n`` distinct display (redacted) texts per topic, most central first."""
    frame = pd.DataFrame({"d": list(display), "t": np.asarray(topics), "s": np.asarray(similarity, dtype=float)})
    frame = frame[frame["t"] != OUTLIER_TOPIC].sort_values(["t", "s"], ascending=[True, False], kind="stable")
    out: dict[int, list[str]] = {}
    for t, g in frame.groupby("t", sort=True):
        seen: list[str] = []
        for d in g["d"]:
            d = str(d).strip()
            if d and d not in seen:
                seen.append(d[:max_chars])
            if len(seen) == n:
                break
        out[int(t)] = seen
    return out
