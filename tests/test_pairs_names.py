"""The fast "does the other report name it" test gives what testing every couple of skeletons gives."""

import random

from khobor.cluster.pairs import Profile, names_any, _same_place
from collections import Counter


def plain(skeletons, other: Profile) -> bool:
    return any(_same_place(x, y) for x in skeletons for y in other.names | other.title_names | other.place_names)


def prof(names=(), title_names=(), place_names=()):
    return Profile(id="p", day=None, lang="bn", outlet=None, counts=Counter(), title_terms=frozenset(),
                   numbers=frozenset(), title_numbers=frozenset(), title_entities=frozenset(), direction=0,
                   entities=frozenset(), places=frozenset(), names=frozenset(names), title_names=frozenset(title_names),
                   place_names=frozenset(place_names))


def test_prefix_either_way_and_none():
    other = prof(names={"DKV", "JPNN"}, title_names={"KLKT"}, place_names={"SLT"})
    assert names_any({"DK"}, other)  # DK opens DKV
    assert names_any({"JPNNR"}, other)  # JPNN opens JPNNR
    assert names_any({"SLT"}, other)
    assert not names_any({"BRSL", "DB"}, other)
    assert not names_any(set(), other) and not names_any({"DK"}, prof())


def test_same_answer_as_every_couple_on_random_skeletons():
    rng = random.Random(7)
    letters = "DKVJPNSLTB"

    def word():
        return "".join(rng.choice(letters) for _ in range(rng.randint(1, 5)))

    for _ in range(3000):
        other = prof({word() for _ in range(rng.randint(0, 6))}, {word() for _ in range(rng.randint(0, 4))},
                     {word() for _ in range(rng.randint(0, 3))})
        mine = {word() for _ in range(rng.randint(0, 4))}
        assert names_any(mine, other) == plain(mine, other)
