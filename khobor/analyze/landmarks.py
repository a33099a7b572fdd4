"""Bodies and landmarks of Bangladesh every reader knows, found where the tagger left them out (Bengali news).

The tagger misses a lone acronym it rarely saw as a name (বিডিআর বিদ্রোহে, ডিএমপি জানায়), an outlet (কালের কণ্ঠকে
দেওয়া সাক্ষাৎকারে) and the seats of the state written without a name word (সচিবালয়ে সাংবাদিকদের, গণভবন অভিমুখে).
A short list of the national ones, in any inflection, is added where no mention covers them. A seat that is also a
common noun (সচিবালয়: any body has one) counts only when no noun stands right before it (ইসি সচিবালয়, পৃথক সচিবালয় are not the Secretariat).
"""

from __future__ import annotations

import functools

from khobor.analyze.span_words import _occurrences, _word_char, _words_before
from khobor.lang.bn.suffixes import inflected_forms, strip_case_ending
from khobor.lang.bn.text import normalize
from khobor.model import Mention

# National bodies written by their acronym or short name (police units, forces, regulators, parliament).
_BODIES = """বিডিআর বিজিবি র‍্যাব র্যাব ডিএমপি সিএমপি আরএমপি কেএমপি এসএমপি জিএমপি দুদক বিটিআরসি বিএসইসি ইউজিসি ডিজিএফআই
এনএসআই পিবিআই আইএসপিআর বিসিবি বাফুফে বিজিএমইএ বিকেএমইএ এফবিসিসিআই বাংলাদেশ_ব্যাংক জাতীয়_সংসদ ইসি নির্বাচন_কমিশন"""
# Outlets whose names are also plain words (আমাদের সময় "our time", যুগান্তর, সমকাল, ইনকিলাব "revolution"): left to the tagger.
_PLAIN_OUTLETS = "আমাদের_সময় আজকের_পত্রিকা যুগান্তর সমকাল ইনকিলাব দৈনিক_ইনকিলাব"
# Seats of the state and national landmarks.
_SEATS = "বঙ্গভবন গণভবন সংসদ_ভবন কেন্দ্রীয়_শহীদ_মিনার সোহরাওয়ার্দী_উদ্যান"
_COMMON_SEATS = "সচিবালয়"  # also "a body's secretariat": only after no noun


def _names(text: str) -> list[str]:
    return [normalize(w.replace("_", " ")) for w in text.split()]


def _outlets() -> str:
    """The Bengali names of the news outlets (``news_words.OUTLETS``) but those that are plain words too."""
    from khobor.lang.bn.news_words import OUTLETS

    plain = set(_names(_PLAIN_OUTLETS))
    names = {normalize(f) for forms in OUTLETS.values() for f in forms if not f.isascii()} - plain
    return " ".join(n.replace(" ", "_") for n in sorted(names))


@functools.cache
def _table() -> dict[str, list[tuple[str, str, bool]]]:
    """Every inflected form of a name's last word -> [(the name's words before it, type, common noun too)], longest
    name first."""
    out: dict[str, list[tuple[str, str, bool]]] = {}
    for names, kind, common in ((_BODIES, "ORG", False), (_outlets(), "ORG", False), (_SEATS, "LOC", False),
                                (_COMMON_SEATS, "LOC", True)):
        for name in _names(names):
            *head, last = name.split()
            for form in (last, *inflected_forms(last)):
                out.setdefault(form, []).append((" ".join(head), kind, common))
    for entries in out.values():
        entries.sort(key=lambda e: -len(e[0]))
    return out


@functools.cache
def forms() -> frozenset[str]:
    """The words that may end a listed name (a text's vocabulary is checked against them first)."""
    return frozenset(_table())


@functools.cache
def _calendar_words() -> frozenset[str]:
    from khobor.lang.bn import calendar

    return frozenset([*calendar.WEEKDAYS, *calendar.GREGORIAN_MONTHS, *calendar.BENGALI_MONTHS])


def _after_no_noun(body: str, start: int, taken: list[tuple[int, int]]) -> bool:
    """Nothing but a break, an inflected word, a number or a day before ``start`` (আজ বুধবার সচিবালয়ে, নিরাপত্তায়
    সচিবালয়ে), not a noun that owns it (ইসি সচিবালয়, পৃথক সচিবালয়) nor a mention."""
    before = _words_before(body, start, 1)
    if not before or before[0][1] != start - 1 or body[start - 1] != " ":
        return True
    a, b, word = before[0]
    if any(x < b and a < y for x, y in taken):
        return False
    return strip_case_ending(word) != word or word in _calendar_words() or word[-1] in "ে"


def untagged(mentions: list[Mention], body: str, gate: frozenset[str]) -> list[Mention]:
    """``mentions`` and the listed names of ``gate`` (words of the text) that no mention covers."""
    table = _table()
    taken = [(m.start, m.end) for m in mentions]
    found = []
    named = []
    for first, end, word in _occurrences(body, gate):
        for head, kind, common in table[word]:
            start = first - len(head) - 1 if head else first
            if not head or body[max(0, start) : first] == head + " " and not (start > 0 and _word_char(body[start - 1])):
                named.append((start, end, kind, common))
                break
    for start, end, kind, common in sorted(named, key=lambda n: n[0] - n[1]):  # the longest name first
        if any(x < end and start < y for x, y in taken) or common and not _after_no_noun(body, start, taken):
            continue
        found.append(Mention(start, end, body[start:end], kind))
        taken.append((start, end))
    return mentions + sorted(found, key=lambda m: m.start)
