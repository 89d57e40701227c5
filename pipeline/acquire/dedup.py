"""Near-duplicate detection with MinHash and an LSH index (datasketch).

Exact duplicates are caught by the store's content hash. Near-duplicates are the same text
with different trimmings: a press release syndicated on another site with its own header,
a print view, a copy with a corrected typo. Counting them twice would double every figure
and recommendation in them, so the crawler links each one to the first copy it stored
(``document.duplicate_of``).

Signatures are computed over word 5-shingles of the parsed text, lower-cased, so markup and
whitespace differences do not matter. They are stored in ``document.minhash`` so the index
can be rebuilt when a crawl starts, without re-reading any text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
# datasketch 2 makes the permutation scheme explicit; stored signatures are only
# comparable with ones made by the same scheme, so it is pinned here.
SCHEME = "affine32"
SHINGLE_WORDS = 5
_WORD = re.compile(r"\w+", re.UNICODE)


def signature(text: str, *, num_perm: int = NUM_PERM) -> MinHash:
    """The MinHash of a text's word shingles."""
    words = _WORD.findall(text.lower())
    mh = MinHash(num_perm=num_perm, scheme=SCHEME)
    if len(words) < SHINGLE_WORDS:
        shingles = {" ".join(words)} if words else set()
    else:
        shingles = {
            " ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)
        }
    mh.update_batch([s.encode("utf-8") for s in shingles])
    return mh


def to_bytes(mh: MinHash) -> bytes:
    """A signature as compact bytes for ``document.minhash``."""
    return np.asarray(mh.hashvalues, dtype=np.uint32).tobytes()


def from_bytes(data: bytes) -> MinHash:
    """A signature read back from ``document.minhash``."""
    values = np.frombuffer(data, dtype=np.uint32)
    return MinHash(num_perm=len(values), scheme=SCHEME, hashvalues=values.copy())


class NearDuplicateIndex:
    """An LSH index of stored documents' signatures, queried before each new document.

    LSH gives candidates; each is confirmed with the estimated Jaccard similarity so the
    threshold means what it says.
    """

    def __init__(self, threshold: float = 0.8, *, num_perm: int = NUM_PERM) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._sigs: dict[int, MinHash] = {}

    def __len__(self) -> int:
        return len(self._sigs)

    def add(self, doc_id: int, mh: MinHash) -> None:
        if doc_id in self._sigs or len(mh.hashvalues) != self.num_perm:
            return
        self._lsh.insert(doc_id, mh)
        self._sigs[doc_id] = mh

    def load(self, rows: Iterable[tuple[int, bytes]]) -> int:
        """Add ``(document_id, minhash bytes)`` rows; returns how many were added."""
        n = 0
        for doc_id, data in rows:
            if data:
                self.add(doc_id, from_bytes(data))
                n += 1
        return n

    def best_match(self, mh: MinHash, *, exclude: Iterable[int] = ()) -> tuple[int, float] | None:
        """The most similar indexed document at or above the threshold, if any."""
        skip = set(exclude)
        best: tuple[int, float] | None = None
        for doc_id in self._lsh.query(mh):
            if doc_id in skip:
                continue
            sim = float(mh.jaccard(self._sigs[doc_id]))
            if sim >= self.threshold and (
                best is None or sim > best[1] or (sim == best[1] and doc_id < best[0])
            ):
                best = (doc_id, sim)
        return best
