"""Events from the command line: explain, move, split, and incremental runs that respect them."""

import json

import khobor


def events_of(cli, db):
    return {e["id"]: e for e in map(json.loads, cli("export", "--what", "events", "--db", db).output.splitlines())}


def visit_event(cli, db):
    """The samples' one event with several reports: the Indian foreign minister's Dhaka visit."""
    return max(events_of(cli, db).values(), key=lambda e: len(e["article_ids"]))


def test_the_visit_is_one_event_of_three_reports_and_explained(sample_store, cli):
    _, db = sample_store
    event = visit_event(cli, db)
    assert len(event["article_ids"]) == 3
    why = cli("explain", event["article_ids"][-1], "--db", db).output
    assert event["id"] in why and ("Shared terms" in why or "Opened event" in why)


def test_split_and_move_survive_an_incremental_run(sample_store, cli):
    folder, db = sample_store
    event = visit_event(cli, db)
    leaving = event["article_ids"][1]
    new_id = cli("events", "split", event["id"], leaving, "--db", db).output.strip()
    after = events_of(cli, db)
    assert after[new_id]["article_ids"] == [leaving]
    assert leaving not in after[event["id"]]["article_ids"]
    assert "a user put it there" in cli("explain", leaving, "--db", db).output

    (folder / "later.txt").write_text(
        "জয়শঙ্করের সফর শেষ\n\nভারতের পররাষ্ট্রমন্ত্রী এস জয়শঙ্কর সোমবার সকালে ঢাকা ছেড়েছেন। "
        "পররাষ্ট্র উপদেষ্টা তৌহিদ হোসেন তাঁকে বিদায় জানান। তিস্তা নিয়ে আলোচনা চলবে বলে দুই পক্ষ জানিয়েছে।\n",
        encoding="utf-8")
    with khobor.open(db) as store:
        store.ingest([folder])
        done = store.process()
    assert done == {"analyzed": 1, "clustered": 1}  # only the new article: the past is not recomputed
    again = events_of(cli, db)
    assert again[new_id]["article_ids"] == [leaving]

    cli("events", "move", leaving, event["id"], "--db", db)
    assert leaving in events_of(cli, db)[event["id"]]["article_ids"]


def test_moving_to_an_unknown_event_is_a_clear_error(sample_store, cli):
    _, db = sample_store
    article = visit_event(cli, db)["article_ids"][0]
    result = cli("events", "move", article, "ev-nope", "--db", db, code=1)
    assert "no event 'ev-nope'" in result.output
