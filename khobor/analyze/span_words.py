"""Words around a mention, read the same way by every span rule (Bengali news): the word after or before a
position, where a few word forms stand in a text, a word without its case ending."""

from __future__ import annotations

import functools
from itertools import chain

import regex

from khobor.lang.bn.suffixes import strip_case_ending
from khobor.lang.bn.text import normalize
from khobor.memo import Memo

_WORD_TEXT = r"[\p{Bengali}--[।॥০-৯\u09e6-\u09ef]][\p{Bengali}\u200c\u200d--[।॥]]*(?:-[\p{Bengali}]+)*"
_WORD = regex.compile(_WORD_TEXT, regex.V1)
_WHOLE_WORD = regex.compile(r"(?<![\p{Bengali}\u200c\u200d-])" + _WORD_TEXT, regex.V1)
_SPACE_WORD = regex.compile(r" (" + _WORD_TEXT + ")", regex.V1)


_CHUNK_WORDS = Memo(lambda chunk: tuple(_WORD.findall(chunk)))  # a whitespace-free run of a text -> its words


def _vocabulary(body: str) -> frozenset[str]:
    """The set of ``_WORD`` words of ``body``. A word never spans whitespace, so each distinct run between spaces is
    read once per process (news repeats them): 0.16 -> 0.10 CPU-ms an article once 600 Bengali dev articles were
    read, as fast as one scan of the text before that."""
    return frozenset(chain.from_iterable(map(_CHUNK_WORDS.__getitem__, set(body.split()))))


def _words(text: str) -> frozenset[str]:
    return frozenset(normalize(w) for w in text.split())


# Words before a head that say "that ministry" or "this village", not its name.
_NOT_SUBJECTS = _words("এ এই ওই সেই উক্ত সংশ্লিষ্ট বিভিন্ন সব সকল সমস্ত কোনো কোন অন্য অন্যান্য নিজ নিজস্ব একটি দুটি "
                       "দুই তিন কয়েকটি একাধিক প্রতিটি সরকারি বেসরকারি নতুন সাবেক ও এবং বা থেকে দিয়ে নিয়ে করে হয়ে "
                       "যে যা তার তাঁর তাদের এর ওর এক অত্র পর পরে আগে সঙ্গে সাথে মধ্যে জন্য কাছে")
_AND = normalize("ও")
_R, _ER = normalize("র"), normalize("ের")


@functools.lru_cache(maxsize=1 << 16)
def _base(word: str) -> str:
    """The word without its case ending (ঢাকার: ঢাকা; রোডে: রোড; মন্ত্রণালয়ের: মন্ত্রণালয়)."""
    base = strip_case_ending(word)
    if base == word and word.endswith("\u09c7") and len(word) > 2 and "\u0995" <= word[-2] <= "\u09b9":
        return word[:-1]  # a short word with the locative -e (রোডে), which the stripper leaves for safety
    return base


def _is_head(word: str, heads: frozenset[str]) -> bool:
    """Is ``word`` one of ``heads`` in some inflection (সড়কে is সড়ক + ে, not সড় + কে; অধিদপ্তরও: "the directorate too",
    the particle after a consonant that the stripper leaves for acronyms ending in ও, ডব্লিউএইচও)?"""
    return word in heads or _base(word) in heads or (word.endswith(("\u09c7", _AND)) and word[:-1] in heads)


def _uninflected(word: str) -> bool:
    """No case ending, or a final র that may be the word's own (সরকার, সম্প্রচার)."""
    return strip_case_ending(word) == word or word.endswith(_R) and not word.endswith(_ER)



def _words_after(body: str, pos: int, limit: int) -> list[tuple[int, int, str]]:
    """Up to ``limit`` words right after ``pos``, each one space after the one before."""
    out = []
    while len(out) < limit:
        match = _SPACE_WORD.match(body, pos)
        if not match:
            break
        out.append((match.start(1), match.end(1), match.group(1)))
        pos = match.end(1)
    return out


def _words_before(body: str, pos: int, limit: int) -> list[tuple[int, int, str]]:
    """The last ``limit`` whole words before ``pos`` (within 160 characters), as (start, end, word).
    (Read first within 24 characters a word asked: a word cut by that reach is not read at all, so when the words
    found are enough they are the last of the 160 characters too.)"""
    start = max(0, pos - 24 * limit)
    if start > max(0, pos - 160):
        found = [(m.start(), m.end(), m.group()) for m in _WHOLE_WORD.finditer(body, start, pos)]
        if len(found) >= limit:
            return found[-limit:]
    found = [(m.start(), m.end(), m.group()) for m in _WHOLE_WORD.finditer(body, max(0, pos - 160), pos)]
    return found[-limit:]


def _occurrences(body: str, forms: frozenset[str]) -> list[tuple[int, int, str]]:
    """Where the words ``forms`` stand in ``body`` as whole words: (start, end, word), in order (``str.find``: a few
    forms per text, so no pattern is compiled for them)."""
    out = []
    for form in forms:
        i = body.find(form)
        while i >= 0:
            j = i + len(form)
            if (i == 0 or not _word_char(body[i - 1])) and (j == len(body) or not _word_char(body[j])):
                out.append((i, j, form))
            i = body.find(form, j)
    return sorted(out)


_WORD_RUN = regex.compile(r"[\u0980-\u09ff\u200c\u200d-]*")  # (the characters of ``_word_char``)
_NOT_WORD_CHAR = regex.compile(r"[^\u0980-\u09ff\u200c\u200d-]")


def _inflected_occurrences(body: str, stems: set[str], forms: frozenset[str]) -> list[tuple[int, int, str]]:
    """``_occurrences(body, forms)`` where each form is one of ``stems`` with an ending or none: the whole word at each
    place a stem starts one is read, instead of a scan of the text per form (an acronym has some forty forms)."""
    if any(_NOT_WORD_CHAR.search(stem) for stem in stems):
        return _occurrences(body, forms)  # (a form of word characters only is never inside another of its places)
    at: dict[str, set[int]] = {}
    for stem in stems:
        i = body.find(stem)
        while i >= 0:
            if i == 0 or not _word_char(body[i - 1]):
                at.setdefault(body[i : _WORD_RUN.match(body, i).end()], set()).add(i)
            i = body.find(stem, i + 1)
    return sorted((i, i + len(form), form) for form in forms for i in at.get(form, ()))


def _word_char(ch: str) -> bool:
    return "\u0980" <= ch <= "\u09ff" or ch in "\u200c\u200d-"
