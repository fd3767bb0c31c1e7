"""Column-level cleaning: :func:`clean_frame` turns a TicketFrame's ``text`` into the cleaned columns."""

from __future__ import annotations

import re
import time
from collections.abc import Mapping, MutableMapping

import pandas as pd

from vocmine._io import withhold_texts
from vocmine._parallel import map_chunks
from vocmine.schema import LANGUAGE, TEXT, TEXT_DISPLAY, TEXT_LEMMAS, TEXT_MODEL, TEXT_RAW, TICKET_ID, require_columns
from vocmine.text.cache import CleanCache
from vocmine.text.language import _detect, corpus_prior, fallback_language, short_decisions, with_corpus_prior
from vocmine.text.lemmas import get_nlp, lemma_table, lemmatize
from vocmine.text.pii.fields import protect_fields
from vocmine.text.pii import find_pii
from vocmine.text.pii.detect import compile_extra, redact_compiled
from vocmine.text.pipeline import MODEL_MAX_CHARS, display_pipeline, model_text

__all__ = ["clean_frame", "clean_texts"]



def _model(display: str, compiled, max_chars: int) -> str:
    """``model_text(display)``, redacted again until the guard finds nothing: dropping placeholders
    brings words next to numbers they were not next to ("celular [PHONE] No dia 14.04.2022")."""
    text = model_text(display, max_chars=max_chars)
    for _ in range(8):  # each round removes at least one value; a text still flagged after 8 is withheld
        if not text or not find_pii(text):
            break
        text = model_text(redact_compiled(text, compiled), max_chars=max_chars)
    return text


def _clean_chunk(texts: list[str], extra: Mapping | None, max_chars: int) -> list[tuple[str, str, str | None]]:
    """``(text_display, text_model, detected language)`` per text."""
    pipe = display_pipeline(extra_pii_patterns=extra)
    compiled = compile_extra(extra)
    out = []
    for t in texts:
        d = pipe(t)
        m = _model(d, compiled, max_chars)
        out.append((d, m, _detect(m)))
    return out


def _lemma_chunk(texts: list[str], lang: str, batch_size: int) -> list[str]:
    return lemmatize(texts, lang, batch_size=batch_size)


def _clean_detect(texts: list[str], *, extra_pii_patterns: Mapping | None, n_process: int,
                  max_model_chars: int) -> list[tuple[str, str, str | None]]:
    return map_chunks(_clean_chunk, texts, extra_pii_patterns, max_model_chars, n_process=n_process)


def clean_texts(texts: list[str], *, extra_pii_patterns: Mapping[str, str | re.Pattern] | None = None,
                n_process: int = -1, batch_size: int = 2000,
                max_model_chars: int = MODEL_MAX_CHARS) -> tuple[list[str], list[str]]:
    """``(text_display, text_model)`` lists for ``texts`` (no dedupe; see :func:`clean_frame`), in
    ``n_process`` processes for long lists (:func:`vocmine._parallel.map_chunks`). ``batch_size``
    is kept for callers; chunks are sized by the number of processes."""
    done = _clean_detect(texts, extra_pii_patterns=extra_pii_patterns, n_process=n_process,
                         max_model_chars=max_model_chars)
    return [d for d, _, _ in done], [m for _, m, _ in done]


def _as_text(value: object) -> str:
    if isinstance(value, str):
        return value
    if value is None or (not isinstance(value, (list, tuple, dict)) and pd.isna(value)):
        return ""
    return str(value)


def _fallbacks(raw: pd.DataFrame | None, n: int, default_language: str) -> list[str]:
    """Per row, the language an undecided text takes: the export's own (``language`` column of
    ``raw``, :func:`~vocmine.text.language.fallback_language`), else ``default_language``."""
    if raw is None or LANGUAGE not in raw.columns:
        return [default_language] * n
    return [fallback_language(v if isinstance(v, str) else None, default_language) for v in raw[LANGUAGE].tolist()]


def settle_short_languages(cleaned: pd.DataFrame, raw: pd.DataFrame | None = None, *,
                           default_language: str = "other", batch_size: int = 2000) -> pd.DataFrame:
    """``cleaned`` (frames :func:`clean_frame` made piece by piece, concatenated) with the short
    texts' languages decided again on the whole: :func:`clean_frame` weighs a short text's odds with
    its frame's pt/en shares (:func:`~vocmine.text.language.with_corpus_prior`), so pieces cleaned
    apart (a dask engine's partitions) can disagree with one frame cleaned at once. The lemmas of a
    text whose language changes are made again. ``raw``: the frame the pieces were cleaned from, row
    for row (its ``language`` column is the fallback of a text that stays undecided)."""
    if cleaned.empty or TEXT_MODEL not in cleaned.columns or LANGUAGE not in cleaned.columns:
        return cleaned
    model = cleaned[TEXT_MODEL].astype(str).tolist()
    current = cleaned[LANGUAGE].astype(str).tolist()
    first: dict[str, str] = {}  # distinct model text -> its first row's language
    for m, lang in zip(model, current, strict=True):
        first.setdefault(m, lang)
    uniq = list(first)
    # a long text's language is its own decision (the prior never changes it), so the prior is clean_frame's
    prior = corpus_prior(uniq, list(first.values()))
    if prior is None:
        return cleaned
    decided = {uniq[i]: d for i, d in short_decisions(uniq, prior).items()}
    fb = _fallbacks(raw, len(model), default_language)
    languages = [(decided[m] or fb[r]) if m in decided else current[r] for r, m in enumerate(model)]
    changed = [r for r in range(len(model)) if languages[r] != current[r]]
    if not changed:
        return cleaned
    out = cleaned.copy()
    if TEXT_LEMMAS in out.columns:
        lemmas = out[TEXT_LEMMAS].tolist()
        pairs = sorted({(languages[r], model[r]) for r in changed})
        made: dict[tuple[str, str], str] = {}
        for lang in sorted({lang for lang, _ in pairs}):
            texts = [m for lg, m in pairs if lg == lang]
            made.update(zip(((lang, m) for m in texts), lemmatize(texts, lang, batch_size=batch_size), strict=True))
        for r in changed:
            lemmas[r] = made[(languages[r], model[r])]
        out[TEXT_LEMMAS] = pd.Series(lemmas, index=out.index, dtype="str")
    out[LANGUAGE] = pd.Series(languages, index=out.index, dtype="str")
    out.attrs = dict(cleaned.attrs)
    return out


def clean_frame(frame: pd.DataFrame, *, text_col: str = TEXT, batch_size: int = 2000, n_process: int = -1,
                extra_pii_patterns: Mapping[str, str | re.Pattern] | None = None,
                default_language: str = "other", max_model_chars: int = MODEL_MAX_CHARS,
                timings: MutableMapping[str, float] | None = None,
                pii_key: str | bytes | None = None, cache: CleanCache | None = None) -> pd.DataFrame:
    """A copy of ``frame`` with the cleaned text columns (``vocmine.schema``):

    ``text_raw``      the original ``text_col`` (renamed; never write it anywhere)
    ``text_display``  redacted, noise removed, readable (what briefs quote)
    ``text_model``    redacted, placeholders dropped, one line, <= ``max_model_chars`` (embeddings)
    ``text_lemmas``   space-joined lower-case lemmas without stop words or placeholders (c-TF-IDF)
    ``language``      'pt', 'en' or 'other'; texts too short to tell fall back to the frame's own
                      ``language`` value for that row when present, else ``default_language``
    ``pii_withheld``  True for a ticket whose cleaned text still trips the PII guard (each text
                      checked on its own): its row is kept, ``text_display`` becomes ``[WITHHELD]``,
                      ``text_model``/``text_lemmas`` become empty, and it is logged by ticket id and
                      kind (never the value) on ``logging.getLogger("vocmine")``
    ``pii_withheld_kinds``  comma-separated PII kinds that made the guard withhold it ('' otherwise)

    Personal identifiers outside the text are protected here too, so every later stage gets safe
    frames (:func:`vocmine.text.pii.fields.protect_fields`): CPF/e-mail/phone ``customer_id`` values
    and agent names become keyed pseudonyms (``pii_key``, else ``$VOCMINE_PII_KEY``, else a random
    per-process key), ``product``/``group``/``tags``/``subject`` are redacted, personal-data columns
    (also inside ``extra``) hashed. The customers table needs the same ``customer_id`` rule:
    :func:`vocmine.text.pii.fields.protect_customers` (the history store applies it).
    ``frame.attrs["pii_withheld"]`` on the result is ``{ticket_id: [kinds]}``.

    The ``text_col`` column is removed. Identical raw texts are cleaned once. Cleaning with language
    detection, lemmatising (per language) and the PII guard's screen each run in ``n_process`` forked
    processes (default -1: one per core) when there are at least 2,000 texts per process
    (:func:`vocmine._parallel.map_chunks`; every step is per text, so the result does not depend on
    the number of processes); a dask worker passes 1. ``timings``, when a dict is given, receives
    seconds per stage (dedupe, clean, language, lemmas, assemble, protect).

    ``cache`` (:class:`vocmine.text.cache.CleanCache`): texts (and lemmas) cleaned by an earlier run
    are taken from it and only the others are cleaned; what is cleaned here and passes the PII guard
    is added to it. The result is the same with or without a cache.
    """
    require_columns(frame, [text_col], what="ticket frame")
    t = {"start": time.perf_counter()}

    def lap(name: str) -> None:
        now = time.perf_counter()
        if timings is not None:
            timings[name] = now - t["start"]
        t["start"] = now

    values = [_as_text(v) for v in frame[text_col].tolist()]
    index: dict[str, int] = {}
    codes = [index.setdefault(v, len(index)) for v in values]
    uniq = list(index)
    lap("dedupe")

    # extra PII patterns or another model-text length change the result: a cache serves only the default cleaning
    cache = cache if CleanCache.serves(extra_pii_patterns=extra_pii_patterns, max_model_chars=max_model_chars) else None
    cached = cache.get_texts(uniq) if cache is not None else [None] * len(uniq)
    todo = [i for i, c in enumerate(cached) if c is None]
    done = _clean_detect([uniq[i] for i in todo], extra_pii_patterns=extra_pii_patterns, n_process=n_process,
                         max_model_chars=max_model_chars)
    display_u = [c[0] if c is not None else "" for c in cached]
    model_u = [c[1] if c is not None else "" for c in cached]
    detected_u = [c[2] if c is not None else None for c in cached]
    for j, i in enumerate(todo):
        display_u[i], model_u[i], detected_u[i] = done[j]
    lap("clean")

    # short texts decided again with the export's own pt/en shares (the cache keeps the decisions without)
    decided_u = with_corpus_prior(model_u, detected_u)
    fallbacks = _fallbacks(frame, len(values), default_language)
    languages = [decided_u[c] or fb for c, fb in zip(codes, fallbacks, strict=True)]
    lap("language")

    # lemmas per (language, model text), each distinct pair once
    pair_index: dict[tuple[str, str], int] = {}
    pair_codes = [pair_index.setdefault((lang, model_u[c]), len(pair_index)) for c, lang in zip(codes, languages)]
    lemmas_p = [""] * len(pair_index)
    by_lang: dict[str, list[int]] = {}
    for (lang, _), i in pair_index.items():
        by_lang.setdefault(lang, []).append(i)
    pairs = list(pair_index)
    known = cache.get_lemmas(pairs) if cache is not None else [None] * len(pairs)
    made: list[int] = []
    for lang, ids in by_lang.items():
        need = [i for i in ids if pairs[i][1] and known[i] is None]
        if need:  # loaded here, so forked workers inherit the pipeline and the lemma table
            get_nlp(lang)
            lemma_table(lang)
        made_here = map_chunks(_lemma_chunk, [pairs[i][1] for i in need], lang, batch_size, n_process=n_process)
        for i, lem in zip(need, made_here, strict=True):
            lemmas_p[i] = lem
        for i in ids:
            if known[i] is not None:
                lemmas_p[i] = known[i]
        made += need
    lap("lemmas")

    out = frame.copy()
    if text_col != TEXT_RAW:
        if TEXT_RAW in out.columns:
            out = out.drop(columns=[TEXT_RAW])
        out = out.rename(columns={text_col: TEXT_RAW})
    out[TEXT_RAW] = pd.Series(values, index=out.index, dtype="str")
    out[TEXT_DISPLAY] = pd.Series([display_u[c] for c in codes], index=out.index, dtype="str")
    out[TEXT_MODEL] = pd.Series([model_u[c] for c in codes], index=out.index, dtype="str")
    out[TEXT_LEMMAS] = pd.Series([lemmas_p[p] for p in pair_codes], index=out.index, dtype="str")
    out[LANGUAGE] = pd.Series(languages, index=out.index, dtype="str")
    hit = [cached[c] is not None for c in codes] if cache is not None else None  # passed the guard when cached
    out = withhold_texts(out, [TEXT_DISPLAY, TEXT_MODEL], blank=[TEXT_MODEL, TEXT_LEMMAS], where="clean_frame",
                         passed=hit, n_process=n_process)
    withheld = out.attrs.get("pii_withheld", {})
    ids = out[TICKET_ID].astype(str) if TICKET_ID in out.columns else pd.Series(out.index.astype(str), index=out.index)
    out["pii_withheld"] = ids.isin(list(withheld)) if withheld else False
    out["pii_withheld_kinds"] = ids.map(lambda i: ",".join(withheld.get(i, ()))).astype("str")
    if cache is not None:  # only what passed the PII guard is kept for the next run
        held = {c for c, w in zip(codes, out["pii_withheld"].to_numpy(dtype=bool), strict=True) if w}
        cache.put_texts((uniq[i], display_u[i], model_u[i], detected_u[i]) for i in todo if i not in held)
        held_models = {model_u[i] for i in held}
        cache.put_lemmas((pairs[i][0], pairs[i][1], lemmas_p[i]) for i in made if pairs[i][1] not in held_models)
    lap("assemble")
    out = protect_fields(out, key=pii_key)
    lap("protect")
    return out
