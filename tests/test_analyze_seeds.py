"""The five seed reports: speakers, cross-script acronyms and name variants are linked right."""

import pytest
import regex

from khobor.analyze import analyze
from khobor.analyze.entities import EntityResolver
from khobor.clean import clean
from khobor.clean.normalize import normalize
from khobor.model import RawDoc


@pytest.fixture
def seeds(seeds_dir):
    articles = [analyze(clean(RawDoc(source=p.name, text=p.read_text(encoding="utf-8")))) for p in sorted(seeds_dir.glob("*.txt"))]
    resolver = EntityResolver().partial_fit(articles)
    return articles, resolver


def _alt(words):
    """An alternation of normalized words (normalize turns a '|' after Bengali into a dari)."""
    return "|".join(normalize(w) for w in words.split())


def _entity_of(resolver, variant):
    ids = {e.id for e in resolver.entities_.values() if normalize(variant) in e.variants}
    assert len(ids) == 1, (variant, ids)
    return resolver.entities_[ids.pop()]


def test_quotes_followed_by_name_and_speech_verb_get_that_speaker(seeds):
    articles, _ = seeds
    names, verbs = _alt("পেসকভ কেসিএনএ তাস KCNA"), _alt("বলেন বলেছে জানিয়েছে জানিয়েছেন")
    said = regex.compile(rf"\s*,?\s*({names})\s+(?:{normalize('আরও')}\s+)?({verbs})")
    checked = 0
    for article in articles:
        for quote in article.quotes:
            match = said.match(article.body, quote.end)
            if match:
                checked += 1
                assert quote.speaker == match.group(1), (article.source, quote.text[:40])
                assert quote.speaker_entity_id
    assert checked >= 3  # 2 × কেসিএনএ বলেছে, 1 × পেসকভ বলেন


def test_kcna_in_latin_and_bengali_is_one_entity(seeds):
    _, resolver = seeds
    assert _entity_of(resolver, "KCNA").id == _entity_of(resolver, "কেসিএনএ").id


def test_lavrov_is_linked_in_every_report_that_names_him(seeds):
    articles, resolver = seeds
    naming = {a.id for a in articles if regex.search(_alt("ল্যাভরভ লাভরভ"), a.body)}
    assert len(naming) >= 4
    lavrov = _entity_of(resolver, "সের্গেই লাভরভ")
    assert naming <= set(lavrov.article_ids)


def test_no_bogus_variants_or_spans(seeds):
    articles, resolver = seeds
    north_korea = _entity_of(resolver, "উত্তর কোরিয়া")
    assert all(normalize("কোরিয়") in v for v in north_korea.variants), north_korea.variants
    surfaces = {(m.surface, m.type) for a in articles for m in a.mentions}
    assert (normalize("ওয়াশিংটন মস্কো"), "PER") not in surfaces
    assert not any(s.startswith(normalize("কিম প্রথম")) for s, _ in surfaces)
    # a person's name never takes a place's or a country's name along (ওয়াশিংটন মস্কো, পুতিন দূর প্রাচ্য)
    from khobor.lang.bn.gazetteer import countries

    for surface, kind in surfaces:
        if kind == "PER" and len(surface.split()) > 1:
            assert not any(w in countries() for w in surface.split()), surface
