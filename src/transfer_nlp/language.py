"""A cheap check that a text is English, before a pipeline built for English reads it.

English prose spends about a third of its words on a few dozen function words; German,
Spanish, French, Italian, Portuguese or Dutch news uses its own instead, and a text in
another script has no Latin words at all. A text is judged foreign only on such evidence,
so a list of names or a run of one word is not. One pass over the text, no model.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]+")
_FUNCTION_WORDS = frozenset((
    "the", "a", "an", "of", "to", "and", "in", "for", "on", "with", "at", "by", "from", "as",
    "is", "are", "was", "were", "be", "been", "has", "have", "had", "will", "would", "that",
    "this", "it", "its", "he", "his", "him", "they", "their", "who", "which", "but", "not",
    "after",
))  # fmt: skip
_FOREIGN_WORDS = frozenset((
    "der", "die", "das", "und", "ist", "nicht", "ein", "eine", "mit", "von", "zu", "den",
    "dem", "des", "im", "auf", "für", "sich", "el", "la", "los", "las", "de", "que", "y", "en",
    "del", "un", "una", "por", "con", "para", "se", "le", "les", "et", "du", "est", "pour",
    "dans", "sur", "au", "qui", "pas", "il", "di", "che", "e", "per", "non", "della", "gli",
    "sono", "o", "os", "da", "do", "das", "dos", "em", "não", "het", "een", "van", "op", "te",
    "voor",
))  # fmt: skip
# Fewer words than this say too little to judge (a headline, a caption).
MIN_WORDS = 20
# English news is far above this share; a foreign-language text far below.
MIN_SHARE = 0.12


def looks_english(text: str) -> bool:
    """False when `text` is long enough to judge, has almost no English function words,
    and has more words of other languages or scripts than English ones."""
    words = [w.lower() for w in _WORD.findall(text[:20_000])]
    if len(words) < MIN_WORDS:
        return True
    english = sum(w in _FUNCTION_WORDS for w in words)
    if english >= MIN_SHARE * len(words):
        return True
    foreign = sum(w in _FOREIGN_WORDS or not w.isascii() for w in words)
    return foreign <= english
