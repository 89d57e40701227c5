"""Date precision: claim no more of a date than the page itself writes."""

from __future__ import annotations

import pytest

from pipeline.parse.dates import date_precision, year_is_declared


@pytest.mark.parametrize(
    ("evidence", "expected"),
    [
        ('<meta content="2019-07-04T10:00">', ("2019-07-04", "day")),
        ("Published 4 July 2019", ("2019-07-04", "day")),
        ("Published 4th Jul. 2019", ("2019-07-04", "day")),
        ("July 4, 2019", ("2019-07-04", "day")),
        ("04/07/2019", ("2019-07-04", "day")),
        ("https://example.org/2019/07/04/story", ("2019-07-04", "day")),
        ('<meta content="2019-07">', ("2019-07", "month")),
        ("Published July 2019", ("2019-07", "month")),
        ("Copyright 2019", ("2019", "year")),
        ("2019-07-14 and July 14, 2019", ("2019-07", "month")),
    ],
)
def test_precision_follows_what_the_page_writes(evidence: str, expected: tuple[str, str]) -> None:
    assert date_precision("2019-07-04", evidence) == expected


def test_neighbouring_days_are_not_evidence() -> None:
    assert date_precision("2019-07-01", "2019-07-10 and 2019-07-011") == ("2019-07", "month")


@pytest.mark.parametrize(
    ("markup", "url", "declared"),
    [
        ('<meta name="date" content="2018">', None, True),
        ("<p>Figures since 2018</p>", "https://example.org/2018/x", True),
        ("<p>Figures since 2018</p>", None, False),
        ("<p>Copyright 2018</p>", "https://example.org/x-2018", False),
    ],
)
def test_a_bare_year_counts_only_when_given_as_a_date(
    markup: str, url: str | None, declared: bool
) -> None:
    assert year_is_declared("2018", markup, url) is declared
