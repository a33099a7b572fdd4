"""The store on SQLite and on PostgreSQL: writing articles and searching them, side by side.

Pseudo-articles (real Bengali news sentences recombined, see corpus.py) are added in
batches of 500 as `khobor ingest` adds them (one transaction each, full-text index
included), then the same queries (one or two words drawn from the corpus) run through
``Store.search`` on each. Baseline, in the same run: a bare sqlite3 insert of the same
texts. PostgreSQL is the server at --pg URL, or a throwaway one started from Debian's
binaries as the tests start it.

    python bench/bench_store_backends.py [--n 10000] [--queries 200] [--pg postgresql://...]
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT / "tests"))
from corpus import CORPUS_NOTE, pseudo_articles  # noqa: E402

import khobor  # noqa: E402
from khobor.model import Article  # noqa: E402
from khobor.store.terms import words  # noqa: E402


def articles(n: int) -> list[Article]:
    return [Article(id=f"{i:016x}", source=f"bench/{i}.txt", title=d["title"], body=d["text"], outlet=f"outlet {i % 10}",
                    published_at=f"2025-03-{1 + i % 28:02d}T10:00:00+06:00") for i, d in enumerate(pseudo_articles(n, seed=5))]


def queries(docs: list[Article], count: int) -> list[str]:
    rng = random.Random(7)
    out = []
    while len(out) < count:
        ws = [w for w in words(rng.choice(docs).body) if len(w) > 3]
        if ws:
            out.append(" ".join(rng.sample(ws, min(len(ws), rng.choice((1, 2))))))
    return out


def measure(label: str, url: str, docs: list[Article], qs: list[str]) -> None:
    with khobor.open(url) as store:
        t0 = time.perf_counter()
        for start in range(0, len(docs), 500):
            store.add_articles(docs[start:start + 500])
        write = time.perf_counter() - t0
        store.search(qs[0])  # warm the connection pool and caches
        found = {}
        for loose in (False, True) if not store.is_sqlite else (False,):
            times, hits = [], 0
            for q in qs:
                t = time.perf_counter()
                hits += store.search(q, limit=20, loose=loose).total
                times.append(1000 * (time.perf_counter() - t))
            times.sort()
            found[loose] = (statistics.median(times), times[int(0.95 * (len(times) - 1))], hits / len(qs))
    p50, p95, hits = found[False]
    print(f"{label:<11} add: {len(docs) / write:7.0f} articles/s ({1000 * write / len(docs):.2f} ms/article)   "
          f"search: p50 {p50:6.1f} ms, p95 {p95:6.1f} ms, mean hits {hits:.0f}")
    if True in found:
        p50, p95, hits = found[True]
        print(f"{'':<11} loose search (other spellings, pg_trgm): p50 {p50:6.1f} ms, p95 {p95:6.1f} ms, mean hits {hits:.0f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--pg", help="an empty PostgreSQL database to use (default: start a throwaway server)")
    args = parser.parse_args()
    docs = articles(args.n)
    qs = queries(docs, args.queries)
    print(f"{CORPUS_NOTE}; {args.n} articles, {args.queries} queries of one or two words, 20 hits a page")
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        with sqlite3.connect(Path(tmp) / "bare.db") as conn:
            conn.execute("CREATE TABLE t (title TEXT, body TEXT)")
            conn.executemany("INSERT INTO t VALUES (?, ?)", [(d.title, d.body) for d in docs])
        bare = time.perf_counter() - t0
        print(f"baseline    bare sqlite3 insert: {args.n / bare:7.0f} articles/s")
        measure("sqlite", str(Path(tmp) / "k.db"), docs, qs)
    if args.pg:
        measure("postgresql", args.pg, docs, qs)
        return
    from postgres_server import TEMPLATE, Server, _binaries

    folder = _binaries()
    if folder is None:
        print("postgresql  skipped: no initdb/pg_ctl found (apt-get install postgresql, or pass --pg URL)")
        return
    server = Server(folder)
    try:
        server.start()
        server.execute(f"CREATE DATABASE {TEMPLATE}")
        measure("postgresql", server.url(TEMPLATE), docs, qs)
        print("(a throwaway server on a Unix socket, started with fsync off as in the tests)")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
