"""Bengali word lists for names: title words that precede names, heads, demonyms (case endings: ``suffixes``).

Everything here is in khobor's canonical form (NFC, য় decomposed), so the
lists are passed through ``normalize`` once when the module loads.
"""

from __future__ import annotations

import functools

from khobor.lang.bn.text import normalize

from khobor.lang.bn.suffixes import (  # noqa: F401  (the one stripper; re-exported for existing callers)
    CASE_ENDINGS, INDEPENDENT_VOWELS, VOWEL_ENDINGS, VOWEL_SIGNS, base_forms, case_ending, strip_case_ending, strip_ending)


# Words that come right before a person's name in news text.
_TITLES = """
প্রেসিডেন্ট রাষ্ট্রপতি প্রধানমন্ত্রী পররাষ্ট্রমন্ত্রী প্রতিরক্ষামন্ত্রী স্বরাষ্ট্রমন্ত্রী অর্থমন্ত্রী মন্ত্রী উপমন্ত্রী প্রতিমন্ত্রী
মুখপাত্র চেয়ারম্যান সভাপতি সম্পাদক সাধারণ মহাসচিব সচিব নেতা নেত্রী রাজা রানি যুবরাজ রাষ্ট্রদূত দূত উপদেষ্টা
প্রধান উপাচার্য অধ্যাপক ড ডা ডক্টর মিঃ মি মিস্টার মিসেস জনাব বেগম শেখ সাংসদ এমপি মেয়র গভর্নর বিচারপতি বিচারক
কমান্ডার জেনারেল লেফটেন্যান্ট কর্নেল মেজর ক্যাপ্টেন অধিনায়ক কোচ খেলোয়াড় অভিনেতা অভিনেত্রী শিল্পী লেখক কবি
পুলিশ সুপার ওসি কর্মকর্তা পরিচালক ব্যবস্থাপনা নির্বাহী প্রতিষ্ঠাতা মালিক ভাই বোন বাবা মা স্ত্রী স্বামী ছেলে মেয়ে
সমকক্ষ প্রতিনিধি আহ্বায়ক চ্যান্সেলর সেক্রেটারি স্পিকার ইমাম পোপ কাউন্সিলর চেয়ারপারসন
"""
TITLE_WORDS: frozenset[str] = frozenset(normalize(w) for w in _TITLES.split())
# Honorifics Bangladeshi news writes as part of the name (শেখ হাসিনা, বেগম খালেদা জিয়া): inside a name they stay.
NAME_HONORIFICS: frozenset[str] = frozenset(normalize(w) for w in "শেখ বেগম".split())

# Pronouns and other words that stand where a speaker's name would (তিনি বলেন, এটি বলেছে).
_NOT_NAMES = """
তিনি তিনিও তাঁরা তারা তাঁরাও তারাও সে উনি এটি এটা এতে ওই সেই তাঁর তার তাদের তাঁদের আমি আমরা আপনি কেউ সবাই
উভয় উভয়ে দুজন দু’জন কর্মকর্তারা সূত্র সূত্রটি বিবৃতিতে প্রতিবেদনে আরও আরো ও এবং কিন্তু তবে যা যে
"""
NOT_NAMES: frozenset[str] = frozenset(normalize(w) for w in _NOT_NAMES.split())

# Demonyms: in the training news they are other words, or part of a place or organisation, never a person.
_DEMONYMS = """
রুশ রাশিয়ান মার্কিন আমেরিকান ভারতীয় চীনা ব্রিটিশ ফরাসি জার্মান পাকিস্তানি জাপানি ইসরায়েলি ইরানি সৌদি কোরীয়
ইউক্রেনীয় বাংলাদেশি তুর্কি আফগান ইতালীয় স্প্যানিশ কানাডীয় অস্ট্রেলীয় ফিলিস্তিনি মিসরীয় সিরীয় ইরাকি রোহিঙ্গা
"""
DEMONYMS: frozenset[str] = frozenset(normalize(w) for w in _DEMONYMS.split())

# Words right after a name of a place / organisation.
_PLACE_HEADS = "শহর শহরে নগরী জেলা জেলার উপজেলা উপজেলার অঞ্চল অঞ্চলে অঞ্চলের প্রদেশ প্রদেশের রাজ্য রাজ্যের দ্বীপ থানা থানার গ্রাম গ্রামের বিভাগ"
PLACE_HEADS: frozenset[str] = frozenset(normalize(w) for w in _PLACE_HEADS.split())
_ORG_HEADS = "মন্ত্রণালয় মন্ত্রণালয়ের বিশ্ববিদ্যালয় বিশ্ববিদ্যালয়ের ব্যাংক ব্যাংকের কমিশন কমিশনের পার্টি পার্টির লীগ লীগের দল দলের সংস্থা সংস্থার বাহিনী বাহিনীর পরিষদ পরিষদের কর্তৃপক্ষ কোম্পানি লিমিটেড ক্লাব সমিতি ফাউন্ডেশন একাডেমি ইনস্টিটিউট হাসপাতাল কলেজ স্কুল আদালত"
ORG_HEADS: frozenset[str] = frozenset(normalize(w) for w in _ORG_HEADS.split())

# English letter names as Bengali writes them in acronyms (KCNA -> কেসিএনএ).
LETTER_NAMES: dict[str, str] = {
    k: normalize(v)
    for k, v in {
        "A": "এ", "B": "বি", "C": "সি", "D": "ডি", "E": "ই", "F": "এফ", "G": "জি", "H": "এইচ", "I": "আই",
        "J": "জে", "K": "কে", "L": "এল", "M": "এম", "N": "এন", "O": "ও", "P": "পি", "Q": "কিউ", "R": "আর",
        "S": "এস", "T": "টি", "U": "ইউ", "V": "ভি", "W": "ডব্লিউ", "X": "এক্স", "Y": "ওয়াই", "Z": "জেড",
    }.items()
}


def is_letter_acronym(word: str) -> bool:
    """True when a Bengali word spells two or more Latin letter names: কেসিএনএ (KCNA), ডিপিআরকে."""
    return spelled_letters(word) >= 2 and len(word) >= 3


@functools.lru_cache(maxsize=65536)
def spelled_letters(word: str) -> int:
    """How many Latin letter names the Bengali word spells (এফসিএমএ: 4, এমপি: 2), 0 when it is not all letter names."""
    names = _LETTER_NAME_SET
    ok = [True] + [False] * len(word)  # ok[i]: word[:i] splits into letter names
    count = [0] * (len(word) + 1)
    for i in range(len(word)):
        if not ok[i]:
            continue
        for name in names:
            if word.startswith(name, i) and (not ok[i + len(name)] or count[i] + 1 > count[i + len(name)]):
                ok[i + len(name)] = True
                count[i + len(name)] = count[i] + 1
    return count[len(word)] if ok[len(word)] else 0


_LETTER_NAME_SET = frozenset(LETTER_NAMES.values())
