"""The recommendations component: cues, actors, issuers, deadlines, lists and non-cases."""

from __future__ import annotations


def recs(result):
    return [(r.text, r.actors, r.deadline) for r in result.recommendations]


def test_modal_with_a_named_actor_is_a_recommendation(run):
    found = recs(run("The Home Office should publish its asylum cost estimates every quarter."))
    assert found == [("The Home Office should publish its asylum cost estimates every quarter.",
                      ["Home Office"], None)]


def test_speakers_own_resolve_and_pronoun_subjects_are_not_recommendations(run):
    text = ("We need to get better at listening to families. It must be said that progress "
            "is slow. They should have known better.")
    assert run(text).recommendations == []


def test_conclusion_without_a_request_is_not_a_recommendation(run):
    text = "The Department for Education has not shown that its reforms offer value for money."
    assert run(text).recommendations == []


def test_lead_in_actor_and_deadline_apply_to_each_item(run):
    text = ("We recommend that the Department for Work and Pensions should, by March 2021, "
            "set out:\n\n"
            "- how many claimants wait more than five weeks;\n\n"
            "- what it will do to shorten the wait.\n")
    found = recs(run(text))
    assert [t for t, _, _ in found] == ["how many claimants wait more than five weeks;",
                                        "what it will do to shorten the wait."]
    assert all(a == ["Department for Work and Pensions"] for _, a, _ in found)
    assert all(d == "2021-03" for *_, d in found)


def test_back_reference_takes_the_previous_deadline(run):
    text = ("By June 2022, HM Treasury should confirm the settlement for the next three years. "
            "HM Treasury should also within the same timeframe publish the formula review.")
    found = recs(run(text))
    assert [d for *_, d in found] == ["2022-06", "2022-06"]


def test_relative_deadline_counts_from_the_document_date(run):
    text = "The Cabinet Office should report back within six months on the new guidance."
    found = run(text, published="2020-11").recommendations
    assert found[0].deadline == "2021-05"


def test_calls_on_and_urges_name_the_object_as_actor(run):
    text = ("The Children's Society calls on ministers to restore the local welfare fund. "
            "Barnardo's urged the Department for Education to act quickly.")
    found = run(text).recommendations
    assert [r.actors for r in found] == [["UK Government"], ["Department for Education"]]
    assert found[0].issuer == "The Children's Society"


def test_recommendation_reported_from_a_body(run):
    text = "The National Audit Office recommends that the Cabinet Office tightens its controls."
    rec = run(text, publisher="Local Government Chronicle").recommendations[0]
    assert rec.actors == ["Cabinet Office"]
    assert rec.issuer == "National Audit Office"
    assert rec.kind == "formal" and rec.reported


def test_call_inside_a_quote_is_issued_by_the_speakers_organisation(run):
    text = ("Sam Reddy, who leads the Association of Directors of Children's Services, said: "
            "\"The Government must fund the new duties in full.\"")
    rec = run(text).recommendations[0]
    assert rec.actors == ["UK Government"]
    assert rec.issuer == "Association of Directors of Children's Services"
    assert rec.kind == "call"


def test_headings_and_chrome_are_never_recommendations(run):
    text = ("Ministers must act on care, says watchdog\n\n"
            "We use cookies. You should accept cookies to use this site.\n\n"
            "The watchdog's report is due out in the spring and will cover twelve councils.\n")
    assert run(text).recommendations == []


def test_question_is_not_a_recommendation(run):
    assert run("Should the Government fund councils directly?").recommendations == []


# -- passive calls: the actor comes from context -------------------------------------------

def test_passive_call_takes_the_actor_of_the_documents_other_calls(run):
    text = ("The Home Office should review the asylum support rates every year. "
            "Funding for destitution support should be ring-fenced.")
    found = recs(run(text))
    assert found[1] == ("Funding for destitution support should be ring-fenced.",
                        ["Home Office"], None)


def test_passive_call_with_a_deadline_and_no_other_call_takes_the_department(run):
    text = ("The Department for Work and Pensions has no plan for the backlog.\n\n"
            "A national recovery plan must be published by 2026.")
    rec = run(text).recommendations[0]
    assert rec.text == "A national recovery plan must be published by 2026."
    assert rec.actors == ["Department for Work and Pensions"]
    assert rec.deadline == "2026"


def test_passive_call_names_its_by_agent(run):
    text = "The eligibility rules should be simplified by HM Treasury within a year."
    rec = run(text, published="2021-03").recommendations[0]
    assert rec.actors == ["HM Treasury"]


def test_passive_call_reported_from_a_body(run):
    text = ("The Local Government Association said the grant must be paid in full "
            "to every council.")
    rec = run(text).recommendations[0]
    assert rec.issuer == "Local Government Association"


def test_passives_that_comment_or_caution_are_not_calls(run):
    text = ("Some variation between areas is to be expected. This should not be a surprise. "
            "The rise should be seen in the context of falling budgets. "
            "These estimates should be treated with caution. "
            "Statutory guidance already says that a pupil's views should be taken into account. "
            "The fall should not be used to argue that the scheme has failed. "
            "The pilot was funded by a grant that must be spent by March.")
    assert run(text).recommendations == []


# -- recommendations by their place in the document ---------------------------------------

def test_items_under_a_recommendations_heading_are_recommendations(run):
    text = ("The panel's main recommendations\n\n"
            "- Housing support. A single national register of supported housing providers.\n"
            "- Advocacy. Independent advocates for every young person leaving custody.\n\n"
            "What happens next\n\n"
            "- The panel meets again in the spring to review progress.\n")
    found = [r.text for r in run(text).recommendations]
    assert found == [
        "Housing support. A single national register of supported housing providers.",
        "Advocacy. Independent advocates for every young person leaving custody."]


def test_items_under_conclusions_and_recommendations_need_a_cue(run):
    text = ("Conclusions and recommendations\n\n"
            "1. The Home Office has not assessed the cost of the new duties.\n"
            "2. The Home Office should publish its assessment of the cost.\n")
    assert [r.text for r in run(text).recommendations] == [
        "The Home Office should publish its assessment of the cost."]


def test_items_labelled_as_recommendations_are_recommendations(run):
    text = ("Recommendation 4: A new duty on schools to record exclusions by reason.\n\n"
            "The Government does not accept this recommendation.\n")
    rec = run(text).recommendations
    assert [r.text for r in rec] == ["A new duty on schools to record exclusions by reason."]
    assert rec[0].number == "Recommendation 4:"


# -- hard-wrapped text (PDF extractions) ---------------------------------------------------

WRAPPED = """Summary
Councils in England are being asked to do more for older residents with less money, and the
committee heard from directors of adult services, carers' groups, charities and ministers over
the course of its inquiry. Almost every witness outside government told us that the money no
longer matches the duties councils hold, and that the gap is being bridged by cutting prevention.
Conclusions and recommendations
1. Spending on prevention has fallen by close to a third since 2015 as councils have moved it to
meet statutory costs. The Government should introduce a ring-fenced grant for prevention, paid
to local authorities from April 2025, so that money for prevention cannot be absorbed by other
pressures in council budgets.
2. We were struck by how little the Department of Health and Social Care could tell us about the
cost of meeting statutory duties. The Department of Health and Social Care should commission
an independent assessment of that cost, and publish it.
"""


def test_a_recommendation_wrapped_over_lines_is_one_sentence(run):
    found = run(WRAPPED, published="2024-05").recommendations
    texts = [" ".join(r.text.split()) for r in found]
    assert texts == [
        "The Government should introduce a ring-fenced grant for prevention, paid to local "
        "authorities from April 2025, so that money for prevention cannot be absorbed by other "
        "pressures in council budgets.",
        "The Department of Health and Social Care should commission an independent assessment "
        "of that cost, and publish it."]
    assert found[0].deadline == "2025-04"
    assert found[0].actors == ["UK Government"]


def test_the_committee_asked_is_not_the_issuer_of_its_own_recommendation(run):
    text = ("The Work and Pensions Committee published its report today.\n\n"
            "The Department for Work and Pensions should publish the waiting times.")
    rec = run(text).recommendations[0]
    assert rec.issuer == "Work and Pensions Committee"


def test_a_list_ends_where_the_numbering_changes_style(run):
    text = ("The Home Office should, by March 2022, set out:\n"
            "(a) how many applicants wait more than a year;\n"
            "(b) what it will do to shorten the wait.\n"
            "4. Waiting times have doubled since 2019 and the backlog is still growing.\n")
    found = recs(run(text))
    assert [t for t, _, _ in found] == ["how many applicants wait more than a year;",
                                        "what it will do to shorten the wait."]


def test_short_one_line_paragraphs_of_a_news_page_are_not_joined(parse):
    from pipeline.extract.types import items_of

    lines = [f"Paragraph {n} of the story reports one more fact about the county's budget."
             for n in range(12)]
    text = "\n".join(lines) + "\n"
    blocks = [r for r in items_of(parse(text), "pt_regions") if r.kind != "chrome"]
    assert len(blocks) == 12
