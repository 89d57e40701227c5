"""Benchmark: the crawler against a bare httpx loop over the same local site.

    python tests/benchmarks/bench_crawl.py [--n 5000] [--frontier 100000]

Serves a generated site of N article pages (distinct text each) plus a sitemap listing
them, on 127.0.0.1, from a separate server process. Then, each in its own child process so
peak memory is its own (sampled with psutil):

  httpx    - a bare ``httpx.Client`` loop GETting the N page URLs one after another;
  crawler  - ``policytrail crawl`` of the sitemap with --delay 0: robots.txt, the guard,
             retries, WARC capture, parsing, MinHash, one transaction per page;
  frontier - the same crawler started on a store whose frontier holds F queued URLs,
             stopped after 300 pages: its peak memory next to the N-page crawl's shows the
             frontier lives in the database, not in memory.

Prints pages/s, peak RSS and the crawler/httpx time ratio. The machine is shared and noisy:
compare figures taken in the same run.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[2]
WORDS = [
    "council",
    "children",
    "social",
    "care",
    "placements",
    "funding",
    "demand",
    "workforce",
    "grant",
    "budget",
    "review",
    "inspection",
    "ofsted",
    "local",
    "authority",
    "spending",
    "pressure",
    "committee",
    "report",
    "recommendation",
    "department",
    "government",
    "minister",
    "services",
    "families",
    "support",
    "early",
    "help",
]


def page(n: int) -> bytes:
    rnd = random.Random(n)
    paras = "".join(
        "<p>" + " ".join(rnd.choice(WORDS) for _ in range(60)) + f" ({n}.{i})</p>" for i in range(5)
    )
    return (
        f"<!doctype html><html><head><title>Page {n}</title></head><body><main><article>"
        f"<h1>Page {n}</h1>{paras}</article></main></body></html>"
    ).encode()


def serve(n: int, port_file: str) -> None:
    """The site, in its own process (so its CPU is not counted in either client's RSS)."""

    class H(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        wbufsize = 1 << 16  # headers and body in one send: no Nagle/delayed-ACK stalls

        def log_message(self, *a: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            base = f"http://127.0.0.1:{self.server.server_address[1]}"
            if self.path == "/robots.txt":
                body, ctype = b"User-agent: *\nAllow: /\n", "text/plain"
            elif self.path == "/sitemap.xml":
                urls = "".join(f"<url><loc>{base}/p/{i}</loc></url>" for i in range(n))
                body = (
                    '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/'
                    f'sitemap/0.9">{urls}</urlset>'
                ).encode()
                ctype = "application/xml"
            elif self.path.startswith("/p/"):
                number = int(self.path[3:].split("?")[0])
                body, ctype = page(number), "text/html; charset=utf-8"
            else:
                body, ctype = b"no", "text/plain"
            self.send_response(200 if ctype != "text/plain" or body != b"no" else 404)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    srv = ThreadingHTTPServer(("127.0.0.1", 0), H)
    srv.daemon_threads = True
    Path(port_file).write_text(str(srv.server_address[1]))
    srv.serve_forever()


SERVE_CODE = (
    f"import sys; sys.path.insert(0, {str(REPO)!r}); "
    "from tests.benchmarks.bench_crawl import serve; "
)

HTTPX_LOOP = """
import sys, time, httpx
urls = open(sys.argv[1]).read().split()
t = time.perf_counter(); n = 0
with httpx.Client(timeout=30) as c:
    for u in urls:
        r = c.get(u); n += len(r.content)
print(time.perf_counter() - t, n)
"""


def run_measured(cmd: list[str]) -> tuple[float, int, str]:
    """Run a child, sampling its (and its children's) RSS; return wall s, peak bytes, stdout."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    ps = psutil.Process(proc.pid)
    peak = 0
    while proc.poll() is None:
        try:
            rss = ps.memory_info().rss + sum(
                c.memory_info().rss for c in ps.children(recursive=True)
            )
            peak = max(peak, rss)
        except psutil.Error:
            pass
        time.sleep(0.05)
    out, err = proc.communicate()
    if proc.returncode:
        raise SystemExit(f"child failed ({proc.returncode}): {err[-2000:]}")
    return time.perf_counter() - t0, peak, out


def crawl_cmd(tmp: Path, db: Path, urls: list[str], max_pages: int | None) -> list[str]:
    from pipeline.acquire.crawl import _settings_json
    from pipeline.settings import Settings

    settings = Settings(crawl_per_host=2, crawl_concurrency=16, sources_file=str(tmp / "none.toml"))
    req = tmp / f"req-{db.stem}.json"
    req.write_text(
        json.dumps(
            {
                "store_path": str(db),
                "urls": urls,
                "sources": [],
                "settings": _settings_json(settings),
                "since": None,
                "max_pages": max_pages,
                "delay": 0.0,
                "allow_private": True,
                "quiet": True,
            }
        )
    )
    return [
        sys.executable,
        "-m",
        "pipeline.acquire.crawl",
        "--request",
        str(req),
        "--summary",
        str(tmp / f"summary-{db.stem}.json"),
    ]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=5000)
    ap.add_argument("--frontier", type=int, default=100_000)
    args = ap.parse_args()
    mb = 1024 * 1024
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        port_file = tmp / "port"
        server = subprocess.Popen(
            [sys.executable, "-c", f"{SERVE_CODE}serve({args.n}, {str(port_file)!r})"],
            cwd=REPO,
        )
        try:
            for _ in range(200):
                if port_file.exists() and port_file.read_text():
                    break
                time.sleep(0.05)
            base = f"http://127.0.0.1:{port_file.read_text()}"
            urls = [f"{base}/p/{i}" for i in range(args.n)]
            (tmp / "urls.txt").write_text("\n".join(urls))

            wall_h, peak_h, out = run_measured(
                [sys.executable, "-c", HTTPX_LOOP, str(tmp / "urls.txt")]
            )
            loop_s = float(out.split()[0])

            db = tmp / "crawl.db"
            wall_c, peak_c, _ = run_measured(crawl_cmd(tmp, db, [f"{base}/sitemap.xml"], None))
            summary = json.loads((tmp / "summary-crawl.json").read_text())
            stored = summary["totals"]["stored"]

            # A frontier of F queued URLs in a fresh store, then 300 pages of crawling.
            from pipeline.acquire.frontier import Frontier, NewLink
            from pipeline.store.db import Store

            fdb = tmp / "frontier.db"
            store = Store.open(fdb)
            host = "127.0.0.1"
            links = (
                NewLink(f"{base}/p/{i % args.n}?copy={i}", host, "", 1)
                for i in range(args.frontier)
            )
            t0 = time.perf_counter()
            Frontier(store).start(list(links), revisit_before=None)
            fill_s = time.perf_counter() - t0
            store.close()
            wall_f, peak_f, _ = run_measured(crawl_cmd(tmp, fdb, [], 300))
            fsum = json.loads((tmp / "summary-frontier.json").read_text())
        finally:
            server.terminate()
            server.wait()

    crawl_s = summary["seconds"]
    print(f"site: {args.n} pages on 127.0.0.1, delay 0, 2 connections per host")
    print(
        f"httpx loop : {args.n / loop_s:8.1f} pages/s  ({loop_s:.1f}s fetch only; "
        f"peak RSS {peak_h / mb:.0f} MB)"
    )
    print(
        f"crawler    : {summary['totals']['fetched'] / crawl_s:8.1f} pages/s  "
        f"({crawl_s:.1f}s crawl, {wall_c:.1f}s with process start; {stored} stored; "
        f"peak RSS {peak_c / mb:.0f} MB incl. the whole pipeline)"
    )
    print(
        f"ratio      : crawler takes {crawl_s / loop_s:.1f}x the bare loop's time "
        f"({wall_c / wall_h:.1f}x wall, process starts included)"
    )
    print(
        f"frontier   : {args.frontier} URLs queued in {fill_s:.1f}s; crawling 300 of them "
        f"peaked at {peak_f / mb:.0f} MB RSS ({fsum['queued_left']} left queued) vs "
        f"{peak_c / mb:.0f} MB for the {args.n}-page crawl: the frontier is in the database"
    )


if __name__ == "__main__":
    main()
