"""Turning scraped strings into safe HTML: escape first, then add our own markup.

Everything a page shows from the corpus (titles, text, URLs, labels) was written by someone
else and may be hostile. These helpers escape it before adding marks, and never turn a
string into a link unless it is an http(s) URL.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from urllib.parse import urlsplit

from markupsafe import Markup

MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"  # how store/search.py marks FTS5 matches


def mark_snippet(snippet: str | None) -> Markup:
    """An FTS5 snippet as HTML: the text escaped, then its matches wrapped in ``<mark>``."""
    if not snippet:
        return Markup("")
    safe = escape(snippet, quote=True)
    return Markup(safe.replace(MARK_OPEN, "<mark>").replace(MARK_CLOSE, "</mark>"))


def safe_url(url: str | None) -> str | None:
    """``url`` if it is an http(s) URL a link may point to, else None (javascript:, data:...)."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return url.strip()
    return None


def anchor(kind: str, item_id: int) -> str:
    """The fragment id of an item on its document page: the stable part of a permalink."""
    return f"item-{kind}-{item_id}"


def permalink(document: int, kind: str | None = None, item_id: int | None = None) -> str:
    """``/doc/ID`` or ``/doc/ID#item-TYPE-ID``."""
    base = f"/doc/{int(document)}"
    return f"{base}#{anchor(kind, int(item_id))}" if kind and item_id is not None else base


@dataclass(frozen=True)
class Span:
    """A stretch of a document to highlight."""

    start: int
    end: int
    kind: str  # figure | recommendation | quote | evidence
    item_id: int
    label: str = ""


def highlight(text: str, spans: Iterable[Span]) -> Markup:
    """The document text, escaped, with each span wrapped in ``<mark id="item-...">``.

    Spans may overlap (a figure inside a quoted sentence). HTML cannot nest crossing marks,
    so a span that starts inside an earlier one is cut to begin where that one ends; a span
    left empty by the cut still gets its anchor, so its permalink keeps working.
    """
    out: list[str] = []
    at = 0
    n = len(text)
    for sp in sorted(spans, key=lambda x: (x.start, -x.end)):
        a, b = max(0, min(sp.start, n)), max(0, min(sp.end, n))
        ident = anchor(sp.kind, sp.item_id)
        title = escape(f"{sp.kind}: {sp.label}" if sp.label else sp.kind, quote=True)
        if a < at:  # overlaps what is already marked
            if b <= at:
                out.append(f'<span class="anchor" id="{ident}" title="{title}"></span>')
                continue
            a = at
        out.append(escape(text[at:a], quote=False))
        out.append(
            f'<mark class="item {escape(sp.kind)}" id="{ident}" title="{title}">'
            f"{escape(text[a:b], quote=False)}</mark>"
        )
        at = b
    out.append(escape(text[at:], quote=False))
    return Markup("".join(out))


def number(value: float | None) -> str:
    """A value for a table cell: 3100000000 -> 3,100,000,000; 7.25 -> 7.25."""
    if value is None:
        return ""
    if float(value).is_integer() and abs(value) < 1e15:
        return f"{value:,.0f}"
    return f"{value:,.6g}"
