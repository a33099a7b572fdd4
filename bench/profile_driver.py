"""Where the driver of a pooled run spends its CPU: seconds per stage function, measured without a profiler's overhead.

    python bench/profile_driver.py [--workers 2] [bench_real_news.py options]
    WATCH_MORE=khobor.store.state:StateRepository.put_parts,... python bench/profile_driver.py  # more rows

Runs ``bench_real_news.py --no-eval`` with the driver's stage functions wrapped: each adds the CPU time of the
calling thread (``time.thread_time``) it took, counted once when it calls itself. cProfile triples the driver's
Python CPU (every call is timed) while C code (the embedding engine, SQLite) is not slowed, so its shares mislead;
these totals add up to the driver CPU the bench prints. Rows nest (``ClusterSession.add`` holds the events stage,
which holds ``_embed``); a generator's row counts only the CPU spent inside it between two items.
"""

from __future__ import annotations

import atexit
import collections
import functools
import importlib
import inspect
import os
import runpy
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

WATCHED = [  # (module, function or Class.method)
    ("khobor.pipeline", "ingest_steps"), ("khobor.pipeline", "clean_words"), ("khobor.store", "Store.add_articles"),
    ("khobor.store.search", "SqliteSearch.index"), ("khobor.pipeline", "analyzed_batches"),
    ("khobor.analyze.entities", "EntityResolver.partial_fit"), ("khobor.store", "Store.update_articles"),
    ("khobor.store", "Store.save_stage"), ("khobor.store", "Store.upsert_entities"),
    ("khobor.store.articles", "article"), ("khobor.store.articles", "row"),
    ("khobor.pipeline", "ClusterSession.add"), ("khobor.dedup", "Deduper.partial_fit"),
    ("khobor.cluster.events", "EventClusterer.partial_fit"), ("khobor.cluster.events", "EventClusterer._choose"),
    ("khobor.cluster.events", "EventClusterer._cross_choice"), ("khobor.cluster.events", "EventClusterer._embed"),
    ("khobor.cluster.events", "EventClusterer._storyline"), ("khobor.cluster.stories", "StoryLinker.partial_fit"),
    ("khobor.pipeline", "save_stages"), ("khobor.store", "Store.upsert_groups"), ("khobor.pipeline", "anchor_undated"),
    ("khobor.executors.work", "unpack_profiled"), ("khobor.executors.pool", "PoolExecutor._submit"),
]

CPU: collections.Counter = collections.Counter()
CALLS: collections.Counter = collections.Counter()
_depth: collections.Counter = collections.Counter()


def _timed(key: str, fn):
    if inspect.isgeneratorfunction(fn):
        @functools.wraps(fn)
        def gen(*args, **kwargs):
            items = fn(*args, **kwargs)
            CALLS[key] += 1
            while True:
                start = time.thread_time()
                try:
                    item = next(items)
                except StopIteration:
                    CPU[key] += time.thread_time() - start
                    return
                CPU[key] += time.thread_time() - start
                yield item
        return gen

    @functools.wraps(fn)
    def call(*args, **kwargs):
        _depth[key] += 1
        start = time.thread_time()
        try:
            return fn(*args, **kwargs)
        finally:
            _depth[key] -= 1
            if not _depth[key]:
                CPU[key] += time.thread_time() - start
                CALLS[key] += 1
    return call


def watch() -> None:
    more = [tuple(x.split(":")) for x in os.environ.get("WATCH_MORE", "").split(",") if x]  # module:function more
    for module, name in WATCHED + more:
        owner = importlib.import_module(module)
        if "." in name:
            cls, name = name.split(".")
            owner = getattr(owner, cls)
        key = f"{module.rsplit('.', 1)[-1]}.{owner.__name__ + '.' if isinstance(owner, type) else ''}{name}"
        setattr(owner, name, _timed(key, getattr(owner, name)))


def report() -> None:
    total = time.thread_time()
    print(f"\ndriver main thread: {total:.2f} CPU-s (process {time.process_time():.2f})")
    print(f"{'function':45s} {'CPU-s':>7s} {'share':>6s} {'calls':>6s}")
    for key, seconds in CPU.most_common():
        print(f"{key:45s} {seconds:7.2f} {seconds / total:6.1%} {CALLS[key]:6d}")


def main() -> None:
    sys.path.insert(0, str(HERE))
    args = sys.argv[1:]
    if "--workers" not in args:
        args = ["--workers", "2", *args]
    watch()
    atexit.register(report)
    sys.argv = [str(HERE / "bench_real_news.py"), *args, "--no-eval"]
    runpy.run_path(sys.argv[0], run_name="__main__")


if __name__ == "__main__":
    main()
