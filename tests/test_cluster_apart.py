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
