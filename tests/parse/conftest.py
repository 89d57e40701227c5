"""Fixtures for the parser tests: generated input files and default settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.settings import Settings
from tests.fixtures import build


@pytest.fixture(scope="session")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every fixture from tests/fixtures/build.py except the 50 MB page, written once."""
    directory = tmp_path_factory.mktemp("parse-fixtures")
    return {
        name: writer(directory) for name, writer in build.ALL_WRITERS.items() if name != "huge_html"
    }


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings()
