"""Search terms: each word plus its stem, so an inflected form finds the others.

Bengali nouns take case endings (লাভরভের, লাভরভকে, ঢাকায়, মস্কোতে). The index
holds every word and its stem; a query is stemmed, so লাভরভ finds all forms.
Stripping is deliberately light: one ending, and only when a useful stem is left.
"""

from __future__ import annotations


from khobor.lang.bn.suffixes import stem  # noqa: F401  (the shared stemmer; callers import it from here too)
from khobor.lang.bn.text import TOKEN, ascii_digits, match_key
from khobor.memo import Memo


def words(text: str, *, normalized: bool = False) -> list[str]:
    """Lower-cased words with ASCII digits; pass normalized=True for text that already went through clean."""
    return TOKEN.findall(ascii_digits(text).casefold() if normalized else match_key(text))


def _terms_of(word: str) -> str:
    """What the index stores for a word: "word", or "word stem" when stemming changes it."""
    base = stem(word)
    return word if base == word else f"{word} {base}"


_word_terms = Memo(_terms_of)  # word -> _terms_of(word), filled as words are met


def _cleaned_words(text: str) -> list[str]:
    """``words(text, normalized=True)``."""
    return TOKEN.findall(ascii_digits(text).casefold())


def index_terms(text: str, words: str | None = None) -> str:
    """What the full-text index stores for a cleaned text: each word, and its stem when it differs. ``words``: the
    text's words as ``TOKEN.findall(text)`` gives them, joined by spaces (``khobor.clean.clean_words``), not found
    again: folding digits and case word by word gives the words of the folded text (no character changes from a
    word character to another kind when folded, tests/test_store_search_terms.py)."""
    if words is None:
        found = _cleaned_words(text)
    elif not words:
        return ""
    else:
        found = ascii_digits(words).casefold().split(" ")
    return " ".join(map(_word_terms.__getitem__, found))


def query_terms(query: str) -> list[str]:
    """Stemmed, de-duplicated words of a query, in order."""
    seen: dict[str, None] = {}
    for word in words(query):
        seen.setdefault(stem(word), None)
    return list(seen)


def fts_match(terms: list[str]) -> str:
    """An FTS5 MATCH expression: every term must appear (terms are quoted, so no syntax leaks in)."""
    return " AND ".join('"' + term.replace('"', '""') + '"' for term in terms)


def fts_phrase(text: str) -> str | None:
    """FTS5 expression for one spelling of a name: a single term, or its words near each other."""
    terms = [stem(w) for w in words(text)]
    if not terms:
        return None
    return fts_match(terms[:1]) if len(terms) == 1 else f"NEAR({' '.join(fts_match([t]) for t in terms)}, {2 * len(terms)})"


# -- other spellings: an ASCII key per word, compared by trigrams -------------------------------
# PostgreSQL's pg_trgm reads only what the server's locale calls letters: under the C locale no
# Bengali letter is one, and under others vowel signs split words. So words are compared through
# an ASCII key of their sounds (consonants, vowels; the virama and the inherent vowel leave no
# trace), which also brings the usual Bengali spelling variants close (ল্যাভরভ / লাভরভ: "lyabhrbh" /
# "labhrbh"; শ/ষ/স, ন/ণ, জ/য, ই/ঈ, উ/ঊ write alike).
_SOUNDS = {
    **dict.fromkeys("অ", "o"), "আ": "a", "া": "a", "ই": "i", "ঈ": "i", "ি": "i", "ী": "i", "উ": "u", "ঊ": "u", "ু": "u",
    "ূ": "u", "ঋ": "ri", "ৃ": "ri", "এ": "e", "ে": "e", "ঐ": "oi", "ৈ": "oi", "ও": "o", "ো": "o", "ঔ": "ou", "ৌ": "ou",
    "ক": "k", "খ": "kh", "গ": "g", "ঘ": "gh", "ঙ": "ng", "চ": "c", "ছ": "ch", "জ": "j", "ঝ": "jh", "ঞ": "n",
    "ট": "t", "ঠ": "th", "ড": "d", "ঢ": "dh", "ণ": "n", "ত": "t", "থ": "th", "দ": "d", "ধ": "dh", "ন": "n",
    "প": "p", "ফ": "f", "ব": "b", "ভ": "bh", "ম": "m", "য": "j", "র": "r", "ল": "l", "শ": "s", "ষ": "s", "স": "s",
    "হ": "h", "ৎ": "t", "ং": "ng", "ঃ": "h", "ঁ": "", "্": "", "়": "", "ড়": "r", "ঢ়": "rh", "য়": "y",
}


def spelling_key(word: str) -> str:
    """The ASCII key other spellings of ``word`` are found by (Latin letters and digits kept, lower-cased)."""
    out = []
    for i, ch in enumerate(word):
        if ch == "য" and i and word[i - 1] == "্":
            out.append("y")  # ya-phala: ল্যা
        elif ch == "\u09bc" and out:
            out[-1] = {"d": "r", "dh": "rh", "j": "y"}.get(out[-1], out[-1])  # ড় ঢ় য় typed with a nukta
        else:
            out.append(_SOUNDS.get(ch, ch if ch.isascii() and ch.isalnum() else ""))
    return "".join(out).lower()
