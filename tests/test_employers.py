"""Officials who share a common name (issue 16): told apart by the body a report names next to their office."""

from khobor.analyze.employers import _token, agree, employer_of
from khobor.analyze.entities import EntityResolver
from khobor.analyze.roles import role_of
from khobor.model import Mention
from spans_fixture import article

NAME = "মোস্তাফিজুর রহমান"
VIROLOGIST = "আইসিডিডিআরবির হেড অব ভাইরোলজি ল্যাবরেটরি মোস্তাফিজুর রহমান বলেন, নতুন ধরন নিয়ে শঙ্কার কিছু নেই।"
BANKER = "কৃষি ব্যাংকের আন্তর্জাতিক ও হিসাব বিভাগের মহাব্যবস্থাপক মোস্তাফিজুর রহমান বলেন, প্রবাসী আয় বেড়েছে।"
OFFICER = "জেলা কৃষি সম্প্রসারণ অধিদপ্তরের অতিরিক্ত উপপরিচালক (উদ্যান) মোস্তাফিজুর রহমান বলেন, মুকুল এসেছে।"


def _report(aid: str, text: str, orgs: tuple[str, ...] = (), name: str = NAME, places: tuple[str, ...] = ()):
    return article(aid, text, [*((o, "ORG") for o in orgs), *((p, "LOC") for p in places), (name, "PER")])


def _employers(doc) -> list:
    person = doc.mentions[-1]
    return employer_of(doc.body, person, doc.mentions, role_of(doc.body, person, doc.mentions))


def test_the_body_named_next_to_an_office():
    assert [e[1] for e in _employers(_report("a", VIROLOGIST, ("আইসিডিডিআরবির",)))] == ["VSDRB"]
    assert [e[1] for e in _employers(_report("b", OFFICER, ("কৃষি সম্প্রসারণ অধিদপ্তরের",)))] == ["KS|SMPRSRN|VDPTR"]
    english = _report("c", "Mostafizur Rahman, general manager of the International Division of Krishi Bank, said so.",
                      ("International Division", "Krishi Bank"), "Mostafizur Rahman")
    english.mentions.sort(key=lambda m: m.start)
    person = english.mentions[0]
    assert [e[1] for e in employer_of(english.body, person, english.mentions, "office")] == ["KRS|BNK"]


def test_no_employer_of_a_former_office_a_player_or_a_clause_without_an_office():
    former = _report("a", "সিটি করপোরেশনের সাবেক মেয়র মোস্তাফিজুর রহমান দায়িত্বে ছিলেন।", ("সিটি করপোরেশনের",))
    player = _report("b", "দুবাই ক্যাপিটালসের পেসার মোস্তাফিজুর রহমান দুই উইকেট নেন।", ("দুবাই ক্যাপিটালসের",))
    # a body in the genitive, then a verb: the prime minister asked after the Jamaat amir, he is not of Jamaat
    asked = _report("c", "জামায়াত আমিরের খোঁজ নিলেন প্রধানমন্ত্রী তারেক রহমান", ("জামায়াত আমিরের",), "তারেক রহমান")
    assert _employers(former) == _employers(player) == _employers(asked) == []


def test_which_employers_agree():
    def body(name: str, place: str = "") -> list:
        return _token(Mention(0, len(name), name, "ORG"), place)

    assert agree(body("Krishi Bank"), body("কৃষি ব্যাংকের"))
    assert not agree(body("Dhaka Bank"), body("কৃষি ব্যাংকের"))
    assert not agree(body("আইসিডিডিআরবির"), body("কৃষি ব্যাংকের"))
    assert agree(body("Jamaat-e"), body("Jamaat-e-Islami"))  # a span cut short
    assert agree(body("Jamaat-e"), body("বাংলাদেশ জামায়াতে ইসলামীর"))
    assert agree(body("বিএনপির"), body("নিয়ামতপুর উপজেলা বিএনপির"))  # a party and its upazila unit
    assert agree(body("অর্থ মন্ত্রণালয়ের"), body("বাণিজ্য মন্ত্রণালয়ের"))  # an adviser holds several ministries
    assert agree(body("ডিএমপির"), body("ঢাকা মেট্রোপলিটন পুলিশের"))
    assert agree(body("Ducsu Social Welfare"), body("Dhaka University Central Students' Union"))
    assert agree(body("স্কয়ার টয়লেট্রিজ লিমিটেডের"), body("স্কয়ার এয়ার লিমিটেডের"))  # one group's companies
    assert not agree(body("সাতক্ষীরা সদর থানার"), body("জামায়াতের"))
    # one party, two districts' units: two people
    assert not agree(body("বিএনপির", "b:upazila:164"), body("বিএনপির", "b:district:14 b:upazila:123"))


def test_officials_of_one_name_with_other_employers_are_other_people():
    virologist = _report("a", VIROLOGIST, ("আইসিডিডিআরবির",))
    banker = _report("b", BANKER, ("কৃষি ব্যাংকের",))
    officer = _report("c", OFFICER, ("কৃষি সম্প্রসারণ অধিদপ্তরের",))
    again = _report("d", VIROLOGIST.replace("বলেন", "জানান"), ("আইসিডিডিআরবির",))
    plain = _report("e", "মোস্তাফিজুর রহমান আজ ঢাকায় ফিরেছেন।")
    resolver = EntityResolver().partial_fit([virologist, banker, officer, again, plain])
    ids = [d.mentions[-1].entity_id for d in (virologist, banker, officer, again, plain)]
    assert len(set(ids[:3])) == 3 and ids[3] == ids[0]
    assert ids[4] not in ids[:4]  # named with no employer among three namesakes: none of them (test_namesakes)
    assert {resolver.entities_[i].name for i in ids} == {NAME}


def test_the_same_employer_in_two_scripts_is_one_person():
    bengali = _report("a", BANKER, ("কৃষি ব্যাংকের",))
    english = article("b", "Mostafizur Rahman, general manager of Krishi Bank, said so.",
                      [("Mostafizur Rahman", "PER"), ("Krishi Bank", "ORG")])
    EntityResolver().partial_fit([bengali, english])
    assert bengali.mentions[-1].entity_id == english.mentions[0].entity_id


def test_a_name_cut_short_by_the_tagger_is_the_full_name():
    full = article("a", "বিএনপি চেয়ারপারসন Khaleda Zia বলেন।", [("Khaleda Zia", "PER")])
    cut = article("b", "BNP Chairperson Khaleda Zia is in hospital.", [("Khaleda", "PER")])
    other = article("c", "Khaleda is in hospital.", [("Khaleda", "PER")])
    EntityResolver().partial_fit([full, cut, other])
    assert cut.mentions[0].entity_id == full.mentions[0].entity_id
    assert other.mentions[0].entity_id != full.mentions[0].entity_id  # (the next word is no name)
