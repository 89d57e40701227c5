"""What every parser returns: clean text plus the metadata a researcher filters on."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

KINDS = ("news", "press release", "report", "blog", "response", "debate")
PRECISIONS = ("day", "month", "year")


@dataclass
class ParsedDocument:
    """A parsed input. ``text`` is the exact string every stored offset refers to."""

    text: str
    format: str  # html | pdf | text | markdown | warc
    title: str | None = None
    publisher: str | None = None
    author: str | None = None
    published: str | None = None  # ISO date cut to its precision: 2019 | 2019-07 | 2019-07-04
    published_precision: str | None = None  # day | month | year
    kind: str | None = None  # one of KINDS
    url: str | None = None
    fetched_at: str | None = None  # ISO timestamp, for crawled captures
    encoding: str | None = None  # the encoding used when the input was not UTF-8
    page_starts: list[int] | None = None  # PDF: offset in `text` where each page starts
    notes: list[str] = field(default_factory=list)  # things worth telling the user
    extra: dict[str, object] = field(default_factory=dict)

    def page_of(self, offset: int) -> int | None:
        """1-based page number holding character ``offset``, for PDFs."""
        return page_of(self.page_starts, offset)


def page_of(page_starts: list[int] | None, offset: int) -> int | None:
    """1-based page that holds ``offset`` given each page's start offset."""
    if not page_starts:
        return None
    return max(1, bisect.bisect_right(page_starts, offset))
