"""Train the `trf` variant's stacked event model (see `scorer/encoder.py`).

It learns on the training candidates the base model lets through its gate, from their
out-of-fold base scores (the scores a base model that never saw the article gives, as it
will on new articles) and their contextual vectors; it is then calibrated on its own
out-of-fold scores.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from .errors import InputError
from .scorer.encoder import DenseModel, dense_inputs, encoder, fit_dense
from .scorer.linear import LinearModel, calibrate_raw
from .train import Example


def fit_stacked(
    data: Sequence[Example],
    base: LinearModel,
    oof_raw: Sequence[float],
    *,
    folds: int,
    l2: float,
    gate: float = 0.05,
    dev: Sequence[Example] = (),
    threshold: float = 0.3,
    log: Callable[[str], None] = lambda _msg: None,
) -> DenseModel:
    """`oof_raw` holds the base model's out-of-fold raw scores in the order `out_of_fold`
    gives them (fold by fold). Articles fall in the same folds here."""
    per_article: dict[int, list[float]] = {}
    scores = iter(oof_raw)
    for k in range(folds):
        for i in range(k, len(data), folds):
            per_article[i] = [next(scores) for _ in data[i].candidates]
    logits = {i: [base.scale * r + base.shift for r in raw] for i, raw in per_article.items()}
    log(f"Encoding the training sentences with the trf encoder (gate {gate})")
    x, y, article = _inputs(data, logits, gate)
    fold_of = article % folds
    log(f"{len(y)} candidates pass the gate, {int(y.sum())} of them gold events")
    model = fit_dense(x, y, l2=l2)
    raw = np.zeros(len(y))
    for k in range(folds):
        held = fold_of == k
        if held.any():
            raw[held] = fit_dense(x[~held], y[~held], l2=l2).raw(x[held])
    platt = LinearModel()
    calibrate_raw(platt, raw.tolist(), y.astype(int).tolist())
    model.scale, model.shift, model.gate = platt.scale, platt.shift, gate
    if dev:
        dev_logits = {
            i: [base.scale * base.raw(c.features) + base.shift for c in ex.candidates]
            for i, ex in enumerate(dev)
        }
        dx, dy, _ = _inputs(dev, dev_logits, gate)
        kept = model.prob(dx) >= threshold if len(dy) else np.zeros(0, dtype=bool)
        tp = int(dy[kept].sum())
        fp = int(kept.sum()) - tp
        fn = sum(len(ex.gold_events) for ex in dev) - tp
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        log(f"trf; dev events at threshold {threshold}: P {p:.3f} R {r:.3f} F1 {f:.3f}")
    return model


def _inputs(
    data: Sequence[Example], logits: dict[int, list[float]], gate: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Dense inputs, labels and article index of the candidates past the gate."""
    enc = encoder()
    rows, labels, article = [], [], []
    for i, ex in enumerate(data):
        z = logits[i]
        keep = [j for j, v in enumerate(z) if 1.0 / (1.0 + np.exp(-v)) >= gate]
        if not keep or ex.doc is None:
            continue
        cands = [ex.candidates[j] for j in keep]
        rows.append(dense_inputs(ex.doc, cands, [z[j] for j in keep], enc))
        labels += [ex.labels[j] for j in keep]
        article += [i] * len(keep)
    if not rows:
        raise InputError("No training candidate passes the trf gate: give more gold articles.")
    return np.vstack(rows), np.asarray(labels, dtype=np.float64), np.asarray(article)
