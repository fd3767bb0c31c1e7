"""PII replacement steps: ``f(text, *, repl=...) -> str`` (textacy's ``replace`` module habit).

Every step finds one kind of personal data and replaces it with a typed placeholder
(``[EMAIL]``, ``[PHONE]``, ``[CPF]``, ``[CNPJ]``, ``[CARD]``, ``[CEP]``, ``[SSN]``, ``[IP]``,
``[URL:host]``, ``[PIX_KEY]``, ``[NAME]``, ``[<NAME>]`` for configured extra patterns). They are thin wrappers
over the detectors of :mod:`vocmine.text.pii` (this module imports the package, never the reverse),
which composes them in priority order (:func:`vocmine.text.pii.redact`, :func:`~vocmine.text.pii.find_pii`).

Why regexes + python-stdnum and not Presidio: Presidio has no Brazilian recognisers (CPF, CNPJ,
CEP, +55 phones, PIX), pulls spaCy/transformer models that cannot be downloaded offline, and is
an order of magnitude slower per ticket. The Brazilian identifiers carry check digits, so a
compiled regex finds candidates and ``stdnum.br.cpf`` / ``stdnum.br.cnpj`` (python-stdnum >= 2.0
also validates the alphanumeric CNPJ valid from July 2026, ASCII-48 mod-11) and a Luhn check
decide; that is both precise (lookalikes with bad check digits stay) and fast.

Decisions (tested in ``tests/text/test_replace.py``):

* formatted CPF (``529.982.247-25``) and CNPJ (``11.222.333/0001-81``) are redacted even with bad
  check digits: the punctuation is unambiguous and a mistyped document number still identifies
  someone. Bare runs of digits are redacted only when the check digits pass.
* cards need a Luhn-valid 13-19 digit number starting with 2-6 (grouped by 4 or bare).
* CPF and CNPJ in any separator style (spaces, dots, dashes, a line break between groups,
  ``600.869.934.37``); a valid check-digit match is redacted whatever word precedes it.
* phones: candidates validated with ``phonenumbers`` (valid Brazilian/US personal lines; toll-free,
  shared-cost and premium business numbers such as ``0800``/``4004`` stay); an invalid number needs
  ``+CC``, ``(DDD)`` or a phone word; local ``98765-4321`` is a mobile shape; any other 8-9 digit number
  needs a phone word; dates are never phones. A number right after an order word (``pedido``,
  ``protocolo``, ``order``, ``lote``, ``#``...) is not a phone unless a phone word is there too.
* names: only after a self-introduction cue (``me chamo``, ``meu nome é``, ``aqui é``, ``sou a``,
  ``my name is``, ``this is``); see :mod:`vocmine.text.pii.names`.
* CEP needs context (``CEP``, ``zip``, an address word or a UF within 60 characters before).
* URLs keep only the host: ``https://www.loja.com.br/p?token=x`` -> ``[URL:loja.com.br]``; a URL
  whose host is an IP or has long digit runs becomes ``[URL]``.
* IPv4 preceded by a version word (``v``, ``versão``, ``version``, ``build``) is a version, not an IP.
* a bare card number right after an order word is an order number unless a card word is there too.
* boleto "linhas digitáveis" (47 digits) and utility slips (48) are not personal data and are
  claimed before any detector, so their digit groups never turn into phones or cards.
* an all-letter alphanumeric CNPJ root needs the word CNPJ within 40 characters.

Speed: numeric detectors only scan "islands" (runs of digits and separators with at least 4
digits, found in one pass), regexes start with a character class so ``re`` can skip ahead, and
e-mails are searched in windows around each ``@``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from vocmine.text.pii._patterns import HAS_DIGIT, PLACEHOLDER_RE
from vocmine.text.pii.detect import DETECTORS, compile_extra, find_extra, protected_spans, url_placeholder
from vocmine.text.pii.spans import Taken, apply_spans, islands, merge

__all__ = [
    "emails", "phones", "cpfs", "cnpjs", "cards", "ceps", "ssns", "ips", "urls", "pix_keys", "names",
    "extra_patterns", "PLACEHOLDER_RE", "DETECTORS",
]


def _step(kind: str, text: str, repl: str | Callable[[str], str] | None) -> str:
    placeholder, finder, numeric = DETECTORS[kind]
    if not text or (numeric and kind != "ip" and not HAS_DIGIT(text)):
        return text
    if repl is None:
        repl = url_placeholder if kind == "url" else placeholder
    # repeat until the step finds nothing more (same fixed-point rule as ``pii.redact``)
    for _ in range(6):
        if numeric:
            isl = islands(text)
            spans = merge(finder(text, isl))
            keep = protected_spans(text, isl) if spans else []
            if keep:
                taken = Taken(keep)
                spans = [(s, e) for s, e in spans if taken.claim(s, e)]
        else:
            spans = merge(finder(text))
        if not spans:
            break
        text = apply_spans(text, spans, repl)
    return text


def emails(text: str, *, repl: str = "[EMAIL]") -> str:
    """Replace e-mail addresses (``joao.silva@empresa.com.br``)."""
    return _step("email", text, repl)


def phones(text: str, *, repl: str = "[PHONE]") -> str:
    """Replace personal phone numbers (validated with ``phonenumbers``); see the module notes."""
    return _step("phone", text, repl)


def cpfs(text: str, *, repl: str = "[CPF]") -> str:
    """Replace CPFs: valid check digits in any separator style, or the canonical format."""
    return _step("cpf", text, repl)


def cnpjs(text: str, *, repl: str = "[CNPJ]") -> str:
    """Replace CNPJs (numeric and the alphanumeric 2026 format); check digits or the canonical format."""
    return _step("cnpj", text, repl)


def cards(text: str, *, repl: str = "[CARD]") -> str:
    """Replace payment card numbers (13-19 digits, Luhn-valid, grouped by 4 or bare)."""
    return _step("card", text, repl)


def ceps(text: str, *, repl: str = "[CEP]") -> str:
    """Replace Brazilian postal codes next to ``CEP``/address context."""
    return _step("cep", text, repl)


def ssns(text: str, *, repl: str = "[SSN]") -> str:
    """Replace US social security numbers (``123-45-6789``; bare 9 digits only after ``SSN``)."""
    return _step("ssn", text, repl)


def ips(text: str, *, repl: str = "[IP]") -> str:
    """Replace IPv4 and IPv6 addresses (not version numbers such as ``v1.2.3.4``)."""
    return _step("ip", text, repl)


def urls(text: str, *, repl: str | None = None) -> str:
    """Replace URLs by ``[URL:host]`` (path, query and user info dropped), or by ``repl``."""
    return _step("url", text, repl)


def pix_keys(text: str, *, repl: str = "[PIX_KEY]") -> str:
    """Replace PIX random keys (UUIDs). E-mail, phone, CPF and CNPJ keys are caught by their own steps."""
    return _step("pix_key", text, repl)


def names(text: str, *, repl: str = "[NAME]") -> str:
    """Replace names given in a self-introduction ("me chamo Ana Souza", "my name is John")."""
    return _step("name", text, repl)


def extra_patterns(text: str, *, patterns: Mapping[str, str | re.Pattern] | None = None) -> str:
    """Replace every match of each ``{name: regex}`` by ``[NAME]`` (e.g. ``{"order": r"#\\d{6,}"}``)."""
    compiled = compile_extra(patterns)
    if not text or not compiled:
        return text
    spans: list[tuple[int, int, str]] = []
    taken = Taken()
    for name, s, e in find_extra(text, compiled):
        if taken.claim(s, e):
            spans.append((s, e, name))
    spans.sort()
    out, pos = [], 0
    for s, e, name in spans:
        out.append(text[pos:s])
        out.append(f"[{name}]")
        pos = e
    out.append(text[pos:])
    return "".join(out)
