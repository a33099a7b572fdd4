"""Direct quotes and who said them.

A quote is text between “ ”, " " or ‘ ’ on one paragraph. Its speaker is the
entity mention in the clause that says so: after the quote (“…,” পেসকভ বলেন /
কেসিএনএ বলেছে / বলে জানিয়েছে রুশ পররাষ্ট্র মন্ত্রণালয়) or before it (পেসকভ বলেন, “…”);
তাসের মতে counts too. A pronoun (তিনি আরও যোগ করেন) takes the previous quote's speaker.
Short scare quotes (one or two words) are kept but get no speaker unless stated.
"""

from __future__ import annotations

import regex

from khobor.clean.normalize import normalize
from khobor.model import Mention, Quote

_QUOTE = regex.compile(r"“(?P<a>[^”\n]{2,800})”|\"(?P<b>[^\"\n]{2,800})\"|‘(?P<c>[^’\n]{2,800}?)’(?![\p{L}\p{M}])|«(?P<d>[^»\n]{2,800})»")


def _alt(words: list[str]) -> str:
    return "|".join(regex.escape(normalize(w)) for w in sorted(words, key=len, reverse=True))


_VERBS = _alt([
    "বলেন", "বলেছেন", "বলেছে", "বলেছিলেন", "বলেছিল", "বলে", "বললেন", "বলছেন", "জানান", "জানিয়েছেন", "জানিয়েছে",
    "জানায়", "জানাল", "জানালেন", "উল্লেখ করেন", "উল্লেখ করেছেন", "যোগ করেন", "যোগ করেছেন", "মন্তব্য করেন",
    "লিখেছেন", "লিখেছে", "দাবি করেন", "দাবি করেছেন", "দাবি করেছে", "প্রশ্ন করেন", "মতে", "ঘোষণা করেন",
    "said", "says", "told", "added",
])
_VERB = regex.compile(rf"(?<![\p{{L}}\p{{M}}])(?:{_VERBS})(?![\p{{L}}\p{{M}}])")
_PRONOUN = regex.compile(rf"^\W*(?:{_alt(['তিনি', 'তাঁরা', 'তারা', 'সে', 'he', 'she'])})(?![\p{{L}}\p{{M}}])")
_CLAUSE_END = regex.compile(r"[।?!\n]|\.(?=\s)")
_SPEAKER_TYPES = ("PER", "ORG")


def find_quotes(text: str, mentions: list[Mention]) -> list[Quote]:
    """Quotes in ``text`` with speakers taken from ``mentions`` (spans into the same text)."""
    quotes: list[Quote] = []
    previous_speaker: str | None = None
    for match in _QUOTE.finditer(text):
        inner = next(g for g in match.groups() if g is not None)
        start, end = match.span()
        speaker = _after(text, end, mentions)
        if speaker is None:
            speaker = _before(text, start, mentions)
        if speaker is None and _says_pronoun(text, end):
            speaker = previous_speaker
        quotes.append(Quote(start, end, inner.strip(), speaker))
        if speaker:
            previous_speaker = speaker
    return quotes


def _clause_after(text: str, end: int) -> tuple[int, int]:
    stop = _CLAUSE_END.search(text, end)
    return end, stop.start() if stop else len(text)


def _after(text: str, end: int, mentions: list[Mention]) -> str | None:
    """“…,” X বলেন  |  “…” বলে জানিয়েছে X  |  “…,” X-এর মতে."""
    c_start, c_end = _clause_after(text, end)
    verb = _VERB.search(text, c_start, c_end)
    if not verb:
        return None
    between = [m for m in mentions if c_start <= m.start and m.end <= verb.start() and m.type in _SPEAKER_TYPES]
    if between:
        # the last name before the verb: "ক্রেমলিনের মুখপাত্র দিমিত্রি পেসকভ ... বলেন"
        persons = [m for m in between if m.type == "PER"]
        return (persons or between)[-1].surface
    if text[c_start:verb.start()].strip(" ,") == "" or normalize("বলে") == verb.group():
        later = [m for m in mentions if verb.end() <= m.start < c_end and m.type in _SPEAKER_TYPES]
        if later:
            return later[0].surface
    return None


def _before(text: str, start: int, mentions: list[Mention]) -> str | None:
    """X বলেন, “…”: the verb must end right before the quote (a colon or comma between)."""
    head = text[max(0, start - 200) : start].rstrip(" ,:–-")
    verb = None
    for verb in _VERB.finditer(head):
        pass
    if verb is None or verb.end() != len(head):
        return None
    base = max(0, start - 200)
    stop = None
    for stop in _CLAUSE_END.finditer(head):
        pass
    clause_start = base + (stop.end() if stop else 0)
    candidates = [m for m in mentions if clause_start <= m.start and m.end <= base + verb.start() and m.type in _SPEAKER_TYPES]
    if not candidates:
        return None
    persons = [m for m in candidates if m.type == "PER"]
    return (persons or candidates)[-1].surface


def _says_pronoun(text: str, end: int) -> bool:
    c_start, c_end = _clause_after(text, end)
    clause = text[c_start:c_end]
    return bool(_PRONOUN.search(clause.lstrip(" ,")) and _VERB.search(clause))
