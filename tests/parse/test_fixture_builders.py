"""The fixture builders keep producing what other tests (ingest, benchmarks) rely on."""

from __future__ import annotations

import time
import zlib
from pathlib import Path

from tests.fixtures import build


def test_huge_html_is_50_mb_and_fast_to_write(tmp_path: Path) -> None:
    started = time.monotonic()
    path = build.write_huge_html(tmp_path)
    assert time.monotonic() - started < 5
    assert 49_000_000 < path.stat().st_size <= 50_000_000
    assert path.read_bytes().rstrip().endswith(b"</html>")


def test_billion_laughs_nests_ten_levels_of_entities() -> None:
    page = build.billion_laughs_xhtml()
    assert page.count("<!ENTITY") == 10
    assert '<!ENTITY lol9 "&lol8;&lol8;' in page
    assert "&lol9;" in page


def test_xxe_page_declares_a_file_entity() -> None:
    assert 'SYSTEM "file:///etc/passwd"' in build.xxe_html()


def test_flate_bomb_is_small_on_disk_but_expands_hugely() -> None:
    data = build.flate_bomb_pdf_bytes(megabytes=20)
    start = data.index(b"stream\n") + len(b"stream\n")
    end = data.index(b"\nendstream")
    inner = zlib.decompress(data[start:end])
    assert len(data) < 2_000
    assert len(zlib.decompress(inner)) == 20_000_000


def test_cp1252_fixture_is_not_utf8(files: dict[str, Path]) -> None:
    raw = files["cp1252_text"].read_bytes()
    assert b"\xa3" in raw and b"\x93" in raw  # pound sign and left curly quote in cp1252
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return
    raise AssertionError("the cp1252 fixture decodes as UTF-8")


def test_write_all_writes_every_builder(tmp_path: Path) -> None:
    names = set(build.ALL_WRITERS) - {"huge_html", "flate_bomb_pdf"}
    for name in names:
        assert build.ALL_WRITERS[name](tmp_path).is_file()
