"""Direct quotes and who said them.

A quote is text between “ ”, " " or ‘ ’ on one paragraph. Its speaker is the
entity mention in the clause that says so: after the quote (“…,” পেসকভ বলেন /
কেসিএনএ বলেছে / বলে জানিয়েছে রুশ পররাষ্ট্র মন্ত্রণালয়) or before it (পেসকভ বলেন, “…”);
তাসের মতে counts too. A pronoun (তিনি আরও যোগ করেন) takes the previous quote's speaker.
Words in quotation marks that nobody is said to have said (scare quotes, titles) and pieces of a
sentence (starting in lower case) are not quotes.

``speaker_mentions`` finds speakers the tagger missed: one to three name-like words
right after a closing quote and right before a speech verb (“…,” পেসকভ বলেন /
“…” কেসিএনএ বলেছে), or at the start of a clause before ``বলেন, “``. Whether a word
is name-like is the caller's call (the tagger knows which words were names in training).
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left

import regex

from collections.abc import Callable

from khobor.lang.bn.text import normalize
from khobor.lang.bn.names import is_letter_acronym, strip_case_ending
from khobor.lang.bn.news_words import AGENCIES
from khobor.model import Mention, Quote

# “…” and also “…“ closed by a wrongly turned mark before a comma or dari (machine-translated text). A straight " opens a
# quote only before a letter and closes it only after one: a stray mark earlier in the text (" said the 27-year-old)
# would otherwise pair every later closing mark with the next opening one.
_QUOTE = regex.compile(
    r"“(?P<a>[^”“\n]{2,800})(?:”|“(?=\s*[,।]))|(?<![\p{L}\p{N}])\"(?=\S)(?P<b>[^\"\n]{1,799}\S)\"|‘(?P<c>(?:[^’\n]|(?<=[\p{L}\p{M}])’(?=[\p{L}\p{M}])){2,800}?)’(?:(?<![\p{L}\p{M}]’)|(?![\p{L}\p{M}]))|«(?P<d>[^»\n]{2,800})»"
)


def _alt(words: list[str]) -> str:
    return "|".join(regex.escape(normalize(w)) for w in sorted(words, key=len, reverse=True))


_SPEECH_VERBS = [
    "বলেন", "বলেছেন", "বলেছে", "বলেছিলেন", "বলেছিল", "বলে", "বললেন", "বলছেন", "জানান", "জানিয়েছেন", "জানিয়েছে",
    "জানায়", "জানাল", "জানালেন", "উল্লেখ করেন", "উল্লেখ করেছেন", "যোগ করেন", "যোগ করেছেন", "মন্তব্য করেন",
    "লিখেছেন", "লিখেছে", "দাবি করেন", "দাবি করেছেন", "দাবি করেছে", "প্রশ্ন করেন", "মতে", "ঘোষণা করেন",
    "said", "says", "told", "added",
]
_VERBS = _alt(_SPEECH_VERBS)
_VERB_ENDS = tuple(normalize(w) for w in _SPEECH_VERBS)  # (a text ending in a verb ends in one of these)
_VERB = regex.compile(rf"(?<![\p{{L}}\p{{M}}])(?:{_VERBS})(?![\p{{L}}\p{{M}}])")
_VERB_WORDS = re.compile(_VERBS)  # (the verbs as plain strings: where a match of _VERB may start)


@functools.cache
def _verb_inner(verb: str) -> list[int]:
    """Places inside a verb after no letter or mark (উল্লেখ |করেন)."""
    return [i for i in range(1, len(verb)) if not regex.match(r"[\p{L}\p{M}]", verb[i - 1])]


def _verb_starts(text: str) -> list[int]:
    """Every place where ``_VERB`` may match in ``text``, in order (a superset: try each): one scan of the verbs as
    plain strings, and inside each found, the places after no letter or mark (a match there could be hidden by it)."""
    starts = set()
    for found in _VERB_WORDS.finditer(text):
        starts.add(found.start())
        starts.update(found.start() + i for i in _verb_inner(found.group()))
    return sorted(starts)
_NAME = r"(?P<name>(?:[\p{L}\p{M}]+[ \-]){0,3}[\p{L}\p{M}]+)"
_MORE = "(?:" + _alt(["আরও", "আরো", "ও"]) + r")\s+"
_SPEAKER_AFTER = regex.compile(rf"[”\"’“]\s*,?\s*{_NAME}\s+(?:{_MORE})?(?:{_VERBS})(?![\p{{L}}\p{{M}}])")
_SPEAKER_BEFORE = regex.compile(rf"(?:^|(?<=[।?!\n]\s*)){_NAME}\s+(?:{_MORE})?(?:{_VERBS})\s*[,:]\s*[“\"‘]")
_AGENCY_FORMS = frozenset(normalize(form).casefold() for forms in AGENCIES.values() for form in forms)
_PRONOUN = regex.compile(rf"^\W*(?:{_alt(['তিনি', 'তাঁরা', 'তারা', 'সে', 'he', 'she'])})(?:{_alt(['ও'])})?(?![\p{{L}}\p{{M}}])")
# a dot ends a clause unless it ends an abbreviation or initial (মো., ড., Dr., A.)
_CLAUSE_END = regex.compile(r"[।?!\n]|(?<!(?:^|[\s(])(?:\p{Bengali}{1,2}|\p{Lu}|Dr|Mr|Mrs|Ms|Md|Lt|Col|Gen|Prof|St|Jr|Sr))\.(?=\s)")
_SPEAKER_TYPES = ("PER", "ORG")


_TO = normalize("কে")
# After a name: what says that this one said (Purba Chandra Das of Sutrapur Police Station said, X, a teacher, said).
_ROLES = (r"(?:leader|leaders|spokesman|spokesperson|official|officials|chief|president|secretary|chairman|director|"
          r"minister|adviser|member|members|activist|activists|lawyer|coach|captain|administrator|commissioner|head|governor)(?![\p{L}])")
# (Between commas only an apposition: an age, "a/the …" or a role, not a clause: "Hasina, except for …, said Touhid Hossain".)
_SAYS_AFTER = regex.compile(rf"(?:\s+of\s+[^.,;“”\"]{{1,60}}?|\s*,\s*(?:(?i:a|an|the|{_ROLES})|\d{{1,3}})\b[^,.“”\"]{{0,80}},)?"
                            rf"\s+(?:{_VERBS})(?![\p{{L}}\p{{M}}])")
_ROLE_AFTER = regex.compile(r"\s+" + _ROLES)
_ROLE_NAMED = regex.compile(r"['’]s\s|(?i:coordinator|secretary|director|chairman|president|spokesman|spokesperson|chief|head)$")
_ROLE_OF = regex.compile(rf"(?i:{_ROLES})\s+(?:of|for|at)\s+(?:the\s+)?$")  # said the High Commissioner for the UN
_RUNS_ON = regex.compile(r"\s+[\p{L}\p{M}]")


def _quoted_phrase(text: str, inner: str, end: int) -> bool:
    """‘রাজনৈতিক হয়রানিমূলক’ মামলা: a few quoted words without a closing stop that the sentence runs on after, with no
    speech verb in the next words, are a phrase the writer quotes, not a statement (not “We will win” Trump said)."""
    if inner.rstrip()[-1:] in ",.!?।" or not _RUNS_ON.match(text, end):
        return False
    return not _VERB.search(" ".join(text[end : end + 80].split()[:4]))
MIN_WORDS = 4  # reported speech of fewer words is no statement
_TITLE_AFTER = regex.compile(r"[-‐]|\s*(?:" + _alt(["নামে", "নামের", "নামক", "শীর্ষক", "শিরোনামে", "শিরোনামের"])
                           + r")(?![\p{L}\p{M}])")  # ‘…’-এর মতো, ‘…’ নামে: a title or a name, not a statement
_NEXT_QUOTE = regex.compile(r"\s*[,:]?\s*[“\"‘]")  # X said, “…: X introduces the next quote
_ENGLISH_VERB = regex.compile(r"said|says|told|added")
MAX_WORDS_BEFORE_SAID = 5
_NEW_SENTENCE = regex.compile(r"[^.?!]{0,2}[.?!][\"”’]\s+\p{Lu}")  # a closed quote ending in a full stop, then a capital  # “…,” the Japan Meteorological Agency said; a longer clause is another sentence


def find_quotes(text: str, mentions: list[Mention]) -> list[Quote]:
    """Statements in ``text`` with speakers taken from ``mentions`` (spans into the same text): quoted ones and
    reported speech without quotation marks (X বলেন, ...; ... বলে জানান X; X said ...; ..., X said)."""
    quotes: list[Quote] = []
    previous_speaker: str | None = None
    genders: dict[str, str] = {}  # speaker -> the pronoun (he / she) a statement of theirs was attributed with
    previous_end = 0
    for match in _QUOTE.finditer(text):
        inner = next(g for g in match.groups() if g is not None)
        start, end = match.span()
        speaker = _after(text, end, mentions)
        if speaker is None:
            speaker = _before(text, start, mentions)
        if speaker is None and (_says_pronoun(text, end) or _pronoun_says(text, start)):  # he said / তিনি বলেন, “…”
            gender = _gender(text[max(0, start - 80) : _clause_after(text, end)[1]])
            speaker = _pronoun_speaker(text, start, mentions, _same_gender(previous_speaker, gender, genders), previous_end)
            if speaker and gender:
                genders.setdefault(speaker, gender)
        words = len(inner.split())
        if _TITLE_AFTER.match(text, end):
            continue  # ‘…’ নামে একটি পেজ: a name or a title in quotation marks
        if speaker is None and words >= MIN_WORDS and _UNNAMED_SAID.match(text, end):
            previous_speaker, previous_end = "", end  # “…,” said a party leader: "he" next is that one, no name
            continue
        if speaker is None or words < 2 or inner.lstrip()[:1].islower() or (words <= 3 and _quoted_phrase(text, inner, end)):
            continue  # “গ্রহণ করেছিলেন”, "the volume of work", a title, ‘রাজনৈতিক হয়রানিমূলক’ মামলা: words in quotation marks
        quotes.append(Quote(start, end, inner.strip(), speaker))
        previous_speaker, previous_end = speaker, end
    quotes += _reported(text, mentions, quotes, genders)
    return _titled_speakers(sorted(quotes, key=lambda q: q.start), text, mentions)


_PORTFOLIO_ENDS = tuple(normalize(w) for w in ("মন্ত্রী", "উপদেষ্টা"))


def _title_word(surface: str) -> str | None:
    """The title a speaker is written as (পানিসম্পদমন্ত্রী, শিক্ষামন্ত্রীর: one word, a minister's or an adviser's
    portfolio or a title), without its case ending; None for a name."""
    from khobor.lang.bn.names import TITLE_WORDS

    if " " in surface.strip() or surface.isascii():
        return None
    base = strip_case_ending(surface.strip())
    return base if base.endswith(_PORTFOLIO_ENDS) or base in TITLE_WORDS else None


def _titled_speakers(quotes: list[Quote], text: str, mentions: list[Mention]) -> list[Quote]:
    """A speaker written only as a title (পানিসম্পদমন্ত্রী বলেন) is the one person the text names right after that
    title (পানিসম্পদমন্ত্রী শহীদ উদ্দিন চৌধুরী); with none or two named so, the title stays (never the last person named)."""
    titles = {q.speaker: _title_word(q.speaker) for q in quotes if q.speaker and _title_word(q.speaker)}
    if not titles:
        return quotes
    persons = {m.start: m for m in mentions if m.type == "PER" and " " in m.surface.strip()}
    holders: dict[str, list[Mention]] = {}
    for title in set(titles.values()):
        for found in regex.finditer(rf"(?<![\p{{L}}\p{{M}}]){regex.escape(title)}(?![\p{{L}}\p{{M}}])\s+", text):
            person = persons.get(found.end())
            if person is not None and _title_word(person.surface.split()[0]) is None:
                holders.setdefault(title, []).append(person)
    named = {}
    for speaker, title in titles.items():
        people = sorted(holders.get(title, ()), key=lambda m: len(m.surface))
        first = strip_case_ending(people[0].surface).split() if people else None
        # (শহীদ উদ্দিন চৌধুরী, later শহীদ উদ্দিন চৌধুরী এ্যানির with the nickname: one person)
        if first and all(strip_case_ending(m.surface).split()[: len(first)] == first for m in people):
            named[speaker] = people[0].surface
    for quote in quotes:
        quote.speaker = named.get(quote.speaker, quote.speaker)
    return quotes


# “…,” said a Standing Committee member / an official said / ’ বলেন এক কর্মকর্তা: someone unnamed said it
_INDEFINITE_ONE = _alt(["একজন", "এক", "আরেকজন", "আরেক"])
_UNNAMED_SAID = regex.compile(rf"\s*,?\s*(?:(?:said|says|told|added)\s+(?:a|an|one|another)\s|(?:a|an|one|another)\s[^.,;“”\"]{{0,60}}?\s(?:said|says|told|added)\b"
                              rf"|(?:{_VERBS})\s+(?:{_INDEFINITE_ONE})\s|(?:{_INDEFINITE_ONE})\s[^।,;“”\"‘’]{{0,40}}?\s(?:{_VERBS})(?![\p{{L}}\p{{M}}]))")
_SAY_THEN = _alt(["বলেন", "বলেছেন", "জানান", "জানিয়েছেন", "উল্লেখ করেন", "যোগ করেন", "মন্তব্য করেন", "দাবি করেন"])
_REPORTED_BN = regex.compile(rf"^(?P<head>[^,“”\"]{{2,120}}?)\s+(?:{_MORE})?(?:{_SAY_THEN})\s*[,:]\s*(?P<said>[^“”\"‘]+)$")
_SAID_BN = regex.compile(rf"^(?P<said>[^“”\"‘]+?)\s+{regex.escape(normalize('বলে'))}\s+(?:{_alt(['জানান', 'জানিয়েছেন', 'জানিয়েছে', 'জানায়', 'মন্তব্য করেন', 'উল্লেখ করেন', 'দাবি করেন', 'মনে করেন'])})(?P<tail>[^“”\"]*)$")
# (X said in brief comments to reporters that …, X said yesterday that …: what was said starts after "that")
_WHEN = r"(?: (?:yesterday|today|tonight|earlier|later|recently|again|separately|publicly|repeatedly|(?:last|this) \p{Ll}+))?"
_REPORTED_EN = regex.compile(r"^(?P<head>[^,\"“”]{2,80}?)\s+(?:(?:said|added(?!\s+(?:a|an|his|her|their|its)\s)|says)" + _WHEN
                             + r"(?:(?: (?:in|on|at|during|while|after|before|to)\b[^,\"“”]{1,60}?)? that)?|told [^,]{1,40}? that),?\s+(?P<said>[^\"“”]+)$")
_SAID_EN = regex.compile(r"^(?P<said>[^\"“”]+?),\s*(?:(?P<pre>said|added)\s+(?P<tail>[^,]+)|(?P<tail2>(?:\S+\s+){0,3}\S+)\s+(?:said|added))\.?$")
# a dot ends an English sentence only; runs of plain characters taken whole (one step per run, not per character:
# five times faster, the same sentences, as the end always matches where the run stops)
_SENTENCE = regex.compile(r"(?:[^।?!\n.]++|\.(?!\s+[A-Z\"“‘']|\s*$))+(?:[।?!.]|(?=\n)|$)")


def _reported(text: str, mentions: list[Mention], quoted: list[Quote], genders: dict[str, str]) -> list[Quote]:
    """Reported speech: each sentence that says who said what, without quotation marks."""
    found: list[Quote] = []
    taken = [(q.start, q.end) for q in quoted]
    previous: str | None = None
    previous_end = 0
    verbs = _verb_starts(text)  # (one scan of the text, not one per sentence: 0.14 -> 0.07 CPU-ms an English dev report)
    for sentence in _SENTENCE.finditer(text):
        s_start, s_end = sentence.span()
        raw = sentence.group()
        body_end = s_start + len(raw.rstrip(" ।?!.\n"))
        s_text = text[s_start:body_end]
        lead = len(s_text) - len(s_text.lstrip())
        s_start += lead
        s_text = s_text.strip()
        if any(a < s_end and s_start < b for a, b in taken) or not _says(text, verbs, s_start, s_start + len(s_text)):
            continue  # (most sentences say nothing of saying: one scan skips them)
        speaker = None
        for pattern, speaker_group in ((_REPORTED_BN, "head"), (_SAID_BN, "tail"), (_REPORTED_EN, "head"), (_SAID_EN, "tail")):
            match = pattern.match(s_text)
            if not match:
                continue
            said_start, said_end = (s_start + match.start("said"), s_start + match.end("said"))
            group = speaker_group if match.group(speaker_group) is not None else "tail2" if "tail2" in pattern.groupindex else None
            if group is None or match.group(group) is None:
                continue
            g_start, g_end = s_start + match.start(group), s_start + match.end(group)
            if group == "tail" and pattern is _SAID_EN and (_PRONOUN.search(text[g_start:g_end]) or len(text[g_start:g_end].split()) > 8):
                continue  # "X, a classmate, said he was attacked": X is the speaker, not what is said
            pronoun = _PRONOUN.search(text[g_start:g_end])
            # তিনিও নগরীতে মশার উপদ্রবের কথা স্বীকার করে বলেন: a pronoun first is the subject; names after it are not
            speaker = None if pronoun and group == "head" else _speaker_in(g_start, g_end, mentions, text)
            if pattern is _REPORTED_EN and _RELATIVE_END.search(text, g_start, g_end) and not _named_before_who(text, g_end, mentions):
                continue  # the janitor at NASA who said …: the one who said is no name here
            if speaker is None and pronoun:
                gender = _gender(pronoun.group())
                speaker = _pronoun_speaker(text, s_start, mentions, _same_gender(previous, gender, genders), previous_end,
                                           near=10**9)
                if speaker and gender:
                    genders.setdefault(speaker, gender)
            if pattern is _REPORTED_EN:  # "X said …, the Japanese said on Thursday": the second attribution is no part of it
                tail = _SECOND_ATTRIBUTION.search(text, said_start, said_end)
                said_end = tail.start() if tail else said_end
            said = text[said_start:said_end].strip(" ,")
            if speaker is None or len(said.split()) < MIN_WORDS:
                speaker = None
                continue
            found.append(Quote(said_start, said_end, said, speaker))
            previous, previous_end = speaker, said_end
            break
    return found


def _says(text: str, verbs: list[int], start: int, end: int) -> bool:
    """``_VERB.search(text[start:end])`` for a sentence (no letter or mark on either side of it; a verb match that
    starts in it ends in it), tried at the ``_verb_starts`` inside it."""
    at = bisect_left(verbs, start)
    while at < len(verbs) and verbs[at] < end:
        if _VERB.match(text, verbs[at]):
            return True
        at += 1
    return False


_HE_OR_SHE = regex.compile(r"(?<![\p{L}])(?i:(he|she))(?![\p{L}])")


def _gender(attribution: str) -> str | None:
    """"he" or "she", the English pronoun a statement is attributed with (the last in ``attribution``), if any."""
    found = _HE_OR_SHE.findall(attribution)
    return found[-1].casefold() if found else None


def _same_gender(previous: str | None, gender: str | None, genders: dict[str, str]) -> str | None:
    """The previous speaker, unless "she" follows a statement of someone called "he" (or the reverse)."""
    return previous if previous is None or gender is None or genders.get(previous, gender) == gender else None


_SECOND_ATTRIBUTION = regex.compile(r",\s+(?:\S+\s+){0,4}?(?:said|added|told)(?:\s+[^,]{0,40})?$")
_RELATIVE_END = regex.compile(r"(?<![\p{L}])who\s*$")


def _named_before_who(text: str, end: int, mentions: list[Mention]) -> bool:
    """"X, who said": a person named right before "who" (a comma between at most)."""
    who = _RELATIVE_END.search(text, max(0, end - 40), end)
    return who is not None and any(m.type == "PER" and m.end <= who.start() and text[m.end : who.start()].strip(" ,") == ""
                                   for m in mentions)


def _speaker_in(start: int, end: int, mentions: list[Mention], text: str = "") -> str | None:
    """The last person (else organisation) named between ``start`` and ``end``."""
    inside = [m for m in mentions if start <= m.start and m.end <= end and m.type in _SPEAKER_TYPES and not _genitive(m)
              and not _POSSESSIVE.match(text, m.end)]  # (Hossain's sister X said: X)
    return _last_named(inside, text)


def _genitive(mention: Mention) -> bool:
    """নাঈম উদ্দীনের ওপর হামলার নিন্দা জানিয়ে নেতারা বলেন: a name in the genitive is whose, not who speaks."""
    from khobor.analyze.names import lemma_forms

    words = mention.surface.split()
    if not words or mention.surface.isascii():
        return False
    last = words[-1]
    base = lemma_forms(last)[0]
    return base != last and last[len(base):].lstrip("-") in _GENITIVES


_GENITIVES = frozenset(normalize(e) for e in ("ের", "র", "এর", "য়ের"))


def _last_named(candidates: list[Mention], text: str) -> str | None:
    """The last person named, else organisation; a name in brackets right after another is that one's nickname or
    title (হাফিজ আহমেদ (বাবলু) বলেন, মো. আরেফিন জুয়েল (বিপিএম) বলেছেন): the name before it speaks."""
    candidates = [m for m in candidates if not m.surface.endswith(_TO)  # সিএনএনকে, এএনআই-কে বলেন: the one told
                  and not (m.type == "ORG" and _ROLE_AFTER.match(text, m.end))]  # the BNP leader said: a person, unnamed
    if not candidates:
        return None
    persons = [m for m in candidates if m.type == "PER"]
    pool = persons or candidates
    last = pool[-1]
    for m in candidates:
        if m.end <= last.start and text[m.end : last.start].strip() == "(" and text[last.end : last.end + 1] == ")":
            last = m
    return last.surface


def _pronoun_speaker(text: str, start: int, mentions: list[Mention], previous: str | None, previous_end: int,
                     near: int = 300) -> str | None:
    """Who "he" / তিনি is: a person named in the sentence before (after the last statement: …ব্যবসায়ী রশিদ আহমদ।
    তিনি বলেন), else the speaker of the statement just before (within ``near`` characters), else the last person named."""
    stops = [m.end() for m in _CLAUSE_END.finditer(text, max(0, start - 600), start)]
    here = stops[-1] if stops else max(0, start - 600)
    before = stops[-2] if len(stops) > 1 else max(0, start - 600)
    if here >= start - 40:  # the pronoun's own clause: from the stop before it
        recent = [m for m in mentions if m.type == "PER" and max(before, previous_end) <= m.start and m.end <= here]
        said = [m for m in mentions if max(before, previous_end) <= m.start and m.end <= here and _SAYS_AFTER.match(text, m.end)
                and (m.type == "PER" or m.type == "ORG" and len(m.surface.split()) == 1 and _speaker_type(m.surface) == "PER")]
        said = [m for m in said if m.type == "PER"] or said  # (Nazrul said, one word typed ORG: "he" is a person)
        if said:  # the one who said something there (X of Y Police Station said … Noyon shot Rahman)
            return said[-1].surface
        if recent:  # else its subject, else the last named
            subject = _subject(text, max(before, previous_end), recent)
            plain = [m for m in recent if not _whose(m, text)]
            if subject is not None and (plain == [] or not _whose(subject, text)):
                return subject.surface
            # (শাখাওয়াত হোসেনের মৃত্যুর বিষয়টি চিকিৎসক X নিশ্চিত করেছেন। তিনি বলেন: X, not the one whose death)
            return (plain or recent)[-1].surface
    if previous is not None and start - previous_end < near:  # ("": the statement before was someone's unnamed)
        opener = _opener_since(text, previous_end, stops, mentions)
        return opener.surface if opener else previous or None
    return _subject_before(start, stops, mentions) or _person_before(start, mentions) or previous


_POSSESSIVE = regex.compile(r"['’]s?(?![\p{L}])")


def _whose(mention: Mention, text: str) -> bool:
    """A Bengali name in the genitive (X-এর) or the one acted on (X-কে): not who acts in its sentence. (An English
    possessive opening a sentence stands for its owner: "Brody's win … he said".)"""
    return _genitive(mention) or mention.surface.endswith(_TO)
MAX_WORDS_BEFORE_SUBJECT = 3  # a title or a role before the name: Inspector Md Faruk, BNP leader X


def _subject(text: str, start: int, named: list[Mention]) -> Mention | None:
    """The person who opens the sentence from ``start`` (at most a title before): the one who acted, not the one
    acted on ("Inspector X confirmed the death, saying stab wounds were found in Y's chest. …, he added" is X). A name
    in the possessive there stands for its owner only when no other one opens it ("Brody's win … he said")."""
    opening = [m for m in named if len(text[start : m.start].split()) <= MAX_WORDS_BEFORE_SUBJECT
               and not m.surface.endswith(_TO)]  # (রহিমকে গ্রেপ্তার করেছে পুলিশ: the one acted on, first)
    plain = [m for m in opening if not _POSSESSIVE.match(text, m.end) and not _genitive(m)]
    return (plain or opening or [None])[0]


def _opener_since(text: str, since: int, stops: list[int], mentions: list[Mention]) -> Mention | None:
    """A person who opens a sentence after the statement that ended at ``since`` (the latest such): the story moved
    on to them ("… ," he said of the complaints. Carey was glad … "Well, …," he told reporters: Carey)."""
    bounds = [since] + [stop for stop in stops if stop > since]
    for a, b in reversed(list(zip(bounds, bounds[1:]))):
        named = [m for m in mentions if m.type == "PER" and a <= m.start and m.end <= b]
        found = _subject(text, a, named) if named else None
        if found:
            return found
    return None


def _subject_before(start: int, stops: list[int], mentions: list[Mention]) -> str | None:
    """The first person named in the nearest sentence before ``start`` that names one (its subject, most likely:
    "Chen runs a fan group on the message board Zhihu. … he said" is Chen)."""
    bounds = [max(0, start - 600), *stops, start]
    for a, b in reversed(list(zip(bounds, bounds[1:]))):
        named = [m for m in mentions if m.type == "PER" and a <= m.start and m.end <= b]
        if named:
            return named[0].surface
    return None


def _pronoun_says(text: str, start: int) -> bool:
    """তিনি বলেন, “…” / He said: “…”: a pronoun and a speech verb right before the quote."""
    head = text[max(0, start - 80) : start].rstrip(" ,:–-")
    stop = None
    for stop in _CLAUSE_END.finditer(head):
        pass
    clause = head[stop.end() if stop else 0 :].strip()
    return bool(_PRONOUN.search(clause) and _VERB.search(clause) and _VERB.search(clause).end() == len(clause))


def _person_before(start: int, mentions: list[Mention]) -> str | None:
    """The person a pronoun most likely stands for: the last one named before ``start`` (within 600 characters)."""
    before = [m for m in mentions if m.type == "PER" and start - 600 <= m.end <= start]
    return before[-1].surface if before else None


def _clause_after(text: str, end: int) -> tuple[int, int]:
    stop = _CLAUSE_END.search(text, end)
    return end, stop.start() if stop else len(text)


def _after(text: str, end: int, mentions: list[Mention]) -> str | None:
    """“…,” X বলেন  |  “…” বলে জানিয়েছে X  |  “…,” X-এর মতে."""
    c_start, c_end = _clause_after(text, end)
    verb = _VERB.search(text, c_start, c_end)
    if not verb:
        return None
    if _NEXT_QUOTE.match(text, verb.end()):
        return None  # “…” Sri Lanka's coach said, “…”: the speaker of the next quote
    if _ENGLISH_VERB.fullmatch(verb.group()) and len(text[c_start:verb.start()].split()) > MAX_WORDS_BEFORE_SAID:
        return None  # “….” An official, who requested anonymity, said …: a new sentence
    if _ENGLISH_VERB.fullmatch(verb.group()) and _NEW_SENTENCE.match(text, max(0, end - 3)):
        return None  # “… great people.” Commerce Secretary X said …: the quote ended its sentence; X says the next thing
    between = [m for m in mentions if c_start <= m.start and m.end <= verb.start() and m.type in _SPEAKER_TYPES]
    if between:
        # the last name before the verb: "ক্রেমলিনের মুখপাত্র দিমিত্রি পেসকভ ... বলেন"
        return _last_named(between, text)
    if text[c_start:verb.start()].strip(" ,") == "" or normalize("বলে") == verb.group():
        later = [m for m in mentions if verb.end() <= m.start < c_end and m.type in _SPEAKER_TYPES
                 and not (m.type == "ORG" and (_ROLE_AFTER.match(text, m.end) or _ROLE_OF.search(text, verb.end(), m.start)))]
        # (said the Pragati Insurance chief, said the High Commissioner for the UN: a person, unnamed)
        if len(later) > 1 and text[later[0].end : later[1].start] == ", " and later[1].type == "PER" \
                and _ROLE_NAMED.search(later[0].surface):
            return later[1].surface  # said CAPHRA's Executive Coordinator, Nancy Loucas: the name after the role
        if later:
            return later[0].surface
    return None


def _before(text: str, start: int, mentions: list[Mention]) -> str | None:
    """X বলেন, “…”: the verb must end right before the quote (a colon or comma between)."""
    head = text[max(0, start - 200) : start].rstrip(" ,:–-")
    if not head.endswith(_VERB_ENDS):
        return None  # (most quotes follow no verb: the scans below need not run)
    verb = None
    for verb in _VERB.finditer(head):
        pass
    if verb is None or verb.end() != len(head):
        return None
    base = max(0, start - 200)
    stop = None
    for stop in _CLAUSE_END.finditer(head):
        pass
    clause_start = base + (stop.end() if stop else 0)
    candidates = [m for m in mentions if clause_start < m.end and m.end <= base + verb.start() and m.type in _SPEAKER_TYPES
                  and not _genitive(m)]
    return _last_named(candidates, text)


def _says_pronoun(text: str, end: int) -> bool:
    c_start, c_end = _clause_after(text, end)
    clause = text[c_start:c_end]
    return bool(_PRONOUN.search(clause.lstrip(" ,")) and _VERB.search(clause))


_INDEFINITE = regex.compile(r"(?<![\p{L}\p{M}])(?:" + _alt(["একজন", "এক", "আরেকজন", "আরেক", "অন্য এক"]) + r")\s+$")
_ANY_QUOTE_MARK = regex.compile(r"[”\"’“‘]")


def speaker_mentions(text: str, mentions: list[Mention], name_like: Callable[[str], bool]) -> list[Mention]:
    """Mentions for speakers next to a quote and a speech verb that ``mentions`` do not cover."""
    found: list[Mention] = []
    if not _ANY_QUOTE_MARK.search(text):
        return found  # (both patterns need a quotation mark: most texts are skipped in one scan)
    for pattern in (_SPEAKER_AFTER, _SPEAKER_BEFORE):
        for match in _near_quotes(pattern, text):
            start, end = match.span("name")
            words = [(m.start() + start, m.end() + start) for m in regex.finditer(r"[\p{L}\p{M}]+", text[start:end])]
            while words and not name_like(text[words[0][0] : words[0][1]]):
                words.pop(0)  # a title or a common word in front: মুখপাত্র পেসকভ
            if not words or not all(name_like(text[a:b]) for a, b in words):
                continue
            start, end = words[0][0], words[-1][1]
            if any(m.start < end and start < m.end for m in [*mentions, *found]) or _INDEFINITE.search(text, max(0, start - 12), start):
                continue  # (একজন ভ্যানচালক বলেন: "a van driver", no name)
            surface = text[start:end]
            found.append(Mention(start, end, surface, _speaker_type(surface)))
    return sorted(found, key=lambda m: m.start)


_CLOSING, _OPENING = regex.compile(r"[”\"’“]"), regex.compile(r"[“\"‘]")


def _near_quotes(pattern: regex.Pattern, text: str):
    """What ``pattern.finditer(text)`` yields for the two speaker patterns, tried only beside quotation marks: one
    starts with a closing mark, the other ends with an opening mark within 200 characters of its start."""
    end = 0
    if pattern is _SPEAKER_AFTER:
        for mark in _CLOSING.finditer(text):
            if mark.start() >= end:
                match = pattern.match(text, mark.start())
                if match:
                    end = match.end()
                    yield match
        return
    for mark in _OPENING.finditer(text):
        if mark.start() < end:
            continue
        for match in pattern.finditer(text, max(end, mark.start() - 200), mark.end()):
            if match.end() == mark.end():
                end = match.end()
                yield match
                break


def _speaker_type(surface: str) -> str:
    low = surface.casefold()
    if low in _AGENCY_FORMS or strip_case_ending(low) in _AGENCY_FORMS or is_letter_acronym(strip_case_ending(surface)):
        return "ORG"
    return "PER"
