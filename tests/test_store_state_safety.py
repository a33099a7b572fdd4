"""A store file from someone else must not be able to run code: stage state is never unpickled."""

import os
import pickle
import sqlite3

import pytest

from khobor import codec

STATES = ("line_stats", "entities", "dedup", "events", "stories")


class Planted:
    """What an attacker puts in a state row: unpickling it runs a shell command."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return os.system, (f"touch {self.marker}",)


def plant(db: str, name: str, data: bytes) -> None:
    with sqlite3.connect(db) as conn:
        assert conn.execute("UPDATE state SET data = ? WHERE name = ?", (data, name)).rowcount == 1


def first_article(db: str) -> str:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT id FROM articles WHERE event_id IS NOT NULL ORDER BY seq LIMIT 1").fetchone()[0]


def refused(result, db: str, name: str) -> None:
    assert result.exit_code == 1, result.output
    message = " ".join(result.output.split())
    assert db in message and repr(name) in message and "khobor rebuild" in message, message


@pytest.mark.parametrize("name", STATES)
def test_a_planted_pickle_never_runs(sample_store, cli, tmp_path, name):
    folder, db = sample_store
    marker = tmp_path / "marker"
    plant(db, name, pickle.dumps({"learned": Planted(marker)}, protocol=pickle.HIGHEST_PROTOCOL))
    article = first_article(db)

    cli("serve", "--db", db, "--get", "/api/stories")
    cli("explain", article, "--db", db)
    cli("search", "সফর", "--db", db)
    if name == "line_stats":  # ingest reads it
        refused(cli("ingest", folder, "--db", db, code=1), db, name)
    (folder / "new.txt").write_text("নতুন খবর: ঢাকায় আজ বৃষ্টি হয়েছে। আবহাওয়া অফিস জানায় কাল আরও বৃষ্টি হবে।\n", encoding="utf-8")
    refused(cli("run", folder, "--db", db, code=1), db, name)
    if name == "entities":
        refused(cli("entities", "--db", db, "merge", "x", "y", code=1), db, name)
    if name in ("events", "stories"):
        refused(cli("events", "move", article, "ev-x", "--db", db, code=1), db, name)
    assert not marker.exists()

    cli("rebuild", "--db", db)  # recomputes every stage from the stored articles, planted row gone
    cli("run", folder, "--db", db)
    assert not marker.exists()
    with sqlite3.connect(db) as conn:
        rows = dict(conn.execute("SELECT name, data FROM state"))
    assert set(STATES) <= set(rows)
    assert all(rows[n].startswith(codec.MAGIC) for n in STATES)


@pytest.mark.parametrize("data", [
    pickle.dumps(pickle.dumps({"learned": {}}), protocol=5),  # how khobor before the codec wrapped a stage's bytes
    pickle.dumps({"learned": {}}, protocol=0),  # no protocol header
    b"garbage",
])
def test_state_from_an_older_khobor_or_foreign_is_a_clear_error(sample_store, cli, data):
    folder, db = sample_store
    for name in STATES:
        plant(db, name, data)
    result = cli("run", folder, "--db", db, code=1)
    assert db in " ".join(result.output.split()) and "khobor rebuild" in result.output


def test_rebuild_gives_the_same_groups(sample_store, cli):
    _, db = sample_store
    query = "SELECT id, event_id IS NOT NULL, duplicate_of, analyzed, clustered FROM articles ORDER BY id"
    with sqlite3.connect(db) as conn:
        before = conn.execute(query).fetchall(), conn.execute("SELECT count(*) FROM entities").fetchone()
    cli("rebuild", "--db", db)
    with sqlite3.connect(db) as conn:
        after = conn.execute(query).fetchall(), conn.execute("SELECT count(*) FROM entities").fetchone()
    assert before == after


def test_an_events_pickle_of_plain_data_is_refused_too(tmp_path):
    """Even a harmless-looking pickle of the events stage is not opened: every stage is on the codec."""
    import khobor
    from khobor.errors import StoreError

    data = pickle.dumps({"version": 2, "params": {"threshold": 0.3}, "learned": {}}, protocol=5)
    with khobor.open(str(tmp_path / "k.db")) as store:
        store.put_state("events", data)
        with pytest.raises(StoreError, match="khobor rebuild"):
            store.get_state("events")
