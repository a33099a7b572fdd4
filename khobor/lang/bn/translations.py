"""English names that Bengali news translates rather than transliterates: countries and institutions.

Countries come from CLDR (babel: the English and Bengali names of each territory, India = ভারত).
Institution words are a small hand-written lexicon; a Latin name made only of such words (and
country names) gets a Bengali form (Election Commission = নির্বাচন কমিশন, National Board of
Revenue = জাতীয় রাজস্ব বোর্ড). Names with any other word are left to transliteration.
"""

from __future__ import annotations

import functools

import regex

from khobor.lang.bn.text import normalize

_WORDS = """
election:নির্বাচন commission:কমিশন national:জাতীয় board:বোর্ড revenue:রাজস্ব citizen:নাগরিক citizens:নাগরিক
party:পার্টি anti:_ corruption:দুর্নীতি_দমন supreme:সুপ্রিম high:হাই court:কোর্ট ministry:মন্ত্রণালয় home:স্বরাষ্ট্র
foreign:পররাষ্ট্র finance:অর্থ law:আইন education:শিক্ষা health:স্বাস্থ্য commerce:বাণিজ্য planning:পরিকল্পনা
agriculture:কৃষি railway:রেলপথ railways:রেলপথ affairs:_ of:_ the:_ and:ও bank:ব্যাংক central:কেন্দ্রীয়
league:লীগ students:ছাত্র student:ছাত্র army:সেনাবাহিনী navy:নৌবাহিনী police:পুলিশ metropolitan:মহানগর
university:বিশ্ববিদ্যালয় medical:মেডিকেল college:কলেজ hospital:হাসপাতাল parliament:সংসদ secretariat:সচিবালয়
islamic:ইসলামী movement:আন্দোলন front:ফ্রন্ট alliance:জোট council:পরিষদ security:নিরাপত্তা united:জাতিসংঘ_
nations:_ office:কার্যালয় chief:প্রধান adviser's:উপদেষ্টার
"""
LEXICON: dict[str, str] = {}
for _pair in _WORDS.split():
    _en, _bn = _pair.split(":")
    LEXICON[_en] = normalize(_bn.replace("_", " ")).strip() if _bn != "_" else ""


@functools.cache
def countries_en_bn() -> dict[str, str]:
    """English territory name (case-folded) -> Bengali (CLDR), without bracketed other names."""
    from babel import Locale

    english, bengali = Locale("en").territories, Locale("bn").territories
    out = {}
    for code, name in english.items():
        if code.isalpha() and code in bengali:
            out[name.casefold()] = normalize(regex.sub(r"\s*\(.*?\)", "", bengali[code])).strip()
    return out


def to_bengali(words: list[str]) -> str | None:
    """The Bengali form of a Latin name made of countries and lexicon words, else None."""
    name = " ".join(words).casefold()
    places = countries_en_bn()
    if name in places:
        return places[name]
    if "of" in [w.casefold() for w in words[1:-1]]:  # Ministry of Home Affairs: the of-phrase goes before its head
        at = [w.casefold() for w in words].index("of")
        words = words[: at - 1] + words[at + 1 :] + [words[at - 1]]
    out = []
    for word in words:
        low = word.casefold()
        if low in places:
            out.append(places[low])
        elif low in LEXICON:
            if LEXICON[low]:
                out.append(LEXICON[low])
        else:
            return None
    return " ".join(out) if len(out) >= 1 and len(words) >= 2 else None
