"""Labelled PII benchmark (issue 13): recall per kind and format, false positives per lookalike family.

Every positive is a sentence (PT or EN context) holding one personal value written in one format;
it counts as found when neither the value nor its digits survive. Every lookalike is a sentence that
must come out unchanged (order/protocol numbers, dates in 4 formats, money, tracking codes, NF numbers,
boleto lines, NSU/authorisation codes, lot numbers, product codes, 0800/4004 numbers, versions, times,
name-like phrases). Values are drawn with a seeded RNG; CPF/CNPJ/cards carry valid check digits,
phones use existing area codes.

    python bench/bench_pii.py [--n 48] [--seed 13] [--pipeline]

``--pipeline`` also runs every sentence through the display pipeline (what ``clean_frame`` keeps).
"""

from __future__ import annotations

import argparse
import random
import re
import string
import time
from collections import defaultdict

from stdnum.br import cnpj as stdcnpj
from stdnum.br import cpf as stdcpf

from vocmine.text import redact
from vocmine.text.pipeline import display_pipeline

BR_DDD = [11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 24, 27, 28, 31, 32, 33, 34, 35, 37, 38, 41, 42, 43, 44, 45, 46,
          47, 48, 49, 51, 53, 54, 55, 61, 62, 63, 64, 65, 66, 67, 68, 69, 71, 73, 74, 75, 77, 79, 81, 82, 83, 84, 85,
          86, 87, 88, 89, 91, 92, 93, 94, 95, 96, 97, 98, 99]
US_AREA = ["201", "202", "212", "213", "303", "305", "312", "319", "404", "415", "503", "617", "702", "713", "917"]
FIRST = ["Ana", "João", "Maria", "Carla", "Pedro", "Lucas", "Juliana", "Fernanda", "Rafael", "Bruno", "Mary", "John",
         "Sarah", "Michael", "Emily", "David", "Camila", "Thiago", "Beatriz", "Gustavo"]
LAST = ["Souza", "Silva", "Oliveira", "Santos", "Pereira", "Lima", "Carvalho", "Ferreira", "Almeida", "Costa", "Smith",
        "Johnson", "Brown", "Miller", "Davis", "Rodrigues", "Gomes", "Martins", "Rocha", "Barbosa"]

PT = ["Meu {k} é {v}, podem verificar?", "segue {k}: {v}", "Olá, o {k} {v} não é aceito no cadastro.",
      "ATENÇÃO: {k} {v} ERRADO", "pode usar {v} (meu {k}).", "{v}"]
EN = ["My {k} is {v}, please check.", "{k}: {v}", "Hi, the {k} {v} was rejected.", "use {v} for the refund", "{v}"]
# order words ("emitir NF para", "Please invoice") are their own CPF/CNPJ format: a phone or a bare card
# number right after an order word is read as an order number by design (see vocmine.text.replace)


def _d(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(n))


def _cpf(rng):
    while True:
        body = _d(rng, 9)
        if len(set(body)) > 1:
            v = body + stdcpf._calc_check_digits(body)
            assert stdcpf.is_valid(v)
            return v


def _cnpj(rng, alnum=False):
    chars = string.digits + (string.ascii_uppercase if alnum else "")
    while True:
        body = "".join(rng.choice(chars) for _ in range(12))
        if alnum and (body.isdigit() or not any(c.isdigit() for c in body)):
            continue
        return body + stdcnpj.calc_check_digits(body)


def _luhn(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return body + str((10 - total % 10) % 10)


def _fmt(v: str, cuts: list[int], seps: list[str]) -> str:
    parts, pos = [], 0
    for c in cuts + [len(v)]:
        parts.append(v[pos:c])
        pos = c
    out = parts[0]
    for sep, p in zip(seps, parts[1:], strict=True):
        out += sep + p
    return out


def positives(rng: random.Random, n: int) -> list[tuple[str, str, str, str]]:
    """(kind, format, value, sentence)."""
    out = []

    def put(kind, fmt, value, label, templates=None):
        tpl = rng.choice(templates or (PT if rng.random() < 0.55 else EN))
        out.append((kind, fmt, value, tpl.format(k=label, v=value)))

    for _ in range(n):
        c = _cpf(rng)
        put("cpf", "canonical", _fmt(c, [3, 6, 9], [".", ".", "-"]), "CPF")
        put("cpf", "bare", c, "cpf")
        put("cpf", "spaces", _fmt(c, [3, 6, 9], [" ", " ", " "]), "CPF")
        put("cpf", "dots only", _fmt(c, [3, 6, 9], [".", ".", "."]), "CPF")
        put("cpf", "dot-space", _fmt(c, [3, 6, 9], [". ", ". ", " - "]), "CPF")
        put("cpf", "line break", _fmt(c, [3, 6, 9], [".", ".\n", "-"]) if rng.random() < .5 else c[:9] + "\n" + c[9:], "CPF")
        put("cpf", "after order word", c, "", ["emitir NF para {v}", "protocolo do CPF {v}", "Please invoice {v}",
                                               "pedido 123 cpf {v}"])
        bad = c[:9] + str((int(c[9]) + 1) % 10) + c[10]
        put("cpf", "canonical, bad check", _fmt(bad, [3, 6, 9], [".", ".", "-"]), "CPF")
        j = _cnpj(rng)
        put("cnpj", "canonical", _fmt(j, [2, 5, 8, 12], [".", ".", "/", "-"]), "CNPJ")
        put("cnpj", "bare", j, "cnpj")
        put("cnpj", "spaces", _fmt(j, [2, 5, 8, 12], [" ", " ", " ", " "]), "CNPJ")
        put("cnpj", "line break", _fmt(j, [2, 5, 8, 12], [".", ".", "/\n", "-"]), "CNPJ")
        put("cnpj", "after order word", j, "", ["emitir NF para {v}", "Please invoice {v}", "pedido para {v}",
                                                "fatura do {v}"])
        a = _cnpj(rng, alnum=True)
        put("cnpj", "alphanumeric", _fmt(a, [2, 5, 8, 12], [".", ".", "/", "-"]), "CNPJ")
        put("cnpj", "alphanumeric bare", a, "CNPJ", ["Please invoice {v}", "emitir NF para {v}", "CNPJ {v}",
                                                       "novo CNPJ: {v}."])
        card = _luhn(rng.choice("456") + _d(rng, 14))
        put("card", "grouped", _fmt(card, [4, 8, 12], [rng.choice(" -.")] * 3), "cartão")
        put("card", "bare", card, "card")
        amex = _luhn("3" + rng.choice("47") + _d(rng, 12))
        put("card", "amex", _fmt(amex, [4, 10], [" ", " "]), "card")
        user = "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(3, 10)))
        dom = rng.choice(["gmail.com", "hotmail.com", "empresa.com.br", "acme.io", "uol.com.br", "mail.co.uk"])
        put("email", "plain", f"{user}@{dom}", "e-mail")
        put("email", "dotted/tagged", rng.choice([f"{user}.{user[:3]}@{dom}", f"{user.capitalize()}+tag@{dom}",
                                                  f"{user}_{rng.randint(1, 99)}@{dom}"]), "email")
        ddd = str(rng.choice(BR_DDD))
        mob, land = "9" + _d(rng, 8), str(rng.randint(2, 5)) + _d(rng, 7)
        lbl = rng.choice(["celular", "telefone", "whatsapp", "phone", "tel", "mobile"])
        put("phone", "+55 formatted", f"+55 {ddd} {mob[:5]}-{mob[5:]}", lbl)
        put("phone", "(DDD) mobile", f"({ddd}) {mob[:5]}-{mob[5:]}", lbl)
        put("phone", "DDD mobile bare", rng.choice([f"{ddd} {mob}", f"{ddd}{mob}"]), lbl)
        put("phone", "(DDD) landline", f"({ddd}) {land[:4]}-{land[4:]}", lbl)
        put("phone", "local mobile", f"{mob[:5]}-{mob[5:]}", lbl)
        put("phone", "local landline + cue", f"{land[:4]}-{land[4:]}", "", ["tel: {v}", "Ligação de {v}", "meu telefone {v}",
                                                                            "call me at {v}", "whatsapp {v}"])
        area, ex, line = rng.choice(US_AREA), str(rng.randint(200, 999)), _d(rng, 4)
        put("phone", "US +1", f"+1 ({area}) {ex}-{line}", "phone")
        put("phone", "US 3-3-4", rng.choice([f"{area}-{ex}-{line}", f"{area}.{ex}.{line}", f"{area} {ex} {line}"]), "phone")
        put("ip", "IPv4", f"{rng.randint(1, 223)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}", "IP")
        hx = [f"{rng.randint(0, 65535):x}" for _ in range(8)]
        put("ip", "IPv6 full", ":".join(hx), "IP")
        put("ip", "IPv6 link-local", f"fe80::{hx[1]}:{hx[2]}", "endereço IP", ["ip {v}", "my IP is {v}", "IP: {v}, sem rede",
                                                                             "conectado via {v}"])
        cep = _d(rng, 5) + "-" + _d(rng, 3)
        put("cep", "CEP", cep, "CEP", ["CEP {v}", "meu cep: {v}.", "Rua das Flores, 12 - São Paulo/SP {v}",
                                       "zip code {v}", "endereço: Av. Brasil 100, {v}"])
        put("ssn", "SSN", f"{rng.randint(100, 665)}-{rng.randint(10, 99)}-{rng.randint(1000, 9999)}", "SSN")
        put("url", "URL", f"https://www.{user}.com.br/conta?token={_d(rng, 6)}", "link")
        put("pix_key", "UUID", "-".join(_d(rng, n_) for n_ in (8, 4, 4, 4, 12)), "chave pix")
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        put("name", "me chamo / meu nome é", name, "", ["Me chamo {v} e comprei um celular.", "meu nome é {v}, quero cancelar",
                                                         "Olá! Meu nome é {v}. Minha fatura veio errada"])
        put("name", "aqui é / sou a", name, "", ["Oi, aqui é {v}, tudo bem?", "Bom dia, sou a {v} do financeiro",
                                                 "Boa tarde. Aqui é o {v} da loja 12"])
        put("name", "my name is / this is", name, "", ["My name is {v} and my card was declined.", "Hi, this is {v} from Acme.",
                                                       "Hello, this is {v}. I was charged twice"])
        put("name", "capitals", name.upper(), "", ["ME CHAMO {v} E NINGUÉM ME RESPONDE", "Meu nome e {v}, esposo da titular"])
    return out


def lookalikes(rng: random.Random, n: int) -> list[tuple[str, str]]:
    """(family, sentence) that must stay unchanged."""
    out = []
    for _ in range(n):
        day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.randint(2015, 2027)
        out.append(("order number", f"Meu pedido {_d(rng, rng.choice([8, 9, 10, 12]))} não chegou"))
        out.append(("order number", f"order #{_d(rng, rng.randint(6, 10))} is late"))
        out.append(("protocol number", f"protocolo {year}{_d(rng, rng.choice([6, 8]))} sem resposta"))
        out.append(("protocol number", f"case {_d(rng, 4)}-{_d(rng, 4)}-{_d(rng, 2)} still open"))
        # 11 digits: about 1 in 100 random numbers is a valid CPF and is redacted by design
        out.append(("protocol number, 11 digits", f"protocolo {_d(rng, 11)} sem resposta"))
        c = _cpf(rng)
        bad = c[:10] + str((int(c[10]) + rng.randint(1, 9)) % 10)
        out.append(("bad-check CPF/CNPJ, spaced", rng.choice([f"número {_fmt(bad, [3, 6, 9], [' ', ' ', ' '])} na nota",
                                                             f"ref {_fmt(bad, [3, 6, 9], ['.', '.', '.'])}"])))
        key = "".join(str(rng.randint(0, 9)) for _ in range(44))
        out.append(("NF-e access key", rng.choice([f"chave de acesso {key}",
                                                   "chave " + " ".join(key[i:i + 4] for i in range(0, 44, 4))])))
        out.append(("date dd/mm/yyyy", f"O boleto venceu em {day:02d}/{month:02d}/{year} e não compensou."))
        out.append(("date dd.mm.yyyy", f"celular No dia {day:02d}.{month:02d}.{year} liguei"))
        out.append(("date dd-mm-yyyy", f"telefone: dia {day:02d}-{month:02d}-{year} às 10h"))
        out.append(("date yyyy-mm-dd", f"Created {year}-{month:02d}-{day:02d} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}"))
        out.append(("money", f"Fui cobrado R$ {rng.randint(1, 999)}.{rng.randint(0, 999):03d},{rng.randint(0, 99):02d} a mais"))
        out.append(("money", f"I was charged ${rng.randint(1, 99)},{rng.randint(0, 999):03d}.{rng.randint(0, 99):02d} twice"))
        out.append(("tracking code", f"rastreio {rng.choice(['BR', 'LB', 'OV', 'PX'])}{_d(rng, 9)}BR ainda parado"))
        out.append(("tracking code", f"tracking 1Z{_d(rng, 3)}AA{_d(rng, 10)} shows delivered"))
        out.append(("NF number", f"NF {_d(rng, 3)}.{_d(rng, 3)}.{_d(rng, 3)} série 1"))
        out.append(("NF number", f"nota fiscal nº {_d(rng, rng.choice([6, 9]))} emitida"))
        out.append(("boleto line", f"linha digitável {_d(rng, 5)}.{_d(rng, 5)} {_d(rng, 5)}.{_d(rng, 6)} "
                                   f"{_d(rng, 5)}.{_d(rng, 6)} {rng.randint(1, 9)} {_d(rng, 14)}"))
        out.append(("NSU/authorisation", f"NSU {_d(rng, rng.choice([6, 9, 12]))} autorização {_d(rng, 6)}"))
        out.append(("NSU/authorisation", f"auth code {_d(rng, 6)}, NSU {_d(rng, 10)}"))
        out.append(("lot number", f"lote {_d(rng, 4)}-{_d(rng, 4)} com defeito"))
        out.append(("lot number", f"batch {_d(rng, 4)}-{_d(rng, 4)} recalled, see {_d(rng, 4)}-{_d(rng, 4)}"))
        out.append(("product code", f"código {rng.choice(US_AREA)}-{_d(rng, 3)}-{_d(rng, 4)} esgotado"))
        out.append(("product code", f"SKU {_d(rng, 3)}-{_d(rng, 3)}-{_d(rng, 4)} out of stock"))
        out.append(("0800/4004 number", f"liguei na central 0800 {_d(rng, 3)} {_d(rng, 4)} e ninguém atendeu"))
        out.append(("0800/4004 number", f"SAC 4004-{_d(rng, 4)} (capitais) ou 0800 {_d(rng, 3)} {_d(rng, 4)}"))
        out.append(("0800/4004 number", f"telefone 4020.{_d(rng, 4)} SAC e 4020.{_d(rng, 4)}"))
        out.append(("version/time", f"App versão {rng.randint(1, 12)}.{rng.randint(0, 20)}.{rng.randint(0, 99)} trava às "
                                    f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"))
        out.append(("name-like phrase", rng.choice([
            "comprei aqui e recebi dois brancos", "Sou a favor e recomendo", "This is ridiculous, I want a refund",
            "meu nome e o meu CPF estão errados", "AQUI É O MELHOR PREÇO", "this is not what I ordered",
            "Aqui é ruim. O móvel vem quebrado", "My name is on the account", "sou o único que reclama",
            "Hello, this is urgent"])))
    return out


def _found(value: str, out: str) -> bool:
    if value in out:
        return False
    d = re.sub(r"\D", "", value)
    if len(d) >= 8 and d in re.sub(r"\D", "", out):
        return False
    return not any(tok in out for tok in value.split() if len(tok) > 2 and not tok.isdigit())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=48, help="variants per kind and format (default 48)")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--pipeline", action="store_true", help="also measure through the display pipeline")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    pos, neg = positives(rng, args.n), lookalikes(rng, args.n)
    steps = [("redact", redact)] + ([("pipeline", display_pipeline())] if args.pipeline else [])
    t0 = time.perf_counter()
    rows: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for kind, fmt, value, sentence in pos:
        r = rows[(kind, fmt)]
        r[0] += 1
        r[1] += _found(value, redact(sentence))
        if args.pipeline:
            r[2] += _found(value, steps[1][1](sentence))
    fams: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    examples: dict[str, str] = {}
    for fam, sentence in neg:
        fams[fam][0] += 1
        if redact(sentence) != sentence:
            fams[fam][1] += 1
            examples.setdefault(fam, sentence)
    secs = time.perf_counter() - t0
    print(f"PII benchmark: seed {args.seed}, {args.n} variants per kind and format, {len(pos)} positives, "
          f"{len(neg)} lookalikes, {secs:.1f} s\n")
    head = "| kind | format | n | recall (redact) |" + (" recall (pipeline) |" if args.pipeline else "")
    print(head)
    print("|" + "|".join(["---"] * (head.count("|") - 1)) + "|")
    per_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for (kind, fmt), (n, ok, ok_p) in sorted(rows.items()):
        per_kind[kind][0] += n
        per_kind[kind][1] += ok
        print(f"| {kind} | {fmt} | {n} | {ok / n:.3f} |" + (f" {ok_p / n:.3f} |" if args.pipeline else ""))
    print("\n| kind | n | recall |\n|---|---|---|")
    for kind, (n, ok) in sorted(per_kind.items()):
        print(f"| {kind} | {n} | {ok / n:.3f} |")
    total_n = sum(v[0] for v in fams.values())
    total_fp = sum(v[1] for v in fams.values())
    print("\n| lookalike family | n | false positives | rate |\n|---|---|---|---|")
    for fam, (n, fp) in sorted(fams.items()):
        print(f"| {fam} | {n} | {fp} | {fp / n:.3f} |")
    print(f"| **all** | {total_n} | {total_fp} | {total_fp / total_n:.4f} |")
    for fam, s in examples.items():
        print(f"  e.g. {fam}: {s!r} -> {redact(s)!r}")


if __name__ == "__main__":
    main()
