import json

from click.testing import CliRunner

from khobor.analyze.commands import analyze_command, list_entities
from khobor.analyze.entities import EntityResolver


def test_analyze_stdin_prints_offsets_into_the_printed_text():
    text = "রাশিয়ার পররাষ্ট্রমন্ত্রী সের্গেই লাভরভ শনিবার কিম জং উনের সঙ্গে সাক্ষাৎ করেন। “আমরা খুশি,” পররাষ্ট্রমন্ত্রী লাভরভ বলেন।"
    result = CliRunner().invoke(analyze_command, ["-", "--date", "2025-07-12"], input=text)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    for item in data["mentions"] + data["times"] + data["quotes"]:
        assert 0 <= item["start"] < item["end"] <= len(data["text"])
    assert {"শনিবার": "2025-07-12"}.items() <= {t["text"]: t["value"] for t in data["times"]}.items()
    assert data["sentences"] and data["mentions"] and all(m["entity"] for m in data["mentions"])
    assert data["quotes"][0]["speaker"] == "লাভরভ" and data["quotes"][0]["speaker_entity"]


def test_list_entities_filters_by_type():
    resolver = EntityResolver()
    assert list_entities(resolver, type="PER") == []
