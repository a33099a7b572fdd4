"""Bad input: damaged bytes, oversized articles, compression bombs, broken links, re-runs."""

import errno
import gzip
import io
import json
import os
import tracemalloc
from pathlib import Path

import pytest
import zstandard

import khobor
from khobor.errors import IngestError, IngestWarning, NotFittedError
from khobor.ingest import read_file

TEXT = "ঢাকায় বৃষ্টি\n\nরাজধানী ঢাকায় সোমবার সকালে ভারী বৃষ্টি হয়েছে। আবহাওয়া অধিদপ্তর জানিয়েছে, বৃষ্টি আরও দুই দিন চলবে।"
PARAGRAPH = "আবহাওয়াবিদেরা বলছেন, বঙ্গোপসাগরে লঘুচাপের কারণে এই বৃষ্টি হচ্ছে। {}\n"


def long_text(paragraphs: int = 300) -> str:
    return TEXT + "\n" + "".join(PARAGRAPH.format(i) for i in range(paragraphs))


@pytest.fixture
def store(tmp_path_factory):
    with khobor.open(str(tmp_path_factory.mktemp("store") / "k.db")) as s:
        yield s


def split(items):
    items = list(items)
    docs = [d for d in items if not isinstance(d, (IngestError, IngestWarning))]
    return docs, [d for d in items if isinstance(d, IngestError)], [d for d in items if isinstance(d, IngestWarning)]


# -- 1: one bad byte --------------------------------------------------------------

def test_one_bad_byte_in_a_long_utf8_file_is_replaced_counted_and_stored(tmp_path, store):
    data = long_text().encode("utf-8")
    middle = data.index("লঘুচাপের".encode(), len(data) // 2)
    (tmp_path / "a.txt").write_bytes(data[:middle] + b"\xff" + data[middle:])
    docs, errors, warnings = split(read_file(tmp_path / "a.txt"))
    assert not errors and len(docs) == 1 and docs[0].text.count("\ufffd") == 1
    [warning] = warnings
    assert warning.source == str(tmp_path / "a.txt") and "1 undecodable byte" in warning.reason
    report = store.ingest([tmp_path / "a.txt"])
    assert report.added == 1 and not report.problems and len(report.warnings) == 1


def test_cli_names_the_replaced_bytes(tmp_path, cli):
    data = long_text().encode("utf-8")
    (tmp_path / "a.txt").write_bytes(data[:5000] + b"\xc3\x28" + data[5000:])
    result = cli("ingest", tmp_path / "a.txt", "--db", tmp_path / "k.db")
    assert "a.txt" in result.output and "undecodable byte" in result.output and "1 new article" in result.output


def test_damaged_utf8_is_not_blamed_on_bijoy(tmp_path):
    data = bytearray(long_text().encode("utf-8"))
    for i in range(100, len(data), 40):  # widespread damage: refused, but as what it is
        data[i] = 0xFF
    (tmp_path / "a.txt").write_bytes(bytes(data))
    [error] = list(read_file(tmp_path / "a.txt"))
    assert isinstance(error, IngestError)
    assert "Bijoy" not in error.reason and "not UTF-8" in error.reason and "undecodable" in error.reason


def test_bijoy_is_still_named_when_it_looks_like_bijoy(tmp_path):
    bijoy = "Avgvi †mvbvi evsjv, Avwg †Zvgvq fv‡jvevwm| XvKvq e„wó n‡q‡Q| evsjv‡`‡ki ivRavbx XvKv|\n" * 20
    (tmp_path / "b.txt").write_bytes(bijoy.encode("cp1252"))
    [error] = list(read_file(tmp_path / "b.txt"))
    assert "Bijoy" in error.reason


def test_jsonl_with_a_bad_byte_keeps_its_records_and_warns(tmp_path):
    lines = [json.dumps({"text": TEXT + f" {i}"}, ensure_ascii=False).encode() for i in range(50)]
    lines[20] = lines[20].replace("সোমবার".encode(), "সোম\xffবার".encode("latin-1", "ignore").replace(b"\xc3\xbf", b"\xff"))
    (tmp_path / "a.jsonl").write_bytes(b"\n".join(lines))
    docs, errors, warnings = split(read_file(tmp_path / "a.jsonl"))
    assert len(docs) == 50 and not errors and "1 undecodable byte" in warnings[0].reason


# -- 2: size limit per article, streaming -------------------------------------------

def test_a_single_line_text_over_the_limit_is_refused_naming_the_file(tmp_path, store, monkeypatch):
    monkeypatch.setenv("KHOBOR_MAX_ARTICLE_KB", "64")
    (tmp_path / "huge.txt").write_text(" ".join(["বৃষ্টি"] * 20000), encoding="utf-8")  # ~370 KB, one line
    (tmp_path / "good.txt").write_text(TEXT, encoding="utf-8")
    report = store.ingest([tmp_path])
    [problem] = report.problems
    assert problem.source == str(tmp_path / "huge.txt")
    assert "64 KB limit" in problem.reason and "KHOBOR_MAX_ARTICLE_KB" in problem.reason
    assert report.added == 1
    store.process()
    again = store.ingest([tmp_path])  # the store stays usable and the report is the same
    assert [(p.source, p.reason) for p in again.problems] == [(problem.source, problem.reason)]


def test_the_default_limit_refuses_a_multi_megabyte_article(tmp_path, monkeypatch):
    monkeypatch.delenv("KHOBOR_MAX_ARTICLE_KB", raising=False)
    (tmp_path / "huge.txt").write_bytes(("বৃষ্টি " * 200_000).encode())  # 3.8 MB
    [error] = list(read_file(tmp_path / "huge.txt"))
    assert isinstance(error, IngestError) and "limit" in error.reason


def test_jsonl_record_over_the_limit_is_refused_alone(tmp_path, monkeypatch):
    monkeypatch.setenv("KHOBOR_MAX_ARTICLE_KB", "64")
    lines = [json.dumps({"text": TEXT}, ensure_ascii=False),
             json.dumps({"text": "বৃষ্টি " * 30000}, ensure_ascii=False),
             json.dumps({"text": TEXT + " আরও"}, ensure_ascii=False)]
    (tmp_path / "a.jsonl").write_text("\n".join(lines), encoding="utf-8")
    docs, errors, _ = split(read_file(tmp_path / "a.jsonl"))
    assert len(docs) == 2 and [e.source for e in errors] == [f"{tmp_path / 'a.jsonl'}#L2"]
    assert "limit" in errors[0].reason


def test_jsonl_is_streamed_record_by_record(tmp_path):
    record = json.dumps({"text": TEXT * 4}, ensure_ascii=False) + "\n"
    path = tmp_path / "big.jsonl"
    path.write_text(record * 20000, encoding="utf-8")  # ~30 MB
    assert path.stat().st_size > 25_000_000
    tracemalloc.start()
    try:
        count = sum(1 for _ in read_file(path))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == 20000
    assert peak < 8_000_000, f"peak {peak / 1e6:.1f} MB while reading a {path.stat().st_size / 1e6:.0f} MB file"


# -- 3: compression bombs ------------------------------------------------------------

def bomb_lines(megabytes: int) -> bytes:
    line = (json.dumps({"text": TEXT}, ensure_ascii=False) + "\n").encode()
    return line * (megabytes * 1_000_000 // len(line))


@pytest.mark.parametrize("compress,suffix", [(gzip.compress, ".gz"), (zstandard.ZstdCompressor(level=3).compress, ".zst")])
def test_compression_bomb_is_refused_whole(tmp_path, compress, suffix):
    path = tmp_path / f"bomb.jsonl{suffix}"
    path.write_bytes(compress(bomb_lines(40)))
    assert path.stat().st_size < 400_000
    tracemalloc.start()
    try:
        out = list(read_file(path))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(out) == 1 and isinstance(out[0], IngestError), out[:2]
    assert out[0].source == str(path) and "compression bomb" in out[0].reason
    assert peak < 10_000_000


def test_decompressed_byte_limit(tmp_path, monkeypatch):
    monkeypatch.setenv("KHOBOR_MAX_DECOMPRESSED_KB", "1024")
    path = tmp_path / "a.jsonl.gz"
    path.write_bytes(gzip.compress(os.urandom(900_000).hex().encode()))  # 1.8 MB of hex: ratio ~2
    [error] = list(read_file(path))
    assert "more than 1.0 MB" in error.reason and "KHOBOR_MAX_DECOMPRESSED_KB" in error.reason


def test_gzipped_html_bomb_is_refused(tmp_path):
    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress(b"<html><body><p>" + b"a" * 30_000_000 + b"</p></body></html>"))
    [error] = list(read_file(path))
    assert isinstance(error, IngestError) and ("limit" in error.reason or "bomb" in error.reason)


def test_oversized_warc_record_is_refused_and_the_rest_read(tmp_path, monkeypatch):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    monkeypatch.setenv("KHOBOR_MAX_PAGE_KB", "256")
    path = tmp_path / "a.warc.gz"
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        pages = [("https://x.test/big", b"<html><body><p>" + b"a" * 5_000_000 + b"</p></body></html>"),
                 ("https://x.test/ok", f"<html><body><article><p>{TEXT}</p></article></body></html>".encode())]
        for uri, body in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers))
    docs, errors, _ = split(read_file(path))
    assert [d.source for d in docs] == ["https://x.test/ok"]
    assert [e.source for e in errors] == ["https://x.test/big"] and "256 KB" in errors[0].reason


# -- 4: links and folders --------------------------------------------------------------

def test_dangling_and_looping_links_are_named_and_the_rest_stored(tmp_path, store):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(TEXT, encoding="utf-8")
    (folder / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    report = store.ingest([folder])
    reasons = {Path(p.source).name: p.reason for p in report.problems}
    assert report.added == 1
    assert "dangling" in reasons["dangling.txt"] and "loop" in reasons["loop.txt"]


def test_cli_run_with_a_dangling_link_exits_partial_without_a_traceback(tmp_path, cli):
    (tmp_path / "good.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    result = cli("ingest", tmp_path, "--db", tmp_path / "k.db", code=3)
    assert "dangling.txt" in result.output and "Traceback" not in result.output


def test_unreadable_subfolder_is_named(tmp_path, store, monkeypatch):
    folder = tmp_path / "in"
    (folder / "secret").mkdir(parents=True)
    (folder / "good.txt").write_text(TEXT, encoding="utf-8")
    (folder / "secret" / "hidden.txt").write_text(TEXT + " আরও", encoding="utf-8")
    (folder / "secret").chmod(0)
    try:
        if os.geteuid() == 0:  # root lists anything: make the OS refusal happen for this folder
            real = os.scandir

            def refuse(path="."):
                if Path(path) == folder / "secret":
                    raise PermissionError(errno.EACCES, "Permission denied", str(path))
                return real(path)
            monkeypatch.setattr(os, "scandir", refuse)
        report = store.ingest([folder])
    finally:
        (folder / "secret").chmod(0o755)
    assert report.added == 1
    [problem] = report.problems
    assert problem.source == str(folder / "secret") and "permission denied" in problem.reason


# -- 5: the same input gives the same report --------------------------------------------

def test_rerunning_the_same_input_reports_the_same_problems(tmp_path, store):
    shared = "সব খবর পেতে আমাদের ফেসবুক পাতায় যুক্ত হোন এবং নিয়মিত চোখ রাখুন খবরকণিকার ওয়েবসাইটে।"
    records = [{"text": shared, "outlet": "খবরকণিকা"}]
    records += [{"text": f"{shared}\n{TEXT} {i}", "outlet": "খবরকণিকা"} for i in range(4)]
    lines = [json.dumps(r, ensure_ascii=False) for r in records] + ["{not json"]
    (tmp_path / "a.jsonl").write_text("\n".join(lines), encoding="utf-8")
    reports = [store.ingest([tmp_path]) for _ in range(3)]
    problems = [sorted((p.source, p.reason) for p in r.problems) for r in reports]
    assert problems[0] == problems[1] == problems[2]
    assert store.count("problems") == len(problems[0])


def test_clean_command_refuses_bad_bytes_without_a_traceback(tmp_path, cli):
    (tmp_path / "bad.txt").write_bytes(bytes(range(0x80, 0x100)) * 4)
    result = cli("clean", tmp_path / "bad.txt", code=3)
    assert "bad.txt" in result.output and "not UTF-8" in result.output and "Traceback" not in result.output
    data = long_text().encode("utf-8")
    (tmp_path / "one.txt").write_bytes(data[:3000] + b"\xff" + data[3000:])
    result = cli("clean", tmp_path / "one.txt")
    assert "1 undecodable byte" in result.output and '"body"' in result.output


@pytest.mark.parametrize("error", [IngestError("feed.xml#3", "no text"), IngestWarning("a.html", "mojibake repaired"),
                                   NotFittedError("events")])
def test_errors_cross_process_boundaries_whole(error):
    """A Dask worker sends a refused document back as its IngestError (pickled): it must arrive as it left,
    not fail the run on its way (the default pickling called the class with the joined message alone)."""
    import pickle

    back = pickle.loads(pickle.dumps(error))
    assert type(back) is type(error) and str(back) == str(error)
    assert vars(back) == vars(error)
