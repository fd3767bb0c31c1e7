"""Operational fields of the sample export: channel, priority, status, agent, group, product, tags,
response and solve times, handle/wait minutes, reopens and CSAT."""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta

CHANNELS = ["email", "chat", "phone", "whatsapp", "web"]
CHANNEL_WEIGHTS = {"pt": [0.34, 0.20, 0.10, 0.22, 0.14], "en": [0.46, 0.26, 0.08, 0.04, 0.16]}

PRIORITIES = ["low", "normal", "high", "urgent"]

GROUPS = {
    "payments": "Pagamentos",
    "account": "Contas e Acesso",
    "billing": "Financeiro",
    "logistics": "Logística",
    "integrations": "Integrações N2",
    "platform": "Suporte Técnico N1",
    "product": "Produto",
    "subscriptions": "Customer Success",
    "reports": "Suporte Técnico N1",
    "hardware": "Logística",
    "mobile_app": "Suporte Técnico N2",
}
EN_GROUP = "Global Support (EN)"

AGENTS_BY_GROUP = {
    "Pagamentos": ["Ana Paula Ribeiro", "Bruno Matos", "Camila Teixeira"],
    "Contas e Acesso": ["Diego Fernandes", "Elaine Prado", "Fabio Nunes"],
    "Financeiro": ["Gabriela Moura", "Heitor Lima", "Isabela Costa"],
    "Logística": ["João Vitor Alves", "Karina Sampaio", "Leonardo Dias"],
    "Integrações N2": ["Marcos Oliveira", "Natália Freitas"],
    "Suporte Técnico N1": ["Otávio Rocha", "Patrícia Gomes", "Rafael Souza", "Sabrina Melo"],
    "Suporte Técnico N2": ["Thiago Barros", "Vanessa Pires"],
    "Produto": ["Wagner Campos"],
    "Customer Success": ["Yasmin Cardoso", "Renato Queiroz"],
    EN_GROUP: ["Emily Carter", "Jason Miller", "Priya Shah", "Lucas Brandão", "Megan O'Neil"],
}

PRIORITY_WAIT = {"low": 1.5, "normal": 1.0, "high": 0.7, "urgent": 0.4}
# some agents are slower than others (handle time multiplier), deterministic by position
AGENT_SPEED = {name: 0.75 + 0.12 * (i % 5) for i, name in
               enumerate(n for names in AGENTS_BY_GROUP.values() for n in names)}

# base handle minutes (median) per reason; product area per reason is in generator.REASONS
HANDLE_MEDIAN = {
    "payment_boleto_pix": 9, "login_2fa": 7, "invoice_nf_error": 16, "delivery_delay": 8, "refund_request": 12,
    "cancellation": 11, "integration_api": 38, "slow_app": 14, "feature_request": 5, "card_declined": 8,
    "address_change": 5, "password_reset": 4, "data_export": 15, "plan_upgrade": 9, "damaged_product": 13,
    "app_crash": 12, "duplicate_charge": 10, "scheduled_pix": 17,
}

PRIORITY_WEIGHTS = {
    "payment_boleto_pix": [0.05, 0.45, 0.38, 0.12], "login_2fa": [0.05, 0.50, 0.33, 0.12],
    "integration_api": [0.03, 0.37, 0.40, 0.20], "scheduled_pix": [0.02, 0.38, 0.40, 0.20],
    "feature_request": [0.62, 0.35, 0.03, 0.00], "address_change": [0.30, 0.62, 0.08, 0.00],
    "data_export": [0.20, 0.60, 0.17, 0.03], "slow_app": [0.08, 0.55, 0.30, 0.07],
}
DEFAULT_PRIORITY = [0.15, 0.58, 0.21, 0.06]

# first-response wait (minutes, median) by channel
WAIT_MEDIAN = {"email": 240, "web": 300, "chat": 3, "whatsapp": 14, "phone": 1}

TAG_POOL = {
    "payment_boleto_pix": ["boleto", "pix", "pagamento", "baixa_manual"],
    "login_2fa": ["login", "2fa", "acesso", "bloqueio"],
    "invoice_nf_error": ["nota_fiscal", "nfe", "fiscal"],
    "delivery_delay": ["entrega", "atraso", "transportadora", "rastreio"],
    "refund_request": ["reembolso", "estorno", "financeiro"],
    "cancellation": ["cancelamento", "retencao", "churn_risk"],
    "integration_api": ["api", "integracao", "webhook", "n2"],
    "slow_app": ["lentidao", "performance"],
    "feature_request": ["sugestao", "feedback_produto"],
    "card_declined": ["cartao", "recusado", "pagamento"],
    "address_change": ["endereco", "cadastro"],
    "password_reset": ["senha", "acesso"],
    "data_export": ["exportacao", "relatorio", "dados"],
    "plan_upgrade": ["upgrade", "plano", "comercial"],
    "damaged_product": ["defeito", "troca", "hardware"],
    "app_crash": ["app", "crash", "mobile"],
    "duplicate_charge": ["cobranca_duplicada", "estorno", "financeiro"],
    "scheduled_pix": ["pix", "pix_agendado"],
}
GENERIC_TAGS = ["vip", "sla_violado", "macro_usada", "primeiro_contato", "reaberto", "whatsapp_bot", "transferido",
                "ligacao_retorno", "en", "pesquisa_enviada"]

# CSAT distributions (probabilities of 1..5)
CSAT_NORMAL = [0.05, 0.05, 0.09, 0.28, 0.53]     # mean ~4.19
CSAT_DEFICIT = [0.33, 0.24, 0.20, 0.13, 0.10]    # mean ~2.43


def lognormal_minutes(rng: random.Random, median: float, sigma: float = 0.7) -> float:
    return median * math.exp(rng.gauss(0.0, sigma))


def business_delay(created: datetime, minutes: float) -> datetime:
    """Add minutes, pushing answers that would land at night or on a weekend to the next morning."""
    t = created + timedelta(minutes=minutes)
    if minutes < 60:
        return t
    if t.hour >= 20:
        t = (t + timedelta(days=1)).replace(hour=8, minute=t.minute % 60)
    elif t.hour < 8:
        t = t.replace(hour=8)
    while t.weekday() >= 5:
        t += timedelta(days=1)
    return t


def weighted(rng: random.Random, items: list, weights: list[float]):
    return rng.choices(items, weights=weights, k=1)[0]
