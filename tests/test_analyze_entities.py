
from khobor.analyze import analyze
from khobor.analyze.entities import EntityResolver
from khobor.clean import clean
from khobor.model import RawDoc
from spans_fixture import article as _article


def _corpus():
    a = _article("a", "সের্গেই ল্যাভরভ ও কিম জং উন বৈঠক করেন। ল্যাভরভ কিমকে বলেন।",
                 [("সের্গেই ল্যাভরভ", "PER"), ("কিম জং উন", "PER"), ("ল্যাভরভ", "PER"), ("কিমকে", "PER")])
    b = _article("b", "সের্গেই লাভরভ ও সের্গেই শোইগু পিয়ংইয়ংয়ে। KCNA জানায়।",
                 [("সের্গেই লাভরভ", "PER"), ("সের্গেই শোইগু", "PER"), ("পিয়ংইয়ংয়ে", "LOC"), ("KCNA", "ORG")])
    c = _article("c", "পিয়ংইয়াং থেকে কেসিএনএ জানিয়েছে, কিম জং-উন খুশি।",
                 [("পিয়ংইয়াং", "LOC"), ("কেসিএনএ", "ORG"), ("কিম জং-উন", "PER")])
    return [a, b, c]


def _ids(articles):
    return {m.surface: m.entity_id for art in articles for m in art.mentions}


def test_variants_merge_short_names_link_and_different_people_stay_apart():
    arts = _corpus()
    resolver = EntityResolver().partial_fit(arts)
    ids = _ids(arts)
    assert ids["সের্গেই ল্যাভরভ"] == ids["সের্গেই লাভরভ"] == ids["ল্যাভরভ"]
    assert ids["কিম জং উন"] == ids["কিমকে"] == ids["কিম জং-উন"]
    assert ids["পিয়ংইয়ংয়ে"] == ids["পিয়ংইয়াং"]
    assert ids["KCNA"] == ids["কেসিএনএ"]
    assert ids["সের্গেই শোইগু"] != ids["সের্গেই লাভরভ"]
    lavrov = resolver.entities_[ids["সের্গেই লাভরভ"]]
    assert set(lavrov.article_ids) == {"a", "b"} and "ল্যাভরভ" in lavrov.variants


def test_a_name_cut_short_links_to_the_one_longer_name_it_begins():
    arts = _corpus()
    d = _article("d", "কিম জং গত মাসে রাশিয়া সফর করেন।", [("কিম জং", "PER")])
    resolver = EntityResolver().partial_fit(arts + [d])
    ids = _ids(arts + [d])
    assert ids["কিম জং"] == ids["কিম জং উন"]
    restored = EntityResolver.from_state(resolver.to_state())  # the prefix index is rebuilt too
    again = _article("g", "কিম জং বলেন।", [("কিম জং", "PER")])
    restored.partial_fit([again])
    assert again.mentions[0].entity_id == ids["কিম জং উন"]
    # two longer names begin with it: it links to neither
    e = _article("e", "কিম জং ইল ১৯৯৪ সালে ক্ষমতায় আসেন।", [("কিম জং ইল", "PER")])
    f = _article("f", "কিম জং সম্পর্কে নতুন বই।", [("কিম জং", "PER")])
    arts = _corpus()
    EntityResolver().partial_fit(arts + [e, f])
    ids = _ids(arts + [e, f])
    assert ids["কিম জং ইল"] != ids["কিম জং উন"]
    assert ids["কিম জং"] not in (ids["কিম জং উন"], ids["কিম জং ইল"])


def test_ids_are_stable_and_state_round_trips():
    first, second = _corpus(), _corpus()
    r1 = EntityResolver().partial_fit(first)
    EntityResolver().partial_fit(second[:1]).partial_fit(second[1:])
    assert _ids(first) == _ids(second)
    state = r1.to_state()
    r2 = EntityResolver.from_state(state)
    late = _article("d", "লাভরভের সফর", [("লাভরভের", "PER")])
    r2.partial_fit([late])
    assert late.mentions[0].entity_id == _ids(first)["সের্গেই লাভরভ"]


def test_merge_and_split_survive_refit():
    arts = _corpus()
    resolver = EntityResolver().partial_fit(arts)
    ids = _ids(arts)
    resolver.merge(ids["পিয়ংইয়াং"], ids["KCNA"])  # a user decision, however odd
    new_id = resolver.split(ids["কিম জং উন"], ["কিমকে"])
    again = _corpus()
    resolver = EntityResolver.from_state(resolver.to_state()).fit(again)
    ids2 = _ids(again)
    assert ids2["KCNA"] == ids2["পিয়ংইয়াং"]
    assert ids2["কিমকে"] == new_id != ids2["কিম জং উন"]


def test_seed_variant_names_merge(seeds_dir):
    arts = [analyze(clean(RawDoc(source=p.name, text=p.read_text(encoding="utf-8")))) for p in sorted(seeds_dir.glob("*.txt"))]
    resolver = EntityResolver().partial_fit(arts)
    by_variant = {v: e.id for e in resolver.entities_.values() for v in e.variants}
    kim_forms = {"কিম জং উন", "কিম জং-উন", "কিম জং উনের", "কিম জং-উনকে", "কিম জং-উনের", "কিম জং উনকে"}
    kim = {by_variant[v] for v in by_variant if v in kim_forms}
    assert len(kim) == 1
    rus = {by_variant[v] for v in by_variant if v in {"রাশিয়া", "রাশিয়ার", "রাশিয়ায়"}}
    assert len(rus) == 1
    kim_entity = resolver.entities_[kim.pop()]
    assert len(kim_entity.article_ids) >= 4


def test_loading_state_reuses_saved_name_keys(monkeypatch):
    """Name keys are saved with the state: loading computes none, and builds the same index as computing them."""
    import khobor.analyze.entities as entities
    from khobor import codec

    resolver = EntityResolver().partial_fit(_corpus())
    state = resolver.to_state()
    without_keys = codec.dumps({k: v for k, v in codec.loads(state).items() if k != "keys"})
    computed = EntityResolver.from_state(without_keys)
    calls = []
    real = entities.name_keys
    monkeypatch.setattr(entities, "name_keys", lambda s: calls.append(s) or real(s))
    restored = EntityResolver.from_state(state)
    assert calls == []
    assert (restored._keys, restored._last_word, restored._prefixes) == (computed._keys, computed._last_word, computed._prefixes)
    assert restored._keys == resolver._keys


def test_a_place_and_a_person_with_similar_spellings_stay_apart():
    from khobor.analyze.entities import EntityResolver
    from khobor.clean.normalize import normalize
    from khobor.model import Article, Mention

    a = Article(id="a", source="-", body="", language="bn")
    b = Article(id="b", source="-", body="", language="bn")
    a.mentions = [Mention(0, 3, normalize("চীন"), "LOC")]
    b.mentions = [Mention(0, 3, normalize("চেন"), "PER")]  # a person, Chen
    c = Article(id="c", source="-", body="", language="bn")
    c.mentions = [Mention(0, 3, normalize("চিন"), "LOC")]
    EntityResolver().partial_fit([a, b, c])
    assert a.mentions[0].entity_id != b.mentions[0].entity_id  # a person's name like the place's: no evidence
    assert a.mentions[0].entity_id == c.mentions[0].entity_id  # the place in another spelling: one entity


def test_a_first_name_alone_links_to_no_full_name_of_another_article():
    x = _article("x", "নাহিদ রানা বল করেন। নাহিদ উইকেট নেন।", [("নাহিদ রানা", "PER"), ("নাহিদ", "PER")])
    y = _article("y", "Nahid said the party would act.", [("Nahid", "PER")])
    z = _article("z", "রানা বলেন, খেলা ভালো হয়েছে।", [("রানা", "PER")])
    EntityResolver().partial_fit([x, y, z])
    ids = _ids([x, y, z])
    assert ids["নাহিদ"] == ids["নাহিদ রানা"] == ids["রানা"]
    assert ids["Nahid"] != ids["নাহিদ রানা"]


def test_a_speakers_one_word_name_is_the_person_named_in_full_in_the_article():
    from khobor.model import Quote

    a = _article("a", "আইন উপদেষ্টা আসিফ নজরুল বলেন। নজরুল আরও বলেন।", [("আসিফ নজরুল", "PER"), ("নজরুল", "PER")])
    text = "Deputy commissioner SN Nazrul Islam spoke. The maid fled, Nazrul said."
    b = _article("b", text, [("SN Nazrul Islam", "PER"), ("Nazrul", "ORG")])
    b.quotes = [Quote(text.index("The maid"), text.index(", Nazrul"), "The maid fled", "Nazrul")]
    EntityResolver().partial_fit([a, b])
    assert b.quotes[0].speaker_entity_id == b.mentions[0].entity_id != a.mentions[0].entity_id
