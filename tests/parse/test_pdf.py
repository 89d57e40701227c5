"""PDF: page boundaries, metadata fallbacks, and every kind of unusable file as an InputError."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from pipeline.errors import E, InputError
from pipeline.parse import parse_bytes
from pipeline.parse.pdf import PAGE_SEPARATOR, join_pages
from pipeline.settings import Settings
from tests.fixtures import build


@pytest.fixture(scope="module")
def report(files: dict[str, Path], settings: Settings):
    path = files["report_pdf"]
    return parse_bytes(path.read_bytes(), path.name, settings=settings)


def test_every_page_offset_maps_to_its_page(report) -> None:
    assert len(report.page_starts) == 3
    for number, page in enumerate(build.PDF_PAGES, start=1):
        start = report.text.index(page)
        assert report.page_of(start) == number
        assert report.page_of(start + len(page) - 1) == number


def test_pages_are_joined_by_a_blank_line(report) -> None:
    assert report.text == PAGE_SEPARATOR.join(build.PDF_PAGES)
    assert report.page_starts == [0, len(build.PDF_PAGES[0]) + 2, report.text.index("Page three")]


def test_info_dictionary_gives_fallback_metadata(report) -> None:
    assert report.title == "Funding children's social care"
    assert report.author == "Committee of Example"
    assert (report.published, report.published_precision) == ("2019-03-15", "day")
    assert report.kind == "report"


def test_placeholder_metadata_is_ignored(settings: Settings) -> None:
    data = build.report_pdf_bytes(title="Microsoft Word - draft v3.docx", author="anonymous")
    doc = parse_bytes(data, "draft.pdf", settings=settings)
    assert doc.title is None
    assert doc.author is None


def test_empty_pages_keep_their_place() -> None:
    text, starts = join_pages(["one", "", "three"])
    assert text == "one\n\n\n\nthree"
    assert starts == [0, 5, 7]


def test_password_protected_pdf_is_e007(files: dict[str, Path], settings: Settings) -> None:
    path = files["encrypted_pdf"]
    with pytest.raises(InputError) as caught:
        parse_bytes(path.read_bytes(), path.name, settings=settings)
    assert caught.value.code is E.E007


def test_pdf_that_opens_with_an_empty_password_is_read(tmp_path: Path, settings: Settings) -> None:
    path = build.write_encrypted_pdf(tmp_path, user_password="")
    doc = parse_bytes(path.read_bytes(), path.name, settings=settings)
    assert build.PDF_PAGES[1] in doc.text


def test_truncated_pdf_is_e008_with_the_reason(files: dict[str, Path], settings: Settings) -> None:
    path = files["truncated_pdf"]
    with pytest.raises(InputError) as caught:
        parse_bytes(path.read_bytes(), path.name, settings=settings)
    assert caught.value.code is E.E008
    assert caught.value.fields["detail"]


@pytest.mark.parametrize("data", [b"%PDF-1.4\n", b"this is not a pdf at all", b"\x00" * 64])
def test_garbage_named_pdf_is_an_input_error(data: bytes, settings: Settings) -> None:
    with pytest.raises(InputError) as caught:
        parse_bytes(data, "junk.pdf", settings=settings)
    assert caught.value.code is E.E008


def test_image_only_pdf_needs_ocr(files: dict[str, Path], settings: Settings) -> None:
    path = files["image_only_pdf"]
    with pytest.raises(InputError) as caught:
        parse_bytes(path.read_bytes(), path.name, settings=settings)
    assert caught.value.code is E.E009
    assert "OCR" in caught.value.message


def test_circular_prev_chain_ends_with_a_note(files: dict[str, Path], settings: Settings) -> None:
    path = files["circular_prev_pdf"]
    started = time.monotonic()
    doc = parse_bytes(path.read_bytes(), path.name, settings=settings)
    assert time.monotonic() - started < 5
    assert "looping cross-reference chain" in doc.text
    assert any("Circular xref" in note for note in doc.notes)


def test_flate_bomb_stops_at_the_decompression_limit(
    files: dict[str, Path], settings: Settings
) -> None:
    path = files["flate_bomb_pdf"]
    assert path.stat().st_size < 10_000
    with pytest.raises(InputError) as caught:
        parse_bytes(path.read_bytes(), path.name, settings=settings)
    assert caught.value.code is E.E020


def test_fixture_pdfs_are_what_they_claim(files: dict[str, Path]) -> None:
    """Guards the builders: the crafted files must keep their crafted property."""
    assert PdfReader(files["encrypted_pdf"]).is_encrypted
    circular = files["circular_prev_pdf"].read_bytes()
    assert circular.count(b"/Prev") == 2
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(build.report_pdf_bytes())))
    assert len(writer.pages) == 3
