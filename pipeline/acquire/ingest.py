"""Ingest local files into the store: read, parse in the sandbox, store each document whole.

The parent process reads each file (enforcing the size cap before reading), skips content it
has stored before by raw hash without parsing it again, and hands the rest to the sandboxed
parser pool. Each document is written in its own transaction as its result arrives, so a
batch killed part way leaves only whole documents and a re-run completes the rest.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from pipeline.acquire.local import collect_inputs, sidecar_for
from pipeline.acquire.sandbox import ParseJob, ParserPool
from pipeline.errors import E, InputError
from pipeline.parse.model import ParsedDocument
from pipeline.settings import Settings
from pipeline.store.db import Store

SUFFIXES = (".html", ".htm", ".xhtml", ".pdf", ".txt", ".text", ".md", ".markdown", ".warc.gz")
WARC_SUFFIXES = (".warc.gz", ".warc")


@dataclass
class Outcome:
    """What happened to one input."""

    input: str
    status: str  # added | new_version | unchanged | updated | failed
    document_id: int | None = None
    message: str | None = None  # the one-line reason, for failures and notes


@dataclass
class IngestReport:
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    def summary(self) -> dict[str, int]:
        keys = ("added", "new_version", "updated", "unchanged", "failed")
        return {k: self.count(k) for k in keys}


Progress = Callable[[Outcome], None]


@dataclass(frozen=True)
class _Key:
    """What the parent remembers about a job while a worker parses it."""

    label: str  # the input as the user knows it: a path, or warc://FILE#OFFSET
    raw_hash: str
    size: int
    raw_ref: str  # where the raw bytes can be read again
    fetched_at: str | None = None


def raw_fingerprint(data: bytes, sidecar: bytes | None) -> str:
    """Hash of the raw bytes and sidecar: the same pair never needs parsing twice."""
    h = hashlib.sha256(data)
    if sidecar:
        h.update(b"\0sidecar\0")
        h.update(sidecar)
    return h.hexdigest()


def ingest_paths(
    store: Store,
    args: Iterable[str],
    settings: Settings,
    *,
    on_total: Callable[[int], None] | None = None,
    on_outcome: Progress | None = None,
) -> IngestReport:
    """Ingest files, directories and globs; one bad input never stops the others."""
    report = IngestReport()
    pool = ParserPool(settings)
    pool.start()  # workers boot while the inputs are collected

    def record(outcome: Outcome) -> None:
        report.outcomes.append(outcome)
        if on_outcome:
            on_outcome(outcome)

    collected = collect_inputs(args, SUFFIXES)
    if on_total:
        on_total(len(collected.files) + len(collected.failures))
    for name, err in collected.failures:
        record(Outcome(name, "failed", message=err.message))

    jobs = _jobs(store, collected.files, settings, record)
    with pool, _GroupCommit(store, record) as writer:
        for job, result in pool.imap_unordered(jobs):
            if isinstance(result, InputError):
                record(Outcome(job.key.label, "failed", message=result.message))
                continue
            writer.add(job.key, result)
    return report


class _GroupCommit:
    """Write whole documents in batches: one commit per batch, not per document.

    A commit costs as much as parsing a small page, so documents are committed together,
    at most ``max_docs`` of them or ``max_seconds`` after the first. Each document is still
    whole or absent after a crash, since a batch commits or rolls back as one; outcomes are
    reported only once their batch has committed.
    """

    def __init__(
        self, store: Store, record: Progress, max_docs: int = 64, max_seconds: float = 0.5
    ) -> None:
        self.store, self.record = store, record
        self.max_docs, self.max_seconds = max_docs, max_seconds
        self._conn: Connection | None = None
        self._txn: Any = None
        self._done: list[Outcome] = []
        self._since = 0.0

    def __enter__(self) -> _GroupCommit:
        return self

    def __exit__(self, exc_type: object, *_: object) -> None:
        if exc_type is None:
            self.flush()
        elif self._conn is not None:
            self._txn.rollback()
            self._conn.close()

    def add(self, key: _Key, parsed: ParsedDocument) -> None:
        if self._conn is None:
            self._conn = self.store.engine.connect()
            self._txn = self._conn.begin()
            self._since = time.monotonic()
        if key.fetched_at and not parsed.fetched_at:
            parsed.fetched_at = key.fetched_at
        local = None if key.raw_ref.startswith("warc://") else key.label
        result = self.store.add_document(
            parsed,
            source_path=local,
            raw_hash=key.raw_hash,
            raw_ref=key.raw_ref,
            size_bytes=key.size,
            conn=self._conn,
        )
        note = "; ".join(parsed.notes) if parsed.notes else None
        self._done.append(Outcome(key.label, result.status, result.document_id, note))
        if len(self._done) >= self.max_docs or time.monotonic() - self._since > self.max_seconds:
            self.flush()

    def flush(self) -> None:
        if self._conn is None:
            return
        self._txn.commit()
        self._conn.close()
        self._conn = None
        done, self._done = self._done, []
        for outcome in done:
            self.record(outcome)


def _jobs(
    store: Store, files: list[Path], settings: Settings, record: Progress
) -> Iterator[ParseJob]:
    """Read each file lazily; report what fails or is unchanged without parsing it."""
    for path in files:
        name = str(path)
        try:
            size = path.stat().st_size
            if size > settings.max_bytes:
                raise InputError(E.E005, size=size, cap=settings.max_bytes)
            if path.name.lower().endswith(WARC_SUFFIXES):
                yield from _warc_jobs(store, path, settings, record)
                continue
            data = path.read_bytes()
            sidecar_path = sidecar_for(path)
            sidecar = sidecar_path.read_bytes() if sidecar_path.is_file() else None
        except InputError as err:
            record(Outcome(name, "failed", message=err.message))
            continue
        except PermissionError:
            record(Outcome(name, "failed", message=E.E011.format()))
            continue
        except OSError as exc:
            record(Outcome(name, "failed", message=E.E016.format(detail=exc.strerror or exc)))
            continue
        if not data:
            record(Outcome(name, "failed", message=E.E003.format()))
            continue
        raw_hash = raw_fingerprint(data, sidecar)
        known = store.find_by_raw_hash(raw_hash)
        if known is not None:
            record(Outcome(name, "unchanged", known))
            continue
        url = path.resolve().as_uri()
        yield ParseJob(_Key(name, raw_hash, size, name), data, path.name, url, sidecar)


def _warc_jobs(
    store: Store, path: Path, settings: Settings, record: Progress
) -> Iterator[ParseJob]:
    """One parse job per usable response record of a WARC capture file."""
    from pipeline.acquire.warc import iter_warc_records_with_refs
    from pipeline.parse import name_for_capture

    try:
        for ref, rec in iter_warc_records_with_refs(path, max_bytes=settings.max_bytes):
            raw_hash = raw_fingerprint(rec.body, None)
            known = store.find_by_raw_hash(raw_hash)
            if known is not None:
                record(Outcome(ref, "unchanged", known))
                continue
            fetched = rec.fetched_at.isoformat() if rec.fetched_at else None
            key = _Key(ref, raw_hash, len(rec.body), ref, fetched)
            yield ParseJob(key, rec.body, name_for_capture(rec.content_type, rec.body), rec.url)
    except InputError as err:
        record(Outcome(str(path), "failed", message=err.message))
