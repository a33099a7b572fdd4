"""Acronyms defined in the text: news writes a body's full name, then its acronym in brackets."""

from __future__ import annotations

import regex

from khobor.analyze.names import is_latin
from khobor.model import Article, Mention


def _known_place(name: str) -> bool:
    from khobor.analyze.entities import _known_place as known

    return known(tuple(name.split()))


_BRACKET = regex.compile(r"\s?\(\s*([A-Z]{2,6}|\p{Bengali}+)\s*\)")


def defined_acronyms(article: Article) -> dict[int, Mention]:
    """Acronyms a report defines: an organisation's full name, then its acronym in brackets ("জাতীয় নাগরিক পার্টির
    (এনসিপি)", "Election Commission (EC)"); keyed by where the acronym starts. The full name has two words or more
    (a one-word place before brackets is mostly the tail of a longer name: "..., বাংলাদেশের (আইসিডিডিআরবি)")."""
    body = article.body or ""
    if "(" not in body:
        return {}
    found = {}
    for mention in article.mentions:
        if mention.type not in ("ORG", "LOC") or len(mention.surface.split()) < 2:
            continue
        match = _BRACKET.match(body, mention.end)
        if match and _abbreviates(match.group(1), mention.surface):
            if mention.type == "LOC" and _known_place(mention.surface):
                continue
            found[match.start(1)] = mention
    return found


def _bengali_initials(acronym: str, full: str) -> bool:
    """A Bengali acronym of the words' first letters (দুর্নীতি দমন কমিশন: দুদক): its letters, vowel signs left out."""
    letters = [c for c in acronym if not _MARK.match(c)]
    initials = [w[0] for w in full.split()]
    return 2 <= len(letters) == len(initials) and letters == initials


_MARK = regex.compile(r"\p{M}")


def _abbreviates(acronym: str, full: str) -> bool:
    """A Latin acronym starts with the full name's first initial and its letters are initials of the name's words
    (Anti-Corruption Commission: ACC); a Bengali one spells Latin letter names (এনসিপি) or the words' initials."""
    if not acronym.isascii():
        from khobor.lang.bn.names import is_letter_acronym

        return is_letter_acronym(acronym) or _bengali_initials(acronym, full)
    if not is_latin(full):
        return False
    initials = [w[0].upper() for w in full.replace("-", " ").split() if w[:1].isalpha()]
    if not initials or acronym[0] != initials[0]:
        return False
    rest = iter(initials[1:])
    return all(c in rest for c in acronym[1:])
