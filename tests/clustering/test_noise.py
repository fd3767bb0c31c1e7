"""Corpus noise kept out of the topic model: masks, boilerplate found from the corpus (removed before
embedding and c-TF-IDF, and reported), names never in a label. Fast synthetic tests, plus one real
set (skipped without ../shared/data/real)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from clustering_helpers import fast_model, make_tickets

from vocmine.clustering.boilerplate import frequent_segments, strip_frequent_lemmas
from vocmine.clustering.surface import greeted_names
from vocmine.clustering.words import label_check
from vocmine.text import lemmatize

BOT_PT = "Sou a assistente virtual do banco, em que posso ajudar?"
BOT_EN = "I am the virtual assistant of the bank, how can I help?"
STOCK = "Podem dar baixa manual no pagamento?"
SITE = "Reclamação registrada pelo portal de atendimento ao consumidor."


def _all_words(m) -> list[str]:
    labels = [*m.labels_text_.values(), *m.labels_pt_.values(), *m.labels_en_.values()]
    kws = [k for d in (m.keywords_, m.keywords_pt_, m.keywords_en_) for v in d.values() for k in v]
    return [w for x in labels + kws for w in x.replace(" · ", " ").replace("(", " ").replace(")", " ").split()]


def _noisy_tickets() -> pd.DataFrame:
    """The planted corpus with a chat-bot greeting in every topic (too few tickets of most for a spread
    term), a stock phrasing on every Portuguese boleto ticket (one topic: a reason's own words), a
    site's stock sentence on 80% of all tickets, an agent's sign-off naming her, masks."""
    f = make_tickets()
    rng = np.random.default_rng(0)
    model, display = [], []
    for i, r in enumerate(f.itertuples()):
        parts = [r.text_model + "."]
        # the chat channel: 40% of two topics' tickets, 8% of the others' (a spread term needs 15% of the
        # tickets of 4 topics; c-TF-IDF alone would rank it high in the two chat-heavy topics)
        if rng.random() < (0.4 if r.reason in ("boleto", "login") else 0.08):
            parts.insert(0, BOT_PT if r.language == "pt" else BOT_EN)
        if r.reason == "boleto" and r.language == "pt":
            parts.append(STOCK)
        if rng.random() < 0.8:
            parts.append(SITE)
        parts.append(["XXXX", "xx/xx/xxxx", "***", "{{Order Number}}", "kkkkk"][i % 5] + ".")
        who = "Renata" if i % 2 else "Megan"
        parts.append(f"Att, {who}." if r.language == "pt" else f"Regards, {who}.")
        text = " ".join(parts)
        display.append(text)
        model.append(text)  # given raw: the model itself must keep masks out
    return f.assign(text_model=model, text_display=display)


@pytest.fixture(scope="module")
def noisy():
    f = _noisy_tickets()
    lemmas = [None] * len(f)
    for code in ("pt", "en"):
        idx = np.flatnonzero(f["language"].to_numpy() == code)
        for i, lem in zip(idx, lemmatize(f["text_model"].iloc[idx].tolist(), code)):
            lemmas[i] = lem
    f = f.assign(text_lemmas=lemmas)
    m = fast_model().fit(f["text_model"].tolist(), lemmas=f["text_lemmas"].tolist(),
                         languages=f["language"].tolist(), display=f["text_display"].tolist())
    return f, m


def test_masks_never_reach_keywords_or_labels(noisy):
    from vocmine.text.remove import MASK_TOKEN

    f, m = noisy
    words = _all_words(m)
    assert words
    assert not [w for w in words if MASK_TOKEN.match(w) or "xx" in w.lower() or w in ("order", "kkkkk")]
    check = label_check({"label": m.labels_text_, "pt": m.labels_pt_, "en": m.labels_en_},
                        f["text_model"], f["language"], names=["renata", "megan"])
    assert check["mask"] == 0 and check["name"] == 0, check


def test_boilerplate_is_removed_before_embedding_and_ctfidf_and_reported(noisy):
    f, m = noisy
    words = set(_all_words(m))
    # the site's sentence is in 80% of the tickets, the bot's greeting in some of every topic's
    assert not words & {"registrada", "portal", "consumidor", "assistente", "virtual", "assistant", "banco", "bank"}
    report = m.noise_report()
    bp = report[report["kind"] == "boilerplate"].set_index("phrase")
    site = "reclamação registrada pelo portal de atendimento ao consumidor"
    assert site in bp.index
    n_site = sum(SITE in t for t in f["text_display"])
    assert bp.loc[site, "documents"] == n_site and bp.loc[site, "topics"] >= 3
    bot = "sou a assistente virtual do banco em que posso ajudar"
    assert bot in bp.index and bp.loc[bot, "documents"] == sum(BOT_PT in t for t in f["text_display"])
    assert bp.loc[bot, "topics"] == 4
    # a phrase repeated within one reason is kept out of the embedding only: it is that topic's words
    rep = report[report["kind"] == "repeated"].set_index("phrase")
    assert "podem dar baixa manual no pagamento" in rep.index
    assert rep.loc["podem dar baixa manual no pagamento", "topics"] == 1
    assert "baixa" in words or "manual" in words
    # the agent's sign-off is a frequent segment too, but a phrase with a person's name is never reported
    assert not [p for p in report["phrase"].astype(str) if "renata" in p or "megan" in p]
    # the clusters still follow the planted reasons
    from vocmine.clustering import cluster_scores

    assert cluster_scores(f["reason"], m.labels_)["nmi"] >= 0.85


def test_noise_report_is_saved_beside_the_model(noisy, tmp_path):
    _, m = noisy
    m.save(tmp_path / "m")
    saved = pd.read_csv(tmp_path / "m" / "noise.csv")
    assert list(saved.columns) == ["kind", "phrase", "documents", "topics"]
    assert (saved["kind"] == "boilerplate").sum() >= 2 and (saved["kind"] == "repeated").sum() >= 1
    assert not saved["phrase"].astype(str).str.contains("renata|megan").any()


def test_a_name_after_a_greeting_never_reaches_a_label():
    f = make_tickets()
    who = np.where(np.arange(len(f)) % 2 == 0, "Renata", "Megan")
    # the name is only ever written after a greeting, and it is in every ticket of the refund topic
    greet = np.where(f["language"] == "pt", "Abraços, " + who + ".", "Cheers, " + who + ".")
    text = np.where(f["reason"] == "refund", f["text_model"] + " " + greet + " " + greet, f["text_model"])
    m = fast_model(strip_boilerplate=False).fit(list(text), languages=f["language"].tolist(), display=list(text))
    words = {w.lower() for w in _all_words(m)}
    assert not words & {"renata", "megan"}
    assert greeted_names(list(text)) == {"renata", "megan"}


def test_greeted_names_need_a_proper_noun():
    texts = ["Dear Customer Service, my card", "the customer is angry", "customer care never answers",
             "Hi Megan, the card", "Megan said no", "Olá, Renata! o pix", "Renata disse"]
    assert greeted_names(texts) == {"megan", "renata"}


def test_frequent_lemmas_are_cut_where_the_segment_was():
    texts = [f"Olá, sou a assistente virtual. O boleto {i} venceu." for i in range(6)] + ["O boleto venceu."]
    frequent = frequent_segments(texts)
    assert frequent == {"olá sou a assistente virtual"}
    lem = lemmatize(texts, "pt")
    out = strip_frequent_lemmas(lem, texts, ["pt"] * len(texts), frequent)
    assert all("assistente" not in x and "boleto" in x for x in out)
    assert out[-1] == lem[-1]
    # a text made only of boilerplate keeps its lemmas, as it keeps its text
    assert strip_frequent_lemmas(lem[:1], ["Olá, sou a assistente virtual."], ["pt"], frequent) == lem[:1]


def test_stop_words_configured_for_a_run_leave_topic_words(tmp_path, monkeypatch):
    """A brand in one topic only is not spread over the corpus: configured in the state folder (or the
    environment) it leaves that topic's words, and the saved model's noise.csv lists it."""
    from clustering_helpers import TranslatingEmbedder
    from sklearn.decomposition import PCA

    from vocmine.clustering.flow import STOP_WORDS_ENV, assign_period, configured_stop_words

    f = make_tickets(40, months=("2026-01",))
    f = f.assign(text_model=np.where(f["reason"] == "login", f["text_model"] + " Zorbank", f["text_model"]))
    f = f.assign(text_lemmas=f["text_model"].str.lower(), text_display=f["text_model"])

    def run(state_dir):
        return assign_period(f, period="2026-01", state_dir=state_dir, cache_dir=tmp_path / "cache",
                             embedder=TranslatingEmbedder(),
                             model_params={"umap_model": PCA(n_components=5, random_state=0), "min_topic_size": 30})

    monkeypatch.delenv(STOP_WORDS_ENV, raising=False)
    plain = run(tmp_path / "plain")
    assert any("zorbank" in lab for lab in plain.catalogue["label"].str.lower())
    state = tmp_path / "configured"
    state.mkdir()
    (state / "stop_words.txt").write_text("# brands\nZorbank\n", encoding="utf-8")
    monkeypatch.setenv(STOP_WORDS_ENV, "Vendix, Acme ")
    assert configured_stop_words(state) == ["Zorbank", "Vendix", "Acme"]
    done = run(state)
    assert not any("zorbank" in lab for lab in done.catalogue["label"].str.lower())
    noise = pd.concat([pd.read_csv(p) for p in state.rglob("noise.csv")])
    assert "zorbank" in set(noise.loc[noise["kind"] == "stop word", "phrase"])


def test_names_in_help_desk_channel_headers_are_names():
    """"Chat com Priscila" (a help desk's subject) put "priscila" in a topic's keywords."""
    texts = ["Chat com Priscila\n\nemitiram a nota no cpf", "Chat com Priscila\n\no problema voltou",
             "Chat - Caio\n\na busca demora", "Chat - Caio\n\nlento", "Chat with Support\n\nthe app crashes",
             "our support team is slow", "support never answers"]
    assert greeted_names(texts) == {"priscila", "caio"}  # "support" is mostly written in lower case
