"""A pool of worker processes on this machine (concurrent.futures), for the per-article analysis."""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from khobor.executors import work


def _context():
    """spawn: workers start from a clean process (not a copy of this one's threads and open store), and as
    children of the driver, so they can tell when it is gone (``work.exit_with_parent``)."""
    return multiprocessing.get_context("spawn")


def chunks(items: list, parts: int) -> list[list]:
    """``items`` cut into about ``parts`` consecutive runs (order kept)."""
    size = max(1, -(-len(items) // max(1, parts)))
    return [items[i:i + size] for i in range(0, len(items), size)]


class PoolExecutor:
    """Analyze batches on ``workers`` processes; each worker loads the models once (its initializer).

    One batch is kept in flight ahead of the one being stored, so workers analyze while the
    driver writes. Results come back in input order.
    """

    def __init__(self, workers: int, *, gazetteer: str | Path | None = None):
        self.workers = workers
        self.pool = ProcessPoolExecutor(workers, mp_context=_context(), initializer=work.pool_worker_init,
                                        initargs=(str(gazetteer) if gazetteer else None,))

    def warm(self) -> None:
        """Start every worker now (each loads the models in its initializer) rather than at the first batch."""
        for _ in range(self.workers):
            self.pool.submit(work.ready)

    def _submit(self, batch: list) -> list[Future]:
        return [self.pool.submit(work.analyze_packed, work.pack(part)) for part in chunks(batch, self.workers * 2)]

    def analyze_batches(self, batches: Iterable[list], ahead: int = 1) -> Iterator[list]:
        pending: deque[list[Future]] = deque()
        batches = iter(batches)
        for batch in batches:
            pending.append(self._submit(batch))
            if len(pending) > ahead:
                yield [a for f in pending.popleft() for a in work.unpack(f.result())]
        while pending:
            yield [a for f in pending.popleft() for a in work.unpack(f.result())]

    def map(self, fn: Callable, items: Iterable) -> Iterator:
        return self.pool.map(fn, items)

    def close(self, wait: bool = True) -> None:
        """Stop the workers; ``wait=False`` returns at once and lets them exit (unloading the models takes a
        second or two) beside the next stage."""
        self.pool.shutdown(wait=wait, cancel_futures=True)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, *exc) -> None:
        self.close(wait=exc_type is not None)  # after an error or Ctrl-C: wait until they are gone
