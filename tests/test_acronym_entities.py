"""An acronym a report defines in brackets after a full name is that body (issue 16)."""

from khobor.analyze.entities import EntityResolver
from spans_fixture import article as _article


def _ids(articles):
    return {m.surface: m.entity_id for art in articles for m in art.mentions}


def test_a_bracketed_bengali_acronym_joins_its_full_name_even_when_known_before():
    earlier = _article("a", "ইসি বৈঠক করেছে।", [("ইসি", "ORG")])
    defines = _article("b", "নির্বাচন কমিশন (ইসি) আজ তফসিল দিয়েছে।", [("নির্বাচন কমিশন", "ORG"), ("ইসি", "ORG")])
    alone = _article("c", "ইসি জানিয়েছে, ভোট হবে।", [("ইসি", "ORG")])
    full = _article("d", "নির্বাচন কমিশনের সভা।", [("নির্বাচন কমিশনের", "ORG")])
    arts = [earlier, defines]
    resolver = EntityResolver().partial_fit(arts)
    resolver.partial_fit([alone, full])
    ids = {resolver.resolve_id(m.entity_id) for art in (earlier, defines, alone, full) for m in art.mentions}
    assert len(ids) == 1  # (an earlier article keeps the old id, as if saved: resolve_id leads on)
    assert {m.entity_id for art in (defines, alone, full) for m in art.mentions} == ids
    entity = resolver.entities_[ids.pop()]
    assert entity.name == "ইসি" and "নির্বাচন কমিশন" in entity.variants  # written three times, the full name twice
    assert set(entity.article_ids) == {"a", "b", "c", "d"}
    again = EntityResolver.from_state(resolver.to_state())  # the alias survives a save
    assert again.resolve_id(_ids([earlier])["ইসি"]) == entity.id


def test_an_english_acronym_joins_and_links_across_scripts():
    a = _article("a", "ইসি বৈঠক করেছে।", [("ইসি", "ORG")])
    b = _article("b", "The Election Commission (EC) met today.", [("Election Commission", "ORG"), ("EC", "ORG")])
    c = _article("c", "The Anti-Corruption Commission (ACC) filed a case.", [("Anti-Corruption Commission", "ORG"), ("ACC", "ORG")])
    resolver = EntityResolver().partial_fit([a, b, c])
    ids = _ids([a, b, c])
    assert ids["Election Commission"] == ids["EC"] == resolver.resolve_id(ids["ইসি"])
    assert ids["Anti-Corruption Commission"] == ids["ACC"] != ids["EC"]


def test_a_person_with_a_bracketed_party_an_age_or_a_place_stays_apart():
    party = _article("p", "বিএনপি সমাবেশ করেছে।", [("বিএনপি", "ORG")])
    person = _article("q", "মির্জা ফখরুল ইসলাম (বিএনপি) বলেন।", [("মির্জা ফখরুল ইসলাম", "PER"), ("বিএনপি", "ORG")])
    age = _article("r", "ঢাকা মেডিকেল কলেজ (৪৫) খবর।", [("ঢাকা মেডিকেল কলেজ", "ORG")])
    place = _article("s", "জাতীয় প্রেসক্লাব (ঢাকা) থেকে।", [("জাতীয় প্রেসক্লাব", "ORG"), ("ঢাকা", "LOC")])
    unlike = _article("t", "Bangladesh Bank (EC) said.", [("Bangladesh Bank", "ORG"), ("EC", "ORG")])
    arts = [party, person, age, place, unlike]
    resolver = EntityResolver().partial_fit(arts)
    ids = _ids(arts)
    assert ids["বিএনপি"] != ids["মির্জা ফখরুল ইসলাম"]
    assert ids["জাতীয় প্রেসক্লাব"] != ids["ঢাকা"]
    assert ids["Bangladesh Bank"] != ids["EC"]  # the letters are not the name's initials
    assert not resolver.merges_


def test_a_new_name_with_the_skeleton_of_an_aliased_acronym_is_not_led_into_it():
    first = _article("a", "বিজেপি সভা করেছে।", [("বিজেপি", "ORG")])
    defines = _article("b", "ভারতীয় জনতা পার্টির (বিজেপি) সভা।", [("ভারতীয় জনতা পার্টির", "ORG"), ("বিজেপি", "ORG")])
    other = _article("c", "ভিজিএফ কার্ড দেওয়া হয়।", [("ভিজিএফ", "ORG")])
    arts = [first, defines, other]
    EntityResolver().partial_fit(arts)
    ids = _ids(arts)
    assert ids["বিজেপি"] == ids["ভারতীয় জনতা পার্টির"] != ids["ভিজিএফ"]


def test_a_bengali_acronym_of_the_words_initials_joins():
    a = _article("a", "দুর্নীতি দমন কমিশনের (দুদক) মামলা। দুদক জানায়।", [("দুর্নীতি দমন কমিশনের", "ORG"), ("দুদক", "ORG")])
    b = _article("b", "দুদক তদন্ত করছে।", [("দুদক", "ORG")])
    resolver = EntityResolver().partial_fit([a, b])
    ids = _ids([a, b])
    assert ids["দুদক"] == ids["দুর্নীতি দমন কমিশনের"]
    assert resolver.entities_[ids["দুদক"]].name == "দুদক"  # the form written most


def test_an_acronym_that_is_also_a_place_code_does_not_make_the_body_a_place():
    a = _article("a", "দুর্নীতি দমন কমিশনের মামলা।", [("দুর্নীতি দমন কমিশনের", "ORG")])
    b = _article("b", "ACC filed a case.", [("ACC", "ORG")])
    c = _article("c", "The Anti-Corruption Commission (ACC) filed.", [("Anti-Corruption Commission", "ORG"), ("ACC", "ORG")])
    d = _article("d", "দুর্নীতি দমন কমিশন মামলা করেছে।", [("দুর্নীতি দমন কমিশন", "ORG")])
    arts = [a, b, c, d]
    resolver = EntityResolver()
    for article in arts:
        resolver.partial_fit([article])
    assert len({resolver.resolve_id(m.entity_id) for art in arts for m in art.mentions}) == 1  # b was saved before


def test_an_acronym_found_under_another_spelled_alike_acronym_does_not_merge_it():
    other = _article("a", "আইসিএবি সভা করেছে।", [("আইসিএবি", "ORG")])
    bank = _article("b", "ইউনাইটেড কমার্শিয়াল ব্যাংক (ইউসিবি) মুনাফা করেছে।", [("ইউনাইটেড কমার্শিয়াল ব্যাংক", "ORG"), ("ইউসিবি", "ORG")])
    arts = [other, bank]
    resolver = EntityResolver().partial_fit(arts)
    ids = _ids(arts)
    assert ids["ইউসিবি"] == ids["ইউনাইটেড কমার্শিয়াল ব্যাংক"]
    assert resolver.resolve_id(ids["আইসিএবি"]) != ids["ইউসিবি"]


def test_acronyms_known_to_a_merged_entity_stay_acronyms():
    a = _article("a", "দুর্নীতি দমন কমিশনের (দুদক) মামলা।", [("দুর্নীতি দমন কমিশনের", "ORG"), ("দুদক", "ORG")])
    b = _article("b", "দুদক জানায়। দুদক বলে।", [("দুদক", "ORG")])
    c = _article("c", "The Anti-Corruption Commission (ACC) filed. ACC said.", [("Anti-Corruption Commission", "ORG"), ("ACC", "ORG")])
    resolver = EntityResolver()
    for article in (a, b, c):
        resolver.partial_fit([article])
    entity = resolver.entities_[resolver.resolve_id(_ids([c])["ACC"])]
    assert entity.name == "দুদক" and {"দুদক", "ACC"} <= set(entity.extras["acronyms"])


def test_a_later_mention_of_an_acronym_that_is_a_place_code_keeps_the_body_findable():
    a = _article("a", "The Anti-Corruption Commission (ACC) filed.", [("Anti-Corruption Commission", "ORG"), ("ACC", "ORG")])
    b = _article("b", "ACC said on Sunday.", [("ACC", "ORG")])
    c = _article("c", "দুর্নীতি দমন কমিশন মামলা করেছে।", [("দুর্নীতি দমন কমিশন", "ORG")])
    resolver = EntityResolver()
    for article in (a, b, c):
        resolver.partial_fit([article])
    assert len({resolver.resolve_id(m.entity_id) for art in (a, b, c) for m in art.mentions}) == 1


def test_one_acronym_written_for_two_bodies_joins_neither_to_the_other():
    one = _article("a", "National Sports Council (NSC) met.", [("National Sports Council", "ORG"), ("NSC", "ORG")])
    alone = _article("b", "The NSC said so.", [("NSC", "ORG")])
    two = _article("c", "New Safe Confinement (NSC) was built.", [("New Safe Confinement", "ORG"), ("NSC", "ORG")])
    resolver = EntityResolver().partial_fit([one, alone, two])
    council, confinement = _ids([one])["National Sports Council"], _ids([two])["New Safe Confinement"]
    assert resolver.resolve_id(council) != resolver.resolve_id(confinement)
    assert _ids([two])["NSC"] == confinement and resolver.resolve_id(_ids([alone])["NSC"]) == resolver.resolve_id(council)


def test_an_untagged_acronym_in_brackets_after_a_body_is_tagged_as_that_body():
    from khobor.analyze.entities import tidy_mentions
    from khobor.model import Mention

    text = "the Department of Agricultural Extension (DAE) and an Environmental Impact Assessment (EIA) and NID (NID)"
    full, thing = "Department of Agricultural Extension", "Environmental Impact Assessment"
    mentions = [Mention(text.index(s), text.index(s) + len(s), s, "ORG") for s in (full, thing)]
    found = [(m.surface, m.type) for m in tidy_mentions(mentions, text)]
    assert ("DAE", "ORG") in found and "EIA" not in {s for s, _ in found}  # an assessment is no body


def test_names_indexed_again_after_an_alias_index_as_without_the_memo(monkeypatch):
    """``_index`` skips a call it was asked before for the entity; an alias takes the aliased entity's entries out
    (its places), so what follows must index as a resolver that remembers nothing does."""
    def articles():
        return [_article("a", "ACC বৈঠক করেছে। ঢাকা", [("ACC", "ORG"), ("ঢাকা", "LOC")]),
                _article("b", "The Anti-Corruption Commission (ACC) filed a case in Dhaka.",
                         [("Anti-Corruption Commission", "ORG"), ("ACC", "ORG"), ("Dhaka", "LOC")]),
                _article("c", "ACC and the Anti-Corruption Commission met in Dhaka; ACC said.",
                         [("ACC", "ORG"), ("Anti-Corruption Commission", "ORG"), ("Dhaka", "LOC"), ("ACC", "ORG")]),
                _article("d", "নির্বাচন কমিশন (ইসি) আজ ঢাকায় তফসিল দিয়েছে।",
                         [("নির্বাচন কমিশন", "ORG"), ("ইসি", "ORG"), ("ঢাকায়", "LOC")])]

    def state(resolver):
        return (resolver.entities_, resolver._keys, resolver._places, resolver._place_entities, resolver._last_word,
                resolver._prefixes, resolver.merges_)

    remembering = EntityResolver().partial_fit(articles()[:2])
    remembering.partial_fit(articles()[2:])
    index = EntityResolver._index

    def forgetting(self, *args, **kwargs):
        self._indexed.clear()
        return index(self, *args, **kwargs)

    monkeypatch.setattr(EntityResolver, "_index", forgetting)
    plain = EntityResolver().partial_fit(articles()[:2])
    plain.partial_fit(articles()[2:])
    assert remembering.merges_  # (an alias was made)
    assert state(remembering) == state(plain)
