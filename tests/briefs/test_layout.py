"""Layout of the published briefs: phone renderings of charts, legible chart text, legends, titles,
thinned month labels on long histories, tables that can become cards, a table of contents."""

from __future__ import annotations

import io
import re

import nbformat
import numpy as np
import pandas as pd
import pytest
from PIL import Image

from vocmine.briefs import blocks, export, plots

#: CSS px a chart gets in the page: 390-px phone minus 2 × 1rem padding; 1280-px desktop → 60rem − 2rem
PHONE_SHOWN = 390 - 32
DESKTOP_SHOWN = 960 - 32


def _width(png: bytes) -> int:
    return Image.open(io.BytesIO(png)).size[0]


def _long_labels(n=8):
    words = ["scheduled pix feature payment", "slow load freezing app", "export file data csv broken",
             "delivery order tracking late", "api sync order webhook", "nota fiscal nfs wrong value",
             "boleto pix payment duplicated", "locked authenticator phone account"]
    return [words[i % len(words)] + f" {i}" for i in range(n)]


def _interval_frame():
    labels = _long_labels()
    diff = np.array([-0.45, -0.3, -0.1, 0.02, 0.05, 0.1, 0.12, 0.2])
    return pd.DataFrame({"label": labels, "d": diff, "lo": diff - 0.08, "hi": diff + 0.08})


def _trend_frame(months: int, groups: int = 5):
    periods = [str(p) for p in pd.period_range("2019-01", periods=months, freq="M")]
    rng = np.random.default_rng(0)
    return pd.DataFrame([{"period": p, "n": float(rng.integers(5, 200)), "g": f"topic {g} · words · more"}
                         for p in periods for g in range(groups)])


def _charts(lang="en"):
    f = _interval_frame()
    ratio = f.assign(r=np.exp(f["d"] * 6), rlo=np.exp(f["lo"] * 6), rhi=np.exp(f["hi"] * 6), flag=f["d"] < -0.2)
    return {
        "interval": plots.interval_bars(f, label="label", value="d", low="lo", high="hi", xlabel="CSAT difference",
                                        lang=lang),
        "ratio": plots.ratio_bars(ratio, label="label", value="r", low="rlo", high="rhi", flag="flag",
                                  xlabel="odds ratio", lang=lang),
        "bars": plots.bars(f.assign(v=np.arange(8) * 40 + 3), label="label", value="v", xlabel="Tickets", lang=lang),
        "trend": plots.trend_lines(_trend_frame(80), period="period", value="n", group="g", ylabel="Tickets",
                                   lang=lang, highlight="2025-08"),
    }


@pytest.mark.parametrize("kind", ["interval", "ratio", "bars", "trend"])
def test_chart_text_stays_at_least_10px_on_a_phone_and_a_desktop(kind):
    fig = _charts()[kind]
    block = blocks.FigureBlock(fig, alt=f"A {kind} chart")
    assert block.phone_png and block.phone_png != block.png
    phone_w, desk_w = _width(block.phone_png), _width(block.png)
    assert phone_w < desk_w
    # smallest text in image px × how much the page shrinks the image
    assert block.phone_font_px * min(1.0, PHONE_SHOWN / phone_w) >= 10.0, (block.phone_font_px, phone_w)
    assert block.font_px * min(1.0, DESKTOP_SHOWN / desk_w) >= 10.0, (block.font_px, desk_w)
    # and the desktop rendering would NOT be legible on the phone: the phone variant is needed
    assert block.font_px * PHONE_SHOWN / desk_w < 10.0


def test_figures_get_a_visible_title_and_no_repeated_axis_label():
    f = _interval_frame()
    fig = plots.interval_bars(f, label="label", value="d", low="lo", high="hi", xlabel="CSAT difference (pts)",
                              lang="en")
    blocks.FigureBlock(fig, alt="CSAT difference (pts)")
    assert fig._suptitle is not None and fig._suptitle.get_text() == "CSAT difference (pts)"
    assert fig.axes[0].get_xlabel() == ""  # said by the title
    titled = plots.bars(f.assign(v=1.0), label="label", value="v", xlabel="n", lang="en", title="Own title")
    blocks.FigureBlock(titled, alt="something else")
    assert titled._suptitle is None and titled.axes[0].get_title(loc="left") == "Own title"


def _legend_texts(fig):
    return [t.get_text() for leg in fig.legends for t in leg.get_texts()]


def test_colour_legends_in_the_brief_language():
    pt = _charts("pt")
    assert _legend_texts(pt["interval"]) == ["pior que os demais tickets", "melhor que os demais tickets", "IC 95%"]
    assert _legend_texts(pt["ratio"]) == ["significativo (q < 0,05)", "não significativo"]
    assert "mês do relatório" in _legend_texts(pt["trend"]) and "topic 0 · words · more" in _legend_texts(pt["trend"])
    en = _charts("en")
    assert _legend_texts(en["ratio"]) == ["significant (q < 0.05)", "not significant"]
    # a rate (all positive, worse = high) has one colour and no colour legend, only the whiskers
    rate = _interval_frame().assign(d=lambda f: f["d"].abs() + 0.1, lo=lambda f: f["d"] - 0.05, hi=lambda f: f["d"] + 0.05)
    fig = plots.interval_bars(rate, label="label", value="d", low="lo", high="hi", xlabel="rate", lang="en",
                              worse="high")
    assert _legend_texts(fig) == ["95% CI"]
    # the phone rendering keeps the legend
    assert _legend_texts(pt["ratio"].vocmine_compact()) == ["significativo (q < 0,05)", "não significativo"]


@pytest.mark.parametrize("months", [44, 80])
def test_long_histories_thin_their_month_labels_without_overlap(months):
    for compact, most in ((False, plots.DESKTOP_MAX_TICKS), (True, plots.PHONE_MAX_TICKS)):
        fig = plots.trend_lines(_trend_frame(months), period="period", value="n", group="g", ylabel="Tickets",
                                lang="pt", compact=compact)
        ax = fig.axes[0]
        fig.canvas.draw()
        labels = [t for t in ax.get_xticklabels() if t.get_text()]
        assert 2 <= len(labels) <= most
        last = str(pd.Period("2019-01", "M") + months - 1)
        assert labels[-1].get_text() == plots.i18n.month_short(last, "pt")  # ends on the latest month
        boxes = [t.get_window_extent() for t in labels]
        assert all(a.x1 < b.x0 for a, b in zip(boxes, boxes[1:], strict=False)), "month labels overprint"


def test_month_ticks_are_even_and_end_on_the_last_month():
    ticks = plots.month_ticks([str(i) for i in range(80)], 12)
    assert ticks[-1] == 79 and len(ticks) <= 12 and len({b - a for a, b in zip(ticks, ticks[1:], strict=False)}) == 1
    assert plots.month_ticks([str(i) for i in range(5)], 12) == [0, 1, 2, 3, 4]
    assert plots.month_ticks([], 6) == []


def test_table_cells_carry_their_column_name_for_cards():
    table = blocks.Table(pd.DataFrame({"Topic": ["a <b>"], "Churn association": ["4×"], "Suggested owner": ["x"]}))
    html = table.html()
    assert 'class="cards"' in html
    assert re.findall(r'data-label="([^"]*)"', html) == ["Topic", "Churn association", "Suggested owner"]
    assert "a &lt;b&gt;" in html
    assert "table.cards td::before{content:attr(data-label)" in export._CSS
    assert "@media (max-width:720px)" in export._CSS and blocks.PHONE_MEDIA == "(max-width: 720px)"


def test_export_keeps_the_phone_picture_and_builds_a_table_of_contents(tmp_path):
    fig = _charts()["interval"]
    items = [blocks.Heading("Brief", level=1), blocks.Paragraph("lead")]
    for name in ("Summary", "Top <topics>", "KPIs"):
        items += [blocks.Heading(name), blocks.Paragraph("text")]
    items.append(blocks.FigureBlock(fig, alt="chart"))
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("display(...)")
    for item in items:
        data, meta = item._repr_mimebundle_()
        cell.outputs.append(nbformat.v4.new_output("display_data", data=data, metadata=meta))
    nb.cells.append(cell)
    path = tmp_path / "b.ipynb"
    nbformat.write(nb, str(path))
    html = export.export_notebook(path, html_path=tmp_path / "b.pt.html", lang="pt")["html"].read_text()
    nav = re.search(r'<nav class="toc"[^>]*>(.*?)</nav>', html, re.S)
    assert nav and "Conteúdo" in nav.group(1)
    links = re.findall(r'href="#([^"]+)"', nav.group(1))
    assert links == ["s1", "s2", "s3"] and all(f'<h2 id="{a}">' in html for a in links)
    assert "Top &lt;topics&gt;" in nav.group(1)
    assert html.index("<h1>") < html.index('<nav class="toc"') < html.index('<h2 id="s1">')
    src = re.search(r'<source media="\(max-width: 720px\)" srcset="data:image/png;base64,([^"]+)">', html)
    assert src and src.group(1) in nb.cells[0].outputs[-1].metadata["vocmine"]["phone"]
    assert re.search(r'<img src="data:image/png;base64,[^"]+" alt="chart" data-font-px="\d+\.\d+" '
                     r'data-phone-font-px="\d+\.\d+">', html)
    # offline: nothing but data URIs and in-page anchors
    assert not re.search(r'(?:src|srcset|href)="(?!data:image/png;base64,|#)', html)
    assert "url(" not in export._CSS and "@import" not in export._CSS


def test_markdown_opens_with_contents_linking_each_section(tmp_path):
    items = [blocks.Heading("Brief", level=1), blocks.Paragraph("lead")]
    for name in ("Summary", "Top topics by impact", "What the numbers say", "Summary"):
        items += [blocks.Heading(name), blocks.Heading("1. a · b", level=3), blocks.Paragraph("text")]
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("display(...)")
    for item in items:
        data, meta = item._repr_mimebundle_()
        cell.outputs.append(nbformat.v4.new_output("display_data", data=data, metadata=meta))
    nb.cells.append(cell)
    nbformat.write(nb, str(tmp_path / "b.ipynb"))
    out = export.export_notebook(tmp_path / "b.ipynb", html_path=tmp_path / "b.en.html", md_path=tmp_path / "b.en.md")
    md = out["md"].read_text()
    line = next(ln for ln in md.splitlines() if ln.startswith("**Contents:**"))
    assert re.findall(r"\]\(#([^)]+)\)", line) == ["summary", "top-topics-by-impact", "what-the-numbers-say",
                                                    "summary-1"]
    assert md.index("# Brief") < md.index("**Contents:**") < md.index("## Summary")
    short, _ = export.to_markdown(export.ExportedBrief(md_parts=["# T", "## A", "x"]), lang="en")
    assert "Contents" not in short
