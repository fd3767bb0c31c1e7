"""Small synthetic ticket history with planted effects (stand-in topics = true reasons)."""

from __future__ import annotations

import numpy as np
import pandas as pd

TOPICS = {
    0: ("boleto duplicado", "billing", 0.25, 0.0),    # (label, product, csat mean, churn boost)
    1: ("login bloqueado", "app", 0.8, 0.0),
    2: ("cancelamento de plano", "accounts", 0.7, 0.6),
    3: ("como exportar relatório", "reports", 0.85, 0.0),
    4: ("entrega atrasada", "logistics", 0.75, 0.0),
}
MONTHS = ["2026-05", "2026-06", "2026-07", "2026-08"]


def synthetic(seed: int = 0, n_per_month: int = 260, xss: bool = True):
    rng = np.random.default_rng(seed)
    rows = []
    n_customers = 300
    tid = 0
    for mi, month in enumerate(MONTHS):
        start = pd.Timestamp(f"{month}-01", tz="UTC")
        days = pd.Period(month, "M").days_in_month
        topics = list(TOPICS)
        weights = np.array([0.25, 0.25, 0.15, 0.2, 0.15])
        if month == MONTHS[-1]:
            topics = topics + [5]
            weights = np.append(weights * 0.85, 0.15)
        for _ in range(n_per_month):
            topic = int(rng.choice(topics, p=weights / weights.sum()))
            label, product, csat_mu, _ = TOPICS.get(topic, ("pix fora do ar", "payments", 0.6, 0.0))
            cust = f"C{int(rng.integers(n_customers)):04d}"
            created = start + pd.Timedelta(minutes=int(rng.integers(days * 24 * 60)))
            csat = float(np.clip(np.round((csat_mu + rng.normal(0, 0.2)) * 4) / 4, 0, 1)) if rng.random() < 0.7 else np.nan
            text = f"{label}: cliente relata problema número {int(rng.integers(1000))}. Como faço para resolver?"
            rows.append({"ticket_id": f"T{tid:05d}", "created_at": created, "customer_id": cust, "channel":
                         str(rng.choice(["email", "chat"])), "status": "solved", "priority": "normal",
                         "product": product, "group": "L1", "agent": "agent_1",
                         "first_response_at": created + pd.Timedelta(hours=float(rng.gamma(2, 3))),
                         "solved_at": created + pd.Timedelta(hours=float(rng.gamma(3, 10))),
                         "handle_minutes": float(rng.gamma(3, 4)), "wait_minutes": float(rng.gamma(2, 10)),
                         "reopens": int(rng.random() < 0.1), "csat": csat, "language": "pt",
                         "topic_id": topic, "topic_label": label, "topic_prob": float(rng.random()),
                         "text_display": text, "text_model": text.lower()})
            tid += 1
            # repeat contacts for topic 0
            if topic == 0 and rng.random() < 0.5:
                rows.append({**rows[-1], "ticket_id": f"T{tid:05d}",
                             "created_at": created + pd.Timedelta(days=float(rng.uniform(0.5, 4)))})
                tid += 1
    df = pd.DataFrame(rows)
    if xss:
        df.loc[5, "text_display"] = "<script>alert(1)</script> boleto duplicado de novo, como faço?"
        df.loc[5, "topic_prob"] = 2.0
        last = df.index[df["created_at"] >= pd.Timestamp(f"{MONTHS[-1]}-01", tz="UTC")]
        df.loc[last[0], "text_display"] = "<img src=x onerror=alert(1)> boleto duplicado no app, como faço?"
        df.loc[last[0], ["topic_id", "topic_label", "topic_prob"]] = [0, "boleto duplicado", 3.0]
    df = df.sort_values("created_at").reset_index(drop=True)
    df["period"] = df["created_at"].dt.strftime("%Y-%m")
    churned = {}
    for cust, grp in df.groupby("customer_id"):
        if (grp["topic_id"] == 2).any() and rng.random() < 0.6:
            churned[cust] = grp.loc[grp["topic_id"] == 2, "created_at"].max() + pd.Timedelta(days=5)
        elif rng.random() < 0.05:
            churned[cust] = grp["created_at"].max() + pd.Timedelta(days=10)
    customers = pd.DataFrame({"customer_id": [f"C{i:04d}" for i in range(n_customers)]})
    customers["churned_at"] = pd.to_datetime(customers["customer_id"].map(churned), utc=True)
    customers["plan"] = "basic"
    customers["signup_at"] = pd.Timestamp("2025-01-01", tz="UTC")
    customers.loc[customers["churned_at"] > pd.Timestamp("2026-08-31 23:59", tz="UTC"), "churned_at"] = pd.NaT
    catalogue = pd.DataFrame({"topic_id": list(range(6)),
                              "label": [TOPICS[i][0] for i in range(5)] + ["pix fora do ar"],
                              "keywords": [[w] for w in ["boleto", "login", "cancelar", "exportar", "entrega", "pix"]]})
    changes = pd.DataFrame({"topic_id": list(range(6)), "status": ["stable"] * 5 + ["new"]})
    return df, customers, catalogue, changes


def period_data(period: str = "2026-08", seed: int = 0):
    from vocmine.runner import PeriodData

    df, customers, catalogue, changes = synthetic(seed)
    return PeriodData(period=period, tickets=df[df["period"] <= period].reset_index(drop=True), customers=customers,
                      catalogue=catalogue, changes=changes, accounting=pd.DataFrame(
                          {"source_file": ["tickets.csv"], "rows_read": [1100], "rows_accepted": [1090],
                           "rows_quarantined": [10]}), store_path=None)
