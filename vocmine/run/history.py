"""The month loop: topics for the months to build (and stored months a refit re-assigns), each
month written into the history store."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from vocmine.exceptions import ConfigError
from vocmine.run.progress import Progress, timer
from vocmine.run.stages import Engine, get_engine, period_column


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
    engine: Engine | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Assign topics to ``periods`` (and re-assign stored months when the model is refitted) and write
    each month into the history store.

    ``tickets`` is the cleaned frame of the export; months the store holds but the export lacks come
    from the store (their redacted texts). One topic model serves every month written: a first run
    fits on the whole history, a later run transforms its months (see
    :mod:`vocmine.clustering.flow`). ``mode``: ``auto``, ``fit`` (refit on the history, ids re-matched)
    or ``transform`` (the saved state must exist). Returns what the topic stage did (mode, reason,
    state version, new topics, periods re-assigned) for the manifest. ``engine`` runs the topic stage
    (default: :class:`~vocmine.run.stages.LocalEngine`); ``progress`` reports it as stage ``topics``.
    """
    import pandas as pd

    from vocmine.clustering.state import version_before
    from vocmine.schema import OUTLIER_TOPIC, RAW_TEXT_COLUMNS, TICKET_ID

    if mode not in ("auto", "fit", "transform"):
        raise ConfigError(f"mode={mode!r}; expected 'auto', 'fit' or 'transform'")
    engine = get_engine(engine)
    progress = progress or Progress()
    timings = {} if timings is None else timings
    periods = sorted(set(periods))
    if not periods:
        return {}
    last = periods[-1]
    if mode == "transform" and version_before(state_dir, periods[0]) is None:
        raise ConfigError(f"--mode transform needs a saved topic state in {state_dir} standing before {periods[0]}; "
                          f"run with --mode auto or fit")
    with progress.stage("topics") as said:
        period_col = period_column(tickets)
        in_export = set(period_col.dropna().unique())
        stored_all = store.read_tickets(until=last) if store.exists() else pd.DataFrame()
        stored = stored_all[~stored_all["period"].isin(periods)] if len(stored_all) else stored_all
        # history: the export's months up to the last one built, plus stored months the export lacks
        own = tickets[(period_col <= last).to_numpy()]
        extra = (stored[~stored["period"].isin(in_export) & ~stored[TICKET_ID].isin(own[TICKET_ID])]
                 if len(stored) else None)
        history = pd.concat([own, extra], ignore_index=True) if extra is not None and len(extra) else own
        previous_catalogue = store.read_catalogue() if len(stored) else None
        with timer(timings, "topics"):
            # the stored topics of every month, the rebuilt ones too: a re-run keeps the ids it gave
            res = engine.assign_topics(history, period=last, build=periods,
                                       stored=stored_all[[TICKET_ID, "period", "topic_id"]] if len(stored_all) else None,
                                       previous_catalogue=previous_catalogue, state_dir=state_dir,
                                       refit=(mode == "fit"), seed=seed)
        assignments = res.assignments.drop(columns=["period"]).set_index(TICKET_ID)
        meta = dict(run_meta or {})
        if accounting is not None:
            meta["params"] = {**meta.get("params", {}), "accounting": accounting.to_dict(orient="records")}
        meta["params"] = {**meta.get("params", {}), "topics_mode": res.mode, "topics_reason": res.reason}
        written = 0
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
            with timer(timings, "store"):
                store.write_period(period, tickets=merged.reset_index(drop=True), catalogue=res.catalogue,
                                   changes=res.changes.get(period), customers=customers,
                                   run={**meta, "status": "stored"})
            written += 1
        said.count(len(history), "ticket").count(len(res.catalogue), "topic").count(written, "month").add(
            f"mode {res.mode}")
    return {"mode": res.mode, "reason": res.reason, "state_version": res.version, "new_topics": res.new_topics,
            "reassigned_periods": res.reassigned_periods, "periods": periods}
