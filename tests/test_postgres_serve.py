"""The whole web API suite (tests/test_serve_api.py) again, on a PostgreSQL store.

Every test of that module is imported here and runs against the same fixture
store written into PostgreSQL; the few that look at the SQLite file itself have
PostgreSQL versions below.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

import khobor
import test_serve_api
from khobor.serve import create_app
from khobor.serve.commands import serve
from test_serve_api import *  # noqa: F401,F403 - the tests themselves, collected again here
from test_serve_api import build_fixture_store

# SQLite-file checks, replaced below; the seed test reads the same seeds whatever the backend.
for _name in ("test_store_is_opened_read_only", "test_serve_command_get", "test_seed_store_through_the_api",
              "test_corrections_with_allow_edits"):
    globals().pop(_name, None)


@pytest.fixture(scope="module")
def fixture_db(postgres_server) -> str:
    url = postgres_server.new_database()
    yield build_fixture_store(url)
    postgres_server.drop(url)


def test_store_is_opened_read_only(fixture_db):
    app = create_app(fixture_db)
    assert app.state.store.read_only
    with app.state.store.engine.connect() as conn, pytest.raises(sa.exc.DBAPIError, match="read-only transaction"):
        conn.exec_driver_sql("DELETE FROM articles")
    with khobor.open(fixture_db, read_only=True) as store:
        assert store.count() == 7


def test_serve_command_get(fixture_db):
    result = CliRunner().invoke(serve, ["--db", fixture_db, "--get", "/api/stories/s1"])
    assert result.exit_code == 0 and '"title": "রাশিয়া ও উত্তর কোরিয়ার ঘনিষ্ঠতা"' in result.output
    assert CliRunner().invoke(serve, ["--db", fixture_db, "--get", "/api/stories/nope"]).exit_code == 1
    missing = fixture_db.replace("/khobor_test_", "/absent_", 1)
    result = CliRunner().invoke(serve, ["--db", missing, "--get", "/api/stories"])
    assert result.exit_code == 1 and "absent_" in result.output and "does not exist" in result.output
    assert "Traceback" not in result.output


def test_corrections_with_allow_edits(pg_url, cli, tmp_path):
    import shutil

    from conftest import SAMPLES

    shutil.copytree(SAMPLES, tmp_path / "in")
    cli("run", tmp_path / "in", "--db", pg_url)
    test_serve_api.test_corrections_with_allow_edits((tmp_path / "in", pg_url))


def test_workers_open_a_postgresql_url(fixture_db, monkeypatch):
    """`serve --workers N` hands each worker the URL itself (a path is made absolute, a URL must not be)."""
    from test_serve_workers import test_workers_start_the_app_factory_by_name as check

    check(fixture_db, monkeypatch)


# The web security suite on PostgreSQL too (its `db` fixture, overridden here, is the store it serves).
from test_serve_security import *  # noqa: E402,F401,F403

for _name in ("test_only_http_links_are_rendered", "test_http_links_still_are_links"):  # they write their own SQLite store
    globals().pop(_name, None)


@pytest.fixture
def db(pg_url) -> str:
    return build_fixture_store(pg_url)
