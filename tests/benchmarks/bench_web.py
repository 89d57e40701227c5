"""Benchmark: the web UI and the report on a generated store of 100,000 items.

    python tests/benchmarks/bench_web.py [--items 100000] [--docs 10000] [--repeat 40]

Builds a store (own generated text) with documents, figures, recommendations and quotes,
recommendation threads with statuses and themes, then measures in the same run:
  bare    - the FTS5 query search_documents runs (snippet + bm25), straight on sqlite3;
  search  - GET /search through the FastAPI app (TestClient: routing, query, escaping, HTML);
  tracker - GET /recs, unfiltered, by status and by actor;
  report  - write_report to a file.
Prints p50/p95 in milliseconds. The machine is shared and noisy: compare within one run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from pipeline.store import schema as s  # noqa: E402
from pipeline.store.db import Store, text_hash  # noqa: E402
from pipeline.store.search import fts_query  # noqa: E402

WORDS = tuple(
    [
        "councils",
        "children",
        "care",
        "placements",
        "funding",
        "gap",
        "demand",
        "referrals",
        "social",
        "workers",
        "budget",
        "spending",
        "review",
        "government",
        "department",
        "education",
        "inspection",
        "ofsted",
        "residential",
        "homes",
        "early",
        "help",
        "prevention",
        "agency",
        "staff",
        "caseloads",
        "court",
        "proceedings",
        "adoption",
        "fostering",
        "sufficiency",
        "market",
        "providers",
        "profit",
        "regional",
        "commissioning",
    ]
)
ACTORS = ["Department for Education", "HM Treasury", "Ofsted", "Local Government Association"]
ISSUERS = ["Public Accounts Committee", "Education Committee", "National Audit Office", "ADCS"]
STATUSES = ["open", "overdue", "repeated", "addressed", "rejected", "accepted"]
QUERIES = [
    "funding gap",
    "placements",
    "social workers",
    "early help",
    "ofsted inspection",
    "residential homes",
    "court proceedings",
    "budget",
    "adoption",
    "market providers",
]


def sentence(rng: random.Random, n: int = 14) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def build(path: Path, n_docs: int, n_items: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    store = Store.open(path)
    now = dt.datetime(2024, 1, 1)
    docs, spans = [], []
    for i in range(n_docs):
        sents = [sentence(rng) for _ in range(12)]
        text = " ".join(sents)
        year = 2015 + i % 10
        published = f"{year}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        docs.append(
            dict(
                id=i + 1,
                url=f"https://example.org/d/{i}",
                title=sentence(rng, 6),
                publisher=rng.choice(ISSUERS),
                published=published,
                published_precision="day",
                published_date=dt.date.fromisoformat(published),
                kind="news",
                format="text",
                content_hash=text_hash(text),
                text=text,
                ingested_at=now,
            )
        )
        at, bounds = 0, []
        for sent in sents:
            bounds.append((at, at + len(sent)))
            at += len(sent) + 1
        spans.append(bounds)
    with store.transaction() as conn:
        conn.execute(insert(s.document), docs)
    rows: dict[str, list[dict]] = {"figure": [], "recommendation": [], "quote": []}
    kinds = list(rows)
    for j in range(n_items):
        kind = kinds[j % 3]
        d = rng.randrange(n_docs)
        a, b = rng.choice(spans[d])
        base = dict(
            id=len(rows[kind]) + 1,
            document_id=d + 1,
            start=a,
            end=b,
            text=docs[d]["text"][a:b],
            sentence_start=a,
            sentence_end=b,
            extractor_version="bench",
        )
        if kind == "figure":
            base.update(
                value=rng.uniform(1e6, 5e9),
                unit="GBP",
                measure=rng.choice(["funding gap", "spending", "overspend"]),
                time_ref=str(2015 + rng.randrange(10)),
            )
        elif kind == "recommendation":
            base.update(
                actors=[rng.choice(ACTORS)],
                issuer=rng.choice(ISSUERS),
                deadline=str(2016 + rng.randrange(10)),
                kind="formal",
            )
        else:
            base.update(speaker=f"Speaker {rng.randrange(200)}", organisation="Org", direct=True)
        rows[kind].append(base)
    recs = rows["recommendation"]
    threads, members = [], []
    for t in range(len(recs) // 3):
        threads.append(
            dict(
                id=t + 1,
                kind="recommendation",
                label=sentence(rng, 5),
                status=rng.choice(STATUSES),
                created_at=now,
            )
        )
        for r in recs[t * 3 : t * 3 + 3]:
            members.append(
                dict(thread_id=t + 1, item_type="recommendation", item_id=r["id"], role="repeat")
            )
    themes = [
        dict(id=k + 1, label=f"theme {w}", keywords=[w], trend="recurring", created_at=now)
        for k, w in enumerate(WORDS[:12])
    ]
    tm = [
        dict(theme_id=1 + rng.randrange(12), item_type=kind, item_id=r["id"], score=0.5)
        for kind, rs in rows.items()
        for r in rs
        if rng.random() < 0.3
    ]
    with store.transaction() as conn:
        for kind, rs in rows.items():
            conn.execute(insert(s.ITEM_TABLES[kind]), rs)
        conn.execute(insert(s.thread), threads)
        conn.execute(insert(s.thread_member), members)
        conn.execute(insert(s.theme), themes)
        conn.execute(
            insert(s.theme_member),
            list({(m["theme_id"], m["item_type"], m["item_id"]): m for m in tm}.values()),
        )
    store.close()


def pct(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50_ms": round(statistics.median(ordered) * 1000, 2),
        "p95_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] * 1000, 2),
    }


def timed(fn, repeat: int) -> list[float]:
    fn()  # warm caches once
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--items", type=int, default=100_000)
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=40)
    args = ap.parse_args()

    from fastapi.testclient import TestClient

    from pipeline.web.app import create_app
    from pipeline.web.report import write_report

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        t0 = time.perf_counter()
        build(db, args.docs, args.items)
        result: dict[str, object] = {
            "items": args.items,
            "documents": args.docs,
            "build_s": round(time.perf_counter() - t0, 1),
        }
        bare_sql = (
            "SELECT d.id, d.title, d.publisher, d.published, d.kind, d.url, "
            "snippet(document_fts, 1, char(57344), char(57345), ' … ', 24) AS snippet, "
            "bm25(document_fts, 5.0, 1.0) AS rank FROM document_fts JOIN document d "
            "ON d.id = document_fts.rowid WHERE document_fts MATCH ? ORDER BY rank LIMIT 51"
        )
        raw = sqlite3.connect(db)
        qi = iter(QUERIES * (args.repeat + 1))
        result["bare_fts"] = pct(
            timed(lambda: raw.execute(bare_sql, (fts_query(next(qi)),)).fetchall(), args.repeat)
        )
        raw.close()
        with TestClient(create_app(db)) as client:

            def get(url: str, **params: str) -> None:
                r = client.get(url, params=params)
                assert r.status_code == 200, (url, r.status_code)

            qi = iter(QUERIES * (args.repeat + 1))
            result["app_search"] = pct(timed(lambda: get("/search", q=next(qi)), args.repeat))
            result["tracker"] = pct(timed(lambda: get("/recs"), args.repeat))
            result["tracker_page_20"] = pct(timed(lambda: get("/recs", page="20"), args.repeat))
            result["tracker_status"] = pct(
                timed(lambda: get("/recs", status="overdue"), args.repeat)
            )
            result["tracker_actor"] = pct(
                timed(lambda: get("/recs", actor="Treasury"), args.repeat)
            )
            result["themes_page"] = pct(timed(lambda: get("/themes"), max(5, args.repeat // 4)))
            result["document_page"] = pct(timed(lambda: get("/doc/17"), args.repeat))
        store = Store.open(db)
        t0 = time.perf_counter()
        write_report(store, Path(tmp) / "report.html")
        result["report_s"] = round(time.perf_counter() - t0, 2)
        result["report_mb"] = round((Path(tmp) / "report.html").stat().st_size / 1e6, 2)
        store.close()
    bare = result["bare_fts"]["p95_ms"]  # type: ignore[index]
    app = result["app_search"]["p95_ms"]  # type: ignore[index]
    result["search_p95_ratio"] = round(app / bare, 2) if bare else None
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
