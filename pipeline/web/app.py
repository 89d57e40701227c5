"""The web UI: a read-only FastAPI app over one store.

Handlers only parse parameters, call the same queries the Python API and exports use
(:mod:`pipeline.store.export`, :mod:`pipeline.store.search`) and render a template. Safety
is structural rather than per page: Jinja2 autoescaping for every string, links only to
http(s) URLs, a strict Content-Security-Policy (no inline script or style), GET only, and
one parameter parser that turns any bad value into a 400 with a message.
"""

from __future__ import annotations

import csv
import io
import json
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException

from pipeline import __version__
from pipeline.errors import E, PolicytrailError
from pipeline.store.db import Store
from pipeline.store.export import (
    STATUSES,
    Filters,
    csv_cell,
    iter_records,
    jsonable,
    measures,
    parse_date,
    prevalence,
    records,
    theme_members,
    thread_detail,
    timeline,
)
from pipeline.store.search import search_documents
from pipeline.web.charts import series_chart, timeline_chart
from pipeline.web.render import Span, highlight, mark_snippet, number, permalink, safe_url
from pipeline.web.semantic import Encoder, SemanticIndex

log = logging.getLogger(__name__)

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"

PER_PAGE = 50
PER_PAGE_MAX = 200
MAX_PAGE = 100_000
MAX_TEXT = 300  # longest free-text parameter accepted
FORMATS = ("html", "csv", "jsonl")
CHART_THEMES = 8  # series drawn on the themes chart; the table lists them all

# No inline script or style anywhere: scraped text cannot become code even if some escape
# were missed. Charts colour themselves with SVG presentation attributes, which CSP allows.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


# ------------------------------------------------------------------------ parameters
class Params:
    """The query string, read through validators that raise E110 (a 400) on bad input."""

    def __init__(self, request: Request) -> None:
        self.raw = request.query_params

    def text(self, name: str) -> str | None:
        values = self.raw.getlist(name)
        if len(values) > 1:
            raise PolicytrailError(E.E110, name=name, detail="given more than once")
        value = values[0].strip() if values else ""
        if len(value) > MAX_TEXT:
            raise PolicytrailError(E.E110, name=name, detail=f"longer than {MAX_TEXT} characters")
        if any(ord(c) < 32 for c in value):
            raise PolicytrailError(E.E110, name=name, detail="contains control characters")
        return value or None

    def integer(self, name: str, default: int, lo: int, hi: int) -> int:
        value = self.text(name)
        if value is None:
            return default
        if not value.isdigit() or not lo <= int(value) <= hi:
            raise PolicytrailError(
                E.E110, name=name, detail=f"{value!r} is not a whole number from {lo} to {hi}"
            )
        return int(value)

    def choice(self, name: str, choices: tuple[str, ...], default: str | None = None) -> Any:
        value = self.text(name)
        if value is None:
            return default
        if value not in choices:
            raise PolicytrailError(
                E.E110, name=name, detail=f"{value!r} is not one of {', '.join(choices)}"
            )
        return value

    def deadline(self, name: str) -> str | None:
        value = self.text(name)
        if value is not None:
            parse_date(value, name)
            if len(value) not in (4, 7):
                raise PolicytrailError(E.E110, name=name, detail="use YYYY or YYYY-MM")
        return value

    def filters(self) -> Filters:
        theme = self.text("theme")
        return Filters(
            actor=self.text("actor"),
            issuer=self.text("issuer"),
            speaker=self.text("speaker"),
            status=self.choice("status", STATUSES),
            theme=int(theme) if theme and theme.isdigit() else theme,
            since=parse_date(self.text("since"), "since"),
            until=parse_date(self.text("until"), "until", end=True),
            text=self.text("text"),
            measure=self.text("measure"),
            unit=self.text("unit"),
            deadline_before=self.deadline("deadline_before"),
            publisher=self.text("publisher"),
            kind=self.text("kind"),
        )

    def page(self) -> tuple[int, int]:
        return (
            self.integer("page", 1, 1, MAX_PAGE),
            self.integer("per_page", PER_PAGE, 1, PER_PAGE_MAX),
        )


def path_id(value: str, name: str) -> int:
    """A numeric path segment (/doc/12), or E110."""
    if not value.isdigit() or len(value) > 12:
        raise PolicytrailError(E.E110, name=name, detail=f"{value[:40]!r} is not an id")
    return int(value)


def page_url(request: Request, **changes: Any) -> str:
    """This page's URL with some query parameters changed (None removes one)."""
    params = dict(request.query_params)
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = str(value)
    query = urlencode(params)
    return request.url.path + ("?" + query if query else "")


class Pager:
    """One page of a list: fetch one row more than shown to know whether there is a next."""

    def __init__(self, request: Request, rows: list[Any], page: int, per_page: int) -> None:
        self.rows = rows[:per_page]
        self.page = page
        self.per_page = per_page
        self.first = (page - 1) * per_page + 1
        self.prev_url = page_url(request, page=page - 1) if page > 1 else None
        self.next_url = page_url(request, page=page + 1) if len(rows) > per_page else None


# ------------------------------------------------------------------------- downloads
def download(what: str, fmt: str, rows: Iterator[dict[str, Any]]) -> StreamingResponse:
    """A filtered list as CSV or JSON Lines, streamed a batch of rows at a time."""

    def lines() -> Iterator[str]:
        if fmt == "jsonl":
            for r in rows:
                yield json.dumps({k: jsonable(v) for k, v in r.items()}, ensure_ascii=False) + "\n"
            return
        buf = io.StringIO()
        writer: csv.DictWriter | None = None
        for i, r in enumerate(rows):
            if writer is None:
                writer = csv.DictWriter(buf, fieldnames=list(r), extrasaction="ignore")
                writer.writeheader()
            writer.writerow({k: csv_cell(v) for k, v in r.items()})
            if i % 500 == 499:
                yield buf.getvalue()
                buf.seek(0)
                buf.truncate()
        yield buf.getvalue()

    media = "text/csv; charset=utf-8" if fmt == "csv" else "application/x-ndjson; charset=utf-8"
    return StreamingResponse(
        lines(),
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="policytrail-{what}.{fmt}"'},
    )


# ------------------------------------------------------------------------------- app
def _env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        permalink=permalink,
        safe_url=safe_url,
        page_url=page_url,
        version=__version__,
        statuses=STATUSES,
    )
    env.filters["num"] = number
    env.filters["joined"] = lambda v: ", ".join(str(x) for x in v) if isinstance(v, list) else v
    return env


def create_app(store_path: str | Path, *, encoder: Encoder | None = None) -> FastAPI:
    """The read-only web UI over the store at ``store_path`` (which must exist).

    ``encoder`` embeds a search query for semantic search; by default the analysis stage's
    encoder is used when semantic search is first asked for.
    """
    store = Store.open(store_path, create=False)
    semantic = SemanticIndex(store, encoder)
    env = _env()
    app = FastAPI(
        title="policytrail", version=__version__, docs_url=None, redoc_url=None, openapi_url=None
    )
    app.state.store = store
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    def render(request: Request, name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
        html = env.get_template(name).render(request=request, **ctx)
        return HTMLResponse(html, status_code=status)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Callable) -> Response:
        response = await call_next(request)
        for key, value in SECURITY_HEADERS.items():
            response.headers.setdefault(key, value)
        return response

    def error_page(request: Request, status: int, message: str) -> HTMLResponse:
        return render(request, "error.html.j2", status=status, status_code=status, message=message)

    @app.exception_handler(PolicytrailError)
    async def on_error(request: Request, exc: PolicytrailError) -> HTMLResponse:
        status = 404 if exc.code in (E.E102, E.E112) else 400
        return error_page(request, status, f"[{exc.code.name}] {exc.message}")

    @app.exception_handler(RequestValidationError)
    async def on_invalid(request: Request, exc: RequestValidationError) -> HTMLResponse:
        return error_page(request, 400, f"invalid request: {exc.errors()[0].get('msg', '')}")

    @app.exception_handler(StarletteHTTPException)
    async def on_http(request: Request, exc: StarletteHTTPException) -> HTMLResponse:
        return error_page(request, exc.status_code, str(exc.detail))

    @app.exception_handler(Exception)
    async def on_crash(request: Request, exc: Exception) -> HTMLResponse:
        log.exception("unexpected error on %s", request.url.path)
        return error_page(request, 500, "internal error: see the server log")

    def listing(request: Request, what: str, template: str, **ctx: Any) -> Response:
        """A filtered, paginated list, or the whole filtered list as a download."""
        p = Params(request)
        flt = p.filters()
        fmt = p.choice("format", FORMATS, "html")
        if fmt != "html":
            return download(what, fmt, iter_records(store, what, flt))
        page, per_page = p.page()
        rows = records(store, what, flt, limit=per_page + 1, offset=(page - 1) * per_page)
        return render(
            request,
            template,
            what=what,
            pager=Pager(request, rows, page, per_page),
            flt=flt,
            args=request.query_params,
            **ctx,
        )

    # -------------------------------------------------------------------- pages
    @app.get("/", response_class=HTMLResponse)
    def home(request: Request) -> Response:
        stats = store.stats()
        overdue = records(store, "threads", Filters(status="overdue"), limit=10)
        return render(request, "index.html.j2", stats=stats, overdue=overdue)

    @app.get("/search", response_class=HTMLResponse)
    def search(request: Request) -> Response:
        p = Params(request)
        q = p.text("q")
        mode = p.choice("mode", ("text", "semantic"), "text")
        page, per_page = p.page()
        rows: list[dict[str, Any]] = []
        notice = None
        if q:
            offset = (page - 1) * per_page
            if mode == "text":
                rows = search_documents(store, q, limit=per_page + 1, offset=offset)
                rows = [{**r, "snippet_html": mark_snippet(r.get("snippet"))} for r in rows]
            else:
                try:
                    rows = semantic.search(q, limit=per_page + 1, offset=offset)
                except PolicytrailError as exc:
                    notice = exc.message
        return render(
            request,
            "search.html.j2",
            q=q or "",
            mode=mode,
            notice=notice,
            pager=Pager(request, rows, page, per_page),
        )

    @app.get("/documents", response_class=HTMLResponse)
    def documents(request: Request) -> Response:
        return listing(request, "documents", "documents.html.j2")

    @app.get("/recs", response_class=HTMLResponse)
    def recs(request: Request) -> Response:
        return listing(request, "recs", "items.html.j2", title="Recommendation tracker")

    @app.get("/figures", response_class=HTMLResponse)
    def figures(request: Request) -> Response:
        return listing(request, "figures", "items.html.j2", title="Figures")

    @app.get("/quotes", response_class=HTMLResponse)
    def quotes(request: Request) -> Response:
        return listing(request, "quotes", "items.html.j2", title="Who said what")

    @app.get("/threads", response_class=HTMLResponse)
    def threads(request: Request) -> Response:
        return listing(request, "threads", "threads.html.j2")

    @app.get("/thread/{thread_id}", response_class=HTMLResponse)
    def thread(request: Request, thread_id: str) -> Response:
        found = thread_detail(store, path_id(thread_id, "thread"))
        if found is None:
            raise PolicytrailError(E.E112, what="thread", ref=thread_id)
        return render(request, "thread.html.j2", thread=found)

    @app.get("/themes", response_class=HTMLResponse)
    def themes(request: Request) -> Response:
        p = Params(request)
        if p.choice("format", FORMATS, "html") == "html":
            top = records(store, "themes", Filters(), limit=CHART_THEMES)
            chart = themes_chart(prevalence(store, [t["theme"] for t in top]), top)
        else:
            chart = ""
        return listing(request, "themes", "themes.html.j2", chart=chart)

    @app.get("/theme/{theme_id}", response_class=HTMLResponse)
    def theme(request: Request, theme_id: str) -> Response:
        tid = path_id(theme_id, "theme")
        found = records(store, "themes", Filters(theme=tid), limit=1)
        if not found:
            raise PolicytrailError(E.E112, what="theme", ref=tid)
        p = Params(request)
        period = p.text("period")
        if period is not None and not (len(period) == 4 and period.isdigit()):
            raise PolicytrailError(E.E110, name="period", detail="use a year, YYYY")
        page, per_page = p.page()
        rows = theme_members(
            store, tid, period=period, limit=per_page + 1, offset=(page - 1) * per_page
        )
        chart = themes_chart(prevalence(store, [tid]), found)
        return render(
            request,
            "theme.html.j2",
            theme=found[0],
            period=period,
            chart=chart,
            pager=Pager(request, rows, page, per_page),
        )

    @app.get("/timeline", response_class=HTMLResponse)
    def figure_timeline(request: Request) -> Response:
        p = Params(request)
        measure = p.text("measure")
        page, per_page = p.page()
        if measure is None:
            rows = measures(store, limit=per_page + 1, offset=(page - 1) * per_page)
            return render(
                request,
                "timeline.html.j2",
                measure=None,
                pager=Pager(request, rows, page, per_page),
            )
        values = timeline(store, measure, p.text("unit"))
        points = [
            {
                "date": r["day"],
                "value": r["value"],
                "label": f"{r['text']} ({r['time_ref'] or 'no period'}) {r['title'] or ''}",
                "href": permalink(r["document"], "figure", r["id"]),
            }
            for r in values
        ]
        unit = values[0]["unit"] if values else None
        chart = timeline_chart(points, unit=f" {unit}" if unit else "")
        return render(
            request, "timeline.html.j2", measure=measure, unit=unit, values=values, chart=chart
        )

    @app.get("/doc/{doc_id}", response_class=HTMLResponse)
    def document(request: Request, doc_id: str) -> Response:
        doc = store.get_document(path_id(doc_id, "document"))
        items: list[dict[str, Any]] = []
        for what in ("figures", "recs", "quotes"):
            items.extend(iter_records(store, what, Filters(document_id=doc["id"])))
        items.sort(key=lambda r: r["start"])
        spans = [Span(r["start"], r["end"], r["item_type"], r["id"], _label(r)) for r in items]
        body = highlight(doc["text"], spans)
        return render(request, "document.html.j2", doc=doc, body=body, items=items)

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    def themes_chart(points: list[dict[str, Any]], themes_: list[dict[str, Any]]) -> str:
        periods = sorted({p["period"] for p in points})
        series = []
        for t in themes_:
            values = {p["period"]: p["n"] for p in points if p["theme"] == t["theme"]}
            series.append(
                {
                    "label": t["label"],
                    "values": values,
                    "href": f"/theme/{t['theme']}",
                    "point_href": {per: f"/theme/{t['theme']}?period={per}" for per in values},
                }
            )
        return series_chart(periods, series)

    return app


def _label(item: dict[str, Any]) -> str:
    """A short description of an item for its highlight's tooltip."""
    kind = item["item_type"]
    if kind == "figure":
        return " ".join(str(x) for x in (item.get("measure"), item.get("time_ref")) if x)
    if kind == "recommendation":
        actors = ", ".join(item.get("actors") or [])
        return f"to {actors}" + (f" · {item['status']}" if item.get("status") else "")
    return str(item.get("speaker") or "")


def serve(store_path: str | Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Run the UI with uvicorn. Bound to 127.0.0.1 unless a host is given on purpose."""
    import uvicorn

    uvicorn.run(create_app(store_path), host=host, port=port, log_level="info")
