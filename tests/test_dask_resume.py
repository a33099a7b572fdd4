"""A `khobor run --executor dask` whose driver is killed midway (SIGKILL, like a power cut) takes its
workers with it, and a re-run completes with the store a whole run leaves: nothing lost, nothing twice."""

import os
import subprocess
import sys
import time

import pytest

from bench import crash_test  # the kill-and-rerun harness (pyproject: pythonpath = ["."])

pytest.importorskip("distributed", reason="the dask extra is not installed (pip install 'khobor[dask]')")
psutil = pytest.importorskip("psutil")

BATCH = 2  # several parts and batches even on the small corpus
DASK = ("--executor", "dask", "--workers", "2")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("dask-resume")
    crash_test.make_corpus(tmp / "in")
    clean = crash_test.khobor_run(tmp / "in", tmp / "clean.db", BATCH, extra=DASK)
    assert clean.returncode == 0, clean.stderr[-3000:]
    return tmp, crash_test.snapshot(tmp / "clean.db")


def _killed_run(folder, db, point: str) -> tuple[int, set[int]]:
    """Run until ``point`` kills the driver; returns its exit code and the pids of every process it started."""
    env = {**os.environ, "PYTHONHASHSEED": "0", "KHOBOR_CRASH_AT": point}
    cmd = [sys.executable, "-m", "khobor.cli", "run", str(folder), "--db", str(db), "--batch-size", str(BATCH), *DASK]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    driver, started = psutil.Process(proc.pid), set()
    while proc.poll() is None:
        try:
            started |= {p.pid for p in driver.children(recursive=True)}
        except psutil.Error:
            pass
        time.sleep(0.1)
    return proc.wait(timeout=300), started


def _alive(pids: set[int]) -> list[int]:
    out = []
    for pid in pids:
        try:
            if psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
                out.append(pid)
        except psutil.NoSuchProcess:
            pass
    return out


def test_killed_while_storing_parts_then_rerun_is_a_whole_run(corpus):
    tmp, clean = corpus
    db = tmp / "parts.db"
    code, started = _killed_run(tmp / "in", db, "analyze:2")  # after the second part was committed
    assert code == -9
    partial = crash_test.snapshot(db)
    assert 0 < len(partial["articles"]) < len(clean["articles"])  # killed midway: some parts stored, not all
    assert started, "the driver started no worker processes"
    deadline = time.time() + 30
    while _alive(started) and time.time() < deadline:  # the workers notice their driver is gone
        time.sleep(0.5)
    assert not _alive(started), "worker processes outlived their killed driver"
    again = crash_test.khobor_run(tmp / "in", db, BATCH, extra=DASK)
    assert again.returncode == 0, again.stderr[-3000:]
    snap = crash_test.snapshot(db)
    assert crash_test.duplicated(snap) == []
    assert crash_test.differences(clean, snap) == []


def test_killed_while_clustering_then_rerun_loses_nothing(corpus):
    """Killed in the replay of the blocks' decisions: the re-run clusters the rest in the driver (the store has
    events state by then), so events may be grouped as a single run would from there; nothing is lost or twice."""
    tmp, clean = corpus
    db = tmp / "cluster.db"
    code, _ = _killed_run(tmp / "in", db, "cluster:2")
    assert code == -9
    again = crash_test.khobor_run(tmp / "in", db, BATCH, extra=DASK)
    assert again.returncode == 0, again.stderr[-3000:]
    snap = crash_test.snapshot(db)
    assert crash_test.duplicated(snap) == []
    for table in ("sources", "entities", "article_entities", "files", "problems"):
        assert snap[table] == clean[table], table
    ids = lambda s: [r[0] for r in s["articles"]]  # noqa: E731
    assert ids(snap) == ids(clean)
    assert all(r[-1] and r[-2] for r in snap["articles"])  # every article analyzed and clustered
    assert all(r[10] for r in snap["articles"])  # every article in an event
