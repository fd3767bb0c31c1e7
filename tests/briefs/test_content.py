"""Brief content on a synthetic history with planted effects (true reasons as topics)."""

from __future__ import annotations

import pandas as pd
import pytest

from synth import period_data
from vocmine.briefs import blocks, content


@pytest.fixture(scope="module")
def data():
    return period_data("2026-08")


@pytest.fixture(scope="module")
def product(data):
    return content.product_analysis(data, top_n=5, min_sample_size=20)


@pytest.fixture(scope="module")
def recurrence(data):
    return content.recurrence_analysis(data, top_n=5, repeat_window_days=7)


def test_product_analysis_puts_planted_effects_first(product):
    top = product["top"]
    assert len(top) == 5
    first_two = set(top[content.TOPIC_ID].head(2))
    assert first_two == {0, 2}  # planted CSAT deficit (0) and churn (2)
    row0 = top.set_index(content.TOPIC_ID).loc[0]
    assert row0["csat_flag"] and row0["csat_diff"] < 0 and row0["csat_diff_lo"] <= row0["csat_diff"] <= row0["csat_diff_hi"]
    assert top.set_index(content.TOPIC_ID).loc[2, "churn_flag"]
    assert top.set_index(content.TOPIC_ID).loc[0, "owner"] == "billing"
    assert list(product["emerging"][content.TOPIC_ID]) == [5]
    assert all(len(v) <= 3 for v in product["examples"].values())


def test_product_brief_language_and_wording(product):
    pt = blocks.render_markdown(content.product_brief(product, lang="pt"))
    en = blocks.render_markdown(content.product_brief(product, lang="en"))
    assert pt.startswith("# Brief de melhoria de produto — agosto de 2026")
    assert "associados a CSAT mais baixo" in pt and "Temas emergentes neste mês" in pt
    assert "associated with lower CSAT" in en and "Emerging topics this month" in en
    assert "pts [" in en.replace("\\[", "[") and "p.p. [" in pt.replace("\\[", "[")
    for text in (pt.lower(), en.lower()):
        assert "causa " not in text.replace("não demonstra que o tema causa a perda", "")
        assert "causes" not in text.replace("does not show that the topic causes them", "")


def test_recurrence_analysis_and_brief(recurrence):
    assert recurrence["by_topic"][content.TOPIC_ID].iloc[0] == 0  # planted repeats
    ov = recurrence["overall"]
    assert list(ov["period"]) == ["2026-05", "2026-06", "2026-07", "2026-08"]
    assert ((ov["repeat_rate_low"] <= ov["repeat_rate"]) & (ov["repeat_rate"] <= ov["repeat_rate_high"])).all()
    d = recurrence["deflection"]
    assert not d.empty and (d["tickets_low"] <= d["tickets_high"]).all() and (d["hours_low"] <= d["hours_high"]).all()
    md = blocks.render_markdown(content.recurrence_brief(recurrence, lang="en"))
    for heading in ("Repeat-contact rate", "Top repeat chains", "Near-duplicate groups", "Incident spikes",
                    "Chronic topics", "Topics to remove tickets from", "Month-over-month change", "Support KPIs month over month"):
        assert f"## {heading}" in md
    assert "an assumption, not a measurement" in md


def test_brief_tables_are_deterministic_and_text_safe(data):
    a = content.brief_tables(data, top_n=5)
    b = content.brief_tables(data, top_n=5)
    assert a.keys() == b.keys()
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name])
        assert "text" not in a[name].columns and "text_raw" not in a[name].columns


def test_exploration_blocks(data):
    ex = content.exploration(data, top_n=3)
    md = blocks.render_markdown(content.exploration_blocks(ex, lang="pt", top_n=3))
    assert "Qualidade dos dados" in md and "1.090" in md  # accepted rows, pt thousands separator
