import gzip
import json
import os
from pathlib import Path

import pytest
import zstandard

import khobor
from khobor.ingest import FieldMapping, read_file
from khobor.ingest.decode import is_legacy_bengali
from khobor.errors import IngestError

TEXT = "ঢাকায় বৃষ্টি\n\nরাজধানী ঢাকায় সোমবার সকালে ভারী বৃষ্টি হয়েছে। আবহাওয়া অধিদপ্তর জানিয়েছে, বৃষ্টি আরও দুই দিন চলবে।"
# "আমার সোনার বাংলা, আমি তোমায় ভালোবাসি" as typed in the SutonnyMJ (Bijoy) font.
BIJOY = "Avgvi †mvbvi evsjv, Avwg †Zvgvq fv‡jvevwm| XvKvq e„wó n‡q‡Q| evsjv‡`‡ki ivRavbx XvKv|\n"


@pytest.fixture
def store(tmp_path):
    with khobor.open(str(tmp_path / "k.db")) as s:
        yield s


def docs(path, mapping=FieldMapping()):
    return list(read_file(Path(path), mapping))


def test_utf8_with_and_without_bom_and_utf16_read_the_same(tmp_path):
    variants = {
        "plain.txt": TEXT.encode("utf-8"),
        "bom.txt": b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
        "utf16.txt": TEXT.encode("utf-16"),
    }
    for name, data in variants.items():
        (tmp_path / name).write_bytes(data)
        [doc] = docs(tmp_path / name)
        assert doc.text == TEXT, name


def test_gzip_and_zstd_files_are_read(tmp_path):
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(TEXT.encode()))
    (tmp_path / "b.jsonl.zst").write_bytes(zstandard.ZstdCompressor().compress(
        (json.dumps({"text": TEXT, "title": "শিরোনাম"}, ensure_ascii=False) + "\n").encode()))
    [a] = docs(tmp_path / "a.txt.gz")
    [b] = docs(tmp_path / "b.jsonl.zst")
    assert a.text == TEXT and b.text == TEXT and b.fields["title"] == "শিরোনাম"


def test_jsonl_field_mapping_and_bad_lines(tmp_path):
    lines = [
        json.dumps({"content": TEXT, "headline": "এক", "when": "2025-07-12", "link": "https://x.test/1"}, ensure_ascii=False),
        "{not json",
        json.dumps({"content": ""}),
        json.dumps({"content": TEXT + " আরও", "headline": "দুই", "link": "https://x.test/2"}, ensure_ascii=False),
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    out = docs(path, FieldMapping(text="content", title="headline", date="when", url="link"))
    good = [d for d in out if not isinstance(d, IngestError)]
    bad = [d for d in out if isinstance(d, IngestError)]
    assert [d.source for d in good] == ["https://x.test/1", "https://x.test/2"]
    assert good[0].fields == {"title": "এক", "date": "2025-07-12", "url": "https://x.test/1"}
    assert [b.source for b in bad] == [f"{path}#L2", f"{path}#L3"]
    assert "invalid JSON" in bad[0].reason and "no text" in bad[1].reason


def test_csv_with_mapping_and_missing_column(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text('body,title\n"' + TEXT + '",শিরোনাম\n', encoding="utf-8")
    [doc] = docs(path, FieldMapping(text="body"))
    assert doc.text == TEXT and doc.source == f"{path}#row1"
    [problem] = docs(path)
    assert isinstance(problem, IngestError) and "no column 'text'" in problem.reason


def test_legacy_bijoy_detection():
    assert is_legacy_bengali(BIJOY)
    assert not is_legacy_bengali(TEXT)
    assert not is_legacy_bengali("The minister said on Saturday that the talks in Dhaka were useful and would go on.")


def test_bad_folder_stores_good_files_and_names_each_bad_one(tmp_path, store, monkeypatch):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "good1.txt").write_text(TEXT, encoding="utf-8")
    (folder / "sub" / "good2.txt").write_text(TEXT.replace("সোমবার", "মঙ্গলবার"), encoding="utf-8")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "legacy.txt").write_bytes(BIJOY.encode("cp1252"))
    locked = folder / "locked.txt"
    locked.write_text(TEXT + " গোপন", encoding="utf-8")
    locked.chmod(0)
    if os.geteuid() == 0:  # root reads anything: make the OS refusal happen for this one file
        real = Path.open

        def refuse(self, *args, **kwargs):
            if self == locked:
                raise PermissionError(13, "Permission denied", str(self))
            return real(self, *args, **kwargs)
        monkeypatch.setattr(Path, "open", refuse)
    report = store.ingest([folder])
    reasons = {Path(p.source).name: p.reason for p in report.problems}
    assert report.added == 2
    assert set(reasons) == {"binary.txt", "empty.txt", "legacy.txt", "locked.txt"}
    assert "binary" in reasons["binary.txt"]
    assert "empty" in reasons["empty.txt"]
    assert "Bijoy" in reasons["legacy.txt"]
    assert "permission" in reasons["locked.txt"]
    assert report.partial
    assert store.count("problems") == 4
    again = store.ingest([folder])  # refused files are tried again, and reported once in the store
    assert len(again.problems) == 4 and again.added == 0
    assert store.count("problems") == 4


def test_ingesting_twice_adds_nothing(tmp_path, store):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    first = store.ingest([tmp_path])
    second = store.ingest([tmp_path])
    assert first.added == 1 and second.added == 0
    (tmp_path / "a.txt").touch()  # changed mtime: re-read, but the content hash still matches
    third = store.ingest([tmp_path])
    assert third.added == 0 and third.documents == 1
    assert store.count() == 1


def test_same_text_in_two_files_is_one_article_seen_in_two_sources(tmp_path, store):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "b.txt").write_text(TEXT, encoding="utf-8")
    report = store.ingest([tmp_path])
    assert report.added == 1 and report.documents == 2
    assert store.count("sources") == 2


def test_a_batch_of_ingest_holds_batch_size_new_articles_whatever_it_has_seen_before(tmp_path, store):
    """A document already stored (only its source is recorded) does not count toward the batch: a run hands the first
    full batch to its workers as soon as it is stored, instead of reading the next batch to fill it."""
    from khobor import pipeline

    texts = [TEXT.replace("দুই দিন", f"{n} দিন") for n in ("দুই", "তিন", "চার", "পাঁচ")]
    for name, text in zip("abcde", [texts[0], texts[0], *texts[1:]]):
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    report = pipeline.IngestReport()
    assert list(pipeline.ingest_steps(store, [tmp_path], report, batch_size=3)) == [3, 1]
    assert report.documents == 5 and store.count("sources") == 5


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>খবরকণিকা</title>
<item><title>ঢাকায় বৃষ্টি</title><link>https://example.org/a</link><pubDate>Mon, 03 Mar 2025 08:00:00 +0600</pubDate>
<description><![CDATA[<p>রাজধানী ঢাকায় সোমবার সকালে ভারী বৃষ্টি হয়েছে। আবহাওয়া অধিদপ্তর জানিয়েছে, বৃষ্টি আরও দুই দিন চলবে।</p>]]></description></item>
<item><title>ফাঁকা</title><link>https://example.org/b</link><description></description></item>
</channel></rss>"""


def test_rss_feed_entries_become_documents(tmp_path):
    path = tmp_path / "feed.rss"
    path.write_text(RSS, encoding="utf-8")
    out = docs(path)
    good = [d for d in out if not isinstance(d, IngestError)]
    [bad] = [d for d in out if isinstance(d, IngestError)]
    assert [d.source for d in good] == ["https://example.org/a"]
    assert good[0].fields["outlet"] == "খবরকণিকা" and good[0].fields["title"] == "ঢাকায় বৃষ্টি"
    assert good[0].content_type == "text/html"
    assert bad.source == "https://example.org/b" and "no text" in bad.reason


def test_html_page_is_cleaned_to_its_story(tmp_path, store):
    page = """<html><head><title>ঢাকায় বৃষ্টি | খবরকণিকা</title>
    <meta property="article:published_time" content="2025-03-03T08:00:00+06:00"></head><body>
    <nav><a href="/">প্রচ্ছদ</a> <a href="/bd">বাংলাদেশ</a> <a href="/world">বিশ্ব</a></nav>
    <article><h1>ঢাকায় বৃষ্টি</h1>
    <p>রাজধানী ঢাকায় সোমবার সকালে ভারী বৃষ্টি হয়েছে। আবহাওয়া অধিদপ্তর জানিয়েছে, বৃষ্টি আরও দুই দিন চলবে।</p>
    <p>বৃষ্টির কারণে মিরপুর, ধানমন্ডি ও মতিঝিলের কয়েকটি সড়কে পানি জমে যায়। অফিসগামী মানুষ দুর্ভোগে পড়েন।</p>
    <p>আবহাওয়াবিদেরা বলছেন, বঙ্গোপসাগরে লঘুচাপের কারণে এই বৃষ্টি হচ্ছে।</p></article>
    <footer>© খবরকণিকা ২০২৫ · যোগাযোগ · গোপনীয়তা নীতি</footer></body></html>"""
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    report = store.ingest([tmp_path / "page.html"])
    assert report.added == 1, report.problems
    [article] = list(store.articles())
    assert "ভারী বৃষ্টি" in article.body and "লঘুচাপের" in article.body
    assert "গোপনীয়তা নীতি" not in article.body and "প্রচ্ছদ" not in article.body
    assert article.published_at and article.published_at.startswith("2025-03-03")


def test_jsonl_date_under_a_usual_name_is_read_without_a_mapping(tmp_path):
    """Crawls name the date "published" or "published_at"; without --date-field it is still the date."""
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"text": "খবর", "published": "2025-12-10T09:00:00+06:00"}) + "\n"
                    + json.dumps({"text": "আরও খবর", "published_at": "2025-12-11"}) + "\n", encoding="utf-8")
    assert [d.fields.get("date") for d in docs(path)] == ["2025-12-10T09:00:00+06:00", "2025-12-11"]
    [doc, _] = docs(path, FieldMapping(date="when"))  # a name given: only that one
    assert "date" not in doc.fields
