"""The analysis's view of the store: every extracted item with its sentence and document.

One query per item table with the document's date, publisher and kind joined in and the
item's sentence cut by the database (``substr``), so 100,000 items load without pulling
whole document texts into Python.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from pipeline.store import schema as s
from pipeline.store.db import Store

#: the item kinds themes are built from: claims, recommendations, sentences with figures
KINDS = ("figure", "recommendation", "quote")


@dataclass
class Item:
    """One extracted item, with what analysis needs about it and its document."""

    kind: str
    id: int
    document_id: int
    start: int
    end: int
    text: str
    sentence: str
    published: dt.date | None
    publisher: str | None
    doc_kind: str | None
    attrs: dict[str, Any] = field(default_factory=dict)
    sentence_start: int = 0

    @property
    def key(self) -> tuple[str, int]:
        return (self.kind, self.id)

    @property
    def ask_text(self) -> str:
        """What a recommendation asks, in words: a short item ("3. Fund it;") reads only with
        its sentence."""
        return self.sentence if len(self.text) < 40 else self.text

    @property
    def theme_text(self) -> str:
        """What a theme sees: the whole sentence (a figure alone says nothing), else the item."""
        return (self.sentence or self.text).strip()[:1000]


_ATTRS = {
    "figure": ("value", "unit", "measure", "time_ref", "is_change", "source"),
    "recommendation": ("actors", "issuer", "deadline", "kind", "reported", "number"),
    "quote": ("speaker", "organisation", "direct"),
}


def load_items(store: Store, kinds: tuple[str, ...] = KINDS) -> list[Item]:
    """All items of ``kinds``, ordered by publication date, document and offset."""
    d = s.document.c
    out: list[Item] = []
    for kind in kinds:
        t = s.ITEM_TABLES[kind].c
        a = func.coalesce(t.sentence_start, t.start)
        b = func.coalesce(t.sentence_end, t.end)
        q = select(
            t.id,
            t.document_id,
            t.start,
            t.end,
            t.text,
            func.substr(d.text, a + 1, b - a).label("sentence"),
            a.label("sentence_start"),
            d.published_date,
            d.publisher,
            d.kind.label("doc_kind"),
            *[getattr(t, c) for c in _ATTRS[kind]],
        ).join(s.document, d.id == t.document_id)
        for r in store.execute(q):
            out.append(
                Item(
                    kind=kind,
                    id=r["id"],
                    document_id=r["document_id"],
                    start=r["start"],
                    end=r["end"],
                    text=r["text"],
                    sentence=r["sentence"] or r["text"],
                    published=r["published_date"],
                    publisher=r["publisher"],
                    doc_kind=r["doc_kind"],
                    attrs={c: r[c] for c in _ATTRS[kind]},
                    sentence_start=r["sentence_start"],
                )
            )
    out.sort(key=lambda i: (i.published or dt.date.max, i.document_id, i.start))
    return out


def document_meta(store: Store) -> dict[int, dict[str, Any]]:
    """Date, publisher, kind and title of every document (no text)."""
    d = s.document.c
    rows = store.execute(select(d.id, d.published_date, d.publisher, d.kind, d.title))
    return {r["id"]: r for r in rows}
