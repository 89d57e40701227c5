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
from pipeline.store import schema as s
from pipeline.store.db import Store
from pipeline.web.charts import bar_chart

TEMPLATES = Path(__file__).parent / "templates"


def _env() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


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
        "publishers": publishers,
        "recommendations": recs,
        "figures": figures,
        "speakers": speakers,
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
    tmp.write_text(render_report(store), encoding="utf-8")
    tmp.replace(path)
    return path
