"""News text is untrusted: no terminal escape sequences on the CLI, no spreadsheet formulas in CSV."""

import csv
import io

import pytest

import khobor
from khobor.export import export
from khobor.model import Article, Entity

TITLE = "=HYPERLINK(\"http://evil.test\",\"click\")"
BODY = "ঢাকায় বৃষ্টি হয়েছে।\x1b]0;owned\x07 আজ\x1b[2J সকালে \u202eঅধিদপ্তর\u202c।"


@pytest.fixture
def db(tmp_path) -> str:
    path = str(tmp_path / "k.db")
    with khobor.open(path) as store:
        store.add_articles([Article(id="x1", source="in/\x1b[31mred.txt", body=BODY, title=TITLE + "\x1b[5m",
                                    outlet="@outlet", byline="-2+3", url="https://example.org/x")])
        store.save_entities([Entity(id="e1", type="PER", name="+কিম\x1b[1m", variants=["=কিম"], article_ids=["x1"])])
    return path


def test_show_prints_no_control_characters(db, cli):
    out = cli("show", "x1", "--db", db).output
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "\\x1b]0;owned\\x07" in out and "\\u202e" in out  # shown, visibly
    assert "ঢাকায় বৃষ্টি হয়েছে।" in out


@pytest.mark.parametrize("args", [["search", "বৃষ্টি"], ["entities"], ["explain", "x1"]])
def test_other_commands_print_no_control_characters(db, cli, args):
    out = cli(*args, "--db", db).output
    assert "\x1b" not in out and "\x07" not in out


def test_csv_cells_cannot_be_formulas(db):
    with khobor.open(db, read_only=True) as store:
        out = io.StringIO()
        export(store, "articles", "csv", out)
        [row] = list(csv.DictReader(io.StringIO(out.getvalue())))
        assert row["title"].startswith("'=HYPERLINK") and row["outlet"] == "'@outlet"
        assert row["body"] == BODY  # text that does not start a formula is untouched
        out = io.StringIO()
        export(store, "entities", "csv", out)
        [row] = list(csv.DictReader(io.StringIO(out.getvalue())))
        assert row["name"].startswith("'+কিম")
    for cell in (v for v in row.values() if v):
        assert cell[0] not in "=+-@\t\r"


def test_jsonl_export_keeps_text_exactly(db):
    with khobor.open(db, read_only=True) as store:
        out = io.StringIO()
        export(store, "articles", "jsonl", out)
    assert '"title": "=HYPERLINK' in out.getvalue()
