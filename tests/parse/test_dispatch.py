"""parse_bytes picks the parser by suffix and reports every failure as one catalogued line."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import E, InputError
from pipeline.parse import SUPPORTED_SUFFIXES, format_of, parse_bytes
from pipeline.settings import Settings


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("a.html", "html"),
        ("a.HTM", "html"),
        ("page.xhtml", "html"),
        ("r.PDF", "pdf"),
        ("n.txt", "text"),
        ("n.text", "text"),
        ("m.md", "markdown"),
        ("m.markdown", "markdown"),
        ("dir.v2/notes.txt", "text"),
    ],
)
def test_format_follows_suffix_case_insensitively(name: str, fmt: str) -> None:
    assert format_of(name) == fmt


def test_supported_suffixes_are_exactly_the_dispatch_table() -> None:
    assert set(SUPPORTED_SUFFIXES) == {
        ".html",
        ".htm",
        ".xhtml",
        ".pdf",
        ".txt",
        ".text",
        ".md",
        ".markdown",
    }


@pytest.mark.parametrize("name", ["slides.pptx", "README", "archive.tar.gz"])
def test_unsupported_suffix_is_e015_naming_it(name: str, settings: Settings) -> None:
    with pytest.raises(InputError) as caught:
        parse_bytes(b"hello", name, settings=settings)
    assert caught.value.code is E.E015
    assert repr(Path(name).suffix or name) in caught.value.message


@pytest.mark.parametrize(
    ("fixture", "code"),
    [
        ("empty", E.E003),
        ("binary_txt", E.E004),
        ("no_article_html", E.E006),
        ("encrypted_pdf", E.E007),
        ("truncated_pdf", E.E008),
        ("image_only_pdf", E.E009),
        ("flate_bomb_pdf", E.E020),
    ],
)
def test_bad_input_gives_its_code_in_one_line(
    files: dict[str, Path], settings: Settings, fixture: str, code: E
) -> None:
    path = files[fixture]
    with pytest.raises(InputError) as caught:
        parse_bytes(path.read_bytes(), path.name, settings=settings)
    assert caught.value.code is code
    assert "\n" not in str(caught.value)
    assert str(caught.value).startswith(f"[{code.name}] ")


def test_blank_markdown_after_front_matter_is_e018(settings: Settings) -> None:
    with pytest.raises(InputError) as caught:
        parse_bytes(b"---\ntitle: Only metadata\n---\n\n  \n", "x.md", settings=settings)
    assert caught.value.code is E.E018


def test_url_argument_is_kept_on_the_document(settings: Settings) -> None:
    doc = parse_bytes(b"Some notes.\n", "n.txt", settings=settings, url="https://example.org/n")
    assert doc.url == "https://example.org/n"


def test_text_instead_of_bytes_is_a_programming_error(settings: Settings) -> None:
    with pytest.raises(TypeError):
        parse_bytes("already decoded", "n.txt", settings=settings)  # type: ignore[arg-type]
