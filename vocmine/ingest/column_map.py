"""User column maps (YAML or dict) for exports no preset knows.

Format (every key optional; see ``vocmine/ingest/README.md``)::

    preset: generic              # base preset the map overrides (generic, zendesk, freshdesk, intercom)
    dayfirst: true               # dates are dd/mm/yyyy
    timezone: America/Sao_Paulo  # zone of timestamps without an offset (default UTC)
    drop: [CPF, Telefone]        # columns never kept, not even in ``extra`` (personal data)
    ticket_id: "Número"          # canonical field: the export column
    created_at: {column: "Data de abertura", format: "%d/%m/%Y %H:%M"}
    text: ["Assunto", "Descrição"]            # parts joined by a blank line
    csat: {column: "Nota", scale: "1-5"}
    handle_minutes: {column: "TMA", unit: seconds}
    customer_id: {column: "E-mail", hash: true}

Canonical fields may also sit under a ``columns:`` key. A field's value is a column name or
an object with ``column`` and options: ``format`` (times: a strftime format, ``unix`` or
``unix_ms``), ``unit`` (durations: minutes, seconds, hours), ``scale`` (csat), ``hash``
(ids). Only ``text`` takes a list (its parts); ``subject`` and ``body`` may be given instead.
A field set to ``null`` is not read at all.

Customer maps use the CustomerFrame fields plus ``churned`` (a boolean column) and
``observed_at`` (``{column: X}`` or ``{date: 2024-06-30}``, the observation date that
dates a boolean churn).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vocmine import schema as S
from vocmine.exceptions import ConfigError
from vocmine.ingest.presets import BODY, SUBJECT, Source

OPTION_KEYS = ("preset", "dayfirst", "timezone", "drop", "columns")
TICKET_FIELDS = tuple(c for c in S.TICKET_COLUMNS if c != S.CSAT_RAW) + (SUBJECT, BODY)
CUSTOMER_FIELDS = S.CUSTOMER_COLUMNS + ("churned", "observed_at")
SOURCE_KEYS = ("column", "format", "unit", "scale", "hash")


@dataclass
class ColumnMap:
    fields: dict[str, tuple[Source, ...] | None] = field(default_factory=dict)  # None: not read
    text_parts: tuple[str, ...] | None = None
    preset: str | None = None
    dayfirst: bool | None = None
    timezone: str | None = None
    drop: tuple[str, ...] = ()
    observed_at_date: str | None = None


def _suggest(key: str, allowed: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(key, allowed, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _source(name: str, value: Any) -> Source:
    if isinstance(value, str):
        return Source(value)
    if isinstance(value, dict):
        unknown = [k for k in value if k not in SOURCE_KEYS]
        if unknown:
            raise ConfigError(f"column map: {name}: unknown option(s) {unknown}; allowed {list(SOURCE_KEYS)}")
        if not isinstance(value.get("column"), str):
            raise ConfigError(f"column map: {name}: needs 'column: <export column name>'")
        return Source(value["column"], unit=value.get("unit"), fmt=value.get("format"),
                      scale=None if value.get("scale") is None else str(value["scale"]),
                      hash=bool(value.get("hash", False)))
    raise ConfigError(f"column map: {name}: expected a column name or {{column: ..., ...}}, got {value!r}")


def load_column_map(spec: Path | str | dict | None, *, kind: str = "tickets") -> ColumnMap:
    """Parse a column map from a YAML file path or a dict; :class:`ConfigError` on any mistake."""
    if spec is None:
        return ColumnMap()
    if isinstance(spec, (str, Path)):
        import yaml

        path = Path(spec)
        try:
            spec = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
        except OSError as exc:
            raise ConfigError(f"column map {path}: cannot be read: {exc}") from exc
        except yaml.YAMLError as exc:
            raise ConfigError(f"column map {path}: is not valid YAML: {exc}") from exc
        if spec is None:
            spec = {}
    if not isinstance(spec, dict):
        raise ConfigError(f"column map must be a mapping of field -> column, got {type(spec).__name__}")
    spec = dict(spec)
    nested = spec.pop("columns", None) or {}
    if not isinstance(nested, dict):
        raise ConfigError("column map: 'columns' must be a mapping of field -> column")
    allowed_fields = TICKET_FIELDS if kind == "tickets" else CUSTOMER_FIELDS
    out = ColumnMap()
    out.preset = spec.pop("preset", None)
    dayfirst = spec.pop("dayfirst", None)
    if dayfirst is not None and not isinstance(dayfirst, bool):
        raise ConfigError(f"column map: dayfirst must be true or false, got {dayfirst!r}")
    out.dayfirst = dayfirst
    tz = spec.pop("timezone", None)
    if tz is not None:
        out.timezone = check_timezone(str(tz))
    drop = spec.pop("drop", None) or ()
    if isinstance(drop, str):
        drop = (drop,)
    out.drop = tuple(str(d) for d in drop)
    items = {**spec, **nested}
    for key, value in items.items():
        if key not in allowed_fields:
            raise ConfigError(f"column map: unknown key {key!r}{_suggest(str(key), allowed_fields + OPTION_KEYS)}; "
                              f"fields are {list(allowed_fields)}, options are {list(OPTION_KEYS)}")
        if value is None:
            out.fields[key] = None
        elif key == S.TEXT and isinstance(value, list):
            if not value or not all(isinstance(v, str) for v in value):
                raise ConfigError("column map: text must be a column name or a list of column names")
            out.text_parts = tuple(value)
        elif key == "observed_at" and isinstance(value, dict) and "date" in value:
            out.observed_at_date = str(value["date"])
        elif isinstance(value, list):
            raise ConfigError(f"column map: {key}: only 'text' takes a list of columns")
        else:
            out.fields[key] = (_source(key, value),)
    if out.fields.get(S.TEXT):
        out.text_parts = (out.fields.pop(S.TEXT)[0].column,)
    return out


def check_timezone(name: str) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(f"unknown time zone {name!r}; use an IANA name such as 'America/Sao_Paulo' or 'UTC'"
                          ) from exc
    return name
