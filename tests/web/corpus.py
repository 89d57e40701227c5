"""A small store built for the interface tests: documents, items, themes, threads, evidence.

Every text here is written for these tests. One document is hostile on purpose: its title,
text and URL carry ``<script>`` and ``javascript:`` so the tests can show it renders inert.
Offsets are computed from the text, never typed by hand, so an edit cannot shift them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import insert

from pipeline.extract.types import Figure, Quote, Recommendation
from pipeline.parse.model import ParsedDocument
from pipeline.store import schema as s
from pipeline.store.db import Store

XSS = "<script>alert(1)</script>"
XSS_TITLE = f"{XSS} Hostile page about placements"
XSS_TEXT = (
    f'Intro {XSS} and more. Read <a href="javascript:alert(2)">this link</a> '
    "or javascript:alert(3) now. Councils should fund <b>placements</b> properly, "
    "the campaigners said."
)

DOCS = {
    "gap2017": dict(
        title="Councils warn of a £2bn funding gap",
        publisher="Local Government Association",
        published="2017-03-14",
        kind="press release",
        url="https://example.org/news/gap-2017",
        text=(
            "Councils face a funding gap of £2bn by 2020 in children's services. "
            "The association calls on the Department for Education to publish a plan for "
            'early help by 2018. "Demand keeps climbing," said Jo Baker, chair of the board.'
        ),
    ),
    "gap2018": dict(
        title="Funding gap grows to £3.1bn",
        publisher="Local Government Association",
        published="2018-07-03",
        kind="press release",
        url="https://example.org/news/gap-2018",
        text=(
            "The funding gap for children's services will reach £3.1bn by 2025. "
            "Again the association calls on the Department for Education to publish a plan "
            'for early help. "Placements cost more every year," said Jo Baker.'
        ),
    ),
    "pac2019": dict(
        title="Committee report on children's services",
        publisher="Public Accounts Committee",
        published="2019-10-01",
        kind="report",
        url="https://example.org/reports/pac-2019",
        text=(
            "Spending on children's social care rose to £8.8bn in 2018. "
            "The Department for Education should set out how it will measure demand by "
            "March 2020. Placements remain scarce in many regions."
        ),
    ),
    "response2021": dict(
        title="Government response to the committee",
        publisher="HM Treasury",
        published="2021-02-01",
        kind="response",
        url="https://example.org/responses/2021",
        text=(
            "The government agrees with the committee. The Department for Education has "
            "published a framework to measure demand, which meets the recommendation."
        ),
    ),
    "xss": dict(
        title=XSS_TITLE,
        publisher="<img src=x onerror=alert(5)>",
        published="2019-05-05",
        kind="blog",
        url="javascript:alert(4)",
        text=XSS_TEXT,
    ),
}


@dataclass
class Built:
    """Ids of what :func:`build` wrote, for assertions."""

    path: Path
    docs: dict[str, int] = field(default_factory=dict)
    items: dict[str, tuple[str, int]] = field(default_factory=dict)
    threads: dict[str, int] = field(default_factory=dict)
    themes: dict[str, int] = field(default_factory=dict)


def _span(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def _sentence(text: str, needle: str) -> tuple[int, int]:
    a, b = _span(text, needle)
    left = max(text.rfind(". ", 0, a) + 2, 0) if text.rfind(". ", 0, a) >= 0 else 0
    right = text.find(". ", b)
    return left, (right + 1 if right >= 0 else len(text))


def _fig(text: str, needle: str, value: float, measure: str, time: str) -> Figure:
    a, b = _span(text, needle)
    return Figure(
        start=a,
        end=b,
        text=needle,
        value=value,
        unit="GBP",
        measure=measure,
        time=time,
        sentence=_sentence(text, needle),
    )


def _rec(text: str, needle: str, issuer: str, deadline: str | None) -> Recommendation:
    a, b = _span(text, needle)
    return Recommendation(
        start=a,
        end=b,
        text=needle,
        actors=["Department for Education"],
        issuer=issuer,
        deadline=deadline,
        sentence=_sentence(text, needle),
    )


def _quote(text: str, needle: str, speaker: str) -> Quote:
    a, b = _span(text, needle)
    return Quote(
        start=a,
        end=b,
        text=needle,
        speaker=speaker,
        org="Local Government Association",
        direct=True,
        sentence=_sentence(text, needle),
    )


def build(path: Path) -> Built:
    """Write the test corpus into a new store at ``path``."""
    out = Built(path=path)
    store = Store.open(path)
    try:
        for key, d in DOCS.items():
            parsed = ParsedDocument(
                text=d["text"],
                format="text",
                title=d["title"],
                publisher=d["publisher"],
                published=d["published"],
                published_precision="day",
                kind=d["kind"],
                url=d["url"],
            )
            out.docs[key] = store.add_document(parsed).document_id
        t = {k: DOCS[k]["text"] for k in DOCS}
        items = {
            "gap2017": dict(
                figures=[_fig(t["gap2017"], "£2bn", 2e9, "funding gap", "2020")],
                recommendations=[
                    _rec(
                        t["gap2017"],
                        "calls on the Department for Education to publish a "
                        "plan for early help by 2018",
                        "Local Government Association",
                        "2018",
                    )
                ],
                quotes=[_quote(t["gap2017"], "Demand keeps climbing", "Jo Baker")],
            ),
            "gap2018": dict(
                figures=[_fig(t["gap2018"], "£3.1bn", 3.1e9, "funding gap", "2025")],
                recommendations=[
                    _rec(
                        t["gap2018"],
                        "calls on the Department for Education to publish a plan for early help",
                        "Local Government Association",
                        None,
                    )
                ],
                quotes=[_quote(t["gap2018"], "Placements cost more every year", "Jo Baker")],
            ),
            "pac2019": dict(
                figures=[_fig(t["pac2019"], "£8.8bn", 8.8e9, "spending", "2018")],
                recommendations=[
                    _rec(
                        t["pac2019"],
                        "The Department for Education should set out how it "
                        "will measure demand by March 2020",
                        "Public Accounts Committee",
                        "2020-03",
                    )
                ],
            ),
            "response2021": {},
            "xss": dict(
                recommendations=[
                    _rec(
                        t["xss"],
                        "Councils should fund <b>placements</b> properly",
                        "<script>alert(6)</script>",
                        None,
                    )
                ],
            ),
        }
        for key, kinds in items.items():
            store.replace_items(out.docs[key], extractor_version="test", **kinds)
        for kind, table in s.ITEM_TABLES.items():
            for r in store.execute(
                f'SELECT id, document_id, start FROM "{table.name}" ORDER BY document_id, start'
            ):
                doc_key = next(k for k, v in out.docs.items() if v == r["document_id"])
                out.items[f"{kind}:{doc_key}"] = (kind, r["id"])
        _analysis(store, out)
    finally:
        store.close()
    return out


def _analysis(store: Store, out: Built) -> None:
    """Threads, evidence and themes as the analysis stage would write them."""
    now = dt.datetime(2024, 1, 1)
    t = {k: DOCS[k]["text"] for k in DOCS}
    rec = {k: out.items[f"recommendation:{k}"][1] for k in ("gap2017", "gap2018", "pac2019", "xss")}
    fig = {k: out.items[f"figure:{k}"][1] for k in ("gap2017", "gap2018", "pac2019")}
    with store.transaction() as conn:

        def thread(kind: str, label: str, status: str | None, key: str) -> int:
            return conn.execute(
                insert(s.thread).values(
                    kind=kind,
                    label=label,
                    status=status,
                    key=key,
                    status_as_of=dt.date(2024, 1, 1),
                    created_at=now,
                )
            ).inserted_primary_key[0]

        out.threads["plan"] = thread(
            "recommendation", "Publish a plan for early help", "overdue", "dfe-plan"
        )
        out.threads["demand"] = thread(
            "recommendation", "Measure demand", "addressed", "dfe-demand"
        )
        out.threads["xss"] = thread("recommendation", XSS, "open", "xss")
        out.threads["gap"] = thread("figure", "funding gap (GBP)", None, "funding gap|GBP")
        members = [
            (out.threads["plan"], "recommendation", rec["gap2017"], "origin"),
            (out.threads["plan"], "recommendation", rec["gap2018"], "repeat"),
            (out.threads["demand"], "recommendation", rec["pac2019"], "origin"),
            (out.threads["xss"], "recommendation", rec["xss"], "origin"),
            (out.threads["gap"], "figure", fig["gap2017"], "value"),
            (out.threads["gap"], "figure", fig["gap2018"], "value"),
        ]
        conn.execute(
            insert(s.thread_member),
            [
                dict(thread_id=a, item_type=b, item_id=c, role=d, score=1.0)
                for a, b, c, d in members
            ],
        )
        ev = []
        for thread_key, doc_key, needle, status in (
            # inserted out of date order on purpose: the view must sort them
            ("plan", "gap2018", "Again the association calls on the Department", "repeated"),
            ("plan", "gap2017", "The association calls on the Department", "open"),
            ("demand", "response2021", "has published a framework to measure demand", "addressed"),
        ):
            a, b = _span(t[doc_key], needle)
            ev.append(
                dict(
                    thread_id=out.threads[thread_key],
                    document_id=out.docs[doc_key],
                    start=a,
                    end=b,
                    status=status,
                    text=needle,
                    score=0.9,
                )
            )
        conn.execute(insert(s.evidence), ev)

        def theme(label: str, keywords: list[str]) -> int:
            return conn.execute(
                insert(s.theme).values(
                    label=label, keywords=keywords, trend="recurring", created_at=now
                )
            ).inserted_primary_key[0]

        out.themes["gap"] = theme("Funding gap", ["funding", "gap"])
        out.themes["placements"] = theme("Placements", ["placements", "cost"])
        q = {k: out.items[f"quote:{k}"][1] for k in ("gap2017", "gap2018")}
        tm = [
            (out.themes["gap"], "figure", fig["gap2017"]),
            (out.themes["gap"], "figure", fig["gap2018"]),
            (out.themes["gap"], "recommendation", rec["gap2017"]),
            (out.themes["gap"], "figure", fig["pac2019"]),
            (out.themes["placements"], "quote", q["gap2018"]),
            (out.themes["placements"], "quote", q["gap2017"]),
            (out.themes["placements"], "recommendation", rec["xss"]),
        ]
        conn.execute(
            insert(s.theme_member),
            [dict(theme_id=a, item_type=b, item_id=c, score=0.8) for a, b, c in tm],
        )
