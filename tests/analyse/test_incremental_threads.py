"""A re-run of analyse searches paraphrase links only from and to new recommendations, and
ends with the threads a rebuild would form."""

from __future__ import annotations

from sqlalchemy import select

from pipeline.analyse import threads as threads_mod
from pipeline.analyse.run import analyse
from pipeline.analyse.threads import ThreadSettings
from pipeline.store import schema as s

from .conftest import DFT, Doc, add_doc

LATER = Doc(
    "later.txt",
    "More rural routes withdrawn\n\nThe Department for Transport should publish a national "
    "strategy for rural bus services without further delay. The Department should fund "
    "community transport from a dedicated pot.\n",
    "2020-02-01",
    "Rural Services Network",
    "press_release",
    "More rural routes withdrawn",
    recs=[
        (
            "The Department for Transport should publish a national strategy for rural bus "
            "services without further delay.",
            {"actors": [DFT], "issuer": "Rural Services Network"},
        ),
        (
            "The Department should fund community transport from a dedicated pot.",
            {"actors": [DFT], "issuer": "Rural Services Network"},
        ),
    ],
)


def _partition(store) -> set[frozenset[tuple[str, int]]]:
    tm = s.thread_member.c
    groups: dict[int, set[tuple[str, int]]] = {}
    for r in store.execute(select(tm.thread_id, tm.item_type, tm.item_id)):
        groups.setdefault(r["thread_id"], set()).add((r["item_type"], r["item_id"]))
    return {frozenset(g) for g in groups.values()}


def _spy(monkeypatch) -> list:
    calls: list = []
    real = threads_mod.link_recommendations

    def spy(recs, vecs, settings, terms=None, only=None):
        calls.append(None if only is None else sorted(recs[i].id for i in only))
        return real(recs, vecs, settings, terms, only)

    monkeypatch.setattr(threads_mod, "link_recommendations", spy)
    return calls


def test_a_rerun_searches_paraphrases_only_for_new_recommendations(corpus_store, monkeypatch):
    calls = _spy(monkeypatch)
    analyse(corpus_store)
    new_doc = add_doc(corpus_store, LATER)
    analyse(corpus_store)
    analyse(corpus_store)
    rc = s.recommendation.c
    new_ids = sorted(
        r["id"] for r in corpus_store.execute(select(rc.id).where(rc.document_id == new_doc))
    )
    assert calls == [None, new_ids, []]


def test_incremental_threads_are_the_threads_a_rebuild_forms(corpus_store):
    analyse(corpus_store)
    add_doc(corpus_store, LATER)
    analyse(corpus_store)
    incremental = _partition(corpus_store)
    analyse(corpus_store, rebuild=True)
    assert _partition(corpus_store) == incremental
    # the new press release joined the committee's strategy recommendation
    rc = s.recommendation.c
    rows = corpus_store.execute(select(rc.id, rc.text))
    committee = next(r["id"] for r in rows if r["text"].startswith("Recommendation 1:"))
    press = next(r["id"] for r in rows if r["text"].startswith("The Department for Transport"))
    assert any({("recommendation", committee), ("recommendation", press)} <= g for g in incremental)


def test_links_found_under_other_thresholds_are_not_reused(corpus_store, monkeypatch):
    calls = _spy(monkeypatch)
    analyse(corpus_store)
    analyse(corpus_store, thread_settings=ThreadSettings(rec_cos=0.99, rec_cos_strong=0.999))
    assert calls == [None, None]


def test_links_of_removed_recommendations_are_dropped(corpus_store):
    analyse(corpus_store)
    new_doc = add_doc(corpus_store, LATER)
    analyse(corpus_store)
    rc, rl = s.recommendation.c, s.recommendation_link.c

    def linked() -> set[int]:
        rows = corpus_store.execute(select(rl.a_id, rl.b_id))
        return {r["a_id"] for r in rows} | {r["b_id"] for r in rows}

    new_ids = {
        r["id"] for r in corpus_store.execute(select(rc.id).where(rc.document_id == new_doc))
    }
    assert linked() & new_ids, "the press release's strategy call paraphrases the report's"
    corpus_store.replace_items(new_doc, recommendations=[], extractor_version="test")
    analyse(corpus_store)
    live = {r["id"] for r in corpus_store.execute(select(rc.id))}
    assert linked() and linked() <= live
