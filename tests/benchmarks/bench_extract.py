"""Speed benchmark: policytrail's whole extraction against a bare ``nlp.pipe`` of its model.

A benchmark, not a timed test: run by hand or by ``make bench``
(``.venv/bin/python tests/benchmarks/bench_extract.py [--long] [--rounds N]``).

Both systems get the same texts in the same process: the demo corpus's plain texts and, when
present, the shared seeds. Runs alternate (bare, policytrail, bare, policytrail, ...) so that
load from other jobs on the machine falls on both alike. Reported: words/s and the ratio
(target: policytrail at most 1.3x the bare pipe's time), by CPU time, which other jobs on the
cores barely move, and by wall time; the fastest run of each and the median of the paired
rounds. Peak memory: the process's peak RSS (getrusage), and each system's peak of Python
allocations in one extra untimed pass under tracemalloc (spaCy allocates through PyMem, so
this covers its Docs too).

``--long`` adds pathological inputs, each at two sizes, to show time grows linearly (a CPU
time ratio near 2 for twice the size): a single paragraph of 0.5 and 1 MB, lists of 5,000 and
10,000 items under a recommending lead-in, text with unbalanced quotation marks, and a table
flattened into one line. The texts are synthetic, generated here. Each input runs in a fresh
process, so the peak RSS reported (over the loaded pipeline's) is that input's own.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import json
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from spacy.language import Language

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from pipeline.errors import PolicytrailError  # noqa: E402
from pipeline.evaluate import shared_dir  # noqa: E402
from pipeline.extract.nlp import MODEL_PACKAGE, load_nlp  # noqa: E402
from pipeline.extract.run import BATCH_SIZE, extract_texts  # noqa: E402

TARGET_RATIO = 1.3

# Synthetic policy-style sentences for the long inputs (invented bodies, people and numbers).
SENTENCES = (
    "Northvale County Council said its spending on residential placements rose by {p}% to "
    "£{m}m in {y}.",
    "The number of looked-after children in the region reached {n:,} last year, up from "
    "{n2:,}.",
    "The Department for Education should publish a plan for early help funding by March "
    "{y2}.",
    "Councillor Jane Ashdown, the lead member for children, warned that thresholds for "
    "support had risen.",
    "Local authorities must be given certainty over grants beyond a single spending round.",
    "Around {p} in 10 referrals led to no further action, the review found.",
    "Inspectors rated {n3} of the {n4} services they visited as requiring improvement.",
    "We recommend that the Government sets out how the {m} million pound shortfall will be met.",
)


def synthetic_sentence(i: int) -> str:
    """The i-th sentence of an endless, varied policy-style text."""
    template = SENTENCES[i % len(SENTENCES)]
    return template.format(p=3 + i % 40, m=10 + i % 90, y=2010 + i % 12, y2=2020 + i % 8,
                           n=1000 + 37 * i, n2=900 + 31 * i, n3=2 + i % 9, n4=12 + i % 9)


def paragraph(size: int) -> str:
    """One paragraph (no line break) of about ``size`` characters."""
    parts: list[str] = []
    total = i = 0
    while total < size:
        s = synthetic_sentence(i)
        parts.append(s)
        total += len(s) + 1
        i += 1
    return " ".join(parts)


def item_list(items: int) -> str:
    """A lead-in with ``items`` numbered items under it, as in a committee report."""
    lead = "The Department should, by December 2024, set out:\n"
    return lead + "".join(
        f"{i}. how it will fund placement number {i} for councils in the region, at £{i % 90 + 1}m;"
        "\n" for i in range(1, items + 1))


def unbalanced_quotes(size: int) -> str:
    """Paragraphs where quotation marks open and never close, some mid-sentence."""
    parts: list[str] = []
    total = i = 0
    while total < size:
        s = (f"“The pressure on budgets is {i % 7 + 2} times what it was, said one director. "
             + synthetic_sentence(i) + (" \"Nobody has a plan " if i % 3 else " ")
             + synthetic_sentence(i + 1))
        parts.append(s + ("\n\n" if i % 5 == 4 else " "))
        total += len(parts[-1])
        i += 1
    return "".join(parts)


def flattened_table(size: int) -> str:
    """A table whose cells lost their line breaks: one long line of names and numbers."""
    parts = ["Area 2016-17 2017-18 2018-19 Change"]
    total = len(parts[0])
    i = 0
    while total < size:
        cell = (f"Area{i} {i % 97 * 3 + 1} {i % 89 * 4 + 2} {i % 83 * 5 + 3} "
                f"{i % 23 + 1}% £{i % 50 + 1}m")
        parts.append(cell)
        total += len(cell) + 1
        i += 1
    return " ".join(parts)


# -- measuring ------------------------------------------------------------------------------


def corpus() -> list[str]:
    """Plain texts of the demo corpus and, when present, the shared seeds."""
    paths = sorted((REPO / "corpus" / "demo").glob("*.txt"))
    with contextlib.suppress(PolicytrailError):  # the seeds are optional here
        paths += sorted((shared_dir() / "seeds").glob("*.txt"))
    return [p.read_text(encoding="utf-8") for p in paths]


def peak_rss_mb() -> float:
    """The process's peak resident set so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(run: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU seconds of one call. Both systems run in this one thread, so CPU time is
    the steadier measure on a machine whose other jobs take the cores in turn."""
    gc.collect()
    w0, c0 = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - w0, time.process_time() - c0


def traced_peak_mb(run: Callable[[], object]) -> float:
    """Peak of Python allocations while ``run`` runs (slower: not used for timing)."""
    gc.collect()
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def speed(rounds: int, repeat: int) -> None:
    texts = corpus() * repeat
    words = sum(len(t.split()) for t in texts)
    bare: Language = importlib.import_module(MODEL_PACKAGE).load()
    full = load_nlp()
    print(f"peak RSS after loading both pipelines {peak_rss_mb():7.0f} MB")

    def run_bare() -> object:
        for _ in bare.pipe(texts, batch_size=BATCH_SIZE):  # Docs dropped, as extraction does
            pass
        return None

    def run_full() -> object:
        return extract_texts([(t, {}) for t in texts], nlp=full, n_process=1)

    run_bare()  # warm both up (lazy vocab, string store, caches)
    run_full()
    runs: dict[str, list[tuple[float, float]]] = {"bare nlp.pipe": [], "policytrail": []}
    for _ in range(rounds):
        runs["bare nlp.pipe"].append(timed(run_bare))
        runs["policytrail"].append(timed(run_full))
    print(f"documents {len(texts)}, words {words}, {rounds} alternated rounds")
    for name, ts in runs.items():
        wall = [w for w, _ in ts]
        cpu = [c for _, c in ts]
        print(f"{name:14s} CPU min {min(cpu):6.2f}s ({words / min(cpu):6.0f} words/s), "
              f"median {statistics.median(cpu):6.2f}s; wall min {min(wall):6.2f}s "
              f"({words / min(wall):6.0f} words/s), runs {' '.join(f'{w:.1f}' for w in wall)}")
    ratios = {}
    for i, label in ((1, "CPU"), (0, "wall")):
        bare_t = [t[i] for t in runs["bare nlp.pipe"]]
        full_t = [t[i] for t in runs["policytrail"]]
        ratios[label] = (min(full_t) / min(bare_t),
                         statistics.median(f / b for f, b in zip(full_t, bare_t, strict=True)))
    verdict = "within" if ratios["CPU"][0] <= TARGET_RATIO else "OVER"
    print("ratio policytrail / bare: " + "; ".join(
        f"{label} {by_min:.2f}x by min, {paired:.2f}x median of paired rounds"
        for label, (by_min, paired) in ratios.items())
        + f"  ({verdict} the {TARGET_RATIO}x target, by CPU min)")
    print(f"peak RSS {peak_rss_mb():7.0f} MB; peak traced allocations: "
          f"bare {traced_peak_mb(run_bare):.0f} MB, policytrail {traced_peak_mb(run_full):.0f} MB")


LONG_CASES: dict[str, tuple[Callable[[int], str], tuple[int, int], str]] = {
    "single paragraph": (paragraph, (500_000, 1_000_000), "chars"),
    "numbered list": (item_list, (5_000, 10_000), "items"),
    "unbalanced quotes": (unbalanced_quotes, (250_000, 500_000), "chars"),
    "flattened table": (flattened_table, (250_000, 500_000), "chars"),
}


def one_long_input(name: str, size: int) -> dict[str, float]:
    """Extract one generated input in this (fresh) process: times, items, memory."""
    full = load_nlp()
    extract_texts([("A warm-up sentence of twelve words about a council budget.", {})],
                  nlp=full, n_process=1)
    loaded = peak_rss_mb()
    text = LONG_CASES[name][0](size)
    results: list = []
    wall, cpu = timed(lambda: results.extend(extract_texts([(text, {})], nlp=full,
                                                           n_process=1)))
    return {"chars": len(text), "wall": wall, "cpu": cpu, "loaded_mb": loaded,
            "peak_mb": peak_rss_mb(), "items": results[0].n_items}


def long_inputs() -> None:
    """Each input at two sizes, each in a process of its own so that its peak RSS is its own."""
    print(f"{'input':18s} {'size':>12s} {'chars':>9s} {'CPU s':>7s} {'wall s':>7s} "
          f"{'chars/s':>8s} {'items':>6s} {'peak RSS over model':>20s}")
    for name, (_, sizes, unit) in LONG_CASES.items():
        cpu = []
        for size in sizes:
            proc = subprocess.run([sys.executable, __file__, "--case", name, str(size)],
                                  capture_output=True, text=True, check=True)
            r = json.loads(proc.stdout.strip().splitlines()[-1])
            cpu.append(r["cpu"])
            print(f"{name:18s} {size:>6d} {unit:5s} {r['chars']:>9d} {r['cpu']:7.2f} "
                  f"{r['wall']:7.2f} {r['chars'] / r['cpu']:8.0f} {r['items']:>6d} "
                  f"{r['peak_mb'] - r['loaded_mb']:8.0f} MB (of {r['peak_mb']:.0f})")
        print(f"{name:18s} CPU time ratio for 2x size: {cpu[1] / cpu[0]:.2f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--long", action="store_true", help="add the pathological long inputs")
    ap.add_argument("--rounds", type=int, default=3, help="alternated timing rounds")
    ap.add_argument("--repeat", type=int, default=2, help="copies of the corpus per run")
    ap.add_argument("--case", nargs=2, metavar=("NAME", "SIZE"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.case:  # one long input, run by long_inputs() in a child process
        print(json.dumps(one_long_input(args.case[0], int(args.case[1]))))
        return
    speed(args.rounds, args.repeat)
    if args.long:
        long_inputs()


if __name__ == "__main__":
    main()
