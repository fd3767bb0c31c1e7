"""``read_tickets``: export files -> validated TicketFrame + quarantine + row accounting."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pandas as pd

from vocmine import schema as S
from vocmine.exceptions import ConfigError, SchemaError
from vocmine.ingest.build import (Collector, as_paths, closest, dropped_columns, extra_json, finish, header_index,
                                  ids, meta_columns, missing_error, strings)
from vocmine.ingest.column_map import ColumnMap, check_timezone, load_column_map
from vocmine.ingest.csat import normalise_csat
from vocmine.ingest.guess import guess_columns
from vocmine.ingest.parse import UTC_NS, parse_duration_minutes, parse_ints, parse_times
from vocmine.ingest.presets import BODY, PRESETS, SUBJECT, Preset, Source, detect_preset, header_hint, norm, plain_key
from vocmine.ingest.checks import (HANDLE_MAX_MINUTES, WAIT_MAX_MINUTES, decide_date_order, detect_offset,
                                   duration_problems, future_created, time_order_problems)
from vocmine.ingest.readers import RawTable, read_tables
from vocmine.ingest.result import IngestResult

_FIELDS = (S.TICKET_ID, S.CREATED_AT, SUBJECT, BODY, S.TEXT) + tuple(
    c for c in S.TICKET_OPTIONAL if c != S.CSAT_RAW)
_STRING_FIELDS = tuple(c for c in S.TICKET_STRING_COLUMNS if c not in (S.CUSTOMER_ID, S.CSAT_RAW))
_DURATION_FIELDS = (S.HANDLE_MINUTES, S.WAIT_MINUTES)
#: fields the briefs measure with (repeats and churn, CSAT, handle time, SLA): a run says which are absent
_MEASURED = (S.CUSTOMER_ID, S.CSAT, S.HANDLE_MINUTES, S.FIRST_RESPONSE_AT, S.SOLVED_AT)


def _resolve(table: RawTable, preset: Preset, cmap: ColumnMap) -> tuple[dict[str, tuple[Source, str]], list[str]]:
    """Field -> (source, export column) for the fields present; plus the text part columns."""
    columns = list(table.frame.columns)
    # a column the map drops is never read through an alias or a guess
    dropped = {norm(c) for c in cmap.drop}
    full = header_index(columns)
    index = {k: v for k, v in full.items() if k not in dropped and norm(v) not in dropped}
    resolved: dict[str, tuple[Source, str]] = {}
    for fld in _FIELDS:
        if fld in cmap.fields:
            sources = cmap.fields[fld]
            if sources is None:
                continue
            actual = full.get(norm(sources[0].column))
            if actual is None:
                raise SchemaError(
                    f"{table.path}: column map puts {fld} in column {sources[0].column!r}, which is not in the file; "
                    f"closest found: {closest([sources[0].column], columns) or 'none'}; found columns: {columns}")
            resolved[fld] = (sources[0], actual)
            continue
        for src in preset.fields.get(fld, ()):
            actual = index.get(norm(src.column))
            if actual is not None:
                resolved[fld] = (src, actual)
                break
    _resolve_by_hint([c for c in columns if norm(c) not in dropped], preset, cmap, resolved)
    if cmap.text_parts:
        parts = []
        for name in cmap.text_parts:
            actual = index.get(norm(name))
            if actual is None:
                raise SchemaError(
                    f"{table.path}: column map puts text in column {name!r}, which is not in the file; "
                    f"closest found: {closest([name], columns) or 'none'}; found columns: {columns}")
            parts.append(actual)
    else:
        body = resolved.get(BODY) or resolved.get(S.TEXT)
        parts = [r[1] for r in (resolved.get(SUBJECT), body) if r is not None]
    return resolved, parts


def _resolve_by_hint(columns: list[str], preset: Preset, cmap: ColumnMap,
                     resolved: dict[str, tuple[Source, str]]) -> None:
    """Fields no header names exactly, read from a column whose name does once its unit or scale is
    set apart (:func:`~vocmine.ingest.presets.header_hint`): "Handle time (min)", "TMA (s)" (then in
    seconds), "CSAT (1-5)" (then on that scale). A column already read for a field is not reused."""
    used = {c for _, c in resolved.values()}
    hints = {}
    for c in columns:
        key, unit, scale = header_hint(c)
        if c not in used and key not in hints:
            hints[key] = (c, unit, scale)
    for fld in _FIELDS:
        if fld in resolved or fld in cmap.fields:
            continue
        for src in preset.fields.get(fld, ()):
            hit = hints.get(plain_key(src.column))  # the alias as written: "handle_minutes" is not "handle"
            if hit is None or hit[0] in used:
                continue
            column, unit, scale = hit
            if unit is not None and fld in _DURATION_FIELDS + (S.FIRST_RESPONSE_AT,) and src.unit is not None:
                src = replace(src, unit=unit)
            if scale is not None and fld == S.CSAT and src.scale is None:
                src = replace(src, scale=scale)
            resolved[fld] = (src, column)
            used.add(column)
            break


def _join_text(frame: pd.DataFrame, parts: list[str]) -> pd.Series:
    cols = [frame[p].tolist() for p in parts]
    joined = []
    for values in zip(*cols):
        pieces = [v.strip() for v in values if isinstance(v, str) and v.strip()]
        joined.append("\n\n".join(pieces) if pieces else None)
    return pd.Series(pd.array(joined, dtype="string"), index=frame.index)


def _build_file(table: RawTable, preset: Preset, cmap: ColumnMap, col: Collector, offset: int, *,
                dayfirst: bool | None, timezone: str, notes: list[str], csat_scale: str | None = None,
                now: pd.Timestamp, offsets: list[str | None]) -> tuple[pd.DataFrame, dict]:
    """Typed frame of one file (index = global row positions) and, per field, (export column, raw values)."""
    resolved, parts = _resolve(table, preset, cmap)
    wanted = [f for f in (S.TICKET_ID, S.CREATED_AT) if f not in resolved and f not in cmap.fields]
    # no text at all, or a title only ("Título" named, the message's header not): the body is guessed
    title_only = (not cmap.text_parts and SUBJECT in resolved and BODY not in resolved and S.TEXT not in resolved
                  and SUBJECT not in cmap.fields)
    if (not parts and not cmap.text_parts) or title_only:
        wanted.append(S.TEXT)
    if S.CSAT not in resolved and S.CSAT not in cmap.fields:  # a score no alias names (Olist's review_score)
        wanted.append(S.CSAT)
    if wanted:  # headers no alias names: the one column whose header says it and whose values hold it
        taken = {c for _, c in resolved.values()} | set(parts) | {
            c for c in table.frame.columns if norm(c) in {norm(d) for d in cmap.drop}}
        guessed, why = guess_columns(table.frame, wanted, taken, with_title=not title_only)
        notes.extend(f"{table.source}: {w}" for w in why)
        for fld, column in guessed.items():
            if fld == S.TEXT and title_only:  # the named title, then the guessed message
                parts = [resolved[SUBJECT][1], column]
            elif fld == S.TEXT:  # its title, if any, is read before it, as a subject is
                parts = [guessed[SUBJECT], column] if SUBJECT in guessed else [column]
            elif fld != SUBJECT:
                resolved[fld] = (Source(column), column)
    if S.STATUS in resolved and S.STATUS not in cmap.fields:
        # "State" / "Estado" also names a region: two-letter codes (CA, SP) are not a ticket status
        column = resolved[S.STATUS][1]
        v = table.frame[column].dropna().astype(str).str.strip()
        v = v[v != ""]
        if len(v) and v.str.fullmatch(r"[A-Z]{2}").mean() >= 0.8:
            del resolved[S.STATUS]
            notes.append(f"{table.source}: column {column!r} holds two-letter region codes (a US state or "
                         f"a UF), not a ticket status: kept in extra")
    missing = {}
    for fld in (S.TICKET_ID, S.CREATED_AT):
        if fld not in resolved:
            missing[fld] = [s.column for s in (cmap.fields.get(fld) or preset.fields.get(fld, ()))]
    if not parts:
        missing[S.TEXT] = [s.column for f in (SUBJECT, BODY, S.TEXT) for s in preset.fields.get(f, ())]
    if missing:
        raise missing_error(table.path, preset.name, missing, list(table.frame.columns))

    index = col.register(table, offset)
    raw = table.frame.set_axis(index)
    name = table.source
    for fld, (src, column) in resolved.items():
        if norm(column) != norm(src.column):  # found by header_hint: say how it was read
            how = f" in {src.unit}" if fld in _DURATION_FIELDS else f" on the scale {src.scale}" if src.scale else ""
            notes.append(f"{name}: {fld} read from column {column!r}{how}")
    out: dict[str, pd.Series] = {}

    # ids and text
    src, column = resolved[S.TICKET_ID]
    out[S.TICKET_ID] = strings(raw[column], src)
    text = _join_text(raw, parts)
    out[S.TEXT] = text
    text_label = "+".join(parts)
    if S.CUSTOMER_ID in resolved:
        src, column = resolved[S.CUSTOMER_ID]
        out[S.CUSTOMER_ID] = ids(raw[column], src)
    for fld in _STRING_FIELDS:
        if fld in resolved:
            src, column = resolved[fld]
            out[fld] = strings(raw[column], src)

    # times: one date order per file, decided over every date column together (see checks.py)
    time_fields = [f for f in S.TICKET_TIME_COLUMNS if f in resolved and not resolved[f][0].plus_created]
    order = dayfirst
    if order is None:
        order = preset.dayfirst
        if order is not None:
            notes.append(f"{name}: dates read {'day' if order else 'month'} first (preset {preset.name})")
    if order is None:
        pooled = pd.concat([raw[resolved[f][1]] for f in time_fields if resolved[f][0].fmt is None] or
                           [pd.Series([], dtype=object)])
        order, why = decide_date_order(pooled, columns=list(raw.columns), timezone=timezone)
        if why:
            notes.append(f"{name}: dates read {why}")
    if S.CREATED_AT in resolved:
        offsets.append(detect_offset(raw[resolved[S.CREATED_AT][1]]))
    for fld in time_fields:
        src, column = resolved[fld]
        parsed, bad, note = parse_times(raw[column], dayfirst=order, timezone=timezone, fmt=src.fmt)
        if note and "unix" in note:
            notes.append(f"{name}: {column}: {note}")
        out[fld] = parsed
        expected = src.fmt or f"ISO 8601 or {'dd/mm/yyyy' if order else 'mm/dd/yyyy'}"
        reason = f"unparseable date in {column} (expected {expected})"
        if fld == S.CREATED_AT:
            col.add_mask(bad, fld, column, raw[column], reason)
        else:
            col.add_values(bad, fld, column, raw[column], reason + "; value removed, ticket kept")
    for fld in S.TICKET_TIME_COLUMNS:
        if fld in resolved and resolved[fld][0].plus_created:
            src, column = resolved[fld]
            minutes, bad = parse_duration_minutes(raw[column], unit=src.unit or "minutes")
            huge = minutes.abs() >= 1e7  # ~19 years: not a reply delay, and beyond timestamp range
            bad = bad | huge
            minutes = minutes.where(~huge)
            out[fld] = (out[S.CREATED_AT] + pd.to_timedelta(minutes, unit="m")).astype(UTC_NS)
            col.add_values(bad, fld, column, raw[column], f"{column} is not a duration; value removed, ticket kept")

    # per ticket: a creation date in the future or isolated years ahead of the rest
    if S.CREATED_AT in out:
        why = future_created(out[S.CREATED_AT], now)
        col.add_mask(why != "", S.CREATED_AT, resolved[S.CREATED_AT][1], raw[resolved[S.CREATED_AT][1]], why)
    # per value: response/solve before creation or in the future
    for fld in (S.FIRST_RESPONSE_AT, S.SOLVED_AT):
        if fld in out:
            why = time_order_problems(out[S.CREATED_AT], out[fld], fld, now)
            mask = why != ""
            label = resolved[fld][1]
            col.add_values(mask, fld, label, raw[label], why)
            out[fld] = out[fld].mask(mask)

    for fld, limit in ((S.HANDLE_MINUTES, HANDLE_MAX_MINUTES), (S.WAIT_MINUTES, WAIT_MAX_MINUTES)):
        if fld in resolved:
            src, column = resolved[fld]
            minutes, bad = parse_duration_minutes(raw[column], unit=src.unit or "minutes")
            col.add_values(bad, fld, column, raw[column],
                           f"{column} is not a number or hh:mm duration; value removed, ticket kept")
            why = duration_problems(minutes, fld, limit)
            implausible = why != ""
            col.add_values(implausible, fld, column, raw[column], why)
            out[fld] = minutes.mask(implausible)
    if S.REOPENS in resolved:
        src, column = resolved[S.REOPENS]
        values, bad = parse_ints(raw[column])
        bad = bad | (values < 0).fillna(False).astype(bool)
        out[S.REOPENS] = values.mask(bad)
        col.add_values(bad, S.REOPENS, column, raw[column],
                       f"{column} is not a whole number of at least 0; value removed, ticket kept")
    if S.CSAT in resolved:
        src, column = resolved[S.CSAT]
        given = csat_scale or src.scale or preset.csat_scale
        evidence: list[str] = []
        csat, bad, reason, scale = normalise_csat(raw[column], scale=given, column=column, evidence=evidence)
        out[S.CSAT] = csat
        out[S.CSAT_RAW] = strings(raw[column])
        col.add_values(bad, S.CSAT, column, raw[column], reason.map(lambda r: f"{r}; value removed, ticket kept"))
        if scale is not None:
            how = ("given by --csat-scale" if csat_scale else "given by the column map" if cmap.fields.get(S.CSAT)
                   else "given by the column name" if src.scale and header_hint(column)[2]
                   else f"of preset {preset.name}" if src.scale or preset.csat_scale
                   else "; ".join(evidence) or "inferred")
            notes.append(f"{name}: csat {column!r} scale {scale} ({how}); {int(bad.sum())} value(s) off the scale "
                         f"quarantined, ticket kept")

    used = {r[1] for r in resolved.values()} | set(parts)
    # an e-mail column the preset would hash is personal data even when an id column won
    hashed = frozenset(norm(s.column) for s in preset.fields.get(S.CUSTOMER_ID, ()) if s.hash)
    dropped = dropped_columns(list(raw.columns), used, preset.pii | hashed, cmap.drop)
    extra_cols = [c for c in raw.columns if c not in used and c not in dropped]
    if dropped:
        notes.append(f"{name}: dropped as personal data (not kept in extra): {dropped}")
    if extra_cols:
        notes.append(f"{name}: kept in extra: {extra_cols[:20]}{' ...' if len(extra_cols) > 20 else ''}")
    absent = [f for f in _MEASURED if f not in resolved]
    if absent:
        notes.append(f"{name}: no column for {', '.join(absent)}; the briefs leave out what needs "
                     f"{'it' if len(absent) == 1 else 'them'} (name the column in a --column-map, e.g. "
                     f"{absent[0]}: <column>)")
    out[S.EXTRA] = extra_json(raw, extra_cols)
    out.update(meta_columns(table, index))

    typed = _canonical(pd.DataFrame(out, index=index))
    raw_view = {fld: (column, raw[column]) for fld, (src, column) in resolved.items()}
    raw_view[S.TEXT] = (text_label, text)
    return typed, raw_view


def _canonical(frame: pd.DataFrame) -> pd.DataFrame:
    """Every TicketFrame column present with its canonical dtype (absent ones empty)."""
    n = len(frame)
    for c in S.TICKET_STRING_COLUMNS + (S.TICKET_ID, S.TEXT):
        if c not in frame:
            frame[c] = pd.Series(pd.array([None] * n, dtype="string"), index=frame.index)
    for c in S.TICKET_TIME_COLUMNS:
        if c not in frame:
            frame[c] = pd.Series(pd.NaT, index=frame.index, dtype=UTC_NS)
        frame[c] = frame[c].astype(UTC_NS)
    for c in S.TICKET_FLOAT_COLUMNS:
        frame[c] = frame[c].astype("float64") if c in frame else pd.Series(float("nan"), index=frame.index)
    frame[S.REOPENS] = frame[S.REOPENS].astype("Int64") if S.REOPENS in frame else pd.Series(
        pd.array([None] * n, dtype="Int64"), index=frame.index)
    return frame


def _preset_for(table: RawTable, preset: str, cmap: ColumnMap, notes: list[str]) -> Preset:
    name = preset
    if preset == "auto":
        name = cmap.preset or detect_preset(list(table.frame.columns))
        notes.append(f"{table.source}: preset {name} ({'column map' if cmap.preset else 'detected'})")
    if name not in PRESETS:
        raise ConfigError(f"unknown preset {name!r}; choose one of {['auto', *PRESETS]}")
    return PRESETS[name]


def read_tickets(paths: str | Path | Sequence[str | Path], *, preset: str = "auto",
                 column_map: Path | str | dict | None = None, dayfirst: bool | None = None,
                 timezone: str | None = None, csat_scale: str | None = None,
                 now: pd.Timestamp | str | None = None) -> IngestResult:
    """Read ticket exports into a validated TicketFrame; bad rows go to the quarantine.

    ``paths``: one file or several (csv/tsv, parquet, json, jsonl, xlsx), read in order;
    duplicate ticket ids across all of them keep the **last** occurrence (later file, later
    row: exports are appended over time) and quarantine the others. ``preset``: ``auto``
    (detect per file from the header), ``generic``, ``zendesk``, ``freshdesk`` or
    ``intercom``. ``column_map``: YAML path or dict (see :mod:`vocmine.ingest.column_map`),
    overriding the preset. ``dayfirst``/``timezone`` override the column map; ``timezone``
    is the zone of naive timestamps (default UTC). ``csat_scale`` (``"1-5"``...) overrides the
    preset's and the map's. ``now`` (default: the current time) is the observation end: later
    creation dates are quarantined, later response/solve times removed.

    Raises :class:`~vocmine.exceptions.InputError` for a file that cannot be read,
    :class:`~vocmine.exceptions.SchemaError` for a missing required column,
    :class:`~vocmine.exceptions.ConfigError` for a bad preset, map or time zone.
    """
    cmap = load_column_map(column_map, kind="tickets")
    given_tz = timezone or cmap.timezone
    tz = check_timezone(given_tz or "UTC")
    order = dayfirst if dayfirst is not None else cmap.dayfirst
    if order is not None:
        how = "--dayfirst/--monthfirst" if dayfirst is not None else "the column map"
        order_note = f"dates read {'day' if order else 'month'} first (given by {how})"
    now_ts = pd.Timestamp.now(tz="UTC") if now is None else pd.Timestamp(now)
    now_ts = now_ts.tz_localize("UTC") if now_ts.tzinfo is None else now_ts.tz_convert("UTC")
    notes: list[str] = []
    col = Collector()
    tables, offsets, typed_parts, raw_views, zones = [], [], [], [], []
    offset = 0
    for path in as_paths(paths):
        for table in read_tables(path):
            notes.extend(table.notes)
            chosen = _preset_for(table, preset, cmap, notes)
            if table.encoding not in (None, "utf-8") or table.delimiter not in (None, ","):
                notes.append(f"{table.source}: encoding {table.encoding}, delimiter {table.delimiter!r}")
            if order is not None:
                notes.append(f"{table.source}: {order_note}")
            typed, raw_view = _build_file(table, chosen, cmap, col, offset, dayfirst=order, timezone=tz, notes=notes,
                                          csat_scale=csat_scale, now=now_ts, offsets=zones)
            tables.append(table)
            offsets.append(offset)
            typed_parts.append(typed)
            raw_views.append(raw_view)
            offset += len(table.frame)
            if len(table.frame) == 0 and not table.problems:
                notes.append(f"{table.source}: header only, no data rows")
    report_tz = given_tz or (zones[0] if zones and zones[0] and len(set(zones)) == 1 else None) or "UTC"
    notes.append(f"months are cut in {report_tz} ("
                 + ("given" if given_tz else "the offset most created_at values carry" if report_tz != "UTC"
                    else "naive times are read as UTC; pass --timezone to change") + ")")

    typed = pd.concat(typed_parts) if typed_parts else pd.DataFrame()
    typed = typed[list(S.TICKET_FRAME_COLUMNS)]
    raw_id = pd.concat([v[S.TICKET_ID][1] for v in raw_views])

    failures = S.row_failures(typed, S.ticket_schema())
    for pos, fld, reason in zip(failures["index"], failures["column"], failures["reason"]):
        pos = int(pos)
        view = raw_views[bisect.bisect_right(offsets, pos) - 1]
        if fld in view:
            label, raw = view[fld]
            col.add(pos, fld, label, raw.get(pos), reason, text_like=fld == S.TEXT)
        else:
            value = typed.at[pos, fld]
            col.add(pos, fld, fld, None if pd.isna(value) else str(value), reason)
    return finish("tickets", tables, offsets, typed, col, key=S.TICKET_ID, raw_key=raw_id, notes=notes,
                  columns=S.TICKET_FRAME_COLUMNS, timezone=report_tz)
