"""The trained event scorer: candidates, the linear model, training, calibration, saving."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import transfer_nlp
from transfer_nlp.cli import app
from transfer_nlp.errors import DataFileError
from transfer_nlp.evaluate import EvalReport
from transfer_nlp.scorer import EventScorer
from transfer_nlp.scorer.candidates import Candidate, candidates, typed
from transfer_nlp.scorer.fees import FeeOption
from transfer_nlp.scorer.linear import LinearModel, calibrate_raw, fit
from transfer_nlp.scorer.slots import ClubOption
from transfer_nlp.train import train

GOLD = Path(__file__).parent / "data" / "gold"


def test_linear_fit_separates_and_is_deterministic():
    samples = [["a", "x"], ["a", "y"], ["b", "x"], ["b", "y"]] * 5
    labels = [1, 1, 0, 0] * 5
    first = fit(samples, labels, l2=0.1, epochs=200)
    assert first.prob(["a"]) > 0.8 > 0.2 > first.prob(["b"])
    assert first.to_dict() == fit(samples, labels, l2=0.1, epochs=200).to_dict()


def test_linear_fit_drops_rare_features():
    model = fit([["a", "once"], ["a"], ["b"], ["b"]], [1, 1, 0, 0], min_count=2)
    assert "once" not in model.weights
    assert set(model.weights) == {"a", "b"}


def test_calibrate_shrinks_overconfident_scores():
    model = LinearModel({"a": 5.0, "b": -5.0})
    # Held out: "a" is right 3 times in 4, "b" once in 4.
    samples = [["a"]] * 4 + [["b"]] * 4
    calibrate_raw(model, [model.raw(f) for f in samples], [1, 1, 1, 0, 1, 0, 0, 0])
    assert model.prob(["a"]) == pytest.approx(0.75, abs=0.02)
    assert model.prob(["b"]) == pytest.approx(0.25, abs=0.02)


def test_linear_model_round_trips():
    model = LinearModel({"a": 0.5, "b": -1.25}, bias=0.1, scale=0.9, shift=-0.2)
    again = LinearModel.from_dict(json.loads(json.dumps(model.to_dict())))
    assert again.prob(["a", "b"]) == pytest.approx(model.prob(["a", "b"]))


def test_candidates_propose_people_the_rules_leave(nlp):
    with nlp.select_pipes(disable=["transfer_event_scorer"]):
        doc = nlp("Leeds released Sam Hale, Owen Pike and Ravi Dutt at the end of the season.")
    found = {(c.type, c.person) for c in candidates(doc)}
    for name in ("Sam Hale", "Owen Pike", "Ravi Dutt"):
        assert ("departure", name) in found
    rules = [c for c in candidates(doc) if c.from_rules]
    assert len(rules) == len(doc._.transfer_events)


def test_candidate_features_are_anchored_on_the_trigger(nlp):
    with nlp.select_pipes(disable=["transfer_event_scorer"]):
        doc = nlp("Arsenal have signed Declan Rice from West Ham.")
    cand = next(c for c in candidates(doc) if c.person == "Declan Rice" and c.type == "signing")
    assert "signing|cuegov=same:dobj" in cand.features
    assert "signing|rule" in cand.features
    assert "*|rstatus=confirmed" in cand.features


def test_scorer_keeps_a_plain_signing_and_drops_a_match_report(nlp):
    doc = nlp("Arsenal have signed Declan Rice from West Ham for £105m on a five-year deal.")
    assert [(e["type"], e["person"]) for e in doc._.transfer_events] == [("signing", "Declan Rice")]
    doc = nlp("Bukayo Saka scored twice as Arsenal beat Chelsea 3-1 on Sunday.")
    assert doc._.transfer_events == []


def test_scorer_confidence_is_a_probability(nlp):
    doc = nlp("Chelsea are monitoring Ivan Toney. Arsenal have completed the signing of Ben White.")
    confs = [e["confidence"] for e in doc._.transfer_events]
    assert confs and all(0.0 <= c <= 1.0 for c in confs)


def test_scorer_threshold_filters(nlp):
    scorer = nlp.get_pipe("transfer_event_scorer")
    with nlp.select_pipes(disable=["transfer_event_scorer"]):
        doc = nlp(
            "Chelsea are monitoring Ivan Toney. Arsenal have completed the signing of Ben White."
        )
    low = EventScorer("s", threshold=0.0)
    low.models = scorer.models
    everything = low.score(doc)
    assert len(everything) == len(candidates(doc))
    high = EventScorer("s", threshold=1.01)
    assert high.score(doc) == []


def test_scorer_rejects_bad_weights(tmp_path):
    (tmp_path / "model.json").write_text('{"event": {"weights": 3}}', encoding="utf-8")
    with pytest.raises(DataFileError, match="not scorer weights"):
        EventScorer("s").from_disk(tmp_path)
    with pytest.raises(DataFileError, match=r"model\.json"):
        EventScorer("s").from_disk(tmp_path / "missing")


def test_reliability_table_and_ece():
    report = EvalReport()
    report.predictions = (
        [(0.95, True)] * 9 + [(0.95, False)] + [(0.55, True)] * 2 + [(0.55, False)] * 2
    )
    rows = report.reliability()
    assert [(k, round(mean, 2), round(acc, 2)) for _, _, k, mean, acc in rows] == [
        (4, 0.55, 0.5),
        (10, 0.95, 0.9),
    ]
    assert report.ece() == pytest.approx((4 * 0.05 + 10 * 0.05) / 14)
    assert report.precision_at(0.9)[0] == pytest.approx(0.9)
    assert "expected calibration error" in report.format_calibration()


@pytest.fixture(scope="module")
def trained(tmp_path_factory, nlp):
    out = tmp_path_factory.mktemp("trained") / "pipeline"
    lines: list[str] = []
    models, report = train([GOLD], out, dev=GOLD, nlp=nlp, epochs=40, log=lines.append)
    # Training must leave the shared pipeline's own weights alone.
    nlp.get_pipe("transfer_event_scorer").initialize()
    return out, models, report, lines


def test_train_reports_progress_and_dev_scores(trained):
    _, _, report, lines = trained
    assert report.n_train == 5
    assert report.n_positive > 0
    assert [step for step, *_ in report.dev_scores] == [40]
    assert any(line.startswith("epoch   40/40  dev events") for line in lines)


def test_train_is_deterministic(trained, nlp):
    _, models, _, _ = trained
    again, _ = train([GOLD], None, dev=GOLD, nlp=nlp, epochs=40)
    nlp.get_pipe("transfer_event_scorer").initialize()
    stages = {f"status:{s}" for s in ("rumour", "negotiating", "agreed", "confirmed", "off")}
    # no gold fee in these articles: no fee model, the rules' fees are kept
    assert set(again) == {"event", "from_club", "to_club"} | stages
    assert {k: m.to_dict() for k, m in again.items()} == {k: m.to_dict() for k, m in models.items()}


def test_train_fits_a_fee_model_where_the_gold_gives_fees(tmp_path, nlp):
    for path in GOLD.glob("*.json"):
        gold = json.loads(path.read_text(encoding="utf-8"))
        for event in gold["events"]:
            if event["person"] == "Tomas Varga":
                event["fee"] = {"amount": 12000000, "currency": "GBP"}
        (tmp_path / path.name).write_text(json.dumps(gold), encoding="utf-8")
    models, _ = train([tmp_path], None, nlp=nlp, epochs=40)
    nlp.get_pipe("transfer_event_scorer").initialize()
    # the one amount near a matched signing is its gold fee: the model learns amounts are fees
    assert models["fee"].prob(()) > 0.5


def test_linear_fit_without_samples_is_the_prior():
    assert fit([], []).to_dict() == LinearModel().to_dict()


def test_trained_pipeline_loads_in_a_fresh_process(trained):
    out, models, _, _ = trained
    saved = json.loads((out / "transfer_event_scorer" / "model.json").read_text("utf-8"))
    assert saved == json.loads(json.dumps({k: m.to_dict() for k, m in models.items()}))
    code = (
        "import json, spacy, sys\n"
        "nlp = spacy.load(sys.argv[1])\n"
        "doc = nlp('Brentford have completed the signing of midfielder Tomas Varga from "
        "Sparta Prague.')\n"
        "print(json.dumps([nlp.pipe_names, doc._.transfer_events]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(out)], capture_output=True, text=True, check=True
    )
    pipes, events = json.loads(done.stdout)
    assert pipes[-1] == "transfer_event_scorer"
    scorer = EventScorer("s", threshold=0.0).from_disk(out / "transfer_event_scorer")
    assert scorer.model.to_dict() == models["event"].to_dict()
    assert [e["person"] for e in events] == ["Tomas Varga"]
    assert all(0.0 <= e["confidence"] <= 1.0 for e in events)


def test_train_cli_refuses_to_overwrite(tmp_path):
    (tmp_path / "keep.txt").write_text("x", encoding="utf-8")
    result = CliRunner().invoke(app, ["train", str(GOLD), "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert "--force" in result.output
    assert (tmp_path / "keep.txt").exists()


def test_scorer_keeps_most_clear_events_of_the_rule_table(nlp):
    """The whole pipeline on the rule layer's table of clear sentences: the scorer may
    doubt a few one-sentence articles (it reads whole articles), but keeps nearly all."""
    from test_events import CASES

    dropped = []
    for text, kind, person, *_ in CASES:
        events = transfer_nlp.extract(text, nlp=nlp).events
        last = person.split()[-1]
        if not any(e.type == kind and e.person.split()[-1] == last for e in events):
            dropped.append((kind, person))
    assert len(dropped) <= 0.1 * len(CASES), dropped


def test_scorer_drops_most_non_events_of_the_rule_table(nlp):
    from test_events import NEGATIVES

    kept = []
    for text, person in NEGATIVES:
        events = transfer_nlp.extract(text, nlp=nlp).events
        if any(e.person.split()[-1] == person.split()[-1] for e in events):
            kept.append((text, person))
    assert len(kept) <= 0.1 * len(NEGATIVES), kept


def _scorer_with(nlp, to_bias: float, from_bias: float) -> EventScorer:
    """A scorer keeping every candidate, with club models that like every option
    (bias > 0) or none (bias < 0)."""
    scorer = EventScorer("s", threshold=0.0)
    scorer.models = {
        "event": nlp.get_pipe("transfer_event_scorer").model,
        "to_club": LinearModel({}, bias=to_bias),
        "from_club": LinearModel({}, bias=from_bias),
    }
    return scorer


def test_club_models_fill_and_empty_the_slots(nlp):
    text = "Chelsea are interested in Lens defender Kevin Danso. Danso joined Lens in 2020."
    with nlp.select_pipes(disable=["transfer_event_scorer"]):
        doc = nlp(text)
    options = {c.person: {o.name for o in c.clubs} for c in candidates(doc) if c.type == "signing"}
    assert {"Chelsea", "Lens"} <= options["Kevin Danso"]
    none = _scorer_with(nlp, to_bias=-10.0, from_bias=-10.0).score(doc)
    assert all(r["to_club"] is None for r in none)
    # from_club: the rules' choice is kept when they made one.
    rules = {(r["type"], r["person"]): r for r in doc._.transfer_events}
    for r in none:
        rule = rules.get((r["type"], r["person"]))
        if rule is not None and rule["from_club"]:
            assert r["from_club"] == rule["from_club"]
    every = _scorer_with(nlp, to_bias=10.0, from_bias=10.0).score(doc)
    for r in every:
        if r["type"] in ("departure", "retirement"):
            assert r["to_club"] is None  # an exit has no destination
        else:
            assert r["to_club"] in {"Chelsea", "Lens"}
        assert r["from_club"] != r["to_club"] or r["from_club"] is None


def _two_club_candidate(ruled_from: str | None) -> Candidate:
    record = {"type": "signing", "person": "P", "status": "rumour", "from_club": ruled_from}
    options = (ClubOption("Ajax", ("ajax",)), ClubOption("Lyon", ("lyon",)))
    return Candidate("signing", "P", record, False, (), options)


@pytest.mark.parametrize(
    "from_w, to_w, ruled, expected",
    [
        # both models choose Ajax; the origin model is surer: the destination takes Lyon
        ({"ajax": 3.0, "lyon": -1.0}, {"ajax": 1.0, "lyon": 0.5}, None, ("Ajax", "Lyon")),
        # the destination model is surer: the origin takes its next option
        ({"ajax": 1.0, "lyon": 0.5}, {"ajax": 3.0, "lyon": -1.0}, None, ("Lyon", "Ajax")),
        # ... or none, when no other option is likely enough
        ({"ajax": 1.0, "lyon": -9.0}, {"ajax": 3.0, "lyon": -1.0}, None, (None, "Ajax")),
        # the rules' origin keeps its slot even where the destination model prefers it
        ({"ajax": -9.0, "lyon": -9.0}, {"ajax": 3.0, "lyon": 0.5}, "Ajax", ("Ajax", "Lyon")),
        # different choices stand as they are
        ({"ajax": 2.0, "lyon": -1.0}, {"ajax": -1.0, "lyon": 2.0}, None, ("Ajax", "Lyon")),
    ],
)
def test_one_club_fills_one_slot_at_most(nlp, from_w, to_w, ruled, expected):
    scorer = _scorer_with(nlp, to_bias=0.0, from_bias=0.0)
    scorer.models["from_club"] = LinearModel(from_w)
    scorer.models["to_club"] = LinearModel(to_w)
    record = scorer._record(_two_club_candidate(ruled), 0.9)
    assert (record["from_club"], record["to_club"]) == expected
    assert (record["type"], record["person"], record["confidence"]) == ("signing", "P", 0.9)


def _fee_candidate(fee: dict | None, fee_text: str | None = None) -> Candidate:
    record = {"type": "signing", "person": "P", "status": "confirmed", "from_club": None}
    record |= {"fee": fee, "fee_text": fee_text}
    options = (
        FeeOption({"amount": 2e6, "currency": "GBP"}, ("weak",)),
        FeeOption({"amount": 9e6, "currency": "GBP"}, ("strong",)),
    )
    return Candidate("signing", "P", record, False, (), (), (), options)


RULES_FEE = {"amount": 5e6, "currency": "EUR"}


@pytest.mark.parametrize(
    "fee, fee_text, weights, expected",
    [
        # the rules found none: the likeliest amount, when likely enough
        (None, None, {"weak": 0.0, "strong": 2.0}, {"amount": 9e6, "currency": "GBP"}),
        (None, None, {"weak": -3.0, "strong": -1.0}, None),
        # the rules' fee stands
        (RULES_FEE, None, {"weak": 0.0, "strong": 2.0}, RULES_FEE),
        # a free or undisclosed move has no amount
        (None, "free", {"weak": 0.0, "strong": 2.0}, None),
        (None, "undisclosed", {"weak": 0.0, "strong": 2.0}, None),
    ],
)
def test_fee_model_fills_the_fee_the_rules_left(nlp, fee, fee_text, weights, expected):
    scorer = _scorer_with(nlp, to_bias=-10.0, from_bias=-10.0)
    scorer.models["fee"] = LinearModel(weights)
    record = scorer._record(_fee_candidate(fee, fee_text), 0.8)
    assert record["fee"] == expected
    assert (record["fee_text"], record["from_club"], record["to_club"]) == (fee_text, None, None)


def test_weights_without_a_fee_model_keep_the_rules_fee(nlp):
    scorer = _scorer_with(nlp, to_bias=-10.0, from_bias=-10.0)
    assert "fee" not in scorer.models
    assert scorer._record(_fee_candidate(None), 0.8)["fee"] is None


def test_fee_options_read_the_amounts_around_the_person(nlp):
    text = (
        "Porto turned down a €30m offer for Lens winger Kevin Danso on Friday. "
        "Lens could return with £4m more.\n\nDanso trained alone."
    )
    with nlp.select_pipes(disable=["transfer_event_scorer"]):
        doc = nlp(text)
    danso = next(c for c in candidates(doc) if c.person == "Kevin Danso" and c.type == "signing")
    found = {(o.fee["amount"], o.fee["currency"]): set(o.features) for o in danso.fees}
    assert set(found) == {(30e6, "EUR"), (4e6, "GBP")}
    first, second = found[(30e6, "EUR")], found[(4e6, "GBP")]
    assert {"*|R=offer", "*|R=for", "*|side=before", "signing|R=offer"} <= first
    assert "*|where=next" in second and "*|other_sentence" in second
    # no fee for types that carry none
    assert all(c.fees == () for c in candidates(doc) if c.type in ("departure", "retirement"))


def test_out_of_fold_scores_come_from_models_that_never_saw_the_article():
    from transfer_nlp.scorer.candidates import Candidate
    from transfer_nlp.train import Example, out_of_fold

    def article(k: int) -> Example:
        # A feature only this article has, twice, on its events: learnable only in-sample.
        cands = tuple(
            Candidate("signing", f"P{k}{j}", {}, True, (f"only{k}", "shared")) for j in range(2)
        )
        return Example((), cands, (1, 1))

    data = [article(k) for k in range(4)] + [
        Example((), (Candidate("signing", "N", {}, True, ("shared",)),) * 2, (0, 0))
        for _ in range(4)
    ]
    raw, truth = out_of_fold(data, folds=4, l2=0.1, epochs=100)
    assert truth == [
        y for ex in data[0::4] + data[1::4] + data[2::4] + data[3::4] for y in ex.labels
    ]
    in_sample = fit([c.features for ex in data for c in ex.candidates],
                    [y for ex in data for y in ex.labels], l2=0.1, epochs=100)  # fmt: skip
    # Out of fold, an article's own feature has no weight: its events score no higher
    # than the articles without events, while in-sample they stand out.
    assert in_sample.raw(("only0", "shared")) > in_sample.raw(("shared",)) + 1
    assert max(raw) - min(raw) < 1e-9


def test_stage_features_read_the_evidence_the_person_and_the_article(nlp):
    text = (
        "Lens complete Danso signing\n\n"
        "Lens have completed the signing of Kevin Danso from Southampton. "
        "Danso could make his debut on Saturday."
    )
    with nlp.select_pipes(disable=["transfer_event_scorer"]):
        doc = nlp(text)
    cand = next(c for c in candidates(doc) if c.type == "signing" and c.person == "Kevin Danso")
    feats = set(cand.stage_features)
    assert f"signing|rs={cand.record['status']}" in feats
    assert "*|ecue=confirmed" in feats  # "completed" in the evidence
    assert "*|maux=could" in feats  # the person's other sentence
    assert "*|dtop=confirmed" in feats  # the article's cues, mostly of a done deal
    assert not any(f.startswith("*|eaux=could") for f in feats)


def test_stage_models_choose_the_status_and_old_weights_keep_the_rules(nlp):
    text = "Lens have completed the signing of Kevin Danso from Southampton."
    with nlp.select_pipes(disable=["transfer_event_scorer"]):
        doc = nlp(text)
    scorer = _scorer_with(nlp, to_bias=0.0, from_bias=0.0)
    rules = {(r["type"], r["person"]): r["status"] for r in doc._.transfer_events}
    assert rules
    for r in scorer.score(doc):
        assert r["status"] == rules.get((r["type"], r["person"]), r["status"])
    for stage in ("rumour", "negotiating", "agreed", "confirmed", "off"):
        scorer.models[f"status:{stage}"] = LinearModel({}, bias=1.0 if stage == "off" else -1.0)
    assert {r["status"] for r in scorer.score(doc)} == {"off"}


def test_best_stage_needs_every_stage_model():
    from transfer_nlp.scorer.status import best_stage

    models = {
        "status:rumour": LinearModel({"x": 2.0}, bias=0.0),
        "status:negotiating": LinearModel({}, bias=0.5),
        "status:agreed": LinearModel({}, bias=0.0),
        "status:confirmed": LinearModel({"y": 3.0}, bias=0.0),
        "status:off": LinearModel({}, bias=-1.0),
    }
    # x: rumour 0.88 against negotiating 0.62 and the rest 0.5 or less.
    assert best_stage(models, ("x",), "confirmed") == "rumour"
    assert best_stage(models, ("x",), "negotiating") == "rumour"
    assert best_stage(models, ("y",), "rumour") == "confirmed"
    # Nothing clearly likelier than the rules' stage: negotiating 0.62 against 0.5.
    assert best_stage(models, (), "agreed") == "agreed"
    assert best_stage(models, (), "off") == "negotiating"
    del models["status:off"]
    assert best_stage(models, ("x",), "confirmed") == "confirmed"


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("Lens paid £12m to sign Kevin Danso from Southampton.", 12_000_000),
        ("The £12m signing of Kevin Danso was completed by Lens.", 12_000_000),
        ("After signing for Lens, Kevin Danso will earn £50,000 a week.", None),
        ("Lens signed Kevin Danso on a free transfer.", None),
    ],
)
def test_a_proposal_reads_its_fee_as_the_rules_do(nlp, text, amount):
    from transfer_nlp.scorer.candidates import _proposal, view

    with nlp.select_pipes(disable=["transfer_event_scorer"]):
        doc = nlp(text)
    trig = next(t for t in doc if t.lemma_.lower() in ("sign", "signing"))
    record = _proposal(view(doc), "signing", "Kevin Danso", trig)
    got = record["fee"]["amount"] if record["fee"] else None
    assert got == amount
    assert record["fee_text"] == ("free" if "free" in text else None)
    assert (record["from_club"], record["to_club"]) == (None, None)  # left to the club models


def test_typed_prob_is_the_prob_of_the_typed_features():
    weights = {"signing|a": 0.5, "*|a": -0.25, "loan|a": 2.0, "*|b": 1.0, "signing|c": -1.5}
    model = LinearModel(weights, bias=0.1, scale=1.2, shift=-0.3)
    for kind, feats in [
        ("signing", {"a", "b", "c"}),
        ("loan", {"a", "c"}),  # "signing|c" is not a loan's weight
        ("departure", {"a", "b", "unseen"}),  # shared weights only
        ("signing", set()),
    ]:
        expected = model.prob(typed(kind, feats))
        assert model.typed_prob(kind, frozenset(feats)) == pytest.approx(expected, abs=1e-12)
    assert typed("loan", {"a"}) == ("*|a", "loan|a")
