"""Brazilian Portuguese phrase pools per contact reason.

Each reason has independent pools: ``subjects``, ``problems`` (the problem statement, with the
reason's own vocabulary), ``details`` (what the customer tried / context), ``asks`` and ``short``
(one-liners as typed in chat or WhatsApp). ``{slots}`` are filled per ticket by the generator
(see ``generator.SLOT_FILLERS``).
"""

from __future__ import annotations

REASONS_PT: dict[str, dict[str, list[str]]] = {
    "payment_boleto_pix": {
        "subjects": [
            "Boleto não gera", "Problema com pagamento via PIX", "Erro ao pagar boleto", "PIX não compensou",
            "Pagamento não identificado", "boleto com código de barras inválido", "QR code do PIX não funciona",
            "Paguei e consta em aberto", "Falha no pagamento", "boleto vencido não atualiza",
            "Pagamento PIX pendente", "Comprovante de pagamento - fatura em aberto",
        ],
        "problems": [
            "Estou tentando pagar a mensalidade pelo boleto e o banco diz que o código de barras é inválido.",
            "Fiz um PIX de {amount} no dia {date} e até agora o sistema mostra a fatura como em aberto.",
            "O boleto gerado no painel vem com a data de vencimento errada e o {bank} não aceita.",
            "Quando clico em gerar boleto aparece uma tela branca e nada acontece.",
            "O QR code do PIX expira antes de eu conseguir pagar, já tentei {n} vezes.",
            "Paguei o boleto pelo app do {bank} e o pagamento não foi identificado, minha conta foi bloqueada por inadimplência.",
            "A chave PIX que aparece na fatura não é reconhecida pelo {bank}, dá erro de chave não encontrada.",
            "Meu pagamento por PIX foi debitado da conta mas a fatura {order} continua pendente.",
            "O boleto da segunda via não abre, o PDF vem corrompido.",
            "Tentei pagar com PIX copia e cola e o {bank} retorna 'cobrança inválida'.",
            "O pagamento do boleto foi feito dentro do vencimento mas o sistema cobrou multa e juros.",
            "Não consigo gerar o boleto atualizado, o botão de segunda via está desabilitado.",
            "O PIX caiu no banco mas vocês não deram baixa e já estou recebendo e-mail de cobrança.",
            "Os clientes da minha loja não estão conseguindo pagar por PIX, o QR code aparece em branco no checkout.",
            "O boleto emitido para o meu cliente está saindo sem a linha digitável.",
            "A compensação do boleto já passou de {days} dias úteis e nada de liberar o acesso.",
        ],
        "details": [
            "Já enviei o comprovante duas vezes pelo chat.", "O valor saiu da minha conta no mesmo dia.",
            "Tentei pelo celular e pelo computador, mesmo erro.", "A linha digitável começa com 34191 como sempre.",
            "O erro aparece logo depois de escanear o QR code.", "No extrato do {bank} aparece como pago às {time}.",
            "O vencimento era dia {date}.", "Isso começou depois da última atualização do painel.",
            "Meu contador também tentou e não conseguiu.", "Estou com o comprovante em PDF aqui.",
            "O banco disse que o problema é do emissor do boleto, ou seja, vocês.",
            "Com isso o sistema bloqueou a emissão de vendas.",
        ],
        "asks": [
            "Podem dar baixa manual no pagamento?", "Preciso que liberem meu acesso hoje.",
            "Me enviem um boleto novo que funcione, por favor.", "Como faço para regularizar?",
            "Podem confirmar o recebimento do PIX?", "Favor verificar e retirar a multa indevida.",
        ],
        "short": [
            "boleto nao gera", "pix nao caiu ainda", "paguei o boleto e ta em aberto", "qr code pix com erro",
            "codigo de barras invalido", "pix pago e fatura pendente", "nao consigo pagar o boleto",
            "pagamento nao identificado",
        ],
    },
    "login_2fa": {
        "subjects": [
            "Não consigo acessar minha conta", "Código de verificação não chega", "Problema com autenticação em dois fatores",
            "Login bloqueado", "Erro ao entrar no sistema", "SMS de verificação não chega",
            "Perdi o celular com o autenticador", "Acesso negado", "Token 2FA inválido", "conta bloqueada",
        ],
        "problems": [
            "Não consigo entrar na minha conta, o código de verificação por SMS nunca chega.",
            "Troquei de celular e perdi o app autenticador, agora não consigo passar da tela do código de 6 dígitos.",
            "O sistema diz que o código 2FA é inválido, mas acabei de gerar no Google Authenticator.",
            "Minha conta foi bloqueada depois de {n} tentativas de login.",
            "Quando digito e-mail e senha a página fica carregando e volta para o login.",
            "O código de verificação chega no e-mail só depois que já expirou.",
            "Aparece a mensagem 'sessão expirada' toda vez que tento acessar o painel.",
            "A autenticação em dois fatores foi ativada sozinha e o número cadastrado é antigo.",
            "Meu funcionário não consegue logar, diz que o usuário não tem permissão.",
            "O login com Google parou de funcionar, dá erro de redirecionamento.",
            "O app pede o código de dois fatores em loop, digito e ele pede de novo.",
            "Recebo 'acesso negado' mesmo com a senha certa, já confirmei várias vezes.",
        ],
        "details": [
            "O número de celular cadastrado é o mesmo de sempre.", "Já verifiquei a caixa de spam.",
            "O horário do celular está no automático.", "Tentei no {device} e no computador.",
            "Isso começou {when}.", "Estou sem acesso desde {date}.",
            "Preciso entrar para emitir as vendas do dia.", "A operadora diz que não há bloqueio de SMS.",
            "Já desinstalei e instalei o app de novo.", "Limpei cache e cookies do navegador.",
        ],
        "asks": [
            "Podem desativar o 2FA temporariamente?", "Como recupero o acesso?",
            "Preciso que desbloqueiem minha conta com urgência.", "Podem trocar o número cadastrado?",
            "Me ajudem a entrar, por favor.",
        ],
        "short": [
            "nao consigo logar", "codigo sms nao chega", "2fa invalido", "conta bloqueada",
            "nao chega o codigo de verificacao", "perdi o autenticador", "login nao funciona",
        ],
    },
    "invoice_nf_error": {
        "subjects": [
            "Nota fiscal com erro", "NF-e emitida com dados errados", "Erro na nota fiscal", "Nota fiscal não emitida",
            "CNPJ errado na nota", "NFS-e rejeitada", "Preciso corrigir a nota fiscal", "nota fiscal com valor errado",
            "Não recebi a nota fiscal", "Carta de correção NF",
        ],
        "problems": [
            "A nota fiscal da mensalidade de {month} saiu com o CNPJ errado.",
            "A NF-e veio com a razão social antiga da empresa, já atualizei o cadastro há meses.",
            "A nota fiscal foi emitida com valor de {amount} mas eu paguei outro valor.",
            "Não recebi a nota fiscal das últimas {n} faturas.",
            "A NFS-e foi rejeitada pela prefeitura com erro de código de serviço.",
            "O XML da nota não bate com o PDF, os impostos estão diferentes.",
            "A nota fiscal saiu com endereço de outra cidade, {city}, e meu contador não aceita.",
            "Emitiram a nota no CPF quando deveria ser no CNPJ da empresa.",
            "As notas fiscais geradas pelo sistema para os meus clientes estão saindo sem o CFOP.",
            "A inscrição estadual na nota está em branco e a SEFAZ rejeitou.",
            "A nota veio duplicada, duas notas para a mesma cobrança.",
            "A descrição do serviço na nota está errada, aparece como produto.",
        ],
        "details": [
            "Meu contador precisa disso para fechar o mês.", "O cadastro no painel está correto.",
            "Já pedi a correção no mês passado e não fizeram.", "Sem a nota não consigo lançar a despesa.",
            "O fechamento contábil é dia {date}.", "Segue em anexo a nota com o erro.",
            "A retenção de ISS também saiu errada.", "Isso acontece desde {month}.",
        ],
        "asks": [
            "Podem cancelar e emitir uma nova nota?", "Preciso da nota corrigida até {date}.",
            "Me enviem a carta de correção, por favor.", "Quando vou receber a nota correta?",
            "Favor reemitir a nota com os dados certos.",
        ],
        "short": [
            "nota fiscal com cnpj errado", "nf nao chegou", "preciso da nota fiscal corrigida",
            "nota saiu com valor errado", "nfe rejeitada", "cade minha nota fiscal",
        ],
    },
    "delivery_delay": {
        "subjects": [
            "Pedido atrasado", "Entrega atrasada", "Onde está meu pedido?", "Maquininha não chegou",
            "Prazo de entrega vencido", "Rastreio parado", "Pedido {order} não entregue", "Atraso na entrega",
            "Ainda aguardando entrega", "Objeto parado nos {carrier}",
        ],
        "problems": [
            "Comprei a {item} no dia {date} com prazo de {days} dias úteis e até agora não chegou.",
            "O rastreio do pedido {order} está parado há {days} dias em {city}.",
            "A entrega estava prevista para {weekday} e ninguém apareceu.",
            "Meu pedido consta como entregue mas eu não recebi nada.",
            "O código de rastreio que vocês mandaram não existe no site dos {carrier}.",
            "Já passou mais de um mês e a {item} ainda não foi enviada.",
            "A transportadora {carrier} diz que o endereço não foi encontrado, mas o endereço está certo.",
            "O pedido {order} foi devolvido ao remetente sem nenhuma tentativa de entrega.",
            "O prazo de entrega mudou três vezes e a {item} não chega.",
            "Preciso da {item} para abrir a loja e o pedido está 'em separação' desde {date}.",
            "O status está 'aguardando retirada' mas não existe agência perto de mim.",
        ],
        "details": [
            "Estou sem conseguir vender no cartão por causa disso.", "Já liguei na transportadora e não resolveram.",
            "Paguei frete expresso.", "O número do pedido é {order}.", "Moro em {city}.",
            "O último movimento foi 'objeto em trânsito'.", "Já são {days} dias de atraso.",
            "Fiquei em casa o dia inteiro esperando.",
        ],
        "asks": [
            "Quando vai chegar?", "Quero uma previsão real de entrega.",
            "Se não chegar até {weekday} quero cancelar.", "Podem reenviar o pedido?",
            "Me passem um rastreio que funcione.",
        ],
        "short": [
            "pedido nao chegou", "cade minha maquininha", "entrega atrasada", "rastreio parado",
            "consta entregue mas nao recebi", "pedido atrasado ha dias",
        ],
    },
    "refund_request": {
        "subjects": [
            "Solicitação de reembolso", "Reembolso não recebido", "Quero meu dinheiro de volta", "Estorno pendente",
            "Devolução do valor", "Pedido de reembolso", "Reembolso da mensalidade", "estorno nao caiu",
        ],
        "problems": [
            "Solicitei o reembolso de {amount} no dia {date} e até agora não recebi.",
            "Devolvi a {item} dentro do prazo de 7 dias e o estorno ainda não foi feito.",
            "Fui cobrado pela mensalidade depois de pedir o cancelamento e quero o reembolso.",
            "O estorno no cartão foi prometido em {days} dias e já passou.",
            "Quero o reembolso proporcional dos dias que o sistema ficou fora do ar.",
            "O reembolso foi aprovado mas o valor que voltou é menor que o pago.",
            "Pedi a devolução do valor por PIX e vocês disseram que só podem fazer no cartão.",
            "Comprei o plano anual por engano e quero o dinheiro de volta.",
            "O atendente confirmou o reembolso no protocolo {protocol} mas nada caiu.",
            "Cancelei o pedido {order} antes do envio e o valor não foi devolvido.",
        ],
        "details": [
            "A fatura do cartão já fechou com a cobrança.", "Meus dados bancários estão no cadastro.",
            "O valor pago foi {amount}.", "Já mandei o comprovante de devolução.",
            "O prazo do CDC é claro sobre isso.", "O banco diz que não recebeu nenhum estorno.",
            "Isso já tem {days} dias.",
        ],
        "asks": [
            "Quando o valor vai cair?", "Quero o comprovante do estorno.", "Favor devolver o valor integral.",
            "Preciso do reembolso ainda esta semana.", "Vou abrir reclamação no Procon se não resolverem.",
        ],
        "short": [
            "quero reembolso", "estorno nao caiu", "cade meu reembolso", "devolvam meu dinheiro",
            "reembolso pendente",
        ],
    },
    "cancellation": {
        "subjects": [
            "Cancelamento", "Quero cancelar minha assinatura", "Cancelar plano", "Solicitação de cancelamento",
            "Cancelar conta", "Como cancelo?", "Encerrar contrato", "cancelamento do servico",
        ],
        "problems": [
            "Quero cancelar minha assinatura do plano {plan}.",
            "Não encontro a opção de cancelar no painel, só aparece para mudar de plano.",
            "Pedi o cancelamento mês passado e continuo sendo cobrado.",
            "Vou fechar a loja e preciso encerrar o contrato.",
            "Gostaria de cancelar o serviço adicional de {feature} que foi ativado sem eu pedir.",
            "Quero cancelar a renovação automática do plano anual.",
            "Estou tentando cancelar pelo chat há dias e sempre tentam me oferecer desconto.",
            "Favor cancelar a conta da filial de {city}, vamos manter só a matriz.",
            "O botão de cancelar assinatura dá erro 500.",
            "Me informaram que tem multa de cancelamento, mas isso não está no contrato.",
        ],
        "details": [
            "Não quero oferta de desconto.", "Já exportei o que precisava.", "Meu contrato termina em {month}.",
            "Não uso mais o sistema desde {month}.", "O valor ficou caro para o meu negócio.",
            "Encontrei outra solução mais barata.", "Quero confirmação por escrito.",
        ],
        "asks": [
            "Confirmem o cancelamento por e-mail.", "Qual o procedimento para cancelar?",
            "Parem de cobrar a partir de hoje.", "Preciso do protocolo de cancelamento.",
            "Cancelem sem multa, por favor.",
        ],
        "short": [
            "quero cancelar", "cancelar assinatura", "como cancelo o plano", "cancela minha conta por favor",
            "quero encerrar o contrato",
        ],
    },
    "integration_api": {
        "subjects": [
            "Erro na integração", "API retornando erro 500", "Integração com {integration} parou", "Webhook não dispara",
            "Token de API inválido", "Pedidos não sincronizam", "Falha de sincronização", "Erro 401 na API",
            "Timeout na API", "integração fora do ar",
        ],
        "problems": [
            "A integração com o {integration} parou de sincronizar os pedidos desde {date}.",
            "A API está retornando {error} no endpoint de pedidos.",
            "Os webhooks de pagamento confirmado não estão chegando no nosso servidor.",
            "Geramos um novo token de API e todas as chamadas retornam 401 Unauthorized.",
            "O estoque não atualiza no {integration}, as vendas ficam duplicadas.",
            "A sincronização de produtos com o {integration} falha com 'rate limit exceeded'.",
            "Depois da mudança na versão da API o campo de CPF/CNPJ do cliente veio nulo.",
            "As chamadas para a API de cobranças estão demorando mais de 30 segundos e dando timeout.",
            "O ERP {integration} recebe os pedidos em duplicidade.",
            "A documentação da API diz uma coisa e o endpoint retorna outra, o campo 'status' mudou de formato.",
            "O plugin oficial do {integration} mostra 'erro de autenticação' mesmo com as credenciais certas.",
        ],
        "details": [
            "Nosso time de TI já revisou tudo do nosso lado.", "O log mostra {error}.",
            "Temos {n} pedidos parados por causa disso.", "Nada mudou na nossa configuração.",
            "Testamos no ambiente sandbox e funciona, só produção falha.", "O problema começou às {time}.",
            "Seguem os request ids no anexo.", "Isso está afetando o faturamento.",
        ],
        "asks": [
            "Precisamos de um técnico N2 urgente.", "Existe alguma instabilidade conhecida?",
            "Podem verificar os logs do lado de vocês?", "Qual o prazo para correção?",
            "Se não resolverem vamos ter que avaliar outra plataforma.",
        ],
        "short": [
            "api dando erro 500", "integracao parou", "webhook nao chega", "token api invalido",
            "pedidos nao sincronizam com o erp",
        ],
    },
    "slow_app": {
        "subjects": [
            "Sistema muito lento", "Lentidão no painel", "App lento", "Demora para carregar", "Painel travando",
            "Relatórios demoram demais", "Lentidão", "sistema lento hoje",
        ],
        "problems": [
            "O painel está extremamente lento, cada página demora mais de um minuto para carregar.",
            "O app está muito lento para registrar uma venda, leva {n} segundos.",
            "Desde {date} o sistema fica carregando e não abre a lista de pedidos.",
            "A tela de vendas congela por alguns segundos sempre que busco um produto.",
            "O relatório de vendas do mês não termina de carregar.",
            "No horário de pico, por volta das {time}, o sistema fica inutilizável de tão lento.",
            "O app demora uma eternidade para abrir no {device}.",
            "Tudo fica lento, a sincronização de produtos leva horas.",
            "O caixa trava toda hora, a fila de clientes só aumenta.",
        ],
        "details": [
            "Minha internet está ótima, testei a velocidade.", "Acontece em todos os computadores da loja.",
            "Já limpei o cache.", "Tenho {n} produtos cadastrados.", "Piorou depois da última atualização.",
            "Outros sites abrem normalmente.", "Meus clientes reclamam da demora no caixa.",
        ],
        "asks": [
            "Vocês estão com algum problema no servidor?", "Tem previsão de melhoria?",
            "O que posso fazer para deixar mais rápido?", "Preciso que isso seja resolvido hoje.",
        ],
        "short": [
            "sistema lento", "app muito lento", "painel nao carrega", "ta tudo travando", "lentidao absurda",
        ],
    },
    "feature_request": {
        "subjects": [
            "Sugestão de melhoria", "Sugestão", "Seria possível...?", "Nova funcionalidade", "Ideia para o app",
            "Pedido de funcionalidade", "Melhoria no relatório",
        ],
        "problems": [
            "Seria ótimo se o sistema permitisse {feature_idea}.",
            "Gostaria de sugerir uma funcionalidade: {feature_idea}.",
            "Sinto falta de poder {feature_idea}, os concorrentes já têm.",
            "Vocês têm previsão de permitir {feature_idea}?",
            "Uma melhoria que ajudaria muito a minha operação: poder {feature_idea}.",
            "Meus funcionários pedem muito para {feature_idea}.",
            "Não é um problema, é uma sugestão: deixar a gente {feature_idea}.",
        ],
        "details": [
            "Uso o sistema todos os dias e isso economizaria muito tempo.", "Hoje faço isso manualmente numa planilha.",
            "Pagaria a mais por isso.", "Outros lojistas do meu grupo pedem a mesma coisa.",
            "Seria útil também no app.",
        ],
        "asks": [
            "Fica a sugestão.", "Podem considerar no roadmap?", "Existe alguma previsão?", "Obrigado por ouvir.",
        ],
        "short": [
            "sugestao: {feature_idea}", "tem como {feature_idea}?", "podiam deixar {feature_idea}",
        ],
    },
    "card_declined": {
        "subjects": [
            "Cartão recusado", "Pagamento com cartão negado", "Transação não autorizada", "Erro no cartão de crédito",
            "Não consigo pagar com cartão", "Cartão recusado na renovação",
        ],
        "problems": [
            "Meu cartão {brand} final {last4} está sendo recusado na renovação da assinatura.",
            "Tento pagar a fatura com cartão de crédito e aparece 'transação não autorizada'.",
            "O cartão tem limite e o banco diz que nem chegou tentativa de cobrança.",
            "Troquei o cartão cadastrado e a cobrança continua sendo recusada.",
            "Na maquininha, os cartões dos meus clientes estão sendo recusados com código 51.",
            "O pagamento com cartão dá 'erro ao processar' e o meu plano foi suspenso.",
            "Cadastrei um cartão novo e o sistema diz 'cartão inválido'.",
            "O cartão de débito não aparece como opção e o de crédito é recusado.",
        ],
        "details": [
            "O banco confirmou que o cartão está desbloqueado.", "Já tentei com {n} cartões diferentes.",
            "Compro em outros sites com o mesmo cartão normalmente.", "O valor é {amount}.",
            "Aparece o código de erro {decline_code}.",
        ],
        "asks": [
            "Podem tentar cobrar de novo?", "Existe outra forma de pagamento?", "Não suspendam minha conta, por favor.",
            "Por que está sendo recusado?",
        ],
        "short": [
            "cartao recusado", "transacao nao autorizada", "nao aceita meu cartao", "cartao negado na renovacao",
        ],
    },
    "address_change": {
        "subjects": [
            "Alteração de endereço", "Mudança de endereço", "Atualizar endereço de entrega", "Trocar endereço de cobrança",
            "Endereço errado no cadastro", "Mudei de endereço",
        ],
        "problems": [
            "Preciso alterar o endereço de entrega do pedido {order}, mudei de endereço.",
            "Mudamos a loja para {city} e preciso atualizar o endereço de cobrança.",
            "O painel não deixa editar o endereço, o campo fica cinza.",
            "O endereço no cadastro está com o número errado e a transportadora não acha.",
            "Quero trocar o endereço de entrega antes do envio da {item}.",
            "Ao salvar o novo endereço aparece 'CEP inválido', mas o CEP está certo.",
            "Meu endereço fiscal mudou e preciso atualizar para as próximas notas.",
        ],
        "details": [
            "O pedido ainda não foi enviado.", "O novo endereço é {street}, {num}.", "O complemento é sala {num}.",
            "Mudei no dia {date}.", "Já tentei pelo app e pelo site.",
        ],
        "asks": [
            "Podem alterar por mim?", "Como faço para mudar?", "Confirmem a alteração, por favor.",
            "Dá tempo de mudar antes de enviar?",
        ],
        "short": [
            "preciso mudar meu endereco", "trocar endereco de entrega", "endereco errado no cadastro",
        ],
    },
    "password_reset": {
        "subjects": [
            "Esqueci minha senha", "Redefinir senha", "Link de redefinição de senha não funciona", "Recuperar senha",
            "E-mail de senha não chega", "Trocar senha",
        ],
        "problems": [
            "Esqueci minha senha e o e-mail de redefinição não chega.",
            "Clico no link de redefinir senha e aparece 'link expirado'.",
            "A nova senha não é aceita, diz que não cumpre os requisitos mas cumpre.",
            "Redefini a senha e mesmo assim ela não funciona no app.",
            "O link de recuperação de senha leva para uma página de erro 404.",
            "Preciso trocar a senha de um funcionário que saiu da empresa.",
            "O sistema pediu troca obrigatória de senha e agora não aceita nenhuma.",
        ],
        "details": [
            "Já olhei no spam e lixo eletrônico.", "Tentei {n} vezes.", "Uso o mesmo e-mail de sempre.",
            "A senha tem letra maiúscula, número e símbolo.", "No computador também não vai.",
        ],
        "asks": [
            "Podem reenviar o link?", "Como redefino a senha?", "Me mandem uma senha provisória.",
            "Preciso acessar hoje.",
        ],
        "short": [
            "esqueci a senha", "link de senha expirado", "email de redefinir senha nao chega", "trocar senha",
        ],
    },
    "data_export": {
        "subjects": [
            "Exportar dados", "Exportação de relatórios", "Exportação CSV com erro", "Baixar histórico de vendas",
            "Backup dos meus dados", "Exportação não conclui", "Relatório em Excel",
        ],
        "problems": [
            "Preciso exportar todo o histórico de vendas e clientes, mas a exportação para CSV não conclui.",
            "O arquivo exportado vem com acentos quebrados e colunas desalinhadas.",
            "A exportação do relatório de {report} só traz os últimos 90 dias.",
            "Quero baixar todos os meus dados, clientes, produtos e notas, como faço?",
            "O botão exportar para Excel não faz nada.",
            "A exportação completa da base fica 'processando' há {days} dias.",
            "O link de download da exportação expira antes de eu conseguir baixar.",
            "Preciso de um backup completo da conta em formato aberto.",
        ],
        "details": [
            "São mais de {n} mil registros.", "Preciso disso para a auditoria.", "Meu contador pediu o arquivo.",
            "Vamos migrar alguns dados para outra ferramenta.", "Pelo app também não dá.",
        ],
        "asks": [
            "Podem gerar o arquivo e me mandar?", "Tem API para exportar tudo?",
            "Qual o prazo para ter o arquivo?", "Existe limite de linhas?",
        ],
        "short": [
            "exportar meus dados", "exportacao csv nao termina", "como baixo o historico de vendas",
            "preciso de backup dos dados",
        ],
    },
    "plan_upgrade": {
        "subjects": [
            "Mudança de plano", "Upgrade de plano", "Quero o plano {plan2}", "Dúvida sobre planos",
            "Alterar plano", "Contratar plano superior",
        ],
        "problems": [
            "Quero fazer upgrade do plano {plan} para o {plan2}.",
            "Fiz o upgrade para o {plan2} mas as funcionalidades novas não apareceram.",
            "Qual a diferença de preço entre o {plan} e o {plan2}?",
            "Fui cobrado o valor cheio do {plan2} em vez do proporcional.",
            "Preciso de mais usuários, o plano atual só permite {n}.",
            "O upgrade foi feito mas o limite de notas continua o do plano antigo.",
            "Quero mudar para o plano anual com desconto.",
        ],
        "details": [
            "Minha loja cresceu.", "Contratei mais {n} funcionários.", "Pago hoje {amount}.",
            "Vi a promoção no Instagram.", "Fiz a mudança ontem pelo painel.",
        ],
        "asks": [
            "Como faço o upgrade?", "Podem ajustar a cobrança?", "Me mandem uma proposta.",
            "Liberem as funções do plano novo, por favor.",
        ],
        "short": [
            "quero mudar de plano", "upgrade pro {plan2}", "fiz upgrade e nao liberou",
        ],
    },
    "damaged_product": {
        "subjects": [
            "Produto com defeito", "Maquininha quebrada", "Produto chegou avariado", "Equipamento com defeito",
            "Troca de produto", "Impressora não liga", "Produto danificado",
        ],
        "problems": [
            "A {item} chegou com a tela trincada.",
            "Recebi a {item} e ela não liga de jeito nenhum.",
            "A caixa chegou amassada e a {item} veio com peças soltas.",
            "A {item} parou de funcionar depois de {days} dias de uso.",
            "A bateria da {item} não segura carga nem uma hora.",
            "A impressora térmica está imprimindo tudo apagado e fazendo barulho.",
            "A {item} veio sem o carregador e com o lacre violado.",
            "O leitor de cartão da {item} não reconhece o chip.",
        ],
        "details": [
            "Tirei fotos da embalagem.", "Está dentro da garantia.", "O número de série é {serial}.",
            "Já tentei carregar a noite toda.", "Comprei no dia {date}.",
        ],
        "asks": [
            "Quero a troca.", "Como faço para enviar para assistência?", "Mandem outra, por favor.",
            "Prefiro o dinheiro de volta.",
        ],
        "short": [
            "maquininha nao liga", "produto veio quebrado", "chegou com defeito", "quero trocar a maquininha",
        ],
    },
    "app_crash": {
        "subjects": [
            "App fechando sozinho", "Aplicativo travando", "App crasha ao abrir", "Erro no aplicativo",
            "App parou de funcionar", "App fecha na tela de vendas",
        ],
        "problems": [
            "O aplicativo fecha sozinho assim que abro a tela de vendas.",
            "Depois da atualização {version} o app trava na tela inicial e fecha.",
            "O app crasha quando tento tirar foto do produto.",
            "Toda vez que vou finalizar uma venda o app fecha e perco tudo.",
            "O app abre e fecha na hora no {device}.",
            "Aparece 'o app parou de funcionar' ao emitir o comprovante.",
            "O aplicativo fica com a tela preta e depois fecha.",
        ],
        "details": [
            "Meu celular é um {device}.", "Já reinstalei o app.", "A versão do app é {version}.",
            "Reiniciei o celular e nada.", "Acontece também no celular do meu sócio.",
        ],
        "asks": [
            "Tem correção prevista?", "Como volto para a versão anterior?", "Preciso vender hoje, me ajudem.",
            "O que faço?",
        ],
        "short": [
            "app fechando sozinho", "aplicativo travou", "app crashando", "app nao abre mais",
        ],
    },
    "duplicate_charge": {
        "subjects": [
            "Cobrança em duplicidade", "Fui cobrado duas vezes", "Cobrança duplicada", "Débito em dobro",
            "Mensalidade cobrada 2x", "Cobrança indevida",
        ],
        "problems": [
            "Fui cobrado duas vezes pela mensalidade de {month}, {amount} cada.",
            "Apareceram duas cobranças iguais no meu cartão no dia {date}.",
            "O boleto e o cartão foram cobrados ao mesmo tempo pela mesma fatura.",
            "Estão me cobrando o plano antigo e o novo juntos.",
            "A mesma fatura foi debitada em dobro na minha conta.",
            "Vi três lançamentos da Vendix na fatura do cartão este mês.",
        ],
        "details": [
            "Tenho o extrato mostrando as duas cobranças.", "Só tenho uma conta.", "O valor total foi {amount}.",
            "Isso já aconteceu antes.",
        ],
        "asks": [
            "Quero o estorno da cobrança duplicada.", "Cancelem a segunda cobrança.", "Devolvam o valor em dobro.",
            "Como resolvo isso?",
        ],
        "short": [
            "cobrado em dobro", "cobranca duplicada", "me cobraram duas vezes", "debito duplicado",
        ],
    },
    "scheduled_pix": {
        "subjects": [
            "PIX agendado não processou", "PIX agendado não foi pago", "Erro no PIX agendado",
            "Agendamento de PIX falhou", "PIX programado não saiu", "Nova função PIX agendado com erro",
        ],
        "problems": [
            "Agendei um PIX para o dia {date} pela nova função de PIX agendado e ele não foi processado.",
            "O PIX agendado aparece como 'agendado' mas o dia já passou e o dinheiro não saiu.",
            "Os pagamentos de fornecedores que programei no PIX agendado não foram feitos.",
            "O PIX agendado recorrente só funcionou no primeiro mês.",
            "A tela do PIX agendado dá erro ao confirmar a data.",
            "Agendei o PIX do aluguel e ele foi cancelado sozinho sem aviso.",
            "O PIX agendado foi debitado mas o recebedor não recebeu.",
            "Desde a atualização que trouxe o PIX agendado, nenhum agendamento é executado.",
        ],
        "details": [
            "O saldo estava disponível.", "Recebi a notificação de sucesso mas não saiu.",
            "O fornecedor já está cobrando juros.", "Eram {n} agendamentos.", "O valor era {amount}.",
        ],
        "asks": [
            "Vão pagar a multa pelo atraso?", "Quando essa função vai funcionar?", "Como cancelo os agendamentos?",
            "Preciso que o pagamento saia hoje.",
        ],
        "short": [
            "pix agendado nao saiu", "agendamento de pix falhou", "pix programado nao processou",
        ],
    },
}

# ------------------------------------------------------------------ shared pools (PT)

GREETINGS = [
    "Olá", "Olá,", "Oi", "Oi,", "Bom dia", "Bom dia,", "Boa tarde", "Boa tarde!", "Boa noite", "Prezados,",
    "Prezados, bom dia.", "Olá equipe Vendix,", "Oi pessoal", "Boa tarde, tudo bem?", "Bom dia, tudo bem?",
    "Senhores,", "Olá, tudo bem?", "Oii", "Boa tarde pessoal", "Caros,", "Prezado suporte,", "Olá, bom dia!",
    "Oi, boa tarde", "Eae", "Fala pessoal", "Ola",
]

CONTEXTS = [
    "Sou cliente da Vendix há {years} anos.", "Tenho uma {segment} em {city}.", "Uso o plano {plan}.",
    "Escrevo em nome da empresa {company}.", "Sou o responsável financeiro da {company}.",
    "Trabalho com a maquininha de vocês desde {year}.", "Meu nome é {first} e sou dono da {company}.",
    "Somos uma {segment} pequena e dependemos muito do sistema.", "Comecei a usar o sistema há pouco tempo.",
    "Aqui é da {company}, unidade de {city}.",
]

GENERIC_DETAILS = [
    "Já tentei de tudo.", "Isso começou {when}.", "Não é a primeira vez que acontece.",
    "Já falei com um atendente pelo chat e não resolveu.", "Estou perdendo vendas por causa disso.",
    "Ninguém me dá uma resposta clara.", "Fiz tudo o que o artigo da central de ajuda diz.",
    "Segue print em anexo.", "Já reiniciei tudo.",
]

EMOTIONS = [
    "Estou muito insatisfeito.", "Isso é um absurdo!", "Sinceramente, estou decepcionado.",
    "Já estou perdendo a paciência.", "Fico no aguardo, é urgente.", "Por favor, me ajudem.",
    "Que situação chata.", "Não dá pra trabalhar assim.", "Estou desesperada.",
]

GENERIC_ASKS = [
    "Aguardo retorno.", "Podem verificar?", "Podem me ajudar?", "Fico no aguardo.", "Aguardo uma solução.",
    "Me liguem, por favor.", "Preciso de uma resposta hoje.",
]

CLOSINGS = [
    "Obrigado.", "Obrigada!", "Obg", "Att,", "Atenciosamente,", "Aguardo.", "Valeu!", "Grato.", "Grata,",
    "Abraço", "Abs,", "Desde já agradeço.", "Obrigado desde já.", "Muito obrigado!", "Att.", "Cordialmente,",
]

FOLLOWUP_OPENERS = [
    "Ainda não resolveram meu problema.", "Estou entrando em contato novamente.",
    "Já abri chamado sobre isso ({ref}) e até agora nada.", "De novo o mesmo problema!",
    "Continua acontecendo.", "Segunda vez que escrevo sobre isso.", "Retomando o chamado {ref}.",
    "Ninguém me respondeu ainda.", "O problema voltou.", "Já falei com vocês ontem sobre isso.",
    "Já é a terceira vez que reclamo.", "Conforme chamado anterior {ref}, o problema persiste.",
    "Vocês disseram que estava resolvido, mas não está.", "Oi, de novo eu.", "Alguma novidade sobre o meu caso?",
    "Mesmo problema do chamado {ref}.", "Sigo sem solução.", "Voltou a dar erro.",
]

FOLLOWUP_SHORT = [
    "ainda nao resolveram", "de novo isso", "continua com problema", "ja abri chamado {ref}", "e ai, alguma resposta?",
    "nada resolvido ainda", "mesmo problema de novo", "ja reclamei ontem e nada",
]

PHONE_NOTE_PREFIX = [
    "Cliente ligou informando o seguinte:", "Ligação recebida. Relato do cliente:", "Cliente entrou em contato por telefone.",
    "Atendimento telefônico - resumo:", "Cliente ligou bastante irritado.", "Contato via 0800.",
]

PII_SENTENCES = {
    "cpf": ["Meu CPF é {v}.", "CPF: {v}", "CPF do titular {v}", "segue meu cpf {v}", "CPF {v} (titular da conta)."],
    "cnpj": ["CNPJ {v}.", "Nosso CNPJ é {v}.", "CNPJ da empresa: {v}", "cnpj {v}", "Empresa CNPJ {v}."],
    "email": ["Meu e-mail é {v}.", "Podem responder em {v}", "e-mail de contato: {v}", "Respondam para {v}, por favor."],
    "phone": ["Meu telefone é {v}.", "Me liguem no {v}.", "WhatsApp {v}", "Fone: {v}", "tel {v}", "Celular: {v}"],
    "card": ["O cartão usado foi {v}.", "Número do cartão: {v}", "cartão {v}", "É o cartão {v}, validade 08/29."],
    "cep": ["CEP {v}.", "O CEP é {v}.", "cep: {v}", "CEP {v} - conferi nos Correios."],
}

OOO = [
    "Resposta automática: estou fora do escritório até {date} com acesso limitado ao e-mail. Em caso de urgência, contate {email}.",
    "Olá! Estou de férias até {date}. Sua mensagem será respondida no meu retorno.",
    "Esta é uma resposta automática. Recebemos seu e-mail e retornaremos em até 48 horas úteis.",
]

DISCLAIMERS = [
    "AVISO: Esta mensagem pode conter informação confidencial e/ou privilegiada. Se você não for o destinatário "
    "ou a pessoa autorizada a receber esta mensagem, não deve usar, copiar ou divulgar as informações nela contidas. "
    "Caso tenha recebido esta mensagem por engano, avise imediatamente o remetente e apague-a.",
    "Antes de imprimir, pense no meio ambiente.",
    "Esta mensagem e seus anexos são confidenciais e destinados exclusivamente ao destinatário. "
    "As opiniões aqui expressas são de responsabilidade do remetente. LGPD: tratamos seus dados conforme a Lei 13.709/2018.",
]

HELPDESK_BOILERPLATE = [
    "##- Por favor, digite sua resposta acima desta linha -##",
    "Seu chamado foi registrado. Nossa equipe responderá em breve.",
    "Este chamado foi criado a partir do formulário de contato do site.",
]

MOBILE_SIGS = ["Enviado do meu iPhone", "Enviado do meu Galaxy", "Enviado do meu smartphone Samsung Galaxy.",
               "Enviado do Outlook para Android", "Enviado do meu Motorola", "Enviado via celular, desculpe os erros"]

AGENT_REPLY = [
    "Olá, {first}! Obrigado pelo contato. Para seguirmos com a análise, poderia nos enviar um print do erro? "
    "Ficamos no aguardo.",
    "Oi {first}, tudo bem? Verificamos sua solicitação e encaminhamos ao time responsável. Retornaremos em até 48h.",
    "Olá! Seu caso foi registrado sob o protocolo {protocol}. Pedimos desculpas pelo transtorno.",
    "Prezado(a) {first}, informamos que sua solicitação foi concluída. Caso precise de algo mais, responda este e-mail.",
]

# Agent call notes (third person, telegraphic): what a phone ticket body usually looks like.
NOTES_PT: dict[str, list[str]] = {
    "payment_boleto_pix": [
        "Cliente informa que pagou o boleto e o sistema não deu baixa.", "Cliente relata PIX de {amount} não identificado.",
        "Boleto gerado com código de barras inválido segundo o banco do cliente ({bank}).",
        "Cliente não consegue gerar segunda via do boleto.", "QR code do PIX expirando antes do pagamento.",
        "Conta bloqueada por inadimplência, cliente diz que já pagou.",
    ],
    "login_2fa": [
        "Cliente sem acesso, SMS com código de verificação não chega.", "Cliente perdeu o celular com o autenticador.",
        "Conta bloqueada após várias tentativas de login.", "Código 2FA sendo recusado como inválido.",
        "Login volta para a tela inicial em loop.",
    ],
    "invoice_nf_error": [
        "Cliente pede correção da NF, CNPJ errado.", "Nota fiscal emitida com razão social antiga.",
        "NFS-e rejeitada pela prefeitura.", "Cliente não recebeu as notas fiscais dos últimos meses.",
        "Valor da nota diferente do valor pago.",
    ],
    "delivery_delay": [
        "Cliente cobra entrega do pedido {order}, prazo vencido.", "Rastreio parado há {days} dias.",
        "Pedido consta como entregue mas cliente não recebeu.", "Transportadora {carrier} não localiza o endereço.",
        "Maquininha ainda não enviada, cliente aguardando há semanas.",
    ],
    "refund_request": [
        "Cliente solicita reembolso de {amount}.", "Estorno prometido ainda não caiu.",
        "Cliente devolveu o equipamento e aguarda o estorno.", "Pede reembolso proporcional pelo período fora do ar.",
    ],
    "cancellation": [
        "Cliente quer cancelar a assinatura.", "Cliente pediu cancelamento e segue sendo cobrado.",
        "Solicita cancelamento sem multa.", "Cliente vai fechar a loja, pediu encerramento do contrato.",
        "Oferecido desconto de retenção, cliente recusou.",
    ],
    "integration_api": [
        "Integração com {integration} sem sincronizar pedidos.", "API retornando {error} para o cliente.",
        "Webhooks não chegam no servidor do cliente.", "Token de API novo retornando 401.",
        "Pedidos duplicados no ERP do cliente.",
    ],
    "slow_app": [
        "Cliente reclama de lentidão no painel.", "App demorando para registrar vendas.",
        "Relatórios não carregam, sistema lento no horário de pico.", "Caixa travando com frequência.",
    ],
    "feature_request": [
        "Cliente sugere {feature_idea}.", "Sugestão de melhoria: {feature_idea}.", "Cliente pergunta se existe previsão para {feature_idea}.",
    ],
    "card_declined": [
        "Cartão do cliente recusado na renovação.", "Transação não autorizada ao pagar a fatura com cartão.",
        "Cartão novo cadastrado e recusado.", "Plano suspenso após recusa do cartão.",
    ],
    "address_change": [
        "Cliente solicita alteração de endereço de entrega.", "Atualização de endereço de cobrança.",
        "Campo de endereço bloqueado no painel.", "Cliente mudou de endereço, pedido ainda não enviado.",
    ],
    "password_reset": [
        "Cliente esqueceu a senha, e-mail de redefinição não chega.", "Link de redefinição de senha expirado.",
        "Nova senha não aceita pelo sistema.", "Redefinição de senha de funcionário desligado.",
    ],
    "data_export": [
        "Cliente precisa exportar histórico completo.", "Exportação CSV não conclui.",
        "Arquivo exportado com acentuação quebrada.", "Cliente pediu backup completo dos dados.",
    ],
    "plan_upgrade": [
        "Cliente quer upgrade de {plan} para {plan2}.", "Upgrade feito mas funcionalidades não liberadas.",
        "Dúvida sobre preço dos planos.", "Cobrança cheia em vez de proporcional no upgrade.",
    ],
    "damaged_product": [
        "Equipamento chegou com defeito.", "Maquininha não liga, cliente quer troca.",
        "Impressora térmica com falha de impressão.", "Embalagem avariada, peças soltas.",
    ],
    "app_crash": [
        "App fecha sozinho na tela de vendas.", "App trava após atualização {version}.",
        "Aplicativo fechando ao emitir comprovante.", "Tela preta e fechamento do app no {device}.",
    ],
    "duplicate_charge": [
        "Cliente cobrado em duplicidade.", "Duas cobranças iguais no cartão.", "Boleto e cartão cobrados na mesma fatura.",
    ],
    "scheduled_pix": [
        "PIX agendado não processado na data.", "Cliente relata que o PIX agendado não saiu.",
        "Agendamentos de PIX não executados desde a atualização.", "PIX agendado cancelado sozinho.",
    ],
}

NOTE_ACTIONS_PT = [
    "Orientado a aguardar retorno do N2.", "Aberto chamado interno.", "Cliente pediu retorno por e-mail.",
    "Informado prazo de 48h.", "Orientado a limpar cache e tentar novamente.", "Escalado para o time responsável.",
    "Feito procedimento padrão, sem sucesso.", "Cliente ciente.", "Enviado artigo da central de ajuda por e-mail.",
    "Ligação caiu, retornar.", "Solicitado print do erro.", "Resolvido durante a ligação.",
]

# More ways people actually put it (informal, indirect, story-like); merged into ``problems``.
_MORE_PROBLEMS_PT: dict[str, list[str]] = {
    "payment_boleto_pix": [
        "Gente, o banco não aceita o boleto de vocês de jeito nenhum.",
        "Fiz o pix certinho, tenho o comprovante, e no painel continua lá 'aguardando pagamento'.",
        "Minha cliente pagou via PIX na loja, o dinheiro não apareceu no meu saldo.",
        "Toda vez que vou pagar a fatura o app do banco fala que o boleto já foi pago ou não existe.",
        "Bloquearam minha conta por falta de pagamento sendo que eu paguei no dia {date}!",
        "O PIX de {amount} sumiu: saiu da minha conta e não entrou na de vocês.",
        "Não aparece a opção de pagar com PIX, só boleto, e o boleto vem errado.",
    ],
    "login_2fa": [
        "Tô trancado pra fora da minha própria conta desde {date}.",
        "Fico esperando o SMS com o código e nada, já pedi para reenviar umas {n} vezes.",
        "Depois que ativei a verificação em duas etapas não consigo mais entrar.",
        "Meu sócio mudou o celular cadastrado e agora ninguém consegue acessar.",
        "O sistema diz que detectou acesso suspeito e bloqueou meu login.",
        "O código chega, eu digito e aparece 'código expirado' na hora.",
    ],
    "invoice_nf_error": [
        "Meu contador reclamou que a nota de vocês veio toda errada.",
        "Não tem como eu lançar a despesa, a NF está no nome de outra empresa.",
        "A nota fiscal de {month} simplesmente não foi emitida.",
        "Está faltando o destaque dos impostos na nota.",
        "Vocês emitiram a nota com a alíquota de ISS errada.",
        "Baixei a DANFE e os dados do tomador estão em branco.",
    ],
    "delivery_delay": [
        "Cadê a minha maquininha? Já era pra ter chegado faz tempo.",
        "Paguei, recebi o e-mail de confirmação e até hoje nada de entrega.",
        "O site dos {carrier} diz 'objeto não localizado no fluxo postal'.",
        "Prometeram entrega em {days} dias e já vai fazer um mês.",
        "Abri a loja sem a maquininha porque o pedido {order} não chegou.",
        "O entregador não passou aqui, mas marcaram como 'destinatário ausente'.",
    ],
    "refund_request": [
        "Estou esperando meu dinheiro voltar desde {date}.",
        "Cancelei a compra e até agora não vi a cor do estorno.",
        "Me prometeram devolver {amount} e nada.",
        "Quero a devolução do valor da maquininha que devolvi.",
        "O estorno apareceu como 'em processamento' e nunca foi concluído.",
        "Fui cobrado por um serviço que não usei e quero reembolso.",
    ],
    "cancellation": [
        "Não quero mais o serviço, como faço para encerrar?",
        "Estou tentando sair da Vendix e não consigo.",
        "Favor encerrar minha conta e apagar meus dados.",
        "Quero desistir da assinatura, ainda estou no período de teste.",
        "Chega, quero cancelar tudo.",
        "Preciso cancelar o plano antes da renovação do dia {date}.",
    ],
    "integration_api": [
        "Nossa loja no {integration} parou de receber os pedidos da Vendix.",
        "O webhook está chegando sem assinatura e nosso sistema rejeita.",
        "A paginação da API de transações retorna registros repetidos.",
        "Desde a madrugada o conector do {integration} está com status 'desconectado'.",
        "A API de estoque responde {error} de forma intermitente.",
        "O campo valor veio em centavos em vez de reais e quebrou nossa conciliação.",
    ],
    "slow_app": [
        "Tá muito lento, demora uma vida pra abrir qualquer coisa.",
        "O sistema fica pensando, pensando e não carrega.",
        "Para fechar o caixa hoje levei meia hora de tanto que travava.",
        "A busca de produtos leva uns {n} segundos para mostrar o resultado.",
        "Depois das {time} o painel fica praticamente parado.",
        "A página de pedidos demora muito e às vezes dá tempo esgotado.",
    ],
    "feature_request": [
        "Seria muito bom poder {feature_idea}.",
        "Vocês podiam pensar em {feature_idea}, ajudaria muitos lojistas.",
        "Uma sugestão simples: {feature_idea}.",
        "Fica aqui meu pedido para {feature_idea}.",
        "Já pensaram em {feature_idea}?",
    ],
    "card_declined": [
        "Meu cartão não passa de jeito nenhum na renovação.",
        "O pagamento da assinatura foi negado e o banco diz que não recusou nada.",
        "Tento cadastrar o cartão e volta 'dados inválidos'.",
        "Cartão recusado três vezes seguidas hoje.",
        "A cobrança no cartão falhou e agora estou com o plano suspenso.",
        "Os clientes passam o cartão na maquininha e aparece 'não autorizado'.",
    ],
    "address_change": [
        "Vou me mudar semana que vem, como atualizo meu endereço?",
        "O endereço de entrega está errado, falta o complemento.",
        "Preciso que a maquininha seja entregue no endereço novo.",
        "Troquei a loja de lugar e o cadastro ainda está com o endereço antigo.",
        "O sistema não aceita meu CEP novo.",
    ],
    "password_reset": [
        "Não lembro mais a senha e não chega nada no meu e-mail.",
        "Quero trocar minha senha mas não acho onde.",
        "Pedi para redefinir a senha e o link abre uma página em branco.",
        "Já troquei a senha duas vezes hoje e continua dizendo senha incorreta.",
        "Minha senha expirou e não consigo cadastrar uma nova.",
    ],
    "data_export": [
        "Como faço para baixar todas as minhas vendas de {year} até hoje?",
        "Preciso de uma planilha com todos os meus clientes cadastrados.",
        "A exportação dá erro quando escolho um período maior que um mês.",
        "O Excel exportado abre com tudo numa coluna só.",
        "Quero levar meus dados para outro sistema, vocês fornecem um arquivo completo?",
        "O relatório de {report} exportado está vindo vazio.",
    ],
    "plan_upgrade": [
        "Quero subir de plano, o que preciso fazer?",
        "Estourei o limite de vendas do meu plano e o sistema travou.",
        "O plano {plan2} vale a pena para quem tem duas lojas?",
        "Mudei de plano e a fatura veio com valor estranho.",
        "Quero contratar mais usuários sem mudar de plano, é possível?",
    ],
    "damaged_product": [
        "Abri a caixa e a maquininha estava rachada.",
        "A impressora veio com a tampa quebrada.",
        "A {item} esquenta muito e desliga sozinha.",
        "Nem chegou a funcionar, já veio com defeito de fábrica.",
        "O visor da {item} está com manchas e não dá pra ler.",
        "Recebi um modelo diferente do que comprei e ainda com defeito.",
    ],
    "app_crash": [
        "O app simplesmente fecha do nada no meio da venda.",
        "Atualizei o aplicativo hoje e agora ele nem abre.",
        "Fica a tela branca com o logo e fecha.",
        "Toda vez que conecto a maquininha por bluetooth o app cai.",
        "O app trava quando abro o relatório do dia.",
        "Aparece uma mensagem de erro e o aplicativo encerra.",
    ],
    "duplicate_charge": [
        "Olhei o extrato e a Vendix me cobrou duas vezes.",
        "Veio cobrança dobrada esse mês, {amount} a mais.",
        "Paguei o boleto e mesmo assim debitaram no cartão.",
        "Estou sendo cobrado duas assinaturas sendo que só tenho uma loja.",
        "Tem um lançamento repetido da mensalidade na minha fatura.",
    ],
    "scheduled_pix": [
        "Usei o PIX agendado pela primeira vez e não funcionou.",
        "Programei um PIX para hoje e até agora não caiu para o fornecedor.",
        "Meus PIX agendados sumiram da lista de agendamentos.",
        "O PIX agendado saiu em duplicidade no mesmo dia.",
        "O recurso novo de agendar PIX mostra erro 'falha no processamento'.",
    ],
}
for _rid, _extra in _MORE_PROBLEMS_PT.items():
    REASONS_PT[_rid]["problems"].extend(_extra)

_MORE_DETAILS_PT: dict[str, list[str]] = {
    "payment_boleto_pix": ["Paguei pelo internet banking às {time}.", "Já é a segunda fatura com esse problema.",
                           "O boleto veio com valor diferente do contratado."],
    "login_2fa": ["Uso o Authy, não o Google Authenticator.", "Minha funcionária também está sem acesso.",
                  "Aparece o erro 'token inválido'."],
    "invoice_nf_error": ["O CNPJ certo está no contrato.", "A nota é de {amount}.", "Preciso do XML também."],
    "delivery_delay": ["Comprei pelo site de vocês.", "O pedido foi pago no cartão à vista.",
                       "A transportadora manda procurar a loja."],
    "refund_request": ["Paguei no cartão de crédito.", "Foi um PIX.", "O protocolo é {protocol}."],
    "cancellation": ["Sou cliente desde {year}.", "Já devolvi a maquininha.", "Não tenho nenhum débito em aberto."],
    "integration_api": ["Estamos na versão v2 da API.", "O ambiente é produção.", "Usamos o SDK oficial em Python."],
    "slow_app": ["Uso Chrome atualizado.", "A internet é fibra de 300 mega.", "No celular está igual."],
    "feature_request": ["Tenho {n} lojas.", "Uso mais o app do que o painel.", "Seria ótimo para a Black Friday."],
    "card_declined": ["É um cartão empresarial.", "O limite é mais que suficiente.", "Tentei hoje às {time}."],
    "address_change": ["O CEP antigo era de {city}.", "É um endereço comercial.", "Tem portaria 24h."],
    "password_reset": ["O e-mail cadastrado é o da empresa.", "Ontem funcionava.", "Não recebi nenhum código."],
    "data_export": ["Preciso em CSV ou Excel.", "É para o fechamento do ano.", "O arquivo passa de 50 MB."],
    "plan_upgrade": ["Quero manter o mesmo dia de vencimento.", "Pago por boleto.", "Preciso de nota fiscal da diferença."],
    "damaged_product": ["Guardei a caixa original.", "Chegou ontem.", "Já carreguei com outro carregador."],
    "app_crash": ["Android {version}.", "O celular tem bastante espaço livre.", "Começou depois da atualização automática."],
    "duplicate_charge": ["As duas cobranças são do dia {date}.", "O cartão final {last4}.", "Uma foi no débito e outra no crédito."],
    "scheduled_pix": ["O agendamento foi feito dia {date}.", "Apareceu 'agendado com sucesso'.", "É para pagar fornecedor."],
}
for _rid, _extra in _MORE_DETAILS_PT.items():
    REASONS_PT[_rid]["details"].extend(_extra)

GREETINGS.extend(["Bom dia a todos,", "Olá, boa tarde.", "Oi, tudo bom?", "Boa noite, pessoal.", "Prezada equipe,",
                  "Olá Vendix", "Bom diaa", "Opa, boa tarde", "Boa tarde, equipe de suporte."])
CLOSINGS.extend(["Fico no aguardo.", "Agradeço a atenção.", "Obrigado pela atenção!", "Tmj", "Vlw",
                 "Um abraço,", "Aguardo retorno urgente.", "Att, {first}"])
CONTEXTS.extend(["Tenho duas lojas, uma em {city} e outra no interior.", "Sou MEI e uso só a maquininha.",
                 "Sou a nova responsável pela conta aqui na {company}.", "Usamos o sistema em {n} caixas."])
FOLLOWUP_OPENERS.extend(["Já faz {days} dias que abri o chamado {ref}.", "Nada mudou desde o meu último contato.",
                         "Estou escrevendo de novo porque o problema não foi resolvido.",
                         "Disseram que iam me retornar em 24h e ninguém retornou."])
