"""Semantic search over item sentences, using the embeddings the analysis stage stored.

The analysis stage embeds sentences and caches vectors in the ``embedding`` table keyed by
the SHA-256 of the text. This module maps those hashes back to items (their text or their
sentence), loads the vectors once, and ranks items by cosine similarity to the query.
When the encoder or the vectors are missing it raises one clear error (E113) instead of
failing somewhere deep, so the UI can say what to run.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import func, select

from pipeline.errors import E, PolicytrailError
from pipeline.store import schema as s
from pipeline.store.db import Store, text_hash
from pipeline.store.export import items_by_id

Encoder = Callable[[list[str]], Any]


def default_encoder() -> Encoder:
    """The analysis stage's ``encode`` (pipeline.analyse.embeddings), or E113 if absent."""
    try:
        from pipeline.analyse import embeddings  # the analysis engineer's module
    except ImportError as exc:
        raise PolicytrailError(
            E.E113, detail=f"the embedding encoder is not available ({exc})"
        ) from None
    encode = getattr(embeddings, "encode", None)
    if encode is None:
        raise PolicytrailError(
            E.E113, detail="pipeline.analyse.embeddings has no encode() function"
        )
    return encode


@dataclass
class _Index:
    model: str
    count: int
    matrix: np.ndarray  # unit-length rows
    keys: list[tuple[str, int]]  # (item kind, item id) per row


class SemanticIndex:
    """Item vectors of one store, loaded on first use and reloaded when the table grows."""

    def __init__(self, store: Store, encoder: Encoder | None = None) -> None:
        self.store = store
        self._encoder = encoder
        self._index: _Index | None = None
        self._lock = threading.Lock()

    def _embedding_count(self) -> tuple[str | None, int]:
        e = s.embedding.c
        top = self.store.execute(
            select(e.model, func.count().label("n"))
            .group_by(e.model)
            .order_by(func.count().desc())
            .limit(1)
        )
        return (top[0]["model"], top[0]["n"]) if top else (None, 0)

    def _load(self) -> _Index:
        model, count = self._embedding_count()
        if not count:
            raise PolicytrailError(
                E.E113, detail="the store has none yet; run `policytrail analyse` first"
            )
        if self._index is not None and self._index.model == model and self._index.count == count:
            return self._index
        e = s.embedding.c
        vectors = {
            r["text_hash"]: r["vector"]
            for r in self.store.execute(select(e.text_hash, e.vector).where(e.model == model))
        }
        keys: list[tuple[str, int]] = []
        rows: list[np.ndarray] = []
        d = s.document.c
        for kind, table in s.ITEM_TABLES.items():
            t = table.c
            q = select(
                t.id,
                t.text,
                func.substr(d.text, t.sentence_start + 1, t.sentence_end - t.sentence_start).label(
                    "sentence"
                ),
            ).join(s.document, d.id == t.document_id)
            for r in self.store.execute(q):
                for candidate in (r["sentence"], r["text"]):
                    vec = vectors.get(text_hash(candidate)) if candidate else None
                    if vec is not None:
                        keys.append((kind, r["id"]))
                        rows.append(np.frombuffer(vec, dtype="<f4"))
                        break
        if not rows:
            raise PolicytrailError(
                E.E113, detail="no stored vector matches an item's text; re-run `analyse`"
            )
        matrix = np.vstack(rows).astype(np.float32)
        matrix /= np.linalg.norm(matrix, axis=1, keepdims=True).clip(min=1e-12)
        self._index = _Index(model or "", count, matrix, keys)
        return self._index

    def search(self, query: str, *, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
        """Items most similar in meaning to ``query``, best first, each with a ``similarity``."""
        with self._lock:
            index = self._load()
            encoder = self._encoder or default_encoder()
        vec = np.asarray(encoder([query]), dtype=np.float32).reshape(-1)
        if vec.shape[0] != index.matrix.shape[1]:
            raise PolicytrailError(
                E.E113,
                detail=f"the encoder gives {vec.shape[0]} dimensions, the store holds "
                f"{index.matrix.shape[1]}; re-run `policytrail analyse`",
            )
        vec /= max(float(np.linalg.norm(vec)), 1e-12)
        scores = index.matrix @ vec
        order = np.argsort(-scores)[offset : offset + limit]
        out: list[dict[str, Any]] = []
        for i in order:
            kind, item_id = index.keys[int(i)]
            found = items_by_id(self.store, kind, [item_id])
            if found:
                out.append({**found[0], "similarity": float(scores[int(i)])})
        return out
