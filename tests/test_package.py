"""The package's public surface: lazy imports, every advertised name resolves, the CLI front."""

from __future__ import annotations

import subprocess
import sys

import pytest

import vocmine
from vocmine.cli import main


def test_import_is_light() -> None:
    code = "import sys, vocmine; heavy = [m for m in ('pandas', 'bertopic', 'spacy', 'papermill') if m in sys.modules]; print(heavy)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"


@pytest.mark.parametrize("name", [n for n in vocmine.__all__ if n != "__version__"])
def test_every_public_name_resolves(name: str) -> None:
    assert callable(getattr(vocmine, name))


def test_unknown_attribute_raises() -> None:
    with pytest.raises(AttributeError):
        vocmine.no_such_thing  # noqa: B018


def test_cli_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert vocmine.__version__ in capsys.readouterr().out


def test_cli_error_names_the_file(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope.csv"
    assert main(["validate", str(missing)]) == 2
    assert "nope.csv" in capsys.readouterr().err
