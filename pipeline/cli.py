"""The ``policytrail`` command: thin Typer commands over the library.

Commands parse options, call one library function, and print. Errors a user can cause are
caught once, in :func:`main`, and printed as one line; ``POLICYTRAIL_DEBUG=1`` shows the
traceback of anything unexpected.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from pipeline import __version__
from pipeline.errors import PolicytrailError
from pipeline.settings import Settings, load_settings, resolve_db_path
from pipeline.store.db import Store
from pipeline.store.export import csv_cell, jsonable, parse_date

app = typer.Typer(
    name="policytrail",
    help="Follow what a policy sector says over time: figures, recommendations and claims.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

# ------------------------------------------------------------------ shared options
DbOpt = Annotated[
    str | None,
    typer.Option("--db", help="store file or database URL [env POLICYTRAIL_DB; ./policytrail.db]"),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="print JSON for scripting")]
CsvOpt = Annotated[bool, typer.Option("--csv", help="print CSV")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="no progress bars")]
LimitOpt = Annotated[int, typer.Option("--limit", "-n", help="rows to show (0: all)")]
SinceOpt = Annotated[str | None, typer.Option("--since", help="from this date (YYYY[-MM[-DD]])")]
UntilOpt = Annotated[str | None, typer.Option("--until", help="up to this date (YYYY[-MM[-DD]])")]


class _State:
    db: str | None = None
    quiet: bool = False
    settings: Settings | None = None


state = _State()


@app.callback()
def _root(
    db: DbOpt = None,
    quiet: QuietOpt = False,
    config: Annotated[
        str | None, typer.Option("--config", help="settings file [env POLICYTRAIL_CONFIG]")
    ] = None,
    version: Annotated[bool, typer.Option("--version", help="print the version and exit")] = False,
) -> None:
    """Follow what a policy sector says over time."""
    if version:
        out.print(f"policytrail {__version__}")
        raise typer.Exit()
    state.db = db
    state.quiet = quiet
    state.settings = load_settings(config)


def settings() -> Settings:
    return state.settings or load_settings()


def open_store(db: str | None) -> Store:
    return Store.open(resolve_db_path(db or state.db))


@contextmanager
def progress(quiet: bool, label: str) -> Iterator[Progress]:
    """A rich progress bar on stderr, or nothing with ``-q``."""
    bar = Progress(
        TextColumn(f"[bold]{label}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[current]}"),
        console=err,
        disable=quiet or state.quiet,
        transient=False,
    )
    with bar:
        yield bar


def emit(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[str],
    *,
    as_json: bool = False,
    as_csv: bool = False,
    title: str | None = None,
) -> None:
    """Print rows as a table, JSON (an array of objects) or CSV."""
    if as_json:
        sys.stdout.write(
            json.dumps([{k: jsonable(v) for k, v in r.items()} for r in rows], ensure_ascii=False)
            + "\n"
        )
        return
    if as_csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        for r in rows:
            writer.writerow({k: csv_cell(r.get(k)) for k in columns})
        return
    table = Table(title=title, show_lines=False, expand=True)
    for c in columns:
        if c in WIDE_COLUMNS:  # the words themselves take whatever room there is
            table.add_column(c, ratio=1, min_width=24, overflow="fold")
        else:
            table.add_column(c, no_wrap=True, overflow="ellipsis", max_width=18)
    for r in rows:
        table.add_row(*[_cell(r.get(c), wide=c in WIDE_COLUMNS) for c in columns])
    out.print(table)


WIDE_COLUMNS = {"text", "title", "sentence", "label"}
MAX_CELL = 240  # characters of text shown in a table cell; --json/--csv give it whole


def _cell(value: Any, *, wide: bool = False) -> str:
    if value is None:
        return ""
    if wide and isinstance(value, str) and len(value) > MAX_CELL:
        return value[: MAX_CELL - 1] + "…"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, float):
        return f"{value:,.6g}"
    return str(jsonable(value))


# ------------------------------------------------------------------------ ingest
@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="files, directories (recursive) or globs")],
    db: DbOpt = None,
    max_bytes: Annotated[
        int | None, typer.Option("--max-bytes", help="size cap per file in bytes")
    ] = None,
    timeout: Annotated[
        float | None, typer.Option("--timeout", help="seconds one document may take to parse")
    ] = None,
    max_memory: Annotated[
        int | None, typer.Option("--max-memory", help="MB one parser worker may use")
    ] = None,
    workers: Annotated[int | None, typer.Option("--workers", help="parser processes")] = None,
    as_json: JsonOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Read local files (HTML, PDF, text, Markdown, WARC) into the store.

    Exit status 2 when any input failed; the others are stored all the same.
    """
    from pipeline.acquire.ingest import ingest_paths

    opts = settings().overlay(
        max_bytes=max_bytes, parse_timeout=timeout, parse_memory_mb=max_memory, workers=workers
    )
    store = open_store(db)
    with progress(quiet or as_json, "ingest") as bar:
        task = bar.add_task("ingest", total=None, current="")

        def on_outcome(o: Any) -> None:
            bar.update(task, advance=1, current=os.path.basename(o.input)[-40:])
            if o.status == "failed":
                err.print(
                    f"policytrail: error: {o.input}: {o.message}", markup=False, highlight=False
                )
            elif o.message and not as_json:
                err.print(
                    f"policytrail: note: {o.input}: {o.message}", markup=False, highlight=False
                )

        report = ingest_paths(
            store, paths, opts, on_total=lambda n: bar.update(task, total=n), on_outcome=on_outcome
        )
    if as_json:
        emit([o.__dict__ for o in report.outcomes], [], as_json=True)
    else:
        s = report.summary()
        out.print(
            f"{s['added']} added, {s['new_version']} new versions, {s['updated']} updated, "
            f"{s['unchanged']} unchanged, {s['failed']} failed  ->  {store.location}",
            highlight=False,
        )
    if report.failed:
        raise typer.Exit(2)


# ------------------------------------------------------------------ docs / show
@app.command()
def docs(
    db: DbOpt = None,
    publisher: Annotated[str | None, typer.Option("--publisher", help="publisher contains")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="news, report, response, ...")] = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    text: Annotated[str | None, typer.Option("--text", help="full-text query")] = None,
    limit: LimitOpt = 50,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
) -> None:
    """List documents, newest first, with filters."""
    store = open_store(db)
    rows = store.list_documents(
        publisher=publisher,
        kind=kind,
        since=parse_date(since, "--since"),
        until=parse_date(until, "--until", end=True),
        text_query=text,
        limit=limit or None,
    )
    emit(
        rows,
        ["id", "published", "kind", "publisher", "title", "chars"],
        as_json=as_json,
        as_csv=as_csv,
        title=f"{len(rows)} documents",
    )


@app.command()
def show(
    doc: Annotated[str, typer.Argument(help="document id, content-hash prefix, URL or path")],
    db: DbOpt = None,
    full: Annotated[bool, typer.Option("--text", help="print the whole text")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Show one document's metadata, versions, item counts and text."""
    store = open_store(db)
    d = store.get_document(doc)
    if as_json:
        d = {k: jsonable(v) for k, v in d.items() if k not in ("minhash",)}
        if not full:
            d["text"] = d["text"][:2000]
        sys.stdout.write(json.dumps(d, ensure_ascii=False) + "\n")
        return
    keys = [
        "id",
        "title",
        "publisher",
        "author",
        "published",
        "published_precision",
        "kind",
        "format",
        "url",
        "source_path",
        "content_hash",
        "previous_id",
        "versions",
        "counts",
    ]
    table = Table(show_header=False)
    table.add_column("field", style="bold")
    table.add_column("value", overflow="fold")
    for k in keys:
        table.add_row(k, _cell(d.get(k)) if k != "counts" else json.dumps(d["counts"]))
    out.print(table)
    body = d["text"] if full else d["text"][:1500] + (" …" if len(d["text"]) > 1500 else "")
    out.print(body, markup=False, highlight=False)


@app.command()
def stats(db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """Counts of documents and items, by kind, format and year."""
    store = open_store(db)
    st = store.stats()
    if as_json:
        sys.stdout.write(json.dumps(st, ensure_ascii=False) + "\n")
        return
    table = Table(show_header=False, title=f"store {store.location}")
    table.add_column("what", style="bold")
    table.add_column("value", overflow="fold")
    for k, v in st.items():
        table.add_row(
            k, json.dumps(v, ensure_ascii=False) if isinstance(v, dict | list) else str(v)
        )
    out.print(table)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help='words or "a phrase"')],
    db: DbOpt = None,
    limit: LimitOpt = 20,
    as_json: JsonOpt = False,
) -> None:
    """Full-text search over documents, best matches first, with snippets."""
    from pipeline.store.search import search_documents

    store = open_store(db)
    rows = search_documents(store, query, limit=limit or 1000)
    if as_json:
        emit(rows, [], as_json=True)
        return
    for r in rows:
        snippet = (r.get("snippet") or "").replace("\ue000", "[").replace("\ue001", "]")
        out.print(
            f"[bold]{r['id']}[/bold] {r.get('published') or ''} {r.get('title') or ''}",
            highlight=False,
        )
        out.print(f"    {snippet}", markup=False, highlight=False)


# ------------------------------------------------------------------------ crawl
@app.command()
def crawl(
    urls: Annotated[list[str] | None, typer.Argument(help="start URLs (besides --source)")] = None,
    source: Annotated[
        list[str] | None, typer.Option("--source", help="a source named in corpus/sources.toml")
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="skip pages dated before this (YYYY-MM-DD)")
    ] = None,
    max_pages: Annotated[int | None, typer.Option("--max-pages", help="stop after N pages")] = None,
    delay: Annotated[
        float | None, typer.Option("--delay", help="seconds between requests to one host")
    ] = None,
    allow_private: Annotated[
        bool, typer.Option("--allow-private", help="allow loopback and private addresses")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="print what would be fetched; fetch nothing")
    ] = False,
    db: DbOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Crawl sector sources politely into the store (resumable; raw captures kept as WARC).

    With no URL and no --source, an interrupted crawl is resumed.
    """
    from pipeline.acquire.crawl import run_crawl

    summary = run_crawl(
        resolve_db_path(db or state.db),
        list(urls or ()),
        list(source or ()),
        settings=settings(),
        since=since,
        max_pages=max_pages,
        delay=delay,
        allow_private=allow_private,
        quiet=quiet or state.quiet,
        dry_run=dry_run,
    )
    if summary.exit_code:
        raise typer.Exit(summary.exit_code)


# ------------------------------------------------------------------ extraction
@app.command()
def extract(
    db: DbOpt = None,
    force: Annotated[bool, typer.Option("--force", help="redo every document")] = False,
    quiet: QuietOpt = False,
) -> None:
    """Extract figures, recommendations and attributed claims (incremental)."""
    from pipeline.extract.incremental import extract_store

    store = open_store(db)
    with progress(quiet, "extract") as bar:
        task = bar.add_task("extract", total=None, current="")
        summary = extract_store(
            store,
            force=force,
            on_total=lambda n: bar.update(task, total=n),
            on_done=lambda doc_id, n: bar.update(task, advance=1, current=f"doc {doc_id}: {n}"),
        )
    for doc_id, message in summary.failed:
        err.print(f"policytrail: error: document {doc_id}: {message}", markup=False)
    out.print(
        f"{summary.documents} documents extracted, {summary.items} items"
        + (f", {len(summary.failed)} failed" if summary.failed else ""),
        highlight=False,
    )
    if summary.failed:
        raise typer.Exit(2)


ActorOpt = Annotated[str | None, typer.Option("--actor", help="asked to act (contains)")]
IssuerOpt = Annotated[str | None, typer.Option("--issuer", help="made by (contains)")]
SpeakerOpt = Annotated[str | None, typer.Option("--speaker", help="said by (contains)")]
TextOpt = Annotated[str | None, typer.Option("--text", help="the item's words contain")]
DocOpt = Annotated[int | None, typer.Option("--doc", help="only this document id")]
ThemeOpt = Annotated[str | None, typer.Option("--theme", help="theme id or words of its label")]


def _records(what: str, db: str | None, limit: int, **filters: Any) -> list[dict]:
    from pipeline.store.export import Filters, records

    filters["since"] = parse_date(filters.get("since"), "--since")
    filters["until"] = parse_date(filters.get("until"), "--until", end=True)
    return records(open_store(db), what, Filters(**filters), limit=limit or None)


# Columns for --csv (everything a spreadsheet wants) and for the terminal table (what fits).
ITEM_COLUMNS = {
    "figures": [
        "document",
        "date",
        "text",
        "value",
        "value_high",
        "unit",
        "qualifier",
        "measure",
        "time_ref",
        "source",
        "start",
        "end",
        "sentence",
        "url",
    ],
    "recs": [
        "document",
        "date",
        "text",
        "actors",
        "issuer",
        "deadline",
        "kind",
        "reported",
        "status",
        "thread",
        "start",
        "end",
        "url",
    ],
    "quotes": [
        "document",
        "date",
        "text",
        "speaker",
        "organisation",
        "role",
        "direct",
        "start",
        "end",
        "url",
    ],
}
TABLE_COLUMNS = {
    "figures": ["document", "date", "text", "unit", "measure", "time_ref", "source"],
    "recs": ["document", "date", "text", "actors", "deadline", "status"],
    "quotes": ["document", "date", "speaker", "text"],
}


THEME_COLUMNS = ["theme", "label", "trend", "members", "last_period"]
THREAD_COLUMNS = ["thread", "label", "status", "members", "last_date"]


def _emit_items(what: str, rows: list[dict], as_json: bool, as_csv: bool, title: str) -> None:
    cols = ITEM_COLUMNS[what] if as_csv else TABLE_COLUMNS[what]
    if what == "figures" and not (as_json or as_csv):
        rows = [{**r, "text": r.get("sentence") or r["text"]} for r in rows]  # in context
    emit(rows, cols, as_json=as_json, as_csv=as_csv, title=title)


@app.command()
def figures(
    db: DbOpt = None,
    unit: Annotated[str | None, typer.Option("--unit", help="GBP, percent, count, ...")] = None,
    measure: Annotated[str | None, typer.Option("--measure", help="what is measured")] = None,
    source: Annotated[str | None, typer.Option("--source", help="attributed to")] = None,
    theme: ThemeOpt = None,
    text: TextOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    doc: DocOpt = None,
    limit: LimitOpt = 50,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
) -> None:
    """Figures: value, unit, what is measured, when, and who it is attributed to."""
    rows = _records(
        "figures",
        db,
        limit,
        unit=unit,
        measure=measure,
        speaker=source,
        theme=theme,
        text=text,
        since=since,
        until=until,
        document_id=doc,
    )
    _emit_items("figures", rows, as_json, as_csv, f"{len(rows)} figures")


@app.command()
def recs(
    db: DbOpt = None,
    actor: ActorOpt = None,
    issuer: IssuerOpt = None,
    status: Annotated[
        str | None,
        typer.Option("--status", help="open, overdue, repeated, accepted, rejected, addressed"),
    ] = None,
    deadline_before: Annotated[
        str | None, typer.Option("--deadline-before", help="YYYY or YYYY-MM")
    ] = None,
    theme: ThemeOpt = None,
    text: TextOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    doc: DocOpt = None,
    limit: LimitOpt = 50,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
) -> None:
    """Recommendations: who is asked to do what, by whom, by when, and their status."""
    rows = _records(
        "recs",
        db,
        limit,
        actor=actor,
        issuer=issuer,
        status=status,
        deadline_before=deadline_before,
        theme=theme,
        text=text,
        since=since,
        until=until,
        document_id=doc,
    )
    _emit_items("recs", rows, as_json, as_csv, f"{len(rows)} recommendations")


@app.command()
def quotes(
    db: DbOpt = None,
    speaker: SpeakerOpt = None,
    theme: ThemeOpt = None,
    text: TextOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    doc: DocOpt = None,
    limit: LimitOpt = 50,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
) -> None:
    """Attributed claims: who said what, direct or reported."""
    rows = _records(
        "quotes",
        db,
        limit,
        speaker=speaker,
        theme=theme,
        text=text,
        since=since,
        until=until,
        document_id=doc,
    )
    _emit_items("quotes", rows, as_json, as_csv, f"{len(rows)} attributed claims")


@app.command()
def evaluate(
    docs: Annotated[str, typer.Option("--docs", help="folder of plain-text documents")],
    gold: Annotated[str | None, typer.Option("--gold", help="gold annotations (JSONL)")] = None,
    threads: Annotated[str | None, typer.Option("--threads", help="gold threads (JSON)")] = None,
    out_dir: Annotated[str, typer.Option("--out", help="where predictions go")] = "eval-out",
    db: DbOpt = None,
) -> None:
    """Run the whole pipeline on a folder of .txt files, write predictions.jsonl and
    threads.json, and score them against gold (in a temporary store unless --db)."""
    from pipeline.evaluate import evaluate as run_evaluate

    out.print(
        run_evaluate(docs, out_dir, gold=gold, threads=threads, db=db, settings=settings()),
        markup=False,
        highlight=False,
    )


# ------------------------------------------------------------------- report / run
@app.command()
def report(
    out_path: Annotated[str, typer.Option("--out", "-o", help="the HTML file to write")],
    db: DbOpt = None,
) -> None:
    """Write a self-contained HTML report (no network needed to open it)."""
    from pipeline.web.report import write_report

    path = write_report(open_store(db), out_path)
    out.print(f"report written to {path}", highlight=False)


@app.command()
def run(
    paths: Annotated[list[str], typer.Argument(help="files, directories or globs to ingest")],
    db: DbOpt = None,
    report_path: Annotated[
        str, typer.Option("--report", help="where to write the HTML report")
    ] = "policytrail-report.html",
    quiet: QuietOpt = False,
) -> None:
    """The whole job: ingest, extract, analyse, then a summary and a report."""
    store_loc = resolve_db_path(db or state.db)
    failed = False
    try:
        ingest(paths=paths, db=store_loc, quiet=quiet)
    except typer.Exit as exc:
        failed = exc.exit_code != 0
    extract(db=store_loc, quiet=quiet)
    analyse(db=store_loc, quiet=quiet)
    store = open_store(store_loc)
    st = store.stats()
    from pipeline.web.report import write_report

    path = write_report(store, report_path)
    out.print(
        f"\n[bold]{st['documents']}[/bold] documents ({st['date_range'][0]} to "
        f"{st['date_range'][1]}), [bold]{st['figures']}[/bold] figures, "
        f"[bold]{st['recommendations']}[/bold] recommendations, "
        f"[bold]{st['quotes']}[/bold] attributed claims."
    )
    out.print(f"Report: [bold]{path}[/bold]  (open it in a browser)")
    out.print(
        f"Explore: policytrail --db {store_loc} docs | recs | figures | quotes | search WORDS"
    )
    if failed:
        raise typer.Exit(2)


# --------------------------------------------------------------------- analysis
@app.command()
def analyse(
    db: DbOpt = None,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="themes and threads afresh")] = False,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="statuses as of this date (YYYY-MM-DD)")
    ] = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Themes over time, threads across documents, recommendation follow-through (incremental)."""
    from pipeline.analyse.run import analyse as run_analyse

    store = open_store(db)
    with progress(quiet or as_json, "analyse") as bar:
        tasks: dict[str, Any] = {}

        def on_progress(step: str, done: int, total: int) -> None:
            if step not in tasks:
                tasks[step] = bar.add_task(step, total=total or None, current=step)
            bar.update(tasks[step], completed=done, total=total or None)

        summary = run_analyse(store, rebuild=rebuild, as_of=as_of, progress=on_progress)
    if as_json:
        sys.stdout.write(json.dumps(summary, ensure_ascii=False, default=str) + "\n")
        return
    statuses = summary.get("status") or {}
    out.print(
        f"{summary['items']} items ({summary['embedded']} newly embedded); "
        f"{summary.get('themes', 0)} themes, {summary.get('threads', 0)} threads; "
        f"statuses as of {summary['as_of']}: "
        + ", ".join(f"{k} {v}" for k, v in sorted(statuses.items()) if isinstance(v, int)),
        highlight=False,
    )


@app.command()
def themes(
    db: DbOpt = None,
    text: Annotated[str | None, typer.Option("--text", help="label contains")] = None,
    limit: LimitOpt = 50,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
) -> None:
    """Themes with their keywords, size, trend and prevalence by year."""
    rows = _records("themes", db, limit, text=text)
    emit(
        rows,
        THEME_COLUMNS if not as_csv else list(rows[0]) if rows else THEME_COLUMNS,
        as_json=as_json,
        as_csv=as_csv,
        title=f"{len(rows)} themes",
    )


@app.command()
def threads(
    db: DbOpt = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help="figure (a measure) or recommendation")
    ] = None,
    status: Annotated[str | None, typer.Option("--status", help="recommendation status")] = None,
    actor: ActorOpt = None,
    text: Annotated[str | None, typer.Option("--text", help="label contains")] = None,
    limit: LimitOpt = 50,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
) -> None:
    """Threads: a measure or a recommendation followed across documents, with status."""
    rows = _records("threads", db, limit, kind=kind, status=status, actor=actor, text=text)
    emit(
        rows,
        THREAD_COLUMNS if not as_csv else list(rows[0]) if rows else THREAD_COLUMNS,
        as_json=as_json,
        as_csv=as_csv,
        title=f"{len(rows)} threads",
    )


# ------------------------------------------------------------- serve / export
@app.command()
def serve(
    db: DbOpt = None,
    host: Annotated[
        str, typer.Option("--host", help="address to bind; 127.0.0.1 keeps it on this machine")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="port to listen on")] = 8000,
) -> None:
    """The web UI (read-only): search, tracker, themes, timelines, documents."""
    from pipeline.web.app import serve as run_server

    location = resolve_db_path(db or state.db)
    Store.open(location, create=False).close()  # a missing store is an error, not a new one
    err.print(f"policytrail: serving {location} on http://{host}:{port}/", markup=False)
    run_server(location, host=host, port=port)


@app.command()
def export(
    what: Annotated[
        str, typer.Option("--what", help="documents|figures|recs|quotes|themes|threads")
    ],
    fmt: Annotated[str, typer.Option("--format", help="csv|jsonl|parquet")] = "csv",
    out_path: Annotated[str, typer.Option("--out", "-o", help="file to write")] = "-",
    db: DbOpt = None,
    actor: ActorOpt = None,
    issuer: IssuerOpt = None,
    speaker: SpeakerOpt = None,
    status: Annotated[str | None, typer.Option("--status", help="recommendation status")] = None,
    theme: ThemeOpt = None,
    text: TextOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
) -> None:
    """Export a filtered table as CSV, JSONL or Parquet (to a file, or stdout with -)."""
    from pipeline.api import filters
    from pipeline.store.export import export as run_export

    flt = filters(
        actor=actor,
        issuer=issuer,
        speaker=speaker,
        status=status,
        theme=theme,
        text=text,
        since=since,
        until=until,
    )
    n = run_export(open_store(db), what, fmt, out_path, flt)
    if out_path != "-":
        err.print(f"{n} rows written to {out_path}", markup=False, highlight=False)


# --------------------------------------------------------------------- entry
def main(argv: Sequence[str] | None = None) -> None:
    """Console entry point: one line per error, never a traceback for user errors."""
    try:
        # standalone_mode=False: click returns the code of typer.Exit instead of exiting
        code = app(args=list(argv) if argv is not None else None, standalone_mode=False)
    except PolicytrailError as exc:
        err.print(f"policytrail: error: {exc.message}", markup=False, highlight=False)
        sys.exit(2)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        err.print("policytrail: aborted", markup=False)
        sys.exit(130)
    except KeyboardInterrupt:
        err.print("policytrail: interrupted", markup=False)
        sys.exit(130)
    except Exception as exc:  # the one boundary for the unexpected
        import click

        if isinstance(exc, click.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        if os.environ.get("POLICYTRAIL_DEBUG"):
            raise
        first = str(exc).splitlines()[0] if str(exc) else ""
        err.print(
            f"policytrail: internal error: {type(exc).__name__}: {first} "
            "(set POLICYTRAIL_DEBUG=1 for a traceback)",
            markup=False,
            highlight=False,
        )
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
