"""`transfer-nlp` over a tiny fake pipeline, for subprocess tests that need no model.

The fake reads its "events" straight from the text (`SIGN <name>` lines). Each doc takes
`FAKE_CLI_DELAY` seconds (default 0), so that tests can signal a run while it is busy.
Run as `python tests/fake_cli.py extract ...`.
"""

from __future__ import annotations

import os
import time

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from transfer_nlp import api, cli
from transfer_nlp.schema import Article, Event


def fake_doc_to_article(doc: Doc, doc_id: str | None) -> Article:
    people = [ln[5:].strip() for ln in doc.text.splitlines() if ln.startswith("SIGN ")]
    events = tuple(Event(type="signing", status="confirmed", person=p) for p in people)
    return Article(doc_id=doc_id, events=events)


@Language.component("fake_cli_delay")
def _delay(doc: Doc) -> Doc:
    time.sleep(float(os.environ.get("FAKE_CLI_DELAY", "0")))
    return doc


def fake_nlp() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("fake_cli_delay")
    return nlp


def main() -> None:
    nlp = fake_nlp()
    api.load = lambda model=None, base=None: nlp  # type: ignore[assignment]
    api.doc_to_article = fake_doc_to_article  # type: ignore[assignment]
    cli.app(prog_name="transfer-nlp")


if __name__ == "__main__":
    main()
