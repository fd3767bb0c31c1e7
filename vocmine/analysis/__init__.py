"""Period analyses as pure frames (DESIGN.md section 2): computed once per period, read by the briefs' text,
charts and CSV tables alike. Heavy statistics live in :mod:`vocmine.impact` and :mod:`vocmine.recurrence`."""

from vocmine.analysis._common import localised, topic_names
from vocmine.analysis.explore import exploration
from vocmine.analysis.product import product_analysis
from vocmine.analysis.recurrence import recurrence_analysis
from vocmine.analysis.tables import brief_tables

__all__ = ["brief_tables", "exploration", "localised", "product_analysis", "recurrence_analysis", "topic_names"]
