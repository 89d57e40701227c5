"""Is a sentence a response to a recommendation, or a report that it was acted on?

Labels: ``accepted`` ("the Government accepts", "agrees with the Committee"), ``rejected``
("does not accept", "we disagree"), ``addressed`` ("has now published", "was implemented"),
``none``. Two classifiers, both driven by files in ``models/followthrough/``:

- rules: the cue lists in ``cues.toml`` (checked rejected, addressed, accepted, so a negated
  acceptance is a rejection; hedges such as "will consider" are never responses);
- a logistic regression over MiniLM embeddings, trained by :func:`train` on the labelled
  sentences in ``examples.jsonl`` and saved as plain coefficients in ``model.json``.

:func:`evaluate` cross-validates rules, the regression and the hybrid (rules where they fire,
else the regression) on the examples; ``model.json`` records which one the analysis uses and
the MODEL_CARD.md reports the figures.
"""

from __future__ import annotations

import functools
import json
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.errors import E, PolicytrailError

MODEL_DIR = Path(__file__).resolve().parents[2] / "models" / "followthrough"
LABELS = ("accepted", "rejected", "addressed", "none")
#: the regression's probability below which a sentence stays ``none``
MIN_PROB = 0.55


@dataclass(frozen=True)
class Cues:
    rejected: tuple[re.Pattern[str], ...]
    addressed: tuple[re.Pattern[str], ...]
    accepted: tuple[re.Pattern[str], ...]
    hedge: tuple[re.Pattern[str], ...]
    #: progress not made ("has not yet implemented"): never ``addressed``
    pending: tuple[re.Pattern[str], ...] = ()
    #: a promise of action ("we will publish ... by the end of 2024"); not a label of its
    #: own, but what an acceptance commits to, which later progress is matched against
    commitment: tuple[re.Pattern[str], ...] = ()

    def commits(self, text: str) -> bool:
        return any(p.search(text) for p in self.commitment) and not any(
            p.search(text) for p in self.hedge
        )

    def any_cue(self, text: str) -> bool:
        """Cheap pre-filter: does any response or progress cue occur at all?"""
        return any(
            p.search(text)
            for group in (self.rejected, self.addressed, self.accepted)
            for p in group
        )


@functools.lru_cache(maxsize=4)
def load_cues(path: str | None = None) -> Cues:
    """The cue lists, read once per process."""
    p = Path(path) if path else MODEL_DIR / "cues.toml"
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))["cues"]
        groups = {
            k: tuple(re.compile(x, re.IGNORECASE) for x in data[k])
            for k in ("rejected", "addressed", "accepted", "hedge")
        }
        for optional in ("pending", "commitment"):
            groups[optional] = tuple(re.compile(x, re.IGNORECASE) for x in data.get(optional, ()))
    except (OSError, KeyError, tomllib.TOMLDecodeError, re.error) as exc:
        raise PolicytrailError(E.E091, path=str(p), detail=str(exc)) from None
    return Cues(**groups)


def classify_rules(text: str, cues: Cues | None = None) -> str:
    """The label the cue lists give a sentence."""
    label = _rule_label(text, cues or load_cues())
    return "none" if label == PENDING else label


#: the rules' word for progress not made: a sure ``none`` the regression may not overturn
PENDING = "pending"


def _rule_label(text: str, cues: Cues) -> str:
    if any(p.search(text) for p in cues.hedge):
        # a hedged sentence can still report a rejection ("will not accept")
        return "rejected" if any(p.search(text) for p in cues.rejected[:2]) else "none"
    if any(p.search(text) for p in cues.rejected):
        return "rejected"
    if any(p.search(text) for p in cues.pending):
        return PENDING
    for label in ("addressed", "accepted"):
        if any(p.search(text) for p in getattr(cues, label)):
            return label
    return "none"


@dataclass
class LinearModel:
    """A multinomial logistic regression reduced to its coefficients."""

    labels: list[str]
    coef: np.ndarray  # (n_labels, dim)
    intercept: np.ndarray  # (n_labels,)
    method: str = "hybrid"

    def proba(self, vectors: np.ndarray) -> np.ndarray:
        z = vectors @ self.coef.T + self.intercept
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def predict(self, vectors: np.ndarray) -> list[tuple[str, float]]:
        p = self.proba(vectors)
        out = []
        for row in p:
            j = int(row.argmax())
            lab = self.labels[j]
            out.append((lab if row[j] >= MIN_PROB else "none", float(row[j])))
        return out


@functools.lru_cache(maxsize=2)
def load_model(path: str | None = None) -> LinearModel:
    p = Path(path) if path else MODEL_DIR / "model.json"
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
        return LinearModel(
            labels=list(data["labels"]),
            coef=np.asarray(data["coef"], dtype=np.float32),
            intercept=np.asarray(data["intercept"], dtype=np.float32),
            method=data.get("method", "hybrid"),
        )
    except (OSError, KeyError, ValueError) as exc:
        raise PolicytrailError(E.E091, path=str(p), detail=str(exc)) from None


def classify(texts: Sequence[str], vectors: np.ndarray | None) -> list[tuple[str, float]]:
    """Label sentences with the method ``model.json`` names (rules, lr or hybrid)."""
    cues = load_cues()
    model = load_model()
    found = [_rule_label(t, cues) for t in texts]
    rules = ["none" if r == PENDING else r for r in found]
    if model.method == "rules" or vectors is None:
        return [(r, 1.0 if r != "none" else 0.0) for r in rules]
    lr = model.predict(vectors)
    if model.method == "lr":
        return lr
    return [
        ("none", 1.0) if f == PENDING else (r, 1.0) if r != "none" else guess
        for f, r, guess in zip(found, rules, lr, strict=True)
    ]


def read_examples(path: Path | None = None) -> list[dict[str, str]]:
    p = path or MODEL_DIR / "examples.jsonl"
    with p.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _fit(vectors: np.ndarray, labels: list[str]) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=4.0, max_iter=2000, class_weight="balanced").fit(vectors, labels)


def evaluate(folds: int = 5, seed: int = 0) -> dict[str, float]:
    """Cross-validated accuracy of rules, regression and hybrid on the examples."""
    from sklearn.model_selection import StratifiedKFold

    from pipeline.analyse.embeddings import encode

    ex = read_examples()
    texts = [e["text"] for e in ex]
    y = np.array([e["label"] for e in ex])
    vecs = encode(texts)
    rules = np.array([classify_rules(t) for t in texts])
    lr_pred = np.empty(len(y), dtype=object)
    for tr, te in StratifiedKFold(folds, shuffle=True, random_state=seed).split(vecs, y):
        clf = _fit(vecs[tr], list(y[tr]))
        m = LinearModel(list(clf.classes_), clf.coef_, clf.intercept_)
        lr_pred[te] = [lab for lab, _ in m.predict(vecs[te])]
    hybrid = np.where(rules != "none", rules, lr_pred)
    return {
        "n": len(y),
        "rules": float((rules == y).mean()),
        "lr": float((lr_pred == y).mean()),
        "hybrid": float((hybrid == y).mean()),
    }


def train(method: str | None = None) -> dict[str, Any]:
    """Fit the regression on all examples and write ``model.json`` (and return the scores)."""
    from pipeline.analyse.embeddings import MODEL_NAME, encode

    scores = evaluate()
    chosen = method or max(("rules", "lr", "hybrid"), key=lambda k: (scores[k], k == "hybrid"))
    ex = read_examples()
    clf = _fit(encode([e["text"] for e in ex]), [e["label"] for e in ex])
    data = {
        "labels": list(clf.classes_),
        "coef": np.round(clf.coef_, 6).tolist(),
        "intercept": np.round(clf.intercept_, 6).tolist(),
        "method": chosen,
        "embedding_model": MODEL_NAME,
        "cv_accuracy": scores,
    }
    (MODEL_DIR / "model.json").write_text(json.dumps(data) + "\n", encoding="utf-8")
    load_model.cache_clear()
    return data


if __name__ == "__main__":  # python -m pipeline.analyse.followthrough
    out = train()
    print(json.dumps({"method": out["method"], "cv_accuracy": out["cv_accuracy"]}, indent=1))
