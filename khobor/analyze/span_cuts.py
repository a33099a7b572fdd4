"""Spans the tagger runs over two things, cut apart (Bengali news):

- two places joined by a hyphen (শ্রীবরদী-ঝিনাইগাতী, a seat's two upazilas) are two places, unless a road word follows
  (ভোলাহাট-রহনপুর সড়ক: one road);
- a person's name run into the upazila or district he is from (আইয়ুব আলী পোরশা উপজেলার) is the person, then the place;
- a place that begins an outlet's name (ঢাকা পোস্টকে বলেন) is the outlet, an organisation;
- a police rank (ইন্সপেক্টর অব পুলিশ, পুলিশ সার্জেন্ট) names no organisation, nor does an office of no named place
  (উপজেলা স্বাস্থ্য কমপ্লেক্সে: "the upazila's health complex"; তানোর উপজেলা স্বাস্থ্য কমপ্লেক্স is one);
- a name cut before the rest of a school's or a hospital's (পোল্লাডাঙ্গা | সরকারি প্রাথমিক বিদ্যালয়ে) is that body;
- a company's name cut after its first word, a common one (প্রবাসী | কল্যাণ ব্যাংক, ইউনিয়ন | ব্যাংক পিএলসি), or
  after মেসার্স (মেসার্স | সরদার স্টোরের), runs on over it;
- a full name runs on over the name readers call the person by (তরিকুল ইসলাম | পলক।, হাসান ইমাম | পলককে), a word the
  tagger's lexicon does not know mostly as no name, at a sentence's or clause's end or with an object's ending (-কে);
- a person's name before a place's head (জিয়া আন্তর্জাতিক বিমানবন্দর, জিয়া উদ্যানে) names that place;
- a body counted (পাঁচটি ইসলামী ব্যাংককে, এসব ব্যাংক) is a kind of body, and a name before an award's head (জিন
  হারশল্ট পুরস্কার) names the award: no names.
"""

from __future__ import annotations

import functools

import regex

from khobor.analyze import span_kinds
from khobor.analyze.span_words import _base, _is_head, _word_char, _words, _words_after
from khobor.lang.bn.text import normalize
from khobor.model import Mention

# Words after a place that say it is one (পোরশা উপজেলার, নিতপুর গ্রামের).
_PLACE_WORDS = _words("উপজেলা জেলা গ্রাম ইউনিয়ন পৌরসভা থানা সদর")
_ROAD_WORDS = _words("সড়ক মহাসড়ক রোড রেলপথ নৌপথ")
# Police ranks and what is written with them (ইন্সপেক্টর অব পুলিশ, সাব-ইন্সপেক্টর, পুলিশ সার্জেন্ট).
_RANKS = _words("ইন্সপেক্টর পরিদর্শক উপপরিদর্শক সার্জেন্ট কনস্টেবল")
_RANK_FILLERS = _words("অব পুলিশ সাব উপ সহকারী অতিরিক্ত")
_RANK_KEYS = _RANKS | _words("পুলিশ")
_DIGITS, _BENGALI_DIGIT = regex.compile(r"[০-৯\d]+"), regex.compile(r"[০-৯]")


def cut(mentions: list[Mention], body: str) -> list[Mention]:
    """``mentions`` with the spans of the module docstring cut apart, retyped or dropped."""
    out: list[Mention] = []
    heads = [any(h in body for h in words) for words in (_INSTITUTION_HEADS, _AWARDS, _NAMED_PLACES)]
    if heads[0]:
        mentions = _untagged_institutions(mentions, body)
    institutions, awards, named = heads  # (words the text never writes need no look beside each mention)
    starts = {m.start for m in mentions}
    called: dict[str, str] = {}  # full name -> the word readers call the person by, once the text shows it
    for m in mentions:
        m = _verb_cut(_without_with(m))
        if m.type == "PER":
            m = _venue(_without_role(span_kinds.without_also(m)))
        elif m.type == "LOC":
            m = _headquarters(_char_island(m, body, starts), body, starts)
        elif m.type == "ORG":
            m = _owned_part(_headquarters(m, body, starts))
        kind = m.type
        if kind == "ORG" and (_rank(m.surface) or _unit_office(m.surface) or _counted(m, body)):
            continue
        if span_kinds.tournament_group(m, _place):
            continue
        if awards and _award(m, body):
            continue
        if " " in m.surface and any(h in body[m.end : m.end + 12] for h in _INDEX_HEADS):
            m = _index_name(m, body, starts)
        if kind == "ORG":
            parts = _two_bodies(m)
            if len(parts) == 2:
                out.extend(parts)
                continue
            m = _company(m, body, out)
        if institutions and kind in ("ORG", "LOC") and " " not in m.surface:
            m = _institution(m, body, starts)
        elif institutions and kind == "ORG" and m.surface.rsplit(" ", 1)[-1] in _MEDICAL:
            m = _heads_after(m, body, starts)
        if m.type == "LOC":
            outlet = _outlet(m, body)
            if outlet is not None:
                out.append(outlet)
                continue
            if "-" in m.surface:
                out.extend(_joined(m, body))
                continue
        elif kind == "PER":
            m = _nickname(_named_after(m, body, starts) if named else m, body, starts, called)
            if m.type == "PER" and any(h in body[m.end : m.end + 40] for h in _BUSINESSES):
                m = _business(m, body, starts)
            if m.type == "PER" and " " in m.surface:
                out.extend(_person_then_place(m, body))
                continue
        out.append(m)
    return _shared_surnames(_place_led_bodies(_after_role_joined(out, body), body), body)


@functools.cache
def _places() -> dict[str, str]:
    from khobor.lang.bn import gazetteer

    return gazetteer.bangladesh_places()


def _place(word: str) -> bool:
    from khobor.analyze.span_rules import known_places

    return word in _places() or word in known_places()


def _joined(m: Mention, body: str) -> list[Mention]:
    """শ্রীবরদী-ঝিনাইগাতী: two known places, one word joined by a hyphen: two places; a road after them: the road."""
    if " " in m.surface or m.surface.count("-") != 1:
        return [m]
    first, second = m.surface.split("-")
    after = _words_after(body, m.end, 1)
    if after and after[0][0] == m.end + 1 and _is_head(after[0][2], _ROAD_WORDS):
        return [Mention(m.start, after[0][1], body[m.start : after[0][1]], "LOC")]  # a road named by its two ends
    if not (_place(first) and (_place(second) or _place(_base(second)))):
        return [m]
    middle = m.start + len(first)
    return [Mention(m.start, middle, first, "LOC"), Mention(middle + 1, m.end, second, "LOC")]


def _person_then_place(m: Mention, body: str) -> list[Mention]:
    """আইয়ুব আলী পোরশা | উপজেলার: a person of two words or more whose last word is an upazila or a district of
    Bangladesh, right before a word for a place: the person, then the place. So is a person run into the country
    she lives in (বিলকিস বেগম জর্ডান | প্রবাসী: "living in Jordan")."""
    words = m.surface.split()
    after = _words_after(body, m.end, 1)
    abroad = len(words) >= 3 and bool(after) and after[0][0] == m.end + 1 and after[0][2] in _ABROAD
    if not abroad and (len(words) < 3 or words[-1] not in _places()):
        return [m]
    if not abroad and (not after or after[0][0] != m.end + 1 or not _is_head(after[0][2], _PLACE_WORDS)):
        return [m]
    place_start = m.start + m.surface.rindex(words[-1])
    person = m.surface[: place_start - m.start].rstrip()
    return [Mention(m.start, m.start + len(person), person, "PER"), Mention(place_start, m.end, words[-1], "LOC")]


@functools.cache
def _outlet_forms() -> dict[str, str]:
    """First word of a Bengali outlet's name of two words -> its second (ঢাকা -> পোস্ট)."""
    from khobor.lang.bn.news_words import OUTLETS

    out: dict[str, str] = {}
    for forms in OUTLETS.values():
        for form in forms:
            words = normalize(form).split()
            if len(words) == 2 and not words[0].isascii():
                out.setdefault(words[0], words[1])
    return out


def _outlet(m: Mention, body: str) -> Mention | None:
    """ঢাকা | পোস্টকে: a one-word place followed by the rest of an outlet's name is the outlet."""
    second = _outlet_forms().get(m.surface)
    if second is None:
        return None
    after = _words_after(body, m.end, 1)
    if not after or after[0][0] != m.end + 1 or not (after[0][2] == second or _base(after[0][2]) == second
                                                      or after[0][2].startswith(second)):
        return None
    return Mention(m.start, after[0][1], body[m.start : after[0][1]], "ORG")


_AND_WORD = normalize("ও")


def _two_bodies(m: Mention) -> list[Mention]:
    """রেলপথ মন্ত্রণালয় ও নৌপরিবহন মন্ত্রণালয়ের: two bodies' names joined by ও, each ending in a body's head, are two
    bodies (not তথ্য ও সম্প্রচার মন্ত্রণালয়, one ministry of two subjects); ছাত্রলীগ-যুবলীগের: two parties or known
    bodies joined by a hyphen are two."""
    from khobor.analyze.mention_tidy import _is_body
    from khobor.analyze.span_rules import _PARTY_FORMS

    words = m.surface.split()
    if len(words) == 1 and m.surface.count("-") == 1:
        first, second = m.surface.split("-")
        if all(w in _PARTY_FORMS or _is_body(w) for w in (first, second)) and len(first) > 2 and len(second) > 2:
            middle = m.start + len(first)
            return [Mention(m.start, middle, first, "ORG"), Mention(middle + 1, m.end, second, "ORG")]
        return [m]
    if _AND_WORD not in words[1:-2] or not _is_head(words[-1], _org_heads()):
        return [m]
    k = words.index(_AND_WORD, 1)
    if not _is_head(words[k - 1], _org_heads()) or words[k - 1] != _base(words[k - 1]):
        return [m]
    cut = len(" ".join(words[:k]))
    rest = len(" ".join(words[: k + 1])) + 1
    return [Mention(m.start, m.start + cut, m.surface[:cut], "ORG"), Mention(m.start + rest, m.end, m.surface[rest:], "ORG")]


def _place_led_bodies(mentions: list[Mention], body: str) -> list[Mention]:
    """যশোর | বিজ্ঞান ও | প্রযুক্তি বিশ্ববিদ্যালয়ের: a body named by a place, subjects joined by ও and a head, that the
    tagger cut at ও into a place and a body: one body (not বাংলাদেশ সরকার ও বিশ্ব ব্যাংক: a body's word between)."""
    if " " + _AND_WORD + " " not in body:
        return mentions
    from khobor.analyze.mention_tidy import _is_body
    from khobor.analyze.span_words import _NOT_SUBJECTS, _uninflected, _words_before
    from khobor.lang.bn.generic import BODY_WORDS, is_generic

    out: list[Mention] = []
    for m in mentions:
        words = m.surface.split()
        if (m.type == "ORG" and len(words) >= 2 and _is_head(words[-1], _org_heads() | _INSTITUTION_HEADS) and out
                and (out[-1].type == "LOC" and " " not in out[-1].surface
                     or out[-1].type == "ORG" and not _is_head(out[-1].surface.split()[-1], _org_heads()))
                and body[m.start - 3 : m.start] == " " + _AND_WORD + " "):
            place = out[-1]
            between = _words_before(body, m.start - 3, 4)
            k = len(between)
            while k and between[k - 1][0] > place.end:
                k -= 1
            between = between[k:]
            if _place(words[0]) or place.type == "ORG" and (_is_body(place.surface) or _known_body(place.surface)):
                out.append(m)
                continue
            if not between and place.type == "ORG" and place.end == m.start - 3:
                between = [(place.end, place.end, "")]  # (বিজ্ঞান | ও প্রযুক্তি বিশ্ববিদ্যালয়: the subject tagged alone)
            if (0 < len(between) <= 3 and between[0][0] in (place.end, place.end + 1) and _uninflected(place.surface.split()[-1])
                    and all(body[a - 1] == " " or not w for a, _, w in between)
                    and all(not w or _uninflected(w) and w not in BODY_WORDS and w not in _NOT_SUBJECTS and not is_generic([w])
                            and not _is_head(w, _org_heads()) for _, _, w in between)):
                out[-1] = Mention(place.start, m.end, body[place.start : m.end], "ORG")
                continue
        out.append(m)
    return out


def _shared_surnames(mentions: list[Mention], body: str) -> list[Mention]:
    """সাধন রায় ও | সেফালী রায়ের: two words before "ও" whose second is the family name of the person after it, the
    first a name-like word, are a person the tagger left out (a couple, siblings)."""
    if " " + _AND_WORD + " " not in body:
        return mentions
    from khobor.analyze.ner import default_tagger
    from khobor.analyze.span_words import _words_before
    from khobor.lang.bn.generic import is_generic

    taken = [(m.start, m.end) for m in mentions]
    found = []
    for m in mentions:
        words = m.surface.split()
        if m.type != "PER" or len(words) < 2 or body[m.start - 3 : m.start] != " " + _AND_WORD + " ":
            continue
        before = _words_before(body, m.start - 3, 2)
        if len(before) < 2 or before[1][1] != m.start - 3 or body[before[0][1] : before[1][0]] != " ":
            continue
        (a, _, first), (_, b, family) = before
        if family not in (words[-1], _base(words[-1])) or any(x < b and a < y for x, y in taken):
            continue
        if not default_tagger().name_like(first) or is_generic([first]) or _base(first) != first or _place(first):
            continue
        found.append(Mention(a, b, body[a:b], "PER"))
    return sorted(mentions + found, key=lambda m: m.start) if found else mentions


def _known_body(surface: str) -> bool:
    """A party or an acronym (বিএনপি, দুদক): a whole body's name, never the first half of another's."""
    from khobor.analyze.span_rules import _PARTY_FORMS
    from khobor.lang.bn.names import is_letter_acronym

    return surface in _PARTY_FORMS or is_letter_acronym(_base(surface)) or is_letter_acronym(surface)


_UNITS = _words("উপজেলা জেলা")
_UNIT_OFFICES = _words("কমপ্লেক্স হাসপাতাল পরিষদ কার্যালয় অফিস")


def _unit_office(surface: str) -> bool:
    words = surface.split()
    return len(words) > 1 and words[0] in _UNITS and _base(words[-1]) in _UNIT_OFFICES


def _rank(surface: str) -> bool:
    """ইন্সপেক্টর অব পুলিশ, সাব-ইন্সপেক্টর, পুলিশ সার্জেন্ট: ranks and their fillers only (a word glued on before a
    hyphen, হলো-সাব-ইন্সপেক্টর, is left aside)."""
    if not any(r in surface for r in _RANK_KEYS):
        return False
    words = [w for part in surface.split() for w in part.split("-") if w]
    if len(words) > 1 and "-" in surface.split()[0] and words[0] not in _RANK_FILLERS and words[1] in _RANKS | _RANK_FILLERS:
        words = words[1:]
    bases = [_base(w) for w in words]
    if all(b in _RANK_FILLERS for b in bases):  # উপ-পুলিশ (কমিশনার): a rank's first half
        return len(bases) > 1
    return any(b in _RANKS for b in bases) and all(b in _RANKS or b in _RANK_FILLERS for b in bases)


# A school's or a hospital's kind, then its head (সরকারি প্রাথমিক বিদ্যালয়, উপজেলা স্বাস্থ্য কমপ্লেক্স is no name alone).
_INSTITUTION_KINDS = _words("সরকারি বেসরকারি প্রাথমিক উচ্চ মাধ্যমিক নিম্ন বালিকা বালক মহিলা মডেল দাখিল আলিম ফাজিল কামিল "
                            "ডিগ্রি কারিগরি পাইলট কমিউনিটি জেনারেল সদর")
_INSTITUTION_HEADS = _words("বিদ্যালয় স্কুল কলেজ মাদ্রাসা হাসপাতাল বিশ্ববিদ্যালয় ক্লিনিক")


def _institution(m: Mention, body: str, starts: set[int]) -> Mention:
    """পোল্লাডাঙ্গা | সরকারি প্রাথমিক বিদ্যালয়ে: one uninflected name word, kind words, then a school's or a
    hospital's head: one organisation."""
    from khobor.analyze.span_words import _uninflected

    if not any(h in body[m.end : m.end + 70] for h in _INSTITUTION_HEADS) or not _uninflected(m.surface):
        return m
    following = _words_after(body, m.end, 4)
    k = 0
    while k < len(following) and following[k][2] in _INSTITUTION_KINDS:
        k += 1
    if not k or k == len(following) or not _is_head(following[k][2], _INSTITUTION_HEADS):
        return m
    if following[0][0] != m.end + 1 or any(following[0][0] <= s < following[k][1] for s in starts):
        return m
    end = following[k][1]
    return Mention(m.start, end, body[m.start : end], "ORG")


_MEDICAL = _words("মেডিকেল মেডিক্যাল ডেন্টাল")


def _heads_after(m: Mention, body: str, starts: set[int]) -> Mention:
    """খুলনা মেডিকেল | কলেজ হাসপাতালে: a body cut after "medical", before its heads, runs on over them."""
    end = m.end
    for start, stop, word in _words_after(body, m.end, 2):
        if start != end + 1 or start in starts or not _is_head(word, _INSTITUTION_HEADS):
            break
        end = stop
    return m if end == m.end else Mention(m.start, end, body[m.start : end], "ORG")


def _untagged_institutions(mentions: list[Mention], body: str) -> list[Mention]:
    """The same when the tagger left the name word out: a word it never saw in training, name-like, uninflected and
    not generic (not এই সরকারি বিদ্যালয়, স্থানীয় সরকারি কলেজ: words training saw). (Read only where a head stands.)"""
    from khobor.analyze.ner import default_tagger
    from khobor.analyze.span_words import _NOT_SUBJECTS, _WORD, _uninflected, _words_before
    from khobor.lang.bn.generic import is_generic

    taken = [(m.start, m.end) for m in mentions]
    found = []
    for head in _INSTITUTION_HEADS:
        i = body.find(head)
        while i >= 0:
            at, i = i, body.find(head, i + 1)
            word_end = _WORD.match(body, at)
            if at < 2 or body[at - 1] != " " or word_end is None:
                continue
            before = _words_before(body, at, 5)
            k, stop = len(before), at - 1
            while k > 0 and before[k - 1][1] == stop and before[k - 1][2] in _INSTITUTION_KINDS:
                k, stop = k - 1, before[k - 1][0] - 1
            if k == len(before) or k == 0 or before[k - 1][1] != stop:
                continue
            a, _, word = before[k - 1]
            b = word_end.end()
            tagger = default_tagger()
            if (any(x < b and a < y for x, y in taken) or word in _NOT_SUBJECTS or not _uninflected(word)
                    or not tagger.name_like(word) or tagger.resources.word_types.get(word) is not None
                    or tagger.resources.word_types.get(_base(word)) is not None or is_generic([word])):
                continue
            found.append(Mention(a, b, body[a:b], "ORG"))
            taken.append((a, b))
    return sorted(mentions + found, key=lambda m: m.start) if found else mentions


# Heads of a company's name, and words that say whose a company is rather than name it.
_COMPANY_HEADS = _words("ব্যাংক ইন্সুরেন্স ইনস্যুরেন্স পিএলসি লিমিটেড")
_OWNERS = _words("সরকারি বেসরকারি রাষ্ট্রায়ত্ত রাষ্ট্রীয় বিদেশি দেশি দেশীয় নতুন সাবেক")
_MESSRS = normalize("মেসার্স")


def _company(m: Mention, body: str, before: list[Mention]) -> Mention:
    """প্রবাসী | কল্যাণ ব্যাংক: the common word right before a company's name (dropped by the tagger as generic) is
    part of it, when it is uninflected and says no owner; মেসার্স | সরদার স্টোরের: a firm's name runs to its first
    inflected word (three at most)."""
    from khobor.analyze.span_words import _NOT_SUBJECTS, _WORD, _uninflected
    from khobor.lang.bn.generic import BODY_WORDS

    words = m.surface.split()
    if words == [_MESSRS]:
        following = _words_after(body, m.end, 3)
        end = m.end
        for start, stop, word in following:
            if start != end + 1 or any(x.start == start for x in before):
                break
            end = stop
            if not _uninflected(word):
                break
        return Mention(m.start, end, body[m.start : end], "ORG") if end > m.end else m
    if not words or _base(words[-1]) not in _COMPANY_HEADS:
        return m
    word = _prior_word(body, m.start)
    start = m.start - 1 - len(word)
    if not word or not _WORD.fullmatch(word) or any(x.end > start for x in before):
        return m
    if word in BODY_WORDS and word not in _OWNERS and word not in _NOT_SUBJECTS and _uninflected(word):
        return Mention(start, m.end, body[start : m.end], "ORG")
    return m


_COUNTED = _words("এসব সব বিভিন্ন অনেক কিছু কয়েকটি একাধিক প্রতিটি অন্যান্য")
_COUNT_ENDINGS = tuple(normalize(e) for e in ("টি", "টা"))
_NUMBERS = _words("এক দু দুই তিন চার পাঁচ ছয় সাত আট নয় দশ এগারো বারো কয়েক বেশ অনেক")


def _counted(m: Mention, body: str) -> bool:
    """পাঁচটি ইসলামী ব্যাংককে, এসব ব্যাংক: a counted body of at most two words is a kind of body, not its name (not
    after a noun with its own classifier: বিষয়গুলো আইন মন্ত্রণালয়ের, বিষয়টি ...: "the matters ... the ministry's")."""
    if m.surface.count(" ") > 1:
        return False
    word = _prior_word(body, m.start)
    if not word or word in _COUNTED:
        return bool(word)
    stem = next((word[: -len(e)] for e in _COUNT_ENDINGS if word.endswith(e)), None)
    return stem is not None and (stem in _NUMBERS or bool(_DIGITS.fullmatch(stem)))


def _prior_word(body: str, start: int) -> str:
    """The word one space before ``start`` ('' when none): a quick look, no pattern."""
    if start < 2 or body[start - 1] != " ":
        return ""
    i = max(body.rfind(" ", max(0, start - 40), start - 1), body.rfind("\n", max(0, start - 40), start - 1))
    return body[i + 1 : start - 1]


_AWARDS = _words("পুরস্কার অ্যাওয়ার্ড পদক")


def _award(m: Mention, body: str) -> bool:
    """জিন হারশল্ট মানবিকতা পুরস্কার: a name, one word or none, then an award's head: the award's name."""
    if not any(a in body[m.end : m.end + 40] for a in _AWARDS):
        return False
    following = _words_after(body, m.end, 2)
    if not following or following[0][0] != m.end + 1:
        return False
    return any(_is_head(w, _AWARDS) for _, _, w in following)


_INDEX_HEADS = _words("ইনডেক্স ইন্ডেক্স সূচক রিপোর্ট")


def _index_name(m: Mention, body: str, starts: set[int]) -> Mention:
    """গ্লোবাল হাংগার | ইনডেক্সে: a name of two words or more cut before an index's or a report's head runs on over it,
    an organisation's publication (not an outlet's report: প্রথম আলোর রিপোর্ট)."""
    from khobor.analyze.mention_tidy import _is_body

    after = _words_after(body, m.end, 1)
    if not after or after[0][0] != m.end + 1 or after[0][0] in starts or not _is_head(after[0][2], _INDEX_HEADS):
        return m
    from khobor.analyze.span_words import _uninflected

    if not _uninflected(m.surface.split()[-1]) or _is_body(m.surface):
        return m
    return Mention(m.start, after[0][1], body[m.start : after[0][1]], "ORG")


# Places named after a person: the head, and the words that may come between (জিয়া আন্তর্জাতিক বিমানবন্দর); a
# person is never a park, a lake or a ground, so a span with such a head is the place (রবীন্দ্র সরোবর, X ময়দান).
_NAMED_PLACES = _words("বিমানবন্দর উদ্যান স্টেডিয়াম সরোবর ময়দান পার্ক লেক হ্রদ সৈকত স্কয়ার স্কোয়ার")
_NAMED_PLACE_KINDS = _words("আন্তর্জাতিক জাতীয়")


def _venue(m: Mention) -> Mention:
    """রবীন্দ্র সরোবর, নোমানী ময়দান typed a person: a name of two words or more ending in a park's, a lake's or a
    ground's head is that place."""
    words = m.surface.split()
    if len(words) < 2 or not _is_head(words[-1], _NAMED_PLACES):
        return m
    return Mention(m.start, m.end, m.surface, "LOC")


def _named_after(m: Mention, body: str, starts: set[int]) -> Mention:
    """জিয়া | আন্তর্জাতিক বিমানবন্দর: a person's name, uninflected, then a place's head: the place."""
    from khobor.analyze.span_words import _uninflected

    if not any(h in body[m.end : m.end + 40] for h in _NAMED_PLACES) or not _uninflected(m.surface.split()[-1]):
        return m
    following = _words_after(body, m.end, 2)
    k = 1 if following and following[0][2] in _NAMED_PLACE_KINDS else 0
    if len(following) <= k or following[0][0] != m.end + 1 or following[0][0] in starts or not _is_head(following[k][2], _NAMED_PLACES):
        return m
    return Mention(m.start, following[k][1], body[m.start : following[k][1]], "LOC")


# Heads of a shop's or a trader's name, which is often a person's (এন আলম এলপিজি গ্যাসপাম্প, রহিম স্টোরের).
_BUSINESSES = _words("স্টোর স্টোরস এন্টারপ্রাইজ ট্রেডার্স ট্রেডিং ফার্মেসি ফার্মেসী জুয়েলার্স ইলেকট্রনিক্স হার্ডওয়্যার "
                     "বস্ত্রালয় গ্যাসপাম্প পেট্রোলপাম্প ফিলিং")


def _business(m: Mention, body: str, starts: set[int]) -> Mention:
    """এন আলম | এলপিজি গ্যাসপাম্প: a person's name, uninflected, then a shop's head (one word may come between):
    the shop, an organisation named after him."""
    from khobor.analyze.span_words import _uninflected

    if not _uninflected(m.surface.split()[-1]):
        return m
    following = _words_after(body, m.end, 2)
    for k, (start, end, word) in enumerate(following):
        if start in starts or body[(following[k - 1][1] if k else m.end) : start] != " ":
            return m
        if _is_head(word, _BUSINESSES):
            return Mention(m.start, end, body[m.start : end], "ORG")
    return m


_NICKNAME_END = regex.compile(r"\s*[।,;]")
_PLURAL = normalize("রা")
_VERB_ENDINGS = tuple(normalize(e) for e in ("েন", "েননি", "েছে", "েছিল", "েছিলো"))
_PARTICIPLE_ENDINGS = tuple(normalize(e) for e in ("ছে", "ছি", "য়", "ল", "লো"))
_OBJECT_ENDINGS = tuple(normalize(e) for e in ("কে",))  # (not the genitive: ধনদেব চন্দ্র বর্মণ | শোকজের, "his show-cause")


def _nickname(m: Mention, body: str, starts: set[int], called: dict[str, str]) -> Mention:
    """তরিকুল ইসলাম | পলক।: a person named in two words or more, uninflected, then one name-like word that ends a clause
    or carries an object's ending: that word is the rest of the name (not তারেক রহমান দেশে, ... দলের:
    a generic word, a place or a word seen mostly outside names)."""
    if body[m.end : m.end + 1] != " ":
        return m
    nxt = body[m.end + 1 : m.end + 30].split(" ", 1)[0]
    if not (nxt.endswith(("।", ",", ";")) or nxt.endswith(_OBJECT_ENDINGS) or m.surface in called):
        return m  # (a quick look first, before the imports: most names are followed by neither)
    from khobor.analyze.ner import default_tagger
    from khobor.analyze.span_words import _uninflected
    from khobor.lang.bn import gazetteer
    from khobor.lang.bn.generic import NAME_SUFFIXES, is_generic

    words = m.surface.split()
    if len(words) < 2 or not _uninflected(words[-1]) or words[-1] in NAME_SUFFIXES:
        return m
    following = _words_after(body, m.end, 1)
    if not following or following[0][0] != m.end + 1 or following[0][0] in starts:
        return m
    start, end, word = following[0]
    base = _base(word)
    if called.get(m.surface) in (word, base):  # the same name again (তরিকুল ইসলাম পলক সাংবাদিকদের বলেন)
        return Mention(m.start, end, body[m.start : end], "PER")
    if not ((word == base and _NICKNAME_END.match(body, end)) or (word != base and word.endswith(_OBJECT_ENDINGS))):
        return m
    then = _words_after(body, end, 1)
    if word != base and then and then[0][2].endswith(_VERB_ENDINGS + _PARTICIPLE_ENDINGS):
        return m  # গ্লেন ম্যাকগ্রাথনেল | ছিটকে গেছেন: a verb's participle, then the verb
    from khobor.analyze.mention_tidy import _is_body

    from khobor.lang.bn.names import is_letter_acronym

    if word.endswith(_VERB_ENDINGS) or _is_body(word) or _is_body(base) or is_letter_acronym(base) or base.endswith(_PLURAL):
        return m  # তাজুল ইসলাম লেখেন, ... ইত্তেফাককে বলেন, ... ভিপি, ... সমর্থকরা: a verb, an outlet, a title, a plural
    tagger = default_tagger()
    if (len(base) < 2 or is_generic([base]) or base in NAME_SUFFIXES or not tagger.name_like(word) or not tagger.name_like(base)
            or tagger.resources.word_types.get(base) is not None and tagger._mostly_other(base)
            or gazetteer.place_ids(base) or _BENGALI_DIGIT.search(word)):
        return m
    called[m.surface] = base
    return Mention(m.start, end, body[m.start : end], "PER")


_ABROAD = _words("প্রবাসী প্রবাসীর")
_WITH = normalize("সহ")  # ইদ্রিস আলীসহ: "with Idris Ali", the particle written on the name


def _without_with(m: Mention) -> Mention:
    """A name with the particle -সহ written on it (আলীসহ, বিএনপিসহ): the name alone."""
    if not m.surface.endswith(_WITH) or len(m.surface.split()[-1]) < 5:
        return m
    return Mention(m.start, m.end - len(_WITH), m.surface[: -len(_WITH)], m.type)


_VERB_ENDS = tuple(normalize(e) for e in ("েছে", "েছেন", "য়েছে", "য়েছেন", "লেন", "বেন", "ছিল", "ছেন", "হবে"))


def _verb_cut(m: Mention) -> Mention:
    """রয়েছে-ঢাকা: a verb joined by a hyphen to the name after it (a list introduced with a dash): the name alone."""
    first, _, rest = m.surface.partition("-")
    if not rest or " " in first or not first.endswith(_VERB_ENDS):
        return m
    cut = len(first) + 1
    return Mention(m.start + cut, m.end, m.surface[cut:], m.type)


@functools.cache
def _roles() -> frozenset[str]:
    """Titles and roles before a name that are no part of it (ডিসি, ম্যাজিস্ট্রেট, সচিব); not the honorifics news writes
    as part of one (শেখ, বেগম, মো., ড.), nor roles that are also names (রানি, শহীদ)."""
    from khobor.lang.bn.generic import _TITLES_AND_ROLES
    from khobor.lang.bn.names import NAME_HONORIFICS, TITLE_WORDS

    keep = _words("মো মোঃ মোছা মোসা মোছাঃ ড ডা ডক্টর শেখ বেগম সাহেব হাজি আলহাজ মাওলানা মুফতি হাফেজ জনাব মিস্টার মিসেস মিঃ মি "
                  "অ্যাডভোকেট ব্যারিস্টার প্রকৌশলী রাজা রানি শহীদ শহিদ প্রধান সাধারণ মা")
    return (TITLE_WORDS | _words(_TITLES_AND_ROLES) | _words("ম্যাজিস্ট্রেট অধ্যাপিকা শিক্ষিকা হুইপ কর্ণেল রিপাবলিকান ডেমোক্র্যাট ডেমোক্রেট")) - keep - NAME_HONORIFICS


def _without_role(m: Mention) -> Mention:
    """ডিসি মাসুদ আলম, ম্যাজিস্ট্রেট সূফি: a title left at a name's start, dropped."""
    first = m.surface.split(" ", 1)[0]
    if " " not in m.surface or first not in _roles():
        return m
    cut = len(first) + 1
    return Mention(m.start + cut, m.end, m.surface[cut:], m.type)


def _after_role_joined(mentions: list[Mention], body: str) -> list[Mention]:
    """ম্যাজিস্ট্রেট সূফি | সাজ্জাদ আল ফোজায়েল: one word after a title, then a name right after it, are one name."""
    out: list[Mention] = []
    for m in mentions:
        last = out[-1] if out else None
        if (last is not None and m.type == last.type == "PER" and " " not in last.surface and m.start == last.end + 1
                and body[last.end] == " " and _role_before(body, last.start)):
            out[-1] = Mention(last.start, m.end, body[last.start : m.end], "PER")
            continue
        out.append(m)
    return out


def _role_before(body: str, start: int) -> bool:
    from khobor.analyze.span_words import _words_before

    before = _words_before(body, start, 1)
    return bool(before) and before[0][1] == start - 1 and before[0][2] in _roles()


_CHAR = normalize("চর")  # a river island: চর আমখাওয়া is the place's name


def _char_island(m: Mention, body: str, starts: set[int]) -> Mention:
    """চর | আমখাওয়া: the word চর right before a place is the first word of its name."""
    if body[max(0, m.start - 3) : m.start] != _CHAR + " " or (m.start > 3 and _word_char(body[m.start - 4])):
        return m
    return Mention(m.start - 3, m.end, body[m.start - 3 : m.end], m.type)


# Heads of two words, the first of which a tagger's span takes and the second it leaves: headquarters (সদর দপ্তর), a
# police outpost or camp (পুলিশ ফাঁড়ি, পুলিশ তদন্তকেন্দ্র), a filling station.
_SECOND_HEADS = {normalize(k): _words(v) for k, v in (("সদর", "দপ্তর দফতর"), ("পুলিশ", "ফাঁড়ি তদন্তকেন্দ্র ক্যাম্প"),
                                                      ("ফিলিং", "স্টেশন"))}


def _headquarters(m: Mention, body: str, starts: set[int]) -> Mention:
    """পুলিশ সদর | দপ্তর, রামপুর পুলিশ | তদন্তকেন্দ্রের, X ফিলিং | স্টেশনে: a body cut before the last word of a
    head of two words runs on over it; so does a city's unit cut before its body's head (ঢাকা মহানগর | পুলিশের)."""
    from khobor.analyze.span_rules import _BODY_HEADS, _CITY_WORDS

    words = m.surface.split()
    if len(words) < 2 or words[-1] not in _SECOND_HEADS and words[-1] not in _CITY_WORDS:
        return m
    heads = _SECOND_HEADS.get(words[-1]) or _BODY_HEADS
    after = _words_after(body, m.end, 1)
    if not after or after[0][0] != m.end + 1 or after[0][0] in starts or not _is_head(after[0][2], heads):
        return m
    return Mention(m.start, after[0][1], body[m.start : after[0][1]], "ORG")


def _owned_part(m: Mention) -> Mention:
    """বাংলাদেশ ব্যাংকের | বোর্ড: a body's name in the genitive, then one word for a part or a post of it (its board,
    its governor): the body."""
    words = m.surface.split()
    if len(words) < 3 or words[-2] == _base(words[-2]) or not _is_head(words[-2], _org_heads()):
        return m
    end = m.surface.rindex(" ")
    return Mention(m.start, m.start + end, m.surface[:end], m.type)


@functools.cache
def _org_heads() -> frozenset[str]:
    from khobor.lang.bn.names import ORG_HEADS

    return frozenset(_base(h) for h in ORG_HEADS)

