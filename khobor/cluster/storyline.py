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


def things(keys, names: dict[str, str]) -> dict[str, str]:
    """Distinct things among storyline keys: a thing -> "word" (a headline word that is no name's word) or "name"."""
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
        found[value] = "name"
    return found
