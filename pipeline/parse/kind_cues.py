"""Cue words for the first guess at a document's kind, kept apart from the code that uses them.

Each kind has cues looked for in the title (and publisher) and cues looked for in the URL.
Kinds are tried in ``KIND_ORDER``: the more specific ones first, because a government
response usually quotes the report it answers, and a press release often mentions a report.
Cues are lower case; title cues match whole words, URL cues match anywhere in the URL.
"""

from __future__ import annotations

KIND_ORDER = ("debate", "response", "press release", "blog", "report", "news")

TITLE_CUES: dict[str, tuple[str, ...]] = {
    "debate": (
        "hansard",
        "debate",
        "debated",
        "westminster hall",
        "oral evidence",
        "oral answers",
        "second reading",
        "committee stage",
    ),
    "response": (
        "government response",
        "response to the",
        "responds to the committee",
        "treasury minute",
        "reply to the",
    ),
    "press release": (
        "press release",
        "media release",
        "news release",
        "press statement",
        "statement from",
        "responds to",
        "reacts to",
        "welcomes",
        "comments on",
    ),
    "blog": ("blog", "opinion", "comment:", "viewpoint", "guest post"),
    "report": (
        "report",
        "inquiry",
        "review of",
        "evaluation",
        "audit",
        "investigation into",
        "session 20",
        "briefing paper",
        "research paper",
    ),
    "news": ("news",),
}

URL_CUES: dict[str, tuple[str, ...]] = {
    "debate": (
        "hansard.parliament.uk",
        "/debates/",
        "/debate/",
        "publications.parliament.uk/pa/cm/cmhansrd",
    ),
    "response": ("government-response", "/responses/", "response-to-"),
    "press release": (
        "/press-releases/",
        "/press-release/",
        "/media-releases/",
        "/news/",
        "/media-centre/",
    ),
    "blog": ("/blog/", "/blogs/", "blog.", "/opinion/", "/comment/"),
    "report": ("/reports/", "/report/", "/inquiries/", "/publications/", "/research/", ".pdf"),
    "news": ("/article/", "/articles/", "/story/"),
}

# House of Commons paper numbers ("HC 1234", "HC 2017-19 1638"): the mark of a report.
HC_NUMBER_PATTERN = r"\bhc\s+(?:\d{4}[-–]\d{2}\s+)?\d{1,4}\b"

# When no cue matches, the format is a weak hint: a PDF is most often a report, an HTML
# page from a news site most often news. Text files get no default.
FORMAT_DEFAULTS: dict[str, str] = {"pdf": "report", "html": "news"}
