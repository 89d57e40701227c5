"""The Python API: a store's contents as pandas DataFrames, for notebooks.

    >>> from pipeline.api import open_store
    >>> corpus = open_store("out/demo.db")
    >>> corpus.recommendations(actor="Department for Education", status="overdue")
    >>> corpus.figures(measure="funding gap", since="2017")

Every item frame carries its provenance: ``document`` (id), ``title``, ``url``, ``date``,
``start``/``end`` (character offsets into the document text) and ``sentence``, so any row
leads back to the exact words it came from. Filters mean what they mean in the CLI and the
web UI because all three read through :func:`pipeline.store.export.records`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.errors import E, PolicytrailError
from pipeline.settings import resolve_db_path
from pipeline.store.db import Store
from pipeline.store.export import (
    Filters,
    parse_date,
    prevalence,
    records,
    theme_members,
    thread_detail,
)

DateLike = str | dt.date | None


def open_store(path: str | Path | None = None) -> Corpus:
    """Open an existing store (``path``, else ``$POLICYTRAIL_DB``, else ``./policytrail.db``).

    A missing file is an error rather than a new empty store: a typo in a notebook should
    say so instead of showing empty tables.
    """
    return Corpus(Store.open(resolve_db_path(path), create=False))


def filters(
    *,
    actor: str | None = None,
    issuer: str | None = None,
    speaker: str | None = None,
    status: str | None = None,
    theme: int | str | None = None,
    since: DateLike = None,
    until: DateLike = None,
    text: str | None = None,
    measure: str | None = None,
    unit: str | None = None,
    deadline_before: str | None = None,
    publisher: str | None = None,
    kind: str | None = None,
    document: int | None = None,
) -> Filters:
    """Build a :class:`Filters` from loose values, checking dates and statuses."""
    return Filters(
        actor=actor,
        issuer=issuer,
        speaker=speaker,
        status=status,
        theme=theme,
        since=parse_date(since, "since"),
        until=parse_date(until, "until", end=True),
        text=text,
        measure=measure,
        unit=unit,
        deadline_before=deadline_before,
        publisher=publisher,
        kind=kind,
        document_id=document,
    )


class Corpus:
    """One open store. Each listing method takes keyword filters and returns a DataFrame."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def __repr__(self) -> str:
        return f"Corpus({self.store.location!r})"

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ listings
    def _frame(self, what: str, limit: int | None, offset: int, kw: dict[str, Any]) -> pd.DataFrame:
        rows = records(self.store, what, filters(**kw), limit=limit, offset=offset)
        frame = pd.DataFrame(rows)
        if "id" in frame.columns:
            frame = frame.set_index("id", drop=False)
            frame.index.name = None
        return frame

    def documents(
        self,
        *,
        publisher: str | None = None,
        kind: str | None = None,
        since: DateLike = None,
        until: DateLike = None,
        text: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> pd.DataFrame:
        """Documents (metadata, not text), newest first; ``text`` is a full-text query."""
        kw = {"publisher": publisher, "kind": kind, "since": since, "until": until, "text": text}
        return self._frame("documents", limit, offset, kw)

    def figures(
        self,
        *,
        measure: str | None = None,
        unit: str | None = None,
        speaker: str | None = None,
        theme: int | str | None = None,
        since: DateLike = None,
        until: DateLike = None,
        text: str | None = None,
        document: int | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> pd.DataFrame:
        """Figures in date order; ``speaker`` matches the source a figure is attributed to."""
        kw = {
            "measure": measure,
            "unit": unit,
            "speaker": speaker,
            "theme": theme,
            "since": since,
            "until": until,
            "text": text,
            "document": document,
        }
        return self._frame("figures", limit, offset, kw)

    def recommendations(
        self,
        *,
        actor: str | None = None,
        issuer: str | None = None,
        status: str | None = None,
        deadline_before: str | None = None,
        theme: int | str | None = None,
        since: DateLike = None,
        until: DateLike = None,
        text: str | None = None,
        document: int | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> pd.DataFrame:
        """Recommendations in date order, each with its ``thread`` and that thread's ``status``."""
        kw = {
            "actor": actor,
            "issuer": issuer,
            "status": status,
            "deadline_before": deadline_before,
            "theme": theme,
            "since": since,
            "until": until,
            "text": text,
            "document": document,
        }
        return self._frame("recs", limit, offset, kw)

    def quotes(
        self,
        *,
        speaker: str | None = None,
        theme: int | str | None = None,
        since: DateLike = None,
        until: DateLike = None,
        text: str | None = None,
        document: int | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> pd.DataFrame:
        """Attributed claims; ``speaker`` matches the speaker or their organisation."""
        kw = {
            "speaker": speaker,
            "theme": theme,
            "since": since,
            "until": until,
            "text": text,
            "document": document,
        }
        return self._frame("quotes", limit, offset, kw)

    def themes(self, *, text: str | None = None, limit: int | None = None) -> pd.DataFrame:
        """Themes, largest first, with ``prevalence`` ({year: members}) and first/last year."""
        frame = self._frame("themes", limit, 0, {"text": text})
        if not frame.empty:
            frame = frame.set_index("theme", drop=False)
            frame.index.name = None
        return frame

    def themes_over_time(self) -> pd.DataFrame:
        """One row per theme and year: ``theme``, ``label``, ``period``, ``n`` (tidy, to pivot)."""
        return pd.DataFrame(prevalence(self.store), columns=["theme", "label", "period", "n"])

    def theme_members(self, theme: int, *, period: str | None = None) -> pd.DataFrame:
        """The items of one theme (optionally one year), with provenance."""
        return pd.DataFrame(theme_members(self.store, theme, period=period, limit=1_000_000))

    def threads(
        self,
        *,
        status: str | None = None,
        kind: str | None = None,
        actor: str | None = None,
        issuer: str | None = None,
        text: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> pd.DataFrame:
        """Threads (a recommendation or measure followed across documents) with their status.

        ``actor``/``issuer`` keep threads with a member recommendation to/from that body.
        """
        kw = {"status": status, "kind": kind, "actor": actor, "issuer": issuer, "text": text}
        frame = self._frame("threads", limit, offset, kw)
        if not frame.empty:
            frame = frame.set_index("thread", drop=False)
            frame.index.name = None
        return frame

    def thread(self, thread_id: int) -> tuple[pd.DataFrame, pd.DataFrame]:
        """A thread's members and its evidence, each in date order."""
        found = thread_detail(self.store, int(thread_id))
        if found is None:
            raise PolicytrailError(E.E112, what="thread", ref=thread_id)
        return pd.DataFrame(found["members"]), pd.DataFrame(found["evidence"])

    def document_text(self, document: int) -> str:
        """The exact text a document's offsets refer to: ``text[start:end]`` is the item."""
        return self.store.get_document(int(document))["text"]

    def stats(self) -> dict[str, Any]:
        """Counts: documents, items, themes, threads, by kind and year."""
        return self.store.stats()
