"""The static report: one self-contained file with themes, tracker and timelines, inert."""

from __future__ import annotations

import re

import pytest

from pipeline.store.db import Store
from pipeline.web.report import write_report


@pytest.fixture(scope="module")
def html(built, tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("report") / "report.html"
    with Store.open(built.path, create=False) as store:
        write_report(store, out)
    return out.read_text(encoding="utf-8")


def test_report_needs_no_network_and_runs_no_script(html):
    assert "<script" not in html
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert not re.search(r"<link\b", html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_report_has_every_section_with_charts(html):
    for heading in (
        "Corpus",
        "Recurring themes over time",
        "Recommendation tracker",
        "Figure timelines",
    ):
        assert f"<h2>{heading}</h2>" in html
    assert html.count("<svg") >= 3  # documents by year, themes, one timeline


def test_report_tracker_puts_overdue_first_with_evidence_in_date_order(html):
    tracker = html[html.index("<h2>Recommendation tracker</h2>") : html.index("<h2>Figure")]
    first = tracker[tracker.index("<details>") : tracker.index("</details>")]
    assert "overdue" in first and "Publish a plan for early help" in first
    assert first.index("2017-03-14") < first.index("2018-07-03")
