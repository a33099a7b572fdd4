"""English kinds read from the words around a name (no list of names): amounts, titles, leagues, roles."""

from khobor.analyze.english import _known_place
from khobor.analyze.english_kinds import retype
from khobor.analyze.ner import Span


def _retype(text: str, spans: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """``retype`` on the given (surface, type) spans, each at its first place in ``text``."""
    placed = [Span(text.index(s), text.index(s) + len(s), kind) for s, kind in spans]
    return [(text[s.start : s.end], s.type) for s in retype(text, placed, _known_place)]


def test_a_name_ends_before_an_amount():
    text = "He was secured by Rangpur Riders for Tk 9.2 million."
    assert _retype(text, [("Rangpur Riders for Tk", "PER")]) == [("Rangpur Riders", "ORG")]


def test_an_adjectives_tail_is_cut():
    text = "A Jamaat-e-Islami-nominated candidate won."
    assert _retype(text, [("Jamaat-e-Islami-nominated", "PER")]) == [("Jamaat-e-Islami", "ORG")]


def test_a_quoted_title_is_no_person_even_when_written_again_unquoted():
    text = "Cate Blanchett ends 'Squid Game' finale. Fans of Squid Game were surprised."
    again = text.rindex("Squid Game")
    spans = [Span(0, 14, "PER"), Span(text.index("Squid"), text.index("Squid") + 10, "PER"), Span(again, again + 10, "PER")]
    assert [text[s.start : s.end] for s in retype(text, spans, _known_place)] == ["Cate Blanchett"]
    unquoted = "Fans of Squid Game were surprised."
    assert _retype(unquoted, [("Squid Game", "PER")]) == [("Squid Game", "PER")]


def test_an_apostrophe_is_no_quote():
    text = "The Farmers' Rahim Uddin' spoke."
    assert _retype(text, [("Rahim Uddin", "PER")]) == [("Rahim Uddin", "PER")]


def test_a_disease_is_no_name():
    text = "The memo claimed Covid vaccines are linked to deaths in Dhaka."
    assert _retype(text, [("Covid", "PER"), ("Dhaka", "LOC")]) == [("Dhaka", "LOC")]


def test_a_league_and_a_club_are_bodies():
    text = "LaLiga leaders Barcelona beat Atletico Madrid."
    assert _retype(text, [("LaLiga", "PER"), ("Atletico Madrid", "PER")]) == [("LaLiga", "ORG"), ("Atletico Madrid", "ORG")]


def test_the_city_of_x_is_a_place():
    text = "He flew home from the consulate in the city of Siem Reap, the gateway."
    assert _retype(text, [("Siem Reap", "PER")]) == [("Siem Reap", "LOC")]


def test_a_role_word_before_a_name_makes_a_person_and_again_without_it():
    text = "Veterans Mushfiqur Rahim and others went unsold. Cultural affairs adviser Mostofa Sarwar Farooki said. " \
           "Later Mostofa Sarwar Farooki left."
    spans = [("Veterans Mushfiqur Rahim", "ORG"), ("Mostofa Sarwar Farooki", "ORG")]
    found = _retype(text, spans)
    assert found == [("Mushfiqur Rahim", "PER"), ("Mostofa Sarwar Farooki", "PER")]
    later = text.rindex("Mostofa")
    out = retype(text, [Span(text.index("Mostofa"), text.index("Mostofa") + 22, "ORG"), Span(later, later + 22, "ORG")],
                 _known_place)
    assert [s.type for s in out] == ["PER", "PER"]


def test_a_role_word_does_not_make_a_body_or_a_place_a_person():
    text = "The minister Bangladesh Bank said. The adviser Dhaka said."
    assert _retype(text, [("Bangladesh Bank", "ORG"), ("Dhaka", "LOC")]) == [("Bangladesh Bank", "ORG"), ("Dhaka", "LOC")]


def test_a_quoted_body_stays():
    text = 'Fishermen held hostage by the “Dulabhai Bahini” were rescued.'
    assert _retype(text, [("Dulabhai Bahini", "ORG")]) == [("Dulabhai Bahini", "ORG")]


def test_who_leads_is_no_unknown_place():
    text = "Its followers in Modi-led India and the US-led coalition."
    assert _retype(text, [("Modi", "LOC"), ("India", "LOC"), ("US", "LOC")]) == [("India", "LOC"), ("US", "LOC")]


def test_a_count_after_a_place_is_cut_and_a_direction_is_no_place():
    text = "Boro was grown in Sunamganj 223,505 hectares. Winds came from the North today."
    assert _retype(text, [("Sunamganj 223,505", "LOC"), ("North", "LOC")]) == [("Sunamganj", "LOC")]


def test_list_of_journalists_and_their_outlets():
    text = "The awardees are Ehsanul Haque Jasim (Daily Sun), Daily Samakal, Mohammad Moazzem Hossain and others."
    spans = [("Ehsanul Haque Jasim", "ORG"), ("Daily Sun", "ORG"), ("Daily Samakal, Mohammad Moazzem Hossain", "ORG")]
    assert _retype(text, spans) == [("Ehsanul Haque Jasim", "PER"), ("Daily Sun", "ORG"), ("Daily Samakal", "ORG")]


def test_a_unit_and_a_place_with_its_kind():
    text = "Keep it at 40 degrees Fahrenheit in Golna village under Dumuria upazila."
    assert _retype(text, [("Fahrenheit", "PER"), ("Dumuria upazila", "ORG")]) == [("Dumuria upazila", "LOC")]


def test_a_body_in_brackets_after_a_person_is_where_the_person_works():
    text = "The awardees are Abu Saleh Rony (Dainik Samakal), and others."
    assert _retype(text, [("Abu Saleh Rony", "PER"), ("Dainik Samakal", "PER")]) == [("Abu Saleh Rony", "PER"), ("Dainik Samakal", "ORG")]


def test_a_district_the_tagger_left_out_is_a_place_when_it_stands_alone():
    from khobor.analyze.english_kinds import untagged_districts

    text = "Old onions from Pabna sell well. In Khulna it rained. Mr. Natore spoke."
    found = [(text[s.start : s.end], s.type) for s in untagged_districts(text, [])]
    assert found == [("Pabna", "LOC"), ("Khulna", "LOC")]


def test_a_body_with_a_comma_or_its_acronym_in_brackets_stays_whole():
    text = "The UN Educational, Scientific and Cultural Organization and the Inter-Services Public Relations (ISPR) Directorate."
    spans = [("UN Educational, Scientific and Cultural Organization", "ORG"), ("Inter-Services Public Relations", "ORG")]
    assert _retype(text, spans) == spans


def test_a_people_or_a_currency_alone_is_no_name():
    text = "The 22-year-old Briton met 1.1 million Rohingyas and paid Tk 5,000 in Dhaka."
    spans = [("Briton", "PER"), ("Rohingyas", "ORG"), ("Tk", "ORG"), ("Dhaka", "LOC")]
    assert _retype(text, spans) == [("Dhaka", "LOC")]


def test_a_format_or_a_faith_is_no_body():
    text = "He will play one series of ODI and T20. Islam teaches peace, said Nazrul Islam. Islam said so."
    spans = [("ODI", "ORG"), ("Islam", "ORG"), ("Nazrul Islam", "PER")]
    assert _retype(text, spans) == [("Nazrul Islam", "PER")]
    later = text.rindex("Islam said")
    assert [s.type for s in retype(text, [Span(later, later + 5, "PER")], _known_place)] == ["PER"]


def test_a_word_before_office_or_zone_is_a_place_not_a_person():
    text = "TIB held it at its Dhanmondi office. Rahman spoke."
    assert _retype(text, [("Dhanmondi", "PER"), ("Rahman", "PER")]) == [("Dhanmondi", "LOC"), ("Rahman", "PER")]


def test_a_companys_tail_or_a_fashion_house_makes_a_body():
    text = "Disney bought Lucasfilm; Hombale Films and Maison Margiela joined."
    spans = [("Lucasfilm", "LOC"), ("Hombale Films", "PER"), ("Maison Margiela", "PER")]
    assert _retype(text, spans) == [("Lucasfilm", "ORG"), ("Hombale Films", "ORG"), ("Maison Margiela", "ORG")]
    assert _retype("Studio said nothing.", [("Studio", "PER")]) == []


def test_a_bodys_kind_before_its_name_is_cut():
    text = "Broadcaster NHK said the shaking was weak."
    assert _retype(text, [("Broadcaster NHK", "ORG")]) == [("NHK", "ORG")]


def test_a_city_met_in_a_match_is_its_club_but_a_country_stays_a_place():
    text = "Barcelona will retain the title when it faces Valencia. He scored two goals in Valencia."
    assert _retype(text, [("Valencia", "LOC")]) == [("Valencia", "ORG")]
    text = "Bangladesh face India in the league match."
    assert _retype(text, [("India", "LOC")]) == [("India", "LOC")]


def test_a_title_alone_and_two_bodies_joined_by_and():
    text = "Led by Nobel Laureate Muhammad Yunus. Its owner, Md. Habibur Rahman, spoke to the World Bank and IMF."
    spans = [("Nobel Laureate", "ORG"), ("Md.", "LOC"), ("World Bank and IMF", "ORG")]
    assert _retype(text, spans) == [("World Bank", "ORG"), ("IMF", "ORG")]


def test_a_rite_or_a_language_is_no_name():
    text = "He returned after performing Umrah. She works in Malayalam language films."
    assert _retype(text, [("Umrah", "PER"), ("Malayalam", "ORG")]) == []


def test_a_region_named_with_its_kind_is_no_person():
    text = "More continue to flee Myanmar's Rakhine State due to fighting."
    assert _retype(text, [("Rakhine State", "PER")]) == [("Rakhine State", "LOC")]


def test_one_word_after_in_is_a_place_unless_it_is_a_persons_last_name():
    text = "Two cleaners were killed by a van in Khilkhet. The OC of Khilkhet said so."
    at = text.rindex("Khilkhet")
    spans = [Span(text.index("Khilkhet"), text.index("Khilkhet") + 8, "PER"), Span(at, at + 8, "PER")]
    assert [s.type for s in retype(text, spans, _known_place)] == ["LOC", "LOC"]
    text = "Lionel Messi scored. Fans believe in Messi."
    at = text.rindex("Messi")
    spans = [Span(0, 12, "PER"), Span(at, at + 5, "PER")]
    assert [s.type for s in retype(text, spans, _known_place)] == ["PER", "PER"]


def test_a_numbered_body_is_taken_whole():
    text = "Defence lawyers today told the International Crimes Tribunal-1 that he was ill."
    assert _retype(text, [("International Crimes", "ORG")]) == [("International Crimes Tribunal-1", "ORG")]


def test_a_citys_name_with_state_after_it_is_the_state():
    text = "A wildfire in Washington state forced thousands to flee. Rakhine state stays calm."
    assert _retype(text, [("Washington", "LOC"), ("Rakhine", "LOC")]) == [("Washington state", "LOC"), ("Rakhine", "LOC")]


def test_a_body_by_the_words_beside_it_and_the_same_name_again():
    text = "Demna makes his debut for Gucci. To me, this is the Gucci crowd, he said of the fellow Kering brand Balenciaga."
    again = text.rindex("Gucci")
    spans = [Span(0, 5, "PER"), Span(text.index("Gucci"), text.index("Gucci") + 5, "PER"), Span(again, again + 5, "PER"),
             Span(text.index("Balenciaga"), len(text) - 1, "LOC")]
    assert [(text[s.start : s.end], s.type) for s in retype(text, spans, _known_place)] == [
        ("Demna", "PER"), ("Gucci", "ORG"), ("Gucci", "ORG"), ("Balenciaga", "ORG")]


def test_who_is_told_a_quote_at_the_end_of_its_line_is_a_medium_unless_they_speak():
    text = '"We are gaining confidence," Raphinha told Movistar. "We want more."'
    assert _retype(text, [("Raphinha", "PER"), ("Movistar", "PER")]) == [("Raphinha", "PER"), ("Movistar", "ORG")]
    text = '"It was a good day," Trump told Putin. Putin said nothing.'
    assert _retype(text, [("Trump", "PER"), ("Putin", "PER")]) == [("Trump", "PER"), ("Putin", "PER")]


def test_states_named_as_cities_in_a_list_of_states_are_left_out():
    text = "The study comes as some states, like New York and Washington, consider rules. She lives in New York."
    at = text.rindex("New York")
    spans = [Span(text.index("New York"), text.index("New York") + 8, "LOC"),
             Span(text.index("Washington"), text.index("Washington") + 10, "LOC"), Span(at, at + 8, "LOC")]
    assert [(text[s.start : s.end], s.start) for s in retype(text, spans, _known_place)] == [("New York", at)]


def test_a_person_span_ending_in_a_bodys_word_is_the_body():
    text = "His father brought him to Bangabandhu Sheikh Mujib Medical University on Monday."
    assert _retype(text, [("Sheikh Mujib Medical University", "PER")]) == [("Sheikh Mujib Medical University", "ORG")]


def test_a_ship_or_a_boat_is_no_name():
    text = "The vessels include MV Karnaphuli Express and MV Kajal, while Bangladesh received FB Mayer Doa."
    spans = [("MV Karnaphuli Express", "ORG"), ("Kajal", "PER"), ("Bangladesh", "LOC"), ("Mayer Doa", "PER")]
    assert _retype(text, spans) == [("Bangladesh", "LOC")]


def test_a_place_typed_a_person_after_at_is_the_place_typed_elsewhere():
    text = "She lost in the first round at Flushing Meadows. Her debut at Flushing Meadows came in 2015."
    again = text.rindex("Flushing Meadows")
    spans = [Span(text.index("Flushing"), text.index("Flushing") + 16, "LOC"), Span(again, again + 16, "PER")]
    assert [s.type for s in retype(text, spans, _known_place)] == ["LOC", "LOC"]


def test_people_named_by_their_post_are_no_person():
    text = "Yunus gave directives to Upazila Nirbahi Officers (UNOs) across the country."
    assert _retype(text, [("Nirbahi Officers", "PER")]) == []
