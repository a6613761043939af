"""Library functions that chain the stages; the CLI calls only these."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from spacy.language import Language

from .pipeline import add_to, load
from .records import doc_to_article
from .schema import Article

__all__ = ["add_to", "doc_to_article", "extract", "extract_many", "load"]


@lru_cache(maxsize=1)
def _default_nlp() -> Language:
    return load()


def extract(text: str, doc_id: str | None = None, nlp: Language | None = None) -> Article:
    """Entities and events of one article (the default pipeline is loaded once)."""
    nlp = nlp or _default_nlp()
    return doc_to_article(nlp(text), doc_id)


def extract_many(
    items: Iterable[tuple[str, str | None]],
    nlp: Language | None = None,
    *,
    batch_size: int = 32,
    n_process: int = 1,
) -> Iterator[Article]:
    """Stream `(text, doc_id)` pairs through the pipeline, in input order."""
    nlp = nlp or _default_nlp()
    for doc, doc_id in nlp.pipe(items, as_tuples=True, batch_size=batch_size, n_process=n_process):
        yield doc_to_article(doc, doc_id)


def build(output: str | Path, *, base: str | Path | None = None) -> Path:
    """Assemble the pipeline and save it, so `spacy.load(output)` works anywhere."""
    nlp = load(base=base)
    out = Path(output)
    nlp.to_disk(out)
    return out
