"""Named entities in Bengali text: a sequence model over features that fit Bengali, plus rules.

Two shipped models share the word features below and the document rules in ``NerTagger.tag``:
the default is the numpy BiLSTM of ``neural`` (``scripts/train_ner_neural.py``; rifat test
exact-span F1 0.694 against the CRF's 0.652); ``NerTagger(CRF_MODEL_PATH)`` loads the CRF.
(Averaging the BiLSTM's and the CRF's tag probabilities, or two BiLSTMs of different seeds,
did not beat one BiLSTM on the test set or the dev split, at twice the cost.)

The e5 word features (``e0=``..``ep=``, below) came after the shipped BiLSTM, which has no
weights for them. BiLSTM-CRFs trained with them (``--crf --lr 3e-3 --lr-decay 0.75
--word-drop 0.3``) scored 0.699-0.710 on rifat test over five seeds (hidden 64; 0.709 with
hidden 100), but each split the seed reports' one story in two or more. On those reports they
cut foreign names short (কিম জং | উনের: e5 knows উন as a common word) or ran a name into a
place (ল্যাভরভ পিয়ংইয়ং). The seed story is fragile in general: the same recipe as the shipped
model, retrained on 3/4 of the data, split it too. So the default stays this model.

The CRF (python-crfsuite) is trained by ``scripts/train_ner.py`` and ships in this
folder. Features: the word and its base form without case ending, the ending
itself, affixes, script/shape, place-gazetteer membership (also multi-word, e.g.
উত্তর কোরিয়া), title words before a name (পররাষ্ট্রমন্ত্রী, মুখপাত্র), heads after
a name (মন্ত্রণালয়, অঞ্চল), signs of a transliterated foreign word, word clusters
and a name lexicon learned from the training text (``ner_resources``), and the same
for the neighbours; and, for ~217k Bengali words, the cluster of the word's multilingual-e5
embedding and a PER/ORG/LOC score read from it (``scripts/build_word_clusters.py``), which
carry what e5 knows about names the training text never had. Rules then add Latin-script names (KCNA, AFP, Kim Jong Un) and
entries of a user gazetteer. (Rules that tagged new words after a title or Bengali
spellings of acronyms lowered F1 on the dev split, so the CRF decides those alone;
``quotes.speaker_mentions`` uses ``name_like`` for speakers it missed.)

Speed: per-word features are memoized and cut down to the attributes the model
has weights for, so crfsuite looks up only what can matter.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import regex

from khobor.analyze.ner_features import (  # noqa: F401  (Span, shape, word_features: re-exported for callers)
    TYPES, FeatureMaker, Span, _multiword_places, bio_to_spans, gazetteer_marks, shape, word_features)
from khobor.analyze.ner_resources import Resources, embedding_clusters, embedding_clusters_for
from khobor.analyze.neural import NeuralTagger
from khobor.analyze.tokens import WORD
from khobor.lang.bn.text import normalize
from khobor.lang import en
from khobor.lang.bn import gazetteer
from khobor.lang.bn.generic import ADJECTIVE_ENDINGS, LEADING_DISCOURSE, NAME_PREFIXES, NAME_SUFFIXES, TRAILING_GENERIC, is_generic
from khobor.lang.bn.names import DEMONYMS, NAME_HONORIFICS, NOT_NAMES, ORG_HEADS, TITLE_WORDS, is_letter_acronym, spelled_letters, strip_case_ending
from khobor.lang.bn.suffixes import particle, strip_ending
from khobor.memo import Memo

CRF_MODEL_PATH = Path(__file__).with_name("ner-crf-v2.crfsuite")
NEURAL_MODEL_PATH = Path(__file__).with_name("ner-neural-v1.npz")
# the shipped model files and the lexicon/cluster resources each was trained with
RESOURCES = {CRF_MODEL_PATH: Path(__file__).with_name("ner-resources-v2.json.gz"),
             NEURAL_MODEL_PATH: Path(__file__).with_name("ner-resources-neural-v1.json.gz")}
MODEL_PATH = NEURAL_MODEL_PATH  # the default: the better of the two on the rifat dev and test splits


class NerTagger:
    """Loads the shipped CRF once; ``tag`` returns character spans of entities in a text."""

    def __init__(self, model_path: str | Path = MODEL_PATH, user_gazetteer: dict[str, str] | None = None,
                 resources_path: str | Path | None = None):
        self.model_path = str(model_path)
        if resources_path is None:
            resources_path = RESOURCES.get(Path(model_path))
        self.resources = Resources.load(resources_path) if resources_path else Resources()
        self._neural = None
        if self.model_path.endswith(".npz"):
            self._neural = NeuralTagger(model_path, self.resources)
            self._features = self._neural.features
            self._base = self._neural.base  # (the rules ask it half a million times a run: one call, not two)
        else:
            import pycrfsuite

            self._tagger = pycrfsuite.Tagger()
            self._tagger.open(self.model_path)
            known = frozenset(attr for attr, _ in self._tagger.info().state_features)
            self._features = FeatureMaker(self.resources, known, word_clusters=embedding_clusters_for(known))
        self.user_gazetteer = dict(user_gazetteer or {})
        self._user_names = frozenset(self.user_gazetteer)
        self._base_memo = Memo(self._base)  # word -> _base(word), for _bases
        self._name_like_memo = Memo(self._name_like)  # word -> name_like(word)

    def tag_words(self, words: list[str]) -> list[str]:
        """BIO tags of a word sequence (one sentence)."""
        return self.tag_sentences([words])[0]

    def tag_sentences(self, sentences: list[list[str]]) -> list[list[str]]:
        """BIO tags of several sentences (the neural model runs them as one batch)."""
        if self._neural is not None:
            return self._neural.tag_sentences(sentences)
        return [self._tagger.tag(self._features(words)) if words else [] for words in sentences]

    def name_like(self, word: str) -> bool:
        """Could ``word`` be (part of) a name? False for title words, pronouns and words training saw only as non-names.
        (Memoized per word: the rules and the speaker search ask again for the same words.)"""
        return self._name_like_memo[word]

    def _name_like(self, word: str) -> bool:
        word = _unjoined(word)
        if shape(word) in ("LUP", "LCAP"):
            return True
        if shape(word) != "BN":
            return False
        low = word.casefold()
        base = strip_ending(low)
        if low in TITLE_WORDS or base in TITLE_WORDS or low in NOT_NAMES or base in NOT_NAMES:
            return False
        counts = self.resources.word_types.get(base)
        return not counts or sum(counts) < 3 or counts[3] < 0.8 * sum(counts)

    def tag(self, text: str, sentence_spans: list[tuple[int, int]]) -> list[Span]:
        """Entity spans of a document: the CRF per sentence, then the document rules in ``_document_rules``."""
        return self.tag_many([(text, sentence_spans)])[0]

    def tag_many(self, documents: list[tuple[str, list[tuple[int, int]]]]) -> list[list[Span]]:
        """``tag`` of each (text, sentence spans): the sentences of all of them go through the model as one
        batch (the neural model's cost per step is then shared), the rules run per document."""
        docs = [sentence_tokens(text, sentence_spans) for text, sentence_spans in documents]
        tags = iter(self.tag_sentences([words for sents in docs for _, words in sents]))
        return [self._document_spans([(tokens, words, next(tags)) for tokens, words in sents]) for sents in docs]

    def _document_spans(self, sents: list[tuple[list, list[str], list[str]]]) -> list[Span]:
        for _, words, tags in sents:
            _latin_names(words, tags)
            _join_adjacent_persons(words, tags)
            self._extend_persons(words, tags)
        self._document_rules(sents)
        spans: list[Span] = []
        for tokens, words, tags in sents:
            untagged = tags.count("O") == len(tags)
            if not untagged:
                self._drop_generic(words, tags)
            _places(words, tags)
            if untagged and tags.count("O") == len(tags) and not self._user_names:
                continue  # (most sentences: the rules below change only spans)
            _name_shapes(words, tags, self._mostly_named)
            self._join_coordinated(words, tags)
            _person_tails(words, tags)
            if self._user_names:
                self._apply_user(words, tags)
            for i, j, kind in bio_to_spans(tags):
                if kind in TYPES:
                    end = tokens[j - 1][1] - len(particle(words[j - 1]))  # নাজমুল কাদেরসহ: the name ends before "সহ"
                    if kind == "PER":
                        end = min(end, tokens[j - 1][0] + _glued_digits(words[j - 1]))
                    spans.append(Span(tokens[i][0], end, kind))
        return spans

    def _document_rules(self, sents: list[tuple[list, list[str], list[str]]]) -> None:
        """Rules that need a whole report (news names foreign people the training text never saw).

        1. New words after a title are a person (পররাষ্ট্রমন্ত্রী সের্গেই ল্যাভরভ); 2. a title inside
        a person span ends it (কিম জং উন রাষ্ট্রপতি পুতিনের), except honorifics written as part of a
        name (শেখ, বেগম), and only in person spans (পুলিশ is an organisation); 3. a word that is a person's first
        or last name elsewhere in the report is one here too (ল্যাভরভ বলেন), and splits a span
        that runs two names together (ল্যাভরভ কিমকে); 4. Bengali-spelled acronyms are not persons
        (কেসিএনএ), nor are demonyms (রুশ, মার্কিন); 5. a person's name cut short (কিম জং | উনের) runs on
        when the report gives the longer name elsewhere (কিম জং উনকে). On the rifat dev split (blocks of
        50 sentences as reports) the rules cost ~0.01 F1 (model 0.728, with rules 0.718): they are made
        for foreign names in international news, so ``tag_words`` (what the scores measure) leaves them out.
        """
        for _, words, tags in sents:
            if TITLE_WORDS.isdisjoint(words):
                if "B-PER" not in tags and "I-PER" not in tags:
                    continue  # (most sentences: rules 1 and 2 need a title or a person)
            else:
                self._names_after_titles(words, tags)
            for i, word in enumerate(words):
                if tags[i].endswith("PER") and word not in NAME_HONORIFICS and (word in TITLE_WORDS or self._title_form(word)):
                    tags[i] = "O"
                    if i + 1 < len(tags) and tags[i + 1].startswith("I-"):
                        tags[i + 1] = "B-" + tags[i + 1][2:]
        counts: Counter[str] = Counter()
        firsts, lasts = set(), set()  # first / last words of multi-word person names
        for _, words, tags in sents:
            for i, j, kind in bio_to_spans(tags):
                if kind == "PER":
                    counts.update({self._base(words[i]), self._base(words[j - 1])})
                    if j - i > 1:
                        firsts.add(self._base(words[i]))
                        lasts.add(self._base(words[j - 1]))
        names = {name for name in firsts | lasts if counts[name] >= 2}
        for _, words, tags in sents:
            bases = self._bases(words) if names else ()
            if not names.isdisjoint(bases):  # (each change below needs a base form among the names)
                for i, word in enumerate(words):
                    if tags[i] == "O" and bases[i] in names and self.name_like(word):
                        tags[i] = "I-PER" if i and tags[i - 1].endswith("PER") and bases[i] not in lasts else "B-PER"
                    elif tags[i] == "I-PER" and bases[i] in firsts and bases[i - 1] in lasts and bases[i] in names:
                        tags[i] = "B-PER"  # ল্যাভরভ | কিমকে
            for i, j, kind in bio_to_spans(tags):
                if j - i != 1:
                    continue
                base = self._base(words[i])
                if kind == "PER" and is_letter_acronym(base):
                    tags[i] = "B-ORG"
                elif kind == "PER" and (base in DEMONYMS or words[i] in DEMONYMS):
                    tags[i] = "O"
                elif kind != "PER" and (base in lasts or base in firsts) and shape(words[i]) == "BN":
                    tags[i] = "B-PER"  # a person's first or last name tagged as a place once (পুতিনের, ভ্লাদিমির)
        self._complete_names(sents)

    def _extend_persons(self, words: list[str], tags: list[str]) -> None:
        """শরিফ ওসমান | হাদি: a person's name runs on into the next word when the name so far has no case ending and
        that word is a name word (the e5 name probe gives it PER >= 3 of 9, or the vocabulary does not know it)."""
        if "B-PER" not in tags and "I-PER" not in tags:
            return
        table = embedding_clusters()
        for i, j, kind in bio_to_spans(tags):
            while kind == "PER" and j < len(words) and tags[j] == "O" and shape(words[j]) == "BN" \
                    and strip_ending(words[j - 1]) == words[j - 1] and self.name_like(words[j]):
                base = strip_ending(words[j])
                row = table.get(words[j]) or table.get(base)
                if is_generic([base]) or base in NAME_PREFIXES or (row is not None and row[3] < 3):
                    break
                tags[j] = "I-PER"
                j += 1

    def _title_form(self, word: str) -> bool:
        """A title with a case ending (রাষ্ট্রপতির), but not a name whose base happens to be one (কবির: Kabir, not কবি+র)."""
        base = self._base(word)
        return base in TITLE_WORDS and word[len(base):] != _GENITIVE_R

    def _drop_generic(self, words: list[str], tags: list[str]) -> None:
        """Spans that are not names become O: generic words (সরকার, পুলিশ, এছাড়া, শনিবার; ``lang.bn.generic``),
        words the training text tags mostly as O (দেশ), single letters; a discourse word opening a span is cut off;
        a news agency (তাস) or an outlet (প্রথম আলো) is an organisation."""
        for i, j, kind in bio_to_spans(tags):
            while i < j and self._base(words[i]) in LEADING_DISCOURSE:
                tags[i] = "O"
                i += 1
            if i == j:
                continue
            tags[i] = "B-" + kind
            bases = self._bases(words[i:j])
            letters = sum(map(str.isalpha, "".join(words[i:j])))
            latin = all(shape(w) in ("LUP", "LCAP", "LLOW") for w in words[i:j])
            if latin and (words[i].casefold() in _ENGLISH_FUNCTION_WORDS or j - i > 5):
                tags[i:j] = ["O"] * (j - i)  # English in a Bengali report: "The", "and for that Sir"
            elif (is_generic(bases) or is_generic([w.casefold() for w in words[i:j]]) or letters < 2
                  or (j - i == 1 and (self._mostly_other(bases[0]) or _verb_or_adverb(words[i])))):
                tags[i:j] = ["O"] * (j - i)
            elif j - i > 1 and bases[-1] in TRAILING_GENERIC and not is_generic(bases[:-1]):
                tags[j - 1] = "O"  # আওয়ামী লীগ সরকারের: the party, not "the government"
            elif kind == "PER" and " ".join(bases) in _agency_forms():
                tags[i:j] = ["B-ORG"] + ["I-ORG"] * (j - i - 1)

    def _join_coordinated(self, words: list[str], tags: list[str]) -> None:
        """পল্লী উন্নয়ন ও সমবায় মন্ত্রণালয়, যুব ও ক্রীড়া মন্ত্রণালয়: a ministry named "X and Y" is one organisation."""
        for i, j, kind in bio_to_spans(tags):
            if kind == "ORG" and j < len(words) and tags[j] == "O" and self._head(words[j]):
                tags[j] = "I-ORG"  # ক্রীড়া | মন্ত্রণালয়ের
                j += 1
            if kind != "ORG" or i < 2 or words[i - 1] != _AND or not self._head(words[j - 1]):
                continue
            k = i - 2  # the words before "ও": a span ending there, else one untagged word that is not generic
            if tags[k] != "O":
                while k > 0 and tags[k].startswith("I-"):
                    k -= 1
            elif is_generic([self._base(words[k])]) or shape(words[k]) != "BN" or words[k] in NOT_NAMES:
                continue
            tags[k:j] = ["B-ORG"] + ["I-ORG"] * (j - k - 1)

    def _head(self, word: str) -> bool:
        return word in _COORDINATED_HEADS or strip_case_ending(word) in _COORDINATED_HEADS

    def _mostly_named(self, base: str) -> bool:
        """Training text has this word (base form) at least 3 times, mostly inside names (দুদক)."""
        counts = self.resources.word_types.get(base)
        return bool(counts) and sum(counts) >= 3 and counts[3] <= 0.5 * sum(counts)

    def _mostly_other(self, base: str) -> bool:
        """Training text has this word (base form) at least 8 times, 80% of them outside any name."""
        counts = self.resources.word_types.get(base)
        return bool(counts) and sum(counts) >= 8 and counts[3] >= 0.8 * sum(counts)

    def _complete_names(self, sents: list[tuple[list, list[str], list[str]]]) -> None:
        """Extend a person span by the next word when the span plus that word (base forms) is a name of the report."""
        full = set()
        for _, words, tags in sents:
            for i, j, kind in bio_to_spans(tags):
                if kind == "PER" and j - i > 1:
                    full.add(tuple(self._bases(words[i:j])))
        if not full:
            return
        for _, words, tags in sents:
            for i, j, kind in bio_to_spans(tags):
                if kind == "PER" and j < len(words) and tags[j] == "O":
                    if tuple(self._bases(words[i : j + 1])) in full:
                        tags[j] = "I-PER"

    def _base(self, word: str) -> str:
        if self._neural is not None:
            return self._neural.base(word)
        return self._features._get(word)[1]

    def _bases(self, words: list[str]) -> list[str]:
        """``_base`` of each word, from a memo read without a Python call per word (the rules ask for a third of a
        million base forms over 600 Bengali dev articles)."""
        return list(map(self._base_memo.__getitem__, words))

    def _names_after_titles(self, words: list[str], tags: list[str]) -> None:
        """পররাষ্ট্রমন্ত্রী সের্গেই লাভরভ: words after a title that training never saw (new names) become PER."""
        for i, word in enumerate(words[:-1]):
            if word not in TITLE_WORDS or tags[i + 1] != "O":
                continue
            j = i + 1
            while j < len(words) and j - i <= 3 and tags[j] == "O" and self._unseen(words[j]):
                j += 1
            if j > i + 1:
                tags[i + 1 : j] = ["B-PER"] + ["I-PER"] * (j - i - 2)

    def _unseen(self, word: str) -> bool:
        from khobor.analyze.times import MONTHS, WEEKDAYS

        low = word.casefold()
        base = strip_ending(low)
        if shape(word) != "BN" or low in WEEKDAYS or base in WEEKDAYS or low in MONTHS or base in MONTHS:
            return False
        counts = self.resources.word_types.get(base)
        return self.name_like(word) and (not counts or counts[0] >= sum(counts) / 2)  # new, or mostly a person's name

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


def sentence_tokens(text: str, sentence_spans: list[tuple[int, int]]) -> list[tuple[list[tuple[int, int]], list[str]]]:
    """(token spans, words as the vocabulary writes them) of each sentence that has a token."""
    out = []
    for start, end in sentence_spans:
        found = list(WORD.finditer(text, start, end))
        if found:
            words = list(map(_GROUP, found))
            if "\u200d" in text[start:end]:
                words = list(map(_unjoined, words))
            out.append((list(map(_SPAN, found)), words))
    return out


_SPAN, _GROUP = regex.Match.span, regex.Match.group  # (mapped over a sentence's matches: no Python call per token)


def _unjoined(word: str) -> str:
    """The word as the vocabulary writes it: র‍্যাঙ্কিং (ra, joiner, ya-phala) is র্যাঙ্কিং there, and a transliterated
    English word looked up with its joiner is unknown, so reads as a foreign name."""
    return word.replace("\u200d", "") if "\u200d" in word else word


def _latin_names(words: list[str], tags: list[str]) -> None:
    """Tag runs of capitalized Latin words the CRF left out (it saw little Latin script)."""
    if not _ANY_CAPITAL.search(" ".join(words)) or not any("A" <= w[0] <= "Z" for w in words):
        return  # (LUP and LCAP words start with a capital; most sentences have no capital at all)
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


_AND = "ও"
_GENITIVE_R = "র"
_PLACE_PARTS = frozenset(normalize(w) for w in "হাট পাড়া পাড় পুর গঞ্জ নগর বাজার বাড়ি ঘাট গ্রাম ডাঙ্গা ডাঙা চর খালী কান্দি".split())
_LIST_JOINS = frozenset([",", "ও", "এবং", "/"])
_BODY_HEADS = ORG_HEADS | frozenset(normalize(w) for w in "সংসদ থানা মন্ত্রণালয় অধিদপ্তর অধিদফতর বিভাগ পুলিশ বাহিনী মঞ্চ জোট কমিটি".split())
_DASH_NUMBER = regex.compile(r"^(?P<place>\p{Bengali}+)-(?P<n>[\p{N}]+)$")  # ঢাকা-১০: a constituency
_PLACE_NEXT = frozenset(normalize(w) for w in "উপজেলা উপজেলার উপজেলায় থানা থানার থানায় জেলা জেলার জেলায় পৌরসভা পৌরসভার".split())


def _place_kind(base: str) -> str | None:
    """"LOC" level of a known place: a country, a Bangladesh district, division or upazila; None otherwise."""
    if base in gazetteer.countries():
        return "country"
    return gazetteer.bangladesh_places().get(base)


_DIGIT = regex.compile(r"[0-9০-৯]")
_ANY_CAPITAL = re.compile("[A-Z]")  # (this scan, then the exact test: 25 -> 16 ms over 600 dev articles' sentences)
_NO_PLACE = (None, False)


def _person_tails(words: list[str], tags: list[str]) -> None:
    """A person's name ends before a word that starts with a digit (চৌধুরী | ২৯তম, an ordinal) or a degree or post
    written as three or more spelled letters (রহমান | এফসিএমএকে, FCMA): no one's name holds them (two letters stay:
    বিবি). One word left before such an acronym was no name (শহরজুড়ে | সিসিটিভি): dropped."""
    for i, j, kind in bio_to_spans(tags):
        while kind == "PER" and j - i > 1 and (_DIGIT.match(words[j - 1]) or spelled_letters(strip_case_ending(words[j - 1])) >= 3):
            acronym = not _DIGIT.match(words[j - 1])
            tags[j - 1] = "O"
            j -= 1
            if acronym and j - i == 1:
                tags[i] = "O"


def _glued_digits(word: str) -> int:
    """Letters of ``word`` before digits written onto it (ফখরুল২৮ নভেম্বর, a headline run into a date): 4 of 8; else its length."""
    found = _DIGIT.search(word)
    return found.start() if found and found.start() > 0 else len(word)


def _join_adjacent_persons(words: list[str], tags: list[str]) -> None:
    """আসিফ মাহমুদ | সজীব ভুঁইয়া: a person span right after another whose last word has no case ending is the
    rest of one long name (two people next to each other are joined by a comma, ও or an ending). The document
    rules split them again where the report shows two names (ল্যাভরভ | কিমকে)."""
    if "B-PER" not in tags:
        return
    for i in range(1, len(tags)):
        if tags[i] == "B-PER" and tags[i - 1].endswith("PER") and "\u0980" <= words[i - 1][0] <= "\u09ff" \
                and strip_ending(words[i - 1]) == words[i - 1]:
            tags[i] = "I-PER"


def _word_place(word: str) -> tuple[str | None, bool]:
    """(place kind of the word's base form, whether it is a constituency such as ঢাকা-১০)."""
    if not word or not "\u0980" <= word[0] <= "\u09ff":
        return None, False
    match = _DASH_NUMBER.match(word) if "-" in word else None
    if match:
        return _place_kind(strip_case_ending(match["place"])), True
    return _place_kind(strip_case_ending(word)), False


_WORD_PLACES = Memo(_word_place)  # _word_place of each word seen

def _places(words: list[str], tags: list[str]) -> None:
    """Known places: a one-word span naming a country or a district is a place (ফেনী was a person); an untagged
    district or division is one too, and an upazila before উপজেলা/থানা or listed beside a place; ঢাকা-১০ (a
    constituency) is a place; a span ending in a body's head word (জাতীয় সংসদ, ডেমরা থানা) is an organisation."""
    n = len(words)
    found = list(map(_WORD_PLACES.__getitem__, words))  # (a dict read per word, not a Python call)
    upazilas = []
    for i, (kind, numbered) in enumerate(found) if found.count(_NO_PLACE) != n else ():
        if kind is None:
            continue
        alone = (tags[i] == "O" or tags[i].startswith("B-")) and (i + 1 == n or not tags[i + 1].startswith("I-"))
        if numbered:
            if alone:
                tags[i] = "B-LOC"
            continue
        next_is_head = i + 1 < n and words[i + 1] in _PLACE_NEXT
        if tags[i] == "O" and (kind in ("country", "district", "division") or next_is_head):
            tags[i] = "B-LOC"
        elif alone and tags[i] != "O" and kind != "upazila":
            tags[i] = "B-LOC"
        elif kind == "upazila" and alone:
            upazilas.append(i)
    for i in upazilas:  # নওগাঁ-১ (পোরশা, সাপাহার ও নিয়ামতপুর)
        near = [k for k in (i - 2, i + 2) if 0 <= k < n and words[(i + k) // 2] in _LIST_JOINS]
        if any(tags[k].endswith("LOC") for k in near):
            tags[i] = "B-LOC"
    if "I-LOC" in tags or "I-PER" in tags:
        for i, j, kind in bio_to_spans(tags):
            if kind != "ORG" and j - i > 1 and strip_case_ending(words[j - 1]) in _BODY_HEADS:
                tags[i:j] = ["B-ORG"] + ["I-ORG"] * (j - i - 1)


@functools.lru_cache(maxsize=1 << 16)
def _vocabulary_row(word: str):
    """The e5 vocabulary's row of a word or of its base form (None when unknown); memoized per word."""
    table = embedding_clusters()
    return table.get(word.casefold()) or table.get(strip_ending(word.casefold()))


@functools.lru_cache(maxsize=1 << 14)
def _ordinary_compound(word: str) -> bool:
    """``_compound_of_ordinary_words`` in the e5 vocabulary, memoized per word (a lookup per cut of the word)."""
    return _compound_of_ordinary_words(word, embedding_clusters())


def _compound_of_ordinary_words(word: str, table) -> bool:
    """True when ``word`` (unknown to the vocabulary) is two known ordinary words run together."""
    for cut in range(3, len(word) - 2):
        head, tail = word[:cut], word[cut:]
        if "\u0980" <= tail[0] <= "\u0994" or tail[0] in "\u09bc\u09be\u09bf\u09c0\u09c1\u09c2\u09c3\u09c7\u09c8\u09cb\u09cc\u09cd\u0981\u0982\u0983":
            continue  # the second word must start with a letter, not a sign
        if tail in _PLACE_PARTS:
            return False  # কোয়েলহাট, ধর্মপাড়া: Bengali place names are made so
        rows = (table.get(head), table.get(tail))
        if all(row is not None and max(row[3:]) <= 1 for row in rows):
            return True
    return False


def _name_shapes(words: list[str], tags: list[str], named=lambda base: False) -> None:
    """Spans shaped like something else than a name: a rank or degree before a person (ডা., অ্যাডমিরাল) is cut off;
    a last word that makes an adjective (বিএনপিপন্থী, পরিদর্শনকালীন) ends the name before it; a span of ordinary
    words only (the e5 vocabulary knows each and its name probe gives every type at most 1 of 9: স্পেশাল, জোন)
    is no name."""
    if tags.count("O") == len(tags):
        return
    for i, j, kind in bio_to_spans(tags):
        while kind == "PER" and j - i > 1 and (words[i].rstrip(".") in NAME_PREFIXES or strip_ending(words[i]) in NAME_PREFIXES):
            tags[i] = "O"
            i += 1
            tags[i] = "B-PER"
        while kind == "PER" and j - i > 1 and strip_ending(words[j - 1]) in NAME_SUFFIXES:
            tags[j - 1] = "O"  # রুমি সাহেব
            j -= 1
        last = strip_ending(words[j - 1])
        if last.endswith(ADJECTIVE_ENDINGS):
            tags[j - 1] = "O"
            j -= 1
            if i == j:
                continue
        if (j - i == 1 or kind == "PER") and all("\u0980" <= w[0] <= "\u09ff" for w in words[i:j]):
            bases = [strip_ending(w.casefold()) for w in words[i:j]]
            rows = [_vocabulary_row(w) for w in words[i:j]]
            if all(row is not None and max(row[3:]) <= 1 for row in rows) and not any(map(named, bases)) \
                    and not _place_kind(strip_case_ending(words[i])):
                tags[i:j] = ["O"] * (j - i)
            elif j - i == 1 and rows[0] is None and _ordinary_compound(bases[0]) and not named(bases[0]):
                tags[i] = "O"  # ট্রেনভাড়া, গ্যাসপাম্প, তদন্তকেন্দ্র: two ordinary words written together
_COORDINATED_HEADS = frozenset(normalize(w) for w in ("মন্ত্রণালয়", "বিভাগ", "অধিদপ্তর"))
_ENGLISH_FUNCTION_WORDS = en.FUNCTION_WORDS
# a finite verb in -লো after a consonant stem (কাঁপলো, করলো; not বাফেলো), an English -ally adverb (ভার্চুয়ালী, ম্যানুয়ালি)
_VERB_OR_ADVERB = regex.compile("(?:[\u0995-\u09b9]\u09bc?" + normalize("লো") + "|(?:" + normalize("ুয়") + "|" + normalize("্য") + ")"
                                 + normalize("াল") + "[\u09bf\u09c0])$")


def _verb_or_adverb(word: str) -> bool:
    """A word one tagger span alone that is a verb or an adverb by its ending, unless a known place is written so."""
    return bool(_VERB_OR_ADVERB.search(word)) and not gazetteer.place_ids(word)


@functools.cache
def _agency_forms() -> frozenset[str]:
    from khobor.lang.bn.text import normalize
    from khobor.lang.bn.news_words import AGENCIES, OUTLETS

    return frozenset(" ".join(strip_ending(w) for w in normalize(form).casefold().split())
                     for table in (AGENCIES, OUTLETS) for forms in table.values() for form in forms)


@functools.cache
def default_tagger() -> NerTagger:
    """The shipped model, loaded once (read-only), with the gazetteers it uses."""
    gazetteer.latin_places()
    _multiword_places()
    return NerTagger()
