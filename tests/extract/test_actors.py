"""The actors component: gazetteer aliases, renamings, context aliases and people."""

from __future__ import annotations

from pipeline.extract.gazetteer import Gazetteer
from pipeline.extract.types import items_of


def names(doc, kind=None):
    return [(doc.text[m.start:m.end], m.name) for m in items_of(doc, "pt_actors")
            if kind is None or m.kind == kind]


def test_acronyms_and_full_names_share_a_canonical_name(parse):
    doc = parse("Letters from the Association of Directors of Children’s Services and the "
                "LGA reached the NAO last week.")
    found = dict(names(doc))
    assert found["LGA"] == "Local Government Association"
    assert found["Association of Directors of Children’s Services"] == \
        "Association of Directors of Children's Services"
    assert found["NAO"] == "National Audit Office"


def test_outdated_department_name_maps_to_the_name_in_force_on_the_document_date():
    gaz = Gazetteer.from_file()
    old = "Department for Communities and Local Government"
    assert gaz.name_at(old, "2019-05") == "Ministry of Housing, Communities and Local Government"
    assert gaz.name_at(old, "2022-03") == "Department for Levelling Up, Housing and Communities"
    assert gaz.name_at(old, "2016-01") == old
    assert gaz.name_at(old, None) == old


def test_the_department_is_the_department_the_document_is_about(parse):
    doc = parse("The Home Office published its plan. Critics say the Department has not "
                "costed it. The Department disagrees.")
    resolved = [n for s, n in names(doc) if s.lower() == "the department"]
    assert resolved == ["Home Office", "Home Office"]


def test_councils_are_local_authorities_but_london_councils_is_a_body(parse):
    doc = parse("London Councils said councils in the capital face a gap.")
    found = dict(names(doc))
    assert found["London Councils"] == "London Councils"
    assert ("councils", "local authorities") in names(doc)


def test_title_surname_and_pronoun_resolve_to_the_first_full_mention(parse):
    doc = parse("Priya Natarajan, chief executive of Coram, spoke at the event. "
                "Ms Natarajan said budgets were tight. She called for a review.")
    people = names(doc, "person")
    assert ("Ms Natarajan", "Priya Natarajan") in people
    assert ("She", "Priya Natarajan") in people
    mention = next(m for m in items_of(doc, "pt_actors") if m.kind == "person")
    assert mention.org == "Coram"
    assert mention.role == "chief executive"


def test_role_phrase_resolves_to_the_person_named_next(parse):
    doc = parse("Reform is overdue, the chair of the County Councils Network has said.\n\n"
                "Speaking in Leeds, Tom Aldwych said the sums did not add up.")
    people = names(doc, "person")
    assert ("the chair of the County Councils Network", "Tom Aldwych") in people


def test_unlisted_all_party_group_gets_an_appg_name(parse):
    doc = parse("The All-Party Parliamentary Group on Rural Services met today.")
    assert ("All-Party Parliamentary Group on Rural Services", "APPG on Rural Services") in \
        names(doc)


def test_the_department_is_never_a_body_called_a_ministry(parse):
    doc = parse("The Department for Work and Pensions relies on MHCLG data. MHCLG officials "
                "met MHCLG statisticians, and MHCLG agreed. The Department should publish its "
                "own figures; the Ministry should share its data.", published="2019-06")
    resolved = {s: n for s, n in names(doc) if s in ("The Department", "the Ministry")}
    assert resolved == {"The Department": "Department for Work and Pensions",
                        "the Ministry": "Ministry of Housing, Communities and Local Government"}


def test_nhs_england_is_a_body(parse):
    doc = parse("NHS England and the Department of Health and Social Care should agree a plan.")
    assert ("NHS England", "NHS England") in names(doc)


def test_an_anonymised_case_or_a_court_case_is_not_a_person(parse):
    doc = parse("Child Maya, the subject of the practice review, was seen twice before the "
                "referral. Baby Ellie Marsh had no health visitor. In Patel v Morgan, Lady Ward "
                "said the council had acted unlawfully. Child Maya said she was frightened.")
    assert [n for _, n in names(doc, "person")] == ["Ward"]


def test_a_case_name_is_never_a_speaker(run):
    text = ("The Child Maya review, published on Monday, found that agencies did not share "
            "information. Child Maya told the reviewers that nobody had listened to her.")
    assert [q.speaker for q in run(text).quotes if q.speaker] == []


def test_a_pronoun_after_a_case_name_is_not_the_person_before_it(run):
    text = ("Dr Anna Reyes, the lead reviewer, said the findings were stark. Child R was "
            "searched at school without an adult present. She said she had felt ashamed.")
    assert [q.speaker for q in run(text).quotes if q.speaker] == ["Anna Reyes"]
