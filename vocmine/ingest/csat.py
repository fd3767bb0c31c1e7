"""CSAT normalisation to 0..1, keeping the exported value in ``csat_raw``.

Scales: ``"lo-hi"`` for any numeric range (``1-5``, ``1-10``, ``0-10``, ``0-2``, ``0-1``,
``1-3``...): ``(value - lo) / (hi - lo)``; ``good_bad`` (Zendesk): good = 1, bad = 0.
Values meaning "not rated" (Zendesk ``offered`` / ``unoffered``, ``n/a``, ``-``, blank)
become NaN and are not errors.

Known labels are also read: ``good``/``bad`` (and "... with comment"), Freshdesk's
three-point ``awesome`` / ``neutral`` / ``not good`` (scale 0-2) and five-point
``extremely happy`` .. ``extremely unhappy`` (scale 1-5), survey wording ``very satisfied`` ..
``very dissatisfied`` and ``muito satisfeito`` .. ``muito insatisfeito`` (1-5), and the PT quality
scale ``péssimo`` / ``ruim`` / ``regular`` / ``bom`` / ``ótimo`` (1-5; ``bom`` and ``ruim`` alone are
good / bad). The first set holding every label of the column wins. Survey spellings are read as
their number: ``4/5``, ``8/10``, stars (``★★★★``), ``5 - Muito satisfeito``; a column of
percentages (``80%``) is on the 0-100 scale.

Inference when no scale is given (``scale=None``) is made from the *bulk* of the values:
values outside 0..10 are never evidence, and a few values at the edges (at most 1% of the
ratings, at least one when there are 10 or more) that stretch the range are set aside, so one
``6`` in a thousand 1-5 ratings, or one ``0``, does not turn the scale into 1-10 or 0-5. When
the bulk is whole numbers, a stray non-integer (``4.5``) is not evidence either. Whatever
falls outside the chosen scale, or is not a whole rating on an inferred integer scale, is
quarantined per value (the ticket is kept without a CSAT); the decision and its evidence are
returned for the accounting notes. The table, on the bulk's range:

====================  ==========
observed min .. max   scale
====================  ==========
any non-integer, max ≤ 1     0-1
0 .. 6-10             0-10
1+ .. 6-10            1-10
1+ .. 3-5             1-5
0 .. 2                0-2
otherwise             ambiguous → :class:`ConfigError` naming the column
====================  ==========

So ``{0, 1}`` only, ``{1, 2}`` only, ``0 .. 3-5`` are ambiguous: say the scale in the preset,
the column map (``csat: {column: "Nota", scale: "1-5"}``) or with ``--csat-scale 1-5``.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from vocmine.exceptions import ConfigError

NOT_RATED = frozenset({"offered", "unoffered", "not offered", "not rated", "unrated", "n/a", "na", "none",
                       "null", "-", "--", "sem avaliação", "sem avaliacao", "não avaliado", "nao avaliado"})

# label set -> (scale, {label: value on that scale})
LABEL_SETS: dict[str, tuple[str, dict[str, float]]] = {
    "good_bad": ("good_bad", {"good": 1.0, "bad": 0.0, "good with comment": 1.0, "bad with comment": 0.0,
                              "good_with_comment": 1.0, "bad_with_comment": 0.0,
                              "positive": 1.0, "negative": 0.0, "bom": 1.0, "ruim": 0.0}),
    "three_point": ("0-2", {"awesome": 2.0, "neutral": 1.0, "not good": 0.0}),
    "five_point": ("1-5", {"extremely happy": 5.0, "very happy": 5.0, "happy": 4.0, "neutral": 3.0,
                           "unhappy": 2.0, "very unhappy": 1.0, "extremely unhappy": 1.0}),
    # survey wording, EN and PT: "Very satisfied" ... "Very dissatisfied", "Muito satisfeito" ... "Muito insatisfeito"
    "satisfaction": ("1-5", {"very satisfied": 5.0, "satisfied": 4.0, "neutral": 3.0,
                             "neither satisfied nor dissatisfied": 3.0, "dissatisfied": 2.0, "very dissatisfied": 1.0,
                             "muito satisfeito": 5.0, "satisfeito": 4.0, "neutro": 3.0, "indiferente": 3.0,
                             "nem satisfeito nem insatisfeito": 3.0, "insatisfeito": 2.0, "muito insatisfeito": 1.0}),
    # a PT quality scale: "Péssimo, Ruim, Regular, Bom, Ótimo" (bom/ruim alone are read as good/bad)
    "quality_pt": ("1-5", {"péssimo": 1.0, "pessimo": 1.0, "muito ruim": 1.0, "ruim": 2.0, "regular": 3.0,
                           "bom": 4.0, "muito bom": 5.0, "ótimo": 5.0, "otimo": 5.0, "excelente": 5.0}),
}
_SCALE = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(?:-|\.\.|to|a)\s*(-?\d+(?:\.\d+)?)\s*$")
SCALE_ALIASES = {"good/bad": "good_bad", "good-bad": "good_bad", "zendesk": "good_bad", "binary": "0-1"}


def scale_bounds(scale: str, *, column: str = "csat") -> tuple[float, float]:
    """``(lo, hi)`` of a scale name; ``good_bad`` is 0..1."""
    scale = SCALE_ALIASES.get(scale.strip().lower(), scale.strip().lower())
    if scale == "good_bad":
        return 0.0, 1.0
    m = _SCALE.match(scale)
    if not m or float(m.group(1)) >= float(m.group(2)):
        raise ConfigError(f"CSAT column {column!r}: unknown scale {scale!r}; use 'lo-hi' such as '1-5', "
                          f"'1-10', '0-10', '0-2', or 'good_bad'")
    return float(m.group(1)), float(m.group(2))


def infer_scale(values: np.ndarray, *, column: str) -> str:
    """Scale from observed numbers (already restricted to 0..10); see the module table."""
    if values.size == 0:
        return "1-5"  # nothing to normalise: any scale gives the same all-NaN result
    lo, hi = float(values.min()), float(values.max())
    integral = bool(np.all(values == np.round(values)))
    seen = sorted(set(values.tolist()))[:12]
    if not integral:
        if hi <= 1:
            return "0-1"
    elif hi >= 6:
        return "0-10" if lo == 0 else "1-10"
    elif hi >= 3 and lo >= 1:
        return "1-5"
    elif hi == 2 and lo == 0:
        return "0-2"
    raise ConfigError(
        f"cannot infer the CSAT scale of column {column!r} from the observed values {seen}: "
        f"name it in the column map, e.g. csat: {{column: {column!r}, scale: '1-5'}}, or pass --csat-scale 1-5 "
        f"(scales: 'lo-hi' such as 1-5, 1-10, 0-10, 0-2, 0-1, or good_bad)")


def bulk_scale(values: np.ndarray, *, column: str) -> tuple[str, bool, str]:
    """``(scale, integral, evidence)`` inferred from the bulk of ``values`` (every numeric rating).

    ``integral``: the bulk is whole numbers (a stray fraction is then not a rating).
    ``evidence``: one sentence for the notes (how many values, which range, what was set aside).
    """
    n = int(values.size)
    plausible = values[(values >= 0) & (values <= 10)]
    if plausible.size == 0:
        return "1-5", True, f"no rating between 0 and 10 among {n} value(s): scale 1-5 assumed"
    budget = max(1, n // 100) if n >= 10 else 0
    whole = plausible[plausible == np.round(plausible)]
    fractions = plausible.size - whole.size
    if fractions and (fractions > budget or whole.size == 0):
        return infer_scale(plausible, column=column), False, (
            f"inferred from {plausible.size} of {n} value(s) ({plausible.min():g}..{plausible.max():g}, fractions)")
    budget -= fractions
    distinct, counts = np.unique(whole, return_counts=True)
    lo_i, hi_i = 0, len(distinct) - 1
    while hi_i > lo_i and counts[hi_i] <= budget and distinct[hi_i - 1] >= 3:   # a stray 6 above 1..5
        budget -= int(counts[hi_i])
        hi_i -= 1
    if distinct[lo_i] == 0 and hi_i > lo_i and distinct[hi_i] <= 5 and counts[lo_i] <= budget:  # a stray 0 below 1..5
        budget -= int(counts[lo_i])
        lo_i += 1
    bulk = whole[(whole >= distinct[lo_i]) & (whole <= distinct[hi_i])]
    scale = infer_scale(bulk, column=column)
    evidence = f"inferred from {bulk.size} of {n} value(s) ({distinct[lo_i]:g}..{distinct[hi_i]:g})"
    return scale, True, evidence


def normalise_csat(raw: pd.Series, *, scale: str | None = None, column: str = "csat",
                   evidence: list[str] | None = None) -> tuple[pd.Series, pd.Series, pd.Series, str | None]:
    """Return ``(csat, bad, reason, scale_used)``.

    ``csat`` is float in 0..1 or NaN; ``bad`` marks present values that are not a rating on
    the scale (their ``reason`` says why); ``scale_used`` is the scale applied (None when the
    column holds no rating at all). When the scale is inferred, ``evidence`` (a list) receives
    one sentence saying from what.
    """
    if scale is not None:  # canonical spelling: "1 - 5" -> "1-5", "Zendesk" -> "good_bad"
        lo, hi = scale_bounds(scale, column=column)
        key = scale.strip().lower()
        scale = "good_bad" if SCALE_ALIASES.get(key, key) == "good_bad" else f"{lo:g}-{hi:g}"
    texts = [v.strip() if isinstance(v, str) and v.strip() else None for v in raw.tolist()]
    # ratings as surveys export them: "4/5", "★★★★", "5 - Muito satisfeito", "80%" (the raw value is kept in csat_raw)
    spelled = [_rating(t) for t in texts]
    given = [t for t in texts if t is not None]
    if scale is None and given and all(_PERCENT.fullmatch(t) for t in given):
        scale = "0-100"
        if evidence is not None:
            evidence.append(f"percentages ({len(given)} value(s))")
    texts = [r if r is not None else t for r, t in zip(spelled, texts, strict=True)]
    keys = [t.lower() if t is not None else None for t in texts]
    n = len(texts)
    values = np.full(n, np.nan)
    reason = np.array([""] * n, dtype=object)
    is_label = np.zeros(n, dtype=bool)
    labels_seen = {k for k in keys if k is not None and k not in NOT_RATED and not _is_number(k)}

    label_scale, label_map = None, {}
    if scale == "good_bad":
        label_scale, label_map = LABEL_SETS["good_bad"]
    elif labels_seen:
        for sc, mapping in LABEL_SETS.values():  # the first set holding every label seen
            if scale is not None and sc != scale:
                continue
            if labels_seen <= set(mapping):
                label_scale, label_map = sc, mapping
                break
        if label_scale is None:  # take the set covering most labels; the rest are row errors
            best = max(LABEL_SETS.values(), key=lambda item: len(labels_seen & set(item[1])))
            if labels_seen & set(best[1]) and (scale is None or best[0] == scale):
                label_scale, label_map = best

    for i, k in enumerate(keys):
        if k is None or k in NOT_RATED:
            continue
        if _is_number(k):
            values[i] = _to_float(k)
        elif k in label_map:
            values[i] = label_map[k]
            is_label[i] = True
        else:
            reason[i] = f"csat {texts[i]!r} is not a number or a known rating label"

    numeric = ~np.isnan(values) & ~is_label
    whole_only = False
    if scale is None:
        scale = label_scale
    if scale is None and numeric.any():
        scale, whole_only, why = bulk_scale(values[numeric], column=column)
        if evidence is not None:
            evidence.append(why)
    if whole_only:
        fraction = numeric & (values != np.round(values)) & (values >= 0) & (values <= 10)
        for i in np.flatnonzero(fraction):
            reason[i] = f"csat {texts[i]} is not a whole rating on the inferred scale {scale}"
            values[i] = np.nan
    if scale is not None:
        lo, hi = scale_bounds(scale, column=column)
        out_of_scale = numeric & ((values < lo) | (values > hi))
        for i in np.flatnonzero(out_of_scale):
            reason[i] = f"csat {texts[i]} outside scale {scale}"
            values[i] = np.nan
        values = (values - lo) / (hi - lo)
    bad = reason != ""
    values[bad] = np.nan
    return (pd.Series(values, index=raw.index, dtype="float64"),
            pd.Series(bad, index=raw.index),
            pd.Series(reason, index=raw.index, dtype=object),
            scale)


_FRACTION = re.compile(r"(\d+(?:[.,]\d+)?)\s*/\s*\d+")           # "4/5", "8/10"
_PERCENT = re.compile(r"(\d+(?:[.,]\d+)?)\s*%")                    # "80%"
_STARS = re.compile(r"[★⭐]+")                                        # "★★★★"
_NUMBERED = re.compile(r"(\d+(?:[.,]\d+)?)\s*[-–:.)]\s*\D.*")       # "5 - Muito satisfeito", "4. Satisfied"


def _rating(text: str | None) -> str | None:
    """The number a survey's spelling of a rating holds, as text, or None when it is not one of
    those spellings (the value is then read as it is)."""
    if text is None:
        return None
    for pattern in (_FRACTION, _PERCENT, _NUMBERED):
        m = pattern.fullmatch(text)
        if m:
            return m.group(1)
    if _STARS.fullmatch(text.replace(" ", "")):
        return str(len(text.replace(" ", "")))
    return None


def _is_number(text: str) -> bool:
    return not np.isnan(_to_float(text))


def _to_float(text: str) -> float:
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return float("nan")
