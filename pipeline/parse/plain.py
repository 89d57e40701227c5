"""Plain text and markdown: decoded text, a title from the first line, front matter apart."""

from __future__ import annotations

from pipeline.parse.meta import apply_overrides, read_front_matter
from pipeline.parse.model import ParsedDocument
from pipeline.parse.text import decode_bytes, first_line_title, split_front_matter


def parse_text(data: bytes) -> ParsedDocument:
    """A .txt file: its text exactly (line endings normalised); the first line as title."""
    decoded = decode_bytes(data)
    return ParsedDocument(
        text=decoded.text,
        format="text",
        title=first_line_title(decoded.text),
        encoding=decoded.encoding,
        notes=list(decoded.notes),
    )


def parse_markdown(data: bytes, name: str) -> ParsedDocument:
    """A markdown file: front matter becomes metadata, the markdown after it is the text."""
    decoded = decode_bytes(data)
    syntax, front, body = split_front_matter(decoded.text)
    doc = ParsedDocument(
        text=body,
        format="markdown",
        title=first_line_title(body),
        encoding=decoded.encoding,
        notes=list(decoded.notes),
    )
    if syntax:
        doc = apply_overrides(doc, read_front_matter(syntax, front, name), "front matter")
    return doc
