"""Library functions that chain the stages; the CLI calls only these."""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from spacy.language import Language

from .errors import TransferNLPWarning, Warnings
from .language import looks_english
from .pipeline import add_to, load
from .records import doc_to_article
from .schema import Article

__all__ = ["add_to", "doc_to_article", "extract", "extract_many", "load"]


@lru_cache(maxsize=1)
def _default_nlp() -> Language:
    return load()


def _within_limit(text: str, doc_id: str | None, nlp: Language) -> str:
    """`text`, cut to `nlp.max_length` with warning W007 (spaCy would raise E088); warning
    W008 if it does not look English."""
    name = doc_id or "<text>"
    if len(text) > nlp.max_length:
        message = Warnings.W007(doc_id=name, n_chars=len(text), limit=nlp.max_length)
        warnings.warn(message, TransferNLPWarning, stacklevel=3)
        text = text[: nlp.max_length]
    if not looks_english(text):
        warnings.warn(Warnings.W008(path=name), TransferNLPWarning, stacklevel=3)
    return text


def extract(text: str, doc_id: str | None = None, nlp: Language | None = None) -> Article:
    """Entities and events of one article (the default pipeline is loaded once).

    A text longer than `nlp.max_length` is cut to it, with a `TransferNLPWarning` (W007);
    a text that does not look English is read all the same, with one (W008).
    """
    nlp = nlp or _default_nlp()
    return doc_to_article(nlp(_within_limit(text, doc_id, nlp)), doc_id)


def extract_many(
    items: Iterable[tuple[str, str | None]],
    nlp: Language | None = None,
    *,
    batch_size: int = 32,
    n_process: int = 1,
) -> Iterator[Article]:
    """Stream `(text, doc_id)` pairs through the pipeline, in input order (long texts are
    cut as in `extract`)."""
    nlp = nlp or _default_nlp()
    items = ((_within_limit(text, doc_id, nlp), doc_id) for text, doc_id in items)
    for doc, doc_id in nlp.pipe(items, as_tuples=True, batch_size=batch_size, n_process=n_process):
        yield doc_to_article(doc, doc_id)


def build(output: str | Path, *, base: str | Path | None = None) -> Path:
    """Assemble the pipeline and save it, so `spacy.load(output)` works anywhere."""
    nlp = load(base=base)
    out = Path(output)
    nlp.to_disk(out)
    return out
