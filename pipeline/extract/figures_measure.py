"""What a figure measures, read from the dependency parse.

"a £2bn funding gap in children's services" measures the funding gap in children's services;
"councils spent £800m more than budgeted on children's care" measures spending on children's
care; "90% of senior managers said ..." measures senior managers who said so. The number's
place in the parse (modifier of a noun, object of "of", object or complement of a verb) says
which phrase that is, so no word lists about any sector are needed.

A few words of plain English stand in for the figure or carry it, and are looked through: a
level noun ("reached a new high of 83,000", "a total of £2bn"), a level verb whose object or
complement is its subject's value ("rose to 80,000", "reaching 75,000", "stood at 5%"), the
object of a verb that sets or estimates a value ("put the funding gap at £3bn"). A
pronoun ("put it at £1.9bn") is read as the noun it stands for in the sentence before. These
general words are data (``[figures]`` in ``models/patterns/cues.toml``).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from pipeline.extract.gazetteer import load_cues

#: dependents that add nothing to the name of a measure
DROP_DEPS = {
    "det",
    "predet",
    "punct",
    "cc",
    "conj",
    "appos",
    "relcl",
    "advcl",
    "parataxis",
    "mark",
    "nummod",
    "quantmod",
    "aux",
    "auxpass",
    "neg",
    "dep",
    "meta",
}
#: prepositions that introduce a period or a source, not the thing measured
TIME_PREPS = {
    "by",
    "since",
    "until",
    "in",
    "over",
    "during",
    "from",
    "to",
    "according",
    "after",
    "before",
    "on",
    "at",
    "as",
    "between",
    "within",
    "throughout",
}
YEARISH = re.compile(r"^(?:1[89]|20)\d\d")
COPULAS = {"be", "become", "remain", "stand", "reach", "total"}


#: comparatives a figure can size ("£1bn more", "2,000 fewer")
COMPARATIVES = {"more", "less", "fewer"}
#: verbs of spending, whose comparative is an over- or underspend
SPEND_VERBS = {"spend", "overspend", "underspend"}


#: determiners that set a measure's scope ("a gap across all services" is not one service's)
SCOPE_DETS = {"all", "every", "each", "both", "no", "any"}
#: prepositions whose object is the value a thing stands at, not a change in it
LEVEL_PREPS = {"to", "from", "at", "as"}
#: pronouns a measure can stand behind ("the LGA put it at £1.9bn")
ANAPHORS = {"it", "this", "that"}
#: how far back (tokens) a pronoun's antecedent is looked for
ANTECEDENT_REACH = 120


@dataclass(frozen=True)
class MeasureWords:
    """The general words the measure reading looks through (``[figures]`` in cues.toml)."""

    level_nouns: frozenset[str]
    level_verbs: frozenset[str]
    bearer_verbs: frozenset[str] = frozenset()

    @classmethod
    def from_cues(cls, cues: dict | None = None) -> MeasureWords:
        words = (cues if cues is not None else load_cues()).get("figures", {})
        return cls(frozenset(words.get("level_nouns", [])),
                   frozenset(words.get("level_verbs", [])) | COPULAS,
                   frozenset(words.get("bearer_verbs", [])))


@functools.cache
def default_words() -> MeasureWords:
    return MeasureWords.from_cues()


def _is_verb(tok: Token) -> bool:
    """A verb, or a main-clause word the tagger took for a noun but that has a subject
    ("services overspent by £800m" is often tagged as a noun)."""
    if tok.pos_ in ("VERB", "AUX"):
        return True
    return tok.dep_ == "ROOT" and any(c.dep_ == "nsubj" for c in tok.children)


def _with_bearer(doc: Doc, noun: Token, out: set[int], skip: set[int], words: MeasureWords,
                 max_tokens: int) -> str | None:
    """The measure, scoped by who bears it when only the clause says so: "children's
    services face a funding gap of £1.6bn" measures the funding gap for children's services
    (a gap across all services is another measure)."""
    phrase = _render(doc, out, noun.i, max_tokens)
    if phrase is None or noun.dep_ != "dobj" or noun.head.lemma_.lower() not in words.bearer_verbs:
        return phrase
    if any(doc[i].dep_ == "prep" and doc[i].head.i in out for i in out):
        return phrase  # already scoped: "a funding gap for children's services"
    bearer = _named(_subject(noun.head))
    if bearer is None or bearer.pos_ not in ("NOUN", "PROPN"):
        return phrase
    scope: set[int] = set()
    _collect(bearer, skip | out, scope)
    owner = _render(doc, scope, bearer.i, max_tokens - len(out))
    return f"{phrase} for {owner}" if owner else phrase


def _is_time_phrase(prep: Token) -> bool:
    objs = [c for c in prep.children if c.dep_ == "pobj"]
    if not objs:
        return False
    obj = objs[0]
    return (
        obj.ent_type_ in ("DATE", "TIME")
        or bool(YEARISH.match(obj.text))
        or obj.lemma_ in ("year", "decade", "period", "month", "week", "time")
    ) and prep.lower_ in TIME_PREPS


def _collect(tok: Token, skip: set[int], out: set[int], depth: int = 0) -> None:
    """Add ``tok`` and the dependents that belong in a measure's name."""
    if tok.i in skip or depth > 6 or tok.is_currency or (tok.like_num and not _in_name(tok)):
        return  # other numbers are other figures, not part of this one's name
    out.add(tok.i)
    for child in tok.children:
        if child.i in skip or child.dep_ in DROP_DEPS and not (
                child.dep_ == "nummod" and _in_name(child)
                or child.dep_ in ("det", "predet") and child.lower_ in SCOPE_DETS):
            continue
        if child.dep_ == "poss" and child.pos_ == "PRON":
            continue  # "their budgets" is the budgets
        if child.dep_ == "prep" and (_is_time_phrase(child) or child.lower_ == "than"
                                     or _only_numbers(child, skip)):
            continue  # "children in every 10,000": the other number is another figure
        if child.dep_ in ("acl",) and (depth > 1 or _infinitive(child)):
            continue  # "a gap of £1bn simply to maintain services": a purpose, not a name
        _collect(child, skip, out, depth + 1)


def _in_name(num: Token) -> bool:
    """A number that is part of a name ("Section 47 enquiries") or of a rate's base ("per
    10,000 children"), not another figure."""
    doc = num.doc
    prev = doc[num.i - 1] if num.i > 0 else None
    nxt = doc[num.i + 1] if num.i + 1 < len(doc) else None
    if prev is not None and prev.pos_ in ("PROPN", "NOUN") and not prev.like_num and (
            prev.is_title or prev.tag_ == "NN" and nxt is not None and nxt.pos_ == "NOUN"):
        return True  # "Section 47", "year 11 pupils"
    return num.head.lower_ == "per" or (num.dep_ == "nummod" and num.head.head.lower_ == "per")


def _only_numbers(prep: Token, skip: set[int]) -> bool:
    objs = [c for c in prep.children if c.dep_ == "pobj"]
    return bool(objs) and all(o.i in skip or o.like_num or o.is_currency for o in objs)


def _infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _subject(verb: Token) -> Token | None:
    """The verb's subject, or that of the clause a participle or infinitive hangs from
    ("has risen for a tenth year, reaching 75,000")."""
    tok = verb
    for _ in range(4):
        subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subj:
            return subj[0]
        if tok.dep_ not in ("advcl", "xcomp", "conj") or tok.head is tok:
            return None
        tok = tok.head
    return None


def _antecedent(pron: Token) -> Token | None:
    """The singular noun a pronoun stands for: the nearest subject, object or complement
    before it in its sentence, else the first in the sentence before ("Take the funding gap.
    The LGA put it at £1.9bn")."""
    doc = pron.doc
    lo = max(0, pron.i - ANTECEDENT_REACH)
    i = pron.i
    while i > lo and not doc[i].is_sent_start:
        i -= 1
    # never a co-argument of the pronoun's own verb ("the association put it at ...")
    same = [t for t in doc[i:pron.i] if _could_be_antecedent(t) and t.head != pron.head]
    if same:
        return same[-1]
    if i <= lo:
        return None
    j = i - 1
    while j > lo and not doc[j].is_sent_start:
        j -= 1
    return next((t for t in doc[j:i] if _could_be_antecedent(t)), None)


def _could_be_antecedent(tok: Token) -> bool:
    return tok.dep_ in ("nsubj", "nsubjpass", "dobj", "attr") and tok.tag_ == "NN"


def _named(tok: Token | None) -> Token | None:
    """A measure's head noun, read through a pronoun."""
    if tok is None:
        return None
    if tok.pos_ == "PRON":
        return _antecedent(tok) if tok.lower_ in ANAPHORS else None
    return tok


def _render(doc: Doc, idxs: set[int], anchor: int, max_tokens: int) -> str | None:
    if not idxs:
        return None
    # a hyphenated word the parse split ("looked-after") keeps its hyphen
    idxs = idxs | {
        i + 1
        for i in idxs
        if i + 2 in idxs
        and doc[i + 1].text in ("-", "–")
        and not doc[i].whitespace_
        and not doc[i + 1].whitespace_
    }
    ordered = sorted(idxs)
    # keep a window around the anchor noun: a measure is a name, not a paragraph
    if len(ordered) > max_tokens:
        pos = ordered.index(anchor) if anchor in ordered else 0
        lo = max(0, min(pos - max_tokens // 3, len(ordered) - max_tokens))
        ordered = ordered[lo : lo + max_tokens]
    parts: list[str] = []
    for n, i in enumerate(ordered):
        tok = doc[i]
        nxt = ordered[n + 1] if n + 1 < len(ordered) else None
        parts.append(
            tok.text + (tok.whitespace_ if nxt == i + 1 else (" " if nxt is not None else ""))
        )
    text = "".join(parts).strip(" ,;:–-#")
    text = re.sub(r"\s+", " ", text)
    return text or None


def measure_of(doc: Doc, fig: Span, noun: Token | None, max_tokens: int = 12,
               words: MeasureWords | None = None) -> str | None:
    """The phrase ``fig`` measures: the noun it counts or modifies, or its verb's object."""
    words = words or default_words()
    skip = set(range(fig.start, fig.end))
    if noun is not None:
        # "75,000 children looked after": the counted noun and what follows it
        skip.discard(noun.i)
        out: set[int] = set()
        _collect(noun, skip | {c.i for c in noun.lefts if c.dep_ == "det"}, out)
        return _render(doc, out, noun.i, max_tokens)
    root = fig.root
    head = root.head
    # "a new high of 83,000", "a total of £2bn": the level noun stands for the figure
    if (
        root.dep_ == "pobj"
        and head.lower_ == "of"
        and head.head.lemma_.lower() in words.level_nouns
        and head.head.i not in skip
    ):
        level = head.head
        skip |= set(range(level.left_edge.i, level.i + 1)) | {head.i}
        root, head = level, level.head
    # "£1.9bn in funding for children's services": what the figure itself is of
    trailing = [
        c
        for c in root.children
        if c.dep_ == "prep"
        and c.i > root.i
        and c.i not in skip
        and c.lower_ not in ("of", "than")
        and not _is_time_phrase(c)
        and not _only_numbers(c, skip)
    ]
    # "90% of senior managers": the object of "of" names the population
    for child in root.children:
        if child.dep_ == "prep" and child.lower_ == "of" and child.i >= fig.end:
            pobj = [c for c in child.children if c.dep_ == "pobj"]
            if pobj:
                out = set()
                _collect(pobj[0], skip, out)
                return _render(doc, out, pobj[0].i, max_tokens)
    # "a £2bn funding gap": the figure modifies a noun
    if (
        head.i not in skip
        and head.pos_ in ("NOUN", "PROPN")
        and root.dep_ in ("nummod", "quantmod", "compound", "amod", "npadvmod", "nmod", "poss")
    ):
        # "the £3bn children's services funding gap": the noun the modified one is part of
        while head.dep_ in ("poss", "compound", "nmod") and head.head.pos_ in ("NOUN", "PROPN") \
                and head.head.i > head.i:
            head = head.head
        out = set()
        _collect(head, skip, out)
        return _with_bearer(doc, head, out, skip, words, max_tokens)
    # "a funding gap of £1.9 billion": the figure is the object of "of" under a noun
    if root.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ in ("NOUN", "PROPN"):
        noun_head = head.head
        if head.lower_ in ("of", "at", "worth", "totalling") or noun_head.lemma_ in (
            "increase",
            "rise",
            "fall",
            "cut",
        ):
            # "a funding gap for children's services of £3.1bn": the whole noun phrase
            while noun_head.dep_ == "pobj" and noun_head.head.dep_ == "prep" and \
                    noun_head.head.head.pos_ in ("NOUN", "PROPN") and \
                    noun_head.head.lower_ != "of":
                noun_head = noun_head.head.head
            out = set()
            _collect(noun_head, skip | {head.i}, out)
            for p in trailing:
                _collect(p, skip, out)
            return _with_bearer(doc, noun_head, out, skip | {head.i}, words, max_tokens)
    # verbs: "spent £800m on children's care", "has increased by 124 per cent", "is £1.9bn"
    verb = head
    if root.dep_ == "pobj" and head.dep_ in ("prep", "agent"):
        verb = head.head
        if verb.dep_ == "prep" and verb.lower_ in ("from", "between"):
            verb = verb.head  # "rose from 73,800 to 177,000": "to" hangs from "from"
    # "spent £1bn more on care than planned": the figure sizes a comparative on the verb
    comparative = None
    if head.lower_ in COMPARATIVES and head.dep_ in ("advmod", "amod", "npadvmod", "dobj"):
        comparative, verb = head, head.head
    if _is_verb(verb) and verb.i not in skip:
        if comparative is not None and verb.lemma_ in SPEND_VERBS:
            # spending beyond (or short of) a plan is an overspend (underspend) on the
            # thing the money went on, whatever the sentence calls the plan
            over = "over" if comparative.lower_ == "more" else "under"
            out = set()
            for p in verb.children:
                if p.dep_ == "prep" and p.lower_ in ("on", "for") and p.i not in skip:
                    for obj in p.children:
                        if obj.dep_ == "pobj":
                            _collect(obj, skip, out)
            phrase = _render(doc, out, verb.i, max_tokens - 1) if out else None
            return f"{phrase} {over}spend" if phrase else f"{over}spend"
        own = _subject(verb)
        subj = [own] if own is not None else []
        dobj = [c for c in verb.children if c.dep_ == "dobj" and c.i not in skip]
        level_prep = root.dep_ == "pobj" and head.lower_ in LEVEL_PREPS
        # "put the funding gap at £3bn", "revised it to £1.6bn": the object has the value
        if level_prep and dobj:
            target = _named(dobj[0])
            if target is not None:
                out = set()
                _collect(target, skip, out)
                return _render(doc, out, target.i, max_tokens)
        # "a gap estimated at £3bn", "a gap they put at £3bn": the noun the clause describes
        if level_prep and verb.dep_ in ("acl", "relcl") and verb.head.pos_ in ("NOUN", "PROPN"):
            out = set()
            _collect(verb.head, skip | {verb.i}, out)
            return _render(doc, out, verb.head.i, max_tokens)
        preps = [
            c
            for c in verb.children
            if c.dep_ in ("prep", "dative")
            and c.i not in skip
            and not _is_time_phrase(c)
            and c.lower_ not in ("by", "than")
        ]
        out = set()
        by_amount = root.dep_ == "pobj" and head.lower_ == "by" and verb.lemma_ not in COPULAS
        subject_measured = (
            verb.lemma_ in words.level_verbs
            or root.dep_ in ("attr", "acomp")
            or (root.dep_ == "pobj" and head.lower_ in ("by", "from", "to"))
            or (level_prep and not dobj)
        )
        # a transitive change names what changed as its object: "schools cut their
        # budgets by 4%", "forced to overspend their budgets by £800m" ("budgets cut")
        if by_amount and dobj:
            _collect(dobj[0], skip, out)
            phrase = _render(doc, out, dobj[0].i, max_tokens - 1)
            if phrase:
                return f"{phrase} {verb.lemma_.lower()}"
        # the subject is what is measured: "the number of inquiries has increased by 124%";
        # its value, when the figure is what it rose to or stands at ("rose to 80,000")
        target = _named(subj[0]) if subj else None
        if subject_measured and target is not None:
            _collect(target, skip, out)
            if verb.lemma_ not in words.level_verbs and not level_prep and target is subj[0]:
                out.add(verb.i)
            return _render(doc, out, target.i, max_tokens)
        if root.dep_ in ("dobj", "npadvmod", "pobj", "advmod", "nsubj", "nsubjpass", "oprd"):
            out.add(verb.i)
            for p in preps:
                _collect(p, skip, out)
            if len(out) > 1:
                return _render(doc, out, verb.i, max_tokens)
            if subj and subj[0].pos_ != "PRON":
                _collect(subj[0], skip, out)
                return _render(doc, out, subj[0].i, max_tokens)
    return None
