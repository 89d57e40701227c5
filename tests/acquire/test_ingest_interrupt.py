"""A batch killed with SIGKILL part way leaves only whole documents; a re-run completes it."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import REPO

N_FILES = 400


def make_corpus(folder: Path) -> dict[str, str]:
    texts = {}
    for i in range(N_FILES):
        body = "\n\n".join(
            f"Paragraph {j} of briefing {i}: councils reported rising demand for placements."
            for j in range(40)
        )
        p = folder / f"briefing_{i:04d}.txt"
        p.write_text(body, encoding="utf-8")
        texts[str(p)] = body
    return texts


def stored(db: Path) -> list[tuple[str, str]]:
    con = sqlite3.connect(db, timeout=30)
    try:
        return con.execute("SELECT source_path, text FROM document").fetchall()
    except sqlite3.OperationalError:  # not created yet
        return []
    finally:
        con.close()


def test_kill_9_mid_ingest_leaves_whole_documents_and_rerun_completes(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    texts = make_corpus(corpus)
    db = tmp_path / "store.db"
    cmd = [sys.executable, "-m", "pipeline.cli", "--db", str(db), "-q", "ingest", str(corpus)]
    proc = subprocess.Popen(
        cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(stored(db)) < 20:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # the CLI and its parser workers, all at once
    proc.wait()
    partial = stored(db)
    assert 0 < len(partial) < N_FILES, "the kill must land part way through the batch"
    for path, text in partial:  # every stored document is whole
        assert text == texts[path]

    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()

    rerun = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{len(partial)} unchanged" in rerun.stdout
    final = stored(db)
    assert len(final) == N_FILES
    assert {p for p, _ in final} == set(texts)
    assert all(t == texts[p] for p, t in final)
