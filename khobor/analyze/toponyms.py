"""Places and persons the way a sentence is written gives away (Bengali news), where the tagger and the gazetteer miss them.

- a word ending in -পাড়া is a neighbourhood (ধর্মপাড়া, নোয়াপাড়া), with or without a case ending; not পাড়া alone
  ("the neighbourhood") nor পাড় (a bank: পুকুরপাড়, তোলপাড়);
- a person's first name run into a street (ইরাম | চিটাগং রোড), where a route from a place ends (ঢাকা থেকে আমিন বাজার
  পর্যন্ত), a surname after a first name in brackets (প্রেসিডেন্ট (ভ্লাদিমির) পুতিন)."""

from __future__ import annotations

import regex

from khobor.lang.bn.suffixes import strip_case_ending
from khobor.lang.bn.text import normalize
from khobor.model import Mention

_PARA = normalize("পাড়া")
_PARA_WORD = regex.compile(r"(?<![\p{Bengali}\u200c\u200d-])\p{Bengali}{2,}?" + _PARA + r"\p{Bengali}*(?![\p{Bengali}\u200c\u200d-])", regex.V1)


def neighbourhoods(mentions: list[Mention], body: str) -> list[Mention]:
    """``mentions`` and each untagged word that is a name ending in -পাড়া, as a place."""
    if _PARA not in body:
        return mentions
    taken = [(m.start, m.end) for m in mentions]
    added = []
    for match in _PARA_WORD.finditer(body):
        word = match.group()
        if strip_case_ending(word).endswith(_PARA) or word.endswith(_PARA):
            a, b = match.span()
            if not any(x < b and a < y for x, y in taken):
                added.append(Mention(a, b, word, "LOC"))
    return sorted(mentions + added, key=lambda m: m.start) if added else mentions


def person_before_street(mentions: list[Mention], body: str) -> list[Mention]:
    """ইরাম | চিটাগং রোড: a street's name of three words or more whose first word is the first name of a person the
    text names (ইরাম হৃদয়) is that person, then the street."""
    from khobor.analyze.span_rules import _STREET_HEADS
    from khobor.analyze.span_words import _is_head

    first_names = {m.surface.split()[0]: m.surface for m in mentions if m.type == "PER" and len(m.surface.split()) > 1}
    out = []
    for m in mentions:
        words = m.surface.split()
        if m.type == "LOC" and len(words) >= 3 and words[0] in first_names and _is_head(words[-1], _STREET_HEADS) \
                and first_names[words[0]] != m.surface and body[m.start + len(words[0])] == " ":
            cut = m.start + len(words[0]) + 1
            out += [Mention(m.start, cut - 1, words[0], "PER"), Mention(cut, m.end, body[cut : m.end], "LOC")]
        else:
            out.append(m)
    return out


_ROUTE = regex.compile(r"(?V1) " + normalize("থেকে") + r" ((?:\p{Bengali}+ ){0,1}\p{Bengali}+) (?:" + "|".join(
    normalize(w) for w in "পর্যন্ত আসার যাওয়ার".split()) + r")(?![\p{Bengali}])")


def route_ends(mentions: list[Mention], body: str) -> list[Mention]:
    """পুরান ঢাকা থেকে আমিন বাজার পর্যন্ত, শেওড়াপাড়া থেকে কারওয়ান বাজার আসার পথে: from a place to one or two
    uninflected words, the first name-like: those words are a place too (a person tagged there is the place's name)."""
    from khobor.analyze.ner import default_tagger
    from khobor.analyze.span_words import _NOT_SUBJECTS, _uninflected

    out = list(mentions)
    for m in mentions:
        found = _ROUTE.match(body, m.end) if m.type == "LOC" else None
        if not found:
            continue
        words = found.group(1).split()
        if not default_tagger().name_like(words[0]) or not all(_uninflected(w) and w not in _NOT_SUBJECTS for w in words):
            continue
        a, b = found.span(1)
        inside = [x for x in out if x.start < b and a < x.end]
        if all(a <= x.start and x.end <= b and x.type != "ORG" for x in inside):
            out = [x for x in out if x not in inside] + [Mention(a, b, found.group(1), "LOC")]
    return sorted(out, key=lambda m: m.start)


_BRACKETED_FIRST_NAME = regex.compile(r"(?V1)(\p{Bengali}+) \((\p{Bengali}+)\) (\p{Bengali}{2,})(?![\p{Bengali}.])")  # (not লে. কর্নেল: an abbreviated rank)


def _bracketed_first_names(body: str):
    """What ``_BRACKETED_FIRST_NAME.finditer(body)`` yields, tried only at the word before each " (" (a scan of every
    position of the text costs more than the rest of the rule)."""
    end = 0
    i = body.find(" (")
    while i >= 0:
        start = i
        while start > 0 and _BENGALI_CHAR.match(body[start - 1]):
            start -= 1
        if start >= end and start < i:
            match = _BRACKETED_FIRST_NAME.match(body, start)
            if match:
                end = match.end()
                yield match
        i = body.find(" (", i + 2)


_BENGALI_CHAR = regex.compile(r"\p{Bengali}")


def bracketed_first_names(mentions: list[Mention], body: str) -> list[Mention]:
    """প্রেসিডেন্ট (ভ্লাদিমির) পুতিনের: a title, a first name the writer put in brackets, then the surname the tagger
    left out (the bracket broke the name): the surname is a person. (Not পরিদর্শক (তদন্ত) বলেন: a word training saw
    outside names.)"""
    from khobor.analyze.ner import default_tagger
    from khobor.lang.bn.names import TITLE_WORDS

    if "(" not in body:
        return mentions
    taken = [(m.start, m.end) for m in mentions]
    added = []
    for match in _bracketed_first_names(body):
        title, first, surname = match.groups()
        a, b = match.span(3)
        name_like = default_tagger().name_like
        if title in TITLE_WORDS and surname not in TITLE_WORDS and name_like(first) and name_like(surname) and not any(x < b and a < y for x, y in taken):
            added.append(Mention(a, b, surname, "PER"))
    return sorted(mentions + added, key=lambda m: m.start) if added else mentions
