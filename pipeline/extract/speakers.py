"""Who a clause is attributed to: shared by the quotes and recommendations components.

A speech verb's grammatical subject names the speaker; the actors component has already
resolved every mention in the text (people, pronouns, role phrases, bodies, context aliases),
so resolving a subject is a lookup of the mentions inside its subtree, head first.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from pipeline.extract.actors import DocContext
from pipeline.extract.types import ActorMention

PRONOUNS = {"i", "we", "you", "they", "it", "this", "that", "these", "those", "there", "what",
            "which", "who", "one", "us", "our"}


@dataclass
class Speaker:
    """A resolved attribution; ``name`` None is an unnamed source ("officials said")."""

    name: str | None
    org: str | None = None
    role: str | None = None
    kind: str | None = None


def subject_of(verb: Token) -> Token | None:
    """The verb's subject, borrowed from the verb it is coordinated with when it has none.

    Of two subjects the parser hangs on one verb (a list label read as a subject:
    "Recommendation 6: the Department should ..."), the one nearest before the verb.
    """
    seen = 0
    tok = verb
    while seen < 4:
        subjects = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")]
        if subjects:
            before = [c for c in subjects if c.i < tok.i]
            return before[-1] if before else subjects[0]
        if tok.dep_ in ("conj", "xcomp") and tok.head is not tok:
            tok = tok.head
            seen += 1
            continue
        return None
    return None


def mention_for(ctx: DocContext, start: int, end: int, head: Token | None) -> ActorMention | None:
    """The mention standing for a subject span: the one holding its head, else a person, else
    the first body."""
    inside = ctx.within(start, end)
    if not inside:
        return None
    if head is not None:
        for m in inside:
            if m.start <= head.idx < m.end:
                return m
    people = [m for m in inside if m.kind == "person"]
    return people[0] if people else inside[0]


def speaker_from_subject(subj: Token, ctx: DocContext, report_nouns: set[str],
                         unnamed: set[str]) -> Speaker | None | bool:
    """A :class:`Speaker`, or False when the subject cannot be a speaker ("we", "it", "this")."""
    start = subj.left_edge.idx
    end = subj.right_edge.idx + len(subj.right_edge.text)
    low = subj.lower_
    if low in PRONOUNS:
        return False
    mention = mention_for(ctx, start, end, subj)
    if subj.lemma_.lower() in report_nouns or low in report_nouns:
        owners = [m for m in ctx.within(start, end) if m.kind != "person" and
                  m.kind != "collective"]
        if owners:
            return as_speaker(owners[0], ctx)
        if "report" in ctx.bodies and low in ("report", "inquiry", "review", "analysis",
                                              "research", "study", "investigation",
                                              "evaluation", "audit"):
            name = ctx.bodies["report"]
            return Speaker(name, name, None, ctx.kinds.get(name))
        return False
    if mention is not None:
        return as_speaker(mention, ctx)
    words = {t.lower_ for t in subj.subtree}
    if words & unnamed:
        return Speaker(None)
    return False


def as_speaker(mention: ActorMention, ctx: DocContext) -> Speaker:
    if mention.kind == "person":
        person = ctx.person_of.get(id(mention))
        org = person.org if person else mention.org
        role = person.role if person else mention.role
        return Speaker(mention.name, org, role, "person")
    return Speaker(mention.name, mention.name, None, mention.kind)
