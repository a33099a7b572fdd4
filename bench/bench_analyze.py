"""Speed of analyze on real Bengali and English news, against the old code path and two anchor libraries.

    python bench/bench_analyze.py [--data ../shared/data/real-news-dev] [--n 300] [--chunk 125]

Articles: the real-news-dev corpus (read from ../shared, never copied), cleaned as a run cleans
them, split by language as analyze decides it; ``--n`` of each. One core, one thread (BLAS and
OpenMP pools set to 1), CPU time of this process (the machine is shared), each tagger fresh
(cold word memos, as a new worker). Printed per language, measured back to back in this run:

- analyze now: ``analyze_many`` over chunks of ``--chunk`` articles (what a worker gets);
- the old code path (``analyze_reference``): ``analyze`` article by article, the BiLSTM over a
  padded array per article, spaCy's own ner pipe for English; and whether both give the same
  mentions, times and quotes;
- anchors on the same texts: dateparser.search_dates alone (languages bn / en) and spaCy's
  en_core_web_sm ner pipe alone (English).
"""

from __future__ import annotations

import argparse
import copy
import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from analyze_reference import analyze_old  # noqa: E402
from corpus import DEV, by_language, cleaned, real_articles  # noqa: E402


def rate(n: int, fn) -> float:
    """Articles/s by CPU time of ``fn()`` over n articles."""
    cpu = time.process_time()
    fn()
    return n / (time.process_time() - cpu)


def fingerprint(article) -> tuple:
    return ([(m.start, m.end, m.type) for m in article.mentions], [(t.start, t.end, t.value) for t in article.times],
            [(q.start, q.end, q.speaker) for q in article.quotes])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=DEV)
    parser.add_argument("--n", type=int, default=300, help="articles per language")
    parser.add_argument("--chunk", type=int, default=125, help="articles per analyze_many call (a worker's chunk)")
    args = parser.parse_args()
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)
    import dateparser.search

    from khobor.analyze import analyze_many
    from khobor.analyze.english import english_nlp
    from khobor.analyze.ner import MODEL_PATH, NerTagger

    groups = by_language(cleaned(real_articles(args.data)), args.n)
    nlp = english_nlp()
    warm = [copy.deepcopy(a) for a in groups["bn"][:2] + groups["en"][:2]]
    analyze_many(warm)  # lazy tables and models load outside the timings
    analyze_old(warm)
    settings = {"RELATIVE_BASE": __import__("datetime").datetime(2025, 12, 10)}
    print(f"analyze on real-news-dev articles, one core, CPU time; chunks of {args.chunk} articles")
    print(f"{'':4s}{'articles':>9s}{'chars':>7s}{'now art/s':>11s}{'old art/s':>11s}{'speed-up':>10s}{'same':>6s}"
          f"{'dateparser':>12s}{'spaCy ner':>11s}")
    for lang, arts in groups.items():
        if not arts:
            continue
        new, old = copy.deepcopy(arts), copy.deepcopy(arts)
        tagger = NerTagger(MODEL_PATH)
        now = rate(len(arts), lambda: [analyze_many(new[i : i + args.chunk], tagger=tagger) for i in range(0, len(new), args.chunk)])
        tagger = NerTagger(MODEL_PATH)
        before = rate(len(arts), lambda: analyze_old(old, tagger))
        same = all(fingerprint(a) == fingerprint(b) for a, b in zip(new, old))
        texts = [a.body for a in arts]
        few = texts[: max(10, len(texts) // 10)]  # dateparser is slow: a tenth of the texts
        dp = rate(len(few), lambda: [dateparser.search.search_dates(t, languages=[lang], settings=settings) for t in few])
        sp = rate(len(texts), lambda: [nlp(t) for t in texts]) if lang == "en" else None
        chars = sum(map(len, texts)) / len(texts)
        print(f"{lang:4s}{len(arts):9d}{chars:7.0f}{now:11.0f}{before:11.0f}{now / before:9.2f}x{'yes' if same else 'NO':>6s}"
              f"{dp:12.1f}{(f'{sp:.0f}' if sp else '-'):>11s}")
    print("(dateparser: search_dates alone on the same texts; spaCy ner: en_core_web_sm with only its ner pipe, "
          "one text per call, as the old path ran it)")


if __name__ == "__main__":
    main()
