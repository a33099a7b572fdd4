"""End to end on the five seed texts (skipped when ../shared/seeds is absent)."""

import json
from pathlib import Path

from click.testing import CliRunner

from khobor.cli import main


def test_seeds_run_twice_gives_five_articles_with_sources(seeds_dir, tmp_path):
    db = str(tmp_path / "k.db")
    runner = CliRunner()
    first = runner.invoke(main, ["run", str(seeds_dir), "--db", db], catch_exceptions=False)
    assert first.exit_code == 0, first.output
    second = runner.invoke(main, ["run", str(seeds_dir), "--db", db], catch_exceptions=False)
    assert second.exit_code == 0
    exported = runner.invoke(main, ["export", "--what", "articles", "--db", db])
    records = [json.loads(line) for line in exported.output.splitlines()]
    assert len(records) == 5
    assert sorted(Path(r["source"]).name[:3] for r in records) == ["000", "001", "002", "003", "004"]
    assert all(Path(r["source"]).is_file() for r in records)
    found = runner.invoke(main, ["search", "লাভরভ", "--db", db])
    assert "লাভরভের" in found.output or "লাভরভ" in found.output


def test_undated_report_takes_its_dates_from_its_event(seeds_dir, tmp_path):
    import khobor

    with khobor.open(str(tmp_path / "k.db")) as store:
        store.ingest([seeds_dir])
        store.process()
        by_name = {Path(a.source).name[:3]: a for a in store.articles()}
    undated, dated = by_name["000"], by_name["001"]
    assert undated.published_at is None and dated.published_at.startswith("2025-07-12")
    assert undated.event_id == dated.event_id
    saturday = [t.value for t in undated.times if t.text == "শনিবার"]
    assert saturday and set(saturday) == {"2025-07-12"}  # "শনিবার" anchored on the other report's date
    assert undated.extras["times_anchor"] == "2025-07-12"
