"""Threads: the same measure, or the same recommendation, followed across documents.

Figures link by *what* they measure, never by value (the funding gap is £2bn one year and
£3.1bn the next): same unit, same kind (a level or a change), and a measure that matches in
words (stemmed content-word Jaccard) and meaning (MiniLM cosine of the measure text). Same
source and same period add a little. Candidates come from an inverted index over measure
words within each unit block, so the work grows with real overlaps, not with n².

Recommendations link when their sentences mean the same (cosine) and share words and actors,
so a paraphrase by the press or by another body joins the committee's original; and a
response that numbers what it answers ("Recommendation 3", "the Committee's third
recommendation", "3: PAC recommendation") joins the recommendation with that number in the
report it answers.

Links form threads by union-find. Thread ids stay stable across runs: each new component
keeps the id of the old thread it shares most members with.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import delete, insert, select, update

from pipeline.analyse.corpus import Item
from pipeline.analyse.embeddings import MODEL_NAME, EmbeddingCache, Progress
from pipeline.analyse.references import link_attributed, link_cited
from pipeline.analyse.text import STOPWORDS, containment, content_terms, stem, words
from pipeline.store import schema as s
from pipeline.store.db import Store, now


@dataclass(frozen=True)
class ThreadSettings:
    """Link thresholds, tuned on labelled pairs of our own (see tests/analyse)."""

    #: figures: score = 0.5 * word containment + 0.5 * measure cosine (+ bonuses) reaches this
    measure_link: float = 0.72
    #: figures: measure cosine floor whatever the words say
    measure_min_cos: float = 0.55
    #: measure words in more than this many figures of a block are too common to index
    max_postings: int = 3000
    #: recommendations: sentence cosine that links on its own
    rec_cos_strong: float = 0.78
    #: recommendations: cosine that links with word containment and shared actors
    rec_cos: float = 0.6
    rec_words: float = 0.35
    #: recommendations: one quotes the other (nearly all the shorter one's content words
    #: recur in the longer) at this cosine, whoever the actors are said to be
    rec_quote_words: float = 0.8
    rec_quote_cos: float = 0.5
    #: recommendations: how many nearest neighbours of each are considered
    rec_neighbours: int = 30
    #: recommendations: a concern word recurs in at least this many, from two documents or
    #: more, and in at most ``concern_max_share`` of them (and ``concern_max`` in all)
    concern_min: int = 3
    concern_max_share: float = 0.25
    concern_max: int = 40
    #: ... and mean this much the same, or follow one another within this many characters
    concern_cos: float = 0.55
    concern_gap: int = 600
    chunk: int = 2048


_ORDINAL_WORDS = """first second third fourth fifth sixth seventh eighth ninth tenth eleventh
twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"""
ORDINALS = {w: i for i, w in enumerate(_ORDINAL_WORDS.split(), start=1)}
_NUM_REF = re.compile(
    r"\brecommendations?\s+(?:no\.?\s*)?(\d{1,3})\b"
    r"|\b(\d{1,3})\s*[:.)]\s*(?:[A-Z]{2,6}\s+)?recommendation\b"
    r"|\b(" + "|".join(ORDINALS) + r")\s+recommendation\b",
    re.IGNORECASE,
)


def number_refs(text: str) -> list[int]:
    """Recommendation numbers a text refers to: "Recommendation 3", "third recommendation"."""
    out = []
    for m in _NUM_REF.finditer(text):
        if m.group(1) or m.group(2):
            out.append(int(m.group(1) or m.group(2)))
        else:
            out.append(ORDINALS[m.group(3).lower()])
    return out


_PARA_NUMBER = re.compile(r"(?m)^[ \t]*(\d{1,3})[.:][ \t]+[A-Z]")


def infer_numbers(store: Store, recs: Sequence[Item], look_back: int = 2000) -> int:
    """Give unnumbered recommendations in reports the number of the paragraph they sit in.

    Committee reports often number conclusions ("3. The Department does not understand
    ...") and put an unnumbered "Recommendation:" under each; responses then answer
    "3: PAC recommendation". Sets ``attrs["number_inferred"]``; returns how many were set.
    """
    docs = {
        r.document_id
        for r in recs
        if r.doc_kind == "report" and rec_number(r.attrs.get("number")) is None
    }
    if not docs:
        return 0
    n = 0
    by_doc: dict[int, list[Item]] = defaultdict(list)
    for r in recs:
        if r.document_id in docs:
            by_doc[r.document_id].append(r)
    for doc_id, text, _ in store.document_texts(sorted(docs)):
        for r in by_doc[doc_id]:
            window = text[max(0, r.start - look_back) : r.start]
            found = list(_PARA_NUMBER.finditer(window))
            if found:
                r.attrs["number_inferred"] = int(found[-1].group(1))
                n += 1
    return n


def item_number(it: Item) -> int | None:
    """A recommendation's own number, else the one inferred from its paragraph."""
    n = rec_number(it.attrs.get("number"))
    return n if n is not None else it.attrs.get("number_inferred")


def rec_number(value: str | None) -> int | None:
    """The integer in a recommendation's own numbering ("3", "3.", "Recommendation 3")."""
    if not value:
        return None
    m = re.search(r"\d{1,3}", str(value))
    return int(m.group()) if m else None


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


_CLAUSE = re.compile(r"[,;:()\u2013\u2014]|\b(?:and|but|while|which|who|after|as)\b")


def _clause_window(it: Item) -> str:
    """The words around a figure within its clause: "councils spent [£1bn] more on
    children's care than planned" (a sentence can hold other figures and other measures)."""
    rel = it.start - it.sentence_start
    if not (0 <= rel <= len(it.sentence)):
        return ""
    before = it.sentence[:rel]
    after = it.sentence[rel + (it.end - it.start) :]
    cut = list(_CLAUSE.finditer(before))
    before = before[cut[-1].end() :] if cut else before
    stop = _CLAUSE.search(after)
    after = after[: stop.start()] if stop else after
    return " ".join(before.split()[-8:] + after.split()[:8])


CONCERNS_PATH = Path(__file__).resolve().parents[2] / "models" / "threads" / "concerns.toml"


@lru_cache(maxsize=4)
def _concerns_file(path: str | None = None) -> dict[str, Any]:
    """models/threads/concerns.toml, read once."""
    return tomllib.loads(Path(path or CONCERNS_PATH).read_text(encoding="utf-8"))


@lru_cache(maxsize=4)
def _synonyms(path: str | None = None) -> tuple[tuple[re.Pattern[str], str], ...]:
    data = _concerns_file(path)
    pairs = sorted(data.get("synonyms", {}).items(), key=lambda kv: -len(kv[0]))
    return tuple(
        (re.compile(r"\b" + re.escape(k).replace("'", "['’]") + r"\b", re.I), v) for k, v in pairs
    )


def canonical_measure(measure: str) -> str:
    """A measure under its sector's usual name (models/threads/concerns.toml [synonyms]):
    "looked-after children" and "children in care" are one count."""
    for pattern, name in _synonyms():
        measure = pattern.sub(name, measure)
    return measure


def _measure_text(it: Item) -> str:
    """What a figure measures: the extracted measure when it has two content words or more,
    else that thin measure ("put at", "shortfall") with the clause around the number, which
    says what is measured ("put the funding gap for children's services at ...")."""
    m = canonical_measure((it.attrs.get("measure") or "").strip())
    if len(content_terms(m)) >= 2:
        return m
    window = _clause_window(it)
    if m and m.lower() not in window.lower():
        return f"{m}; {window}" if window else m
    return window or m or it.sentence


_PREP_WORDS = "of for in on between to from by at with among across within per over under into"
_PREPS = frozenset(_PREP_WORDS.split())
_GENERIC = "number proportion share percentage amount level rate total cost value count"
#: heads that only say "how much of": the measure is what follows ("number of children")
_GENERIC_HEADS = frozenset(_GENERIC.split())


def measure_head(measure: str | None) -> str | None:
    """The noun a measure is about, stemmed: "funding gap for children's services" -> gap,
    "children's services funding gap" -> gap, "number of children in care" -> number:children.

    Two measures with different heads are different measures however many words they share
    ("local authorities" is not "variation between local authorities")."""
    if not measure:
        return None
    toks = words(measure)
    if not toks:
        return None
    cut = next((i for i, w in enumerate(toks) if w in _PREPS and i > 0), len(toks))
    head = stem(toks[cut - 1])
    if head in _GENERIC_HEADS and cut < len(toks):
        rest = toks[cut + 1 :]
        tail = next((i for i, w in enumerate(rest) if w in _PREPS), len(rest))
        nouns = [w for w in rest[:tail] if w not in STOPWORDS]
        if nouns:
            head = f"{head}:{stem(nouns[-1])}"
    return head


#: a measure over everything ("across all services", "the overall budget"), not a part of it
_AGGREGATE = re.compile(r"\b(?:all|overall|whole|entire|combined)\b", re.I)


def _heads_agree(ha: str | None, hb: str | None) -> bool:
    """Same head noun, or no usable head on one side (no measure, or a thin one); "number of
    children" is about children as much as "children in care" is."""
    if not ha or not hb or ha == hb:
        return True
    return ha.rsplit(":", 1)[-1] == hb.rsplit(":", 1)[-1]


def link_figures(
    figs: Sequence[Item], mvecs: np.ndarray, settings: ThreadSettings
) -> list[tuple[int, int, float]]:
    """Pairs ``(i, j, score)`` of figures (indexes into ``figs``) that measure the same thing."""
    # "is_change" is not part of the block: extractors disagree on whether "spent £1bn more
    # than planned" is a change or a level, and the measure words carry the difference
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, f in enumerate(figs):
        blocks[(f.attrs.get("unit") or "").lower()].append(i)
    terms = [content_terms(_measure_text(f)) for f in figs]
    # a head only from a measure of two content words or more: "put at" or "shortfall"
    # alone say too little to keep two figures apart
    measures = [f.attrs.get("measure") or "" for f in figs]
    heads = [
        measure_head(canonical_measure(m)) if len(content_terms(m)) >= 2 else None for m in measures
    ]
    aggregate = [bool(_AGGREGATE.search(m)) for m in measures]
    pairs: list[tuple[int, int, float]] = []
    for rows in blocks.values():
        # figures with the same measure words and head are one measure: link each to the
        # first, then compare only distinct measures (far fewer than figures at scale)
        groups: dict[tuple[frozenset[str], str | None, bool], list[int]] = defaultdict(list)
        for i in rows:
            groups[(frozenset(terms[i]), heads[i], aggregate[i])].append(i)
        reps = []
        for members in groups.values():
            reps.append(members[0])
            pairs.extend((members[0], m, 1.0) for m in members[1:] if terms[m])
        postings: dict[str, list[int]] = defaultdict(list)
        for i in reps:
            for t in terms[i]:
                postings[t].append(i)
        cand: set[tuple[int, int]] = set()
        for plist in postings.values():
            if len(plist) > settings.max_postings:
                continue
            for x in range(len(plist)):
                for y in range(x + 1, len(plist)):
                    a, b = plist[x], plist[y]
                    if _heads_agree(heads[a], heads[b]):
                        cand.add((a, b))  # the same measure twice in one document links too
        for a, b in cand:
            if aggregate[a] != aggregate[b]:
                continue  # a total over everything is not the part ("gap across all services")
            cos = float(mvecs[a] @ mvecs[b])
            if cos < settings.measure_min_cos:
                continue
            shared = len(terms[a] & terms[b])
            # containment, so "funding gap" meets "funding gap for children's services";
            # one shared word is not enough unless it is all either side has
            lex = containment(terms[a], terms[b]) if shared >= 2 or terms[a] == terms[b] else 0
            score = 0.5 * lex + 0.5 * cos
            fa, fb = figs[a].attrs, figs[b].attrs
            if fa.get("source") and fa.get("source") == fb.get("source"):
                score += 0.05
            if fa.get("time_ref") and fa.get("time_ref") == fb.get("time_ref"):
                score += 0.05
            if score >= settings.measure_link:
                pairs.append((a, b, score))
    return pairs


def _actors(it: Item) -> set[str]:
    return {a.lower() for a in (it.attrs.get("actors") or []) if a}


def _top_k(sims: np.ndarray, k: int) -> np.ndarray:
    """Column indexes of each row's ``k`` largest values, in no order (torch's top-k is
    several times faster than a numpy partition of the whole row, and torch is loaded
    anyway for the embeddings)."""
    import torch

    return torch.from_numpy(np.ascontiguousarray(sims)).topk(k, dim=1).indices.numpy()


def link_recommendations(
    recs: Sequence[Item],
    vecs: np.ndarray,
    settings: ThreadSettings,
    terms: Sequence[set[str]] | None = None,
    only: Sequence[int] | None = None,
) -> list[tuple[int, int, float]]:
    """Pairs of recommendations in different documents that ask for the same thing: very
    similar sentences; similar ones that share many content words and an actor; or one
    that quotes the other (most of its content words) loosely.

    With ``only`` (indexes of recommendations new since the pairs already known), pairs are
    sought only from those: each new one's nearest neighbours among all. (A full run also
    looks from each earlier one; a new item among an earlier one's neighbours but with that
    one outside its own is the only pair a re-run can miss, and the nearest-neighbour cap is
    a bound on work, not a rule of meaning.)
    """
    n = len(recs)
    if n < 2 or (only is not None and not len(only)):
        return []
    terms = ask_terms(recs) if terms is None else terms
    actors_of = [_actors(r) for r in recs]
    docs = np.array([r.document_id for r in recs])
    pairs: list[tuple[int, int, float]] = []
    floor = min(settings.rec_cos, settings.rec_quote_cos)
    k = min(n, settings.rec_neighbours + 1)
    seen: set[tuple[int, int]] = set()

    def consider(a: int, b: int, cos: float) -> None:
        key = (min(a, b), max(a, b))
        if a == b or docs[a] == docs[b] or key in seen:
            return
        seen.add(key)
        # at least three words' worth: one shared word is all of a one-word set
        shared = len(terms[a] & terms[b])
        lex = shared / max(3, min(len(terms[a]), len(terms[b]))) if shared else 0.0
        actors = bool(actors_of[a] & actors_of[b])
        quoted = lex >= settings.rec_quote_words and cos >= settings.rec_quote_cos
        if (
            cos >= settings.rec_cos_strong
            or quoted
            or (cos >= settings.rec_cos and lex >= settings.rec_words and actors)
        ):
            pairs.append((*key, cos + 0.1 * lex + (0.05 if actors else 0.0)))

    rows = np.arange(n) if only is None else np.asarray(sorted(only), np.int64)
    for lo in range(0, len(rows), settings.chunk):
        part = rows[lo : lo + settings.chunk]
        sims = vecs[part] @ vecs.T
        # each recommendation's nearest neighbours only: on a large corpus of similar
        # wording, all pairs above the floor would be quadratic
        near = _top_k(sims, k) if k < n else None
        for a_off, a in enumerate(part):
            cols = near[a_off] if near is not None else np.arange(n)
            for b in cols[sims[a_off, cols] >= floor]:
                consider(int(a), int(b), float(sims[a_off, b]))
    return pairs


def cached_recommendation_links(
    store: Store, recs: Sequence[Item], fingerprint: str
) -> tuple[list[tuple[int, int, float]], list[int]] | None:
    """The paraphrase pairs earlier runs found among ``recs`` and the indexes of the
    recommendations they did not see, or None when there is nothing to build on (a first
    run, or links found under other settings or another model)."""
    if store.get_meta("recommendation_links") != fingerprint:
        return None
    tm, rl = s.thread_member.c, s.recommendation_link.c
    pos = {r.id: i for i, r in enumerate(recs)}
    pairs = []
    with store.engine.connect() as conn:  # plain rows: there can be a million links
        seen = {
            r[0] for r in conn.execute(select(tm.item_id).where(tm.item_type == "recommendation"))
        }
        if not seen:
            return None
        for a_id, b_id, score in conn.execute(select(rl.a_id, rl.b_id, rl.score)):
            a, b = pos.get(a_id), pos.get(b_id)
            if a is not None and b is not None:
                pairs.append((min(a, b), max(a, b), score))
    return pairs, [i for i, r in enumerate(recs) if r.id not in seen]


def save_recommendation_links(
    store: Store,
    recs: Sequence[Item],
    pairs: Sequence[tuple[int, int, float]],
    fingerprint: str,
    *,
    new: Sequence[int] | None = None,
) -> None:
    """Keep paraphrase pairs for the next run: all of them, or (``new`` given) the pairs of
    the new recommendations, dropping those of recommendations that no longer exist."""
    rl = s.recommendation_link.c
    with store.transaction() as conn:
        if new is None:
            conn.execute(delete(s.recommendation_link))
        else:
            # links of re-extracted or removed recommendations, and any a crashed run left
            # for the new ones
            live_ids = select(s.recommendation.c.id)
            conn.execute(
                delete(s.recommendation_link).where(
                    rl.a_id.not_in(live_ids) | rl.b_id.not_in(live_ids)
                )
            )
            drop = sorted(recs[i].id for i in new)
            for i in range(0, len(drop), 500):
                chunk = drop[i : i + 500]
                conn.execute(delete(s.recommendation_link).where(rl.a_id.in_(chunk)))
                conn.execute(delete(s.recommendation_link).where(rl.b_id.in_(chunk)))
        rows = [{"a_id": recs[a].id, "b_id": recs[b].id, "score": float(sc)} for a, b, sc in pairs]
        for i in range(0, len(rows), 5000):
            conn.execute(insert(s.recommendation_link), rows[i : i + 5000])
        Store.set_meta(conn, "recommendation_links", fingerprint)


def links_fingerprint(settings: ThreadSettings, model: str) -> str:
    """What paraphrase links depend on besides the recommendations: thresholds, the sector's
    word lists and the embedding model."""
    import hashlib

    words = CONCERNS_PATH.read_bytes() if CONCERNS_PATH.is_file() else b""
    return hashlib.sha256(repr((settings, model)).encode() + words).hexdigest()[:16]


@lru_cache(maxsize=4)
def generic_terms(path: str | None = None) -> frozenset[str]:
    """Stemmed words that name an ask's form or the sector, not a concern
    (models/threads/concerns.toml)."""
    data = _concerns_file(path)
    out: set[str] = set()
    for table in ("generic", "sector"):
        for block in data.get(table, {}).values():
            out |= {stem(w) for w in words(block)}
    return frozenset(out)


def ask_terms(recs: Sequence[Item], aliases: dict[str, list[str]] | None = None) -> list[set[str]]:
    """What each recommendation is about, as stemmed content words: without the words of
    asking (models/threads/concerns.toml), the sector's own words, or the names of the
    bodies it asks and of the body that makes it, which every recommendation between the
    same bodies shares whatever it asks. ``aliases`` maps an actor's canonical name to its
    other names ("DfE")."""
    aliases = aliases or {}
    generic = generic_terms()
    out = []
    for r in recs:
        # only this recommendation's bodies: the words of every body's name ("Rural Affairs",
        # "Health", "Housing") are other recommendations' concerns
        names: set[str] = set()
        for a in [*(r.attrs.get("actors") or []), r.attrs.get("issuer") or ""]:
            for name in [a, *aliases.get(a, ())]:
                names |= content_terms(name)
        out.append(content_terms(r.ask_text) - generic - names)
    return out


def concern_terms(
    recs: Sequence[Item], terms: Sequence[set[str]], settings: ThreadSettings
) -> list[set[str]]:
    """Each recommendation's concern words: words of :func:`ask_terms` that recur in a few
    recommendations of two documents or more.

    A word in most recommendations of a corpus is the corpus, not a concern; one in a single
    recommendation is not a thread.
    """
    n = len(recs)
    df: Counter[str] = Counter()
    docs_of: dict[str, set[int]] = defaultdict(set)
    for r, ts in zip(recs, terms, strict=True):
        df.update(ts)
        for t in ts:
            docs_of[t].add(r.document_id)
    # a word in more than a quarter of them is what the corpus is about (in a small corpus,
    # that leaves no concern words at all: there is too little to tell a concern apart)
    cap = min(settings.concern_max, int(settings.concern_max_share * n))
    keep = {
        t
        for t, c in df.items()
        if settings.concern_min <= c <= cap and len(docs_of[t]) >= 2 and not t.isdigit()
    }
    return [ts & keep for ts in terms]


def link_concerns(
    recs: Sequence[Item],
    vecs: np.ndarray,
    settings: ThreadSettings,
    terms: Sequence[set[str]] | None = None,
) -> list[tuple[int, int, float]]:
    """Pairs of recommendations to the same body that come back to the same concern.

    Paraphrase alone misses the thread a researcher follows when the asks differ but the
    concern is one: an inquiry into variation between councils, then the factors behind it
    and targets to limit it. Two recommendations link when they share a recurring concern
    word (:func:`concern_terms`) and an actor, and either mean much the same
    (``concern_cos``) or follow one another in one document (the items of one list: a
    lead-in's parts). Work grows with the recommendations of each concern word, which is
    capped, not with all pairs.
    """
    terms = ask_terms(recs) if terms is None else terms
    concerns = concern_terms(recs, terms, settings)
    df = Counter(t for ts in concerns for t in ts)
    # one concern each, the one it shares with most others, so that concerns do not chain
    # (early help to spending data to funding reviews) into one thread about everything
    by_term: dict[str, list[int]] = defaultdict(list)
    for i, ts in enumerate(concerns):
        if ts:
            by_term[max(ts, key=lambda t: (df[t], t))].append(i)
    actors_of = [_actors(r) for r in recs]
    order = sorted(range(len(recs)), key=lambda i: (recs[i].document_id, recs[i].start))
    nxt = {a: b for a, b in zip(order, order[1:], strict=False)}
    seen: set[tuple[int, int]] = set()
    pairs: list[tuple[int, int, float]] = []
    for rows in by_term.values():
        for x, a in enumerate(rows):
            for b in rows[x + 1 :]:
                key = (min(a, b), max(a, b))
                if key in seen or not actors_of[a] & actors_of[b]:
                    continue
                ra, rb = recs[key[0]], recs[key[1]]
                adjacent = (
                    ra.document_id == rb.document_id
                    and (nxt.get(key[0]) == key[1] or nxt.get(key[1]) == key[0])
                    and abs(rb.start - ra.start) <= settings.concern_gap
                )
                cos = float(vecs[a] @ vecs[b])
                if adjacent or (ra.document_id != rb.document_id and cos >= settings.concern_cos):
                    seen.add(key)
                    pairs.append((*key, cos))
    return pairs


@dataclass
class ReportIndex:
    """The reports a response could answer, with their title, issuer and publisher words
    computed once: a response is scored only against reports its opening shares one of
    those words with (:func:`answered_reports`)."""

    title_terms: dict[int, set[str]]
    publisher_terms: dict[int, set[str]]
    issuers: dict[int, list[str]]
    words_of: dict[int, set[str]]  # title, publisher and issuer words together

    @classmethod
    def build(
        cls,
        numbered: dict[int, dict[int, int]],
        docs: dict[int, dict[str, Any]],
        issuers: dict[int, set[str]],
    ) -> ReportIndex:
        title_terms, publisher_terms, names, words_of = {}, {}, {}, {}
        for doc_id in numbered:
            meta = docs.get(doc_id, {})
            if meta.get("kind") == "response":
                continue  # a response answers a report, not another response
            title_terms[doc_id] = content_terms(meta.get("title") or "")
            publisher_terms[doc_id] = content_terms(str(meta.get("publisher") or ""))
            names[doc_id] = [i.lower() for i in issuers.get(doc_id, ()) if i]
            words_of[doc_id] = title_terms[doc_id] | publisher_terms[doc_id]
            for name in names[doc_id]:
                words_of[doc_id] |= content_terms(name)
        return cls(title_terms, publisher_terms, names, words_of)


def answered_report(
    response_doc: int,
    head_text: str,
    numbered: dict[int, dict[int, int]],
    docs: dict[int, dict[str, Any]],
    issuers: dict[int, set[str]],
    index: ReportIndex | None = None,
) -> int | None:
    """The report a response answers: an earlier document with numbered recommendations whose
    title words and issuer the response's opening names most."""
    return answered_reports({response_doc: head_text}, numbered, docs, issuers, index).get(
        response_doc
    )


def answered_reports(
    heads: dict[int, str],
    numbered: dict[int, dict[int, int]],
    docs: dict[int, dict[str, Any]],
    issuers: dict[int, set[str]],
    index: ReportIndex | None = None,
    chunk: int = 512,
) -> dict[int, int]:
    """:func:`answered_report` for many responses at once, as sparse word-matrix products
    (2,000 responses against 2,000 reports were four million set comparisons in Python).

    A report's score for a response: the share of its title words in the response's title
    and opening (containment), +0.5 when one of its issuers is named in the first 400
    characters, +0.5 x the share of its publisher's words there when it is another body's
    report. Only reports sharing a word with the opening, not dated after the response,
    scoring above 0.2 count; the best wins, then the latest, then the highest id.
    """
    from scipy import sparse

    index = index or ReportIndex.build(numbered, docs, issuers)
    reports = sorted(index.title_terms)
    if not reports or not heads:
        return {}
    vocab: dict[str, int] = {}

    def matrix(rows: Sequence[set[str]]) -> Any:
        indptr, cols = [0], []
        for terms in rows:
            cols.extend(vocab.setdefault(w, len(vocab)) for w in terms)
            indptr.append(len(cols))
        data = np.ones(len(cols), np.float32)
        return (data, np.array(cols, np.int64), np.array(indptr, np.int64))

    def csr(parts: Any, n: int) -> Any:
        return sparse.csr_matrix(parts, shape=(n, len(vocab)))

    names = sorted({n for r in reports for n in index.issuers[r]})
    name_col = {n: j for j, n in enumerate(names)}
    title_terms = [index.title_terms[r] for r in reports]
    pub_terms = [index.publisher_terms[r] for r in reports]
    any_terms = [index.words_of[r] for r in reports]
    resp = sorted(heads)
    head_terms = [content_terms(heads[d]) for d in resp]
    tops = [heads[d][:400] for d in resp]
    top_terms = [content_terms(x) for x in tops]
    parts = [matrix(x) for x in (title_terms, pub_terms, any_terms, head_terms, top_terms)]
    t_m, p_m, a_m, h_m, u_m = (
        csr(p, n) for p, n in zip(parts, [len(reports)] * 3 + [len(resp)] * 2, strict=True)
    )
    issuer_of = sparse.csr_matrix(
        (
            np.ones(sum(len(index.issuers[r]) for r in reports), np.float32),
            (
                [i for i, r in enumerate(reports) for _ in index.issuers[r]],
                [name_col[n] for r in reports for n in index.issuers[r]],
            ),
        ),
        shape=(len(reports), max(len(names), 1)),
    )
    t_len = np.array([len(x) for x in title_terms], np.float64)
    p_len = np.array([len(x) for x in pub_terms], np.float64)
    when = [docs.get(r, {}).get("published_date") for r in reports]
    day = np.array([w.toordinal() if w else -1 for w in when], np.int64)
    pub_ids: dict[Any, int] = {}
    pub = np.array(
        [
            pub_ids.setdefault(docs.get(r, {}).get("publisher") or None, len(pub_ids))
            for r in reports
        ]
    )
    no_pub = pub_ids.get(None, -2)
    report_ids = np.array(reports, np.int64)
    out: dict[int, int] = {}
    for lo in range(0, len(resp), chunk):
        rows = range(lo, min(lo + chunk, len(resp)))
        sl = slice(lo, rows.stop)
        title = _containment((h_m[sl] @ t_m.T).toarray(), [len(head_terms[i]) for i in rows], t_len)
        by = _containment((u_m[sl] @ p_m.T).toarray(), [len(top_terms[i]) for i in rows], p_len)
        named = np.zeros((len(rows), max(len(names), 1)), np.float32)
        for k, i in enumerate(rows):
            low = tops[i].lower()
            for n in names:
                if n in low:
                    named[k, name_col[n]] = 1.0
        bonus = (sparse.csr_matrix(named) @ issuer_of.T).toarray() > 0
        metas = [docs.get(resp[i], {}) for i in rows]
        mine = np.array(
            [m["published_date"].toordinal() if m.get("published_date") else -1 for m in metas]
        )
        my_pub = np.array([pub_ids.get(m.get("publisher") or None, -3) for m in metas])
        # the committee that wrote the report, named in the response's opening
        other = (pub[None, :] != no_pub) & (pub[None, :] != my_pub[:, None])
        score = title + np.where(bonus, 0.5, 0.0) + np.where(other, 0.5 * by, 0.0)
        later = (day[None, :] >= 0) & (mine[:, None] >= 0) & (day[None, :] > mine[:, None])
        ok = ((h_m[sl] @ a_m.T).toarray() > 0) & ~later & (score > 0.2)
        ok &= report_ids[None, :] != np.array([resp[i] for i in rows])[:, None]
        score = np.where(ok, score, -np.inf)
        top = score.max(axis=1)
        for k, i in enumerate(rows):
            if not np.isfinite(top[k]):
                continue
            # the best score, then the latest report (undated lowest), then the highest id
            tied = np.flatnonzero(score[k] == top[k])
            j = max(tied, key=lambda j: (when[j] or dt.date.min, reports[j]))
            out[resp[i]] = reports[j]
    return out


def _containment(inter: np.ndarray, a_len: Sequence[int], b_len: np.ndarray) -> np.ndarray:
    """:func:`~pipeline.analyse.text.containment` of every pair, from intersection counts."""
    smaller = np.minimum(np.asarray(a_len, np.float64)[:, None], b_len[None, :])
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(smaller > 0, inter / np.where(smaller > 0, smaller, 1), 0.0)


def link_by_number(
    recs: Sequence[Item], store: Store, docs: dict[int, dict[str, Any]]
) -> tuple[list[tuple[int, int, float]], dict[int, int]]:
    """Link a response's numbered recommendations to the same number in the answered report.

    Returns the pairs and, for each responding document, the report it answers (which the
    status step reuses to place "Recommendation 3" sentences).
    """
    numbered: dict[int, dict[int, int]] = defaultdict(dict)  # doc -> number -> rec index
    issuers: dict[int, set[str]] = defaultdict(set)
    infer_numbers(store, recs)
    for i, r in enumerate(recs):
        num = item_number(r)
        if num is not None:
            numbered[r.document_id].setdefault(num, i)
        if r.attrs.get("issuer"):
            issuers[r.document_id].add(r.attrs["issuer"])
    answering = {r.document_id for r in recs if number_refs(r.text) or r.doc_kind == "response"}
    answering |= {d for d in numbered if docs.get(d, {}).get("kind") == "response"}
    heads = _heads(store, answering)
    index = ReportIndex.build(numbered, docs, issuers)
    by_doc: dict[int, list[int]] = defaultdict(list)
    for i, r in enumerate(recs):
        by_doc[r.document_id].append(i)
    answers = answered_reports(
        {d: heads.get(d, "") for d in answering}, numbered, docs, issuers, index
    )
    pairs: list[tuple[int, int, float]] = []
    for doc_id, target in answers.items():
        for i in by_doc[doc_id]:
            r = recs[i]
            nums = number_refs(r.text) or [
                n for n in [rec_number(r.attrs.get("number"))] if n is not None
            ]
            for num in nums[:1]:
                j = numbered[target].get(num)
                if j is not None:
                    pairs.append((min(i, j), max(i, j), 1.0))
    return pairs, answers


def actor_aliases(store: Store) -> dict[str, list[str]]:
    """Each known actor's other names, from the store's copy of the gazetteer."""
    a = s.actor.c
    return {r["name"]: list(r["aliases"] or []) for r in store.execute(select(a.name, a.aliases))}


def _heads(store: Store, doc_ids: set[int], chars: int = 1500) -> dict[int, str]:
    """Title plus the opening of each document: where a response names what it answers."""
    if not doc_ids:
        return {}
    from sqlalchemy import func

    d = s.document.c
    rows = store.execute(
        select(d.id, d.title, func.substr(d.text, 1, chars).label("head")).where(
            d.id.in_(sorted(doc_ids))
        )
    )
    return {r["id"]: f"{r['title'] or ''}\n{r['head'] or ''}" for r in rows}


def _role(it: Item, origin: Item, same_ask: bool = True) -> str:
    if it is origin:
        return "origin"
    if it.kind == "figure":
        return "value"
    if it.doc_kind == "response":
        return "response"
    if not same_ask:
        return "related"  # the same concern, another ask: not a repeat of the origin
    maker = it.attrs.get("issuer")
    if not maker:
        # a page restating an ask it does not attribute reports it; a body's own page that
        # asks again (its publisher is the maker) repeats it
        if it.attrs.get("reported") or it.doc_kind == "news":
            return "report"
        maker = it.publisher
    # another body making the ask again is a repeat, even when the press reports it
    return "report" if maker == (origin.attrs.get("issuer") or origin.publisher) else "repeat"


def build_threads(
    store: Store,
    items: Sequence[Item],
    vectors: np.ndarray,
    *,
    rebuild: bool = False,
    settings: ThreadSettings | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Recompute links and write threads, keeping the ids of threads that carry on."""
    from pipeline.analyse.corpus import document_meta

    settings = settings or ThreadSettings()
    docs = document_meta(store)
    fig_rows = [i for i, it in enumerate(items) if it.kind == "figure"]
    rec_rows = [i for i, it in enumerate(items) if it.kind == "recommendation"]
    figs = [items[i] for i in fig_rows]
    recs = [items[i] for i in rec_rows]
    if progress:
        progress("threads", 0, 3)
    mvecs = EmbeddingCache(store).embed([_measure_text(f) for f in figs])
    fig_pairs = link_figures(figs, mvecs, settings)
    if progress:
        progress("threads", 1, 3)
    rvecs = vectors[rec_rows] if rec_rows else np.zeros((0, vectors.shape[1]), np.float32)
    terms = ask_terms(recs, actor_aliases(store))
    # paraphrase pairs among recommendations seen before are kept; only new ones are searched
    fingerprint = links_fingerprint(settings, MODEL_NAME)
    cached = None if rebuild else cached_recommendation_links(store, recs, fingerprint)
    if cached is None:
        rec_pairs = link_recommendations(recs, rvecs, settings, terms)
        save_recommendation_links(store, recs, rec_pairs, fingerprint)
    else:
        known, new = cached
        found = link_recommendations(recs, rvecs, settings, terms, only=new)
        save_recommendation_links(store, recs, found, fingerprint, new=new)
        rec_pairs = known + found
    concern_pairs = link_concerns(recs, rvecs, settings, terms)
    ref_pairs = link_attributed(recs, rvecs, terms)
    ref_pairs += link_cited(recs, terms, docs, store, generic_terms(), rvecs)
    num_pairs, answers = link_by_number(recs, store, docs)
    if progress:
        progress("threads", 2, 3)

    # a concern link joins asks about one concern, not one ask: only the members one ask
    # away from the origin (paraphrase, number, reference) can repeat it
    same_ask = _UnionFind(len(recs))
    for a, b, _ in rec_pairs + num_pairs + ref_pairs:
        same_ask.union(a, b)
    ask_of = {r.key: same_ask.find(i) for i, r in enumerate(recs)}
    components: list[tuple[str, list[Item], dict[tuple[str, int], float]]] = []
    for kind, group, pairs in (
        ("figure", figs, fig_pairs),
        ("recommendation", recs, rec_pairs + concern_pairs + num_pairs + ref_pairs),
    ):
        uf = _UnionFind(len(group))
        best: dict[int, float] = defaultdict(float)
        for a, b, sc in pairs:
            uf.union(a, b)
            best[a] = max(best[a], sc)
            best[b] = max(best[b], sc)
        comp: dict[int, list[int]] = defaultdict(list)
        for i in range(len(group)):
            comp[uf.find(i)].append(i)
        for rows in comp.values():
            members = [group[i] for i in rows]
            if kind == "figure" and len({m.document_id for m in members}) < 2:
                continue
            scores = {group[i].key: best.get(i, 1.0) for i in rows}
            components.append((kind, members, scores))
    written = _write_threads(store, components, rebuild=rebuild, ask_of=ask_of)
    if progress:
        progress("threads", 3, 3)
    return {
        **written,
        "figure_links": len(fig_pairs),
        "recommendation_links": len(rec_pairs),
        "concern_links": len(concern_pairs),
        "number_links": len(num_pairs),
        "reference_links": len(ref_pairs),
        "answers": answers,
        "rec_terms": {r.id: ts for r, ts in zip(recs, terms, strict=True)},
    }


def _write_threads(
    store: Store,
    components: list[tuple[str, list[Item], dict[tuple[str, int], float]]],
    *,
    rebuild: bool,
    ask_of: dict[tuple[str, int], int] | None = None,
) -> dict[str, int]:
    th, tm = s.thread.c, s.thread_member.c
    ask_of = ask_of or {}
    old_members: dict[tuple[str, int], int] = {}
    old_ids: set[int] = set()
    with store.transaction() as conn:
        if rebuild:
            conn.execute(delete(s.thread))
        else:
            for r in conn.execute(select(tm.thread_id, tm.item_type, tm.item_id)):
                old_members[(r.item_type, r.item_id)] = r.thread_id
            old_ids = {r[0] for r in conn.execute(select(th.id))}
        # each component inherits the old id most of its members had, largest claim first
        claims = []
        for ci, (_, members, _) in enumerate(components):
            votes = Counter(old_members[m.key] for m in members if m.key in old_members)
            for tid, n in votes.items():
                claims.append((n, -tid, ci, tid))
        claims.sort(reverse=True)
        assigned: dict[int, int] = {}
        taken: set[int] = set()
        for _, _, ci, tid in claims:
            if ci not in assigned and tid not in taken:
                assigned[ci] = tid
                taken.add(tid)
        gone = old_ids - taken
        if gone:
            conn.execute(delete(s.thread).where(th.id.in_(sorted(gone))))
        ts = now()
        created = 0
        rows = []
        for ci, (kind, members, scores) in enumerate(components):
            members = sorted(
                members, key=lambda m: (m.published or dt.date.max, m.document_id, m.start)
            )
            origin = members[0]
            label = _thread_label(kind, members)
            key = _thread_key(kind, origin)
            if ci in assigned:
                tid = assigned[ci]
                conn.execute(update(s.thread).where(th.id == tid).values(label=label, key=key))
                conn.execute(delete(s.thread_member).where(tm.thread_id == tid))
            else:
                tid = conn.execute(
                    insert(s.thread).values(kind=kind, label=label, key=key, created_at=ts)
                ).inserted_primary_key[0]
                created += 1
            for m in members:
                rows.append(
                    {
                        "thread_id": tid,
                        "item_type": m.kind,
                        "item_id": m.id,
                        "role": _role(m, origin, ask_of.get(m.key) == ask_of.get(origin.key)),
                        "score": scores.get(m.key),
                    }
                )
        for i in range(0, len(rows), 5000):
            conn.execute(insert(s.thread_member), rows[i : i + 5000])
    return {"threads": len(components), "threads_created": created, "threads_removed": len(gone)}


def _thread_key(kind: str, origin: Item) -> str:
    if kind == "figure":
        unit = origin.attrs.get("unit") or ""
        return f"figure:{unit}:{' '.join(sorted(content_terms(_measure_text(origin))))[:200]}"
    return f"recommendation:{origin.id}"


_UNIT_LABELS = {"percent": "%", "GBP": "£", "USD": "$", "EUR": "€"}


def _thread_label(kind: str, members: Sequence[Item]) -> str:
    """A figure thread is named by its members' usual measure, under its sector name, with
    the unit (a count and a share of children in care are two threads); a thin measure
    ("estimate", "rated") is named with the words around its first figure."""
    if kind != "figure":
        return members[0].text[:200]
    measures = [canonical_measure((m.attrs.get("measure") or "").strip()) for m in members]
    full = [x.lower() for x in measures if len(content_terms(x)) >= 2]
    if full:
        name = Counter(full).most_common(1)[0][0]
    else:
        name = _measure_text(members[0]).lower()[:120] or " ".join(words(members[0].sentence)[:10])
    unit = members[0].attrs.get("unit") or ""
    return f"{name} ({_UNIT_LABELS.get(unit, unit)})" if unit else name
