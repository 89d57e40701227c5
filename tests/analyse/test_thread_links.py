"""The recommendation- and figure-linking rules of threads, on hand-built items.

Vectors are given, not embedded, so each test controls "how alike in meaning" two items are
and pins down what the words, actors and positions add. Text is written for these tests.
"""

from __future__ import annotations

import numpy as np

from pipeline.analyse.corpus import Item
from pipeline.analyse.text import stem
from pipeline.analyse.threads import (
    ThreadSettings,
    ask_terms,
    concern_terms,
    link_concerns,
    link_recommendations,
)

DFT = "Department for Transport"


def rec(i: int, doc: int, text: str, start: int = 0, actors=(DFT,)) -> Item:
    return Item(
        kind="recommendation",
        id=i,
        document_id=doc,
        start=start,
        end=start + len(text),
        text=text,
        sentence=text,
        published=None,
        publisher=None,
        doc_kind="report",
        attrs={"actors": list(actors)},
    )


def unit_vectors(n: int, pairs: dict[tuple[int, int], float]) -> np.ndarray:
    """Vectors whose dot products are 0 except for ``pairs`` (approximately, via a shared
    component): enough to put chosen pairs above or below a cosine threshold."""
    dims = n + len(pairs)
    v = np.zeros((n, dims), np.float32)
    for i in range(n):
        v[i, i] = 1.0
    for k, ((a, b), cos) in enumerate(pairs.items()):
        v[a, n + k] = v[b, n + k] = np.sqrt(cos / (1 - cos))
    return v / np.linalg.norm(v, axis=1, keepdims=True)


# a corpus in which "congestion" is a recurring concern of a few recommendations, and
# filler recommendations about other things keep it under a quarter of them
CONCERN = [
    rec(0, 1, "The Department should commission an inquiry into congestion on trunk roads."),
    # three items of one list under "the Department should set out:"
    rec(1, 2, "The main causes of congestion in market towns;", start=100),
    rec(2, 2, "The action it is taking to ease congestion; and", start=160),
    rec(3, 2, "Its targets for cutting congestion at junctions.", start=220),
    rec(4, 3, "The Department should study congestion charging in cities."),
]
FILLER = [
    rec(5 + k, 10 + k, f"The Department should review {topic}.")
    for k, topic in enumerate(
        [
            "cycle lane widths",
            "rail ticket pricing",
            "ferry subsidies",
            "airport noise limits",
            "bus driver training",
            "taxi licensing",
            "canal maintenance",
            "road sign design",
            "port security checks",
            "tram accessibility",
            "pavement parking rules",
            "coach station lighting",
            "freight loading bays",
            "school crossing patrols",
            "electric charger grants",
            "level crossing alarms",
        ]
    )
]


def test_concern_word_must_recur_but_not_be_everywhere():
    recs = CONCERN + FILLER
    terms = ask_terms(recs)
    concerns = concern_terms(recs, terms, ThreadSettings())
    assert all(c == {"congestion"} for c in concerns[:5])
    assert not any(concerns[5:])
    # in a corpus where it is in every other recommendation it is the corpus, not a concern
    assert not any(concern_terms(CONCERN, ask_terms(CONCERN), ThreadSettings()))


def test_concern_links_list_items_in_a_row_and_like_minded_calls_elsewhere():
    recs = CONCERN + FILLER
    # the inquiry and the list's last item mean much the same; the study of charging does not
    vecs = unit_vectors(len(recs), {(0, 3): 0.7, (0, 4): 0.3})
    pairs = {(a, b) for a, b, _ in link_concerns(recs, vecs, ThreadSettings())}
    assert {(1, 2), (2, 3), (0, 3)} <= pairs
    assert not any(4 in p for p in pairs)
    assert not any(a >= 5 or b >= 5 for a, b in pairs)


def test_concern_needs_an_actor_in_common():
    other = rec(3, 2, "Its targets for cutting congestion at junctions.", 220, ("Highways Agency",))
    recs = [*CONCERN[:3], other, CONCERN[4], *FILLER]
    vecs = unit_vectors(len(recs), {(0, 3): 0.7})
    pairs = {(a, b) for a, b, _ in link_concerns(recs, vecs, ThreadSettings())}
    assert (0, 3) not in pairs and (2, 3) not in pairs


def test_paraphrase_needs_more_than_one_shared_word_of_a_short_ask():
    a = rec(0, 1, "The Department should publish data on potholes.")
    b = rec(1, 2, "The Department should fund a study of potholes and verges.")
    vecs = unit_vectors(2, {(0, 1): 0.65})
    # one shared word ("potholes") is all of a's words once asking words are set aside,
    # which is not the three words' worth a paraphrase needs at this cosine
    assert link_recommendations([a, b], vecs, ThreadSettings()) == []
    c = rec(2, 2, "Ministers should publish figures on potholes on rural lanes each winter.")
    d = rec(3, 3, "The Department should publish winter pothole figures for rural lanes.")
    vecs = unit_vectors(2, {(0, 1): 0.65})
    assert len(link_recommendations([c, d], vecs, ThreadSettings())) == 1


def test_irregular_past_forms_meet_their_verbs():
    assert stem("overspent") == stem("overspend")
    assert stem("spent") == stem("spending")


def test_a_measure_under_another_name_is_the_same_measure():
    from pipeline.analyse.threads import canonical_measure, measure_head

    a = canonical_measure("looked-after children")
    b = canonical_measure("number of children in care in England")
    assert a == "children in care"
    # "number of children ..." and "children ..." are about the same head noun
    from pipeline.analyse.threads import _heads_agree

    assert _heads_agree(measure_head(a), measure_head(b))
    assert not _heads_agree(measure_head("funding gap"), measure_head("number of children"))


def fig(i: int, doc: int, measure: str) -> Item:
    text = "£1bn"
    return Item(
        kind="figure",
        id=i,
        document_id=doc,
        start=0,
        end=len(text),
        text=text,
        sentence=f"{text} is the {measure}.",
        published=None,
        publisher=None,
        doc_kind="news",
        attrs={"measure": measure, "unit": "GBP"},
    )


def test_a_total_over_everything_is_not_the_part():
    from pipeline.analyse.threads import link_figures

    figs = [
        fig(0, 1, "funding gap for adult social care"),
        fig(1, 2, "funding gap for adult social care"),
        fig(2, 3, "funding gap across all services"),
    ]
    vecs = unit_vectors(3, {(0, 1): 0.99, (0, 2): 0.9, (1, 2): 0.9})
    pairs = {(a, b) for a, b, _ in link_figures(figs, vecs, ThreadSettings())}
    assert pairs == {(0, 1)}


def test_answered_report_ties_between_dated_and_undated_reports_do_not_fail():
    import datetime as dt

    from pipeline.analyse.threads import answered_report

    docs = {
        1: {
            "title": "Rural buses report",
            "publisher": "Transport Committee",
            "published_date": dt.date(2019, 1, 1),
        },
        2: {
            "title": "Rural buses report",
            "publisher": "Transport Committee",
            "published_date": None,
        },
        3: {
            "title": "Response",
            "publisher": "Department for Transport",
            "published_date": dt.date(2020, 1, 1),
        },
    }
    numbered = {1: {1: 0}, 2: {1: 1}}
    assert answered_report(3, "Response to the rural buses report", numbered, docs, {}) == 1


def test_a_response_answers_the_earlier_report_its_opening_names_by_title_and_issuer():
    import datetime as dt

    from pipeline.analyse.threads import answered_report, answered_reports

    day = dt.date
    docs = {
        1: {
            "title": "Rural buses",
            "publisher": "House of Commons",
            "published_date": day(2018, 3, 1),
        },
        2: {
            "title": "Rail fares",
            "publisher": "House of Commons",
            "published_date": day(2018, 4, 1),
        },
        # the same title, but published after the response: never what it answers
        3: {
            "title": "Rural buses",
            "publisher": "House of Commons",
            "published_date": day(2021, 1, 1),
        },
        4: {
            "title": "Government response",
            "publisher": "Department for Transport",
            "published_date": day(2018, 9, 1),
        },
        5: {
            "title": "Treasury Minutes",
            "publisher": "HM Treasury",
            "published_date": day(2018, 9, 2),
        },
        6: {
            "title": "Unrelated note",
            "publisher": "Department for Transport",
            "published_date": day(2018, 9, 3),
        },
    }
    numbered = {1: {1: 0}, 2: {1: 1}, 3: {1: 2}}
    issuers = {
        1: {"Transport Committee"},
        2: {"Public Accounts Committee"},
        3: {"Transport Committee"},
    }
    heads = {
        4: "Government response to the Transport Committee report on rural buses",
        5: "Treasury Minutes on the Public Accounts Committee report: rail fares",
        6: "Weather update",
    }
    assert answered_reports(heads, numbered, docs, issuers) == {4: 1, 5: 2}
    for doc_id, head in heads.items():
        expected = {4: 1, 5: 2}.get(doc_id)
        assert answered_report(doc_id, head, numbered, docs, issuers) == expected
