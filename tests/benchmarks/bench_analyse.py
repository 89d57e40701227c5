"""Benchmark: the analyse stage on N synthetic items, full and incremental.

    python tests/benchmarks/bench_analyse.py [--n 100000] [--incremental 1000] [--db PATH]
        [--bare-sample 5000] [--increments 1] [--backdated] [--profile DIR] [--proxy-embeddings]

Builds a store with N synthetic items (own template text: recommendations, figures, quotes in
documents from 20 publishers over ten years; every sentence unique), then in one process:

  embedding   on a fixed random sample of the item sentences (--bare-sample, default 5,000;
              0 = all of them), bare ``SentenceTransformer.encode`` (same model, batch size
              and normalisation) against policytrail's cached embedding step into a scratch
              store, in five rounds each timed A-bare, A-ours, B-ours, B-bare so drift on a
              shared machine falls on both; sentences/s of each and their time ratio
              (target <= 1.1), overall and per round;
  full        analyse(store, rebuild=True) over all N: embed (cache empty, every sentence
              embedded), themes, threads, scan, status; seconds per stage and per sub-step;
  increment   add --incremental items in new documents dated after the corpus (as new
              material arrives; --backdated spreads them over the corpus's years instead),
              analyse(store) again; its time over the full run's (target <= 0.1); with
              --increments K, K such increments one after another.

Peak RSS is reported for the whole process and per phase (Linux: the high-water mark is reset
between phases through /proc/self/clear_refs). --profile DIR writes cProfile stats of the full
and incremental runs. --proxy-embeddings fills the embedding cache with vectors of the
sentences' templates (digits masked) plus noise, so the stages after embedding can be profiled
at scale in minutes; embedding figures are then omitted.
The machine is shared and noisy: compare ratios measured in the same run.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import json
import os
import pstats
import random
import re
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import numpy as np  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from pipeline.store import schema as s  # noqa: E402
from pipeline.store.db import Store, now, text_hash  # noqa: E402

ACTORS = [
    "Department for Education",
    "HM Treasury",
    "local authorities",
    "Ofsted",
    "NHS England",
    "Department of Health",
    "Home Office",
    "the regulator",
]
ASKS = [
    "publish a strategy for {t}",
    "review the funding formula for {t}",
    "set out a plan to reduce variation in {t}",
    "commission research on {t}",
    "create a dedicated grant for {t}",
    "report annually on {t}",
    "consult on new guidance for {t}",
    "improve data collection on {t}",
]
TOPICS = [
    "foster placements",
    "residential care",
    "early help",
    "adoption support",
    "care leavers",
    "child protection plans",
    "kinship carers",
    "youth services",
    "special educational needs",
    "school transport",
    "mental health support",
    "social worker recruitment",
    "agency staff costs",
    "unaccompanied children",
    "family courts",
    "youth justice",
    "domestic abuse support",
    "short breaks",
]
MEASURES = [
    "funding gap for {t}",
    "spending on {t}",
    "number of children in {t}",
    "overspend on {t}",
    "waiting time for {t}",
]
UNITS = {
    "funding gap for {t}": "GBP",
    "spending on {t}": "GBP",
    "overspend on {t}": "GBP",
    "number of children in {t}": "count",
    "waiting time for {t}": "weeks",
}
SAYS = [
    "warned that pressure on {t} was growing",
    "said the sector could not sustain {t}",
    "argued that {t} needed long-term funding",
    "welcomed new money for {t}",
]


def make_doc(
    i: int, rng: random.Random, per_doc: int, year: int | None = None
) -> tuple[dict, list[tuple[str, dict]]]:
    """One synthetic document: its row and its items as (kind, row); dated 2015-2024 by
    ``i`` unless ``year`` is given."""
    year = year or 2015 + i % 10
    day = dt.date(year, 1 + i % 12, 1 + i % 28)
    sents: list[tuple[str, str, dict]] = []
    for k in range(per_doc):
        t = rng.choice(TOPICS)
        kind = ("recommendation", "figure", "quote")[k % 3]
        if kind == "recommendation":
            actor = rng.choice(ACTORS)
            text = (
                f"The {actor} should {rng.choice(ASKS).format(t=t)} by "
                f"{rng.choice(['March', 'June', 'December'])} {year + 1} (item {i}-{k})."
            )
            attrs = {
                "actors": [actor],
                "issuer": f"Body {i % 20}",
                "deadline": str(year + 1),
                "kind": "formal",
                "reported": False,
                "number": str(k // 3 + 1),
            }
            sents.append((kind, text, attrs))
        elif kind == "figure":
            m = rng.choice(MEASURES)
            val = rng.randint(10, 900)
            text = f"The {m.format(t=t)} reached {val} million in {year} ({i}-{k})."
            attrs = {
                "value": val * 1e6,
                "unit": UNITS[m],
                "measure": m.format(t=t),
                "time_ref": str(year),
                "is_change": False,
                "source": f"Body {i % 20}",
            }
            sents.append((kind, text, attrs))
        else:
            text = f"Speaker {i % 50} {rng.choice(SAYS).format(t=t)}, according to note {i}-{k}."
            attrs = {
                "speaker": f"Speaker {i % 50}",
                "organisation": f"Body {i % 20}",
                "direct": False,
            }
            sents.append((kind, text, attrs))
    body = ""
    items = []
    for kind, text, attrs in sents:
        start = len(body)
        body += text + "\n\n"
        a, b = start, start + len(text)
        if kind == "figure":
            v = text.index(" reached ") + 9
            a2, b2 = start + v, start + text.index(" million") + 8
        else:
            a2, b2 = a, b
        items.append(
            (
                kind,
                {
                    "start": a2,
                    "end": b2,
                    "text": body[a2:b2],
                    "sentence_start": a,
                    "sentence_end": b,
                    "extractor_version": "bench",
                    **attrs,
                },
            )
        )
    doc = {
        "title": f"Synthetic document {i}",
        "publisher": f"Body {i % 20}",
        "published": day.isoformat(),
        "published_precision": "day",
        "published_date": day,
        "ingested_at": now(),
        "kind": ("report", "news", "response", "press release")[i % 4],
        "format": "text",
        "content_hash": text_hash(f"{i}:{body}"),
        "text": body,
        "url": f"file:///bench/{i}.txt",
    }
    return doc, items


def populate(
    store: Store, first: int, n_docs: int, per_doc: int, seed: int, year: int | None = None
) -> int:
    rng = random.Random(seed)
    n = 0
    with store.transaction() as conn:
        for i in range(first, first + n_docs):
            doc, items = make_doc(i, rng, per_doc, year)
            doc_id = conn.execute(insert(s.document).values(**doc)).inserted_primary_key[0]
            by_kind: dict[str, list[dict]] = {}
            for kind, row in items:
                by_kind.setdefault(kind, []).append({**row, "document_id": doc_id})
            for kind, rows in by_kind.items():
                conn.execute(insert(s.ITEM_TABLES[kind]), rows)
                n += len(rows)
    return n


def peak_rss_mb() -> float:
    """The process's peak RSS since start (or since :func:`reset_peak`), in MB."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reset_peak() -> None:
    """Reset the peak-RSS mark to the current RSS (Linux >= 4.0), so phases get their own."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as fh:
            fh.write("5")
    except OSError:
        pass


class StageClock:
    """A progress callback that notes when each step starts and ends (sub-step timings)."""

    def __init__(self, every: float = 60.0) -> None:
        self.first: dict[str, float] = {}
        self.last: dict[str, float] = {}
        self.marks: list[tuple[str, int, float]] = []
        self.every = every
        self.shown = time.perf_counter()

    def __call__(self, step: str, done: int, total: int) -> None:
        t = time.perf_counter()
        self.first.setdefault(step, t)
        self.last[step] = t
        if t - self.shown >= self.every:  # a sign of life on stderr during long steps
            self.shown = t
            print(f"  {step} {done}/{total}", file=sys.stderr, flush=True)
        if step == "threads":  # 0 start, 1 figures linked, 2 recommendations linked, 3 written
            self.marks.append((step, done, t))

    def threads_split(self) -> dict[str, float]:
        at = {done: t for step, done, t in self.marks}
        names = {1: "link_figures", 2: "link_recommendations+by_number", 3: "write_threads"}
        return {names[k]: round(at[k] - at[k - 1], 2) for k in (1, 2, 3) if k in at and k - 1 in at}


def template(sentence: str) -> str:
    """The sentence with its digits masked: what differs between synthetic items is mostly
    numbers (ids, values, years), so this is a cheap stand-in for its meaning."""
    return re.sub(r"\d+", "0", sentence)


def prefill_proxy_embeddings(store: Store, texts: list[str], seed: int = 0) -> int:
    """Cache a vector for every text: its template's embedding plus a little noise."""
    from pipeline.analyse.embeddings import MODEL_NAME, encode

    temps = sorted({template(t) for t in texts})
    tvec = dict(zip(temps, encode(temps), strict=True))
    rng = np.random.default_rng(seed)
    rows = []
    for t in dict.fromkeys(texts):
        v = tvec[template(t)] + rng.normal(0, 0.02, tvec[template(t)].shape[0])
        v = (v / np.linalg.norm(v)).astype("<f4")
        rows.append(
            {
                "text_hash": text_hash(t),
                "model": MODEL_NAME,
                "dim": v.shape[0],
                "vector": v.tobytes(),
            }
        )
    with store.transaction() as conn:
        for i in range(0, len(rows), 5000):
            conn.execute(insert(s.embedding).prefix_with("OR IGNORE"), rows[i : i + 5000])
    return len(temps)


def measure_embedding(sentences: list[str], sample: int, rounds: int = 5, seed: int = 0) -> dict:
    """Bare encode vs policytrail's embedding step on the same sample: ``rounds`` rounds, each
    on its own slice of the sample, timed A-bare, A-ours, B-ours, B-bare so drift and other
    people's jobs on a shared machine fall on both sides; ours embeds into a scratch store
    (cache empty). The ratio of the totals and each round's ratio are reported."""
    from pipeline.analyse.embeddings import BATCH_SIZE, EmbeddingCache, load_model

    model = load_model()
    rng = random.Random(seed)
    texts = list(dict.fromkeys(sentences))
    if sample and sample < len(texts):
        texts = rng.sample(texts, sample)
    scratch = Store.open(Path(tempfile.mkdtemp(prefix="bench_embed_")) / "scratch.db")
    cache = EmbeddingCache(scratch)
    model.encode(texts[:64], batch_size=BATCH_SIZE)  # warm-up, outside the clocks

    def run_bare(part: list[str]) -> float:
        t = time.perf_counter()
        model.encode(
            part,
            batch_size=BATCH_SIZE,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return time.perf_counter() - t

    def run_ours(part: list[str]) -> float:
        t = time.perf_counter()
        cache.embed(part)
        return time.perf_counter() - t

    bare = ours = 0.0
    per_round = []
    size = max(2, -(-len(texts) // rounds))
    for lo in range(0, len(texts), size):
        chunk = texts[lo : lo + size]
        a, b = chunk[: len(chunk) // 2], chunk[len(chunk) // 2 :]
        tb = run_bare(a)
        to = run_ours(a) + run_ours(b)
        tb += run_bare(b)
        bare, ours = bare + tb, ours + to
        per_round.append(round(to / tb, 3))
    scratch.close()
    return {
        "sample_sentences": len(texts),
        "of_sentences": len(sentences),
        "batch_size": BATCH_SIZE,
        "torch_threads": __import__("torch").get_num_threads(),
        "bare_s": round(bare, 1),
        "bare_sentences_per_s": round(len(texts) / bare, 1),
        "policytrail_s": round(ours, 1),
        "policytrail_sentences_per_s": round(len(texts) / ours, 1),
        "time_ratio": round(ours / bare, 3),
        "time_ratio_per_round": per_round,
    }


def timed_analyse(store: Store, profile: str | None, **kw: Any) -> tuple[dict, float, dict, float]:
    """analyse() with its stage clock, optionally under cProfile; (summary, s, subs, peak)."""
    from pipeline.analyse.run import analyse

    clock = StageClock()
    reset_peak()
    prof = cProfile.Profile() if profile else None
    t = time.perf_counter()
    if prof:
        prof.enable()
    out = analyse(store, progress=clock, **kw)
    if prof:
        prof.disable()
        prof.dump_stats(profile)
    secs = time.perf_counter() - t
    return out, secs, clock.threads_split(), peak_rss_mb()


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000, help="synthetic items")
    ap.add_argument("--incremental", type=int, default=1000, help="items added afterwards")
    ap.add_argument("--per-doc", type=int, default=12, help="items per document")
    ap.add_argument("--db", default=None, help="store path (default: a temp file)")
    ap.add_argument("--bare-sample", type=int, default=5000, help="sentences for the ratio")
    ap.add_argument("--increments", type=int, default=1, help="increments to time, one by one")
    ap.add_argument("--backdated", action="store_true", help="added documents span old years")
    ap.add_argument("--profile", default=None, help="directory for cProfile stats")
    ap.add_argument("--proxy-embeddings", action="store_true", help="profile stages only")
    args = ap.parse_args(argv)

    from pipeline.analyse.corpus import load_items

    db = args.db or str(Path(tempfile.mkdtemp(prefix="bench_analyse_")) / "bench.db")
    store = Store.open(db)
    n_docs = max(1, args.n // args.per_doc)
    t = time.perf_counter()
    n_items = populate(store, 0, n_docs, args.per_doc, seed=1)
    build_s = time.perf_counter() - t
    sentences = [it.theme_text for it in load_items(store)]
    out: dict[str, Any] = {
        "items": n_items,
        "documents": n_docs,
        "store_build_s": round(build_s, 1),
    }

    if args.proxy_embeddings:
        out["proxy_templates"] = prefill_proxy_embeddings(store, sentences)
    else:
        reset_peak()
        out["embedding"] = measure_embedding(sentences, args.bare_sample)
        out["embedding"]["peak_rss_mb"] = round(peak_rss_mb(), 1)
    log(out)
    if args.profile:
        os.makedirs(args.profile, exist_ok=True)
    prof = os.path.join(args.profile, "full.prof") if args.profile else None
    full, full_s, full_sub, full_peak = timed_analyse(store, prof, rebuild=True)
    out |= {
        "full_s": round(full_s, 1),
        "full_steps_s": full["seconds"],
        "full_threads_steps_s": full_sub,
        "full_peak_rss_mb": round(full_peak, 1),
        "full_embedded": full["embedded"],
    }
    if not args.proxy_embeddings and full["seconds"].get("embed"):
        rate = full["embedded"] / full["seconds"]["embed"]
        out["full_embed_sentences_per_s"] = round(rate, 1)
        out["full_embed_vs_bare_sample_rate"] = round(
            out["embedding"]["bare_sentences_per_s"] / rate, 3
        )
    log(out)

    inc_docs = max(1, args.incremental // args.per_doc)
    year = None if args.backdated else 2015 + 10
    added = populate(store, n_docs, inc_docs, args.per_doc, seed=2, year=year)
    prof = os.path.join(args.profile, "incremental.prof") if args.profile else None
    inc, inc_s, inc_sub, inc_peak = timed_analyse(store, prof)
    out |= {
        "incremental_items": added,
        "incremental_dated": "backdated" if args.backdated else "after the corpus",
        "incremental_s": round(inc_s, 1),
        "incremental_steps_s": inc["seconds"],
        "incremental_threads_steps_s": inc_sub,
        "incremental_peak_rss_mb": round(inc_peak, 1),
        "incremental_ratio": round(inc_s / full_s, 3),
        "incremental_vs_full_outside_embedding": round(
            (inc_s - inc["seconds"]["embed"]) / max(full_s - full["seconds"]["embed"], 1e-9), 3
        ),
        "incremental_embedded": inc["embedded"],
        "incremental_documents_scanned": inc["documents_scanned"],
        "themes": full["themes"],
        "themes_after_increment": inc["themes"],
        "incremental_items_joined": inc["items_joined"],
        "threads": full["threads"],
        "status": full["status"],
        "process_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "cpus": os.cpu_count(),
        "note": (
            "embedding ratio measured on a fixed random sample of the same sentences (both "
            "timed in this run); the full analysis embeds all of them"
        ),
    }
    # more increments of the same size: the machine is shared, so one ratio can be one
    # other job's doing; the spread of several says how much
    first = n_docs + inc_docs
    for k in range(1, args.increments):
        populate(store, first, inc_docs, args.per_doc, seed=2 + k, year=year)
        first += inc_docs
        more, more_s, _, _ = timed_analyse(store, None)
        out.setdefault("further_increments", []).append(
            {"s": round(more_s, 1), "ratio": round(more_s / full_s, 3), "steps_s": more["seconds"]}
        )
        log(out)
    print(json.dumps(out, indent=1), flush=True)
    if args.profile:
        for name in ("full", "incremental"):
            print(f"--- {name}: top functions by cumulative time")
            pstats.Stats(os.path.join(args.profile, f"{name}.prof")).sort_stats(
                "cumulative"
            ).print_stats(30)
    store.close()
    return out


def log(out: dict) -> None:
    """Partial results as they come, on stderr (a 100k run takes long)."""
    print(json.dumps(out), file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
