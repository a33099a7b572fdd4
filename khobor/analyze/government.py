"""Bodies of the state named by their subject or their head (Bengali news).

- a ministry or directorate named by its subject (অর্থ মন্ত্রণালয়, তথ্য ও সম্প্রচার মন্ত্রণালয়, স্বাস্থ্য অধিদপ্তর) is an
  organisation, not "the ministry" of a sentence (সংশ্লিষ্ট মন্ত্রণালয়);
- the office of the head of government (প্রধানমন্ত্রীর কার্যালয়) is a body;
- a portfolio (সমাজকল্যাণ মন্ত্রী, কমিশনার (তদন্ত)) and an election (জাতীয় সংসদ নির্বাচন) name no body.
"""

from __future__ import annotations

import functools

import regex

from khobor.analyze import divisions
from khobor.analyze.span_words import (_AND, _NOT_SUBJECTS, _is_head, _occurrences, _uninflected, _words, _words_after,
                                       _words_before)
from khobor.lang.bn.suffixes import inflected_forms
from khobor.lang.bn.text import normalize
from khobor.model import Mention

# Ministry and directorate heads.
_MINISTRY_HEADS = _words("মন্ত্রণালয় অধিদপ্তর অধিদফতর মহাপরিদপ্তর পরিদপ্তর")


_ELECTION_FORMS = frozenset(f for w in _words("নির্বাচন") for f in (w, *inflected_forms(w)))


def names_an_election(mention: Mention, body: str) -> bool:
    """জাতীয় সংসদ নির্বাচন: the parliament, uninflected before "election", names the election (an event), not the body."""
    words = mention.surface.split()
    after = _words_after(body, mention.end, 1)
    return words[-1] == _PARLIAMENT and bool(after) and after[0][0] == mention.end + 1 and after[0][2] in _ELECTION_FORMS


_PARLIAMENT = normalize("সংসদ")


# Titles of a minister or an adviser: the one word before them is the portfolio (সমাজকল্যাণ মন্ত্রী, আইন উপদেষ্টা).
_PORTFOLIO_TITLES = _words("মন্ত্রী প্রতিমন্ত্রী উপমন্ত্রী উপদেষ্টা")


def _portfolio(mention: Mention, body: str) -> bool:
    """One word, not a person, uninflected, right before a minister's title: a portfolio, not an organisation's name;
    so is a part of a list of subjects before the title (পল্লী উন্নয়ন | ও সমবায় মন্ত্রী)."""
    from khobor.lang.bn import gazetteer

    last = mention.surface.split()[-1]
    if mention.type == "PER" or not (_uninflected(last) or _listed_word(last)) or gazetteer.place_ids(mention.surface):
        return False
    if " " not in mention.surface:
        bracket = _BRACKET.match(body, mention.end)  # (সমবায় (এলজিআরডি) মন্ত্রী: its acronym between)
        end = bracket.end() if bracket else mention.end
        after = _words_after(body, end, 1)
        if after and after[0][0] == end + 1 and _is_head(after[0][2], _PORTFOLIO_TITLES):
            return True
    listed = _LISTED_SUBJECTS.match(body, mention.end)
    return bool(listed) and all(_subject_word(w) or _listed_word(w) for w in listed.group(1).replace(",", " ").split() if w != _AND)


def _listed_word(word: str) -> bool:
    """A subject the stripper reads as inflected but the vocabulary knows as it is (সমবায়: not সমবা + য়)."""
    from khobor.analyze.names import lemma_forms

    return word not in _NOT_SUBJECTS and lemma_forms(word)[0] == word


_BRACKET = regex.compile(r" \([^()]{1,20}\)")
_LISTED_SUBJECTS = regex.compile(r"((?:(?:,| " + normalize("ও") + r") [\p{Bengali}]+(?: [\p{Bengali}]+)?){1,3})(?: \([^()]{1,20}\))? (?:"
                                 + "|".join(sorted(_PORTFOLIO_TITLES, key=len, reverse=True)) + r")(?![\p{Bengali}])")


def _bracketed_portfolio(mention: Mention, body: str) -> bool:
    """কমিশনার (ক্রাইম অ্যান্ড অপারেশন্স), পরিদর্শক (তদন্ত): words alone in brackets right after a title say which
    duty, they name no body."""
    if mention.type != "ORG" or body[mention.start - 1 : mention.start] != "(" or body[mention.end : mention.end + 1] != ")":
        return False
    from khobor.lang.bn.generic import GENERIC_WORDS
    from khobor.lang.bn.names import TITLE_WORDS, is_letter_acronym

    if is_letter_acronym(mention.surface):
        return False  # (আরএমও is the title's, সিএমপি the body's: an acronym may be either)
    before = _words_before(body, mention.start - 1, 1)
    return bool(before) and before[0][1] >= mention.start - 2 and (before[0][2] in TITLE_WORDS or before[0][2] in GENERIC_WORDS
                                                                  and before[0][2] in _title_forms())


@functools.cache
def _title_forms() -> frozenset[str]:
    from khobor.lang.bn.generic import _TITLES_AND_ROLES

    return _words(_TITLES_AND_ROLES)



_MINISTRY_FORMS = frozenset(f for h in _MINISTRY_HEADS for f in inflected_forms(h))


def _ministries(mentions: list[Mention], body: str, heads: frozenset[str]) -> list[Mention]:
    """অর্থ মন্ত্রণালয়, তথ্য ও সম্প্রচার মন্ত্রণালয়, স্থানীয় সরকার মন্ত্রণালয়: the subject before the head is one
    word, two joined by ও, or an adjective (-ীয়, -িক) and a word; none inflected, a determiner or inside a mention."""
    covered = [(m.start, m.end) for m in mentions]
    found = []
    for start, end, word in _occurrences(body, heads):
        if not _is_head(word, _MINISTRY_HEADS) or any(a <= start < b for a, b in covered):
            continue
        words = _words_before(body, start, 8)
        i = len(words)
        first = i
        for back in (1, 2, 3):
            j = i - back
            if j < 0 or _NOT_BENGALI.search(body, words[j][1], start):
                break
            part = words[j:i]
            if back == 3 and part[1][2] != _AND:
                continue
            if back == 2 and not part[0][2].endswith(_ADJECTIVE_ENDINGS):
                continue
            subjects = [w for n, w in enumerate(part) if not (back == 3 and n == 1)]
            if not all(_subject_word(w[2]) for w in subjects) or any(a < w[1] and w[0] < b for w in subjects for a, b in covered):
                if back == 1:
                    break
                continue
            first = j
        while first < i and first >= 2 and body[words[first - 1][1] : words[first][0]] == ", " \
                and _subject_word(words[first - 1][2]) and not any(a < words[first - 1][1] and words[first - 1][0] < b for a, b in covered):
            first -= 1  # আইন, বিচার ও সংসদবিষয়ক মন্ত্রণালয়: a list of subjects
        if first < i:
            end -= len(_AND) if word.endswith(_AND) and word[:-1] in _MINISTRY_HEADS else 0  # (অধিদপ্তরও: without "too")
            found.append(Mention(words[first][0], end, body[words[first][0] : end], "ORG"))
    return mentions + found


_DIRECTORATE_HEADS = _words("মহাপরিদপ্তর পরিদপ্তর")  # (a ministry's subject is one word: আইন মন্ত্রণালয়, not "মঙ্গলবার আইন …")


@functools.cache
def _calendar_words() -> frozenset[str]:
    from khobor.lang.bn import calendar

    return frozenset([*calendar.WEEKDAYS, *calendar.GREGORIAN_MONTHS, *calendar.BENGALI_MONTHS])


def _subject_before_head(mentions: list[Mention], body: str) -> list[Mention]:
    """প্রতিরক্ষা | গোয়েন্দা মহাপরিদপ্তর: a directorate the tagger found as two words (a subject and the head) takes one
    more subject word right before it (uninflected, no determiner: not সংশ্লিষ্ট, not ঢাকায়)."""
    taken = [(m.start, m.end) for m in mentions]
    out = []
    for m in mentions:
        words = m.surface.split()
        if m.type == "ORG" and len(words) == 2 and _is_head(words[-1], _DIRECTORATE_HEADS) and _subject_word(words[0]):
            before = _words_before(body, m.start, 1)
            if (before and body[before[0][1] : m.start] == " " and _subject_word(before[0][2])
                    and not before[0][2].endswith(_VERB_ENDINGS) and before[0][2] not in _calendar_words()
                    and not any(a < before[0][1] and before[0][0] < b for a, b in taken)):
                m = Mention(before[0][0], m.end, body[before[0][0] : m.end], "ORG")
        out.append(m)
    return out


def _listed_subjects(mentions: list[Mention], body: str) -> list[Mention]:
    """স্থানীয় সরকার, | পল্লী উন্নয়ন ও সমবায় মন্ত্রণালয়: a ministry named by a list of subjects (its name holds ও) takes the
    subjects before it written with a comma: one word, or an adjective (-ীয়, -িক) and a word."""
    from khobor.analyze.ner import default_tagger

    name_like = default_tagger().name_like
    out = []
    for m in mentions:
        words = m.surface.split()
        if m.type == "ORG" and _AND in words and _is_head(words[-1], _MINISTRY) and sum(_is_head(w, _MINISTRY_HEADS) for w in words) == 1:
            start = m.start
            while body[max(0, start - 2) : start] == ", ":
                before = _words_before(body, start - 2, 2)
                if not before or before[-1][1] != start - 2 or not _subject_word(before[-1][2]) or _is_head(before[-1][2], _MINISTRY_HEADS):
                    break
                if len(before) == 2 and body[before[0][1] : before[1][0]] == " " and before[0][2].endswith(_ADJECTIVE_ENDINGS) \
                        and _subject_word(before[0][2]):
                    start = before[0][0]  # স্থানীয় সরকার
                elif not name_like(before[-1][2]) and not before[-1][2].endswith(_VERB_ENDINGS):
                    start = before[-1][0]  # a word the tagger's lexicon knows as no name (not সরোয়ার, not বলেন)
                else:
                    break
            if start != m.start:
                m = Mention(start, m.end, body[start : m.end], "ORG")
        out.append(m)
    return out


_MINISTRY = _words("মন্ত্রণালয়")
_VERB_ENDINGS = tuple(normalize(e) for e in ("েন", "েছে", "েছেন", "লেন", "লো", "বে", "বেন"))
# The office of the head of government or state: a body (প্রধান উপদেষ্টার কার্যালয়, প্রধানমন্ত্রীর কার্যালয়).
_OFFICE = regex.compile(r"(?<![\p{Bengali}])(?:" + "|".join(normalize(w) for w in (
    "প্রধান উপদেষ্টার", "প্রধানমন্ত্রীর", "রাষ্ট্রপতির", "প্রেসিডেন্টের")) + ") (?:" + "|".join(normalize(w) for w in (
    "কার্যালয়", "দপ্তর", "দফতর")) + r")[\p{Bengali}]*")
_OFFICE_FORMS = frozenset(f for w in _words("কার্যালয় দপ্তর দফতর") for f in inflected_forms(w))


def _offices(mentions: list[Mention], body: str) -> list[Mention]:
    taken = [(m.start, m.end) for m in mentions]
    found = [Mention(x.start(), x.end(), x.group(), "ORG") for x in _OFFICE.finditer(body)
             if not any(a < x.end() and x.start() < b for a, b in taken)]
    return mentions + found


_ADJECTIVE_ENDINGS = tuple(normalize(e) for e in ("ীয়", "িক"))


def _subject_word(word: str) -> bool:
    """Could ``word`` name what a ministry is for (অর্থ, স্বাস্থ্য)? Not an inflected word, a determiner or a number."""
    return (_uninflected(word) and word not in _NOT_SUBJECTS and not _DIGIT.search(word)
            and not word.endswith(_CLASSIFIERS) and word not in _PARTICIPLES)


# Verbal nouns that end a clause before a ministry (অংশ নেওয়া মন্ত্রণালয় ও বিভাগের: "the ministries taking part").
_PARTICIPLES = _words("নেওয়া দেওয়া পাওয়া হওয়া যাওয়া করা থাকা রাখা চাওয়া")


_CLASSIFIERS = tuple(normalize(w) for w in ("টি", "টা", "গুলো", "গুলি", "খানা"))  # তিনটি মন্ত্রণালয়: three ministries
_NOT_BENGALI, _DIGIT = regex.compile(r"[^ \p{Bengali}]"), regex.compile(r"[০-৯\d]")


def portfolios(mentions: list[Mention], body: str, vocab: frozenset[str]) -> list[Mention]:
    """``mentions`` without the portfolios of ministers and the duties in brackets after a title."""
    if vocab & _PORTFOLIO_TITLES:
        mentions = [m for m in mentions if not _portfolio(m, body)]
    if "(" in body:
        mentions = [m for m in mentions if not _bracketed_portfolio(m, body)]
    return mentions


def bodies(mentions: list[Mention], body: str, vocab: frozenset[str]) -> list[Mention]:
    """``mentions`` without the parliament that names an election, with ministries, their divisions, directorates and
    the head of government's office."""
    if vocab & _ELECTION_FORMS:
        mentions = [m for m in mentions if not names_an_election(m, body)]
    if vocab & _MINISTRY_FORMS:
        mentions = _ministries(_listed_subjects(_subject_before_head(mentions, body), body), body, vocab & _MINISTRY_FORMS)
        mentions = divisions.ministry_divisions(mentions, body, _NOT_SUBJECTS)
    if vocab & _OFFICE_FORMS:
        mentions = _offices(mentions, body)
    return mentions
