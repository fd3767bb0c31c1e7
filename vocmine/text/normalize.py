"""Normalisation steps ``f(text) -> str``: mojibake repair, unicode clean-up, whitespace, accent folding.

``accents`` folds diacritics and is meant for *matching only* (stop words, patterns): the cleaned
columns keep the customer's accents.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["mojibake", "unicode", "whitespace", "accents"]

# Characters that typically show up when UTF-8 was decoded as Latin-1/cp1252 (Ã§, Ã£, â€™, Â ...).
_MOJIBAKE_HINT = re.compile("[\u00c2\u00c3\u00e2\u00c5\u00ef\u00f0\ufffd][\u0080-\u00bf\u2018-\u203a\u20ac\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u02c6\u02dc\u0192]")


def mojibake(text: str) -> str:
    """Repair text decoded with the wrong codec (``NÃ£o`` -> ``Não``) using ftfy.

    ftfy only runs on text that shows a mojibake hint (fast path for the common, clean case)."""
    if not text or text.isascii() or not _MOJIBAKE_HINT.search(text):
        return text
    import ftfy  # lazy: not needed for clean text

    cfg = ftfy.TextFixerConfig(unescape_html=False, fix_line_breaks=False, uncurl_quotes=False,
                               fix_latin_ligatures=False, fix_character_width=False, normalization=None,
                               explain=False)
    for _ in range(3):  # fixed point, so the step is idempotent
        fixed = ftfy.fix_text(text, cfg)
        if fixed == text:
            break
        text = fixed
    return text


# control and format characters (zero-width, BOM, bidi marks), except \t \n
_CONTROL = re.compile("[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_LINE_SEPS = re.compile("\r\n?|[\u2028\u2029\u0085]")


def unicode(text: str, *, form: str = "NFC") -> str:
    """Unicode ``form`` (NFC), Windows/old-Mac line ends to ``\\n``, exotic spaces to a space,
    control and zero-width characters dropped."""
    if not text:
        return text
    ascii_only = text.isascii()
    if "\r" in text or not ascii_only:
        text = _LINE_SEPS.sub("\n", text)
    if not ascii_only:
        if _SPACES.search(text):
            text = _SPACES.sub(" ", text)
        if _CONTROL.search(text):
            text = _CONTROL.sub("", text)
        if not unicodedata.is_normalized(form, text):
            text = unicodedata.normalize(form, text)
            # normalisation can (rarely) produce new format characters; one more pass keeps it idempotent
            text = _CONTROL.sub("", _SPACES.sub(" ", text))
    else:
        text = _CONTROL.sub("", text)
    return text


_HSPACE = re.compile(r"[^\S\n]+")
_ODD_SPACE = re.compile(r"[^\S\n ]").search  # any space-like character other than " " and "\n"
_SPACE_NL = re.compile(r" ?\n ?")
_MANY_NL = re.compile(r"\n{3,}")
_ANY_WS = re.compile(r"\s+")


def whitespace(text: str, *, keep_lines: bool = True) -> str:
    """Collapse runs of spaces/tabs, trim lines, keep at most one blank line; ``keep_lines=False``
    folds everything to single spaces (for model text)."""
    if not text:
        return text
    if not keep_lines:
        return _ANY_WS.sub(" ", text).strip()
    if "  " in text or _ODD_SPACE(text):
        text = _HSPACE.sub(" ", text)
    if " \n" in text or "\n " in text:
        text = _SPACE_NL.sub("\n", text)
    if "\n\n\n" in text:
        text = _MANY_NL.sub("\n\n", text)
    return text.strip()


def accents(text: str) -> str:
    """Fold diacritics (``ação`` -> ``acao``); for matching only, never for displayed text."""
    if not text or text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))
