"""Open published HTML briefs in Debian's headless chromium (playwright driver, no browser download)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def require_chromium() -> None:
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        pytest.skip("Debian chromium is not installed (/usr/bin/chromium)")
    pytest.importorskip("playwright.sync_api")


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
