import json
import sqlite3

import pyarrow.parquet as pq
import pytest

import khobor
from khobor.export import ARTICLE_FIELDS, export
from khobor.model import Article
from khobor.store.terms import index_terms, query_terms, stem


@pytest.fixture
def store(store_url):
    """A new store, once on SQLite and once on PostgreSQL."""
    with khobor.open(store_url) as s:
        yield s


@pytest.fixture
def sqlite_store(tmp_path):
    with khobor.open(str(tmp_path / "k.db")) as s:
        yield s


def head():
    from khobor.store.db import Database

    return Database.head()


def article(i, body, title=None):
    return Article(id=f"a{i}", source=f"file{i}.txt", body=body, title=title)


def test_fts_keeps_bengali_words_whole(store):
    store.add_articles([article(1, "রাশিয়ার পররাষ্ট্রমন্ত্রী সের্গেই লাভরভ।")])
    with store.engine.begin() as conn:
        if store.is_sqlite:
            conn.exec_driver_sql("CREATE VIRTUAL TABLE v USING fts5vocab(articles_fts, 'row')")
            vocab = {row[0] for row in conn.exec_driver_sql("SELECT term FROM v")}
        else:
            vocab = set(conn.exec_driver_sql("SELECT unnest(tsvector_to_array(tsv)) FROM articles_search").scalars())
    assert "পররাষ্ট্রমন্ত্রী" in vocab
    assert "লাভরভ" in vocab
    assert not {"পরর", "ষ", "ট"} & vocab  # the default tokenizer's fragments


def test_stemming_strips_case_endings():
    assert stem("লাভরভের") == "লাভরভ"
    assert stem("লাভরভকে") == "লাভরভ"
    assert stem("পিয়ংইয়ংয়ের".replace("য়", "য়")) == "পিয়ংইয়ং".replace("য়", "য়")
    assert stem("কর") == "কর"  # too short to strip
    assert query_terms("লাভরভের কিমকে") == ["লাভরভ", "কিম"]
    assert "পুতিন" in index_terms("পুতিনের সঙ্গে")


def test_search_finds_inflected_forms_ranked_with_snippet(store):
    store.add_articles([
        article(1, "মস্কোতে বৈঠক হয়েছে। লাভরভের সফর নিয়ে আলোচনা।", "এক"),
        article(2, "কিম লাভরভকে স্বাগত জানান। লাভরভ বলেন, লাভরভ খুশি।", "দুই"),
        article(3, "ঢাকায় বৃষ্টি হয়েছে।", "তিন"),
    ])
    result = store.search("লাভরভ")
    assert result.total == 2
    assert [h.id for h in result.results] == ["a2", "a1"]  # more mentions rank higher
    assert "[লাভরভকে]" in result.results[0].snippet
    assert store.search("লাভরভের").total == 2
    assert store.search("লাভরভ", limit=1, offset=1).results[0].id == "a1"
    assert store.search("\"(*").total == 0  # FTS syntax in a query is inert


def test_add_articles_is_idempotent(store):
    batch = [article(1, "এক"), article(2, "দুই"), article(1, "এক")]
    assert store.add_articles(batch) == 2
    assert store.add_articles(batch) == 0
    assert store.count() == 2


def test_export_has_every_field_even_before_later_stages(store, tmp_path):
    store.add_articles([article(1, "লাভরভ ঢাকায়।", "শিরোনাম")])
    out = tmp_path / "a.jsonl"
    assert export(store, "articles", "jsonl", str(out)) == 1
    record = json.loads(out.read_text(encoding="utf-8"))
    assert tuple(record) == ARTICLE_FIELDS
    assert record["mentions"] == [] and record["event_id"] is None and record["title"] == "শিরোনাম"
    export(store, "articles", "parquet", str(tmp_path / "a.parquet"))
    table = pq.read_table(tmp_path / "a.parquet")
    assert table.column_names == list(ARTICLE_FIELDS) and table.num_rows == 1
    export(store, "articles", "csv", str(tmp_path / "a.csv"))
    assert (tmp_path / "a.csv").read_text(encoding="utf-8").splitlines()[0] == ",".join(ARTICLE_FIELDS)
    for what in ("events", "stories", "entities"):
        assert export(store, what, "jsonl", str(tmp_path / f"{what}.jsonl")) == 0


def test_read_only_store_refuses_missing_file(tmp_path):
    with pytest.raises(khobor.StoreError, match="no such store"):
        khobor.open(str(tmp_path / "missing.db"), read_only=True)


def test_read_only_store_refuses_a_foreign_database(tmp_path):
    path = tmp_path / "other.db"
    sqlite3.connect(path).execute("CREATE TABLE t (x)")
    with pytest.raises(khobor.StoreError, match="not a khobor store"):
        khobor.open(str(path), read_only=True)


def test_an_old_store_is_migrated_on_open_and_its_index_rebuilt(tmp_path):
    import sqlalchemy as sa
    from alembic import command
    from alembic.config import Config

    from khobor.store import MIGRATIONS, _row

    path = str(tmp_path / "old.db")
    engine = sa.create_engine(f"sqlite:///{path}")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0002")
        conn.execute(sa.text("INSERT INTO articles (id, source, body, data, ingested_at) VALUES (:id, :source, :body, :data, :at)"),
                     {**_row(article(1, "পুরোনো খবরে লাভরভের নাম আছে।"), "2025-01-01"), "data": "{}", "at": "2025-01-01"})
    engine.dispose()
    with pytest.raises(khobor.StoreError, match=f"store schema 0002, this khobor needs {head()}"):
        khobor.open(path, read_only=True)
    with khobor.open(path) as store:
        assert store.search("লাভরভ").total == 1
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (head(),)


def test_migrations_are_recorded(store):
    import sqlalchemy as sa

    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == head()
    assert "ix_articles_outlet" in {i["name"] for i in sa.inspect(store.engine).get_indexes("articles")}


def test_a_sqlite_store_one_postgresql_only_migration_behind_still_opens_read_only(sqlite_store):
    """0004 changes nothing on SQLite and 0005 only adds indexes: a server reading a store written by an
    earlier khobor keeps working."""
    sqlite_store.add_articles([article(1, "লাভরভ ঢাকায়।")])
    with sqlite_store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0003'")
    with khobor.open(sqlite_store.path, read_only=True) as store:
        assert store.search("লাভরভ").total == 1
    with sqlite_store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0002'")
    with pytest.raises(khobor.StoreError, match="store schema 0002"):
        khobor.open(sqlite_store.path, read_only=True)


def test_export_lists_every_place_an_article_was_found(store, tmp_path):
    first, again = article(1, "লাভরভ ঢাকায়।", "শিরোনাম"), article(1, "লাভরভ ঢাকায়।", "শিরোনাম")
    again.source = "https://example.org/copy"
    store.add_articles([first])
    store.add_articles([again])
    out = tmp_path / "a.jsonl"
    export(store, "articles", "jsonl", str(out))
    record = json.loads(out.read_text(encoding="utf-8"))
    assert record["sources"] == sorted([first.source, "https://example.org/copy"])



def watch(store, *tables):
    """Log every insert and delete on ``tables`` (triggers); returns a function that pops the log."""
    with store.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE writes (what TEXT, id TEXT)")
        if not store.is_sqlite:
            conn.exec_driver_sql("CREATE FUNCTION log_write() RETURNS trigger AS $$ BEGIN "
                                 "INSERT INTO writes VALUES (TG_OP || ' ' || TG_TABLE_NAME, "
                                 "CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END); RETURN NULL; END $$ LANGUAGE plpgsql")
        for t in tables:
            for op, row in (("INSERT", "new"), ("DELETE", "old")):
                if store.is_sqlite:
                    conn.exec_driver_sql(f"CREATE TRIGGER {t}_{op} AFTER {op} ON {t} BEGIN "
                                         f"INSERT INTO writes VALUES ('{op} {t}', {row}.id); END")
                else:
                    conn.exec_driver_sql(f"CREATE TRIGGER {t}_{op} AFTER {op} ON {t} FOR EACH ROW EXECUTE FUNCTION log_write()")

    def pop():
        with store.engine.begin() as conn:
            log = sorted(conn.exec_driver_sql("SELECT what, id FROM writes").all())
            conn.exec_driver_sql("DELETE FROM writes")
        return log
    return pop


def test_saving_entities_rewrites_only_what_changed(store):
    from khobor.model import Entity

    def people(b_articles, extra):
        return [Entity(id="a", type="PER", name="ক", variants=["ক"], article_ids=["x", "y"], extras={"types": {"PER": 2}}),
                Entity(id="b", type="PER", name="খ", variants=["খ"], article_ids=b_articles, extras={"span": (1, 2)}), *extra]

    writes = watch(store, "entities")
    store.save_entities(people(["x"], [Entity(id="c", type="LOC", name="গ", article_ids=["z"])]))
    assert len(writes()) == 3
    store.save_entities(people(["x"], [Entity(id="c", type="LOC", name="গ", article_ids=["z"])]))
    assert writes() == []  # nothing changed, nothing written (the tuple compares equal to the list stored)
    store.save_entities(people(["x", "z"], [Entity(id="d", type="ORG", name="ঘ", article_ids=["y"])]))
    assert writes() == [("DELETE entities", "b"), ("DELETE entities", "c"), ("INSERT entities", "b"), ("INSERT entities", "d")]
    assert {e.id: sorted(e.article_ids) for e in store.entities()} == {"a": ["x", "y"], "b": ["x", "z"], "d": ["y"]}
    with store.engine.connect() as conn:
        links = sorted(conn.exec_driver_sql("SELECT entity_id, article_id FROM article_entities").all())
    assert links == [("a", "x"), ("a", "y"), ("b", "x"), ("b", "z"), ("d", "y")]
    assert store.article_ids_for_entities(["b"]) == ["x", "z"]


def test_an_entity_row_holds_no_article_list_its_links_do(store):
    """A name in thousands of articles must not rewrite its whole list each batch: the row keeps a count, the links
    the articles, and what is read back is the same."""
    from khobor.model import Entity

    many = [f"a{i:05d}" for i in range(3000)]
    store.upsert_entities([Entity(id="bd", type="LOC", name="বাংলাদেশ", article_ids=many, extras={"types": {"LOC": 3000}})])
    with store.engine.connect() as conn:
        data, count = conn.exec_driver_sql("SELECT data, article_count FROM entities WHERE id = 'bd'").one()
    assert len(str(data)) < 100 and count == 3000
    store.upsert_entities([Entity(id="bd", type="LOC", name="বাংলাদেশ", article_ids=[*many, "z"], extras={"types": {"LOC": 3001}})])
    (found,) = store.entities()
    assert found.article_ids == sorted([*many, "z"]) and found.extras == {"types": {"LOC": 3001}}
    assert [e.id for e in store.entities(type="LOC", limit=1)] == ["bd"]


def test_saving_entities_relinks_one_whose_articles_changed_at_the_same_count(store):
    from khobor.model import Entity

    store.save_entities([Entity(id="a", type="PER", name="ক", article_ids=["x", "y"])])
    store.save_entities([Entity(id="a", type="PER", name="ক", article_ids=["x", "z"])])
    assert [e.article_ids for e in store.entities()] == [["x", "z"]]
    assert store.article_ids_for_entities(["a"]) == ["x", "z"]


def test_an_older_entity_row_with_its_article_list_reads_its_links(sqlite_store):
    from khobor.model import Entity

    sqlite_store.save_entities([Entity(id="a", type="PER", name="ক", article_ids=["x", "y"])])
    with sqlite_store.engine.begin() as conn:  # as an older khobor wrote it: the list inside the row too
        conn.exec_driver_sql("""UPDATE entities SET data = '{"article_ids": ["x", "y", "stale"], "types": {"PER": 2}}'""")
    (found,) = sqlite_store.entities()
    assert found.article_ids == ["x", "y"] and found.extras == {"types": {"PER": 2}}


def test_saving_events_rewrites_only_what_changed(store):
    from khobor.model import Event, Story

    events = [Event(id="e1", article_ids=["x"], story_id="s1", explanation={"score": 0.5}), Event(id="e2", article_ids=["y"], story_id="s1")]
    stories = [Story(id="s1", event_ids=["e1", "e2"], extras={"timeline": []})]
    writes = watch(store, "events", "stories")
    store.save_events(events, stories)
    assert len(writes()) == 3
    store.save_events(events, stories)
    assert writes() == []
    events[1].article_ids.append("z")
    store.save_events(events + [Event(id="e3", article_ids=["w"])], stories)
    assert writes() == [("DELETE events", "e2"), ("INSERT events", "e2"), ("INSERT events", "e3")]
    store.save_events(events[:1], [])
    assert [e.id for e in store.events()] == ["e1"] and store.stories() == []
    assert store.events()[0].article_ids == ["x"]


def test_each_thread_has_its_own_transaction(store):
    """A write from another thread never joins (and never rolls back with) an open transaction."""
    import threading

    other_done = threading.Event()

    def other_thread():
        store.add_articles([article(2, "অন্য থ্রেডের খবর।")])
        other_done.set()

    with pytest.raises(RuntimeError, match="undone"):
        with store.atomic():
            assert store.count() == 0
            thread = threading.Thread(target=other_thread)
            thread.start()
            thread.join(30)
            assert other_done.is_set()
            raise RuntimeError("this transaction is undone")
    assert [a.id for a in store.articles()] == ["a2"]


def test_readers_are_not_blocked_by_a_writer_and_see_only_what_it_committed(store):
    store.add_articles([article(1, "প্রথম খবর ঢাকায়।")])
    with khobor.open(store.path, read_only=True) as reader:
        with store.writer(), store.atomic():
            store.add_articles([article(2, "দ্বিতীয় খবর ঢাকায়।")])
            assert store.count() == 2  # the writer sees its own batch
            assert reader.count() == 1 and reader.search("ঢাকা").total == 1
            assert reader.article("a1") is not None and reader.article("a2") is None
        assert reader.count() == 2 and reader.search("ঢাকা").total == 2


def test_a_database_other_than_sqlite_or_postgresql_is_refused_by_name(tmp_path):
    with pytest.raises(khobor.StoreError, match=r"mysql://me:\*\*\*@db/news: .*SQLite file or a PostgreSQL URL"):
        khobor.open("mysql://me:secret@db/news")


def test_a_sqlite_url_keeps_its_lock_file_beside_the_store(tmp_path):
    with khobor.open(f"sqlite:///{tmp_path / 'k.db'}") as store, store.writer():
        assert (tmp_path / "k.db.lock").read_text().startswith("pid ")


def test_nul_characters_are_neither_an_error_nor_a_match(store):
    """PostgreSQL text cannot hold U+0000: a NUL in a stored text becomes U+FFFD there, and one in a lookup finds nothing."""
    store.add_articles([article(1, "ঢাকায় \x00বৃষ্টি।", "শিরো\x00নাম")])
    stored = store.article("a1")
    assert stored.body in ("ঢাকায় \x00বৃষ্টি।", "ঢাকায় \ufffdবৃষ্টি।") and store.search("বৃষ্টি").total == 1
    assert store.article("a1\x00") is None and store.article("\x00\x00\x00\x00") is None
    assert store.search("বৃষ্টি", entity="\x00", outlet="x\x00").total == 0
    assert store.search("বৃষ্টি\x00").total == 1


def test_snippet_finds_a_word_deep_in_the_body_and_passes_a_body_without_one():
    from khobor.store.search import snippet

    body = " ".join(["অন্য শব্দ এখানে।"] * 300) + " লাভরভের সফর শেষ। " + " ".join(["আরও কথা।"] * 50)
    found = snippet(body, {"লাভরভ"})
    assert "[লাভরভের]" in found and found.startswith("…")
    assert snippet(body, {"নেই"}) == body[:160]  # (a hit by its title: the body's beginning)
    folded = "Straße " * 40 + "Lavrov's visit"  # (a letter that case-folds into two: read word by word)
    assert "[Lavrov]" in snippet(folded, {"lavrov"})
