"""Commitments: what an acceptance promises, followed to the report that it was done.

A response rarely says only "the Government accepts"; the sentences after it in the same
paragraph say what it will do and by when ("We will publish a national strategy by the end of
2023"). A later progress report then names that promise, not the recommendation ("delivers
the commitment to publish a national strategy"), so matching progress against the
recommendation's words alone misses it. The analysis keeps each such promise as evidence
(label ``committed``), matches later progress sentences against the promise's own words,
and reads the promise's date: an accepted recommendation whose promised date has passed
without evidence of action is overdue.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from pipeline.analyse.followthrough import Cues
from pipeline.analyse.text import content_terms

#: the promise itself ends at the first clause break after a few words: "publish a strategy
#: by the end of 2023[, setting out how ...]"
_CLAUSE_END = re.compile(r"[,;:(\u2013\u2014]|\s-\s")
#: a numbered paragraph of an answer: "2.1 The Government agrees ...", "2.2 ..."
_SUBPARAGRAPH = re.compile(r"\s*(\d{1,3})\.\d{1,2}\s")
#: a labelled date line under an answer, as responses to committees give them
_DATE_LINE = re.compile(
    r"\s*(?:target\s+)?(?:implementation\s+|completion\s+|delivery\s+)?(?:date|deadline)\s*:\s*"
    r"(.{3,60}?)\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class CommitmentSettings:
    #: sentences after an acceptance, in its paragraph, read for promises
    follow_sentences: int = 6
    #: a progress sentence must hold this share of the promise's words, and this many
    share: float = 0.6
    min_words: int = 3
    #: ... and mean much the same (MiniLM cosine)
    cos: float = 0.5
    #: promise words in more than this many promises are too common to index
    max_postings: int = 500


@dataclass
class Commitment:
    recommendation_id: int
    document_id: int
    published: dt.date | None
    text: str


def following(
    text: str,
    spans: Sequence[tuple[int, int]],
    k: int,
    cues: Cues,
    settings: CommitmentSettings | None = None,
) -> list[tuple[int, int]]:
    """The promises that go with sentence ``k``: itself if it promises ("accepts and will
    publish"), and the promising sentences after it in the same paragraph."""
    settings = settings or CommitmentSettings()
    out: list[tuple[int, int]] = []
    a, b = spans[k]
    if cues.commits(text[a:b]):
        out.append((a, b))
    number = _SUBPARAGRAPH.match(text, a)
    for a2, b2 in spans[k + 1 : k + 1 + settings.follow_sentences]:
        dated = _DATE_LINE.match(text, a2, b2)
        if "\n\n" in text[b:a2] or text[b:a2].count("\n") > 1:
            # a new paragraph is about something else, unless it goes on with the same
            # numbered answer ("2.1 agrees" then "2.2 The Department will ...") or gives
            # the answer's target date
            more = _SUBPARAGRAPH.match(text, a2)
            if not (dated or (number and more and more.group(1) == number.group(1))):
                break
        if dated or cues.commits(text[a2:b2]):
            out.append((a2, b2))
        b = b2
    return out


def core(sentence: str) -> str:
    """The promise without what follows it: up to its first clause break. A labelled target
    date ("Target implementation date: April 2020") reads as "by April 2020"."""
    dated = _DATE_LINE.match(sentence)
    if dated:
        return f"by {dated.group(1)}"
    cut = _CLAUSE_END.search(sentence, 15)
    return sentence[: cut.start()] if cut else sentence


def match_progress(
    commitments: Sequence[Commitment],
    sentences: Sequence[tuple[int, dt.date | None, str]],
    sentence_vecs: np.ndarray,
    commitment_vecs: np.ndarray,
    settings: CommitmentSettings | None = None,
) -> list[tuple[int, int]]:
    """Pairs (sentence index, commitment index): a later progress sentence that holds most of
    a promise's words and means the same. ``sentences`` are (document, date, text)."""
    settings = settings or CommitmentSettings()
    terms = [content_terms(core(c.text)) for c in commitments]
    postings: dict[str, list[int]] = defaultdict(list)
    for j, ts in enumerate(terms):
        for t in ts:
            postings[t].append(j)
    out: list[tuple[int, int]] = []
    for i, (doc_id, day, text) in enumerate(sentences):
        hits: dict[int, int] = defaultdict(int)
        for t in content_terms(text):
            plist = postings.get(t, ())
            if len(plist) > settings.max_postings:
                continue
            for j in plist:
                hits[j] += 1
        for j, n in hits.items():
            c = commitments[j]
            if c.document_id == doc_id or n < settings.min_words:
                continue
            if n / max(len(terms[j]), 1) < settings.share:
                continue
            if day and c.published and day < c.published:
                continue
            if float(sentence_vecs[i] @ commitment_vecs[j]) < settings.cos:
                continue
            out.append((i, j))
    return out


def deadline_end(deadline: str | None) -> dt.date | None:
    """The last day a "YYYY" or "YYYY-MM" deadline allows."""
    if not deadline:
        return None
    try:
        parts = [int(p) for p in str(deadline).split("-")[:2]]
    except ValueError:
        return None
    if len(parts) == 1:
        return dt.date(parts[0], 12, 31)
    y, m = parts
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def promised_by(promises: Sequence[tuple[str, dt.date | None]]) -> dt.date | None:
    """The earliest date any of the promises (text, date made) commits to act by."""
    from pipeline.extract.recommendations import deadline_in

    ends = []
    for text, day in promises:
        end = deadline_end(deadline_in(core(text), day.isoformat() if day else None))
        if end:
            ends.append(end)
    return min(ends, default=None)
