"""The structure component: headings, list items and their lead-ins, paragraphs, page chrome.

Scraped pages keep their cookie banners, navigation, comment forms and related-story teasers;
reports number their recommendations and hang lists from a lead-in ("The Department should,
by March 2020:"). Later components need both facts: an item in chrome is never emitted, a
list item inherits its lead-in's actor and deadline. Every non-empty line becomes one block
region (heading | list_item | lead_in | paragraph); chrome lines get a second region of kind
``chrome`` over the same span. The scan is line by line, so it is linear in the text.

Text taken from PDFs is hard-wrapped: every line of a page ends in a line break, mid-sentence.
In such a text (its long lines all end near one width) a line that fills the width, or ends
without closing punctuation before a line that goes on in lower case, continues into the next
line: the two are one block and no sentence starts at the break (:func:`soft_breaks`).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.extract.gazetteer import load_cues
from pipeline.extract.types import Region, items_of, register_extensions

LINE = re.compile(r"[^\n]+")
NUMBER_MARK = (
    r"(?!(?:19|20)\d\d[.)])\(?\d{1,4}[.)](?!\d)|\(?[a-z][.)]|\([ivxIVX]{1,5}\)|[ivx]{1,5}[.)]"
    r"|(?:Recommendation|Conclusion)\s+\d{1,3}[.:]?"
)
CLOSERS = "\"'”’)]»"
SOCIAL = re.compile(r"\b(facebook|twitter|linkedin|instagram|youtube|pinterest|rss|whatsapp)\b",
                    re.I)
GLUED = re.compile(r"[a-z][A-Z][a-z]")
TERMINAL = re.compile(r"[.!?:;][\"'”’)\]»]*$")
#: no prose sentence runs this many tokens without a full stop; a flattened table or a page
#: that lost its punctuation does, and every per-sentence step would then be quadratic
MAX_SENT_TOKENS = 200
SENT_ENDS = frozenset(".!?;")
#: a line that opens with a label ("Recommendation:", "Target date:") starts a new block
LABEL = re.compile(r"^[A-Z][A-Za-z]*(?: [A-Za-z]+){0,2}:\s")
#: a hard-wrapped text: this many long lines, most of them ending near one width
WRAP_MIN_LINES = 8
WRAP_LONG = 40
WRAP_MAX_WIDTH = 160
WRAP_SHARE = 0.6
WRAP_OPEN_SHARE = 0.4


def wrap_width(lines: list[str]) -> int | None:
    """The width a hard-wrapped text is wrapped at, or None when its lines are not wrapped.

    Scraped pages put a paragraph on one line, so their long lines vary widely in length and
    nearly all end a sentence; a PDF's text breaks every line near the column width, so most
    long lines end close to it, and many in the middle of a sentence.
    """
    long = sorted(len(x) for x in lines if len(x) >= WRAP_LONG)
    if len(long) < WRAP_MIN_LINES:
        return None
    open_ended = sum(1 for x in lines if len(x) >= WRAP_LONG and not TERMINAL.search(x))
    if open_ended < WRAP_OPEN_SHARE * len(long):
        return None
    width = long[int(0.9 * (len(long) - 1))]
    if width > WRAP_MAX_WIDTH:
        return None
    near = sum(1 for n in long if n >= 0.75 * width)
    return width if near >= WRAP_SHARE * len(long) else None


def list_marker() -> re.Pattern:
    """A list marker at the start of a line: a bullet from the cue lists, or a number."""
    bullets = "".join(re.escape(b) for b in load_cues()["structure"]["bullets"])
    return re.compile(rf"^[ \t\u00a0]*(?:(?P<bullet>[{bullets}])|(?P<num>{NUMBER_MARK}))"
                      r"[ \t\u00a0]+(?=\S)")


def soft_breaks(text: str, marker: re.Pattern) -> set[int]:
    """Offsets of the lines of a hard-wrapped text that continue the line before them.

    A line continues the one before when that one filled the width (the next line's first
    word would not have fitted on it), or ended without closing punctuation and was long or
    the next goes on in lower case; never when the next line starts a list item or looks like
    a heading after a finished sentence, or the one before is a lead-in (ends in ':'), and
    never across a blank line.
    """
    lines = [(m.start(), m.group(0).rstrip()) for m in LINE.finditer(text)]
    width = wrap_width([x.strip() for _, x in lines])
    if width is None:
        return set()
    out: set[int] = set()
    for (a, prev), (b, line) in zip(lines, lines[1:], strict=False):
        if text.count("\n", a + len(prev), b) != 1 or not prev.strip() or not line.strip():
            continue
        body = line.strip()
        if marker.match(line) or prev.rstrip().endswith(":") or LABEL.match(body):
            continue
        closed = bool(TERMINAL.search(prev))
        if len(body) < 0.6 * width and not TERMINAL.search(body) and (
                closed or body[:1].isupper()):
            continue  # a heading, or a page number, after a paragraph
        first = body.split(None, 1)[0]
        full = len(prev.strip()) + 1 + len(first) > width
        open_end = not closed and (body[:1].islower() or len(prev.strip()) >= 0.6 * width)
        if full or open_end:
            out.add(b + len(line) - len(line.lstrip()))
    return out


@dataclass
class StructureSettings:
    max_heading_words: int = 20
    max_chrome_words: int = 40
    teaser_lookback: int = 8


class StructureComponent:
    """Marks the layout of a document as :class:`Region` items on ``doc._.pt_regions``."""

    def __init__(self, nlp: Language, name: str, *, max_heading_words: int = 20,
                 max_chrome_words: int = 40, teaser_lookback: int = 8) -> None:
        register_extensions()
        self.name = name
        self.settings = StructureSettings(max_heading_words, max_chrome_words, teaser_lookback)
        cues = load_cues()["structure"]
        self.marker = list_marker()
        self.chrome_line = re.compile(r"^(?:" + "|".join(cues["chrome_lines"]) + r")$", re.I)
        self.chrome_phrase = re.compile("|".join(cues["chrome_phrases"]), re.I)
        self.tail = re.compile(r"^(?:" + "|".join(cues["tail_markers"]) + r")$", re.I)
        self.teaser_end = re.compile(r"^(?:" + "|".join(cues["teaser_ends"]) + r")", re.I)

    def __call__(self, doc: Doc) -> Doc:
        regions = items_of(doc, "pt_regions")
        regions.extend(self.regions(doc.text))
        return doc

    # -- the scan --------------------------------------------------------------------------
    def regions(self, text: str) -> list[Region]:
        """Block regions for every line, then chrome regions over the chrome lines."""
        blocks: list[Region] = []
        plain: list[str] = []  # each block's text without its list marker
        soft = soft_breaks(text, self.marker)
        for m in LINE.finditer(text):
            line = m.group(0)
            stripped = line.strip()
            if not stripped:
                continue
            lead = len(line) - len(line.lstrip())
            start, end = m.start() + lead, m.start() + lead + len(stripped)
            if start in soft and blocks:  # a wrapped line goes on with the block before
                blocks[-1].end = end
                plain[-1] = f"{plain[-1]} {stripped}"
                continue
            mark = self.marker.match(line)
            if mark and len(line) > mark.end():
                number = (mark.group("num") or mark.group("bullet")).strip()
                blocks.append(Region(m.start() + mark.end(), end, "list_item", number=number))
                plain.append(line[mark.end():].strip())
            else:
                blocks.append(Region(start, end, "paragraph"))
                plain.append(stripped)
        self._lead_ins(blocks, plain)
        self._headings(blocks, plain)
        chrome = self._chrome(blocks, plain)
        return blocks + [Region(blocks[i].start, blocks[i].end, "chrome") for i in chrome]

    def _lead_ins(self, blocks: list[Region], plain: list[str]) -> None:
        """A line ending in ':' followed by list items is their lead-in; the list ends at a
        line that is not an item, or at an item numbered in another style ("(c)" then "4.")."""
        current: int | None = None
        style: str | None = None
        for i, block in enumerate(blocks):
            if block.kind == "list_item":
                this = _style(block.number)
                if current is not None and style is not None and this is not None \
                        and this != style:
                    current = None
                if current is None and i > 0 and plain[i - 1].rstrip().endswith(":") \
                        and blocks[i - 1].kind != "list_item":
                    current = i - 1
                    style = this
                    blocks[current].kind = "lead_in"
                block.parent = current
            else:
                current = None

    def _headings(self, blocks: list[Region], plain: list[str]) -> None:
        """Short lines without closing punctuation are headings (titles, standfirsts)."""
        limit = self.settings.max_heading_words
        for block, text in zip(blocks, plain, strict=True):
            if block.kind != "paragraph":
                continue
            words = len(text.split())
            tail = text.rstrip(CLOSERS + " ")
            last = tail[-1:] if tail else ""
            if last in ".;,:" or words > limit:
                continue
            if last in "?!" and words > 10:
                continue
            block.kind = "heading"

    def _chrome(self, blocks: list[Region], plain: list[str]) -> list[int]:
        """Indices of chrome blocks: banner and nav lines, teasers, and the page's tail."""
        chrome: set[int] = set()
        seen_content = False
        for i, text in enumerate(plain):
            bare = text.strip(" .:|>»›").strip()
            words = len(text.split())
            is_chrome = bool(self.chrome_line.match(bare)) or (
                words <= self.settings.max_chrome_words and bool(self.chrome_phrase.search(text))
            ) or len(SOCIAL.findall(text)) >= 3 or (
                len(GLUED.findall(text)) >= 2 and not text.rstrip(CLOSERS).endswith(".")
            )
            if is_chrome:
                chrome.add(i)
            if seen_content and self.tail.match(bare):
                chrome.update(range(i, len(blocks)))
                break
            if self.teaser_end.match(bare) and words <= 4:
                chrome.add(i)
                for j in range(i - 1, max(-1, i - 1 - self.settings.teaser_lookback), -1):
                    if j in chrome or len(plain[j].split()) > 80:
                        break
                    chrome.add(j)
            if not is_chrome and blocks[i].kind != "heading" and words >= 12:
                seen_content = True
        # headings and short lines left between chrome at the end of a page ("Related
        # reading", a sponsor's strapline) belong to it
        for i in range(len(blocks) - 1, -1, -1):
            if i in chrome:
                continue
            short = blocks[i].kind == "heading" or len(plain[i].split()) < 12
            if short and i + 1 < len(blocks) and all(
                    j in chrome for j in range(i + 1, len(blocks))):
                chrome.add(i)
                continue
            break
        return sorted(chrome)


def _style(number: str | None) -> str | None:
    """How a list item is numbered: bullet, number, letter, label; None when it could be
    either a letter or a roman numeral ("i.")."""
    if not number:
        return None
    core = number.strip("().:")
    if core.isdigit():
        return "number"
    if core[:1].isalpha() and " " in core:
        return "label"
    if core.lower() in ("i", "v", "x"):
        return None
    if len(core) == 1 and core.isalpha():
        return "letter"
    if core and set(core.lower()) <= set("ivx"):
        return "roman"
    return "bullet"


@dataclass
class Layout:
    """The block regions of one document, indexed for offset lookups."""

    blocks: list[Region]
    chrome: list[bool]
    starts: list[int]

    @classmethod
    def of(cls, doc: Doc) -> Layout:
        """Built once per document from ``pt_regions`` and cached in ``doc.user_data``."""
        cached = doc.user_data.get("policytrail.layout")
        if cached is not None:
            return cached
        regions = items_of(doc, "pt_regions")
        blocks = [r for r in regions if r.kind != "chrome"]
        chrome_spans = {(r.start, r.end) for r in regions if r.kind == "chrome"}
        layout = cls(blocks, [(b.start, b.end) in chrome_spans for b in blocks],
                     [b.start for b in blocks])
        doc.user_data["policytrail.layout"] = layout
        return layout

    def block_at(self, offset: int) -> int | None:
        """Index of the block holding character ``offset``."""
        i = bisect.bisect_right(self.starts, offset) - 1
        if i >= 0 and offset < self.blocks[i].end:
            return i
        return None

    def is_chrome(self, start: int, end: int) -> bool:
        """Whether a span touches a chrome block."""
        i = max(0, bisect.bisect_right(self.starts, start) - 1)
        while i < len(self.blocks) and self.blocks[i].start < end:
            if self.chrome[i] and self.blocks[i].end > start:
                return True
            i += 1
        return False

    def is_heading(self, start: int) -> bool:
        i = self.block_at(start)
        return i is not None and self.blocks[i].kind == "heading"


@dataclass
class Unit:
    """A sentence clipped to one block: the grain quotes and recommendations are read at."""

    start: int
    end: int
    block: int


def units_of(doc: Doc) -> list[Unit]:
    """Sentences cut at block boundaries (a parser's sentence may run over a line break)."""
    cached = doc.user_data.get("policytrail.units")
    if cached is not None:
        return cached
    layout = Layout.of(doc)
    text = doc.text
    units: list[Unit] = []
    sents = doc.sents if doc.has_annotation("SENT_START") else [doc[:]]
    for sent in sents:
        s, e = sent.start_char, sent.end_char
        i = layout.block_at(s)
        if i is None:
            i = bisect.bisect_right(layout.starts, s)
        while i < len(layout.blocks) and layout.blocks[i].start < e:
            block = layout.blocks[i]
            a, b = max(s, block.start), min(e, block.end)
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if b > a:
                units.append(Unit(a, b, i))
            i += 1
    doc.user_data["policytrail.units"] = units
    return units


class LinesComponent:
    """Starts a sentence at every line that follows a line break, before the parser runs.

    Scraped pages put headings, list items and paragraphs on their own lines without final
    punctuation; left alone, the parser glues a headline onto the first sentence below it and
    the subject of that sentence is lost. Marking these starts costs one pass over the tokens.
    A line that only continues a hard-wrapped sentence (:func:`soft_breaks`) starts nothing.
    """

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.marker = list_marker()

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        soft = soft_breaks(text, self.marker) if "\n" in text else set()
        for tok in doc[1:]:
            prev = doc[tok.i - 1]
            if "\n" in prev.text_with_ws and not tok.is_space:
                if tok.idx not in soft:
                    tok.is_sent_start = True
                elif not TERMINAL.search(text[max(0, tok.idx - 8):tok.idx].rstrip()):
                    tok.is_sent_start = False  # mid-sentence; after a full stop, the parser's
        cap_runs(doc)
        return doc


def cap_runs(doc: Doc, limit: int = MAX_SENT_TOKENS) -> None:
    """Start a sentence after ``limit`` tokens with no sentence end (. ! ? ;) and no start.

    Prose never triggers it (the count restarts at every full stop); it bounds the sentences
    of a flattened table, so the parser's trees and every per-sentence scan stay small and
    extraction stays linear in the text.
    """
    run = 0
    ended = False  # the token before ends a sentence
    for tok in doc:
        if ended or tok.is_sent_start:
            run = 0
        run += 1
        if run > limit and tok.is_sent_start is None and not tok.is_space:
            tok.is_sent_start = True
            run = 1
        ended = tok.text[-1:] in SENT_ENDS


@Language.factory("policytrail_lines")
def make_lines(nlp: Language, name: str) -> LinesComponent:
    return LinesComponent(nlp, name)


@Language.factory("policytrail_structure", default_config={
    "max_heading_words": 20, "max_chrome_words": 40, "teaser_lookback": 8})
def make_structure(nlp: Language, name: str, max_heading_words: int, max_chrome_words: int,
                   teaser_lookback: int) -> StructureComponent:
    return StructureComponent(nlp, name, max_heading_words=max_heading_words,
                              max_chrome_words=max_chrome_words, teaser_lookback=teaser_lookback)
