"""Where analyze spends its time on real articles: CPU seconds per component, per language.

    python bench/profile_analyze.py [--data ../shared/data/real-news-dev] [--n 400] [--cprofile 25]

Reads the real-news-dev corpus (never copied), cleans each article as a run does, then times
each part of ``analyze`` separately on the same articles (one thread): sentences, language,
Bengali NER (the tagger's network and its rules apart), speaker mentions, English entities,
times, quotes. ``--cprofile N`` also prints the N most costly functions of a whole analyze pass.
"""

from __future__ import annotations

import argparse
import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_scale import DEV, real_articles  # noqa: E402


def cleaned(rows: list[dict]) -> list:
    """Articles as a run makes them (clean over the raw rows)."""
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
    from khobor.analyze import detect_language
    from khobor.analyze.english import is_english

    groups: dict[str, list] = {"bn": [], "en": []}
    for a in articles:
        lang = "en" if is_english(a.body, detect_language(a.body) or a.language) else "bn"
        if len(groups[lang]) < n:
            groups[lang].append(a)
    return groups


def components(articles: list, tagger) -> dict[str, float]:
    """CPU seconds of each part of analyze over the articles (same order of work as ``analyze``)."""
    from khobor.analyze import _told_outlet, detect_language
    from khobor.analyze.english import english_entities, is_english
    from khobor.analyze.quotes import find_quotes, speaker_mentions
    from khobor.analyze.times import find_times, parse_anchor
    from khobor.analyze.tokens import WORD, sentences
    from khobor.model import Mention

    cost: dict[str, float] = {}

    def timed(name, fn, *args):
        start = time.process_time()
        out = fn(*args)
        cost[name] = cost.get(name, 0.0) + time.process_time() - start
        return out

    for a in articles:
        body = a.body
        spans = timed("sentences", sentences, body)
        lang = timed("language", detect_language, body) or a.language
        if is_english(body, lang):
            found = timed("english entities (spaCy + rules)", english_entities, body)
            mentions = [Mention(s.start, s.end, body[s.start : s.end], s.type) for s in found]
        else:
            words = timed("bn tokens", lambda: [[body[m.start() : m.end()] for m in WORD.finditer(body, s, e)] for s, e in spans])
            timed("bn network (tag_sentences)", tagger.tag_sentences, [w for w in words if w])
            found = timed("bn tagger.tag (all, network again)", tagger.tag, body, spans)
            mentions = [Mention(s.start, s.end, body[s.start : s.end], s.type) for s in found]
            mentions += timed("speaker mentions", speaker_mentions, body, mentions, tagger.name_like)
        mentions = timed("told outlet", lambda: sorted((m for m in mentions if not _told_outlet(body, m)), key=lambda m: m.start))
        when = parse_anchor(a.published_at)
        timed("times", find_times, body, when)
        timed("quotes", find_quotes, body, mentions)
    return cost


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=DEV)
    parser.add_argument("--n", type=int, default=400, help="articles per language")
    parser.add_argument("--cprofile", type=int, default=0)
    args = parser.parse_args()
    from khobor.analyze import analyze
    from khobor.analyze.english import english_nlp
    from khobor.analyze.ner import default_tagger

    groups = by_language(cleaned(real_articles(args.data)), args.n)
    tagger = default_tagger()
    english_nlp()
    for a in groups["bn"][:3] + groups["en"][:3]:  # warm the lazy tables
        analyze(a.__class__(id=a.id, source=a.source, body=a.body, published_at=a.published_at))
    for lang, arts in groups.items():
        tagger.__init__(tagger.model_path)  # cold word memos, as a fresh worker
        cost = components(arts, tagger)
        total = sum(v for k, v in cost.items() if k != "bn network (tag_sentences)")
        print(f"\n{lang}: {len(arts)} articles, {sum(len(a.body) for a in arts) / len(arts):.0f} characters each on average; "
              f"analyze {len(arts) / total:.0f} articles/s ({total / len(arts) * 1000:.2f} ms each) by CPU time")
        for name, sec in sorted(cost.items(), key=lambda kv: -kv[1]):
            print(f"  {name:40s} {sec / len(arts) * 1000:7.2f} ms/article  {100 * sec / total:5.1f}%")
    if args.cprofile:
        import cProfile
        import pstats

        arts = groups["bn"] + groups["en"]
        tagger.__init__(tagger.model_path)
        prof = cProfile.Profile()
        prof.enable()
        for a in arts:
            analyze(a, tagger=tagger)
        prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(args.cprofile)


if __name__ == "__main__":
    main()
