"""Settings as data: shipped defaults that a user's file and the command line overlay.

Each setting is a ``(name, default, help)`` entry, so the same table drives validation,
``--help`` texts and the README. A user's ``policytrail.toml`` (in the working directory, or
named by ``POLICYTRAIL_CONFIG``) overrides any of them.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

DEFAULT_DB = "policytrail.db"


@dataclass(frozen=True)
class Settings:
    """Options passed inward as one object rather than a dozen loose arguments."""

    max_bytes: int = field(
        default=20_000_000, metadata={"help": "largest input file to parse, in bytes"}
    )
    parse_timeout: float = field(
        default=60.0, metadata={"help": "seconds one document may take to parse"}
    )
    parse_memory_mb: int = field(
        default=1024, metadata={"help": "memory one parser worker may use, in MB"}
    )
    workers: int = field(
        default=max(1, min(2, os.cpu_count() or 1)),
        metadata={"help": "parallel worker processes for slow steps"},
    )
    min_text_chars: int = field(
        default=200, metadata={"help": "shortest main text accepted from an HTML page"}
    )
    user_agent: str = field(
        default="policytrail/0.1 (+https://github.com/policytrail/policytrail; research crawler)",
        metadata={"help": "User-Agent sent by the crawler, naming a contact URL"},
    )
    crawl_delay: float = field(
        default=1.0,
        metadata={
            "help": "seconds between two requests to the same host (robots Crawl-delay wins"
            " when longer)"
        },
    )
    crawl_per_host: int = field(
        default=1, metadata={"help": "connections at once to one host (1 or 2)"}
    )
    crawl_concurrency: int = field(
        default=16, metadata={"help": "requests in flight across all hosts"}
    )
    crawl_timeout: float = field(
        default=30.0, metadata={"help": "seconds to connect and receive one response"}
    )
    crawl_max_bytes: int = field(
        default=50_000_000,
        metadata={
            "help": "largest response kept, in bytes, cut while streaming and while decompressing"
        },
    )
    crawl_retries: int = field(
        default=3, metadata={"help": "retries of one URL after 429, 5xx or a dropped connection"}
    )
    crawl_backoff: float = field(
        default=5.0, metadata={"help": "first retry wait in seconds after a 5xx; doubles each time"}
    )
    crawl_max_retry_after: float = field(
        default=600.0,
        metadata={"help": "longest Retry-After honoured, in seconds; longer waits fail the URL"},
    )
    crawl_max_redirects: int = field(default=5, metadata={"help": "redirects followed for one URL"})
    crawl_max_depth: int = field(
        default=3, metadata={"help": "links followed away from a start URL (pagination is free)"}
    )
    crawl_revisit_days: float = field(
        default=30.0,
        metadata={"help": "days after which a stored page is re-checked (conditional request)"},
    )
    crawl_near_duplicate: float = field(
        default=0.8,
        metadata={"help": "MinHash Jaccard similarity above which a page is a near-duplicate"},
    )
    crawl_resolve: tuple[str, ...] = field(
        default=(),
        metadata={"help": "HOST:ADDRESS pins, like curl --resolve; pinned addresses are trusted"},
    )
    sources_file: str = field(
        default="",
        metadata={"help": "the sources TOML file (default: corpus/sources.toml)"},
    )

    def overlay(self, **changes: object) -> Settings:
        """A copy with the given non-None values applied."""
        known = {f.name for f in fields(self)}
        return replace(self, **{k: v for k, v in changes.items() if v is not None and k in known})


def load_settings(path: str | os.PathLike[str] | None = None) -> Settings:
    """Defaults overlaid with the user's TOML file, if there is one."""
    candidate = path or os.environ.get("POLICYTRAIL_CONFIG") or "policytrail.toml"
    settings = Settings()
    p = Path(candidate)
    if p.is_file():
        with p.open("rb") as fh:
            data = tomllib.load(fh)
        settings = settings.overlay(**data.get("policytrail", data))
    return settings


def resolve_db_path(db: str | os.PathLike[str] | None) -> str:
    """``--db``, else ``POLICYTRAIL_DB``, else ``./policytrail.db``."""
    return str(db or os.environ.get("POLICYTRAIL_DB") or DEFAULT_DB)
