"""Mentions tidied into names before they are resolved: common words and acronyms out, bodies typed as
organisations, a person's name run on over initials, a bracketed acronym after a body's name tagged as that body."""

from __future__ import annotations

import functools
from collections import Counter

import regex

from khobor.analyze.acronyms import bracketed_acronyms
from khobor.analyze.names import is_latin, lemma_forms
from khobor.lang.bn.text import normalize
from khobor.model import Mention


def tidy_mentions(mentions: list[Mention], body: str | None = None) -> list[Mention]:
    """Mentions that are names, typed as readers know them: no acronym of a common noun (CCTV, ICU, সিসিটিভি), no
    word that is never a name alone (``lang.bn.generic``, in any inflection), outlets and UN bodies as organisations;
    with ``body``, a person's name runs on over middle initials (আহসান এইচ মনসুর) and up to নামের (X Y নামের এক ব্যক্তি)."""
    kept = retype([_without_told_body(_without_teaser(m)) for m in mentions if not _common_word(m.surface)])
    if body is None:
        return kept
    from khobor.analyze import span_rules

    spans = [(m.start, m.end) for m in kept]
    kept = [m for m in kept if not (m.type == "PER" and _verbal_noun(m, body))]
    kept = _called_run_on(span_rules.apply([_run_on(m, body, spans) if m.type == "PER" else m for m in kept], body), body)
    tagged = {id(m) for m in kept}  # (an acronym added in brackets may still be a common noun's: NID)
    return [m for m in bracketed_acronyms(kept, body) if id(m) in tagged or not _common_word(m.surface)]


@functools.cache
def _run_on_patterns() -> tuple:
    import regex

    from khobor.lang.bn.names import LETTER_NAMES
    from khobor.lang.bn.text import normalize

    words = {normalize(w) for w in ("এ", "ই", "ও", "আই", "আর", "কে")}  # also "this", "and", "more", "who": never alone
    letters = "|".join(sorted((regex.escape(v) for v in LETTER_NAMES.values() if v not in words), key=len, reverse=True))
    word = r"[\p{Bengali}--[\p{P}\d০-৯।]]+"
    mohammad = "|".join(regex.escape(normalize(w)) for w in ("মো.", "মোঃ", "মোহাম্মদ", "মুহাম্মদ"))
    said = "|".join(regex.escape(normalize(w)) for w in ("বলেন", "বলেছেন", "জানান", "জানিয়েছেন", "বলে", "ও", "এবং"))
    return (regex.compile(rf"(?V1)(?:\s+(?:{letters})\.?)+\s+{word}"),
            regex.compile(rf"(?V1)\s+(?:{mohammad})\s*{word}(?:\s+(?!(?:{said})(?!\p{{Bengali}})){word})?(?=\s*[,।]|\s+(?:{said})(?!\p{{Bengali}}))"),
            regex.compile(rf"(?V1)(?:\s+{word}){{1,2}}(?=\s+{normalize('নামের')}|\s+{normalize('নামে')}\s)"))


def _run_on(mention: Mention, body: str, spans: list[tuple[int, int]]) -> Mention:
    """The rest of a person's name the tagger left out: initials and one name after them, or the words before নামের."""
    for pattern in _run_on_patterns():
        more = pattern.match(body, mention.end)
        if more and not any(mention.end <= a < more.end() for a, _ in spans):
            return Mention(mention.start, more.end(), body[mention.start : more.end()], mention.type)
    return mention


_DO = regex.compile(r" " + normalize("কর") + r"[\u09be\u09bf\u09c7\u099b\u09a4\u09ac\u09b2]")  # করা, করে, করতে, করবে...


def _verbal_noun(mention: Mention, body: str) -> bool:
    """জয়েন করবে ("will join"), সুগম করেছিলেন, মুণ্ডন করেছেন: a word the tagger's training text never saw, each time
    the text writes it followed by a form of করা ("do"), is the noun of a verb made with it (often an English word
    written in Bengali), no person. (Not আমিরুল করেন পাঁচ গোল: a name the training text knows.)"""
    word = mention.surface
    if " " in word or is_latin(word) or not _DO.match(body, mention.end):
        return False
    from khobor.analyze.ner import default_tagger
    from khobor.lang.bn.suffixes import strip_ending

    types = default_tagger().resources.word_types
    if types.get(word) is not None or types.get(strip_ending(word)) is not None:
        return False
    at = [m.end() for m in regex.finditer(rf"(?<![\p{{Bengali}}\u200c\u200d]){regex.escape(word)}(?![\p{{Bengali}}\u200c\u200d])", body)]
    return all(_DO.match(body, end) for end in at)


def _called_run_on(mentions: list[Mention], body: str) -> list[Mention]:
    """A person the text calls by one word, run into the next name (বাইডেন হোয়াইট | হাউস ছেড়ে): the called word
    alone. The word is a person's last name elsewhere in the text (জো বাইডেন) and a mention alone twice or more; the
    word after it is in no other person's name of the text and runs on into a further word (no clause end)."""
    persons = [m for m in mentions if m.type == "PER"]
    if len(persons) < 3:
        return mentions
    alone = Counter(_base_word(m.surface) for m in persons if " " not in m.surface)
    lasts = {_base_word(m.surface.split()[-1]) for m in persons if " " in m.surface}
    bases = None  # each person's words' base forms, made once when first asked (not once per pair of persons)
    out = []
    for m in mentions:
        words = m.surface.split()
        if m.type == "PER" and len(words) == 2 and not is_latin(m.surface):
            first = _base_word(words[0])
            if words[0] == first and alone[first] >= 2 and first in lasts and _RUNS_ON.match(body, m.end):
                if bases is None:
                    bases = [(o, {_base_word(w) for w in o.surface.split()}) for o in persons]
                second = _base_word(words[1])
                if not any(o is not m and second in words_of for o, words_of in bases):
                    m = Mention(m.start, m.start + len(words[0]), words[0], "PER")
        out.append(m)
    return out


def _base_word(word: str) -> str:
    return (lemma_forms(word) or (word,))[0]


_RUNS_ON = regex.compile(r" \p{Bengali}")


_TEASER_WORDS = tuple(normalize(w) for w in ("পড়ুন", "দেখুন"))
_TEASER = regex.compile("(?:" + "|".join(regex.escape(normalize(w)) for w in ("পড়ুন", "দেখুন")) + r")(?=\p{Bengali})")


def _without_teaser(mention: Mention) -> Mention:
    """পড়ুনরোনালদো: a related-link teaser ("read") run into the headline after it, the name without it."""
    teaser = mention.surface.startswith(_TEASER_WORDS) and _TEASER.match(mention.surface)
    if not teaser:
        return mention
    return Mention(mention.start + teaser.end(), mention.end, mention.surface[teaser.end() :], mention.type)


def _without_told_body(mention: Mention) -> Mention:
    """A person's span run into the outlet he spoke to (গোয়েল সিএনএনকে বলেন): the person alone."""
    if mention.type != "PER":
        return mention
    words = mention.surface.split()
    if len(words) < 2 or not _is_body(words[-1]):
        return mention
    surface = mention.surface[: mention.surface.rindex(words[-1])].rstrip()
    return Mention(mention.start, mention.start + len(surface), surface, mention.type)


@functools.lru_cache(maxsize=1 << 16)
def _common_word(surface: str) -> bool:
    from khobor.lang.bn.generic import MEDICAL_WORDS, is_generic

    words = surface.split()
    if not words or surface.strip() in _common_acronyms():
        return True
    if is_latin(surface):
        return False
    if len(words) > 1 and all(any(f in MEDICAL_WORDS for f in _lemmas(w)) for w in words):
        return True  # লিভার সিরোসিস: an organ and an illness
    if len(words) > 1 and " ".join(words[:-1]) not in _phrase_heads():
        return False  # (a longer span is generic only as a whole listed phrase: skip the lemmas)
    return any(is_generic(words[:-1] + [form]) or (len(words) == 1 and form in _common_acronyms()) for form in _lemmas(words[-1]))


@functools.cache
def _phrase_heads() -> frozenset[str]:
    """All words but the last of the multi-word generic phrases and body names (কেন্দ্রীয়, প্রথম)."""
    from khobor.lang.bn.generic import GENERIC_PHRASES

    return frozenset(" ".join(p.split()[:-1]) for p in (*GENERIC_PHRASES, *_body_forms()) if " " in p)


def _lemmas(word: str) -> tuple[str, ...]:
    return (word, *lemma_forms(word))


@functools.cache
def _common_acronyms() -> frozenset[str]:
    from khobor.lang import en
    from khobor.lang.bn.names import LETTER_NAMES

    spelled = {"".join(LETTER_NAMES[c] for c in a.upper()) for a in en.COMMON_ACRONYMS}
    return frozenset(en.COMMON_ACRONYMS | spelled)


def retype(mentions: list[Mention]) -> list[Mention]:
    """Types a tagger cannot see from the words: a news outlet or agency is an organisation (প্রথম আলো, Prothom Alo,
    রয়টার্স), and so is a body CLDR lists among territories (জাতিসংঘ, United Nations). Changes ``mentions`` in place."""
    for mention in mentions:
        if mention.type != "ORG" and (_is_body(mention.surface) or mention.type == "PER" and _spelled_acronym(mention.surface)):
            mention.type = "ORG"
    return mentions


def _spelled_acronym(surface: str) -> bool:
    """এলজিআরডি, এলজিইডির: one word spelling three Latin letters or more is a body's acronym, never a person (two may
    be a name: জেসি, কেটি)."""
    from khobor.lang.bn.names import spelled_letters

    return " " not in surface and not is_latin(surface) and any(spelled_letters(f) >= 3 for f in _lemmas(surface))


@functools.lru_cache(maxsize=1 << 16)
def _is_body(surface: str) -> bool:
    forms = _body_forms()
    words = surface.replace("’", "'").casefold().split()
    if words[:1] == ["the"]:
        words = words[1:]
    if not words:
        return False
    text = " ".join(words)
    if text in forms or text.removesuffix("'s") in forms:
        return True
    if len(words) > 1 and " ".join(words[:-1]) not in _phrase_heads():
        return False
    return not is_latin(surface) and any(" ".join(words[:-1] + [form]) in forms for form in _lemmas(words[-1]))


@functools.cache
def _body_forms() -> frozenset[str]:
    from khobor.lang import en
    from khobor.lang.bn import gazetteer
    from khobor.lang.bn.news_words import AGENCIES, OUTLETS
    from khobor.lang.bn.text import normalize

    forms = {normalize(f).casefold().removeprefix("the ") for table in (AGENCIES, OUTLETS) for fs in table.values() for f in fs}
    return frozenset(forms | en.OUTLETS | gazetteer.organisations())
