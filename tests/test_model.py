"""Article.to_dict is written out by hand for speed: it must stay what dataclasses.asdict gives."""

from dataclasses import asdict
from pathlib import Path

from khobor.analyze import analyze
from khobor.clean import clean
from khobor.model import Article, Quote, RawDoc

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def test_to_dict_equals_asdict_on_analyzed_samples():
    checked = 0
    for path in sorted(SAMPLES.rglob("*.txt"))[:3]:
        article = analyze(clean(RawDoc(source=str(path), text=path.read_text(encoding="utf-8"))))
        article.extras["event_why"] = {"shared_terms": ["a", "b"], "features": {"gap": 0.5}}
        article.quotes.append(Quote(start=0, end=3, text="abc", speaker="x", speaker_entity_id="e1"))
        data = article.to_dict()
        assert data == asdict(article)
        assert list(data) == list(asdict(article))
        data["extras"]["event_why"]["shared_terms"].append("c")  # a copy, as asdict gives
        assert article.extras["event_why"]["shared_terms"] == ["a", "b"]
        assert Article.from_dict(data).mentions == article.mentions
        checked += 1
    assert checked and article.mentions
