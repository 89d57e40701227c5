"""One real crawl of the misbehaving fixture site, then one test per behaviour.

The crawl runs once per module (a real child process, real HTTP on 127.0.0.1, a real
SQLite store); each test reads the server's request log or the store.
"""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest

from pipeline.acquire.crawl import run_crawl
from pipeline.acquire.warc import iter_warc_records, read_capture
from tests.crawl.conftest import fast_settings, rows, states
from tests.crawl.site import Site


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory):
    site = Site(crawl_delay=0.1).start()
    db = tmp_path_factory.mktemp("crawl") / "store.db"
    try:
        summary = run_crawl(
            db,
            [site.url("/")],
            settings=fast_settings(),
            delay=0.0,
            allow_private=True,
            quiet=True,
        )
        yield site, db, summary
    finally:
        site.stop()


def test_crawl_finishes_with_nothing_left_queued(crawled):
    _, db, summary = crawled
    assert summary.stop_reason == "finished"
    assert summary.queued_left == 0
    assert rows(db, "select count(*) from crawl_url where state = 'queued'") == [(0,)]


def test_robots_disallowed_page_is_never_requested(crawled):
    site, db, _ = crawled
    assert site.hits("/private/secret") == []
    assert states(db, site.base)["/private/secret"] == ("skipped", "disallowed by robots.txt")


def test_robots_crawl_delay_spaces_requests_to_the_host(crawled):
    site, _, _ = crawled
    starts = sorted(h.t for h in site.log if h.path != "/robots.txt")
    gaps = [b - a for a, b in zip(starts, starts[1:], strict=False)]
    assert min(gaps) >= 0.09  # Crawl-delay: 0.1 although --delay was 0


def test_sitemap_from_robots_and_rss_feed_from_link_tag_are_discovered(crawled):
    site, db, _ = crawled
    st = states(db, site.base)
    assert st["/sitemap.xml"][0] == "fetched"
    assert st["/feed.xml"][0] == "fetched"
    assert st["/sitemap-only/page-1"][0] == "stored"
    assert st["/feed-only/item-1"][0] == "stored"


def test_paginated_listing_is_followed_to_its_last_page(crawled):
    site, db, _ = crawled
    st = states(db, site.base)
    for page in (1, 2, 3):
        assert st[f"/news?page={page}"][0] == "fetched"  # read for links, not stored
    for n in range(1, 7):
        assert st[f"/news/article-{n}"][0] == "stored"


def test_pdf_link_is_fetched_and_stored_as_pdf(crawled):
    site, db, _ = crawled
    assert states(db, site.base)["/reports/annual.pdf"][0] == "stored"
    fmt = rows(db, "select format from document where url like '%annual.pdf'")
    assert fmt == [("pdf",)]
    assert site.hits("/reports/photo.jpg") == []  # images are not followed


def test_redirect_loop_stops_at_the_redirect_limit(crawled):
    site, db, _ = crawled
    loop = [h for h in site.log if h.path.startswith("/loop/")]
    assert len(loop) == 1 + 5  # the first request and five redirects
    assert states(db, site.base)["/loop/a"] == ("failed", "too many redirects (limit 5)")


def test_429_is_retried_after_its_retry_after_delay(crawled):
    site, db, _ = crawled
    hits = site.hits("/ratelimited")
    assert [h.status for h in hits] == [429, 200]
    assert hits[1].t - hits[0].t >= 0.95
    assert states(db, site.base)["/ratelimited"][0] == "stored"


def test_500_then_success_is_retried_and_stored(crawled):
    site, db, _ = crawled
    assert [h.status for h in site.hits("/flaky")] == [500, 200]
    assert states(db, site.base)["/flaky"][0] == "stored"


def test_response_slower_than_the_timeout_fails(crawled):
    site, db, _ = crawled
    assert all(not h.completed for h in site.hits("/slow"))
    assert states(db, site.base)["/slow"] == ("failed", "timed out after 1s")


def test_100mb_response_is_cut_at_the_cap_while_streaming(crawled):
    site, db, _ = crawled
    (hit,) = site.hits("/huge")
    assert not hit.completed
    assert hit.sent < 20 * 1024 * 1024  # the server was stopped far short of 100 MB
    assert states(db, site.base)["/huge"] == (
        "skipped",
        "response over the size cap of 1000000 bytes",
    )


def test_wrong_content_type_is_dropped_when_headers_arrive(crawled):
    site, db, _ = crawled
    (hit,) = site.hits("/download/data")
    assert not hit.completed and hit.sent < 20 * 1024 * 1024
    assert states(db, site.base)["/download/data"] == (
        "skipped",
        "unsupported content type 'application/zip'",
    )


def test_gzip_bomb_is_refused_while_decompressing(crawled):
    site, db, _ = crawled
    expanded = zlib.decompressobj(31).decompress(site.bomb, 2_000_000)
    assert len(site.bomb) < 1_000_000 < len(expanded)  # small on the wire, huge unpacked
    assert states(db, site.base)["/bomb"][0] == "skipped"
    assert "size cap" in states(db, site.base)["/bomb"][1]


def test_one_page_at_two_urls_is_stored_once(crawled):
    site, db, _ = crawled
    st = states(db, site.base)
    assert st["/dup/a"][0] == "stored"
    assert st["/dup/b"][0] == "skipped" and st["/dup/b"][1].startswith("duplicate of #")
    assert rows(db, "select count(*) from document where title = 'Same page twice'") == [(1,)]
    doc_ids = rows(db, "select document_id from crawl_url where url like '%/dup/%'")
    assert len({d for (d,) in doc_ids}) == 1  # both URLs point at the one document


def test_syndicated_near_duplicate_is_linked_to_the_first_copy(crawled):
    site, db, _ = crawled
    pair = dict(
        rows(
            db,
            "select url, duplicate_of from document where url like '%/syndicated/copy' "
            "or url like '%/news/article-1'",
        )
    )
    assert len(pair) == 2
    linked = [u for u, d in pair.items() if d is not None]
    assert len(linked) == 1  # exactly one is marked, pointing at the other
    (original_id,) = [
        i
        for (i,) in rows(
            db, "select id from document where url = ?", [u for u in pair if u not in linked][0]
        )
    ]
    assert pair[linked[0]] == original_id


def test_non_utf8_page_is_decoded(crawled):
    _, db, _ = crawled
    ((title, text),) = rows(db, "select title, text from document where url like '%/latin1'")
    assert "£5m" in title and "Café" in title
    assert "Coût" in text


def test_tracking_parameters_and_fragments_do_not_create_a_second_url(crawled):
    site, db, _ = crawled
    urls = [u for (u,) in rows(db, "select url from crawl_url where url like '%article-2%'")]
    assert urls == [site.url("/news/article-2")]
    assert len(site.hits("/news/article-2")) == 1


def test_each_page_is_fetched_once(crawled):
    site, _, _ = crawled
    retried = {"/ratelimited", "/flaky", "/slow"}
    paths = [h.path for h in site.log if h.path not in retried and not h.path.startswith("/loop/")]
    assert len(paths) == len(set(paths))


def test_stored_documents_point_at_their_warc_capture(crawled):
    _, db, _ = crawled
    ref, url = rows(db, "select raw_ref, url from document where url like '%/news/article-3'")[0]
    assert ref.startswith("warc://captures/") and "#" in ref
    record = read_capture(ref, base_dir=Path(db).parent)
    assert record.url == url and b"Press release 3" in record.body
    path = Path(db).parent / ref.removeprefix("warc://").split("#")[0]
    urls = {r.url for r in iter_warc_records(path)}
    assert url in urls


def test_summary_counts_pages_per_host(crawled):
    site, _, summary = crawled
    host = summary.hosts["127.0.0.1"]
    assert host["stored"] >= 15 and host["skipped"] >= 5 and host["failed"] >= 2
    assert summary.duplicates == 1 and summary.near_duplicates == 1
