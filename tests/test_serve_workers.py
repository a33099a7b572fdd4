"""`khobor serve --workers N`: several server processes over one read-only store."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import httpx
import pytest
from click.testing import CliRunner

from khobor.serve.commands import serve
from test_serve_api import build_fixture_store


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    return build_fixture_store(tmp_path_factory.mktemp("workers") / "fixture.db")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_workers_start_the_app_factory_by_name(db, monkeypatch):
    import uvicorn

    from khobor.serve.app import CONFIG_ENV, app_from_env

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append((app, kw)))
    monkeypatch.delenv(CONFIG_ENV, raising=False)
    result = CliRunner().invoke(serve, ["--db", db, "--workers", "3"])
    assert result.exit_code == 0, result.output
    [(target, options)] = calls
    assert target == "khobor.serve.app:app_from_env" and options["factory"] and options["workers"] == 3
    assert options["host"] == "127.0.0.1"
    app = app_from_env()  # what each worker does, with the settings the command left in the environment
    assert app.state.allow_edits is False and app.state.store.read_only
    assert app.state.store.count() == 7


def test_workers_refuse_edits(db, monkeypatch):
    result = CliRunner().invoke(serve, ["--db", db, "--workers", "2", "--allow-edits"])
    assert result.exit_code == 2 and "--workers" in result.output


def test_factory_without_settings_says_how_to_start(monkeypatch):
    from khobor.serve.app import CONFIG_ENV, app_from_env

    monkeypatch.delenv(CONFIG_ENV, raising=False)
    with pytest.raises(RuntimeError, match="--workers"):
        app_from_env()


@pytest.mark.slow
def test_two_worker_processes_answer(db):
    port = free_port()
    code = "from khobor.cli import main; main()"
    server = subprocess.Popen([sys.executable, "-c", code, "serve", "--db", db, "--port", str(port), "--workers", "2"],
                              env={k: v for k, v in os.environ.items() if k != "KHOBOR_SERVE_CONFIG"},
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        for _ in range(200):
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/api/stories", timeout=10)
                break
            except httpx.TransportError:
                assert server.poll() is None, server.stdout.read().decode()
                time.sleep(0.1)
        assert response.status_code == 200 and response.json()["total"] == 2
        assert httpx.get(f"http://127.0.0.1:{port}/stories/s1", timeout=10).status_code == 200
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_kept_answers_follow_changes_to_the_store(tmp_path):
    """Answers are kept in memory while the store is unchanged; a run that writes it is seen at once."""
    from fastapi.testclient import TestClient

    import khobor
    from khobor.model import Story
    from khobor.serve import create_app

    db = build_fixture_store(tmp_path / "fixture.db")
    client = TestClient(create_app(db))
    assert client.get("/api/stories").json()["total"] == 2
    assert client.get("/api/stories").json()["total"] == 2  # the kept answer
    with khobor.open(db) as store:
        stories = store.stories()
        store.save_events(store.events(), [*stories, Story("s3", "নতুন গল্প", [], "2025-08-01", "2025-08-01")])
    after = client.get("/api/stories").json()
    assert after["total"] == 3 and after["results"][0]["id"] == "s3"
    assert "3 stories" in client.get("/").text


def test_the_most_named_entities_are_prepared_at_start(db):
    import threading

    from khobor.serve import create_app

    app = create_app(db, warm=2)
    for thread in threading.enumerate():
        if thread.name == "khobor-warm":
            thread.join(timeout=30)
    kept = [key for key in app.state.answers.kept if key[0] == "entity_detail"]
    assert len(kept) == 2 and {key[1][0] for key in kept} <= {"e_kim", "e_putin", "e_lavrov", "e_pyongyang", "e_dhaka"}
    assert create_app(db).state.answers.kept == {}  # only when asked
