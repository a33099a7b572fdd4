"""One dict shape per type, used by the JSON API, the web pages and the exporter alike.

``article`` is the export record (the public schema in README.md); ``article_full`` adds the
cleaning metadata the API shows; ``article_summary`` is a report inside an event; ``listing``
is a row of a list page (no body).
"""

from __future__ import annotations

from typing import Any

from khobor.model import Article, Entity, Event, Story

LISTING_FIELDS = ("id", "source", "outlet", "url", "title", "published_at", "duplicate_of", "event_id", "story_id")


def article(a: Article, sources: list[str] | None = None) -> dict[str, Any]:
    """``sources``: every place the same text was found (the first, ``source``, included)."""
    return {
        "id": a.id, "source": a.source, "sources": sorted({a.source, *(sources or ())}), "outlet": a.outlet, "url": a.url, "title": a.title,
        "published_at": a.published_at, "language": a.language, "body": a.body, "boilerplate": list(a.boilerplate),
        "event_id": a.event_id, "story_id": a.story_id, "duplicate_of": a.duplicate_of,
        "mentions": [{"start": m.start, "end": m.end, "surface": m.surface, "type": m.type, "entity_id": m.entity_id} for m in a.mentions],
        "times": [{"start": t.start, "end": t.end, "text": t.text, "value": t.value} for t in a.times],
        "quotes": [{"start": q.start, "end": q.end, "text": q.text, "speaker": q.speaker} for q in a.quotes],
    }


def article_full(a: Article) -> dict[str, Any]:
    return {**article(a), "dateline": a.dateline, "agencies": a.agencies, "byline": a.byline,
            "published_how": a.published_how, "mt_score": a.mt_score, "mt_signals": a.mt_signals, "extras": a.extras}


def article_summary(a: Article) -> dict[str, Any]:
    return {"id": a.id, "source": a.source, "outlet": a.outlet, "title": a.title, "published_at": a.published_at,
            "duplicate_of": a.duplicate_of, "event_why": a.extras.get("event_why"),
            "quotes": [{"text": q.text, "speaker": q.speaker, "speaker_entity_id": q.speaker_entity_id} for q in a.quotes]}


def listing(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row.get(k) for k in LISTING_FIELDS}


def event(e: Event) -> dict[str, Any]:
    return {"id": e.id, "story_id": e.story_id, "title": e.title, "article_ids": e.article_ids, "start": e.start, "end": e.end}


def story(s: Story) -> dict[str, Any]:
    return {"id": s.id, "title": s.title, "event_ids": s.event_ids, "start": s.start, "end": s.end}


def entity(e: Entity) -> dict[str, Any]:
    return {"id": e.id, "type": e.type, "name": e.name, "variants": e.variants, "article_ids": e.article_ids}
