"""A month below the minimum sample size: the brief says what is missing instead of ranking "–"."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "briefs"))

from synth import period_data  # noqa: E402
from vocmine.briefs import blocks, content  # noqa: E402


@pytest.fixture(scope="module")
def thin():
    return content.product_analysis(period_data("2026-08"), top_n=5, min_sample_size=100_000)


@pytest.mark.parametrize("lang, says", [
    ("en", "no topic reached the minimum sample of 100,000 observations"),
    ("pt", "nenhum tema chegou ao mínimo de 100.000 observações"),
])
def test_thin_month_brief_says_what_is_missing(thin, lang, says):
    assert thin["top"].empty
    md = blocks.render_markdown(content.product_brief(thin, lang=lang))
    assert says in md
    assert "\u201c–\u201d" not in md and "(0 tickets)" not in md


def test_normal_month_keeps_the_ranking_sentence():
    an = content.product_analysis(period_data("2026-08"), top_n=5, min_sample_size=20)
    md = blocks.render_markdown(content.product_brief(an, lang="en"))
    assert "The highest-impact topic was" in md


@pytest.mark.parametrize("lang, heading, says", [
    ("en", "## Top topics by impact", "No topic reached the minimum sample of 100,000 observations this month"),
    ("pt", "## Temas de maior impacto", "Nenhum tema chegou ao mínimo de 100.000 observações neste mês"),
])
def test_thin_month_ranking_section_is_not_left_empty(thin, lang, heading, says):
    md = blocks.render_markdown(content.product_brief(thin, lang=lang))
    section = md.split(heading, 1)[1].split("\n## ", 1)[0]
    assert says in section


def test_the_topic_count_is_of_the_month_not_the_catalogue():
    data = period_data("2026-08")
    cur = data.current
    gone = int(cur.loc[cur["topic_id"] != -1, "topic_id"].value_counts().index[-1])  # its smallest topic
    tickets = data.tickets[~((data.tickets["period"] == "2026-08") & (data.tickets["topic_id"] == gone))]
    data = dataclasses.replace(data, tickets=tickets.reset_index(drop=True))
    assert gone in set(data.catalogue["topic_id"].astype(int))
    an = content.product_analysis(data, top_n=5, min_sample_size=20)
    cur = data.current
    assert an["meta"]["n_topics"] == cur.loc[cur["topic_id"] != -1, "topic_id"].nunique()
    assert an["meta"]["n_topics"] < data.catalogue["topic_id"].astype(int).ge(0).sum()


@pytest.mark.parametrize("lang, heading, says", [
    ("en", "## Top topics by impact", "The month's largest topics (volume only, not ranked):"),
    ("pt", "## Temas de maior impacto", "Maiores temas do mês (volume, sem ranking):"),
])
def test_thin_month_still_shows_where_the_volume_went(thin, lang, heading, says):
    """The summary promises volumes below: the section lists the month's largest topics, by volume,
    with their trend (a 510-ticket month spread over 93 topics showed no topic at all)."""
    md = blocks.render_markdown(content.product_brief(thin, lang=lang))
    section = md.split(heading, 1)[1].split("\n## ", 1)[0]
    assert says in section
    topics = thin["topics"][thin["topics"]["topic_id"] != -1].sort_values("n_tickets", ascending=False)
    biggest = content.localised(thin, lang)["topics"].set_index("topic_id").loc[int(topics["topic_id"].iloc[0])]
    rows = [line for line in section.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert 0 < len(rows) <= 8 and rows[0].startswith(f"| {biggest['label']} | {biggest['n_tickets']:,}".replace(
        ",", "." if lang == "pt" else ","))
