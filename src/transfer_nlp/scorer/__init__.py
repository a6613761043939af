"""Stage 5: the trained event scorer.

`transfer_event_scorer` runs after `transfer_event_extractor`. It takes the rule
records and proposals of its own (`candidates`), gives each the calibrated probability
that it is a real event of its type about its person (`confidence`), and keeps those at
or above `threshold`. Two more models choose each kept record's clubs among the teams
the article names: `to_club` always, `from_club` where the rules found none, one club
in one slot at most; one model per stage chooses its `status` (`status.py`). Its weights
are package data, saved and loaded with the pipeline.

With `variant = "trf"` the event probability also reads contextual token vectors of a
small pretrained encoder (see `encoder.py`; needs `pip install transfer-nlp[trf]` and
weights trained with `transfer-nlp train --variant trf`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from importlib.resources import files
from pathlib import Path
from typing import Any

import srsly
from spacy.language import Language
from spacy.tokens import Doc

from ..errors import DataFileError, Errors, PipelineError
from ..extensions import DOC_EVENTS, install_extensions
from ..lexicon import LEXICON_FILE, Lexicon, package, read_lexicon, using
from .candidates import Candidate, candidates
from .encoder import DenseModel, require_trf, stacked_probs
from .linear import LinearModel
from .status import PREFIX, STAGES, best_stage

MODEL_FILE = "model.json"


def packaged_model() -> dict[str, Any]:
    """The shipped weights (`data/scorer/model.json`)."""
    path = files("transfer_nlp") / "data" / "scorer" / MODEL_FILE
    return json.loads(path.read_text(encoding="utf-8"))


@Language.factory(
    "transfer_event_scorer",
    requires=["doc._.transfer_events"],
    assigns=["doc._.transfer_events"],
    default_config={
        "threshold": 0.3,
        "club_threshold": 0.05,
        "fee_threshold": 0.5,
        "variant": "base",
    },
)
def make_event_scorer(
    nlp: Language,
    name: str,
    threshold: float,
    club_threshold: float,
    fee_threshold: float,
    variant: str,
) -> EventScorer:
    """Create the `transfer_event_scorer` component (with the packaged weights)."""
    return EventScorer(
        name,
        threshold=threshold,
        club_threshold=club_threshold,
        fee_threshold=fee_threshold,
        variant=variant,
    )


class EventScorer:
    """Scores candidate events and keeps the likely ones, with calibrated confidence."""

    def __init__(
        self,
        name: str,
        *,
        threshold: float = 0.3,
        club_threshold: float = 0.05,
        fee_threshold: float = 0.5,
        variant: str = "base",
    ) -> None:
        if variant not in VARIANTS:
            raise PipelineError(Errors.E028(variant=variant))
        if variant == "trf":
            require_trf()
        install_extensions()
        self.name = name
        self.threshold = threshold
        self.club_threshold = club_threshold
        self.fee_threshold = fee_threshold
        self.variant = variant
        # The words its features read (triggers, role nouns, stage cues), saved with
        # the weights: they were trained on these words.
        self.lexicon: Lexicon = package()
        data = packaged_model()
        self.models = _load_models(data, "the packaged scorer weights")
        self.dense = _load_dense(data, "the packaged scorer weights")

    @property
    def model(self) -> LinearModel:
        """The event model: is the candidate a real event of its type about its person."""
        return self.models[EVENT]

    def __call__(self, doc: Doc) -> Doc:
        doc._.set(DOC_EVENTS, self.score(doc))
        return doc

    def score(self, doc: Doc) -> list[dict[str, Any]]:
        """The kept candidates of `doc` as event dicts, in order of their evidence."""
        with using(self.lexicon):
            return self._score(doc)

    def _score(self, doc: Doc) -> list[dict[str, Any]]:
        model, threshold = self.model, self.threshold
        if self.variant == "trf":
            if self.dense is None:
                raise PipelineError(Errors.E029())
            scored = stacked_probs(doc, model, self.dense)
            kept = [self._record(cand, p) for cand, p in scored if p >= threshold]
        else:
            probs: list[float] = []  # of the kept candidates, in their order

            def keep(kind: str, features: frozenset[str]) -> bool:
                p = model.typed_prob(kind, features)
                if p >= threshold:
                    probs.append(p)
                return p >= threshold

            cands = candidates(doc, keep=keep)
            kept = [self._record(c, p) for c, p in zip(cands, probs, strict=True)]
        return sorted(kept, key=lambda r: r["evidence"][0]["start"] if r["evidence"] else 0)

    def initialize(
        self,
        get_examples: Callable[[], Iterable[Any]] | None = None,
        *,
        nlp: Language | None = None,
        model: dict[str, Any] | None = None,
    ) -> None:
        """Use the weights `model` (as `to_dict()` of each model, by name), else the
        packaged ones."""
        data = model if model is not None else packaged_model()
        self.models = _load_models(data, "the scorer weights given to initialize")
        self.dense = _load_dense(data, "the scorer weights given to initialize")

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        data = {name: m.to_dict() for name, m in self.models.items()}
        if self.dense is not None:
            data[EVENT_TRF] = self.dense.to_dict()
        text = json.dumps(data, sort_keys=True, indent=0)
        (path / MODEL_FILE).write_text(text, encoding="utf-8")
        srsly.write_json(path / LEXICON_FILE, self.lexicon.to_dict())

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> EventScorer:
        file = Path(path) / MODEL_FILE
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as err:
            raise DataFileError(Errors.E004(path=file, reason=str(err))) from err
        self.models = _load_models(data, str(file))
        self.dense = _load_dense(data, str(file))
        self.lexicon = read_lexicon(Path(path))
        return self

    def _record(self, cand: Candidate, p: float) -> dict[str, Any]:
        record = {**cand.record, "confidence": round(p, 3)}
        record["status"] = best_stage(self.models, cand.stage_features, record["status"])
        record[FROM_CLUB], record[TO_CLUB] = self._clubs(cand)
        record["fee"] = self._fee(cand, record)
        return record

    def _fee(self, cand: Candidate, record: dict[str, Any]) -> Any:
        """The rules' fee; where they found none (and did not read the move as free or
        undisclosed), the amount the fee model finds likely enough."""
        model = self.models.get(FEE)
        if record.get("fee") or record.get("fee_text") or model is None:
            return record.get("fee")
        best, best_p = None, self.fee_threshold
        for option in cand.fees:
            p = model.prob(option.features)
            if p >= best_p:
                best, best_p = dict(option.fee), p
        return best

    def _clubs(self, cand: Candidate) -> tuple[str | None, str | None]:
        """(from_club, to_club). A club fills one slot at most: the rules' origin keeps
        its slot; a club both models choose goes to the one surer of it, and the other
        slot takes its next option. An exit or a retirement has no destination
        (EVENTS.md): a move with one is a signing or a loan, candidates of their own."""
        to_p = {} if cand.type in NO_DESTINATION else self._probs(cand, TO_CLUB)
        least = self.club_threshold
        ruled = cand.record.get(FROM_CLUB)
        if ruled:
            return ruled, _best(to_p, least, but=ruled)
        from_p = self._probs(cand, FROM_CLUB)
        origin, to = _best(from_p, least), _best(to_p, least)
        if origin is not None and origin == to:
            if from_p[origin] > to_p[to]:
                to = _best(to_p, least, but=origin)
            else:
                origin = _best(from_p, least, but=to)
        return origin, to

    def _probs(self, cand: Candidate, slot: str) -> dict[str, float]:
        model = self.models[slot]
        return {option.name: model.prob(option.features) for option in cand.clubs}


def _best(probs: dict[str, float], least: float, but: str | None = None) -> str | None:
    """The likeliest club of `probs` other than `but`, if its probability reaches `least`."""
    best, best_p = None, least
    for name, p in probs.items():
        if name != but and p >= best_p:
            best, best_p = name, p
    return best


EVENT, FROM_CLUB, TO_CLUB, FEE = "event", "from_club", "to_club", "fee"
# The trf variant's stacked event model (absent from weights trained for the base variant).
EVENT_TRF = "event_trf"
VARIANTS = ("base", "trf")
NO_DESTINATION = ("departure", "retirement")


def _load_models(data: Any, where: str) -> dict[str, LinearModel]:
    # Weights trained before the stage models existed keep the rules' stages.
    # ... and before the fee model, the rules' fees.
    later = [PREFIX + s for s in STAGES] + [FEE]
    optional = [name for name in later if isinstance(data, dict) and name in data]
    try:
        names = (EVENT, FROM_CLUB, TO_CLUB, *optional)
        return {name: LinearModel.from_dict(data[name]) for name in names}
    except (KeyError, TypeError, ValueError, AttributeError) as err:
        raise DataFileError(Errors.E004(path=where, reason=f"not scorer weights ({err})")) from err


def _load_dense(data: Any, where: str) -> DenseModel | None:
    if not isinstance(data, dict) or EVENT_TRF not in data:
        return None
    try:
        return DenseModel.from_dict(data[EVENT_TRF])
    except (KeyError, TypeError, ValueError, AttributeError) as err:
        raise DataFileError(Errors.E004(path=where, reason=f"not trf weights ({err})")) from err
