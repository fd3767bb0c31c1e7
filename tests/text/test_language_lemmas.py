"""Language id, lemmas and stop words."""

from __future__ import annotations

import pytest

from vocmine.text import SUPPORT_STOPWORDS, detect_language, detect_languages, lemmatize, stopwords
from vocmine.text.language import fallback_language

LANG = [
    ("Não consigo acessar minha conta desde ontem, o aplicativo trava.", "pt"),
    ("meu boleto não chegou", "pt"),
    ("cobranca duplicada no cartao, quero estorno", "pt"),  # no accents
    ("O APP NÃO ABRE DE JEITO NENHUM", "pt"),
    ("The app crashes every time I open the invoices screen.", "en"),
    ("i cant login, pls help", "en"),
    ("Refund please, I was charged twice", "en"),
    ("Hola, no puedo entrar a mi cuenta desde ayer, la aplicación se cierra sola.", "other"),
    ("Bonjour, je n'arrive pas à me connecter à mon compte depuis hier soir.", "other"),
    ("Meu CPF [CPF] e e-mail [EMAIL] estão certos", "pt"),
]


@pytest.mark.parametrize(("text", "lang"), LANG)
def test_detect_language(text, lang):
    assert detect_language(text) == lang


def test_short_texts_fall_back():
    assert detect_language("ok") == "other"
    assert detect_language("ok", fallback="pt-BR") == "pt"
    assert detect_language("", fallback="EN") == "en"
    assert detect_language("👍", fallback="es", default="pt") == "other"
    assert detect_language("", default="pt") == "pt"
    assert detect_language("obrigado!") == "pt"  # short but a clear PT word
    assert detect_language("thanks") == "en"
    assert fallback_language(None) == "other" and fallback_language("  ") == "other"
    assert detect_languages(["meu boleto não chegou", "ok"], fallbacks=[None, "en"]) == ["pt", "en"]


LEMMAS_PT = [
    ("Meu boleto não chegou e as cobranças vieram duplicadas", "boleto chegar cobrança duplicar"),
    ("Os pedidos atrasaram, quero cancelar a assinatura", "pedido atrasar cancelar assinatura"),
    ("MEU CARTÃO FOI RECUSADO", "cartão recusar"),
    ("CPF [CPF] e tel [PHONE] 2024", "cpf tel"),
    ("Obrigado, atenciosamente", ""),
    # lookup-table noun->verb mappings undone for nouns, kept for verbs
    ("o campo do resumo e a proposta", "campo resumo proposta"),
    ("o app trava e não funciona", "app travar funcionar"),
    ("fico no aguardo, conversa via WhatsApp", "ficar"),
    # nouns the lookup table turns into verbs (datar, bater, empresar, garantir, tarifar)
    ("a data da fatura, a bateria, a empresa, a garantia e a tarifa", "data fatura bateria empresa garantia tarifa"),
]
LEMMAS_EN = [
    ("The app crashed when I opened the invoices", "app crash open invoice"),
    ("Refunds were not processed, please help", "refund process"),
    ("[EMAIL] thanks", ""),
    ("export my data", "export data"),
    ("order number won't load", "order number load"),
]


@pytest.mark.parametrize(("lang", "table"), [("pt", LEMMAS_PT), ("en", LEMMAS_EN)])
def test_lemmatize(lang, table):
    got = lemmatize([t for t, _ in table], lang)
    assert got == [e for _, e in table]


@pytest.mark.parametrize(("lang", "table"), [("pt", LEMMAS_PT), ("en", LEMMAS_EN), ("other", [("Hola, no puedo", "")])])
def test_lemma_tokens_line_up_with_lemmatize(lang, table):
    from vocmine.text.lemmas import lemma_tokens

    texts = [t for t, _ in table]
    for text, toks, lemmas in zip(texts, lemma_tokens(texts, lang), lemmatize(texts, lang), strict=True):
        assert " ".join(lem for _, _, lem in toks if lem) == lemmas
        # surface + whitespace rebuilds the lower-cased text (placeholders become spaces)
        rebuilt = "".join(s + w for s, w, _ in toks)
        assert rebuilt == text.lower() if "[" not in text else "[" not in rebuilt


def test_lemmatize_other_language_tokens_only():
    assert lemmatize(["Hola, no puedo entrar"], "other") == ["hola puedo entrar"]
    assert lemmatize([], "pt") == []


def test_stopwords():
    pt, en = stopwords("pt"), stopwords("en")
    assert {"obrigado", "atenciosamente", "cliente", "protocolo", "você", "voce", "não", "nao"} <= pt
    assert {"please", "thanks", "hello", "regards", "the"} <= en
    assert SUPPORT_STOPWORDS <= pt and SUPPORT_STOPWORDS <= en
    assert "boleto" not in pt and "refund" not in en and "cpf" not in pt
    assert stopwords("other") >= (pt | en) - SUPPORT_STOPWORDS
