"""Writers: escaping, CSV formula neutralisation, PII guard, notebook scrubbing."""

from __future__ import annotations

import html.parser

import nbformat
import pandas as pd
import pytest

from vocmine.briefs import writers
from vocmine.exceptions import PIILeakError

XSS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"]


class _Tags(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


@pytest.mark.parametrize("payload", XSS)
def test_escape_html_is_inert(payload):
    parser = _Tags()
    parser.feed(f"<p>{writers.escape_html(payload)}</p>")
    assert parser.tags == ["p"]
    assert "alert(1)" in writers.escape_html(payload)


@pytest.mark.parametrize("payload", XSS + ["# heading", "* bullet", "[link](http://x)", "a | b", "`code`"])
def test_escape_markdown_is_inert(payload):
    out = writers.escape_markdown(payload)
    assert "<" not in out and ">" not in out.replace("&gt;", "")
    assert not out.startswith(("#", "*", "[", "`"))
    assert "|" not in out.replace("\\|", "")


def test_escape_markdown_inline_joins_lines():
    assert "\n" not in writers.escape_markdown("line one\n# two")


@pytest.mark.parametrize("cell,expected", [("=1+1", "'=1+1"), ("+55 11", "'+55 11"), ("-x", "'-x"),
                                            ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("ok", "ok"), (-1, -1)])
def test_neutralise_csv_cell(cell, expected):
    assert writers.neutralise_csv_cell(cell) == expected


def test_write_csv_neutralises_and_is_deterministic(tmp_path):
    df = pd.DataFrame({"topic": ["=SUM(A1:A3)", "boleto"], "n": [3, -1], "rate": [0.1, 0.25]})
    p1 = writers.write_csv(df, tmp_path / "a.csv")
    p2 = writers.write_csv(df.copy(), tmp_path / "b.csv")
    assert p1.read_bytes() == p2.read_bytes()
    back = pd.read_csv(p1)
    assert back.loc[0, "topic"].startswith("'=")
    assert back.loc[1, "n"] == -1


def test_write_csv_refuses_raw_text(tmp_path):
    with pytest.raises(PIILeakError):
        writers.write_csv(pd.DataFrame({"text_raw": ["x"]}), tmp_path / "a.csv")
    with pytest.raises(PIILeakError):
        writers.write_csv(pd.DataFrame({"text": ["x"]}), tmp_path / "a.csv")


@pytest.mark.parametrize("leak", ["contato: joao.souza@example.com", "CPF 123.456.789-09"])
def test_pii_guard_refuses_and_writes_nothing(tmp_path, leak):
    target = tmp_path / "brief.html"
    with pytest.raises(PIILeakError) as info:
        writers.write_html(f"<p>{leak}</p>", target)
    assert not target.exists()
    assert leak.split()[-1] not in str(info.value)  # the value is never echoed


def test_pii_guard_ignores_images(tmp_path):
    data_uri = writers.png_data_uri(b"\x89PNG 12345678909 joao@example.com")
    writers.write_html(f'<img src="{data_uri}">', tmp_path / "ok.html")
    assert (tmp_path / "ok.html").exists()


def test_write_notebook_scrubs_outputs(tmp_path):
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="mail maria@example.com\n"),
                    nbformat.v4.new_output("display_data", data={"text/plain": "ligar (11) 98765-4321"})]
    nb.cells.append(cell)
    path = writers.write_notebook(nb, tmp_path / "n.ipynb")
    text = path.read_text()
    assert "maria@example.com" not in text and "98765-4321" not in text
