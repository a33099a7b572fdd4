"""PostgreSQL search finds other spellings of a word (pg_trgm over spelling keys), after the spelling as written."""

import khobor
from khobor.model import Article
from khobor.store.terms import spelling_key


def article(i, body, title=None):
    return Article(id=f"a{i}", source=f"s{i}", body=body, title=title)


def test_spelling_keys_bring_variants_together():
    assert spelling_key("ল্যাভরভ") != spelling_key("লাভরভ")
    assert spelling_key("জয়শংকর") == spelling_key("জয়শঙ্কর")  # ং and ঙ্ sound alike
    assert spelling_key("পুটিন") == spelling_key("পুতিন")
    assert spelling_key("Lavrov") == "lavrov"
    assert spelling_key("ঢাকা").isascii()


def test_loose_search_finds_other_spellings_after_exact_matches(pg_url):
    with khobor.open(pg_url) as store:
        with store.engine.connect() as conn:  # the migration made the trigram index (the test server allows the extension)
            assert conn.exec_driver_sql("SELECT count(*) FROM pg_indexes WHERE indexname = 'ix_search_spellings_key'").scalar() == 1
        store.add_articles([
            article(1, "পররাষ্ট্রমন্ত্রী ল্যাভরভ ঢাকায় এসেছেন।", "সফর"),
            article(2, "লাভরভের সঙ্গে বৈঠক হয়েছে। লাভরভ বলেন।", "বৈঠক"),
            article(3, "বন্যায় ক্ষতি হয়েছে।", "বন্যা"),
        ])
        exact = store.search("লাভরভ")
        assert [h.id for h in exact.results] == ["a2"]
        loose = store.search("লাভরভ", loose=True)
        assert [h.id for h in loose.results] == ["a2", "a1"]  # as written first, then the other spelling
        assert loose.total == 2
        assert loose.results[0].score == exact.results[0].score  # exact matches ranked as without loose
        assert "[ল্যাভরভ]" in loose.results[1].snippet
        assert store.search("ল্যাভরভ", loose=True).results[0].id == "a1"
        assert store.search("বৈঠক", loose=True).total == 1  # nothing spelled like it: the same hits
        assert store.search("লাভরভ", loose=True, outlet="নেই").total == 0


def test_loose_search_on_sqlite_is_the_exact_one(tmp_path):
    with khobor.open(str(tmp_path / "k.db")) as store:
        store.add_articles([article(1, "ল্যাভরভ ঢাকায়।"), article(2, "লাভরভ বলেন।")])
        assert [h.id for h in store.search("লাভরভ", loose=True).results] == ["a2"]


def test_without_pg_trgm_a_loose_search_is_the_exact_one(pg_url):
    """A server where the extension could not be created still searches; loose adds nothing there."""
    with khobor.open(pg_url) as store:
        store.add_articles([article(1, "ল্যাভরভ ঢাকায়।"), article(2, "লাভরভ বলেন।")])
        with store.engine.begin() as conn:
            conn.exec_driver_sql("DROP EXTENSION pg_trgm CASCADE")
    with khobor.open(pg_url) as store:
        assert [h.id for h in store.search("লাভরভ", loose=True).results] == ["a2"]


def test_the_search_api_takes_loose(pg_url, tmp_path):
    from fastapi.testclient import TestClient

    from khobor.serve.app import create_app

    with khobor.open(pg_url) as store:
        store.add_articles([article(1, "পররাষ্ট্রমন্ত্রী ল্যাভরভ ঢাকায় এসেছেন।", "সফর"),
                            article(2, "লাভরভের সঙ্গে বৈঠক হয়েছে।", "বৈঠক")])
    sqlite = str(tmp_path / "k.db")
    with khobor.open(sqlite) as store:
        store.add_articles([article(1, "ল্যাভরভ ঢাকায়।"), article(2, "লাভরভ বলেন।")])
    with TestClient(create_app(pg_url)) as client:
        assert [h["id"] for h in client.get("/api/search", params={"q": "লাভরভ"}).json()["results"]] == ["a2"]
        assert [h["id"] for h in client.get("/api/search", params={"q": "লাভরভ", "loose": "true"}).json()["results"]] == ["a2", "a1"]
    with TestClient(create_app(sqlite)) as client:  # SQLite: loose is the exact search
        assert [h["id"] for h in client.get("/api/search", params={"q": "লাভরভ", "loose": "true"}).json()["results"]] == ["a2"]
