"""The whole monthly run on a realistic export built from real texts: first run, then one more month.

    python bench/bench_run.py ../shared/data/real [--n 10000] [--months 6] [--new 1700] [--work DIR]
                              [--body email|short] [--seed 0] [--keep] [--max-tokens K]

Builds, from the real texts in ``data_dir`` (banking77 and bitext in English; RePro and B2W reviews
in Portuguese; nothing is copied into the repository), an export of ``--n`` tickets spread uniformly
over ``--months`` months and a second export of ``--new`` tickets for the month after. With
``--body email`` (default) each body reads like an e-mail ticket: a greeting, two to four texts of
one intent (the same reason told in several sentences; half the tickets in each language), a thank-you and signature with a name, and
the quoted previous message ("On ... wrote:" then ``>`` lines); ``--body short`` uses one text.
Metadata (customer, channel, times, CSAT) is random; the reason (intent) is kept as a label.

Then, each in its own process with an empty embedding cache:

1. ``vocmine run FIRST.csv`` (first run: every month, topic model fitted);
2. ``vocmine run FIRST.csv NEW.csv`` on the same store (the monthly run of the next month);
3. BERTopic's own ``fit_transform`` (defaults) on the first run's model texts, with the
   embeddings computed by vocmine's embedder in the same process (embedding time printed apart).

``--max-tokens K`` runs both vocmine runs (and BERTopic's embedding) with the USE embedder capped at
K tokens (``USEEmbedder(max_tokens=K)``) in place of the library default, without changing the
library: the runs start through a wrapper that swaps ``default_embedder`` before the CLI starts.

Printed: per run the manifest's per-stage wall times, total wall and CPU time, tickets/s and peak
RSS (largest process of the run, kernels included); then vocmine's topic stage against BERTopic's
embed + fit_transform, as a ratio, and NMI of both against the reason labels.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

GREET = {"en": ["Hi,", "Hello team,", "Dear support,", "Hi there,", "Good morning,"],
         "pt": ["Olá,", "Bom dia,", "Boa tarde, pessoal,", "Prezados,", "Oi, tudo bem?"]}
THANKS = {"en": ["Thanks in advance.", "Looking forward to your reply.", "Kind regards,", "Thank you,"],
          "pt": ["Obrigado desde já.", "Aguardo retorno.", "Atenciosamente,", "Obrigada,"]}
NAMES = ["Ana", "Bruno", "Carla", "Diego", "Elisa", "Felipe", "Grace", "Henry", "Julia", "Lucas",
         "Marina", "Olivia", "Paulo", "Rafael", "Sofia", "Thomas"]
WROTE = {"en": "On {d}, Support <support@example.com> wrote:",
         "pt": "Em {d}, Suporte <suporte@example.com> escreveu:"}
PT_REPLIES = [
    "Olá! Recebemos sua mensagem e nossa equipe já está analisando o caso. Assim que tivermos uma "
    "resposta, entraremos em contato por este canal. Caso precise complementar as informações, basta "
    "responder este e-mail.",
    "Oi! Obrigado por entrar em contato. Para darmos andamento, poderia nos enviar o número do pedido e "
    "uma foto do produto? Com essas informações conseguimos verificar o que aconteceu.",
    "Prezado cliente, sua solicitação foi encaminhada ao time responsável. O prazo de retorno é de até "
    "três dias úteis. Agradecemos a compreensão.",
]


def load_texts(data_dir: Path) -> pd.DataFrame:
    """Real texts with their reason label and language (banking77, bitext EN; RePro, B2W PT)."""
    parts = []
    b = pd.read_csv(data_dir / "banking77" / "train.csv.gz")
    parts.append(pd.DataFrame({"text": b["text"], "label": "banking77:" + b["category"], "lang": "en", "reply": ""}))
    bt = pd.read_csv(data_dir / "bitext_cs" / "Bitext_Sample_Customer_Support_Training_Dataset.csv.gz")
    parts.append(pd.DataFrame({"text": bt["instruction"], "label": "bitext:" + bt["intent"], "lang": "en",
                               "reply": bt["response"]}))
    rp = pd.concat([pd.read_csv(p) for p in sorted((data_dir / "repro_topics").glob("*.csv.gz"))], ignore_index=True)
    aspects = [c for c in rp.columns if c != "review_text"]
    first = rp[aspects].to_numpy().argmax(axis=1)
    parts.append(pd.DataFrame({"text": rp["review_text"], "label": ["repro:" + aspects[i] for i in first],
                               "lang": "pt", "reply": ""}))
    bw = pd.read_csv(data_dir / "b2w_rating_balanced" / "b2w_rating_balanced.csv.gz")
    parts.append(pd.DataFrame({"text": bw["review_text"], "label": "b2w:rating" + bw["rating"].astype(str),
                               "lang": "pt", "reply": ""}))
    out = pd.concat(parts, ignore_index=True).dropna(subset=["text"])
    out["text"] = out["text"].astype(str).str.strip()
    out = out[out["text"].str.len() > 10].drop_duplicates("text").reset_index(drop=True)
    out["reply"] = out["reply"].fillna("").astype(str)
    return out


def _body(rng: np.random.Generator, pool: pd.DataFrame, by_label: dict, i: int, style: str) -> tuple[str, str, str, str]:
    row = pool.iloc[i]
    lang, label = row["lang"], row["label"]
    if style == "short":
        return row["text"], " ".join(row["text"].split()[:6]), label, lang
    same = by_label[label]
    extra = rng.choice(same, size=min(len(same), int(rng.integers(1, 4))), replace=False)
    texts = [row["text"]] + [pool.at[j, "text"] for j in extra if j != i]
    name = NAMES[int(rng.integers(len(NAMES)))]
    reply = row["reply"] if lang == "en" and row["reply"] else (
        PT_REPLIES[int(rng.integers(len(PT_REPLIES)))] if lang == "pt" else
        "Thanks for reaching out. We are looking into it and will get back to you shortly.")
    quoted = "\n".join("> " + line for line in reply.splitlines() if line.strip())
    body = "\n\n".join([GREET[lang][int(rng.integers(5))], " ".join(texts),
                        THANKS[lang][int(rng.integers(4))] + "\n" + name,
                        WROTE[lang].format(d="2026-01-0" + str(1 + int(rng.integers(9)))), quoted])
    return body, " ".join(row["text"].split()[:6]), label, lang


def build_export(texts: pd.DataFrame, n: int, months: list[str], seed: int, style: str, id0: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    pool = texts.reset_index(drop=True)
    take = np.concatenate([rng.choice(idx, size=k, replace=k > len(idx)) for idx, k in (
        (np.flatnonzero(pool["lang"].eq("en")), n // 2), (np.flatnonzero(pool["lang"].eq("pt")), n - n // 2))])
    take = rng.permutation(take)
    by_label = {k: v.to_numpy() for k, v in pool.groupby("label").groups.items()}
    rows = [_body(rng, pool, by_label, int(i), style) for i in take]
    month = rng.integers(len(months), size=n)
    start = pd.to_datetime([m + "-01" for m in months]).tz_localize("UTC")
    created = start[month] + pd.to_timedelta(rng.uniform(0, 27 * 86400, n), unit="s")
    first = created + pd.to_timedelta(rng.exponential(3 * 3600, n), unit="s")
    solved = first + pd.to_timedelta(rng.exponential(20 * 3600, n), unit="s")
    csat = np.where(rng.random(n) < 0.35, rng.integers(1, 6, n).astype(float), np.nan)
    frame = pd.DataFrame({
        "ticket_id": [f"B{id0 + k:08d}" for k in range(n)],
        "created_at": created.strftime("%Y-%m-%dT%H:%M:%S+00:00"),
        "subject": [r[1] for r in rows], "body": [r[0] for r in rows],
        "customer_id": [f"C{c:07d}" for c in rng.integers(0, max(n // 3, 1), n)],
        "channel": rng.choice(["email", "chat", "phone", "web"], n), "status": "solved",
        "priority": rng.choice(["low", "normal", "high"], n),
        "product": rng.choice(["app", "payments", "orders", "account"], n),
        "first_response_at": first.strftime("%Y-%m-%dT%H:%M:%S+00:00"),
        "solved_at": solved.strftime("%Y-%m-%dT%H:%M:%S+00:00"),
        "handle_minutes": np.round(rng.gamma(2.0, 6.0, n), 1), "wait_minutes": np.round(rng.gamma(1.5, 2.0, n), 1),
        "reopens": rng.poisson(0.1, n), "csat": csat,
    })
    frame["_label"] = [r[2] for r in rows]
    frame["_lang"] = [r[3] for r in rows]
    return frame.sort_values("created_at").reset_index(drop=True)


# ``python -c WRAP K vocmine-args...``: the CLI with default_embedder capped at K tokens
WRAP = ("import sys; import vocmine.clustering.embedders as e, vocmine.clustering.model as m; "
        "k = int(sys.argv.pop(1)); "
        "cap = lambda *, seed=0, threads=2: e.USEEmbedder(threads=threads, max_tokens=k); "
        "e.default_embedder = m.default_embedder = cap; "
        "from vocmine.cli import main; sys.argv[0] = 'vocmine'; sys.exit(main())")


def timed_run(cmd: list[str], env: dict) -> dict:
    """Run ``cmd`` in a child that reports its own descendants' rusage (peak RSS = largest process)."""
    probe = ("import resource, subprocess, sys, time, json; t = time.perf_counter(); "
             "rc = subprocess.run(sys.argv[1:]).returncode; w = time.perf_counter() - t; "
             "r = resource.getrusage(resource.RUSAGE_CHILDREN); "
             "print(json.dumps({'rc': rc, 'wall': w, 'cpu': r.ru_utime + r.ru_stime, 'rss_mb': r.ru_maxrss / 1024}), file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", probe, *cmd], env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    last = [ln for ln in proc.stderr.splitlines() if ln.startswith("{")]
    if not last:
        raise SystemExit(proc.stderr[-3000:])
    out = json.loads(last[-1])
    if out["rc"] != 0:
        raise SystemExit(f"{' '.join(cmd)} exited {out['rc']}:\n{proc.stderr[-3000:]}")
    return out


def report(name: str, res: dict, manifest: dict, n: int) -> None:
    stages = " · ".join(f"{k} {v:.1f}" for k, v in manifest.get("timings", {}).items())
    print(f"| {name} | {n:,} | {res['wall']:.1f} | {res['cpu']:.1f} | {n / res['wall']:.0f} | "
          f"{res['rss_mb']:,.0f} | {stages} |", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data_dir", type=Path)
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--months", type=int, default=6)
    ap.add_argument("--new", type=int, default=None, help="tickets of the next month (default n / months)")
    ap.add_argument("--body", choices=["email", "short"], default="email")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--work", type=Path, default=None)
    ap.add_argument("--keep", action="store_true", help="keep the work folder")
    ap.add_argument("--no-bertopic", action="store_true")
    ap.add_argument("--max-tokens", type=int, default=None,
                    help="cap the USE embedder at K tokens (default: the library default, no cap)")
    args = ap.parse_args()

    work = args.work or Path(tempfile.mkdtemp(prefix="bench-run-"))
    work.mkdir(parents=True, exist_ok=True)
    months = [f"2026-{m:02d}" for m in range(1, args.months + 2)]
    texts = load_texts(args.data_dir)
    first = build_export(texts, args.n, months[:-1], args.seed, args.body)
    n_new = args.new if args.new is not None else max(args.n // args.months, 1)
    new = build_export(texts, n_new, months[-1:], args.seed + 1, args.body, id0=args.n)
    cols = [c for c in first.columns if not c.startswith("_")]
    first[cols].to_csv(work / "first.csv", index=False)
    new[cols].to_csv(work / "new.csv", index=False)
    lens = first["body"].str.len()
    print(f"export: {len(first):,} tickets over {args.months} months + {len(new):,} in {months[-1]}; body "
          f"characters median {lens.median():.0f}, p90 {lens.quantile(0.9):.0f}; "
          f"{first['_lang'].eq('pt').mean():.0%} PT; {first['_label'].nunique()} reasons", flush=True)

    env = {**os.environ, "VOCMINE_CACHE_DIR": str(work / "cache"), "PYTHONHASHSEED": "0"}
    launch = ["-c", WRAP, str(args.max_tokens)] if args.max_tokens else ["-m", "vocmine"]
    vocmine = [sys.executable, *launch, "run", "--out", str(work / "reports"), "--languages", "en"]
    print("| run | tickets | wall s | CPU s | tickets/s | peak RSS MB | stages (wall s) |")
    print("|---|---|---|---|---|---|---|")
    r1 = timed_run(vocmine + ["--period", months[-2], str(work / "first.csv")], env)
    m1 = json.loads((work / "reports" / months[-2] / "manifest.json").read_text())
    report("first run", r1, m1, len(first))
    r2 = timed_run(vocmine + ["--period", months[-1], str(work / "first.csv"), str(work / "new.csv")], env)
    m2 = json.loads((work / "reports" / months[-1] / "manifest.json").read_text())
    report(f"next month ({m2.get('topics', {}).get('mode', '?')})", r2, m2, len(new))

    from sklearn.metrics import adjusted_rand_score as ari
    from sklearn.metrics import normalized_mutual_info_score as nmi

    from vocmine.store import HistoryStore

    stored = HistoryStore(work / "reports" / "history.duckdb").read_tickets(until=months[-2])
    lab = stored.merge(first[["ticket_id", "_label"]], on="ticket_id")
    keep = ~lab["_label"].str.startswith("b2w:").to_numpy()  # B2W ratings are not reasons
    gold, ours_topics = lab["_label"][keep], lab["topic_id"][keep]
    cap = f"USE capped at {args.max_tokens} tokens" if args.max_tokens else "library default embedder"
    print(f"\nvocmine first run ({cap}): topic stage {m1['timings']['topics']:.1f} s wall; against the reasons "
          f"({keep.sum():,} tickets from banking77, bitext and RePro): NMI {nmi(gold, ours_topics):.3f}, "
          f"ARI {ari(gold, ours_topics):.3f}, {lab['topic_id'].nunique()} topic ids", flush=True)
    if not args.no_bertopic:
        docs = lab["text_model"].fillna("").astype(str).tolist()
        from vocmine.clustering.embedders import USEEmbedder, default_embedder

        t0 = time.perf_counter()
        emb = (USEEmbedder(max_tokens=args.max_tokens) if args.max_tokens else default_embedder(seed=args.seed)).encode(docs)
        t_emb = time.perf_counter() - t0
        from bertopic import BERTopic

        t0 = time.perf_counter()
        topics, _ = BERTopic(verbose=False).fit_transform(docs, emb)
        t_fit = time.perf_counter() - t0
        ours = m1["timings"]["topics"]
        print(f"\nBERTopic defaults on the same {len(docs):,} model texts: embed {t_emb:.1f} s + fit_transform "
              f"{t_fit:.1f} s = {t_emb + t_fit:.1f} s; vocmine topic stage {ours:.1f} s "
              f"(ratio {ours / (t_emb + t_fit):.2f})")
        topics = np.asarray(topics)
        print(f"NMI against the reasons ({keep.sum():,} tickets from banking77, bitext and RePro): vocmine "
              f"{nmi(gold, ours_topics):.3f}, BERTopic {nmi(gold, topics[keep]):.3f}")
    if not args.keep and args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    else:
        print(f"work folder: {work}")


if __name__ == "__main__":
    main()
