"""Behaviour of the analyse stage on the synthetic corpus in conftest.py."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import func, select

from pipeline.analyse.run import analyse
from pipeline.analyse.status import recommendation_status
from pipeline.analyse.threads import ThreadSettings, number_refs
from pipeline.store import schema as s

from .conftest import C1, CORPUS, F1, F2, F3, F4, N1, R1, R2, R3, R4, R5, R6, RESP3, Doc, add_doc


def _threads(store) -> dict[int, set[tuple[str, str]]]:
    """thread id -> {(kind, item text)}."""
    tm = s.thread_member.c
    out: dict[int, set[tuple[str, str]]] = defaultdict(set)
    for kind, table in (("figure", s.figure), ("recommendation", s.recommendation)):
        rows = store.execute(
            select(tm.thread_id, table.c.text, table.c.sentence_start, table.c.sentence_end)
            .join(table, table.c.id == tm.item_id)
            .where(tm.item_type == kind)
        )
        for r in rows:
            out[r["thread_id"]].add((kind, r["text"]))
    return out


def _thread_of(store, text: str) -> int | None:
    for tid, members in _threads(store).items():
        if any(t == text for _, t in members):
            return tid
    return None


def _status_by_origin(store) -> dict[str, dict]:
    return {r["evidence"][0]["text"]: r for r in recommendation_status(store)}


def test_second_run_embeds_nothing_new(corpus_store):
    first = analyse(corpus_store)
    n_cached = corpus_store.execute(select(func.count()).select_from(s.embedding))[0]
    second = analyse(corpus_store)
    assert first["embedded"] > 0
    assert second["embedded"] == 0
    assert corpus_store.execute(select(func.count()).select_from(s.embedding))[0] == n_cached


def test_theme_ids_stay_stable_when_documents_arrive(corpus_store):
    analyse(corpus_store)
    tm = s.theme_member.c
    before = {
        (r["item_type"], r["item_id"]): r["theme_id"]
        for r in corpus_store.execute(select(tm.theme_id, tm.item_type, tm.item_id))
    }
    assert before, "the corpus should form at least one theme"
    extra = Doc(
        "later.txt",
        "More rural routes withdrawn\n\nThe Department for Transport should publish a strategy "
        "for rural bus services without further delay. Councils should publish annual data on "
        "bus route closures.\n",
        "2020-02-01",
        "Transport News",
        "news",
        "More rural routes withdrawn",
        recs=[
            (
                "The Department for Transport should publish a strategy for rural bus services "
                "without further delay.",
                {"actors": ["Department for Transport"]},
            ),
            ("Councils should publish annual data on bus route closures.", {"actors": []}),
        ],
    )
    add_doc(corpus_store, extra)
    summary = analyse(corpus_store)
    after = {
        (r["item_type"], r["item_id"]): r["theme_id"]
        for r in corpus_store.execute(select(tm.theme_id, tm.item_type, tm.item_id))
    }
    assert all(after.get(k) == v for k, v in before.items())
    assert summary["items_joined"] >= 1
    rebuilt = analyse(corpus_store, rebuild=True)
    assert rebuilt["themes_created"] == rebuilt["themes"]


def test_measure_thread_links_values_across_years_not_other_measures(analysed):
    store, _, _ = analysed
    threads = _threads(store)
    spend = _thread_of(store, "£20 million")
    assert spend is not None and ("figure", "£25 million") in threads[spend]
    assert ("figure", "£900 million") not in threads[spend]
    assert ("figure", "30 million") not in threads[spend]
    assert _thread_of(store, "30 million") != spend


def test_recommendation_thread_links_press_paraphrase(analysed):
    store, _, _ = analysed
    assert _thread_of(store, N1) == _thread_of(store, R1) is not None


def test_recommendation_thread_links_response_by_number(corpus_store):
    # similarity linking switched off: only the response's "Recommendation 3" can join them
    summary = analyse(corpus_store, thread_settings=ThreadSettings(rec_cos=1.01, rec_cos_strong=2))
    assert summary["number_links"] >= 1
    assert _thread_of(corpus_store, RESP3) == _thread_of(corpus_store, R3) is not None
    assert _thread_of(corpus_store, R2) != _thread_of(corpus_store, R3)


def test_number_refs_read_digits_ordinals_and_headings():
    assert number_refs("as set out in Recommendation 12, and") == [12]
    assert number_refs("The Committee's third recommendation asked") == [3]
    assert number_refs("4: PAC recommendation: The Department should") == [4]
    assert number_refs("We recommend that the Department acts.") == []


def _check(store, origin: str, status: str, evidence_words: str | None):
    row = _status_by_origin(store)[origin]
    assert row["status"] == status, row
    ev = row["evidence"]
    assert ev[0]["text"] == origin
    days = [e["published"] for e in ev]
    assert days == sorted(days)
    if evidence_words:
        assert any(evidence_words in e["text"] and e["status"] == status for e in ev), ev
    return row


def test_status_addressed_when_a_later_report_says_it_is_done(analysed):
    row = _check(analysed[0], R1, "addressed", "has now published")
    assert any(e["status"] == "accepted" for e in row["evidence"])


def test_status_rejected_by_ordinal_reference(analysed):
    _check(analysed[0], R2, "rejected", "does not accept")


def test_status_repeated_by_another_body(analysed):
    _check(analysed[0], R3, "repeated", C1)


def test_status_overdue_after_deadline_without_action(analysed):
    _check(analysed[0], R4, "overdue", None)


def test_status_open_without_deadline_or_evidence(analysed):
    row = _check(analysed[0], R5, "open", None)
    assert len(row["evidence"]) == 1


def test_status_accepted_under_numbered_heading(analysed):
    _check(analysed[0], R6, "accepted", "agree with the Committee")


def test_status_as_of_ignores_later_documents(corpus_store):
    analyse(corpus_store, as_of=dt.date(2018, 5, 1))
    rows = _status_by_origin(corpus_store)
    assert rows[R1]["status"] == "open"
    assert rows[R4]["status"] == "open"
    analyse(corpus_store, as_of="2018-07-01")
    assert _status_by_origin(corpus_store)[R1]["status"] == "accepted"


def test_corpus_fixture_is_consistent():
    assert {d.name for d in CORPUS} >= {"report.txt", "response.txt"}
    assert F1 and F2 and F3 and F4


def test_a_measure_thread_is_named_by_its_measure_and_unit(analysed):
    store, _, _ = analysed
    spend = _thread_of(store, "£20 million")
    th = s.thread.c
    (row,) = store.execute(select(th.label).where(th.id == spend))
    assert row["label"] == "spending on supported bus services (£)"
