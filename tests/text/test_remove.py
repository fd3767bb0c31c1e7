"""Table-driven tests for the noise-removal steps (PT and EN)."""

from __future__ import annotations

import pytest

from vocmine.text import remove

HTML = [
    ("<p>Olá&nbsp;time,</p><p>Meu <b>pedido</b> &amp; a nota</p>", "Olá time,\n\nMeu pedido & a nota\n"),
    ("<div>linha 1<br>linha 2<br/>linha 3</div>", "linha 1\nlinha 2\nlinha 3\n"),
    ("<ul><li>um</li><li>dois</li></ul>", "\n- um\n- dois\n"),
    ("<table><tr><td>Plano</td><td>Pro</td></tr></table>", "Plano \tPro \t\n\n"),
    ("<html><head><title>t</title><style>p{color:red}</style></head><body>texto<script>alert(1)</script></body></html>",
     "texto"),
    ("Tom &amp; Jerry &lt;3", "Tom & Jerry <3"),
    ("preço < 100 e > 50, sem tags", "preço < 100 e > 50, sem tags"),
    ("Fulano <fulano@x.com> escreveu", "Fulano <fulano@x.com> escreveu"),
    ("<div>resposta</div><blockquote>antiga<br>mensagem</blockquote>", "resposta\n\n> antiga\n> mensagem\n"),
]

QUOTED = [
    # Gmail PT
    ("Ainda não recebi o reembolso.\n\nEm seg., 3 de jun. de 2024 às 10:02, Suporte <suporte@loja.com> escreveu:\n"
     "> Olá, seu reembolso foi aprovado.\n", "Ainda não recebi o reembolso."),
    # Gmail EN, header wrapped over two lines
    ("Still broken after the update.\n\nOn Mon, Jun 3, 2024 at 10:02 AM Support Team <\nsupport@app.io> wrote:\n"
     "> Please update the app.", "Still broken after the update."),
    # Outlook PT
    ("Segue o comprovante.\n\n-----Mensagem original-----\nDe: Suporte\nEnviada em: segunda-feira\nPara: Maria\n"
     "Assunto: RE: boleto", "Segue o comprovante."),
    ("Attached is the invoice.\n\n-----Original Message-----\nFrom: Support\nSent: Monday\nTo: John\n",
     "Attached is the invoice."),
    # Outlook header block without separator
    ("Pode cancelar, por favor.\n\nDe: Suporte Loja <suporte@loja.com>\nEnviado: terça-feira, 4 de junho de 2024 09:10\n"
     "Para: Ana\nAssunto: Cancelamento", "Pode cancelar, por favor."),
    ("Yes, cancel it.\n________________________________\nFrom: Support <s@x.com>\nSent: Tuesday, June 4, 2024\n"
     "To: Ann", "Yes, cancel it."),
    ("Concordo.\n> texto citado\n> mais citado\nObrigado", "Concordo.\nObrigado"),
    ("Resending the email below.\n\n---------- Forwarded message ---------\nFrom: Jacob <j@x.com>\n"
     "Date: Tue, Aug 4, 2026 at 4:02 PM\nSubject: Address\nTo: support@x.com\n\nI want to change the address.",
     "Resending the email below.\n\nI want to change the address."),
    ("---------- Mensagem encaminhada ---------\nDe: Ana <a@x.com>\nData: 3 de jun.\nAssunto: Boleto\n\nO boleto não chegou.",
     "O boleto não chegou."),
    # no header: unchanged; "Em" at line start without a date is the customer's sentence
    ("Em resumo, ele escreveu: o app travou.", "Em resumo, ele escreveu: o app travou."),
    ("On my phone it wrote: error 500", "On my phone it wrote: error 500"),
    # header at the very top: nothing before it, keep the text
    ("On Mon, Jun 3, 2024 at 10:02 AM X wrote:\n> a", "On Mon, Jun 3, 2024 at 10:02 AM X wrote:\n> a"),
]

SIGNATURES = [
    ("Meu boleto não chegou.\n\nAtt,\nMaria Souza\n(11) 98765-4321\nRua das Flores, 123", "Meu boleto não chegou."),
    ("Preciso da segunda via.\nAtenciosamente,\nJoão", "Preciso da segunda via."),
    ("Não consigo logar\n\nEnviado do meu iPhone", "Não consigo logar"),
    ("Can't log in since yesterday.\n\nSent from my iPhone", "Can't log in since yesterday."),
    ("The export fails.\n\nBest regards,\nJohn Smith\nACME Corp | +1 555 123 4567", "The export fails."),
    ("Fixed, thanks!\n\nCheers\nAnn", "Fixed, thanks!"),
    ("Quero cancelar.\nAbs", "Quero cancelar."),
    ("Obrigado, João", "Obrigado, João"),  # sign-off only: kept
    ("Thanks for the quick reply, but the app still crashes.", "Thanks for the quick reply, but the app still crashes."),
    ("Preciso de uma previsão real de entrega. Att.", "Preciso de uma previsão real de entrega."),
    ("Como redefino a senha?\n\nAtenciosamente,😢", "Como redefino a senha?"),
    ("The order hasn't shipped. Cheers,\n\nJoseph\nOps Manager | Summit\nPhone: 555-123-4567",
     "The order hasn't shipped."),
    ("Can you fix the charge?\n\n__\nJames Thomas\nSummit Kitchen\nM: 555-123-4567", "Can you fix the charge?"),
    ("A nota não foi emitida. Att, Débora 😕", "A nota não foi emitida."),
    ("Send me a boleto.\n\nZoe\nUrban Foods Ltd\nM: 555-123-4567\nE: z@u.com\n\nOrder no. 482108\n\nAmount $89.90",
     "Send me a boleto.\n\nOrder no. 482108\n\nAmount $89.90"),
    ("Suite 1381. Cheers,\n\nJoseph\nOps | Summit\nPhone: 555-123-4567\nj@s.com\nwww.s.com\n1 Main St\nAustin",
     "Suite 1381."),
    ("contact email: a@b.com Best regards, 🙏🙏", "contact email: a@b.com"),
    ("It is the best. Best wishes to the team, the new release is great.",
     "It is the best. Best wishes to the team, the new release is great."),
    ("Paid but invoice still open.\n\nJames\nCedar Labs\n(11) 98765-4321\njames@cedar.io", "Paid but invoice still open."),
    ("Meu pedido 12345 atrasou.\n\nPedido 98765\nNota 123456789", "Meu pedido 12345 atrasou.\n\nPedido 98765\nNota 123456789"),
    ("Obrigado.\n\nMaria\nTem previsão? 11 98765-4321", "Obrigado.\n\nMaria\nTem previsão? 11 98765-4321"),
    # a sign-off followed by a long body is not a signature block: only the sign-off line goes
    ("Oi.\nObrigado\n" + "\n".join(f"linha {i} do problema" for i in range(10)),
     "Oi.\n" + "\n".join(f"linha {i} do problema" for i in range(10))),
]

GREETINGS = [
    ("Olá, meu boleto não chegou", "meu boleto não chegou"),
    ("Oi pessoal!\nO app trava no login", "O app trava no login"),
    ("Bom dia, tudo bem?\nPreciso de ajuda com a fatura", "Preciso de ajuda com a fatura"),
    ("Prezados,\n\nSolicito o cancelamento.", "Solicito o cancelamento."),
    ("Prezado Sr. João Silva,\nSegue anexo.", "Segue anexo."),
    ("Hi team,\nThe export is broken.", "The export is broken."),
    ("Dear Support Team,\nI was charged twice.", "I was charged twice."),
    ("Hi John, the app crashes", "the app crashes"),
    ("Hello! I hope this email finds you well. My card was declined.", "My card was declined."),
    ("Hi there cannot login, please help", "there cannot login, please help"),
    ("Oi", "Oi"),  # greeting-only ticket: kept
    ("Boleto atrasado\n\nOlá, bom dia!\n\nO boleto venceu.", "Boleto atrasado\n\n\n\nO boleto venceu."),
    ("Olá equipe\nMeu pedido atrasou", "equipe\nMeu pedido atrasou"),
    ("Opa, boa tarde\nO PIX não saiu", "O PIX não saiu"),
    ("Bom diaa\nSem acesso", "Sem acesso"),
]

DISCLAIMERS = [
    ("Favor verificar.\n\nEsta mensagem pode conter informação confidencial e/ou privilegiada. Se você não for o "
     "destinatário, apague-a.", "Favor verificar."),
    ("Please check.\n\nThis e-mail and any attachments are confidential and intended solely for the addressee.\n"
     "If you are not the intended recipient, delete it.", "Please check."),
    ("Ok.\n\nAntes de imprimir, pense no meio ambiente.", "Ok."),
    ("A mensagem de erro diz: conta bloqueada.", "A mensagem de erro diz: conta bloqueada."),
]

BOILERPLATE = [
    ("Ainda aguardo.\n##- Digite sua resposta acima desta linha -##\nSua solicitação (#1234) foi atualizada.",
     "Ainda aguardo."),
    ("It still fails.\n##- Please type your reply above this line -##\nYour request (#55) has been updated.",
     "It still fails."),
    ("Este é um e-mail automático, por favor não responda.\nSeu pedido saiu para entrega.",
     "Seu pedido saiu para entrega."),
    ("This is an automated message.\nYour refund was issued.", "Your refund was issued."),
    ("Não responda este e-mail", "Não responda este e-mail"),  # only template: kept
    ("Conta bloqueada\n[cid:image001.png@01DA9D23.9D23E23B]\nFone: 1", "Conta bloqueada\n\nFone: 1"),
]

AUTO_REPLIES = [
    ("Resposta automática: estou fora do escritório até 10/06.\nO pedido 123 não chegou.", "O pedido 123 não chegou."),
    ("I am out of the office until Monday.\nFor urgent matters call the desk.\nRefund please.", "Refund please."),
    ("Estou de férias até segunda.", "Estou de férias até segunda."),  # only the auto-reply: kept
]

CHAT = [
    ("Chat com Ana\n\n[10:02] Vendix Bot: Olá! Sou a assistente virtual. Como posso ajudar?\n"
     "[10:03] Ana Souza: meu boleto não chegou\n[10:03] Ana Souza: já olhei o spam\n"
     "[10:04] Vendix Bot: Transferindo para um atendente humano...", "Chat com Ana\n\nmeu boleto não chegou\njá olhei o spam"),
    ("[9:15 AM] Support Agent: Hi! How can I help?\n[9:16 AM] John: the export is stuck", "the export is stuck"),
    ("Reunião às 10:30: ok", "Reunião às 10:30: ok"),  # one time-stamped line is not a transcript
    ("[10:02] Bot: Olá\n[10:03] Bot: Ainda está aí?", "[10:02] Bot: Olá\n[10:03] Bot: Ainda está aí?"),  # bot only: kept
]

FORMS = [
    ("Aplicativo travando\n\nNome: Gustavo Lima\nE-mail: g@x.com\nTelefone: (11) 98765-4321\nCPF/CNPJ: 1\n"
     "Empresa: Distribuidora Central\nMensagem:\n\nO app trava quando abro o relatório.",
     "Aplicativo travando\n\nO app trava quando abro o relatório."),
    ("Name: Linda Scott\nE-mail: l@x.com\nPhone: 555-123-4567\nMessage: I forgot my password.",
     "I forgot my password."),
    ("Assunto: boleto\nO boleto venceu.", "Assunto: boleto\nO boleto venceu."),  # one label is not a form
    ("Nome: Ana\nE-mail: a@b.com\nTelefone: 1", "Nome: Ana\nE-mail: a@b.com\nTelefone: 1"),  # fields only: kept
]

MASKS = [
    # US consumer-complaint export: personal data masked with X
    ("On XX/XX/2019 I called XXXX and paid {$XXXX.XX}", "On I called and paid {$ }"),
    ("xxxx xxxx bank charged me xx/xx/xxxx", "bank charged me"),
    ("I have to edit order XXXXcan you help?", "I have to edit order can you help?"),
    ("My card ****1234 was charged, account 1234****", "My card was charged, account"),
    ("Senha *** trocada", "Senha trocada"),
    # Brazilian complaint site edits and help-desk templates never filled in
    ("Comprei no dia 10 [Editado pelo Reclame Aqui] e nada chegou", "Comprei no dia 10 e nada chegou"),
    ("Meu nome é [conteúdo removido] e quero o estorno", "Meu nome é e quero o estorno"),
    ("Where is my order {{Order Number}}?", "Where is my order ?"),
    ("[edited by moderator] The app crashes", "The app crashes"),
    # one letter repeated as a word
    ("kkkkkk o app travou de novo", "o app travou de novo"),
    ("aaaa zzz help", "help"),
    # kept: words that look alike, markdown bold, redaction placeholders, stretched words
    ("XXL shirt, XXXL, Xbox, xerox, taxa de R$ 10", "XXL shirt, XXXL, Xbox, xerox, taxa de R$ 10"),
    ("isso é **urgente** [EMAIL] [CPF]", "isso é **urgente** [EMAIL] [CPF]"),
    ("muitooo lento, see [1] and [link]", "muitooo lento, see [1] and [link]"),
    ("XXXX XXXX", ""),
]


@pytest.mark.parametrize(("step", "table"), [
    (remove.html, HTML), (remove.quoted_replies, QUOTED), (remove.signatures, SIGNATURES),
    (remove.greetings, GREETINGS), (remove.disclaimers, DISCLAIMERS), (remove.boilerplate, BOILERPLATE),
    (remove.auto_replies, AUTO_REPLIES), (remove.chat_transcripts, CHAT), (remove.form_fields, FORMS),
    (remove.masks, MASKS),
], ids=lambda v: getattr(v, "__name__", ""))
def test_remove_tables(step, table):
    wrong = [(text_in, step(text_in), text_out) for text_in, text_out in table if step(text_in) != text_out]
    assert not wrong, "\n".join(f"{i!r} -> {got!r}, expected {exp!r}" for i, got, exp in wrong)


@pytest.mark.parametrize("step", [remove.html, remove.quoted_replies, remove.signatures, remove.greetings,
                                  remove.disclaimers, remove.boilerplate, remove.auto_replies,
                                  remove.chat_transcripts, remove.form_fields, remove.masks])
def test_empty_and_plain(step):
    assert step("") == ""
    plain = "O app fecha sozinho quando abro a fatura de junho."
    assert step(plain) == plain


def test_mask_token_matches_what_masks_removes():
    for token in ("xxxx", "XX/XX/2019", "***", "****1234", "kkkk", "{{name}}"):
        assert remove.MASK_TOKEN.match(token), token
        assert remove.masks(f"a {token} b") == "a b", token
    for word in ("xbox", "xerox", "tax", "www2", "ok"):
        assert not remove.MASK_TOKEN.match(word), word
