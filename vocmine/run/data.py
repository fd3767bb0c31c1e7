"""The notebooks' data API: :func:`load_period` reads one period from the history store
(``<out>/history.duckdb``); when it is absent, notebooks read a cached store built from the bundled
sample (:func:`sample_store`), so nbval works on a clean clone."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vocmine.exceptions import InputError
from vocmine.run.config import CACHE_DIR, REPO_DIR, SAMPLE_DIR


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


def load_period(store_path: str | os.PathLike | None = None, period: str | None = None, *,
                sample_fallback: bool = True, curation: Any = None) -> PeriodData:
    """Read one period from the history store for a notebook.

    ``curation``: a curation file (path; "" or None: none) applied to what is read
    (:func:`vocmine.analysis.curation.apply_curation`); its topic ids are checked against the store.

    ``store_path`` empty/None means ``reports/history.duckdb`` of this checkout when it exists,
    else (``sample_fallback``) a store built once from ``data/sample`` under ``.vocmine-cache/``.
    ``period`` None means the latest stored period. Tickets get ``text_quote``, the text briefs quote
    (:func:`vocmine.analysis.quotes.readable_quotes`).
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
    from vocmine.analysis.quotes import readable_quotes

    data.tickets = readable_quotes(data.tickets, period)  # text_quote: no channel header or help-desk template
    return data


def sample_store(cache_dir: str | os.PathLike | None = None, *, seed: int = 7, engine: Any = None) -> Any:
    """History store built from ``data/sample`` (once; cached under ``.vocmine-cache/sample``)."""
    from vocmine.run.history import build_history
    from vocmine.run.manifest import sha256_file
    from vocmine.run.stages import get_engine, last_whole_month, period_column, pii_key_for
    from vocmine.store import HistoryStore

    engine = get_engine(engine)
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
    frame, cust, accounting = engine.ingest([tickets], customers if customers.exists() else None)
    key = pii_key_for(cache / "state")
    frame = engine.clean(frame, pii_key=key)
    if cust is not None:
        from vocmine.text.pii.fields import protect_customers

        cust = protect_customers(cust, key=key)
    periods = sorted(period_column(frame).dropna().unique())
    last = last_whole_month(frame["created_at"])
    build_history(tickets=frame, customers=cust, periods=[p for p in periods if p <= last], store=hstore,
                  state_dir=cache / "state", seed=seed, accounting=accounting,
                  run_meta={"run_id": "sample-cache", "seed": seed}, engine=engine)
    marker.write_text(digest + "\n")
    return hstore
