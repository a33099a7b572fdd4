"""The search index's words of a cleaned body: taken from the words clean found, they are the ones found again."""

from __future__ import annotations

import sys

from khobor.clean import body_words, clean
from khobor.lang.bn.text import BENGALI_DIGITS, TOKEN, ascii_digits
from khobor.model import RawDoc
from khobor.store.terms import index_terms


def test_folding_keeps_each_character_a_word_character_or_not():
    """Digits and case folded word by word give the words of the folded text only if no character changes kind when
    folded (and none folds to nothing): checked for every code point that folding changes."""
    changed = [c for c in map(chr, range(sys.maxunicode + 1)) if c.casefold() != c] + list(BENGALI_DIGITS)
    assert len(changed) > 1000
    for c in changed:
        folded = ascii_digits(c).casefold()
        assert folded, hex(ord(c))
        if TOKEN.fullmatch(c):
            assert TOKEN.fullmatch(folded), hex(ord(c))
        else:
            assert not TOKEN.search(folded), hex(ord(c))


def test_index_terms_from_the_words_clean_found_are_the_same():
    text = ("STRASSE Straße ঢাকায় ১২ জন, ৩.৫% আহত। İstanbul ΣΊΣΥΦΟΣ ﬁnal — ঢাকা-১০ আসনে ভোট হবে ২০২৬ সালে।\n\n"
            "বাংলাদেশের রাজধানী ঢাকায় আজ সকালে এক সংবাদ সম্মেলনে মন্ত্রী এ কথা বলেন। ‘আমরা প্রস্তুত’, তিনি বলেন।")
    article = clean(RawDoc(source="t", text=text, fields={"title": "শিরোনাম"}))
    words = body_words(article.body)
    assert words is not None and words == " ".join(TOKEN.findall(article.body))
    assert index_terms(article.body, words) == index_terms(article.body)
    assert body_words(article.body) is None  # given once
    assert body_words(str(article.body + " ")) is None  # another text: not clean's
    assert index_terms("", "") == index_terms("") == ""
