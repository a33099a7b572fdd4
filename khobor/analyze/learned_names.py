"""Organisations the tagger's training text names as a whole, found where the tagger left them out (Bengali news).

The model reads words one sentence at a time and leaves out names made of common words (নির্বাচন কমিশন: "election"
and "commission"), though its training text tagged them as one organisation; names that open with a common word
are looked for. Its lexicon keeps those spans
(``Resources.spans``); where the text writes one, uninflected but for its last word and covered by no mention,
it is that organisation. Spans that are generic phrases (জেলা প্রশাসন), end in a generic word (আফগান সরকার), describe
a body of a kind (সামরিক বাহিনী, বিরোধী দল: an adjective and generic words) or were cut in training (উপজেলা পরিষ, a
word's end lost) are left out.
"""

from __future__ import annotations

import functools

from khobor.analyze.span_words import _base, _uninflected
from khobor.lang.bn.text import normalize
from khobor.model import Mention


# A unit's body (মহানগর পুলিশ, জেলা ছাত্রলীগ) names no body without its place; a court named by its judge is a kind.
_UNIT_WORDS = frozenset(normalize(w) for w in "জেলা উপজেলা মহানগর মহানগরী থানা".split())
_JUDGES = frozenset(normalize(w) for w in "জজ আদালত".split())


def _last_word(word: str, learned: str) -> bool:
    """The learned last word, or it with a case ending or a particle (কমিশনের, কমিশনও; not ইনস্টিটিউটগুলো)."""
    from khobor.lang.bn.suffixes import strip_case_ending

    return word == learned or strip_case_ending(word) == learned or _base(word) == learned


@functools.cache
def _learned() -> dict[str, tuple[tuple[str, ...], ...]]:
    """First word -> the learned organisation names (as word tuples) that start with it, longest first."""
    from khobor.analyze.names import _known
    from khobor.analyze.ner import default_tagger
    from khobor.analyze.entities import _body_forms
    from khobor.analyze.government import _ADJECTIVE_ENDINGS
    from khobor.lang.bn.generic import ADJECTIVE_ENDINGS, GENERIC_PHRASES, GENERIC_WORDS, TRAILING_GENERIC
    from khobor.lang.bn.suffixes import strip_case_ending

    tagger = default_tagger()
    found: dict[str, list[tuple[str, ...]]] = {}
    for text, kind in tagger.resources.spans.items():
        words = tuple(text.split())
        if not (words[0] in GENERIC_WORDS or tagger._mostly_other(words[0])):
            continue  # a name that opens with a name word (বাংলাদেশ ব্যাংক): the tagger finds it itself
        described = words[0].endswith(_ADJECTIVE_ENDINGS + ADJECTIVE_ENDINGS) and all(w in GENERIC_WORDS for w in words[1:])
        if (kind != "ORG" or not 2 <= len(words) <= 4 or text in GENERIC_PHRASES or words[-1] in TRAILING_GENERIC
                or words[0] in _UNIT_WORDS or words[-1] in _JUDGES or text in _body_forms()  # (outlets: read in ``entities``)
                or described or strip_case_ending(words[-1]) != words[-1]
                or not all(_known(w) and "\u0980" <= w[0] <= "\u09ff" for w in words) or not _uninflected(words[-1])
                or any(_base(w) != w for w in words[:-1])):
            continue
        found.setdefault(words[0], []).append(words)
    return {first: tuple(sorted(names, key=len, reverse=True)) for first, names in found.items()}


def learned_bodies(mentions: list[Mention], body: str, vocab: frozenset[str]) -> list[Mention]:
    """``mentions`` and the learned organisations the text writes where no mention stands (read where a first word stands)."""
    from khobor.analyze.span_words import _occurrences, _words_after

    learned = _learned()
    firsts = vocab & learned.keys()
    if not firsts:
        return mentions
    taken = [(m.start, m.end) for m in mentions]
    found = []
    for start, end, first in _occurrences(body, frozenset(firsts)):
        names = learned[first]
        after = _words_after(body, end, len(names[0]) - 1)
        for name in names:
            part = after[: len(name) - 1]
            if len(part) == len(name) - 1 and all(w[2] == n for w, n in zip(part[:-1], name[1:-1])) \
                    and _last_word(part[-1][2], name[-1]):
                stop = part[-1][1]
                if not any(a < stop and start < b for a, b in taken):
                    found.append(Mention(start, stop, body[start:stop], "ORG"))
                    taken.append((start, stop))
                break
    return sorted(mentions + found, key=lambda m: m.start) if found else mentions
