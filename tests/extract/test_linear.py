"""The guards that keep extraction linear in the text (tests/benchmarks/bench_extract.py
--long measures the times; these check the guards do what they say and change nothing else)."""

from __future__ import annotations

import random
from dataclasses import dataclass

import spacy
from spacy.tokens import Doc

from pipeline.extract.figures_context import Positions
from pipeline.extract.quantities import _Spans
from pipeline.extract.structure import MAX_SENT_TOKENS, cap_runs
from pipeline.extract.types import text_of


def test_spans_overlap_matches_a_linear_scan() -> None:
    rng = random.Random(7)
    for _ in range(2000):
        spans = [(a, a + rng.randint(0, 9)) for a in (rng.randint(0, 60) for _ in range(10))]
        index = _Spans(spans[:5])
        for s, e in spans[5:]:  # added in and out of text order
            index.add(s, e)
        for _ in range(10):
            a = rng.randint(0, 70)
            b = a + rng.randint(0, 9)
            assert index.overlaps(a, b) == any(s < b and a < e for s, e in spans)


def test_a_run_without_full_stops_is_cut_into_bounded_sentences() -> None:
    nlp = spacy.blank("en")
    doc = nlp(" ".join(f"Area{i} {i * 3} {i % 7}%" for i in range(400)))
    cap_runs(doc)
    lengths = [len(s) for s in doc.sents]
    assert max(lengths) <= MAX_SENT_TOKENS
    assert sum(lengths) == len(doc)


def test_prose_is_left_to_the_parser() -> None:
    nlp = spacy.blank("en")
    sentence = "The council spent more on placements this year than last."
    doc = nlp(" ".join(sentence for _ in range(80)))
    cap_runs(doc)
    assert all(tok.is_sent_start is None for tok in doc[1:])


def test_text_of_is_the_text_even_after_from_docs() -> None:
    nlp = spacy.blank("en")
    a, b = nlp("First part of a text. "), nlp("Second part.")
    assert text_of(a) == a.text  # cached on a; Doc.from_docs copies user data
    joined = Doc.from_docs([a, b], ensure_whitespace=False)
    assert text_of(joined) == joined.text == "First part of a text. Second part."


def test_positions_answer_as_a_scan_of_the_list_would() -> None:
    rng = random.Random(11)

    @dataclass
    class Item:
        start: int
        end: int
        kind: str

    for _ in range(1000):
        items = [Item(s, s + rng.randint(0, 12), rng.choice("ab"))
                 for s in (rng.randint(0, 80) for _ in range(rng.randint(0, 12)))]
        index = Positions(items)
        for _ in range(10):
            a = rng.randint(0, 90)
            b = a + rng.randint(1, 6)
            scan = next((it for it in items if it.start < b and a < it.end and it.kind == "a"),
                        None)
            assert index.overlapping(a, b, lambda it: it.kind == "a") is scan
            inside = next((it for it in items if it.start <= a and b <= it.end), None)
            assert index.containing(a, b) is inside
