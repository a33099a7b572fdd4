"""Tokens and sentences with character offsets into the (normalized) text.

Words are runs of letters, marks and digits, with the joiners inside them (র‍্যাব is one word; hyphen, dot or apostrophe inside a
word keeps it whole: জং-উন, ১২.৫, দু’জন); every other non-space character is a
token of its own. Sentences end at । ? ! and line breaks, and at a dot that is not
part of an abbreviation (ড., মি., A.).
"""

from __future__ import annotations

import regex

WORD = regex.compile(
    r"(?:(?:\p{Bengali}{1,2}|[A-Z])\.(?!\p{N}))+"  # abbreviations and initials: মো. ড. এ.কে.এম. U.S.
    r"|[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N}\u200c\u200d]*(?:[-.'’][\p{L}\p{M}\p{N}\u200c\u200d]+)*|[^\s]"
)
_SENTENCE_END = regex.compile(r"[।?!]+[\"”’']?|\.(?=[\"”’']?\s)|\n+")
# A dot after these is an abbreviation, not the end of a sentence.
_ABBREV = regex.compile(r"(?:^|\s)(?:ড|ডা|মি|মো|মোহাম্মদ|জনাব|প্রফেসর|সে|[\p{Lu}\p{Bengali}])$")


def tokenize(text: str) -> list[tuple[int, int]]:
    """Spans of the tokens of ``text``."""
    return [m.span() for m in WORD.finditer(text)]


def sentences(text: str) -> list[tuple[int, int]]:
    """Spans of sentences, stripped of surrounding space."""
    spans = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.group().startswith(".") and _ABBREV.search(text, max(0, match.start() - 16), match.start()):
            continue
        end = match.end() if not match.group().startswith("\n") else match.start()
        _add(text, start, end, spans)
        start = match.end()
    _add(text, start, len(text), spans)
    return spans


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
