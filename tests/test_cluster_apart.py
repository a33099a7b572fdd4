"""Two reports of one topic told apart by their headlines (khobor.cluster.apart)."""

from test_pairs_rules import idf_of, report  # the same reports and document frequencies as the pair rules' tests

from khobor.cluster.apart import numbered_news_apart
from khobor.model import Article


EXAM = "The exam starts at 10:00am; candidates must enter by 9:30am with their admit cards. Calculators are not allowed."


def test_numbered_headlines_of_two_exams_the_same_day_are_two_pieces_of_news():
    bank = report("b1", "1,554 senior officer posts: preliminary results published, 15,003 passed",
                  "Preliminary results for 1,554 senior officer posts of nine banks are published. " + EXAM,
                  "2025-12-10T09:00:00+06:00", "one")
    medical = report("m1", "10 to compete for one medical seat this year",
                     "About 10 candidates will compete for each medical college seat in the admission test. " + EXAM,
                     "2025-12-10T20:00:00+06:00", "another")
    update = report("m2", "Medical admission test: 1.3 lakh to compete for 5,100 seats",
                    "Over 1.3 lakh candidates will compete for 5,100 seats of medical colleges on Friday. " + EXAM,
                    "2025-12-10T22:00:00+06:00", "third")
    results = report("b2", "Bank senior officer results: 15,003 pass preliminary test",
                     "15,003 candidates passed the preliminary test for senior officer posts of nine banks. " + EXAM,
                     "2025-12-10T11:00:00+06:00", "fourth")
    idf = idf_of(bank, medical, update, results)
    assert numbered_news_apart(bank, medical, idf) and numbered_news_apart(medical, bank, idf)
    assert not numbered_news_apart(medical, update, idf)  # other figures, but one tells the other's subject
    assert not numbered_news_apart(bank, results, idf)  # a figure in common


def test_a_headline_with_no_figure_is_left_to_the_other_rules():
    bank = report("b1", "1,554 senior officer posts: preliminary results published", EXAM, "2025-12-10T09:00:00+06:00", "one")
    plain = report("m1", "Medical admission test on Friday", EXAM, "2025-12-10T10:00:00+06:00", "another")
    assert not numbered_news_apart(bank, plain, idf_of(bank, plain))


def test_of_two_events_scoring_about_the_same_the_one_telling_the_headline_wins():
    from khobor.cluster.apart import outranks

    notice = report("n1", "Tribunal orders notices asking Joy to appear",
                    "The tribunal ordered notices in two dailies asking absconding Joy to appear by December 17.",
                    "2025-12-10T14:00:00+06:00", "one")
    hearing = report("h1", "Charge hearing against Salman and Anisul on Dec 17",
                     "The tribunal set December 17 for the charge hearing against Salman and Anisul.",
                     "2025-12-10T17:00:00+06:00", "another")
    roundup = report("r1", "Issue notice for Joy to appear by Dec 17",
                     "The tribunal yesterday ordered notices asking Joy to appear by December 17. It also set December 17 "
                     "for the charge hearing against Salman and Anisul.", "2025-12-11T09:00:00+06:00", "one")
    other = report("o1", "Notice on Joy's properties", "A notice on Joy's properties was served.", "2025-12-09T09:00:00+06:00", "third")
    idf = idf_of(notice, hearing, roundup, other)
    close, far = (0.45, "ev-n", notice), (0.50, "ev-h", hearing)
    assert outranks(roundup, close, far, 0.325, idf) and not outranks(roundup, far, close, 0.325, idf)
    assert not outranks(roundup, (0.38, "ev-n", notice), (0.60, "ev-h", hearing), 0.325, idf)  # no tie: the score decides
    assert not outranks(roundup, (0.30, "ev-n", notice), (0.33, "ev-h", hearing), 0.325, idf)  # one does not join


def test_explain_says_when_the_headline_chose_between_two_events():
    from khobor.cluster.event_why import explain

    article = Article(id="r1", source="r1", title="Issue notice for Joy", body="", event_id="ev-n")
    article.extras["event_why"] = {"decided_by": "lexical", "score": 0.45, "matched_article": "n1", "headline_over": 0.5}
    assert "scored it about as high (0.5)" in explain(article)


BRIEFING = "the press secretary told reporters at the academy after the advisory council meeting on Thursday."


def test_two_outlets_telling_two_announcements_of_one_briefing_are_two_pieces_of_news():
    from khobor.cluster.apart import another_announcement

    vat = report("v1", "Govt cuts VAT on dates for Ramadan",
                 "VAT on dates will fall to 40 percent to keep prices down in Ramadan, " + BRIEFING, "2025-12-11T20:00:00+06:00", "one")
    aid = report("a1", "Govt offers compensation to jet crash victims' families",
                 "Each family of those killed in the jet crash will get compensation and the injured free treatment, " + BRIEFING,
                 "2025-12-11T20:20:00+06:00", "two")
    vat_too = report("v2", "Dates to cost less in Ramadan as VAT is cut",
                     "The VAT on imported dates is cut to 40 percent ahead of Ramadan, " + BRIEFING, "2025-12-11T21:00:00+06:00", "three")
    aid_too = report("a2", "Jet crash victims' families to get compensation",
                     "The government will pay compensation to each family of the jet crash victims, " + BRIEFING,
                     "2025-12-11T21:10:00+06:00", "four")
    common = [report(f"g{i}", f"Govt to {act}", f"The government will {act}.", "2025-12-10T10:00:00+06:00", "five")
              for i, act in enumerate(["hire teachers", "build roads", "buy rice"])]  # "govt" is in many headlines
    idf = idf_of(vat, aid, vat_too, aid_too, *common)
    assert another_announcement(vat, aid, idf) and another_announcement(aid_too, vat_too, idf)
    assert not another_announcement(vat, vat_too, idf) and not another_announcement(aid, aid_too, idf)  # one announcement
    told = report("a3", "Govt offers compensation to jet crash victims' families",
                  "The council also cut the VAT on dates. Each family of those killed in the jet crash will get compensation, "
                  + BRIEFING, "2025-12-11T20:30:00+06:00", "five")
    assert not another_announcement(vat, told, idf_of(vat, aid, vat_too, aid_too, told, *common))  # one tells the other's subject
    late = report("a4", "Govt offers compensation to jet crash victims' families", aid.lead, "2025-12-12T09:00:00+06:00", "two")
    assert not another_announcement(vat, late, idf_of(vat, aid, vat_too, aid_too, late, *common))  # not within hours


def test_one_outlets_two_items_of_a_series_are_two_pieces_of_news():
    from khobor.cluster.apart import another_in_series

    catches = report("c1", "International cricket's most catches: who leads",
                     "Jayawardene took 440 catches in 652 matches; Ponting 364 in 560 and Taylor 354.",
                     "2025-10-26T00:00:00+06:00", "desk")
    centuries = report("c2", "International cricket's most centuries",
                       "Tendulkar made 100 in all; Kohli 82, Ponting 71 and Sangakkara 63.", "2025-10-26T00:00:00+06:00", "desk")
    record = report("c3", "Kohli passes Kallis: his catches and centuries",
                    "Kohli passed Kallis with his 339th catch; his centuries number 82.", "2025-10-25T00:00:00+06:00", "other")
    idf = idf_of(catches, centuries, record)
    assert another_in_series(catches, centuries, idf) and another_in_series(centuries, catches, idf)
    other_desk = report("c4", "International cricket's most centuries", centuries.lead, "2025-10-26T00:00:00+06:00", "other")
    assert not another_in_series(catches, other_desk, idf_of(catches, centuries, record, other_desk))


def test_a_follow_up_under_the_same_opening_words_is_no_series():
    from khobor.cluster.apart import another_in_series

    beaten = report("s1", "Shariatpur head teacher beaten, youth leader accused",
                    "A youth leader beat the head teacher of a Shariatpur school and broke his hand, the family said.",
                    "2025-02-24T18:00:00+06:00", "desk")
    protest = report("s2", "Shariatpur head teacher beaten: students protest",
                     "Students protested on Wednesday against the beating of their head teacher by a youth leader.",
                     "2025-02-25T10:00:00+06:00", "desk")
    other = report("s3", "Youth leader accused; students protest in Shariatpur",
                   "Students protest and a youth leader is accused in Shariatpur.", "2025-02-25T12:00:00+06:00", "other")
    assert not another_in_series(beaten, protest, idf_of(beaten, protest, other))
