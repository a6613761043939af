from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

import transfer_nlp

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The default pipeline, built once per test session."""
    return transfer_nlp.load()


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS
