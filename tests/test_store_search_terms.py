"""The search index's words of a cleaned body: taken from the words clean found, they are the ones found again."""

from __future__ import annotations

import sys

from khobor.clean import clean, clean_words
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
    raw = RawDoc(source="t", text=text, fields={"title": "শিরোনাম"})
    article, words = clean_words(raw)
    assert article == clean(raw) and words == " ".join(TOKEN.findall(article.body))
    assert index_terms(article.body, words) == index_terms(article.body)
    assert index_terms("", "") == index_terms("") == ""


def test_ingest_indexes_each_article_under_its_own_words(tmp_path, monkeypatch):
    """Ingest hands the words clean found to the search index with each article (``Store.add_articles(words=...)``):
    each article is indexed under its own body's words, given, not found again, and found by an inflected form."""
    import khobor
    from khobor.pipeline import ingest
    from khobor.store import search

    given = []
    real = search.index_terms
    monkeypatch.setattr(search, "index_terms", lambda text, words=None: given.append(words) or real(text, words))
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("সম্মেলন\n\nরাজধানী ঢাকায় আজ সকালে এক সংবাদ সম্মেলনে মন্ত্রী এ কথা বলেন।", encoding="utf-8")
    (folder / "b.txt").write_text("Prices\n\nPrices rose 3.5% in Chattogram markets this week, traders said.", encoding="utf-8")
    with khobor.open(str(tmp_path / "s.db")) as store:
        assert ingest(store, [folder]).added == 2
        assert [w.split()[0] for w in given if w] == ["রাজধানী", "Prices"]  # each body's words, as clean found them
        by_id = {a.id: a for a in store.articles()}
        assert [by_id[h.id].title for h in store.search("সম্মেলন").results] == ["সম্মেলন"]
        assert [by_id[h.id].title for h in store.search("market").results] == ["Prices"]
