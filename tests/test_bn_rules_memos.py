"""The Bengali rules' shortcuts (memos, scans only near a mark) give what the plain scans give."""

import random

from khobor.analyze import courts, span_rules
from khobor.analyze.ner import _unjoined, sentence_tokens
from khobor.analyze.ner_features import bio_to_spans
from khobor.analyze.span_words import _WORD, _vocabulary
from khobor.analyze.tokens import WORD, sentences
from khobor.clean.normalize import normalize

_PARTS = [normalize(w) for w in ("ঢাকার", "ঢাকা", "চিফ", "মেট্রোপলিটন", "ম্যাজিস্ট্রেট", "আদালত", "আদালতের", "জজ", "বিশেষ",
                                 "দায়রা", "জামালপুর", "র‍্যাব")] + ["১", "২৩", "12", "-", "\u200c", "ক\u200dখ", ",", "।", "A", "x", "(", ")"]


def _texts(n: int = 3000) -> list[str]:
    rng = random.Random(7)
    return ["".join(rng.choice(_PARTS) + rng.choice([" ", " ", "  ", "\n", ""]) for _ in range(rng.randint(1, 30)))
            for _ in range(n)]


def test_court_runs_are_those_of_a_scan_of_the_whole_text():
    for text in _texts():
        assert [m.span() for m in courts._court_runs(text)] == [m.span() for m in courts._COURT_RUN.finditer(text, overlapped=True)]


def test_the_seat_mark_is_found_as_a_search_of_the_whole_text_finds_it():
    for text in _texts():
        assert span_rules._has_seat_mark(text) == bool(span_rules._SEAT_MARK.search(text))


def test_the_vocabulary_is_the_set_of_words_read_again_and_again():
    for text in _texts() * 2:  # (the second time from the memo)
        assert _vocabulary(text) == frozenset(_WORD.findall(text))


def test_sentence_tokens_are_the_sentences_words_as_the_vocabulary_writes_them():
    for text in _texts(500):
        spans = sentences(text)
        expected = [([m.span() for m in found], [_unjoined(m.group()) for m in found])
                    for found in (list(WORD.finditer(text, s, e)) for s, e in spans) if found]
        assert sentence_tokens(text, spans) == expected


def test_chunks_follow_the_tags_as_they_are_edited():
    tags = ["B-PER", "I-PER", "O", "B-LOC"]
    assert list(bio_to_spans(tags)) == [(0, 2, "PER"), (3, 4, "LOC")]
    tags[1] = "B-PER"
    assert list(bio_to_spans(tags)) == [(0, 1, "PER"), (1, 2, "PER"), (3, 4, "LOC")]
    tags[:] = ["O"] * 4
    assert not bio_to_spans(tags)
    assert list(bio_to_spans(["I-ORG", "I-ORG", "I-LOC"])) == [(0, 2, "ORG"), (2, 3, "LOC")]


def test_the_words_before_a_place_are_those_of_its_160_characters():
    from khobor.analyze.span_words import _WHOLE_WORD, _words_before

    for text in _texts(300):
        text = text * 4
        for pos in range(0, len(text), 7):
            for limit in (1, 2, 5, 8):
                every = [(m.start(), m.end(), m.group()) for m in _WHOLE_WORD.finditer(text, max(0, pos - 160), pos)]
                assert _words_before(text, pos, limit) == every[-limit:]


def test_an_acronyms_forms_are_found_where_a_scan_per_form_finds_them():
    from khobor.analyze.span_words import _inflected_occurrences, _occurrences
    from khobor.lang.bn.suffixes import inflected_forms

    stems = {normalize("ডিএম"), normalize("ডিএমপি"), normalize("র‍্যাব"), "A.B"}
    words = [f for s in stems for f in (s, *sorted(inflected_forms(s)))]
    rng = random.Random(3)
    for _ in range(2000):
        text = "".join(rng.choice(words + _PARTS) + rng.choice([" ", "", "-", "(", "\n"]) for _ in range(rng.randint(1, 20)))
        for chosen in ({s for s in stems if rng.random() < 0.6} for _ in range(2)):
            forms = frozenset(f for s in chosen for f in (s, *inflected_forms(s)))
            assert _inflected_occurrences(text, chosen, forms) == _occurrences(text, forms)


def test_the_taggers_word_memos_answer_as_the_rules_behind_them():
    from khobor.analyze.ner import default_tagger

    tagger = default_tagger()
    words = [w for text in _texts(200) for w in WORD.findall(text)] + [normalize(w) for w in ("পুতিনের", "ঢাকায়", "সরকার", "The")]
    for _ in range(2):  # (the second time from the memos)
        assert tagger._bases(words) == [tagger._base(w) for w in words]
        assert [tagger.name_like(w) for w in words] == [tagger._name_like(w) for w in words]
