"""Clean: RawDoc -> Article (normalized text, boilerplate set aside, metadata)."""

from __future__ import annotations

from khobor.clean.normalize import normalize
from khobor.model import Article, RawDoc


def clean(raw: RawDoc) -> Article:
    """Minimal clean: normalize, take a short first line as the title."""
    text = normalize(raw.text)
    paragraphs = [p.strip() for p in text.splitlines() if p.strip()]
    title = raw.fields.get("title")
    if not title and paragraphs and len(paragraphs[0]) < 120 and not paragraphs[0].endswith(("।", ".", "?", "!")):
        title = paragraphs.pop(0)
    return Article(
        id=raw.id,
        source=raw.source,
        body="\n\n".join(paragraphs),
        title=normalize(title) if title else None,
        outlet=raw.fields.get("outlet"),
        url=raw.fields.get("url"),
        published_at=raw.fields.get("date"),
        published_how="field" if raw.fields.get("date") else None,
    )
