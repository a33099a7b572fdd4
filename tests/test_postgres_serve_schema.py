"""The schema-driven API tests (tests/test_serve_schema.py) again, on a PostgreSQL store.

Generated requests carry what SQLite takes and PostgreSQL may not (NUL characters,
odd Unicode), so this is where a PostgreSQL-only server error would show.
"""

from __future__ import annotations

import pytest
import schemathesis

from khobor.serve import create_app
from test_serve_api import build_fixture_store
from test_serve_schema import *  # noqa: F401,F403 - the tests themselves, collected again here
from test_serve_schema import TOKEN


@pytest.fixture(scope="module")
def fixture_path(postgres_server) -> str:
    url = postgres_server.new_database()
    yield build_fixture_store(url)
    postgres_server.drop(url)


@pytest.fixture(scope="module")
def editable_schema(postgres_server):
    url = postgres_server.new_database()
    yield schemathesis.openapi.from_asgi("/openapi.json", create_app(build_fixture_store(url), allow_edits=True,
                                                                      token=TOKEN, hosts=("*",)))
    postgres_server.drop(url)
