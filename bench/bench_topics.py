"""Topic quality and speed: vocmine's TopicModel against baselines, each in a fresh process.

    python bench/bench_topics.py /work/shared/data/real [--quick] [--sample data/sample] [--out bench/topics.md]

Datasets (gold labels): banking77 train (EN, 77 intents, 10,003 texts) and its held-out test split
(``banking77_test``, 3,080); repro_topics single-label
rows (PT reviews, 6 topics, 5,239); bitext_cs (EN, synthetic, 27 intents, 4,514; ``bitext_category``: the same texts against its
11 coarse categories); ``sample``: the
bilingual sample export (PT+EN, 18 planted reasons, cleaned with ``vocmine.text.clean_frame``) —
the honest mixed-language set, because the same reasons occur in both languages, so "NMI vs
language" (lower is better) shows whether clusters follow meaning or language; ``union``: repro
(PT) + bitext (EN) with dataset-specific labels (language and domain coincide there, so its
language NMI is not informative; it checks that nothing breaks when corpora are mixed).

Held out (no choice of vocmine was tuned on them; their labels are not the reason for contact):
``olist_score`` (Olist order reviews, title and message, against the 1-5 score the customer gave,
4,113), ``olist_category`` (the same reviews of single-category orders against the product
category, 69 classes, 3,467), ``b2w_rating`` (6,000 B2W product reviews drawn from the
class-balanced set, against their 1-5 stars).

``bitext_masked``: bitext as a masked export (entities but person names replaced by ``XXXX``,
``{{...}}`` placeholders left in), given raw to every method: the label check's noisy set.

Methods: ``vocmine`` (TopicModel defaults: USE, boilerplate strip, language centring, exact-kNN
UMAP, HDBSCAN-count Ward, outlier reduction); ``vocmine+tfidf`` (same with USE + 0.5 TF-IDF-SVD
block); ``bertopic`` (BERTopic defaults — UMAP 15/5, HDBSCAN min_cluster_size 10 — on the same USE
embeddings of the raw text); ``tfidf_kmeans`` (TF-IDF word+char → SVD 128 → KMeans with the TRUE
k: an upper-bound-ish baseline that is told the answer); ``lda`` (scikit-learn LDA, true k, topic
= argmax); ``tfidf_kmeans@vocmine`` (not run by default; after ``vocmine`` in ``--methods``):
TF-IDF+KMeans told the number of topics vocmine found on the set, the comparison at equal grain;
``vocmine@cap64`` / ``vocmine@cap128`` (not run by default): ``vocmine`` with the USE
embedder capped at that many tokens (``USEEmbedder(max_tokens=K)``); ``vocmine@fixedsize`` (not run by
default): ``vocmine`` with ``min_topic_size=None`` (the base size, the default before the size was
chosen by the Davies-Bouldin index); ``vocmine@flow``: the monthly flow a scheduled run uses, on the
same texts spread at random over 6 months (fit on months 1-5 with ``assign_period``, month 6
transformed with its new-topic search; no change is planted, so a new topic or a claim in month 6 is
a false alarm). Every text counts: unassigned (-1) texts form one cluster. Time = wall clock of a fresh
Python process (imports, embedding, numba compilation included; no embedding cache).

Label check (vocmine rows): the share of labels (overall, PT and EN) holding a mask token
(``xxxx``, ``***``, ``{{...}}``, one letter repeated), a brand (the set's known brands, and any word
in at least 15% of the texts of half the gold classes), a person's name (the sample's planted first
names, bitext's person entities, first names the corpus shows after greetings and sign-offs), a
word nobody wrote (a lemma such as ``datar``) or a word of the other language only. ``BENCH_N=600``
in the environment caps every set at 600 texts (seeded sample).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
DATASETS = ["banking77", "banking77_test", "repro", "bitext", "bitext_category", "bitext_masked", "sample", "union",
            "olist_score", "olist_category", "b2w_rating"]
METHODS = ["vocmine", "vocmine@flow", "vocmine+tfidf", "bertopic", "tfidf_kmeans", "lda"]
QUICK_N = 2000


def load(name: str, data_dir: Path, sample_dir: Path, quick: bool) -> pd.DataFrame:
    """Frame with ``text``, ``label``, ``language`` (and ``lemmas`` when known)."""
    if name == "banking77":
        d = pd.read_csv(data_dir / "banking77" / "train.csv.gz")
        f = pd.DataFrame({"text": d["text"], "label": d["category"], "language": "en"})
    elif name == "banking77_test":  # the held-out split: tuning on train never saw these texts
        d = pd.read_csv(data_dir / "banking77" / "test.csv.gz")
        f = pd.DataFrame({"text": d["text"], "label": d["category"], "language": "en"})
    elif name == "bitext_category":  # the same texts as bitext, judged against its 11 coarse categories
        d = pd.read_csv(data_dir / "bitext_cs" / "Bitext_Sample_Customer_Support_Training_Dataset.csv.gz")
        f = pd.DataFrame({"text": d["instruction"].astype(str), "label": d["category"], "language": "en"})
    elif name == "repro":
        parts = [pd.read_csv(p) for p in sorted((data_dir / "repro_topics").glob("*.csv.gz"))]
        d = pd.concat(parts, ignore_index=True)
        cols = ["ENTREGA", "OUTROS", "PRODUTO", "CONDICOESDERECEBIMENTO", "INADEQUADA", "ANUNCIO"]
        d = d[d[cols].sum(axis=1) == 1]
        f = pd.DataFrame({"text": d["review_text"].astype(str), "label": d[cols].idxmax(axis=1), "language": "pt"})
    elif name == "bitext":
        d = pd.read_csv(data_dir / "bitext_cs" / "Bitext_Sample_Customer_Support_Training_Dataset.csv.gz")
        f = pd.DataFrame({"text": d["instruction"].astype(str), "label": d["intent"], "language": "en"})
    elif name == "bitext_masked":
        # the export as a consumer-complaint site would give it: every entity but person names masked
        # as "XXXX", the generator's unfilled "{{Order Number}}" placeholders left in, names kept;
        # given raw to the model (no cleaning pipeline), as a user of the API would
        d = pd.read_csv(data_dir / "bitext_cs" / "Bitext_Sample_Customer_Support_Training_Dataset.csv.gz")
        texts = []
        for r in d.itertuples():
            t = str(r.instruction)
            if isinstance(r.entity_type, str) and r.entity_type != "person_name" and r.start_offset == r.start_offset:
                a, b = int(r.start_offset), int(r.end_offset)
                if t[a:b].strip():
                    t = t[:a] + "XXXX" + t[b:]
            texts.append(t)
        f = pd.DataFrame({"text": texts, "label": d["intent"], "language": "en"})
    elif name in ("olist_score", "olist_category"):  # held out: PT order reviews nobody tuned on
        o = data_dir / "olist_subset"
        r = pd.read_csv(o / "olist_order_reviews_dataset.csv.gz")
        r = r[r["review_comment_message"].notna()]
        text = (r["review_comment_title"].fillna("").astype(str) + ". " + r["review_comment_message"].astype(str)
                ).str.strip(". ").str.strip()
        r = r.assign(text=text)
        if name == "olist_score":  # against the 1-5 score the customer gave
            f = pd.DataFrame({"text": r["text"], "label": r["review_score"].astype(str), "language": "pt"})
        else:  # against the category of the order's product (orders of one category only)
            items = pd.read_csv(o / "olist_order_items_dataset.csv.gz")
            prods = pd.read_csv(o / "olist_products_dataset.csv.gz")
            c = items.merge(prods, on="product_id")[["order_id", "product_category_name"]].dropna().drop_duplicates()
            one = c.groupby("order_id")["product_category_name"].transform("size") == 1
            m = r.merge(c[one], on="order_id")
            f = pd.DataFrame({"text": m["text"], "label": m["product_category_name"], "language": "pt"})
    elif name == "b2w_rating":  # held out: PT product reviews against their 1-5 stars (6,000 drawn, seeded)
        d = pd.read_csv(data_dir / "b2w_rating_balanced" / "b2w_rating_balanced.csv.gz")
        d = d[d["review_text"].notna()].sample(6000, random_state=0)
        f = pd.DataFrame({"text": d["review_text"].astype(str), "label": d["rating"].astype(str), "language": "pt"})
    elif name == "union":
        a = load("repro", data_dir, sample_dir, False)
        b = load("bitext", data_dir, sample_dir, False)
        a["label"] = "pt:" + a["label"]
        b["label"] = "en:" + b["label"]
        f = pd.concat([a, b], ignore_index=True)
    elif name == "sample":
        sys.path.insert(0, str(REPO))
        from vocmine.ingest import read_tickets
        from vocmine.text import clean_frame

        tickets = read_tickets(sample_dir / "tickets.csv").frame
        clean = clean_frame(tickets)
        truth = pd.read_csv(sample_dir / "truth_tickets.csv")[["ticket_id", "reason"]]
        clean = clean.merge(truth, on="ticket_id")
        f = pd.DataFrame({"text": clean["text_model"], "label": clean["reason"], "language": clean["language"],
                          "lemmas": clean["text_lemmas"], "display": clean["text_display"]})
    else:
        raise SystemExit(f"unknown dataset {name}")
    f = f.reset_index(drop=True)
    limit = int(os.environ.get("BENCH_N", "0") or 0) or (QUICK_N if quick else 0)
    if limit and len(f) > limit:
        f = f.sample(limit, random_state=0).reset_index(drop=True)
    return f


# brands and sites the public sets name (the label check's "brand" also counts any word found in
# at least 15% of the texts of half the gold classes, however the model was told)
_B2W = ["americanas", "lannister", "submarino", "shoptime", "b2w"]
_OLIST = ["olist", "lannister", "stark", "targaryen", "baratheon"]  # its sellers are named after houses of a novel
BRANDS = {"sample": ["vendix"], "repro": _B2W, "b2w_rating": _B2W, "olist_score": _OLIST, "olist_category": _OLIST,
          "union": _B2W}


# sets whose classes are not what the texts are about (a score, the product's category of a review
# about its delivery): a word in many texts of every class is then a content word ("entrega",
# "produto"), so their brand check counts only the known brands
LABELS_NOT_CONTENT = {"olist_score", "olist_category", "b2w_rating"}


def known_names(dataset: str, frame: pd.DataFrame, data_dir: Path) -> set[str]:
    """People's names to look for in labels: the sample's planted first names, bitext's person
    entities, and first names the corpus shows after greetings and sign-offs ("Hi Megan")."""
    from vocmine.clustering.surface import greeted_names

    names = set(greeted_names(frame["display"] if "display" in frame else frame["text"]))
    if dataset == "sample":
        from vocmine.sample.slots import EN_FIRST, PT_FIRST

        names |= {x.lower() for x in PT_FIRST + EN_FIRST}
    if dataset in ("bitext", "bitext_category", "bitext_masked", "union"):
        d = pd.read_csv(data_dir / "bitext_cs" / "Bitext_Sample_Customer_Support_Training_Dataset.csv.gz")
        vals = d.loc[d["entity_type"] == "person_name", "entity_value"].astype(str)
        names |= {w.lower() for v in vals for w in v.replace(".", " ").split() if len(w) > 2} - {"mr", "mrs", "ms"}
    return names


def corpus_brands(dataset: str, frame: pd.DataFrame) -> set[str]:
    """Known brands of the set plus words spread over the gold classes (in ≥15% of the texts of at
    least half of them): the company's or the site's own name in a single-company export (known
    brands only for :data:`LABELS_NOT_CONTENT`)."""
    from sklearn.feature_extraction.text import CountVectorizer

    from vocmine.clustering.labels import topic_stopwords
    from vocmine.clustering.surface import spread_terms

    if dataset in LABELS_NOT_CONTENT:  # classes that do not follow content: spread words are content words
        return set(BRANDS.get(dataset, []))
    codes, _ = pd.factorize(frame["label"])
    vec = CountVectorizer(token_pattern=r"(?u)\b[^\W\d_][^\W_]{1,}\b", stop_words=sorted(topic_stopwords()), min_df=2)
    counts = vec.fit_transform(frame["text"].astype(str).str.lower())
    spread = spread_terms(counts, codes, np.ones(len(frame)), vec.get_feature_names_out())
    return set(BRANDS.get(dataset, [])) | set(spread)


def label_check_row(m, dataset: str, frame: pd.DataFrame, data_dir: Path) -> dict:
    """The share of vocmine's labels (overall, PT, EN) with a mask, a brand, a name, a word nobody
    wrote or a word of the other language only (:func:`vocmine.clustering.words.label_check`)."""
    from vocmine.clustering.words import label_check

    labels = {"label": m.labels_text_, "pt": m.labels_pt_, "en": m.labels_en_}
    c = label_check(labels, frame["text"].astype(str), frame["language"], names=known_names(dataset, frame, data_dir),
                    brands=corpus_brands(dataset, frame))
    examples = sorted({v for d in labels.values() for t, v in d.items() if t >= 0})[:6]
    return {"check": c, "label_examples": examples,
            "noise": {"boilerplate": len(getattr(m, "boilerplate_report_", []) or []),
                      "removed": getattr(m, "removed_counts_", {})}}


FLOW_MONTHS = 6


def flow_topics(frame: pd.DataFrame) -> tuple[np.ndarray, dict, object]:
    """The monthly flow on ``frame``: every text given a month at random (uniform, seeded: no change
    planted), a first run fits on months 1..M-1 (:func:`vocmine.clustering.flow.assign_period`), a
    monthly run transforms month M (assignment, then the new-topic search on the month's unexplained
    texts). Returns every text's topic (history from the first run, month M from the second) and
    what month M reported (on uniform data a new topic is a false alarm) and the model after month M."""
    import tempfile

    from bench_topic_flow import months_list, one_run  # the same two runs as the null-data benchmark

    months = months_list(FLOW_MONTHS)
    rng = np.random.default_rng(0)
    period = rng.choice(months, size=len(frame))
    f = pd.DataFrame({"ticket_id": [f"B{i:06d}" for i in range(len(frame))], "period": period,
                      "created_at": pd.to_datetime(pd.Series(period) + "-15", utc=True),
                      "text_model": frame["text"].astype(str).to_numpy(), "language": frame["language"].to_numpy(),
                      "text_display": (frame["display"] if "display" in frame else frame["text"]).astype(str).to_numpy()})
    if "lemmas" in frame:
        f["text_lemmas"] = frame["lemmas"].to_numpy()
    with tempfile.TemporaryDirectory() as work:
        r1, r2 = one_run(f, months, Path(work) / "state", Path(work) / "cache", seed=0)
    got = r2.assignments.set_index("ticket_id")["topic_id"]
    topics = got.reindex(f["ticket_id"]).to_numpy()
    if np.isnan(topics.astype(float)).any():
        raise SystemExit("the flow lost texts")
    status = r2.changes[months[-1]]["status"].value_counts()
    return topics.astype(int), {"flow": {"fit_topics": int(r1.catalogue["topic_id"].nunique()),
                                         "new_in_last_month": len(r2.new_topics),
                                         "claims_in_last_month": int(status.reindex(
                                             ["new", "growing", "shrinking", "vanished"]).fillna(0).sum()),
                                         "modes": [r1.mode, r2.mode]},
                                **fit_note(r1.model)}, r2.model


def fit_note(m) -> dict:
    """What a fitted TopicModel chose: merge threshold, over-split share, the sizes tried."""
    return {"merge_at": m.merge_similarity_, "over_split": m.over_split_share_,
            "sizes_tried": getattr(m, "min_topic_sizes_tried_", {}), "size": m.min_topic_size_,
            "size_silhouettes": getattr(m, "size_silhouettes_", {}),
            "size_largest": getattr(m, "size_largest_shares_", {})}


def run_one(dataset: str, method: str, data_dir: Path, sample_dir: Path, quick: bool) -> dict:
    t0 = time.time()
    sys.path.insert(0, str(REPO))
    frame = load(dataset, data_dir, sample_dir, quick)
    t_load = time.time() - t0  # reading and (for the sample) cleaning: not part of the topic time
    t1 = time.time()
    extra = {}
    texts = frame["text"].tolist()
    k_true = frame["label"].nunique()
    if method == "vocmine@flow":
        topics, extra, m = flow_topics(frame)
        extra.update(label_check_row(m, dataset, frame, data_dir))
    elif method.startswith("vocmine"):
        from vocmine.clustering import CombinedEmbedder, TfidfSVDEmbedder, TopicModel, USEEmbedder

        fixed = method == "vocmine@fixedsize"  # min_topic_size=None: the base size, no choice
        base, _, cap = method.partition("@cap")  # "vocmine@cap64": USE capped at 64 tokens
        if cap:
            emb = USEEmbedder(max_tokens=int(cap))
            emb = emb if base == "vocmine" else CombinedEmbedder([(emb, 1.0), (TfidfSVDEmbedder(), 0.5)])
        else:
            emb = None if method in ("vocmine", "vocmine@fixedsize") else CombinedEmbedder(
                [(USEEmbedder(), 1.0), (TfidfSVDEmbedder(), 0.5)])
        m = TopicModel(embedder=emb, seed=0, min_topic_size=None if fixed else "auto").fit(texts, lemmas=frame["lemmas"].tolist() if "lemmas" in frame else None,
                                               languages=frame["language"].tolist(),
                                               display=(frame["display"] if "display" in frame else frame["text"]).tolist())
        topics = m.labels_
        extra = {**fit_note(m), **label_check_row(m, dataset, frame, data_dir)}
    elif method == "bertopic":
        import warnings

        from bertopic import BERTopic
        from bertopic.backend import BaseEmbedder

        from vocmine.clustering import USEEmbedder

        use = USEEmbedder()

        class B(BaseEmbedder):
            def embed(self, documents, verbose=False):
                return use.encode(list(documents))

        e = use.encode(texts)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            topics, _ = BERTopic(embedding_model=B()).fit_transform(texts, embeddings=e)
        topics = np.asarray(topics)
    elif method.startswith("tfidf_kmeans"):  # "tfidf_kmeans@24": told 24 clusters instead of the true k
        from sklearn.cluster import KMeans

        from vocmine.clustering import TfidfSVDEmbedder

        k = int(method.partition("@")[2] or k_true)
        x = TfidfSVDEmbedder(seed=0).fit(texts).encode(texts)
        topics = KMeans(n_clusters=k, n_init=3, random_state=0).fit_predict(x)
    elif method == "lda":
        from sklearn.decomposition import LatentDirichletAllocation
        from sklearn.feature_extraction.text import CountVectorizer

        from vocmine.clustering.labels import topic_stopwords

        counts = CountVectorizer(stop_words=sorted(topic_stopwords()), min_df=2, max_features=20_000).fit_transform(
            [t.lower() for t in texts])
        lda = LatentDirichletAllocation(n_components=k_true, learning_method="online", random_state=0,
                                        max_iter=10, batch_size=512)
        topics = lda.fit_transform(counts).argmax(axis=1)
    else:
        raise SystemExit(f"unknown method {method}")
    seconds = time.time() - t1
    from vocmine.clustering import cluster_scores

    s = cluster_scores(frame["label"], topics)
    langs = frame["language"]
    s["lang_nmi"] = cluster_scores(langs, topics)["nmi"] if langs.nunique() > 1 else float("nan")
    return {"dataset": dataset, "method": method, "n": len(frame), "k_true": int(k_true), **s,
            "seconds_topics": round(seconds, 1), "seconds_load": round(t_load, 1), **extra}


def merge_note(r: dict) -> str:
    """vocmine's merge threshold and the share of over-split topics that chose it."""
    at, share = r.get("merge_at") or {}, r.get("over_split") or {}
    note = ", ".join(f"{g}: {v:.3f}" + (f" ({share[g]:.2f})" if g in share else "") for g, v in at.items())
    if r.get("flow"):  # the monthly flow: what the last month reported on data with no change planted
        fl = r["flow"]
        note = (f"flow: fit on months 1-{FLOW_MONTHS - 1} ({fl['fit_topics']} topics), month {FLOW_MONTHS}: "
                f"{fl['new_in_last_month']} new topics, {fl['claims_in_last_month']} claims; fit: ") + note
    tried = r.get("sizes_tried") or {}
    sil = {int(k): v for k, v in (r.get("size_silhouettes") or {}).items()}
    big = {int(k): v for k, v in (r.get("size_largest") or {}).items()}
    if tried:  # the sizes tried: Davies-Bouldin index/silhouette in the reduced space/largest topic's share
        note += "; size " + str(r.get("size")) + " of " + ", ".join(
            f"{k}: {v:.3f}" + (f"/{sil[int(k)]:.3f}" if int(k) in sil else "")
            + (f"/{big[int(k)]:.2f}" if int(k) in big else "") for k, v in tried.items())
    return note


CHECKS = ["mask", "brand", "name", "non_surface", "other_language"]


def check_note(r: dict) -> str:
    """Label-check shares of a vocmine row: ``labels=75 mask=0.00 brand=0.01 ...``."""
    c = r["check"]
    return f"labels={int(c['labels'])} " + " ".join(f"{k}={c[k]:.2f}" for k in CHECKS)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data_dir", type=Path)
    ap.add_argument("--quick", action="store_true", help=f"at most {QUICK_N} texts per dataset")
    ap.add_argument("--sample", type=Path, default=REPO / "data" / "sample")
    ap.add_argument("--datasets", default=",".join(DATASETS))
    ap.add_argument("--methods", default=",".join(METHODS))
    ap.add_argument("--out", type=Path, default=None, help="Markdown output (default bench/topics.md; none with --quick)")
    ap.add_argument("--one", nargs=2, metavar=("DATASET", "METHOD"), help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.one:
        print("RESULT " + json.dumps(run_one(a.one[0], a.one[1], a.data_dir, a.sample, a.quick)))
        return 0
    rows = []
    for ds in a.datasets.split(","):
        found = {}  # method -> number of topics, for "tfidf_kmeans@vocmine"
        for me in a.methods.split(","):
            if ds in ("union",) and me.startswith("vocmine+tfidf"):
                continue
            one = me
            if me == "tfidf_kmeans@vocmine":  # KMeans told the number of topics vocmine found on this set
                if "vocmine" not in found:
                    print(f"{ds}/{me}: needs the vocmine method before it in --methods", file=sys.stderr)
                    continue
                one = f"tfidf_kmeans@{found['vocmine']}"
            t = time.time()
            cmd = [sys.executable, __file__, str(a.data_dir), "--sample", str(a.sample), "--one", ds, one]
            if a.quick:
                cmd.append("--quick")
            env = dict(os.environ, PYTHONHASHSEED="0")
            p = subprocess.run(cmd, capture_output=True, text=True, env=env)
            line = next((ln for ln in p.stdout.splitlines() if ln.startswith("RESULT ")), None)
            if line is None:
                print(f"{ds}/{me} failed:\n{p.stderr[-2000:]}", file=sys.stderr)
                continue
            r = json.loads(line[7:])
            r["method"] = me if me != one else r["method"]
            found[me] = r["n_topics"]
            r["seconds_process"] = round(time.time() - t, 1)
            rows.append(r)
            print(f"{ds:10s} {me:14s} nmi={r['nmi']:.3f} ari={r['ari']:.3f} topics={r['n_topics']} "
                  f"unassigned={r['unassigned']:.3f} lang_nmi={r['lang_nmi']:.3f} "
                  f"t_topics={r['seconds_topics']}s t_process={r['seconds_process']}s {merge_note(r)}", flush=True)
            if "check" in r:
                print(f"{'':25s} label check: {check_note(r)}; e.g. {' | '.join(r['label_examples'])}", flush=True)
    table = pd.DataFrame(rows)
    md = ["| dataset | n | true k | method | NMI | ARI | unassigned | topics | NMI vs language | time topics (s) | "
          "time process (s) | merged at (over-split share) |", "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lang = "–" if np.isnan(r["lang_nmi"]) else f"{r['lang_nmi']:.3f}"
        md.append(f"| {r['dataset']} | {r['n']:,} | {r['k_true']} | {r['method']} | {r['nmi']:.3f} | {r['ari']:.3f} | "
                  f"{r['unassigned']:.3f} | {r['n_topics']} | {lang} | {r['seconds_topics']} | {r['seconds_process']} | "
                  f"{merge_note(r) or '–'} |")
    checked = [r for r in rows if "check" in r]
    if checked:
        md += ["", "Label check (vocmine's labels: overall, PT and EN; share of labels with ...):", "",
               "| dataset | method | labels | mask token | brand | person name | non-surface word | other language |",
               "|---|---|---|---|---|---|---|---|"]
        for r in checked:
            c = r["check"]
            md.append(f"| {r['dataset']} | {r['method']} | {int(c['labels'])} | " + " | ".join(
                f"{c[k]:.2f}" for k in CHECKS) + " |")
    text = "\n".join(md)
    print(text)
    out = a.out if a.out is not None else (None if a.quick else REPO / "bench" / "topics.md")
    if out is not None:
        load_avg = os.getloadavg()
        header = (f"# Topic benchmark\n\n`python bench/bench_topics.py {a.data_dir}` on {os.cpu_count()} cores, "
                  f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load average at the end "
                  f"{load_avg[0]:.1f} (the machine was shared: times are inflated).\n\n"
                  "time topics = fit in a fresh process after loading the data (imports of the model stack, "
                  "embedding, numba compilation included); time process = the whole subprocess "
                  "(interpreter start, reading/cleaning data).\n\n")
        out.write_text(header + text + "\n", encoding="utf-8")
    return 0 if len(table) else 1


if __name__ == "__main__":
    raise SystemExit(main())
