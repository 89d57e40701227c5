"""Decoding: UTF-8 first, detection otherwise (and said so), binary and empty refused."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from pipeline.errors import E, InputError
from pipeline.parse import parse_bytes
from pipeline.parse.text import decode_bytes, split_front_matter
from pipeline.settings import Settings


def test_cp1252_text_is_detected_and_reported(files: dict[str, Path], settings: Settings) -> None:
    path = files["cp1252_text"]
    doc = parse_bytes(path.read_bytes(), path.name, settings=settings)
    assert doc.encoding == "cp1252"
    assert "decoded as cp1252 (not valid UTF-8)" in doc.notes
    assert "\u00a314.2m" in doc.text
    assert "\u201cunsustainable\u201d" in doc.text
    assert "\r" not in doc.text


def test_utf8_input_reports_no_encoding() -> None:
    decoded = decode_bytes("Costs rose 5% to \u00a33bn.\n".encode())
    assert decoded.encoding is None
    assert decoded.notes == []


def test_utf8_bom_is_dropped_so_offsets_start_at_the_text() -> None:
    decoded = decode_bytes(codecs.BOM_UTF8 + b"Title\nBody\n")
    assert decoded.text == "Title\nBody\n"
    assert decoded.encoding is None


def test_utf16_with_bom_is_text_not_binary() -> None:
    decoded = decode_bytes("Children in care\n".encode("utf-16"))
    assert decoded.text == "Children in care\n"
    assert decoded.encoding == "utf-16"


def test_line_endings_become_newlines_and_nothing_else_changes() -> None:
    raw = b"  Line one\r\nLine two\rLine three\n\n\tEnd  "
    assert decode_bytes(raw).text == "  Line one\nLine two\nLine three\n\n\tEnd  "


def test_declared_charset_is_used_when_utf8_fails() -> None:
    decoded = decode_bytes("Caf\u00e9 \u00a35".encode("latin-1"), declared="iso-8859-1")
    assert decoded.text == "Caf\u00e9 \u00a35"
    assert decoded.encoding == "iso8859-1"


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  "])
def test_empty_or_blank_input_is_e003(data: bytes) -> None:
    with pytest.raises(InputError) as caught:
        decode_bytes(data)
    assert caught.value.code is E.E003


def test_binary_named_txt_is_e004_naming_nul_bytes(files: dict[str, Path]) -> None:
    with pytest.raises(InputError) as caught:
        decode_bytes(files["binary_txt"].read_bytes())
    assert caught.value.code is E.E004
    assert "NUL byte" in caught.value.message


@pytest.mark.parametrize(
    ("data", "found"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"x" * 100, "PNG image"),
        (b"PK\x03\x04" + b"x" * 100, "ZIP archive"),
        (b"%PDF-1.7\n" + b"x" * 100, "PDF file"),
    ],
)
def test_known_binary_formats_are_named(data: bytes, found: str) -> None:
    with pytest.raises(InputError) as caught:
        decode_bytes(data)
    assert found in caught.value.message


def test_many_control_characters_are_binary() -> None:
    with pytest.raises(InputError) as caught:
        decode_bytes(b"ab\x01\x02\x03\x04\x05cd" * 50)
    assert caught.value.code is E.E004
    assert "control characters" in caught.value.message


def test_yaml_front_matter_is_split_off() -> None:
    syntax, front, rest = split_front_matter("---\ntitle: A\n---\n# Heading\nText\n")
    assert (syntax, front, rest) == ("yaml", "title: A", "# Heading\nText\n")


def test_text_without_front_matter_is_unchanged() -> None:
    assert split_front_matter("# Heading\n---\n") == (None, "", "# Heading\n---\n")


def test_text_title_is_its_first_line(settings: Settings) -> None:
    doc = parse_bytes(b"\n\nCare review update\nBody text.\n", "u.txt", settings=settings)
    assert doc.title == "Care review update"
    assert doc.text == "\n\nCare review update\nBody text.\n"


def test_near_tie_between_code_pages_goes_to_cp1252() -> None:
    # charset-normalizer ranks cp1250 first here, which would turn the pound sign into "Ł".
    line = "The trust spent \u00a32.1m on locum staff \u2013 \u201ca last resort\u201d.\n"
    decoded = decode_bytes((line * 5).encode("cp1252"))
    assert decoded.encoding == "cp1252"
    assert decoded.text == line * 5


def test_clearly_central_european_text_stays_cp1250() -> None:
    line = (
        "Za\u017c\u00f3\u0142\u0107 g\u0119\u015bl\u0105 ja\u017a\u0144. \u0141\u00f3d\u017a "
        "jest du\u017cym miastem w Polsce, gdzie mieszka wielu ludzi.\n"
    )
    decoded = decode_bytes((line * 3).encode("cp1250"))
    assert decoded.encoding == "cp1250"
    assert decoded.text == line * 3
