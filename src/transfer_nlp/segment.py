"""Stage 1b: paragraph breaks are sentence breaks.

News text puts headlines, captions and datelines on lines of their own, without
final punctuation; the parser would run them into the next sentence. Marking a
sentence start after every line break before the parser runs keeps them apart
(the parser respects boundaries that are already set).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


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
