"""deflection_candidates / top_questions."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from vocmine.exceptions import ConfigError, PIILeakError, SchemaError
from vocmine.recurrence import deflection_candidates, find_repeats, howto_share, top_questions


# 60.875 days apart = 2.0 months of 30.44 days
DATES = ("2024-01-01T00:00:00Z", "2024-03-01T21:00:00Z")


def make():
    rng = np.random.default_rng(0)
    rows = []
    for i in range(60):   # how-to topic, short and steady handle time, two months
        q = ["Como faço para emitir a segunda via do boleto?", "How do I download my invoice?",
             "Onde vejo o extrato do mês?"][i % 3]
        rows.append(("howto", f"Oi. {q} Obrigado", 4 + rng.normal(0, 0.3), DATES[i % 2]))
    for i in range(60):   # complex topic, long and variable handle time
        rows.append(("api", "The webhook returns 500 on every order since the deploy.",
                     rng.gamma(1.0, 60), DATES[i % 2]))
    df = pd.DataFrame(rows, columns=["topic_id", "text_display", "handle_minutes", "created_at"])
    df["created_at"] = pd.to_datetime(df["created_at"], utc=True)
    df["ticket_id"] = [f"t{i}" for i in range(len(df))]
    df["customer_id"] = [f"c{i}" for i in range(len(df))]
    return df


def test_howto_phrasing_pt_en():
    s = pd.Series(["Como faço pra trocar a senha", "como fazer o cadastro", "how do I reset it",
                   "where can I see it", "is it possible to export", "é possível parcelar?",
                   "O app travou", "the app crashed", None])
    assert howto_share(s) == pytest.approx(6 / 9)


def test_scores_ranges_and_assumptions():
    t = make()
    d = deflection_candidates(t, find_repeats(t), share_range=(0.2, 0.5)).set_index("topic")
    assert d.loc["howto", "score"] > d.loc["api", "score"]
    assert d.loc["howto", "howto_share"] == 1.0 and d.loc["api", "howto_share"] == 0.0
    assert d.loc["howto", "is_candidate"] and not d.loc["api", "is_candidate"]
    assert d.loc["howto", "suggested_action"] == "help-center article"
    assert ((d["score"] >= 0) & (d["score"] <= 1)).all()
    row = d.loc["howto"]
    assert row["months"] == 2 and row["tickets_per_month"] == 30
    assert row["tickets_low"] == pytest.approx(6) and row["tickets_high"] == pytest.approx(15)
    assert row["hours_low"] == pytest.approx(6 * row["mean_handle_minutes"] / 60)
    assert row["hours_low"] < row["hours_high"]
    assert "20%-50%" in row["assumptions"] and "20%-50%" in d.attrs["assumptions"]


def test_months_selection_and_validation():
    t = make()
    last = deflection_candidates(t, months=1).set_index("topic")
    assert last.loc["howto", "tickets"] == 30 and last.loc["howto", "months"] == 1
    listed = deflection_candidates(t, months=["2024-01"]).set_index("topic")
    assert listed.loc["api", "tickets"] == 30
    with pytest.raises(ConfigError):
        deflection_candidates(t, share_range=(0.6, 0.2))
    assert deflection_candidates(t.iloc[:0]).empty


def test_top_questions_dedup_and_rank():
    t = make()
    t.loc[0, "text_display"] = "Como faço para emitir a segunda via do boleto? Meu email é [EMAIL]."
    q = top_questions(t, "howto", n=5)
    assert len(q) == 3
    assert q["rank"].tolist() == [1, 2, 3]
    assert set(q["question"]) == {"Como faço para emitir a segunda via do boleto?",
                                  "How do I download my invoice?", "Onde vejo o extrato do mês?"}
    assert q["n_tickets"].sum() == 60
    assert top_questions(t, "api").empty          # no question-like sentences
    with pytest.raises(PIILeakError):
        top_questions(t.assign(text="x"), "howto", text_col="text")
    with pytest.raises(SchemaError):
        top_questions(t.drop(columns="text_display"), "howto")
