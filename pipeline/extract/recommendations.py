"""The recommendations component: who is asked to do what, by whom, by when.

Committee and audit reports recommend in a fixed register ("The Department should ... by
March 2020", "We recommend that ...", numbered lists under "The Department should set out:");
sector bodies call ("the Government must act now", "we urge ministers to"). A sentence is a
recommendation when a cue (modal, "needs to", "calls on X to", "we recommend that", "it is
imperative that") has an actor as its subject or object. That excludes the speaker's own
resolve ("we need to get on with it"), hedged commentary with a pronoun subject, and
conclusions, which state findings without asking anyone to act. Items of a list under a
recommending lead-in are recommendations whatever their grammar, and inherit the lead-in's
actor, issuer and deadline; so are the items of a list under a recommendations heading ("The
big recommendations") and items labelled "Recommendation 3:".

A passive call ("Funding for early help should be ring-fenced", "a national strategy must be
published by 2026") names no actor as its subject: the actor is the "by X" agent when there
is one, else the body the document's other recommendations address (the nearest before it,
else after it), else the department the document is about, else none. Passives that comment
rather than ask ("should be seen as", "should be treated with caution") are not calls.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from pipeline.extract.actors import DocContext, context_of
from pipeline.extract.gazetteer import load_cues
from pipeline.extract.speakers import PRONOUNS, subject_of
from pipeline.extract.structure import Layout, units_of
from pipeline.extract.types import ActorMention, Recommendation, items_of, register_extensions

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], 1)}
MONTHS.update({k[:3]: v for k, v in list(MONTHS.items())})
MONTHS["sept"] = 9
MONTH_RX = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|" \
           r"aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
BY = r"\b(?:by|before|no\s+later\s+than|until|in|from|ahead\s+of)\s+"
DEADLINE_MONTH = re.compile(BY + r"(?:the\s+end\s+of\s+)?" + MONTH_RX
                            + r"\.?\s+(?P<year>(?:19|20)\d{2})\b", re.I)
DEADLINE_YEAR = re.compile(r"\b(?:by|before|no\s+later\s+than)\s+(?:the\s+)?(?:end\s+of\s+)?"
                           r"(?:(?:its|their|the|a|our)\s+)?(?:(?:stated\s+)?"
                           r"(?:goal|target|deadline|aim|ambition)\s+(?:of\s+)?)?"
                           r"(?:(?:spring|summer|autumn|winter)\s+)?(?P<year>(?:19|20)\d{2})"
                           r"(?:\s*[-/–]\s*(?P<y2>\d{2}(?:\d{2})?))?\b", re.I)
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18,
                "a": 1, "an": 1}
WITHIN = re.compile(r"\bwithin\s+(?:the\s+next\s+)?(?P<n>\d{1,2}|[a-z]+)\s+"
                    r"(?P<unit>months?|years?|weeks?)\b", re.I)
END_OF_YEAR = re.compile(r"\b(?:by|before)\s+the\s+end\s+of\s+(?:this|the)\s+"
                         r"(?:calendar\s+)?year\b", re.I)
NEXT_YEAR = re.compile(r"\b(?:by|within)\s+(?:next\s+year|a\s+year)\b", re.I)
BACK_REF = re.compile(r"\b(?:within|in|by)\s+(?:this|that|the\s+same)\s+(?:time\s*-?\s*frame|"
                      r"timescale|period|deadline|date)|\bby\s+then\b|\bat\s+the\s+same\s+time\b",
                      re.I)
FORMAL_ISSUERS = ("committee", "appg", "audit", "regulator", "review", "parliament")


@dataclass
class Cue:
    """What made a sentence a recommendation."""

    kind: str  # modal | need | asking | recommending | necessity
    actors: list[str] = field(default_factory=list)
    issuer: str | None = None  # a body named as making it ("the NAO recommends")
    first_person: bool = False  # "we recommend": the document's own voice
    passive: bool = False  # "X should be done": the actor comes from context


class RecommendationsComponent:
    """Writes :class:`Recommendation` items to ``doc._.pt_recs``."""

    def __init__(self, nlp: Language, name: str, *, require_actor: bool = True) -> None:
        register_extensions()
        self.name = name
        self.require_actor = require_actor
        cues = load_cues()["recommendations"]
        self.modals = set(cues["modals"])
        self.need_verbs = set(cues["need_verbs"])
        self.asking = set(cues["asking_verbs"])
        self.recommending = set(cues["recommending_verbs"])
        self.necessity = set(cues["necessity_adjectives"])
        self.lead_in = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in cues["lead_in_words"])
                                  + r")\b", re.I)
        self.formal = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in cues["formal_words"])
                                 + r")\b", re.I)
        self.passive_not_calls = set(cues["passive_not_calls"])
        self.passive_hedges = _words_rx(cues["passive_hedges"])
        self.section_heading = _words_rx(cues["section_heading_words"])
        self.mixed_heading = _words_rx(cues["mixed_heading_words"])
        self.numbered_labels = tuple(w.lower() for w in cues["numbered_labels"])
        self.speech_verbs = set(load_cues()["speech"]["verbs"])

    # -- the component ---------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        layout = Layout.of(doc)
        ctx = context_of(doc)
        meta = doc._.pt_meta or {}
        date = str(meta.get("published") or "") or None
        publisher = meta.get("publisher")
        text = doc.text
        quotes = [q for q in items_of(doc, "pt_quotes") if q.direct]
        out = items_of(doc, "pt_recs")
        lead_ins: dict[int, tuple[Cue | None, str | None, str | None, bool]] = {}
        last_deadline: str | None = None
        last_issuer: str | None = None
        done_blocks: set[int] = set()
        pending: list[Recommendation] = []  # actor to come from context
        section = False  # under a heading whose list items are recommendations
        units = units_of(doc)
        for k, unit in enumerate(units):
            b = unit.block
            block = layout.blocks[b]
            if layout.chrome[b]:
                continue
            if block.kind == "heading":
                section = self._is_section_heading(text[block.start:block.end])
                continue
            span = doc.char_span(unit.start, unit.end, alignment_mode="expand")
            if span is None:
                continue
            if block.kind == "lead_in" and self.lead_in.search(text[block.start:block.end]):
                cue = self._cue(span, ctx)
                deadline = self._deadline(text[unit.start:unit.end], date, last_deadline)
                issuer = self._issuer(cue, unit.start, unit.end, quotes, ctx, None, span) \
                    or last_issuer or ctx.bodies.get("report")
                formal = bool(self.formal.search(text[block.start:block.end]))
                lead_ins[b] = (cue, deadline, issuer, formal)
                last_deadline = deadline or last_deadline
                last_issuer = issuer or last_issuer
                continue
            if block.kind == "list_item" and block.parent in lead_ins:
                if b in done_blocks:
                    continue
                done_blocks.add(b)
                lead_cue, lead_deadline, lead_issuer, formal = lead_ins[block.parent]
                item_span = doc.char_span(block.start, block.end, alignment_mode="expand")
                cue = self._cue(item_span, ctx) if item_span is not None else None
                actors = (cue.actors if cue and cue.actors else
                          (lead_cue.actors if lead_cue else []))
                deadline = self._deadline(text[block.start:block.end], date, last_deadline) \
                    or lead_deadline
                rec = Recommendation(
                    block.start, block.end, text[block.start:block.end], actors, lead_issuer,
                    deadline, "formal" if formal else "call",
                    reported=bool(lead_issuer and lead_issuer != publisher),
                    number=block.number if block.number and block.number[0].isalnum()
                    else None, sentence=(block.start, block.end))
                out.append(rec)
                last_deadline = deadline or last_deadline
                continue
            if block.kind == "list_item" and b not in done_blocks and (
                    section or self._is_labelled(block.number)):
                done_blocks.add(b)
                item = text[block.start:block.end]
                if len(item.split()) >= 4 and not item.rstrip().endswith(":") and not any(
                        self._unit_cue(doc, u, ctx) for u in _same_block(units, k)):
                    # a recommendation by its place, whatever its grammar: the whole item
                    item_span = doc.char_span(block.start, block.end, alignment_mode="expand")
                    cue = self._cue(item_span, ctx) if item_span is not None else None
                    deadline = self._deadline(item, date, last_deadline)
                    issuer = (cue.issuer if cue else None) or (
                        self._caller(item_span, ctx) if item_span is not None else None) \
                        or last_issuer or ctx.bodies.get("report")
                    rec = Recommendation(
                        block.start, block.end, text[block.start:block.end],
                        list(cue.actors) if cue else [], issuer, deadline,
                        "formal" if ctx.kinds.get(issuer or "") in FORMAL_ISSUERS else "call",
                        reported=bool(issuer and issuer != publisher),
                        number=block.number if block.number and block.number[0].isalnum()
                        else None, sentence=(block.start, block.end))
                    out.append(rec)
                    if not rec.actors:
                        pending.append(rec)
                    last_deadline = deadline or last_deadline
                    last_issuer = issuer or last_issuer
                    continue
            cue = self._unit_cue(doc, unit, ctx, span)
            if cue is None:
                continue
            deadline = self._deadline(text[unit.start:unit.end], date, last_deadline)
            in_quote = next((q for q in quotes if q.start <= unit.start < q.end
                             or unit.start <= q.start < unit.end), None)
            issuer = self._issuer(cue, unit.start, unit.end, quotes, ctx, in_quote, span) \
                or last_issuer or (ctx.bodies.get("report") if in_quote is None else None)
            formal = cue.kind in ("recommending",) or (
                cue.kind == "asking" and cue.first_person) or (
                in_quote is None and ctx.kinds.get(issuer or "") in FORMAL_ISSUERS)
            rec = Recommendation(
                unit.start, unit.end, text[unit.start:unit.end], list(cue.actors), issuer,
                deadline, "formal" if formal else "call",
                reported=bool(issuer and issuer != publisher),
                number=block.number if block.kind == "list_item" and block.number
                and block.number[0].isalnum() else None,
                sentence=(unit.start, unit.end))
            out.append(rec)
            if not rec.actors:
                pending.append(rec)
            last_deadline = deadline or last_deadline
            last_issuer = issuer or last_issuer
        self._addressees(out, pending, ctx)
        return doc

    # -- structure and context -------------------------------------------------------------
    def _is_section_heading(self, heading: str) -> bool:
        """'Our recommendations', 'Key asks': not 'Conclusions and recommendations'."""
        return bool(self.section_heading.search(heading)) and not \
            self.mixed_heading.search(heading)

    def _is_labelled(self, number: str | None) -> bool:
        return bool(number) and number.lower().startswith(self.numbered_labels)

    def _unit_cue(self, doc: Doc, unit, ctx: DocContext, span: Span | None = None) -> Cue | None:
        """The cue that makes a sentence a recommendation on its own, if any."""
        span = span or doc.char_span(unit.start, unit.end, alignment_mode="expand")
        if span is None:
            return None
        text = span.text  # never doc.text per sentence: it joins the whole document
        if text.rstrip().endswith("?"):
            return None
        cue = self._cue(span, ctx)
        if cue is None or (self.require_actor and not cue.actors and not cue.passive):
            return None
        if cue.passive and not cue.actors and self.passive_hedges.search(text):
            return None  # "the figures should be treated with caution": a reader's caveat
        return cue

    def _caller(self, span: Span, ctx: DocContext) -> str | None:
        """The body a bare item says makes it ("The Committee calls for ...")."""
        for tok in span:
            if tok.lemma_.lower() in self.asking | self.recommending and tok.pos_ == "VERB":
                issuer, _ = self._voice(tok, ctx)
                if issuer:
                    return issuer
        return None

    @staticmethod
    def _addressees(out: list[Recommendation], pending: list[Recommendation],
                    ctx: DocContext) -> None:
        """Actors for calls that name none: those of the nearest call before that names some,
        else after, else the department the document is about."""
        if not pending:
            return
        waiting = {id(r) for r in pending}
        named = sorted((r.start, r.actors) for r in out if r.actors and id(r) not in waiting)
        starts = [st for st, _ in named]
        for rec in pending:
            i = bisect.bisect_left(starts, rec.start)
            if i > 0:
                rec.actors = list(named[i - 1][1])
            elif i < len(named):
                rec.actors = list(named[i][1])
            elif "department" in ctx.bodies:
                rec.actors = [ctx.bodies["department"]]

    # -- cues ------------------------------------------------------------------------------
    def _cue(self, span: Span, ctx: DocContext) -> Cue | None:
        """The first recommending cue in a sentence whose actor can be resolved (else the
        first passive call, else the first cue)."""
        fallback: Cue | None = None
        for tok in span:
            cue = self._cue_at(tok, ctx)
            if cue is None:
                continue
            if cue.actors:
                return cue
            if fallback is None or (cue.passive and not fallback.passive):
                fallback = cue
        return fallback

    def _cue_at(self, tok: Token, ctx: DocContext) -> Cue | None:
        low, lemma = tok.lower_, tok.lemma_.lower()
        if low in self.modals and tok.tag_ == "MD" or (low == "ought" and _next_is(tok, "to")):
            verb = tok.head
            if verb.tag_ == "MD" and verb.head is not verb:
                verb = verb.head
            if any(c.lower_ == "have" and c.dep_ == "aux" for c in verb.children) and \
                    verb.tag_ == "VBN":
                return None  # "should have acted": a reproach, not a request
            own = any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)
            if not own:  # "X can, and must, act": the parser hangs X on the first modal
                nearby = self._actors_before(tok, ctx)
                if nearby:
                    return Cue("modal", nearby)
            cue = self._from_subject("modal", verb, ctx)
            if cue is not None and not cue.actors:
                return self._passive("modal", verb, verb, ctx) or cue
            return cue
        if lemma in self.need_verbs and _next_is(tok, "to") and tok.pos_ in ("VERB", "AUX"):
            if lemma == "have" and tok.tag_ not in ("VBZ", "VBP", "VB"):
                return None
            cue = self._from_subject("need", tok, ctx)
            if cue is not None and not cue.actors:
                xcomp = next((c for c in tok.children if c.dep_ == "xcomp"), None)
                if xcomp is not None:
                    return self._passive("need", xcomp, tok, ctx) or cue
            return cue
        if lemma in self.asking and tok.pos_ == "VERB":
            return self._asking(tok, lemma, ctx)
        if lemma in self.recommending and tok.pos_ == "VERB":
            clause = next((c for c in tok.children if c.dep_ in ("ccomp", "xcomp")), None)
            if clause is None:
                return None
            inner = self._from_subject("recommending", clause, ctx)
            if inner is None:
                return None
            issuer, first = self._voice(tok, ctx)
            if lemma == "suggest" and not first and issuer is None:
                return None
            inner.issuer, inner.first_person = issuer, first
            return inner if inner.actors else None
        if low in self.necessity and tok.head.lemma_ == "be" and any(
                c.dep_ == "expl" or c.lower_ == "it" for c in tok.head.children):
            clause = next((c for c in tok.head.children if c.dep_ == "ccomp"), None) or next(
                (c for c in tok.children if c.dep_ == "ccomp"), None)
            if clause is None:
                return None
            inner = self._from_subject("necessity", clause, ctx)
            return inner if inner and inner.actors else None
        return None

    def _passive(self, kind: str, verb: Token, clause: Token, ctx: DocContext) -> Cue | None:
        """A passive call in a main (or reported) clause: "Funding for early help should be
        ring-fenced", "a strategy needs to be published by the Department"."""
        target = verb
        if verb.lemma_ == "be":  # "should be ring-fenced" is often parsed as be + acomp
            target = next((c for c in verb.children if c.dep_ in ("acomp", "oprd", "attr")
                           and c.tag_ == "VBN"), None)
            if target is None:
                return None
        elif verb.tag_ != "VBN" or not any(c.dep_ == "auxpass" for c in verb.children):
            return None
        if target.lemma_.lower() in self.passive_not_calls:
            return None
        if any(c.dep_ in ("xcomp", "advcl") and c.lemma_.lower() in self.speech_verbs
               for c in target.children):
            return None  # "should not be used to suggest ...": an argument about a reading
        subj = subject_of(clause)
        if subj is None or subj.pos_ == "PRON" or subj.lower_ in PRONOUNS:
            return None
        top = clause
        while top.dep_ == "conj" and top.head is not top:
            top = top.head
        if top.dep_ != "ROOT" and not (
                top.dep_ == "ccomp" and top.head.lemma_.lower() in self.speech_verbs
                and self._speaker_is_actor(top.head, ctx)):
            return None  # "a grant that must be spent on ...", "guidance says it should be"
        agents = [o for a in target.children if a.dep_ == "agent"
                  for o in a.children if o.dep_ == "pobj"]
        actors = self._actors(agents[0], ctx) if agents else []
        return Cue(kind, actors, passive=True)

    def _speaker_is_actor(self, verb: Token, ctx: DocContext) -> bool:
        """Whether a speech verb's subject is a body or a person ("the LGA said ...")."""
        subj = subject_of(verb)
        return subj is not None and subj.lower_ in ("we", "i") or (
            subj is not None and bool(self._mentions(subj, ctx)))

    def _from_subject(self, kind: str, verb: Token, ctx: DocContext) -> Cue | None:
        subj = subject_of(verb)
        if subj is None:
            return Cue(kind)
        if subj.lower_ in PRONOUNS or subj.lower_ in ("he", "she", "i"):
            return None
        return Cue(kind, self._actors(subj, ctx))

    def _asking(self, tok: Token, lemma: str, ctx: DocContext) -> Cue | None:
        """'calls on X to', 'urges X to', 'we expect X to', 'X is urged to'."""
        target: Token | None = None
        if lemma == "call":
            prep = next((c for c in tok.children if c.lower_ in ("on", "upon")), None)
            target = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep else None
        else:
            target = next((c for c in tok.children if c.dep_ in ("dobj", "nsubj")
                           and c.i > tok.i), None)
            if target is None:
                xcomp = next((c for c in tok.children if c.dep_ in ("xcomp", "ccomp")), None)
                target = subject_of(xcomp) if xcomp is not None else None
            if target is None and any(c.dep_ == "nsubjpass" for c in tok.children):
                target = next(c for c in tok.children if c.dep_ == "nsubjpass")
                return Cue("asking", self._actors(target, ctx))
        if target is None:
            return None
        window = tok.doc[tok.i:min(len(tok.doc), target.right_edge.i + 3)]
        if not any(t.lower_ == "to" for t in window):
            return None
        issuer, first = self._voice(tok, ctx)
        if lemma in ("expect", "want", "require", "challenge", "encourage") and \
                not first and issuer is None:
            return None
        actors = self._actors(target, ctx)
        return Cue("asking", actors, issuer, first) if actors else None

    def _voice(self, verb: Token, ctx: DocContext) -> tuple[str | None, bool]:
        """Who makes the request: a named body ("the NAO recommends"), or the document ("we")."""
        subj = subject_of(verb)
        if subj is None:
            return None, False
        if subj.lower_ in ("we", "i"):
            return None, True
        bodies = [m for m in self._mentions(subj, ctx) if m.kind != "person"]
        if bodies:
            return bodies[0].name, False
        if subj.lemma_.lower() in ("report", "inquiry", "review", "committee") and \
                "report" in ctx.bodies:
            return ctx.bodies["report"], False
        people = [m for m in self._mentions(subj, ctx) if m.kind == "person"]
        if people:
            return people[0].org or people[0].name, False
        return None, False

    @staticmethod
    def _actors_before(tok: Token, ctx: DocContext, reach: int = 6) -> list[str]:
        """Bodies named just before a cue whose verb the parser left without a subject."""
        sent_start = tok.sent.start
        lo = max(sent_start, tok.i - reach)
        for t in reversed(tok.doc[lo:tok.i]):
            if t.pos_ == "VERB" or t.lower_ in (";", ":"):
                break
            found = [m for m in ctx.within(t.idx, t.idx + len(t.text) + 60)
                     if m.kind != "person" and m.start <= t.idx < m.end]
            if found:
                return [found[0].name]
        return []

    @staticmethod
    def _mentions(tok: Token, ctx: DocContext) -> list[ActorMention]:
        start = tok.left_edge.idx
        end = tok.right_edge.idx + len(tok.right_edge.text)
        return ctx.within(start, end)

    def _actors(self, subj: Token, ctx: DocContext) -> list[str]:
        """Bodies named in a subject (people are not actors a recommendation is tracked on)."""
        names: list[str] = []
        for m in self._mentions(subj, ctx):
            if m.kind != "person" and m.name not in names:
                names.append(m.name)
        return names

    def _issuer(self, cue: Cue | None, start: int, end: int, quotes: list, ctx: DocContext,
                in_quote: object | None, span: Span) -> str | None:
        """The body making the recommendation."""
        if cue and cue.issuer:
            return cue.issuer
        if in_quote is not None:
            return getattr(in_quote, "org", None) or getattr(in_quote, "speaker", None)
        if cue and cue.first_person:
            return ctx.bodies.get("report")
        for tok in span:  # "The APPG has made the following recommendations"
            if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.dep_ == "ROOT":
                names = [m.name for m in self._mentions(tok, ctx) if m.kind != "person"]
                if names and cue and set(names) <= set(cue.actors):
                    continue  # who is asked to act is not who asks
                if names:
                    return names[0]
                if tok.lemma_.lower() in ("report", "inquiry", "review") and "report" in ctx.bodies:
                    return ctx.bodies["report"]
        return None

    # -- deadlines -------------------------------------------------------------------------
    @staticmethod
    def _deadline(text: str, date: str | None, previous: str | None) -> str | None:
        """YYYY-MM or YYYY from the sentence; relative spans from the document's date."""
        found: list[tuple[int, str]] = []
        for m in DEADLINE_MONTH.finditer(text):
            name = m.group("month").lower()
            month = MONTHS.get(name) or MONTHS.get(name[:3])
            if month:
                found.append((m.start(), f"{m.group('year')}-{month:02d}"))
        for m in DEADLINE_YEAR.finditer(text):
            year = m.group("year")
            if m.group("y2"):  # a financial or academic year ends in its second year
                y2 = m.group("y2")
                year = y2 if len(y2) == 4 else year[:2] + y2
            found.append((m.start(), year))
        if date and len(date) >= 4 and date[:4].isdigit():
            y = int(date[:4])
            mo = int(date[5:7]) if len(date) >= 7 and date[5:7].isdigit() else None
            for m in WITHIN.finditer(text):
                n = m.group("n").lower()
                count = int(n) if n.isdigit() else NUMBER_WORDS.get(n)
                if not count:
                    continue
                unit = m.group("unit").lower()
                if unit.startswith("year"):
                    found.append((m.start(), str(y + count) if mo is None else
                                  f"{y + count}-{mo:02d}"))
                elif mo is not None:
                    months = count if unit.startswith("month") else max(1, round(count / 4.345))
                    total = y * 12 + (mo - 1) + months
                    found.append((m.start(), f"{total // 12}-{total % 12 + 1:02d}"))
                else:
                    found.append((m.start(), str(y + (1 if unit.startswith("month") and
                                                      count >= 12 else 0))))
            for m in END_OF_YEAR.finditer(text):
                found.append((m.start(), str(y)))
            for m in NEXT_YEAR.finditer(text):
                found.append((m.start(), str(y + 1)))
        if previous:
            for m in BACK_REF.finditer(text):
                found.append((m.start(), previous))
        if not found:
            return None
        return min(found)[1]


def deadline_in(text: str, date: str | None = None) -> str | None:
    """The deadline a sentence sets (YYYY-MM or YYYY), relative spans read from ``date``:
    the analysis reads promises ("we will publish it by the end of 2023") with it."""
    return RecommendationsComponent._deadline(text, date, None)


def _same_block(units: list, k: int) -> list:
    """The units from ``units[k]`` on that share its block (units run in text order)."""
    out = []
    for u in units[k:]:
        if u.block != units[k].block:
            break
        out.append(u)
    return out


def _words_rx(words: list[str]) -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.I)


def _next_is(tok: Token, word: str) -> bool:
    return tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == word


@Language.factory("policytrail_recommendations", default_config={"require_actor": True})
def make_recommendations(nlp: Language, name: str, require_actor: bool) -> RecommendationsComponent:
    return RecommendationsComponent(nlp, name, require_actor=require_actor)
