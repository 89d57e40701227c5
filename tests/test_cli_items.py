"""The extraction commands end to end: ingest, extract (incremental), item listings."""

from __future__ import annotations

import csv
import io
import json

import pytest

PRESS_RELEASE = """\
title = "Councils warn of widening gap in children's services funding"
publisher = "Local Government Association"
published = "2019-03-04"
kind = "press release"
"""

BODY = (
    "Councils in England face a £2.4 billion funding gap in children's services by 2026, "
    "new analysis by the Local Government Association shows.\n\n"
    "The Government must use the spending review to close this gap, the association said.\n\n"
    "Cllr Joan Fairbrother, who leads on social care for the LGA, said: "
    '"Councils cannot keep protecting vulnerable children on budgets that shrink every '
    'year."\n'
)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    from tests.conftest import run_cli

    root = tmp_path_factory.mktemp("cli_items")
    (root / "release.txt").write_text(BODY, encoding="utf-8")
    (root / "release.txt.meta.toml").write_text(PRESS_RELEASE, encoding="utf-8")
    db = root / "store.db"
    run_cli("--db", str(db), "-q", "ingest", str(root), check=True)
    first = run_cli("--db", str(db), "-q", "extract", check=True)
    return db, first


def test_extract_stores_items_and_a_second_run_does_nothing(extracted, cli):
    db, first = extracted
    assert "1 documents extracted" in first.stdout
    again = cli("--db", str(db), "-q", "extract", check=True)
    assert "0 documents extracted" in again.stdout


def test_figures_listing_gives_value_unit_and_provenance_as_json(extracted, cli):
    db, _ = extracted
    rows = json.loads(cli("--db", str(db), "figures", "--unit", "GBP", "--json", check=True).stdout)
    gap = [r for r in rows if abs((r["value"] or 0) - 2.4e9) < 1e6]
    assert gap, rows
    row = gap[0]
    assert row["date"] == "2019-03-04"
    assert BODY[row["start"] : row["end"]] == row["text"]


def test_recs_listing_filters_by_actor_and_writes_csv(extracted, cli):
    db, _ = extracted
    out = cli("--db", str(db), "recs", "--actor", "Government", "--csv", check=True).stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert any("spending review" in r["text"] for r in rows), out
    none = cli("--db", str(db), "recs", "--actor", "Ofsted", "--json", check=True).stdout
    assert json.loads(none) == []


def test_quotes_listing_resolves_the_speaker(extracted, cli):
    db, _ = extracted
    rows = json.loads(cli("--db", str(db), "quotes", "--json", check=True).stdout)
    assert any(r["speaker"] == "Joan Fairbrother" for r in rows), rows


def test_bad_status_filter_is_a_one_line_error(extracted, cli):
    db, _ = extracted
    proc = cli("--db", str(db), "recs", "--status", "pending")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "status" in proc.stderr


def test_extract_mirrors_the_actor_gazetteer_into_the_store(extracted):
    import sqlite3

    db, _ = extracted
    con = sqlite3.connect(db)
    rows = {
        n: (k, json.loads(a or "[]"), s)
        for n, k, a, s in con.execute("SELECT name, kind, aliases, successor FROM actor")
    }
    con.close()
    kind, aliases, _ = rows["Department for Education"]
    assert "DfE" in aliases
    renamed = [n for n, (_, _, succ) in rows.items() if succ]
    assert renamed, "renamed departments keep their successor"
