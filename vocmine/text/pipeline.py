"""Composition of text steps, and the two standard pipelines behind ``text_display`` and ``text_model``.

The display pipeline runs, in order: ``normalize.mojibake`` -> ``remove.html`` -> ``normalize.unicode``
-> ``remove.boilerplate`` -> ``remove.quoted_replies`` -> ``remove.chat_transcripts`` ->
``remove.form_fields`` -> ``remove.auto_replies`` -> ``remove.disclaimers`` -> ``remove.greetings`` -> ``remove.signatures`` ->
``normalize.whitespace`` -> **PII redaction** (:func:`vocmine.text.pii.redact`). The steps before
redaction repeat until the text stops changing (at most 4 passes; one cut can expose another, e.g.
a forward header behind a greeting), which makes the pipeline idempotent.

Redaction is the last step of the display text, so it sees exactly the text that is kept: nothing
that leaves this pipeline (``text_display``, ``text_model``, lemmas, language id, embeddings) has
seen unredacted text, and a cut that glues a number to new neighbours ("OLA.11987654321" minus the
greeting) cannot hide it from the detectors. The steps before it are pure in-process string
surgery; mojibake and HTML entities must be undone before detection anyway (``joao&#64;x.com``).
Quoted history and signature blocks are dropped before redaction (less text to scan); their PII
goes with them. Greetings go before signatures: stripping a greeting can expose a mobile footer
("Oi. Enviado do meu iPhone"), never the reverse, which keeps the pipeline idempotent.

``text_model`` (for the embedder and c-TF-IDF) is the display text with placeholders dropped (they
carry no topic meaning and would make unrelated tickets look alike), exporters' and sites' masks
dropped (:func:`vocmine.text.remove.masks`: ``XXXX``, ``***``, ``{{...}}``, ``[Editado pelo Reclame
Aqui]``, ``kkkk``; the display text keeps them, a reader sees where text was masked), all whitespace folded to single
spaces, casing kept (the multilingual USE embedder is trained on natural text) and cut at a word
boundary to :data:`MODEL_MAX_CHARS` characters.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping

from vocmine.exceptions import ConfigError
from vocmine.text import normalize, remove
from vocmine.text.pii import PLACEHOLDER_RE
from vocmine.text.pii.detect import compile_extra, redact_compiled

__all__ = ["Pipeline", "make_pipeline", "display_pipeline", "model_text", "MODEL_MAX_CHARS"]

MODEL_MAX_CHARS = 1000
Step = Callable[[str], str]


class Pipeline:
    """Callable composition of ``str -> str`` steps, applied left to right.

    ``Pipeline(remove.html, (normalize.whitespace, {"keep_lines": False}))``: a step is a callable
    or a ``(callable, kwargs)`` pair. ``steps`` holds the bound callables."""

    def __init__(self, *steps: Step | tuple[Callable[..., str], Mapping]):
        bound: list[Step] = []
        for step in steps:
            if isinstance(step, tuple):
                if len(step) != 2 or not callable(step[0]) or not isinstance(step[1], Mapping):
                    raise ConfigError(f"pipeline step {step!r} must be a callable or (callable, kwargs)")
                step = functools.partial(step[0], **step[1])
            if not callable(step):
                raise ConfigError(f"pipeline step {step!r} is not callable")
            bound.append(step)
        self.steps: tuple[Step, ...] = tuple(bound)

    def __call__(self, text: str) -> str:
        for step in self.steps:
            text = step(text)
        return text

    def __len__(self) -> int:
        return len(self.steps)

    def __repr__(self) -> str:
        names = []
        for s in self.steps:
            f = s.func if isinstance(s, functools.partial) else s
            names.append(f"{getattr(f, '__module__', '').rsplit('.', 1)[-1]}.{getattr(f, '__name__', repr(f))}")
        return f"Pipeline({', '.join(names)})"


def make_pipeline(*steps: Step | tuple[Callable[..., str], Mapping]) -> Pipeline:
    """Compose steps into a :class:`Pipeline` (scikit-learn's ``make_pipeline`` habit)."""
    return Pipeline(*steps)


def display_pipeline(*, extra_pii_patterns: Mapping[str, str | re.Pattern] | None = None) -> Pipeline:
    """The pipeline that produces ``text_display`` (see the module docstring for the order)."""
    compiled = compile_extra(extra_pii_patterns)

    def pii(text: str) -> str:
        return redact_compiled(text, compiled) if text else text

    pii.__name__ = "redact"
    pii.__module__ = "vocmine.text.pii"
    noise = Pipeline(
        normalize.mojibake,
        remove.html,
        normalize.unicode,
        remove.boilerplate,
        remove.quoted_replies,
        remove.chat_transcripts,
        remove.form_fields,
        remove.auto_replies,
        remove.disclaimers,
        remove.greetings,
        remove.signatures,
        normalize.whitespace,
    )

    def noise_removal(text: str) -> str:
        # one cut can expose another ("Alô. -----Original Message-----" once the greeting is gone):
        # repeat until nothing changes, so the display text is a fixed point (bounded, usually 2 passes)
        for _ in range(4):
            out = noise(text)
            if out == text:
                break
            text = out
        return text

    noise_removal.__module__ = "vocmine.text.remove"
    noise_removal.__name__ = "decode_and_remove_noise"
    return Pipeline(noise_removal, pii)


_SPACE_RUN = re.compile(r"\s+")


def model_text(display: str, *, max_chars: int = MODEL_MAX_CHARS) -> str:
    """``text_model`` from ``text_display``: placeholders and masks dropped, whitespace folded, cut to
    ``max_chars``."""
    if not display:
        return ""
    text = PLACEHOLDER_RE.sub(" ", display) if "[" in display else display
    text = remove.masks(text)
    text = _SPACE_RUN.sub(" ", text).strip()
    if len(text) > max_chars:
        cut = text.rfind(" ", 0, max_chars + 1)
        text = text[:cut if cut > max_chars // 2 else max_chars].rstrip()
    return text
