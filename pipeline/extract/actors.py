"""The actors component: bodies from the gazetteer, the document's context bodies, and people.

A researcher filters by who said or is asked to do what, so every mention resolves to one
canonical name: aliases and acronyms through the gazetteer ("the LGA"), renamed bodies to the
name in force on the document's date, context aliases to the body this document is about ("the
Department" in a report on the DfE, "the committee", "the report"), and people to the full
name of their first mention ("Ms Smith", "she", "the chair of X" after "Jane Smith, chair of
X"), with the organisation and role the text ties them to.

The resolved state is kept on the Doc (``doc.user_data["policytrail.context"]``) for the
quotes and recommendations components.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.extract.gazetteer import Gazetteer, Hit, load_cues
from pipeline.extract.structure import Layout
from pipeline.extract.types import ActorMention, items_of, register_extensions

NAME = r"(?:[A-Z][a-z]*[A-Z]?[a-z]+|[A-Z]['’][A-Z][a-z]+)(?:-[A-Z][a-z]+)?"
SP = r"[ \u00a0]+"
FULL = rf"{NAME}(?:{SP}{NAME}){{1,2}}"
PRONOUN = re.compile(r"\b(?:[Ss]he|[Hh]e)\b")
PARTY = re.compile(r"^\s*\((?:Lab|Con|LD|Lib Dem|Ind|Green|SNP|Plaid|Reform|C|L|I)\)")
SPEECH_AFTER = re.compile(
    r"^\s*(?:said|says|added|adds|told|tells|warned|warns|argued|argues|admitted|explained|"
    r"concluded|claimed|insisted|stressed|noted|has said|had said)\b")
APPG = re.compile(rf"All[- ]Party{SP}Parliamentary{SP}Group{SP}(?P<prep>for|on){SP}"
                  rf"(?P<topic>[A-Z][\w'’]*(?:{SP}(?:and|of|the|[A-Z][\w'’]*))*)"
                  rf"|APPG{SP}(?P<prep2>for|on){SP}(?P<topic2>[A-Z][\w'’]*(?:{SP}(?:and|of|the|[A-Z][\w'’]*))*)")
COMMITTEE = re.compile(rf"\b(?P<topic>[A-Z][\w'’,]*(?:{SP}(?:and|[A-Z][\w'’,]*)){{0,5}}){SP}"
                       rf"(?:Select{SP})?Committee\b")
REPORTING = re.compile(r"^\s*(?:\([A-Za-z]+\)\s*)?(?:has\s+|have\s+|today\s+|recently\s+)?"
                       r"(?:published|publishes|released|releases|launched|launches|produced|"
                       r"issued|issues)\b")
REPORT_OF = re.compile(r"(?:report|inquiry|review|investigation)\s+(?:by|from|of)\s+(?:the\s+)?$",
                       re.I)
#: "Smith v Jones", "R v Smith": the parties named in a court case
COURT_AFTER = re.compile(r"[ \u00a0]+v\.?[ \u00a0]+[A-Z]")
COURT_BEFORE = re.compile(r"\b[A-Z][\w'’]*(?:[ \u00a0]+[A-Z][\w'’]*)*[ \u00a0]+v\.?[ \u00a0]+$")
REPORT_KINDS = ("committee", "appg", "audit", "regulator", "review", "sector body", "charity",
                "think tank", "parliament")


@dataclass
class Person:
    """One person in one document."""

    name: str
    surname: str
    gender: str | None = None
    org: str | None = None
    role: str | None = None


@dataclass
class DocContext:
    """What the actors component resolved, for the components after it."""

    mentions: list[ActorMention] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    person_of: dict[int, Person] = field(default_factory=dict)  # id(mention) -> Person
    bodies: dict[str, str] = field(default_factory=dict)  # context kind -> canonical name
    kinds: dict[str, str] = field(default_factory=dict)  # canonical name -> kind
    starts: list[int] = field(default_factory=list)

    def index(self) -> None:
        self.mentions.sort(key=lambda m: (m.start, -m.end))
        self.starts = [m.start for m in self.mentions]

    def within(self, start: int, end: int) -> list[ActorMention]:
        """Mentions inside ``[start, end)``."""
        i = bisect.bisect_left(self.starts, start)
        out = []
        while i < len(self.mentions) and self.mentions[i].start < end:
            if self.mentions[i].end <= end:
                out.append(self.mentions[i])
            i += 1
        return out

    def last_person_before(self, offset: int, gender: str | None = None) -> Person | None:
        """The person mentioned most recently before ``offset`` (matching ``gender``)."""
        i = bisect.bisect_left(self.starts, offset) - 1
        while i >= 0:
            person = self.person_of.get(id(self.mentions[i]))
            if person and (gender is None or person.gender in (None, gender)):
                return person
            i -= 1
        return None

    def org_of(self, name: str | None) -> str | None:
        """A speaker's organisation: the person's, or the body itself."""
        if not name:
            return None
        for person in self.people:
            if person.name == name:
                return person.org
        return name if name in self.kinds else None


def context_of(doc: Doc) -> DocContext:
    """The document's resolved actors (empty when the actors component did not run)."""
    return doc.user_data.get("policytrail.context") or DocContext()


class ActorsComponent:
    """Finds and resolves actor mentions; writes ``doc._.pt_actors``."""

    def __init__(self, nlp: Language, name: str, *, gazetteer_path: str | None = None,
                 pronoun_window: int = 2000) -> None:
        register_extensions()
        self.name = name
        self.pronoun_window = pronoun_window
        from pathlib import Path

        self.gazetteer = Gazetteer.from_file(Path(gazetteer_path) if gazetteer_path else None)
        # departments a text calls by their own name ("the Treasury"), never "the Department"
        self.central = {b.name for b in self.gazetteer.bodies.values() if b.not_context}
        people = load_cues()["people"]
        self.gender = {t: "f" for t in people["titles_female"]}
        self.gender.update({t: "m" for t in people["titles_male"]})
        titles = people["titles_female"] + people["titles_male"] + people["titles_neutral"]
        self.not_names = set(people["not_names"])
        # "Child Q", "Baby Ellie", "Family A": a case named for anonymity, not a person
        self.case_labels = set(people.get("case_labels", []))
        named = "|".join(re.escape(w) for w in self.case_labels) or "(?!)"
        lettered = "|".join(re.escape(w) for w in people.get("case_letter_labels", [])) or "(?!)"
        self.case_rx = re.compile(rf"\b(?:(?:{named}){SP}[A-Z][\w'’-]*|(?:{named}|{lettered})"
                                  rf"{SP}[A-Z])\b(?!{SP}[A-Z])")
        roles = sorted(people["roles"], key=len, reverse=True)
        self.role_rx = "(?:" + "|".join(re.escape(r) for r in roles) + ")"
        title_rx = "|".join(re.escape(t) for t in sorted(titles, key=len, reverse=True))
        self.titled = re.compile(rf"\b(?P<title>{title_rx})\.?{SP}(?P<name>{FULL}|{NAME})")
        self.full = re.compile(rf"\b{FULL}")
        self.role_before = re.compile(rf"(?i:\b{self.role_rx}){SP}$")
        self.role_of = re.compile(rf"(?i:\b(?:the|its|their|a|former|new){SP}(?P<role>"
                                  rf"(?:[a-z-]+{SP})?{self.role_rx}))(?:{SP}of)?{SP}(?:the{SP})?$")
        self.role_after = re.compile(rf"^(?:['’]s?)?{SP}(?P<role>(?i:{self.role_rx}))\b")

    # -- the component ---------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        meta = doc._.pt_meta or {}
        layout = Layout.of(doc)
        ctx = DocContext()
        text = doc.text
        hits = self._bodies(text)
        ctx.kinds = {h.body.name: h.body.kind for h in hits if h.body}
        ctx.bodies = self._context_bodies(text, hits, layout)
        date = meta.get("published")
        for hit in hits:
            if hit.body:
                name = self.gazetteer.name_at(hit.body.name, date)
                ctx.mentions.append(ActorMention(hit.start, hit.end, name, hit.body.kind))
            elif hit.context_kind and hit.context_kind in ctx.bodies:
                name = ctx.bodies[hit.context_kind]
                if hit.context_kind == "department" and "ministry" in hit.text.lower():
                    name = ctx.bodies.get("ministry", name)
                ctx.mentions.append(ActorMention(hit.start, hit.end, name,
                                                 ctx.kinds.get(name, hit.context_kind)))
        for m in ctx.mentions:
            ctx.kinds.setdefault(m.name, m.kind)
        self._people(doc, ctx, hits)
        ctx.index()
        items_of(doc, "pt_actors").extend(ctx.mentions)
        doc.user_data["policytrail.context"] = ctx
        return doc

    # -- bodies ----------------------------------------------------------------------------
    def _bodies(self, text: str) -> list[Hit]:
        """Gazetteer hits plus all-party groups and committees the gazetteer does not list."""
        hits = self.gazetteer.find(text)
        taken = [(h.start, h.end) for h in hits]
        from pipeline.extract.gazetteer import Body

        extra: list[Hit] = []
        for m in APPG.finditer(text):
            prep = m.group("prep") or m.group("prep2")
            topic = (m.group("topic") or m.group("topic2")).rstrip(",")
            name = f"APPG {prep} {topic}"
            known = self.gazetteer.lookup(name)
            body = self.gazetteer.bodies.get(known[0]) if known and known[0] else None
            extra.append(Hit(m.start(), m.end(), m.group(0), body or Body(name, "appg")))
        for m in COMMITTEE.finditer(text):
            topic = m.group("topic").rstrip(",")
            if topic.split()[0] in ("The", "A", "This", "That", "Our", "Its"):
                continue
            name = f"{topic} Committee"
            known = self.gazetteer.lookup(name)
            body = self.gazetteer.bodies.get(known[0]) if known and known[0] else None
            extra.append(Hit(m.start(), m.end(), m.group(0), body or Body(name, "committee")))
        for h in extra:
            if not any(a < h.end and h.start < b for a, b in taken):
                hits.append(h)
                taken.append((h.start, h.end))
        hits.sort(key=lambda h: h.start)
        return hits

    def _context_bodies(self, text: str, hits: list[Hit], layout: Layout) -> dict[str, str]:
        """The body each context alias stands for in this document."""
        real = [h for h in hits if h.body and not layout.is_chrome(h.start, h.end)]
        out: dict[str, str] = {}
        departments = Counter(h.body.name for h in real if h.body.kind == "department"
                              and h.body.name not in self.central)
        # "the Department" is a body called a department, "the Ministry" one called a ministry
        # (a report on the DfE that often names MHCLG still means the DfE by "the Department")
        for key, word in (("department", "department"), ("ministry", "ministry")):
            called = {n: c for n, c in departments.items() if word in n.lower()} or (
                departments if key == "department" else {})
            if called:
                best = max(called.values())
                out[key] = next(h.body.name for h in real if called.get(h.body.name) == best)
        for kind in ("committee", "appg", "audit", "regulator", "sector body", "council"):
            first = next((h.body.name for h in real if h.body.kind == kind), None)
            if first:
                out[kind] = first
        if "committee" not in out and "appg" in out:
            out["committee"] = out["appg"]
        owner = None
        for h in real:
            if h.body.kind in REPORT_KINDS and (
                    REPORTING.match(text, h.end, min(len(text), h.end + 60))
                    or REPORT_OF.search(text, max(0, h.start - 40), h.start)):
                owner = h.body.name
                break
        if owner is None:
            owner = out.get("committee") or out.get("audit")
        if owner is None:
            owner = next((h.body.name for h in real if h.body.kind in REPORT_KINDS), None)
        if owner:
            out["report"] = owner
            out.setdefault("committee", owner) if self._kind(hits, owner) == "appg" else None
        return out

    @staticmethod
    def _kind(hits: list[Hit], name: str) -> str | None:
        return next((h.body.kind for h in hits if h.body and h.body.name == name), None)

    # -- people ----------------------------------------------------------------------------
    def _people(self, doc: Doc, ctx: DocContext, hits: list[Hit]) -> None:
        text = doc.text
        body_spans = sorted((m.start, m.end) for m in ctx.mentions)
        body_starts = [s for s, _ in body_spans]

        def overlaps_body(a: int, b: int) -> bool:
            i = bisect.bisect_right(body_starts, b) - 1
            while i >= 0 and body_spans[i][1] > a - 200:
                if body_spans[i][0] < b and a < body_spans[i][1]:
                    return True
                i -= 1
            return False

        ner = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PERSON"]
        cands: list[tuple[int, int, str | None, str]] = []  # start, end, title, name
        # where case names start ("Child Q", "Child Arthur", "Smith v Jones")
        cases = [m.start() for m in self.case_rx.finditer(text)]
        for m in self.titled.finditer(text):
            cands.append((m.start(), m.end(), m.group("title"), m.group("name")))
        for m in self.full.finditer(text):
            words = m.group(0).split()
            start = m.start()
            if self._case_name(text, m.start(), m.end()):
                cases.append(m.start())
                continue
            while words and words[0] in self.not_names:  # "Chair Jane Doe"
                start = text.index(words[1], start + len(words[0])) if len(words) > 1 else start
                words.pop(0)
            while words and words[-1] in self.not_names:
                words.pop()
            if len(words) < 2 or any(w in self.not_names for w in words):
                continue
            end = text.index(words[-1], start) + len(words[-1])
            if overlaps_body(start, end):
                continue
            has_clue = (
                any(a <= start and end <= b or (start <= a and b <= end) for a, b in
                    _window(ner, start - 40, 6))
                or self.role_before.search(text, max(0, start - 40), start)
                or re.match(r"\s*,", text[end:end + 3])
                or PARTY.match(text, end)
                or SPEECH_AFTER.match(text, end)
            )
            if has_clue:
                cands.append((start, end, None, " ".join(words)))
        cands.sort(key=lambda c: (c[0], -(c[1] - c[0])))
        kept: list[tuple[int, int, str | None, str]] = []
        for c in cands:
            if kept and c[0] < kept[-1][1]:
                continue
            kept.append(c)
        by_full: dict[str, Person] = {}
        by_surname: dict[str, Person] = {}
        person_mentions: list[tuple[ActorMention, Person]] = []
        for start, end, title, name in kept:
            parts = name.split()
            if len(parts) >= 2:
                person = by_full.get(name)
                if person is None:
                    person = Person(name, parts[-1])
                    by_full[name] = person
                    ctx.people.append(person)
                    self._describe(text, start, end, person, ctx)
            else:
                person = by_surname.get(name)
                if person is None:
                    person = Person(name, name)
                    ctx.people.append(person)
                    self._describe(text, start, end, person, ctx)
            by_surname[person.surname] = person
            if title and title in self.gender:
                person.gender = self.gender[title]
            mention = ActorMention(start, end, person.name, "person")
            person_mentions.append((mention, person))
        self._role_phrases(text, ctx, hits, person_mentions)
        self._pronouns(text, person_mentions, ctx, cases)
        for mention, person in person_mentions:
            mention.org, mention.role = person.org, person.role
            ctx.mentions.append(mention)
            ctx.person_of[id(mention)] = person

    def _case_name(self, text: str, start: int, end: int) -> bool:
        """Whether capitalised words name a case, not a person: an anonymised review subject
        ("Child Arthur", "Baby Ellie") or a party to a court case ("Smith v Jones")."""
        if text[start:end].split()[0] in self.case_labels:
            return True
        return bool(COURT_AFTER.match(text, end)) or bool(
            COURT_BEFORE.search(text, max(0, start - 40), start))

    def _describe(self, text: str, start: int, end: int, person: Person,
                  ctx: DocContext) -> None:
        """Organisation and role from an appositive or a title before the name."""
        app = re.match(r"\s*,\s*(?:who\s+is\s+|the\s+)?(?P<app>[^,;:\n\"“”]{2,140}?)\s*"
                       r"(?:,|\s+(?:said|says|added|told)\b)", text[end:end + 200])
        if app:
            a, b = end + app.start("app"), end + app.end("app")
            orgs = [m for m in ctx.within(a, b) if m.kind != "person"]
            if orgs:
                person.org = orgs[-1].name if " at " in app.group("app") else orgs[0].name
            role = re.split(r"\s+(?:of|at|for)\s+|['’]s\s", app.group("app"))[0]
            for m in orgs:  # "ADCS President": the role follows the body
                if m.start == a:
                    role = text[m.end:b].strip(" '’s")
            role = role.strip()
            if role and len(role.split()) <= 6 and role[:1].isalpha() and (
                    role[:1].islower() or re.search(self.role_rx, role, re.I)):
                person.role = role.lower()
        of_body = re.match(r"\s+(?:of|from|at)\s+", text[end:end + 8])
        if of_body and not person.org:  # "Cllr Jane Doe of the LGA said"
            orgs = [m for m in ctx.within(end, end + 120) if m.kind != "person"]
            if orgs and orgs[0].start - end <= of_body.end() + 4:
                person.org = orgs[0].name
        before = text[max(0, start - 80):start]
        pre = re.search(rf"(?P<role>(?i:{self.role_rx})){SP}$", before)
        if pre and not person.role:
            person.role = pre.group("role").lower()
        if pre and not person.org:
            orgs = [m for m in ctx.within(start - 80, start) if m.kind != "person"]
            if orgs and start - orgs[-1].end <= 40:
                person.org = orgs[-1].name

    def _role_phrases(self, text: str, ctx: DocContext, hits: list[Hit],
                      person_mentions: list[tuple[ActorMention, Person]]) -> None:
        """'the president of X' / 'X president': the person the text names as such."""
        starts = [m.start for m, _ in person_mentions]
        new: list[tuple[ActorMention, Person]] = []
        for body in [m for m in ctx.mentions if m.kind != "person"]:
            pre = self.role_of.search(text, max(0, body.start - 60), body.start)
            post = self.role_after.match(text, body.end, min(len(text), body.end + 40))
            if not (pre or post):
                continue
            role = (pre or post).group("role").lower()
            a = pre.start() if pre else body.start
            b = body.end if pre else post.end()
            # an appositive of a named person ("Jane Doe, chair of X,") or a title before a
            # name ("X chair Jane Doe") is part of that person's description
            if re.search(r"[a-z],\s*$", text[max(0, a - 3):a]) and ctx.last_person_before(a):
                continue
            i = bisect.bisect_left(starts, b)
            if i < len(starts) and starts[i] - b <= 2:
                continue
            target = None
            for _, person in person_mentions:
                if person.org == body.name and person.role and person.role.split()[-1] == \
                        role.split()[-1]:
                    target = person
                    break
            if target is None:
                i = bisect.bisect_left(starts, b)
                for mention, person in person_mentions[i:]:
                    if mention.start - b > 700:
                        break
                    if len(person.name.split()) >= 2 and person.org in (None, body.name):
                        target = person
                        break
            if target is None:
                continue
            target.org = target.org or body.name
            target.role = target.role or role
            new.append((ActorMention(a, b, target.name, "person"), target))
        person_mentions.extend(new)
        person_mentions.sort(key=lambda mp: mp[0].start)

    def _pronouns(self, text: str, person_mentions: list[tuple[ActorMention, Person]],
                  ctx: DocContext, cases: list[int] | None = None) -> None:
        """'she'/'he': the most recent person of that gender within the window, unless a case
        name ("Child Arthur") comes between them: then the pronoun is the case's child."""
        cases = sorted(cases or [])
        if not person_mentions:
            return
        starts = [m.start for m, _ in person_mentions]
        new = []
        for m in PRONOUN.finditer(text):
            gender = "f" if m.group(0).lower() == "she" else "m"
            i = bisect.bisect_left(starts, m.start()) - 1
            chosen = None
            while i >= 0 and m.start() - person_mentions[i][0].end <= self.pronoun_window:
                person = person_mentions[i][1]
                if person.gender in (None, gender):
                    chosen = person
                    break
                i -= 1
            if chosen is not None and cases:
                k = bisect.bisect_left(cases, person_mentions[i][0].end)
                if k < len(cases) and cases[k] < m.start():
                    chosen = None
            if chosen:
                if chosen.gender is None:
                    chosen.gender = gender
                new.append((ActorMention(m.start(), m.end(), chosen.name, "person"), chosen))
        person_mentions.extend(new)
        person_mentions.sort(key=lambda mp: mp[0].start)


def _window(spans: list[tuple[int, int]], start: int, n: int) -> list[tuple[int, int]]:
    """Up to ``n`` sorted spans from the first one starting at or after ``start``."""
    k = bisect.bisect_left(spans, (start, 0))
    return spans[k:k + n]


@Language.factory("policytrail_actors", default_config={"gazetteer_path": None,
                                                        "pronoun_window": 2000})
def make_actors(nlp: Language, name: str, gazetteer_path: str | None,
                pronoun_window: int) -> ActorsComponent:
    return ActorsComponent(nlp, name, gazetteer_path=gazetteer_path,
                           pronoun_window=pronoun_window)
