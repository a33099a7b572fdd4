"""Machine-translation score: 0..1 per article, with the signals that made it.

Each signal is a known trace of English->Bengali machine translation and
contributes a strength; strengths combine as a noisy-OR, so one strong trace
("দৃ determination ়তার") or several weak ones give a high score, and every
contribution is listed in ``signals`` so a reader can check it.

- broken script: a vowel sign or nukta with no consonant before it, or a
  Latin word wedged inside a Bengali word;
- এবং for "and" where Bengali newsrooms mostly write ও; সাথে over সঙ্গে;
- English tense and syntax calques: the pluperfect "-ছিলেন/-ছিল" for simple
  past, the complementizer "যে" after verbs of saying ("বলেছিলেন যে"),
  "মিঃ" for "Mr", "রাজ্য মিডিয়া" for "state media", "X-এর মতে" for
  "according to X";
- Latin-script words and ASCII digits left inside Bengali sentences.
"""

from __future__ import annotations

import re
from collections import Counter

import regex

from khobor.lang.bn.text import TOKEN, normalize

_W = r"(?<![\p{L}\p{M}])"
_E = r"(?![\p{L}\p{M}])"
_TOKEN = TOKEN  # the one word pattern (khobor.lang.bn.text)
# Plain character-class scans use the faster stdlib ``re`` (no tokenizing involved).
_ASCII_ALNUM = re.compile(r"[A-Za-z0-9]")
_BENGALI = re.compile("[\u0980-\u09ff]")
# A sign not after a Bengali letter (at a line's start too): the sign matched first, then the one character before
# it looked at (looking behind first tried every position: 0.055 -> 0.024 CPU-s over the dev corpus's Bengali bodies).
_ORPHAN_SIGN = re.compile(r"[\u0981-\u0983\u09bc\u09be-\u09cc\u09d7](?<![\u0980-\u09ff].)")
_LATIN_IN_WORD = regex.compile(r"[\u0995-\u09b9\u09bc\u09cd]\s?[a-z]{3,}\s?[\u0981-\u0983\u09bc\u09be-\u09cc\u09d7]")
_LATIN_WORD = regex.compile(r"(?<=[\u0980-\u09ff][^A-Za-z\n]{0,20})[A-Za-z]{2,}")
_ASCII_DIGIT = regex.compile(r"(?<=[\u0980-\u09ff][^0-9\n]{0,20})[0-9]+")
_SONGE = normalize("সঙ্গে")
_PLUPERFECT_ENDINGS = ("ছিল", "ছিলেন", "ছিলাম", "ছিলো")
_SAYING_ENDINGS = ("ছেন", "েছে", "লেন", "ছিলেন", "ছিল", "েন")
_CALQUE_HINT = re.compile("মিঃ|রাজ্য|মতে|হিসাবে|সর্বশেষতম")
_CALQUES = {
    "মিঃ (Mr)": regex.compile(_W + "মিঃ"),
    "রাজ্য মিডিয়া/সংস্থা (state media)": regex.compile(_W + r"রাজ্য\s+(?:মিডিয়া|সংস্থা|সংবাদমাধ্যম|টেলিভিশন)"),
    "এর মতে (according to)": regex.compile(r"(?:এর|ের)\s+মতে" + _E),
    "হিসাবে (as)": regex.compile(_W + "হিসাবে" + _E),
    "সর্বশেষতম (latest)": regex.compile(_W + "সর্বশেষতম" + _E),
}


def _share(a: int, b: int) -> float:
    return a / (a + b) if a + b else 0.0


def mt_score(body: str, tokens: list[str] | None = None) -> tuple[float, list[str]]:
    """(score, signals) for a cleaned body. One tokenization (or the caller's), then counts."""
    if _BENGALI.search(body) is None:  # every signal needs a Bengali letter: an English body scores 0 without the scans
        return 0.0, []  # (879 of the dev corpus's 1,772 bodies: they were 0.33 of mt_score's 0.49 CPU-s)
    tokens = _TOKEN.findall(body) if tokens is None else tokens
    n = max(len(tokens), 1)
    per_k = 1000 / n
    counts = Counter(tokens)
    parts: list[tuple[float, str]] = []

    has_ascii = _ASCII_ALNUM.search(body) is not None
    broken = len(_ORPHAN_SIGN.findall(body)) + (len(_LATIN_IN_WORD.findall(body)) if has_ascii else 0)
    if broken:
        parts.append((0.6, f"broken script x{broken}"))
    and_mt, and_bn = counts["এবং"], counts["ও"]
    if and_mt + and_bn >= 3:
        share = _share(and_mt, and_bn)
        if share >= 0.75:
            parts.append((0.45, f"এবং over ও {share:.2f}"))
        elif share >= 0.6:
            parts.append((0.25, f"এবং over ও {share:.2f}"))
    with_mt, with_bn = counts["সাথে"], counts[_SONGE]
    if with_mt + with_bn >= 2 and _share(with_mt, with_bn) >= 0.75:
        parts.append((0.2, f"সাথে over সঙ্গে {_share(with_mt, with_bn):.2f}"))
    pluperfect = (sum(c for t, c in counts.items() if t.endswith(_PLUPERFECT_ENDINGS) and len(t) > 4) * per_k
                  if "ছিল" in body else 0.0)
    if pluperfect >= 15:
        parts.append((0.3, f"pluperfect {pluperfect:.0f}/1000 words"))
    that = (sum(1 for prev, tok in zip(tokens, tokens[1:]) if tok == "যে" and prev.endswith(_SAYING_ENDINGS)) * per_k
            if counts["যে"] else 0.0)
    if that >= 8:
        parts.append((0.2, f"'যে' complementizer {that:.0f}/1000 words"))
    calques = [name for name, pattern in _CALQUES.items() if pattern.search(body)] if _CALQUE_HINT.search(body) else []
    if calques:
        parts.append((min(0.15 * len(calques) + 0.15, 0.45), "calques: " + ", ".join(calques)))
    if has_ascii:
        latin = len(_LATIN_WORD.findall(body)) * per_k
        if latin >= 5:
            parts.append((0.2, f"Latin words in Bengali text {latin:.0f}/1000 words"))
        digits = len(_ASCII_DIGIT.findall(body)) * per_k
        if digits >= 5:
            parts.append((0.25, f"ASCII digits in Bengali text {digits:.0f}/1000 words"))

    keep = 1.0
    for strength, _ in parts:
        keep *= 1 - strength
    return round(1 - keep, 3), [signal for _, signal in parts]
