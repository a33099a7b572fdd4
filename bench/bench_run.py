"""End to end: `khobor run` (ingest + analyze + dedup + events + stories) on N documents,
with the time of each stage per article, beside a bare sqlite3 insert of the same texts.

    python bench/bench_run.py [--n 1500]
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
from corpus import CORPUS_NOTE, StageClock, pseudo_articles  # noqa: E402

import khobor  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1500)
    args = parser.parse_args()
    docs = pseudo_articles(args.n, seed=3)
    print(CORPUS_NOTE + "; dates spread over 28 days")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "docs.jsonl"
        src.write_text("\n".join(json.dumps({"title": d["title"], "text": d["text"],
                                             "date": f"2025-03-{1 + d['n'] % 28:02d}T10:00:00+06:00"}, ensure_ascii=False)
                                 for d in docs), encoding="utf-8")
        t0 = time.perf_counter()
        with sqlite3.connect(Path(tmp) / "bare.db") as conn:
            conn.execute("CREATE TABLE t (title TEXT, body TEXT)")
            conn.executemany("INSERT INTO t VALUES (?, ?)", [(d["title"], d["text"]) for d in docs])
        bare = time.perf_counter() - t0
        tick = StageClock()
        seen = tick.seconds

        with khobor.open(str(Path(tmp) / "k.db")) as store:
            t0 = time.perf_counter()
            tick.restart()
            store.ingest([src], on_progress=tick)
            t1 = time.perf_counter()
            tick.restart()
            store.process(on_progress=tick)
            t2 = time.perf_counter()
            summary = store.summary()
    n = args.n
    print(f"documents {n}: articles {summary['articles']}, events {summary['events']}, stories {summary['stories']}, "
          f"entities {summary['entities']}, duplicates {summary['duplicates']}")
    print(f"baseline bare sqlite3 insert: {1000 * bare / n:.3f} ms/document")
    print(f"ingest + clean: {1000 * (t1 - t0) / n:.2f} ms/article")
    for task in ("analyze", "cluster"):
        if task in seen:
            print(f"{task}: {1000 * seen[task] / n:.2f} ms/article")
    print(f"whole run: {n / (t2 - t0):.0f} articles/s ({1000 * (t2 - t0) / n:.1f} ms/article; "
          f"{(t2 - t0) / bare:.0f}x the bare insert; design budget 0.9 ms/article)")


if __name__ == "__main__":
    main()
