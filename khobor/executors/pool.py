"""A pool of worker processes on this machine (concurrent.futures), for the per-article analysis."""

from __future__ import annotations

import importlib.machinery
import multiprocessing
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import BrokenExecutor, Future, ProcessPoolExecutor
from multiprocessing import context
from pathlib import Path

from khobor.errors import KhoborError
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
EARLY_POOL_BYTES = 1_000_000  # about 200 news articles of input: enough to start the workers before it is read


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


def repays_early_start(paths: Iterable, workers: int | None, executor: str) -> bool:
    """Whether a run over ``paths`` analyzes on a pool started before the input is read: a local pool of more than
    one worker, and (unless ``workers`` asks for them) an input big enough to repay their models' loading."""
    from khobor.executors import default_workers
    from khobor.ingest import find_files

    if executor != "process" or (default_workers() if workers is None else workers) < 2:
        return False
    if workers is not None:
        return True
    size = 0
    for found in find_files(paths):
        size += found.stat().st_size if isinstance(found, Path) else 0
        if size >= EARLY_POOL_BYTES:
            return True
    return False


def start_server() -> None:
    """Start the fork server now, not with the pool: it loads the models (~2 CPU-s, ~1.5 s) while this process
    still imports the store and pipeline (~0.5 s), on the core that would idle meanwhile. The pool forks its workers
    from this server (one per process). Where there is no fork server, nothing: spawned workers load their own."""
    if isinstance(_context(), _ForkServerContext):
        from multiprocessing import forkserver

        forkserver.ensure_running()


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
RUNS_EACH = 4  # runs a batch is cut into per worker: the smaller, the sooner a worker that runs out can take another's


class PoolExecutor:
    """Analyze batches on ``workers`` processes; each worker loads the models once (its initializer).

    ``AHEAD`` batches are kept in flight beyond the one being stored, so the workers never wait for the
    driver: while it clusters one batch they analyze the next ones, and at the start it reads (cleans and
    stores) the next batches while they analyze the first. Results come back in input order.

    A batch's reports are cut into runs by language (``routed``), each meant for one worker; a worker is handed one
    run at a time, as it finishes the last: the first run waiting of the earliest batch that was meant for it, else
    the first run of that batch waiting at all (a worker that runs out takes the other's, rather than idle while the
    batch the driver waits for is finished by one). The driver gets each batch back in parts of consecutive reports
    (``chunks``) as soon as the runs holding them are back.
    """

    def __init__(self, workers: int, *, gazetteer: str | Path | None = None):
        context_ = _context()
        self.pools = [ProcessPoolExecutor(1, mp_context=context_, initializer=work.pool_worker_init,
                                          initargs=(str(gazetteer) if gazetteer else None,)) for _ in range(workers)]
        self._bookkeeping(workers)

    def _bookkeeping(self, workers: int) -> None:
        self.workers = workers
        self.starting: threading.Thread | None = None  # ``warm``'s
        self._lock = threading.RLock()  # (a run's done callback, which hands out the next, may run inside a hand-out)
        self._changed = threading.Condition(self._lock)  # a run handed to a worker
        self._started = True  # False while ``warm``'s thread starts the workers
        self._closed = False
        self._waiting: deque[list] = deque()  # runs not handed to a worker yet, in batch order
        self._busy = [0] * workers  # runs each worker holds
        self._queued: list[deque] = [deque() for _ in range(workers)]  # each worker's runs not yet taken back
        self._batches = 0

    def warm(self) -> None:
        """Start every worker now rather than at the first batch. From a thread: starting a worker waits until
        the fork server has loaded the models, while this process can read its input meanwhile. Runs handed
        to the pool meanwhile wait, and are handed out by that thread as soon as the workers are up: a submit would
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
                    self._hand_out()

        self._started = False
        self.starting = threading.Thread(target=start, name="start-workers", daemon=True)
        self.starting.start()

    def _hand_out(self) -> None:
        """Give each worker that holds no run the next one for it (under the lock)."""
        if not self._started:
            return
        for worker in range(self.workers):
            while self._busy[worker] < 1 and self._waiting:
                self._send(self._next_run(worker), worker)

    def _next_run(self, worker: int) -> list:
        first = self._waiting[0][5]
        for i, run in enumerate(self._waiting):
            if run[5] != first:
                break
            if run[3] == worker:
                del self._waiting[i]
                return run
        return self._waiting.popleft()

    def _send(self, run: list, worker: int) -> None:
        run[3] = worker
        self._busy[worker] += 1
        self._queued[worker].append(run)
        try:
            future = self.pools[worker].submit(work.analyze_profiled, run[2])
        except RuntimeError as error:  # closed or broken: the driver is told when it asks for the result
            future = Future()
            future.set_exception(error if not self._closed else RuntimeError("the pool was closed before this part was sent"))
        run[0], run[2] = future, None
        self._changed.notify_all()
        future.add_done_callback(lambda _, worker=worker: self._finished(worker))

    def _finished(self, worker: int) -> None:
        with self._lock:
            self._busy[worker] -= 1
            if not self._closed:
                self._hand_out()

    def _submit(self, batch: list) -> list[tuple[list, list[list]]]:
        """``batch`` handed to the pool in runs [future, articles, rows, worker, taken, batch number]; returns its
        parts (consecutive reports), each with the runs that hold its reports."""
        runs = [[None, articles, work.pack(articles), worker, False, self._batches]
                for worker, articles in routed(batch, self.workers, RUNS_EACH)]
        self._batches += 1
        holder = {id(a): run for run in runs for a in run[1]}
        with self._lock:
            self._waiting.extend(runs)
            self._hand_out()
        parts = []
        for part in chunks(batch, self.workers * 2):
            needed = {id(holder[id(a)]): holder[id(a)] for a in part}
            parts.append((part, list(needed.values())))
        return parts

    def _future(self, run: list) -> Future:
        """The run's future, once the run is handed to a worker (waited for here)."""
        with self._changed:
            while run[0] is None:
                if self._closed:
                    raise RuntimeError("the pool was closed before this part was sent")
                self._changed.wait(1.0)
        return run[0]

    def _back(self, run: list) -> bool:
        return run[0] is not None and run[0].done()

    def _take(self, run: list) -> None:
        """Fill the run's results into its articles, and first those of its worker's earlier runs: a worker sends
        a name's keys once, with the first run that names it."""
        self._future(run)
        queue = self._queued[run[3]]
        while not run[4]:
            earlier = queue.popleft()
            try:
                results = self._future(earlier).result()
            except BrokenExecutor as error:
                raise KhoborError("a worker process ended abruptly (killed, or out of memory?); the batches stored "
                                  "before it are kept: run the same command again to go on") from error
            work.unpack_profiled(results, earlier[1])
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
                    if idle is not None and not run[4] and not self._back(run):
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
        with self._lock:
            self._closed = True
            self._waiting.clear()
            self._changed.notify_all()
        for pool in self.pools:
            pool.shutdown(wait=wait, cancel_futures=True)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, *exc) -> None:
        self.close(wait=exc_type is not None)  # after an error or Ctrl-C: wait until they are gone
