"""NER training: data readers, scoring, lexicon and cluster building (not part of the runtime package)."""
