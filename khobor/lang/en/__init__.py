"""English word knowledge shared by every stage: month and weekday names, small number words, and the
function words that open sentences ("The", "He", "After") and so must never be read as names."""

from __future__ import annotations

_MONTHS = {1: "january jan", 2: "february feb", 3: "march mar", 4: "april apr", 5: "may", 6: "june jun",
           7: "july jul", 8: "august aug", 9: "september sept sep", 10: "october oct", 11: "november nov",
           12: "december dec"}
MONTHS = {w: m for m, names in _MONTHS.items() for w in names.split()}  # lower case -> 1-12
SHORT_MONTHS = frozenset(w for w in MONTHS if len(w) <= 4 and w != "june" and w != "july")  # also ordinary words (may, mar)
WEEKDAYS = {name: i for i, name in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())}
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
           "nine": 9, "ten": 10}
FUNCTION_WORDS = frozenset(
    "a an the this that these those they them he she it its his her him we us our i you your their there here "
    "who what which when where why how with without after before during since until but and or nor if as at in on "
    "of for by from to into about also however meanwhile moreover besides although though while yet so then "
    "earlier later today yesterday tomorrow both all some many most several each every any no not one".split())
# Words before a person's name that are not part of it (titles, ranks, roles), lower case.
NAME_TITLES = frozenset(
    "president prime minister ministers adviser advisor chief chairman chairperson chair secretary general "
    "director commissioner election officer-in-charge oc officer inspector superintendent sub-inspector "
    "assistant deputy additional senior joint police home foreign finance law state acting former late "
    "mr mr. mrs mrs. ms ms. dr dr. prof prof. professor justice judge lawyer advocate barrister "
    "captain col col. colonel lt lt. major gen gen. general brigadier admiral marshal air commander "
    "king queen prince princess sheikh mp speaker mayor governor ambassador envoy spokesman spokesperson "
    "leader coach captain skipper striker batter bowler pacer spinner opener star actor actress singer "
    "editor reporter correspondent executive managing md ceo cto founder owner vice pro-vice chancellor vc "
    "secretary-general under-secretary si asi asp sp ssp adc uno igp dig mawlana maulana".split())
# English-language news outlets of Bangladesh and beyond (organisations, whatever a tagger says); Bengali
# outlets and agencies are in ``khobor.lang.bn.news_words``.
OUTLETS = frozenset(
    "daily star|financial express|dhaka tribune|new age|business standard|the business standard|ntv|bss|unb|"
    "prothom alo english|daily sun|new nation|observer|independent|bbc|cnn|reuters|afp|ap|al jazeera|"
    "associated press|new york times|washington post|guardian|times of india|hindustan times|the hindu".split("|"))
# Acronyms of common nouns (a camera, a ward, a document), not of a body or a person: never an entity alone.
COMMON_ACRONYMS = frozenset(
    "CCTV ICU CCU HDU NICU AC DC TV FM AM GDP GNP VAT LOI MOU MoU CEO CFO COO MD GM DGM AGM VIP ID NID SIM SMS "
    "ATM PIN OTP CNG LPG LNG DNA HIV AIDS PCR PhD MBBS GPA SSC HSC JSC PSC FIR GD AI GMT".split())
