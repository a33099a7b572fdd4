"""Bengali spans that name no body or run past a name, found from the span's own words (called by ``span_cuts``).

- a tournament's group (এফ গ্রুপে "in group F", বাংলাদেশ গ্রুপ "Bangladesh's group", গ্রুপ-এ) is no body: a
  company's group has a name before গ্রুপ, never a lone letter or a country;
- a person's word with the particle -ও "also" (সাকিব আহমেদও পোস্টদাতাদের "Sakib Ahmed, too, of the posters") ends the
  name there: the words after it are the sentence going on;
- a body's name cut after its subject (মহিলা ও শিশু | বিষয়ক মন্ত্রণালয়) takes the subject back;
- a place written with the word "state" after it (নিউইয়র্ক অঙ্গরাজ্য) keeps the word when the bare name is a city's too.
"""

from __future__ import annotations

import functools

import regex

from khobor.analyze.span_words import _is_head, _words_after, _words_before
from khobor.analyze.span_words import _words as _words_of
from khobor.lang.bn.text import normalize
from khobor.model import Mention

_GROUP = normalize("গ্রুপ")
_ALSO = normalize("ও")
_CONSONANT = regex.compile(r"[\u0995-\u09b9\u09ce\u09dc\u09dd\u09df]$")  # (a vowel before ও is the name's: মারিও)


@functools.cache
def _letters() -> frozenset[str]:
    from khobor.lang.bn.names import LETTER_NAMES

    return frozenset(LETTER_NAMES.values())


def tournament_group(m: Mention, is_place) -> bool:
    """True for a group of a tournament: গ্রুপ (in any case form) with one Latin letter or one place beside it."""
    if _GROUP not in m.surface:  # (asked of every mention: most hold no গ্রুপ)
        return False
    words = m.surface.replace("-", " ").split()
    if len(words) != 2:
        return False
    if words[0] == _GROUP:
        other = words[1]
    elif words[1].startswith(_GROUP) and len(words[1]) - len(_GROUP) <= 3:
        other = words[0]
    else:
        return False
    return other in _letters() or is_place(other)


def without_also(m: Mention) -> Mention:
    """A person's span cut after the first word written with -ও after a consonant (আহমেদও), the particle left out."""
    words = m.surface.split(" ")
    at = 0
    for i, word in enumerate(words):
        if len(word) > 3 and word.endswith(_ALSO) and _CONSONANT.search(word[:-1]) and word[-2] != "\u09cd":
            surface = m.surface[: at + len(word) - 1]
            return Mention(m.start, m.start + len(surface), surface, m.type)
        at += len(word) + 1
    return m


_ABOUT = _words_of("বিষয়ক")


def about_subject(mentions: list[Mention], body: str) -> list[Mention]:
    """মহিলা ও শিশু | বিষয়ক মন্ত্রণালয়: a body's name opening with বিষয়ক ("on") was cut after its subject; it takes the
    subject back: one word, two joined by ও, and a list before them written with commas (আইন, বিচার ও সংসদ বিষয়ক
    মন্ত্রণালয়), never a word of another mention (ইসলামিক ফাউন্ডেশন ও | ধর্ম বিষয়ক মন্ত্রণালয়)."""
    return [_with_subject(m, body, mentions) if m.type == "ORG" and m.surface.split(" ", 1)[0] in _ABOUT else m
            for m in mentions]


def _with_subject(m: Mention, body: str, mentions: list[Mention]) -> Mention:
    from khobor.analyze.government import _subject_word

    taken = [(x.start, x.end) for x in mentions if x is not m]
    words = _words_before(body, m.start, 8)

    def subject(k: int, gap: str) -> bool:  # words[k] a subject, written ``gap`` before the next word
        a, b, word = words[k]
        following = words[k + 1][0] if k + 1 < len(words) else m.start
        return body[b:following] == gap and _subject_word(word) and not any(x < b and a < y for x, y in taken)

    last = len(words) - 1
    if last < 0 or not subject(last, " "):
        return m
    first = last
    if last >= 2 and words[last - 1][2] == _ALSO and body[words[last - 1][1] : words[last][0]] == " " and subject(last - 2, " "):
        first = last - 2
        while first >= 1 and subject(first - 1, ", "):
            first -= 1
    start = words[first][0]
    return Mention(start, m.end, body[start : m.end], m.type)


_STATES = _words_of("অঙ্গরাজ্য রাজ্য")
_CITIES = _words_of("নগর নগরী শহর সিটি")


def state_of_city(mentions: list[Mention], body: str) -> list[Mention]:
    """নিউইয়র্ক | অঙ্গরাজ্যের: a place written with its kind "state" keeps that word when its bare name is a city's too (a
    known city, or one the text calls a city: নিউইয়র্ক নগরের), so the state never merges with the city."""
    out = []
    for m in mentions:
        if m.type == "LOC":
            after = _words_after(body, m.end, 1)
            if after and _is_head(after[0][2], _STATES) and _also_city(m.surface, body):
                m = Mention(m.start, after[0][1], body[m.start : after[0][1]], "LOC")
        out.append(m)
    return out


def _also_city(name: str, body: str) -> bool:
    from khobor.lang.bn.gazetteer import place_ids

    ids = place_ids(name)
    if any(p.startswith("g:") for p in ids) and not any(p.startswith("c:") for p in ids):
        return True
    return any(_is_head(w, _CITIES) for w in regex.findall(regex.escape(name) + r" (\p{Bengali}+)", body))


_NAME_END = regex.compile(r"[,।;]|$")


def person_named_as_place(mentions: list[Mention], body: str) -> list[Mention]:
    """ডেনজেল | ওয়াশিংটন।: a first name the tagger typed a person (or, in a list of persons, a place it does not know) and
    a foreign city's name right after it, ending the clause, are one person (Denzel Washington), not a place."""
    out: list[Mention] = []
    for i, m in enumerate(mentions):
        prior = out[-1] if out else None
        if (prior is not None and m.type == "LOC" and body[prior.end : m.start] == " " and " " not in prior.surface
                and _NAME_END.match(body, m.end) and _foreign_city(m.surface) and _first_name(prior, out[:-1], mentions[i + 1 :], body)):
            out[-1] = Mention(prior.start, m.end, body[prior.start : m.end], "PER")
            continue
        out.append(m)
    return out


def _foreign_city(name: str) -> bool:
    from khobor.lang.bn.gazetteer import place_ids

    ids = place_ids(name)
    return bool(ids) and all(p.startswith("g:") for p in ids)


def _first_name(m: Mention, before: list[Mention], after: list[Mention], body: str) -> bool:
    from khobor.analyze.names import lemma_forms
    from khobor.lang.bn.gazetteer import place_ids

    if place_ids(m.surface) or lemma_forms(m.surface)[0] != m.surface:
        return False  # (ঢাকার | মিরপুর: a place, or an inflected word)
    if m.type == "PER":
        return True
    listed = [x for x in (before[-1:] + after[:1]) if x.type == "PER" and abs((x.start if x.start > m.start else x.end) - m.start) < 60]
    return m.type == "LOC" and bool(listed) and ", " in body[max(0, m.start - 3) : m.start + 80]
