"""Name keys: when are two surface forms the same name?

A name is split into words (space or hyphen), honorifics in front are dropped and
the case ending of the last word is stripped (লাভরভের -> লাভরভ). Each word then
gets a consonant skeleton that both scripts share: vowels, য়/ya-phala, হ and w/h/y
vanish, aspirated and unaspirated stops fall together, ভ = v = b, ফ = f = p,
জ = j = z, স = শ = ষ = s. So ল্যাভরভ and লাভরভ are both L B R B, Lavrov too.
Two Bengali forms with equal skeletons must also romanize alike (PyICU
Bengali-Latin, rapidfuzz ratio) so that নাইজার and নাইজেরিয়া stay apart.
Acronyms compare through the Bengali names of Latin letters: KCNA = কেসিএনএ.
"""

from __future__ import annotations

import functools
import operator
from dataclasses import dataclass, replace

import regex
from rapidfuzz import fuzz

from khobor.lang.bn.text import ascii_digits, normalize
from khobor.lang.bn.translations import LEXICON, to_bengali
from khobor.lang.bn.names import CASE_ENDINGS, LETTER_NAMES, TITLE_WORDS, VOWEL_ENDINGS, base_forms, strip_case_ending

_BN_CLASS = {
    "ক": "K", "খ": "K", "গ": "G", "ঘ": "G", "ঙ": "N", "চ": "C", "ছ": "C", "জ": "J", "ঝ": "J", "ঞ": "N",
    "ট": "T", "ঠ": "T", "ড": "D", "ঢ": "D", "ণ": "N", "ত": "T", "থ": "T", "দ": "D", "ধ": "D", "ন": "N",
    "প": "P", "ফ": "P", "ব": "B", "ভ": "B", "ম": "M", "য": "J", "র": "R", "ল": "L", "শ": "S", "ষ": "S",
    "স": "S", "ৎ": "T", "ং": "N",
}
_BN_NUKTA = {"ড": "R", "ঢ": "R", "য": "", "ফ": "P", "জ": "J", "ক": "K"}
_BN_VOWELS = set("অআইঈউঊঋএঐওঔ")
_LATIN_DIGRAPHS = [("dj", "J"), ("sch", "S"), ("sh", "S"), ("ch", "C"), ("th", "T"), ("ph", "P"), ("kh", "K"), ("gh", "G"),
                   ("dh", "D"), ("bh", "B"), ("ck", "K"), ("ng", "N"), ("zh", "J"), ("ts", "S")]
_LATIN_CLASS = {"b": "B", "d": "D", "f": "P", "g": "G", "j": "J", "k": "K", "l": "L", "m": "M", "n": "N",
                "p": "P", "q": "K", "r": "R", "s": "S", "t": "T", "v": "B", "x": "KS", "z": "J"}
_HONORIFICS = frozenset(normalize(w) for w in "মিঃ মি মিস্টার মিসেস জনাব ড ডা ডক্টর বেগম".split()) | TITLE_WORDS \
    | frozenset("sheikh dr mr mrs ms prof professor advocate barrister justice begum".split())  # as শেখ, ড. in Bengali
_IZAFE = regex.compile(r"(?<=[A-Za-z])(\w*?)-e-(?=[A-Z])")
_SPLIT = regex.compile(r"[\s\-‐–]+")
_LATIN = regex.compile(r"^[A-Za-z.'’]+$")
_ACRONYM = regex.compile(r"^(?:[A-Z]\.?){2,8}$")
# compiled once: the resolver calls these hundreds of thousands of times, and regex.sub(str, ...) looks its cache up each call
_NOT_ROMAN = regex.compile(r"[^a-z ]+")
_NOT_LOWER = regex.compile(r"[^a-z]")
_REPEATS = regex.compile(r"(.)\1+")
_NUMBER = regex.compile(r"\d+")


@functools.cache
def _romanizer():
    import icu

    return icu.Transliterator.createInstance("Bengali-Latin; Latin-ASCII")


@functools.cache
def _romanizer_marked():
    import icu

    return icu.Transliterator.createInstance("Bengali-Latin")


_LETTER_NAME_SET = frozenset(LETTER_NAMES.values())


def vowel_count(text: str) -> int:
    """Written vowels (signs and letters): a rough syllable count (মালি 2, মালাউই 4)."""
    return sum(map(_WRITTEN_VOWELS.__contains__, text))


_WRITTEN_VOWELS = frozenset(chr(c) for c in range(0x0985, 0x0995) if "অ" <= chr(c) <= "ঔ") | frozenset(
    chr(c) for c in range(0x09BE, 0x09CD) if chr(c) not in "\u09c5\u09c6\u09c9\u09ca")


class _AsciiFold(dict):
    """Latin-ASCII of each character (for ``str.translate``), found as it is first met. ``romanize`` of Bengali is
    Latin-ASCII after Bengali-Latin; this folds the Bengali-Latin a name key has anyway, character by character,
    instead of transliterating the name a second time (the same romanization on the 217k words of the Bengali
    vocabulary, 50k three-word runs of them and the dev corpus's names; 9.6 -> 1.3 µs a name)."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _ascii().transliterate(chr(code))
        return folded


@functools.cache
def _ascii():
    import icu

    return icu.Transliterator.createInstance("Latin-ASCII")


_ASCII_FOLD = _AsciiFold()


def romanize(text: str) -> str:
    """ASCII romanization of a (Bengali or Latin) name, lower case, letters and spaces only."""
    if not _LATIN.match(text.replace(" ", "")):
        text = _romanizer().transliterate(text)
    return _NOT_ROMAN.sub("", text.casefold())


@functools.lru_cache(maxsize=1 << 16)
def bengali_skeleton(word: str) -> str:
    out = []
    chars = list(word)
    for i, ch in enumerate(chars):
        nxt = chars[i + 1] if i + 1 < len(chars) else ""
        prev = chars[i - 1] if i else ""
        if ch == "\u09bc" or ch == "\u09cd":
            continue
        if nxt == "\u09bc":
            out.append(_BN_NUKTA.get(ch, _BN_CLASS.get(ch, "")))
        elif ch == "য" and prev == "\u09cd":  # ya-phala
            continue
        elif ch == "গ" and prev == "\u09cd" and i >= 2 and chars[i - 2] == "ঙ":  # ঙ্গ sounds ng
            continue
        elif ch in _BN_VOWELS and i == 0:
            out.append("V")
        else:
            out.append(_BN_CLASS.get(ch, ""))
    return _collapse("".join(out))


@functools.lru_cache(maxsize=1 << 16)
def latin_skeleton(word: str) -> str:
    word = _NOT_LOWER.sub("", word.casefold())
    if not word:
        return ""
    head = "V" if word[0] in "aeiouyw" else ""
    for digraph, cls in _LATIN_DIGRAPHS:
        word = word.replace(digraph, cls)
    out = [head]
    for i, ch in enumerate(word):
        if ch.isupper():
            out.append(ch)
        elif ch == "c":
            out.append("S" if word[i + 1 : i + 2] in ("e", "i", "y") else "K")
        else:
            out.append(_LATIN_CLASS.get(ch, ""))
    return _collapse("".join(out))


def _collapse(skeleton: str) -> str:
    return _REPEATS.sub(_first_of_run, skeleton)


def _first_of_run(match) -> str:
    """(A function, not the template r"\1": regex parses a template at every call, 8.5 against 4 µs a call.)"""
    return match.group(1)


def name_words(surface: str) -> list[str]:
    """Words of a name without leading honorifics; the last word in its most likely base form."""
    surface = normalize(surface).strip()
    if "-e-" in surface:  # (the regex's template costs ~7 µs a call)
        surface = _IZAFE.sub(r"\1e ", surface)  # Jamaat-e-Islami: জামায়াতে ইসলামী
    words = [w.strip(".’'") for w in _SPLIT.split(surface) if w.strip(".’'")]
    while len(words) > 1 and words[0].casefold() in _HONORIFICS:
        words.pop(0)
    return words


@functools.lru_cache(maxsize=1 << 16)
def is_latin(text: str) -> bool:
    """(Memoized: the resolver asks it of every written form of an entity at each of its mentions.)"""
    return bool(_LATIN.match(text.replace(" ", "").replace("-", "")))


_ENDINGS = tuple(sorted({*CASE_ENDINGS, *VOWEL_ENDINGS, normalize("ে")}, key=len, reverse=True))
_PARTICLES = ("ও", "ই")
_R, _ER = normalize("র"), normalize("ের")  # রাশিয়াও "Russia too", শোইগুই: written on the word, not part of the name


@functools.lru_cache(maxsize=1 << 16)
def lemma_forms(word: str) -> tuple[str, ...]:
    """``base_forms`` of a name's last word without a particle (রাশিয়াও -> রাশিয়া), a form the Bengali
    vocabulary knows first: ফেসবুকে is ফেসবুক + ে, not ফেসবু + কে; তুষার stays তুষার, not তুষা + র."""
    forms = list(base_forms(word))
    if word.endswith(_PARTICLES) and _letters(word[:-1]) >= 2 and word[-2] not in "\u09cd":
        bare = word[:-1]
        if _known(bare) or _known(strip_case_ending(bare)):
            forms = [*base_forms(bare), *forms]
    if not _known(forms[0]):
        known = [f for f in forms if _known(f)]
        known += [word[: -len(e)] for e in _ENDINGS if word.endswith(e) and _letters(word[: -len(e)]) >= 2 and _known(word[: -len(e)])]
        if known:  # মন্ত্রণালয়ের: মন্ত্রণালয় + ের, not মন্ত্রণাল + য়ের
            forms.insert(0, known[0])
    if forms[0] == word and word.endswith("\u09c7") and _letters(word) == 2 and "\u0995" <= word[-2] <= "\u09b9" \
            and _known(word[:-1]):
        forms.insert(0, word[:-1])  # রোডে: রোড + ে (the stripper leaves words of two letters alone)
    if forms[0] == word[:-1] and word.endswith(_R) and (_known(word + _ER) or _own_r(word)):
        forms.insert(0, word)  # সরকার, আনসার: the word takes -ের itself (সরকারের), so its র is its own, not a genitive
    if word.endswith(_D_ER) and forms[0] == word[: -len(_D_ER)] and _known(word[:-2]):
        forms.insert(0, word[:-2])  # আজাদের: আজাদ + ের before the plural আজা + দের (a known word too)
    if word.endswith(_NG_ENDINGS) and word.rindex(_NG) >= 1:
        forms.insert(0, word[: word.rindex(_NG) + 1])  # কিংয়ে, জিনপিংয়ের: কিং + য়ে (no word ends in ংয়ে)
    whole = [f for f in forms if not f.endswith("\u09cd")]  # কুর্স্কে is কুর্স্ক + ে; a word never ends in a hasant
    return tuple(dict.fromkeys(whole or forms))


_D_ER = normalize("দের")
_NG = "\u0982"
_NG_ENDINGS = tuple(_NG + normalize(e) for e in ("য়ের", "য়ে", "য়"))
_PUR = normalize("পুর")


def _own_r(word: str) -> bool:
    """A place's name whose last letter is its own র: the gazetteer knows it (ফরিদপুর), or it ends in -পুর ("town")
    and the word without র is none (ঝুমঝুমপুর is not ঝুমঝুমপু + র, as মিঠুর is মিঠু + র)."""
    from khobor.lang.bn import gazetteer

    return bool(gazetteer.place_ids(word)) or word.endswith(_PUR) and _letters(word) > 3 and not _known(word[:-1])


def _letters(text: str) -> int:
    return sum(1 for ch in text if ch.isalpha())


def _known(word: str) -> bool:
    """A word of the ~217k-word Bengali vocabulary shipped with the tagger's e5 clusters."""
    from khobor.analyze.ner_resources import embedding_clusters

    return embedding_clusters().get(word.replace("\u200d", "")) is not None  # (র‍্যাব: র্যাব there)


@dataclass(frozen=True, slots=True)
class NameKey:
    """Comparable forms of one surface name."""

    words: tuple[str, ...]  # base form
    skeleton: str  # per-word skeletons joined with '|'
    roman: str
    marked: str  # romanization keeping long vowels (ī, ā) apart
    vowels: int
    latin: bool
    acronym: str | None  # Bengali letter-name spelling of an acronym (KCNA -> কেসিএনএ), or the Bengali form itself
    translated: bool = False  # a Latin name with a Bengali translation (Germany = জার্মানি): it crosses scripts only so


def name_keys(surface: str, exact: bool = False) -> list[NameKey]:
    """Keys of a surface form, one per plausible base form of its last word (most likely first); ``exact``: the
    form as it is (a dictionary form: ব্রুনেই, the Bengali of Brunei, is not ব্রুন + ে + ই)."""
    return list(_name_keys(surface, exact))


_KEYS: dict[tuple[str, bool], tuple[NameKey, ...]] = {}  # (surface, exact) -> keys; a speed-up, not state
KEYS_KEPT = 1 << 16


def _name_keys(surface: str, exact: bool) -> tuple[NameKey, ...]:
    """``name_keys``, memoized: the resolver asks for the keys of the same names again and again."""
    found = _KEYS.get((surface, exact))
    if found is None:
        if len(_KEYS) >= KEYS_KEPT:
            _KEYS.clear()
        found = _KEYS[(surface, exact)] = _keys_of(surface, exact)
    return found


def packed_keys(surfaces) -> list[tuple]:
    """The keys of ``surfaces`` as plain tuples (cheap to pickle): a worker process computes them beside the
    analysis, so the process resolving entities one article after another does not (``known_keys``)."""
    fields = operator.attrgetter(*NameKey.__slots__)
    return [(s, [fields(k) for k in _name_keys(s, False)]) for s in surfaces]


def known_keys(packed: list[tuple]) -> None:
    """Keys ``packed_keys`` computed elsewhere (the same code, so the same keys), for ``name_keys`` to use."""
    if len(_KEYS) + len(packed) >= KEYS_KEPT:
        _KEYS.clear()
    for surface, keys in packed:
        _KEYS.setdefault((surface, False), tuple(NameKey(*k) for k in keys))


def _keys_of(surface: str, exact: bool) -> tuple[NameKey, ...]:
    words = name_words(surface)
    if not words:
        return ()
    latin = all(is_latin(w) for w in words)
    if latin or exact:
        candidates = [words]
    else:
        candidates = [words[:-1] + [base] for base in lemma_forms(words[-1])]
    keys = []
    for cand in candidates:
        skel_fn = latin_skeleton if latin else bengali_skeleton
        skeleton = "|".join(map(skel_fn, cand))
        joined = " ".join(cand)
        acronym = None
        if latin and len(cand) == 1 and _ACRONYM.match(cand[0]):
            acronym = "".join(LETTER_NAMES[c] for c in cand[0] if c.isalpha())
        elif not latin and len(cand) == 1:
            acronym = cand[0]
        if latin:
            marked, roman = joined.casefold(), romanize(joined)
        else:
            marked = _romanizer_marked().transliterate(joined)
            roman = _NOT_ROMAN.sub("", marked.translate(_ASCII_FOLD).casefold())  # romanize(joined), one transliteration
        keys.append(NameKey(tuple(cand), skeleton, roman, marked, vowel_count(joined), latin, acronym))
    if latin:  # a name Bengali translates: India = ভারত, Election Commission = নির্বাচন কমিশন
        translated = to_bengali(words)
        if translated:
            keys = [replace(k, translated=True) for k in keys] + name_keys(translated, exact=True)
    return tuple(keys)


@functools.lru_cache(maxsize=1 << 14)
def _letter_acronym(word: str) -> bool:
    from khobor.lang.bn.names import is_letter_acronym

    return is_letter_acronym(word)


@functools.lru_cache(maxsize=1 << 16)
def _numbers(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(_NUMBER.findall(ascii_digits(" ".join(words))))  # a tuple: memoized, so nobody's to change


def keys_match(a: NameKey, b: NameKey, min_ratio: float = 85.0) -> bool:
    """Same name? See the module docstring for the rule."""
    if a.words == b.words:
        return True
    if a.latin != b.latin and (a.translated or b.translated):
        return False  # Germany joins জার্মানি through its translation, never গ্রামীণ by its letters
    if _numbers(a.words) != _numbers(b.words):  # ঢাকা-৮ / ঢাকা-১৭ / ঢাকা: different places
        return False
    if a.latin != b.latin and (a.latin and a.acronym or b.latin and b.acronym):
        if a.acronym and b.acronym and a.acronym == b.acronym:
            return True
        latin = a if a.latin else b  # TASS = তাস: a word written in capitals
        return len(latin.words[0]) >= 4 and a.skeleton == b.skeleton and _cross_script_evidence(a, b, MIN_RATIO_TINY)
    if a.latin and b.latin:
        return a.roman == b.roman
    if a.skeleton != b.skeleton:
        if a.latin != b.latin:
            return _cross_script_loose(a, b)
        # the same words written together or apart: নিউ ইয়র্ক / নিউইয়র্ক
        if a.latin or b.latin or len(a.words) == len(b.words):
            return False
        if "".join(a.words) == "".join(b.words):
            return True
        if bengali_skeleton("".join(a.words)) != bengali_skeleton("".join(b.words)):
            return False
        return fuzz.ratio(a.roman.replace(" ", ""), b.roman.replace(" ", "")) >= min_ratio
    if not a.skeleton.replace("|", ""):
        return False
    if not a.latin and not b.latin and len(a.words) == len(b.words) == 1 and _letter_acronym(a.words[0]) and _letter_acronym(b.words[0]):
        return False  # বিসিএস / বিবিএস: letters spelled out, and other letters
    if a.latin or b.latin:  # cross-script: the skeleton carries a long name, the spelling a short one
        return _cross_script_evidence(a, b)
    # equal skeletons: vowels decide (মালি / মালাউই, পুতিন / পুতিনা differ; দিল্লি / দিল্লী do not)
    ratio = fuzz.ratio(a.marked, b.marked)
    gap = abs(a.vowels - b.vowels)
    return (gap == 0 and ratio >= min_ratio - 15) or (gap == 1 and ratio >= min_ratio + 3)


def may_match_unspelled(key: NameKey, known: NameKey) -> bool:
    """False only where ``keys_match(key, known)`` is False, for a ``known`` name of one word without consonants (no
    skeleton: Hay, T&T, হাওয়া) and a ``key`` with a skeleton and no acronym: what ``keys_match`` returns True for
    then is the very words, both Latin with one romanization, across scripts a name of 2-4 words whose consonants
    run together are the other's (none: it has none), or a Bengali name of several words written as the one word.
    A lookup of a new name compares it with every such name (108k of 177k comparisons resolving the dev corpus)."""
    if known.skeleton or len(known.words) != 1 or not key.skeleton or key.acronym:
        return True  # (not the case reasoned about: ask keys_match)
    if key.words == known.words:
        return True
    if key.latin and known.latin:
        return key.roman == known.roman
    if key.latin != known.latin:
        return bool((latin_skeleton if known.latin else bengali_skeleton)(known.words[0]))
    return len(key.words) > 1 and bengali_skeleton("".join(key.words)) == bengali_skeleton(known.words[0])


# Cross-script matches need equal skeletons and spellings that agree (rapidfuzz ratio of the romanizations with
# like vowels merged). Set on the first half of the dev name pairs (positives) and on wrong joins seen in the dev
# corpus (Paris / পোরশা 55, Kennedy / কানাডা 50, Germany / গ্রামীণ 62, The / তাহির): a name of several words carries
# more evidence than one word, a word of one consonant needs nearly the same letters.
MIN_RATIO_WORDS = 60.0  # several words: Josh Hazlewood = জশ হ্যাজলউড, Volodymyr Zelensky = ভলোদিমির জেলেনস্কি
# one word, by consonants in its skeleton: London = লন্ডন 67 (4), Ukraine = ইউক্রেন 77 (3), Russia = রাশিয়া 80 (2),
# Alo = আলো (1); and against: Paris / পোরশা 55 (3), India / এনআইডি 73 (2), The / তাহির 67 (1)
MIN_RATIO_WORD = {4: 60.0, 3: 75.0, 2: 80.0, 1: 90.0, 0: 90.0}


MIN_RATIO_JOINED = 70.0  # words joined in one script only: Chhatra Dal = ছাত্রদল 94, Jubo Dal = যুবদল 71; not Md Ehsan / মো. হৃদয় হোসেন 63
# a one-word name joining a full name of another article in the other script: the bar of a 3-consonant word, one
# step above the 4-consonant one (ভালভার্দে = Valverde 75; বিলবোর্ড / Valverde 62)
MIN_RATIO_ACROSS = 75.0
MIN_RATIO_TINY = 90.0  # a word in capitals read as a word: TASS = তাস 100; SAARC / সরকা(র) 89


@functools.lru_cache(maxsize=1 << 16)  # 7,947 calls resolving the dev corpus, 2,605 distinct
def _cross_script_evidence(a: NameKey, b: NameKey, min_ratio: float | None = None) -> bool:
    """Equal skeletons across scripts, and spellings that agree (The, It, India never join a Bengali name)."""
    consonants = len(a.skeleton.replace("|", "").replace("V", ""))
    latin, bengali = (a, b) if a.latin else (b, a)
    if _final_vowel_unsaid(latin.words[-1], bengali.words[-1]):
        return False
    if len(latin.words) == len(bengali.words) and any(map(_first_vowel_clash, latin.words, bengali.words)):
        return False
    ratio = fuzz.ratio(_vowel_classes(latin.roman), _vowel_classes(_spoken_roman(bengali)))
    if min_ratio is not None:
        return ratio >= min_ratio
    if len(latin.words) > 1 and len(bengali.words) > 1:
        return ratio >= MIN_RATIO_WORDS and _each_word_alike(latin, bengali)
    return ratio >= MIN_RATIO_WORD[min(consonants, 4)]


MIN_RATIO_EACH_WORD = 50.0  # Moudud / মেহেদী 36 (one surname, আহমেদ, carried the whole); Josh / জশ 67, Azizur / আজিজার 73


def _each_word_alike(latin: NameKey, bengali: NameKey) -> bool:
    """Word by word, when both have as many words: each pair alike enough (a shared surname is not the whole name)."""
    if len(latin.words) != len(bengali.words):
        return True
    for a, b in zip(latin.words, bengali.words):
        ka, kb = name_keys(a, exact=True), name_keys(b, exact=True)
        if ka and kb and fuzz.ratio(_vowel_classes(ka[0].roman), _vowel_classes(_spoken_roman(kb[0]))) < MIN_RATIO_EACH_WORD:
            return False
        if len(_spoken_consonants(a)) != len(_spoken_consonants(b)):
            return False  # Shamim / সিয়াম: one skeleton (SM), but sha-mi-m sounds one m more than si-a-m
    return True


_LATIN_VOWELS = frozenset("aeiouy")
_BN_VOWEL_SIGNS = frozenset("\u09be\u09bf\u09c0\u09c1\u09c2\u09c3\u09c7\u09c8\u09cb\u09cc")


def _spoken_consonants(word: str) -> str:
    """The skeleton of one word where a vowel keeps two like consonants apart (Shamim: SMM, মমতা: MMT, মোহাম্মদ: MHMD):
    only a doubled letter or a conjunct is said as one."""
    if is_latin(word):
        low = _NOT_LOWER.sub("", word.casefold())
        for digraph, cls in _LATIN_DIGRAPHS:
            low = low.replace(digraph, cls)
        out = ["." if ch in _LATIN_VOWELS else ch if ch.isupper() else ("S" if low[i + 1 : i + 2] in ("e", "i", "y") else "K")
               if ch == "c" else _LATIN_CLASS.get(ch, "") for i, ch in enumerate(low)]
    else:
        out = []
        for i, ch in enumerate(word):
            nxt = word[i + 1] if i + 1 < len(word) else ""
            if ch in _BN_VOWEL_SIGNS or ch in _BN_VOWELS:
                out.append(".")
            elif ch in _BN_CLASS and nxt != "\u09bc" and not (ch == "য" and word[i - 1 : i] == "\u09cd"):  # (not ya-phala)
                out.append(_BN_CLASS[ch] + ("." if nxt in _BN_CLASS else ""))  # a bare consonant before another: its own vowel
    return _collapse("".join(out)).replace(".", "")


def _final_vowel_unsaid(latin: str, bengali: str) -> bool:
    """The Latin name ends in a spoken vowel (Sultana, Rahima) where the Bengali one ends in a bare consonant, whose
    inherent vowel is not said at a word's end (সুলতান, রহিম): two names. (A final conjunct keeps its vowel: মঞ্চ
    is Moncho, ভট্টাচার্য Bhattacharya; a final e is mostly silent: Rose, রোজ. A y after a consonant is said i: Rabby
    is not র‌্যাব.)"""
    spoken = latin[-1:].casefold() in ("a", "i", "o", "u") or (latin[-1:] == "y" and latin[-2:-1].casefold() not in "aeiouy")
    return (spoken and len(bengali) >= 2 and bengali[-1] not in _FINAL_VOWELS
            and bengali[-2] != "\u09cd" and "\u0995" <= bengali[-1] <= "\u09b9")


def _first_vowel_clash(latin: str, bengali: str) -> bool:
    """The first syllables say other vowels: a Latin o where the Bengali word writes আ-কার, or a Latin a where it writes
    ো, ু or ূ (Mohammad is not মাহমুদ, Hossain not হাসান, Hasan not হোসেন). Only a lone vowel letter after a first
    consonant counts: English says its u, e and i in many ways (Trump ট্রাম্প, Berlin বার্লিন, James জেমস), a diphthong
    (Bhairab ভৈরব) and a glide (Washington ওয়াশিংটন) are left alone, and Bengali's unwritten vowel is no evidence."""
    found = _LATIN_FIRST_VOWEL.match(latin.casefold().replace("qu", "k"))
    sign = _bengali_first_vowel(bengali)
    after = bengali[bengali.index("\u09be") + 1 :][:1] if sign == "\u09be" else ""
    if found and found.group(1) == "ai" and sign == "\u09be":
        # Latin ai where the Bengali word writes আ-কার and no ই or য় after it, and the other way: Taijul is তাইজুল,
        # Tajul তাজুল (two men)
        return bool(after) and after not in "ইঈয\u09df"
    if not found or len(found.group(1)) != 1 or latin.casefold() in LEXICON:  # (Hospital হাসপাতাল: a loanword)
        return False
    return ((found.group(1) == "o" and sign == "\u09be") or (found.group(1) == "a" and sign in ("\u09cb", "\u09c1", "\u09c2"))
            or (found.group(1) == "a" and bool(after) and after in "ইঈ"))


@functools.lru_cache(maxsize=1 << 16)
def ai_apart(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Word by word, one Bengali name writes আ-কার and ই where the other writes the আ-কার alone (তাইজুল / তাজুল
    ইসলাম, সাইফুল / সাফুল): two names, as Taijul and Tajul are."""
    return len(a) == len(b) and any(x != y and (x.replace("\u09beই", "\u09be", 1) == y or y.replace("\u09beই", "\u09be", 1) == x)
                                    for x, y in zip(a, b))


def _bengali_first_vowel(word: str) -> str | None:
    """The vowel sign written on a word's first consonant or conjunct (None: it starts with a vowel, or says its own)."""
    i = 0
    while i < len(word) and ("\u0995" <= word[i] <= "\u09b9" or word[i] in "\u09dc\u09dd\u09df"):
        i += 1
        if word[i : i + 1] == "\u09bc":
            i += 1
        if word[i : i + 1] != "\u09cd":
            return word[i] if i < len(word) and "\u09be" <= word[i] <= "\u09cc" else None
        i += 1
    return None


_LATIN_FIRST_VOWEL = regex.compile(r"[b-df-hj-np-tv-xz]+([aeiouy]+)")


_FINAL_VOWELS = frozenset("\u09be\u09bf\u09c0\u09c1\u09c2\u09c3\u09c7\u09c8\u09cb\u09ccঅআইঈউঊএঐওঔ")


@functools.lru_cache(maxsize=1 << 16)  # (asked at every lookup and record of a name: 85,793 calls resolving the dev corpus)
def loose_skeletons(key: NameKey, lookup: bool = False) -> tuple[str, ...]:
    """Extra index keys under which ``_cross_script_loose`` may find a name written in the other script:
    without initials, words joined. Tagged by script, so a lookup meets only the other script's names
    (``lookup``: the tag of the other script)."""
    if key.latin:
        words = [w for w in key.words if not (len(w) <= 4 and w.isupper())]
        skel = latin_skeleton
    else:
        words = [w for w in key.words if w not in _LETTER_NAME_SET]
        skel = bengali_skeleton
    joined = key.skeleton.replace("|", "")  # (the words' skeletons run together, as ``_joined_skeleton`` runs them)
    tag = "L" if key.latin != lookup else "B"
    out = [tag + "+" + joined] if 1 < len(key.words) <= 4 and joined else []
    if not key.latin and len(key.words) == 1 and joined:
        out.append(tag + "+" + joined)  # ছাত্রদল, to be found by Chhatra Dal
    if len(words) >= 2 and len(words) != len(key.words):
        out.append(tag + "|".join(skel(w) for w in words))
    return tuple(out)


@functools.lru_cache(maxsize=1 << 16)
def lookup_buckets(key: NameKey) -> tuple[str, ...]:
    """The index buckets an entity lookup reads for a name, in a fixed order (a set would change it with the hash seed)."""
    return tuple(dict.fromkeys((key.skeleton, key.acronym or "", *loose_skeletons(key, lookup=True))))


@functools.lru_cache(maxsize=1 << 16)  # (asked of a name at most of its mentions: 53k calls resolving the dev corpus)
def places_named(words: tuple[str, ...]) -> frozenset[str]:
    """Gazetteer ids of the known places called by these words (``place_ids``)."""
    from khobor.lang.bn.gazetteer import place_ids

    return place_ids(" ".join(words))


@functools.lru_cache(maxsize=1 << 16)  # asked for both names of every cross-script comparison
def _joined_skeleton(words: tuple[str, ...], skeleton) -> str:
    """The words' skeletons run together: one name however the script splits it (Chhatra Dal / ছাত্রদল), keeping the
    vowel a word starts with (Monirul Islam is not মো. আনোয়ারুল ইসলাম, MNRLSLM both when the words are joined first)."""
    return "".join(skeleton(w) for w in words)


def _cross_script_loose(a: NameKey, b: NameKey) -> bool:
    """Skeletons differ, but the scripts write the same name differently: initials as letter names
    (AMM Nasir Uddin / এ এম এম নাসির উদ্দিন: compare without them) or words joined in one script
    (Chhatra Dal / ছাত্রদল: compare the whole name)."""
    latin, bengali = (a, b) if a.latin else (b, a)
    lwords = [w for w in latin.words if not (len(w) <= 4 and w.isupper())]
    bwords = [w for w in bengali.words if w not in _LETTER_NAME_SET]
    if len(lwords) >= 2 and len(bwords) >= 2 and (len(lwords), len(bwords)) != (len(latin.words), len(bengali.words)):
        return any(keys_match(k, m) for k in name_keys(" ".join(lwords)) for m in name_keys(" ".join(bwords)))
    if len(latin.words) != len(bengali.words) and len(latin.words) + len(bengali.words) <= 5:
        joined = _joined_skeleton(latin.words, latin_skeleton)
        if joined and joined == _joined_skeleton(bengali.words, bengali_skeleton):  # Md Ehsan is not মো. হৃদয় হোসেন (MDSN both)
            return _cross_script_evidence(latin, bengali, MIN_RATIO_JOINED)
    return False


@functools.lru_cache(maxsize=1 << 16)  # (a transliteration: 10,534 calls resolving the dev corpus, 1,790 distinct)
def _spoken_roman(key: NameKey) -> str:
    """Romanization without the inherent vowel Bengali does not say at a word's end (ঢাকা dhaka, তাস tas, not tasa)."""
    marked = key.marked.split()
    words = romanize(" ".join(key.words).replace("\u0982", "ng")).split()  # ং: ng, not m (পিয়ংইয়ং)
    return " ".join(w[:-1] if len(w) > 2 and w.endswith("a") and i < len(marked) and not marked[i].endswith(("ā", "a\u0304"))
                    else w for i, w in enumerate(words))


_SOUND_DIGRAPHS = [("sh", "s"), ("th", "t"), ("dh", "d"), ("bh", "b"), ("kh", "k"), ("gh", "g"), ("ph", "p"), ("ch", "c"),
                   ("ck", "k"), ("q", "k"), ("x", "ks"), ("v", "b"), ("f", "p"), ("z", "j"), ("w", "u"), ("c", "k")]


_Y_BETWEEN_VOWELS = regex.compile(r"(?<=[aeiou])y(?=[aeiou])")


@functools.lru_cache(maxsize=1 << 16)
def _vowel_classes(roman: str) -> str:
    """Letters of like sound merged (e/i/y, o/u, v/bh/b, f/ph/p, z/j) and doubles collapsed: Russia rusia, রাশিয়া rasia."""
    text = _Y_BETWEEN_VOWELS.sub("", roman.replace(" ", ""))
    for digraph, letter in _SOUND_DIGRAPHS:
        text = text.replace(digraph, letter)
    return _collapse(text.translate(_LIKE_VOWELS))


_LIKE_VOWELS = str.maketrans("eyo", "iiu")


def same_name(a: str, b: str) -> bool:
    """True when two surface forms name the same thing (inflection, spelling and script aside)."""
    return any(keys_match(ka, kb) for ka in name_keys(a) for kb in name_keys(b))


MIN_RATIO_PLACE = 85.0  # a Latin spelling of a known place against its gazetteer names: Comilla / Cumilla, not Cullinan / Khulna


def _syllables(letters: str) -> int:
    return len(regex.findall(r"[aeiou]+", letters))


@functools.lru_cache(maxsize=1 << 14)
def _first_key(name: str) -> NameKey | None:
    keys = name_keys(name)
    return keys[0] if keys else None


def place_name_agrees(key: NameKey, place: frozenset[str] | set[str]) -> bool:
    """Is ``key`` one of the names the gazetteer gives places ``place`` in its script (True when it gives none)?
    Latin: the same consonants and near the same letters; Bengali: the same name by ``keys_match``."""
    from khobor.lang.bn.gazetteer import place_names

    names = place_names(frozenset(place), key.latin)
    if not names:
        return True
    if key.latin:  # the same consonants, syllables and near the same letters (Press is not Paris)
        skeleton, letters = latin_skeleton("".join(key.words)), _vowel_classes(key.roman)
        return any(latin_skeleton(n.replace(" ", "")) == skeleton and _syllables(letters) == _syllables(other)
                   and fuzz.ratio(letters, other) >= MIN_RATIO_PLACE for n in names for other in [_vowel_classes(romanize(n))])
    return any(k is not None and (keys_match(key, k) or _alike_bengali(key, k)) for k in map(_first_key, names))


def _alike_bengali(a: NameKey, b: NameKey) -> bool:
    """The same consonants, as many syllables and most letters alike (মোহাম্মদপুর / মহম্মদপুর; not মধুপুর)."""
    if a.skeleton != b.skeleton:
        return False
    x, y = _vowel_classes(_spoken_roman(a)), _vowel_classes(_spoken_roman(b))
    return _syllables(x) == _syllables(y) and fuzz.ratio(x, y) >= 80
