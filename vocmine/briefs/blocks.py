"""Display blocks: the unit a brief is made of.

A brief is a list of blocks (heading, paragraph, bullet list, table, figure, note). A notebook
shows them with ``display(block)``; each block renders itself as escaped HTML and escaped
Markdown (``_repr_mimebundle_``) and tags its output with ``{"vocmine": {"block": kind}}``
metadata, which is what :mod:`vocmine.briefs.export` keeps when it turns the executed notebook
into the published HTML/Markdown (everything else, code cells included, is dropped).

Every text value is escaped here, so ticket text such as ``<script>`` stays inert.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from vocmine.briefs.writers import escape_html, escape_markdown

META_KEY = "vocmine"


class Block:
    kind = "block"

    def html(self) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def markdown(self) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def plain(self) -> str:
        return self.markdown()

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> tuple[dict, dict]:
        data = {"text/html": self.html(), "text/markdown": self.markdown(), "text/plain": self.plain()}
        return data, {META_KEY: {"block": self.kind}}


@dataclass
class Heading(Block):
    text: str
    level: int = 2
    kind = "heading"

    def html(self) -> str:
        return f"<h{self.level}>{escape_html(self.text)}</h{self.level}>"

    def markdown(self) -> str:
        return "#" * self.level + " " + escape_markdown(self.text)


@dataclass
class Paragraph(Block):
    """Plain text paragraph; ``strong`` is an optional bold lead-in."""

    text: str
    strong: str = ""
    kind = "paragraph"

    def html(self) -> str:
        lead = f"<strong>{escape_html(self.strong)}</strong> " if self.strong else ""
        return f"<p>{lead}{escape_html(self.text)}</p>"

    def markdown(self) -> str:
        lead = f"**{escape_markdown(self.strong)}** " if self.strong else ""
        return lead + escape_markdown(self.text)


@dataclass
class Note(Paragraph):
    kind = "note"

    def html(self) -> str:
        return f'<p class="note">{escape_html(self.text)}</p>'

    def markdown(self) -> str:
        return "_" + escape_markdown(self.text) + "_"


@dataclass
class BulletList(Block):
    items: Sequence[str]
    kind = "list"

    def html(self) -> str:
        return "<ul>" + "".join(f"<li>{escape_html(i)}</li>" for i in self.items) + "</ul>"

    def markdown(self) -> str:
        return "\n".join(f"- {escape_markdown(i)}" for i in self.items)


@dataclass
class Table(Block):
    """A table of display strings (format numbers before building it)."""

    frame: pd.DataFrame
    caption: str = ""
    kind = "table"

    def html(self) -> str:
        """``<table>`` whose cells carry their column name (``data-label``): on a narrow screen the
        page's CSS turns each row into a card of "column: value" lines, so no column is cut."""
        cap = f"<caption>{escape_html(self.caption)}</caption>" if self.caption else ""
        names = [escape_html(c) for c in self.frame.columns]
        head = "".join(f'<th scope="col">{n}</th>' for n in names)
        rows = "".join(
            "<tr>" + "".join(_td(n, _cell(v)) for n, v in zip(names, row, strict=True)) + "</tr>"
            for row in self.frame.itertuples(index=False)
        )
        return f'<table class="cards">{cap}<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'

    def markdown(self) -> str:
        if self.frame.empty:
            return ""
        cols = [escape_markdown(c, line_start=False) for c in self.frame.columns]
        lines = ["| " + " | ".join(cols) + " |", "|" + "|".join("---" for _ in cols) + "|"]
        for row in self.frame.itertuples(index=False):
            lines.append("| " + " | ".join(escape_markdown(_cell(v), line_start=False) for v in row) + " |")
        cap = f"_{escape_markdown(self.caption)}_\n\n" if self.caption else ""
        return cap + "\n".join(lines)


def _td(label: str, text: str) -> str:
    """A cell; a short value (a number with its share, a month) is kept on one line (class ``nw``)."""
    cls = ' class="nw"' if len(text) <= 14 else ""
    return f'<td data-label="{label}"{cls}>{escape_html(text)}</td>'


def _cell(v: Any) -> str:
    if v is None or (isinstance(v, float) and v != v):
        return "–"
    return str(v)


#: screens at most this wide (CSS px) get the phone rendering of a chart
PHONE_MEDIA = "(max-width: 720px)"


@dataclass
class FigureBlock(Block):
    """A matplotlib Figure rendered once to PNG; ``alt`` is its accessible description and, when the
    figure has no title of its own, its visible title (drawn in the image).

    A figure from :mod:`vocmine.briefs.plots` also carries its phone redraw (``vocmine_compact``):
    it is rendered to ``phone_png`` and the HTML offers it through ``<picture>`` to screens up to
    :data:`PHONE_MEDIA`. ``font_px`` / ``phone_font_px`` are the smallest text size in each PNG,
    in image pixels (points × dpi / 72): the page's check multiplies them by the shown/natural width.
    """

    figure: Any
    alt: str = ""
    dpi: int = 110
    png: bytes = field(default=b"", repr=False)
    phone_png: bytes = field(default=b"", repr=False)
    font_px: float = 0.0
    phone_font_px: float = 0.0
    kind = "figure"

    def __post_init__(self) -> None:
        if not self.png:
            self.png, self.font_px = render_figure(self.figure, alt=self.alt, dpi=self.dpi)
            compact = getattr(self.figure, "vocmine_compact", None)
            if compact is not None and not self.phone_png:
                self.phone_png, self.phone_font_px = render_figure(compact(), alt=self.alt, dpi=self.dpi,
                                                                   title_width=40)

    def meta(self) -> dict[str, Any]:
        """Output metadata carried through the notebook to :mod:`vocmine.briefs.export`."""
        m: dict[str, Any] = {"block": self.kind, "alt": self.alt, "font_px": round(self.font_px, 2)}
        if self.phone_png:
            m["phone"] = "data:image/png;base64," + base64.b64encode(self.phone_png).decode("ascii")
            m["phone_font_px"] = round(self.phone_font_px, 2)
        return m

    def html(self) -> str:
        return figure_html(base64.b64encode(self.png).decode("ascii"), self.meta())

    def markdown(self) -> str:
        return f"![{escape_markdown(self.alt)}](figure.png)"

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> tuple[dict, dict]:
        data = {"image/png": base64.b64encode(self.png).decode("ascii"), "text/plain": f"<figure: {self.alt}>"}
        return data, {META_KEY: self.meta()}


def figure_html(png_b64: str, meta: dict[str, Any]) -> str:
    """``<figure>`` for a chart: the desktop PNG, and its phone PNG through ``<picture>`` when there is one.

    The ``data-font-px`` attributes hold the smallest text size of each image in image pixels."""
    alt = escape_html(meta.get("alt", ""))
    font = f' data-font-px="{float(meta.get("font_px") or 0):.2f}"'
    img = f'<img src="data:image/png;base64,{png_b64}" alt="{alt}"{font}'
    phone = str(meta.get("phone") or "")
    if phone.startswith("data:image/png;base64,"):
        img += f' data-phone-font-px="{float(meta.get("phone_font_px") or 0):.2f}">'
        return (f'<figure><picture><source media="{PHONE_MEDIA}" srcset="{escape_html(phone)}">{img}</picture>'
                f'</figure>')
    return f"<figure>{img}></figure>"


def _has_title(fig: Any) -> bool:
    if getattr(fig, "_suptitle", None) is not None and fig._suptitle.get_text():
        return True
    return any(ax.get_title(loc=loc) for ax in fig.axes for loc in ("left", "center", "right"))


def render_figure(fig: Any, *, alt: str = "", dpi: int = 110, title_width: int = 90) -> tuple[bytes, float]:
    """PNG bytes of ``fig`` (titled with ``alt`` when it has no title) and its smallest text size in px."""
    import textwrap

    from matplotlib.text import Text

    if alt and fig.axes and not _has_title(fig) and any(ax.has_data() for ax in fig.axes):
        for ax in fig.axes:  # the title says it: an axis label repeating it word for word goes
            for get, set_ in ((ax.get_xlabel, ax.set_xlabel), (ax.get_ylabel, ax.set_ylabel)):
                if " ".join(get().split()) == " ".join(alt.split()):
                    set_("")
        fig.suptitle("\n".join(textwrap.wrap(alt, title_width)), x=0.01, ha="left", fontsize=11.5,
                     fontweight="bold")
    png = figure_png(fig, dpi=dpi)
    sizes = [t.get_fontsize() for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    return png, (min(sizes) * dpi / 72.0 if sizes else 0.0)


def figure_png(fig: Any, *, dpi: int = 110) -> bytes:
    """PNG bytes of a Figure, without timestamps or software metadata (reproducible)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight", metadata={"Software": None})
    return buf.getvalue()


def render_html(blocks: Sequence[Block]) -> str:
    """Concatenated HTML fragments of ``blocks``."""
    return "\n".join(b.html() for b in blocks)


def render_markdown(blocks: Sequence[Block]) -> str:
    """Concatenated Markdown of ``blocks`` (blank line between blocks)."""
    return "\n\n".join(b.markdown() for b in blocks) + "\n"
