"""History store: an embedded DuckDB file that every monthly run appends its month to.

Tables (one row per ...):

``tickets``            ticket of a period with its topic: ``period``, ``ticket_id``, ``created_at``,
                       the non-PII fields needed for trends and statistics (customer_id, channel,
                       status, priority, product, group, agent, tags, first_response_at, solved_at,
                       handle_minutes, wait_minutes, reopens, csat, language), ``topic_id``,
                       ``topic_label``, ``topic_prob`` and the *redacted* ``text_display`` /
                       ``text_model``. Raw text (``text``, ``text_raw``) is never stored.
``monthly_aggregates`` (period, topic_id): tickets, customers, csat_n, csat_mean, handle_minutes_mean,
                       reopen_rate, share.
``topic_catalogue``    (period, topic_id): the catalogue as of that run (stable ids).
``topic_changes``      (period, topic_id): status new/growing/shrinking/stable/vanished.
``customers``          latest customer snapshot (customer_id, churned_at, plan, mrr, signup_at).
``runs``               run metadata (period, run_id, started_at, finished_at, seed, status, params).

Writing a period replaces it (DELETE + INSERT in one transaction), so re-running a month never
duplicates rows. Readers open the file read-only and return DataFrames; connections are always
closed so other processes (Papermill kernels) can open the file.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from vocmine.exceptions import InputError
from vocmine.schema import OUTLIER_TOPIC, TEXT_DISPLAY, TEXT_MODEL, TICKET_ID, TOPIC_ID, TOPIC_LABEL

PERIOD = "period"
TOPIC_PROB = "topic_prob"

# column -> DuckDB type, in storage order
TICKET_SCHEMA: dict[str, str] = {
    PERIOD: "VARCHAR",
    TICKET_ID: "VARCHAR",
    "created_at": "TIMESTAMPTZ",
    "customer_id": "VARCHAR",
    "channel": "VARCHAR",
    "status": "VARCHAR",
    "priority": "VARCHAR",
    "product": "VARCHAR",
    "group": "VARCHAR",
    "agent": "VARCHAR",
    "tags": "VARCHAR",
    "first_response_at": "TIMESTAMPTZ",
    "solved_at": "TIMESTAMPTZ",
    "handle_minutes": "DOUBLE",
    "wait_minutes": "DOUBLE",
    "reopens": "BIGINT",
    "csat": "DOUBLE",
    "language": "VARCHAR",
    TOPIC_ID: "BIGINT",
    TOPIC_LABEL: "VARCHAR",
    TOPIC_PROB: "DOUBLE",
    TEXT_DISPLAY: "VARCHAR",
    TEXT_MODEL: "VARCHAR",
}
AGGREGATE_SCHEMA: dict[str, str] = {
    PERIOD: "VARCHAR", TOPIC_ID: "BIGINT", TOPIC_LABEL: "VARCHAR", "tickets": "BIGINT",
    "customers": "BIGINT", "csat_n": "BIGINT", "csat_mean": "DOUBLE", "handle_minutes_mean": "DOUBLE",
    "reopen_rate": "DOUBLE", "share": "DOUBLE",
}
CATALOGUE_SCHEMA: dict[str, str] = {
    PERIOD: "VARCHAR", TOPIC_ID: "BIGINT", "label": "VARCHAR", "label_pt": "VARCHAR", "label_en": "VARCHAR",
    "keywords": "VARCHAR",
    "keywords_pt": "VARCHAR", "keywords_en": "VARCHAR", "size": "BIGINT", "first_seen": "VARCHAR",
    "last_seen": "VARCHAR", "centroid": "VARCHAR",
}
CHANGES_SCHEMA: dict[str, str] = {
    PERIOD: "VARCHAR", TOPIC_ID: "BIGINT", "label": "VARCHAR", "status": "VARCHAR",
    "n_period": "BIGINT", "n_previous": "BIGINT", "change": "DOUBLE", "n_history": "BIGINT",
    "expected": "DOUBLE", "rate_ratio": "DOUBLE", "q_value": "DOUBLE",
}
CUSTOMER_SCHEMA: dict[str, str] = {
    "customer_id": "VARCHAR", "churned_at": "TIMESTAMPTZ", "plan": "VARCHAR", "mrr": "DOUBLE",
    "signup_at": "TIMESTAMPTZ",
}
RUN_SCHEMA: dict[str, str] = {
    PERIOD: "VARCHAR", "run_id": "VARCHAR", "started_at": "TIMESTAMPTZ", "finished_at": "TIMESTAMPTZ",
    "seed": "BIGINT", "status": "VARCHAR", "params": "VARCHAR",
}
TABLES: dict[str, dict[str, str]] = {
    "tickets": TICKET_SCHEMA,
    "monthly_aggregates": AGGREGATE_SCHEMA,
    "topic_catalogue": CATALOGUE_SCHEMA,
    "topic_changes": CHANGES_SCHEMA,
    "customers": CUSTOMER_SCHEMA,
    "runs": RUN_SCHEMA,
}
_JSON_COLUMNS = ("keywords", "keywords_pt", "keywords_en", "centroid")


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _conform(frame: pd.DataFrame, schema: dict[str, str]) -> pd.DataFrame:
    """Frame with exactly the schema's columns (missing → NULL), JSON-encoded list columns."""
    out = pd.DataFrame(index=range(len(frame)))
    src = frame.reset_index(drop=True)
    for col, typ in schema.items():
        if col in src.columns:
            s = src[col]
            if col in _JSON_COLUMNS:
                s = s.map(lambda v: v if isinstance(v, str) or v is None else json.dumps(
                    [x if isinstance(x, str) else float(x) for x in list(v)], ensure_ascii=False))
            elif typ == "TIMESTAMPTZ":
                s = pd.to_datetime(s, utc=True, errors="coerce")
            elif typ == "DOUBLE":
                s = pd.to_numeric(s, errors="coerce").astype("float64")
            elif typ == "BIGINT":
                s = pd.to_numeric(s, errors="coerce").astype("Int64")
            else:
                s = s.astype("object").where(s.notna(), None)
                s = s.map(lambda v: v if v is None else str(v))
            out[col] = s.to_numpy() if typ != "BIGINT" else s.array
        else:
            out[col] = pd.Series([None] * len(src), dtype="object")
    return out


def period_of(created_at: pd.Series) -> pd.Series:
    """``'YYYY-MM'`` of UTC timestamps."""
    ts = pd.to_datetime(created_at, utc=True)
    return ts.dt.strftime("%Y-%m")


def monthly_aggregates(tickets: pd.DataFrame) -> pd.DataFrame:
    """Per (period, topic) aggregates of a ticket frame that has ``period`` and ``topic_id``.

    Columns: period, topic_id, topic_label, tickets, customers, csat_n, csat_mean,
    handle_minutes_mean, reopen_rate (share of tickets reopened at least once), share
    (of the period's tickets). Sorted by period, topic_id.
    """
    df = tickets.copy()
    if PERIOD not in df.columns:
        df[PERIOD] = period_of(df["created_at"])
    for col in ("csat", "handle_minutes", "reopens", "customer_id", TOPIC_LABEL):
        if col not in df.columns:
            df[col] = pd.NA
    df["_reopened"] = pd.to_numeric(df["reopens"], errors="coerce").gt(0).astype(float)
    df.loc[pd.to_numeric(df["reopens"], errors="coerce").isna(), "_reopened"] = float("nan")
    g = df.groupby([PERIOD, TOPIC_ID], sort=True, dropna=False)
    agg = pd.DataFrame({
        TOPIC_LABEL: g[TOPIC_LABEL].agg(lambda s: s.dropna().mode().iloc[0] if s.notna().any() else None),
        "tickets": g.size(),
        "customers": g["customer_id"].nunique(),
        "csat_n": g["csat"].agg(lambda s: int(pd.to_numeric(s, errors="coerce").notna().sum())),
        "csat_mean": g["csat"].agg(lambda s: pd.to_numeric(s, errors="coerce").mean()),
        "handle_minutes_mean": g["handle_minutes"].agg(lambda s: pd.to_numeric(s, errors="coerce").mean()),
        "reopen_rate": g["_reopened"].mean(),
    }).reset_index()
    totals = agg.groupby(PERIOD)["tickets"].transform("sum")
    agg["share"] = agg["tickets"] / totals
    return agg.sort_values([PERIOD, TOPIC_ID], kind="mergesort").reset_index(drop=True)


@dataclass(frozen=True)
class HistoryStore:
    """A DuckDB history file. Cheap to create; every call opens and closes its own connection."""

    path: Path

    def __init__(self, path: str | os.PathLike) -> None:
        object.__setattr__(self, "path", Path(path))

    # ------------------------------------------------------------ connections
    @contextlib.contextmanager
    def _connect(self, *, read_only: bool) -> Iterator[Any]:
        import duckdb

        if read_only and not self.path.exists():
            raise InputError(f"history store {self.path} does not exist (run `vocmine run` first)")
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(str(self.path), read_only=read_only)
        try:
            con.execute("SET TimeZone='UTC'")
            yield con
        finally:
            con.close()

    def exists(self) -> bool:
        return self.path.exists()

    def _ensure_tables(self, con: Any) -> None:
        for name, schema in TABLES.items():
            cols = ", ".join(f"{_quote(c)} {t}" for c, t in schema.items())
            con.execute(f"CREATE TABLE IF NOT EXISTS {name} ({cols})")
            for c, t in schema.items():  # a store written by an older vocmine gains the newer columns
                con.execute(f"ALTER TABLE {name} ADD COLUMN IF NOT EXISTS {_quote(c)} {t}")

    # ------------------------------------------------------------ writing
    def write_period(
        self,
        period: str,
        *,
        tickets: pd.DataFrame,
        catalogue: pd.DataFrame | None = None,
        changes: pd.DataFrame | None = None,
        customers: pd.DataFrame | None = None,
        run: dict[str, Any] | None = None,
    ) -> dict[str, int]:
        """Replace everything stored for ``period`` with these frames, in one transaction.

        ``tickets`` must hold the period's tickets with ``topic_id``. Raw text columns (``text``,
        ``text_raw``, ``extra``) are refused (:class:`PIILeakError`: a structural leak stops the run).
        The redacted text columns are checked with the PII guard of :mod:`vocmine._io`, **each text on
        its own**: a ticket whose text still trips it is stored with its texts withheld
        (``[WITHHELD]``) and logged by ticket id and kind; the month is stored. Personal identifiers
        (CPF/e-mail/phone ``customer_id``, agent names, personal-data columns) are pseudonymised with
        the run's keyed hash (:func:`vocmine.text.pii.fields.protect_fields`), in ``customers`` too so
        joins hold. ``customers`` (when given) replaces the customer snapshot. Returns rows written per
        table; ``"pii_withheld"`` counts the tickets withheld here.
        """
        from vocmine._io import check_raw_columns, withhold_texts
        from vocmine.text.pii.fields import protect_customers, protect_fields

        check_raw_columns(tickets.columns, where=f"the history store {self.path}")
        t = protect_fields(withhold_texts(tickets, [TEXT_DISPLAY, TEXT_MODEL], where=f"store {period}",
                                          n_process=-1))
        n_withheld = len(t.attrs.get("pii_withheld", {}))
        t[PERIOD] = period
        if customers is not None:
            customers = protect_customers(customers)
        frames = {"tickets": _conform(t, TICKET_SCHEMA)}
        frames["monthly_aggregates"] = _conform(monthly_aggregates(t), AGGREGATE_SCHEMA)
        if catalogue is not None:
            # centroids live in the binary topic state only (clustering.state), never as text in the store
            frames["topic_catalogue"] = _conform(catalogue.drop(columns=["centroid"], errors="ignore").assign(
                **{PERIOD: period}), CATALOGUE_SCHEMA)
        if changes is not None:
            frames["topic_changes"] = _conform(changes.assign(**{PERIOD: period}), CHANGES_SCHEMA)
        if run is not None:
            row = dict(run)
            row[PERIOD] = period
            if not isinstance(row.get("params"), str | type(None)):
                row["params"] = json.dumps(row["params"], sort_keys=True, default=str)
            frames["runs"] = _conform(pd.DataFrame([row]), RUN_SCHEMA)
        written: dict[str, int] = {}
        with self._connect(read_only=False) as con:
            self._ensure_tables(con)
            con.execute("BEGIN TRANSACTION")
            try:
                for name, frame in frames.items():
                    con.execute(f"DELETE FROM {name} WHERE period = ?", [period])
                    self._insert(con, name, frame)
                    written[name] = len(frame)
                if customers is not None:
                    con.execute("DELETE FROM customers")
                    frame = _conform(customers, CUSTOMER_SCHEMA)
                    self._insert(con, "customers", frame)
                    written["customers"] = len(frame)
                con.execute("COMMIT")
            except BaseException:
                try:  # DuckDB aborts the transaction itself on an I/O error (full disk): keep the real error
                    con.execute("ROLLBACK")
                except Exception:  # noqa: BLE001 - "no transaction is active" must not hide the cause
                    pass
                raise
        written["pii_withheld"] = n_withheld
        return written

    @staticmethod
    def _insert(con: Any, name: str, frame: pd.DataFrame) -> None:
        if frame.empty:
            return
        con.register("_incoming", frame)
        try:
            cols = ", ".join(_quote(c) for c in frame.columns)
            con.execute(f"INSERT INTO {name} ({cols}) SELECT {cols} FROM _incoming")
        finally:
            con.unregister("_incoming")

    # ------------------------------------------------------------ reading
    def _read(self, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
        with self._connect(read_only=True) as con:
            tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
            needed = [n for n in TABLES if n in sql.split()]
            if any(n not in tables for n in needed):
                return pd.DataFrame(columns=list(TABLES[needed[0]]))
            return con.sql(sql, params=list(params) or None).to_arrow_table().to_pandas()

    def periods(self) -> list[str]:
        """Stored periods, sorted."""
        if not self.exists():
            return []
        df = self._read("SELECT DISTINCT period FROM tickets ORDER BY period")
        return [str(p) for p in df[PERIOD]] if not df.empty else []

    def read_tickets(self, *, until: str | None = None, periods: Sequence[str] | None = None) -> pd.DataFrame:
        """Stored tickets (all periods, those ``<= until``, or the listed ``periods``), ordered by time."""
        sql, params = "SELECT * FROM tickets", []
        if periods is not None:
            sql += " WHERE period IN (SELECT unnest(?))"
            params.append(list(periods))
        elif until is not None:
            sql += " WHERE period <= ?"
            params.append(until)
        df = self._read(sql + " ORDER BY created_at, ticket_id", params)
        return _restore(df, TICKET_SCHEMA)

    def read_aggregates(self, *, until: str | None = None) -> pd.DataFrame:
        sql, params = "SELECT * FROM monthly_aggregates", []
        if until is not None:
            sql, params = sql + " WHERE period <= ?", [until]
        return _restore(self._read(sql + " ORDER BY period, topic_id", params), AGGREGATE_SCHEMA)

    def read_catalogue(self, period: str | None = None) -> pd.DataFrame:
        """The catalogue written by the run of ``period`` (default: the latest stored period)."""
        if period is None:
            ps = self.periods()
            if not ps:
                return pd.DataFrame(columns=list(CATALOGUE_SCHEMA))
            period = ps[-1]
        df = self._read("SELECT * FROM topic_catalogue WHERE period = ? ORDER BY topic_id", [period])
        df = _restore(df, CATALOGUE_SCHEMA)
        for col in _JSON_COLUMNS:
            df[col] = df[col].map(lambda v: json.loads(v) if isinstance(v, str) else [])
        return df

    def read_changes(self, period: str) -> pd.DataFrame:
        df = self._read("SELECT * FROM topic_changes WHERE period = ? ORDER BY topic_id", [period])
        return _restore(df, CHANGES_SCHEMA)

    def read_customers(self) -> pd.DataFrame:
        return _restore(self._read("SELECT * FROM customers ORDER BY customer_id"), CUSTOMER_SCHEMA)

    def read_runs(self) -> pd.DataFrame:
        return _restore(self._read("SELECT * FROM runs ORDER BY period, started_at"), RUN_SCHEMA)

    def counts(self) -> dict[str, int]:
        """Rows per table (0 for tables not created yet)."""
        out = {}
        with self._connect(read_only=True) as con:
            tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
            for name in TABLES:
                out[name] = con.execute(f"SELECT count(*) FROM {name}").fetchone()[0] if name in tables else 0
        return out


def _restore(df: pd.DataFrame, schema: dict[str, str]) -> pd.DataFrame:
    """Give read frames stable dtypes (UTC timestamps, nullable ints, str)."""
    df = df.copy()
    for col, typ in schema.items():
        if col not in df.columns:
            df[col] = pd.Series([None] * len(df), dtype="object")
        if typ == "TIMESTAMPTZ":
            df[col] = pd.to_datetime(df[col], utc=True)
        elif typ == "BIGINT":
            df[col] = pd.to_numeric(df[col], errors="coerce").astype("Int64")
        elif typ == "DOUBLE":
            df[col] = pd.to_numeric(df[col], errors="coerce").astype("float64")
    if TOPIC_ID in df.columns and schema is TICKET_SCHEMA:
        df[TOPIC_ID] = df[TOPIC_ID].fillna(OUTLIER_TOPIC).astype("int64")
    return df[list(schema)]
