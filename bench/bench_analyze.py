"""Speed of analyze on ~3 KB Bengali articles, against dateparser.search_dates alone on the same texts.

    python bench/bench_analyze.py [--seeds DIR] [--n 200]

Texts: 3 KB (UTF-8) slices of the seed articles, cleaned (only a few distinct texts, so
per-word memos are warm), and, when the shared data is there, 3 KB pseudo-articles of
consecutive rifat test sentences (all distinct), measured two ways:

- cold: a fresh tagger per pass (its word memo starts empty), best of three passes, since
  this machine is shared;
- long run: a tagger that has first analyzed the rifat *train* sentences as articles (other
  reports, as in a run over many articles), so only the words those did not have are new.

One core (single process). Target: 200 articles/s on the distinct texts.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from khobor.analyze import analyze  # noqa: E402
from khobor.analyze.ner import CRF_MODEL_PATH, NerTagger, default_tagger  # noqa: E402
from khobor.clean import clean  # noqa: E402
from khobor.model import Article, RawDoc  # noqa: E402


def three_kb_texts(seeds: Path) -> list[str]:
    texts = []
    for path in sorted(seeds.glob("*.txt")):
        body = clean(RawDoc(source=path.name, text=path.read_text(encoding="utf-8"))).body
        data = body.encode("utf-8")
        for start in range(0, max(1, len(data) - 3000), 3000):
            texts.append(data[start : start + 3000].decode("utf-8", "ignore"))
    return texts


def rifat_texts(path: Path) -> list[str]:
    """Consecutive test sentences joined into ~3 KB texts."""
    from training.ner_data import read_rifat

    texts, current = [], []
    for sent in read_rifat(path):
        current.append(" ".join(sent.tokens))
        if len(" ".join(current).encode("utf-8")) >= 3000:
            texts.append(" ".join(current))
            current = []
    return texts


def cold_rate(texts: list[str], new_tagger, passes: int = 3) -> float:
    """Articles/s by CPU time on texts whose words the tagger has not seen: a fresh tagger per pass, best pass."""
    rates = []
    for _ in range(passes):
        tagger = new_tagger()  # loading is not part of per-article cost
        cpu = time.process_time()
        for i, text in enumerate(texts):
            analyze(Article(id=str(i), source="-", body=text, published_at="2025-07-12"), tagger=tagger)
        rates.append(len(texts) / (time.process_time() - cpu))
    return max(rates)


def long_run_rate(texts: list[str], warm_texts: list[str], new_tagger) -> float:
    """Articles/s by CPU time on ``texts`` after the same tagger analyzed ``warm_texts`` (other articles)."""
    tagger = new_tagger()
    for i, text in enumerate(warm_texts):
        analyze(Article(id=f"w{i}", source="-", body=text, published_at="2025-07-12"), tagger=tagger)
    cpu = time.process_time()
    for i, text in enumerate(texts):
        analyze(Article(id=str(i), source="-", body=text, published_at="2025-07-12"), tagger=tagger)
    return len(texts) / (time.process_time() - cpu)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "seeds")
    parser.add_argument("--n", type=int, default=200)
    args = parser.parse_args()
    texts = three_kb_texts(args.seeds)
    batch = [texts[i % len(texts)] for i in range(args.n)]
    default_tagger()  # model load is not part of per-article cost
    analyze(Article(id="warm", source="-", body=batch[0], published_at="2025-07-12"))

    started, cpu = time.perf_counter(), time.process_time()
    for i, text in enumerate(batch):
        analyze(Article(id=str(i), source="-", body=text, published_at="2025-07-12"))
    ours = time.perf_counter() - started
    ours_cpu = time.process_time() - cpu

    import dateparser.search

    settings = {"RELATIVE_BASE": __import__("datetime").datetime(2025, 7, 12)}
    dateparser.search.search_dates(batch[0], languages=["bn"], settings=settings)
    n_dp = max(10, args.n // 10)
    started = time.perf_counter()
    for text in batch[:n_dp]:
        dateparser.search.search_dates(text, languages=["bn"], settings=settings)
    dp = (time.perf_counter() - started) / n_dp * args.n

    rifat = args.seeds.parent / "data" / "ner-rifat1493" / "test.txt"
    distinct = None
    if rifat.exists():
        texts2 = rifat_texts(rifat)[: args.n]
        default_path = default_tagger().model_path
        distinct = cold_rate(texts2, lambda: NerTagger(default_path))
        distinct_crf = cold_rate(texts2, lambda: NerTagger(CRF_MODEL_PATH))  # the CRF, same texts, cold memos too
        long_run = long_run_rate(texts2, rifat_texts(rifat.with_name("train.txt")), lambda: NerTagger(default_path))
        started = time.perf_counter()
        NerTagger(default_path)
        load_s = time.perf_counter() - started
        cpu = time.process_time()
        for text in texts2[:n_dp]:
            dateparser.search.search_dates(text, languages=["bn"], settings=settings)
        dp_distinct = n_dp / (time.process_time() - cpu)  # articles/s by CPU time, on the same distinct texts

    avg_chars = sum(map(len, batch)) / len(batch)
    print(f"{len(batch)} articles of 3 KB UTF-8 (~{avg_chars:.0f} characters)")
    print(f"analyze (sentences, language, NER, times, quotes): {args.n / ours:.0f} articles/s ({ours / args.n * 1000:.2f} ms each); "
          f"by CPU time of this process {args.n / ours_cpu:.0f} articles/s (a fairer figure on a shared machine)")
    print(f"dateparser.search_dates alone (languages=['bn']): {args.n / dp:.1f} articles/s ({dp / args.n * 1000:.1f} ms each, {n_dp} texts)")
    print(f"ratio analyze / dateparser: {dp / ours:.1f}x faster")
    if distinct:
        print(f"analyze on distinct 3 KB texts (rifat test sentences; cold word memos, best of 3 passes), by CPU time: {distinct:.0f} articles/s "
              f"with {Path(default_tagger().model_path).name}; {distinct_crf:.0f} articles/s with the CRF ({distinct / distinct_crf:.2f}x)")
        print(f"dateparser.search_dates alone on the same distinct texts, by CPU time: {dp_distinct:.0f} articles/s; "
              f"ratio analyze (cold) / dateparser: {distinct / dp_distinct:.2f}x")
        print(f"analyze on the same distinct texts in a long run (tagger first analyzed the {len(rifat_texts(rifat.with_name('train.txt')))} "
              f"rifat train texts), by CPU time: {long_run:.0f} articles/s; tagger load {load_s:.2f} s (once per process)")


if __name__ == "__main__":
    main()
