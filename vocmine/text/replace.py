"""PII replacement steps: ``f(text, *, repl=...) -> str`` (textacy's ``replace`` module habit).

Every step finds one kind of personal data and replaces it with a typed placeholder
(``[EMAIL]``, ``[PHONE]``, ``[CPF]``, ``[CNPJ]``, ``[CARD]``, ``[CEP]``, ``[SSN]``, ``[IP]``,
``[URL:host]``, ``[PIX_KEY]``, ``[<NAME>]`` for configured extra patterns). ``vocmine.text.pii``
composes them in priority order (:func:`vocmine.text.pii.redact`, :func:`~vocmine.text.pii.find_pii`).

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
* phones: ``+CC`` numbers, ``(DD)`` numbers, Brazilian numbers with a valid DDD (10/11 digits,
  mobile 9xxxx), US ``555-123-4567``, local ``98765-4321``; bare 8-9 digit runs only next to a
  phone word (``tel``, ``celular``, ``whatsapp``, ``phone``...). A number right after an order word
  (``pedido``, ``protocolo``, ``order``, ``#``...) is not a phone unless a phone word is there too.
* CEP needs context (``CEP``, ``zip``, an address word or a UF within 60 characters before).
* URLs keep only the host: ``https://www.loja.com.br/p?token=x`` -> ``[URL:loja.com.br]``; a URL
  whose host is an IP or has long digit runs becomes ``[URL]``.
* IPv4 preceded by a version word (``v``, ``versão``, ``version``, ``build``) is a version, not an IP.
* a bare CPF/CNPJ/card number right after an order word ("protocolo 52998224725") is an order
  number unless the kind's own word is there too ("CPF do pedido 52998224725").
* boleto "linhas digitáveis" (47 digits) and utility slips (48) are not personal data and are
  claimed before any detector, so their digit groups never turn into phones or cards.
* an all-letter alphanumeric CNPJ root needs the word CNPJ within 40 characters.

Speed: numeric detectors only scan "islands" (runs of digits and separators with at least 4
digits, found in one pass), regexes start with a character class so ``re`` can skip ahead, and
e-mails are searched in windows around each ``@``.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterator, Mapping
from urllib.parse import urlsplit

from stdnum.br import cnpj as _cnpj
from stdnum.br import cpf as _cpf

from vocmine.exceptions import ConfigError

Span = tuple[int, int]

__all__ = [
    "emails", "phones", "cpfs", "cnpjs", "cards", "ceps", "ssns", "ips", "urls", "pix_keys",
    "extra_patterns", "PLACEHOLDER_RE", "DETECTORS",
]

# A typed placeholder produced by this module (also what lemmas and text_model drop).
PLACEHOLDER_RE = re.compile(r"\[(?:[A-Z][A-Z0-9_]*)(?::[^\]\s]{0,253})?\]")

_HAS_DIGIT = re.compile(r"\d").search
_CNPJ_CTX = re.compile(r"(?<!\[)cnpj", re.IGNORECASE).search
_SSN_WORD = re.compile(r"ssn|social security", re.IGNORECASE).search

# --- regexes, compiled once --------------------------------------------------------------------
_EMAIL_RE = re.compile(r"(?<![\w.%+-])\w(?:[\w.%+-]*\w)?@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?![\w-])")
_URL_RE = re.compile(r"(?<![\w@/.])(?:(?:https?|ftp)://|www\.)[^\s<>\"'\[\]{}|\\^`]+", re.IGNORECASE)
_UUID_RE = re.compile(
    r"(?<![\w-])[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![\w-])"
)
_IPV6_RE = re.compile(r"(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|\d{1,3}(?:\.\d{1,3}){3})?(?![\w:])")
_IPV4_RE = re.compile(r"\d(?<![\w.]\d)\d{0,2}(?:\.\d{1,3}){3}(?!\w|\.\d)")
_VERSION_CTX = re.compile(r"(?:\bv|\bvers[aã]o|\bversion|\bbuild|\brelease|\bfirmware)\s*[:.]?\s*$", re.IGNORECASE)

_CPF_FMT_RE = re.compile(r"\d(?<![\w.]\d)\d{2}\.?\d{3}\.?\d{3}-\d{2}(?!\w|[.,/-]\d)")
_CPF_FMT_DOTTED_RE = re.compile(r"\d{3}\.\d{3}\.\d{3}-?\d{2}|\d{9}-\d{2}")
_BARE_RE = re.compile(r"\d(?<![\w.,/-]\d)\d{10,18}(?!\w|[.,/-]\d)")
_BARE_ALNUM_RE = re.compile(r"\d\d(?<=(?<![\w.,/-])[0-9A-Z]{14})(?!\w|[.,/-]\d)")
_CARD_GROUPED_RE = re.compile(
    r"[2-6](?<![\w.,/-][2-6])(?:\d{3}([ .-])\d{4}\1\d{4}\1\d{4}(?:\1\d{1,3})?|(?<=3)\d{3}([ .-])\d{6}\2\d{4,5})(?!\w|[.,/-]\d)"
)
_SSN_RE = re.compile(r"\d(?<![\w.,/-]\d)\d{2}-(?!00)\d{2}-(?!0000)\d{4}(?!\w|[.,/-]\d)")
_SSN_BARE_RE = re.compile(r"\d(?<![\w.,/-]\d)\d{8}(?!\w|[.,/-]\d)")
_SSN_CTX = re.compile(r"(?<!\[)(?:\bssn|social security(?: number| no\.?)?)\W{0,5}$", re.IGNORECASE)
_CEP_RE = re.compile(r"\d(?<![\w.,/-]\d)\d\.?\d{3}-?\d{3}(?!\w|[.,/-]\d)")
_CEP_CTX = re.compile(
    r"(?<!\[)(?:\bcep\b|\bc\.e\.p\b|c[oó]digo postal|\bzip(?: code)?\b|\bpostal code\b|\brua\b|\br\.|\bav\.|\bavenida\b"
    r"|\balameda\b|\btravessa\b|\bestrada\b|\brodovia\b|\bpra[cç]a\b|\bbairro\b|\bapto?\b|\bapartamento\b"
    r"|\bbloco\b|\bendere[cç]o\b|\baddress\b|\bstreet\b|\b(?:AC|AL|AP|AM|BA|CE|DF|ES|GO|MA|MT|MS|MG|PA|PB|PR|PE"
    r"|PI|RJ|RN|RS|RO|RR|SC|SP|SE|TO)\b)",
    re.IGNORECASE,
)
_UF_ONLY = re.compile(r"\b(?:AC|AL|AP|AM|BA|CE|DF|ES|GO|MA|MT|MS|MG|PA|PB|PR|PE|PI|RJ|RN|RS|RO|RR|SC|SP|SE|TO)\b")
# phone candidates: optional +CC, optional (DDD), digit groups joined by one separator
_PHONE_RE = re.compile(
    r"(?<![\w+.,/-])(\+\s?\d{1,3}[\s.-]?)?(\(\s?0?\d{2,3}\s?\)[\s.-]?)?\d{1,13}(?:[ .-]\d{1,13}){0,4}(?!\w|[.,/-]\d)"
)
_PHONE_CTX = re.compile(
    r"(?<!\[)(?:\btel\b\.?|\btelefone|\bfone\b|\bcel\b\.?|\bcelular|\bwhats\s?app|\bwpp\b|\bzap\b|\bcontato"
    r"|\bphone|\bmobile|\bcell\b|\bcall\b|\bligar|\bliga\b|\bligue|\bretorn[oa]r?\b|\bsms\b|\bramal\b|\bfax\b)[^\n\d]{0,20}$",
    re.IGNORECASE,
)
_ORDER_CTX = re.compile(
    r"(?<!\[)(?:#|\bn[º°]|\bno\.|\bnr\.?|\bnum\.|\bpedido|\bprotocolo|\bchamado|\bticket|\border|\bnota fiscal|\bnf-?e?\b|\bboleto"
    r"|\bc[oó]digo|\bcode\b|\bid\b|\brastreio|\btracking|\binvoice|\bfatura|\bconta\b|\baccount|\bref\b\.?"
    r"|\bserial|\bmatr[ií]cula|\bcontrato|\bcase)[^\n\d]{0,16}$",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?:19|20)\d\d")
_NON_DIGIT = re.compile(r"\D")


_KIND_WORDS: dict[str, re.Pattern] = {}


def _order_number(text: str, start: int, kind_words: str) -> bool:
    """True when an order/protocol word sits right before ``start`` and no ``kind_words`` word does."""
    lo = max(0, start - 40)
    if not _ORDER_CTX.search(text, lo, start):
        return False
    rx = _KIND_WORDS.get(kind_words)
    if rx is None:
        rx = _KIND_WORDS[kind_words] = re.compile(rf"(?<!\[)(?:{kind_words})", re.IGNORECASE)
    return not rx.search(text, lo, start)


def _digits(s: str) -> str:
    return _NON_DIGIT.sub("", s)


def _luhn(number: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = ord(ch) - 48
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


# --- detectors: text -> iterator of (start, end) -------------------------------------------------
# Numeric detectors only scan "islands": runs of digits and separators holding at least 4 digits
# (one scan per text instead of one per detector). Each island window ends one character after the
# run so the detectors' look-aheads see what follows; look-behinds see the whole text.
_ISLAND_RE = re.compile(r"[+(]?\d[\d \t.()/\-]*")
Island = tuple[int, int, int]  # lo, hi, number of digits
_DEL_DIGITS = str.maketrans("", "", "0123456789")


def islands(text: str) -> list[Island]:
    """``(lo, hi, n_digits)`` windows of ``text`` that can hold a numeric identifier."""
    out: list[Island] = []
    n = len(text)
    for m in _ISLAND_RE.finditer(text):
        s = m.group()
        if len(s) < 4:
            continue
        nd = len(s) - len(s.translate(_DEL_DIGITS))
        if nd >= 4:
            out.append((m.start(), min(n, m.end() + 1), nd))
    return out


def _scan(rx: re.Pattern, text: str, isl: list[Island] | None, min_digits: int) -> Iterator[re.Match]:
    for lo, hi, nd in islands(text) if isl is None else isl:
        if nd >= min_digits:
            yield from rx.finditer(text, lo, hi)


def find_emails(text: str) -> Iterator[Span]:
    at = text.find("@")
    last_end, n = 0, len(text)
    while at != -1:  # search a window around each "@" instead of the whole text
        if at >= last_end:
            m = _EMAIL_RE.search(text, max(last_end, at - 64), min(n, at + 256))
            if m is not None and m.start() <= at < m.end():
                yield m.span()
                last_end = m.end()
        at = text.find("@", at + 1)


def _trim_url(url: str) -> str:
    while url and url[-1] in ".,;:!?'\"":
        url = url[:-1]
    while url.endswith(")") and url.count("(") < url.count(")"):
        url = url[:-1]
    return url


def find_urls(text: str) -> Iterator[Span]:
    if "://" not in text and "www." not in text.lower():
        return
    for m in _URL_RE.finditer(text):
        url = _trim_url(m.group())
        if len(url) > 4:
            yield m.start(), m.start() + len(url)


_UUID_GATE = re.compile(r"-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-").search


def find_pix_keys(text: str) -> Iterator[Span]:
    if "-" not in text or not _UUID_GATE(text):
        return
    for m in _UUID_RE.finditer(text):
        yield m.span()


def find_ips(text: str, isl: list[Island] | None = None) -> Iterator[Span]:
    if "::" in text or text.count(":") >= 7:
        for m in _IPV6_RE.finditer(text):
            cand = m.group()
            if cand.count(":") < 2 or not any(c.isalnum() for c in cand):
                continue
            try:
                ipaddress.IPv6Address(cand)
            except ValueError:
                continue
            yield m.span()
    for m in _scan(_IPV4_RE, text, isl, 4):
        try:
            ipaddress.IPv4Address(m.group())
        except ValueError:
            continue
        if _VERSION_CTX.search(text, max(0, m.start() - 12), m.start()):
            continue
        yield m.span()


_CNPJ_TAIL = re.compile(r"/[0-9A-Za-z]{4}-?\d{2}(?!\w|[.,/-]\d)")
_CNPJ_HEAD = re.compile(r"[0-9A-Za-z]{2}\.?[0-9A-Za-z]{3}\.?[0-9A-Za-z]{3}")
_NOT_BEFORE_ID = frozenset(".,/-_")


def _boundary_before(text: str, start: int) -> bool:
    if start == 0:
        return True
    c = text[start - 1]
    return not (c.isalnum() or c in _NOT_BEFORE_ID)


def find_cnpjs(text: str, isl: list[Island] | None = None) -> Iterator[Span]:
    if "/" in text:  # formatted, numeric or alphanumeric: found from the "/XXXX-DD" tail
        for m in _CNPJ_TAIL.finditer(text):
            for width in (10, 9, 8):
                lo = m.start() - width
                if lo < 0 or not _CNPJ_HEAD.fullmatch(text, lo, m.start()) or not _boundary_before(text, lo):
                    continue
                raw = text[lo:m.end()].replace(".", "").replace("/", "").replace("-", "")
                # formatted with digits only: the shape is unambiguous; alphanumeric needs the check digits
                if raw.isdigit() or _cnpj.is_valid(raw.upper()):
                    yield lo, m.end()
                break
    bare = [m.span() for m in _scan(_BARE_RE, text, isl, 14)]
    bare += [(m.end() - 14, m.end()) for m in _BARE_ALNUM_RE.finditer(text)]
    for s, e in bare:
        cand = text[s:e]
        if e - s != 14 or len(set(cand)) == 1 or not _cnpj.is_valid(cand):
            continue
        if _order_number(text, s, "cnpj"):
            continue
        # an all-letter root ("PAGAMENTOSXYZ12") needs the word CNPJ nearby
        if any(c.isdigit() for c in cand[:12]) or _CNPJ_CTX(text, max(0, s - 40), s):
            yield s, e


def find_cpfs(text: str, isl: list[Island] | None = None) -> Iterator[Span]:
    isl = islands(text) if isl is None else isl
    for m in _scan(_CPF_FMT_RE, text, isl, 11):
        cand = m.group()
        if _CPF_FMT_DOTTED_RE.fullmatch(cand) or _cpf.is_valid(cand):
            yield m.span()
    for m in _scan(_BARE_RE, text, isl, 11):
        cand = m.group()
        if len(cand) == 11 and len(set(cand)) > 1 and _cpf.is_valid(cand) and not _order_number(text, m.start(), "cpf"):
            yield m.span()


def find_cards(text: str, isl: list[Island] | None = None) -> Iterator[Span]:
    isl = islands(text) if isl is None else isl
    for m in _scan(_CARD_GROUPED_RE, text, isl, 14):
        if _luhn(_digits(m.group())):
            yield m.span()
    for m in _scan(_BARE_RE, text, isl, 13):
        cand = m.group()
        n = len(cand)
        if not (15 <= n <= 19 and cand[0] in "23456" or n == 13 and cand[0] == "4" or n == 14 and cand[:2] in ("30", "36", "38")):
            continue
        if _luhn(cand) and not _order_number(text, m.start(), "card|cart[aã]o|cr[eé]dito|d[eé]bito"):
            yield m.span()


def find_ssns(text: str, isl: list[Island] | None = None) -> Iterator[Span]:
    isl = islands(text) if isl is None else isl
    if "-" in text:
        for m in _scan(_SSN_RE, text, isl, 9):
            area = m.group()[:3]
            if area not in ("000", "666") and area[0] != "9":
                yield m.span()
    if not _SSN_WORD(text):
        return
    for m in _scan(_SSN_BARE_RE, text, isl, 9):
        if _SSN_CTX.search(text, max(0, m.start() - 30), m.start()):
            yield m.span()


def _br_number(d: str) -> bool:
    """A Brazilian number with DDD: 10 digits (landline 2-5) or 11 digits (mobile 9)."""
    if len(d) not in (10, 11) or d[0] == "0" or d[1] == "0":
        return False
    return d[2] == "9" if len(d) == 11 else d[2] in "2345"


_GROUP_SEP = re.compile(r"[ .-]")


def _is_phone(cand: str, has_ctx: bool, order_ctx: bool) -> bool:
    d = _digits(cand)
    n = len(d)
    plus = cand.startswith("+")
    paren = "(" in cand
    if plus:
        if d.startswith("55") and n > 11:
            return _br_number(d[2:])
        return 8 <= n <= 15
    if paren and 9 <= n <= 12:
        return True
    if order_ctx and not has_ctx:
        return False
    groups = _GROUP_SEP.split(cand)
    sizes = [len(g) for g in groups]
    if n in (10, 11) and _br_number(d):
        return True
    if n == 12 and groups[0] in ("0" + d[1:3], d[:5]) and d[0] == "0" and _br_number(d[1:]):
        return True
    if n in (12, 13) and d.startswith("55") and _br_number(d[2:]):
        return True
    if n == 10 and sizes == [3, 3, 4] and d[0] not in "01":
        return True
    if sizes in ([4, 4], [5, 4], [1, 4, 4]) and cand[sizes[0]] in " -":
        if sizes == [4, 4] and _YEAR.fullmatch(groups[0]) and _YEAR.fullmatch(groups[1]):
            return False
        return d[0] != "0" or has_ctx
    if has_ctx and 8 <= n <= 13:
        return True
    return False


def find_phones(text: str, isl: list[Island] | None = None) -> Iterator[Span]:
    for m in _scan(_PHONE_RE, text, isl, 8):
        cand = m.group()
        n = sum(c.isdigit() for c in cand)
        if n < 8 or n > 15:
            continue
        lo = max(0, m.start() - 40)
        has_ctx = bool(_PHONE_CTX.search(text, lo, m.start()))
        order_ctx = bool(_ORDER_CTX.search(text, lo, m.start()))
        if _is_phone(cand, has_ctx, order_ctx):
            yield m.span()


def find_ceps(text: str, isl: list[Island] | None = None) -> Iterator[Span]:
    for m in _scan(_CEP_RE, text, isl, 8):
        window = text[max(0, m.start() - 60):m.start()]
        if _CEP_CTX.search(window) or _UF_ONLY.search(window):
            yield m.span()


# Not personal data, but full of digit groups that look like phones/cards: boleto "linha digitável"
# (bank slips, 47 digits) and utility/tax slips (48 digits). Claimed first so no detector cuts into them.
_PROTECTED_RE = re.compile(
    r"\d(?<![\w.]\d)\d{4}[.\s]?\d{5}\s?\d{5}[.\s]?\d{6}\s?\d{5}[.\s]?\d{6}\s?\d\s?\d{14}(?!\w)"
    r"|\d(?<![\w.]\d)\d{10}[-\s]?\d\s?\d{11}[-\s]?\d\s?\d{11}[-\s]?\d\s?\d{11}[-\s]?\d(?!\w)"
)


def protected_spans(text: str, isl: list[Island] | None = None) -> list[Span]:
    """Spans that are never PII (boleto and utility payment lines)."""
    if len(text) < 44:
        return []
    return [m.span() for m in _scan(_PROTECTED_RE, text, isl, 44)]


# kind -> (placeholder, detector, takes islands); priority order: earlier wins overlaps
DETECTORS: dict[str, tuple[str, Callable[..., Iterator[Span]], bool]] = {
    "url": ("[URL]", find_urls, False),
    "email": ("[EMAIL]", find_emails, False),
    "pix_key": ("[PIX_KEY]", find_pix_keys, False),
    "cnpj": ("[CNPJ]", find_cnpjs, True),
    "cpf": ("[CPF]", find_cpfs, True),
    "card": ("[CARD]", find_cards, True),
    "ip": ("[IP]", find_ips, True),
    "ssn": ("[SSN]", find_ssns, True),
    "phone": ("[PHONE]", find_phones, True),
    "cep": ("[CEP]", find_ceps, True),
}


_HOST_OK = re.compile(r"[a-z][a-z0-9-]*(?:\.[a-z0-9-]+)+")
_LONG_DIGITS = re.compile(r"\d{4,}")


def url_placeholder(url: str) -> str:
    """``[URL:host]`` keeping only the host (no user, port, path, query); ``[URL]`` if the host is odd."""
    if "://" not in url:
        url = "http://" + url
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        host = ""
    if host.startswith("www."):
        host = host[4:]
    if not _HOST_OK.fullmatch(host) or _LONG_DIGITS.search(host) or len(host) > 100:
        return "[URL]"
    return f"[URL:{host}]"


def _apply(text: str, spans: list[Span], repl: str | Callable[[str], str]) -> str:
    if not spans:
        return text
    out = []
    pos = 0
    for start, end in spans:
        out.append(text[pos:start])
        out.append(repl(text[start:end]) if callable(repl) else repl)
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _merge(spans: Iterator[Span]) -> list[Span]:
    """Sorted, non-overlapping spans (first found wins on overlap)."""
    taken: list[Span] = []
    for s, e in sorted(set(spans)):
        if taken and s < taken[-1][1]:
            if e > taken[-1][1]:
                taken[-1] = (taken[-1][0], e)
            continue
        taken.append((s, e))
    return taken


def _step(kind: str, text: str, repl: str | None) -> str:
    placeholder, finder, numeric = DETECTORS[kind]
    if not text or (numeric and not _HAS_DIGIT(text)):
        return text
    if repl is None:
        repl = url_placeholder if kind == "url" else placeholder
    if numeric:
        isl = islands(text)
        spans = _merge(finder(text, isl))
        keep = protected_spans(text, isl) if spans else []
        if keep:
            from vocmine.text.pii import _Taken

            taken = _Taken()
            for s, e in keep:
                taken.claim(s, e)
            spans = [(s, e) for s, e in spans if taken.claim(s, e)]
    else:
        spans = _merge(finder(text))
    return _apply(text, spans, repl)


def emails(text: str, *, repl: str = "[EMAIL]") -> str:
    """Replace e-mail addresses (``joao.silva@empresa.com.br``)."""
    return _step("email", text, repl)


def phones(text: str, *, repl: str = "[PHONE]") -> str:
    """Replace Brazilian (+55, DDD), US and international phone numbers; see the module notes."""
    return _step("phone", text, repl)


def cpfs(text: str, *, repl: str = "[CPF]") -> str:
    """Replace CPFs: formatted always, bare 11 digits only with valid check digits."""
    return _step("cpf", text, repl)


def cnpjs(text: str, *, repl: str = "[CNPJ]") -> str:
    """Replace CNPJs (numeric and the alphanumeric 2026 format); bare ones need valid check digits."""
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


_NAME_RE = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


def compile_extra(patterns: Mapping[str, str | re.Pattern] | None) -> list[tuple[str, re.Pattern]]:
    """Validate ``{name: regex}`` and compile it; raise :class:`ConfigError` naming the bad entry."""
    out: list[tuple[str, re.Pattern]] = []
    for name, pattern in (patterns or {}).items():
        if not isinstance(name, str) or not _NAME_RE.fullmatch(name):
            raise ConfigError(f"extra PII pattern name {name!r} must match [A-Za-z][A-Za-z0-9_]*")
        try:
            rx = pattern if isinstance(pattern, re.Pattern) else re.compile(pattern)
        except (re.error, TypeError) as exc:
            raise ConfigError(f"extra PII pattern {name!r}={pattern!r} is not a valid regex: {exc}") from exc
        if rx.search(""):
            raise ConfigError(f"extra PII pattern {name!r}={pattern!r} matches the empty string")
        out.append((name.upper(), rx))
    return out


def find_extra(text: str, compiled: list[tuple[str, re.Pattern]]) -> Iterator[tuple[str, int, int]]:
    for name, rx in compiled:
        for m in rx.finditer(text):
            if m.end() > m.start():
                yield name, m.start(), m.end()


def extra_patterns(text: str, *, patterns: Mapping[str, str | re.Pattern] | None = None) -> str:
    """Replace every match of each ``{name: regex}`` by ``[NAME]`` (e.g. ``{"order": r"#\\d{6,}"}``)."""
    compiled = compile_extra(patterns)
    if not text or not compiled:
        return text
    spans: list[tuple[int, int, str]] = []
    from vocmine.text.pii import _Taken  # local: pii imports this module

    taken = _Taken()
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
