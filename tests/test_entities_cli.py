"""User corrections to entities: merge and split, kept across re-runs."""

import json

import khobor


def mention_ids(cli, db):
    out = cli("export", "--what", "articles", "--db", db).output
    return {m["entity_id"] for line in out.splitlines() for m in json.loads(line)["mentions"]}


def test_merge_then_split_survive_reruns(sample_store, cli):
    folder, db = sample_store
    with khobor.open(db) as store:
        people = [e for e in store.entities(type="PER")]
    assert len(people) >= 2, "the samples name several people"
    a, b = people[0], people[1]
    cli("entities", "--db", db, "merge", a.id, b.id)
    with khobor.open(db) as store:
        ids = {e.id for e in store.entities()}
        merged = next(e for e in store.entities() if e.id == a.id)
    assert b.id not in ids
    assert set(a.variants) | set(b.variants) <= set(merged.variants)
    assert set(a.article_ids) | set(b.article_ids) == set(merged.article_ids)
    assert b.id not in mention_ids(cli, db) and a.id in mention_ids(cli, db)

    (folder / "late.txt").write_text(
        "নতুন খবর\n\n" + " ".join(b.variants[:1]) + " আজ আবার সংবাদ সম্মেলন করেছেন। তিনি বলেন, আলোচনা চলবে।\n",
        encoding="utf-8")
    cli("run", str(folder), "--db", db)  # a re-run with a new file keeps the merge
    with khobor.open(db) as store:
        assert b.id not in {e.id for e in store.entities()}
        assert a.id in {e.id for e in store.entities()}

    moved = b.variants[0]
    out = cli("entities", "--db", db, "split", a.id, moved).output
    with khobor.open(db) as store:
        entities = {e.id: e for e in store.entities()}
    new = [e for e in entities.values() if moved in e.variants and e.id != a.id]
    assert len(new) == 1, out
    assert moved not in entities[a.id].variants
    assert new[0].article_ids, "the split entity keeps the articles that use its spelling"


def test_merge_unknown_entity_is_a_clear_error(sample_store, cli):
    _, db = sample_store
    result = cli("entities", "--db", db, "merge", "nope", "nada", code=1)
    assert "no entity 'nope'" in result.output
