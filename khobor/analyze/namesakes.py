"""Namesakes: two people of one full name (মোস্তাফিজুর রহমান the pace bowler, and a bank's general manager).

A common full name is not split on absence of evidence (two reports that share no other name are mostly one person:
Messi, Yunus). The evidence is the role the report gives the person next to the name: a player's (পেসার,
fast bowler) against an office-holder's (অধ্যাপক, মহাব্যবস্থাপক, professor, general manager). A person named
with one kind of role is not the person of the same name named with the other kind.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib

import regex

from khobor.analyze.employers import any_agree, report_employers
from khobor.analyze.names import keys_match, lemma_forms, name_keys
from khobor.analyze.roles import CLAUSE_STOP, ROLE_KINDS, WORD, article_role, role_of, topic_kind

EMPLOYERS = 8  # distinct employers kept of a person
WITH = 40  # people named beside a person named with a role, kept for telling namesakes apart
FAMILY = 2  # known namesakes of a name from which a report that names no employer is no evidence of any one of them
WELL_KNOWN = 8  # reports of a person with no employer who keeps the reports of the name that name none (a cricketer)
RECENT = 8  # last reports of an entity looked at again when its name gets a namesake
ROLE_SHARE = 3  # a namesake is known by a kind of role if at least one of this many of its reports gives it

def conflicts(roles: dict[str, int] | None, kind: str | None) -> bool:
    """Is a person with these role counts another person than one named with a role of ``kind``?"""
    return bool(kind and roles) and kind not in roles


def _known_as(entity, kind: str | None) -> bool:
    """Is the person known by a role of this kind (a pace bowler in a third of his reports), not only named with it
    once among reports of others of his name (মেহেদী হাসান: a convict, a shot party man, one secretary)?"""
    count = entity.extras.get("roles", {}).get(kind, 0) if kind else 0
    return count > 0 and count * ROLE_SHARE >= len(entity.article_ids)


def hash_id(text: str) -> str:
    """An entity id: a hash of a name's key (the same corpus always yields the same ids)."""
    return "e" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


class Namesakes:
    """The part of ``EntityResolver`` that tells namesakes apart (it sets ``_role``, ``_article`` and the caches)."""

    def _namesake(self, entity_id: str) -> str:
        """The person of this name the report means. Named with a role (pace bowler, general manager): the entity of
        this name with that kind of role, else the one found if it has no role yet, else a new namesake. Named without
        one, when the name has namesakes: the one whose reports with a role name most of this report's people, else
        the one with the role the report gives its people (a cricket report's players), else the one found (no role
        is no evidence of another person)."""
        entity = self.entities_.get(entity_id)
        if entity is None:
            return entity_id
        root = entity.extras.get("namesake_of", entity_id)
        family = [e for e in dict.fromkeys([root, *(hash_id(root + "|" + k) for k in ROLE_KINDS),
                                            *self.entities_[root].extras.get("namesakes", ())] if root in self.entities_ else [root])
                  if e in self.entities_]
        found = self._role_namesake(entity_id, entity, root, family)
        return self._employer_namesake(found, root, family) if self._employer else self._lone_namesake(found, root, family)

    def _lone_namesake(self, found: str, root: str, family: list[str]) -> str:
        """Named with no employer, when the name has ``FAMILY`` namesakes or more (মোস্তাফিজুর রহমান: a pace bowler, a
        virologist, a bank's manager, a BNP upazila secretary): the namesake the report shares the most people with,
        else the one of the role the report gives (the one player of the name), else a well-known person found (many
        reports, none with an employer), else the one it shares a district with, else a namesake of its own: a common
        name alone is no evidence of any one person."""
        if len(family) < FAMILY or self._article is None:
            return found
        names, districts = self._report_names(), self._districts_named()
        kind = self._role or self._report_kind()
        extras = self.entities_[found].extras if found in self.entities_ else {}
        for shared in ({e: len(names.intersection(self.entities_[e].extras.get("with", ()))) for e in family},
                       {e: int(_known_as(self.entities_[e], kind)) for e in family},
                       {found: int(len(self.entities_[found].article_ids) >= WELL_KNOWN and not extras.get("employers"))} if extras else {},
                       {e: len(districts.intersection(self.entities_[e].extras.get("districts", ()))) for e in family}):
            best = max(shared.values(), default=0)
            if best and list(shared.values()).count(best) == 1:
                return max(shared, key=shared.__getitem__)
        self._namesake_root = root
        return hash_id(root + "|alone|" + self._article.id)

    def _districts_named(self) -> set[str]:
        """The districts the report names, but the capital's (named in reports of every kind)."""
        return {p for _, _, ids in self._report_districts() for p in ids} - _capital()

    def _note_context(self, entity, skeleton: str) -> None:
        """Keep the people and districts named beside a person named with a role, or of a name with namesakes."""
        if not (self._role or "namesake_of" in entity.extras or "namesakes" in entity.extras):
            return
        known = entity.extras.setdefault("with", [])
        known += sorted(self._report_names() - {skeleton} - set(known))[: max(0, WITH - len(known))]
        if "namesake_of" in entity.extras or "namesakes" in entity.extras:
            places = entity.extras.setdefault("districts", [])
            places += sorted(self._districts_named() - set(places))[: max(0, WITH - len(places))]

    def _employer_namesake(self, found: str, root: str, family: list[str]) -> str:
        """Named with an employer: the person of this name with an employer that agrees (of a role kind that does not
        conflict), else the one found if it has no employer yet, else a new namesake (employers.py)."""
        for candidate in dict.fromkeys([found, *family]):
            extras = self.entities_[candidate].extras if candidate in self.entities_ else {}
            if any_agree(self._employer, extras.get("employers", ())) and not conflicts(extras.get("roles"), self._role):
                return candidate
        if not (self.entities_[found].extras.get("employers") if found in self.entities_ else None):
            return found
        self._namesake_root = root
        return hash_id(root + "|at|" + "|".join(map(str, self._employer[0])))

    def _note_employer(self, entity) -> None:
        """Keep the employers the report gives the person (a few distinct ones)."""
        employers = entity.extras.setdefault("employers", []) if self._employer else ()
        for employer in self._employer or ():
            if employer not in employers and len(employers) < EMPLOYERS:
                employers.append(list(employer))

    def _note_namesake(self, entity_id: str) -> None:
        """A new namesake is listed on the entity it is the namesake of (its id is not derived from a role kind); the
        reports that entity holds are looked at again once this report is resolved (``_look_back``)."""
        root = self.entities_.get(self._namesake_root)
        if root is not None and entity_id not in root.extras.setdefault("namesakes", []):
            root.extras["namesakes"].append(entity_id)
            self._touched["entities"].add(root.id)
            if self._batch is not None and self._article is not None:
                self._looking.setdefault(root.id, []).append(entity_id)

    def _look_back(self, current) -> None:
        """The first reports of a common name join one entity before any namesake is known (a fake-drug maker, then a
        BNP upazila secretary, under মোস্তাফিজুর রহমান). When the name gets a namesake, the entity's ``RECENT`` last
        reports resolved since the state was last saved (their mentions not yet stored) that give the person no role
        and no employer are looked at again: one that shares people with the new namesake and none with the entity's other
        reports joins the namesake; one that shares none with either, where the entity is known by a role or an
        employer, gets a namesake of its own (as it would have, had it come later), shared with another such report
        that names the same district (a civil surgeon of Chattogram in two reports). A well-known person
        (``WELL_KNOWN`` reports) keeps his."""
        looking, self._looking = self._looking, {}
        for root_id, new_ids in looking.items():
            root = self.entities_.get(root_id)
            if root is None or len(root.article_ids) >= WELL_KNOWN:
                continue
            recent = [self._batch[a] for a in root.article_ids[-RECENT:] if a in self._batch and a != current.id]
            seen = {a.id: self._seen_with(a, root_id) for a in recent}
            known = bool(root.extras.get("employers") or root.extras.get("roles"))
            alone: list[tuple[set[str], str]] = []  # (districts, namesake) of the reports given one here
            for article in recent:
                names, districts, plain = seen[article.id]
                others = set().union(*(seen[a][0] for a in seen if a != article.id))
                if not plain or names & others:
                    continue
                fits = [n for n in new_ids if n in self.entities_ and names & set(self.entities_[n].extras.get("with", ()))]
                if len(fits) == 1:
                    self._move(article, root_id, fits[0])
                elif not fits and known and len(root.article_ids) > 1:
                    own = next((n for places, n in alone if places & districts), hash_id(root_id + "|alone|" + article.id))
                    alone.append((districts, own))
                    self._move(article, root_id, own)

    def _seen_with(self, article, root_id: str) -> tuple[set[str], set[str], bool]:
        """Skeletons of the other people a report names, the districts it names, and whether it names the person of
        ``root_id`` with no role and no employer."""
        mentions = [m for m in article.mentions if m.entity_id and self.resolve_id(m.entity_id) == root_id and m.type == "PER"]
        keys = {m.start: self._key_of(m.surface) for m in mentions}
        own = {k.skeleton for k in keys.values() if k is not None}
        employers = report_employers(article, self._key_of)
        plain = all(role_of(article.body, m, article.mentions) is None for m in mentions if keys[m.start] and len(keys[m.start].words) > 1)
        plain = plain and not any(employers.get(k) for k in own)
        with self._reading(article):
            return self._report_names() - own, self._districts_named(), plain

    @contextlib.contextmanager
    def _reading(self, article):
        """Resolve as if ``article`` were the report being resolved (its caches fresh), then go back."""
        fields = ("_article", "_article_kind", "_article_names", "_article_districts", "_article_setting", "_role",
                  "_employer", "_outlet", "_batch")
        saved = [getattr(self, f) for f in fields]
        self._article, self._article_kind, self._article_names = article, False, None
        self._article_districts, self._article_setting, self._role, self._employer = None, False, None, None
        self._outlet, self._batch = article.outlet, None  # (a namesake made here looks back at nothing)
        try:
            yield
        finally:
            for field, value in zip(fields, saved):
                setattr(self, field, value)

    def _move(self, article, root_id: str, target: str) -> None:
        """Point a report's mentions of ``root_id`` at ``target`` (a namesake, made if new) and move the report."""
        with self._reading(article):
            for mention in article.mentions:
                key = self._key_of(mention.surface)
                if mention.entity_id and self.resolve_id(mention.entity_id) == root_id and key is not None:
                    self._namesake_root = root_id if target not in self.entities_ else None
                    mention.entity_id = target
                    self._record(target, mention, key, article.id)
        for quote in article.quotes:
            if quote.speaker_entity_id and self.resolve_id(quote.speaker_entity_id) == root_id:
                quote.speaker_entity_id = target
        root = self.entities_[root_id]
        if article.id in root.article_ids:
            root.article_ids.remove(article.id)
            self._article_index().reordered.add(root_id)  # (its chunks after the article's place shift)
        self._touched["entities"].add(root_id)

    def _role_namesake(self, entity_id: str, entity, root: str, family: list[str]) -> str:
        if self._role:
            for candidate in dict.fromkeys([entity_id, *family]):
                if self._role in self.entities_[candidate].extras.get("roles", {}):
                    return candidate
            if not conflicts(entity.extras.get("roles"), self._role):
                return entity_id
            self._namesake_root = root
            return hash_id(root + "|" + self._role)
        if len(family) < 2:
            return entity_id
        names = self._report_names()
        shared = {e: len(names.intersection(self.entities_[e].extras.get("with", ()))) for e in family}
        best = max(shared.values())
        if best and list(shared.values()).count(best) == 1:
            return max(shared, key=shared.__getitem__)
        kind = self._report_kind()
        return next((e for e in family if kind and kind in self.entities_[e].extras.get("roles", {})), entity_id)

    def _report_kind(self) -> str | None:
        if self._article_kind is False:
            article = self._article
            self._article_kind = article and (article_role(article.body, article.mentions) or topic_kind(article.body, article.language))
        return self._article_kind or None

    def _report_names(self) -> set[str]:
        """Skeletons of the full person names of the report being resolved."""
        if self._article_names is None:
            keys = (self._key_of(m.surface) for m in (self._article.mentions if self._article else ()) if m.type == "PER")
            self._article_names = {k.skeleton for k in keys if k is not None and len(k.words) > 1}
        return self._article_names

    def _place_namesake(self, key, entity_id: str) -> str:
        """A name the gazetteer gives to places far apart (শেরপুর: a district, and an upazila of Bogura; কচুয়া: two
        upazilas): a report that names the district of one of its upazilas beside the name (মাগুরার শ্রীপুর,
        "Sherpur in Bogura") means that upazila, an entity of its own; a report that does not, the place found. Beside:
        in the sentence, a few words away; for a name that is also a district's, in the same clause (মানিকগঞ্জ ও
        ফরিদপুর is the district even where the report names Pabna, which has a ফরিদপুর upazila)."""
        from khobor.lang.bn.gazetteer import distinct_places, district_of, place_ids

        readings = set(self._places.get(entity_id, ())) | place_ids(" ".join(key.words)) or _spelled_across(key)
        if self._article is None or len(readings) < 2 or distinct_places(readings) < 2:  # (no more places than ids)
            return entity_id
        body, districts = self._article.body, self._report_districts()
        stop = _CLAUSE if any(p.startswith("b:district:") for p in readings) else _SENTENCE
        found = set()
        for mention in self._article.mentions:
            if self._key_of(mention.surface) is None or self._key_of(mention.surface).words != key.words:
                continue
            for start, end, named in districts:
                gap = body[min(end, mention.end) : max(start, mention.start)]
                if len(gap) <= _NEAR and not stop.search(gap):
                    found |= {p for p in readings if district_of(p) in named and district_of(p) not in readings}
        if len(found) != 1:
            return entity_id
        return self._namesake_of(key, entity_id, found.pop())

    def _report_districts(self) -> list[tuple[int, int, frozenset[str]]]:
        """Where the report being resolved names a district (মাগুরা সদর too): start, end, gazetteer ids."""
        from khobor.lang.bn.gazetteer import place_ids

        if self._article_districts is None:
            self._article_districts = []
            for mention in self._article.mentions if self._article else ():
                key = self._key_of(mention.surface)
                words = key.words[:-1] if key and len(key.words) == 2 and key.words[-1].casefold() in _SADAR else key and key.words
                ids = frozenset(p for p in place_ids(" ".join(words)) if p.startswith("b:district:")) if words else ()
                if ids:
                    self._article_districts.append((mention.start, mention.end, ids))
        return self._article_districts


    def _body_namesake(self, key, entity_id: str) -> str:
        """A body named by common words only (নির্বাচন কমিশন, Supreme Court) exists in every country: a report that
        writes a foreign country just before one of its mentions (ভারতের নির্বাচন কমিশন, India's Supreme Court,
        ভারতীয় নির্বাচন কমিশন) means that country's body, an entity of its own; so does a report set abroad that
        writes none ("২০১৮ সালে সুপ্রিম কোর্ট..." in a report on the US travel ban: ``_setting``)."""
        words = [w.casefold() for w in key.words]
        if self._article is None or not words or not all(w in _GENERIC for w in words):
            return entity_id
        found = set()
        for mention in self._article.mentions:
            if self._key_of(mention.surface) is not None and self._key_of(mention.surface).words == key.words:
                found.add(_country_before(self._article.body, mention.start))
        found.discard(None)
        if not found and len(words) > 1 and self._setting() is not None:  # (not কোর্ট, a tennis court abroad)
            found = {self._setting()}
        if len(found) != 1 or "c:BD" in found:
            return entity_id
        return self._namesake_of(key, entity_id, found.pop())

    def _setting(self) -> str | None:
        """The foreign country a report is set in: the one it names most (at least ``SETTING`` times, more than any
        other) when every place it names is foreign and it never writes Bangladesh; else None (a home report that
        names a foreign country or two is set at home)."""
        if self._article_setting is False:
            self._article_setting = _setting_of(self._article)
        return self._article_setting

    def _namesake_of(self, key, entity_id: str, place: str) -> str:
        """The entity of the name ``key`` of ``place`` (an upazila, a country). A new name is indexed under its own
        id first, though no report names its entity yet: the id stays the name's (else another name of its skeleton
        would take it, and the reports of this name that follow would join that one)."""
        if entity_id not in self.entities_ and not any(e == entity_id for _, e in self._keys.get(key.skeleton, ())):
            self._index(key, entity_id, "ORG" if place.startswith("c:") else "LOC")
        own = hash_id(entity_id + "|" + place)
        if own not in self.entities_:
            self._own_place = place
        return own

SETTING = 2  # a report set abroad names its country at least this often
_HOME = regex.compile(r"বাংলাদেশ|bangladesh", regex.IGNORECASE)


def _setting_of(article) -> str | None:
    """``Namesakes._setting`` of ``article``."""
    from collections import Counter

    from khobor.lang.bn.gazetteer import place_ids

    if article is None or _HOME.search(article.body) or _HOME.search(article.title or ""):
        return None
    home, countries = _home_places(), Counter()
    for mention in article.mentions:
        if mention.type != "LOC":
            continue
        word = mention.surface.split()[-1] if mention.surface.split() else ""
        stems = [mention.surface] + ([] if word.isascii() else [mention.surface[: -len(word)] + f for f in lemma_forms(word)])
        ids = next((ids for ids in map(place_ids, stems) if ids), frozenset())
        if any(p.startswith("b:") or p in home for p in ids):
            return None
        countries.update({p for p in ids if p.startswith("c:")})
    ranked = countries.most_common(2) + [(None, 0)]
    return ranked[0][0] if ranked[0][1] >= SETTING and ranked[0][1] > ranked[1][1] else None


@functools.cache
def _home_places() -> frozenset[str]:
    """Gazetteer ids of Bangladesh itself and its cities (b: ids are its units)."""
    from khobor.lang.bn.gazetteer import bangladesh_cities

    return bangladesh_cities() | {"c:BD"}


_NEAR = 40  # characters between a place's name and its district's (মাগুরা সদর, শালিখা, মোহাম্মদপুর: 20)
_SENTENCE = regex.compile(r"[।!?\n]|\.\s")
_CLAUSE = regex.compile(r"[,;:।!?\n()]|\.\s|\s(?:ও|and)\s")
_SADAR = {"সদর", "sadar"}
# the words a body's name is made of when every country has one (its own name says nothing of which)
_GENERIC = set("""সুপ্রিম কোর্ট হাইকোর্ট আপিল বিভাগ নির্বাচন কমিশন কেন্দ্রীয় জাতীয় সংসদ স্বরাষ্ট্র পররাষ্ট্র প্রতিরক্ষা
    মন্ত্রণালয় ব্যাংক পুলিশ সেনাবাহিনী বিমানবাহিনী নৌবাহিনী supreme court high appellate division election commission
    central national parliament assembly home foreign defence defense ministry bank police army air force navy""".split())
_ADJECTIVES = {"ভারতীয়": "c:IN", "মার্কিন": "c:US", "পাকিস্তানি": "c:PK", "ব্রিটিশ": "c:GB", "indian": "c:IN",
               "american": "c:US", "us": "c:US", "u.s.": "c:US", "pakistani": "c:PK", "british": "c:GB"}


@functools.cache
def _capital() -> frozenset[str]:
    from khobor.lang.bn.gazetteer import place_ids

    return frozenset(p for p in place_ids("ঢাকা") if p.startswith("b:district:"))


@functools.cache
def _latin_places() -> dict[str, list]:
    """Skeleton -> [(name key, gazetteer ids)] of the Latin names of Bangladesh's units and cities (news writes
    মোহাম্মদপুর, the gazetteer মহম্মদপুর and Mohammadpur)."""
    from khobor.lang.bn.gazetteer import bangladesh_cities, place_index

    cities = bangladesh_cities()
    found: dict[str, list] = {}
    for name, ids in place_index()[0].items():
        ids = frozenset(p for p in ids if p.startswith("b:") or p in cities)
        if ids and name.isascii():
            for key in name_keys(name)[:1]:
                found.setdefault(key.skeleton, []).append((key, ids))
    return found


def _spelled_across(key) -> frozenset[str]:
    """Gazetteer ids of the Bangladesh places a Bengali name is a spelling of, read through their Latin names."""
    if key.latin or len(key.words) != 1:
        return frozenset()
    return frozenset(p for known, ids in _latin_places().get(key.skeleton, ()) if keys_match(key, known) for p in ids)


def _country_before(body: str, start: int) -> str | None:
    """The country (gazetteer id) a word just before ``start`` names, one adjective between allowed (ইউক্রেনের
    কেন্দ্রীয় নির্বাচন কমিশন): ভারতের, India's, ভারতীয়, US."""
    from khobor.lang.bn.gazetteer import place_ids

    head = CLAUSE_STOP.split(body[max(0, start - 40) : start])[-1]
    for word in list(reversed(WORD.findall(head)))[:2]:
        word = word.replace("’", "'").removesuffix("'s")
        forms = (word,) if word.isascii() else (word, *lemma_forms(word))
        for form in forms:
            country = _ADJECTIVES.get(form.casefold()) or next((p for p in sorted(place_ids(form)) if p.startswith("c:")), None)
            if country:
                return country
    return None
