"""A loaded stage state read page by page: what a run asks for is read, what it never asks for stays unread, and
the stages come out exactly as from a state read whole."""

import datetime as dt

import sqlalchemy as sa

import khobor
from khobor import codec
from khobor.paged import SLOT, Paged
from khobor.store import schema, state


def paged(n_pages=4, per_page=3):
    """A Paged over ``n_pages`` pages of ``per_page`` items ``k{page}-{i}`` -> page*10+i, none read yet."""
    pages = {p: {f"k{p}-{i}": p * 10 + i for i in range(per_page)} for p in range(n_pages)}
    asked = []

    def fetch(wanted):
        asked.append(sorted(wanted))
        return {k: v for p in wanted for k, v in pages[p].items()}

    cold = {k: p * SLOT + i for p in pages for i, k in enumerate(pages[p])}
    return Paged({}, cold, fetch, {}), asked


def test_a_key_asked_for_reads_its_page_once_and_nothing_else():
    m, asked = paged()
    assert len(m) == 12 and "k2-1" in m and "nope" not in m and asked == []  # known keys, nothing read
    assert m["k2-1"] == 21 and m.get("k2-0") == 20 and m.get("nope", -1) == -1
    assert asked == [[2]]
    m.warm(["k0-0", "k2-2", "nope"])
    assert asked == [[2], [0]]
    assert m.pages_read == 2 and m.read_all == 0


def test_writing_or_dropping_an_unread_key_reads_its_page_first_and_the_rest_is_kept():
    m, asked = paged()
    m["k1-0"] = "new"
    assert asked == [[1]] and m["k1-1"] == 11  # the page's other items came along
    assert m.pop("k3-2") == 32 and "k3-2" not in m and m["k3-0"] == 30
    del m["k0-1"]
    m.setdefault("k0-0", "unused")
    m["added"] = 1
    assert len(m) == 11 and m["k0-0"] == 0


def test_a_walk_over_the_whole_map_reads_every_page_in_the_order_of_a_whole_load():
    m, asked = paged()
    m["k3-1"]  # read out of order
    m["later"] = 0
    m.pop("k1-2")
    m["k1-2"] = "again"  # dropped and added: goes last, as in a dict
    assert list(m) == [f"k{p}-{i}" for p in range(4) for i in range(3) if (p, i) != (1, 2)] + ["later", "k1-2"]
    assert m.read_all == 1
    assert m.in_order(["later", "k2-0", "k0-2", "gone"]) == ["k0-2", "k2-0", "later"]
    assert dict(m) == dict(m.items()) and m == dict(m)


def test_in_order_does_not_read_a_page():
    m, asked = paged()
    m["k2-0"]
    assert m.in_order(["k3-0", "k2-1", "k0-0"]) == ["k0-0", "k2-1", "k3-0"]
    assert asked == [[2]]


def _shifted(articles, days):
    """The articles moved ``days`` back in time (a store's older news)."""
    out = []
    for a in articles:
        if a.published_at:
            a.published_at = (dt.datetime.fromisoformat(a.published_at) - dt.timedelta(days=days)).isoformat()
        out.append(a)
    return out


def _run(batches, events, stories, store):
    from khobor.pipeline import save_stages
    from khobor.dedup import Deduper

    dedup = store.load_stage("dedup", Deduper) or Deduper()
    for batch in batches:
        dedup.partial_fit(batch)
        events.partial_fit(batch)
        stories.drop_events(events.aliases_)
        touched = {a.event_id for a in batch if a.event_id}
        stories.partial_fit(events.in_order(touched), batch)
        with store.atomic():
            save_stages(store, dedup, events, stories)


def _tables(store):
    with store.engine.connect() as conn:
        return {t: sorted(map(tuple, conn.exec_driver_sql(f"SELECT * FROM {t}").all())) for t in ("events", "stories")}


def test_a_run_onto_years_of_news_reads_only_the_pages_near_its_days_and_saves_what_a_whole_read_would(tmp_path, monkeypatch, store_url):
    monkeypatch.setattr(state, "PAGE", 4)  # small pages: many of them, as in a large store
    from events_fixture import load_articles, load_docs
    from khobor.cluster.events import EventClusterer
    from khobor.cluster.stories import StoryLinker

    def articles():
        found = sorted(load_articles(load_docs()), key=lambda a: a.published_at or "")
        old, new = found[: 2 * len(found) // 3], found[2 * len(found) // 3:]
        return [old[i:i + 25] for i in range(0, len(old), 25)], new, _shifted(old, 800)

    stores = {}
    for lazy in (True, False):
        past, new, _ = articles()
        store = stores[lazy] = khobor.open(store_url if lazy else str(tmp_path / "whole.db"))  # (each backend reads pages)
        _run(past, EventClusterer(dense=False), StoryLinker(), store)
        if not lazy:  # a store whose lists of keys are gone is read whole, as an older khobor's is
            with store.atomic() as conn:
                conn.execute(schema.state_rows.delete().where(schema.state_rows.c.key.startswith(state.KEYS)))
        events, stories = store.load_stage("events", EventClusterer), store.load_stage("stories", StoryLinker)
        assert isinstance(events.events_, Paged) == lazy and isinstance(stories.stories_, Paged) == lazy
        _run([new], events, stories, store)
        if lazy:
            total = len({p // SLOT for p in events.events_.cold.values()}) + events.events_.pages_read
            assert events.events_.read_all == 0 and stories.stories_.read_all == 0
            assert events.events_.pages_read < total / 4  # events of two years before were never read
            assert len(events.events_.cold) > 0 and len(stories.event_why_.cold) > 0
    for name in ("events", "stories"):
        a, b = (codec.loads(stores[lazy].get_state(name)) for lazy in (True, False))
        assert a == b, name
    if stores[True].db.is_sqlite:
        assert _tables(stores[True]) == _tables(stores[False])
    with stores[True].engine.connect() as conn:  # the lists of keys kept in step with the pages
        rows = dict(conn.execute(sa.select(schema.state_rows.c.key, schema.state_rows.c.data)
                                 .where(schema.state_rows.c.stage == "events")).all())
    for key, data in rows.items():
        if key.startswith(state.KEYS):
            data = bytes(data)
            assert codec.loads_item(data) == list(codec.loads_item(bytes(rows[key[1:]])))
    assert any(key.startswith(state.KEYS + "members") for key in rows)
    for store in stores.values():
        store.close()
