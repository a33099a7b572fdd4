"""Which places hold which: a report told at the Secretariat and one told in Dhaka are told in one place.

The place test of a pair (``khobor.cluster.pairs.places_disagree``) reads two reports as told in two places
when neither names the other's places. A place and a place inside it are not two places: the country, its capital and the
seats of the state there (the Secretariat, Bangabhaban ...), where national news is told. A district is not
held by the country: "Bangladesh" is named by most reports, and a district's happening is told apart from
the nation's (a raid on a district bank, the central bank's dollar purchases). Two places side by side (two
districts, two towns) still disagree.
"""

from __future__ import annotations

from functools import cache, lru_cache

COUNTRY = "বাংলাদেশ"
CAPITAL = "ঢাকা"


def _skeleton(word: str) -> str:
    from khobor.analyze.names import bengali_skeleton, latin_skeleton

    return latin_skeleton(word) if word.isascii() else bengali_skeleton(word)


@cache
def _within() -> dict[str, frozenset[str]]:
    """Skeleton of a place -> skeletons of the places that hold it."""
    from khobor.analyze.landmarks import _COMMON_SEATS, _SEATS, _names

    country, capital = _skeleton(COUNTRY), _skeleton(CAPITAL)
    out = {capital: frozenset((country,))}
    for seat in _names(f"{_SEATS} {_COMMON_SEATS}"):
        if " " not in seat:  # (a word of a longer name, "ভবন", "উদ্যান", names buildings anywhere)
            out[_skeleton(seat)] = frozenset((country, capital))
    return out


@lru_cache(maxsize=1 << 14)
def holders(places: frozenset) -> frozenset:
    """The places that hold the given places (skeletons)."""
    within = _within()
    out: set[str] = set()
    for place in places:
        found = within.get(place)
        if found:
            out |= found
    return frozenset(out)


def held(places, holding: frozenset) -> bool:
    """Is one of ``places`` among ``holding`` (a skeleton opening another counts, as for the same place)?"""
    return any(p.startswith(h) or h.startswith(p) for p in places for h in holding)
