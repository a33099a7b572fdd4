"""Schema-driven tests: requests generated from the app's own OpenAPI document.

Schemathesis reads /openapi.json and sends generated requests (valid and
invalid parameters, odd ids, bodies) in-process through the ASGI interface. No
answer may be a server error: bad input gets a clear 4xx in the one error shape.
The number of examples per operation is bounded so the file runs in seconds.
"""

from __future__ import annotations

import pytest
import schemathesis
from schemathesis import GenerationMode
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from khobor.serve import create_app
from test_serve_api import build_fixture_store

TOKEN = "schema-test-token-0123456789"
# Ids stored in the fixture store, by the parameter or body field that names them.
KNOWN_IDS = {"story_id": ["s1", "s2"], "event_id": ["ev1", "ev2", "ev3", "ev4"],
             "entity_id": ["e_lavrov", "e_kim", "e_putin", "e_dhaka"], "article_id": ["a1", "a2", "a3", "a5", "a7"]}
KNOWN_IDS["other_id"] = KNOWN_IDS["entity_id"]
EXAMPLES = settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module")
def fixture_path(tmp_path_factory) -> str:
    return build_fixture_store(tmp_path_factory.mktemp("schema") / "fixture.db")


@pytest.fixture(scope="module")
def read_only_schema(fixture_path):
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(fixture_path))


@pytest.fixture(scope="module")
def editable_schema(tmp_path_factory):
    db = build_fixture_store(tmp_path_factory.mktemp("schema-edit") / "fixture.db")
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(db, allow_edits=True, token=TOKEN, hosts=("*",)))


@st.composite
def with_known_ids(pick: st.DrawFn, cases: st.SearchStrategy):
    """Half the cases name stored rows (random ids are nearly always 404s and never reach the deeper code)."""
    case = pick(cases)
    if pick(st.booleans()):
        for name in case.path_parameters or {}:
            if name in KNOWN_IDS:
                case.path_parameters[name] = pick(st.sampled_from(KNOWN_IDS[name]))
        if isinstance(case.body, dict):
            for name in set(case.body) & set(KNOWN_IDS):
                case.body[name] = pick(st.sampled_from(KNOWN_IDS[name]))
            if "article_ids" in case.body:
                case.body["article_ids"] = pick(st.lists(st.sampled_from(KNOWN_IDS["article_id"]), min_size=1, max_size=3))
    return case


def each_case(schema, *, writes: bool, check) -> int:
    """Run ``check`` on generated cases (valid and invalid) of every GET, or every other, operation."""
    ran = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if (operation.method.upper() != "GET") != writes:
            continue
        generated = operation.as_strategy(GenerationMode.POSITIVE) | operation.as_strategy(GenerationMode.NEGATIVE)
        strategy = with_known_ids(generated)

        @EXAMPLES
        @given(case=strategy)
        def run(case):
            check(case)

        run()
        ran += 1
    return ran


def assert_clean(response) -> None:
    """Below 500, and an error comes in the documented shape with a message."""
    assert response.status_code < 500, (response.status_code, response.text[:500])
    if response.status_code >= 400:
        body = response.json()
        assert body["ok"] is False and body["status"] == response.status_code and body["error"]


def test_reads_never_fail_on_the_server(read_only_schema):
    def check(case):
        response = case.call()
        assert_clean(response)
        if response.status_code == 200:
            assert response.headers["content-type"][0].startswith("application/json")

    assert each_case(read_only_schema, writes=False, check=check) >= 7


def test_writes_on_a_read_only_server_are_refused(read_only_schema):
    def check(case):
        response = case.call()
        assert response.status_code == 403, response.text
        assert "read-only" in response.json()["error"]

    assert each_case(read_only_schema, writes=True, check=check) >= 4


def test_writes_without_the_token_are_refused(editable_schema):
    def check(case):
        response = case.call(headers={"Authorization": "Bearer not-the-token-at-all"})
        assert response.status_code == 401, response.text
        assert "token" in response.json()["error"]

    assert each_case(editable_schema, writes=True, check=check) >= 4


def test_writes_with_the_token_never_fail_on_the_server(editable_schema):
    assert each_case(editable_schema, writes=True,
                     check=lambda case: assert_clean(case.call(headers={"Authorization": f"Bearer {TOKEN}"}))) >= 4
