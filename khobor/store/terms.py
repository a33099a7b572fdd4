"""Search terms: each word plus its stem, so an inflected form finds the others.

Bengali nouns take case endings (লাভরভের, লাভরভকে, ঢাকায়, মস্কোতে). The index
holds every word and its stem; a query is stemmed, so লাভরভ finds all forms.
Stripping is deliberately light: one ending, and only when a useful stem is left.
"""

from __future__ import annotations

from khobor.lang.bn.suffixes import stem  # noqa: F401  (the shared stemmer; callers import it from here too)
from khobor.lang.bn.text import TOKEN, ascii_digits, match_key


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
