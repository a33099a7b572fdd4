import json
from pathlib import Path

from click.testing import CliRunner

from khobor.cli import EXIT_PARTIAL, main

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_run_on_the_sample_corpus_then_search_export_show(tmp_path):
    db = str(tmp_path / "k.db")
    result = run("run", str(SAMPLES), "--db", db)
    assert result.exit_code == 0, result.output
    assert "articles" in result.output and "khobor search" in result.output
    found = run("search", "জয়শঙ্কর", "--db", db)
    assert found.exit_code == 0
    assert "3 hit(s)" in found.output and "জয়শংকর" in found.output  # the other outlet's spelling is found too
    exact = run("search", "জয়শঙ্কর", "--exact", "--db", db)
    assert "2 hit(s)" in exact.output
    exported = run("export", "--what", "articles", "--db", db)
    records = [json.loads(line) for line in exported.output.splitlines()]
    assert len(records) == 6
    assert {Path(r["source"]).name for r in records if not r["source"].startswith("https")} == {
        "jaishankar-visit.txt", "2025-03-02-jaishankar.txt", "2025-03-03-flood.txt"}
    shown = run("show", records[0]["id"][:8], "--db", db)
    assert shown.exit_code == 0 and records[0]["body"][:20] in shown.output


def test_partial_exit_code_when_a_file_is_refused(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("ঢাকায় আজ বৃষ্টি হয়েছে। সবাই খুশি।", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    result = run("ingest", str(folder), "--db", str(tmp_path / "k.db"))
    assert result.exit_code == EXIT_PARTIAL
    assert "empty.txt" in result.output and "empty file" in result.output


def test_search_on_missing_store_is_a_clear_error(tmp_path):
    result = run("search", "ঢাকা", "--db", str(tmp_path / "none.db"))
    assert result.exit_code == 1 and "no such store" in result.output


def test_export_parquet_needs_a_file(tmp_path):
    db = str(tmp_path / "k.db")
    run("run", str(SAMPLES), "--db", db)
    result = run("export", "--format", "parquet", "--db", db)
    assert result.exit_code == 1 and "-o FILE" in result.output


def test_field_mapping_options(tmp_path):
    src = tmp_path / "feed.jsonl"
    src.write_text(json.dumps({"content": "ঢাকায় আজ ভারী বৃষ্টি হয়েছে। জলাবদ্ধতায় ভোগান্তি বেড়েছে।", "headline": "বৃষ্টি",
                               "when": "2025-03-03T08:00:00+06:00", "site": "খবরকণিকা"}, ensure_ascii=False) + "\n",
                   encoding="utf-8")
    db = str(tmp_path / "k.db")
    result = run("ingest", str(src), "--db", db, "--text-field", "content", "--title-field", "headline",
                 "--date-field", "when", "--outlet-field", "site")
    assert result.exit_code == 0, result.output
    [record] = [json.loads(x) for x in run("export", "--db", db).output.splitlines()]
    assert record["title"] == "বৃষ্টি" and record["outlet"] == "খবরকণিকা"
    assert record["published_at"].startswith("2025-03-03T08:00")


def test_run_with_a_user_gazetteer(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("নতুন সেতু\n\nঝিলমিলপুর গ্রামে আজ একটি নতুন সেতু খুলে দেওয়া হয়েছে। গ্রামের মানুষ খুশি।\n",
                                  encoding="utf-8")
    names = tmp_path / "names.tsv"
    names.write_text("ঝিলমিলপুর\tORG\n", encoding="utf-8")
    db = str(tmp_path / "k.db")
    assert run("run", str(folder), "--db", db, "--gazetteer", str(names)).exit_code == 0
    [record] = [json.loads(x) for x in run("export", "--db", db).output.splitlines()]
    assert {"surface": "ঝিলমিলপুর", "type": "ORG"} in [{"surface": m["surface"], "type": m["type"]} for m in record["mentions"]]
    missing = run("run", str(folder), "--db", str(tmp_path / "k2.db"), "--gazetteer", str(tmp_path / "nope.tsv"))
    assert missing.exit_code == 1 and "nope.tsv" in missing.output


def test_python_dash_m_khobor_is_the_khobor_command():
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "khobor", "--help"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "run" in done.stdout and "search" in done.stdout
