"""The JSON API and the server-rendered pages, through FastAPI's TestClient.

The fixture store is written here (invented text) so every stage's output is
present: mentions, times, quotes, duplicates, events, stories, entities, and an
article whose body carries a <script> tag.
"""

from __future__ import annotations

import re
import sqlite3

import pytest
from fastapi.testclient import TestClient

import khobor
from khobor.model import Article, Entity, Event, Mention, Quote, Story, TimeExpr
from khobor.serve import create_app

SCRIPT = "<script>alert(1)</script>"

ENTITIES = {
    "e_lavrov": ("PER", "সের্গেই লাভরভ", "Sergei Lavrov", ["সের্গেই লাভরভ", "লাভরভ", "ল্যাভরভ", "সের্গেই ল্যাভরভ"]),
    "e_kim": ("PER", "কিম জং উন", "Kim Jong Un", ["কিম জং উন", "কিম"]),
    "e_putin": ("PER", "ভ্লাদিমির পুতিন", "Vladimir Putin", ["ভ্লাদিমির পুতিন", "পুতিন"]),
    "e_pyongyang": ("LOC", "পিয়ংইয়ং", "Pyongyang", ["পিয়ংইয়ং"]),
    "e_dhaka": ("LOC", "ঢাকা", "Dhaka", ["ঢাকা", "ঢাকায়"]),
}

# id: outlet, date, event, story, duplicate_of, title, body
ARTICLES = {
    "a1": ("দৈনিক প্রভাত", "2023-09-13T10:00:00+06:00", "ev1", "s1", None, "পুতিনের সঙ্গে কিমের বৈঠক",
           "ভ্লাদিমির পুতিন বুধবার কিম জং উনের সঙ্গে বৈঠক করেছেন। দুই নেতা সামরিক সহযোগিতা নিয়ে আলোচনা করেন।\n\nবৈঠক শেষে কিম বলেন, সম্পর্ক আরও গভীর হবে।"),
    "a2": ("বার্তা সংস্থা", "2024-06-19T09:00:00+06:00", "ev2", "s1", None, "পিয়ংইয়ংয়ে পুতিন",
           "ভ্লাদিমির পুতিন বুধবার পিয়ংইয়ং পৌঁছেছেন। বিমানবন্দরে কিম জং উন তাঁকে স্বাগত জানান। দুই দেশ একটি প্রতিরক্ষা চুক্তিতে সই করেছে।"),
    "a3": ("সকালের খবর", "2024-06-19T15:00:00+06:00", "ev2", "s1", "a2", "পিয়ংইয়ংয়ে পুতিন",
           "ভ্লাদিমির পুতিন বুধবার পিয়ংইয়ং পৌঁছেছেন। বিমানবন্দরে কিম জং উন তাঁকে স্বাগত জানান। দুই দেশ একটি প্রতিরক্ষা চুক্তিতে সই করেছে।"),
    "a4": ("দৈনিক প্রভাত", "2025-07-12T18:00:00+06:00", "ev3", "s1", None, "কিমের সঙ্গে লাভরভের সাক্ষাৎ",
           "সের্গেই লাভরভ শনিবার কিম জং উনের সঙ্গে সাক্ষাৎ করেছেন। লাভরভ বলেন, \"আমাদের বন্ধুত্ব অটুট।\"\n\nলাভরভের এই সফর তিন দিনের।"),
    "a5": ("নগর বার্তা", "2025-07-12T20:00:00+06:00", "ev3", "s1", None, "ল্যাভরভ উত্তর কোরিয়ায়",
           "রাশিয়ার পররাষ্ট্রমন্ত্রী সের্গেই ল্যাভরভ শনিবার কিম জং উনের সঙ্গে দেখা করেছেন। দুই পক্ষ সহযোগিতা বাড়াতে একমত হয়েছে।"),
    "a6": ("সকালের খবর", "2025-07-13T08:00:00+06:00", "ev3", "s1", None, "লাভরভকে স্বাগত",
           "সের্গেই লাভরভ শনিবার কিম জং উনের সঙ্গে সাক্ষাৎ করেছেন। পিয়ংইয়ং বিমানবন্দরে তাঁকে ফুল দিয়ে স্বাগত জানানো হয়।"),
    "a7": ("নগর বার্তা", "2024-08-20T12:00:00+06:00", "ev4", "s2", None, "ঢাকায় বন্যা",
           f"ঢাকায় ভারী বৃষ্টিতে বন্যা দেখা দিয়েছে। একটি ওয়েবসাইটে লেখা ছিল {SCRIPT} যা এখানে লেখা হিসেবেই দেখা উচিত।"),
}


def _mentions(body: str) -> list[Mention]:
    out = []
    for entity_id, (kind, _, _, variants) in ENTITIES.items():
        for surface in sorted(variants, key=len, reverse=True):
            for m in re.finditer(re.escape(surface), body):
                if not any(x.start <= m.start() < x.end for x in out):
                    out.append(Mention(m.start(), m.end(), surface, kind, entity_id))
    return sorted(out, key=lambda m: m.start)


def fixture_articles() -> list[Article]:
    out = []
    for article_id, (outlet, date, event, story, dup, title, body) in ARTICLES.items():
        times = [TimeExpr(m.start(), m.end(), m.group(), date[:10], anchor=date[:10]) for m in re.finditer("শনিবার|বুধবার", body)]
        quotes = [Quote(m.start(), m.end(), m.group(1), "লাভরভ", "e_lavrov") for m in re.finditer('"([^"]+)"', body)]
        out.append(Article(
            id=article_id, source=f"fixture/{article_id}.txt", body=body, title=title, outlet=outlet, published_at=date,
            published_how="field", boilerplate=["বিজ্ঞাপন", "আরও পড়ুন: অন্য খবর"], mentions=_mentions(body), times=times,
            quotes=quotes, mt_score=0.8 if article_id == "a5" else 0.1, duplicate_of=dup, event_id=event, story_id=story,
            extras={"event_why": {"shared_entities": ["কিম জং উন"]}} if event == "ev3" else {}))
    return out


def build_fixture_store(path) -> str:
    """Write the fixture store at ``path``; returns the path as a string."""
    articles = fixture_articles()
    with khobor.open(str(path)) as store:
        store.add_articles(articles)
        store.save_entities([
            Entity(id=eid, type=kind, name=name, name_latin=latin, variants=variants,
                   article_ids=[a.id for a in articles if any(m.entity_id == eid for m in a.mentions)])
            for eid, (kind, name, latin, variants) in ENTITIES.items()])
        events = [
            Event("ev1", "পুতিন ও কিমের বৈঠক", ["a1"], "2023-09-13", "2023-09-13", "s1", {"shared_terms": ["বৈঠক"]}),
            Event("ev2", "পুতিনের পিয়ংইয়ং সফর", ["a2", "a3"], "2024-06-19", "2024-06-19", "s1",
                  {"shared_entities": ["ভ্লাদিমির পুতিন", "পিয়ংইয়ং"], "time_gap_days": 0}),
            Event("ev3", "লাভরভের উত্তর কোরিয়া সফর", ["a4", "a5", "a6"], "2025-07-12", "2025-07-13", "s1",
                  {"shared_entities": ["সের্গেই লাভরভ", "কিম জং উন"], "shared_terms": ["সাক্ষাৎ", "শনিবার"]}),
            Event("ev4", "ঢাকায় বন্যা", ["a7"], "2024-08-20", "2024-08-20", "s2", {}),
        ]
        stories = [Story("s1", "রাশিয়া ও উত্তর কোরিয়ার ঘনিষ্ঠতা", ["ev1", "ev2", "ev3"], "2023-09-13", "2025-07-13"),
                   Story("s2", "ঢাকার বন্যা", ["ev4"], "2024-08-20", "2024-08-20")]
        store.save_events(events, stories)
    return str(path)


@pytest.fixture(scope="module")
def fixture_db(tmp_path_factory) -> str:
    return build_fixture_store(tmp_path_factory.mktemp("serve") / "fixture.db")


@pytest.fixture(scope="module")
def client(fixture_db) -> TestClient:
    return TestClient(create_app(fixture_db))


# -- search ------------------------------------------------------------------

def test_search_shape_and_inflections(client):
    body = client.get("/api/search", params={"q": "লাভরভের"}).json()
    assert set(body) >= {"results", "total"}
    assert set(body["results"][0]) == {"id", "source", "title", "outlet", "published_at", "snippet", "score"}
    assert {"a4", "a6"} <= {h["id"] for h in body["results"]}
    assert all("[" in h["snippet"] for h in body["results"])


def test_search_is_entity_aware_both_ways(client):
    one = client.get("/api/search", params={"q": "লাভরভ"}).json()
    other = client.get("/api/search", params={"q": "ল্যাভরভ"}).json()
    assert {h["id"] for h in one["results"]} == {h["id"] for h in other["results"]} == {"a4", "a5", "a6"}
    assert "ল্যাভরভ" in one["also_searched"] and one["entities"] == ["e_lavrov"]
    assert "[ল্যাভরভ]" in next(h["snippet"] for h in one["results"] if h["id"] == "a5")


def test_search_without_entity_match_searches_only_the_words(client):
    body = client.get("/api/search", params={"q": "বন্যা"}).json()
    assert [h["id"] for h in body["results"]] == ["a7"] and body["also_searched"] == []


def test_search_filters(client):
    q = {"q": "কিম"}
    everything = {h["id"] for h in client.get("/api/search", params={**q, "per_page": 100}).json()["results"]}
    assert {"a1", "a2", "a3", "a4", "a5", "a6"} <= everything
    by_outlet = client.get("/api/search", params={**q, "outlet": "দৈনিক প্রভাত"}).json()
    assert {h["id"] for h in by_outlet["results"]} == {"a1", "a4"}
    by_date = client.get("/api/search", params={**q, "date_from": "2024-01-01", "date_to": "2024-12-31"}).json()
    assert {h["id"] for h in by_date["results"]} == {"a2", "a3"}
    last_day = client.get("/api/search", params={**q, "date_from": "2025-07-13", "date_to": "2025-07-13"}).json()
    assert {h["id"] for h in last_day["results"]} == {"a6"}
    by_entity = client.get("/api/search", params={"q": "সাক্ষাৎ", "entity": "e_lavrov"}).json()
    assert {h["id"] for h in by_entity["results"]} == {"a4", "a6"}


def test_search_ranks_like_store_search(fixture_db):
    from khobor.serve import queries

    with khobor.open(fixture_db, read_only=True) as store:
        for q in ("কিম", "পুতিন", "সাক্ষাৎ করেছেন", "বন্যা"):
            ours = queries.search(store, q, limit=50)
            theirs = store.search(q, limit=50)
            assert ours["total"] == theirs.total > 0
            assert [h["id"] for h in ours["results"]] == [h.id for h in theirs.results]
            assert [h["snippet"] for h in ours["results"]] == [h.snippet for h in theirs.results]


def test_search_pagination(client):
    first = client.get("/api/search", params={"q": "কিম", "per_page": 2, "page": 1}).json()
    second = client.get("/api/search", params={"q": "কিম", "per_page": 2, "page": 2}).json()
    assert first["total"] == second["total"] >= 6
    assert len(first["results"]) == len(second["results"]) == 2
    assert not {h["id"] for h in first["results"]} & {h["id"] for h in second["results"]}


@pytest.mark.parametrize("params, words", [
    ({"q": "কিম", "page": -1}, "page: must be 1 or more"),
    ({"q": "a" * 10_000}, "q: too long: at most 500 characters (got 10000)"),
    ({"q": "ক" * 501}, "q: too long: at most 500 characters (got 501)"),
    ({"q": ""}, "q:"),
    ({"q": "কিম", "per_page": 1000}, "per_page:"),
    ({"q": "কিম", "date_from": "yesterday"}, "date_from:"),
])
def test_bad_parameters_get_422_with_a_clear_message(client, params, words):
    response = client.get("/api/search", params=params)
    assert response.status_code == 422
    body = response.json()
    assert body["ok"] is False and body["status"] == 422 and words in body["error"]


def test_fts_syntax_in_a_query_is_inert(client):
    response = client.get("/api/search", params={"q": '"(* OR NEAR'})
    assert response.status_code == 200


# -- stories, events, entities, articles ---------------------------------------

def test_stories_most_recent_first_with_counts(client):
    body = client.get("/api/stories").json()
    assert body["total"] == 2 and [s["id"] for s in body["results"]] == ["s1", "s2"]
    s1 = body["results"][0]
    assert (s1["events"], s1["articles"], s1["originals"], s1["copies"], s1["outlets"]) == (3, 6, 5, 1, 4)
    assert s1["top_entities"][0]["id"] == "e_kim"  # named in all six


def test_story_events_in_date_order(client):
    story = client.get("/api/stories/s1").json()
    assert [e["id"] for e in story["events"]] == ["ev1", "ev2", "ev3"]
    assert [e["start"] for e in story["events"]] == sorted(e["start"] for e in story["events"])


def test_event_nests_copies_under_their_original(client):
    event = client.get("/api/events/ev2").json()
    assert [r["id"] for r in event["reports"]] == ["a2"]
    assert [c["id"] for c in event["reports"][0]["copies"]] == ["a3"]
    assert event["explanation"]["shared_entities"] == ["ভ্লাদিমির পুতিন", "পিয়ংইয়ং"]
    ev3 = client.get("/api/events/ev3").json()
    assert ev3["reports"][0]["quotes"][0] == {"text": "আমাদের বন্ধুত্ব অটুট।", "speaker": "লাভরভ", "speaker_entity_id": "e_lavrov"}


def test_entity_detail(client):
    entity = client.get("/api/entities/e_lavrov").json()
    assert entity["name"] == "সের্গেই লাভরভ" and "ল্যাভরভ" in entity["variants"]
    assert entity["mentions_by_month"] == [["2025-07", 3]]
    assert [s["id"] for s in entity["stories"]] == ["s1"]
    assert entity["cooccurring"][0]["id"] == "e_kim" and entity["cooccurring"][0]["count"] == 3
    listing = client.get("/api/entities", params={"type": "LOC"}).json()
    assert {e["id"] for e in listing["results"]} == {"e_pyongyang", "e_dhaka"}


def test_article_json_keeps_text_as_data(client):
    article = client.get("/api/articles/a7").json()
    assert SCRIPT in article["body"] and article["mt_score"] == 0.1 and article["boilerplate"]


def test_unknown_ids_are_404_in_the_error_shape(client):
    for path in ("/api/stories/nope", "/api/events/nope", "/api/entities/nope", "/api/articles/nope"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.json() == {"ok": False, "error": response.json()["error"], "status": 404}
        assert "nope" in response.json()["error"]
    assert client.get("/stories/nope").status_code == 404


# -- safety --------------------------------------------------------------------

def test_writes_refused_without_allow_edits(fixture_db):
    client = TestClient(create_app(fixture_db))
    for method in ("post", "put", "delete", "patch"):
        response = getattr(client, method)("/api/articles/a1")
        assert response.status_code == 403 and response.json()["ok"] is False and "--allow-edits" in response.json()["error"]
    refused = client.post("/api/articles/a1/move", json={"event_id": "e1"})
    assert refused.status_code == 403


def test_corrections_with_allow_edits(sample_store):
    _, db = sample_store
    with khobor.open(db, read_only=True) as store:
        visit = max(store.events(), key=lambda e: len(e.article_ids))
        person = store.entities(type="PER")[:2]
    app = create_app(db, allow_edits=True)
    client = TestClient(app, base_url="http://127.0.0.1:8000", headers={"Authorization": f"Bearer {app.state.edit_token}"})
    assert not client.app.state.store.read_only
    leaving = visit.article_ids[-1]
    split = client.post(f"/api/events/{visit.id}/split", json={"article_ids": [leaving]})
    assert split.status_code == 200, split.json()
    new_event = split.json()["event_id"]
    def reports(event_id):
        return [r["id"] for r in client.get(f"/api/events/{event_id}").json()["reports"]]

    assert reports(new_event) == [leaving]
    moved = client.post(f"/api/articles/{leaving}/move", json={"event_id": visit.id})
    assert moved.status_code == 200 and leaving in reports(visit.id)
    bad = client.post(f"/api/articles/{leaving}/move", json={"event_id": "ev-nope"})
    assert bad.status_code == 400 and "no event" in bad.json()["error"]
    assert client.post(f"/api/events/{visit.id}/split", json={"article_ids": []}).status_code == 422
    merged = client.post(f"/api/entities/{person[0].id}/merge", json={"other_id": person[1].id})
    assert merged.status_code == 200
    assert client.get(f"/api/entities/{person[1].id}").status_code == 404


def test_store_is_opened_read_only(fixture_db):
    app = create_app(fixture_db)
    assert app.state.store.read_only
    with app.state.store.engine.connect() as conn, pytest.raises(Exception, match="readonly"):
        conn.exec_driver_sql("DELETE FROM articles")
    assert sqlite3.connect(fixture_db).execute("SELECT count(*) FROM articles").fetchone()[0] == 7


def test_script_in_article_is_escaped_on_every_page(client):
    for path in ("/articles/a7", "/events/ev4", "/stories/s2", "/search?q=বন্যা"):
        html = client.get(path).text
        assert SCRIPT not in html, path
        if path != "/events/ev4":  # the event page lists titles, not bodies
            assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, path


def test_script_in_query_is_escaped(client):
    html = client.get("/search", params={"q": SCRIPT}).text
    assert SCRIPT not in html and "&lt;script&gt;" in html


# -- pages ---------------------------------------------------------------------

def test_home_lists_stories(client):
    html = client.get("/").text
    assert html.index("/stories/s1") < html.index("/stories/s2")
    assert "5 independent reports" in html and "1 copy" in html and "/entities/e_kim" in html


def test_article_page_annotations(client):
    html = client.get("/articles/a4").text
    assert '<a class="ent ent-PER" href="/entities/e_lavrov"' in html
    assert re.search(r'<span class="time" title="2025-07-12 \(from 2025-07-12\)"[^>]*>শনিবার</span>', html)
    assert '<details class="boilerplate">' in html and "আরও পড়ুন: অন্য খবর" in html
    assert 'lang="bn"' in html and "Machine translation" in html


def test_event_page_shows_copies_explanation_quotes(client):
    html = client.get("/events/ev2").text
    assert '<details class="copies"><summary>1 copy of this report' in html and "/articles/a3" in html
    assert "shared entities" in html and "পিয়ংইয়ং" in html
    quotes = client.get("/events/ev3").text
    assert "আমাদের বন্ধুত্ব অটুট।" in quotes and 'href="/entities/e_lavrov"' in quotes


def test_story_page_timeline_and_shared_sentences(client):
    html = client.get("/stories/s1").text
    starts = re.findall(r'class="tl-event" data-start="([\d-]+)"', html)
    assert starts == ["2023-09-13", "2024-06-19", "2025-07-12"]
    assert '<svg class="timeline"' in html
    # ev3: a4 and a6 share their first sentence word for word; a5 says it differently
    assert '<p lang="bn" class="shared">সের্গেই লাভরভ শনিবার কিম জং উনের সঙ্গে সাক্ষাৎ করেছেন।</p>' in html
    assert '<p lang="bn" class="own">দুই পক্ষ সহযোগিতা বাড়াতে একমত হয়েছে।</p>' in html


def test_entity_page(client):
    html = client.get("/entities/e_lavrov").text
    assert "ল্যাভরভ" in html and '<svg class="bars"' in html and 'data-month="2025-07" data-count="3"' in html
    assert "/stories/s1" in html and "/entities/e_kim" in html


def test_search_page_highlights_and_pages(client):
    html = client.get("/search", params={"q": "কিম", "page": 1}).text
    assert "<mark>" in html and "found" in html
    assert client.get("/search", params={"q": "কিম", "page": -1}).status_code == 422
    html = client.get("/search", params={"q": "লাভরভ"}).text
    assert "3 articles found" in html and "ল্যাভরভ" in html


def test_docs_and_assets_work_offline(client):
    html = client.get("/docs").text
    assert "/static/swagger-ui/swagger-ui-bundle.js" in html and "/static/swagger-ui/swagger-ui.css" in html
    assert not re.search(r'(src|href)="https?://', html)  # nothing loaded from another host
    for asset in ("/static/swagger-ui/swagger-ui-bundle.js", "/static/swagger-ui/swagger-ui.css", "/static/style.css",
                  "/static/fonts/noto-sans-bengali-bengali-400-normal.woff2"):
        assert client.get(asset).status_code == 200, asset
    spec = client.get("/openapi.json").json()
    assert {"/api/search", "/api/stories", "/api/stories/{story_id}", "/api/events/{event_id}", "/api/entities",
            "/api/entities/{entity_id}", "/api/articles/{article_id}"} <= set(spec["paths"])
    for page in ("/", "/stories/s1", "/events/ev3", "/entities/e_lavrov", "/articles/a4", "/search?q=কিম"):
        assert not re.search(r'(src|href)="https?://', client.get(page).text), page


# -- the command ---------------------------------------------------------------

def test_serve_command_get(fixture_db):
    from click.testing import CliRunner

    from khobor.serve.commands import serve

    result = CliRunner().invoke(serve, ["--db", fixture_db, "--get", "/api/stories/s1"])
    assert result.exit_code == 0 and '"title": "রাশিয়া ও উত্তর কোরিয়ার ঘনিষ্ঠতা"' in result.output
    assert CliRunner().invoke(serve, ["--db", fixture_db, "--get", "/api/stories/nope"]).exit_code == 1
    missing = CliRunner().invoke(serve, ["--db", fixture_db + ".absent"])
    assert missing.exit_code == 1 and "no such store" in missing.output


# -- seeds ---------------------------------------------------------------------

def test_seed_store_through_the_api(seeds_dir, tmp_path):
    path = tmp_path / "seeds.db"
    with khobor.open(str(path)) as store:
        store.ingest([seeds_dir])
        store.process()
    client = TestClient(create_app(str(path)))
    with khobor.open(str(path), read_only=True) as store:
        spelled = {a.id for a in store.articles() if "লাভরভ" in (a.title or "") + a.body}
        either = {a.id for a in store.articles() if re.search("লাভরভ|ল্যাভরভ", (a.title or "") + a.body)}
    body = client.get("/api/search", params={"q": "লাভরভ", "per_page": 50}).json()
    found = {h["id"] for h in body["results"]}
    assert spelled <= found and len(spelled) >= 2
    for hit in body["results"]:
        assert client.get(f"/articles/{hit['id']}").status_code == 200
    assert client.get("/").status_code == 200
    if not any("ল্যাভরভ" in v for v in body["also_searched"]):
        pytest.skip("entity resolution has not linked লাভরভ and ল্যাভরভ in the seed store (analyze stage absent or not "
                    f"resolving them yet; also searched: {body['also_searched']}): the four-report check needs it")
    assert found == either and len(either) == 4


def test_search_page_keeps_loose_in_the_pager(tmp_path):
    """With more hits than one page, the next page's link keeps the loose search (and only when it was asked for)."""
    from khobor.model import Article

    db = str(tmp_path / "many.db")
    with khobor.open(db) as store:
        store.add_articles([Article(id=f"m{i:03d}", source=f"m/{i}", title=f"সংবাদ {i}", body=f"ঢাকায় বৈঠক হয়েছে {i}।")
                            for i in range(25)])
    with TestClient(create_app(db)) as client:
        html = client.get("/search", params={"q": "বৈঠক", "loose": "true"}).text
        assert "25 articles found" in html and 'name="loose" value="true" checked' in html
        assert re.search(r'rel="next" href="[^"]*&amp;loose=true&(amp;)?page=2"', html), html
        html = client.get("/search", params={"q": "বৈঠক"}).text
        assert "loose=true" not in html and 'value="true" checked' not in html


def test_a_repeated_search_is_answered_from_memory_until_the_store_changes(tmp_path, monkeypatch):
    from khobor.serve import queries

    db = str(tmp_path / "k.db")
    with khobor.open(db) as store:
        store.add_articles([Article(id="r1", source="r/1", title="বৈঠক", body="ঢাকায় বৈঠক হয়েছে।")])
    calls = []
    real = queries.search
    monkeypatch.setattr(queries, "search", lambda *a, **k: calls.append(a[1]) or real(*a, **k))
    with TestClient(create_app(db)) as client:
        first = client.get("/api/search", params={"q": "বৈঠক"}).json()
        assert client.get("/api/search", params={"q": "বৈঠক"}).json() == first and len(calls) == 1
        html = client.get("/search", params={"q": "বৈঠক"}).text  # the page marks its own copy...
        assert "<mark>" in html and client.get("/api/search", params={"q": "বৈঠক"}).json() == first  # ...not the kept one
        with khobor.open(db) as store:
            store.add_articles([Article(id="r2", source="r/2", title="আরেক বৈঠক", body="চট্টগ্রামে বৈঠক হয়েছে।")])
        assert client.get("/api/search", params={"q": "বৈঠক"}).json()["total"] == 2
