"""Extract items for the documents of a store that the current extractor has not seen.

Documents go through the pipeline in chunks; each document's items replace its old ones in
one transaction, so an interrupted run keeps every finished document and the next run picks
up the rest. A document the pipeline fails on is reported and skipped, never the batch.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from pipeline.extract.nlp import load_nlp
from pipeline.extract.run import EXTRACTOR_VERSION, ExtractResult, extract_texts
from pipeline.store.db import Store

log = logging.getLogger(__name__)

# Documents per call to the pipeline: large enough that the spaCy worker processes started
# for a call (each loads the model) pay for themselves, small enough to stream.
CHUNK_DOCS = 400


@dataclass
class ExtractSummary:
    documents: int = 0
    items: int = 0
    failed: list[tuple[int, str]] = field(default_factory=list)


def extract_store(
    store: Store,
    *,
    force: bool = False,
    n_process: int | None = None,
    on_total: Callable[[int], None] | None = None,
    on_done: Callable[[int, int], None] | None = None,
    chunk_docs: int = CHUNK_DOCS,
) -> ExtractSummary:
    """Extract every document lacking items from this extractor version (all with ``force``)."""
    ids = store.documents_to_extract(EXTRACTOR_VERSION, force=force)
    summary = ExtractSummary()
    if on_total:
        on_total(len(ids))
    if not ids:
        return summary
    nlp = load_nlp()
    if "policytrail_actors" in nlp.pipe_names:  # the gazetteer, mirrored for SQL users
        store.sync_actors(nlp.get_pipe("policytrail_actors").gazetteer.actor_rows())
    for start in range(0, len(ids), chunk_docs):
        batch = list(store.document_texts(ids[start : start + chunk_docs]))
        try:
            results = extract_texts(
                [(text, meta) for _, text, meta in batch],
                keys=[doc_id for doc_id, _, _ in batch],
                nlp=nlp,
                n_process=n_process,
            )
        except Exception:  # noqa: BLE001 - find the document at fault, keep the others
            log.debug("chunk failed; retrying its documents one by one", exc_info=True)
            results = []
            for doc_id, text, meta in batch:
                try:
                    results += extract_texts([(text, meta)], keys=[doc_id], nlp=nlp, n_process=1)
                except Exception as exc:  # noqa: BLE001 - the stage boundary
                    summary.failed.append((doc_id, f"{type(exc).__name__}: {exc}".strip()))
        for result in results:
            n = _write(store, result)
            summary.documents += 1
            summary.items += n
            if on_done:
                on_done(result.key, n)
    return summary


def _write(store: Store, result: ExtractResult) -> int:
    return store.replace_items(
        result.key,
        figures=result.figures,
        recommendations=result.recommendations,
        quotes=result.quotes,
        extractor_version=result.extractor_version,
    )
