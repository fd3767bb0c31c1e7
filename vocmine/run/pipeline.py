"""Monthly run: ingest → clean → topics → history store → analysis → Papermill notebooks → publish."""

from __future__ import annotations

import contextlib
import datetime as _dt
import logging
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vocmine.exceptions import ConfigError, InputError, RunError
from vocmine.run.config import NOTEBOOK_DIR, as_paths, check_period, merge_params
from vocmine.run.history import build_history
from vocmine.run.manifest import build_manifest, portable_path
from vocmine.run.period import publish_period
from vocmine.run.progress import Progress, timer
from vocmine.run.publish import clean_stale, locked_run
from vocmine.run.stages import Engine, engine_session, get_engine, last_whole_month, period_column, pii_key_for

log = logging.getLogger("vocmine.run")


def partial_month_note(created_at: Any, months: Any, period: str, zone: str) -> str | None:
    """What the run tells when it reports ``period`` while the export holds a later month, which
    :func:`last_whole_month` found not whole: that month, where its data ends, and how to report it.
    ``months``: each ticket's month in the run's zone (the frame's ``period`` column)."""
    import pandas as pd

    later = pd.Series(months).dropna()
    later = later[later > period]
    if later.empty:
        return None
    last = pd.to_datetime(pd.Series(created_at), utc=True).max().tz_convert(zone)
    return (f"period {period}: the export's latest month, {later.max()}, ends on {last:%Y-%m-%d} "
            f"and is not whole; this run leaves its {len(later):,} ticket(s) out of the store "
            f"(pass --period {later.max()} to report it now)")


def history_gap_note(stored: Any, wanted: Any, period: str) -> str | None:
    """What the run tells when months between the first one it knows (stored or in this export) and
    ``period`` hold no ticket at all: a month missing from the history (an export that ended mid-month,
    whose month was left out, and a next export that starts with the month after) reads as no
    tickets, not as a quiet month."""
    import pandas as pd

    have = {p for p in set(stored) | set(wanted) if p <= period}
    if len(have) < 2:
        return None
    span = pd.period_range(min(have), period, freq="M").strftime("%Y-%m").tolist()
    missing = [p for p in span if p not in have]
    if not missing:
        return None
    return (f"period {period}: no ticket for {', '.join(missing)} in the store or in this export; "
            f"the history misses {'that month' if len(missing) == 1 else 'those months'} (daily spikes "
            f"skip the gap; a trend against a missing month before says so); give a run the "
            f"export that holds {'it' if len(missing) == 1 else 'them'} too and it is built")


def _run_stamp() -> str:
    """The run's start in UTC, for the name of its quarantine file (runs never share one)."""
    return f"{_dt.datetime.now(_dt.UTC):%Y%m%dT%H%M%S}-{os.getpid()}"


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


@locked_run
def run(
    *,
    tickets: Any,
    customers: Any = None,
    period: str | None = None,
    out_dir: str | os.PathLike = "reports",
    store: str | os.PathLike | None = None,
    languages: Sequence[str] = ("pt", "en"),
    jira_language: str = "pt",
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
    engine: Engine | None = None,
    progress: bool = False,
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

    ``jira_language``: language of ``tables/jira_issues.csv`` (a table: it does not follow ``languages``,
    so rendering fewer briefs never changes the month's tables).

    ``engine`` runs the stages (default :class:`~vocmine.run.stages.LocalEngine`;
    :class:`vocmine.distributed.DaskEngine` cleans and embeds on a dask cluster). An engine that is a
    context manager is entered once the inputs are checked and left when the run ends, also on error
    (a dask cluster starts and closes with the run). Its ``name`` (and ``scheduler``, if any) is
    recorded in the manifest's parameters. Each finished
    stage is logged on ``logging.getLogger("vocmine.run")`` (counts and seconds); ``progress=True``
    also draws a tqdm bar on stderr.
    """
    from vocmine.briefs.i18n import check_language
    from vocmine.store import HistoryStore

    t_start = time.perf_counter()
    timings: dict[str, float] = {}
    engine = get_engine(engine)
    out = Path(out_dir).resolve()  # created and locked by @locked_run, after the inputs were checked
    clean_stale(out)  # restores an interrupted publish before removing anything
    languages = tuple(check_language(lang) for lang in languages)
    if not languages:
        raise ConfigError("at least one brief language is needed")
    jira_language = check_language(jira_language)
    merged_params = merge_params(params)
    from vocmine.analysis.curation import check_known, load_curation, store_topic_ids

    curation = load_curation(merged_params["curation"])  # a bad file fails before any work
    if curation.path:
        merged_params["curation"] = str(Path(curation.path).resolve())  # notebooks run in the staging folder
    ticket_paths = as_paths(tickets)
    customer_paths = as_paths(customers)
    if not ticket_paths:
        raise ConfigError("no ticket export given")
    for p in ticket_paths + customer_paths:
        if not p.exists():
            raise InputError(f"input file {p} does not exist")
    hstore = HistoryStore(Path(store).resolve() if store is not None else out / "history.duckdb")
    state_dir = out / "state"
    bar = Progress(bar=progress, total=3)  # ingest, clean, topics; then three per published month
    session = contextlib.ExitStack()
    try:
        session.enter_context(engine_session(engine))  # a cluster starts here and closes in `finally`
        with bar.stage("ingest") as said, timer(timings, "ingest"):
            frame, cust, accounting = engine.ingest(ticket_paths, customer_paths[0] if customer_paths else None,
                                                    preset=preset, column_map=column_map, dayfirst=dayfirst,
                                                    timezone=timezone, csat_scale=csat_scale,
                                                    quarantine=out / "quarantine" / f"{_run_stamp()}.csv")
            said.count(len(frame), "ticket")
            if accounting is not None and "rows_quarantined" in accounting:
                said.add(f"{int(accounting['rows_quarantined'].sum()):,} quarantined")
        zone = frame.attrs.get("timezone") or "UTC"
        key = pii_key_for(state_dir)
        with bar.stage("clean") as said, timer(timings, "clean"):
            frame = engine.clean(frame, pii_key=key, cache_dir=state_dir)  # only texts no earlier run cleaned
            said.count(len(frame), "ticket")
        if cust is not None:
            from vocmine.text.pii.fields import protect_customers

            cust = protect_customers(cust, key=key)  # the same pseudonyms as the tickets' customer ids
        frame["period"] = period_column(frame, zone).to_numpy()  # months cut in the run's zone, used downstream
        all_periods = sorted(frame["period"].dropna().unique())
        period_note = None
        if period is None:
            period = last_whole_month(frame["created_at"], zone)
            period_note = partial_month_note(frame["created_at"], frame["period"], period, zone)
            if period_note:
                log.info(period_note)
        check_period(period)
        wanted = [p for p in all_periods if p <= period]
        if period not in wanted:
            raise InputError(f"no ticket in period {period} ({zone}); months with tickets: "
                             f"{', '.join(all_periods[-12:]) or 'none'}")
        stored = set(hstore.periods())
        gap_note = history_gap_note(stored, wanted, period)
        if gap_note:
            log.info(gap_note)
        to_build = wanted if backfill else [p for p in wanted if p not in stored or p == period]
        to_publish = wanted if backfill else [period]
        bar.expect(3 * len(to_publish))

        manifest = build_manifest(
            period=period, ticket_paths=ticket_paths, customer_paths=customer_paths, accounting=accounting,
            params=merged_params, languages=languages, jira_language=jira_language, mode=mode, backfill=backfill,
            preset=preset, zone=zone, dayfirst=dayfirst, csat_scale=csat_scale, column_map=column_map, seed=seed,
            store_path=hstore.path, periods_built=to_build,
            pii_withheld=int(frame["pii_withheld"].sum()) if "pii_withheld" in frame.columns else 0)
        if period_note:
            manifest["period_note"] = period_note
        if gap_note:
            manifest["history_gap_note"] = gap_note
        q_file = getattr(accounting, "attrs", {}).get("quarantine_file")
        if q_file:  # why rows or values were left out: file, row, line, column, masked value, reason
            manifest["quarantine_file"] = portable_path(q_file)
        notes = getattr(accounting, "attrs", {}).get("notes")
        if notes:  # how ingest read the export: preset, columns read by unit or scale, csat scale, zone
            manifest["ingest_notes"] = list(notes)
        manifest["curation"] = ({"path": portable_path(curation.path), "sha256": curation.sha256}
                                if curation.path else None)
        if curation.path:
            manifest["parameters"]["curation"] = portable_path(curation.path)
        manifest["parameters"]["engine"] = str(getattr(engine, "name", type(engine).__name__))
        if getattr(engine, "scheduler", None):
            manifest["parameters"]["scheduler"] = str(engine.scheduler)
        run_meta = {"run_id": f"{period}-{os.getpid()}-{int(time.time())}", "seed": seed,
                    "started_at": _dt.datetime.now(_dt.UTC), "params": manifest["parameters"]}
        try:
            manifest["topics"] = build_history(tickets=frame, customers=cust, periods=to_build, store=hstore,
                                               state_dir=state_dir, mode=mode, seed=seed, accounting=accounting,
                                               run_meta=run_meta, timings=timings, engine=engine, progress=bar)
        except RunError:
            raise
        except Exception as exc:
            raise RunError(f"run for {period} failed while building the history: {type(exc).__name__}: {exc}") from exc
        check_known(curation, store_topic_ids(hstore), store=portable_path(hstore.path))
        del frame  # raw text leaves memory before notebooks run

        published: Path = out / period
        files: list[Path] = []
        for p in to_publish:
            manifest_p = {**manifest, "period": p}
            published, fs = publish_period(period=p, out_dir=out, store_path=hstore.path, languages=languages,
                                           jira_language=jira_language, params=merged_params,
                                           notebook_dir=Path(notebook_dir or NOTEBOOK_DIR),
                                           manifest=manifest_p, timings=timings, timeout=timeout, engine=engine,
                                           progress=bar)
            files.extend(fs)
    finally:
        bar.close()
        session.close()
    manifest["timings"] = {**timings, "total": round(time.perf_counter() - t_start, 3)}
    return RunResult(period=period, out_dir=out, published=published, store=hstore.path, manifest=manifest,
                     periods=to_publish, files=files)
