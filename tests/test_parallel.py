"""A process pool analyzes articles in parallel: the store must be exactly a serial run's, and a
kill or Ctrl-C during a parallel run must leave it consistent and resumable."""

import math
import subprocess
import sys
from concurrent.futures import Future
from pathlib import Path

import pytest

from bench import crash_test  # the kill-and-rerun harness (pyproject: pythonpath = ["."])

import khobor
from khobor import pipeline
from khobor.errors import KhoborError
from khobor.executors import Serial, make_executor
from khobor.executors import pool as pool_module
from khobor.executors.pool import chunks

ROOT = Path(__file__).resolve().parents[1]
BATCH = 3


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """samples/ and the seeds (when present) in one folder, and a serial run of it: (module, folder, snapshot)."""
    ct = crash_test
    tmp = tmp_path_factory.mktemp("parallel")
    folder = tmp / "in"
    ct.make_corpus(folder)
    done = ct.khobor_run(folder, tmp / "serial.db", BATCH, extra=("--workers", "1"))
    assert done.returncode == 0, done.stderr[-3000:]
    return ct, folder, ct.snapshot(tmp / "serial.db")


def test_chunks_keep_order_and_every_item():
    items = list(range(11))
    parts = chunks(items, 4)
    assert [x for p in parts for x in p] == items and len(parts) <= 4
    assert chunks([], 3) == []


def test_two_workers_store_exactly_what_a_serial_run_stores(corpus, tmp_path):
    ct, folder, serial = corpus
    done = ct.khobor_run(folder, tmp_path / "two.db", BATCH, extra=("--workers", "2"))
    assert done.returncode == 0, done.stderr[-3000:]
    parallel = ct.snapshot(tmp_path / "two.db")
    assert serial["articles"] and serial["entities"] and serial["events"]
    assert ct.differences(serial, parallel) == []


def test_in_process_library_run_with_a_pool_equals_serial(corpus, tmp_path):
    """Through the library (no fixed hash seed in this process): workers' own hash seeds must not change anything."""
    ct, folder, serial = corpus
    for name, workers in (("one.db", 1), ("two.db", 2)):
        with khobor.open(tmp_path / name) as store:
            store.ingest([folder], batch_size=BATCH)
            done = pipeline.process(store, batch_size=BATCH, workers=workers)
            assert done["analyzed"] == len(serial["articles"])
    assert ct.differences(ct.snapshot(tmp_path / "one.db"), ct.snapshot(tmp_path / "two.db")) == []


def test_clustering_each_batch_as_it_is_analyzed_equals_the_stages_one_after_the_other(corpus, tmp_path):
    """process() clusters a batch while the pool analyzes the next: the store must be what running the
    whole analyze stage, then the whole cluster stage, gives."""
    ct, folder, _ = corpus
    with khobor.open(tmp_path / "turns.db") as store:
        store.ingest([folder], batch_size=BATCH)
        analyzed = pipeline.analyze_pending(store, pipeline._noop, BATCH, workers=2)
        clustered = pipeline.cluster_pending(store, pipeline._noop, BATCH)
    with khobor.open(tmp_path / "together.db") as store:
        store.ingest([folder], batch_size=BATCH)
        done = pipeline.process(store, batch_size=BATCH, workers=2)
    assert done == {"analyzed": analyzed, "clustered": clustered} and analyzed > 2 * BATCH
    assert ct.differences(ct.snapshot(tmp_path / "turns.db"), ct.snapshot(tmp_path / "together.db")) == []


def test_articles_analyzed_but_not_clustered_are_clustered_first(corpus, tmp_path):
    """A run stopped between the stages leaves analyzed, unclustered articles: the next run clusters them too."""
    ct, folder, serial = corpus
    with khobor.open(tmp_path / "left.db") as store:
        store.ingest([folder], batch_size=BATCH)
        first = next(pipeline.analyzed_batches(store, pipeline._noop, BATCH, workers=1))[0]
        done = pipeline.process(store, batch_size=BATCH, workers=1)
        assert done["clustered"] == len(serial["articles"]) and done["analyzed"] == len(serial["articles"]) - len(first)
        assert store.count(where=pipeline.flag_unset("clustered")) == 0


@pytest.mark.parametrize("point", ["analyze-commit:2", "analyze:LAST"])
def test_kill_during_a_parallel_analyze_then_rerun_equals_a_clean_run(corpus, tmp_path, point):
    ct, folder, serial = corpus
    point = point.replace("LAST", str(math.ceil(len(serial["articles"]) / BATCH)))
    db = tmp_path / "k.db"
    killed = ct.khobor_run(folder, db, BATCH, crash_at=point, extra=("--workers", "2"))
    assert killed.returncode == -9, killed.stderr[-3000:]
    again = ct.khobor_run(folder, db, BATCH, extra=("--workers", "2"))
    assert again.returncode == 0, again.stderr[-3000:]
    assert ct.differences(serial, ct.snapshot(db)) == []
    assert ct.duplicated(ct.snapshot(db)) == []


def test_ctrl_c_during_a_parallel_analyze_stops_cleanly_and_resumes(corpus, tmp_path):
    ct, folder, serial = corpus
    db = tmp_path / "c.db"
    stopped = ct.khobor_run(folder, db, BATCH, crash_at="analyze-commit:2:INT", extra=("--workers", "2"))
    assert stopped.returncode != 0 and "Traceback" not in stopped.stderr, stopped.stderr[-3000:]
    again = ct.khobor_run(folder, db, BATCH, extra=("--workers", "2"))
    assert again.returncode == 0, again.stderr[-3000:]
    assert ct.differences(serial, ct.snapshot(db)) == []


def test_one_worker_is_the_serial_path_and_bad_settings_are_named():
    assert isinstance(make_executor("process", 1), Serial)
    with pytest.raises(KhoborError, match="workers"):
        make_executor("process", 0)
    with pytest.raises(KhoborError, match="unknown executor 'threads'"):
        make_executor("threads", 2)


def test_an_unreadable_gazetteer_is_named_before_any_worker_starts(corpus, tmp_path):
    ct, folder, _ = corpus
    with khobor.open(tmp_path / "g.db") as store:
        store.ingest([folder])
        with pytest.raises(KhoborError, match="missing.tsv: cannot read the gazetteer"):
            pipeline.process(store, workers=2, gazetteer=tmp_path / "missing.tsv")


def _alive(processes) -> list:
    return [p for p in processes if p.is_alive()]


def test_pool_exit_does_not_wait_for_workers_to_unload_but_they_end():
    """A normal end returns at once (the workers unload their models beside the next stage); after an error
    the workers are gone when the block is left."""
    import time

    from khobor.executors.pool import PoolExecutor

    with PoolExecutor(2) as pool:
        assert list(pool.analyze_batches([[]])) == [[]]
        assert [p.submit(abs, -1).result() for p in pool.pools] == [1, 1]
        assert list(pool.map(abs, [-1, -2, -3])) == [1, 2, 3]
        processes = [process for p in pool.pools for process in p._processes.values()]
    assert len(processes) == 2
    deadline = time.monotonic() + 60
    while _alive(processes) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(processes)
    with pytest.raises(RuntimeError):
        with PoolExecutor(2) as pool:
            assert [p.submit(abs, -2).result() for p in pool.pools] == [2, 2]
            processes = [process for p in pool.pools for process in p._processes.values()]
            raise RuntimeError("stop")
    assert processes and not _alive(processes)


def test_workers_start_before_ingest_only_when_the_input_repays_them(corpus, tmp_path, monkeypatch):
    """A big input starts the pool before the files are read (the workers load their models meanwhile); a small one,
    one worker or another executor does not."""
    from khobor.executors import default_workers
    from khobor.executors.pool import PoolExecutor

    _, folder, _ = corpus
    assert pipeline.early_executor([folder], None, None, "process") is None  # a few kilobytes
    assert pipeline.early_executor([folder], None, 1, "process") is None
    assert pipeline.early_executor([folder], None, 2, "dask") is None
    assert pipeline.early_executor([folder], tmp_path / "missing.tsv", 2, "process") is None  # named later, by analyze
    monkeypatch.setattr(pool_module, "EARLY_POOL_BYTES", 1)
    pool = pipeline.early_executor([folder], None, None, "process")
    if default_workers() == 1:
        assert pool is None
        return
    with pool:
        pool.starting.join()  # (started from a thread: a worker's start waits for the fork server's models)
        assert isinstance(pool, PoolExecutor) and all(p._processes for p in pool.pools)  # started before any batch was submitted


def test_importing_the_cli_pulls_in_neither_the_store_nor_the_stages():
    """``khobor run`` starts its workers' models loading before it imports the store and the stages (~0.4 s), so both
    go on at once: the command line's own import must not bring them in."""
    heavy = ("sqlalchemy", "khobor.store", "khobor.pipeline", "khobor.analyze", "khobor.service.cases", "spacy")
    code = f"import sys, khobor.cli; print([m for m in {heavy!r} if m in sys.modules])"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize(("size", "extra", "server"), [(1, (), True), (10**9, (), False), (10**9, ("--workers", "2"), True),
                                                       (1, ("--workers", "1"), False), (1, ("--executor", "dask"), False)])
def test_run_starts_the_fork_server_before_it_opens_the_store_when_a_pool_will_analyze(corpus, tmp_path, monkeypatch,
                                                                                        size, extra, server):
    from click.testing import CliRunner

    from khobor import cli
    from khobor.executors import default_workers

    _, folder, _ = corpus
    order = []
    monkeypatch.setattr(pool_module, "EARLY_POOL_BYTES", size)
    monkeypatch.setattr(pool_module, "start_server", lambda: order.append("server"))

    def refused(*args, **kwargs):
        order.append("store")
        raise KhoborError("stop here")

    monkeypatch.setattr(khobor, "open", refused)
    done = CliRunner().invoke(cli.main, ["run", str(folder), "--db", str(tmp_path / "x.db"), *extra])
    assert done.exit_code == 1 and "stop here" in done.output
    many = "--workers" in extra or default_workers() > 1
    assert order == (["server", "store"] if server and many else ["store"])


def test_the_pool_forks_its_workers_from_a_server_started_early(corpus, tmp_path):
    from multiprocessing import forkserver

    from khobor.executors import default_workers

    if "forkserver" not in pool_module.multiprocessing.get_all_start_methods():
        pytest.skip("no fork server on this system")
    _, folder, _ = corpus
    pool_module.start_server()
    server = forkserver._forkserver._forkserver_pid
    assert server is not None
    with pipeline.early_executor([folder], None, max(2, default_workers()), "process") as pool:
        pool.starting.join()
        assert all(p._processes for p in pool.pools)
        assert forkserver._forkserver._forkserver_pid == server  # the same server, not a second one


def test_a_run_analyzing_while_it_reads_stores_exactly_what_a_serial_run_stores(corpus, tmp_path, monkeypatch):
    """With a pool started early, the first batches are analyzed and clustered while the next files are read;
    the batches, and so the store, are those of reading everything first."""
    from khobor.ingest import FieldMapping
    from khobor.service import cases

    ct, folder, serial = corpus
    monkeypatch.setattr(pool_module, "EARLY_POOL_BYTES", 1)
    steps = []
    real_steps = pipeline.ingest_steps

    def counted(*args, **kwargs):
        for added in real_steps(*args, **kwargs):
            steps.append(added)
            yield added
    monkeypatch.setattr(pipeline, "ingest_steps", counted)
    with khobor.open(tmp_path / "streamed.db") as store:
        report, summary = cases.run(store, [folder], mapping=FieldMapping(), batch_size=BATCH, workers=2)
    assert report.added == len(serial["articles"]) and len(steps) > 2
    assert ct.differences(serial, ct.snapshot(tmp_path / "streamed.db")) == []
    with khobor.open(tmp_path / "streamed.db") as store:  # a second run reads the same files: nothing new, nothing lost
        report, _ = cases.run(store, [folder], mapping=FieldMapping(), batch_size=BATCH, workers=2)
    assert report.added == 0
    assert ct.differences(serial, ct.snapshot(tmp_path / "streamed.db")) == []


def test_articles_cross_to_the_workers_and_back_unchanged():
    """The pool sends articles as lists of their fields: every field and annotation comes back as it was."""
    import pickle

    from khobor.executors import work
    from khobor.model import Article, Mention, Quote, TimeExpr

    article = Article(id="a1", source="s.txt", body="ঢাকায় মন্ত্রী বলেন, “আলোচনা চলবে।”", title="শিরোনাম", agencies=["বাসস"],
                      sentences=[(0, 10)], mentions=[Mention(0, 5, "ঢাকায়", "LOC", "e1")],
                      times=[TimeExpr(1, 2, "আজ", "2025-01-01", "2025-01-01")], quotes=[Quote(3, 9, "আলোচনা চলবে", "মন্ত্রী", None)],
                      mt_score=0.1, mt_signals=["x"], extras={"removed": [{"line": 1}], "title_how": "field"})
    back = work.unpack(pickle.loads(pickle.dumps(work.pack([article, Article(id="a2", source="t", body="b")]))))
    assert back == [article, Article(id="a2", source="t", body="b")]
    assert isinstance(back[0].mentions[0], Mention) and isinstance(back[0].quotes[0], Quote)


def test_a_worker_imports_neither_the_store_nor_sqlalchemy_and_the_package_names_still_resolve():
    """Workers only analyze: the store's imports (SQLAlchemy, ~0.3 s) are left to the driver."""
    import subprocess
    import sys

    code = ("import sys; from khobor.executors import work; import khobor.analyze, khobor.cluster.pairs; "
            "assert not {'sqlalchemy', 'khobor.store', 'khobor.ingest'} & set(sys.modules), sorted(sys.modules)")
    import os

    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}  # this checkout's khobor
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
    assert khobor.Store.__module__ == "khobor.store" and khobor.FieldMapping.__module__ == "khobor.ingest"
    assert khobor.SearchHit and khobor.SearchResult
    with pytest.raises(AttributeError):
        khobor.NoSuchThing  # noqa: B018


def _run_driver(tmp_path, code: str):
    """Run ``code`` as a driver script of its own (a fresh interpreter, khobor importable), its output captured."""
    import os
    import subprocess
    import sys

    script = tmp_path / "driver.py"
    script.write_text(code)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    return subprocess.run([sys.executable, str(script)], env=env, capture_output=True, text=True, timeout=300)


def test_pool_workers_do_not_run_the_drivers_main_script_again(tmp_path):
    """multiprocessing's spawn would import the driver's script in each worker (the khobor script imports the CLI,
    the store and more); the pool's tasks do not need it."""
    marker = tmp_path / "imported.txt"
    done = _run_driver(
        tmp_path,
        "import sys\n"
        f"open({str(marker)!r}, 'a').write(__name__ + '\\n')\n"
        "from khobor.executors import work\n"
        "from khobor.executors.pool import PoolExecutor\n"
        "if __name__ == '__main__':\n"
        "    with PoolExecutor(1) as pool:\n"
        "        pool.pools[0].submit(work.ready).result()\n"
        "        assert list(pool.map(abs, [-1, 2])) == [1, 2]\n"
        "    print('ok')\n")
    assert done.stdout.strip() == "ok", done.stderr
    assert marker.read_text().split() == ["__main__"]  # imported once, by the driver; not as __mp_main__


def test_pool_workers_end_without_teardown_but_flush_their_output(tmp_path):
    """A worker skips the interpreter's teardown at exit (freeing the models cost CPU for nothing), but what it
    printed still comes out and it ends with code 0."""
    done = _run_driver(
        tmp_path,
        "from khobor.executors.pool import PoolExecutor\n"
        "if __name__ == '__main__':\n"
        "    pool = PoolExecutor(1)\n"
        "    pool.pools[0].submit(print, 'from-worker', end='').result()\n"
        "    processes = list(pool.pools[0]._processes.values())\n"
        "    pool.close()\n"
        "    print('', [p.exitcode for p in processes])\n")
    assert done.stdout.split() == ["from-worker", "[0]"], done.stderr


def test_pool_workers_are_forked_with_the_models_already_loaded():
    """Where the system has a fork server, it loads the models once and forks each worker from itself: a worker
    starts with them loaded and has spent little CPU of its own (loading them costs ~2 CPU-s)."""
    import multiprocessing
    import os

    from khobor.executors.pool import PoolExecutor

    if "forkserver" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork server here: each worker spawns and loads its own models")
    probe = ("(__import__('os').getppid(), __import__('time').process_time(), "
             "__import__('khobor.analyze.english', fromlist=['english_nlp']).english_nlp.cache_info().currsize)")
    with PoolExecutor(1) as pool:
        parent, cpu, loaded = pool.pools[0].submit(eval, probe).result()
    assert parent != os.getpid()  # the fork server's child
    assert loaded == 1 and cpu < 1.0


def test_parts_handed_to_the_pool_while_its_workers_start_are_held_then_sent_in_order():
    """The driver goes on reading while the fork server loads the models: a run it hands over meanwhile is held
    (no submit, which would wait for the start) and handed out, in order, as soon as the workers are up."""
    import threading

    from khobor.executors import work
    from khobor.model import Article

    gate, sent, futures = threading.Event(), [], []

    class Starting:  # a worker that starts when the gate opens, and finishes a run when the test says
        def __init__(self, n):
            self.n = n

        def submit(self, fn, *args):
            future = Future()
            if fn is work.ready:
                assert gate.wait(10)
                future.set_result(None)
            else:
                sent.append((self.n, [row[0] for row in args[0]]))
                futures.append((self.n, future))
            return future

    executor = _bare_pool([Starting(0), Starting(1)])
    executor.warm()
    parts = executor._submit([Article(id=f"a{i}", source=f"s{i}", body="x") for i in range(8)])
    assert [[a.id for a in part] for part, _ in parts] == [["a0", "a1"], ["a2", "a3"], ["a4", "a5"], ["a6", "a7"]]
    assert all(run[0] is None for _, runs in parts for run in runs) and not sent  # returned at once, nothing sent yet
    gate.set()
    executor.starting.join()
    assert sent == [(0, ["a0"]), (1, ["a4"])]  # one run each, the first meant for it
    while futures:
        futures.pop(0)[1].set_result(None)  # each worker is handed its next run as it finishes one
    assert sorted(sent) == [(0, ["a0"]), (0, ["a1"]), (0, ["a2"]), (0, ["a3"]), (1, ["a4"]), (1, ["a5"]), (1, ["a6"]),
                            (1, ["a7"])]
    assert all(run[0] is not None for _, runs in parts for run in runs)


def test_a_worker_that_runs_out_takes_the_runs_of_the_earliest_batch_left():
    """A worker that has finished the runs of a batch meant for it takes the next waiting run of that batch meant
    for the other (the driver waits for that batch first) before any run of a later batch."""
    from khobor.executors import work
    from khobor.model import Article

    held: dict[int, list] = {0: [], 1: []}

    class Holding:
        def __init__(self, n):
            self.n = n

        def submit(self, fn, rows):
            future = Future()
            held[self.n].append(([row[0] for row in rows], future))
            return future

    executor = _bare_pool([Holding(0), Holding(1)])
    executor._submit([Article(id=f"a{i}", source=f"s{i}", body="x") for i in range(8)])  # a0-a3 meant for 0, a4-a7 for 1
    executor._submit([Article(id=f"b{i}", source=f"t{i}", body="x") for i in range(8)])
    done = lambda n: held[n].pop(0)[1].set_result(None)  # noqa: E731
    assert [ids for ids, _ in held[0]] == [["a0"]] and [ids for ids, _ in held[1]] == [["a4"]]
    for _ in range(3):
        done(1)  # worker 1 finishes a4, a5, a6 while worker 0 stays on a0
    assert [ids for ids, _ in held[1]] == [["a7"]]
    done(1)
    assert [ids for ids, _ in held[1]] == [["a1"]]  # out of its own: the first run of batch a left, not b4
    done(0)
    assert [ids for ids, _ in held[0]] == [["a2"]]
    assert [run[1][0].id for run in executor._queued[1]] == ["a4", "a5", "a6", "a7", "a1"]  # the order it analyzed them
    assert work.analyze_profiled  # (the runs were handed to the workers' analysis)


def test_a_worker_that_dies_is_named_not_a_traceback():
    """A worker killed mid-run (out of memory, a signal) fails the run with a KhoborError that says what happened
    and that a rerun goes on, rather than the pool's own exception."""
    from concurrent.futures.process import BrokenProcessPool

    from khobor.model import Article

    class Dying:
        def submit(self, fn, rows):
            future = Future()
            future.set_exception(BrokenProcessPool("A process in the process pool was terminated abruptly"))
            return future

    executor = _bare_pool([Dying(), Dying()])
    batch = [Article(id=f"a{i}", source=f"s{i}", body="x") for i in range(4)]
    with pytest.raises(KhoborError, match="worker process ended abruptly.*run the same command again"):
        list(executor.analyze_marked(iter([batch]), ahead=1))


def test_a_batch_is_routed_to_the_workers_by_language_and_handed_back_in_input_order(monkeypatch):
    """Bengali reports go to the first worker and English ones to the second (each run of about equal text), while
    the driver gets the batch back in parts of consecutive reports, in input order, each once its runs are back."""
    from khobor.executors.pool import routed
    from khobor.model import Article

    bengali, english = "ঢাকায় বৃষ্টি হয়েছে। " * 20, "It rained in Dhaka today. " * 20
    batch = [Article(id=f"a{i}", source=f"s{i}", body=bengali if i % 3 else english) for i in range(12)]
    runs = routed(batch, 2)
    assert sorted(a.id for _, run in runs for a in run) == sorted(a.id for a in batch)
    by_worker = {w: [a for worker, run in runs if worker == w for a in run] for w in (0, 1)}
    assert all(a.body == bengali for a in by_worker[0])  # the first worker: Bengali only
    assert all(a in by_worker[1] for a in batch if a.body == english)  # the second: every English report
    text = {w: sum(len(a.body) + 500 for a in by_worker[w]) for w in (0, 1)}
    assert abs(text[0] - text[1]) <= len(bengali) + len(english) + 1000  # about half the text each
    assert [w for w, _ in runs] == [0, 1, 0, 1]
    assert routed([], 2) == []

    monkeypatch.setattr("khobor.cluster.pairs.keep_text_parts", lambda articles, parts: None)
    pending = []
    executor, finish = _fake_pool(pending)
    finish_later = []
    out = executor.analyze_marked(iter([batch]), ahead=1, each=lambda part: finish_later.append([a.id for a in part]),
                                  idle=finish)
    assert [[a.id for a in b] for b, _ in out] == [[a.id for a in batch]]
    assert finish_later == [["a0", "a1", "a2"], ["a3", "a4", "a5"], ["a6", "a7", "a8"], ["a9", "a10", "a11"]]
    assert all(a.sentences for a in batch)  # each one's analysis came back into it


def test_a_pool_worker_collects_cycles_less_often():
    from khobor.executors.pool import PoolExecutor
    from khobor.executors.work import GC_YOUNG

    with PoolExecutor(1) as pool:
        young = pool.pools[0].submit(eval, "__import__('gc').get_threshold()[0]").result()
    assert young == GC_YOUNG


def test_pool_workers_are_forked_with_the_analyzers_warmed_up():
    """The fork server analyzes two short reports before it forks (``work.warm_up``): what the analyzers build on
    first use (the English tagger, compiled patterns) is built once there, not in every worker's first chunk."""
    import multiprocessing

    from khobor.executors.pool import PoolExecutor

    if "forkserver" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork server here")
    probe = "__import__('khobor.analyze.english_ner', fromlist=['_fast'])._fast.cache_info().currsize"
    with PoolExecutor(1) as pool:
        assert pool.pools[0].submit(eval, probe).result() == 1


def test_the_warm_up_reports_are_analyzed_like_any_other():
    from khobor.executors import work
    from khobor.model import Article

    articles = work.analyze_chunk([Article(id=f"w{n}", source="w", body=b) for n, b in enumerate(work._WARM_UP)])
    assert [a.language for a in articles] == ["bn", "en"]
    assert all(a.mentions and a.times and a.quotes for a in articles)


def _bare_pool(pools: list):
    """A PoolExecutor over stand-ins for its workers' executors (no process started)."""
    from khobor.executors.pool import PoolExecutor

    executor = PoolExecutor.__new__(PoolExecutor)
    executor.pools = pools
    executor._bookkeeping(len(pools))
    return executor


def _fake_pool(pending: list):
    """A PoolExecutor whose runs come back only when the test says so (their futures are kept in ``pending``)."""
    from concurrent.futures import Future

    from khobor.executors import work

    class Waiting:
        def submit(self, fn, rows):
            future = Future()
            pending.append((future, rows))
            return future

    def finish() -> None:
        for future, rows in pending:
            if not future.done():
                articles = work.unpack(rows)
                for a in articles:
                    a.sentences = [(0, len(a.body))]
                future.set_result((work.pack_results(articles), [{"lang": "en", "counts": {}}] * len(articles), []))

    return _bare_pool([Waiting(), Waiting()]), finish


def test_the_driver_works_while_it_waits_for_the_first_analysis_once(monkeypatch):
    """``idle`` is called once, when the first part asked for is not back yet (the driver would wait), and before
    any result is taken; not again for later parts."""
    from khobor.model import Article

    monkeypatch.setattr("khobor.cluster.pairs.keep_text_parts", lambda articles, parts: None)
    pending, calls = [], []
    executor, finish = _fake_pool(pending)

    def idle():
        calls.append(len(pending))
        finish()

    batches = [[Article(id=f"{b}{i}", source=f"{b}{i}", body="x") for i in range(4)] for b in "ab"]
    out = list(executor.analyze_marked(iter(batches), ahead=1, idle=idle))
    assert calls == [2]  # each worker handed its first run (it holds one at a time) before the driver found the first not back
    assert [([a.id for a in batch], last) for batch, last in out] == [(["a0", "a1", "a2", "a3"], False),
                                                                     (["b0", "b1", "b2", "b3"], True)]


def test_no_idle_work_when_the_first_analysis_is_already_back(monkeypatch):
    from khobor.model import Article

    monkeypatch.setattr("khobor.cluster.pairs.keep_text_parts", lambda articles, parts: None)
    pending, calls = [], []
    executor, finish = _fake_pool(pending)
    batch = [Article(id=f"a{i}", source=f"a{i}", body="x") for i in range(2)]
    submit = executor._submit

    def submitted(batch):  # the workers are done by the time the driver asks
        entries = submit(batch)
        finish()
        return entries

    executor._submit = submitted
    assert [len(b) for b, _ in executor.analyze_marked(iter([batch]), idle=lambda: calls.append(1))] == [2]
    assert not calls
