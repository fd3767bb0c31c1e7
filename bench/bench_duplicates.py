"""Near-duplicate detection time and peak memory on a scaled ticket export.

    python bench/bench_duplicates.py --tickets data/sample/tickets.csv --n 100000 500000

The export is scaled to each N by repeating its tickets; every copy after the first is perturbed
slightly (70% get 1-3 word edits: a typo, a dropped word or an extra word; 30% stay exact
copies), so the input is a realistic mix of exact duplicates, near duplicates and distinct texts.
Each size runs in a fresh child process; peak memory is the child's resident-set high-water mark
during detection minus its resident set just before (Linux ``/proc/self/clear_refs``), plus the
tracemalloc peak of Python/numpy allocations. Text is subject + body, lower-cased (the
``text_model`` stand-in; cleaning is not part of the timing). Nothing is written to disk.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a clone without install


def load_texts(path: Path) -> pd.DataFrame:
    t = pd.read_csv(path, dtype={"ticket_id": str, "customer_id": str})
    t["created_at"] = pd.to_datetime(t["created_at"], utc=True, format="ISO8601")
    text = t["subject"].fillna("").astype(str) + "\n\n" + t["body"].fillna("").astype(str)
    return pd.DataFrame({"ticket_id": t["ticket_id"], "created_at": t["created_at"],
                         "customer_id": t["customer_id"], "text_model": text.str.lower()})


def scale(base: pd.DataFrame, n: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    reps = int(np.ceil(n / len(base)))
    idx = np.tile(np.arange(len(base)), reps)[:n]
    copy_no = np.repeat(np.arange(reps), len(base))[:n]
    texts = base["text_model"].to_numpy(dtype=object)[idx]
    edit = (copy_no > 0) & (rng.random(n) < 0.7)
    n_edits = rng.integers(1, 4, n)
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    out = texts.copy()
    for i in np.flatnonzero(edit):
        words = out[i].split()
        if not words:
            continue
        for _ in range(n_edits[i]):
            j = int(rng.integers(len(words)))
            kind = rng.integers(3)
            if kind == 0:
                w = words[j]
                k = int(rng.integers(len(w) + 1))
                words[j] = w[:k] + str(letters[rng.integers(26)]) + w[k:]
            elif kind == 1 and len(words) > 1:
                words.pop(j)
            else:
                words.insert(j, "".join(letters[rng.integers(26, size=5)]))
        out[i] = " ".join(words)
    days = pd.to_timedelta(rng.integers(0, 180 * 24 * 3600, n), unit="s")
    return pd.DataFrame({
        "ticket_id": [f"S{i:07d}" for i in range(n)],
        "created_at": pd.Timestamp("2026-03-01", tz="UTC") + days,
        "customer_id": base["customer_id"].to_numpy(dtype=object)[idx],
        "text_model": out,
    })


def _rss_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return -1


def _child(path: str, n: int, kwargs: dict, queue) -> None:
    from vocmine.recurrence import near_duplicates

    frame = scale(load_texts(Path(path)), n)
    import gc

    gc.collect()
    try:
        Path("/proc/self/clear_refs").write_text("5")  # reset the RSS high-water mark
        reset = True
    except OSError:
        reset = False
    before = _rss_kb("VmRSS")
    tracemalloc.start()
    t0, c0 = time.perf_counter(), time.process_time()
    d = near_duplicates(frame, **kwargs)
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    _, py_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    hwm = _rss_kb("VmHWM")
    grouped = d["dup_group"] >= 0
    queue.put({
        "n": n, "seconds": elapsed, "cpu_seconds": cpu, "rss_before_mb": before / 1024, "rss_peak_mb": hwm / 1024,
        "rss_delta_mb": (hwm - before) / 1024 if reset else float("nan"), "tracemalloc_peak_mb": py_peak / 2**20,
        "distinct_texts": int(d["dup_key"].nunique()), "groups": int(d["dup_group"].max() + 1),
        "grouped_tickets": int(grouped.sum()), "short": int(d["is_short"].sum()),
        "bands_rows": f"{d.attrs['bands']}x{d.attrs['rows']}",
    })


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--tickets", default="data/sample/tickets.csv")
    p.add_argument("--n", type=int, nargs="+", default=[100_000, 500_000])
    p.add_argument("--threshold", type=float, default=0.8)
    p.add_argument("--num-perm", type=int, default=64)
    p.add_argument("--shingle", type=int, default=1)
    args = p.parse_args(argv)
    kwargs = {"threshold": args.threshold, "num_perm": args.num_perm, "shingle": args.shingle}
    print(f"near_duplicates on {args.tickets} scaled; params {kwargs}; 2-core shared machine, timings "
          "are inflated by other processes")
    ctx = mp.get_context("fork")
    for n in args.n:
        q = ctx.Queue()
        proc = ctx.Process(target=_child, args=(args.tickets, n, kwargs, q))
        proc.start()
        proc.join()
        if proc.exitcode != 0 or q.empty():
            print(f"n={n:>9,}  failed (child exit code {proc.exitcode})")
            continue
        res = q.get()
        print(f"n={res['n']:>9,}  wall {res['seconds']:7.1f} s  cpu {res['cpu_seconds']:6.1f} s  "
              f"({res['n'] / res['seconds']:,.0f} tickets/s wall)  "
              f"peak RSS {res['rss_peak_mb']:,.0f} MB (+{res['rss_delta_mb']:,.0f} MB over {res['rss_before_mb']:,.0f} "
              f"MB before)  tracemalloc peak {res['tracemalloc_peak_mb']:,.0f} MB  distinct texts "
              f"{res['distinct_texts']:,}  groups {res['groups']:,}  grouped tickets {res['grouped_tickets']:,}  "
              f"short {res['short']:,}  LSH {res['bands_rows']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
