import sys
from pathlib import Path

import pytest

from khobor.cluster.events import EventClusterer
from khobor.cluster.stories import StoryLinker
from khobor.model import Article, Mention

sys.path.insert(0, str(Path(__file__).resolve().parent))


def art(id, title, body, when, entities=()):
    mentions = [Mention(0, 1, e, e.split("-")[0].upper(), e) for e in entities]
    return Article(id=id, source=id, title=title, body=body, published_at=when, mentions=mentions)


def test_follow_up_sharing_entities_joins_the_story_and_unrelated_does_not():
    articles = [
        art("f1", "রূপসা টেক্সটাইল কারখানায় আগুন", "গাজীপুরের কাশিমপুরে রূপসা টেক্সটাইল কারখানায় আগুনে ৯ শ্রমিক নিহত।", "2025-03-07T10:00:00+06:00", ["org-rupsha", "loc-gazipur"]),
        art("f2", "রূপসা টেক্সটাইলের শ্রমিকদের বিক্ষোভ", "কাশিমপুরে রূপসা টেক্সটাইল কারখানার শ্রমিকেরা ক্ষতিপূরণের দাবিতে বিক্ষোভ করেছেন।", "2025-03-20T10:00:00+06:00", ["org-rupsha", "loc-kashimpur"]),
        art("c1", "মিরপুরে বাংলাদেশের জয়", "প্রথম ওয়ানডেতে জিম্বাবুয়েকে ছয় উইকেটে হারিয়েছে বাংলাদেশ।", "2025-03-08T10:00:00+06:00", ["loc-bangladesh", "loc-zimbabwe"]),
    ]
    clusterer = EventClusterer(dense=False).fit(articles)
    assert len(clusterer.events_) == 3
    linker = StoryLinker().fit(list(clusterer.events_.values()), articles)
    assert articles[0].story_id == articles[1].story_id != articles[2].story_id
    story = linker.stories_[articles[0].story_id]
    assert [x["event_id"] for x in story.extras["timeline"]] == [articles[0].event_id, articles[1].event_id]
    assert story.start == "2025-03-07" and story.end == "2025-03-20"
    again = StoryLinker.from_state(linker.to_state())
    assert again.event_story_ == linker.event_story_


@pytest.mark.xfail(strict=True, reason="measured: seed events link at story scores 0.16-0.20, threshold 0.4 (fixture needs it); not solved yet")
def test_seed_story(seeds_dir):
    from test_cluster_events import _seed_articles

    articles = list(_seed_articles(seeds_dir).values())
    clusterer = EventClusterer(dense=False).fit(articles)
    StoryLinker().fit(list(clusterer.events_.values()), articles)
    assert len({a.story_id for a in articles}) == 1
