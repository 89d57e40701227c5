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


_MONTH_NUMBER = {name: i for i, names in enumerate(MONTH_NAMES, 1) for name in names}
_MONTH = "(?P<mon>" + "|".join(sorted(_MONTH_NUMBER, key=len, reverse=True)) + r")\.?"
_ORD = r"(?:st|nd|rd|th)?"

# Every way a page writes a day or a month, compiled once. Each page is scanned once for all
# of them (recompiling patterns for each page's date cost more than the extraction itself).
_DAY_FORMS = [
    re.compile(r"(?<!\d)(?P<y>\d{4})[-/._](?P<m>\d{1,2})[-/._](?P<d>\d{1,2})(?!\d)"),
    re.compile(r"(?<!\d)(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})(?!\d)"),
    re.compile(r"(?<!\d)(?P<d>\d{1,2})[-/.](?P<m>\d{1,2})[-/.](?P<y>\d{4}|\d{2})(?!\d)"),
    re.compile(r"(?<!\d)(?P<m>\d{1,2})[-/.](?P<d>\d{1,2})[-/.](?P<y>\d{4})(?!\d)"),
    re.compile(rf"(?<!\d)(?P<d>\d{{1,2}}){_ORD}\s+(?:of\s+)?{_MONTH}\s*,?\s*(?P<y>\d{{4}})",
               re.IGNORECASE),
    re.compile(rf"\b{_MONTH}\s+(?P<d>\d{{1,2}}){_ORD}\s*,?\s*(?P<y>\d{{4}})", re.IGNORECASE),
]
_MONTH_FORMS = [
    re.compile(r"(?<!\d)(?P<y>\d{4})[-/._](?P<m>\d{1,2})(?!\d)"),
    re.compile(r"(?<!\d)(?P<m>\d{1,2})[-/.](?P<y>\d{4})(?!\d)"),
    re.compile(rf"\b{_MONTH},?\s+(?P<y>\d{{4}})(?!\d)", re.IGNORECASE),
]


def _ymd(match: re.Match[str]) -> tuple[int, int, int]:
    parts = match.groupdict()
    year = int(parts["y"])
    if year < 100:
        year += 2000
    month = _MONTH_NUMBER[parts["mon"].lower()] if parts.get("mon") else int(parts["m"])
    return year, month, int(parts.get("d") or 0)


def written_dates(evidence: str) -> tuple[set[tuple[int, int, int]], set[tuple[int, int]]]:
    """The days and the months a text writes, in any common form."""
    days = {_ymd(m) for form in _DAY_FORMS for m in form.finditer(evidence)}
    months = {(y, mo) for y, mo, _ in days}
    months |= {_ymd(m)[:2] for form in _MONTH_FORMS for m in form.finditer(evidence)}
    return days, months


def near(text: str, needles: list[str], radius: int = 40) -> str:
    """The parts of ``text`` around each occurrence of a needle, joined by NULs.

    Every written form of a date holds its year, so only these windows need the (slow)
    regular expressions; NUL matches neither digits nor spaces, so no date spans two windows.
    """
    spans: list[tuple[int, int]] = []
    for needle in needles:
        i = text.find(needle)
        while i != -1:
            spans.append((max(0, i - radius), i + len(needle) + radius))
            i = text.find(needle, i + 1)
    spans.sort()
    merged: list[list[int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return "\0".join(text[a:b] for a, b in merged)


def date_precision(found: str, evidence: str) -> tuple[str, str]:
    """``(iso, precision)`` for a full date ``found`` by htmldate, judged against ``evidence``.

    ``evidence`` is the page source (and URL). The day counts only if the page writes that
    day; else the month counts when written; else only the year is known.
    """
    day = dt.date.fromisoformat(found[:10])
    yy = f"{day.year % 100:02d}"
    days, months = written_dates(
        near(evidence, [str(day.year), f"/{yy}", f"-{yy}", f".{yy}"])
    )
    if (day.year, day.month, day.day) in days:
        return day.isoformat(), "day"
    if (day.year, day.month) in months:
        return f"{day.year:04d}-{day.month:02d}", "month"
    return f"{day.year:04d}", "year"


def year_is_declared(year: str, markup: str, url: str | None) -> bool:
    """Whether a bare year is given as a date: a URL path segment (``/2019/``) or a whole
    attribute value (``content="2019"``), rather than a year mentioned in passing."""
    if url and re.search(rf"/{year}(?:/|$)", url):
        return True
    return re.search(rf"""=\s*["']?{year}["'\s>]""", markup) is not None
