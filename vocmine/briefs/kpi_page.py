"""The support lead's monthly KPI page (blocks, ``pt``/``en``) from ``kpi_monthly`` (vocmine.analysis.kpi).

One table, KPIs as rows and the last months as columns (this month last), the volume change over the
window in one sentence, and the KPIs the export cannot give named instead of shown as zeros.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from vocmine.briefs import i18n
from vocmine.briefs.blocks import Block, Heading, Note, Paragraph, Table
from vocmine.briefs.i18n import fmt_int, fmt_number, fmt_pct, t

__all__ = ["kpi_blocks", "volume_sentence"]

# (column, label pt, label en, formatter)
_ROWS = [
    ("n_tickets", "Volume (tickets)", "Volume (tickets)", "int"),
    ("sla_breach_rate", "SLA de 1ª resposta violado", "First-response SLA breached", "pct"),
    ("resolution_sla_breach_rate", "SLA de resolução violado", "Resolution SLA breached", "pct"),
    ("frt_hours_median", "1ª resposta, mediana (h)", "First response, median (h)", "num"),
    ("wait_minutes_mean", "TME: tempo de espera (min)", "Wait time (min)", "num"),
    ("handle_minutes_mean", "TMA: tempo de atendimento (min)", "Handle time (min)", "num"),
    ("backlog_end", "Backlog no fim do mês", "Backlog at month end", "int"),
    ("fcr_rate", "Resolução no 1º contato", "First-contact resolution", "pct"),
    ("reopen_rate", "Reabertura", "Reopen rate", "pct"),
    ("csat_mean", "CSAT (média, 0–100%)", "CSAT (mean, 0–100%)", "pct"),
    ("repeat_rate", "Taxa de recontato", "Repeat-contact rate", "pct"),
]


def _fmt(v: Any, kind: str, lang: str) -> str:
    if kind == "int":
        return fmt_int(v, lang)
    if kind == "pct":
        return fmt_pct(v, lang)
    return fmt_number(v, lang, 1)


def volume_sentence(kpis: pd.DataFrame, lang: str) -> str:
    """Volume change from the first to the last month of the window, and against the month before."""
    if kpis.empty:
        return t("none", lang)
    first, last = kpis.iloc[0], kpis.iloc[-1]
    m0, m1 = i18n.month_name(str(first["period"]), lang), i18n.month_name(str(last["period"]), lang)
    n0, n1 = float(first["n_tickets"]), float(last["n_tickets"])
    if len(kpis) == 1:
        return (f"Só há um mês no histórico: {fmt_int(n1, lang)} tickets em {m1}." if lang == "pt" else
                f"The history holds one month only: {fmt_int(n1, lang)} tickets in {m1}.")
    growth = fmt_pct((n1 - n0) / n0, lang, 0, signed=True) if n0 else "–"
    mom = last.get("volume_change_pct")
    if lang == "pt":
        s = f"O volume passou de {fmt_int(n0, lang)} tickets em {m0} para {fmt_int(n1, lang)} em {m1} ({growth})"
        if pd.notna(mom):
            s += f"; {fmt_pct(mom, lang, 0, signed=True)} em relação ao mês anterior"
    else:
        s = f"Volume went from {fmt_int(n0, lang)} tickets in {m0} to {fmt_int(n1, lang)} in {m1} ({growth})"
        if pd.notna(mom):
            s += f"; {fmt_pct(mom, lang, 0, signed=True)} against the month before"
    return s + "."


def kpi_blocks(kpis: pd.DataFrame, meta: dict[str, Any], lang: str) -> list[Block]:
    """Heading, volume sentence, KPI table (rows = KPIs, columns = months) and its definitions."""
    blocks: list[Block] = [Heading(t("kpi_page", lang))]
    if kpis is None or kpis.empty:
        blocks.append(Paragraph(t("none", lang)))
        return blocks
    blocks.append(Paragraph(volume_sentence(kpis, lang)))
    months = [i18n.month_short(str(p), lang) for p in kpis["period"]]
    rows, missing = [], []
    for col, pt, en, kind in _ROWS:
        name = pt if lang == "pt" else en
        if col not in kpis or kpis[col].isna().all():
            missing.append(name)
            continue
        rows.append([name, *[_fmt(v, kind, lang) for v in kpis[col]]])
    blocks.append(Table(pd.DataFrame(rows, columns=[t("kpi", lang), *months])))
    frt = fmt_number(kpis["sla_first_response_hours"].iloc[-1], lang, 0)
    res = fmt_number(kpis["sla_resolution_hours"].iloc[-1], lang, 0)
    if lang == "pt":
        note = (f"Metas: 1ª resposta em {frt} h para prioridade normal ou sem prioridade (proporcional para as demais prioridades), "
                f"resolução em {res} h; tickets sem resposta ou sem solução além da meta contam como violados. "
                "Resolução no 1º contato: o ticket não foi reaberto e o cliente não voltou sobre o mesmo tema na "
                "janela (um ticket reaberto nunca conta como resolvido no 1º contato). Backlog: tickets abertos no último "
                "instante do mês.")
        if missing:
            note += f" Não disponível neste export: {', '.join(missing)}."
        if not meta.get("has_customers", True):
            note += " A taxa de recontato e a resolução no 1º contato por recontato precisam da identificação do cliente."
    else:
        note = (f"Targets: first response within {frt} h for normal priority or none (scaled for the other priorities), "
                f"resolution within {res} h; tickets unanswered or unsolved past the target count as breached. "
                "First-contact resolution: the ticket was not reopened and the customer did not come back on the same "
                "topic within the window (a reopened ticket never counts as resolved on first contact). Backlog: tickets open at the "
                "month's last instant.")
        if missing:
            note += f" Not available in this export: {', '.join(missing)}."
        if not meta.get("has_customers", True):
            note += " The repeat-contact rate and repeat-based first-contact resolution need customer ids."
    blocks.append(Note(note))
    return blocks
