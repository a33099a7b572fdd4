"""Month and weekday names (Gregorian and Bengali calendar, as Bengali news writes them) and the
one Bengali-calendar converter every stage uses (publication dates in clean, time expressions in analyze)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from khobor.lang.bn.text import normalize

_GREGORIAN = {
    1: "জানুয়ারি জানুয়ারী জানু", 2: "ফেব্রুয়ারি ফেব্রুয়ারী ফেব্রু", 3: "মার্চ", 4: "এপ্রিল", 5: "মে", 6: "জুন",
    7: "জুলাই", 8: "আগস্ট আগষ্ট অগাস্ট অগস্ট", 9: "সেপ্টেম্বর সেপ্টে", 10: "অক্টোবর অক্টো", 11: "নভেম্বর নভে",
    12: "ডিসেম্বর ডিসে",
}
GREGORIAN_MONTH_NAMES = [_GREGORIAN[m].split()[0] for m in range(1, 13)]  # how a reader writes them: জানুয়ারি ... ডিসেম্বর
_BENGALI = {
    1: "বৈশাখ", 2: "জ্যৈষ্ঠ জৈষ্ঠ্য জৈষ্ঠ", 3: "আষাঢ়", 4: "শ্রাবণ", 5: "ভাদ্র", 6: "আশ্বিন", 7: "কার্তিক",
    8: "অগ্রহায়ণ অঘ্রাণ", 9: "পৌষ", 10: "মাঘ", 11: "ফাল্গুন", 12: "চৈত্র",
}
_WEEKDAYS = {0: "সোমবার", 1: "মঙ্গলবার", 2: "বুধবার", 3: "বৃহস্পতিবার বিষ্যুদবার", 4: "শুক্রবার", 5: "শনিবার",
             6: "রবিবার রোববার"}
ABBREVIATED = frozenset(normalize(w) for w in "জানু ফেব্রু সেপ্টে অক্টো নভে ডিসে".split())  # only in datelines

# name -> number (months 1-12; weekdays as Python's date.weekday(), Monday 0), canonical spelling
GREGORIAN_MONTHS = {normalize(w): m for m, names in _GREGORIAN.items() for w in names.split()}
BENGALI_MONTHS = {normalize(w): m for m, names in _BENGALI.items() for w in names.split()}
WEEKDAYS = {normalize(w): d for d, names in _WEEKDAYS.items() for w in names.split()}


def bengali_month_lengths(year: int) -> list[int]:
    """Days of the twelve months of Bengali year ``year`` (revised Bangladesh calendar, in use since 1426/2019):
    বৈশাখ-আশ্বিন 31, কার্তিক-মাঘ and চৈত্র 30, ফাল্গুন 30 when its February is a leap month, else 29."""
    return [31] * 6 + [30] * 4 + [30 if calendar.isleap(year + 594) else 29, 30]


def bengali_to_gregorian(day: int, month: int, year: int) -> date:
    """Day ``day`` of month ``month`` (1 = বৈশাখ) of Bengali year ``year``; 1 বৈশাখ is 14 April.

    ValueError for a day the month does not have (৩১ কার্তিক, ৩০ ফাল্গুন outside a leap year): such a
    string is a misreading, not a date, and must not spill into the next month."""
    lengths = bengali_month_lengths(year)
    if not 1 <= month <= 12 or not 1 <= day <= lengths[month - 1]:
        raise ValueError(f"no day {day} in month {month} of Bengali year {year}")
    return date(year + 593, 4, 14) + timedelta(days=sum(lengths[: month - 1]) + day - 1)
