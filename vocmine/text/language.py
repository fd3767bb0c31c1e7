"""Language id per ticket: ``'pt'``, ``'en'`` or ``'other'``.

py3langid restricted to pt, en, es, fr, it, de (es/fr/it/de map to ``'other'``; keeping them in the
set stops Spanish being forced into Portuguese), on lower-cased text (the model is case-sensitive
and all-caps tickets are common), around it a few rules for a PT/EN help desk, in order:

1. fewer than :data:`MIN_LETTERS` letters ("ok", "refund", "Urgente"): a vote over PT/EN function
   words, else py3langid's pt-vs-en odds when one is 1.5x the other, else **undecided**;
2. three or more words found only in Portuguese (não, você, meu, obrigado...) and none found only
   in English, or the reverse: decided without the model (most tickets; faster, and right on
   accent-less text);
3. up to 60 letters: any majority of those exclusive words decides ("Chat com Karen cadê meu
   reembolso");
4. English loanwords of Brazilian support (WhatsApp, app, token, webhook, login, PIX...) are removed
   before the model reads the text; if that leaves a short text, rule 1 applies to it;
5. up to 60 letters, a model winner among es/fr/it/de with pt or en at half its probability or
   more gives the closer of pt/en ("alterar plano": it 0.38, pt 0.30 -> pt);
6. in an export of mostly one language (:data:`PRIOR_MIN_SHARE` of its longer texts), rule 1's odds
   are weighted by the export's own pt/en shares (:func:`with_corpus_prior`, which
   ``clean_frame`` applies): one-word Portuguese reviews ("ruim", "show") are no longer English.

Undecided texts take the **fallback**: the export's own language for that ticket when it has one
('pt-BR' -> 'pt', 'en' -> 'en', anything else -> 'other'), else ``default`` ('other').
On the sample export (7,079 tickets) agreement with the generator's truth is 99.7%.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from vocmine.text.normalize import accents
from vocmine.text.replace import PLACEHOLDER_RE

__all__ = ["corpus_prior", "detect_language", "detect_languages", "fallback_language", "LANGUAGES", "MIN_LETTERS",
           "short_decisions", "with_corpus_prior"]

LANGUAGES = ("pt", "en", "other")
CANDIDATES = ("pt", "en", "es", "fr", "it", "de")
MIN_LETTERS = 12
#: the corpus prior of short texts (:func:`with_corpus_prior`) needs at least this many longer texts decided
PRIOR_MIN_TEXTS = 30
#: ... and one language in at least this share of them: an export of one language with a few of the
#: other. In a mixed help desk (the sample: 60% PT) a prior only tips the texts the model cannot tell
#: ("Problem": other -> pt), which is no better than the fallback
PRIOR_MIN_SHARE = 0.9
LANGID_MAX_CHARS = 400

_PT_WORDS = frozenset(accents(w) for w in """
não nao meu minha meus minhas você voce vocês de do da dos das para pra com sem que é está estou foi
não um uma uns umas no na nos nas ao pelo pela mas também muito quando onde porque como obrigado obrigada
olá oi bom boa dia por favor ainda já conta cartão pedido boleto aplicativo consigo
""".split())
_EN_WORDS = frozenset("""
the a an my i you your is are was were to of in on for with without not don't can't cannot it this that
please thanks thank hello hi have has do does did my account card order app can't won't when where why how
""".split())
# words that occur in one of pt/en and not in es/fr/it/de: three of them and none of the other side
# decide without the n-gram model (most tickets), which is both faster and right on all-caps text
_PT_ONLY = frozenset("""
não nao você voce vocês voces meu minha meus minhas estou obrigado obrigada também tambem muito uma um ao
com isso estava consigo preciso quero aplicativo cartão cartao até pra já está estão estao tenho fiz seu
nosso nossa então entao agora hoje ontem depois ainda nenhum nenhuma mesmo foi tem vai vou fica ficou só
cobrança cobranca boleto senha pagamento paguei recebi veio chegou ajuda
""".split())
_EN_ONLY = frozenset("""
the my you your is are was were to of and it this that with have has please thanks i i'm can't don't cannot
would could should been from get got when what which we our they their there it's doesn't didn't won't isn't
but not can still again since after before just already yet need want will any some all out up how why
account order invoice payment paid charged refund help issue working doesn't
""".split())
_SURE = 3
_SHORT_MARGIN = 1.5
_MODEL_CHARS = 150  # what the n-gram model reads (the vote reads LANGID_MAX_CHARS)
_NON_LETTERS = re.compile(r"[\W\d_]+")
_LOANWORDS = re.compile(
    r"\b(?:whatsapp|zap|app|apps|api|token|webhooks?|pix|login|e-?mail|chat|online|site|link|backup|bug|upgrade"
    r"|downgrade|feedback|ok|wi-?fi|qr|code|csv|excel|pdf|android|iphone|ios|google|zapier|2fa|dashboard"
    r"|marketplace|checkout|software|hardware)\b"
)
_SHORT_LETTERS = 60
_TOKEN = re.compile(r"[^\W\d_]+(?:'[a-z]+)?")
@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier  # lazy: loads a 4.6 MB model

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(list(CANDIDATES))
    return ident


def _vote(text: str) -> str | None:
    toks = _TOKEN.findall(accents(text.lower()))
    pt = sum(t in _PT_WORDS for t in toks)
    en = sum(t in _EN_WORDS for t in toks)
    if pt > en:
        return "pt"
    if en > pt:
        return "en"
    return None


def fallback_language(fallback: object, default: str = "other") -> str:
    """Map an export's language value ('pt-BR', 'EN', 'es', None) to 'pt', 'en', 'other' or ``default``."""
    return _norm_fallback(fallback, default)


def _norm_fallback(fallback: object, default: str) -> str:
    if isinstance(fallback, str):
        f = fallback.strip().lower()[:2]
        if f in ("pt", "en"):
            return f
        if fallback.strip():
            return "other"
    return default


def detect_language(text: str, *, fallback: object = None, default: str = "other") -> str:
    """'pt', 'en' or 'other' for one (cleaned) text; see the module docstring for short texts.

    ``fallback`` is the export's language for this ticket (e.g. 'pt-BR', 'en', None)."""
    return _detect(text) or _norm_fallback(fallback, default)


def _detect_short(text: str, prior: dict[str, float] | None = None) -> str | None:
    letters = len(_NON_LETTERS.sub("", text))
    vote = _vote(text)
    if vote or letters < 3:
        return vote
    probs = dict(_identifier().rank(text))
    pt, en = probs.get("pt", 0.0), probs.get("en", 0.0)
    if prior is not None:  # the odds weighted by the corpus's own shares (see with_corpus_prior)
        pt, en = pt * prior["pt"], en * prior["en"]
    if pt >= _SHORT_MARGIN * en:
        return "pt"
    if en >= _SHORT_MARGIN * pt:
        return "en"
    return None


def _read(text: str) -> tuple[str, int]:
    """What the rules read of ``text``: its opening, placeholders out, lower-cased, and its letter count."""
    text = text[:LANGID_MAX_CHARS]  # the opening is enough, and keeps long tickets cheap
    if "[" in text:
        text = PLACEHOLDER_RE.sub(" ", text)
    text = text.lower()  # the n-gram model is case-sensitive; all-caps tickets are common
    return text, len(_NON_LETTERS.sub("", text))


def _detect(text: str) -> str | None:
    """'pt', 'en', 'other', or None when the text is too short to tell."""
    if not text:
        return None
    text, letters = _read(text)
    if letters < MIN_LETTERS:
        return _detect_short(text)
    toks = _TOKEN.findall(text)
    pt = sum(map(_PT_ONLY.__contains__, toks))
    en = sum(map(_EN_ONLY.__contains__, toks))
    if pt >= _SURE and not en:
        return "pt"
    if en >= _SURE and not pt:
        return "en"
    if letters <= _SHORT_LETTERS and pt != en:
        return "pt" if pt > en else "en"
    # English loanwords of Brazilian support ("WhatsApp", "app", "token") pull short PT texts to EN
    stripped = _LOANWORDS.sub(" ", text)
    if stripped != text and len(_NON_LETTERS.sub("", stripped)) < MIN_LETTERS:
        return _detect_short(stripped) or _detect_short(text)
    text = stripped
    ranked = _identifier().rank(text[:_MODEL_CHARS])
    lang, best = ranked[0]
    if lang in ("pt", "en"):
        return lang
    if letters <= _SHORT_LETTERS:
        # a short text the model gives to es/it/fr/de but nearly as much to pt or en: this is a
        # pt/en help desk, so the closer of the two wins (e.g. "alterar plano" -> it 0.38, pt 0.30)
        probs = dict(ranked)
        pt, en = probs.get("pt", 0.0), probs.get("en", 0.0)
        if max(pt, en) >= 0.5 * best:
            return "pt" if pt >= en else "en"
        if _vote(text) == "pt":
            return "pt"
    return "other"


def _short_form(text: str) -> str | None:
    """What rule 1 reads of ``text`` when it is short (fewer than :data:`MIN_LETTERS` letters once
    placeholders are out), else None."""
    if not text:
        return None
    read, letters = _read(text)
    return read if letters < MIN_LETTERS else None


def corpus_prior(texts: Sequence[str], detected: Sequence[str | None]) -> dict[str, float] | None:
    """The pt and en shares among the texts long enough to be decided on their own (add-one
    smoothed); None with fewer than :data:`PRIOR_MIN_TEXTS` of them or when neither language holds
    :data:`PRIOR_MIN_SHARE` of them."""
    decided = [d for t, d in zip(texts, detected, strict=True) if d in ("pt", "en") and _short_form(t) is None]
    if len(decided) < PRIOR_MIN_TEXTS:
        return None
    n_pt = sum(d == "pt" for d in decided)
    prior = {"pt": (n_pt + 1) / (len(decided) + 2), "en": (len(decided) - n_pt + 1) / (len(decided) + 2)}
    return prior if max(prior.values()) >= PRIOR_MIN_SHARE else None


def with_corpus_prior(texts: Sequence[str], detected: Sequence[str | None]) -> list[str | None]:
    """``detected`` (:func:`_detect` of each of ``texts``, one corpus) with rule 1 applied again to
    the short texts, the model's pt-vs-en odds weighted by the corpus's own shares
    (:func:`corpus_prior`). A one-word review ("ruim", "show", "ok ok") of a Brazilian store is
    Portuguese far more often than the n-gram odds alone say (they gave "ruim" to English, and 12
    such reviews an English label in a real export). Only in an export of mostly one language
    (:data:`PRIOR_MIN_SHARE`); the function-word vote still decides first."""
    prior = corpus_prior(texts, detected)
    out = list(detected)
    if prior is not None:
        for i, decided in short_decisions(texts, prior).items():
            out[i] = decided
    return out


def short_decisions(texts: Sequence[str], prior: dict[str, float]) -> dict[int, str | None]:
    """Position → rule 1's decision with ``prior`` (:func:`corpus_prior`), for the short ``texts``."""
    out: dict[int, str | None] = {}
    for i, text in enumerate(texts):
        short = _short_form(text)
        if short is not None:
            out[i] = _detect_short(short, prior)
    return out


def detect_languages(texts: Iterable[str], *, fallbacks: Sequence[object] | None = None,
                     default: str = "other") -> list[str]:
    """:func:`detect_language` over many texts (``fallbacks`` aligned with ``texts``)."""
    texts = list(texts)
    fb = list(fallbacks) if fallbacks is not None else [None] * len(texts)
    return [detect_language(t, fallback=f, default=default) for t, f in zip(texts, fb, strict=True)]
