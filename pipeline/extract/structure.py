"""The structure component: headings, list items and their lead-ins, paragraphs, page chrome.

Scraped pages keep their cookie banners, navigation, comment forms and related-story teasers;
reports number their recommendations and hang lists from a lead-in ("The Department should,
by March 2020:"). Later components need both facts: an item in chrome is never emitted, a
list item inherits its lead-in's actor and deadline. Every non-empty line becomes one block
region (heading | list_item | lead_in | paragraph); chrome lines get a second region of kind
``chrome`` over the same span. The scan is line by line, so it is linear in the text.
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
        bullets = "".join(re.escape(b) for b in cues["bullets"])
        self.marker = re.compile(rf"^[ \t\u00a0]*(?:(?P<bullet>[{bullets}])|(?P<num>{NUMBER_MARK}))"
                                 r"[ \t\u00a0]+(?=\S)")
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
        for m in LINE.finditer(text):
            line = m.group(0)
            stripped = line.strip()
            if not stripped:
                continue
            lead = len(line) - len(line.lstrip())
            start, end = m.start() + lead, m.start() + lead + len(stripped)
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
        """A line ending in ':' followed by list items is their lead-in."""
        current: int | None = None
        for i, block in enumerate(blocks):
            if block.kind == "list_item":
                if current is None and i > 0 and plain[i - 1].rstrip().endswith(":") \
                        and blocks[i - 1].kind != "list_item":
                    current = i - 1
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
    """

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        for tok in doc[1:]:
            prev = doc[tok.i - 1]
            if "\n" in prev.text_with_ws and not tok.is_space:
                tok.is_sent_start = True
        return doc


@Language.factory("policytrail_lines")
def make_lines(nlp: Language, name: str) -> LinesComponent:
    return LinesComponent(nlp, name)


@Language.factory("policytrail_structure", default_config={
    "max_heading_words": 20, "max_chrome_words": 40, "teaser_lookback": 8})
def make_structure(nlp: Language, name: str, max_heading_words: int, max_chrome_words: int,
                   teaser_lookback: int) -> StructureComponent:
    return StructureComponent(nlp, name, max_heading_words=max_heading_words,
                              max_chrome_words=max_chrome_words, teaser_lookback=teaser_lookback)
