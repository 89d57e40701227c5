"""The full extraction pipeline, loaded once per test session (it takes seconds)."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.extract.nlp import load_nlp


@pytest.fixture(scope="session")
def pt_nlp() -> Language:
    return load_nlp()


@pytest.fixture()
def run(pt_nlp: Language):
    """Process one text with optional metadata, as :func:`extract_texts` does."""
    from pipeline.extract.run import extract_texts

    def _run(text: str, **meta: object):
        return extract_texts([(text, meta)], nlp=pt_nlp)[0]

    return _run


@pytest.fixture()
def parse(pt_nlp: Language):
    """The processed Doc, for tests that look at regions and actor mentions."""
    from pipeline.extract.run import _documents

    def _parse(text: str, **meta: object) -> Doc:
        return next(_documents(pt_nlp, [(text, dict(meta))], 1, 1))

    return _parse
