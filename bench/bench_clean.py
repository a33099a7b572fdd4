"""Plain-text clean stage throughput vs trafilatura on the same texts wrapped as HTML.

Usage: python bench/bench_clean.py [--n 10000] [--baseline-n N]
Texts: the 48 synthetic layouts of tests/fixtures/clean plus the five seeds
(when ../shared/seeds exists), cycled to N articles, each made unique by a
numbered closing sentence. Baseline: trafilatura.extract on the same text with
every line wrapped as <p>, timed on the first --baseline-n articles (default all),
interleaved with khobor in chunks of 250 so that other load on the machine hits both alike.
"""

from __future__ import annotations

import argparse
import html
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SEEDS = ROOT.parent / "shared" / "seeds"


def corpus(n: int) -> list[str]:
    fixture = ROOT / "tests" / "fixtures" / "clean" / "synthetic.jsonl"
    texts = ["\n".join(t for _, t in json.loads(line)["lines"]) for line in fixture.read_text(encoding="utf-8").splitlines()]
    if SEEDS.is_dir():
        texts += [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    return [f"{texts[i % len(texts)]}\nপ্রতিবেদন নম্বর {i}।" for i in range(n)]


def as_html(text: str) -> str:
    paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())
    return f"<html><head><meta charset='utf-8'></head><body><article>{paragraphs}</article></body></html>"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--baseline-n", type=int, default=None)
    args = parser.parse_args()
    import trafilatura

    from khobor.clean import clean
    from khobor.model import RawDoc

    texts = corpus(args.n)
    raws = [RawDoc(source=f"bench/{i}", text=t) for i, t in enumerate(texts)]
    baseline_n = args.baseline_n or len(texts)
    pages = [as_html(t) for t in texts[:baseline_n]]
    clean(raws[0])  # warm caches (compiled patterns) before timing
    trafilatura.extract(pages[0])
    # Interleave the two in chunks so that load from other processes hits both alike.
    ours_s = theirs_s = 0.0
    chunk = 250
    for start in range(0, len(raws), chunk):
        t0 = time.perf_counter()
        for raw in raws[start:start + chunk]:
            clean(raw)
        t1 = time.perf_counter()
        for page in pages[start:start + chunk]:
            trafilatura.extract(page)
        ours_s += t1 - t0
        theirs_s += time.perf_counter() - t1
    ours = len(raws) / ours_s
    theirs = len(pages) / theirs_s

    print(f"khobor clean (plain text): {ours:,.0f} articles/s over {len(raws):,} articles")
    print(f"trafilatura.extract (same texts as <p> HTML): {theirs:,.0f} articles/s over {len(pages):,} articles")
    print(f"ratio: {ours / theirs:.1f}x (target >= 3x)")


if __name__ == "__main__":
    main()
