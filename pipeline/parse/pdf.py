"""PDF to text with pypdf, keeping where each page starts so any offset maps to a page.

Pages are joined with a blank line ("\\n\\n") rather than a form feed: later stages split on
blank lines to find paragraphs, and ``page_starts`` already records the page boundaries
exactly, so no in-text marker is needed.

pypdf runs with ``strict=False`` (real-world PDFs are often slightly broken); every failure,
including its own safety limits on decompression, becomes an :class:`InputError`. Warnings
pypdf logs while reading (a looping xref chain, a missing EOF marker) become notes.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError, PyPdfError

from pipeline.errors import E, InputError
from pipeline.parse.model import ParsedDocument

PAGE_SEPARATOR = "\n\n"
# Characters pypdf can emit from broken font maps that no text stage wants.
STRAY_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Metadata values that tools write when the author left the field empty.
PLACEHOLDER_VALUES = frozenset({"untitled", "anonymous", "unspecified", "unknown", "none", ""})
PLACEHOLDER_TITLE = re.compile(
    r"^(microsoft (word|powerpoint) - |.*\.(docx?|pdf|indd|pptx?)$)", re.IGNORECASE
)
MAX_NOTES = 5


class _NoteCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = " ".join(record.getMessage().split())
        if message not in self.messages and len(self.messages) < MAX_NOTES:
            self.messages.append(message)


@contextmanager
def _collect_pypdf_warnings() -> Iterator[list[str]]:
    """Route pypdf's warnings into a list instead of stderr, for the document's notes."""
    logger = logging.getLogger("pypdf")
    collector = _NoteCollector()
    propagate = logger.propagate
    logger.addHandler(collector)
    logger.propagate = False
    try:
        yield collector.messages
    finally:
        logger.removeHandler(collector)
        logger.propagate = propagate


def _one_line(err: BaseException) -> str:
    return " ".join(str(err).split()) or type(err).__name__


def open_pdf(data: bytes) -> PdfReader:
    """A reader for ``data``: E008 when damaged, E007 when it needs a password."""
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
    except LimitReachedError as err:
        raise InputError(E.E020, detail=_one_line(err)) from err
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")
        except (DependencyError, PyPdfError, ValueError, NotImplementedError) as err:
            raise InputError(E.E007) from err
        if not opened:
            raise InputError(E.E007)
    return reader


def page_texts(reader: PdfReader) -> list[str]:
    """Each page's text, line endings normalised and stray control characters removed."""
    texts = []
    try:
        for page in reader.pages:
            text = page.extract_text() or ""
            text = STRAY_CONTROLS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
            texts.append(text.strip("\n"))
    except FileNotDecryptedError as err:
        raise InputError(E.E007) from err
    except LimitReachedError as err:
        raise InputError(E.E020, detail=_one_line(err)) from err
    except RecursionError as err:
        raise InputError(E.E008, detail="object references nest too deeply") from err
    return texts


def join_pages(texts: list[str]) -> tuple[str, list[int]]:
    """The document text and the offset where each page starts."""
    starts, parts, offset = [], [], 0
    for i, text in enumerate(texts):
        if i:
            parts.append(PAGE_SEPARATOR)
            offset += len(PAGE_SEPARATOR)
        starts.append(offset)
        parts.append(text)
        offset += len(text)
    return "".join(parts), starts


def _clean_value(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return None if value.lower() in PLACEHOLDER_VALUES else value


def pdf_metadata(reader: PdfReader) -> dict[str, str]:
    """Title, author and creation date from the PDF's info dictionary, placeholders dropped.

    These are fallbacks only: a sidecar or the text itself usually knows better.
    """
    try:
        info = reader.metadata
        if info is None:
            return {}
        title, author = _clean_value(info.title), _clean_value(info.author)
        created = info.creation_date
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError):
        return {}
    found: dict[str, str] = {}
    if title and not PLACEHOLDER_TITLE.match(title):
        found["title"] = title
    if author:
        found["author"] = author
    if created is not None:
        found["published"] = created.date().isoformat()
    return found


def parse_pdf(data: bytes) -> ParsedDocument:
    """Text with page boundaries and fallback metadata; E007/E008/E009/E020 when unusable."""
    with _collect_pypdf_warnings() as warnings:
        try:
            reader = open_pdf(data)
            texts = page_texts(reader)
        except (InputError, MemoryError):
            raise
        except Exception as err:  # the stage boundary: pypdf raises many types on bad input
            raise InputError(E.E008, detail=_one_line(err)) from err
        meta = pdf_metadata(reader)
    if not any(t.strip() for t in texts):
        raise InputError(E.E009)
    text, starts = join_pages(texts)
    notes = [f"pypdf: {w}" for w in warnings]
    empty = [str(i) for i, t in enumerate(texts, start=1) if not t.strip()]
    if empty:
        notes.append(f"no text layer on page{'s' if len(empty) > 1 else ''} {', '.join(empty)}")
    doc = ParsedDocument(
        text=text,
        format="pdf",
        title=meta.get("title"),
        author=meta.get("author"),
        page_starts=starts,
        notes=notes,
        extra={"pages": len(texts)},
    )
    if "published" in meta:
        doc.published, doc.published_precision = meta["published"], "day"
        doc.notes.append("date taken from the PDF's creation date")
    return doc
