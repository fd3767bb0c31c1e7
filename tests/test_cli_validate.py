"""`vocmine validate` through vocmine.cli.main: accounting, quarantine file, exit codes."""

from __future__ import annotations

import csv
import re

import pytest

from vocmine.cli import main

GOOD = "ticket_id,created_at,subject,body\n1,2024-01-01T00:00:00Z,a,b\n2,2024-01-02T00:00:00Z,c,d\n"


def _totals(out: str, kind: str) -> tuple[int, int, int]:
    block = out[out.index(f"{kind}:"):]
    m = re.search(r"^TOTAL\s+(\d+)\s+(\d+)\s+(\d+)(?:\s+\d+)?$", block, re.MULTILINE)
    return int(m.group(1)), int(m.group(2)), int(m.group(3))


def test_validate_all_accepted_returns_0(tmp_path, capsys):
    export = tmp_path / "good.csv"
    export.write_text(GOOD, encoding="utf-8")
    assert main(["validate", str(export)]) == 0
    out = capsys.readouterr().out
    assert _totals(out, "tickets") == (2, 2, 0)
    quarantine = tmp_path / "good.quarantine.csv"  # default: beside the first export
    assert quarantine.read_text(encoding="utf-8").splitlines() == ["source_file,row,line,column,value,reason,action"]


def test_validate_quarantine_returns_1(tmp_path, capsys):
    export = tmp_path / "bad.csv"
    export.write_text(GOOD + "3,nope,e,f\n", encoding="utf-8")
    target = tmp_path / "out" / "q.csv"
    assert main(["validate", str(export), "--quarantine", str(target), "--timezone", "America/Sao_Paulo"]) == 1
    out = capsys.readouterr().out
    assert _totals(out, "tickets") == (3, 2, 1)
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert [(r["row"], r["line"], r["column"]) for r in rows] == [("3", "4", "created_at")]


def test_validate_fatal_errors_exit_2(tmp_path, capsys):
    export = tmp_path / "nocols.csv"
    export.write_text("a,b\n1,2\n", encoding="utf-8")
    assert main(["validate", str(export)]) == 2
    assert "missing required column" in capsys.readouterr().err
    assert main(["validate", str(tmp_path / "absent.csv")]) == 2
    assert "absent.csv" in capsys.readouterr().err


def test_validate_column_map_and_dayfirst(tmp_path, capsys):
    export = tmp_path / "br.csv"
    export.write_text("Número;Aberto;Texto\n1;02/01/2024 10:00;oi\n", encoding="utf-8")
    cmap = tmp_path / "map.yaml"
    cmap.write_text('ticket_id: "Número"\ncreated_at: Aberto\ntext: Texto\n', encoding="utf-8")
    assert main(["validate", str(export), "--column-map", str(cmap), "--dayfirst"]) == 0
    assert _totals(capsys.readouterr().out, "tickets") == (1, 1, 0)


def test_validate_bundled_sample(repo_dir, tmp_path, capsys):
    tickets = repo_dir / "data" / "sample" / "tickets.csv"
    customers = repo_dir / "data" / "sample" / "customers.csv"
    if not (tickets.exists() and customers.exists()):
        pytest.fail("data/sample is not generated yet")  # the sample is committed: its absence is a defect, not a skip
    code = main(["validate", str(tickets), "--customers", str(customers), "--quarantine", str(tmp_path / "q.csv")])
    out = capsys.readouterr().out
    t_read, t_ok, t_bad = _totals(out, "tickets")
    c_read, c_ok, c_bad = _totals(out, "customers")
    assert t_read == t_ok + t_bad and c_read == c_ok + c_bad
    assert t_read > 1000 and c_read > 100
    with tickets.open(encoding="utf-8-sig", newline="") as fh:
        assert t_read == sum(1 for _ in csv.reader(fh)) - 1
    assert code == (0 if t_bad + c_bad == 0 else 1)
    assert "preset generic (detected)" in out
