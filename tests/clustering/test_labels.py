"""Topic words and labels: surface forms, masks, names, spread terms, per-language labels (fast, synthetic)."""

from __future__ import annotations

import random

import numpy as np
import pytest

from vocmine.clustering.surface import fold, name_like, spread_terms, surface_forms
from vocmine.clustering.words import FALLBACK_MARK, clean_terms, describe_topics, language_labels, mmr
from vocmine.text import lemmatize


def test_surface_forms_show_the_words_customers_wrote():
    texts = ["A data da fatura veio errada", "data de vencimento errada", "a bateria da maquininha",
             "cartão de crédito recusado", "o cartão de crédito foi recusado", "empresa, já atualizei"]
    lemmas = lemmatize(texts, "pt")
    wanted = {"data", "bateria", "cartão crédito", "empresa atualizei", "fatura"}
    surface, vocab = surface_forms(texts, ["pt"] * len(texts), np.ones(len(texts)), wanted, lemmas=lemmas)
    assert surface["data"] == "data" and surface["bateria"] == "bateria"
    assert surface["cartão crédito"] == "cartão de crédito"  # the span, stop word included
    assert surface["empresa atualizei"] == "empresa atualizei"  # never across punctuation
    assert {"data", "fatura", "errada"} <= vocab


def test_surface_forms_follow_lemmas_of_another_lemmatiser():
    # a history lemmatised by an older version ("datar") still maps to the word written
    surface, _ = surface_forms(["a data errada"], ["pt"], [1.0], {"datar"}, lemmas=["datar errar"])
    assert surface == {"datar": "data"}


NAME_TEXTS = [
    "Meu nome é Renata e o boleto não chegou.", "Falei com a Renata ontem sobre o boleto.",
    "A Renata disse que o pix cai hoje.", "Oi, aqui é a Tatiane, o app trava.", "A Tatiane pediu o estorno.",
    "I need the invoice from Anna Freeman.", "Please send the bill from Anna Freeman.",
    "Bill from Mr. Smith is wrong.", "invoices from Mr. Smith again",
    "O Excel não abre o arquivo exportado.", "Exportei para o Excel e deu erro.", "the Excel file is empty",
    "I lost my Google Authenticator codes.", "my authenticator app was reset", "Google Authenticator code fails",
    "A data da fatura está errada.", "o pix não caiu",
]


def test_name_like_needs_title_case_and_a_cue_or_a_surname():
    words = {"renata", "tatiane", "anna", "freeman", "smith", "excel", "google", "authenticator", "data", "pix"}
    assert name_like(NAME_TEXTS, words) == {"renata", "tatiane", "anna", "freeman", "smith"}


def test_names_in_counts_the_words_once_for_both_name_checks():
    from vocmine.clustering.surface import greeted_names, names_in

    texts = NAME_TEXTS + ["Olá, Beatriz! O boleto venceu.", "Hi Megan, the order is late", "beatriz? não",
                          "Thanks, Megan"]
    words = {"renata", "beatriz", "megan", "excel", "pix", "order"}
    counts: dict = {}
    alone = name_like(texts, words, counts=counts)
    assert alone == name_like(texts, words) and set(counts) == {"total", "titled"}
    assert greeted_names(texts, counts=counts) == greeted_names(texts)
    assert names_in(texts, words) == alone | (greeted_names(texts) & words)
    assert "megan" in names_in(texts, words) and "excel" not in names_in(texts, words)


def test_spread_terms_are_in_most_topics():
    from sklearn.feature_extraction.text import CountVectorizer

    texts = [f"vendix {w}" for w in ("boleto", "pix", "senha", "entrega", "estorno") for _ in range(10)]
    topics = np.repeat(np.arange(5), 10)
    vec = CountVectorizer()
    counts = vec.fit_transform(texts)
    found = spread_terms(counts, topics, np.ones(len(texts)), vec.get_feature_names_out())
    assert found == {"vendix": 1.0}
    assert spread_terms(counts[:20], topics[:20], np.ones(20), vec.get_feature_names_out()) == {}  # 2 topics


def test_mmr_puts_the_common_phrase_first_and_avoids_repeats():
    cands = [("nota", 1.0, {"nota"}), ("fiscal", 0.6, {"fiscal"}), ("nota fiscal", 0.5, {"nota", "fiscal"}),
             ("errada", 0.4, {"errada"}), ("emitir", 0.3, {"emitir"})]
    assert mmr(cands, top_n=3, shares=[0.9, 0.7, 0.68, 0.3, 0.2]) == ["nota fiscal", "errada", "emitir"]
    # a phrase in few tickets does not lead
    assert mmr(cands, top_n=2, shares=[0.9, 0.7, 0.1, 0.3, 0.2])[0] == "nota"
    assert mmr([], top_n=3) == []


# ---------------------------------------------------------------------------------------------- corpus
TOPICS = {
    "invoice": (["a nota fiscal veio errada", "nota fiscal com data errada", "preciso corrigir a nota fiscal",
                 "a data da nota fiscal está errada"],
                ["the invoice has the wrong date", "wrong tax invoice again", "please correct the invoice",
                 "invoice date is wrong"]),
    "battery": (["a bateria da maquininha não carrega", "bateria descarrega rápido", "troquei a bateria e nada",
                 "a bateria estufou"],
                ["the battery does not charge", "battery drains fast", "replaced the battery, still dead",
                 "battery is swollen"]),
    "refund": (["quero o estorno da compra", "estorno não caiu na conta", "cadê meu estorno",
                "o estorno foi negado"],
               ["i want my refund", "refund never arrived", "where is my refund", "refund was denied"]),
    "login": (["não consigo entrar na conta", "senha não funciona", "conta bloqueada no login",
               "o login dá erro"],
              ["cannot log in to my account", "password does not work", "account locked at login",
               "login gives an error"]),
}
PEOPLE = ["Renata", "Tatiane", "Megan", "Grace"]


def _corpus(seed=0, n=24, en_share=0.5, only_pt=()):
    from vocmine.text.pipeline import model_text

    rng = random.Random(seed)
    rows = []
    for k, (reason, (pt, en)) in enumerate(TOPICS.items()):
        for i in range(n):
            lang = "pt" if reason in only_pt or i >= n * en_share else "en"
            body = " ".join(rng.sample(pt if lang == "pt" else en, 2))
            who = rng.choice(PEOPLE)
            intro = f"Meu nome é {who}." if lang == "pt" else f"My name is {who}."
            mask = rng.choice(["XXXX", "xx/xx/xxxx", "***", "[Editado pelo Reclame Aqui]", "{{Order Number}}"])
            display = f"{intro} Vendix: {body} {mask}. Falei com a {who}." if lang == "pt" else \
                f"{intro} Vendix: {body} {mask}. Spoke with {who}."
            rows.append({"display": display, "model": model_text(display), "lang": lang, "topic": k})
    lem = [None] * len(rows)
    for code in ("pt", "en"):
        idx = [i for i, r in enumerate(rows) if r["lang"] == code]
        for i, lemmas in zip(idx, lemmatize([rows[i]["model"] for i in idx], code)):
            lem[i] = lemmas
    return rows, lem


def _describe(rows, lem, **kw):
    return describe_topics([r["model"] for r in rows], [r["topic"] for r in rows], lemmas=lem,
                           languages=[r["lang"] for r in rows], display=[r["display"] for r in rows], **kw)


def _words(label):
    return [w for part in label.split(" · ") for w in part.replace(FALLBACK_MARK["en"], "")
            .replace(FALLBACK_MARK["pt"], "").split()]


def test_labels_hold_no_masks_names_brand_or_lemmas_nobody_wrote():
    from vocmine.text.remove import MASK_TOKEN

    rows, lem = _corpus()
    out = _describe(rows, lem)
    vocab = {w.lower() for r in rows for w in r["model"].replace(".", " ").replace(",", " ").split()}
    labels = [*out.labels.values(), *out.labels_pt.values(), *out.labels_en.values()]
    keywords = [k for d in (out.keywords, out.keywords_pt, out.keywords_en) for v in d.values() for k in v]
    words = [w for lab in labels if lab != "(unassigned)" for w in _words(lab)] + [w for k in keywords for w in k.split()]
    assert words
    assert not [w for w in words if MASK_TOKEN.match(w) or w in ("xxxx", "editado", "reclamar", "editar")]
    assert not [w for w in words if fold(w) in {fold(p) for p in PEOPLE}]
    assert not [w for w in words if w not in vocab]  # every word was written ("data", never "datar")
    assert "vendix" not in words and out.spread.get("vendix") == 1.0 and out.removed["vendix"] == "spread"
    assert out.removed_counts.get("name", 0) > 0
    # names are removed but never listed
    assert not {fold(p) for p in PEOPLE} & set(out.removed)
    assert {"renata", "tatiane"} <= out.names


def test_words_asked_beside_the_keywords_get_the_name_verdict_of_a_call_of_their_own():
    from vocmine.clustering.surface import greeted_names

    rows, lem = _corpus()
    display = [r["display"] for r in rows]
    asked = {"renata", "tatiane", "vendix", "spoke", "falei", "nome", "pix", "zzz"}
    plain, shared = _describe(rows, lem), _describe(rows, lem, name_words=asked)
    assert shared.names == plain.names and shared.labels == plain.labels  # the keywords' verdicts are unchanged
    alone = name_like(display, asked) | (greeted_names(display) & asked)
    assert shared.other_names == alone and {"renata", "tatiane"} <= alone and "pix" not in alone


def test_each_language_gets_its_own_label_and_the_majority_one_is_the_label():
    rows, lem = _corpus(en_share=0.25)
    out = _describe(rows, lem)
    pt_vocab = {w for r in rows if r["lang"] == "pt" for w in r["model"].lower().split()}
    en_vocab = {w for r in rows if r["lang"] == "en" for w in r["model"].lower().split()}
    for t in out.keywords:
        assert set(_words(out.labels_pt[t])) <= pt_vocab, out.labels_pt[t]
        assert set(_words(out.labels_en[t])) <= en_vocab, out.labels_en[t]
        assert out.labels[t] == out.labels_pt[t]  # 3/4 of the tickets are Portuguese
    by_reason = dict(zip(TOPICS, sorted(out.keywords)))
    assert out.labels_pt[by_reason["invoice"]].startswith("nota fiscal")
    assert "bateria" in out.labels_pt[by_reason["battery"]] and "battery" in out.labels_en[by_reason["battery"]]


def test_a_topic_without_tickets_in_a_language_borrows_the_other_label_marked():
    rows, lem = _corpus(only_pt=("refund",))
    out = _describe(rows, lem)
    t = sorted(out.keywords)[list(TOPICS).index("refund")]
    assert out.keywords_en[t] == []
    assert out.labels_en[t] == out.labels_pt[t] + FALLBACK_MARK["pt"]
    assert "estorno" in out.labels_en[t]
    assert language_labels("en", out.keywords_pt, out.keywords_en, out.labels) == out.labels_en


def test_configured_stop_words_leave_keywords_and_are_reported():
    rows, lem = _corpus()
    out = _describe(rows, lem, stop_words=["Bateria", "MAQUININHA"], drop_spread=False)
    words = {w for d in (out.keywords, out.keywords_pt) for v in d.values() for k in v for w in k.split()}
    assert not words & {"bateria", "maquininha"}
    assert "vendix" not in out.removed  # spread terms kept when asked
    assert "battery" in words or any("battery" in k for v in out.keywords_en.values() for k in v)


def test_what_is_left_of_a_negative_contraction_is_no_topic_word():
    # "didn't" tokenised for c-TF-IDF leaves "didn"; tickets also write "didnt" / "doesnt"
    from vocmine.clustering.labels import ctfidf_keywords, topic_stopwords

    texts = (["the refund didn't arrive, refund still pending", "my refund didnt arrive yet"] * 6
             + ["the card doesn't work at the terminal", "card doesnt work, card declined"] * 6)
    words = {w for v in ctfidf_keywords(texts, [0] * 12 + [1] * 12, stop=topic_stopwords("en")).values()
             for k in v for w in k.split()}
    assert {"refund", "card"} <= words
    assert not words & {"didn", "didnt", "doesn", "doesnt"}


def test_clean_terms_for_topics_found_later():
    got = clean_terms(["datar errar", "xxxx", "renata", "vendix", "boleto", "Boleto"],
                      surface={"datar errar": "data errada"}, removed={"vendix": "spread"},
                      names={"Renata"})
    assert got == ["data errada", "boleto"]


@pytest.mark.parametrize("n_per_topic", [2, 24])
def test_small_and_tiny_corpora_still_get_labels(n_per_topic):
    rows, lem = _corpus(n=n_per_topic)
    out = _describe(rows, lem)
    assert set(out.labels) == set(out.keywords) | {-1}
    assert all(lab for lab in out.labels_pt.values())


# ---------------------------------------------------------------------------------------------- model
def test_topic_model_labels_per_language_follow_renumber_and_keep_no_names(tmp_path):
    from clustering_helpers import fast_model, make_tickets

    from vocmine.clustering import TopicModel

    f = make_tickets()
    who = np.where(np.arange(len(f)) % 3 == 0, "Renata", "Megan")
    tail = np.where(f["language"] == "pt", " Falei com a " + who + ".", " Spoke with " + who + ".")
    f["text_display"] = f["text_display"] + tail
    f["text_model"] = f["text_model"] + tail
    f["text_lemmas"] = f["text_lemmas"] + np.char.lower(tail.astype(str))
    m = fast_model().fit(f["text_model"].tolist(), lemmas=f["text_lemmas"].tolist(),
                         languages=f["language"].tolist(), display=f["text_display"].tolist())
    info = m.topic_info()
    text = " ".join(info["label"].tolist() + info["label_pt"].tolist() + info["label_en"].tolist()
                    + [k for col in ("keywords", "keywords_pt", "keywords_en") for v in info[col] for k in v])
    assert "renata" not in text.lower() and "megan" not in text.lower()
    assert m.removed_counts_.get("name", 0) > 0 and m.n_name_words_ >= 2
    t = int(info["topic_id"].iloc[0])
    assert m.label(t, "pt") == m.labels_pt_[t] and m.label(t, "en") == m.labels_en_[t]
    assert m.label(t) in (m.labels_pt_[t], m.labels_en_[t])
    pt_words = {w for x in f.loc[f["language"] == "pt", "text_model"] for w in x.lower().split()}
    assert all(set(lab.replace(" · ", " ").split()) <= pt_words for lab in m.labels_pt_.values() if lab[0] != "(")
    m.save(tmp_path / "model")
    import joblib

    state = joblib.load(tmp_path / "model" / "model.joblib")["state"]
    # representative tickets quote the display text as it is; nothing made of words keeps a name
    words_state = repr({k: v for k, v in state.items() if k != "representative_docs_"}).lower()
    assert "renata" not in words_state and "megan" not in words_state
    loaded = TopicModel.load(tmp_path / "model")
    assert loaded.labels_pt_ == m.labels_pt_ and loaded.labels_en_ == m.labels_en_
    # renumbering moves the per-language labels with the topics; a topic added later is labelled too
    mapping = {old: old + 10 for old in m.topic_ids_}
    before = dict(m.labels_pt_)
    m.renumber(mapping)
    assert {mapping.get(k, k): v for k, v in before.items()} == m.labels_pt_
    new = m.add_topics(m.centroids_[:1], {0: ["pix", "agendar", "xxxx"]}, keywords_pt={0: ["pix", "agendar"]},
                       keywords_en={0: []})
    assert m.keywords_[new[0]] == ["pix", "agendar"] and m.labels_pt_[new[0]] == "pix · agendar"
    assert m.labels_en_[new[0]] == "pix · agendar (pt)"


def test_words_sample_is_bounded_keeps_every_topic_and_its_weight():
    from vocmine.clustering.topics import WORDS_MIN_PER_TOPIC, words_sample

    rng = np.random.default_rng(0)
    topics = np.concatenate([np.full(9000, 0), np.full(2500, 1), np.full(40, 2), np.full(460, -1)])
    counts = rng.integers(1, 4, size=len(topics)).astype(float)
    idx, w = words_sample(topics, counts, seed=0, max_docs=3000)
    assert len(idx) < 0.35 * len(topics) and np.all(np.diff(idx) > 0)
    for t in (0, 1, 2, -1):
        got = topics[idx] == t
        assert got.sum() >= min(WORDS_MIN_PER_TOPIC, (topics == t).sum())
        assert np.isclose(w[got].sum(), counts[topics == t].sum())  # each topic weighs what it weighed
    assert (topics[idx] == 2).sum() == 40  # a small topic is read whole
    again = words_sample(topics, counts, seed=0, max_docs=3000)
    assert np.array_equal(again[0], idx) and np.array_equal(again[1], w)
    # below the bound every text is read, with its own weight
    idx, w = words_sample(topics, counts, seed=0, max_docs=len(topics))
    assert np.array_equal(idx, np.arange(len(topics))) and np.array_equal(w, counts)


def test_one_term_in_a_language_gives_words_not_a_crash():
    # a topic whose English tickets are one-word reviews ("ruim" read as English) left c-TF-IDF a
    # vocabulary of one term, and BERTopic's transformer raised (a real export's first run failed)
    from vocmine.clustering.labels import ctfidf_scores

    ids, terms, score, _, _ = ctfidf_scores(["ruim", "Ruim!", "ruim"], [0, 0, 1])
    assert ids == [0, 1] and list(terms) == ["ruim"]
    assert score.shape == (2, 1) and (score > 0).all()
    texts = ["o pedido chegou atrasado e veio errado"] * 30 + ["ruim"] * 3
    langs = ["pt"] * 30 + ["en"] * 3
    words = describe_topics(texts, np.zeros(33, dtype=int), languages=langs)
    assert words.keywords_en[0] in ([], ["ruim"])
    assert words.keywords_pt[0]
