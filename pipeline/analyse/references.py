"""References: a recommendation that says where it comes from.

Paraphrase matching (:mod:`pipeline.analyse.threads`) links asks worded alike. A later
document often words the same ask quite differently but points at its source, and that
pointer is better evidence than any similarity score:

- attribution: another body named as the maker of the call ("echoing the regulator's call
  for regional commissioning", "as both the review and the watchdog recommended",
  "proposed by the Committee"). It links to that body's earlier recommendation that shares
  most words with the attributed ask, or means most nearly the same;
- citation: an earlier document named by its title ("faster progress on the reforms set out
  in <title>, including ..."). It links to the recommendation of that document whose
  paragraph (with its heading) shares most of the citing ask's words.

Both are cheap: attribution needs a gazetteer mention near a cue, citation an index of title
word pairs, so the work grows with the references, not with all pairs of recommendations.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from pipeline.analyse.corpus import Item
from pipeline.analyse.text import content_terms, words
from pipeline.store.db import Store

#: after a body's name: "X's call for ...", "X's recommendation", "X (had) recommended"
_ATTRIBUTED_AFTER = re.compile(
    r"['’]s?\s+(?:own\s+|earlier\s+|previous\s+|original\s+|repeated\s+|long-standing\s+)?"
    r"(?P<noun>calls?|recommendations?|proposals?|asks?|demands?)\b"
    r"|,?\s+(?:had\s+|has\s+|have\s+|also\s+|first\s+|previously\s+|already\s+)*"
    r"(?:recommended|proposed|called\s+for|urged|suggested)\b",
    re.IGNORECASE,
)
#: before a body's name: "echoing X", "proposed by X", "in line with X"
_ATTRIBUTED_BEFORE = re.compile(
    r"\b(?:echo(?:ing|es|ed)?|repeat(?:ing|s|ed)?|reiterat\w*|in\s+line\s+with|"
    r"(?:recommended|proposed|called\s+for|urged|suggested)\s+by)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
#: a cheap test before the gazetteer is run over a recommendation: most name no source
_ANY_ATTRIBUTION = re.compile(
    r"['’]s?\s+(?:\w+\s+)?(?:calls?|recommendations?|proposals?|asks?|demands?)\b"
    r"|\b(?:recommended|proposed|called\s+for|urged|suggested|echo\w*|repeat\w*|"
    r"reiterat\w*|in\s+line\s+with)\b",
    re.IGNORECASE,
)
#: the words of the attributed ask: "X's call for <these words>"
_ASK_AFTER = re.compile(r"\s*(?:for|to|that|on)\s+([^.;:()]{3,200})", re.IGNORECASE)

#: a title's distinctive part ends at its first colon, dash or bar ("<name>: the
#: Government's response to ...", "<name> - GOV.UK")
_TITLE_CUT = re.compile(r"\s*(?::|\s[-–—|]\s)")


@dataclass(frozen=True)
class ReferenceSettings:
    #: attribution: a candidate must share a word with the ask, or mean this much the same
    attributed_cos: float = 0.5
    #: attribution: of a body's recommendations, this many nearest in meaning are weighed
    attributed_pool: int = 200
    #: citation: shared content words between the citing ask and the cited paragraph
    cited_min_words: int = 2
    #: citation: a title must have this many words to be recognised in running text
    title_min_words: int = 3
    #: citation: characters of the cited paragraph read around the recommendation
    paragraph_chars: int = 1500


@lru_cache(maxsize=2)
def _gazetteer() -> Any:
    from pipeline.extract.gazetteer import Gazetteer

    return Gazetteer.from_file()


def attributions(it: Item, gazetteer: Any | None = None) -> list[tuple[str, str]]:
    """The bodies a recommendation names as the makers of its ask, each with the words of
    the ask attributed to it (empty where the sentence does not spell it out)."""
    gaz = gazetteer or _gazetteer()
    text = it.ask_text
    if not _ANY_ATTRIBUTION.search(text):
        return []
    own = {a.lower() for a in (it.attrs.get("actors") or []) if a}
    if it.attrs.get("issuer"):
        own.add(str(it.attrs["issuer"]).lower())
    out: list[tuple[str, str]] = []
    for hit in gaz.find(text, possessive=True):
        if hit.body is None or hit.body.name.lower() in own:
            continue
        after = _ATTRIBUTED_AFTER.match(text, hit.end, min(len(text), hit.end + 80))
        before = _ATTRIBUTED_BEFORE.search(text, max(0, hit.start - 40), hit.start)
        if not (after or before):
            continue
        ask = ""
        if after and after.group("noun"):
            m = _ASK_AFTER.match(text, after.end(), min(len(text), after.end() + 220))
            ask = m.group(1) if m else ""
        if (hit.body.name, ask) not in out:
            out.append((hit.body.name, ask))
    return out


def link_attributed(
    recs: Sequence[Item],
    vecs: np.ndarray,
    terms: Sequence[set[str]],
    settings: ReferenceSettings | None = None,
    gazetteer: Any | None = None,
) -> list[tuple[int, int, float]]:
    """Pairs (citing, attributed) of recommendations: an ask that names another body as its
    maker joins that body's earlier recommendation it is closest to."""
    settings = settings or ReferenceSettings()
    gaz = gazetteer or _gazetteer()
    by_issuer: dict[str, list[int]] = defaultdict(list)
    for j, r in enumerate(recs):
        if r.attrs.get("issuer"):
            by_issuer[str(r.attrs["issuer"]).lower()].append(j)
    pairs: list[tuple[int, int, float]] = []
    full: dict[int, set[str]] = {}  # each candidate's words, read once
    for i, r in enumerate(recs):
        for body, ask in attributions(r, gaz):
            # the body under the name it had when it made the ask ("DCLG", later MHCLG)
            names = {body.lower()}
            if r.published:
                names.add(gaz.name_at(body, r.published.isoformat()).lower())
            pool = [
                j
                for name in names
                for j in by_issuer.get(name, ())
                if recs[j].document_id != r.document_id and _not_later(recs[j], r)
            ]
            if not pool:
                continue
            # a prolific body: its recommendations nearest in meaning are the candidates
            sims = vecs[pool] @ vecs[i]
            if len(pool) > settings.attributed_pool:
                keep = np.argsort(-sims)[: settings.attributed_pool]
                pool, sims = [pool[k] for k in keep], sims[keep]
            # the attributed ask in full: "a call for regional commissioning" is all words
            # of asking and scope, which the paraphrase terms leave out
            ask_terms = content_terms(ask)
            best: tuple[float, int] | None = None
            for j, cos in zip(pool, sims.tolist(), strict=True):
                if ask_terms and j not in full:
                    full[j] = content_terms(recs[j].ask_text)
                named = len(ask_terms & full[j]) if ask_terms else 0
                shared = len(terms[i] & terms[j])
                if not (named or shared or cos >= settings.attributed_cos):
                    continue
                score = named + 0.5 * shared + cos
                if best is None or score > best[0]:
                    best = (score, j)
            if best is not None:
                j = best[1]
                pairs.append((min(i, j), max(i, j), float(vecs[i] @ vecs[j])))
    return pairs


def _not_later(earlier: Item, later: Item) -> bool:
    a, b = earlier.published, later.published
    return a is None or b is None or a <= b


def title_key(title: str | None) -> tuple[str, ...]:
    """A title's distinctive words, in order: the part before its first colon or dash."""
    if not title:
        return ()
    head = _TITLE_CUT.split(title.strip().lstrip("#").strip(), maxsplit=1)[0]
    return tuple(words(head))


def link_cited(
    recs: Sequence[Item],
    terms: Sequence[set[str]],
    docs: dict[int, dict[str, Any]],
    store: Store,
    generic: frozenset[str],
    vecs: np.ndarray | None = None,
    settings: ReferenceSettings | None = None,
) -> list[tuple[int, int, float]]:
    """Pairs (citing, cited) of recommendations: an ask that names an earlier document by
    its title joins the recommendation of that document whose paragraph it shares most
    words with."""
    settings = settings or ReferenceSettings()
    # titles by their first two words; a title of only sector words ("Children's social
    # care") names a subject, not a document
    by_start: dict[tuple[str, str], list[tuple[tuple[str, ...], int]]] = defaultdict(list)
    for doc_id, meta in docs.items():
        key = title_key(meta.get("title"))
        if len(key) < settings.title_min_words or not content_terms(" ".join(key)) - generic:
            continue
        by_start[key[:2]].append((key, doc_id))
    if not by_start:
        return []
    recs_of: dict[int, list[int]] = defaultdict(list)
    for j, r in enumerate(recs):
        recs_of[r.document_id].append(j)
    citing: list[tuple[int, int, set[str]]] = []  # rec, cited doc, the title's terms
    cited: set[tuple[int, int]] = set()
    for i, r in enumerate(recs):
        toks = words(r.text)
        for p in range(len(toks) - 1):
            for key, doc_id in by_start.get((toks[p], toks[p + 1]), ()):
                if doc_id == r.document_id or not recs_of.get(doc_id):
                    continue
                if tuple(toks[p : p + len(key)]) != key:
                    continue
                when, mine = docs[doc_id].get("published_date"), r.published
                if when and mine and when > mine:
                    continue
                if (i, doc_id) not in cited:
                    cited.add((i, doc_id))
                    citing.append((i, doc_id, content_terms(" ".join(key))))
    if not citing:
        return []
    contexts = _paragraph_terms(
        store, {d for _, d, _ in citing}, recs, recs_of, generic, settings.paragraph_chars
    )
    pairs: list[tuple[int, int, float]] = []
    for i, doc_id, title_terms in citing:
        mine = terms[i] - title_terms
        best: tuple[int, float, int] | None = None
        for j in recs_of[doc_id]:
            shared = len(mine & (contexts.get(j, set()) - title_terms))
            if shared < settings.cited_min_words:
                continue
            cos = float(vecs[i] @ vecs[j]) if vecs is not None else 0.0
            if best is None or (shared, cos) > best[:2]:
                best = (shared, cos, j)
        if best is not None:
            j = best[2]
            pairs.append((min(i, j), max(i, j), best[1]))
    return pairs


def _paragraph_terms(
    store: Store,
    doc_ids: set[int],
    recs: Sequence[Item],
    recs_of: dict[int, list[int]],
    generic: frozenset[str],
    chars: int,
) -> dict[int, set[str]]:
    """Content words of each recommendation's paragraph and the heading above it: what a
    citing document names is the section ("regional cooperatives"), not one sentence."""
    out: dict[int, set[str]] = {}
    for doc_id, text, _ in store.document_texts(sorted(doc_ids)):
        for j in recs_of.get(doc_id, ()):
            r = recs[j]
            a = text.rfind("\n\n", max(0, r.start - chars), r.start)
            a = a + 2 if a >= 0 else max(0, r.start - chars)
            b = text.find("\n\n", r.end, r.end + chars)
            b = b if b >= 0 else min(len(text), r.end + chars)
            para = text[a:b]
            head_end = a - 2 if a >= 2 else 0
            h = text.rfind("\n\n", max(0, head_end - 200), head_end)
            heading = text[h + 2 if h >= 0 else max(0, head_end - 200) : head_end]
            if not (heading.lstrip().startswith("#") or len(heading) < 100):
                heading = ""
            out[j] = content_terms(f"{heading}\n{para}") - generic
    return out
