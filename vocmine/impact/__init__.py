"""Impact statistics: link topics to CSAT, churn and support KPIs (DESIGN.md section 5).

Pure functions on a TicketFrame (and a CustomerFrame for churn) returning tidy frames
whose columns are documented in each docstring:

- :func:`csat_by_topic`   CSAT mean / dissatisfied share per topic, cluster-bootstrap and
  Wilson intervals, difference from the rest, BH q-values, CSAT points lost.
- :func:`churn_by_topic`  per-customer churn association (RR with Katz CI, adjusted OR).
- :func:`kpis_by_topic`   volume, FRT, resolution, SLA, reopen, FCR, TMA, TME, backlog per month.
- :func:`rank_topics`     one documented impact score; the outlier topic is never ranked.
- :func:`trend`           month-over-month change per topic and measure (tidy).

Wording: effects are *associated with* a topic; nothing here shows causation.
"""

from vocmine.impact.churn import churn_by_topic
from vocmine.impact.csat import csat_by_topic
from vocmine.impact.intervals import (
    bh_qvalues,
    cluster_bootstrap_counts,
    cluster_bootstrap_means,
    katz_rr,
    percentile_interval,
    wild_cluster_pvalues,
    wilson_interval,
)
from vocmine.impact.kpis import DEFAULT_SLA_TARGETS, first_contact_resolved, kpis_by_topic
from vocmine.impact.ranking import DEFAULT_WEIGHTS, rank_topics
from vocmine.impact.trend import TREND_MEASURES, repeat_flags, trend

__all__ = [
    "csat_by_topic",
    "churn_by_topic",
    "kpis_by_topic",
    "rank_topics",
    "trend",
    "wilson_interval",
    "bh_qvalues",
    "katz_rr",
    "cluster_bootstrap_counts",
    "cluster_bootstrap_means",
    "percentile_interval",
    "wild_cluster_pvalues",
    "first_contact_resolved",
    "repeat_flags",
    "DEFAULT_SLA_TARGETS",
    "DEFAULT_WEIGHTS",
    "TREND_MEASURES",
]
