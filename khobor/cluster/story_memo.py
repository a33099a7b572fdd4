"""What a story linker reads again and again within one batch, kept for that batch (``StoryLinker._memo``).

A long story's headlines are compared with every event that might join it: their folded words, cue words and
speakers are taken once a batch while its timeline is unchanged, not once per comparison.
"""

from __future__ import annotations

from collections import Counter

from khobor.clean.normalize import ascii_digits
from khobor.cluster.features import terms
from khobor.cluster.storyline import bulletin, explains, first_words, headline_words, speakers


class BatchMemo:
    """A mix-in of ``StoryLinker``: its ``_memo`` (emptied each batch) and ``_word_memo`` (kept across batches)."""

    _memo: dict
    _word_memo: dict

    def _surface_terms(self, surface: str) -> Counter:
        memo = self._memo
        found = memo.get(("surface", surface))
        if found is None:
            found = memo[("surface", surface)] = terms(surface, self._word_memo)
        return found

    def _folded_timeline(self, story_id: str, timeline: list) -> str:
        """The timeline's titles folded and joined, once per batch while it is unchanged (a long story's grows with the store)."""
        held = self.__dict__.setdefault("_memo", {}).get(("timeline", story_id))
        if held is None or held[0] is not timeline or held[1] != len(timeline):
            held = self._memo[("timeline", story_id)] = (timeline, len(timeline), "\n".join(self._folded(e["title"]) for e in timeline))
        return held[2]

    def _title_marks(self, story_id: str, timeline: list) -> tuple[bool, bool, set, set]:
        """Whether a story's headlines hold a guide's or a bulletin's cue words, the words of who spoke in them, and
        the words they open on: once per batch while its timeline is unchanged, not for every event compared with it."""
        held = self.__dict__.setdefault("_memo", {}).get(("marks", story_id))
        if held is None or held[0] is not timeline or held[1] != len(timeline):
            titles = [entry["title"] for entry in timeline]
            marks = (any(map(explains, titles)), any(map(bulletin, titles)), speakers(titles, self._surface_terms),
                     first_words(titles, self._title_words))
            held = self._memo[("marks", story_id)] = (timeline, len(timeline), marks)
        return held[2]

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
