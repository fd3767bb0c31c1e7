"""Stop words for c-TF-IDF topic words: spaCy's PT/EN lists plus a support-domain list.

Matching is accent-insensitive (``voce`` and ``você`` are both stop words): the sets returned by
:func:`stopwords` contain each word and its accent-folded form.
"""

from __future__ import annotations

from functools import lru_cache

from vocmine.text.normalize import accents

__all__ = ["SUPPORT_STOPWORDS", "stopwords"]

# Words every support ticket has, which would otherwise top every topic's c-TF-IDF list.
SUPPORT_STOPWORDS: frozenset[str] = frozenset("""
obrigado obrigada obrigados obrigadas obrigar agradeço agradecer agradecimento grato grata att atte atenciosamente
cordialmente abs abraço abraços olá ola oi oie prezado prezada prezados prezadas caro cara bom boa dia tarde noite
tudo bem favor gentileza cliente clientes ticket tickets chamado chamados protocolo solicitação solicitacao
solicitar atendimento atendente suporte equipe time pessoal aguardo retorno urgente ajuda ajudar preciso
precisar gostaria sr sra senhor senhora assunto re fw fwd enc encaminhada mensagem resposta
hoje ontem ainda já ja aqui vocês voces você voce fazer ver ter estar ser ir vir poder dever querer conseguir
please pls plz thanks thank thx tks hello hi hey dear regards best kind cheers sincerely team support customer
request help issue problem hope well asap need want would could get got also still yet just really sent
iphone android outlook wrote escreveu enviado sent subject from to cc
whatsapp zap chat conversa conversation ligação ligacao call inbound outbound callback bot transcript via fw fwd
res ref pra pro vc vcs pfv pf pls today yesterday urgent wo ca na
mr mrs ms mister dr dra srta sir madam dona
didn doesn isn wasn weren aren hasn haven hadn couldn wouldn shouldn mustn needn ain don
didnt doesnt isnt wasnt werent arent hasnt havent hadnt couldnt wouldnt shouldnt cant dont wont im ive youre
""".split())
# ("didn" and the rest: what the c-TF-IDF tokenizer keeps of "didn't", which spaCy's list holds only
# whole; "didnt": the same written without the apostrophe, as tickets often are)


@lru_cache(maxsize=8)
def stopwords(lang: str) -> frozenset[str]:
    """Stop words for ``lang`` ('pt', 'en'; anything else gets both) with support-domain words and
    accent-folded forms, lower case."""
    from spacy.lang.en.stop_words import STOP_WORDS as EN  # small modules, no model loaded
    from spacy.lang.pt.stop_words import STOP_WORDS as PT

    base = {"pt": PT, "en": EN}.get(lang, PT | EN)
    words = {w.lower() for w in base} | set(SUPPORT_STOPWORDS)
    return frozenset(words | {accents(w) for w in words})
