"""Fixtures for the interface tests: one corpus store per session (read-only use)."""

from __future__ import annotations

import pytest

from tests.web.corpus import Built, build


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The test corpus, built once: every interface test only reads it."""
    return build(tmp_path_factory.mktemp("corpus") / "corpus.db")
