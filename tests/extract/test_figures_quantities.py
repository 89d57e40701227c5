"""The text scanner behind the figures component: values, units, qualifiers and non-figures.

Sentences here are written for these tests in the style of policy documents; none is taken
from the evaluation material.
"""

from __future__ import annotations

import pytest

from pipeline.extract.quantities import Lexicon, QuantityScanner, words_to_number


@pytest.fixture(scope="module")
def scanner() -> QuantityScanner:
    return QuantityScanner(Lexicon.from_path())


def one(scanner: QuantityScanner, text: str):
    found = scanner.scan(text)
    assert len(found) == 1, [(text[q.start : q.end], q.value, q.unit) for q in found]
    q = found[0]
    return text[q.start : q.end], q


@pytest.mark.parametrize(
    ("text", "surface", "value", "unit"),
    [
        ("The trust faces a £4.3bn shortfall.", "£4.3bn", 4.3e9, "GBP"),
        ("The trust faces a shortfall of £4.3 billion.", "£4.3 billion", 4.3e9, "GBP"),
        ("Boroughs need 2.7bn pounds more.", "2.7bn pounds", 2.7e9, "GBP"),
        ("A grant of £650m was announced.", "£650m", 6.5e8, "GBP"),
        ("Fees of €12M were paid.", "€12M", 1.2e7, "EUR"),
        ("Each pupil gets 45p a day.", "45p", 0.45, "GBP"),
        ("Turnout was 61 per cent.", "61 per cent", 61, "percent"),
        ("Turnout was 61%.", "61%", 61, "percent"),
        ("Turnout was 61pc.", "61pc", 61, "percent"),
        ("Turnout fell 2.5 percentage points.", "2.5 percentage points", 2.5, "percentage points"),
        ("Seven in 10 schools agreed.", "Seven in 10", 70, "percent"),
        ("One in three carers is unpaid.", "One in three", 100 / 3, "percent"),
        ("Three-quarters of boroughs replied.", "Three-quarters", 75, "percent"),
        ("Forty-two hospitals signed up.", "Forty-two hospitals", 42, "count"),
        ("There are 81,300 pupils in the county.", "81,300 pupils", 81300, "count"),
        ("Patients waited 18 weeks for a bed.", "18 weeks", 18, "weeks"),
        ("Claims took 30 working days to settle.", "30 working days", 30, "days"),
        (
            "Exclusions reached 57 per 10,000 pupils.",
            "57 per 10,000 pupils",
            57,
            "per 10,000 pupils",
        ),
        ("Some 4.6m people were affected.", "Some 4.6m people", 4.6e6, "count"),
    ],
)
def test_reads_value_and_unit_in_base_units(scanner, text, surface, value, unit):
    found = scanner.scan(text)
    assert found, text
    q = found[0]
    # the component adds the counted noun; the scanner stops at the number
    assert surface.startswith(text[q.start : q.end])
    assert q.value == pytest.approx(value, rel=1e-6)
    assert q.unit == unit


@pytest.mark.parametrize(
    ("text", "qualifier", "surface"),
    [
        ("Nearly 40% of trusts overspent.", "approx", "Nearly 40%"),
        ("An estimated £3bn is missing.", "approx", "An estimated £3bn"),
        ("More than 6,000 pupils moved.", "more_than", "More than 6,000"),
        ("Upwards of £5m went unspent.", "more_than", "Upwards of £5m"),
        ("Fewer than 300 cases closed.", "less_than", "Fewer than 300"),
        ("Councils may borrow up to £2m.", "less_than", "up to £2m"),
        ("Rents rose 12%.", "exact", "12%"),
    ],
)
def test_qualifier_words_are_read_and_kept_in_the_span(scanner, text, qualifier, surface):
    got, q = one(scanner, text)
    assert q.qualifier == qualifier
    assert got == surface


@pytest.mark.parametrize(
    "text",
    [
        "Placements cost £820 to £4,310 a week.",
        "Placements cost from £820 to £4,310 a week.",
        "Costs ranged from £820 to £4,310 a week.",
    ],
)
def test_money_range_keeps_both_ends(scanner, text):
    got, q = one(scanner, text)
    assert (q.value, q.value_high, q.unit) == (820, 4310, "GBP")


def test_between_range_takes_the_unit_of_its_second_end(scanner):
    got, q = one(scanner, "Between 20 and 35 per cent of bids failed.")
    assert (q.value, q.value_high, q.unit) == (20, 35, "percent")
    assert got.lower().startswith("between")


def test_range_with_one_scale_word_scales_both_ends(scanner):
    _, q = one(scanner, "The gap is £4-6bn.")
    assert (q.value, q.value_high) == (4e9, 6e9)


def test_rise_from_one_level_to_another_is_two_figures_not_a_range(scanner):
    text = "Referrals rose from 14,200 to more than 19,000 in five years."
    found = scanner.scan(text)
    assert [(q.value, q.qualifier, q.value_high) for q in found] == [
        (14200, "exact", None),
        (19000, "more_than", None),
    ]


def test_change_words_mark_a_change(scanner):
    assert one(scanner, "Fees were up 9% on the year.")[1].is_change
    assert one(scanner, "It was a 37 per cent rise.")[1].is_change
    assert not one(scanner, "It was 37 per cent of the total.")[1].is_change


@pytest.mark.parametrize(
    "text",
    [
        "The plan was agreed in 2016 and revised in 2019.",
        "Budgets for 2018-19 and 2019/20 were set.",
        "See paragraph 4.12 and Table 3 of HC 902.",
        "Call 020 7946 0321 before 5.30pm on 14 June.",
        "The under-fives scheme and the over-75s.",
        "Young people aged 16 to 24 can apply.",
        "It rose over the past three years and will again within six months.",
        "The two bodies met. One council objected.",
        "Section 47 enquiries and Covid-19 support.",
        "ISBN 978-1-2345-6789-0, SFR 14/2018 and 24/7 cover.",
        "  3. The Department should act.\n4.2 The board agreed.",
        "Introduction 5\nFindings 12\n",
    ],
)
def test_dates_references_codes_ages_and_periods_are_not_quantities(scanner, text):
    assert [text[q.start : q.end] for q in scanner.scan(text)] == []


def test_bare_number_after_a_chrome_span_is_skipped_when_protected(scanner):
    text = "Cookies 4 you. Councils spent £3m."
    found = scanner.scan(text, protected=[(0, 14)])
    assert [text[q.start : q.end] for q in found] == ["£3m"]


def test_words_to_number_joins_tens_and_units_and_stops_at_a_bare_and():
    nw = Lexicon.from_path().number_words
    scales = Lexicon.from_path().scales
    assert words_to_number(["a", "hundred", "and", "six"], nw, scales) == (106, 4)
    assert words_to_number(["twenty", "three"], nw, scales) == (23, 2)
    assert words_to_number(["two", "and", "three"], nw, scales) == (2, 1)


def test_float_noise_is_removed_from_values(scanner):
    _, q = one(scanner, "About 4.1m homes.")
    assert q.value == 4_100_000
