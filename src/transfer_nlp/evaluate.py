"""Score the pipeline against hand-labelled gold articles (format: the shared spec EVENTS.md).

Metrics, micro-averaged over the articles:

- entities: P/R/F1 per label over the distinct surface forms of each article (case, accents,
  punctuation, a possessive 's and a leading "the" folded); MONEY by (amount, currency);
- events: P/R/F1, where a predicted event matches a gold one of the same type about the same
  person (same surname and compatible first name or initial, or a mononym found in the other
  name); matching is one-to-one and prefers the candidate with most slots right;
- slot accuracy: on matched events, each of from_club, to_club, fee, status the gold gives
  (a gold slot given as null must be empty; a list gives the acceptable values);
- records: P/R/F1 where a match counts only with every gold slot right.

Two club names match when the gazetteer resolves them to a common club, so `Spurs` and
`Tottenham Hotspur` are the same club.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from spacy.language import Language

from . import api
from .errors import DataFileError, Errors, InputError
from .schema import CLUB, LABELS, MONEY, PERSON

SLOTS = ("from_club", "to_club", "fee", "status")
# Labels counted in the overall entity F1 (national teams are too few in the gold to weigh in).
HEADLINE_LABELS = (PERSON, CLUB, MONEY)
# Relative tolerance on fee amounts: "€60m" vs "€60.2m" reported elsewhere in the text.
FEE_TOLERANCE = 0.02
# Words that do not tell clubs apart ("Arsenal FC" is "Arsenal").
_GENERIC = frozenset({"fc", "afc", "cf", "sc", "ac", "club", "football", "the", "de", "calcio"})
# Words that alone name no club in particular ("United" vs "Leeds United").
_WEAK = frozenset(
    {"united", "city", "real", "athletic", "sporting", "town", "rovers", "county", "albion"}
)


class ClubIndex(Protocol):
    """The part of `gazetteer.Gazetteer` the scorer needs."""

    def aliases(self) -> Iterable[tuple[str, str]]: ...

    def candidates(self, alias: str) -> list[str]: ...


# --- normalisation and matching ----------------------------------------------------------------


def fold(text: str) -> str:
    """Lower case without accents, possessive 's or punctuation; single spaces."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"['’]s\b", "", text)
    return " ".join(re.findall(r"[a-z0-9]+", text))


def club_key(name: str) -> str:
    """How club names are looked up: folded, without words like "FC" or "the"."""
    return " ".join(t for t in fold(name).split() if t not in _GENERIC)


def surface_key(text: str) -> str:
    """How entity surface forms are compared: folded, without a leading "the"."""
    return re.sub(r"^the ", "", fold(text))


def name_of(value: Any) -> str | None:
    """A slot value as a name: a string, or an object with canonical/name/text."""
    if isinstance(value, dict):
        value = value.get("canonical") or value.get("name") or value.get("text")
    return str(value) if value else None


def person_match(gold: str | None, pred: str | None) -> bool:
    """Same surname and compatible first name/initial, or a mononym found in the other."""
    g, p = fold(gold or "").split(), fold(pred or "").split()
    if not g or not p:
        return False
    if g == p:
        return True
    if g[-1] == p[-1]:
        return len(g) == 1 or len(p) == 1 or g[0][0] == p[0][0]
    return (len(g) == 1 and g[0] in p) or (len(p) == 1 and p[0] in g)


class ClubMatcher:
    """Club-name equivalence: the gazetteer first, then a careful comparison of the words."""

    def __init__(self, index: ClubIndex | None) -> None:
        # The gazetteer matches exact surface forms; gold and predictions differ in case,
        # accents and "FC", so index its forms by `club_key`.
        groups: dict[str, set[str]] = {}
        if index is not None:
            for surface, _label in index.aliases():
                key = club_key(surface)
                if key:
                    groups.setdefault(key, set()).update(index.candidates(surface))
        self._ids = {key: frozenset(ids) for key, ids in groups.items()}

    def ids(self, name: str) -> frozenset[str]:
        """The ids of the teams `name` may refer to (empty if unknown)."""
        return self._ids.get(club_key(name), frozenset())

    def same(self, gold: str | None, pred: str | None) -> bool:
        """Whether `pred` names the club `gold` names (two empty slots agree)."""
        if not gold or not pred:
            return not gold and not pred
        gold_ids, pred_ids = self.ids(gold), self.ids(pred)
        if gold_ids & pred_ids:
            return True
        if gold_ids and pred_ids:
            return False  # two known clubs, and not the same one
        g, p = club_key(gold).split(), club_key(pred).split()
        if g == p:
            return bool(g)
        short, long = (g, p) if len(g) <= len(p) else (p, g)
        return bool(short) and not set(short) <= _WEAK and set(short) <= set(long)


def fee_match(gold: Any, pred: Any) -> bool:
    """A gold fee (object, list of acceptable objects, or null) against a predicted one."""
    pred_amount = pred.get("amount") if isinstance(pred, dict) else None
    if gold is None:
        return not pred_amount
    if pred_amount is None:
        return False
    pred_currency = str(pred.get("currency") or "").upper()
    for option in gold if isinstance(gold, list) else [gold]:
        try:
            amount = float(option["amount"])
        except (TypeError, ValueError, KeyError):
            continue
        same_currency = str(option.get("currency") or "").upper() == pred_currency
        if same_currency and abs(amount - float(pred_amount)) <= FEE_TOLERANCE * max(amount, 1):
            return True
    return False


# --- counting ----------------------------------------------------------------------------------


@dataclass
class Counts:
    """True positives, false positives, false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int, fp: int, fn: int) -> None:
        self.tp, self.fp, self.fn = self.tp + tp, self.fp + fp, self.fn + fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float | int]:
        return {"p": self.precision, "r": self.recall, "f": self.f1, **self._raw()}

    def _raw(self) -> dict[str, int]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class EvalReport:
    """Scores of one evaluation, and (if asked) every miss and false alarm."""

    articles: int = 0
    entities: dict[str, Counts] = field(default_factory=lambda: {lab: Counts() for lab in LABELS})
    events: Counts = field(default_factory=Counts)
    records: Counts = field(default_factory=Counts)
    slot_right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SLOTS, 0))
    slot_total: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SLOTS, 0))
    errors: list[str] = field(default_factory=list)
    # (confidence, right) of every predicted event: right = type and person match gold.
    predictions: list[tuple[float, bool]] = field(default_factory=list)

    def reliability(self, bins: int = 10) -> list[tuple[float, float, int, float, float]]:
        """Rows (low, high, count, mean confidence, accuracy) of equal-width bins."""
        rows = []
        for b in range(bins):
            lo, hi = b / bins, (b + 1) / bins
            inside = [
                (c, ok) for c, ok in self.predictions if lo <= c < hi or (b == bins - 1 and c == hi)
            ]
            if inside:
                mean = sum(c for c, _ in inside) / len(inside)
                acc = sum(ok for _, ok in inside) / len(inside)
                rows.append((lo, hi, len(inside), mean, acc))
        return rows

    def ece(self, bins: int = 10) -> float:
        """Expected calibration error: the count-weighted gap between confidence and
        accuracy over the bins."""
        n = len(self.predictions)
        rows = self.reliability(bins)
        return sum(k * abs(mean - acc) for _, _, k, mean, acc in rows) / n if n else 0.0

    def precision_at(self, threshold: float) -> tuple[float, float]:
        """Event precision and recall counting only predictions at or above `threshold`."""
        kept = [ok for c, ok in self.predictions if c >= threshold]
        n_gold = self.events.tp + self.events.fn
        p = sum(kept) / len(kept) if kept else 0.0
        return p, (sum(kept) / n_gold if n_gold else 0.0)

    def format_calibration(self) -> str:
        lines = ["bin          count  mean conf  accuracy"]
        for lo, hi, k, mean, acc in self.reliability():
            lines.append(f"{lo:.1f}-{hi:.1f}   {k:7d}  {mean:9.3f}  {acc:8.3f}")
        lines.append(f"expected calibration error (10 bins): {self.ece():.3f}")
        for t in (0.5, 0.7, 0.9):
            p, r = self.precision_at(t)
            lines.append(f"min_confidence {t}: events P {p:.3f}  R {r:.3f}")
        return "\n".join(lines)

    @property
    def entity_f1(self) -> float:
        total = Counts()
        for lab in HEADLINE_LABELS:
            c = self.entities[lab]
            total.add(c.tp, c.fp, c.fn)
        return total.f1

    def slot_accuracy(self, slot: str) -> float:
        n = self.slot_total[slot]
        return self.slot_right[slot] / n if n else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "entities": {lab: c.to_dict() for lab, c in self.entities.items()},
            "entity_f1": self.entity_f1,
            "events": self.events.to_dict(),
            "slots": {s: {"acc": self.slot_accuracy(s), "n": self.slot_total[s]} for s in SLOTS},
            "records": self.records.to_dict(),
            "errors": list(self.errors),
            "calibration": {
                "ece": self.ece(),
                "bins": [
                    {"low": lo, "high": hi, "count": k, "confidence": m, "accuracy": a}
                    for lo, hi, k, m, a in self.reliability()
                ],
            },
        }

    def format(self) -> str:
        """A plain-text table, misses and false alarms first if they were collected."""
        lines = [*self.errors, ""] if self.errors else []
        lines.append(f"articles: {self.articles}")
        for lab, c in self.entities.items():
            lines.append(f"entity {lab:<14} {_prf(c)}")
        lines.append(f"events (type+person)  {_prf(self.events)}")
        for s in SLOTS:
            acc, n = self.slot_accuracy(s), self.slot_total[s]
            lines.append(f"slot {s:<10} accuracy {f'{acc:.3f}' if n else 'n/a'}  (n {n})")
        lines.append(f"records (all slots)   {_prf(self.records)}")
        lines.append(
            f"entity F1 {self.entity_f1:.3f}  event F1 {self.events.f1:.3f}  "
            f"record F1 {self.records.f1:.3f}"
        )
        return "\n".join(lines)


def _prf(c: Counts) -> str:
    if not (c.tp or c.fp or c.fn):
        # Nothing in the gold and nothing predicted: no score, rather than a misleading 0.000.
        return "P n/a    R n/a    F1 n/a    (tp 0, fp 0, fn 0)"
    return (
        f"P {c.precision:.3f}  R {c.recall:.3f}  F1 {c.f1:.3f}  (tp {c.tp}, fp {c.fp}, fn {c.fn})"
    )


# --- scoring -----------------------------------------------------------------------------------


def _slot_ok(
    slot: str, gold: Mapping[str, Any], pred: Mapping[str, Any], clubs: ClubMatcher
) -> bool:
    want = gold[slot]
    if slot == "fee":
        return fee_match(want, pred.get("fee"))
    if slot == "status":
        return pred.get("status") in (want if isinstance(want, list) else [want])
    got = name_of(pred.get(slot))
    return any(clubs.same(option, got) for option in (want if isinstance(want, list) else [want]))


def match_events(
    gold: Sequence[Mapping[str, Any]], pred: Sequence[Mapping[str, Any]], clubs: ClubMatcher
) -> list[tuple[int, int]]:
    """One-to-one (gold index, pred index) pairs of the same type and person.

    Greedy in gold order; among the candidates, the one with most gold slots right wins.
    """
    pairs: list[tuple[int, int]] = []
    used: set[int] = set()
    for gi, g in enumerate(gold):
        best, best_right = None, -1
        for pi, p in enumerate(pred):
            if pi in used or p.get("type") != g.get("type"):
                continue
            if not person_match(g.get("person"), name_of(p.get("person"))):
                continue
            right = sum(_slot_ok(s, g, p, clubs) for s in SLOTS if s in g)
            if right > best_right:
                best, best_right = pi, right
        if best is not None:
            used.add(best)
            pairs.append((gi, best))
    return pairs


def _money_keys(items: Iterable[Mapping[str, Any]]) -> set[tuple[float, str]]:
    keys = set()
    for m in items:
        if m.get("amount") is not None and m.get("currency"):
            keys.add((round(float(m["amount"]), 2), str(m["currency"]).upper()))
    return keys


def score_article(
    report: EvalReport,
    gold: Mapping[str, Any],
    pred: Mapping[str, Any],
    clubs: ClubMatcher,
    *,
    errors: bool = False,
) -> None:
    """Add one article's counts (and misses, if `errors`) to `report`."""
    doc_id = str(gold["id"])
    report.articles += 1
    _score_entities(report, doc_id, gold, pred, errors=errors)
    gevs: list[Mapping[str, Any]] = list(gold.get("events") or [])
    pevs: list[Mapping[str, Any]] = list(pred.get("events") or [])
    pairs = match_events(gevs, pevs, clubs)
    report.events.add(len(pairs), len(pevs) - len(pairs), len(gevs) - len(pairs))
    matched = {pi for _, pi in pairs}
    report.predictions += [
        (float(p.get("confidence") or 0.0), pi in matched) for pi, p in enumerate(pevs)
    ]
    complete = sum(
        _score_slots(report, doc_id, gevs[gi], pevs[pi], clubs, errors=errors) for gi, pi in pairs
    )
    report.records.add(complete, len(pevs) - complete, len(gevs) - complete)
    if errors:
        matched_gold = {gi for gi, _ in pairs}
        report.errors += [
            f"{doc_id}\tmissed event\t{g.get('type')} {g.get('person')}"
            for gi, g in enumerate(gevs)
            if gi not in matched_gold
        ]
        report.errors += [
            f"{doc_id}\tspurious event\t{p.get('type')} {name_of(p.get('person'))}"
            for pi, p in enumerate(pevs)
            if pi not in matched
        ]


def _score_entities(
    report: EvalReport,
    doc_id: str,
    gold: Mapping[str, Any],
    pred: Mapping[str, Any],
    *,
    errors: bool,
) -> None:
    gold_ents: Mapping[str, Any] = gold.get("entities") or {}
    pred_ents: list[Mapping[str, Any]] = list(pred.get("entities") or [])
    for lab in LABELS:
        gset: set[Any]
        pset: set[Any]
        if lab == MONEY:
            gset = _money_keys(gold_ents.get(MONEY) or [])
            pset = _money_keys(e for e in pred_ents if e.get("label") == MONEY)
        else:
            gset = {surface_key(x) for x in gold_ents.get(lab) or []}
            pset = {surface_key(e.get("text") or "") for e in pred_ents if e.get("label") == lab}
        report.entities[lab].add(len(gset & pset), len(pset - gset), len(gset - pset))
        if errors:
            report.errors += [f"{doc_id}\tmissed {lab}\t{x}" for x in sorted(gset - pset)]
            report.errors += [f"{doc_id}\tspurious {lab}\t{x}" for x in sorted(pset - gset)]


def _score_slots(
    report: EvalReport,
    doc_id: str,
    g: Mapping[str, Any],
    p: Mapping[str, Any],
    clubs: ClubMatcher,
    *,
    errors: bool,
) -> bool:
    """Count the slots of a matched pair; whether all the slots the gold event gives are right."""
    all_right = True
    for s in SLOTS:
        if s not in g:
            continue
        ok = _slot_ok(s, g, p, clubs)
        report.slot_total[s] += 1
        report.slot_right[s] += ok
        all_right &= ok
        if errors and not ok:
            report.errors.append(
                f"{doc_id}\twrong {s}\t{g['type']} {g.get('person')}: "
                f"gold {g[s]!r} got {p.get(s)!r}"
            )
    return all_right


def load_gold(folder: str | Path) -> list[dict[str, Any]]:
    """The gold articles of `folder` (`*.json`), sorted by file name.

    Raises:
        InputError: the folder has no `*.json` file.
        DataFileError: a file is not a gold article.
    """
    folder = Path(folder)
    files = sorted(folder.glob("*.json")) if folder.is_dir() else []
    if not files:
        raise InputError(Errors.E009(path=folder))
    docs = []
    for path in files:
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
            raise DataFileError(Errors.E004(path=path, reason=str(err))) from err
        missing = [
            k
            for k in ("id", "text", "entities", "events")
            if not isinstance(doc, dict) or k not in doc
        ]
        if missing:
            problem = f"not a gold article (no {', '.join(missing)})"
            raise DataFileError(Errors.E014(path=path, where="top level", problem=problem))
        docs.append(doc)
    return docs


def score(
    gold: Iterable[Mapping[str, Any]],
    predictions: Mapping[str, Mapping[str, Any]],
    *,
    clubs: ClubIndex | None = None,
    errors: bool = False,
) -> EvalReport:
    """Score `predictions` (document records by gold id) against gold articles.

    Args:
        gold: gold articles as in EVENTS.md.
        predictions: `Article.to_dict()`-like records keyed by gold `id`; a missing one
            counts as an article where nothing was found.
        clubs: resolves club names to ids (default: the packaged gazetteer).
        errors: collect every miss, false alarm and wrong slot in `report.errors`.
    """
    matcher = ClubMatcher(clubs if clubs is not None else _gazetteer())
    report = EvalReport()
    for g in sorted(gold, key=lambda d: str(d["id"])):
        pred = predictions.get(str(g["id"]), {})
        score_article(report, g, pred, matcher, errors=errors)
    return report


def evaluate(
    gold_dir: str | Path,
    *,
    nlp_or_model: Language | str | Path | None = None,
    errors: bool = False,
    clubs: ClubIndex | None = None,
    batch_size: int = 16,
) -> EvalReport:
    """Run the pipeline over the gold texts of `gold_dir` and score what it finds."""
    gold = load_gold(gold_dir)
    nlp = nlp_or_model if isinstance(nlp_or_model, Language) else api.load(nlp_or_model)
    items = ((str(g["text"]), str(g["id"])) for g in gold)
    predictions = {
        str(article.doc_id): article.to_dict()
        for article in api.extract_many(items, nlp, batch_size=batch_size)
    }
    return score(gold, predictions, clubs=clubs, errors=errors)


def _gazetteer() -> ClubIndex:
    from .gazetteer import Gazetteer  # only the scorer needs it outside the pipeline

    return Gazetteer.load()
