"""Open published HTML briefs in Debian's headless chromium (playwright driver, no browser download).

:func:`check_pages` loads each page once (console errors, requests to other hosts, headings);
:func:`check_layout` loads it at each viewport width (1280 and 390 CSS px by default) and measures
what a reader would hit: anything wider than the viewport, a table cell outside the screen or
without a visible column name (its ``<th>`` or its card label), visible text under 10 px, and chart
text under 10 px once the image is scaled (the smallest font of the PNG, ``data-font-px`` in
image pixels, × shown width / natural width of the image the browser picked). Full-page
screenshots are kept as test artefacts.

Both skip cleanly (:func:`require_chromium`) when ``/usr/bin/chromium`` or playwright is missing.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
REPO = Path(__file__).resolve().parents[1]
#: smallest text size (CSS px) a reader must get, page text and chart text alike
MIN_TEXT_PX = 10.0
WIDTHS = (1280, 390)


def require_chromium() -> None:
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        pytest.skip("Debian chromium is not installed (/usr/bin/chromium)")
    pytest.importorskip("playwright.sync_api")


def artifacts_dir(name: str) -> Path:
    """Folder for screenshots kept after the test: ``$VOCMINE_TEST_ARTIFACTS`` or ``test-artifacts/``
    at the repository root (git-ignored), one sub-folder per test."""
    root = Path(os.environ.get("VOCMINE_TEST_ARTIFACTS") or REPO / "test-artifacts")
    out = root / name
    out.mkdir(parents=True, exist_ok=True)
    return out


def check_pages(pages: list[Path], shots: Path) -> list[dict]:
    """Load each page; return per page: console errors, foreign requests, headings, image widths."""
    from playwright.sync_api import sync_playwright

    shots.mkdir(parents=True, exist_ok=True)
    results = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for page_path in pages:
                page = browser.new_page(viewport={"width": 1100, "height": 900})
                errors, requests = [], []
                page.on("console", lambda m, errors=errors: errors.append(m.text) if m.type == "error" else None)
                page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
                page.on("dialog", lambda d, errors=errors: (errors.append("dialog: " + d.message), d.dismiss()))
                url = page_path.resolve().as_uri()
                page.on("request", lambda r, requests=requests: requests.append(r.url))
                page.goto(url, wait_until="load")
                widths = page.eval_on_selector_all("img", "els => els.map(e => e.naturalWidth)")
                headings = page.eval_on_selector_all("h1, h2, h3", "els => els.map(e => e.textContent)")
                page.screenshot(path=str(shots / (page_path.stem + ".png")), full_page=True)
                foreign = [u for u in requests if u != url and not u.startswith("data:")]
                results.append({"page": page_path.name, "errors": errors, "foreign": foreign, "headings": headings,
                                "img_widths": widths, "shot": shots / (page_path.stem + ".png")})
                page.close()
        finally:
            browser.close()
    return results


# Runs in the page; returns what breaks reading at this width. Elements hidden from sight (display
# none, visibility hidden, or inside a clipped 1-px box such as a visually-hidden table head) are
# skipped: they are not read.
_MEASURE = r"""
(minPx) => {
  const vw = document.documentElement.clientWidth;
  const hidden = (el) => {
    for (let e = el; e && e !== document.documentElement; e = e.parentElement) {
      const st = getComputedStyle(e);
      if (st.display === 'none' || st.visibility === 'hidden') return true;
      const r = e.getBoundingClientRect();
      if (st.overflow === 'hidden' && (r.width <= 1 || r.height <= 1)) return true;
    }
    return false;
  };
  const name = (el) => el.tagName.toLowerCase() + (el.className ? '.' + el.className : '') + ': ' +
                       (el.textContent || el.alt || '').trim().slice(0, 60);
  const out = {viewport: vw, scroll_width: document.documentElement.scrollWidth, too_wide: [], small_text: [],
               cells_off_screen: [], cells_unlabelled: [], cells_cramped: [], charts: [], small_charts: [],
               tables: 0, cells: 0};
  for (const el of document.body.querySelectorAll('*')) {
    if (hidden(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width > 0 && (r.right > vw + 0.5 || r.left < -0.5)) out.too_wide.push(name(el));
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    if (!walker.currentNode.textContent.trim() || seen.has(el)) continue;
    seen.add(el);
    if (hidden(el)) continue;
    const px = parseFloat(getComputedStyle(el).fontSize);
    if (px < minPx) out.small_text.push([name(el), px]);
  }
  for (const table of document.querySelectorAll('table')) {
    out.tables += 1;
    const heads = [...table.querySelectorAll('thead th')];
    const headsShown = heads.length > 0 && heads.every(th => !hidden(th));
    for (const td of table.querySelectorAll('tbody td')) {
      out.cells += 1;
      const r = td.getBoundingClientRect();
      if (hidden(td) || r.width <= 0 || r.right > vw + 0.5 || r.left < -0.5) { out.cells_off_screen.push(name(td)); continue; }
      const range = document.createRange();
      range.selectNodeContents(td);
      const lines = new Set([...range.getClientRects()].filter(q => q.width > 0).map(q => Math.round(q.top))).size;
      const chars = td.textContent.trim().length;
      if (lines > 1 && chars / lines < 6) out.cells_cramped.push(name(td));
      const before = getComputedStyle(td, '::before').content;
      const labelled = before && before !== 'none' && before !== 'normal' && before !== '""';
      const first = td.cellIndex === 0 || td === td.parentElement.firstElementChild;
      if (!headsShown && !labelled && !first) out.cells_unlabelled.push(name(td));
    }
  }
  for (const img of document.querySelectorAll('figure img')) {
    const shown = img.getBoundingClientRect().width;
    const phone = img.currentSrc && img.currentSrc !== img.src;
    const attr = phone ? img.dataset.phoneFontPx : img.dataset.fontPx;
    const font = attr === undefined ? NaN : parseFloat(attr);
    const px = font * shown / img.naturalWidth;
    const chart = {alt: img.alt.slice(0, 60), phone, natural: img.naturalWidth, shown, font_px: font, text_px: px};
    out.charts.push(chart);
    if (!(px >= minPx)) out.small_charts.push(chart);
  }
  return out;
}
"""


def check_layout(pages: list[Path], shots: Path, *, widths: tuple[int, ...] = WIDTHS,
                 min_px: float = MIN_TEXT_PX) -> list[dict]:
    """Load every page at every viewport width; return one measurement per (page, width).

    Each result holds ``page``, ``width``, ``shot`` (full-page screenshot under ``shots/<width>/``) and
    the lists that must be empty for a readable page: ``too_wide`` (elements past the viewport's
    edges), ``small_text`` (visible text under ``min_px``), ``cells_off_screen`` (table cells cut or
    hidden), ``cells_cramped`` (a cell squeezed so that it reads under six characters a
    line), ``cells_unlabelled`` (cells whose column name is neither a visible header nor a card
    label), ``small_charts`` (charts whose text is under ``min_px`` as shown); plus ``charts``,
    ``tables`` and ``cells`` (what was measured) and ``scroll_width``.
    """
    from playwright.sync_api import sync_playwright

    results = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for width in widths:
                folder = shots / str(width)
                folder.mkdir(parents=True, exist_ok=True)
                for page_path in pages:
                    page = browser.new_page(viewport={"width": width, "height": 900})
                    page.goto(page_path.resolve().as_uri(), wait_until="load")
                    measured = page.evaluate(_MEASURE, min_px)
                    shot = folder / (page_path.stem + ".png")
                    page.screenshot(path=str(shot), full_page=True)
                    results.append({"page": page_path.name, "width": width, "shot": shot, **measured})
                    page.close()
        finally:
            browser.close()
    return results


def layout_problems(result: dict) -> dict:
    """The non-empty problem lists of one :func:`check_layout` result (``{}`` when readable)."""
    keys = ("too_wide", "small_text", "cells_off_screen", "cells_cramped", "cells_unlabelled", "small_charts")
    found = {k: result[k][:8] for k in keys if result[k]}
    if result["scroll_width"] > result["viewport"]:
        found["scroll_width"] = [result["scroll_width"], result["viewport"]]
    return found
