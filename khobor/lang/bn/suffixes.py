"""The one Bengali suffix stripper: case endings and particles on names (``strip_case_ending``), and the
lighter, broader ``stem`` that search uses to let an inflected form find the others.

Everything here is in khobor's canonical form (NFC, য় decomposed), so the tables are passed
through ``normalize`` once when the module loads.
"""

from __future__ import annotations

import functools

from khobor.lang.bn.text import normalize

VOWEL_SIGNS = frozenset("\u09be\u09bf\u09c0\u09c1\u09c2\u09c3\u09c7\u09c8\u09cb\u09cc")
INDEPENDENT_VOWELS = frozenset("অআইঈউঊঋএঐওঔ")

# Endings that follow any base (longest first). Each needs a base of >= 2 letters left.
# (These are the tables the shipped NER models were trained with: ``strip_ending`` keeps them as they are.)
_ANY_BASE = ["য়েরই", "য়ের", "য়েরা", "দেরকে", "দের", "েরই", "েরা", "ের", "কেই", "কে", "তেই", "তে", "-এর", "-র"]
# Endings only after a vowel (রাশিয়া+র, মস্কো+য়, কেসিএনএ+র): after a consonant the letter is the name's own.
_AFTER_VOWEL = ["রই", "র", "য়", "তে", "য়ে"]
# Particles after the case ending: -ও "also" (রাশিয়াও, হাসিনাকেও), -সহ "with" (কাদেরসহ); a final ই is often the
# name's own (দুবাই), so it stays.
_PARTICLES = tuple(normalize(p) for p in ("সহ", "ও"))
_ALSO = normalize("ও")
# য়ের is an ending only after a vowel (চীনায়ের); after a consonant the য় is the word's (মন্ত্রণালয়ের = মন্ত্রণালয় + ের)
_YA_ENDINGS = tuple(normalize(e) for e in ("য়েরই", "য়েরা", "য়ের"))
_GENITIVE_R = normalize("র")
_AH_R = normalize("াহর")
_YA_LOCATIVE = normalize("য়ে")
# Locative -e after a consonant (লন্ডনে); ambiguous, so base_forms also keeps the word itself.
_LOCATIVE = normalize("ে")

CASE_ENDINGS: tuple[str, ...] = tuple(sorted({normalize(e) for e in _ANY_BASE}, key=len, reverse=True))
VOWEL_ENDINGS: tuple[str, ...] = tuple(sorted({normalize(e) for e in _AFTER_VOWEL}, key=len, reverse=True))


def _letters(text: str) -> int:
    return sum(1 for ch in text if "\u0995" <= ch <= "\u09b9" or ch in INDEPENDENT_VOWELS or ch.isascii() and ch.isalpha())


_LAST_CHARS = frozenset(e[-1] for e in CASE_ENDINGS + VOWEL_ENDINGS + (_LOCATIVE,))


@functools.lru_cache(maxsize=1 << 16)
def strip_case_ending(word: str) -> str:
    """Base form of one name word: লাভরভের -> লাভরভ, কিমকে -> কিম, রাশিয়াও -> রাশিয়া, মন্ত্রণালয়ের -> মন্ত্রণালয়.

    Conservative on purpose: a final র after a consonant is part of the name.
    """
    tail = particle(word)
    if tail:
        word = word[: -len(tail)]
    for ending in _YA_ENDINGS:
        if word.endswith(ending) and _letters(word[: -len(ending)]) >= 2 and word[-len(ending) - 1] not in VOWEL_SIGNS:
            return word[: 2 - len(ending)]
    if word[-2:-1] == "\u0981" and word[-1:] == _GENITIVE_R and _letters(word) >= 3:  # নওগাঁর: নওগাঁ + র
        return word[:-1]
    if word.endswith(_AH_R) and _letters(word) >= 4:  # উল্লাহর: উল্লাহ + র (no name ends in -াহর)
        return word[:-1]
    if word.endswith(_YA_LOCATIVE) and _letters(word) >= 4 and "\u0995" <= word[-4] <= "\u09b9":
        return word[:-1]  # মন্ত্রণালয়ে: মন্ত্রণালয় + ে after a consonant (নরওয়ে, উরুগুয়ে: a vowel before, the name's own)
    return strip_ending(word)


@functools.lru_cache(maxsize=1 << 16)
def strip_ending(word: str) -> str:
    """The case ending alone, as the shipped NER models saw it in training (their word features must stay as
    trained); ``strip_case_ending`` adds particles and the য়ের rule for names.
    (Memoized, and a word whose last letter ends no ending returns at once: it runs on every new word.)
    """
    if word[-1:] not in _LAST_CHARS:
        return word
    for ending in CASE_ENDINGS:
        if word.endswith(ending) and _letters(word[: -len(ending)]) >= 2:
            return word[: -len(ending)].rstrip("-")
    for ending in VOWEL_ENDINGS:
        if word.endswith(ending) and _letters(word[: -len(ending)]) >= 2:
            before = word[-len(ending) - 1]
            if ending == "য়" and before in "\u09bf\u09c0":  # -ীয় / -িয় make adjectives (ইউক্রেনীয়)
                continue
            if before in VOWEL_SIGNS or before in INDEPENDENT_VOWELS or (ending != "র" and before == "\u0982"):
                return word[: -len(ending)]
    if word.endswith(_LOCATIVE) and _letters(word) >= 3 and "\u0995" <= word[-2] <= "\u09b9":
        return word[:-1]
    return word


def particle(word: str) -> str:
    """The particle ending ``word`` when enough of a name is left before it ('' otherwise)."""
    for tail in _PARTICLES:
        if word.endswith(tail) and _letters(word[: -len(tail)]) >= 3 and word[-len(tail) - 1] != "\u09cd":
            # -ও only after a vowel sign (রাশিয়াও, হাসিনাকেও): after a consonant it may be the letter O (ডব্লিউএইচও)
            if tail == _ALSO and word[-2] not in VOWEL_SIGNS:
                continue
            return tail
    return ""


def base_forms(word: str) -> tuple[str, ...]:
    """Possible base forms, most likely first: কবির may be কবি+র or the name কবির itself."""
    forms = [strip_case_ending(word)]
    ending = word[len(forms[0]) :]
    if ending in ("কে", "তে", "য়ে") and _letters(word) >= 3:
        forms.append(word[:-1])  # কুরস্কে: কুরস্ক + ে, not কুরস্ + কে
    if ending in ("র", "য়", "য়ে", "ে", "কে", "তে"):
        forms.append(word)
    return tuple(dict.fromkeys(forms))


def case_ending(word: str) -> str:
    """The ending ``strip_case_ending`` removes ('' when none)."""
    return word[len(strip_case_ending(word)) :]


@functools.lru_cache(maxsize=1 << 13)  # (the span rules ask again for each person's last word, each article)
def inflected_forms(word: str) -> frozenset[str]:
    """Every form of ``word`` with one case ending and a particle or not (রাশিয়া, রাশিয়ার, রাশিয়ায়ও): for lookup
    tables that must find a name in running text without stripping each word of it."""
    forms = {word + e for e in ("", *CASE_ENDINGS, *VOWEL_ENDINGS, _LOCATIVE)}
    return frozenset(forms | {f + p for f in forms for p in _PARTICLES})


# The forms a known name (an agency, an outlet) takes in running text, for lookup tables: রয়টার্সের, এএফপিকে.
NAME_INFLECTIONS = ("", "এর", "ের", "র", "কে", "য়ের", "-এর", "'র", "’র", "’এর")

# Search: one ending or plural marker, longest first (broader than the name endings: গুলো, টি, রা, 's).
_INFLECTIONS = sorted((normalize(s) for s in (
    "গুলোকে", "গুলিকে", "গুলোর", "গুলির", "দেরকে", "গুলো", "গুলি", "য়েরা", "য়ের",
    "দের", "টিকে", "টির", "খানা", "েরা", "ের", "কে", "রা", "টি", "টা", "তে", "য়",
    "এর", "র", "ে", "ও", "ই", "'s", "s",
)), key=len, reverse=True)


@functools.lru_cache(maxsize=200_000)  # news vocabulary repeats: most words are stemmed once per process
def stem(word: str) -> str:
    """Strip one case ending or plural marker from a normalized, lower-cased word (only when a useful stem is left)."""
    for suffix in _INFLECTIONS:
        if word.endswith(suffix):
            rest = word[: -len(suffix)]
            minimum = 3 if len(suffix) == 1 else 2
            if len(rest) >= minimum and not rest.endswith("\u09cd"):
                return rest
    return word
