"""Noise for the sample export: registers (typos, no accents, slang, caps, emoji), mojibake,
HTML bodies, quoted replies and signatures in Gmail / Outlook / mobile styles.

PII is inserted into texts as placeholders ``⟦n⟧`` and replaced only at the very end, so every
transform here must leave placeholders untouched: they work through ``map_text``.
"""

from __future__ import annotations

import html
import random
import re
import unicodedata
from collections.abc import Callable

PLACEHOLDER = re.compile(r"(⟦\d+⟧)")
WORD = re.compile(r"[^\W\d_]{4,}")


def map_text(text: str, fn: Callable[[str], str]) -> str:
    """Apply ``fn`` to every part of ``text`` that is not a PII placeholder."""
    parts = PLACEHOLDER.split(text)
    return "".join(p if i % 2 else fn(p) for i, p in enumerate(parts))


# --------------------------------------------------------------------------- registers


def strip_accents(text: str) -> str:
    def fn(s: str) -> str:
        return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    return map_text(text, fn)


_KEYBOARD_NEIGHBOURS = {
    "a": "sq", "b": "vn", "c": "xv", "d": "sf", "e": "wr", "f": "dg", "g": "fh", "h": "gj", "i": "uo", "j": "hk",
    "k": "jl", "l": "k", "m": "n", "n": "bm", "o": "ip", "p": "o", "q": "w", "r": "et", "s": "ad", "t": "ry",
    "u": "yi", "v": "cb", "w": "qe", "x": "zc", "y": "tu", "z": "x",
}


def typos(text: str, rng: random.Random, rate: float = 0.08) -> str:
    """Swap, drop, double or mistype letters in some words (never in placeholders)."""
    def word_typo(m: re.Match[str]) -> str:
        w = m.group(0)
        if rng.random() > rate:
            return w
        i = rng.randrange(1, len(w) - 1)
        kind = rng.randrange(4)
        if kind == 0:
            return w[:i] + w[i + 1] + w[i] + w[i + 2:]
        if kind == 1:
            return w[:i] + w[i + 1:]
        if kind == 2:
            return w[:i] + w[i] + w[i:]
        near = _KEYBOARD_NEIGHBOURS.get(w[i].lower())
        return w[:i] + (rng.choice(near) if near else w[i]) + w[i + 1:]
    return map_text(text, lambda s: WORD.sub(word_typo, s))


SLANG_PT = [
    (r"\bvocês\b", "vcs"), (r"\bvoce\b", "vc"), (r"\bvocê\b", "vc"), (r"\bporque\b", "pq"), (r"\bpor que\b", "pq"),
    (r"\bnão\b", "n"), (r"\bestá\b", "tá"), (r"\bestou\b", "to"), (r"\btambém\b", "tb"), (r"\bquando\b", "qdo"),
    (r"\bpor favor\b", "pfv"), (r"\bobrigado\b", "vlw"), (r"\bpara\b", "pra"), (r"\bmuito\b", "mto"),
    (r"\bhoje\b", "hj"), (r"\bcom\b", "c/"), (r"\bmensagem\b", "msg"), (r"\bqualquer\b", "qq"),
    (r"\bbeleza\b", "blz"), (r"\bestão\b", "tão"), (r"\bnada\b", "nd"), (r"\bde novo\b", "dnv"),
]
SLANG_EN = [
    (r"\byou\b", "u"), (r"\byour\b", "ur"), (r"\bplease\b", "pls"), (r"\bthanks\b", "thx"), (r"\bbecause\b", "bc"),
    (r"\bdon't\b", "dont"), (r"\bcan't\b", "cant"), (r"\bI'm\b", "im"), (r"\bit's\b", "its"), (r"\bare\b", "r"),
    (r"\btoday\b", "2day"), (r"\bwith\b", "w/"), (r"\bpeople\b", "ppl"), (r"\bthough\b", "tho"),
    (r"\bwhat\b", "wat"), (r"\bdoesn't\b", "doesnt"), (r"\bbefore\b", "b4"),
]
_SLANG = {lang: [(re.compile(p, re.IGNORECASE), r) for p, r in table] for lang, table in
          (("pt", SLANG_PT), ("en", SLANG_EN))}


def slang(text: str, lang: str, rng: random.Random, rate: float = 0.7) -> str:
    def fn(s: str) -> str:
        for pat, rep in _SLANG[lang]:
            if rng.random() < rate:
                s = pat.sub(rep, s)
        return s
    return map_text(text, fn)


def casual_case(text: str) -> str:
    """Lower-case everything (a lazy writer); placeholders keep their case."""
    return map_text(text, str.lower)


def shout(text: str) -> str:
    return map_text(text, str.upper)


EMOJI_ANGRY = ["😡", "😤", "🤬", "😠", "‼️", "❗❗", "🙄"]
EMOJI_SAD = ["😭", "😢", "😞", "🙏", "🙏🙏", "😕", "🥲"]
EMOJI_OK = ["🙂", "😊", "👍", "😉", "🤝", "✅"]


def add_emoji(text: str, rng: random.Random, mood: str) -> str:
    pool = {"angry": EMOJI_ANGRY, "sad": EMOJI_SAD}.get(mood, EMOJI_OK)
    pieces = text.split("\n")
    k = rng.randrange(len(pieces))
    pieces[k] = pieces[k].rstrip() + " " + rng.choice(pool)
    if rng.random() < 0.3:
        pieces[-1] = pieces[-1] + rng.choice(pool)
    return "\n".join(pieces)


# --------------------------------------------------------------------------- mojibake


def _cp1252_or_latin1(b: int) -> str:
    try:
        return bytes([b]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(b)


def mojibake(text: str) -> str:
    """UTF-8 bytes read as cp1252 (``Não`` -> ``NÃ£o``)."""
    def fn(s: str) -> str:
        return "".join(_cp1252_or_latin1(b) for b in s.encode("utf-8"))
    return map_text(text, fn)


# --------------------------------------------------------------------------- HTML

_ENTITY_CHARS = {"á": "&aacute;", "ã": "&atilde;", "ç": "&ccedil;", "é": "&eacute;", "ê": "&ecirc;", "í": "&iacute;",
                 "ó": "&oacute;", "õ": "&otilde;", "ú": "&uacute;", "à": "&agrave;", "â": "&acirc;", "ô": "&ocirc;",
                 "Ã": "&Atilde;", "É": "&Eacute;", "Ç": "&Ccedil;"}


def html_escape(text: str, *, named_entities: bool) -> str:
    def fn(s: str) -> str:
        s = html.escape(s, quote=False)
        if named_entities:
            s = "".join(_ENTITY_CHARS.get(c, c) for c in s)
        return s
    return map_text(text, fn)


_GMAIL_HEADER = re.compile(r"(escreveu|wrote):\s*$")
_OUTLOOK_HEADER = re.compile(r"^(-----Mensagem original-----|-----Original Message-----|_{10,})")
_FORWARD_HEADER = re.compile(r"^-{5,} (Mensagem encaminhada|Forwarded message)")
_BULLET = re.compile(r"^\s*[-*•] ")
_SIGNATURE = re.compile(r"^(--|-- |__)\n")
_QUOTE_STYLE = "margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex"


def _unquote(paragraph: str) -> str:
    return "\n".join(re.sub(r"^> ?", "", line) for line in paragraph.split("\n"))


def to_html(paragraphs: list[str], rng: random.Random, *, table: list[tuple[str, str]] | None = None) -> str:
    """Render plain paragraphs as an HTML e-mail body the way mail clients do.

    Quoted replies become Gmail ``gmail_quote`` blockquotes or Outlook ``divRplyFwdMsg`` blocks,
    bullet paragraphs become lists, signatures get their client's wrapper; entities optional.
    """
    style = rng.randrange(4)
    named = rng.random() < 0.4

    def esc(text: str) -> str:
        return html_escape(text, named_entities=named).replace("\n", "<br>")

    def para(text: str) -> str:
        if style == 0:
            return f"<p>{esc(text)}</p>"
        if style == 1:
            return f"<div>{esc(text)}</div><div><br></div>"
        if style == 2:
            return f"<div>{esc(text)}<br><br></div>"
        return (f'<p class="MsoNormal"><span style="font-family:Calibri,sans-serif">{esc(text)}</span></p>'
                f'<p class="MsoNormal">&nbsp;</p>')

    def render(paras: list[str]) -> str:
        out: list[str] = []
        for i, p in enumerate(paras):
            first_line = p.split("\n", 1)[0]
            if _GMAIL_HEADER.search(p) and "\n" not in p.strip():
                rest = [_unquote(x) for x in paras[i + 1:]]
                out.append(f'<div class="gmail_quote"><div dir="ltr" class="gmail_attr">{esc(p)}<br></div>'
                           f'<blockquote class="gmail_quote" style="{_QUOTE_STYLE}">{render(rest)}</blockquote></div>')
                break
            if _FORWARD_HEADER.match(first_line):
                out.append(f'<div class="gmail_quote"><div dir="ltr" class="gmail_attr">{esc(p)}<br></div><br>'
                           f'{render(paras[i + 1:])}</div>')
                break
            if _OUTLOOK_HEADER.match(first_line):
                lines = p.split("\n")[1:]
                head = "<br>".join(
                    f"<b>{html_escape(line.split(':', 1)[0], named_entities=named)}:</b>"
                    f"{html_escape(line.split(':', 1)[1], named_entities=named)}" if ":" in line else esc(line)
                    for line in lines)
                out.append('<div id="divRplyFwdMsg" dir="ltr"><hr style="display:inline-block;width:98%" tabindex="-1">'
                           f'<font face="Calibri, sans-serif" style="font-size:11pt" color="#000000">{head}</font>'
                           f'<div>&nbsp;</div></div>{render(paras[i + 1:])}')
                break
            lines = p.split("\n")
            if len(lines) > 1 and all(_BULLET.match(x) for x in lines):
                items = "".join(f"<li>{esc(_BULLET.sub('', x))}</li>" for x in lines)
                out.append(f"<ul>{items}</ul>")
            elif _SIGNATURE.match(p):
                sig = esc(_SIGNATURE.sub("", p))
                out.append(f'<div dir="ltr" class="gmail_signature">-- <br>{sig}</div>' if style != 3 else
                           f'<div id="Signature"><p class="MsoNormal">{sig}</p></div>')
            else:
                out.append(para(p))
        return "".join(out)

    body = render(paragraphs)
    if table:
        rows = "".join(f"<tr><td><b>{html_escape(k, named_entities=named)}</b></td><td>"
                       f"{html_escape(v, named_entities=named)}</td></tr>" for k, v in table)
        table_html = f'<table border="0" cellpadding="2" cellspacing="0">{rows}</table>'
        cut = body.find('<div class="gmail_quote">')
        cut = body.find('<div id="divRplyFwdMsg"') if cut < 0 else cut
        body = body + table_html if cut < 0 else body[:cut] + table_html + body[cut:]
    if style == 2:
        body = f'<div dir="ltr">{body}</div>'
    if rng.random() < 0.5:
        body = f'<html><head><meta charset="utf-8"></head><body>{body}</body></html>'
    if rng.random() < 0.3:
        body = body.replace("</p>", "</p>\n").replace("</div>", "</div>\n")
    return body


# --------------------------------------------------------------------------- quoted replies

PT_WEEKDAYS = ["seg.", "ter.", "qua.", "qui.", "sex.", "sáb.", "dom."]
PT_MONTHS = ["jan.", "fev.", "mar.", "abr.", "mai.", "jun.", "jul.", "ago.", "set.", "out.", "nov.", "dez."]
PT_MONTHS_FULL = ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro",
                  "outubro", "novembro", "dezembro"]
EN_WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
EN_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
EN_MONTHS_FULL = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                  "November", "December"]


def quote_header(style: str, lang: str, when, sender_name: str, sender_email_ph: str, to_ph: str,
                 subject: str) -> str:
    """Header line(s) above a quoted message. ``when`` is a datetime."""
    wd, d, m, y = when.weekday(), when.day, when.month - 1, when.year
    hh, mm = when.hour, when.minute
    if style == "gmail":
        if lang == "pt":
            return (f"Em {PT_WEEKDAYS[wd]}, {d} de {PT_MONTHS[m]} de {y} às {hh:02d}:{mm:02d}, "
                    f"{sender_name} <{sender_email_ph}> escreveu:")
        h12 = hh % 12 or 12
        ampm = "AM" if hh < 12 else "PM"
        return (f"On {EN_WEEKDAYS[wd]}, {EN_MONTHS[m]} {d}, {y} at {h12}:{mm:02d} {ampm} "
                f"{sender_name} <{sender_email_ph}> wrote:")
    if style == "outlook":
        if lang == "pt":
            return ("-----Mensagem original-----\n"
                    f"De: {sender_name} <{sender_email_ph}>\n"
                    f"Enviado: {['segunda-feira', 'terça-feira', 'quarta-feira', 'quinta-feira', 'sexta-feira', 'sábado', 'domingo'][wd]}, "
                    f"{d} de {PT_MONTHS_FULL[m]} de {y} {hh:02d}:{mm:02d}\n"
                    f"Para: {to_ph}\n"
                    f"Assunto: {subject}")
        h12 = hh % 12 or 12
        ampm = "AM" if hh < 12 else "PM"
        return ("-----Original Message-----\n"
                f"From: {sender_name} <{sender_email_ph}>\n"
                f"Sent: {['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'][wd]}, "
                f"{EN_MONTHS_FULL[m]} {d}, {y} {h12}:{mm:02d} {ampm}\n"
                f"To: {to_ph}\n"
                f"Subject: {subject}")
    if style == "outlook_line":
        if lang == "pt":
            return (f"________________________________\nDe: {sender_name} <{sender_email_ph}>\n"
                    f"Enviado: {d:02d}/{m + 1:02d}/{y} {hh:02d}:{mm:02d}\nPara: {to_ph}\nAssunto: {subject}")
        return (f"________________________________\nFrom: {sender_name} <{sender_email_ph}>\n"
                f"Sent: {m + 1}/{d}/{y} {hh % 12 or 12}:{mm:02d} {'AM' if hh < 12 else 'PM'}\nTo: {to_ph}\n"
                f"Subject: {subject}")
    if style == "forward":
        if lang == "pt":
            return (f"---------- Mensagem encaminhada ---------\nDe: {sender_name} <{sender_email_ph}>\n"
                    f"Data: {PT_WEEKDAYS[wd]}, {d} de {PT_MONTHS[m]} de {y} às {hh:02d}:{mm:02d}\n"
                    f"Assunto: {subject}\nPara: {to_ph}")
        return (f"---------- Forwarded message ---------\nFrom: {sender_name} <{sender_email_ph}>\n"
                f"Date: {EN_WEEKDAYS[wd]}, {EN_MONTHS[m]} {d}, {y} at {hh % 12 or 12}:{mm:02d} "
                f"{'AM' if hh < 12 else 'PM'}\nSubject: {subject}\nTo: {to_ph}")
    raise ValueError(style)


def gt_quote(text: str, depth: int = 1) -> str:
    prefix = ">" * depth + " "
    return "\n".join((prefix + line) if line.strip() else ">" * depth for line in text.split("\n"))
