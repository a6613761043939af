"""The rule components carry their word lists: a saved pipeline keeps the lexicon it
was built with, whatever happens to the package's files afterwards."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any

import pytest
import spacy

import transfer_nlp
from transfer_nlp import lexicon
from transfer_nlp.cli import app

TEXT = (
    "Leeds have signed the winger Mateo Ferreira from Porto for £12m.\n"
    "Gianni Russo could leave Torino in the summer."
)


def _events(nlp: spacy.language.Language) -> list[dict[str, Any]]:
    return [e.to_dict() for e in transfer_nlp.extract(TEXT, nlp=nlp).events]


@pytest.fixture
def edited_package(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The package's lexicon files with the words that start a signing or a departure,
    and every role noun, taken out."""
    real = lexicon.load

    def load(name: str) -> dict[str, Any]:
        data = copy.deepcopy(real(name))
        if name == "events.json":
            data["triggers"]["signing"] = []
            data["triggers"]["departure"] = []
        else:
            data["role_nouns"] = []
        return data

    monkeypatch.setattr(lexicon, "load", load)
    lexicon.package.cache_clear()
    yield
    lexicon.package.cache_clear()


def test_lexicon_keys_are_documented_and_unique():
    for name in lexicon.FILES:
        data = lexicon.load(name)
        documented = set(data["_keys"])
        assert documented == set(data) - {"_keys"}, name
    lexicon.Lexicon({n: lexicon.load(n) for n in lexicon.FILES})  # raises on a repeated key


def test_lexicon_repeated_key_is_an_error():
    with pytest.raises(ValueError, match="coach_nouns"):
        lexicon.Lexicon({"a.json": {"coach_nouns": ["boss"]}, "b.json": {"coach_nouns": []}})


def test_lexicon_built_pipeline_keeps_its_rules(nlp, tmp_path, request):
    from typer.testing import CliRunner

    out = tmp_path / "model"
    result = CliRunner().invoke(app, ["build", str(out)])
    assert result.exit_code == 0, result.output
    for component in ("transfer_event_extractor", "transfer_event_scorer"):
        saved = json.loads((out / component / "lexicons.json").read_text())
        assert "sign" in saved["events.json"]["triggers"]["signing"]
    before = _events(spacy.load(out))
    assert {(e["type"], e["person"]) for e in before} >= {
        ("signing", "Mateo Ferreira"),
        ("departure", "Gianni Russo"),
    }
    request.getfixturevalue("edited_package")
    # The edit is real: a pipeline assembled from the package now reads the text otherwise ...
    assert _events(transfer_nlp.load()) != before
    # ... while the saved one reads and runs as it did when it was built, its scorer's
    # features included.
    built = spacy.load(out)
    assert "sign" in built.get_pipe("transfer_event_scorer").lexicon.triggers
    assert "sign" not in lexicon.package().triggers
    assert _events(built) == before


@pytest.mark.parametrize(
    ("phrases", "text", "found"),
    [
        # The longest phrase wins where several start at one place, whatever the case.
        (
            ["close to", "close", "closing in"],
            "Close to a deal, closing in, closer",
            ["Close to", "closing in"],
        ),
        # Whole words only: "signed" inside "re-signed" is a match of its own after the hyphen.
        (["re-signed", "signed"], "he re-signed; unsigned", ["re-signed"]),
        # A phrase that is a prefix of another still matches alone.
        (["loan", "loan deal"], "a loan, then a loan deal", ["loan", "loan deal"]),
        # No phrases: the pattern matches nothing (not the empty string everywhere).
        ([], "anything at all", []),
    ],
)
def test_lexicon_phrase_pattern(phrases, text, found):
    assert lexicon._alternation(phrases).findall(text) == found


def test_lexicon_saved_before_a_list_was_added_reads_the_packages_list(tmp_path):
    saved = lexicon.package().to_dict()
    del saved["events.json"]["squad_headers"]
    saved["events.json"]["coach_only_triggers"] = ["sack"]  # its own words stay its own
    (tmp_path / lexicon.LEXICON_FILE).write_text(json.dumps(saved), encoding="utf-8")
    read = lexicon.read_lexicon(tmp_path)
    assert read.sets["squad_headers"] == lexicon.package().sets["squad_headers"]
    assert read.sets["coach_only_triggers"] == frozenset({"sack"})
