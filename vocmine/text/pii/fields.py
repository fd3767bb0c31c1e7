"""Personal data outside the free text: keyed pseudonyms for identifiers, redaction of free-text fields.

:func:`protect_fields` runs in the cleaning stage (:func:`vocmine.text.clean_frame`) so every later
stage receives safe frames, and again in the history store (idempotent):

* ``customer_id`` values that are personal data (a CPF, CNPJ, e-mail or phone, as
  :func:`~vocmine.text.pii.find_pii` sees them) become ``anon-<16 hex>``; other ids are kept.
* ``agent`` values (names of people) always become ``agent-<10 hex>``.
* free-text structured fields (``product``, ``group``, ``tags``, ``subject``) pass :func:`redact`.
* any other column named like personal data (cpf, cnpj, email, e-mail, phone, telefone, celular,
  documento, rg, nome, name, endereço, address...) has its values hashed (``anon-...``).
* ``extra`` (a JSON object per ticket): keys named like personal data are hashed, other string
  values redacted.

:func:`protect_customers` applies the same ``customer_id`` rule to the customers table so joins
between tickets and customers still work.

Pseudonyms are HMAC-SHA256 with a secret key: from the ``key`` argument, else the environment
variable ``VOCMINE_PII_KEY``, else a random key made once per process (pseudonyms are then stable
within a run but not across runs: set ``VOCMINE_PII_KEY`` for a history store whose months join).
CPF/CNPJ/phone values are reduced to their digits and e-mails lower-cased before hashing, so
``529.982.247-25`` and ``52998224725`` get the same pseudonym.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import re
import secrets
import unicodedata
from typing import Any

from vocmine.text.pii.detect import find_pii, redact

__all__ = ["KEY_ENV", "pseudonym", "personal_column", "protect_fields", "protect_customers"]

KEY_ENV = "VOCMINE_PII_KEY"
FREE_TEXT_FIELDS = ("product", "group", "tags", "subject")
_PERSONAL_TOKENS = frozenset(
    "cpf cnpj email mail phone telefone fone celular cel mobile whatsapp documento document doc rg nome name "
    "sobrenome surname firstname lastname fullname endereco address logradouro street cep zip zipcode".split()
)
# columns of the TicketFrame contract that are handled by name (never hashed as "personal-looking")
_CONTRACT = frozenset(
    "ticket_id created_at text text_raw text_display text_model text_lemmas language customer_id channel status "
    "priority product group agent tags first_response_at solved_at handle_minutes wait_minutes reopens csat "
    "csat_raw extra source_file source_row source_line topic_id topic_label topic_prob period pii_withheld "
    "pii_withheld_kinds".split()
)
_PREFIX = "anon-"
_AGENT_PREFIX = "agent-"
_ANON_RE = re.compile(r"(?:anon|agent)-[0-9a-f]{10,16}")
_SPLIT = re.compile(r"[^a-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
log = logging.getLogger("vocmine")
_process_key: list[bytes] = []  # filled on first use, never at import


def _missing(value: Any) -> bool:
    if value is None or isinstance(value, (list, tuple, dict)):
        return value is None
    import pandas as pd

    return bool(pd.isna(value))


def _key(key: str | bytes | None) -> bytes:
    if key:
        return key.encode("utf-8") if isinstance(key, str) else key
    env = os.environ.get(KEY_ENV)
    if env:
        return env.encode("utf-8")
    if not _process_key:
        _process_key.append(secrets.token_bytes(32))
        log.warning("%s is not set: personal identifiers are pseudonymised with a random key for this run "
                    "only (set it for pseudonyms that stay the same across runs)", KEY_ENV)
    return _process_key[0]


def _normal(value: str) -> str:
    v = value.strip()
    if "@" in v:
        return v.lower()
    d = re.sub(r"\D", "", v)
    return d if len(d) >= 8 and not re.search(r"[A-Za-z]", v) else v.upper()


def pseudonym(value: Any, *, key: str | bytes | None = None, prefix: str = _PREFIX, length: int = 16) -> Any:
    """``prefix + hex`` keyed hash of ``value`` (missing values and existing pseudonyms unchanged)."""
    if _missing(value):
        return value
    text = str(value)
    if not text.strip() or _ANON_RE.fullmatch(text):
        return value
    digest = hmac.new(_key(key), _normal(text).encode("utf-8"), hashlib.sha256).hexdigest()
    return prefix + digest[:length]


def personal_column(name: Any) -> bool:
    """Whether a column name reads like personal data (``cliente_cpf``, ``E-mail``, ``Telefone``...)."""
    text = unicodedata.normalize("NFKD", _CAMEL.sub("_", str(name))).encode("ascii", "ignore").decode().lower()
    tokens = {t for t in _SPLIT.split(text) if t}
    if "e" in tokens and "mail" in tokens:
        return True
    return bool(tokens & _PERSONAL_TOKENS)


#: a value written as a CPF (000.000.000-00) or a CNPJ (00.000.000/0000-00); bare digits are left to
#: the detector (an internal id can be 11 digits long)
_CPF_CNPJ_SHAPE = re.compile(r"\d{3}\.\d{3}\.\d{3}-\d{2}|\d{2}\.\d{3}\.\d{3}/\d{4}-\d{2}")


def _personal_id(value: Any) -> bool:
    if not isinstance(value, str):
        value = "" if value is None else str(value)
    v = value.strip()
    if not v or _ANON_RE.fullmatch(v):
        return False
    if find_pii(v):
        return True
    if _CPF_CNPJ_SHAPE.fullmatch(v):  # a CPF/CNPJ column's value, check digits right or not
        return True
    d = re.sub(r"\D", "", v)  # ids are bare values: a phone needs no context word here
    return len(d) >= 10 and len(d) == len(re.sub(r"[\s().+-]", "", v)) and bool(find_pii("tel " + v))


def _map_unique(series: Any, fn) -> Any:
    mapping = {v: fn(v) for v in series.dropna().unique().tolist()}
    return series.map(lambda v: mapping.get(v, v), na_action="ignore")


def _protect_extra(value: Any, key: str | bytes | None) -> Any:
    if not isinstance(value, str) or not value:
        return value
    try:
        obj = json.loads(value)
    except ValueError:
        return redact(value)
    if not isinstance(obj, dict):
        return redact(value)
    out = {}
    for k, v in obj.items():
        if personal_column(k):
            out[k] = pseudonym(v, key=key) if not isinstance(v, (dict, list)) else None  # nested: dropped
        elif isinstance(v, str):
            out[k] = redact(v)
        else:
            out[k] = v
    return json.dumps(out, ensure_ascii=False)


def protect_fields(frame: Any, *, key: str | bytes | None = None) -> Any:
    """Copy of a ticket frame with personal identifiers pseudonymised and free-text fields redacted
    (see the module docstring). ``frame.attrs`` is kept."""
    out = frame.copy()
    if "customer_id" in out.columns:
        out["customer_id"] = _map_unique(out["customer_id"], lambda v: pseudonym(v, key=key) if _personal_id(v) else v)
    if "agent" in out.columns:
        out["agent"] = _map_unique(out["agent"], lambda v: pseudonym(v, key=key, prefix=_AGENT_PREFIX, length=10))
    for col in FREE_TEXT_FIELDS:
        if col in out.columns:
            out[col] = _map_unique(out[col], lambda v: redact(v) if isinstance(v, str) else v)
    if "extra" in out.columns:
        out["extra"] = _map_unique(out["extra"], lambda v: _protect_extra(v, key))
    hashed = [c for c in out.columns if c not in _CONTRACT and personal_column(c)]
    for col in hashed:
        out[col] = _map_unique(out[col], lambda v: pseudonym(v, key=key))
    if hashed:
        log.info("pseudonymised personal-data column(s) %s", hashed)
    out.attrs = dict(frame.attrs)
    return out


def protect_customers(customers: Any, *, key: str | bytes | None = None) -> Any:
    """Copy of a customers table with the same ``customer_id`` rule as :func:`protect_fields` (joins
    hold) and personal-data columns hashed."""
    out = customers.copy()
    if "customer_id" in out.columns:
        out["customer_id"] = _map_unique(out["customer_id"], lambda v: pseudonym(v, key=key) if _personal_id(v) else v)
    for col in [c for c in out.columns if c not in _CONTRACT and personal_column(c)]:
        out[col] = _map_unique(out[col], lambda v: pseudonym(v, key=key))
    return out
