"""The crawl itself: Scrapy driven from the store's frontier, one page per transaction.

Scrapy does the network work it is good at (robots.txt, AutoThrottle, retries, redirects
with a limit, timeouts, the streaming size cap, decompression limits, per-host slots).
This module adds what a long-lived research corpus needs and Scrapy lacks:

* the frontier is the ``crawl_url`` table (see :mod:`pipeline.acquire.frontier`); the
  spider's ``start()`` feeds Scrapy a bounded window of queued rows and refills it as pages
  complete, so nothing survives only in memory and a kill -9 loses no work;
* each response is written to a WARC capture first, then parsed (in a worker thread, so
  the reactor keeps serving other hosts), then its document, near-duplicate link, new
  links and the row's state are committed in one transaction;
* politeness Scrapy leaves out: robots.txt ``Crawl-delay`` as a floor under each host's
  delay, ``Retry-After`` honoured (and exponential backoff on 5xx) for the whole host;
* the SSRF guard: a DNS resolver that refuses non-public addresses on every connection
  (so after every redirect too), and a middleware that refuses IP-literal hosts;
* content types checked as soon as headers arrive, so a wrong one is never downloaded.

Twisted's reactor starts once per process, so this module is run in a child process by
:func:`pipeline.acquire.crawl.run_crawl` (``python -m pipeline.acquire.crawl``).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import email.utils
import hashlib
import logging
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar

import scrapy
from scrapy import signals
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest, StopDownload
from scrapy.http import Request, Response
from scrapy.resolver import CachingThreadedResolver
from scrapy.utils.defer import maybe_deferred_to_future
from sqlalchemy import select, update
from twisted.internet import defer, threads
from twisted.internet.error import DNSLookupError
from twisted.python.failure import Failure

from pipeline.acquire import dedup
from pipeline.acquire.crawl_discover import (
    HTML_TYPES,
    PDF_TYPES,
    XML_TYPES,
    feed_entries,
    html_links,
    is_pagination,
    media_type,
    sitemap_entries,
    sniff_role,
    wanted_link,
)
from pipeline.acquire.crawl_sources import Source, adhoc_source
from pipeline.acquire.frontier import (
    FAILED,
    FETCHED,
    SKIPPED,
    STORED,
    Frontier,
    NewLink,
    Row,
)
from pipeline.acquire.netguard import is_public_address, literal_address
from pipeline.acquire.urls import HTTP_SCHEMES, canonicalize, host_of
from pipeline.acquire.warc import CaptureWriter
from pipeline.errors import E, InputError
from pipeline.parse import name_for_capture
from pipeline.settings import Settings
from pipeline.store import schema as s
from pipeline.store.db import Store, now, text_hash

log = logging.getLogger("policytrail.crawl")

RETRY_STATUSES = (429, 500, 502, 503, 504, 522, 524, 408)
PAGE_STATUSES = [304, *range(400, 600)]  # handed to the spider; 3xx go to the redirector


@dataclass
class HostCounts:
    fetched: int = 0
    stored: int = 0
    skipped: int = 0
    failed: int = 0


@dataclass
class CrawlConfig:
    """Everything the child process needs, passed as one object."""

    store_path: str
    captures_dir: str
    settings: Settings
    sources: dict[str, Source]
    since: dt.date | None = None
    max_pages: int | None = None
    delay: float = 1.0
    allow_private: bool = False
    quiet: bool = False
    run_id: int = 0


@dataclass
class RunStats:
    """Counters of this run, per host, for the progress display and the summary."""

    hosts: dict[str, HostCounts] = field(default_factory=lambda: defaultdict(HostCounts))
    reasons: Counter[str] = field(default_factory=Counter)
    added: int = 0
    new_versions: int = 0
    unchanged: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    not_modified: int = 0
    links_queued: int = 0
    since_skipped: int = 0
    scheduled: int = 0
    stop_reason: str = "finished"


def _sleep(seconds: float) -> Any:
    return asyncio.sleep(max(0.0, seconds))


def _retry_after(value: bytes | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    text = value.decode("latin-1").strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


# --------------------------------------------------------------------- network guard
class GuardedResolver(CachingThreadedResolver):
    """Scrapy's caching resolver, refusing non-public addresses on every lookup.

    Every connection, including those to redirect targets, asks this resolver, so the check
    is on the address actually used. Pinned hosts (``crawl_resolve``) answer with their pin.
    """

    refused: ClassVar[dict[str, str]] = {}
    allow_private: bool = False
    pins: ClassVar[dict[str, str]] = {}

    @classmethod
    def from_crawler(cls, crawler, reactor):  # noqa: ANN001, ANN206 - Scrapy's signature
        resolver = super().from_crawler(crawler, reactor)
        resolver.allow_private = crawler.settings.getbool("POLICYTRAIL_ALLOW_PRIVATE")
        cls.pins = dict(crawler.settings.getdict("POLICYTRAIL_PINS"))
        return resolver

    def getHostByName(self, name: str, timeout: Any = ()) -> defer.Deferred:  # noqa: N802
        key = name.lower().rstrip(".")
        if key in self.pins:
            return defer.succeed(self.pins[key])
        d = super().getHostByName(name, timeout)
        d.addCallback(self._check, key)
        return d

    def _check(self, address: str, name: str) -> str:
        if not self.allow_private and not is_public_address(address):
            self.refused[name] = address
            raise DNSLookupError(f"{name} resolves to non-public address {address}")
        return address


class Refused(IgnoreRequest):
    """A request the crawler will not send, with the catalogue message why."""

    def __init__(self, state: str, reason: str) -> None:
        super().__init__(reason)
        self.state = state
        self.reason = reason


class GuardMiddleware:
    """First downloader middleware: scheme, IP-literal and host back-off checks.

    Runs for every request Scrapy sends, redirects and retries included.
    """

    host_blocked_until: ClassVar[dict[str, float]] = {}

    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private

    @classmethod
    def from_crawler(cls, crawler):  # noqa: ANN001, ANN206
        return cls(crawler.settings.getbool("POLICYTRAIL_ALLOW_PRIVATE"))

    async def process_request(self, request: Request) -> None:
        scheme = request.url.split(":", 1)[0].lower()
        if scheme not in HTTP_SCHEMES:
            raise Refused(SKIPPED, E.E073.format(url=request.url))
        host = host_of(request.url)
        address = literal_address(host)
        if (
            address is not None
            and not self.allow_private
            and host not in GuardedResolver.pins
            and not is_public_address(address)
        ):
            raise Refused(SKIPPED, E.E074.format(url=request.url, host=host, address=address))
        wait = self.host_blocked_until.get(host, 0.0) - time.monotonic()
        if wait > 0:
            await _sleep(wait)


class PoliteRetryMiddleware(RetryMiddleware):
    """Scrapy's retries, but waiting first: Retry-After when given, else backoff.

    The wait applies to the whole host (every request to it is held), since a 429 or 503
    is about the server, not the URL. A Retry-After beyond ``crawl_max_retry_after`` is
    not waited for: the URL fails and is retried in a later crawl.
    """

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self.backoff = settings.getfloat("POLICYTRAIL_BACKOFF")
        self.max_retry_after = settings.getfloat("POLICYTRAIL_MAX_RETRY_AFTER")

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if request.meta.get("dont_retry") or response.status not in self.retry_http_codes:
            return response
        retry_after = None
        if response.status in (429, 503):
            retry_after = _retry_after(response.headers.get(b"Retry-After"))
        if retry_after is not None and retry_after > self.max_retry_after:
            request.meta["policytrail_reason"] = E.E087.format(
                seconds=retry_after, cap=self.max_retry_after
            )
            return response
        tries = request.meta.get("retry_times", 0)
        wait = retry_after if retry_after is not None else self.backoff * (2**tries)
        new = self._retry(request, f"HTTP {response.status}")
        if new is None:
            return response
        host = host_of(request.url)
        until = time.monotonic() + wait
        GuardMiddleware.host_blocked_until[host] = max(
            GuardMiddleware.host_blocked_until.get(host, 0.0), until
        )
        return new

    def process_exception(self, request: Request, exception: Exception) -> Request | None:
        if host_of(request.url) in GuardedResolver.refused:
            return None  # a refused address stays refused
        return super().process_exception(request, exception)


class CrawlDelay:
    """Extension: robots.txt Crawl-delay as a floor under the host's delay; robots sitemaps.

    AutoThrottle may lower a slot's delay down to DOWNLOAD_DELAY; this puts it back up to
    the host's Crawl-delay each time a request reaches the downloader.
    """

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.floors: dict[str, float] = {}
        self.user_agent = crawler.settings.get("ROBOTSTXT_USER_AGENT") or "policytrail"
        crawler.signals.connect(self.robots_parsed, signal=signals.robots_parsed)
        crawler.signals.connect(self.reached, signal=signals.request_reached_downloader)

    @classmethod
    def from_crawler(cls, crawler):  # noqa: ANN001, ANN206
        return cls(crawler)

    def robots_parsed(self, robotparser: Any, request: Request) -> None:
        host = host_of(request.url)
        try:
            delay = robotparser.crawl_delay(self.user_agent)
        except Exception:  # noqa: BLE001 - a broken robots.txt must not stop the crawl
            delay = None
        if delay:
            self.floors[host] = float(delay)
        spider = self.crawler.spider
        if spider is not None:
            sitemaps = list(getattr(getattr(robotparser, "rp", None), "sitemaps", []) or [])
            spider.robots_sitemaps(request, sitemaps)

    def reached(self, request: Request, spider: Any) -> None:
        floor = self.floors.get(host_of(request.url))
        if not floor:
            return
        slot = self.crawler.engine.downloader.slots.get(request.meta.get("download_slot"))
        if slot is not None and slot.delay < floor:
            slot.delay = floor


# --------------------------------------------------------------------- the spider
class FrontierSpider(scrapy.Spider):
    """Feeds Scrapy from the store's frontier and commits each page with its state."""

    name = "policytrail"

    def __init__(self, config: CrawlConfig, stats: RunStats, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.config = config
        self.run = stats
        self.settings_obj = config.settings
        self.store = Store.open(config.store_path)
        self.frontier = Frontier(self.store)
        self.captures = CaptureWriter(config.captures_dir, base_dir=_db_dir(config.store_path))
        self.index = dedup.NearDuplicateIndex(config.settings.crawl_near_duplicate)
        with self.store.engine.connect() as conn:
            d = s.document.c
            self.index.load(
                conn.execute(
                    select(d.id, d.minhash).where(d.minhash.is_not(None), d.duplicate_of.is_(None))
                ).all()
            )
        self.inflight: dict[int, str] = {}
        self.per_host = max(1, min(2, config.settings.crawl_per_host))
        self.window = max(8, config.settings.crawl_concurrency * 2)
        self._wake: asyncio.Event | None = None
        self._buffer: list[Row] = []
        self._buffer_at = 0.0
        self._robots_seen: set[str] = set()

    # ------------------------------------------------------------ feeding
    def _source_for(self, name: str | None, url: str) -> Source:
        if name and name in self.config.sources:
            return self.config.sources[name]
        return adhoc_source([url])

    def request_for(self, row: Row) -> Request:
        headers: dict[str, str] = {}
        if row.etag:
            headers["If-None-Match"] = row.etag
        if row.last_modified:
            headers["If-Modified-Since"] = row.last_modified
        return Request(
            row.url,
            callback=self.parse,
            errback=self.on_error,
            headers=headers,
            dont_filter=True,
            meta={"row": row, "handle_httpstatus_list": PAGE_STATUSES},
        )

    async def start(self):  # noqa: ANN201 - an async generator of requests
        self._wake = asyncio.Event()
        max_pages = self.config.max_pages
        while True:
            if max_pages is not None and self.run.scheduled >= max_pages:
                self.run.stop_reason = "max_pages"
                return
            rows = self._take()
            if not rows:
                if not self.inflight and not self._buffer:
                    self._buffer = self.frontier.next_batch(
                        exclude=(), limit=self.window * 8, per_host=64
                    )
                    if not self._buffer:
                        return  # nothing queued, nothing in flight: done
                    continue
                await self._wait()
                continue
            for row in rows:
                if max_pages is not None and self.run.scheduled >= max_pages:
                    break
                self.inflight[row.id] = row.host
                self.run.scheduled += 1
                yield self.request_for(row)

    def _take(self) -> list[Row]:
        """Rows to schedule now: from the buffer, within the window and per-host caps."""
        room = self.window - len(self.inflight)
        if room <= 0:
            return []
        stale = time.monotonic() - self._buffer_at > 2.0
        if not self._buffer or stale:
            self._buffer = self.frontier.next_batch(
                exclude=self.inflight, limit=self.window * 8, per_host=64
            )
            self._buffer_at = time.monotonic()
        by_host = Counter(self.inflight.values())
        taken, kept = [], []
        for row in self._buffer:
            if row.id in self.inflight:
                continue
            if len(taken) < room and by_host[row.host] < self.per_host + 1:
                by_host[row.host] += 1
                taken.append(row)
            else:
                kept.append(row)
        self._buffer = kept
        return taken

    async def _wait(self) -> None:
        assert self._wake is not None
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), 1.0)
        self._wake.clear()

    def _done(self, row: Row) -> None:
        self.inflight.pop(row.id, None)
        if self._wake is not None:
            self._wake.set()

    def robots_sitemaps(self, request: Request, sitemaps: list[str]) -> None:
        """Queue sitemaps named in robots.txt, for sources that ask for discovery."""
        row: Row | None = request.meta.get("row")
        if row is None or not sitemaps:
            return
        source = self._source_for(row.source, row.url)
        if not source.discover_sitemaps:
            return
        links = []
        for url in sitemaps:
            canon = wanted_link(url, replace(source, follow_pdfs=False))
            if canon and host_of(canon) == row.host:
                links.append(NewLink(canon, host_of(canon), row.source, 0, "sitemap"))
        if links:
            with self.store.transaction() as conn:
                self.run.links_queued += self.frontier.add_links(conn, links)

    # ------------------------------------------------------------ headers
    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):  # noqa: ANN001, ANN206
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.headers_received, signal=signals.headers_received)
        return spider

    def headers_received(
        self, headers: Any, body_length: int, request: Request, spider: Any
    ) -> None:
        """Stop a download as soon as its headers show a type we will never parse.

        The signal carries no status, and error pages (which retries and the status
        handling need) are text, so only types that cannot be a document, feed or error
        page are stopped here; the exact check is made on 200 responses in :meth:`parse`.
        """
        row: Row | None = request.meta.get("row")
        if row is None or b"Location" in headers:
            return
        ctype = media_type((headers.get(b"Content-Type") or b"").decode("latin-1"))
        if not ctype or ctype.startswith("text/") or ctype == "application/json":
            return
        if self._acceptable(ctype, row):
            return
        request.meta["policytrail_reason"] = E.E082.format(ctype=ctype)
        raise StopDownload(fail=True)

    def _acceptable(self, ctype: str, row: Row) -> bool:
        if ctype in HTML_TYPES:
            return True
        if ctype in PDF_TYPES:
            return self._source_for(row.source, row.url).follow_pdfs or row.depth == 0
        if row.role in ("feed", "sitemap"):
            return ctype in XML_TYPES or ctype.endswith("+xml") or ctype == "text/plain"
        return ctype in ("application/xml", "text/xml") or ctype.endswith("+xml")

    # ------------------------------------------------------------ responses
    async def parse(self, response: Response) -> Any:
        row: Row = response.meta["row"]
        try:
            await self._handle(response, row)
        finally:
            self._done(row)
        return
        yield  # pragma: no cover - makes this an async generator Scrapy accepts

    async def _handle(self, response: Response, row: Row) -> None:
        cfg = self.config
        counts = self.run.hosts[row.host]
        status = response.status
        fetched_at = now()
        attempts = int(response.meta.get("retry_times", 0)) + 1
        final_url = response.url
        base = {
            "fetched_at": fetched_at,
            "http_status": status,
            "final_url": final_url,
            "run_id": cfg.run_id,
            "attempts": attempts,
        }
        if status == 304:
            counts.fetched += 1
            self.run.not_modified += 1
            with self.store.transaction() as conn:
                self.frontier.resolve(
                    conn, row.id, row.prev_state or FETCHED, reason="not modified", **base
                )
            return
        if status >= 400:
            counts.fetched += 1
            reason = response.meta.get("policytrail_reason") or E.E085.format(status=status)
            self.run.reasons[reason] += 1
            with self.store.transaction() as conn:
                if status in (404, 410, 401, 403) or status not in RETRY_STATUSES:
                    counts.skipped += 1
                    self.frontier.resolve(conn, row.id, SKIPPED, reason=reason, **base)
                else:
                    counts.failed += 1
                    self.frontier.fail(conn, row.id, reason, run_id=cfg.run_id)
            return

        counts.fetched += 1
        body = response.body
        ctype = media_type(response.headers.get(b"Content-Type", b"").decode("latin-1"))
        if ctype and not self._acceptable(ctype, row) and not sniff_role(body, ctype):
            reason = E.E082.format(ctype=ctype)
            counts.skipped += 1
            self.run.reasons[reason] += 1
            with self.store.transaction() as conn:
                self.frontier.resolve(conn, row.id, SKIPPED, reason=reason, **base)
            return
        raw_headers = [
            (k.decode("latin-1"), v.decode("latin-1"))
            for k, vs in response.headers.items()
            for v in vs
        ]
        ref = self.captures.write_response(
            final_url, status=status, headers=raw_headers, body=body, fetched_at=fetched_at
        )
        etag = (response.headers.get(b"ETag") or b"").decode("latin-1") or None
        last_mod = (response.headers.get(b"Last-Modified") or b"").decode("latin-1") or None
        base.update(etag=etag, last_modified=last_mod)
        source = self._source_for(row.source, row.url)
        role = sniff_role(body, ctype) or row.role
        links: list[NewLink] = []
        state, reason, doc_id = FETCHED, None, None
        doc_values: dict[str, Any] | None = None
        parsed = mh = None
        if role == "sitemap" or role == "feed":
            links = self._entry_links(body, final_url, role, row, source)
        else:
            if ctype in HTML_TYPES or not ctype:
                links = self._page_links(response, row, source)
            if source.is_document(canonicalize(final_url)) and (
                ctype in HTML_TYPES or ctype in PDF_TYPES or not ctype
            ):
                name = name_for_capture(ctype, body)
                try:
                    parsed, mh = await maybe_deferred_to_future(
                        threads.deferToThread(
                            self._parse, body, name, final_url, source, fetched_at
                        )
                    )
                except InputError as exc:
                    # A listing or index page has links but no article: read, not stored.
                    state = FETCHED if links else SKIPPED
                    reason = exc.message
        with self.store.transaction() as conn:
            if parsed is not None:
                state, reason, doc_id, doc_values = self._store_document(
                    conn, parsed, mh, body, ref, final_url
                )
            self.run.links_queued += self.frontier.add_links(conn, links)
            self.frontier.resolve(
                conn,
                row.id,
                state,
                reason=reason,
                document_id=doc_id,
                content_hash=(doc_values or {}).get("content_hash"),
                **base,
            )
        if state == STORED:
            counts.stored += 1
        elif state == SKIPPED:
            counts.skipped += 1
            if reason:
                self.run.reasons[reason.split(" #")[0]] += 1

    def _parse(
        self, body: bytes, name: str, url: str, source: Source, fetched_at: dt.datetime
    ) -> tuple[Any, Any]:
        """Worker thread: bytes to a ParsedDocument and its MinHash (no database here)."""
        from pipeline.parse import parse_bytes

        sidecar = None
        if source.publisher:
            sidecar = f"publisher = {_toml_str(source.publisher)}\n".encode()
        parsed = parse_bytes(body, name, settings=self.settings_obj, url=url, sidecar=sidecar)
        parsed = replace(parsed, url=url, fetched_at=fetched_at.isoformat())
        if parsed.kind is None and source.kind:
            parsed = replace(parsed, kind=source.kind)
        return parsed, dedup.signature(parsed.text)

    def _store_document(
        self, conn: Any, parsed: Any, mh: Any, body: bytes, ref: str, final_url: str
    ) -> tuple[str, str | None, int | None, dict[str, Any]]:
        """Exact duplicate -> skipped; near-duplicate -> stored, linked; else stored."""
        d = s.document.c
        canon = canonicalize(final_url)
        chash = text_hash(parsed.text)
        same = conn.execute(
            select(d.id, d.canonical_url, d.duplicate_of).where(d.content_hash == chash)
        ).first()
        if same is not None and same.canonical_url != canon:
            self.run.duplicates += 1
            return SKIPPED, f"duplicate of #{same.id}", same.id, {"content_hash": chash}
        match = None
        if same is None:
            best = self.index.best_match(mh)
            if best is not None:
                other = conn.execute(
                    select(d.canonical_url, d.duplicate_of).where(d.id == best[0])
                ).first()
                if other is not None and other.canonical_url != canon:
                    match = other.duplicate_of or best[0]
        res = self.store.add_document(
            parsed,
            raw_hash=hashlib.sha256(body).hexdigest(),
            raw_ref=ref,
            size_bytes=len(body),
            canonical_url=canon,
            conn=conn,
        )
        if res.status in ("added", "new_version"):
            conn.execute(
                update(s.document)
                .where(d.id == res.document_id)
                .values(minhash=dedup.to_bytes(mh), duplicate_of=match)
            )
            if res.status == "added":
                self.run.added += 1
            else:
                self.run.new_versions += 1
            if match is None:
                self.index.add(res.document_id, mh)
        else:
            self.run.unchanged += 1
        if match is not None:
            self.run.near_duplicates += 1
            return STORED, f"near-duplicate of #{match}", res.document_id, {"content_hash": chash}
        return STORED, res.status, res.document_id, {"content_hash": chash}

    def _page_links(self, response: Response, row: Row, source: Source) -> list[NewLink]:
        encoding = getattr(response, "encoding", None)
        pages, feeds = html_links(response.body, response.url, encoding)
        max_depth = (
            source.max_depth
            if source.max_depth is not None
            else (self.settings_obj.crawl_max_depth)
        )
        out = []
        for url in feeds:
            canon = wanted_link(url, replace(source, follow_pdfs=False))
            if canon:
                out.append(NewLink(canon, host_of(canon), row.source, row.depth, "feed"))
        for url in pages:
            canon = wanted_link(url, source)
            if canon is None:
                continue
            paginated = source.is_listing(canon) or is_pagination(canon, row.url, source)
            depth = row.depth if paginated else row.depth + 1
            if depth > max_depth:
                continue
            out.append(NewLink(canon, host_of(canon), row.source, depth, "page"))
        return out

    def _entry_links(
        self, body: bytes, url: str, role: str, row: Row, source: Source
    ) -> list[NewLink]:
        cap = self.settings_obj.crawl_max_bytes
        entries = (sitemap_entries if role == "sitemap" else feed_entries)(body, url, max_bytes=cap)
        out = []
        for entry in entries:
            if self.config.since and entry.date and entry.date < self.config.since:
                self.run.since_skipped += 1
                continue
            scope = source if entry.role == "page" else replace(source, follow_pdfs=False)
            canon = wanted_link(entry.url, scope)
            if canon:
                depth = row.depth if entry.role == "sitemap" else row.depth + 1
                out.append(NewLink(canon, host_of(canon), row.source, depth, entry.role))
        return out

    # ------------------------------------------------------------ failures
    def on_error(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        row: Row = request.meta["row"]
        try:
            state, reason = self._classify(failure, request)
            counts = self.run.hosts[row.host]
            self.run.reasons[reason.split(" #")[0]] += 1
            with self.store.transaction() as conn:
                if state == FAILED:
                    counts.failed += 1
                    self.frontier.fail(conn, row.id, reason, run_id=self.config.run_id)
                else:
                    counts.skipped += 1
                    self.frontier.resolve(
                        conn,
                        row.id,
                        state,
                        reason=reason,
                        fetched_at=now(),
                        run_id=self.config.run_id,
                    )
        finally:
            self._done(row)

    def _classify(self, failure: Failure, request: Request) -> tuple[str, str]:
        exc = failure.value
        cfg = self.settings_obj
        name = type(exc).__name__
        msg = str(exc)
        host = host_of(request.url)
        if isinstance(exc, Refused):
            return exc.state, exc.reason
        if isinstance(exc, StopDownload):
            return SKIPPED, request.meta.get("policytrail_reason") or E.E088.format(detail=msg)
        if isinstance(exc, IgnoreRequest):
            if "robots.txt" in msg:
                return SKIPPED, E.E080.value
            if "redirect" in msg:
                return FAILED, E.E083.format(limit=cfg.crawl_max_redirects)
            if "MAXSIZE" in msg or "max size" in msg.lower():
                return SKIPPED, E.E081.format(cap=cfg.crawl_max_bytes)
            return SKIPPED, E.E088.format(detail=msg[:200])
        if "Cancelled" in name or "larger than download max size" in msg:
            return SKIPPED, E.E081.format(cap=cfg.crawl_max_bytes)
        if "Timeout" in name or "TimedOut" in name:
            return FAILED, E.E084.format(seconds=cfg.crawl_timeout)
        if host in GuardedResolver.refused:
            address = GuardedResolver.refused[host]
            return SKIPPED, E.E074.format(url=request.url, host=host, address=address)
        return FAILED, E.E086.format(detail=f"{name}: {msg}"[:200])

    def closed(self, reason: str) -> None:
        if reason not in ("finished",) and self.run.stop_reason == "finished":
            self.run.stop_reason = reason
        self.captures.close()


def _db_dir(store_path: str) -> str:
    from pathlib import Path

    return str(Path(store_path).expanduser().resolve().parent)


def _toml_str(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def scrapy_settings(config: CrawlConfig) -> dict[str, Any]:
    """Scrapy settings from policytrail's: politeness first, then limits."""
    st = config.settings
    from pipeline.acquire.netguard import parse_pins

    delay = max(0.0, float(config.delay))
    return {
        "BOT_NAME": "policytrail",
        "USER_AGENT": st.user_agent,
        "ROBOTSTXT_OBEY": True,
        "ROBOTSTXT_USER_AGENT": "policytrail",
        "CONCURRENT_REQUESTS": max(1, st.crawl_concurrency),
        "CONCURRENT_REQUESTS_PER_DOMAIN": max(1, min(2, st.crawl_per_host)),
        "DOWNLOAD_DELAY": delay,
        "DOWNLOAD_DELAY_JITTER": 0,
        "AUTOTHROTTLE_ENABLED": delay > 0,
        "AUTOTHROTTLE_START_DELAY": max(delay, 0.01),
        "AUTOTHROTTLE_MAX_DELAY": 60.0,
        "AUTOTHROTTLE_TARGET_CONCURRENCY": 1.0,
        "DOWNLOAD_TIMEOUT": st.crawl_timeout,
        "DNS_TIMEOUT": st.crawl_timeout,
        "DOWNLOAD_MAXSIZE": st.crawl_max_bytes,
        "DOWNLOAD_WARNSIZE": st.crawl_max_bytes // 2,
        "RETRY_TIMES": st.crawl_retries,
        "RETRY_HTTP_CODES": list(RETRY_STATUSES),
        "REDIRECT_MAX_TIMES": st.crawl_max_redirects,
        "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "REMOTE_CONTROL_ENABLED": False,
        "DUPEFILTER_CLASS": "scrapy.dupefilters.BaseDupeFilter",
        "TWISTED_DNS_RESOLVER": "pipeline.acquire.crawl_engine.GuardedResolver",
        "DOWNLOADER_MIDDLEWARES": {
            "pipeline.acquire.crawl_engine.GuardMiddleware": 50,
            "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
            "pipeline.acquire.crawl_engine.PoliteRetryMiddleware": 550,
        },
        "EXTENSIONS": {"pipeline.acquire.crawl_engine.CrawlDelay": 0},
        "LOG_LEVEL": "ERROR",
        "LOG_ENABLED": True,
        "POLICYTRAIL_ALLOW_PRIVATE": config.allow_private,
        "POLICYTRAIL_PINS": parse_pins(st.crawl_resolve),
        "POLICYTRAIL_BACKOFF": st.crawl_backoff,
        "POLICYTRAIL_MAX_RETRY_AFTER": st.crawl_max_retry_after,
    }
