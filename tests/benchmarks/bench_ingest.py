"""Benchmark: ingest throughput against a bare extraction loop over the same files.

    python tests/benchmarks/bench_ingest.py [--n 1000] [--workers 2]

Generates N HTML pages and N PDFs (own text, varied), then for each format measures, each in
a fresh subprocess so peak memory is its own:
  bare    - a plain loop: trafilatura.extract(html) / pypdf text of every page;
  ingest  - policytrail's whole ingest path into a new SQLite store (read, hash, sandboxed
            parse with metadata and dates, store with FTS).
Prints documents/s, MB/s, peak RSS (the process and its workers), and ingest/bare time ratio.
The machine is shared and noisy: compare the ratio, measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TOPICS = [
    ("placements", "the cost of residential placements for looked-after children"),
    ("workforce", "agency social workers and caseloads in children's services"),
    ("demand", "referrals, child protection enquiries and plans"),
    ("funding", "the gap between council budgets and spending on children's services"),
    ("inspection", "inspection judgements of local authority children's services"),
]
WORDS = ("council", "children", "care", "budget", "demand", "placement", "review", "report",
         "social", "worker", "family", "support", "spending", "pressure", "service", "local")


def paragraph(rng: random.Random, topic: str) -> str:
    n = rng.randint(40, 90)
    words = [rng.choice(WORDS) for _ in range(n)]
    return f"On {topic}, " + " ".join(words) + f", rising by {rng.randint(2, 40)}% since 2015."


def make_html(i: int, rng: random.Random) -> str:
    key, topic = TOPICS[i % len(TOPICS)]
    paras = "".join(f"<p>{paragraph(rng, topic)}</p>\n" for _ in range(rng.randint(6, 14)))
    year = 2015 + i % 10
    return (
        f"<!doctype html><html><head><title>Briefing {i} on {key}</title>"
        f'<meta name="author" content="Analyst {i % 17}">'
        f'<meta property="og:site_name" content="Sector Body {i % 7}">'
        f'<meta property="article:published_time" content="{year}-0{1 + i % 9}-1{i % 9}">'
        f"</head><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>Briefing {i} on {key}</h1>{paras}</article>"
        f"<footer>Copyright Sector Body. Contact us.</footer></body></html>"
    )


def make_pdf(path: Path, i: int, rng: random.Random) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    key, topic = TOPICS[i % len(TOPICS)]
    for _page in range(rng.randint(2, 4)):
        y = 800
        text = c.beginText(50, y)
        for _ in range(30):
            line = " ".join(rng.choice(WORDS) for _ in range(12))
            text.textLine(line)
        c.drawText(text)
        c.drawString(50, 60, f"Report {i} on {key}: {topic[:40]}")
        c.showPage()
    c.save()


def generate(folder: Path, n: int) -> None:
    rng = random.Random(42)
    (folder / "html").mkdir(parents=True)
    (folder / "pdf").mkdir()
    for i in range(n):
        (folder / "html" / f"page{i:05d}.html").write_text(make_html(i, rng), encoding="utf-8")
        make_pdf(folder / "pdf" / f"report{i:05d}.pdf", i, rng)


def peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024


def run_bare(folder: Path) -> dict:
    files = sorted(folder.iterdir())
    t0 = time.perf_counter()
    chars = 0
    for f in files:
        data = f.read_bytes()
        if f.suffix == ".html":
            import trafilatura

            chars += len(trafilatura.extract(data.decode("utf-8")) or "")
        else:
            from pypdf import PdfReader

            chars += sum(len(p.extract_text() or "") for p in PdfReader(f).pages)
    return {"seconds": time.perf_counter() - t0, "chars": chars}


def run_ingest(folder: Path, workers: int) -> dict:
    from pipeline.acquire.ingest import ingest_paths
    from pipeline.settings import Settings
    from pipeline.store.db import Store

    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "bench.db")
        t0 = time.perf_counter()
        report = ingest_paths(store, [str(folder)], Settings(workers=workers))
        secs = time.perf_counter() - t0
        store.close()
    return {"seconds": secs, "summary": report.summary()}


def child(mode: str, folder: Path, workers: int) -> None:
    import trafilatura  # noqa: F401 - import cost is not part of either loop
    from pypdf import PdfReader  # noqa: F401

    result = run_bare(folder) if mode == "bare" else run_ingest(folder, workers)
    result["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(result))


def measure(mode: str, folder: Path, workers: int) -> dict:
    proc = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--folder", str(folder),
         "--workers", str(workers)],
        capture_output=True, text=True, check=True,
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--child")
    ap.add_argument("--folder")
    args = ap.parse_args()
    if args.child:
        child(args.child, Path(args.folder), args.workers)
        return
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        t0 = time.perf_counter()
        generate(root, args.n)
        print(f"generated {args.n} HTML + {args.n} PDF in {time.perf_counter() - t0:.1f}s")
        for fmt in ("html", "pdf"):
            folder = root / fmt
            mb = sum(f.stat().st_size for f in folder.iterdir()) / 1e6
            bare = measure("bare", folder, args.workers)
            ing = measure("ingest", folder, args.workers)
            for name, r in (("bare loop", bare), ("ingest", ing)):
                print(f"{fmt:4} {name:9}: {args.n / r['seconds']:7.1f} docs/s "
                      f"{mb / r['seconds']:6.2f} MB/s  {r['seconds']:6.1f}s  "
                      f"peak RSS {r['peak_rss_mb']:.0f} MB")
            print(f"{fmt:4} ratio ingest/bare time: {ing['seconds'] / bare['seconds']:.2f}x "
                  f"(workers={args.workers}; {ing['summary']})")


if __name__ == "__main__":
    main()
