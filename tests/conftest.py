"""Shared fixtures: repo paths, the sample export, the real datasets in ../shared (optional)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs the property tests with a fixed seed (a green main stays green); locally they explore.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

REPO = Path(__file__).resolve().parents[1]
SAMPLE_DIR = REPO / "data" / "sample"
# ../shared beside the clone; VOCMINE_SHARED overrides (benchmarks take paths as arguments instead)
SHARED_REAL = Path(os.environ.get("VOCMINE_SHARED", REPO.parent / "shared")) / "data" / "real"


@pytest.fixture(scope="session")
def repo_dir() -> Path:
    return REPO


@pytest.fixture(scope="session")
def sample_dir() -> Path:
    if not (SAMPLE_DIR / "tickets.csv").exists():
        pytest.fail("data/sample/tickets.csv is missing: run `vocmine sample --seed 7 --out data/sample`")
    return SAMPLE_DIR


@pytest.fixture(scope="session")
def real_data_dir() -> Path:
    """../shared/data/real, or skip cleanly when the clone has no shared/ beside it."""
    if not SHARED_REAL.is_dir():
        pytest.skip(f"real datasets not found at {SHARED_REAL}")
    return SHARED_REAL
