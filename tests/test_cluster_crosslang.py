"""Reports across languages: an event told in two languages takes another event of one of its languages only when
the reports of that language tell no two pieces of news apart; the embedding's few candidates put a shared name before a
second shared figure."""

import sys
from pathlib import Path

from khobor.cluster import crosslang
from khobor.cluster.events import EventClusterer
from khobor.cluster.pairs import default_model
from khobor.model import Article

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_cluster_events import _topic_embed, _with_places, art, small  # noqa: E402


def _fire_told_twice():
    """A Bengali fire event an English report joined; a Bengali report of its cause in other words (its own event);
    then a second English report of the cause, which joins the English report's event in its own language."""
    bengali = [_with_places(a, ["গাজীপুর", "কাশিমপুর", "রূপসা"]) for a in small()[:2]]
    first = _with_places(Article(id="e1", source="e1", title="Fire at Rupsha Textile kills 9", language="en", outlet="en1",
                                 body="A fire at the Rupsha Textile factory in Kashimpur, Gazipur killed 9 workers on Friday; "
                                      "12 fire units fought it.", published_at="2025-03-07T16:00:00+06:00"), ["Kashimpur", "Gazipur"])
    cause = _with_places(art("b3", "বৈদ্যুতিক শর্টসার্কিট থেকে আগুনের সূত্রপাত",
                             "তদন্ত কমিটির প্রাথমিক ধারণা, বৈদ্যুতিক শর্টসার্কিট থেকে আগুনের সূত্রপাত। রূপসার মালিকপক্ষ জানিয়েছে, "
                             "শুক্রবার সকালে শ্রমিকেরা কাজ শুরুর পরপরই ধোঁয়া দেখা যায়; পাঁচ সদস্যের কমিটি ১৫ দিনে প্রতিবেদন দেবে, "
                             "৪৮ ঘণ্টা পর কারখানা খুলবে।", "2025-03-07T17:00:00+06:00"), ["রূপসা"])
    second = _with_places(Article(id="e2", source="e2", title="Short circuit behind Rupsha Textile fire", language="en",
                                  outlet="en2", body="A short circuit caused the fire at the Rupsha Textile factory in Gazipur that "
                                  "killed 9 workers on Friday, a five-member probe committee said; its report is due in 15 days "
                                  "and the factory reopens in 48 hours.", published_at="2025-03-07T19:00:00+06:00"), ["Gazipur"])
    return bengali, first, cause, second


def test_an_event_told_in_two_languages_takes_another_report_of_a_language_it_has():
    bengali, first, cause, second = _fire_told_twice()
    c = EventClusterer(embed=_topic_embed).fit(bengali + [first, cause])
    assert first.event_id == bengali[0].event_id != cause.event_id  # its own words matched neither Bengali report
    c.partial_fit([second])
    assert second.extras["event_why"]["decided_by"] == "lexical"
    assert second.extras["event_why"]["merged_across_languages"]["matched_article"] == "b3"
    assert {c.members_[a]["event"] for a in ("a1", "a2", "e1", "b3", "e2")} == {second.event_id}
    assert c.lang_[second.event_id] == {"bn": 3, "en": 2}


def test_reports_of_one_language_telling_other_news_keep_their_events_apart(monkeypatch):
    """The same match across languages; but the Bengali reports of the two events tell two pieces of news apart."""
    told_apart = {frozenset(("a1", "b3")), frozenset(("a2", "b3"))}
    other_news = crosslang.other_news
    monkeypatch.setattr(crosslang, "other_news",
                        lambda a, b, idf: "numbered news" if frozenset((a.id, b.id)) in told_apart else other_news(a, b, idf))
    bengali, first, cause, second = _fire_told_twice()
    c = EventClusterer(embed=_topic_embed).fit(bengali + [first, cause, second])
    assert second.event_id == bengali[0].event_id != cause.event_id
    assert "merged_across_languages" not in second.extras["event_why"] and not c.stats_["merged_across_languages"]


def test_a_shared_name_and_a_near_day_come_before_a_second_shared_figure():
    """Among as many shared numbers and names, the candidates embedded first are the ones the cross-language model
    rates higher: one seat's candidate named a few hours apart, before another district's seat number and a date."""
    model = default_model()
    named = {"numbers": 1, "names": 1, "entities": 0, "gap": 0.3, "place_conflict": 0.0}
    figures = {"numbers": 2, "names": 0, "entities": 0, "gap": 1.0, "place_conflict": 0.0}
    more = {"numbers": 3, "names": 0, "entities": 0, "gap": 1.0, "place_conflict": 0.0}
    ranked = sorted([figures, more, named], key=lambda e: crosslang.embedding_order(model, e), reverse=True)
    assert ranked == [more, named, figures]
