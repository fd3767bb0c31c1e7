"""The analysts' exploration: filter the tickets, then one object with every frame the notebook shows.

:func:`filter_tickets` narrows tickets by period, channel, product, plan, language and topic;
:func:`exploration` computes an :class:`Exploration` on the filtered history.
``notebooks/01_explore_tickets.ipynb`` exposes the filters as parameters (:data:`FILTER_PARAMS`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from vocmine.analysis._common import _examples, topic_names
from vocmine.exceptions import ConfigError
from vocmine.schema import TEXT_DISPLAY, TOPIC_ID, TOPIC_LABEL

__all__ = ["FILTER_PARAMS", "Exploration", "exploration", "filter_tickets", "parse_filter"]

#: the exploration notebook's filter parameters (besides the report ``period``): ``since`` is the
#: first month kept; the others name the :func:`filter_tickets` argument they feed
FILTER_PARAMS = ("since", "channel", "product", "plan", "language", "topic")

_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")

#: columns of the drill-down (redacted text only)
DRILL_COLUMNS = ("ticket_id", "created_at", "channel", "product", "language", "csat", TEXT_DISPLAY)


def parse_filter(value: Any) -> list[Any] | None:
    """A filter value as a list of wanted values, or ``None`` for no filter.

    ``None``, ``""`` and empty collections mean no filter; a string is split on commas
    (``"email, chat"`` → ``["email", "chat"]``); other scalars become one-item lists.
    """
    if value is None:
        return None
    if isinstance(value, str):
        parts = [p.strip() for p in value.split(",") if p.strip()]
        return parts or None
    if isinstance(value, Iterable) and not isinstance(value, Mapping):
        parts = [v for v in value if v is not None and str(v).strip() != ""]
        return parts or None
    return [value]


def _month(value: Any, what: str) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = str(value).strip()
    if not _MONTH.fullmatch(text):
        raise ConfigError(f"filter {what}={value!r}: expected a month as YYYY-MM")
    return text


def _period_bounds(period: Any) -> tuple[str | None, str | None] | list[str] | None:
    if period is None or (isinstance(period, str) and not period.strip()):
        return None
    if isinstance(period, tuple):
        if len(period) != 2:
            raise ConfigError(f"filter period={period!r}: expected (first, last) months")
        return _month(period[0], "period"), _month(period[1], "period")
    months = parse_filter(period)
    return [_month(m, "period") for m in months or []] or None


def _match(series: pd.Series, wanted: list[Any], name: str) -> pd.Series:
    """Rows whose ``series`` value is one of ``wanted`` (text compared case-insensitively); a wanted
    value absent from the column is a typo, reported with the values that exist."""
    have = series.dropna().astype(str).str.strip()
    keys = {v.casefold(): v for v in have.unique()}
    missing = [w for w in wanted if str(w).strip().casefold() not in keys]
    if missing:
        shown = ", ".join(sorted(keys.values())[:20])
        raise ConfigError(f"filter {name}={missing[0]!r}: no ticket has that {name}; values present: {shown}")
    want = {str(w).strip().casefold() for w in wanted}
    return series.astype("string").str.strip().str.casefold().isin(want).fillna(False).astype(bool)


def filter_tickets(tickets: pd.DataFrame, *, customers: pd.DataFrame | None = None, period: Any = None,
                   channel: Any = None, product: Any = None, plan: Any = None, language: Any = None,
                   topic: Any = None) -> pd.DataFrame:
    """The rows of ``tickets`` that pass every filter given (filters combine with AND).

    Each filter takes ``None`` or ``""`` (no filter), one value, a comma-separated string or a list
    (values combine with OR). Text is compared without case (``"Email"`` matches ``email``).

    ``period``: ``"YYYY-MM"`` (one month), a list of months, or a ``(first, last)`` tuple, both ends
    included and either ``None`` for open; months come from the tickets' ``period`` column (else
    ``created_at`` in UTC). ``channel``, ``product``, ``language``: the ticket columns of that name.
    ``plan``: the customer's plan, joined from ``customers`` (``customer_id`` → ``plan``).
    ``topic``: topic ids (``3``, ``"3,7"``) or topic labels (matching ``topic_label``).

    Raises :class:`~vocmine.exceptions.ConfigError` naming the filter when its column is missing
    (e.g. ``plan`` without a customers table) or when a value is present in no ticket (a typo),
    listing the values that exist. The input is not modified; the index is kept.
    """
    mask = pd.Series(True, index=tickets.index)
    bounds = _period_bounds(period)
    if bounds is not None:
        if "period" in tickets.columns:
            months = tickets["period"].astype(str)
        else:
            months = pd.to_datetime(tickets["created_at"], utc=True).dt.tz_localize(None).dt.to_period("M").astype(str)
        if isinstance(bounds, tuple):
            first, last = bounds
            if first is not None:
                mask &= months >= first
            if last is not None:
                mask &= months <= last
        else:
            mask &= months.isin(bounds)
    for name, value in (("channel", channel), ("product", product), ("language", language)):
        wanted = parse_filter(value)
        if wanted is None:
            continue
        if name not in tickets.columns:
            raise ConfigError(f"filter {name}={value!r}: the tickets have no {name!r} column")
        mask &= _match(tickets[name], wanted, name)
    wanted = parse_filter(plan)
    if wanted is not None:
        if customers is None or "plan" not in getattr(customers, "columns", ()) or "customer_id" not in tickets.columns:
            raise ConfigError(f"filter plan={plan!r} needs a customers table with a 'plan' column and tickets "
                              "with customer ids")
        plans = customers.dropna(subset=["customer_id"]).drop_duplicates("customer_id").set_index("customer_id")["plan"]
        mask &= _match(tickets["customer_id"].map(plans), wanted, "plan")
    wanted = parse_filter(topic)
    if wanted is not None:
        ids = [int(w) for w in wanted if isinstance(w, int) or str(w).strip().lstrip("-").isdigit()]
        labels = [w for w in wanted if not (isinstance(w, int) or str(w).strip().lstrip("-").isdigit())]
        known = set(pd.to_numeric(tickets[TOPIC_ID], errors="coerce").dropna().astype(int))
        unknown = [i for i in ids if i not in known]
        if unknown:
            raise ConfigError(f"filter topic={unknown[0]!r}: no ticket has that topic id; ids present: "
                              f"{', '.join(map(str, sorted(known)[:40]))}")
        by_topic = tickets[TOPIC_ID].isin(ids)
        if labels:
            if TOPIC_LABEL not in tickets.columns:
                raise ConfigError(f"filter topic={labels[0]!r}: the tickets have no topic labels; use topic ids")
            by_topic |= _match(tickets[TOPIC_LABEL], labels, "topic")
        mask &= by_topic
    return tickets[mask]


@dataclass
class Exploration:
    """What the exploration notebook shows, for ``period`` after the ``filters``.

    Attributes (frames are redacted; no raw text):

    ``period``
        the report month (``YYYY-MM``).
    ``filters``
        the filters applied, ``name → value`` (only those given).
    ``tickets``
        the filtered history up to ``period``: one row per ticket (``text_display`` only).
    ``current``
        the filtered tickets of ``period``.
    ``accounting``
        rows read / accepted / quarantined per input file of the period's run (not filtered).
    ``volumes``
        ``period, n_tickets``: filtered tickets per month.
    ``channels`` / ``languages``
        ``period, channel|language, n_tickets`` (missing values as ``unknown``).
    ``topics``
        ``topic_id, label, n_tickets, share`` of ``period`` (share of the filtered month), largest first.
    ``examples``
        ``topic_id → [redacted example, …]`` for the ``top_n`` largest topics.

    ``ex["topics"]`` works like ``ex.topics`` (the notebooks' older dictionary style).
    """

    period: str
    filters: dict[str, Any] = field(default_factory=dict)
    tickets: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    accounting: Any = field(default=None, repr=False)
    volumes: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    channels: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    languages: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    topics: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    examples: dict[int, list[str]] = field(default_factory=dict, repr=False)

    def __getitem__(self, key: str) -> Any:
        if key not in self.__dataclass_fields__ and key != "current":
            raise KeyError(key)
        return getattr(self, key)

    @property
    def current(self) -> pd.DataFrame:
        """The filtered tickets created in ``period``."""
        return self.tickets[self.tickets["period"].astype(str) == self.period]

    def drill(self, topic: int, n: int = 10) -> pd.DataFrame:
        """Up to ``n`` tickets of ``topic`` this month (most typical first when ``topic_prob`` is known),
        with the columns of :data:`DRILL_COLUMNS` that exist; ``text_display`` is redacted."""
        df = self.current[self.current[TOPIC_ID] == int(topic)]
        if "topic_prob" in df.columns:
            df = df.sort_values(["topic_prob", "ticket_id"], ascending=[False, True], kind="mergesort")
        return df[[c for c in DRILL_COLUMNS if c in df.columns]].head(n).reset_index(drop=True)


def _counts(history: pd.DataFrame, column: str) -> pd.DataFrame:
    values = history[column].fillna("unknown") if column in history.columns else "unknown"
    return history.assign(**{column: values}).groupby(["period", column]).size().rename("n_tickets").reset_index()


def exploration(data: Any, *, top_n: int = 8, since: Any = None, channel: Any = None, product: Any = None,
                plan: Any = None, language: Any = None, topic: Any = None, **_params: Any) -> Exploration:
    """The :class:`Exploration` of ``data.period`` (a :class:`vocmine.runner.PeriodData`), on the
    tickets that pass the filters (see :func:`filter_tickets`; ``since`` is the first month kept,
    the last is the report month). Run parameters (``**_params``, e.g. ``min_sample_size``) are
    accepted and not used, so a notebook can pass its whole parameter set."""
    period = data.period
    filters = {k: v for k, v in (("since", since), ("channel", channel), ("product", product), ("plan", plan),
                                 ("language", language), ("topic", topic)) if parse_filter(v) is not None}
    history = filter_tickets(data.tickets, customers=data.customers, period=(since or None, period),
                             channel=channel, product=product, plan=plan, language=language, topic=topic)
    history = history.drop(columns=[c for c in ("text", "text_raw", "extra") if c in history.columns])
    current = history[history["period"].astype(str) == period]
    names = topic_names(data)
    vol = history.groupby("period").size().rename("n_tickets").reset_index()
    sizes = current.groupby(TOPIC_ID).size().sort_values(ascending=False, kind="mergesort")
    topics = pd.DataFrame({TOPIC_ID: sizes.index.astype(int), "label": [names.get(int(i), str(i)) for i in sizes.index],
                           "n_tickets": sizes.to_numpy(), "share": (sizes / max(1, len(current))).to_numpy()})
    examples = {int(i): _examples(current, int(i)) for i in topics[TOPIC_ID].head(top_n)}
    return Exploration(period=period, filters=filters, tickets=history, accounting=data.accounting, volumes=vol,
                       channels=_counts(history, "channel"), languages=_counts(history, "language"), topics=topics,
                       examples=examples)
