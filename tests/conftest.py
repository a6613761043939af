from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

import transfer_nlp
from transfer_nlp.records import doc_to_article
from transfer_nlp.report import ReportItem

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The default pipeline, built once per test session."""
    return transfer_nlp.load()


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def corpus_items(nlp: Language) -> list[ReportItem]:
    """The sample articles with what the pipeline found in them, for the HTML view's tests."""
    paths = sorted(CORPUS.glob("*.txt"))
    docs = nlp.pipe(p.read_text(encoding="utf-8") for p in paths)
    return [ReportItem(doc_to_article(d, p.name), d.text) for d, p in zip(docs, paths, strict=True)]
