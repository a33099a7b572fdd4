"""Corpus-level grouping: events (one happening, many reports) and stories (events over months)."""

from khobor.cluster.events import EventClusterer, explain
from khobor.cluster.stories import StoryLinker

__all__ = ["EventClusterer", "StoryLinker", "explain"]
