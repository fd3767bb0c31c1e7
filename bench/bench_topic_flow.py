"""False alarms of the monthly topic flow on null data, and the recovery of a planted burst.

    python bench/bench_topic_flow.py ../shared/data/real [--n 10000] [--reps 20] [--months 6]

Each replicate draws ``--n`` real support and review texts (banking77 EN + RePro PT, half each),
spreads them **uniformly** over ``--months`` months (no change planted), and runs the flow a
scheduled job runs: a first run that fits on months 1..M-1, then a monthly run that transforms month
M (new-topic discovery on the pooled unexplained tickets, then the count test). Printed per
replicate: topics, the month's claims (new / growing / shrinking / vanished) and the share of tested
topics with any claim; then the share of replicates reporting any new topic and any claim at all.
A last replicate plants a burst (one banking77 intent held back until month M) and prints its status.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def load_texts(data_dir: Path) -> pd.DataFrame:
    b = pd.read_csv(data_dir / "banking77" / "train.csv.gz")
    en = pd.DataFrame({"text": b["text"].astype(str), "label": "en:" + b["category"].astype(str)})
    parts = [pd.read_csv(p) for p in sorted((data_dir / "repro_topics").glob("*.csv.gz"))]
    r = pd.concat(parts, ignore_index=True)
    pt = pd.DataFrame({"text": r["review_text"].astype(str), "label": "pt:review"})
    return pd.concat([en, pt], ignore_index=True).drop_duplicates("text").reset_index(drop=True)


def months_list(n: int) -> list[str]:
    return [f"2026-{m:02d}" for m in range(1, n + 1)]


def one_run(frame: pd.DataFrame, months: list[str], work: Path, cache: Path, seed: int):
    from vocmine.clustering.flow import assign_period

    first = frame[frame["period"] < months[-1]]
    r1 = assign_period(first, period=months[-2], build=months[:-1], state_dir=work, cache_dir=cache, seed=seed)
    stored = r1.assignments[["ticket_id", "period", "topic_id"]]
    r2 = assign_period(frame, period=months[-1], state_dir=work, stored=stored, cache_dir=cache, seed=seed)
    return r1, r2


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data_dir", type=Path)
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--reps", type=int, default=20)
    ap.add_argument("--months", type=int, default=6)
    args = ap.parse_args()

    from vocmine.text import clean_frame

    texts = load_texts(args.data_dir)
    rng0 = np.random.default_rng(0)
    pool_idx = np.concatenate([rng0.choice(np.flatnonzero(texts["label"].str.startswith(p)), size=args.n, replace=False)
                               for p in ("en:", "pt:")])
    pool = texts.iloc[pool_idx].reset_index(drop=True)
    t0 = time.perf_counter()
    clean = clean_frame(pd.DataFrame({"ticket_id": [f"X{i:06d}" for i in range(len(pool))],
                                      "created_at": pd.Timestamp("2026-01-15", tz="UTC"), "text": pool["text"]}))
    clean["label"] = pool["label"].to_numpy()
    print(f"cleaned {len(clean)} texts in {time.perf_counter() - t0:.1f} s", flush=True)
    months = months_list(args.months)
    cache = Path(tempfile.mkdtemp(prefix="flow-cache-"))
    rows = []
    print("| rep | topics | new | growing | shrinking | vanished | topics tested | share with a claim | s |")
    print("|---|---|---|---|---|---|---|---|---|")
    for rep in range(args.reps):
        rng = np.random.default_rng(1000 + rep)
        take = rng.choice(len(clean), size=args.n, replace=False)
        f = clean.iloc[take].reset_index(drop=True)
        f["period"] = rng.choice(months, size=len(f))
        f["created_at"] = pd.to_datetime(f["period"] + "-15", utc=True)
        t = time.perf_counter()
        with tempfile.TemporaryDirectory() as work:
            _, r2 = one_run(f, months, Path(work), cache, seed=rep)
        ch = r2.changes[months[-1]]
        tested = ch["p_value"].notna()
        counts = ch["status"].value_counts()
        claims = ch["status"].isin(["new", "growing", "shrinking", "vanished"])
        rows.append({"new": int(counts.get("new", 0)), "any": bool(claims.any()),
                     "tested": int(tested.sum()), "claimed": int(claims.sum())})
        print(f"| {rep} | {r2.catalogue['topic_id'].nunique()} | {counts.get('new', 0)} | {counts.get('growing', 0)} | "
              f"{counts.get('shrinking', 0)} | {counts.get('vanished', 0)} | {int(tested.sum())} | "
              f"{claims.sum() / max(1, tested.sum()):.3f} | {time.perf_counter() - t:.0f} |", flush=True)
    res = pd.DataFrame(rows, columns=["new", "any", "tested", "claimed"])
    if len(res):
        print(f"\nnull data, {args.reps} replicates of {args.n} texts over {args.months} months (uniform):")
        print(f"  replicates reporting any new topic: {(res['new'] > 0).mean():.3f}")
        print(f"  replicates reporting any claim (new/growing/shrinking/vanished): {res['any'].mean():.3f}")
        print(f"  claims per tested topic: {res['claimed'].sum() / max(1, res['tested'].sum()):.4f} "
              f"({res['claimed'].sum()} of {res['tested'].sum()})")

    # planted changes, each judged by the scheduled flow (fit on M-1 months, transform month M) and
    # by a first run that fits on all M months at once
    from vocmine.clustering.flow import assign_period

    rng = np.random.default_rng(7)
    take = rng.choice(len(clean), size=args.n, replace=False)
    base = clean.iloc[take].reset_index(drop=True)
    en_labels = base.loc[base["label"].str.startswith("en:"), "label"].value_counts()
    picks = {"burst (absent before month M)": en_labels.index[len(en_labels) // 2],
             "growth (3x in month M)": en_labels.index[len(en_labels) // 3]}
    print("\n| planted change | intent | tickets in M | flow: share in main topic, status | first run: share, status |")
    print("|---|---|---|---|---|")
    for what, label in picks.items():
        f = base.copy()
        f["period"] = rng.choice(months, size=len(f))
        sel = np.flatnonzero((f["label"] == label).to_numpy())
        if what.startswith("burst"):
            f.loc[sel, "period"] = months[-1]
        else:  # three times the rate in month M: move a share of the intent's other months into M
            k = int(round(len(sel) * (2 / (len(months) + 2))))
            f.loc[rng.choice(sel, size=k, replace=False), "period"] = months[-1]
        f["created_at"] = pd.to_datetime(f["period"] + "-15", utc=True)
        cells = []
        for how in ("flow", "first"):
            with tempfile.TemporaryDirectory() as work:
                if how == "flow":
                    _, r = one_run(f, months, Path(work), cache, seed=0)
                else:
                    r = assign_period(f, period=months[-1], build=months, state_dir=Path(work), cache_dir=cache, seed=0)
            a = r.assignments.merge(f[["ticket_id", "label"]], on="ticket_id")
            planted = a[(a["label"] == label) & (a["period"] == months[-1])]
            top = planted["topic_id"].value_counts()
            ch = r.changes[months[-1]].set_index("topic_id")
            t_main = int(top.index[0])
            cells.append(f"{top.iloc[0] / len(planted):.0%} in topic {t_main}, {ch['status'].get(t_main, '-')}"
                         f" (RR {ch['rate_ratio'].get(t_main, float('nan')):.2f})")
        print(f"| {what} | {label} | {len(planted)} | {cells[0]} | {cells[1]} |", flush=True)


if __name__ == "__main__":
    main()
