"""Short texts decided with the export's own pt/en shares (language.with_corpus_prior)."""

from __future__ import annotations

import pandas as pd

from vocmine.text import clean_frame
from vocmine.text.language import PRIOR_MIN_TEXTS, _detect, corpus_prior, with_corpus_prior

PT_LONG = ["o produto chegou quebrado e ninguém me responde", "não recebi o pedido até agora, quero meu dinheiro",
           "a entrega atrasou duas semanas e o rastreio não atualiza", "comprei um fone e veio outro modelo"]
EN_LONG = ["the parcel arrived broken and nobody answers me", "I did not get my order yet, I want my money back",
           "delivery is two weeks late and tracking never updates", "I bought headphones and got another model"]
SHORT = ["ruim", "show", "Ruim\n\nRuim"]


def _corpus(long_texts: list[str], n: int) -> list[str]:
    return [f"{long_texts[i % len(long_texts)]} ({i})" for i in range(n)]


def test_the_odds_alone_give_short_portuguese_reviews_to_english():
    # what the prior corrects: without it, the n-gram odds call these English
    assert [_detect(t) for t in SHORT] == ["en", "en", "en"]


def test_in_a_portuguese_export_short_reviews_are_portuguese():
    texts = _corpus(PT_LONG, 200) + SHORT
    detected = [_detect(t) for t in texts]
    assert corpus_prior(texts, detected)["pt"] > 0.99
    out = with_corpus_prior(texts, detected)
    assert out[-3:] == ["pt", "pt", "pt"]
    assert out[:-3] == detected[:-3]  # long texts keep their own decision


def test_an_english_export_keeps_them_english_and_a_mixed_one_is_unchanged():
    en = _corpus(EN_LONG, 200) + SHORT
    assert with_corpus_prior(en, [_detect(t) for t in en])[-3:] == ["en", "en", "en"]
    # a mixed help desk (here 80% PT) has no prior: its short texts are decided as without one
    mixed = _corpus(PT_LONG, 160) + _corpus(EN_LONG, 40) + SHORT
    detected = [_detect(t) for t in mixed]
    assert corpus_prior(mixed, detected) is None
    assert with_corpus_prior(mixed, detected) == detected
    assert detected[-3:] == ["en", "en", "en"]


def test_function_words_still_decide_and_a_small_export_has_no_prior():
    texts = _corpus(PT_LONG, 200) + ["thanks", "please"]
    assert with_corpus_prior(texts, [_detect(t) for t in texts])[-2:] == ["en", "en"]
    few = _corpus(PT_LONG, PRIOR_MIN_TEXTS - 1) + SHORT
    assert corpus_prior(few, [_detect(t) for t in few]) is None
    assert with_corpus_prior(few, [_detect(t) for t in few])[-3:] == ["en", "en", "en"]


def test_clean_frame_applies_the_prior():
    texts = _corpus(PT_LONG, 100) + SHORT
    frame = pd.DataFrame({"ticket_id": [f"T{i}" for i in range(len(texts))], "text": texts})
    out = clean_frame(frame)
    assert out["language"].tolist()[-3:] == ["pt", "pt", "pt"]


def test_pieces_cleaned_apart_settle_to_the_whole_frames_languages_and_lemmas():
    from vocmine.text.frame import settle_short_languages

    texts = _corpus(PT_LONG, 100) + SHORT + ["ótimo produto"] * 2
    frame = pd.DataFrame({"ticket_id": [f"T{i}" for i in range(len(texts))], "text": texts})
    whole = clean_frame(frame)
    # the second piece alone holds too few long texts for a prior: its short reviews read as English
    pieces = [clean_frame(frame.iloc[:90]), clean_frame(frame.iloc[90:])]
    apart = pd.concat(pieces)
    assert (apart["language"] != whole["language"]).any()
    settled = settle_short_languages(apart)
    pd.testing.assert_series_equal(settled["language"], whole["language"])
    pd.testing.assert_series_equal(settled["text_lemmas"], whole["text_lemmas"])
