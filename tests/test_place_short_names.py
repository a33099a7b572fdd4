"""A country's short name in news is the country CLDR names in full (issue 16: places that are known)."""

from khobor.analyze.entities import EntityResolver
from khobor.lang.bn.gazetteer import place_ids
from spans_fixture import article


def test_short_country_names_are_the_country():
    for short, full in (("যুক্তরাষ্ট্র", "মার্কিন যুক্তরাষ্ট্র"), ("U.S.", "United States"), ("ব্রিটেন", "যুক্তরাজ্য")):
        assert place_ids(short, main=True) == place_ids(full, main=True) != frozenset()
    assert place_ids("যুক্তরাষ্ট্র") != place_ids("যুক্তরাজ্য")


def test_the_short_name_joins_the_full_names_entity():
    full = article("a", "মার্কিন যুক্তরাষ্ট্র নতুন শুল্ক দিয়েছে।", [("মার্কিন যুক্তরাষ্ট্র", "LOC")])
    short = article("b", "যুক্তরাষ্ট্রের প্রতিনিধি ঢাকায় এসেছেন।", [("যুক্তরাষ্ট্রের", "LOC")])
    other = article("c", "যুক্তরাজ্যের প্রতিনিধি ঢাকায় এসেছেন।", [("যুক্তরাজ্যের", "LOC")])
    EntityResolver().partial_fit([full, short, other])
    assert short.mentions[0].entity_id == full.mentions[0].entity_id != other.mentions[0].entity_id
