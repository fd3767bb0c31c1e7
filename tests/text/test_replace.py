"""Table-driven tests for each PII replace step (PT and EN), lookalikes included."""

from __future__ import annotations

import pytest

from vocmine.exceptions import ConfigError
from vocmine.text import replace

EMAILS = [
    ("Meu e-mail é joao.silva@gmail.com, obrigado", "Meu e-mail é [EMAIL], obrigado"),
    ("contact me at Jane_Doe+billing@example.co.uk.", "contact me at [EMAIL]."),
    ("<maria-souza@empresa.com.br> escreveu", "<[EMAIL]> escreveu"),
    ("joão@exemplo.com.br", "[EMAIL]"),
    ("preço @ R$ 10 e user@localhost", "preço @ R$ 10 e user@localhost"),
]
PHONES = [
    ("Meu celular é (11) 98765-4321", "Meu celular é [PHONE]"),
    ("liga no +55 11 98765-4321 ou +55 (21) 2345-6789", "liga no [PHONE] ou [PHONE]"),
    ("whats 11987654321", "whats [PHONE]"),
    ("tel: 3456-7890 ou 9 8765-4321", "tel: [PHONE] ou [PHONE]"),
    ("contato 011 98765-4321", "contato [PHONE]"),
    ("5511987654321", "[PHONE]"),
    ("Call me at (555) 123-4567 or 555-123-4567", "Call me at [PHONE] or [PHONE]"),
    ("my number is +1 555 123 4567", "my number is [PHONE]"),
    ("UK office +44 20 7946 0958", "UK office [PHONE]"),
    ("celular 987654321", "celular [PHONE]"),
    # lookalikes stay
    ("pedido 98765432 chegou em 03/06/2024", "pedido 98765432 chegou em 03/06/2024"),
    ("protocolo 11987654321", "protocolo 11987654321"),
    ("order #123456789 placed 2024-06-03 10:02", "order #123456789 placed 2024-06-03 10:02"),
    ("de 2023-2024 o valor foi R$ 1.234,56", "de 2023-2024 o valor foi R$ 1.234,56"),
    ("version 10.2.3, total $1,234.56", "version 10.2.3, total $1,234.56"),
    ("código 987654321", "código 987654321"),
    ("lote 5490-3780 e 5490-3781", "lote 5490-3780 e 5490-3781"),
    ("code 319-581-2765", "code 319-581-2765"),
    ("SAC 0800 123 4567 ou 4004-0001", "SAC 0800 123 4567 ou 4004-0001"),
    ("telefone 4020.7813 SAC e 4020.9091", "telefone 4020.7813 SAC e 4020.9091"),
    ("celular No dia 14.04.2022 e dia 08-03-2018", "celular No dia 14.04.2022 e dia 08-03-2018"),
    ("85 987086568/ 999686509", "[PHONE]/ [PHONE]"),  # a number right after a phone is a phone
    ("tel 85 987086568/ 999686509", "tel [PHONE]/ [PHONE]"),
    # shapes seen in real reviews (values made up)
    ("Renata (cel.9 8765-4321)", "Renata (cel.9 [PHONE])"),
    ("R$689. 9-7564-0003. 2751-1682. Agradeço", "R$689. [PHONE]. [PHONE]. Agradeço"),
    ("telefone: 0xx65 8139-2432 (ZAP) OU 0XX65 9938-2937", "telefone: [PHONE] (ZAP) OU [PHONE]"),
    ("LOPES  ( 31 ) 3762-3624 / 99987-0782", "LOPES  [PHONE] / [PHONE]"),
    ("Ligação de 2955 3325\nCliente ligou", "Ligação de [PHONE]\nCliente ligou"),
    ("WhatsApp 4004-1975", "WhatsApp [PHONE]"),
    ("E na POSITIVO (4002-6440 ou 0800-644-7500) reclamando", "E na POSITIVO (4002-6440 ou 0800-644-7500) reclamando"),
    ("comprei o celular dia 08-03-2018 e até hoje", "comprei o celular dia 08-03-2018 e até hoje"),
]
CPFS = [
    ("CPF 529.982.247-25", "CPF [CPF]"),
    ("meu cpf: 52998224725.", "meu cpf: [CPF]."),
    ("cpf 529982247-25", "cpf [CPF]"),
    ("formatted with bad digits 529.982.247-26", "formatted with bad digits [CPF]"),
    ("bare with bad digits 52998224726", "bare with bad digits 52998224726"),
    # a valid check-digit match is a CPF whatever word precedes it (issue 13: order words hid real CPFs)
    ("protocolo 52998224725", "protocolo [CPF]"),
    ("CPF do pedido 52998224725", "CPF do pedido [CPF]"),
    ("cpf 251 239 370 48", "cpf [CPF]"),
    ("meu cpf é 600.869.934.37.", "meu cpf é [CPF]."),
    ("CPF 529. 982. 247 - 25", "CPF [CPF]"),
    ("my CPF is 529.982.\n247-25 thanks", "my CPF is [CPF] thanks"),
    ("cpf 529982247\n25", "cpf [CPF]"),
    ("protocolo 52998224726", "protocolo 52998224726"),
    ("repeated 11111111111", "repeated 11111111111"),
]
CNPJS = [
    ("CNPJ 11.222.333/0001-81", "CNPJ [CNPJ]"),
    ("cnpj 11222333000181 ok", "cnpj [CNPJ] ok"),
    ("novo CNPJ 12.ABC.345/01DE-35", "novo CNPJ [CNPJ]"),
    ("bare alnum 12ABC34501DE35", "bare alnum [CNPJ]"),
    ("bare invalid 11222333000182", "bare invalid 11222333000182"),
    ("CNPJ ABCDEFGHIJKL80", "CNPJ [CNPJ]"),
    ("token ABCDEFGHIJKL80", "token ABCDEFGHIJKL80"),
    ("emitir NF para 11222333000181", "emitir NF para [CNPJ]"),  # order words never hide a valid one
    ("cnpj 11 222 333 0001 81", "cnpj [CNPJ]"),
    ("CNPJ 11.222.333/\n0001-81", "CNPJ [CNPJ]"),
    ("Please invoice 12ABC34501DE35", "Please invoice [CNPJ]"),
    ("protocolo 11222333000182", "protocolo 11222333000182"),
    ("alnum invalid 12.ABC.345/01DE-36", "alnum invalid 12.ABC.345/01DE-36"),
]
CARDS = [
    ("cartão 4111 1111 1111 1111", "cartão [CARD]"),
    ("card 5500-0000-0000-0004 exp 12/27", "card [CARD] exp 12/27"),
    ("amex 3782 822463 10005", "amex [CARD]"),
    ("bare 4111111111111111", "bare [CARD]"),
    ("bad luhn 4111 1111 1111 1112", "bad luhn 4111 1111 1111 1112"),
    ("final **** **** **** 1234", "final **** **** **** 1234"),
]
CEPS = [
    ("CEP 01310-100", "CEP [CEP]"),
    ("cep: 01310100", "cep: [CEP]"),
    ("Rua das Flores, 123 - São Paulo/SP 04567-000", "Rua das Flores, 123 - São Paulo/SP [CEP]"),
    ("lote 12345-678 sem contexto", "lote 12345-678 sem contexto"),
]
SSNS = [
    ("SSN 123-45-6789", "SSN [SSN]"),
    ("social security number: 123456789", "social security number: [SSN]"),
    ("invalid 000-12-3456 and 666-12-3456", "invalid 000-12-3456 and 666-12-3456"),
]
IPS = [
    ("meu ip é 192.168.0.10", "meu ip é [IP]"),
    ("from 2001:db8::8a2e:370:7334 and fe80::1", "from [IP] and [IP]"),
    ("link-local fe80::1ff:fe23:4567:890a%eth0 only", "link-local [IP]%eth0 only"),
    ("ip fe80::abcd", "ip [IP]"),
    ("versão 1.2.3.4 e v10.0.0.1", "versão 1.2.3.4 e v10.0.0.1"),
    ("às 10:02:33 e 300.1.1.1", "às 10:02:33 e 300.1.1.1"),
]
URLS = [
    ("veja https://www.loja.com.br/minha-conta?token=abc123&cpf=1", "veja [URL:loja.com.br]"),
    ("link: http://app.example.com/reset?email=a@b.com.", "link: [URL:app.example.com]."),
    ("(see www.example.org/help)", "(see [URL:example.org])"),
    ("http://user:pw@10.0.0.1:8080/x", "[URL]"),
    ("site loja.com.br sem esquema", "site loja.com.br sem esquema"),
]
BOLETO = "linha digitável 23793.38128 60082.123456 78000.063305 1 12340000010000"

NAMES = [
    ("Oi, aqui é Carla Mendes, tudo bem?", "Oi, aqui é [NAME], tudo bem?"),
    ("Me chamo Ana Cristina de Souza e comprei", "Me chamo [NAME] e comprei"),
    ("meu nome é João. Quero cancelar", "meu nome é [NAME]. Quero cancelar"),
    ("Meu nome e MARCOS CARNEIRO, esposo", "Meu nome e [NAME], esposo"),
    ("meu nome e  kaua eu tenho oito", "meu nome e  [NAME] eu tenho oito"),
    ("Bom dia, sou a Maria do financeiro", "Bom dia, sou a [NAME] do financeiro"),
    ("Hi, this is John Smith from Acme", "Hi, this is [NAME] from Acme"),
    ("My name is Mary and my order is late", "My name is [NAME] and my order is late"),
    # lookalikes stay
    ("comprei aqui e recebi dois brancos", "comprei aqui e recebi dois brancos"),
    ("Sou a favor e recomendo", "Sou a favor e recomendo"),
    ("This is ridiculous, I want a refund", "This is ridiculous, I want a refund"),
    ("meu nome e o meu CPF estão errados", "meu nome e o meu CPF estão errados"),
    ("AQUI É O MELHOR PREÇO", "AQUI É O MELHOR PREÇO"),
]

PIX = [
    ("chave pix 123e4567-e89b-12d3-a456-426614174000", "chave pix [PIX_KEY]"),
    ("not a uuid 123e4567-e89b-12d3-a456", "not a uuid 123e4567-e89b-12d3-a456"),
]


@pytest.mark.parametrize(("step", "table"), [
    (replace.emails, EMAILS), (replace.phones, PHONES), (replace.cpfs, CPFS), (replace.cnpjs, CNPJS),
    (replace.cards, CARDS), (replace.ceps, CEPS), (replace.ssns, SSNS), (replace.ips, IPS),
    (replace.urls, URLS), (replace.pix_keys, PIX), (replace.names, NAMES),
], ids=lambda v: getattr(v, "__name__", ""))
def test_replace_tables(step, table):
    wrong = [(text_in, step(text_in), text_out) for text_in, text_out in table if step(text_in) != text_out]
    assert not wrong, "\n".join(f"{i!r} -> {got!r}, expected {exp!r}" for i, got, exp in wrong)


def test_boleto_lines_are_not_pii():
    from vocmine.text import redact

    for step in (replace.phones, replace.cards, replace.cpfs, replace.cnpjs, redact):
        assert step(BOLETO) == BOLETO
    assert redact(BOLETO + " tel (11) 98765-4321") == BOLETO + " tel [PHONE]"


def test_custom_replacement():
    assert replace.emails("a joao@x.com", repl="<e>") == "a <e>"
    assert replace.urls("https://x.com/a?b=1", repl="[LINK]") == "[LINK]"


def test_extra_patterns():
    out = replace.extra_patterns("pedido #A12345 e protocolo 2024-000123",
                                 patterns={"order": r"#[A-Z]\d{5}", "protocol": r"\b\d{4}-\d{6}\b"})
    assert out == "pedido [ORDER] e protocolo [PROTOCOL]"
    assert replace.extra_patterns("nada aqui", patterns=None) == "nada aqui"
    with pytest.raises(ConfigError, match="bad name"):
        replace.extra_patterns("x", patterns={"bad name": r"\d"})
    with pytest.raises(ConfigError, match="not a valid regex"):
        replace.extra_patterns("x", patterns={"order": r"(\d"})
    with pytest.raises(ConfigError, match="empty string"):
        replace.extra_patterns("x", patterns={"order": r"\d*"})
