"""``policytrail crawl``: the library entry point, the child process, progress and summary.

:func:`run_crawl` is what the CLI calls. It validates the request (sources, URLs, dates),
answers ``--dry-run`` itself without any network access, and otherwise runs the crawl in a
child process (``python -m pipeline.acquire.crawl``): Twisted's reactor can start only once
per process, and a child keeps the caller (a CLI, a notebook, a test) free to crawl again.
The child shows a live per-host progress table and writes a JSON summary that
:func:`run_crawl` returns as a :class:`CrawlSummary`.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from pipeline.acquire.crawl_sources import (
    ADHOC,
    Source,
    adhoc_source,
    default_sources_path,
    load_sources,
    select_sources,
)
from pipeline.acquire.urls import host_of
from pipeline.errors import E, PolicytrailError
from pipeline.settings import Settings

STATES = ("queued", "fetched", "stored", "skipped", "failed")


@dataclass
class CrawlSummary:
    """What one crawl did, per host and in total."""

    hosts: dict[str, dict[str, int]] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)
    added: int = 0
    new_versions: int = 0
    unchanged: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    not_modified: int = 0
    links_queued: int = 0
    since_skipped: int = 0
    queued_left: int = 0
    resumed: int = 0
    seconds: float = 0.0
    pages_per_second: float = 0.0
    stop_reason: str = "finished"
    reasons: dict[str, int] = field(default_factory=dict)
    dry_run: bool = False
    plan: list[dict[str, Any]] = field(default_factory=list)
    exit_code: int = 0

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CrawlSummary:
        known = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


def parse_since(value: str | dt.date | None) -> dt.date | None:
    """``--since`` as a date; E076 when it is not YYYY-MM-DD."""
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise PolicytrailError(E.E076, value=value) from None


def captures_dir_for(store_path: str | os.PathLike[str]) -> Path:
    """Raw captures live in ``captures/`` next to the database file."""
    return Path(store_path).expanduser().resolve().parent / "captures"


def _resolve_sources(
    urls: list[str], source_names: list[str], settings: Settings, *, need_all: bool
) -> tuple[list[Source], dict[str, Source]]:
    path = default_sources_path(settings)
    # Named sources need the file (E071 if it is missing); otherwise it is optional, and
    # loaded so rows of other sources left queued by an interrupted crawl keep their scope.
    all_sources = load_sources(path) if (source_names or path.is_file()) else {}
    chosen = select_sources(all_sources, source_names)
    if need_all and not source_names and not urls:
        chosen = list(all_sources.values())
    if urls:
        chosen.append(adhoc_source(list(urls)))
    return chosen, all_sources


def run_crawl(
    store_path: str | os.PathLike[str],
    urls: list[str] | tuple[str, ...] = (),
    sources: list[str] | tuple[str, ...] = (),
    *,
    settings: Settings | None = None,
    since: str | dt.date | None = None,
    max_pages: int | None = None,
    delay: float | None = None,
    allow_private: bool = False,
    quiet: bool = False,
    dry_run: bool = False,
    console: Console | None = None,
) -> CrawlSummary:
    """Crawl ``urls`` and the named ``sources`` into the store at ``store_path``.

    With neither, an interrupted crawl is resumed (rows still queued); with nothing to
    resume, E075. ``delay`` (seconds between requests to one host) defaults to the
    ``crawl_delay`` setting. ``dry_run`` prints what each source would fetch first and
    touches neither the network nor the store. Raises :class:`PolicytrailError` for bad
    usage; per-URL problems are counted in the summary, never raised.
    """
    settings = settings or Settings()
    since_date = parse_since(since)
    if max_pages is not None and max_pages < 0:
        raise PolicytrailError(E.E103, name="--max-pages", detail="must be 0 or more")
    if delay is not None and delay < 0:
        raise PolicytrailError(E.E103, name="--delay", detail="must be 0 or more")
    chosen, _ = _resolve_sources(list(urls), list(sources), settings, need_all=dry_run)
    console = console or Console(stderr=True)
    if dry_run:
        return dry_run_plan(chosen, max_pages=max_pages, console=console, quiet=quiet)
    if not chosen and not _has_queued(store_path):
        path = default_sources_path(settings)
        known = ", ".join(sorted(load_sources(path))) if path.is_file() else ""
        raise PolicytrailError(E.E075, known=known or "none")

    request = {
        "store_path": str(Path(store_path).expanduser()),
        "urls": list(urls),
        "sources": list(sources),
        "settings": _settings_json(settings),
        "since": since_date.isoformat() if since_date else None,
        "max_pages": max_pages,
        "delay": settings.crawl_delay if delay is None else float(delay),
        "allow_private": allow_private,
        "quiet": quiet,
    }
    with tempfile.TemporaryDirectory(prefix="policytrail-crawl-") as tmp:
        req_path = Path(tmp) / "request.json"
        out_path = Path(tmp) / "summary.json"
        req_path.write_text(json.dumps(request))
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "pipeline.acquire.crawl",
                "--request",
                str(req_path),
                "--summary",
                str(out_path),
            ],
            stdin=subprocess.DEVNULL,
            stderr=None if not quiet else subprocess.PIPE,
            text=True,
        )
        if not out_path.is_file():
            detail = (proc.stderr or "").strip().splitlines()[-1:] or ["no summary written"]
            raise PolicytrailError(E.E077, code=proc.returncode, detail=detail[0][:300])
        data = json.loads(out_path.read_text())
    if "error" in data:
        raise PolicytrailError(E[data["error"]["code"]], **data["error"]["fields"])
    summary = CrawlSummary.from_json(data)
    summary.exit_code = proc.returncode
    return summary


def _settings_json(settings: Settings) -> dict[str, Any]:
    out = dataclasses.asdict(settings)
    return {k: list(v) if isinstance(v, tuple) else v for k, v in out.items()}


def _settings_from_json(data: dict[str, Any]) -> Settings:
    known = {f.name: f for f in dataclasses.fields(Settings)}
    values = {}
    for k, v in data.items():
        if k in known:
            values[k] = tuple(v) if isinstance(v, list) else v
    return Settings(**values)


def _has_queued(store_path: str | os.PathLike[str]) -> bool:
    if not Path(store_path).expanduser().is_file():
        return False
    from pipeline.acquire.frontier import Frontier
    from pipeline.store.db import Store

    store = Store.open(store_path, create=False)
    try:
        return Frontier(store).queued_count() > 0
    finally:
        store.close()


# --------------------------------------------------------------------- dry run
def dry_run_plan(
    chosen: list[Source], *, max_pages: int | None, console: Console, quiet: bool = False
) -> CrawlSummary:
    """What each source would fetch first, from its configuration alone (no network)."""
    plan = []
    for src in chosen:
        first = [(u, role) for u, role in src.seeds]
        limit = max_pages if max_pages is not None else len(first)
        robots = sorted({f"{u.split('://')[0]}://{host_of(u)}/robots.txt" for u, _ in first})
        entry = {
            "source": src.name or "(urls)",
            "publisher": src.publisher,
            "robots": robots,
            "fetch": [{"url": u, "role": r} for u, r in first[:limit]],
            "more": max(0, len(first) - limit),
            "pagination": dataclasses.asdict(src.pagination) if src.pagination else None,
            "follow_pdfs": src.follow_pdfs,
            "allow": list(src.allow),
            "documents": list(src.documents),
        }
        plan.append(entry)
        if quiet:
            continue
        console.print(f"[bold]{entry['source']}[/bold]  {src.publisher or ''}")
        for r in robots:
            console.print(f"  robots   {r}")
        for f in entry["fetch"]:
            console.print(f"  {f['role']:<8} {f['url']}")
        if entry["more"]:
            console.print(f"  … and {entry['more']} more start URLs")
        if src.pagination:
            p = src.pagination
            console.print(f"  paginate ?{p.param}={p.start}…{p.start + p.max - 1}")
        console.print(f"  pdfs     {'followed' if src.follow_pdfs else 'not followed'}")
    return CrawlSummary(dry_run=True, plan=plan)


# --------------------------------------------------------------------- child process
def _progress_table(stats: Any, queued: dict[str, int], started: float) -> Table:
    table = Table(title=f"crawl · {time.monotonic() - started:,.0f}s", expand=False)
    table.add_column("host")
    for name in STATES:
        table.add_column(name, justify="right")
    hosts = sorted(set(stats.hosts) | set(queued))
    for host in hosts[:30]:
        c = stats.hosts.get(host)
        table.add_row(
            host,
            str(queued.get(host, 0)),
            str(c.fetched if c else 0),
            str(c.stored if c else 0),
            str(c.skipped if c else 0),
            str(c.failed if c else 0),
        )
    if len(hosts) > 30:
        table.add_row(f"… {len(hosts) - 30} more hosts", "", "", "", "", "")
    return table


def print_summary(summary: CrawlSummary, console: Console) -> None:
    """The end-of-crawl report: per host, totals, and the commonest reasons."""
    table = Table(title="crawl summary")
    table.add_column("host")
    for name in STATES:
        table.add_column(name, justify="right")
    for host, c in sorted(summary.hosts.items()):
        table.add_row(host, *(str(c.get(k, 0)) for k in STATES))
    table.add_row("[bold]total[/bold]", *(str(summary.totals.get(k, 0)) for k in STATES))
    console.print(table)
    console.print(
        f"{summary.added} new documents, {summary.new_versions} new versions, "
        f"{summary.unchanged} unchanged, {summary.not_modified} not modified (304), "
        f"{summary.duplicates} duplicates, {summary.near_duplicates} near-duplicates; "
        f"{summary.links_queued} links queued, {summary.queued_left} left queued; "
        f"{summary.pages_per_second:.2f} pages/s over {summary.seconds:.1f}s "
        f"({summary.stop_reason})"
    )
    for reason, n in sorted(summary.reasons.items(), key=lambda kv: -kv[1])[:8]:
        console.print(f"  {n:>5} × {reason}")


def crawl_in_this_process(request: dict[str, Any]) -> CrawlSummary:
    """Run the crawl here; call only once per process (the reactor cannot restart)."""
    from rich.live import Live
    from scrapy.crawler import CrawlerProcess
    from twisted.internet import task

    from pipeline.acquire.crawl_engine import CrawlConfig, FrontierSpider, RunStats, scrapy_settings
    from pipeline.acquire.frontier import Frontier, NewLink
    from pipeline.store.db import Store, now

    settings = _settings_from_json(request["settings"])
    chosen, all_sources = _resolve_sources(
        request["urls"], request["sources"], settings, need_all=False
    )
    store_path = request["store_path"]
    store = Store.open(store_path)
    frontier = Frontier(store)
    seeds = []
    for src in chosen:
        for url, role in src.seeds:
            from pipeline.acquire.urls import canonicalize

            canon = canonicalize(url)
            seeds.append(NewLink(canon, host_of(canon), src.name or ADHOC, 0, role))
    revisit = now() - dt.timedelta(days=settings.crawl_revisit_days)
    started_counts = frontier.start(seeds, revisit_before=revisit)
    sources_map = dict(all_sources)
    config = CrawlConfig(
        store_path=store_path,
        captures_dir=str(captures_dir_for(store_path)),
        settings=settings,
        sources=sources_map,
        since=parse_since(request["since"]),
        max_pages=request["max_pages"],
        delay=request["delay"],
        allow_private=request["allow_private"],
        quiet=request["quiet"],
        run_id=int(time.time()),
    )
    stats = RunStats()
    console = Console(stderr=True)
    process = CrawlerProcess(scrapy_settings(config), install_root_handler=not config.quiet)
    crawler = process.create_crawler(FrontierSpider)
    failures: list[str] = []
    d = process.crawl(crawler, config=config, stats=stats)
    d.addErrback(lambda f: failures.append(f"{type(f.value).__name__}: {f.value}"))
    started = time.monotonic()
    queued = frontier.queued_by_host()
    live = None
    if not config.quiet and console.is_terminal:
        live = Live(
            _progress_table(stats, queued, started),
            console=console,
            refresh_per_second=2,
            transient=True,
        )
        live.start()
        last = [0.0]

        def refresh() -> None:
            nonlocal queued
            if time.monotonic() - last[0] > 2:
                queued = frontier.queued_by_host()
                last[0] = time.monotonic()
            live.update(_progress_table(stats, queued, started))

        task.LoopingCall(refresh).start(0.5, now=False)
    try:
        process.start()
    finally:
        if live is not None:
            live.stop()
    if failures:
        store.close()
        raise PolicytrailError(E.E077, code=1, detail=failures[0][:300])
    seconds = time.monotonic() - started
    queued = frontier.queued_by_host()
    hosts: dict[str, dict[str, int]] = {}
    for host in sorted(set(stats.hosts) | set(queued)):
        c = stats.hosts.get(host)
        hosts[host] = {
            "queued": queued.get(host, 0),
            "fetched": c.fetched if c else 0,
            "stored": c.stored if c else 0,
            "skipped": c.skipped if c else 0,
            "failed": c.failed if c else 0,
        }
    totals = {k: sum(h[k] for h in hosts.values()) for k in STATES}
    fetched = totals["fetched"]
    summary = CrawlSummary(
        hosts=hosts,
        totals=totals,
        added=stats.added,
        new_versions=stats.new_versions,
        unchanged=stats.unchanged,
        duplicates=stats.duplicates,
        near_duplicates=stats.near_duplicates,
        not_modified=stats.not_modified,
        links_queued=stats.links_queued,
        since_skipped=stats.since_skipped,
        queued_left=totals["queued"],
        resumed=started_counts["resumed"],
        seconds=round(seconds, 3),
        pages_per_second=round(fetched / seconds, 3) if seconds > 0 else 0.0,
        stop_reason=stats.stop_reason,
        reasons=dict(stats.reasons),
    )
    store.close()
    if not config.quiet:
        print_summary(summary, console)
    return summary


def main(argv: list[str] | None = None) -> int:
    """Child-process entry: ``python -m pipeline.acquire.crawl --request R --summary S``."""
    ap = argparse.ArgumentParser(prog="python -m pipeline.acquire.crawl")
    ap.add_argument("--request", required=True, help="JSON file written by run_crawl")
    ap.add_argument("--summary", required=True, help="where to write the JSON summary")
    args = ap.parse_args(argv)
    request = json.loads(Path(args.request).read_text())
    out = Path(args.summary)
    try:
        summary = crawl_in_this_process(request)
    except PolicytrailError as exc:
        out.write_text(
            json.dumps({"error": {"code": exc.code.name, "fields": exc.fields}}, default=str)
        )
        return 2
    out.write_text(json.dumps(dataclasses.asdict(summary), default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
