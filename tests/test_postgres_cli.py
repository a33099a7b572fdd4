"""`--db postgresql://...` through every command, and the same results as on SQLite.

The entity and event correction suites (tests/test_entities_cli.py, test_events_cli.py)
are imported and run again on a PostgreSQL store.
"""

from __future__ import annotations

import json
import shutil

import pytest

import khobor
from conftest import SAMPLES
from test_entities_cli import *  # noqa: F401,F403 - merge/split suite, collected again on PostgreSQL
from test_events_cli import *  # noqa: F401,F403 - move/split suite, collected again on PostgreSQL


@pytest.fixture
def sample_store(tmp_path, cli, pg_url):
    """samples/ run into a fresh PostgreSQL store: (folder, url)."""
    folder = tmp_path / "in"
    shutil.copytree(SAMPLES, folder)
    cli("run", folder, "--db", pg_url)
    return folder, pg_url


def exports(cli, db) -> dict[str, list[dict]]:
    out = {}
    for what in ("articles", "events", "stories", "entities"):
        records = [json.loads(x) for x in cli("export", "--what", what, "--db", db).output.splitlines()]
        out[what] = sorted(records, key=lambda r: r["id"])
    return out


def test_a_run_gives_the_same_store_on_postgresql_as_on_sqlite(sample_store, cli, tmp_path):
    folder, url = sample_store
    path = str(tmp_path / "k.db")
    cli("run", folder, "--db", path)
    on_pg, on_sqlite = exports(cli, url), exports(cli, path)
    for record in on_pg["articles"] + on_sqlite["articles"]:  # where the same files were found: one folder
        record["sources"] = sorted(s.replace(str(folder), "IN") for s in record["sources"])
        record["source"] = record["source"].replace(str(folder), "IN")
    assert on_pg == on_sqlite
    assert len(on_pg["articles"]) == 6 and on_pg["events"] and on_pg["entities"]


def test_search_show_rebuild_on_postgresql(sample_store, cli):
    _, url = sample_store
    found = cli("search", "জয়শঙ্কর", "--db", url).output
    assert "3 hit(s)" in found and "জয়শংকর" in found  # inflections and the other outlet's spelling
    assert "2 hit(s)" in cli("search", "জয়শঙ্কর", "--exact", "--db", url).output
    assert "0 hit(s)" in cli("search", "'\\\" & | ! <-> :*", "--db", url).output  # tsquery syntax is inert
    first = json.loads(cli("export", "--db", url).output.splitlines()[0])
    assert first["body"][:20] in cli("show", first["id"][:8], "--db", url).output
    before = exports(cli, url)
    cli("rebuild", "--db", url)
    assert exports(cli, url) == before


def test_an_unreachable_server_is_one_clear_message(cli, tmp_path):
    url = f"postgresql://nobody@/khobor?host={tmp_path}"  # no server listens there
    result = cli("search", "ঢাকা", "--db", url, code=1)
    assert "cannot reach the database" in result.output
    assert str(tmp_path) in result.output and "Traceback" not in result.output


def test_a_password_in_the_url_is_not_printed(cli, tmp_path):
    result = cli("search", "ঢাকা", "--db", f"postgresql://me:s3cret@/khobor?host={tmp_path}", code=1)
    assert "s3cret" not in result.output and "***" in result.output


def test_read_only_store_on_postgresql_refuses_an_empty_database(pg_url, postgres_server):
    empty = pg_url.replace("khobor_test_", "khobor_empty_", 1)
    postgres_server.execute(f"CREATE DATABASE {empty.split('/')[3].split('?')[0]}")
    try:
        with pytest.raises(khobor.StoreError, match="not a khobor store"):
            khobor.open(empty, read_only=True)
    finally:
        postgres_server.drop(empty)


def test_a_postgresql_store_from_before_search_gets_its_index_on_open(postgres_server, pg_url):
    """A store made by an older khobor (schema 0003: tables, no search index) is migrated and indexed on open."""
    import sqlalchemy as sa
    from alembic import command
    from alembic.config import Config

    from khobor.model import Article
    from khobor.store import MIGRATIONS, _row
    from khobor.store.db import engine_url

    old = pg_url.replace("khobor_test_", "khobor_old_", 1)
    postgres_server.execute(f"CREATE DATABASE {old.split('/')[3].split('?')[0]}")
    try:
        engine = sa.create_engine(engine_url(old, False))
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "0003")
            conn.execute(sa.text("INSERT INTO articles (id, source, body, data, ingested_at) VALUES (:id, :source, :body, '{}', :at)"),
                         {**_row(Article(id="a1", source="old.txt", body="পুরোনো খবরে লাভরভের নাম আছে।"), "2025-01-01"),
                          "at": "2025-01-01"})
        engine.dispose()
        with pytest.raises(khobor.StoreError, match="store schema 0003"):
            khobor.open(old, read_only=True)  # unlike SQLite, 0004 does change a PostgreSQL store
        with khobor.open(old) as store:
            assert [h.id for h in store.search("লাভরভ").results] == ["a1"]
    finally:
        postgres_server.drop(old)
