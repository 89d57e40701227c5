"""extract_texts: items with exact offsets, long inputs in chunks, bad input rejected."""

from __future__ import annotations

import pytest

from pipeline.extract.run import EXTRACTOR_VERSION, chunks, extract_texts


def test_chunks_rejoin_to_the_original_text():
    text = ("A paragraph of words. " * 30 + "\n\n") * 40 + "x" * 5000
    parts = chunks(text, size=1000)
    assert "".join(parts) == text
    assert all(len(p) <= 1000 for p in parts)


def test_offsets_point_at_the_item_text_in_a_chunked_document(pt_nlp, monkeypatch):
    import pipeline.extract.run as run_module

    monkeypatch.setattr(run_module, "CHUNK_CHARS", 400)
    filler = "The weather was mild and the meeting ran late into the evening.\n\n" * 12
    text = filler + "The Home Office should publish its figures every month.\n\n" + filler
    result = extract_texts([(text, {})], nlp=pt_nlp)[0]
    rec = result.recommendations[0]
    assert text[rec.start:rec.end] == rec.text
    assert rec.actors == ["Home Office"]


def test_results_keep_input_order_and_keys(pt_nlp):
    texts = [("Ministers should act.", {}), ("Nothing to see.", {}),
             ("The Cabinet Office must report.", {})]
    results = extract_texts(texts, nlp=pt_nlp, keys=["a", "b", "c"])
    assert [r.key for r in results] == ["a", "b", "c"]
    assert [len(r.recommendations) for r in results] == [1, 0, 1]
    assert results[0].extractor_version == EXTRACTOR_VERSION


def test_non_text_input_is_a_type_error(pt_nlp):
    with pytest.raises(TypeError):
        extract_texts([(b"bytes", {})], nlp=pt_nlp)
