"""duplicate_key / collapse_duplicates / near_duplicates / duplicate_groups."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from vocmine.exceptions import ConfigError, PIILeakError
from vocmine.recurrence import collapse_duplicates, duplicate_groups, duplicate_key, near_duplicates

BASE = [
    "o pix que eu paguei ontem ainda nao caiu na conta da loja e o cliente esta esperando",
    "my invoice for march shows the wrong company address and tax number please fix it",
    "the mobile app closes by itself every time I open the reports screen on android",
    "quero cancelar o plano anual porque a empresa vai fechar no fim do mes que vem",
]


def tickets(texts, customers=None, topics=None):
    n = len(texts)
    return pd.DataFrame({
        "ticket_id": [f"t{i}" for i in range(n)],
        "created_at": pd.date_range("2024-05-01", periods=n, freq="h", tz="UTC"),
        "customer_id": customers if customers is not None else [f"c{i}" for i in range(n)],
        "topic_id": topics if topics is not None else [0] * n,
        "text_model": texts,
        "text_display": [f"shown {i}" for i in range(n)],
    })


def test_duplicate_key_normalises_case_and_spaces():
    k = duplicate_key(pd.Series(["Oi  Tudo bem", "oi tudo bem ", "oi tudo bem!", None, ""]))
    assert k.dtype == np.uint64
    assert k[0] == k[1] and k[0] != k[2] and k[3] == k[4]
    assert len(duplicate_key([])) == 0


def test_collapse_duplicates_round_trips():
    f = tickets([BASE[0], BASE[1], BASE[0].upper(), BASE[2], BASE[1]])
    uniq, inv, counts = collapse_duplicates(f, "text_model")
    assert len(uniq) == 3 and counts.tolist() == [2, 2, 1]
    assert inv.tolist() == [0, 1, 0, 2, 1]
    assert uniq["ticket_id"].tolist() == ["t0", "t1", "t3"]
    assert uniq.iloc[inv]["text_model"].str.casefold().tolist() == f["text_model"].str.casefold().tolist()
    assert counts.sum() == len(f)


def test_exact_near_and_distinct_texts():
    texts = [
        BASE[0], BASE[0], BASE[0].upper(),                       # exact (after normalisation)
        BASE[1], BASE[1] + " thanks", BASE[1].replace("wrong", "wrong wrong"),  # near
        BASE[2], BASE[3],                                        # distinct
        "help pls", "help pls",                                  # short: excluded
    ]
    d = near_duplicates(tickets(texts))
    g = d["dup_group"].tolist()
    assert g[0] == g[1] == g[2] >= 0
    assert g[3] == g[4] == g[5] >= 0 and g[3] != g[0]
    assert g[6] == g[7] == g[8] == g[9] == -1
    assert d["is_short"].tolist() == [False] * 8 + [True, True]
    assert d["group_size"].tolist() == [3, 3, 3, 3, 3, 3, 1, 1, 1, 1]
    groups = duplicate_groups(tickets(texts), d)
    assert groups["size"].tolist() == [3, 3]
    kinds = dict(zip(groups["dup_group"], groups["kind"]))
    assert kinds[g[0]] == "exact" and kinds[g[3]] == "near"
    first = groups.set_index("dup_group").loc[g[3]]
    assert first["example"] == "shown 3" and first["n_customers"] == 3 and first["span_hours"] == pytest.approx(2.0)


def test_groups_follow_threshold_on_exact_jaccard():
    # random bags of words: pairs either share most shingles or nothing
    rng = np.random.default_rng(1)
    vocab = [f"w{i}" for i in range(400)]
    texts = []
    for _ in range(40):
        words = list(rng.choice(vocab, 30))
        texts.append(" ".join(words))
        near = words.copy()
        near[-1] = "zz"                         # one changed word at the end: Jaccard 27/29
        texts.append(" ".join(near))
    d = near_duplicates(tickets(texts), threshold=0.7, shingle=3)
    g = d["dup_group"].to_numpy()
    for i in range(0, 80, 2):
        assert g[i] == g[i + 1] >= 0
    assert len(set(g)) == 40          # no unrelated text joins a group


def test_datasketch_engine_agrees_with_numpy_engine():
    rng = np.random.default_rng(2)
    vocab = [f"p{i}" for i in range(60)]
    texts = [" ".join(rng.choice(vocab, 25)) for _ in range(30)]
    texts += [t.replace(t.split()[3], "mudou", 1) for t in texts[:15]]
    a = near_duplicates(tickets(texts), threshold=0.6)
    b = near_duplicates(tickets(texts), threshold=0.6, engine="datasketch")

    def pairs(d):
        return {(i, j) for i, j in itertools.combinations(range(len(d)), 2)
                if d["dup_group"][i] >= 0 and d["dup_group"][i] == d["dup_group"][j]}
    pa, pb = pairs(a), pairs(b)
    assert len(pa) >= 15 and pa == pb


def test_missing_customers_and_topic_mode():
    texts = [BASE[0]] * 4
    f = tickets(texts, customers=["a", None, "a", ""], topics=[2, 1, 1, 2])
    g = duplicate_groups(f)
    assert g.loc[0, "n_customers"] == 1 and g.loc[0, "topic_mode"] == 1


def test_empty_single_and_bad_arguments():
    empty = tickets([])
    assert near_duplicates(empty).empty
    assert duplicate_groups(empty).empty
    one = near_duplicates(tickets([BASE[0]]))
    assert one["dup_group"].tolist() == [-1] and one["group_size"].tolist() == [1]
    with pytest.raises(ConfigError):
        near_duplicates(tickets([BASE[0]]), min_tokens=2, shingle=3)
    with pytest.raises(PIILeakError):
        duplicate_groups(tickets([BASE[0]] * 2).assign(text="x"), display_col="text")
