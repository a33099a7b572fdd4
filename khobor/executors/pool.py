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


def routed(batch: list, workers: int, runs_each: int = 2) -> list[tuple[int, list]]:
    """``batch`` cut for the workers: (worker, run) pairs, ``runs_each`` runs a worker, in the order to send them.

    The articles are ordered by language (by their letters, ``features.language``: Bengali first; otherwise as
    given) and cut into runs of about equal text; consecutive runs go to one worker, so a worker sees mostly one
    language. Its memos (the tagger's words and sentences, spaCy's lexemes and tokens, the names' keys it sent) then
    miss once per language, not once per worker, and its network batches hold one language: on the dev corpus in
    date order (batches of both languages) two workers spent 16.7 CPU-s instead of 17.3 with parts cut in input
    order. A run is analyzed as any part is: the results do not depend on which worker, or beside which reports,
    a report is analyzed."""
    from khobor.cluster.features import language

    order = sorted(batch, key=lambda a: language(a) != "bn")
    count = workers * runs_each
    costs = [len(a.body or "") + len(a.title or "") + 500 for a in order]
    total, cut, runs, start, spent = sum(costs), 1, [], 0, 0
    for i, cost in enumerate(costs):
        spent += cost
        if cut < count and spent >= total * cut / count:
            runs.append(order[start:i + 1])
            start, cut = i + 1, cut + 1
    runs.append(order[start:])
    runs += [[]] * (count - len(runs))
    # worker w gets runs w * runs_each ...; sent round by round, so that every worker starts at once
    return [(w, runs[w * runs_each + k]) for k in range(runs_each) for w in range(workers) if runs[w * runs_each + k]]


AHEAD = 3  # batches in flight: one ahead left the workers idle while the driver clustered (a batch costs it
# more than the workers' share of analyzing one) and the driver idle while the first batch was analyzed


class PoolExecutor:
    """Analyze batches on ``workers`` processes; each worker loads the models once (its initializer).

    ``AHEAD`` batches are kept in flight beyond the one being stored, so the workers never wait for the
    driver: while it clusters one batch they analyze the next ones, and at the start it reads (cleans and
    stores) the next batches while they analyze the first. Results come back in input order.

    Each worker has a queue of its own (a one-process executor): a batch's reports are routed to the workers by
    language (``routed``), and handed back to the driver in parts of consecutive reports (``chunks``) as soon as
    the runs holding them are back.
    """

    def __init__(self, workers: int, *, gazetteer: str | Path | None = None):
        self.workers = workers
        self.starting: threading.Thread | None = None  # ``warm``'s
        context_ = _context()
        self.pools = [ProcessPoolExecutor(1, mp_context=context_, initializer=work.pool_worker_init,
                                          initargs=(str(gazetteer) if gazetteer else None,)) for _ in range(workers)]
        self._lock = threading.Lock()
        self._started = True  # False while ``warm``'s thread starts the workers
        self._held: list[list] = []  # runs handed over meanwhile: sent by that thread once the workers are up
        self._queued: list[deque] = [deque() for _ in range(workers)]  # each worker's runs not yet taken back

    def warm(self) -> None:
        """Start every worker now rather than at the first batch. From a thread: starting a worker waits until
        the fork server has loaded the models, while this process can read its input meanwhile. Runs handed
        to the pool meanwhile are held and sent by that thread as soon as the workers are up: a submit would
        wait for the start to end (the pool starts a process under the lock a submit takes), and the driver
        would stop reading until the models were loaded (about a second on a quiet machine)."""
        def start() -> None:
            try:
                for pool in self.pools:
                    pool.submit(work.ready)
            except RuntimeError:  # closed meanwhile
                pass
            finally:
                with self._lock:
                    self._started = True
                    held, self._held = self._held, []
                    for run in held:
                        self._send(run)

        self._started = False
        self.starting = threading.Thread(target=start, name="start-workers", daemon=True)
        self.starting.start()

    def _send(self, run: list) -> None:
        try:
            run[0] = self.pools[run[3]].submit(work.analyze_profiled, run[2])
        except RuntimeError:  # closed meanwhile: the driver is told when it asks for the result
            pass
        run[2] = None

    def _submit(self, batch: list) -> list[tuple[list, list[list]]]:
        """``batch`` sent to the workers (or held until they are up) in runs [future, articles, rows, worker,
        taken]; returns its parts (consecutive reports), each with the runs that hold its reports."""
        runs = [[None, articles, work.pack(articles), worker, False] for worker, articles in routed(batch, self.workers)]
        holder = {id(a): run for run in runs for a in run[1]}
        with self._lock:
            for run in runs:
                self._queued[run[3]].append(run)
                if self._started:
                    self._send(run)
                else:
                    self._held.append(run)
        parts = []
        for part in chunks(batch, self.workers * 2):
            needed = {id(holder[id(a)]): holder[id(a)] for a in part}
            parts.append((part, list(needed.values())))
        return parts

    def _future(self, run: list) -> Future:
        """The run's future; a run still held is sent once the workers are up, which is waited for here."""
        if run[0] is None and self.starting is not None:
            self.starting.join()
        if run[0] is None:
            raise RuntimeError("the pool was closed before this part was sent")
        return run[0]

    def _take(self, run: list) -> None:
        """Fill the run's results into its articles, and first those of its worker's earlier runs: a worker sends
        a name's keys once, with the first run that names it."""
        queue = self._queued[run[3]]
        while not run[4]:
            earlier = queue.popleft()
            work.unpack_profiled(self._future(earlier).result(), earlier[1])
            earlier[4] = True

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
        pending: deque[list] = deque()
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
            for part, runs in head:
                for run in runs:
                    if idle is not None and not run[4] and not self._future(run).done():
                        idle, warm = None, idle
                        warm()
                    self._take(run)
                if each is not None:
                    each(part)
                done += part
            yield done, not pending

    def map(self, fn: Callable, items: Iterable) -> Iterator:
        """``fn`` over ``items`` on the workers, in turn (results in order)."""
        futures = [self.pools[i % self.workers].submit(fn, item) for i, item in enumerate(items)]
        return (future.result() for future in futures)

    def close(self, wait: bool = True) -> None:
        """Stop the workers; ``wait=False`` returns at once and lets them exit (unloading the models takes a
        second or two) beside the next stage."""
        for pool in self.pools:
            pool.shutdown(wait=wait, cancel_futures=True)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, *exc) -> None:
        self.close(wait=exc_type is not None)  # after an error or Ctrl-C: wait until they are gone
