"""Fixtures for crawler tests: the fixture site, fast settings, database readers."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.settings import Settings
from tests.crawl.site import Site


def fast_settings(**changes: object) -> Settings:
    """Short timeouts, caps and waits so the whole crawler suite runs in seconds."""
    base = Settings(
        crawl_timeout=1.0,
        crawl_max_bytes=1_000_000,
        crawl_retries=1,
        crawl_backoff=0.05,
        crawl_max_retry_after=5.0,
        crawl_concurrency=8,
        sources_file=str(Path(__file__).parent / "no-sources.toml"),
    )
    return base.overlay(**changes)


def rows(db: Path, sql: str, *args: object) -> list[tuple]:
    con = sqlite3.connect(db)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def states(db: Path, base: str) -> dict[str, tuple[str, str | None]]:
    """``{path: (state, reason)}`` for every crawl_url row of the site at ``base``."""
    return {
        url.removeprefix(base): (state, reason)
        for url, state, reason in rows(db, "select url, state, reason from crawl_url")
    }


@pytest.fixture
def site() -> Iterator[Site]:
    s = Site().start()
    yield s
    s.stop()
