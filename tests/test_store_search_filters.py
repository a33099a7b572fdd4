"""A filtered search ranks and counts exactly as the unfiltered one, filtered: whichever way SQLite applies the filters."""

import random

import pytest

import khobor
from khobor.model import Article
from khobor.store.search import SqliteSearch

WORDS = "ঢাকা নির্বাচন সরকার বৈঠক বন্যা মন্ত্রী আদালত রায় সফর চুক্তি".split()
OUTLETS = ["এক", "দুই", "তিন"]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    rng = random.Random(5)
    path = tmp_path_factory.mktemp("filters") / "k.db"
    with khobor.open(str(path)) as s:
        s.add_articles([Article(id=f"a{i:03d}", source=f"s{i}", title=" ".join(rng.sample(WORDS, 2)),
                                body=" ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 40))),
                                outlet=rng.choice(OUTLETS), published_at=f"2024-0{1 + i % 6}-1{i % 10}T10:00:00+06:00")
                        for i in range(120)])
    with khobor.open(str(path), read_only=True) as s:
        yield s


@pytest.mark.parametrize("key_set_above", [0, 10**9])  # always the key set / always a lookup per hit
@pytest.mark.parametrize("filters", [{"outlet": "দুই"}, {"date_from": "2024-02-01", "date_to": "2024-04-30"},
                                     {"outlet": "এক", "date_from": "2024-03-01"}])
def test_filtered_search_is_the_unfiltered_ranking_filtered(store, monkeypatch, key_set_above, filters):
    monkeypatch.setattr(SqliteSearch, "KEY_SET_ABOVE", key_set_above)
    by_id = {a.id: a for a in store.articles()}

    def keep(hit):
        a = by_id[hit.id]
        day = a.published_at[:10]
        return ((filters.get("outlet") is None or a.outlet == filters["outlet"])
                and day >= filters.get("date_from", "") and day <= filters.get("date_to", "9999"))

    for word in WORDS[:6]:
        everything = store.search(word, limit=1000).results
        expected = [(h.id, h.score, h.snippet) for h in everything if keep(h)]
        found = store.search(word, limit=1000, **filters)
        assert found.total == len(expected)
        assert [(h.id, h.score, h.snippet) for h in found.results] == expected
        page = store.search(word, limit=3, offset=2, **filters)
        assert [(h.id, h.score) for h in page.results] == [(i, s) for i, s, _ in expected[2:5]]


@pytest.mark.parametrize("key_set_above", [0, 10**9])
@pytest.mark.parametrize("filters", [{}, {"outlet": "দুই"}])
def test_a_common_word_ranks_its_latest_hits_and_counts_them_all(store, monkeypatch, filters, key_set_above):
    """Past RANK_LATEST hits a page ranks the last stored of them (bm25 reading every hit was most of a
    common word's search); the total is every hit, and a page past the latest ranks them all."""
    full = {w: store.search(w, limit=1000, **filters) for w in WORDS[:6]}
    seq = {a.id: i for i, a in enumerate(store.articles())}
    monkeypatch.setattr(SqliteSearch, "KEY_SET_ABOVE", key_set_above)
    monkeypatch.setattr(SqliteSearch, "RANK_LATEST", 20)
    for word, everything in full.items():
        if everything.total <= 20:
            continue
        latest = set(sorted((h.id for h in everything.results), key=seq.get)[-20:])
        found = store.search(word, limit=5, **filters)
        assert found.total == everything.total
        assert [h.id for h in found.results] == [h.id for h in everything.results if h.id in latest][:5]
        deep = store.search(word, limit=5, offset=18, **filters)
        assert [h.id for h in deep.results] == [h.id for h in everything.results][18:23]
