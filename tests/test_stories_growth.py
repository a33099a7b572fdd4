"""What story linking costs must not grow with a story's past: a long timeline is not re-read word by word."""

from khobor.cluster import stories as stories_module
from khobor.cluster.stories import StoryLinker
from khobor.model import Event, Story


def test_a_headline_sharing_no_word_with_a_long_timeline_stems_none_of_its_titles(monkeypatch):
    linker = StoryLinker()
    linker._init_state()
    linker._memo = {}
    timeline = [{"event_id": f"ev-{i}", "start": f"2025-01-{1 + i % 28:02d}", "title": f"বাজেট ঘাটতি নিয়ে বৈঠক {i}"}
                for i in range(200)]
    timeline.append({"event_id": "ev-x", "start": "2025-02-01", "title": "রাজধানীতে ভারী বৃষ্টি, জলাবদ্ধতা"})
    linker.stories_["st-1"] = Story(id="st-1", title="বাজেট", extras={"timeline": timeline})
    stemmed = []
    real = stories_module.terms
    monkeypatch.setattr(stories_module, "terms", lambda text, memo=None: stemmed.append(text) or real(text, memo))
    keys = ["t:বৃষ্টি", "e:x"]
    event = Event(id="ev-new", title="রাজধানীতে ভারী বৃষ্টি, জলাবদ্ধতা")
    assert linker._own_keys(keys, "st-1", event, 20200.0) == ["e:x"]  # the same headline on another day: a bulletin
    assert len(stemmed) <= 2  # its own headline and the one that repeats it; none of the 200 that share no word
    other = Event(id="ev-other", title="শীতের তীব্রতা বাড়ছে")
    assert linker._own_keys(keys, "st-1", other, 20200.0) == keys


def test_a_storys_keys_read_once_a_batch_follow_the_keys_it_gains():
    linker = StoryLinker()
    linker._init_state()
    linker._memo = {}
    linker._add_keys("st-1", ["h:x", "t:a"])
    assert linker._held("st-1") == ({"h:x", "t:a"}, {"x"}, {"x"})
    linker._add_keys("st-1", ["p:y", "h:x"])  # (a later event of the batch joins the story)
    assert linker._held("st-1") == ({"h:x", "t:a", "p:y"}, {"x"}, {"x", "y"})
    assert linker.story_keys_["st-1"] == ["h:x", "t:a", "p:y"]


def test_a_story_too_far_for_its_storyline_to_be_named_is_passed_over_unread(monkeypatch):
    """A story shares terms with the event but lies weeks away: no storyline can name it (``storyline_days``) and a topic
    alone links none, so its keys and timeline are not read for the event (their cost grew with the stories a term holds,
    ten times the candidates in a store of 100k articles as in one of 10k)."""
    from test_cluster_stories import _linked, storyline_weeks_apart

    read = []
    real = StoryLinker._own_keys
    monkeypatch.setattr(StoryLinker, "_own_keys",
                        lambda self, keys, story_id, event, day: read.append((event.id, story_id)) or real(self, keys, story_id, event, day))
    articles, _, _ = _linked(storyline_weeks_apart())
    story = articles[-3].story_id
    assert articles[-2].story_id == story != articles[-1].story_id  # (as without the shortcut)
    assert ("ev-m2", story) in read  # two days apart: its storyline keys are read
    assert ("ev-m3", story) not in read  # forty days apart: not


def test_a_storys_record_shares_its_stored_row_with_few_others(tmp_path):
    """A long story's record carries its timeline: one changed (or read for an event near it) must not bring 63 others
    with it, as the store's rows of 64 items did."""
    import sqlalchemy as sa

    import khobor
    from khobor.store import schema
    from khobor.store.state import SEP

    linker = StoryLinker()
    linker._init_state()
    for i in range(40):
        linker.stories_[f"st-{i:02d}"] = Story(id=f"st-{i:02d}", title=f"গল্প {i}", extras={"timeline": [{"event_id": f"ev-{i}"}]})
        linker.profile_[f"st-{i:02d}"] = {"t": 1.0}
    with khobor.open(str(tmp_path / "k.db")) as store:
        store.save_stage("stories", linker)
        with store.engine.connect() as conn:
            keys = conn.execute(sa.select(schema.state_rows.c.key).where(schema.state_rows.c.stage == "stories")).scalars().all()
        assert sum(k.startswith("stories_" + SEP) for k in keys) == 3 and sum(k.startswith("profile_" + SEP) for k in keys) == 1
        again = store.load_stage("stories", StoryLinker)
        assert list(again.stories_) == list(linker.stories_) and again.stories_["st-33"].title == "গল্প 33"


def test_near_stories_whose_keys_cannot_name_the_storyline_link_as_before_with_their_timelines_unread(monkeypatch):
    """``_may_link`` passes over, from a story's storyline keys alone, the stories near in time whose shared rare keys
    are too few to name a storyline. The stories come out as when every near story's timeline was read (the loop's
    own tests before), after fewer reads: in a store of 100k articles, most of the candidates of an event."""
    from events_fixture import load_articles, load_docs
    from khobor.cluster.events import EventClusterer
    from khobor.dedup import Deduper

    real_own_keys, real_may_link = StoryLinker._own_keys, StoryLinker._may_link

    def every_near_story(self, story_id, gap, rare, headline, keys):
        return self._decay(gap) is not None and not (rare and self._other_headline_names(headline, keys, story_id))

    def run(may_link):
        read = []
        monkeypatch.setattr(StoryLinker, "_may_link", may_link)
        monkeypatch.setattr(StoryLinker, "_own_keys", lambda self, keys, story_id, event, day:
                            read.append((event.id, story_id)) or real_own_keys(self, keys, story_id, event, day))
        articles = load_articles(load_docs())
        Deduper().fit(articles)
        events = EventClusterer(dense=False).fit(articles)
        StoryLinker().fit(list(events.events_.values()), articles)
        return {a.id: a.story_id for a in articles}, read

    before, read_before = run(every_near_story)
    now, read_now = run(real_may_link)
    assert now == before
    assert len(set(before.values())) < len(before)  # (stories of several events: the links were put to the test)
    assert len(read_now) < len(read_before)


def test_profile_terms_are_posted_only_for_topic_linking_and_an_older_stores_are_dropped_once(tmp_path):
    """Profile terms and entity keys are looked up only when topics link (``topic_min_gap_days``, off by default); kept
    anyway, they were four fifths of a 100k store's postings, their hot lists rewritten in every batch."""
    import math

    import khobor
    from khobor import codec
    from khobor.store.state import SEP
    from test_cluster_stories import _linked, storyline_weeks_apart

    def topical(key):
        return key[:2] not in stories_module.STORYLINE_PREFIXES

    _, _, linker = _linked(storyline_weeks_apart())
    assert linker.postings_ and not any(map(topical, linker.postings_))
    _, _, older = _linked(storyline_weeks_apart(), topic_min_gap_days=30.0)
    assert any(map(topical, older.postings_))

    older.topic_min_gap_days = math.inf  # a store an older khobor wrote: every key posted, no flag saying so
    del older.topic_postings_
    with khobor.open(str(tmp_path / "k.db")) as store:
        def posted_rows():
            with store.engine.connect() as conn:
                found = conn.exec_driver_sql("SELECT key, data FROM state_rows WHERE stage = 'stories'").all()
            return {k for key, data in found if key.startswith("postings_" + SEP) for k in codec.loads_item(bytes(data))}

        store.save_stage("stories", older)
        assert any(map(topical, posted_rows()))
        loaded = store.load_stage("stories", StoryLinker)
        assert loaded.postings_ == {k: v for k, v in older.postings_.items() if not topical(k)}
        store.save_stage("stories", loaded)
        assert posted_rows() == set(loaded.postings_)
        assert store.load_stage("stories", StoryLinker).postings_ == loaded.postings_

    state = codec.loads(linker.to_state())  # a store whose owner turns topic linking on: its postings are made once
    state["params"]["topic_min_gap_days"] = 30.0
    switched = StoryLinker.from_parts(state)
    assert switched.topic_postings_
    for story_id, profile in switched.profile_.items():
        assert profile and all(story_id in switched.postings_[term] for term in profile)
