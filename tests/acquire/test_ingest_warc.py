"""WARC captures can be ingested again without refetching: one document per response."""

from __future__ import annotations

import datetime as dt
import sqlite3

from pipeline.acquire.warc import CaptureWriter
from tests.fixtures.build import report_pdf_bytes

PAGE = (
    "<html><head><title>Care placements cost more every year</title>"
    '<meta property="og:site_name" content="Care Policy Weekly"></head><body><article>'
    + "".join(
        f"<p>Council {n} told the inquiry that the weekly cost of a residential placement had "
        f"risen for the {n}th year running, and that a few large providers set the prices.</p>"
        for n in range(4, 10)
    )
    + "</article></body></html>"
)


def test_warc_capture_ingests_each_response_with_url_and_capture_time(tmp_path, cli, db_path):
    writer = CaptureWriter(tmp_path / "captures", base_dir=tmp_path)
    when = dt.datetime(2021, 3, 4, 10, 30)
    writer.write_response(
        "https://example.org/news/placements",
        status=200,
        headers=[("Content-Type", "text/html; charset=utf-8")],
        body=PAGE.encode(),
        fetched_at=when,
    )
    writer.write_response(
        "https://example.org/report.pdf",
        status=200,
        headers=[("Content-Type", "application/pdf")],
        body=report_pdf_bytes(),
        fetched_at=when,
    )
    writer.write_response(
        "https://example.org/missing",
        status=404,
        headers=[("Content-Type", "text/html")],
        body=b"gone",
        fetched_at=when,
    )
    writer.close()
    [warc] = list((tmp_path / "captures").glob("*.warc.gz"))

    proc = cli("--db", str(db_path), "-q", "ingest", str(warc))
    assert proc.returncode == 0, proc.stderr
    con = sqlite3.connect(db_path)
    rows = con.execute(
        "SELECT url, format, fetched_at, raw_ref FROM document ORDER BY url"
    ).fetchall()
    con.close()
    assert [(u, f) for u, f, _, _ in rows] == [
        ("https://example.org/news/placements", "html"),
        ("https://example.org/report.pdf", "pdf"),
    ]
    assert all(str(t).startswith("2021-03-04 10:30") for _, _, t, _ in rows)
    assert all(ref.startswith("warc://") for _, _, _, ref in rows)

    again = cli("--db", str(db_path), "-q", "ingest", str(warc))
    assert "2 unchanged" in again.stdout
