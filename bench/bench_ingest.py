"""Ingest 10,000 documents: khobor's ingest (decode, clean, batch transactions, FTS)
against a bare sqlite3 executemany of the same raw texts (the floor any store pays).

    python bench/bench_ingest.py [--n 10000]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import CORPUS_NOTE, pseudo_articles  # noqa: E402

import khobor  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10_000)
    args = parser.parse_args()
    docs = pseudo_articles(args.n)
    print(CORPUS_NOTE)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "docs.jsonl"
        with src.open("w", encoding="utf-8") as f:
            for d in docs:
                f.write(json.dumps({"title": d["title"], "text": d["text"]}, ensure_ascii=False) + "\n")

        t0 = time.perf_counter()
        conn = sqlite3.connect(Path(tmp) / "bare.db")
        conn.execute("CREATE TABLE t (title TEXT, body TEXT)")
        rows = [(r["title"], r["text"]) for r in map(json.loads, src.read_text(encoding="utf-8").splitlines())]
        with conn:
            conn.executemany("INSERT INTO t VALUES (?, ?)", rows)
        conn.close()
        bare = time.perf_counter() - t0

        db = Path(tmp) / "k.db"
        t0 = time.perf_counter()
        with khobor.open(str(db)) as store:
            report = store.ingest([src])
        ours = time.perf_counter() - t0
        size = sum(p.stat().st_size for p in Path(tmp).glob("k.db*"))
    print(f"documents: {args.n}  added: {report.added}  problems: {len(report.problems)}")
    print(f"baseline bare sqlite3 insert: {args.n / bare:,.0f} docs/s")
    print(f"khobor ingest (clean + store + FTS): {args.n / ours:,.0f} docs/s  ({ours:.1f} s)")
    print(f"ratio khobor/baseline time: {ours / bare:.1f}x")
    print(f"store size: {size / 1e6:.1f} MB ({size / args.n / 1024:.1f} KiB per document)")


if __name__ == "__main__":
    main()
