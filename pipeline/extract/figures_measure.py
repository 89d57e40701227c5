"""What a figure measures, read from the dependency parse.

"a £2bn funding gap in children's services" measures the funding gap in children's services;
"councils spent £800m more than budgeted on children's care" measures spending on children's
care; "90% of senior managers said ..." measures senior managers who said so. The number's
place in the parse (modifier of a noun, object of "of", object or complement of a verb) says
which phrase that is, so no word lists about any sector are needed.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

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
}
YEARISH = re.compile(r"^(?:1[89]|20)\d\d")
COPULAS = {"be", "become", "remain", "stand", "reach", "total"}


#: comparatives a figure can size ("£1bn more", "2,000 fewer")
COMPARATIVES = {"more", "less", "fewer"}
#: verbs of spending, whose comparative is an over- or underspend
SPEND_VERBS = {"spend", "overspend", "underspend"}


def _is_verb(tok: Token) -> bool:
    """A verb, or a main-clause word the tagger took for a noun but that has a subject
    ("services overspent by £800m" is often tagged as a noun)."""
    if tok.pos_ in ("VERB", "AUX"):
        return True
    return tok.dep_ == "ROOT" and any(c.dep_ == "nsubj" for c in tok.children)


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
    if tok.i in skip or depth > 6 or tok.like_num or tok.is_currency:
        return  # other numbers are other figures, not part of this one's name
    out.add(tok.i)
    for child in tok.children:
        if child.i in skip or child.dep_ in DROP_DEPS:
            continue
        if child.dep_ == "poss" and child.pos_ == "PRON":
            continue  # "their budgets" is the budgets
        if child.dep_ == "prep" and (_is_time_phrase(child) or child.lower_ == "than"):
            continue
        if child.dep_ in ("acl",) and depth > 1:
            continue
        _collect(child, skip, out, depth + 1)


def _render(doc: Doc, idxs: set[int], anchor: int, max_tokens: int) -> str | None:
    if not idxs:
        return None
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
    text = "".join(parts).strip(" ,;:–-")
    text = re.sub(r"\s+", " ", text)
    return text or None


def measure_of(doc: Doc, fig: Span, noun: Token | None, max_tokens: int = 12) -> str | None:
    """The phrase ``fig`` measures: the noun it counts or modifies, or its verb's object."""
    skip = set(range(fig.start, fig.end))
    if noun is not None:
        # "75,000 children looked after": the counted noun and what follows it
        skip.discard(noun.i)
        out: set[int] = set()
        _collect(noun, skip | {c.i for c in noun.lefts if c.dep_ == "det"}, out)
        return _render(doc, out, noun.i, max_tokens)
    root = fig.root
    head = root.head
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
        out = set()
        _collect(head, skip, out)
        return _render(doc, out, head.i, max_tokens)
    # "a funding gap of £1.9 billion": the figure is the object of "of" under a noun
    if root.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ in ("NOUN", "PROPN"):
        noun_head = head.head
        if head.lower_ in ("of", "at", "worth", "totalling") or noun_head.lemma_ in (
            "increase",
            "rise",
            "fall",
            "cut",
        ):
            out = set()
            _collect(noun_head, skip | {head.i}, out)
            return _render(doc, out, noun_head.i, max_tokens)
    # verbs: "spent £800m on children's care", "has increased by 124 per cent", "is £1.9bn"
    verb = head
    if root.dep_ == "pobj" and head.dep_ in ("prep", "agent"):
        verb = head.head
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
        subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
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
            verb.lemma_ in COPULAS
            or root.dep_ in ("attr", "acomp")
            or (root.dep_ == "pobj" and head.lower_ in ("by", "from", "to"))
        )
        # a transitive change names what changed as its object: "schools cut their
        # budgets by 4%", "forced to overspend their budgets by £800m" ("budgets cut")
        dobj = [c for c in verb.children if c.dep_ == "dobj" and c.i not in skip]
        if by_amount and dobj:
            _collect(dobj[0], skip, out)
            phrase = _render(doc, out, dobj[0].i, max_tokens - 1)
            if phrase:
                return f"{phrase} {verb.lemma_.lower()}"
        # the subject is what is measured: "the number of inquiries has increased by 124%"
        if subject_measured and subj and subj[0].pos_ != "PRON":
            _collect(subj[0], skip, out)
            if verb.lemma_ not in COPULAS:
                out.add(verb.i)
            return _render(doc, out, subj[0].i, max_tokens)
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
