"""Crawls that need their own run: the SSRF guard, kill -9 and resume, re-crawls, limits."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from pipeline.acquire.crawl import _settings_json, run_crawl
from pipeline.errors import PolicytrailError
from tests.crawl.conftest import fast_settings, rows, states
from tests.crawl.site import Site

REPO = Path(__file__).resolve().parents[2]


def test_links_and_redirects_to_private_addresses_are_refused(site: Site, tmp_path: Path):
    # The crawl starts from a public-looking name pinned to the fixture server (as a
    # researcher's --resolve would); everything else that lands inside the network is refused.
    db = tmp_path / "store.db"
    sources = tmp_path / "sources.toml"
    port = site.port
    sources.write_text(
        f"""
[[source]]
name = "public"
start_urls = ["http://public.test:{port}/inside-links"]
allow = ["^http://public\\\\.test:{port}/", "^http://127\\\\.0\\\\.0\\\\.1:{port}/",
         "^http://localhost:{port}/", "^http://\\\\[::ffff:127\\\\.0\\\\.0\\\\.1\\\\]:{port}/",
         "^http://169\\\\.254\\\\.169\\\\.254/"]
"""
    )
    settings = fast_settings(crawl_resolve=("public.test:127.0.0.1",), sources_file=str(sources))
    summary = run_crawl(db, sources=["public"], settings=settings, delay=0.0, quiet=True)
    assert summary.stop_reason == "finished"
    served = {h.path for h in site.log}
    assert "/public-article" in served  # the pinned public host is crawled
    assert "/go-inside" in served  # the redirect itself is fetched...
    inside = [h for h in site.log if h.path.startswith("/inside") and h.path != "/inside-links"]
    assert inside == []  # ...but nothing inside is
    by_url = {
        url: (state, reason)
        for url, state, reason in rows(db, "select url, state, reason from crawl_url")
    }
    refused = {u: r for u, (s, r) in by_url.items() if s == "skipped" and "non-public" in (r or "")}
    assert f"http://127.0.0.1:{port}/inside" in refused
    assert f"http://localhost:{port}/inside-by-name" in refused  # checked on the resolved address
    assert f"http://[::ffff:127.0.0.1]:{port}/inside-mapped" in refused
    assert "http://169.254.169.254/latest/meta-data/" in refused
    assert "non-public" in by_url[f"http://public.test:{port}/go-inside"][1]  # after the redirect


def _child(db: Path, urls: list[str], settings, **kw) -> list[str]:
    request = {
        "store_path": str(db),
        "urls": urls,
        "sources": [],
        "settings": _settings_json(settings),
        "since": None,
        "max_pages": None,
        "delay": 0.0,
        "allow_private": True,
        "quiet": True,
        **kw,
    }
    req = db.parent / "request.json"
    req.write_text(json.dumps(request))
    return [
        sys.executable,
        "-m",
        "pipeline.acquire.crawl",
        "--request",
        str(req),
        "--summary",
        str(db.parent / "summary.json"),
    ]


def test_kill_9_then_resume_fetches_every_page_exactly_once(tmp_path: Path):
    site = Site(gate="/k/a7").start()
    try:
        db = tmp_path / "store.db"
        settings = fast_settings(crawl_per_host=1)
        cmd = _child(db, [site.url("/k/index")], settings)
        proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            assert site.gate.startswith("/k/") and site.gate_hit.wait(60), "crawl never got far"
            # Everything the server has delivered must be committed before we kill, so
            # the test is about the store, not about a race with the last response.
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                done = set(site.completed_paths()) - {"/robots.txt"}
                st = states(db, site.base)
                if all(st.get(p, ("queued",))[0] != "queued" for p in done):
                    break
                time.sleep(0.05)
            os.kill(proc.pid, signal.SIGKILL)
        finally:
            proc.wait(10)
        site.gate_release.set()
        mid = states(db, site.base)
        stored_mid = [p for p, (s, _) in mid.items() if s == "stored"]
        assert 3 <= len(stored_mid) < 12  # killed part way
        assert mid["/k/a7"][0] == "queued"

        summary = run_crawl(
            db, [site.url("/k/index")], settings=settings, delay=0.0, allow_private=True, quiet=True
        )
        assert summary.resumed > 0 and summary.stop_reason == "finished"
        fetched = Counter(p for p in site.completed_paths() if p != "/robots.txt")
        assert {"/k/index", *(f"/k/a{i}" for i in range(1, 13))} <= set(fetched)
        assert all(n == 1 for n in fetched.values()), fetched
        final = states(db, site.base)
        assert all(final[f"/k/a{i}"][0] == "stored" for i in range(1, 13))
        assert rows(db, "select count(*) from document where title like 'Kill test%'") == [(12,)]
    finally:
        site.stop()


def test_recrawl_sends_conditional_requests_and_keeps_unchanged_pages(tmp_path: Path):
    site = Site(sitemap_in_robots=False).start()
    try:
        _recrawl(site, tmp_path / "store.db")
    finally:
        site.stop()


def _recrawl(site: Site, db: Path) -> None:
    settings = fast_settings(crawl_revisit_days=0.0)
    first = run_crawl(
        db, [site.url("/cond/index")], settings=settings, delay=0.0, allow_private=True, quiet=True
    )
    assert first.added == 2
    n_first = len(site.log)
    second = run_crawl(
        db, [site.url("/cond/index")], settings=settings, delay=0.0, allow_private=True, quiet=True
    )
    again = [h for h in site.log[n_first:] if h.path.startswith("/cond/")]
    assert sorted(h.path for h in again) == ["/cond/index", "/cond/p1", "/cond/p2"]
    assert all(h.headers.get("If-None-Match") for h in again)
    assert all(h.headers.get("If-Modified-Since") == "Mon, 01 Apr 2024 10:00:00 GMT" for h in again)
    assert [h.status for h in again] == [304, 304, 304]
    assert second.not_modified == 3 and second.added == 0
    assert states(db, site.base)["/cond/p1"] == ("stored", "not modified")


def test_since_skips_feed_and_sitemap_entries_older_than_the_date(site: Site, tmp_path: Path):
    db = tmp_path / "store.db"
    summary = run_crawl(
        db,
        [site.url("/feed.xml"), site.url("/sitemap.xml")],
        settings=fast_settings(),
        since="2020-01-01",
        delay=0.0,
        allow_private=True,
        quiet=True,
    )
    served = {h.path for h in site.log}
    assert {"/feed-only/item-1", "/sitemap-only/page-1"} <= served
    assert not {"/feed-only/old-item", "/sitemap-only/old"} & served
    assert summary.since_skipped == 2


def test_max_pages_stops_and_leaves_the_rest_queued(tmp_path: Path):
    site = Site(sitemap_in_robots=False).start()
    db = tmp_path / "store.db"
    try:
        summary = run_crawl(
            db,
            [site.url("/k/index")],
            settings=fast_settings(),
            max_pages=4,
            delay=0.0,
            allow_private=True,
            quiet=True,
        )
    finally:
        site.stop()
    assert summary.stop_reason == "max_pages"
    assert len([h for h in site.log if h.path != "/robots.txt"]) == 4
    assert summary.queued_left == 13 - 4


def test_bad_since_date_is_a_user_error(tmp_path: Path):
    with pytest.raises(PolicytrailError, match="E076"):
        run_crawl(
            tmp_path / "x.db",
            ["http://example.org/"],
            settings=fast_settings(),
            since="last tuesday",
        )


def test_nothing_to_crawl_is_a_user_error(tmp_path: Path):
    with pytest.raises(PolicytrailError, match="E075"):
        run_crawl(tmp_path / "x.db", settings=fast_settings())
