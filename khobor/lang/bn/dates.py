"""Bengali date and clock-time parsing for publication metadata (reusable).

dateparser knows Gregorian month names in Bengali but misses the Bengali
calendar ("২৮ আষাঢ় ১৪৩২ বঙ্গাব্দ"), weekdays relative to a reference ("গত
শনিবার"), day-part clock times ("সন্ধ্যা ৬টা ৩১ মিনিট") and portal stamps
("২ ঘণ্টা আগে"). These rules cover them and are fast enough to run on every
article; the caller may fall back to dateparser for anything else.

Public API (all inputs may be raw text; they are normalized here):

- ``find_dates(text, *, reference=None, tz="Asia/Dhaka") -> list[BnDate]``
  every date found, in text order, each with its span, a timezone-aware
  ``datetime``, a precision ("day" or "minute") and how it was read.
- ``find_date(...)`` the first of those, or None.
- ``bengali_to_gregorian(day, month, year) -> date``: ``khobor.lang.bn.calendar``'s, the only one.
- ``parse_clock(text) -> (hour, minute) | None``.

A relative expression ("গত শনিবার", "গতকাল", "৩ দিন আগে") needs ``reference``
(an aware or naive datetime, naive means in ``tz``); without it, it is skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import regex

from khobor.lang import en
from khobor.lang.bn import calendar
from khobor.lang.bn.calendar import bengali_to_gregorian  # noqa: F401  (the one converter; re-exported)
from khobor.lang.bn.text import ascii_digits, normalize

# name -> number, Bengali (``calendar``) and English; kept under these names for existing callers
GREGORIAN_MONTHS = {**calendar.GREGORIAN_MONTHS, **en.MONTHS}
BENGALI_MONTHS = calendar.BENGALI_MONTHS
WEEKDAYS = calendar.WEEKDAYS
# Day parts and how they shift a 12-hour clock reading.
DAY_PARTS = {"ভোর": "am", "সকাল": "am", "দুপুর": "noon", "বিকাল": "pm", "বিকেল": "pm",
             "সন্ধ্যা": "pm", "রাত": "night", "am": "am", "pm": "pm", "এএম": "am", "পিএম": "pm"}


@dataclass(frozen=True, slots=True)
class BnDate:
    start: int
    end: int
    value: datetime  # timezone-aware
    precision: str  # "day" or "minute"
    how: str  # "gregorian", "bengali-calendar", "numeric", "iso", "weekday", "relative"

    def isoformat(self) -> str:
        return self.value.isoformat()


def _alternation(words) -> str:
    return "|".join(sorted((regex.escape(normalize(w)) for w in words), key=len, reverse=True))


@cache
def _patterns() -> dict[str, regex.Pattern]:
    """Compiled once per process (read-only)."""
    greg, beng, wday = GREGORIAN_MONTHS, BENGALI_MONTHS, WEEKDAYS
    g, b, w = _alternation(greg), _alternation(beng), _alternation(wday)
    end = r"(?![\p{L}\p{M}])"
    suffix = r"(?:[\p{M}\u09af\u09bc\u09b0\u09c7\u0995]{0,4})"  # জুলাইয়ের, আষাঢ়ের: light inflection
    day = r"(?P<day>[0-9]{1,2})(?:ই|লা|রা|শে|তম|st|nd|rd|th)?"
    year = r"(?P<year>[0-9]{4})"
    clock = (r"(?:[,\s]*(?:(?P<part>" + _alternation(DAY_PARTS) + r")\s*)?(?P<hh>[0-9]{1,2})"
             r"(?:\s*[:.]\s*(?P<mm>[0-9]{2})|\s*টা(?:\s*(?P<mm2>[0-9]{1,2})\s*মিনিট)?)"
             r"(?:\s*(?P<part2>am|pm|এএম|পিএম))?)?")
    return {
        "greg_dmy": regex.compile(rf"(?<![0-9]){day}\s*(?P<month>{g}){suffix}{end}[,\s]*(?:{year}(?![0-9]))?{clock}", regex.I),
        "greg_mdy": regex.compile(rf"(?<![\p{{L}}\p{{M}}])(?P<month>{g}){end}\.?\s*{day},?\s*{year}(?![0-9]){clock}", regex.I),
        "beng": regex.compile(rf"(?<![0-9]){day}\s*(?P<month>{b}){suffix}{end}[,\s]*(?:{year}(?![0-9])(?:\s*(?:বঙ্গাব্দ|সন|বাংলা))?)?"),
        "iso": regex.compile(r"(?<![0-9])(?P<year>20[0-9]{2}|19[0-9]{2})-(?P<mon>[01]?[0-9])-(?P<day>[0-3]?[0-9])"
                             r"(?:[T ](?P<hh>[0-2][0-9]):(?P<mm>[0-5][0-9])(?::[0-5][0-9](?:\.[0-9]+)?)?"
                             r"(?P<tz>Z|[+-][0-9]{2}:?[0-9]{2})?)?"),
        "numeric": regex.compile(r"(?<![0-9/.-])(?P<day>[0-3]?[0-9])[/.-](?P<mon>[01]?[0-9])[/.-](?P<year>[0-9]{4})(?![0-9])" + clock),
        "weekday": regex.compile(rf"(?:(?P<rel>গত|আগামী|চলতি|এই)\s+)?(?P<wday>{w}){end}"),
        "relative": regex.compile(r"(?P<word>গতকাল|গত\s*কাল|গত\s*পরশু|আজ)(?![\p{L}\p{M}])"
                                  r"|(?P<n>[0-9]+|এক)\s*(?P<unit>মিনিট|ঘণ্টা|ঘন্টা|দিন|সপ্তাহ)\s*আগে"),
        "clock": regex.compile(clock.replace("(?:[,\\s]*", "(?:", 1)[:-1], regex.I),
        "_maps": (greg, beng, wday),  # type: ignore[dict-item]
    }


def _zone(tz: str) -> ZoneInfo:
    return ZoneInfo(tz)


def _hour(hh: int, part: str | None) -> int:
    part = DAY_PARTS.get((part or "").lower())
    if part in ("pm",) and hh < 12:
        return hh + 12
    if part == "noon" and hh < 6:
        return hh + 12
    if part == "night" and 6 <= hh < 12:
        return hh + 12
    if part == "am" and hh == 12:
        return 0
    return hh


def parse_clock(text: str) -> tuple[int, int] | None:
    """'১৮:৩১' -> (18, 31); 'সন্ধ্যা ৬টা ৩১ মিনিট' -> (18, 31)."""
    m = _patterns()["clock"].search(ascii_digits(normalize(text)))
    return _clock_from(m) if m else None


def _clock_from(m: regex.Match) -> tuple[int, int] | None:
    if not m.group("hh"):
        return None
    hh = _hour(int(m.group("hh")), m.group("part2") or m.group("part"))
    mm = int(m.group("mm") or m.group("mm2") or 0)
    if hh > 23 or mm > 59:
        return None
    return hh, mm


def _aware(d: date, clock: tuple[int, int] | None, tz: str) -> datetime:
    hh, mm = clock or (0, 0)
    return datetime(d.year, d.month, d.day, hh, mm, tzinfo=_zone(tz))


def _as_reference(reference: datetime | str | None, tz: str) -> datetime | None:
    if reference is None:
        return None
    if isinstance(reference, str):
        try:
            reference = datetime.fromisoformat(reference.replace("Z", "+00:00"))
        except ValueError:
            return None
    if reference.tzinfo is None:
        return reference.replace(tzinfo=_zone(tz))
    return reference.astimezone(_zone(tz))


def find_dates(text: str, *, reference: datetime | str | None = None, tz: str = "Asia/Dhaka",
               normalized: bool = False) -> list[BnDate]:
    """All absolute dates, plus relative ones when ``reference`` is given.

    Spans index the normalized text (``normalize`` keeps offsets of already
    normalized text, which is what clean passes in).
    """
    view = ascii_digits(text if normalized else normalize(text))
    p = _patterns()
    greg, beng, wday = p["_maps"]
    ref = _as_reference(reference, tz)
    found: list[BnDate] = []
    taken: list[tuple[int, int]] = []

    def add(m: regex.Match, value: datetime, precision: str, how: str) -> None:
        s, e = m.span()
        if any(s < te and ts < e for ts, te in taken):
            return
        taken.append((s, e))
        found.append(BnDate(s, e, value, precision, how))

    for m in p["iso"].finditer(view):
        try:
            d = date(int(m["year"]), int(m["mon"]), int(m["day"]))
        except ValueError:
            continue
        clock = (int(m["hh"]), int(m["mm"])) if m["hh"] else None
        value = _aware(d, clock, tz)
        if m["tz"]:
            offset = m["tz"]
            iso = f"{d.isoformat()}T{m['hh']}:{m['mm']}:00{'+00:00' if offset == 'Z' else offset}"
            try:
                value = datetime.fromisoformat(iso)
            except ValueError:
                pass
        add(m, value, "minute" if clock else "day", "iso")
    for name in ("greg_dmy", "greg_mdy"):
        for m in p[name].finditer(view):
            month = greg.get(m["month"].lower())
            if month is None:
                continue
            if not m["year"]:
                if ref is None:
                    continue
                year = ref.year if (month, int(m["day"])) <= (ref.month, ref.day) else ref.year - 1
            else:
                year = int(m["year"])
            try:
                d = date(year, month, int(m["day"]))
            except ValueError:
                continue
            clock = _clock_from(m)
            add(m, _aware(d, clock, tz), "minute" if clock else "day", "gregorian")
    for m in p["beng"].finditer(view):
        if not m["year"]:
            continue  # a bare "৫ শ্রাবণ" is ambiguous for a publication date
        try:
            d = bengali_to_gregorian(int(m["day"]), beng[m["month"]], int(m["year"]))
        except (ValueError, KeyError):
            continue
        add(m, _aware(d, None, tz), "day", "bengali-calendar")
    for m in p["numeric"].finditer(view):
        try:
            d = date(int(m["year"]), int(m["mon"]), int(m["day"]))
        except ValueError:
            continue
        clock = _clock_from(m)
        add(m, _aware(d, clock, tz), "minute" if clock else "day", "numeric")
    if ref is not None:
        for m in p["weekday"].finditer(view):
            target = wday[m["wday"]]
            back = (ref.weekday() - target) % 7
            if m["rel"] == "আগামী":
                ahead = (target - ref.weekday()) % 7 or 7
                d = ref.date() + timedelta(days=ahead)
            else:
                if m["rel"] == "গত" and back == 0:
                    back = 7
                d = ref.date() - timedelta(days=back)
            add(m, _aware(d, None, tz), "day", "weekday")
        for m in p["relative"].finditer(view):
            if m["word"]:
                w = regex.sub(r"\s+", "", m["word"])
                days = {"আজ": 0, "গতকাল": 1, "গতপরশু": 2}[w]
                add(m, _aware(ref.date() - timedelta(days=days), None, tz), "day", "relative")
            else:
                n = 1 if m["n"] == "এক" else int(m["n"])
                unit = {"মিনিট": "minutes", "ঘণ্টা": "hours", "ঘন্টা": "hours", "দিন": "days", "সপ্তাহ": "weeks"}[m["unit"]]
                value = ref - timedelta(**{unit: n})
                add(m, value.replace(second=0, microsecond=0), "minute" if unit in ("minutes", "hours") else "day", "relative")
    found.sort(key=lambda x: x.start)
    return found


def find_date(text: str, *, reference: datetime | str | None = None, tz: str = "Asia/Dhaka") -> BnDate | None:
    dates = find_dates(text, reference=reference, tz=tz)
    return dates[0] if dates else None
