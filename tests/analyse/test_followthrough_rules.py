"""The follow-through cue lists on sentences of our own (several sectors)."""

from __future__ import annotations

import numpy as np
import pytest

from pipeline.analyse import followthrough
from pipeline.analyse.followthrough import classify, classify_rules


@pytest.mark.parametrize(
    "sentence",
    [
        "The Department has not yet implemented our recommendation.",
        "The Home Office has still not published the strategy it promised.",
        "The new inspection framework is yet to be introduced.",
        "No progress has been made on the review of hospital parking charges.",
        "The Ministry has failed to deliver the promised courts programme.",
        "The register of landlords is not yet in place.",
        "The Department hasn't published the data.",
    ],
)
def test_progress_not_made_is_never_a_report_of_action(sentence):
    assert classify_rules(sentence) == "none"


@pytest.mark.parametrize(
    "sentence,label",
    [
        ("Recommendation implemented.", "addressed"),
        ("The Department has now published its analysis of waiting times.", "addressed"),
        ("The Government has not accepted the recommendation.", "rejected"),
        ("The Government accepts this recommendation.", "accepted"),
    ],
)
def test_done_rejected_and_accepted_keep_their_labels(sentence, label):
    assert classify_rules(sentence) == label


def test_progress_not_made_is_not_left_to_the_regression(monkeypatch):
    """The regression sees "published" and may guess addressed; the cue is sure."""

    class SaysAddressed:
        method = "hybrid"

        def predict(self, vectors):
            return [("addressed", 0.9)] * len(vectors)

    monkeypatch.setattr(followthrough, "load_model", lambda: SaysAddressed())
    texts = ["The Department has still not published the strategy.", "Councils were consulted."]
    labels = classify(texts, np.zeros((2, 4), np.float32))
    assert labels == [("none", 1.0), ("addressed", 0.9)]
