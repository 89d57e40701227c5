"""Sidecars and front matter: a researcher's corrections win, and bad ones are refused clearly."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import E, InputError
from pipeline.parse import parse_bytes
from pipeline.parse.meta import MetadataError, parse_published, sidecar_name
from pipeline.settings import Settings

SIDECAR = b"""
title = "Corrected title"
publisher = "Association of Examples"
published = "2018-11"
kind = "Press release"
url = "https://example.org/press/corrected"
"""


def test_sidecar_overrides_what_the_page_says(files: dict[str, Path], settings: Settings) -> None:
    path = files["article_html"]
    doc = parse_bytes(path.read_bytes(), path.name, settings=settings, sidecar=SIDECAR)
    assert doc.title == "Corrected title"
    assert doc.publisher == "Association of Examples"
    assert (doc.published, doc.published_precision) == ("2018-11", "month")
    assert doc.kind == "press release"
    assert doc.url == "https://example.org/press/corrected"
    assert doc.author == "Sam Fielding"  # not in the sidecar, so the page's value stays
    assert doc.extra["overridden"]["title"] == "sidecar"


def test_sidecar_date_can_be_a_toml_date(settings: Settings) -> None:
    doc = parse_bytes(b"Notes.\n", "n.txt", settings=settings, sidecar=b"published = 2017-03-09")
    assert (doc.published, doc.published_precision) == ("2017-03-09", "day")


@pytest.mark.parametrize(
    ("sidecar", "reason"),
    [
        (b"title = ", "Invalid"),
        (b'pubished = "2019"', "unknown key pubished"),
        (b'published = "July 2019"', "YYYY, YYYY-MM or YYYY-MM-DD"),
        (b'published = "2019-02-30"', "not a real date"),
        (b'kind = "podcast"', "kind must be one of"),
        (b"title = 42", "title must be a non-empty string"),
        (b"\xff\xfe\x00", "not UTF-8"),
    ],
)
def test_invalid_sidecar_is_e017_naming_file_and_reason(
    sidecar: bytes, reason: str, settings: Settings
) -> None:
    with pytest.raises(InputError) as caught:
        parse_bytes(b"Notes.\n", "notes.txt", settings=settings, sidecar=sidecar)
    assert caught.value.code is E.E017
    assert "notes.txt.meta.toml" in caught.value.message
    assert reason.lower() in caught.value.message.lower()
    assert "\n" not in caught.value.message


def test_sidecar_name_keeps_the_full_file_name() -> None:
    assert sidecar_name("report.pdf") == "report.pdf.meta.toml"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2019", ("2019", "year")), ("2019-07", ("2019-07", "month")), (2019, ("2019", "year"))],
)
def test_partial_dates_carry_their_precision(value: object, expected: tuple[str, str]) -> None:
    assert parse_published(value) == expected


@pytest.mark.parametrize("value", ["2019-13", "19-07-04", "", True, 3.5])
def test_malformed_dates_are_refused(value: object) -> None:
    with pytest.raises(MetadataError):
        parse_published(value)


def test_yaml_front_matter_becomes_metadata_and_leaves_the_text(settings: Settings) -> None:
    data = (
        b"---\ntitle: Funding review\npublisher: Example Trust\npublished: 2021-05-12\n"
        b"tags: [care]\n---\n# Heading in the body\n\nBody text.\n"
    )
    doc = parse_bytes(data, "review.md", settings=settings)
    assert doc.format == "markdown"
    assert doc.text == "# Heading in the body\n\nBody text.\n"
    assert (doc.title, doc.publisher) == ("Funding review", "Example Trust")
    assert (doc.published, doc.published_precision) == ("2021-05-12", "day")
    assert doc.extra["overridden"]["title"] == "front matter"


def test_toml_front_matter_is_read_too(settings: Settings) -> None:
    data = b'+++\ntitle = "Blog about placements"\npublished = "2020"\n+++\nText here.\n'
    doc = parse_bytes(data, "post.markdown", settings=settings)
    assert doc.title == "Blog about placements"
    assert (doc.published, doc.published_precision) == ("2020", "year")
    assert doc.kind == "blog"


def test_sidecar_beats_front_matter(settings: Settings) -> None:
    data = b"---\ntitle: From front matter\n---\nText.\n"
    doc = parse_bytes(data, "a.md", settings=settings, sidecar=b'title = "From sidecar"')
    assert doc.title == "From sidecar"


def test_broken_front_matter_is_e017(settings: Settings) -> None:
    with pytest.raises(InputError) as caught:
        parse_bytes(b"---\ntitle: [unclosed\n---\nText.\n", "a.md", settings=settings)
    assert caught.value.code is E.E017
    assert "front matter of a.md" in caught.value.message


def test_markdown_title_falls_back_to_the_first_heading(settings: Settings) -> None:
    doc = parse_bytes(b"# Placement costs\n\nText.\n", "a.md", settings=settings)
    assert doc.title == "Placement costs"
