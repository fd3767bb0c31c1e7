"""Brief content: the blocks of each brief from the period analyses (the recurrence brief lives in
:mod:`vocmine.briefs.recurrence_brief` and is re-exported here).

The analyses (pure frames) live in :mod:`vocmine.analysis` and are re-exported here
(``product_analysis``, ``recurrence_analysis``, ``brief_tables``, ``exploration``, ``topic_names``,
``localised``); ``*_brief(analysis, lang=...)`` turn an analysis into a list of display blocks
(:mod:`vocmine.briefs.blocks`) with labels and numbers in ``pt`` or ``en`` and charts from
:mod:`vocmine.briefs.plots`.

Wording rule: topics are *associated with* lower CSAT or more churn, never said to cause it.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from vocmine.analysis import (
    brief_tables,
    exploration,
    localised,
    product_analysis,
    recurrence_analysis,
    topic_names,
)
from vocmine.analysis._common import ALL, EXAMPLE_CHARS
from vocmine.briefs import i18n
from vocmine.briefs.blocks import Block, BulletList, FigureBlock, Heading, Note, Paragraph, Table
from vocmine.briefs.i18n import fmt_int, fmt_interval, fmt_number, fmt_pct, fmt_q, t
from vocmine.briefs.recurrence_brief import recurrence_brief
from vocmine.schema import OUTLIER_TOPIC, TOPIC_ID

__all__ = ["ALL", "EXAMPLE_CHARS", "brief_tables", "exploration", "exploration_blocks", "localised", "product_analysis",
           "product_brief", "recurrence_analysis", "recurrence_brief", "topic_names"]


# ============================================================================ blocks: product brief


def _csat_text(row: pd.Series, lang: str) -> str:
    if pd.isna(row["csat_diff"]):
        return t("not_available", lang)
    s = f"{i18n.fmt_points(row['csat_diff'], lang)} {fmt_interval(row['csat_diff_lo'], row['csat_diff_hi'], lang)}"
    if pd.notna(row["csat_q"]):
        s += f", q {fmt_q(row['csat_q'], lang)}"
    return s


def _churn_text(row: pd.Series, lang: str) -> str:
    if pd.isna(row.get("churn_rr")):
        return t("not_available", lang)
    rate = f"{fmt_pct(row['churn_rate_exposed'], lang)} vs {fmt_pct(row['churn_rate_unexposed'], lang)}"
    rr = (f"RR {fmt_number(row['churn_rr'], lang, 2)} [{fmt_number(row['churn_rr_lo'], lang, 2)}"
          f"{'; ' if lang == 'pt' else ', '}{fmt_number(row['churn_rr_hi'], lang, 2)}]")
    orr = ""
    if pd.notna(row.get("churn_adj_or")):
        orr = (f", OR aj. {fmt_number(row['churn_adj_or'], lang, 2)}" if lang == "pt"
               else f", adj. OR {fmt_number(row['churn_adj_or'], lang, 2)}")
        if pd.notna(row.get("churn_q")):
            orr += f", q {fmt_q(row['churn_q'], lang)}"
    return f"{rate} ({rr}{orr})"


#: a topic's KPIs in the product brief: (i18n key, product_topics column, shown as a percentage)
_TOPIC_KPIS = (("handle_time", "handle_minutes_mean", False), ("wait_time", "wait_minutes_mean", False),
               ("first_response", "frt_hours_median", False), ("resolution", "resolution_hours_median", False),
               ("sla_breach", "sla_breach_rate", True), ("res_sla_breach", "resolution_sla_breach_rate", True),
               ("reopen_rate", "reopen_rate", True), ("fcr", "fcr_rate", True))


def _trend_text(row: pd.Series, lang: str) -> str:
    """The change against the month before, then the count the topic's history rate gives at this
    month's volume, which is what its status compares with: "↓ −39 vs 103; 70 expected (stable)" on a
    month whose volume fell, where the arrow alone contradicted the status."""
    if pd.isna(row["n_previous"]):  # the month before holds no ticket at all: missing from the history
        s = t("no_previous_month", lang)
    else:
        arrow = "↑" if row["volume_change"] > 0 else ("↓" if row["volume_change"] < 0 else "→")
        s = f"{arrow} {fmt_number(row['volume_change'], lang, 0, signed=True)} vs {fmt_int(row['n_previous'], lang)}"
    expected = row.get("n_expected")
    if expected is not None and pd.notna(expected):
        s += f"; {i18n.fmt_expected(expected, lang)} {t('expected_n', lang)}"
    if isinstance(row.get("status"), str) and row["status"]:
        s += f" ({i18n.status_label(row['status'], lang)})"
    return s


_CONTEXT = {
    "pt": ("Em {month}, {n} tickets foram agrupados em {k} temas. O tema de maior impacto foi \u201c{top}\u201d "
           "({top_n} tickets), o primeiro da tabela abaixo. {csat_part}{churn_part}"),
    "en": ("In {month}, {n} tickets were grouped into {k} topics. The highest-impact topic was \u201c{top}\u201d "
           "({top_n} tickets), first in the table below. {csat_part}{churn_part}"),
}


_THIN = {  # no topic reached the minimum sample size: say what is missing instead of ranking "–"
    "pt": ("Em {month}, {n} tickets foram agrupados em {k} temas, mas nenhum tema chegou ao mínimo de {m} "
           "observações: não há ranking de impacto nem efeito de CSAT ou churn medido neste mês (são precisos "
           "pelo menos {m} tickets por tema). Volumes, exemplos e indicadores abaixo continuam válidos."),
    "en": ("In {month}, {n} tickets were grouped into {k} topics, but no topic reached the minimum sample of {m} "
           "observations: there is no impact ranking and no CSAT or churn effect measured this month (that needs "
           "at least {m} tickets per topic). The volumes, examples and KPIs below still hold."),
}


def _summary(an: dict[str, Any], lang: str) -> str:
    """The context paragraph after the news and the decisions: volume, topics, flagged counts."""
    meta, top = an["meta"], an["top"]
    if not len(top):
        return _THIN[lang].format(month=i18n.month_name(meta["period"], lang), n=fmt_int(meta["n_tickets"], lang),
                                  k=fmt_int(meta["n_topics"], lang), m=fmt_int(meta["min_sample_size"], lang))
    csat_flag = top[top["csat_flag"].astype(bool)]
    churn_flag = top[top["churn_flag"].astype(bool)]
    names = lambda df: ", ".join(f"\u201c{x}\u201d" for x in df["label"].head(3))  # noqa: E731
    if lang == "pt":
        csat_part = (f"{len(csat_flag)} tema(s) estão associados a CSAT mais baixo ({names(csat_flag)}). "
                     if len(csat_flag) else "Nenhum tema teve CSAT significativamente mais baixo. ")
        churn_part = (f"{len(churn_flag)} tema(s) estão associados a mais churn ({names(churn_flag)})."
                      if len(churn_flag) else "Nenhum tema teve associação significativa com churn.")
        if not meta.get("has_customers", True):
            churn_part = "Sem identificação de clientes no export, o churn não pode ser medido."
    else:
        csat_part = (f"{len(csat_flag)} topic(s) are associated with lower CSAT ({names(csat_flag)}). "
                     if len(csat_flag) else "No topic had a significantly lower CSAT. ")
        churn_part = (f"{len(churn_flag)} topic(s) are associated with more churn ({names(churn_flag)})."
                      if len(churn_flag) else "No topic had a significant churn association.")
        if not meta.get("has_customers", True):
            churn_part = "The export has no customer ids, so churn cannot be measured."
    return _CONTEXT[lang].format(month=i18n.month_name(meta["period"], lang), n=fmt_int(meta["n_tickets"], lang),
                                 k=fmt_int(meta["n_topics"], lang), csat_part=csat_part, churn_part=churn_part,
                                 top=top["label"].iloc[0], top_n=fmt_int(top["n_tickets"].iloc[0], lang))


def product_brief(an: dict[str, Any], *, lang: str) -> list[Block]:
    """Blocks of the product-improvement brief in ``lang``: the news and the decisions first, then the
    ranked table (with its score in one sentence), the findings in plain words, charts that read in
    the table's order, per-topic detail, emerging and improved topics, methods."""
    from vocmine.briefs import plots, words

    i18n.check_language(lang)
    an = localised(an, lang)
    meta, top = an["meta"], an["top"]
    month = i18n.month_name(meta["period"], lang)
    blocks: list[Block] = [Heading(t("product_title", lang, month=month), level=1), Heading(t("summary", lang)),
                           Paragraph(" ".join(words.news_sentences(an, lang)), strong=t("news", lang) + ":"),
                           Paragraph("", strong=t("decide", lang) + ":"),
                           BulletList(words.decision_sentences(an, lang)),
                           Paragraph(_summary(an, lang))]

    blocks.append(Heading(t("top_topics", lang)))
    overview = pd.DataFrame({
        "#": range(1, len(top) + 1),
        t("topic", lang): top["label"],
        t("volume", lang): [f"{fmt_int(v, lang)} ({fmt_pct(s, lang, 0)})" for v, s in zip(top["n_tickets"], top["share"],
                                                                                        strict=True)],
        t("trend", lang): [_trend_text(r, lang) for _, r in top.iterrows()],
        t("csat_diff", lang): [_csat_text(r, lang) for _, r in top.iterrows()],
        t("csat_lost", lang): [fmt_number(v * 100, lang, 1) if pd.notna(v) else "–" for v in top["csat_points_lost"]],
        t("churn_assoc", lang): [_churn_text(r, lang) for _, r in top.iterrows()],
        t("priority", lang): [fmt_number(v, lang, 2) for v in top["priority"]],
    })
    if meta["has_product"]:
        overview[t("owner", lang)] = [i18n.owner_label(v, lang) for v in top["owner"]]
    if len(top):
        blocks.append(Table(overview))
        blocks.append(Note(words.score_sentence(meta, lang)))
    else:  # an empty table reads as a broken brief; the month's largest topics still say where volume went
        blocks.append(Paragraph(t("no_ranking", lang, m=fmt_int(meta["min_sample_size"], lang))))
        topics = an.get("topics")
        if topics is not None and len(topics):
            largest = topics[topics[TOPIC_ID] != OUTLIER_TOPIC].sort_values(
                ["n_tickets", TOPIC_ID], ascending=[False, True], kind="mergesort").head(8)
            blocks.append(Paragraph("", strong=t("largest_topics", lang)))
            blocks.append(Table(pd.DataFrame({
                t("topic", lang): largest["label"],
                t("volume", lang): [f"{fmt_int(v, lang)} ({fmt_pct(s, lang, 0)})"
                                    for v, s in zip(largest["n_tickets"], largest["share"], strict=True)],
                t("trend", lang): [_trend_text(r, lang) for _, r in largest.iterrows()],
            })))
    findings = words.finding_sentences(an, lang)
    if findings:
        blocks.append(Heading(t("findings", lang)))
        blocks.append(BulletList(findings))
    if top["csat_diff"].notna().any():
        fig = plots.interval_bars(top, label="label", value="csat_diff", low="csat_diff_lo", high="csat_diff_hi",
                                  xlabel=t("csat_axis", lang), lang=lang, keep_order=True)
        blocks.append(FigureBlock(fig, alt=t("csat_axis", lang)))
    if top["churn_adj_or"].notna().any():
        # the chart shows what the text claims: the adjusted odds ratio, red where the q-value flags it
        fig = plots.ratio_bars(top, label="label", value="churn_adj_or", low="churn_adj_or_lo", high="churn_adj_or_hi",
                               flag="churn_flag", xlabel=t("churn_chart", lang), lang=lang)
        blocks.append(FigureBlock(fig, alt=t("churn_chart", lang)))
    if not an["trend"].empty:
        fig = plots.trend_lines(an["trend"], period="period", value="n_tickets", group="label",
                                ylabel=t("tickets_axis", lang), lang=lang, highlight=meta["period"])
        blocks.append(FigureBlock(fig, alt=t("tickets_axis", lang)))

    # the KPIs the export has (a value for some topic of the month): a list of "–" for handle times,
    # SLA or reopens the export never had says nothing (the KPI page names what is missing)
    month = an.get("topics", top)
    kpis = [(key, col, pct) for key, col, pct in _TOPIC_KPIS if col in month and month[col].notna().any()]
    for i, (_, row) in enumerate(top.iterrows(), start=1):
        blocks.append(Heading(f"{i}. {row['label']}", level=3))
        facts = [
            f"{t('volume', lang)}: {fmt_int(row['n_tickets'], lang)} — {t('trend', lang)}: {_trend_text(row, lang)}",
            f"{t('csat_diff', lang)}: {_csat_text(row, lang)} (n = {fmt_int(row['csat_n'], lang)})",
            f"{t('churn_assoc', lang)}: {_churn_text(row, lang)}",
        ]
        if kpis:
            facts.append(f"{t('kpis', lang)}: " + "; ".join(
                f"{t(key, lang)} {fmt_pct(row[col], lang) if pct else fmt_number(row[col], lang, 1)}"
                for key, col, pct in kpis))
        if meta["has_product"] and pd.notna(row["owner"]):
            facts.append(f"{t('owner', lang)}: {i18n.owner_label(row['owner'], lang)}")
        blocks.append(BulletList(facts))
        ex = an["examples"].get(int(row[TOPIC_ID]), [])
        if ex:
            blocks.append(Paragraph("", strong=t("examples", lang)))
            blocks.append(BulletList([f"\u201c{e}\u201d" for e in ex]))

    blocks.append(Heading(t("emerging", lang)))
    em = an["emerging"]
    if em.empty:
        blocks.append(Paragraph(t("none", lang)))
    else:
        items = []
        for _, row in em.iterrows():
            owner = (f" — {t('owner', lang)}: {i18n.owner_label(row['owner'], lang)}" if pd.notna(row.get("owner"))
                     else "")
            items.append(f"{row['label']}: {fmt_int(row['n_tickets'], lang)} {t('tickets', lang).lower()}{owner}")
        blocks.append(BulletList(items))
        for _, row in em.head(3).iterrows():
            ex = an["examples"].get(int(row[TOPIC_ID]), [])
            if ex:
                blocks.append(Paragraph(f"\u201c{ex[0]}\u201d", strong=f"{row['label']}:"))

    blocks.append(Heading(t("improved", lang)))
    imp = an["improved"]
    if imp.empty:
        blocks.append(Paragraph(t("none", lang)))
    else:
        blocks.append(Table(pd.DataFrame({
            t("topic", lang): imp["label"],
            t("this_month", lang): [fmt_int(v, lang) for v in imp["n_tickets"]],
            t("previous", lang): [fmt_int(v, lang) for v in imp["n_previous"]],
            t("change", lang): [fmt_pct(v, lang, signed=True) for v in imp["volume_change_pct"]],
            "CSAT Δ": [i18n.fmt_points(v, lang) for v in imp["csat_change"]],
        })))

    blocks.append(Heading(t("methods", lang)))
    blocks.append(Note(_methods_product(meta, lang)))
    return blocks

def _trend_method(lang: str) -> str:
    """How to read the trend column: what the arrow and what the status compare with."""
    from vocmine.stats import MIN_RATIO

    ratio = fmt_number(MIN_RATIO, lang, 1)
    if lang == "pt":
        return ("Tendência: a variação contra o mês anterior; \u201cesperados\u201d é o volume que a participação "
                "do tema nos meses anteriores (até seis) daria com o volume deste mês, e o status (novo, crescendo, "
                "diminuindo, estável) é o teste de contagem do mês contra esse esperado (q < 0,05 e ao menos "
                f"{ratio}× ou 1/{ratio}×).")
    return ("Trend: the change against the month before; \u201cexpected\u201d is the count the topic's share of the "
            "previous months (at most six) gives at this month's volume, and the status (new, growing, shrinking, "
            f"stable) is the count test of the month against it (q < 0.05 and at least {ratio}× or 1/{ratio}×).")


def _methods_product(meta: dict[str, Any], lang: str) -> str:
    """The Methods note; what the export lacks (ratings, customers) is said as such, not as "0 rated
    tickets (overall mean –)" and "0 customers, 0 churned"."""
    n, r = fmt_int(meta["n_tickets"], lang), fmt_int(meta["n_rated"], lang)
    since = i18n.month_name(meta["csat_from"], lang)
    if lang == "pt":
        csat = (f"CSAT: nenhum ticket avaliado nos {meta['csat_months']} meses desde {since}: nenhum efeito de "
                "CSAT foi medido." if not meta["n_rated"] else
                f"CSAT: {r} tickets avaliados nos {meta['csat_months']} meses desde {since} (média geral "
                f"{fmt_pct(meta['overall_csat'], lang)} na escala 0–100%); a diferença de CSAT compara "
                "o tema com todos os demais tickets avaliados (IC 95% por bootstrap reamostrando clientes).")
        churn = ("Churn: não medido (sem tabela de clientes ou sem identificação de clientes no export)."
                 if not meta["n_customers"] else
                 f"Churn: {fmt_int(meta['n_customers'], lang)} clientes, {fmt_int(meta['n_churned'], lang)} "
                 f"cancelaram; um cliente está exposto ao tema se abriu ticket nele nos {meta['churn_window_days']} "
                 "dias antes do cancelamento ou do fim da observação; RR com IC de Katz e OR ajustado pelo volume "
                 "de tickets do cliente.")
        return (f"{n} tickets no mês; {fmt_int(meta['n_outlier'], lang)} sem tema. {_trend_method(lang)} {csat} "
                f"{churn} Temas testados só com pelo menos {meta['min_sample_size']} observações; valores q de "
                "Benjamini–Hochberg entre todos os temas testados (q < 0,05 = significativo). \u201cAssociado\u201d "
                "significa que clientes/tickets do tema tiveram resultados piores: não demonstra que o tema causa a "
                "perda. Intervalos e volumes são estimativas.")
    csat = (f"CSAT: no ticket rated in the {meta['csat_months']} months since {since}: no CSAT effect is measured."
            if not meta["n_rated"] else
            f"CSAT: {r} rated tickets in the {meta['csat_months']} months since {since} (overall mean "
            f"{fmt_pct(meta['overall_csat'], lang)} on a 0–100% scale); the CSAT difference compares the "
            "topic with every other rated ticket (95% CI from a bootstrap resampling customers).")
    churn = ("Churn: not measured (no customer table, or no customer ids in the export)." if not meta["n_customers"]
             else f"Churn: {fmt_int(meta['n_customers'], lang)} customers, {fmt_int(meta['n_churned'], lang)} churned; "
             f"a customer is exposed to a topic when they filed a ticket in it within {meta['churn_window_days']} "
             "days before churning or the end of observation; relative risk with a Katz CI and an odds ratio "
             "adjusted for the customer's ticket count.")
    return (f"{n} tickets this month; {fmt_int(meta['n_outlier'], lang)} fit no topic. {_trend_method(lang)} {csat} "
            f"{churn} Topics are tested only with at least {meta['min_sample_size']} observations; Benjamini–Hochberg "
            "q-values across all tested topics (q < 0.05 = significant). \u201cAssociated\u201d means customers or "
            "tickets in the topic had worse outcomes: it does not show that the topic causes them. Intervals and "
            "volumes are estimates.")



# ============================================================================ exploration


def exploration_blocks(ex: Any, *, lang: str, top_n: int = 8) -> list[Block]:
    """Blocks of the exploration notebook (data quality, volumes, languages, topic map, drill-down)."""
    from vocmine.briefs import plots

    month = i18n.month_name(ex["period"], lang)
    blocks: list[Block] = [Heading(t("explore_title", lang, month=month), level=1)]
    filters = getattr(ex, "filters", None)
    if filters:
        shown = "; ".join(f"{t('filter_' + k, lang)} = {', '.join(map(str, v)) if isinstance(v, list | tuple) else v}"
                          for k, v in filters.items())
        blocks.append(Note(t("filters_applied", lang, filters=shown)))
    blocks.append(Heading(t("data_quality", lang)))
    acc = ex["accounting"]
    if acc is not None and not acc.empty:
        cols = [c for c in ("source_file", "file", "path", "rows_read", "rows_accepted", "rows_quarantined")
                if c in acc.columns]
        shown = acc[cols].copy()
        for c in ("rows_read", "rows_accepted", "rows_quarantined"):
            if c in shown:
                shown[c] = [fmt_int(v, lang) for v in shown[c]]
        shown = shown.rename(columns={"rows_read": t("rows_read", lang), "rows_accepted": t("rows_accepted", lang),
                                      "rows_quarantined": t("rows_quarantined", lang)})
        blocks.append(Table(shown))
    else:
        blocks.append(Paragraph(t("not_available", lang)))
    blocks.append(Heading(t("volumes", lang)))
    blocks.append(FigureBlock(plots.trend_lines(ex["channels"], period="period", value="n_tickets", group="channel",
                                                ylabel=t("tickets_axis", lang), lang=lang, highlight=ex["period"]),
                              alt=t("volumes", lang)))
    blocks.append(Heading(t("language_mix", lang)))
    blocks.append(FigureBlock(plots.trend_lines(ex["languages"], period="period", value="n_tickets", group="language",
                                                ylabel=t("tickets_axis", lang), lang=lang), alt=t("language_mix", lang)))
    blocks.append(Heading(t("topic_map", lang)))
    tp = ex["topics"][ex["topics"][TOPIC_ID] != OUTLIER_TOPIC].head(20)
    blocks.append(FigureBlock(plots.bars(tp, label="label", value="n_tickets", xlabel=t("volume_axis", lang), lang=lang),
                              alt=t("topic_map", lang)))
    blocks.append(Table(pd.DataFrame({
        "id": tp[TOPIC_ID], t("topic", lang): tp["label"], t("tickets", lang): [fmt_int(v, lang) for v in tp["n_tickets"]],
        t("share", lang): [fmt_pct(v, lang) for v in tp["share"]]})))
    blocks.append(Heading(t("drilldown", lang)))
    for tid in list(ex["examples"])[:top_n]:
        lab = ex["topics"].loc[ex["topics"][TOPIC_ID] == tid, "label"]
        blocks.append(Heading(str(lab.iloc[0]) if len(lab) else str(tid), level=3))
        blocks.append(BulletList([f"\u201c{e}\u201d" for e in ex["examples"][tid]] or [t("none", lang)]))
    return blocks
