"""Mentions placed in a text by surface, for the tests of the rules over the tagger's spans."""

from khobor.clean.normalize import normalize
from khobor.model import Mention


def placed(text: str, spans: list[tuple[str, str]]) -> tuple[str, list[Mention]]:
    """``text`` normalized, and a mention for each (surface, type), found at its first place."""
    text = normalize(text)
    mentions = []
    for surface, kind in spans:
        surface = normalize(surface)
        start = text.index(surface)
        mentions.append(Mention(start, start + len(surface), surface, kind))
    return text, mentions
