"""Unicode repair for Bengali text.

Canonical form: NFC. NFC *decomposes* য় ড় ঢ় (U+09DF/DC/DD) into base + nukta
(U+09BC), and no later NFC can undo that, so the decomposed form is the one we
use for text, gazetteers and keys alike. ``normalize`` is idempotent.
"""

from __future__ import annotations

import unicodedata

import regex

ZWJ, ZWNJ = "\u200d", "\u200c"
VIRAMA = "\u09cd"
_BN = r"[\u0980-\u09ff]"

# ত + ্ + ZWJ is the old way to type khanda-ta.
_KHANDA_TA = regex.compile("\u09a4\u09cd\u200d")
# ZWJ/ZWNJ only matter next to a virama (র‍্যাব, ya-phala forms); elsewhere they are noise.
_STRAY_JOINER = regex.compile(r"(?<!\u09cd)[\u200c\u200d](?!\u09cd)")
_SOFT = regex.compile("[\u00ad\ufeff\u200b\u2060]")
# "|" or "I" misused as dari after Bengali text.
_PIPE_DARI = regex.compile(rf"(?<={_BN}\s?)\|")
# A space typed before a dependent vowel sign or nukta/virama/anusvara.
_SPACE_BEFORE_SIGN = regex.compile(r"(?<=[\u0995-\u09b9\u09dc-\u09df\u09bc])[ \t]+(?=[\u09be-\u09cc\u09d7\u09bc\u0981-\u0983])")
# Two-part vowel signs typed as e-kar + aa-kar / au-length mark.
_TWO_PART = [("\u09c7\u09be", "\u09cb"), ("\u09c7\u09d7", "\u09cc")]
_BN_DIGITS = str.maketrans("০১২৩৪৫৬৭৮৯", "0123456789")
_SPACES = regex.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def normalize(text: str) -> str:
    """Return ``text`` in khobor's canonical form (NFC plus Bengali repairs)."""
    text = _SOFT.sub("", text)
    text = _KHANDA_TA.sub("\u09ce", text)
    for wrong, right in _TWO_PART:
        text = text.replace(wrong, right)
    text = _SPACE_BEFORE_SIGN.sub("", text)
    text = unicodedata.normalize("NFC", text)
    text = _STRAY_JOINER.sub("", text)
    text = _PIPE_DARI.sub("\u0964", text)
    text = _SPACES.sub(" ", text)
    return text


def ascii_digits(text: str) -> str:
    """Same length as ``text``, Bengali digits replaced: a matching view that keeps offsets."""
    return text.translate(_BN_DIGITS)


def match_key(text: str) -> str:
    """A view for matching only: normalized, ASCII digits, case-folded."""
    return ascii_digits(normalize(text)).casefold()
