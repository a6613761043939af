"""Stage 5: the trained event scorer.

`transfer_event_scorer` runs after `transfer_event_extractor`. It takes the rule
records and proposals of its own (`candidates`), gives each the calibrated probability
that it is a real event of its type about its person (`confidence`), and keeps those at
or above `threshold`. Its weights are package data, saved and loaded with the pipeline.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from importlib.resources import files
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from ..errors import DataFileError, Errors
from ..extensions import DOC_EVENTS, install_extensions
from .candidates import Candidate, candidates
from .linear import LinearModel

MODEL_FILE = "model.json"


def packaged_model() -> dict[str, Any]:
    """The shipped weights (`data/scorer/model.json`)."""
    path = files("transfer_nlp") / "data" / "scorer" / MODEL_FILE
    return json.loads(path.read_text(encoding="utf-8"))


@Language.factory(
    "transfer_event_scorer",
    requires=["doc._.transfer_events"],
    assigns=["doc._.transfer_events"],
    default_config={"threshold": 0.3},
)
def make_event_scorer(nlp: Language, name: str, threshold: float) -> EventScorer:
    """Create the `transfer_event_scorer` component (with the packaged weights)."""
    return EventScorer(name, threshold=threshold)


class EventScorer:
    """Scores candidate events and keeps the likely ones, with calibrated confidence."""

    def __init__(self, name: str, *, threshold: float = 0.3) -> None:
        install_extensions()
        self.name = name
        self.threshold = threshold
        self.model = _load_model(packaged_model(), "the packaged scorer weights")

    def __call__(self, doc: Doc) -> Doc:
        doc._.set(DOC_EVENTS, self.score(doc))
        return doc

    def score(self, doc: Doc) -> list[dict[str, Any]]:
        """The kept candidates of `doc` as event dicts, in order of their evidence."""
        kept = []
        for cand in candidates(doc):
            p = self.model.prob(cand.features)
            if p >= self.threshold:
                kept.append(_record(cand, p))
        return sorted(kept, key=lambda r: r["evidence"][0]["start"] if r["evidence"] else 0)

    def initialize(
        self,
        get_examples: Callable[[], Iterable[Any]] | None = None,
        *,
        nlp: Language | None = None,
        model: dict[str, Any] | None = None,
    ) -> None:
        """Use the weights `model` (as `LinearModel.to_dict()`), else the packaged ones."""
        data = model if model is not None else packaged_model()
        self.model = _load_model(data, "the scorer weights given to initialize")

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        text = json.dumps(self.model.to_dict(), sort_keys=True, indent=0)
        (path / MODEL_FILE).write_text(text, encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> EventScorer:
        file = Path(path) / MODEL_FILE
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as err:
            raise DataFileError(Errors.E004(path=file, reason=str(err))) from err
        self.model = _load_model(data, str(file))
        return self


def _load_model(data: Any, where: str) -> LinearModel:
    try:
        return LinearModel.from_dict(data)
    except (KeyError, TypeError, ValueError, AttributeError) as err:
        raise DataFileError(Errors.E004(path=where, reason=f"not scorer weights ({err})")) from err


def _record(cand: Candidate, p: float) -> dict[str, Any]:
    return {**cand.record, "confidence": round(p, 3)}
