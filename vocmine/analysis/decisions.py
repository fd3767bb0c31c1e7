"""What the product brief asks for: a priority score per topic and at most three decisions.

Both are pure functions of the product analysis' ``topics`` frame, so the summary, the decision box,
the top table, the charts and ``product_topics.csv`` read one order.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from vocmine.schema import TOPIC_ID

__all__ = ["NEWS_STATUSES", "PRIORITY_WEIGHTS", "SLA_GAP", "decisions", "priority"]

#: count-test statuses (vocmine.stats.volume_changes) that are news
NEWS_STATUSES = ("new", "growing")
#: weights added to the impact score (vocmine.impact.rank_topics, 0..3)
PRIORITY_WEIGHTS = {"news": 1.0, "spike": 1.0, "sla": 0.5}
#: a topic's first-response SLA breach rate this far above the month's overall rate is an SLA problem
SLA_GAP = 0.10


def priority(topics: pd.DataFrame, *, month_sla_breach: float = np.nan) -> pd.DataFrame:
    """``topics`` with ``news``, ``spike``, ``sla_problem`` (bools) and ``priority`` (float).

    **priority = score + 1 × news + 1 × spike + 0.5 × sla_problem**, where ``score`` is the impact
    score of :func:`vocmine.impact.rank_topics` (volume relative to the largest topic, plus CSAT
    points lost and churn association relative to the strongest, each 0–1 and counted only when
    significant), ``news`` is True when the count test calls the topic new or growing, ``spike``
    when the topic had an incident spike this month (``spike_tickets`` > 0) and ``sla_problem``
    when its first-response SLA breach rate is at least :data:`SLA_GAP` above
    ``month_sla_breach``. Unranked topics (outlier, below the minimum sample) get NaN.
    """
    out = topics.copy()
    status = out["status"].astype("string") if "status" in out else pd.Series(pd.NA, index=out.index)
    out["news"] = status.isin(NEWS_STATUSES).fillna(False).astype(bool)
    spikes = out["spike_tickets"] if "spike_tickets" in out else pd.Series(0, index=out.index)
    out["spike"] = spikes.fillna(0).astype(float) > 0
    breach = out["sla_breach_rate"].astype(float) if "sla_breach_rate" in out else pd.Series(np.nan, index=out.index)
    out["sla_problem"] = (breach - float(month_sla_breach) >= SLA_GAP - 1e-12).fillna(False).astype(bool)
    w = PRIORITY_WEIGHTS
    out["priority"] = (out["score"].astype(float) + w["news"] * out["news"] + w["spike"] * out["spike"]
                       + w["sla"] * out["sla_problem"])
    return out


def decisions(topics: pd.DataFrame, *, n: int = 3) -> pd.DataFrame:
    """At most ``n`` decisions, highest ``priority`` first, one per topic that has something to
    act on (news, spike, significant CSAT or churn association, SLA problem); ``topics`` comes from
    :func:`priority`.

    Topics whose main reason is churn share one decision (one retention ask covers them; the box
    stays at ``n`` items while every churn-associated topic is named). ``item`` numbers the
    decisions 1..n; rows of one item are consecutive.

    Columns: item, topic_id, label, owner, reason (the first of spike, new, growing, churn, csat, sla that
    applies), reasons (all of them, ``;``-joined), action (``incident`` for a spike or a new topic:
    fix the cause, notify customers, give agents a macro; ``investigate`` for a growing topic: find
    what changed and fix it or publish an answer; ``retention``: prioritise the fix and contact affected accounts;
    ``fix``: fix the root cause and review the agents' answer; ``staffing``: capacity or routing),
    n_tickets and handle_hours (this month: what the fix could remove a month), priority.
    """
    cols = ["item", TOPIC_ID, "label", "owner", "reason", "reasons", "action", "n_tickets", "handle_hours", "priority"]
    rows: list[dict] = []
    items = 0
    retention_item = None
    ranked = topics[topics["priority"].notna()].sort_values(["priority", "n_tickets", TOPIC_ID],
                                                              ascending=[False, False, True], kind="mergesort")
    for _, r in ranked.iterrows():
        reasons = []
        if r.get("spike"):
            reasons.append("spike")
        if r.get("news"):
            reasons.append(str(r["status"]))
        if bool(r.get("churn_flag")):
            reasons.append("churn")
        if bool(r.get("csat_flag")):
            reasons.append("csat")
        if r.get("sla_problem"):
            reasons.append("sla")
        if not reasons:
            continue
        main = reasons[0]
        action = {"spike": "incident", "new": "incident", "growing": "investigate", "churn": "retention",
                  "csat": "fix", "sla": "staffing"}[main]
        if action == "retention" and retention_item is not None:
            item = retention_item
        elif items == n:
            continue
        else:
            items += 1
            item = items
            if action == "retention":
                retention_item = item
        rows.append({"item": item, TOPIC_ID: int(r[TOPIC_ID]), "label": r["label"], "owner": r.get("owner", pd.NA),
                     "reason": main, "reasons": ";".join(reasons), "action": action,
                     "n_tickets": int(r["n_tickets"]), "handle_hours": float(r.get("handle_hours_total", np.nan)),
                     "priority": float(r["priority"])})
    out = pd.DataFrame(rows, columns=cols)
    return out.sort_values(["item", "priority"], ascending=[True, False], kind="mergesort").reset_index(drop=True)
