"""clean_frame on small frames and on the sample export (planted PII must not survive)."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from vocmine.exceptions import SchemaError
from vocmine.schema import LANGUAGE, TEXT, TEXT_DISPLAY, TEXT_LEMMAS, TEXT_MODEL, TEXT_RAW
from vocmine.text import clean_frame
from vocmine.text.frame import clean_texts

from tests.conftest import SAMPLE_DIR

CLEANED = (TEXT_DISPLAY, TEXT_MODEL, TEXT_LEMMAS)


def _frame():
    return pd.DataFrame({
        "ticket_id": ["T1", "T2", "T3", "T4", "T5", "T6"],
        TEXT: [
            "Boleto não chegou\n\nOlá, meu CPF 529.982.247-25 e o boleto não chegou.\n\nAtt,\nJoão\n(11) 98765-4321",
            "App crashes on login\n\nHi team, the app crashes when I log in. Email me at jane@acme.com\n\nSent from my iPhone",
            None,
            "ok",
            "App crashes on login\n\nHi team, the app crashes when I log in. Email me at jane@acme.com\n\nSent from my iPhone",
            "Hola, no puedo entrar a mi cuenta desde ayer, la aplicación se cierra sola.",
        ],
        LANGUAGE: ["pt", "en", "pt", "en", None, None],
        "csat": [0.5, 1.0, None, None, 0.0, 1.0],
    }, index=[10, 11, 12, 13, 14, 15])


def test_clean_frame_columns_and_values():
    frame = _frame()
    before = frame.copy()
    out = clean_frame(frame)
    pd.testing.assert_frame_equal(frame, before)  # input untouched
    assert TEXT not in out.columns
    for col in (TEXT_RAW, *CLEANED, LANGUAGE):
        assert col in out.columns and str(out[col].dtype) == "str"
    assert list(out.index) == list(frame.index) and list(out["csat"].isna()) == list(frame["csat"].isna())
    assert out.loc[10, TEXT_DISPLAY] == "Boleto não chegou\n\nmeu CPF [CPF] e o boleto não chegou."
    assert out.loc[10, TEXT_MODEL] == "Boleto não chegou meu CPF e o boleto não chegou."
    assert out.loc[10, TEXT_LEMMAS] == "boleto chegar cpf boleto chegar"
    assert out.loc[11, TEXT_DISPLAY] == "App crashes on login\n\nthe app crashes when I log in. Email me at [EMAIL]"
    assert out.loc[11, TEXT_LEMMAS] == "app crash login app crash log email"
    assert out.loc[10, TEXT_RAW] == frame.loc[10, TEXT]
    assert out.loc[12, TEXT_DISPLAY] == "" and out.loc[12, TEXT_LEMMAS] == "" and out.loc[12, TEXT_RAW] == ""
    # language: detected when possible, else the export's value, else 'other'
    assert list(out[LANGUAGE]) == ["pt", "en", "pt", "en", "en", "other"]
    assert out.loc[14, TEXT_DISPLAY] == out.loc[11, TEXT_DISPLAY]


def test_clean_frame_options():
    frame = pd.DataFrame({"ticket_id": ["a", "b"], "body": ["pedido PED-1198765432 parado", ""]})
    out = clean_frame(frame, text_col="body", extra_pii_patterns={"order": r"PED-\d+"}, default_language="pt")
    assert "body" not in out.columns and out.loc[0, TEXT_DISPLAY] == "pedido [ORDER] parado"
    assert out.loc[1, LANGUAGE] == "pt"
    timings: dict[str, float] = {}
    clean_frame(frame, text_col="body", timings=timings)
    assert set(timings) == {"dedupe", "clean", "language", "lemmas", "assemble", "protect"}
    with pytest.raises(SchemaError, match="text"):
        clean_frame(pd.DataFrame({"x": [1]}))


def test_parallel_cleaning_matches_serial(monkeypatch):
    import vocmine._parallel as par
    from vocmine._io import screen_texts

    monkeypatch.setattr(par, "MIN_ITEMS_PER_PROCESS", 2)
    texts = [f"Meu cel (11) 98765-43{i:02d} e CPF 529.982.247-25, pedido {i}" for i in range(12)]
    assert clean_texts(texts, n_process=2, batch_size=2) == clean_texts(texts, n_process=1)
    # the whole frame: cleaning, languages, lemmas (per language) and the guard's screen in 2 processes
    bodies = texts + ["The app crashed when I paid with my card", "O aplicativo travou ao pagar com cartão",
                      "ok", "Call me at +55 11 98765-4321 about order 12"] * 3
    frame = pd.DataFrame({"ticket_id": [f"T{i}" for i in range(len(bodies))], "text": bodies})
    one, two = clean_frame(frame, n_process=1, pii_key=b"k"), clean_frame(frame, n_process=2, pii_key=b"k")
    pd.testing.assert_frame_equal(one, two)
    assert set(one["language"]) >= {"pt", "en"} and one[TEXT_LEMMAS].str.len().gt(0).sum() >= 12
    screened = ["CPF 529.982.247-25", "nada aqui", None, "CPF 529.982.247-25", "mail a@b.com"] * 3
    assert screen_texts(screened, n_process=2) == screen_texts(screened) and len(screen_texts(screened)) == 9


@pytest.fixture(scope="module")
def sample_cleaned():
    tickets, truth = SAMPLE_DIR / "tickets.csv", SAMPLE_DIR / "truth_pii.csv"
    if not (tickets.exists() and truth.exists()):
        pytest.fail("data/sample/tickets.csv or truth_pii.csv not generated yet (vocmine sample --seed 7)")  # the sample is committed: its absence is a defect, not a skip
    raw = pd.read_csv(tickets, dtype=str, keep_default_na=False)
    raw[TEXT] = [f"{s}\n\n{b}" if s else b for s, b in zip(raw["subject"], raw["body"], strict=True)]
    out = clean_frame(raw.drop(columns=["subject", "body"]))
    return out.set_index("ticket_id"), pd.read_csv(truth, dtype=str, keep_default_na=False)


@pytest.mark.slow
def test_sample_planted_pii_never_survives(sample_cleaned):
    out, truth = sample_cleaned
    leaks = []
    for row in truth.itertuples(index=False):
        cleaned = out.loc[row.ticket_id]
        digits = re.sub(r"\D", "", row.value)
        for col in CLEANED:
            text = cleaned[col]
            if row.value.lower() in text.lower():
                leaks.append((row.ticket_id, row.kind, col))
            elif row.kind != "email" and len(digits) >= 8 and digits in re.sub(r"\D", "", text):
                # the same number with other separators (or none) is still the same number
                leaks.append((row.ticket_id, row.kind, col, "digits"))
    print(f"\nsample: {len(truth)} planted PII values in {truth['ticket_id'].nunique()} tickets, leaks: {len(leaks)}")
    assert not leaks, leaks[:20]


@pytest.mark.slow
def test_sample_languages_match_truth(sample_cleaned):
    out, _ = sample_cleaned
    truth = pd.read_csv(SAMPLE_DIR / "truth_tickets.csv", dtype=str, keep_default_na=False).set_index("ticket_id")
    agree = (out[LANGUAGE] == truth.loc[out.index, "language"]).mean()
    print(f"\nsample language agreement: {agree:.4f}")
    assert agree >= 0.98


def test_empty_frame():
    empty = pd.DataFrame({"ticket_id": pd.Series([], dtype="str"), TEXT: pd.Series([], dtype="str")})
    out = clean_frame(empty)
    assert len(out) == 0 and {TEXT_RAW, *CLEANED, LANGUAGE} <= set(out.columns) and TEXT not in out.columns


def test_import_is_light():
    import subprocess
    import sys

    code = "import sys, vocmine.text; print(sorted(m for m in ('spacy', 'py3langid', 'ftfy', 'selectolax') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
