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
    assert quotes[1].speaker is None
