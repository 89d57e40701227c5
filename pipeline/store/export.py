"""Tabular views of the store, and exports of them to CSV, JSONL and Parquet.

One function, :func:`records`, turns the store into rows for every interface that lists
things: the Python API (as DataFrames), the web UI (pages and downloads) and the exports.
Item rows come from :func:`pipeline.store.items.list_items`, so a filter there means the same
thing here; this module only adds what items do not know about: the thread status of a
recommendation, theme membership, and the theme and thread tables themselves.

Every item row carries its provenance under the same names: ``document``, ``title``,
``url``, ``date``, ``start``, ``end`` and ``sentence``.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from sqlalchemy import String, cast, func, literal, select, union_all

from pipeline.errors import E, PolicytrailError
from pipeline.store import schema as s
from pipeline.store.db import Store
from pipeline.store.items import ItemFilter, attach_sentences, list_items

WHATS = ("documents", "figures", "recs", "quotes", "themes", "threads")
FORMATS = ("csv", "jsonl", "parquet")
STATUSES = ("open", "overdue", "repeated", "accepted", "rejected", "addressed")
ITEM_KIND = {"figures": "figure", "recs": "recommendation", "quotes": "quote"}



@dataclass(frozen=True)
class Filters:
    """Every filter a listing accepts; ``None`` means no filter.

    Filters that do not apply to a table are ignored (a ``speaker`` on recommendations), so
    one object can be passed from a form that serves several listings.
    """

    actor: str | None = None  # recs and threads: someone asked to act
    issuer: str | None = None  # recs and threads: who made it
    speaker: str | None = None  # quotes (speaker or organisation), figures (source)
    status: str | None = None  # recs and threads: open | overdue | repeated | ...
    theme: int | str | None = None  # items: a theme id or words of its label
    since: dt.date | None = None  # published on or after
    until: dt.date | None = None  # published on or before
    text: str | None = None  # items: their words; documents: full text; themes/threads: label
    measure: str | None = None  # figures
    unit: str | None = None  # figures
    deadline_before: str | None = None  # recs: YYYY or YYYY-MM
    publisher: str | None = None  # documents
    kind: str | None = None  # documents: news, report...; threads: figure | recommendation
    document_id: int | None = None  # items of one document

    def __post_init__(self) -> None:
        if self.status is not None and self.status not in STATUSES:
            raise PolicytrailError(
                E.E110, name="status", detail=f"{self.status!r} is not one of {', '.join(STATUSES)}"
            )

    def item_filter(self) -> ItemFilter:
        """The part of these filters that :func:`list_items` understands."""
        return ItemFilter(
            actor=self.actor,
            issuer=self.issuer,
            speaker=self.speaker,
            unit=self.unit,
            measure=self.measure,
            since=self.since,
            until=self.until,
            text=self.text,
            document_id=self.document_id,
            deadline_before=self.deadline_before,
            status=self.status,
        )

    def active(self) -> dict[str, Any]:
        """The filters that are set, for links and for messages."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}


# ------------------------------------------------------------------------------ records
def records(
    store: Store,
    what: str,
    flt: Filters | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Rows of one table (see :data:`WHATS`), filtered, ``limit`` rows from ``offset``."""
    if what not in WHATS:
        raise PolicytrailError(
            E.E110, name="what", detail=f"{what!r} is not one of {', '.join(WHATS)}"
        )
    flt = flt or Filters()
    if what == "documents":
        return _documents(store, flt, limit, offset)
    if what == "themes":
        return _themes(store, flt, limit, offset)
    if what == "threads":
        return _threads(store, flt, limit, offset)
    return _items(store, ITEM_KIND[what], flt, limit, offset)


def _documents(store: Store, flt: Filters, limit: int | None, offset: int) -> list[dict]:
    rows = store.list_documents(
        publisher=flt.publisher,
        kind=flt.kind,
        since=flt.since,
        until=flt.until,
        text_query=flt.text,
        limit=limit,
        offset=offset,
    )
    return [
        {
            "document": r["id"],
            "title": r["title"],
            "publisher": r["publisher"],
            "author": r["author"],
            "date": r["published"],
            "precision": r["published_precision"],
            "kind": r["kind"],
            "format": r["format"],
            "url": r["url"],
            "chars": r["chars"],
            "content_hash": r["content_hash"],
            "previous_version": r["previous_id"],
        }
        for r in rows
    ]


def _items(
    store: Store, kind: str, flt: Filters, limit: int | None, offset: int
) -> list[dict[str, Any]]:
    """Items through list_items, with each recommendation's thread and status attached."""
    ifl = flt.item_filter()
    if flt.theme is not None:
        ifl = replace(ifl, theme_ids=tuple(_theme_ids(store, flt.theme)))
    rows = [_item_row(kind, r) for r in list_items(store, kind, ifl, limit=limit, offset=offset)]
    if kind == "recommendation" and rows:
        _attach_threads(store, rows)
    return rows


def _theme_ids(store: Store, theme: int | str) -> list[int]:
    t = s.theme.c
    if isinstance(theme, int) or str(theme).isdigit():
        return [int(theme)]
    q = select(t.id).where(func.lower(t.label).contains(str(theme).lower(), autoescape=True))
    return [r["id"] for r in store.execute(q)]


_PROVENANCE = {
    "document_id": "document",
    "doc_title": "title",
    "doc_publisher": "publisher",
    "doc_url": "url",
    "doc_published": "date",
    "doc_kind": "doc_kind",
}


def _item_row(kind: str, r: dict[str, Any]) -> dict[str, Any]:
    """One item with provenance first, under the names every interface uses."""
    out: dict[str, Any] = {"id": r["id"], "item_type": kind}
    for src, dst in _PROVENANCE.items():
        out[dst] = r.get(src)
    out.update(start=r["start"], end=r["end"], text=r["text"], sentence=r.get("sentence"))
    skip = {"id", "start", "end", "text", "sentence", "sentence_start", "sentence_end"}
    for key, value in r.items():
        if key not in skip and key not in _PROVENANCE:
            out[key] = value
    return out


def _attach_threads(store: Store, rows: list[dict[str, Any]]) -> None:
    """Give each recommendation its thread and that thread's status (the first, by id)."""
    tm, th = s.thread_member.c, s.thread.c
    ids = [r["id"] for r in rows]
    q = (
        select(tm.item_id, th.id, th.status)
        .join(s.thread, th.id == tm.thread_id)
        .where(tm.item_type == "recommendation", tm.item_id.in_(ids))
        .order_by(th.id)
    )
    found: dict[int, tuple[int, str | None]] = {}
    for r in store.execute(q):
        found.setdefault(r["item_id"], (r["id"], r["status"]))
    for r in rows:
        r["thread"], r["status"] = found.get(r["id"], (None, None))


# ---------------------------------------------------------------------- themes, threads
def _member_dates() -> Any:
    """(item_type, item_id, document_id, published) for every item, as one subquery."""
    parts = []
    for kind, table in s.ITEM_TABLES.items():
        parts.append(
            select(
                literal(kind).label("item_type"),
                table.c.id.label("item_id"),
                table.c.document_id.label("document_id"),
                s.document.c.published.label("published"),
            ).join(s.document, s.document.c.id == table.c.document_id)
        )
    return union_all(*parts).subquery("items")


def prevalence(store: Store, theme_ids: Iterable[int] | None = None) -> list[dict[str, Any]]:
    """Members of each theme per year of publication: ``theme``, ``label``, ``period``, ``n``."""
    items = _member_dates()
    tm, t = s.theme_member.c, s.theme.c
    period = func.substr(items.c.published, 1, 4)
    q = (
        select(t.id.label("theme"), t.label, period.label("period"), func.count().label("n"))
        .select_from(s.theme_member)
        .join(s.theme, t.id == tm.theme_id)
        .join(items, (items.c.item_type == tm.item_type) & (items.c.item_id == tm.item_id))
        .where(items.c.published.is_not(None))
        .group_by(t.id, t.label, period)
        .order_by(t.id, period)
    )
    if theme_ids is not None:
        q = q.where(t.id.in_(list(theme_ids)))
    return store.execute(q)


def _themes(store: Store, flt: Filters, limit: int | None, offset: int) -> list[dict]:
    t, tm = s.theme.c, s.theme_member.c
    n = select(func.count()).where(tm.theme_id == t.id).scalar_subquery()
    q = select(t.id, t.label, t.keywords, t.trend, n.label("members")).order_by(n.desc(), t.id)
    if flt.text:
        q = q.where(func.lower(t.label).contains(flt.text.lower(), autoescape=True))
    if flt.theme is not None:
        q = q.where(t.id.in_(_theme_ids(store, flt.theme) or [-1]))
    q = q.offset(offset)
    if limit is not None:
        q = q.limit(limit)
    rows = store.execute(q)
    by_theme: dict[int, dict[str, int]] = defaultdict(dict)
    for p in prevalence(store, [r["id"] for r in rows]):
        by_theme[p["theme"]][p["period"]] = p["n"]
    for r in rows:
        r["theme"] = r.pop("id")
        periods = by_theme.get(r["theme"], {})
        r["prevalence"] = periods
        r["first_period"] = min(periods) if periods else None
        r["last_period"] = max(periods) if periods else None
    return rows


def _threads(store: Store, flt: Filters, limit: int | None, offset: int) -> list[dict]:
    th, tm = s.thread.c, s.thread_member.c
    n = select(func.count()).where(tm.thread_id == th.id).scalar_subquery()
    q = select(
        th.id, th.kind, th.label, th.key, th.status, th.status_as_of, n.label("members")
    ).order_by(th.id)
    if flt.status:
        q = q.where(th.status == flt.status)
    if flt.kind:
        q = q.where(th.kind == flt.kind)
    if flt.text:
        q = q.where(func.lower(th.label).contains(flt.text.lower(), autoescape=True))
    if flt.actor or flt.issuer:
        r = s.recommendation.c
        member = select(tm.thread_id).join(
            s.recommendation, (tm.item_type == "recommendation") & (tm.item_id == r.id)
        )
        if flt.actor:
            member = member.where(
                func.lower(cast(r.actors, String)).contains(flt.actor.lower(), autoescape=True)
            )
        if flt.issuer:
            member = member.where(
                func.lower(r.issuer).contains(flt.issuer.lower(), autoescape=True)
            )
        q = q.where(th.id.in_(member))
    q = q.offset(offset)
    if limit is not None:
        q = q.limit(limit)
    rows = store.execute(q)
    spans = _thread_spans(store, [r["id"] for r in rows])
    for r in rows:
        r["thread"] = r.pop("id")
        r["first_date"], r["last_date"] = spans.get(r["thread"], (None, None))
    return rows


def _thread_spans(store: Store, ids: list[int]) -> dict[int, tuple[str | None, str | None]]:
    if not ids:
        return {}
    items = _member_dates()
    tm = s.thread_member.c
    q = (
        select(tm.thread_id, func.min(items.c.published), func.max(items.c.published))
        .join(items, (items.c.item_type == tm.item_type) & (items.c.item_id == tm.item_id))
        .where(tm.thread_id.in_(ids))
        .group_by(tm.thread_id)
    )
    return {r["thread_id"]: (r["min_1"], r["max_1"]) for r in store.execute(q)}


def thread_detail(store: Store, thread_id: int) -> dict[str, Any] | None:
    """A thread, its members (items with provenance) and its evidence, both in date order."""
    th = s.thread.c
    found = store.execute(select(s.thread).where(th.id == thread_id))
    if not found:
        return None
    thread = found[0]
    tm = s.thread_member.c
    members: list[dict[str, Any]] = []
    roles = store.execute(
        select(tm.item_type, tm.item_id, tm.role).where(tm.thread_id == thread_id)
    )
    for kind in s.ITEM_TABLES:
        wanted = {r["item_id"]: r["role"] for r in roles if r["item_type"] == kind}
        if wanted:
            members.extend(
                {**r, "role": wanted[r["id"]]} for r in items_by_id(store, kind, list(wanted))
            )
    members.sort(key=lambda r: (r["date"] or "9999", r["document"], r["start"]))
    ev, d = s.evidence.c, s.document.c
    evidence = store.execute(
        select(
            ev.id,
            ev.document_id.label("document"),
            ev.start,
            ev.end,
            ev.status,
            ev.text,
            ev.score,
            d.title,
            d.url,
            d.published.label("date"),
        )
        .join(s.document, d.id == ev.document_id)
        .where(ev.thread_id == thread_id)
        .order_by(d.published_date.nulls_last(), ev.document_id, ev.start)
    )
    return {**thread, "members": members, "evidence": evidence}


def items_by_id(store: Store, kind: str, ids: list[int]) -> list[dict[str, Any]]:
    """Items of one kind by id, with provenance, in date order."""
    table, d = s.ITEM_TABLES[kind], s.document.c
    cols = [c for c in table.c if c.name != "extractor_version"]
    rows: list[dict[str, Any]] = []
    for at in range(0, len(ids), 500):
        q = (
            select(
                *cols,
                d.title.label("doc_title"),
                d.publisher.label("doc_publisher"),
                d.url.label("doc_url"),
                d.published.label("doc_published"),
                d.kind.label("doc_kind"),
            )
            .join(s.document, d.id == table.c.document_id)
            .where(table.c.id.in_(ids[at : at + 500]))
            .order_by(d.published_date.nulls_last(), table.c.document_id, table.c.start)
        )
        rows.extend(store.execute(q))
    if rows:
        attach_sentences(store, rows)
    out = [_item_row(kind, r) for r in rows]
    if kind == "recommendation" and out:
        _attach_threads(store, out)
    return out


def theme_members(
    store: Store, theme_id: int, *, period: str | None = None, limit: int = 50, offset: int = 0
) -> list[dict[str, Any]]:
    """Items in a theme (optionally from one year), in date order."""
    items = _member_dates()
    tm = s.theme_member.c
    q = (
        select(tm.item_type, tm.item_id)
        .join(items, (items.c.item_type == tm.item_type) & (items.c.item_id == tm.item_id))
        .where(tm.theme_id == theme_id)
        .order_by(items.c.published, tm.item_type, tm.item_id)
        .offset(offset)
        .limit(limit)
    )
    if period:
        q = q.where(func.substr(items.c.published, 1, 4) == period)
    picked = store.execute(q)
    out: list[dict[str, Any]] = []
    for kind in s.ITEM_TABLES:
        ids = [r["item_id"] for r in picked if r["item_type"] == kind]
        if ids:
            out.extend(items_by_id(store, kind, ids))
    out.sort(key=lambda r: (r["date"] or "9999", r["document"], r["start"]))
    return out


# ------------------------------------------------------------------------------ exports
def jsonable(value: Any) -> Any:
    """A cell as JSON can hold it: dates as ISO strings, NaN as null, bytes dropped."""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, bytes):
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def csv_cell(value: Any) -> Any:
    """A cell as CSV can hold it: lists and dicts as JSON text."""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    value = jsonable(value)
    return "" if value is None else value


def iter_records(
    store: Store, what: str, flt: Filters | None = None, *, batch: int = 5000
) -> Iterator[dict[str, Any]]:
    """Every matching row, read a batch at a time so a big export stays in bounded memory."""
    offset = 0
    while True:
        rows = records(store, what, flt, limit=batch, offset=offset)
        yield from rows
        if len(rows) < batch:
            return
        offset += batch


def write_csv(rows: Iterable[dict[str, Any]], fh: Any) -> int:
    """Write rows as CSV (header from the first row) to a text file; returns the count."""
    writer: csv.DictWriter | None = None
    n = 0
    for r in rows:
        if writer is None:
            writer = csv.DictWriter(fh, fieldnames=list(r), extrasaction="ignore")
            writer.writeheader()
        writer.writerow({k: csv_cell(v) for k, v in r.items()})
        n += 1
    return n


def write_jsonl(rows: Iterable[dict[str, Any]], fh: Any) -> int:
    """Write rows as JSON Lines to a text file; returns the count."""
    n = 0
    for r in rows:
        fh.write(json.dumps({k: jsonable(v) for k, v in r.items()}, ensure_ascii=False) + "\n")
        n += 1
    return n


def export(store: Store, what: str, fmt: str, out: str | Path, flt: Filters | None = None) -> int:
    """Write one table to ``out`` as csv | jsonl | parquet; returns the number of rows.

    The file is written beside ``out`` and moved into place, so a failed export never
    leaves a half-written file where a finished one is expected.
    """
    if fmt not in FORMATS:
        raise PolicytrailError(
            E.E110, name="format", detail=f"{fmt!r} is not one of {', '.join(FORMATS)}"
        )
    if what not in WHATS:
        raise PolicytrailError(
            E.E110, name="what", detail=f"{what!r} is not one of {', '.join(WHATS)}"
        )
    rows = iter_records(store, what, flt)
    if str(out) == "-":  # standard output, for pipes
        if fmt == "parquet":
            raise PolicytrailError(
                E.E110, name="out", detail="parquet needs a file: give --out FILE.parquet"
            )
        return write_csv(rows, sys.stdout) if fmt == "csv" else write_jsonl(rows, sys.stdout)
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    try:
        if fmt == "parquet":
            n = _write_parquet(list(rows), tmp)
        else:
            with tmp.open("w", encoding="utf-8", newline="") as fh:
                n = write_csv(rows, fh) if fmt == "csv" else write_jsonl(rows, fh)
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise PolicytrailError(E.E111, path=str(path), detail=str(exc)) from None
    return n


def _write_parquet(rows: list[dict[str, Any]], path: Path) -> int:
    """Parquet keeps lists as lists; dicts (theme prevalence) become JSON text."""
    import pandas as pd

    frame = pd.DataFrame(
        [
            {k: json.dumps(v) if isinstance(v, dict) else jsonable(v) for k, v in r.items()}
            for r in rows
        ]
    )
    frame.to_parquet(path, index=False)
    return len(frame)


def with_filters(flt: Filters | None, **changes: Any) -> Filters:
    """A copy of ``flt`` with some filters changed."""
    return replace(flt or Filters(), **changes)


def parse_date(value: str | dt.date | None, name: str, *, end: bool = False) -> dt.date | None:
    """``2019`` / ``2019-07`` / ``2019-07-04`` as a date; an ``end`` takes the period's last day.

    Shared by the Python API and the web UI so a date filter reads the same everywhere.
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    try:
        parts = [int(p) for p in str(value).strip().split("-")]
        if not 1 <= len(parts) <= 3 or not 1000 <= parts[0] <= 9999:
            raise ValueError
        if len(parts) == 3:
            return dt.date(*parts)
        if len(parts) == 2:
            first = dt.date(parts[0], parts[1], 1)
            if not end:
                return first
            nxt = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
            return nxt - dt.timedelta(days=1)
        return dt.date(parts[0], 12, 31) if end else dt.date(parts[0], 1, 1)
    except ValueError:
        raise PolicytrailError(
            E.E110, name=name, detail=f"{value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"
        ) from None


def measures(store: Store, *, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    """Measures with values, most reported first: ``measure``, ``unit``, ``n``, first/last date."""
    f, d = s.figure.c, s.document.c
    q = (
        select(
            f.measure,
            f.unit,
            func.count().label("n"),
            func.min(d.published).label("first_date"),
            func.max(d.published).label("last_date"),
        )
        .join(s.document, d.id == f.document_id)
        .where(f.measure.is_not(None), f.value.is_not(None))
        .group_by(f.measure, f.unit)
        .order_by(func.count().desc(), f.measure, f.unit)
        .offset(offset)
        .limit(limit)
    )
    return store.execute(q)


def timeline(
    store: Store, measure: str, unit: str | None = None, *, limit: int = 2000
) -> list[dict[str, Any]]:
    """One measure's figures in date order (exact measure name; the most common unit if none).

    Values in different units cannot share an axis, so a timeline is always one unit.
    """
    f, d = s.figure.c, s.document.c
    if unit is None:
        top = store.execute(
            select(f.unit, func.count().label("n"))
            .where(f.measure == measure)
            .group_by(f.unit)
            .order_by(func.count().desc())
            .limit(1)
        )
        unit = top[0]["unit"] if top else None
    q = (
        select(f.id, d.published_date)
        .join(s.document, d.id == f.document_id)
        .where(f.measure == measure, f.value.is_not(None))
        .order_by(d.published_date, f.document_id, f.start)
        .limit(limit)
    )
    q = q.where(f.unit.is_(None)) if unit is None else q.where(f.unit == unit)
    picked = store.execute(q)
    dates = {r["id"]: r["published_date"] for r in picked}
    rows = items_by_id(store, "figure", [r["id"] for r in picked])
    for r in rows:
        r["day"] = dates.get(r["id"])
    return rows
