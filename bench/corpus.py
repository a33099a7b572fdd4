"""Benchmark corpora built from real Bengali news sentences.

The sentences come from the two NER data sets in ../shared/data (news text
written by people); they are recombined at random into pseudo-articles, so the
vocabulary and word lengths are real while the articles themselves are not.
"""

from __future__ import annotations

import gzip
import json
import random
import sys
import time
from functools import cache
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
DEV = SHARED / "real-news-dev"


def real_articles(data: Path = DEV) -> list[dict]:
    """The real-news-dev corpus rows (read from its folder, never copied)."""
    if not (data / "munt-dev.jsonl.gz").exists():
        sys.exit(f"real-news-dev corpus not found at {data} (dev-only data, not shipped)")
    rows = []
    for name in ("munt-dev", "miraz"):
        with gzip.open(data / f"{name}.jsonl.gz", "rt", encoding="utf-8") as src:
            rows += [json.loads(line) for line in src if line.strip()]
    return rows


def cleaned(rows: list[dict]) -> list:
    """Articles as a run makes them (clean over the raw rows). khobor is imported here, not at the top: this module
    imports whichever khobor is first on the path (a script comparing two checkouts sets PYTHONPATH)."""
    from khobor.clean import clean
    from khobor.model import RawDoc

    out = []
    for row in rows:
        fields = {k: str(row[k]) for k in ("title", "url", "outlet") if row.get(k)}
        if row.get("published"):
            fields["date"] = row["published"]
        out.append(clean(RawDoc(source=row.get("outlet") or "-", text=row["text"], fields=fields)))
    return out


def by_language(articles: list, n: int) -> dict[str, list]:
    """At most ``n`` articles of each language (bn, en), in corpus order."""
    from khobor.analyze import detect_language
    from khobor.analyze.english import is_english

    groups: dict[str, list] = {"bn": [], "en": []}
    for a in articles:
        lang = "en" if is_english(a.body, detect_language(a.body) or a.language) else "bn"
        if len(groups[lang]) < n:
            groups[lang].append(a)
    return groups


@cache
def real_sentences(data_dir: Path = SHARED) -> tuple[str, ...]:
    rifat, banglakit = data_dir / "ner-rifat1493", data_dir / "ner-banglakit"
    if not rifat.is_dir() or not banglakit.is_dir():
        sys.exit(f"benchmark data not found under {data_dir} (needs ner-rifat1493 and ner-banglakit)")
    sentences: list[str] = []
    for name in ("train.txt", "test.txt"):
        words: list[str] = []
        for line in (rifat / name).read_text(encoding="utf-8-sig").splitlines():
            token = line.split("\t")[0].strip()
            if not token:
                continue
            words.append(token)
            if token.endswith(("।", "?", "!")):
                sentences.append(" ".join(words))
                words = []
    for line in (banglakit / "main.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            sentences.append(json.loads(line)[0])
    return tuple(dict.fromkeys(s for s in sentences if len(s) > 20))


def pseudo_articles(n: int, *, seed: int = 0, sentences_per_article: tuple[int, int] = (6, 14)) -> list[dict]:
    """n articles as {title, text}, each a random draw of real sentences in paragraphs of 2-3."""
    rng = random.Random(seed)
    pool = real_sentences()
    out = []
    for i in range(n):
        picked = rng.sample(pool, rng.randint(*sentences_per_article))
        paragraphs = [" ".join(picked[j:j + 3]) for j in range(1, len(picked), 3)]
        out.append({"title": picked[0].rstrip("।"), "text": "\n\n".join(paragraphs), "n": i})
    return out


CORPUS_NOTE = ("corpus: pseudo-articles recombined at random from real Bengali news sentences "
               "(ner-rifat1493 + ner-banglakit); real vocabulary, not real articles")


class StageClock:
    """A ``on_progress`` callback that adds up time per stage (task name) between calls: wall time, or
    ``clock=time.process_time`` for this process's CPU time."""

    def __init__(self, clock=time.perf_counter) -> None:
        self.clock = clock
        self.seconds: dict[str, float] = {}
        self.restart()

    def restart(self) -> None:
        self.last = self.clock()

    def __call__(self, task: str, advance: int, total: int | None) -> None:
        now = self.clock()
        self.seconds[task] = self.seconds.get(task, 0.0) + now - self.last
        self.last = now


def timed(fn, *args):
    """A pool task, with the CPU it took in its worker (here, not in a script: pool workers do not import the
    driver's main module)."""
    start = time.process_time()
    out = fn(*args)
    return ("timed", out, time.process_time() - start)
