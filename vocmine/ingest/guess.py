"""The required columns of an export whose headers no preset alias names, found from the words of the
headers and checked on the values.

A complaint or support export names its fields its own way: a US consumer-complaint export has
``Complaint ID``, ``Date received`` and ``Consumer complaint narrative``; a Brazilian one ``Data da
reclamação`` and ``Relato``. When no alias names the ticket id, the creation date or the text, the
one unused column whose header says it and whose values hold it is read for it:

* text: a header word such as narrative, complaint, description, message, relato, reclamação,
  comment, review; the values are prose (median of at least :data:`MIN_TEXT_CHARS` characters); of
  several, the longest.
* created_at: a date word (date, data, created, opened, received, timestamp...) and no word of a
  later moment (resolved, closed, updated, sent, response, birth...); at least
  :data:`MIN_DATE_SHARE` of the values read as dates; of several, the one whose header says the
  start (created, opened, received, abertura...), else none (ambiguous: the error lists them).
* ticket_id: an id word (id, number, número, protocolo, code...) and no word of another entity
  (customer, agent, company, order...); every value present and at least :data:`MIN_ID_DISTINCT` of
  them distinct (the ingest's duplicate rule handles the rest); of several, the one whose
  header names a ticket (ticket, complaint, case, chamado, reclamação...), else none.

Each choice is a note of the ingest result; a column map overrides it. A file where a field stays
unresolved fails with the usual missing-column error.

Two optional fields are found the same way when no alias names them: a guessed text's **title**
(title, subject, assunto, título, summary: short text), read before it as a subject is, so a
review with a title and no message keeps its words; and **csat** (score, rating, nota, avaliação,
satisfaction, stars; not nps, priority, risk, sentiment...): whole numbers, at least
:data:`MIN_DATE_SHARE` of the values, within 0-10 and at least two distinct (Olist's
``review_score``). Of several, none.
"""

from __future__ import annotations

import pandas as pd

from vocmine import schema as S
from vocmine.ingest.parse import parse_times
from vocmine.ingest.presets import SUBJECT, plain_key

__all__ = ["guess_columns"]

MIN_TEXT_CHARS = 15
MIN_DATE_SHARE = 0.9
#: an id column's values are all present and nearly all distinct (Olist's ``review_id``: 8,191 of
#: 8,225 rows; the ingest then keeps the last of each duplicated id and counts the others)
MIN_ID_DISTINCT = 0.99
_SAMPLE = 2000

_TEXT_WORDS = ("narrative", "complaint", "descri", "message", "mensag", "text", "body", "comment", "coment",
               "relato", "reclama", "review", "content", "conte", "detail", "detalh", "problem", "feedback",
               "question", "pergunta", "request", "solicita", "queixa", "manifesta")
_DATE_WORDS = ("date", "data", "created", "criad", "cria", "opened", "abert", "received", "recebi", "submitted",
               "timestamp", "time", "hora", "dt", "registr", "when", "quando", "dia", "day")
_LATER_WORDS = ("resol", "solved", "closed", "fecha", "encerr", "updat", "atualiz", "modif", "nasc", "birth",
                "respon", "respos", "reply", "answer", "due", "venc", "sent", "envi", "last", "ultim", "últim", "first",
                "primeir", "finish", "conclu", "end", "fim")
_START_WORDS = ("creat", "criad", "cria", "open", "abert", "receiv", "recebi", "submit", "registr", "inici",
                "iníci", "start", "entrada")
_ID_EXACT = frozenset({"id", "no", "nº", "n", "num", "nr", "key", "ref", "code", "cod"})
_ID_STEMS = ("number", "numero", "número", "protocolo", "codigo", "código", "reference", "identifica")
_OTHER_ENTITY = ("customer", "client", "user", "usuari", "usuári", "contact", "contat", "account", "conta",
                 "requester", "agent", "atendente", "company", "empresa", "product", "produto", "order",
                 "pedido", "org", "group", "grupo", "team", "equipe", "zip", "cep", "cpf", "cnpj", "phone")
_TICKET_WORDS = ("ticket", "complaint", "case", "chamado", "reclama", "protocolo", "atendimento", "request",
                 "solicita", "conversation", "conversa", "incident", "incidente", "review", "manifesta")


def _words(column: str) -> list[str]:
    return plain_key(column).split()


def _has(words: list[str], stems: tuple[str, ...]) -> bool:
    return any(w.startswith(s) for w in words for s in stems)


def _values(frame: pd.DataFrame, column: str) -> pd.Series:
    s = frame[column]
    s = s[s.notna()].astype(str).str.strip()
    return s[s != ""]


def _named(unused: list[str], stems: tuple[str, ...], avoid: tuple[str, ...] = ()) -> list[str]:
    """The columns whose header has a word starting with one of ``stems`` and none with ``avoid``."""
    return [c for c in unused if _has(_words(c), stems) and not _has(_words(c), avoid)]


def _one(found: list[str], preferred: tuple[str, ...]) -> str | None:
    """The candidate when there is one, else the one whose header has a ``preferred`` word, else None."""
    if len(found) == 1:
        return found[0]
    named = [c for c in found if _has(_words(c), preferred)]
    return named[0] if len(named) == 1 else None


def _text_column(frame: pd.DataFrame, unused: list[str]) -> tuple[str | None, str]:
    scored = []
    for c in _named(unused, _TEXT_WORDS):
        v = _values(frame, c).head(_SAMPLE)
        median = float(v.str.len().median()) if len(v) else 0.0
        if median >= MIN_TEXT_CHARS:
            scored.append((median, c))
    if not scored:
        return None, ""
    median, column = max(scored)
    return column, f"its header names a text and its values are prose (median {median:.0f} characters)"


def _date_share(values: pd.Series) -> float:
    """Share of ``values`` the ingest's own date parser reads (the parser that then reads the column)."""
    if not len(values):
        return 0.0
    parsed, _, _ = parse_times(values)
    return float(parsed.notna().mean())


def _date_column(frame: pd.DataFrame, unused: list[str]) -> tuple[str | None, str]:
    found = [c for c in _named(unused, _DATE_WORDS, _LATER_WORDS)
             if _date_share(_values(frame, c).head(_SAMPLE)) >= MIN_DATE_SHARE]
    column = _one(found, _START_WORDS)
    if column is not None:
        return column, "its header names a date (not a later one) and its values are dates"
    return None, (f"several columns may hold it: {found}" if found else "")


def _id_column(frame: pd.DataFrame, unused: list[str]) -> tuple[str | None, str]:
    n = len(frame)
    distinct: dict[str, int] = {}  # candidate column -> distinct values
    for c in unused:
        words = _words(c)
        is_id = any(w in _ID_EXACT or w.startswith(_ID_STEMS) or (w.endswith("id") and _has([w[:-2]], _TICKET_WORDS))
                    for w in words)  # "ComplaintID" is one word
        if not is_id or _has(words, _OTHER_ENTITY):
            continue
        v = _values(frame, c)
        if n and len(v) == n and v.nunique() >= MIN_ID_DISTINCT * n:
            distinct[c] = v.nunique()
    found = list(distinct)
    column = _one(found, _TICKET_WORDS)
    if column is not None:
        return column, ("its header names an id and every row has its own value" if distinct[column] == n else
                        f"its header names an id and every row has one ({distinct[column]:,} distinct of {n:,})")
    return None, (f"several columns may hold it: {found}" if found else "")


_TITLE_WORDS = ("title", "titul", "títul", "subject", "assunto", "summary", "resumo", "headline")
_CSAT_WORDS = ("score", "rating", "rated", "nota", "avalia", "satisf", "csat", "star", "estrela", "grade")
_NOT_CSAT = ("nps", "priorit", "prioridad", "risk", "risco", "sentiment", "sentimento", "urgen", "sever",
             "impact", "credit", "credito", "crédito", "fraud", "spam", "confid", "probab", "count", "qtd",
             "quant", "id", "product", "produto", "agent", "atendente")


def _title_column(frame: pd.DataFrame, unused: list[str]) -> tuple[str | None, str]:
    """The column holding the title of a guessed text: a title word in its header, text values."""
    found = []
    for c in _named(unused, _TITLE_WORDS):
        v = _values(frame, c).head(_SAMPLE)
        if len(v) and not pd.to_numeric(v, errors="coerce").notna().all():
            found.append(c)
    if len(found) != 1:
        return None, ""
    return found[0], "its header names a title"


def _csat_column(frame: pd.DataFrame, unused: list[str]) -> tuple[str | None, str]:
    """The column holding a satisfaction score when no alias names one (see the module's text)."""
    found = []
    for c in _named(unused, _CSAT_WORDS, _NOT_CSAT):
        v = _values(frame, c)
        if not len(v):
            continue
        num = pd.to_numeric(v, errors="coerce")
        whole = num[num.notna() & (num == num.round())]
        if len(whole) >= MIN_DATE_SHARE * len(v) and whole.between(0, 10).all() and whole.nunique() >= 2:
            found.append((c, int(whole.min()), int(whole.max())))
    if len(found) != 1:
        return None, (f"several columns may hold it: {[c for c, _, _ in found]}" if found else "")
    c, lo, hi = found[0]
    return c, f"its header names a score and its values are whole numbers from {lo} to {hi}"


def guess_columns(frame: pd.DataFrame, missing: list[str], used: set[str], *,
                  with_title: bool = True) -> tuple[dict[str, str], list[str]]:
    """``({field: column}, notes)`` for the ``missing`` fields (the required ``text``, ``created_at``
    and ``ticket_id``, and ``csat``) found among the columns not in ``used``, plus ``subject`` (the text's title, read
    before it) when the text was found and ``with_title`` (the caller has no title yet); a field left
    out of the dict stays missing (a note says why when several columns could hold it)."""
    found: dict[str, str] = {}
    notes: list[str] = []
    taken = set(used)

    def pick(fld: str, picker) -> None:
        column, why = picker(frame, [c for c in frame.columns if c not in taken])
        if column is None:
            if why:
                notes.append(f"{fld}: not guessed, {why}; name it in a column map")
            return
        found[fld] = column
        taken.add(column)
        notes.append(f"{fld} read from column {column!r}: no header is named like it, and {why}")

    for fld, picker in ((S.TEXT, _text_column), (S.CREATED_AT, _date_column), (S.TICKET_ID, _id_column)):
        if fld in missing:
            pick(fld, picker)
    if S.TEXT in found and with_title:
        title, why = _title_column(frame, [c for c in frame.columns if c not in taken])
        if title is not None:
            found[SUBJECT] = title
            taken.add(title)
            notes.append(f"text's title read from column {title!r}: {why}")
    if S.CSAT in missing:
        pick(S.CSAT, _csat_column)
    return found, notes
