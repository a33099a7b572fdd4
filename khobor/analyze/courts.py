"""Courts named after their district (Bengali news): ঢাকার ৬ নম্বর বিশেষ জজ আদালত, বরিশাল চিফ মেট্রোপলিটন
ম্যাজিস্ট্রেট আদালত. A known place, then only the words of a court's rank (a judge's or a magistrate's title, a
number), then আদালত: one body. The tagger reads such titles as persons (মেট্রোপলিটন) or leaves them out."""

from __future__ import annotations

import functools

import regex

from khobor.lang.bn.suffixes import inflected_forms, strip_case_ending
from khobor.lang.bn.text import normalize
from khobor.model import Mention

_RANK_WORDS = frozenset(normalize(w) for w in (
    "চিফ মেট্রোপলিটন ম্যাজিস্ট্রেট ম্যাজিস্ট্রেটের জুডিশিয়াল অতিরিক্ত জেলা দায়রা জজ জজের বিশেষ স্পেশাল সিনিয়র জ্যেষ্ঠ "
    "মহানগর যুগ্ম সহকারী নম্বর ও").split())
_JUDGES = frozenset(normalize(w) for w in "জজ জজের ম্যাজিস্ট্রেট ম্যাজিস্ট্রেটের".split())
_COURT = normalize("আদালত")
_COURT_FORMS = frozenset((_COURT, *inflected_forms(_COURT)))
_NUMBER = regex.compile(r"[০-৯\d]+")
_COURT_RUN = regex.compile(r"(?V1)(?<![\p{Bengali}\u200c\u200d-])(\p{Bengali}+)((?: (?:[০-৯\d]+|\p{Bengali}+)){1,7}) (" + _COURT
                           + r"\p{Bengali}*)(?![\p{Bengali}\u200c\u200d-])")


@functools.cache
def _places() -> dict[str, str]:
    from khobor.lang.bn import gazetteer

    return gazetteer.bangladesh_places()


def courts(mentions: list[Mention], body: str) -> list[Mention]:
    """``mentions`` with each district court found as one organisation (the place and any span inside it replaced)."""
    if _COURT not in body:
        return mentions
    found = []
    for match in _court_runs(body):
        place, ranks, court = match.group(1), match.group(2).split(), match.group(3)
        if court not in _COURT_FORMS or not (_places().get(place) or _places().get(strip_case_ending(place))):
            continue
        if all(w in _RANK_WORDS or _NUMBER.fullmatch(w) for w in ranks) and _JUDGES & set(ranks) \
                and not any(f.start < match.end() and match.start() < f.end for f in found):
            found.append(Mention(match.start(), match.end(), match.group(), "ORG"))
    if not found:
        return mentions
    kept = [m for m in mentions if not any(f.start < m.end and m.start < f.end for f in found)]
    return sorted(kept + found, key=lambda m: m.start)


_BENGALI_RUN = regex.compile(r"\p{Bengali}*")


def _court_runs(body: str) -> list:
    """The overlapped matches of ``_COURT_RUN`` in ``body``, sought only near each " আদালত": a run holds at most 7
    spaces before it, so starts after the 8th space before it, and ends with the letters after it (a scan of the whole
    text: 0.08 -> 0.003 CPU-ms an article over 600 Bengali dev articles, 34 of which write আদালত)."""
    windows: list[list[int]] = []
    at = body.find(" " + _COURT)
    while at >= 0:
        start = at
        for _ in range(8):
            start = body.rfind(" ", 0, start)
            if start < 0:
                break
        start += 1
        end = min(len(body), _BENGALI_RUN.match(body, at + 1).end() + 1)  # (and the letter after, for the lookahead)
        if windows and start <= windows[-1][1]:
            windows[-1][1] = end
        else:
            windows.append([start, end])
        at = body.find(" " + _COURT, at + 1)
    return [match for start, end in windows for match in _COURT_RUN.finditer(body, start, end, overlapped=True)]
