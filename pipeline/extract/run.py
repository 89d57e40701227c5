"""Run the extraction pipeline over texts and return plain items, ready for the store.

``nlp.pipe(..., as_tuples=True)`` carries each document's metadata through the pipeline (it
becomes ``doc._.pt_meta``). A text longer than :data:`CHUNK_CHARS` is parsed in slices cut at
paragraph (or, in a giant paragraph, whitespace) boundaries and joined back with
``Doc.from_docs`` before policytrail's components run, so memory stays bounded, time stays
proportional to size, and offsets still refer to the original text.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.extract.nlp import load_nlp, own_components
from pipeline.extract.types import (
    ActorMention,
    Figure,
    Quote,
    Recommendation,
    Region,
    items_of,
    register_extensions,
)

log = logging.getLogger(__name__)

EXTRACTOR_VERSION = "pt-extract-1.3"
CHUNK_CHARS = 100_000
BATCH_SIZE = 16


@dataclass
class ExtractResult:
    """What extraction found in one document."""

    key: Any  # whatever the caller passed with the text (a document id, a file name)
    figures: list[Figure] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    actors: list[ActorMention] = field(default_factory=list)
    regions: list[Region] = field(default_factory=list)
    extractor_version: str = EXTRACTOR_VERSION

    @property
    def n_items(self) -> int:
        return len(self.figures) + len(self.recommendations) + len(self.quotes)


def chunks(text: str, size: int = CHUNK_CHARS) -> list[str]:
    """Consecutive slices of ``text`` (joined, they are ``text``), cut at a paragraph break,
    else a line break, else whitespace, else hard at ``size``."""
    out: list[str] = []
    pos = 0
    while len(text) - pos > size:
        window = text[pos:pos + size]
        cut = -1
        for sep in ("\n\n", "\n", ". ", " "):
            cut = window.rfind(sep, size // 2)
            if cut > 0:
                cut += len(sep)
                break
        if cut <= 0:
            cut = size
        out.append(text[pos:pos + cut])
        pos += cut
    out.append(text[pos:])
    return out


def _documents(nlp: Language, items: list[tuple[str, dict]], n_process: int,
               batch_size: int) -> Iterator[Doc]:
    """Parsed Docs with policytrail's components applied, in input order.

    The model's own components run in ``nlp.pipe`` (in worker processes when asked); ours
    run after, in this process, once ``pt_meta`` is set: they need the document's date and
    publisher, which ``as_tuples`` would only hand back after the whole pipeline.
    """
    own = own_components(nlp)
    procs = [nlp.get_pipe(name) for name in own]
    with nlp.select_pipes(disable=own):
        short = ((text, i) for i, (text, _) in enumerate(items) if len(text) <= CHUNK_CHARS)
        parsed = nlp.pipe(short, as_tuples=True, batch_size=batch_size, n_process=n_process)
        for text, meta in items:
            if len(text) > CHUNK_CHARS:
                # one chunk at a time: the model's activations for a batch of 100k-character
                # chunks dominate peak memory (a 0.5 MB text peaked 1.1 GB over the model
                # with four, 0.4 GB with one), and batching such long texts gains no speed
                parts = list(nlp.pipe(chunks(text), batch_size=1))
                doc = Doc.from_docs(parts, ensure_whitespace=False)
                del parts
            else:
                doc, _ = next(parsed)
            doc._.pt_meta = dict(meta)
            for proc in procs:
                doc = proc(doc)
            yield doc


def extract_texts(texts_with_meta: Iterable[tuple[str, dict | None]], *,
                  n_process: int | None = None, batch_size: int = BATCH_SIZE,
                  nlp: Language | None = None, keys: Iterable[Any] | None = None
                  ) -> list[ExtractResult]:
    """Extract figures, recommendations and quotes from ``(text, meta)`` pairs.

    ``meta`` holds the document's title, publisher, published date (YYYY[-MM[-DD]]) and kind;
    the date anchors relative deadlines, the publisher decides whether a recommendation is
    reported. Worker processes pay off only for many documents: each loads the model anew.
    """
    register_extensions()
    nlp = nlp or load_nlp()
    items = [(text, dict(meta or {})) for text, meta in texts_with_meta]
    for text, _ in items:
        if not isinstance(text, str):
            raise TypeError(f"expected str text, got {type(text).__name__}")
    key_list = list(keys) if keys is not None else list(range(len(items)))
    if n_process is None:
        n_process = max(1, min(2, os.cpu_count() or 1)) if len(items) >= 200 else 1
    results = [result_of(doc, key_list[i])
               for i, doc in enumerate(_documents(nlp, items, n_process, batch_size))]
    return results


def result_of(doc: Doc, key: Any) -> ExtractResult:
    """The items on a processed Doc."""
    return ExtractResult(
        key=key,
        figures=list(items_of(doc, "pt_figures")),
        recommendations=list(items_of(doc, "pt_recs")),
        quotes=list(items_of(doc, "pt_quotes")),
        actors=list(items_of(doc, "pt_actors")),
        regions=list(items_of(doc, "pt_regions")),
    )
