"""What a fitted :class:`~vocmine.clustering.model.TopicModel` says about its topics: keywords,
labels (overall, PT, EN) and representative tickets made at fit, what was kept out of the topic
words (``noise_report``), the topic tree, topics added in later months and renumbering.

A mixin of :class:`~vocmine.clustering.model.TopicModel` (it reads the model's fitted attributes).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from vocmine.clustering.embedders import l2_normalise
from vocmine.clustering.labels import make_label, representative_docs
from vocmine.exceptions import ConfigError
from vocmine.schema import OUTLIER_TOPIC
from vocmine.text.remove import masks as _masks

if TYPE_CHECKING:
    from vocmine.clustering.model import TopicModel

__all__ = ["BOILERPLATE_MIN_TOPICS", "BOILERPLATE_TOPIC_SHARE", "TopicsMixin", "WORDS_MAX_DOCS", "words_sample"]

#: topic words (c-TF-IDF, surface forms, name evidence) are read from at most about this many unique
#: texts: a seeded sample of each topic's texts in each language, in proportion to its size, at
#: least WORDS_MIN_PER_TOPIC of each (all of a smaller one), weighted up to that group's count.
#: Below this size every text is read. (On 100,000 e-mail tickets, about 30,000 read: 47.6 -> 26.3 s.)
WORDS_MAX_DOCS = 30_000
WORDS_MIN_PER_TOPIC = 300


def words_sample(u_topics: np.ndarray, counts: np.ndarray, seed: int, max_docs: int | None = None,
                 languages: list[str] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """``(indices, weights)`` of the unique texts topic words are read from: all of them (weights =
    ``counts``) up to ``max_docs`` (default :data:`WORDS_MAX_DOCS`); else for each topic (outliers
    included) and each of its ``languages`` a seeded sample of its share of ``max_docs``, at least
    :data:`WORDS_MIN_PER_TOPIC` (all of a smaller group, so a topic's few PT tickets all make its PT
    label), whose weights are scaled so the group weighs what all its texts weigh."""
    max_docs = WORDS_MAX_DOCS if max_docs is None else max_docs
    u_topics = np.asarray(u_topics)
    w = np.asarray(counts, dtype=float)
    n = len(u_topics)
    if n <= max_docs:
        return np.arange(n), w
    lang = np.asarray(languages if languages is not None else [""] * n, dtype=object)
    groups = pd.DataFrame({"t": u_topics, "l": lang}).groupby(["t", "l"], sort=True).indices
    rng = np.random.default_rng(seed)
    keep, out_w = [], w.copy()
    for key in sorted(groups, key=lambda k: (int(k[0]), str(k[1]))):
        members = np.asarray(groups[key])
        k = max(WORDS_MIN_PER_TOPIC, int(round(len(members) * max_docs / n)))
        if k >= len(members):
            keep.append(members)
            continue
        pick = np.sort(rng.choice(members, size=k, replace=False))
        out_w[pick] *= w[members].sum() / w[pick].sum()
        keep.append(pick)
    idx = np.sort(np.concatenate(keep))
    return idx, out_w[idx]

#: a frequent segment is kept out of topic words (c-TF-IDF) too when it is found in at least this
#: share of the topics and in at least BOILERPLATE_MIN_TOPICS of them (sample: stock phrases
#: ("fico no aguardo", "can you check") are in 15-21 of 25 topics, a reason's stock phrasing
#: ("podem desativar o 2fa temporariamente") in 2-5)
BOILERPLATE_TOPIC_SHARE = 1 / 3
BOILERPLATE_MIN_TOPICS = 3


class TopicsMixin:
    """Topic words, labels, tree, later topics and renumbering (see the module doc)."""

    def _describe(self, u_topics, u_sims, counts, uniques, first, lemmas, languages, display) -> None:
        """Keywords, labels (overall, PT, EN) and representative tickets (:mod:`vocmine.clustering.words`).

        Extra stop words (e.g. the company's and its products' names) come from the ``stop_words``
        attribute when set (any case)."""
        from vocmine.clustering.boilerplate import boilerplate_report, segment_topics
        from vocmine.clustering.words import describe_topics

        ids = self.topic_ids_
        n = len(uniques)
        self.topic_sizes_ = {t: int(counts[u_topics == t].sum()) for t in ids}
        u_lang = [str(languages[first[i]]) for i in range(n)] if languages is not None else None
        u_disp = [display[first[i]] for i in range(n)] if display is not None else None
        # c-TF-IDF sees no masks and no boilerplate: the frequent segments found in many topics
        masked = [_masks(u) for u in uniques]
        u_lemmas = [lemmas[first[i]] for i in range(n)] if lemmas is not None else None
        frequent = getattr(self, "boilerplate_", None) if self.strip_boilerplate else None
        seen = segment_topics(masked, u_topics, counts, frequent or frozenset())
        spread = frozenset(k for k, (_, n_topics) in seen.items()
                           if n_topics >= max(BOILERPLATE_MIN_TOPICS, BOILERPLATE_TOPIC_SHARE * len(ids)))
        # the words come from a bounded, per-topic sample on large corpora (words_sample); the topic
        # sizes, the boilerplate found and the representative tickets from every text
        pick, w_pick = words_sample(u_topics, counts, self.seed, languages=u_lang)

        def sub(values):
            return [values[i] for i in pick] if values is not None and len(pick) < n else values

        texts, s_lemmas, s_lang, s_disp = sub(masked), sub(u_lemmas), sub(u_lang), sub(u_disp)
        if spread:
            from vocmine.clustering.boilerplate import strip_frequent_lemmas, strip_frequent_segments

            if s_lemmas is not None:
                s_lemmas = strip_frequent_lemmas(s_lemmas, texts, s_lang, spread)
            texts = strip_frequent_segments(texts, frequent=spread)
        seen_words = {w for k in seen for w in k.split()}
        words = describe_topics(
            texts, u_topics[pick], lemmas=s_lemmas, weights=w_pick, languages=s_lang, display=s_disp,
            top_n=self.top_n_words, min_df=2 if n >= 500 else 1, stop_words=self.stop_words or (),
            name_words=seen_words if u_disp is not None else ())
        # the segments' name-like words come from the same pass over the redacted texts
        self.boilerplate_report_ = boilerplate_report(seen, spread, u_disp if u_disp is not None else masked,
                                                      names=words.other_names if u_disp is not None else None)
        self.keywords_ = {t: words.keywords.get(t, []) for t in ids}
        self.keywords_pt_ = {t: words.keywords_pt.get(t, []) for t in ids}
        self.keywords_en_ = {t: words.keywords_en.get(t, []) for t in ids}
        self.labels_text_ = {t: words.labels.get(t) or make_label([], topic_id=t) for t in ids}
        self.labels_text_[OUTLIER_TOPIC] = make_label([], topic_id=OUTLIER_TOPIC)
        self.removed_terms_ = dict(words.removed)  # corpus-wide terms only: no names, no one-off words
        self.removed_counts_ = dict(words.removed_counts)
        self.spread_terms_ = dict(words.spread)
        self.n_name_words_ = len(words.names)  # how many words read as names (the words are not kept)
        self.surface_ = dict(words.surface)
        disp = [display[first[i]] for i in range(n)] if display is not None else None
        self.representative_docs_ = (representative_docs(disp, u_topics, u_sims) if disp is not None
                                     else {t: [] for t in ids})

    def noise_report(self) -> pd.DataFrame:
        """What the fit kept out of the topic model, one row per phrase or term: ``kind``
        (``"boilerplate"``: a sentence, chat turn or form field repeated verbatim in many tickets
        (:data:`vocmine.clustering.boilerplate.MIN_DOCS`, ``MIN_SHARE``) of many topics (at least
        :data:`BOILERPLATE_TOPIC_SHARE` of them and :data:`BOILERPLATE_MIN_TOPICS`), removed before
        embedding and c-TF-IDF; ``"repeated"``: such a segment found in fewer topics (a stock
        phrasing of one reason), removed before embedding only; ``"spread"``: a term found in a
        large share of the tickets of most topics, e.g. a brand; ``"stop word"``: configured;
        ``"mask"``), ``phrase``, ``documents`` and ``topics`` (segments only), and the removal counts by reason
        (``kind="count"``, including names and lemmas nobody wrote, whose words are never listed)."""
        self._check_fitted()
        rows = [{"kind": kind, "phrase": k, "documents": d, "topics": t}
                for k, d, t, kind in getattr(self, "boilerplate_report_", [])]
        rows += [{"kind": why, "phrase": term, "documents": None, "topics": None}
                 for term, why in sorted(getattr(self, "removed_terms_", {}).items())]
        rows += [{"kind": "count", "phrase": why, "documents": n, "topics": None}
                 for why, n in sorted(getattr(self, "removed_counts_", {}).items())]
        return pd.DataFrame(rows, columns=["kind", "phrase", "documents", "topics"])

    def label(self, topic_id: int, lang: str | None = None) -> str:
        """The topic's label: in its majority language (``lang=None``), or in ``'pt'`` / ``'en'``
        (from that language's tickets; the other language's label, marked, when it has too few)."""
        self._check_fitted()
        if lang is None:
            return self.labels_text_.get(int(topic_id), f"topic {topic_id}")
        if lang not in ("pt", "en"):
            raise ConfigError(f"label lang={lang!r}: expected 'pt', 'en' or None")
        labels = self.labels_pt_ if lang == "pt" else self.labels_en_
        return labels.get(int(topic_id), f"topic {topic_id}")

    @property
    def labels_pt_(self) -> dict[int, str]:
        """``{topic: label}`` from each topic's Portuguese tickets (English label + " (en)" when a
        topic has too few). Derived from ``keywords_pt_``/``keywords_en_``, so it follows ``renumber``."""
        from vocmine.clustering.words import language_labels

        self._check_fitted()
        return language_labels("pt", self.keywords_pt_, self.keywords_en_, self.labels_text_)

    @property
    def labels_en_(self) -> dict[int, str]:
        """``{topic: label}`` from each topic's English tickets (see :attr:`labels_pt_`)."""
        from vocmine.clustering.words import language_labels

        self._check_fitted()
        return language_labels("en", self.keywords_pt_, self.keywords_en_, self.labels_text_)

    def topic_info(self) -> pd.DataFrame:
        """One row per topic: ``topic_id, label, label_pt, label_en, size, keywords, keywords_pt,
        keywords_en, representative_docs`` (display texts, redacted), sorted by topic id."""
        self._check_fitted()
        pt, en = self.labels_pt_, self.labels_en_
        rows = [{"topic_id": t, "label": self.labels_text_.get(t, ""), "label_pt": pt.get(t, ""),
                 "label_en": en.get(t, ""), "size": self.topic_sizes_.get(t, 0),
                 "keywords": list(self.keywords_.get(t, [])), "keywords_pt": list(self.keywords_pt_.get(t, [])),
                 "keywords_en": list(self.keywords_en_.get(t, [])),
                 "representative_docs": list(self.representative_docs_.get(t, []))} for t in self.topic_ids_]
        return pd.DataFrame(rows, columns=["topic_id", "label", "label_pt", "label_en", "size", "keywords",
                                           "keywords_pt", "keywords_en", "representative_docs"])

    def hierarchy(self) -> pd.DataFrame:
        """Agglomerative merge tree over topic centroids (average linkage, cosine distance).

        Columns: ``parent`` (new node id, numbered after the topics), ``left``, ``right``,
        ``distance`` (1 - cosine similarity), ``topics`` (list of leaf topic ids under ``parent``).
        """
        self._check_fitted()
        from scipy.cluster.hierarchy import linkage

        k = len(self.topic_ids_)
        if k < 2:
            return pd.DataFrame(columns=["parent", "left", "right", "distance", "topics"])
        z = linkage(self.centroids_.astype(np.float64), method="average", metric="cosine")
        members = {i: [self.topic_ids_[i]] for i in range(k)}
        rows = []
        for i, (a, b, d, _) in enumerate(z):
            node = k + i
            members[node] = members[int(a)] + members[int(b)]
            rows.append({"parent": node, "left": int(a), "right": int(b), "distance": float(d),
                         "topics": sorted(members[node])})
        return pd.DataFrame(rows)

    # ------------------------------------------------------------------ topics added later
    def add_topics(self, centroids: np.ndarray, keywords: dict[int, list[str]], *,
                   sizes: dict[int, int] | None = None, keywords_pt=None, keywords_en=None,
                   representative: dict[int, list[str]] | None = None) -> list[int]:
        """Append new topics (e.g. found among a month's unassigned tickets); returns their ids in order.

        ``keywords*`` are shown with the surface forms learnt at fit and without masks, removed terms
        and configured stop words (:func:`vocmine.clustering.words.clean_terms`); names are filtered
        where the keywords are made (:func:`vocmine.clustering.words.describe_topics`, from that
        month's display texts), since a fitted model keeps no name. Labels follow the fitted topics' rules: the
        majority language's words for ``label``, each language's own for ``labels_pt_``/``labels_en_``."""
        from vocmine.clustering.words import clean_terms

        self._check_fitted()
        opts = {"surface": getattr(self, "surface_", None), "removed": getattr(self, "removed_terms_", None),
                 "stop_words": self.stop_words or ()}
        start = max(self.topic_ids_, default=-1) + 1
        new_ids = []
        for j, key in enumerate(sorted(keywords)):
            t = start + j
            new_ids.append(t)
            self.keywords_[t] = clean_terms(keywords[key], **opts)
            self.keywords_pt_[t] = clean_terms((keywords_pt or {}).get(key, []), **opts)
            self.keywords_en_[t] = clean_terms((keywords_en or {}).get(key, []), **opts)
            own = max((self.keywords_pt_[t], self.keywords_en_[t]), key=len)
            self.labels_text_[t] = make_label(own or self.keywords_[t], topic_id=t)
            self.topic_sizes_[t] = int((sizes or {}).get(key, 0))
            self.representative_docs_[t] = list((representative or {}).get(key, []))
        if new_ids:
            self.centroids_ = l2_normalise(np.vstack([self.centroids_, np.asarray(centroids, dtype=np.float32)]))
            self.topic_ids_ = list(self.topic_ids_) + new_ids
        return new_ids

    def renumber(self, mapping: dict[int, int]) -> TopicModel:
        """Rename topic ids (``old → new``), e.g. to the ids of a saved catalogue. Returns ``self``."""
        self._check_fitted()
        m = {int(k): int(v) for k, v in mapping.items()}
        m[OUTLIER_TOPIC] = OUTLIER_TOPIC
        if len(set(m.values())) != len(m):
            raise ConfigError(f"renumber mapping is not one-to-one: {mapping}")
        self.topic_ids_ = [m.get(t, t) for t in self.topic_ids_]
        for attr in ("keywords_", "keywords_pt_", "keywords_en_", "labels_text_", "topic_sizes_",
                     "representative_docs_"):
            setattr(self, attr, {m.get(k, k): v for k, v in getattr(self, attr).items()})
        if hasattr(self, "labels_"):
            self.labels_ = np.array([m.get(int(t), int(t)) for t in self.labels_], dtype=int)
        if getattr(self, "known_", None):
            self.known_ = {k: m.get(v, v) for k, v in self.known_.items()}
        return self
