"""Machine-translation score: seeds 000, 002, 003 are machine-translated; 001 and 004 are not."""

from __future__ import annotations

import sys
from pathlib import Path

from khobor.clean import clean
from khobor.clean.mt_score import mt_score
from khobor.clean.normalize import normalize
from khobor.model import RawDoc

FIXTURES = Path(__file__).parent / "fixtures" / "clean"
sys.path.insert(0, str(FIXTURES))


def test_seeds_separate(seeds_dir):
    scores = {p.name[:3]: clean(RawDoc(source=p.name, text=p.read_text(encoding="utf-8"))).mt_score
              for p in sorted(seeds_dir.glob("*.txt"))}
    print("\nmt scores", scores)
    assert min(scores[k] for k in ("000", "002", "003")) >= 0.6
    assert max(scores[k] for k in ("001", "004")) <= 0.2


def test_handwritten_stories_score_low():
    from topics import TOPICS

    for topic in TOPICS:
        score, signals = mt_score(normalize("\n\n".join(topic["paras"])))
        assert score < 0.5, (topic["title"], signals)


def test_broken_vowel_sign_is_a_signal():
    score, signals = mt_score(normalize("তাদের দৃ determination ়তার উপর জোর দিয়েছিল।"))
    assert score >= 0.5 and any("broken" in s for s in signals)
