"""Several writers on one PostgreSQL store, and readers beside them.

Two `khobor run` at once both finish with nothing lost or duplicated (the second
waits on the store's advisory lock); a reader is never blocked by a writer.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import pytest

import khobor
from khobor.errors import StoreBusyError
from khobor.model import Article
from test_concurrent_runs import feed, khobor_cmd


@pytest.mark.slow
def test_two_runs_at_once_into_postgresql_lose_nothing(tmp_path, pg_url):
    feed(tmp_path / "a.jsonl", 0, 300)
    feed(tmp_path / "b.jsonl", 200, 300)  # 100 articles in both
    env = {**os.environ, "KHOBOR_LOCK_TIMEOUT": "300"}
    procs = [subprocess.Popen(khobor_cmd("run", tmp_path / name, "--db", pg_url), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=env) for name in ("a.jsonl", "b.jsonl")]
    outs = [p.communicate(timeout=600) for p in procs]
    for proc, (out, err) in zip(procs, outs):
        assert proc.returncode == 0, err[-3000:]
        assert "Traceback" not in err and "IntegrityError" not in err
    assert sum("waiting for another khobor process" in err for _, err in outs) == 1  # one waited for the other
    with khobor.open(pg_url, read_only=True) as store:
        assert store.count() == 500
        assert store.count("sources") == 600
        assert store.count(where=khobor.store.schema.articles.c.analyzed == 0) == 0
        assert store.count(where=khobor.store.schema.articles.c.clustered == 0) == 0
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM articles_search").scalar() == 500


def test_a_writer_waits_for_the_advisory_lock_then_gives_up_clearly(tmp_path, pg_url):
    feed(tmp_path / "a.jsonl", 0, 3)
    with khobor.open(pg_url) as store, store.writer():
        started = time.monotonic()
        done = subprocess.run(khobor_cmd("ingest", tmp_path / "a.jsonl", "--db", pg_url), capture_output=True, text=True,
                              env={**os.environ, "KHOBOR_LOCK_TIMEOUT": "1"}, timeout=120)
        assert time.monotonic() - started >= 1
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "waiting for another khobor process" in done.stderr and f"pid {os.getpid()}" in done.stderr
    assert "KHOBOR_LOCK_TIMEOUT" in done.stderr
    with khobor.open(pg_url) as store:
        assert store.ingest([tmp_path / "a.jsonl"]).added == 3


def test_the_advisory_lock_is_released_when_its_holder_is_killed(pg_url):
    code = f"import khobor, time\ns = khobor.open({pg_url!r})\nwith s.writer():\n    print('held', flush=True)\n    time.sleep(60)\n"
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with khobor.open(pg_url) as store, pytest.raises(StoreBusyError, match="another khobor process"):
            with store.writer(timeout=0.5):
                pass
        holder.kill()
        holder.wait(timeout=10)
        with khobor.open(pg_url) as store, store.writer(timeout=10):
            pass
    finally:
        holder.kill()


def test_two_stores_adding_the_same_articles_at_once_keep_one_of_each(pg_url):
    """Without the writer lock too: the insert skips ids another writer stored meanwhile."""
    batch = [Article(id=f"a{i}", source=f"f{i}.txt", body=f"খবর নম্বর {i} ঢাকায়।") for i in range(50)]
    added, errors = [], []

    def write():
        try:
            with khobor.open(pg_url) as store:
                added.append(store.add_articles(batch))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
    threads = [threading.Thread(target=write) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    assert sum(added) == 50
    with khobor.open(pg_url, read_only=True) as store:
        assert store.count() == 50 and store.search("ঢাকা").total == 50


@pytest.fixture(params=["sqlite", "postgresql"])
def ran(request, tmp_path, cli):
    """samples/ run into a store on each backend: the store's path or URL."""
    import shutil

    from conftest import SAMPLES

    db = str(tmp_path / "k.db") if request.param == "sqlite" else request.getfixturevalue("pg_url")
    shutil.copytree(SAMPLES, tmp_path / "in")
    cli("run", tmp_path / "in", "--db", db)
    return db


def test_a_correction_waits_for_the_writer_like_a_run(ran):
    """A merge read-modify-writes the entities state: done beside a run, one of the two would be lost."""
    with khobor.open(ran) as store:
        keep, other = [e.id for e in store.entities()[:2]]
        with store.writer():
            done = subprocess.run(khobor_cmd("entities", "--db", ran, "merge", keep, other), capture_output=True,
                                  text=True, env={**os.environ, "KHOBOR_LOCK_TIMEOUT": "1"}, timeout=120)
    assert done.returncode == 1 and "waiting for another khobor process" in done.stderr
    with khobor.open(ran) as store:
        assert {keep, other} <= {e.id for e in store.entities()}  # nothing merged while the lock was held
    subprocess.run(khobor_cmd("entities", "--db", ran, "merge", keep, other), check=True, capture_output=True, timeout=300)
    with khobor.open(ran) as store:
        assert other not in {e.id for e in store.entities()}


def test_a_web_edit_waits_for_the_writer_then_says_why(ran, monkeypatch):
    from fastapi.testclient import TestClient

    from khobor.serve import app as web

    monkeypatch.setattr(web, "EDIT_WAIT", 0.5)
    application = web.create_app(ran, allow_edits=True)
    client = TestClient(application, base_url="http://127.0.0.1:8000",
                        headers={"Authorization": f"Bearer {application.state.edit_token}"})
    with khobor.open(ran) as store:
        keep, other = [e.id for e in store.entities()[:2]]
        with store.writer():
            busy = client.post(f"/api/entities/{keep}/merge", json={"other_id": other})
    assert busy.status_code == 409 and "another khobor process" in busy.json()["error"]
    assert client.post(f"/api/entities/{keep}/merge", json={"other_id": other}).status_code == 200
