"""Helpers for clustering tests: a small planted bilingual corpus and fast deterministic parts.

Tests inject a TF-IDF → SVD embedder and a PCA reducer so a fit takes well under a second; only
the tests marked slow use the default USE embedder and the default reducer.
"""

from __future__ import annotations

import random

import pandas as pd

# topic -> (pt phrases, en phrases); each ticket mixes a few phrases of its topic with filler
TOPICS = {
    "boleto": (["o boleto não foi gerado", "boleto vencido não atualiza", "pagamento do boleto falhou",
                "linha digitável do boleto errada"],
               ["the boleto was not generated", "boleto payment failed", "expired boleto does not update",
                "boleto barcode is wrong"]),
    "login": (["não consigo entrar na conta", "código de verificação não chega", "login bloqueado",
               "autenticação em dois fatores falha"],
              ["i cannot log in to my account", "verification code never arrives", "login is locked",
               "two factor authentication fails"]),
    "delivery": (["pedido atrasado", "entrega não chegou", "rastreio parado há dias", "transportadora não entrega"],
                 ["order is late", "delivery never arrived", "tracking stuck for days", "courier does not deliver"]),
    "refund": (["quero o reembolso", "estorno não caiu", "devolução do dinheiro", "reembolso pendente"],
               ["i want a refund", "refund not received", "money back please", "refund still pending"]),
}
NEW_TOPIC = ("scheduled", (["pix agendado não saiu", "agendamento de pix falhou", "pix programado cancelado",
                            "agendar pix dá erro"],
                           ["scheduled pix did not go out", "pix scheduling failed", "scheduled transfer cancelled",
                            "cannot schedule a pix"]))
FILLER_PT = ["por favor", "urgente", "desde ontem", "loja centro", "mais uma vez", "preciso de ajuda"]
FILLER_EN = ["please", "urgent", "since yesterday", "main store", "once again", "need help"]


def make_tickets(n_per_topic: int = 40, *, months=("2026-01", "2026-02", "2026-03"), seed: int = 0,
                 topics: dict | None = None, id_prefix: str = "T") -> pd.DataFrame:
    """Cleaned-ticket frame (ticket_id, created_at, text_model, text_lemmas, text_display, language, reason)."""
    rng = random.Random(seed)
    topics = TOPICS if topics is None else topics
    rows = []
    for month in months:
        for reason, (pt, en) in topics.items():
            for i in range(n_per_topic):
                lang = "pt" if i % 2 == 0 else "en"
                phrases, filler = (pt, FILLER_PT) if lang == "pt" else (en, FILLER_EN)
                text = " ".join(rng.sample(phrases, 2) + [rng.choice(filler)])
                day = rng.randint(1, 28)
                rows.append({"ticket_id": f"{id_prefix}{len(rows):05d}",
                             "created_at": pd.Timestamp(f"{month}-{day:02d} 12:00", tz="UTC"),
                             "text_model": text, "text_lemmas": text.lower(), "text_display": text,
                             "language": lang, "reason": reason})
    return pd.DataFrame(rows)


def _phrase_table() -> list[tuple[str, str]]:
    pairs = []
    for _, (pt, en) in [*TOPICS.items(), NEW_TOPIC]:
        pairs += list(zip(pt, en))
    pairs += list(zip(FILLER_PT, FILLER_EN))
    return sorted(pairs, key=lambda p: -len(p[0]))


class TranslatingEmbedder:
    """Test stand-in for a pretrained multilingual encoder: PT phrases are mapped to their EN twins,
    then TF-IDF → SVD fitted once on the fixed phrase table (like pretrained weights, it knows words
    the first months never used). Deterministic, no model, fast."""

    name = "test-translate-tfidf"

    def __init__(self, n_components: int = 32):
        from vocmine.clustering import TfidfSVDEmbedder

        self.inner = TfidfSVDEmbedder(n_components=n_components, seed=0)
        self.table = _phrase_table()
        self.calls = 0
        vocab = [en for _, en in self.table]
        self.inner.fit([f"{a} {b}" for a in vocab for b in vocab])

    def _tr(self, texts):
        out = []
        for t in texts:
            t = str(t).lower()
            for pt, en in self.table:
                t = t.replace(pt, en)
            out.append(t)
        return out

    @property
    def is_fitted(self):
        return self.inner.is_fitted

    @property
    def fingerprint(self):
        return "test:" + self.inner.fingerprint

    def encode(self, texts):
        self.calls += 1
        return self.inner.encode(self._tr(texts))


def fast_model(**kw):
    """TopicModel with a translating TF-IDF embedder and a PCA reducer: deterministic and fast."""
    from sklearn.decomposition import PCA

    from vocmine.clustering import TopicModel

    kw.setdefault("embedder", TranslatingEmbedder())
    kw.setdefault("umap_model", PCA(n_components=5, random_state=0))
    kw.setdefault("seed", 0)
    kw.setdefault("min_topic_size", 30)  # planted topics have phrase sub-groups of ~20 tickets
    return TopicModel(**kw)
