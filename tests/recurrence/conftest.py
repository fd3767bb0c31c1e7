"""Fixtures for the recurrence tests: the sample export with its truth, the Olist subset."""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path

import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "data" / "sample"


@functools.cache
def _bench():
    """bench/bench_recurrence.py, whose loaders these fixtures share (one Olist mapping, one sample join)."""
    spec = importlib.util.spec_from_file_location("bench_recurrence", REPO / "bench" / "bench_recurrence.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def sample_tickets() -> pd.DataFrame:
    if not (SAMPLE / "tickets.csv").exists() or not (SAMPLE / "truth_tickets.csv").exists():
        pytest.fail("data/sample/tickets.csv + truth_tickets.csv not generated yet (vocmine sample --seed 7)")  # the sample is committed: its absence is a defect, not a skip
    return _bench().load_sample(SAMPLE)


@pytest.fixture(scope="session")
def olist_tickets(real_data_dir) -> pd.DataFrame:
    olist = real_data_dir / "olist_subset"
    if not olist.is_dir():
        pytest.skip(f"{olist} not found")
    return _bench().load_olist(olist)


@pytest.fixture(scope="session")
def sample_repeat_reasons(sample_tickets) -> set[str]:
    import json

    return set(json.loads((SAMPLE / "truth.json").read_text())["repeat"])
