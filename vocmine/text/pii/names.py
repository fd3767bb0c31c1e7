"""Names given in a self-introduction: "me chamo Ana Souza", "meu nome é João", "Oi, aqui é Carla",
"sou a Maria", "my name is John Smith", "Hi, this is Mary". The name tokens after the cue are
redacted (``[NAME]``); nothing else is treated as a name (no dictionary, no NER model).

Strong cues (me chamo, meu nome é, my name is) take the name in any casing: ``Ana Souza``, ``ANA
SOUZA``, or up to two lower-case words that are not common words (``meu nome e kaua``). Weak cues
(aqui é, quem fala é, sou o/a, this is) need a capitalised name that is not a common word and must
open the text, a sentence or follow a greeting, so "aqui e recebi", "sou a favor" and "this is
ridiculous" stay. Name particles (da, de, dos, van...) are kept inside a name, never at its end.
"""

from __future__ import annotations

from collections.abc import Iterator

from vocmine.text.pii import _patterns as P
from vocmine.text.pii.spans import Span

__all__ = ["find_names"]

_PARTICLES = frozenset("da de do dos das di du del della van von der den la le st".split())
_CAPS_PARTICLES = frozenset("DA DE DO DOS DAS".split())
# words that follow a cue but are not names (compared lower-cased)
_NOT_NAMES = frozenset("""
a o as os um uma uns umas e é eh ou mas que se não nao nem sim já ja só so mesmo mesma muito muita bem mal mais menos
meu minha meus minhas seu sua seus suas teu tua nosso nossa dele dela deles delas eu ele ela eles elas você voce vocês
voces tu nós nos isso isto aquilo esse essa este esta aqui ali lá la cá ca agora hoje ontem amanhã sempre nunca também
tambem ainda apenas somente então entao porque pois como quando onde quem qual quais pra para por pelo pela com sem em
no na nos nas do da dos das de ao aos à às num numa sobre entre até ate após apos desde contra cliente clientes
consumidor consumidora titular responsável responsavel dono dona proprietário proprietario usuário usuario comprador
compradora gerente atendente suporte equipe empresa loja senhor senhora sr sra dr dra cpf cnpj rg email e-mail telefone
endereço endereco nome sobrenome completo registrado cadastrado cadastro negativado sujo limpo igual diferente
fulano fulana tal cara mãe mae pai filho filha esposo esposa marido mulher amigo amiga irmão irmao irmã irma vizinho
the an and or but not no yes so very too just really also still only even my your his her our their its it this that
these those there here now then today i me we you he she they who what which when where why how on in at of to for
from with without by about as is was am are be been being customer client user owner manager agent support team
company store sir madam mr mrs ms miss dr name full listed registered same different called
ridiculous terrible awful great good bad fine ok okay sure unacceptable urgent important frustrating annoying amazing
awesome horrible absurd absurdo absurda ridículo ridiculo ridícula ridicula péssimo pessimo péssima pessima ótimo
otimo ótima otima bom boa ruim inaceitável inaceitavel urgente importante
favor contra parte dona-de-casa portador portadora aposentado aposentada
""".split())
_MAX_TOKENS = 5


def _tokens(text: str, pos: int) -> Iterator[tuple[str, int, int]]:
    """Word tokens from ``pos`` separated by spaces/tabs only (a line break or punctuation ends it)."""
    n = len(text)
    while pos < n:
        g = P.NAME_GAP.match(text, pos)
        if g is not None:
            pos = g.end()
        m = P.NAME_TOKEN.match(text, pos)
        if m is None:
            return
        yield m.group(), m.start(), m.end()
        pos = m.end()


def _casing(word: str) -> str:
    if word.isupper():
        return "caps" if len(word) > 1 else "title"
    if word[0].isupper():
        return "title"
    return "lower"


def _name_span(text: str, pos: int, *, strong: bool) -> Span | None:
    """Span of the name tokens starting at ``pos`` (one casing throughout; particles only inside)."""
    mode: str | None = None
    start = end = -1
    count = 0
    for word, s, e in _tokens(text, pos):
        low = word.lower()
        if count and (low in _PARTICLES if mode == "title" else word in _CAPS_PARTICLES if mode == "caps" else False):
            continue  # kept only if a name token follows (the span ends at the last name token)
        if low in _NOT_NAMES or low in _PARTICLES:
            break
        case = _casing(word)
        if mode is None:
            if case != "title" and not strong:
                break
            mode = case
        elif case != mode:
            break
        if count >= (2 if mode == "lower" else 3 if mode == "caps" else _MAX_TOKENS):
            break
        if start < 0:
            start = s
        end = e
        count += 1
    return (start, end) if count else None


def find_names(text: str) -> Iterator[Span]:
    """Spans of names introduced by a self-introduction cue (see the module docstring)."""
    if not P.NAME_GATE(text):
        return
    for m in P.NAME_CUE_STRONG.finditer(text):
        span = _name_span(text, m.end(), strong=True)
        if span is not None:
            yield span
    for m in P.NAME_CUE_WEAK.finditer(text):
        if not P.NAME_WEAK_BEFORE.search(text, max(0, m.start() - 30), m.start()):
            continue
        span = _name_span(text, m.end(), strong=False)
        if span is not None:
            yield span
