"""Screenshots of a published brief for the README: the decision box and the KPI page.

    python scripts/readme_screenshots.py reports/sample/2026-08 docs/img [--lang en] [--width 860]

Opens ``product_brief.<lang>.html`` and ``recurrence_brief.<lang>.html`` in Debian's headless
chromium (see tests/browser_check.py), crops from a section's heading to the end of what belongs to
it and writes ``decision_box.png`` and ``kpi_page.png`` as palette PNGs (small enough for a README).
Offline: the pages are local files that fetch nothing.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from browser_check import ARGS, CHROMIUM  # noqa: E402

from vocmine.briefs import i18n  # noqa: E402

# In the page: the box from the heading whose text starts with ``start`` (or the first element of
# ``selector`` when the brief has one) down to the last element before ``stop`` (a tag name) or the
# end of the first ``until`` element met, plus a margin.
_REGION = r"""
([start, until, stop, selector]) => {
  let first = selector ? document.querySelector(selector) : null;
  let last = first;
  if (!first) {
    const heads = [...document.querySelectorAll('h2, p > strong')];
    const head = heads.find(h => h.textContent.trim().startsWith(start));
    if (!head) return null;
    first = head.tagName === 'STRONG' ? head.parentElement : head;
    last = first;
    for (let e = first.nextElementSibling; e; e = e.nextElementSibling) {
      if (stop && e.matches(stop)) break;
      last = e;
      if (until && e.matches(until)) break;
    }
  }
  const a = first.getBoundingClientRect(), b = last.getBoundingClientRect();
  const x = Math.max(0, Math.min(a.left, b.left) - 12);
  const right = Math.max(a.right, b.right, ...[...document.querySelectorAll('main > *')]
      .filter(e => { const r = e.getBoundingClientRect(); return r.top >= a.top && r.bottom <= b.bottom; })
      .map(e => e.getBoundingClientRect().right));
  return {x, y: a.top + window.scrollY - 10, width: right - x + 12, height: b.bottom - a.top + 20};
}
"""


def _small_png(data: bytes, path: Path, colors: int = 96) -> int:
    im = Image.open(io.BytesIO(data)).convert("RGB")
    im = im.quantize(colors=colors, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    path.parent.mkdir(parents=True, exist_ok=True)
    im.save(path, optimize=True)
    return path.stat().st_size


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("report_dir", type=Path)
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--lang", default="en", choices=i18n.LANGUAGES)
    ap.add_argument("--width", type=int, default=860)
    args = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

    lang = args.lang
    shots = [
        ("decision_box.png", f"product_brief.{lang}.html", i18n.t("news", lang), "ul", "h2", ".decision-box"),
        ("kpi_page.png", f"recurrence_brief.{lang}.html", i18n.t("kpi_page", lang), "p.note", "h2", ".kpi-page"),
    ]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for name, page_name, start, until, stop, selector in shots:
                page = browser.new_page(viewport={"width": args.width, "height": 900})
                page.goto((args.report_dir / page_name).resolve().as_uri(), wait_until="load")
                clip = page.evaluate(_REGION, [start, until, stop, selector])
                if clip is None:
                    raise SystemExit(f"{page_name}: no section starting with {start!r}")
                size = _small_png(page.screenshot(clip=clip, full_page=True), args.out_dir / name)
                print(f"{args.out_dir / name}: {int(clip['width'])}×{int(clip['height'])} px, {size // 1024} KB")
                page.close()
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
