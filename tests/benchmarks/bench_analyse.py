"""Benchmark: the analyse stage on N synthetic items, full and incremental.

    python tests/benchmarks/bench_analyse.py [--n 100000] [--incremental 1000] [--db PATH]

Builds a store with N synthetic items (own template text: recommendations, figures, quotes in
documents from 20 publishers over ten years; every sentence unique), then in one process:

  bare        SentenceTransformer.encode of the N item sentences (same model, batch size and
              normalisation as policytrail), sentences/s;
  full        analyse(store, rebuild=True): embed (cache empty), themes, threads, status;
  increment   add --incremental items in new documents, analyse(store) again.

Prints a JSON summary: seconds per step, sentences/s of bare vs policytrail's embedding step
(ratio should be <= 1.1), incremental/full time ratio (target <= 0.1), peak RSS of the process.
The machine is shared and noisy: compare ratios measured in the same run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

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


def make_doc(i: int, rng: random.Random, per_doc: int) -> tuple[dict, list[tuple[str, dict]]]:
    """One synthetic document: its row and its items as (kind, row)."""
    year = 2015 + i % 10
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


def populate(store: Store, first: int, n_docs: int, per_doc: int, seed: int) -> int:
    rng = random.Random(seed)
    n = 0
    with store.transaction() as conn:
        for i in range(first, first + n_docs):
            doc, items = make_doc(i, rng, per_doc)
            doc_id = conn.execute(insert(s.document).values(**doc)).inserted_primary_key[0]
            by_kind: dict[str, list[dict]] = {}
            for kind, row in items:
                by_kind.setdefault(kind, []).append({**row, "document_id": doc_id})
            for kind, rows in by_kind.items():
                conn.execute(insert(s.ITEM_TABLES[kind]), rows)
                n += len(rows)
    return n


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000, help="synthetic items")
    ap.add_argument("--incremental", type=int, default=1000, help="items added afterwards")
    ap.add_argument("--per-doc", type=int, default=12, help="items per document")
    ap.add_argument("--db", default=None, help="store path (default: a temp file)")
    args = ap.parse_args(argv)

    from pipeline.analyse.corpus import load_items
    from pipeline.analyse.embeddings import BATCH_SIZE, load_model
    from pipeline.analyse.run import analyse

    db = args.db or str(Path(tempfile.mkdtemp(prefix="bench_analyse_")) / "bench.db")
    store = Store.open(db)
    n_docs = max(1, args.n // args.per_doc)
    t = time.perf_counter()
    n_items = populate(store, 0, n_docs, args.per_doc, seed=1)
    build_s = time.perf_counter() - t

    model = load_model()
    sentences = [it.theme_text for it in load_items(store)]
    t = time.perf_counter()
    model.encode(
        sentences,
        batch_size=BATCH_SIZE,
        normalize_embeddings=True,
        convert_to_numpy=True,
        show_progress_bar=False,
    )
    bare_s = time.perf_counter() - t

    t = time.perf_counter()
    full = analyse(store, rebuild=True)
    full_s = time.perf_counter() - t

    inc_docs = max(1, args.incremental // args.per_doc)
    added = populate(store, n_docs, inc_docs, args.per_doc, seed=2)
    t = time.perf_counter()
    inc = analyse(store)
    inc_s = time.perf_counter() - t

    embed_s = full["seconds"]["embed"]
    out = {
        "items": n_items,
        "documents": n_docs,
        "store_build_s": round(build_s, 1),
        "bare_encode_s": round(bare_s, 1),
        "bare_sentences_per_s": round(len(sentences) / bare_s, 1),
        "policytrail_embed_s": round(embed_s, 1),
        "policytrail_sentences_per_s": round(full["embedded"] / embed_s, 1) if embed_s else None,
        "embed_time_ratio": round(embed_s / bare_s, 3),
        "full_s": round(full_s, 1),
        "full_steps_s": full["seconds"],
        "incremental_items": added,
        "incremental_s": round(inc_s, 1),
        "incremental_steps_s": inc["seconds"],
        "incremental_ratio": round(inc_s / full_s, 3),
        "incremental_embedded": inc["embedded"],
        "themes": full["themes"],
        "threads": full["threads"],
        "status": full["status"],
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "cpus": os.cpu_count(),
    }
    print(json.dumps(out, indent=1))
    store.close()
    return out


if __name__ == "__main__":
    main()
