"""Load the event benchmark fixture (tests/fixtures/events) as cleaned Articles."""

from __future__ import annotations

import json
from pathlib import Path

from khobor.clean import clean
from khobor.model import RawDoc

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "events"


def load_docs() -> list[dict]:
    return [json.loads(line) for line in (FIXTURE / "corpus.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]


def load_articles(docs: list[dict]) -> list:
    """Each fixture text through clean, as a feed with title/date/outlet fields would arrive."""
    articles = []
    for d in docs:
        fields = {"title": d["title"], "outlet": d["outlet"]}
        if d["date"]:
            fields["date"] = d["date"]
        article = clean(RawDoc(source=d["source"], text=d["text"], fields=fields))
        article.extras["fixture_id"] = d["id"]
        articles.append(article)
    return articles
