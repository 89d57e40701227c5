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
