"""The parse stage: bytes of one input file to clean text plus metadata.

:func:`parse_bytes` is pure: it reads no files, touches no database and keeps no state, so
the ingest orchestrator can run it in a sandboxed worker with time and memory limits and
store what it returns. Unusable input raises :class:`~pipeline.errors.InputError` with a
code from the catalogue; nothing else is meant to escape (the orchestrator still treats any
other exception as a failed input).

Metadata precedence, weakest first: what the format yields (HTML meta tags, the PDF info
dictionary, a first line), markdown front matter, then the ``NAME.meta.toml`` sidecar. The
kind is guessed last, from the final title, URL and publisher, unless one was supplied.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import PurePosixPath

from pipeline.errors import E, InputError
from pipeline.parse.html import parse_html
from pipeline.parse.kind import guess_kind
from pipeline.parse.meta import apply_overrides, read_sidecar, sidecar_name
from pipeline.parse.model import KINDS, PRECISIONS, ParsedDocument, page_of
from pipeline.parse.pdf import parse_pdf
from pipeline.parse.plain import parse_markdown, parse_text
from pipeline.settings import Settings

FORMAT_BY_SUFFIX = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
}
SUPPORTED_SUFFIXES = tuple(FORMAT_BY_SUFFIX)

__all__ = [
    "KINDS",
    "PRECISIONS",
    "SUPPORTED_SUFFIXES",
    "ParsedDocument",
    "format_of",
    "page_of",
    "parse_bytes",
    "sidecar_name",
]


def name_for_capture(content_type: str | None, body: bytes) -> str:
    """A file name whose suffix picks the right parser for a fetched or archived body."""
    mime = (content_type or "").split(";")[0].strip().lower()
    if mime in ("application/pdf", "application/x-pdf") or body[:5] == b"%PDF-":
        return "capture.pdf"
    if mime in ("text/plain",):
        return "capture.txt"
    if mime in ("text/markdown", "text/x-markdown"):
        return "capture.md"
    return "capture.html"


def format_of(name: str) -> str:
    """The parser format for a file name, by suffix (case-insensitive); E015 when unknown."""
    suffix = PurePosixPath(name.replace("\\", "/")).suffix.lower()
    try:
        return FORMAT_BY_SUFFIX[suffix]
    except KeyError:
        raise InputError(E.E015, suffix=suffix or name) from None


def parse_bytes(
    data: bytes,
    name: str,
    *,
    settings: Settings,
    url: str | None = None,
    sidecar: bytes | None = None,
) -> ParsedDocument:
    """Parse one input's bytes; ``name`` picks the format, ``sidecar`` overrides metadata."""
    if not isinstance(data, bytes | bytearray):
        raise TypeError(f"parse_bytes needs bytes, got {type(data).__name__}")
    data = bytes(data)
    fmt = format_of(name)
    overrides = read_sidecar(sidecar, name) if sidecar is not None else {}
    if fmt == "html":
        doc = parse_html(data, settings=settings, url=url)
    elif fmt == "pdf":
        doc = parse_pdf(data)
    elif fmt == "markdown":
        doc = parse_markdown(data, name)
    else:
        doc = parse_text(data)
    if not doc.text.strip():
        raise InputError(E.E018)
    if url and not doc.url:
        doc = replace(doc, url=url)
    doc = apply_overrides(doc, overrides, "sidecar")
    if doc.kind is None:
        kind, cue = guess_kind(title=doc.title, url=doc.url, publisher=doc.publisher, fmt=fmt)
        if kind:
            doc = replace(doc, kind=kind, extra={**doc.extra, "kind_cue": cue})
    return doc
