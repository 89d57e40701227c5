"""`policytrail ingest` on bad input: one line per failure, the batch goes on, exit 2.

Each test runs the real command in a subprocess against a real SQLite file, the way a
researcher would, and checks what reached the store.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.fixtures.build import flate_bomb_pdf_bytes

ARTICLE = (
    "Council leaders warned on Tuesday that spending on children's social care had risen "
    "faster than any other service. The association said that demand for child protection "
    "work had grown every year since 2010 and that councils were being forced to cut early "
    "help to pay for statutory duties.\n\n"
)


def write_good(folder: Path, n: int = 2) -> list[Path]:
    out = []
    for i in range(n):
        p = folder / f"good{i}.txt"
        p.write_text(f"Document {i}. " + ARTICLE * 2, encoding="utf-8")
        out.append(p)
    return out


def docs_in(db: Path) -> list[tuple[str, str]]:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT source_path, text FROM document ORDER BY id").fetchall()
    finally:
        con.close()


def errors(proc) -> list[str]:
    return [ln for ln in proc.stderr.splitlines() if ln.startswith("policytrail: error:")]


def assert_one_line_failure(proc, name: str, reason: str) -> None:
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = [ln for ln in errors(proc) if name in ln]
    assert len(lines) == 1, proc.stderr
    assert reason.lower() in lines[0].lower(), lines[0]


def test_good_files_are_stored_and_exit_status_is_zero(cli, tmp_path, db_path):
    write_good(tmp_path)
    proc = cli("--db", str(db_path), "-q", "ingest", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert len(docs_in(db_path)) == 2
    again = cli("--db", str(db_path), "-q", "ingest", str(tmp_path))
    assert again.returncode == 0
    assert "2 unchanged" in again.stdout


def test_missing_path_fails_alone(cli, tmp_path, db_path):
    write_good(tmp_path)
    proc = cli("--db", str(db_path), "-q", "ingest", str(tmp_path / "nope.txt"), str(tmp_path))
    assert_one_line_failure(proc, "nope.txt", "no such file")
    assert len(docs_in(db_path)) == 2


def test_directory_without_supported_files_fails(cli, tmp_path, db_path):
    empty = tmp_path / "images"
    empty.mkdir()
    (empty / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    proc = cli("--db", str(db_path), "-q", "ingest", str(empty))
    assert_one_line_failure(proc, "images", "no supported files")


def test_empty_file_fails_and_stores_nothing(cli, tmp_path, db_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    write_good(tmp_path, 1)
    proc = cli("--db", str(db_path), "-q", "ingest", str(tmp_path))
    assert_one_line_failure(proc, "empty.txt", "empty file")
    assert [Path(p).name for p, _ in docs_in(db_path)] == ["good0.txt"]


def test_binary_data_named_txt_fails(cli, tmp_path, db_path):
    (tmp_path / "blob.txt").write_bytes(bytes(range(256)) * 64)
    proc = cli("--db", str(db_path), "-q", "ingest", str(tmp_path / "blob.txt"))
    assert_one_line_failure(proc, "blob.txt", "binary")
    assert docs_in(db_path) == []


def test_non_utf8_text_is_decoded_and_the_encoding_reported(cli, tmp_path, db_path):
    text = "The council said it had spent £2.5m on agency social workers – “a crisis”.\n" * 5
    (tmp_path / "legacy.txt").write_bytes(text.encode("cp1252"))
    proc = cli("--db", str(db_path), "-q", "ingest", str(tmp_path / "legacy.txt"))
    assert proc.returncode == 0, proc.stderr
    assert "cp1252" in proc.stderr.lower() or "windows-1252" in proc.stderr.lower()
    [(_, stored)] = docs_in(db_path)
    assert "£2.5m" in stored and "“a crisis”" in stored


def test_oversized_html_is_refused_by_the_size_cap(cli, tmp_path, db_path):
    big = tmp_path / "huge.html"
    para = "<p>" + "Children's services budgets are under pressure. " * 20 + "</p>\n"
    with big.open("w") as fh:
        fh.write("<html><body><article>")
        while fh.tell() < 50 * 1024 * 1024:
            fh.write(para * 100)
        fh.write("</article></body></html>")
    write_good(tmp_path, 1)
    proc = cli("--db", str(db_path), "-q", "ingest", str(tmp_path))
    assert_one_line_failure(proc, "huge.html", "size cap")
    assert len(docs_in(db_path)) == 1


def test_symlink_loop_is_reported_not_followed_forever(cli, tmp_path, db_path):
    root = tmp_path / "corpus"
    root.mkdir()
    write_good(root, 1)
    (root / "again").symlink_to(root, target_is_directory=True)
    (root / "a.txt").symlink_to(root / "b.txt")
    (root / "b.txt").symlink_to(root / "a.txt")
    proc = cli("--db", str(db_path), "-q", "ingest", str(root), timeout=60)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert any("symbolic link loop" in ln for ln in errors(proc)), proc.stderr
    assert len(docs_in(db_path)) == 1


def test_unreadable_file_fails_alone(cli, tmp_path, db_path):
    write_good(tmp_path, 1)
    secret = tmp_path / "secret.txt"
    secret.write_text(ARTICLE)
    secret.chmod(0)
    kw = {}
    if os.geteuid() == 0:  # root reads anything: drop the capabilities that let it
        if not shutil.which("setpriv"):
            pytest.skip("running as root without setpriv: cannot make a file unreadable")
        caps = "-dac_override,-dac_read_search"
        kw["wrap"] = ["setpriv", f"--inh-caps={caps}", f"--bounding-set={caps}"]
    proc = cli("--db", str(db_path), "-q", "ingest", str(tmp_path), **kw)
    assert_one_line_failure(proc, "secret.txt", "permission denied")
    assert [Path(p).name for p, _ in docs_in(db_path)] == ["good0.txt"]


def test_slow_document_hits_the_time_limit_and_the_batch_goes_on(cli, tmp_path, db_path):
    # A page big enough that extraction takes well over the (tightened) limit stands in for
    # a pathological page that would run for minutes.
    slow = tmp_path / "slow.html"
    para = "<div><p>" + "A sentence about care placements and their costs. " * 30 + "</p></div>"
    slow.write_text("<html><body><article>" + para * 6000 + "</article></body></html>")
    write_good(tmp_path, 2)
    proc = cli("--db", str(db_path), "-q", "ingest", "--timeout", "0.5", str(tmp_path))
    assert_one_line_failure(proc, "slow.html", "longer than the 0.5s limit")
    assert len(docs_in(db_path)) == 2


def test_unsupported_file_named_directly_fails(cli, tmp_path, db_path):
    (tmp_path / "sheet.xlsx").write_bytes(b"PK\x03\x04")
    proc = cli("--db", str(db_path), "-q", "ingest", str(tmp_path / "sheet.xlsx"))
    assert_one_line_failure(proc, "sheet.xlsx", "unsupported file type")


def test_globs_expand_to_matching_files(cli, tmp_path, db_path):
    write_good(tmp_path, 3)
    proc = cli("--db", str(db_path), "-q", "ingest", str(tmp_path / "good[01].txt"))
    assert proc.returncode == 0, proc.stderr
    assert len(docs_in(db_path)) == 2


@pytest.mark.parametrize("bad_date", ["2019-13", "last week"])
def test_bad_date_filter_gets_a_one_line_error(cli, db_path, bad_date):
    proc = cli("--db", str(db_path), "docs", "--since", bad_date)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "--since" in proc.stderr


def test_show_unknown_document_is_a_one_line_error(cli, db_path):
    proc = cli("--db", str(db_path), "show", "12345")
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0
    assert "no document matches" in proc.stderr


def test_document_that_balloons_hits_the_memory_limit_and_the_batch_goes_on(
    cli, tmp_path, db_path
):
    # 60 MB of page content compressed into a few kB: under pypdf's own decompression
    # guard, so only the worker's address-space cap (tightened here) stops it. The same
    # file under the default cap parses (and is refused for another reason: no text).
    (tmp_path / "inflates.pdf").write_bytes(flate_bomb_pdf_bytes(megabytes=60, layers=1))
    write_good(tmp_path, 2)
    proc = cli("--db", str(db_path), "-q", "ingest", "--max-memory", "48", str(tmp_path))
    assert_one_line_failure(proc, "inflates.pdf", "memory limit")
    assert len(docs_in(db_path)) == 2
    roomy = cli("--db", str(db_path), "-q", "ingest", str(tmp_path / "inflates.pdf"))
    assert_one_line_failure(roomy, "inflates.pdf", "needs OCR")
