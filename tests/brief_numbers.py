"""Cross-check of a published brief's numbers against its tables (issue 15, agreement by construction).

:func:`check_brief` reads a brief's Markdown (``<period>/<stem>.<lang>.md``) and the period's
``tables/*.csv`` and returns every number quoted in the text with whether a table value, shown with
the same rounding, stands behind it. Numbers are read in the brief's format (PT ``1.234,5``, EN
``1,234.5``; ``−`` and ``+`` signs; ``%``, ``pts``/``p.p.`` and ``×`` units).

Scope of each number: a number on a line (or in a table row, or under a ``###`` heading) that names
topics must match a value of *those topics'* rows (any table with a topic id column) or a value of
the period's overview (``product_overview.csv`` / the tables without topic column); a number that
names no topic may match any value. A value ``v`` stands behind a shown number ``s`` with ``d``
decimals when ``v``, ``100·v`` (rates and differences shown as %/points) or, for an unsigned ``s``,
``|v|`` or ``|100·v|`` rounds to ``s`` at ``d`` decimals.

Not numbers of the analysis, removed before reading: quoted text (“…”, topic labels and redacted
examples), topic labels (``topic_catalogue.csv``), dates and months, the ordinal of a ``###``
heading and the ``#`` column of a table, ordinal markers (1ª, 2º), image file names.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

_MONTHS_EN = ("January|February|March|April|May|June|July|August|September|October|November|December|"
              "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec")
_MONTHS_PT = ("janeiro|fevereiro|março|marco|abril|maio|junho|julho|agosto|setembro|outubro|novembro|dezembro|"
              "jan|fev|mar|abr|mai|jun|jul|ago|set|out|nov|dez")
_DATES = [
    re.compile(r"\b\d{4}-\d{2}(?:-\d{2})?\b"),
    re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b"),
    re.compile(r"\b\d{2}/\d{2}\b"),  # day/month (a chronic topic's 6/6 months stays a number)
    re.compile(rf"\b(?:{_MONTHS_PT}|{_MONTHS_EN})/\d{{2}}\b", re.I),
    re.compile(r"\b\d{1,2}:\d{2}\b"),
    re.compile(rf"\b(?:{_MONTHS_EN})\.? \d{{1,2}}(?:, \d{{4}})?\b", re.I),
    re.compile(rf"\b(?:{_MONTHS_EN}|{_MONTHS_PT})\.?(?: de)? \d{{4}}\b", re.I),
    re.compile(rf"\b\d{{1,2}}(?: de)? (?:{_MONTHS_PT}|{_MONTHS_EN})\b\.?(?:(?: de)? \d{{4}})?", re.I),
]
_NUMBER = re.compile(r"(?<![\w.,])([−+\-]?)(\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)(?![\w])")
_TOPIC_COLS = ("topic_id", "topic", "topic_mode")
#: table columns that hold quoted text (redacted examples, questions), not figures
_TEXT_HEADERS = {"example", "exemplo", "question", "pergunta"}


@dataclass
class Quoted:
    """One number of the text: ``raw`` as written, ``value``, ``decimals``, ``unit`` ('%', 'pts', '×' or ''),
    ``topics`` it is scoped to (empty: any table), ``line`` (1-based) and whether a table value ``matched``."""

    raw: str
    value: float
    decimals: int
    unit: str
    line: int
    topics: frozenset = field(default_factory=frozenset)
    matched: bool = False
    context: str = ""
    bound: str = ""  # "<" or ">" when the text states a bound (q < 0.001), "" for a value


def parse_number(text: str, lang: str) -> tuple[float, int]:
    """(value, decimals shown) of a number written in ``lang``'s format (sign handled by the caller)."""
    thousands, decimal = (".", ",") if lang == "pt" else (",", ".")
    body = text.replace(thousands, "") if re.fullmatch(rf"\d{{1,3}}(?:\{thousands}\d{{3}})+(?:\{decimal}\d+)?", text) \
        else text
    if decimal in body:
        whole, frac = body.split(decimal, 1)
        return float(f"{whole}.{frac}"), len(frac)
    if thousands in body:  # the other separator inside a number: not this language's format
        raise ValueError(f"{text!r} is not a {lang} number")
    return float(body), 0


def _unescape(md: str) -> str:
    md = re.sub(r"\\([\\`*_{}\[\]()#+\-.!|<>])", r"\1", md)
    return html.unescape(md)


def _stamp(tables_dir: Path) -> tuple:
    return tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(Path(tables_dir).glob("*.csv")))


@lru_cache(maxsize=32)
def _labels_cached(tables_dir: str, stamp: tuple) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(_labels(Path(tables_dir)).items(), key=lambda kv: -len(kv[0])))


@lru_cache(maxsize=32)
def _pools_cached(tables_dir: str, brief: str, stamp: tuple) -> "Pools":
    return _pools(Path(tables_dir), brief)


def _labels(tables_dir: Path) -> dict[str, int]:
    """Every topic label the tables publish (any language) → topic id."""
    out: dict[str, int] = {}
    for p in sorted(tables_dir.glob("*.csv")):
        try:
            df = pd.read_csv(p)
        except (pd.errors.EmptyDataError, UnicodeDecodeError):
            continue
        col = next((c for c in _TOPIC_COLS if c in df.columns), None)
        if col is None:
            continue
        for lab_col in [c for c in df.columns if c == "label" or c.startswith("label_")]:
            for tid, lab in zip(df[col], df[lab_col], strict=True):
                if isinstance(lab, str) and lab.strip() and pd.notna(tid):
                    out.setdefault(lab.strip(), int(tid))
    return out


@dataclass
class Pools:
    everything: list[float]
    by_topic: dict[int, list[float]]
    general: list[float]


#: tables of the other brief, left out of a brief's pool (the KPI page and the spikes are in both)
_OTHER = {"product": ("repeat_", "recurrence_", "duplicate_", "chronic_", "deflection_", "help_center_"),
          "recurrence": ("product_",)}


def _pools(tables_dir: Path, brief: str = "") -> Pools:
    every, general = [], []
    by_topic: dict[int, list[float]] = {}
    for p in sorted(tables_dir.glob("*.csv")):
        if p.name.startswith(_OTHER.get(brief, ())):
            continue
        try:
            df = pd.read_csv(p)
        except (pd.errors.EmptyDataError, UnicodeDecodeError):
            continue
        num = df.apply(pd.to_numeric, errors="coerce")
        col = next((c for c in _TOPIC_COLS if c in df.columns), None)
        vals = [float(v) for v in num.to_numpy().ravel() if pd.notna(v)]
        every += vals
        if col is None:
            general += vals
            continue
        tids = pd.to_numeric(df[col], errors="coerce")
        for i, tid in enumerate(tids):
            if pd.notna(tid):
                by_topic.setdefault(int(tid), []).extend(float(v) for v in num.iloc[i] if pd.notna(v))
    return Pools(every, by_topic, general)


def _stands_behind(v: float, q: Quoted, signed: bool) -> bool:
    if q.bound == "<":
        return math.isfinite(v) and 0 <= v < q.value
    if q.bound == ">":
        return math.isfinite(v) and v > q.value
    tol = 0.5 * 10 ** (-q.decimals) + 1e-9
    # shares, rates and their differences are stored as fractions and shown as % or points
    scaled = [100 * v] if abs(v) <= 1.0 else []
    cands = scaled if q.unit in ("%", "pts") else [v] if q.unit == "×" else [v, *scaled]
    if not signed:
        cands += [abs(c) for c in cands]
    return any(math.isfinite(c) and abs(c - q.value) <= tol for c in cands)


@lru_cache(maxsize=32)
def _label_regex(labels: tuple[tuple[str, int], ...]) -> re.Pattern | None:
    """One pattern for every label (longest first), each standing as words of its own."""
    if not labels:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(lab) for lab, _ in labels) + r")(?!\w)")


def _strip(line: str, labels: tuple[tuple[str, int], ...]) -> tuple[str, set[int]]:
    found: set[int] = set()
    rx = _label_regex(labels)
    if rx is not None:
        ids = dict(labels)
        found = {ids[m.group(0)] for m in rx.finditer(line)}
        line = rx.sub(" ", line)
    line = re.sub(r"“[^”]*”", " ", line)
    line = re.sub(r"\"[^\"]*\"", " ", line)
    line = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", line)
    line = re.sub(r"\d+[ªº°]", " ", line)
    for rx in _DATES:
        line = rx.sub(" ", line)
    return line, found


def quoted_numbers(md: str, lang: str, tables_dir: Path) -> list[Quoted]:
    """Every number of ``md`` with its scope (not yet matched)."""
    labels = _labels_cached(str(tables_dir), _stamp(Path(tables_dir)))
    out: list[Quoted] = []
    section: set[int] = set()
    table_open = hash_col = False
    skip_cols: set[int] = set()
    for n, raw_line in enumerate(_unescape(md).splitlines(), start=1):
        line = raw_line
        if line.startswith("#"):
            line = re.sub(r"^(#+\s*)\d+\.\s*", r"\1", line)
            _, ids = _strip(line, labels)
            section = ids if line.startswith("###") else set()
        if line.startswith("|"):
            cells = line.strip().strip("|").split("|")
            if set(line.replace("|", "").strip()) <= set("-: "):
                pass
            elif not table_open:  # header row
                table_open = True
                hash_col = cells[0].strip() == "#"
                skip_cols = {i for i, c in enumerate(cells) if c.strip().lower() in _TEXT_HEADERS}
            else:
                if hash_col:
                    cells[0] = " "
                for i in skip_cols:
                    if i < len(cells):
                        cells[i] = " "
            line = "|".join(cells)
        else:
            table_open = hash_col = False
            skip_cols = set()
        text, ids = _strip(line, labels)
        scope = frozenset(ids or section)
        outside_unit = ""
        for m in _NUMBER.finditer(text):
            sign, body = m.group(1), m.group(2)
            try:
                value, dec = parse_number(body, lang)
            except ValueError:
                continue
            if sign in ("−", "-"):
                value = -value
            after = text[m.end():m.end() + 6].lstrip()
            unit = "%" if after.startswith("%") else "×" if after.startswith(("×", "x ")) else \
                "pts" if after.startswith(("pts", "p.p.", "pontos", "points")) else ""
            before = text[:m.start()].rstrip()
            bound = before[-1] if before[-1:] in ("<", ">") else ""
            head = text[:m.start()]
            if head.rfind("[") > head.rfind("]"):  # an interval: in the unit of the estimate before it
                unit = outside_unit
            else:
                outside_unit = unit
            out.append(Quoted(raw=sign + body, value=value, decimals=dec, unit=unit, line=n, topics=scope,
                              context=raw_line.strip()[:160], bound=bound))
    return out


def check_brief(md_path: str | Path, tables_dir: str | Path | None = None) -> list[Quoted]:
    """Numbers of the brief ``md_path`` (language from its ``.pt.md`` / ``.en.md`` suffix), each with
    ``matched`` set. ``tables_dir`` defaults to ``tables/`` beside the brief."""
    md_path = Path(md_path)
    lang = md_path.suffixes[-2].lstrip(".") if len(md_path.suffixes) >= 2 else "en"
    tables_dir = Path(tables_dir) if tables_dir else md_path.parent / "tables"
    return check_text(md_path.read_text(encoding="utf-8"), lang, tables_dir, brief=md_path.name.split("_")[0])


def check_text(md: str, lang: str, tables_dir: Path, *, brief: str = "") -> list[Quoted]:
    """:func:`check_brief` on Markdown text; ``brief`` ("product" or "recurrence") narrows the tables."""
    pools = _pools_cached(str(tables_dir), brief, _stamp(Path(tables_dir)))
    found = quoted_numbers(md, lang, Path(tables_dir))
    for q in found:
        signed = q.raw[:1] in "−+-"
        if q.topics:
            pool = [v for t in q.topics for v in pools.by_topic.get(t, [])] + pools.general
        else:
            pool = pools.everything
        q.matched = any(_stands_behind(v, q, signed) for v in pool)
    return found


def unmatched(found: list[Quoted]) -> list[Quoted]:
    return [q for q in found if not q.matched]


def mutation_score(md: str, lang: str, tables_dir: Path, *, brief: str = "") -> tuple[int, int, int]:
    """(caught, missed, not located): each quoted number mutated in turn (:func:`mutate`) and the text re-checked;
    a mutation is caught when the check then finds a number with no table value behind it."""
    n = len(quoted_numbers(md, lang, Path(tables_dir)))
    caught = missed = lost = 0
    for i in range(n):
        m = mutate(md, lang, Path(tables_dir), i)
        if m is None:
            lost += 1
        elif unmatched(check_text(m, lang, Path(tables_dir), brief=brief)):
            caught += 1
        else:
            missed += 1
    return caught, missed, lost


def format_like(value: float, decimals: int, lang: str, grouped: bool) -> str:
    """``value`` (>= 0) written as the brief writes numbers in ``lang``."""
    s = f"{value:,.{decimals}f}" if grouped else f"{value:.{decimals}f}"
    thousands, decimal = (".", ",") if lang == "pt" else (",", ".")
    return s.replace(",", "\x00").replace(".", decimal).replace("\x00", thousands)


def mutate(md: str, lang: str, tables_dir: Path, index: int, *, step: int = 3) -> str | None:
    """``md`` with its ``index``-th quoted number raised by ``step`` units of its last shown digit (167 → 170,
    11.6 → 11.9), in the same format; None when the number cannot be located in the Markdown line."""
    found = quoted_numbers(md, lang, Path(tables_dir))
    q = found[index]
    lines = md.splitlines(keepends=True)
    line = lines[q.line - 1]
    digits = q.raw.lstrip("−+-")
    # standalone occurrences outside quoted text (“…”), in order; the k-th among this line's equal numbers
    quoted = [(m.start(), m.end()) for m in re.finditer(r"“[^”]*”", line)]
    spots = [m.start() for m in re.finditer(r"(?<![\w.,])" + re.escape(digits) + r"(?![\w])(?![.,]\d)", line)
             if not any(a <= m.start() < b for a, b in quoted)]
    same = [x for x in found if x.line == q.line and x.raw.lstrip("−+-") == digits]
    k = next(i for i, x in enumerate(same) if x is q)
    if k >= len(spots):
        return None
    p = spots[k]
    grouped = bool(re.search(r"\d[.,]\d{3}(?!\d)", digits)) and q.decimals == 0 or \
        bool(re.match(r"\d{1,3}[.,]\d{3}[.,]", digits))
    new = format_like(abs(q.value) + step * 10 ** (-q.decimals), q.decimals, lang, grouped)
    return "".join(lines[:q.line - 1]) + line[:p] + new + line[p + len(digits):] + "".join(lines[q.line:])
