"""A fixture website on 127.0.0.1 that misbehaves in every way the crawler must survive.

A threaded ``http.server`` serving generated pages, which logs every request (path,
conditional headers, status, bytes sent, whether the response completed), so tests can
assert what the crawler actually asked for. Big bodies are generated while streaming and
never held whole; the gzip bomb is built once, in chunks.
"""

from __future__ import annotations

import functools
import io
import random
import select
import socket
import threading
import time
import zlib
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

LOREM = (
    "The council said demand for children's social care had risen sharply over the decade, "
    "with spending on placements up by a third while the grant available to local "
    "authorities fell in real terms. Directors warned that without new money services "
    "would be cut back to statutory minimums and early help would disappear. The "
    "committee recommended that the department publish a funding plan within six months "
    "and report to Parliament on progress each year thereafter."
)


def article(
    title: str,
    body_words: str,
    *,
    date: str = "2024-03-01",
    extra: str = "",
    seed: str | None = None,
) -> str:
    """An article page whose text is distinct per ``seed`` (default: the title).

    Sentences are drawn from LOREM in a seeded order with seeded filler words, so two
    articles are far apart for MinHash unless they share a seed (a syndicated copy).
    """
    rnd = random.Random(seed or title)
    words = (body_words + " " + LOREM).split()
    paras = []
    for i in range(4):
        chosen = [rnd.choice(words) for _ in range(40)]
        paras.append(f"<p>{' '.join(chosen)} Paragraph {i}.</p>")
    paras = "".join(paras)
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title>"
        f"<meta name='date' content='{date}'></head><body><header>Site header</header>"
        f"<main><article><h1>{title}</h1>{extra}{paras}</article></main>"
        f"<footer>Footer</footer></body></html>"
    )


def listing(title: str, links: list[str], *, extra_head: str = "") -> str:
    items = "".join(f"<li><a href='{h}'>{h}</a></li>" for h in links)
    return (
        f"<!doctype html><html><head><title>{title}</title>{extra_head}</head>"
        f"<body><nav><ul>{items}</ul></nav></body></html>"
    )


def tiny_pdf(text: str) -> bytes:
    """A one-page PDF with a text layer (reportlab, already a dev dependency)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    y = 800
    for i in range(0, len(text), 90):
        c.drawString(40, y, text[i : i + 90])
        y -= 14
    c.showPage()
    c.save()
    return buf.getvalue()


@functools.lru_cache(maxsize=1)
def gzip_bomb(decompressed_mb: int = 200) -> bytes:
    """A small gzip stream that expands to ``decompressed_mb`` MB of zeros."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = b"\0" * (1 << 20)
    parts = [comp.compress(chunk) for _ in range(decompressed_mb)]
    parts.append(comp.flush())
    return b"".join(parts)


@functools.lru_cache(maxsize=1)
def report_pdf() -> bytes:
    return tiny_pdf("Annual report on children's services. " * 12)


@dataclass
class Hit:
    path: str
    host: str
    t: float
    headers: dict[str, str]
    status: int = 0
    sent: int = 0
    completed: bool = False


@dataclass
class Site:
    """The server and its request log. ``routes`` maps a path to a handler function."""

    host: str = "127.0.0.1"
    crawl_delay: float | None = None
    gate: str | None = None  # a path whose request is held until released (kill tests)
    sitemap_in_robots: bool = True
    log: list[Hit] = field(default_factory=list)
    counters: dict[str, int] = field(default_factory=dict)
    gate_hit: threading.Event = field(default_factory=threading.Event)
    gate_release: threading.Event = field(default_factory=threading.Event)
    stopping: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self.routes: dict[str, object] = {}
        self.pdf = report_pdf()
        self.bomb = gzip_bomb()
        handler = _make_handler(self)
        self.server = ThreadingHTTPServer((self.host, 0), handler)
        self.server.handle_error = lambda request, client_address: None  # resets are expected
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.port}"

    def url(self, path: str) -> str:
        return self.base + path

    def start(self) -> Site:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self.gate_release.set()
        self.server.shutdown()
        self.server.server_close()

    def count(self, key: str) -> int:
        with self._lock:
            self.counters[key] = self.counters.get(key, 0) + 1
            return self.counters[key]

    def record(self, hit: Hit) -> None:
        with self._lock:
            self.log.append(hit)

    def hits(self, path: str) -> list[Hit]:
        return [h for h in self.log if h.path == path]

    def completed_paths(self) -> list[str]:
        return [h.path for h in self.log if h.completed]


def _client_gone(sock: socket.socket) -> bool:
    try:
        readable, _, _ = select.select([sock], [], [], 0)
        if not readable:
            return False
        return sock.recv(1, socket.MSG_PEEK) == b""
    except OSError:
        return True


def _make_handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:  # quiet
            pass

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            parts = urlsplit(self.path)
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            hit = Hit(path, self.headers.get("Host", ""), time.monotonic(), dict(self.headers))
            site.record(hit)
            self.hit = hit
            try:
                route(site, self, parts.path, parts.query)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True

        def send(
            self,
            status: int,
            body: bytes,
            ctype: str = "text/html; charset=utf-8",
            headers: dict[str, str] | None = None,
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.hit.status = status
            self.wfile.write(body)
            self.wfile.flush()
            self.hit.sent = len(body)
            self.hit.completed = True

        def stream(self, ctype: str, total: int, chunk: bytes) -> None:
            """Send ``total`` bytes of ``chunk`` repeated, no Content-Length, then close."""
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Connection", "close")
            self.end_headers()
            self.hit.status = 200
            self.close_connection = True
            sent = 0
            try:
                while sent < total and not site.stopping.is_set():
                    self.wfile.write(chunk)
                    sent += len(chunk)
                    self.hit.sent = sent
                self.hit.completed = sent >= total
            except OSError:
                pass

    return Handler


def route(site: Site, h: BaseHTTPRequestHandler, path: str, query: str) -> None:  # noqa: C901
    """The fixture site's pages."""
    send = h.send  # type: ignore[attr-defined]
    base = site.base
    if path == "/robots.txt":
        delay = f"Crawl-delay: {site.crawl_delay}\n" if site.crawl_delay else ""
        sitemap = f"Sitemap: {base}/sitemap.xml\n" if site.sitemap_in_robots else ""
        body = f"User-agent: *\nDisallow: /private/\n{delay}{sitemap}".encode()
        return send(200, body, "text/plain")
    if path == "/":
        links = [
            "/news?page=1",
            "/reports/",
            "/private/secret",
            "/loop/a",
            "/ratelimited",
            "/flaky",
            "/slow",
            "/huge",
            "/download/data",
            "/bomb",
            "/dup/a",
            "/dup/b",
            "/syndicated/copy",
            "/latin1",
            "/news/article-2?utm_source=newsletter&fbclid=abc#comments",
            "mailto:press@example.org",
        ]
        head = f"<link rel='alternate' type='application/rss+xml' href='{base}/feed.xml'>"
        return send(200, listing("Home", links, extra_head=head).encode())
    if path == "/news":
        page = int(dict(p.split("=") for p in query.split("&") if "=" in p).get("page", 1))
        links = [f"/news/article-{2 * page - 1}", f"/news/article-{2 * page}"]
        if page < 3:
            links.append(f"/news?page={page + 1}")
        return send(200, listing(f"News page {page}", links).encode())
    if path.startswith("/news/article-"):
        n = path.rsplit("-", 1)[1]
        return send(200, article(f"Press release {n}", f"Release {n}: " + LOREM).encode())
    if path == "/reports/":
        return send(200, listing("Reports", ["/reports/annual.pdf", "/reports/photo.jpg"]).encode())
    if path == "/reports/annual.pdf":
        return send(200, site.pdf, "application/pdf")
    if path == "/loop/a":
        return send(302, b"", headers={"Location": "/loop/b"})
    if path == "/loop/b":
        return send(302, b"", headers={"Location": "/loop/a"})
    if path == "/ratelimited":
        if site.count("ratelimited") == 1:
            return send(429, b"slow down", "text/plain", {"Retry-After": "1"})
        return send(200, article("Rate limited page", "Patience: " + LOREM).encode())
    if path == "/flaky":
        if site.count("flaky") == 1:
            return send(500, b"oops", "text/plain")
        return send(200, article("Flaky page", "Second time lucky: " + LOREM).encode())
    if path == "/slow":
        for _ in range(40):  # 4 s, longer than the tests' timeout
            if site.stopping.is_set():
                return None
            time.sleep(0.1)
        return send(200, article("Slow page", LOREM).encode())
    if path == "/huge":
        return h.stream("text/html", 100 * 1024 * 1024, b"<p>" + b"a" * 65533)  # type: ignore[attr-defined]
    if path == "/download/data":
        return h.stream("application/zip", 100 * 1024 * 1024, b"PK" + b"\0" * 65534)  # type: ignore[attr-defined]
    if path == "/bomb":
        return send(200, site.bomb, "text/html", {"Content-Encoding": "gzip"})
    if path in ("/dup/a", "/dup/b"):
        return send(200, article("Same page twice", "Mirrored: " + LOREM).encode())
    if path == "/syndicated/copy":
        extra = "<p>This article first appeared on the council's website.</p>"
        body = article(
            "Press release 1 (syndicated)",
            "Release 1: " + LOREM,
            extra=extra,
            seed="Press release 1",
        )
        return send(200, body.encode())
    if path == "/latin1":
        text = article(
            "Café funding — £5m for naïve façades",
            LOREM,
            extra="<p>Coût total: £5m, says the café owner.</p>",
        )
        text = text.replace("charset='utf-8'", "charset='windows-1252'")
        return send(200, text.encode("cp1252"), "text/html; charset=windows-1252")
    if path == "/feed.xml":
        body = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>
<item><title>New</title><link>{base}/feed-only/item-1</link>
<pubDate>Wed, 01 May 2024 09:00:00 GMT</pubDate></item>
<item><title>Old</title><link>{base}/feed-only/old-item</link>
<pubDate>Thu, 01 Jan 2015 09:00:00 GMT</pubDate></item></channel></rss>"""
        return send(200, body.encode(), "application/rss+xml")
    if path == "/sitemap.xml":
        body = f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>{base}/sitemap-only/page-1</loc><lastmod>2024-06-01</lastmod></url>
<url><loc>{base}/sitemap-only/old</loc><lastmod>2010-01-01</lastmod></url>
</urlset>"""
        return send(200, body.encode(), "application/xml")
    if path.startswith(("/feed-only/", "/sitemap-only/")):
        name = path.rsplit("/", 1)[1]
        return send(200, article(f"Listed {name}", f"Listed {name}: " + LOREM).encode())
    # ---- the private-address area (crawled through a pinned public-looking host)
    if path == "/inside-links":
        links = [
            f"http://127.0.0.1:{site.port}/inside",
            f"http://localhost:{site.port}/inside-by-name",
            f"http://[::ffff:127.0.0.1]:{site.port}/inside-mapped",
            "http://169.254.169.254/latest/meta-data/",
            "/go-inside",
            "/public-article",
        ]
        return send(200, listing("Links inside", links).encode())
    if path == "/go-inside":
        return send(302, b"", headers={"Location": f"http://127.0.0.1:{site.port}/inside"})
    if path == "/public-article":
        return send(200, article("Public article", "Outside: " + LOREM).encode())
    if path.startswith("/inside"):
        return send(200, article("Secret", "Internal only: " + LOREM).encode())
    # ---- conditional requests
    if path.startswith("/cond/"):
        name = path.rsplit("/", 1)[1]
        etag = f'"{name}-v1"'
        lm = "Mon, 01 Apr 2024 10:00:00 GMT"
        if h.headers.get("If-None-Match") == etag:
            h.send_response(304)
            h.send_header("ETag", etag)
            h.send_header("Content-Length", "0")
            h.end_headers()
            h.hit.status = 304  # type: ignore[attr-defined]
            h.hit.completed = True  # type: ignore[attr-defined]
            return None
        if name == "index":
            body = listing("Cond", ["/cond/p1", "/cond/p2"]).encode()
        else:
            body = article(f"Conditional {name}", f"Cond {name}: " + LOREM).encode()
        return send(200, body, headers={"ETag": etag, "Last-Modified": lm})
    # ---- the kill -9 site
    if path == "/k/index":
        return send(200, listing("K", [f"/k/a{i}" for i in range(1, 13)]).encode())
    if path.startswith("/k/a"):
        if site.gate == path and not site.gate_release.is_set():
            site.gate_hit.set()
            sock = h.connection
            while not site.gate_release.is_set():
                if _client_gone(sock):
                    h.close_connection = True
                    return None  # the crawler died while waiting: nothing was delivered
                time.sleep(0.02)
            if _client_gone(sock):
                h.close_connection = True
                return None
        n = path.removeprefix("/k/a")
        return send(200, article(f"Kill test {n}", f"Kill {n}: " + LOREM).encode())
    return send(404, b"not found", "text/plain")
