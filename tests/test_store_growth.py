"""What a run asks of the store must not grow with the store: no whole-table scans or rewrites per run.

A run adds a batch to a large store; every query it makes about "what is new" must read an index
(not every stored article, whose rows hold whole bodies), and giving articles their event's story
must rewrite only the articles whose story changed.
"""

import sqlalchemy as sa

import khobor
from khobor.model import Article, Event, Story
from khobor.store import schema


def article(i, **kw):
    return Article(id=f"a{i:04d}", source=f"s{i}", body=f"খবর নম্বর {i} " * 20, title=f"শিরোনাম {i}", **kw)


def captured(store, call):
    """The SQL statements (with parameters) ``call`` sends."""
    seen = []

    def listen(conn, cursor, statement, parameters, context, executemany):
        seen.append((statement, parameters))

    sa.event.listen(store.engine, "before_cursor_execute", listen)
    try:
        call()
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", listen)
    return seen


def plans(store, statements):
    with store.engine.connect() as conn:
        return [" | ".join(r[-1] for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + s, p).all()) for s, p in statements
                if s.lstrip().upper().startswith("SELECT")]


def test_pending_articles_are_found_through_an_index(tmp_path):
    with khobor.open(str(tmp_path / "k.db")) as store:
        store.add_articles([article(i) for i in range(50)])
        store.update_articles([article(i) for i in range(40)], analyzed=True, clustered=True)
        from khobor.pipeline import flag_unset

        for flag in ("analyzed", "clustered"):
            statements = captured(store, lambda: (store.count(where=flag_unset(flag)), list(store.pending(flag, 4))))
            found = plans(store, statements)
            assert found, statements
            for plan in found:
                assert "SCAN articles" not in plan or "USING" in plan and "INDEX" in plan, plan
            assert sum(len(b) for b in store.pending(flag, 4)) == 10
            assert store.count(where=flag_unset(flag)) == 10


def test_story_ids_rewrite_only_the_articles_whose_story_changed(tmp_path):
    with khobor.open(str(tmp_path / "k.db")) as store:
        store.add_articles([article(i) for i in range(30)])
        events = [Event(id=f"e{k}", title=None, article_ids=[f"a{i:04d}" for i in range(k * 10, k * 10 + 10)], story_id=f"s{k}")
                  for k in range(3)]
        stories = [Story(id=f"s{k}", title=None, event_ids=[f"e{k}"]) for k in range(3)]
        members = [article(i, event_id=f"e{i // 10}") for i in range(30)]
        store.update_articles(members)
        store.save_events(events, stories)
        store.sync_story_ids()
        assert {a.id: a.story_id for a in store.articles()} == {f"a{i:04d}": f"s{i // 10}" for i in range(30)}

        events[1].story_id = "s0"  # one event joins another story
        store.save_events(events, [stories[0], stories[2]])
        statements = captured(store, store.sync_story_ids)
        assert {a.id: a.story_id for a in store.articles()} == {f"a{i:04d}": "s0" if i < 20 else "s2" for i in range(30)}
        # what finds the rows to rewrite reads an index of (event, story), never every article row
        found = plans(store, [(s, p) for s, p in statements if s.lstrip().upper().startswith("SELECT")])
        assert found and all("SCAN a " not in p + " " and "SCAN articles " not in p + " " or "COVERING INDEX" in p for p in found), found


def test_story_sync_changes_only_moved_rows(tmp_path):
    """Counted by SQLite: rewriting the story of 10 articles changes 10 rows, not 30."""
    with khobor.open(str(tmp_path / "k.db")) as store:
        store.add_articles([article(i) for i in range(30)])
        events = [Event(id=f"e{k}", title=None, article_ids=[], story_id=f"s{k}") for k in range(3)]
        store.update_articles([article(i, event_id=f"e{i // 10}") for i in range(30)])
        store.save_events(events, [Story(id=f"s{k}", title=None, event_ids=[f"e{k}"]) for k in range(3)])
        store.sync_story_ids()
        events[1].story_id = "s0"
        store.save_events(events, [])
        with store.atomic() as conn:
            raw = conn.connection.driver_connection
            start = raw.total_changes
            store.sync_story_ids()
            assert raw.total_changes - start == 10
        assert store.count(where=schema.articles.c.story_id == "s0") == 20


def test_a_closed_event_keeps_only_the_terms_its_explanation_shows():
    """Stage state must not keep every past event's whole term profile: that grew with the store and was rewritten every batch."""
    from khobor.cluster.events import CLOSED_TERMS, EventClusterer

    body = " ".join(f"শব্দ{i}" for i in range(60)) + " কারখানায় আগুন।"
    old = Article(id="old", source="old", title="কারখানায় আগুন", body=body, published_at="2025-01-02T10:00:00+06:00")
    late = Article(id="late", source="late", title="সুনামগঞ্জে বন্যা", body="সুনামগঞ্জে বন্যায় গ্রাম প্লাবিত।",
                   published_at="2025-03-20T10:00:00+06:00")
    c = EventClusterer(dense=False).partial_fit([old])
    shown = c.events_[old.event_id].explanation["top_terms"]
    assert len(c.centroid_[old.event_id]) > CLOSED_TERMS
    c.partial_fit([late])  # weeks later: the first event can no longer be joined
    assert len(c.centroid_[old.event_id]) == CLOSED_TERMS
    c._refresh(old.event_id)
    assert c.events_[old.event_id].explanation["top_terms"] == shown
    assert len(c.centroid_[late.event_id]) > 0


def _stories_and_entities(store, n=40):
    """``n`` events, each its own story whose timeline names an entity, and ``n`` entities."""
    from khobor.model import Entity

    store.add_articles([article(k, event_id=f"ev{k}", story_id=f"st{k}") for k in range(n)])
    events = [Event(id=f"ev{k}", title=None, article_ids=[f"a{k:04d}"], story_id=f"st{k}") for k in range(n)]
    stories = [Story(id=f"st{k}", title=f"কাহিনি {k}", event_ids=[f"ev{k}"],
                     extras={"timeline": [{"event_id": f"ev{k}", "why": f"shares e{k:012x} with the story"}]}) for k in range(n)]
    store.save_events(events, stories)
    store.save_entities([Entity(id=f"e{k:012x}", type="PER", name=f"নাম {k}", article_ids=[f"a{k:04d}"]) for k in range(n)])


def test_explain_reads_its_own_story_and_named_entities_only(tmp_path):
    from khobor.service import cases

    with khobor.open(str(tmp_path / "k.db")) as store:
        _stories_and_entities(store)
        found = {}
        statements = captured(store, lambda: found.setdefault("why", cases.explain(store, "a0007")[1]))
        assert "নাম 7" in found["why"] and "e000000000007" not in found["why"], found["why"]
        reads = [(s, p) for s, p in statements if s.lstrip().upper().startswith("SELECT")]
        for statement, params in reads:
            if "FROM stories" in statement or "FROM entities" in statement or "FROM article_entities" in statement:
                assert "WHERE" in statement, statement  # one row by its id, not the whole table
        rows = sum(len(store.engine.connect().exec_driver_sql(s, p).all()) for s, p in reads if "FROM stories" in s)
        assert rows == 1


def test_entities_by_id_read_those_rows_only(tmp_path):
    from khobor.service import cases

    with khobor.open(str(tmp_path / "k.db")) as store:
        _stories_and_entities(store)
        found = []
        statements = captured(store, lambda: found.extend(cases.entities(store, ids=[f"e{3:012x}", f"e{11:012x}"])))
        assert sorted(e.name for e in found) == ["নাম 11", "নাম 3"]
        assert [e.article_ids for e in found if e.name == "নাম 3"] == [["a0003"]]
        for statement, _ in statements:
            if statement.lstrip().upper().startswith("SELECT") and "entities" in statement:
                assert "WHERE" in statement, statement
