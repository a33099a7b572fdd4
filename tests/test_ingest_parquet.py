"""Parquet input: a file or a folder of partitions, read record batch by record batch like JSONL rows."""

import datetime as dt

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import khobor
from khobor.errors import IngestError
from khobor.ingest import FieldMapping, find_files, read_file
from khobor.model import RawDoc

BODY = "ঢাকায় আজ সকালে ভারী বৃষ্টি হয়েছে। নগরীর বহু সড়কে পানি জমে যান চলাচল ব্যাহত হয়েছে।"


def _write(path, rows, schema=None):
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), path)
    return path


def test_rows_become_documents_with_their_fields(tmp_path):
    when = dt.datetime(2025, 3, 2, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=6)))
    path = _write(tmp_path / "news.parquet", [
        {"text": BODY, "title": "বৃষ্টি", "date": when, "url": "https://example.com/a", "outlet": "alo"},
        {"text": BODY + " আবার।", "title": "দ্বিতীয়", "date": None, "url": None, "outlet": None},
    ])
    docs = list(read_file(path))
    assert [type(d) for d in docs] == [RawDoc, RawDoc]
    first = docs[0]
    assert first.text == BODY
    assert first.fields == {"title": "বৃষ্টি", "date": "2025-03-02T10:30:00+06:00", "url": "https://example.com/a", "outlet": "alo"}
    assert first.source == "https://example.com/a"
    assert docs[1].source == f"{path}#row2" and "date" not in docs[1].fields


def test_the_field_mapping_applies(tmp_path):
    path = _write(tmp_path / "p.parquet", [{"body": BODY, "headline": "শিরোনাম", "id": "x-1"}])
    doc, = read_file(path, FieldMapping(text="body", title="headline", source="id"))
    assert doc.fields["title"] == "শিরোনাম" and doc.source == "x-1"


def test_a_missing_text_column_names_the_file_and_the_columns(tmp_path):
    path = _write(tmp_path / "p.parquet", [{"body": BODY}])
    problem, = read_file(path)
    assert isinstance(problem, IngestError)
    assert problem.source == str(path) and "no column 'text'" in problem.reason and "body" in problem.reason


def test_a_broken_file_is_a_problem_not_a_crash(tmp_path):
    path = tmp_path / "broken.parquet"
    path.write_bytes(b"PAR1 this is not parquet at all")
    problem, = read_file(path)
    assert isinstance(problem, IngestError) and problem.source == str(path)
    assert "not a readable Parquet file" in problem.reason


def test_a_row_without_text_is_named_by_its_row(tmp_path):
    path = _write(tmp_path / "p.parquet", [{"text": BODY}, {"text": ""}])
    good, bad = read_file(path)
    assert isinstance(good, RawDoc)
    assert isinstance(bad, IngestError) and bad.source == f"{path}#row2"


def test_a_folder_of_partitions_is_ingested(tmp_path):
    folder = tmp_path / "archive"
    _write(folder / "day=2025-03-01" / "part-0.parquet", [{"text": BODY, "title": "এক"}])
    _write(folder / "day=2025-03-02" / "part-0.parquet", [{"text": BODY.replace("সকালে", "বিকেলে"), "title": "দুই"}])
    assert [p.parent.name for p in find_files([folder])] == ["day=2025-03-01", "day=2025-03-02"]
    with khobor.open(tmp_path / "k.db") as store:
        report = store.ingest([folder])
        assert report.added == 2 and not report.problems
        assert sorted(a.title for a in store.articles()) == ["এক", "দুই"]
