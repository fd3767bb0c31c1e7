"""An export without handle times: agent hours are unknown, not zero, and the briefs say nothing of them;
a month without repeat contacts names no topic as having the most."""

from __future__ import annotations

import dataclasses

import pytest

from synth import period_data
from vocmine.briefs import blocks, content

HOURS = {"en": ("agent hours", "Agent hours"), "pt": ("horas de agente", "Horas de agente")}


@pytest.fixture(scope="module")
def untimed():
    data = period_data("2026-08")
    return dataclasses.replace(data, tickets=data.tickets.drop(columns=["handle_minutes"]))


@pytest.mark.parametrize("lang", ["en", "pt"])
def test_no_agent_hours_without_handle_times(untimed, lang):
    product = content.product_analysis(untimed, top_n=5, min_sample_size=20)
    recurrence = content.recurrence_analysis(untimed, top_n=5, repeat_window_days=7)
    assert not product["meta"]["has_handle_time"] and not recurrence["meta"]["has_handle_time"]
    assert len(product["decisions"]) and len(recurrence["deflection"])  # the sentences that spoke of hours are there
    md = (blocks.render_markdown(content.product_brief(product, lang=lang))
          + blocks.render_markdown(content.recurrence_brief(recurrence, lang=lang)))
    for word in HOURS[lang]:
        assert word not in md
    assert ("At stake: " if lang == "en" else "Em jogo: ") in md


@pytest.mark.parametrize("lang", ["en", "pt"])
def test_agent_hours_stay_when_the_export_has_them(lang):
    data = period_data("2026-08")
    product = content.product_analysis(data, top_n=5, min_sample_size=20)
    recurrence = content.recurrence_analysis(data, top_n=5, repeat_window_days=7)
    md = (blocks.render_markdown(content.product_brief(product, lang=lang))
          + blocks.render_markdown(content.recurrence_brief(recurrence, lang=lang)))
    assert HOURS[lang][0] in md and HOURS[lang][1] in md


def test_a_month_without_repeat_contacts_names_no_topic_with_the_most():
    data = period_data("2026-08")
    t = data.tickets.copy()
    # every ticket its own customer: no one comes back, so no repeat contact anywhere
    t["customer_id"] = [f"solo-{i}" for i in range(len(t))]
    an = content.recurrence_analysis(dataclasses.replace(data, tickets=t), top_n=5, repeat_window_days=7)
    assert an["mom"]["repeat_tickets"] == 0
    md = blocks.render_markdown(content.recurrence_brief(an, lang="en"))
    assert "In August 2026, 0 tickets were repeat contacts" in md
    assert "The topics with the most repeat contacts are" not in md


def test_topic_kpis_list_only_what_the_export_has(untimed):
    """A topic's KPI line names the KPIs the export has: without handle times there is no "Handle time
    (min) –" for every topic; a KPI some topic of the month has stays, as "–" where one lacks it."""
    product = content.product_analysis(untimed, top_n=5, min_sample_size=20)
    en = blocks.render_markdown(content.product_brief(product, lang="en"))
    kpi_lines = [line for line in en.splitlines() if line.startswith("- KPIs: ")]
    assert len(kpi_lines) == len(product["top"]) > 0
    assert not any("Handle time" in line for line in kpi_lines)
    assert all("Wait time (min)" in line for line in kpi_lines)  # the synthetic export has wait times
    timed = content.product_analysis(period_data("2026-08"), top_n=5, min_sample_size=20)
    assert all("Handle time (min)" in line for line in blocks.render_markdown(
        content.product_brief(timed, lang="en")).splitlines() if line.startswith("- KPIs: "))


@pytest.mark.parametrize("lang, csat, churn", [
    ("en", "CSAT: no ticket rated in the 3 months since", "Churn: not measured (no customer table"),
    ("pt", "CSAT: nenhum ticket avaliado nos 3 meses desde", "Churn: não medido (sem tabela de clientes"),
])
def test_methods_say_what_the_export_lacks(lang, csat, churn):
    """Without ratings or customers the Methods note says so, not "0 rated tickets (overall mean –)"."""
    data = period_data("2026-08")
    bare = dataclasses.replace(data, tickets=data.tickets.assign(csat=float("nan")), customers=None)
    md = blocks.render_markdown(content.product_brief(content.product_analysis(bare, top_n=5, min_sample_size=20),
                                                      lang=lang))
    methods = md.rsplit("\n## ", 1)[1]
    assert csat in methods and churn in methods
    assert "overall mean –" not in methods and "média geral –" not in methods
    full = blocks.render_markdown(content.product_brief(content.product_analysis(data, top_n=5, min_sample_size=20),
                                                        lang=lang)).rsplit("\n## ", 1)[1]
    assert csat not in full and churn not in full
