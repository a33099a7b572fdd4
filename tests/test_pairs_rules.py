"""Pairs a reader keeps apart without asking the model: one speaker's other remark, another day's numbered
headline of another outlet, a section's page under a one-word headline."""

from collections import Counter

from khobor.cluster.apart import another_remark, speaker
from khobor.cluster.pairs import Idf, bulletin_of_another_day, counted_terms, figures_agree, profile
from khobor.model import Article


def report(id, title, body, when, outlet):
    return profile(Article(id=id, source=id, title=title, body=body, language="en", outlet=outlet, published_at=when))


def idf_of(*profiles):
    df = Counter()
    for p in profiles:
        df.update(counted_terms(p))
    return Idf(df, len(profiles))


HIRING = ("Constables to be hired for vacant posts: home minister",
          "The government will hire 2,701 constables soon for the vacant posts, the home minister said.")
INQUIRY = ("New commission on the mutiny to be formed: home minister",
           "A new commission will look again into the border guard mutiny, the home minister said.")


def test_a_quote_headline_names_its_speaker():
    assert speaker(HIRING[0]) == "home minister"
    assert speaker("Election on February 12") is None
    assert speaker("Hope: then heartbreak in the shaft") is None  # the part after the colon is no speaker


def test_one_speakers_two_remarks_under_two_outlets_are_two_pieces_of_news():
    hiring = report("h1", *HIRING, "2025-03-10T15:40:00+06:00", "one")
    inquiry = report("h2", *INQUIRY, "2025-03-10T18:00:00+06:00", "another")
    again = report("h3", "Commission on the mutiny to be formed again: home minister",
                   "The home minister said a commission on the border guard mutiny will be formed again.",
                   "2025-03-10T19:00:00+06:00", "third")
    hired = report("h4", "More constables for the districts: home minister",
                   "Constables will be hired for the vacant posts in the districts, the home minister said.",
                   "2025-03-11T09:00:00+06:00", "fourth")
    idf = idf_of(hiring, inquiry, again, hired)
    assert another_remark(inquiry, hiring, idf)
    assert not another_remark(inquiry, again, idf)  # one remark told twice keeps its subject


def test_numbered_headlines_of_two_outlets_a_day_apart_are_two_happenings():
    four = report("w1", "Rain likely in four divisions today", "Thunder rain may hit four divisions, the Met office said.",
                  "2025-03-10T09:00:00+06:00", "one")
    five = report("w2", "Rain likely in 5 divisions", "Thunder rain may hit five divisions today, the Met office said.",
                  "2025-03-11T13:00:00+06:00", "another")
    hours = report("w3", "Rain likely in 5 divisions", "Rain may hit five divisions, the Met office said.",
                   "2025-03-10T15:00:00+06:00", "another")
    assert four.title_figures == {"4"}  # a spelt-out number is a figure
    assert bulletin_of_another_day(four, five)
    assert not bulletin_of_another_day(four, hours)  # two outlets, hours apart: maybe one forecast told twice


def test_a_one_word_headline_is_a_page_that_tells_no_happening():
    page = report("p1", "Tennis", "Ashes third Test today. India face South Africa at 7:30 pm.", "2025-03-10T00:00:00+06:00", "one")
    assert page.digest
    assert not report("p2", *HIRING, "2025-03-10T15:40:00+06:00", "one").digest


def test_a_place_bengali_news_translates_is_the_same_place_in_both_scripts():
    from khobor.cluster.pairs import places_disagree
    from khobor.lang.bn.text import normalize
    from khobor.model import Mention

    en_body = "Officials confined the finance adviser at the Secretariat for four hours on Sunday."
    bn_body = normalize("রোববার সচিবালয়ে অর্থ উপদেষ্টাকে চার ঘণ্টা অবরুদ্ধ করে রাখেন কর্মচারীরা।")
    where = bn_body.index(normalize("সচিবালয়ে"))
    en = Article(id="en", source="-", title="Finance adviser confined at Secretariat", body=en_body, language="en",
                 mentions=[Mention(en_body.index("Secretariat"), en_body.index("Secretariat") + 11, "Secretariat", "LOC")])
    bn = Article(id="bn", source="-", title=normalize("সচিবালয়ে অর্থ উপদেষ্টা অবরুদ্ধ"), body=bn_body, language="bn",
                 mentions=[Mention(where, where + 9, normalize("সচিবালয়ে"), "LOC")])
    assert not places_disagree(profile(en), profile(bn))
    elsewhere = Article(id="bn2", source="-", title=normalize("খুলনায় অবরোধ"), body=normalize("খুলনায় কর্মচারীরা অবরোধ করেন।"),
                        language="bn", mentions=[Mention(0, 6, normalize("খুলনায়"), "LOC")])
    assert places_disagree(profile(en), profile(elsewhere))  # a place named in neither report's words still differs


def test_a_figure_rounded_in_one_headline_is_the_same_figure():
    study = report("t1", "Tobacco use costs society Tk 87,544cr", "Tobacco use cost the country Tk 87,544 crore, a study says.",
                   "2025-03-10T00:00:00+06:00", "one")
    online = report("t2", "Tobacco cost the country over Tk 87,000 crore: study", "A study put the cost at Tk 87,544 crore.",
                    "2025-03-10T23:00:00+06:00", "one")
    assert not bulletin_of_another_day(study, online)
    assert figures_agree(frozenset({"4,545"}), frozenset({"4500"}))
    assert not figures_agree(frozenset({"217"}), frozenset({"200"}))  # one significant digit says little
    assert not figures_agree(frozenset({"1202"}), frozenset({"1000"}))


def _placed(id, title, body, place, lang="bn"):
    from khobor.lang.bn.text import normalize
    from khobor.model import Mention

    title, body, place = (normalize(title), normalize(body), normalize(place)) if lang == "bn" else (title, body, place)
    at = body.index(place)
    return profile(Article(id=id, source="-", title=title, body=body, language=lang,
                           mentions=[Mention(at, at + len(place), place, "LOC")]))


def test_a_place_and_the_place_holding_it_are_one_place():
    from khobor.cluster.pairs import places_disagree

    secretariat = _placed("s", "নতুন আইজিপির র‍্যাঙ্ক ব্যাজ পরিধান", "সচিবালয়ে নতুন আইজিপিকে র‍্যাঙ্ক ব্যাজ পরানো হয়।", "সচিবালয়ে")
    country = _placed("c", "আইজিপিকে ব্যাজ পরালেন প্রধানমন্ত্রী", "বাংলাদেশ পুলিশের নতুন আইজিপিকে ব্যাজ পরানো হয়।", "বাংলাদেশ")
    capital = _placed("d", "Platform demands wealth disclosure", "The platform made the demand in Dhaka on Thursday.", "Dhaka", "en")
    district = _placed("k", "খুলনায় অবরোধ", "খুলনায় কর্মচারীরা অবরোধ করেন।", "খুলনায়")
    assert not places_disagree(secretariat, country)  # the country holds its capital's seats of state
    assert not places_disagree(secretariat, capital)  # and so does the capital, in either script
    assert not places_disagree(country, capital)
    assert places_disagree(secretariat, district)  # a district is elsewhere than the Secretariat
    assert places_disagree(country, district)  # and the country does not hold it: most reports name the country


def test_a_headline_word_the_other_language_names_is_a_shared_name():
    from khobor.cluster.pairs import cross_evidence
    from khobor.lang.bn.text import normalize

    bn = profile(Article(id="bn", source="-", title=normalize("গোল্ডেন গ্লোব মনোনয়নে এগিয়ে কোন সিনেমা"),
                         body=normalize("এবারের মনোনয়নে এগিয়ে আছে একটি সিনেমা।"), language="bn"))
    en = profile(Article(id="en", source="-", title="Hollywood awards race heats up with Golden Globes nominations",
                         body="The nominations were announced on Monday.", language="en"))
    assert not bn.names & en.names  # the tagger found no name in the Bengali report
    assert cross_evidence(bn, en)["names"] == 1  # Golden, in both scripts; Globes is not গ্লোব (one letter more)


def test_a_place_naming_the_clock_is_not_where_the_news_happened():
    """বাংলাদেশ সময় / Bangladesh time tells when: an awards night abroad, told in Bangladesh time, is not a report
    from Bangladesh (the entity is still listed: the report does name the country)."""
    from khobor.analyze import analyze
    from khobor.clean.normalize import normalize
    from khobor.cluster import pairs

    for lang, body in (("bn", "পুরস্কারের মনোনয়ন ঘোষণা করা হয়েছে। বাংলাদেশ সময় সন্ধ্যা সাড়ে সাতটায় লস অ্যাঞ্জেলেস থেকে নাম ঘোষণা হয়।"),
                       ("en", "The nominations were announced at 7:30pm Bangladesh time in Los Angeles on Monday.")):
        article = analyze(Article(id=lang, source=lang, title="Nominations", body=normalize(body), language=lang))
        assert any(m.surface.startswith(("বাংলাদেশ", "Bangladesh")) for m in article.mentions)
        country = pairs._skeletons(["Bangladesh"], 2)
        assert not country & profile(article).place_names, lang


def test_a_headline_word_only_spelt_like_a_word_of_a_name_does_not_put_that_name_in_the_headline():
    from khobor.model import Mention

    body = ("দুর্নীতি দমন কমিশনের আবেদনে ডিএমপির সাবেক কমিশনার হাবিবুর রহমানের দেশত্যাগে নিষেধাজ্ঞা দিয়েছেন আদালত। "
            "ডিএমপি সূত্র জানায়, তিনি দেশে নেই।")
    article = Article(id="t1", source="t1", title="ডিএমপির সাবেক কমিশনার হাবিবুরের দেশত্যাগে নিষেধাজ্ঞা", body=body,
                      language="bn", outlet="one", published_at="2026-02-25T18:00:00+06:00")
    for surface in ("দুর্নীতি দমন কমিশনের", "ডিএমপির"):
        at = body.index(surface)
        article.mentions.append(Mention(at, at + len(surface), surface, "ORG"))
    headline = profile(article).headline_names
    assert any(s.startswith("DMP") for s in headline)  # the police named in the headline
    assert not any(s.startswith("DRN") for s in headline)  # the anti-graft commission: only কমিশনার is spelt like it


def test_a_pair_whose_thin_evidence_leaves_an_unreachable_cosine_is_not_embedded():
    from khobor.cluster.pairs import CROSS_DENSE_REACHED, default_model

    model = default_model()
    thin = {"numbers": 2, "names": 0, "entities": 0, "gap": 1.5, "place_conflict": 0.0}  # two figures, a day and a half apart
    assert not model.worth_embedding(thin)
    assert not model.same_across_languages(CROSS_DENSE_REACHED - 0.01, thin)
    same_day = {**thin, "gap": 0.2}
    assert model.worth_embedding(same_day) and model.same_across_languages(CROSS_DENSE_REACHED, same_day)
