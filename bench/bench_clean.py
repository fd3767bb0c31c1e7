"""Benchmark ``vocmine.text.clean_frame`` on the sample export scaled to N tickets.

    python bench/bench_clean.py --tickets data/sample/tickets.csv --n 100000 [--mode unique|repeat] [--n-process -1]

Prints tickets/s per stage (dedupe, clean = decode + PII redaction + noise removal, language,
lemmas, assemble), end-to-end wall and CPU time, peak RSS (``resource.getrusage``), and, in the
same run, plain spaCy tokenisation (``spacy.blank("pt").pipe``) of the same raw texts for
comparison. On a shared machine the CPU-time ratio is the steadier of the two.

Scaling: the export's texts are repeated to N rows. ``--mode unique`` (default, the worst case)
appends a distinct reference number to every copy after the first so deduplication cannot help;
``--mode repeat`` keeps exact copies (shows what dedupe saves). Nothing here writes a file; raw
text never leaves the process.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def load(path: Path, n: int, mode: str) -> pd.DataFrame:
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    texts = [f"{s}\n\n{b}" if s else b for s, b in zip(raw["subject"], raw["body"], strict=True)]
    reps = -(-n // len(texts))
    rows = []
    for r in range(reps):
        for i, t in enumerate(texts):
            if len(rows) == n:
                break
            rows.append(t if r == 0 or mode == "repeat" else f"{t}\nRef. {r}-{i}")
    return pd.DataFrame({"ticket_id": [f"B{i:07d}" for i in range(len(rows))], "text": rows})


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tickets", type=Path, required=True, help="sample export CSV (subject, body columns)")
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--mode", choices=("unique", "repeat"), default="unique")
    ap.add_argument("--n-process", type=int, default=-1, help="-1 (default, as clean_frame): one per core")
    ap.add_argument("--batch-size", type=int, default=2000)
    args = ap.parse_args(argv)

    from vocmine.text import clean_frame
    from vocmine.text.language import _identifier
    from vocmine.text.lemmas import get_nlp, lemma_table

    frame = load(args.tickets, args.n, args.mode)
    n = len(frame)
    chars = int(frame["text"].str.len().sum())
    print(f"tickets: {n:,} ({args.mode}), {chars / n:.0f} chars/ticket, cores: {os.cpu_count()}, "
          f"load avg: {os.getloadavg()[0]:.1f}, n_process={args.n_process}")
    print(f"peak RSS after loading: {_rss_mb():.0f} MB")

    t0 = time.perf_counter()
    _identifier()
    for lang in ("pt", "en", "other"):
        get_nlp(lang)
        lemma_table(lang)
    startup = time.perf_counter() - t0
    print(f"start-up (langid model, spaCy blank pipelines, lemma tables): {startup:.1f} s; "
          f"peak RSS {_rss_mb():.0f} MB")

    import spacy

    nlp = spacy.blank("pt")
    raw = frame["text"].tolist()
    t0, c0 = time.perf_counter(), time.process_time()
    n_tokens = sum(len(doc) for doc in nlp.pipe(raw, batch_size=args.batch_size))
    tok_s, tok_cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"plain tokenisation (spacy.blank('pt').pipe, raw text): {tok_s:.1f} s wall ({tok_cpu:.1f} s CPU), "
          f"{n / tok_s:,.0f} tickets/s, {n_tokens / n:.0f} tokens/ticket")

    timings: dict[str, float] = {}
    t0, c0 = time.perf_counter(), time.process_time()
    out = clean_frame(frame, batch_size=args.batch_size, n_process=args.n_process, timings=timings)
    total, total_cpu = time.perf_counter() - t0, time.process_time() - c0
    print("clean_frame stages:")
    for stage, sec in timings.items():
        rate = f"{n / sec:,.0f} tickets/s" if sec > 0 else "-"
        print(f"  {stage:9s} {sec:7.2f} s  {rate}")
    print(f"clean_frame total: {total:.1f} s wall ({total_cpu:.1f} s CPU in this process), {n / total:,.0f} tickets/s; "
          f"{total / tok_s:.2f}x plain tokenisation wall, {total_cpu / tok_cpu:.2f}x CPU; peak RSS {_rss_mb():.0f} MB")
    if args.n_process != 1:
        print("  (with --n-process other than 1 the CPU column leaves out the worker processes)")
    print(f"distinct texts: {frame['text'].nunique():,}; languages: {out['language'].value_counts().to_dict()}")
    print(f"target: {n:,} tickets < 60 s -> {'met' if total < 60 else 'NOT met'} ({total:.1f} s, "
          f"{(total + startup):.1f} s with start-up); cleaning <= 2x tokenisation -> "
          f"{'met' if total <= 2 * tok_s else 'NOT met'} ({total / tok_s:.2f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
