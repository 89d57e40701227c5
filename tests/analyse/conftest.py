"""A small synthetic corpus (rural buses, our own text) with one recommendation per status.

Items are written straight into the store with ``Store.replace_items``, as extraction would,
so these tests do not depend on the extractor.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from pipeline.extract.types import Figure, Recommendation  # noqa: E402
from pipeline.parse.model import ParsedDocument  # noqa: E402
from pipeline.store.db import Store  # noqa: E402

DFT = "Department for Transport"
COMMITTEE = "Transport Committee"


@dataclass
class Doc:
    name: str
    text: str
    published: str
    publisher: str
    kind: str
    title: str
    recs: list[tuple[str, dict]] = field(default_factory=list)
    figs: list[tuple[str, str, dict]] = field(default_factory=list)  # sentence, value text, attrs


def _rec(text: str, phrase: str, attrs: dict) -> Recommendation:
    a = text.index(phrase)
    return Recommendation(
        start=a, end=a + len(phrase), text=phrase, sentence=(a, a + len(phrase)), **attrs
    )


def _fig(text: str, sentence: str, value_text: str, attrs: dict) -> Figure:
    s0 = text.index(sentence)
    a = text.index(value_text, s0)
    return Figure(
        start=a,
        end=a + len(value_text),
        text=value_text,
        sentence=(s0, s0 + len(sentence)),
        **attrs,
    )


def add_doc(store: Store, doc: Doc) -> int:
    res = store.add_document(
        ParsedDocument(
            text=doc.text,
            format="text",
            title=doc.title,
            publisher=doc.publisher,
            published=doc.published,
            kind=doc.kind,
            url=f"file:///{doc.name}",
        )
    )
    store.replace_items(
        res.document_id,
        recommendations=[_rec(doc.text, p, a) for p, a in doc.recs],
        figures=[_fig(doc.text, snt, v, a) for snt, v, a in doc.figs],
        extractor_version="test",
    )
    return res.document_id


R1 = (
    "Recommendation 1: The Department for Transport should publish a national strategy for "
    "rural bus services by December 2018."
)
R2 = "Recommendation 2: The Department should create a dedicated fund for community transport."
R3 = (
    "Recommendation 3: The Department should require councils to publish annual data on bus "
    "route closures."
)
R4 = (
    "Recommendation 4: The Department should review the concessionary fares reimbursement "
    "formula by March 2019."
)
R5 = (
    "Recommendation 5: The Department should commission independent research on the social "
    "value of rural bus routes."
)
R6 = (
    "Recommendation 6: The Department should extend the bus service operators grant to "
    "demand-responsive services."
)
F1 = "Councils cut spending on supported bus services by £20 million in 2017."
F2 = "The cost of the concessionary fares scheme to councils reached £900 million in 2017."

REPORT = Doc(
    "report.txt",
    "Funding for rural bus services\n\nTransport Committee\n\nSummary\n\n"
    f"{F1} {F2}\n\nConclusions and recommendations\n\n{R1}\n\n{R2}\n\n{R3}\n\n{R4}\n\n{R5}\n\n"
    f"{R6}\n",
    "2018-03-01",
    COMMITTEE,
    "report",
    "Funding for rural bus services",
    recs=[
        (R1, {"actors": [DFT], "issuer": COMMITTEE, "deadline": "2018-12", "number": "1"}),
        (R2, {"actors": [DFT], "issuer": COMMITTEE, "number": "2"}),
        (R3, {"actors": [DFT], "issuer": COMMITTEE, "number": "3"}),
        (R4, {"actors": [DFT], "issuer": COMMITTEE, "deadline": "2019-03", "number": "4"}),
        (R5, {"actors": [DFT], "issuer": COMMITTEE, "number": "5"}),
        (R6, {"actors": [DFT], "issuer": COMMITTEE, "number": "6"}),
    ],
    figs=[
        (
            F1,
            "£20 million",
            {
                "value": 2e7,
                "unit": "GBP",
                "time": "2017",
                "measure": "spending on supported bus services",
            },
        ),
        (
            F2,
            "£900 million",
            {
                "value": 9e8,
                "unit": "GBP",
                "time": "2017",
                "measure": "cost of the concessionary fares scheme",
            },
        ),
    ],
)

N1 = (
    "MPs have urged the Department for Transport to set out a national plan for rural bus "
    "services before the end of the year."
)
F3 = "Spending on supported bus services fell by a further £25 million in 2018."
F4 = "The number of bus passengers in the shire counties fell by 30 million."
NEWS = Doc(
    "news.txt",
    f"MPs call for rural bus plan\n\n{N1} {F3} {F4}\n",
    "2018-04-10",
    "Transport News",
    "news",
    "MPs call for rural bus plan",
    recs=[(N1, {"actors": [DFT], "issuer": COMMITTEE, "reported": True, "kind": "call"})],
    figs=[
        (
            F3,
            "£25 million",
            {
                "value": 2.5e7,
                "unit": "GBP",
                "time": "2018",
                "measure": "spending on supported bus services",
            },
        ),
        (
            F4,
            "30 million",
            {"value": 3e7, "unit": "count", "measure": "bus passengers in the shire counties"},
        ),
    ],
)

RESP3 = "Recommendation 3: The Committee asks for annual closure data."
RESPONSE = Doc(
    "response.txt",
    "Government response to the Transport Committee report: Funding for rural bus services\n\n"
    "Department for Transport\n\nThe Government thanks the Transport Committee for its report.\n\n"
    "Recommendation 1\n\nThe Government accepts this recommendation and will publish a "
    "strategy.\n\n"
    "The Committee's second recommendation asked for a new fund. The Government does not "
    "accept this recommendation, because existing grants already support these operators.\n\n"
    f"{RESP3}\n\nWe will consider this further with local government.\n\n"
    "Recommendation 6\n\nWe agree with the Committee's recommendation and will consult on the "
    "change next year.\n",
    "2018-06-15",
    DFT,
    "response",
    "Government response to the Transport Committee report: Funding for rural bus services",
    recs=[(RESP3, {"actors": [], "issuer": COMMITTEE, "number": "3"})],
)

C1 = (
    "The Network calls on the Department for Transport to make councils publish yearly "
    "figures on bus route closures."
)
CAMPAIGN = Doc(
    "campaign.txt",
    f"Rural network renews call on bus closures\n\n{C1}\n",
    "2019-01-20",
    "Rural Services Network",
    "press_release",
    "Rural network renews call on bus closures",
    recs=[(C1, {"actors": [DFT], "issuer": "Rural Services Network", "kind": "call"})],
)

PROGRESS = Doc(
    "progress.txt",
    "Rural bus services: progress update\n\nDepartment for Transport\n\n"
    "The Department has now published its national strategy for rural bus services.\n",
    "2019-06-30",
    DFT,
    "report",
    "Rural bus services: progress update",
)

CORPUS = [REPORT, NEWS, RESPONSE, CAMPAIGN, PROGRESS]


@pytest.fixture(scope="session")
def model():
    """The MiniLM model, loaded once for the whole session."""
    from pipeline.analyse.embeddings import load_model

    return load_model()


@pytest.fixture
def corpus_store(tmp_path: Path, model):
    st = Store.open(tmp_path / "analyse.db")
    ids = {d.name: add_doc(st, d) for d in CORPUS}
    st.doc_ids = ids  # type: ignore[attr-defined]
    yield st
    st.close()


@pytest.fixture(scope="session")
def analysed(tmp_path_factory, model):
    """The synthetic corpus analysed once (today), shared by the read-only tests."""
    from pipeline.analyse.run import analyse

    st = Store.open(tmp_path_factory.mktemp("analysed") / "a.db")
    ids = {d.name: add_doc(st, d) for d in CORPUS}
    summary = analyse(st)
    yield st, ids, summary
    st.close()
