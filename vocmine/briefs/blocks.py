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
        cap = f"<caption>{escape_html(self.caption)}</caption>" if self.caption else ""
        head = "".join(f"<th>{escape_html(c)}</th>" for c in self.frame.columns)
        rows = "".join(
            "<tr>" + "".join(f"<td>{escape_html(_cell(v))}</td>" for v in row) + "</tr>"
            for row in self.frame.itertuples(index=False)
        )
        return f'<table>{cap}<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'

    def markdown(self) -> str:
        if self.frame.empty:
            return ""
        cols = [escape_markdown(c, line_start=False) for c in self.frame.columns]
        lines = ["| " + " | ".join(cols) + " |", "|" + "|".join("---" for _ in cols) + "|"]
        for row in self.frame.itertuples(index=False):
            lines.append("| " + " | ".join(escape_markdown(_cell(v), line_start=False) for v in row) + " |")
        cap = f"_{escape_markdown(self.caption)}_\n\n" if self.caption else ""
        return cap + "\n".join(lines)


def _cell(v: Any) -> str:
    if v is None or (isinstance(v, float) and v != v):
        return "–"
    return str(v)


@dataclass
class FigureBlock(Block):
    """A matplotlib Figure rendered once to PNG; ``alt`` is its accessible description."""

    figure: Any
    alt: str = ""
    dpi: int = 110
    png: bytes = field(default=b"", repr=False)
    kind = "figure"

    def __post_init__(self) -> None:
        if not self.png:
            self.png = figure_png(self.figure, dpi=self.dpi)

    def html(self) -> str:
        uri = "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")
        return f'<figure><img src="{uri}" alt="{escape_html(self.alt)}"></figure>'

    def markdown(self) -> str:
        return f"![{escape_markdown(self.alt)}](figure.png)"

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> tuple[dict, dict]:
        data = {"image/png": base64.b64encode(self.png).decode("ascii"), "text/plain": f"<figure: {self.alt}>"}
        return data, {META_KEY: {"block": self.kind, "alt": self.alt}}


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
