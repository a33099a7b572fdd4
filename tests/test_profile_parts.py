"""The text part of an event profile made in a worker gives the profile the driver would make."""

import pickle
import sys
from pathlib import Path

from khobor.analyze import analyze_many
from khobor.cluster import pairs
from khobor.cluster.pairs import keep_text_parts, profile, text_part
from khobor.executors import work

sys.path.insert(0, str(Path(__file__).resolve().parent))
from events_fixture import load_articles, load_docs  # noqa: E402


def analyzed(n=12):
    return analyze_many(load_articles(load_docs())[:n])


def test_a_part_made_elsewhere_gives_the_same_profile():
    articles = analyzed()
    expected = [profile(a) for a in articles]
    parts = pickle.loads(pickle.dumps([text_part(a, {}) for a in articles]))  # as it crosses from a worker
    keep_text_parts(articles, parts)
    for n, a in enumerate(articles):
        if n % 2:
            a.mentions[0].entity_id = f"ent-{n}" if a.mentions else None  # resolved in the driver meanwhile
            expected[n] = None
    got = [profile(a) for a in articles]
    assert not pairs._made_elsewhere  # each part is taken once
    for n, (e, g) in enumerate(zip(expected, got)):
        if e is not None:
            assert g == e
    resolved = [a for a in articles[1::2] if a.mentions]
    assert all(f"ent-{articles.index(a)}" in profile(a).entities for a in resolved if a.mentions[0].start < pairs.LEAD_CHARS)


def test_a_part_of_other_words_is_not_used():
    article = analyzed(1)[0]
    keep_text_parts([article], [{**text_part(article), "counts": {"stale": 1}}])
    article.body = article.body + " আরও"
    assert "stale" not in profile(article).counts


def test_the_pool_task_returns_articles_and_their_parts():
    articles = analyzed(4)
    for a in articles:
        a.mentions, a.times, a.quotes = [], [], []
    back = work.unpack_profiled(pickle.loads(pickle.dumps(work.analyze_profiled(work.pack(articles)))), articles)
    assert back is articles
    fresh = analyzed(4)
    assert [profile(a) for a in back] == [profile(a) for a in fresh]


def test_analyze_sets_only_the_fields_a_pool_task_sends_back():
    """The pool returns only ``RESULT_FIELDS``: analyze must change nothing else (the driver keeps its own copy)."""
    import copy

    from khobor.model import Article

    articles = load_articles(load_docs())[:6]
    before = [copy.deepcopy(a) for a in articles]
    analyze_many(articles)
    for a, b in zip(articles, before):
        assert {k: v for k, v in a.to_dict().items() if k not in work.RESULT_FIELDS} == \
            {k: v for k, v in b.to_dict().items() if k not in work.RESULT_FIELDS}
    assert set(work.RESULT_FIELDS) <= set(Article.__dataclass_fields__)
    sent = [copy.deepcopy(b) for b in before]
    back = work.fill_results(sent, pickle.loads(pickle.dumps(work.pack_results(articles))))
    assert back == articles


def test_results_for_other_articles_are_refused():
    import pytest

    with pytest.raises(ValueError):
        work.fill_results(analyzed(2), [])


def test_name_keys_made_in_a_worker_are_the_keys_made_here():
    from khobor.analyze import names

    surfaces = ["শেখ হাসিনার", "Election Commission", "KCNA", "ঢাকা-১৭"]
    packed = pickle.loads(pickle.dumps(names.packed_keys(surfaces)))
    names._KEYS.clear()
    names.known_keys(packed)
    assert all((s, False) in names._KEYS for s in surfaces)
    seeded = [names.name_keys(s) for s in surfaces]
    names._KEYS.clear()
    assert seeded == [names.name_keys(s) for s in surfaces]
