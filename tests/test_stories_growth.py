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
