"""An acronym aliased to its body in a later run rewrites what earlier runs stored (issue 11 review)."""

from pathlib import Path

import khobor
from khobor import pipeline
from khobor.cluster.events import EventClusterer
from khobor.service.cases import explain


def _run(db: str, folder: Path, gazetteer: Path) -> None:
    with khobor.open(db) as store:
        pipeline.ingest(store, [folder])
        pipeline.process(store, gazetteer=gazetteer)


def test_an_acronym_aliased_in_a_later_batch_renames_the_earlier_articles_mentions_and_event_keys(tmp_path):
    gazetteer = tmp_path / "names.tsv"
    gazetteer.write_text("নির্বাচন কমিশন\tORG\nইসি\tORG\n", encoding="utf-8")
    first, second = tmp_path / "one", tmp_path / "two"
    first.mkdir(), second.mkdir()
    (first / "a.txt").write_text("ইসির বৈঠক আজ\n\nইসি আজ বৈঠক করেছে। ইসি জানিয়েছে, আগামী মাসে তফসিল ঘোষণা করা হবে।\n",
                                 encoding="utf-8")
    (second / "b.txt").write_text("তফসিল ঘোষণা\n\nনির্বাচন কমিশন (ইসি) আজ তফসিল ঘোষণা করেছে। ইসি জানিয়েছে, ভোট হবে ফেব্রুয়ারিতে।\n",
                                  encoding="utf-8")
    db = str(tmp_path / "k.db")
    _run(db, first, gazetteer)
    with khobor.open(db) as store:
        (old,) = {m.entity_id for a in store.articles() for m in a.mentions}
    _run(db, second, gazetteer)  # the body's full name and its acronym in brackets: ইসি is that body now

    with khobor.open(db) as store:
        articles = {a.title: a for a in store.articles()}
        (body,) = [e for e in store.entities() if "নির্বাচন কমিশন" in e.variants]
        assert body.id != old and old not in {e.id for e in store.entities()}
        earlier = articles["ইসির বৈঠক আজ"]
        assert {m.entity_id for m in earlier.mentions} == {body.id}  # the entity page and the article page agree
        assert set(store.article_ids_for_entities([body.id])) == {a.id for a in articles.values()}
        events = store.load_stage("events", EventClusterer)
        assert events.profiles_[earlier.id].entities == {body.id}  # what later reports are compared with
        assert "=" + old not in events.postings_ and "=" + old not in events.df_
        assert all(old not in counts for counts in events.entities_.values())
        _, why = explain(store, articles["তফসিল ঘোষণা"].id)
    assert "Shared entities: ইসি" in why


def test_an_acronym_aliased_in_the_first_batch_of_a_new_store(tmp_path):
    gazetteer = tmp_path / "names.tsv"
    gazetteer.write_text("নির্বাচন কমিশন\tORG\nইসি\tORG\n", encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("ইসির বৈঠক আজ\n\nইসি আজ বৈঠক করেছে। ইসি জানিয়েছে, আগামী মাসে তফসিল ঘোষণা করা হবে।\n",
                                  encoding="utf-8")
    (folder / "b.txt").write_text("তফসিল ঘোষণা\n\nনির্বাচন কমিশন (ইসি) আজ তফসিল ঘোষণা করেছে। ইসি জানিয়েছে, ভোট হবে।\n",
                                  encoding="utf-8")
    db = str(tmp_path / "k.db")
    _run(db, folder, gazetteer)  # one batch: the alias is found before the events stage has seen anything
    with khobor.open(db) as store:
        (body,) = [e for e in store.entities() if "নির্বাচন কমিশন" in e.variants]
        assert {m.entity_id for a in store.articles() for m in a.mentions} == {body.id}
        assert store.count(where=pipeline.flag_unset("clustered")) == 0
