"""A response that names the ask it answers ("accepts the recommendation to ...") answers the
recommendation holding most of those words, however much more that recommendation says.

Own text, in a sector other than the demo's, so the route is not tuned to the demo.
"""

from __future__ import annotations

from pipeline.analyse.run import analyse
from pipeline.analyse.status import recommendation_status

from .conftest import DFT, Doc, add_doc

REC = (
    "Village transport. Far more help for volunteers who drive neighbours to clinics and "
    "shops, including a national community transport fund and mileage allowances."
)
REVIEW = Doc(
    "review.txt",
    f"Rural transport review: summary\n\n{REC}\n",
    "2021-03-01",
    "Rural Transport Review",
    "report",
    "Rural transport review: summary",
    recs=[(REC, {"actors": [DFT], "kind": "formal"})],
)
ANSWER = (
    "The Government accepts the review's recommendation to set up a national community "
    "transport fund."
)
RESPONSE = Doc(
    "response.txt",
    f"Government response to the rural transport review\n\n{ANSWER} It will open next year.\n",
    "2021-09-01",
    "Department for Transport",
    "response",
    "Government response to the rural transport review",
)
UNRELATED = Doc(
    "other.txt",
    "Government response on ferries\n\nThe Government accepts the recommendation to "
    "publish a national ferry timetable standard.\n",
    "2021-10-01",
    "Department for Transport",
    "response",
    "Government response on ferries",
)


def test_response_naming_the_ask_accepts_the_recommendation(store, model):
    for d in (REVIEW, RESPONSE, UNRELATED):
        add_doc(store, d)
    analyse(store)
    (row,) = [r for r in recommendation_status(store) if r["label"].startswith("Village")]
    assert row["status"] == "accepted", row
    texts = [e["text"] for e in row["evidence"]]
    assert any(t.startswith("The Government accepts the review") for t in texts), texts
    assert not any("ferry" in t for t in texts), texts
