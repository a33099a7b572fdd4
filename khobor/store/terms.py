"""Search terms: each word plus its stem, so an inflected form finds the others.

Bengali nouns take case endings (লাভরভের, লাভরভকে, ঢাকায়, মস্কোতে). The index
holds every word and its stem; a query is stemmed, so লাভরভ finds all forms.
Stripping is deliberately light: one ending, and only when a useful stem is left.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from khobor.clean.normalize import ascii_digits, match_key, normalize

TOKEN = regex.compile(r"[\p{L}\p{M}\p{N}]+")

# Longest first. Written in canonical (NFC, decomposed nukta) form via normalize().
_SUFFIXES = [normalize(s) for s in (
    "গুলোকে", "গুলিকে", "গুলোর", "গুলির", "দেরকে", "গুলো", "গুলি", "য়েরা", "য়ের",
    "দের", "টিকে", "টির", "খানা", "েরা", "ের", "কে", "রা", "টি", "টা", "তে", "য়",
    "এর", "র", "ে", "ও", "ই", "'s", "s",
)]
_SUFFIXES.sort(key=len, reverse=True)


@lru_cache(maxsize=200_000)  # news vocabulary repeats: most words are stemmed once per process
def stem(word: str) -> str:
    """Strip one case ending or plural marker from a normalized, lower-cased word."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix):
            rest = word[: -len(suffix)]
            minimum = 3 if len(suffix) == 1 else 2
            if len(rest) >= minimum and not rest.endswith("\u09cd"):
                return rest
    return word


def words(text: str, *, normalized: bool = False) -> list[str]:
    """Lower-cased words with ASCII digits; pass normalized=True for text that already went through clean."""
    return TOKEN.findall(ascii_digits(text).casefold() if normalized else match_key(text))


def index_terms(text: str) -> str:
    """What the full-text index stores for a cleaned text: each word, and its stem when it differs."""
    out: list[str] = []
    for word in words(text, normalized=True):
        out.append(word)
        base = stem(word)
        if base != word:
            out.append(base)
    return " ".join(out)


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
