"""Speed benchmark: policytrail's whole extraction against a bare ``nlp.pipe`` of the model.

Run by hand (not collected by pytest): ``python tests/extract/bench_extract.py [--long]``.
Prints words/s for both, the ratio (target: at most 1.3x the bare pipe's time), peak memory,
and with ``--long`` the times of pathological inputs at two sizes, to show they scale
linearly: a 1 MB single paragraph, a 10,000-item list, unbalanced quotation marks and a
flattened table.
"""

from __future__ import annotations

import importlib
import resource
import sys
import time
from pathlib import Path

from pipeline.extract.nlp import MODEL_PACKAGE, load_nlp
from pipeline.extract.run import extract_texts

REPO = Path(__file__).resolve().parents[2]


def corpus() -> list[str]:
    """Plain texts of the demo corpus and, when present, the shared seeds."""
    paths = sorted((REPO / "corpus" / "demo").glob("*.txt"))
    paths += sorted((REPO.parent / "shared" / "seeds").glob("*.txt"))
    return [p.read_text(encoding="utf-8") for p in paths]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def speed(repeat: int = 3) -> None:
    texts = corpus() * repeat
    words = sum(len(t.split()) for t in texts)
    bare = importlib.import_module(MODEL_PACKAGE).load()
    full = load_nlp()
    list(bare.pipe(texts[:3]))  # warm both up
    extract_texts([(t, {}) for t in texts[:3]], nlp=full, n_process=1)
    t0 = time.perf_counter()
    list(bare.pipe(texts, batch_size=16))
    t_bare = time.perf_counter() - t0
    t0 = time.perf_counter()
    extract_texts([(t, {}) for t in texts], nlp=full, n_process=1)
    t_full = time.perf_counter() - t0
    print(f"documents {len(texts)}, words {words}")
    print(f"bare nlp.pipe      {t_bare:7.2f}s  {words / t_bare:8.0f} words/s")
    print(f"policytrail        {t_full:7.2f}s  {words / t_full:8.0f} words/s")
    print(f"ratio              {t_full / t_bare:7.2f}x  (target <= 1.3x)")
    print(f"peak memory        {peak_mb():7.0f} MB")


def long_inputs() -> None:
    full = load_nlp()
    sentence = "The council said its spending on placements rose by 12% to £40m last year. "
    cases = {
        "1 MB paragraph": lambda n: sentence * (n // len(sentence)),
        "10,000-item list": lambda n: "The board should:\n" + "".join(
            f"{i}. fund item {i};\n" for i in range(1, n // 16)),
        "unbalanced quotes": lambda n: ("She said \u201cthe money has gone " * (n // 30)),
        "flattened table": lambda n: "Area 2017-18 2018-19 Change " + " ".join(
            f"Region{i} {i * 3} {i * 4} {i}%" for i in range(n // 28)),
    }
    for name, make in cases.items():
        sizes = (500_000, 1_000_000) if name == "1 MB paragraph" else (80_000, 160_000)
        times = []
        for size in sizes:
            text = make(size)
            t0 = time.perf_counter()
            result = extract_texts([(text, {})], nlp=full, n_process=1)[0]
            times.append(time.perf_counter() - t0)
            print(f"{name:18s} {len(text):>9d} chars {times[-1]:7.2f}s  items {result.n_items}")
        print(f"{name:18s} time ratio for 2x size: {times[1] / times[0]:.2f}")
    print(f"peak memory        {peak_mb():7.0f} MB")


if __name__ == "__main__":
    speed()
    if "--long" in sys.argv:
        long_inputs()
