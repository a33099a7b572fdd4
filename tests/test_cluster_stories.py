import sys
import pytest
from pathlib import Path

from khobor.cluster.events import EventClusterer
from khobor.cluster.stories import StoryLinker, explain_story
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


def test_seed_story(seeds_dir):
    """Seeds analyzed and their entities resolved, as the pipeline does: one story (scores 0.44-0.56, threshold 0.36)."""
    from khobor.analyze.entities import EntityResolver
    from khobor.dedup import Deduper
    from test_cluster_events import _seed_articles

    articles = list(_seed_articles(seeds_dir).values())
    EntityResolver().partial_fit(articles)
    Deduper().fit(articles)
    clusterer = EventClusterer(dense=False).fit(articles)
    StoryLinker().fit(list(clusterer.events_.values()), articles)
    assert len({a.story_id for a in articles}) == 1


def _fixture_stories(analyzed: bool) -> dict:
    from khobor.dedup import Deduper
    from khobor.evaluate import cluster_scores
    from events_fixture import load_articles, load_docs

    docs = load_docs()
    articles = load_articles(docs)
    if analyzed:
        from khobor.analyze import analyze
        from khobor.analyze.entities import EntityResolver

        for article in articles:
            analyze(article)
        EntityResolver().partial_fit(articles)
    Deduper().fit(articles)
    clusterer = EventClusterer(dense=False).fit(articles)
    StoryLinker().fit(list(clusterer.events_.values()), articles)
    return cluster_scores({a.extras["fixture_id"]: a.story_id for a in articles}, {d["id"]: d["story"] for d in docs})


def test_fixture_stories_bcubed_lexical():
    """Stories over the fixture's own events, no entities: measured BCubed F1 0.740 (0.759 before the events stage
    kept bulletins of other days and one speaker's other remarks apart, which split an undated launch report and a
    repeated flood headline off their storylines; 0.789 when events were also linked on shared topic; on real news
    those links were mostly topic buckets, so only the events stage's storyline decision links)."""
    scores = _fixture_stories(analyzed=False)
    assert scores["bcubed"]["f1"] >= 0.73, scores


def test_fixture_stories_bcubed_with_entities():
    """With analyze's resolved entities: measured BCubed F1 0.793 (0.815 with topic links too)."""
    scores = _fixture_stories(analyzed=True)
    assert scores["bcubed"]["f1"] >= 0.77, scores


def test_undated_event_joins_by_content_and_far_apart_dated_does_not():
    kim = ["loc-russia", "loc-nk", "per-kim", "per-putin"]
    body = "রাশিয়া ও উত্তর কোরিয়ার মধ্যে সামরিক সহযোগিতা নিয়ে আলোচনা হয়েছে। কিম জং উন ও পুতিন বৈঠক করেছেন।"
    articles = [
        art("k1", "কিম-পুতিন বৈঠক", body, "2025-07-12T10:00:00+06:00", kim * 3),
        art("k2", "মস্কোয় উত্তর কোরিয়ার প্রতিনিধি", body.replace("বৈঠক", "আলোচনা"), None, kim * 3),
        art("k3", "হ্যানয়ে কিম-ট্রাম্প শীর্ষ বৈঠক", "উত্তর কোরিয়ার কিম জং উন হ্যানয়ে পৌঁছেছেন। রাশিয়া ও পুতিন এই বৈঠকে নেই।", "2019-02-27T10:00:00+06:00", kim * 3),
    ]
    clusterer = EventClusterer(dense=False, threshold=0.99).fit(articles)
    assert len(clusterer.events_) == 3
    linker = StoryLinker().fit(list(clusterer.events_.values()), articles)
    assert articles[0].story_id == articles[1].story_id != articles[2].story_id
    why = linker.explain(articles[1].event_id)
    assert why["story_id"] == articles[0].story_id and {"per-kim", "per-putin"} <= set(why["shared_entities"])


def test_seed_story_through_the_pipeline(seeds_dir, tmp_path):
    """The five seeds, ingested and processed as a user would: two reports of one event, three other events, one story."""
    import khobor

    store = khobor.open(str(tmp_path / "k.db"))
    store.ingest([seeds_dir])
    store.process()
    articles = {a.source.split("/")[-1][:3]: a for a in store.articles()}
    events = {k: a.event_id for k, a in articles.items()}
    assert events["000"] == events["001"]
    assert len({events["000"], events["002"], events["003"], events["004"]}) == 4
    assert len({a.story_id for a in articles.values()}) == 1, {k: a.story_id for k, a in articles.items()}
    assert len(store.stories()) == 1
    from khobor.service import cases

    _, why = cases.explain(store, articles["004"].id)
    assert f"story {articles['004'].story_id}" in why, why  # the story stage's reason, in words, after the event's


def test_a_later_event_of_the_same_case_continues_its_story():
    """Bodies found, then the suspect arrested two days later: two events, one storyline."""
    from khobor.model import Article, Mention

    def report(i, title, body, when):
        a = Article(id=f"m{i}", source=f"m{i}", title=title, body=body, published_at=when, outlet=f"o{i}")
        for name, kind in (("মোহাম্মদপুর", "LOC"), ("আয়েশা", "PER"), ("লায়লা আফরোজ", "PER"), ("নাফিসা", "PER")):
            at = body.find(name)
            if at >= 0:
                a.mentions.append(Mention(at, at + len(name), name, kind))
        return a

    found = ("মোহাম্মদপুরের একটি ফ্ল্যাট থেকে লায়লা আফরোজ ও তাঁর মেয়ে নাফিসার লাশ উদ্ধার করেছে পুলিশ। "
             "গৃহকর্মী আয়েশা ঘটনার পর থেকে পলাতক। মোহাম্মদপুর থানার ওসি জানান, ছুরিকাঘাতে দুজনকে হত্যা করা হয়।")
    arrested = ("মোহাম্মদপুরে লায়লা আফরোজ ও মেয়ে নাফিসাকে হত্যার ঘটনায় গৃহকর্মী আয়েশাকে ঝালকাঠি থেকে গ্রেপ্তার করেছে পুলিশ। "
                "আয়েশার স্বামীকেও আটক করা হয়েছে। পুলিশ জানায়, চুরির অপবাদ থেকে এই হত্যাকাণ্ড।")
    articles = [report(1, "মোহাম্মদপুরে মা-মেয়ের লাশ উদ্ধার", found, "2025-12-08T10:00:00+06:00"),
                report(2, "মা-মেয়ে হত্যা: গৃহকর্মী আয়েশা ঝালকাঠিতে গ্রেপ্তার", arrested, "2025-12-10T12:00:00+06:00")]
    clusterer = EventClusterer(dense=False).fit(articles)
    StoryLinker().fit(list(clusterer.events_.values()), articles)
    assert articles[0].event_id != articles[1].event_id
    assert articles[1].extras["event_why"]["related_event"] == articles[0].event_id
    assert articles[0].story_id == articles[1].story_id


def _shipped_ner_models():
    from khobor.analyze import ner

    folder = Path(ner.__file__).parent
    return sorted([*folder.glob("ner-*.crfsuite"), *folder.glob("ner-*.npz")])


@pytest.mark.parametrize("model", _shipped_ner_models(), ids=lambda p: p.name)
def test_seed_story_does_not_hinge_on_any_one_entity_mention(seeds_dir, model):
    """Remove any one entity mention from any one seed, with any shipped NER model: still one story."""
    import copy

    from khobor.analyze import analyze
    from khobor.analyze.entities import EntityResolver
    from khobor.analyze.ner import NerTagger
    from khobor.cluster.events import EventClusterer
    from khobor.cluster.stories import StoryLinker
    from khobor.dedup import Deduper
    from test_cluster_events import _seed_articles

    tagger = NerTagger(model)
    plain = list(_seed_articles(seeds_dir).values())
    for article in plain:
        analyze(article, tagger=tagger)
    broken = []
    for i, article in enumerate(plain):
        for j, mention in enumerate(article.mentions):
            articles = copy.deepcopy(plain)
            del articles[i].mentions[j]
            EntityResolver().partial_fit(articles)
            Deduper().fit(articles)
            events = EventClusterer(dense=False).fit(articles)
            StoryLinker().fit(list(events.events_.values()), articles)
            if len({a.story_id for a in articles}) != 1:
                broken.append(f"{article.source}: {mention.surface}")
    assert not broken, broken


def test_dropping_merged_events_before_any_story_is_a_no_op():
    linker = StoryLinker()
    linker.drop_events(["ev-1"])
    assert not hasattr(linker, "stories_") or not linker.stories_


def test_a_continuation_told_later_the_same_day_finds_its_story_whatever_the_event_ids():
    """Events of one day are linked in the order told: the one continued is in a story before its follow-up asks."""
    from khobor.model import Event

    first = art("z1", "নতুন আইজিপি দায়িত্ব নিলেন", "নতুন আইজিপি পুলিশ সদর দপ্তরে দায়িত্ব নিলেন।", "2026-02-25T12:30:00+06:00",
                entities=["per-ali"] * 2)
    later = art("a2", "আইজিপিকে র‍্যাংক ব্যাজ পরালেন প্রধানমন্ত্রী", "প্রধানমন্ত্রী নতুন আইজিপিকে র‍্যাংক ব্যাজ পরিয়ে দেন।",
                "2026-02-25T16:30:00+06:00", entities=["per-ali"] * 2)
    later.extras["event_why"] = {"decided_by": "new", "related_event": "ev-z1", "story_score": 0.7}
    events = [Event(id="ev-a2", article_ids=["a2"], start="2026-02-25", title=later.title),
              Event(id="ev-z1", article_ids=["z1"], start="2026-02-25", title=first.title)]
    StoryLinker().fit(events, [first, later])
    assert first.story_id == later.story_id


def _told(id, title, body, when, related=None, entities=()):
    """A report that opened its event; ``related``: the earlier event the events stage says it continues."""
    from khobor.model import Event

    report = art(id, title, body, when, entities)
    report.extras["event_why"] = {"decided_by": "new", **({"related_event": "ev-" + related, "story_score": 0.7} if related else {})}
    return report, Event(id="ev-" + id, article_ids=[id], start=when[:10], title=title)


def _linked(pairs, **params):
    """(articles, events, the fitted linker) of ``_told`` pairs."""
    articles, events = [p[0] for p in pairs], [p[1] for p in pairs]
    return articles, events, StoryLinker(**params).fit(events, articles)


def _topic_filler(n=10):
    """Other days' stabbings: what makes "stabbing" a topic word rather than a storyline's name."""
    return [_told(f"s{i}", f"এলাকায় ছুরিকাঘাতে যুবক আহত {i}", "ছুরিকাঘাতে আহত যুবককে হাসপাতালে নেওয়া হয়েছে।",
                  f"2025-11-{i + 1:02d}T10:00:00+06:00") for i in range(n)]


def test_a_continuation_naming_nothing_of_the_storyline_opens_its_own_story():
    """Two stabbings in two places, the pair decision saying one continues the other: a topic, not a storyline."""
    pairs = [*_topic_filler(),
             _told("k1", "কামরাঙ্গীরচরে ছুরিকাঘাতে যুবক নিহত", "কামরাঙ্গীরচরে রকি নামে এক যুবককে ছুরিকাঘাতে হত্যা করা হয়েছে।",
                   "2025-12-03T10:00:00+06:00", entities=["per-roki"] * 2),
             _told("k2", "ডেমরায় ছুরিকাঘাতে গৃহবধূ আহত", "ডেমরায় স্ত্রী মোর্শেদাকে ছুরিকাঘাত করেছেন স্বামী সোহাগ।",
                   "2025-12-03T14:00:00+06:00", related="k1", entities=["per-morsheda"] * 2)]
    articles, events, linker = _linked(pairs)
    first, second = articles[-2], articles[-1]
    assert first.story_id != second.story_id
    why = linker.explain(events[-1].id)
    assert why["refused_story"] == first.story_id and why["opened"]
    assert "no name" in explain_story(why)


def test_a_continuation_naming_the_storyline_again_joins_it():
    pairs = [*_topic_filler(),
             _told("k1", "কামরাঙ্গীরচরে ছুরিকাঘাতে যুবক নিহত", "কামরাঙ্গীরচরে রকি নামে এক যুবককে ছুরিকাঘাতে হত্যা করা হয়েছে।",
                   "2025-12-03T10:00:00+06:00", entities=["per-roki"] * 2),
             _told("k2", "কামরাঙ্গীরচরে রকি হত্যায় চারজন আটক", "কামরাঙ্গীরচরে রকি হত্যার ঘটনায় চারজনকে আটক করেছে পুলিশ।",
                   "2025-12-04T14:00:00+06:00", related="k1", entities=["per-roki"] * 2)]
    articles, events, linker = _linked(pairs)
    assert articles[-2].story_id == articles[-1].story_id
    why = linker.explain(events[-1].id)
    assert why["continues"] and "e:per-roki" in why["storyline_keys"]
    assert "roki" in explain_story(why) and "continues" in explain_story(why)


def storyline_weeks_apart():
    """Two reports of one storyline two days apart (rare headline words, the same person) and a third forty days later."""
    body = "ময়মনসিংহ মেডিকেল কলেজ হাসপাতালের চিকিৎসক আবিদ হাসানের সঙ্গে স্বাস্থ্য অধিদপ্তরের মহাপরিচালকের তর্ক হয়েছে।"
    return [*_topic_filler(),
            _told("m1", "মহাপরিচালকের সঙ্গে তর্ক, চিকিৎসক আবিদ বরখাস্ত", body, "2025-12-10T10:00:00+06:00", entities=["per-abid"] * 2),
            _told("m2", "ক্ষমা চেয়ে পদে ফিরলেন চিকিৎসক আবিদ, তর্ক নিয়ে তদন্ত", body.replace("হয়েছে", "হয়েছিল"),
                  "2025-12-12T10:00:00+06:00", entities=["per-abid"] * 2),
            _told("m3", "চিকিৎসক আবিদ তর্ক নিয়ে মুখ খুললেন", body, "2026-01-20T10:00:00+06:00", entities=["per-abid"] * 2)]


def test_events_naming_one_storyline_join_without_the_pair_decision_but_not_weeks_apart():
    """Several rare headline words and the same person, days apart: one storyline even when the pair decision was silent."""
    articles, events, linker = _linked(storyline_weeks_apart())
    assert articles[-3].story_id == articles[-2].story_id != articles[-1].story_id
    assert "t:আবিদ" in linker.explain(events[-2].id)["storyline_keys"]


def _metro_pair(second_entities):
    """Metro staff walk out two days after the operator said trains would run: bodies in other words, one storyline."""
    return [*_topic_filler(),
            _told("r1", "মেট্রোরেল নির্ধারিত সময়ে চলবে", "ডিএমটিসিএল জানিয়েছে, কাল থেকে ট্রেন স্বাভাবিক সূচিতে চলাচল করবে।",
                  "2025-12-11T21:00:00+06:00", entities=["per-faruk", "org-dmtcl", "loc-uttara"] * 2),
            _told("r2", "কর্মবিরতিতে বন্ধ মেট্রোরেল, ভোগান্তি", "কর্মীদের কর্মবিরতিতে সকাল থেকে পাঁচ ঘণ্টা যাত্রী পরিবহন বন্ধ ছিল।",
                  "2025-12-13T12:00:00+06:00", entities=second_entities * 2)]


def test_events_whose_leads_name_the_same_person_and_body_join_one_story():
    """A headline word and three names in both leads (a person among them): a storyline, though the bodies share no
    words."""
    pairs = _metro_pair(["per-faruk", "org-dmtcl", "loc-uttara"])
    articles, events, linker = _linked(pairs)
    assert articles[-2].story_id == articles[-1].story_id
    why = linker.explain(events[-1].id)
    assert why["lead_names"] and {"p:per-faruk", "n:org-dmtcl"} <= set(why["storyline_keys"])
    assert "per-faruk" in explain_story(why) and "leads name the same" in explain_story(why)


def test_names_without_the_same_person_do_not_make_a_storyline():
    """The same body and place named again, but another person: a topic (the metro), not the same storyline."""
    pairs = _metro_pair(["per-salam", "org-dmtcl", "loc-uttara"])
    articles = [p[0] for p in pairs]
    StoryLinker().fit([p[1] for p in pairs], articles)
    assert articles[-2].story_id != articles[-1].story_id


def test_a_continuation_sharing_one_word_but_naming_other_people_opens_its_own_story():
    """Two archery golds two days apart, the pair decision linking them: one rare word shared, different winners."""
    pairs = [*_topic_filler(),
             _told("g1", "আর্চারিতে সোনা জিতলেন সুমা", "এসএ গেমসের আর্চারিতে সুমা সোনা জিতেছেন।", "2025-12-05T10:00:00+06:00",
                   entities=["per-suma"] * 2),
             _told("g2", "আর্চারিতে সোহেলের জয়", "এসএ গেমসের আর্চারিতে সোহেল সোনা জিতেছেন।",
                   "2025-12-07T10:00:00+06:00", related="g1", entities=["per-sohel"] * 2)]
    articles, events, linker = _linked(pairs)
    assert articles[-2].story_id != articles[-1].story_id
    assert linker.explain(events[-1].id)["refused_story"] == articles[-2].story_id
    again = [*pairs[:-1], _told("g2", "আর্চারিতে সুমার আবার জয়", "এসএ গেমসের আর্চারিতে সুমা আবার সোনা জিতেছেন।",
                                "2025-12-07T10:00:00+06:00", related="g1", entities=["per-suma"] * 2)]
    articles = [p[0] for p in again]
    StoryLinker().fit([p[1] for p in again], articles)
    assert articles[-2].story_id == articles[-1].story_id  # the same winner again: her storyline goes on


def _named(id, title, body, when, names, related=None):
    """A report whose mentions are the given (surface, type, entity id) wherever the body says them."""
    report, event = _told(id, title, body, when, related)
    for surface, kind, entity in names:
        at = body.find(surface)
        while at >= 0:
            report.mentions.append(Mention(at, at + len(surface), surface, kind, entity))
            at = body.find(surface, at + 1)
    return report, event


def _blasts(second_title, second_body, second_names):
    comilla = ("কুমিল্লা", "LOC", "loc-comilla")
    burn = ("শেখ হাসিনা জাতীয় বার্ন ইনস্টিটিউট", "ORG", "org-burn")
    return [*_topic_filler(),
            _named("b1", "কুমিল্লায় গ্যাস সিলিন্ডার বিস্ফোরণ, দগ্ধ ৪",
                   "কুমিল্লা শহরের একটি বাসায় গ্যাস সিলিন্ডার বিস্ফোরণে চারজন দগ্ধ হয়েছেন। তাঁদের শেখ হাসিনা জাতীয় বার্ন "
                   "ইনস্টিটিউট হাসপাতালে নেওয়া হয়েছে। শেখ হাসিনা জাতীয় বার্ন ইনস্টিটিউট জানায় অবস্থা আশঙ্কাজনক।",
                   "2026-02-24T10:00:00+06:00", [comilla, burn]),
            _named("b2", second_title, second_body, "2026-02-26T10:00:00+06:00", [*second_names, burn], related="b1")]


def test_a_continuation_whose_headline_names_another_town_opens_its_own_story():
    """Two cylinder blasts two days apart, the pair decision linking them and the same burn unit treating both: the
    headlines name two towns, neither report names the other's: two storylines of one topic."""
    pairs = _blasts("লক্ষ্মীপুরে গ্যাস সিলিন্ডার বিস্ফোরণ, দগ্ধ ৩",
                    "লক্ষ্মীপুর বাজারে গ্যাস সিলিন্ডার বিস্ফোরণে তিনজন দগ্ধ হয়েছেন। তাঁদের শেখ হাসিনা জাতীয় বার্ন ইনস্টিটিউট "
                    "হাসপাতালে নেওয়া হয়েছে। শেখ হাসিনা জাতীয় বার্ন ইনস্টিটিউট জানায় একজনের অবস্থা গুরুতর।",
                    [("লক্ষ্মীপুর", "LOC", "loc-lakshmipur")])
    articles, events, linker = _linked(pairs, min_things=0)  # (the burn unit alone is also too little: tested below)
    assert articles[-2].story_id != articles[-1].story_id
    why = linker.explain(events[-1].id)
    assert why["refused_story"] == articles[-2].story_id and why["other_names"]
    assert "never name" in explain_story(why)
    off = [p[0] for p in pairs]
    for a in off:
        a.story_id = None
    StoryLinker(headline_names_apart=False, min_things=0).fit([p[1] for p in pairs], off)
    assert off[-2].story_id == off[-1].story_id  # (what the names in the headlines keep apart)


def test_a_continuation_naming_the_same_town_again_joins_its_story():
    pairs = _blasts("কুমিল্লায় দগ্ধ আরও একজনের মৃত্যু",
                    "কুমিল্লা শহরে গ্যাস সিলিন্ডার বিস্ফোরণে দগ্ধ আরও একজন মারা গেছেন। শেখ হাসিনা জাতীয় বার্ন ইনস্টিটিউট "
                    "হাসপাতালে চিকিৎসাধীন ছিলেন। শেখ হাসিনা জাতীয় বার্ন ইনস্টিটিউট জানায় বাকিরা আশঙ্কাজনক।",
                    [("কুমিল্লা", "LOC", "loc-comilla")])
    articles, events, linker = _linked(pairs)
    assert articles[-2].story_id == articles[-1].story_id
    assert linker.explain(events[-1].id)["continues"]


def test_the_same_bulletin_headline_on_other_days_is_not_one_storyline():
    """The daily exchange-rate bulletin: the same headline words, the same currencies named, every day; what it
    repeats names no storyline, so each day's bulletin stands alone."""
    names = [("ডলার", "ORG", "org-dollar"), ("ইউয়ান", "ORG", "org-yuan")]
    body = "আজ ডলার বিক্রি হচ্ছে ১২২ টাকায়। ইউয়ান বিক্রি হচ্ছে ১৭ টাকায়। ডলার ও ইউয়ান দুটোরই দাম অপরিবর্তিত।"
    pairs = [*_topic_filler(), *(_named(f"x{d}", "আজকের বিনিময় হার", body, f"2025-12-{d:02d}T10:00:00+06:00", names)
                                 for d in (8, 9, 10))]
    articles, events, _ = _linked(pairs)
    assert len({a.story_id for a in articles[-3:]}) == 3
    again = [p[0] for p in pairs]
    for a in again:
        a.story_id = None
    StoryLinker(recurring_overlap=0).fit([p[1] for p in pairs], again)
    assert len({a.story_id for a in again[-3:]}) == 1  # (what the guard keeps apart)


def test_two_rare_headline_words_and_a_name_join_a_storyline_whose_bodies_differ():
    """Voter day announced, then its committees formed two days later: few keys shared, but rare ones (two headline
    words in no other event, the same place in both leads), so the bodies told in other words need agree only a little."""
    official = [("আগারগাঁও", "LOC", "loc-agargaon")]
    pairs = [*_topic_filler(),
             _named("v1", "২ মার্চ জাতীয় ভোটার দিবস পালন করবে ইসি",
                    "আগারগাঁও থেকে নির্বাচন কমিশন জানায়, এবার প্রতিপাদ্য হবে ভোট দিন দেশ গড়ুন। কমিশন বলেছে, "
                    "সারা দেশে র‍্যালি ও আলোচনা সভা হবে।", "2026-02-21T10:00:00+06:00", official),
             _named("v2", "ভোটার দিবস উদযাপনে ৫৭০ কমিটি",
                    "আগারগাঁও থেকে জানানো হয়, উপজেলা পর্যায় পর্যন্ত ৫৭০টি কমিটি গঠন করা হয়েছে। কমিটিগুলো স্থানীয় "
                    "প্রশাসনের সঙ্গে কাজ করবে।", "2026-02-23T10:00:00+06:00", official)]
    articles, events, linker = _linked(pairs)
    assert articles[-2].story_id == articles[-1].story_id
    assert {"t:ভোটা", "t:দিবস"} <= set(linker.explain(events[-1].id)["storyline_keys"])
    again = [p[0] for p in pairs]
    for a in again:
        a.story_id = None
    StoryLinker(storyline_evidence=0).fit([p[1] for p in pairs], again)
    assert again[-2].story_id != again[-1].story_id  # (two words and a place: the evidence is what joins them)


def test_an_event_alone_in_its_story_moves_when_later_reports_name_a_storyline():
    """A follow-up first told by a vague report opens a story of its own; the next batch brings its later reports,
    which name the case (the victim, the place): it is placed again, in the case's story, and says so."""
    from khobor.model import Event

    body = "কামরাঙ্গীরচরে রকি নামে এক যুবককে ছুরিকাঘাতে হত্যা করা হয়েছে। রকির পরিবার মামলা করেছে।"
    named = [("কামরাঙ্গীরচর", "LOC", "loc-kamrangirchar"), ("রকি", "PER", "per-roki")]
    pairs = [*_topic_filler(),
             _named("k1", "কামরাঙ্গীরচরে যুবক রকি খুন", body, "2025-12-03T10:00:00+06:00", named)]
    vague, _ = _told("k2a", "চারজন আটক", "পুলিশ জানায়, অভিযানে চারজনকে আটক করা হয়েছে।", "2025-12-05T10:00:00+06:00")
    later, _ = _named("k2b", "রকি হত্যা: কামরাঙ্গীরচরে চারজন আটক",
                      "কামরাঙ্গীরচরে রকি হত্যার ঘটনায় চারজনকে আটক করেছে পুলিশ। রকির বাবা বলেন, বিচার চাই।",
                      "2025-12-05T12:00:00+06:00", named)
    event = Event(id="ev-k2a", article_ids=["k2a", "k2b"], start="2025-12-05", title="চারজন আটক")
    linker = StoryLinker()
    linker.partial_fit([p[1] for p in pairs] + [event], [p[0] for p in pairs] + [vague])
    first = pairs[-1][0].story_id
    assert vague.story_id != first
    linker.partial_fit([event], [later])
    assert later.story_id == first and linker.event_story_["ev-k2a"] == first
    assert vague.story_id not in linker.stories_  # (its story of one is gone)
    why = linker.explain("ev-k2a")
    assert why["late"] and "Placed again" in explain_story(why)
    again = StoryLinker.from_state(linker.to_state())
    assert again.event_story_ == linker.event_story_


def test_a_continuation_sharing_only_one_person_opens_its_own_story():
    """A party chairman's two unrelated speeches, the pair decision linking them: his name (as a name and as its
    headline words) and the speaker closing one headline are one thing, not a storyline."""
    tarique = ("Tarique Rahman", "PER", "per-tarique")
    body = "BNP acting chairman Tarique Rahman said {} today. Tarique Rahman spoke at a rally."
    pairs = [*_topic_filler(),
             _named("t1", "Tarique Rahman vows to free the ACC from graft", body.format("the ACC must be free"),
                    "2025-12-10T10:00:00+06:00", [tarique]),
             _named("t2", "Take the election seriously, Tarique Rahman tells activists", body.format("the polls will be tough"),
                    "2025-12-11T10:00:00+06:00", [tarique], related="t1")]
    articles, events, linker = _linked(pairs)
    assert articles[-2].story_id != articles[-1].story_id
    why = linker.explain(events[-1].id)
    assert why["refused_story"] == articles[-2].story_id and why["one_thing"]
    assert "one person, body or word" in explain_story(why)
    off = [p[0] for p in pairs]
    for a in off:
        a.story_id = None
    StoryLinker(min_things=0).fit([p[1] for p in pairs], off)
    assert off[-2].story_id == off[-1].story_id  # (what counting things keeps apart)


def test_things_count_a_name_once_and_a_closing_speaker_not_at_all():
    from khobor.cluster.storyline import explains, speaker_tail, things

    assert speaker_tail("Tarique Rahman to lead the country with a new vision: Mirza Abbas") == "Mirza Abbas"
    assert speaker_tail("ক্লাসরুমে না পড়িয়ে সময় কাটানোও দুর্নীতি: শিক্ষামন্ত্রী") == "শিক্ষামন্ত্রী"
    assert speaker_tail("Ukraine to share revised peace plan with US on Tuesday, Zelenskiy says") == "Zelenskiy"
    assert speaker_tail("রকি হত্যা: কামরাঙ্গীরচরে চারজন আটক") == ""  # (a case and its news)
    assert speaker_tail("Take election seriously, Tarique tells BNP leaders and activists") == ""
    names = {"tarique": "per-t", "rahman": "per-t"}
    assert things(["t:tarique", "t:rahman", "e:per-t"], names) == {"per-t": "name"}
    assert things(["t:onion", "e:per-t"], names) == {"t:onion": "word", "per-t": "name"}
    assert explains("Guide to hiring domestic workers: Key checks and documents")
    assert explains("একজন সরকারি চাকরিজীবী কীভাবে আয়করের হিসাব করবেন")
    assert not explains("কেন্দ্রীয় ব্যাংকের সার্ভার ডাউন") and not explains("২ মার্চ ভোটার দিবস উদযাপনে ইসির ৫৭০ কমিটি")


def test_two_guides_sharing_only_their_topic_words_are_not_one_storyline():
    """A guide and a checklist on one topic, the pair decision linking them: their headline words are the topic's."""
    pairs = [*_topic_filler(),
             _told("h1", "Guide to hiring domestic workers: key checks", "Hiring domestic workers needs checks, the police said.",
                   "2025-12-11T10:00:00+06:00", entities=["org-dmp"] * 2),
             _told("h2", "Checklist before hiring domestic workers", "Before hiring domestic workers, check documents, police said.",
                   "2025-12-12T10:00:00+06:00", related="h1", entities=["org-dmp"] * 2)]
    articles, events, linker = _linked(pairs)
    assert articles[-2].story_id != articles[-1].story_id and linker.explain(events[-1].id)["one_thing"]


def test_section_pages_sharing_the_sites_listing_link_no_story():
    from spans_fixture import article

    listing = ("তারেক রহমান ঢাকায় ফিরছেন। শ্রীলঙ্কার বিপক্ষে দক্ষিণ আফ্রিকার জয়। স্টার স্পোর্টস জানিয়েছে ফিফা প্লাস নতুন "
               "চ্যানেল আনছে। মাগুরায় সড়ক দুর্ঘটনায় তিনজন নিহত। রূপসা টেক্সটাইল কারখানায় আগুন।")
    names = [("তারেক রহমান", "PER"), ("শ্রীলঙ্কার", "LOC"), ("দক্ষিণ আফ্রিকার", "LOC"), ("স্টার স্পোর্টস", "ORG"),
             ("ফিফা প্লাস", "ORG"), ("মাগুরায়", "LOC"), ("রূপসা টেক্সটাইল", "ORG")]
    pages = []
    for i, (title, when) in enumerate((("টেনিস", "2025-12-09T10:00:00+06:00"), ("সাক্ষাৎকার", "2025-12-11T10:00:00+06:00"))):
        page = article(f"p{i}", listing, names)
        page.title, page.published_at = title, when
        for mention in page.mentions:
            mention.entity_id = mention.surface
        pages.append(page)
    events = list(EventClusterer(dense=False).fit(pages).events_.values())
    StoryLinker().fit(events, pages)
    assert len(events) == 2 and pages[0].story_id != pages[1].story_id


def test_a_name_in_the_news_every_day_is_no_thing_of_a_storyline():
    """A leader, a party, the capital named in more than ``daily_df`` events per 1,500 is many storylines': it counts
    for nothing, nor do its words in a headline ("ঢাকাসহ" is Dhaka); a name in few events still counts."""
    from khobor.cluster.storyline import things

    names = {"ঢাকাসহ": "loc-dhaka", "tarique": "per-t"}
    daily = {"loc-dhaka", "per-t"}.__contains__
    assert things(["t:বিভাগ", "t:ঢাকাসহ", "e:org-met"], names, daily) == {"t:বিভাগ": "word", "org-met": "name"}
    assert things(["t:tarique", "e:per-t", "e:per-z"], names, daily) == {"per-z": "name"}
    linker = StoryLinker()
    linker._init_state()
    linker.n_events_ = 3000
    linker.key_df_.update({"p:per-t": 62, "e:per-a": 30, "e:per-b": 12})
    assert linker._daily("per-t") and not linker._daily("per-a") and not linker._daily("per-b")  # (above 40 in 3,000)
    linker.n_events_ = 300  # (early in a run: more than ``daily_min``)
    assert linker._daily("per-a") and not linker._daily("per-b")
    assert not StoryLinker(daily_df=0)._daily("per-t")


def test_one_speakers_two_remarks_sharing_no_headline_word_are_two_stories():
    """A minister's two remarks the same day, each headline closing on him, the pair decision linking them: he, his
    ministry and the venue are in both reports, but nothing he spoke of is in both headlines."""
    from khobor.cluster.storyline import same_speaker, speakers

    split = lambda s: set(s.split())  # noqa: E731
    assert same_speaker("ক্লাসরুমে না পড়িয়ে সময় কাটানোও দুর্নীতি: শিক্ষামন্ত্রী",
                        speakers(["শহীদ মিনারে গিয়ে জামায়াত রিব্র্যান্ডিং করেছে: শিক্ষামন্ত্রী"], split), split)
    assert not same_speaker("ক্লাসরুমে না পড়িয়ে সময় কাটানোও দুর্নীতি: শিক্ষামন্ত্রী", speakers(["Jamaat rebrands itself"], split), split)
    named = [("আ ন ম এহছানুল হক মিলন", "PER", "per-milon"), ("শিক্ষা মন্ত্রণালয়", "ORG", "org-moe"), ("মিরপুর", "LOC", "loc-mirpur")]
    body = "মিরপুরে এক অনুষ্ঠানে শিক্ষামন্ত্রী আ ন ম এহছানুল হক মিলন {} শিক্ষা মন্ত্রণালয় আয়োজিত অনুষ্ঠানে আ ন ম এহছানুল হক মিলন বক্তব্য দেন।"
    pairs = [*_topic_filler(),
             _named("m1", "শহীদ মিনারে গিয়ে জামায়াত রিব্র্যান্ডিং করেছে: শিক্ষামন্ত্রী", body.format("জামায়াতের কথা বলেন।"),
                    "2026-02-21T10:00:00+06:00", named),
             _named("m2", "ক্লাসরুমে না পড়িয়ে সময় কাটানোও দুর্নীতি: শিক্ষামন্ত্রী", body.format("শিক্ষকদের কথা বলেন।"),
                    "2026-02-21T14:00:00+06:00", named, related="m1")]
    articles, events, linker = _linked(pairs)
    assert articles[-2].story_id != articles[-1].story_id
    assert linker.explain(events[-1].id)["one_thing"]
    off = [p[0] for p in pairs]
    for a in off:
        a.story_id = None
    StoryLinker(speaker_apart=False).fit([p[1] for p in pairs], off)
    assert off[-2].story_id == off[-1].story_id  # (what the speaker rule keeps apart)


def test_a_body_opening_both_headlines_is_no_thing_of_a_storyline():
    """ "ACC files case against X" and "ACC to file 60 cases against Y": the commission acts every day; the body the
    headlines open on and one action word are not a storyline. A person opening both headlines still counts."""
    from khobor.cluster.storyline import acting_body, first_words
    from khobor.model import Mention

    words = lambda t: t.casefold().split()  # noqa: E731
    key = lambda m: m.entity_id  # noqa: E731
    acc = [Mention(0, 3, "ACC", "ORG", "org-acc")]
    names = {"acc": "org-acc"}
    assert acting_body("ACC files case against chairman", first_words(["ACC to file 60 cases"], words), words, names, acc, key) == "org-acc"
    assert acting_body("ACC files case against chairman", first_words(["Court hears case"], words), words, names, acc, key) is None
    messi = [Mention(0, 5, "Messi", "PER", "per-messi")]
    assert acting_body("Messi wants a return", first_words(["Messi on return"], words), words, {"messi": "per-messi"}, messi, key) is None


def _appointments(second_title, second_body, second_names):
    """One office's appointments a day apart, the pair decision linking them: they share the office and a word."""
    pmo = ("প্রধানমন্ত্রীর কার্যালয়", "ORG", "org-pmo")
    return [*_topic_filler(),
            _named("a1", "চিকিৎসক আমান উল্লাহ প্রধানমন্ত্রীর কার্যালয়ে নিয়োগ পেলেন",
                   "প্রধানমন্ত্রীর কার্যালয়ে সিনিয়র মেডিকেল অফিসার পদে শাহ মুহাম্মদ আমান উল্লাহকে নিয়োগ দেওয়া হয়েছে। "
                   "প্রধানমন্ত্রীর কার্যালয় থেকে প্রজ্ঞাপন জারি হয়।", "2026-02-23T10:00:00+06:00",
                   [pmo, ("শাহ মুহাম্মদ আমান উল্লাহ", "PER", "per-aman")]),
            _named("a2", second_title, second_body, "2026-02-24T10:00:00+06:00", [pmo, *second_names], related="a1")]


def test_one_offices_appointments_of_two_people_are_two_storylines():
    """The office and the word "appointment" shared, no person: the first story is about the doctor its headline
    names, the second names another person and never him (``storyline.left_person``)."""
    pairs = _appointments("প্রধানমন্ত্রীর কার্যালয়ের সচিবসহ তিন সচিবের নিয়োগ বাতিল",
                          "প্রধানমন্ত্রীর কার্যালয়ের সচিব রেহানা পারভীন ও কামাল উদ্দিনের চুক্তিভিত্তিক নিয়োগ বাতিল করা হয়েছে। "
                          "প্রধানমন্ত্রীর কার্যালয় জানায়, রেহানা পারভীন ও কামাল উদ্দিন জনপ্রশাসনে যাবেন।",
                          [("রেহানা পারভীন", "PER", "per-rehana"), ("কামাল উদ্দিন", "PER", "per-kamal")])
    articles, events, linker = _linked(pairs)
    assert articles[-2].story_id != articles[-1].story_id
    why = linker.explain(events[-1].id)
    assert why["refused_story"] == articles[-2].story_id and why["other_subject"]
    assert "headed by a person or place this one never names" in explain_story(why)
    off = [p[0] for p in pairs]
    StoryLinker(objects_apart=False).fit([p[1] for p in pairs], off)
    assert off[-2].story_id == off[-1].story_id  # (what the rule keeps apart)


def test_the_same_appointee_again_continues_the_storyline():
    pairs = _appointments("আমান উল্লাহ প্রধানমন্ত্রীর কার্যালয়ে যোগ দিলেন, নিয়োগের পর প্রথম দিন",
                          "প্রধানমন্ত্রীর কার্যালয়ে নিয়োগ পাওয়া শাহ মুহাম্মদ আমান উল্লাহ আজ যোগ দিয়েছেন। প্রধানমন্ত্রীর "
                          "কার্যালয় তাঁকে স্বাগত জানায়।", [("শাহ মুহাম্মদ আমান উল্লাহ", "PER", "per-aman")])
    articles, events, linker = _linked(pairs)
    assert articles[-2].story_id == articles[-1].story_id


def _listings(second_title, second_body, second_names):
    """UNESCO's heritage committee listing two things a day apart, the pair decision linking them."""
    unesco, delhi = ("Unesco", "ORG", "org-unesco"), ("New Delhi", "LOC", "loc-delhi")
    return [*_topic_filler(),
            _named("u1", "Unesco lists Tangail saree weaving as intangible heritage",
                   "Unesco has recognised the Tangail saree weaving as intangible heritage at its committee meeting in "
                   "New Delhi. Unesco said the weavers keep a craft of centuries.", "2025-12-09T10:00:00+06:00",
                   [unesco, delhi, ("Tangail", "LOC", "loc-tangail")]),
            _named("u2", second_title, second_body, "2025-12-10T10:00:00+06:00", [unesco, delhi, *second_names], related="u1")]


def test_one_bodys_two_listings_of_other_things_are_two_storylines():
    """UNESCO, the word "heritage" and the meeting's city shared, no person: each headline names a place the other
    side never names (``storyline.other_objects``): two storylines of one body."""
    pairs = _listings("India's festival Diwali joins Unesco heritage list",
                      "India's festival of lights Diwali was added to the Unesco intangible heritage list in New Delhi. "
                      "Unesco is examining dozens of nominations.", [("India", "LOC", "loc-india")])
    articles, events, linker = _linked(pairs)
    assert articles[-2].story_id != articles[-1].story_id
    off = [p[0] for p in pairs]
    StoryLinker(objects_apart=False).fit([p[1] for p in pairs], off)
    assert off[-2].story_id == off[-1].story_id


def test_the_same_listed_thing_again_continues_the_storyline():
    pairs = _listings("Tangail weavers celebrate Unesco heritage status",
                      "Weavers in Tangail celebrated the Unesco heritage status granted in New Delhi. Unesco listed "
                      "the craft on Tuesday.", [("Tangail", "LOC", "loc-tangail")])
    articles, events, linker = _linked(pairs)
    assert articles[-2].story_id == articles[-1].story_id


def test_two_stabbings_sharing_their_words_and_hospital_are_two_storylines():
    """The words "suspicion" and "stabbing" and the hospital both victims were taken to: the first headline names
    its victim, the second report names other people and never him."""
    dmch = ("ঢাকা মেডিকেল", "ORG", "org-dmch")
    pairs = [*_topic_filler(),
             _named("k1", "সোর্স সন্দেহে ছুরিকাঘাতে হত্যা করা হয় রকিকে",
                    "কামরাঙ্গীরচরে শাহাদাত রকি নামে এক যুবককে ছুরিকাঘাতে হত্যা করা হয়েছে। রকিকে ঢাকা মেডিকেল হাসপাতালে নেওয়া "
                    "হলে মারা যান। ঢাকা মেডিকেল পুলিশ ক্যাম্প জানায়।", "2025-12-03T10:00:00+06:00",
                    [dmch, ("শাহাদাত রকি", "PER", "per-roki")]),
             _named("k2", "পরকীয়া সন্দেহে স্ত্রী-শাশুড়িকে ছুরিকাঘাত, জামাই আটক",
                    "স্ত্রী মোর্শেদাকে ছুরিকাঘাত করেছেন স্বামী সোহাগ। মোর্শেদাকে ঢাকা মেডিকেল হাসপাতালে নেওয়া হয়েছে। "
                    "ঢাকা মেডিকেল পুলিশ ক্যাম্প জানায়।", "2025-12-03T16:00:00+06:00",
                    [dmch, ("মোর্শেদা", "PER", "per-morsheda"), ("সোহাগ", "PER", "per-sohag")], related="k1")]
    articles, events, linker = _linked(pairs)
    assert articles[-2].story_id != articles[-1].story_id
    off = [p[0] for p in pairs]
    StoryLinker(objects_apart=False).fit([p[1] for p in pairs], off)
    assert off[-2].story_id == off[-1].story_id


def test_a_blast_in_another_town_whose_headline_names_no_town_is_another_storyline():
    """The words "blast" and "burned" and the burn unit shared, no person: the first story is about the town its
    headline names, the second report names another town and never that one (``storyline.left_about``)."""
    pairs = _blasts("বিস্ফোরণে দগ্ধ আরও দুজনের মৃত্যু, তদন্ত কমিটি",
                    "চট্টগ্রাম নগরের একটি বাসায় বিস্ফোরণে দগ্ধ আরও দুজন মারা গেছেন। তাঁরা শেখ হাসিনা জাতীয় বার্ন ইনস্টিটিউট "
                    "হাসপাতালে ছিলেন। শেখ হাসিনা জাতীয় বার্ন ইনস্টিটিউট জানায় আরও একজন আশঙ্কাজনক।",
                    [("চট্টগ্রাম", "LOC", "loc-chattogram")])
    articles, events, linker = _linked(pairs)
    assert articles[-2].story_id != articles[-1].story_id
    off = [p[0] for p in pairs]
    StoryLinker(objects_apart=False).fit([p[1] for p in pairs], off)
    assert off[-2].story_id == off[-1].story_id


def _forecasts(second_title, names=()):
    """The Met office's forecasts two days apart, the pair decision linking them: the office, the low over the bay and
    the forecast's words shared."""
    met, bay = ("আবহাওয়া অধিদপ্তর", "ORG", "org-met"), ("বঙ্গোপসাগর", "LOC", "loc-bay")
    body = "বঙ্গোপসাগর এলাকায় লঘুচাপের প্রভাবে বজ্রবৃষ্টি হতে পারে বলে জানিয়েছে আবহাওয়া অধিদপ্তর। আবহাওয়া অধিদপ্তর জানায়"
    return [*_topic_filler(),
            _named("w1", "আজ চার বিভাগে বজ্রবৃষ্টির আভাস" if not names else "ঘূর্ণিঝড় মোখা: চার বিভাগে বজ্রবৃষ্টির আভাস",
                   body + " " + " ".join(n[0] for n in names) + "।", "2026-02-23T10:00:00+06:00", [met, bay, *names]),
            _named("w2", second_title, body + " " + " ".join(n[0] for n in names) + " এগোচ্ছে।", "2026-02-24T10:00:00+06:00",
                   [met, bay, *names], related="w1")]


def test_a_forecast_of_another_day_is_not_the_same_storyline():
    """Each day's forecast is its own story (``storyline.bulletin``), unless both headlines name the one happening they
    follow (a named cyclone)."""
    pairs = _forecasts("পাঁচ বিভাগে বজ্রবৃষ্টির সম্ভাবনা")
    articles, events, linker = _linked(pairs)
    assert articles[-2].story_id != articles[-1].story_id
    assert linker.explain(events[-1].id)["bulletin"] and "bulletin" in explain_story(linker.explain(events[-1].id))
    off = [p[0] for p in pairs]
    StoryLinker(bulletins_apart=False).fit([p[1] for p in pairs], off)
    assert off[-2].story_id == off[-1].story_id
    pairs = _forecasts("ঘূর্ণিঝড় মোখা উপকূলের দিকে, পাঁচ বিভাগে বজ্রবৃষ্টির সম্ভাবনা", [("মোখা", "LOC", "loc-mocha")])
    articles, events, linker = _linked(pairs)
    assert articles[-2].story_id == articles[-1].story_id
