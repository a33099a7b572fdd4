from datetime import date

from khobor.analyze.times import find_times
from khobor.lang.bn.calendar import bengali_to_gregorian
from khobor.clean.normalize import ascii_digits, normalize

ANCHOR = date(2025, 7, 12)  # a Saturday


def _values(text, anchor=ANCHOR):
    return {t.text: t.value for t in find_times(normalize(text), anchor)}


def test_absolute_dates_in_bengali_and_ascii_digits():
    assert _values("ঢাকা, ১২ জুলাই, ২০২৫ (বাসস)")["১২ জুলাই, ২০২৫"] == "2025-07-12"
    assert _values("on 2024-06-19 in")["2024-06-19"] == "2024-06-19"
    assert _values("১২ জুলাই 2025 তারিখে")["১২ জুলাই 2025"] == "2025-07-12"


def test_partial_date_filled_from_anchor_or_left_partial():
    assert _values("১৩ সেপ্টেম্বর রাশিয়ায়", date(2023, 9, 15))["১৩ সেপ্টেম্বর"] == "2023-09-13"
    assert _values("১৩ সেপ্টেম্বর রাশিয়ায়", None)["১৩ সেপ্টেম্বর"] == "--09-13"


def test_relative_expressions_resolve_on_the_anchor():
    v = _values("শনিবার, গত শনিবার, গতকাল, গত মাসে, চলতি সপ্তাহে, চলতি বছরের এপ্রিলে, ৩ দিন আগে")
    assert v["শনিবার"] == "2025-07-12"
    assert v["গত শনিবার"] == "2025-07-05"
    assert v["গতকাল"] == "2025-07-11"
    assert v["গত মাসে"] == "2025-06-01/2025-06-30"
    assert v["চলতি সপ্তাহে"] == "2025-07-07/2025-07-13"
    assert v["চলতি বছরের এপ্রিলে"] == "2025-04-01/2025-04-30"
    assert v["৩ দিন আগে"] == "2025-07-09"


def test_year_month_and_bengali_calendar():
    assert _values("২০২১ সালের ডিসেম্বরে")["২০২১ সালের ডিসেম্বরে"] == "2021-12-01/2021-12-31"
    assert _values("৫ শ্রাবণ ১৪৩১")["৫ শ্রাবণ ১৪৩১"] == "2024-07-20"
    assert bengali_to_gregorian(1, 1, 1432) == date(2025, 4, 14)


def test_anchor_is_recorded_only_for_relative_values():
    times = find_times(normalize("১২ জুলাই ২০২৫ শনিবার"), ANCHOR)
    assert [t.anchor for t in times] == [None, "2025-07-12"]


def test_rifat_tim_tokens_are_mostly_found(shared_dir):
    lines = (shared_dir / "data" / "ner-rifat1493" / "test.txt").read_text(encoding="utf-8-sig").splitlines()
    words = [normalize(l.split("\t")[0]) for l in lines if l.endswith("\tTIM")]
    found = sum(bool(find_times(w, ANCHOR)) for w in words)
    assert found / len(words) >= 0.25  # single tokens out of context; many TIM words are clock times


def test_bare_weekday_in_a_future_clause_is_not_an_event_date():
    text = normalize("লাভরভ শনিবার পৌঁছেছেন। তিনি রবিবার পর্যন্ত থাকবেন। তবে সোমবার তিনি বৈঠক করেছেন।")
    values = [t.value for t in find_times(text, date(2025, 7, 12))]  # a Saturday
    assert values == ["2025-07-12", "2025-07-07"]


def test_durations_ages_and_futures_are_not_event_dates():
    for text in ("৫ বছর পর তিনি ফিরবেন", "আগামী বছর নির্বাচন হবে", "২০ বছর বয়সী এক তরুণ", "আগামী সপ্তাহে বৈঠক",
                 "আগামীকাল সমাবেশ", "আগামী শনিবার সমাবেশ", "৩ দিন পর ফিরবেন", "১০ বছর ধরে", "গত ১০ বছরে"):
        assert _values(text) == {}, text
    assert _values("শনিবার সমাবেশ") == {"শনিবার": "2025-07-12"}  # (the future word alone must not hide this)


def test_english_dates_resolve_on_the_article_date():
    anchor = date(2025, 12, 10)  # a Wednesday
    v = _values("Police said on Saturday that he was held last week, on December 8 and yesterday; "
                "three days ago, last month, and today. The 25-year-old", anchor)
    assert v["Saturday"] == "2025-12-06"
    assert v["last week"] == "2025-12-01/2025-12-07"
    assert v["December 8"] == "2025-12-08"
    assert v["yesterday"] == "2025-12-09"
    assert v["three days ago"] == "2025-12-07"
    assert v["last month"] == "2025-11-01/2025-11-30"
    assert v["today"] == "2025-12-10"
    assert len(v) == 7


def test_english_futures_and_durations_are_not_event_dates():
    anchor = date(2025, 12, 10)
    for text in ("The vote will be held next week.", "He will arrive tomorrow.", "The talks go on for two weeks.",
                 "It opens next month.", "It resumes in three days.", "They will meet on Monday.",
                 "The polls will be held in February.", "The hearing is set to take place on December 18."):
        assert _values(text, anchor) == {}, text


def test_start_scans_find_what_a_full_scan_finds(shared_dir):
    """find_times tries each pattern only where its first element occurs; that must equal finditer over the text."""
    from khobor.analyze.times import _LEADS, _PATTERN_LEADS, _matches

    texts = [
        "গত শনিবার ১২ জুলাই ২০২৫ সালে, May 5, 2024 এবং 2024-05-06; ৫ শ্রাবণ ১৪৩১, গতকাল, ৩ দিন আগে",
        "চলতি বছরের এপ্রিলে আগামী সপ্তাহে Jul 2023 March 3 ২০২১ সালের ডিসেম্বরে ২০১৯-২০ সালে মে মাসে",
    ]
    rifat = shared_dir / "data" / "ner-rifat1493" / "test.txt"
    texts.append(" ".join(line.split("\t")[0] for line in rifat.read_text(encoding="utf-8-sig").splitlines()[:20000]))
    compared = 0
    for text in texts:
        view = ascii_digits(normalize(text))
        starts = {lead: [m.start() for m in lead.finditer(view)] for lead in _LEADS.values()}
        for kind, pattern, lead in _PATTERN_LEADS:
            full = [m.span() for m in pattern.finditer(view)]
            assert [m.span() for m in _matches(pattern, starts[lead], view)] == full, kind
            compared += len(full)
    assert compared > 100


def test_analyze_resolves_on_a_day_in_the_url_when_the_article_has_no_date():
    from khobor.analyze import analyze
    from khobor.model import Article

    article = analyze(Article(id="a", source="-", body=normalize("গতকাল ঢাকায় সমাবেশ হয়।"),
                              url="https://example.com/news/2025/12/08/rally"))
    assert [t.value for t in article.times] == ["2025-12-07"]


def test_plans_durations_and_ages_are_not_event_dates():
    """আগামী ..., a year after the report, a day-month in a future-tense clause, ৫ বছর পর, ages and durations."""
    anchor = date(2025, 12, 10)
    for text in ("আগামী ২০২৬ সালের ফেব্রুয়ারিতে ভোট", "২০২৯ সালে নতুন টার্মিনাল চালু", "১২ ফেব্রুয়ারি নির্বাচন হবে।",
                 "৫ বছর পর তিনি ফিরবেন", "তাঁর বয়স ৩৫ বছর", "১০ বছর ধরে মামলা চলছে", "They will meet next week.",
                 "The vote is due on Monday."):
        assert [t.value for t in find_times(normalize(text), anchor)] == [], text
    assert [t.value for t in find_times(normalize("৫ ডিসেম্বর সভা হয়।"), anchor)] == ["2025-12-05"]
    assert [t.value for t in find_times("Police said on Saturday he was arrested last week.", anchor)] == [
        "2025-12-06", "2025-12-01/2025-12-07"]


def test_one_bengali_calendar_for_clean_and_analyze():
    """Both date readers use the one converter; a day the month does not have is no date (it used to spill over)."""
    import pytest

    from khobor.lang.bn import calendar, dates

    assert dates.bengali_to_gregorian is calendar.bengali_to_gregorian
    with pytest.raises(ValueError):
        bengali_to_gregorian(31, 7, 1432)  # কার্তিক has 30 days
    with pytest.raises(ValueError):
        bengali_to_gregorian(30, 11, 1431)  # ফাল্গুন 1431 (February 2025) has 29
    assert bengali_to_gregorian(30, 11, 1430) == date(2024, 3, 14)  # ... and 30 in a leap year
    for text in ("৩১ কার্তিক ১৪৩২", "৩০ ফাল্গুন ১৪৩১"):
        assert dates.find_dates(text) == [] and [t.value for t in find_times(normalize(text))] == [], text
    assert [t.value for t in find_times(normalize("১ বৈশাখ ১৪৩২"))] == ["2025-04-14"]


def test_lead_scans_skipped_by_script_find_what_the_whole_lead_finds(shared_dir):
    """A lead of Bengali words is not scanned in a text without Bengali letters, nor an English one without Latin
    letters, and the month lead runs as one scan per script: the starts are those of the one full scan."""
    import gzip
    import json

    import regex

    from khobor.analyze.times import (_BENGALI_LEADS, _BENGALI_WORDS, _HAS_BENGALI, _HAS_LATIN, _MONTH_PARTS,
                                      _PATTERN_LEADS, _lead_starts, _matches)

    assert all(regex.match(r"\p{Bengali}", word) for words in _BENGALI_WORDS.values() for word in words)
    texts = ["গত শনিবার ১২ জুলাই ২০২৫ সালে, May 5, 2024 এবং মে মাসে; Last Monday, in March, Marching on",
             "Yesterday, 3 days ago, next week, on Friday December 18 and this month.", "চলতি বছরের এপ্রিলে আগামী সপ্তাহে"]
    with gzip.open(shared_dir / "data" / "real-news-dev" / "munt-dev.jsonl.gz", "rt", encoding="utf-8") as f:
        news = [json.loads(line)["text"] for line in f]
    texts += [t for t in news if _HAS_BENGALI.search(t)][:100] + [t for t in news if not _HAS_BENGALI.search(t)][:100]
    for text in texts:
        view = ascii_digits(normalize(text))
        latin, bengali = bool(_HAS_LATIN.search(view)), bool(_HAS_BENGALI.search(view))
        for lead in _BENGALI_LEADS | set(_MONTH_PARTS):
            assert _lead_starts(lead, view, latin, bengali) == [m.start() for m in lead.finditer(view)], lead.pattern[:60]
        for kind, pattern, lead in _PATTERN_LEADS:
            starts = _lead_starts(lead, view, latin, bengali)
            assert [m.span() for m in _matches(pattern, starts, view)] == [m.span() for m in pattern.finditer(view)], kind


def test_ago_is_tried_only_where_its_number_can_start():
    anchor = date(2025, 12, 10)
    v = _values("A day ago, not today ago: 12  weeks ago and an  hour later, and (2 Days ago) then one year ago.", anchor)
    assert v == {"A day ago": "2025-12-09", "today": "2025-12-10", "12 weeks ago": "2025-09-17",
                 "2 Days ago": "2025-12-08", "one year ago": "2024-01-01/2024-12-31"}


def test_english_word_leads_tried_where_any_lead_word_starts_find_what_their_scans_find(shared_dir):
    """The English word leads are tried at the starts of one scan of the lower-cased text for any of their words:
    the same starts as each lead's own scan, in any case and inside longer words; a text with a character that
    matches an ASCII letter only without case (ſ, İ, the Kelvin sign) is scanned lead by lead."""
    import gzip
    import json

    import regex

    from khobor.analyze.times import _WORD_LEADS, _lead_starts, _word_candidates

    assert len(_WORD_LEADS) == 4
    texts = ["Last MONDAY, in march, Marching on mayday; _Today x-Yesterday 2nd-Sept SUNDAYS thisthat pastMay",
             "THIS month, Coming friday; ſunday, ſeptember", "İn April, on \u212aarch", "no lead word here"]
    with gzip.open(shared_dir / "data" / "real-news-dev" / "munt-dev.jsonl.gz", "rt", encoding="utf-8") as f:
        news = [json.loads(line)["text"] for line in f]
    texts += news[:100] + [text for text in news if not regex.search(r"\p{Bengali}", text)][:200]
    assert _word_candidates(texts[1]) is None and _word_candidates(texts[2]) is None
    for text in texts:
        view = ascii_digits(normalize(text))
        words = _word_candidates(view)
        for lead in _WORD_LEADS:
            assert _lead_starts(lead, view, True, True, words) == [m.start() for m in lead.finditer(view)], lead.pattern[:60]


def test_patterns_skipped_without_bengali_letters_need_bengali_words():
    """The digit-led patterns not tried in a text without Bengali letters each require a Bengali word after the
    number (a Bengali month, a year's word, a unit and its direction)."""
    import regex

    from khobor.analyze.times import _BENGALI_KINDS, _BN_MONTH, _YEAR_WORD, PATTERNS, _alt

    required = {"bn_dmy": _BN_MONTH, "ym": _YEAR_WORD, "year_range": _YEAR_WORD, "year": _YEAR_WORD,
                "ago": _alt("দিন সপ্তাহ মাস বছর")}
    assert set(required) == _BENGALI_KINDS
    patterns = dict(PATTERNS)
    for kind, words in required.items():
        head, tail = patterns[kind].pattern.split(words, 1)
        assert "|" not in head.replace("19|20", "") and not tail.startswith(("?", "*", ")?")), kind  # (not optional)
        assert all(regex.fullmatch(r"[\p{Bengali}\s]+", w) for w in regex.sub(r"\(\?(?:P<\w+>|:)|\)", "", words).split("|")), kind


def test_day_month_patterns_start_where_a_month_or_an_ending_follows_the_number(shared_dir):
    """dm and dmy are tried only where ``_DAY_THEN_MONTH`` matches: every match of theirs starts there."""
    import gzip
    import json

    from khobor.analyze.times import _DAY_MONTH_KINDS, _DAY_THEN_MONTH, PATTERNS

    texts = [normalize("১২ই জুলাই, ৩রা মে, 5 March 2024, 12May, 1 ſeptember, 31   december 2023 সালে, ২১শে ফেব্রুয়ারি")]
    with gzip.open(shared_dir / "data" / "real-news-dev" / "munt-dev.jsonl.gz", "rt", encoding="utf-8") as f:
        texts += [ascii_digits(normalize(json.loads(line)["text"])) for line in f][:600]
    found = 0
    for text in texts:
        for kind, pattern in PATTERNS:
            if kind in _DAY_MONTH_KINDS:
                for match in pattern.finditer(text):
                    assert _DAY_THEN_MONTH.match(text, match.start()), (kind, match.group())
                    found += 1
    assert found > 100
