"""Finding URLs: links in HTML pages, entries in sitemaps and feeds, and scope rules.

Pure functions over bytes, so they are tested without a crawl. XML is parsed with entity
resolution and network access off, and with lxml's default tree limits, so a hostile
sitemap or feed cannot expand or fetch anything.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import gzip
import io
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urljoin, urlsplit

from lxml import etree
from lxml import html as lxml_html

from pipeline.acquire.crawl_sources import Source
from pipeline.acquire.urls import canonicalize, is_http_url

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json")
HTML_TYPES = ("text/html", "application/xhtml+xml")
PDF_TYPES = ("application/pdf", "application/x-pdf")
XML_TYPES = (
    "application/xml",
    "text/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/x-gzip",
    "application/gzip",
    "application/octet-stream",
)
SKIP_EXTENSIONS = frozenset(
    [
        ".jpg",
        ".jpeg",
        ".png",
        ".gif",
        ".svg",
        ".webp",
        ".ico",
        ".bmp",
        ".tif",
        ".tiff",
        ".css",
        ".js",
        ".json",
        ".mp3",
        ".mp4",
        ".avi",
        ".mov",
        ".wav",
        ".zip",
        ".gz",
        ".tgz",
        ".rar",
        ".7z",
        ".exe",
        ".dmg",
        ".iso",
        ".doc",
        ".docx",
        ".xls",
        ".xlsx",
        ".ppt",
        ".pptx",
        ".odt",
        ".ods",
        ".csv",
        ".ics",
        ".woff",
        ".woff2",
        ".ttf",
        ".eot",
    ]
)


@dataclass(frozen=True)
class Entry:
    """A URL listed by a sitemap or feed, with the date it gives (if any)."""

    url: str
    date: dt.date | None
    role: str = "page"  # page | sitemap


def media_type(content_type: str | None) -> str:
    """``text/html; charset=x`` -> ``text/html``."""
    return (content_type or "").split(";")[0].strip().lower()


def sniff_role(body: bytes, content_type: str | None) -> str | None:
    """``sitemap`` or ``feed`` when a response is one, whatever it was queued as."""
    mt = media_type(content_type)
    head = body[:1024].lstrip().lower()
    if mt in HTML_TYPES or mt in PDF_TYPES:
        return None
    if b"<urlset" in head or b"<sitemapindex" in head:
        return "sitemap"
    if b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head:
        return "feed"
    return None


def _xml_root(body: bytes, max_bytes: int) -> etree._Element | None:
    if body[:2] == b"\x1f\x8b":
        with gzip.GzipFile(fileobj=io.BytesIO(body)) as gz:
            body = gz.read(max_bytes + 1)
        if len(body) > max_bytes:
            return None
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, recover=True, remove_comments=True
    )
    try:
        return etree.fromstring(body, parser=parser)
    except etree.XMLSyntaxError:
        return None


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def parse_date(value: str | None) -> dt.date | None:
    """A W3C/ISO or RFC 822 date as a date (None when it cannot be read)."""
    if not value:
        return None
    value = value.strip()
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        pass
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    return None


def sitemap_entries(body: bytes, base_url: str, *, max_bytes: int) -> list[Entry]:
    """Pages (urlset) or child sitemaps (sitemapindex) with their lastmod dates."""
    root = _xml_root(body, max_bytes)
    if root is None:
        return []
    kind = _local(root.tag)
    role = "sitemap" if kind == "sitemapindex" else "page"
    out = []
    for node in root:
        if _local(node.tag) not in ("url", "sitemap"):
            continue
        loc = lastmod = None
        for child in node:
            name = _local(child.tag)
            if name == "loc":
                loc = (child.text or "").strip()
            elif name == "lastmod":
                lastmod = child.text
        if loc:
            out.append(Entry(urljoin(base_url, loc), parse_date(lastmod), role))
    return out


def feed_entries(body: bytes, base_url: str, *, max_bytes: int) -> list[Entry]:
    """Items of an RSS 2.0/1.0 or Atom feed with their publication dates."""
    root = _xml_root(body, max_bytes)
    if root is None:
        return []
    out = []
    for node in root.iter():
        name = _local(node.tag)
        if name not in ("item", "entry"):
            continue
        link = None
        date = None
        for child in node:
            cname = _local(child.tag)
            if cname == "link":
                href = child.get("href")
                rel = child.get("rel", "alternate")
                if href and rel == "alternate":
                    link = href
                elif not href and child.text and child.text.strip():
                    link = child.text.strip()
            elif cname in ("pubdate", "published", "updated", "date", "issued") and date is None:
                date = parse_date(child.text)
            elif cname == "guid" and link is None and child.get("isPermaLink") != "false":
                text = (child.text or "").strip()
                if text.startswith("http"):
                    link = text
        if link:
            out.append(Entry(urljoin(base_url, link), date))
    return out


def html_links(
    body: bytes, base_url: str, encoding: str | None = None
) -> tuple[list[str], list[str]]:
    """``(page links, feed links)`` of an HTML page, absolute, in document order."""
    try:
        parser = lxml_html.HTMLParser(encoding=encoding) if encoding else None
        doc = lxml_html.document_fromstring(body, parser=parser)
    except (etree.ParserError, ValueError):
        return [], []
    base = doc.xpath("string(//base/@href)") or base_url
    base = urljoin(base_url, base.strip())
    pages = [
        urljoin(base, h.strip())
        for h in doc.xpath("//a/@href | //area/@href | //link[@rel='next']/@href")
    ]
    feeds = [
        urljoin(base, el.get("href", "").strip())
        for el in doc.xpath("//link[@rel='alternate'][@href]")
        if media_type(el.get("type")) in FEED_TYPES
    ]
    return pages, feeds


def is_pagination(link: str, page: str, source: Source) -> bool:
    """Whether ``link`` is another page of the listing ``page`` (so it costs no depth).

    With a configured pagination parameter, the link must differ from the page only in
    that parameter, within ``max``; without one, only in its query string.
    """
    a, b = urlsplit(link), urlsplit(page)
    if (a.netloc, a.path) != (b.netloc, b.path):
        return False
    qa, qb = dict(parse_qsl(a.query)), dict(parse_qsl(b.query))
    if source.pagination is None:
        return a.query != b.query
    param = source.pagination.param
    if {k: v for k, v in qa.items() if k != param} != {k: v for k, v in qb.items() if k != param}:
        return False
    value = qa.get(param, "")
    return value.isdigit() and int(value) <= source.pagination.max + source.pagination.start


def wanted_link(url: str, source: Source) -> str | None:
    """The canonical URL if a link should be queued for ``source``, else None."""
    if not is_http_url(url):
        return None
    try:
        canon = canonicalize(url)
    except ValueError:
        return None
    path = urlsplit(canon).path.lower()
    dot = path.rfind(".")
    ext = path[dot:] if dot > path.rfind("/") else ""
    if ext in SKIP_EXTENSIONS:
        return None
    if ext == ".pdf" and not source.follow_pdfs:
        return None
    if not source.in_scope(canon):
        return None
    return canon
