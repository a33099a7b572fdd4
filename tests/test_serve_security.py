"""The server against hostile pages and hostile news text: edit token, Host/Origin, headers, links."""

import re

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

import khobor
from khobor.model import Article
from khobor.serve import create_app
from khobor.serve.commands import serve
from test_serve_api import build_fixture_store

LOCAL = "http://127.0.0.1:8000"


@pytest.fixture
def db(tmp_path) -> str:
    return build_fixture_store(tmp_path / "fixture.db")


@pytest.fixture
def editor(db):
    app = create_app(db, allow_edits=True)
    return app, TestClient(app, base_url=LOCAL)


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def test_edits_need_the_token(editor):
    app, client = editor
    token = app.state.edit_token
    assert token and len(token) >= 24
    body = {"event_id": "ev2"}
    assert client.post("/api/articles/a1/move", json=body).status_code == 401
    assert client.post("/api/articles/a1/move", json=body, headers=bearer("x" * 32)).status_code == 401
    refused = client.post("/api/articles/a1/move", json=body)
    assert refused.json()["ok"] is False and "token" in refused.json()["error"]
    ok = client.post("/api/articles/a1/move", json=body, headers=bearer(token))
    assert ok.status_code not in (401, 403), ok.json()  # past the guard: the change itself ran


def test_each_app_gets_its_own_token_unless_given(db):
    assert create_app(db, allow_edits=True).state.edit_token != create_app(db, allow_edits=True).state.edit_token
    assert create_app(db, allow_edits=True, token="t" * 20).state.edit_token == "t" * 20


def test_foreign_host_and_origin_are_refused_even_with_the_token(editor):
    app, client = editor
    headers = bearer(app.state.edit_token)
    rebound = client.post("/api/articles/a1/move", json={"event_id": "ev2"}, headers={**headers, "Host": "evil.test"})
    assert rebound.status_code == 403 and "Host" in rebound.json()["error"]
    cross = client.post("/api/articles/a1/move", json={"event_id": "ev2"}, headers={**headers, "Origin": "http://evil.test"})
    assert cross.status_code == 403 and "another site" in cross.json()["error"]
    fetch = client.post("/api/articles/a1/move", json={"event_id": "ev2"}, headers={**headers, "Sec-Fetch-Site": "cross-site"})
    assert fetch.status_code == 403
    same = client.post("/api/articles/a1/move", json={"event_id": "ev2"}, headers={**headers, "Origin": LOCAL})
    assert same.status_code not in (401, 403)


def test_a_form_post_from_another_page_cannot_edit(editor):
    _, client = editor  # what a hostile page can send: a simple form post, no custom header
    response = client.post("/api/entities/e_lavrov/merge", content="other_id=e_kim",
                           headers={"Content-Type": "application/x-www-form-urlencoded", "Origin": "null"})
    assert response.status_code == 403


def run_serve(monkeypatch, *args):
    import uvicorn

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append((app, kw)))
    result = CliRunner().invoke(serve, list(args))
    return result, calls


def test_serve_prints_the_edit_token(db, monkeypatch):
    result, calls = run_serve(monkeypatch, "--db", db, "--allow-edits")
    assert result.exit_code == 0, result.output
    [(app, _)] = calls
    assert app.state.edit_token in result.output and "Authorization: Bearer" in result.output
    assert "warning" not in result.output


def test_binding_every_address_warns_and_needs_a_token_for_edits(db, monkeypatch):
    result, calls = run_serve(monkeypatch, "--db", db, "--host", "0.0.0.0")
    assert result.exit_code == 0 and "warning" in result.output and "0.0.0.0" in result.output
    refused, calls = run_serve(monkeypatch, "--db", db, "--host", "0.0.0.0", "--allow-edits")
    assert refused.exit_code == 2 and "--token" in refused.output and calls == []
    token = "a-long-secret-token-1234"
    allowed, calls = run_serve(monkeypatch, "--db", db, "--host", "0.0.0.0", "--allow-edits", "--token", token)
    assert allowed.exit_code == 0 and token not in allowed.output  # a token the user chose is not echoed
    client = TestClient(calls[0][0], base_url="http://192.0.2.7:8000")
    assert client.post("/api/articles/a1/move", json={"event_id": "ev2"}).status_code == 401
    assert client.post("/api/articles/a1/move", json={"event_id": "ev2"}, headers=bearer(token)).status_code not in (401, 403)


PAGES = ["/", "/stories/s1", "/events/ev3", "/entities", "/entities/e_lavrov", "/articles/a7", "/search?q=কিম",
         "/docs", "/api/stories", "/api/articles/nope", "/nope", "/static/style.css", "/openapi.json"]


@pytest.mark.parametrize("path", PAGES)
def test_security_headers_on_every_response(db, path):
    response = TestClient(create_app(db)).get(path)
    csp = response.headers["content-security-policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["script-src"] == "'self'" and "unsafe-inline" not in directives["script-src"]
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize("path", [p for p in PAGES if not p.startswith(("/api", "/static", "/openapi"))])
def test_no_inline_script_on_any_page(db, path):
    html = TestClient(create_app(db)).get(path).text
    for tag in re.findall(r"<script\b[^>]*>", html, flags=re.I):
        assert "src=" in tag, tag  # every script is a file under /static
    assert not re.search(r"<script\b[^>]*>\s*[^<\s]", html), "inline script body"
    assert not re.search(r"\son[a-z]+\s*=", html, flags=re.I), "inline event handler"


HOSTILE_URLS = ["javascript:alert(document.domain)", " JavaScript:alert(1)", "data:text/html,<script>alert(1)</script>",
                "vbscript:msgbox(1)", "//evil.test/x"]


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_only_http_links_are_rendered(tmp_path, url):
    db = str(tmp_path / "k.db")
    with khobor.open(db) as store:
        store.add_articles([Article(id="j1", source="x.jsonl#L1", body="ঢাকায় বৃষ্টি হয়েছে।", title="শিরোনাম", url=url)])
    html = TestClient(create_app(db)).get("/articles/j1").text
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert not [h for h in hrefs if not h.startswith(("/", "http://", "https://"))], hrefs
    assert "evil.test" not in " ".join(hrefs)


def test_http_links_still_are_links(tmp_path):
    db = str(tmp_path / "k.db")
    with khobor.open(db) as store:
        store.add_articles([Article(id="h1", source="x", body="ঢাকায় বৃষ্টি হয়েছে।", title="t", url="https://example.org/a?b=1")])
    assert 'href="https://example.org/a?b=1"' in TestClient(create_app(db)).get("/articles/h1").text
