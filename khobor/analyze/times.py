"""Time expressions in Bengali news text, resolved to ISO dates or ranges.

Absolute dates (১২ জুলাই ২০২৫, 2025-07-12, ৫ শ্রাবণ ১৪৩১), partial ones (১৩ সেপ্টেম্বর:
the year comes from the anchor, else the value stays partial, ``--09-13``), months
and years (২০২১ সালের ডিসেম্বরে), and relative ones (শনিবার, গত শনিবার, গতকাল,
গত মাসে, চলতি বছরের এপ্রিলে, আগামী সপ্তাহে, ৩ দিন আগে) resolved against the anchor:
the publication date, or a date the caller passes (e.g. from other reports of the
same event). Patterns run over the ASCII-digit view of the text, which has the
same length, so offsets hold. Ranges are ``start/end`` (both inclusive).
"""

from __future__ import annotations

import re
from calendar import isleap, monthrange
from dataclasses import dataclass
from datetime import date, timedelta

import regex

from khobor.lang import en
from khobor.lang.bn import calendar
from khobor.lang.bn.calendar import bengali_to_gregorian
from khobor.lang.bn.text import ascii_digits, normalize
from khobor.model import TimeExpr

# name -> 1-12, Bengali and English (not the abbreviations of datelines: জানু is also "knee")
MONTHS = {**{k: v for k, v in calendar.GREGORIAN_MONTHS.items() if k not in calendar.ABBREVIATED}, **en.MONTHS}
BN_MONTHS = calendar.BENGALI_MONTHS  # name -> 1-12, from the first month of the Bengali year
WEEKDAYS = calendar.WEEKDAYS  # Bengali name -> date.weekday()

_N = r"(?<![\p{L}\p{M}\p{N}])"  # no letter before
_END = r"(?:ে|ের|এ|এর|য়|তে|র)?(?![\p{L}\p{M}\p{N}])"  # optional case ending, then no letter
_MONTH = "(?P<month>" + "|".join(sorted(map(regex.escape, MONTHS), key=len, reverse=True)) + ")"
_BN_MONTH = "(?P<bnmonth>" + "|".join(sorted(map(regex.escape, BN_MONTHS), key=len, reverse=True)) + ")"
_WEEKDAY = "(?P<weekday>" + "|".join(map(regex.escape, WEEKDAYS)) + ")"


def _alt(words: str) -> str:
    """Regex alternation of normalized words (normalize would turn a '|' after Bengali into a dari)."""
    return "|".join(regex.escape(normalize(w)) for w in words.split())


_PAST, _THIS, _NEXT = _alt("গত বিগত আগের সর্বশেষ"), _alt("চলতি এই এ এবারের বর্তমান"), _alt("আগামী পরের পরবর্তী আসছে সামনের")
_REL = f"(?:(?P<past>{_PAST})|(?P<this>{_THIS})|(?P<next>{_NEXT}))"
_YEAR_WORD = "(?:" + _alt("বছরের বছরে বছর সালের সালে সাল") + ")"
_MONTH_WORD = "(?:" + _alt("মাসের মাসে মাস") + ")"

# English (matched case-insensitively; a short month name must be capitalized, see find_times)
_EN_END = r"(?![\p{L}\p{M}\p{N}])"
_EN_REL = r"(?:(?P<past>last|past|previous)|(?P<this>this)|(?P<next>next|coming))"
_EN_WEEKDAYS = en.WEEKDAYS
_EN_WEEKDAY = "(?P<weekday>" + "|".join(_EN_WEEKDAYS) + ")"
_EN_NUMBERS = en.NUMBERS
_UNITS = {normalize("দিন"): "day", normalize("সপ্তাহ"): "week", normalize("মাস"): "month", normalize("বছর"): "year",
          normalize("সাল"): "year", "day": "day", "week": "week", "month": "month", "year": "year"}
FUTURE = "future"  # _resolve's answer for a time after the report (আগামী বছর, next week): not an event date

PATTERNS: list[tuple[str, regex.Pattern]] = [
    (kind, regex.compile(p, regex.IGNORECASE))
    for kind, p in [
        ("iso", _N + r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?!\d)"),
        ("dmy_num", _N + r"(?P<d>\d{1,2})[/.](?P<m>\d{1,2})[/.](?P<y>\d{4})(?!\d)"),
        ("dmy", _N + r"(?P<d>\d{1,2})\s*(?:ই|লা|শে|রা)?\s*" + _MONTH + r",?\s*(?P<y>\d{4})(?:\s*" + _YEAR_WORD + ")?" + _END),
        ("mdy", _N + _MONTH + r"\s+(?P<d>\d{1,2}),?\s+(?P<y>\d{4})(?!\d)"),
        ("bn_dmy", _N + r"(?P<d>\d{1,2})\s*" + _BN_MONTH + r",?\s*(?:(?P<y>\d{4})(?:\s*" + normalize("বঙ্গাব্দ") + ")?)?" + _END),
        ("dm", _N + r"(?P<d>\d{1,2})\s*(?:ই|লা|শে|রা)?\s*" + _MONTH + _END),
        ("ym", _N + r"(?P<y>\d{4})\s*" + _YEAR_WORD + r"\s+" + _MONTH + r"(?:\s*" + _MONTH_WORD + ")?" + _END),
        ("my", _N + _MONTH + r",?\s+(?P<y>\d{4})(?:\s*" + _YEAR_WORD + ")?" + _END),
        ("rel_year_month", _N + _REL + r"\s+" + _YEAR_WORD + r"\s+" + _MONTH + r"(?:\s*" + _MONTH_WORD + ")?" + _END),
        ("rel_month_name", _N + _REL + r"\s+" + _MONTH + r"(?:\s*" + _MONTH_WORD + ")?" + _END),
        ("year_range", _N + r"(?P<y>\d{4})\s*[-–]\s*(?P<y2>\d{2,4})\s*" + _YEAR_WORD + _END),
        ("year", _N + r"(?P<y>(?:19|20)\d\d)\s*" + _YEAR_WORD + _END),
        ("rel_unit", _N + _REL + r"\s*(?P<unit>" + _alt("সপ্তাহ মাস বছর সাল") + r")" + _END),
        ("rel_weekday", _N + _REL + r"\s+" + _WEEKDAY + _END),
        ("weekday", _N + _WEEKDAY + _END),
        ("ago", _N + r"(?P<n>\d{1,3})\s*(?P<unit>" + _alt("দিন সপ্তাহ মাস বছর") + r")\s*(?P<dir>" + _alt("আগেই আগে পরে পর") + r")(?![\p{L}\p{M}])"),
        ("day_word", _N + r"(?P<word>" + _alt("আজকে আজ গতকাল আগামীকাল") + r")" + _END),
        ("md", _N + _MONTH + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?" + _EN_END),
        ("en_rel_unit", _N + _EN_REL + r"\s+(?P<unit>week|month|year)" + _EN_END),
        ("en_rel_weekday", _N + _EN_REL + r"\s+" + _EN_WEEKDAY + _EN_END),
        ("en_ago", _N + r"(?P<n>\d{1,3}|" + "|".join(_EN_NUMBERS) + r")\s+(?P<unit>day|week|month|year)s?\s+ago" + _EN_END),
        ("en_day_word", _N + r"(?P<word>yesterday|today|tonight|tomorrow)" + _EN_END),
        ("en_weekday", _N + _EN_WEEKDAY + _EN_END),
        ("month", _N + _MONTH + r"(?:\s*" + _MONTH_WORD + ")?" + _END),
    ]
]


def _lead_of(pattern: str) -> str:
    """The pattern's first element (after the no-letter-before check): where any match of it must start."""
    body = pattern[len(_N):]
    for lead in (_MONTH, _REL, _WEEKDAY, _EN_REL, _EN_WEEKDAY):
        if body.startswith(lead):
            return _N + lead
    if body.startswith(("(?P<y>", "(?P<d>", r"(?P<n>\d{1,3})")):
        return _N + r"\d"
    if body.startswith(("(?P<word>", "(?P<n>")):
        return _N + body[: body.index(")") + 1]
    return pattern


# Each pattern is tried only where its first element occurs (month names, digits, ...): one scan per
# kind of start instead of every pattern testing every position of the text.
_LEADS = {lead: regex.compile(lead, regex.IGNORECASE) for lead in {_lead_of(p.pattern) for _, p in PATTERNS}}
_PATTERN_LEADS = [(kind, pattern, _LEADS[_lead_of(pattern.pattern)]) for kind, pattern in PATTERNS]
_HAS_LATIN = regex.compile(r"[A-Za-z]")
# leads of the English-only patterns: no need to scan a text without Latin letters for them
_LATIN_LEADS = {_LEADS[_lead_of(p.pattern)] for kind, p in PATTERNS if kind.startswith("en_")}
# a word every match of the pattern ends with: a text without it is not scanned for the pattern (en_ago's lead,
# "a", "an" or a number, is everywhere in English, and its match attempts are slow)
_NEEDS = {"en_ago": regex.compile(r"ago" + _EN_END, regex.IGNORECASE)}
# patterns that lead with digits but whose every match holds Bengali words (a Bengali month, বছর/সাল, দিন আগে): not
# tried in a text without Bengali letters (~0.17 CPU-ms an English dev report of trying them at every number)
_BENGALI_KINDS = frozenset({"bn_dmy", "ym", "year_range", "year", "ago"})
# en_ago's tail (unit, "ago"): its matches can only start just before one, a number word or up to three digits back
_AGO_TAIL = regex.compile(r"(?:day|week|month|year)s?\s+ago" + _EN_END, regex.IGNORECASE)
_SPACES_BEFORE = regex.compile(r"(?r)\s+")  # matched backwards: the space run that ends where it is asked
_AGO_NUMBER = max(3, *map(len, _EN_NUMBERS))
_HAS_BENGALI = regex.compile(r"\p{Bengali}")
# dm and dmy: a day's number, then (after spaces) a Bengali ordinal ending or a month's name: tried only where the
# first letter of one follows (of ~16 numbers an English dev report holds, most are not; ~0.05 CPU-ms a report)
_DAY_MONTH_KINDS = frozenset({"dm", "dmy"})
_DAY_THEN_MONTH = regex.compile(r"\d{1,2}\s*[" + "".join(sorted({w[0] for w in _MONTH[len("(?P<month>") : -1].split("|")}
                                                               | {"ই", "ল", "শ", "র"})) + "]", regex.IGNORECASE)
# leads made of Bengali words only: no need to scan a text without Bengali letters for them
_BENGALI_WORDS = {_N + _WEEKDAY: list(WEEKDAYS), _N + _REL: (_PAST + "|" + _THIS + "|" + _NEXT).split("|"),
                  _lead_of(dict(PATTERNS)["day_word"].pattern): _alt("আজকে আজ গতকাল আগামীকাল").split("|")}
_BENGALI_LEADS = {_LEADS[lead] for lead in _BENGALI_WORDS}


def _month_lead_parts() -> tuple[regex.Pattern, regex.Pattern]:
    """The month lead as two scans, its Bengali names and its Latin ones (in the lead's order): a match of one
    script cannot start inside a match of the other, so together they find the lead's starts, and each runs only
    on a text with letters of its script (one scan of all names, case-insensitively, cost as much as the two)."""
    names = _MONTH[len("(?P<month>") : -1].split("|")
    latin = [name for name in names if name.isascii()]
    return tuple(regex.compile(_N + "(?:" + "|".join(part) + ")", regex.IGNORECASE)
                 for part in ([name for name in names if name not in latin], latin))


_MONTH_PARTS = {_LEADS[_N + _MONTH]: _month_lead_parts()}


def _ascii_words(lead: regex.Pattern) -> list[str] | None:
    """The words of a lead that is only an alternation of ASCII words (its groups apart), else None."""
    body = regex.sub(r"\(\?(?:P<\w+>|:)|\)", "", lead.pattern[len(_N):])
    words = body.split("|")
    return words if all(regex.fullmatch(r"[a-z]+", w) for w in words) else None


def _trie(words: list[str]) -> str:
    """A regex of ``words`` with their common beginnings shared (apr(?:il)?): it scans in about half the time of
    their plain alternation."""
    rest: dict[str, list[str]] = {}
    for word in words:
        rest.setdefault(word[0], []).append(word[1:])
    parts = []
    for first, tails in sorted(rest.items()):
        longer = [tail for tail in tails if tail]
        inner = f"(?:{_trie(longer)})" + ("?" if len(longer) < len(tails) else "") if longer else ""
        parts.append(re.escape(first) + inner)
    return "|".join(parts)


# The English word leads (weekdays, last/next, yesterday, the Latin month names): all their starts are found by one
# case-sensitive scan of the lower-cased text for any of their words, each start then checked by the lead itself
# (the four scans cost 0.62 CPU-ms an English dev report, the one scan 0.10). A lead's match is letters only, so no start of
# it lies inside another's match, and every start is one of the scan's. Lower-casing keeps offsets and matches
# as the leads' IGNORECASE does except for three characters (İ, ſ, the Kelvin sign): a text with one is scanned
# lead by lead.
_WORD_LEADS = {lead for lead in [*_LEADS.values(), *_MONTH_PARTS[_LEADS[_N + _MONTH]]] if _ascii_words(lead)}
_ANY_LEAD_WORD = re.compile(_trie(sorted({w for lead in _WORD_LEADS for w in _ascii_words(lead)})))
_FOLDS_TO_ASCII = re.compile("[\u0130\u017f\u212a]")


def _word_candidates(view: str) -> list[int] | None:
    """Where any English word lead may start in ``view`` (a superset of their starts), None when the lower-cased
    view would not match as the leads do."""
    if _FOLDS_TO_ASCII.search(view):
        return None
    return [m.start() for m in _ANY_LEAD_WORD.finditer(view.lower())]


def _lead_starts(lead: regex.Pattern, view: str, latin: bool, bengali: bool, words: list[int] | None = None) -> list[int]:
    """``[m.start() for m in lead.finditer(view)]``, without the scans that cannot match: English words in a text
    without Latin letters, Bengali words in one without Bengali letters. ``words``: ``_word_candidates(view)``,
    where an English word lead is tried instead of scanning for it."""
    if lead in _MONTH_PARTS:
        bn, en = _MONTH_PARTS[lead]
        found = [m.start() for m in bn.finditer(view)] if bengali else []
        if latin:
            found = sorted(found + _lead_starts(en, view, latin, bengali, words))
        return found
    if (not latin and lead in _LATIN_LEADS) or (not bengali and lead in _BENGALI_LEADS):
        return []
    if words is not None and lead in _WORD_LEADS:
        return [start for start in words if lead.match(view, start)]
    return [m.start() for m in lead.finditer(view)]


def _ago_starts(view: str) -> list[int]:
    """Where an en_ago match may start (its number right before the spaces before a unit and "ago"), in order: its
    lead (a, an, one, digits) is everywhere in English, and trying the pattern at each was most of its cost."""
    out: list[int] = []
    for tail in _AGO_TAIL.finditer(view):
        spaces = _SPACES_BEFORE.match(view, 0, tail.start())
        if spaces:
            out += range(max(spaces.start() - _AGO_NUMBER, out[-1] + 1 if out else 0), spaces.start())
    return out


def _matches(pattern: regex.Pattern, starts: list[int], view: str):
    """What ``pattern.finditer(view)`` yields, trying only the given start positions."""
    end = 0
    for start in starts:
        if start < end:
            continue
        match = pattern.match(view, start)
        if match:
            end = max(match.end(), start + 1)
            yield match


@dataclass(slots=True)
class _Found:
    start: int
    end: int
    value: str | None
    relative: bool


def find_times(text: str, anchor: date | None = None) -> list[TimeExpr]:
    """All time expressions in ``text`` (normalized), leftmost-longest, in text order."""
    bengali = _HAS_BENGALI.search(text) is not None
    view = ascii_digits(text) if bengali else text  # (Bengali digits are Bengali letters: none to replace)
    bengali = bengali and _HAS_BENGALI.search(view) is not None
    taken = bytearray(len(text) + 1)
    found: list[_Found] = []
    latin = _HAS_LATIN.search(view) is not None
    words = _word_candidates(view) if latin else None
    skip = {kind for kind, need in _NEEDS.items() if not need.search(view)} | (set() if bengali else _BENGALI_KINDS)
    starts: dict[regex.Pattern, list[int]] = {}
    for kind, pattern, lead in _PATTERN_LEADS:
        if kind in skip:
            continue
        if lead not in starts:
            starts[lead] = _ago_starts(view) if kind == "en_ago" else _lead_starts(lead, view, latin, bengali, words)
        tried = starts[lead]
        if kind in _DAY_MONTH_KINDS:
            if _DAY_THEN_MONTH not in starts:
                starts[_DAY_THEN_MONTH] = [start for start in tried if _DAY_THEN_MONTH.match(view, start)]
            tried = starts[_DAY_THEN_MONTH]
        for match in _matches(pattern, tried, view):
            start, end = match.span()
            if any(taken[start:end]):
                continue
            if kind == "month" and match.group("month").casefold() in ("may", "mar", "jan", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "feb", "apr", normalize("মে")) and not match.group().strip().endswith(normalize("মাস")):
                continue  # bare short names: too often ordinary words
            if kind == "md" and match.group("month").isascii() and not match.group("month")[0].isupper():
                continue  # "may 5": a verb, not a month
            try:
                item = _resolve(kind, match, anchor)
            except ValueError:  # 31 February and the like
                continue
            english = kind == "en_weekday" or (kind in ("md", "dm", "month") and match.group("month").isascii())
            if (kind in ("weekday", "dm") and not english and _future_clause(view, end)) or (english and _en_future_clause(view, start)):
                item = FUTURE  # "রবিবার পর্যন্ত থাকবেন", "they will meet on Monday": planned, not happened
            if item not in (None, FUTURE) and (_ahead(view, start) or _after(item[0], anchor)):
                item = FUTURE  # আগামী ২০২৬ সালের ফেব্রুয়ারিতে, ২০২৯ সালে (in a 2025 report): a plan, not an event date
            if item == FUTURE:
                taken[start:end] = b"\x01" * (end - start)  # nor may a shorter pattern read part of it
                continue
            if item is None:
                continue
            end = _trim(view, start, end)
            found.append(_Found(start, end, item[0], item[1]))
            taken[start:end] = b"\x01" * (end - start)
    found.sort(key=lambda f: f.start)
    return [
        TimeExpr(f.start, f.end, text[f.start : f.end], f.value, anchor.isoformat() if anchor and f.relative else None)
        for f in found
    ]


_FUTURE_VERB = regex.compile(r"(?<![\p{L}\p{M}])(?:[\p{L}\p{M}]{2,}(?:বেন|বে|বো)|হবেন?|হবো)(?=[\s,।]|$)")  # no nukta: already canonical
_NOT_VERBS = {normalize(w) for w in ("তবে", "কবে", "সবে", "যবে", "এবে", "অবশেষে")}


def _future_clause(view: str, end: int) -> bool:
    """True when the clause after a bare weekday is in the future tense (থাকবেন, হবে, যাবো)."""
    stop = view.find("\u0964", end)
    clause = view[end: stop if stop != -1 else end + 80]
    return any(m.group() not in _NOT_VERBS for m in _FUTURE_VERB.finditer(clause))


_EN_FUTURE = regex.compile(r"(?<![\p{L}])(?:will|shall|won't|'ll|is due|are due|is set to|are set to|scheduled)(?![\p{L}])", regex.IGNORECASE)


def _en_future_clause(view: str, start: int) -> bool:
    """True when the English sentence up to a weekday speaks of the future (they will meet on Monday)."""
    begin = max(view.rfind(". ", 0, start), view.rfind("\n", 0, start), start - 200)
    return bool(_EN_FUTURE.search(view, begin + 1, start))


_AHEAD = regex.compile(r"(?:" + _NEXT + r"|next|coming|until|by|till)\s*$", regex.IGNORECASE)


def _ahead(view: str, start: int) -> bool:
    """True when the words right before an expression point forward (আগামী ..., next ..., until ...)."""
    return bool(_AHEAD.search(view, max(0, start - 12), start))


def _after(value: str | None, anchor: date | None) -> bool:
    """True when a resolved value starts more than a day after the report's own date."""
    if not value or not anchor or value.startswith("--"):
        return False
    try:
        return date.fromisoformat(value[:10]) > anchor + timedelta(days=1)
    except ValueError:
        return False


def _trim(view: str, start: int, end: int) -> int:
    while end > start and view[end - 1] in " ,":
        end -= 1
    return end


def _resolve(kind: str, m: regex.Match, anchor: date | None) -> tuple[str | None, bool] | None:
    g = m.groupdict()
    month = MONTHS.get(normalize(g["month"]).casefold()) if g.get("month") else None
    if kind in ("iso", "dmy_num"):
        return date(int(g["y"]), int(g["m"]), int(g["d"])).isoformat(), False
    if kind in ("dmy", "mdy"):
        return date(int(g["y"]), month, int(g["d"])).isoformat(), False
    if kind == "bn_dmy":
        day = int(g["d"])
        if g.get("y"):
            return bengali_to_gregorian(day, BN_MONTHS[g["bnmonth"]], int(g["y"])).isoformat(), False
        if anchor is None:
            return None, False
        year = anchor.year - 593 - (1 if anchor < date(anchor.year, 4, 14) else 0)
        value = bengali_to_gregorian(day, BN_MONTHS[g["bnmonth"]], year)
        return _near(value, anchor, lambda y: bengali_to_gregorian(day, BN_MONTHS[g["bnmonth"]], year + (y - value.year))).isoformat(), True
    if kind in ("ym", "my"):
        return _month_range(int(g["y"]), month), False
    if kind == "year":
        return _year_range(int(g["y"])), False
    if kind == "year_range":
        y1, y2 = int(g["y"]), int(g["y2"])
        if y2 < 100:
            y2 += y1 // 100 * 100
        if not 0 <= y2 - y1 <= 10:
            return None
        return f"{y1}-01-01/{y2}-12-31", False
    if kind == "md":
        kind = "dm"
    if kind == "dm":
        day = int(g["d"])
        date(2024, month, day)  # validates day against month (leap year allows 29 Feb)
        if anchor is None:
            return f"--{month:02d}-{day:02d}", False
        return _near(date(anchor.year, month, day) if (month, day) != (2, 29) or isleap(anchor.year) else date(anchor.year, 3, 1),
                     anchor, lambda y: date(y, month, day)).isoformat(), True
    if g.get("next") or (kind == "ago" and not normalize(g["dir"]).startswith(normalize("আগে"))) \
            or (g.get("word") or "").casefold() in (normalize("আগামীকাল"), "tomorrow"):
        return FUTURE  # আগামী বছর, ৫ বছর পর, next week, tomorrow
    if anchor is None:
        return (None, False) if kind != "month" else (f"--{month:02d}", False)
    step = -1 if g.get("past") else 1 if g.get("next") else 0
    if kind.startswith("en_"):
        kind = {"en_rel_unit": "rel_unit", "en_rel_weekday": "rel_weekday", "en_weekday": "weekday", "en_ago": "ago",
                "en_day_word": "day_word"}[kind]
    if kind == "rel_year_month":
        return _month_range(anchor.year + step, month), True
    if kind == "rel_month_name":
        year = anchor.year
        if step < 0 and month >= anchor.month:
            year -= 1
        if step > 0 and month <= anchor.month:
            year += 1
        return _month_range(year, month), True
    if kind == "month":
        return _month_range(anchor.year, month), True
    if kind == "rel_unit":
        unit = _UNITS[normalize(g["unit"]).casefold()]
        if unit == "week":
            monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=step)
            return f"{monday.isoformat()}/{(monday + timedelta(days=6)).isoformat()}", True
        if unit == "month":
            y, mo = divmod(anchor.year * 12 + anchor.month - 1 + step, 12)
            return _month_range(y, mo + 1), True
        return _year_range(anchor.year + step), True
    if kind in ("weekday", "rel_weekday"):
        name = normalize(g["weekday"]).casefold()
        target = WEEKDAYS[name] if name in WEEKDAYS else _EN_WEEKDAYS[name]
        back = (anchor.weekday() - target) % 7
        if step < 0 and back == 0:
            back = 7
        return (anchor - timedelta(days=back)).isoformat(), True
    if kind == "ago":
        count = g["n"].casefold()
        n = -(int(count) if count.isdigit() else _EN_NUMBERS[count])
        unit = _UNITS[normalize(g["unit"]).casefold()]
        if unit == "day":
            return (anchor + timedelta(days=n)).isoformat(), True
        if unit == "week":
            return (anchor + timedelta(weeks=n)).isoformat(), True
        if unit == "month":
            y, mo = divmod(anchor.year * 12 + anchor.month - 1 + n, 12)
            return _month_range(y, mo + 1), True
        return _year_range(anchor.year + n), True
    if kind == "day_word":
        word = normalize(g["word"]).casefold()
        offset = -1 if word in (normalize("গতকাল"), "yesterday") else 0
        return (anchor + timedelta(days=offset)).isoformat(), True
    return None


def _near(value: date, anchor: date, at_year) -> date:
    """Pick the year that puts a day-month within ten months before to two months after the anchor."""
    if (value - anchor).days > 62:
        return at_year(value.year - 1)
    if (anchor - value).days > 304:
        return at_year(value.year + 1)
    return value


def _month_range(year: int, month: int) -> str:
    last = monthrange(year, month)[1]
    return f"{year:04d}-{month:02d}-01/{year:04d}-{month:02d}-{last:02d}"


def _year_range(year: int) -> str:
    return f"{year:04d}-01-01/{year:04d}-12-31"


def parse_anchor(value: str | date | None) -> date | None:
    """A date from an ISO string (date or datetime) or a date; None when unknown."""
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
