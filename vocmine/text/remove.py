"""Noise-removal steps ``f(text) -> str`` for help-desk e-mails in Portuguese and English.

Each step removes one kind of noise and keeps the customer's words. Every step that cuts text
follows the same guard: if the cut would leave no letters or digits, the input is returned
unchanged (a greeting-only or signature-only message is kept rather than erased). Steps are
line-oriented, so run :func:`html` first on HTML bodies.
"""

from __future__ import annotations

import html as _html
import re

__all__ = ["html", "quoted_replies", "signatures", "greetings", "disclaimers", "boilerplate", "auto_replies",
           "chat_transcripts", "form_fields", "masks", "MASK_TOKEN"]

_WORD = re.compile(r"\w")
_MANY_NL = re.compile(r"\n{3,}")


def _guard(original: str, result: str) -> str:
    return result if _WORD.search(result) else original


# --- HTML --------------------------------------------------------------------------------------
_TAG_NAMES = (r"html|head|body|div|p|br|span|a|b|i|u|s|em|strong|small|big|font|center|ul|ol|li|dl|dt|dd"
              r"|table|thead|tbody|tfoot|tr|td|th|caption|img|hr|h[1-6]|pre|code|blockquote|section|article"
              r"|header|footer|nav|main|style|script|title|meta|link|o:p|sup|sub|label|button|form|input"
              r"|tt|wbr|col|colgroup")
_HAS_TAG = re.compile(rf"<(?:/?(?:{_TAG_NAMES})\b[^<>]*|!--[\s\S]*?--|!doctype[^<>]*)>", re.IGNORECASE)
_HAS_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_BR = re.compile(r"<br\b[^<>]*>", re.IGNORECASE)
_BLOCK_END = re.compile(r"</(?:p|div|tr|h[1-6]|ul|ol|table|pre|section|article|header|footer|dl|dt|dd)\s*>"
                        r"|<(?:p|div|tr|h[1-6]|table|hr|section|article|dl|dt|dd)\b[^<>]*>", re.IGNORECASE)
_LI = re.compile(r"<li\b[^<>]*>", re.IGNORECASE)
_CELL_END = re.compile(r"</t[dh]\s*>", re.IGNORECASE)
_HTML_WS = re.compile(r"[ \t\r\n\f]+")
_DROP_TAGS = ["script", "style", "head", "title", "noscript", "template", "meta", "link"]


def _html_once(text: str) -> str:
    if _HAS_TAG.search(text):
        from selectolax.lexbor import LexborHTMLParser  # lazy: plain text never pays for it

        src = _HTML_WS.sub(" ", text)
        src = _BR.sub("\n", src)
        src = _LI.sub("\n- ", src)
        src = _CELL_END.sub(" \t", src)
        src = _BLOCK_END.sub("\n", src)
        tree = LexborHTMLParser(src)
        tree.strip_tags(_DROP_TAGS)
        for node in tree.css("blockquote"):
            if any(p.tag == "blockquote" for p in _ancestors(node)):
                continue
            quoted = node.text(separator="")
            node.replace_with("\n" + "\n".join("> " + ln for ln in quoted.split("\n")) + "\n")
        root = tree.body if tree.body is not None else tree.root
        out = root.text(separator="") if root is not None else ""
        return out.replace("\xa0", " ")
    if _HAS_ENTITY.search(text):
        return _html.unescape(text).replace("\xa0", " ")
    return text


def _ancestors(node):
    p = node.parent
    while p is not None:
        yield p
        p = p.parent


def html(text: str) -> str:
    """HTML to plain text: tags dropped (``<script>``, ``<style>``, ``<head>`` with their content),
    entities decoded, ``<br>``/blocks/list items/table rows to new lines, ``<blockquote>`` to
    ``> `` lines (so :func:`quoted_replies` removes them). Plain text passes through untouched
    (only stray entities such as ``&amp;`` are decoded)."""
    if not text or ("<" not in text and "&" not in text):
        return text
    for _ in range(4):  # a fixed point keeps the step idempotent (double-escaped bodies exist)
        out = _html_once(text)
        if out == text:
            break
        text = out
    return text


# --- quoted replies ----------------------------------------------------------------------------
_DATEISH = r"(?=[^\n]{0,200}?(?:\d{1,2}:\d{2}|\b(?:19|20)\d\d\b))"
_QUOTE_HEADERS = re.compile(
    "|".join([
        # Gmail / Apple Mail, EN and PT, possibly wrapped over two lines
        rf"^[ \t>]*On\s{_DATEISH}[^\n]{{0,200}}(?:\n[^\n]{{0,120}})?\bwrote:[ \t]*$",
        rf"^[ \t>]*Em\s{_DATEISH}[^\n]{{0,200}}(?:\n[^\n]{{0,120}})?\bescreveu:[ \t]*$",
        rf"^[ \t>]*Le\s{_DATEISH}[^\n]{{0,200}}\ba écrit\s?:[ \t]*$",
        rf"^[ \t>]*El\s{_DATEISH}[^\n]{{0,200}}\bescribió:[ \t]*$",
        r"^[ \t>]*-{2,}\s*(?:Original Message|Mensagem original|Mensaje original|Reply above this line)\s*-{2,}",
        # Outlook header block: From:/De: followed within 3 lines by Sent:/Enviado:/Date:/Data:
        r"^[ \t>*]*(?:From|De)\s*:[^\n]*\n(?:[^\n]*\n){0,3}?[ \t>*]*(?:Sent|Enviado|Enviada|Date|Data)"
        r"(?:\s+em)?\s*:",
        # Outlook's underscore separator followed by a header line
        r"^_{10,}\s*\n\s*(?:From|De)\s*:",
        r"^[ \t]*\*?(?:From|De)\s*:\*?[^\n]*\n[ \t]*\*?(?:To|Para|Subject|Assunto|Cc)\s*:",
    ]),
    re.MULTILINE | re.IGNORECASE,
)
_QUOTED_LINE = re.compile(r"^[ \t]*>[^\n]*(?:\n|$)", re.MULTILINE)
# a forward keeps the forwarded message (often the customer's whole question) and drops its header
_FORWARD_HEADER = re.compile(
    r"^[ \t>]*-{2,}\s*(?:Forwarded message|Mensagem encaminhada|Mensaje reenviado|Begin forwarded message)"
    r"\s*-*[^\n]*(?:\n[ \t>]*(?:From|De|Date|Data|Sent|Enviad[oa](?: em)?|Subject|Assunto|To|Para|Cc)\s*:[^\n]*)*",
    re.MULTILINE | re.IGNORECASE,
)


def quoted_replies(text: str) -> str:
    """Cut the quoted history: forwarded-message headers ("---------- Forwarded message ---------",
    "Mensagem encaminhada" with their From/Date/Subject/To lines) are dropped but the forwarded text is
    kept; then from the first reply header (Gmail "On ... wrote:" / "Em ... escreveu:",
    "-----Original Message-----", "-----Mensagem original-----", Outlook "De:/Enviado:/Para:/Assunto:"
    and "From:/Sent:/To:/Subject:" blocks) to the end, and drop remaining ``>`` quoted lines."""
    if not text:
        return text
    out = text
    if "orward" in out or "ncaminhad" in out or "eenviad" in out:
        fwd = _FORWARD_HEADER.sub("\n", out)
        if fwd != out:
            out = _MANY_NL.sub("\n\n", fwd).strip()
    m = _QUOTE_HEADERS.search(out)
    if m:
        if not _WORD.search(out[:m.start()]):
            return _guard(text, out.strip()) if out != text else text  # nothing but quoted history: keep it
        out = out[:m.start()]
    if ">" in out:
        out = _QUOTED_LINE.sub("", out)
    return _guard(text, out.rstrip())


# --- signatures --------------------------------------------------------------------------------
_SIGNOFF = (r"att\.?|atte\.?|atenciosamente|cordialmente|abs\.?|abra[çc]os?|abra[çc]o|um abra[çc]o|grat[oa]"
            r"|obrigad[oa](?: desde j[áa])?|muito obrigad[oa]|desde j[áa] agrade[çc]o|agrade[çc]o"
            r"|sauda[çc][õo]es|at[ée] mais|valeu|tks|thx|thanks(?: in advance| again| a lot)?|thank you(?: very much)?"
            r"|many thanks|best(?: regards| wishes)?|kind regards|warm regards|regards|cheers|sincerely"
            r"|yours(?: truly| sincerely)?|br|rgds|talk soon")
_SIGNOFF_LINE = re.compile(
    rf"^[ \t]*(?:{_SIGNOFF})[ \t]*[,.!]*[^\w\s]*(?:[ \t]+\S+){{0,3}}[ \t]*$|^(?:--+|__+)[ \t]*$", re.MULTILINE | re.IGNORECASE
)
_SIGNOFF_NAME = re.compile(
    rf"^[ \t]*(?:{_SIGNOFF})[ \t]*[,.!]*[ \t]*(?:[A-ZÀ-Ý][\w'.-]*[ \t]*){{0,3}}[^\w\n]*$", re.IGNORECASE
)
# a sign-off closing the last sentence's line: "... Preciso hoje. Att." / "... Suite 1381. Cheers,"
_STRONG_SIGNOFF = r"atenciosamente|cordialmente|sincerely|(?:best|kind|warm(?:est)?|with) regards|regards|yours truly"
_INLINE_SIGNOFF = re.compile(
    rf"(?:(?<=[.!?])[ \t]+(?:{_SIGNOFF})|[ \t]+(?:{_STRONG_SIGNOFF}))[ \t]*[,.!]*"
    rf"(?:[ \t]+(?-i:[A-ZÀ-Ý][\w'.-]*)){{0,3}}[^\w\n]*$",
    re.MULTILINE | re.IGNORECASE,
)
_MOBILE_SIG = re.compile(
    r"^[ \t]*(?:Enviad[oa] (?:do|de|pelo|a partir do) (?:meu )?[^\n]{0,40}|Sent (?:from|via|with) (?:my )?[^\n]{0,40}"
    r"|Get Outlook for [^\n]{0,20}|Obter o Outlook para [^\n]{0,20}|Baixe o Outlook para [^\n]{0,20}"
    r"|Enviado via [^\n]{0,40})[ \t]*$\n?",
    re.MULTILINE | re.IGNORECASE,
)
# every _SIGNOFF alternative contains one of these (cheap gate before the regexes)
_SIGNOFF_KEYS = ("att", "abs", "abra", "grat", "obrigad", "agrade", "sauda", "até mais", "ate mais", "valeu", "tks",
                 "thx", "thank", "best", "regards", "cheers", "sincerely", "yours", "br", "rgds", "talk soon",
                 "atenciosamente", "cordialmente")
_SIG_MAX_LINES = 8
_SIG_MAX_CHARS = 500


def signatures(text: str) -> str:
    """Remove sign-offs and the signature block after them ("Att,", "Atenciosamente", "Abs",
    "Best regards", "Cheers", name, phone and address lines) and mobile footers ("Enviado do meu
    iPhone", "Sent from my iPhone"). A sign-off only cuts to the end when what follows is short
    (at most 8 lines / 500 characters); otherwise only the sign-off line goes. A sign-off closing the
    last line ("... hoje. Att, Débora", "... x@y.com Best regards,") and a trailing name + contact
    block without a sign-off are removed the same way."""
    if not text:
        return text
    low = text.lower()
    mobile = "enviad" in low or "sent " in low or "outlook" in low
    out = _MOBILE_SIG.sub("", text) if mobile else text
    for _ in range(2):  # a sign-off can surface once a contact block below it is gone
        new = _contact_block(_signoffs(out))
        if new == out:
            break
        out = new
    return _guard(text, out.rstrip())


def _signoffs(out: str) -> str:
    low = out.lower()
    if "--" not in out and "__" not in out and not any(k in low for k in _SIGNOFF_KEYS):
        return out
    # an inline sign-off must leave a short remainder, so only the tail can hold it
    for m in _INLINE_SIGNOFF.finditer(out, max(0, len(out) - _SIG_MAX_CHARS - 300)):
        after = out[m.end():]
        rest = [ln for ln in after.split("\n") if ln.strip()]
        if len(rest) <= _SIG_MAX_LINES and len(after.strip()) <= _SIG_MAX_CHARS:
            out = out[:m.start()]
            break
    for m in _SIGNOFF_LINE.finditer(out):
        line = m.group()
        if line.strip().strip("-_") and not _SIGNOFF_NAME.match(line):
            continue  # "Thanks for the quick reply" is a sentence, not a sign-off
        before, after = out[:m.start()], out[m.end():]
        if not _WORD.search(before):
            continue
        rest = [ln for ln in after.split("\n") if ln.strip()]
        if len(rest) <= _SIG_MAX_LINES and len(after.strip()) <= _SIG_MAX_CHARS:
            out = before
        else:  # a long body follows: drop only the sign-off line
            out = before + after.lstrip("\n") if before.endswith("\n") else before + after
        break
    return out


_NAME_LINE = re.compile(r"(?:--\s*)?[A-ZÀ-Ý][\w'.-]*(?:[ \t]+(?:[A-ZÀ-Ý][\w'.&-]*|de|da|do|dos|das|e|&)){0,4}[ \t]*")
_CONTACT = re.compile(r"@|\d[\d \t().-]{6,}\d|www\.|https?://")


_PARAGRAPH_SPLIT = re.compile(r"(\n[ \t]*\n)")


def _is_contact_block(par: str) -> bool:
    block = [ln.strip() for ln in par.strip().split("\n") if ln.strip()]
    if not 2 <= len(block) <= _SIG_MAX_LINES or any(len(ln) > 60 or "?" in ln for ln in block):
        return False
    first = block[0]
    if first in ("--", "__"):
        block = block[1:]
        first = block[0] if block else ""
    return bool(_NAME_LINE.fullmatch(first)) and any(_CONTACT.search(ln) for ln in block[1:])


def _contact_block(text: str) -> str:
    """Drop paragraphs (not the first) that start with a name and hold contact details
    ("James\nCedar Labs\n(11) 98765-4321\njames@x.com"), even without a sign-off."""
    if "\n\n" not in text and "\n \n" not in text:
        return text
    parts = _PARAGRAPH_SPLIT.split(text)  # [par, sep, par, sep, ...]
    keep = [parts[0]]
    for k in range(2, len(parts), 2):
        if not _is_contact_block(parts[k]):
            keep.append(parts[k - 1])
            keep.append(parts[k])
    return "".join(keep) if len(keep) < len(parts) else text


# --- greetings ---------------------------------------------------------------------------------
_GREETING = (r"ol[áa]|oi+e?|oie|e a[íi]|opa|eae|salve|al[ôo]|bom dia+|boa tarde+|boa noite+|prezad[oa]s?(?:\(a\)|\(as\)|\(os\))?|car[oa]s?"
             r"|hello|hi|hey|hiya|dear|greetings|good (?:morning|afternoon|evening|day)|howdy")
_ADDRESSEE = (r"(?:(?:a |o |à |ao |aos |as |os )?(?:equipe|time|pessoal|galera|suporte|atendimento|sac|todos|todas"
              r"|senhor(?:a|es)?|sr\.?|sra\.?|srs\.?|srta\.?|team|support|all|everyone|there|folks|guys|sir|madam"
              r"|mr\.?|mrs\.?|ms\.?|customer service|service|help ?desk|de|do|da|and|e|or|ou|/|or madam"
              r"|(?-i:[A-ZÀ-Ý][a-zà-ÿ'.-]+))(?:[ \t]+|(?=[,!:;.])))")
_GREETING_RE = re.compile(
    rf"^[ \t]*(?:{_GREETING})\b[ \t]*(?:{_ADDRESSEE}){{0,4}}[ \t]*[,!:;.]+[ \t]*|^[ \t]*(?:{_GREETING})\b[ \t]*$"
    rf"|^[ \t]*(?:{_GREETING})[ \t]+(?=\w)",
    re.MULTILINE | re.IGNORECASE,
)
# every greeting/pleasantry starts (case-insensitively) with one of these
_GREET_PREFIXES = ("ol", "oi", "oie", "e a", "opa", "eae", "salve", "al", "bo", "prezad", "car", "hello", "hi", "hey", "dear", "greet", "good",
                   "howdy", "tudo", "como v", "espero", "how are", "hope", "i hope")
_PLEASANTRY_RE = re.compile(
    r"^[ \t]*(?:tudo bem|tudo bom|tudo certo|como vai|como vão|espero que (?:esteja|estejam|estejam todos) bem"
    r"|how are you(?: doing)?|hope you(?:'re| are) (?:well|doing well)|i hope (?:this|my) (?:e-?mail|message) finds you well"
    r"|hope all is well)[^\n]{0,12}?[?!.,]+[ \t]*",
    re.MULTILINE | re.IGNORECASE,
)


def greetings(text: str) -> str:
    """Remove greetings and pleasantries at the start of lines ("Olá,", "Oi pessoal!", "Bom dia,",
    "Prezados,", "Hi team,", "Dear Support Team,", "tudo bem?", "Hope you're well."), never the
    sentence that follows them on the same line."""
    if not text:
        return text
    low = text.lower()
    if not (low.lstrip().startswith(_GREET_PREFIXES)
            or any(ln.lstrip().startswith(_GREET_PREFIXES) for ln in low.split("\n")[1:])):
        return text
    out = text
    # "Olá, bom dia! Tudo bem?" needs a few passes, one greeting per line each; the bound keeps a
    # pathological input linear (idempotent up to 64 greetings stacked at one line start)
    for _ in range(64):
        new = _PLEASANTRY_RE.sub("", _GREETING_RE.sub("", out))
        if new == out:
            break
        out = new.strip()  # a cut can leave a non-breaking space before the next greeting
    out = _guard(text, out)
    return out if out is text else out.strip()


# --- disclaimers --------------------------------------------------------------------------------
_DISCLAIMER_START = re.compile(
    r"(?:^|(?<=[\n.!?]))[ \t]*(?:\*+\s*)?(?:"
    r"aviso(?: legal| de confidencialidade)?\s*:|confidencialidade\s*:|confidentiality notice|disclaimer\s*:"
    r"|(?:esta|essa) (?:mensagem|comunica[çc][ãa]o|e-?mail)[^\n.]{0,80}?(?:confidencia|sigil|privilegiad|destinatário)"
    r"|(?:o conte[úu]do d)?(?:esta|essa) mensagem e (?:seus|quaisquer) anexos"
    r"|(?:this|the information in this) (?:e-?mail|message|communication)[^\n.]{0,80}?(?:confidential|privileged|intended)"
    r"|the information contained in this"
    r"|if you (?:are not|have received this)[^\n.]{0,60}(?:intended recipient|in error)"
    r"|se voc[êe] (?:n[ãa]o [ée]|recebeu)[^\n.]{0,60}(?:destinat[áa]rio|por engano)"
    r"|antes de imprimir,? pense|please consider the environment"
    r")",
    re.IGNORECASE | re.MULTILINE,
)
_PARA_END = re.compile(r"\n[ \t]*\n")
# every _DISCLAIMER_START alternative contains one of these (cheap gate before the regex)
_DISCLAIMER_WORDS = ("aviso", "confiden", "disclaimer", "sigil", "privileg", "destinat", "intended", "anexos",
                     "the information contained", "in error", "por engano", "imprimir", "environment")


def disclaimers(text: str) -> str:
    """Remove legal disclaimers ("Esta mensagem pode conter informação confidencial...", "This e-mail
    and any attachments are confidential...", "Antes de imprimir, pense no meio ambiente") up to the
    end of their paragraph."""
    if not text or len(text) < 30:
        return text
    low = text.lower()
    if not any(k in low for k in _DISCLAIMER_WORDS):
        return text
    out = text
    for _ in range(4):
        m = _DISCLAIMER_START.search(out)
        if not m:
            break
        end = _PARA_END.search(out, m.end())
        out = out[:m.start()] + (out[end.start():] if end else "")
    return _guard(text, out.rstrip())


# --- help-desk templates and auto-replies -------------------------------------------------------
_REPLY_ABOVE = re.compile(
    r"^[^\n]*(?:##-? ?(?:Please type your reply above this line|Digite sua resposta acima desta linha"
    r"|Por favor,? digite sua resposta acima desta linha|Responda acima desta linha)[^\n]*"
    r"|-{2,} ?(?:reply above this line|responda acima desta linha) ?-{2,}[^\n]*)",
    re.IGNORECASE | re.MULTILINE,
)
_TEMPLATE_LINES = re.compile(
    r"^[ \t]*(?:"
    r"(?:this|esta|este) (?:is an?|é uma?|e uma?) (?:(?:e-?mail|mensagem|message|notifica[çc][ãa]o|aviso) )?"
    r"(?:automated|automatic|autom[áa]tic[oa])[^\n]*"
    r"|(?:please )?do not reply to this (?:e-?mail|message)[^\n]*|(?:por favor,? )?n[ãa]o responda (?:a )?(?:este|esse) e-?mail[^\n]*"
    r"|your (?:request|ticket) \(?#?\d+\)? has been (?:received|updated|solved)[^\n]*"
    r"|sua solicita[çc][ãa]o \(?#?\d+\)? foi (?:recebida|atualizada|resolvida)[^\n]*"
    r"|(?:ticket|chamado|solicita[çc][ãa]o|request) (?:#|n[º°o]\.? ?)\d+[^\n]{0,40}(?:aberto|criado|opened|created|recebid[oa]|received)[^\n]*"
    r"|you are receiving this (?:e-?mail|message) because[^\n]*|voc[êe] est[áa] recebendo (?:este|esse) e-?mail porque[^\n]*"
    r"|powered by (?:zendesk|freshdesk|intercom|hubspot|movidesk|zoho)[^\n]*|\[?(?:zendesk|freshdesk|movidesk)\]?[^\n]{0,20}"
    r"|(?:conversation|conversa) (?:with|com) [^\n]{0,60}$"
    r")(?:\n|$)",
    re.IGNORECASE | re.MULTILINE,
)
# every _TEMPLATE_LINES alternative contains one of these (cheap gate before the regex)
_TEMPLATE_WORDS = ("autom", "reply to this", "responda", "has been", "foi rece", "foi atual", "foi resol",
                   "ticket #", "ticket n", "chamado #", "chamado n", "request #", "solicitação #", "solicitacao #",
                   "solicitação n", "receiving this", "recebendo", "powered by", "zendesk", "freshdesk", "movidesk",
                   "conversation with", "conversa com")
_INLINE_IMAGE = re.compile(r"\[(?:cid|image|imagem):[^\]\n]{0,200}\]", re.IGNORECASE)
_AUTO_REPLY = re.compile(
    r"^[ \t]*(?:"
    r"(?:resposta|mensagem) autom[áa]tica[^\n]*|(?:automatic|auto)[- ]?reply[^\n]*|out of (?:the )?office[^\n]*"
    r"|i (?:am|'m|will be) (?:currently )?(?:out of (?:the )?office|away|on (?:vacation|leave|holiday))[^\n]*"
    r"|(?:estou|estarei) (?:ausente|fora do escrit[óo]rio|de f[ée]rias|em f[ée]rias)[^\n]*"
    r"|(?:retorno|retornarei|volto) (?:no dia|em|a partir de|dia)\s[^\n]*"
    r"|i will (?:respond|reply|get back to you) (?:to your (?:e-?mail|message) )?(?:upon|when|as soon as)[^\n]*"
    r"|(?:em caso de urg[êe]ncia|for (?:urgent matters|anything urgent))[^\n]*"
    r")(?:\n|$)",
    re.IGNORECASE | re.MULTILINE,
)


# every _AUTO_REPLY alternative contains one of these
_AUTO_WORDS = ("autom", "reply", "office", "away", "vacation", "leave", "holiday", "ausente", "escrit", "rias",
               "retorno no", "retorno em", "retorno a", "retorno dia", "retornarei", "volto ", "i will",
               "caso de urg", "for urgent", "anything urgent")


def boilerplate(text: str) -> str:
    """Remove help-desk template text: everything below "##- Please type your reply above this line -##"
    (and its PT versions), template lines ("This is an automated message", "Não responda este
    e-mail", "Your request (#123) has been received", "Powered by Zendesk") and inline-image
    markers ("[cid:image001.png@01DA...]", "[image: logo.png]")."""
    if not text:
        return text
    out = text
    low = text.lower()
    if "this line" in low or "desta linha" in low:
        # keep what stands above the first marker with words before it; markers with nothing
        # above them are template headers: drop them and look again (one pass = fixed point)
        while m := _REPLY_ABOVE.search(out):
            if _WORD.search(out[:m.start()]):
                out = out[:m.start()]
                break
            out = out[m.end():]
    if any(k in low for k in _TEMPLATE_WORDS):
        out = _TEMPLATE_LINES.sub("", out)
    if "[cid:" in out or "[image:" in low or "[imagem:" in low:
        out = _INLINE_IMAGE.sub("", out)
    return _guard(text, out.strip() if out is not text else out)


def auto_replies(text: str) -> str:
    """Remove out-of-office / auto-reply lines ("Resposta automática", "Estou fora do escritório até ...",
    "I am out of the office until ...", "Em caso de urgência ..."). A message that is nothing but an
    auto-reply is kept as is (see the module guard)."""
    if not text:
        return text
    low = text.lower()
    if not any(k in low for k in _AUTO_WORDS):
        return text
    out = _AUTO_REPLY.sub("", text)
    return _guard(text, out.strip() if out != text else out)


# --- chat transcripts ---------------------------------------------------------------------------
_CHAT_LINE = re.compile(
    r"^[ \t]*[\[(]?\d{1,2}:\d{2}(?::\d{2})?(?:[ \t]?[AaPp][Mm])?[\])]?[ \t]*[-–]?[ \t]*([^:\n\[\]]{1,40}?):[ \t]?(.*)$",
    re.MULTILINE,
)
_BOT_SPEAKER = re.compile(
    r"\b(?:bot|chatbot|assistente|assistant|virtual|atendente|agente|agent|suporte|support|sistema|system"
    r"|autom[áa]tic[oa]|automated|operador|operator)\b",
    re.IGNORECASE,
)


def chat_transcripts(text: str) -> str:
    """Chat exports ("[10:02] Vendix Bot: Olá! ...", "[10:03] Ana: meu boleto não chegou"): bot and agent
    lines are dropped, and the time stamp and speaker name are stripped from the customer's lines
    (names are personal data and carry no topic). Needs at least two time-stamped lines."""
    if not text or ":" not in text:
        return text
    lines = list(_CHAT_LINE.finditer(text))
    if len(lines) < 2:
        return text
    out, pos = [], 0
    for m in lines:
        out.append(text[pos:m.start()])
        if not _BOT_SPEAKER.search(m.group(1)):
            out.append(m.group(2))
        pos = m.end()
    out.append(text[pos:])
    result = "".join(out)
    result = _MANY_NL.sub("\n\n", result)
    return _guard(text, result.strip() if result != text else result)


# --- web-form fields ----------------------------------------------------------------------------
_FORM_LABELS = (r"nome(?: completo)?|name|full name|first name|last name|e-?mail|telefone|tel|celular|fone|phone"
                r"|mobile|whats ?app|cpf|cnpj|cpf/cnpj|cpf ou cnpj|documento|document|empresa|company|raz[ãa]o social"
                r"|loja|store|cargo|role|job title|cidade|city|estado|state|uf|cep|zip(?: code)?|endere[çc]o|address"
                r"|pa[íi]s|country|plano|plan|n[úu]mero do pedido|pedido|order(?: number)?|assunto|subject"
                r"|canal|channel|categoria|category|produto|product|prioridade|priority")
_FORM_FIELD = re.compile(rf"^[ \t]*(?:{_FORM_LABELS})[ \t]*:[^\n]*(?:\n|$)", re.IGNORECASE | re.MULTILINE)
_FORM_MESSAGE = re.compile(r"^[ \t]*(?:mensagem|message|descri[çc][ãa]o|description|coment[áa]rios?|comments?"
                           r"|detalhes|details|como podemos ajudar\??|how can we help\??)[ \t]*:[ \t]*\n?",
                           re.IGNORECASE | re.MULTILINE)


def form_fields(text: str) -> str:
    """Web-form submissions ("Nome: ... / E-mail: ... / Telefone: ... / Mensagem: ..."): the labelled
    contact fields are dropped (names, companies and contacts are not the customer's question) and the
    "Mensagem:"/"Message:" label is removed, keeping the message. Needs at least three labelled lines."""
    if not text or ":" not in text:
        return text
    fields = _FORM_FIELD.findall(text)
    if len(fields) < 3:
        return text
    out = _MANY_NL.sub("\n\n", _FORM_MESSAGE.sub("", _FORM_FIELD.sub("", text)))
    return _guard(text, out.strip())


# --- masks left by exporters and complaint sites (model text only) -------------------------------
# "XXXX", "xx/xx/xxxx", "XX/XX/2019", "$XXXX.XX": exporters' personal-data masks
_X_MASK = r"(?:\d{1,4}[/.:-])*[xX]{2,}(?:[/.:,-](?:[xX]{2,}|\d{1,4}))*"
_MASKS = re.compile(
    "|".join([
        rf"(?<![^\W_]){_X_MASK}(?![^\W_])",
        # a mask glued to the next word ("XXXXcan you help"): four or more capital X before lower case
        r"(?<![^\W_])(?-i:X{4,})(?=(?-i:[a-z]))",
        # "***", "****1234", "1234****": starred-out values (two stars only next to digits: "**bold**" stays)
        r"\d*\*{3,}[\d*]*|\d+\*{2}|\*{2}\d+",
        # "{{Order Number}}", "{{name}}": template placeholders never filled in
        r"\{\{[^{}\n]{0,80}\}\}",
        # "[Editado pelo Reclame Aqui]", "[edited by moderator]", "[conteúdo removido]": site edits
        r"\[[^\[\]\n]{0,60}?\b(?:editad[oa]s?|edited|removid[oa]s?|removed|redacted|omitid[oa]s?|omitted"
        r"|ocultad[oa]s?|hidden|censurad[oa]s?|censored|moderad[oa]s?|moderated)\b[^\[\]\n]{0,60}\]",
        # one letter repeated as a whole word: "kkkkk", "aaaa", "zzz"
        r"(?<![^\W_])([^\W\d_])\1{2,}(?![^\W_])",
    ]),
    re.IGNORECASE,
)
#: a whole token that :func:`masks` removes (for checks on keywords and labels)
MASK_TOKEN = re.compile(rf"^(?:{_X_MASK}|\**\d*\*{{2,}}\d*|([^\W\d_])\1{{2,}}|\{{\{{.*\}}\}})$", re.IGNORECASE)


def masks(text: str) -> str:
    """Remove mask tokens that exporters and complaint sites put in place of text: ``XXXX``,
    ``xx/xx/xxxx``, ``XX/XX/2019``, ``***``, ``****1234``, unfilled template placeholders
    (``{{Order Number}}``), bracketed site edits (``[Editado pelo Reclame Aqui]``, ``[edited by
    moderator]``) and one letter repeated as a word (``kkkkk``, ``aaaa``). For ``text_model``: a
    mask carries no topic, yet in a masked export it is the most common "word" and becomes a
    topic of its own. Unlike the display steps this one may leave an empty string (a text of
    masks only has nothing to say to the topic model); where a mask went, runs of spaces fold to
    one. Placeholders from redaction (``[EMAIL]``) are not touched."""
    if not text:
        return text
    low = text.lower()
    if "xx" not in low and "**" not in text and "{{" not in text and "[" not in text and not _REPEAT_HINT.search(low):
        return text
    out, n = _MASKS.subn(" ", text)
    return _SPACES.sub(" ", out).strip() if n else text


_SPACES = re.compile(r"[ \t]{2,}")
_REPEAT_HINT = re.compile(r"([^\W\d_])\1\1")
