"""Shared fixtures: real stores in temp dirs, the CLI as a real subprocess, ../shared."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def shared_dir() -> Path | None:
    """../shared beside the repository (or POLICYTRAIL_SHARED), if present."""
    from pipeline.errors import PolicytrailError
    from pipeline.evaluate import shared_dir as find_shared

    try:
        return find_shared()
    except PolicytrailError:
        return None


@pytest.fixture(scope="session")
def shared() -> Path:
    """The shared seeds/gold/eval folder; required in CI, skipped in a user's clone."""
    found = shared_dir()
    if found is None:
        if os.environ.get("POLICYTRAIL_REQUIRE_SHARED"):
            pytest.fail("../shared is required in CI (POLICYTRAIL_REQUIRE_SHARED) but absent")
        pytest.skip("needs ../shared (seeds, gold, eval scorer), absent in this clone")
    return found


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "store.db"


@pytest.fixture
def store(db_path: Path):
    from pipeline.store.db import Store

    st = Store.open(db_path)
    yield st
    st.close()


def run_cli(
    *args: str, check: bool = False, timeout: float = 300, **kw
) -> subprocess.CompletedProcess:
    """Run ``policytrail ARGS`` as a real process, as a user would."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONWARNINGS": "ignore", "COLUMNS": "200"}
    env.update(kw.pop("env", {}))
    wrap = list(kw.pop("wrap", []))  # e.g. a setpriv command line to drop privileges
    proc = subprocess.run(
        [*wrap, sys.executable, "-m", "pipeline.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        cwd=kw.pop("cwd", REPO),
        **kw,
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"policytrail {' '.join(args)} -> {proc.returncode}\n{proc.stderr}")
    return proc


@pytest.fixture
def cli():
    return run_cli
