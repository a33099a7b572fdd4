"""Entities on real news: key-entity recall, precision and type accuracy against hand labels.

    python scripts/eval_entities.py [--data ../shared/data/real-news-dev] [--no-corpus] [--rifat]

Gold: ``gold-entities.jsonl`` (54 articles; persons, organisations and places named in the
title and the first 500 or 1,000 characters of the text). Each article is analyzed as
title + blank line + text; a returned mention counts only when it starts inside that scope.
``--gold FILE`` (repeatable) scores other label files of the same format instead, e.g. our own
``bench/labels/entities-own1.jsonl`` (15 random dev articles outside the gold, every name in scope).

- recall: gold entities (any of their listed spellings) that some mention in scope names;
- precision: mentions in scope that name a gold entity (after stripping case endings and a
  leading "the"); a mention of something else, or a span cut short or run long, counts against;
- type accuracy: of the mentions that name a gold entity, those with its type;
- not-entities: entries of ``not-entities.txt`` (generic words, never names) that analyze returns
  as an entity anywhere in the dev corpus (1,789 articles), and how often;
- cross-script entities: entities of a corpus-wide resolver whose spellings mix Latin and
  Bengali script (each should be one real name written both ways);
- English function words (The, That, He, ...) returned as entities.

``--rifat`` adds exact-span F1 of the Bengali tagger on the rifat test set (as tests/test_analyze_ner.py).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from khobor.analyze import analyze  # noqa: E402
from khobor.analyze.entities import EntityResolver  # noqa: E402
from khobor.analyze.names import is_latin  # noqa: E402
from khobor.clean.normalize import normalize  # noqa: E402
from khobor.analyze.names import lemma_forms  # noqa: E402
from khobor.model import Article  # noqa: E402

TYPES = {"persons": "PER", "organizations": "ORG", "places": "LOC"}
# the metric's own list (kept as first measured; khobor.lang.en.FUNCTION_WORDS is larger and holds "us", which "US" is not)
ENGLISH_FUNCTION_WORDS = frozenset(
    "the a an that this these those they he she it we i you his her its their our with after before "
    "but and or if when while as at in on of for by from to about also however meanwhile".split())


def key(text: str) -> str:
    """Comparable form: canonical Unicode, no joiners, case-folded, no leading article or possessive."""
    text = unicodedata.normalize("NFC", normalize(text)).replace("\u200c", "").replace("\u200d", "")
    text = " ".join(text.replace("’", "'").split()).casefold()
    if text.startswith("the "):
        text = text[4:]
    for tail in ("'s", "'"):
        if text.endswith(tail):
            text = text[: -len(tail)]
    return text.strip(" .,")


def surface_keys(surface: str) -> set[str]:
    """The surface and its uninflected forms (the last word without a case ending)."""
    words = normalize(surface).split()
    if not words:
        return set()
    out = {key(surface)}
    if not is_latin(surface):
        out |= {key(" ".join(words[:-1] + [b])) for b in lemma_forms(words[-1])}
    return out


def load_articles(folder: Path) -> dict[str, dict]:
    found = {}
    for name in ("munt-dev.jsonl.gz", "miraz.jsonl.gz"):
        with gzip.open(folder / name, "rt", encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                found[record["id"]] = record
    return found


def to_article(record: dict) -> Article:
    title, text = normalize(record.get("title") or ""), normalize(record.get("text") or "")
    return Article(id=record["id"], source=record.get("outlet") or "-", outlet=record.get("outlet"),
                   body=f"{title}\n\n{text}" if title else text,
                   title=title or None, url=record.get("url"), published_at=record.get("published"),
                   language=record.get("language"))


def gold_entities(gold: dict) -> list[tuple[str, set[str]]]:
    out = []
    for field, kind in TYPES.items():
        for item in gold.get(field, []):
            names = [item] if isinstance(item, str) else [item["name"], *item.get("variants", [])]
            out.append((kind, {key(n) for n in names}))
    return out


def in_half(article_id: str, half: str | None) -> bool:
    """Split the gold articles in two fixed halves by a hash of the id: rules are read off "diagnose", "holdout" checks them."""
    if not half:
        return True
    even = hashlib.sha1(article_id.encode("utf-8")).digest()[-1] % 2 == 0
    return even == (half == "diagnose")


def score_gold(folder: Path, articles: dict[str, dict], show: bool, half: str | None = None,
               gold_file: Path | None = None) -> dict[str, Counter]:
    gold_file = gold_file or folder / "gold-entities.jsonl"
    rows = [json.loads(line) for line in gold_file.open(encoding="utf-8")]
    rows = [row for row in rows if in_half(row["id"], half)]
    totals: dict[str, Counter] = {}
    for gold in rows:
        record = articles[gold["id"]]
        article = analyze(to_article(record))
        chars = 1000 if "1000" in gold["scope"] else 500
        title = normalize(record.get("title") or "")
        scope_end = (len(title) + 2 if title else 0) + chars
        entities = gold_entities(gold)
        found = [False] * len(entities)
        t = totals.setdefault(gold["language"], Counter())
        wrong = []
        for mention in article.mentions:
            if mention.start >= scope_end:
                continue
            keys = surface_keys(mention.surface)
            hits = [i for i, (_, names) in enumerate(entities) if keys & names]
            t["returned"] += 1
            if hits:
                t["correct"] += 1
                t["typed"] += entities[hits[0]][0] == mention.type
                for i in hits:
                    found[i] = True
            else:
                wrong.append(f"{mention.surface}/{mention.type}")
        t["gold"] += len(entities)
        t["found"] += sum(found)
        if show:
            missed = [sorted(names)[0] for (kind, names), ok in zip(entities, found) if not ok]
            print(f"{gold['id']} ({gold['language']}) wrong: {', '.join(wrong) or '-'} | missed: {', '.join(missed) or '-'}")
    print(f"{gold_file.name}{' (' + half + ' half, ' + str(len(rows)) + ')' if half else ''}: key-entity recall / precision / type accuracy (mentions in scope)")
    for lang in sorted(totals) + ["all"]:
        t = sum(totals.values(), Counter()) if lang == "all" else totals[lang]
        recall = t["found"] / max(1, t["gold"])
        precision = t["correct"] / max(1, t["returned"])
        typed = t["typed"] / max(1, t["correct"])
        print(f"  {lang:3s} recall {recall:.3f} ({t['found']}/{t['gold']})  precision {precision:.3f} ({t['correct']}/{t['returned']})"
              f"  type accuracy {typed:.3f} ({t['typed']}/{t['correct']})")
    totals["all"] = sum(totals.values(), Counter())
    return totals


def score_corpus(folder: Path, articles: dict[str, dict], show: bool, top: int = 0, quotes: int = 0, seed: int = 0) -> None:
    not_entities = {key(line) for line in (folder / "not-entities.txt").read_text(encoding="utf-8").splitlines() if line.strip()}
    done: list[Article] = []
    seconds = Counter()
    counts = Counter()
    hits: Counter[str] = Counter()
    function_words: Counter[str] = Counter()
    for record in articles.values():
        article = to_article(record)
        start = time.process_time()
        analyze(article)
        seconds[record.get("language")] += time.process_time() - start
        counts[record.get("language")] += 1
        for mention in article.mentions:
            for k in surface_keys(mention.surface) & not_entities:
                hits[k] += 1
            first = mention.surface.split()[0].casefold() if mention.surface.split() else ""
            if is_latin(mention.surface) and first in ENGLISH_FUNCTION_WORDS:
                function_words[mention.surface] += 1
        done.append(article)
    resolver = EntityResolver().partial_fit(done)
    mixed = [e for e in resolver.entities_.values()
             if any(is_latin(v) for v in e.variants) and any(not is_latin(v) for v in e.variants)]
    print(f"dev corpus: {len(done)} articles; analyze CPU ms/article: "
          + ", ".join(f"{lang} {1000 * seconds[lang] / counts[lang]:.1f}" for lang in sorted(counts)))
    print(f"  not-entities returned: {len(hits)} of {len(not_entities)} entries, {sum(hits.values())} mentions")
    print(f"  English function words as entities: {sum(function_words.values())} mentions")
    print(f"  cross-script entities (Latin + Bengali spellings): {len(mixed)}")
    if top:
        print(f"  top {top} entities by articles (type, name, spellings):")
        ranked = sorted(resolver.entities_.values(), key=lambda e: -len(e.article_ids))[:top]
        for rank, e in enumerate(ranked, 1):
            print(f"    {rank:3d}. {e.type} {e.name} ({len(e.article_ids)}): {' | '.join(e.variants[:6])}")
    if quotes:
        import random

        pool = [(a, q) for a in done for q in a.quotes]
        names = {e.id: e.name for e in resolver.entities_.values()}
        print(f"  quotes: {len(pool)}, with a speaker {sum(q.speaker is not None for _, q in pool)}; {quotes} at random:")
        for n, (a, q) in enumerate(random.Random(seed).sample(pool, min(quotes, len(pool))), 1):
            context = a.body[max(0, q.start - 120) : q.end + 80].replace("\n", " ")
            print(f"    {n}. {a.id} speaker {q.speaker or '-'} -> {names.get(q.speaker_entity_id, '-')}\n       quote: {q.text}\n       context: {context}")
    if show:
        print("  not-entities:", ", ".join(f"{k} {n}" for k, n in hits.most_common(40)))
        print("  function words:", ", ".join(f"{k} {n}" for k, n in function_words.most_common(20)))
        for e in sorted(mixed, key=lambda e: -len(e.article_ids))[:25]:
            print(f"    {e.type} {e.name}: {' | '.join(e.variants[:8])} ({len(e.article_ids)} articles)")


def score_dates(articles: dict[str, dict]) -> None:
    """Publication dates clean finds when the record's own date field is not mapped (text, dateline, URL)."""
    from khobor.clean import clean
    from khobor.model import RawDoc

    how: Counter[str] = Counter()
    for record in articles.values():
        fields = {k: v for k, v in (("title", record.get("title")), ("url", record.get("url")), ("outlet", record.get("outlet"))) if v}
        article = clean(RawDoc(source=record.get("url") or record["id"], text=record.get("text") or "", fields=fields))
        how[article.published_how or "none"] += 1
    print(f"publication dates without the date field: {sum(how.values()) - how['none']}/{sum(how.values())} found; "
          f"none for {how['none']}; by source: " + ", ".join(f"{k} {n}" for k, n in how.most_common() if k != "none"))


def score_rifat(shared: Path) -> None:
    from khobor.analyze.ner import default_tagger
    from training.ner_data import dedupe_test, project, read_rifat, score

    folder = shared / "ner-rifat1493"
    test = dedupe_test(read_rifat(folder / "train.txt"), read_rifat(folder / "test.txt"))
    tagger = default_tagger()
    gold, pred = [], []
    for start in range(0, len(test), 64):
        chunk = test[start : start + 64]
        for sent, tags in zip(chunk, tagger.tag_sentences([s.words for s in chunk])):
            gold.append(sent.tags)
            pred.append(project(sent, tags))
    result = score(gold, pred)
    print(f"rifat test: exact-span F1 {result['f1']:.3f}, token F1 {result['token_f1']:.3f}")


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.replace("-", " ").split() if w.casefold() not in ("of", "the", "and", "for", "e")).upper()


def score_pairs(folder: Path) -> None:
    """Cross-lingual linking on name-pairs.tsv: each half in its own resolver (first half: tuning; second: report).

    A row counts when its English and Bengali forms (one mention each, in an English and a Bengali
    article) end up in one entity; a false join is an entity holding forms of two rows that are not
    the same real-world thing (a full name and its acronym, EC / Election Commission, are one)."""
    from khobor.model import Mention

    rows = [line.split("\t") for line in (folder / "name-pairs.tsv").read_text(encoding="utf-8").splitlines()[1:] if line.strip()]
    half = len(rows) // 2
    for label, part in (("first half (tuning)", rows[:half]), ("second half (report)", rows[half:])):
        english = Article(id="en", source="-", body="", language="en")
        bengali = Article(id="bn", source="-", body="", language="bn")
        for kind, en, bn, *_ in part:
            english.mentions.append(Mention(0, len(en), en, kind))
            bengali.mentions.append(Mention(0, len(bn), normalize(bn), kind))
        EntityResolver().partial_fit([english, bengali])
        linked = sum(e.entity_id == b.entity_id for e, b in zip(english.mentions, bengali.mentions))
        owner: dict[str, set[int]] = {}
        for i, (e, b) in enumerate(zip(english.mentions, bengali.mentions)):
            owner.setdefault(e.entity_id, set()).add(i)
            owner.setdefault(b.entity_id, set()).add(i)
        wrong = []
        for ids in owner.values():
            ids = sorted(ids)
            for a in ids:
                for b in ids:
                    if a < b and part[a][0] == part[b][0] and not (_initials(part[a][1]) == part[b][1] or _initials(part[b][1]) == part[a][1]):
                        wrong.append(f"{part[a][1]} + {part[b][1]}")
        print(f"name pairs, {label}: {linked}/{len(part)} = {linked / len(part):.2f} linked; different pairs joined: {len(wrong)}"
              + (f" ({'; '.join(wrong[:8])})" if wrong else ""))
        missed = [f"{en}/{bn}" for (kind, en, bn, *_), e, b in zip(part, english.mentions, bengali.mentions) if e.entity_id != b.entity_id]
        if label.startswith("first"):
            print("  not linked (first half):", ", ".join(missed))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared" / "data" / "real-news-dev")
    parser.add_argument("--no-corpus", action="store_true", help="skip the whole-corpus counts")
    parser.add_argument("--rifat", action="store_true", help="also exact-span F1 on the rifat test set")
    parser.add_argument("--show", action="store_true", help="list wrong and missed names")
    parser.add_argument("--pairs", action="store_true", help="only Bengali-English linking on name-pairs.tsv")
    parser.add_argument("--top", type=int, default=0, help="list the N entities found in most dev articles")
    parser.add_argument("--quotes", type=int, default=0, help="print N random quotes of the dev corpus with their speakers")
    parser.add_argument("--seed", type=int, default=0, help="random seed of the --quotes sample (0: the one first read)")
    parser.add_argument("--dates", action="store_true", help="publication dates found by clean without the date field")
    parser.add_argument("--gold", type=Path, action="append", help="score these label files (same format; default: the given gold)")
    parser.add_argument("--half", choices=("diagnose", "holdout"), help="score only one half of the gold articles (split by id hash)")
    args = parser.parse_args()
    if not (args.data / "gold-entities.jsonl").exists():
        sys.exit(f"{args.data}: no gold-entities.jsonl (the real-news-dev corpus is dev-only data)")
    if args.pairs:
        score_pairs(args.data)
        return
    articles = load_articles(args.data)
    score_pairs(args.data)
    for gold_file in args.gold or [None]:
        score_gold(args.data, articles, args.show, args.half, gold_file)
    if not args.no_corpus:
        score_corpus(args.data, articles, args.show, args.top, args.quotes, args.seed)
    if args.dates:
        score_dates(articles)
    if args.rifat:
        score_rifat(args.data.parent)


if __name__ == "__main__":
    main()
