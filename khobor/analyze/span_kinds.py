"""Bengali spans that name no body or run past a name, found from the span's own words (called by ``span_cuts``).

- a tournament's group (এফ গ্রুপে "in group F", বাংলাদেশ গ্রুপ "Bangladesh's group", গ্রুপ-এ) is no body: a
  company's group has a name before গ্রুপ, never a lone letter or a country;
- a person's word with the particle -ও "also" (সাকিব আহমেদও পোস্টদাতাদের "Sakib Ahmed, too, of the posters") ends the
  name there: the words after it are the sentence going on.
"""

from __future__ import annotations

import functools

import regex

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
