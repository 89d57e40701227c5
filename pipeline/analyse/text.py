"""Small text helpers the analysis shares: content words, sentences, periods.

The analysis reads whole documents only to find follow-through sentences, and must stay
cheap on 100,000 items, so sentences here come from a regular expression, not a parser:
a break after ``.!?`` before an upper-case letter, digit or quote, and at every line break
(list items and numbered paragraphs in reports are lines).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

_WORD = re.compile(r"[a-z][a-z0-9'’\-]*[a-z0-9]|[a-z]")
_SENT_BREAK = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])|\n+")

_STOP = """a about above after again against all also an and any are as at be been before being
    between both but by can could did do does doing down during each few for from further had
    has have having he her here hers him his how i if in into is it its itself just more most
    must my no nor not now of off on once only or other our ours out over own same she should
    so some such than that the their theirs them then there these they this those through to
    too under until up very was we were what when where which while who whom why will with
    would you your yours may might shall per cent percent us one two three new also within
    across including ensure make take set sets out"""
#: words that say nothing about what a recommendation or a measure is about
STOPWORDS = frozenset(_STOP.split())


def words(text: str) -> list[str]:
    """Lower-case word tokens with apostrophes folded (children's -> childrens)."""
    low = text.lower().replace("’", "'")
    return [w.replace("'", "") for w in _WORD.findall(low)]


#: irregular past forms of the verbs figures are reported with ("overspent" ~ "overspend")
_IRREGULAR = {
    "spent": "spend",
    "overspent": "overspend",
    "underspent": "underspend",
    "paid": "pay",
    "rose": "rise",
    "risen": "rise",
    "fell": "fall",
    "fallen": "fall",
    "grew": "grow",
    "grown": "grow",
    "lost": "lose",
    "sold": "sell",
    "built": "build",
    "brought": "bring",
    "bought": "buy",
    "left": "leave",
    "met": "meet",
    "found": "find",
    "held": "hold",
    "gave": "give",
    "given": "give",
    "took": "take",
    "taken": "take",
}


def stem(word: str) -> str:
    """A light suffix strip so plurals and -ing/-ed forms meet (services ~ service)."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    for suffix, keep in (("ies", "y"), ("sses", "ss"), ("ing", ""), ("ed", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                return word
            return word[: len(word) - len(suffix)] + keep
    return word


def content_terms(text: str) -> set[str]:
    """Stemmed content words: the lexical fingerprint used for overlap scores."""
    return {stem(w) for w in words(text) if w not in STOPWORDS and len(w) > 2}


def jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def containment(a: set[str], b: set[str]) -> float:
    """Share of the smaller set found in the other: robust to one text being much longer."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def sentences(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """``(start, end)`` spans of sentences in ``text[start:end]``, stripped of whitespace."""
    end = len(text) if end is None else end
    pos = start
    for m in _SENT_BREAK.finditer(text, start, end):
        yield from _strip(text, pos, m.start())
        pos = m.end()
    yield from _strip(text, pos, end)


def _strip(text: str, a: int, b: int) -> Iterator[tuple[int, int]]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if b - a >= 3:
        yield a, b


def period_keys(day: dt.date | None) -> tuple[str, str] | None:
    """The year and quarter a publication date falls in: ("2019", "2019Q3")."""
    if day is None:
        return None
    return str(day.year), f"{day.year}Q{(day.month - 1) // 3 + 1}"
