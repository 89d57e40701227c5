"""The Python API: DataFrames with provenance, filters that mean what the web UI means."""

from __future__ import annotations

import pytest

from pipeline.api import open_store
from pipeline.errors import PolicytrailError
from tests.web import conftest as web_fixtures
from tests.web.corpus import DOCS

PROVENANCE = ["document", "url", "date", "start", "end", "sentence"]


built = web_fixtures.built  # the corpus store the web tests use, built once per session


@pytest.fixture
def corpus(built):
    c = open_store(built.path)
    yield c
    c.close()


def test_every_item_frame_carries_provenance_that_points_at_its_words(corpus):
    for frame in (corpus.figures(), corpus.recommendations(), corpus.quotes()):
        assert set(PROVENANCE) <= set(frame.columns)
        for row in frame.itertuples():
            text = corpus.document_text(row.document)
            assert text[row.start : row.end] == row.text
            assert row.text in row.sentence


def test_recommendations_filter_by_thread_status(corpus, built):
    overdue = corpus.recommendations(status="overdue")
    assert sorted(overdue["document"]) == sorted([built.docs["gap2017"], built.docs["gap2018"]])
    assert set(overdue["status"]) == {"overdue"}
    assert list(corpus.recommendations(status="addressed")["document"]) == [built.docs["pac2019"]]


def test_recommendations_filter_by_issuer_and_deadline(corpus, built):
    pac = corpus.recommendations(issuer="public accounts")
    assert list(pac["document"]) == [built.docs["pac2019"]]
    due = corpus.recommendations(deadline_before="2019")
    assert list(due["deadline"]) == ["2018"]


def test_date_range_keeps_documents_published_inside_it(corpus, built):
    figs = corpus.figures(since="2018", until="2018-12")
    assert list(figs["document"]) == [built.docs["gap2018"]]


def test_theme_filter_accepts_a_label_or_an_id(corpus, built):
    by_label = corpus.figures(theme="funding")
    by_id = corpus.figures(theme=built.themes["gap"])
    assert sorted(by_label["id"]) == sorted(by_id["id"]) and len(by_id) == 3
    assert corpus.quotes(theme="placements")["speaker"].tolist() == ["Jo Baker", "Jo Baker"]


def test_quotes_filter_by_speaker(corpus):
    assert len(corpus.quotes(speaker="baker")) == 2
    assert corpus.quotes(speaker="nobody").empty


def test_themes_over_time_counts_members_per_year(corpus, built):
    tidy = corpus.themes_over_time()
    gap = tidy[tidy["theme"] == built.themes["gap"]].set_index("period")["n"].to_dict()
    assert gap == {"2017": 2, "2018": 1, "2019": 1}
    themes = corpus.themes()
    assert themes.loc[built.themes["gap"], "prevalence"] == gap


def test_threads_to_an_actor_with_a_status(corpus, built):
    overdue = corpus.threads(actor="Department for Education", status="overdue")
    assert list(overdue["thread"]) == [built.threads["plan"]]


def test_thread_evidence_comes_in_date_order(corpus, built):
    members, evidence = corpus.thread(built.threads["plan"])
    assert list(evidence["date"]) == sorted(evidence["date"])
    assert list(evidence["status"]) == ["open", "repeated"]
    assert list(members["role"]) == ["origin", "repeat"]


def test_documents_full_text_filter(corpus):
    docs = corpus.documents(text="framework")
    assert list(docs["title"]) == [DOCS["response2021"]["title"]]


def test_bad_filter_values_raise_one_known_error(corpus):
    with pytest.raises(PolicytrailError, match="E110"):
        corpus.recommendations(status="lost")
    with pytest.raises(PolicytrailError, match="E110"):
        corpus.figures(since="last year")


def test_missing_store_is_an_error_not_a_new_empty_file(tmp_path):
    with pytest.raises(PolicytrailError, match="E101"):
        open_store(tmp_path / "typo.db")
    assert not (tmp_path / "typo.db").exists()
