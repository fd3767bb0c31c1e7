"""Synthetic frames and loaders shared by the impact tests (plain functions, seeded)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

SCORES = np.array([0.0, 0.25, 0.5, 0.75, 1.0])
END = pd.Timestamp("2026-06-30", tz="UTC")


def utc(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz="UTC")


def null_csat_tickets(
    rng: np.random.Generator,
    *,
    n_topics: int = 20,
    n_customers: int = 600,
    n_tickets: int = 3000,
    home_share: float = 0.7,
    rated_share: float = 0.8,
) -> pd.DataFrame:
    """No topic effect, but strong customer clustering: each customer has a CSAT level of
    their own and files most tickets on a 'home' topic (the worst case for a naive test)."""
    cust = rng.integers(0, n_customers, n_tickets)
    home = rng.integers(0, n_topics, n_customers)
    topic = np.where(rng.random(n_tickets) < home_share, home[cust], rng.integers(0, n_topics, n_tickets))
    level = rng.normal(0, 1.2, n_customers)[cust]
    latent = level + rng.normal(0, 1, n_tickets)
    csat = SCORES[np.clip(np.round(latent + 2), 0, 4).astype(int)]
    csat[rng.random(n_tickets) > rated_share] = np.nan
    return pd.DataFrame(
        {
            "ticket_id": [f"t{i}" for i in range(n_tickets)],
            "topic_id": topic,
            "customer_id": [f"c{c}" for c in cust],
            "csat": csat,
        }
    )


def confounded_churn(
    rng: np.random.Generator, *, n_customers: int = 3000
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Customers who file more tickets churn more (churn depends on the ticket count only) and
    file topic 0 more often; topic 0 has no effect of its own."""
    n_tk = rng.poisson(np.where(rng.random(n_customers) < 0.3, 7.0, 1.0))
    logit = -3.0 + 0.9 * np.log1p(n_tk)
    churned = rng.random(n_customers) < 1 / (1 + np.exp(-logit))
    days_before = rng.integers(0, 200, n_customers)
    churned_at = pd.Series(
        [
            END - pd.Timedelta(days=int(d)) if ch else pd.NaT
            for ch, d in zip(churned, days_before, strict=True)
        ],
        dtype="datetime64[ns, UTC]",
    )
    customers = pd.DataFrame(
        {
            "customer_id": [f"c{i}" for i in range(n_customers)],
            "churned_at": churned_at,
            "signup_at": END - pd.Timedelta(days=800),
            "plan": rng.choice(["basic", "pro"], n_customers),
        }
    )
    rows = []
    p0 = np.clip(0.03 * n_tk, 0.0, 0.6)  # heavy filers pick topic 0 more often
    for i in range(n_customers):
        ref = churned_at[i] if churned[i] else END
        for _ in range(n_tk[i]):
            topic = 0 if rng.random() < p0[i] else int(rng.integers(1, 8))
            rows.append((f"c{i}", topic, ref - pd.Timedelta(hours=float(rng.uniform(1, 89 * 24)))))
    tickets = pd.DataFrame(rows, columns=["customer_id", "topic_id", "created_at"])
    tickets.insert(0, "ticket_id", [f"t{i}" for i in range(len(tickets))])
    return tickets, customers


def load_sample(sample_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """tickets (with the true ``reason``), customers and truth.json from data/sample/.

    Uses ``vocmine.ingest.read_tickets`` / ``read_customers``; falls back to pandas (times
    parsed with ``utc=True``, csat 1–5 → (x − 1) / 4) if ingest cannot be imported."""
    truth = json.loads((sample_dir / "truth.json").read_text(encoding="utf-8"))
    reasons = pd.read_csv(sample_dir / "truth_tickets.csv", dtype={"ticket_id": str})[["ticket_id", "reason"]]
    try:
        from vocmine.ingest import read_customers, read_tickets
    except ImportError:  # ingest is built in parallel; the pandas path keeps these tests independent
        read_tickets = read_customers = None
    if read_tickets is not None:
        tickets = read_tickets(sample_dir / "tickets.csv").frame
        customers = read_customers(sample_dir / "customers.csv").frame
    else:
        raw = pd.read_csv(sample_dir / "tickets.csv", dtype=str, keep_default_na=False)
        tickets = raw.copy()
        for col in ("created_at", "first_response_at", "solved_at"):
            if col in tickets:
                tickets[col] = pd.to_datetime(raw[col].replace("", None), utc=True, format="ISO8601")
        if "csat" in raw:
            tickets["csat"] = (pd.to_numeric(raw["csat"].replace("", None), errors="coerce") - 1) / 4
        for col in ("handle_minutes", "wait_minutes", "reopens"):
            if col in raw:
                tickets[col] = pd.to_numeric(raw[col].replace("", None), errors="coerce")
        tickets["customer_id"] = tickets["customer_id"].replace("", None)
        customers = pd.read_csv(sample_dir / "customers.csv", dtype={"customer_id": str})
        for col in ("signup_at", "churned_at"):
            customers[col] = pd.to_datetime(customers[col], utc=True, format="ISO8601")
    tickets = tickets.assign(ticket_id=tickets["ticket_id"].astype(str)).merge(
        reasons, on="ticket_id", how="left"
    )
    return tickets, customers, truth


def null_churn(rng: np.random.Generator, *, n_customers: int = 1500, n_topics: int = 10):
    """Churn depends on each customer's ticket count only; topics are drawn independently of
    churn (vectorised, for Monte Carlo)."""
    n_tk = rng.poisson(np.where(rng.random(n_customers) < 0.3, 5.0, 1.0))
    churned = rng.random(n_customers) < 1 / (1 + np.exp(-(-2.5 + 0.8 * np.log1p(n_tk))))
    ref = np.where(churned, END - pd.to_timedelta(rng.integers(0, 120, n_customers), unit="D"), END)
    ref = pd.DatetimeIndex(ref)
    cust_idx = np.repeat(np.arange(n_customers), n_tk)
    created = ref[cust_idx] - pd.to_timedelta(rng.uniform(1, 89 * 24, len(cust_idx)), unit="h")
    tickets = pd.DataFrame(
        {
            "customer_id": [f"c{i}" for i in cust_idx],
            "topic_id": rng.integers(0, n_topics, len(cust_idx)),
            "created_at": created,
        }
    )
    churned_at = pd.Series(ref).where(churned)
    customers = pd.DataFrame(
        {
            "customer_id": [f"c{i}" for i in range(n_customers)],
            "churned_at": churned_at,
            "plan": rng.choice(["basic", "pro"], n_customers),
        }
    )
    return tickets, customers
