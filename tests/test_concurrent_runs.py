"""Two writers on one store: the second waits for the first, nothing is lost."""

import json
import os
import subprocess
import sys
import time

import pytest

import khobor
from khobor.errors import StoreBusyError

SENTENCES = ["রাজধানী ঢাকায় সোমবার সকালে ভারী বৃষ্টি হয়েছে।", "আবহাওয়া অধিদপ্তর জানিয়েছে, বৃষ্টি আরও দুই দিন চলবে।",
             "বৃষ্টির কারণে মিরপুর ও মতিঝিলের কয়েকটি সড়কে পানি জমে যায়।", "অফিসগামী মানুষ দুর্ভোগে পড়েন।"]


WORDS = ["নদী", "সেতু", "বাজার", "স্কুল", "হাসপাতাল", "রেল", "বন্দর", "মেলা", "খেলা", "বই", "চাল", "ডাল", "মাছ", "গম",
         "তেল", "লবণ", "চিনি", "আলু", "পেঁয়াজ", "রসুন"]


def name(i: int) -> str:
    """A different phrase for every number (cleaning treats lines differing only in digits as one)."""
    return " ".join(WORDS[(i // 20 ** k) % 20] for k in range(3))


def feed(path, first: int, count: int) -> None:
    with open(path, "w", encoding="utf-8") as out:
        for i in range(first, first + count):
            text = " ".join(SENTENCES[(i + k) % 4] for k in range(4)) + f" {name(i)} নিয়ে এই প্রতিবেদন।"
            out.write(json.dumps({"text": text, "title": f"{name(i)} নিয়ে খবর"}, ensure_ascii=False) + "\n")


def khobor_cmd(*args):
    return [sys.executable, "-c", "from khobor.cli import main; main()", *map(str, args)]


@pytest.mark.slow
def test_two_runs_at_once_on_one_store_lose_nothing(tmp_path):
    db = tmp_path / "k.db"
    feed(tmp_path / "a.jsonl", 0, 300)
    feed(tmp_path / "b.jsonl", 200, 300)  # 100 articles in both
    env = {**os.environ, "KHOBOR_LOCK_TIMEOUT": "300"}
    procs = [subprocess.Popen(khobor_cmd("run", tmp_path / name, "--db", db), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=env) for name in ("a.jsonl", "b.jsonl")]
    outs = [p.communicate(timeout=600) for p in procs]
    for proc, (out, err) in zip(procs, outs):
        assert proc.returncode == 0, err[-3000:]
        assert "Traceback" not in err and "IntegrityError" not in err
    assert sum("waiting for another khobor process" in err for _, err in outs) == 1  # one waited for the other
    with khobor.open(str(db), read_only=True) as store:
        assert store.count() == 500
        assert store.count("sources") == 600
        assert store.count(where=khobor.store.schema.articles.c.analyzed == 0) == 0


def test_a_writer_waits_then_gives_up_with_a_clear_message(tmp_path):
    db = tmp_path / "k.db"
    feed(tmp_path / "a.jsonl", 0, 3)
    with khobor.open(str(db)) as store, store.writer():
        started = time.monotonic()
        done = subprocess.run(khobor_cmd("ingest", tmp_path / "a.jsonl", "--db", db), capture_output=True, text=True,
                              env={**os.environ, "KHOBOR_LOCK_TIMEOUT": "1"}, timeout=120)
        assert time.monotonic() - started >= 1
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "waiting for another khobor process" in done.stderr and f"pid {os.getpid()}" in done.stderr
    assert str(db) in done.stderr and "KHOBOR_LOCK_TIMEOUT" in done.stderr
    with khobor.open(str(db)) as store:  # once the holder is gone the store is writable again
        assert store.ingest([tmp_path / "a.jsonl"]).added == 3


def test_the_lock_is_released_when_its_holder_is_killed(tmp_path):
    db = tmp_path / "k.db"
    khobor.open(str(db)).close()
    code = f"import khobor, time\ns = khobor.open({str(db)!r})\nwith s.writer():\n    print('held', flush=True)\n    time.sleep(60)\n"
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with khobor.open(str(db)) as store, pytest.raises(StoreBusyError, match="another khobor process"):
            with store.writer(timeout=0.5):
                pass
        holder.kill()
        holder.wait(timeout=10)
        with khobor.open(str(db)) as store, store.writer(timeout=5):
            pass
    finally:
        holder.kill()
