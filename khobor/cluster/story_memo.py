"""What a story linker reads again and again within one batch, kept for that batch (``StoryLinker._memo``).

A long story's headlines are compared with every event that might join it: their folded words, cue words,
speakers and first words are read once, and then only the headlines added since, not once per comparison.
"""

from __future__ import annotations

from collections import Counter

from khobor.clean.normalize import ascii_digits
from khobor.cluster.features import terms
from khobor.cluster.storyline import bulletin, explains, first_words, headline_words, speakers


TITLES_MEMO = 200_000  # stories whose headlines a linker keeps read (``_titles_memo``: not state)


class StoryTitles:
    """What one story's headlines tell (``BatchMemo._titles``), each part read as far as it was asked for."""

    __slots__ = ("timeline", "folded_seen", "marks_seen", "explains", "bulletin", "spoken", "firsts", "folded")

    def __init__(self, timeline: list):
        self.timeline = timeline
        self.folded_seen: set[tuple] = set()  # (event id, title) of the entries folded
        self.marks_seen: set[tuple] = set()  # ... and of those whose marks were taken
        self.explains = self.bulletin = False
        self.spoken: set[str] = set()
        self.firsts: set[str] = set()
        self.folded = ""

    @staticmethod
    def added(timeline: list, seen: set) -> list:
        """The titles of the entries not in ``seen`` (now added to it)."""
        if len(seen) == len(timeline):
            return []
        new = [(e["event_id"], e["title"]) for e in timeline if (e["event_id"], e["title"]) not in seen]
        seen.update(new)
        return [title for _, title in new]


class BatchMemo:
    """A mix-in of ``StoryLinker``: its ``_memo`` (emptied each batch), ``_word_memo`` and ``_titles_memo`` (kept
    across batches)."""

    _memo: dict
    _word_memo: dict

    def _surface_terms(self, surface: str) -> Counter:
        memo = self._memo
        found = memo.get(("surface", surface))
        if found is None:
            found = memo[("surface", surface)] = terms(surface, self._word_memo)
        return found

    def _folded_timeline(self, story_id: str, timeline: list) -> str:
        """The timeline's titles folded and joined (a word is looked for in them: their order plays no part)."""
        held = self._titles(story_id, timeline)
        titles = held.added(timeline, held.folded_seen)
        if titles:
            held.folded = "\n".join([held.folded, *map(self._folded, titles)] if held.folded else map(self._folded, titles))
        return held.folded

    def _title_marks(self, story_id: str, timeline: list) -> tuple[bool, bool, set, set]:
        """Whether a story's headlines hold a guide's or a bulletin's cue words, the words of who spoke in them, and
        the words they open on (their stems: taken only when a headline is compared with the story's by name)."""
        held = self._titles(story_id, timeline)
        titles = held.added(timeline, held.marks_seen)
        if titles:
            held.explains = held.explains or any(map(explains, titles))
            held.bulletin = held.bulletin or any(map(bulletin, titles))
            held.spoken |= speakers(titles, self._surface_terms)
            held.firsts |= first_words(titles, self._title_words)
        return held.explains, held.bulletin, held.spoken, held.firsts

    def _titles(self, story_id: str, timeline: list) -> "StoryTitles":
        """What a story's headlines tell, kept from batch to batch and brought up to date with the headlines added
        since (a timeline only grows in place, or is replaced): a long story's are read once a run, not once a batch."""
        memo = self.__dict__.setdefault("_titles_memo", {})
        held = memo.get(story_id)
        if held is None or held.timeline is not timeline or len(timeline) < max(len(held.folded_seen), len(held.marks_seen)):
            if len(memo) > TITLES_MEMO:
                memo.clear()
            held = memo[story_id] = StoryTitles(timeline)
        return held

    def _folded(self, title: str | None) -> str:
        memo = self.__dict__.setdefault("_memo", {})
        if (found := memo.get(("folded", title))) is None:
            found = memo[("folded", title)] = ascii_digits(title or "").casefold()  # (as ``terms`` reads it)
        return found

    def _words(self, title: str | None) -> set[str]:
        memo = self.__dict__.setdefault("_memo", {})
        if (found := memo.get(("title", title))) is None:
            found = memo[("title", title)] = set(headline_words(title, terms(title or "", self._word_memo)))
        return found
