"""Acronyms defined in the text: news writes a body's full name, then its acronym in brackets."""

from __future__ import annotations

import functools

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


# words that make a span a body (an authority, a fund), not a thing with an acronym (an assessment, a code, a card)
_LATIN_HEADS = frozenset(
    "association authority agency board bureau battalion commission committee council forum party league company "
    "limited ltd group office union alliance front department directorate ministry fund organisation organization "
    "foundation institute institution university college hospital bank corporation federation chamber chambers "
    "centre center court tribunal regiment regimental branch intelligence police force forces army navy society "
    "network trust academy service services programme program".split())
_BENGALI_HEADS = ("মন্ত্রণালয়", "বিশ্ববিদ্যালয়", "ব্যাংক", "কমিশন", "পার্টি", "লীগ", "দল", "সংস্থা", "বাহিনী", "পরিষদ",
                  "কর্তৃপক্ষ", "কোম্পানি", "লিমিটেড", "ক্লাব", "সমিতি", "ফাউন্ডেশন", "একাডেমি", "ইনস্টিটিউট",
                  "হাসপাতাল", "কলেজ", "স্কুল", "আদালত", "অধিদপ্তর", "অধিদফতর", "পরিদপ্তর", "বিভাগ", "ব্যুরো",
                  "কর্পোরেশন", "করপোরেশন", "ফেডারেশন", "অ্যাসোসিয়েশন", "এসোসিয়েশন", "কাউন্সিল", "কমিটি",
                  "ট্রাইব্যুনাল", "জোট", "ফ্রন্ট", "ব্যাটালিয়ন", "সংঘ", "ইউনিয়ন", "ফোরাম", "কেন্দ্র", "বোর্ড", "তহবিল")


def _body_name(full: str) -> bool:
    """A full name with a word that makes it a body (Authority, অধিদপ্তর; Bengali words also inflected: সমিতির)."""
    if is_latin(full):
        return any(w.strip("’'s").casefold() in _LATIN_HEADS for w in full.split())
    heads = _bengali_heads()
    return any(w.startswith(heads) for w in full.split()[1:])


@functools.cache
def _bengali_heads() -> tuple[str, ...]:
    """``_BENGALI_HEADS`` normalized (once, not per word of each name)."""
    from khobor.lang.bn.text import normalize

    return tuple(normalize(h) for h in _BENGALI_HEADS)


def bracketed_acronyms(mentions: list[Mention], body: str) -> list[Mention]:
    """An acronym in brackets after a body's full name that the tagger left untagged ("Department of Agricultural
    Extension (DAE)", "দুর্নীতি দমন কমিশনের (দুদক)"): a mention of the same type, so that it joins the body."""
    if "(" not in body:
        return mentions
    added = []
    for mention in mentions:
        if mention.type != "ORG" or len(mention.surface.split()) < 2:
            continue
        match = _BRACKET.match(body, mention.end)
        if not match or not _abbreviates(match.group(1), mention.surface) or not _body_name(mention.surface):
            continue
        start, end = match.span(1)
        if not any(m.start < end and start < m.end for m in mentions):
            added.append(Mention(start, end, body[start:end], "ORG"))
    return sorted(mentions + added, key=lambda m: m.start) if added else mentions
