"""The web app through its HTTP interface (no browser): safety, validation, lists, downloads."""

from __future__ import annotations

import csv
import io
import json
import re

import numpy as np
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import insert

from pipeline.store import schema as s
from pipeline.store.db import Store, text_hash
from pipeline.web.app import create_app
from tests.web.corpus import build


@pytest.fixture(scope="module")
def client(built):
    with TestClient(create_app(built.path), raise_server_exceptions=False) as c:
        yield c


def test_every_page_sends_a_strict_content_security_policy(client):
    for url in ("/", "/recs", "/doc/1", "/nope", "/recs?page=x"):
        csp = client.get(url).headers["content-security-policy"]
        assert "default-src 'none'" in csp and "unsafe-inline" not in csp


def test_full_text_search_marks_matches_in_escaped_snippets(client):
    html = client.get("/search", params={"q": "funding gap"}).text
    snippets = re.findall(r'<p class="snippet">(.*?)</p>', html)
    assert snippets and all("<mark>funding</mark>" in sn for sn in snippets)
    assert "children&#x27;s" in snippets[0] or "children&#39;s" in snippets[0]


def test_hostile_document_is_rendered_inert(client, built):
    html = client.get(f"/doc/{built.docs['xss']}").text
    assert "<script>" not in html
    assert not re.search(r"<a\b[^>]*href=\"\s*javascript:", html, re.I)
    assert "<img src=x" not in html and "&lt;img src=x" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    search = client.get("/search", params={"q": "hostile"}).text
    assert "<script>alert" not in search


def test_document_page_gives_every_item_a_permalink_anchor(client, built):
    html = client.get(f"/doc/{built.docs['gap2017']}").text
    for key in ("figure:gap2017", "recommendation:gap2017", "quote:gap2017"):
        kind, item_id = built.items[key]
        assert f'id="item-{kind}-{item_id}"' in html
    assert '<mark class="item figure"' in html


@pytest.mark.parametrize(
    "url",
    [
        "/recs?status=lost",
        "/recs?since=2019-13",
        "/recs?page=0",
        "/recs?per_page=100000",
        "/recs?deadline_before=soon",
        "/recs?format=xml",
        "/search?q=%00",
        "/doc/abc",
        "/thread/1e3",
        "/theme/1?period=last",
        "/recs?status=open&status=overdue",
        "/search?q=" + "x" * 400,
    ],
)
def test_bad_parameters_get_a_400_with_a_message(client, url):
    r = client.get(url)
    assert r.status_code == 400
    assert "E110" in r.text


def test_missing_things_are_404_not_500(client):
    assert client.get("/doc/9999").status_code == 404
    assert client.get("/thread/9999").status_code == 404
    assert client.get("/theme/9999").status_code == 404


def test_writes_are_refused(client):
    assert client.post("/recs").status_code == 405


def test_tracker_filters_by_status_and_links_each_row_to_its_thread(client, built):
    html = client.get("/recs", params={"status": "overdue"}).text
    statuses = re.findall(r'<tr data-status="([^"]*)"', html)
    assert statuses == ["overdue", "overdue"]
    assert f'href="/thread/{built.threads["plan"]}"' in html


def test_thread_page_lists_evidence_in_date_order(client, built):
    html = client.get(f"/thread/{built.threads['plan']}").text
    ev = html[html.index('class="evidence"') :]
    assert ev.index("2017-03-14") < ev.index("2018-07-03")


def test_lists_paginate_with_next_and_previous_links(client):
    first = client.get("/recs", params={"per_page": 2}).text
    assert first.count("<tr data-status") == 2 and 'rel="next"' in first
    third = client.get("/recs", params={"per_page": 2, "page": 2}).text
    assert third.count("<tr data-status") == 2 and 'rel="prev"' in third


def test_filtered_list_downloads_as_csv_and_jsonl(client, built):
    r = client.get("/recs", params={"status": "overdue", "format": "csv"})
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert {int(x["document"]) for x in rows} == {built.docs["gap2017"], built.docs["gap2018"]}
    r = client.get("/figures", params={"measure": "funding gap", "format": "jsonl"})
    values = [json.loads(line)["value"] for line in r.text.splitlines()]
    assert values == [2e9, 3.1e9]


def test_theme_chart_points_link_to_that_years_members(client, built):
    html = client.get("/themes").text
    assert "<svg" in html and f'href="/theme/{built.themes["gap"]}?period=2017"' in html
    year = client.get(f"/theme/{built.themes['gap']}", params={"period": "2018"}).text
    assert "£3.1bn" in year and "£2bn" not in year


def test_figure_timeline_points_link_to_their_sentences(client, built):
    html = client.get("/timeline", params={"measure": "funding gap"}).text
    for key in ("figure:gap2017", "figure:gap2018"):
        _, fid = built.items[key]
        doc = built.docs[key.split(":")[1]]
        assert f'href="/doc/{doc}#item-figure-{fid}"' in html


def test_semantic_search_says_what_to_run_when_there_are_no_embeddings(client):
    html = client.get("/search", params={"q": "money", "mode": "semantic"}).text
    assert "E113" not in html and "policytrail analyse" in html


def test_semantic_search_ranks_items_by_stored_vectors(tmp_path):
    built = build(tmp_path / "sem.db")
    store = Store.open(built.path)
    vocab = ["demand", "placements", "gap"]

    def encode(texts: list[str]) -> np.ndarray:  # a toy encoder: counts of three words
        return np.array([[t.lower().count(w) + 0.01 for w in vocab] for t in texts], "float32")

    rows = []
    for table in s.ITEM_TABLES.values():
        for r in store.execute(f'SELECT text FROM "{table.name}"'):
            vec = encode([r["text"]])[0]
            rows.append(
                dict(text_hash=text_hash(r["text"]), model="toy", dim=3, vector=vec.tobytes())
            )
    with store.transaction() as conn:
        conn.execute(insert(s.embedding), rows)
    store.close()
    with TestClient(create_app(built.path, encoder=encode)) as c:
        html = c.get("/search", params={"q": "demand", "mode": "semantic"}).text
    first = re.search(r'<p class="snippet">(.*?)</p>', html, re.S).group(1)
    assert "demand" in first.lower()
