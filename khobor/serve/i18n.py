"""The pages' two languages: a small message catalog and dates written as readers write them.

Bengali pages say ৩ ডিসেম্বর ২০২৫ with Bengali digits; English pages say 3 December 2025.
A page's language comes from ``?lang=`` (remembered in a cookie), else the cookie, else English.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from khobor.lang.bn.calendar import GREGORIAN_MONTH_NAMES

LANGS = ("en", "bn")
COOKIE = "khobor_lang"
BN_DIGITS = str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯")
MONTHS = {
    "en": "January February March April May June July August September October November December".split(),
    "bn": GREGORIAN_MONTH_NAMES,
}
SHORT_MONTHS = {"en": [m[:3] for m in MONTHS["en"]], "bn": MONTHS["bn"]}

# key: (English, Bengali). English plurals are "singular|plural"; {n} is the count.
MESSAGES: dict[str, tuple[str, str]] = {
    "nav.home": ("Today", "আজকের খবর"),
    "nav.entities": ("Entities", "নাম"),
    "nav.search": ("Search", "খুঁজুন"),
    "nav.api": ("API", "এপিআই"),
    "search.placeholder": ("search…", "খুঁজুন…"),
    "footer": ("khobor · read-only view of the store", "খবর · সংগ্রহের পাঠযোগ্য রূপ"),
    "footer.edits": ("khobor · corrections are on", "খবর · সংশোধন চালু"),
    "switch": ("বাংলা", "English"),
    "undated": ("undated", "তারিখ নেই"),
    "unknown_outlet": ("unknown outlet", "অজানা সংবাদমাধ্যম"),
    "counts": ("{articles} articles ({duplicates} copies) · {events} events · {stories} stories · {entities} entities",
               "{articles}টি খবর ({duplicates}টি কপি) · {events}টি ঘটনা · {stories}টি ধারাবাহিক · {entities}টি নাম"),
    "home.title": ("What is happening", "কী ঘটছে"),
    "home.ranked": ("Ranked by recent activity; newest report in the store: {day}.",
                    "সাম্প্রতিক সক্রিয়তা অনুযায়ী সাজানো; সংগ্রহের সর্বশেষ খবর: {day}।"),
    "home.none": ("No stories yet", "এখনো কোনো ধারাবাহিক নেই"),
    "home.none_match": ("Nothing matches these filters.", "এই ছাঁকনিতে কিছু মেলেনি।"),
    "home.none_note": ("The event and story stages have not grouped anything in this store yet. Here is what the store holds so far.",
                       "ঘটনা ও ধারাবাহিক এখনো তৈরি হয়নি। সংগ্রহে এখন যা আছে:"),
    "home.latest": ("Latest articles", "সর্বশেষ খবর"),
    "home.named": ("Most named entities", "সবচেয়ে বেশি উল্লিখিত নাম"),
    "latest": ("latest report {day}", "সর্বশেষ খবর {day}"),
    "last_day": ("{n} report in the last day|{n} reports in the last day", "শেষ দিনে {n}টি খবর"),
    "last_week": ("{n} this week|{n} this week", "এই সপ্তাহে {n}টি"),
    "growing": ("growing", "বাড়ছে"),
    "new": ("new", "নতুন"),
    "events": ("{n} event|{n} events", "{n}টি ঘটনা"),
    "independent": ("{n} independent report|{n} independent reports", "{n}টি স্বতন্ত্র খবর"),
    "from_outlets": ("from {n} outlet|from {n} outlets", "{n}টি সংবাদমাধ্যম থেকে"),
    "copies": ("{n} copy|{n} copies", "{n}টি কপি"),
    "reports": ("{n} report|{n} reports", "{n}টি খবর"),
    "articles_n": ("{n} article|{n} articles", "{n}টি খবর"),
    "where": ("Where", "কোথায়"),
    "who": ("Who", "কে"),
    "when": ("When", "কখন"),
    "spark": ("reports per day, last {n} days", "গত {n} দিনে প্রতিদিনের খবর"),
    "filters": ("Filters", "ছাঁকনি"),
    "from": ("from", "থেকে"),
    "to": ("to", "পর্যন্ত"),
    "outlet": ("outlet", "সংবাদমাধ্যম"),
    "language": ("language", "ভাষা"),
    "any": ("any", "যেকোনো"),
    "entity": ("entity", "নাম"),
    "apply": ("Apply", "দেখান"),
    "clear": ("clear", "মুছুন"),
    "lang.bn": ("Bengali", "বাংলা"),
    "lang.en": ("English", "ইংরেজি"),
    "previous": ("← previous", "← আগের"),
    "next": ("next →", "পরের →"),
    "page": ("page {n}", "পৃষ্ঠা {n}"),
    "story": ("Story", "ধারাবাহিক"),
    "event": ("Event", "ঘটনা"),
    "stories": ("Stories", "ধারাবাহিক"),
    "why": ("Why these reports are one event", "কেন এই খবরগুলো একটি ঘটনা"),
    "reports_by_outlet": ("Reports by outlet", "সংবাদমাধ্যম অনুযায়ী খবর"),
    "side_by_side": ("English and Bengali reports side by side", "ইংরেজি ও বাংলা খবর পাশাপাশি"),
    "copy_of": ("{n} copy of this report|{n} copies of this report", "এই খবরের {n}টি কপি"),
    "changed": ("changed", "বদল"),
    "unchanged": ("word for word the same", "হুবহু এক"),
    "details": ("Details: scores and ids", "বিস্তারিত: স্কোর ও আইডি"),
    "quotes": ("Quotes", "উদ্ধৃতি"),
    "no_quotes": ("No quotes found in these reports.", "এই খবরগুলোতে কোনো উদ্ধৃতি পাওয়া যায়নি।"),
    "speaker_unknown": ("speaker not found", "বক্তা জানা যায়নি"),
    "in": ("in", "—"),
    "people_orgs": ("Key people and organisations", "মূল ব্যক্তি ও প্রতিষ্ঠান"),
    "timeline": ("Timeline", "সময়রেখা"),
    "no_dates": ("No event in this story has a resolved date.", "এই ধারাবাহিকের কোনো ঘটনার তারিখ জানা নেই।"),
    "undated_list": ("Undated:", "তারিখহীন:"),
    "cast": ("People and places across the storyline", "ধারাবাহিক জুড়ে ব্যক্তি ও স্থান"),
    "cast_note": ("A dot: named in that event's reports. Columns follow the events in time.",
                  "বিন্দু: ওই ঘটনার খবরে নামটি আছে। কলামগুলো ঘটনার সময়ক্রমে।"),
    "events_h": ("Events", "ঘটনাগুলো"),
    "events_note": ("Open an event to compare its reports side by side; highlighted sentences appear, nearly word for word, in another report.",
                    "ঘটনা খুলে খবরগুলো পাশাপাশি মিলিয়ে দেখুন; হলুদ বাক্য অন্য খবরেও প্রায় হুবহু আছে।"),
    "new_here": ("New here:", "নতুন:"),
    "event_page": ("Event page: the reports, why they were grouped, quotes →", "ঘটনার পাতা: খবর, কেন একসঙ্গে, উদ্ধৃতি →"),
    "too_many": ("Too many events to compare here: open the event page.", "এখানে মেলানোর জন্য ঘটনা অনেক বেশি: ঘটনার পাতা খুলুন।"),
    "entities_h": ("Entities", "নাম"),
    "all": ("all", "সব"),
    "type.PER": ("person", "ব্যক্তি"),
    "type.ORG": ("organisation", "প্রতিষ্ঠান"),
    "type.LOC": ("place", "স্থান"),
    "type.MISC": ("other", "অন্যান্য"),
    "name": ("Name", "নাম"),
    "type": ("Type", "ধরন"),
    "articles": ("Articles", "খবর"),
    "spellings": ("Spellings", "বানান"),
    "no_entities": ("No entities in this store yet: the analyze stage has not run.", "এখনো কোনো নাম নেই: বিশ্লেষণ চলেনি।"),
    "named_in": ("named in {n} article|named in {n} articles", "{n}টি খবরে উল্লেখ"),
    "other_spellings": ("Other spellings", "অন্য বানান"),
    "search_spellings": ("Search every spelling →", "সব বানানে খুঁজুন →"),
    "mentions_time": ("Mentions over time", "সময়ের সঙ্গে উল্লেখ"),
    "per_month": ("Articles naming this entity, per month", "প্রতি মাসে এই নামের খবর"),
    "undated_not_shown": ("{n} undated not shown", "তারিখহীন {n}টি দেখানো হয়নি"),
    "no_dated": ("None of the articles naming this entity has a date.", "এই নামের কোনো খবরের তারিখ নেই।"),
    "not_in_story": ("Not part of any story yet.", "এখনো কোনো ধারাবাহিকে নেই।"),
    "together": ("Named together with", "একসঙ্গে উল্লিখিত"),
    "no_together": ("No other entity shares an article with this one.", "অন্য কোনো নাম এর সঙ্গে একই খবরে নেই।"),
    "copy": ("copy", "কপি"),
    "search_h": ("Search", "খুঁজুন"),
    "found": ("{n} article found|{n} articles found", "{n}টি খবর পাওয়া গেছে"),
    "also_searched": ("Also searched other spellings of", "অন্য বানানেও খোঁজা হয়েছে:"),
    "loose": ("Also words spelled alike", "একই রকম বানানের শব্দও"),
    "loose_sqlite": ("Words spelled alike are found on a PostgreSQL store only; these are the exact matches.",
                     "একই রকম বানানের শব্দ কেবল PostgreSQL স্টোরে খোঁজা যায়; এগুলো হুবহু মিল।"),
    "type_words": ("Type some words to search.", "খুঁজতে কিছু শব্দ লিখুন।"),
    "page_of": ("page {n} of {m}", "পৃষ্ঠা {n} / {m}"),
    "words_to_find": ("words to find", "যে শব্দ খুঁজবেন"),
    "corrections": ("Corrections", "সংশোধন"),
    "token": ("Edit token", "সম্পাদনার টোকেন"),
    "move_to": ("Move this report to event", "এই খবরটি সরান এই ঘটনায়"),
    "move": ("Move", "সরান"),
    "split": ("Split the ticked reports into a new event", "চিহ্নিত খবরগুলো নতুন ঘটনায় আলাদা করুন"),
    "merge_into": ("Merge another entity into this one (its id)", "অন্য একটি নাম এর সঙ্গে মেলান (তার আইডি)"),
    "merge": ("Merge", "মেলান"),
    "error": ("Error {n}", "ত্রুটি {n}"),
    "a.outlet": ("Outlet", "সংবাদমাধ্যম"),
    "a.published": ("Published", "প্রকাশ"),
    "a.from_the": ("from the {how}", "{how} থেকে"),
    "a.dateline": ("Dateline", "ডেটলাইন"),
    "a.byline": ("Byline", "প্রতিবেদক"),
    "a.agencies": ("Agencies", "বার্তা সংস্থা"),
    "a.mt": ("Machine translation", "যন্ত্র-অনুবাদ"),
    "a.not_scored": ("not scored", "মাপা হয়নি"),
    "a.likely_mt": ("likely machine-translated", "সম্ভবত যন্ত্রে অনূদিত"),
    "a.likely_bn": ("likely written in Bengali", "সম্ভবত বাংলায় লেখা"),
    "a.source": ("Source", "উৎস"),
    "a.copy_of": ("Copy of", "যার কপি"),
    "a.legend": ("time expression", "সময়ের উল্লেখ"),
    "a.removed": ("Removed while cleaning ({n} line)|Removed while cleaning ({n} lines)", "পরিষ্কারের সময় বাদ ({n}টি লাইন)"),
    "a.nothing_removed": ("Nothing was removed.", "কিছু বাদ যায়নি।"),
    "unknown": ("unknown", "অজানা"),
    "back": ("Back to the stories", "খবরের তালিকায় ফিরুন"),
}


class Lang:
    """Everything a template needs to speak one language: ``t`` for labels, ``date`` and ``num`` for figures."""

    def __init__(self, code: str):
        self.code = code if code in LANGS else "en"
        self.other = "bn" if self.code == "en" else "en"
        self._i = LANGS.index(self.code)

    def num(self, value: Any) -> str:
        text = str(value)
        return text.translate(BN_DIGITS) if self.code == "bn" else text

    def t(self, key: str, n: Any = None, **values: Any) -> str:
        text = MESSAGES[key][self._i]
        if "|" in text:
            one, many = text.split("|")
            text = one if n == 1 else many
        values = {k: self.num(v) if isinstance(v, int) else v for k, v in values.items()}
        if n is not None:
            values["n"] = self.num(n)
        return text.format(**values) if values else text

    def name(self, entity: dict[str, Any]) -> str:
        """An entity's name as this page's readers write it (see queries.written_forms)."""
        return (entity.get("forms") or {}).get(self.code) or entity["name"]

    def date(self, value: str | date | None, short: bool = False) -> str:
        """'2025-12-03…' -> '3 December 2025' or '৩ ডিসেম্বর ২০২৫'; partial or bad values as they are."""
        if not value:
            return self.t("undated")
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value[:10])
            except ValueError:
                return self.num(value)
        names = SHORT_MONTHS if short else MONTHS
        text = f"{value.day} {names[self.code][value.month - 1]}" + ("" if short else f" {value.year}")
        return self.num(text)

    def span(self, start: str | None, end: str | None) -> str:
        if not start:
            return self.t("undated")
        if end and end[:10] != start[:10]:
            return f"{self.date(start)} – {self.date(end)}"
        return self.date(start)


def choose(query_value: str | None, cookie_value: str | None) -> str:
    for value in (query_value, cookie_value):
        if value in LANGS:
            return value
    return "en"
