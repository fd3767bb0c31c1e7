"""The sample export: deterministic, committed output up to date, planted effects really there."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from stdnum import luhn
from stdnum.br import cnpj, cpf

from vocmine.sample import generate, write_sample

FILES = ["tickets.csv", "customers.csv", "truth.json", "truth_tickets.csv", "truth_pii.csv", "README.md"]
TICKET_COLUMNS = ["ticket_id", "created_at", "subject", "body", "customer_id", "channel", "status", "priority",
                  "product", "group", "agent", "tags", "first_response_at", "solved_at", "handle_minutes",
                  "wait_minutes", "reopens", "csat"]


def _sha(b: bytes) -> str:
    return hashlib.sha256(b).hexdigest()


# ---------------------------------------------------------------- determinism


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    write_sample(a, seed=11, scale=0.1)
    write_sample(b, seed=11, scale=0.1)
    for name in FILES:
        assert _sha((a / name).read_bytes()) == _sha((b / name).read_bytes()), name


def test_other_seed_other_bytes() -> None:
    assert generate(1, scale=0.05)["tickets.csv"] != generate(2, scale=0.05)["tickets.csv"]


def test_committed_sample_is_fresh_seed_7(sample_dir: Path) -> None:
    fresh = generate(7)
    for name in FILES:
        assert _sha((sample_dir / name).read_bytes()) == _sha(fresh[name]), (
            f"data/sample/{name} differs from a fresh generation: run `vocmine sample --seed 7 --out data/sample`")


def test_summary_from_cli_call(tmp_path: Path) -> None:
    summary = write_sample(tmp_path, seed=3, scale=0.05)
    assert summary["tickets"] > 0 and summary["seed"] == 3
    assert all((tmp_path / f).exists() for f in FILES)


# ---------------------------------------------------------------- loading


@pytest.fixture(scope="module")
def sample(sample_dir: Path) -> dict:
    read = lambda n: pd.read_csv(sample_dir / n, dtype=str, keep_default_na=False)  # noqa: E731
    t, c, tt, tp = read("tickets.csv"), read("customers.csv"), read("truth_tickets.csv"), read("truth_pii.csv")
    truth = json.loads((sample_dir / "truth.json").read_text(encoding="utf-8"))
    df = t.merge(tt, on="ticket_id", validate="one_to_one")
    df["ts"] = pd.to_datetime(df["created_at"], utc=True, format="ISO8601")
    df["month"] = df["ts"].dt.tz_convert("America/Sao_Paulo").dt.strftime("%Y-%m")
    df["csat_num"] = pd.to_numeric(df["csat"], errors="coerce")
    return {"t": t, "c": c, "tt": tt, "tp": tp, "truth": truth, "df": df}


def test_contract_columns(sample: dict) -> None:
    assert list(sample["t"].columns) == TICKET_COLUMNS
    assert list(sample["c"].columns) == ["customer_id", "plan", "mrr", "signup_at", "churned_at"]
    assert list(sample["tt"].columns) == ["ticket_id", "reason", "language", "planted_repeat", "repeat_of",
                                          "dup_group", "noise"]
    assert list(sample["tp"].columns) == ["ticket_id", "kind", "value"]
    truth = sample["truth"]
    for key in ("seed", "months", "observation_end", "reasons", "csat_deficit", "churn", "repeat", "emerging",
                "neutral", "effects", "duplicates", "counts"):
        assert key in truth
    assert truth["months"] == ["2026-03", "2026-04", "2026-05", "2026-06", "2026-07", "2026-08"]
    assert sample["t"]["ticket_id"].str.fullmatch(r"T\d{6}").all()
    assert sample["t"]["ticket_id"].is_unique


def test_sizes_and_mix(sample: dict) -> None:
    df, truth = sample["df"], sample["truth"]
    assert len(df) >= 6000
    assert df.loc[df.customer_id != "", "customer_id"].nunique() >= 2000
    assert len(truth["reasons"]) >= 15
    assert set(df["reason"]) == {r["id"] for r in truth["reasons"]}
    pt = (df["language"] == "pt").mean()
    assert 0.56 <= pt <= 0.64
    assert set(df["month"]) == set(truth["months"])
    assert df.groupby("month").size().min() > 700
    # sets are disjoint and cover the catalogue
    sets = [set(truth[k]) for k in ("csat_deficit", "churn", "repeat", "emerging", "neutral")]
    assert sum(len(s) for s in sets) == len(truth["reasons"])
    assert len(truth["csat_deficit"]) >= 2 and len(truth["churn"]) >= 2 and len(truth["repeat"]) >= 2


def test_operational_fields(sample: dict) -> None:
    t = sample["t"]
    assert set(t["channel"]) == {"email", "chat", "phone", "whatsapp", "web"}
    assert set(t["priority"]) == {"low", "normal", "high", "urgent"}
    offset = t["created_at"].str.endswith("-03:00").mean()
    zulu = t["created_at"].str.endswith("Z").mean()
    assert offset > 0.8 and 0.03 < zulu < 0.2 and offset + zulu == pytest.approx(1.0)
    rated = (t["csat"] != "").mean()
    assert 0.25 <= rated <= 0.35
    assert set(t.loc[t.csat != "", "csat"]) <= {"1", "2", "3", "4", "5"}
    created = pd.to_datetime(t["created_at"], utc=True, format="ISO8601")
    solved = pd.to_datetime(t["solved_at"].replace("", None), utc=True, format="ISO8601")
    first = pd.to_datetime(t["first_response_at"].replace("", None), utc=True, format="ISO8601")
    assert (solved.dropna() >= created[solved.notna()]).all()
    assert (first.dropna() >= created[first.notna()]).all()
    assert (t["customer_id"] == "").sum() > 0
    c = sample["c"]
    assert set(c["plan"]) == {"basic", "pro", "enterprise"}
    assert (c["churned_at"] != "").mean() > 0.05


# ---------------------------------------------------------------- planted effects


def test_csat_deficit(sample: dict) -> None:
    df, truth = sample["df"], sample["truth"]
    rated = df.dropna(subset=["csat_num"])
    other = rated.loc[~rated.reason.isin(truth["csat_deficit"]), "csat_num"]
    assert 3.8 < other.mean() < 4.5
    for reason in truth["csat_deficit"]:
        x = rated.loc[rated.reason == reason, "csat_num"]
        assert len(x) >= 60
        assert x.mean() < other.mean() - 1.0
        assert stats.ttest_ind(x, other, equal_var=False).pvalue < 1e-6
        assert stats.mannwhitneyu(x, other).pvalue < 1e-6
    # neutral reasons are not far from the rest
    for reason in truth["neutral"]:
        x = rated.loc[rated.reason == reason, "csat_num"]
        assert abs(x.mean() - other.mean()) < 0.45, reason


def _churn_table(sample: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    df, c, truth = sample["df"], sample["c"], sample["truth"]
    obs_end = pd.Timestamp(truth["observation_end"] + "T23:59:59", tz="America/Sao_Paulo")
    churn = pd.to_datetime(c["churned_at"].replace("", None)).dt.tz_localize("America/Sao_Paulo")
    # churn date (or end of observation) as naive UTC datetime64[ns]
    end = churn.dt.tz_convert(None).astype("datetime64[ns]")
    end = end.where(end.notna(), obs_end.tz_convert(None))
    cust = pd.DataFrame({"churn": churn.notna().to_numpy(), "end": end.to_numpy()}, index=c["customer_id"])
    x = df[df.customer_id.isin(cust.index)].copy()
    ts = x["ts"].dt.tz_convert(None).to_numpy().astype("datetime64[ns]")
    end_ = x["customer_id"].map(cust["end"]).to_numpy().astype("datetime64[ns]")
    x["in_window"] = (end_ - ts >= np.timedelta64(0, "s")) & (end_ - ts <= np.timedelta64(90, "D"))
    filers = cust.loc[cust.index.isin(x.customer_id)].copy()
    filers["churned"] = filers["churn"]
    filers["n_tickets"] = x.groupby("customer_id").size()
    return x, filers


def test_churn_reasons_churn_more(sample: dict) -> None:
    x, filers = _churn_table(sample)
    truth = sample["truth"]
    for reason in truth["churn"]:
        exposed = filers.index.isin(set(x.loc[(x.reason == reason) & x.in_window, "customer_id"]))
        a, b = filers.churned[exposed], filers.churned[~exposed]
        assert exposed.sum() >= 100
        assert a.mean() > 2.0 * b.mean(), reason
        table = [[a.sum(), (~a).sum()], [b.sum(), (~b).sum()]]
        assert stats.fisher_exact(table)[1] < 1e-6
    ratios = {}
    for reason in truth["neutral"] + truth["csat_deficit"] + truth["repeat"]:
        exposed = filers.index.isin(set(x.loc[(x.reason == reason) & x.in_window, "customer_id"]))
        ratios[reason] = filers.churned[exposed].mean() / filers.churned[~exposed].mean()
    assert max(ratios.values()) < 2.0, ratios


def test_churn_reasons_survive_adjustment_for_ticket_count(sample: dict) -> None:
    """Logistic regression churned ~ exposed + log(tickets): only the planted reasons stand out (BH q)."""
    sm = pytest.importorskip("statsmodels.api")
    from statsmodels.stats.multitest import multipletests

    x, filers = _churn_table(sample)
    truth = sample["truth"]
    reasons = [r["id"] for r in truth["reasons"]]
    odds, pvals = {}, []
    for reason in reasons:
        exposed = filers.index.isin(set(x.loc[(x.reason == reason) & x.in_window, "customer_id"])).astype(float)
        design = sm.add_constant(pd.DataFrame({"exposed": exposed, "log_n": np.log(filers.n_tickets.to_numpy())}))
        fit = sm.Logit(filers.churned.astype(float).to_numpy(), design).fit(disp=0)
        odds[reason] = float(np.exp(fit.params["exposed"]))
        pvals.append(float(fit.pvalues["exposed"]))
    q = dict(zip(reasons, multipletests(pvals, method="fdr_bh")[1]))
    for reason in truth["churn"]:
        assert q[reason] < 0.05 and odds[reason] > 2.5, (reason, odds[reason], q[reason])
    for reason in truth["neutral"] + truth["csat_deficit"] + truth["repeat"]:
        assert not (q[reason] < 0.05 and odds[reason] > 1.0), (reason, odds[reason], q[reason])


def test_heavy_filers_churn_more(sample: dict) -> None:
    _x, filers = _churn_table(sample)
    light = filers.loc[filers.n_tickets == 1, "churned"].mean()
    heavy = filers.loc[filers.n_tickets >= 5, "churned"].mean()
    assert heavy > 1.3 * light


def _repeat_share(df: pd.DataFrame) -> pd.Series:
    x = df[df.customer_id != ""].sort_values(["customer_id", "reason", "ts"])
    gap = x.groupby(["customer_id", "reason"])["ts"].diff()
    x = x.assign(rep=gap <= pd.Timedelta(days=7))
    return x.groupby("reason")["rep"].mean()


def test_repeat_reasons(sample: dict) -> None:
    df, truth = sample["df"], sample["truth"]
    share = _repeat_share(df)
    for reason in truth["repeat"]:
        assert 0.30 <= share[reason] <= 0.55, (reason, share[reason])
    others = share.drop(truth["repeat"])
    assert others.max() < 0.15
    assert others.median() < 0.08
    # planted follow-ups point back to an earlier ticket of the same reason within 7 days
    planted = df[df.planted_repeat == "true"]
    orig = df.set_index("ticket_id").loc[planted.repeat_of]
    assert (orig.reason.values == planted.reason.values).all()
    gap = planted.ts.dt.tz_convert(None).to_numpy() - orig.ts.dt.tz_convert(None).to_numpy()
    assert (gap > np.timedelta64(0, "s")).all() and (gap <= np.timedelta64(7, "D")).all()


def test_measured_truth_matches_data(sample: dict) -> None:
    df, truth = sample["df"], sample["truth"]
    m = truth["measured"]
    share = _repeat_share(df)
    for reason, value in m["repeat_share_7d_by_reason"].items():
        assert abs(share[reason] - value) < 0.03, reason
    rated = df.dropna(subset=["csat_num"]).groupby("reason")["csat_num"].mean()
    for reason, v in m["csat_by_reason"].items():
        assert v["mean"] == pytest.approx(rated[reason], abs=1e-3)
    for reason in truth["churn"]:
        assert m["churn_by_reason"][reason]["ratio"] > 2.5


def test_emerging_reason_only_last_month(sample: dict) -> None:
    df, truth = sample["df"], sample["truth"]
    for reason in truth["emerging"]:
        months = df.loc[df.reason == reason, "month"]
        assert set(months) == {"2026-08"}
        assert len(months) >= 150
    assert not df.loc[df.month == "2026-08", "reason"].isin(truth["emerging"]).all()


# ---------------------------------------------------------------- PII


def test_pii_valid_and_present(sample: dict) -> None:
    t, tp = sample["t"], sample["tp"]
    text = dict(zip(t.ticket_id, t.subject + "\n" + t.body))
    assert set(tp["kind"]) == {"cpf", "cnpj", "email", "phone", "card", "cep"}
    for row in tp.itertuples():
        assert row.value in text[row.ticket_id], row
        digits = re.sub(r"\D", "", row.value)
        if row.kind == "cpf":
            assert cpf.is_valid(row.value), row
        elif row.kind == "cnpj":
            assert cnpj.is_valid(row.value), row
        elif row.kind == "card":
            assert len(digits) == 16 and luhn.is_valid(digits), row
        elif row.kind == "cep":
            assert len(digits) == 8, row
        elif row.kind == "email":
            assert re.fullmatch(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", row.value), row
    # both formatted and bare documents, +55 and US phones
    cpfs = tp.loc[tp.kind == "cpf", "value"]
    assert cpfs.str.contains(r"\.").any() and cpfs.str.fullmatch(r"\d{11}").any()
    phones = tp.loc[tp.kind == "phone", "value"]
    assert phones.str.startswith("+55").any() and phones.str.startswith("+1 ").any()
    assert tp.groupby("kind").size().min() >= 100


def test_no_unlisted_documents(sample: dict) -> None:
    """Every CPF/CNPJ/card/e-mail/+55 phone found by simple patterns in the text is listed in truth_pii."""
    t, tp = sample["t"], sample["tp"]
    listed = {(r.ticket_id, re.sub(r"\D", "", r.value)) for r in tp.itertuples()}
    emails = {(r.ticket_id, r.value.lower()) for r in tp.itertuples() if r.kind == "email"}
    for tid, txt in zip(t.ticket_id, t.subject + "\n" + t.body):
        for m in re.finditer(r"\d{3}\.\d{3}\.\d{3}-\d{2}|\d{2}\.\d{3}\.\d{3}/\d{4}-\d{2}", txt):
            assert (tid, re.sub(r"\D", "", m.group(0))) in listed, (tid, m.group(0))
        for m in re.finditer(r"(?<!\d)(\d{11}|\d{14})(?!\d)", txt):
            digits = m.group(1)
            if cpf.is_valid(digits) or cnpj.is_valid(digits):
                assert (tid, digits) in listed, (tid, digits)
        for m in re.finditer(r"(?<![\d-])\d{4}([ .-]?)\d{4}\1\d{4}\1\d{4}(?![\d-])", txt):
            digits = re.sub(r"\D", "", m.group(0))
            if luhn.is_valid(digits):
                assert (tid, digits) in listed, (tid, m.group(0))
        for m in re.finditer(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", txt):
            if txt[max(0, m.start() - 4):m.start()] == "cid:":
                continue  # Outlook inline image reference, not an address (a trap for redaction)
            assert (tid, m.group(0).lower()) in emails, (tid, m.group(0))
        for m in re.finditer(r"\+55 ?\(?\d{2}\)? ?\d{4,5}-?\d{4}", txt):
            assert (tid, re.sub(r"\D", "", m.group(0))) in listed, (tid, m.group(0))


# ---------------------------------------------------------------- text realism


def test_diversity(sample: dict) -> None:
    df = sample["df"]
    for (reason, lang), g in df.groupby(["reason", "language"]):
        bodies = g.body[g.body != ""]
        assert bodies.nunique() / len(bodies) > 0.9, (reason, lang)
        first = bodies.str.replace(r"<[^>]+>", " ", regex=True).str.strip().str.split(r"(?<=[.!?\n])\s", n=1,
                                                                                     regex=True).str[0]
        assert first.nunique() >= min(40, 0.3 * len(bodies)), (reason, lang, first.nunique())


def test_noise_present(sample: dict) -> None:
    df = sample["df"]
    body = df.body
    checks = {
        "html": body.str.contains("<p>|<div", regex=True),
        "gmail_pt": body.str.contains(r"Em \w+\.?, \d+ de \w+\.? de \d{4} às", regex=True),
        "gmail_en": body.str.contains(r"On \w{3}, \w{3} \d+, \d{4} at .* wrote:", regex=True),
        "outlook_pt": body.str.contains("-----Mensagem original-----", regex=False),
        "outlook_en": body.str.contains("From:", regex=False) & body.str.contains("Subject:", regex=False),
        "gt": body.str.contains(r"^> ", regex=True, flags=re.M),
        "iphone": body.str.contains("Enviado do meu iPhone|Sent from my iPhone", regex=True),
        "mojibake": body.str.contains("Ã£|Ã§|Ã©", regex=True),
        "emoji": body.str.contains("[\U0001F300-\U0001FAFF]", regex=True),
        "entities": body.str.contains("&nbsp;|&atilde;|&ccedil;", regex=True),
        "autoreply": df.subject.str.contains("Resposta automática|Automatic reply|Out of Office", regex=True),
        "empty": body == "",
        "long": body.str.len() > 4000,
    }
    for name, mask in checks.items():
        assert mask.sum() >= 5, name


def test_duplicate_groups(sample: dict) -> None:
    df, truth = sample["df"], sample["truth"]
    groups = truth["duplicates"]["groups"]
    kinds = {g["kind"] for g in groups}
    assert kinds == {"mass_incident", "double_submit", "forwarded_thread"}
    by_id = df.set_index("ticket_id")
    for g in groups:
        assert len(g["tickets"]) >= 2
        sub = by_id.loc[g["tickets"]]
        assert (sub.dup_group == g["id"]).all()
        if g["kind"] == "double_submit":
            assert sub.body.nunique() == 1 and sub.subject.nunique() == 1
        if g["kind"] == "mass_incident":
            assert sub.customer_id.nunique() >= 0.8 * len(sub)
            assert sub.body.value_counts().iloc[0] >= 3


def test_no_unfilled_slots_or_placeholders(sample: dict) -> None:
    t = sample["t"]
    text = t.subject + "\n" + t.body
    assert not text.str.contains(r"\{[a-z_0-9]+\}", regex=True).any()
    assert not text.str.contains("⟦", regex=False).any()
