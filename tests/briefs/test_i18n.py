"""Number formats and labels follow the brief language."""

from __future__ import annotations

import pytest

from vocmine.briefs import i18n
from vocmine.exceptions import ConfigError


def test_number_formats():
    assert i18n.fmt_number(1234.5, "pt") == "1.234,5"
    assert i18n.fmt_number(1234.5, "en") == "1,234.5"
    assert i18n.fmt_int(1234567, "pt") == "1.234.567"
    assert i18n.fmt_pct(0.123, "pt") == "12,3%"
    assert i18n.fmt_pct(0.123, "en") == "12.3%"
    assert i18n.fmt_points(-0.12, "pt") == "−12,0 p.p."
    assert i18n.fmt_points(0.05, "en") == "+5.0 pts"
    assert i18n.fmt_interval(-0.2, -0.1, "pt") == "[−20,0; −10,0]"
    assert i18n.fmt_interval(-0.2, 0.1, "en") == "[−20.0, +10.0]"
    assert i18n.fmt_number(float("nan"), "en") == "–"
    assert i18n.fmt_q(0.0001, "pt") == "< 0,001"


def test_labels_and_months():
    assert i18n.month_name("2026-08", "pt") == "agosto de 2026"
    assert i18n.month_name("2026-08", "en") == "August 2026"
    assert i18n.t("product_title", "en", month="August 2026").startswith("Product-improvement brief")
    assert all(set(v) == {"pt", "en"} for v in i18n.LABELS.values())
    with pytest.raises(ConfigError):
        i18n.t("summary", "fr")
