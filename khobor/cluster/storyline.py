"""What tells a storyline from a topic: the distinct things two events share.

A storyline is told by several specific things at once: the case and its court, the two teams, the victim and
the town. One thing alone (a party chairman, an office, the country's election commission, one topic word such
as "human" in "human rights") is shared by many unrelated events of one topic: it never links two events by itself.

Counting things, a person's name is one thing however it is written: as an entity key, and as the words of it
in a headline (``tarique``, ``rahman``). A headline's closing attribution ("...: Fakhrul", "..., says EU chief",
"...: শিক্ষামন্ত্রী") names who spoke, not what the storyline is: its words are no key of the storyline.

A body (an office, a court, UNESCO, a hospital) acts in many storylines at once: what it acts on or for is the
storyline. So when two events share no person, the story's headline subject decides: a story headed by a person
or a town that the event's leads never name, while they name other people or towns, is another person's or
town's (two appointments by one office, two stabbings brought to one hospital, two blasts); and when each
headline names a person or place the other side never names, they are two things the body acted on (UNESCO
listing a Bangladeshi craft, then an Indian festival). The headline's subject is a person or place its lead names
with half of the name's words in the headline (``q:`` a person, ``w:`` a place, among the storyline keys).

A bulletin series (each day's weather forecast, a day's figures) is a topic, not a storyline: each day's bulletin
is its own story, unless both headlines name the one happening they follow (a named cyclone); a bulletin is
known by its headline's cue words (``bulletin``).
"""

from __future__ import annotations

import re
from collections import Counter

from khobor.cluster.features import terms
from khobor.model import Article, Event

# "…: Mirza Abbas", "… – minister", "…, says Zelenskiy", "…, Nobel institute says": who said it, at the end.
_TAIL = re.compile(r"(?:[:：]|\s[-–—]\s)\s*([^:：]{1,40})$")
_SAYS = re.compile(r",\s*([^,]{1,40}?)\s+(?:says|said|tells|told)\s*$|,\s*(?:says|said)\s+([^,]{1,40})$", re.I)
# Headlines of pieces that explain, guide or remember rather than report: they share a topic's words with every
# piece of the topic, so only names they share (a case) tell a storyline. Words as written; বার্ষিকী also with a
# case ending (বার্ষিকীতে). (Not "দিবস", day: a day being prepared for is a storyline of its own.)
_ABOUT = frozenset("how why what guide checklist tips explained explainer anniversary কীভাবে কিভাবে যেভাবে কেন করণীয় "
                   "উপায়".split())
_ABOUT_STEMS = ("বার্ষিকী",)
# Headlines of bulletins: a forecast, a day's figures. A series of them (the weather of each day) is a topic, each
# day's bulletin its own story, unless both headlines name the one happening they follow (a named cyclone).
_BULLETIN_STEMS = ("আভাস", "পূর্বাভাস", "forecast", "bulletin", "বুলেটিন")
TAIL_WORDS = 3  # a longer tail after a colon is the headline's second half, not a speaker


def speaker_tail(title: str | None) -> str:
    """The closing attribution of a headline (who said it), or "": a few words after what was said, which is longer
    ("রকি হত্যা: কামরাঙ্গীরচরে চারজন আটক" is a case and its news, not a quote and its speaker)."""
    title = (title or "").strip().rstrip("'\"’”")
    for pattern in (_SAYS, _TAIL):
        found = pattern.search(title)
        if found:
            tail = next(g for g in found.groups() if g)
            said = title[: found.start()].split()
            if len(tail.split()) <= TAIL_WORDS and len(said) > len(tail.split()) + 1:
                return tail
    return ""


_WORD = re.compile(r"[^\s\d.,:;!?'\"‘’“”()\[\]/|–—-]+")


def _cue_words(title: str | None) -> list[str]:
    return _WORD.findall((title or "").casefold())


def explains(title: str | None) -> bool:
    """Whether a headline is a guide, an explainer or a remembrance (by its cue words), not a report of news."""
    return any(w in _ABOUT or w.startswith(_ABOUT_STEMS) for w in _cue_words(title))


def bulletin(title: str | None) -> bool:
    """Whether a headline is a bulletin's (a forecast...) by its cue words: it links only through a name both
    headlines carry."""
    return any(w.startswith(_BULLETIN_STEMS) for w in _cue_words(title))


def name_words(mentions, terms_of, key_of) -> dict[str, str]:
    """Each word of a name the reports wrote -> that name's key (its headline words are the name again)."""
    found: dict[str, str] = {}
    for m in mentions:
        key = key_of(m)
        if key is None:
            continue
        for word in terms_of(m.surface):
            if not word.startswith("~") and len(word) >= 3:
                found.setdefault(word, key)
    return found


def things(keys, names: dict[str, str], daily=lambda name: False) -> dict[str, str]:
    """Distinct things among storyline keys: a thing -> "word" (a headline word that is no name's word) or "name".
    A name in the news every day (``daily``: a leader, a party, the capital, the country) is many storylines': it is
    no thing, however written (its words in a headline, "ঢাকাসহ", are that name again)."""
    found: dict[str, str] = {}
    for key in keys:
        kind, value = key[:2], key[2:]
        if kind == "t:":
            name = names.get(value) or next((n for w, n in names.items() if min(len(w), len(value)) >= 4
                                             and (w.startswith(value) or value.startswith(w))), None)
            if name is None:
                found.setdefault("t:" + value, "word")
                continue
            value = name
        if not daily(value):
            found[value] = "name"
    return found


def name_kinds(mentions, key_of) -> dict[str, str]:
    """Each name key the reports wrote -> its kind (PER, ORG, LOC...) as most of its mentions tag it."""
    counts: dict[str, Counter] = {}
    for m in mentions:
        if (key := key_of(m)) is not None:
            counts.setdefault(key, Counter())[m.type] += 1
    return {key: c.most_common(1)[0][0] for key, c in counts.items()}


def shares_kind(shared: dict[str, str], kinds: dict[str, str], types=("PER",)) -> bool:
    """Whether the things two events share (:func:`things`) name a person (or a name of the other ``types``). A body
    acts in many storylines at once (one office's two appointments, UNESCO's two listings, two stabbings brought to
    one hospital): what it acts on is the storyline, and unless a person is shared, it may not be the same."""
    return any(kinds.get(thing) in types for thing, kind in shared.items() if kind == "name")


def left_about(keys, held, kinds: dict[str, str], daily=lambda name: False) -> bool:
    """Whether the story's headlines name a person or a place its leads name too (whom or where it is about: a victim,
    an appointee, a town; storyline keys ``held``), and the event's leads name people (or places: ``kinds`` of its
    names), never that one: another person's or another town's storyline (a stabbing, an appointment, a blast). A name
    in the news every day (``daily``) tells no storyline's subject."""
    mine = {k[2:] for k in keys}
    for about, kind in (("q:", "PER"), ("w:", "LOC")):
        subject = {k[2:] for k in held if k.startswith(about) and not daily(k[2:])}
        named = any(kinds.get(k[2:]) == kind for k in keys if k[:2] in ("p:", "n:"))
        if subject and named and not subject & mine:
            return True
    return False


def other_actors(keys, held) -> bool:
    """Whether the event's leads name people and the story's leads (storyline keys ``held``) name people, none of
    them the same: another storyline of one topic (two medal winners, two police chiefs), not this one going on."""
    people, theirs = {k for k in keys if k.startswith("p:")}, {k for k in held if k.startswith("p:")}
    return bool(people) and bool(theirs) and not people & theirs


def other_objects(keys, held) -> bool:
    """Whether each side's headlines name a person or place the other side never names: one body acting on two
    things (UNESCO listing one country's craft, then another's festival), two storylines."""
    named = [{k[2:] for k in side if k[:2] in ("q:", "w:")} for side in (keys, held)]
    every = [{k[2:] for k in side if k[:2] in ("p:", "n:", "e:", "h:", "q:", "w:")} for side in (keys, held)]
    return bool(named[0] - every[1]) and bool(named[1] - every[0])


def speakers(titles, terms_of) -> set[str]:
    """The words of whom headlines close on as their speakers (what :func:`same_speaker` compares with)."""
    return {w for title in titles if (tail := speaker_tail(title)) for w in terms_of(tail)}


def same_speaker(title: str | None, spoken: set[str], terms_of) -> bool:
    """Whether a headline closes on a speaker other headlines close on (a word of the tails in common).
    ``spoken``: :func:`speakers` of the other headlines."""
    return bool(speakers([title], terms_of) & spoken)


def first_words(titles, words_of) -> set[str]:
    """The words headlines open on (what :func:`acting_body` compares a headline's first word with)."""
    return {words[0] for title in titles if (words := words_of(title))}


def acting_body(title: str | None, firsts: set[str], words_of, names: dict[str, str], mentions, key_of) -> str | None:
    """The organisation a headline opens on when another headline opens on it too ("ACC files a case", "ACC to file
    60 cases"): a body acting every day, not a storyline's thing (a person or a place opening both is one).
    ``firsts``: :func:`first_words` of the other headlines; ``names``: :func:`name_words` of the ``mentions``."""
    first = words_of(title)[:1]
    if not first or first[0] not in firsts:
        return None
    key = next(iter(things(["t:" + first[0]], names)))
    return key if any(m.type == "ORG" and key_of(m) == key for m in mentions) else None


def _key_words(keys, names: dict | None = None) -> str:
    """Storyline keys for a reader: headline words as they are, names as the reports wrote them (when known)."""
    return ", ".join((names or {}).get(k) or k.split(":", 1)[1] for k in keys)


def explain_story(why: dict) -> str:
    """In words, why an event is in its story (``StoryLinker.explain``'s dict, or a timeline entry's ``why``)."""
    story = why.get("story_id") or "its story"
    if why.get("continues"):
        return (f"In story {story}: it continues an earlier event of it (pair decision {why.get('pair_score')}), and names "
                f"that storyline again: {_key_words(why.get('storyline_keys') or [], why.get('names'))}.")
    if why.get("opened"):
        refused = why.get("refused_story")
        if refused and why.get("one_thing"):
            return (f"Opened story {story}: the pair decision said it continues story {refused} (score {why.get('pair_score')}), "
                    "but all it shares with that storyline is one person, body or word, or topic words and no name (a name "
                    "in the news every day counts for none): many storylines share that much.")
        if refused and why.get("other_subject"):
            return (f"Opened story {story}: the pair decision said it continues story {refused} (score {why.get('pair_score')}), "
                    "but they share no person, and that storyline is headed by a person or place this one never names (or "
                    "each headline names one the other never does): one body acting on two things, two storylines.")
        if refused and why.get("bulletin"):
            return (f"Opened story {story}: the pair decision said it continues story {refused} (score {why.get('pair_score')}), "
                    "but one is a bulletin (a forecast) and their headlines share no name of one happening followed: "
                    "another day's bulletin is its own story.")
        if refused and why.get("other_names"):
            return (f"Opened story {story}: the pair decision said it continues story {refused} (score {why.get('pair_score')}), "
                    "but its headline names people, bodies or places that storyline's reports never name, and the other way "
                    "round: another storyline of one topic.")
        if refused:
            return (f"Opened story {story}: the pair decision said it continues story {refused} (score {why.get('pair_score')}), "
                    "but it shares no name or rare headline word with that storyline, only a topic.")
        return f"Opened story {story}: no earlier storyline continues here."
    keys = why.get("storyline_keys")
    named = f" It names that storyline again: {_key_words(keys, why.get('names'))}." if keys else ""
    if why.get("lead_names"):
        named = (f" Its leads name the same people, bodies or places as the story's leads (with its headline words): "
                 f"{_key_words(keys, why.get('names'))}.")
    late = " (Placed again when later reports of it came in.)" if why.get("late") else ""
    return (f"In story {story}: its words and names match the story's (score {why.get('score')}, lexical {why.get('lexical')}, "
            f"entities {why.get('entity')}, time factor {why.get('time_factor')}).{named}{late}")


def headline_words(title: str | None, found: Counter | None = None) -> list[str]:
    """A headline's words that may name a storyline, in order: no numbers, no short words."""
    found = terms(title or "") if found is None else found
    return [t for t in found if not t.startswith("~") and not t.isdigit() and len(t) >= 3]


def in_headline(name: Counter, headline: Counter, half: bool = False) -> bool:
    """Whether each word of a name (``half``: half of its words) is in the headline, one a prefix of the other (the
    stemmer cuts a name in the headline's case ending otherwise than the bare name: লক্ষ্মীপুরে, লক্ষ্মীপুর)."""
    words = [w for w in name if not w.startswith("~")]
    if half:
        long = [w for w in words if len(w) >= 3]
        found = sum(any(h.startswith(w) or w.startswith(h) for h in headline if len(h) >= 3 and not h.startswith("~")) for w in long)
        return bool(long) and 2 * found >= len(long)
    return bool(words) and all(any(h.startswith(w) or w.startswith(h) for h in headline if len(h) >= 3 and not h.startswith("~"))
                               for w in words if len(w) >= 3) and any(len(w) >= 3 for w in words)


def continued_first(events: list[Event], by_id: dict[str, Article]) -> list[Event]:
    """Events by start day, each after the events it continues: the day alone does not order one day's events
    (a follow-up told that afternoon must find the morning's event in its story already)."""
    pending = {e.id: e for e in sorted(events, key=lambda e: (e.start or "9999", e.id))}
    ordered: list[Event] = []
    for event in list(pending.values()):
        chain = []  # the event, the one it continues, that one's... while not yet placed (no recursion: chains grow long)
        while event is not None and pending.pop(event.id, None) is not None:
            chain.append(event)
            related = [by_id[a].extras.get("event_why", {}).get("related_event") for a in event.article_ids if a in by_id]
            event = next((pending[r] for r in related if r in pending), None)
        ordered.extend(reversed(chain))
    return ordered
