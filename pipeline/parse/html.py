"""HTML to main text and metadata with trafilatura, and the date with htmldate.

We build the lxml tree ourselves and hand the same tree to trafilatura (and, through it, to
htmldate), so one parser with known settings sees every input: libxml2's HTML parser never
reads a DTD, an internal subset is cut off before parsing, so no entity is expanded and no
external entity or network resource is fetched.
"""

from __future__ import annotations

import datetime as dt
import re

import trafilatura
from lxml import etree
from lxml import html as lxml_html
from trafilatura.xml import xmltotxt

from pipeline.errors import E, InputError
from pipeline.parse.dates import date_precision, year_is_declared
from pipeline.parse.model import ParsedDocument
from pipeline.parse.text import decode_bytes
from pipeline.settings import Settings

# An XML declaration or a DOCTYPE with an internal subset ([...] holding ENTITY
# declarations: the billion-laughs and external-entity attacks) is replaced by a plain one.
XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>", re.IGNORECASE)
DOCTYPE_SUBSET = re.compile(r"<!DOCTYPE[^\[>]*\[.*?\]\s*>", re.IGNORECASE | re.DOTALL)
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)
# Inline elements in trafilatura's output tree whose markdown marks (**bold**, [link])
# would only add noise to the text the extractors read; block structure is kept.
INLINE_TAGS = ("hi", "ref")


def _html_parser() -> lxml_html.HTMLParser:
    """A parser that fetches nothing and builds no giant text nodes."""
    return lxml_html.HTMLParser(
        no_network=True,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
        default_doctype=False,
        huge_tree=False,
    )


def defuse(markup: str) -> str:
    """Drop an XML declaration and any DOCTYPE internal subset (entity declarations)."""
    markup = XML_DECLARATION.sub("", markup, count=1)
    return DOCTYPE_SUBSET.sub("<!DOCTYPE html>", markup, count=1)


def declared_charset(data: bytes) -> str | None:
    """The charset a ``<meta>`` tag declares near the top of the page."""
    match = META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def load_tree(markup: str) -> lxml_html.HtmlElement:
    """Parse defused markup into an lxml HTML tree; E006 when nothing parses."""
    try:
        tree = lxml_html.document_fromstring(defuse(markup), parser=_html_parser())
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as err:
        raise InputError(E.E006) from err
    return tree


def render_body(body: etree._Element) -> str:
    """trafilatura's output tree as text: one blank line between blocks, markdown-style
    headings and list items so later stages see structure, no inline emphasis marks."""
    etree.strip_tags(body, *INLINE_TAGS)
    text = xmltotxt(body, True) or ""
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def parse_html(data: bytes, *, settings: Settings, url: str | None = None) -> ParsedDocument:
    """Main text, title, publisher, author and dated publication of an HTML page."""
    decoded = decode_bytes(data, declared=declared_charset(data))
    tree = load_tree(decoded.text)
    extracted = trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_formatting=True,
        date_extraction_params={
            "original_date": True,
            "extensive_search": True,
            "max_date": dt.date.today().isoformat(),
        },
    )
    if extracted is None or extracted.body is None:
        raise InputError(E.E006)
    text = render_body(extracted.body)
    if len(text) < settings.min_text_chars:
        raise InputError(E.E006)
    doc = ParsedDocument(
        text=text,
        format="html",
        title=extracted.title or None,
        publisher=extracted.sitename or None,
        author=extracted.author or None,
        url=url or extracted.url or None,
        encoding=decoded.encoding,
        notes=list(decoded.notes),
    )
    if extracted.date:
        published, precision = date_precision(extracted.date, f"{decoded.text}\n{url or ''}")
        if precision != "year" or year_is_declared(published, decoded.text, url):
            doc.published, doc.published_precision = published, precision
        else:
            doc.notes.append(f"date ignored: only the year {published} is mentioned in the page")
    return doc
