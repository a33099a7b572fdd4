"""Unicode repair for Bengali text: kept here for existing callers; the rules live in ``khobor.lang.bn.text``."""

from khobor.lang.bn.text import ZWJ, ZWNJ, VIRAMA, ascii_digits, match_key, normalize  # noqa: F401

__all__ = ["normalize", "ascii_digits", "match_key"]
