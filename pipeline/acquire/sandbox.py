"""Parse untrusted documents in worker processes with a time and a memory limit each.

Parsers have had inputs that loop forever or balloon (a circular PDF xref chain, a nested
FlateDecode bomb, pathological HTML). A worker caps its own address space with
``RLIMIT_AS``; the parent kills any worker that overruns its deadline and starts a fresh one.
Either way that document fails with one clear error and the batch goes on.

Workers are forked from a ``forkserver`` that has imported the parsers once: they never
inherit the parent's state (threads such as the progress bar's, torch, open database
connections), start in milliseconds, and live for the whole batch, so a worker replaced after
a timeout costs a fork, not a fresh interpreter.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from pipeline.errors import E, InputError
from pipeline.parse.model import ParsedDocument
from pipeline.settings import Settings


@dataclass
class ParseJob:
    key: Any  # caller's handle, returned with the result
    data: bytes
    name: str  # file name; its suffix picks the parser
    url: str | None = None
    sidecar: bytes | None = None


Result = ParsedDocument | InputError


def _limit_memory(mb: int) -> None:
    """Cap this process's address space at its current size plus ``mb``."""
    try:
        import resource

        with open("/proc/self/statm") as fh:
            pages = int(fh.read().split()[0])
        base = pages * os.sysconf("SC_PAGE_SIZE")
        limit = base + mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (OSError, ValueError, ImportError):  # not Linux: run without the cap
        pass


def _worker(conn: Connection, settings: Settings) -> None:
    """Worker loop: receive a job, send back a ParsedDocument or an error tuple."""
    from pipeline.parse import parse_bytes  # imported here: paid once per worker

    _limit_memory(settings.parse_memory_mb)
    conn.send(("ready",))  # the parent starts a job's clock only from here
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        data, name, url, sidecar = job
        try:
            result: Any = (
                "ok",
                parse_bytes(data, name, settings=settings, url=url, sidecar=sidecar),
            )
        except InputError as exc:
            result = ("error", exc.code.name, exc.fields)
        except MemoryError:
            result = ("error", E.E013.name, {"mb": settings.parse_memory_mb})
        except RecursionError:
            result = ("error", E.E014.name, {"detail": "parser recursion too deep"})
        except Exception as exc:  # noqa: BLE001 - the boundary: a parser bug fails one document
            detail = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
            result = ("error", E.E014.name, {"detail": detail.strip(": ")})
        del data, job
        try:
            conn.send(result)
        except MemoryError:
            conn.send(("error", E.E013.name, {"mb": settings.parse_memory_mb}))


class _Slot:
    """One worker process and the job it is working on."""

    def __init__(self, ctx: Any, settings: Settings) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker, args=(child, settings), daemon=True)
        self.proc.start()
        child.close()
        self.job: ParseJob | None = None
        self.deadline = 0.0
        self.ready = False

    def wait_ready(self, timeout: float = 120.0) -> None:
        """Block until the worker has imported its parsers (or died trying)."""
        if self.ready:
            return
        if self.conn.poll(timeout):
            try:
                self.ready = self.conn.recv() == ("ready",)
            except (EOFError, OSError):
                self.ready = False
        if not self.ready:
            raise OSError(f"parser worker failed to start (exit status {self.proc.exitcode})")

    def give(self, job: ParseJob, timeout: float) -> None:
        self.wait_ready()
        self.job = job
        self.deadline = time.monotonic() + timeout
        self.conn.send((job.data, job.name, job.url, job.sidecar))

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()


class ParserPool:
    """A fixed set of sandboxed parser workers; results come back as they finish."""

    def __init__(self, settings: Settings, workers: int | None = None) -> None:
        self.settings = settings
        self.n = max(1, workers or settings.workers)
        self._ctx = _context()
        self._slots: list[_Slot] = []

    def __enter__(self) -> ParserPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for slot in self._slots:
            with contextlib.suppress(OSError):
                slot.conn.send(None)
        for slot in self._slots:
            slot.proc.join(2)
            slot.kill()
        self._slots.clear()

    def start(self) -> None:
        """Start the workers now (they import in the background while the caller reads)."""
        while len(self._slots) < self.n:
            self._slots.append(self._spawn())

    def _spawn(self) -> _Slot:
        return _Slot(self._ctx, self.settings)

    def imap_unordered(self, jobs: Iterable[ParseJob]) -> Iterator[tuple[ParseJob, Result]]:
        """Parse every job; yield ``(job, ParsedDocument | InputError)`` as each finishes.

        Jobs are pulled lazily, so at most one document's bytes per worker is in memory.
        """
        pending = iter(jobs)
        exhausted = False
        self.start()
        idle: deque[_Slot] = deque(self._slots)
        busy: list[_Slot] = []
        timeout = self.settings.parse_timeout

        while True:
            while idle and not exhausted:
                job = next(pending, None)
                if job is None:
                    exhausted = True
                    break
                slot = idle.popleft()
                try:
                    slot.give(job, timeout)
                except (OSError, ValueError):  # worker died while idle: replace it
                    slot = self._replace(slot)
                    slot.give(job, timeout)
                busy.append(slot)
            if not busy:
                return
            now = time.monotonic()
            wait_for = max(0.0, min(s.deadline for s in busy) - now)
            ready = wait([s.conn for s in busy] + [s.proc.sentinel for s in busy], wait_for)
            for slot in list(busy):
                job = slot.job
                assert job is not None
                result: Result | None = None
                if slot.conn in ready:
                    try:
                        result = _decode(slot.conn.recv())
                    except (EOFError, OSError):
                        result = None
                if result is None and (slot.proc.sentinel in ready or slot.conn in ready):
                    result = self._death(slot)
                elif result is None and time.monotonic() >= slot.deadline:
                    result = InputError(E.E012, seconds=timeout)
                if result is None:
                    continue
                busy.remove(slot)
                slot.job = None
                if isinstance(result, InputError) and result.code in (E.E012, E.E013, E.E014):
                    slot = self._replace(slot)  # a worker that overran is never reused
                idle.append(slot)
                yield job, result

    def _death(self, slot: _Slot) -> InputError:
        slot.proc.join(1)
        code = slot.proc.exitcode
        if code is not None and code < 0 and -code == 9:
            return InputError(E.E013, mb=self.settings.parse_memory_mb)
        return InputError(E.E014, detail=f"exit status {code}")

    def _replace(self, slot: _Slot) -> _Slot:
        slot.kill()
        fresh = self._spawn()
        self._slots[self._slots.index(slot)] = fresh
        return fresh


def _context() -> Any:
    """forkserver (preloading the parsers) where the platform has it, else spawn."""
    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["pipeline.parse", "pipeline.acquire.sandbox"])
        return ctx
    return mp.get_context("spawn")


def _decode(message: Any) -> Result:
    if message[0] == "ok":
        return message[1]
    _, code, fields = message
    return InputError(E[code], **fields)
