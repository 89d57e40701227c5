"""The quotes component: direct and reported claims, speakers, scare quotes, bad input."""

from __future__ import annotations

import time


def quotes(result):
    return [(q.text, q.speaker, q.direct) for q in result.quotes]


def test_quote_over_paragraphs_takes_the_speaker_of_its_lead_in(run):
    text = ("Cllr Dana Whitlow, chair of the Local Government Association's finance panel, "
            "said:\n\n"
            "\"Budgets have been squeezed for ten years and the cracks now show everywhere.\n\n"
            "\"We cannot carry on like this without help from the centre.\"\n")
    found = quotes(run(text))
    assert [s for _, s, _ in found] == ["Dana Whitlow", "Dana Whitlow"]
    assert all(direct for *_, direct in found)
    assert found[0][0].startswith("\"Budgets")


def test_closing_frame_with_pronoun_names_the_last_person(run):
    text = ("Harriet Ogundipe, director of the Family Rights Group, gave evidence.\n\n"
            "“Families are being pushed away from early support,” she added.\n")
    result = run(text)
    direct = [q for q in result.quotes if q.direct]
    assert len(direct) == 1
    assert direct[0].speaker == "Harriet Ogundipe"
    assert direct[0].org == "Family Rights Group"


def test_reported_speech_with_a_body_as_speaker(run):
    text = "In its latest report, the National Audit Office found that waiting times had doubled."
    found = quotes(run(text))
    assert found == [(text, "National Audit Office", False)]


def test_the_report_speaks_for_the_body_that_published_it(run):
    text = ("The Education Committee has published its report on school funding.\n\n"
            "The report concluded that the formula was out of date.\n")
    found = quotes(run(text))
    assert ("The report concluded that the formula was out of date.", "Education Committee",
            False) in found


def test_scare_quote_in_narrative_is_not_a_claim(run):
    text = "The so-called “family hubs” model will be rolled out to ten more areas this year."
    assert run(text).quotes == []


def test_first_person_phrase_in_narrative_is_a_claim_of_the_sentence_subject(run):
    text = ("At the launch, inspector Ruth Kavanagh welcomed the new framework, calling it “the "
            "thing I am proudest of”.")
    found = [q for q in run(text).quotes if q.direct]
    assert found and found[0].speaker == "Ruth Kavanagh"


def test_two_speakers_in_one_sentence_make_two_claims(run):
    text = ("The Local Government Association estimated a shortfall of £1bn, while the "
            "County Councils Network warned that rural areas would be hit hardest.")
    speakers = [s for _, s, _ in quotes(run(text))]
    assert speakers == ["Local Government Association", "County Councils Network"]


def test_we_and_it_are_not_speakers(run):
    text = "We believe the plan is sound. It suggests the council is on track."
    assert run(text).quotes == []


def test_unbalanced_quotation_marks_stay_linear(run):
    line = "He said \"this is a long line with an unmatched mark and more words " * 10
    small = "\n\n".join([line] * 5)
    big = "\n\n".join([line] * 40)
    run(small)  # warm-up: first calls pay for lazy initialisation
    t0 = time.perf_counter()
    run(small)
    t_small = time.perf_counter() - t0
    t0 = time.perf_counter()
    result = run(big)
    t_big = time.perf_counter() - t0
    assert result.quotes  # each paragraph's run ends at its paragraph
    assert all("\n" not in q.text for q in result.quotes)
    assert t_big < t_small * 8 * 4  # 8x the text: no worse than linear, with slack for noise


def test_transcript_turns_are_claims_of_the_labelled_speaker(run):
    text = ("Rural Bus Services\n\n"
            "Mrs Ada Penrose (Eastmoor) (Con): I beg to move that the House has considered "
            "rural buses.\n\nFour routes in my area stopped running last spring.\n\n"
            "Mr Colm Reilly (Westfield) (Lab): Will the hon. Lady give way?\n\n"
            "Mrs Penrose: I will not.\n\nQuestion put and agreed to.\n")
    found = [(q.speaker, q.text) for q in run(text).quotes]
    assert found == [
        ("Ada Penrose", "I beg to move that the House has considered rural buses."),
        ("Ada Penrose", "Four routes in my area stopped running last spring."),
        ("Colm Reilly", "Will the hon. Lady give way?"),
        ("Ada Penrose", "I will not."),
    ]
