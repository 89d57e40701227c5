"""How precise a found date really is.

htmldate always answers with a full ``YYYY-MM-DD``, filling what the page does not say: a
page that only says "2019-07" can come back as 2019-07-26 (today's day of the month), and a
copyright year as 2019-01-01. To avoid claiming a day nobody wrote, we look for the date in
the page itself and keep only as much of it as the page shows.
"""

from __future__ import annotations

import datetime as dt
import re

MONTH_NAMES = (
    ("january", "jan"),
    ("february", "feb"),
    ("march", "mar"),
    ("april", "apr"),
    ("may",),
    ("june", "jun"),
    ("july", "jul"),
    ("august", "aug"),
    ("september", "sept", "sep"),
    ("october", "oct"),
    ("november", "nov"),
    ("december", "dec"),
)


def _month_word(month: int) -> str:
    return "(?:" + "|".join(MONTH_NAMES[month - 1]) + r")\.?"


def day_patterns(day: dt.date) -> list[re.Pattern[str]]:
    """Ways a page writes this exact day: ISO, slashed, dotted, '4 July 2019', 'July 4, 2019'."""
    y, m, d = day.year, day.month, day.day
    month = _month_word(m)
    dd = f"0?{d}"
    mm = f"0?{m}"
    ordinal = r"(?:st|nd|rd|th)?"
    texts = [
        rf"{y}[-/._]{mm}[-/._]{dd}(?!\d)",
        rf"{y}{m:02d}{d:02d}(?!\d)",
        rf"(?<!\d){dd}[-/.]{mm}[-/.](?:{y}|{y % 100:02d}(?!\d))",
        rf"(?<!\d){mm}[-/.]{dd}[-/.]{y}",
        rf"(?<!\d){dd}{ordinal}\s+(?:of\s+)?{month}\s*,?\s*{y}",
        rf"{month}\s+{dd}{ordinal}\s*,?\s*{y}",
    ]
    return [re.compile(rf"(?<![\d]){t}", re.IGNORECASE) for t in texts]


def month_patterns(day: dt.date) -> list[re.Pattern[str]]:
    """Ways a page writes this month and year: '2019-07', '2019/07', 'July 2019'."""
    y, m = day.year, day.month
    texts = [
        rf"(?<!\d){y}[-/._]0?{m}(?!\d)",
        rf"(?<!\d)0?{m}[-/.]{y}(?!\d)",
        rf"{_month_word(m)},?\s+{y}(?!\d)",
    ]
    return [re.compile(t, re.IGNORECASE) for t in texts]


def date_precision(found: str, evidence: str) -> tuple[str, str]:
    """``(iso, precision)`` for a full date ``found`` by htmldate, judged against ``evidence``.

    ``evidence`` is the page source (and URL). The day counts only if the page writes that
    day; else the month counts when written; else only the year is known.
    """
    day = dt.date.fromisoformat(found[:10])
    if any(p.search(evidence) for p in day_patterns(day)):
        return day.isoformat(), "day"
    if any(p.search(evidence) for p in month_patterns(day)):
        return f"{day.year:04d}-{day.month:02d}", "month"
    return f"{day.year:04d}", "year"


def year_is_declared(year: str, markup: str, url: str | None) -> bool:
    """Whether a bare year is given as a date: a URL path segment (``/2019/``) or a whole
    attribute value (``content="2019"``), rather than a year mentioned in passing."""
    if url and re.search(rf"/{year}(?:/|$)", url):
        return True
    return re.search(rf"""=\s*["']?{year}["'\s>]""", markup) is not None
