"""Exports: every table in every format, readable back, with lists kept as lists."""

from __future__ import annotations

import csv
import json

import pandas as pd
import pytest

from pipeline.errors import PolicytrailError
from pipeline.store.db import Store
from pipeline.store.export import FORMATS, WHATS, Filters, export
from tests.web import conftest as web_fixtures

built = web_fixtures.built  # the corpus store the web tests use, built once per session


@pytest.fixture
def store(built):
    st = Store.open(built.path, create=False)
    yield st
    st.close()


@pytest.mark.parametrize("what", WHATS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_table_exports_in_every_format(store, tmp_path, what, fmt):
    out = tmp_path / f"{what}.{fmt}"
    n = export(store, what, fmt, out)
    assert n > 0 and out.exists() and not out.with_name(out.name + ".part").exists()
    if fmt == "csv":
        rows = list(csv.DictReader(out.open(encoding="utf-8")))
    elif fmt == "jsonl":
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    else:
        rows = pd.read_parquet(out).to_dict("records")
    assert len(rows) == n


def test_recommendation_export_keeps_provenance_and_status(store, tmp_path, built):
    out = tmp_path / "recs.jsonl"
    export(store, "recs", "jsonl", out, Filters(status="overdue"))
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {r["document"] for r in rows} == {built.docs["gap2017"], built.docs["gap2018"]}
    for r in rows:
        assert r["actors"] == ["Department for Education"]
        assert r["text"] in r["sentence"] and r["url"].startswith("https://")


def test_csv_writes_lists_as_json_text(store, tmp_path):
    out = tmp_path / "recs.csv"
    export(store, "recs", "csv", out)
    row = next(csv.DictReader(out.open(encoding="utf-8")))
    assert json.loads(row["actors"]) == ["Department for Education"]


def test_parquet_keeps_actor_lists(store, tmp_path):
    out = tmp_path / "recs.parquet"
    export(store, "recs", "parquet", out)
    assert list(pd.read_parquet(out)["actors"].iloc[0]) == ["Department for Education"]


def test_unknown_table_or_format_is_refused(store, tmp_path):
    with pytest.raises(PolicytrailError, match="E110"):
        export(store, "people", "csv", tmp_path / "x.csv")
    with pytest.raises(PolicytrailError, match="E110"):
        export(store, "recs", "xlsx", tmp_path / "x.xlsx")
