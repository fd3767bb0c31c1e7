"""Corpus evidence behind topic words: surface forms of lemmas, name-like words, spread terms.

c-TF-IDF ranks lemmas (``text_lemmas``), but a lemma is not always a word anybody wrote: the
Portuguese lookup table turns nouns into verbs (``data`` → ``datar``, ``empresa`` →
``empresar``). Topic words are therefore shown as the most frequent surface form (or, for a pair
of lemmas, the most frequent span of text) behind each lemma term in the topic's own language.

Three kinds of corpus evidence keep noise out of keywords and labels:

- :func:`surface_forms`: lemma term → the words customers wrote (a term nobody wrote is dropped);
- :func:`name_like`: words that read as a person's first name in ``text_display`` (title case
  where a sentence does not start, and after a name cue such as "meu nome é", "my name is",
  "chat with", "falei com", "Sr.", or followed by a surname); see the function for the rule;
- :func:`spread_terms`: terms found in a large share of the documents of most topics (site or
  help-desk boilerplate, the company's own name): they describe the corpus, not a topic.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

import numpy as np

from vocmine.schema import OUTLIER_TOPIC

__all__ = ["surface_forms", "name_like", "greeted_names", "names_in", "spread_terms", "fold"]

_FOLD = str.maketrans("áàâãäéèêëíìîïóòôõöúùûüçñ", "aaaaaeeeeiiiiooooouuuucn")


def fold(text: str) -> str:
    """Lower case without accents (``Cartão`` → ``cartao``), for comparing words."""
    return text.lower().translate(_FOLD)


def surface_forms(texts: Sequence[str], languages: Sequence[str], weights: Sequence[float],
                  wanted: Iterable[str], *, lemmas: Sequence[str] | None = None,
                  max_gap: int = 2) -> tuple[dict[str, str], frozenset[str]]:
    """``(surface, vocabulary)`` for the lemma terms in ``wanted`` (one lemma or two, space-joined).

    ``surface[term]`` is the most frequent (weighted) lower-case text behind the term in ``texts``
    (model texts, lemmatised again per language with :func:`vocmine.text.lemmas.lemma_tokens`, so
    they line up with ``text_lemmas``): a lemma's commonest word (``datar`` → ``data``), a pair's
    commonest span including up to ``max_gap`` dropped words between them (``cartão crédito`` →
    ``cartão de crédito``). When ``lemmas`` (the strings c-TF-IDF ranked) have as many words as the
    tokens kept here, their words are used as the keys, so lemmas made by another version of the
    lemmatiser (an older history) still find their surface forms. ``vocabulary`` is every
    lower-case token of ``texts``."""
    from vocmine.text.lemmas import lemma_tokens

    wanted = set(wanted)
    if not wanted:
        return {}, frozenset()
    counts: dict[str, Counter] = defaultdict(Counter)
    vocab: set[str] = set()
    groups: dict[str, list[int]] = defaultdict(list)
    for i, lang in enumerate(languages):
        groups[lang if lang in ("pt", "en") else "other"].append(i)
    for lang, idx in sorted(groups.items()):
        for i, toks in zip(idx, lemma_tokens([texts[i] for i in idx], lang)):
            w = float(weights[i])
            vocab.update(_WORDS.findall("".join(t[0] + t[1] for t in toks)))
            kept = [k for k, t in enumerate(toks) if t[2]]
            keys = [toks[k][2] for k in kept]
            if lemmas is not None:
                given = str(lemmas[i]).split()
                if len(given) == len(kept):
                    keys = given
            for a, k in enumerate(kept):
                lemma = keys[a]
                if lemma in wanted:
                    counts[lemma][_whole_word(toks, k)] += w
                if a + 1 < len(kept):
                    j = kept[a + 1]
                    pair = lemma + " " + keys[a + 1]
                    if pair in wanted:
                        # a span across punctuation ("empresa, já") is not a phrase anybody wrote
                        if j - k - 1 <= max_gap and all(t[0].isalpha() for t in toks[k + 1:j]):
                            span = "".join(t[0] + t[1] for t in toks[k:j]) + toks[j][0]
                        else:
                            span = toks[k][0] + " " + toks[j][0]
                        counts[pair][" ".join(span.split())] += w
    surface = {term: min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0] for term, c in counts.items() if c}
    return surface, frozenset(vocab)


_WORD = re.compile(r"[^\W\d_][^\W\d_'’-]*")
_WORDS = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


def _whole_word(toks: list[tuple[str, str, str]], k: int) -> str:
    """Token ``k`` with the pieces glued to it (spaCy splits "gonna" into "gon" + "na")."""
    a = b = k
    while a > 0 and not toks[a - 1][1] and toks[a - 1][0][-1:].isalpha() and toks[a][0][:1].isalpha():
        a -= 1
    while b + 1 < len(toks) and not toks[b][1] and toks[b + 1][0][:1].isalpha() and toks[b][0][-1:].isalpha():
        b += 1
    return "".join(t[0] + t[1] for t in toks[a:b]) + toks[b][0]
# words right before a name: introductions, addressing, agents, honorifics, chat subjects
_CUES = tuple(sorted(set("""
meu nome é|meu nome e|me chamo|aqui é o|aqui é a|aqui e o|aqui e a|sou o|sou a|falei com|falei com o|falei com a
|falando com|falando com o|falando com a|atendente|atendida por|atendido por|agente|consultor|consultora|vendedor
|vendedora|sr|sra|srta|dr|dra|oi|olá|ola|prezado|prezada|caro|cara|att|abs|obrigado|obrigada|my name is|this is
|i am|i'm|spoke with|spoke to|talked with|talked to|agent|rep|representative|mr|mrs|ms|miss|hi|hello|dear
|thanks|regards|cheers|chat with|chat|conversa com|conversation with""".replace("\n", "").split("|")), key=len,
                     reverse=True))
_CUE_TRAIL = " \t.,:;–-"


def _cue(before: str) -> bool:
    """Whether ``before`` (the text right before a word) ends with a name cue."""
    b = before.rstrip(_CUE_TRAIL).lower()
    if not b.endswith(_CUES):
        return False
    for c in _CUES:
        if b.endswith(c):
            k = len(b) - len(c)
            return k == 0 or not b[k - 1].isalnum()
    return False


def _title(tok: str) -> bool:
    return tok[0].isupper() and (len(tok) == 1 or tok[1:].islower())


def name_like(display: Sequence[str], words: Iterable[str], *, min_title: float = 0.6, min_cue: float = 0.1,
              min_count: int = 2, proper: float = 0.9, counts: dict | None = None) -> frozenset[str]:
    """Which of ``words`` (lower case) read as people's names in ``display`` (redacted texts).

    A word is name-like when, among its occurrences that do not start a sentence, at least
    ``min_title`` are in title case (``Renata``, not ``renata`` or ``PIX``), and at least
    ``min_cue`` of all its occurrences are in title case and either follow a name cue ("meu nome
    é", "falei com a", "my name is", "chat with", "Mr.", "Att,", ...) or stand next to another word,
    both in title case in at least ``proper`` of all their occurrences (a first name beside a
    surname: ``Anna Freeman``). Title case alone would also catch products and places (``Excel``,
    ``Android``, ``Google Authenticator``: "authenticator" is also written in lower case); the cue
    and the neighbour keep them. Words seen fewer than ``min_count`` times are never flagged.
    ``counts``, a dict, receives the word counts of ``display`` (``"total"`` and ``"titled"``, lower
    case) for :func:`greeted_names` on the same texts."""
    want = {w for w in words if w and w.isalpha()}
    if not want:
        return frozenset()
    total: Counter[str] = Counter()
    titled: Counter[str] = Counter()
    stats = {w: [0, 0, 0, 0] for w in want}  # occurrences, non-initial, title among them, cue
    neighbours: list[tuple[str, str, str]] = []  # (word, title-case word before, after) to check later
    for text in display:
        text = str(text)
        matches = list(_WORD.finditer(text))
        toks = [m.group() for m in matches]
        lows = [t.lower() for t in toks]
        total.update(lows)
        titled.update(lo for t, lo in zip(toks, lows) if _title(t))
        if want.isdisjoint(lows):
            continue
        for n, m in enumerate(matches):
            w = lows[n]
            if w not in want:
                continue
            tok = toks[n]
            s = stats[w]
            s[0] += 1
            before = text[max(0, m.start() - 30):m.start()]
            title = _title(tok)
            cue = title and _cue(before)
            stripped = before.rstrip()
            initial = not cue and (not stripped or stripped[-1] in ".!?\n:;\"“(" or before.endswith("\n"))
            if not initial:
                s[1] += 1
                s[2] += title
            if title and cue:
                s[3] += 1
            elif title:
                prev = lows[n - 1] if n and _title(toks[n - 1]) and text[matches[n - 1].end():m.start()] == " " else ""
                nxt = (lows[n + 1] if n + 1 < len(toks) and _title(toks[n + 1])
                       and text[m.end():matches[n + 1].start()] == " " else "")
                if prev or nxt:
                    neighbours.append((w, prev, nxt))

    def strongly_proper(x: str) -> bool:
        return bool(x) and total[x] >= min_count and titled[x] >= proper * total[x]

    if counts is not None:
        counts.update(total=total, titled=titled)
    for w, prev, nxt in neighbours:
        if strongly_proper(w) and (strongly_proper(prev) or strongly_proper(nxt)):
            stats[w][3] += 1
    out = set()
    for w, (n_all, non_initial, title, cue) in stats.items():
        if n_all < min_count:
            continue
        title_share = title / non_initial if non_initial else 0.0
        if title_share >= min_title and cue / n_all >= min_cue:
            out.add(w)
    return frozenset(out)


# greetings and sign-offs that a first name follows ("Olá, Renata", "Hi Megan", "Dear Anna", "Att, Tatiane"),
# and help-desk channel headers naming the customer or agent ("Chat com Priscila", "Chat - Caio", "Chat with Liam")
_GREETED = re.compile(
    r"(?:^|[.!?\n]\s*|\b)(?:ol[áa]|oi|prezad[oa]|car[oa]|bom dia|boa tarde|boa noite|hi|hello|hey|dear|good morning"
    r"|good afternoon|att|atenciosamente|abs|abraços|obrigad[oa]|regards|thanks|thank you|cheers|sincerely"
    r"|(?:chat|conversa|conversation|atendimento)(?: (?:com|with|de|from)| -))"
    r"[ \t]*[,:!-]?[ \t]+([A-ZÀ-Ý][a-zà-ÿ]+)\b", re.IGNORECASE)


def greeted_names(texts: Sequence[str], *, proper: float = 0.9, min_count: int = 2,
                  counts: dict | None = None) -> frozenset[str]:
    """First names found from the corpus itself: words (lower case) written in title case right after
    a greeting or sign-off ("Olá, Renata", "Hi Megan", "Dear Anna", "Att, Tatiane") that are in title
    case in at least ``proper`` of all their ``min_count``+ occurrences (so "Dear Customer Service"
    does not make "customer" a name: it is mostly written in lower case). ``counts``: the word
    counts :func:`name_like` left for the same texts (saves counting them again)."""
    greeted: set[str] = set()
    total: Counter[str] = Counter()
    titled: Counter[str] = Counter()
    for text in texts:
        text = str(text)
        for m in _GREETED.finditer(text):
            tok = m.group(1)
            if _title(tok):
                greeted.add(tok.lower())
    if not greeted:
        return frozenset()
    if counts and "total" in counts:
        total, titled = counts["total"], counts["titled"]
    else:
        for text in texts:
            for tok in _WORD.findall(str(text)):
                lo = tok.lower()
                if lo in greeted:
                    total[lo] += 1
                    titled[lo] += _title(tok)
    return frozenset(w for w in greeted if total[w] >= min_count and titled[w] >= proper * total[w])


def names_in(display: Sequence[str], words: Iterable[str]) -> frozenset[str]:
    """Which of ``words`` (lower case) read as people's names in ``display``: :func:`name_like`, or
    greeted (:func:`greeted_names`); the texts' words are counted once for both."""
    words = set(words)
    counts: dict = {}
    return name_like(display, words, counts=counts) | (greeted_names(display, counts=counts) & words)


def spread_terms(counts, topics: np.ndarray, weights: np.ndarray, terms: Sequence[str], *,
                 min_share: float = 0.15, min_topic_share: float = 0.5, min_topics: int = 4) -> dict[str, float]:
    """Terms present in at least ``min_share`` of the documents (weighted) of at least
    ``min_topic_share`` of the topics (and at least ``min_topics`` topics): ``{term: share of
    topics}``. ``counts`` is the document-term matrix behind c-TF-IDF (rows = ``topics``).

    Such a term describes the corpus (a site's stock phrase, the company's or the product's own
    name, "produto" in product reviews), so it cannot tell one topic from another; c-TF-IDF only
    discounts it, and in a corpus with few topics it still tops their lists."""
    from scipy import sparse

    topics = np.asarray(topics)
    ids = sorted(int(t) for t in set(topics.tolist()) if t != OUTLIER_TOPIC)
    if len(ids) < min_topics:
        return {}
    present = (sparse.csr_matrix(counts) > 0).astype(np.float64)
    w = np.asarray(weights, dtype=float)
    pos = {t: i for i, t in enumerate(ids)}
    rows = np.array([pos.get(int(t), -1) for t in topics])
    keep = rows >= 0
    member = sparse.csr_matrix((w[keep], (rows[keep], np.flatnonzero(keep))), shape=(len(ids), len(topics)))
    size = np.asarray(member.sum(axis=1)).ravel()
    size[size == 0] = 1.0
    share = np.asarray((member @ present).todense()) / size[:, None]
    frac = (share >= min_share).mean(axis=0)
    hit = np.flatnonzero((frac >= min_topic_share) & ((share >= min_share).sum(axis=0) >= min_topics))
    return {str(terms[j]): float(frac[j]) for j in hit}
