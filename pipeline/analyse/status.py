"""Follow-through status of every recommendation thread, with the evidence behind it.

Two steps, so a re-run does little work:

1. :func:`scan_documents` reads documents not scanned before, finds the sentences that
   answer or report on a recommendation, and stores them as signals. A sentence is a
   candidate when it carries a response or progress cue and points at a recommendation:
   by number ("Recommendation 3", or under the heading "3: PAC recommendation" of a response
   to the report that numbered it), by sitting just after a restated recommendation, or by
   sharing most of a recommendation's words (and its meaning) in a later document. The
   :mod:`~pipeline.analyse.followthrough` classifier labels it accepted, rejected or addressed.
   What an acceptance promises is kept too (``committed``), and a later progress sentence
   that names the promise reports it kept (:mod:`~pipeline.analyse.commitments`).
2. :func:`compute_status` turns signals and thread members dated on or before ``as_of`` into
   a status and writes the evidence, in date order: addressed beats everything; otherwise the
   latest of accepted / rejected / repeated (made again by another body), where an acceptance
   whose promised date has passed is overdue; otherwise overdue when the deadline has
   passed, else open.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import delete, insert, select, update

from pipeline.analyse import followthrough
from pipeline.analyse.commitments import (
    Commitment,
    deadline_end,
    following,
    match_progress,
    promised_by,
)
from pipeline.analyse.corpus import Item
from pipeline.analyse.embeddings import EmbeddingCache, Progress
from pipeline.analyse.text import content_terms, sentences
from pipeline.analyse.threads import (
    ReportIndex,
    actor_aliases,
    answered_report,
    ask_terms,
    generic_terms,
    item_number,
    number_refs,
)
from pipeline.store import schema as s
from pipeline.store.db import Store, now

STATUSES = ("open", "overdue", "repeated", "accepted", "rejected", "addressed")
#: evidence that bears no status of its own: what an acceptance promised
COMMITTED = "committed"


@dataclass(frozen=True)
class StatusSettings:
    #: a sentence this many sentences after a restated recommendation answers it
    near_sentences: int = 3
    #: lexical match: share of the recommendation's content words the sentence must hold
    lexical_share: float = 0.5
    lexical_min_words: int = 3
    #: lexical match: sentence-recommendation cosine floor
    lexical_cos: float = 0.45
    #: a response or progress sentence this similar to a recommendation reports on it
    semantic_cos: float = 0.6
    #: "the recommendation to X": share of X's content words the recommendation holds
    quoted_share: float = 0.75


@dataclass
class _Candidate:
    doc_id: int
    start: int
    end: int
    text: str
    targets: dict[int, str]  # recommendation id -> how it was matched
    promises: list[tuple[int, int, str]] = field(default_factory=list)  # what it promises


_QUOTED_ASK = re.compile(
    r"\b(?:recommendations?|proposals?|calls?)\s+(?:to|that|for)\s+([^.;:]{10,200})", re.I
)


#: a sentence that names a recommendation made (by anyone)
_NAMES_AN_ASK = re.compile(r"\brecommend(?:s|ed|ation|ations)?\b|\bcall(?:s|ed)?\s+for\b", re.I)


def _line_number(sentence: str) -> int | None:
    """The number a heading line gives what follows: "Recommendation 3:", "3: PAC
    recommendation", or a paragraph "3.1" in a response numbered like the report."""
    head = sentence[:80]
    refs = number_refs(head)
    low = head.lower().lstrip()
    if refs and (low.startswith("recommendation") or low[:1].isdigit()):
        return refs[0]
    m = re.match(r"\s*(\d{1,3})\.\d{1,2}\s", sentence)
    return int(m.group(1)) if m else None


def scan_documents(
    store: Store,
    recs: Sequence[Item],
    answers: dict[int, int],
    *,
    rescan: bool = False,
    settings: StatusSettings | None = None,
    progress: Progress | None = None,
    rec_terms: dict[int, set[str]] | None = None,
) -> dict[str, int]:
    """Find and store follow-through signals in documents not scanned before.

    ``rec_terms`` (what each recommendation is about, by id) saves recomputing what the
    thread step already has."""
    settings = settings or StatusSettings()
    cues = followthrough.load_cues()
    d, ad, sig = s.document.c, s.analysed_document.c, s.followthrough_signal.c
    all_docs = {r["id"]: r["published_date"] for r in store.execute(select(d.id, d.published_date))}
    done = {r["document_id"] for r in store.execute(select(ad.document_id))}
    live_recs = {r.id for r in recs}
    if rescan:
        todo = set(all_docs)
    else:
        todo = set(all_docs) - done
        # a document dated before ones already scanned may hold recommendations those answer
        dates = [all_docs[x] for x in todo if all_docs[x]]
        if dates and done:
            first = min(dates)
            todo |= {x for x in done if all_docs.get(x) and all_docs[x] >= first}
    # numbered recommendations per document, and the recommendations by document
    numbered: dict[int, dict[int, int]] = defaultdict(dict)
    issuers: dict[int, set[str]] = defaultdict(set)
    by_doc: dict[int, list[Item]] = defaultdict(list)
    for r in recs:
        n = item_number(r)
        if n is not None:
            numbered[r.document_id].setdefault(n, r.id)
        if r.attrs.get("issuer"):
            issuers[r.document_id].add(r.attrs["issuer"])
        by_doc[r.document_id].append(r)
    rec_by_id = {r.id: r for r in recs}
    # what each recommendation is about, without the words every answer to a body shares
    # ("the Government accepts ... services for families" is not an answer to every
    # recommendation to the Government about services for families)
    if rec_terms is None or any(r.id not in rec_terms for r in recs):
        rec_terms = dict(
            zip([r.id for r in recs], ask_terms(recs, actor_aliases(store)), strict=True)
        )
    generic = generic_terms()
    postings: dict[str, list[int]] = defaultdict(list)
    for rid, terms in rec_terms.items():
        for t in terms:
            postings[t].append(rid)
    meta = {r["id"]: r for r in store.execute(select(d.id, d.title, d.publisher, d.published_date))}

    cands: list[_Candidate] = []
    index: ReportIndex | None = None  # built on first need
    ordered = sorted(todo)
    for k, (doc_id, text, _m) in enumerate(store.document_texts(ordered)):
        if progress and k % 50 == 0:
            progress("scan", k, len(ordered))
        own = sorted(by_doc.get(doc_id, []), key=lambda r: r.start)
        target_doc = answers.get(doc_id)
        if target_doc is None and number_refs(text[:20000]):
            if index is None:
                index = ReportIndex.build(numbered, meta, issuers)
            target_doc = answered_report(
                doc_id,
                f"{meta[doc_id]['title'] or ''}\n{text[:1500]}",
                numbered,
                meta,
                issuers,
                index,
            )
        cands.extend(
            _scan_text(
                doc_id,
                text,
                own,
                numbered.get(target_doc, {}) if target_doc else {},
                rec_by_id,
                rec_terms,
                postings,
                all_docs,
                cues,
                settings,
                generic,
            )
        )
    # classify the candidate sentences, keep the answers
    cache = EmbeddingCache(store)
    vecs = cache.embed([c.text for c in cands]) if cands else None
    labels = followthrough.classify([c.text for c in cands], vecs)
    rows = []
    lexical_ids = sorted({rid for c in cands for rid, how in c.targets.items() if how == "lexical"})
    rvecs = dict(
        zip(
            lexical_ids,
            cache.embed([rec_by_id[i].sentence for i in lexical_ids]) if lexical_ids else [],
            strict=True,
        )
    )
    _semantic_targets(cands, labels, vecs, recs, cache, all_docs, settings)
    accepted_by: dict[int, list[int]] = defaultdict(list)  # candidate -> recommendations
    for i, (c, (label, score)) in enumerate(zip(cands, labels, strict=True)):
        if label == "none":
            continue
        for rid, how in c.targets.items():
            if how == "lexical" and float(vecs[i] @ rvecs[rid]) < settings.lexical_cos:
                continue
            if how == "member" and label not in ("accepted", "rejected"):
                continue
            if label == "accepted":
                accepted_by[i].append(rid)
            rows.append(_signal(rid, c.doc_id, c.start, c.end, label, c.text, score, how))
    rows += _commitment_rows(store, cands, labels, vecs, accepted_by, rows, todo, all_docs, cache)
    with store.transaction() as conn:
        if todo:
            ids = sorted(todo)
            for i in range(0, len(ids), 500):
                chunk = ids[i : i + 500]
                conn.execute(delete(s.followthrough_signal).where(sig.document_id.in_(chunk)))
                conn.execute(delete(s.analysed_document).where(ad.document_id.in_(chunk)))
            ts = now()
            conn.execute(
                insert(s.analysed_document), [{"document_id": x, "analysed_at": ts} for x in ids]
            )
        # signals of recommendations that no longer exist (re-extracted documents)
        stale = [
            r[0]
            for r in conn.execute(select(sig.recommendation_id).distinct())
            if r[0] not in live_recs
        ]
        for i in range(0, len(stale), 500):
            conn.execute(
                delete(s.followthrough_signal).where(sig.recommendation_id.in_(stale[i : i + 500]))
            )
        if rows:
            conn.execute(insert(s.followthrough_signal), rows)
    if progress:
        progress("scan", len(ordered), len(ordered))
    return {"documents_scanned": len(todo), "candidates": len(cands), "signals": len(rows)}


def _signal(
    rid: int, doc_id: int, start: int, end: int, label: str, text: str, score: Any, how: str
) -> dict[str, Any]:
    """A followthrough_signal row."""
    return {
        "recommendation_id": rid,
        "document_id": doc_id,
        "start": start,
        "end": end,
        "label": label,
        "text": text,
        "score": score,
        "how": how,
    }


def _promises(
    text: str, spans: list[tuple[int, int]], k: int, cues: followthrough.Cues
) -> list[tuple[int, int, str]]:
    return [(a, b, text[a:b]) for a, b in following(text, spans, k, cues)]


def _commitment_rows(
    store: Store,
    cands: list[_Candidate],
    labels: list[tuple[str, float]],
    vecs: Any,
    accepted_by: dict[int, list[int]],
    rows: list[dict[str, Any]],
    todo: set[int],
    doc_dates: dict[int, dt.date | None],
    cache: EmbeddingCache,
) -> list[dict[str, Any]]:
    """What each acceptance promised (``committed`` signals), and the later progress
    sentences that report a promise kept (``addressed``, matched through the promise)."""
    out: list[dict[str, Any]] = []
    promises: list[Commitment] = []
    seen: set[tuple[int, int, int]] = set()
    for i, rids in accepted_by.items():
        c = cands[i]
        for rid in dict.fromkeys(rids):
            for a, b, text in c.promises:
                if (rid, c.doc_id, a) in seen:
                    continue
                seen.add((rid, c.doc_id, a))
                out.append(_signal(rid, c.doc_id, a, b, COMMITTED, text, None, "commitment"))
                promises.append(Commitment(rid, c.doc_id, doc_dates.get(c.doc_id), text))
    sig = s.followthrough_signal.c
    for r in store.execute(
        select(sig.recommendation_id, sig.document_id, sig.text).where(sig.label == COMMITTED)
    ):
        if r["document_id"] not in todo:  # kept from an earlier run
            promises.append(
                Commitment(
                    r["recommendation_id"],
                    r["document_id"],
                    doc_dates.get(r["document_id"]),
                    r["text"],
                )
            )
    progress = [i for i, (lab, _) in enumerate(labels) if lab == "addressed"]
    if not promises or not progress:
        return out
    found = match_progress(
        promises,
        [(cands[i].doc_id, doc_dates.get(cands[i].doc_id), cands[i].text) for i in progress],
        vecs[progress],
        cache.embed([p.text for p in promises]),
    )
    have = {(r["recommendation_id"], r["document_id"], r["start"]) for r in rows}
    for k, j in found:
        c, p = cands[progress[k]], promises[j]
        key = (p.recommendation_id, c.doc_id, c.start)
        if key in have:
            continue
        have.add(key)
        score = labels[progress[k]][1]
        out.append(
            _signal(
                p.recommendation_id,
                c.doc_id,
                c.start,
                c.end,
                "addressed",
                c.text,
                score,
                "commitment",
            )
        )
    return out


def _semantic_targets(
    cands: list[_Candidate],
    labels: list[tuple[str, float]],
    vecs: Any,
    recs: Sequence[Item],
    cache: EmbeddingCache,
    doc_dates: dict[int, dt.date | None],
    settings: StatusSettings,
) -> None:
    """Add the recommendations a response or progress sentence means, though it shares few
    of their words ("the department did publish that analysis" of why demand varies)."""
    # progress reports only, and only where the cue lists are sure (the regression is not
    # precise enough to go looking across the corpus): acceptances and rejections are
    # found by number and by position in the responses that carry them
    todo = [i for i, (lab, sc) in enumerate(labels) if lab == "addressed" and sc >= 1.0]
    if not todo or not recs:
        return
    rvecs = cache.embed([r.theme_text for r in recs])
    for lo in range(0, len(todo), 1024):
        part = todo[lo : lo + 1024]
        sims = vecs[part] @ rvecs.T
        for row, i in enumerate(part):
            c = cands[i]
            mine = doc_dates.get(c.doc_id)
            # the one recommendation it is closest to: a progress sentence reports one action
            for j in np.argsort(-sims[row]):
                if sims[row, j] < settings.semantic_cos:
                    break
                r = recs[int(j)]
                rdate = doc_dates.get(r.document_id)
                if r.document_id == c.doc_id or (mine and rdate and rdate > mine):
                    continue
                c.targets.setdefault(r.id, "semantic")
                break


def _scan_text(
    doc_id: int,
    text: str,
    own: list[Item],
    numbered: dict[int, int],
    rec_by_id: dict[int, Item],
    rec_terms: dict[int, set[str]],
    postings: dict[str, list[int]],
    doc_dates: dict[int, dt.date | None],
    cues: followthrough.Cues,
    settings: StatusSettings,
    generic: frozenset[str] = frozenset(),
) -> list[_Candidate]:
    out: list[_Candidate] = []
    my_date = doc_dates.get(doc_id)
    ctx_number: int | None = None
    last_rec: Item | None = None
    since_rec = 99
    oi = 0
    spans = list(sentences(text))
    for k, (a, b) in enumerate(spans):
        sent = text[a:b]
        refs = number_refs(sent)
        line_no = _line_number(sent)
        if line_no is not None or refs:
            # a heading, or a sentence naming a recommendation, sets what follows is about
            ctx_number = line_no if line_no is not None else refs[0]
        # is this sentence one of the document's own recommendations?
        while oi < len(own) and own[oi].end <= a:
            oi += 1
        inside = next((r for r in own[oi : oi + 3] if r.start < b and r.end > a), None)
        if inside is not None:
            last_rec, since_rec = inside, 0
            # "The Government agrees that councils should ...": a response worded as a
            # recommendation; only an acceptance or rejection of itself is kept (below)
            if cues.any_cue(sent):
                out.append(
                    _Candidate(
                        doc_id, a, b, sent, {inside.id: "member"}, _promises(text, spans, k, cues)
                    )
                )
            continue
        since_rec += 1
        if not cues.any_cue(sent):
            if _NAMES_AN_ASK.search(sent):
                # a recommendation restated here, though not extracted as one: "that
                # recommendation" after it means this one, not the last one we hold
                last_rec = None
            continue
        targets: dict[int, str] = {}
        for n in refs or ([ctx_number] if ctx_number is not None else []):
            rid = numbered.get(n)
            if rid is not None:
                targets[rid] = "number"
        if last_rec is not None and since_rec <= settings.near_sentences:
            targets.setdefault(last_rec.id, "near_member")
        terms = content_terms(sent) - generic
        hits: dict[int, int] = defaultdict(int)
        for t in terms:
            plist = postings.get(t, ())
            if len(plist) > 500:
                continue
            for rid in plist:
                hits[rid] += 1
        for rid, n in hits.items():
            rec = rec_by_id[rid]
            if rec.document_id == doc_id or n < settings.lexical_min_words:
                continue
            if n / max(len(rec_terms[rid]), 1) < settings.lexical_share:
                continue
            rdate = doc_dates.get(rec.document_id)
            if my_date and rdate and rdate > my_date:
                continue
            targets.setdefault(rid, "lexical")
        # "accepts the review's recommendation to develop a national kinship strategy":
        # the words after "recommendation to" quote the ask, loosely, and most of them are
        # in the recommendation they answer (which may say much more)
        quoted = _QUOTED_ASK.search(sent)
        qterms = content_terms(quoted.group(1)) if quoted else set()
        if len(qterms) >= settings.lexical_min_words:
            for rid in hits:
                rec = rec_by_id[rid]
                rdate = doc_dates.get(rec.document_id)
                if rec.document_id == doc_id or (my_date and rdate and rdate > my_date):
                    continue
                full = content_terms(rec.ask_text)
                if len(qterms & full) / len(qterms) >= settings.quoted_share:
                    targets.setdefault(rid, "quoted")
        # kept even with no target: the semantic route may still find what it reports on
        out.append(_Candidate(doc_id, a, b, sent, targets, _promises(text, spans, k, cues)))
    return out


def compute_status(
    store: Store,
    recs: Sequence[Item],
    *,
    as_of: dt.date | None = None,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Set every recommendation thread's status as of ``as_of`` and write its evidence."""
    as_of = as_of or dt.date.today()
    th, tm, sig = s.thread.c, s.thread_member.c, s.followthrough_signal.c
    rec_by_id = {r.id: r for r in recs}
    threads: dict[int, list[tuple[Item, str]]] = defaultdict(list)
    for r in store.execute(
        select(tm.thread_id, tm.item_id, tm.role)
        .join(s.thread, th.id == tm.thread_id)
        .where(th.kind == "recommendation")
    ):
        it = rec_by_id.get(r["item_id"])
        if it is not None:
            threads[r["thread_id"]].append((it, r["role"] or ""))
    signals: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for r in store.execute(
        select(sig, s.document.c.published_date).join(
            s.document, s.document.c.id == sig.document_id
        )
    ):
        signals[r["recommendation_id"]].append(r)

    counts: dict[str, int] = defaultdict(int)
    evidence_rows: list[dict[str, Any]] = []
    updates: list[tuple[int, str]] = []
    for n, (tid, members) in enumerate(threads.items()):
        if progress and n % 500 == 0:
            progress("status", n, len(threads))
        status, ev = thread_status(members, signals, as_of)
        counts[status] += 1
        updates.append((tid, status))
        evidence_rows.extend({"thread_id": tid, **e} for e in ev)
    with store.transaction() as conn:
        conn.execute(delete(s.evidence))
        for tid, status in updates:
            conn.execute(
                update(s.thread).where(th.id == tid).values(status=status, status_as_of=as_of)
            )
        for i in range(0, len(evidence_rows), 5000):
            conn.execute(insert(s.evidence), evidence_rows[i : i + 5000])
    if progress:
        progress("status", len(threads), len(threads))
    return dict(counts)


def _on_or_before(day: dt.date | None, as_of: dt.date) -> bool:
    return day is None or day <= as_of


def thread_status(
    members: list[tuple[Item, str]],
    signals: dict[int, list[dict[str, Any]]],
    as_of: dt.date,
) -> tuple[str, list[dict[str, Any]]]:
    """The status of one thread and its evidence rows (without thread_id), in date order."""
    dated = [(it, role) for it, role in members if _on_or_before(it.published, as_of)]
    if not dated:
        return "open", []
    dated.sort(key=lambda x: (x[0].published or dt.date.min, x[0].document_id, x[0].start))
    origin = dated[0][0]
    found: list[tuple[dt.date, str, dict[str, Any]]] = []
    seen: set[tuple[int, int, int]] = set()
    for it, role in dated[1:]:
        if role == "repeat" and it.document_id != origin.document_id:
            found.append((it.published or dt.date.min, "repeated", _span(it, "repeated", 1.0)))
    for it, _ in dated:
        for sg in signals.get(it.id, ()):
            day = sg["published_date"]
            key = (sg["document_id"], sg["start"], sg["end"])
            if not _on_or_before(day, as_of) or key in seen:
                continue
            if origin.published and day and day < origin.published:
                continue
            seen.add(key)
            found.append(
                (
                    day or dt.date.min,
                    sg["label"],
                    {
                        "document_id": sg["document_id"],
                        "start": sg["start"],
                        "end": sg["end"],
                        "status": sg["label"],
                        "text": sg["text"],
                        "score": sg["score"],
                    },
                )
            )
    found.sort(key=lambda x: (x[0], x[2]["document_id"], x[2]["start"]))
    labels = [lab for _, lab, _ in found if lab != COMMITTED]
    rank = {"repeated": 0, "accepted": 1, "rejected": 2}
    if "addressed" in labels:
        status = "addressed"
    elif labels:
        # the latest word wins; on one date a response outranks a repeat
        last_day = max(day for day, lab, _ in found if lab in rank)
        status = max(
            (lab for day, lab, _ in found if day == last_day and lab in rank),
            key=rank.__getitem__,
        )
        if status == "accepted":
            # promised by a date that has passed, and nothing reported done
            due = promised_by([(e["text"], day) for day, lab, e in found if lab == COMMITTED])
            if due and due < as_of:
                status = "overdue"
    else:
        deadlines = [deadline_end(it.attrs.get("deadline")) for it, _ in dated]
        due = min((x for x in deadlines if x), default=None)
        status = "overdue" if due and due < as_of else "open"
    origin_status = status if status in ("open", "overdue") else "open"
    evidence = [_span(origin, origin_status, None)] + [e for _, _, e in found]
    return status, evidence


def _span(it: Item, status: str, score: float | None) -> dict[str, Any]:
    return {
        "document_id": it.document_id,
        "start": it.start,
        "end": it.end,
        "status": status,
        "text": it.text,
        "score": score,
    }


def recommendation_status(
    store: Store, *, status: str | None = None, actor: str | None = None
) -> list[dict[str, Any]]:
    """Recommendation threads with status and evidence, for ``recs --status`` and the web UI."""
    th, ev, d = s.thread.c, s.evidence.c, s.document.c
    q = select(th.id, th.label, th.status, th.status_as_of).where(th.kind == "recommendation")
    if status:
        q = q.where(th.status == status)
    out = []
    rows = store.execute(q.order_by(th.id))
    evid: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for r in store.execute(
        select(
            ev.thread_id,
            ev.document_id,
            ev.start,
            ev.end,
            ev.status,
            ev.text,
            d.published,
            d.title,
            d.publisher,
        )
        .join(s.document, d.id == ev.document_id)
        .order_by(ev.thread_id, ev.id)
    ):
        evid[r["thread_id"]].append(r)
    actors_of: dict[int, set[str]] = defaultdict(set)
    if actor:
        tm, rc = s.thread_member.c, s.recommendation.c
        for r in store.execute(
            select(tm.thread_id, rc.actors)
            .join(s.recommendation, rc.id == tm.item_id)
            .where(tm.item_type == "recommendation")
        ):
            actors_of[r["thread_id"]].update(a.lower() for a in (r["actors"] or []))
    for r in rows:
        if actor and not any(actor.lower() in a for a in actors_of[r["id"]]):
            continue
        out.append({**r, "evidence": evid.get(r["id"], [])})
    return out
