"""Stage 1b: tokens and sentences the parser can read.

* Amounts stay whole: the tokenizer splits "£120m" into "£ 120 m", and the small
  model then reads "m" as a verb and "a £120m bid" as a clause; merging "120m" (also
  "2.5bn", "500k") into one token before any statistical component runs gives the
  parser a number it knows.
* Paragraph breaks are sentence breaks: news text puts headlines, captions and
  datelines on lines of their own, without final punctuation; the parser would run
  them into the next sentence. Marking a sentence start after every line break before
  the parser runs keeps them apart (the parser respects boundaries that are already set).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

_UNITS = frozenset({"m", "bn", "k", "mn", "b", "mln", "mil"})


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
        for i in range(len(doc) - 1):
            tok = doc[i]
            if "\n" in tok.whitespace_ or (tok.is_space and "\n" in tok.text):
                doc[i + 1].is_sent_start = True
        return doc
