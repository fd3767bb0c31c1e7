"""Seeded generator of the bilingual (pt-BR / en) sample help-desk export with planted truth.

``write_sample(out_dir, seed=7)`` writes tickets.csv, customers.csv, truth.json, truth_tickets.csv,
truth_pii.csv and README.md. Everything comes from one ``random.Random(seed)`` consumed in a fixed
order, so the same seed gives the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
import math
import random
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from vocmine.sample import noise, operational as op, pii, slots
from vocmine.sample import reasons_en as EN
from vocmine.sample import reasons_pt as PT

BRT = timezone(timedelta(hours=-3))
START = datetime(2026, 3, 1, 0, 0, tzinfo=BRT)
END = datetime(2026, 9, 1, 0, 0, tzinfo=BRT)          # exclusive
OBS_END = datetime(2026, 8, 31, 23, 59, 59, tzinfo=BRT)
MONTHS = ["2026-03", "2026-04", "2026-05", "2026-06", "2026-07", "2026-08"]
EMERGING_START = datetime(2026, 8, 1, 0, 0, tzinfo=BRT)

# id, label_pt, label_en, product_area, base weight
REASONS: list[tuple[str, str, str, str, float]] = [
    ("payment_boleto_pix", "Falha no pagamento por boleto/PIX", "Boleto/PIX payment failure", "payments", 8.0),
    ("login_2fa", "Login e autenticação em dois fatores", "Login / two-factor authentication", "account", 7.5),
    ("invoice_nf_error", "Erro na nota fiscal", "Invoice (nota fiscal) error", "billing", 6.5),
    ("delivery_delay", "Atraso na entrega", "Delivery delay", "logistics", 7.5),
    ("refund_request", "Reembolso / estorno", "Refund request", "billing", 6.0),
    ("cancellation", "Cancelamento de assinatura", "Subscription cancellation", "subscriptions", 5.5),
    ("integration_api", "Erro de integração / API", "Integration / API error", "integrations", 5.5),
    ("slow_app", "Lentidão no sistema", "Slow app / performance", "platform", 5.5),
    ("feature_request", "Sugestão de funcionalidade", "Feature request", "product", 4.5),
    ("card_declined", "Cartão recusado", "Card declined", "payments", 6.0),
    ("address_change", "Alteração de endereço", "Address change", "account", 4.0),
    ("password_reset", "Redefinição de senha", "Password reset", "account", 6.5),
    ("data_export", "Exportação de dados", "Data export", "reports", 5.0),
    ("plan_upgrade", "Mudança / upgrade de plano", "Plan upgrade", "subscriptions", 4.5),
    ("damaged_product", "Produto com defeito / avariado", "Damaged / defective product", "hardware", 5.0),
    ("app_crash", "App fechando / travando", "App crash", "mobile_app", 6.0),
    ("duplicate_charge", "Cobrança em duplicidade", "Duplicate charge", "billing", 5.0),
    ("scheduled_pix", "PIX agendado não processado", "Scheduled PIX not processed", "payments", 0.0),
]
REASON_IDS = [r[0] for r in REASONS]
AREA = {r[0]: r[3] for r in REASONS}
AREAS = sorted(set(AREA.values()))

PLANTED = {
    "csat_deficit": ["invoice_nf_error", "delivery_delay"],
    "churn": ["integration_api", "data_export"],
    "repeat": ["payment_boleto_pix", "login_2fa"],
    "emerging": ["scheduled_pix"],
}
PLANTED["neutral"] = [r for r in REASON_IDS if not any(r in v for v in PLANTED.values())]

EFFECTS = {
    "csat_deficit": {"csat_mean_planted": 2.43, "csat_mean_other": 4.19, "rated_share": 0.30},
    "churn": {"window_days": 90, "hazard_multiplier": 3.2,
              "base_churn_by_plan": {"basic": 0.085, "pro": 0.06, "enterprise": 0.04},
              "per_extra_ticket": 0.18, "per_extra_ticket_cap": 10,
              "note": "churn probability = base(plan) * (1 + 0.18 * min(tickets-1, 10)) * 3.2 if the customer has "
                      "a ticket in a churn reason; then churn happens 4-55 days after that ticket (later tickets are "
                      "dropped), otherwise on a uniform day between the last ticket and the end of observation"},
    "repeat": {"p_first_followup": 0.55, "p_second_followup": 0.30, "p_followup_other": 0.04,
               "followup_delay_days": [1, 6]},
    "emerging": {"first_day": "2026-08-03", "target_tickets": 190},
    "volume_shapes": {"app_crash": "spike in 2026-06 (release 5.0.0)", "slow_app": "rises month over month",
                      "delivery_delay": "bump in 2026-07 (carrier strike)",
                      "note": "volume only: these reasons stay neutral for CSAT, churn and repeats"},
}

N_CUSTOMERS = 3000
FILER_SHARE = 0.87
MEAN_ISSUES = 2.35

MASS_INCIDENTS = [
    # reason, lang, day, n, subject, body
    ("payment_boleto_pix", "pt", datetime(2026, 4, 14, 9, tzinfo=BRT), 26, "Boleto com código de barras inválido",
     "Boa tarde, desde hoje cedo nenhum boleto gerado pelo sistema está sendo aceito pelos bancos, aparece "
     "\"código de barras inválido\". Meus clientes não conseguem pagar. Vocês estão com instabilidade?"),
    ("login_2fa", "pt", datetime(2026, 3, 23, 8, tzinfo=BRT), 16, "Código SMS não chega",
     "Bom dia. Não estou recebendo o SMS com o código de verificação para entrar no sistema desde ontem à noite. "
     "Preciso abrir o caixa. O que está acontecendo?"),
    ("integration_api", "en", datetime(2026, 5, 27, 9, tzinfo=BRT), 14, "Orders API down?",
     "Hi, since about 9am today every call to the orders API returns 503 Service Unavailable. "
     "Our store can't sync orders. Is there an outage on your side?"),
    ("app_crash", "pt", datetime(2026, 6, 10, 7, tzinfo=BRT), 22, "App fechando depois da atualização",
     "O app atualizou hoje para a versão 5.0.0 e agora fecha sozinho quando abro a tela de vendas. "
     "Não consigo vender! Alguém mais com esse problema?"),
    ("app_crash", "en", datetime(2026, 6, 10, 8, tzinfo=BRT), 12, "App crashing after update",
     "The app updated today to version 5.0.0 and now it crashes as soon as I open the sales screen. "
     "I can't sell anything. Is this a known issue?"),
    ("delivery_delay", "pt", datetime(2026, 7, 8, 9, tzinfo=BRT), 18, "Pedido parado - greve dos Correios?",
     "Olá, meu pedido da maquininha está parado há uma semana no centro de distribuição. Vi que tem greve dos "
     "Correios. Qual a previsão de entrega?"),
]


# =========================================================================== data structures


@dataclass
class Customer:
    cid: str
    lang: str
    plan: str
    mrr: float
    signup: date
    activity: float
    filer: bool
    first: str
    last: str
    company: str
    domain: str
    email: str
    phone: str
    phone_kind: str
    cpf: str
    cnpj: str
    cep: str
    street: str
    num: str
    city: str
    role: str
    churned_at: date | None = None


@dataclass
class Event:
    key: int                      # creation order, for stable sorting
    customer: Customer | None
    reason: str
    lang: str
    created: datetime
    kind: str = "issue"           # issue | followup | mass | double_submit | forward | after_churn
    parent: "Event | None" = None  # original issue (followup/forward/double_submit)
    mass: int | None = None       # index into MASS_INCIDENTS
    dup_group: str = ""
    channel: str = ""
    ticket_id: str = ""
    # filled while rendering
    subject: str = ""
    body: str = ""
    core_ph: str = ""             # plain core text with placeholders (quoted by later tickets)
    core_pii: list = field(default_factory=list)
    pii_values: list = field(default_factory=list)
    subject_ph: str = ""          # subject/body with placeholders and the ticket's PII list (copied by
    body_ph: str = ""             # double submits)
    pii_all: list = field(default_factory=list)
    noise: list = field(default_factory=list)
    nth_followup: int = 0


class PiiBag:
    """Collects PII values of one ticket; text holds ``⟦i⟧`` placeholders until ``fill``."""

    def __init__(self) -> None:
        self.values: list[tuple[str, str]] = []

    def ph(self, kind: str, value: str) -> str:
        self.values.append((kind, value))
        return f"⟦{len(self.values) - 1}⟧"

    def adopt(self, text: str, values: list[tuple[str, str]]) -> str:
        """Re-register the placeholders of another ticket's text in this bag."""
        return noise.PLACEHOLDER.sub(lambda m: self.ph(*values[int(m.group(1)[1:-1])]), text)

    def fill(self, text: str) -> str:
        return noise.PLACEHOLDER.sub(lambda m: self.values[int(m.group(1)[1:-1])][1], text)

    def used(self, *texts: str) -> list[tuple[str, str]]:
        seen: list[tuple[str, str]] = []
        for t in texts:
            for m in noise.PLACEHOLDER.finditer(t):
                v = self.values[int(m.group(1)[1:-1])]
                if v not in seen:
                    seen.append(v)
        return seen


# =========================================================================== helpers


def poisson(rng: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    L, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= L:
            return k
        k += 1


HOUR_WEIGHTS = [0.2, 0.1, 0.05, 0.05, 0.05, 0.1, 0.4, 1.2, 2.5, 3.4, 3.6, 3.3, 2.6, 3.0, 3.4, 3.3, 3.1, 2.8, 2.3,
                1.9, 1.6, 1.3, 0.9, 0.5]
MONTH_WEIGHTS = [1.0, 1.03, 1.06, 1.09, 1.12, 1.15]


# volume shape of some neutral reasons over the six months (no effect on CSAT, churn or repeats)
REASON_MONTH_SHAPE = {
    "app_crash": [1.0, 1.0, 1.0, 2.0, 1.1, 1.0],        # release 5.0.0 in June
    "slow_app": [0.6, 0.75, 0.9, 1.1, 1.3, 1.5],        # slowly getting worse
    "delivery_delay": [1.0, 0.9, 1.0, 1.0, 1.35, 1.0],  # carrier strike in July
}
# a ticket about one reason sometimes also mentions a neighbouring one
RELATED = {
    "refund_request": ["cancellation", "duplicate_charge"], "cancellation": ["refund_request", "plan_upgrade"],
    "duplicate_charge": ["refund_request", "card_declined"], "login_2fa": ["password_reset"],
    "password_reset": ["login_2fa"], "payment_boleto_pix": ["card_declined", "invoice_nf_error"],
    "card_declined": ["payment_boleto_pix"], "slow_app": ["app_crash"], "app_crash": ["slow_app"],
    "delivery_delay": ["damaged_product", "address_change"], "damaged_product": ["delivery_delay", "refund_request"],
    "address_change": ["delivery_delay"], "data_export": ["slow_app", "cancellation"],
    "integration_api": ["slow_app"], "plan_upgrade": ["duplicate_charge"], "invoice_nf_error": ["duplicate_charge"],
    "feature_request": ["data_export"], "scheduled_pix": ["payment_boleto_pix"],
}


# reasons people write about calmly: no generic "I'm losing sales" details, emotions only when angry
CALM_REASONS = {"feature_request", "plan_upgrade", "address_change"}


def random_moment(rng: random.Random, lo: datetime, hi: datetime, shape: list[float] | None = None) -> datetime:
    """A creation time in [lo, hi): fewer on weekends and at night, slowly growing volume."""
    span = (hi - lo).total_seconds()
    top = max(shape) if shape else 1.0
    while True:
        t = lo + timedelta(seconds=rng.random() * span)
        day = t.replace(hour=0, minute=0, second=0)
        w = 0.45 if t.weekday() >= 5 else 1.0
        w *= MONTH_WEIGHTS[min(max(t.month - 3, 0), 5)] / 1.15
        if shape:
            w *= shape[min(max(t.month - 3, 0), 5)] / top
        if rng.random() < w:
            break
    hour = rng.choices(range(24), weights=HOUR_WEIGHTS, k=1)[0]
    t = day.replace(hour=hour, minute=rng.randrange(60), second=rng.randrange(60))
    return max(lo, min(t, hi - timedelta(seconds=1)))


def iso(t: datetime, zulu: bool) -> str:
    if zulu:
        return t.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return t.astimezone(BRT).isoformat(timespec="seconds")


def pick(rng: random.Random, pool: list[str], slots_: dict) -> str:
    return rng.choice(pool).format_map(slots_)


# =========================================================================== customers


def make_customers(rng: random.Random, n: int) -> list[Customer]:
    out = []
    for i in range(1, n + 1):
        lang = "pt" if rng.random() < 0.615 else "en"
        plan = op.weighted(rng, ["basic", "pro", "enterprise"], [0.56, 0.32, 0.12])
        mrr = {"basic": rng.choice([49.9, 79.9, 99.9, 129.9]), "pro": rng.choice([199.0, 299.0, 399.0, 549.0]),
               "enterprise": round(rng.uniform(1200, 8500), 2)}[plan]
        signup = date(2021, 6, 1) + timedelta(days=rng.randrange((date(2026, 7, 20) - date(2021, 6, 1)).days))
        activity = math.exp(rng.gauss(0.0, 0.8))
        filer = rng.random() < FILER_SHARE
        if lang == "pt":
            first, last = rng.choice(slots.PT_FIRST), rng.choice(slots.PT_LAST)
            company = f"{rng.choice(slots.PT_COMPANY_A)} {rng.choice(slots.PT_COMPANY_B)}{rng.choice(slots.SUFFIX_PT)}"
        else:
            first, last = rng.choice(slots.EN_FIRST), rng.choice(slots.EN_LAST)
            company = f"{rng.choice(slots.EN_COMPANY_A)} {rng.choice(slots.EN_COMPANY_B)}{rng.choice(slots.SUFFIX_EN)}"
        domain = pii.company_domain(company.replace(" Ltda", "").replace(" LLC", ""), lang)
        email = pii.person_email(rng, first, last, lang, domain)
        if lang == "pt" or rng.random() < 0.45:
            ddd, num = pii.br_mobile(rng) if rng.random() < 0.8 else pii.br_landline(rng)
            phone_kind = "br"
            phone = ddd + "|" + num
        else:
            phone_kind = "us"
            phone = "|".join(pii.us_phone(rng))
        out.append(Customer(
            cid=f"C{i:05d}", lang=lang, plan=plan, mrr=mrr, signup=signup, activity=activity, filer=filer,
            first=first, last=last, company=company, domain=domain, email=email, phone=phone, phone_kind=phone_kind,
            cpf=pii.cpf_digits(rng), cnpj=pii.cnpj_digits(rng), cep=pii.cep_digits(rng),
            street=rng.choice(slots.STREETS_PT if phone_kind == "br" else slots.STREETS_EN), num=str(rng.randrange(10, 3000)),
            city=rng.choice(slots.CITIES if phone_kind == "br" else slots.US_CITIES), role=rng.choice(slots.ROLES_PT if lang == "pt" else slots.ROLES_EN)))
    return out


def phone_text(rng: random.Random, c: Customer) -> str:
    if c.phone_kind == "br":
        ddd, num = c.phone.split("|")
        return pii.format_br_phone(ddd, num, rng.choice(pii.BR_PHONE_STYLES))
    a, e, l_ = c.phone.split("|")
    return pii.format_us_phone(a, e, l_, rng.choice(pii.US_PHONE_STYLES))


# =========================================================================== events


def reason_weights(plan: str) -> list[float]:
    w = []
    for rid, *_rest, base in REASONS:
        if rid in ("integration_api", "data_export") and plan != "basic":
            base *= 1.5
        if rid in ("delivery_delay", "damaged_product") and plan == "enterprise":
            base *= 0.6
        w.append(base)
    return w


def make_events(rng: random.Random, customers: list[Customer], scale: float) -> list[Event]:
    events: list[Event] = []
    key = 0

    def add(**kw) -> Event:
        nonlocal key
        ev = Event(key=key, **kw)
        key += 1
        events.append(ev)
        return ev

    filers = [c for c in customers if c.filer]
    lam_scale = (MEAN_ISSUES - 1) / math.exp(0.32)
    rids = REASON_IDS
    for c in filers:
        lo = max(START, datetime(c.signup.year, c.signup.month, c.signup.day, tzinfo=BRT) + timedelta(days=1))
        n = 1 + poisson(rng, c.activity * lam_scale)
        lang_main = c.lang
        weights = reason_weights(c.plan)
        for _ in range(n):
            reason = rng.choices(rids, weights=weights, k=1)[0]
            lang = lang_main if rng.random() < 0.97 else ("en" if lang_main == "pt" else "pt")
            add(customer=c, reason=reason, lang=lang,
                created=random_moment(rng, lo, END, REASON_MONTH_SHAPE.get(reason)))
    # emerging reason: only from early August, ramping up
    n_emerging = round(EFFECTS["emerging"]["target_tickets"] * scale)
    em_lo = datetime(2026, 8, 3, tzinfo=BRT)
    for _ in range(n_emerging):
        c = rng.choice(filers)
        while True:
            t = random_moment(rng, em_lo, END)
            if rng.random() < 0.25 + 0.75 * (t - em_lo).days / 28:
                break
        add(customer=c, reason="scheduled_pix", lang=c.lang, created=t)
    # mass incidents: same message from many customers on one day
    for m_i, (reason, lang, day, n, _s, _b) in enumerate(MASS_INCIDENTS):
        pool = [c for c in filers if c.lang == lang]
        chosen = rng.sample(pool, max(3, round(n * scale)))
        for c in chosen:
            t = day + timedelta(minutes=rng.randrange(0, 9 * 60))
            add(customer=c, reason=reason, lang=lang, created=t, kind="mass", mass=m_i, dup_group=f"M{m_i + 1:02d}")
    # follow-ups (planted repeats) on issues
    issues = [e for e in events if e.kind == "issue"]
    rep = EFFECTS["repeat"]
    for e in issues:
        p1 = rep["p_first_followup"] if e.reason in PLANTED["repeat"] else rep["p_followup_other"]
        if rng.random() < p1:
            t = e.created + timedelta(days=rng.randrange(1, 6), hours=rng.randrange(0, 20), minutes=rng.randrange(60))
            if t < END:
                add(customer=e.customer, reason=e.reason, lang=e.lang, created=t, kind="followup", parent=e,
                    nth_followup=1)
                p2 = rep["p_second_followup"] if e.reason in PLANTED["repeat"] else 0.1
                if rng.random() < p2:
                    t2 = t + timedelta(days=rng.randrange(1, 4), hours=rng.randrange(0, 12))
                    if t2 < END and (t2 - e.created).days < 7:
                        add(customer=e.customer, reason=e.reason, lang=e.lang, created=t2, kind="followup", parent=e,
                            nth_followup=2)
    return events


def assign_channels(rng: random.Random, events: list[Event]) -> None:
    for e in events:
        if e.kind == "mass":
            e.channel = rng.choice(["web", "email", "email", "chat"])
        elif e.kind == "followup" and rng.random() < 0.5:
            e.channel = e.parent.channel or rng.choices(op.CHANNELS, weights=op.CHANNEL_WEIGHTS[e.lang], k=1)[0]
        else:
            e.channel = rng.choices(op.CHANNELS, weights=op.CHANNEL_WEIGHTS[e.lang], k=1)[0]


def add_duplicates(rng: random.Random, events: list[Event]) -> None:
    """Double submits (exact copies minutes apart) and forwarded threads (near copies days later)."""
    issues = [e for e in events if e.kind == "issue"]
    key = max(e.key for e in events) + 1
    n_x = n_f = 0
    for e in issues:
        r = rng.random()
        if e.channel in ("web", "email") and r < 0.012:
            n_x += 1
            e.dup_group = f"X{n_x:03d}"
            events.append(Event(key=key, customer=e.customer, reason=e.reason, lang=e.lang, channel=e.channel,
                                created=e.created + timedelta(minutes=rng.randrange(1, 5), seconds=rng.randrange(60)),
                                kind="double_submit", parent=e, dup_group=e.dup_group))
            key += 1
        elif e.channel == "email" and r < 0.026:
            t = e.created + timedelta(days=rng.randrange(1, 6), hours=rng.randrange(0, 8))
            if t < END:
                n_f += 1
                e.dup_group = f"F{n_f:03d}"
                events.append(Event(key=key, customer=e.customer, reason=e.reason, lang=e.lang, channel="email",
                                    created=t, kind="forward", parent=e, dup_group=e.dup_group))
                key += 1


def apply_churn(rng: random.Random, customers: list[Customer], events: list[Event]) -> list[Event]:
    """Decide churn per customer (planted effect + heavy-filer confounder), drop tickets after churn."""
    by_c: dict[str, list[Event]] = {}
    for e in events:
        if e.customer is not None:
            by_c.setdefault(e.customer.cid, []).append(e)
    ch = EFFECTS["churn"]
    obs_end_d = OBS_END.date()
    for c in customers:
        evs = sorted(by_c.get(c.cid, []), key=lambda e: (e.created, e.key))
        base = ch["base_churn_by_plan"][c.plan]
        if not evs:
            if rng.random() < base * 0.5:
                c.churned_at = START.date() + timedelta(days=rng.randrange((obs_end_d - START.date()).days))
                if c.churned_at <= c.signup:
                    c.churned_at = None
            continue
        n = len(evs)
        p = base * (1 + ch["per_extra_ticket"] * min(n - 1, ch["per_extra_ticket_cap"]))
        exposed = [e for e in evs if e.reason in PLANTED["churn"]]
        if exposed:
            p *= ch["hazard_multiplier"]
        if rng.random() >= min(p, 0.9):
            continue
        if not exposed:
            # churn date loosely tied to the tickets: any day after the last one
            first_d = evs[-1].created.date() + timedelta(days=1)
            span = (obs_end_d - first_d).days
            if span < 1:
                continue
            c.churned_at = first_d + timedelta(days=rng.randrange(span + 1))
            continue
        anchor = exposed[-1].created.date()
        lo_days, hi_days = 4, 55
        churn = anchor + timedelta(days=rng.randrange(lo_days, hi_days))
        if churn > obs_end_d:
            room = (obs_end_d - anchor).days - lo_days
            if room < 0:
                continue
            churn = anchor + timedelta(days=lo_days + rng.randrange(room + 1))
        c.churned_at = churn
    churn_by_c = {c.cid: c.churned_at for c in customers}
    kept = []
    for e in events:
        cd = churn_by_c.get(e.customer.cid) if e.customer else None
        if cd is not None and e.created.date() >= cd:
            continue
        kept.append(e)
    # duplicate groups that lost members are no longer duplicates
    counts: dict[str, int] = {}
    for e in kept:
        if e.dup_group:
            counts[e.dup_group] = counts.get(e.dup_group, 0) + 1
    for e in kept:
        if e.dup_group and counts[e.dup_group] < 2:
            e.dup_group = ""
    # some churned customers still write after leaving (refund of the last charge, "I cancelled and you
    # still bill me"): real exports have these, and a churn analysis must not count them as exposure
    key = max(e.key for e in events) + 1
    filed = {e.customer.cid for e in kept if e.customer}
    for c in customers:
        if c.churned_at is None or c.cid not in filed or rng.random() >= 0.12:
            continue
        t = datetime(c.churned_at.year, c.churned_at.month, c.churned_at.day, tzinfo=BRT) + \
            timedelta(days=rng.randrange(1, 21), hours=rng.randrange(8, 20), minutes=rng.randrange(60))
        if t >= END:
            continue
        reason = "refund_request" if rng.random() < 0.6 else "cancellation"
        lang = c.lang
        kept.append(Event(key=key, customer=c, reason=reason, lang=lang, created=t, kind="after_churn",
                          channel=rng.choices(op.CHANNELS, weights=op.CHANNEL_WEIGHTS[lang], k=1)[0]))
        key += 1
    return kept


# =========================================================================== rendering

CHANNEL_REGISTERS = {
    # formal, neutral, casual, angry, terse
    "email": [0.34, 0.40, 0.12, 0.08, 0.06],
    "web": [0.22, 0.45, 0.17, 0.08, 0.08],
    "chat": [0.05, 0.30, 0.38, 0.07, 0.20],
    "whatsapp": [0.02, 0.20, 0.45, 0.08, 0.25],
    "phone": [0.0, 1.0, 0.0, 0.0, 0.0],
}
REGISTERS = ["formal", "neutral", "casual", "angry", "terse"]


def pools(lang: str):
    return PT if lang == "pt" else EN


def reason_pool(lang: str, reason: str) -> dict[str, list[str]]:
    return (PT.REASONS_PT if lang == "pt" else EN.REASONS_EN)[reason]


def ticket_ref(rng: random.Random, lang: str, parent: Event) -> str:
    num = parent.ticket_id[1:].lstrip("0")
    if lang == "pt":
        return rng.choice([f"#{num}", f"nº {num}", parent.ticket_id, f"protocolo {num}", f"chamado {num}", f"#{num}"])
    return rng.choice([f"#{num}", f"no. {num}", parent.ticket_id, f"ticket {num}", f"#{num}"])


def pii_sentence(rng: random.Random, lang: str, reason: str, c: Customer, bag: PiiBag) -> str:
    L = pools(lang)
    if lang == "pt":
        kinds, w = ["cpf", "cnpj", "email", "phone", "card", "cep"], [0.24, 0.17, 0.15, 0.26, 0.07, 0.11]
    else:
        kinds, w = ["cpf", "cnpj", "email", "phone", "card", "cep"], [0.04, 0.10, 0.33, 0.38, 0.10, 0.05]
    if reason in ("address_change", "delivery_delay"):
        w = [x * (4 if k == "cep" else 1) for x, k in zip(w, kinds)]
    if reason in ("card_declined", "duplicate_charge", "refund_request"):
        w = [x * (4 if k == "card" else 1) for x, k in zip(w, kinds)]
    kind = rng.choices(kinds, weights=w, k=1)[0]
    if kind == "cpf":
        value = pii.format_cpf(c.cpf, rng.choice(["fmt", "fmt", "fmt", "bare", "bare"]))
    elif kind == "cnpj":
        value = pii.format_cnpj(c.cnpj, rng.choice(["fmt", "fmt", "bare"]))
    elif kind == "email":
        value = c.email
    elif kind == "phone":
        value = phone_text(rng, c)
    elif kind == "card":
        value = pii.format_card(pii.card_digits(rng), rng.choice(["space", "space", "bare", "dash", "dot"]))
    else:
        value = pii.format_cep(c.cep, rng.choice(["dash", "dash", "dash", "bare", "dot"]))
    return rng.choice(L.PII_SENTENCES[kind]).replace("{v}", bag.ph(kind, value))


def compose_core(rng: random.Random, e: Event, register: str, s: dict, bag: PiiBag) -> tuple[list[str], dict]:
    """The customer's own words as paragraphs (with placeholders), plus facts about them."""
    L = pools(e.lang)
    R = reason_pool(e.lang, e.reason)
    c = e.customer
    facts = {"greeting": False, "long": False, "secondary": False}
    if register == "terse":
        line = pick(rng, R["short"] + [x.lower() for x in R["subjects"]], s)
        if e.kind == "followup":
            line = pick(rng, L.FOLLOWUP_SHORT, s) + rng.choice([" - ", ". ", ", ", "\n"]) + line
        if rng.random() < 0.3:
            line += rng.choice(["?", "??", "!!", " pf" if e.lang == "pt" else " pls", " urgente" if e.lang == "pt" else " urgent"])
        if c and rng.random() < 0.12:
            line += " " + pii_sentence(rng, e.lang, e.reason, c, bag)
        return [line], facts
    paras: list[str] = []
    if rng.random() < {"formal": 0.95, "neutral": 0.7, "casual": 0.5, "angry": 0.3}[register]:
        paras.append(rng.choice(L.GREETINGS))
        facts["greeting"] = True
    long_story = rng.random() < {"formal": 0.25, "neutral": 0.15, "casual": 0.08, "angry": 0.2}[register]
    facts["long"] = long_story
    main: list[str] = []
    if e.kind == "followup":
        main.append(pick(rng, L.FOLLOWUP_OPENERS, s))
    if c and rng.random() < (0.55 if long_story else 0.18):
        main.append(pick(rng, L.CONTEXTS, s))
    n_problems = 1 if rng.random() < 0.85 else 2
    probs = rng.sample(R["problems"], min(n_problems, len(R["problems"])))
    if e.kind == "followup" and rng.random() < 0.35:
        probs = []  # follow-ups often only say "still broken"
    main.extend(p.format_map(s) for p in probs)
    n_det = rng.choice([0, 1, 1, 2]) if not long_story else rng.choice([2, 3, 4])
    calm = e.reason in CALM_REASONS
    det_pool = R["details"] + (L.GENERIC_DETAILS if rng.random() < 0.5 and not calm else [])
    details = [d.format_map(s) for d in rng.sample(det_pool, min(n_det, len(det_pool)))]
    if rng.random() < 0.07 and e.reason in RELATED:
        other = reason_pool(e.lang, rng.choice(RELATED[e.reason]))
        main.append(rng.choice(["Além disso, ", "E também: ", "Outra coisa: ", "Aproveitando: "] if e.lang == "pt" else
                               ["Also, ", "On top of that: ", "One more thing: ", "While I'm at it: "]) +
                    rng.choice(other["problems"]).format_map(s))
        facts["secondary"] = True
    paras.append(" ".join(main))
    if details:
        if long_story and rng.random() < 0.35:
            paras.append("\n".join(f"{rng.choice(['-', '*', '•'])} {d}" for d in details))
        elif rng.random() < 0.5 and paras:
            paras[-1] += " " + " ".join(details)
        else:
            paras.append(" ".join(details))
    if register == "angry" or (not calm and ((long_story and rng.random() < 0.5) or rng.random() < 0.12)):
        paras.append(rng.choice(L.EMOTIONS))
    if c and rng.random() < (0.30 if register == "formal" else 0.2):
        paras.append(pii_sentence(rng, e.lang, e.reason, c, bag))
        if long_story and rng.random() < 0.4:
            paras[-1] += " " + pii_sentence(rng, e.lang, e.reason, c, bag)
    if rng.random() < 0.8:
        ask = pick(rng, R["asks"], s)
        if rng.random() < 0.35:
            ask += " " + rng.choice(L.GENERIC_ASKS)
        paras.append(ask)
    if rng.random() < {"formal": 0.9, "neutral": 0.6, "casual": 0.35, "angry": 0.3}[register]:
        paras.append(pick(rng, L.CLOSINGS, s))
    # merge paragraphs into fewer lines for some writers
    if register in ("casual", "angry") and rng.random() < 0.6:
        paras = [" ".join(paras)]
    return paras, facts


def apply_register(rng: random.Random, text: str, lang: str, register: str, noise_kinds: list[str]) -> str:
    if register == "casual" or (register == "terse" and rng.random() < 0.6):
        if rng.random() < 0.7:
            text = noise.slang(text, lang, rng)
            noise_kinds.append("slang")
        if rng.random() < 0.6:
            text = noise.casual_case(text)
            noise_kinds.append("lowercase")
        if lang == "pt" and rng.random() < 0.6:
            text = noise.strip_accents(text)
            noise_kinds.append("no_accents")
        if rng.random() < 0.5:
            text = noise.typos(text, rng, rate=0.1)
            noise_kinds.append("typos")
    elif register == "angry":
        if rng.random() < 0.5:
            text = noise.shout(text)
            noise_kinds.append("all_caps")
        text = re.sub(r"([!?])(?=\s|$)", lambda m: m.group(1) * rng.randrange(1, 4), text)
        if rng.random() < 0.3:
            text = noise.typos(text, rng, rate=0.06)
            noise_kinds.append("typos")
    else:
        if lang == "pt" and rng.random() < 0.1:
            text = noise.strip_accents(text)
            noise_kinds.append("no_accents")
        if rng.random() < 0.12:
            text = noise.typos(text, rng, rate=0.04)
            noise_kinds.append("typos")
    return text


def signature(rng: random.Random, e: Event, bag: PiiBag, noise_kinds: list[str]) -> str:
    c = e.customer
    lines = [f"{c.first} {c.last}" if rng.random() < 0.8 else c.first]
    if rng.random() < 0.6:
        lines.append(f"{c.role} | {c.company}" if rng.random() < 0.5 else c.company)
    if rng.random() < 0.75:
        lab = rng.choice(["Tel: ", "Cel: ", "Fone: ", "", "WhatsApp: "] if e.lang == "pt" else ["Tel: ", "M: ", "Phone: ", "", "Cell: "])
        lines.append(lab + bag.ph("phone", phone_text(rng, c)))
    if rng.random() < 0.5:
        lines.append(("E-mail: " if e.lang == "pt" else "E: ") * (rng.random() < 0.5) + bag.ph("email", c.email))
    if rng.random() < 0.3:
        if c.phone_kind == "br":
            lines.append(f"{c.street}, {c.num} - {c.city}/" + slots.UF.get(c.city, "SP"))
            lines.append("CEP " + bag.ph("cep", pii.format_cep(c.cep, rng.choice(["dash", "dash", "bare"]))))
        else:
            lines.append(f"{c.num} {c.street}, Suite {rng.randrange(100, 900)}")
            lines.append(c.city)
    if rng.random() < 0.2 and e.lang == "pt":
        lines.append("CNPJ: " + bag.ph("cnpj", pii.format_cnpj(c.cnpj, "fmt")))
    if rng.random() < 0.3:
        lines.append(f"www.{c.domain}")
    if rng.random() < 0.15:
        stamp = "".join(rng.choice("0123456789ABCDEF") for _ in range(8))
        lines.insert(rng.randrange(1, len(lines) + 1), f"[cid:image00{rng.randrange(1, 4)}.png@01DA{stamp[:4]}.{stamp}]")
        noise_kinds.append("inline_image")
    noise_kinds.append("signature")
    sep = rng.choice(["--\n", "-- \n", "", "__\n", ""])
    return sep + "\n".join(lines)


SUPPORT_EMAIL = {"pt": "suporte@vendix.com.br", "en": "support@vendix.com"}


def quoted_agent_reply(rng: random.Random, e: Event, bag: PiiBag, s: dict, style: str) -> str:
    L = pools(e.lang)
    when = (e.created - timedelta(days=rng.randrange(1, 10))).replace(hour=rng.randrange(8, 20),
                                                                      minute=rng.randrange(60))
    agent = rng.choice(op.AGENTS_BY_GROUP[op.EN_GROUP if e.lang == "en" else rng.choice(list(op.GROUPS.values()))])
    sender = f"{agent.split()[0]} | Vendix" if rng.random() < 0.5 else ("Suporte Vendix" if e.lang == "pt" else "Vendix Support")
    header = noise.quote_header(style, e.lang, when, sender, bag.ph("email", SUPPORT_EMAIL[e.lang]),
                                bag.ph("email", e.customer.email) if e.customer else "cliente",
                                "Re: " + rng.choice(reason_pool(e.lang, e.reason)["subjects"]).format_map(s))
    msg = pick(rng, L.AGENT_REPLY, s)
    msg += "\n\n" + (f"{agent}\nVendix - Atendimento" if e.lang == "pt" else f"{agent}\nVendix Customer Support")
    if rng.random() < 0.3:
        ref = "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(10))
        msg += "\n\n" + ("Este e-mail é um serviço da Vendix. Delivered by Zendesk" if e.lang == "pt" else
                          "This email is a service from Vendix. Delivered by Zendesk") + f"\n[{ref[:4]}-{ref[4:]}]"
    if style == "gmail":
        return header + "\n\n" + noise.gt_quote(msg)
    return header + "\n\n" + msg


def quoted_customer_message(rng: random.Random, e: Event, orig: Event, bag: PiiBag, style: str) -> str:
    c = e.customer
    header = noise.quote_header(style, e.lang, orig.created, f"{c.first} {c.last}", bag.ph("email", c.email),
                                bag.ph("email", SUPPORT_EMAIL[e.lang]), orig.subject.replace("\n", " ")[:80] or "-")
    text = bag.adopt(orig.core_ph, orig.core_pii)
    if style == "gmail":
        return header + "\n\n" + noise.gt_quote(text)
    return header + "\n\n" + text


def subject_for(rng: random.Random, e: Event, s: dict, register: str, noise_kinds: list[str], bag: PiiBag) -> str:
    R = reason_pool(e.lang, e.reason)
    pt = e.lang == "pt"
    c = e.customer
    if e.channel == "whatsapp" and rng.random() < 0.6:
        if c and rng.random() < 0.6:
            return ("WhatsApp: " if rng.random() < 0.5 else "Conversa WhatsApp " if pt else "WhatsApp chat ") + \
                bag.ph("phone", phone_text(rng, c))
        return rng.choice(["Conversa via WhatsApp", "Nova conversa WhatsApp", "WhatsApp"] if pt else
                          ["WhatsApp conversation", "New WhatsApp chat", "WhatsApp"])
    if e.channel == "chat" and rng.random() < 0.5:
        who = c.first if c else ("Visitante" if pt else "Visitor")
        return rng.choice([f"Chat com {who}", f"Conversa com {who}", "Chat iniciado pelo site", f"Chat - {who}"] if pt else
                          [f"Chat with {who}", f"Conversation with {who}", "Chat started from website"])
    if e.channel == "phone" and rng.random() < 0.5:
        if c and rng.random() < 0.4:
            return ("Ligação de " if pt else "Call from ") + bag.ph("phone", phone_text(rng, c))
        return rng.choice(["Ligação recebida", "Atendimento telefônico", "Retorno de ligação"] if pt else
                          ["Inbound call", "Phone support", "Callback"])
    r = rng.random()
    if r < 0.03:
        return ""
    if r < 0.05:
        return "(sem assunto)" if pt else "(no subject)"
    if r < 0.10:
        return rng.choice(["Dúvida", "Ajuda", "Problema", "Urgente", "Suporte", "Socorro"] if pt else
                          ["Question", "Help", "Problem", "Urgent", "Support", "Issue"])
    subj = pick(rng, R["subjects"], s)
    if e.kind == "followup":
        ref = ticket_ref(rng, e.lang, e.parent)
        subj = rng.choice([f"Re: {subj}", f"RE: {subj}", subj, f"{subj} - {ref}",
                           (f"Ainda sem solução: {subj}" if pt else f"Still not solved: {subj}"),
                           (f"De novo: {subj}" if pt else f"Again: {subj}")])
    elif rng.random() < 0.08:
        prefixes = ["URGENTE: ", "Urgente - ", "[Vendix] ", "Re: ", "RES: "] if pt else \
            ["URGENT: ", "Urgent - ", "[Vendix] ", "Re: ", "FW: "]
        if e.channel not in ("email", "web"):
            prefixes = prefixes[:2]
        subj = rng.choice(prefixes) + subj
    if e.kind == "followup" and e.channel not in ("email", "web"):
        subj = re.sub(r"^(Re|RE|RES|FW): ", "", subj)
    if register == "angry" and rng.random() < 0.5:
        subj = subj.upper() + rng.choice(["!!!", "!", ""])
    elif register in ("casual", "terse") and rng.random() < 0.5:
        subj = subj.lower()
        if pt and rng.random() < 0.5:
            subj = noise.strip_accents(subj)
    return subj


def render_mass(rng: random.Random, e: Event) -> None:
    reason, lang, _day, _n, subj, body = MASS_INCIDENTS[e.mass]
    e.core_ph = body
    r = rng.random()
    if r < 0.55:
        e.subject, e.body = subj, body
        e.noise.append("exact_duplicate")
        return
    L = pools(lang)
    variant = body
    edit = rng.randrange(5)
    if edit == 0:
        variant = rng.choice(L.GREETINGS) + "\n" + body.split(", ", 1)[-1] if ", " in body[:20] else body
    elif edit == 1:
        variant = body + " " + rng.choice(L.GENERIC_ASKS)
    elif edit == 2:
        variant = body.lower()
    elif edit == 3:
        variant = body + "\n\n" + rng.choice(L.CLOSINGS).replace(", {first}", "").replace("{first}", "") + \
            "\n" + e.customer.first
    else:
        variant = noise.typos(body, rng, rate=0.04)
    e.subject = subj if rng.random() < 0.7 else subj.lower()
    e.body = variant
    e.noise.append("near_duplicate")


def render_event(rng: random.Random, e: Event) -> None:
    """Fill subject, body, noise, pii for one ticket."""
    if e.kind == "mass":
        render_mass(rng, e)
        return
    if e.kind == "double_submit":
        bag = PiiBag()
        p = e.parent
        subj = bag.adopt(p.subject_ph, p.pii_all)
        body = bag.adopt(p.body_ph, p.pii_all)
        e.subject, e.body = bag.fill(subj), bag.fill(body)
        e.pii_values = bag.used(subj, body)
        e.noise = list(p.noise) + ["exact_duplicate"]
        e.core_ph, e.core_pii = p.core_ph, p.core_pii
        return

    bag = PiiBag()
    c = e.customer
    L = pools(e.lang)
    s = slots.SlotDict(slots.fill_slots(rng, e.lang, e.created, c))
    if e.parent is not None:
        s["ref"] = ticket_ref(rng, e.lang, e.parent)
    else:
        s["ref"] = s["protocol"]
    nk: list[str] = []
    register = rng.choices(REGISTERS, weights=CHANNEL_REGISTERS[e.channel], k=1)[0]
    if e.kind == "forward":
        register = "neutral"

    subject = subject_for(rng, e, s, register, nk, bag)

    if e.kind == "forward":
        note = rng.choice(["Reenviando, pois não tive resposta.", "Encaminho novamente o e-mail abaixo.",
                           "Segue novamente. Alguém pode me responder?", "Reencaminhando."] if e.lang == "pt" else
                          ["Forwarding again, no reply yet.", "Resending the email below.",
                           "See below. Can someone please answer?", "Fwd again."])
        body_plain = note + "\n\n" + quoted_customer_message(rng, e, e.parent, bag, "forward")
        subject = ("Fwd: " if rng.random() < 0.6 else "ENC: " if e.lang == "pt" else "FW: ") + (e.parent.subject or "")
        e.core_ph, e.core_pii = note, []
        nk += ["forward", "near_duplicate"]
        finish(rng, e, subject, body_plain, bag, nk, html_ok=True)
        return

    paras, facts = compose_core(rng, e, register, s, bag)
    if e.channel in ("phone", "chat", "whatsapp") and len(paras) > 1:
        # nobody says "Att," in a chat; a call note has no greeting
        drop = set(L.CLOSINGS) if e.channel != "phone" else set(L.CLOSINGS) | set(L.GREETINGS)
        paras = [p for p in paras if p not in drop or (e.channel != "phone" and not p.endswith(","))] or paras
        if e.channel == "phone":
            facts["greeting"] = False
    if facts["greeting"]:
        nk.append("greeting")
    if facts["secondary"]:
        nk.append("second_reason_mentioned")
    core = "\n\n".join(paras) if rng.random() < 0.6 else "\n".join(paras)
    core = apply_register(rng, core, e.lang, register, nk)
    if rng.random() < (0.35 if e.channel in ("chat", "whatsapp") else 0.04):
        core = noise.add_emoji(core, rng, "angry" if register == "angry" else rng.choice(["sad", "ok"]))
        nk.append("emoji")
    e.core_ph, e.core_pii = core, None  # pii list set in finish

    body = core
    html_ok = False
    if e.channel == "phone":
        actions = PT.NOTE_ACTIONS_PT if e.lang == "pt" else EN.NOTE_ACTIONS_EN
        if rng.random() < 0.6:
            body = agent_note(rng, e, s, bag)
            e.core_ph = body
            nk = [k for k in nk if k not in ("greeting", "slang", "lowercase", "typos", "no_accents", "emoji", "all_caps")]
            if noise.PLACEHOLDER.search(body):
                nk.append("pii")
        else:
            quoted = rng.random() < 0.3
            body = rng.choice(L.PHONE_NOTE_PREFIX) + "\n" + (f'"{core}"' if quoted else core) + "\n\n" + \
                " ".join(rng.sample(actions, rng.randrange(1, 3)))
        nk.append("phone_note")
    elif e.channel == "chat" and rng.random() < 0.35:
        body = chat_transcript(rng, e, core, c)
        nk.append("chat_transcript")
    elif e.channel == "whatsapp" and rng.random() < 0.4:
        # split the message into several bubbles
        parts = [p for p in re.split(r"(?<=[.!?])\s+|\n+", core) if p.strip()]
        body = "\n".join(parts)
    elif e.channel == "web" and c and rng.random() < 0.5:
        body = web_form(rng, e, core, bag)
        nk.append("web_form")
    elif e.channel == "email":
        html_ok = True
        tail: list[str] = []
        if rng.random() < 0.08:
            body = rng.choice(L.HELPDESK_BOILERPLATE) + "\n\n" + body
            nk.append("helpdesk_boilerplate")
        if c and rng.random() < 0.45:
            tail.append(signature(rng, e, bag, nk))
        if rng.random() < 0.14:
            tail.append(rng.choice(L.MOBILE_SIGS))
            nk.append("mobile_signature")
        if rng.random() < 0.08:
            tail.append(rng.choice(L.DISCLAIMERS))
            nk.append("disclaimer")
        if tail:
            body = body + "\n\n" + "\n\n".join(tail)
        if c and rng.random() < (0.30 if facts["long"] else 0.2):
            style = rng.choice(["gmail", "gmail", "outlook", "outlook_line"])
            if e.kind == "followup" and e.parent.core_ph and rng.random() < 0.7:
                body += "\n\n" + quoted_customer_message(rng, e, e.parent, bag, style)
            else:
                body += "\n\n" + quoted_agent_reply(rng, e, bag, s, style)
            nk.append("quoted_reply")
            if facts["long"] and rng.random() < 0.5:
                body += "\n\n" + noise.gt_quote(quoted_agent_reply(rng, e, bag, s, "gmail"), 1)
                nk.append("long")
        if c and rng.random() < 0.009:
            body += "\n\n" + long_thread(rng, e, bag, s)
            nk += ["quoted_reply", "long"]
        if rng.random() < 0.015:
            ooo = rng.choice(L.OOO).format(date=slots.date_text(rng, e.lang, e.created + timedelta(days=7)),
                                          email=bag.ph("email", c.email) if c else SUPPORT_EMAIL[e.lang])
            body = ooo + "\n\n" + body
            subject = ("Resposta automática: " if e.lang == "pt" else rng.choice(["Automatic reply: ", "Out of Office: "])) + subject
            nk.append("autoreply")
    if rng.random() < 0.004:
        body = ""
        nk.append("empty")
    finish(rng, e, subject, body, bag, nk, html_ok=html_ok, s=s)


def long_thread(rng: random.Random, e: Event, bag: PiiBag, s: dict) -> str:
    """A long e-mail thread quoted below the message: alternating agent and customer messages, deeper and deeper."""
    R = reason_pool(e.lang, e.reason)
    L = pools(e.lang)
    c = e.customer
    parts = []
    when = e.created
    for depth in range(1, rng.randrange(6, 13)):
        when = when - timedelta(days=rng.randrange(0, 3), hours=rng.randrange(1, 20))
        if depth % 2:
            parts.append(noise.gt_quote(quoted_agent_reply(rng, e, bag, s, "gmail"), depth - 1) if depth > 1
                         else quoted_agent_reply(rng, e, bag, s, "gmail"))
        else:
            msg = rng.choice(L.GREETINGS) + "\n\n"
            msg += " ".join(x.format_map(s) for x in rng.sample(R["problems"], min(2, len(R["problems"]))))
            msg += " " + " ".join(x.format_map(s) for x in rng.sample(R["details"], min(3, len(R["details"]))))
            msg += " " + " ".join(x.format_map(s) for x in rng.sample(L.GENERIC_DETAILS, 2))
            msg += "\n\n" + rng.choice(L.EMOTIONS) + " " + pick(rng, R["asks"], s)
            msg += "\n\n" + pick(rng, L.CLOSINGS, s) + "\n" + signature(rng, e, bag, [])
            if rng.random() < 0.5:
                msg += "\n\n" + rng.choice(L.DISCLAIMERS)
            header = noise.quote_header("gmail", e.lang, when, f"{c.first} {c.last}", bag.ph("email", c.email), "", "")
            parts.append(noise.gt_quote(header + "\n\n" + noise.gt_quote(msg), depth - 1))
    return "\n\n".join(parts)


def agent_note(rng: random.Random, e: Event, s: dict, bag: PiiBag) -> str:
    """A call note typed by the agent: third person, telegraphic, sometimes with the customer's documents."""
    pt = e.lang == "pt"
    notes = (PT.NOTES_PT if pt else EN.NOTES_EN)[e.reason]
    actions = PT.NOTE_ACTIONS_PT if pt else EN.NOTE_ACTIONS_EN
    lines = [n.format_map(s) for n in rng.sample(notes, rng.choice([1, 1, 2]))]
    if e.kind == "followup":
        lines.insert(0, (f"Cliente ligou novamente sobre o chamado {s['ref']}." if pt else
                         f"Customer calling again about ticket {s['ref']}.") if rng.random() < 0.6 else
                     ("Retorno do cliente, problema persiste." if pt else "Customer called back, issue persists."))
    R = reason_pool(e.lang, e.reason)
    if rng.random() < 0.3:
        d = rng.choice(R["details"]).format_map(s)
        lines.append(("Cliente diz: " if pt else "Customer says: ") + d[0].lower() + d[1:])
    c = e.customer
    if c and rng.random() < 0.35:
        if pt and rng.random() < 0.6:
            doc = bag.ph("cpf", pii.format_cpf(c.cpf, rng.choice(["fmt", "bare"]))) if rng.random() < 0.5 else \
                bag.ph("cnpj", pii.format_cnpj(c.cnpj, rng.choice(["fmt", "bare"])))
            lines.append(rng.choice(["Confirmado documento ", "Doc. validado: ", "CPF/CNPJ confirmado: "]) + doc)
        else:
            lines.append(("Retornar no " if pt else "Call back on ") + bag.ph("phone", phone_text(rng, c)))
    lines += rng.sample(actions, rng.randrange(1, 3))
    style = rng.randrange(4)
    if style == 0:
        text = " ".join(lines)
    elif style == 1:
        text = "\n".join(lines)
    elif style == 2:
        text = "\n".join("- " + x for x in lines)
    else:
        text = ("Resumo: " if pt else "Summary: ") + " / ".join(x.rstrip(".") for x in lines)
    if rng.random() < 0.15:
        text = noise.shout(text)
    elif rng.random() < 0.2 and pt:
        text = noise.strip_accents(text)
    if rng.random() < 0.25:
        text = (f"[{e.created:%d/%m %H:%M}] " if pt else f"[{e.created:%m/%d %H:%M}] ") + text
    return text


def chat_transcript(rng: random.Random, e: Event, core: str, c: Customer | None) -> str:
    h, m = e.created.hour, e.created.minute
    who = c.first if c else ("Visitante" if e.lang == "pt" else "Visitor")
    bot = ("Vendix Bot: Olá! Sou a assistente virtual da Vendix. Como posso ajudar?" if e.lang == "pt"
           else "Vendix Bot: Hi! I'm Vendix's virtual assistant. How can I help?")
    lines = [f"[{h:02d}:{m:02d}] {bot}"]
    for part in [p for p in re.split(r"(?<=[.!?])\s+|\n+", core) if p.strip()]:
        m += rng.randrange(0, 2)
        part = re.sub(r"^\s*[-*•]\s+", "", part)
        lines.append(f"[{(h + m // 60) % 24:02d}:{m % 60:02d}] {who}: {part}")
    m += 1
    lines.append(f"[{(h + m // 60) % 24:02d}:{m % 60:02d}] " + ("Vendix Bot: Transferindo para um atendente humano..." if e.lang == "pt"
                                                       else "Vendix Bot: Transferring you to a human agent..."))
    return "\n".join(lines)


def web_form(rng: random.Random, e: Event, core: str, bag: PiiBag) -> str:
    c = e.customer
    pt = e.lang == "pt"
    lines = [("Nome: " if pt else "Name: ") + f"{c.first} {c.last}",
             "E-mail: " + bag.ph("email", c.email)]
    if rng.random() < 0.7:
        lines.append(("Telefone: " if pt else "Phone: ") + bag.ph("phone", phone_text(rng, c)))
    if pt and rng.random() < 0.6:
        if rng.random() < 0.5:
            lines.append("CPF/CNPJ: " + bag.ph("cpf", pii.format_cpf(c.cpf, rng.choice(["fmt", "bare"]))))
        else:
            lines.append("CPF/CNPJ: " + bag.ph("cnpj", pii.format_cnpj(c.cnpj, rng.choice(["fmt", "bare"]))))
    lines.append(("Empresa: " if pt else "Company: ") + c.company)
    lines.append(("Mensagem:\n" if pt else "Message:\n") + core)
    return "\n".join(lines)


ORDER_REASONS = {"delivery_delay", "refund_request", "damaged_product", "address_change", "duplicate_charge",
                 "payment_boleto_pix"}


def finish(rng: random.Random, e: Event, subject: str, body: str, bag: PiiBag, nk: list[str], *, html_ok: bool,
           s: dict | None = None) -> None:
    if html_ok and rng.random() < 0.42:
        paras = [p for p in body.split("\n\n")]
        table = None
        if s is not None and e.reason in ORDER_REASONS and rng.random() < 0.3:
            pt = e.lang == "pt"
            table = [("Pedido" if pt else "Order", s["order"]), ("Valor" if pt else "Amount", s["amount"]),
                     ("Data" if pt else "Date", s["date"])]
            nk.append("html_table")
        body = noise.to_html(paras, rng, table=table)
        nk.append("html")
    if rng.random() < (0.05 if e.lang == "pt" else 0.012) and e.channel in ("email", "web"):
        new_body = noise.mojibake(body)
        if new_body != body:
            body = new_body
            if rng.random() < 0.5:
                subject = noise.mojibake(subject)
            nk.append("mojibake")
    if e.channel == "email" and rng.random() < 0.04:
        body = body.replace("\n", "\r\n")
        nk.append("crlf")
    if rng.random() < 0.025 and body:
        def odd_spaces(t: str) -> str:
            return re.sub(r" ", lambda m: rng.choice(["\u00a0", " ", " ", "\u200b ", "  "]), t)
        body = noise.map_text(body, odd_spaces)
        nk.append("unicode_spaces")
    if e.core_pii is None:
        e.core_pii = bag.values
    e.subject_ph, e.body_ph, e.pii_all = subject, body, list(bag.values)
    e.pii_values = bag.used(subject, body)
    e.subject, e.body = bag.fill(subject), bag.fill(body)
    if e.pii_values:
        nk.append("pii")
    seen = []
    for k in nk:
        if k not in seen:
            seen.append(k)
    e.noise = seen


# =========================================================================== operational fields


def operational_row(rng: random.Random, e: Event) -> dict:
    reason = e.reason
    zulu = rng.random() < 0.1
    created = e.created
    prio = op.weighted(rng, op.PRIORITIES, op.PRIORITY_WEIGHTS.get(reason, op.DEFAULT_PRIORITY))
    if e.kind == "followup" and rng.random() < 0.4:
        prio = {"low": "normal", "normal": "high", "high": "urgent", "urgent": "urgent"}[prio]
    wait = op.lognormal_minutes(rng, op.WAIT_MEDIAN[e.channel], 0.9) * op.PRIORITY_WAIT[prio]
    if e.channel == "phone":
        wait = rng.random() * 2
    first_resp = op.business_delay(created, wait)
    # resolution
    res_median = {"chat": 35, "whatsapp": 90, "phone": 20, "email": 1300, "web": 1500}[e.channel]
    if reason in ("integration_api", "invoice_nf_error", "delivery_delay", "refund_request", "scheduled_pix"):
        res_median *= 2.5
    solved = first_resp + timedelta(minutes=op.lognormal_minutes(rng, res_median, 1.0))
    r = rng.random()
    status = "solved" if r < 0.70 else "closed" if r < 0.95 else "pending" if r < 0.975 else "hold"
    if solved > OBS_END or (OBS_END - created).days < 2 and rng.random() < 0.4:
        status = rng.choice(["open", "pending", "hold"])
    if first_resp > OBS_END:
        first_resp = None
        status = "new"
    solved_at = solved if status in ("solved", "closed") else None
    reopens = poisson(rng, 0.35 if reason in PLANTED["csat_deficit"] else 0.25 if reason in PLANTED["repeat"] else 0.08)
    handle = op.lognormal_minutes(rng, op.HANDLE_MEDIAN[reason] * (1.25 if e.kind == "followup" else 1.0), 0.6)
    handle *= 1 + 0.5 * reopens
    wait_total = (wait if first_resp else (OBS_END - created).total_seconds() / 60) + \
        reopens * op.lognormal_minutes(rng, 120, 0.8)
    # csat
    csat = ""
    if solved_at is not None and rng.random() < EFFECTS["csat_deficit"]["rated_share"] * 1.12:
        dist = op.CSAT_DEFICIT if reason in PLANTED["csat_deficit"] else op.CSAT_NORMAL
        csat = str(rng.choices([1, 2, 3, 4, 5], weights=dist, k=1)[0])
    # group / agent / product / tags
    area = AREA[reason]
    if rng.random() < 0.07:
        area = rng.choice(AREAS)
    group = op.GROUPS[area]
    if e.lang == "en" and rng.random() < 0.65:
        group = op.EN_GROUP
    if rng.random() < 0.05:
        group = "Suporte Técnico N1"
    agent = rng.choice(op.AGENTS_BY_GROUP[group])
    if status == "new" or (status == "open" and rng.random() < 0.5):
        agent = ""
    product = AREA[reason] if rng.random() < 0.85 else (rng.choice(AREAS) if rng.random() < 0.6 else "")
    tags: list[str] = []
    if rng.random() < 0.75:
        tags += rng.sample(op.TAG_POOL[reason], rng.randrange(1, min(3, len(op.TAG_POOL[reason])) + 1))
    if rng.random() < 0.08:
        tags.append(rng.choice(op.TAG_POOL[rng.choice(REASON_IDS)])[:])
    if rng.random() < 0.25:
        tags.append(rng.choice(op.GENERIC_TAGS))
    if e.lang == "en" and rng.random() < 0.5:
        tags.append("en")
    if reopens and rng.random() < 0.6:
        tags.append("reaberto")
    tags = list(dict.fromkeys(tags))
    handle *= op.AGENT_SPEED.get(agent, 1.0)
    handle_s = "" if rng.random() < 0.02 else f"{handle:.1f}"
    return {
        "created_at": iso(created, zulu),
        "channel": e.channel,
        "status": status,
        "priority": prio,
        "product": product,
        "group": group,
        "agent": agent,
        "tags": " ".join(tags),
        "first_response_at": iso(first_resp, zulu) if first_resp else "",
        "solved_at": iso(solved_at, zulu) if solved_at else "",
        "handle_minutes": handle_s,
        "wait_minutes": f"{wait_total:.1f}",
        "reopens": str(reopens),
        "csat": csat,
    }


# =========================================================================== main entry

TICKET_COLUMNS = ["ticket_id", "created_at", "subject", "body", "customer_id", "channel", "status", "priority",
                  "product", "group", "agent", "tags", "first_response_at", "solved_at", "handle_minutes",
                  "wait_minutes", "reopens", "csat"]
CUSTOMER_COLUMNS = ["customer_id", "plan", "mrr", "signup_at", "churned_at"]
TRUTH_TICKET_COLUMNS = ["ticket_id", "reason", "language", "planted_repeat", "repeat_of", "dup_group", "noise"]


def _csv_bytes(columns: list[str], rows: list[dict]) -> bytes:
    buf = io.StringIO(newline="")
    w = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writeheader()
    for r in rows:
        w.writerow(r)
    return buf.getvalue().encode("utf-8")


def generate(seed: int = 7, *, scale: float = 1.0) -> dict[str, bytes]:
    """Build every output file in memory: name -> bytes."""
    rng = random.Random(seed)
    customers = make_customers(rng, max(50, round(N_CUSTOMERS * scale)))
    events = make_events(rng, customers, scale)
    assign_channels(rng, events)
    add_duplicates(rng, events)
    events = apply_churn(rng, customers, events)
    events.sort(key=lambda e: (e.created, e.key))
    for i, e in enumerate(events, 1):
        e.ticket_id = f"T{i:06d}"
    # a few tickets lose their customer id (web form without login); a few point to unknown customers
    for e in events:
        render_event(rng, e)
    rows, truth_rows, pii_rows = [], [], []
    n_blank = n_orphan = 0
    # a few customers appear under a legacy id that is not in customers.csv (all their tickets)
    legacy = {c.cid: f"C{90000 + i:05d}" for i, c in enumerate(c for c in customers if rng.random() < 0.004)}
    for e in events:
        row = {"ticket_id": e.ticket_id, "subject": e.subject, "body": e.body}
        cid = e.customer.cid if e.customer else ""
        if cid in legacy:
            cid, n_orphan = legacy[cid], n_orphan + 1
        elif rng.random() < 0.006:
            cid, n_blank = "", n_blank + 1
        row["customer_id"] = cid
        row.update(operational_row(rng, e))
        rows.append({k: row[k] for k in TICKET_COLUMNS})
        planted = e.kind in ("followup", "forward")
        truth_rows.append({
            "ticket_id": e.ticket_id, "reason": e.reason, "language": e.lang,
            "planted_repeat": "true" if planted else "false",
            "repeat_of": e.parent.ticket_id if planted else "",
            "dup_group": e.dup_group, "noise": ",".join(e.noise),
        })
        for kind, value in e.pii_values:
            pii_rows.append({"ticket_id": e.ticket_id, "kind": kind, "value": value})
    cust_rows = [{"customer_id": c.cid, "plan": c.plan, "mrr": f"{c.mrr:.2f}", "signup_at": c.signup.isoformat(),
                  "churned_at": c.churned_at.isoformat() if c.churned_at else ""} for c in customers]
    truth = build_truth(seed, events, customers, rows, pii_rows, n_blank, n_orphan)
    files = {
        "tickets.csv": _csv_bytes(TICKET_COLUMNS, rows),
        "customers.csv": _csv_bytes(CUSTOMER_COLUMNS, cust_rows),
        "truth_tickets.csv": _csv_bytes(TRUTH_TICKET_COLUMNS, truth_rows),
        "truth_pii.csv": _csv_bytes(["ticket_id", "kind", "value"], pii_rows),
        "truth.json": (json.dumps(truth, ensure_ascii=False, indent=2) + "\n").encode("utf-8"),
    }
    from vocmine.sample.readme import readme_text
    files["README.md"] = readme_text(truth).encode("utf-8")
    return files


def build_truth(seed, events, customers, rows, pii_rows, n_blank, n_orphan) -> dict:
    groups: dict[str, dict] = {}
    for e in events:
        if not e.dup_group:
            continue
        g = groups.setdefault(e.dup_group, {"id": e.dup_group, "kind": {"M": "mass_incident", "X": "double_submit",
                                                                     "F": "forwarded_thread"}[e.dup_group[0]],
                                            "reason": e.reason, "tickets": []})
        g["tickets"].append(e.ticket_id)
    by_reason: dict[str, int] = {r: 0 for r in REASON_IDS}
    by_lang = {"pt": 0, "en": 0}
    for e in events:
        by_reason[e.reason] += 1
        by_lang[e.lang] += 1
    by_month = {m: 0 for m in MONTHS}
    for e in events:
        by_month[e.created.strftime("%Y-%m")] += 1
    pii_kinds: dict[str, int] = {}
    for p in pii_rows:
        pii_kinds[p["kind"]] = pii_kinds.get(p["kind"], 0) + 1
    cids = {e.customer.cid for e in events if e.customer}
    measured = measure(events, customers, rows)
    return {
        "seed": seed,
        "months": MONTHS,
        "observation_start": START.date().isoformat(),
        "observation_end": OBS_END.date().isoformat(),
        "timezone": "America/Sao_Paulo (-03:00); about 10% of rows are written in UTC (Z)",
        "reasons": [{"id": r, "label_pt": lp, "label_en": le, "product_area": a} for r, lp, le, a, _w in REASONS],
        "csat_deficit": PLANTED["csat_deficit"],
        "churn": PLANTED["churn"],
        "repeat": PLANTED["repeat"],
        "emerging": PLANTED["emerging"],
        "neutral": PLANTED["neutral"],
        "effects": EFFECTS,
        "duplicates": {
            "n_groups": len(groups),
            "by_kind": {k: sum(1 for g in groups.values() if g["kind"] == k)
                        for k in ("mass_incident", "double_submit", "forwarded_thread")},
            "groups": sorted(groups.values(), key=lambda g: g["id"]),
        },
        "counts": {
            "tickets": len(events),
            "customers_table": len(customers),
            "customers_with_tickets": len(cids),
            "churned_customers": sum(1 for c in customers if c.churned_at),
            "tickets_by_reason": by_reason,
            "tickets_by_language": by_lang,
            "tickets_by_month": by_month,
            "planted_followups": sum(1 for e in events if e.kind in ("followup", "forward")),
            "tickets_after_churn": sum(1 for e in events if e.kind == "after_churn"),
            "rated_tickets": sum(1 for r in rows if r["csat"]),
            "blank_customer_id": n_blank,
            "unknown_customer_id": n_orphan,
            "pii_by_kind": dict(sorted(pii_kinds.items())),
        },
        "measured": measured,
    }


def measure(events: list[Event], customers: list[Customer], rows: list[dict]) -> dict:
    """The planted effects as realised in this sample (true customers, before ids were blanked)."""
    csat: dict[str, list[int]] = {r: [] for r in REASON_IDS}
    for e, row in zip(events, rows):
        if row["csat"]:
            csat[e.reason].append(int(row["csat"]))
    out_csat = {r: {"n_rated": len(v), "mean": round(sum(v) / len(v), 3) if v else None} for r, v in csat.items()}
    # churn: exposure = a ticket in the reason within 90 days before churn (or end of observation)
    end_of = {}
    for c in customers:
        end_of[c.cid] = datetime(c.churned_at.year, c.churned_at.month, c.churned_at.day, tzinfo=BRT) \
            if c.churned_at else OBS_END
    churned = {c.cid: c.churned_at is not None for c in customers}
    filers = sorted({e.customer.cid for e in events if e.customer})
    exposed: dict[str, set[str]] = {r: set() for r in REASON_IDS}
    for e in events:
        if e.customer and timedelta(0) <= end_of[e.customer.cid] - e.created <= timedelta(days=90):
            exposed[e.reason].add(e.customer.cid)
    out_churn = {}
    for r in REASON_IDS:
        ex = [cid for cid in filers if cid in exposed[r]]
        un = [cid for cid in filers if cid not in exposed[r]]
        re_ = sum(churned[c] for c in ex) / len(ex) if ex else None
        ru = sum(churned[c] for c in un) / len(un) if un else None
        out_churn[r] = {"n_exposed": len(ex), "churn_exposed": round(re_, 4) if re_ is not None else None,
                        "churn_unexposed": round(ru, 4) if ru is not None else None,
                        "ratio": round(re_ / ru, 3) if re_ is not None and ru else None}
    # repeats: share of tickets with an earlier ticket of the same customer and reason within 7 days
    last: dict[tuple[str, str], datetime] = {}
    rep = {r: [0, 0] for r in REASON_IDS}
    for e in events:  # already sorted by creation time
        rep[e.reason][1] += 1
        if e.customer is None:
            continue
        k = (e.customer.cid, e.reason)
        if k in last and e.created - last[k] <= timedelta(days=7):
            rep[e.reason][0] += 1
        last[k] = e.created
    out_rep = {r: round(a / b, 4) if b else None for r, (a, b) in rep.items()}
    monthly = {r: {m: 0 for m in MONTHS} for r in REASON_IDS}
    for e in events:
        monthly[e.reason][e.created.strftime("%Y-%m")] += 1
    return {
        "note": "computed on the generated tickets with the true customer of every ticket",
        "csat_by_reason": out_csat,
        "churn_by_reason": out_churn,
        "churn_base_rate_filers": round(sum(churned[c] for c in filers) / len(filers), 4),
        "repeat_share_7d_by_reason": out_rep,
        "tickets_by_reason_month": monthly,
    }


def write_sample(out_dir: Path, *, seed: int = 7, scale: float = 1.0) -> dict:
    """Write the sample export and its truth into ``out_dir``; return a summary of counts."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    files = generate(seed, scale=scale)
    for name, data in files.items():
        (out_dir / name).write_bytes(data)
    truth = json.loads(files["truth.json"])
    counts = truth["counts"]
    return {
        "out_dir": str(out_dir),
        "seed": seed,
        "tickets": counts["tickets"],
        "customers": counts["customers_table"],
        "customers_with_tickets": counts["customers_with_tickets"],
        "reasons": len(truth["reasons"]),
        "pt_share": round(counts["tickets_by_language"]["pt"] / max(1, counts["tickets"]), 3),
        "pii_values": sum(counts["pii_by_kind"].values()),
        "bytes_tickets_csv": len(files["tickets.csv"]),
    }
