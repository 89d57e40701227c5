"""What a figure is about in time, and who it comes from.

A figure is only useful to a researcher with its period ("£3bn by 2025", "up 7% since
2010") and its source ("LGA analysis", the speaker of the quote it sits in, else the
publisher). Both are read from the sentence around the figure; word lists are constants here
because they describe English, not a sector.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Span

from pipeline.extract.quantities import MONTHS

YEAR = r"(?:1[89]|20)\d\d"
FIN_YEAR = rf"{YEAR}\s?[-–/]\s?(?:\d\d|{YEAR})(?!\d)"
PERIOD_WORDS = (
    r"(?:decade|year|financial\s+year|parliament|month|quarter|(?:\w+|\d+)\s+"
    r"(?:years|months|decades|weeks|financial\s+years))"
)

#: (pattern, how to render the match): the first group, or the whole match without its lead
TIME_PATTERNS: list[re.Pattern] = [
    re.compile(
        rf"\b(?:in|for|during|by)?\s*(?:the\s+)?(?:financial\s+|academic\s+)?(?:year\s+)?(?P<t>{FIN_YEAR})"
    ),
    re.compile(rf"\bbetween\s+(?P<t>{YEAR}\s+and\s+{YEAR})\b"),
    re.compile(rf"\b(?P<t>since\s+(?:{MONTHS}\s+)?{YEAR})\b"),
    re.compile(
        rf"\b(?:by|in|until|to|before|after|from|during|of)\s+(?:the\s+end\s+of\s+)?(?:{MONTHS}\s+)?(?P<t>{YEAR})\b"
    ),
    re.compile(
        rf"\b(?:over|in|during|for|within)\s+the\s+(?P<t>(?:past|last|previous|next|coming|same)\s+{PERIOD_WORDS})\b",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(?P<t>(?:a|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(?:decades?|years?|months?)\s+ago)\b",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(?:in\s+)?(?P<t>(?:last|this|next)\s+(?:financial\s+|academic\s+)?(?:year|month|decade|week))\b",
        re.IGNORECASE,
    ),
    re.compile(rf"\b(?P<t>(?:{MONTHS}\s+)?{YEAR})\b"),
]

#: nouns that present a figure as someone's evidence: "LGA analysis shows", "NAO figures"
EVIDENCE_NOUNS = {
    "research",
    "analysis",
    "figures",
    "data",
    "survey",
    "report",
    "estimate",
    "estimates",
    "statistics",
    "study",
    "modelling",
    "calculations",
    "projections",
    "forecast",
    "forecasts",
    "audit",
    "evidence",
    "findings",
    "poll",
    "census",
    "investigation",
    "inquiry",
}
#: verbs a body uses to put a figure forward: "the LGA has estimated that ..."
EVIDENCE_VERBS = {
    "estimate",
    "calculate",
    "find",
    "predict",
    "forecast",
    "project",
    "show",
    "reveal",
    "suggest",
    "warn",
    "say",
    "report",
    "claim",
    "state",
    "publish",
    "identify",
    "conclude",
}


def find_time(text: str, start: int, end: int, lo: int, hi: int) -> str | None:
    """The time reference in ``text[lo:hi]`` (the sentence) nearest the figure at start-end.

    A time after the figure wins a tie ("£2bn by 2020"), because English puts the period
    after what it qualifies.
    """
    sentence = text[lo:hi]
    best: tuple[int, int, str] | None = None
    for rank, pat in enumerate(TIME_PATTERNS):
        for m in pat.finditer(sentence):
            s, e = lo + m.start("t"), lo + m.end("t")
            if s < end and start < e:
                continue  # the figure itself
            dist = s - end if s >= end else (start - e) + 1
            key = (dist + rank * 2, rank)
            found = re.sub(r"\s+", " ", m.group("t"))
            if best is None or key < best[:2]:
                best = (key[0], key[1], found)
    return best[2] if best else None


class Positions:
    """Items with ``start`` and ``end`` (mentions, quotes, entities) looked up by position.

    Scanning every mention, quote and entity of the document for each figure is quadratic:
    a long page holds thousands of each. Here a lookup bisects to the items that start
    within one longest item's length of the position, and answers as the scan did: the
    first matching item in the list's own order.
    """

    def __init__(self, items: Iterable[Any]) -> None:
        self.items = list(items)
        self.order = sorted(range(len(self.items)), key=lambda i: self.items[i].start)
        self.starts = [self.items[i].start for i in self.order]
        self.longest = max((it.end - it.start for it in self.items), default=0)

    def first(self, lo: int, hi: int, test: Callable[[Any], bool]) -> Any | None:
        """The first item (in list order) that starts in ``[lo, hi]`` and passes ``test``."""
        a = bisect.bisect_left(self.starts, lo)
        b = bisect.bisect_right(self.starts, hi)
        found = [i for i in self.order[a:b] if test(self.items[i])]
        return self.items[min(found)] if found else None

    def overlapping(self, start: int, end: int, test: Callable[[Any], bool]) -> Any | None:
        return self.first(start - self.longest + 1, end - 1,
                          lambda it: it.start < end and start < it.end and test(it))

    def containing(self, start: int, end: int) -> Any | None:
        return self.first(end - self.longest, start,
                          lambda it: it.start <= start and end <= it.end)


@dataclass(frozen=True)
class SourceContext:
    """What the doc offers for attribution, gathered once per document."""

    publisher: str | None
    quotes: list  # list[Quote]
    actors: list  # list[ActorMention]
    ents: tuple = ()  # doc.ents, read once: each access walks the whole doc
    by_position: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_position", {
            "quotes": Positions(self.quotes), "actors": Positions(self.actors),
            "ents": Positions(self.ents)})


def _actor_at(actors: Positions, start: int, end: int) -> str | None:
    found = actors.overlapping(start, end, lambda a: a.kind != "person")
    return found.name if found is not None else None


def _org_text(doc: Doc, token_i: int, ctx: SourceContext) -> str | None:
    """The name of the body at token ``token_i``: gazetteer name, else the entity or compound."""
    tok = doc[token_i]
    name = _actor_at(ctx.by_position["actors"], tok.idx, tok.idx + len(tok.text))
    if name:
        return name
    ent = ctx.by_position["ents"].overlapping(
        token_i, token_i + 1, lambda e: e.label_ in ("ORG", "PERSON", "NORP", "GPE"))
    if ent is not None:
        return (
            re.sub(r"^the\s+", "", ent.text, flags=re.IGNORECASE)
            .removesuffix("'s")
            .removesuffix("’s")
        )
    if tok.pos_ == "PROPN":
        left = tok.left_edge.i
        words = [t.text for t in doc[left : token_i + 1] if t.pos_ == "PROPN"]
        return " ".join(words) if words else tok.text
    return None


def find_source(doc: Doc, sent: Span, start: int, end: int, ctx: SourceContext) -> str | None:
    """Who the figure is attributed to: a body cited in the sentence, the quote's speaker, or
    the publisher, in that order (a cited body is the most specific claim of origin)."""
    text = sent.text
    m = re.search(r"\baccording\s+to\s+(?:the\s+)?", text, re.IGNORECASE)
    if m:
        at = sent.start_char + m.end()
        tok = doc.char_span(at, at + 1, alignment_mode="expand")
        if tok is not None:
            name = _org_text(doc, tok[0].i, ctx) or _org_text(doc, tok[0].head.i, ctx)
            if name:
                return name
    quote = ctx.by_position["quotes"].containing(start, end)
    candidates: list[tuple[int, str]] = []
    for tok in sent:
        is_noun = tok.lower_ in EVIDENCE_NOUNS
        # inside a direct quotation a verb is the speaker's own ("councils find themselves"),
        # so there only a named piece of evidence ("LGA analysis suggests") changes the source
        is_verb = (
            tok.lemma_ in EVIDENCE_VERBS
            and tok.pos_ == "VERB"
            and (quote is None or not quote.direct)
        )
        if not (is_noun or is_verb):
            continue
        if is_verb:
            holders = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
            # "LGA research predicts": the body is the subject's owner
            holders += [g for c in holders for g in c.children if g.dep_ in ("poss", "compound")]
        else:
            holders = [c for c in tok.children if c.dep_ in ("poss", "compound", "nmod")]
        for h in holders:
            if (
                h.ent_type_ == "ORG"
                or _actor_at(ctx.by_position["actors"], h.idx, h.idx + len(h.text))
                or (h.pos_ == "PROPN" and h.text.isupper())
            ):
                name = _org_text(doc, h.i, ctx)
                if name:
                    candidates.append((abs(h.idx - start), name))
    if candidates:
        # the body named nearest the figure: "X analysis revealed ... while Y estimated £2bn"
        return min(candidates)[1]
    if quote is not None:
        return quote.org or quote.speaker
    return ctx.publisher
