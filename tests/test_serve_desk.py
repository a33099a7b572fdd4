"""The editor's desk: the home page ranked by recent activity, its filters, and the pages' two languages."""

from __future__ import annotations

import sqlite3

import pytest
from fastapi.testclient import TestClient

from khobor.serve import create_app, queries
from khobor.serve.i18n import Lang, choose
from test_serve_api import build_fixture_store


@pytest.fixture(scope="module")
def desk_db(tmp_path_factory) -> str:
    """The API fixture store with languages set: a5 is an English report, the rest Bengali."""
    path = build_fixture_store(tmp_path_factory.mktemp("desk") / "desk.db")
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE articles SET language = CASE id WHEN 'a5' THEN 'en' ELSE 'bn' END")
    return path


@pytest.fixture(scope="module")
def desk(desk_db) -> TestClient:
    return TestClient(create_app(desk_db))


def test_dates_in_the_readers_language():
    assert Lang("bn").date("2025-12-03T10:00:00+06:00") == "৩ ডিসেম্বর ২০২৫"
    assert Lang("en").date("2025-12-03") == "3 December 2025"
    assert Lang("bn").date(None) == "তারিখ নেই" and Lang("en").date("2025-13") == "2025-13"
    assert Lang("en").t("copies", 1) == "1 copy" and Lang("en").t("copies", 3) == "3 copies"
    assert Lang("bn").t("copies", 12) == "১২টি কপি"
    assert choose("bn", "en") == "bn" and choose(None, "bn") == "bn" and choose("xx", None) == "en"


def test_central_title_shares_most_words_with_the_others():
    titles = [("Flood in Sylhet: 12 dead", "en"), ("Sylhet flood kills 12", "en"), ("Cricket score today", "en"),
              ("সিলেটে বন্যায় ১২ জনের মৃত্যু", "bn")]
    assert queries.central_title(titles) in {"Flood in Sylhet: 12 dead", "Sylhet flood kills 12"}
    assert queries.central_title(titles, prefer="bn") == "সিলেটে বন্যায় ১২ জনের মৃত্যু"
    assert queries.central_title([]) is None


def test_home_ranked_by_recent_activity(desk):
    home = desk.get("/api/home").json()
    assert [i["id"] for i in home["results"]] == ["s1", "s2"]
    s1 = home["results"][0]
    # newest report in the store: a6 on 2025-07-13; a4 and a5 a day before
    assert (s1["latest"], s1["last_day"], s1["last_week"]) == ("2025-07-13", 1, 3)
    assert (s1["originals"], s1["copies"], s1["outlets"]) == (5, 1, 4)
    assert s1["spark"][-2:] == [[2, 0], [1, 0]] and len(s1["spark"]) == 30
    assert s1["headline"] in {"কিমের সঙ্গে লাভরভের সাক্ষাৎ", "লাভরভকে স্বাগত"}  # a report of the latest week
    assert [e["id"] for e in s1["where"]] == ["e_pyongyang"] and s1["who"][0]["id"] == "e_kim"


def test_home_ranking_weighs_recent_reports_over_old_bulk(tmp_path):
    path = build_fixture_store(tmp_path / "late.db")
    with sqlite3.connect(path) as conn:  # the flood story gets the newest report of the store
        conn.execute("UPDATE articles SET published_at = '2025-07-14T09:00:00+06:00' WHERE id = 'a7'")
    home = queries.home_items(__import__("khobor").open(path, read_only=True))
    assert [i["id"] for i in home["results"]] == ["s2", "s1"]
    assert home["results"][0]["new"] and home["results"][0]["last_day"] == 1


@pytest.mark.parametrize("params, expected", [
    ({"outlet": "নগর বার্তা"}, ["s1", "s2"]),
    ({"entity": "e_dhaka"}, ["s2"]),
    ({"language": "en"}, ["s1"]),
    ({"date_from": "2024-08-01", "date_to": "2024-08-31"}, ["s2"]),
    ({"date_to": "2023-12-31"}, ["s1"]),
])
def test_home_filters(desk, params, expected):
    assert [i["id"] for i in desk.get("/api/home", params=params).json()["results"]] == expected
    html = desk.get("/", params=params).text
    assert [s for s in ("/stories/s1", "/stories/s2") if s in html] == [f"/stories/{e}" for e in expected]
    for value in params.values():
        assert f'value="{value}"' in html  # the filters stay in the form and the URL


def test_home_filter_with_a_bad_date_is_refused(desk):
    assert desk.get("/", params={"date_from": "yesterday"}).status_code == 422


def test_home_page_reads_like_a_front_page(desk):
    html = desk.get("/?lang=en").text
    assert 'class="spark"' in html and 'data-n="2"' in html
    assert "latest report 13 July 2025" in html
    assert "5 independent reports" in html and "from 4 outlets" in html and "1 copy" in html


def test_page_language_switch_is_remembered(desk_db):
    client = TestClient(create_app(desk_db))
    bn = client.get("/?lang=bn")
    assert '<html lang="bn">' in bn.text and "সর্বশেষ খবর ১৩ জুলাই ২০২৫" in bn.text
    assert "৫টি স্বতন্ত্র খবর" in bn.text and "July" not in bn.text
    assert client.get("/stories/s1").text.startswith("<!doctype html>\n<html lang=\"bn\">")  # the cookie keeps it
    en = client.get("/?lang=en")
    assert '<html lang="en">' in en.text and 'href="/?lang=bn"' in en.text


# -- event, story and entity pages ---------------------------------------------

def test_word_diff_names_what_a_copy_changed():
    from khobor.model import Article
    from khobor.serve.desk import word_diff

    original = Article(id="o", source="o", title="বন্যায় ১২ জনের মৃত্যু", body="সিলেটে বন্যায় ১২ জন মারা গেছেন। উদ্ধার চলছে।")
    copy = Article(id="c", source="c", title="বন্যায় ১২ জনের মৃত্যু", body="সিলেটে বন্যায় ১৪ জন মারা গেছেন। উদ্ধার চলছে।")
    assert word_diff(original, copy) == [{"removed": "১২", "added": "১৪", "before": "মৃত্যু সিলেটে বন্যায়"}]
    assert word_diff(original, original) == []


def test_why_sentence_names_what_the_reports_share():
    from khobor.model import Article, Mention, TimeExpr
    from khobor.serve.desk import evidence, why_sentence

    names = {"k": {"id": "k", "type": "PER", "name": "Kim"}, "p": {"id": "p", "type": "LOC", "name": "Pyongyang"}}
    def report(i, outlet, body):
        return Article(id=i, source=i, outlet=outlet, body=body, mentions=[Mention(0, 3, "Kim", "PER", "k"), Mention(8, 17, "Pyongyang", "LOC", "p")],
                       times=[TimeExpr(0, 1, "Saturday", "2025-07-12")])
    found = evidence([report("a", "X", "Kim met in Pyongyang 250 people"), report("b", "Y", "Kim in Pyongyang: 250 came")], names)
    assert (found["reports"], found["outlets"], found["numbers"], found["dates"]) == (2, 2, ["250"], ["2025-07-12"])
    assert why_sentence(found, Lang("en")) == ("2 independent reports from 2 outlets name Kim, are set in Pyongyang, "
                                               "give the figure 250 and refer to 12 July 2025.")
    assert why_sentence(found, Lang("bn")) == ("২টি সংবাদমাধ্যমের ২টি স্বতন্ত্র খবরে একই নাম (Kim), একই স্থান (Pyongyang), "
                                               "একই সংখ্যা (২৫০) ও একই তারিখ (১২ জুলাই ২০২৫) আছে।")


def test_written_forms_prefer_the_spelling_articles_use():
    from khobor.serve.queries import written_forms

    assert written_forms("কক্সবাজা", ["কক্সবাজার", "কক্সবাজারে"])["bn"] == "কক্সবাজার"  # a stem cut too short
    forms = written_forms("Tarique Rahman", ["তারেক", "তারেক রহমানের", "তারেক রহমান", "Tarique Rahman", "তারেক রহমানকে"])
    assert forms == {"bn": "তারেক রহমান", "en": "Tarique Rahman"}


def test_event_page_reads_like_a_report(desk):
    html = desk.get("/events/ev3?lang=en").text
    assert '<p class="lead"' in html and "সের্গেই লাভরভ শনিবার কিম জং উনের সঙ্গে সাক্ষাৎ করেছেন।" in html
    assert "3 independent reports from 3 outlets name কিম জং উন and সের্গেই লাভরভ" in html
    assert '<details class="debug">' in html and html.index("<code>ev3</code>") > html.index('<details class="debug">')
    assert html.count('class="outlet-group"') == 3
    # a5 is English, the rest Bengali: the two languages side by side
    assert '<div class="lang-col" lang="en">' in html and "ল্যাভরভ উত্তর কোরিয়ায়" in html.split('lang-col" lang="en"')[1]
    copies = desk.get("/events/ev2?lang=en").text
    assert "1 copy of this report" in copies and "word for word the same" in copies


def test_story_page_plots_who_is_in_each_event(desk):
    html = desk.get("/stories/s1?lang=en").text
    assert 'class="cast"' in html
    assert 'data-entity="e_lavrov" data-event="ev3"' in html and 'data-entity="e_lavrov" data-event="ev1"' not in html
    assert 'data-entity="e_kim" data-event="ev1"' in html
    ev3 = html.split('id="event-ev3"')[1].split("</summary>")[0]
    assert "New here:" in ev3 and "সের্গেই লাভরভ" in ev3 and "কিম জং উন" not in ev3  # Kim was already in ev1
    assert "13 September 2023 – 13 July 2025" in html


def test_entity_page_heading_is_the_most_written_form(desk):
    html = desk.get("/entities/e_lavrov?lang=en").text
    heading = html.split("<h1>")[1].split("</h1>")[0]
    assert ">লাভরভ<" in heading or ">সের্গেই লাভরভ<" in heading
    assert "<small>1</small>" in html  # সের্গেই ল্যাভরভ is written once
    assert "person" in html and "named in 3 articles" in html


def test_junk_entities_are_not_chips(desk):
    assert "/entities/e_dhaka" not in desk.get("/stories/s2").text  # named in one article only
    assert "/entities/e_dhaka" in desk.get("/entities").text  # still listed among all entities


def test_home_follows_a_store_that_changes_while_served(tmp_path):
    path = build_fixture_store(tmp_path / "live.db")
    client = TestClient(create_app(path))
    assert [i["id"] for i in client.get("/api/home").json()["results"]] == ["s1", "s2"]
    with sqlite3.connect(path) as conn:  # as if `khobor run` had added a newer flood report
        conn.execute("UPDATE articles SET published_at = '2025-07-20T09:00:00+06:00' WHERE id = 'a7'")
    assert [i["id"] for i in client.get("/api/home").json()["results"]] == ["s2", "s1"]


def test_event_quotes_leave_out_copies_and_scare_quotes(tmp_path):
    from khobor.model import Quote

    path = build_fixture_store(tmp_path / "quotes.db")
    with __import__("khobor").open(path) as store:
        a2, a3 = store.article("a2"), store.article("a3")
        a2.quotes = [Quote(0, 5, "প্রতিরক্ষা", None, None), Quote(0, 5, "আমরা একসঙ্গে কাজ করব সবসময়", None, None)]
        a3.quotes = list(a2.quotes)
        store.update_articles([a2, a3])
    html = TestClient(create_app(path)).get("/events/ev2?lang=en").text
    assert html.count("<blockquote") == 1 and "আমরা একসঙ্গে কাজ করব সবসময়" in html
