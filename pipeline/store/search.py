"""Full-text search over documents: FTS5 on SQLite, a LIKE fallback elsewhere."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from sqlalchemy import Integer, bindparam, column, select, table, text

from pipeline.store import schema as s

if TYPE_CHECKING:
    from pipeline.store.db import Store

_FTS = table("document_fts", column("rowid", Integer))
_TOKEN = re.compile(r"[\w£%']+", re.UNICODE)


def fts_query(user_query: str) -> str:
    """Turn what a researcher types into a safe FTS5 MATCH expression.

    Quoted phrases stay phrases; every other word is quoted so FTS5 operators and
    punctuation in the input can never produce a syntax error.
    """
    parts: list[str] = []
    for phrase, word in re.findall(r'"([^"]+)"|(\S+)', user_query):
        tokens = _TOKEN.findall(phrase or word)
        if not tokens:
            continue
        parts.append('"' + " ".join(t.replace('"', "") for t in tokens) + '"')
    return " ".join(parts)


def fts_document_ids(store: Store, query: str) -> Any:
    """A subquery of ids of documents matching ``query``."""
    if store.is_sqlite:
        match = fts_query(query) or '""'
        return select(_FTS.c.rowid).where(
            text("document_fts MATCH :q").bindparams(bindparam("q", match))
        )
    like = f"%{query}%"
    d = s.document.c
    return select(d.id).where(d.text.ilike(like) | d.title.ilike(like))


def search_documents(
    store: Store, query: str, *, limit: int = 20, offset: int = 0
) -> list[dict[str, Any]]:
    """Matching documents, best first, each with a snippet whose matches are marked.

    Matches are wrapped in U+E000/U+E001 (private-use characters), never in HTML, so each
    interface escapes the snippet first and then marks matches its own way.
    """
    match = fts_query(query)
    if not match:
        return []
    if not store.is_sqlite:
        rows = store.list_documents(text_query=query, limit=limit, offset=offset)
        return [{**r, "snippet": None, "rank": None} for r in rows]
    sql = text(
        """
        SELECT d.id, d.title, d.publisher, d.published, d.kind, d.url,
               snippet(document_fts, 1, char(57344), char(57345), ' … ', 24) AS snippet,
               bm25(document_fts, 5.0, 1.0) AS rank
        FROM document_fts JOIN document d ON d.id = document_fts.rowid
        WHERE document_fts MATCH :q
        ORDER BY rank LIMIT :limit OFFSET :offset
        """
    )
    return store.execute(sql, {"q": match, "limit": limit, "offset": offset})
