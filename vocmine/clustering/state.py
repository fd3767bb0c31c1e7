"""Topic state on disk: the fitted model and the catalogue that keep topic ids stable, written as one unit.

Layout of ``state_dir``::

    CURRENT                  name of the version the next run starts from (one line; absent = no state)
    versions/<name>/         one immutable version: model/ (TopicModel.save), catalogue.parquet, state.json
    embeddings/              the embedding cache (not part of a version)

A version is written into ``versions/.tmp-<pid>-<name>/``, renamed into place, and only then is
``CURRENT`` replaced (``os.replace``): a fault at any moment leaves ``CURRENT`` naming the previous,
complete version. ``state.json`` records the period the version stands at, how it was made
(``fit``, ``refit`` or ``transform``), its parent version and the sha256 of every file, so
:func:`load_state` refuses pieces that do not belong together. The catalogue is Parquet (centroids as
float32 lists): no float arrays in JSON.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from vocmine.clustering.catalogue import CATALOGUE_COLUMNS, empty_catalogue
from vocmine.exceptions import VocmineError

__all__ = ["StateError", "TopicState", "load_state", "save_state", "version_before", "current_version",
           "read_catalogue_file", "write_catalogue_file"]

_FORMAT = 2
_LIST_COLUMNS = ("keywords", "keywords_pt", "keywords_en")
_TEXT_COLUMNS = tuple(c for c in CATALOGUE_COLUMNS if c == "label" or c.startswith("label_"))


class StateError(VocmineError):
    """The saved topic state is missing a piece, or its pieces do not belong together."""


@dataclass
class TopicState:
    """A loaded version: ``model`` (TopicModel), ``catalogue`` (TopicFrame), ``meta`` (state.json)."""

    model: Any
    catalogue: pd.DataFrame
    meta: dict = field(default_factory=dict)

    @property
    def period(self) -> str:
        return str(self.meta["period"])


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and p.name != "state.json")


def write_catalogue_file(frame: pd.DataFrame, path: Path) -> None:
    """The catalogue as Parquet: keyword lists as lists of str, centroids as float32 lists."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    f = frame.reindex(columns=CATALOGUE_COLUMNS).copy()
    data = {
        "topic_id": pa.array(f["topic_id"].astype("int64")),
        "size": pa.array(f["size"].fillna(0).astype("int64")),
        "centroid": pa.array([np.asarray(c, dtype=np.float32).tolist() if c is not None else []
                              for c in f["centroid"]], type=pa.list_(pa.float32())),
        "first_seen": pa.array([x if isinstance(x, str) else None for x in f["first_seen"]], type=pa.string()),
        "last_seen": pa.array([x if isinstance(x, str) else None for x in f["last_seen"]], type=pa.string()),
    }
    for col in _TEXT_COLUMNS:
        data[col] = pa.array(f[col].astype(object).where(f[col].notna(), "").astype(str).tolist(), type=pa.string())
    for col in _LIST_COLUMNS:
        data[col] = pa.array([[str(w) for w in (v if isinstance(v, (list, tuple, np.ndarray)) else [])]
                              for v in f[col]], type=pa.list_(pa.string()))
    extra = [c for c in frame.columns if c not in CATALOGUE_COLUMNS]
    for col in extra:  # further columns (e.g. per-language labels) are kept as strings
        data[col] = pa.array(frame[col].astype(object).where(frame[col].notna(), None).map(
            lambda v: v if v is None or isinstance(v, str) else json.dumps(v, ensure_ascii=False)).tolist(),
            type=pa.string())
    pq.write_table(pa.table(data), path)


def read_catalogue_file(path: Path) -> pd.DataFrame:
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except Exception as exc:  # pyarrow raises several types for a torn or foreign file
        raise StateError(f"{path}: not a readable catalogue ({type(exc).__name__}: {exc})") from exc
    frame = table.to_pandas()
    if frame.empty:
        return empty_catalogue()
    for col in (*_LIST_COLUMNS, "centroid"):
        frame[col] = frame[col].map(lambda v: list(v) if v is not None else [])
    frame["centroid"] = frame["centroid"].map(lambda v: [float(x) for x in v])
    for col in _TEXT_COLUMNS:
        if col not in frame.columns:
            frame[col] = frame["label"]
    first = [c for c in CATALOGUE_COLUMNS]
    return frame[first + [c for c in frame.columns if c not in first]].astype({"topic_id": int, "size": int})


def current_version(state_dir: str | os.PathLike) -> str | None:
    """Name of the version ``CURRENT`` points at (None: no state)."""
    path = Path(state_dir) / "CURRENT"
    if not path.exists():
        return None
    name = path.read_text(encoding="utf-8").strip()
    return name or None


def _version_meta(state_dir: Path, name: str) -> dict:
    path = state_dir / "versions" / name / "state.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise StateError(f"topic state version {name!r} in {state_dir} has no readable state.json ({exc}); "
                         f"delete {state_dir} and re-run with --refit to rebuild it from the history store") from exc


def _point(state_dir: Path, name: str | None) -> None:
    cur = state_dir / "CURRENT"
    if name is None:
        cur.unlink(missing_ok=True)
        return
    tmp = state_dir / f".CURRENT.tmp-{os.getpid()}"
    tmp.write_text(name + "\n", encoding="utf-8")
    os.replace(tmp, cur)


def save_state(state_dir: str | os.PathLike, *, period: str, model: Any, catalogue: pd.DataFrame,
               mode: str, parent: str | None, info: dict | None = None) -> str:
    """Write a new version standing at ``period`` (made from version ``parent``) and point ``CURRENT``
    at it. Returns its name. ``info`` is recorded in ``state.json`` (e.g. the refit reason).
    """
    state_dir = Path(state_dir)
    versions = state_dir / "versions"
    versions.mkdir(parents=True, exist_ok=True)
    n = 1 + max([int(p.name.rsplit("-", 1)[-1]) for p in versions.iterdir()
                 if p.is_dir() and not p.name.startswith(".") and p.name.rsplit("-", 1)[-1].isdigit()], default=0)
    name = f"{period}-{n:04d}"
    tmp = versions / f".tmp-{os.getpid()}-{name}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        model.save(tmp / "model")
        write_catalogue_file(catalogue, tmp / "catalogue.parquet")
        meta = {"format": _FORMAT, "period": period, "mode": mode, "parent": parent,
                "embedder": model.embedder_.fingerprint, "n_topics": len(model.topic_ids_), **(info or {})}
        meta["files"] = {str(p.relative_to(tmp)): _sha256(p) for p in _files(tmp)}
        (tmp / "state.json").write_text(json.dumps(meta, indent=2, sort_keys=True, default=str), encoding="utf-8")
        os.replace(tmp, versions / name)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _point(state_dir, name)
    return name


def load_state(state_dir: str | os.PathLike, *, before: str | None = None,
               cache_dir: str | os.PathLike | None = None) -> TopicState | None:
    """The version ``CURRENT`` points at (with ``before``: the newest version standing before that
    period, see :func:`version_before`), checked file by file; None when there is no such state.
    ``meta["version"]`` names the version loaded.

    Raises :class:`StateError` when a piece is missing or does not match the sha256 recorded with it.
    """
    from vocmine.clustering.model import TopicModel

    state_dir = Path(state_dir)
    name = current_version(state_dir)
    if name is None:
        if (state_dir / "state.json").exists() or (state_dir / "model").exists():
            raise StateError(f"{state_dir} holds a topic state written by an older vocmine (state.json and model/ "
                             f"at the top level); move it away and re-run with --refit: ids are re-matched to the "
                             f"history store")
        return None
    if before is not None:
        name = version_before(state_dir, before)
        if name is None:
            return None
    root = state_dir / "versions" / name
    meta = _version_meta(state_dir, name)
    if meta.get("format") != _FORMAT:
        raise StateError(f"{root}: state format {meta.get('format')!r}, expected {_FORMAT}; re-run with --refit")
    for rel, digest in meta.get("files", {}).items():
        p = root / rel
        if not p.exists():
            raise StateError(f"{root}: {rel} is missing; the state is incomplete. Re-run with --refit")
        if _sha256(p) != digest:
            raise StateError(f"{root}: {rel} does not belong to this version (sha256 differs from state.json); "
                             f"re-run with --refit")
    model = TopicModel.load(root / "model", cache_dir=cache_dir)
    catalogue = read_catalogue_file(root / "catalogue.parquet")
    if model.embedder_.fingerprint != meta.get("embedder"):
        raise StateError(f"{root}: the model's embedder {model.embedder_.fingerprint!r} is not the one recorded "
                         f"({meta.get('embedder')!r}); re-run with --refit")
    return TopicState(model=model, catalogue=catalogue, meta={**meta, "version": name})


def version_before(state_dir: str | os.PathLike, period: str) -> str | None:
    """The newest version standing before ``period``, walking back from ``CURRENT`` through parents:
    re-running a month starts from the state that month first started from. None: no such version
    (the month is fitted again). Nothing on disk changes."""
    state_dir = Path(state_dir)
    name = current_version(state_dir)
    while name is not None:
        if not (state_dir / "versions" / name).is_dir():
            raise StateError(f"topic state version {name!r} is missing from {state_dir / 'versions'}; "
                             f"re-run with --refit")
        meta = _version_meta(state_dir, name)
        if str(meta.get("period")) < period:
            return name
        name = meta.get("parent")
    return None
