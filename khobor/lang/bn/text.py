"""Bengali text: Unicode repair (``normalize``), digits, and the word pattern every stage uses.

Canonical form: NFC. NFC *decomposes* য় ড় ঢ় (U+09DF/DC/DD) into base + nukta
(U+09BC), and no later NFC can undo that, so the decomposed form is the one we
use for text, gazetteers and keys alike. ``normalize`` is idempotent.

Why our own rules rather than a package: bkit's ``Normalizer`` is the most
complete, but it *composes* য় ড় ঢ় (the opposite canonical form) and brings
a ~400 MB dependency tree; bangla-nlpkit's ``normalize`` covers less than the
repairs below. These few rules run on every line of every article, so they
are written to skip work on text that is already clean.
"""

from __future__ import annotations

import re
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
# Cheap pre-checks so clean text skips the repairs above.
# NFC leaves text alone when it holds only Latin (U+0000-02FF), Bengali and general
# punctuation, with no composed nukta letters (composition exclusions), no virama
# before nukta (canonical reordering) and no two-part vowel signs (fixed above).
# CPython's own quick check cannot tell that for Bengali: U+09BE/U+09D7 are "maybe".
_NFC_MAY_CHANGE = re.compile("[^\u0000-\u02ff\u0980-\u09ff\u2002-\u206f]|[\u09dc\u09dd\u09df]"
                             "|[\u09cd\u09fe]\u09bc|\u09fe\u09cd|\u09c7[\u09be\u09d7]")
_REPAIR_HINT = re.compile(r"[\u00ad\ufeff\u200b\u2060\t\u00a0\u2000-\u200a\u202f\u205f\u3000]|  "
                             r"|[ \t][\u09be-\u09cc\u09d7\u09bc\u0981-\u0983]")


def normalize(text: str) -> str:
    """Return ``text`` in khobor's canonical form (NFC plus Bengali repairs).

    Each repair runs only when a cheap test shows it can apply: most text is
    already clean, and this runs on every line of every article.
    """
    needs_repair = _REPAIR_HINT.search(text) is not None
    if needs_repair:
        text = _SOFT.sub("", text)
    if "\u200d" in text:
        text = _KHANDA_TA.sub("\u09ce", text)
    if "\u09c7" in text:
        for wrong, right in _TWO_PART:
            text = text.replace(wrong, right)
    if needs_repair:
        text = _SPACE_BEFORE_SIGN.sub("", text)
    if _NFC_MAY_CHANGE.search(text):
        text = unicodedata.normalize("NFC", text)
    if "\u200c" in text or "\u200d" in text:
        text = _STRAY_JOINER.sub("", text)
    if "|" in text:
        text = _PIPE_DARI.sub("\u0964", text)
    if needs_repair:
        text = _SPACES.sub(" ", text)
    return text


# A word for counting and matching: letters, marks and digits (the tokenizer in analyze.tokens also keeps joiners).
TOKEN = regex.compile(r"[\p{L}\p{M}\p{N}]+")
BENGALI_DIGITS = "০১২৩৪৫৬৭৮৯"


_BN_DIGIT_RUN = re.compile("[০-৯]+")


def _ascii_run(found: re.Match) -> str:
    return found.group().translate(_BN_DIGITS)


def ascii_digits(text: str) -> str:
    """Same length as ``text``, Bengali digits replaced: a matching view that keeps offsets.

    Run by run: translating every character of a long text costs several times a scan for digits."""
    return _BN_DIGIT_RUN.sub(_ascii_run, text)


def match_key(text: str) -> str:
    """A view for matching only: normalized, ASCII digits, case-folded."""
    return ascii_digits(normalize(text)).casefold()
