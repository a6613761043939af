"""Stage 1b: tokens and sentences the parser can read.

* Amounts stay whole: the tokenizer splits "£120m" into "£ 120 m", and the small
  model then reads "m" as a verb and "a £120m bid" as a clause; merging "120m" (also
  "2.5bn", "500k") into one token before any statistical component runs gives the
  parser a number it knows.
* The tokenizer is adjusted to match (`guard_tokenizer`): a unit before a full stop is
  a unit, not an abbreviation ("for £60m." ends a sentence, its "m." is not one token),
  and a long run of symbols ("🙂" * 50,000) is one token, since spaCy strips such a run
  one character at a time, in time quadratic in its length. Both are tokenizer settings,
  so a saved pipeline keeps them.
* Paragraph breaks are sentence breaks: news text puts headlines, captions and
  datelines on lines of their own, without final punctuation; the parser would run
  them into the next sentence. Marking a sentence start after every line break before
  the parser runs keeps them apart (the parser respects boundaries that are already set).
"""

from __future__ import annotations

import re
from typing import Any

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

_UNITS = frozenset({"m", "bn", "k", "mn", "b", "mln", "mil"})

# spaCy's English special cases for single letters with a dot; for these letters the
# amount reading ("£60m.") is far more common in football news than an abbreviation.
_UNIT_SPECIALS = ("m.", "k.", "b.")
# A full stop after an amount in capitals ("£60M.", "€1.2BN.") ends the sentence; the
# English suffixes only split a dot after lower-case letters.
_UNIT_STOP_SUFFIX = r"(?:(?<=[0-9][A-Z])|(?<=[0-9][A-Z]{2})|(?<=[0-9][A-Z]{3}))\.$"
# A chunk holding this many symbols in a row is kept as one token.
SYMBOL_RUN = 100
_SYMBOL_RUN_MATCH = rf"\S{{0,64}}?(?:_|[^\w\s]){{{SYMBOL_RUN}}}"


def _with_pattern(search: object, extra: str) -> re.Pattern[str]:
    """The regex behind a tokenizer callable (None, or a compiled pattern's method) plus `extra`."""
    pattern = getattr(getattr(search, "__self__", None), "pattern", None)
    if pattern is None:
        return re.compile(extra)
    if extra in pattern:
        return re.compile(pattern)
    return re.compile(f"{extra}|{pattern}")


def guard_tokenizer(nlp: Language) -> Language:
    """Set our tokenizer settings on `nlp` (see the module docstring); idempotent."""
    # A custom tokenizer may lack some of these settings; each is set only if present.
    tokenizer: Any = nlp.tokenizer
    rules = getattr(tokenizer, "rules", None)
    if rules and any(key in rules for key in _UNIT_SPECIALS):
        tokenizer.rules = {k: v for k, v in rules.items() if k not in _UNIT_SPECIALS}
    if hasattr(tokenizer, "suffix_search"):
        tokenizer.suffix_search = _with_pattern(tokenizer.suffix_search, _UNIT_STOP_SUFFIX).search
    if hasattr(tokenizer, "token_match"):
        tokenizer.token_match = _with_pattern(tokenizer.token_match, _SYMBOL_RUN_MATCH).match
    return nlp


@Language.factory("transfer_amounts")
def make_amount_joiner(nlp: Language, name: str) -> AmountJoiner:
    """Create the `transfer_amounts` component (no settings, no data)."""
    return AmountJoiner()


class AmountJoiner:
    """Merges a number and the unit written against it ("120" + "m") into one token.

    Must run before any component that reads tokens (tok2vec), as the first one."""

    def __call__(self, doc: Doc) -> Doc:
        spans = [
            (tok.i, tok.i + 2)
            for tok in doc[:-1]
            if tok.like_num and not tok.whitespace_ and tok.nbor(1).lower_ in _UNITS
        ]
        if spans:
            with doc.retokenize() as retokenizer:
                for start, end in spans:
                    retokenizer.merge(doc[start:end])
        return doc


@Language.factory("transfer_paragraphs", assigns=["token.is_sent_start"])
def make_paragraph_splitter(nlp: Language, name: str) -> ParagraphSplitter:
    """Create the `transfer_paragraphs` component (no settings, no data)."""
    return ParagraphSplitter()


class ParagraphSplitter:
    """Reads token whitespace; sets `token.is_sent_start` after line breaks."""

    def __call__(self, doc: Doc) -> Doc:
        # One array write: setting `Token.is_sent_start` checks the whole doc each time.
        starts: Any = doc.to_array([SENT_START]).reshape(-1)
        for tok in doc[:-1]:
            if "\n" in tok.whitespace_ or (tok.is_space and "\n" in tok.text):
                starts[tok.i + 1] = 1
        doc.from_array([SENT_START], starts.reshape(-1, 1))
        return doc
