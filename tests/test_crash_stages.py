"""kill -9 between a stage's last batch and its final writes, run again: the store equals a clean run's.

The kills go through the test-only hook ``KHOBOR_CRASH_AT=stage:n`` (khobor.pipeline.checkpoint);
the comparison and the corpus are bench/crash_test.py's, which runs the same check at many points.
"""

import math
import sqlite3
from pathlib import Path

import pytest

from bench import crash_test  # the kill-and-rerun harness (pyproject: pythonpath = ["."])

ROOT = Path(__file__).resolve().parents[1]
BATCH = 2


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    """The corpus and a clean run of it: (module, folder, snapshot)."""
    ct = crash_test
    tmp = tmp_path_factory.mktemp("crash")
    folder = tmp / "in"
    ct.make_corpus(folder)
    done = ct.khobor_run(folder, tmp / "clean.db", BATCH)
    assert done.returncode == 0, done.stderr[-3000:]
    return ct, folder, ct.snapshot(tmp / "clean.db")


@pytest.mark.parametrize("stage, table", [("analyze", "entities"), ("cluster", "events")])
def test_kill_after_the_last_batch_then_rerun_finishes_the_stage(clean, tmp_path, stage, table):
    ct, folder, snap = clean
    assert snap["entities"] and snap["events"] and snap["stories"]
    last = math.ceil(len(snap["articles"]) / BATCH)
    db = tmp_path / "k.db"
    killed = ct.khobor_run(folder, db, BATCH, crash_at=f"{stage}:{last}")
    assert killed.returncode == -9, killed.stderr[-3000:]
    again = ct.khobor_run(folder, db, BATCH)
    assert again.returncode == 0, again.stderr[-3000:]
    after = ct.snapshot(db)
    assert len(after[table]) == len(snap[table])
    assert ct.differences(snap, after) == []
    assert ct.duplicated(after) == []


def test_a_kill_inside_a_transaction_leaves_no_half_batch(clean, tmp_path):
    ct, folder, snap = clean
    db = tmp_path / "k.db"
    killed = ct.khobor_run(folder, db, BATCH, crash_at="analyze-commit:2")
    assert killed.returncode == -9, killed.stderr[-3000:]
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM articles WHERE analyzed = 1").fetchone()[0] == BATCH
    again = ct.khobor_run(folder, db, BATCH)
    assert again.returncode == 0, again.stderr[-3000:]
    assert ct.differences(snap, ct.snapshot(db)) == []


def test_a_store_left_without_its_tables_by_an_older_khobor_is_repaired(clean, tmp_path):
    """Older versions wrote entities and events after the last batch: a kill there emptied them for good."""
    ct, folder, snap = clean
    db = tmp_path / "k.db"
    done = ct.khobor_run(folder, db, BATCH)
    assert done.returncode == 0, done.stderr[-3000:]
    with sqlite3.connect(db) as conn:
        for table in ("entities", "article_entities", "events", "stories"):
            conn.execute(f"DELETE FROM {table}")
    again = ct.khobor_run(folder, db, BATCH)
    assert again.returncode == 0, again.stderr[-3000:]
    assert ct.differences(snap, ct.snapshot(db)) == []


@pytest.mark.parametrize("point", ["analyze-commit:2", "cluster-commit:LAST", "ingest-commit:2"])
def test_ctrl_c_then_rerun_equals_a_clean_run(clean, tmp_path, point):
    ct, folder, snap = clean
    point = point.replace("LAST", str(math.ceil(len(snap["articles"]) / BATCH)))
    db = tmp_path / "k.db"
    stopped = ct.khobor_run(folder, db, BATCH, crash_at=point + ":INT")
    assert stopped.returncode != 0 and "Traceback" not in stopped.stderr, stopped.stderr[-3000:]
    again = ct.khobor_run(folder, db, BATCH)
    assert again.returncode == 0, again.stderr[-3000:]
    assert ct.differences(snap, ct.snapshot(db)) == []
    assert ct.duplicated(ct.snapshot(db)) == []
