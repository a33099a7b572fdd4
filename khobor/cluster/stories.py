"""Stories: events linked over weeks and months by shared entities and topic.

Each event gets a profile: TF-IDF over the titles and leads of its
independent reports (idf counted over events, so words every event of a kind
uses weigh little and names weigh much), plus its entity ids when analyze
provided them. An event joins the story whose profile is closest if the
cosine (blended with entity overlap) clears ``threshold`` after a slow time
decay (``tau_days``, months); else it opens a new story.
"""

from __future__ import annotations

import math
import pickle
from collections import Counter

from khobor.cluster.features import cosine, day_number, entity_ids, lead_text, terms
from khobor.model import Article, Event, Story

STATE_VERSION = 1


class StoryLinker:
    """Streaming story linking over events, in order of their start dates."""

    def __init__(self, threshold: float = 0.4, tau_days: float = 365.0, max_gap_days: float = 900.0,
                 entity_weight: float = 0.5, lexical_only_factor: float = 0.6, profile_terms: int = 60, lead_chars: int = 600):
        self.threshold = threshold
        self.tau_days = tau_days
        self.max_gap_days = max_gap_days
        self.entity_weight = entity_weight
        self.lexical_only_factor = lexical_only_factor
        self.profile_terms = profile_terms
        self.lead_chars = lead_chars

    def _init_state(self) -> None:
        self.stories_: dict[str, Story] = {}
        self.df_: Counter = Counter()
        self.entity_df_: Counter = Counter()
        self.n_events_ = 0
        self.profile_: dict[str, dict[str, float]] = {}
        self.entities_: dict[str, Counter] = {}
        self.span_: dict[str, list[float]] = {}
        self.event_story_: dict[str, str] = {}
        self.event_why_: dict[str, dict] = {}

    def fit(self, events: list[Event], articles: list[Article]) -> "StoryLinker":
        self._init_state()
        return self.partial_fit(events, articles)

    def partial_fit(self, events: list[Event], articles: list[Article]) -> "StoryLinker":
        """Link events not seen before; sets ``event.story_id`` and ``article.story_id``."""
        if not hasattr(self, "stories_"):
            self._init_state()
        by_id = {a.id: a for a in articles}
        new = [e for e in events if e.id not in self.event_story_]
        counts = {e.id: self._counts(e, by_id) for e in new}
        for e in new:
            self.df_.update(counts[e.id].keys())
            self.entity_df_.update(set().union(*(entity_ids(by_id[a]) for a in e.article_ids if a in by_id)))
            self.n_events_ += 1
        for e in sorted(new, key=lambda e: (e.start or "9999", e.id)):
            self._link(e, counts[e.id], by_id)
        for e in events:
            e.story_id = self.event_story_.get(e.id, e.story_id)
            for a in e.article_ids:
                if a in by_id:
                    by_id[a].story_id = e.story_id
        return self

    def _counts(self, event: Event, by_id: dict[str, Article]) -> Counter:
        total: Counter = Counter()
        members = [by_id[a] for a in event.article_ids if a in by_id and not by_id[a].duplicate_of]
        for article in members:
            total.update(terms(lead_text(article, self.lead_chars)))
        return total

    def _profile(self, counts: Counter) -> dict[str, float]:
        n = self.n_events_
        vec = {t: (1 + math.log(c)) * (math.log((n + 1) / (self.df_[t] + 1)) + 1) for t, c in counts.items()}
        top = sorted(vec.items(), key=lambda kv: kv[1], reverse=True)[: self.profile_terms]
        norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
        return {t: w / norm for t, w in top if w > 0}

    def _link(self, event: Event, counts: Counter, by_id: dict[str, Article]) -> None:
        profile = self._profile(counts)
        ents = set().union(*(entity_ids(by_id[a]) for a in event.article_ids if a in by_id)) if event.article_ids else set()
        day = day_number(event.start)
        best, best_score, best_why = None, 0.0, {}
        for story_id, story_profile in self.profile_.items():
            lex = cosine(profile, story_profile)
            shared = sorted(ents & set(self.entities_[story_id]))
            story_ents = self.entities_[story_id]
            if ents and story_ents:
                weight = lambda k: math.log((self.n_events_ + 1) / (self.entity_df_[k] + 1)) + 1  # noqa: E731
                overlap = sum(map(weight, shared)) / min(sum(map(weight, ents)), sum(map(weight, story_ents)))
                sim = (1 - self.entity_weight) * lex + self.entity_weight * overlap
            else:
                sim = lex * self.lexical_only_factor
            gap = 0.0
            if day is not None and self.span_[story_id][0] <= self.span_[story_id][1]:
                first, last = self.span_[story_id]
                gap = max(0.0, first - day, day - last)
            if gap > self.max_gap_days:
                continue
            score = sim * math.exp(-gap / self.tau_days)
            if score > best_score:
                shared_terms = sorted((t for t in profile if t in story_profile and not t.startswith("~")), key=lambda t: -profile[t] * story_profile[t])
                best, best_score, best_why = story_id, score, {"score": round(score, 4), "shared_terms": shared_terms[:8], "shared_entities": shared[:8], "time_gap_days": round(gap, 1)}
        if best is None or best_score < self.threshold:
            best = "st-" + event.id.removeprefix("ev-")
            self.stories_[best] = Story(id=best, title=event.title)
            self.profile_[best], self.entities_[best] = {}, Counter()
            self.span_[best] = [math.inf, -math.inf]
            best_why = {"score": round(best_score, 4), "opened": True}
        self._attach(best, event, profile, ents, day)
        self.event_story_[event.id] = best
        self.event_why_[event.id] = best_why
        event.story_id = best

    def _attach(self, story_id: str, event: Event, profile: dict, ents: set, day: float | None) -> None:
        story = self.stories_[story_id]
        story.event_ids.append(event.id)
        merged = self.profile_[story_id]
        for t, w in profile.items():
            merged[t] = merged.get(t, 0.0) + w
        top = sorted(merged.items(), key=lambda kv: kv[1], reverse=True)[: self.profile_terms * 2]
        norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
        self.profile_[story_id] = {t: w / norm for t, w in top}
        self.entities_[story_id].update(ents)
        if day is not None:
            span = self.span_[story_id]
            span[0], span[1] = min(span[0], day), max(span[1], day)
        timeline = story.extras.setdefault("timeline", [])
        timeline.append({"event_id": event.id, "start": event.start, "title": event.title, "size": len(event.article_ids)})
        timeline.sort(key=lambda x: (x["start"] or "9999", x["event_id"]))
        story.start = min((x["start"] for x in timeline if x["start"]), default=None)
        story.end = max((x["start"] for x in timeline if x["start"]), default=None)
        largest = max(timeline, key=lambda x: x["size"])
        story.title = largest["title"]
        story.extras["top_entities"] = [e for e, _ in self.entities_[story_id].most_common(10)]
        story.extras["top_terms"] = [t for t in list(self.profile_[story_id])[:10] if not t.startswith("~")]

    def to_state(self) -> bytes:
        """Pickled bytes: parameters and learned state."""
        learned = {k: v for k, v in vars(self).items() if k.endswith("_")}
        params = {k: v for k, v in vars(self).items() if not k.endswith("_")}
        return pickle.dumps({"version": STATE_VERSION, "params": params, "learned": learned}, protocol=5)

    @classmethod
    def from_state(cls, state: bytes) -> "StoryLinker":
        data = pickle.loads(state)
        self = cls(**data["params"])
        for k, v in data["learned"].items():
            setattr(self, k, v)
        return self
