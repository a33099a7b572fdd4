"""Main-text extraction on the article-extraction-benchmark: khobor's HTML path vs trafilatura.

Usage: python bench/bench_html_extraction.py [DATA_DIR] [--limit N]
DATA_DIR defaults to ../shared/data/article-extraction-benchmark next to the checkout.
Metric as in that benchmark: token 4-gram shingles counted per page
(true positives = shared shingles), precision and recall averaged over pages,
F1 from the averages. Both extractors run in the same process on the same pages.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections import Counter
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT = ROOT.parent / "shared" / "data" / "article-extraction-benchmark"
TOKEN = regex.compile(r"[\p{L}\p{M}\p{N}]+")


def shingles(text: str, n: int = 4) -> Counter:
    tokens = [t.casefold() for t in TOKEN.findall(text or "")]
    return Counter(tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens)


def page_pr(extracted: str, gold: str) -> tuple[float, float]:
    pred, true = shingles(extracted), shingles(gold)
    tp = sum((pred & true).values())
    precision = tp / sum(pred.values()) if pred else (1.0 if not true else 0.0)
    recall = tp / sum(true.values()) if true else 1.0
    return precision, recall


def summarize(pairs: list[tuple[float, float]]) -> dict[str, float]:
    p = sum(x for x, _ in pairs) / len(pairs)
    r = sum(y for _, y in pairs) / len(pairs)
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def load(data_dir: Path, limit: int | None = None) -> list[tuple[str, str, str, str]]:
    truth = json.loads((data_dir / "ground-truth.json").read_text(encoding="utf-8"))
    rows = []
    for page_id in sorted(truth)[:limit]:
        html = gzip.decompress((data_dir / "html" / f"{page_id}.html.gz").read_bytes())
        rows.append((page_id, html, truth[page_id].get("url") or "", truth[page_id]["articleBody"]))
    return rows


def extractors():
    import trafilatura

    from khobor.clean import clean
    from khobor.clean.html import decode_html, html_to_rawdoc

    def plain_trafilatura(html: bytes, url: str) -> str:
        return trafilatura.extract(decode_html(html), url=url) or ""

    def trafilatura_no_comments(html: bytes, url: str) -> str:
        return trafilatura.extract(decode_html(html), url=url, include_comments=False) or ""

    def khobor(html: bytes, url: str) -> str:
        return clean(html_to_rawdoc(html, source=url, fields={"url": url})).body

    return {"trafilatura": plain_trafilatura, "trafilatura(no comments)": trafilatura_no_comments, "khobor": khobor}


def run(data_dir: Path, limit: int | None = None) -> dict[str, dict[str, float]]:
    rows = load(data_dir, limit)
    results = {}
    for name, extract in extractors().items():
        start = time.perf_counter()
        pairs = [page_pr(extract(html, url), gold) for _, html, url, gold in rows]
        results[name] = summarize(pairs) | {"seconds": time.perf_counter() - start, "pages": len(rows)}
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir", nargs="?", default=str(DEFAULT))
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    results = run(Path(args.data_dir), args.limit)
    for name, r in results.items():
        print(f"{name:26s} P={r['precision']:.3f} R={r['recall']:.3f} F1={r['f1']:.3f}  "
              f"({r['pages']} pages, {r['seconds']:.1f} s)")
    base = results["trafilatura"]["f1"]
    print(f"khobor F1 - trafilatura F1 = {results['khobor']['f1'] - base:+.3f}")


if __name__ == "__main__":
    main()
