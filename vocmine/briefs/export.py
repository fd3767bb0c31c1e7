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

from vocmine.briefs.blocks import META_KEY
from vocmine.briefs.writers import escape_html, write_html, write_markdown, write_png
from vocmine.exceptions import RunError

_CSS = """
body{font-family:-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;max-width:60rem;margin:2rem auto;
padding:0 1rem;color:#1f2328;line-height:1.5}
h1{font-size:1.7rem;border-bottom:2px solid #d0d7de;padding-bottom:.3rem}
h2{font-size:1.3rem;margin-top:2rem;border-bottom:1px solid #d0d7de}
h3{font-size:1.08rem;margin-top:1.4rem}
table{border-collapse:collapse;margin:.6rem 0 1rem;font-size:.88rem}
th,td{border:1px solid #d0d7de;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa} caption{caption-side:top;text-align:left;font-style:italic;padding:.2rem 0}
figure{margin:1rem 0} img{max-width:100%;height:auto}
.note{font-size:.85rem;color:#57606a} footer{margin-top:3rem;font-size:.8rem;color:#57606a}
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
                alt = escape_html(meta.get("alt", ""))
                out.html_parts.append(f'<figure><img src="data:image/png;base64,{b64}" alt="{alt}"></figure>')
                out.md_parts.append(("figure", len(out.images) - 1, meta.get("alt", "")))  # type: ignore[arg-type]
            elif "text/html" in data:
                out.html_parts.append(_joined(data["text/html"]))
                out.md_parts.append(_joined(data.get("text/markdown", "")))
                if meta.get("block") == "heading" and not out.title:
                    out.title = _joined(data.get("text/plain", "")).lstrip("# ").strip()
    return out


def to_html(brief: ExportedBrief, *, lang: str = "en", footer: str = "") -> str:
    """A self-contained HTML document (inline CSS, data-URI images, no scripts)."""
    from jinja2 import Environment

    env = Environment(autoescape=False)  # body parts are pre-escaped blocks; title/footer escaped below
    tpl = env.from_string(_TEMPLATE)
    return tpl.render(lang=escape_html(lang), title=escape_html(brief.title), css=_CSS,
                      body="\n".join(brief.html_parts), footer=escape_html(footer))


def to_markdown(brief: ExportedBrief, *, image_dir: str = "") -> tuple[str, list[tuple[str, bytes]]]:
    """Markdown text and the images it references as ``(relative path, png bytes)``."""
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
        text, files = to_markdown(brief, image_dir=image_dir)
        written["md"] = write_markdown(text, md_path)
        for rel, data in files:
            write_png(data, md_path.parent / rel)
        if files:
            written["images"] = md_path.parent / image_dir
    return written
