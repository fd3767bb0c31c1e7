"""The brief layout in headless Chromium at 1280 and 390 px, on a brief built from a synthetic history.

A page that is known to be unreadable on a phone (a wide table without the card CSS, a desktop chart
only) is measured too, so the check is shown to fail where it should. Screenshots are kept under
``test-artifacts/`` (git-ignored; ``$VOCMINE_TEST_ARTIFACTS`` to move it).
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from synth import period_data
from vocmine.briefs import blocks, content, export, plots

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from browser_check import artifacts_dir, check_layout, layout_problems, require_chromium  # noqa: E402

pytestmark = pytest.mark.browser


def _export(items, path: Path, lang: str) -> Path:
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("display(...)")
    for item in items:
        data, meta = item._repr_mimebundle_()
        cell.outputs.append(nbformat.v4.new_output("display_data", data=data, metadata=meta))
    nb.cells.append(cell)
    nbformat.write(nb, str(path.with_suffix(".ipynb")))
    return export.export_notebook(path.with_suffix(".ipynb"), html_path=path, lang=lang)["html"]


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    require_chromium()
    out = tmp_path_factory.mktemp("layout")
    data = period_data("2026-08")
    product = content.product_analysis(data, top_n=6, min_sample_size=20)
    recurrence = content.recurrence_analysis(data, top_n=6, repeat_window_days=7)
    return [_export(content.product_brief(product, lang="pt"), out / "product_brief.pt.html", "pt"),
            _export(content.recurrence_brief(recurrence, lang="en"), out / "recurrence_brief.en.html", "en")]


def test_briefs_readable_at_1280_and_390_px(pages):
    results = check_layout(pages, artifacts_dir("layout_synthetic"))
    assert len(results) == 4
    for r in results:
        assert layout_problems(r) == {}, (r["page"], r["width"], layout_problems(r))
        assert r["tables"] >= 1 and r["cells"] >= 10 and len(r["charts"]) >= 2, r["page"]
        assert all(c["phone"] == (r["width"] == 390) for c in r["charts"]), r["charts"]
        assert r["shot"].stat().st_size > 10_000


def test_the_check_catches_cut_columns_and_tiny_chart_text(tmp_path):
    require_chromium()
    wide = pd.DataFrame({f"Column {i}": [f"12.345,{i} (RR 4,12 [3,28; 5,17])"] for i in range(9)})
    fig = plots.bars(pd.DataFrame({"t": ["a topic label", "another"], "v": [3.0, 1.0]}), label="t", value="v",
                     xlabel="Tickets", lang="en")
    fig.vocmine_compact = None  # desktop rendering only
    page = _export([blocks.Heading("Bad", level=1), blocks.Table(wide), blocks.FigureBlock(fig, alt="bars")],
                   tmp_path / "bad.html", "en")
    html = page.read_text()
    page.write_text(html.replace('class="cards"', ""))  # no card layout: the columns run off the screen
    squeezed = tmp_path / "squeezed.html"  # forced to the screen's width: a few letters per line
    squeezed.write_text(html.replace('class="cards"', 'style="table-layout:fixed;width:100%"'))
    by_width = {(r["page"], r["width"]): r for r in check_layout([page, squeezed], tmp_path / "shots")}
    phone = layout_problems(by_width["bad.html", 390])
    assert phone["cells_off_screen"] and phone["too_wide"] and phone["small_charts"], phone
    assert phone["scroll_width"][0] > 390
    assert by_width["bad.html", 390]["small_charts"][0]["text_px"] < 10 <= by_width["bad.html", 1280]["charts"][0]["text_px"]
    assert layout_problems(by_width["bad.html", 1280]) == {}
    assert layout_problems(by_width["squeezed.html", 390])["cells_cramped"]
