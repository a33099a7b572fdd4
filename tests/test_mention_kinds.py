"""Kinds of mention errors read on real news: a place name's own র cut, a transliterated word with a joiner read as a
name, parks typed as persons, names cut at ও, a hyphen or a two-word head, portfolios taken for bodies, contests in
English taken for bodies."""

import pytest

from khobor.analyze import analyze_text, span_cuts
from khobor.analyze.english import english_entities
from khobor.analyze.names import lemma_forms
from khobor.clean.normalize import normalize
from spans_fixture import placed


def n(text: str) -> str:
    return normalize(text)


def _found(text: str) -> list[tuple[str, str]]:
    return [(m["surface"], m["type"]) for m in analyze_text(text)["mentions"]]


def _cut(text: str, spans: list[tuple[str, str]]) -> list[tuple[str, str]]:
    text, mentions = placed(text, spans)
    return [(m.surface, m.type) for m in span_cuts.cut(mentions, text)]


def test_a_place_ending_in_pur_keeps_its_r_and_a_genitive_still_loses_it():
    assert lemma_forms(n("ঝুমঝুমপুর"))[0] == n("ঝুমঝুমপুর")  # not ঝুমঝুমপু + র
    assert lemma_forms(n("ঝুমঝুমপুরের"))[0] == n("ঝুমঝুমপুর")
    assert lemma_forms(n("ফরিদপুর"))[0] == n("ফরিদপুর")
    assert lemma_forms(n("মিঠুর"))[0] == n("মিঠু")  # a name's genitive
    assert lemma_forms(n("কিংয়ে"))[0] == n("কিং")


def test_a_transliterated_word_written_with_a_joiner_is_no_person():
    assert _found("আছেন র‍্যাঙ্কিংয়ের ১৮ নম্বরে।") == []
    assert lemma_forms(n("র‍্যাঙ্কিংয়ের"))[0] == n("র‍্যাঙ্কিং")


def test_a_park_a_lake_or_a_ground_is_a_place_not_a_person():
    assert _cut("রাজধানীর রবীন্দ্র সরোবরে অনুষ্ঠান হয়।", [("রবীন্দ্র সরোবরে", "PER")]) == [(n("রবীন্দ্র সরোবরে"), "LOC")]
    assert _cut("শহরের নোমানী ময়দান ও পাশের ভবনে", [("নোমানী ময়দান", "PER")]) == [(n("নোমানী ময়দান"), "LOC")]


def test_an_index_cut_before_its_head_runs_on_over_it():
    found = _cut("গ্লোবাল হাংগার ইনডেক্সে বাংলাদেশ পিছিয়েছে।", [("গ্লোবাল হাংগার", "LOC")])
    assert found == [(n("গ্লোবাল হাংগার ইনডেক্সে"), "ORG")]
    assert _cut("প্রথম আলোর রিপোর্ট অনুযায়ী", [("প্রথম আলোর", "ORG")]) == [(n("প্রথম আলোর"), "ORG")]


def test_two_bodies_joined_by_o_or_a_hyphen_are_two_and_one_body_of_two_subjects_is_one():
    found = _cut("রেলপথ মন্ত্রণালয় ও নৌপরিবহন মন্ত্রণালয়ের দায়িত্ব", [("রেলপথ মন্ত্রণালয় ও নৌপরিবহন মন্ত্রণালয়ের", "ORG")])
    assert found == [(n("রেলপথ মন্ত্রণালয়"), "ORG"), (n("নৌপরিবহন মন্ত্রণালয়ের"), "ORG")]
    found = _cut("তথ্য ও সম্প্রচার মন্ত্রণালয় জানায়", [("তথ্য ও সম্প্রচার মন্ত্রণালয়", "ORG")])
    assert found == [(n("তথ্য ও সম্প্রচার মন্ত্রণালয়"), "ORG")]
    found = _cut("নিয়ন্ত্রণ করতেন ছাত্রলীগ-যুবলীগের নেতারা", [("ছাত্রলীগ-যুবলীগের", "ORG")])
    assert found == [(n("ছাত্রলীগ"), "ORG"), (n("যুবলীগের"), "ORG")]
    assert (n("যুবদলের"), "ORG") in _found("অভিযোগ উঠেছে, সহযোগী সংগঠন ছাত্রদল-যুবদলের কয়েকজন নেতা জড়িত।")


def test_a_body_named_by_a_place_and_two_subjects_is_one_body():
    found = _cut("পরে তিনি যশোর বিজ্ঞান ও প্রযুক্তি বিশ্ববিদ্যালয়ের ফার্মেসি বিভাগে ভর্তি হন।",
                 [("যশোর", "LOC"), ("প্রযুক্তি বিশ্ববিদ্যালয়ের", "ORG")])
    assert found == [(n("যশোর বিজ্ঞান ও প্রযুক্তি বিশ্ববিদ্যালয়ের"), "ORG")]
    found = _cut("বিএনপি ও ঢাকা বিশ্ববিদ্যালয় শিক্ষক সমিতি", [("বিএনপি", "ORG"), ("ঢাকা বিশ্ববিদ্যালয়", "ORG")])
    assert found == [(n("বিএনপি"), "ORG"), (n("ঢাকা বিশ্ববিদ্যালয়"), "ORG")]


@pytest.mark.parametrize("before", ["বিষয়গুলো", "বিষয়টি"])
def test_a_noun_with_its_own_classifier_does_not_count_the_body_after_it(before):
    assert _cut(f"{before} আইন মন্ত্রণালয়ের হাতেই থাকছে।", [("আইন মন্ত্রণালয়ের", "ORG")]) == [(n("আইন মন্ত্রণালয়ের"), "ORG")]
    assert _cut("পাঁচটি ইসলামী ব্যাংককে একীভূত করা হবে।", [("ইসলামী ব্যাংককে", "ORG")]) == []


def test_a_body_cut_before_the_second_word_of_its_head_runs_on():
    found = _cut("রামপুর পুলিশ তদন্তকেন্দ্রের পরিদর্শক বলেন।", [("রামপুর পুলিশ", "ORG")])
    assert found == [(n("রামপুর পুলিশ তদন্তকেন্দ্রের"), "ORG")]


def test_parts_of_a_ministers_list_of_subjects_are_a_portfolio():
    found = _found("জানিয়েছেন স্থানীয় সরকার, পল্লী উন্নয়ন ও সমবায় (এলজিআরডি) মন্ত্রী মির্জা ফখরুল ইসলাম আলমগীর।")
    assert (n("পল্লী উন্নয়ন"), "ORG") not in found and (n("সমবায়"), "ORG") not in found
    assert (n("মির্জা ফখরুল ইসলাম আলমগীর"), "PER") in found


def test_an_english_contest_or_group_is_no_body_and_a_possessive_place_is_cut_from_a_stadium():
    text = ("Bangladesh are in Group C of the 2026 Men’s T20 World Cup, with the India-Pakistan fixture at Colombo’s "
            "R Premadasa Stadium.")
    found = [(text[s.start : s.end], s.type) for s in english_entities(text)]
    assert ("Colombo", "LOC") in found and ("R Premadasa Stadium", "LOC") in found
    assert not any("World Cup" in s or s.startswith("Group") for s, _ in found)


def test_an_english_market_is_a_place_a_route_two_places_and_an_award_night_its_academy():
    text = "Eggs reach Kaptan Bazar from the Dhaka-Cox's Bazar highway. 'Emilia Perez' tops Golden Globes nominations."
    found = [(text[s.start : s.end], s.type) for s in english_entities(text)]
    assert ("Kaptan Bazar", "LOC") in found and ("Dhaka", "LOC") in found and ("Cox's Bazar", "LOC") in found
    assert ("Golden Globes", "ORG") in found


def test_a_district_written_with_dental_na_is_known_and_a_city_unit_runs_on_over_its_police():
    found = _found("পরে তিনি নেত্রকোনা, ফেনী ও মাগুরা জেলার পুলিশ সুপার ছিলেন।")
    assert (n("নেত্রকোনা"), "LOC") in found
    assert _cut("ঢাকা মহানগর পুলিশের উপকমিশনার", [("ঢাকা মহানগর", "ORG")]) == [(n("ঢাকা মহানগর পুলিশের"), "ORG")]


def test_a_participle_is_no_ministrys_subject_and_a_party_word_no_part_of_a_name():
    assert _found("অংশ নেওয়া মন্ত্রণালয় ও বিভাগের কর্মকর্তা-কর্মচারীরা বসে পড়েছেন।") == []
    assert _cut("নির্বাচনে রিপাবলিকান ডোনাল্ড ট্রাম্পের জয়", [("রিপাবলিকান ডোনাল্ড ট্রাম্পের", "PER")]) == \
        [(n("ডোনাল্ড ট্রাম্পের"), "PER")]


def test_a_person_sharing_the_family_name_of_the_next_is_found():
    found = _found("প্রিয়াংকা রায় গ্রামের স্কুলশিক্ষক সাধন রায় ও সেফালী রায়ের কনিষ্ঠ কন্যা।")
    assert (n("সাধন রায়"), "PER") in found and (n("সেফালী রায়ের"), "PER") in found


def _in_order(text: str, spans: list[tuple[str, str]]) -> list:
    """A mention for each (surface, type), each found after the one before."""
    from khobor.model import Mention

    out, at = [], 0
    for surface, kind in spans:
        start = text.index(n(surface), at)
        out.append(Mention(start, start + len(n(surface)), n(surface), kind))
        at = start + len(n(surface))
    return out


def test_a_person_called_by_one_word_run_into_the_next_name_is_cut_back_to_that_word():
    from khobor.analyze.mention_tidy import tidy_mentions

    text = n("সাবেক প্রেসিডেন্ট রবার্ট কেনসন অসুস্থ। কেনসন চিকিৎসা নিচ্ছেন। কেনসন জানান, তিনি ভালো আছেন। "
             "নেতা কেনসন গ্রিন প্যালেস ছেড়ে চলে যান।")
    mentions = _in_order(text, [("রবার্ট কেনসন", "PER"), ("কেনসন", "PER"), ("কেনসন", "PER"), ("কেনসন গ্রিন", "PER")])
    assert [m.surface for m in tidy_mentions(mentions, text)][-1] == n("কেনসন")
    # a second word seen in another name of the text, or a first word no one is called by, keeps the name whole
    text = n("রবার্ট কেনসন এলেন। কেনসন হাসলেন। কেনসন বললেন। কেনসন গ্রিন যোগ দেন। মেরি গ্রিন আসেন।")
    mentions = _in_order(text, [("রবার্ট কেনসন", "PER"), ("কেনসন", "PER"), ("কেনসন", "PER"), ("কেনসন গ্রিন", "PER"),
                                ("মেরি গ্রিন", "PER")])
    assert n("কেনসন গ্রিন") in [m.surface for m in tidy_mentions(mentions, text)]


def test_a_company_whose_first_word_is_a_title_is_no_person():
    text = ("Five of the listed finance companies performed worst. They are FAS Finance, Bangladesh Industrial Finance, "
            "Premier Leasing, Fareast Finance, GSP Finance and Prime Finance.")
    found = [(text[s.start : s.end], s.type) for s in english_entities(text)]
    assert ("Premier Leasing", "ORG") in found and not any(kind == "PER" for _, kind in found)


def test_a_word_only_ever_written_before_kora_is_a_verbs_noun_not_a_person():
    from khobor.analyze.mention_tidy import tidy_mentions

    text = n("তুমি নাকি জয়েন করবে না? পরে জয়েন করা হয়নি। আমিরুল করেন পাঁচ গোল।")
    mentions = _in_order(text, [("জয়েন", "PER"), ("জয়েন", "PER"), ("আমিরুল", "PER")])
    assert [m.surface for m in tidy_mentions(mentions, text)] == [n("আমিরুল")]


def test_a_shop_named_after_a_person_is_an_organisation():
    found = _cut("পাম্পটির নাম করিম উদ্দিন এলপিজি গ্যাসপাম্প। পরে রহিম মিয়া বাড়ি ফেরেন।",
                 [("করিম উদ্দিন", "PER"), ("রহিম মিয়া", "PER")])
    assert found == [(n("করিম উদ্দিন এলপিজি গ্যাসপাম্প"), "ORG"), (n("রহিম মিয়া"), "PER")]


def test_an_illness_or_the_call_to_prayer_is_no_name():
    from khobor.analyze.mention_tidy import tidy_mentions
    from khobor.model import Mention

    for word in ("নিউমোনিয়ায়", "ডায়রিয়া", "আজানের", "ডিফেন্সে", "সুনামির"):
        word = normalize(word)
        assert tidy_mentions([Mention(0, len(word), word, "LOC")]) == []


def test_organs_and_illnesses_are_no_names():
    from khobor.analyze.entities import tidy_mentions

    text, mentions = placed("তিনি হৃদরোগ, লিভার সিরোসিস, কিডনির জটিলতাসহ নানা অসুস্থতায় ভুগছেন।",
                            [("লিভার সিরোসিস", "ORG"), ("কিডনির", "LOC")])
    assert tidy_mentions(mentions, text) == []


def test_a_films_sequel_and_a_runner_up_are_no_names():
    from khobor.analyze.entities import tidy_mentions

    text, mentions = placed("সিনেমার সিকুয়েল ‘উইকেড: ফর গুড’ মুক্তি পেয়েছে। গ্রুপের শীর্ষ দল গত আসরের রানার্স আপ ফ্রান্স।",
                            [("সিকুয়েল", "LOC"), ("রানার্স", "ORG"), ("ফ্রান্স", "LOC")])
    assert [(m.surface, m.type) for m in tidy_mentions(mentions, text)] == [(normalize("ফ্রান্স"), "LOC")]


def test_a_read_more_teaser_run_into_a_name_is_cut_off():
    from khobor.analyze.mention_tidy import tidy_mentions

    text, mentions = placed("খেলা শেষে দল মাঠ ছাড়ে। আরও পড়ুনরোনালদো আবার গোল করলেন", [("পড়ুনরোনালদো", "PER")])
    assert [(m.surface, text[m.start:m.end]) for m in tidy_mentions(mentions, text)] == [(normalize("রোনালদো"), normalize("রোনালদো"))]
