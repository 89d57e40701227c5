"""The static report: one self-contained HTML file a researcher can open anywhere.

Charts are inline SVG and styles inline, so the file needs no network and runs no script.
Every string from the corpus goes through Jinja2's autoescaping.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import func, select

from pipeline import __version__
from pipeline.errors import E, PolicytrailError
from pipeline.store import schema as s
from pipeline.store.db import Store
from pipeline.store.export import Filters, measures, prevalence, records, thread_detail, timeline
from pipeline.web.charts import bar_chart, series_chart, timeline_chart
from pipeline.web.render import number

TEMPLATES = Path(__file__).parent / "templates"


def _env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = number
    return env


def report_data(store: Store, *, max_rows: int = 500) -> dict[str, Any]:
    """Everything the report shows, as plain data (also handy for tests)."""
    d, f, r, q = s.document.c, s.figure.c, s.recommendation.c, s.quote.c
    stats = store.stats()
    years = [(k, v) for k, v in stats["by_year"].items() if k != "undated"]
    publishers = store.execute(
        select(d.publisher, func.count().label("n"))
        .group_by(d.publisher)
        .order_by(func.count().desc())
        .limit(25)
    )
    recs = store.execute(
        select(
            r.id,
            r.text,
            r.actors,
            r.issuer,
            r.deadline,
            r.kind,
            r.reported,
            r.start,
            r.end,
            d.title,
            d.published,
            d.id.label("document_id"),
        )
        .join(s.document, d.id == r.document_id)
        .order_by(d.published_date, r.start)
        .limit(max_rows)
    )
    figures = store.execute(
        select(
            f.text,
            f.value,
            f.unit,
            f.qualifier,
            f.measure,
            f.time_ref,
            f.source,
            d.title,
            d.published,
            d.id.label("document_id"),
        )
        .join(s.document, d.id == f.document_id)
        .order_by(f.measure, d.published_date)
        .limit(max_rows)
    )
    speakers = store.execute(
        select(q.speaker, func.count().label("n"))
        .where(q.speaker.is_not(None))
        .group_by(q.speaker)
        .order_by(func.count().desc())
        .limit(25)
    )
    return {
        "stats": stats,
        "years_chart": bar_chart(years),
        **_analysis_sections(store, max_rows=max_rows),
        "publishers": publishers,
        "recommendations": recs,
        "figures": figures,
        "speakers": speakers,
    }


def _analysis_sections(store: Store, *, max_rows: int, n_themes: int = 8) -> dict[str, Any]:
    """Themes over time, the tracker (threads with evidence) and figure timelines.

    The same queries as the web UI, drawn without links: a report is read offline.
    """
    themes = records(store, "themes", Filters(), limit=n_themes)
    points = prevalence(store, [t["theme"] for t in themes])
    periods = sorted({p["period"] for p in points})
    series = [
        {
            "label": t["label"],
            "values": {p["period"]: p["n"] for p in points if p["theme"] == t["theme"]},
        }
        for t in themes
    ]
    threads = records(store, "threads", Filters(kind="recommendation"), limit=max_rows)
    order = {"overdue": 0, "open": 1, "repeated": 2, "rejected": 3, "accepted": 4, "addressed": 5}
    threads.sort(key=lambda t: (order.get(t["status"] or "", 9), t["first_date"] or ""))
    tracker = [thread_detail(store, t["thread"]) | {"summary": t} for t in threads]
    timelines = []
    for m in measures(store, limit=6):
        if m["n"] < 2:
            continue
        values = timeline(store, m["measure"], m["unit"])
        pts = [
            {"date": r["day"], "value": r["value"], "label": f"{r['text']} ({r['title'] or ''})"}
            for r in values
        ]
        unit = f" {m['unit']}" if m["unit"] else ""
        timelines.append({**m, "chart": timeline_chart(pts, unit=unit), "values": values})
    return {
        "themes": themes,
        "themes_chart": series_chart(periods, series) if series else "",
        "tracker": tracker,
        "timelines": timelines,
    }


def render_report(store: Store) -> str:
    data = report_data(store)
    return (
        _env()
        .get_template("report.html.j2")
        .render(
            **data,
            generated=dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
            version=__version__,
            store=store.location,
        )
    )


def write_report(store: Store, out: str | Path) -> Path:
    """Render the report to ``out`` (written whole, then moved into place)."""
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    html = render_report(store)
    try:
        tmp.write_text(html, encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise PolicytrailError(E.E114, path=str(path), detail=str(exc)) from None
    return path
