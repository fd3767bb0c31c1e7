"""Blocks of the recurring-ticket reduction brief (``pt``/``en``) from the recurrence analysis, with the
support lead's KPI page (:mod:`vocmine.briefs.kpi_page`)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from vocmine.analysis import localised
from vocmine.briefs import i18n
from vocmine.briefs.blocks import Block, BulletList, FigureBlock, Heading, Note, Paragraph, Table
from vocmine.briefs.i18n import fmt_int, fmt_interval, fmt_number, fmt_pct, t
from vocmine.briefs.kpi_page import kpi_blocks

__all__ = ["recurrence_brief"]


def recurrence_brief(an: dict[str, Any], *, lang: str) -> list[Block]:
    """Blocks of the recurring-ticket reduction brief in ``lang``."""
    from vocmine.briefs import plots

    i18n.check_language(lang)
    an = localised(an, lang)
    meta, mom = an["meta"], an["mom"]
    month = i18n.month_name(meta["period"], lang)
    blocks: list[Block] = [Heading(t("recurrence_title", lang, month=month), level=1), Heading(t("summary", lang))]
    defl = an["deflection"]
    has_ids = meta.get("has_customers", True)
    timed = meta.get("has_handle_time", True)  # agent hours are unknown (not zero) without handle times
    blocks.append(Paragraph(_recurrence_summary(an, lang)))
    blocks.extend(kpi_blocks(an.get("kpis"), meta, lang))

    blocks.append(Heading(t("repeat_rate", lang)))
    ov = an["overall"]
    if not has_ids:
        blocks.append(Paragraph(_NO_IDS[lang]))
    elif not ov.empty:
        fig = plots.trend_lines(ov.assign(rate=ov["repeat_rate"] * 100, lo=ov["repeat_rate_low"] * 100,
                                          hi=ov["repeat_rate_high"] * 100), period="period", value="rate",
                                group=None, ylabel=t("repeat_overall_axis", lang), lang=lang, decimals=1,
                                highlight=meta["period"], low="lo", high="hi")
        blocks.append(FigureBlock(fig, alt=t("repeat_overall_axis", lang)))
    blocks.append(Heading(t("repeat_by_topic", lang)))
    bt = an["by_topic"].head(10)
    if not has_ids:
        blocks.append(Paragraph(_NO_IDS[lang]))
    elif bt.empty:
        blocks.append(Paragraph(t("none", lang)))
    else:
        # same order as the table below: most repeat contacts first
        fig = plots.interval_bars(bt, label="label", value="repeat_rate", low="repeat_rate_low",
                                  high="repeat_rate_high", xlabel=t("repeat_bars_axis", lang), lang=lang, worse="high",
                                  keep_order=True)
        blocks.append(FigureBlock(fig, alt=t("repeat_bars_axis", lang)))
        blocks.append(Table(_hours_known(pd.DataFrame({
            t("topic", lang): bt["label"],
            t("tickets", lang): [fmt_int(v, lang) for v in bt["tickets"]],
            t("repeat_contacts", lang): [fmt_int(v, lang) for v in bt["repeat_tickets"]],
            t("repeat_rate", lang): [f"{fmt_pct(r, lang)} {fmt_interval(lo, hi, lang).replace('+', '')}"
                                     for r, lo, hi in zip(bt["repeat_rate"], bt["repeat_rate_low"],
                                                          bt["repeat_rate_high"], strict=True)],
            t("change", lang): [i18n.fmt_points(v, lang) for v in bt["repeat_rate_change"]],
            t("agent_hours", lang): [fmt_number(v, lang, 1) for v in bt["repeat_hours"]],
        }), timed, lang)))
    if has_ids and not an["trend"].empty:
        tr = an["trend"].assign(rate=an["trend"]["repeat_rate"] * 100)
        fig = plots.trend_lines(tr, period="period", value="rate", group="label", ylabel=t("repeat_trend_axis", lang),
                                lang=lang, decimals=0, highlight=meta["period"])
        blocks.append(FigureBlock(fig, alt=t("repeat_trend_axis", lang)))

    blocks.append(Heading(t("top_chains", lang)))
    ch = an["chains"]
    if not has_ids:
        blocks.append(Paragraph(_NO_IDS[lang]))
    elif ch.empty:
        blocks.append(Paragraph(t("none", lang)))
    else:
        blocks.append(Table(_hours_known(pd.DataFrame({
            t("topic", lang): ch["label"],
            t("chain_length", lang): [fmt_int(v, lang) for v in ch["n_tickets"]],
            t("span_days", lang): [fmt_number(v, lang, 1) for v in ch["span_days"]],
            t("agent_hours", lang): [fmt_number(v, lang, 1) for v in ch["hours"]],
            t("example", lang): [_short(x) for x in ch["example"]],
        }), timed, lang)))

    blocks.append(Heading(t("duplicates", lang)))
    du = an["duplicates"]
    if du is None or du.empty:
        blocks.append(Paragraph(t("none", lang)))
    else:
        blocks.append(Table(pd.DataFrame({
            t("topic", lang): du["label"].fillna("–"),
            t("group_size", lang): [fmt_int(v, lang) for v in du["size"]],
            t("customers", lang): [fmt_int(v, lang) if has_ids else "–" for v in du["n_customers"]],
            t("example", lang): [_short(x) for x in du["example"]],
        })))
    blocks.append(Heading(t("spikes", lang)))
    sp = an["spikes"]
    if sp is None or sp.empty:
        blocks.append(Paragraph(t("none", lang)))
    else:
        blocks.append(Table(pd.DataFrame({
            t("topic", lang): sp["label"],
            t("date", lang): [f"{pd.Timestamp(a):%Y-%m-%d} → {pd.Timestamp(b):%Y-%m-%d}"
                              for a, b in zip(sp["start"], sp["end"], strict=True)],
            t("observed", lang): [fmt_int(v, lang) for v in sp["n_tickets"]],
            t("expected", lang): [fmt_number(v, lang, 1) for v in sp["expected"]],
            t("customers", lang): [fmt_int(v, lang) for v in sp["n_customers"]],
            t("action", lang): ["aviso proativo aos clientes + macro para os agentes" if lang == "pt"
                                else "proactive notice to customers + agent macro"] * len(sp),
        })))
        if not has_ids:
            blocks.append(Note("Sem identificação de clientes no export: picos medidos só pelo volume de tickets."
                               if lang == "pt" else
                               "The export has no customer ids: spikes are judged on ticket volume alone."))
    blocks.append(Heading(t("chronic", lang)))
    cr = an["chronic"]
    if cr.empty:
        blocks.append(Paragraph(t("none", lang)))
    else:
        blocks.append(Table(pd.DataFrame({
            t("topic", lang): cr["label"],
            t("tickets", lang): [fmt_int(v, lang) for v in cr["tickets"]],
            t("months_active", lang): [f"{int(a)}/{int(b)}" for a, b in zip(cr["months_present"], cr["months_total"],
                                                                            strict=True)],
            t("tickets_axis", lang): [fmt_number(v, lang, 1) for v in cr["mean_monthly"]],
        })))

    blocks.append(Heading(t("deflection", lang)))
    if defl.empty:
        blocks.append(Paragraph(t("none", lang)))
    else:
        blocks.append(Table(_hours_known(pd.DataFrame({
            t("topic", lang): defl["label"],
            t("action", lang): [i18n.action_label(v, lang) for v in defl["suggested_action"]]
            if "suggested_action" in defl else "–",
            t("tickets_axis", lang): [fmt_number(v, lang, 0) for v in defl["tickets_per_month"]],
            t("tickets_removed", lang): [f"{fmt_number(a, lang, 0)}–{fmt_number(b, lang, 0)}"
                                         for a, b in zip(defl["tickets_low"], defl["tickets_high"], strict=True)],
            t("hours_saved", lang): [f"{fmt_number(a, lang, 1)}–{fmt_number(b, lang, 1)}"
                                     for a, b in zip(defl["hours_low"], defl["hours_high"], strict=True)],
            t("score", lang): [fmt_number(v, lang, 2) for v in defl["score"]],
        }), timed, lang)))
        blocks.append(Paragraph(_assumptions(meta, lang), strong=t("assumptions", lang) + ":"))
        blocks.append(Heading(t("questions_by_action", lang), level=3))
        questions = an["questions"].get(lang, {}) if set(an["questions"]) <= {"pt", "en"} else an["questions"]
        for tid, qs in questions.items():
            row = defl[defl["topic"].astype(int) == tid]
            name = str(row["label"].iloc[0]) if len(row) else str(tid)
            if len(row) and "suggested_action" in row:
                name += f" ({i18n.action_label(row['suggested_action'].iloc[0], lang)})"
            blocks.append(Paragraph("", strong=name))
            blocks.append(BulletList(qs) if qs else Paragraph(t("none", lang)))

    blocks.append(Heading(t("mom_change", lang)))
    prev_n = mom["repeat_tickets_previous"]
    if not has_ids:
        blocks.append(Paragraph(_NO_IDS[lang]))
    elif prev_n is None:
        blocks.append(Paragraph(t("none", lang)))
    else:
        delta = mom["repeat_tickets"] - prev_n
        pct = delta / prev_n if prev_n else np.nan
        blocks.append(Paragraph(
            f"{t('this_month', lang)}: {fmt_int(mom['repeat_tickets'], lang)}; {t('previous', lang)}: "
            f"{fmt_int(prev_n, lang)}; {t('change', lang)}: {fmt_number(delta, lang, 0, signed=True)} "
            f"({fmt_pct(pct, lang, signed=True)})."))
    blocks.append(Heading(t("methods", lang)))
    blocks.append(Note(_methods_recurrence(meta, lang)))
    return blocks


_NO_IDS = {
    "pt": ("Não mensurável: o export não tem identificação de clientes, e um recontato (o mesmo cliente voltando "
           "ao mesmo tema) só se vê com ela. Inclua o id do cliente no export para medir recontatos."),
    "en": ("Not measurable: the export has no customer ids, and a repeat contact (the same customer coming back on "
           "the same topic) can only be seen with them. Include the customer id in the export to measure repeats."),
}


def _recurrence_summary(an: dict[str, Any], lang: str) -> str:
    meta, mom, defl = an["meta"], an["mom"], an["deflection"]
    month = i18n.month_name(meta["period"], lang)
    timed = meta.get("has_handle_time", True)  # agent hours are unknown (not zero) without handle times
    if meta.get("has_customers", True):
        rate = fmt_pct(mom["repeat_rate"], lang)
        ci = fmt_interval(mom["repeat_rate_low"], mom["repeat_rate_high"], lang, scale=100).replace("+", "")
        prev = fmt_pct(mom["repeat_rate_previous"], lang)
        bt = an["by_topic"]
        # only topics with a repeat contact this month are named as having the most
        names = ", ".join(f"\u201c{x}\u201d" for x in bt[bt["repeat_tickets"] > 0].head(3)["label"])
        hours = fmt_number(mom["repeat_hours"], lang, 0)
        if lang == "pt":
            cost = f", consumindo {hours} horas de agente" if timed else ""
            text = (f"Em {month}, {fmt_int(mom['repeat_tickets'], lang)} tickets foram recontatos (o mesmo cliente "
                    f"voltou sobre o mesmo tema em até {meta['window_days']} dias): taxa de {rate} {ci}, contra {prev} "
                    f"no mês anterior{cost}.")
            if names:
                text += f" Os temas com mais recontatos são {names}."
        else:
            cost = f", costing {hours} agent hours" if timed else ""
            text = (f"In {month}, {fmt_int(mom['repeat_tickets'], lang)} tickets were repeat contacts (the same "
                    f"customer came back on the same topic within {meta['window_days']} days): a rate of {rate} {ci}, "
                    f"against {prev} the month before{cost}.")
            if names:
                text += f" The topics with the most repeat contacts are {names}."
    else:
        text = ("O export não tem identificação de clientes: recontatos, taxa de recontato e cadeias não podem ser "
                "medidos, e os picos de incidente são medidos só pelo volume." if lang == "pt" else
                "The export has no customer ids: repeat contacts, the repeat rate and repeat chains cannot be measured, "
                "and incident spikes are judged on ticket volume alone.")
    if len(defl):
        actions = defl["suggested_action"] if "suggested_action" in defl else pd.Series("review", index=defl.index)
        how = ", ".join(f"\u201c{lab}\u201d ({i18n.action_label(a, lang)})"
                        for lab, a in zip(defl["label"], actions, strict=True))
        lo, hi = fmt_int(defl["tickets_low"].sum(), lang), fmt_int(defl["tickets_high"].sum(), lang)
        hlo, hhi = fmt_number(defl["hours_low"].sum(), lang, 0), fmt_number(defl["hours_high"].sum(), lang, 0)
        if lang == "pt":
            hours = f" e {hlo}–{hhi} horas de agente" if timed else ""
            text += (f" {len(defl)} tema(s) podem perder tickets com a ação sugerida: {how}; potencial de {lo}–{hi} "
                     f"tickets{hours} por mês.")
        else:
            hours = f" and {hlo}–{hhi} agent hours" if timed else ""
            text += (f" {len(defl)} topic(s) could shed tickets with the suggested action: {how}; {lo}–{hi} tickets"
                     f"{hours} a month.")
    return text


def _hours_known(frame: pd.DataFrame, timed: bool, lang: str) -> pd.DataFrame:
    """``frame`` without its agent-hour columns when the export has no handle time (unknown, not zero)."""
    if timed:
        return frame
    return frame.drop(columns=[t("agent_hours", lang), t("hours_saved", lang)], errors="ignore")


def _short(text: Any, n: int = 160) -> str:
    if text is None or (isinstance(text, float) and np.isnan(text)) or text is pd.NA:
        return "–"
    one = " ".join(str(text).split())
    return one if len(one) <= n else one[: n - 1].rsplit(" ", 1)[0] + "…"


def _assumptions(meta: dict[str, Any], lang: str) -> str:
    lo, hi = fmt_pct(meta["share_low"], lang, 0), fmt_pct(meta["share_high"], lang, 0)
    if lang == "pt":
        return (f"entre {lo} e {hi} dos tickets do tema seriam evitados pela ação sugerida (premissa, não medição); "
                "volume = média mensal dos últimos 3 meses; horas = tickets evitados × TMA médio do tema.")
    return (f"between {lo} and {hi} of the topic's tickets would be avoided by the suggested action (an assumption, not a "
            "measurement); volume = monthly mean of the last 3 months; hours = avoided tickets × the topic's mean "
            "handle time.")


def _methods_recurrence(meta: dict[str, Any], lang: str) -> str:
    if lang == "pt":
        return (f"Recontato: ticket do mesmo cliente sobre o mesmo tema até {meta['window_days']} dias depois de outro; "
                "taxa com intervalo de Wilson 95%. Cadeias ligam recontatos sucessivos ao primeiro contato. "
                "Quase-duplicados: similaridade MinHash ≥ 0,8 entre textos anonimizados. Picos: janelas de 3 dias com "
                "volume ≥ 3× a linha de base (teste de Poisson). Temas crônicos: presentes em ≥ 75% dos meses com volume "
                "estável. Economias são faixas baseadas nas premissas indicadas, não previsões.")
    return (f"Repeat contact: a ticket from the same customer on the same topic within {meta['window_days']} days of "
            "another; rate with a 95% Wilson interval. Chains link successive repeats to the first contact. "
            "Near-duplicates: MinHash similarity ≥ 0.8 between redacted texts. Spikes: 3-day windows with volume ≥ 3× "
            "the baseline (Poisson test). Chronic topics: present in ≥ 75% of months with a steady volume. Savings are "
            "ranges from the stated assumptions, not forecasts.")
