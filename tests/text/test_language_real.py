"""Language id on real public reviews and support requests (../shared/data/real; skipped when absent)."""

from __future__ import annotations

import pandas as pd
import pytest

from vocmine.text import clean, detect_language

pytestmark = pytest.mark.real_data

CASES = [
    ("b2w_rating_balanced/b2w_rating_balanced.csv.gz", "review_text", "pt"),
    ("olist_subset/olist_order_reviews_dataset.csv.gz", "review_comment_message", "pt"),
    ("banking77/test.csv.gz", "text", "en"),
    ("bitext_cs/Bitext_Sample_Customer_Support_Training_Dataset.csv.gz", "instruction", "en"),
]


@pytest.mark.parametrize(("path", "column", "lang"), CASES, ids=[c[0].split("/")[0] for c in CASES])
def test_language_on_real_text(real_data_dir, path, column, lang):
    file = real_data_dir / path
    if not file.exists():
        pytest.skip(f"{file} not found")
    texts = pd.read_csv(file, usecols=[column], nrows=6000)[column].dropna().astype(str)
    texts = [t for t in texts if len(t.strip()) >= 20][:800]  # very short texts fall back by design
    got = [detect_language(clean(t)) for t in texts]
    share = sum(g == lang for g in got) / len(got)
    print(f"\n{path.split('/')[0]}: {share:.4f} of {len(got)} texts detected as {lang}")
    assert share >= 0.98
