"""Entity resolution over a corpus: mentions become entities, incrementally.

A mention's name key (``names.name_keys``: base form, consonant skeleton,
romanization) decides which entity it belongs to; an entity id is a hash of the
skeleton key, so the same corpus always yields the same ids. A one-word person
name (কিম, পুতিন) links to a full name in the same article that contains it
(কিম জং উন, ভ্লাদিমির পুতিন), else to the one full name in the corpus ending in it.
A person's name cut short (কিম জং) links the same way to the one longer name it begins,
in the article, else in the corpus; two such names (কিম জং উন, কিম জং ইল) link neither.

User decisions (merge, split) are kept as overrides: they are applied after
matching, so they survive ``fit`` from scratch and later ``partial_fit`` calls.
"""

from __future__ import annotations

import functools
from collections import Counter
from typing import Any

from khobor.analyze.acronyms import defined_acronyms
from khobor.analyze.entity_state import EntityState
from khobor.analyze.employers import report_employers
from khobor.analyze.namesakes import Namesakes, hash_id
from khobor.analyze.roles import role_of
from khobor.analyze.names import (NameKey, ai_apart, is_latin, keys_match, lookup_buckets, loose_skeletons, may_match_unspelled,
                                  name_keys, place_name_agrees, places_named)
from khobor.model import Article, Entity, Mention
from khobor.analyze.mention_tidy import _common_word, _is_body, retype, tidy_mentions  # noqa: F401  (their old home)


def _known_place(words: tuple[str, ...]) -> bool:
    from khobor.lang.bn import gazetteer

    name = " ".join(words)
    return (name in gazetteer.builtin_places() or name in gazetteer.bangladesh_places()
            or name.casefold() in gazetteer.latin_places())


def _place_of(keys: list[NameKey]) -> frozenset[str]:
    """Gazetteer ids of the first reading of a name that is a known place (কানাডার: কানাডা), else empty."""
    for key in keys:
        ids = places_named(key.words)
        if ids:
            return ids
    return frozenset()


def warm_up() -> None:
    """Load the tables resolving reads on first use: the gazetteer's (its place index above all), the names read
    through them, the romanizers, the word clusters (~0.9 CPU-s). A run's driver does it while it waits for the
    workers' first batch, instead of inside that batch's resolving, which the whole run waits on."""
    from khobor.analyze import employers, names, namesakes
    from khobor.analyze.ner_resources import embedding_clusters
    from khobor.lang.bn import gazetteer
    from khobor.lang.bn.translations import countries_en_bn

    gazetteer.warm()
    for table in (names._romanizer, names._romanizer_marked, names._ascii, embedding_clusters, countries_en_bn,
                  namesakes._latin_places, namesakes._capital, namesakes._home_places, employers._several_skeletons):
        table()


INDEXED_KEPT = 1 << 17  # entities whose ``_index`` calls are remembered
WINDOW = 20000  # reports kept for looking back at when no state is saved between batches (a long fit)
_TRACKED = ("entities", "keys", "buckets", "last_word", "prefixes", "places", "place_entities")  # parts saved by touched keys


_hash = hash_id


class EntityResolver(Namesakes, EntityState):
    """Assigns ``Mention.entity_id`` / ``Quote.speaker_entity_id``; keeps ``entities_``.

    Parameters are stored as given (scikit-learn style); learned state ends in ``_``.
    """

    def __init__(self, link_short_names: bool = True, min_ratio: float = 85.0):
        self.link_short_names = link_short_names
        self.min_ratio = min_ratio
        self.merges_: dict[str, str] = {}  # merged id -> surviving id
        self.aliases_: set[str] = set()  # ids merged by an acronym defined in the text (not by a user): no new name takes them
        self.splits_: list[dict[str, Any]] = []  # {"from": id, "variants": [...], "id": new id}
        self._variant_keys: dict[str, NameKey | None] = {}  # surface -> its first name key, saved with the state
        self._outlet: str | None = None  # outlet of the article being resolved
        self._article: Article | None = None  # the article being resolved, and the role its text gives a person named
        self._role: str | None = None
        self._employer: list | None = None  # the body the article names as the person's employer (employers.py)
        self._article_kind: str | None | bool = False  # (False: not read yet)
        self._article_names: set[str] | None = None
        self._namesake_root: str | None = None  # a namesake entity about to be created: the entity it is the namesake of
        self._article_districts: list | None = None  # where the report names districts
        self._article_setting: str | None | bool = False  # the foreign country the report is set in (False: not read yet)
        self._batch: dict[str, Article] | None = None  # the articles resolved since the state was saved, by id
        self._looking: dict[str, list[str]] = {}  # entity -> namesakes of its name made in the report being resolved
        self._own_place: str | None = None  # a namesake of a place (an upazila) or a body (of a country) about to be created: its gazetteer id
        self._reset()

    def _reset(self) -> None:
        self.entities_: dict[str, Entity] = {}
        self._keys: dict[str, list[tuple[NameKey, str]]] = {}  # skeleton -> [(key, raw id)]
        self._last_word: dict[str, set[str]] = {}  # last-word skeleton of multi-word PER names -> ids
        self._prefixes: dict[str, set[str]] = {}  # skeleton of the first 2+ words of longer PER names -> ids
        self._places: dict[str, set[str]] = {}  # entity id -> gazetteer ids of the known places among its names
        self._place_entities: dict[str, set[str]] = {}  # gazetteer id -> entities with a main name of that place
        self._touched: dict[str, set[str]] = {part: set() for part in _TRACKED}  # keys changed since the last save
        self._article_sets: dict[str, tuple[list[str], set[str]]] = {}  # a widely named entity's article ids, as a set
        self._indexed: dict[str, set[tuple]] = {}  # entity -> what ``_index`` was asked for it (a speed-up)

    # ---- fitting -------------------------------------------------------------------------
    def fit(self, articles: list[Article]) -> "EntityResolver":
        """Forget learned entities (not user overrides) and resolve ``articles`` from scratch."""
        self._reset()
        return self.partial_fit(articles)

    def partial_fit(self, articles: list[Article]) -> "EntityResolver":
        """Resolve the mentions and quote speakers of ``articles`` against the entities so far."""
        # the reports resolved since the state was last saved (their mentions are stored with it): _look_back's
        # window, the same whether a batch comes whole or part by part
        self._batch = self._batch if self._batch is not None and len(self._batch) < WINDOW else {}
        self._batch.update((a.id, a) for a in articles)
        try:
            for article in articles:
                self._resolve_article(article)
                if self._looking:
                    self._look_back(article)
        finally:
            self._looking = {}
        return self

    def _resolve_article(self, article: Article) -> None:
        self._outlet, self._article, self._article_kind, self._article_names = article.outlet, article, False, None
        self._article_districts, self._article_setting = None, False
        joined = False  # a short name or place joined its long name's entity here: the article's mentions follow
        local: list[tuple[NameKey, str]] = []  # multi-word names in this article
        ordered = sorted(article.mentions, key=lambda m: -len(_words(m)))
        defined = defined_acronyms(article)  # start of a bracketed acronym -> the mention it abbreviates
        employers = report_employers(article, self._key_of)  # a person's name -> the employer the report gives him
        for mention in ordered:
            keys = name_keys(mention.surface)
            if not keys:
                continue
            entity_id = None
            self._role = role_of(article.body, mention, article.mentions) if mention.type == "PER" and len(keys[0].words) > 1 else None
            self._employer = employers.get(keys[0].skeleton) if mention.type == "PER" and len(keys[0].words) > 1 else None
            if self.link_short_names and len(keys[0].words) == 1 and mention.type == "PER":
                entity_id = self._short_link(keys, local) or self._cut_short(mention, article.body)
            elif self.link_short_names and len(keys[0].words) == 1 and not _place_of(keys):
                entity_id = self._surname_link(keys, local)  # Ouattara/LOC beside Dango Ouattara: the person
            if entity_id is None:
                entity_id = self._lookup(keys, mention.type)
                if entity_id and mention.type == "PER" and len(keys[0].words) == 1 and self._first_name_only(keys, entity_id):
                    entity_id = None
                if entity_id and mention.type == "PER" and len(keys[0].words) > 1:
                    entity_id = self._other_full_name(keys[0], self.resolve_id(entity_id), local)
                    entity_id = self._namesake(entity_id)
                if entity_id and mention.type == "LOC":
                    before, entity_id = entity_id, self._one_place(keys, self.resolve_id(entity_id))
                    joined |= before != entity_id
            if entity_id is None and mention.type == "LOC":
                entity_id = self._place_link(keys)
            if entity_id is None and len(keys[0].words) > 1 and mention.type == "PER":
                entity_id = self._prefix_link(keys[0], local)
            if entity_id is None:
                entity_id = self._new_id(keys[0])
            if mention.type == "LOC":
                entity_id = self._place_namesake(keys[0], entity_id)
            elif mention.type == "ORG":
                entity_id = self._body_namesake(keys[0], entity_id)
            entity_id = self._override(entity_id, mention.surface, keys)
            full = defined.get(mention.start)
            if full is not None and full.entity_id and mention.type != "PER":
                entity_id = self._join_acronym(entity_id, self.resolve_id(full.entity_id), keys[0], _written_form(mention.surface, keys[0]))
            mention.entity_id = entity_id
            self._record(entity_id, mention, keys[0], article.id)
            if keys[0].latin:  # its Bengali translation finds it too (ভারত for India)
                for key in keys[1:]:
                    if not key.latin:
                        self._index(key, entity_id, mention.type)
            if len(keys[0].words) > 1 and mention.type == "PER":
                local.append((keys[0], entity_id))
            if len(keys[0].words) > 1 and mention.type == "ORG":
                joined |= self._short_party(keys[0], entity_id)
        self._article = None
        for mention in article.mentions if defined or joined else ():  # an acronym joined here: the article's other mentions follow
            mention.entity_id = mention.entity_id and self.resolve_id(mention.entity_id)  # (not earlier articles: saved)
        said: dict[str, str | None] = {}  # speaker -> entity: the article's mentions are resolved, so it is asked once
        for quote in article.quotes:
            if quote.speaker:
                if quote.speaker not in said:
                    said[quote.speaker] = self._speaker(quote.speaker, article)
                quote.speaker_entity_id = said[quote.speaker]

    def _short_link(self, keys: list[NameKey], local: list[tuple[NameKey, str]]) -> str | None:
        """A one-word person name: the full person name in this article that starts or ends with it, else in the corpus."""
        skeletons = {k.skeleton for k in keys}  # (a full name whose word has none of them is passed at once, as _part_of would)
        found = {self.resolve_id(eid) for full, eid in local
                 if full.skeleton.rpartition("|")[2] in skeletons and _part_of(keys, full, self.min_ratio, last=True)}
        if not found:  # a surname first (ল্যাভরভ: সের্গেই ল্যাভরভ), then a family name in front (কিম: কিম জং উন)
            found = {self.resolve_id(eid) for full, eid in local
                     if full.skeleton.partition("|")[0] in skeletons and _part_of(keys, full, self.min_ratio, last=False)}
        if len(found) == 1:
            return found.pop()
        if found:
            return None
        corpus = set()
        for skeleton in skeletons:
            corpus |= {self.resolve_id(e) for e in self._last_word.get(skeleton, ())}
        if len(corpus) != 1:
            return None
        found = corpus.pop()  # its last word must be this word, not only share consonants (আনসার is not ইউনূস)
        entity = self.entities_.get(found)
        fulls = [k for k in (self._key_of(v) for v in (entity.variants if entity else ())) if k is not None and len(k.words) > 1]
        # across articles and scripts a one-word name needs nearly the same letters (বিলবোর্ড is not Valverde); and a
        # word that begins the name of a person named in as many reports is that person's first name as much (Liton:
        # Nur Khan Liton, or Liton Das?), while Hasina, the first word of a rare name, is still Sheikh Hasina
        rivals = {self.resolve_id(e) for s in skeletons for e in self._prefixes.get("^" + s, ())} - {found}
        if entity is None or any(len(self.entities_[r].article_ids) >= len(entity.article_ids) for r in rivals if r in self.entities_):
            return None
        return found if any(_part_of(keys, full, self.min_ratio, last=True) and (full.latin == keys[0].latin or _close_across(keys, full))
                            for full in fulls) else None

    def _cut_short(self, mention: Mention, body: str) -> str | None:
        """A one-word person name the text goes on with the next word of a person's full name known from other
        reports ("Khaleda" of "BNP Chairperson Khaleda Zia", the tagger's span cut short): that person."""
        following = body[mention.end : mention.end + 40].split(maxsplit=1)
        if not following or not following[0][:1].isalpha() or following[0][:1].islower():
            return None
        keys = name_keys(mention.surface.rstrip("’'s") + " " + following[0].rstrip(".,;:’'").removesuffix("’s").removesuffix("'s"))
        found = self._lookup(keys, "PER") if keys and len(keys[0].words) == 2 else None
        entity = self.entities_.get(self.resolve_id(found)) if found else None
        if entity is None or entity.type != "PER":
            return None  # (and the very words: Roni Begum is not Rina Begum)
        return entity.id if any(k is not None and k.words == keys[0].words for k in map(self._key_of, entity.variants)) else None

    def _other_full_name(self, key: NameKey, entity_id: str, local: list[tuple[NameKey, str]]) -> str:
        """A name this report writes in full with other leading words than the entity found writes it (the report's
        মো. মুজিবুর রহমান, the entity's শেখ মুজিবুর রহমান): the report's own person, not the entity."""
        n, parts = len(key.words), key.skeleton.split("|")
        mine = {self.resolve_id(e): full for full, e in local if len(full.words) > n and full.skeleton.split("|")[-n:] == parts}
        if len(mine) != 1 or entity_id in mine:
            return entity_id
        (own, full), = mine.items()
        head = full.words[:-n]  # as written: শেখ, a title the name keys leave out, is still another name than মো.
        longer = [tuple(v.split()[:-n]) for v in self._variants(entity_id) if len(v.split()) > n]
        heads = {h for h in longer if is_latin(" ".join(h)) == full.latin}
        if len(head) != 1 or not longer:  # (not a span run long: কারিগর বেগম ...)
            return entity_id
        if heads:
            return own if head not in heads else entity_id
        # written in full only in the other script (শেখ মুজিবুর রহমান; the report's Mohammad Mujibur Rahman): read across
        mine = name_keys(head[0], exact=True)
        return entity_id if any(keys_match(m, k, self.min_ratio) for h in longer for k in name_keys(" ".join(h), exact=True)
                                for m in mine) else own

    def _first_name_only(self, keys: list[NameKey], entity_id: str) -> bool:
        """Is the one-word name only the first name of the full names of ``entity_id``? Then it is not linked from
        another article (Nahid of one article is not নাহিদ রানা of another: many share a first name)."""
        entity = self.entities_.get(self.resolve_id(entity_id))
        fulls = [k for k in (self._key_of(v) for v in (entity.variants if entity else ())) if k is not None and len(k.words) > 1]
        return bool(fulls) and not any(_part_of(keys, full, self.min_ratio, last=True) for full in fulls)

    def _surname_link(self, keys: list[NameKey], local: list[tuple[NameKey, str]]) -> str | None:
        """A one-word name typed other than a person that is, word for word, the last name of the one person named
        in full in this article: that person (the tagger typed one mention of him as a place)."""
        words = {k.words[0] for k in keys}
        found = {self.resolve_id(eid) for full, eid in local if full.words[-1] in words}
        return found.pop() if len(found) == 1 else None

    def _prefix_link(self, key: NameKey, local: list[tuple[NameKey, str]]) -> str | None:
        """The one longer person name (in this article, else in the corpus) that begins with these words."""
        start = key.skeleton + "|"
        found = {self.resolve_id(eid) for full, eid in local if full.skeleton.startswith(start) and self._begins(full, key)}
        if not found:
            found = {self.resolve_id(eid) for eid in self._prefixes.get(key.skeleton, ())}
            # the same consonants are not the same words (শাইখ মাহদী does not begin সেখ মাহমুদ হোসেন); from another
            # report the one name it begins must be written in its script (Omar Ali of a road accident is not ওমর আলী বাবু)
            found = {eid for eid in found if any(self._begins(k, key) for k in map(self._key_of, self._variants(eid)) if k)}
            found = {eid for eid in found if len(found) == 1 and any(
                self._begins(k, key) for k in map(self._key_of, self._variants(eid)) if k and k.latin == key.latin)}
        return found.pop() if len(found) == 1 else None

    def _begins(self, full: NameKey, key: NameKey) -> bool:
        """Do the first words of ``full`` name the same as ``key``, word for word?"""
        n = len(key.words)
        if len(full.words) <= n:
            return False
        head = name_keys(" ".join(full.words[:n]), exact=True)
        return bool(head) and keys_match(head[0], key, self.min_ratio)

    def _variants(self, entity_id: str) -> list[str]:
        entity = self.entities_.get(entity_id)
        return entity.variants if entity else []

    def _lookup(self, keys: list[NameKey], kind: str | None = None) -> str | None:
        """The entity whose name matches; a person and a known place join only on the very same words (চীন is not
        চেন: a spelling variant alone is no evidence across those types)."""
        place: frozenset[str] | None = None
        for key in keys:
            for bucket in lookup_buckets(key):  # (the first match wins)
                unspelled = not bucket and key.skeleton  # (names without consonants: only a few can be this one)
                for known, eid in self._keys.get(bucket, ()):
                    if (unspelled and not may_match_unspelled(key, known)) or (
                            not keys_match(key, known, self.min_ratio) or self._type_clash(kind, eid, key, known)
                            or self._spelled_otherwise(kind, key, known, eid)):
                        continue
                    if place is None:
                        place = _place_of(keys)
                    if not self._place_clash(place, key, known, eid):
                        return eid
        return None

    def _spelled_otherwise(self, kind: str | None, key: NameKey, known: NameKey, entity_id: str) -> bool:
        """A person's full name spelled another way than the outlet of this article spells this entity: another
        person (one outlet writes তাইজুল ইসলাম and তাজুল ইসলাম for two people; two outlets write one person's name two
        ways). And a Bengali name with আ-কার where the other has another vowel (সালেহউদ্দিন / সালাহউদ্দিন, জামাল /
        জামিল) is another name, while ো/ু, ি/ী and য-ফলা vary in one name (মোস্তাফিজুর / মুস্তাফিজুর, ল্যাভরভ / লাভরভ)."""
        if kind != "PER" or len(key.words) < 2:
            return False
        entity = self.entities_.get(self.resolve_id(entity_id))
        if not key.latin:
            written = [tuple(f.split()) for f in (entity.extras.get("forms", {}) if entity else ()) if not is_latin(f)]
            if not known.latin:
                written.append(known.words)
            if any(_other_vowel(key.words, w) or ai_apart(key.words, w) for w in written if len(w) == len(key.words) > 1):
                return True
        if not self._outlet:
            return False
        family = [entity, *(self.entities_.get(e) for e in entity.extras.get("namesakes", ()))] if entity else []  # (namesakes: found through it)
        spelled = [_plain(f) for e in family if e for f in e.extras.get("spelled", {}).get(self._outlet, ()) if is_latin(f) == key.latin]
        return bool(spelled) and _plain(" ".join(key.words)) not in spelled

    def _one_place(self, keys: list[NameKey], entity_id: str) -> str:
        """A known place is one entity: a name of it the lookup found in an entity of its own (ইউএস, first typed a
        body, before যুক্তরাষ্ট্র was met; U.S. then found it) joins the place's entity when all its names are
        names of that place. The entity named in more reports takes the other."""
        from khobor.lang.bn.gazetteer import place_ids

        place = _place_of(keys)
        found = self._place_link(keys) if place else None
        held, entity = self._places.get(entity_id), self.entities_.get(entity_id)
        if not found or found == entity_id or entity is None or not held or not held <= self._places.get(found, set()):
            return entity_id
        if not all(k is not None and place_ids(" ".join(k.words)) & held for k in map(self._key_of, entity.variants)):
            return entity_id
        keep, gone = (found, entity_id) if len(self.entities_[found].article_ids) >= len(entity.article_ids) else (entity_id, found)
        self._alias(gone, keep)
        return keep

    def _short_party(self, key: NameKey, entity_id: str) -> bool:
        """A body's long name whose first word joins the next (জামায়াতে ইসলামী, হেফাজতে ইসলাম: the ে of a Persian
        compound) is the body news names by that word alone (জামায়াত): the entity of the one word, if all its names
        are that one word, joins the long name's. Returns whether it did."""
        first = key.words[0]
        if key.latin or len(first) < 4 or not first.endswith("\u09c7"):
            return False
        short = name_keys(first[:-1], exact=True)
        found = self._lookup(short, "ORG") if short else None
        found = found and self.resolve_id(found)
        entity, long = self.entities_.get(found or ""), self.entities_.get(entity_id)
        if not found or found == entity_id or entity is None or long is None or entity.type != "ORG" or long.type != "ORG":
            return False
        if not all(k is not None and len(k.words) == 1 and k.skeleton == short[0].skeleton for k in map(self._key_of, entity.variants)):
            return False
        self._alias(found, entity_id)
        return True

    def _place_link(self, keys: list[NameKey]) -> str | None:
        """The one place entity the gazetteer gives this name to, however spelled (Chittagong: চট্টগ্রাম)."""
        from khobor.lang.bn.gazetteer import place_ids

        for key in keys:
            place = place_ids(" ".join(key.words), main=True)
            if place:
                found = {self.resolve_id(e) for p in place for e in self._place_entities.get(p, ())}
                found = {e for e in found if e in self.entities_ and self.entities_[e].type == "LOC"}
                return found.pop() if len(found) == 1 else None
        return None

    def _place_clash(self, place: frozenset[str], key: NameKey, known: NameKey, entity_id: str) -> bool:
        """Spelled alike, but the gazetteer says otherwise: two different known places (কানাডা / কান্দাহার,
        Madhupur / মোহাম্মদপুর), or a known place and a name that is none of its names in that script (খুলনা is
        Khulna, not Cullinan; প্যারিস is Paris, not Press)."""
        held = self._places.get(self.resolve_id(entity_id))
        if place and held:
            return not place & held
        if held:
            return not place_name_agrees(key, held)
        if place:
            return not place_name_agrees(known, place)
        return False

    def _type_clash(self, kind: str | None, entity_id: str, key: NameKey, known: NameKey) -> bool:
        """A person's name and a known place (gazetteers) spelled alike: no evidence that they are one.
        (Only known places: the tagger sometimes types a person as a place, জয়শঙ্কর/LOC, and that must still join.)"""
        entity = self.entities_.get(self.resolve_id(entity_id))
        if entity is None or kind is None or key.words == known.words:
            return False
        if key.latin != known.latin:  # two taggers, two scripts: a person and a place (Ouattara / উত্তরা) or a body
            return kind != entity.type and not (key.acronym and key.acronym == known.acronym)  # (Rabbi / র‌্যাব) differ
        return {kind, entity.type} == {"PER", "LOC"} and (_known_place(key.words) or _known_place(known.words))

    def _new_id(self, key: NameKey) -> str:
        raw = _hash(key.acronym if key.latin and key.acronym else key.skeleton or " ".join(key.words))
        taken = {eid for _, eid in self._keys.get(key.skeleton, ())}
        # same skeleton, another name: its romanization too (মাহ্‌বুবুর / মাহ্বুবুর: one name), and its numbers, which
        # the romanization leaves out (নওগাঁ-১ / নওগাঁ-৫: two seats)
        digits = "".join(c for c in "".join(key.words) if c.isdigit())
        for extra in (key.roman, key.roman + "|" + digits) if digits else (key.roman,):
            if raw not in taken and raw not in self.entities_ and raw not in self.aliases_:
                break
            raw = _hash(key.skeleton + "|" + extra)
        return raw

    def _override(self, entity_id: str, surface: str, keys: list[NameKey]) -> str:
        if not self.splits_:  # (the forms of every mention were gathered for none)
            return self.resolve_id(entity_id)
        forms = {surface, *(" ".join(k.words) for k in keys)}
        for split in self.splits_:
            if split["from"] == entity_id and forms & set(split["variants"]):
                entity_id = split["id"]
        return self.resolve_id(entity_id)

    def resolve_id(self, entity_id: str) -> str:
        """Follow user merges to the surviving id."""
        seen = set()
        while entity_id in self.merges_ and entity_id not in seen:
            seen.add(entity_id)
            entity_id = self.merges_[entity_id]
        return entity_id

    def _record(self, entity_id: str, mention: Mention, key: NameKey, article_id: str) -> None:
        entity = self.entities_.get(entity_id)
        if entity is None:
            entity = Entity(id=entity_id, type=mention.type, name=" ".join(key.words), name_latin=key.roman or None)
            entity.extras["types"] = {}
            if self._namesake_root:
                entity.extras["namesake_of"] = self._namesake_root
                self._note_namesake(entity_id)
            if self._own_place:
                entity.extras["place"] = self._own_place
            self.entities_[entity_id] = entity
        self._namesake_root = self._own_place = None
        self._note_employer(entity)
        if self._role:  # the role and, to tell namesakes apart where a report gives none, the people named with it
            roles = entity.extras.setdefault("roles", {})
            roles[self._role] = roles.get(self._role, 0) + 1
        if mention.type == "PER" and len(key.words) > 1:
            self._note_context(entity, key.skeleton)
        self._touched["entities"].add(entity_id)
        if mention.surface not in entity.variants:
            entity.variants.append(mention.surface)
        self._add_article(entity, article_id)
        types = entity.extras.setdefault("types", {})
        types[mention.type] = types.get(mention.type, 0) + 1
        entity.type = max(types, key=lambda t: (types[t], t)) if len(types) > 1 else mention.type
        forms = entity.extras.setdefault("forms", {})
        written = _written_form(mention.surface, key)
        forms[written] = forms.get(written, 0) + 1
        outlet = getattr(self, "_outlet", None)
        if outlet and mention.type == "PER" and len(key.words) > 1:
            spelled = entity.extras.setdefault("spelled", {}).setdefault(outlet, [])
            if " ".join(key.words) not in spelled:
                spelled.append(" ".join(key.words))
        _name_entity(entity, key)
        if "place" not in entity.extras:  # (a namesake of a place or body is found through its name's entity)
            self._index(key, entity_id, mention.type, written not in entity.extras.get("acronyms", ()))

    def _add_article(self, entity: Entity, article_id: str) -> None:
        """Add the article to the entity's, once. An entity named in many (বাংলাদেশ: a quarter of a store's articles)
        keeps them as a set too: scanning its list for every mention grew with the store."""
        ids = entity.article_ids
        if len(ids) < 64:
            if article_id not in ids:
                ids.append(article_id)
            return
        known = self._article_sets.get(entity.id)
        if known is None or known[0] is not ids or len(known[1]) != len(ids):  # new, replaced or changed elsewhere
            known = self._article_sets[entity.id] = (ids, set(ids))
        if article_id not in known[1]:
            ids.append(article_id)
            known[1].add(article_id)

    def _index(self, key: NameKey, entity_id: str, kind: str, known_place: bool = True) -> None:
        """Make a name findable: by skeleton and acronym, and a person's by last word and leading words. It only adds,
        so the same call again changes nothing until an alias or a correction takes the entity's entries out
        (``_indexed``: 44,642 calls resolving the dev corpus, 22,729 of them repeated)."""
        from khobor.lang.bn.gazetteer import place_ids

        asked = self._indexed.get(entity_id)
        if asked is None:
            if len(self._indexed) >= INDEXED_KEPT:
                self._indexed.clear()
            asked = self._indexed[entity_id] = set()
        elif (key, kind, known_place) in asked:
            return
        asked.add((key, kind, known_place))
        touched = self._touched
        place = place_ids(" ".join(key.words)) if known_place else None  # (a body's acronym ACC is no place code)
        if place:
            self._places.setdefault(entity_id, set()).update(place)
            touched["places"].add(entity_id)
            for p in place_ids(" ".join(key.words), main=True):
                self._place_entities.setdefault(p, set()).add(entity_id)
                touched["place_entities"].add(p)
        buckets = [key.skeleton, *([key.acronym] if key.acronym and key.acronym != key.skeleton else []), *loose_skeletons(key)]
        for bucket_key in buckets:
            bucket = self._keys.setdefault(bucket_key, [])
            if not any(k == key for k, _ in bucket):
                bucket.append((key, entity_id))
                touched["buckets"].add(bucket_key)
        if kind == "PER" and len(key.words) > 1:
            parts = key.skeleton.split("|")
            self._last_word.setdefault(parts[-1], set()).add(entity_id)
            touched["last_word"].add(parts[-1])
            for prefix in ["^" + parts[0]] + ["|".join(parts[:n]) for n in range(2, len(parts))]:  # (^: the first word alone)
                self._prefixes.setdefault(prefix, set()).add(entity_id)
                touched["prefixes"].add(prefix)

    def _speaker(self, speaker: str, article: Article) -> str | None:
        """The entity of a quote's speaker: a one-word name is the one person named in full in the article with that
        word (Nazrul said: SN Nazrul Islam of this article, not the Asif Nazrul another article calls Nazrul), else
        the entity of a mention with that name here, else in the corpus."""
        keys = name_keys(speaker)
        if len(keys[0].words if keys else ()) == 1:
            full = _named_in_full(keys, article, self.min_ratio)
            if full:
                return self.resolve_id(full)
        differ = set()  # names that are not this one (an article names its people again and again)
        for mention in article.mentions:
            if mention.entity_id and mention.surface not in differ:
                if any(keys_match(k, m, self.min_ratio) for k in keys for m in name_keys(mention.surface)):
                    return self.resolve_id(mention.entity_id)
                differ.add(mention.surface)
        found = self._lookup(keys) if keys else None
        return self.resolve_id(found) if found else None

    def _join_acronym(self, entity_id: str, full_id: str, key: NameKey, acronym: str) -> str:
        """A bracketed acronym after a full name is that body (not after a person: "X (বিএনপি)" names a member); the
        entity the acronym found joins only when it has this very acronym (ইউসিবি found আইসিএবি: spelled alike) and
        is no other body's full name with it."""
        known, target = self.entities_.get(entity_id), self.entities_.get(full_id)
        if target is None or target.type == "PER" or (known is not None and known.type == "PER"):
            return entity_id
        short = target.extras.setdefault("acronyms", [])
        if acronym not in short:  # (the entity is touched: the mention is recorded to it)
            short.append(acronym)
        if known is not None and acronym in known.extras.get("acronyms", ()) and entity_id != full_id \
                and self._other_body(known, target):
            return full_id  # a second body written with this acronym (NSC: two councils): the two stay apart
        if known is not None and entity_id != full_id and any(
                k and (k.words == key.words or key.acronym and k.acronym == key.acronym) for k in map(self._key_of, known.variants)):
            self._alias(entity_id, full_id)
        return full_id

    def _other_body(self, known: Entity, target: Entity) -> bool:
        """Do the two bodies have full names in one script and none of them the same (one ending the other: সরকার
        আন্তর্জাতিক অপরাধ ট্রাইব্যুনাল is আন্তর্জাতিক অপরাধ ট্রাইব্যুনাল)?"""
        def fulls(entity: Entity) -> list[tuple[bool, list[str]]]:
            keys = (self._key_of(v) for v in entity.variants)
            return [(k.latin, k.skeleton.split("|")) for k in keys if k is not None and len(k.words) > 1]

        pairs = [(a, b) for la, a in fulls(known) for lb, b in fulls(target) if la == lb]
        return bool(pairs) and not any(a[-len(b):] == b or b[-len(a):] == a for a, b in pairs)

    def _alias(self, b_id: str, a_id: str) -> None:
        """``merge`` made cheap: only the buckets of b's own names are rewritten, only what changed is touched."""
        self.merges_[b_id] = a_id
        self.aliases_.add(b_id)
        self._indexed.pop(b_id, None)  # (its places go: indexing its names again is no longer idle)
        a, b, _ = self.entities_[a_id], self.entities_.pop(b_id), self._article_sets.pop(b_id, None)
        touched = self._touched
        touched["entities"] |= {a_id, b_id}
        a.variants += [v for v in b.variants if v not in a.variants]
        for article_id in b.article_ids:
            self._add_article(a, article_id)
        for field in ("types", "forms"):
            counts = a.extras.setdefault(field, {})
            for t, n in b.extras.get(field, {}).items():
                counts[t] = counts.get(t, 0) + n
        a.extras.setdefault("acronyms", []).extend(f for f in b.extras.get("acronyms", ()) if f not in a.extras["acronyms"])
        _name_entity(a)
        for variant in b.variants:
            for key in name_keys(variant):
                for bucket_key in (key.skeleton, key.acronym or "", *loose_skeletons(key)):
                    bucket = self._keys.get(bucket_key)
                    if bucket and any(e == b_id for _, e in bucket):
                        bucket[:] = [(k, a_id if e == b_id else e) for k, e in bucket]
                        touched["buckets"].add(bucket_key)
        if b_id in self._places:  # an acronym that is also a place code (ACC) makes no organisation a place
            places = self._places.pop(b_id)
            if a.type == "LOC":
                self._places.setdefault(a_id, set()).update(places)
            touched["places"] |= {a_id, b_id}
            for p in places:
                held = self._place_entities.get(p)
                if held and b_id in held:
                    held.discard(b_id)
                    if a.type == "LOC":
                        held.add(a_id)
                    touched["place_entities"].add(p)

    # ---- user overrides --------------------------------------------------------------------
    def merge(self, a_id: str, b_id: str) -> str:
        """Merge entity ``b_id`` into ``a_id`` (kept as an override); returns the surviving id."""
        a_id, b_id = self.resolve_id(a_id), self.resolve_id(b_id)
        if a_id == b_id:
            return a_id
        self.merges_[b_id] = a_id
        a, b = self.entities_.get(a_id), self.entities_.pop(b_id, None)
        if b is not None:
            if a is None:
                b.id = a_id
                self.entities_[a_id] = b
            else:
                a.variants += [v for v in b.variants if v not in a.variants]
                a.article_ids += [x for x in b.article_ids if x not in a.article_ids]
                for field in ("types", "forms"):
                    counts = a.extras.setdefault(field, {})
                    for t, n in b.extras.get(field, {}).items():
                        counts[t] = counts.get(t, 0) + n
                _name_entity(a)
        for name, bucket in self._keys.items():
            if any(e == b_id for _, e in bucket):
                bucket[:] = [(k, a_id if e == b_id else e) for k, e in bucket]
                self._touched["buckets"].add(name)
        if b_id in self._places:
            self._places.setdefault(a_id, set()).update(self._places.pop(b_id))
            self._touched["places"].update((a_id, b_id))
        self.corrected([a_id, b_id])
        return a_id

    def split(self, entity_id: str, variants: list[str]) -> str:
        """Move ``variants`` of an entity to a new entity (kept as an override); returns the new id."""
        entity_id = self.resolve_id(entity_id)
        forms = set(variants)
        for v in variants:
            forms |= {" ".join(k.words) for k in name_keys(v)}
        new_id = _hash(entity_id + "|" + "|".join(sorted(forms)))
        self.splits_.append({"from": entity_id, "variants": sorted(forms), "id": new_id})
        old = self.entities_.get(entity_id)
        if old is not None:
            moved = [v for v in old.variants if v in forms or {" ".join(k.words) for k in name_keys(v)} & forms]
            old.variants = [v for v in old.variants if v not in moved]
            self.entities_[new_id] = Entity(id=new_id, type=old.type, name=" ".join(name_keys(moved[0])[0].words) if moved else variants[0],
                                            variants=moved, extras={"types": {}})
        self.corrected([entity_id, new_id])
        return new_id

    def corrected(self, entity_ids) -> None:
        """Entities a correction changed: the next save writes them (their article ids anew: a correction may take
        ids from the middle of a list, where fitting only adds at its end), and nothing else it did not touch."""
        self._touched["entities"].update(entity_ids)
        self._article_index().reordered.update(entity_ids)
        self._indexed = {}

    def _key_of(self, variant: str) -> NameKey | None:
        """The first name key of a surface form, computed once per resolver and then saved with its state."""
        if variant not in self._variant_keys:
            keys = name_keys(variant)
            self._variant_keys[variant] = keys[0] if keys else None
        return self._variant_keys[variant]


_VOWEL_CLASS = {"\u09be": "A", "\u09bf": "I", "\u09c0": "I", "\u09c1": "U", "\u09c2": "U", "\u09c7": "E", "\u09c8": "E",
                "\u09cb": "U", "\u09cc": "U", "আ": "A", "ই": "I", "ঈ": "I", "উ": "U", "ঊ": "U", "এ": "E", "ও": "U"}


@functools.lru_cache(maxsize=1 << 16)  # (a person's name against each written form of the entity found, at each lookup)
def _other_vowel(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Word by word as many written vowels, and one is আ-কার where the other has another vowel."""
    if len(a) != len(b):
        return False
    for x, y in zip(a, b):
        vx = [_VOWEL_CLASS[c] for c in x if c in _VOWEL_CLASS]
        vy = [_VOWEL_CLASS[c] for c in y if c in _VOWEL_CLASS]
        if len(vx) == len(vy) and any(p != q and "A" in (p, q) for p, q in zip(vx, vy)):
            return True
    return False


def _plain(name: str) -> str:
    """A Bengali name as an outlet spells it, but for what a keyboard varies in one spelling: the hasanta, joiners, long
    and short ই/উ (মাহ্দী / মাহদী / মাহদি আমিন is one spelling; তাইজুল / তাজুল are two)."""
    return name.translate(_PLAIN)


_PLAIN = str.maketrans({"\u09cd": None, "\u200c": None, "\u200d": None, "\u09c0": "\u09bf", "\u09c2": "\u09c1"})


def _written_form(surface: str, key: NameKey) -> str:
    """The surface as written, the last word without its case ending (শেখ হাসিনার: শেখ হাসিনা)."""
    return _written(surface, key.latin, key.words)


@functools.lru_cache(maxsize=1 << 16)  # (at every mention: 42,713 calls resolving the dev corpus)
def _written(surface: str, latin: bool, key_words: tuple[str, ...]) -> str:
    words = surface.replace("’", "'").split()
    if not words:
        return " ".join(key_words)
    if latin:
        words[-1] = words[-1].removesuffix("'s").rstrip("',")
    else:
        head, dash, last = words[-1].rpartition("-")
        if last != key_words[-1] and last.startswith(key_words[-1]):
            words[-1] = head + dash + key_words[-1]
    return " ".join(words)


def _name_entity(entity: Entity, key: NameKey | None = None) -> None:
    """The name readers know: the most frequent written form (case endings off) in Bengali, else in Latin letters, a
    person's full name before a part of it; ``name_latin`` the most frequent Latin form, else a romanization (pages
    in English show it)."""
    forms = entity.extras.get("forms") or {}
    if not forms:
        return
    if len(forms) == 1:  # (most entities: their one form is the name, below, without the ranking)
        (name,) = forms
        if name and name != entity.name:
            entity.name = name
        if is_latin(name):
            entity.name_latin = name
        elif key is not None and not key.latin and entity.name == " ".join(key.words):
            entity.name_latin = key.roman or None
        return

    def best(names: list[str]) -> str | None:
        if entity.type == "PER" and any(" " in n for n in names):
            names = [n for n in names if " " in n]
        return max(names, key=lambda n: (forms[n], len(n.split()), n)) if names else None

    # A body's acronym competes with its full name: readers know বিএনপি, not its full name; a tie goes to the longer.
    latin = [n for n in forms if is_latin(n)]
    bengali = [n for n in forms if not is_latin(n)]
    name = best(bengali or latin or list(forms))
    if name and name != entity.name:
        entity.name = name
    if latin:
        entity.name_latin = best(latin)
    elif key is not None and not key.latin and entity.name == " ".join(key.words):
        entity.name_latin = key.roman or None


def _close_across(keys: list[NameKey], full: NameKey) -> bool:
    """The one word and the full name's last word, in two scripts, spelled nearly alike."""
    from khobor.analyze.names import MIN_RATIO_ACROSS, _cross_script_evidence

    return any(k.latin != part.latin and k.skeleton == part.skeleton and _cross_script_evidence(k, part, MIN_RATIO_ACROSS)
               for k in keys for part in name_keys(full.words[-1]))


def _part_of(keys: list[NameKey], full: NameKey, min_ratio: float, last: bool) -> bool:
    """Is the one-word name (``keys``) the last (or first) word of ``full`` (পেসকভ / দিমিত্রি পেসকভ, কিম / কিম জং উন)?"""
    return _part_of_keys(tuple(keys), full, min_ratio, last)


@functools.lru_cache(maxsize=1 << 16)  # (a name against the article's full names at each mention: 28.5k of 93.5k distinct)
def _part_of_keys(keys: tuple[NameKey, ...], full: NameKey, min_ratio: float, last: bool) -> bool:
    word, skeleton = (full.words[-1], full.skeleton.split("|")[-1]) if last else (full.words[0], full.skeleton.split("|")[0])
    if not any(k.skeleton == skeleton for k in keys):
        return False
    # (হোসেন is not the হাসান of আবুল হাসান: আ-কার against another vowel is another name, as for full names)
    return any(keys_match(k, part, min_ratio) and (k.latin or part.latin or not _other_vowel(k.words, part.words))
               for k in keys for part in name_keys(word))


def _named_in_full(keys: list[NameKey], article: Article, min_ratio: float) -> str | None:
    """The one entity of the article's multi-word person names that has this one word among its words, in the same
    script (the speaker's own article says who the one-word name is)."""
    found = set()
    for mention in article.mentions:
        if mention.type != "PER" or not mention.entity_id or len(_words(mention)) < 2:
            continue
        full = name_keys(mention.surface)
        if full and len(full[0].words) > 1 and any(
                k.latin == part.latin and keys_match(k, part, min_ratio)
                for k in keys for word in full[0].words for part in name_keys(word, exact=True)):
            found.add(mention.entity_id)
    return found.pop() if len(found) == 1 else None


def _words(mention: Mention) -> list[str]:
    return mention.surface.split()


def entity_rows(resolver: EntityResolver, type: str | None = None, top: int | None = None) -> list[dict[str, Any]]:
    """Rows for ``khobor entities``: most-reported first."""
    entities = [e for e in resolver.entities_.values() if type is None or e.type == type]
    entities.sort(key=lambda e: (-len(e.article_ids), -len(e.variants), e.name))
    rows = [
        {"id": e.id, "type": e.type, "name": e.name, "name_latin": e.name_latin, "articles": len(e.article_ids),
         "variants": list(e.variants)}
        for e in entities
    ]
    return rows[:top] if top else rows


def mention_counts(articles: list[Article]) -> Counter:
    """How many mentions each entity id has in ``articles``."""
    return Counter(m.entity_id for a in articles for m in a.mentions if m.entity_id)
