"""The first kind guess: title cues, then URL cues, then the format's default."""

from __future__ import annotations

import pytest

from pipeline.parse import kind_cues
from pipeline.parse.kind import guess_kind
from pipeline.parse.model import KINDS


@pytest.mark.parametrize(
    ("title", "url", "kind"),
    [
        ("Children's social care: Westminster Hall debate", None, "debate"),
        ("Hansard: funding of children's services", None, "debate"),
        ("Government response to the Committee's report on care", None, "response"),
        ("Response to the Public Accounts Committee", None, "response"),
        ("Press release: councils call for funding", None, "press release"),
        ("Sector body responds to spending review", None, "press release"),
        ("Why early help matters: a blog", None, "blog"),
        ("Pressures on children's social care", "https://example.org/blog/pressures", "blog"),
        ("Inquiry into children's homes", None, "report"),
        ("Funding of children's services, HC 1638", None, "report"),
        ("Councils call for funding", "https://example.org/news/councils-call", "press release"),
        ("Councils call for funding", "https://example.org/press-releases/x", "press release"),
        ("Placement costs", "https://example.org/government-response-placements", "response"),
    ],
)
def test_cues_decide_the_kind(title: str, url: str | None, kind: str) -> None:
    assert guess_kind(title=title, url=url)[0] == kind


def test_title_cue_beats_url_cue() -> None:
    kind, cue = guess_kind(title="Government response to the inquiry", url="https://x.org/news/1")
    assert kind == "response"
    assert cue == "title: government response"


def test_cues_match_whole_words_only() -> None:
    assert guess_kind(title="Reporting placements")[0] is None
    assert guess_kind(title="Debates aside")[0] is None


def test_format_default_applies_only_without_cues() -> None:
    assert guess_kind(title="Placement costs", fmt="pdf") == ("report", "format: pdf")
    assert guess_kind(title="Placement costs", fmt="html") == ("news", "format: html")
    assert guess_kind(title="Placement costs", fmt="text") == (None, None)


def test_cue_tables_cover_exactly_the_known_kinds() -> None:
    assert set(kind_cues.KIND_ORDER) == set(KINDS)
    assert set(kind_cues.TITLE_CUES) <= set(KINDS)
    assert set(kind_cues.URL_CUES) <= set(KINDS)
