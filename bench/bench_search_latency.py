"""Latency of /api/search on a 100,000-article store, measured from a second process over loopback.

The store is made of pseudo-articles: real Bengali news sentences from the two
NER data sets in ../shared/data (ner-rifat1493, ner-banglakit), recombined at
random (3-15 sentences each, a title from one more sentence, dates spread over
two years, ten invented outlets). The words and their frequencies are real; the
articles are not. The store is kept between runs (rebuilt when the size differs).

The server runs in a subprocess (uvicorn, one worker, read-only store); this
process sends a bounded number of sequential requests with one keep-alive
connection. Baseline, measured in the same run: the same queries through
``Store.search`` in this process (no HTTP, no filters, no entity expansion).

    python bench/bench_search_latency.py [--articles 100000] [--requests 300]
    python bench/bench_search_latency.py --store STORE.db   # an existing store (opened read-only), e.g. a real one

With ``--store`` nothing is built: the queries are drawn the same way from the sentences of 3,000 of
its articles (seeded) and the outlet filter from its own outlets.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import real_sentences  # noqa: E402

import khobor  # noqa: E402
from khobor.model import Article  # noqa: E402
from khobor.store.terms import words  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUTLETS = [f"সংবাদপত্র {i}" for i in range(1, 11)]


def build(db: Path, pool: list[str], n: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    start = time.perf_counter()
    with khobor.open(str(db)) as store:
        batch: list[Article] = []
        for i in range(n):
            body = "\n\n".join(" ".join(rng.sample(pool, rng.randint(1, 3))) for _ in range(rng.randint(3, 5)))
            day = 1 + rng.randrange(730)
            date = time.strftime("%Y-%m-%dT%H:%M:%S+06:00", time.gmtime(1672531200 + day * 86400 + rng.randrange(86400)))
            batch.append(Article(id=f"p{i:07d}", source=f"pseudo/{i}", body=body, title=rng.choice(pool)[:120],
                                 outlet=rng.choice(OUTLETS), published_at=date))
            if len(batch) == 2000:
                store.add_articles(batch)
                batch = []
                print(f"\r  built {i + 1:,} articles ({time.perf_counter() - start:.0f} s)", end="", file=sys.stderr)
        store.add_articles(batch)
    print(f"\r  built {n:,} articles in {time.perf_counter() - start:.0f} s", file=sys.stderr)


def store_sentences(db: Path, n: int = 3000, seed: int = 5) -> tuple[list[str], list[str]]:
    """Sentences of ``n`` of the store's articles (seeded) and its outlets: queries for a store built elsewhere."""
    import re
    import sqlite3

    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        top = conn.execute("SELECT max(seq) FROM articles").fetchone()[0] or 0
        seqs = random.Random(seed).sample(range(1, top + 1), min(n, top))
        bodies = [r[0] for s in range(0, len(seqs), 500) for r in conn.execute(
            f"SELECT body FROM articles WHERE seq IN ({','.join('?' * len(seqs[s:s + 500]))})", seqs[s:s + 500])]
        outlets = [r[0] for r in conn.execute("SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL ORDER BY outlet")]
    pool = sorted({x.strip() for b in bodies for x in re.split(r"(?<=[।!?.])\s+", b) if len(x.strip()) > 20})
    return pool, outlets


def pick_queries(pool: list[str], count: int, seed: int = 11, outlets: list[str] = OUTLETS) -> list[tuple[str, dict[str, str]]]:
    """(group, params): words from the top, middle and tail of the frequency list, two-word and filtered queries."""
    freq = Counter(w for s in pool for w in words(s) if len(w) > 2)
    ranked = [w for w, _ in freq.most_common()]
    rng = random.Random(seed)
    groups = {
        "common word (rank 1-50)": ranked[:50],
        "mid word (rank 500-2000)": ranked[500:2000],
        "rare word (rank 10000+)": ranked[10000:],
    }
    out = []
    for i in range(count):
        kind = i % 5
        if kind < 3:
            name = list(groups)[kind]
            out.append((name, {"q": rng.choice(groups[name])}))
        elif kind == 3:
            out.append(("two words (mid AND mid)", {"q": " ".join(rng.sample(groups["mid word (rank 500-2000)"], 2))}))
        else:
            out.append(("mid word + outlet filter", {"q": rng.choice(groups["mid word (rank 500-2000)"]), "outlet": rng.choice(outlets)}))
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentiles(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return statistics.median(ordered), p95


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=300, help="timed requests (after 20 warm-up requests)")
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--db", type=Path, default=None, help="where to keep the store (default: the temp dir)")
    parser.add_argument("--store", type=Path, default=None, help="measure on this existing store (read-only; nothing built)")
    args = parser.parse_args()
    if args.store:
        db = args.store
        pool, outlets = store_sentences(db)
        with khobor.open(str(db), read_only=True) as store:
            print(f"store: {db} ({db.stat().st_size / 1e6:.0f} MB, {store.count():,} articles); "
                  f"queries from {len(pool):,} sentences of 3,000 of its articles")
        measure(db, pick_queries(pool, args.requests + 20, outlets=outlets), args.requests)
        return
    if not (args.data / "ner-rifat1493").is_dir():
        sys.exit(f"{args.data}: the shared NER data is not there; nothing to build the store from")
    db = args.db or Path(tempfile.gettempdir()) / f"khobor-bench-search-{args.articles}.db"

    pool = list(real_sentences(args.data))
    print(f"{len(pool):,} distinct real sentences recombined into pseudo-articles")
    if db.exists():
        with khobor.open(str(db), read_only=True) as store:
            have = store.count()
        if have != args.articles:
            db.unlink()
    if not db.exists():
        build(db, pool, args.articles)
    print(f"store: {db} ({db.stat().st_size / 1e6:.0f} MB, {args.articles:,} articles)")

    measure(db, pick_queries(pool, args.requests + 20), args.requests)


def measure(db: Path, queries: list[tuple[str, dict[str, str]]], requests: int) -> None:
    """Time the queries over HTTP (after 20 warm-ups) and in-process; print the table."""
    with khobor.open(str(db), read_only=True) as store:  # one untimed pass so both sides find the file in the page cache
        for _, params in queries:
            store.search(params["q"], limit=20)
    port = free_port()
    code = ("import uvicorn; from khobor.serve import create_app; "
            f"uvicorn.run(create_app({str(db)!r}), host='127.0.0.1', port={port}, log_level='warning')")
    server = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=base, timeout=60) as client:
            for _ in range(200):
                try:
                    client.get("/api/stories")
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            for _, params in queries[:20]:
                client.get("/api/search", params=params)
            http: dict[str, list[float]] = {}
            cpu: dict[str, list[float]] = {}  # the server's CPU per request (10 ms ticks: read as a mean over a group)
            totals: dict[str, list[int]] = {}
            serving = psutil.Process(server.pid)
            for group, params in queries[20:]:
                c, t = sum(serving.cpu_times()[:2]), time.perf_counter()
                response = client.get("/api/search", params=params)
                http.setdefault(group, []).append((time.perf_counter() - t) * 1000)
                cpu.setdefault(group, []).append((sum(serving.cpu_times()[:2]) - c) * 1000)
                response.raise_for_status()
                totals.setdefault(group, []).append(response.json()["total"])
    finally:
        server.terminate()
        server.wait(timeout=10)

    direct: dict[str, list[float]] = {}
    with khobor.open(str(db), read_only=True) as store:
        for group, params in queries[20:]:
            t = time.perf_counter()
            store.search(params["q"], limit=20)  # Store.search has no filters: the baseline ignores the outlet
            direct.setdefault(group, []).append((time.perf_counter() - t) * 1000)

    print(f"\n/api/search over HTTP on loopback, {requests} sequential requests from a second process "
          f"(baseline: Store.search in-process on the same queries; server CPU: the server process's mean CPU time per request); "
          f"load average {os.getloadavg()[0]:.1f}")
    print(f"{'queries':<28} {'n':>4} {'median hits':>11} {'p50 ms':>8} {'p95 ms':>8} {'base p50':>9} {'base p95':>9} {'p50 ratio':>9} {'CPU mean':>9}")
    every_http, every_direct, every_cpu = [], [], []
    for group in http:
        p50, p95 = percentiles(http[group])
        b50, b95 = percentiles(direct[group])
        every_http += http[group]
        every_direct += direct[group]
        every_cpu += cpu[group]
        print(f"{group:<28} {len(http[group]):>4} {statistics.median(totals[group]):>11.0f} {p50:>8.1f} {p95:>8.1f} "
              f"{b50:>9.1f} {b95:>9.1f} {p50 / b50:>8.2f}x {statistics.mean(cpu[group]):>9.1f}")
    p50, p95 = percentiles(every_http)
    b50, b95 = percentiles(every_direct)
    print(f"{'all':<28} {len(every_http):>4} {'':>11} {p50:>8.1f} {p95:>8.1f} {b50:>9.1f} {b95:>9.1f} {p50 / b50:>8.2f}x {statistics.mean(every_cpu):>9.1f}")


if __name__ == "__main__":
    main()
