"""kill -9 in the middle of an ingest, run again: every article is there exactly once."""

import json
import random
import signal
import sqlite3
import subprocess
import sys
import time

N = 10_000
BATCH = 200
WORDS = ("ঢাকা সরকার বৈঠক নদী বন্যা নির্বাচন মন্ত্রী বাজার দাম চাল ক্রিকেট দল জয় বিদ্যুৎ গ্যাস সড়ক দুর্ঘটনা আদালত রায় "
         "শিক্ষা পরীক্ষা ফল বৃষ্টি ঝড় কৃষক ধান বন্দর জাহাজ রপ্তানি পোশাক শ্রমিক বেতন হাসপাতাল রোগী চিকিৎসা").split()


def document(i: int) -> dict:
    rng = random.Random(i)
    sentences = [" ".join(rng.choices(WORDS, k=rng.randint(6, 12))) + "।" for _ in range(rng.randint(3, 6))]
    return {"text": " ".join(sentences) + f" প্রতিবেদন {i}।", "title": " ".join(rng.choices(WORDS, k=4))}


def count(db):
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return conn.execute("SELECT count(*), count(DISTINCT id) FROM articles").fetchone()
    except sqlite3.OperationalError:
        return (0, 0)


def test_kill_9_mid_ingest_then_resume(tmp_path):
    src = tmp_path / "docs.jsonl"
    with src.open("w", encoding="utf-8") as f:
        for i in range(N):
            f.write(json.dumps(document(i), ensure_ascii=False) + "\n")
    db = str(tmp_path / "k.db")
    cmd = [sys.executable, "-m", "khobor.cli", "ingest", str(src), "--db", db, "--batch-size", str(BATCH)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    seen = 0
    while time.monotonic() < deadline and proc.poll() is None:
        seen = count(db)[0]
        if seen >= BATCH:
            break
        time.sleep(0.005)
    assert proc.poll() is None, f"ingest ended (exit {proc.returncode}) before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    at_kill, distinct = count(db)
    assert 0 < at_kill < N
    assert at_kill % BATCH == 0, "a batch was half written"
    assert at_kill == distinct
    done = subprocess.run(cmd, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert count(db) == (N, N)
    again = subprocess.run(cmd, capture_output=True, text=True)
    assert again.returncode == 0
    assert count(db) == (N, N)
