"""Where the per-article work runs: in this process, in a pool of processes, or on a Dask cluster.

Cleaning needs the line statistics of the articles read before it, so it stays in the
driver; analysis of one article depends on nothing else and is what the pool runs, with
the part of each article's event profile that its words alone give (khobor.cluster.pairs.text_part).
Every executor gives results back in input order, so a parallel run stores exactly
what a serial run stores. The store is only ever written by the driver.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from khobor.errors import KhoborError

EXECUTORS = ("serial", "process", "dask")


def default_workers() -> int:
    """The cores this process may use (CPU affinity, not the machine's total)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class Serial:
    """Today's path: analyze in this process."""

    workers = 1

    def __init__(self, gazetteer: str | Path | None = None):
        self.gazetteer = gazetteer

    def analyze_batches(self, batches: Iterable[list]) -> Iterator[list]:
        from khobor.executors import work

        tagger = work.make_tagger(self.gazetteer)
        for batch in batches:
            yield work.analyze_chunk(batch, tagger)

    def map(self, fn: Callable, items: Iterable) -> Iterator:
        return map(fn, items)

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def make_executor(kind: str = "process", workers: int | None = None, *, scheduler: str | None = None,
                  gazetteer: str | Path | None = None):
    """An executor by name; ``workers`` 1 (or a single core) is the serial path whatever ``kind`` says."""
    if kind not in EXECUTORS:
        raise KhoborError(f"unknown executor {kind!r} (choose from {', '.join(EXECUTORS)})")
    if workers is not None and workers < 1:
        raise KhoborError(f"--workers must be at least 1 (got {workers})")
    if kind == "dask":
        from khobor.executors.dask import DaskExecutor

        return DaskExecutor(workers=workers, scheduler=scheduler, gazetteer=gazetteer)
    workers = workers or default_workers()
    if kind == "serial" or workers == 1:
        return Serial(gazetteer)
    from khobor.executors.pool import PoolExecutor

    return PoolExecutor(workers, gazetteer=gazetteer)
