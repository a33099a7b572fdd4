"""The fast analyze path (packed BiLSTM batches over many articles, numpy English NER decoding) gives exactly
what the old path gives: bench/analyze_reference.py keeps the old code and runs it here, in the same test."""

import copy

import numpy as np
import pytest

from bench.analyze_reference import analyze_old, padded_log_probs
from khobor.analyze import analyze, analyze_many
from khobor.analyze.ner import MODEL_PATH, NerTagger, default_tagger
from khobor.model import Article
from training.ner_data import read_rifat


def _fingerprint(article):
    return ([(m.start, m.end, m.surface, m.type) for m in article.mentions], [(t.start, t.end, t.value) for t in article.times],
            [(q.start, q.end, q.speaker) for q in article.quotes], article.sentences, article.language)


def _same_as_old(articles, chunk=64):
    old = analyze_old(copy.deepcopy(articles), NerTagger(MODEL_PATH))
    new = copy.deepcopy(articles)
    tagger = NerTagger(MODEL_PATH)
    for start in range(0, len(new), chunk):
        analyze_many(new[start : start + chunk], tagger=tagger)
    assert sum(len(a.mentions) for a in new) > len(new)  # not vacuous: the texts have names
    for a, b in zip(old, new):
        assert _fingerprint(a) == _fingerprint(b), a.id


def test_packed_lstm_equals_padded_loop():
    """Same batch, same numbers: the packed loop does the old padded loop's arithmetic, step for step."""
    model = default_tagger()._neural.model
    rng = np.random.default_rng(0)
    lengths = np.array(sorted(rng.integers(1, 40, size=23), reverse=True))
    projected = rng.standard_normal((int(lengths.sum()), model.w_ih_both.shape[0] * model.w_ih_both.shape[2]), dtype=np.float32)
    assert np.array_equal(model.log_probs(projected, lengths), padded_log_probs(model, projected, lengths))


def test_batches_split_long_inputs_and_keep_order():
    from khobor.analyze.neural import _batches

    sentences = [["a"] * n for n in (3, 5, 9, 1, 2)]
    assert list(_batches(sentences, 8)) == [(0, 2), (2, 3), (3, 5)]  # a sentence over the limit goes alone
    tagger = default_tagger()
    words = [["ঢাকা", "শহরে", "আজ", "বৃষ্টি", "হয়েছে", "।"], ["শেখ", "হাসিনা", "বলেন", "।"], []]
    assert tagger.tag_sentences(words) == [tagger.tag_sentences([w])[0] for w in words]


def test_repeated_sentences_are_tagged_once_with_the_same_tags():
    tagger = NerTagger(MODEL_PATH)
    neural = tagger._neural
    words = [["শেখ", "হাসিনা", "বলেন", "।"], ["ঢাকা", "শহরে", "আজ", "বৃষ্টি", "হয়েছে", "।"], ["শেখ", "হাসিনা", "বলেন", "।"]]
    first = tagger.tag_sentences(words)
    assert first[0] == first[2] and first[0] is not first[2]  # each a list of its own: the rules edit them in place
    assert len(neural._tags_memo) == 2
    first[0][0] = "edited"
    assert tagger.tag_sentences(words[:1]) == [first[2]]  # from the memo, not changed by the edit
    assert NerTagger(MODEL_PATH).tag_sentences(words[2:]) == first[2:]  # a fresh tagger gives the same


def test_analyze_is_analyze_many_of_one():
    text = "রাশিয়ার পররাষ্ট্রমন্ত্রী সের্গেই লাভরভ শনিবার পিয়ংইয়ং পৌঁছান, KCNA জানিয়েছে। The minister met Kim Jong Un in Pyongyang."
    one = analyze(Article(id="a", source="-", body=text, published_at="2025-07-12"))
    many = analyze_many([Article(id="a", source="-", body=text, published_at="2025-07-12")])[0]
    assert _fingerprint(one) == _fingerprint(many)


def test_seeds_same_as_old_path(seeds_dir):
    from khobor.clean import clean
    from khobor.model import RawDoc

    articles = [clean(RawDoc(source=p.name, text=p.read_text(encoding="utf-8"))) for p in sorted(seeds_dir.glob("*.txt"))]
    _same_as_old(articles, chunk=3)


def test_rifat_articles_same_as_old_path(shared_dir):
    """Consecutive rifat test sentences as ~3 KB articles, many to a batch."""
    path = shared_dir / "data" / "ner-rifat1493" / "test.txt"
    if not path.exists():
        pytest.skip("ner-rifat1493 not under ../shared/data")
    articles, current = [], []
    for sent in read_rifat(path):
        current.append(" ".join(sent.words))
        if len(" ".join(current)) >= 1200:
            articles.append(Article(id=str(len(articles)), source="-", body=" ".join(current), published_at="2025-07-12"))
            current = []
        if len(articles) == 120:
            break
    _same_as_old(articles)


def test_dev_news_same_as_old_path(shared_dir):
    import gzip
    import json

    dev = shared_dir / "data" / "real-news-dev" / "miraz.jsonl.gz"
    if not dev.exists():
        pytest.skip("real-news-dev corpus not present (../shared/data/real-news-dev); dev-only data")
    with gzip.open(dev, "rt", encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()][:80]
    _same_as_old([Article(id=r["id"], source="-", body=r["text"], published_at=r.get("published")) for r in rows])


def test_memoized_name_keys_are_fresh_lists_of_the_uncached_keys():
    """The resolver's name keys are memoized: each call still gets its own list, equal to a fresh computation."""
    from khobor.analyze.names import _keys_of, name_keys

    for surface in ("সের্গেই ল্যাভরভের", "Ministry of Home Affairs", "KCNA", "ঢাকা-১৭"):
        first = name_keys(surface)
        assert first and first == list(_keys_of(surface, False))
        first.clear()  # a caller changing its list changes nobody else's
        assert name_keys(surface) == list(_keys_of(surface, False))
