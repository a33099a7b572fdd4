"""Stage state kept as rows: a save writes only the pages of items that changed, loads give back what was saved,
and states saved whole by an older khobor still load (and are saved as rows from then on)."""

from collections import Counter

import pytest
import sqlalchemy as sa

import khobor
from khobor import codec
from khobor.store import schema, state


class Toy:
    """A stage with one growing map (fingerprinted by length, as the resolver's index is) and one compared by bytes."""

    def __init__(self):
        self.lists_: dict[str, list[str]] = {}
        self.counts_: Counter = Counter()
        self.n_ = 0

    def state_parts(self):
        return {"n": self.n_, "lists": codec.Rows(self.lists_, list, len), "counts": codec.Rows(self.counts_)}

    @classmethod
    def from_parts(cls, parts):
        toy = cls()
        toy.n_, toy.lists_, toy.counts_ = parts["n"], dict(parts["lists"]), Counter(parts["counts"])
        return toy


def rows(store):
    with store.engine.connect() as conn:
        return dict(conn.execute(sa.select(schema.state_rows.c.key, schema.state_rows.c.data)
                                 .where(schema.state_rows.c.stage == "toy")).all())


def stage_rows(store, stage):
    with store.engine.connect() as conn:
        return dict(conn.execute(sa.select(schema.state_rows.c.key, schema.state_rows.c.data)
                                 .where(schema.state_rows.c.stage == stage)).all())


def written(store, call):
    """How many state_rows rows ``call`` inserts."""
    seen = []

    def listen(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("INSERT INTO STATE_ROWS"):
            seen.append(len(parameters) if executemany else 1)

    sa.event.listen(store.engine, "before_cursor_execute", listen)
    try:
        call()
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", listen)
    return sum(seen)


def test_a_save_rewrites_only_the_pages_that_changed(tmp_path):
    toy = Toy()
    toy.lists_ = {f"k{i:05d}": [str(i)] for i in range(1000)}
    toy.counts_ = Counter({f"t{i}": i for i in range(1000)})
    with khobor.open(str(tmp_path / "k.db")) as store:
        assert written(store, lambda: store.save_stage("toy", toy)) == 2 * 16  # 1000 items, 64 a row, two parts
        assert written(store, lambda: store.save_stage("toy", toy)) == 0  # nothing changed, nothing written
        toy.lists_["k00500"].append("x")
        toy.counts_["t3"] += 1
        toy.lists_["new"] = ["y"]
        changes = {}
        assert written(store, lambda: changes.update(store.save_stage("toy", toy))) == 3  # two pages and the last one
        assert changes["lists"] == (["k00500", "new"], [])
        del toy.counts_["t999"]
        assert store.save_stage("toy", toy)["counts"][1] == ["t999"]
    with khobor.open(str(tmp_path / "k.db")) as store:
        again = store.load_stage("toy", Toy)
        assert again.lists_ == toy.lists_ and again.counts_ == toy.counts_
        assert list(again.lists_) == list(toy.lists_)  # in the order the items were added
        assert written(store, lambda: store.save_stage("toy", again)) == 0  # a fresh process knows what is stored
        assert Toy.from_parts(codec.loads(store.get_state("toy"))).lists_ == toy.lists_  # the whole state, assembled


class Chunks(Toy):
    """A part of large items that only grow, one item a stored row (as the copy detector's signature chunks)."""

    page = 1

    def state_parts(self):
        return {"n": self.n_, "lists": codec.Rows(self.lists_, list, len, page=self.page), "counts": codec.Rows(self.counts_)}


def test_a_part_of_one_item_a_row_writes_only_the_item_that_grew_even_in_a_store_written_with_fuller_rows(tmp_path):
    old = Chunks()
    old.page = None  # as an older khobor wrote the part: 64 items a row
    old.lists_ = {f"c{i:03d}": [str(i)] * 10 for i in range(100)}
    with khobor.open(str(tmp_path / "k.db")) as store:
        store.save_stage("toy", old)
        assert sum(key.startswith("lists") for key in rows(store)) == 2
    with khobor.open(str(tmp_path / "k.db")) as store:
        chunks = store.load_stage("toy", Chunks)
        chunks.lists_["c099"].append("more")
        assert written(store, lambda: store.save_stage("toy", chunks)) == 2  # the fuller row once, without it; its own row
        chunks.lists_["c099"].append("more")
        chunks.lists_["c100"] = ["new"]
        assert written(store, lambda: store.save_stage("toy", chunks)) == 2  # the item's own row and the new item's
        assert written(store, lambda: store.save_stage("toy", chunks)) == 0
    with khobor.open(str(tmp_path / "k.db")) as store:
        assert store.load_stage("toy", Chunks).lists_ == chunks.lists_
        store.save_stage("toy", chunks, afresh=True)  # every row written again, one item a row
        assert sum(key.startswith("lists") for key in rows(store)) == 101
        assert store.load_stage("toy", Chunks).lists_ == chunks.lists_


def test_a_rolled_back_save_is_written_again(tmp_path):
    toy = Toy()
    toy.lists_ = {"a": ["1"]}
    with khobor.open(str(tmp_path / "k.db")) as store:
        store.save_stage("toy", toy)
        toy.lists_["a"].append("2")
        with pytest.raises(RuntimeError):
            with store.atomic():
                store.save_stage("toy", toy)
                raise RuntimeError("killed mid-batch")
        store.save_stage("toy", toy)
    with khobor.open(str(tmp_path / "k.db")) as store:
        assert store.load_stage("toy", Toy).lists_ == {"a": ["1", "2"]}


def test_an_older_whole_state_loads_and_is_then_saved_as_rows(tmp_path):
    from khobor.analyze.entities import EntityResolver
    from khobor.model import Article, Mention

    resolver = EntityResolver().fit([Article(id="a1", source="s", body="শেখ হাসিনা ঢাকায়।",
                                             mentions=[Mention(0, 10, "শেখ হাসিনা", "PER"), Mention(11, 16, "ঢাকায়", "LOC")])])
    old = codec.plain_parts(resolver.state_parts())
    del old[codec.ROWS], old["buckets"]  # what an older khobor saved: no index, entities as a list
    old["entities"] = [[i, *row] for i, row in old["entities"].items()]
    with khobor.open(str(tmp_path / "k.db")) as store:
        store.state_repo.put("entities", codec.dumps(old))
        loaded = store.load_stage("entities", EntityResolver)
        assert loaded.entities_ == resolver.entities_ and loaded._keys == resolver._keys
        store.save_stage("entities", loaded)
        assert any(k.startswith("entities\x1f") for k in _keys(store, "entities"))
        assert EntityResolver.from_state(store.get_state("entities")).entities_ == resolver.entities_


def _keys(store, stage):
    with store.engine.connect() as conn:
        return list(conn.execute(sa.select(schema.state_rows.c.key).where(schema.state_rows.c.stage == stage)).scalars())


def test_rows_written_batch_by_batch_equal_the_stages(tmp_path):
    """Entity, link, event and story rows upserted per batch are exactly what writing every stage's items gives."""
    from bench import crash_test
    from khobor.analyze.entities import EntityResolver
    from khobor.cluster.events import EventClusterer
    from khobor.cluster.stories import StoryLinker
    from khobor.pipeline import ingest, process

    crash_test.make_corpus(tmp_path / "in")
    files = sorted((tmp_path / "in").iterdir())

    def tables(store):
        with store.engine.connect() as conn:
            return {t: sorted(map(tuple, conn.exec_driver_sql(f"SELECT * FROM {t}").all()))
                    for t in ("entities", "article_entities", "events", "stories")}

    with khobor.open(str(tmp_path / "k.db")) as store:
        for part in (files[: len(files) // 2], files[len(files) // 2:]):  # two runs, the second onto a store
            ingest(store, part, batch_size=2)
            process(store, batch_size=2)
        by_batch = tables(store)
        resolver = store.load_stage("entities", EntityResolver)
        events, stories = store.load_stage("events", EventClusterer), store.load_stage("stories", StoryLinker)
        with store.atomic():
            store.save_entities(resolver.entities_.values())
            store.save_events(events.events_.values(), stories.stories_.values())
        assert by_batch["entities"] and by_batch["events"]
        assert tables(store) == by_batch


class Tracked(Toy):
    """The toy stage keeping the keys it changes in place, as a stage that tracks its dirty items does."""

    def __init__(self):
        super().__init__()
        self.touched_lists: set[str] = set()
        self.touched_counts: set[str] = set()

    def state_parts(self):
        return {"n": self.n_, "lists": codec.Rows(self.lists_, list, None, self.touched_lists),
                "counts": codec.Rows(self.counts_, None, codec.same, self.touched_counts)}


def test_a_save_after_a_batch_touching_one_item_writes_one_row(tmp_path):
    toy = Tracked()
    toy.lists_ = {f"k{i:05d}": [str(i)] for i in range(1000)}
    toy.counts_ = Counter({f"t{i}": i for i in range(1000)})
    with khobor.open(str(tmp_path / "k.db")) as store:
        store.save_stage("toy", toy)
        toy.lists_["k00500"].append("x")
        toy.touched_lists.add("k00500")
        changes = {}
        assert written(store, lambda: changes.update(store.save_stage("toy", toy))) == 1  # its page, no other
        assert "k00500" in changes["lists"][0] and not toy.touched_lists  # the store emptied the set once saved
        toy.counts_["t3"] += 1
        toy.lists_["k00007"].append("y")  # changed but not listed: a stage that says what it touched is taken at its word
        assert written(store, lambda: store.save_stage("toy", toy)) == 0
        toy.touched_counts.add("t3")
        assert written(store, lambda: changes.update(store.save_stage("toy", toy))) == 1
        assert changes["counts"] == (["t3"], [])
        toy.lists_["new"] = ["z"]  # added and deleted items are found without being listed
        del toy.counts_["t999"]
        assert written(store, lambda: store.save_stage("toy", toy)) == 2
    with khobor.open(str(tmp_path / "k.db")) as store:
        again = store.load_stage("toy", Toy)
        assert again.counts_ == toy.counts_ and again.lists_["new"] == ["z"] and again.lists_["k00500"] == ["500", "x"]
        assert again.lists_["k00007"] == ["7"]  # never listed as touched, so never saved


def test_touched_keys_give_the_same_rows_as_comparing_every_item(tmp_path):
    import random

    rng = random.Random(7)
    plain, tracked = Toy(), Tracked()
    with khobor.open(str(tmp_path / "a.db")) as a, khobor.open(str(tmp_path / "b.db")) as b:
        for batch in range(6):
            for _ in range(300):
                key = f"k{rng.randrange(2000):05d}"
                for toy in (plain, tracked):
                    toy.lists_.setdefault(key, []).append(str(batch))
                    toy.counts_[key] += 1
                tracked.touched_lists.add(key)
                tracked.touched_counts.add(key)
            for key in [k for k in plain.lists_ if rng.random() < 0.02]:
                for toy in (plain, tracked):
                    del toy.lists_[key]
            a.save_stage("toy", plain)
            b.save_stage("toy", tracked)
        assert rows(a) == rows(b)



def test_the_resolver_saves_what_it_touched_and_the_rows_equal_a_full_compare(tmp_path):
    from khobor.analyze.entities import EntityResolver
    from khobor.model import Article, Mention

    def article(aid, names):
        text = " ও ".join(s for s, _ in names)
        return Article(id=aid, source=aid, body=text, mentions=[Mention(text.index(s), text.index(s) + len(s), s, k) for s, k in names])

    batches = [[article("a", [("সের্গেই ল্যাভরভ", "PER"), ("ঢাকা", "LOC")]), article("b", [("কিম জং উন", "PER"), ("KCNA", "ORG")])],
               [article("c", [("ল্যাভরভ", "PER"), ("ঢাকায়", "LOC")])],
               [article("d", [("ঢাকা", "LOC")])]]
    resolver = EntityResolver()
    with khobor.open(str(tmp_path / "a.db")) as tracked, khobor.open(str(tmp_path / "b.db")) as whole:
        for batch in batches:
            resolver.partial_fit(batch)
            counts = written(tracked, lambda: tracked.save_stage("entities", resolver))
            whole.put_state("entities", resolver.to_state())  # compared item by item, every item
        assert counts == 2  # the last batch only named ঢাকা again: its entity's row and its articles' tail, nothing else
        a, b = codec.loads(tracked.get_state("entities")), codec.loads(whole.get_state("entities"))
        assert a == b and a["entities"]
        ids = list(a["entities"])
        merged = resolver.merge(ids[0], ids[-1])  # a correction: the next save compares every item
        tracked.save_stage("entities", resolver)
        whole.put_state("entities", resolver.to_state())
        assert codec.loads(tracked.get_state("entities")) == codec.loads(whole.get_state("entities"))
        assert merged in codec.loads(tracked.get_state("entities"))["entities"]


def test_counts_compared_as_values_find_each_change(tmp_path):
    class Counts(Toy):
        def state_parts(self):
            return {"n": self.n_, "lists": codec.Rows(self.lists_, list, len), "counts": codec.Rows(self.counts_, None, codec.same)}

    toy = Counts()
    toy.counts_ = Counter({f"t{i:04d}": i for i in range(1000)})
    with khobor.open(str(tmp_path / "k.db")) as store:
        store.save_stage("toy", toy)
        assert written(store, lambda: store.save_stage("toy", toy)) == 0
        toy.counts_["t0003"] += 1
        toy.counts_["t0999"] += 1
        toy.counts_["new"] = 1
        assert store.save_stage("toy", toy)["counts"] == (["new", "t0003", "t0999"], [])
    with khobor.open(str(tmp_path / "k.db")) as store:
        assert store.load_stage("toy", Counts).counts_ == toy.counts_


def test_a_rolled_back_save_of_touched_items_is_written_again(tmp_path):
    toy = Tracked()
    toy.lists_ = {"a": ["1"], "b": ["1"]}
    with khobor.open(str(tmp_path / "k.db")) as store:
        store.save_stage("toy", toy)
        toy.lists_["a"].append("2")
        toy.touched_lists.add("a")
        with pytest.raises(RuntimeError):
            with store.atomic():
                store.save_stage("toy", toy)  # empties the touched set...
                raise RuntimeError("killed mid-batch")
        store.save_stage("toy", toy)  # ...so the store, not knowing what it holds, writes every item again
    with khobor.open(str(tmp_path / "k.db")) as store:
        assert store.load_stage("toy", Toy).lists_ == {"a": ["1", "2"], "b": ["1"]}


def _cluster_batches(batches, events, stories, tracked, whole, corrections=None):
    """Events and stories fitted batch by batch as the pipeline does; each save into ``tracked`` compares only the
    keys the stages touched, each into ``whole`` compares every item; the two stores must hold the same states."""
    for i, batch in enumerate(batches):
        events.partial_fit(batch)
        stories.drop_events(events.aliases_)
        touched = {a.event_id for a in batch if a.event_id}
        stories.partial_fit([e for e in events.events_.values() if e.id in touched], batch)
        if corrections and i in corrections:
            corrections[i](events)
        for event in events.events_.values():
            event.story_id = stories.event_story_.get(event.id, event.story_id)
        for name, stage in (("events", events), ("stories", stories)):
            tracked.save_stage(name, stage)
            whole.put_state(name, stage.to_state())  # split into rows, every item compared
    for name in ("events", "stories"):
        a, b = codec.loads(tracked.get_state(name)), codec.loads(whole.get_state(name))
        if name == "events":
            for saved in (a, b):
                saved["dense"] = {k: v.tolist() for k, v in saved["dense"].items()}
        assert a == b, name


def test_events_and_stories_save_what_they_touched_and_the_rows_equal_a_full_compare(tmp_path, monkeypatch):
    monkeypatch.setattr(state, "PAGE", 1)  # one item a row: an item missed is not saved along with its page's others
    import random

    from events_fixture import load_articles, load_docs
    from khobor.cluster.events import EventClusterer
    from khobor.cluster.stories import StoryLinker

    articles = load_articles(load_docs())
    rng = random.Random(11)
    rng.shuffle(articles)  # out of order too: old reports arriving late, postings trimmed as they are read
    batches, at = [], 0
    while at < len(articles):
        size = rng.randrange(1, 40)
        batches.append(articles[at:at + size])
        at += size
    half = len(batches) // 2

    def move_one(events):
        moved = rng.choice(sorted(events.members_))
        events.move(moved, rng.choice(sorted(events.events_)))

    with khobor.open(str(tmp_path / "a.db")) as tracked, khobor.open(str(tmp_path / "b.db")) as whole:
        events, stories = EventClusterer(dense=False), StoryLinker()
        _cluster_batches(batches[:half], events, stories, tracked, whole, {2: move_one})
        assert len(events.events_) > 20 and len(stories.stories_) > 10
        events, stories = tracked.load_stage("events", EventClusterer), tracked.load_stage("stories", StoryLinker)
        assert not any(events._touched.values()) and not any(stories._touched.values())  # loaded: nothing to compare yet
        _cluster_batches(batches[half:], events, stories, tracked, whole, {1: move_one})  # a later run onto the store


def test_events_merged_across_languages_save_both_events_and_moved_members(tmp_path, monkeypatch):
    monkeypatch.setattr(state, "PAGE", 1)  # one item a row: an item missed is not saved along with its page's others
    from test_cluster_events import _topic_embed, _with_places, small
    from khobor.cluster.events import EventClusterer
    from khobor.cluster.stories import StoryLinker
    from khobor.model import Article

    bengali = [_with_places(a, ["গাজীপুর", "কাশিমপুর", "রূপসা", "সুনামগঞ্জ", "সুরমা"]) for a in small()]
    first = Article(id="e1", source="e1", title="Textile factory fire kills workers", language="en", outlet="en1",
                    body="A fire at a textile factory killed workers on Friday morning, the fire service said.",
                    published_at="2025-03-07T11:00:00+06:00")
    second = Article(id="e2", source="e2", title="Textile factory fire kills 9 workers in Gazipur", language="en", outlet="en2",
                     body="A fire at the Rupsha textile factory in Kashimpur, Gazipur killed 9 workers on Friday morning; "
                          "12 fire service units fought it.", published_at="2025-03-07T17:00:00+06:00")
    events = EventClusterer(embed=_topic_embed)
    with khobor.open(str(tmp_path / "a.db")) as tracked, khobor.open(str(tmp_path / "b.db")) as whole:
        _cluster_batches([bengali + [first], [second]], events, StoryLinker(), tracked, whole)
        assert events.stats_["merged_across_languages"] == 1 and events.aliases_  # (the same merge as in test_cluster_events)


class Listed(Toy):
    """Toy whose growing map lists the keys it changes (codec.Rows.touched), as the corpus stages do."""

    def __init__(self):
        super().__init__()
        self.touched_: set[str] = set()

    def state_parts(self):
        return {"n": self.n_, "lists": codec.Rows(self.lists_, list, len, self.touched_), "counts": codec.Rows(self.counts_)}


def test_a_loaded_state_is_kept_from_the_cycle_collector_while_the_run_lasts_and_touched_items_still_save(tmp_path):
    import gc

    toy = Listed()
    toy.lists_ = {f"k{i:05d}": [str(i)] for i in range(200)}
    with khobor.open(str(tmp_path / "k.db")) as store:
        store.save_stage("toy", toy)
    store = khobor.open(str(tmp_path / "k.db"))
    with store.long_lived():  # (a run: pipeline.process and the stages' own entry points)
        again = store.load_stage("toy", Listed)
        assert gc.get_freeze_count() > 0  # set aside: a full collection does not walk it
        again.touched_.add("k00007")  # listed but unchanged: its page keeps its bytes, nothing is written
        assert written(store, lambda: store.save_stage("toy", again)) == 0
        again.lists_["k00100"].append("x")
        again.touched_.add("k00100")  # no fingerprint was taken on load: a listed change is still found and saved
        assert written(store, lambda: store.save_stage("toy", again)) == 1
    assert gc.get_freeze_count() == 0  # given back when the run ends (gc.freeze is process-wide)
    store.close()
    with khobor.open(str(tmp_path / "k.db")) as store:
        assert store.load_stage("toy", Listed).lists_["k00100"] == ["100", "x"]


def test_a_run_loading_a_state_sets_it_aside_before_any_collection_walks_it(tmp_path):
    """The objects a load makes are set aside while the collector is still paused: were it back first, its next pass
    would walk every one of them once (0.7 CPU-s of a run into 100k articles)."""
    import gc

    toy = Listed()
    toy.lists_ = {f"k{i:05d}": [str(i), str(i + 1)] for i in range(20_000)}  # more objects than a young generation holds
    with khobor.open(str(tmp_path / "k.db")) as store:
        store.save_stage("toy", toy)
    store = khobor.open(str(tmp_path / "k.db"))
    walked = []

    def note(phase, info):
        if phase == "stop":
            walked.append(info["collected"])

    with store.long_lived():
        gc.collect()
        gc.callbacks.append(note)
        try:
            again = store.load_stage("toy", Listed)
            young = gc.get_count()[0]
            kept = [[n] for n in range(1000)]  # what a run allocates next
        finally:
            gc.callbacks.remove(note)
        assert walked == [] and young < 100 and len(again.lists_) == 20_000 and kept
    store.close()


def test_a_saved_state_is_kept_from_the_cycle_collector_while_the_run_lasts(tmp_path):
    import gc

    toy = Listed()
    toy.lists_ = {f"k{i:05d}": [str(i)] for i in range(50)}
    store = khobor.open(str(tmp_path / "k.db"))
    store.save_stage("toy", toy)
    assert gc.get_freeze_count() == 0  # outside a run nothing is frozen
    with store.long_lived():
        store.save_stage("toy", toy)  # a run's state grows batch by batch: full collections would walk it all again
        assert gc.get_freeze_count() > 0
        toy.lists_["k00001"].append("x")
        toy.touched_.add("k00001")
        assert written(store, lambda: store.save_stage("toy", toy)) == 1  # saving still finds what changed
    assert gc.get_freeze_count() == 0
    store.close()


def test_an_entity_or_bucket_changed_in_place_is_saved_again():
    """Resolving adds to an entity's extras without changing its counts (a namesake found, the people named beside
    it), and aliasing an acronym changes the entity id in a bucket at the same length: each must be written again,
    or a run resumed from the store resolves later reports from stale rows (it did: 5 of 11,846 dev entities)."""
    from khobor.analyze.entity_state import _bucket_mark, _entity_mark, _set_mark
    from khobor.model import Entity

    person = Entity(id="e1", type="PER", name="মোস্তাফিজুর রহমান", name_latin="Mostafizur Rahman", variants=["মোস্তাফিজুর রহমান"],
                    article_ids=["a1"], extras={"types": {"PER": 1}})
    before = _entity_mark(person)
    person.extras.setdefault("namesakes", []).append("e2")
    assert _entity_mark(person) != before
    before = _entity_mark(person)
    person.extras["namesakes"].append("e3")
    assert _entity_mark(person) != before
    assert _bucket_mark([("key", "e-acronym")]) != _bucket_mark([("key", "e-body")])
    assert _set_mark({"e-acronym", "e2"}) != _set_mark({"e-body", "e2"})


def test_a_name_in_many_articles_saves_the_tail_of_its_article_list_not_the_whole_list(tmp_path):
    from khobor.analyze.entities import EntityResolver
    from khobor.analyze.entity_state import ARTICLE_CHUNK
    from khobor.model import Article, Mention

    def naming(aid):
        return Article(id=aid, source=aid, body="ঢাকা শহর", mentions=[Mention(0, 4, "ঢাকা", "LOC")])

    resolver = EntityResolver()
    resolver.partial_fit([naming(f"a{i:04d}") for i in range(5 * ARTICLE_CHUNK + 3)])
    (entity,) = resolver.entities_.values()
    with khobor.open(str(tmp_path / "k.db")) as store:
        store.save_stage("entities", resolver)
        resolver.partial_fit([naming("z0001")])
        before = stage_rows(store, "entities")
        assert written(store, lambda: store.save_stage("entities", resolver)) == 2
        after = stage_rows(store, "entities")
        rewritten = sorted(k for k in after if after[k] != before.get(k))
        assert [k.split(state.SEP)[0] for k in rewritten] == ["article_tails", "entities"]  # not the five full chunks
        assert all(len(after[k]) < 600 for k in rewritten)
    with khobor.open(str(tmp_path / "k.db")) as store:
        again = store.load_stage("entities", EntityResolver)
        assert again.entities_[entity.id].article_ids == entity.article_ids == [f"a{i:04d}" for i in range(5 * ARTICLE_CHUNK + 3)] + ["z0001"]


def test_a_resolver_state_with_article_lists_inside_its_rows_still_loads():
    """As an older khobor saved it: each entity's article ids in its row, no chunks beside."""
    from khobor.analyze.entities import EntityResolver
    from khobor.model import Article, Mention

    resolver = EntityResolver()
    resolver.partial_fit([Article(id=f"a{i}", source=f"a{i}", body="ঢাকা শহর", mentions=[Mention(0, 4, "ঢাকা", "LOC")]) for i in range(100)])
    parts = codec.loads(resolver.to_state())
    for entity_id, row in parts["entities"].items():
        row[4] = resolver.entities_[entity_id].article_ids
    del parts["article_chunks"], parts["article_tails"]
    loaded = EntityResolver.from_parts(parts)
    assert {i: e.article_ids for i, e in loaded.entities_.items()} == {i: e.article_ids for i, e in resolver.entities_.items()}


def test_saved_article_chunks_follow_appends_removals_and_gone_entities(tmp_path):
    """Random batches of what fitting does to an entity's article ids (append; an article moved to a namesake; an
    entity merged away): after every save, a fresh load gives back each entity's ids in order."""
    import random

    from khobor.analyze.entities import EntityResolver
    from khobor.model import Entity

    rng = random.Random(7)
    resolver = EntityResolver()
    for n in range(12):
        resolver.entities_[f"e{n}"] = Entity(id=f"e{n}", type="PER", name=f"n{n}", article_ids=[f"a{n}-{i}" for i in range(rng.randrange(60))])
        resolver._touched["entities"].add(f"e{n}")
    with khobor.open(str(tmp_path / "k.db")) as store:
        for step in range(25):
            for entity_id, entity in list(resolver.entities_.items()):
                roll = rng.random()
                if roll < 0.4:
                    entity.article_ids += [f"{entity_id}-s{step}-{i}" for i in range(rng.randrange(1, 40))]
                elif roll < 0.5 and entity.article_ids:
                    entity.article_ids.remove(rng.choice(entity.article_ids))
                    resolver._article_index().reordered.add(entity_id)
                elif roll < 0.53 and len(resolver.entities_) > 3:
                    del resolver.entities_[entity_id]
                    continue
                else:
                    continue
                resolver._touched["entities"].add(entity_id)
            store.save_stage("entities", resolver)
            with khobor.open(str(tmp_path / "k.db")) as reader:
                again = reader.load_stage("entities", EntityResolver)
            assert {i: e.article_ids for i, e in again.entities_.items()} == {i: e.article_ids for i, e in resolver.entities_.items()}
