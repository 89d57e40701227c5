"""The analyse stage: embeddings, themes, threads and follow-through status, in one call.

Incremental by default: embeddings come from the store's cache, themes keep their ids and
take in new items, threads keep their ids, and only documents not scanned before are read
for responses. ``rebuild=True`` clears themes, threads and signals and starts afresh.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from sqlalchemy import delete

from pipeline.analyse.corpus import load_items
from pipeline.analyse.embeddings import EmbeddingCache, Progress
from pipeline.analyse.status import compute_status, scan_documents
from pipeline.analyse.themes import ThemeSettings, build_themes
from pipeline.analyse.threads import ThreadSettings, build_threads
from pipeline.errors import E, PolicytrailError
from pipeline.store import schema as s
from pipeline.store.db import Store


def parse_as_of(value: str | dt.date | None) -> dt.date | None:
    """``--as-of`` as a date (YYYY-MM-DD); None means today."""
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise PolicytrailError(E.E092, value=value) from None


def analyse(
    store: Store,
    *,
    rebuild: bool = False,
    as_of: str | dt.date | None = None,
    progress: Progress | None = None,
    theme_settings: ThemeSettings | None = None,
    thread_settings: ThreadSettings | None = None,
) -> dict[str, Any]:
    """Run the whole analysis over the store's items and return a summary of what it did.

    ``progress(step, done, total)`` is called as each step (embed, themes, threads, scan,
    status) advances. Raises :class:`PolicytrailError` E093 when there are no items.
    """
    day = parse_as_of(as_of)
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    items = load_items(store)
    if not items:
        raise PolicytrailError(E.E093)
    timings["load"] = time.perf_counter() - t0
    if rebuild:
        with store.transaction() as conn:
            conn.execute(delete(s.followthrough_signal))
            conn.execute(delete(s.analysed_document))
    t = time.perf_counter()
    cache = EmbeddingCache(store)
    vectors = cache.embed([it.theme_text for it in items], progress=progress)
    timings["embed"] = time.perf_counter() - t
    t = time.perf_counter()
    themes = build_themes(
        store, items, vectors, rebuild=rebuild, settings=theme_settings, progress=progress
    )
    timings["themes"] = time.perf_counter() - t
    t = time.perf_counter()
    threads = build_threads(
        store, items, vectors, rebuild=rebuild, settings=thread_settings, progress=progress
    )
    answers = threads.pop("answers")
    rec_terms = threads.pop("rec_terms")
    timings["threads"] = time.perf_counter() - t
    t = time.perf_counter()
    recs = [it for it in items if it.kind == "recommendation"]
    scan = scan_documents(
        store, recs, answers, rescan=rebuild, progress=progress, rec_terms=rec_terms
    )
    timings["scan"] = time.perf_counter() - t
    t = time.perf_counter()
    statuses = compute_status(store, recs, as_of=day, progress=progress)
    timings["status"] = time.perf_counter() - t
    timings["total"] = time.perf_counter() - t0
    return {
        "items": len(items),
        "embedded": cache.stats["embedded"],
        "embeddings_cached": cache.stats["cached"],
        **themes,
        **threads,
        **scan,
        "status": statuses,
        "as_of": (day or dt.date.today()).isoformat(),
        "seconds": {k: round(v, 2) for k, v in timings.items()},
    }
