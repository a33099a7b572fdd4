"""Metadata: dates (Bengali months, Bengali calendar, relative), dateline, agencies, byline, outlet."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from khobor.clean import clean
from khobor.clean.metadata import find_agencies, parse_dateline
from khobor.clean.normalize import normalize
from khobor.lang.bn.dates import bengali_to_gregorian, find_date, parse_clock
from khobor.model import RawDoc

FIXTURES = Path(__file__).parent / "fixtures" / "clean"
REF = "2025-07-14T10:00:00+06:00"  # a Monday


@pytest.mark.parametrize("text, expected", [
    ("প্রকাশ: ১২ জুলাই ২০২৫, ১৮:৩১", "2025-07-12T18:31:00+06:00"),
    ("আপডেট: ১৩ সেপ্টেম্বর ২০২৩, সন্ধ্যা ৬টা ৩১ মিনিট", "2023-09-13T18:31:00+06:00"),
    ("ঢাকা, ১২ জুলাই, ২০২৫ (বাসস) :", "2025-07-12T00:00:00+06:00"),
    ("জুলাই ১২, ২০২৫", "2025-07-12T00:00:00+06:00"),
    ("২৮ আষাঢ় ১৪৩২ বঙ্গাব্দ", "2025-07-12T00:00:00+06:00"),
    ("১২/০৭/২০২৫", "2025-07-12T00:00:00+06:00"),
    ("2025-07-12T12:31:00Z", "2025-07-12T12:31:00+00:00"),
    ("গত শনিবার", "2025-07-12T00:00:00+06:00"),
    ("গতকাল", "2025-07-13T00:00:00+06:00"),
    ("৩ ঘণ্টা আগে", "2025-07-14T07:00:00+06:00"),
])
def test_dates_bengali_forms(text, expected):
    assert find_date(text, reference=REF).isoformat() == expected


def test_relative_dates_need_a_reference():
    assert find_date("গত শনিবার") is None


def test_timezone_is_a_parameter():
    assert find_date("১২ জুলাই ২০২৫, ১৮:৩১", tz="Asia/Kolkata").isoformat() == "2025-07-12T18:31:00+05:30"


def test_bengali_calendar_edges():
    assert bengali_to_gregorian(1, 1, 1432) == date(2025, 4, 14)
    assert bengali_to_gregorian(1, 7, 1432) == date(2025, 10, 17)
    assert bengali_to_gregorian(1, 11, 1431) == date(2025, 2, 14)
    assert bengali_to_gregorian(30, 12, 1430) == date(2024, 4, 13)  # after a leap ফাল্গুন (2024)


def test_clock_times():
    assert parse_clock("রাত ১০টা") == (22, 0)
    assert parse_clock("সকাল ৯টা ১৫ মিনিট") == (9, 15)
    assert parse_clock("১৮:৩১") == (18, 31)


def test_dateline_and_agencies():
    place, when, agency = parse_dateline(normalize("ঢাকা, ১২ জুলাই, ২০২৫ (বাসস) : রাশিয়ার পররাষ্ট্রমন্ত্রী"))
    assert (place, when.isoformat(), agency) == ("ঢাকা", "2025-07-12T00:00:00+06:00", "বাসস")
    assert parse_dateline("তিনি বলেন: আমরা প্রস্তুত।") is None
    text = normalize("মস্কো থেকে এএফপি জানায়। রুশ বার্তা সংস্থা তাসের বরাত দিয়ে। KCNA জানিয়েছে। রয়টার্সের মতে।")
    assert find_agencies(text) == ["এএফপি", "তাস", "কেসিএনএ", "রয়টার্স"]
    assert find_agencies(normalize("ছেলেরা বসে তাস খেলছিল।")) == []


def test_synthetic_layout_metadata():
    rows = [json.loads(x) for x in (FIXTURES / "synthetic.jsonl").read_text(encoding="utf-8").splitlines()]
    checked = 0
    for row in rows:
        raw = RawDoc(source=row["id"], text="\n".join(t for _, t in row["lines"]), fields=row["fields"],
                     fetched_at=row["fetched_at"])
        art = clean(raw)
        exp = row["expect"]
        if "published_at" in exp:
            assert art.published_at == exp["published_at"], row["id"]
            checked += 1
        if "dateline" in exp:
            assert art.dateline == normalize(exp["dateline"]), row["id"]
        for agency in exp.get("agencies", []):
            assert normalize(agency) in art.agencies, (row["id"], art.agencies)
        if "byline" in exp:
            assert art.byline == normalize(exp["byline"]), row["id"]
        if "outlet" in exp:
            assert art.outlet == normalize(exp["outlet"])
        titles = [t for g, t in row["lines"] if g == "T"]
        if titles:
            assert art.title == normalize(titles[0]) and art.extras["title_how"] == "line", row["id"]
        assert not set(art.body.split("\n\n")) & set(art.boilerplate)
    assert checked >= 25


def test_fields_win_over_guesses():
    raw = RawDoc(source="x", text="শিরোনাম এখানে\nপ্রকাশ: ১২ জুলাই ২০২৫, ১৮:৩১\nএকটি দীর্ঘ অনুচ্ছেদ এখানে লেখা হলো যাতে এটি মূল লেখা হিসেবে ধরা পড়ে।",
                 fields={"title": "আসল শিরোনাম", "date": "2025-07-13T09:00:00+06:00", "outlet": "প্রথম আলো", "url": "https://example.org/a"})
    art = clean(raw)
    assert (art.title, art.published_at, art.published_how, art.outlet, art.url) == (
        "আসল শিরোনাম", "2025-07-13T09:00:00+06:00", "field", "প্রথম আলো", "https://example.org/a")


def test_seed_metadata(seeds_dir):
    seeds = {p.name[:3]: clean(RawDoc(source=p.name, text=p.read_text(encoding="utf-8"))) for p in sorted(seeds_dir.glob("*.txt"))}
    s1 = seeds["001"]
    assert s1.title == normalize("কিম জং উনের সঙ্গে লাভরভের সাক্ষাৎ")
    assert (s1.published_at, s1.published_how, s1.dateline) == ("2025-07-12T18:31:00+06:00", "line", "ঢাকা")
    assert {"বাসস", "এএফপি", "তাস"} <= set(s1.agencies)
    s2 = seeds["002"]
    assert s2.byline == normalize("হুয়েন লে") and {"এএফপি", normalize("রয়টার্স")} <= set(s2.agencies)
    assert len(s2.extras["captions"]) == 2
    assert seeds["000"].outlet == "মস্কো টাইমস"
    assert "কেসিএনএ" in seeds["003"].agencies
    assert seeds["004"].title == normalize("রাশিয়ার সঙ্গে সম্পর্ক গভীর করতে চান কিম")
    for art in seeds.values():
        assert art.body and len(art.boilerplate) == len(art.extras["removed"])


@pytest.mark.parametrize("value, expected", [
    ("Sat, 12 Jul 2025 12:31:00 +0000", "2025-07-12T12:31:00+00:00"),
    ("2025-07-12T18:31:00+06:00", "2025-07-12T18:31:00+06:00"),
    ("2025-07-12", "2025-07-12T00:00:00+06:00"),
    ("১২ জুলাই ২০২৫, ১৮:৩১", "2025-07-12T18:31:00+06:00"),
    ("২৮ আষাঢ় ১৪৩২", "2025-07-12T00:00:00+06:00"),
])
def test_field_dates_keep_their_offset(value, expected):
    raw = RawDoc(source="x", text="একটি দীর্ঘ অনুচ্ছেদ এখানে লেখা হলো যাতে এটি মূল লেখা হিসেবে ধরা পড়ে।", fields={"date": value})
    assert clean(raw).published_at == expected


def test_line_stats_in_clean():
    from khobor.clean import LineStats

    footer = "নমুনা বার্তার সঙ্গে থাকুন"
    story = "বাজারে সবজির দাম কিছুটা কমেছে বলে ব্যবসায়ীরা জানিয়েছেন, তবে চালের দাম এখনো চড়া।"
    raws = [RawDoc(source=str(i), text=f"{story} {i}।\n{footer}", fields={"outlet": "নমুনা"}) for i in range(3)]
    stats = LineStats().partial_fit(raws)
    new = RawDoc(source="n", text=f"{story}\n{footer}\n{story} আবার।", fields={"outlet": "নমুনা"})
    assert normalize(footer) in clean(new).body
    art = clean(new, line_stats=stats)
    assert normalize(footer) not in art.body and normalize(footer) in art.boilerplate
    assert art.extras["removed"][0]["reason"] == "repeated in outlet"


def test_publication_day_from_the_url_when_the_text_has_none():
    from khobor.clean import clean
    from khobor.clean.metadata import date_from_url
    from khobor.model import RawDoc

    assert date_from_url("https://example.com/news/2025/12/08/some-story-123")[:10] == "2025-12-08"
    assert date_from_url("https://example.com/2025-12-08-some-story")[:10] == "2025-12-08"
    assert date_from_url("https://example.com/story/20251208/abc")[:10] == "2025-12-08"
    assert date_from_url("https://example.com/news/bangladesh/story-4054876") is None
    assert date_from_url("https://example.com/x/2025/13/40/") is None
    assert date_from_url("https://example.com/news?id=2025/12/08") is None
    article = clean(RawDoc(source="x", text="শিরোনাম\n\nঢাকায় আজ সমাবেশ হয়েছে। বহু মানুষ যোগ দেন।",
                           fields={"url": "https://example.com/bangladesh/2025/12/08/abc"}))
    assert article.published_at[:10] == "2025-12-08" and article.published_how == "url"
