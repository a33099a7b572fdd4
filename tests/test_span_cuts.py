"""Spans run over two things, cut apart; bodies cut short, run on; counted bodies, ranks and awards dropped."""

import pytest

from khobor.analyze import span_cuts
from khobor.clean.normalize import normalize
from khobor.lang.bn.suffixes import strip_case_ending
from spans_fixture import placed


def _cut(text: str, spans: list[tuple[str, str]]) -> list[tuple[str, str]]:
    text, mentions = placed(text, spans)
    return [(m.surface, m.type) for m in span_cuts.cut(mentions, text)]


def n(text: str) -> str:
    return normalize(text)


def test_two_places_joined_by_a_hyphen_are_two_unless_a_road_follows():
    found = _cut("শেরপুর-৩ (শ্রীবরদী-ঝিনাইগাতী) আসনে ভোট হবে।", [("শ্রীবরদী-ঝিনাইগাতী", "LOC")])
    assert found == [(n("শ্রীবরদী"), "LOC"), (n("ঝিনাইগাতী"), "LOC")]
    found = _cut("বাসটি ঢাকা-সিলেট মহাসড়কে উল্টে যায়।", [("ঢাকা-সিলেট", "LOC")])
    assert found == [(n("ঢাকা-সিলেট মহাসড়কে"), "LOC")]


def test_a_person_run_into_his_upazila_is_cut():
    found = _cut("আটক আইয়ুব আলী পোরশা উপজেলার বাসিন্দা।", [("আইয়ুব আলী পোরশা", "PER")])
    assert found == [(n("আইয়ুব আলী"), "PER"), (n("পোরশা"), "LOC")]
    found = _cut("আইয়ুব আলী পোরশা বলেন, তিনি জানেন না।", [("আইয়ুব আলী পোরশা", "PER")])
    assert found == [(n("আইয়ুব আলী পোরশা"), "PER")]  # no place word after: the name as written


def test_a_place_that_begins_an_outlets_name_is_the_outlet():
    found = _cut("তিনি ঢাকা পোস্টকে বলেন, ঠিক আছে।", [("ঢাকা", "LOC")])
    assert found == [(n("ঢাকা পোস্টকে"), "ORG")]


@pytest.mark.parametrize("rank", ["ইন্সপেক্টর অব পুলিশ", "সাব-ইন্সপেক্টর অব পুলিশ", "পুলিশ সার্জেন্ট", "উপ-পুলিশ"])
def test_a_police_rank_is_no_organisation(rank):
    assert _cut(f"তিনি {rank} পদে আছেন।", [(rank, "ORG")]) == []


def test_an_upazilas_office_of_no_named_place_is_no_name():
    assert _cut("তাঁকে উপজেলা স্বাস্থ্য কমপ্লেক্সে নেওয়া হয়।", [("উপজেলা স্বাস্থ্য কমপ্লেক্সে", "ORG")]) == []


def test_a_name_before_a_schools_kind_and_head_is_the_school():
    found = _cut("পরে পোল্লাডাঙ্গা সরকারি প্রাথমিক বিদ্যালয়ের মাঠে সভা হয়।", [])
    assert found == [(n("পোল্লাডাঙ্গা সরকারি প্রাথমিক বিদ্যালয়ের"), "ORG")]
    found = _cut("পরে রামপুর সরকারি প্রাথমিক বিদ্যালয়ের মাঠে সভা হয়।", [("রামপুর", "LOC")])
    assert found == [(n("রামপুর সরকারি প্রাথমিক বিদ্যালয়ের"), "ORG")]
    assert _cut("তিনি এই সরকারি প্রাথমিক বিদ্যালয়ের শিক্ষক।", []) == []


def test_a_company_cut_after_a_common_first_word_runs_on():
    found = _cut("ঋণ দিচ্ছে প্রবাসী কল্যাণ ব্যাংক।", [("কল্যাণ ব্যাংক", "ORG")])
    assert found == [(n("প্রবাসী কল্যাণ ব্যাংক"), "ORG")]
    found = _cut("ঋণ দিচ্ছে সরকারি সোনালী ব্যাংক।", [("সোনালী ব্যাংক", "ORG")])
    assert found == [(n("সোনালী ব্যাংক"), "ORG")]  # whose bank, not its name
    found = _cut("বিক্রেতা মেসার্স সরদার স্টোরের পরিচালক বলেন।", [("মেসার্স", "ORG")])
    assert found == [(n("মেসার্স সরদার স্টোরের"), "ORG")]


def test_counted_bodies_and_awards_are_no_names():
    assert _cut("পাঁচটি ইসলামী ব্যাংককে একীভূত করা হবে।", [("ইসলামী ব্যাংককে", "ORG")]) == []
    assert _cut("তিনি জিন হারশল্ট মানবিকতা পুরস্কার পান।", [("জিন হারশল্ট", "PER")]) == []


@pytest.mark.parametrize("word,base", [("মন্ত্রণালয়ে", "মন্ত্রণালয়"), ("সচিবালয়ে", "সচিবালয়"), ("উল্লাহর", "উল্লাহ"),
                                       ("শহর", "শহর")])
def test_the_stripper_reads_e_after_ya_and_r_after_ah(word, base):
    assert strip_case_ending(n(word)) == n(base)


def test_a_persons_name_before_a_places_head_names_the_place():
    found = _cut("তাঁকে জিয়া আন্তর্জাতিক বিমানবন্দরে আটকানো হয়।", [("জিয়া", "PER")])
    assert found == [(n("জিয়া আন্তর্জাতিক বিমানবন্দরে"), "LOC")]
    assert _cut("সভা হয় জিয়া উদ্যানে।", [("জিয়া", "PER")]) == [(n("জিয়া উদ্যানে"), "LOC")]


def test_a_full_name_runs_on_over_the_name_readers_call_the_person_by():
    from khobor.analyze import analyze_text

    def persons(text):
        return [m["surface"] for m in analyze_text(text)["mentions"] if m["type"] == "PER"]

    text = "সভায় বক্তব্য দেন জেলা কমিটির সদস্য তরিকুল ইসলাম পলক। পরে তরিকুল ইসলাম পলক সাংবাদিকদের বলেন, সব ঠিক আছে।"
    assert persons(text) == [n("তরিকুল ইসলাম পলক")] * 2
    assert persons("বৈঠক শেষে তাজুল ইসলাম লেখেন, সব ঠিক আছে।") == [n("তাজুল ইসলাম")]  # a verb, not a name


def test_a_particle_a_title_or_a_verb_left_on_a_name_is_cut():
    found = _cut("ইদ্রিস আলীসহ ৫০ জন আহত হয়েছেন।", [("ইদ্রিস আলীসহ", "PER")])
    assert found == [(n("ইদ্রিস আলী"), "PER")]
    found = _cut("রাতে ডিসি মাসুদ আলমের নেতৃত্বে অভিযান চলে।", [("ডিসি মাসুদ আলমের", "PER")])
    assert found == [(n("মাসুদ আলমের"), "PER")]
    found = _cut("শেখ হাসিনা বলেন।", [("শেখ হাসিনা", "PER")])
    assert found == [(n("শেখ হাসিনা"), "PER")]  # an honorific news writes as part of the name stays
    found = _cut("পদায়নের মধ্যে রয়েছে-ঢাকা রেঞ্জে ৯৮ থানা।", [("রয়েছে-ঢাকা", "LOC")])
    assert found == [(n("ঢাকা"), "LOC")]


def test_a_name_after_a_title_and_its_one_word_cut_off_are_one():
    text = "পরিচালনা করেন নির্বাহী ম্যাজিস্ট্রেট সূফি সাজ্জাদ আল ফোজায়েল, রাহুল ঘোষ।"
    found = _cut(text, [("ম্যাজিস্ট্রেট সূফি", "PER"), ("সাজ্জাদ আল ফোজায়েল", "PER"), ("রাহুল ঘোষ", "PER")])
    assert found == [(n("সূফি সাজ্জাদ আল ফোজায়েল"), "PER"), (n("রাহুল ঘোষ"), "PER")]


def test_a_person_run_into_the_country_she_lives_in_is_cut():
    found = _cut("বিলকিস বেগম জর্ডান প্রবাসী ছিলেন।", [("বিলকিস বেগম জর্ডান", "PER")])
    assert found == [(n("বিলকিস বেগম"), "PER"), (n("জর্ডান"), "LOC")]


def test_a_river_island_and_a_headquarters_keep_their_whole_names():
    found = _cut("উপজেলার চর আমখাওয়া ইউনিয়নের বাজারে।", [("আমখাওয়া", "LOC")])
    assert found == [(n("চর আমখাওয়া"), "LOC")]
    found = _cut("পুলিশ সদর দপ্তর সূত্রে জানা যায়।", [("পুলিশ সদর", "ORG")])
    assert found == [(n("পুলিশ সদর দপ্তর"), "ORG")]



def test_a_body_in_the_genitive_before_its_part_is_the_body():
    found = _cut("বাংলাদেশ ব্যাংকের বোর্ড সভায় সিদ্ধান্ত হয়।", [("বাংলাদেশ ব্যাংকের বোর্ড", "ORG")])
    assert found == [(n("বাংলাদেশ ব্যাংকের"), "ORG")]


def test_a_medical_college_cut_before_its_heads_runs_on_and_a_female_title_is_cut():
    found = _cut("তাকে খুলনা মেডিকেল কলেজ হাসপাতালে পাঠানো হয়।", [("খুলনা মেডিকেল", "ORG")])
    assert found == [(n("খুলনা মেডিকেল কলেজ হাসপাতালে"), "ORG")]
    found = _cut("সভাপতি অধ্যাপিকা শাহানা ফেরদৌস উপস্থিত ছিলেন।", [("অধ্যাপিকা শাহানা ফেরদৌস", "PER")])
    assert found == [(n("শাহানা ফেরদৌস"), "PER")]


def test_a_tournaments_group_is_no_body_but_a_companys_group_is_one():
    text = "বাংলাদেশ গ্রুপ থেকে ভারত উঠল, এফ গ্রুপে খেলবে তারা। বেক্সিমকো গ্রুপের মালিক এলেন।"
    found = _cut(text, [("বাংলাদেশ গ্রুপ", "ORG"), ("এফ গ্রুপে", "ORG"), ("বেক্সিমকো গ্রুপের", "ORG")])
    assert found == [(n("বেক্সিমকো গ্রুপের"), "ORG")]


def test_a_persons_name_ends_at_the_particle_also():
    found = _cut("সাকিব আহমেদও পোস্টদাতাদের একজন।", [("সাকিব আহমেদও পোস্টদাতাদের", "PER")])
    assert found == [(n("সাকিব আহমেদ"), "PER")]
    found = _cut("মারিও গোমেজ এলেন।", [("মারিও গোমেজ", "PER")])
    assert found == [(n("মারিও গোমেজ"), "PER")]  # ও after a vowel sign is the name's own
