"""Analyze: sentences, language, entity mentions, time expressions and quotes of an Article.

``analyze(article)`` fills the annotation fields with character offsets into
``article.body``; ``EntityResolver`` (in ``entities``) links mentions across a corpus.
"""

from __future__ import annotations

import functools
from datetime import date
from typing import Any

import regex

from khobor.analyze import english_ner
from khobor.analyze.english import english_entities, is_english
from khobor.analyze.entities import EntityResolver, tidy_mentions
from khobor.analyze.ner import NerTagger, default_tagger
from khobor.analyze.quotes import find_quotes, speaker_mentions
from khobor.analyze.times import find_times, parse_anchor
from khobor.analyze.tokens import sentences as split_sentences
from khobor.clean.metadata import date_from_url
from khobor.lang.bn.text import normalize
from khobor.model import Article, Mention

__all__ = ["analyze", "analyze_many", "analyze_text", "detect_language", "EntityResolver", "NerTagger"]


def detect_language(text: str) -> str | None:
    """ISO code of the main language (pycld2, offline), None when unsure."""
    import pycld2

    try:
        reliable, _, details = pycld2.detect(text)
    except pycld2.error:
        return None
    code = details[0][1]
    return code if code != "un" else None


def analyze(article: Article, *, anchor: date | str | None = None, tagger: NerTagger | None = None) -> Article:
    """Fill sentences, language, mentions, times and quotes of ``article`` (in place; returned).

    Relative dates are resolved on ``article.published_at``; ``anchor`` is used when the
    article has no date (e.g. the date of another report of the same event), then a day in its URL.
    English articles get their entities from the English model (``english``), others from the Bengali tagger.
    """
    return analyze_many([article], anchor=anchor, tagger=tagger)[0]


def analyze_many(articles: list[Article], *, anchor: date | str | None = None, tagger: NerTagger | None = None) -> list[Article]:
    """``analyze`` of each article (in place; returned), the same result, faster for many: the sentences of
    all the Bengali ones go through the tagger's network as one batch, the English ones a few to a batch."""
    bengali = []
    for article in articles:
        article.sentences = split_sentences(article.body)
        article.language = detect_language(article.body) or article.language
        if not is_english(article.body, article.language):  # the Bengali tagger reads "The", "He" as names
            bengali.append(article)
    if bengali:
        tagger = tagger or default_tagger()
        found = tagger.tag_many([(a.body, a.sentences) for a in bengali])
    spans = {id(a): s for a, s in zip(bengali, found)} if bengali else {}
    with english_ner.tagged_ahead([a.body for a in articles if id(a) not in spans]):
        for article in articles:
            _annotate(article, spans.get(id(article)), tagger, anchor)
    return articles


def _annotate(article: Article, bengali_spans: list | None, tagger: NerTagger | None, anchor) -> None:
    """Mentions (from the Bengali tagger's spans, else the English model), times and quotes of one article."""
    body = article.body
    if bengali_spans is not None:
        mentions = [Mention(s.start, s.end, body[s.start : s.end], s.type) for s in bengali_spans]
        mentions += speaker_mentions(body, mentions, tagger.name_like)  # speakers the tagger missed: “…,” পেসকভ বলেন
    else:
        mentions = [Mention(s.start, s.end, body[s.start : s.end], s.type) for s in english_entities(body)]
    article.mentions = sorted((m for m in tidy_mentions(mentions, body) if not _told_outlet(body, m)), key=lambda m: m.start)
    when = parse_anchor(article.published_at) or parse_anchor(anchor) or parse_anchor(date_from_url(article.url or ""))
    article.times = find_times(body, when)
    article.quotes = find_quotes(body, article.mentions)


_TOLD_BEFORE = regex.compile(r"(?<![\p{L}])(?:told|according to|to)\s+(?:the\s+)?$", regex.IGNORECASE)
_SAID_AFTER = regex.compile(r"^\s*(?:" + "|".join(normalize(w) for w in (
    "বলেন", "বলেছেন", "জানান", "জানিয়েছেন", "বলেছে", "জানিয়েছে", "নিশ্চিত করেছেন", "নিশ্চিত করেন")) + ")")


_KE = normalize("কে")


@functools.cache
def _outlet_forms() -> frozenset[str]:
    from khobor.lang.bn.news_words import OUTLETS

    return frozenset(_outlet_key(form) for forms in OUTLETS.values() for form in forms)


def _outlet_key(text: str) -> str:
    text = normalize(text).casefold()
    return text[4:] if text.startswith("the ") else text


def _told_outlet(body: str, mention: Mention) -> bool:
    """A news outlet as the one told (প্রথম আলোকে বলেন, told The Daily Star): the reporter, not a subject of the story."""
    if mention.type != "ORG":
        return False
    surface = mention.surface
    if surface.endswith(_KE) and _outlet_key(surface[:-2]) in _outlet_forms():
        return bool(_SAID_AFTER.match(body[mention.end : mention.end + 40]))
    if _outlet_key(surface) in _outlet_forms():
        return bool(_TOLD_BEFORE.search(body[max(0, mention.start - 30) : mention.start]))
    return False


def analyze_text(text: str, published_at: str | None = None, *, tagger: NerTagger | None = None) -> dict[str, Any]:
    """One JSON-able object for ``khobor analyze -``: the normalized text and its annotations.

    Entity ids come from a fresh resolver over this one text (ids are stable hashes of
    name keys, so they equal the ids a corpus resolver gives the same names).
    """
    from khobor.model import content_id

    body = normalize(text).strip()
    article = Article(id=content_id(body), source="-", body=body, published_at=published_at)
    analyze(article, tagger=tagger)
    EntityResolver().partial_fit([article])
    return {
        "text": body,
        "language": article.language,
        "published_at": published_at,
        "sentences": [list(s) for s in article.sentences],
        "mentions": [{"start": m.start, "end": m.end, "surface": m.surface, "type": m.type, "entity": m.entity_id} for m in article.mentions],
        "times": [{"start": t.start, "end": t.end, "text": t.text, "value": t.value, "anchor": t.anchor} for t in article.times],
        "quotes": [
            {"start": q.start, "end": q.end, "text": q.text, "speaker": q.speaker, "speaker_entity": q.speaker_entity_id}
            for q in article.quotes
        ],
    }
