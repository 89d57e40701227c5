"""Bytes to text: decode, refuse binary data, normalise line endings, split off front matter.

Every later offset points into the string returned here, so apart from line endings (and a
byte-order mark) the text is kept exactly as the file has it.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from charset_normalizer import CharsetMatch, from_bytes

from pipeline.errors import E, InputError

# Leading bytes of common binary formats, so the error names what the file really is.
MAGIC_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF file signature"),
    (b"\x89PNG", "a PNG image signature"),
    (b"GIF8", "a GIF image signature"),
    (b"\xff\xd8\xff", "a JPEG image signature"),
    (b"PK\x03\x04", "a ZIP archive signature (e.g. .docx, .xlsx)"),
    (b"\x1f\x8b", "a gzip signature"),
    (b"\x7fELF", "an executable (ELF) signature"),
    (b"\xd0\xcf\x11\xe0", "an old Office document signature (.doc, .xls)"),
)
# Byte-order marks that name their own encoding (UTF-32 first: it starts like UTF-16).
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control bytes other than tab, newline, form feed and carriage return; real text has few.
CONTROL_BYTES = frozenset(set(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D}) | {0x7F}
MAX_CONTROL_RATIO = 0.05
# Legacy encodings, commonest first, preferred when the detector's scores nearly tie
# (charset-normalizer's names).
COMMON_ENCODINGS = ("cp1252", "latin_1", "iso8859_15", "cp1250", "mac_roman")
CHAOS_TIE = 0.01
COHERENCE_TIE = 0.05
SNIFF_BYTES = 65_536

FRONT_MATTER = re.compile(
    r"\A(?P<fence>---|\+\+\+)[ \t]*\n(?P<body>.*?)\n(?P=fence)[ \t]*(?:\n|\Z)", re.DOTALL
)


@dataclass
class Decoded:
    """Text plus how it was obtained (the encoding only when it was not plain UTF-8)."""

    text: str
    encoding: str | None = None
    notes: list[str] = field(default_factory=list)


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF; nothing else changes."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def binary_evidence(data: bytes) -> str | None:
    """Why ``data`` looks binary, or None when it may be text."""
    for signature, label in MAGIC_SIGNATURES:
        if data.startswith(signature):
            return label
    head = data[:SNIFF_BYTES]
    nuls = head.count(0)
    if nuls:
        return f"{nuls} NUL byte{'s' if nuls > 1 else ''} in the first {len(head)} bytes"
    # translate() deletes the control bytes at C speed; the length lost is their count
    controls = len(head) - len(head.translate(None, bytes(CONTROL_BYTES)))
    if head and controls / len(head) > MAX_CONTROL_RATIO:
        return f"{controls / len(head):.0%} control characters"
    return None


def _decode_bom(data: bytes) -> Decoded | None:
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as err:
                detail = f"a {codec} byte-order mark but {err.reason}"
                raise InputError(E.E004, detail=detail) from err
            text = text.removeprefix("\ufeff")
            encoding = None if codec == "utf-8-sig" else codec
            notes = [] if encoding is None else [f"decoded as {codec} (byte-order mark)"]
            return Decoded(text, encoding, notes)
    return None


def _decode_declared(data: bytes, declared: str) -> Decoded | None:
    try:
        codec = codecs.lookup(declared).name
        text = data.decode(codec)
    except (LookupError, UnicodeDecodeError):
        return None
    return Decoded(text, codec, [f"decoded as {codec} (declared in the file)"])


def decode_bytes(data: bytes, *, declared: str | None = None) -> Decoded:
    """Decode ``data`` as UTF-8, else by byte-order mark, declaration or detection.

    Raises E003 for empty or blank input and E004 for binary data, naming what was found.
    """
    if not data.strip():
        raise InputError(E.E003)
    bom = _decode_bom(data)
    if bom is None:
        evidence = binary_evidence(data)
        if evidence:
            raise InputError(E.E004, detail=evidence)
        try:
            decoded = Decoded(data.decode("utf-8"))
        except UnicodeDecodeError:
            decoded = (declared and _decode_declared(data, declared)) or _detect(data)
    else:
        decoded = bom
    decoded.text = normalise_newlines(decoded.text)
    if not decoded.text.strip():
        raise InputError(E.E003)
    return decoded


def _detect(data: bytes) -> Decoded:
    results = list(from_bytes(data))
    if not results:
        raise InputError(E.E004, detail="bytes that match no known text encoding")
    codec = codecs.lookup(_pick_encoding(results)).name
    return Decoded(data.decode(codec), codec, [f"decoded as {codec} (not valid UTF-8)"])


def _pick_encoding(results: list[CharsetMatch]) -> str:
    """The detector's best guess, unless a commoner encoding scores about as well.

    Detectors rank close code pages almost arbitrarily (English text with '£' and curly
    quotes scores nearly the same as cp1250, which reads '£' as 'Ł'); among near-ties the
    commonest legacy encoding is the likelier truth.
    """
    best = results[0]
    close = {
        r.encoding
        for r in results
        if r.chaos <= best.chaos + CHAOS_TIE and r.coherence >= best.coherence - COHERENCE_TIE
    }
    for candidate in COMMON_ENCODINGS:
        if candidate in close:
            return candidate
    return best.encoding


def split_front_matter(text: str) -> tuple[str | None, str, str]:
    """Split ``---`` (YAML) or ``+++`` (TOML) front matter off the start of ``text``.

    Returns ``(syntax, front_matter, rest)`` with syntax ``"yaml"``, ``"toml"`` or None.
    """
    match = FRONT_MATTER.match(text)
    if match is None:
        return None, "", text
    syntax = "yaml" if match["fence"] == "---" else "toml"
    return syntax, match["body"], text[match.end() :]


def first_line_title(text: str, *, max_chars: int = 150) -> str | None:
    """The first non-blank line, when short enough to be a title (markdown # stripped)."""
    for line in text.split("\n"):
        line = line.strip()
        if line:
            line = line.lstrip("#").strip()
            return line if 0 < len(line) <= max_chars else None
    return None
