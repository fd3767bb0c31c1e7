"""Quoted examples without channel headers or help-desk templates (issue 15)."""

from __future__ import annotations

import pandas as pd

from vocmine.analysis.quotes import (cross_topic_segments, drop_channel_header, quote_column, readable_quote,
                                    readable_quotes)

TEMPLATE = "Seu chamado foi registrado. Nossa equipe responderá em breve."


def test_channel_headers_are_dropped_and_subjects_about_a_channel_kept():
    assert drop_channel_header("Chat - Caio\n\nO boleto não gera.") == "O boleto não gera."
    assert drop_channel_header("Conversa com Ana\nO app trava.") == "O app trava."
    assert drop_channel_header("WhatsApp: [PHONE]\n\nNão consigo entrar.") == "Não consigo entrar."
    assert drop_channel_header("Call from [PHONE]\n\nThe export fails.") == "The export fails."
    assert drop_channel_header("Chat iniciado pelo site\n\nQuero cancelar.") == "Quero cancelar."
    # a subject about the channel is content; a header with nothing after it is kept (nothing else to quote)
    assert drop_channel_header("WhatsApp não conecta\n\nA integração caiu.") == "WhatsApp não conecta\n\nA integração caiu."
    assert drop_channel_header("Chat - Caio") == "Chat - Caio"


def _corpus() -> tuple[list[str], list[int]]:
    texts, topics = [], []
    for topic, body in enumerate(["O boleto não gera.", "O app trava ao abrir.", "A nota fiscal saiu errada.",
                                  "O pedido não chegou.", "Não consigo fazer login."]):
        for i in range(8):
            texts.append(f"{body} {TEMPLATE} Pedido {topic}{i}." if i % 2 else f"{body} Caso {topic}{i}.")
            topics.append(topic)
    return texts, topics


def test_a_template_spread_over_topics_is_boilerplate_and_a_topics_own_sentence_is_not():
    texts, topics = _corpus()
    found = cross_topic_segments(texts, topics)
    assert "seu chamado foi registrado" in found and "nossa equipe responderá em breve" in found
    assert "o boleto não gera" not in found  # 8 tickets, all in one topic: content
    quote = readable_quote(texts[1], found)
    assert quote == "O boleto não gera. Pedido 01."
    assert readable_quote(TEMPLATE, found) == TEMPLATE  # nothing else to show: kept whole


def test_quotes_of_the_period_and_two_months_before_lose_the_template_and_text_display_stays():
    texts, topics = _corpus()
    texts = [t + "\nCPF: [CPF]" if i % 2 == 0 else t for i, t in enumerate(texts)]  # a form field in every topic
    periods = ["2026-08"] * 20 + ["2026-06"] * 10 + ["2026-05"] * 10
    frame = pd.DataFrame({"ticket_id": [str(i) for i in range(40)], "period": periods, "topic_id": topics,
                          "text_display": texts})
    out = readable_quotes(frame, "2026-08")
    window = frame["period"] >= "2026-06"
    assert quote_column(out) == "text_quote" and quote_column(frame) == "text_display"
    assert not out.loc[window, "text_quote"].str.contains("chamado foi registrado").any()
    assert out.loc[~window, "text_quote"].tolist() == frame.loc[~window, "text_display"].tolist()
    assert out["text_display"].tolist() == texts  # analyses read what was written
    assert out.loc[2, "text_quote"].endswith("CPF: [CPF]")  # a mask says what the customer gave: kept
