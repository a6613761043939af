"""Train the event scorer on gold articles (the format of docs/gold-format.md).

The pipeline without its scorer reads each gold text; its candidates are labelled by
matching them to the gold events (type and person, as `evaluate` matches); a logistic
regression is fitted on them and calibrated on the development articles.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from . import api
from .errors import Errors, PipelineError
from .evaluate import ClubMatcher, _gazetteer, fee_match, load_gold, match_events
from .scorer import EVENT, EVENT_TRF, FEE, FROM_CLUB, TO_CLUB, VARIANTS, EventScorer
from .scorer.candidates import Candidate, candidates
from .scorer.encoder import DenseModel, require_trf
from .scorer.linear import LinearModel, calibrate_raw, fit
from .scorer.status import PREFIX as STAGE_PREFIX
from .scorer.status import STAGES

SCORER = "transfer_event_scorer"


@dataclass(frozen=True)
class Example:
    """One gold article's candidates and whether each is a gold event."""

    gold_events: tuple[Mapping[str, Any], ...]
    candidates: tuple[Candidate, ...]
    labels: tuple[int, ...]
    doc: Doc | None = None  # read by the trf variant's encoder


@dataclass
class TrainReport:
    n_train: int = 0
    n_candidates: int = 0
    n_positive: int = 0
    candidate_recall: float = 0.0
    dev_scores: list[tuple[int, float, float, float]] = field(default_factory=list)
    trf_model: DenseModel | None = None  # the trf variant's stacked event model


def examples(nlp: Language, gold: Sequence[Mapping[str, Any]], clubs: ClubMatcher) -> list[Example]:
    """Candidates of each gold article, labelled; the scorer itself is not run."""
    out = []
    texts = (str(g["text"]) for g in gold)
    disabled = [p for p in (SCORER,) if p in nlp.pipe_names]
    with nlp.select_pipes(disable=disabled):
        for g, doc in zip(gold, nlp.pipe(texts, batch_size=16), strict=True):
            cands = candidates(doc)
            gold_events = tuple(g.get("events") or ())
            pairs = match_events(gold_events, [c.record for c in cands], clubs)
            matched = {pi for _, pi in pairs}
            labels = tuple(int(i in matched) for i in range(len(cands)))
            out.append(Example(gold_events, tuple(cands), labels, doc))
    return out


def event_prf(
    model: LinearModel, data: Iterable[Example], threshold: float
) -> tuple[float, float, float]:
    """Event precision, recall and F1 (type + person) of the kept candidates."""
    tp = fp = fn = 0
    for ex in data:
        kept = [
            y
            for c, y in zip(ex.candidates, ex.labels, strict=True)
            if model.prob(c.features) >= threshold
        ]
        tp += sum(kept)
        fp += len(kept) - sum(kept)
        fn += len(ex.gold_events) - sum(kept)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _train_report(n_train: int, train_set: Sequence[Example]) -> TrainReport:
    n_candidates = sum(len(ex.candidates) for ex in train_set)
    n_positive = sum(sum(ex.labels) for ex in train_set)
    n_gold = sum(len(ex.gold_events) for ex in train_set)
    return TrainReport(n_train, n_candidates, n_positive, n_positive / max(n_gold, 1))


def _fit_event_model(
    train_set: Sequence[Example],
    dev_set: Sequence[Example],
    report: TrainReport,
    threshold: float,
    *,
    l2: float,
    epochs: int,
    folds: int,
    say: Callable[[str], None],
) -> tuple[LinearModel, list[float]]:
    """Fit the event model, scoring `dev_set` into `report` as it goes, and calibrate it on
    out-of-fold scores; (model, those raw scores)."""
    samples = [c.features for ex in train_set for c in ex.candidates]
    labels = [y for ex in train_set for y in ex.labels]

    def progress(step: int, model: LinearModel) -> None:
        if dev_set:
            p, r, f = event_prf(model, dev_set, 0.5)
            report.dev_scores.append((step, p, r, f))
            say(f"epoch {step:4d}/{epochs}  dev events P {p:.3f} R {r:.3f} F1 {f:.3f}")
        else:
            say(f"epoch {step:4d}/{epochs}")

    model = fit(samples, labels, l2=l2, epochs=epochs, report=progress)
    say(f"Calibrating on {folds}-fold held-out scores of the training articles")
    raw, truth = out_of_fold(train_set, folds=folds, l2=l2, epochs=epochs)
    calibrate_raw(model, raw, truth)
    if dev_set:
        p, r, f = event_prf(model, dev_set, threshold)
        say(f"calibrated; dev events at threshold {threshold}: P {p:.3f} R {r:.3f} F1 {f:.3f}")
    return model, raw


def _save(
    nlp: Language,
    scorer: EventScorer | None,
    variant: str,
    weights: dict[str, Any],
    output: str | Path,
) -> None:
    """Save `nlp` with a scorer of `variant` holding `weights`, adding or replacing the scorer
    if the pipeline has none or one of another variant."""
    if scorer is None or scorer.variant != variant:
        config = {"variant": variant}
        if scorer is None:
            scorer = nlp.add_pipe(SCORER, config=config)  # type: ignore[assignment]
        else:
            scorer = nlp.replace_pipe(SCORER, SCORER, config=config)  # type: ignore[assignment]
    assert scorer is not None
    scorer.initialize(model=weights)
    nlp.to_disk(output)


def train(
    gold_dirs: Sequence[str | Path],
    output: str | Path | None = None,
    *,
    dev: str | Path | None = None,
    nlp: Language | None = None,
    l2: float = 100.0,
    club_l2: float = 30.0,
    stage_l2: float = 10.0,
    epochs: int = 300,
    folds: int = 5,
    variant: str = "base",
    trf_l2: float = 300.0,
    log: Callable[[str], None] | None = None,
) -> tuple[dict[str, LinearModel], TrainReport]:
    """Fit the scorer's event and club models on the gold articles of `gold_dirs`;
    calibrate the event model on out-of-fold scores of the training articles (`folds`);
    report on `dev` as training goes; save the whole pipeline with the new weights to
    `output`. Returns the models by name.

    With `variant="trf"`, also fit the stacked model over contextual vectors (penalty
    `trf_l2`; it is in `report.trf_model`) and save a pipeline whose scorer uses it.

    Deterministic: the same gold files give the same weights.
    """
    if variant not in VARIANTS:
        raise PipelineError(Errors.E028(variant=variant))
    if variant == "trf":
        require_trf()  # before the long parse
    say = log or (lambda _msg: None)
    nlp = nlp or api.load()
    clubs = ClubMatcher(_gazetteer())
    gold = [g for folder in gold_dirs for g in load_gold(folder)]
    say(f"Reading {len(gold)} training articles")
    train_set = examples(nlp, gold, clubs)
    dev_set = examples(nlp, load_gold(dev), clubs) if dev is not None else []
    report = _train_report(len(gold), train_set)
    say(
        f"{report.n_candidates} candidates, {report.n_positive} of them gold events "
        f"(candidate recall {report.candidate_recall:.3f})"
    )
    scorer = _scorer(nlp)
    threshold = scorer.threshold if scorer is not None else 0.3
    model, raw = _fit_event_model(
        train_set, dev_set, report, threshold, l2=l2, epochs=epochs, folds=folds, say=say
    )
    say("Fitting the club models")
    models = {EVENT: model, **fit_clubs(train_set, clubs, l2=club_l2, epochs=epochs)}
    say("Fitting the stage models")
    models.update(fit_stages(train_set, clubs, l2=stage_l2, epochs=epochs))
    fee_model = fit_fees(train_set, clubs, l2=club_l2, epochs=epochs)
    if fee_model is None:
        say("No gold fee near a candidate: the rules' fees are kept")
    else:
        say("Fitted the fee model")
        models[FEE] = fee_model
    weights: dict[str, Any] = {name: m.to_dict() for name, m in models.items()}
    if variant == "trf":
        from .train_trf import fit_stacked

        report.trf_model = fit_stacked(
            train_set, model, raw, folds=folds, l2=trf_l2, dev=dev_set, threshold=threshold, log=say
        )
        weights[EVENT_TRF] = report.trf_model.to_dict()
    if output is not None:
        _save(nlp, scorer, variant, weights, output)
        say(f"Saved the pipeline to {output}")
    return models, report


def out_of_fold(
    data: Sequence[Example], *, folds: int, l2: float, epochs: int
) -> tuple[list[float], list[int]]:
    """Raw scores of every training candidate by a model fitted without its article's fold.

    Calibrating on these, rather than on a development set the rules were tuned on, makes
    `confidence` honest on articles neither the rules nor the model have seen.
    """
    raw: list[float] = []
    truth: list[int] = []
    for k in range(folds):
        rest = [ex for i, ex in enumerate(data) if i % folds != k]
        model = fit(
            [c.features for ex in rest for c in ex.candidates],
            [y for ex in rest for y in ex.labels],
            l2=l2,
            epochs=epochs,
        )
        for ex in data[k::folds]:
            raw += [model.raw(c.features) for c in ex.candidates]
            truth += list(ex.labels)
    return raw, truth


def fit_clubs(
    data: Iterable[Example], clubs: ClubMatcher, *, l2: float, epochs: int
) -> dict[str, LinearModel]:
    """One model per club slot, on the options of candidates matched to gold events
    that give the slot: an option is positive when it names the gold club."""
    samples: dict[str, list[tuple[str, ...]]] = {FROM_CLUB: [], TO_CLUB: []}
    labels: dict[str, list[int]] = {FROM_CLUB: [], TO_CLUB: []}
    for ex in data:
        pairs = match_events(ex.gold_events, [c.record for c in ex.candidates], clubs)
        for gi, pi in pairs:
            gold, cand = ex.gold_events[gi], ex.candidates[pi]
            for slot in (FROM_CLUB, TO_CLUB):
                if slot not in gold:
                    continue  # not labelled: neither right nor wrong
                wanted = gold[slot] if isinstance(gold[slot], list) else [gold[slot]]
                for option in cand.clubs:
                    samples[slot].append(option.features)
                    labels[slot].append(int(any(clubs.same(w, option.name) for w in wanted if w)))
    return {
        slot: fit(samples[slot], labels[slot], l2=l2, epochs=epochs)
        for slot in (FROM_CLUB, TO_CLUB)
    }


def fit_stages(
    data: Iterable[Example], clubs: ClubMatcher, *, l2: float, epochs: int
) -> dict[str, LinearModel]:
    """One model per stage, on the candidates matched to gold events that give a
    status: positive when the stage is one the gold accepts."""
    samples: list[tuple[str, ...]] = []
    accepted: list[set[str]] = []
    for ex in data:
        pairs = match_events(ex.gold_events, [c.record for c in ex.candidates], clubs)
        for gi, pi in pairs:
            status = ex.gold_events[gi].get("status")
            if status:
                samples.append(ex.candidates[pi].stage_features)
                accepted.append(set(status) if isinstance(status, list) else {status})
    labels = {stage: [int(stage in a) for a in accepted] for stage in STAGES}
    return {STAGE_PREFIX + s: fit(samples, labels[s], l2=l2, epochs=epochs) for s in STAGES}


def fit_fees(
    data: Iterable[Example], clubs: ClubMatcher, *, l2: float, epochs: int
) -> LinearModel | None:
    """The fee model, on the amounts near candidates matched to gold events that give a
    fee: an amount is positive when it is the gold fee (none is, for a gold null). None
    when no gold event gives a fee with an amount near it."""
    samples: list[tuple[str, ...]] = []
    labels: list[int] = []
    for ex in data:
        pairs = match_events(ex.gold_events, [c.record for c in ex.candidates], clubs)
        for gi, pi in pairs:
            gold = ex.gold_events[gi]
            if "fee" not in gold:
                continue  # not labelled
            for option in ex.candidates[pi].fees:
                samples.append(option.features)
                labels.append(int(gold["fee"] is not None and fee_match(gold["fee"], option.fee)))
    if not any(labels):
        return None
    return fit(samples, labels, l2=l2, epochs=epochs)


def _scorer(nlp: Language) -> EventScorer | None:
    if SCORER not in nlp.pipe_names:
        return None
    pipe = nlp.get_pipe(SCORER)
    return pipe if isinstance(pipe, EventScorer) else None
