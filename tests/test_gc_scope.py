"""A run sets its stage state aside from the cycle collector only while it lasts: gc.freeze is process-wide."""

import gc

import khobor
from khobor import pipeline

TEXT = "ঢাকায় বৃষ্টি\n\nরাজধানীতে আজ সকাল থেকে বৃষ্টি হচ্ছে। আবহাওয়া অফিস জানিয়েছে, আগামী দুই দিন বৃষ্টি চলবে।\n"


def _run(tmp_path, name: str) -> None:
    folder = tmp_path / name
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT.replace("আজ", f"আজ {name}"), encoding="utf-8")
    with khobor.open(str(tmp_path / "k.db")) as store:
        pipeline.ingest(store, [folder])
        pipeline.process(store)
        assert gc.get_freeze_count() == 0  # given back as soon as the run ends, the store still open


def test_a_run_leaves_the_garbage_collector_as_it_found_it(tmp_path):
    gc.unfreeze()
    _run(tmp_path, "one")
    _run(tmp_path, "two")  # (a run on stored state: loaded and saved again)


def test_a_program_that_froze_its_own_objects_keeps_them_frozen(tmp_path):
    gc.unfreeze()
    gc.freeze()
    frozen = gc.get_freeze_count()
    try:
        folder = tmp_path / "in"
        folder.mkdir()
        (folder / "a.txt").write_text(TEXT, encoding="utf-8")
        with khobor.open(str(tmp_path / "k.db")) as store:
            pipeline.ingest(store, [folder])
            pipeline.process(store)
        assert frozen - 1000 < gc.get_freeze_count() <= frozen  # neither thawed nor grown by the run (a few freed)
    finally:
        gc.unfreeze()


def test_the_collector_runs_less_often_during_a_run_and_as_before_after_it(tmp_path):
    from khobor.store import RUN_GC_YOUNG

    gc.unfreeze()
    before = gc.get_threshold()
    seen = []
    with khobor.open(str(tmp_path / "k.db")) as store:
        with store.long_lived():
            seen.append(gc.get_threshold())
            with store.long_lived():  # (nested: the outer run restores)
                pass
            seen.append(gc.get_threshold())
    assert seen == [(max(before[0], RUN_GC_YOUNG), *before[1:])] * 2
    assert gc.get_threshold() == before
    _run(tmp_path, "one")
    assert gc.get_threshold() == before
