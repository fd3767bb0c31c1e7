"""Fixtures for the recurrence tests: the sample export with its truth, the Olist subset."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "data" / "sample"


def load_sample(sample_dir: Path) -> pd.DataFrame:
    """tickets.csv joined with truth_tickets.csv; ``topic_id`` = the planted reason.

    Uses ``vocmine.text.clean_frame`` for ``text_model`` / ``text_display`` when it exists,
    else simple stand-ins (lower-cased text; display = text, in-process only).
    """
    t = pd.read_csv(sample_dir / "tickets.csv", dtype={"ticket_id": str, "customer_id": str})
    t["created_at"] = pd.to_datetime(t["created_at"], utc=True, format="ISO8601")
    t["text"] = t["subject"].fillna("").astype(str) + "\n\n" + t["body"].fillna("").astype(str)
    truth = pd.read_csv(sample_dir / "truth_tickets.csv", dtype={"ticket_id": str})
    t = t.merge(truth, on="ticket_id", how="left", suffixes=("", "_truth"))
    t["topic_id"] = t["reason"]
    try:
        from vocmine.text import clean_frame  # lands in parallel
    except ImportError:
        clean_frame = None
    if clean_frame is not None:
        try:
            t = clean_frame(t)
        except Exception:  # noqa: BLE001 - a half-built cleaner must not block these tests
            clean_frame = None
    if clean_frame is None or "text_model" not in t.columns:
        t["text_model"] = t["text"].str.lower()
        t["text_display"] = t["text"]
    return t


@pytest.fixture(scope="session")
def sample_tickets() -> pd.DataFrame:
    if not (SAMPLE / "tickets.csv").exists() or not (SAMPLE / "truth_tickets.csv").exists():
        pytest.fail("data/sample/tickets.csv + truth_tickets.csv not generated yet (vocmine sample --seed 7)")  # the sample is committed: its absence is a defect, not a skip
    return load_sample(SAMPLE)


def load_olist(olist_dir: Path) -> pd.DataFrame:
    """Olist reviews as tickets: one row per review, customer = customer_unique_id.

    ticket_id = review_id + ':' + order_id (review ids repeat across orders), created_at = the
    answer timestamp (naive, taken as UTC), text = title + message, topic_id = product category of
    the order's first item ('unknown' when missing).
    """
    rev = pd.read_csv(olist_dir / "olist_order_reviews_dataset.csv.gz", dtype=str)
    orders = pd.read_csv(olist_dir / "olist_orders_dataset.csv.gz", dtype=str)
    cust = pd.read_csv(olist_dir / "olist_customers_dataset.csv.gz", dtype=str)
    items = pd.read_csv(olist_dir / "olist_order_items_dataset.csv.gz", dtype=str)
    prods = pd.read_csv(olist_dir / "olist_products_dataset.csv.gz", dtype=str)
    first_item = items.sort_values(["order_id", "order_item_id"]).drop_duplicates("order_id")
    cat = first_item.merge(prods[["product_id", "product_category_name"]], on="product_id", how="left")
    df = (rev.merge(orders[["order_id", "customer_id"]], on="order_id", how="left")
             .merge(cust[["customer_id", "customer_unique_id"]], on="customer_id", how="left")
             .merge(cat[["order_id", "product_category_name"]], on="order_id", how="left"))
    out = pd.DataFrame({
        "ticket_id": df["review_id"] + ":" + df["order_id"],
        "created_at": pd.to_datetime(df["review_answer_timestamp"], utc=True),
        "customer_id": df["customer_unique_id"],
        "order_id": df["order_id"],
        "topic_id": df["product_category_name"].fillna("unknown"),
        "score": df["review_score"].astype(int),
        "text_model": (df["review_comment_title"].fillna("") + " " + df["review_comment_message"].fillna("")).str.strip(),
    })
    out["text_display"] = out["text_model"]
    return out


@pytest.fixture(scope="session")
def olist_tickets(real_data_dir) -> pd.DataFrame:
    olist = real_data_dir / "olist_subset"
    if not olist.is_dir():
        pytest.skip(f"{olist} not found")
    return load_olist(olist)


@pytest.fixture(scope="session")
def sample_repeat_reasons(sample_tickets) -> set[str]:
    import json

    return set(json.loads((SAMPLE / "truth.json").read_text())["repeat"])
