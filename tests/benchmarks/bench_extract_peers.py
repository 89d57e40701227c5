"""Side by side: policytrail's extraction against peer tools on the same data (a benchmark,
not a test: it prints figures and fails only when a tool cannot run).

1. On ../shared/seeds, in one run, every system's predictions scored by the shared scorer
   (../shared/eval/score.py) against ../shared/gold/seeds.jsonl:
   figures          spaCy NER entities (MONEY, PERCENT, CARDINAL, QUANTITY), quantulum3
   quotes           textacy's ``direct_quotations``
   recommendations  a modal-verb regex: a sentence with should / must / ought to / need to /
                    has to / recommend / urge / call on, its actor the sentence's grammatical
                    subject (or none)
   and policytrail for all three: the predictions ``policytrail evaluate`` writes (ingest,
   extract, analyse), so the row is the product's own result, not a re-assembly of it.
2. On ../shared/peer/quantulum3/quantities.json, restricted to money, percentages and plain
   counts: value-and-unit accuracy of policytrail's extraction next to quantulum3's own.
3. On ../shared/peer/semeval2019_task9_suggestions (SemEval-2019 Task 9, subtask A,
   suggestion mining; forum text, out of domain): precision, recall and F1 of policytrail's
   recommendation-sentence detector, with the modal-verb regex beside it. A sentence is
   positive when the recommendations component emits an item for it.

Run:  .venv/bin/python tests/benchmarks/bench_extract_peers.py [--shared DIR]
Needs the ``bench`` extra (quantulum3, stemming, textacy). quantulum3 ships a classifier
pickled with an old scikit-learn; when it cannot be loaded it is retrained once into a
temporary folder with quantulum3's own training function, as its documentation prescribes.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from pipeline.evaluate import evaluate, shared_dir  # noqa: E402
from pipeline.extract.nlp import MODEL_PACKAGE, load_nlp, own_components  # noqa: E402
from pipeline.extract.recommendations import RecommendationsComponent  # noqa: E402
from pipeline.extract.run import extract_texts  # noqa: E402
from pipeline.extract.types import Region, items_of, register_extensions  # noqa: E402

KINDS = ("figures", "quotes", "recommendations")
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
# The baseline's cue words: modal and near-modal verbs of obligation and the verbs that ask.
MODAL = re.compile(
    r"\b(?:should|must|ought\s+to|needs?\s+to|ha(?:s|ve)\s+to|recommend(?:s|ed|ing)?|"
    r"urge[sd]?|urging|call(?:s|ed)?\s+(?:on|upon))\b",
    re.I,
)
SUBJECT_DEPS = ("nsubj", "nsubjpass")
SEMEVAL_FILES = {
    "evaluation (833)": "SubtaskA_EvaluationData_labeled.csv",
    "trial test (592)": "SubtaskA_Trial_Test_Labeled.csv",
}

Document = tuple[str, str, dict]  # file name, text, gold metadata
Predictions = dict[str, dict[str, list[dict]]]  # file name -> kind -> items
System = tuple[tuple[str, ...], Callable[[list[Document]], Predictions]]  # kinds it covers


# -- the peers, each documents -> predictions ----------------------------------------------


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


def per_document(kind: str, run: Callable[[str], list[dict]]) -> Callable[[list[Document]],
                                                                          Predictions]:
    """A system that reads one document at a time and finds one kind of item."""

    def predict(docs: list[Document]) -> Predictions:
        return {name: {kind: run(text)} for name, text, _ in docs}

    return predict


def spacy_ner(nlp: Language) -> Callable[[str], list[dict]]:
    def run(text: str) -> list[dict]:
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


def quantulum(clf_path: str) -> Callable[[str], list[dict]]:
    from quantulum3 import parser

    def run(text: str) -> list[dict]:
        out = []
        for q in parser.parse(text, classifier_path=clf_path):
            unit, mult = QUANTULUM_UNITS.get(q.unit.name, (q.unit.name.lower(), 1.0))
            out.append({"start": q.span[0], "end": q.span[1], "value": q.value * mult,
                        "unit": unit})
        return out

    return run


def textacy_quotes(nlp: Language, failures: list[str]) -> Callable[[str], list[dict]]:
    """textacy's direct quotations: the quoted span, the speaker tokens it names.

    textacy refuses a document with an odd number of quotation marks (it cannot tell which
    is unclosed); such a document gets no quotes and is listed in ``failures``.
    """
    from textacy.extract.triples import direct_quotations

    def run(text: str) -> list[dict]:
        try:
            found = list(direct_quotations(nlp(text)))
        except ValueError as exc:
            failures.append(str(exc).split(";")[0])
            return []
        return [{"start": q.content.start_char, "end": q.content.end_char,
                 "speaker": " ".join(t.text for t in q.speaker) or None, "org": None,
                 "direct": True} for q in found]

    return run


def grammatical_subject(sent: Span, cue: Span) -> str | None:
    """The subject of the cue's verb (the sentence root's when the cue has none)."""
    tok = cue[0]
    verb = tok.head if tok.dep_ in ("aux", "auxpass") or tok.tag_ == "MD" else tok
    for head in (verb, sent.root):
        subj = next((c for c in head.children if c.dep_ in SUBJECT_DEPS), None)
        if subj is not None:
            return sent.doc[subj.left_edge.i:subj.right_edge.i + 1].text
    return None


def modal_sentences(doc: Doc) -> list[dict]:
    """Sentences with a modal cue, as recommendations with the grammatical subject as actor."""
    out = []
    for sent in doc.sents:
        m = MODAL.search(sent.text)
        if not m:
            continue
        text = sent.text.rstrip()
        cue = sent.char_span(m.start(), m.end(), alignment_mode="expand")
        subject = grammatical_subject(sent, cue) if cue is not None else None
        out.append({"start": sent.start_char, "end": sent.start_char + len(text),
                    "actor": [subject] if subject else [], "issuer": None, "deadline": None,
                    "kind": "call"})
    return out


def modal_regex(nlp: Language) -> Callable[[str], list[dict]]:
    return lambda text: modal_sentences(nlp(text))


def policytrail_evaluate(seeds: Path) -> Callable[[list[Document]], Predictions]:
    """``policytrail evaluate``'s own predictions.jsonl for the folder."""

    def predict(docs: list[Document]) -> Predictions:
        with tempfile.TemporaryDirectory(prefix="policytrail-bench-") as tmp:
            evaluate(seeds, tmp)
            lines = (Path(tmp) / "predictions.jsonl").read_text(encoding="utf-8").splitlines()
        preds = [json.loads(line) for line in lines if line.strip()]
        return {p["doc"]: {k: p[k] for k in KINDS} for p in preds}

    return predict


# -- 1. seeds with the shared scorer --------------------------------------------------------


def score_seeds(shared: Path, systems: dict[str, System]) -> list[tuple[str, str, dict]]:
    """(kind, system, the scorer's figures for that kind plus seconds) for every pair."""
    gold_path = shared / "gold/seeds.jsonl"
    gold = [json.loads(line) for line in gold_path.read_text().splitlines() if line.strip()]
    docs = [(g["doc"], (shared / "seeds" / g["doc"]).read_text(encoding="utf-8"),
             {"publisher": g.get("publisher"), "title": g.get("title")}) for g in gold]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, (kinds, predict) in systems.items():
            started = time.perf_counter()
            preds = predict(docs)
            elapsed = time.perf_counter() - started
            pred_path = Path(tmp) / f"{name}.jsonl"
            with pred_path.open("w", encoding="utf-8") as fh:
                for doc_name, _, _ in docs:
                    got = preds.get(doc_name, {})
                    fh.write(json.dumps({"doc": doc_name, **{k: got.get(k, []) for k in KINDS}})
                             + "\n")
            res = subprocess.run(
                [sys.executable, str(shared / "eval/score.py"), str(gold_path), str(pred_path),
                 "--json"],
                capture_output=True, text=True, check=True,
            )
            scores = json.loads(res.stdout)
            rows += [(kind, name, {**scores[kind], "seconds": elapsed}) for kind in kinds]
    return rows


# -- 2. quantulum3's own test sentences ----------------------------------------------------


def peer_accuracy(shared: Path, systems: dict[str, Callable[[str], list[dict]]]
                  ) -> dict[str, dict]:
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
            preds = cache.setdefault(text, run(text))
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


def policytrail_figures(nlp: Language) -> Callable[[str], list[dict]]:
    """The whole extraction (``extract_texts``) on one text; its figures."""

    def run(text: str) -> list[dict]:
        result = extract_texts([(text, {})], nlp=nlp, n_process=1)[0]
        return [{"start": f.start, "end": f.end, "value": f.value, "unit": f.unit}
                for f in result.figures]

    return run


# -- 3. SemEval-2019 Task 9 subtask A -------------------------------------------------------


def read_semeval(path: Path) -> list[tuple[str, int]]:
    """(sentence, label) rows; the trial file is Windows-1252, the evaluation file UTF-8."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    rows = [r for r in csv.reader(io.StringIO(text)) if len(r) == 3]
    return [(r[1], int(r[2])) for r in rows if r[2] in ("0", "1")]


def policytrail_detectors(nlp: Language, sentences: list[str]) -> dict[str, list[bool]]:
    """Per sentence: does policytrail's recommendations component emit an item for it?

    ``as body sentence``: the sentence as a paragraph of body text (the structure component
    is bypassed: it would read a short unpunctuated forum line as a heading, and skip it);
    the actor and quote components run as in the pipeline, then the component as shipped.
    ``cue only``: the same component with ``require_actor=False``, so a request to an actor
    the gazetteer does not know ("Microsoft should ...") counts too.
    ``as a document``: the whole extraction with each sentence as a document of its own.
    """
    own = own_components(nlp)
    before = [nlp.get_pipe(n) for n in own
              if n not in ("policytrail_structure", "policytrail_recommendations")]
    shipped = nlp.get_pipe("policytrail_recommendations")
    cue_only = RecommendationsComponent(nlp, "policytrail_recommendations", require_actor=False)
    body: list[bool] = []
    loose: list[bool] = []
    with nlp.select_pipes(disable=own):
        for doc in nlp.pipe(sentences, batch_size=64):
            doc._.pt_meta = {}
            stripped = doc.text.strip()
            start = doc.text.find(stripped[:1]) if stripped else 0
            items_of(doc, "pt_regions").append(
                Region(start, start + len(stripped), "paragraph"))
            for proc in before:
                doc = proc(doc)
            body.append(bool(items_of(shipped(doc), "pt_recs")))
            doc._.pt_recs = []
            loose.append(bool(items_of(cue_only(doc), "pt_recs")))
    whole = [bool(r.recommendations) for r in
             extract_texts([(s, {}) for s in sentences], nlp=nlp, n_process=1)]
    return {"policytrail (as body sentence)": body, "policytrail cue only": loose,
            "policytrail (as a document)": whole}


def prf(pred: list[bool], gold: list[int]) -> dict[str, float]:
    tp = sum(1 for p, g in zip(pred, gold, strict=True) if p and g)
    fp = sum(1 for p, g in zip(pred, gold, strict=True) if p and not g)
    fn = sum(1 for p, g in zip(pred, gold, strict=True) if not p and g)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": r,
            "f1": 2 * p * r / (p + r) if p + r else 0.0}


def semeval(shared: Path, nlp: Language) -> dict[str, dict[str, dict]]:
    folder = shared / "peer/semeval2019_task9_suggestions"
    out: dict[str, dict[str, dict]] = {}
    for label, file in SEMEVAL_FILES.items():
        rows = read_semeval(folder / file)
        sentences, gold = [s for s, _ in rows], [y for _, y in rows]
        systems = {"modal-verb regex": [bool(MODAL.search(s)) for s in sentences]}
        systems.update(policytrail_detectors(nlp, sentences))
        out[f"{label}, {sum(gold)} positive"] = {k: prf(v, gold) for k, v in systems.items()}
    return out


# -- the run --------------------------------------------------------------------------------


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=None,
                    help="the shared folder (default: POLICYTRAIL_SHARED, else ../shared)")
    args = ap.parse_args()
    shared = args.shared or shared_dir()
    register_extensions()
    bare = spacy.load(MODEL_PACKAGE)
    nlp = load_nlp()
    clf = quantulum_classifier()
    textacy_failures: list[str] = []
    systems: dict[str, System] = {
        "spaCy NER": (("figures",), per_document("figures", spacy_ner(bare))),
        "quantulum3": (("figures",), per_document("figures", quantulum(clf))),
        "textacy": (("quotes",), per_document("quotes", textacy_quotes(bare,
                                                                         textacy_failures))),
        "modal regex": (("recommendations",),
                        per_document("recommendations", modal_regex(bare))),
        "policytrail": (KINDS, policytrail_evaluate(shared / "seeds")),
    }

    print("1. The seeds, shared scorer (detection P/R/F1 by overlap; strict F1 adds the "
          "attributes)")
    print(f"{'kind':16s} {'system':14s} {'P':>6s} {'R':>6s} {'F1':>6s} {'strict':>7s} "
          f"{'tp':>4s} {'fp':>4s} {'fn':>4s} {'secs':>6s}")
    rows = score_seeds(shared, systems)
    for kind in KINDS:
        for k, name, r in rows:
            if k == kind:
                print(f"{kind:16s} {name:14s} {r['precision']:6.3f} {r['recall']:6.3f} "
                      f"{r['f1']:6.3f} {r['strict_f1']:7.3f} {r['tp']:4d} {r['fp']:4d} "
                      f"{r['fn']:4d} {r['seconds']:6.2f}")
    ours = {k: r["strict_f1"] for k, name, r in rows if name == "policytrail"}
    beaten = [(k, name) for k, name, r in rows
              if name != "policytrail" and r["strict_f1"] >= ours[k]]
    print("policytrail's secs are the whole `policytrail evaluate` (ingest, extract, analyse).")
    if textacy_failures:
        print(f"textacy bailed out on {len(textacy_failures)} document(s): "
              f"{'; '.join(textacy_failures)}")
    print("policytrail beats every peer on every strict F1: "
          + ("yes" if not beaten else f"NO ({beaten})"))

    print("\n2. quantulum3's test sentences, money / percentages / plain counts: value+unit "
          "accuracy")
    peer = peer_accuracy(shared, {"quantulum3": quantulum(clf),
                                  "policytrail": policytrail_figures(nlp)})
    for name, r in peer.items():
        print(
            f"{name:14s} {r['correct']}/{r['expected']} = {r['accuracy']:.3f}   "
            f"(years as dates left out: {r['accuracy_without_years']:.3f})   "
            f"wrong or missed: {r['missed_or_wrong']}"
        )

    print("\n3. SemEval-2019 Task 9 subtask A (suggestion sentences, software forums): "
          "sentence-level detection")
    for data, results in semeval(shared, nlp).items():
        print(f"{data}")
        for name, r in results.items():
            print(f"  {name:32s} P {r['precision']:.3f}  R {r['recall']:.3f}  "
                  f"F1 {r['f1']:.3f}   (tp {r['tp']}, fp {r['fp']}, fn {r['fn']})")


if __name__ == "__main__":
    main()
