"""Regex resources of the PII detectors, compiled once at import (no other state).

Only compiled patterns and small constant tables live here; the detectors that use them are in
:mod:`.ids` (CPF, CNPJ, card, SSN), :mod:`.contact` (e-mail, URL, PIX key, IP, phone, CEP) and
:mod:`.names` (self-introductions).
"""

from __future__ import annotations

import re

# A typed placeholder produced by redaction (also what lemmas and text_model drop).
PLACEHOLDER_RE = re.compile(r"\[(?:[A-Z][A-Z0-9_]*)(?::[^\]\s]{0,253})?\]")

HAS_DIGIT = re.compile(r"\d").search
NON_DIGIT = re.compile(r"\D")
MAYBE_PII = re.compile(r"[\d@:]|www\.|\b(?:aqui|chamo|nome|sou|name|this)\b", re.IGNORECASE).search

# --- e-mail, URL, PIX, IP ------------------------------------------------------------------------
EMAIL_RE = re.compile(r"(?<![\w.%+-])\w(?:[\w.%+-]*\w)?@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?![\w-])")
URL_RE = re.compile(r"(?<![\w@/.])(?:(?:https?|ftp)://|www\.)[^\s<>\"'\[\]{}|\\^`]+", re.IGNORECASE)
UUID_RE = re.compile(
    r"(?<![\w-])[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![\w-])"
)
UUID_GATE = re.compile(r"-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-").search
IPV6_RE = re.compile(r"(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|\d{1,3}(?:\.\d{1,3}){3})?(?![\w:])")
IPV6_GATE = re.compile(r"::|(?:[0-9A-Fa-f]{1,4}:){3}").search
IPV4_RE = re.compile(r"\d(?<![\w.]\d)\d{0,2}(?:\.\d{1,3}){3}(?!\w|\.\d)")
VERSION_CTX = re.compile(r"(?:\bv|\bvers[aã]o|\bversion|\bbuild|\brelease|\bfirmware)\s*[:.]?\s*$", re.IGNORECASE)
HOST_OK = re.compile(r"[a-z][a-z0-9-]*(?:\.[a-z0-9-]+)+")
LONG_DIGITS = re.compile(r"\d{4,}")

# --- CPF / CNPJ / card / SSN -----------------------------------------------------------------------
# A chain of digit groups joined by separators people use when they type a document number:
# spaces, one of ". - /" with optional spaces around it, and at most one line break per gap.
_GAP = r"(?:[ \t]*[.\-/][ \t]*(?:\r?\n[ \t]*)?|[ \t]+(?:\r?\n[ \t]*)?|[ \t]*\r?\n[ \t]*)"
DIGIT_CHAIN_RE = re.compile(rf"\d(?<![\w]\d)\d*(?:{_GAP}\d+)*")
GROUP_RE = re.compile(r"\d+")
CPF_CANON_RE = re.compile(r"\d{3}\.\d{3}\.\d{3}-\d{2}|\d{3}\.?\d{3}\.?\d{3}-\d{2}")
CNPJ_CANON_RE = re.compile(r"\d{2}\.?\d{3}\.?\d{3}/\d{4}-\d{2}")
CNPJ_TAIL = re.compile(r"/[ \t]*[0-9A-Za-z]{4}[ \t]*-?[ \t]*\d{2}(?!\w|[.,/-]\d)")
CNPJ_HEAD = re.compile(r"[0-9A-Za-z]{2}[. \t]{0,2}[0-9A-Za-z]{3}[. \t]{0,2}[0-9A-Za-z]{3}[ \t]*")
BARE_ALNUM_RE = re.compile(r"\d\d(?<=(?<![\w.,/-])[0-9A-Z]{14})(?!\w|[.,/-]\d)")
CNPJ_CTX = re.compile(r"(?<!\[)cnpj", re.IGNORECASE).search
BARE_RE = re.compile(r"\d(?<![\w.,/-]\d)\d{10,18}(?!\w|[.,/-]\d)")
CARD_GROUPED_RE = re.compile(
    r"[2-6](?<![\w.,/-][2-6])(?<!\d[ .-][2-6])"
    r"(?:\d{3}([ .-])\d{4}\1\d{4}\1\d{4}(?:\1\d{1,3})?|(?<=3)\d{3}([ .-])\d{6}\2\d{4,5})(?!\w|[ .,/-]\d)"
)
SSN_RE = re.compile(r"\d(?<![\w.,/-]\d)\d{2}-(?!00)\d{2}-(?!0000)\d{4}(?!\w|[.,/-]\d)")
SSN_BARE_RE = re.compile(r"\d(?<![\w.,/-]\d)\d{8}(?!\w|[.,/-]\d)")
SSN_WORD = re.compile(r"ssn|social security", re.IGNORECASE).search
SSN_CTX = re.compile(r"(?<!\[)(?:\bssn|social security(?: number| no\.?)?)\W{0,5}$", re.IGNORECASE)

# --- CEP -------------------------------------------------------------------------------------------
CEP_RE = re.compile(r"\d(?<![\w.,/-]\d)\d\.?\d{3}-?\d{3}(?!\w|[.,/-]\d)")
_UFS = r"AC|AL|AP|AM|BA|CE|DF|ES|GO|MA|MT|MS|MG|PA|PB|PR|PE|PI|RJ|RN|RS|RO|RR|SC|SP|SE|TO"
CEP_CTX = re.compile(
    r"(?<!\[)(?:\bcep\b|\bc\.e\.p\b|c[oó]digo postal|\bzip(?: code)?\b|\bpostal code\b|\brua\b|\br\.|\bav\.|\bavenida\b"
    r"|\balameda\b|\btravessa\b|\bestrada\b|\brodovia\b|\bpra[cç]a\b|\bbairro\b|\bapto?\b|\bapartamento\b"
    r"|\bbloco\b|\bendere[cç]o\b|\baddress\b|\bstreet\b)",
    re.IGNORECASE,
)
UF_ONLY = re.compile(rf"\b(?:{_UFS})\b")

# --- phones ----------------------------------------------------------------------------------------
# candidates: optional +CC, optional (DDD), digit groups joined by one separator
PHONE_RE = re.compile(
    r"(?<![\w+.,/-])(\+\s?\d{1,3}[\s.-]?)?(\(\s?0?\d{2,3}\s?\)[\s.-]?|0[xX]{2}\s?\(?\d{2}\)?[\s.-]?)?"
    r"\d{1,13}(?:[ .-]\d{1,13}){0,4}(?!\w|[.,/-]\d)"
)
PHONE_CTX = re.compile(
    r"(?<!\[)(?:\btel\b\.?|\btelefone|\bfone\b|\bcel\b\.?|\bcelular|\bwhats\s?app|\bwpp\b|\bzap\b|\bcontato|\bcontact"
    r"|\bphone|\bmobile|\bcell\b|\bcall\b|\bligar|\bliga\b|\bligue|\bliga[cç][aã]o|\bligou|\btelefon|\bretorn[oa]r?\b|\bsms\b|\bramal\b|\bfax\b|\btext me\b)"
    r"[^\n\d]{0,20}(?:\b9[ .-]?)?$",  # "cel.9 8765-4321": a mobile's leading 9 written apart
    re.IGNORECASE,
)
CEP_BEFORE = re.compile(r"(?<!\[)\b(?:cep|zip(?: code)?|postal code)\W{0,3}$", re.IGNORECASE)
ORDER_CTX = re.compile(
    r"(?<!\[)(?:#|\bn[º°]|\bno\.|\bnr\.?|\bnum\.|\bpedido|\bprotocolo|\bchamado|\bticket|\border|\bnota fiscal|\bnf-?e?\b"
    r"|\bboleto|\bc[oó]digo|\bcode\b|\bid\b|\brastreio|\btracking|\binvoice|\bfatura|\bconta\b|\baccount|\bref\b\.?"
    r"|\bserial|\bmatr[ií]cula|\bcontrato|\bcase|\blote?\b|\bbatch\b|\bnsu\b|\bautoriza[cç][aã]o|\bauth"
    r"|\bsku\b|\bproduto|\bproduct|\bmodelo|\bmodel\b|\bpart\b|\bitem\b|\bcupom|\bcoupon|\bvoucher)[^\n\d]{0,16}$",
    re.IGNORECASE,
)
# words that make a toll-free / shared-cost number a company's line, not a person's
BUSINESS_CTX = re.compile(
    r"\bsac\b|\bcentral\b|\batendimento|\bcall\s?center|\bcustomer\s+(?:service|care|support)|\bhotline"
    r"|\bsuporte|\bsupport\s+line|\bouvidoria|\bempresa|\bloja|\bbanco\b|\bcapitais|\btoll[- ]free|\bgratuito",
    re.IGNORECASE,
)
YEAR = re.compile(r"(?:19|20)\d\d")
# dd.mm.yyyy, dd-mm-yy, dd/mm/yyyy and yyyy-mm-dd: never phones
DATE_RE = re.compile(
    r"(?:0?[1-9]|[12]\d|3[01])([./-])(?:0?[1-9]|1[0-2])\1(?:\d{2}|(?:19|20)\d\d)"
    r"|(?:19|20)\d\d([./-])(?:0?[1-9]|1[0-2])\2(?:0?[1-9]|[12]\d|3[01])"
)
DATE_IN = re.compile(rf"(?<!\d)(?:{DATE_RE.pattern})(?!\d)")
GROUP_SEP = re.compile(r"[ .-]")

# Not personal data, but full of digit groups that look like phones/cards: boleto "linha digitável"
# (bank slips, 47 digits), utility/tax slips (48 digits) and NF-e access keys (44 digits).
# Claimed first so no detector cuts into them.
PROTECTED_RE = re.compile(
    r"\d(?<![\w.]\d)\d{4}[.\s]?\d{5}\s?\d{5}[.\s]?\d{6}\s?\d{5}[.\s]?\d{6}\s?\d\s?\d{14}(?!\w)"
    r"|\d(?<![\w.]\d)\d{10}[-\s]?\d\s?\d{11}[-\s]?\d\s?\d{11}[-\s]?\d\s?\d{11}[-\s]?\d(?!\w)"
    r"|\d(?<![\w.]\d)\d{3}(?:[ .]?\d{4}){10}(?!\w)"  # NF-e access key: 44 digits, often in groups of 4
)

# --- islands: runs of digits and separators with >= 4 digits (one scan per text) --------------------
ISLAND_RE = re.compile(r"(?:\+|\([ \t]?|0[xX]{2})?\d[\d \t.()/\-xX]*")
DEL_DIGITS = str.maketrans("", "", "0123456789")

# --- self-introductions (names) --------------------------------------------------------------------
# strong cues take the next name even in lower case or capitals; weak cues need a capitalised name
NAME_CUE_STRONG = re.compile(
    r"\b(?:me\s+chamo|meu\s+nome\s+(?:[eé]|era)|my\s+name\s+is|my\s+name's|i\s+am\s+called|sou\s+chamad[oa])\s*[:,-]?\s+",
    re.IGNORECASE,
)
NAME_CUE_WEAK = re.compile(
    r"\b(?:aqui\s+(?:quem\s+fala\s+[eé]|é)(?:\s+[oa](?=\s))?|quem\s+fala\s+[eé]|(?:eu\s+)?sou\s+[oa]|this\s+is)\s+", re.IGNORECASE
)
# what may precede a weak cue: start of text, punctuation, or a greeting
NAME_WEAK_BEFORE = re.compile(
    r"(?:^|[\n.!?,;:\-]|\b(?:oi|ol[aá]|al[oô]|bom dia|boa tarde|boa noite|hi|hello|hey|dear|good morning|good afternoon"
    r"|good evening|prezad[oa]s?|ei|e a[ií])[,!.]?)\s*$",
    re.IGNORECASE,
)
NAME_TOKEN = re.compile(r"[^\W\d_][^\W\d_'’.-]*(?:['’-][^\W\d_]+)*")
NAME_GAP = re.compile(r"[ \t]+")
NAME_GATE = re.compile(r"chamo|nome|name|aqui|fala|sou|this", re.IGNORECASE).search
