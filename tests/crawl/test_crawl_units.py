"""Fast tests of the crawler's pure parts: URLs, the guard, sources, discovery, WARC, MinHash."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest
from rich.console import Console

from pipeline.acquire import dedup
from pipeline.acquire.crawl import run_crawl
from pipeline.acquire.crawl_discover import feed_entries, html_links, sitemap_entries
from pipeline.acquire.crawl_sources import build_source, load_sources
from pipeline.acquire.netguard import RefusedAddress, check_url, is_public_address
from pipeline.acquire.urls import canonicalize
from pipeline.acquire.warc import CaptureWriter, iter_warc_records, read_capture
from pipeline.errors import InputError, PolicytrailError
from pipeline.settings import Settings

REPO = Path(__file__).resolve().parents[2]
SOURCES = REPO / "corpus" / "sources.toml"


# ------------------------------------------------------------------ canonical URLs
@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("HTTP://WWW.Example.ORG:80/a/b?b=2&a=1#frag", "http://www.example.org/a/b?a=1&b=2"),
        ("https://example.org:443", "https://example.org/"),
        ("https://example.org:8443/x", "https://example.org:8443/x"),
        (
            "https://example.org/p?utm_source=x&utm_medium=y&id=7&fbclid=z&gclid=q",
            "https://example.org/p?id=7",
        ),
        ("https://example.org/%7Euser/Case", "https://example.org/~user/Case"),
    ],
)
def test_canonical_url_folds_spellings_of_one_page(raw: str, canonical: str):
    assert canonicalize(raw) == canonical


@pytest.mark.parametrize(
    "bad",
    [
        "ftp://example.org/x",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "mailto:a@b.c",
        "http:///nohost",
    ],
)
def test_non_http_urls_are_not_canonicalised(bad: str):
    with pytest.raises(ValueError):
        canonicalize(bad)


# ------------------------------------------------------------------ the SSRF guard
@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "::ffff:127.0.0.1",
        "::ffff:8.8.8.8",
        "2002:7f00:1::",
        "64:ff9b::a00:1",
        "224.0.0.1",
        "255.255.255.255",
    ],
)
def test_non_public_addresses_are_refused(address: str):
    assert not is_public_address(address)


@pytest.mark.parametrize("address", ["8.8.8.8", "151.101.0.81", "2a04:4e42::81"])
def test_public_addresses_pass(address: str):
    assert is_public_address(address)


def test_guard_checks_the_resolved_address_not_the_name():
    with pytest.raises(RefusedAddress, match="E074"):
        check_url(
            "http://innocent.example/",
            allow_private=False,
            resolve=lambda host: ["93.184.216.34", "10.0.0.5"],
        )
    assert check_url(
        "http://innocent.example/", allow_private=True, resolve=lambda host: ["10.0.0.5"]
    ) == ["10.0.0.5"]
    assert check_url(
        "http://pinned.test/", allow_private=False, pins={"pinned.test": "127.0.0.1"}
    ) == ["127.0.0.1"]


# ------------------------------------------------------------------ sources
def test_every_shipped_source_loads_with_start_points_and_scope():
    sources = load_sources(SOURCES)
    for name in (
        "lga-press",
        "lga-briefings",
        "adcs",
        "nao-reports",
        "commons-pac",
        "commons-education",
        "lords-public-services",
        "dfe-govuk",
        "ofsted-statistics",
        "childrens-commissioner",
    ):
        src = sources[name]
        assert src.publisher and src.seeds
        for url in src.start_urls:  # listings must be in scope for pagination to work
            assert src.in_scope(canonicalize(url)) and src.is_listing(canonicalize(url)), url


def test_dry_run_lists_what_each_source_would_fetch_without_network(tmp_path: Path):
    settings = Settings(sources_file=str(SOURCES))
    names = list(load_sources(SOURCES))
    buf = io.StringIO()
    for name in names:
        summary = run_crawl(
            tmp_path / "never.db",
            sources=[name],
            settings=settings,
            max_pages=5,
            dry_run=True,
            console=Console(file=buf, width=200),
        )
        (entry,) = summary.plan
        assert entry["source"] == name and 1 <= len(entry["fetch"]) <= 5
        assert entry["robots"][0].endswith("/robots.txt")
    out = buf.getvalue()
    assert "https://www.nao.org.uk/feed/" in out and "committee/127" in out
    assert not (tmp_path / "never.db").exists()


def test_unknown_source_is_a_user_error():
    settings = Settings(sources_file=str(SOURCES))
    with pytest.raises(PolicytrailError, match="E070"):
        run_crawl("x.db", sources=["no-such-source"], settings=settings, dry_run=True)


def test_source_with_a_bad_pattern_is_rejected():
    with pytest.raises(PolicytrailError, match="E072"):
        build_source({"name": "x", "start_urls": ["https://a.example/"], "allow": ["("]})


# ------------------------------------------------------------------ discovery
def test_sitemap_index_feed_and_html_links_are_read():
    index = b"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <sitemap><loc>https://a.example/s1.xml</loc><lastmod>2024-01-02</lastmod></sitemap></sitemapindex>"""
    (e,) = sitemap_entries(gzip.compress(index), "https://a.example/", max_bytes=10_000)
    assert e.role == "sitemap" and e.date.isoformat() == "2024-01-02"
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>t</title>
    <link rel="alternate" href="/n/1"/><updated>2023-05-06T10:00:00Z</updated></entry></feed>"""
    (f,) = feed_entries(atom, "https://a.example/", max_bytes=10_000)
    assert f.url == "https://a.example/n/1" and f.date.isoformat() == "2023-05-06"
    pages, feeds = html_links(
        b"<html><head><base href='/sub/'><link rel=alternate type='application/atom+xml' "
        b"href='f.atom'></head><body><a href='x'>x</a></body></html>",
        "https://a.example/",
    )
    assert pages == ["https://a.example/sub/x"] and feeds == ["https://a.example/sub/f.atom"]


def test_xml_entities_are_not_expanded():
    bomb = b"""<?xml version="1.0"?>
    <!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>
    <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://a.example/&b;</loc></url></urlset>"""
    entries = sitemap_entries(bomb, "https://a.example/", max_bytes=10_000)
    assert all("aaaa" not in e.url for e in entries)


# ------------------------------------------------------------------ WARC captures
def test_warc_capture_round_trips_and_reads_by_offset(tmp_path: Path):
    import datetime as dt

    writer = CaptureWriter(tmp_path / "captures", base_dir=tmp_path)
    when = dt.datetime(2024, 5, 1, 12, 0, 0)
    ref1 = writer.write_response(
        "https://a.example/1",
        status=200,
        headers=[("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
        body=b"<p>one</p>",
        fetched_at=when,
    )
    ref2 = writer.write_response(
        "https://a.example/2",
        status=200,
        headers=[("Content-Type", "application/pdf")],
        body=b"%PDF-1.4 x",
        fetched_at=when,
    )
    writer.close()
    rec = read_capture(ref2, base_dir=tmp_path)
    assert (rec.url, rec.content_type, rec.body) == (
        "https://a.example/2",
        "application/pdf",
        b"%PDF-1.4 x",
    )
    path = tmp_path / ref1.removeprefix("warc://").split("#")[0]
    records = list(iter_warc_records(path))
    assert [(r.url, r.body) for r in records] == [
        ("https://a.example/1", b"<p>one</p>"),
        ("https://a.example/2", b"%PDF-1.4 x"),
    ]
    assert records[0].fetched_at == when


def test_malformed_warc_is_an_input_error(tmp_path: Path):
    for name, data in [("bad.warc.gz", b"\x1f\x8b\x08\x00garbage-not-really-gzip" * 10)]:
        bad = tmp_path / name
        bad.write_bytes(data)
        with pytest.raises(InputError, match="E019"):
            list(iter_warc_records(bad))


# ------------------------------------------------------------------ near-duplicates
def test_minhash_finds_a_syndicated_copy_but_not_a_different_text():
    text = " ".join(f"word{i} council funding children care" for i in range(80))
    copy = "First published by the LGA. " + text + " Reproduced with permission."
    other = " ".join(f"other{i} schools budget pupils teachers" for i in range(80))
    index = dedup.NearDuplicateIndex(0.8)
    index.add(1, dedup.signature(text))
    assert index.best_match(dedup.signature(copy))[0] == 1
    assert index.best_match(dedup.signature(other)) is None
    restored = dedup.from_bytes(dedup.to_bytes(dedup.signature(text)))
    assert restored.jaccard(dedup.signature(text)) == 1.0
