import numpy as np
import pytest

from khobor.dedup import Deduper, NotFittedError
from khobor.evaluate import duplicate_pair_scores
from khobor.model import Article
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from events_fixture import load_articles, load_docs  # noqa: E402

WIRE = ("ঢাকা, ১২ মার্চ (জাবাস) : টানা বৃষ্টি ও উজানের ঢলে সুরমা নদীর পানি বিপৎসীমার ২০ সেন্টিমিটার ওপর দিয়ে প্রবাহিত হওয়ায় "
        "সুনামগঞ্জের অন্তত ৬৬টি গ্রাম প্লাবিত হয়েছে। জেলা প্রশাসন ১০৩টি আশ্রয়কেন্দ্র খুলেছে এবং শুকনো খাবার বিতরণ শুরু করেছে। "
        "কৃষকেরা জানান, পানিতে তলিয়ে গেছে শত শত হেক্টর জমির ফসল। বেশ কয়েকটি সড়ক পানিতে তলিয়ে যাওয়ায় উপজেলা সদরের সঙ্গে "
        "যোগাযোগ বিচ্ছিন্ন রয়েছে। গত ২৪ ঘণ্টায় ১৪০ মিলিমিটার বৃষ্টিপাত রেকর্ড করেছে আবহাওয়া অফিস।")


def art(id, body, when="2025-03-12T10:00:00+06:00", title=None):
    return Article(id=id, source=id, body=body, title=title, published_at=when)


def test_exact_copy_after_normalization_points_to_earliest():
    a = art("a", WIRE, "2025-03-12T10:00:00+06:00")
    b = art("b", WIRE.replace("১২", "12"), "2025-03-12T11:00:00+06:00")  # digits differ only in script
    c = art("c", WIRE, "2025-03-12T09:00:00+06:00")
    Deduper().partial_fit([a, b, c])
    assert c.duplicate_of is None and a.duplicate_of == "c" and b.duplicate_of == "c"
    assert a.extras["duplicate_why"]["how"] == "exact"


def test_trimmed_copy_in_boilerplate_is_near_duplicate():
    a = art("a", WIRE)
    trimmed = WIRE.rsplit("।", 2)[0] + "।"
    b = art("b", "আরও পড়ুন: বইমেলায় উপচে পড়া ভিড়\n" + trimmed + "\nমন্তব্য করুন\nসর্বশেষ\nজনপ্রিয়", "2025-03-12T12:00:00+06:00", "নতুন শিরোনাম")
    other = art("c", "এক সপ্তাহের ব্যবধানে রাজধানীর বাজারে পেঁয়াজের দাম কেজিতে ১৩ টাকা বেড়ে ১২০ টাকায় পৌঁছেছে। ব্যবসায়ীরা বলছেন, মৌসুম শেষ হওয়ায় সরবরাহে ঘাটতি দেখা দিয়েছে।")
    d = Deduper()
    d.partial_fit([a]).partial_fit([b, other])  # incremental
    assert b.duplicate_of == "a" and other.duplicate_of is None
    assert d.groups() == {"a": ["b"]}


def test_state_round_trip_keeps_finding_copies():
    d = Deduper().partial_fit([art("a", WIRE)])
    again = Deduper.from_state(d.to_state())
    b = art("b", WIRE + " সর্বশেষ খবর পেতে আমাদের ফেসবুক পেজে যুক্ত থাকুন।", "2025-03-13T10:00:00+06:00")
    again.partial_fit([b])
    assert b.duplicate_of == "a"


def test_unfitted_state_raises():
    with pytest.raises(NotFittedError):
        Deduper().to_state()


def test_fixture_duplicates_precision_and_recall():
    """Gold copies in the benchmark fixture: P and R >= 0.95 (measured 1.00 / 1.00)."""
    docs = load_docs()
    articles = load_articles(docs)
    Deduper().fit(articles)
    fixture_of = {a.id: a.extras["fixture_id"] for a in articles}
    pred = {a.extras["fixture_id"]: fixture_of.get(a.duplicate_of) for a in articles}
    gold = {d["id"]: d["dup_of"] or d["id"] for d in docs}
    scores = duplicate_pair_scores(pred, gold)
    assert scores["precision"] >= 0.95 and scores["recall"] >= 0.95, scores


def test_word_hashes_agree_with_the_words():
    """The numpy word hashing splits exactly where tokens_batch does, and equal words hash equal."""
    from khobor.dedup import token_hashes, tokens_batch

    texts = [WIRE, "Hello, WORLD! ১২৩ 123 ঢাকা-চট্টগ্রাম\u00a0মহাসড়ক।", "", "   ", WIRE.replace("।", " । ")]
    words = tokens_batch(texts)
    hashes, counts = token_hashes(texts)
    assert counts.tolist() == [len(w) for w in words]
    seen = {}
    for word, value in zip((w for ws in words for w in ws), hashes.tolist()):
        assert seen.setdefault(word, value) == value
    assert len(set(seen.values())) == len(seen)
    assert words[1] == ["hello", "world", "123", "123", "ঢাকা", "চট্টগ্রাম", "মহাসড়ক"]


LISTING = ("ইউটিউব দেখে কমলা চাষের শুরু, ১২ বিঘাজুড়ে গড়ে তুলেছেন কমলার বাগান মুক্তিযোদ্ধাদের ‘আশ্রয়স্থল’ ছিল বাড়িটি "
           "২৪-এর অর্জন কোনো নির্দিষ্ট দলের নয়, এটি বাংলাদেশের সব মানুষের খেলা অ্যাশেজের তৃতীয় টেস্ট শুরু আজ। চতুর্থ "
           "টি-টোয়েন্টিতে মুখোমুখি হবে ভারত ও দক্ষিণ আফ্রিকা। অনূর্ধ্ব-১৯ এশিয়া কাপে বাংলাদেশের যুবারা খেলবে শ্রীলঙ্কার বিপক্ষে।")


def test_two_section_pages_with_one_listing_are_not_copies_of_each_other_nor_originals_of_news():
    tennis = art("a", LISTING, title="টেনিস")  # a section's page: a one-word headline over the site's listing
    interview = art("b", LISTING, "2025-03-12T11:00:00+06:00", title="সাক্ষাৎকার")
    beauty = art("c", LISTING.rsplit("।", 2)[0] + "।", "2025-03-12T12:00:00+06:00", title="ফেয়ার পলিশ কি ত্বকের জন্য ভালো")
    news = art("d", WIRE, title="সুনামগঞ্জে বন্যা")
    copy = art("e", WIRE, "2025-03-12T13:00:00+06:00", title="সুনামগঞ্জের ৬৬ গ্রাম প্লাবিত")
    d = Deduper()
    d.partial_fit([tennis, news]).partial_fit([interview, beauty, copy])
    assert (tennis.duplicate_of, interview.duplicate_of, beauty.duplicate_of) == (None, None, None)
    assert copy.duplicate_of == "d" and d.groups() == {"d": ["e"]}


def test_the_cluster_dedup_leaves_section_pages_apart_too():
    from khobor.executors.dask_dedup import near_duplicates

    tennis, interview = art("a", LISTING, title="টেনিস"), art("b", LISTING, "2025-03-12T11:00:00+06:00", title="সাক্ষাৎকার")
    news, copy = art("d", WIRE, title="বন্যা পরিস্থিতি"), art("e", WIRE, "2025-03-12T13:00:00+06:00", title="সুনামগঞ্জে বন্যা")
    assert near_duplicates([tennis, interview, news, copy], npartitions=2, scheduler="sync") == {"e": ("d", "exact", 1.0)}


def _years_of_news() -> Deduper:
    """A loaded store: WIRE in 2019 and an unrelated text in 2025."""
    old = art("old", WIRE, "2019-03-12T10:00:00+06:00")
    recent = art("recent", "এক সপ্তাহের ব্যবধানে রাজধানীর বাজারে পেঁয়াজের দাম কেজিতে ১৩ টাকা বেড়ে ১২০ টাকায় পৌঁছেছে। "
                 "ব্যবসায়ীরা বলছেন, মৌসুম শেষ হওয়ায় সরবরাহে ঘাটতি দেখা দিয়েছে।", "2025-03-12T10:00:00+06:00")
    return Deduper.from_state(Deduper().partial_fit([old, recent]).to_state())


def test_a_loaded_store_indexes_only_the_rows_a_batch_can_reach():
    d = _years_of_news()
    assert not len(d.band_keys_)  # nothing indexed on load
    late = art("late", WIRE, "2025-03-13T10:00:00+06:00")  # the 2019 text again, six years on: not a copy of it
    d.partial_fit([late])
    assert late.duplicate_of is None
    assert set(d.band_rows_.tolist()) == {d.index_["recent"], d.index_["late"]}  # 2019 stays out of the index
    # a report that arrives years late still finds its original, and the index stays in (key, row) order
    again = art("again", WIRE.rsplit("।", 2)[0] + "।", "2019-03-12T18:00:00+06:00")
    d.partial_fit([again])
    assert again.duplicate_of == "old"
    assert set(d.band_rows_.tolist()) == {d.index_[i] for i in ("old", "recent", "late", "again")}
    order = np.lexsort((d.band_rows_, d.band_keys_))
    assert (order == np.arange(len(order))).all()


def test_an_undated_report_reaches_every_loaded_row_it_shares_a_band_with():
    d = _years_of_news()
    undated = art("undated", WIRE.rsplit("।", 1)[0] + "।", None)
    d.partial_fit([undated])
    assert undated.duplicate_of == "old"  # six years before the other loaded row, found all the same
    assert d.unindexed_.tolist() == [d.index_["recent"]]  # (the text it shares nothing with stays out)
    later = art("later", "এক সপ্তাহের ব্যবধানে রাজধানীর বাজারে পেঁয়াজের দাম কেজিতে ১৩ টাকা বেড়ে ১২০ টাকায় পৌঁছেছে। "
                "ব্যবসায়ীরা বলছেন, মৌসুম শেষ হওয়ায় সরবরাহে ঘাটতি দেখা দিয়েছে।", None)
    d.partial_fit([later])
    assert later.duplicate_of == "recent" and not len(d.unindexed_)
    order = np.lexsort((d.band_rows_, d.band_keys_))
    assert (order == np.arange(len(order))).all()
