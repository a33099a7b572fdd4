"""Plain data that flows between stages.

Every stage is a function over these objects with no hidden I/O, so the same
code runs in a test on one string, in-process over a folder, or on a cluster.
Offsets in annotations are character offsets into ``Article.body``.
"""

from __future__ import annotations

import hashlib
import copy
from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class RawDoc:
    """Text as found, plus where it came from.

    ``fields`` carries what a structured source already knew (title, date,
    url, outlet) so that clean can prefer it over guessing.
    """

    source: str
    text: str
    fields: dict[str, str] = field(default_factory=dict)
    fetched_at: str | None = None
    content_type: str = "text/plain"  # or text/html

    @property
    def id(self) -> str:
        return content_id(self.text, self.fields.get("title", ""))


def content_id(text: str, title: str = "") -> str:
    """Stable id from content alone: the same text from the same file twice is one article."""
    digest = hashlib.sha256()
    digest.update(title.strip().encode("utf-8"))
    digest.update(b"\x00")
    digest.update(text.strip().encode("utf-8"))
    return digest.hexdigest()[:16]


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    surface: str
    type: str  # PER, ORG, LOC, ...
    entity_id: str | None = None


@dataclass(slots=True)
class TimeExpr:
    start: int
    end: int
    text: str
    value: str | None  # ISO date, "YYYY-MM-DD/YYYY-MM-DD" range, or partial "--MM-DD"
    anchor: str | None = None  # the date a relative expression was resolved against


@dataclass(slots=True)
class Quote:
    start: int
    end: int
    text: str
    speaker: str | None = None
    speaker_entity_id: str | None = None


@dataclass(slots=True)
class Article:
    """One news report, cleaned; later stages fill the annotation fields."""

    id: str
    source: str
    body: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published_at: str | None = None  # ISO 8601
    published_how: str | None = None  # where the date came from: "field", "line", "dateline", "html"...
    dateline: str | None = None
    agencies: list[str] = field(default_factory=list)
    byline: str | None = None
    language: str | None = None
    boilerplate: list[str] = field(default_factory=list)
    # analyze
    sentences: list[tuple[int, int]] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    mt_score: float | None = None
    mt_signals: list[str] = field(default_factory=list)
    # corpus stages
    duplicate_of: str | None = None
    event_id: str | None = None
    story_id: str | None = None
    extras: dict[str, Any] = field(default_factory=dict)

    def to_dict(self, *, shared: bool = False) -> dict[str, Any]:
        """What ``dataclasses.asdict`` gives, written out: asdict's generic recursion was a tenth of the cluster stage.
        ``shared``: ``extras`` is the article's own, not a copy (for a caller that only encodes it, as the store does)."""
        data = {name: getattr(self, name) for name in _PLAIN_FIELDS}
        data["agencies"], data["boilerplate"], data["mt_signals"] = list(self.agencies), list(self.boilerplate), list(self.mt_signals)
        data["sentences"] = [tuple(s) for s in self.sentences]
        data["mentions"] = [{"start": m.start, "end": m.end, "surface": m.surface, "type": m.type, "entity_id": m.entity_id}
                            for m in self.mentions]
        data["times"] = [{"start": t.start, "end": t.end, "text": t.text, "value": t.value, "anchor": t.anchor} for t in self.times]
        data["quotes"] = [{"start": q.start, "end": q.end, "text": q.text, "speaker": q.speaker,
                           "speaker_entity_id": q.speaker_entity_id} for q in self.quotes]
        data["extras"] = self.extras if shared else copy.deepcopy(self.extras)
        return {name: data[name] for name in self.__dataclass_fields__}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Article":
        data = dict(data)
        data["sentences"] = [tuple(s) for s in data.get("sentences") or []]
        data["mentions"] = [Mention(m["start"], m["end"], m["surface"], m["type"], m.get("entity_id")) if len(m) <= 5
                            else Mention(**m) for m in data.get("mentions") or []]  # (keywords cost twice as much)
        data["times"] = [TimeExpr(**t) for t in data.get("times") or []]
        data["quotes"] = [Quote(**q) for q in data.get("quotes") or []]
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in known})


_PLAIN_FIELDS = [name for name in Article.__dataclass_fields__
                 if name not in ("agencies", "boilerplate", "mt_signals", "sentences", "mentions", "times", "quotes", "extras")]


@dataclass(slots=True)
class Entity:
    id: str
    type: str
    name: str
    name_latin: str | None = None
    variants: list[str] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)
    extras: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Event:
    id: str
    title: str | None = None
    article_ids: list[str] = field(default_factory=list)
    start: str | None = None
    end: str | None = None
    story_id: str | None = None
    explanation: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Story:
    id: str
    title: str | None = None
    event_ids: list[str] = field(default_factory=list)
    start: str | None = None
    end: str | None = None
    extras: dict[str, Any] = field(default_factory=dict)
