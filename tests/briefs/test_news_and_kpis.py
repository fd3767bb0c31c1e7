"""The news first, decisions, plain-word findings, agreement of chart and text, missing data said,
the support lead's KPI page and each brief's language (synthetic frames, tests/briefs/synth.py)."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from synth import period_data

from vocmine.analysis.decisions import decisions, priority
from vocmine.analysis.kpi import kpi_monthly
from vocmine.analysis.recurrence import period_spikes
from vocmine.briefs import blocks, content, plots, words


def _data_with_news():
    """The synthetic month with the count test's claims: topic 5 new (rate ratio 12, q 0.0004)."""
    data = period_data()
    data.changes = pd.DataFrame({"topic_id": list(range(6)), "status": ["stable"] * 5 + ["new"],
                                 "rate_ratio": [1.0, 1.1, 0.9, 1.0, 1.0, 12.0],
                                 "q_value": [0.9, 0.8, 0.9, 0.9, 0.9, 0.0004]})
    return data


@pytest.fixture(scope="module")
def news():
    return content.product_analysis(_data_with_news())


@pytest.fixture(scope="module")
def rec():
    return content.recurrence_analysis(_data_with_news())


def test_priority_puts_a_new_topic_with_a_problem_above_stable_ones():
    topics = pd.DataFrame({"topic_id": [1, 2, 3], "label": ["big stable", "new broken", "small"],
                           "score": [1.4, 0.6, 0.3], "status": ["stable", "new", "stable"],
                           "spike_tickets": [0, 40, 0], "sla_breach_rate": [0.05, 0.30, 0.05],
                           "csat_flag": [False, True, False], "churn_flag": [False, False, False],
                           "n_tickets": [300, 120, 40], "owner": ["a", "b", "c"], "handle_hours_total": [50, 30, 5]})
    p = priority(topics, month_sla_breach=0.08)
    assert p["priority"].tolist() == pytest.approx([1.4, 0.6 + 1 + 1 + 0.5, 0.3])
    assert p.loc[1, "news"] and p.loc[1, "spike"] and p.loc[1, "sla_problem"] and not p.loc[0, "sla_problem"]
    d = decisions(p)
    assert d["topic_id"].tolist() == [2]  # the others have nothing to act on
    assert d.loc[0, "reason"] == "spike" and d.loc[0, "reasons"] == "spike;new;csat;sla"
    assert d.loc[0, "action"] == "incident" and d.loc[0, "n_tickets"] == 120 and d.loc[0, "handle_hours"] == 30


def test_churn_topics_share_one_decision_and_the_box_keeps_three_items():
    topics = pd.DataFrame({"topic_id": [1, 2, 3, 4, 5], "label": list("abcde"),
                           "score": [3.0, 2.0, 1.9, 1.5, 1.0], "status": ["new", "growing", "stable", "stable", "stable"],
                           "csat_flag": [False, False, False, False, True],
                           "churn_flag": [False, False, True, True, False],
                           "n_tickets": [100, 90, 80, 70, 60], "owner": list("vwxyz"),
                           "handle_hours_total": [10.0, 9, 8, 7, 6]})
    d = decisions(priority(topics))
    assert d["item"].tolist() == [1, 2, 3, 3]
    assert d.groupby("item")["action"].first().tolist() == ["incident", "investigate", "retention"]
    assert set(d.loc[d["action"] == "retention", "topic_id"]) == {3, 4}  # both churn topics named
    assert 5 not in set(d["topic_id"])  # a fourth item would exceed the box
    sentences = words.decision_sentences({"decisions": d, "topics": priority(topics)}, "en")
    assert len(sentences) == 3 and "\u201cc\u201d" in sentences[2] and "\u201cd\u201d" in sentences[2]
    assert "At stake: 150 tickets and 15 agent hours" in sentences[2]


def test_product_topics_follow_priority_and_the_summary_leads_with_the_news(news):
    top = news["top"]
    # actionable topics first, each group by priority
    assert top["actionable"].is_monotonic_decreasing
    for _, grp in top.groupby("actionable"):
        assert grp["priority"].is_monotonic_decreasing
    act = top["flagged"] | top["news"] | top["spike"]
    assert (act == top["actionable"]).all()
    row = news["topics"].set_index("topic_id").loc[5]
    assert row["news"] and row["rate_ratio"] == 12.0 and row["change_q"] == 0.0004
    assert (news["decisions"]["topic_id"] == 5).any() and len(news["decisions"]) <= 3
    for lang, share in (("en", f"{row['share'] * 100:.1f}%"), ("pt", f"{row['share'] * 100:.1f}%".replace(".", ","))):
        md = blocks.render_markdown(content.product_brief(news, lang=lang))
        summary = md.split("## ", 2)[1]
        news_line = summary.split("\n\n")[1]
        # the news (the count test's claim: tickets, share, rate ratio, q) comes first
        assert "pix fora do ar" in news_line and f"{int(row['n_tickets'])} tickets" in news_line
        assert share in news_line and ("12.0×" in news_line or "12,0×" in news_line)
        assert "0.0004" not in news_line and ("q < 0.001" in news_line or "q &lt; 0,001" in news_line
                                               or "q &lt; 0.001" in news_line or "q < 0,001" in news_line)
        assert summary.index("pix fora do ar") < summary.index("\n- ")  # before the decisions
        # one decision sentence per decision item, with the owner in the brief's language
        assert summary.count("\n- ") == news["decisions"]["item"].nunique() <= 3
    pt = blocks.render_markdown(content.product_brief(news, lang="pt"))
    assert "(pagamentos; novo" in pt and "(faturamento; CSAT" in pt
    assert "prioridade = volume relativo" in pt


def test_findings_in_plain_words_and_higher_csat_said(news):
    en = words.finding_sentences(news, "en")
    churn = news["top"][news["top"]["churn_flag"].astype(bool)].iloc[0]
    sentence = next(s for s in en if "churned" in s and churn["label"] in s)
    rr = f"{churn['churn_rr']:.1f}×"
    assert rr in sentence and "adjusted for each customer's ticket volume the association holds" in sentence
    assert f"{churn['churn_rate_exposed'] * 100:.1f}% vs {churn['churn_rate_unexposed'] * 100:.1f}%" in sentence
    higher = news["top"][(news["top"]["csat_diff"] > 0) & (news["top"]["csat_q"] < 0.05)]
    assert len(higher) > 0
    said = next(s for s in en if "HIGHER" in s)
    assert said.startswith(f"{len(higher)} of the {len(news['top'])} topics") and all(x in said for x in higher["label"])
    lower = news["top"][news["top"]["csat_flag"].astype(bool)].iloc[0]
    cost = next(s for s in en if "costs the overall CSAT" in s)
    assert f"{lower['csat_points_lost'] * 100:.1f} points" in cost


def test_churn_chart_marks_exactly_the_topics_the_text_flags(news):
    top = news["top"]
    fig = plots.ratio_bars(top, label="label", value="churn_adj_or", low="churn_adj_or_lo", high="churn_adj_or_hi",
                           flag="churn_flag", xlabel="x", lang="en")
    ax = fig.axes[0]
    red_points = [ln for ln in ax.lines if ln.get_marker() == "o" and ln.get_color() == plots._PALETTE_NEG]
    assert len(red_points) == int(top["churn_flag"].sum()) >= 1
    md = blocks.render_markdown(content.product_brief(news, lang="en"))
    assert f"{int(top['churn_flag'].sum())} topic(s) are associated with more churn" in md
    assert "odds ratio adjusted for ticket volume" in md


def test_csat_chart_reads_in_the_table_order(news):
    top = news["top"]
    fig = plots.interval_bars(top, label="label", value="csat_diff", low="csat_diff_lo", high="csat_diff_hi",
                              xlabel="x", lang="en", keep_order=True)
    shown = [tk.get_text().replace("\n", " ") for tk in fig.axes[0].get_yticklabels()]
    assert shown == list(top["label"])


def test_sla_resolution_hours_changes_the_breach_figures():
    data = _data_with_news()
    tight = content.product_analysis(data, sla_resolution_hours=12)["topics"]
    loose = content.product_analysis(data, sla_resolution_hours=200)["topics"]
    assert (tight["resolution_sla_breach_rate"] > loose["resolution_sla_breach_rate"]).all()
    k12 = kpi_monthly(data.tickets, "2026-08", sla_resolution_hours=12)
    k200 = kpi_monthly(data.tickets, "2026-08", sla_resolution_hours=200)
    assert (k12["resolution_sla_breach_rate"] > k200["resolution_sla_breach_rate"]).all()
    assert (k12["sla_resolution_hours"] == 12).all()


def test_kpi_page_six_months_and_volume_growth():
    df = period_data().tickets
    # stretch the history to 8 months so the window cuts it
    extra = df[df["period"] == "2026-05"].copy()
    older = [extra.assign(created_at=extra["created_at"] - pd.DateOffset(months=k), period=p)
             for k, p in ((1, "2026-04"), (2, "2026-03"))]
    hist = pd.concat([*older, df], ignore_index=True)
    k = kpi_monthly(hist, "2026-08", months=6)
    assert list(k["period"]) == ["2026-03", "2026-04", "2026-05", "2026-06", "2026-07", "2026-08"]
    n = hist.groupby("period").size()
    assert k.set_index("period")["n_tickets"].to_dict() == {p: int(n[p]) for p in k["period"]}
    assert k.loc[5, "volume_change_pct"] == pytest.approx(n["2026-08"] / n["2026-07"] - 1)
    from vocmine.briefs.kpi_page import kpi_blocks, volume_sentence

    s = volume_sentence(k, "en")
    growth = (n["2026-08"] - n["2026-03"]) / n["2026-03"] * 100
    assert f"{n['2026-03']:,} tickets in March 2026 to {n['2026-08']:,} in August 2026" in s
    assert f"({growth:+.0f}%)".replace("-", "−") in s
    md = blocks.render_markdown(kpi_blocks(k, {"has_customers": True}, "pt"))
    for row in ("SLA de 1ª resposta violado", "TME", "TMA", "Backlog", "Resolução no 1º contato", "Reabertura",
                "CSAT", "Volume"):
        assert row in md
    assert "mar/26" in md and "ago/26" in md


def test_brief_tables_publish_kpi_monthly_and_decisions(rec):
    tables = content.brief_tables(_data_with_news())
    assert list(tables["kpi_monthly"]["period"]) == list(rec["kpis"]["period"])
    assert set(tables["product_decisions"]["topic_id"]) <= set(tables["product_topics"]["topic_id"])
    assert "language" in tables["help_center_questions"].columns
    # the KPI table in the brief shows the CSV's volumes
    md = blocks.render_markdown(content.recurrence_brief(rec, lang="en"))
    kpi_section = md.split("## Support KPIs month over month")[1].split("\n## ")[0]
    volume_row = next(line for line in kpi_section.splitlines() if line.startswith("| Volume"))
    assert [int(x.replace(",", "")) for x in re.findall(r"\d[\d,]*", volume_row)] == list(rec["kpis"]["n_tickets"])


def test_without_customer_ids_no_repeat_claims_and_spikes_from_volume():
    data = _data_with_news()
    data.tickets = data.tickets.assign(customer_id=None)
    an = content.recurrence_analysis(data)
    assert not an["meta"]["has_customers"] and an["by_topic"].empty and an["chains"].empty
    assert an["overall"]["repeat_rate"].isna().all() and an["kpis"]["repeat_rate"].isna().all()
    for lang in ("en", "pt"):
        md = blocks.render_markdown(content.recurrence_brief(an, lang=lang))
        assert "most repeat contacts" not in md and "mais recontatos" not in md
        assert "0.0% [" not in md.replace("\\[", "[") and "0,0% [" not in md.replace("\\[", "[")
        assert ("no customer ids" in md) if lang == "en" else ("identificação de clientes" in md)
    prod = content.product_analysis(data)
    assert prod["topics"]["churn_rr"].isna().all() and not prod["top"]["churn_flag"].any()


def test_incident_spike_found_by_volume_without_customer_ids():
    df = period_data().tickets
    burst_at = pd.Timestamp("2026-08-10 09:00", tz="UTC")
    burst = df[df["topic_id"] == 4].head(40).copy()
    burst["ticket_id"] = [f"B{i:03d}" for i in range(len(burst))]
    burst["created_at"] = [burst_at + pd.Timedelta(minutes=20 * i) for i in range(len(burst))]
    burst["period"] = "2026-08"
    hist = pd.concat([df, burst], ignore_index=True).assign(customer_id=None)
    sp = period_spikes(hist, "2026-08")
    assert len(sp) >= 1 and (sp["basis"] == "volume").all() and sp["n_customers"].isna().all()
    assert (sp["topic"].astype(int) == 4).any()
    # with customer ids all missing the old call found nothing: the volume basis is what finds it
    from vocmine.recurrence import incident_spikes

    assert incident_spikes(hist.reset_index(drop=True), topic_col="topic_id").empty


def test_each_brief_speaks_its_language(news, rec):
    pt = blocks.render_markdown(content.product_brief(news, lang="pt")) + blocks.render_markdown(
        content.recurrence_brief(rec, lang="pt"))
    en = blocks.render_markdown(content.product_brief(news, lang="en")) + blocks.render_markdown(
        content.recurrence_brief(rec, lang="en"))
    for english in ("Score", "Suggested owner", "billing", "help-center article", "product fix", "Why:", "At stake"):
        assert english not in pt, english
    for portuguese in ("Área sugerida", "faturamento", "Pontuação", "Motivo:", "Em jogo", "correção no produto"):
        assert portuguese not in en, portuguese
    # questions come from the brief language's tickets only (the synthetic tickets are all Portuguese)
    assert all(not qs for qs in rec["questions"]["en"].values())
    assert any(qs for qs in rec["questions"]["pt"].values())
    assert "Como faço para resolver?" in pt and "Como faço para resolver?" not in en.split("## Topics to remove")[1]


def test_questions_are_deduplicated_across_spelling_variants():
    from vocmine.analysis.recurrence import distinct_questions

    qs = ["Podem trocar o número cadastrado?", "Podem trocar o numero cadastrado?", "PODEM TROCAR O NÚMERO CADASTRADO???",
          "Como recupero o acesso?", "Podem dar baixa manual no pagamento?", "Podem dar baixa maanual no pagamento?"]
    assert distinct_questions(qs) == ["Podem trocar o número cadastrado?", "Como recupero o acesso?",
                                      "Podem dar baixa manual no pagamento?"]
    assert distinct_questions(qs, n=1) == ["Podem trocar o número cadastrado?"]


def test_decision_box_numbers_match_the_tables(news):
    md = blocks.render_markdown(content.product_brief(news, lang="en"))
    box = md.split("**What to decide:**", 1)[1].split("\n\n", 2)[1]
    stakes = [(int(a), int(b)) for a, b in re.findall(r"At stake: (\d+) tickets and (\d+) agent hours", box)]
    d = news["decisions"]
    expected = [(int(g["n_tickets"].sum()), round(float(g["handle_hours"].sum()))) for _, g in d.groupby("item")]
    assert stakes == expected
    topics = news["topics"].set_index("topic_id")
    for tid in d["topic_id"]:
        assert int(topics.loc[tid, "n_tickets"]) == int(d.loc[d["topic_id"] == tid, "n_tickets"].iloc[0])
        assert topics.loc[tid, "handle_hours_total"] == pytest.approx(
            d.loc[d["topic_id"] == tid, "handle_hours"].iloc[0])


def test_trend_shows_what_the_status_compares_with(news):
    """The arrow compares with the month before; the status with the history's share at this month's
    volume: the trend shows that expected count, so "↓ −39 vs 103 (stable)" is not read as a
    contradiction."""
    topics = news["topics"].set_index("topic_id")
    # n_expected = n / rate_ratio: topic 1 (ratio 1.1) and the new topic 5 (ratio 12)
    assert topics.loc[1, "n_expected"] == pytest.approx(topics.loc[1, "n_tickets"] / 1.1)
    assert topics.loc[5, "n_expected"] == pytest.approx(topics.loc[5, "n_tickets"] / 12.0)
    row = topics.loc[5].copy()
    row["volume_change"], row["n_previous"], row["n_expected"], row["status"] = -39, 103, 70.4, "stable"
    assert content._trend_text(row, "en") == "↓ −39 vs 103; 70 expected (stable)"
    assert content._trend_text(row, "pt") == "↓ −39 vs 103; 70 esperados (estável)"
    row["n_expected"] = 0.34
    assert content._trend_text(row, "pt") == "↓ −39 vs 103; 0,3 esperados (estável)"
    row["n_expected"] = float("nan")  # no history: no expected count
    assert content._trend_text(row, "en") == "↓ −39 vs 103 (stable)"
    en = blocks.render_markdown(content.product_brief(news, lang="en"))
    assert "expected (new)" in en and "what the status compares" not in en
    assert "\u201cexpected\u201d is the count the topic's share" in en.split("## Methods", 1)[1]
    pt = blocks.render_markdown(content.product_brief(news, lang="pt"))
    assert "esperados (novo)" in pt and "\u201cesperados\u201d é o volume" in pt.split("## Notas de método", 1)[1]


@pytest.mark.parametrize("lang, says, reason", [
    ("en", "against 0 the month before; none in the months before (count test, q", "new (no history)"),
    ("pt", "contra 0 no mês anterior; sem nenhum ticket nos meses anteriores (teste de contagem, q",
     "novo (sem histórico)"),
])
def test_a_new_topic_without_history_reads_no_history_not_infinity(lang, says, reason):
    """A topic with no ticket before this month has an infinite rate ratio: the news and the decision
    say it had none, not "∞ the topic's usual rate"."""
    data = _data_with_news()
    data.changes.loc[data.changes["topic_id"] == 5, "rate_ratio"] = float("inf")
    cur = data.tickets
    data.tickets = cur[~((cur["topic_id"] == 5) & (cur["period"] != "2026-08"))].reset_index(drop=True)
    md = blocks.render_markdown(content.product_brief(content.product_analysis(data), lang=lang))
    assert says in md and reason in md and "∞" not in md


def test_a_month_missing_before_the_period_is_not_zero_tickets():
    """The history holds no ticket at all for the month before (an export ended mid-month and the next
    began with the month after): the trend says so instead of "↑ +93 vs 0", the news sentence drops its
    "against 0 the month before", and the tables keep the count empty, not 0."""
    data = _data_with_news()
    prev = (pd.Period(data.period, "M") - 1).strftime("%Y-%m")
    assert (data.tickets["period"] == prev).any()
    data.tickets = data.tickets[data.tickets["period"] != prev].reset_index(drop=True)
    out = content.product_analysis(data)
    topics = out["topics"].set_index("topic_id")
    assert topics["n_previous"].isna().all() and topics["volume_change"].isna().all()
    assert content._trend_text(topics.loc[5], "en").startswith("month before not in the history; ")
    en = blocks.render_markdown(content.product_brief(out, lang="en"))
    pt = blocks.render_markdown(content.product_brief(out, lang="pt"))
    assert "month before not in the history" in en and "mês anterior fora do histórico" in pt
    assert not re.search(r"[↑↓→] [+−]?\d+ vs \d", en + pt)  # no arrow against the missing month
    assert "against 0 the month before" not in en and "contra 0 no mês anterior" not in pt
    assert "is new this month: " in en  # the news sentence is still there
    # with the month before present nothing changes
    assert not news_topics_have_missing_previous()


def news_topics_have_missing_previous() -> bool:
    return bool(content.product_analysis(_data_with_news())["topics"]["n_previous"].isna().any())
