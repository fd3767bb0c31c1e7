"""Charts a product manager reads without help. Every function returns a matplotlib Figure.

Figures are built with ``matplotlib.figure.Figure`` (no pyplot, no global state, independent of
``MPLBACKEND``), drawn with seaborn, with axis labels and number formats in the brief's language.

Readable on a phone: every chart function takes ``compact=False``. The desktop figure
(:data:`DESKTOP_WIDTH` inches) carries a ``vocmine_compact`` attribute, a no-argument function
that draws the same chart again for a phone (:data:`PHONE_WIDTH` inches, labels wrapped shorter,
at most :data:`PHONE_MAX_TICKS` month labels, legend under the plot).
:class:`~vocmine.briefs.blocks.FigureBlock` renders both and the HTML picks one by screen width.
No text is smaller than :data:`MIN_FONT_PT` points, so a 3.9-inch figure shown 358 px wide
(a 390-px phone) keeps its text above 10 px; colours that carry a meaning have a legend.
"""

from __future__ import annotations

import functools
import textwrap
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from vocmine.briefs import i18n

_PALETTE_NEG = "#c0392b"
_PALETTE_POS = "#2e86c1"
_NEUTRAL = "#7f8c8d"
_CI_COLOR = "#222222"

#: width in inches of the desktop and of the phone rendering
DESKTOP_WIDTH = 8.0
PHONE_WIDTH = 3.9
#: smallest font used on a chart, in points
MIN_FONT_PT = 9.0
#: month labels on the x axis of a trend chart, desktop and phone
DESKTOP_MAX_TICKS = 12
PHONE_MAX_TICKS = 6

_FONTS = {"font.size": 10.0, "axes.titlesize": 11.0, "axes.labelsize": 10.0, "xtick.labelsize": 9.5,
          "ytick.labelsize": 9.5, "legend.fontsize": MIN_FONT_PT, "legend.title_fontsize": MIN_FONT_PT,
          "figure.titlesize": 11.5}


def _with_compact(func: Callable[..., Any]) -> Callable[..., Any]:
    """Draw with the brief's font sizes; attach ``vocmine_compact`` (the phone redraw) to the result."""

    @functools.wraps(func)
    def wrapper(*args: Any, compact: bool = False, **kwargs: Any) -> Any:
        import matplotlib

        with matplotlib.rc_context(_FONTS):
            fig = func(*args, compact=compact, **kwargs)
        if not compact:
            fig.vocmine_compact = lambda: wrapper(*args, compact=True, **kwargs)
        return fig

    return wrapper


def _figure(height: float, compact: bool = False) -> Any:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(PHONE_WIDTH if compact else DESKTOP_WIDTH, height), layout="constrained")
    return fig


def _wrap(label: Any, width: int = 38, lines: int = 2) -> str:
    parts = textwrap.wrap(str(label), width)
    if len(parts) > lines:
        parts = parts[:lines]
        parts[-1] = parts[-1][: width - 1] + "…"
    return "\n".join(parts) or "–"


def _label(label: Any, compact: bool) -> str:
    """A category label wrapped for the axis: 38 characters × 2 lines, 18 × 3 on a phone."""
    return _wrap(label, 18, 3) if compact else _wrap(label, 38, 2)


def _legend(fig: Any, handles: list[Any], compact: bool) -> None:
    """Colour legend under the plot (one column on a phone)."""
    if handles:
        fig.legend(handles=handles, loc="outside lower center", ncol=1 if compact else min(3, len(handles)),
                   frameon=False)


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


@_with_compact
def interval_bars(frame: pd.DataFrame, *, label: str, value: str, low: str, high: str, xlabel: str,
                  lang: str, title: str = "", scale: float = 100.0, decimals: int = 0, worse: str = "low",
                  keep_order: bool = False, compact: bool = False) -> Any:
    """Sorted horizontal bars of ``value`` with ``[low, high]`` whiskers and a zero line.

    ``keep_order=True`` keeps the frame's row order (first row at the top), so a chart reads in the
    same order as the table beside it.

    The worst bar is at the top and red: ``worse="low"`` (e.g. CSAT difference: most negative first)
    or ``worse="high"`` (e.g. churn difference: most positive first); the other side is blue.
    Values that are all of one sign with ``worse="high"`` (a rate, not a difference) are all blue:
    the colour then says nothing. The legend names the colours shown and the whiskers.
    ``scale`` multiplies values for display (100 turns fractions into percentage points).
    """
    import seaborn as sns
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    df = frame[[label, value, low, high]].dropna(subset=[value])
    if not keep_order:
        df = df.sort_values(value, ascending=(worse == "low"), kind="mergesort")
    fig = _figure(max(2.6, (0.62 if compact else 0.45) * len(df) + 1.6), compact)
    ax = fig.add_subplot()
    if df.empty:
        return _empty(fig, ax, lang)
    names = [_label(v, compact) for v in df[label]]
    vals = df[value].to_numpy(float) * scale
    signed = worse == "low" or bool((vals < 0).any())
    colors = [_PALETTE_NEG if signed and (v < 0) == (worse == "low") and v != 0 else _PALETTE_POS for v in vals]
    sns.barplot(x=vals, y=names, hue=names, palette=colors, legend=False, ax=ax, orient="h", dodge=False)
    lo = df[low].to_numpy(float) * scale
    hi = df[high].to_numpy(float) * scale
    ok = ~(np.isnan(lo) | np.isnan(hi))
    ypos = np.arange(len(df))
    ax.errorbar(x=vals[ok], y=ypos[ok], xerr=np.vstack([vals[ok] - lo[ok], hi[ok] - vals[ok]]).clip(min=0),
                fmt="none", ecolor=_CI_COLOR, elinewidth=1.2, capsize=3)
    ax.axvline(0, color="#444444", linewidth=0.8)
    handles = []
    if signed:
        if _PALETTE_NEG in colors:
            handles.append(Patch(color=_PALETTE_NEG, label=i18n.t("legend_worse", lang)))
        if _PALETTE_POS in colors:
            handles.append(Patch(color=_PALETTE_POS, label=i18n.t("legend_better", lang)))
    if ok.any():
        handles.append(Line2D([], [], color=_CI_COLOR, linewidth=1.2, label=i18n.t("legend_ci", lang)))
    _legend(fig, handles, compact)
    return _finish_bars(fig, ax, xlabel=_wrap(xlabel, 40, 3) if compact else xlabel, lang=lang, decimals=decimals,
                        title=title)


@_with_compact
def ratio_bars(frame: pd.DataFrame, *, label: str, value: str, low: str, high: str, flag: str, xlabel: str,
               lang: str, title: str = "", compact: bool = False) -> Any:
    """Ratios (e.g. adjusted odds ratios) as points with ``[low, high]`` whiskers on a log axis, a line
    at 1, in the frame's row order; rows whose ``flag`` is True are red (what the text calls
    significant), the others grey. Rows without a value are left out."""
    df = frame[[label, value, low, high, flag]].dropna(subset=[value])
    df = df[df[value] > 0]
    fig = _figure(max(2.6, (0.62 if compact else 0.45) * len(df) + 1.8), compact)
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
    ax.set_yticks(ypos, [_label(v, compact) for v in df[label]])
    from matplotlib.ticker import NullFormatter, NullLocator

    finite = np.concatenate([vals, lo[np.isfinite(lo)], hi[np.isfinite(hi)]])
    finite = finite[finite > 0]
    ticks = [x for x in (0.125, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0)
             if finite.min() / 2 <= x <= finite.max() * 2]
    while compact and len(ticks) > 4:  # a phone fits about four ratio labels: keep 1× and every other one
        keep = ticks.index(1.0) % 2 if 1.0 in ticks else 0
        ticks = ticks[keep::2]
    ax.set_xticks(ticks)
    ax.xaxis.set_minor_locator(NullLocator())
    ax.xaxis.set_minor_formatter(NullFormatter())
    from matplotlib.ticker import FuncFormatter

    ax.xaxis.set_major_formatter(FuncFormatter(
        lambda v, _pos: i18n.fmt_number(v, lang, 0 if v >= 1 else len(f"{v:g}".split(".")[-1])) + "×"))
    ax.set_xlabel(_wrap(xlabel, 40 if compact else 70, 4))
    if title:
        ax.set_title(title, loc="left")
    from matplotlib.lines import Line2D

    handles = [Line2D([], [], color=c, marker="o", linewidth=2, label=i18n.t(key, lang))
               for c, key, present in ((_PALETTE_NEG, "legend_significant", flagged.any()),
                                       (_NEUTRAL, "legend_not_significant", (~flagged).any())) if present]
    _legend(fig, handles, compact)
    import seaborn as sns

    sns.despine(ax=ax, left=True)
    return fig


@_with_compact
def bars(frame: pd.DataFrame, *, label: str, value: str, xlabel: str, lang: str, title: str = "",
         scale: float = 1.0, decimals: int = 0, color: str = _PALETTE_POS, compact: bool = False) -> Any:
    """Sorted horizontal bars (largest at the top) with value labels."""
    import seaborn as sns

    df = frame[[label, value]].dropna().sort_values(value, ascending=False, kind="mergesort")
    fig = _figure(max(2.2, (0.6 if compact else 0.4) * len(df) + 1.2), compact)
    ax = fig.add_subplot()
    if df.empty:
        return _empty(fig, ax, lang)
    vals = df[value].to_numpy(float) * scale
    sns.barplot(x=vals, y=[_label(v, compact) for v in df[label]], color=color, ax=ax, orient="h")
    for i, v in enumerate(vals):
        ax.text(v, i, " " + i18n.fmt_number(v, lang, decimals), va="center", fontsize=MIN_FONT_PT)
    ax.set_xlim(right=float(np.nanmax(vals)) * (1.25 if compact else 1.12) if np.nanmax(vals) > 0 else None)
    return _finish_bars(fig, ax, xlabel=xlabel, lang=lang, decimals=decimals, title=title)


def month_ticks(months: list[str], max_labels: int) -> list[int]:
    """Positions of the month labels kept on a trend axis: at most ``max_labels``, evenly spaced,
    always ending on the last month (the report month), so 44–80-month histories never overprint."""
    n = len(months)
    if n == 0:
        return []
    step = max(1, -(-n // max(1, max_labels)))
    return sorted({*range(n - 1, -1, -step)})


@_with_compact
def trend_lines(frame: pd.DataFrame, *, period: str, value: str, group: str | None, ylabel: str, lang: str,
                title: str = "", scale: float = 1.0, decimals: int = 0, highlight: str | None = None,
                low: str | None = None, high: str | None = None, compact: bool = False) -> Any:
    """Monthly lines of ``value`` (one per ``group``), months labelled in ``lang`` on the x axis.

    With ``low`` and ``high`` (single line only) the interval is drawn as a shaded band, in the
    same units as ``value`` (multiplied by ``scale``). At most :data:`DESKTOP_MAX_TICKS` month
    labels (:data:`PHONE_MAX_TICKS` on a phone), the last one being the latest month; markers
    are dropped beyond 24 months. The legend (groups, band, report month) sits under the plot."""
    import seaborn as sns
    from matplotlib.patches import Patch

    df = frame.dropna(subset=[value]).copy()
    fig = _figure(4.6 if compact else 3.8, compact)
    ax = fig.add_subplot()
    if df.empty:
        return _empty(fig, ax, lang)
    months = sorted(df[period].astype(str).unique())
    df["_x"] = df[period].astype(str).map({m: i for i, m in enumerate(months)})
    df["_y"] = df[value].astype(float) * scale
    marker = "o" if len(months) <= 24 else None
    handles: list[Any] = []
    if group is not None:
        df["_g"] = df[group].map(lambda v: _wrap(v, 28 if compact else 30))
        sns.lineplot(data=df, x="_x", y="_y", hue="_g", marker=marker, ax=ax)
        handles, _labels = ax.get_legend_handles_labels()
        if ax.get_legend() is not None:
            ax.get_legend().remove()
    else:
        sns.lineplot(data=df, x="_x", y="_y", marker=marker, ax=ax, color=_PALETTE_POS)
        if low is not None and high is not None:
            ax.fill_between(df["_x"].to_numpy(float), df[low].astype(float).to_numpy() * scale,
                            df[high].astype(float).to_numpy() * scale, color=_PALETTE_POS, alpha=0.2, linewidth=0)
            handles.append(Patch(color=_PALETTE_POS, alpha=0.2, label=i18n.t("legend_ci", lang)))
    if highlight is not None and highlight in months:
        ax.axvspan(months.index(highlight) - 0.3, months.index(highlight) + 0.3, color="#f1c40f", alpha=0.2)
        handles.append(Patch(color="#f1c40f", alpha=0.2, label=i18n.t("legend_month", lang)))
    _legend(fig, handles, compact or len(handles) > 6)
    ticks = month_ticks(months, PHONE_MAX_TICKS if compact else DESKTOP_MAX_TICKS)
    ax.set_xticks(ticks, [i18n.month_short(months[i], lang) for i in ticks])
    ax.set_xlabel(i18n.t("month", lang))
    ax.set_ylabel(_wrap(ylabel, 34, 3) if compact else ylabel)
    ax.yaxis.set_major_formatter(_formatter(lang, 1.0, decimals))
    ax.set_ylim(bottom=0)
    if title:
        ax.set_title(title, loc="left")
    sns.despine(ax=ax)
    return fig
