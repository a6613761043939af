"""A logistic regression over sparse string features, with Platt calibration.

Small, deterministic and dependency-free (numpy only): the weights are a mapping from
feature to number, saved as JSON with the pipeline.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any

import numpy as np

# The type part of a feature seen by the weights of every type ("*|f", beside "signing|f").
SHARED = "*"


@dataclass
class LinearModel:
    """`p = sigmoid(a * (bias + sum of weights) + b)`: a, b calibrate the raw score."""

    weights: dict[str, float] = field(default_factory=dict)
    bias: float = 0.0
    scale: float = 1.0
    shift: float = 0.0
    # `typed_prob`'s weights by type, made on first use: `weights` is read-only once set.
    _typed: dict[str, dict[str, float]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def raw(self, features: Sequence[str]) -> float:
        return self.bias + sum(map(self.weights.get, features, repeat(0.0)))

    def prob(self, features: Sequence[str]) -> float:
        return _sigmoid(self.scale * self.raw(features) + self.shift)

    def typed_prob(self, kind: str, features: Iterable[str]) -> float:
        """`prob(typed(kind, features))` without building the typed names: each feature
        is looked up once, in the sum of its type's weight and the shared one."""
        table = self._typed.get(kind)
        if table is None:
            table = self._typed[kind] = self._typed_table(kind)
        raw = self.bias + sum(map(table.get, features, repeat(0.0)))
        return _sigmoid(self.scale * raw + self.shift)

    def _typed_table(self, kind: str) -> dict[str, float]:
        table: dict[str, float] = {}
        for prefix in (SHARED, kind):
            head = prefix + "|"
            for name, weight in self.weights.items():
                if name.startswith(head):
                    f = name[len(head) :]
                    table[f] = table.get(f, 0.0) + weight
        return table

    def to_dict(self) -> dict[str, Any]:
        return {
            "weights": {k: r for k, v in sorted(self.weights.items()) if (r := round(v, 6)) != 0.0},
            "bias": self.bias,
            "scale": self.scale,
            "shift": self.shift,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LinearModel:
        return cls(
            weights={str(k): float(v) for k, v in data["weights"].items()},
            bias=float(data["bias"]),
            scale=float(data.get("scale", 1.0)),
            shift=float(data.get("shift", 0.0)),
        )


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def fit(
    samples: Sequence[Sequence[str]],
    labels: Sequence[int],
    *,
    l2: float = 1.0,
    epochs: int = 300,
    lr: float = 0.1,
    min_count: int = 2,
    report: Callable[[int, LinearModel], None] | None = None,
    report_every: int = 50,
) -> LinearModel:
    """Full-batch Adam on the mean log loss plus `l2 / n` times the squared weights.

    Deterministic: the same samples in the same order give the same weights. Every
    `report_every` steps, `report(step, model_so_far)` is called (progress, dev scores).
    """
    if not samples:
        return LinearModel()  # nothing to learn from: every score is the prior's
    counts: dict[str, int] = {}
    for feats in samples:
        for f in set(feats):
            counts[f] = counts.get(f, 0) + 1
    names = sorted(f for f, c in counts.items() if c >= min_count)
    index = {f: i for i, f in enumerate(names)}
    rows, cols = [], []
    for r, feats in enumerate(samples):
        for f in set(feats):
            if f in index:
                rows.append(r)
                cols.append(index[f])
    row = np.asarray(rows, dtype=np.int64)
    col = np.asarray(cols, dtype=np.int64)
    y = np.asarray(labels, dtype=np.float64)
    n, d = len(samples), len(names)
    w = np.zeros(d + 1)  # the last one is the bias
    m1, m2 = np.zeros(d + 1), np.zeros(d + 1)
    for step in range(1, epochs + 1):
        z = np.bincount(row, weights=w[col], minlength=n) + w[d]
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        g_rows = (p - y) / n
        grad = np.empty(d + 1)
        grad[:d] = np.bincount(col, weights=g_rows[row], minlength=d) + (l2 / n) * w[:d]
        grad[d] = g_rows.sum()
        m1 = 0.9 * m1 + 0.1 * grad
        m2 = 0.999 * m2 + 0.001 * grad * grad
        w -= lr * (m1 / (1 - 0.9**step)) / (np.sqrt(m2 / (1 - 0.999**step)) + 1e-8)
        if report is not None and (step % report_every == 0 or step == epochs):
            report(step, _snapshot(w, index))
    return _snapshot(w, index)


def _snapshot(w: np.ndarray, index: Mapping[str, int]) -> LinearModel:
    return LinearModel({f: float(w[i]) for f, i in index.items()}, float(w[len(index)]))


def calibrate_raw(model: LinearModel, raw: Sequence[float], labels: Sequence[int]) -> None:
    """Fit the Platt scale and shift on held-out raw scores and their truth (in place), by
    Newton steps on the log loss of `sigmoid(a * raw + b)`, lightly pulled towards (1, 0)."""
    z = np.asarray(raw, dtype=np.float64)
    y = np.asarray(labels, dtype=np.float64)
    if len(z) == 0 or y.min() == y.max():
        return  # nothing to learn a calibration from
    x = np.stack([z, np.ones_like(z)], axis=1)
    prior = np.array([1.0, 0.0])

    def loss(t: np.ndarray) -> float:
        u = x @ t
        return float(np.logaddexp(0.0, u).sum() - (y * u).sum() + 5e-4 * ((t - prior) ** 2).sum())

    theta = prior.copy()
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ theta, -30, 30)))
        grad = x.T @ (p - y) + 1e-3 * (theta - prior)
        hess = (x * (p * (1 - p))[:, None]).T @ x + 1e-3 * np.eye(2)
        step = np.linalg.solve(hess, grad)
        size, before = 1.0, loss(theta)
        while loss(theta - size * step) > before and size > 1e-6:
            size /= 2  # damped Newton: never let the loss rise
        theta = theta - size * step
        if float(np.abs(size * step).max()) < 1e-9:
            break
    model.scale, model.shift = float(theta[0]), float(theta[1])
