"""Curation: topic names, merges and hidden topics chosen by people, kept across months.

A curation file is YAML keyed by the stable topic ids of the history store (``topic_id`` in
``product_topics.csv``, the catalogue and the store; ids survive refits, DESIGN.md §3)::

    # vocmine curation file
    names:                      # topic id -> name (every language) or {pt: ..., en: ...}
      12: Scheduled PIX failing
      4: {pt: Atraso na entrega, en: Late delivery}
    merges:                     # kept topic id -> topic ids reported as part of it
      4: [17, 21]
    hide: [9]                   # reported with the unassigned tickets (topic -1), still counted in totals

Every key is optional. The file is applied when a period is read (:func:`apply_curation`, called by
:func:`vocmine.runner.load_period`), so the store keeps the model's topics and one file serves every
month, past and future: the catalogue, every table, both briefs and the Jira export see the curated
topics. A merged topic takes the kept topic's id and name; its count test (new, growing, …) is
recomputed on the merged counts. An id the store never held, a topic merged twice or into a hidden
or merged topic, or a file that is not such a mapping raises :class:`~vocmine.exceptions.ConfigError`
naming the file and the key.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd

from vocmine.exceptions import ConfigError
from vocmine.schema import OUTLIER_TOPIC, TOPIC_ID, TOPIC_LABEL

__all__ = ["Curation", "apply_curation", "check_known", "load_curation", "store_topic_ids"]

_LANGS = ("pt", "en")
_KEYS = ("names", "merges", "hide")


@dataclass(frozen=True)
class Curation:
    """A parsed curation file. ``names``: topic id -> {"": name for every language, "pt"/"en": per language};
    ``merges``: kept id -> merged ids; ``hide``: hidden ids; ``path`` and ``sha256`` of the file."""

    names: dict[int, dict[str, str]] = field(default_factory=dict)
    merges: dict[int, tuple[int, ...]] = field(default_factory=dict)
    hide: tuple[int, ...] = ()
    path: str = ""
    sha256: str = ""

    @property
    def empty(self) -> bool:
        return not (self.names or self.merges or self.hide)

    def mapping(self) -> dict[int, int]:
        """Model topic id -> reported topic id, for every id the file moves (merged and hidden)."""
        out = {src: dst for dst, srcs in self.merges.items() for src in srcs}
        for h in self.hide:
            out[h] = OUTLIER_TOPIC
            out.update({src: OUTLIER_TOPIC for src in self.merges.get(h, ())})
        return out

    def topic_ids(self) -> list[tuple[str, int]]:
        """(key, id) for every id the file names, for :func:`check_known`."""
        ids = [(f"names.{i}", i) for i in self.names]
        ids += [(f"merges.{dst}", dst) for dst in self.merges]
        ids += [(f"merges.{dst}", s) for dst, srcs in self.merges.items() for s in srcs]
        ids += [("hide", h) for h in self.hide]
        return ids


def _topic_id(value: Any, where: str, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ConfigError(f"curation file {path}: {where}: {value!r} is not a topic id (an integer)")
    try:
        tid = int(str(value).strip())
    except ValueError:
        raise ConfigError(f"curation file {path}: {where}: {value!r} is not a topic id (an integer)") from None
    if tid == OUTLIER_TOPIC:
        raise ConfigError(f"curation file {path}: {where}: topic {OUTLIER_TOPIC} (unassigned) cannot be curated")
    return tid


def _name(value: Any, where: str, path: str) -> dict[str, str]:
    if isinstance(value, str) and value.strip():
        return {"": " ".join(value.split())}
    if isinstance(value, dict) and value:
        out = {}
        for lang, text in value.items():
            if lang not in _LANGS:
                raise ConfigError(f"curation file {path}: {where}.{lang}: unknown language (use {', '.join(_LANGS)})")
            if not isinstance(text, str) or not text.strip():
                raise ConfigError(f"curation file {path}: {where}.{lang}: the name must be non-empty text")
            out[lang] = " ".join(text.split())
        return out
    raise ConfigError(f"curation file {path}: {where}: a name is text or a mapping {{pt: ..., en: ...}}, "
                      f"got {value!r}")


def load_curation(path: str | Path | None) -> Curation:
    """Read and check a curation file (structure only; :func:`check_known` checks the ids against a store).

    ``None`` or ``""`` gives an empty curation. Raises :class:`ConfigError` naming the file and the key."""
    import yaml

    if path is None or str(path) == "":
        return Curation()
    p = Path(path)
    if not p.is_file():
        raise ConfigError(f"curation file {p} does not exist")
    raw = p.read_bytes()
    try:
        doc = yaml.safe_load(raw.decode("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"curation file {p} is not valid UTF-8 YAML: {exc}") from exc
    if doc is None:
        doc = {}
    if not isinstance(doc, dict):
        raise ConfigError(f"curation file {p}: the top level must be a mapping with keys {', '.join(_KEYS)}")
    unknown = [k for k in doc if k not in _KEYS]
    if unknown:
        raise ConfigError(f"curation file {p}: unknown key {unknown[0]!r} (known: {', '.join(_KEYS)})")
    s = str(p)
    names_doc, merges_doc, hide_doc = doc.get("names") or {}, doc.get("merges") or {}, doc.get("hide") or []
    if not isinstance(names_doc, dict):
        raise ConfigError(f"curation file {p}: names: must map topic ids to names")
    if not isinstance(merges_doc, dict):
        raise ConfigError(f"curation file {p}: merges: must map a kept topic id to a list of topic ids")
    if not isinstance(hide_doc, list):
        raise ConfigError(f"curation file {p}: hide: must be a list of topic ids")
    names = {_topic_id(k, f"names.{k}", s): _name(v, f"names.{k}", s) for k, v in names_doc.items()}
    merges: dict[int, tuple[int, ...]] = {}
    seen: dict[int, int] = {}
    for k, v in merges_doc.items():
        dst = _topic_id(k, f"merges.{k}", s)
        srcs = v if isinstance(v, list) else [v]
        ids = tuple(_topic_id(x, f"merges.{k}", s) for x in srcs)
        for src in ids:
            if src == dst:
                raise ConfigError(f"curation file {p}: merges.{k}: topic {src} is merged into itself")
            if src in seen:
                raise ConfigError(f"curation file {p}: merges.{k}: topic {src} is already merged into {seen[src]}")
            seen[src] = dst
        merges[dst] = ids
    for dst in merges:
        if dst in seen:
            raise ConfigError(f"curation file {p}: merges.{dst}: topic {dst} is itself merged into {seen[dst]}")
    hide = tuple(_topic_id(x, "hide", s) for x in hide_doc)
    for h in hide:
        if h in seen:
            raise ConfigError(f"curation file {p}: hide: topic {h} is merged into {seen[h]}; hide {seen[h]} instead")
    for tid in names:
        if tid in seen:
            raise ConfigError(f"curation file {p}: names.{tid}: topic {tid} is merged into {seen[tid]}; "
                              f"name {seen[tid]} instead")
    return Curation(names=names, merges=merges, hide=hide, path=s, sha256=hashlib.sha256(raw).hexdigest())


def check_known(curation: Curation, known: set[int] | list[int], *, store: str = "the history store") -> None:
    """Raise :class:`ConfigError` naming the file and the key of the first topic id not in ``known``
    (every topic id the store ever held: a name for last month's topic stays valid)."""
    known = {int(i) for i in known}
    for key, tid in curation.topic_ids():
        if tid not in known:
            raise ConfigError(f"curation file {curation.path}: {key}: unknown topic id {tid} (not in {store}; "
                              f"ids are the topic_id column of product_topics.csv)")


def _label(curation: Curation, tid: int, lang: str | None, fallback: Any) -> Any:
    entry = curation.names.get(int(tid))
    if not entry:
        return fallback
    if lang and lang in entry:
        return entry[lang]
    return entry.get("", entry.get("en", entry.get("pt", fallback))) if lang is None else entry.get("", fallback)


def apply_curation(data: Any, curation: Curation | None) -> Any:
    """``data`` (:class:`vocmine.runner.PeriodData`) with ``curation`` applied: tickets' ``topic_id`` and
    ``topic_label``, the catalogue (merged rows summed into the kept one, hidden rows dropped, names
    replaced in ``label``, ``label_pt``, ``label_en``) and the period's count test (recomputed on the
    curated counts when anything was merged or hidden). An empty curation returns ``data`` unchanged."""
    if curation is None or curation.empty:
        return data
    moved = curation.mapping()
    tickets = data.tickets.copy()
    if moved:
        tickets[TOPIC_ID] = tickets[TOPIC_ID].map(lambda t: moved.get(int(t), int(t)) if pd.notna(t) else t)
    cat = data.catalogue.copy() if data.catalogue is not None else None
    if cat is not None and not cat.empty:
        if moved:
            cat["_own"] = [int(t) not in moved for t in cat[TOPIC_ID]]
            cat[TOPIC_ID] = cat[TOPIC_ID].map(lambda t: moved.get(int(t), int(t)))
            cat = cat[cat[TOPIC_ID] != OUTLIER_TOPIC].copy()
            if "size" in cat.columns:
                cat["size"] = cat.groupby(TOPIC_ID)["size"].transform("sum")
            # one row per reported id: the kept topic's own row when the period has it
            cat = (cat.sort_values([TOPIC_ID, "_own"], ascending=[True, False], kind="mergesort")
                   .drop_duplicates(TOPIC_ID, keep="first").drop(columns="_own"))
        if any(set(e) - {""} for e in curation.names.values()):  # per-language names need per-language columns
            for x in _LANGS:
                if f"label_{x}" not in cat.columns:
                    cat[f"label_{x}"] = cat["label"]
        for col, lang in (("label", None), *((f"label_{x}", x) for x in _LANGS)):
            if col in cat.columns:
                cat[col] = [_label(curation, t, lang, v) for t, v in zip(cat[TOPIC_ID], cat[col], strict=True)]
        cat = cat.reset_index(drop=True)
    if TOPIC_LABEL in tickets.columns:
        labels = {int(t): lab for t, lab in zip(cat[TOPIC_ID], cat["label"], strict=True)} if cat is not None \
            and not cat.empty else {}
        labels.update({t: _label(curation, t, None, None) for t in curation.names})
        tickets[TOPIC_LABEL] = [labels.get(int(t), lab) if pd.notna(t) else lab
                                for t, lab in zip(tickets[TOPIC_ID], tickets[TOPIC_LABEL], strict=True)]
        out_label = data.tickets.loc[data.tickets[TOPIC_ID] == OUTLIER_TOPIC, TOPIC_LABEL].dropna()
        tickets.loc[tickets[TOPIC_ID] == OUTLIER_TOPIC, TOPIC_LABEL] = (out_label.mode().iloc[0] if len(out_label)
                                                                       else None)
    changes = data.changes
    if moved and changes is not None and not changes.empty:
        changes = _recount(tickets, data.period, changes)
    return replace(data, tickets=tickets, catalogue=cat, changes=changes)


def _recount(tickets: pd.DataFrame, period: str, stored: pd.DataFrame) -> pd.DataFrame:
    """The count test (:func:`vocmine.stats.volume_changes`) of ``period`` on the curated tickets (its
    columns and ``period``; ``stored`` is the model topics' table it replaces)."""
    from vocmine.stats import volume_changes

    known = tickets[tickets["period"] <= period]
    counts = pd.crosstab(known[TOPIC_ID].astype(int), known["period"].astype(str))
    counts = counts.drop(index=OUTLIER_TOPIC, errors="ignore")
    totals = known["period"].astype(str).value_counts()
    fresh = volume_changes(counts, totals, period)
    fresh["period"] = period
    return fresh.reset_index(drop=True)


def store_topic_ids(hstore: Any) -> set[int]:
    """Every topic id a history store ever held (tickets and catalogues of all periods)."""
    if not hstore.exists():
        return set()
    ids: set[int] = set()
    for table in ("tickets", "topic_catalogue"):
        df = hstore._read(f"SELECT DISTINCT {TOPIC_ID} FROM {table}")
        ids |= {int(x) for x in df[TOPIC_ID].dropna()} if TOPIC_ID in df.columns else set()
    return ids
