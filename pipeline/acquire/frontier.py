"""The crawl frontier, kept in the store's ``crawl_url`` table rather than in memory.

Scrapy's own job directory survives only a clean stop, so the frontier and every URL's state
live in the database instead, and each page's new state is committed in the same
transaction as its document and the links found on it. A crawl killed at any point
therefore resumes exactly: rows still ``queued`` are fetched, nothing ``stored`` is fetched
again, and no link is lost. Only URL metadata is ever held in memory, a bounded batch at a
time, so a frontier of any size costs the crawler no page bodies.

States: ``queued`` (to fetch), ``fetched`` (read for links or not modified, nothing stored),
``stored`` (a document holds it), ``skipped`` (deliberately not stored: robots.txt, a
duplicate, a content type, a refused address) and ``failed`` (may be retried later).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, and_, func, insert, or_, select, update

from pipeline.store import schema as s
from pipeline.store.db import Store, now

QUEUED, FETCHED, STORED, SKIPPED, FAILED = "queued", "fetched", "stored", "skipped", "failed"
STATES = (QUEUED, FETCHED, STORED, SKIPPED, FAILED)
MAX_ATTEMPTS = 5
RETRY_BASE = dt.timedelta(hours=1)


@dataclass(frozen=True)
class Row:
    """What the crawler needs to know about one queued URL."""

    id: int
    url: str
    host: str
    source: str | None
    depth: int
    role: str
    etag: str | None
    last_modified: str | None
    document_id: int | None
    prev_state: str | None = None


@dataclass(frozen=True)
class NewLink:
    """A URL discovered on a page, feed or sitemap, to queue if it is new."""

    url: str
    host: str
    source: str | None
    depth: int
    role: str = "page"


class Frontier:
    """Database operations on ``crawl_url``; one instance per crawl process."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.c = s.crawl_url.c

    # ------------------------------------------------------------- starting
    def queued_count(self) -> int:
        with self.store.engine.connect() as conn:
            return conn.execute(
                select(func.count()).select_from(s.crawl_url).where(self.c.state == QUEUED)
            ).scalar_one()

    def start(
        self,
        seeds: Iterable[NewLink],
        *,
        revisit_before: dt.datetime | None,
    ) -> dict[str, int]:
        """Queue a crawl's seeds; requeue what is due. Returns counts of what was queued.

        Rows left ``queued`` by an earlier, interrupted crawl are always kept (that is the
        resume). If there were none, the previous crawl finished, so this is a fresh pass:
        seeds already seen are queued again (to find new links; with conditional headers,
        so unchanged ones cost a 304), as are pages last fetched before ``revisit_before``
        and failures whose retry time has come.
        """
        c = self.c
        seeds = list(seeds)
        with self.store.transaction() as conn:
            resumed = conn.execute(
                select(func.count()).select_from(s.crawl_url).where(c.state == QUEUED)
            ).scalar_one()
            new = self._insert_new(conn, seeds)
            requeued = 0
            if not resumed:
                seed_urls = [sd.url for sd in seeds]
                for chunk in _chunks(seed_urls, 500):
                    requeued += conn.execute(
                        update(s.crawl_url)
                        .where(c.url.in_(chunk), c.state != QUEUED)
                        .values(state=QUEUED)
                    ).rowcount
                if revisit_before is not None:
                    requeued += conn.execute(
                        update(s.crawl_url)
                        .where(
                            c.state.in_((STORED, FETCHED)),
                            c.fetched_at < revisit_before,
                        )
                        .values(state=QUEUED)
                    ).rowcount
                requeued += conn.execute(
                    update(s.crawl_url)
                    .where(
                        c.state == FAILED,
                        c.attempts < MAX_ATTEMPTS,
                        or_(c.next_try_at.is_(None), c.next_try_at <= now()),
                    )
                    .values(state=QUEUED)
                ).rowcount
        return {"resumed": resumed, "new": new, "requeued": requeued}

    # ------------------------------------------------------------- scheduling
    def next_batch(self, *, exclude: Iterable[int], limit: int, per_host: int) -> list[Row]:
        """Up to ``limit`` queued rows, oldest first, at most ``per_host`` from any one host.

        The per-host cap keeps one big site from filling the window while other hosts,
        each with their own politeness delay, sit idle.
        """
        c = self.c
        excluded = list(exclude)
        rn = func.row_number().over(partition_by=c.host, order_by=c.id).label("rn")
        cond = c.state == QUEUED
        if excluded:
            cond = and_(cond, c.id.not_in(excluded))
        inner = (
            select(
                c.id,
                c.url,
                c.host,
                c.source,
                c.depth,
                c.role,
                c.etag,
                c.last_modified,
                c.document_id,
                c.http_status,
                c.fetched_at,
                rn,
            )
            .where(cond)
            .subquery()
        )
        q = select(inner).where(inner.c.rn <= per_host).order_by(inner.c.id).limit(limit)
        with self.store.engine.connect() as conn:
            rows = conn.execute(q).all()
        return [
            Row(
                id=r.id,
                url=r.url,
                host=r.host,
                source=r.source,
                depth=r.depth,
                role=r.role or "page",
                etag=r.etag,
                last_modified=r.last_modified,
                document_id=r.document_id,
                prev_state=STORED if r.document_id else (FETCHED if r.fetched_at else None),
            )
            for r in rows
        ]

    # ------------------------------------------------------------- recording
    def add_links(self, conn: Connection, links: Iterable[NewLink]) -> int:
        """Queue the links not yet known, inside the caller's transaction."""
        return self._insert_new(conn, links)

    def _insert_new(self, conn: Connection, links: Iterable[NewLink]) -> int:
        by_url: dict[str, NewLink] = {}
        for link in links:
            by_url.setdefault(link.url, link)
        if not by_url:
            return 0
        known: set[str] = set()
        for chunk in _chunks(list(by_url), 500):
            known.update(
                r[0] for r in conn.execute(select(self.c.url).where(self.c.url.in_(chunk)))
            )
        stamp = now()
        rows = [
            {
                "url": lk.url,
                "host": lk.host,
                "source": lk.source,
                "depth": lk.depth,
                "role": lk.role,
                "state": QUEUED,
                "discovered_at": stamp,
                "attempts": 0,
            }
            for u, lk in by_url.items()
            if u not in known
        ]
        if rows:
            conn.execute(insert(s.crawl_url), rows)
        return len(rows)

    def resolve(self, conn: Connection, row_id: int, state: str, **values: object) -> None:
        """Set a row's final state for this pass (with its reason, document, headers)."""
        conn.execute(update(s.crawl_url).where(self.c.id == row_id).values(state=state, **values))

    def fail(self, conn: Connection, row_id: int, reason: str, *, run_id: int) -> None:
        """Mark a row failed and schedule its next try, backing off with each attempt."""
        attempts = (
            conn.execute(select(self.c.attempts).where(self.c.id == row_id)).scalar_one() or 0
        ) + 1
        conn.execute(
            update(s.crawl_url)
            .where(self.c.id == row_id)
            .values(
                state=FAILED,
                reason=reason,
                attempts=attempts,
                next_try_at=now() + RETRY_BASE * (2 ** (attempts - 1)),
                fetched_at=now(),
                run_id=run_id,
            )
        )

    # ------------------------------------------------------------- reporting
    def counts_by_host(self) -> dict[str, dict[str, int]]:
        """``{host: {state: n}}`` over the whole frontier."""
        c = self.c
        out: dict[str, dict[str, int]] = {}
        with self.store.engine.connect() as conn:
            for host, state, n in conn.execute(
                select(c.host, c.state, func.count()).group_by(c.host, c.state)
            ):
                out.setdefault(host, {})[state] = n
        return out

    def queued_by_host(self) -> dict[str, int]:
        c = self.c
        with self.store.engine.connect() as conn:
            return dict(
                conn.execute(
                    select(c.host, func.count()).where(c.state == QUEUED).group_by(c.host)
                ).all()
            )


def _chunks(items: list, size: int) -> Iterable[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
