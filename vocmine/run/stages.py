"""The run's stages as plain functions, and the engine that runs them.

Stages: ``ingest`` → ``clean`` → ``topics`` (:func:`assign_topics`, inside the month loop of
:func:`vocmine.run.history.build_history`) → ``analysis`` (the period's tables) → ``notebooks`` →
publish. An *engine* is any object with the methods of :class:`Engine`; :class:`LocalEngine` (the
default) calls the functions of this module in this process. Pass another engine to
:func:`vocmine.run.pipeline.run` to run stages elsewhere (a cluster) or, in tests, to swap a stage
for a stand-in (subclass :class:`LocalEngine` and override one method). An engine that is also a
context manager (:class:`vocmine.distributed.DaskEngine`: its cluster) is entered for the length of
the run (:func:`engine_session`).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from vocmine.exceptions import ConfigError, InputError

# ----------------------------------------------------------------------------- stages


def ingest(ticket_paths: list[Path], customer_path: Path | None, *, preset: str = "auto",
           column_map: Any = None, dayfirst: bool | None = None, timezone: str | None = None,
           csat_scale: str | None = None, quarantine: Path | None = None) -> tuple[Any, Any, Any]:
    """(tickets frame, customers frame or None, accounting frame), read with ``validate``'s options.

    ``frame.attrs["timezone"]`` is the zone months are cut in (see :class:`~vocmine.ingest.IngestResult`)
    and ``accounting.attrs["notes"]`` what ingest decided. ``quarantine``: where the tickets'
    quarantine entries (file, row, line, column, masked value, reason) are written when there are
    any; ``accounting.attrs["quarantine_file"]`` is then that path.
    """
    from vocmine.ingest import read_customers, read_tickets, write_quarantine

    res = read_tickets([str(p) for p in ticket_paths], preset=preset, column_map=column_map, dayfirst=dayfirst,
                       timezone=timezone, csat_scale=csat_scale)
    if quarantine is not None and len(res.quarantine):
        res.accounting.attrs["quarantine_file"] = str(write_quarantine(res, quarantine))
    customers = (read_customers(str(customer_path), dayfirst=dayfirst, timezone=timezone).frame
                 if customer_path is not None else None)
    res.frame.attrs["timezone"] = res.timezone
    res.accounting.attrs["notes"] = list(res.notes)
    return res.frame, customers, res.accounting


def clean(tickets: Any, *, pii_key: bytes | None = None, cache_dir: Path | None = None) -> Any:
    """The cleaned frame (:func:`vocmine.text.clean_frame`). ``cache_dir`` (with a ``pii_key``): texts
    cleaned by an earlier run come from ``<cache_dir>/clean.sqlite`` (:class:`vocmine.text.cache.CleanCache`),
    so a monthly run cleans only its new texts."""
    from vocmine.text import clean_frame

    if cache_dir is None or pii_key is None:
        return clean_frame(tickets, pii_key=pii_key)
    from vocmine.text.cache import CleanCache

    with CleanCache(Path(cache_dir) / "clean.sqlite", pii_key) as cache:
        return clean_frame(tickets, pii_key=pii_key, cache=cache)


def assign_topics(history: Any, *, period: str, build: list[str], stored: Any, previous_catalogue: Any,
                  state_dir: Path, refit: bool, seed: int) -> Any:
    """Topics for every history ticket up to ``period`` (:func:`vocmine.clustering.flow.assign_period`)."""
    from vocmine.clustering.flow import assign_period

    return assign_period(history, period=period, build=build, stored=stored, previous_catalogue=previous_catalogue,
                         state_dir=state_dir, refit=refit, seed=seed, cache_dir=Path(state_dir) / "embeddings")


def analysis(store_path: Path, period: str, params: dict[str, Any]) -> dict[str, Any]:
    """The period's tables (name -> frame), computed once from the history store: a
    :class:`~vocmine.analysis.tables.PeriodTables` whose ``analyses`` the notebooks render."""
    from vocmine.analysis.tables import period_analysis
    from vocmine.run.data import load_period

    data = load_period(store_path, period, sample_fallback=False, curation=params.get("curation"))
    return period_analysis(data, **params)


def notebooks(jobs: Sequence[tuple[Path, Path, dict[str, Any]]], *, cwd: Path, timeout: int = 900) -> None:
    """Execute the ``(src, dst, parameters)`` notebook jobs (:func:`vocmine.run.notebooks.execute_all`)."""
    from vocmine.run.notebooks import execute_all

    execute_all(jobs, cwd=cwd, timeout=timeout)


# ----------------------------------------------------------------------------- engines


@runtime_checkable
class Engine(Protocol):
    """What runs the stages. Every method has the signature of the stage function of the same name."""

    name: str

    def ingest(self, ticket_paths: list[Path], customer_path: Path | None, **options: Any) -> tuple[Any, Any, Any]: ...

    def clean(self, tickets: Any, *, pii_key: bytes | None = None, cache_dir: Path | None = None) -> Any: ...

    def assign_topics(self, history: Any, **kwargs: Any) -> Any: ...

    def analysis(self, store_path: Path, period: str, params: dict[str, Any]) -> dict[str, Any]: ...

    def notebooks(self, jobs: Sequence[tuple[Path, Path, dict[str, Any]]], *, cwd: Path, timeout: int = 900) -> None: ...


class LocalEngine:
    """Runs every stage in this process (the stage functions of :mod:`vocmine.run.stages`)."""

    name = "local"

    def ingest(self, ticket_paths: list[Path], customer_path: Path | None, **options: Any) -> tuple[Any, Any, Any]:
        return ingest(ticket_paths, customer_path, **options)

    def clean(self, tickets: Any, *, pii_key: bytes | None = None, cache_dir: Path | None = None) -> Any:
        return clean(tickets, pii_key=pii_key, cache_dir=cache_dir)

    def assign_topics(self, history: Any, **kwargs: Any) -> Any:
        return assign_topics(history, **kwargs)

    def analysis(self, store_path: Path, period: str, params: dict[str, Any]) -> dict[str, Any]:
        return analysis(store_path, period, params)

    def notebooks(self, jobs: Sequence[tuple[Path, Path, dict[str, Any]]], *, cwd: Path, timeout: int = 900) -> None:
        notebooks(jobs, cwd=cwd, timeout=timeout)

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


def get_engine(engine: Engine | None) -> Engine:
    """``engine``, or a :class:`LocalEngine`; :class:`ConfigError` when it lacks a stage method."""
    if engine is None:
        return LocalEngine()
    missing = [m for m in ("ingest", "clean", "assign_topics", "analysis", "notebooks")
               if not callable(getattr(engine, m, None))]
    if missing:
        raise ConfigError(f"engine {engine!r} lacks the stage method(s) {missing}")
    return engine


@contextlib.contextmanager
def engine_session(engine: Engine) -> Iterator[Engine]:
    """``with engine:`` when the engine is a context manager (it starts and closes its resources,
    a cluster), else nothing."""
    if callable(getattr(engine, "__enter__", None)) and callable(getattr(engine, "__exit__", None)):
        with engine:
            yield engine
    else:
        yield engine


# ----------------------------------------------------------------------------- helpers of the stages


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


def period_column(tickets: Any, timezone: str | None = None) -> Any:
    """'YYYY-MM' per ticket: the ``period`` column :func:`run` set (months cut in the run's zone) when
    present and no zone is given, else ``created_at``'s month in ``timezone`` (default UTC)."""
    from vocmine._time import period_of

    if timezone is None and "period" in tickets:
        return tickets["period"]
    return period_of(tickets["created_at"], timezone)


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
