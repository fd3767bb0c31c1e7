"""Recurrence figures on a data directory: the Olist subset or the sample export.

    python bench/bench_recurrence.py /work/shared/data/real/olist_subset
    python bench/bench_recurrence.py data/sample

Olist (``olist_order_reviews_dataset.csv.gz`` present): reviews are tickets, the customer is
``customer_unique_id`` (the person across orders), the topic is the product category of the
order's first item; prints repeat customers and repeat-contact counts for several windows.
Sample (``tickets.csv`` + ``truth_tickets.csv``): topic = planted reason; prints repeat and
duplicate precision/recall against the planted truth, chronic/emerging topics, incident spikes
and deflection candidates. Only counts and redacted snippets are printed; nothing is written.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a clone without install

from vocmine.recurrence import (  # noqa: E402
    ALL,
    chronic_topics,
    deflection_candidates,
    duplicate_groups,
    find_repeats,
    incident_spikes,
    near_duplicates,
    repeat_summary,
    top_chains,
    top_questions,
)

def load_olist(d: Path) -> pd.DataFrame:
    """Olist reviews as tickets: one row per review, customer = customer_unique_id.

    ticket_id = review_id + ':' + order_id (review ids repeat across orders), created_at = the
    answer timestamp (naive, taken as UTC), text = title + message, topic_id = product category of
    the order's first item ('unknown' when missing). Also used by tests/recurrence.
    """
    rev = pd.read_csv(d / "olist_order_reviews_dataset.csv.gz", dtype=str)
    orders = pd.read_csv(d / "olist_orders_dataset.csv.gz", dtype=str)
    cust = pd.read_csv(d / "olist_customers_dataset.csv.gz", dtype=str)
    items = pd.read_csv(d / "olist_order_items_dataset.csv.gz", dtype=str)
    prods = pd.read_csv(d / "olist_products_dataset.csv.gz", dtype=str)
    first_item = items.sort_values(["order_id", "order_item_id"]).drop_duplicates("order_id")
    cat = first_item.merge(prods[["product_id", "product_category_name"]], on="product_id", how="left")
    df = (rev.merge(orders[["order_id", "customer_id"]], on="order_id", how="left")
             .merge(cust[["customer_id", "customer_unique_id"]], on="customer_id", how="left")
             .merge(cat[["order_id", "product_category_name"]], on="order_id", how="left"))
    text = (df["review_comment_title"].fillna("") + " " + df["review_comment_message"].fillna("")).str.strip()
    return pd.DataFrame({
        "ticket_id": df["review_id"] + ":" + df["order_id"],
        "created_at": pd.to_datetime(df["review_answer_timestamp"], utc=True),
        "customer_id": df["customer_unique_id"], "order_id": df["order_id"],
        "topic_id": df["product_category_name"].fillna("unknown"),
        "score": df["review_score"].astype(int), "text_model": text, "text_display": text,
    })


def load_sample(d: Path) -> pd.DataFrame:
    """tickets.csv joined with truth_tickets.csv, cleaned; ``topic_id`` = the planted reason.
    Also used by tests/recurrence."""
    from vocmine.text import clean_frame

    t = pd.read_csv(d / "tickets.csv", dtype={"ticket_id": str, "customer_id": str})
    t["created_at"] = pd.to_datetime(t["created_at"], utc=True, format="ISO8601")
    t["text"] = t["subject"].fillna("").astype(str) + "\n\n" + t["body"].fillna("").astype(str)
    truth = pd.read_csv(d / "truth_tickets.csv", dtype={"ticket_id": str})
    t = t.merge(truth, on="ticket_id", how="left", suffixes=("", "_truth"))
    t["topic_id"] = t["reason"]
    return clean_frame(t)


def timed(label, fn, *args, **kwargs):
    t0 = time.perf_counter()
    out = fn(*args, **kwargs)
    print(f"  [{label}: {time.perf_counter() - t0:.2f} s]")
    return out


def _pairs(groups: pd.Series) -> set:
    g = groups[groups.notna()]
    out = set()
    for _, idx in g.groupby(g).groups.items():
        out.update(itertools.combinations(sorted(idx), 2))
    return out


def run_olist(d: Path) -> None:
    t = load_olist(d)
    per_c = t.groupby("customer_id").size()
    orders_c = t.groupby("customer_id")["order_id"].nunique()
    print(f"reviews {len(t):,}; customers (customer_unique_id) {per_c.size:,}; with >= 2 reviews "
          f"{(per_c >= 2).sum():,}; with >= 2 reviewed orders {(orders_c >= 2).sum():,}; "
          f"with >= 2 commented reviews {(t[t.text_model != ''].groupby('customer_id').size() >= 2).sum():,}")
    one = t.assign(any_topic="all")
    print("repeat contacts, any topic (customer came back within the window):")
    for w in (7, 30, 365, 10_000):
        r = timed(f"find_repeats window {w}", find_repeats, one, topic_col="any_topic", window_days=w,
                  double_submit_minutes=None)
        print(f"  window {w:>6} d: repeat reviews {r.is_repeat.sum():,}; customers with a repeat "
              f"{r.loc[r.is_repeat, 'customer_id'].nunique():,}; chains >= 2 {(r.chain_position.eq(1) & r.chain_size.gt(1)).sum():,}; "
              f"longest chain {r.chain_size.max()}")
    r = find_repeats(one, topic_col="any_topic", window_days=10_000, double_submit_minutes=None)
    same_order = r[r.is_repeat].merge(t[["ticket_id", "order_id"]], on="ticket_id")
    prev_order = same_order["prev_ticket_id"].str.split(":").str[1]
    print(f"  of the all-time repeats, {(prev_order == same_order['order_id']).sum()} are a second review of the "
          "same order, the rest a later order")
    r30 = timed("find_repeats 30 d by category", find_repeats, t, window_days=30)
    print(f"same product category within 30 days: repeat reviews {r30.is_repeat.sum():,}; double submits "
          f"{r30.is_double_submit.sum():,}")
    s = repeat_summary(r30, t)
    print(s[(s.period == ALL)].sort_values("tickets", ascending=False).head(6)[
        ["topic", "tickets", "repeat_tickets", "repeat_rate", "repeat_rate_low", "repeat_rate_high", "fcr"]].to_string())
    low = t[t.score <= 2]
    rl = find_repeats(low.assign(any_topic="all"), topic_col="any_topic", window_days=30)
    print(f"low-score (1-2) reviews {len(low):,}: repeat within 30 d {rl.is_repeat.sum():,} "
          f"({rl.is_repeat.mean():.1%}) vs all reviews {find_repeats(one, topic_col='any_topic', window_days=30).is_repeat.mean():.1%}")
    c = timed("chronic_topics", chronic_topics, t)
    print("chronic/spike by category:", c.classification.value_counts().to_dict())
    sp = timed("incident_spikes", incident_spikes, t, min_tickets=8)
    print(f"incident-like bursts: {len(sp)}")
    if len(sp):
        print(sp.head(5)[["topic", "start", "end", "n_tickets", "n_customers", "baseline_per_day", "ratio"]].to_string())
    d_ = timed("near_duplicates", near_duplicates, t)
    g = duplicate_groups(t, d_)
    print(f"near-duplicate groups among comments: {len(g)} ({g['size'].sum() if len(g) else 0} reviews), "
          f"kinds {g.kind.value_counts().to_dict() if len(g) else {}}; largest: "
          f"{g.head(3)[['size', 'n_customers', 'kind', 'example']].to_dict('records') if len(g) else []}")


def run_sample(d: Path) -> None:
    t = timed("load + clean", load_sample, d)
    truth_json = json.loads((d / "truth.json").read_text())
    rep_reasons = set(truth_json["repeat"])
    truth = t["planted_repeat"].astype(str).str.lower().eq("true").to_numpy()
    print(f"tickets {len(t):,}; planted repeats {truth.sum():,}")
    for w in (7, 30):
        r = timed(f"find_repeats {w} d", find_repeats, t, window_days=w)
        pred = r.is_repeat.to_numpy()
        tp = (pred & truth).sum()
        scope = t.reason.isin(rep_reasons).to_numpy()
        tps = (pred & truth & scope).sum()
        print(f"  window {w} d: predicted {pred.sum():,}; precision {tp / max(pred.sum(), 1):.3f} recall "
              f"{tp / truth.sum():.3f}; repeat reasons only precision {tps / max((pred & scope).sum(), 1):.3f} recall "
              f"{tps / max((truth & scope).sum(), 1):.3f}; double submits {r.is_double_submit.sum()}")
        missed = t[truth & ~pred]
        print(f"    missed planted repeats: {len(missed)}, of which blank customer id "
              f"{missed.customer_id.isna().sum()}")
    rt = timed("find_repeats 7 d + text", find_repeats, t, window_days=7, text_col="text_model")
    pred = rt.is_repeat.to_numpy()
    tp = (pred & truth).sum()
    print(f"  with text similarity: predicted {pred.sum():,}; precision {tp / max(pred.sum(), 1):.3f} recall "
          f"{tp / truth.sum():.3f}; matched by text {(rt.match == 'text').sum()}")
    r = find_repeats(t, window_days=7)
    s = repeat_summary(r, t)
    print(s[s.period == ALL].sort_values("repeat_rate", ascending=False).head(5)[
        ["topic", "tickets", "repeat_tickets", "repeat_rate", "repeat_rate_low", "repeat_rate_high", "chains",
         "extra_tickets", "repeat_hours", "fcr"]].to_string())
    dups = timed("near_duplicates", near_duplicates, t)
    tr = _pairs(t["dup_group"])
    fo = _pairs(dups["dup_group"].where(dups["dup_group"] >= 0))
    kind = t["dup_group"].astype(str).str[0]
    tp = len(tr & fo)
    print(f"duplicate pairs: found {len(fo):,} planted {len(tr):,}; precision {tp / max(len(fo), 1):.3f} "
          f"recall {tp / max(len(tr), 1):.3f}; recall by kind: " + ", ".join(
              f"{name} {len({p for p in tr if kind[p[0]] == k} & fo) / max(len({p for p in tr if kind[p[0]] == k}), 1):.3f}"
              for k, name in (("M", "mass"), ("X", "double submit"), ("F", "forwarded"))))
    g = duplicate_groups(t, dups)
    print(g.head(6)[["dup_group", "size", "n_customers", "span_hours", "topic_mode", "kind", "example"]].to_string())
    c = chronic_topics(t)
    print("chronic_topics:", c.groupby("classification")["topic"].apply(list).to_dict())
    sp = timed("incident_spikes", incident_spikes, t)
    print(sp[["topic", "start", "end", "n_tickets", "n_customers", "baseline_per_day", "ratio"]].to_string())
    dc = timed("deflection_candidates", deflection_candidates, t, r)
    print(dc.head(6)[["topic", "tickets_per_month", "howto_share", "repeat_rate", "score", "suggested_action",
                      "tickets_low", "tickets_high", "hours_low", "hours_high"]].to_string())
    print("assumptions:", dc.attrs["assumptions"])
    if len(dc):
        print(top_questions(t, dc.iloc[0]["topic"], n=5).to_string())
    print(top_chains(r, t, n=3)[["chain_id", "topic", "n_tickets", "span_days", "hours"]].to_string())


def run_scale(d: Path, sizes: list[int]) -> None:
    """Time find_repeats (topic and text modes) and repeat_summary on the sample scaled to N tickets:
    copies get new ticket ids, customers suffixed by copy number (so chains stay per copy) and a
    random shift of whole days."""
    t = load_sample(d)[["ticket_id", "created_at", "customer_id", "topic_id", "handle_minutes", "text_model"]]
    rng = np.random.default_rng(0)
    for n in sizes:
        reps = int(np.ceil(n / len(t)))
        big = pd.concat([t.assign(ticket_id=t.ticket_id + f"-{i}", customer_id=t.customer_id + f"-{i}",
                                  created_at=t.created_at + pd.Timedelta(days=int(rng.integers(0, 30))))
                         for i in range(reps)], ignore_index=True).iloc[:n]
        t0 = time.perf_counter()
        r = find_repeats(big, window_days=7)
        t1 = time.perf_counter()
        repeat_summary(r, big)
        t2 = time.perf_counter()
        rt = find_repeats(big, window_days=7, text_col="text_model")
        t3 = time.perf_counter()
        print(f"n={n:,}: find_repeats {t1 - t0:.1f} s ({r.is_repeat.sum():,} repeats); repeat_summary {t2 - t1:.1f} s; "
              f"find_repeats with text {t3 - t2:.1f} s ({(rt.match == 'text').sum():,} text matches)")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("data_dir", type=Path)
    p.add_argument("--scale", type=int, nargs="*", default=None,
                   help="sample only: also time find_repeats on the sample scaled to these sizes")
    args = p.parse_args(argv)
    pd.set_option("display.width", 200)
    pd.set_option("display.max_columns", 30)
    pd.set_option("display.max_colwidth", 60)
    d = args.data_dir
    if args.scale and (d / "tickets.csv").exists():
        run_scale(d, args.scale)
        return 0
    if (d / "olist_order_reviews_dataset.csv.gz").exists():
        run_olist(d)
    elif (d / "tickets.csv").exists() and (d / "truth_tickets.csv").exists():
        run_sample(d)
    else:
        print(f"{d}: neither the Olist subset nor a sample export (tickets.csv + truth_tickets.csv)")
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
