"""The quotes component: direct quotations and reported speech, with resolved speakers.

News copy and press releases carry claims in two forms. Direct: a passage in quotation marks,
often over several paragraphs (each reopening with a mark, closed only at the end), framed by
"X said:" before it, ", she added." after it, or nothing at all when the previous paragraph
named the speaker. Reported: "X warned that ...", "the committee found ...", "according to X".

Marks are read per paragraph, so an unbalanced mark can only run to the end of its paragraph:
the scan is linear however broken the input. Straight and curly marks are treated alike
because scraped text mixes them. A short quoted phrase in a narrative sentence is a scare
quote or a name ("the 'partners in practice' programme"), not a claim, unless it speaks in
the first person; inside a reported-speech sentence it is part of that claim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from pipeline.extract.actors import DocContext, context_of
from pipeline.extract.gazetteer import load_cues
from pipeline.extract.speakers import (
    Speaker,
    as_speaker,
    mention_for,
    speaker_from_subject,
    subject_of,
)
from pipeline.extract.structure import Layout, Unit, units_of
from pipeline.extract.types import Quote, items_of, register_extensions, text_of

OPENERS = "“\"«"
CLOSERS = "”\"»"
MARKS = re.compile(r"[“”\"«»]")
SINGLE = re.compile(r"(?:(?<=^)|(?<=[\s(—–-]))‘(?P<body>[^‘’\n]{3,600}?)’(?![\w])")
FIRST_PERSON = re.compile(r"\b(?:I|me|my|we|us|our|I'm|I’m|we're|we’re)\b", re.I)
LETTER = re.compile(r"[A-Za-z]")
FINITE_TAGS = {"VBD", "VBZ", "VBP", "VB", "VBN", "MD"}
# a transcript's speaker label: "Ms Jane Doe (Somewhere) (Lab): ...", "The Minister for X
# (Jane Doe): ...", "Mr Doe: ..."
LABEL = re.compile(r"(?P<label>(?:(?P<title>Mr|Ms|Mrs|Miss|Dr|Sir|Dame|Lord|Baroness)\s+)?"
                   r"(?P<name>[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.,-]*|of|for|and|the)){0,7}?)"
                   r"(?P<paren>(?:\s+\([^)\n]{1,80}\)){0,2})):\s+(?=\S)")
PROCEDURAL = re.compile(r"(?:Question put|Resolved|Motion (?:made|lapsed)|Division|Sitting "
                        r"(?:suspended|adjourned)|Ordered|Bill read)", re.I)
TIMESTAMP = re.compile(r"^\[?\d{1,2}[.:]\d{2}\s*(?:am|pm)?\]?$", re.I)


@dataclass
class Segment:
    """One run of quoted text inside one block."""

    start: int
    end: int
    block: int
    opens_block: bool
    closed: bool
    group: int = -1
    absorbed: bool = False


@dataclass
class Group:
    """A quotation: segments that continue from one paragraph to the next."""

    segments: list[Segment] = field(default_factory=list)
    speaker: Speaker | None = None
    resolved: bool = False


class QuotesComponent:
    """Writes :class:`Quote` items to ``doc._.pt_quotes``."""

    def __init__(self, nlp: Language, name: str, *, min_words: int = 6,
                 quote_block_share: float = 0.5) -> None:
        register_extensions()
        self.name = name
        self.min_words = min_words
        self.quote_block_share = quote_block_share
        speech = load_cues()["speech"]
        self.verbs = set(speech["verbs"])
        self.particles = {k: set(v) for k, v in speech["needs_particle"].items()}
        self.findings = set(speech["findings"])
        self.needs_clause = set(speech.get("needs_clause", []))
        self.report_nouns = set(speech["report_nouns"])
        self.unnamed = set(speech["unnamed"])

    # -- the component ---------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        layout = Layout.of(doc)
        ctx = context_of(doc)
        text = text_of(doc)
        segments = self._segments(text, layout)
        groups = self._groups(segments, layout, text)
        by_block: dict[int, list[Segment]] = {}
        for seg in segments:
            by_block.setdefault(seg.block, []).append(seg)
        quote_blocks = {b for b, segs in by_block.items() if self._share(segs, layout, b)
                        >= self.quote_block_share}
        out = items_of(doc, "pt_quotes")
        turns = self._turns(text, layout, ctx)
        out.extend(turns.values())
        last: Speaker | None = None
        for unit in units_of(doc):
            block = layout.blocks[unit.block]
            if layout.chrome[unit.block] or block.kind == "heading" or unit.block in turns:
                continue
            segs = [s for s in by_block.get(unit.block, []) if s.start < unit.end and
                    unit.start < s.end]
            span = doc.char_span(unit.start, unit.end, alignment_mode="expand")
            if span is None:
                continue
            if unit.block in quote_blocks:
                for seg in segs:
                    group = groups[seg.group]
                    if not group.resolved:
                        group.speaker = self._group_speaker(doc, group, layout, by_block, ctx,
                                                            last)
                        group.resolved = True
                    if not seg.absorbed and seg.start >= unit.start:
                        out.append(self._direct(text, seg, group.speaker))
                        seg.absorbed = True
                        last = group.speaker if group.speaker and group.speaker.name else last
                continue
            if self._is_frame(unit, layout, by_block, text):
                continue
            claims = self._reported(span, segs, ctx)
            for start, end, speaker in claims:
                out.append(Quote(start, end, text[start:end], speaker.name, speaker.org,
                                 speaker.role, direct=False,
                                 sentence=(unit.start, unit.end)))
                if speaker.name:
                    last = speaker
            if claims:
                for seg in segs:
                    seg.absorbed = True
                continue
            for seg in segs:
                if seg.absorbed or not self._speech_like(text, seg, unit):
                    continue
                speaker = self._sentence_subject(span, ctx) or last
                out.append(self._direct(text, seg, speaker, sentence=(unit.start, unit.end)))
                seg.absorbed = True
        return doc

    # -- transcripts -----------------------------------------------------------------------
    def _turns(self, text: str, layout: Layout, ctx: DocContext) -> dict[int, Quote]:
        """A debate transcript's speeches: every paragraph of a turn is the speaker's claim.

        Only a document with at least two speaker labels is read as a transcript, so a
        "Note: ..." line in an article is never taken for one.
        """
        labels: dict[int, tuple[int, str]] = {}
        for b, block in enumerate(layout.blocks):
            if layout.chrome[b] or block.kind == "heading":
                continue
            m = LABEL.match(text, block.start, block.end)
            if not m:
                continue
            name = self._label_speaker(m, ctx)
            if name:
                labels[b] = (m.end(), name)
        if len(labels) < 2:
            return {}
        out: dict[int, Quote] = {}
        current: str | None = None
        for b, block in enumerate(layout.blocks):
            if layout.chrome[b] or block.kind == "heading" or text[block.start] == "[":
                current = None if block.kind == "heading" else current
                continue
            if TIMESTAMP.match(text[block.start:block.end]):
                continue
            if PROCEDURAL.match(text, block.start, block.end):  # the chair's business
                current = None
                continue
            start = block.start
            if b in labels:
                start, current = labels[b]
            if current is None:
                continue
            org = ctx.org_of(current)
            out[b] = Quote(start, block.end, text[start:block.end], current, org, None,
                           direct=True, sentence=(block.start, block.end))
        return out

    @staticmethod
    def _label_speaker(m: re.Match[str], ctx: DocContext) -> str | None:
        """The person a label names: the name in brackets after an office, else the name."""
        name, title, paren = m.group("name"), m.group("title"), m.group("paren") or ""
        if name.startswith("The ") or name.startswith("the "):
            inner = re.findall(r"\(([^)]+)\)", paren)
            inner = [re.sub(r"^(?:Mr|Ms|Mrs|Miss|Dr|Sir|Dame)\s+", "", p) for p in inner]
            people = [p for p in inner if re.fullmatch(r"[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)+", p)]
            return people[0] if people else None
        if not title and not paren:
            return None
        if len(name.split()) > 4:
            return None
        if len(name.split()) == 1:
            found = [p.name for p in ctx.people if p.surname == name and " " in p.name]
            return found[-1] if found else name
        return name

    # -- direct quotations -----------------------------------------------------------------
    def _segments(self, text: str, layout: Layout) -> list[Segment]:
        """Quoted runs per block; an unclosed mark runs to the end of its block."""
        segments: list[Segment] = []
        for b, block in enumerate(layout.blocks):
            if layout.chrome[b] or block.kind == "heading":
                continue
            opened: int | None = None
            found = False
            for m in MARKS.finditer(text, block.start, block.end):
                p, c = m.start(), m.group(0)
                if opened is None:
                    before = text[p - 1] if p > block.start else " "
                    if c in "“«" or (c == '"' and not before.isalnum()):
                        opened = p
                    continue
                after = text[p + 1] if p + 1 < block.end else " "
                if c in "”»" or c == '"' or (c == "“" and not after.isalnum()):
                    segments.append(Segment(opened, p + 1, b, opened == block.start, True))
                    found = True
                    opened = None
            if opened is not None:
                segments.append(Segment(opened, block.end, b, opened == block.start, False))
                found = True
            if not found:
                for m in SINGLE.finditer(text, block.start, block.end):
                    if len(m.group("body").split()) >= self.min_words:
                        segments.append(Segment(m.start(), m.end(), b,
                                                m.start() == block.start, True))
        return segments

    def _groups(self, segments: list[Segment], layout: Layout, text: str) -> list[Group]:
        """Chain an unclosed segment to the next paragraph when that reopens with a mark."""
        groups: list[Group] = []
        prev: Segment | None = None
        for seg in segments:
            joined = False
            if prev is not None and not prev.closed and seg.opens_block:
                between = range(prev.block + 1, seg.block)
                if all(not LETTER.search(text[layout.blocks[i].start:layout.blocks[i].end])
                       for i in between):
                    joined = True
            if not joined:
                groups.append(Group())
            seg.group = len(groups) - 1
            groups[-1].segments.append(seg)
            prev = seg
        return groups

    @staticmethod
    def _share(segs: list[Segment], layout: Layout, b: int) -> float:
        block = layout.blocks[b]
        return sum(s.end - s.start for s in segs) / max(1, block.end - block.start)

    def _group_speaker(self, doc: Doc, group: Group, layout: Layout,
                       by_block: dict[int, list[Segment]], ctx: DocContext,
                       last: Speaker | None) -> Speaker | None:
        """The frame before the first segment, after the last, or a lead-in paragraph."""
        first, final = group.segments[0], group.segments[-1]
        for b in dict.fromkeys((first.block, final.block)):
            speaker = self._frame_speaker(doc, b, layout, by_block, ctx)
            if speaker:
                return speaker
        if first.opens_block and first.block > 0:
            prev = layout.blocks[first.block - 1]
            if text_of(doc)[prev.start:prev.end].rstrip().endswith(":"):
                span = doc.char_span(prev.start, prev.end, alignment_mode="expand")
                if span is not None:
                    found = self._speech_verbs(span, [], ctx)
                    if found:
                        return found[0][1]
                    mentions = ctx.within(prev.start, prev.end)
                    if mentions:
                        return as_speaker(mentions[0], ctx)
        return last

    def _frame_speaker(self, doc: Doc, b: int, layout: Layout,
                       by_block: dict[int, list[Segment]], ctx: DocContext) -> Speaker | None:
        """A speech verb outside the quoted runs of a block, and its subject."""
        block = layout.blocks[b]
        segs = by_block.get(b, [])
        span = doc.char_span(block.start, block.end, alignment_mode="expand")
        if span is None:
            return None
        found = self._speech_verbs(span, segs, ctx)
        if found:
            return found[0][1]
        text = text_of(doc)
        m = re.search(r"according to\s+", text[block.start:block.end])
        if m:
            mentions = ctx.within(block.start + m.end(), block.end)
            if mentions:
                return as_speaker(mentions[0], ctx)
        return None

    @staticmethod
    def _direct(text: str, seg: Segment, speaker: Speaker | None,
                sentence: tuple[int, int] | None = None) -> Quote:
        end = seg.end
        while end > seg.start and text[end - 1].isspace():
            end -= 1
        sp = speaker or Speaker(None)
        return Quote(seg.start, end, text[seg.start:end], sp.name, sp.org, sp.role,
                     direct=True, sentence=sentence)

    def _speech_like(self, text: str, seg: Segment, unit: Unit) -> bool:
        """A quoted run in narrative is a claim if it is long or speaks in the first person,
        and not a title (most words capitalised)."""
        body = text[seg.start + 1:seg.end - 1] if seg.closed else text[seg.start + 1:seg.end]
        words = body.split()
        if not words:
            return False
        capitalised = sum(1 for w in words if w[:1].isupper())
        if len(words) >= 3 and capitalised / len(words) > 0.6:
            return False
        return len(words) >= self.min_words or bool(FIRST_PERSON.search(body)) or \
            (seg.opens_block and seg.start == unit.start)

    def _sentence_subject(self, span: Span, ctx: DocContext) -> Speaker | None:
        """The person or body the sentence is about (the subject of its root)."""
        root = span.root
        subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None:
            return None
        found = speaker_from_subject(subj, ctx, self.report_nouns, self.unnamed)
        return found if isinstance(found, Speaker) and found.name else None

    # -- reported speech -------------------------------------------------------------------
    def _speech_verbs(self, span: Span, segs: list[Segment],
                      ctx: DocContext) -> list[tuple[Token, Speaker]]:
        """Speech verbs outside quoted runs with a subject that can be a speaker."""
        out: list[tuple[Token, Speaker]] = []
        for tok in span:
            if any(s.start <= tok.idx < s.end for s in segs):
                continue
            if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and \
                    tok.nbor().lower_ == "to":
                obj = tok.doc[tok.i + 2:min(len(tok.doc), tok.i + 12)]
                m = mention_for(ctx, obj.start_char, obj.end_char, None)
                if m is not None:
                    out.append((tok, as_speaker(m, ctx)))
                continue
            lemma = tok.lemma_.lower()
            if lemma not in self.verbs or tok.pos_ not in ("VERB",):
                continue
            if tok.tag_ not in FINITE_TAGS or any(c.dep_ == "auxpass" for c in tok.children):
                continue
            if tok.tag_ == "VBN" and not any(c.dep_ == "aux" for c in tok.children):
                continue
            if lemma in self.needs_clause and not any(
                    c.dep_ in ("ccomp", "xcomp") for c in tok.children):
                continue
            if lemma in self.particles and not any(
                    c.lower_ in self.particles[lemma] for c in tok.children):
                continue
            subj = subject_of(tok)
            if subj is None:
                continue
            speaker = speaker_from_subject(subj, ctx, self.report_nouns, self.unnamed)
            if speaker is False or speaker is None:
                continue
            if lemma in self.findings and speaker.kind in ("collective", "government") and \
                    subj.lemma_.lower() not in self.report_nouns:
                continue
            out.append((tok, speaker))
        return out

    def _reported(self, span: Span, segs: list[Segment],
                  ctx: DocContext) -> list[tuple[int, int, Speaker]]:
        """Reported-speech claims in a sentence: one per distinct named speaker."""
        found = self._speech_verbs(span, segs, ctx)
        if not found:
            return []
        claims: list[tuple[int, int, Speaker]] = []
        for verb, speaker in found:
            if claims:
                prev = claims[-1][2]
                if speaker.name == prev.name or speaker.name is None or speaker.kind is None:
                    continue
                subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")),
                            None)
                if subj is None:  # a subject borrowed from a coordinated verb: same claim
                    continue
                cut = min(verb.idx, subj.left_edge.idx) if subj is not None else verb.idx
                if cut <= claims[-1][0]:
                    continue
                s0, _, sp0 = claims[-1]
                claims[-1] = (s0, cut, sp0)
                claims.append((cut, span.end_char, speaker))
            else:
                claims.append((span.start_char, span.end_char, speaker))
        text = text_of(span.doc)
        trimmed = []
        for s, e, sp in claims:
            while e > s and (text[e - 1].isspace() or text[e - 1] in ",;"):
                e -= 1
            trimmed.append((s, e, sp))
        return trimmed

    @staticmethod
    def _is_frame(unit: Unit, layout: Layout, by_block: dict[int, list[Segment]],
                  text: str) -> bool:
        """'X said:' closing its paragraph, before a paragraph that opens with a mark."""
        if not text[unit.start:unit.end].rstrip().endswith(":"):
            return False
        nxt = unit.block + 1
        return any(s.opens_block for s in by_block.get(nxt, []))


@Language.factory("policytrail_quotes", default_config={"min_words": 6,
                                                        "quote_block_share": 0.5})
def make_quotes(nlp: Language, name: str, min_words: int,
                quote_block_share: float) -> QuotesComponent:
    return QuotesComponent(nlp, name, min_words=min_words, quote_block_share=quote_block_share)
