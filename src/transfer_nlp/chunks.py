"""Stage 1c: long texts read in paragraph-sized pieces.

The base model's statistical components (tok2vec, tagger, parser, NER) take time that
grows faster than the length of one Doc. On the generated text of benchmarks/scaling.py,
the bare base model spends about the same CPU time on a character (about 70 µs) in Docs
of anything from 5k to 80k characters, but the full pipeline took 27.4 s of CPU on one
Doc of 200k characters and 19.3 s on the same text in pieces of 20k; one Doc of 200k,
400k and 800k characters took 31, 72 and 145 s. A long text is therefore tokenized
whole, cut between tokens into pieces of at most `chunk_chars` characters, at a blank
line where there is one (else at a line end, a sentence end, any white space), and every
component up to the first one that needs the whole article (`transfer_entities`: the
headline, clubs named elsewhere) runs on each piece. The pieces are joined back into one Doc
(`Doc.from_docs`, no white space added), whose text is the input's, character for
character, so every offset holds; the rest of the pipeline reads that Doc.

A text of at most `chunk_chars` characters takes spaCy's own path, unchanged. The class
of the pipeline is what changes (`LongTexts` on top of the base model's language class),
set by `read_long_texts`; it records the callback `transfer_nlp.long_texts.v1` as the
pipeline's `[nlp.after_creation]`, so a saved pipeline gets the same class back from
`spacy.load`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from itertools import groupby
from typing import Any

from spacy.lang.en import English
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry

# Well inside the lengths where a character costs least (5k-80k, see the module
# docstring), and above the length of almost every news article, which is then read
# whole, as before; a piece this long costs little to cut and join.
CHUNK_CHARS = 20_000
# The first of these in the pipeline, and all after it, read the whole joined Doc.
WHOLE_DOC = frozenset({"transfer_entities", "transfer_event_extractor", "transfer_event_scorer"})
CALLBACK = "transfer_nlp.long_texts.v1"

# Where to cut, best first: after a blank line; after a line that ends a sentence; after a
# sentence end; after any white space. The white space after the cut stays with the piece
# before it, so every piece starts with a word, on a line of its own where possible.
_CUTS = (
    re.compile(r"\n[^\S\n]*\n\s*"),
    re.compile(r"[.!?][\"'”’)\]]*[^\S\n]*\n\s*"),
    re.compile(r"[.!?][\"'”’)\]]*\s+"),
    re.compile(r"\s+"),
)


def chunk_bounds(doc: Doc, size: int) -> list[tuple[int, int]]:
    """Token ranges `(start, end)` that cover `doc` in order, cut as the module docstring
    says: each of at most `size` characters (plus the white space it ends with), unless
    one token is longer."""
    text = doc.text
    starts = [tok.idx for tok in doc]
    bounds: list[tuple[int, int]] = []
    first, begin = 0, 0
    while len(text) - begin > size:
        # A cut in the second half of the window keeps pieces from getting small.
        cut = _last_cut(text, begin + size // 2, begin + size)
        # No white space at all: before the token that runs across the limit.
        end = bisect_right(starts, begin + size) - 1 if cut is None else bisect_left(starts, cut)
        if end <= first:  # one token longer than `size`
            end = first + 1
        if end >= len(doc):
            break
        bounds.append((first, end))
        first, begin = end, starts[end]
    bounds.append((first, len(doc)))
    return bounds


def _last_cut(text: str, lo: int, hi: int) -> int | None:
    """The end of the last match in `text[lo:hi]` of the best pattern that has one."""
    for pattern in _CUTS:
        match = None
        for match in pattern.finditer(text, lo, hi):  # noqa: B007 (the last one is kept)
            pass
        if match is not None:
            return match.end()
    return None


class LongTexts(Language):
    """A language class that reads a text longer than `chunk_chars` in pieces (see the
    module docstring); set `chunk_chars` to 0 on an instance to read every text whole."""

    chunk_chars: int = CHUNK_CHARS

    def __call__(
        self,
        text: str | Doc,
        *,
        disable: Iterable[str] = (),
        component_cfg: dict[str, dict[str, Any]] | None = None,
    ) -> Doc:
        doc = self._ensure_doc(text)
        if not self._is_long(doc):
            return super().__call__(doc, disable=disable, component_cfg=component_cfg)
        head_off, tail_off = self._split(disable)
        parts = [
            super(LongTexts, self).__call__(piece, disable=head_off, component_cfg=component_cfg)
            for piece in _pieces(doc, self.chunk_chars)
        ]
        joined = _join(doc, parts)
        return super().__call__(joined, disable=tail_off, component_cfg=component_cfg)

    def pipe(
        self,
        texts: Iterable[Any],
        *,
        as_tuples: bool = False,
        batch_size: int | None = None,
        disable: Iterable[str] = (),
        component_cfg: dict[str, dict[str, Any]] | None = None,
        n_process: int = 1,
    ) -> Iterator[Any]:
        """`Language.pipe`; a long text is read in pieces, in this process, between the
        batches of the texts around it. As in `Language.pipe`, a text that a component
        fails on (with an error handler that does not raise) is left out."""
        kwargs: dict[str, Any] = {"batch_size": batch_size, "component_cfg": component_cfg}
        if as_tuples:
            # spaCy turns the pairs into docs that carry their context, and calls this
            # method again with them.
            yield from super().pipe(
                texts, as_tuples=True, disable=disable, n_process=n_process, **kwargs
            )
            return
        disable = list(disable)
        for long, group in groupby(texts, key=self._is_long):
            if not long:
                yield from super().pipe(group, disable=disable, n_process=n_process, **kwargs)
                continue
            head_off, tail_off = self._split(disable)
            for text in group:
                doc = self._ensure_doc(text)
                pieces = _pieces(doc, self.chunk_chars)
                parts = list(super().pipe(pieces, disable=head_off, **kwargs))
                if len(parts) == len(pieces):
                    yield from super().pipe([_join(doc, parts)], disable=tail_off, **kwargs)

    def _is_long(self, text: object) -> bool:
        """Whether `text` (a str or a Doc) is read in pieces."""
        if isinstance(text, Doc):
            # A Doc that carries user data is read whole: pieces would not keep it.
            return 0 < self.chunk_chars < len(text.text) and not text.user_data
        return isinstance(text, str) and 0 < self.chunk_chars < len(text)

    def _split(self, disable: Iterable[str]) -> tuple[list[str], list[str]]:
        """Components to disable when reading the pieces, and when reading the whole."""
        names = [name for name in self.pipe_names if name not in disable]
        split = next((i for i, name in enumerate(names) if name in WHOLE_DOC), len(names))
        return [*disable, *names[split:]], [*disable, *names[:split]]


def _pieces(doc: Doc, size: int) -> list[Doc]:
    """`doc` cut into Docs (`chunk_bounds`), each with `doc`'s context, for error handlers."""
    pieces = []
    for start, end in chunk_bounds(doc, size):
        piece = doc[start:end].as_doc()
        piece._context = doc._context
        pieces.append(piece)
    return pieces


def _join(doc: Doc, parts: list[Doc]) -> Doc:
    """The read pieces of `doc` as one Doc with `doc`'s text and context."""
    joined = Doc.from_docs(parts, ensure_whitespace=False)
    joined._context = doc._context
    return joined


class LongTextsEnglish(LongTexts, English):
    """`English` that reads long texts in pieces; a name of its own, so it pickles."""


_CLASSES: dict[type[Language], type[Language]] = {English: LongTextsEnglish}


def long_texts_class(cls: type[Language]) -> type[Language]:
    """`cls` with `LongTexts` mixed in (`cls` itself if it has it)."""
    if issubclass(cls, LongTexts):
        return cls
    if cls not in _CLASSES:
        _CLASSES[cls] = type(f"LongTexts{cls.__name__}", (LongTexts, cls), {})
    return _CLASSES[cls]


def read_long_texts(nlp: Language) -> Language:
    """Give `nlp` the `LongTexts` class, recorded in its config for `spacy.load`."""
    nlp.__class__ = long_texts_class(type(nlp))
    config = nlp.config
    if config["nlp"].get("after_creation") != {"@callbacks": CALLBACK}:
        config["nlp"]["after_creation"] = {"@callbacks": CALLBACK}
        nlp.config = config
    return nlp


@registry.callbacks(CALLBACK)
def make_long_texts() -> Callable[[Language], Language]:
    """The `[nlp.after_creation]` callback of our pipelines (see the module docstring)."""

    def after_creation(nlp: Language) -> Language:
        nlp.__class__ = long_texts_class(type(nlp))
        return nlp

    return after_creation
