"""Labels, headings and number formats for the briefs in Portuguese (``pt``) and English (``en``).

``pt`` uses ``1.234,5`` and ``12,3%``; ``en`` uses ``1,234.5`` and ``12.3%``.
"""

from __future__ import annotations

import math
from typing import Any

from vocmine.exceptions import ConfigError

LANGUAGES = ("pt", "en")

_MONTHS = {
    "pt": ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro",
           "outubro", "novembro", "dezembro"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"],
}

LABELS: dict[str, dict[str, str]] = {
    # titles and headings
    "product_title": {"pt": "Brief de melhoria de produto — {month}", "en": "Product-improvement brief — {month}"},
    "recurrence_title": {"pt": "Brief de redução de tickets recorrentes — {month}",
                         "en": "Recurring-ticket reduction brief — {month}"},
    "explore_title": {"pt": "Exploração dos tickets — {month}", "en": "Ticket exploration — {month}"},
    "summary": {"pt": "Resumo", "en": "Summary"},
    "top_topics": {"pt": "Temas de maior impacto", "en": "Top topics by impact"},
    "emerging": {"pt": "Temas emergentes neste mês", "en": "Emerging topics this month"},
    "improved": {"pt": "Temas que melhoraram", "en": "Topics that improved"},
    "methods": {"pt": "Notas de método", "en": "Methods"},
    "examples": {"pt": "Exemplos (texto anonimizado)", "en": "Examples (redacted text)"},
    "repeat_rate": {"pt": "Taxa de recontato", "en": "Repeat-contact rate"},
    "repeat_by_topic": {"pt": "Recontato por tema", "en": "Repeat contacts by topic"},
    "top_chains": {"pt": "Maiores cadeias de recontato", "en": "Top repeat chains"},
    "duplicates": {"pt": "Grupos de quase-duplicados", "en": "Near-duplicate groups"},
    "spikes": {"pt": "Picos de incidentes", "en": "Incident spikes"},
    "chronic": {"pt": "Temas crônicos", "en": "Chronic topics"},
    "deflection": {"pt": "Temas para reduzir tickets (artigo, bot/macro ou correção no produto)",
                   "en": "Topics to remove tickets from (article, bot/macro or product fix)"},
    "questions": {"pt": "Perguntas que um artigo da central de ajuda deve responder",
                  "en": "Questions a help-center article should answer"},
    "mom_change": {"pt": "Variação mensal dos tickets recorrentes", "en": "Month-over-month change in recurring tickets"},
    "data_quality": {"pt": "Qualidade dos dados", "en": "Data quality"},
    "volumes": {"pt": "Volumes", "en": "Volumes"},
    "language_mix": {"pt": "Idiomas", "en": "Language mix"},
    "topic_map": {"pt": "Mapa de temas", "en": "Topic map"},
    "drilldown": {"pt": "Detalhe por tema", "en": "Drill-down by topic"},
    "assumptions": {"pt": "Premissas", "en": "Assumptions"},
    # table columns / field names
    "topic": {"pt": "Tema", "en": "Topic"},
    "tickets": {"pt": "Tickets", "en": "Tickets"},
    "volume": {"pt": "Volume", "en": "Volume"},
    "trend": {"pt": "Tendência", "en": "Trend"},
    "csat_diff": {"pt": "Diferença de CSAT", "en": "CSAT difference"},
    "churn_assoc": {"pt": "Associação com churn", "en": "Churn association"},
    "owner": {"pt": "Área sugerida", "en": "Suggested owner"},
    "kpis": {"pt": "Indicadores", "en": "KPIs"},
    "handle_time": {"pt": "TMA (min)", "en": "Handle time (min)"},
    "first_response": {"pt": "1ª resposta (h)", "en": "First response (h)"},
    "resolution": {"pt": "Resolução (h)", "en": "Resolution (h)"},
    "sla_met": {"pt": "SLA cumprido", "en": "SLA met"},
    "reopen_rate": {"pt": "Reabertura", "en": "Reopen rate"},
    "fcr": {"pt": "Resolução no 1º contato", "en": "First-contact resolution"},
    "q_value": {"pt": "valor q", "en": "q-value"},
    "n": {"pt": "n", "en": "n"},
    "status": {"pt": "Situação", "en": "Status"},
    "change": {"pt": "Variação", "en": "Change"},
    "previous": {"pt": "Mês anterior", "en": "Previous month"},
    "this_month": {"pt": "Este mês", "en": "This month"},
    "month": {"pt": "Mês", "en": "Month"},
    "share": {"pt": "Participação", "en": "Share"},
    "repeat_contacts": {"pt": "Recontatos", "en": "Repeat contacts"},
    "customer": {"pt": "Cliente", "en": "Customer"},
    "chain_length": {"pt": "Tickets na cadeia", "en": "Tickets in chain"},
    "span_days": {"pt": "Duração (dias)", "en": "Span (days)"},
    "group_size": {"pt": "Tamanho do grupo", "en": "Group size"},
    "example": {"pt": "Exemplo", "en": "Example"},
    "date": {"pt": "Data", "en": "Date"},
    "expected": {"pt": "Esperado", "en": "Expected"},
    "expected_n": {"pt": "esperados", "en": "expected"},
    "no_previous_month": {"pt": "mês anterior fora do histórico", "en": "month before not in the history"},
    "observed": {"pt": "Observado", "en": "Observed"},
    "months_active": {"pt": "Meses ativos", "en": "Months active"},
    "tickets_removed": {"pt": "Tickets evitáveis/mês", "en": "Tickets avoidable/month"},
    "hours_saved": {"pt": "Horas de agente/mês", "en": "Agent hours/month"},
    "agent_hours": {"pt": "Horas de agente", "en": "Agent hours"},
    "customers": {"pt": "Clientes", "en": "Customers"},
    "rows_read": {"pt": "Linhas lidas", "en": "Rows read"},
    "rows_accepted": {"pt": "Aceitas", "en": "Accepted"},
    "rows_quarantined": {"pt": "Em quarentena", "en": "Quarantined"},
    "file": {"pt": "Arquivo", "en": "File"},
    "language": {"pt": "Idioma", "en": "Language"},
    "keywords": {"pt": "Palavras-chave", "en": "Keywords"},
    "none": {"pt": "Nenhum neste mês.", "en": "None this month."},
    "no_ranking": {"pt": "Nenhum tema chegou ao mínimo de {m} observações neste mês: não há ranking.",
                   "en": "No topic reached the minimum sample of {m} observations this month: there is no ranking."},
    "largest_topics": {"pt": "Maiores temas do mês (volume, sem ranking):",
                       "en": "The month's largest topics (volume only, not ranked):"},
    "not_available": {"pt": "não disponível", "en": "not available"},
    "new": {"pt": "novo", "en": "new"},
    "growing": {"pt": "crescendo", "en": "growing"},
    "shrinking": {"pt": "diminuindo", "en": "shrinking"},
    "stable": {"pt": "estável", "en": "stable"},
    "vanished": {"pt": "desapareceu", "en": "vanished"},
    "no_history": {"pt": "sem histórico", "en": "no history"},
    "points": {"pt": "p.p.", "en": "pts"},
    "csat_axis": {"pt": "Diferença de CSAT vs. demais tickets (pontos percentuais, IC 95%)",
                  "en": "CSAT difference vs. other tickets (percentage points, 95% CI)"},
    "churn_axis": {"pt": "Diferença na taxa de churn (p.p., IC 95%)",
                   "en": "Difference in churn rate (pct. points, 95% CI)"},
    "repeat_axis": {"pt": "Taxa de recontato (%, IC 95%)", "en": "Repeat-contact rate (%, 95% CI)"},
    "tickets_axis": {"pt": "Tickets por mês", "en": "Tickets per month"},
    "volume_axis": {"pt": "Tickets", "en": "Tickets"},
    "share_axis": {"pt": "Participação (%)", "en": "Share (%)"},
    # decision box, findings, KPI page
    "news": {"pt": "A notícia do mês", "en": "The month's news"},
    "decide": {"pt": "O que decidir", "en": "What to decide"},
    "findings": {"pt": "O que os números dizem", "en": "What the numbers say"},
    "score": {"pt": "Pontuação", "en": "Score"},
    "priority": {"pt": "Prioridade", "en": "Priority"},
    "csat_lost": {"pt": "Pontos de CSAT perdidos", "en": "CSAT points lost"},
    "sla_breach": {"pt": "SLA de 1ª resposta violado", "en": "First-response SLA breached"},
    "res_sla_breach": {"pt": "SLA de resolução violado", "en": "Resolution SLA breached"},
    "wait_time": {"pt": "TME (min)", "en": "Wait time (min)"},
    "backlog": {"pt": "Backlog no fim do mês", "en": "Backlog at month end"},
    "csat": {"pt": "CSAT", "en": "CSAT"},
    "kpi_page": {"pt": "Indicadores do suporte mês a mês", "en": "Support KPIs month over month"},
    "kpi": {"pt": "Indicador", "en": "KPI"},
    "action": {"pt": "Ação sugerida", "en": "Suggested action"},
    "churn_chart": {"pt": "Churn: razão de chances ajustada pelo volume de tickets (IC 95%; vermelho = significativo, q < 0,05)",
                    "en": "Churn: odds ratio adjusted for ticket volume (95% CI; red = significant, q < 0.05)"},
    "repeat_trend_axis": {"pt": "Taxa de recontato (%)", "en": "Repeat-contact rate (%)"},
    "repeat_overall_axis": {"pt": "Taxa de recontato (%, faixa = IC 95%)",
                            "en": "Repeat-contact rate (%, band = 95% CI)"},
    "repeat_bars_axis": {"pt": "Taxa de recontato (%, barras = IC 95%)",
                         "en": "Repeat-contact rate (%, whiskers = 95% CI)"},
    # chart legends and the table of contents (briefs.plots, briefs.export)
    "legend_worse": {"pt": "pior que os demais tickets", "en": "worse than the other tickets"},
    "legend_better": {"pt": "melhor que os demais tickets", "en": "better than the other tickets"},
    "legend_ci": {"pt": "IC 95%", "en": "95% CI"},
    "legend_significant": {"pt": "significativo (q < 0,05)", "en": "significant (q < 0.05)"},
    "legend_not_significant": {"pt": "não significativo", "en": "not significant"},
    "legend_month": {"pt": "mês do relatório", "en": "report month"},
    "contents": {"pt": "Conteúdo", "en": "Contents"},
    # exploration filters (analysis.explore.FILTER_PARAMS)
    "filters_applied": {"pt": "Filtros aplicados: {filters}.", "en": "Filters applied: {filters}."},
    "filter_since": {"pt": "desde", "en": "since"},
    "filter_channel": {"pt": "canal", "en": "channel"},
    "filter_product": {"pt": "produto", "en": "product"},
    "filter_plan": {"pt": "plano", "en": "plan"},
    "filter_language": {"pt": "idioma", "en": "language"},
    "filter_topic": {"pt": "tema", "en": "topic"},
    "questions_by_action": {"pt": "Perguntas dos clientes por tema (base para o artigo, a macro, o fluxo do bot ou a correção)",
                            "en": "Customers' questions per topic (input for the article, macro, bot flow or fix)"},
}

#: suggested actions of vocmine.recurrence.deflection_candidates and of the decision box
ACTIONS = {
    "help-center article": {"pt": "artigo na central de ajuda", "en": "help-center article"},
    "product fix": {"pt": "correção no produto", "en": "product fix"},
    "bot / macro": {"pt": "bot / macro", "en": "bot / macro"},
    "review": {"pt": "revisar", "en": "review"},
}

#: common product-area values (an export's ``product`` column) in each language; others pass through
OWNERS = {
    "account": {"pt": "conta e acesso", "en": "account"},
    "accounts": {"pt": "contas", "en": "accounts"},
    "payments": {"pt": "pagamentos", "en": "payments"},
    "billing": {"pt": "faturamento", "en": "billing"},
    "subscriptions": {"pt": "assinaturas", "en": "subscriptions"},
    "logistics": {"pt": "logística", "en": "logistics"},
    "mobile_app": {"pt": "app móvel", "en": "mobile app"},
    "app": {"pt": "app", "en": "app"},
    "integrations": {"pt": "integrações", "en": "integrations"},
    "platform": {"pt": "plataforma", "en": "platform"},
    "reports": {"pt": "relatórios", "en": "reports"},
    "hardware": {"pt": "hardware", "en": "hardware"},
    "product": {"pt": "produto", "en": "product"},
}


def owner_label(value: Any, lang: str) -> str:
    """A product-area value in ``lang`` (known values translated, others as written, missing → '–')."""
    check_language(lang)
    import pandas as pd

    if value is None or value is pd.NA or _is_missing(value):
        return "–"
    key = str(value).strip()
    return OWNERS.get(key.lower(), {}).get(lang, key)


def action_label(value: Any, lang: str) -> str:
    """A suggested action (``deflection_candidates``' ``suggested_action``) in ``lang``."""
    check_language(lang)
    return ACTIONS.get(str(value), {}).get(lang, str(value))


def check_language(lang: str) -> str:
    """Return ``lang`` or raise :class:`ConfigError` when it is not ``pt`` or ``en``."""
    if lang not in LANGUAGES:
        raise ConfigError(f"brief language must be one of {LANGUAGES}, got {lang!r}")
    return lang


def t(key: str, lang: str, **fmt: Any) -> str:
    """Label ``key`` in ``lang`` (``str.format`` applied with ``fmt``); unknown keys raise KeyError."""
    text = LABELS[key][check_language(lang)]
    return text.format(**fmt) if fmt else text


def _is_missing(x: Any) -> bool:
    if x is None:
        return True
    try:
        return bool(math.isnan(float(x)))
    except (TypeError, ValueError):
        return False


def fmt_number(x: Any, lang: str, decimals: int = 1, *, signed: bool = False) -> str:
    """``1234.5`` → ``'1.234,5'`` (pt) or ``'1,234.5'`` (en); missing → ``'–'``."""
    check_language(lang)
    if _is_missing(x):
        return "–"
    x = float(x)
    if x == 0:
        x = 0.0  # no "-0,0"
    s = f"{x:{'+' if signed else ''},.{decimals}f}"
    if lang == "pt":
        s = s.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return s.replace("-", "−") if s.startswith("-") else s


def fmt_expected(x: Any, lang: str) -> str:
    """An expected count: one decimal under 10 (``0.3``), whole above (``83``)."""
    return fmt_number(x, lang, 1 if not _is_missing(x) and float(x) < 10 else 0)


def fmt_int(x: Any, lang: str) -> str:
    """Integer with thousands separator for ``lang``."""
    return fmt_number(x, lang, 0)


def fmt_pct(x: Any, lang: str, decimals: int = 1, *, signed: bool = False) -> str:
    """A fraction as a percentage: ``0.123`` → ``'12,3%'`` (pt) / ``'12.3%'`` (en)."""
    if _is_missing(x):
        return "–"
    return fmt_number(float(x) * 100.0, lang, decimals, signed=signed) + "%"


def fmt_points(x: Any, lang: str, decimals: int = 1) -> str:
    """A difference of fractions in percentage points, signed: ``-0.12`` → ``'−12,0 p.p.'``."""
    if _is_missing(x):
        return "–"
    return fmt_number(float(x) * 100.0, lang, decimals, signed=True) + " " + t("points", lang)


def fmt_interval(lo: Any, hi: Any, lang: str, *, scale: float = 100.0, decimals: int = 1) -> str:
    """``[lo; hi]`` (pt) or ``[lo, hi]`` (en) after multiplying by ``scale``."""
    if _is_missing(lo) or _is_missing(hi):
        return "–"
    sep = "; " if lang == "pt" else ", "
    return ("[" + fmt_number(float(lo) * scale, lang, decimals, signed=True) + sep
            + fmt_number(float(hi) * scale, lang, decimals, signed=True) + "]")


def fmt_q(q: Any, lang: str) -> str:
    """A q-value: ``< 0,001`` or two significant decimals."""
    if _is_missing(q):
        return "–"
    q = float(q)
    if q < 0.001:
        return "< " + fmt_number(0.001, lang, 3)
    return fmt_number(q, lang, 3)


def month_name(period: str, lang: str) -> str:
    """``'2026-08'`` → ``'agosto de 2026'`` (pt) / ``'August 2026'`` (en)."""
    year, month = period.split("-")[:2]
    name = _MONTHS[check_language(lang)][int(month) - 1]
    return f"{name} de {year}" if lang == "pt" else f"{name} {year}"


def month_short(period: str, lang: str) -> str:
    """``'2026-08'`` → ``'ago/26'`` (pt) / ``'Aug 26'`` (en)."""
    year, month = period.split("-")[:2]
    name = _MONTHS[check_language(lang)][int(month) - 1][:3]
    return f"{name}/{year[2:]}" if lang == "pt" else f"{name} {year[2:]}"


def status_label(status: str, lang: str) -> str:
    """Topic change status (new/growing/shrinking/stable/vanished) in ``lang``."""
    return t(status, lang) if status in LABELS else str(status)
