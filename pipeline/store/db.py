"""Database access: open a store, write documents and items atomically, read them back.

The store is one SQLite file by default (WAL mode, foreign keys on, FTS5 over document
text) or a PostgreSQL URL. Everything that writes a document or what is derived from it does
so in one transaction, so a crash never leaves half a document behind.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    and_,
    create_engine,
    delete,
    event,
    func,
    insert,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.exc import SQLAlchemyError

from pipeline.errors import E, PolicytrailError
from pipeline.parse.model import ParsedDocument
from pipeline.store import schema as s

# SQLite-only: the full-text index over title and text, kept in step by triggers.
_FTS_DDL = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS document_fts USING fts5(
        title, text, content='document', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER IF NOT EXISTS document_fts_ai AFTER INSERT ON document BEGIN
        INSERT INTO document_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END""",
    """CREATE TRIGGER IF NOT EXISTS document_fts_ad AFTER DELETE ON document BEGIN
        INSERT INTO document_fts(document_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
    END""",
    """CREATE TRIGGER IF NOT EXISTS document_fts_au AFTER UPDATE OF title, text ON document BEGIN
        INSERT INTO document_fts(document_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
        INSERT INTO document_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END""",
]


def text_hash(text_: str) -> str:
    return hashlib.sha256(text_.encode("utf-8")).hexdigest()


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def first_day(published: str | None) -> dt.date | None:
    """The first day of an ISO date cut to year or month precision."""
    if not published:
        return None
    parts = [int(p) for p in published.split("-")]
    parts += [1] * (3 - len(parts))
    try:
        return dt.date(*parts[:3])
    except ValueError:
        return None


@dataclass(frozen=True)
class AddResult:
    """What happened to one document on ingest."""

    status: str  # added | new_version | unchanged | updated
    document_id: int
    previous_id: int | None = None


class Store:
    """A policytrail store: one database, opened once per process."""

    def __init__(self, engine: Engine, location: str) -> None:
        self.engine = engine
        self.location = location
        self.is_sqlite = engine.dialect.name == "sqlite"

    # ----------------------------------------------------------------- opening
    @classmethod
    def open(cls, location: str | Path, *, create: bool = True) -> Store:
        """Open (and create or migrate) the store at a path or database URL."""
        loc = str(location)
        url = loc if "://" in loc else f"sqlite:///{Path(loc).expanduser()}"
        if url.startswith("sqlite:///") and "://" not in loc and not Path(loc).exists():
            if not create:
                raise PolicytrailError(E.E101, path=loc, detail="no such file")
            try:
                Path(loc).expanduser().parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise PolicytrailError(E.E101, path=loc, detail=exc.strerror) from None
        try:
            engine = create_engine(url, future=True)
        except (SQLAlchemyError, ValueError) as exc:
            raise PolicytrailError(E.E101, path=loc, detail=_one_line(exc)) from None
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        store = cls(engine, loc)
        try:
            store._prepare()
        except SQLAlchemyError as exc:
            raise PolicytrailError(E.E101, path=loc, detail=_one_line(exc)) from None
        return store

    def _prepare(self) -> None:
        with self.engine.begin() as conn:
            found = self._schema_version(conn)
            if found is None:
                s.metadata.create_all(conn)
                self._set_meta(conn, "schema_version", str(s.SCHEMA_VERSION))
                self._set_meta(conn, "created_at", now().isoformat())
            elif found > s.SCHEMA_VERSION:
                raise PolicytrailError(
                    E.E100, path=self.location, found=found, ours=s.SCHEMA_VERSION
                )
            else:
                for version in range(found, s.SCHEMA_VERSION):
                    s.MIGRATIONS[version](conn)
                s.metadata.create_all(conn)  # tables added since `found`
                self._set_meta(conn, "schema_version", str(s.SCHEMA_VERSION))
            if self.is_sqlite:
                for ddl in _FTS_DDL:
                    conn.exec_driver_sql(ddl)

    @staticmethod
    def _schema_version(conn: Connection) -> int | None:
        if not conn.dialect.has_table(conn, "meta"):
            return None
        row = conn.execute(select(s.meta.c.value).where(s.meta.c.key == "schema_version")).first()
        return int(row[0]) if row else None

    @staticmethod
    def _set_meta(conn: Connection, key: str, value: str) -> None:
        conn.execute(delete(s.meta).where(s.meta.c.key == key))
        conn.execute(insert(s.meta).values(key=key, value=value))

    def get_meta(self, key: str) -> str | None:
        """A value the store keeps about itself (``meta`` table), or None."""
        with self.engine.connect() as conn:
            row = conn.execute(select(s.meta.c.value).where(s.meta.c.key == key)).first()
        return row[0] if row else None

    @classmethod
    def set_meta(cls, conn: Connection, key: str, value: str) -> None:
        """Set a ``meta`` value inside the caller's transaction."""
        cls._set_meta(conn, key, value)

    @property
    def schema_version(self) -> int | None:
        with self.engine.connect() as conn:
            return self._schema_version(conn)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One atomic unit of work: committed whole or not at all."""
        with self.engine.begin() as conn:
            yield conn

    # --------------------------------------------------------------- documents
    def find_by_raw_hash(self, raw_hash: str) -> int | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(s.document.c.id).where(s.document.c.raw_hash == raw_hash).limit(1)
            ).first()
        return row[0] if row else None

    def add_document(
        self,
        parsed: ParsedDocument,
        *,
        source_path: str | None = None,
        raw_hash: str | None = None,
        raw_ref: str | None = None,
        size_bytes: int | None = None,
        canonical_url: str | None = None,
        conn: Connection | None = None,
    ) -> AddResult:
        """Store a parsed document, keyed by the hash of its text.

        The same text again is ``unchanged`` (its metadata refreshed if a sidecar changed it:
        ``updated``); new text at a URL already stored is a ``new_version`` linked to the
        latest one there. Pass ``conn`` to make this part of a larger transaction.
        """
        if conn is None:
            with self.transaction() as own:
                return self.add_document(
                    parsed,
                    source_path=source_path,
                    raw_hash=raw_hash,
                    raw_ref=raw_ref,
                    size_bytes=size_bytes,
                    canonical_url=canonical_url,
                    conn=own,
                )
        d = s.document.c
        chash = text_hash(parsed.text)
        fields = _metadata_fields(parsed)
        existing = conn.execute(
            select(d.id, d.title, d.publisher, d.author, d.published, d.kind, d.raw_hash).where(
                d.content_hash == chash
            )
        ).first()
        if existing is not None:
            changed = {
                k: v for k, v in fields.items() if v is not None and existing._mapping.get(k) != v
            }
            if raw_hash and existing.raw_hash != raw_hash:
                changed["raw_hash"] = raw_hash
            meta_changed = set(changed) - {"raw_hash", "published_precision", "published_date"}
            if changed:
                conn.execute(update(s.document).where(d.id == existing.id).values(**changed))
            return AddResult("updated" if meta_changed else "unchanged", existing.id)

        url = parsed.url
        previous = None
        if url:
            previous = conn.execute(
                select(d.id)
                .where(or_(d.url == url, d.canonical_url == (canonical_url or url)))
                .order_by(d.id.desc())
                .limit(1)
            ).scalar()
        row = {
            **fields,
            "url": url,
            "canonical_url": canonical_url or url,
            "source_path": source_path,
            "fetched_at": _parse_ts(parsed.fetched_at),
            "ingested_at": now(),
            "format": parsed.format,
            "encoding": parsed.encoding,
            "content_hash": chash,
            "raw_hash": raw_hash,
            "text": parsed.text,
            "page_starts": parsed.page_starts,
            "raw_ref": raw_ref,
            "size_bytes": size_bytes,
            "previous_id": previous,
            "extra": parsed.extra or None,
        }
        doc_id = conn.execute(insert(s.document).values(**row)).inserted_primary_key[0]
        return AddResult("new_version" if previous else "added", doc_id, previous)

    def get_document(self, ref: str | int) -> dict[str, Any]:
        """A document by id, content-hash prefix (8+ hex digits) or exact URL."""
        d = s.document.c
        ref_s = str(ref).strip()
        if ref_s.isdigit():
            cond = d.id == int(ref_s)
        elif len(ref_s) >= 8 and all(c in "0123456789abcdef" for c in ref_s.lower()):
            cond = d.content_hash.like(ref_s.lower() + "%")
        else:
            cond = or_(d.url == ref_s, d.canonical_url == ref_s, d.source_path == ref_s)
        with self.engine.connect() as conn:
            row = conn.execute(
                select(s.document).where(cond).order_by(d.id.desc()).limit(1)
            ).first()
            if row is None:
                raise PolicytrailError(E.E102, ref=ref_s)
            doc = dict(row._mapping)
            doc["versions"] = [
                r[0]
                for r in conn.execute(
                    select(d.id).where(and_(d.url == doc["url"], d.url.is_not(None))).order_by(d.id)
                )
            ] or [doc["id"]]
            doc["counts"] = {
                name: conn.execute(
                    select(func.count()).select_from(t).where(t.c.document_id == doc["id"])
                ).scalar_one()
                for name, t in s.ITEM_TABLES.items()
            }
        return doc

    def list_documents(
        self,
        *,
        publisher: str | None = None,
        kind: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        text_query: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Documents with their metadata (not their text), newest first."""
        d = s.document.c
        cols = [
            d.id,
            d.title,
            d.publisher,
            d.author,
            d.published,
            d.published_precision,
            d.kind,
            d.format,
            d.url,
            d.source_path,
            d.content_hash,
            d.previous_id,
            d.ingested_at,
            func.length(d.text).label("chars"),
        ]
        q = select(*cols)
        if publisher:
            q = q.where(d.publisher.ilike(f"%{publisher}%"))
        if kind:
            q = q.where(d.kind == kind)
        if since:
            q = q.where(d.published_date >= since)
        if until:
            q = q.where(d.published_date <= until)
        if text_query:
            q = q.where(d.id.in_(self._fts_ids(text_query)))
        q = q.order_by(d.published_date.desc().nulls_last(), d.id.desc()).offset(offset)
        if limit:
            q = q.limit(limit)
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(q)]

    def _fts_ids(self, query: str) -> Any:
        from pipeline.store.search import fts_document_ids

        return fts_document_ids(self, query)

    def stats(self) -> dict[str, Any]:
        d = s.document.c
        with self.engine.connect() as conn:
            out: dict[str, Any] = {
                "documents": conn.execute(
                    select(func.count()).select_from(s.document)
                ).scalar_one(),
                "characters": conn.execute(
                    select(func.coalesce(func.sum(func.length(d.text)), 0))
                ).scalar_one(),
                "by_kind": dict(conn.execute(select(d.kind, func.count()).group_by(d.kind)).all()),
                "by_format": dict(
                    conn.execute(select(d.format, func.count()).group_by(d.format)).all()
                ),
                "by_year": dict(
                    conn.execute(
                        select(func.substr(d.published, 1, 4), func.count())
                        .group_by(func.substr(d.published, 1, 4))
                        .order_by(func.substr(d.published, 1, 4))
                    ).all()
                ),
                "publishers": conn.execute(
                    select(func.count(func.distinct(d.publisher)))
                ).scalar_one(),
                "date_range": list(
                    conn.execute(select(func.min(d.published), func.max(d.published))).first()
                ),
            }
            for name, t in s.ITEM_TABLES.items():
                out[name + "s"] = conn.execute(select(func.count()).select_from(t)).scalar_one()
            for name in ("theme", "thread"):
                out[name + "s"] = conn.execute(
                    select(func.count()).select_from(getattr(s, name))
                ).scalar_one()
        out["by_kind"] = {k or "unknown": v for k, v in out["by_kind"].items()}
        out["by_year"] = {k or "undated": v for k, v in out["by_year"].items()}
        return out

    # ------------------------------------------------------------------- items
    def documents_to_extract(self, extractor_version: str, *, force: bool = False) -> list[int]:
        """Ids of documents with no extraction by ``extractor_version`` (all, with force)."""
        d, x = s.document.c, s.extraction.c
        q = select(d.id).order_by(d.id)
        if not force:
            done = select(x.document_id).where(x.extractor_version == extractor_version)
            q = q.where(d.id.not_in(done))
        with self.engine.connect() as conn:
            return [r[0] for r in conn.execute(q)]

    def document_texts(self, ids: Sequence[int]) -> Iterator[tuple[int, str, dict[str, Any]]]:
        """``(id, text, meta)`` for each id, streamed, for extraction."""
        d = s.document.c
        with self.engine.connect() as conn:
            for chunk_start in range(0, len(ids), 200):
                chunk = list(ids[chunk_start : chunk_start + 200])
                rows = conn.execute(
                    select(d.id, d.text, d.title, d.publisher, d.published, d.kind, d.url).where(
                        d.id.in_(chunk)
                    )
                )
                for r in rows:
                    meta = {
                        "title": r.title,
                        "publisher": r.publisher,
                        "published": r.published,
                        "kind": r.kind,
                        "url": r.url,
                    }
                    yield r.id, r.text, meta

    def replace_items(
        self,
        document_id: int,
        *,
        figures: Iterable[Any] = (),
        recommendations: Iterable[Any] = (),
        quotes: Iterable[Any] = (),
        extractor_version: str,
    ) -> int:
        """Swap a document's extracted items for new ones, in one transaction.

        Items are the dataclasses of ``pipeline.extract.types`` (or dicts with their fields).
        Returns the number of items written.
        """
        rows = {
            "figure": [_figure_row(f) for f in figures],
            "recommendation": [_rec_row(r) for r in recommendations],
            "quote": [_quote_row(q) for q in quotes],
        }
        n = 0
        with self.transaction() as conn:
            for name, table in s.ITEM_TABLES.items():
                conn.execute(delete(table).where(table.c.document_id == document_id))
                if rows[name]:
                    for r in rows[name]:
                        r["document_id"] = document_id
                        r["extractor_version"] = extractor_version
                    conn.execute(insert(table), rows[name])
                    n += len(rows[name])
            conn.execute(delete(s.extraction).where(s.extraction.c.document_id == document_id))
            conn.execute(
                insert(s.extraction).values(
                    document_id=document_id,
                    extractor_version=extractor_version,
                    extracted_at=now(),
                    n_items=n,
                )
            )
        return n

    def sync_actors(self, actors: Iterable[dict[str, Any]]) -> int:
        """Mirror the gazetteer into the actor table (replacing what was there)."""
        rows = list(actors)
        with self.transaction() as conn:
            conn.execute(delete(s.actor))
            if rows:
                conn.execute(insert(s.actor), rows)
        return len(rows)

    def execute(self, statement: Any, params: Any = None) -> list[dict[str, Any]]:
        """Run a read query and return rows as dicts (for the API and exports)."""
        if isinstance(statement, str):
            statement = text(statement)
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(statement, params or {})]


# ---------------------------------------------------------------------- helpers
def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def _one_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _parse_ts(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        ts = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return ts.astimezone(dt.UTC).replace(tzinfo=None) if ts.tzinfo else ts


def _metadata_fields(parsed: ParsedDocument) -> dict[str, Any]:
    return {
        "title": parsed.title,
        "publisher": parsed.publisher,
        "author": parsed.author,
        "published": parsed.published,
        "published_precision": parsed.published_precision,
        "published_date": first_day(parsed.published),
        "kind": parsed.kind,
    }


def _as_dict(item: Any) -> dict[str, Any]:
    return dict(item) if isinstance(item, dict) else asdict(item)


def _span_fields(d: dict[str, Any]) -> dict[str, Any]:
    sent = d.get("sentence") or (None, None)
    return {
        "start": d["start"],
        "end": d["end"],
        "text": d["text"],
        "sentence_start": sent[0],
        "sentence_end": sent[1],
    }


def _figure_row(item: Any) -> dict[str, Any]:
    d = _as_dict(item)
    return {
        **_span_fields(d),
        "value": d.get("value"),
        "value_high": d.get("value_high"),
        "unit": d.get("unit"),
        "qualifier": d.get("qualifier"),
        "measure": d.get("measure"),
        "time_ref": d.get("time"),
        "is_change": bool(d.get("is_change")),
        "source": d.get("source"),
    }


def _rec_row(item: Any) -> dict[str, Any]:
    d = _as_dict(item)
    return {
        **_span_fields(d),
        "actors": list(d.get("actors") or []),
        "issuer": d.get("issuer"),
        "deadline": d.get("deadline"),
        "kind": d.get("kind"),
        "reported": bool(d.get("reported")),
        "number": d.get("number"),
    }


def _quote_row(item: Any) -> dict[str, Any]:
    d = _as_dict(item)
    return {
        **_span_fields(d),
        "speaker": d.get("speaker"),
        "organisation": d.get("org"),
        "role": d.get("role"),
        "direct": bool(d.get("direct")),
    }
