"""Stories: events linked into storylines.

An event joins a story when the events stage says one of its reports continues an earlier event
(the same actors or case, up to two weeks later, by the pair decision of ``khobor.cluster.pairs``) and
it names that storyline again: a headline word or a person or organisation the story's events named,
found in few events. The pair decision alone also links topics (two stabbings, two weather forecasts,
two opinion pieces on one day); what tells a storyline is its specific names. When the only key shared is
one word or name and the two leads name people, none of them the same, it is another storyline of one topic
(two medal winners, two police chiefs) and opens its own story. An event the pair decision did not link
still joins a story of the week around it when they share several such rare keys, at least two of them
headline words (entity keys alone also tie one outlet's unrelated pages), and their profiles below agree;
or when its leads name the people, bodies and places the story's leads named (at least two of them, a
person among them; four keys in all with the headline words shared, so names alone link across languages),
and the profiles agree a little (the
same case told in other words: the bodies found, the housemaid arrested); or when fewer keys are rare enough (their
weights, by the events each is in, add up) and the profiles agree a little. Two checks keep topics apart on every
path: headlines naming people, bodies or places that the other side never names (a blast in one town and one in
another), and a headline that repeats one of the story's from another day (a daily bulletin) names nothing by its
words. Names are taken from the leads
only: text appended after a body names other stories' people. On every path what is shared must be at least two
distinct things (``khobor.cluster.storyline``: a name however written is one, a headline's closing speaker none,
and a guide's or anniversary piece's headline words none), a continuation a name among them: one party chairman's
two speeches, one office's two orders, two pieces on the cost of living are topics, not storylines. Linking on the profiles alone, the way topics
are linked, is kept as an option (``topic_min_gap_days``: only events further apart than that), off by
default.

Each event gets two profiles, both weighted by idf counted over events (so
what every event mentions weighs little):

* lexical: TF-IDF over the titles and leads of its independent reports;
* entities: its salient entities (mentioned at least ``min_mentions`` times
  across its reports, or as often as its most named one when that is fewer;
  people and organisations weighted above places), plus
  every pair of its ``pair_entities`` most salient ones. A pair such as
  (Russia, North Korea) is far rarer than either name alone, so two events
  sharing several salient names score high even when each name is common,
  while events sharing one generic name (a capital, an agency) do not.

An event joins the story whose profiles are closest if the blended cosine
clears ``threshold`` after a slow time decay (half-life ``half_life_days``
beyond a ``grace_days`` window, measured from the story's nearest event);
otherwise it opens a new story. Undated events (no publication date and no
full date mentioned) are placed by content alone.
"""

from __future__ import annotations

import math
from collections import Counter
from itertools import combinations
from operator import itemgetter

from khobor.cluster.features import (cosine, day_number, lead_text, mention_key, mentioned_day, mention_keys,
                                     section_page, terms)
from khobor.cluster.storyline import (acting_body, bulletin, continued_first, explain_story, explains, headline_words, in_headline,
                                     left_about, name_kinds, name_words, other_actors, other_objects, same_speaker, shares_kind,
                                     speakers, things)
from khobor.cluster.story_memo import BatchMemo
from khobor.model import Article, Event, Story
from khobor.paged import warm

STATE_VERSION = 2
# The maps saved by the keys a fit changed in place (codec.Rows.touched): a save compares only those and new ones.
_TRACKED = ("stories_", "df_", "entity_df_", "key_df_", "profile_", "entities_", "top_entities_", "span_", "event_story_",
            "event_why_", "postings_", "story_keys_")
STORY_PAGE = 16  # stories a stored row holds: a long story's record carries its timeline (a row of 64 was ~0.4 MB at 100k
# articles, read whole for one story near an event and written whole for one story changed)
_LAZY = ("stories_", "profile_", "entities_", "top_entities_", "story_keys_", "event_why_")  # read as asked for (khobor/paged.py)
STORYLINE_PREFIXES = ("t:", "n:", "p:", "e:", "h:", "q:", "w:")  # storyline keys' (profile terms and entity keys have none)
TYPE_WEIGHT = {"PER": 1.5, "ORG": 1.2, "LOC": 1.0}
NAME_TYPES = frozenset(TYPE_WEIGHT)  # the kinds of name a lead key is made of: who, which body, where
WORD_MEMO = 500_000  # words whose terms a linker keeps (``_word_memo``: not state, a word stemmed once a run)


class StoryLinker(BatchMemo):
    """Streaming story linking over events, in order of their start dates."""

    def __init__(self, threshold: float = 0.36, half_life_days: float = 730.0, grace_days: float = 30.0, max_gap_days: float = 1100.0,
                 entity_weight: float = 0.8, lexical_only_factor: float = 0.58, profile_terms: int = 60, lead_chars: int = 600,
                 min_mentions: int = 2, entity_terms: int = 12, pair_entities: int = 5, idf_prior: float = 20.0,
                 posting_cap: int = 300, topic_min_gap_days: float = math.inf, specific_df: int = 8,
                 specific_entity_df: int = 30, specific_types: tuple = ("PER", "ORG"), storyline_min_keys: int = 3,
                 storyline_min_words: int = 2, storyline_key_df: int = 8, storyline_days: float = 7.0,
                 named_threshold: float = 0.1, named_min_entities: int = 2,
                 named_min_people: int = 1, named_min_words: int = 0, named_min_keys: int = 4, named_key_df: int = 10,
                 count_later_keys: bool = True, other_actors_apart: int = 2, headline_names_apart: bool = True,
                 recurring_overlap: float = 0.6, storyline_evidence: float = 5.0, evidence_df: float = 16.0,
                 evidence_threshold: float = 0.15, relink_grown: bool = True, headline_types: tuple = ("PER", "ORG", "LOC"),
                 min_things: int = 2, daily_df: int = 20, daily_min: int = 12, speaker_apart: bool = True,
                 objects_apart: bool = True, bulletins_apart: bool = True):
        self.threshold = threshold
        self.half_life_days = half_life_days
        self.grace_days = grace_days
        self.max_gap_days = max_gap_days
        self.entity_weight = entity_weight
        self.lexical_only_factor = lexical_only_factor
        self.profile_terms = profile_terms
        self.lead_chars = lead_chars
        self.min_mentions = min_mentions
        self.entity_terms = entity_terms
        self.pair_entities = pair_entities
        self.idf_prior = idf_prior
        self.posting_cap = posting_cap
        # Closer in time than this, only the events stage's pair decision (same actors or case) links two events.
        # Off by default: on real news, events linked by shared topic words and names were mostly topic buckets.
        self.topic_min_gap_days = topic_min_gap_days
        # A continuation needs one key of the storyline shared with the story: a headline word or a person or
        # organisation named again, each in at most so many events per 1,500 (a generic word, the country, "government"
        # is in more)
        self.specific_df = specific_df
        self.specific_entity_df = specific_entity_df
        self.specific_types = tuple(specific_types)
        # Without the pair decision, an event still joins a story told at most ``storyline_days`` before or after it
        # when they share ``storyline_min_keys`` such keys (``storyline_min_words`` of them headline words), each in at
        # most ``storyline_key_df`` events per 1,500, and the profiles agree (the score clears ``threshold``)
        self.storyline_min_keys = storyline_min_keys
        self.storyline_min_words = storyline_min_words
        self.storyline_key_df = storyline_key_df
        self.storyline_days = storyline_days
        # Or fewer keys, when they are rare enough: their weights (``_evidence``) add up to ``storyline_evidence``
        self.storyline_evidence = storyline_evidence
        self.evidence_df = evidence_df
        self.evidence_threshold = evidence_threshold  # (the profile score those must reach)
        # An event alone in the story it opened is placed again when later reports bring it new keys (a big happening
        # reported over a day names its storyline in its later reports)
        self.relink_grown = relink_grown
        # Or by names: the leads of both name ``named_min_entities`` people, bodies or places (``named_min_people`` of
        # them people), each in at most ``named_key_df`` events per 1,500, ``named_min_keys`` keys with the headline
        # words (at least ``named_min_words``), and the score clears ``named_threshold``. Chosen on bench/labels/story-pairs-own*.jsonl and by reading
        # the links made: one name and a word tied one minister's two speeches, names outside the lead other stories.
        self.named_threshold = named_threshold
        self.named_min_entities = named_min_entities
        self.named_min_people = named_min_people
        self.named_min_keys = named_min_keys
        self.named_min_words = named_min_words
        self.named_key_df = named_key_df
        self.count_later_keys = count_later_keys  # a later report's new keys count in their rarity too
        # A continuation sharing fewer keys than this, its lead naming people none of whom the story's leads named,
        # opens its own story (0: never)
        self.other_actors_apart = other_actors_apart
        # Headlines naming people, bodies or places (``headline_types``), none of them named by the other side (a blast
        # in one town and one in another; travel bans on two officials): two storylines of one topic
        self.headline_names_apart = headline_names_apart
        self.headline_types = tuple(headline_types)
        # A headline repeating, word for word up to this share, a headline of the story from another day (a daily
        # bulletin, a column) is named by its names only, not by the repeated words (0: off)
        self.recurring_overlap = recurring_overlap
        # A storyline shares at least so many distinct things with the story (a name however written counts once, a
        # headline's closing speaker not at all), a continuation a name among them: one person, office or topic word
        # alone is many storylines' (0: off). Chosen on bench/labels/story-pairs-own5.jsonl (diagnose half) and by
        # reading the links made: a party chairman's separate speeches, two tribunal cases, Ekushey pieces.
        self.min_things = min_things
        # Counting those things, a name in more than ``daily_df`` events per 1,500 is none (0: off): a leader, a party,
        # an institution or a place in the news every day is many storylines'. Chosen on the diagnose half of
        # bench/labels/story-pairs-own6.jsonl and by reading the links made (two BNP speeches on Tarique Rahman).
        self.daily_df = daily_df
        self.daily_min = daily_min
        # When both headlines close on one speaker, they must share a headline word or name besides (what he spoke of):
        # he and his office are in both of his unrelated remarks (a minister on a party, then on teachers)
        self.speaker_apart = speaker_apart
        # Sharing no person, a story headed by a person or town the event never names (or each side's headline naming one
        # the other never does) is another storyline: ``storyline.left_about``, ``other_objects`` (on story-pairs-own7)
        self.objects_apart = objects_apart
        self.bulletins_apart = bulletins_apart  # (``storyline.bulletin``: a forecast links only by a name in both headlines)
        self._word_memo: dict = {}  # word -> its terms, kept from batch to batch (not state)

    def _init_state(self) -> None:
        self.stories_: dict[str, Story] = {}
        self.df_: Counter = Counter()
        self.entity_df_: Counter = Counter()
        self.n_events_ = 0
        self.profile_: dict[str, dict[str, float]] = {}
        self.entities_: dict[str, dict[str, float]] = {}  # story -> entity (and pair) profile
        self.top_entities_: dict[str, Counter] = {}
        self.span_: dict[str, list[float]] = {}
        self.event_story_: dict[str, str] = {}
        self.event_why_: dict[str, dict] = {}
        self.postings_: dict[str, list[str]] = {}  # storyline key (profile term, entity key: topic linking) -> stories, latest last
        self.topic_postings_ = self.topic_min_gap_days < math.inf  # whether ``postings_`` holds profile terms and entity keys
        self.key_df_: Counter = Counter()  # storyline key (headline word, named person or organisation) -> events
        self.story_keys_: dict[str, list[str]] = {}  # story -> the storyline keys of its events
        self._touched = None  # fresh maps reuse keys already stored: the next save compares every item

    def _touch(self, part: str, keys) -> None:
        touched = getattr(self, "_touched", None)
        if touched is not None:  # (None: every item is compared at the next save anyway)
            touched[part].update(keys)

    def _touch_story(self, story_id: str) -> None:
        for part in ("stories_", "profile_", "entities_", "top_entities_", "span_"):
            self._touch(part, (story_id,))

    def fit(self, events: list[Event], articles: list[Article]) -> "StoryLinker":
        self._init_state()
        return self.partial_fit(events, articles)

    def partial_fit(self, events: list[Event], articles: list[Article]) -> "StoryLinker":
        """Link events not seen before; sets ``event.story_id`` and ``article.story_id``."""
        if not hasattr(self, "stories_"):
            self._init_state()
        by_id = {a.id: a for a in articles}
        self._surface: dict[str, str] = {}  # name key -> a surface the reports wrote, for the explanations of this batch
        self._mentioned: dict[str, list] = {}  # event -> its reports' mentions, read for its names' words when asked
        self._names: dict[str, dict[str, str]] = {}  # event -> its names' words -> the name (a name is one thing)
        self._memo: dict = {}  # headline -> its words, a surface -> its terms, a story's keys..., for this batch
        if len(self._word_memo) > WORD_MEMO:
            self._word_memo = {}
        self._bulletins: set[str] = set()  # events a report of which is headed as a bulletin (a forecast)
        new = [e for e in events if e.id not in self.event_story_]
        counts = {e.id: self._counts(e, by_id) for e in new}
        salient = {e.id: self._salient(e, by_id) for e in new}
        keys = self._keys = {e.id: self._storyline_keys(e, by_id) for e in new}
        for e in new:
            self.key_df_.update(keys[e.id])
            self.df_.update(counts[e.id].keys())
            self.entity_df_.update(self._entity_keys(salient[e.id]))
            self._touch("key_df_", keys[e.id])
            self._touch("df_", counts[e.id].keys())
            self._touch("entity_df_", self._entity_keys(salient[e.id]))
            self.n_events_ += 1
        grown = []  # events placed alone in a story they opened, to which this batch brought new keys
        for e in events:  # reports joined an event already in a story: their headlines and names are the storyline's too
            story_id = self.event_story_.get(e.id)
            if story_id in self.stories_:
                added = self._add_keys(story_id, self._storyline_keys(e, by_id))
                if self.count_later_keys:  # (a key only a later report brings is not rarer than the others)
                    self.key_df_.update(added)
                    self._touch("key_df_", added)
                if added and self.stories_[story_id].event_ids == [e.id] and self.event_why_.get(e.id, {}).get("opened"):
                    grown.append(e)
        for e in continued_first(new, by_id):
            members = self._members(e, by_id)
            if members and all(map(section_page, members)):  # a section's listing tells no storyline
                self._link(e, Counter(), {}, self._day(e, by_id))
                continue
            self._link(e, counts[e.id], salient[e.id], self._day(e, by_id), self._continues(e, by_id), keys[e.id])
        for e in grown if self.relink_grown else ():  # its later reports may name a storyline its first ones did not
            story_id = self.event_story_[e.id]
            if self.stories_[story_id].event_ids != [e.id]:  # (an event of this batch joined it: it is a storyline)
                continue
            self._link(e, self._counts(e, by_id), self._salient(e, by_id), self._day(e, by_id), None,
                       list(self.story_keys_[story_id]), own=story_id)
        for e in events:
            e.story_id = self.event_story_.get(e.id, e.story_id)
            for a in e.article_ids:
                if a in by_id:
                    by_id[a].story_id = e.story_id
        return self

    # ---------------------------------------------------------------- profiles
    @staticmethod
    def _members(event: Event, by_id: dict[str, Article]) -> list[Article]:
        members = [by_id[a] for a in event.article_ids if a in by_id]
        return [a for a in members if not a.duplicate_of] or members

    def _day(self, event: Event, by_id: dict[str, Article]) -> float | None:
        day = day_number(event.start)
        if day is None:
            days = sorted(d for d in (mentioned_day(a) for a in self._members(event, by_id)) if d is not None)
            day = days[len(days) // 2] if days else None
        return day

    def _counts(self, event: Event, by_id: dict[str, Article]) -> Counter:
        total: Counter = Counter()
        for article in self._members(event, by_id):
            total.update(terms(lead_text(article, self.lead_chars), self._word_memo))
        return total

    def _salient(self, event: Event, by_id: dict[str, Article]) -> dict[str, float]:
        """Entity key -> salience (type weight x log mentions) for names the event keeps coming back to."""
        mentions: Counter = Counter()
        kinds: dict[str, str] = {}
        for article in self._members(event, by_id):
            for key, kind in mention_keys(article):
                mentions[key] += 1
                kinds[key] = kind
        if not mentions:
            return {}
        cutoff = min(self.min_mentions, max(mentions.values()))  # a short bulletin naming everyone once keeps them all
        kept = {k: TYPE_WEIGHT.get(kinds[k], 0.8) * (1 + math.log(c)) for k, c in mentions.items() if c >= cutoff}
        return dict(sorted(kept.items(), key=lambda kv: (-kv[1], kv[0]))[: self.entity_terms])

    def _storyline_keys(self, event: Event, by_id: dict[str, Article]) -> list[str]:
        """What names a storyline: its headlines' words and the people and organisations its reports name twice."""
        found: dict[str, None] = {}
        mentions: Counter = Counter()
        mentioned = self._mentioned.setdefault(event.id, []) if hasattr(self, "_mentioned") else []
        for article in self._members(event, by_id):
            title_terms = terms(article.title or "", self._word_memo)
            mentioned.extend(article.mentions)
            if bulletin(article.title) and hasattr(self, "_bulletins"):  # (any of its reports' headlines)
                self._bulletins.add(event.id)
            if self.headline_names_apart:  # the names the headline names (mentions are found in bodies)
                title = (article.title or "").casefold()
                for m in article.mentions:
                    if m.type in self.headline_types and any(w[:3].casefold() in title for w in m.surface.split()) \
                            and (key := mention_key(m)) is not None and "h:" + key not in found \
                            and in_headline(terms(m.surface, self._word_memo), title_terms):
                        found["h:" + key] = None
                for m in article.mentions:  # whom the headline is about: a person the lead names, half his name's words
                    if m.type in ("PER", "LOC") and m.start < self.lead_chars and (key := mention_key(m)) is not None \
                            and in_headline(terms(m.surface, self._word_memo), title_terms, half=True):
                        found[("q:" if m.type == "PER" else "w:") + key] = None  # (w: a place)
            found.update(("t:" + term, None) for term in headline_words(article.title, title_terms))
            for m in article.mentions:
                if (key := mention_key(m)) is None:
                    continue
                self._surface.setdefault(key, m.surface)
                if m.type in self.specific_types:
                    mentions[key] += 1
                if self.named_min_entities and m.start < self.lead_chars and m.type in NAME_TYPES:  # who and where the
                    found[("p:" if m.type == "PER" else "n:") + key] = None  # lead names (appended text comes later)
        cutoff = min(2, max(mentions.values(), default=0))
        found.update(("e:" + key, None) for key, n in mentions.items() if n >= cutoff)
        return list(found)

    def _add_keys(self, story_id: str, keys) -> list[str]:
        held = self.story_keys_.setdefault(story_id, [])
        known = self._held(story_id)[0]
        added = [k for k in keys if k not in known]
        held.extend(added)
        if added:
            self._touch("story_keys_", (story_id,))
        self._post(story_id, added)  # (prefixed, so apart from the profile terms and entity keys posted there)
        return added

    def _named_storyline(self, keys, story_id: str, day: float | None, event: Event | None = None) -> list[str]:
        """The rare storyline keys an event shares with a story close in time, when there are enough of them to name
        one storyline by themselves (several, so that no single mention decides)."""
        if not self.storyline_min_keys or self._gap(story_id, day) > self.storyline_days:
            return []
        held = self._held(story_id)[0]
        shared = [k for k in self._rare(keys) if k in held]
        return shared if self._names_one(shared) and self._storyline_things(shared, event, story_id) else []

    def _storyline_things(self, keys, event: Event | None, story_id: str, need_name: bool = False) -> bool:
        """Whether shared storyline keys are at least ``min_things`` distinct things (``need_name``: a name among them,
        for a continuation: topic words alone, a cost of living, a stabbing, tell no storyline). When either side is a
        guide, an explainer or a remembrance, its headline words are the topic's: only names count."""
        if not self.min_things or event is None:
            return True
        timeline = self.stories_[story_id].extras.get("timeline", ())
        explained, bulletined, spoken, firsts = self._title_marks(story_id, timeline)
        if explained or explains(event.title):
            keys = [k for k in keys if not k.startswith("t:")]
        bulletins = getattr(self, "_bulletins", set())
        if self.bulletins_apart and ({event.id, *self.stories_[story_id].event_ids} & bulletins or bulletined or bulletin(event.title)):
            named = {k for k in getattr(self, "_keys", {}).get(event.id, ()) if k.startswith("h:") and not self._daily(k[2:])}
            if not named & set(self.story_keys_.get(story_id, ())):  # (only a name both headlines carry tells one
                return self._refuse("bulletin")  # happening a bulletin follows)
        spoke = spoken | speakers([event.title], self._surface_terms)
        keys = [k for k in keys if k[2:] not in spoke or not k.startswith("t:")]  # (who spoke names no storyline)
        names, mentioned = getattr(self, "_names", {}).get(event.id), getattr(self, "_mentioned", {}).get(event.id, ())
        if names is None:  # (read once per event, and only for events that might link)
            names = name_words(mentioned, self._surface_terms, mention_key)
            if hasattr(self, "_names"):
                self._names[event.id] = names
        shared = things(keys, names, self._daily)
        if self.speaker_apart and same_speaker(event.title, spoken, self._surface_terms) \
                and not things([k for k in keys if k.startswith("t:")], names, self._daily):
            return False  # (one speaker's remarks on things neither headline shares: he and his office are all)
        if self.speaker_apart and (body := acting_body(event.title, firsts, self._title_words, names, mentioned, mention_key)):
            shared.pop(body, None)  # (a body acting daily, ACC filing cases, is no storyline by itself)
        if self.objects_apart and not shares_kind(shared, kinds := name_kinds(mentioned, mention_key)):  # (no person shared)
            mine, held = getattr(self, "_keys", {}).get(event.id, ()), self.story_keys_.get(story_id, ())
            if left_about(mine, held, kinds, self._daily) or other_objects(mine, held):
                return self._refuse("other_subject")
        return len(shared) >= self.min_things and (not need_name or "name" in shared.values())

    def _refuse(self, why: str) -> bool:
        self._apart = why  # (for the explanation of a continuation refused)
        return False

    def _title_words(self, title: str | None) -> list[str]:
        return headline_words(title, terms(title or "", self._word_memo))

    def _daily(self, name: str) -> bool:
        """Whether a name is in more than ``daily_df`` events per 1,500 (as a lead name, or named twice in a report) and
        more than ``daily_min``: a share of the events seen so far, so that it holds from the first batches of a run."""
        if not self.daily_df:
            return False
        events = max(self.key_df_[p + name] for p in ("e:", "n:", "p:"))
        return events > max(self.daily_min, self.daily_df * self.n_events_ / 1500)

    def _other_headline_names(self, named: list[str], keys, story_id: str) -> bool:
        """Whether both sides' headlines name people, bodies or places and neither side names any of the other's
        anywhere in its leads: two storylines of one topic (a blast in one town and one in another, an asset freeze
        on one official and a travel ban on another), however much else they share (a judge, a minister's title).
        A name resolved to another entity on one side (a place tagged as a person) still matches by its id."""
        if not self.headline_names_apart or not named:
            return False
        _, there, theirs = self._held(story_id)
        if not there:
            return False
        mine = {k[2:] for k in keys if k[:2] in ("n:", "p:", "e:")} | {k[2:] for k in named}
        return not there & mine and not {k[2:] for k in named} & theirs

    def _held(self, story_id: str) -> tuple[set, set, set]:
        """A story's storyline keys as a set; the names its headlines name, and every name it has (prefixes dropped).

        Taken once a batch while the story's keys stay as they are (they only grow), not once for every event that
        might join it: a story's keys are read for each candidate event (~12k times a run on the dev corpus)."""
        keys = self.story_keys_.get(story_id, ())
        memo = self.__dict__.setdefault("_memo", {})
        found = memo.get(("held", story_id))
        if found is None or found[0] is not keys or found[1] != len(keys):
            held = set(keys)
            found = memo[("held", story_id)] = (keys, len(keys), held, {k[2:] for k in held if k.startswith("h:")},
                                                {k[2:] for k in held if k[:2] in ("n:", "p:", "e:", "h:")})
        return found[2], found[3], found[4]

    def _own_keys(self, keys: list[str], story_id: str, event: Event, day: float | None) -> list[str]:
        """The keys that may name the story: without the headline words when the headline repeats one of the story's
        from another day (the same bulletin or column again names no storyline by its words)."""
        if not self.recurring_overlap or not keys:
            return keys
        mine = self._words(event.title)
        if not mine:
            return keys
        need = self.recurring_overlap * len(mine)
        timeline = self.stories_[story_id].extras.get("timeline", ())
        joined = self._folded_timeline(story_id, timeline)
        if sum(w in joined for w in mine) < need:
            return keys  # (no one title holds more of the words than all titles together: one pass, not one per title)
        for entry in timeline:  # (a title holding too few of the headline's words, stems, is passed unstemmed)
            folded = self._folded(entry["title"])
            if sum(w in folded for w in mine) < need:
                continue
            if day is not None and day_number(entry["start"]) == day:
                continue
            theirs = self._words(entry["title"])
            if mine and len(mine & theirs) >= self.recurring_overlap * len(mine | theirs):
                return [k for k in keys if not k.startswith("t:")]
        return keys

    def _rare(self, keys) -> list[str]:
        """Keys in few events: ``storyline_key_df`` per 1,500 for words and names, ``named_key_df`` for the names of
        leads (a name a storyline is told by comes back in each of its events; others are in a few events)."""
        words, names = self._most_events(self.storyline_key_df), self._most_events(self.named_key_df)
        return [k for k in keys if self.key_df_[k] <= (names if k[:2] in ("n:", "p:") else words)]

    def _names_one(self, keys: list[str]) -> bool:
        """Whether rare keys are enough to name one storyline: ``storyline_min_keys`` of them, ``storyline_min_words``
        headline words among them (entity keys alone also tie one outlet's unrelated pages); or ``named_min_entities``
        names from the leads, a person among them (the same case: a victim and the place, two parties of a row)."""
        words, people = sum(k.startswith("t:") for k in keys), sum(k.startswith("p:") for k in keys)
        names = people + sum(k.startswith("n:") for k in keys)
        if len(keys) - names >= max(1, self.storyline_min_keys) and words >= self.storyline_min_words:
            return True
        if self.storyline_evidence and words >= self.storyline_min_words and self._evidence(keys) >= self.storyline_evidence:
            return True
        return (bool(self.named_min_entities) and words >= self.named_min_words and names >= self.named_min_entities
                and people >= self.named_min_people and words + names >= self.named_min_keys)

    def _evidence(self, keys: list[str]) -> float:
        """How strongly keys name one storyline: each counts log2(``evidence_df`` / the events it is in), so a word
        two events share weighs three, one in eight events one, one in ``evidence_df`` nothing; a name counted once
        (its words in a headline, its mentions as a person and as a lead name)."""
        best: dict[str, float] = {}
        scale = self._most_events(1)
        surfaces = getattr(self, "_surface", {})
        name_words = Counter()
        for k in keys:
            if k[:2] in ("p:", "n:", "e:") and k[2:] in surfaces:
                name_words.update(terms(surfaces[k[2:]], self._word_memo))
        for k in keys:
            if k.startswith("t:") and name_words and in_headline(Counter({k[2:]: 1}), name_words):
                continue  # (a name's words in the headline are that name again)
            weight = max(0.0, math.log2(self.evidence_df * scale / max(self.key_df_[k], 1)))
            best[k[2:]] = max(best.get(k[2:], 0.0), weight)
        return sum(best.values())

    def _needed(self, named: list[str]) -> float:
        """The profile score a candidate story must reach: lower when the event names that storyline by several of its
        people or organisations (two specific names shared tell a storyline better than words and profiles)."""
        if self.named_min_entities and sum(k[:2] in ("n:", "p:") for k in named) >= self.named_min_entities:
            return self.named_threshold
        if self.storyline_evidence and named and self._evidence(named) >= self.storyline_evidence:
            return min(self.threshold, self.evidence_threshold)
        return self.threshold

    def _specific_shared(self, keys: list[str], story_id: str, cap: int | None = None) -> list[str]:
        """The storyline keys an event shares with a story that few events have (rare enough to name one storyline)."""
        held = self._held(story_id)[0]
        return [k for k in keys if k in held
                and self.key_df_[k] <= (cap or self._most_events(self.specific_entity_df if k.startswith("e:") else self.specific_df))]

    def _most_events(self, count: int) -> float:
        """How many events a rare key may be in: ``count`` in a corpus the size of the dev set (1,462 events), the same
        share of a larger one (a name a long storyline keeps coming back to is in more events the more there are)."""
        return max(count, count * self.n_events_ / 1500)

    def _entity_keys(self, salient: dict[str, float]) -> list[str]:
        top = sorted(salient, key=lambda k: (-salient[k], k))[: self.pair_entities]
        return list(salient) + ["|".join(sorted(p)) for p in combinations(top, 2)]

    def _entity_profile(self, salient: dict[str, float]) -> dict[str, float]:
        # idf over events: log((events + idf_prior + 1) / (df + 1)) + 1. The idf_prior pseudo-events mention nothing: in a
        # young corpus of a few events, names all of them share must not sink to the weight of stop words (they are what
        # the events are about).
        vec = {}
        events, df = self.n_events_ + self.idf_prior + 1, self.entity_df_.get
        for key in self._entity_keys(salient):
            parts = key.split("|")
            base = math.sqrt(salient[parts[0]] * salient[parts[1]]) if len(parts) == 2 else salient[key]
            vec[key] = base * (math.log(events / (df(key, 0) + 1)) + 1)
        norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
        return {k: w / norm for k, w in vec.items()}

    def _profile(self, counts: Counter) -> dict[str, float]:
        events, df, log = self.n_events_ + self.idf_prior + 1, self.df_.get, math.log  # (as _entity_profile's)
        vec = {t: (1 + log(c)) * (log(events / (df(t, 0) + 1)) + 1) for t, c in counts.items()}
        top = sorted(vec.items(), key=itemgetter(1), reverse=True)[: self.profile_terms]
        norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
        return {t: w / norm for t, w in top if w > 0}

    # ---------------------------------------------------------------- linking
    def _gap(self, story_id: str, day: float | None) -> float:
        first, last = self.span_[story_id]
        if day is None or first > last:
            return math.inf
        return max(0.0, first - day, day - last)

    def _decay(self, gap: float) -> float | None:
        """Time factor for the gap (``_gap``) to the story's nearest event; None if too far apart to link. An undated
        side (an infinite gap) is not decayed."""
        if gap == math.inf:
            return 1.0
        if gap > self.max_gap_days:
            return None
        return 0.5 ** (max(0.0, gap - self.grace_days) / self.half_life_days)

    def _continues(self, event: Event, by_id: dict[str, Article]) -> tuple[str, float] | None:
        """The story of the earlier event the events stage says this one continues (its first report's pair decision)."""
        for article_id in event.article_ids:
            why = by_id[article_id].extras.get("event_why", {}) if article_id in by_id else {}
            story = self.event_story_.get(why.get("related_event") or "")
            if story in self.stories_:
                return story, why.get("story_score")
        return None

    def _link(self, event: Event, counts: Counter, salient: dict[str, float], day: float | None,
              continues: tuple[str, float] | None = None, keys: list[str] = (), own: str | None = None) -> None:
        """Place an event in the story it continues or names, else in a story of its own. ``own``: the story of one
        event it opened, decided again now that later reports brought its keys (it moves only to another story)."""
        profile = self._profile(counts)
        ents = self._entity_profile(salient) if salient else {}
        if own is not None:  # what its first reports said and what the later ones say
            profile = self._merge(self.profile_[own], profile, self.profile_terms * 2)
            ents = self._merge(self.entities_[own], ents, self.entity_terms * 8) if ents else self.entities_[own]
        best, best_score, best_why, refused = None, 0.0, {}, {}
        all_keys, headline = keys, [k for k in keys if k.startswith("h:")]
        keys = [k for k in keys if k[:2] not in ("h:", "q:", "w:")]  # (the names in headlines only keep storylines apart)
        if continues is not None:  # the same actors or case, days later: the storyline goes on
            told = self._own_keys(keys, continues[0], event, day)
            specific = self._specific_shared([k for k in told if k[:2] not in ("n:", "p:")], continues[0])
            if 0 < len(specific) < self.other_actors_apart and other_actors(keys, self.story_keys_.get(continues[0], ())):
                specific = []
            self._apart = "one_thing"  # (or why _storyline_things said no: another subject, a bulletin)
            few = not self._storyline_things(specific, event, continues[0], need_name=True)
            if few:  # one person, one office or one topic word (or topic words, no name): many storylines share it
                specific = []
            other_names = bool(specific) and self._other_headline_names(headline, keys, continues[0])
            if specific and not other_names:
                best, best_score, best_why = continues[0], self.threshold, {"continues": True, "pair_score": continues[1],
                                                                            "storyline_keys": specific[:8]}
            else:  # the pair decision saw one topic, but no name or headline word of that storyline comes back
                refused = {"refused_story": continues[0], "pair_score": continues[1], "other_names": other_names}
                if few:
                    refused[self._apart] = True
                continues = None
        rare = self._rare(keys)
        rare = rare if self._names_one(rare) else []  # enough of them, or no story is named
        if continues is not None:
            found = []
        elif self.topic_min_gap_days < math.inf:
            found = self._candidates(profile, ents)
        else:  # only a story holding the event's rare storyline keys can be named by them
            found = self._candidates_by_keys(rare)
        nameable = bool(rare) and bool(self.storyline_min_keys)
        near = []
        for story_id in found:
            gap = self._gap(story_id, day)  # (past storyline_days no storyline names it, and a topic alone links none this close)
            if not (story_id == own or (gap <= self.topic_min_gap_days and not (nameable and gap <= self.storyline_days))):
                near.append((story_id, gap))
        warm((self.story_keys_,), (story_id for story_id, _ in near))
        near = [(story_id, gap) for story_id, gap in near if self._may_link(story_id, gap, rare, headline, keys)]
        warm((self.stories_, self.profile_, self.entities_), (story_id for story_id, _ in near))
        for story_id, gap in near:  # (none too far apart, none whose headlines name others: ``_may_link``)
            story_profile, decay = self.profile_[story_id], self._decay(gap)
            named = self._named_storyline(self._own_keys(rare, story_id, event, day), story_id, day, event) if rare else []
            if gap <= self.topic_min_gap_days and not named:
                continue
            lex = cosine(profile, story_profile, 1.0, 1.0)
            story_ents = self.entities_[story_id]
            if ents and story_ents:
                ent = cosine(ents, story_ents, 1.0, 1.0)
                sim = (1 - self.entity_weight) * lex + self.entity_weight * ent
            else:
                ent, sim = None, lex * self.lexical_only_factor
            score = sim * decay
            if score < self._needed(named):
                continue
            if score > best_score:
                best, best_score, best_why = story_id, score, {"lexical": round(lex, 4), "entity": None if ent is None else round(ent, 4),
                                                               "time_factor": round(decay, 3), "storyline_keys": named[:8],
                                                               "lead_names": self._needed(named) < self.threshold}
        if best_why.get("storyline_keys"):
            best_why["names"] = {k: self._surface[k[2:]] for k in best_why["storyline_keys"] if k[2:] in getattr(self, "_surface", {})}
        if best is not None:
            story_profile, story_ents = self.profile_[best], self.entities_[best]
            best_why.update(score=round(best_score, 4),
                            shared_terms=sorted((t for t in profile if t in story_profile and not t.startswith("~")), key=lambda t: -profile[t] * story_profile[t])[:8],
                            shared_entities=sorted((k for k in ents if k in story_ents and "|" not in k), key=lambda k: -ents[k] * story_ents[k])[:8])
        elif own is not None:  # no other story is named: it stays in its own
            return
        else:
            best_why = {**refused, "score": round(best_score, 4), "opened": True}
            best = "st-" + event.id.removeprefix("ev-")
            self.stories_[best] = Story(id=best, title=event.title)
            self.profile_[best], self.entities_[best], self.top_entities_[best] = {}, {}, Counter()
            self.span_[best] = [math.inf, -math.inf]
        if own is not None:
            self.drop_events([event.id])  # (its story of one goes)
            best_why["late"] = True
        self._attach(best, event, profile, ents, salient, day)
        self._add_keys(best, all_keys)
        self.event_story_[event.id] = best
        self.event_why_[event.id] = best_why
        self._touch("event_story_", (event.id,))
        self._touch("event_why_", (event.id,))
        self._touch_story(best)  # (its timeline's why, below)
        for entry in self.stories_[best].extras["timeline"]:  # the why in words, for readers of the story
            if entry["event_id"] == event.id:
                entry["why"] = explain_story({"story_id": best, **best_why})
        event.story_id = best

    def _may_link(self, story_id: str, gap: float, rare: list[str], headline: list[str], keys: list[str]) -> bool:
        """Whether a story near in time can link, from its storyline keys alone (a large store then reads the timelines
        of few): exact, as ``_own_keys`` only drops headline words, and fewer rare keys never name a storyline more."""
        if self._decay(gap) is None or rare and self._other_headline_names(headline, keys, story_id):
            return False
        if gap > self.topic_min_gap_days:
            return True
        held = self._held(story_id)[0]
        return bool(rare) and self._names_one([k for k in rare if k in held])

    def _candidates(self, profile: dict, ents: dict) -> list[str]:
        """Stories sharing a term or an entity key with the event: others score 0, so skipping them is exact.

        Each key keeps its ``posting_cap`` latest stories, so linking costs the same at any corpus size."""
        return self._candidates_by_keys((*profile, *ents))

    def _candidates_by_keys(self, keys) -> list[str]:
        found: dict[str, None] = {}
        for key in keys:
            for story_id in self.postings_.get(key, ()):
                if story_id in self.stories_:  # not a story emptied by a merge of events
                    found[story_id] = None
        return list(found)

    def _post(self, story_id: str, keys) -> None:
        postings, cap = self.postings_, self.posting_cap
        touched = getattr(self, "_touched", None)
        changed = touched["postings_"] if touched is not None else None  # (_touch, inlined: a story posts ~80 keys)
        for key in keys:
            posting = postings.get(key)
            if posting is None:
                posting = postings[key] = []
            elif story_id in posting[-8:]:
                continue
            posting.append(story_id)
            if changed is not None:
                changed.add(key)
            if len(posting) > cap * 2:
                del posting[: len(posting) - cap]

    @staticmethod
    def _merge(into: dict[str, float], vec: dict[str, float], keep: int) -> dict[str, float]:
        merged = dict(into)
        for t, w in vec.items():
            merged[t] = merged.get(t, 0.0) + w
        top = sorted(merged.items(), key=itemgetter(1), reverse=True)[:keep]
        norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
        return {t: w / norm for t, w in top}

    def _attach(self, story_id: str, event: Event, profile: dict, ents: dict, salient: dict, day: float | None) -> None:
        story = self.stories_[story_id]
        story.event_ids.append(event.id)
        self._touch_story(story_id)
        self.profile_[story_id] = self._merge(self.profile_[story_id], profile, self.profile_terms * 2)
        if ents:
            self.entities_[story_id] = self._merge(self.entities_[story_id], ents, self.entity_terms * 8)
        self.top_entities_[story_id].update(salient)
        if self.topic_postings_:  # (read by topic linking only: at 100k articles four fifths of the postings, rewritten each batch)
            self._post(story_id, (*profile, *ents))
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
        story.extras["top_entities"] = [e for e, _ in self.top_entities_[story_id].most_common(10)]
        story.extras["top_terms"] = [t for t in list(self.profile_[story_id])[:10] if not t.startswith("~")]

    def drop_events(self, event_ids) -> None:
        """Events merged into others leave their stories; a story left with no event goes."""
        if not hasattr(self, "stories_"):
            return
        for event_id in [e for e in event_ids if e in self.event_story_]:
            story_id = self.event_story_.pop(event_id, None)
            self.event_why_.pop(event_id, None)
            story = self.stories_.get(story_id or "")
            if story is None:
                continue
            self._touch("stories_", (story_id,))
            story.event_ids = [e for e in story.event_ids if e != event_id]
            timeline = [x for x in story.extras.get("timeline", []) if x["event_id"] != event_id]
            story.extras["timeline"] = timeline
            if not story.event_ids:
                del self.stories_[story_id]

    def explain(self, event_id: str) -> dict:
        """Why an event is in its story (scores, shared terms and entities), or that it opened it."""
        return {"story_id": self.event_story_.get(event_id), **self.event_why_.get(event_id, {})}

    # ---------------------------------------------------------------- state
    def state_parts(self) -> dict:
        """Parameters and learned state; its maps (stories, profiles, postings...) as ``codec.Rows``, so the
        store writes only the items a batch changed (khobor/store/state.py)."""
        from khobor import codec

        learned = {k: v for k, v in vars(self).items() if k.endswith("_")}
        params = {k: v for k, v in vars(self).items() if not k.endswith("_") and not k.startswith("_")}
        touched = getattr(self, "_touched", None)
        if touched is None:  # maps started afresh (or a state of unknown history): every item is compared once
            touched = self._touched = {part: set(learned.get(part, ())) for part in _TRACKED}
        marks = {"df_": codec.same, "entity_df_": codec.same, "event_story_": codec.same, "postings_": codec.seq_hash,
                 "span_": codec.seq_hash, "profile_": codec.items_hash, "entities_": codec.items_hash,
                 "top_entities_": codec.items_hash, "key_df_": codec.same, "story_keys_": codec.seq_hash}  # (stories and their explanations are compared encoded)
        return {"version": STATE_VERSION, "params": params,
                "learned": {k: v for k, v in learned.items() if not isinstance(v, dict)},
                # touched: the keys fitting changed in place (the store compares only those and new ones, then empties the sets)
                **{k: codec.Rows(v, None, marks.get(k), touched.get(k), k in _LAZY, STORY_PAGE if k == "stories_" else None)
                   for k, v in learned.items() if isinstance(v, dict)}}

    def to_state(self) -> bytes:
        """Codec bytes (never pickle): parameters and learned state."""
        from khobor import codec

        return codec.dumps(codec.plain_parts(self.state_parts()))

    @classmethod
    def from_state(cls, state: bytes) -> "StoryLinker":
        from khobor import codec

        return cls.from_parts(codec.loads(state))

    @classmethod
    def from_parts(cls, data: dict) -> "StoryLinker":
        from khobor import codec

        learned = dict(data["learned"])
        if codec.ROWS in data:  # split: each map was a part; Counters come back as plain dicts
            blank = cls()
            blank._init_state()
            for k in data[codec.ROWS]:
                kind = type(getattr(blank, k, None))
                learned[k] = Counter(data[k]) if kind is Counter else data[k]
        if data.get("version", 1) < 2:  # version 1 kept entity counts only: they become the top entities, profiles start afresh
            learned["top_entities_"] = learned.pop("entities_")
            learned["entities_"] = {s: {} for s in learned["stories_"]}
        self = cls(**{k: v for k, v in data["params"].items() if k in cls().__dict__})
        for k, v in learned.items():
            setattr(self, k, v)
        if codec.ROWS in data:  # what was loaded is what is stored (but for the maps made up below)
            self._touched = {part: set() for part in _TRACKED}
            if data.get("version", 1) < 2:
                self._touch("entities_", learned["stories_"])
                self._touch("top_entities_", learned["stories_"])
        if "key_df_" not in learned:  # states saved before storyline keys: continuations are checked from here on
            self.key_df_, self.story_keys_ = Counter(), {}
        if "postings_" not in learned:  # states saved before the index existed (each key is new to the store)
            self.postings_, learned["topic_postings_"] = {}, False
        posted, topics = learned.get("topic_postings_", True), self.topic_min_gap_days < math.inf  # (older states hold them)
        if posted and not topics:  # never read: dropped once (their rows go at the next save)
            self.postings_ = {k: v for k, v in self.postings_.items() if k[:2] in STORYLINE_PREFIXES}
        for story_id in self.stories_ if topics and not posted else ():
            self._post(story_id, (*self.profile_.get(story_id, {}), *self.entities_.get(story_id, {})))
        self.topic_postings_ = topics
        return self

