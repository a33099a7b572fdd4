"""Named entities in Bengali text: a CRF over features that fit Bengali, plus rules.

The CRF (python-crfsuite) is trained by ``scripts/train_ner.py`` and ships in this
folder. Features: the word and its base form without case ending, the ending
itself, affixes, script/shape, place-gazetteer membership (also multi-word, e.g.
উত্তর কোরিয়া), title words before a name (পররাষ্ট্রমন্ত্রী, মুখপাত্র), heads after
a name (মন্ত্রণালয়, অঞ্চল), signs of a transliterated foreign word, and the same
for the neighbours. Rules then add Latin-script names (KCNA, AFP, Kim Jong Un)
and entries of a user gazetteer.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import regex

from khobor.analyze.tokens import WORD
from khobor.lang.bn import gazetteer
from khobor.lang.bn.names import ORG_HEADS, PLACE_HEADS, TITLE_WORDS, case_ending, strip_case_ending

MODEL_PATH = Path(__file__).with_name("ner-crf-v1.crfsuite")
TYPES = ("PER", "ORG", "LOC")

_LATIN = regex.compile(r"^[A-Za-z][A-Za-z.'’-]*$")
_DIGITS = regex.compile(r"^[\p{N}.,:/-]+$")
_BENGALI = regex.compile(r"\p{Bengali}")
_FOREIGN_MARKS = ("\u09cd\u09af", "\u09bc", "ভ", "ফ", "জ়", "ক্স", "্ট", "্স")


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


def word_features(word: str) -> tuple[str, ...]:
    """Features of one word alone (memoized by the tagger)."""
    low = word.casefold()
    base = strip_case_ending(low)
    feats = ["w=" + low, "b=" + base, "ce=" + case_ending(low), "sh=" + shape(word)]
    for n in (1, 2, 3, 4):
        feats.append(f"s{n}=" + low[-n:])
        feats.append(f"bs{n}=" + base[-n:])
    feats.append("p1=" + low[:1])
    feats.append("p2=" + low[:2])
    feats.append("p3=" + low[:3])
    feats.append("len=%d" % min(len(base), 8))
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


_NEIGHBOUR_KEYS = ("w=", "b=", "sh=", "s2=", "ce=", "gaz", "title", "orgh", "plch", "fx")


def neighbour_features(word: str, offset: int) -> tuple[str, ...]:
    keep = _NEIGHBOUR_KEYS if abs(offset) == 1 else ("w=", "b=", "title", "sh=")
    return tuple(f"{offset}:{f}" for f in word_features(word) if f.startswith(keep))


@functools.cache
def _multiword_places() -> frozenset[str]:
    return frozenset(name for name in gazetteer.builtin_places() if " " in name)


def gazetteer_marks(words: list[str], names: frozenset[str] | dict, max_len: int = 4) -> list[str]:
    """'B'/'I'/'' per word: the longest multi-word gazetteer match (last word may be inflected)."""
    marks = [""] * len(words)
    i = 0
    while i < len(words):
        for length in range(min(max_len, len(words) - i), 1, -1):
            parts = words[i : i + length - 1] + [strip_case_ending(words[i + length - 1])]
            if " ".join(parts) in names or " ".join(words[i : i + length]) in names:
                marks[i] = "B"
                for j in range(i + 1, i + length):
                    marks[j] = "I"
                i += length
                break
        else:
            i += 1
    return marks


class FeatureMaker:
    """Turns a token sequence into crfsuite attribute lists; memoizes per-word features."""

    def __init__(self, memo_size: int = 200_000):
        self._memo: dict[tuple[str, int], tuple[str, ...]] = {}
        self._memo_size = memo_size

    def _get(self, word: str, offset: int) -> tuple[str, ...]:
        key = (word, offset)
        feats = self._memo.get(key)
        if feats is None:
            feats = word_features(word) if offset == 0 else neighbour_features(word, offset)
            if len(self._memo) < self._memo_size:
                self._memo[key] = feats
        return feats

    def __call__(self, words: list[str]) -> list[list[str]]:
        n = len(words)
        marks = gazetteer_marks([w.casefold() for w in words], _multiword_places())
        seq = []
        for i, word in enumerate(words):
            feats = ["bias", *self._get(word, 0)]
            for offset in (-2, -1, 1, 2):
                j = i + offset
                if 0 <= j < n:
                    feats.extend(self._get(words[j], offset))
                elif abs(offset) == 1:
                    feats.append("BOS" if offset < 0 else "EOS")
            if i:
                feats.append("bg=" + words[i - 1].casefold() + "|" + strip_case_ending(word.casefold()))
            if marks[i]:
                feats.append("mg=" + marks[i])
            if i and words[i - 1] in ("“", '"', "‘"):
                feats.append("afterquote")
            seq.append(feats)
        return seq


@dataclass(slots=True)
class Span:
    start: int
    end: int
    type: str


def bio_to_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """CoNLL chunks (token index start, end exclusive, type); an I- after another type starts a chunk."""
    spans = []
    start, kind = None, None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, label = tag.partition("-")
        if tag == "O" or prefix == "B" or (prefix == "I" and label != kind):
            if start is not None:
                spans.append((start, i, kind))
            start, kind = (i, label) if tag != "O" else (None, None)
    return spans


class NerTagger:
    """Loads the shipped CRF once; ``tag`` returns character spans of entities in a text."""

    def __init__(self, model_path: str | Path = MODEL_PATH, user_gazetteer: dict[str, str] | None = None):
        import pycrfsuite

        self.model_path = str(model_path)
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(self.model_path)
        self._features = FeatureMaker()
        self._known_words = frozenset(attr for attr, _ in self._tagger.info().state_features if attr.startswith("w="))
        self.user_gazetteer = dict(user_gazetteer or {})
        self._user_names = frozenset(self.user_gazetteer)

    def tag_words(self, words: list[str]) -> list[str]:
        tags = self._tagger.tag(self._features(words))
        self._names_after_titles(words, tags)
        return tags

    def _unseen(self, word: str) -> bool:
        from khobor.analyze.times import MONTHS, WEEKDAYS

        low = word.casefold()
        base = strip_case_ending(low)
        stop = low in WEEKDAYS or base in WEEKDAYS or low in MONTHS or base in MONTHS or low in TITLE_WORDS
        return not stop and "w=" + low not in self._known_words

    def _names_after_titles(self, words: list[str], tags: list[str]) -> None:
        """পররাষ্ট্রমন্ত্রী সের্গেই লাভরভ: words after a title that training never saw (new names) become PER."""
        for i, word in enumerate(words[:-1]):
            if word not in TITLE_WORDS or tags[i + 1] != "O":
                continue
            j = i + 1
            while j < len(words) and j - i <= 3 and tags[j] == "O" and shape(words[j]) == "BN" and self._unseen(words[j]):
                j += 1
            if j > i + 1:
                tags[i + 1 : j] = ["B-PER"] + ["I-PER"] * (j - i - 2)

    def tag(self, text: str, sentence_spans: list[tuple[int, int]]) -> list[Span]:
        spans: list[Span] = []
        for s_start, s_end in sentence_spans:
            tokens = [m.span() for m in WORD.finditer(text, s_start, s_end)]
            if not tokens:
                continue
            words = [text[a:b] for a, b in tokens]
            tags = self.tag_words(words)
            _latin_names(words, tags)
            if self._user_names:
                self._apply_user(words, tags)
            for i, j, kind in bio_to_spans(tags):
                if kind in TYPES:
                    spans.append(Span(tokens[i][0], tokens[j - 1][1], kind))
        return spans

    def _apply_user(self, words: list[str], tags: list[str]) -> None:
        low = [w.casefold() for w in words]
        names = self._user_names
        for i, word in enumerate(low):  # single words
            if word in names or strip_case_ending(word) in names:
                key = word if word in names else strip_case_ending(word)
                tags[i] = "B-" + self.user_gazetteer[key]
        marks = gazetteer_marks(low, names)
        for i, mark in enumerate(marks):
            if mark == "B":
                j = i + 1
                while j < len(marks) and marks[j] == "I":
                    j += 1
                parts = low[i : j - 1] + [strip_case_ending(low[j - 1])]
                kind = self.user_gazetteer.get(" ".join(parts)) or self.user_gazetteer.get(" ".join(low[i:j]))
                tags[i] = "B-" + kind
                for k in range(i + 1, j):
                    tags[k] = "I-" + kind
                if j < len(tags) and tags[j].startswith("I-"):
                    tags[j] = "O"


def _latin_names(words: list[str], tags: list[str]) -> None:
    """Tag runs of capitalized Latin words the CRF left out (it saw little Latin script)."""
    i = 0
    while i < len(words):
        if tags[i] != "O" or shape(words[i]) not in ("LUP", "LCAP"):
            i += 1
            continue
        j = i
        while j < len(words) and tags[j] == "O" and shape(words[j]) in ("LUP", "LCAP"):
            j += 1
        run = words[i:j]
        name = " ".join(run).casefold()
        if name in gazetteer.latin_places():
            kind = "LOC"
        elif len(run) == 1 and shape(run[0]) == "LUP" and 2 <= len(run[0]) <= 6:
            kind = "ORG"
        elif 2 <= len(run) <= 4:
            kind = "PER"
        else:
            kind = None
        if kind:
            tags[i] = "B-" + kind
            for k in range(i + 1, j):
                tags[k] = "I-" + kind
        i = j


@functools.cache
def default_tagger() -> NerTagger:
    """The shipped model, loaded once (read-only)."""
    return NerTagger()
