"""Themes: labels that name a topic, clustering that holds at scale, cheap increments.

The label texts are our own: public libraries, where "library", "council" and "services" are in
nearly every sentence and so must name no theme.
"""

from __future__ import annotations

import numpy as np
from sqlalchemy import select

from pipeline.analyse.run import analyse
from pipeline.analyse.themes import ThemeSettings, cluster, label_themes, phrase_tokens
from pipeline.store import schema as s

from .conftest import Doc, add_doc

HOURS = [
    "The council cut library opening hours again, leaving services closed on Saturdays.",
    "Shorter opening hours at the central library worried users of council services.",
    "Library opening hours fell by a fifth as councils trimmed services.",
    "Campaigners want longer opening hours for every branch library the council runs.",
    "Council services staff said reduced opening hours hit the library's busiest days.",
    "Opening hours were restored at two libraries after the council reviewed services.",
]
VANS = [
    "The council will retire its mobile library vans, ending services to outlying villages.",
    "Mobile library vans visit forty villages a fortnight, council services data show.",
    "Villagers rely on mobile library vans since the council closed local services.",
    "A charity offered to run the mobile library vans the council could no longer fund.",
    "Library services in the county depend on three mobile library vans.",
    "The council replaced its ageing mobile library vans with smaller electric ones.",
]
GRANTS = [
    "Arts Council England grants paid for reading groups in the library's services.",
    "The council won Arts Council England grants to refit its library services.",
    "Library services bid for Arts Council England grants to fund a makerspace.",
    "Without Arts Council England grants the council's library services would shrink.",
    "Two rounds of Arts Council England grants kept library services open late.",
    "The council matched Arts Council England grants for library services from reserves.",
]
GENERIC = {"library", "council", "services", "library services", "council services"}


def test_phrase_tokens_break_at_stop_words_numbers_and_punctuation():
    toks = phrase_tokens(
        "The council should publish a plan for mobile library vans, by 2019 (item 3)."
    )
    assert toks == [
        *("council", "|", "publish", "|", "plan", "|", "mobile", "library", "vans", "|"),
        *("item", "|"),
    ]


def test_labels_name_the_topic_not_the_corpus():
    labels = label_themes([HOURS, VANS, GRANTS])
    assert [t.label for t in labels] == [
        "opening hours",
        "mobile library vans",
        "Arts Council England grants",
    ]
    for t in labels:
        assert not GENERIC & {t.label.lower(), *t.keywords}, t
        assert t.keywords and t.keywords[0] == t.label.lower(), t
        # a phrase and its parts are not all listed
        assert not any(a != b and f" {a} " in f" {b} " for a in t.keywords for b in t.keywords)


def test_label_needs_a_phrase_most_documents_share():
    # "volunteers" is frequent but in one document only: the theme's documents do not share it
    named = label_themes([GRANTS + ["Volunteers, volunteers and more volunteers."], HOURS])
    assert named[0].label == "Arts Council England grants"
    assert "volunteers" not in named[0].keywords


def test_label_of_a_single_theme_and_of_stop_words_only():
    assert label_themes([VANS])[0].label == "mobile library vans"
    assert label_themes([["It is what it is.", "And so on."]])[0].label == "(unlabelled)"
    assert label_themes([]) == []


def _blobs(n: int, k: int, dim: int = 48, spread: float = 0.35, seed: int = 0):
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(k, dim))
    truth = rng.integers(0, k, n)
    x = centres[truth] / np.linalg.norm(centres[truth], axis=1, keepdims=True)
    x = x + rng.normal(0, spread / np.sqrt(dim), (n, dim))
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32), truth


def test_micro_cluster_path_finds_the_themes_direct_clustering_finds():
    from sklearn.metrics import adjusted_rand_score

    x, truth = _blobs(3000, 12)
    direct = cluster(x, ThemeSettings(direct_limit=10_000))
    micro = cluster(x, ThemeSettings(direct_limit=500, micro_size=25))
    assert len(set(direct.tolist()) - {-1}) == 12
    assert len(set(micro.tolist()) - {-1}) == 12
    assert adjusted_rand_score(direct, micro) > 0.95
    assert adjusted_rand_score(truth, micro) > 0.95


def test_increment_writes_only_new_memberships(corpus_store):
    analyse(corpus_store)
    tm = s.theme_member.c
    q = select(tm.theme_id, tm.item_type, tm.item_id, tm.score)
    before = {(r["item_type"], r["item_id"]): r for r in corpus_store.execute(q)}
    add_doc(
        corpus_store,
        Doc(
            "later.txt",
            "Routes cut again\n\nThe Department for Transport should publish a strategy for "
            "rural bus services without further delay.\n",
            "2020-02-01",
            "Transport News",
            "news",
            "Routes cut again",
            recs=[
                (
                    "The Department for Transport should publish a strategy for rural bus "
                    "services without further delay.",
                    {"actors": ["Department for Transport"]},
                )
            ],
        ),
    )
    summary = analyse(corpus_store)
    after = {(r["item_type"], r["item_id"]): r for r in corpus_store.execute(q)}
    assert summary["items_joined"] >= 1
    assert len(after) == len(before) + summary["items_joined"]
    assert all(after[k] == v for k, v in before.items())  # old rows untouched
    labels = [r["label"] for r in corpus_store.execute(select(s.theme.c.label))]
    assert all(" / " not in lab and lab != "(unlabelled)" for lab in labels), labels
