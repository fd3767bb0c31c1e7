"""Topic words and labels a product manager reads: :func:`describe_topics`.

For each topic, c-TF-IDF (:func:`vocmine.clustering.labels.ctfidf_scores`) ranks lemma terms
(words and pairs of words) three times: over all tickets, over the Portuguese ones and over the
English ones. Each candidate term is then

1. shown as the words customers wrote (:func:`vocmine.clustering.surface.surface_forms`: the most
   frequent surface form or span behind the lemma term, e.g. ``datar`` → ``data``,
   ``cartão crédito`` → ``cartão de crédito``); a term with no surface form in the texts is dropped;
2. dropped when it is a mask (``xxxx``), a configured stop word (e.g. the company's own name), a
   term spread over most topics (:func:`~vocmine.clustering.surface.spread_terms`: site
   boilerplate, brand names) or holds a name-like word (:func:`~vocmine.clustering.surface.name_like`);
3. ordered by maximal marginal relevance (MMR) over the c-TF-IDF scores, with the lexical overlap of
   the lemma terms as similarity, so a label does not say the same word twice (``nota fiscal ·
   nota``).

A label is the first three keywords joined by " · "; the keywords start with the most
representative word pair (the pair found in most of the topic's tickets, when it is in at least
``PHRASE_SHARE`` of them and scores at least ``PHRASE_MIN`` of the best term), so labels read as
a short phrase and two words: ``nota fiscal · errado · emitir``, ``cartão recusado · pagamento ·
autorizada``. ``label_pt`` comes from the topic's Portuguese tickets and ``label_en`` from its
English ones; a topic with fewer than ``min_lang_docs`` tickets in a language gets the other
language's label, marked `` (en)`` / `` (pt)``. ``label`` is the label of the topic's majority
language, so it never mixes the two. What was removed is reported (``removed``,
``removed_counts``; names only as a count). A word found in a single text (of 50 or more) is
never a topic word. :func:`label_check` measures labels against the texts (masks, names, brands,
words nobody wrote, words of the other language).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from vocmine.clustering.labels import ctfidf_scores, make_label, topic_stopwords
from vocmine.clustering.surface import fold, names_in, spread_terms, surface_forms
from vocmine.schema import OUTLIER_TOPIC

__all__ = ["TopicWords", "describe_topics", "language_labels", "clean_terms", "label_check", "mmr",
           "PHRASE_MIN", "PHRASE_SHARE", "FALLBACK_MARK"]

#: a word pair leads the label when its c-TF-IDF score is at least this share of the topic's best term
PHRASE_MIN = 0.3
#: ... and it occurs in at least this share of the topic's tickets (of that language); the pair
#: found in the most tickets is chosen (measured on the sample: "nota fiscal" 0.68, "pix agendado"
#: 0.85, "cartão recusado" 0.33 pass; one-off phrasings such as "existe limite" 0.19 do not)
PHRASE_SHARE = 0.3
#: suffix of a label taken from the other language's tickets
FALLBACK_MARK = {"pt": " (pt)", "en": " (en)"}
_LANGS = ("pt", "en")


@dataclass
class TopicWords:
    """Keywords (surface forms, best first) and labels per topic, and what was removed.

    ``removed``: ``{term: reason}`` for the corpus-wide reasons ``"spread"`` (in a large share of
    the tickets of most topics), ``"stop word"`` (configured) and ``"mask"``; ``removed_counts``
    counts every removal by reason, including ``"name"`` (reads as a person's name) and ``"no
    surface form"`` (a lemma nobody wrote), whose words are not listed: a name or a rare word of
    one ticket must not reach a report or a saved model. ``names`` (the name-like words) is for
    the caller's use in process only; ``surface`` maps the lemma terms shown in some keyword list
    to their surface form."""

    keywords: dict[int, list[str]] = field(default_factory=dict)
    keywords_pt: dict[int, list[str]] = field(default_factory=dict)
    keywords_en: dict[int, list[str]] = field(default_factory=dict)
    labels: dict[int, str] = field(default_factory=dict)
    labels_pt: dict[int, str] = field(default_factory=dict)
    labels_en: dict[int, str] = field(default_factory=dict)
    removed: dict[str, str] = field(default_factory=dict)
    removed_counts: dict[str, int] = field(default_factory=dict)
    spread: dict[str, float] = field(default_factory=dict)
    names: frozenset[str] = frozenset()
    #: which of the ``name_words`` asked for read as names (the same evidence, one pass over the texts)
    other_names: frozenset[str] = frozenset()
    surface: dict[str, str] = field(default_factory=dict)


def _similarity(a: set[str], b: set[str]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def mmr(candidates: Sequence[tuple[str, float, set[str]]], *, top_n: int, diversity: float = 0.5,
        shares: Sequence[float] | None = None, phrase_min: float = PHRASE_MIN,
        phrase_share: float = PHRASE_SHARE) -> list[str]:
    """Maximal marginal relevance over ``(text, score, words)`` candidates, best first.

    With ``shares`` (each candidate's share of the topic's documents), the candidate of several
    words found in most documents comes first when it scores at least ``phrase_min`` of the best
    one and is in at least ``phrase_share`` of the documents; then each pick maximises ``(1 - diversity) × score / best
    score - diversity × overlap`` where ``overlap`` is the largest share of its words already in a
    picked candidate (1 for ``nota`` after ``nota fiscal``)."""
    if not candidates:
        return []
    best = max(c[1] for c in candidates) or 1.0
    left = list(candidates)
    chosen: list[tuple[str, float, set[str]]] = []
    if shares is not None:
        phrases = [i for i, c in enumerate(left) if " " in c[0] and c[1] >= phrase_min * best
                   and shares[i] >= phrase_share]
        if phrases:
            chosen.append(left.pop(max(phrases, key=lambda i: (shares[i], -i))))
    while left and len(chosen) < top_n:
        def gain(c):
            overlap = max((_similarity(c[2], p[2]) for p in chosen), default=0.0)
            return (1 - diversity) * c[1] / best - diversity * overlap

        k = max(range(len(left)), key=lambda i: (gain(left[i]), -i))
        chosen.append(left.pop(k))
    return [c[0] for c in chosen]


def describe_topics(model_texts: Sequence[str], topics: Sequence[int], *, lemmas: Sequence[str] | None = None,
                    weights: Sequence[float] | None = None, languages: Sequence[str] | None = None,
                    display: Sequence[str] | None = None, top_n: int = 10, min_df: int = 1,
                    stop_words: Iterable[str] = (), min_lang_docs: float = 3.0,
                    drop_spread: bool = True, name_words: Iterable[str] = ()) -> TopicWords:
    """Keywords and labels for each topic of ``topics`` (one per text; see the module docstring).

    ``model_texts`` are the texts the surface forms come from (``text_model``), ``lemmas`` what
    c-TF-IDF ranks (``text_lemmas``; default: lower-cased model texts), ``display`` the redacted
    texts the name evidence comes from (no name filter without it), ``stop_words`` extra words to
    keep out (e.g. the company's and its products' names; any case, accents optional).
    ``name_words``: more words (lower case) to check against the same name evidence, answered in
    ``other_names`` (a word's verdict does not depend on the other words checked)."""
    from vocmine.text.remove import MASK_TOKEN

    n = len(model_texts)
    topics = np.asarray(topics)
    w = np.ones(n) if weights is None else np.asarray(weights, dtype=float)
    c_texts = list(lemmas) if lemmas is not None else [str(t).lower() for t in model_texts]
    lang = np.array([str(x) if str(x) in _LANGS else "other" for x in languages] if languages is not None
                    else ["other"] * n)
    ids = sorted(int(t) for t in set(topics.tolist()) if t != OUTLIER_TOPIC)
    out = TopicWords(keywords={t: [] for t in ids}, keywords_pt={t: [] for t in ids},
                     keywords_en={t: [] for t in ids})
    extra = {fold(s) for s in stop_words if str(s).strip()}
    extra |= {s.lower() for s in stop_words if str(s).strip()}

    # 1. candidates per scope: (term, score) best first, 3 × top_n per topic
    scopes = {"all": np.ones(n, dtype=bool), "pt": lang == "pt", "en": lang == "en"}
    cands: dict[str, dict[int, list[tuple[str, float, float]]]] = {}
    for scope, m in scopes.items():
        cands[scope] = {}
        if not m.any():
            continue
        idx = np.flatnonzero(m)
        stop = topic_stopwords(scope) | frozenset(extra)
        res = ctfidf_scores([c_texts[i] for i in idx], topics[idx], weights=w[idx],
                            min_df=min_df if scope == "all" else 1, stop=stop)
        if res is None:
            continue
        s_ids, terms, score, counts, _ = res
        if scope == "all" and drop_spread:
            out.spread = spread_terms(counts, topics[idx], w[idx], terms)
        present = (counts > 0).tocsc()
        # a word of one ticket is never a topic word (it may be a name or a secret): at least 2 texts
        df = np.asarray(present.sum(axis=0)).ravel()
        min_texts = 2 if len(idx) >= 50 else 1
        for i, t in enumerate(s_ids):
            row = np.where(df >= min_texts, score[i], 0.0)
            order = [j for j in np.argsort(-row, kind="stable")[: top_n * 3] if row[j] > 0]
            mt = topics[idx] == t
            wt = w[idx][mt]
            docs = present[np.flatnonzero(mt)][:, order] if order else None
            share = (np.asarray(docs.T @ wt).ravel() / max(wt.sum(), 1e-9)) if order else []
            cands[scope][t] = [(str(terms[j]), float(row[j]), float(share[k])) for k, j in enumerate(order)]

    # 2. evidence from the texts: surface forms, vocabulary, names
    wanted = {c[0] for per in cands.values() for lst in per.values() for c in lst}
    surface, vocab = surface_forms([str(t) for t in model_texts], lang.tolist(), w, wanted,
                                   lemmas=c_texts if lemmas is not None else None)

    def shown(term: str) -> str | None:
        s = surface.get(term)
        if s is None and all(p in vocab for p in term.split()):
            s = term
        return s

    # configured stop words the texts hold are reported (c-TF-IDF never scores them, so step 3 cannot)
    folded_vocab = {fold(v) for v in vocab}
    for word in sorted({str(x).strip().lower() for x in stop_words if str(x).strip()}):
        if all(fold(p) in folded_vocab for p in word.split()):
            out.removed.setdefault(word, "stop word")
    shown_words = {p for term in wanted for p in (shown(term) or "").split()}
    shown_words |= {p for term in out.spread for p in term.split()}
    if display is not None:
        asked = shown_words | set(name_words)
        found = names_in(display, asked)
        out.names, out.other_names = found & shown_words, found & set(name_words)
    name_folds = {fold(x) for x in out.names}
    # a name found everywhere (the agent who signs every reply) is a name, never a listed term
    out.spread = {k: v for k, v in out.spread.items() if not {fold(p) for p in k.split()} & name_folds}

    def reason(term: str, s: str | None) -> str | None:
        if any(MASK_TOKEN.match(p) for p in term.split()) or (s and any(MASK_TOKEN.match(p) for p in s.split())):
            return "mask"
        if s is None:
            return "no surface form"
        words = {fold(p) for p in s.split()} | set(term.split())
        if words & name_folds:  # before "spread": a name is never listed, even when it is everywhere
            return "name"
        if words & extra:
            return "stop word"
        if term in out.spread or any(p in out.spread for p in term.split()):
            return "spread"
        return None

    # 3. keywords per scope: surface forms without the removed terms, MMR-ordered
    for scope, per in cands.items():
        target = {"all": out.keywords, "pt": out.keywords_pt, "en": out.keywords_en}[scope]
        for t, lst in per.items():
            kept, seen, shares = [], set(), []
            for term, score, doc_share in lst:
                s = shown(term)
                why = reason(term, s)
                if why is not None:
                    out.removed_counts[why] = out.removed_counts.get(why, 0) + 1
                    if why in ("stop word", "mask") or (why == "spread" and term in out.spread):
                        out.removed.setdefault(s or term, why)
                    continue
                key = fold(s)
                if key in seen:
                    continue
                seen.add(key)
                if s != term:
                    out.surface[term] = s
                kept.append((s, score, {fold(p) for p in term.split()} | {fold(p) for p in s.split()}))
                shares.append(doc_share)
            target[t] = mmr(kept, top_n=top_n, shares=shares)

    # 4. labels: each language's own, else the other's (marked); ``label`` in the majority language
    share = {code: {t: float(w[(topics == t) & (lang == code)].sum()) for t in ids} for code in _LANGS}
    for code, kw in (("pt", out.keywords_pt), ("en", out.keywords_en)):
        for t in ids:
            if share[code][t] < min_lang_docs:
                kw[t] = []  # a language's words from one or two tickets are noise, not a topic's words
    for t in ids:
        out.labels[t] = make_label(out.keywords[t], topic_id=t)
        major = max(_LANGS, key=lambda c: (share[c][t], c == "pt"))
        own = (out.keywords_pt if major == "pt" else out.keywords_en)[t]
        if own:
            out.labels[t] = make_label(own, topic_id=t)
    out.labels[OUTLIER_TOPIC] = make_label([], topic_id=OUTLIER_TOPIC)
    out.labels_pt = language_labels("pt", out.keywords_pt, out.keywords_en, out.labels)
    out.labels_en = language_labels("en", out.keywords_pt, out.keywords_en, out.labels)
    return out


def language_labels(code: str, keywords_pt: dict[int, list[str]], keywords_en: dict[int, list[str]],
                    labels: dict[int, str]) -> dict[int, str]:
    """``{topic: label}`` in language ``code`` ('pt'/'en'): from that language's keywords, else the
    other language's marked with :data:`FALLBACK_MARK`, else ``labels`` (the overall label)."""
    mine, other = (keywords_pt, keywords_en) if code == "pt" else (keywords_en, keywords_pt)
    out = {}
    for t in set(labels) | set(mine) | set(other):
        if t == OUTLIER_TOPIC:
            out[t] = make_label([], topic_id=OUTLIER_TOPIC)
        elif mine.get(t):
            out[t] = make_label(mine[t], topic_id=t)
        elif other.get(t):
            out[t] = make_label(other[t], topic_id=t) + FALLBACK_MARK["en" if code == "pt" else "pt"]
        else:
            out[t] = labels.get(t, make_label([], topic_id=t))
    return out


def clean_terms(terms: Iterable[str], *, surface: dict[str, str] | None = None, removed: dict[str, str] | None = None,
                names: Iterable[str] = (), stop_words: Iterable[str] = ()) -> list[str]:
    """``terms`` of a topic added later shown with the surface forms learnt at fit (``surface``) and
    without masks, ``removed`` terms, ``names`` and ``stop_words``; the order is kept and
    accent-folded duplicates are dropped. A term unseen at fit stays as it is."""
    from vocmine.text.remove import MASK_TOKEN

    surface, removed = surface or {}, removed or {}
    bad = {fold(x) for x in stop_words} | {fold(x) for x in names}
    out, seen = [], set()
    for term in terms:
        s = surface.get(term, term)
        words = s.split() + term.split()
        if term in removed or s in removed or any(MASK_TOKEN.match(p) for p in words):
            continue
        if {fold(p) for p in words} & bad or fold(s) in seen:
            continue
        seen.add(fold(s))
        out.append(s)
    return out


_TOKENS = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


def label_check(labels: dict[str, dict[int, str]], texts: Sequence[str], languages: Sequence[str], *,
                names: Iterable[str] = (), brands: Iterable[str] = ()) -> dict[str, float]:
    """Share of labels (every topic of every ``labels`` mapping, e.g. ``{"pt": model.labels_pt_,
    "en": model.labels_en_}``; the outlier label skipped) with a mask token, a name (``names``), a
    brand (``brands``), a word nobody wrote (not a token of ``texts``, the model texts) or, for
    ``"pt"``/``"en"`` labels not marked as borrowed, a word of the other language only (found in
    that language's texts and never in its own). Returns ``{"labels": n, "mask": share, ...}``."""
    from vocmine.text.remove import MASK_TOKEN

    vocab: dict[str, set[str]] = {"pt": set(), "en": set(), "all": set()}
    for text, lang in zip(texts, languages):
        toks = set(_TOKENS.findall(str(text).lower()))
        vocab["all"] |= toks
        if lang in vocab:
            vocab[lang] |= toks
    names = {fold(x) for x in names}
    brands = {fold(x) for x in brands}
    hits = {"mask": 0, "name": 0, "brand": 0, "non_surface": 0, "other_language": 0}
    n = 0
    for code, mapping in labels.items():
        for t, label in mapping.items():
            if t == OUTLIER_TOPIC:
                continue
            n += 1
            borrowed = label.endswith(tuple(FALLBACK_MARK.values()))
            for mark in FALLBACK_MARK.values():
                label = label.removesuffix(mark)
            words = [w for part in label.split(" · ") for w in _TOKENS.findall(part.lower())]
            folded = {fold(w) for w in words}
            hits["mask"] += any(MASK_TOKEN.match(w) for w in label.replace(" · ", " ").split())
            hits["name"] += bool(folded & names)
            hits["brand"] += bool(folded & brands)
            hits["non_surface"] += any(w not in vocab["all"] for w in words)
            if code in ("pt", "en") and not borrowed:
                other = "en" if code == "pt" else "pt"
                hits["other_language"] += any(w in vocab[other] and w not in vocab[code] for w in words)
    return {"labels": float(n), **{k: (v / n if n else 0.0) for k, v in hits.items()}}
