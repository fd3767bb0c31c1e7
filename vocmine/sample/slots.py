"""Values for the ``{slots}`` of the phrase pools, and the people/companies behind the tickets."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

PT_FIRST = ["Ana", "Bruno", "Carla", "Daniel", "Eduarda", "Felipe", "Gabriela", "Gustavo", "Helena", "Igor", "Juliana",
            "João", "Karen", "Lucas", "Larissa", "Marcos", "Mariana", "Natália", "Otávio", "Paulo", "Patrícia", "Rafael",
            "Renata", "Sérgio", "Simone", "Thiago", "Tatiane", "Vinícius", "Vanessa", "Wesley", "Fernanda", "Rodrigo",
            "Luciana", "André", "Cláudia", "José", "Maria", "Antônio", "Francisca", "Adriana", "Márcio", "Débora",
            "Cristiane", "Leandro", "Aline", "Roberto", "Jéssica", "Caio", "Letícia", "Matheus", "Priscila", "Diego"]
PT_LAST = ["Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves", "Pereira", "Lima", "Gomes",
           "Costa", "Ribeiro", "Martins", "Carvalho", "Almeida", "Lopes", "Soares", "Fernandes", "Vieira", "Barbosa",
           "Rocha", "Dias", "Nascimento", "Andrade", "Moreira", "Nunes", "Marques", "Machado", "Mendes", "Freitas",
           "Cardoso", "Ramos", "Gonçalves", "Santana", "Teixeira", "Araújo", "Conceição", "Pinto", "Cavalcanti"]
EN_FIRST = ["James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "William", "Elizabeth",
            "David", "Susan", "Richard", "Jessica", "Joseph", "Sarah", "Thomas", "Karen", "Chris", "Nancy", "Daniel",
            "Emily", "Matthew", "Ashley", "Anthony", "Olivia", "Mark", "Sophie", "Kevin", "Laura", "Brian", "Megan",
            "Ryan", "Rachel", "Jacob", "Hannah", "Ethan", "Grace", "Noah", "Chloe", "Liam", "Zoe"]
EN_LAST = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Taylor",
           "Thomas", "Moore", "Martin", "Jackson", "Thompson", "White", "Harris", "Clark", "Lewis", "Walker", "Hall",
           "Young", "King", "Wright", "Scott", "Green", "Baker", "Adams", "Nelson", "Hill", "Campbell", "Mitchell",
           "Roberts", "Carter", "Phillips", "Evans", "Turner", "Parker", "Collins", "Edwards"]
PT_COMPANY_A = ["Padaria", "Mercadinho", "Farmácia", "Pet Shop", "Loja", "Empório", "Auto Peças", "Papelaria",
                "Barbearia", "Lanchonete", "Ótica", "Distribuidora", "Açaí", "Hortifruti", "Boutique", "Oficina",
                "Drogaria", "Armarinho", "Materiais de Construção", "Sorveteria"]
PT_COMPANY_B = ["São Jorge", "Bom Preço", "Boa Vista", "Nossa Senhora", "do Zé", "Estrela", "Central", "Primavera",
                "Sol Nascente", "Bela Vista", "Dois Irmãos", "Ipê", "Vila Nova", "Pérola", "Serra Azul", "Mar Azul",
                "Real", "Família", "Nova Era", "Paraíso", "Canto Verde", "Aurora", "Santa Clara", "Três Marias"]
EN_COMPANY_A = ["Blue", "Green", "Golden", "Urban", "Northside", "Harbor", "Maple", "Summit", "Bright", "Silver",
                "Red Oak", "Lakeside", "Coastal", "Pine", "Sunset", "Cedar", "River", "Metro"]
EN_COMPANY_B = ["Coffee Co", "Bakery", "Pet Supply", "Outfitters", "Goods", "Market", "Pharmacy", "Studio",
                "Auto Parts", "Books", "Kitchen", "Hardware", "Boutique", "Trading", "Labs", "Foods"]
SUFFIX_PT = ["", "", " Ltda", " ME", " EIRELI", " Comércio Ltda", " LTDA-ME"]
SUFFIX_EN = ["", "", " LLC", " Inc.", " Ltd"]

CITIES = ["São Paulo", "Rio de Janeiro", "Belo Horizonte", "Curitiba", "Porto Alegre", "Salvador", "Recife",
          "Fortaleza", "Brasília", "Campinas", "Goiânia", "Manaus", "Belém", "Florianópolis", "Vitória", "Santos",
          "Ribeirão Preto", "Londrina", "Joinville", "Uberlândia", "Natal", "João Pessoa", "Maceió", "Cuiabá",
          "Campo Grande", "Sorocaba", "Niterói", "Juiz de Fora", "São Luís", "Teresina"]
US_CITIES = ["Miami, FL 33131", "Austin, TX 78701", "New York, NY 10001", "Chicago, IL 60607", "Seattle, WA 98101",
             "Boston, MA 02110", "Denver, CO 80202", "San Diego, CA 92101", "Atlanta, GA 30303", "Orlando, FL 32801"]
UF = {"São Paulo": "SP", "Rio de Janeiro": "RJ", "Belo Horizonte": "MG", "Curitiba": "PR", "Porto Alegre": "RS",
      "Salvador": "BA", "Recife": "PE", "Fortaleza": "CE", "Brasília": "DF", "Campinas": "SP", "Goiânia": "GO",
      "Manaus": "AM", "Belém": "PA", "Florianópolis": "SC", "Vitória": "ES", "Santos": "SP", "Ribeirão Preto": "SP",
      "Londrina": "PR", "Joinville": "SC", "Uberlândia": "MG", "Natal": "RN", "João Pessoa": "PB", "Maceió": "AL",
      "Cuiabá": "MT", "Campo Grande": "MS", "Sorocaba": "SP", "Niterói": "RJ", "Juiz de Fora": "MG", "São Luís": "MA",
      "Teresina": "PI"}
STREETS_PT = ["Rua das Palmeiras", "Av. Paulista", "Rua XV de Novembro", "Av. Brasil", "Rua Sete de Setembro",
              "Rua Augusta", "Av. Getúlio Vargas", "Rua Bahia", "Rua da Consolação", "Av. Afonso Pena",
              "Rua Marechal Deodoro", "Rua Tiradentes", "Av. Boa Viagem", "Rua dos Andradas", "Rua Amazonas"]
STREETS_EN = ["Main St", "Oak Avenue", "Maple Dr", "2nd Street", "Broadway", "Elm St", "Park Ave", "Sunset Blvd",
              "Pine Street", "Lake Rd"]
BANKS = ["Itaú", "Bradesco", "Nubank", "Banco do Brasil", "Caixa", "Inter", "Santander", "C6 Bank", "Sicoob",
         "PicPay", "Mercado Pago", "Sicredi", "BTG"]
DEVICES = ["iPhone 11", "iPhone 12", "iPhone 13", "iPhone 14 Pro", "iPhone 15", "Galaxy A14", "Galaxy A54",
           "Galaxy S23", "Galaxy A32", "Moto G54", "Moto G84", "Redmi Note 12", "Redmi Note 13", "Xiaomi 13T",
           "Motorola Edge 40", "iPad", "tablet Samsung", "POCO X6"]
INTEGRATIONS = ["Shopify", "Bling", "Tiny ERP", "Omie", "SAP Business One", "TOTVS Protheus", "WooCommerce", "VTEX",
                "Nuvemshop", "Conta Azul", "HubSpot", "Salesforce", "Magento", "Mercado Livre", "Zapier"]
ERRORS = ["HTTP 500 Internal Server Error", "502 Bad Gateway", "503 Service Unavailable", "erro 429 Too Many Requests",
          "timeout after 30000ms", "ECONNRESET", '{"error":"invalid_request","code":4012}', "401 Unauthorized",
          "422 Unprocessable Entity", "SSL handshake failed", "504 Gateway Timeout"]
CARRIERS = ["Correios", "Jadlog", "Loggi", "Total Express", "Azul Cargo", "Sequoia", "J&T Express"]
ITEMS_PT = ["maquininha Vendix Mini", "maquininha Vendix Pro", "impressora térmica", "maquininha Smart",
            "balança", "gaveta de dinheiro", "maquininha", "bobina de papel", "maquininha POS"]
ITEMS_EN = ["Vendix Mini card reader", "Vendix Pro terminal", "thermal printer", "Smart POS terminal",
            "cash drawer", "card reader", "barcode scanner", "receipt printer"]
PLANS_PT = ["Básico", "Pro", "Enterprise", "Essencial", "Plus"]
PLANS_EN = ["Basic", "Pro", "Enterprise", "Essentials", "Plus"]
FEATURES = ["Vendix Antecipa", "Link de Pagamento", "Conta Digital", "Catálogo Online", "Seguro Maquininha",
            "Relatórios Avançados", "Vendix Fidelidade"]
FEATURE_IDEAS_PT = [
    "exportar relatório direto para o Google Sheets", "cadastrar produtos com variação de cor e tamanho",
    "enviar cobrança pelo WhatsApp", "usar modo escuro no app", "parcelar boleto em 3x",
    "controlar comissão por vendedor", "aceitar vale-refeição na maquininha", "integrar com o iFood",
    "imprimir etiqueta de envio pelo sistema", "agendar relatórios por e-mail", "criar usuários com permissões diferentes",
    "ver o estoque de várias lojas numa tela só", "dar desconto progressivo automático", "emitir NFC-e pelo app",
    "ter um programa de pontos para os clientes", "filtrar vendas por forma de pagamento",
]
FEATURE_IDEAS_EN = [
    "export reports straight to Google Sheets", "add product variants with size and color",
    "send payment requests over WhatsApp", "use dark mode in the app", "split boletos into installments",
    "track commission per salesperson", "accept meal vouchers on the card reader", "connect to DoorDash",
    "print shipping labels from the system", "schedule reports by email", "create users with different permissions",
    "see inventory for all stores on one screen", "set automatic tiered discounts", "issue receipts from the app",
    "run a loyalty points program", "filter sales by payment method",
]
REPORTS_PT = ["vendas", "comissões", "estoque", "clientes", "recebíveis", "notas fiscais"]
REPORTS_EN = ["sales", "commissions", "inventory", "customers", "receivables", "invoices"]
SEGMENTS_PT = ["padaria", "loja de roupas", "farmácia", "pet shop", "lanchonete", "oficina mecânica", "papelaria",
               "barbearia", "sorveteria", "loja de celulares", "distribuidora de bebidas", "clínica veterinária"]
SEGMENTS_EN = ["bakery", "clothing store", "pharmacy", "pet shop", "diner", "auto repair shop", "stationery store",
               "barber shop", "ice cream shop", "phone store", "coffee shop", "vet clinic"]
WEEKDAYS_PT = ["segunda", "terça", "quarta", "quinta", "sexta", "sábado", "segunda-feira", "sexta-feira"]
WEEKDAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
MONTHS_PT = ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro",
             "novembro", "dezembro"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]
WHEN_PT = ["ontem", "hoje cedo", "semana passada", "desde segunda", "depois da última atualização", "no fim de semana",
           "há uns três dias", "anteontem", "hoje de manhã", "desde o começo do mês", "ontem à noite"]
WHEN_EN = ["yesterday", "this morning", "last week", "since Monday", "after the last update", "over the weekend",
           "about three days ago", "two days ago", "earlier today", "since the start of the month", "last night"]
BRANDS = ["Visa", "Mastercard", "Elo", "Amex", "Hipercard"]
DECLINE = ["51", "05", "57", "N7", "14", "54", "59", "63"]
ROLES_PT = ["Gerente", "Sócio-proprietário", "Financeiro", "Administrativo", "Diretor", "Assistente Administrativo",
            "Proprietária", "Compras"]
ROLES_EN = ["Owner", "Store Manager", "Finance", "Operations Manager", "Office Manager", "Co-founder", "Accountant"]


def amount(rng: random.Random, lang: str) -> str:
    value = rng.choice([49.9, 89.9, 99.0, 129.9, 149.0, 199.9, 249.0, 349.9, 599.0, 1290.0])
    if rng.random() < 0.4:
        value = round(rng.uniform(15, 2500), 2)
    if lang == "pt":
        whole, cents = f"{value:,.2f}".split(".")
        whole = whole.replace(",", ".")
        return rng.choice([f"R$ {whole},{cents}", f"R${whole},{cents}", f"{whole},{cents} reais"])
    return rng.choice([f"R$ {value:,.2f}", f"R${value:.2f}", f"BRL {value:,.2f}", f"${value:,.2f}"])


def date_text(rng: random.Random, lang: str, d: datetime) -> str:
    if lang == "pt":
        return rng.choice([f"{d.day}", f"{d.day:02d}/{d.month:02d}", f"{d.day}/{d.month}", f"{d.day:02d}/{d.month:02d}/{d.year}",
                           f"{d.day} de {MONTHS_PT[d.month - 1]}"])
    suffix = "th" if 10 <= d.day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(d.day % 10, "th")
    return rng.choice([f"{MONTHS_EN[d.month - 1]} {d.day}", f"{d.month}/{d.day}", f"the {d.day}{suffix}",
                       f"{MONTHS_EN[d.month - 1][:3]} {d.day}{suffix}", f"{d.day:02d}/{d.month:02d}"])


def time_text(rng: random.Random, lang: str) -> str:
    h, m = rng.randrange(7, 22), rng.choice([0, 5, 10, 15, 20, 30, 40, 45, 50])
    if lang == "pt":
        return rng.choice([f"{h}h{m:02d}" if m else f"{h}h", f"{h:02d}:{m:02d}"])
    return f"{h % 12 or 12}:{m:02d} {'am' if h < 12 else 'pm'}" if rng.random() < 0.7 else f"{h:02d}:{m:02d}"


def fill_slots(rng: random.Random, lang: str, created: datetime, customer) -> dict[str, str]:
    """All slot values for one ticket (same values reused inside the ticket)."""
    past = created - timedelta(days=rng.randrange(1, 21))
    pt = lang == "pt"
    plans = PLANS_PT if pt else PLANS_EN
    p1 = rng.randrange(len(plans))
    return {
        "amount": amount(rng, lang),
        "order": rng.choice(["#", "", "nº " if pt else "no. ", "PED-" if pt else "ORD-"]) + str(rng.randrange(10000, 999999)),
        "date": date_text(rng, lang, past),
        "month": (MONTHS_PT if pt else MONTHS_EN)[(created.month - 2) % 12],
        "days": str(rng.choice([2, 3, 4, 5, 6, 7, 8, 10, 12, 15, 20])),
        "n": str(rng.choice([2, 3, 3, 4, 5, 6, 8, 10, 12])),
        "bank": rng.choice(BANKS),
        "device": rng.choice(DEVICES),
        "version": f"{rng.choice([4, 4, 5])}.{rng.randrange(0, 20)}.{rng.randrange(0, 10)}",
        "integration": rng.choice(INTEGRATIONS),
        "error": rng.choice(ERRORS),
        "carrier": rng.choice(CARRIERS),
        "city": rng.choice(CITIES),
        "weekday": rng.choice(WEEKDAYS_PT if pt else WEEKDAYS_EN),
        "time": time_text(rng, lang),
        "item": rng.choice(ITEMS_PT if pt else ITEMS_EN),
        "plan": plans[p1],
        "plan2": plans[(p1 + 1 + rng.randrange(len(plans) - 1)) % len(plans)],
        "feature": rng.choice(FEATURES),
        "feature_idea": rng.choice(FEATURE_IDEAS_PT if pt else FEATURE_IDEAS_EN),
        "report": rng.choice(REPORTS_PT if pt else REPORTS_EN),
        "protocol": rng.choice(["#", "VDX-", "", "PRT"]) + str(rng.randrange(1000000, 9999999)),
        "serial": "SN" + "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(8)),
        "decline_code": rng.choice(DECLINE),
        "street": rng.choice(STREETS_PT),
        "street_en": rng.choice(STREETS_EN),
        "num": str(rng.randrange(12, 3200)),
        "last4": f"{rng.randrange(10000):04d}",
        "brand": rng.choice(BRANDS),
        "years": str(rng.randrange(2, 9)),
        "year": str(rng.randrange(2018, 2025)),
        "segment": rng.choice(SEGMENTS_PT),
        "segment_en": rng.choice(SEGMENTS_EN),
        "company": customer.company,
        "first": customer.first,
        "when": rng.choice(WHEN_PT if pt else WHEN_EN),
    }


class SlotDict(dict):
    def __missing__(self, key: str) -> str:  # pragma: no cover - pools only use known slots
        raise KeyError(f"unknown slot {{{key}}}")
