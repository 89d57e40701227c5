"""``policytrail evaluate``: extract a folder of plain-text documents and score the result.

Writes ``predictions.jsonl`` in the format of ``../shared/eval/README.md`` (one object per
document, ``doc`` = the file name, offsets into the file's text as decoded from UTF-8) and,
given a gold file, runs the shared scorer (``eval/score.py``) on it and returns its table.
The scorer is run as its own process, exactly as a reviewer would run it, so the numbers the
tool reports are the scorer's and not a re-implementation's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from pipeline.errors import E, PolicytrailError
from pipeline.extract.run import extract_texts

SIDECAR_SUFFIXES = (".meta.json", ".json")


def shared_dir() -> Path:
    """``POLICYTRAIL_SHARED``, else ``../shared`` beside the repository."""
    env = os.environ.get("POLICYTRAIL_SHARED")
    candidates = [Path(env)] if env else []
    candidates.append(Path(__file__).resolve().parents[2] / "shared")
    for c in candidates:
        if (c / "eval" / "score.py").is_file():
            return c
    raise PolicytrailError(E.E044, looked=", ".join(str(c) for c in candidates))


def read_meta(path: Path) -> dict[str, Any]:
    """Metadata from a sidecar (``doc.txt.meta.json``, ``doc.meta.json`` or ``doc.json``)."""
    for candidate in (path.with_name(path.name + ".meta.json"),
                      path.with_suffix(".meta.json"), path.with_suffix(".json")):
        if candidate.is_file():
            try:
                data = json.loads(candidate.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError) as exc:
                raise PolicytrailError(E.E017, sidecar=str(candidate), detail=str(exc)) from None
            if isinstance(data, dict):
                return {k: data.get(k) for k in ("title", "publisher", "published", "kind")
                        if data.get(k) is not None}
    return {}


def prediction_of(name: str, result: Any) -> dict[str, Any]:
    """One line of ``predictions.jsonl``."""
    return {
        "doc": name,
        "figures": [{"start": f.start, "end": f.end, "value": f.value, "unit": f.unit,
                     "qualifier": f.qualifier, "measure": f.measure, "time": f.time,
                     "source": f.source} for f in result.figures],
        "recommendations": [{"start": r.start, "end": r.end, "actor": list(r.actors),
                             "issuer": r.issuer, "deadline": r.deadline, "kind": r.kind}
                            for r in result.recommendations],
        "quotes": [{"start": q.start, "end": q.end, "speaker": q.speaker, "org": q.org,
                    "direct": q.direct} for q in result.quotes],
    }


def evaluate(docs_dir: str | os.PathLike[str], out_dir: str | os.PathLike[str],
             gold: str | os.PathLike[str] | None = None,
             threads: str | os.PathLike[str] | None = None) -> str:
    """Extract every ``*.txt`` in ``docs_dir``, write predictions, score against ``gold``.

    Returns the scorer's table (or a one-line summary when no gold is given). ``threads`` is
    the gold threads file: it is passed to the scorer with ``threads.json`` from ``out_dir``
    once the analyse stage writes one.
    """
    docs = Path(docs_dir)
    files = sorted(p for p in docs.glob("*.txt") if p.is_file())
    if not files:
        raise PolicytrailError(E.E043, path=str(docs))
    texts = [(p.read_text(encoding="utf-8"), read_meta(p)) for p in files]
    results = extract_texts(texts, keys=[p.name for p in files])
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    predictions = out / "predictions.jsonl"
    with predictions.open("w", encoding="utf-8") as fh:
        for result in results:
            fh.write(json.dumps(prediction_of(result.key, result), ensure_ascii=False) + "\n")
    if gold is None:
        n = sum(r.n_items for r in results)
        return f"{len(files)} documents, {n} items -> {predictions}"
    gold_path = Path(gold)
    if not gold_path.is_file():
        raise PolicytrailError(E.E104, path=str(gold_path), detail="no such file")
    scorer = shared_dir() / "eval" / "score.py"
    cmd = [sys.executable, str(scorer), str(gold_path), str(predictions)]
    predicted_threads = out / "threads.json"
    if threads is not None and predicted_threads.is_file():
        cmd += ["--threads", str(threads), str(predicted_threads)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise PolicytrailError(E.E045, detail=(proc.stderr or proc.stdout).strip()[-500:])
    return proc.stdout


def score_json(gold: str | os.PathLike[str], predictions: str | os.PathLike[str]) -> dict:
    """The scorer's numbers as a dict (``score.py --json``)."""
    scorer = shared_dir() / "eval" / "score.py"
    proc = subprocess.run([sys.executable, str(scorer), str(gold), str(predictions), "--json"],
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise PolicytrailError(E.E045, detail=(proc.stderr or proc.stdout).strip()[-500:])
    return json.loads(proc.stdout)
