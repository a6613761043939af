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
  A single line break inside a name or an amount ("Aston\\nVilla", "Caoimhin\\nKelleher",
  "£\\n20m") at the end of a long line, as wrapped text has, is held back: the next
  token is marked as no sentence start, so that neither the parser nor the entity
  recogniser cuts the name in two. Once the names are known (`settle_line_breaks`, run
  by `transfer_entities`), such a break that no name runs across is a sentence break again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

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
    """Reads token whitespace; sets `token.is_sent_start` after line breaks (True), or
    after a single line break inside a name or an amount (False)."""

    def __call__(self, doc: Doc) -> Doc:
        # One array write: setting `Token.is_sent_start` checks the whole doc each time.
        starts: Any = _sent_starts(doc)
        line_start = 0
        for tok in doc[:-1]:
            space = tok.text if tok.is_space else tok.whitespace_
            if "\n" not in space:
                continue
            before = doc[tok.i - 1] if tok.is_space and tok.i > 0 else tok
            wrapped = (
                space.count("\n") == 1
                and not before.is_space
                and before.idx + len(before) - line_start >= WRAPPED_LINE
            )
            starts[tok.i + 1] = -1 if wrapped and runs_on(before, doc[tok.i + 1]) else 1
            line_start = doc[tok.i + 1].idx
        _set_sent_starts(doc, starts)
        return doc


def _sent_starts(doc: Doc) -> Any:
    """`token.sent_start` of every token as signed integers (1, 0 or -1)."""
    return doc.to_array([SENT_START]).reshape(-1).astype(numpy.int64)


def _set_sent_starts(doc: Doc, starts: Any) -> None:
    # spaCy stores -1 ("not a start") in an unsigned array, as its two's complement.
    doc.from_array([SENT_START], starts.astype(numpy.uint64).reshape(-1, 1))


_NUMBER_START = re.compile(r"^\d")
# A line at least this long may be wrapped text, cut wherever the width ran out; a
# shorter one is a headline or a caption, a line of its own.
WRAPPED_LINE = 40


def runs_on(before: Token, after: Token) -> bool:
    """Whether a line break between `before` and `after` falls inside a name ("Aston" |
    "Villa", "Caoimhin" | "Kelleher") or an amount ("£" | "20m", "20" | "million")."""
    if _name_word(before) and _name_word(after):
        return True
    return (before.is_currency or before.like_num) and (
        after.like_num or bool(_NUMBER_START.match(after.text)) or after.lower_ in _UNITS
    )


def _name_word(tok: Token) -> bool:
    """A capitalised word that may be part of a name: not a function word ("The", "He")
    and not in capitals (a headline in capitals is no name)."""
    return tok.is_alpha and tok.text[:1].isupper() and not tok.is_upper and not tok.is_stop


def settle_line_breaks(doc: Doc, names: Iterable[Span]) -> None:
    """Once the names are known: no sentence starts inside one, and a line break the
    segmenter held back as possibly inside a name is a sentence break again if no name
    runs across it ("... sign Rice\nArsenal have ..."). Sentences follow these starts;
    the parse made before stays as it is."""
    starts: Any = _sent_starts(doc)
    # 1: inside a name (no start), 2: a held-back line break outside any name (a start).
    marks = numpy.zeros(len(doc), dtype=numpy.int8)
    for tok in doc[:-1]:
        if tok.is_space and "\n" in tok.text and starts[tok.i + 1] != 1:
            marks[tok.i + 1] = 2
    for span in names:
        marks[span.start + 1 : span.end] = 1
    settled = numpy.where(marks == 1, -1, numpy.where(marks == 2, 1, starts))
    if (settled != starts).any():
        _set_sent_starts(doc, settled)
