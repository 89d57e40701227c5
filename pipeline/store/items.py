"""Queries over extracted items, each row with its provenance.

One function serves the CLI listings, the Python API and the web UI, so a filter means the
same thing everywhere. Every row carries the document, its URL and date, the exact
``start``/``end`` offsets and the sentence around the item.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, cast, func, or_, select

from pipeline.store import schema as s
from pipeline.store.db import Store

ITEM_KINDS = ("figure", "recommendation", "quote")


@dataclass(frozen=True)
class ItemFilter:
    """Filters shared by every item listing; ``None`` means no filter."""

    actor: str | None = None  # recommendations: someone asked to act
    issuer: str | None = None  # recommendations: who made it
    speaker: str | None = None  # quotes: who said it (or their organisation)
    unit: str | None = None  # figures
    measure: str | None = None  # figures: what is measured
    since: dt.date | None = None  # document published on or after
    until: dt.date | None = None  # document published on or before
    text: str | None = None  # the item's own words contain
    document_id: int | None = None
    deadline_before: str | None = None  # recommendations: YYYY or YYYY-MM
    status: str | None = None  # recommendations: the status of a thread they belong to
    theme_ids: tuple[int, ...] | None = None  # items in any of these themes


def _contains(col: Any, needle: str) -> Any:
    return func.lower(col).contains(needle.lower(), autoescape=True)


def list_items(
    store: Store,
    kind: str,
    flt: ItemFilter | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
    with_sentence: bool = True,
) -> list[dict[str, Any]]:
    """Items of one kind (figure | recommendation | quote), in document date order."""
    if kind not in ITEM_KINDS:
        raise ValueError(f"kind must be one of {ITEM_KINDS}")
    flt = flt or ItemFilter()
    table = s.ITEM_TABLES[kind]
    t, d = table.c, s.document.c
    cols = [c for c in table.c if c.name not in ("extractor_version",)]
    prov = [
        d.title.label("doc_title"),
        d.publisher.label("doc_publisher"),
        d.url.label("doc_url"),
        d.published.label("doc_published"),
        d.kind.label("doc_kind"),
    ]
    q = select(*cols, *prov).join(s.document, d.id == t.document_id)
    if flt.document_id is not None:
        q = q.where(t.document_id == flt.document_id)
    if flt.since:
        q = q.where(d.published_date >= flt.since)
    if flt.until:
        q = q.where(d.published_date <= flt.until)
    if flt.text:
        q = q.where(_contains(t.text, flt.text))
    if kind == "recommendation":
        if flt.actor:
            q = q.where(_contains(cast(t.actors, String), flt.actor))
        if flt.issuer:
            q = q.where(_contains(t.issuer, flt.issuer))
        if flt.deadline_before:
            q = q.where(t.deadline.is_not(None), t.deadline < flt.deadline_before)
    if kind == "recommendation" and flt.status:
        tm, th = s.thread_member.c, s.thread.c
        in_status = (
            select(tm.item_id)
            .join(s.thread, th.id == tm.thread_id)
            .where(tm.item_type == kind, th.status == flt.status)
        )
        q = q.where(t.id.in_(in_status))
    if flt.theme_ids is not None:
        mc = s.theme_member.c
        in_theme = select(mc.item_id).where(
            mc.item_type == kind, mc.theme_id.in_(list(flt.theme_ids) or [-1])
        )
        q = q.where(t.id.in_(in_theme))
    if kind == "quote" and flt.speaker:
        q = q.where(or_(_contains(t.speaker, flt.speaker), _contains(t.organisation, flt.speaker)))
    if kind == "figure":
        if flt.unit:
            q = q.where(func.lower(t.unit) == flt.unit.lower())
        if flt.measure:
            q = q.where(_contains(t.measure, flt.measure))
        if flt.speaker:
            q = q.where(_contains(t.source, flt.speaker))
    q = q.order_by(d.published_date.nulls_last(), t.document_id, t.start).offset(offset)
    if limit:
        q = q.limit(limit)
    rows = store.execute(q)
    if with_sentence and rows:
        attach_sentences(store, rows)
    return rows


def attach_sentences(store: Store, rows: list[dict[str, Any]]) -> None:
    """Add the sentence each item sits in (cut from the stored text by its offsets)."""
    d = s.document.c
    ids = sorted({r["document_id"] for r in rows})
    texts: dict[int, str] = {}
    for chunk in range(0, len(ids), 500):
        part = ids[chunk : chunk + 500]
        texts.update(
            (r["id"], r["text"]) for r in store.execute(select(d.id, d.text).where(d.id.in_(part)))
        )
    for r in rows:
        text = texts.get(r["document_id"], "")
        a = r.get("sentence_start")
        b = r.get("sentence_end")
        if a is None or b is None:
            a, b = r["start"], r["end"]
        r["sentence"] = text[a:b]
