"""Tokens and lemmas with spaCy, offline.

A trained pipeline is used when the user installed one (``pt_core_news_sm`` / ``en_core_web_sm``,
detected with ``spacy.util.is_package``; parser and NER excluded). Otherwise the spaCy tokenizer of
``spacy.blank(lang)`` plus the lookup table that spaCy's ``lemmatizer`` in ``mode="lookup"`` would use
(spacy-lookups-data's ``<lang>_lemma_lookup``), read straight into a dict: same lemmas as
``add_pipe("lemmatizer", config={"mode": "lookup"})`` + ``initialize()``, but the Portuguese table
loads in about a third of the time (825k entries) and each distinct word is looked up once. The
lookup is case-sensitive, so text is lower-cased first. Texts in 'other' languages get the
multi-language tokenizer and no lemmatisation.

Placeholders such as ``[CPF]`` never become lemmas; numbers, punctuation, one-letter tokens and stop
words (:func:`vocmine.text.stopwords`, accent-insensitive) are dropped.
"""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Iterable
from functools import lru_cache

from vocmine.exceptions import MissingDependencyError
from vocmine.text.normalize import accents
from vocmine.text.replace import PLACEHOLDER_RE
from vocmine.text.stopwords import stopwords

__all__ = ["get_nlp", "lemma_table", "lemmatize", "lemma_tokens", "TRAINED_PIPELINES", "LEMMA_OVERRIDES"]

TRAINED_PIPELINES = {"pt": "pt_core_news_sm", "en": "en_core_web_sm"}

# The PT lookup table maps many support nouns to verbs (pedido->pedir, conta->contar, boleto->boletar,
# plano->planar, nota->noto, data->datar, bateria->bater, empresa->empresar, garantia->garantir).
# Topic words read better as nouns, so these forms keep their noun lemma.
_PT_NOUNS = """
boleto pedido conta plano nota frete cadastro reembolso estorno entrega compra troca erro atraso fatura acesso
cobrança parcela saque depósito transferência pagamento cartão senha tela login aplicativo produto assinatura
devolução cancelamento limite juro taxa multa desconto cupom prazo endereço problema mensagem venda
data bateria empresa garantia tarifa barra impressora ambiente cobertura capa carga loja marca peça
""".split()
LEMMA_OVERRIDES: dict[str, dict[str, str]] = {
    "pt": {**{w: w for w in _PT_NOUNS},
           **{(w[:-2] + "ões" if w.endswith("ão") else w + "s"): w for w in _PT_NOUNS},
           "juros": "juro", "taxas": "taxa"},
    "en": {"data": "data", "media": "media", "number": "number", "numbers": "number", "nota": "nota",
           "notas": "nota"},
}


# common first-person verbs that the -o rule below would otherwise keep as they are
_PT_FIRST_PERSON = frozenset("fico preciso quero tenho pago acho peço consigo faço posso vejo sei estou vou "
                             "gostaria falo mando envio recebo tento aguardo".split())


def _pt_noun_guard(word: str, lemma: str) -> str:
    """Undo the PT lookup table's noun->verb and feminine->masculine mappings where the form says noun.

    ``campo``->``campar``, ``resumo``->``resumir``, ``rodrigo``->``rodrigar`` keep the word (a word in
    -o whose lemma is an infinitive on the same stem is a noun far more often than a first-person
    verb in tickets); ``proposta``->``proposto``, ``conversa``->``converso`` keep the feminine noun.
    Third-person verbs in -a (``trava``->``travar``) keep the lookup lemma."""
    if lemma == word or word in _PT_FIRST_PERSON:
        return lemma
    base = word[:-1] if word.endswith("s") and len(word) > 3 else word
    if base.endswith("o") and lemma.endswith(("ar", "er", "ir")) and lemma[:-2] == base[:-1]:
        return base
    if base.endswith("a") and lemma == base[:-1] + "o":
        return base
    return lemma


def _spacy():
    try:
        import spacy
    except ImportError as exc:  # pragma: no cover - spacy is a core dependency
        raise MissingDependencyError("spaCy is required for lemmas: pip install 'spacy>=3.7,<4' spacy-lookups-data") from exc
    return spacy


@lru_cache(maxsize=4)
def get_nlp(lang: str):
    """``(nlp, trained)``: the installed trained pipeline for ``lang`` (``trained=True``), else a blank
    tokenizer-only pipeline (``spacy.blank(lang)``, or ``"xx"`` for languages other than pt/en)."""
    spacy = _spacy()
    if lang not in TRAINED_PIPELINES:
        return spacy.blank("xx"), False
    name = TRAINED_PIPELINES[lang]
    if spacy.util.is_package(name):
        return spacy.load(name, exclude=["parser", "ner", "senter", "textcat"]), True
    return spacy.blank(lang), False


@lru_cache(maxsize=4)
def lemma_table(lang: str) -> dict[str, str]:
    """spacy-lookups-data's ``<lang>_lemma_lookup`` as a dict (empty for languages without one)."""
    if lang not in TRAINED_PIPELINES:
        return {}
    try:
        import spacy_lookups_data
    except ImportError as exc:
        raise MissingDependencyError("lemma tables not installed: pip install spacy-lookups-data") from exc
    path = getattr(spacy_lookups_data, lang, {}).get("lemma_lookup")
    if path is None:
        return {}
    for candidate in (str(path), str(path) + ".gz"):
        if os.path.exists(candidate):
            opener = gzip.open if candidate.endswith(".gz") else open
            with opener(candidate, "rt", encoding="utf-8") as fh:
                return json.load(fh)
    raise MissingDependencyError(f"lemma table {path} is missing: pip install --force-reinstall spacy-lookups-data")


def _prep(text: str, lower: bool) -> str:
    if "[" in text:
        text = PLACEHOLDER_RE.sub(" ", text)
    return text.lower() if lower else text


def lemmatize(texts: Iterable[str], lang: str, *, batch_size: int = 2000) -> list[str]:
    """Space-joined lower-case lemmas without stop words, one string per text."""
    nlp, trained = get_nlp(lang)
    stops = stopwords(lang)
    overrides = LEMMA_OVERRIDES.get(lang, {})
    out: list[str] = []
    if trained:
        for doc in nlp.pipe((_prep(t, False) for t in texts), batch_size=batch_size):
            words = [_keep(tok.lower_, (overrides.get(tok.lower_) or tok.lemma_ or tok.lower_).lower(), stops)
                     for tok in doc]
            out.append(" ".join(w for w in words if w))
        return out
    table = lemma_table(lang)
    pt = lang == "pt"
    from spacy.attrs import ORTH

    strings = nlp.vocab.strings
    memo_orth: dict[int, str] = {}  # token hash -> kept lemma ('' = dropped); avoids building Token objects
    for doc in nlp.tokenizer.pipe((_prep(t, True) for t in texts), batch_size=batch_size):
        words = []
        for orth in doc.to_array(ORTH).tolist() if len(doc) else ():
            lemma = memo_orth.get(orth)
            if lemma is None:
                w = strings[orth]
                lemma = overrides.get(w) or table.get(w, w).lower()
                if pt:
                    lemma = _pt_noun_guard(w, lemma)
                lemma = memo_orth[orth] = _keep(w, lemma, stops)
            if lemma:
                words.append(lemma)
        out.append(" ".join(words))
    return out


def lemma_tokens(texts: Iterable[str], lang: str, *, batch_size: int = 2000):
    """Per text, its tokens as ``(surface, whitespace, lemma)`` in order: ``surface`` lower-cased,
    ``whitespace`` what follows the token, ``lemma`` what :func:`lemmatize` keeps for it ('' when
    it drops the token). Joining the kept lemmas gives :func:`lemmatize`'s string; joining
    ``surface + whitespace`` gives the (placeholder-free, lower-cased) text, so a lemma or a pair of
    adjacent lemmas can be shown as the words a customer wrote. A generator of lists."""
    nlp, trained = get_nlp(lang)
    stops = stopwords(lang)
    overrides = LEMMA_OVERRIDES.get(lang, {})
    if trained:
        for doc in nlp.pipe((_prep(t, False) for t in texts), batch_size=batch_size):
            yield [(tok.lower_, tok.whitespace_,
                    _keep(tok.lower_, (overrides.get(tok.lower_) or tok.lemma_ or tok.lower_).lower(), stops))
                   for tok in doc]
        return
    table = lemma_table(lang)
    pt = lang == "pt"
    from spacy.attrs import ORTH, SPACY

    strings = nlp.vocab.strings
    memo: dict[int, tuple[str, str]] = {}  # token hash -> (text, kept lemma)
    for doc in nlp.tokenizer.pipe((_prep(t, True) for t in texts), batch_size=batch_size):
        out = []
        if len(doc):
            for orth, space in doc.to_array([ORTH, SPACY]).tolist():
                got = memo.get(orth)
                if got is None:
                    w = strings[orth]
                    lemma = overrides.get(w) or table.get(w, w).lower()
                    if pt:
                        lemma = _pt_noun_guard(w, lemma)
                    got = memo[orth] = (w, _keep(w, lemma, stops))
                out.append((got[0], " " if space else "", got[1]))
        yield out


def _keep(word: str, lemma: str, stops: frozenset[str]) -> str:
    """The lemma to keep for ``word``, or '' when it is not a content word."""
    if len(word) < 2 or not word.isalpha() or word in stops:
        return ""
    if len(lemma) < 2 or not lemma.isalpha() or lemma in stops:
        return ""
    if not lemma.isascii() and accents(lemma) in stops:
        return ""
    return lemma
