"""Recommendations that say where they come from: attribution to another body, citation of
an earlier document by its title. Text is written for these tests (rural transport)."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.analyse.corpus import Item, document_meta, load_items
from pipeline.analyse.references import attributions, link_attributed, link_cited, title_key
from pipeline.analyse.threads import _role, ask_terms, generic_terms
from tests.analyse.conftest import Doc, add_doc
from tests.analyse.test_thread_links import unit_vectors

DFT = "Department for Transport"
NAO = "National Audit Office"
OFSTED = "Ofsted"


def rec(i, doc, text, issuer=None, actors=(DFT,), day=None, **attrs) -> Item:
    return Item(
        kind="recommendation",
        id=i,
        document_id=doc,
        start=0,
        end=len(text),
        text=text,
        sentence=text,
        published=day,
        publisher=None,
        doc_kind="report",
        attrs={"actors": list(actors), "issuer": issuer, **attrs},
    )


def test_a_possessive_call_attributes_the_ask_and_its_words():
    r = rec(0, 1, "Operators want a single fare cap, echoing the NAO's call for simpler fares.")
    assert attributions(r) == [(NAO, "simpler fares")]


def test_a_body_said_to_have_recommended_it_is_attributed():
    r = rec(0, 1, "The Department should, as the NAO recommended, publish route data annually.")
    assert [b for b, _ in attributions(r)] == [NAO]


def test_a_body_merely_named_in_the_ask_is_not_its_maker():
    r = rec(0, 1, "The Department should work with the NAO to publish route data annually.")
    assert attributions(r) == []


def test_the_issuer_is_not_attributed_its_own_call():
    r = rec(0, 1, "The NAO's recommendation is that fares be simplified.", issuer=NAO)
    assert attributions(r) == []


def test_an_attributed_ask_joins_that_bodys_recommendation_it_names():
    recs = [
        rec(
            0,
            1,
            "The Department should simplify fares on rural routes.",
            NAO,
            day=dt.date(2019, 1, 1),
        ),
        rec(
            1,
            1,
            "The Department should help councils recruit more bus drivers.",
            NAO,
            day=dt.date(2019, 1, 1),
        ),
        rec(
            2,
            2,
            "Councils should recruit drivers together, echoing the NAO's call for simpler fares.",
            "Rural Services Network",
            day=dt.date(2020, 1, 1),
        ),
    ]
    # closer in meaning to the drivers item; the attributed words name the fares one
    vecs = unit_vectors(3, {(1, 2): 0.6, (0, 2): 0.4})
    pairs = link_attributed(recs, vecs, ask_terms(recs))
    assert [(a, b) for a, b, _ in pairs] == [(0, 2)]


def test_an_attribution_never_links_to_a_later_or_another_bodys_recommendation():
    recs = [
        rec(0, 1, "The Department should simplify fares.", OFSTED, day=dt.date(2019, 1, 1)),
        rec(1, 3, "The Department should simplify fares.", NAO, day=dt.date(2021, 1, 1)),
        rec(
            2,
            2,
            "Fares should be simpler, echoing the NAO's call for simpler fares.",
            day=dt.date(2020, 1, 1),
        ),
    ]
    vecs = unit_vectors(3, {(0, 2): 0.9, (1, 2): 0.9})
    assert link_attributed(recs, vecs, ask_terms(recs)) == []


@pytest.mark.parametrize(
    "title,key",
    [
        (
            "Moving On, Moving Up: the Government's response to the rural transport review",
            ("moving", "on", "moving", "up"),
        ),
        ("Buses Back Better - GOV.UK", ("buses", "back", "better")),
        ("", ()),
    ],
)
def test_a_title_is_known_by_its_part_before_a_colon_or_dash(title, key):
    assert title_key(title) == key


def test_a_call_citing_an_earlier_document_by_title_joins_the_section_it_names(tmp_path):
    from pipeline.store.db import Store

    plan = Doc(
        "plan.txt",
        "# Roads to Everywhere: the national rural transport plan\n\n"
        "## Demand-responsive buses\n\n"
        "The Department agrees that councils should run on-demand minibuses where fixed routes "
        "fail. We will fund four trial areas before any wider roll-out.\n\n"
        "## Fares\n\n"
        "The Department agrees that fares should be capped for young people.\n",
        "2021-03-01",
        DFT,
        "report",
        "Roads to Everywhere: the national rural transport plan",
        recs=[
            (
                "The Department agrees that councils should run on-demand minibuses where fixed "
                "routes fail.",
                {"actors": ["local authorities"], "issuer": DFT},
            ),
            (
                "The Department agrees that fares should be capped for young people.",
                {"actors": ["local authorities"], "issuer": DFT},
            ),
        ],
    )
    call = Doc(
        "call.txt",
        "The Network is calling for:\n\n"
        "- quicker progress on Roads to Everywhere, including the roll-out of on-demand "
        "minibuses beyond the trial areas;\n",
        "2023-05-01",
        "Rural Services Network",
        "press_release",
        "Network calls for faster progress",
        recs=[
            (
                "quicker progress on Roads to Everywhere, including the roll-out of on-demand "
                "minibuses beyond the trial areas;",
                {"actors": [DFT], "issuer": "Rural Services Network"},
            ),
        ],
    )
    st = Store.open(tmp_path / "cite.db")
    try:
        ids = {d.name: add_doc(st, d) for d in (plan, call)}
        recs = [i for i in load_items(st) if i.kind == "recommendation"]
        pairs = link_cited(recs, ask_terms(recs), document_meta(st), st, generic_terms())
        linked = {
            (recs[a].document_id, recs[b].document_id, recs[a].text[:30]) for a, b, _ in pairs
        }
        assert linked == {(ids["plan.txt"], ids["call.txt"], "The Department agrees that cou")}
        # the minibus section, not the fares one
        a, b, _ = pairs[0]
        assert "minibuses" in recs[a].text and "minibuses" in recs[b].text
    finally:
        st.close()


def test_a_title_of_only_sector_words_is_a_subject_not_a_citation(tmp_path):
    from pipeline.store.db import Store

    general = Doc(
        "general.txt",
        "Children's social care\n\nThe Department should publish data on placements.\n",
        "2020-01-01",
        DFT,
        "report",
        "Children's social care",
        recs=[("The Department should publish data on placements.", {"actors": [DFT]})],
    )
    later = Doc(
        "later.txt",
        "Councils want better children's social care data on placements and costs.\n",
        "2021-01-01",
        "Rural Services Network",
        "news",
        "Data call",
        recs=[
            (
                "Councils want better children's social care data on placements and costs.",
                {"actors": [DFT]},
            )
        ],
    )
    st = Store.open(tmp_path / "subject.db")
    try:
        for d in (general, later):
            add_doc(st, d)
        recs = [i for i in load_items(st) if i.kind == "recommendation"]
        assert link_cited(recs, ask_terms(recs), document_meta(st), st, generic_terms()) == []
    finally:
        st.close()


def test_another_body_making_the_ask_again_repeats_it_even_when_reported():
    origin = rec(0, 1, "x", issuer=NAO)
    again = rec(1, 2, "x", issuer="Rural Services Network", reported=True)
    same = rec(2, 3, "x", issuer=NAO, reported=True)
    assert _role(again, origin) == "repeat"
    assert _role(same, origin) == "report"


def test_a_member_joined_only_by_a_shared_concern_is_related_not_a_repeat():
    origin = rec(0, 1, "x", issuer=NAO)
    other = rec(1, 2, "y", issuer="Rural Services Network")
    assert _role(other, origin, same_ask=False) == "related"


def test_an_ask_attributed_under_a_bodys_old_name_finds_it_under_its_new_one():
    mhclg = "Ministry of Housing, Communities and Local Government"
    recs = [
        rec(0, 1, "Councils should be funded to simplify fares.", mhclg, day=dt.date(2019, 1, 1)),
        rec(
            1,
            2,
            "Operators want simpler fares, echoing DCLG's call for simpler fares.",
            day=dt.date(2020, 1, 1),
        ),
    ]
    vecs = unit_vectors(2, {(0, 1): 0.4})
    assert [(a, b) for a, b, _ in link_attributed(recs, vecs, ask_terms(recs))] == [(0, 1)]
