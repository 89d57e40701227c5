"""A first guess at a document's kind (news, press release, report, ...) from its metadata.

The guess is a starting point for filters, not a verdict: the cue that decided it is kept in
``extra["kind_cue"]`` so a researcher can see why, and a sidecar can always override it.
Title cues are read before URL cues because a title says what a document is, while a URL
often only says where a site files it.
"""

from __future__ import annotations

import re
from functools import cache

from pipeline.parse import kind_cues


@cache
def _title_patterns() -> dict[str, re.Pattern[str]]:
    patterns = {}
    for kind in kind_cues.KIND_ORDER:
        words = [re.escape(cue) for cue in kind_cues.TITLE_CUES.get(kind, ())]
        if kind == "report":
            words.append(kind_cues.HC_NUMBER_PATTERN)
        patterns[kind] = re.compile(r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)", re.IGNORECASE)
    return patterns


def guess_kind(
    *,
    title: str | None = None,
    url: str | None = None,
    publisher: str | None = None,
    fmt: str | None = None,
) -> tuple[str | None, str | None]:
    """``(kind, cue)``: the first kind whose cue appears in the title or publisher, else in
    the URL, else the format's default; ``(None, None)`` when nothing hints at one."""
    heading = " ".join(part for part in (title, publisher) if part)
    if heading:
        for kind, pattern in _title_patterns().items():
            match = pattern.search(heading)
            if match:
                return kind, f"title: {match.group(0).lower()}"
    if url:
        lowered = url.lower()
        for kind in kind_cues.KIND_ORDER:
            for cue in kind_cues.URL_CUES.get(kind, ()):
                if cue in lowered:
                    return kind, f"url: {cue}"
    default = kind_cues.FORMAT_DEFAULTS.get(fmt or "")
    if default:
        return default, f"format: {fmt}"
    return None, None
