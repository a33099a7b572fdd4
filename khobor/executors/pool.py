"""A pool of worker processes on this machine (concurrent.futures), for the per-article analysis."""

from __future__ import annotations

import importlib.machinery
import multiprocessing
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import context
from pathlib import Path

from khobor.executors import work

_NO_MAIN = importlib.machinery.ModuleSpec("__main__", None)


def _popen_without_main(popen, process_obj):
    """Start a worker that does not run the driver's main module again. multiprocessing re-imports it in each
    child (for functions defined there), but the pool's tasks live in ``work``, while a driver's main module (the
    ``khobor`` script, a benchmark) imports the whole package, store and CLI included: 0.4-0.6 CPU-s a worker for
    nothing. While the child is launched, the main module is named ``__main__``, which the child leaves alone.
    (So a function given to ``map`` must be importable, not defined in the driver's main script.)"""
    main = sys.modules["__main__"]
    spec = getattr(main, "__spec__", None)
    main.__spec__ = _NO_MAIN
    try:
        return popen(process_obj)
    finally:
        main.__spec__ = spec


class _WorkerProcess(context.SpawnProcess):
    @staticmethod
    def _Popen(process_obj):
        return _popen_without_main(context.SpawnProcess._Popen, process_obj)


class _SpawnContext(context.SpawnContext):
    Process = _WorkerProcess


class _ForkedWorker(context.ForkServerProcess):
    @staticmethod
    def _Popen(process_obj):
        return _popen_without_main(context.ForkServerProcess._Popen, process_obj)


class _ForkServerContext(context.ForkServerContext):
    Process = _ForkedWorker


PRELOAD = "khobor.executors.preload"  # what the fork server imports before it forks a worker: the models


def _context():
    """Where the system has it, a fork server: one clean process (not a copy of this one's threads and open store)
    that loads the models once (``preload``) and forks each worker from itself, so a worker starts with them
    instead of loading its own. Elsewhere spawn: each worker a clean process that loads them. Either way the
    workers can tell when the driver is gone (``work.exit_with_parent``)."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return _SpawnContext()
    ctx = _ForkServerContext()
    ctx.set_forkserver_preload([PRELOAD])
    return ctx


def stop_server() -> None:
    """End the fork server once the pool's workers are gone (it waits for them: their end is reported by it).
    It would otherwise idle until this process exits; ended here, its CPU and that of the workers it reaped
    count among this process's children (``resource.RUSAGE_CHILDREN``), as spawned workers' do."""
    for process in multiprocessing.active_children():
        process.join()
    if "forkserver" in multiprocessing.get_all_start_methods():
        from multiprocessing import forkserver

        forkserver._forkserver._stop()


def chunks(items: list, parts: int) -> list[list]:
    """``items`` cut into about ``parts`` consecutive runs (order kept)."""
    size = max(1, -(-len(items) // max(1, parts)))
    return [items[i:i + size] for i in range(0, len(items), size)]


AHEAD = 3  # batches in flight: one ahead left the workers idle while the driver clustered (a batch costs it
# more than the workers' share of analyzing one) and the driver idle while the first batch was analyzed


class PoolExecutor:
    """Analyze batches on ``workers`` processes; each worker loads the models once (its initializer).

    ``AHEAD`` batches are kept in flight beyond the one being stored, so the workers never wait for the
    driver: while it clusters one batch they analyze the next ones, and at the start it reads (cleans and
    stores) the next batches while they analyze the first. Results come back in input order.
    """

    def __init__(self, workers: int, *, gazetteer: str | Path | None = None):
        self.workers = workers
        self.starting: threading.Thread | None = None  # ``warm``'s
        self.pool = ProcessPoolExecutor(workers, mp_context=_context(), initializer=work.pool_worker_init,
                                        initargs=(str(gazetteer) if gazetteer else None,))
        self._lock = threading.Lock()
        self._started = True  # False while ``warm``'s thread starts the workers
        self._held: list[list] = []  # parts handed over meanwhile: sent by that thread once the workers are up

    def warm(self) -> None:
        """Start every worker now rather than at the first batch. From a thread: starting a worker waits until
        the fork server has loaded the models, while this process can read its input meanwhile. Parts handed
        to the pool meanwhile are held and sent by that thread as soon as the workers are up: a submit would
        wait for the start to end (the pool starts a process under the lock a submit takes), and the driver
        would stop reading until the models were loaded (about a second on a quiet machine)."""
        def start() -> None:
            try:
                for _ in range(self.workers):
                    self.pool.submit(work.ready)
            except RuntimeError:  # closed meanwhile
                pass
            finally:
                with self._lock:
                    self._started = True
                    held, self._held = self._held, []
                    for entry in held:
                        self._send(entry)

        self._started = False
        self.starting = threading.Thread(target=start, name="start-workers", daemon=True)
        self.starting.start()

    def _send(self, entry: list) -> None:
        try:
            entry[0] = self.pool.submit(work.analyze_profiled, entry[2])
        except RuntimeError:  # closed meanwhile: the driver is told when it asks for the result
            pass
        entry[2] = None

    def _submit(self, batch: list) -> list[list]:
        """Each part of ``batch`` sent to the pool (or held until the workers are up), as [future, articles, rows]
        (the results are filled into the articles)."""
        entries = [[None, part, work.pack(part)] for part in chunks(batch, self.workers * 2)]
        with self._lock:
            if self._started:
                for entry in entries:
                    self._send(entry)
            else:
                self._held.extend(entries)
        return entries

    def _future(self, entry: list) -> Future:
        """The part's future; a part still held is sent once the workers are up, which is waited for here."""
        if entry[0] is None and self.starting is not None:
            self.starting.join()
        if entry[0] is None:
            raise RuntimeError("the pool was closed before this part was sent")
        return entry[0]

    def analyze_batches(self, batches: Iterable[list], ahead: int | None = None) -> Iterator[list]:
        for batch, _ in self.analyze_marked(batches, ahead):
            yield batch

    def analyze_marked(self, batches: Iterable[list], ahead: int | None = None,
                       each: Callable[[list], object] | None = None,
                       idle: Callable[[], object] | None = None) -> Iterator[tuple[list, bool]]:
        """(analyzed batch, is it the last?) in input order. Whether a batch is the last is known from the input,
        not from the next batch's result, so the driver never waits for a batch beyond the one it stores.
        ``each(articles)`` is called on each part of a batch, in order, as soon as it is back: the driver works on
        the first parts while the workers finish the others (the first batch is otherwise all waiting).
        ``idle()`` is called once, the first time a part is not back when asked for (the driver would wait): work
        it has to do anyway and that needs no analysis (loading what the later stages use) is done there, in the
        wait for the first batch, rather than after it, when the driver is the run's slowest part."""
        ahead = AHEAD if ahead is None else ahead
        pending: deque[list[list]] = deque()
        batches = iter(batches)
        more = True

        def fill(size: int) -> None:
            nonlocal more
            while more and len(pending) < size:
                batch = next(batches, None)
                if batch is None:
                    more = False
                else:
                    pending.append(self._submit(batch))

        fill(ahead + 1)
        while pending:
            head = pending.popleft()
            fill(max(1, ahead))  # read the next batch while the workers finish this one; none left: this is the last
            done = []
            for entry in head:
                future = self._future(entry)
                if idle is not None and not future.done():
                    idle, warm = None, idle
                    warm()
                part = work.unpack_profiled(future.result(), entry[1])
                if each is not None:
                    each(part)
                done += part
            yield done, not pending

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
