"""Bengali Unicode repairs and the canonical (decomposed nukta) form."""

from khobor.clean.normalize import ascii_digits, match_key, normalize


def test_nukta_letters_decompose():
    assert normalize("\u09df") == "\u09af\u09bc" == normalize("\u09af\u09bc")
    assert normalize("\u09dc") == "\u09a1\u09bc"


def test_repairs():
    assert normalize("উত\u09cd\u200dসব") == "উৎসব"  # khanda-ta typed with ZWJ
    assert normalize("কর\u09c7\u09be") == "করো"  # two-part vowel sign
    assert normalize("ক \u09bfছু") == "কিছু"  # stray space before a vowel sign
    assert normalize("তিনি বলেন|") == "তিনি বলেন।"  # bar used as dari
    assert normalize("সং\u200bবাদ\u00ad") == "সংবাদ"
    assert normalize("র\u200d\u09cdযাব") == "র\u200d\u09cdযাব"  # joiner next to a virama is meaningful


def test_idempotent_and_digit_views():
    text = "ঢাকা, ১২ জুলাই  ২০২৫\u00a0(বাসস)"
    once = normalize(text)
    assert normalize(once) == once
    assert ascii_digits("১২ জুলাই") == "12 জুলাই" and len(ascii_digits(once)) == len(once)
    assert match_key("KCNA ১২") == "kcna 12"


def test_nfc_shortcut_agrees_with_unicodedata():
    """normalize skips NFC when its gate says NFC cannot change the text: check the gate."""
    import random
    import unicodedata

    from khobor.lang.bn.text import _NFC_MAY_CHANGE

    rng = random.Random(7)
    alphabet = [chr(c) for c in range(0x980, 0xA00)] + list("abcé ,.।“”—\n") + ["\u2002", "\u200c", "\u0301", "\u0100"]
    for _ in range(50000):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 6)))
        if not _NFC_MAY_CHANGE.search(s):
            assert unicodedata.normalize("NFC", s) == s, [hex(ord(c)) for c in s]


def test_clean_normalize_stays_a_function_after_the_submodule_loads():
    """khobor.clean re-exports normalize; loading khobor.clean.normalize must not shadow it with the module."""
    import importlib

    import khobor.clean

    importlib.import_module("khobor.clean.normalize")
    assert callable(khobor.clean.normalize)
    assert khobor.clean.normalize("ক") == "ক"
