"""Are two reports about one happening? Evidence from a pair of reports, and a small learned decision.

An editor joins two reports when they share the happening: the same specific
names, places, numbers and rare words, close in time. Sharing a topic is not
enough: two cylinder blasts in two districts, two bulletins on two days, a
match against one team and the next against another share most of their words.
So a pair is described by what it shares and by what contradicts it:

* ``lexical``: TF-IDF cosine of title + lead (titles count twice);
* ``title``: idf-weighted overlap of the two titles' terms;
* ``rare``: how much of the rarer words of each lead the other shares;
* ``entities``: overlap of named entities (ids, else spelling keys);
* ``place_conflict``: both name places in the title or lead, none is shared, and neither names the other's
  places anywhere (a rewrite that tags or resolves a place otherwise still names it);
* ``title_entity_conflict``: both titles name someone or somewhere, and not the same (two matches, two exit bans);
* ``numbers`` / ``title_number_conflict``: shared numbers (years left out); both titles give numbers, none shared;
* ``numbers_differ``: both leads give figures, and few of them agree (today's rates against yesterday's);
* ``direction_conflict``: one title says a figure went up, the other down;
* ``gap``: days between the reports (an unknown date counts as far, never as 0); ``same_outlet``.

Only the lead is read (``LEAD_CHARS``): some outlets append unrelated stories to every body.

Six pairs are not asked of the model at all (``khobor.cluster.events``): numbered headlines on two days
(one outlet's, or any two outlets' a whole day apart) with no figure or name in common
(``bulletin_of_another_day``); two headlines naming different people or organisations, neither named by the
other report (``headlines_disagree``); two reports a few hours apart whose headlines' subjects neither report
tells (``khobor.cluster.apart.another_announcement``: a minister's second announcement of one briefing, a court's
order in another case; of two outlets, when neither tells a word of the other's subject); one speaker's two quote
headlines ("remark: speaker") neither of which tells what the other is about (``apart.another_remark``, any outlet,
any day); one outlet's two headlines opening with the same words, neither report telling what the other's adds (two
items of a series, ``apart.another_in_series``); and a digest, a body of items each closed by the
same "read more" prompt (``is_digest``), or a section's page under a one-word headline ("Tennis", "In
memory"), which joins no event.

The decision is a logistic regression over these features, trained by
``scripts/train_event_pairs.py`` on hand-labelled pairs and shipped as a few
numbers in ``event-pairs-v1.json``. Reports in two languages share no words;
they are compared by the multilingual embedding of their leads, and only when
they also share a number or a name written in both scripts.
"""

from __future__ import annotations

import json
import math
import zlib
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

import regex

from khobor.clean.normalize import ascii_digits, normalize
from khobor.cluster.features import TOKEN, day_number, language, mention_key, mentioned_day, section_page, skeleton, terms
from khobor.cluster.places import held, holders
from khobor.model import Article

LEAD_CHARS = 1200
COPY_CHARS = 600
COPY_CONTAINMENT = 0.5  # of the shorter opening's word 3-shingles found in the other (rewritten reports: < 0.3)
COPY_REST = 0.3  # of the rest of the body (past the opening) shared by a copy found on its opening: a series' common intro is not a copy
REST_SAMPLE = 8  # keep one rest shingle in 8 (by hash): the same sample of both bodies, so containment is estimated fairly
COPY_OPENING = 0.2  # below this, a copy found on the whole text shares only what an outlet appends to every body
BULLETIN_GAP = 0.75  # days: one outlet's numbered headlines this far apart are two editions, not an update
ANOTHER_DAY = 1.0  # days: two outlets' numbered headlines this far apart, with no figure in common, are two happenings
UNKNOWN_GAP = 3.0  # days: a report with no date is compared as if it were this far away
MAX_GAP = 14.0
MODEL_PATH = Path(__file__).with_name("event-pairs-v1.json")
NUMBER = regex.compile(r"\d+(?:[.,]\d+)?")
CAPITALISED = regex.compile(r"\b[A-Z][a-z]+(?:[-'][A-Za-z]+)?\b|\b[A-Z]{2,6}\b")
FEATURES = ("lexical", "title", "rare", "entities", "place_conflict", "title_entity_conflict", "numbers",
            "title_number_conflict", "numbers_differ", "direction_conflict", "gap", "near", "same_outlet", "lexical_near")
# Signs a feature's weight may take: evidence can only help, a conflict can only hurt (scripts/train_event_pairs.py).
SIGNS = {"lexical": 1, "title": 1, "rare": 1, "entities": 1, "numbers": 1, "near": 1, "lexical_near": 1,
         "place_conflict": -1, "title_entity_conflict": -1, "title_number_conflict": -1, "numbers_differ": -1, "direction_conflict": -1,
         "gap": -1, "same_outlet": 0}
# Small numbers a headline spells out ("চার বিভাগে", "Six soldiers"): figures like the digits.
NUMBER_WORDS = {word: str(n) for n, spelt in enumerate(("", "এক one", "দুই two", "তিন three", "চার four", "পাঁচ five", "ছয় six",
                                                       "সাত seven", "আট eight", "নয় nine", "দশ ten")) for word in spelt.split()}
# Words that say which way a figure moved; two titles moving opposite ways tell two happenings.
UP = frozenset("বাড়ল বাড়লো বেড়েছে বাড়ছে বৃদ্ধি ঊর্ধ্বমুখী rise rises rose up hike hiked increase increased surge soars jumps".split())
DOWN = frozenset("কমল কমলো কমেছে কমছে হ্রাস নিম্নমুখী fall falls fell down cut cuts decrease decreased drop drops dips slump".split())


@dataclass(slots=True)
class Profile:
    """What a report brings to a pair comparison; computed once per report."""

    id: str
    day: float | None
    lang: str
    outlet: str | None
    counts: Counter
    title_terms: frozenset
    numbers: frozenset
    title_numbers: frozenset
    title_entities: frozenset
    direction: int  # +1 a figure went up in the title, -1 down, 0 neither or both
    entities: frozenset
    places: frozenset
    names: frozenset  # cross-script consonant skeletons of names (see khobor.analyze.names)
    shingles: frozenset = frozenset()  # hashed word 3-shingles of the opening (COPY_CHARS): copies share them
    lead: str = ""  # what the multilingual embedding reads: the headline (a third of the cost of headline + opening, and as good across languages on our labels)
    rest: frozenset = frozenset()  # a fixed sample of the shingles of the body after the opening
    place_names: frozenset = frozenset()  # cross-script skeletons of the places named in the lead
    title_names: frozenset = frozenset()  # skeletons of every headline word (Dhaka-8 names Dhaka, tagged or not)
    headline_names: frozenset = frozenset()  # skeletons of the people and bodies the headline names: its key actors
    title_figures: frozenset = frozenset()  # every number in the headline, single digits too (a bulletin's "7 cases")
    digest: bool = False  # a list of unrelated items ("read more" after each), a one-word headline: it tells no one happening

    def to_json(self) -> dict:
        return {"id": self.id, "day": self.day, "lang": self.lang, "outlet": self.outlet, "counts": dict(self.counts),
                "title_terms": sorted(self.title_terms), "numbers": sorted(self.numbers),
                "title_numbers": sorted(self.title_numbers), "title_entities": sorted(self.title_entities),
                "direction": self.direction, "entities": sorted(self.entities),
                "places": sorted(self.places), "names": sorted(self.names), "shingles": sorted(self.shingles),
                "lead": self.lead, "rest": sorted(self.rest), "place_names": sorted(self.place_names),
                "title_names": sorted(self.title_names), "headline_names": sorted(self.headline_names),
                "title_figures": sorted(self.title_figures), "digest": self.digest}

    @classmethod
    def from_json(cls, data: dict) -> "Profile":
        return cls(id=data["id"], day=data["day"], lang=data["lang"], outlet=data["outlet"], counts=Counter(data["counts"]),
                   title_terms=frozenset(data["title_terms"]), numbers=frozenset(data["numbers"]),
                   title_numbers=frozenset(data["title_numbers"]), title_entities=frozenset(data["title_entities"]),
                   direction=data["direction"], entities=frozenset(data["entities"]),
                   places=frozenset(data["places"]), names=frozenset(data["names"]),
                   shingles=frozenset(data.get("shingles", ())), lead=data.get("lead", ""),
                   rest=frozenset(data.get("rest", ())), place_names=frozenset(data.get("place_names", ())),
                   title_names=frozenset(data.get("title_names", ())), headline_names=frozenset(data.get("headline_names", ())),
                   title_figures=frozenset(data.get("title_figures", ())), digest=bool(data.get("digest", False)))


def _numbers(text: str) -> frozenset:
    """Numbers that can tell two happenings apart: not years, not single digits."""
    found = set()
    for n in NUMBER.findall(ascii_digits(text)):
        value = n.replace(",", "")
        if len(value) < 2 or len(value) == 4 and value.isdigit() and 1900 <= int(value) <= 2100:
            continue
        found.add(value)
    return frozenset(found)


def _rounded(x: str, y: str) -> bool:
    """Is one figure the other rounded ("over Tk 87,000 crore" for Tk 87,544 crore)? Figures of hundreds and more."""
    try:
        a, b = float(x.replace(",", "")), float(y.replace(",", ""))
    except ValueError:
        return False
    if a == b:
        return True
    if min(a, b) < 100 or a != int(a) or b != int(b):
        return False
    a, b = int(a), int(b)
    rough, exact = (a, b) if len(str(a)) - len(str(a).rstrip("0")) >= len(str(b)) - len(str(b).rstrip("0")) else (b, a)
    digits = str(rough).rstrip("0")
    unit = 10 ** (len(str(rough)) - len(digits))
    # two significant digits kept at least ("87,000", not "200" for 217)
    return unit >= 100 and len(digits) >= 2 and rough in (exact // unit * unit, (exact + unit // 2) // unit * unit)


def figures_agree(x: frozenset, y: frozenset) -> bool:
    """Do two sets of figures share one, exactly or as one figure rounded in the other report?"""
    return bool(x & y) or any(_rounded(a, b) for a in x for b in y)


def _shingles(text: str, k: int = 3, sample: int = 1) -> frozenset:
    """CRC-32s of the text's k-word runs joined by spaces (those divisible by ``sample``). The runs are joined and
    hashed by C iterators (one word encoded once, not once per run): the same bytes as joining each run's words."""
    from khobor.dedup import tokens

    encoded = [word.encode("utf-8") for word in tokens(text)]
    hashes = map(zlib.crc32, map(b" ".join, zip(*(encoded[j:] for j in range(k)))))
    return frozenset(hashes) if sample == 1 else frozenset([h for h in hashes if not h % sample])


def rest_containment(a: Profile, b: Profile) -> float | None:
    """How much of the shorter rest of the body is in the other's; None when either body ends with its opening."""
    if len(a.rest) < 5 or len(b.rest) < 5:
        return None
    return len(a.rest & b.rest) / min(len(a.rest), len(b.rest))


def copy_conflict(a: Profile, b: Profile) -> bool:
    """What a republication never changes: the figures in its headline, and the body past the opening."""
    if a.title_numbers and b.title_numbers and not figures_agree(a.title_numbers, b.title_numbers):
        return True
    rest = rest_containment(a, b)
    return rest is not None and rest < COPY_REST


def shared_template(a: Profile, b: Profile) -> bool:
    """One outlet's opening under headlines with other figures: a daily bulletin's template, not one happening.

    (An update keeps the opening too, but not with other figures in the headline; across outlets a shared
    opening is one happening told from a wire lead.)
    """
    return (a.outlet == b.outlet and bool(a.title_numbers) and bool(b.title_numbers) and not figures_agree(a.title_numbers, b.title_numbers)
            and lead_containment(a, b) >= COPY_CONTAINMENT)


def bulletin_of_another_day(a: Profile, b: Profile) -> bool:
    """Numbered headlines on two days, with no figure and no name in common: two editions of a bulletin.

    (Today's cases and deaths against yesterday's, rain in four divisions against five the next day; a follow-up
    of one happening keeps its name in the headline.) One outlet's two editions may be less than a day apart
    (an evening and a morning bulletin); two outlets' reports a few hours apart may be one schedule told twice
    (a date in one headline, a deadline in the other), so across outlets a whole day apart.
    """
    if (not a.title_figures or not b.title_figures or figures_agree(a.title_figures, b.title_figures)
            or a.title_entities & b.title_entities):
        return False
    one_outlet = bool(a.outlet) and a.outlet == b.outlet
    return gap_days(a, b) >= (BULLETIN_GAP if one_outlet else ANOTHER_DAY)


def headlines_disagree(a: Profile, b: Profile) -> bool:
    """Both headlines name their key actors (people, organisations), and neither report names the other's in its lead.

    Same topic, other actor: a tribunal's order in one accused's case and its order in another's, the same day,
    share the court, the wording and the outlet, but not the happening. (Used within one language: across
    languages it cost reports of one happening on our labels.)
    """
    if not a.headline_names or not b.headline_names:
        return False

    return not names_any(a.headline_names, b) and not names_any(b.headline_names, a)


def lead_containment(a: Profile, b: Profile) -> float:
    """How much of the shorter opening is inside the other: a republication keeps most of it, whatever its headline."""
    if not a.shingles or not b.shingles:
        return 0.0
    return len(a.shingles & b.shingles) / min(len(a.shingles), len(b.shingles))


def _skeletons(words: list[str], shortest: int = 3) -> frozenset:
    from khobor.analyze.names import bengali_skeleton, latin_skeleton

    out = set()
    for word in words:
        skeleton = latin_skeleton(word) if word.isascii() else bengali_skeleton(word)
        if len(skeleton.strip("V")) >= shortest:
            out.add(skeleton)
    return frozenset(out)


def _name_skeletons(article: Article, lead: str) -> frozenset:
    """Skeletons shared by both scripts (লাভরভ, Lavrov -> LBRB): entity mentions, else capitalised English words."""
    words: list[str] = []
    for m in article.mentions:
        if m.start < LEAD_CHARS:
            words.extend(TOKEN.findall(m.surface))
    if language(article) != "bn":
        words.extend(CAPITALISED.findall(f"{article.title or ''} {lead}"))
    return _skeletons(words)


def _same_place(x: str, y: str) -> bool:
    return x.startswith(y) or y.startswith(x)


def names_any(skeletons, other: Profile) -> bool:
    """Does ``other`` name (anywhere: names, headline words, places) one of ``skeletons``, by ``_same_place``?

    A known name opens a skeleton when it is one of the skeleton's openings, and a skeleton opens a known name when
    it is one of the known names' openings: two set tests against openings taken once per report (a pair is compared
    with dozens of reports; looking up each skeleton's openings for every pair cost twice as much)."""
    known, openings = _known_names(other.names, other.title_names, other.place_names)
    if not known or not skeletons:
        return False
    mine = _openings(skeletons if isinstance(skeletons, (frozenset, tuple)) else frozenset(skeletons))
    return not known.isdisjoint(mine) or not openings.isdisjoint(skeletons)


@lru_cache(maxsize=1 << 14)
def _openings(skeletons) -> frozenset:
    """Every opening of every skeleton, the empty one and the whole skeleton included."""
    return frozenset(x[:k] for x in skeletons for k in range(len(x) + 1))


@lru_cache(maxsize=1 << 14)
def _known_names(names: frozenset, title_names: frozenset, place_names: frozenset) -> tuple[frozenset, frozenset]:
    """Every name a report gives, and every opening of them: taken once per report, not once per pair."""
    known = names | title_names | place_names
    return known, _openings(known)


@lru_cache(maxsize=1 << 14)
def _places_in_title(place_names: frozenset, title_names: frozenset) -> frozenset:
    """The places a headline names (see ``places_disagree``): taken once per report, not once per pair."""
    return frozenset(p for p in place_names if any(_same_place(p, t) for t in title_names))


# A place naming the clock a time is told in (বাংলাদেশ সময় সন্ধ্যায়, 7:30pm Bangladesh time) tells when, not where.
_TIME_AFTER = regex.compile(r"\s*(?:" + normalize("সময়") + r"(?:ের)?(?![\p{L}\p{M}])|time\b)")


def _lead_places(article: Article) -> frozenset:
    """Skeletons of the places the lead's mentions name (ঢাকা and Dhaka are DK), but not one naming a clock (an
    awards night in Los Angeles, told in Bangladesh time, did not happen in Bangladesh).

    An English place Bengali news translates (the Secretariat is সচিবালয়, India ভারত) also counts by its Bengali
    form: else the two reports of one happening read as told in two places.
    """
    body = article.body or ""
    places = [m.surface for m in article.mentions if m.start < LEAD_CHARS and m.type == "LOC"
              and not _TIME_AFTER.match(body, m.end, m.end + 12)]
    words = [w for place in places for w in TOKEN.findall(place)]
    if places and language(article) != "bn":
        words += [w for place in places for w in TOKEN.findall(_translated(place))]
    return _skeletons(words, 2)


def _translated(place: str) -> str:
    """The Bengali form of an English place that is a country or a word of the translation lexicon, else ''."""
    from khobor.lang.bn.translations import LEXICON, to_bengali

    words = TOKEN.findall(place)
    if len(words) == 1:
        low = words[0].casefold()
        return LEXICON.get(low, "") or to_bengali(words) or ""
    return to_bengali(words) or ""


def places_disagree(a: Profile, b: Profile) -> bool:
    """The places one report names (in its headline, or in its lead) the other names nowhere, and the other way round.

    Read across scripts: a Bengali case ending lengthens a skeleton (জাপানে JPNN, Japan JPN), so one skeleton opening
    the other counts as the same place; a place one report calls a place and the other only names is no conflict.
    Headlines are read place by place: each names a place the other report never names (a word of one headline
    may read like a name the other has: সড়ক, road, and Sarkar; the headline's own town still tells them apart).
    A place holding the other's (the country, a district of it; the capital, the Secretariat) is the same place.
    """
    def in_title(prof: Profile) -> frozenset:
        return _places_in_title(prof.place_names, prof.title_names)

    def conflict(x, y) -> bool:  # (a place and one inside it are one place: asked last, seldom)
        return (bool(x and y) and not names_any(x, b) and not names_any(y, a)
                and not held(x, holders(b.place_names)) and not held(y, holders(a.place_names)))

    def some_unnamed(x, other: Profile) -> bool:
        return any(not names_any((p,), other) and not held((p,), holders(other.place_names))
                   and not held(other.place_names, holders(frozenset((p,)))) for p in x)

    title_a, title_b = in_title(a), in_title(b)
    return (conflict(a.place_names, b.place_names)
            or bool(title_a and title_b) and some_unnamed(title_a, b) and some_unnamed(title_b, a))


HEADLINE_ACTORS = ("PER", "ORG")  # mention types that name whom a headline is about
DIGEST_ITEMS = 3  # paragraphs closing on the same link prompt that make a body a list of items
SENTENCE_END = ("।", ".", "!", "?", "”", "’", '"', "'")


def is_digest(body: str) -> bool:
    """A body of items each closed by the same prompt ("বিস্তারিত পড়ুন...", "Read more"): a digest of other reports.

    A sentence ending ("করা হয়।") repeats in any long report, so a prompt must end in an ellipsis or in no stop at all.
    """
    closings = Counter()
    for paragraph in body.split("\n"):
        words = paragraph.split()
        if len(words) < 8:
            continue
        closing = " ".join(words[-2:])
        if closing.endswith(("...", "…")) or not closing.endswith(SENTENCE_END):
            closings[closing] += 1
    return bool(closings) and max(closings.values()) >= DIGEST_ITEMS


def text_part(article: Article, memo: dict | None = None) -> dict:
    """The fields of an article's profile that its words give, whatever entities its mentions are resolved to:
    most of the cost, so a worker process computes them beside the analysis (``keep_text_parts``)."""
    title = article.title or ""
    lead = (article.body or "")[:LEAD_CHARS]
    words = set(TOKEN.findall(title.casefold()))
    return {"lang": language(article), "counts": terms(f"{title}\n{title}\n{lead}", memo), "title_terms": frozenset(terms(title, memo)),
            "numbers": _numbers(f"{title} {lead}"), "title_numbers": _numbers(title),
            "direction": int(bool(words & UP)) - int(bool(words & DOWN)), "names": _name_skeletons(article, lead),
            "shingles": _shingles(lead[:COPY_CHARS]), "lead": f"{title}. " if title.strip() else lead[:150],
            "rest": _shingles((article.body or "")[COPY_CHARS:], sample=REST_SAMPLE),
            "place_names": _lead_places(article), "title_names": _skeletons(TOKEN.findall(title), 2),
            "title_figures": frozenset(NUMBER.findall(ascii_digits(title))) | {NUMBER_WORDS[w] for w in words if w in NUMBER_WORDS},
            "digest": is_digest(article.body or "") or section_page(article)}


def _words_of(article: Article) -> tuple:
    """What ``text_part`` reads of an article, cheaply compared: a part made elsewhere is used only for the same words."""
    return (article.title, len(article.body or ""), hash(article.body or ""), article.language,
            tuple((m.start, m.surface, m.type) for m in article.mentions))


_made_elsewhere: dict[str, tuple[tuple, dict]] = {}  # article id -> (its words, its text part), taken by ``profile``
MAX_KEPT = 20_000  # parts never asked for (a run that analyzes but does not cluster) are dropped past this many


def keep_text_parts(articles: list[Article], parts: list[dict]) -> None:
    """Text parts computed in a worker, for ``profile`` to use when it meets these articles (unchanged)."""
    if len(_made_elsewhere) > MAX_KEPT:
        _made_elsewhere.clear()
    for article, part in zip(articles, parts):
        _made_elsewhere[article.id] = (_words_of(article), part)


def _text_part_of(article: Article, memo: dict | None) -> dict:
    kept = _made_elsewhere.pop(article.id, None)
    if kept is not None and kept[0] == _words_of(article):
        return kept[1]
    return text_part(article, memo)


def profile(article: Article, memo: dict | None = None) -> Profile:
    text = _text_part_of(article, memo)
    title_terms = text["title_terms"]
    day = day_number(article.published_at)
    if day is None:
        day = mentioned_day(article)
    keys, in_title, headline_words = [], set(), []
    # A headline word only spelt like a word of a name (কমিশনার, commissioner; দুর্নীতি দমন কমিশন) does not name it.
    spelt = frozenset(t for t in title_terms if not t.startswith("~"))
    for m in article.mentions:
        if m.start < LEAD_CHARS and (key := mention_key(m)):
            keys.append((key, m.type))
            if spelt and set(terms(m.surface, memo)) & spelt:
                in_title.add(key)
                if m.type in HEADLINE_ACTORS:
                    headline_words.extend(TOKEN.findall(m.surface))
    return Profile(id=article.id, day=day, outlet=article.outlet, title_entities=frozenset(in_title),
                   entities=frozenset(k for k, _ in keys), places=frozenset(k for k, kind in keys if kind == "LOC"),
                   headline_names=_skeletons(headline_words), **text)


class Idf(dict):
    """Inverse document frequency from running counts (the stream seen so far).

    ``idf(term)``; also a dict of the terms asked so far: one report's comparisons ask for the same terms again
    and again (over a million times a run), and a dict's own look-up answers them without a Python call."""

    def __init__(self, df: Counter, n_docs: int):
        super().__init__()
        self.df, self.n = df, n_docs
        self._per_side: dict[tuple[str, int], tuple[object, object]] = {}  # (what, id of a set or vector) -> (it, value)

    def __missing__(self, term: str) -> float:
        value = self[term] = math.log((self.n + 1) / (self.df.get(term, 0) + 1)) + 1.0
        return value

    __call__ = dict.__getitem__  # (a term not asked yet goes through __missing__)

    def __hash__(self) -> int:  # one Idf is one set of counts: by identity, as before it was a dict
        return id(self)

    def __eq__(self, other: object) -> bool:
        return self is other

    def __bool__(self) -> bool:
        return True

    def once(self, what: str, side: object, compute):
        """``compute(side, idf)`` for one side of the pairs (a profile's title terms, its vector), taken once per
        Idf: a report is compared with dozens of others, and the side's share of the sums is the same each time."""
        key = (what, id(side))
        found = self._per_side.get(key)
        if found is not None and found[0] is side:
            return found[1]
        value = compute(side, self)
        self._per_side[key] = (side, value)
        return value


def _weighted(counts: Counter, idf: Idf) -> dict[str, float]:
    vec = {t: (1 + math.log(c)) * idf(t) for t, c in counts.items()}
    norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
    return {t: w / norm for t, w in vec.items()}


def _overlap(a: frozenset, b: frozenset, idf: Idf) -> float:
    both = a & b
    if not both:  # (0.0 either way; most pairs share no title term, and the sides' weights are then not taken)
        return 0.0
    shared = sum(map(idf, both))
    return shared / min(idf.once("terms", a, _term_weight), idf.once("terms", b, _term_weight))


def _term_weight(terms: frozenset, idf: Idf) -> float:
    return sum(map(idf, terms))


def _entity_weight(entities: frozenset, idf: Idf) -> float:
    return sum([idf("=" + e) for e in entities])  # (entity_key, inlined: a hot path)


def entity_key(entity: str) -> str:
    """How an entity is counted among the terms: a name most reports carry (the country, the capital) says little."""
    return "=" + entity


def counted_terms(prof: "Profile") -> list[str]:
    """Everything whose document frequency the events stage keeps for a report: terms, entities, name skeletons."""
    return [*prof.counts.keys(), *map(entity_key, prof.entities), *map(name_key, prof.names)]


def entity_overlap(a: frozenset, b: frozenset, idf: Idf) -> float:
    both = a & b
    if not both:  # (as _overlap)
        return 0.0
    shared = sum([idf("=" + e) for e in both])  # (entity_key, inlined)
    return shared / min(idf.once("entities", a, _entity_weight), idf.once("entities", b, _entity_weight))


def _rare_share(a: dict, b: dict, idf: Idf, k: int = 12, order_a: list | None = None, order_b: list | None = None) -> float:
    """Of each side's ``k`` heaviest terms, the weight the other side also has; the smaller of the two.

    Terms no other report has (typos, one-off words) are left out: nothing could share them. ``order_*``:
    the vector's terms heaviest first, when the caller keeps them (sorting every pair was a third of the stage).
    """
    what = f"top{k}"
    top, total = _top(a, order_a, idf, k, what)
    share_a = sum([a[t] for t in top if t in b]) / total
    top, total = _top(b, order_b, idf, k, what)
    return min(share_a, sum([b[t] for t in top if t in a]) / total)


def _top(x: dict, order: list | None, idf: Idf, k: int, what: str) -> tuple[list, float]:
    """A vector's ``k`` heaviest terms seen in another report, and their weight; a kept order's are the vector's for
    this whole Idf (one report's comparisons), taken once (``Idf.once``, inlined: it ran twice for every pair)."""
    if order is None:
        return _heaviest(x, sorted(x, key=x.get, reverse=True), idf.df, k)
    key = (what, id(order))
    found = idf._per_side.get(key)
    if found is not None and found[0] is order:
        return found[1]
    value = _heaviest(x, order, idf.df, k)
    idf._per_side[key] = (order, value)
    return value


def _heaviest(x: dict, order: list, df: Counter, k: int) -> tuple[list, float]:
    top = []
    for t in order:
        if df.get(t, 0) > 1:
            top.append(t)
            if len(top) == k:
                break
    return top, sum(x[t] for t in top) or 1.0


def _heaviest_first(vectors: dict, key: str, vector: dict) -> list:
    order = vectors.get(("order", key))
    if order is None:
        order = vectors[("order", key)] = sorted(vector, key=vector.get, reverse=True)
    return order


def _numbers_differ(a: frozenset, b: frozenset) -> float:
    """Both leads give figures and few agree: a bulletin of another day, a toll of another blast."""
    if len(a) < 2 or len(b) < 2:
        return 0.0
    return 1.0 - len(a & b) / min(len(a), len(b))


def gap_days(a: Profile, b: Profile) -> float:
    if a.day is None or b.day is None:
        return UNKNOWN_GAP
    return min(abs(a.day - b.day), MAX_GAP)


def pair_features(a: Profile, b: Profile, idf: Idf, vectors: dict | None = None) -> dict[str, float]:
    """The evidence of one pair, as named numbers (see the module docstring)."""
    vectors = {} if vectors is None else vectors
    va = vectors.get(a.id)
    if va is None:
        va = vectors[a.id] = _weighted(a.counts, idf)
    vb = vectors.get(b.id)
    if vb is None:
        vb = vectors[b.id] = _weighted(b.counts, idf)
    small, large = (va, vb) if len(va) <= len(vb) else (vb, va)
    lexical = sum([w * large[t] for t, w in small.items() if t in large])
    entities = entity_overlap(a.entities, b.entities, idf)
    gap = gap_days(a, b)
    near = math.exp(-max(0.0, gap - 0.5))
    return {
        "lexical": lexical,
        "title": _overlap(a.title_terms, b.title_terms, idf),
        "rare": _rare_share(va, vb, idf, order_a=_heaviest_first(vectors, a.id, va), order_b=_heaviest_first(vectors, b.id, vb)),
        "entities": entities,
        "place_conflict": float(bool(a.places and b.places and not a.places & b.places) and places_disagree(a, b)),
        "numbers": math.log1p(len(a.numbers & b.numbers)),
        "title_entity_conflict": float(bool(a.title_entities and b.title_entities and not a.title_entities & b.title_entities)),
        "title_number_conflict": float(bool(a.title_numbers and b.title_numbers and not figures_agree(a.title_numbers, b.title_numbers))),
        "numbers_differ": _numbers_differ(a.numbers, b.numbers),
        "direction_conflict": float(a.direction * b.direction < 0),
        "gap": gap,
        "near": near,
        "same_outlet": float(bool(a.outlet) and a.outlet == b.outlet),
        "lexical_near": lexical * near,
    }


CROSS_FEATURES = ("dense", "numbers", "names", "entities", "near")
CROSS_DENSE_REACHED = 0.89  # a cosine thin evidence cannot clear beyond this is not embedded for (docs/scale.md)
CROSS_SIGNS = {"dense": 1, "numbers": 1, "names": 1, "entities": 1, "near": 1}


def recurring_column(a: Profile, b: Profile) -> bool:
    """One outlet's headline repeated on another day is a daily column (rates, weather, a bulletin), not an update."""
    return (bool(a.outlet) and a.outlet == b.outlet and bool(a.title_terms) and a.title_terms == b.title_terms
            and gap_days(a, b) >= 0.5)


def undated_as_same_day(features: dict[str, float]) -> dict[str, float]:
    """The time features of a pair whose dates are unknown, as if told on one day."""
    return {"gap": 0.0, "near": 1.0, "lexical_near": features["lexical"]}


def story_score_bound(a: Profile, b: Profile, idf: Idf, vectors: dict, weights: dict, bias: float, gap_cap: float) -> float:
    """The most the story model (``weights``, ``bias``) could score the pair, before its costly features are taken.

    Features a report's own side gives cheaply (the time between them, the outlets, the numbers, the share of its
    own rarest terms the other has, which bounds ``rare``) are taken; the others only by their range (conflicts,
    overlaps and cosines are within 0..1). A pair scoring below the story threshold by this bound is not a storyline
    however its features come out, so the storyline look-up skips it. (As ``_storyline`` reads a pair: the gap
    capped at ``gap_cap``, an undated report as told the same day.)
    """
    if a.day is None or b.day is None:
        gap, near = 0.0, 1.0
    else:
        gap = gap_days(a, b)
        near = math.exp(-max(0.0, gap - 0.5))
    va = vectors.get(a.id)
    if va is None:
        va = vectors[a.id] = _weighted(a.counts, idf)
    if b.id not in vectors:  # a batch keeps each vector as first weighed: skipped or not, it is weighed now, as before
        vectors[b.id] = _weighted(b.counts, idf)
    top, total = _top(va, _heaviest_first(vectors, a.id, va), idf, 12, "top12")
    upper = {"rare": sum([va[t] for t in top if t in b.counts]) / total, "lexical_near": near,
             "entities": 1.0 if a.entities & b.entities else 0.0}
    exact = {"gap": min(gap, gap_cap), "near": near, "same_outlet": float(bool(a.outlet) and a.outlet == b.outlet),
             "numbers": math.log1p(len(a.numbers & b.numbers)), "direction_conflict": float(a.direction * b.direction < 0)}
    z = bias
    for name, w in weights.items():
        if name in exact:
            z += w * exact[name]
        elif name not in FEATURES:
            return math.inf
        elif w > 0:
            z += w * upper.get(name, 1.0)
    return z


COMMON_NAME_SHARE = 0.03  # a name in more than one report in 33 (Begum, Hossain) (the country, the capital, "hospital") tells no happening


def name_key(skeleton: str) -> str:
    return "@" + skeleton


def cross_evidence(a: Profile, b: Profile, idf: Idf | None = None) -> dict[str, float]:
    """What two reports in different languages share besides meaning: numbers and names in both scripts (a word of
    one headline counts as a name when the other report names it).

    With ``idf`` (the running counts), names most reports carry are not counted.
    """
    names = a.names & b.names
    if a.lang != b.lang:
        names = names | (headline_words(a) & b.names) | (headline_words(b) & a.names)
    if idf is not None and idf.n >= 1 / COMMON_NAME_SHARE:
        names = {n for n in names if idf.df.get(name_key(n), 0) <= COMMON_NAME_SHARE * idf.n}
    return {"numbers": len(a.numbers & b.numbers), "names": len(names),
            "entities": len(a.entities & b.entities), "gap": gap_days(a, b), "place_conflict": float(places_disagree(a, b))}


def headline_words(prof: Profile) -> frozenset:
    """Skeletons of a headline's words of three consonants or more: a name the tagger missed, written in the other
    script (গোল্ডেন গ্লোব, Golden Globes), is still a name the other report gives."""
    return _long_skeletons(prof.title_names)


@lru_cache(maxsize=1 << 14)
def _long_skeletons(skeletons: frozenset) -> frozenset:
    return frozenset(s for s in skeletons if len(s.strip("V")) >= 3)


def cross_features(dense: float, evidence: dict[str, float]) -> dict[str, float]:
    return {"dense": dense, "numbers": math.log1p(evidence["numbers"]), "names": math.log1p(evidence["names"]),
            "entities": math.log1p(evidence.get("entities", 0)), "near": math.exp(-max(0.0, evidence["gap"] - 0.5))}


def _logistic(weights: dict[str, float], bias: float, features: dict[str, float]) -> float:
    z = bias + sum([weights.get(name, 0.0) * value for name, value in features.items()])
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass
class PairModel:
    """Logistic regression over ``FEATURES`` (weights on raw feature values), plus the cross-language rule."""

    weights: dict[str, float]
    bias: float
    threshold: float = 0.5
    cross_max_gap: float = 1.5
    cross_evidence: int = 2  # numbers + names shared before the embedding is asked
    cross_weights: dict = field(default_factory=dict)  # logistic regression over CROSS_FEATURES
    cross_bias: float = 0.0
    cross_threshold: float = 0.5
    story_weights: dict = field(default_factory=dict)  # the same features: one storyline (same event or same story)
    story_bias: float = 0.0
    story_threshold: float = 1.0
    meta: dict = field(default_factory=dict)

    def probability(self, features: dict[str, float]) -> float:
        return _logistic(self.weights, self.bias, features)

    def worth_embedding(self, evidence: dict[str, float]) -> bool:
        """Only a pair that shares enough numbers and names, names no other places, and leaves the embedding a cosine
        it can reach (``CROSS_DENSE_REACHED``) is worth the embedding's cost. (Two crime briefs, two fires, in two districts read alike to the embedding and
        share a figure or two.)"""
        shared = evidence["numbers"] + evidence["names"] + evidence.get("entities", 0)
        reachable = "dense" not in self.cross_weights or self.cross_probability(CROSS_DENSE_REACHED, evidence) >= self.cross_threshold
        return evidence["gap"] <= self.cross_max_gap and shared >= self.cross_evidence and not evidence.get("place_conflict") and reachable

    def story_probability(self, features: dict[str, float]) -> float:
        return _logistic(self.story_weights, self.story_bias, features) if self.story_weights else 0.0

    def cross_probability(self, dense: float, evidence: dict[str, float]) -> float:
        return _logistic(self.cross_weights, self.cross_bias, cross_features(dense, evidence))

    def same_across_languages(self, dense: float, evidence: dict[str, float]) -> bool:
        return self.worth_embedding(evidence) and self.cross_probability(dense, evidence) >= self.cross_threshold

    def to_json(self) -> dict:
        return {"weights": self.weights, "bias": self.bias, "threshold": self.threshold,
                "cross_max_gap": self.cross_max_gap, "cross_evidence": self.cross_evidence,
                "cross_weights": self.cross_weights, "cross_bias": self.cross_bias, "cross_threshold": self.cross_threshold,
                "story_weights": self.story_weights, "story_bias": self.story_bias, "story_threshold": self.story_threshold,
                "meta": self.meta}

    @classmethod
    def from_json(cls, data: dict) -> "PairModel":
        return cls(weights={k: float(v) for k, v in data["weights"].items()}, bias=float(data["bias"]),
                   threshold=float(data.get("threshold", 0.5)),
                   cross_max_gap=float(data.get("cross_max_gap", 1.5)), cross_evidence=int(data.get("cross_evidence", 2)),
                   cross_weights={k: float(v) for k, v in data.get("cross_weights", {}).items()},
                   cross_bias=float(data.get("cross_bias", 0.0)), cross_threshold=float(data.get("cross_threshold", 0.5)),
                   story_weights={k: float(v) for k, v in data.get("story_weights", {}).items()},
                   story_bias=float(data.get("story_bias", 0.0)), story_threshold=float(data.get("story_threshold", 1.0)),
                   meta=data.get("meta", {}))


@cache
def default_model() -> PairModel:
    return PairModel.from_json(json.loads(MODEL_PATH.read_text(encoding="utf-8")))


def describe(features: dict[str, float], shared_terms: list[str], shared_entities: list[str]) -> str:
    """One sentence of plain words: why two reports were put together."""
    parts = []
    if shared_entities:  # ids here: the names are shown beside the sentence by whoever can look them up
        parts.append(f"{len(shared_entities)} name{'s' if len(shared_entities) > 1 else ''}")
    if features.get("numbers"):
        parts.append("the same numbers")
    if shared_terms:
        parts.append("the same specific words (" + ", ".join(shared_terms[:5]) + ")")
    when = features.get("gap")
    told = "told within a day" if when is not None and when < 1 else f"told {when:.0f} days apart" if when is not None else ""
    return ("They share " + ", ".join(parts) + (f", {told}" if told else "") + ".") if parts else (told.capitalize() + "." if told else "")
