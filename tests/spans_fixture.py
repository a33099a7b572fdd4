"""Mentions placed in a text by surface, for the tests of the rules over the tagger's spans."""

from khobor.clean.normalize import normalize
from khobor.model import Article, Mention


def placed(text: str, spans: list[tuple[str, str]]) -> tuple[str, list[Mention]]:
    """``text`` normalized, and a mention for each (surface, type), found at its first place."""
    text = normalize(text)
    mentions = []
    for surface, kind in spans:
        surface = normalize(surface)
        start = text.index(surface)
        mentions.append(Mention(start, start + len(surface), surface, kind))
    return text, mentions


def article(aid: str, text: str, names: list[tuple[str, str]]) -> Article:
    """An article whose body is ``text`` as given, with a mention for each (surface, type) at its first place."""
    mentions = []
    for surface, kind in names:
        start = text.index(surface)
        mentions.append(Mention(start, start + len(surface), surface, kind))
    return Article(id=aid, source=aid, body=text, mentions=mentions)
