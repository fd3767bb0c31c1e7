"""Plots return Figures; the export keeps only block outputs, escapes text, requests nothing external."""

from __future__ import annotations

import base64
import re

import nbformat
import pandas as pd
import pytest

from vocmine.briefs import blocks, export, plots
from vocmine.exceptions import RunError

XSS = "<script>alert(1)</script> <img src=x onerror=alert(1)>"


def _frame():
    return pd.DataFrame({"topic": ["boleto atrasado", "login", XSS], "diff": [-0.2, 0.05, -0.1],
                         "lo": [-0.3, -0.02, -0.2], "hi": [-0.1, 0.12, 0.0]})


def test_plots_return_figures_with_language_labels():
    from matplotlib.figure import Figure

    fig = plots.interval_bars(_frame(), label="topic", value="diff", low="lo", high="hi",
                              xlabel="Diferença (p.p.)", lang="pt")
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert ax.get_xlabel() == "Diferença (p.p.)"
    # sorted: most negative at the top (first category)
    assert ax.get_yticklabels()[0].get_text() == "boleto atrasado"
    trend = pd.DataFrame({"period": ["2026-07", "2026-08"] * 2, "n": [1200.0, 1500.0, 3, 4], "g": ["a", "a", "b", "b"]})
    fig2 = plots.trend_lines(trend, period="period", value="n", group="g", ylabel="Tickets", lang="pt")
    ax2 = fig2.axes[0]
    assert [t.get_text() for t in ax2.get_xticklabels()] == ["jul/26", "ago/26"]
    fig2.canvas.draw()
    assert any("1.000" in t.get_text() for t in ax2.get_yticklabels())
    assert blocks.figure_png(fig2).startswith(b"\x89PNG")


def _notebook(extra_outputs=()):
    nb = nbformat.v4.new_notebook()
    items = [blocks.Heading("Brief " + XSS, level=1), blocks.Paragraph(XSS, strong="Resumo"),
             blocks.Table(pd.DataFrame({"Tema": [XSS], "n": ["1.234"]})),
             blocks.FigureBlock(plots.bars(pd.DataFrame({"t": ["a", "b"], "v": [3, 1]}), label="t", value="v",
                                           xlabel="Tickets", lang="en"), alt="bars")]
    cell = nbformat.v4.new_code_cell("display(...)")
    for item in items:
        data, meta = item._repr_mimebundle_()
        cell.outputs.append(nbformat.v4.new_output("display_data", data=data, metadata=meta))
    cell.outputs.append(nbformat.v4.new_output("stream", name="stderr", text="some warning"))
    cell.outputs.extend(extra_outputs)
    nb.cells.append(cell)
    return nb


def test_export_html_is_self_contained_and_inert(tmp_path):
    nb_path = tmp_path / "brief.ipynb"
    nbformat.write(_notebook(), str(nb_path))
    out = export.export_notebook(nb_path, html_path=tmp_path / "b.en.html", md_path=tmp_path / "b.en.md")
    html = out["html"].read_text()
    assert "<script" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "display(...)" not in html and "some warning" not in html
    # no external references: every src/href is a data URI
    refs = re.findall(r'(?:src|href)="([^"]*)"', html)
    assert refs and all(r.startswith("data:image/png;base64,") for r in refs)
    assert base64.b64decode(refs[0].split(",", 1)[1]).startswith(b"\x89PNG")
    md = out["md"].read_text()
    assert "<script" not in md and "<img" not in md and "&lt;script&gt;" in md
    assert (tmp_path / "b_en_files" / "figure_01.png").exists()
    assert "](b_en_files/figure_01.png)" in md


def test_export_refuses_failed_notebook(tmp_path):
    err = nbformat.v4.new_output("error", ename="ValueError", evalue="boom", traceback=[])
    nb_path = tmp_path / "bad.ipynb"
    nbformat.write(_notebook([err]), str(nb_path))
    with pytest.raises(RunError):
        export.export_notebook(nb_path, html_path=tmp_path / "x.html")
    assert not (tmp_path / "x.html").exists()
