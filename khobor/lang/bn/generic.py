"""Bengali words that are never a name on their own, though taggers often return them as one.

Plain data, in khobor's canonical form (``normalize`` runs over it once). Matched against a
span's words in their base form (case ending stripped). Groups: generic bodies and places
(সরকার is "the government", not an organisation's name), discourse words that open a sentence,
titles, ranks and honorifics standing alone, kin and role nouns, weapons, weekdays and months.
A multi-word entry (কেন্দ্রীয় ব্যাংক) is matched as a whole span.
"""

from __future__ import annotations

from khobor.lang.bn.text import normalize

_GENERIC_BODIES = """
সরকার সরকারি প্রশাসন পুলিশ পুলিশি র‍্যাব-পুলিশ সেনা সেনাবাহিনী বাহিনী সেনাসদস্য নৌবাহিনী বিমানবাহিনী আদালত হাইকোর্ট
মন্ত্রণালয় মন্ত্রিসভা অধিদপ্তর অধিদফতর দপ্তর দফতর বিভাগ কমিশন কমিটি পরিষদ সংসদ দল সংগঠন সংস্থা প্রতিষ্ঠান কোম্পানি
ব্যাংক বিশ্ববিদ্যালয় কলেজ স্কুল বিদ্যালয় মাদ্রাসা হাসপাতাল ক্লিনিক থানা কারাগার জেলখানা কার্যালয় অফিস সচিবালয়
রাজধানী দেশ দেশটি দেশটির বিদেশ রাষ্ট্র শহর নগর মহানগর গ্রাম জেলা উপজেলা ইউনিয়ন ওয়ার্ড পৌরসভা এলাকা অঞ্চল সীমান্ত
সড়ক মহাসড়ক রাস্তা বাজার মার্কেট স্টেডিয়াম মাঠ বিমানবন্দর স্টেশন বন্দর সেতু নদী মসজিদ মন্দির কবরস্থান
জাদুঘর চিড়িয়াখানা একাডেমি উদ্যান মিলনায়তন ক্যাম্প
সিটি করপোরেশন কর্পোরেশন
দলটি সংস্থাটি প্রতিষ্ঠানটি বাহিনীটি সংগঠনটি শহরটি কোম্পানিটি দেশগুলো
বিশ্ব আন্তর্জাতিক জাতীয় স্থানীয় সামরিক বেসামরিক মধ্য দক্ষিণ উত্তর পূর্ব পশ্চিম সারাদেশ সারা দেশ
"""
_DISCOURSE = """
এছাড়া এছাড়াও এ ছাড়া এ ছাড়াও তবে তবুও এদিকে অন্যদিকে পাশাপাশি ফলে যদিও অথচ কিন্তু এবং অথবা বরং তাই সুতরাং অর্থাৎ
সেদিন সম্প্রতি বর্তমানে ইতোমধ্যে ইতিমধ্যে এরপর পরে আগে এখন তখন আজ গতকাল আগামীকাল এবার এ সময় এ বিষয়ে এ ঘটনায়
উল্লেখ্য জানা গেছে প্রসঙ্গত বিশেষ করে মূলত সাধারণত অবশ্য আসলে অবশেষে শেষে প্রথমে
"""
_TITLES_AND_ROLES = """
মো মোঃ মোছা মোসা মোছাঃ ড ডা ডক্টর বেগম শেখ জনাব মিস্টার মিসেস সাহেব হাজি আলহাজ মাওলানা মুফতি হাফেজ
অ্যাডভোকেট ব্যারিস্টার প্রকৌশলী অধ্যাপক সহযোগী প্রফেসর প্রভাষক শিক্ষক শিক্ষার্থী ছাত্র ছাত্রী চিকিৎসক ডাক্তার নার্স
আইজিপি ডিআইজি এসপি ওসি এসআই এএসআই ডিসি এডিসি ইউএনও সিইসি সিইও এমডি এমপি ভিসি প্রোভিসি কনস্টেবল
রাষ্ট্রপতি প্রেসিডেন্ট প্রধানমন্ত্রী উপদেষ্টা প্রধান উপদেষ্টা মন্ত্রী প্রতিমন্ত্রী উপমন্ত্রী সচিব সিনিয়র সচিব মহাসচিব
সভাপতি সাধারণ সম্পাদক সম্পাদক চেয়ারম্যান চেয়ারপারসন পরিচালক মহাপরিচালক মহাপরিদর্শক কমিশনার নির্বাচন কমিশনার
প্রধান নির্বাচন কমিশনার বিচারক বিচারপতি প্রসিকিউটর আইনজীবী কৌঁসুলি মুখপাত্র রাষ্ট্রদূত হাইকমিশনার কাউন্সিলর মেয়র
নেতা নেত্রী কর্মী সমর্থক প্রার্থী ভোটার কর্মকর্তা কর্মচারী সদস্য সেনাপ্রধান সেনা কর্মকর্তা ব্রিগেডিয়ার জেনারেল মেজর
কর্নেল লেফটেন্যান্ট ক্যাপ্টেন অ্যাডমিরাল এয়ার মার্শাল অব অবসরপ্রাপ্ত সাবেক প্রয়াত মরহুম শহীদ শহিদ
কোচ অধিনায়ক খেলোয়াড় ব্যাটার বোলার পেসার স্পিনার অভিনেতা অভিনেত্রী শিল্পী গায়ক গায়িকা পরিচালক প্রযোজক লেখক কবি
সাংবাদিক প্রতিবেদক প্রতিনিধি ব্যবসায়ী কৃষক শ্রমিক চালক যাত্রী রোগী নিহত আহত অভিযুক্ত আসামি বাদী সাক্ষী
বাবা মা ভাই বোন স্ত্রী স্বামী ছেলে মেয়ে সন্তান শিশু নারী পুরুষ তরুণ তরুণী যুবক কিশোর কিশোরী বৃদ্ধ পরিবার স্বজন
সৎমা সৎবাবা সৎভাই সৎবোন সৎছেলে সৎমেয়ে শ্বশুর শাশুড়ি দাদি নানি চাচি মামি খালা খালু ফুফু নাতি নাতনি ভাতিজা ভাগ্নে
"""
_THINGS = """
রাইফেল বন্দুক পিস্তল অস্ত্র গুলি বোমা গ্রেনেড ক্ষেপণাস্ত্র ড্রোন ট্যাংক ককটেল ছুরি চাপাতি
মোবাইল ফোন ইন্টারনেট ওয়েবসাইট ভিডিও ছবি সিনেমা চলচ্চিত্র নাটক গান ব্যান্ড সিরিয়াল টাকা ডলার
অস্কার গ্র্যামি
ভোট নির্বাচন সংসদ নির্বাচন গণভোট মামলা রায় আইন বিল বাজেট প্রকল্প চুক্তি বৈঠক সমাবেশ মিছিল হরতাল অবরোধ
"""
_WEEKDAYS_MONTHS = """
শনিবার রবিবার রোববার সোমবার মঙ্গলবার বুধবার বৃহস্পতিবার শুক্রবার
জানুয়ারি জানুয়ারী ফেব্রুয়ারি ফেব্রুয়ারী মার্চ এপ্রিল মে জুন জুলাই আগস্ট আগষ্ট সেপ্টেম্বর অক্টোবর নভেম্বর ডিসেম্বর
বৈশাখ জ্যৈষ্ঠ আষাঢ় শ্রাবণ ভাদ্র আশ্বিন কার্তিক অগ্রহায়ণ পৌষ মাঘ ফাল্গুন চৈত্র
ঈদ ঈদুল রমজান পূজা দুর্গাপূজা বড়দিন
"""
_DEMONYMS = """
বাংলাদেশি বাংলাদেশী মার্কিন রুশ ভারতীয় পাকিস্তানি চীনা ব্রিটিশ ফরাসি জার্মান জাপানি ইসরায়েলি ইরানি সৌদি আরবীয়
ইউক্রেনীয় ফিলিস্তিনি রোহিঙ্গা বাঙালি বাঙালী মুসলিম মুসলমান হিন্দু বৌদ্ধ খ্রিষ্টান খ্রিস্টান বিদেশি প্রবাসী
ইসলামী ইসলামি ইসলামিক রাশিয়ান আমেরিকান কোরীয় তুর্কি আফগান ইতালীয় স্প্যানিশ কানাডীয় অস্ট্রেলীয় মিসরীয় সিরীয় ইরাকি
সুইস ডাচ থাই নেপালি ভুটানি গ্রিক পর্তুগিজ মালয়েশীয় ইন্দোনেশীয় শ্রীলঙ্কান আফ্রিকান ইউরোপীয় এশীয়
"""


def _entries(*blocks: str) -> frozenset[str]:
    """Lines of blocks split into words; a multi-word entry is written with a non-breaking join below."""
    words = set()
    for block in blocks:
        words.update(normalize(w) for w in block.split())
    return frozenset(words)


# multi-word entries, matched as a whole span
_PHRASES = """
কেন্দ্রীয় ব্যাংক|সিটি করপোরেশন|সিটি কর্পোরেশন|অন্তর্বর্তী সরকার|অন্তর্বর্তীকালীন সরকার|তত্ত্বাবধায়ক সরকার|স্থানীয় প্রশাসন|জেলা প্রশাসন|উপজেলা প্রশাসন|
এ ছাড়া|এ ছাড়াও|এ সময়|এ বিষয়ে|এ ঘটনায়|জানা গেছে|বিশেষ করে|প্রধান উপদেষ্টা|সাধারণ সম্পাদক|সিনিয়র সচিব|
নির্বাচন কমিশনার|প্রধান নির্বাচন কমিশনার|ঈদুল ফিতর|ঈদুল আজহা|ঈদুল আযহা|শবে বরাত|শবে কদর|সেনা কর্মকর্তা|এয়ার মার্শাল|সহযোগী অধ্যাপক|সংসদ নির্বাচন|মোবাইল ফোন|ফায়ার সার্ভিসের সদস্য
"""
GENERIC_PHRASES: frozenset[str] = frozenset(normalize(p.strip()) for p in _PHRASES.split("|") if p.strip())
GENERIC_WORDS: frozenset[str] = _entries(_GENERIC_BODIES, _DISCOURSE, _TITLES_AND_ROLES, _THINGS, _WEEKDAYS_MONTHS, _DEMONYMS)
# words that never open a name: a span starting with one is cut after it (এছাড়া ঢাকায় -> ঢাকায়)
# words for bodies and peoples, which also begin names of bodies (ইউনিয়ন ব্যাংক, প্রবাসী কল্যাণ ব্যাংক)
BODY_WORDS: frozenset[str] = _entries(_GENERIC_BODIES, _DEMONYMS)
# (and a desk's byline, খেলা ডেস্ক | সাকলায়েন মুশতাক: the report opens with the desk, then a name)
LEADING_DISCOURSE: frozenset[str] = _entries(_DISCOURSE) - {normalize("এ")} | {normalize("ডেস্ক")}


# a last word that turns a name into "its government" (আওয়ামী লীগ সরকার, ইউনূস সরকার): cut off
TRAILING_GENERIC: frozenset[str] = frozenset(normalize(w) for w in "সরকার সরকা আমল".split())


def is_generic(bases: list[str]) -> bool:
    """True when a span (its words' base forms) is a generic word or phrase, not a name."""
    return " ".join(bases) in GENERIC_PHRASES or (len(bases) == 1 and bases[0] in GENERIC_WORDS)


# Adjective-making last parts: a word ending so describes a name, it is not one (বিএনপিপন্থী "pro-BNP",
# পরিদর্শনকালীন "during the visit", সরকারবিরোধী "anti-government").
ADJECTIVE_ENDINGS: tuple[str, ...] = tuple(normalize(w) for w in "পন্থী পন্থি কালীন কালিন ভিত্তিক বিরোধী সমর্থিত".split())
# Titles, ranks and degrees written before a person's name that readers do not count as part of it.
_NAME_PREFIXES = """
ড ডা ডক্টর ডাক্তার অধ্যাপক প্রফেসর অ্যাডমিরাল ভাইস রিয়ার এয়ার চিফ মার্শাল জেনারেল লেফটেন্যান্ট মেজর কর্নেল
ব্রিগেডিয়ার ক্যাপ্টেন স্কোয়াড্রন লিডার উইং কমান্ডার কমোডর সার্জেন্ট ইন্সপেক্টর পরিদর্শক উপপরিদর্শক ব্যারিস্টার
প্রকৌশলী মিস্টার মিসেস জনাব অবসরপ্রাপ্ত সাবেক প্রয়াত মরহুম
"""
NAME_PREFIXES: frozenset[str] = frozenset(normalize(w) for w in _NAME_PREFIXES.split())
# Words after a person's name that address or honour, not name (রুমি সাহেব, করিম ভাই).
NAME_SUFFIXES: frozenset[str] = frozenset(normalize(w) for w in "সাহেব সাহেবা স্যার ভাই আপা ভাবি চাচা মামা".split())
