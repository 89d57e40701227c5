"""Crawl sources as data: ``corpus/sources.toml`` read into :class:`Source` objects.

A sector is a list of sources, and adding one is a TOML edit, never code. Each source says
where to start (listing pages, feeds, sitemaps), which URLs are in scope (``allow`` and
``deny`` regular expressions), which of those are documents to store (``documents``; when
empty every in-scope page that parses as an article is stored), which are listing pages to
read for links only (``listings``), how listings paginate, and whether PDFs are followed.

URLs given on the command line become an ad-hoc source scoped to their own sites.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.acquire.urls import canonicalize, host_of, is_http_url, same_site
from pipeline.errors import E, PolicytrailError
from pipeline.settings import Settings

ADHOC = ""  # crawl_url.source for URLs given on the command line

_KEYS = {
    "name",
    "publisher",
    "kind",
    "description",
    "start_urls",
    "feeds",
    "sitemaps",
    "allow",
    "deny",
    "documents",
    "listings",
    "pagination",
    "follow_pdfs",
    "max_depth",
    "discover_sitemaps",
    "notes",
}


@dataclass(frozen=True)
class Pagination:
    """How a listing's pages are numbered: ``?param=N`` from ``start``, at most ``max``."""

    param: str = "page"
    start: int = 1
    max: int = 50


@dataclass(frozen=True)
class Source:
    """One site (or one part of a site) to crawl, as configured in sources.toml."""

    name: str
    publisher: str | None = None
    kind: str | None = None
    description: str = ""
    start_urls: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    allow: tuple[str, ...] = ()
    deny: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    listings: tuple[str, ...] = ()
    pagination: Pagination | None = None
    follow_pdfs: bool = True
    max_depth: int | None = None
    discover_sitemaps: bool = False
    notes: str = ""
    _allow_re: tuple[re.Pattern[str], ...] = field(default=(), repr=False, compare=False)
    _deny_re: tuple[re.Pattern[str], ...] = field(default=(), repr=False, compare=False)
    _doc_re: tuple[re.Pattern[str], ...] = field(default=(), repr=False, compare=False)
    _list_re: tuple[re.Pattern[str], ...] = field(default=(), repr=False, compare=False)
    _hosts: frozenset[str] = field(default=frozenset(), repr=False, compare=False)

    @property
    def seeds(self) -> list[tuple[str, str]]:
        """``(url, role)`` for every URL a crawl of this source starts from."""
        out = [(u, "page") for u in self.start_urls]
        out += [(u, "feed") for u in self.feeds]
        out += [(u, "sitemap") for u in self.sitemaps]
        return out

    def in_scope(self, url: str) -> bool:
        """Whether a link may be followed at all."""
        if any(r.search(url) for r in self._deny_re):
            return False
        if self._allow_re:
            return any(r.search(url) for r in self._allow_re)
        host = host_of(url)
        return any(same_site(host, h) for h in self._hosts)

    def is_listing(self, url: str) -> bool:
        """Whether a page is read for its links only (never stored)."""
        return any(r.search(url) for r in self._list_re)

    def is_document(self, url: str) -> bool:
        """Whether a page should be stored (when no patterns: any page that parses)."""
        if self.is_listing(url):
            return False
        if self._doc_re:
            return any(r.search(url) for r in self._doc_re)
        return True


def build_source(data: dict[str, Any], *, path: str = "<sources>") -> Source:
    """A validated :class:`Source` from one TOML table."""
    name = str(data.get("name") or "").strip()
    if not name:
        raise PolicytrailError(E.E072, name="?", path=path, detail="a source needs a name")
    unknown = set(data) - _KEYS
    if unknown:
        raise PolicytrailError(
            E.E072, name=name, path=path, detail=f"unknown keys {sorted(unknown)}"
        )

    def urls(key: str) -> tuple[str, ...]:
        values = data.get(key) or []
        if isinstance(values, str) or not isinstance(values, list):
            raise PolicytrailError(E.E072, name=name, path=path, detail=f"{key} must be a list")
        for u in values:
            if not isinstance(u, str) or not is_http_url(u):
                raise PolicytrailError(
                    E.E072, name=name, path=path, detail=f"{key}: not an http(s) URL: {u!r}"
                )
        return tuple(values)

    def patterns(key: str) -> tuple[tuple[str, ...], tuple[re.Pattern[str], ...]]:
        values = data.get(key) or []
        if isinstance(values, str):
            values = [values]
        try:
            return tuple(values), tuple(re.compile(v) for v in values)
        except (re.error, TypeError) as exc:
            raise PolicytrailError(
                E.E072, name=name, path=path, detail=f"{key}: bad pattern ({exc})"
            ) from None

    pag = data.get("pagination")
    pagination = None
    if isinstance(pag, dict):
        try:
            pagination = Pagination(**pag)
        except TypeError as exc:
            raise PolicytrailError(E.E072, name=name, path=path, detail=str(exc)) from None
    start_urls, feeds, sitemaps = urls("start_urls"), urls("feeds"), urls("sitemaps")
    if not (start_urls or feeds or sitemaps):
        raise PolicytrailError(
            E.E072, name=name, path=path, detail="give start_urls, feeds or sitemaps"
        )
    allow, allow_re = patterns("allow")
    deny, deny_re = patterns("deny")
    documents, doc_re = patterns("documents")
    listings, list_re = patterns("listings")
    return Source(
        name=name,
        publisher=data.get("publisher"),
        kind=data.get("kind"),
        description=data.get("description", ""),
        start_urls=start_urls,
        feeds=feeds,
        sitemaps=sitemaps,
        allow=allow,
        deny=deny,
        documents=documents,
        listings=listings,
        pagination=pagination,
        follow_pdfs=bool(data.get("follow_pdfs", True)),
        max_depth=data.get("max_depth"),
        discover_sitemaps=bool(data.get("discover_sitemaps", False)),
        notes=data.get("notes", ""),
        _allow_re=allow_re,
        _deny_re=deny_re,
        _doc_re=doc_re,
        _list_re=list_re,
        _hosts=frozenset(host_of(u) for u in (*start_urls, *feeds, *sitemaps)),
    )


def adhoc_source(urls: list[str]) -> Source:
    """The source for URLs named on the command line: their own sites, everything stored."""
    for u in urls:
        if not is_http_url(u):
            raise PolicytrailError(E.E073, url=u)
    canon = tuple(canonicalize(u) for u in urls)
    return Source(
        name=ADHOC,
        start_urls=canon,
        discover_sitemaps=True,
        _hosts=frozenset(host_of(u) for u in canon),
    )


def default_sources_path(settings: Settings) -> Path:
    """``sources_file`` setting, else POLICYTRAIL_SOURCES, else corpus/sources.toml."""
    if settings.sources_file:
        return Path(settings.sources_file)
    env = os.environ.get("POLICYTRAIL_SOURCES")
    if env:
        return Path(env)
    local = Path("corpus/sources.toml")
    if local.is_file():
        return local
    return Path(__file__).resolve().parents[2] / "corpus" / "sources.toml"


def load_sources(path: str | os.PathLike[str]) -> dict[str, Source]:
    """All sources in a TOML file, by name, validated."""
    p = Path(path)
    try:
        with p.open("rb") as fh:
            data = tomllib.load(fh)
    except OSError as exc:
        raise PolicytrailError(E.E071, path=str(p), detail=exc.strerror or str(exc)) from None
    except tomllib.TOMLDecodeError as exc:
        raise PolicytrailError(E.E071, path=str(p), detail=str(exc)) from None
    out: dict[str, Source] = {}
    for table in data.get("source", []):
        src = build_source(table, path=str(p))
        if src.name in out:
            raise PolicytrailError(E.E072, name=src.name, path=str(p), detail="duplicate name")
        out[src.name] = src
    return out


def select_sources(all_sources: dict[str, Source], names: list[str]) -> list[Source]:
    """The named sources, in the order given; E070 for an unknown name."""
    chosen = []
    for n in names:
        if n not in all_sources:
            raise PolicytrailError(E.E070, name=n, known=", ".join(sorted(all_sources)) or "none")
        chosen.append(all_sources[n])
    return chosen
