"""The store: content-hash identity, versions, atomic item writes, FTS, schema versions."""

from __future__ import annotations

import sqlite3

import pytest

from pipeline.errors import PolicytrailError
from pipeline.extract.types import Figure, Quote, Recommendation
from pipeline.parse.model import ParsedDocument
from pipeline.store import schema
from pipeline.store.db import Store
from pipeline.store.search import fts_query, search_documents


def doc(text: str, **kw) -> ParsedDocument:
    return ParsedDocument(text=text, format="text", **kw)


def test_same_content_again_is_unchanged(store):
    first = store.add_document(doc("Demand for care placements keeps rising.", url="file:///a"))
    again = store.add_document(doc("Demand for care placements keeps rising.", url="file:///a"))
    assert first.status == "added"
    assert again.status == "unchanged"
    assert again.document_id == first.document_id
    assert store.stats()["documents"] == 1


def test_changed_page_at_same_url_is_a_new_linked_version(store):
    v1 = store.add_document(doc("Version one of the guidance.", url="https://x.org/guidance"))
    v2 = store.add_document(doc("Version two of the guidance.", url="https://x.org/guidance"))
    assert v2.status == "new_version"
    assert v2.previous_id == v1.document_id
    assert store.get_document(v2.document_id)["versions"] == [v1.document_id, v2.document_id]


def test_corrected_metadata_for_same_text_updates_in_place(store):
    a = store.add_document(doc("Same words.", publisher="Wrong Body"))
    b = store.add_document(
        doc("Same words.", publisher="Right Body", published="2019-07", published_precision="month")
    )
    assert b.status == "updated" and b.document_id == a.document_id
    got = store.get_document(a.document_id)
    assert got["publisher"] == "Right Body"
    assert str(got["published_date"]) == "2019-07-01"


def test_sqlite_store_runs_in_wal_mode_with_foreign_keys(db_path):
    st = Store.open(db_path)
    with st.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    st.close()


def test_replace_items_swaps_all_items_atomically(store):
    d = store.add_document(doc("Councils overspent by £800m, the LGA said.")).document_id
    fig = Figure(start=24, end=29, text="£800m", value=8e8, unit="GBP")
    q = Quote(start=0, end=40, text="Councils overspent by £800m, the LGA said", speaker="LGA")
    assert store.replace_items(d, figures=[fig], quotes=[q], extractor_version="t1") == 2
    rec = Recommendation(start=0, end=10, text="Councils s", actors=["local authorities"])
    assert store.replace_items(d, recommendations=[rec], extractor_version="t2") == 1
    st = store.stats()
    assert (st["figures"], st["quotes"], st["recommendations"]) == (0, 0, 1)
    assert store.documents_to_extract("t2") == []
    assert store.documents_to_extract("t3") == [d]


def test_failed_item_write_leaves_previous_items_intact(store):
    d = store.add_document(doc("Some text here.")).document_id
    good = Figure(start=0, end=4, text="Some", value=1, unit="count")
    store.replace_items(d, figures=[good], extractor_version="v1")
    bad = {"start": None, "end": 4, "text": "x"}  # start is NOT NULL: the insert fails
    with pytest.raises(Exception):  # noqa: B017 - any database error
        store.replace_items(d, figures=[good, bad], extractor_version="v2")
    assert store.stats()["figures"] == 1
    assert store.documents_to_extract("v1") == []


def test_deleting_a_document_removes_its_items(store):
    d = store.add_document(doc("Text.")).document_id
    store.replace_items(d, figures=[Figure(0, 4, "Text", 1, "count")], extractor_version="v")
    with store.transaction() as conn:
        conn.execute(schema.document.delete().where(schema.document.c.id == d))
    assert store.stats()["figures"] == 0


def test_full_text_search_finds_stemmed_words_with_marked_snippets(store):
    store.add_document(doc("Inspectors found that placements were failing children.", title="A"))
    store.add_document(doc("The budget was balanced this year.", title="B"))
    hits = search_documents(store, "placement fails")
    assert [h["title"] for h in hits] == ["A"]
    assert "\ue000" in hits[0]["snippet"]


@pytest.mark.parametrize("query", ['"unbalanced', "AND OR NOT", "col:umn*", "())(", "-"])
def test_search_syntax_in_user_queries_never_errors(store, query):
    store.add_document(doc("Anything at all."))
    search_documents(store, query)
    assert fts_query("a-b") == '"a b"'


def test_store_newer_than_code_is_refused_with_a_clear_error(db_path):
    Store.open(db_path).close()
    con = sqlite3.connect(db_path)
    con.execute("UPDATE meta SET value='99' WHERE key='schema_version'")
    con.commit()
    con.close()
    with pytest.raises(PolicytrailError, match="schema version 99"):
        Store.open(db_path)


def test_older_store_is_migrated_step_by_step(db_path, monkeypatch):
    Store.open(db_path).close()
    con = sqlite3.connect(db_path)
    con.execute("UPDATE meta SET value='0' WHERE key='schema_version'")
    con.commit()
    con.close()
    ran = []
    monkeypatch.setitem(schema.MIGRATIONS, 0, lambda conn: ran.append(0))
    st = Store.open(db_path)
    assert ran == [0]
    assert st.schema_version == schema.SCHEMA_VERSION
    st.close()
