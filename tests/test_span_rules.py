"""Rules over the tagger's spans: known places it left out, bodies named after a place, streets, ministries."""

import pytest

from khobor.analyze import span_rules
from khobor.analyze.names import lemma_forms
from khobor.clean.normalize import normalize
from khobor.model import Mention
from spans_fixture import placed


def _apply(text: str, spans: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Run the rules on ``text`` with the given (surface, type) mentions (each found at its first place)."""
    text, mentions = placed(text, spans)
    return [(m.surface, m.type) for m in span_rules.apply(mentions, text)]


def n(text: str) -> str:
    return normalize(text)


def test_a_known_place_the_tagger_left_out_is_a_place():
    found = _apply("সভায় তিনি লন্ডন থেকে যুক্ত হন। পরে তিনি সৌদি আরবে যান।", [])
    assert (n("লন্ডন"), "LOC") in found and (n("সৌদি আরবে"), "LOC") in found


def test_a_region_described_rather_than_named_is_no_place():
    assert span_rules.known_places().isdisjoint({n("অজানা অঞ্চল"), n("ফিলিস্তিনি ভূখণ্ড")})


def test_a_place_then_a_bodys_head_is_the_body():
    found = _apply("এ বিষয়ে রংপুর মহানগর পুলিশের এক কর্মকর্তা কথা বলেন।", [("রংপুর মহানগর", "LOC")])
    assert found == [(n("রংপুর মহানগর পুলিশের"), "ORG")]
    found = _apply("তাঁকে সাভার থানায় নেওয়া হয়।", [("সাভার", "LOC")])
    assert found == [(n("সাভার থানায়"), "ORG")]


def test_a_place_with_case_ending_stays_a_place():
    found = _apply("খুলনার পুলিশ তাঁকে ধরেছে।", [("খুলনার", "LOC")])
    assert found == [(n("খুলনার"), "LOC")]


def test_a_place_before_a_body_that_starts_with_a_unit_word():
    found = _apply("পরে তাঁকে পীরগঞ্জ উপজেলা স্বাস্থ্য কমপ্লেক্সে নেওয়া হয়।", [("উপজেলা স্বাস্থ্য কমপ্লেক্সে", "ORG")])
    assert found == [(n("পীরগঞ্জ উপজেলা স্বাস্থ্য কমপ্লেক্সে"), "ORG")]
    found = _apply("সিলেট জেলা আইনজীবী সমিতির সভা হয়।", [("সিলেট", "LOC"), ("জেলা আইনজীবী সমিতির", "ORG")])
    assert found == [(n("সিলেট জেলা আইনজীবী সমিতির"), "ORG")]


def test_a_party_unit_keeps_the_place_and_the_party_apart():
    found = _apply("সভায় গাজীপুর উপজেলা বিএনপির নেতারা ছিলেন।", [("গাজীপুর", "LOC"), ("বিএনপির", "ORG")])
    assert found == [(n("গাজীপুর"), "LOC"), (n("বিএনপির"), "ORG")]


def test_a_party_city_unit_is_one_organisation():
    found = _apply("সভায় খুলনা মহানগর দক্ষিণ যুবলীগের নেতারা ছিলেন।", [("খুলনা মহানগর", "LOC"), ("যুবলীগের", "ORG")])
    assert found == [(n("খুলনা মহানগর দক্ষিণ যুবলীগের"), "ORG")]


def test_a_name_before_a_road_is_the_road():
    found = _apply("লাশটি কামাল আতাতুর্ক রোডে পাওয়া যায়।", [("কামাল আতাতুর্ক", "PER")])
    assert found == [(n("কামাল আতাতুর্ক রোডে"), "LOC")]
    found = _apply("রহিম বাজারে গিয়েছিলেন।", [("রহিম", "PER")])
    assert found == [(n("রহিম"), "PER")]  # going to the market: still the person


@pytest.mark.parametrize("text,name", [
    ("বৈঠকে কৃষি মন্ত্রণালয়ের সচিব ছিলেন।", "কৃষি মন্ত্রণালয়ের"),
    ("তিনি বাণিজ্য ও শিল্প মন্ত্রণালয় ঘুরে দেখেন।", "বাণিজ্য ও শিল্প মন্ত্রণালয়"),
    ("পরে সামাজিক নিরাপত্তা অধিদপ্তর জানায়।", "সামাজিক নিরাপত্তা অধিদপ্তর"),
    ("খবর পাঠায় ডাক, টেলিযোগাযোগ ও তথ্যপ্রযুক্তি মন্ত্রণালয়।", "ডাক, টেলিযোগাযোগ ও তথ্যপ্রযুক্তি মন্ত্রণালয়"),
])
def test_a_ministry_named_by_its_subject(text, name):
    assert (n(name), "ORG") in _apply(text, [])


@pytest.mark.parametrize("text", ["বিষয়টি সংশ্লিষ্ট মন্ত্রণালয়কে জানানো হয়।", "দেশের মন্ত্রণালয় কাজ করছে।", "দুই মন্ত্রণালয় একমত।",
                                  "তিনি তিনটি মন্ত্রণালয়ে দায়িত্ব পালন করেন।"])
def test_the_ministry_of_a_sentence_is_no_name(text):
    assert _apply(text, []) == []


def test_a_first_or_last_name_typed_otherwise_is_the_person():
    mentions = [Mention(0, 17, "Sharif Osman Hadi", "PER"), Mention(30, 34, "Hadi", "LOC"), Mention(40, 45, "Dhaka", "LOC")]
    assert [m.type for m in span_rules.apply(mentions, "x" * 50)] == ["PER", "PER", "LOC"]


def test_a_short_word_with_the_locative_ending_has_its_base():
    assert lemma_forms(n("রোডে"))[0] == n("রোড")


def test_a_name_runs_on_over_mohammad():
    from khobor.analyze.entities import tidy_mentions

    text = n("জেলার পুলিশ সুপার চৌধুরী মো. করিম হোসেন বলেন, তদন্ত চলছে।")
    start = text.index(n("চৌধুরী"))
    found = tidy_mentions([Mention(start, start + len(n("চৌধুরী")), n("চৌধুরী"), "PER")], text)
    assert [m.surface for m in found] == [n("চৌধুরী মো. করিম হোসেন")]


def test_an_english_street_named_after_a_person_is_a_place():
    from khobor.analyze.english import english_entities

    text = "The office moved to 4 Avenue George Washington in Paris. The rally marched down Abraham Lincoln Road."
    found = {text[s.start : s.end]: s.type for s in english_entities(text)}
    assert found.get("Avenue George Washington") == "LOC" and "George Washington" not in found
    assert found.get("Abraham Lincoln Road") == "LOC"


def test_english_bodies_named_after_people_and_parts_of_known_places():
    from khobor.analyze.english import _modified_place, english_entities

    text = "He was taken to Maula Buksh Sarder Eye Hospital near the Franco-German Embassy in Dhaka."
    found = {text[s.start : s.end]: s.type for s in english_entities(text)}
    assert found.get("Maula Buksh Sarder Eye Hospital") == "ORG" and found.get("Franco-German Embassy") == "ORG"
    assert _modified_place("Old Dhaka") and _modified_place("North Sylhet") and not _modified_place("Old Trafford")


def test_a_persons_name_runs_on_over_a_word_the_vocabulary_does_not_know():
    found = _apply("দলের আরেক পেসার গ্লেন ম্যাকগ্রাথনেল ছিটকে গেছেন।", [("গ্লেন", "PER")])
    assert found == [(n("গ্লেন ম্যাকগ্রাথনেল"), "PER")]
    found = _apply("দলের আরেক পেসার গ্লেন বাড়িতে ফিরেছেন।", [("গ্লেন", "PER")])
    assert found == [(n("গ্লেন"), "PER")]  # a word Bengali knows is no part of the name


def test_upazilas_after_their_district_and_in_lists_and_villages_of_place_words():
    found = _apply("রাজশাহীর তানোরে শিশুটি পড়ে যায়।", [("রাজশাহীর", "LOC")])
    assert (n("তানোরে"), "LOC") in found
    found = _apply("আসনটি (পোরশা, সাপাহার ও নিয়ামতপুর) নিয়ে গঠিত।", [("পোরশা", "LOC"), ("নিয়ামতপুর", "LOC")])
    assert (n("সাপাহার"), "LOC") in found
    found = _apply("উপজেলার কোয়েলহাট পূর্বপাড়া গ্রামে সে থাকে।", [("কোয়েলহাট", "LOC"), ("পূর্বপাড়া", "LOC")])
    assert found == [(n("কোয়েলহাট পূর্বপাড়া"), "LOC")]


def test_a_span_ending_in_a_road_word_is_a_road_and_the_word_alone_no_name():
    found = _apply("আগুন লাগে বেইলি রোডের একটি ভবনে। পরে রোডে যান চলাচল বন্ধ হয়।", [("বেইলি রোডের", "PER"), ("রোডে", "PER")])
    assert found == [(n("বেইলি রোডের"), "LOC")]


def test_a_road_word_with_a_case_ending_that_looks_like_another():
    found = _apply("দুর্ঘটনাটি ঘটে ঢাকা-মাওয়া সড়কে।", [("ঢাকা-মাওয়া", "LOC")])
    assert found == [(n("ঢাকা-মাওয়া সড়কে"), "LOC")]


def test_an_upazila_name_after_a_foreign_place_is_an_ordinary_word():
    found = _apply("পুতিনের উত্তর কোরিয়ায় বিরল সফরকালে চুক্তি হয়।", [("উত্তর কোরিয়ায়", "LOC")])
    assert found == [(n("উত্তর কোরিয়ায়"), "LOC")]


def test_a_demonym_alone_is_no_entity_whatever_its_type():
    from khobor.analyze.entities import tidy_mentions

    text = n("রাশিয়ান কর্মকর্তারা জানান, আলোচনা চলছে।")
    word = n("রাশিয়ান")
    assert tidy_mentions([Mention(0, len(word), word, "ORG")], text) == []


def test_old_before_a_place_is_part_of_its_name_greater_is_not():
    found = _apply("মিছিলটি পুরান ঢাকা থেকে শুরু হয়। বৃহত্তর ময়মনসিংহের মানুষ আসেন। সে খুব পুরানো।",
                   [("ঢাকা", "LOC"), ("ময়মনসিংহের", "LOC")])
    assert found == [(n("পুরান ঢাকা"), "LOC"), (n("ময়মনসিংহের"), "LOC")]


def test_two_person_spans_one_space_apart_are_one_name():
    found = _apply("মনোয়ার হোসেন গত শুক্রবার প্রথম আলোকে বলেন।", [("মনোয়ার", "PER"), ("হোসেন", "PER")])
    assert found == [(n("মনোয়ার হোসেন"), "PER"), (n("প্রথম আলোকে"), "ORG")]  # (analyze drops the outlet told)
    found = _apply("শেখ হাসিনার রহিম মিয়া দেখা করেন।", [("শেখ হাসিনার", "PER"), ("রহিম মিয়া", "PER")])
    assert len(found) == 2  # an inflected name ends there: the next is another person


def test_a_portfolio_before_a_ministers_title_is_no_organisation():
    found = _apply("সমাজকল্যাণ মন্ত্রী বলেন, কার্ড দেওয়া হবে।", [("সমাজকল্যাণ", "ORG")])
    assert found == []
    found = _apply("সমাজকল্যাণ মন্ত্রণালয় জানায়, কার্ড দেওয়া হবে।", [("সমাজকল্যাণ মন্ত্রণালয়", "ORG")])
    assert found == [(n("সমাজকল্যাণ মন্ত্রণালয়"), "ORG")]


def test_a_part_of_the_capital_is_a_place():
    found = _apply("রাজধানীর ডেমরায় আজ ভোরে দুর্ঘটনা ঘটে।", [])
    assert found == [(n("ডেমরায়"), "LOC")]
    found = _apply("রাজধানীর বিভিন্ন এলাকায় অভিযান চলে।", [])
    assert found == []
    found = _apply("তাঁকে রাজধানীর এভারকেয়ার হাসপাতালে নেওয়া হয়। রাজধানীর ওসমানী মিলনায়তনে সভা হয়।", [])
    assert found == [(n("এভারকেয়ার হাসপাতালে"), "ORG")]


def test_a_name_runs_on_after_bin_and_over_a_family_name():
    found = _apply("সে লায়লা ও তার মেয়ে নাফিসা লাওয়াল বিনতে আজিয়াকে হত্যা করে।", [("নাফিসা লাওয়াল বিনতে", "PER"), ("আজিয়াকে", "PER")])
    assert found == [(n("নাফিসা লাওয়াল বিনতে আজিয়াকে"), "PER")]
    found = _apply("বিমানবাহিনী প্রধান হাসান মাহমুদ খাঁন উপস্থিত ছিলেন।", [("হাসান মাহমুদ", "PER")])
    assert found == [(n("হাসান মাহমুদ খাঁন"), "PER")]
    found = _apply("এ সময় শেখ হাসিনা সরকার পতনের কথা বলেন।", [("শেখ হাসিনা", "PER")])
    assert found == [(n("শেখ হাসিনা"), "PER")]


def test_an_acronym_in_brackets_after_a_body_is_that_body():
    found = _apply("প্রতিরক্ষা গোয়েন্দা মহাপরিদপ্তরের (ডিজিএফআই) নতুন মহাপরিচালক। ডিজিএফআইয়ের সূত্র জানায়।",
                   [("গোয়েন্দা মহাপরিদপ্তরের", "ORG")])
    assert found == [(n("প্রতিরক্ষা গোয়েন্দা মহাপরিদপ্তরের"), "ORG"), (n("ডিজিএফআই"), "ORG"), (n("ডিজিএফআইয়ের"), "ORG")]


def test_a_part_of_the_capital_is_a_place_elsewhere_in_the_text_too():
    found = _apply("রাজধানীর ডেমরায় দুর্ঘটনা ঘটে। ডেমরা থানার ওসি জানান।", [])
    assert found == [(n("ডেমরায়"), "LOC"), (n("ডেমরা থানার"), "ORG")]


def test_a_ministry_of_listed_subjects_takes_the_first_ones_too():
    text = "তিনি স্থানীয় সরকার, পল্লী উন্নয়ন ও সমবায় মন্ত্রণালয়ের দায়িত্ব পান। তিনি বলেন, কৃষি মন্ত্রণালয় কাজ করছে।"
    found = _apply(text, [("পল্লী উন্নয়ন ও সমবায় মন্ত্রণালয়ের", "ORG"), ("কৃষি মন্ত্রণালয়", "ORG")])
    assert found == [(n("স্থানীয় সরকার, পল্লী উন্নয়ন ও সমবায় মন্ত্রণালয়ের"), "ORG"), (n("কৃষি মন্ত্রণালয়"), "ORG")]


def test_the_office_of_the_head_of_government_is_a_body():
    found = _apply("প্রধান উপদেষ্টার কার্যালয় সূত্রে এ তথ্য জানা যায়। তাঁর কার্যালয়ে বৈঠক হয়।", [])
    assert found == [(n("প্রধান উপদেষ্টার কার্যালয়"), "ORG")]


def test_city_corporation_alone_is_no_name():
    from khobor.analyze.entities import tidy_mentions

    text = n("ডেমরায় সিটি করপোরেশনের গাড়ির সঙ্গে সংঘর্ষ। সিটি এলাকায় যান চলাচল বন্ধ।")
    mentions = [Mention(text.index(w), text.index(w) + len(w), w, "ORG") for w in (n("সিটি করপোরেশনের"), n("সিটি এলাকায়")[:4])]
    assert tidy_mentions(mentions, text) == []


def test_a_district_and_a_seat_number_is_a_constituency():
    found = _apply("অভিযোগ থাকায় জামালপুর-৫ আসনের সাবেক সংসদ সদস্য। ঢাকা-৮ আসনে ভোট। তিনি ৫-৬ জন।", [("ঢাকা", "LOC")])
    assert found == [(n("জামালপুর-৫"), "LOC"), (n("ঢাকা-৮"), "LOC")]


def test_a_portfolio_in_brackets_after_a_title_is_no_organisation():
    text = "ডিএমপির অতিরিক্ত পুলিশ কমিশনার (ক্রাইম অ্যান্ড অপারেশন্স) এস এন মো. নজরুল ইসলাম জানান।"
    found = _apply(text, [("ক্রাইম অ্যান্ড অপারেশন্স", "ORG"), ("এস এন মো. নজরুল ইসলাম", "PER")])
    assert found == [(n("ডিএমপির"), "ORG"), (n("এস এন মো. নজরুল ইসলাম"), "PER")]  # (the police body, found by landmarks)


def test_a_name_does_not_run_on_over_a_demonstrative_written_together_with_a_word():
    found = _apply("বেঞ্চ সহকারী রিয়াজ হোসেন এতথ্য জানান।", [("রিয়াজ হোসেন", "PER")])
    assert found == [(n("রিয়াজ হোসেন"), "PER")]


def test_a_persons_span_ending_in_a_demonstrative_written_together_with_a_word_ends_before_it():
    found = _apply("বেঞ্চ সহকারী রিয়াজ হোসেন এতথ্য জানান। এমরান হোসেন এহসান বলেন।",
                   [("রিয়াজ হোসেন এতথ্য", "PER"), ("এমরান হোসেন এহসান", "PER")])
    assert found == [(n("রিয়াজ হোসেন"), "PER"), (n("এমরান হোসেন এহসান"), "PER")]


def test_a_name_cut_short_before_a_word_the_text_writes_as_part_of_that_name_runs_on():
    text = n("আবুল কালাম আজাদ ও শিবলী নোমান। সাবেক সংসদ সদস্য আবুল কালাম আজাদের দেশত্যাগে নিষেধাজ্ঞা। আবুল কালাম সভায় ছিলেন।")
    full, cut = n("আবুল কালাম আজাদ"), n("আবুল কালাম")
    second = text.index(cut, len(full))
    third = text.index(cut, second + 1)
    mentions = [Mention(0, len(full), full, "PER"), Mention(text.index(n("শিবলী নোমান")), text.index("।"), n("শিবলী নোমান"), "PER"),
                Mention(second, second + len(cut), cut, "PER"), Mention(third, third + len(cut), cut, "PER")]
    found = [(m.surface, m.type) for m in span_rules.apply(mentions, text)]
    assert found == [(full, "PER"), (n("শিবলী নোমান"), "PER"), (n("আবুল কালাম আজাদের"), "PER"), (cut, "PER")]


def test_an_acronym_that_says_or_tells_is_an_organisation_there_and_elsewhere_in_the_text():
    found = _apply("ডিএমপির অতিরিক্ত কমিশনার এ তথ্য দেন। ডিএমপি জানিয়েছে, ঘটনাটি চুরির। আরও জানায়, এলডিসি থেকে উত্তরণ।", [])
    assert found == [(n("ডিএমপির"), "ORG"), (n("ডিএমপি"), "ORG")]


def test_after_a_middle_name_a_surname_that_is_also_a_word_ends_the_name():
    found = _apply("জেলা প্রশাসক সুমন চন্দ্র সরকার বলেন। ডা. ধনদেব চন্দ্র বর্মণ আসেন। নিহত সুমন কুমার হরিপুরের বাসিন্দা। খাদ্য সরকার দেয়।",
                   [("সুমন চন্দ্র", "PER"), ("ধনদেব চন্দ্র", "PER"), ("সুমন কুমার", "PER")])
    assert found[:3] == [(n("সুমন চন্দ্র সরকার"), "PER"), (n("ধনদেব চন্দ্র বর্মণ"), "PER"), (n("সুমন কুমার"), "PER")]


def test_a_name_cut_before_its_first_word_takes_it_when_the_text_writes_the_name_in_full():
    text = n("ডা. ধনদেব চন্দ্র বর্মণ বলেন। পরে ধনদেব চন্দ্র বর্মণকে শোকজ করা হয়। নিহত চন্দ্র বর্মণ ছিলেন।")
    full = n("ধনদেব চন্দ্র বর্মণ")
    cut = n("চন্দ্র বর্মণকে")
    other = n("চন্দ্র বর্মণ")
    i, j, k = text.index(full), text.index(cut), text.rindex(other)
    mentions = [Mention(i, i + len(full), full, "PER"), Mention(j, j + len(cut), cut, "PER"), Mention(k, k + len(other), other, "PER")]
    found = [(m.surface, m.type) for m in span_rules.apply(mentions, text)]
    assert found == [(full, "PER"), (n("ধনদেব চন্দ্র বর্মণকে"), "PER"), (other, "PER")]


def test_a_place_then_unit_words_then_a_bodys_tagged_name_is_the_body():
    found = _apply("এ বিষয়ে রংপুর মহানগর দক্ষিণ পুলিশের এক কর্মকর্তা কথা বলেন।", [("রংপুর মহানগর", "LOC"), ("পুলিশের", "ORG")])
    assert found == [(n("রংপুর মহানগর দক্ষিণ পুলিশের"), "ORG")]
    found = _apply("ঢাকার আদালতে বিএনপির নেতারা আসেন।", [("ঢাকার", "LOC"), ("বিএনপির", "ORG")])
    assert found == [(n("ঢাকার"), "LOC"), (n("বিএনপির"), "ORG")]


def test_a_name_before_a_village_union_or_town_word_is_that_place():
    found = _apply("নলছিটি উপজেলার চরকয়া গ্রাম থেকে তাদের আটক করা হয়।", [("নলছিটি", "LOC")])
    assert (n("চরকয়া"), "LOC") in found
    found = _apply("মিয়ানমারের সাংগাই অঞ্চলের মনিওয়া শহর থেকে দূরে। মাওলাইক শহর থেকে ৭৫ কিলোমিটার।", [("মিয়ানমারের", "LOC")])
    assert {(n("সাংগাই"), "LOC"), (n("মাওলাইক"), "LOC")} <= set(found)
    found = _apply("তিনি নিজ গ্রাম থেকে ফেরেন। বিভিন্ন শহর ও দেশের মানুষ এখানে আসেন। এ ইউনিয়নের চেয়ারম্যান। প্রত্যন্ত অঞ্চলের শাখা।", [])
    assert found == []


def test_a_party_or_its_wing_the_tagger_left_out_is_an_organisation():
    found = _apply("রাউজানে যুবদল কর্মীকে গুলি। তিনি যুবদলের এক কর্মী, পরে ছাত্রদলে যোগ দেন।", [("রাউজানে", "LOC")])
    assert {(n("যুবদল"), "ORG"), (n("যুবদলের"), "ORG"), (n("ছাত্রদলে"), "ORG")} <= set(found)


def test_a_plural_an_adjective_or_a_counted_noun_before_a_town_word_is_no_place():
    found = _apply("মুক্তিযোদ্ধারা শহর ছেড়ে যান। উপসাগরীয় অঞ্চলের দেশগুলো। অন্যটি গ্রামে। অত্র ইউনিয়নের মানুষ।", [])
    assert found == []


def test_a_postposition_before_a_directorate_is_no_subject():
    found = _apply("অভিযানের পর অধিদপ্তরের কর্মকর্তারা চলে যান।", [])
    assert found == []


def test_a_directorate_cut_short_by_the_tagger_takes_its_subject_before():
    found = _apply("প্রতিরক্ষা গোয়েন্দা মহাপরিদপ্তরের একজন কর্মকর্তা বলেন।", [("গোয়েন্দা মহাপরিদপ্তরের", "ORG")])
    assert found == [(n("প্রতিরক্ষা গোয়েন্দা মহাপরিদপ্তরের"), "ORG")]
    for before in ("সংশ্লিষ্ট", "মঙ্গলবার", "বলেন"):  # a determiner, a day, a verb: no part of the name
        found = _apply(f"{before} গোয়েন্দা মহাপরিদপ্তরের একজন কর্মকর্তা বলেন।", [("গোয়েন্দা মহাপরিদপ্তরের", "ORG")])
        assert (n("গোয়েন্দা মহাপরিদপ্তরের"), "ORG") in found


def test_the_parliament_before_election_names_the_election_not_the_body():
    found = _apply("আসন্ন ত্রয়োদশ জাতীয় সংসদ নির্বাচনের তফসিল ঘোষণা হয়। জাতীয় সংসদে বিল পাস হয়।",
                   [("জাতীয় সংসদ", "ORG"), ("জাতীয় সংসদে", "ORG")])
    assert found == [(n("জাতীয় সংসদে"), "ORG")]


def test_a_division_named_right_after_its_ministry_is_a_body_there_and_elsewhere_in_the_text():
    text = ("অর্থ মন্ত্রণালয়ের আর্থিক প্রতিষ্ঠান বিভাগের প্রজ্ঞাপনে প্রজ্ঞাপন জারি হয়। শিক্ষা মন্ত্রণালয়ের মাধ্যমিক ও উচ্চশিক্ষা বিভাগ জানায়। "
            "পরে আর্থিক প্রতিষ্ঠান বিভাগের সুপারিশে তা হয়। হাসপাতালের জরুরি বিভাগে নেওয়া হয়।")
    found = _apply(text, [("অর্থ মন্ত্রণালয়ের", "ORG"), ("শিক্ষা মন্ত্রণালয়ের", "ORG")])
    assert found == [(n("অর্থ মন্ত্রণালয়ের"), "ORG"), (n("আর্থিক প্রতিষ্ঠান বিভাগের"), "ORG"), (n("শিক্ষা মন্ত্রণালয়ের"), "ORG"),
                     (n("মাধ্যমিক ও উচ্চশিক্ষা বিভাগ"), "ORG"), (n("আর্থিক প্রতিষ্ঠান বিভাগের"), "ORG")]


def test_a_word_ending_in_para_is_a_neighbourhood_a_place():
    found = _apply("তিনি ধর্মপাড়ার বাসিন্দা। পরে নোয়াপাড়ায় যান। খবরে তোলপাড় হয়। পুকুরপাড়ে বসে। পাড়ার লোকজন আসে।", [])
    assert found == [(n("ধর্মপাড়ার"), "LOC"), (n("নোয়াপাড়ায়"), "LOC")]


def test_a_person_named_before_a_street_is_split_from_it():
    text = "নিহতরা হলেন তাহসিন তপু ও ইরাম হৃদয়। আর ইরাম চিটাগং রোড এলাকায় থাকতেন। শাহজাহান রোডে হত্যা।"
    found = _apply(text, [("তাহসিন তপু", "PER"), ("ইরাম হৃদয়", "PER"), ("ইরাম চিটাগং রোড", "PER"), ("শাহজাহান রোডে", "LOC")])
    assert found == [(n("তাহসিন তপু"), "PER"), (n("ইরাম হৃদয়"), "PER"), (n("ইরাম"), "PER"), (n("চিটাগং রোড"), "LOC"),
                     (n("শাহজাহান রোডে"), "LOC")]


def test_a_court_named_after_its_district_is_one_body():
    text = "তাঁকে ঢাকার ৬ নম্বর বিশেষ জজ আদালতে তোলা হয়। বরিশাল চিফ মেট্রোপলিটন ম্যাজিস্ট্রেট আদালতের বিচারক বলেন। উচ্চ আদালতে যান।"
    found = _apply(text, [("ঢাকার", "LOC"), ("মেট্রোপলিটন", "PER")])
    assert found == [(n("ঢাকার ৬ নম্বর বিশেষ জজ আদালতে"), "ORG"), (n("বরিশাল চিফ মেট্রোপলিটন ম্যাজিস্ট্রেট আদালতের"), "ORG")]


def test_where_a_route_from_a_place_ends_is_a_place():
    text = "সেই পুরান ঢাকা থেকে আমিন বাজার পর্যন্ত মিছিল হয়। তিনি শেওড়াপাড়া থেকে কারওয়ান বাজার আসার পথে ছিলেন। ঢাকা থেকে সেখানে যান।"
    found = _apply(text, [("ঢাকা", "LOC"), ("আমিন", "PER"), ("শেওড়াপাড়া", "LOC")])
    assert found[:4] == [(n("পুরান ঢাকা"), "LOC"), (n("আমিন বাজার"), "LOC"), (n("শেওড়াপাড়া"), "LOC"), (n("কারওয়ান বাজার"), "LOC")]
    assert len(found) == 5


def test_a_surname_after_a_first_name_in_brackets_is_a_person():
    text = "ট্রাম্প বলেন, আমরা প্রেসিডেন্ট (ভ্লাদিমির) পুতিনের সঙ্গে কথা বলছি। পরিদর্শক (তদন্ত) বলেন, মামলা হয়েছে।"
    found = _apply(text, [("ট্রাম্প", "PER")])
    assert found == [(n("ট্রাম্প"), "PER"), (n("পুতিনের"), "PER")]


def test_an_acronym_the_tagger_found_as_a_body_once_is_that_body_wherever_the_text_writes_it():
    found = _apply("বিডিআর সদস্যরা এলেন। পরে বিডিআরের সাবেক সদস্য কথা বলেন। ওসি আসেন, ওসির কথা শোনা যায়।",
                   [("বিডিআরের", "ORG"), ("ওসির", "ORG")])
    assert found == [(n("বিডিআর"), "ORG"), (n("বিডিআরের"), "ORG"), (n("ওসির"), "ORG")]


def test_national_bodies_and_seats_the_tagger_missed_are_found():
    assert _apply("সেনাবাহিনীর মনোবল ভাঙতে বিডিআর বিদ্রোহে কর্মকর্তাদের হত্যা করা হয়।", []) == [(n("বিডিআর"), "ORG")]
    assert _apply("বিক্ষোভকারীরা গণভবন অভিমুখে যায়।", []) == [(n("গণভবন"), "LOC")]
    assert _apply("আজ বুধবার সচিবালয়ে সাংবাদিকদের তিনি এ কথা বলেন।", []) == [(n("সচিবালয়ে"), "LOC")]


def test_a_secretariat_owned_by_a_body_or_an_election_is_no_landmark():
    assert _apply("ইসি সচিবালয়ের সচিব বলেন, পৃথক সচিবালয় হবে।", []) == [(n("ইসি"), "ORG")]
    assert _apply("জাতীয় সংসদ নির্বাচনে ভোট হবে।", []) == []


def test_an_outlet_a_commission_and_a_part_of_dhaka_the_tagger_missed_are_found():
    assert _apply("তিনি কালের কণ্ঠকে দেওয়া সাক্ষাৎকারে এ কথা জানান।", []) == [(n("কালের কণ্ঠকে"), "ORG")]
    assert _apply("প্রস্তুতি সম্পন্ন করেছে নির্বাচন কমিশন (ইসি)।", []) == [(n("নির্বাচন কমিশন"), "ORG"), (n("ইসি"), "ORG")]
    assert _apply("ঢাকার উত্তরায় এক নারীকে হত্যা করা হয়।", [("ঢাকার", "LOC")]) == [(n("ঢাকার"), "LOC"), (n("উত্তরায়"), "LOC")]
    assert _apply("খবর পেয়ে জামালপুর সদর থানার পুলিশ যায়।", [("জামালপুর", "LOC")]) == [(n("জামালপুর সদর থানার"), "ORG")]


def test_a_market_is_named_with_its_word_but_goods_going_to_market_are_no_name():
    found = _apply("উপজেলার শিমুলতলা বাজারে আগুন লাগে। পরে চরপাড়া বাজারের দোকানও পোড়ে।", [("শিমুলতলা", "LOC")])
    assert (n("শিমুলতলা বাজারে"), "LOC") in found
    found = _apply("ইউনিয়নের ধলাইছড়া বাজারের পাশে লাশ পাওয়া যায়।", [])
    assert (n("ধলাইছড়া বাজারের"), "LOC") in found
    found = _apply("নতুন নোট বাজারে এসেছে। খুচরা বাজার থেকে কেনা। রোববার এলেই বাজার জমে।", [])
    assert found == []
    found = _apply("ইউনিয়নের কামারহাট বাজারে আগুন লাগে।", [("কামারহাট", "LOC")])
    assert found == [(n("কামারহাট"), "LOC")]


def test_a_family_name_alone_takes_the_first_name_written_with_it_elsewhere():
    found = _apply("অঞ্জন চৌধুরী প্রদর্শনী দেখেন। পরে অঞ্জন চৌধুরী বলেন, ভালো।", [("অঞ্জন চৌধুরী", "PER")])
    text = "অঞ্জন চৌধুরী প্রদর্শনী দেখেন। পরে অঞ্জন চৌধুরী বলেন, ভালো।"
    second = text.rindex("চৌধুরী")
    mentions = [Mention(0, 12, "অঞ্জন চৌধুরী", "PER"), Mention(second, second + 6, "চৌধুরী", "PER")]
    assert [(m.surface, m.type) for m in span_rules.apply(mentions, text)] == [("অঞ্জন চৌধুরী", "PER")] * 2
    assert found == [("অঞ্জন চৌধুরী", "PER")]


def test_a_family_name_alone_with_no_full_name_is_no_entity():
    found = _apply("মন্ত্রী নিতাই রায় চৌধুরীকে ফুল দিয়ে শুভেচ্ছা জানান।", [("চৌধুরীকে", "PER")])
    assert found == []


def test_a_common_surname_alone_is_no_entity_but_stays_beside_the_full_name():
    assert _apply("সভায় ইসলাম বক্তব্য দেন।", [("ইসলাম", "PER")]) == []
    found = _apply("নজরুল ইসলাম সভায় আসেন। পরে ইসলাম বক্তব্য দেন।", [("নজরুল ইসলাম", "PER"), ("ইসলাম", "PER")])
    assert ("নজরুল ইসলাম", "PER") in found and len(found) == 2


def test_a_ministry_cut_after_its_subject_takes_the_subject_back():
    text = "নির্দেশনা দিয়েছে আইন, বিচার ও সংসদ বিষয়ক মন্ত্রণালয়। সমাজকল্যাণ এবং মহিলা ও শিশু বিষয়ক মন্ত্রণালয়ের মন্ত্রী আসেন।"
    found = _apply(text, [("বিষয়ক মন্ত্রণালয়", "ORG"), ("বিষয়ক মন্ত্রণালয়ের", "ORG")])
    assert (n("আইন, বিচার ও সংসদ বিষয়ক মন্ত্রণালয়"), "ORG") in found
    assert (n("মহিলা ও শিশু বিষয়ক মন্ত্রণালয়ের"), "ORG") in found  # (এবং before: another ministry)


def test_a_ministrys_subject_is_never_a_word_of_another_mention():
    text = "ইসলামিক ফাউন্ডেশন ও ধর্ম বিষয়ক মন্ত্রণালয় আয়োজিত বইমেলা শুরু হয়।"
    found = _apply(text, [("ইসলামিক ফাউন্ডেশন", "ORG"), ("বিষয়ক মন্ত্রণালয়", "ORG")])
    assert (n("ধর্ম বিষয়ক মন্ত্রণালয়"), "ORG") in found and (n("ইসলামিক ফাউন্ডেশন"), "ORG") in found


def test_a_citys_name_written_with_state_keeps_the_word():
    text = "নিউইয়র্ক নগরের মেয়র পদে প্রাইমারিতে নিউইয়র্ক অঙ্গরাজ্যের সাবেক গভর্নরকে হারান তিনি।"
    at = text.rindex("নিউইয়র্ক")
    mentions = [Mention(0, 9, text[:9], "LOC"), Mention(at, at + 9, text[at : at + 9], "LOC")]
    found = [(m.surface, m.type) for m in span_rules.apply(mentions, text)]
    assert found == [(n("নিউইয়র্ক"), "LOC"), (n("নিউইয়র্ক অঙ্গরাজ্যের"), "LOC")]
    # a state that is no city's name keeps its plain name (রাখাইন is one place)
    assert _apply("মিয়ানমারের রাখাইন রাজ্যে সংঘাত চলছে।", [("রাখাইন", "LOC")]) == [(n("রাখাইন"), "LOC")]


def test_a_first_name_then_a_foreign_citys_name_is_one_person():
    text = "সম্মাননা পেলেন হিলারি ক্লিনটন, ড্যানজেল ওয়াশিংটন, লিওনেল মেসি। পুরস্কৃত হন অভিনেতা ডেনজেল ওয়াশিংটন।"
    found = _apply(text, [("হিলারি ক্লিনটন", "PER"), ("ড্যানজেল", "LOC"), ("ওয়াশিংটন", "LOC"), ("লিওনেল মেসি", "PER")])
    assert (n("ড্যানজেল ওয়াশিংটন"), "PER") in found and (n("ওয়াশিংটন"), "LOC") not in found
    at = text.rindex("ডেনজেল")
    mentions = [Mention(at, at + 6, text[at : at + 6], "PER"), Mention(at + 7, at + 16, text[at + 7 : at + 16], "LOC")]
    assert [(m.surface, m.type) for m in span_rules.apply(mentions, text)] == [(n("ডেনজেল ওয়াশিংটন"), "PER")]
    # a person, then a city written as where he goes: two names
    found = _apply("সাকিব আল হাসান ঢাকা ছাড়েন।", [("সাকিব আল হাসান", "PER"), ("ঢাকা", "LOC")])
    assert found == [(n("সাকিব আল হাসান"), "PER"), (n("ঢাকা"), "LOC")]
