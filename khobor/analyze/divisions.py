"""A ministry's divisions (Bengali news): অর্থ মন্ত্রণালয়ের আর্থিক প্রতিষ্ঠান বিভাগ, শিক্ষা মন্ত্রণালয়ের মাধ্যমিক ও
উচ্চশিক্ষা বিভাগ. Right after the ministry, "X বিভাগ" is one of its divisions, a body with a name; elsewhere বিভাগ is
as often a hospital's or a university's department (জরুরি বিভাগ, ইংরেজি বিভাগ), so the name is taken only where a
ministry introduced it, and then wherever else the text writes it."""

from __future__ import annotations

import regex

from khobor.lang.bn.suffixes import inflected_forms, strip_case_ending
from khobor.lang.bn.text import normalize
from khobor.model import Mention

_MINISTRY = normalize("মন্ত্রণালয়")
_DIVISION = normalize("বিভাগ")
_AND = normalize("ও")
_SUBJECT = r"[\p{Bengali}--[।॥০-৯]]+"
# after the ministry: one or two words (or two joined by ও, and one more), then বিভাগ
_AFTER_MINISTRY = regex.compile(rf"(?V1) ((?:{_SUBJECT} ){{0,1}}(?:{_SUBJECT} {_AND} )?{_SUBJECT} ({_DIVISION}\p{{Bengali}}*))(?![\p{{Bengali}}-])")


def ministry_divisions(mentions: list[Mention], body: str, not_subjects: frozenset[str]) -> list[Mention]:
    """``mentions`` with the divisions named right after a ministry's mention added, at each place the text names them."""
    from khobor.analyze.span_words import _occurrences

    names = set()
    for m in mentions:
        last = m.surface.split()[-1]
        if m.type != "ORG" or last == _MINISTRY or strip_case_ending(last) != _MINISTRY:
            continue  # (the ministry in the genitive: মন্ত্রণালয়ের)
        found = _AFTER_MINISTRY.match(body, m.end)
        words = found.group(1).split()[:-1] if found and strip_case_ending(found.group(2)) == _DIVISION else []
        if words and all(w == _AND or strip_case_ending(w) == w and w not in not_subjects for w in words) and words[0] != _AND:
            names.add(" ".join(words))
    if not names:
        return mentions
    taken = [(m.start, m.end) for m in mentions]
    forms = frozenset(f"{n} {f}" for n in names for f in (_DIVISION, *inflected_forms(_DIVISION)))
    added = [Mention(a, b, w, "ORG") for a, b, w in _occurrences(body, forms) if not any(x < b and a < y for x, y in taken)]
    return sorted(mentions + added, key=lambda m: m.start)
