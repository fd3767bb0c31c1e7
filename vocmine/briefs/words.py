"""Plain sentences for the product brief, in ``pt`` or ``en``: the month's news, the decisions, and one
sentence per finding. Every number comes from the product analysis' frames (no computation here
beyond formatting), so text, tables, charts and CSVs agree.

Wording rule: a topic is *associated with* churn or lower CSAT, never said to cause it; "new" and
"growing" are the count test's words only (``status``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from vocmine.briefs import i18n
from vocmine.briefs.i18n import fmt_int, fmt_number, fmt_pct, fmt_q

__all__ = ["decision_sentences", "finding_sentences", "news_sentences", "score_sentence"]

_Q = "\u201c{}\u201d"


def _quote(label: Any) -> str:
    return _Q.format(label)


def _times(x: Any, lang: str) -> str:
    if x is None or (isinstance(x, float) and np.isnan(x)):
        return "–"
    if np.isinf(float(x)):
        return "∞"
    return fmt_number(x, lang, 1) + "×"


def _date(ts: Any, lang: str) -> str:
    ts = pd.Timestamp(ts)
    return f"{ts.day:02d}/{ts.month:02d}" if lang == "pt" else f"{ts:%b} {ts.day}"


# ----------------------------------------------------------------------------- news


def news_sentences(an: dict[str, Any], lang: str) -> list[str]:
    """The month's largest change the count test claims (a new or growing topic: tickets, share of
    the month, rate ratio, q) and the incident spikes, largest first; one sentence saying there is
    none otherwise."""
    topics, spikes = an["topics"], an.get("spikes")
    claimed = topics[topics["status"].astype("string").isin(["new", "growing"]).fillna(False)
                     & (topics["topic_id"] >= 0)]
    claimed = claimed.sort_values(["volume_change", "topic_id"], ascending=[False, True], kind="mergesort")
    out: list[str] = []
    if len(claimed):
        r = claimed.iloc[0]
        status = i18n.status_label(str(r["status"]), lang)
        rr = r.get("rate_ratio")
        if lang == "pt":
            s = (f"{_quote(r['label'])} é um tema {('novo' if r['status'] == 'new' else 'em crescimento')} neste mês: "
                 f"{fmt_int(r['n_tickets'], lang)} tickets ({fmt_pct(r['share'], lang)} do mês)"
                 + (f", contra {fmt_int(r['n_previous'], lang)} no mês anterior" if pd.notna(r["n_previous"]) else ""))
            if pd.notna(rr) and np.isinf(float(rr)):
                s += f"; sem nenhum ticket nos meses anteriores (teste de contagem, q {fmt_q(r['change_q'], lang)})"
            elif pd.notna(rr):
                s += f"; {_times(rr, lang)} a taxa habitual do tema (teste de contagem, q {fmt_q(r['change_q'], lang)})"
            else:
                s += "; o teste de contagem contra o histórico do tema confirma a mudança"
        else:
            s = (f"{_quote(r['label'])} is {status} this month: {fmt_int(r['n_tickets'], lang)} tickets "
                 f"({fmt_pct(r['share'], lang)} of the month)"
                 + (f", against {fmt_int(r['n_previous'], lang)} the month before" if pd.notna(r["n_previous"]) else ""))
            if pd.notna(rr) and np.isinf(float(rr)):
                s += f"; none in the months before (count test, q {fmt_q(r['change_q'], lang)})"
            elif pd.notna(rr):
                s += f"; {_times(rr, lang)} the topic's usual rate (count test, q {fmt_q(r['change_q'], lang)})"
            else:
                s += "; the count test against the topic's own history confirms the change"
        out.append(s + ".")
        others = claimed.iloc[1:4]
        if len(others):
            names = ", ".join(f"{_quote(x)} ({i18n.status_label(str(st), lang)})"
                              for x, st in zip(others["label"], others["status"], strict=True))
            out.append(("Também mudaram: " if lang == "pt" else "Also changed: ") + names + ".")
    if spikes is not None and len(spikes):
        by_volume = (spikes["basis"] == "volume").any() if "basis" in spikes else False
        for label, grp in list(spikes.groupby("label", sort=False))[:2]:
            if lang == "pt":
                eps = " e ".join(f"{fmt_int(sp['n_tickets'], lang)} tickets de {_date(sp['start'], lang)} a "
                                 f"{_date(sp['end'], lang)} ({fmt_number(sp['expected'], lang, 1)} esperados)"
                                 for _, sp in grp.iterrows())
                out.append(f"Pico de incidente em {_quote(label)}: {eps}.")
            else:
                eps = " and ".join(f"{fmt_int(sp['n_tickets'], lang)} tickets from {_date(sp['start'], lang)} to "
                                   f"{_date(sp['end'], lang)} ({fmt_number(sp['expected'], lang, 1)} expected)"
                                   for _, sp in grp.iterrows())
                out.append(f"Incident spike on {_quote(label)}: {eps}.")
        if by_volume:
            out.append("Sem identificação de clientes no export, os picos são medidos só pelo volume de tickets."
                       if lang == "pt" else
                       "The export has no customer ids, so spikes are judged on ticket volume alone.")
    if not out:
        out.append("Nenhum tema mudou de volume de forma significativa e não houve pico de incidente neste mês "
                   "(teste de contagem contra o histórico de cada tema)." if lang == "pt" else
                   "No topic changed significantly in volume and there was no incident spike this month (count "
                   "test against each topic's own history).")
    return out


# ----------------------------------------------------------------------------- decisions

_ACTION = {
    "incident": {"pt": "encontrar e corrigir a origem do problema, avisar proativamente os clientes afetados e dar aos agentes "
                       "uma macro",
                 "en": "find and fix the source of the problem, send affected customers a proactive notice and give agents a macro"},
    "investigate": {"pt": "descobrir o que mudou (versão, campanha, sazonalidade) e corrigir ou publicar uma resposta",
                    "en": "find out what changed (a release, a campaign, the season) and fix it or publish an answer"},
    "retention": {"pt": "priorizar a correção e pedir ao time de contas que contate os clientes com tickets no tema",
                  "en": "prioritise the fix and have account managers contact customers with tickets on it"},
    "fix": {"pt": "corrigir a origem do problema e revisar a resposta padrão dos agentes (macro)",
            "en": "fix the source of the problem and review the agents' standard answer (macro)"},
    "staffing": {"pt": "reforçar a equipe ou o roteamento deste tema para voltar ao SLA",
                 "en": "add capacity or routing for this topic to get back within SLA"},
}


def _reason(code: str, row: pd.Series, lang: str) -> str:
    pt = lang == "pt"
    if code == "spike":
        return "pico de incidente" if pt else "incident spike"
    if code in ("new", "growing"):
        rr = row.get("rate_ratio")
        if pd.notna(rr) and np.isinf(float(rr)):  # no ticket in its history: a ratio says nothing
            return i18n.status_label(code, lang) + (" (sem histórico)" if pt else " (no history)")
        return i18n.status_label(code, lang) + (f" ({_times(rr, lang)})" if pd.notna(rr) else "")
    if code == "churn":
        rr = _times(row.get("churn_rr"), lang)
        return f"clientes cancelam {rr} mais" if pt else f"customers churn {rr} as often"
    if code == "csat":
        return f"CSAT {i18n.fmt_points(row.get('csat_diff'), lang)} " + ("vs demais" if pt else "vs the rest")
    if code == "sla":
        return (f"SLA de 1ª resposta violado em {fmt_pct(row.get('sla_breach_rate'), lang, 0)}" if pt else
                f"first-response SLA breached on {fmt_pct(row.get('sla_breach_rate'), lang, 0)}")
    return code


def decision_sentences(an: dict[str, Any], lang: str) -> list[str]:
    """One sentence per decision item: topic(s), owner(s), ask, why, and what is at stake this month."""
    todo, topics = an["decisions"], an["topics"].set_index("topic_id")
    out = []
    item_col = todo["item"] if "item" in todo else pd.Series(range(len(todo)), index=todo.index)
    for _, grp in todo.groupby(item_col, sort=True):
        parts = []
        for _, d in grp.iterrows():
            row = topics.loc[int(d["topic_id"])]
            owner = i18n.owner_label(d.get("owner"), lang)
            if owner == "–":
                owner = "responsável a definir" if lang == "pt" else "owner to be named"
            why = ", ".join(_reason(c, row, lang) for c in str(d["reasons"]).split(";"))
            parts.append(f"{_quote(d['label'])} ({owner}; {why})")
        first = grp.iloc[0]
        who = (" e " if lang == "pt" else " and ").join(parts)
        n, hours = fmt_int(grp["n_tickets"].sum(), lang), fmt_number(grp["handle_hours"].sum(), lang, 0)
        # without any handle time the hours are unknown (NaN), not zero
        timed = grp["handle_hours"].notna().any()
        if lang == "pt":
            at_stake = f"{n} tickets e {hours} horas de agente" if timed else f"{n} tickets"
            out.append(f"{who}: {_ACTION[first['action']]['pt']}. Em jogo: {at_stake} neste mês.")
        else:
            at_stake = f"{n} tickets and {hours} agent hours" if timed else f"{n} tickets"
            out.append(f"{who}: {_ACTION[first['action']]['en']}. At stake: {at_stake} this month.")
    if not out:
        out.append("Nenhum tema pede decisão neste mês: nenhuma mudança de volume, pico, efeito significativo de CSAT "
                   "ou churn, nem problema de SLA." if lang == "pt" else
                   "No topic calls for a decision this month: no volume change, spike, significant CSAT or churn "
                   "effect, or SLA problem.")
    return out


# ----------------------------------------------------------------------------- findings


def churn_sentence(row: pd.Series, lang: str) -> str | None:
    """Plain words for a churn cell, or None when there is nothing to say (not tested, no raw effect)."""
    if pd.isna(row.get("churn_rr")):
        return None
    lab, rr = _quote(row["label"]), _times(row["churn_rr"], lang)
    a, b = fmt_pct(row["churn_rate_exposed"], lang), fmt_pct(row["churn_rate_unexposed"], lang)
    q = fmt_q(row.get("churn_q"), lang)
    if bool(row.get("churn_flag")):
        if lang == "pt":
            return (f"Clientes com tickets sobre {lab} cancelaram {rr} mais ({a} vs {b}); ajustando pelo volume de "
                    f"tickets de cada cliente, a associação se mantém (q {q}). É associação: não demonstra que o tema provoca o cancelamento.")
        return (f"Customers with tickets about {lab} churned {rr} as often ({a} vs {b}); adjusted for each customer's "
                f"ticket volume the association holds (q {q}). Associated, not proven to cause.")
    if pd.notna(row.get("churn_rr_lo")) and row["churn_rr_lo"] > 1:
        if lang == "pt":
            return (f"Clientes com tickets sobre {lab} cancelaram {rr} mais ({a} vs {b}), mas ajustando pelo volume de "
                    f"tickets a associação não se sustenta (q {q}): quem abre muitos tickets cancela mais, seja qual "
                    "for o tema.")
        return (f"Customers with tickets about {lab} churned {rr} as often ({a} vs {b}), but adjusted for ticket volume "
                f"the association does not hold (q {q}): customers who file many tickets churn more whatever the topic.")
    return None


def csat_sentence(row: pd.Series, meta: dict[str, Any], lang: str) -> str | None:
    """Plain words for a CSAT cell: significantly lower (with CSAT points lost) or significantly HIGHER."""
    if pd.isna(row.get("csat_q")) or not row["csat_q"] < 0.05 or pd.isna(row.get("csat_diff")):
        return None
    lab, d, q = _quote(row["label"]), i18n.fmt_points(row["csat_diff"], lang), fmt_q(row["csat_q"], lang)
    if row["csat_diff"] < 0:
        lost = fmt_number(float(row.get("csat_points_lost", np.nan)) * 100, lang, 1)
        if lang == "pt":
            return (f"Tickets sobre {lab} tiveram CSAT {d} em relação aos demais (q {q}); o tema custa {lost} pontos "
                    f"no CSAT geral ({fmt_pct(meta['overall_csat'], lang)}).")
        return (f"Tickets about {lab} were rated {d} against the rest (q {q}); the topic costs the overall CSAT "
                f"({fmt_pct(meta['overall_csat'], lang)}) {lost} points.")
    if lang == "pt":
        return (f"{lab} tem CSAT MAIS ALTO que os demais ({d}, q {q}): está na lista pelo volume, pela novidade ou "
                "pelo churn, não por insatisfação com o atendimento.")
    return (f"{lab} is rated HIGHER than the rest ({d}, q {q}): it is listed for its volume, novelty or churn, not "
            "for dissatisfaction with the answers.")


def finding_sentences(an: dict[str, Any], lang: str) -> list[str]:
    """One plain sentence per flagged cell of the top table (churn, lower CSAT); then one sentence for
    the raw churn differences that do not hold after adjustment and one naming the top topics rated
    significantly HIGHER than the rest."""
    out, higher, raw_only = [], [], []
    for _, row in an["top"].iterrows():
        churn = churn_sentence(row, lang)
        if churn and bool(row.get("churn_flag")):
            out.append(churn)
        elif churn:
            raw_only.append(f"{_quote(row['label'])} ({_times(row['churn_rr'], lang)}, q {fmt_q(row['churn_q'], lang)})")
        csat = csat_sentence(row, an["meta"], lang)
        if csat and row["csat_diff"] < 0:
            out.append(csat)
        elif csat:
            higher.append(f"{_quote(row['label'])} ({i18n.fmt_points(row['csat_diff'], lang)}, "
                          f"q {fmt_q(row['csat_q'], lang)})")
    if raw_only:
        out.append(f"Clientes com tickets sobre {', '.join(raw_only)} cancelaram mais, mas ajustando pelo volume de "
                   "tickets de cada cliente nenhuma dessas associações se sustenta: quem abre muitos tickets cancela "
                   "mais, seja qual for o tema." if lang == "pt" else
                   f"Customers with tickets about {', '.join(raw_only)} churned more often, but adjusted for each "
                   "customer's ticket volume none of these associations holds: customers who file many tickets "
                   "churn more whatever the topic.")
    if higher:
        if lang == "pt":
            out.append(f"{len(higher)} dos {len(an['top'])} temas da tabela têm CSAT MAIS ALTO que os demais: "
                       f"{', '.join(higher)}. Estão na lista pelo volume, pela novidade ou pelo churn, não por "
                       "insatisfação com o atendimento.")
        else:
            out.append(f"{len(higher)} of the {len(an['top'])} topics in the table are rated HIGHER than the rest: "
                       f"{', '.join(higher)}. They are listed for their volume, novelty or churn, not for "
                       "dissatisfaction with the answers.")
    return out


def score_sentence(meta: dict[str, Any], lang: str) -> str:
    """The ranking score in one sentence (vocmine.analysis.decisions.priority)."""
    month = fmt_pct(meta.get("month_sla_breach"), lang)
    if lang == "pt":
        return ("Ordem da tabela: primeiro os temas com algo a fazer (novos, em crescimento, com pico, ou com efeito "
                "significativo de CSAT ou churn), depois os demais; em cada grupo, prioridade = volume relativo ao maior tema + pontos de CSAT perdidos + associação com "
                "churn (cada um de 0 a 1, os dois últimos só quando significativos) + 1 se o teste de contagem diz que "
                "o tema é novo ou cresce + 1 se teve pico de incidente + 0,5 se o SLA de 1ª resposta foi violado 10 "
                f"pontos ou mais acima da média do mês ({month}).")
    return ("Table order: topics with something to act on (new, growing, spiking, or with a significant CSAT or churn "
            "effect) first, then the rest; within each group, priority = volume relative to the largest topic + CSAT points lost + churn association (each "
            "0 to 1, the last two only when significant) + 1 if the count test calls the topic new or growing + 1 for "
            "an incident spike + 0.5 if its first-response SLA breach rate is 10 points or more above the month's "
            f"({month}).")
