"""A correction costs what it changes, not what the store holds.

Merging or splitting an entity, or moving an article between events, used to read every entity, event and story
row and every article link, and write every stage's state again: seconds on a small store, tens of seconds on a
large one. Now a correction loads the stages as a run does and saves only the items it changed; these tests read the
SQL it sends (no whole-table reads of the rows it may change) and check that the stored rows still agree with the
stage state afterwards.
"""

import sqlalchemy as sa

import khobor
from khobor.analyze.entities import EntityResolver
from khobor.cluster.events import EventClusterer
from khobor.service import cases
from khobor.store import schema

from test_store_growth import captured

WATCHED = ("entities", "article_entities", "events", "stories")


def whole_table_reads(statements):
    """SELECTs that read one of ``WATCHED`` without a WHERE: every row of it."""
    found = []
    for statement, _ in statements:
        text = " ".join(statement.split())
        if not text.upper().startswith("SELECT") or " WHERE " in text.upper():
            continue
        tables = {t.strip().split(" ")[0] for t in text.split(" FROM ", 1)[1].replace(" JOIN ", ",").split(",")}
        if tables & set(WATCHED):
            found.append(text[:160])
    return found


def rows_inserted(statements, table):
    n = 0
    for statement, params in statements:
        if " ".join(statement.split()).upper().startswith(f"INSERT INTO {table.upper()} "):
            n += len(params) if isinstance(params, list) else 1
    return n


def assert_entities_agree(store):
    """Each stored entity row and its links are those of the stored resolver state."""
    resolver = store.load_stage("entities", EntityResolver)
    with store.engine.connect() as conn:
        rows = dict(conn.execute(sa.select(schema.entities.c.id, schema.entities.c.article_count)).all())
        links = {}
        for article_id, entity_id in conn.execute(sa.select(schema.article_entities.c.article_id, schema.article_entities.c.entity_id)):
            links.setdefault(entity_id, set()).add(article_id)
    assert set(rows) == set(resolver.entities_)
    for entity_id, entity in resolver.entities_.items():
        assert rows[entity_id] == len(set(entity.article_ids)), entity_id
        assert links.get(entity_id, set()) == set(entity.article_ids), entity_id


def test_an_entity_merge_writes_the_survivor_only(sample_store):
    _, db = sample_store
    with khobor.open(db) as store:
        people = [e for e in store.entities(type="PER") if len(e.article_ids) >= 1][:2]
        keep, other = people[0].id, people[1].id
        statements = captured(store, lambda: cases.correct(store, "merge_entities", keep, other))
        assert whole_table_reads(statements) == []
        assert rows_inserted(statements, "entities") == 1
        merged = store.entities(ids=[keep])[0]
        assert set(merged.article_ids) == set(people[0].article_ids) | set(people[1].article_ids)
        assert not store.entities(ids=[other])
        assert_entities_agree(store)


def test_an_entity_split_writes_the_two_entities_only(sample_store):
    _, db = sample_store
    with khobor.open(db) as store:
        spelled = next(e for e in store.entities(type="PER") if len(e.variants) >= 2)
        statements = captured(store, lambda: cases.correct(store, "split_entity", spelled.id, [spelled.variants[-1]]))
        assert whole_table_reads(statements) == []
        assert rows_inserted(statements, "entities") == 2
        assert_entities_agree(store)


def test_moving_an_article_writes_the_events_it_changed(sample_store):
    _, db = sample_store
    with khobor.open(db) as store:
        events = store.events()
        big = max(events, key=lambda e: len(e.article_ids))
        target = next(e for e in events if e.id != big.id)
        moved = big.article_ids[-1]
        statements = captured(store, lambda: cases.correct(store, "move_article", moved, target.id))
        assert whole_table_reads(statements) == []  # (the events written: those of the state pages the move rewrote)
        stored = {e.id: e for e in store.events()}
        assert moved in stored[target.id].article_ids and moved not in stored[big.id].article_ids
        clusterer = store.load_stage("events", EventClusterer)
        assert {i: sorted(e.article_ids) for i, e in stored.items()} == {i: sorted(clusterer.events_[i].article_ids) for i in stored}
        article = store.article(moved)
        assert article.event_id == target.id and article.story_id == stored[target.id].story_id
