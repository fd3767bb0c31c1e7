"""The run's analyses saved for its notebooks (vocmine.analysis.saved)."""

from __future__ import annotations

import pytest

from vocmine.analysis.saved import load_analysis, save_analyses
from vocmine.exceptions import ConfigError


def test_round_trip_and_refusals(tmp_path):
    folder = save_analyses({"product": {"topics": [1, 2]}, "recurrence": {"x": 1}}, tmp_path / ".analysis",
                           period="2026-08", params={"top_n": 8, "curation": ""})
    assert load_analysis(folder, "product", period="2026-08", params={"top_n": 8}) == {"topics": [1, 2]}
    assert load_analysis(str(folder), "recurrence") == {"x": 1}
    # nothing saved: the notebook computes the analysis itself
    assert load_analysis("", "product") is None and load_analysis(tmp_path / "none", "product") is None
    with pytest.raises(ConfigError, match="holds the analysis of 2026-08, not of 2026-07"):
        load_analysis(folder, "product", period="2026-07")
    with pytest.raises(ConfigError, match=r"top_n=8 \(notebook: 3\)"):
        load_analysis(folder, "product", params={"top_n": 3, "unrelated": 1})
    (folder / "product.pkl").write_bytes(b"\x80\x04K\x01.")  # a pickle of the int 1: not a saved analysis
    with pytest.raises(ConfigError, match="not an analysis saved by this version"):
        load_analysis(folder, "product")
