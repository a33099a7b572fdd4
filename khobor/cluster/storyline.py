"""What tells a storyline from a topic: the distinct things two events share.

A storyline is told by several specific things at once: the case and its court, the two teams, the victim and
the town. One thing alone (a party chairman, an office, the country's election commission, one topic word such
as "human" in "human rights") is shared by many unrelated events of one topic: it never links two events by itself.

Counting things, a person's name is one thing however it is written: as an entity key, and as the words of it
in a headline (``tarique``, ``rahman``). A headline's closing attribution ("...: Fakhrul", "..., says EU chief",
"...: শিক্ষামন্ত্রী") names who spoke, not what the storyline is: its words are no key of the storyline.
"""

from __future__ import annotations

import re

# "…: Mirza Abbas", "… – minister", "…, says Zelenskiy", "…, Nobel institute says": who said it, at the end.
_TAIL = re.compile(r"(?:[:：]|\s[-–—]\s)\s*([^:：]{1,40})$")
_SAYS = re.compile(r",\s*([^,]{1,40}?)\s+(?:says|said|tells|told)\s*$|,\s*(?:says|said)\s+([^,]{1,40})$", re.I)
# Headlines of pieces that explain, guide or remember rather than report: they share a topic's words with every
# piece of the topic, so only names they share (a case) tell a storyline. Words as written; বার্ষিকী also with a
# case ending (বার্ষিকীতে). (Not "দিবস", day: a day being prepared for is a storyline of its own.)
_ABOUT = frozenset("how why what guide checklist tips explained explainer anniversary কীভাবে কিভাবে যেভাবে কেন করণীয় "
                   "উপায়".split())
_ABOUT_STEMS = ("বার্ষিকী",)
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


def explains(title: str | None) -> bool:
    """Whether a headline is a guide, an explainer or a remembrance (by its cue words), not a report of news."""
    words = re.findall(r"[^\s\d.,:;!?'\"‘’“”()\[\]/|–—-]+", (title or "").casefold())
    return any(w in _ABOUT or w.startswith(_ABOUT_STEMS) for w in words)


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


def same_speaker(title: str | None, others, terms_of) -> bool:
    """Whether a headline closes on the speaker another headline closes on (a word of the two tails in common)."""
    mine = set(terms_of(tail)) if (tail := speaker_tail(title)) else set()
    return bool(mine) and any(mine & set(terms_of(t)) for other in others if (t := speaker_tail(other)))


def acting_body(title: str | None, others, words_of, names: dict[str, str], mentions, key_of) -> str | None:
    """The organisation a headline opens on when another headline opens on it too ("ACC files a case", "ACC to file
    60 cases"): a body acting every day, not a storyline's thing (a person or a place opening both is one).
    ``names``: :func:`name_words` of the ``mentions``."""
    first = words_of(title)[:1]
    if not first or not any(words_of(other)[:1] == first for other in others):
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
