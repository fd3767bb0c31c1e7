"""Impact statistics end to end on the Olist subset (real, anonymised orders; non-commercial data).

Usage:  python bench/bench_impact_olist.py DATA_DIR [--n-boot 2000] [--retention-days 180]

DATA_DIR is the folder with the ``olist_*.csv.gz`` files (e.g. ../shared/data/real/olist_subset);
nothing is copied or written. Prints timings and the CSAT, churn and ranking tables, then a
synthetic speed figure for ``csat_by_topic`` (10k tickets, 30 topics, 2,000 resamples).

How Olist maps onto vocmine (see SOURCE.md beside the data):
- ticket   = one order review (review_id + order_id); ``created_at`` = review_creation_date,
  read as America/Sao_Paulo local time and converted to UTC; ``csat`` = (review_score − 1) / 4.
  Review text is NOT loaded (not needed, and it never leaves the process anyway).
- customer = ``customer_unique_id`` (the person across orders).
- topic    = English product category of the reviewed order's first item ("(no item)" when the
  order has no item row, e.g. canceled / unavailable orders).
- churn    = *no second order within ``retention_days`` (default 180) after the customer's first
  order*, for customers whose first order is at least ``retention_days`` before the last purchase
  in the data (others are not eligible: their outcome is unknown). Exposure = the categories of
  the reviews of the customer's **first order** (only those reviews are passed to
  ``churn_by_topic``, with a window long enough to include them all and a boolean ``churned``).
  The subset is dominated by one-order customers, so churn is near 99%: this exercises the code
  path; it is not a finding.
- KPIs: the export has no response / solve times, priorities or handle times, so only volume and
  share are meaningful (the other KPI columns are NaN and are not printed).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing

LOCAL_TZ = "America/Sao_Paulo"


def _read(data_dir: Path, name: str, usecols: list[str]) -> pd.DataFrame:
    return pd.read_csv(data_dir / f"{name}.csv.gz", usecols=usecols)


def _local_to_utc(values: pd.Series) -> pd.Series:
    t = pd.to_datetime(values, errors="coerce")
    return t.dt.tz_localize(LOCAL_TZ, ambiguous="NaT", nonexistent="shift_forward").dt.tz_convert("UTC")


def load_olist(data_dir: str | Path, *, retention_days: int = 180) -> dict:
    """Olist subset as vocmine frames (see the module docstring for the mapping).

    Returns a dict: ``tickets`` (TicketFrame-like: ticket_id, created_at, customer_id, csat,
    csat_raw, topic_id = category), ``churn_tickets`` (first-order reviews only),
    ``churn_customers`` (customer_id, churned: bool), ``observation_end`` (UTC),
    ``churn_window_days`` (a window covering every first-order review) and
    ``observation_start`` (the window's start, so no customer is excluded as left-censored).
    """
    data_dir = Path(data_dir)
    reviews = _read(
        data_dir,
        "olist_order_reviews_dataset",
        ["review_id", "order_id", "review_score", "review_creation_date"],
    )
    orders = _read(data_dir, "olist_orders_dataset", ["order_id", "customer_id", "order_purchase_timestamp"])
    people = _read(data_dir, "olist_customers_dataset", ["customer_id", "customer_unique_id"])
    items = _read(data_dir, "olist_order_items_dataset", ["order_id", "order_item_id", "product_id"])
    products = _read(data_dir, "olist_products_dataset", ["product_id", "product_category_name"])
    names = _read(
        data_dir,
        "product_category_name_translation",
        ["product_category_name", "product_category_name_english"],
    )

    first_item = items.sort_values(["order_id", "order_item_id"]).drop_duplicates("order_id")
    cat = first_item.merge(products, on="product_id", how="left").merge(
        names, on="product_category_name", how="left"
    )
    cat["category"] = (
        cat["product_category_name_english"].fillna(cat["product_category_name"]).fillna("(unknown)")
    )
    orders = orders.merge(people, on="customer_id", how="left")
    orders["purchased_at"] = _local_to_utc(orders["order_purchase_timestamp"])
    orders = orders.merge(cat[["order_id", "category"]], on="order_id", how="left")
    orders["category"] = orders["category"].fillna("(no item)")

    t = reviews.merge(
        orders[["order_id", "customer_unique_id", "category", "purchased_at"]], on="order_id", how="left"
    )
    tickets = pd.DataFrame(
        {
            "ticket_id": (t["review_id"] + "/" + t["order_id"]).astype(str),
            "created_at": _local_to_utc(t["review_creation_date"]),
            "customer_id": t["customer_unique_id"].astype("string"),
            "csat": (pd.to_numeric(t["review_score"], errors="coerce") - 1) / 4,
            "csat_raw": t["review_score"].astype("string"),
            "topic_id": t["category"].astype(str),
            "order_id": t["order_id"],
        }
    )

    # churn: no second order within retention_days of the first one
    o = orders.dropna(subset=["purchased_at", "customer_unique_id"]).sort_values("purchased_at")
    data_end = o["purchased_at"].max()
    per = o.groupby("customer_unique_id")["purchased_at"]
    first = per.min()
    second = (
        o.assign(rank=per.rank(method="first"))
        .query("rank == 2")
        .set_index("customer_unique_id")["purchased_at"]
    )
    eligible = first[first <= data_end - pd.Timedelta(days=retention_days)]
    gap = (second.reindex(eligible.index) - eligible).dt.days
    churned = ~(gap <= retention_days)
    customers = pd.DataFrame({"customer_id": eligible.index.astype(str), "churned": churned.to_numpy()})
    first_orders = set(o.sort_values("purchased_at").drop_duplicates("customer_unique_id")["order_id"])
    churn_tickets = tickets[tickets["order_id"].isin(first_orders)].drop(columns="order_id")
    created = churn_tickets["created_at"]
    window = int((created.max() - created.min()).days) + 2
    return {
        "tickets": tickets.drop(columns="order_id"),
        "churn_tickets": churn_tickets,
        "churn_customers": customers,
        "observation_end": created.max(),
        "observation_start": created.max() - pd.Timedelta(days=window),
        "churn_window_days": window,
        "retention_days": retention_days,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data_dir", type=Path)
    ap.add_argument("--n-boot", type=int, default=2000)
    ap.add_argument("--retention-days", type=int, default=180)
    ap.add_argument("--min-n", type=int, default=30)
    args = ap.parse_args(argv)

    from vocmine.impact import churn_by_topic, csat_by_topic, kpis_by_topic, rank_topics, trend

    pd.set_option("display.width", 200)
    pd.set_option("display.max_columns", 20)
    t0 = time.perf_counter()
    d = load_olist(args.data_dir, retention_days=args.retention_days)
    tickets = d["tickets"]
    print(
        f"load: {time.perf_counter() - t0:.2f} s; {len(tickets):,} reviews, "
        f"{tickets.customer_id.nunique():,} customers, {tickets.topic_id.nunique()} categories, "
        f"{tickets.csat.notna().sum():,} rated"
    )

    timings = {}
    t0 = time.perf_counter()
    csat = csat_by_topic(tickets, min_n=args.min_n, n_boot=args.n_boot)
    timings["csat_by_topic"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    churn = churn_by_topic(
        d["churn_tickets"],
        d["churn_customers"],
        window_days=d["churn_window_days"],
        observation_end=d["observation_end"],
        observation_start=d["observation_start"],
        min_customers=args.min_n,
        covariates=(),
    )
    timings["churn_by_topic"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    kpis = kpis_by_topic(tickets, tz=LOCAL_TZ)
    timings["kpis_by_topic"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    tr = trend(tickets, tz=LOCAL_TZ, measures=("volume", "csat_mean", "repeat_rate"))
    timings["trend"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    ranked = rank_topics(csat, churn, kpis, min_n=args.min_n)
    timings["rank_topics"] = time.perf_counter() - t0
    print("timings (s, shared 2-core machine):", {k: round(v, 3) for k, v in timings.items()})

    print(
        f"\nCSAT by category (overall mean {csat.attrs['overall_mean']:.3f} on 0..1; "
        f"{int(csat.tested.sum())} tested, {int(csat.flag.sum())} flagged at q < 0.05; n_boot {args.n_boot})"
    )
    cols = [
        "topic_id",
        "n_rated",
        "n_customers",
        "csat_mean",
        "csat_mean_lo",
        "csat_mean_hi",
        "dissatisfied_share",
        "diff",
        "diff_lo",
        "diff_hi",
        "q_value",
        "csat_points_lost",
        "flag",
    ]
    print(
        csat[csat.tested]
        .sort_values("csat_points_lost", ascending=False)[cols]
        .round(4)
        .to_string(index=False)
    )

    a = churn.attrs
    print(
        f"\nRetention after the first order (churn = no 2nd order within {d['retention_days']} days): "
        f"{a['n_customers']:,} eligible customers, {a['n_churned']:,} churned "
        f"({a['n_churned'] / max(a['n_customers'], 1):.1%}); {int(churn.tested.sum())} categories tested, "
        f"{int(churn.flag.sum())} flagged (associated with churn, adjusted)"
    )
    cols = [
        "topic_id",
        "n_exposed",
        "churn_rate_exposed",
        "churn_rate_unexposed",
        "rr",
        "rr_lo",
        "rr_hi",
        "q_value",
        "adj_or",
        "adj_or_lo",
        "adj_or_hi",
        "adj_q_value",
        "adj_note",
    ]
    print(
        churn[churn.tested].sort_values("rr", ascending=False)[cols].round(3).head(15).to_string(index=False)
    )

    print("\nRanking (top 15; score = volume + CSAT points lost + churn, significant effects only)")
    print(ranked.head(15).round(3).to_string(index=False))
    print(f"not ranked: {int(ranked['rank'].isna().sum())} categories (below min_n {args.min_n})")

    monthly = kpis.groupby("period").n_tickets.sum()
    print(
        f"\nmonthly volume ({LOCAL_TZ} calendar): {monthly.min()}..{monthly.max()} "
        f"over {len(monthly)} months; "
        f"trend rows: {len(tr):,}"
    )
    big = ranked.loc[ranked["rank"].notna(), "topic_id"].head(3).tolist()
    last = tr[(tr.measure == "volume") & tr.topic_id.isin(big)].groupby("topic_id").tail(3)
    print(last.round(3).to_string(index=False))

    # speed target of the brief: 30 topics x 2000 resamples on 10k tickets in about a second
    rng = np.random.default_rng(0)
    n = 10_000
    synth = pd.DataFrame(
        {
            "topic_id": rng.integers(0, 30, n),
            "customer_id": rng.integers(0, 4_000, n).astype(str),
            "csat": rng.choice([0.0, 0.25, 0.5, 0.75, 1.0], n),
        }
    )
    runs = []
    for _ in range(3):
        t0 = time.perf_counter()
        csat_by_topic(synth, n_boot=2000)
        runs.append(time.perf_counter() - t0)
    print(
        f"\nspeed: csat_by_topic, 10,000 tickets / 4,000 customers / 30 topics / 2,000 resamples "
        f"(pairs + wild bootstrap): best {min(runs):.2f} s, median {sorted(runs)[1]:.2f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
