"""Synthetic but valid-looking PII for the sample export (CPF, CNPJ, e-mail, phones, cards, CEP).

Every value is computed from the caller's ``random.Random`` so the sample stays deterministic.
Check digits are real (CPF/CNPJ mod 11, card Luhn), so validators such as ``stdnum.br.cpf``
accept them. None of these belong to a real person except by coincidence.
"""

from __future__ import annotations

import random
import unicodedata

# --------------------------------------------------------------------------- CPF / CNPJ


def _cpf_digit(digits: list[int]) -> int:
    weight = len(digits) + 1
    total = sum(d * (weight - i) for i, d in enumerate(digits))
    rest = (total * 10) % 11
    return 0 if rest == 10 else rest


def cpf_digits(rng: random.Random) -> str:
    while True:
        base = [rng.randrange(10) for _ in range(9)]
        if len(set(base)) > 1:
            break
    base.append(_cpf_digit(base))
    base.append(_cpf_digit(base))
    return "".join(map(str, base))


def format_cpf(digits: str, style: str) -> str:
    if style == "bare":
        return digits
    if style == "dots_only":
        return f"{digits[:3]}.{digits[3:6]}.{digits[6:9]}{digits[9:]}"
    return f"{digits[:3]}.{digits[3:6]}.{digits[6:9]}-{digits[9:]}"


def _cnpj_digit(digits: list[int]) -> int:
    weights = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2][-len(digits):]
    total = sum(d * w for d, w in zip(digits, weights))
    rest = total % 11
    return 0 if rest < 2 else 11 - rest


def cnpj_digits(rng: random.Random) -> str:
    while True:
        base = [rng.randrange(10) for _ in range(8)]
        if len(set(base)) > 1:
            break
    base += [0, 0, 0, rng.choice([1, 1, 1, 2, 3])]
    base.append(_cnpj_digit(base))
    base.append(_cnpj_digit(base))
    return "".join(map(str, base))


def format_cnpj(digits: str, style: str) -> str:
    if style == "bare":
        return digits
    return f"{digits[:2]}.{digits[2:5]}.{digits[5:8]}/{digits[8:12]}-{digits[12:]}"


# --------------------------------------------------------------------------- cards


def luhn_ok(number: str) -> bool:
    digits = [int(c) for c in number if c.isdigit()]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def card_digits(rng: random.Random) -> str:
    prefix = rng.choice(["4", "4", "4", "51", "52", "53", "54", "55", "5067", "6363", "6504", "2221"])
    body = prefix + "".join(str(rng.randrange(10)) for _ in range(15 - len(prefix)))
    for check in range(10):
        if luhn_ok(body + str(check)):
            return body + str(check)
    raise AssertionError("unreachable")


def format_card(digits: str, style: str) -> str:
    groups = [digits[i:i + 4] for i in range(0, 16, 4)]
    if style == "space":
        return " ".join(groups)
    if style == "dash":
        return "-".join(groups)
    if style == "dot":
        return ".".join(groups)
    return digits


# --------------------------------------------------------------------------- phones

DDDS = ["11", "11", "11", "21", "21", "31", "41", "51", "61", "71", "81", "85", "19", "27", "48", "62", "92",
        "13", "16", "47", "83", "98", "67", "65"]


def br_mobile(rng: random.Random) -> tuple[str, str]:
    ddd = rng.choice(DDDS)
    number = "9" + str(rng.randrange(6, 10)) + "".join(str(rng.randrange(10)) for _ in range(7))
    return ddd, number


def br_landline(rng: random.Random) -> tuple[str, str]:
    ddd = rng.choice(DDDS)
    number = str(rng.randrange(2, 6)) + "".join(str(rng.randrange(10)) for _ in range(7))
    return ddd, number


def format_br_phone(ddd: str, number: str, style: str) -> str:
    head, tail = number[:-4], number[-4:]
    return {
        "intl": f"+55 {ddd} {head}-{tail}",
        "intl_paren": f"+55 ({ddd}) {head}-{tail}",
        "intl_bare": f"+55{ddd}{number}",
        "paren": f"({ddd}) {head}-{tail}",
        "paren_nospace": f"({ddd}){head}-{tail}",
        "space": f"{ddd} {number}",
        "dash": f"{ddd}-{head}-{tail}",
        "bare": f"{ddd}{number}",
        "noddd": f"{head}-{tail}",
        "noddd_space": f"{head} {tail}",
    }[style]


BR_PHONE_STYLES = ["intl", "intl", "intl_paren", "intl_bare", "paren", "paren", "paren", "paren_nospace",
                   "space", "dash", "bare", "noddd", "noddd_space"]

US_AREAS = ["212", "305", "312", "415", "512", "617", "646", "702", "718", "773", "786", "818", "917", "206",
            "303", "404", "469", "503", "602", "714"]


def us_phone(rng: random.Random) -> tuple[str, str, str]:
    area = rng.choice(US_AREAS)
    exchange = str(rng.randrange(2, 10)) + "".join(str(rng.randrange(10)) for _ in range(2))
    line = "".join(str(rng.randrange(10)) for _ in range(4))
    return area, exchange, line


def format_us_phone(area: str, exchange: str, line: str, style: str) -> str:
    return {
        "intl": f"+1 {area}-{exchange}-{line}",
        "intl_paren": f"+1 ({area}) {exchange}-{line}",
        "paren": f"({area}) {exchange}-{line}",
        "dash": f"{area}-{exchange}-{line}",
        "dot": f"{area}.{exchange}.{line}",
        "space": f"{area} {exchange} {line}",
    }[style]


US_PHONE_STYLES = ["intl", "intl_paren", "paren", "paren", "dash", "dash", "dot", "space"]

# --------------------------------------------------------------------------- CEP


def cep_digits(rng: random.Random) -> str:
    first = rng.choice(["01", "04", "05", "13", "20", "22", "30", "40", "50", "60", "70", "80", "88", "90", "69",
                        "29", "57", "64", "74", "78"])
    return first + "".join(str(rng.randrange(10)) for _ in range(6))


def format_cep(digits: str, style: str) -> str:
    if style == "bare":
        return digits
    if style == "dot":
        return f"{digits[:2]}.{digits[2:5]}-{digits[5:]}"
    return f"{digits[:5]}-{digits[5:]}"


# --------------------------------------------------------------------------- e-mail


def _ascii_slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return "".join(c for c in text if c.isalnum())


PERSONAL_DOMAINS_PT = ["gmail.com", "gmail.com", "gmail.com", "hotmail.com", "outlook.com", "yahoo.com.br",
                       "uol.com.br", "bol.com.br", "icloud.com", "terra.com.br"]
PERSONAL_DOMAINS_EN = ["gmail.com", "gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "icloud.com",
                       "aol.com", "proton.me"]


def person_email(rng: random.Random, first: str, last: str, lang: str, company_domain: str | None) -> str:
    f, l_ = _ascii_slug(first), _ascii_slug(last)
    if company_domain and rng.random() < 0.55:
        local = rng.choice([f, f"{f}.{l_}", f"{f[0]}{l_}", f"{f}{l_[0]}", "contato" if lang == "pt" else "hello",
                            "financeiro" if lang == "pt" else "billing", f"{f}_{l_}"])
        return f"{local}@{company_domain}"
    domains = PERSONAL_DOMAINS_PT if lang == "pt" else PERSONAL_DOMAINS_EN
    local = rng.choice([f"{f}.{l_}", f"{f}{l_}", f"{f}.{l_}{rng.randrange(1, 99)}", f"{f}{rng.randrange(70, 100)}",
                        f"{f[0]}.{l_}", f"{l_}.{f}", f"{f}_{l_}{rng.randrange(1, 9)}"])
    return f"{local}@{rng.choice(domains)}"


def company_domain(company: str, lang: str) -> str:
    slug = _ascii_slug(company)[:22] or "empresa"
    return f"{slug}.com.br" if lang == "pt" else rng_free_tld(slug)


def rng_free_tld(slug: str) -> str:
    return f"{slug}.com" if len(slug) % 3 else f"{slug}.io"
