"""HTML: main text with its structure, metadata, honest date precision, no entity tricks."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import E, InputError
from pipeline.parse import parse_bytes
from pipeline.settings import Settings
from tests.fixtures import build

PUBLISHED_META = '<meta property="article:published_time" content="2019-07-04T08:30:00+01:00">'


def parse_page(page: str, settings: Settings, url: str | None = None):
    return parse_bytes(page.encode("utf-8"), "page.html", settings=settings, url=url)


def test_article_metadata_comes_from_the_page(files: dict[str, Path], settings: Settings) -> None:
    path = files["article_html"]
    doc = parse_bytes(path.read_bytes(), path.name, settings=settings)
    assert doc.format == "html"
    assert doc.title == "Councils warn of widening gap in children's services"
    assert doc.publisher == "Care Policy Weekly"
    assert doc.author == "Sam Fielding"
    assert (doc.published, doc.published_precision) == ("2019-07-04", "day")


def test_main_text_keeps_blocks_apart_and_drops_navigation(
    files: dict[str, Path], settings: Settings
) -> None:
    path = files["article_html"]
    doc = parse_bytes(path.read_bytes(), path.name, settings=settings)
    paragraphs = doc.text.split("\n\n")
    assert build.ARTICLE_PARAGRAPHS[0] in paragraphs
    assert "## Demand keeps rising" in paragraphs
    assert "- More children entering care each year\n- Fewer foster carers available" in paragraphs
    assert "Jobs" not in doc.text
    assert "newsletter" not in doc.text


def test_page_without_article_text_is_e006(files: dict[str, Path], settings: Settings) -> None:
    path = files["no_article_html"]
    with pytest.raises(InputError) as caught:
        parse_bytes(path.read_bytes(), path.name, settings=settings)
    assert caught.value.code is E.E006


def test_text_shorter_than_the_minimum_is_e006() -> None:
    strict = Settings(min_text_chars=5_000)
    with pytest.raises(InputError) as caught:
        parse_page(build.article_html(), strict)
    assert caught.value.code is E.E006


def test_month_only_date_is_not_claimed_as_a_day(settings: Settings) -> None:
    # htmldate fills the missing day (with today's), so this pins our own judgement.
    page = build.article_html(**{PUBLISHED_META: '<meta name="date" content="2019-07">'})
    doc = parse_page(page, settings)
    assert (doc.published, doc.published_precision) == ("2019-07", "month")


def test_first_of_the_month_written_out_is_a_day(settings: Settings) -> None:
    page = build.article_html(**{PUBLISHED_META: "", "By Sam Fielding": "Date: 01/07/2019"})
    doc = parse_page(page, settings)
    assert (doc.published, doc.published_precision) == ("2019-07-01", "day")


def test_year_given_as_the_date_is_year_precision(settings: Settings) -> None:
    page = build.article_html(
        **{PUBLISHED_META: '<meta name="date" content="2018">', "since 2015": "for years"}
    )
    doc = parse_page(page, settings)
    assert (doc.published, doc.published_precision) == ("2018", "year")


def test_a_year_mentioned_in_passing_is_no_publication_date(settings: Settings) -> None:
    doc = parse_page(build.article_html(**{PUBLISHED_META: ""}), settings)
    assert doc.published is None
    assert any("only the year 2015" in note for note in doc.notes)


def test_declared_charset_decodes_a_legacy_page(settings: Settings) -> None:
    page = build.article_html(**{'charset="utf-8"': 'charset="windows-1252"'})
    page = page.replace("Sam Fielding", "Zo\u00eb Fielding")
    doc = parse_bytes(page.encode("cp1252"), "legacy.htm", settings=settings)
    assert doc.author == "Zo\u00eb Fielding"
    assert doc.encoding == "cp1252"


def test_billion_laughs_expands_nothing(files: dict[str, Path], settings: Settings) -> None:
    path = files["billion_laughs_xhtml"]
    doc = parse_bytes(path.read_bytes(), path.name, settings=settings)
    assert "lollol" not in doc.text
    assert len(doc.text) < 2_000
    assert build.ARTICLE_PARAGRAPHS[0] in doc.text


def test_external_entities_are_not_resolved(files: dict[str, Path], settings: Settings) -> None:
    path = files["xxe_html"]
    doc = parse_bytes(path.read_bytes(), path.name, settings=settings)
    passwd = Path("/etc/passwd").read_text(errors="replace").split("\n")[0]
    assert "root:" not in doc.text
    assert passwd not in doc.text
    assert "&secret;" in doc.text  # left as the literal characters the page contains
    assert build.ARTICLE_PARAGRAPHS[1] in doc.text
