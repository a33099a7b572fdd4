"""Word features of the Bengali tagger, shared by the CRF and the BiLSTM (``ner``, ``neural``).

Per word: the word and its base form without case ending, the ending itself, affixes,
script/shape, place-gazetteer membership (also multi-word), title words before a name,
heads after a name, signs of a transliterated foreign word, word clusters and a name
lexicon (``ner_resources``) and the e5 word-cluster table; and the same for the neighbours.
Kept apart from ``ner`` so that ``ner`` and ``neural`` both import it and not each other.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import regex

from khobor.analyze.ner_resources import Resources, embedding_clusters
from khobor.memo import Memo
from khobor.lang.bn import gazetteer
from khobor.lang.bn.names import ORG_HEADS, PLACE_HEADS, TITLE_WORDS, strip_ending

TYPES = ("PER", "ORG", "LOC")

_LATIN = regex.compile(r"^[A-Za-z][A-Za-z.'’-]*$")
_DIGITS = regex.compile(r"^[\p{N}.,:/-]+$")
_BENGALI = regex.compile(r"\p{Bengali}")
_FOREIGN_MARKS = ("\u09cd\u09af", "\u09bc", "ভ", "ফ", "জ়", "ক্স", "্ট", "্স")


@functools.lru_cache(maxsize=1 << 16)  # (up to three patterns per word; the rules ask again for the same words)
def shape(word: str) -> str:
    if _DIGITS.match(word):
        return "DIG"
    if _LATIN.match(word):
        if word.isupper() and len(word) > 1:
            return "LUP"
        return "LCAP" if word[0].isupper() else "LLOW"
    if _BENGALI.search(word):
        return "BN"
    return "PUNCT" if len(word) == 1 else "MIX"


def word_features(word: str, low: str | None = None, base: str | None = None) -> tuple[str, ...]:
    """Features of one word alone (memoized by the tagger); ``low``/``base`` when the caller has them already."""
    if low is None:
        low = word.casefold()
    if base is None:
        base = strip_ending(low)
    feats = ["w=" + low, "b=" + base, "ce=" + low[len(base) :], "sh=" + shape(word),
             "s1=" + low[-1:], "bs1=" + base[-1:], "s2=" + low[-2:], "bs2=" + base[-2:],
             "s3=" + low[-3:], "bs3=" + base[-3:], "s4=" + low[-4:], "bs4=" + base[-4:],
             "p1=" + low[:1], "p2=" + low[:2], "p3=" + low[:3], "len=%d" % min(len(base), 8)]
    places = gazetteer.builtin_places()
    if base in places or low in places:
        feats.append("gaz")
    if low in TITLE_WORDS or base in TITLE_WORDS:
        feats.append("title")
    if low in ORG_HEADS or base in ORG_HEADS:
        feats.append("orgh")
    if low in PLACE_HEADS or base in PLACE_HEADS:
        feats.append("plch")
    foreign = sum(mark in word for mark in _FOREIGN_MARKS)
    if foreign:
        feats.append("fx=%d" % min(foreign, 2))
    if word.count("\u09cd") >= 2:
        feats.append("clusters")
    return tuple(feats)


_NEIGHBOUR_KEYS = ("w=", "b=", "sh=", "s2=", "ce=", "gaz", "title", "orgh", "plch", "fx", "c0=", "c1=", "e0=", "e1=", "ep=", "lt=", "lr=")
_FAR_KEYS = ("w=", "b=", "title", "sh=", "c0=", "lt=")


@functools.cache
def _multiword_places() -> tuple[frozenset[str], frozenset[str]]:
    """Multi-word built-in place names, and the set of their first words (a quick filter)."""
    names = frozenset(name for name in gazetteer.builtin_places() if " " in name)
    return names, frozenset(name.split(" ", 1)[0] for name in names)


def longest_matches(low: list[str], bases: list[str], names, firsts, max_len: int = 5) -> list[tuple[int, int]]:
    """(start, end) of the longest multi-word names found left to right; the last word may be inflected."""
    found = []
    if firsts.isdisjoint(low):  # most sentences (a set test in C, not a loop over the words)
        return found
    n = len(low)
    i = 0
    while i < n:
        if low[i] in firsts:
            for length in range(min(max_len, n - i), 1, -1):
                head = low[i : i + length - 1]
                if " ".join(head + [bases[i + length - 1]]) in names or " ".join(low[i : i + length]) in names:
                    found.append((i, i + length))
                    i += length - 1
                    break
        i += 1
    return found


def gazetteer_marks(words: list[str], names: frozenset[str] | dict, max_len: int = 4) -> list[str]:
    """'B'/'I'/'' per (case-folded) word: the longest multi-word gazetteer match."""
    marks = [""] * len(words)
    firsts = {name.split(" ", 1)[0] for name in names if " " in name}
    for i, j in longest_matches(words, [strip_ending(w) for w in words], names, firsts, max_len):
        marks[i : j] = ["B"] + ["I"] * (j - i - 1)
    return marks


class FeatureMaker:
    """Turns a token sequence into crfsuite attribute lists; memoizes per-word features.

    ``resources`` (lexicon and clusters, see ``ner_resources``) add features when given.
    """

    def __init__(self, resources: Resources | None = None, known: frozenset[str] | None = None, memo_size: int = 200_000,
                 word_clusters=None):
        self.resources = resources or Resources()
        # word -> (e5 clusters..., PER/ORG/LOC scores); None: the shipped table, {}: none
        self.word_clusters = embedding_clusters() if word_clusters is None else word_clusters
        self.known = known  # attributes with weights in the model; None keeps all (training)
        self._memo: dict[str, tuple] = {}
        self._memo_size = memo_size
        self._span_firsts = frozenset(key.split(" ", 1)[0] for key in self.resources.spans)

    def word_features(self, word: str, low: str | None = None, base: str | None = None) -> tuple[str, ...]:
        if low is None:
            low = word.casefold()
        if base is None:
            base = strip_ending(low)
        feats = list(word_features(word, low, base))
        res = self.resources
        cluster = res.clusters.get(low)
        if cluster:
            feats += ["c0=%d" % cluster[0], "c1=%d" % cluster[1]]
        embedded = self.word_clusters.get(low) or self.word_clusters.get(base)
        if embedded:
            feats += ["e%d=%d" % pair for pair in enumerate(embedded[:3])]
            feats += ["ep=%s%d" % (kind, score // 2) for kind, score in zip(TYPES, embedded[3:]) if score >= 2]
        feats += res.word_marks(word, base)
        return tuple(feats)

    def _get(self, word: str) -> tuple:
        """(lower case, base form, features at offset 0, as seen from -2, -1, +1, +2)."""
        entry = self._memo.get(word)
        if entry is None:
            low = word.casefold()
            base = strip_ending(low)
            own = self.word_features(word, low, base)
            near = [f for f in own if f.startswith(_NEIGHBOUR_KEYS)]
            far = [f for f in own if f.startswith(_FAR_KEYS)]
            entry = (low, base, ("bias", *own), tuple("-2:" + f for f in far), tuple("-1:" + f for f in near),
                     tuple("1:" + f for f in near), tuple("2:" + f for f in far))
            if self.known is not None:
                entry = entry[:2] + tuple(tuple(f for f in part if f in self.known) for part in entry[2:])
            if len(self._memo) < self._memo_size:
                self._memo[word] = entry
        return entry

    def span_marks(self, low: list[str], bases: list[str]) -> list[list[str]]:
        """Per word: marks of multi-word place names (mg=) and lexicon names (ls=) it is in or next to."""
        n = len(low)
        extra: list[list[str]] = [[] for _ in range(n)]
        places, firsts = _multiword_places()
        for i, j in longest_matches(low, bases, places, firsts, 4):
            extra[i].append("mg=B")
            for k in range(i + 1, j):
                extra[k].append("mg=I")
        spans = self.resources.spans
        for i, j in longest_matches(low, bases, spans, self._span_firsts):
            kind = spans.get(" ".join(low[i : j - 1] + [bases[j - 1]])) or spans[" ".join(low[i:j])]
            for k in range(i, j):
                mark = "B" if k == i else "I"
                extra[k].append(f"ls={mark}-{kind}")
                if k:
                    extra[k - 1].append("1:ls=" + mark)
                if k + 1 < n:
                    extra[k + 1].append("-1:ls=" + mark)
        return extra

    def __call__(self, words: list[str]) -> list[list[str]]:
        n = len(words)
        cached = [self._get(w) for w in words]
        low = [c[0] for c in cached]
        bases = [c[1] for c in cached]
        extra = self.span_marks(low, bases)
        known = self.known
        seq = []
        for i in range(n):
            feats = list(cached[i][2])
            local = extra[i]
            if i >= 2:
                feats.extend(cached[i - 2][3])
            if i >= 1:
                feats.extend(cached[i - 1][4])
                local.append("bg=" + low[i - 1] + "|" + bases[i])
                if words[i - 1] in ("“", '"', "‘"):
                    local.append("afterquote")
            else:
                local.append("BOS")
            if i + 1 < n:
                feats.extend(cached[i + 1][5])
                local.append("bn=" + bases[i] + "|" + low[i + 1])
            else:
                local.append("EOS")
            if i + 2 < n:
                feats.extend(cached[i + 2][6])
            feats.extend(local if known is None else [f for f in local if f in known])
            seq.append(feats)
        return seq


@dataclass(slots=True)
class Span:
    start: int
    end: int
    type: str


def bio_to_spans(tags: list[str]) -> tuple[tuple[int, int, str], ...]:
    """CoNLL chunks (token index start, end exclusive, type); an I- after another type starts a chunk.
    (The rules ask about ten times per sentence as they edit its tags: the chunks of each tag sequence are memoized.)"""
    if tags.count("O") == len(tags):  # most sentences: the rules ask many times
        return ()
    return _CHUNKS[tuple(tags)]


def _chunks(tags: list[str]) -> list[tuple[int, int, str]]:
    spans = []
    start, kind = None, None
    for i, tag in enumerate(tags):
        if tag == "O":
            if start is not None:
                spans.append((start, i, kind))
                start = kind = None
            continue
        prefix, _, label = tag.partition("-")
        if prefix == "B" or (prefix == "I" and label != kind):
            if start is not None:
                spans.append((start, i, kind))
            start, kind = i, label
    if start is not None:
        spans.append((start, len(tags), kind))
    return spans


_CHUNKS = Memo(lambda tags: tuple(_chunks(tags)), 100_000)  # tags -> bio_to_spans
