"""Charts a product manager reads without help. Every function returns a matplotlib Figure.

Figures are built with ``matplotlib.figure.Figure`` (no pyplot, no global state, independent of
``MPLBACKEND``), drawn with seaborn, with axis labels and number formats in the brief's language.
"""

from __future__ import annotations

import textwrap
from typing import Any

import numpy as np
import pandas as pd

from vocmine.briefs import i18n

_PALETTE_NEG = "#c0392b"
_PALETTE_POS = "#2e86c1"
_NEUTRAL = "#7f8c8d"


def _figure(height: float, width: float = 8.0) -> Any:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), layout="constrained")
    return fig


def _wrap(label: Any, width: int = 38) -> str:
    return "\n".join(textwrap.wrap(str(label), width)[:2]) or "–"


def _formatter(lang: str, scale: float = 1.0, decimals: int = 0, suffix: str = "") -> Any:
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda v, _pos: i18n.fmt_number(v * scale, lang, decimals) + suffix)


def _empty(fig: Any, ax: Any, lang: str) -> Any:
    """A figure that says there is nothing to show (in ``lang``) instead of empty axes."""
    ax.text(0.5, 0.5, i18n.t("none", lang), ha="center", va="center", transform=ax.transAxes)
    ax.set_axis_off()
    return fig


def _finish_bars(fig: Any, ax: Any, *, xlabel: str, lang: str, decimals: int, title: str) -> Any:
    """Axis labels, number format, title and frame shared by the horizontal bar charts."""
    import seaborn as sns

    ax.set_xlabel(xlabel)
    ax.set_ylabel("")
    ax.xaxis.set_major_formatter(_formatter(lang, 1.0, decimals))
    if title:
        ax.set_title(title, loc="left")
    sns.despine(ax=ax, left=True)
    return fig


def interval_bars(frame: pd.DataFrame, *, label: str, value: str, low: str, high: str, xlabel: str,
                  lang: str, title: str = "", scale: float = 100.0, decimals: int = 0, worse: str = "low",
                  keep_order: bool = False) -> Any:
    """Sorted horizontal bars of ``value`` with ``[low, high]`` whiskers and a zero line.

    ``keep_order=True`` keeps the frame's row order (first row at the top), so a chart reads in the
    same order as the table beside it.

    The worst bar is at the top and red: ``worse="low"`` (e.g. CSAT difference: most negative first)
    or ``worse="high"`` (e.g. churn difference: most positive first); the other side is blue.
    ``scale`` multiplies values for display (100 turns fractions into percentage points).
    """
    import seaborn as sns

    df = frame[[label, value, low, high]].dropna(subset=[value])
    if not keep_order:
        df = df.sort_values(value, ascending=(worse == "low"), kind="mergesort")
    fig = _figure(max(2.2, 0.45 * len(df) + 1.2))
    ax = fig.add_subplot()
    if df.empty:
        return _empty(fig, ax, lang)
    names = [_wrap(v) for v in df[label]]
    vals = df[value].to_numpy(float) * scale
    colors = [_PALETTE_NEG if (v < 0) == (worse == "low") and v != 0 else _PALETTE_POS for v in vals]
    sns.barplot(x=vals, y=names, hue=names, palette=colors, legend=False, ax=ax, orient="h", dodge=False)
    lo = df[low].to_numpy(float) * scale
    hi = df[high].to_numpy(float) * scale
    ok = ~(np.isnan(lo) | np.isnan(hi))
    ypos = np.arange(len(df))
    ax.errorbar(x=vals[ok], y=ypos[ok], xerr=np.vstack([vals[ok] - lo[ok], hi[ok] - vals[ok]]).clip(min=0),
                fmt="none", ecolor="#222222", elinewidth=1.2, capsize=3)
    ax.axvline(0, color="#444444", linewidth=0.8)
    return _finish_bars(fig, ax, xlabel=xlabel, lang=lang, decimals=decimals, title=title)


def ratio_bars(frame: pd.DataFrame, *, label: str, value: str, low: str, high: str, flag: str, xlabel: str,
               lang: str, title: str = "") -> Any:
    """Ratios (e.g. adjusted odds ratios) as points with ``[low, high]`` whiskers on a log axis, a line
    at 1, in the frame's row order; rows whose ``flag`` is True are red (what the text calls
    significant), the others grey. Rows without a value are left out."""
    df = frame[[label, value, low, high, flag]].dropna(subset=[value])
    df = df[df[value] > 0]
    fig = _figure(max(2.2, 0.45 * len(df) + 1.2))
    ax = fig.add_subplot()
    if df.empty:
        return _empty(fig, ax, lang)
    ypos = np.arange(len(df))[::-1]
    vals = df[value].to_numpy(float)
    lo = df[low].to_numpy(float)
    hi = df[high].to_numpy(float)
    flagged = df[flag].fillna(False).astype(bool).to_numpy()
    for y, v, a, b, f in zip(ypos, vals, lo, hi, flagged, strict=True):
        color = _PALETTE_NEG if f else _NEUTRAL
        if np.isfinite(a) and np.isfinite(b):
            ax.plot([max(a, 1e-3), b], [y, y], color=color, linewidth=2)
        ax.plot([v], [y], "o", color=color, markersize=7)
    ax.set_xscale("log")
    ax.axvline(1, color="#444444", linewidth=0.8)
    ax.set_yticks(ypos, [_wrap(v) for v in df[label]])
    from matplotlib.ticker import NullFormatter, NullLocator

    finite = np.concatenate([vals, lo[np.isfinite(lo)], hi[np.isfinite(hi)]])
    finite = finite[finite > 0]
    ticks = [x for x in (0.125, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0)
             if finite.min() / 2 <= x <= finite.max() * 2]
    ax.set_xticks(ticks)
    ax.xaxis.set_minor_locator(NullLocator())
    ax.xaxis.set_minor_formatter(NullFormatter())
    from matplotlib.ticker import FuncFormatter

    ax.xaxis.set_major_formatter(FuncFormatter(
        lambda v, _pos: i18n.fmt_number(v, lang, 0 if v >= 1 else len(f"{v:g}".split(".")[-1])) + "×"))
    ax.set_xlabel(_wrap(xlabel, 70))
    if title:
        ax.set_title(title, loc="left")
    import seaborn as sns

    sns.despine(ax=ax, left=True)
    return fig


def bars(frame: pd.DataFrame, *, label: str, value: str, xlabel: str, lang: str, title: str = "",
         scale: float = 1.0, decimals: int = 0, color: str = _PALETTE_POS) -> Any:
    """Sorted horizontal bars (largest at the top) with value labels."""
    import seaborn as sns

    df = frame[[label, value]].dropna().sort_values(value, ascending=False, kind="mergesort")
    fig = _figure(max(2.2, 0.4 * len(df) + 1.2))
    ax = fig.add_subplot()
    if df.empty:
        return _empty(fig, ax, lang)
    vals = df[value].to_numpy(float) * scale
    sns.barplot(x=vals, y=[_wrap(v) for v in df[label]], color=color, ax=ax, orient="h")
    for i, v in enumerate(vals):
        ax.text(v, i, " " + i18n.fmt_number(v, lang, decimals), va="center", fontsize=8)
    return _finish_bars(fig, ax, xlabel=xlabel, lang=lang, decimals=decimals, title=title)


def trend_lines(frame: pd.DataFrame, *, period: str, value: str, group: str | None, ylabel: str, lang: str,
                title: str = "", scale: float = 1.0, decimals: int = 0, highlight: str | None = None,
                low: str | None = None, high: str | None = None) -> Any:
    """Monthly lines of ``value`` (one per ``group``), months labelled in ``lang`` on the x axis.

    With ``low`` and ``high`` (single line only) the interval is drawn as a shaded band, in the
    same units as ``value`` (multiplied by ``scale``)."""
    import seaborn as sns

    df = frame.dropna(subset=[value]).copy()
    fig = _figure(3.6)
    ax = fig.add_subplot()
    if df.empty:
        return _empty(fig, ax, lang)
    months = sorted(df[period].astype(str).unique())
    df["_x"] = df[period].astype(str).map({m: i for i, m in enumerate(months)})
    df["_y"] = df[value].astype(float) * scale
    if group is not None:
        df["_g"] = df[group].map(lambda v: _wrap(v, 30))
        sns.lineplot(data=df, x="_x", y="_y", hue="_g", marker="o", ax=ax)
        ax.legend(title="", fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    else:
        sns.lineplot(data=df, x="_x", y="_y", marker="o", ax=ax, color=_PALETTE_POS)
        if low is not None and high is not None:
            ax.fill_between(df["_x"].to_numpy(float), df[low].astype(float).to_numpy() * scale,
                            df[high].astype(float).to_numpy() * scale, color=_PALETTE_POS, alpha=0.2, linewidth=0)
    if highlight is not None and highlight in months:
        ax.axvspan(months.index(highlight) - 0.3, months.index(highlight) + 0.3, color="#f1c40f", alpha=0.2)
    step = max(1, -(-len(months) // 12))  # at most ~12 tick labels: long histories stay readable
    ax.set_xticks(range(0, len(months), step), [i18n.month_short(m, lang) for m in months[::step]])
    ax.set_xlabel(i18n.t("month", lang))
    ax.set_ylabel(ylabel)
    ax.yaxis.set_major_formatter(_formatter(lang, 1.0, decimals))
    ax.set_ylim(bottom=0)
    if title:
        ax.set_title(title, loc="left")
    sns.despine(ax=ax)
    return fig
