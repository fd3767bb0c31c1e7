"""Executed notebook → self-contained HTML and Markdown, without code cells.

Only outputs tagged by :mod:`vocmine.briefs.blocks` (``metadata["vocmine"]``) are kept: their
escaped HTML / Markdown and their PNG images. Code, streams, warnings and untagged outputs are
dropped. The HTML is built with a minimal Jinja2 template: inline CSS, images as base64 data
URIs, no script, no font, nothing fetched from another host (nbconvert's default template links
require.js/MathJax/mermaid from a CDN, see STACK_NOTES).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import re

from vocmine.briefs.blocks import META_KEY, figure_html
from vocmine.briefs.writers import escape_html, write_html, write_markdown, write_png
from vocmine.exceptions import RunError

_CSS = """
*,*::before,*::after{box-sizing:border-box}
body{font-family:-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;max-width:60rem;margin:2rem auto;
padding:0 1rem;color:#1f2328;line-height:1.5;font-size:16px;overflow-wrap:break-word}
h1{font-size:1.7rem;border-bottom:2px solid #d0d7de;padding-bottom:.3rem}
h2{font-size:1.3rem;margin-top:2rem;border-bottom:1px solid #d0d7de}
h3{font-size:1.08rem;margin-top:1.4rem}
table{border-collapse:collapse;margin:.6rem 0 1rem;font-size:.88rem;max-width:100%}
th,td{border:1px solid #d0d7de;padding:.25rem .5rem;text-align:left;vertical-align:top;overflow-wrap:break-word}
td.nw{white-space:nowrap} th{background:#f6f8fa} caption{caption-side:top;text-align:left;font-style:italic;padding:.2rem 0}
figure{margin:1rem 0} img{max-width:100%;height:auto;display:block}
.note{font-size:.85rem;color:#57606a} footer{margin-top:3rem;font-size:.8rem;color:#57606a}
nav.toc{background:#f6f8fa;border:1px solid #d0d7de;border-radius:6px;padding:.5rem 1rem;margin:1rem 0;font-size:.95rem}
nav.toc h2{font-size:1rem;margin:.2rem 0;border:0} nav.toc ol{margin:.2rem 0;padding-left:1.4rem}
nav.toc a{color:#0969da;text-decoration:none} nav.toc a:hover{text-decoration:underline}
@media (max-width:720px){
body{margin:1rem auto;padding:0 1rem}
h1{font-size:1.35rem} h2{font-size:1.15rem}
table.cards,table.cards thead,table.cards tbody,table.cards tr,table.cards th,table.cards td,
table.cards caption{display:block;width:100%}
table.cards{border:0;font-size:.92rem}
table.cards thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
table.cards tr{border:1px solid #d0d7de;border-radius:6px;margin:0 0 .7rem;padding:.3rem .5rem}
table.cards td{border:0;padding:.15rem 0;display:grid;grid-template-columns:minmax(6.5rem,40%) 1fr;gap:.5rem}
table.cards td::before{content:attr(data-label);font-weight:600;color:#57606a}
table.cards td:first-child{font-weight:600;display:block;border-bottom:1px solid #eaeef2;padding-bottom:.3rem}
table.cards td:first-child::before{content:none}
}
"""

_TEMPLATE = """<!DOCTYPE html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>{{ title }}</title>
<style>{{ css }}</style>
</head>
<body>
<main>
{{ body }}
</main>
<footer>{{ footer }}</footer>
</body>
</html>
"""


@dataclass
class ExportedBrief:
    """What :func:`notebook_blocks` extracted: HTML fragments, Markdown parts and PNG images."""

    title: str = ""
    html_parts: list[str] = field(default_factory=list)
    md_parts: list[str] = field(default_factory=list)
    images: list[bytes] = field(default_factory=list)


def _joined(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def notebook_blocks(nb: Any) -> ExportedBrief:
    """Collect the tagged block outputs of an executed notebook, in order.

    Raises :class:`RunError` when a cell holds an error output (a failed notebook is never exported).
    """
    out = ExportedBrief()
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        for o in cell.get("outputs", []) or []:
            if o.get("output_type") == "error":
                raise RunError(f"notebook cell failed: {o.get('ename')}: {o.get('evalue')}")
            meta = (o.get("metadata") or {}).get(META_KEY)
            if not meta or o.get("output_type") not in ("display_data", "execute_result"):
                continue
            data = o.get("data") or {}
            if meta.get("block") == "figure" and "image/png" in data:
                b64 = _joined(data["image/png"]).strip()
                png = base64.b64decode(b64)
                out.images.append(png)
                out.html_parts.append(figure_html(b64, meta))
                out.md_parts.append(("figure", len(out.images) - 1, meta.get("alt", "")))  # type: ignore[arg-type]
            elif "text/html" in data:
                out.html_parts.append(_joined(data["text/html"]))
                out.md_parts.append(_joined(data.get("text/markdown", "")))
                if meta.get("block") == "heading" and not out.title:
                    out.title = _joined(data.get("text/plain", "")).lstrip("# ").strip()
    return out


_H2 = re.compile(r"^<h2>(.*?)</h2>$", re.S)


def with_contents(parts: list[str], *, lang: str = "en") -> tuple[str, list[str]]:
    """A table of contents (``<nav class="toc">``) linking every section heading (``<h2>``) of
    ``parts``, and the parts with those headings given ids ``s1``, ``s2``, … Empty with fewer
    than three sections. The heading text is already escaped (it comes from a block)."""
    from vocmine.briefs import i18n

    out, items = [], []
    for part in parts:
        m = _H2.match(part.strip())
        if m:
            anchor = f"s{len(items) + 1}"
            items.append(f'<li><a href="#{anchor}">{m.group(1)}</a></li>')
            part = f'<h2 id="{anchor}">{m.group(1)}</h2>'
        out.append(part)
    if len(items) < 3:
        return "", list(parts)
    title = escape_html(i18n.t("contents", lang if lang in i18n.LANGUAGES else "en"))
    nav = f'<nav class="toc" aria-label="{title}"><h2>{title}</h2><ol>{"".join(items)}</ol></nav>'
    # the contents go after the title (h1) and the lines before the first section
    return nav, out


def to_html(brief: ExportedBrief, *, lang: str = "en", footer: str = "") -> str:
    """A self-contained HTML document (inline CSS, data-URI images, no scripts) with a table of
    contents; tables become cards and charts switch to their phone rendering on narrow screens."""
    from jinja2 import Environment

    env = Environment(autoescape=False)  # body parts are pre-escaped blocks; title/footer escaped below
    tpl = env.from_string(_TEMPLATE)
    nav, parts = with_contents(brief.html_parts, lang=lang)
    first = next((i for i, p in enumerate(parts) if _H2.match(p.strip()) or p.lstrip().startswith('<h2 id="s')),
                 len(parts))
    body = "\n".join([*parts[:first], nav, *parts[first:]]) if nav else "\n".join(parts)
    return tpl.render(lang=escape_html(lang), title=escape_html(brief.title), css=_CSS,
                      body=body, footer=escape_html(footer))


def _md_slug(heading: str, seen: dict[str, int]) -> str:
    """The anchor GitHub (and most renderers) give a Markdown heading: lower case, punctuation dropped,
    spaces to hyphens, ``-1``, ``-2``… for repeats."""
    import html

    text = html.unescape(re.sub(r"\\(.)", r"\1", heading)).strip().lower()
    slug = re.sub(r"[^\w\- ]", "", text).replace(" ", "-")
    n = seen.get(slug, 0)
    seen[slug] = n + 1
    return slug if n == 0 else f"{slug}-{n}"


def _md_contents(parts: list[str], lang: str) -> list[str]:
    """``parts`` with a contents line (links to every ``## `` section) after the title, when there
    are at least three sections."""
    from vocmine.briefs import i18n

    seen: dict[str, int] = {}
    links = []
    for part in parts:
        if part.startswith("# "):
            _md_slug(part[2:], seen)
        elif part.startswith("## "):
            links.append(f"[{part[3:].strip()}](#{_md_slug(part[3:], seen)})")
        elif part.startswith("### "):
            _md_slug(part[4:], seen)
    if len(links) < 3:
        return parts
    line = f"**{i18n.t('contents', lang if lang in i18n.LANGUAGES else 'en')}:** " + " · ".join(links)
    at = next((i for i, p in enumerate(parts) if p.startswith("## ")), len(parts))
    return [*parts[:at], line, *parts[at:]]


def to_markdown(brief: ExportedBrief, *, image_dir: str = "", lang: str | None = None
                ) -> tuple[str, list[tuple[str, bytes]]]:
    """Markdown text and the images it references as ``(relative path, png bytes)``; with ``lang``, a
    contents line linking the sections opens the brief."""
    parts, files = [], []
    for part in brief.md_parts:
        if isinstance(part, tuple):
            _, idx, alt = part
            rel = f"{image_dir}/figure_{idx + 1:02d}.png" if image_dir else f"figure_{idx + 1:02d}.png"
            files.append((rel, brief.images[idx]))
            from vocmine.briefs.writers import escape_markdown

            parts.append(f"![{escape_markdown(alt)}]({rel})")
        elif part:
            parts.append(part)
    if lang is not None:
        parts = _md_contents(parts, lang)
    return "\n\n".join(parts) + "\n", files


def export_notebook(nb_path: str | Path, *, html_path: str | Path, md_path: str | Path | None = None,
                    lang: str = "en", footer: str = "") -> dict[str, Path]:
    """Read an executed notebook and write its brief as HTML (and Markdown with PNG files beside it).

    Returns the written paths (``html``, ``md``, and ``images`` folder when any). Goes through the
    safe writers, so the PII guard applies to every file.
    """
    import nbformat

    nb = nbformat.read(str(nb_path), as_version=4)
    brief = notebook_blocks(nb)
    written: dict[str, Path] = {"html": write_html(to_html(brief, lang=lang, footer=footer), html_path)}
    if md_path is not None:
        md_path = Path(md_path)
        image_dir = md_path.stem.replace(".", "_") + "_files"
        text, files = to_markdown(brief, image_dir=image_dir, lang=lang)
        written["md"] = write_markdown(text, md_path)
        for rel, data in files:
            write_png(data, md_path.parent / rel)
        if files:
            written["images"] = md_path.parent / image_dir
    return written
