from khobor.analyze.quotes import find_quotes
from khobor.clean.normalize import normalize
from khobor.model import Mention


def _mention(text, surface, kind="PER"):
    start = text.index(surface)
    return Mention(start, start + len(surface), surface, kind)


def test_speaker_after_the_quote():
    text = normalize("“রাশিয়া সম্পর্ক উন্নয়ন অব্যাহত রাখবে,” পেসকভ বলেন।")
    quotes = find_quotes(text, [_mention(text, "পেসকভ")])
    assert quotes[0].speaker == "পেসকভ"
    assert quotes[0].text.startswith("রাশিয়া".replace("য়", "য়"))


def test_agency_speaker_and_pronoun_follow_up():
    text = normalize("“চুক্তি বাস্তবায়ন করা হবে,” কেসিএনএ বলেছে। “আমরা প্রস্তুত,” তিনি আরও যোগ করেন।")
    quotes = find_quotes(text, [_mention(text, "কেসিএনএ", "ORG")])
    assert [q.speaker for q in quotes] == ["কেসিএনএ", "কেসিএনএ"]


def test_speaker_before_the_quote_and_unattributed_scare_quote():
    text = normalize("লাভরভ বলেন, \"আমরা আশাবাদী।\" তারা \"বীরত্বপূর্ণ\" লড়াইয়ের কথা লিখল।")
    quotes = find_quotes(text, [_mention(text, "লাভরভ")])
    assert quotes[0].speaker == "লাভরভ"
    assert len(quotes) == 1  # "বীরত্বপূর্ণ" is a word in quotation marks, not a statement


def test_fragments_in_quotation_marks_are_not_quotes():
    text = normalize("সরকার প্রস্তাবটি “গ্রহণ করেছিলেন” বলে দাবি করা হয়। তিনি “শিগগিরই” আসবেন।")
    assert find_quotes(text, []) == []


def test_reported_speech_without_quotation_marks():
    text = normalize("পুলিশের মুখপাত্র তালেবুর রহমান বলেন, এ ঘটনায় এখন পর্যন্ত তিনজনকে আটক করা হয়েছে। "
                     "তিনি আরও বলেন, তদন্ত চলছে এবং দোষীদের শাস্তি হবে। "
                     "নিহতের পরিবার মামলা করার প্রস্তুতি নিচ্ছে বলে জানিয়েছেন ওসি আবুল কালাম।")
    quotes = find_quotes(text, [_mention(text, "তালেবুর রহমান"), _mention(text, "আবুল কালাম")])
    assert [(q.text, q.speaker) for q in quotes] == [
        (normalize("এ ঘটনায় এখন পর্যন্ত তিনজনকে আটক করা হয়েছে"), normalize("তালেবুর রহমান")),
        (normalize("তদন্ত চলছে এবং দোষীদের শাস্তি হবে"), normalize("তালেবুর রহমান")),
        (normalize("নিহতের পরিবার মামলা করার প্রস্তুতি নিচ্ছে"), normalize("আবুল কালাম"))]


def test_reported_speech_in_english():
    text = "Commissioner Sajjat Ali said the attackers would be arrested soon. The area is now under control, Sajjat Ali said."
    mentions = [Mention(13, 23, "Sajjat Ali", "PER"), Mention(text.rindex("Sajjat"), text.rindex("Sajjat") + 10, "Sajjat Ali", "PER")]
    quotes = find_quotes(text, mentions)
    assert [(q.text, q.speaker) for q in quotes] == [("the attackers would be arrested soon", "Sajjat Ali"),
                                                    ("The area is now under control", "Sajjat Ali")]


def test_pieces_of_a_sentence_and_unattributed_titles_are_not_quotes():
    text = 'Critics said it was "wracked by tremendous guilt." He starred in "Late Night With Friends" for years.'
    assert find_quotes(text, [Mention(0, 7, "Critics", "PER")]) == []


def test_he_said_takes_the_last_person_named_when_no_quote_is_near():
    text = ('Kim Aris spoke in Tokyo about his mother. ' + "x " * 200
            + '"Because of the elections, I need to use this window," he said.')
    start = text.index("Kim Aris")
    quotes = find_quotes(text, [Mention(start, start + 8, "Kim Aris", "PER")])
    assert [q.speaker for q in quotes] == ["Kim Aris"]


def test_told_someone_that():
    text = "Officer-in-Charge Monirul Islam told The Daily Star that tension erupted between two groups at the dormitory."
    quotes = find_quotes(text, [Mention(18, 31, "Monirul Islam", "PER")])
    assert [(q.text, q.speaker) for q in quotes] == [("tension erupted between two groups at the dormitory", "Monirul Islam")]


def test_a_speaker_who_introduces_the_next_quote_is_not_the_speaker_of_this_one():
    text = ("Home coach Jamie Rowe said, “It was a tough game for us. We were confident.” "
            "Visiting coach Ali Khan said, “Football is a game of chances. We missed ours.”")
    quotes = find_quotes(text, [_mention(text, "Jamie Rowe"), _mention(text, "Ali Khan")])
    assert [q.speaker for q in quotes] == ["Jamie Rowe", "Ali Khan"]


def test_single_quotes_hold_apostrophes_and_a_new_sentence_is_not_the_speakers():
    text = ("Women now make up a third of the corps, according to the agency. ‘We’re looking forward to the first "
            "woman on the moon,’ Jim Bride said. “Claims wait for years. They act like a regulator.” "
            "An official of the corporation, who asked not to be named, said the delays were rare.")
    mentions = [_mention(text, "Jim Bride"), _mention(text, "corporation", "ORG")]
    quotes = find_quotes(text, mentions)
    moon = [q for q in quotes if "moon" in q.text]
    assert len(moon) == 1 and moon[0].text.startswith("We’re") and moon[0].speaker == "Jim Bride"
    assert not any(q.speaker == "corporation" and "regulator" in q.text for q in quotes)


def test_a_name_in_quotation_marks_is_not_a_statement():
    text = normalize("সংসদ সদস্য করিম উদ্দিন জানিয়েছেন ‘অ্যাডভোকেট করিম উদ্দিন’ নামে পরিচালিত পেজটি তাঁর নয়।")
    quotes = find_quotes(text, [_mention(text, "করিম উদ্দিন")])
    assert not any("অ্যাডভোকেট" in q.text for q in quotes)


def test_he_is_the_person_named_in_the_sentence_before():
    text = normalize("জেলে সলিম উল্লাহ বলেন, রাতে তাঁরা ট্রলার নিয়ে রওনা হন। ঘাটে মাছ কিনে নেন স্থানীয় ব্যবসায়ী রশিদ আহমদ। "
                     "তিনি বলেন, মাছগুলো ওজন মেপে ১২০ মণ পাওয়া গেছে।")
    quotes = find_quotes(text, [_mention(text, "সলিম উল্লাহ"), _mention(text, "রশিদ আহমদ")])
    assert [q.speaker for q in quotes] == ["সলিম উল্লাহ", "রশিদ আহমদ"]


def test_what_follows_said_is_not_a_speaker():
    text = "Abu Bakar, a classmate of the victim, said he was attacked for protesting drug abuse in the dormitory."
    quotes = find_quotes(text, [_mention(text, "Abu Bakar")])
    assert all(q.speaker == "Abu Bakar" for q in quotes)


def test_a_nickname_in_brackets_and_the_one_told_are_not_the_speaker():
    text = normalize("জেলা যুবদলের সম্পাদক হাফিজ আহমেদ (বাবলু) বলেন, ‘মামলাটি জামিন অযোগ্য, বিচারক জামিন দিয়েছেন।’ "
                     "নির্মাতা গোয়েল এএনআই-কে বলেন, ‘সত্য আর গোপন রাখা যাবে না।’")
    mentions = [_mention(text, "হাফিজ আহমেদ"), _mention(text, "বাবলু"), _mention(text, "গোয়েল"), _mention(text, "এএনআই-কে", "ORG")]
    assert [q.speaker for q in find_quotes(text, mentions)] == [normalize("হাফিজ আহমেদ"), normalize("গোয়েল")]


def test_a_title_in_quotation_marks_before_a_case_ending_is_not_a_statement():
    text = normalize("সমালোচকেরা বলছেন, ‘দ্য তাজ স্টোরি’-এর মতো চলচ্চিত্র ইতিহাস মুছে দেয়।")
    assert not any("তাজ" in q.text and len(q.text.split()) <= 3 for q in find_quotes(text, [_mention(text, "সমালোচকেরা")]))


def test_a_pronoun_with_a_particle_is_the_subject_not_a_word_tagged_after_it():
    text = normalize("সভায় ছিলেন নতুন মেয়র করিম উদ্দিন। তিনিও বন্যার কথা স্বীকার করে বলেন, দ্রুত বাঁধ মেরামত করা হবে। "
                     "তিনি আরও বলেন, শহরে নতুন পাঁচটি খাল খনন করা হবে।")
    mentions = [_mention(text, "করিম উদ্দিন"), _mention(text, normalize("বন্যার"))]  # a common word a tagger took for a name
    quotes = find_quotes(text, mentions)
    assert [q.speaker for q in quotes] == ["করিম উদ্দিন", "করিম উদ্দিন"]


def test_he_is_the_subject_of_the_nearest_sentence_that_names_someone():
    text = ("Lin now runs a large fan group on the message board Quora. He loves the films. "
            "\"It feels very magical to me and I keep watching,\" he said.")
    quotes = find_quotes(text, [_mention(text, "Lin"), _mention(text, "Quora")])
    assert [q.speaker for q in quotes] == ["Lin"]


def test_who_said_is_said_by_the_person_before_who_only():
    text = "Remember the story of the cleaner at NASA who said he helps to put men on the moon? It stayed with me."
    assert find_quotes(text, [_mention(text, "NASA", "ORG")]) == []
    text = "It was Mia Lind who said the work will start in May next year."
    assert [q.speaker for q in find_quotes(text, [_mention(text, "Mia Lind")])] == ["Mia Lind"]


def test_a_quote_that_ends_its_sentence_is_not_said_by_the_next_sentence():
    text = ("“A path is a big deal. We need great people.” Trade Secretary Ann Moor said some 900 people have signed up. "
            "“We will go on,” Moor said.")
    quotes = find_quotes(text, [_mention(text, "Ann Moor"), Mention(text.rindex("Moor"), text.rindex("Moor") + 4, "Moor", "PER")])
    assert [(q.text, q.speaker) for q in quotes if "path" in q.text] == []
    assert ("We will go on,", "Moor") in [(q.text, q.speaker) for q in quotes]


def test_an_english_surname_the_model_left_untagged_is_tagged_again():
    from khobor.analyze.english import english_entities

    text = "Coach Arne Slot named his squad on Friday. Slot told reporters that the team trained well."
    found = [(text[s.start : s.end], s.type) for s in english_entities(text)]
    assert found == [("Arne Slot", "PER"), ("Slot", "PER")]


def test_a_name_in_the_genitive_is_not_the_speaker():
    text = normalize("লিখিত বক্তব্যে রফিক উদ্দীনের ওপর হামলার নিন্দা জানিয়ে নেতারা বলেন, রাতে ফেরার সময় হয়রানির শিকার হন তিনি।")
    assert find_quotes(text, [_mention(text, normalize("রফিক উদ্দীনের"))]) == []
    text = normalize("রফিক উদ্দীন বলেন, রাতে ফেরার সময় হয়রানির শিকার হন তিনি।")
    assert [q.speaker for q in find_quotes(text, [_mention(text, normalize("রফিক উদ্দীন"))])] == [normalize("রফিক উদ্দীন")]


def test_what_was_said_starts_after_that():
    text = "Prime Minister Ana Sato said in brief comments to reporters that the government set up an emergency task force."
    quotes = find_quotes(text, [_mention(text, "Ana Sato")])
    assert [(q.text, q.speaker) for q in quotes] == [("the government set up an emergency task force", "Ana Sato")]


def test_an_abbreviation_dot_does_not_end_the_sentence_a_pronoun_looks_back_into():
    text = normalize("সভায় রহিম উদ্দিন জানান, প্রতিটি থানায় টহল আরও জোরদার করা হবে। "
                     "পরে অতিরিক্ত কমিশনার এস এন মো. করিম হক নতুন ওসিদের পরিকল্পনা করে কাজ করার পরামর্শ দেন। "
                     "তিনি বলেন, মামলা নিষ্পত্তির বিষয়ে কর্মকর্তাদের আরও দায়িত্বশীল হতে হবে।")
    quotes = find_quotes(text, [_mention(text, "রহিম উদ্দিন"), _mention(text, normalize("এস এন মো. করিম হক"))])
    assert [q.speaker for q in quotes] == ["রহিম উদ্দিন", normalize("এস এন মো. করিম হক")]


def test_a_surname_tagged_again_is_never_the_end_of_another_name():
    from khobor.analyze.english import _surnames_again
    from khobor.analyze.ner import Span

    text = "Officer Shariful Islam spoke. Later Additional Commissioner Shafiqul Islam said more. Islam left."
    spans = [Span(text.index("Shariful"), text.index("Shariful") + len("Shariful Islam"), "PER")]
    found = [text[s.start : s.end] + "@" + str(s.start) for s in _surnames_again(text, spans)]
    assert found == [f"Islam@{text.rindex('Islam')}"]


def test_he_after_another_person_is_named_is_that_person_not_the_last_speaker():
    text = ("\"I'm sick of the giants shirking responsibility,\" she told AFP. Researchers are unsure. "
            "Father-of-five Dany Elachi said the restrictions were long overdue. "
            "\"We need to err on the side of caution before anything else,\" he told AFP.")
    mentions = [_mention(text, "Dany Elachi"), _mention(text, "AFP", "ORG")]
    quotes = find_quotes("Mia Bannister blamed social media. " + text,
                         [_mention("Mia Bannister blamed social media. " + text, "Mia Bannister")]
                         + [Mention(m.start + 35, m.end + 35, m.surface, m.type) for m in mentions])
    said = {q.text[:9]: q.speaker for q in quotes}
    assert said["I'm sick "] == "Mia Bannister" and said["We need t"] == "Dany Elachi"


def test_reported_speech_ends_before_a_second_attribution():
    text = ("Yokohama: Naomi Osaka said the row with the umpire had not altered her feelings about winning, "
            "the Japanese said on Thursday. Her triumph was overshadowed.")
    quotes = find_quotes(text, [_mention(text, "Naomi Osaka")])
    assert [(q.text, q.speaker) for q in quotes] == [
        ("the row with the umpire had not altered her feelings about winning", "Naomi Osaka")]


def test_added_a_goal_is_no_statement():
    text = "Messi added a second just a minute later when he broke behind the defensive line of Eibar."
    assert find_quotes(text, [_mention(text, "Messi")]) == []


def test_a_speaker_after_one_is_no_name():
    from khobor.analyze.quotes import speaker_mentions

    text = normalize("‘এখানে ইফতার পেয়ে খুব উপকার হয়।’ একজন ভ্যানচালক বলেন, ‘আমরা খুশি।’")
    assert speaker_mentions(text, [], lambda word: word != normalize("একজন")) == []


def test_he_said_is_the_one_who_said_in_the_sentence_before_not_the_last_name():
    text = ("Sub-Inspector Purba Chandra Das of Sutrapur Police Station said locals informed police that Noyon shot Rahman "
            "over a business dispute. \"An investigation is ongoing to know what really happened,\" he said.")
    mentions = [_mention(text, "Purba Chandra Das"), _mention(text, "Sutrapur Police Station", "ORG"),
                _mention(text, "Noyon"), _mention(text, "Rahman")]
    quotes = [q for q in find_quotes(text, mentions) if q.text.startswith("An investigation")]
    assert [q.speaker for q in quotes] == ["Purba Chandra Das"]


def test_a_body_before_a_role_word_is_not_the_speaker_and_a_quoted_phrase_inside_a_sentence_is_no_statement():
    text = "The BNP leader said the budget is largely loan-dependent which will increase the loan burden on people."
    assert [q.speaker for q in find_quotes(text, [_mention(text, "BNP", "ORG")])] == []
    text = normalize("‘রাজনৈতিক হয়রানিমূলক’ মামলা প্রত্যাহারের অনুমোদন দিলেন সালাহউদ্দিন আহমেদ, বলেন স্বরাষ্ট্রমন্ত্রী।")
    assert [q.text for q in find_quotes(text, [_mention(text, normalize("সালাহউদ্দিন আহমেদ"))])] == []
    text = "\"We will win\" Trump said at the rally."
    assert [q.speaker for q in find_quotes(text, [_mention(text, "Trump")])] == ["Trump"]


def test_a_name_before_a_clause_between_commas_is_not_the_one_who_said():
    text = ("Nothing can be done to bring back Sheikh Hasina, except for continuing the efforts to persuade India, said "
            "Foreign Adviser Touhid Hossain today. \"What can we do? India has to agree to extradite her,\" he said.")
    mentions = [_mention(text, "Sheikh Hasina"), _mention(text, "India", "LOC"), _mention(text, "Touhid Hossain")]
    quotes = [q for q in find_quotes(text, mentions) if q.text.startswith("What can")]
    assert [q.speaker for q in quotes] == ["Touhid Hossain"]


def test_a_name_with_a_role_between_commas_before_said_is_the_one_who_said():
    text = ("Abdur Rahim, president of the Godkhali Flower Producers Cooperative, said cultivation has begun in Panisara. "
            "\"Over the past four decades, the flower market here has grown,\" he said.")
    mentions = [_mention(text, "Abdur Rahim"), _mention(text, "Panisara")]
    quotes = [q for q in find_quotes(text, mentions) if q.text.startswith("Over the")]
    assert [q.speaker for q in quotes] == ["Abdur Rahim"]


def test_he_added_is_the_subject_of_the_sentence_before_not_the_victim_named_after_it():
    text = ("Inspector Md Faruk of the hospital police camp confirmed the death, saying stab wounds were found in "
            "Hossain's chest. The body has been sent for autopsy, and police have been informed, he added.")
    quotes = find_quotes(text, [_mention(text, "Md Faruk"), _mention(text, "Hossain")])
    assert [q.speaker for q in quotes] == ["Md Faruk"]


def test_he_said_after_a_sentence_that_opens_with_the_persons_possessive():
    text = ("Brody's win was one of the night's comebacks, two decades after he became the youngest ever Oscar best actor "
            'winner. "There was a time not too long ago that I felt this may never come again," he said.')
    quotes = find_quotes(text, [_mention(text, "Brody"), _mention(text, "Oscar")])
    assert [q.speaker for q in quotes] == ["Brody"]


def test_she_added_is_not_the_man_who_spoke_before():
    text = ('Nur Khan Liton spoke first. "The state must ensure that agencies do not pick up people," he added. '
            "Senior Adviser Huma Khan stressed the need for change. She welcomed the reforms but said laws alone are not "
            'enough. "We need a cultural shift in education and family structures," she added. '
            "Mutual respect and accountability are essential for a rights-based society, she added.")
    quotes = find_quotes(text, [_mention(text, "Nur Khan Liton"), _mention(text, "Huma Khan")])
    assert [q.speaker for q in quotes] == ["Nur Khan Liton", "Huma Khan", "Huma Khan"]


def test_said_the_organisations_chief_is_no_statement_of_the_organisation():
    text = ('"In some cases, it has taken even ten years to recover the funds," said the Pragati Insurance chief. '
            "Private insurers have long been frustrated.")
    quotes = find_quotes(text, [_mention(text, "Pragati Insurance", "ORG")])
    assert [q.speaker for q in quotes] == []


def test_he_said_after_a_new_person_opened_a_sentence_is_that_person_not_the_speaker_before():
    text = ('Saker said England had been unhappy. "After today, that may go a bit further," he said of the complaints. '
            "Carey was glad to soak up his third Test ton in front of his family. He said he might have reviewed the "
            'decision himself. "Well, Snicko obviously did not line up, did it?" he told reporters.')
    quotes = find_quotes(text, [_mention(text, "Saker"), _mention(text, "Carey")])
    assert [q.speaker for q in quotes][-1] == "Carey"


def test_he_said_takes_the_one_who_said_the_sentence_before_whatever_the_tagger_typed_him():
    text = ('Last Tuesday, the fourth day, Ayesha reportedly arrived with a knife, Nazrul said. "As Laila was preparing '
            'to call her husband, Ayesha attacked her," he said.')
    quotes = find_quotes(text, [_mention(text, "Ayesha"), _mention(text, "Nazrul", "ORG"), _mention(text, "Laila")])
    assert [q.speaker for q in quotes] == ["Nazrul", "Nazrul"]


def test_an_unnamed_head_of_an_organisation_is_not_the_organisation():
    text = ("The NASA administrator did not name anyone but said women are at the forefront of the agency's plans. "
            '"We are in survival mode after the funding cuts," said the High Commissioner for the UN human rights office.')
    quotes = find_quotes(text, [_mention(text, "NASA", "ORG"), _mention(text, "UN", "ORG")])
    assert [q.speaker for q in quotes] == []


def test_a_name_in_the_possessive_is_whose_not_who_speaks():
    text = ("Hossain's sister Suraiya Akter said her brother worked at a jewellery factory near their home. "
            "She did not know the motive.")
    quotes = find_quotes(text, [_mention(text, "Hossain"), _mention(text, "Suraiya Akter", "ORG")])
    assert [q.speaker for q in quotes] == ["Suraiya Akter"]


def test_sentences_of_reported_speech_are_those_of_the_plain_pattern():
    import random

    import regex

    from khobor.analyze.quotes import _SENTENCE

    plain = regex.compile(r"(?:[^।?!\n.]|\.(?!\s+[A-Z\"“‘']|\s*$))+(?:[।?!.]|(?=\n)|$)")  # one character a step
    rng = random.Random(3)
    pieces = ["ab", " ", ". ", ".", "A", "।", "?", "!", "\n", "“", " . ", "x.y", "  \n", "বলেন"]
    for _ in range(500):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 25)))
        assert [m.span() for m in _SENTENCE.finditer(text)] == [m.span() for m in plain.finditer(text)], text


def test_fasting_is_no_speaker():
    """রোজা (the fast) is a word the tagger can read as a woman's name; a report on fasting must not give it quotes."""
    from khobor.analyze import analyze_text

    text = normalize("রোজার মাসে ডায়াবেটিস রোগীদের সাবধান থাকতে বলেছেন চিকিৎসকেরা। ডা. করিম উদ্দিন বলেন, ‘ইনসুলিন নেওয়া "
                     "রোগীরা চিকিৎসকের পরামর্শ নিয়ে রোজা রাখবেন।’ গত বছরের রোজায় অনেক রোগী হাসপাতালে ভর্তি হন। তিনি জানান, "
                     "সেহরির পর পর্যাপ্ত পানি পান করা জরুরি।")
    out = analyze_text(text)
    assert all("রোজা" not in m["surface"] for m in out["mentions"]), out["mentions"]
    assert [q["speaker"] for q in out["quotes"]] == ["করিম উদ্দিন", "করিম উদ্দিন"]


def test_said_yesterday_that_starts_the_statement_after_that():
    text = ("Israeli Prime Minister Benjamin Netanyahu said yesterday that he will meet President Donald Trump later "
            "this month in Florida.")
    quotes = find_quotes(text, [_mention(text, "Benjamin Netanyahu"), _mention(text, "Donald Trump")])
    assert [(q.text, q.speaker) for q in quotes] == [
        ("he will meet President Donald Trump later this month in Florida", "Benjamin Netanyahu")]



def test_a_stray_straight_quote_mark_does_not_shift_the_later_quotes():
    text = ('Sabalenka said so." The Belarusian said she was aware of the odds. "I would love to finish the season '
            'with a Grand Slam. But if this goal is not to be, the season was amazing," she said.')
    quotes = find_quotes(text, [_mention(text, "Sabalenka")])
    assert [q.text for q in quotes if q.speaker == "Sabalenka"] == [
        "I would love to finish the season with a Grand Slam. But if this goal is not to be, the season was amazing,"]


def test_a_role_then_a_name_after_said_gives_the_name():
    text = "“WHO refuses to differentiate between vaping and smoking,” said CAPHRA’s Executive Coordinator, Nancy Loucas."
    quotes = find_quotes(text, [_mention(text, "CAPHRA’s Executive Coordinator"), _mention(text, "Nancy Loucas")])
    assert [q.speaker for q in quotes] == ["Nancy Loucas"]


def test_speaker_written_as_a_portfolio_is_the_minister_the_text_names_with_it():
    text = normalize("পানিসম্পদমন্ত্রী শহীদ উদ্দিন চৌধুরী খাল পরিদর্শন করেন। পরে প্রতিমন্ত্রী ফরহাদ হোসেন বক্তব্য দেন। "
                     "পানিসম্পদমন্ত্রী বলেন, ‘খাল দখলকারীদের বিরুদ্ধে কঠোর ব্যবস্থা নেওয়া হবে।’")
    mentions = [_mention(text, "শহীদ উদ্দিন চৌধুরী"), _mention(text, "ফরহাদ হোসেন")]
    mentions.append(Mention(text.rindex("পানিসম্পদমন্ত্রী"), text.rindex("পানিসম্পদমন্ত্রী") + len("পানিসম্পদমন্ত্রী"),
                            "পানিসম্পদমন্ত্রী", "PER"))
    quotes = find_quotes(text, sorted(mentions, key=lambda m: m.start))
    assert [q.speaker for q in quotes] == ["শহীদ উদ্দিন চৌধুরী"]


def test_portfolio_with_no_minister_named_stays_the_portfolio_not_the_last_person():
    text = normalize("সভায় জেলা প্রশাসক মো. কামরুল হাসান উপস্থিত ছিলেন। কৃষিমন্ত্রী বলেন, ‘কৃষিতে কুমিল্লা বরাবরই পথিকৃৎ।’")
    mentions = [_mention(text, "মো. কামরুল হাসান"), _mention(text, "কৃষিমন্ত্রী")]
    assert [q.speaker for q in find_quotes(text, mentions)] == ["কৃষিমন্ত্রী"]


def test_he_added_after_an_unnamed_speaker_is_no_one_named_before():
    text = ('BNP Secretary General Mirza Fakhrul Islam Alamgir met the leaders on Monday. "We have discussed the proposal '
            'with our allies in detail," said a Standing Committee member. "The final list will come out next week," he added.')
    assert find_quotes(text, [_mention(text, "Mirza Fakhrul Islam Alamgir")]) == []
    text = normalize("সভায় জেলা প্রশাসক মো. কামরুল হাসান উপস্থিত ছিলেন। ‘আমরা এ বিষয়ে এখনো কোনো সিদ্ধান্ত নিইনি,’ বলেন এক "
                     "কর্মকর্তা। ‘শিগগিরই বৈঠক হবে,’ তিনি যোগ করেন।")
    assert find_quotes(text, [_mention(text, "মো. কামরুল হাসান")]) == []


def test_bengali_pronoun_is_who_acts_in_the_sentence_before_not_the_one_whose_death_opens_it():
    text = normalize("শাখাওয়াত হোসেনের মৃত্যুর বিষয়টি জাতীয় বার্ন ইনস্টিটিউটের আবাসিক চিকিৎসক শাওন বিন রহমান নিশ্চিত করেছেন। "
                     "তিনি বলেন, ‘সকালে তাঁর মৃত্যু হয়। দগ্ধ অন্য চারজন শঙ্কাজনক অবস্থায় চিকিৎসাধীন।’")
    quotes = find_quotes(text, [_mention(text, "শাখাওয়াত হোসেনের"), _mention(text, "শাওন বিন রহমান")])
    assert [q.speaker for q in quotes] == [normalize("শাওন বিন রহমান")]


def test_a_sentence_says_something_where_a_verb_scan_of_it_finds_a_verb(shared_dir):
    """Reported speech looks for a speech verb in each sentence by trying the places one scan of the whole text
    found: the same answer as scanning the sentence alone."""
    import gzip
    import json

    from khobor.analyze.quotes import _SENTENCE, _VERB, _says, _verb_starts
    from khobor.lang.bn.text import normalize

    texts = [normalize("তিনি উল্লেখ করেন, এবং যোগ করেছেন। বলেন না বলেছেনই"), "He said. They told us, she added: says.", ""]
    with gzip.open(shared_dir / "data" / "real-news-dev" / "munt-dev.jsonl.gz", "rt", encoding="utf-8") as f:
        texts += [normalize(json.loads(line)["text"]) for line in f][:400]
    said = 0
    for text in texts:
        verbs = _verb_starts(text)
        for sentence in _SENTENCE.finditer(text):
            raw = sentence.group()
            start = sentence.start() + len(raw) - len(raw.lstrip())
            body = text[start : sentence.start() + len(raw.rstrip(" ।?!.\n"))].strip()
            want = bool(_VERB.search(body))
            assert _says(text, verbs, start, start + len(body)) == want, body
            said += want
    assert said > 100
