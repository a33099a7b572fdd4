"""Roles: the kind of role a report gives a person next to the name — a player's (পেসার, fast bowler) or an
office-holder's (অধ্যাপক, মহাব্যবস্থাপক, professor, general manager) — and whether a report is about a game.

Shared by the namesake rules (``khobor.analyze.namesakes``) and the employers (``khobor.analyze.employers``).
"""

from __future__ import annotations

import functools

import regex

from khobor.analyze.names import lemma_forms
from khobor.model import Mention

SPORT, OFFICE = "sport", "office"
ROLE_KINDS = (SPORT, OFFICE)

_BENGALI = {
    SPORT: "পেসার বোলার ব্যাটার ব্যাটসম্যান ক্রিকেটার স্পিনার অলরাউন্ডার ফুটবলার গোলরক্ষক উইকেটরক্ষক স্ট্রাইকার "
           "ফরোয়ার্ড ডিফেন্ডার মিডফিল্ডার খেলোয়াড় ওপেনার",
    OFFICE: "অধ্যাপক সচিব মহাব্যবস্থাপক ব্যবস্থাপক ম্যাজিস্ট্রেট পিপি মেয়র উপপরিচালক পরিচালক মহাপরিচালক চেয়ারম্যান "
            "সভাপতি সম্পাদক উপদেষ্টা মন্ত্রী প্রতিমন্ত্রী কর্মকর্তা আইনজীবী বিচারপতি বিচারক কমিশনার গভর্নর "
            "উপাচার্য চিকিৎসক ডা. অর্থনীতিবিদ গবেষক বিজ্ঞানী হেড কাউন্সিলর ইউএনও ওসি আমির পরিবেশক ডিলার",
}
_LATIN = {
    SPORT: "pacer seamer bowler batter batsman cricketer spinner all-rounder allrounder footballer goalkeeper striker "
           "midfielder defender winger opener",
    OFFICE: "professor secretary manager magistrate prosecutor mayor director chairman chairperson adviser advisor "
            "minister officer lawyer justice judge commissioner governor vice-chancellor economist researcher "
            "scientist fellow dr dr. ameer amir uno dealer",
}
_NEUTRAL = "কোচ অধিনায়ক coach captain skipper"  # a team's coach or captain: a player once, or an office: no evidence
_ROLES = {word: None for word in _NEUTRAL.split()} | {word: kind for table in (_BENGALI, _LATIN) for kind, words in table.items() for word in words.split()}
WORD = regex.compile(r"[\p{L}\p{M}.\-'’]+")
# a clause ends here (an English sentence's full stop, not the one of ডা. or Lt.): a role beyond it is another person's
CLAUSE_STOP = regex.compile(r"[,।!?;:“”\"\n]|(?<=\p{Ll}{3})\.\s")


@functools.lru_cache(maxsize=1 << 14)
def role_kind(word: str) -> str | bool | None:
    """The role kind of a word; False for a word that ends the search with no kind (coach); None for no role."""
    word = word.casefold().replace("’", "'").removesuffix("'s")
    for stem in (word,) if word.isascii() else (word, *lemma_forms(word)):  # (অধ্যাপকের: অধ্যাপক)
        if stem in _ROLES:
            return _ROLES[stem] or False
    return None


_LAST: tuple = (None, None, {})  # the report last asked about (its body, its mentions) and its answers by mention span
_NOT_YET = object()


def role_of(body: str, mention: Mention, mentions: list[Mention] = (), before: int = 5, after: int = 4) -> str | None:
    """The kind of role (``SPORT`` or ``OFFICE``) the report gives the person named by ``mention``: the nearest role
    word among the few words before the name in its clause, else in an apposition after a comma ("X, general
    manager of ..."); None when the report gives none. The words looked at stop at a comma and at another name of
    ``mentions`` (in "ট্রাভিস হেড, ক্যামেরন গ্রিন" হেড is a name, not a head of anything). Remembered for the
    report last asked about: resolving one report asks for each of its names up to three times."""
    global _LAST
    last = _LAST  # (one snapshot: another thread may set its own report meanwhile)
    if last[0] is not body or last[1] is not mentions:
        last = _LAST = (body, mentions, {})
    at = (mention.start, mention.end, before, after)
    found = last[2].get(at, _NOT_YET)
    if found is _NOT_YET:
        found = last[2][at] = _role_of(body, mention, mentions, before, after)
    return found


def _role_of(body: str, mention: Mention, mentions, before: int, after: int) -> str | None:
    start = max([0, mention.start - 120] + [m.end for m in mentions if m.end <= mention.start])
    end = min([mention.end + 80] + [m.start for m in mentions if m.start >= mention.end])
    head = CLAUSE_STOP.split(body[start : mention.start])[-1]
    for word in reversed(WORD.findall(head)[-before:]):
        kind = role_kind(word)
        if kind is not None:
            return kind or None
    tail = body[mention.end : end]
    if tail.startswith(","):
        clause = CLAUSE_STOP.split(tail[1:])[0]
        for word in WORD.findall(clause)[:after]:
            kind = role_kind(word)
            if kind is not None:
                return kind or None
    return None


def article_role(body: str, mentions: list[Mention]) -> str | None:
    """The one kind of role a report gives its people (a cricket report calls several players pacer or batter), else
    None: it picks among namesakes for a name the report gives no role."""
    kinds = {role_of(body, m, mentions) for m in mentions if m.type == "PER" and len(m.surface.split()) > 1} - {None}
    return kinds.pop() if len(kinds) == 1 else None


# words of a report on a game: a name it gives no role, where the name has a player namesake, is the player's (a cricket
# report listing "Mashrafe, Mustafizur Rahman, Litton" names no pacer)
_SPORT_TOPIC = set("""ক্রিকেট উইকেট টি-টোয়েন্টি ওয়ানডে আইপিএল বিসিবি ফুটবল cricket cricketing wicket wickets t20 t20i
    odi ipl bcb football""".split())
TOPIC_HITS = 2  # one such word is a passing mention (a minister at a match)


def topic_kind(body: str, language: str | None = "bn") -> str | None:
    """``SPORT`` for a Bengali report that writes words of a game at least ``TOPIC_HITS`` times, else None. (Not an
    English one: one outlet's English pages carry other reports' cricket paragraphs under every story.)"""
    if language == "en":
        return None
    hits = 0
    for word in WORD.findall(body):
        word = word.casefold()
        if word in _SPORT_TOPIC or (not word.isascii() and any(f in _SPORT_TOPIC for f in lemma_forms(word))):
            hits += 1
            if hits >= TOPIC_HITS:
                return SPORT
    return None
