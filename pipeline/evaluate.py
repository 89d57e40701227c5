"""``policytrail evaluate``: the whole pipeline on a folder of plain-text documents, scored.

The folder goes through the same stages a researcher's corpus does (ingest, extract,
analyse) in a temporary store, or the one given with ``db``. Then ``predictions.jsonl`` is
written in the format of ``../shared/eval/README.md`` (one object per document, ``doc`` =
the file name, offsets into the file's text as decoded from UTF-8) with ``threads.json``
beside it, and given gold the shared scorer (``eval/score.py``) is run on them as its own
process, exactly as a reviewer would, so the numbers reported are the scorer's own.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from pipeline.errors import E, PolicytrailError
from pipeline.settings import Settings
from pipeline.store.db import Store
from pipeline.store.items import list_items


def shared_dir() -> Path:
    """``POLICYTRAIL_SHARED``, else ``../shared`` beside the repository."""
    env = os.environ.get("POLICYTRAIL_SHARED")
    candidates = [Path(env)] if env else []
    candidates.append(Path(__file__).resolve().parents[2] / "shared")
    for c in candidates:
        if (c / "eval" / "score.py").is_file():
            return c
    raise PolicytrailError(E.E044, looked=", ".join(str(c) for c in candidates))


def prediction_of(name: str, items: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """One line of ``predictions.jsonl`` from a document's stored items."""
    return {
        "doc": name,
        "figures": [
            {
                "start": f["start"],
                "end": f["end"],
                "value": f["value"],
                "unit": f["unit"],
                "qualifier": f["qualifier"],
                "measure": f["measure"],
                "time": f["time_ref"],
                "source": f["source"],
            }
            for f in items["figure"]
        ],
        "recommendations": [
            {
                "start": r["start"],
                "end": r["end"],
                "actor": list(r["actors"] or []),
                "issuer": r["issuer"],
                "deadline": r["deadline"],
                "kind": r["kind"],
            }
            for r in items["recommendation"]
        ],
        "quotes": [
            {
                "start": q["start"],
                "end": q["end"],
                "speaker": q["speaker"],
                "org": q["organisation"],
                "direct": q["direct"],
            }
            for q in items["quote"]
        ],
    }


def run_pipeline(store: Store, files: list[Path], settings: Settings) -> dict[int, str]:
    """Ingest, extract and analyse ``files``; return document id -> file name.

    A file that fails to ingest is reported, not fatal: the scorer counts its gold items as
    missed, which is the honest result.
    """
    from pipeline.acquire.ingest import ingest_paths
    from pipeline.analyse.run import analyse
    from pipeline.extract.incremental import extract_store

    report = ingest_paths(store, [str(f) for f in files], settings)
    for failed in report.failed:
        print(f"policytrail: error: {failed.input}: {failed.message}", file=sys.stderr)
    names = {o.document_id: Path(o.input).name for o in report.outcomes if o.document_id}
    extract_store(store)
    if any(store.stats()[k] for k in ("figures", "recommendations", "quotes")):
        analyse(store)
    return names


def evaluate(
    docs_dir: str | os.PathLike[str],
    out_dir: str | os.PathLike[str],
    gold: str | os.PathLike[str] | None = None,
    threads: str | os.PathLike[str] | None = None,
    db: str | os.PathLike[str] | None = None,
    settings: Settings | None = None,
) -> str:
    """Run the pipeline on every ``*.txt`` in ``docs_dir``, write predictions and threads,
    and score them against ``gold`` (and ``threads``, the gold threads) when given.

    Returns the scorer's table, or a one-line summary without gold.
    """
    from pipeline.analyse.export import write_threads_json

    docs = Path(docs_dir)
    files = sorted(p for p in docs.glob("*.txt") if p.is_file())
    if not files:
        raise PolicytrailError(E.E043, path=str(docs))
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    predictions = out / "predictions.jsonl"
    predicted_threads = out / "threads.json"
    with tempfile.TemporaryDirectory(prefix="policytrail-eval-") as tmp:
        store = Store.open(db or Path(tmp) / "evaluate.db")
        try:
            names = run_pipeline(store, files, settings or Settings())
            n_items = 0
            with predictions.open("w", encoding="utf-8") as fh:
                for doc_id, name in sorted(names.items(), key=lambda kv: kv[1]):
                    items = {
                        k: list_items(store, k, _doc_filter(doc_id), with_sentence=False)
                        for k in ("figure", "recommendation", "quote")
                    }
                    n_items += sum(len(v) for v in items.values())
                    fh.write(json.dumps(prediction_of(name, items), ensure_ascii=False) + "\n")
            n_threads = write_threads_json(store, predicted_threads, names)
        finally:
            store.close()
    if gold is None:
        return (
            f"{len(files)} documents, {n_items} items, {n_threads} threads -> "
            f"{predictions}, {predicted_threads}"
        )
    gold_path = Path(gold)
    if not gold_path.is_file():
        raise PolicytrailError(E.E104, path=str(gold_path), detail="no such file")
    cmd = [
        sys.executable,
        str(shared_dir() / "eval" / "score.py"),
        str(gold_path),
        str(predictions),
    ]
    if threads is not None:
        cmd += ["--threads", str(threads), str(predicted_threads)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise PolicytrailError(E.E045, detail=(proc.stderr or proc.stdout).strip()[-500:])
    return proc.stdout


def _doc_filter(doc_id: int) -> Any:
    from pipeline.store.items import ItemFilter

    return ItemFilter(document_id=doc_id)


def score_json(
    gold: str | os.PathLike[str],
    predictions: str | os.PathLike[str],
    threads: tuple[str | os.PathLike[str], str | os.PathLike[str]] | None = None,
) -> dict:
    """The scorer's numbers as a dict (``score.py --json``); ``threads`` = (gold, predicted)."""
    scorer = shared_dir() / "eval" / "score.py"
    cmd = [sys.executable, str(scorer), str(gold), str(predictions), "--json"]
    if threads is not None:
        cmd += ["--threads", str(threads[0]), str(threads[1])]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise PolicytrailError(E.E045, detail=(proc.stderr or proc.stdout).strip()[-500:])
    return json.loads(proc.stdout)
