"""What an acceptance promises, and the later report that the promise was kept.

Text is written for these tests (rural transport)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from pipeline.analyse.commitments import Commitment, core, following, match_progress, promised_by
from pipeline.analyse.corpus import Item
from pipeline.analyse.followthrough import load_cues
from pipeline.analyse.status import thread_status
from pipeline.analyse.text import sentences
from tests.analyse.conftest import COMMITTEE, DFT, Doc, add_doc

ACCEPT = "The Government accepts this recommendation."
PROMISE = "We will publish a national rural bus strategy by the end of 2019, with funding."


def _promises_after_first(text: str) -> list[str]:
    spans = list(sentences(text))
    return [text[a:b] for a, b in following(text, spans, 0, load_cues())]


def test_promises_in_the_acceptances_paragraph_go_with_it():
    assert _promises_after_first(f"{ACCEPT} {PROMISE}") == [PROMISE]


def test_an_acceptance_that_promises_is_its_own_promise():
    text = "The Government accepts this and will publish a strategy by 2020."
    assert _promises_after_first(text) == [text]


def test_a_promise_in_the_next_paragraph_is_about_something_else():
    assert _promises_after_first(f"{ACCEPT}\n\n{PROMISE}") == []


def test_a_promise_to_think_again_is_not_a_promise_of_action():
    assert _promises_after_first(f"{ACCEPT} We will consider how best to fund it.") == []


def test_the_promise_is_read_up_to_its_first_clause_break():
    assert core(PROMISE) == "We will publish a national rural bus strategy by the end of 2019"


@pytest.mark.parametrize(
    "text,day,due",
    [
        (PROMISE, dt.date(2018, 6, 1), dt.date(2019, 12, 31)),
        ("We will write to the Committee by November 2019.", None, dt.date(2019, 11, 30)),
        ("We will publish a strategy.", None, None),
        # a date after the promise's first clause is not what it promises
        ("We will publish a strategy, as we did by March 2017.", None, None),
    ],
)
def test_a_promise_is_due_by_the_date_it_names(text, day, due):
    assert promised_by([(text, day)]) == due


PROMISED = Commitment(7, 1, dt.date(2018, 6, 15), PROMISE)


def _vec(cos: float) -> tuple[np.ndarray, np.ndarray]:
    a = np.array([[1.0, 0.0]], np.float32)
    b = np.array([[cos, np.sqrt(1 - cos * cos)]], np.float32)
    return a, b


def test_a_later_report_naming_the_promise_keeps_it():
    s, c = _vec(0.8)
    said = "The Department has published the national rural bus strategy promised for 2019."
    assert match_progress([PROMISED], [(2, dt.date(2019, 10, 1), said)], s, c) == [(0, 0)]


@pytest.mark.parametrize(
    "doc,day,text,cos",
    [
        # too few of the promise's words
        (2, dt.date(2019, 10, 1), "The Department has published its bus data.", 0.8),
        # the same words, another meaning
        (2, dt.date(2019, 10, 1), "A national rural bus strategy published in 2019 failed.", 0.3),
        # before the promise was made
        (
            2,
            dt.date(2018, 1, 1),
            "The Department has published a national rural bus strategy.",
            0.8,
        ),
        # the promising document itself
        (
            1,
            dt.date(2018, 6, 15),
            "The Department has published a national rural bus strategy.",
            0.8,
        ),
    ],
)
def test_progress_that_does_not_report_the_promise_is_not_matched(doc, day, text, cos):
    s, c = _vec(cos)
    assert match_progress([PROMISED], [(doc, day, text)], s, c) == []


def _rec() -> Item:
    return Item(
        kind="recommendation",
        id=7,
        document_id=1,
        start=0,
        end=10,
        text="The Department should publish a strategy.",
        sentence="The Department should publish a strategy.",
        published=dt.date(2018, 3, 1),
        publisher=COMMITTEE,
        doc_kind="report",
        attrs={"actors": [DFT]},
    )


def _signal(label: str, day: dt.date, text: str, start: int) -> dict:
    return {
        "label": label,
        "published_date": day,
        "document_id": 2 if label != "addressed" else 3,
        "start": start,
        "end": start + len(text),
        "text": text,
        "score": 1.0,
    }


ACCEPTED = [
    _signal("accepted", dt.date(2018, 6, 15), ACCEPT, 0),
    _signal("committed", dt.date(2018, 6, 15), PROMISE, 50),
]


def test_an_acceptance_whose_promised_date_has_passed_with_nothing_done_is_overdue():
    status, evidence = thread_status([(_rec(), "origin")], {7: ACCEPTED}, dt.date(2020, 6, 1))
    assert status == "overdue"
    assert [e["status"] for e in evidence] == ["overdue", "accepted", "committed"]


def test_an_acceptance_is_accepted_until_its_promised_date():
    status, _ = thread_status([(_rec(), "origin")], {7: ACCEPTED}, dt.date(2019, 6, 1))
    assert status == "accepted"


def test_a_kept_promise_addresses_the_recommendation():
    done = _signal("addressed", dt.date(2019, 10, 1), "It has published the strategy.", 0)
    status, _ = thread_status([(_rec(), "origin")], {7: [*ACCEPTED, done]}, dt.date(2020, 6, 1))
    assert status == "addressed"


def test_a_progress_report_naming_the_promise_addresses_the_recommendation(tmp_path, model):
    """End to end: the response accepts by number and promises; the progress report names
    the promise, not the recommendation."""
    from sqlalchemy import select

    from pipeline.analyse.run import analyse
    from pipeline.analyse.status import recommendation_status
    from pipeline.store import schema as s
    from pipeline.store.db import Store

    ask = "Recommendation 1: The Department should improve rural bus services."
    report = Doc(
        "r.txt",
        f"Rural buses\n\n{ask}\n",
        "2018-03-01",
        COMMITTEE,
        "report",
        "Rural buses: a report of the Transport Committee",
        recs=[(ask, {"actors": [DFT], "issuer": COMMITTEE, "number": "1"})],
    )
    response = Doc(
        "resp.txt",
        "Government response to the Transport Committee report: Rural buses\n\n"
        f"Recommendation 1\n\n{ACCEPT} {PROMISE}\n",
        "2018-06-15",
        DFT,
        "response",
        "Government response to the Transport Committee report: Rural buses",
    )
    progress = Doc(
        "prog.txt",
        "Progress update\n\nThe Department has now published the national rural bus strategy it "
        "promised for the end of 2019.\n",
        "2019-11-20",
        DFT,
        "report",
        "Progress update",
    )
    st = Store.open(tmp_path / "promise.db")
    try:
        ids = {d.name: add_doc(st, d) for d in (report, response, progress)}
        analyse(st, as_of="2020-06-01")
        (row,) = [r for r in recommendation_status(st) if r["evidence"]]
        assert row["status"] == "addressed"
        got = [(e["status"], e["document_id"]) for e in row["evidence"]]
        assert got == [
            ("open", ids["r.txt"]),
            ("accepted", ids["resp.txt"]),
            ("committed", ids["resp.txt"]),
            ("addressed", ids["prog.txt"]),
        ]
        sig = s.followthrough_signal.c
        hows = {r["how"] for r in st.execute(select(sig.how).where(sig.label == "addressed"))}
        assert hows == {"commitment"}  # not the recommendation's own words
    finally:
        st.close()


def test_a_numbered_answer_goes_on_across_its_paragraphs_to_its_target_date():
    text = (
        "2.1 The Government agrees with the Committee's recommendation.\n\n"
        "2.2 The Department will commission an evaluation of its support.\n\n"
        "Target implementation date: December 2020\n\n"
        "3: PAC recommendation: The Department will be asked to report.\n"
    )
    got = _promises_after_first(text)
    assert got == [
        "2.2 The Department will commission an evaluation of its support.",
        "Target implementation date: December 2020",
    ]
    assert promised_by([(p, None) for p in got]) == dt.date(2020, 12, 31)


def test_the_next_numbered_answer_is_not_this_ones_promise():
    text = (
        "2.1 The Government agrees with the Committee's recommendation.\n\n"
        "3.1 The Department will publish guidance.\n"
    )
    assert _promises_after_first(text) == []
