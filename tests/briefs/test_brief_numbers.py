"""Every number quoted in a brief stands in a published table (tests/brief_numbers.py), on synthetic data;
tests/test_e2e_run.py runs the same check on the sample run's published briefs."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import brief_numbers as bn  # noqa: E402
from synth import period_data  # noqa: E402
from vocmine.analysis import brief_tables  # noqa: E402
from vocmine.briefs import blocks, content  # noqa: E402
from vocmine.briefs.writers import write_csv  # noqa: E402


@pytest.mark.parametrize("text, lang, value, decimals", [
    ("1.437", "pt", 1437, 0), ("1,437", "en", 1437, 0), ("12,3", "pt", 12.3, 1), ("12.3", "en", 12.3, 1),
    ("1.234,5", "pt", 1234.5, 1), ("1,234.5", "en", 1234.5, 1), ("0,579", "pt", 0.579, 3), ("0.579", "en", 0.579, 3),
])
def test_parse_number_in_each_language(text, lang, value, decimals):
    assert bn.parse_number(text, lang) == (pytest.approx(value), decimals)


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    data = period_data("2026-08")
    d = tmp_path_factory.mktemp("briefs")
    for name, frame in brief_tables(data).items():
        write_csv(frame, d / "tables" / f"{name}.csv")
    md = {}
    for lang in ("pt", "en"):
        md[("product", lang)] = blocks.render_markdown(content.product_brief(content.product_analysis(data), lang=lang))
        md[("recurrence", lang)] = blocks.render_markdown(
            content.recurrence_brief(content.recurrence_analysis(data), lang=lang))
    return d / "tables", md


@pytest.mark.parametrize("brief", ["product", "recurrence"])
@pytest.mark.parametrize("lang", ["pt", "en"])
def test_every_quoted_number_has_a_table_behind_it(published, brief, lang):
    tables, md = published
    found = bn.check_text(md[(brief, lang)], lang, tables, brief=brief)
    assert len(found) >= 20
    bad = bn.unmatched(found)
    assert not bad, [(q.line, q.raw, q.context[:80]) for q in bad]


@pytest.mark.parametrize("lang", ["pt", "en"])
def test_a_mutated_number_is_caught(published, lang):
    """The month's ticket count in the context paragraph, raised by 3: the check must fail."""
    tables, md = published
    text = md[("product", lang)]
    found = bn.quoted_numbers(text, lang, tables)
    total = next(i for i, q in enumerate(found) if q.value == 1300 or q.raw in ("1.300", "1,300") or
                 ("tickets" in q.context and q.decimals == 0 and q.value > 500))
    mutated = bn.mutate(text, lang, tables, total)
    assert mutated is not None and mutated != text
    assert not bn.unmatched(bn.check_text(text, lang, tables, brief="product"))
    assert bn.unmatched(bn.check_text(mutated, lang, tables, brief="product"))


def test_most_mutations_are_caught(published):
    """Raising any one quoted number by 3 in its last digit is caught at least 60% of the time (a number can
    land on another value of the same topic's rows by chance: small counts, 0 and 100%)."""
    tables, md = published
    caught, missed, lost = bn.mutation_score(md[("product", "en")], "en", tables, brief="product")
    print(f"product brief (en, synthetic): {caught} of {caught + missed + lost} mutations caught, {lost} not located")
    assert lost == 0
    assert caught / (caught + missed) >= 0.6
