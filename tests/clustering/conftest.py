"""Fixtures for clustering tests (helpers live in clustering_helpers.py)."""

from __future__ import annotations

import pandas as pd
import pytest
from clustering_helpers import make_tickets


@pytest.fixture(scope="session")
def tickets() -> pd.DataFrame:
    return make_tickets()
