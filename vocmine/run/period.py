"""One period's publication: tables, notebooks, HTML/Markdown export and the manifest written into a
staging folder, then published atomically (:func:`vocmine.run.publish.publish`).

On any failure the previous ``<out>/<period>/`` is untouched, the staging folder is renamed
``<out>/<period>.failed-<timestamp>/`` (executed notebooks with their error, ``error.txt``) and
:class:`~vocmine.exceptions.RunError` is raised (the CLI exits 3).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from vocmine.exceptions import RunError
from vocmine.run.config import NOTEBOOKS
from vocmine.run.progress import Progress, timer
from vocmine.run.publish import publish
from vocmine.run.stages import Engine, get_engine


def notebook_jobs(*, period: str, staging: Path, store_path: Path, languages: Sequence[str], params: dict[str, Any],
                  notebook_dir: Path) -> tuple[list[tuple[Path, Path, dict[str, Any]]], list[tuple[Path, str | None, str]]]:
    """The ``(src, dst, parameters)`` notebook jobs of a period and the ``(notebook, stem, lang)`` exports."""
    jobs, exports = [], []
    for nb_name, (stem, per_language) in NOTEBOOKS.items():
        src = notebook_dir / nb_name
        if not src.exists():
            raise RunError(f"notebook {src} is missing")
        for lang in (languages if per_language else languages[:1]):
            suffix = f".{lang}" if per_language else ""
            dst = staging / "notebooks" / f"{src.stem}{suffix}.ipynb"
            nb_params = {"store_path": str(Path(store_path).resolve()), "period": period, "lang": lang, **params}
            jobs.append((src, dst, nb_params))
            exports.append((dst, stem if per_language else None, lang))
    return jobs, exports


def publish_period(
    *,
    period: str,
    out_dir: Path,
    store_path: Path,
    languages: Sequence[str],
    params: dict[str, Any],
    notebook_dir: Path,
    jira_language: str = "pt",
    manifest: dict[str, Any],
    timings: dict[str, float],
    timeout: int,
    engine: Engine | None = None,
    progress: Progress | None = None,
) -> tuple[Path, list[Path]]:
    """Execute the notebooks for ``period`` into a staging folder, export, write tables and publish.

    Stages ``analysis`` (the analyses, computed once: tables written, analyses saved for the notebooks
    in ``.analysis/``), ``notebooks`` (render them) and ``publish`` (export, manifest, rename)."""
    import nbformat

    from vocmine.briefs.export import export_notebook
    from vocmine.briefs.writers import iter_text_files, write_csv, write_json, write_notebook

    engine = get_engine(engine)
    progress = progress or Progress()
    staging = out_dir / f".staging-{period}-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    (staging / "notebooks").mkdir(parents=True)
    final = out_dir / period
    try:
        with progress.stage(f"analysis {period}") as said, timer(timings, "tables"):
            tables = engine.analysis(store_path, period, params)
            for name, frame in tables.items():
                write_csv(frame, staging / "tables" / f"{name}.csv")
            said.count(len(tables), "table")
            from vocmine.analysis.saved import ANALYSIS_DIR, save_analyses
            from vocmine.briefs.jira import write_jira
            from vocmine.run.data import load_period

            data = getattr(tables, "data", None)
            if data is None:  # an engine that returns bare tables: read the period again
                data = load_period(store_path, period, sample_fallback=False, curation=params.get("curation"))
            write_jira(tables, data, staging / "tables", lang=jira_language)
            # the notebooks render the analyses the tables were cut from (computed once, agree by construction)
            # and the exploration reads the period as read here (tickets with their quotes), not the store again
            analyses = getattr(tables, "analyses", None)
            analysis_dir = (str(save_analyses({**analyses, "period_data": data}, staging / ANALYSIS_DIR,
                                              period=period, params=params)) if analyses else "")
            del data
            if hasattr(tables, "data"):
                tables.data = None  # the period's tickets leave memory before the notebooks run
        # further writers of the period's tables go here
        jobs, exports = notebook_jobs(period=period, staging=staging, store_path=store_path, languages=languages,
                                      params={**params, "analysis_dir": analysis_dir}, notebook_dir=notebook_dir)
        with progress.stage(f"notebooks {period}") as said, timer(timings, "notebooks"):
            engine.notebooks(jobs, cwd=staging, timeout=timeout)
            said.count(len(jobs), "notebook")
        with progress.stage(f"publish {period}") as said:
            for dst, stem, lang in exports:
                nb = nbformat.read(str(dst), as_version=4)
                write_notebook(nb, dst)  # scrubbed + PII guard
                if stem is not None:
                    with timer(timings, "export"):
                        export_notebook(dst, html_path=staging / f"{stem}.{lang}.html",
                                        md_path=staging / f"{stem}.{lang}.md", lang=lang,
                                        footer=f"vocmine {manifest['versions'].get('vocmine', '')} · {period}")
            shutil.rmtree(staging / ANALYSIS_DIR, ignore_errors=True)  # never published
            manifest["timings"] = dict(timings)
            manifest["published_at"] = _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")
            write_json(manifest, staging / "manifest.json")
            files = [p.relative_to(staging) for p in iter_text_files(staging)]
            publish(staging, final)
            said.count(len(files), "file")
        return final, [final / f for f in files]
    except BaseException as exc:
        stamp = _dt.datetime.now(_dt.UTC).strftime("%Y%m%dT%H%M%S")
        failed = out_dir / f"{period}.failed-{stamp}"
        if staging.exists():
            with contextlib.suppress(OSError):
                os.replace(staging, failed)
                (failed / "error.txt").write_text(f"{type(exc).__name__}: {exc}\n", encoding="utf-8")
        if isinstance(exc, KeyboardInterrupt):
            raise
        if isinstance(exc, RunError):  # a notebook's error: say where its executed notebook was kept
            kept = f"; details in {failed}" if failed.exists() else ""
            raise RunError(f"{exc}\nprevious {final} left untouched{kept}") from exc
        from vocmine.ingest.writable import is_disk_full

        why = "the disk is full: " if is_disk_full(exc) else ""
        raise RunError(f"run for {period} failed ({why}{type(exc).__name__}: {exc}); previous {final} left untouched; "
                       f"details in {failed}") from exc
