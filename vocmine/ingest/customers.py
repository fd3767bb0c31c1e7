"""``read_customers``: a customers table -> validated CustomerFrame + quarantine + accounting.

Columns (generic names and common aliases, or a column map): ``customer_id`` (required;
an e-mail is hashed, never kept), ``plan``, ``mrr`` (float, decimal comma and a leading
currency symbol accepted, must be >= 0), ``signup_at``, ``churned_at`` (UTC).

Boolean churn: when the table has a ``churned`` column (true/false, 1/0, yes/no, sim/não)
instead of, or besides, ``churned_at``, a churned customer without a ``churned_at`` gets
the **observation date** as ``churned_at`` (the snapshot date: the customer churned on or
before it). The observation date comes from an ``observed_at`` column (aliases
``snapshot_date``, ``as_of``, ``data_referencia``) or from the column map
(``observed_at: {date: 2024-06-30}``); without one a churned row is a configuration error.
A customer marked ``churned: false`` keeps NaT. Duplicate ids keep the last row.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from vocmine import schema as S
from vocmine.exceptions import ConfigError
from vocmine.ingest.build import (Collector, dropped_columns, extra_json, finish, header_index, ids, meta_columns,
                                  missing_error, strings)
from vocmine.ingest.column_map import check_timezone, load_column_map
from vocmine.ingest.parse import UTC_NS, detect_dayfirst, parse_numbers, parse_times
from vocmine.ingest.presets import Source, norm
from vocmine.ingest.readers import read_raw

ALIASES = {
    S.CUSTOMER_ID: ("customer_id", "customer id", "customer", "client_id", "account_id", "contact_id", "user_id",
                    "requester_id", "id", "cliente", "id_cliente", "id do cliente", "código do cliente",
                    # a CPF/CNPJ, as in the tickets (both become the same keyed pseudonym before the store)
                    "cpf", "cpf do cliente", "cpf cliente", "cliente cpf", "cpf_cliente", "cpf/cnpj", "cpf / cnpj",
                    "cpf ou cnpj", "cpf_cnpj", "cnpj", "cnpj do cliente", "documento do cliente",
                    # an e-mail (hashed as in the tickets' fallback, so the two join)
                    "customer email", "email", "e-mail", "email do cliente", "e-mail do cliente"),
    "plan": ("plan", "plano", "tier", "subscription", "assinatura"),
    "mrr": ("mrr", "monthly_revenue", "revenue", "receita_mensal", "receita mensal", "mensalidade"),
    "signup_at": ("signup_at", "signed_up_at", "signup_date", "created_at", "customer_since", "data_cadastro",
                  "data de cadastro", "cliente desde"),
    "churned_at": ("churned_at", "churn_date", "cancelled_at", "canceled_at", "data_cancelamento",
                   "data de cancelamento", "cancelado em"),
    "churned": ("churned", "is_churned", "churn", "cancelled", "canceled", "cancelou", "cancelado"),
    "observed_at": ("observed_at", "snapshot_date", "as_of", "observation_date", "data_referencia",
                    "data de referência"),
}
TRUE = frozenset({"true", "t", "1", "yes", "y", "sim", "s", "churned", "cancelado", "x"})
FALSE = frozenset({"false", "f", "0", "no", "n", "não", "nao", "active", "ativo"})
_CURRENCY = re.compile(r"^\s*(?:R\$|US\$|\$|€|£)\s*")
CUSTOMER_FRAME_COLUMNS = S.CUSTOMER_FRAME_COLUMNS + (S.EXTRA,)


def read_customers(path: str | Path, *, column_map: Path | str | dict | None = None, dayfirst: bool | None = None,
                   timezone: str | None = None):
    """Read the customers table; see the module docstring for columns and the churn rule."""
    cmap = load_column_map(column_map, kind="customers")
    tz = check_timezone(timezone or cmap.timezone or "UTC")
    order = dayfirst if dayfirst is not None else cmap.dayfirst
    table = read_raw(path)
    columns = list(table.frame.columns)
    index = header_index(columns)
    resolved: dict[str, str] = {}
    for fld, aliases in ALIASES.items():
        if fld in cmap.fields:
            if cmap.fields[fld] is None:
                continue
            wanted = cmap.fields[fld][0].column
            if norm(wanted) not in index:
                raise missing_error(table.path, "customers column map", {fld: [wanted]}, columns)
            resolved[fld] = index[norm(wanted)]
            continue
        for alias in aliases:
            if norm(alias) in index and index[norm(alias)] not in resolved.values():
                resolved[fld] = index[norm(alias)]
                break
    if S.CUSTOMER_ID not in resolved:
        raise missing_error(table.path, "customers", {S.CUSTOMER_ID: ALIASES[S.CUSTOMER_ID]}, columns)

    notes: list[str] = list(table.notes)  # encoding, sheets, stray quotes
    col = Collector()
    idx = col.register(table, 0)
    raw = table.frame.set_axis(idx)
    src = (cmap.fields.get(S.CUSTOMER_ID) or (Source(resolved[S.CUSTOMER_ID]),))[0]
    out: dict[str, pd.Series] = {S.CUSTOMER_ID: ids(raw[resolved[S.CUSTOMER_ID]], src)}
    out["plan"] = strings(raw[resolved["plan"]]) if "plan" in resolved else pd.Series(
        pd.array([None] * len(raw), dtype="string"), index=idx)
    if "mrr" in resolved:
        column = resolved["mrr"]
        cleaned = raw[column].map(lambda v: _CURRENCY.sub("", v) if isinstance(v, str) else v)
        out["mrr"], bad = parse_numbers(cleaned)
        col.add_mask(bad, "mrr", column, raw[column], f"{column} is not a number")
    else:
        out["mrr"] = pd.Series(float("nan"), index=idx)

    time_fields = [f for f in ("signup_at", "churned_at", "observed_at") if f in resolved]
    if order is None:
        pooled = pd.concat([raw[resolved[f]] for f in time_fields] or [pd.Series([], dtype=object)])
        detected = detect_dayfirst(pooled[pooled.notna()])
        if detected is not None:
            notes.append(f"{table.path}: dates read {'day' if detected else 'month'} first (detected)")
        order = bool(detected)
    times = {}
    for fld in time_fields:
        column = resolved[fld]
        fmt = cmap.fields[fld][0].fmt if cmap.fields.get(fld) else None
        times[fld], bad, _ = parse_times(raw[column], dayfirst=order, timezone=tz, fmt=fmt)
        col.add_mask(bad, fld, column, raw[column], f"unparseable date in {column}")
    nat = pd.Series(pd.NaT, index=idx, dtype=UTC_NS)
    out["signup_at"] = times.get("signup_at", nat)
    churned_at = times.get("churned_at", nat)

    if "churned" in resolved:
        column = resolved["churned"]
        flags = [v.strip().lower() if isinstance(v, str) else None for v in raw[column].tolist()]
        is_true = pd.Series([f in TRUE for f in flags], index=idx)
        unknown = pd.Series([f is not None and f not in TRUE and f not in FALSE for f in flags], index=idx)
        col.add_mask(unknown, "churned", column, raw[column], f"{column} is not true/false")
        need = is_true & churned_at.isna()
        if need.any():
            if "observed_at" in times:
                observed = times["observed_at"]
            elif cmap.observed_at_date:
                stamp, bad, _ = parse_times(pd.Series([cmap.observed_at_date]), dayfirst=order, timezone=tz)
                if bad.any():
                    raise ConfigError(f"column map: observed_at date {cmap.observed_at_date!r} is not a date")
                observed = pd.Series(stamp.iloc[0], index=idx, dtype=UTC_NS)
            else:
                raise ConfigError(
                    f"{table.path}: column {column!r} marks churned customers without a churn date; give the "
                    f"observation date as an 'observed_at' column or in the column map: observed_at: {{date: YYYY-MM-DD}}")
            churned_at = churned_at.where(~need, observed)
            notes.append(f"{table.path}: churned_at of {int(need.sum())} churned customer(s) set to the observation date")
        churned_at = churned_at.where(~pd.Series([f in FALSE for f in flags], index=idx), pd.NaT)
    out["churned_at"] = churned_at.astype(UTC_NS)

    used = set(resolved.values())
    dropped = dropped_columns(columns, used, frozenset(), cmap.drop)
    extra_cols = [c for c in columns if c not in used and c not in dropped]
    if dropped:
        notes.append(f"{table.path}: dropped as personal data: {dropped}")
    out[S.EXTRA] = extra_json(raw, extra_cols)
    out.update(meta_columns(table, idx))
    typed = pd.DataFrame(out, index=idx)

    failures = S.row_failures(typed, S.customer_schema())
    for pos, fld, reason in zip(failures["index"], failures["column"], failures["reason"]):
        label = resolved.get(fld, fld)
        value = raw.at[int(pos), label] if label in raw.columns else None
        col.add(int(pos), fld, label, value, reason)
    return finish("customers", [table], [0], typed, col, key=S.CUSTOMER_ID,
                  raw_key=raw[resolved[S.CUSTOMER_ID]], notes=notes, columns=CUSTOMER_FRAME_COLUMNS)
