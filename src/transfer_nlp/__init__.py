"""transfer_nlp: football transfer events from news text, as a spaCy pipeline."""

from .about import __version__
from .api import add_to, build, doc_to_article, extract, extract_many, load
from .errors import (
    DataFileError,
    InputError,
    ModelNotFoundError,
    PipelineError,
    TransferNLPError,
    TransferNLPWarning,
)
from .extensions import install_extensions
from .report import render
from .schema import Article, Entity, Event, Evidence, Fee
from .story import stories, update_stories

install_extensions()

__all__ = [
    "Article",
    "DataFileError",
    "Entity",
    "Event",
    "Evidence",
    "Fee",
    "InputError",
    "ModelNotFoundError",
    "PipelineError",
    "TransferNLPError",
    "TransferNLPWarning",
    "__version__",
    "add_to",
    "build",
    "doc_to_article",
    "extract",
    "extract_many",
    "install_extensions",
    "load",
    "render",
    "stories",
    "update_stories",
]
