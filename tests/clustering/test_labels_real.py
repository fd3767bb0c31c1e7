"""Label check on the sample export and on real sets (skipped without ../shared/data/real).

Every label (``label``, ``label_pt``, ``label_en``) and keyword: no mask token, no person's name,
no word nobody wrote (a lemma such as ``datar``), Portuguese labels in Portuguese and English ones
in English. The default embedder is used, as in a real run.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from vocmine.clustering import TopicModel
from vocmine.clustering.catalogue import build_catalogue
from vocmine.clustering.words import FALLBACK_MARK, label_check
from vocmine.text import clean_frame, detect_language


def _fit(frame: pd.DataFrame, cache) -> TopicModel:
    return TopicModel(seed=0, cache_dir=cache).fit(frame["text_model"].tolist(), lemmas=frame["text_lemmas"].tolist(),
                                                   languages=frame["language"].tolist(),
                                                   display=frame["text_display"].tolist())


def _all_labels(m: TopicModel) -> dict[str, dict[int, str]]:
    return {"label": m.labels_text_, "pt": m.labels_pt_, "en": m.labels_en_,
            **{f"kw_{k}": {t: " · ".join(v) for t, v in d.items() if v}
               for k, d in (("all", m.keywords_), ("pt", m.keywords_pt_), ("en", m.keywords_en_))}}


def _own_language(labels: dict[int, str]) -> str:
    own = [lab for lab in labels.values() if not lab.endswith(tuple(FALLBACK_MARK.values())) and lab[0] != "("]
    return detect_language(" ".join(lab.replace(" · ", " ") for lab in own))


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    return tmp_path_factory.mktemp("label-embeddings")


@pytest.mark.slow
def test_sample_labels_are_clean_and_in_their_language(sample_dir, cache):
    from vocmine.ingest import read_tickets
    from vocmine.sample.slots import EN_FIRST, PT_FIRST

    f = clean_frame(read_tickets(sample_dir / "tickets.csv").frame).drop(columns=["text_raw"])
    m = TopicModel(seed=0, cache_dir=cache)
    m.stop_words = ["Vendix"]  # the company's own name, configured (it is not in most topics here)
    m.fit(f["text_model"].tolist(), lemmas=f["text_lemmas"].tolist(), languages=f["language"].tolist(),
          display=f["text_display"].tolist())
    check = label_check(_all_labels(m), f["text_model"], f["language"], names=PT_FIRST + EN_FIRST,
                        brands=["vendix"])
    assert check["labels"] >= 5 * len(m.topic_ids_)
    assert {k: v for k, v in check.items() if k != "labels" and v > 0} == {}, check
    assert _own_language(m.labels_pt_) == "pt" and _own_language(m.labels_en_) == "en"
    cat = build_catalogue(m, m.labels_, pd.Series(["2026-03"] * len(f)))
    assert cat["label_pt"].tolist() == [m.labels_pt_[t] for t in cat["topic_id"]]
    assert cat["label_en"].tolist() == [m.labels_en_[t] for t in cat["topic_id"]]
    # a topic's label is in its majority language: never "nota · fiscal · invoice"
    for t in m.topic_ids_:
        assert m.label(t) in (m.labels_pt_[t], m.labels_en_[t])


def _bitext(real: __import__("pathlib").Path, n: int = 1500) -> tuple[pd.DataFrame, set[str]]:
    """bitext utterances with every entity except person names masked as "XXXX", as a consumer
    complaint export masks account numbers and amounts; all the rows with a person's name are kept."""
    raw = pd.read_csv(real / "bitext_cs" / "Bitext_Sample_Customer_Support_Training_Dataset.csv.gz")
    people = raw[raw["entity_type"] == "person_name"]
    rest = raw.drop(people.index).sample(n - len(people), random_state=0)
    rows = pd.concat([people, rest]).sort_index()
    texts = []
    for r in rows.itertuples():
        t = str(r.instruction)
        if isinstance(r.entity_type, str) and r.entity_type != "person_name" and r.start_offset == r.start_offset:
            a, b = int(r.start_offset), int(r.end_offset)
            if t[a:b].strip():
                t = t[:a] + "XXXX" + t[b:]
        texts.append(t)
    names = {w for v in people["entity_value"].astype(str) for w in v.replace(".", " ").split() if len(w) > 2}
    frame = clean_frame(pd.DataFrame({"ticket_id": [f"b{i}" for i in range(len(texts))], "text": texts}), n_process=1)
    assert sum("XXXX" in t for t in frame["text_display"]) > 100  # the masks are there to be removed
    return frame.drop(columns=["text_raw"]), names - {"Mr", "Mrs", "Ms"}


@pytest.mark.slow
def test_real_masked_english_set(real_data_dir, cache):
    f, names = _bitext(real_data_dir)
    assert not any("xxxx" in t.lower() for t in f["text_model"])
    m = _fit(f, cache)
    check = label_check(_all_labels(m), f["text_model"], f["language"], names=names)
    assert {k: v for k, v in check.items() if k != "labels" and v > 0} == {}, check
    assert _own_language(m.labels_en_) == "en"


@pytest.mark.slow
def test_real_portuguese_reviews(real_data_dir, cache):
    raw = pd.read_csv(real_data_dir / "b2w_rating_balanced" / "b2w_rating_balanced.csv.gz").sample(1500, random_state=1)
    f = clean_frame(pd.DataFrame({"ticket_id": raw["file_name"], "text": raw["review_text"]}),
                    n_process=1).drop(columns=["text_raw"])
    m = _fit(f, cache)
    check = label_check(_all_labels(m), f["text_model"], f["language"])
    assert {k: v for k, v in check.items() if k != "labels" and v > 0} == {}, check
    assert _own_language(m.labels_pt_) == "pt"
    # nothing the lookup lemmatiser invents reaches a label (it yields these for data, empresa, garantia, ...)
    invented = {"datar", "empresar", "garantir", "bater", "tarifar", "barrir", "notum", "impressor"}
    words = {w for lab in m.labels_pt_.values() for w in lab.replace(" · ", " ").split()}
    assert not words & invented
    assert np.isfinite(list(m.removed_counts_.values())).all()
