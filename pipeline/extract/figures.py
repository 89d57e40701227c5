"""The figures component: quantities a researcher would quote, with what, when and whose.

``policytrail_figures`` reads every money amount, share, count and duration in a document
into :class:`~pipeline.extract.types.Figure` items on ``doc._.pt_figures``: value in base
units, unit, qualifier, range, whether it is a change, the measure (from the parse), the time
reference and the source.

It runs after the structure, actor and quote components and uses what they wrote when it is
there (page chrome is skipped, list numbering is not a count, a figure inside a quote belongs
to its speaker), and works without them on a bare spaCy model. The text work is done by
:mod:`pipeline.extract.quantities` (exact offsets, linear time); the parse decides whether a
bare number counts something and what it measures (:mod:`pipeline.extract.figures_measure`).
"""

from __future__ import annotations

import bisect
import logging
import re
import tomllib
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from pipeline.errors import E, PolicytrailError
from pipeline.extract.figures_context import SourceContext, find_source, find_time
from pipeline.extract.figures_measure import MeasureWords, measure_of
from pipeline.extract.quantities import DEFAULT_UNITS_PATH, Lexicon, Quantity, QuantityScanner
from pipeline.extract.types import Figure, items_of, register_extensions

log = logging.getLogger(__name__)

PLURAL_TAGS = {"NNS", "NNPS"}
#: between a number and the noun it counts: "75,000 more children", "10 new councils"
BETWEEN_NUMBER_AND_NOUN = {"amod", "compound", "advmod", "nmod", "npadvmod"}


@Language.factory(
    "policytrail_figures",
    default_config={"units_path": None, "max_measure_tokens": 12},
)
def make_figures(
    nlp: Language, name: str, units_path: str | None, max_measure_tokens: int
) -> FiguresComponent:
    return FiguresComponent(nlp, name, units_path=units_path, max_measure_tokens=max_measure_tokens)


def load_lexicon(path: str | Path | None) -> Lexicon:
    """Load the units file once, turning a missing or broken file into one known error."""
    path = Path(path) if path else DEFAULT_UNITS_PATH
    if not path.is_file():
        raise PolicytrailError(E.E040, path=path)
    try:
        return Lexicon.from_path(path)
    except (tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as exc:
        raise PolicytrailError(E.E041, path=path, detail=exc) from exc


class FiguresComponent:
    """Fill ``doc._.pt_figures``; the lexicon is loaded once, here, never per document."""

    def __init__(
        self,
        nlp: Language,
        name: str = "policytrail_figures",
        *,
        units_path: str | None = None,
        max_measure_tokens: int = 12,
    ) -> None:
        register_extensions()
        self.name = name
        self.lexicon = load_lexicon(units_path)
        self.scanner = QuantityScanner(self.lexicon)
        self.max_measure_tokens = max_measure_tokens
        self.measure_words = MeasureWords.from_cues()
        self._count_nouns = {w.lower() for w in self.lexicon.singular_count_nouns}

    def __call__(self, doc: Doc) -> Doc:
        figures = items_of(doc, "pt_figures")
        figures.clear()  # re-running the component replaces, never duplicates
        text = doc.text  # Doc.text joins every token on each access: read it once
        regions = doc._.pt_regions or []
        blocked = [(r.start, r.end) for r in regions if r.kind == "chrome"]
        blocked += self._numbering_spans(text, regions)
        meta = doc._.pt_meta or {}
        ctx = SourceContext(
            publisher=meta.get("publisher"),
            quotes=list(doc._.pt_quotes or []),
            actors=list(doc._.pt_actors or []),
            ents=tuple(doc.ents),
        )
        sentences = _Sentences(doc)  # once per doc: Span.sent walks the doc on every call
        for q in self._merge_restatements(text, self.scanner.scan(text, protected=blocked)):
            fig = self._figure(doc, text, q, ctx, sentences)
            if fig is not None:
                figures.append(fig)
        return doc

    # -- helpers ----------------------------------------------------------------------------

    @staticmethod
    def _numbering_spans(text: str, regions: list) -> list[tuple[int, int]]:
        """List numbering the structure component found ("1.", "(a)", "Recommendation 3")."""
        spans = []
        for r in regions:
            if r.number:
                at = text.find(r.number, r.start, r.start + len(r.number) + 12)
                if at >= 0:
                    spans.append((at, at + len(r.number)))
        return spans

    @staticmethod
    def _merge_restatements(text: str, found: list[Quantity]) -> list[Quantity]:
        """Fold "a third of referrals (33%)" into one figure with the exact value.

        Writers restate a share in words with its number in brackets; it is one figure, and
        two would count one fact twice.
        """
        out: list[Quantity] = []
        for q in found:
            prev = out[-1] if out else None
            if (
                prev is not None
                and prev.unit == q.unit
                and re.fullmatch(r"[\w\s'’-]{0,40}\(\s*", text[prev.end : q.start])
                and text[q.end : q.end + 1] == ")"
                and abs(prev.value - q.value) <= 0.1 * max(abs(q.value), 1e-9)
            ):
                prev.value = q.value
                prev.end = q.end + 1
                continue
            out.append(q)
        return out

    def _figure(
        self, doc: Doc, text: str, q: Quantity, ctx: SourceContext, sentences: _Sentences
    ) -> Figure | None:
        span = doc.char_span(q.start, q.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return None
        noun: Token | None = None
        if q.bare:
            verdict = self._counted_noun(doc, span, q)
            if verdict is False:
                return None
            if isinstance(verdict, Token):
                noun = verdict
                q.end = max(q.end, noun.idx + len(noun.text))
        elif q.unit == "percent":
            # "nine in 10 councils": the share is of the noun after it
            last = span[-1]
            if last.i + 1 < len(doc) and self._is_count_noun(doc[last.i + 1]):
                noun = doc[last.i + 1]
        sent = sentences.around(span)
        measure = measure_of(doc, span, noun, self.max_measure_tokens, self.measure_words)
        return Figure(
            start=q.start,
            end=q.end,
            text=text[q.start : q.end],
            value=q.value,
            unit=q.unit,
            qualifier=q.qualifier,
            value_high=q.value_high,
            measure=measure,
            time=find_time(text, q.start, q.end, sent.start_char, sent.end_char),
            source=find_source(doc, sent, q.start, q.end, ctx),
            is_change=q.is_change,
            sentence=(sent.start_char, sent.end_char),
        )

    def _counted_noun(self, doc: Doc, span: Span, q: Quantity) -> Token | bool:
        """Whether a bare number counts something: the noun it counts, True, or False.

        A bare number followed by a plural noun counts it ("75,000 children"); one followed by
        a singular noun names or modifies it ("the 16-19 bursary", "a 10 point plan"); one
        before a proper name is part of the name ("Voyager 2", "10 Downing Street").
        """
        last = span[-1]
        nxt = doc[last.i + 1] if last.i + 1 < len(doc) else None
        prev = doc[span[0].i - 1] if span[0].i > 0 else None
        if (
            prev is not None
            and prev.pos_ == "PROPN"
            and prev.is_title
            and not prev.is_sent_start
            and "," not in span.text
        ):
            return False
        # a spelled-out number standing alone is usually a pronoun-like "two" or "one"; from
        # twenty up, or with a scale word, it is a quantity ("three million, you say?")
        big_words = q.in_words and q.value >= 20
        if nxt is None or nxt.is_punct or nxt.is_space:
            return not q.in_words or big_words
        # the counted noun, possibly after adjectives: "10 new councils"
        head = last.head
        if (
            head.i > last.i
            and head.i - last.i <= 4
            and self._is_count_noun(head)
            and all(
                doc[k].dep_ in BETWEEN_NUMBER_AND_NOUN or doc[k].pos_ in ("ADJ", "ADV")
                for k in range(last.i + 1, head.i)
            )
        ):
            return head
        if self._is_count_noun(nxt):
            return nxt
        if nxt.lower_ == "of":
            return True  # "90 of the 152 councils", "two of them"
        if nxt.pos_ in ("NOUN", "PROPN", "ADJ", "NUM") or nxt.text in ("-", "–"):
            return False
        return not q.in_words or big_words

    def _is_count_noun(self, tok: Token) -> bool:
        return tok.pos_ in ("NOUN", "PROPN") and (
            tok.tag_ in PLURAL_TAGS or tok.lower_ in self._count_nouns
        )


def _has_sents(doc: Doc) -> bool:
    return doc.has_annotation("SENT_START") or doc.has_annotation("DEP")


class _Sentences:
    """The sentence around a span, found by bisection, clipped to a window of context.

    Looking the sentence up through ``Span.sent`` costs a walk of the doc per figure, and a
    flattened table or an unpunctuated page can be one "sentence" of a megabyte; reading
    time and source from such a sentence for every figure in it is quadratic. A figure's
    context is its sentence, cut to :data:`WINDOW` characters either side.
    """

    WINDOW = 300

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.starts = [s.start for s in doc.sents] if _has_sents(doc) else [0]

    def around(self, span: Span) -> Span:
        i = bisect.bisect_right(self.starts, span.start) - 1
        first = self.starts[i]
        last = self.starts[i + 1] if i + 1 < len(self.starts) else len(self.doc)
        sent = self.doc[first:last]
        lo = max(sent.start_char, span.start_char - self.WINDOW)
        hi = min(sent.end_char, span.end_char + self.WINDOW)
        if lo == sent.start_char and hi == sent.end_char:
            return sent
        clipped = self.doc.char_span(lo, hi, alignment_mode="expand")
        return clipped if clipped is not None else sent
